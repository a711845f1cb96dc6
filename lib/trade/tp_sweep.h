/*
 * tp_sweep.h: parameter sweeps of a backtest over one loaded history
 * (tp-backtest(1) RESEARCH).
 *
 * The candles, their signals and tags are read and checked once and kept
 * as small rows; each combination of parameters replays them through a
 * fresh tp_backtest with the strategy changed, on as many threads as
 * asked.  The parameters are the exit rules, which need no new signals:
 * stoploss, trailing_stop_positive, trailing_stop_positive_offset,
 * leverage, and a ROI step "roi_MINUTES" (also read as "roi.MINUTES").
 *
 * A sweep is a grid, "name=from:to:step,..." (to included when the steps
 * reach it), or N points drawn from that grid; combination c of either
 * is the same on every machine, so shards (c % n == i - 1) split one
 * sweep among processes and tp-backtest merge puts them back together.
 */
#ifndef TP_SWEEP_H
#define TP_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "trade/tp_backtest.h"
#include "core/tp_err.h"
#include "trade/tp_metrics.h"
#include "decide/tp_strategy.h"
#include "rec/tp_write.h"

#define TP_SWEEP_MAXP 8

struct tp_sweep_param {
	char name[48];
	double from, step;
	long n;				/* grid points */
	double scale;			/* 10^decimals of from and step */
	int rule;			/* a strategy parameter's index, or -1 */
	double roi_min;			/* for "roi_M": M */
};

struct tp_sweep_row {
	struct tp_candle k;
	int sym, sig, tag;		/* tag: index in tags, -1 none */
};

struct tp_sweep {
	struct tp_sweep_param p[TP_SWEEP_MAXP];
	int np;
	long grid;			/* grid points in all */
	long random;			/* draws, or 0 for the grid */
	uint64_t seed;
	int shard, nshards;		/* 1-based shard of nshards */
	struct tp_sweep_row *rows;
	size_t nrows, caprows;
	struct tp_names syms, tags;	/* in the order first seen */
	/* With rule parameters: the values of the fields the rules read,
	 * nvals a row, in the loading tp_pred's fid order (fid[]). */
	double *vals;
	size_t capvals;			/* rows vals has room for */
	int nvals, *fid;
	int has_rules;			/* a rule parameter is swept */
	int64_t from;			/* --timerange's start (tp_backtest.h) */
	struct tp_names *names;		/* for compiling the rules */
};

void tp_sweep_init(struct tp_sweep *sw);
void tp_sweep_release(struct tp_sweep *sw);

/* Parse a --sweep spec; a name that is not an exit rule must be one of
 * st's "parameters".  TP_EX_USAGE naming the bad part. */
int tp_sweep_parse(struct tp_sweep *sw, const char *spec,
    const struct tp_strategy *st, struct tp_err *err);

/* How many combinations the sweep has (before sharding). */
long tp_sweep_count(const struct tp_sweep *sw);

/* The parameter values of combination c, v[np]. */
void tp_sweep_values(const struct tp_sweep *sw, long c, double *v);

/* Whether combination c makes a strategy the loader refuses (an offset
 * below trailing_stop_positive): such combinations are not run, and so
 * have no summary.  tp_sweep_nrefused counts them in this shard. */
int tp_sweep_refused(const struct tp_sweep *sw, const struct tp_strategy *st,
    long c);
long tp_sweep_nrefused(const struct tp_sweep *sw,
    const struct tp_strategy *st);

/* Keep a candle of the loading backtest, whose symbol sym is called
 * symbol; symbols are numbered as they first come. */
int tp_sweep_keep(struct tp_sweep *sw, const char *symbol, int sym,
    const struct tp_candle *k, int sig, const char *tag,
    struct tp_err *err);

/* With rule parameters: the values the rules read of the row just kept,
 * and (on the first) which fields they are. */
int tp_sweep_keep_vals(struct tp_sweep *sw, const double *vals, int n,
    const int *fid, struct tp_err *err);

