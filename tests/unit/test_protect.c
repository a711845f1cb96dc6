/*
 * test_protect.c: freqtrade's protections (decide/tp_protect.h) on trade
 * histories worked by hand.  The rules are freqtrade's documentation
 * (docs/includes/protections.md) and code (freqtrade/plugins/protections/,
 * exchange_utils_timeframe.py timeframe_to_next_date, both at c9ae5e1e):
 *
 * - a protection is judged when a trade closes, on the trades closed
 *   within lookback_period before that exit (close_date > now - lookback);
 * - its lock lasts stop_duration from the last trade it counted, its end
 *   rounded up to the start of the next candle ("All protection end times
 *   are rounded up to the next candle"), strictly after on a boundary;
 * - an entry filled before that end is refused.
 *
 * Candles are 1h; H(n) is hour n.  An entry asked on the signal of the
 * candle at now fills at now + 1h.
 */
#include <string.h>

#include "decide/tp_protect.h"
#include "tap.h"

#define HOUR INT64_C(3600000)
#define H(n) ((int64_t)(n) * HOUR)

static struct tp_protect_lock lk;

static int
locked(const struct tp_protection *p, const struct tp_protect_trade *h,
    int n, int sym, int is_short, int64_t now)
{
	return tp_protect_check(p, 1, HOUR, h, n, sym, is_short, now, &lk);
}

/* "CooldownPeriod locks a pair for stop_duration ... after exiting";
 * "stop trading a pair for 2 candles after closing a trade". */
static void
test_cooldown(void)
{
	struct tp_protection p;
	struct tp_protect_trade h[] = {
		{ H(10), 0, 0, 0, 0.03 },
		{ H(13), 0, 0, 0, 0.01 },	/* after the times asked */
	};
	char why[200];

	tp_protect_defaults(&p, TP_PROTECT_COOLDOWN);
	p.stop_ms = 2 * HOUR;		/* stop_duration_candles: 2 */
	/* exit in the 10:00 candle: 10:00 + 2h, rounded up to 13:00 */
	tap_ok(locked(&p, h, 2, 0, 0, H(10)) && lk.until == H(13),
	    "cooldown: the entry at 11:00 is locked until 13:00");
	tap_ok(locked(&p, h, 2, 0, 0, H(11)), "cooldown: and at 12:00");
	tap_ok(!locked(&p, h, 2, 0, 0, H(12)), "cooldown: not at 13:00");
	tap_ok(!locked(&p, h, 2, 1, 0, H(10)),
	    "cooldown: another pair is not locked (pair-level only)");
	tap_ok(!locked(&p, h, 1, 0, 0, H(9)),
	    "cooldown: an exit after the signal's candle does not count");
	locked(&p, h, 2, 0, 0, H(11));
	tp_protect_why(&p, &lk, "BTC/USDT", H(11), why, sizeof(why));
	tap_ok(strcmp(why, "BTC/USDT is cooling down: exited 60 minutes ago "
	    "(cooldown 120); CooldownPeriod until 1970-01-01T13:00:00Z") == 0,
	    "cooldown: why names the protection and the end: %s", why);
	p.legacy = 1;
	tp_protect_why(&p, &lk, "", H(11), why, sizeof(why));
	tap_ok(strcmp(why, "the symbol is cooling down: exited 60 minutes ago "
	    "(cooldown 120)") == 0, "risk.cooldown_minutes' words: %s", why);
}

/* StoplossGuard: trade_limit stop-losses with profit under
 * required_profit (0: losing ones; "stop_loss", "trailing_stop_loss",
 * liquidation) within lookback_period lock all pairs, or the pair with
 * only_per_pair, or one side with only_per_side. */
