/*
 * tp_metrics.h: the summary of a list of closed trades, with freqtrade's
 * formulas (freqtrade/data/metrics.py and optimize_reports.py; the man
 * page tp-backtest(1) states each one).
 *
 * Trades are added in any order and kept (a few dozen bytes each), since
 * drawdowns need them in closing order and Monte Carlo resamples them.
 */
#ifndef TP_METRICS_H
#define TP_METRICS_H

#include <stdint.h>

#include "trade/tp_trade.h"

struct tp_mtrade {
	int64_t open_time, close_time;
	double profit_abs, profit_ratio;
	int exit;			/* enum tp_exit_reason */
	int is_short;
	int seq;			/* order added, for stable sorting */
};

struct tp_metrics {
	double start_balance;
	int64_t min_date, max_date;	/* first and last candle's time */
	double market_sum;		/* sum over symbols of their change */
	int market_n;
	struct tp_mtrade *t;
	int n, cap;
};

struct tp_summary {
	int trades, wins, draws, losses;
	double winrate;
	double profit_total, profit_total_abs;	/* of the starting balance */
	double profit_mean, profit_mean_abs;	/* per trade */
	double start_balance, final_balance;
	int days;
	double cagr, profit_factor, expectancy, expectancy_ratio;
	double max_drawdown_account, max_drawdown_abs, max_relative_drawdown;
	int64_t drawdown_start, drawdown_end;	/* 0 when no drawdown */
	double sharpe, sortino, calmar, sqn;
	double duration_avg;			/* minutes */
	double best_trade, worst_trade;		/* profit ratios */
	int exits[TP_EXIT_N];
	double market_change;
	/* Entry signals no trade took: no free slot, or a stake the wallet
	 * cannot pay (freqtrade's rejected_signals); -1 when not known (the
	 * trades came from elsewhere). */
	long rejected_signals;
};

void tp_metrics_init(struct tp_metrics *m, double start_balance);
void tp_metrics_release(struct tp_metrics *m);
/* Returns -1 when out of memory. */
int tp_metrics_add(struct tp_metrics *m, const struct tp_mtrade *t);
/* The change of one symbol over the period, first close to last. */
void tp_metrics_market(struct tp_metrics *m, double first, double last);
/* Sorts m's trades by closing time (ties in the order added). */
void tp_metrics_summary(struct tp_metrics *m, struct tp_summary *s);

/* The percentiles a Monte Carlo run reports, in tp_montecarlo's arrays. */
#define TP_MC_NPCT 5
extern const int tp_mc_pct[TP_MC_NPCT];	/* 5 25 50 75 95 */

struct tp_montecarlo {
	int runs;
	uint64_t seed;
	double ret[TP_MC_NPCT];		/* bootstrap: total return */
	double dd[TP_MC_NPCT];		/* bootstrap: max drawdown */
	double shuffle_dd[TP_MC_NPCT];	/* shuffled order: max drawdown */
};

/*
 * Resample m's trades (after tp_metrics_summary, which sorts them) runs
 * times with a generator seeded by seed: each trade's return on the
 * balance before it compounds from 1.  Bootstrap draws as many trades
 * with replacement; shuffling reorders them (the return stays, the
 * drawdown moves).  Percentiles interpolate linearly between the sorted
 * results.  Returns -1 when out of memory.
 */
int tp_metrics_montecarlo(const struct tp_metrics *m, int runs, uint64_t seed,
    struct tp_montecarlo *mc);

#endif
