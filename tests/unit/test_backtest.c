/*
 * test_backtest.c: unit tests for lib/trade/tp_trade.c and lib/trade/tp_metrics.c.
 *
 * Expected values come from freqtrade's own tests (commit c9ae5e1e unless
 * said otherwise), cited at each case:
 *   tests/persistence/test_persistence.py  values, fees, profit, stops
 *   tests/exchange/test_exchange.py         liquidation prices
 *   tests/data/test_btanalysis.py           expectancy, CAGR, drawdown
 *   tests/optimize/test_optimize_reports.py drawdown of a summary
 *   tests/data/test_metrics.py (freqtrade@281ba605)  SQN
 * freqtrade rounds profits to 8 decimals; these compare within 1e-8.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "trade/tp_metrics.h"
#include "core/tp_time.h"
#include "trade/tp_trade.h"

static int
near(double got, double want, double tol)
{
	return fabs(got - want) <= tol;
}

/* A position as test_persistence.py's: 30 units at 2.0, fee 0.0025. */
static void
open30(struct tp_trade *t, int is_short, double lev, double fee)
{
	struct tp_exits x;

	memset(&x, 0, sizeof(x));
	tp_trade_open(t, &x, is_short, 0, 2.0, 60 / lev, lev, fee);
}

static void
test_values(void)
{
	struct tp_trade t;

	/* test_calc_open_trade_value: 60.18, 60.15; short 59.82, 59.85 */
	open30(&t, 0, 1, 0.003);
	tap_ok(near(t.open_value, 60.18, 1e-9), "open value, long, fee 0.003: "
	    "60.18");
	open30(&t, 0, 3, 0.0025);
	tap_ok(near(t.open_value, 60.15, 1e-9) && near(t.amount, 30, 1e-12),
	    "open value, long 3x, fee 0.0025: 60.15 for 30 units");
	open30(&t, 1, 1, 0.003);
	tap_ok(near(t.open_value, 59.82, 1e-9), "open value, short, fee "
	    "0.003: 59.82");
	open30(&t, 1, 3, 0.0025);
	tap_ok(near(t.open_value, 59.85, 1e-9), "open value, short 3x: 59.85");
}

static void
test_profit(void)
{
	/* test_calc_profit, futures rows with funding 0 (no interest):
	 * short, leverage, close rate -> profit_abs, profit_ratio */
	static const struct {
		int is_short;
		double lev, close, abs, ratio;
	} v[] = {
		{ 0, 1, 2.1, 2.6925, 0.04476309 },
		{ 0, 3, 2.1, 2.6925, 0.13428928 },
		{ 1, 1, 2.1, -3.3074999, -0.05526316 },
		{ 1, 3, 2.1, -3.3074999, -0.16578947 },
		{ 0, 1, 1.9, -3.2925, -0.05473815 },
		{ 0, 3, 1.9, -3.2925, -0.16421446 },
		{ 1, 1, 1.9, 2.7075, 0.0452381 },
		{ 1, 3, 1.9, 2.7075, 0.13571429 },
	};
	struct tp_trade t;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		open30(&t, v[i].is_short, v[i].lev, 0.0025);
		tap_ok(near(tp_trade_profit_abs(&t, v[i].close),
		    v[i].abs, 1e-7) && near(tp_trade_profit_ratio(&t,
		    v[i].close), v[i].ratio, 1e-8), "profit of %s %gx closed "
		    "at %g: %.8g, ratio %.8g", v[i].is_short ? "short" :
		    "long", v[i].lev, v[i].close, v[i].abs, v[i].ratio);
	}
	/* test_trade_close: bought at 2.0, sold at 2.2 -> 0.094513715 */
	open30(&t, 0, 1, 0.0025);
	tp_trade_close(&t, 600000, 2.2, TP_EXIT_EXIT_SIGNAL);
	tap_ok(near(t.profit_ratio, 0.094513715, 1e-9) && near(t.profit_abs,
	    5.685, 1e-9), "closed at 2.2: profit 5.685, ratio 0.094513715");
}

