/*
 * tp_inform.h: informative fields, freqtrade's informative pairs and
 * FreqAI's expanded features, added to a set of indicators (tp_ind.h):
 *
 *  - higher timeframes: the base candles of each symbol resampled in the
 *    stream (as tp-fetch fix --resample: first open, max high, min low,
 *    last close, exact volume sum), indicators computed on them, each
 *    value attached as NAME_4h to the first base row whose candle closes
 *    at or after the higher candle's close, and carried forward until the
 *    next one closes (merge_informative_pair(..., ffill=True));
 *  - other symbols: the latest value of a field of symbol S whose candle
 *    has closed by the row's close, as s_field (btc_usdt_close);
 *  - shifted copies: field_shift_1 .. field_shift_N, the values of the
 *    symbol's previous rows (include_shifted_candles).
 *
 * They are computed in that order, after the indicators: a symbol's field
 * may be a higher timeframe's, a shift may be of another symbol's field.
 * With other symbols, the rows of one time wait for each other
 * (tp_inds_push()) so that the order of symbols within a time does not
 * matter; memory stays one row and one value set a symbol.
 */
#ifndef TP_INFORM_H
#define TP_INFORM_H

#include <stdint.h>

#include "ind/tp_ind.h"

/*
 * The base candles' timeframe in ms for records without a "timeframe"
 * field (--base-tf); 0: none.  A higher timeframe needs one or the other.
 */
void tp_inform_base_tf(struct tp_inds *s, int64_t ms);

/*
 * Compute spec (as tp_inds_add()) on the candles of timeframe tf (ms)
 * resampled from the base ones, its outputs named with the suffix _TF
 * (rsi_14_4h).  TP_EX_USAGE for a bad spec or a name already written.
 */
int tp_inform_tf(struct tp_inds *s, int64_t tf, const char *spec,
    const char *alias, const char *const fields[TP_IN_N],
    struct tp_err *err);

/*
 * Attach field what of symbol's rows to every row, as
 * lower(symbol with non-alphanumerics as _) + "_" + field.  what is a
 * field name (close, rsi_14, rsi_14_4h), or an indicator spec (rsi:14),
 * which is then computed on every symbol as if given with tp_inds_add()
 * (unless an earlier spec already writes it) and its outputs attached.
 */
int tp_inform_from(struct tp_inds *s, const char *symbol, const char *what,
    const char *const fields[TP_IN_N], struct tp_err *err);

/*
 * Attach what_shift_1 .. what_shift_n (1 <= n <= 1000): the values of
 * field what on the symbol's n previous rows, null before there are as
 * many.  what as for tp_inform_from().
 */
int tp_inform_shift(struct tp_inds *s, const char *what, int n,
    const char *const fields[TP_IN_N], struct tp_err *err);

/* How many symbols tp_inform_from() was given. */
int tp_inform_symbols(const struct tp_inds *s);

/* The i-th symbol given to tp_inform_from() that no record had, for a
 * warning at the end; NULL past the last. */
const char *tp_inform_unseen(const struct tp_inds *s, int i);

/* The i-th field of tp_inform_from() (of a symbol that had rows) or of
 * tp_inform_shift() (symbol NULL) that no row had, for a warning at the
 * end: its fields are empty; NULL past the last. */
const char *tp_inform_unfound(const struct tp_inds *s, int i,
    const char **symbol);

/* ---- for tp_ind.c ---- */

/* Before the indicators of rec (of time ms, TP_TIME_NONE without one):
 * read what the informative fields need of it, so that a bad record
 * changes nothing; after them, the higher timeframes' fields. */
int tp_inform_begin(struct tp_inds *s, const struct tp_rec *rec,
    int64_t time, struct tp_err *err);
int tp_inform_apply(struct tp_inds *s, struct tp_rec *rec,
    struct tp_err *err);
/* tp_inds_push(), tp_inds_pop(), tp_inds_flush() with informative
 * fields. */
int tp_inform_push(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err);
struct tp_rec *tp_inform_pop(struct tp_inds *s);
int tp_inform_flush(struct tp_inds *s, struct tp_err *err);
/* The informative fields' ids into ids[n..cap): the new n. */
int tp_inform_outputs(const struct tp_inds *s, int *ids, int cap, int n);
void tp_inform_free(struct tp_inform *x);

#endif