static void
test_guard(void)
{
	struct tp_protection p;
	struct tp_protect_trade h[] = {
		{ H(1), 0, 0, 1, -0.05 },
		{ H(2), 1, 0, 0, -0.01 },	/* an exit signal: not a stop */
		{ H(4), 1, 0, 1, -0.05 },
	};
	struct tp_protect_trade won[] = {
		{ H(1), 0, 0, 1, -0.05 },
		{ H(4), 1, 0, 1, 0.02 },	/* a trailing stop in profit */
	};
	struct tp_protect_trade far[] = {
		{ H(1), 0, 0, 1, -0.05 },
		{ H(8), 1, 0, 1, -0.05 },
	};
	struct tp_protect_trade sides[] = {
		{ H(1), 0, 0, 1, -0.05 },
		{ H(4), 1, 1, 1, -0.05 },
	};

	tp_protect_defaults(&p, TP_PROTECT_STOPLOSS_GUARD);
	p.trade_limit = 2;
	p.lookback_ms = 6 * HOUR;	/* lookback_period_candles: 6 */
	p.stop_ms = 3 * HOUR;		/* stop_duration_candles: 3 */
	/* two losing stops by 04:00: locked until 04:00 + 3h -> 08:00 */
	tap_ok(locked(&p, h, 3, 2, 0, H(6)) && lk.until == H(8) &&
	    lk.count == 2, "guard: 2 stops in 6 candles lock every pair "
	    "until 08:00");
	tap_ok(!locked(&p, h, 3, 2, 0, H(7)), "guard: the entry at 08:00 "
	    "is free");
	tap_ok(!locked(&p, won, 2, 2, 0, H(5)), "guard: a stop in profit "
	    "does not count");
	tap_ok(!locked(&p, far, 2, 2, 0, H(9)), "guard: a stop outside the "
	    "lookback does not count");
	p.only_per_pair = 1;
	tap_ok(!locked(&p, h, 3, 2, 0, H(6)) && !locked(&p, h, 3, 1, 0, H(6)),
	    "guard: only_per_pair, one stop per pair locks none");
	p.only_per_pair = 0;
	p.only_per_side = 1;
	tap_ok(!locked(&p, sides, 2, 2, 0, H(5)) &&
	    !locked(&p, sides, 2, 2, 1, H(5)),
	    "guard: only_per_side, a long and a short stop lock neither");
	sides[0].is_short = 1;
	tap_ok(locked(&p, sides, 2, 2, 1, H(5)) &&
	    !locked(&p, sides, 2, 2, 0, H(5)),
	    "guard: only_per_side, two short stops lock shorts alone");
}

/* MaxDrawdown: the drawdown of the cumulated profit ratios of all trades
 * within the lookback, trade_limit of them at least, above
 * max_allowed_drawdown locks every pair.  The high water is the highest
 * cumulated value from the first trade on (data/metrics.py
 * _calc_drawdown_series: cummax of cumsum), not 0. */
static void
test_drawdown(void)
{
	struct tp_protection p;
	struct tp_protect_trade h[] = {
		{ H(1), 0, 0, 0, 0.05 },	/* cum 0.05, the high */
		{ H(2), 1, 0, 1, -0.08 },	/* cum -0.03 */
		{ H(3), 0, 1, 0, -0.04 },	/* cum -0.07: 0.12 below */
	};
	struct tp_protect_trade first[] = {
		{ H(1), 0, 0, 1, -0.12 },	/* cum -0.12, its own high */
	};

	tp_protect_defaults(&p, TP_PROTECT_MAX_DRAWDOWN);
	p.lookback_ms = 10 * HOUR;
	p.trade_limit = 3;
	p.stop_ms = 2 * HOUR;
	p.max_allowed_drawdown = 0.1;
	tap_ok(locked(&p, h, 3, 2, 0, H(4)) && lk.until == H(6) &&
	    lk.value > 0.1199 && lk.value < 0.1201,
	    "drawdown: 0.12 > 0.1 locks every pair until 03:00 + 2h -> 06:00");
	tap_ok(!locked(&p, h, 3, 2, 0, H(5)), "drawdown: free at 06:00");
	p.max_allowed_drawdown = 0.12 + 1e-9;
	tap_ok(!locked(&p, h, 3, 2, 0, H(4)), "drawdown: at most the "
	    "allowed does not lock");
	p.max_allowed_drawdown = 0.1;
	p.trade_limit = 4;
	tap_ok(!locked(&p, h, 3, 2, 0, H(4)), "drawdown: 3 trades are under "
	    "trade_limit 4");
	p.trade_limit = 1;
	tap_ok(!locked(&p, first, 1, 0, 0, H(1)), "drawdown: one losing "
	    "trade alone has no drawdown (its own high)");
	p.lookback_ms = 90 * 60000;
	tap_ok(!locked(&p, h, 3, 2, 0, H(4)), "drawdown: a 90 minute "
	    "lookback at 03:00 sees 02:00 and 03:00 alone: 0.04");
}