static void
test_stop(void)
{
	struct tp_trade t;

	/* test_set_stop_loss_liquidation: long 2x, stop 20% of 2.0 -> 1.8,
	 * then 10% of 2.1 -> 1.995; it never loosens */
	open30(&t, 0, 2, 0);
	tp_trade_adjust_stop(&t, 2.0, 0.2, 1);
	tap_ok(near(t.stop_loss, 1.8, 1e-12) && !t.stop_moved, "initial stop "
	    "of a 2x long: 1.8");
	tp_trade_adjust_stop(&t, 2.1, 0.1, 0);
	tap_ok(near(t.stop_loss, 1.995, 1e-12) && t.stop_moved, "it trails "
	    "to 1.995");
	tp_trade_adjust_stop(&t, 1.9, 0.1, 0);
	tap_ok(near(t.stop_loss, 1.995, 1e-12), "and does not loosen");
}

static void
test_liquidation(void)
{
	/* test_get_liquidation_price, gate/okx rows (the generic formula):
	 * mmr 0.01, taker fee 0.0006, no buffer, stake = amount * open /
	 * leverage; (short, leverage, open, amount) -> price */
	static const struct {
		int is_short;
		double lev, open, amount, want;
	} v[] = {
		{ 1, 5, 10, 1, 11.87413417771621 },
		{ 1, 5, 10, 2, 11.87413417771621 },
		{ 1, 3, 10, 1, 13.193482419684678 },
		{ 1, 5, 8, 1, 9.499307342172967 },
		{ 0, 5, 10, 1, 8.085708510208207 },
		{ 0, 3, 10, 1, 6.738090425173506 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		tap_ok(near(tp_trade_liquidation_price(v[i].is_short, v[i].open,
		    v[i].amount * v[i].open / v[i].lev, v[i].amount, 0.01,
		    0.0006, 0), v[i].want, 1e-9), "liquidation of a %gx %s "
		    "at %g: %.15g", v[i].lev, v[i].is_short ? "short" :
		    "long", v[i].open, v[i].want);
	/* test_get_liquidation_price1: a buffer of 0.05 moves 17.47 toward
	 * an entry of 18.884 by 0.05 * 1.414, to 17.5407; here from the
	 * formula's side: a long whose raw price is 17.47 */
	tap_ok(near(tp_trade_liquidation_price(0, 18.884, 18.884 - 17.47, 1, 0,
	    0, 0.05), 17.5407, 1e-9), "a 5%% buffer moves the price toward "
	    "the entry: 17.47 -> 17.5407");
}

/* Trades closing a day apart from 2020-01-01 with these profits. */
static void
daily(struct tp_metrics *m, double sb, const double *abs, int n)
{
	struct tp_mtrade t;
	int i;

	tp_metrics_init(m, sb);
	for (i = 0; i < n; i++) {
		memset(&t, 0, sizeof(t));
		t.open_time = t.close_time = INT64_C(1577836800000) +
		    i * INT64_C(86400000);
		t.profit_abs = abs[i];
		t.profit_ratio = abs[i] / sb;
		t.exit = TP_EXIT_ROI;
		tp_metrics_add(m, &t);
	}
	m->min_date = INT64_C(1577836800000);
	m->max_date = m->min_date + (n > 0 ? n - 1 : 0) * INT64_C(86400000);
}

static void
test_expectancy(void)
{
	/* test_calculate_expectancy: 56.25 and 0.60267857 */
	static const double abs[] = { 100, 200, 50, -150, 300, -100, 80, -30 };
	struct tp_metrics m;
	struct tp_summary s;

	daily(&m, 1000, abs, 8);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.expectancy, 56.25, 1e-9) && near(s.expectancy_ratio,
	    0.60267857, 1e-8), "expectancy 56.25, ratio 0.60267857");
	/* profit factor: wins 730 over losses 280 */
	tap_ok(near(s.profit_factor, 730.0 / 280, 1e-12) && s.wins == 5 &&
	    s.losses == 3 && near(s.winrate, 0.625, 1e-12),
	    "profit factor 730/280, 5 wins of 8");
	tp_metrics_release(&m);
	daily(&m, 1000, abs, 0);
	tp_metrics_summary(&m, &s);
	tap_ok(s.expectancy == 0 && s.expectancy_ratio == 100 &&
	    s.sharpe == 0 && s.sqn == 0 && s.profit_factor == 0,
	    "no trades: expectancy 0, ratio 100, Sharpe 0, SQN 0");
	tp_metrics_release(&m);
}

