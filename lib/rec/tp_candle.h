/*
 * tp_candle.h: candle records.
 *
 * A candle is a record with time, open, high, low, close and volume
 * (tp(7)).  struct tp_candle_cols holds the interned ids of those fields
 * and where each sat in the previous record, so that finding them in a
 * stream of same-shaped records costs one comparison a field.
 */
#ifndef TP_CANDLE_H
#define TP_CANDLE_H

#include <stdint.h>

#include "rec/tp_rec.h"
#include "core/tp_time.h"

enum tp_candle_col {
	TP_C_TIME, TP_C_OPEN, TP_C_HIGH, TP_C_LOW, TP_C_CLOSE, TP_C_VOLUME,
	TP_C_SYMBOL, TP_C_TIMEFRAME, TP_C_EXCHANGE, TP_C_FILLED, TP_C_N
};

struct tp_candle_cols {
	const struct tp_names *names;
	int id[TP_C_N];
	int at[TP_C_N];		/* index in the last record, a hint */
	enum tp_time_unit unit;	/* of integer times on input */
};

struct tp_candle {
	int64_t time;		/* Unix ms UTC */
	double open, high, low, close, volume;
};

int tp_candle_cols_init(struct tp_candle_cols *c, struct tp_names *names,
    enum tp_time_unit unit, struct tp_err *err);

/* Index of column k in rec, or -1. */
int tp_candle_col(struct tp_candle_cols *c, const struct tp_rec *rec,
    enum tp_candle_col k);

/*
 * Read the candle in rec: every field present, time a time within
 * TP_TIME_MIN .. TP_TIME_MAX (tp_time.h), the rest finite numbers.
 * *time_canon is set when the time field's text already is integer
 * milliseconds (else the caller may rewrite it).
 */
int tp_candle_get(struct tp_candle_cols *c, const struct tp_rec *rec,
    struct tp_candle *out, int *time_canon, struct tp_err *err);

/* The candle's own timeframe field in ms, or 0 if absent or unreadable;
 * tmp is scratch for decoding. */
int64_t tp_candle_tf(struct tp_candle_cols *c, const struct tp_rec *rec,
    struct tp_buf *tmp);

/* Field f of rec as a time (an integer epoch in unit, or ISO 8601, within
 * TP_TIME_MIN .. TP_TIME_MAX) in Unix ms; -1 with err "field "time": why"
 * naming rec's input and line. */
int tp_candle_field_time(const struct tp_rec *rec, const struct tp_field *f,
    enum tp_time_unit unit, int64_t *ms, struct tp_err *err);

/*
 * The time order of a stream, kept one symbol at a time: rec's time (field
 * time_id, looked for at *at first) must come after *last, the time of the
 * previous record of its symbol (sym[0..symn), for the message), and then
 * becomes *last.  Start *last at TP_TIME_NONE.  A record without the field
 * passes.  Returns 0, or -1 with a data error naming rec's input and line:
 * a filter with state per symbol (tp-ind, tp-predict) would otherwise
 * compute over time running backwards and print it as if nothing was
 * wrong.
 */
#define TP_TIME_NONE INT64_MIN
int tp_candle_time_order(const struct tp_rec *rec, int time_id, int *at,
    int64_t *last, const char *sym, size_t symn, struct tp_err *err);

/* Check the candle makes sense: positive prices, low <= open, close <=
 * high, volume >= 0.  Returns 0, or -1 with err naming the problem. */
int tp_candle_check(const struct tp_candle *k, const struct tp_rec *rec,
    struct tp_err *err);

#endif