/* LowProfitPairs: a pair's trades within the lookback, trade_limit of
 * them at least, whose profit ratios sum under required_profit lock that
 * pair (one side with only_per_side). */
static void
test_low_profit(void)
{
	struct tp_protection p;
	struct tp_protect_trade h[] = {
		{ H(1), 0, 0, 0, 0.01 },
		{ H(2), 1, 0, 0, -0.20 },
		{ H(3), 0, 0, 0, 0.005 },	/* pair 0: 0.015 < 0.02 */
	};
	struct tp_protect_trade sides[] = {
		{ H(1), 0, 1, 0, 0.03 },	/* a short */
		{ H(3), 0, 0, 0, -0.05 },	/* a long */
	};

	tp_protect_defaults(&p, TP_PROTECT_LOW_PROFIT);
	p.lookback_ms = 6 * HOUR;
	p.trade_limit = 2;
	p.required_profit = 0.02;
	/* "stop_duration": 60 -> 03:00 + 1h, rounded up to 05:00 */
	tap_ok(locked(&p, h, 3, 0, 0, H(3)) && lk.until == H(5) &&
	    lk.value > 0.0149 && lk.value < 0.0151,
	    "low profit: 0.015 in 2 trades locks the pair until 05:00");
	tap_ok(!locked(&p, h, 3, 0, 0, H(4)), "low profit: free at 05:00");
	tap_ok(!locked(&p, h, 3, 1, 0, H(3)), "low profit: pair 1 has one "
	    "trade, under trade_limit 2");
	p.trade_limit = 3;
	tap_ok(!locked(&p, h, 3, 0, 0, H(3)), "low profit: under "
	    "trade_limit 3");
	p.trade_limit = 2;
	p.required_profit = 0;
	tap_ok(locked(&p, sides, 2, 0, 0, H(3)) &&
	    locked(&p, sides, 2, 0, 1, H(3)), "low profit: 0.03 - 0.05 over "
	    "both sides is under 0: both locked");
	p.only_per_side = 1;
	tap_ok(locked(&p, sides, 2, 0, 0, H(3)) &&
	    !locked(&p, sides, 2, 0, 1, H(3)),
	    "low profit: only_per_side, the longs' -0.05 locks longs alone");
}

/* Several protections: the lock that ends last is the answer, and a
 * history older than the horizon may be dropped. */
static void
test_several(void)
{
	struct tp_protection p[2];
	struct tp_protect_trade h[] = {
		{ H(10), 0, 0, 1, -0.05 },
	};

	tp_protect_defaults(&p[0], TP_PROTECT_COOLDOWN);
	p[0].stop_ms = 1 * HOUR;
	tp_protect_defaults(&p[1], TP_PROTECT_STOPLOSS_GUARD);
	p[1].trade_limit = 1;
	p[1].stop_ms = 4 * HOUR;
	tap_ok(tp_protect_check(p, 2, HOUR, h, 1, 0, 0, H(10), &lk) &&
	    lk.which == 1 && lk.until == H(15),
	    "several: the guard's lock ends last (15:00)");
	tap_ok(tp_protect_horizon(p, 2, HOUR, H(20)) == H(20) - 5 * HOUR -
	    HOUR, "horizon: the longest lookback and lock, and a candle");
}

int
main(void)
{
	test_cooldown();
	test_guard();
	test_drawdown();
	test_low_profit();
	test_several();
	return tap_done();
}