/*
 * Sharpe, Sortino and Calmar worked by hand on the expectancy test's
 * eight profits, a day apart from 2020-01-01, balance 1000, over the ten
 * days to 2020-01-11.  Returns r = profit / 1000: 0.1 0.2 0.05 -0.15 0.3
 * -0.1 0.08 -0.03; their sum 0.45, so 0.045 a day.  Population sd of r:
 * mean 0.05625, squared deviations summing to 0.156987..., / 8, root:
 * 0.14008368.  Sharpe = 0.045 / 0.14008368 * sqrt(365) = 6.1372159.
 * The losses' sd (-0.15, -0.1, -0.03 about -0.09333): 0.04921608, so
 * Sortino = 0.045 / 0.04921608 * sqrt(365) = 17.4683528.  Cumulative
 * profit 100 300 350 200 500 400 480 450: the deepest fall 350 -> 200,
 * 150 of a 1350 balance, 0.1111111; Calmar = 0.045 * 100 / 0.1111111 *
 * sqrt(365) = 773.7514136.
 */
static void
test_ratios_by_hand(void)
{
	static const double abs[] = { 100, 200, 50, -150, 300, -100, 80, -30 };
	struct tp_metrics m;
	struct tp_summary s;

	daily(&m, 1000, abs, 8);
	m.max_date = m.min_date + 10 * INT64_C(86400000);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.sharpe, 6.137215917765611, 1e-9), "Sharpe 6.1372159 by "
	    "hand (got %.9g)", s.sharpe);
	tap_ok(near(s.sortino, 17.468352773626176, 1e-9), "Sortino 17.4683528 "
	    "by hand (got %.9g)", s.sortino);
	tap_ok(near(s.max_drawdown_abs, 150, 1e-9) &&
	    near(s.max_drawdown_account, 150.0 / 1350, 1e-12) &&
	    near(s.calmar, 773.7514135689835, 1e-7), "drawdown 150 of 1350, "
	    "Calmar 773.7514136 by hand (got %.10g)", s.calmar);
	tp_metrics_release(&m);
}

static void
test_cagr(void)
{
	/* test_calculate_cagr: (start, end, days) -> round(cagr, 4) */
	static const struct {
		double start, end;
		int days;
		double want;
	} v[] = {
		{ 64900, 176000, 3 * 365, 0.3945 },
		{ 64900, 176000, 365, 1.7119 },
		{ 1000, 1000, 365, 0.0 },
		{ 1000, 1500, 365, 0.5 },
		{ 1000, 1500, 100, 3.3927 },
		{ 0.01, 0.01762792, 120, 4.6087 },
	};
	struct tp_metrics m;
	struct tp_summary s;
	double abs;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		abs = v[i].end - v[i].start;
		daily(&m, v[i].start, &abs, 1);
		m.max_date = m.min_date + v[i].days * INT64_C(86400000);
		tp_metrics_summary(&m, &s);
		tap_ok(near(round(s.cagr * 1e4) / 1e4, v[i].want, 1e-12),
		    "CAGR %g to %g in %d days: %g", v[i].start, v[i].end,
		    v[i].days, v[i].want);
		tp_metrics_release(&m);
	}
}

