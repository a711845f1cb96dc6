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

#include "rec/tp_names.h"
#include "trade/tp_trade.h"

struct tp_mtrade {
	int64_t open_time, close_time;
	double profit_abs, profit_ratio;
	double stake;			/* margin; 0 when not known */
	int exit;			/* enum tp_exit_reason */
	int is_short;
	int pair, tag;			/* tp_metrics_name() ids; -1: none */
	int seq;			/* order added, for stable sorting */
};

struct tp_metrics {
	double start_balance;
	int64_t min_date, max_date;	/* first and last candle's time */
	double market_sum;		/* sum over symbols of their change */
	int market_n;
	struct tp_mtrade *t;
	int n, cap;
	struct tp_names names;		/* the trades' pairs and entry tags */
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
	/* For people's tables: the longest runs of winning (profit_abs > 0)
	 * and losing (< 0) trades in closing order, a draw ending both; the
	 * lowest and highest balance after a trade closed (freqtrade's
	 * csum_min and csum_max: the starting balance without trades); the
	 * mean stake of the trades that know theirs. */
	int win_streak, loss_streak;
	double balance_min, balance_max;
	double stake_avg;
};

void tp_metrics_init(struct tp_metrics *m, double start_balance);
void tp_metrics_release(struct tp_metrics *m);
/* Returns -1 when out of memory. */
int tp_metrics_add(struct tp_metrics *m, const struct tp_mtrade *t);
/* The id of the pair or entry tag name (a NUL-terminated string) for
 * struct tp_mtrade: -1 for NULL or "", -2 when out of memory. */
int tp_metrics_name(struct tp_metrics *m, const char *name);
/* The name of id ("" for -1 or an id not of m). */
const char *tp_metrics_name_of(const struct tp_metrics *m, int id);
/* The change of one symbol over the period, first close to last. */
void tp_metrics_market(struct tp_metrics *m, double first, double last);
/* Sorts m's trades by closing time (ties in the order added). */
void tp_metrics_summary(struct tp_metrics *m, struct tp_summary *s);

/* ---- groups ------------------------------------------------------------ */

/* What trades are grouped by: each group's summary is tp_metrics_summary's
 * of its trades alone (the percentages still of the whole starting
 * balance, as freqtrade's per-pair table). */
enum tp_group {
	TP_GROUP_PAIR, TP_GROUP_TAG, TP_GROUP_EXIT, TP_GROUP_PAIR_EXIT,
	TP_GROUP_PERIOD
};

/* Periods, by a trade's closing time, UTC: days, ISO weeks (from
 * Monday), calendar months. */
enum tp_period {
	TP_PERIOD_NONE, TP_PERIOD_DAY, TP_PERIOD_WEEK, TP_PERIOD_MONTH
};

struct tp_group_sum {
	int pair, tag, exit;	/* the key's parts; -1 when not in the key */
	int64_t period;		/* the period's start, ms; 0 when not */
	struct tp_summary s;
};

struct tp_groups {
	struct tp_group_sum *g;
	int n;
};

/* Parse "day", "week" or "month"; -1 for anything else. */
int tp_period_parse(const char *s, enum tp_period *p);
/* The start of the period (not TP_PERIOD_NONE) holding time t, ms UTC. */
int64_t tp_period_start(int64_t t, enum tp_period p);

/*
 * m's trades (after tp_metrics_summary) in groups by by (enum
 * tp_group; period, enum tp_period, for TP_GROUP_PERIOD), in the key's
 * order: pair and tag ids, exit reasons, pair then exit reason, time.
 * Two allocations per call, none per trade.  Returns -1 when out of
 * memory.
 */
int tp_metrics_groups(const struct tp_metrics *m, int by, int period,
    struct tp_groups *out);
void tp_groups_release(struct tp_groups *g);

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
