/*
 * tp_check.h: the health of a candle stream, per symbol.
 *
 * Feed every candle (or the news that a row was unreadable) in input order;
 * tp_check_summary() then makes one summary record per symbol.  Memory is
 * constant per symbol: counters, the newest time, the run of duplicates
 * being listed, and (while the timeframe is not known) a table of the
 * distinct steps between times.
 *
 * With a list (tp_check_list()), each gap and each run of duplicates is
 * also written as a record as soon as it is known, so the timeframe must
 * be known from the first candle on: given, or the candle's field.
 */
#ifndef TP_CHECK_H
#define TP_CHECK_H

#include <stdint.h>

#include "rec/tp_candle.h"

struct tp_check_step {
	int64_t d;		/* a positive step between times */
	long n;			/* how often it was seen */
};

struct tp_check_sym {
	long rows, duplicates, out_of_order, bad_ohlc, invalid, misaligned;
	long gaps, missing;	/* when the timeframe is known */
	int64_t first, last, max;
	int64_t tf;		/* known timeframe, or 0 */
	int64_t dup_first, dup_last;	/* the run of duplicates listed */
	long dup_n;		/* its duplicates; 0: no run */
	struct tp_check_step *steps;
	int nsteps, capsteps;
};

#define TP_CHECK_MAX_STEPS 4096

struct tp_check {
	struct tp_names syms;	/* symbol -> index */
	struct tp_check_sym *v;
	int cap;
	int any_symbol;		/* some record had a symbol */
	int last;		/* index of the symbol seen last */
	int64_t tf;		/* --timeframe, or 0 */
	/* the list: records through emit, or emit NULL */
	int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err);
	void *ctx;
	struct tp_names *names;
	struct tp_rec rec;
};

int tp_check_init(struct tp_check *ck, int64_t tf, struct tp_err *err);
void tp_check_release(struct tp_check *ck);

/*
 * Count one row.  sym[0..symn) is its symbol (NULL: none).  k is its candle,
 * NULL when the row could not be read; bad_ohlc says the candle failed
 * tp_candle_check(); tf the row's own timeframe field, or 0.
 */
int tp_check_add(struct tp_check *ck, const char *sym, size_t symn,
    const struct tp_candle *k, int bad_ohlc, int64_t tf, struct tp_err *err);

/*
 * List each gap and run of duplicates as a record through emit, its
 * fields named from names: {"type": "gap", "symbol", "first", "last",
 * "missing_bars"} with the first and last slots missing, {"type":
 * "duplicate", "symbol", "first", "last", "duplicates"} with the first and
 * last times of a run of duplicates in successive slots.
 */
void tp_check_list(struct tp_check *ck, struct tp_names *names,
    int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err),
    void *ctx);

/* At the end of the input: list the runs of duplicates still open. */
int tp_check_flush(struct tp_check *ck, struct tp_err *err);

/* Make sure there is a summary to write, for input with no rows. */
int tp_check_ensure(struct tp_check *ck, struct tp_err *err);

/* Write the summary of symbol i into rec (fields named from names).
 * Returns 1 when it shows a problem, 0 when clean. */
int tp_check_summary(struct tp_check *ck, int i, struct tp_names *names,
    struct tp_rec *rec, struct tp_err *err);

#endif
