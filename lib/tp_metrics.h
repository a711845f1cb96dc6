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

#include "tp_trade.h"

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
};

void tp_metrics_init(struct tp_metrics *m, double start_balance);
void tp_metrics_release(struct tp_metrics *m);
/* Returns -1 when out of memory. */
int tp_metrics_add(struct tp_metrics *m, const struct tp_mtrade *t);
/* The change of one symbol over the period, first close to last. */
void tp_metrics_market(struct tp_metrics *m, double first, double last);
/* Sorts m's trades by closing time (ties in the order added). */
void tp_metrics_summary(struct tp_metrics *m, struct tp_summary *s);

#endif