static void
test_sqn(void)
{
	/* test_calculate_sqn_cases (freqtrade@281ba605), balance 100 */
	static const double a[] = { 1.0, -0.5, 2.0, -1.0, 0.5, 1.5, -0.5, 1.0 };
	static const double b[] = { 1.0, 0.5, 2.0, 1.5, 0.8 };
	static const double c[] = { -1.0, -0.5, -2.0, -1.5, -0.8 };
	static const double d[] = { 1.0 };
	struct tp_metrics m;
	struct tp_summary s;

	daily(&m, 100, a, 8);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.sqn, 1.3229, 1.3229e-4), "SQN of 8 mixed: 1.3229");
	tp_metrics_release(&m);
	daily(&m, 100, b, 5);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.sqn, 4.3657, 4.3657e-4), "SQN of 5 wins: 4.3657");
	tp_metrics_release(&m);
	daily(&m, 100, c, 5);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.sqn, -4.3657, 4.3657e-4), "SQN of 5 losses: -4.3657");
	tp_metrics_release(&m);
	daily(&m, 100, d, 1);
	tp_metrics_summary(&m, &s);
	tap_ok(s.sqn == -100, "SQN of one trade: -100");
	tp_metrics_release(&m);
}

static void
test_drawdown(void)
{
	/* test_calculate_max_drawdown_abs (freqtrade issue #6655): profits
	 * 0, -500, 500, 10000, -1000 a day apart, balance 1000: the largest
	 * fall is 1000 from day 3 to 4, 1000/11000 of the account; the
	 * deepest relative one 500/1000 */
	static const double a[] = { 0, -500, 500, 10000, -1000 };
	/* test_generate_backtest_stats: profits closing 2017-11-14 21:35,
	 * 22:10, 22:43, 22:58 UTC, balance 1000 -> 1.399999e-08 of the
	 * account, from 22:10 to 22:43 */
	static const double b[] = { 0.000003, 0.000011, -0.000014, 0.000003 };
	static const int64_t bt[] = { 1510695300000, 1510697400000,
	    1510699380000, 1510700280000 };
	struct tp_metrics m;
	struct tp_summary s;
	struct tp_mtrade t;
	int i;

	daily(&m, 1000, a, 5);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.max_drawdown_abs, 1000, 1e-9) &&
	    near(s.max_drawdown_account, 0.090909, 1e-6) &&
	    s.drawdown_start == INT64_C(1577836800000) + 3 * 86400000 &&
	    s.drawdown_end == INT64_C(1577836800000) + 4 * 86400000,
	    "drawdown 1000 (0.090909) from day 3 to day 4");
	tap_ok(near(s.max_relative_drawdown, 0.5, 1e-12),
	    "deepest relative drawdown 0.5");
	tp_metrics_release(&m);
	tp_metrics_init(&m, 1000);
	for (i = 3; i >= 0; i--) {	/* added out of order on purpose */
		memset(&t, 0, sizeof(t));
		t.open_time = bt[0];
		t.close_time = bt[i];
		t.profit_abs = b[i];
		tp_metrics_add(&m, &t);
	}
	m.min_date = 1510688220000;
	m.max_date = 1510700340000;
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.max_drawdown_account, 1.399999e-08, 1e-14) &&
	    s.drawdown_start == 1510697400000 &&
	    s.drawdown_end == 1510699380000, "drawdown 1.399999e-08 of the "
	    "account, 22:10 to 22:43, trades sorted by closing time");
	tp_metrics_release(&m);
}

/*
 * test_calculate_sharpe, _sortino, _calmar (test_btanalysis.py lines
 * 407-455) on the 179 trades of freqtrade's backtest-result.json, in
 * tests/backtest/ft-backtest-result.csv: starting balance 0.01, the
 * period from the first open to the last close.
 */