/* Replay the kept rows through st changed by combination c: its
 * summary into *s. */
int tp_sweep_run(const struct tp_sweep *sw, const struct tp_strategy *st,
    long c, struct tp_summary *s, struct tp_err *err);

/* The same over rows [lo, hi) only; the closed trades are also added to
 * *into when it is not NULL. */
int tp_sweep_run_range(const struct tp_sweep *sw,
    const struct tp_strategy *st, long c, size_t lo, size_t hi,
    struct tp_summary *s, struct tp_metrics *into, struct tp_err *err);

/* The first row at or after time t (rows are in time order). */
size_t tp_sweep_row_at(const struct tp_sweep *sw, int64_t t);

/*
 * Run the combinations of this shard on nthreads threads: sums[c] (an
 * array of tp_sweep_count() entries) for each c of the shard, done[c]
 * set.  Stops at the first error.
 */
int tp_sweep_all(const struct tp_sweep *sw, const struct tp_strategy *st,
    int nthreads, struct tp_summary *sums, unsigned char *done,
    struct tp_err *err);

/* The same over rows [lo, hi) only, every combination (no shards). */
int tp_sweep_all_range(const struct tp_sweep *sw,
    const struct tp_strategy *st, size_t lo, size_t hi, int nthreads,
    struct tp_summary *sums, unsigned char *done, struct tp_err *err);

/* One window of a walk forward. */
struct tp_wf_window {
	int index;
	int64_t train_start, train_end;	/* [start, end) */
	int64_t test_start, test_end;
	int64_t first, last;		/* the test part's candles */
	long combo;			/* the best on the train part */
	struct tp_summary test;		/* its result on the test part */
};

/*
 * Walk forward: windows of train then test time, moved on by test each
 * time from the first candle.  In each, every combination runs on the
 * train part; the one of highest profit_total (the lowest number on a
 * tie) runs on the test part, from a fresh wallet, and window is called
 * with the result.  *all gets the summary of the test parts' trades
 * together, *start and *end their period.
 */
int tp_sweep_walk(const struct tp_sweep *sw, const struct tp_strategy *st,
    int64_t train, int64_t test, int nthreads,
    int (*window)(void *ctx, const struct tp_wf_window *w,
    struct tp_err *err), void *ctx, struct tp_summary *all, int64_t *start,
    int64_t *end, struct tp_err *err);

/*
 * The Pareto front of (profit, drawdown) among the n points with use[i]
 * set: keep[i] set when no other point makes at least as much profit with
 * at most as deep a drawdown and is better in one.  Returns -1 when out
 * of memory.
 */
int tp_sweep_pareto(const double *profit, const double *dd,
    const unsigned char *use, long n, unsigned char *keep);

/* Where sweep summaries go: records built in rec, written to w. */
struct tp_sweep_out {
	struct tp_names *names;
	struct tp_writer *w;
	struct tp_rec *rec;
	const char *strategy;		/* its name, or NULL */
};

/*
 * Run this shard's combinations and write a summary for each (its combo
 * number and parameter values after the usual fields; start..end the
 * period), in combination order, or only their Pareto front.
 */
int tp_sweep_write(const struct tp_sweep *sw, const struct tp_strategy *st,
    int nthreads, int pareto, int64_t start, int64_t end,
    struct tp_sweep_out *o, struct tp_err *err);

/*
 * Walk forward and write a summary per window (window, train_start,
 * train_end, combo and the parameter values after the usual fields),
 * then the stitched one with those fields null.
 */
int tp_sweep_walk_write(const struct tp_sweep *sw,
    const struct tp_strategy *st, int64_t train, int64_t test, int nthreads,
    struct tp_sweep_out *o, struct tp_err *err);

/*
 * tp-backtest merge: the summaries of sweep shards in files, written to
 * w in combination order (only their Pareto front with pareto).  A
 * record without a "combo" field is TP_EX_DATAERR.
 */
int tp_sweep_merge(struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, struct tp_writer *w, int pareto, struct tp_err *err);

#endif