static void
test_ratios(const char *path)
{
	char line[512], *f[12], *p;
	struct tp_metrics m;
	struct tp_summary s;
	struct tp_mtrade t;
	const char *why;
	FILE *fp = fopen(path, "r");
	int k, n = 0, bad = 0;

	tp_metrics_init(&m, 0.01);
	m.min_date = INT64_MAX;
	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL) {
		if (n++ == 0)
			continue;	/* the header */
		for (k = 0, p = line; k < 12 && p != NULL; k++) {
			f[k] = p;
			p = strchr(p, ',');
			if (p != NULL)
				*p++ = '\0';
		}
		memset(&t, 0, sizeof(t));
		bad |= k < 12 || tp_time_parse(f[1], strlen(f[1]), TP_UNIT_MS,
		    &t.open_time, &why) < 0 || tp_time_parse(f[2],
		    strlen(f[2]), TP_UNIT_MS, &t.close_time, &why) < 0;
		t.profit_ratio = strtod(f[5], NULL);
		t.profit_abs = strtod(f[6], NULL);
		tp_metrics_add(&m, &t);
		if (t.open_time < m.min_date)
			m.min_date = t.open_time;
		if (t.close_time > m.max_date)
			m.max_date = t.close_time;
	}
	if (fp != NULL)
		fclose(fp);
	tap_ok(!bad && m.n == 179, "read the 179 trades of %s", path);
	tp_metrics_summary(&m, &s);
	tap_ok(near(s.sharpe, 44.5078669, 1e-6), "Sharpe 44.5078669 (got "
	    "%.9g)", s.sharpe);
	tap_ok(near(s.sortino, 35.17722, 1e-5), "Sortino 35.17722 (got %.9g)",
	    s.sortino);
	tap_ok(near(s.calmar, 559.040508, 1e-5), "Calmar 559.040508 (got "
	    "%.9g)", s.calmar);
	tap_ok(near(s.expectancy, 5.820687070932315e-06, 1e-15) &&
	    near(s.expectancy_ratio, 0.07151374226574791, 1e-12),
	    "expectancy 5.8207e-06, ratio 0.0715137");
	tap_ok(near(s.sqn, 3.2991, 1e-4), "SQN 3.2991 (freqtrade@281ba605)");
	tp_metrics_release(&m);
}

/*
 * Monte Carlo on two trades, +100 then -110 on a balance of 1000: returns
 * of +10% and -10% of the balance before each.  Bootstrap pairs: ++ gives
 * 1.1^2 - 1 = 0.21, +- and -+ give 0.99 - 1 = -0.01, -- gives 0.81 - 1 =
 * -0.19, a quarter, half and quarter of the time; so over 2000 runs the
 * 5th percentile is -0.19, the median -0.01, the 95th 0.21.  Either order
 * of the two falls 10% below a peak: every shuffled drawdown is 0.1.
 * Bootstrap drawdowns: 0 for ++ (a quarter), 0.1 for one loss (a half),
 * 0.19 for -- (a quarter).
 */
static void
test_montecarlo(void)
{
	static const double abs[] = { 100, -110 };
	struct tp_montecarlo a, b, c;
	struct tp_metrics m;
	struct tp_summary s;
	int k, same = 1;

	daily(&m, 1000, abs, 2);
	tp_metrics_summary(&m, &s);
	tp_metrics_montecarlo(&m, 2000, 7, &a);
	tap_ok(near(a.ret[0], -0.19, 1e-12) && near(a.ret[2], -0.01, 1e-12) &&
	    near(a.ret[4], 0.21, 1e-12), "bootstrap return percentiles "
	    "-0.19, -0.01, 0.21");
	for (k = 0; k < TP_MC_NPCT; k++)
		same &= near(a.shuffle_dd[k], 0.1, 1e-12);
	tap_ok(same, "every shuffled order falls 0.1 below its peak");
	tap_ok(a.dd[0] == 0 && near(a.dd[2], 0.1, 1e-12) &&
	    near(a.dd[4], 0.19, 1e-12), "bootstrap drawdowns: 0 (two wins), "
	    "0.1 (one loss), 0.19 (two)");
	tp_metrics_montecarlo(&m, 2000, 7, &b);
	tp_metrics_montecarlo(&m, 50, 8, &c);
	tap_ok(memcmp(&a, &b, sizeof(a)) == 0, "the same seed gives the same "
	    "percentiles");
	tap_ok(c.runs == 50 && c.seed == 8, "runs and seed are reported");
	tp_metrics_release(&m);
}

/*
 * Period starts, from the calendar: 2024-02-29 (a leap day, Thursday)
 * 13:05 is in the month from 2024-02-01 (1706745600000) and the ISO week
 * from Monday 2024-02-26 (1708905600000), day 2024-02-29 (1709164800000);
 * Sunday 2023-12-31 is in the week from Monday 2023-12-25
 * (1703462400000); 1969-12-31 (Wednesday) in the week from Monday
 * 1969-12-29 (-259200000) and the month from 1969-12-01 (-2678400000).
 */
static void
test_periods(void)
{
	int64_t leap = INT64_C(1709211900000);	/* 2024-02-29T13:05Z */
	int64_t sun = INT64_C(1704024000000);	/* 2023-12-31T12:00Z */
	int64_t old = INT64_C(-43200000);	/* 1969-12-31T12:00Z */
	enum tp_period p;

	tap_ok(tp_period_start(leap, TP_PERIOD_MONTH) ==
	    INT64_C(1706745600000) && tp_period_start(leap, TP_PERIOD_WEEK) ==
	    INT64_C(1708905600000) && tp_period_start(leap, TP_PERIOD_DAY) ==
	    INT64_C(1709164800000), "2024-02-29: month 02-01, week 02-26, "
	    "day 02-29");
	tap_ok(tp_period_start(sun, TP_PERIOD_WEEK) == INT64_C(1703462400000),
	    "a Sunday is in the week from the Monday before");
	tap_ok(tp_period_start(old, TP_PERIOD_WEEK) == INT64_C(-259200000) &&
	    tp_period_start(old, TP_PERIOD_MONTH) == INT64_C(-2678400000),
	    "before 1970: week from 1969-12-29, month from 1969-12-01");
	tap_ok(tp_period_parse("week", &p) == 0 && p == TP_PERIOD_WEEK &&
	    tp_period_parse("year", &p) < 0, "day, week, month; not year");
}

/*
 * Groups of six trades worked by hand (the set of tests/tables.bats):
 * pair A +10 (dip, roi) and -10 (break, stop_loss); B +25 (dip, roi) and
 * 0 (dip, exit_signal); C -20 (break, stop_loss) and +10 (break, roi),
 * closing on 2024-01-31, 02-03, 02-01, 02-04, 02-01, 02-05.
 */
static void
test_groups(void)
{
	static const struct {
		const char *pair, *tag;
		int exit, day;		/* closing day after 2024-01-31 */
		double abs;
	} tr[] = {
		{ "A", "dip", TP_EXIT_ROI, 0, 10 },
		{ "A", "break", TP_EXIT_STOP_LOSS, 3, -10 },
		{ "B", "dip", TP_EXIT_ROI, 1, 25 },
		{ "B", "dip", TP_EXIT_EXIT_SIGNAL, 4, 0 },
		{ "C", "break", TP_EXIT_STOP_LOSS, 1, -20 },
		{ "C", "break", TP_EXIT_ROI, 5, 10 },
	};
	const int64_t jan31 = INT64_C(1706659200000), day = 86400000;
	struct tp_metrics m;
	struct tp_summary s;
	struct tp_groups g;
	struct tp_mtrade t;
	int i;

	tp_metrics_init(&m, 1000);
	for (i = 0; i < 6; i++) {
		memset(&t, 0, sizeof(t));
		t.close_time = jan31 + tr[i].day * day;
		t.open_time = t.close_time - day;
		t.profit_abs = tr[i].abs;
		t.profit_ratio = tr[i].abs / 100;
		t.stake = 100;
		t.exit = tr[i].exit;
		t.pair = tp_metrics_name(&m, tr[i].pair);
		t.tag = tp_metrics_name(&m, tr[i].tag);
		tp_metrics_add(&m, &t);
	}
	tap_ok(tp_metrics_name(&m, "") == -1 && tp_metrics_name(&m, NULL) ==
	    -1 && strcmp(tp_metrics_name_of(&m, -1), "") == 0,
	    "no name: id -1, named \"\"");
	tp_metrics_summary(&m, &s);
	/* closing order +10 +25 -20 -10 0 +10; balances 1010 1035 1015
	 * 1005 1005 1015 */
	tap_ok(s.win_streak == 2 && s.loss_streak == 2 && s.balance_min ==
	    1005 && s.balance_max == 1035 && s.stake_avg == 100,
	    "streaks 2 and 2, balances 1005 to 1035, stake 100");
	tap_ok(tp_metrics_groups(&m, TP_GROUP_PAIR, 0, &g) == 0 && g.n == 3 &&
	    g.g[0].s.trades == 2 && g.g[0].s.profit_total_abs == 0 &&
	    g.g[1].s.profit_total_abs == 25 && g.g[1].s.draws == 1 &&
	    g.g[2].s.profit_total_abs == -10 && g.g[2].s.wins == 1 &&
	    g.g[2].s.losses == 1 && strcmp(tp_metrics_name_of(&m,
	    g.g[1].pair), "B") == 0 && g.g[1].tag == -1 && g.g[1].exit == -1,
	    "per pair: A 0, B 25 (a draw), C -10");
	tp_groups_release(&g);
	tap_ok(tp_metrics_groups(&m, TP_GROUP_TAG, 0, &g) == 0 && g.n == 2 &&
	    g.g[0].s.trades == 3 && g.g[0].s.profit_total_abs == 35 &&
	    g.g[1].s.profit_total_abs == -20 && g.g[1].s.loss_streak == 2,
	    "per tag: dip 35 of 3, break -20 of 3");
	tp_groups_release(&g);
	tap_ok(tp_metrics_groups(&m, TP_GROUP_EXIT, 0, &g) == 0 && g.n == 3 &&
	    g.g[0].exit == TP_EXIT_EXIT_SIGNAL && g.g[0].s.trades == 1 &&
	    g.g[1].exit == TP_EXIT_STOP_LOSS && g.g[1].s.profit_total_abs ==
	    -30 && g.g[2].exit == TP_EXIT_ROI && g.g[2].s.profit_total_abs ==
	    45 && g.g[2].s.exits[TP_EXIT_ROI] == 3,
	    "per exit reason: signal 0, stop -30, roi 45");
	tp_groups_release(&g);
	/* A roi, A stop, B signal, B roi, C stop, C roi */
	tap_ok(tp_metrics_groups(&m, TP_GROUP_PAIR_EXIT, 0, &g) == 0 &&
	    g.n == 6 && g.g[3].exit == TP_EXIT_ROI && g.g[3].s.profit_total_abs
	    == 25 && g.g[4].s.profit_total_abs == -20, "per pair and exit "
	    "reason: 6 groups, B roi 25, C stop -20");
	tp_groups_release(&g);
	/* January: +10; February: 25 - 20 - 10 + 0 + 10, factor 35 / 30 */
	tap_ok(tp_metrics_groups(&m, TP_GROUP_PERIOD, TP_PERIOD_MONTH,
	    &g) == 0 && g.n == 2 && g.g[0].period == INT64_C(1704067200000) &&
	    g.g[0].s.trades == 1 && g.g[1].period == INT64_C(1706745600000) &&
	    g.g[1].s.trades == 5 && g.g[1].s.profit_total_abs == 5 &&
	    near(g.g[1].s.profit_factor, 35.0 / 30, 1e-15) &&
	    g.g[1].pair == -1, "per month: January 1 trade, February 5, +5");
	tp_groups_release(&g);
	/* weeks from 2024-01-29 (five trades) and 2024-02-05 (one) */
	tap_ok(tp_metrics_groups(&m, TP_GROUP_PERIOD, TP_PERIOD_WEEK,
	    &g) == 0 && g.n == 2 && g.g[0].period == INT64_C(1706486400000) &&
	    g.g[0].s.trades == 5 && g.g[1].period == INT64_C(1707091200000),
	    "per ISO week: from Monday 01-29 and 02-05");
	tp_groups_release(&g);
	tp_metrics_release(&m);
	tp_metrics_init(&m, 1000);
	tap_ok(tp_metrics_groups(&m, TP_GROUP_PAIR, 0, &g) == 0 && g.n == 0,
	    "no trades: no groups");
	tp_groups_release(&g);
	tp_metrics_release(&m);
}

int
main(int argc, char **argv)
{
	test_values();
	test_profit();
	test_stop();
	test_liquidation();
	test_expectancy();
	test_ratios_by_hand();
	test_cagr();
	test_sqn();
	test_drawdown();
	test_montecarlo();
	test_periods();
	test_groups();
	test_ratios(argc > 1 ? argv[1] : "tests/backtest/ft-backtest-result.csv");
	return tap_done();
}
