/*
 * test_risk.c: unit tests for sizing, stops, limits and tail risk.
 *
 * Expected values: sizes, stops, heat and drawdowns worked by hand from
 * their definitions in tp_risk.h (each shown beside its check); Kelly's
 * fraction from Kelly (1956) as Thorp states it, f = p - q / b; VaR and
 * CVaR of the returns below from numpy 1.24.2 (Debian python3-numpy):
 *   q = numpy.quantile(r, 1 - level); var = -q; cvar = -r[r <= q].mean()
 * client order ids from Python's hashlib:
 *   h = hashlib.blake2b(digest_size=32)
 *   for p in (b"rsi_reversion", b"BTC/USDT", b"1704067200000", b"buy"):
 *       h.update(p + b"\0")
 *   "tp" + h.digest()[:16].hex()
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "core/tp_lock.h"
#include "decide/tp_risk.h"
#include "decide/tp_strategy.h"
#include "trade/tp_trade.h"

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1);
}

/* A strategy sizing by mode and value, fee 0, 1x. */
static void
sized(struct tp_strategy *st, char *mode, double value)
{
	tp_strategy_defaults(st);
	st->sizing_mode = mode;
	st->sizing_value = value;
	st->sizing_fallback = 0.02;
	st->stoploss = -0.02;
	st->has_stoploss = 1;
}

static void
test_sizing(void)
{
	struct tp_strategy st;
	struct tp_stake_in in = { 0, 0, 0, 0, 0 };

	/* 10000 * 0.01 / 0.02: 1% of the balance lost over a 2% stop */
	sized(&st, "risk", 0.01);
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 5000),
	    "risk: 1%% of 10000 at a 2%% stop stakes 5000");
	st.max_stake = 10;
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 10),
	    "max stake caps it at 10");
	st.max_stake = 0;
	/* 9900 of 10000 tradable (99%), 7000 staked: 2900 free to trade */
	tap_ok(near(tp_trade_stake(&st, 10000, 7000, 1, &in), 2900), "the "
	    "tradable free balance caps it");
	sized(&st, "fraction", 0.25);
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 2500), "fraction: a "
	    "quarter of 10000");
	sized(&st, "fixed", 100);
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 100), "fixed: 100");
	tap_ok(tp_trade_stake(&st, 100, 0, 0, &in) == 0, "fixed: refused when "
	    "the tradable balance (99) cannot pay it");
	st.max_open_trades = 2;
	tap_ok(tp_trade_stake(&st, 10000, 200, 2, &in) == 0,
	    "no stake once the max_open_trades slots are taken");
	sized(&st, NULL, 0);
	st.max_open_trades = 4;
	/* freqtrade's unlimited stake: 9900 tradable over 4 slots */
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 2475),
	    "no rule: the tradable balance shared among the slots");
	/* p 0.6, b 1.5: f = 0.6 - 0.4 / 1.5 = 1/3 */
	tap_ok(near(tp_risk_kelly(0.6, 1.5), 1.0 / 3),
	    "Kelly: p 0.6, b 1.5 is 1/3");
	tap_ok(near(tp_risk_kelly(0.4, 1), -0.2), "Kelly: no edge is negative");
	sized(&st, "kelly", 0.5);
	/* 19 trades: too few to trust, the fallback 2% of the balance */
	in.wins = 11;
	in.losses = 8;
	in.win_sum = 11 * 0.03;
	in.loss_sum = 8 * 0.02;
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 200), "Kelly before "
	    "20 trades: the fallback, 2%% of 10000");
	/* 12 wins of 3% and 8 losses of 2%: p 0.6, b 1.5, f 1/3, half of
	 * it: a sixth of the balance */
	in.wins = 12;
	in.win_sum = 12 * 0.03;
	tap_ok(near(tp_trade_stake(&st, 12000, 0, 0, &in), 12000 * 0.5 / 3),
	    "half Kelly stakes a sixth of the balance");
	st.leverage = 2;
	tap_ok(near(tp_trade_stake(&st, 12000, 0, 0, &in), 12000 * 0.5 / 3 / 2),
	    "at 2x, half the margin for the same position");
	st.leverage = 1;
	/* 7 wins, 13 losses, b 1.5: f = 0.35 - 0.65 / 1.5 < 0 */
	in.wins = 7;
	in.win_sum = 7 * 0.03;
	in.losses = 13;
	in.loss_sum = 13 * 0.02;
	tap_ok(tp_trade_stake(&st, 10000, 0, 0, &in) == 0, "no edge, no stake");
	sized(&st, "volatility", 0.01);
	tap_ok(tp_trade_stake(&st, 10000, 0, 0, &in) == 0, "volatility target "
	    "without the volatility yet: no stake");
	/* position * 0.04 = 10000 * 0.01 */
	in.vol = 0.04;
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 2500), "volatility "
	    "target 1%% at 4%% volatility: 2500");
	st.leverage = 5;
	tap_ok(near(tp_trade_stake(&st, 10000, 0, 0, &in), 500), "... at 5x, a "
	    "margin of 500");
}

static void
test_stops(void)
{
	tap_ok(near(tp_risk_stop_ratio(100, 0.05, 0), 95) &&
	    near(tp_risk_stop_ratio(100, 0.05, 1), 105), "a 5%% stop: 95 long, "
	    "105 short");
	/* 2 ATR of 3 is 6%, clamped to 2.5% */
	tap_ok(near(tp_risk_stop_atr(100, 3, 2, 0.005, 0.025, 0), 97.5),
	    "ATR stop clamped to 2.5%%");
	/* 2 ATR of 0.1 is 0.2%, raised to 0.5% */
	tap_ok(near(tp_risk_stop_atr(100, 0.1, 2, 0.005, 0.025, 0), 99.5) &&
	    near(tp_risk_stop_atr(100, 0.1, 2, 0.005, 0.025, 1), 100.5),
	    "ATR stop raised to 0.5%%, either side");
	tap_ok(near(tp_risk_stop_atr(200, 2, 1.5, 0.005, 0.025, 0), 197),
	    "1.5 ATR of 2 on 200 is 1.5%%: 197");
}

static void
test_limits(void)
{
	struct tp_position pos[2] = {
		{ "BTC/USDT", 0, 1000, 1, 100, 98 },	/* risk 1000*2% = 20 */
		{ "ETH/USDT", 1, 500, 2, 50, 51 },	/* 1000*2% = 20 */
	};
	struct tp_book b = { 10000, 10000, 10000, pos, 2, 0, 0, NULL, 0, 0 };
	struct tp_limits l;
	struct tp_order_req o = { "BTC/USDT", 0, 2000, 1, 50, 48, 0 };
	/* the order's symbol (0) exited at 3000000; three losing
	 * stop-losses of another (1) */
	struct tp_protect_trade last = { 3000000, 0, 0, 0, 0.01 };
	struct tp_protect_trade stops[3] = {
		{ 1000000, 1, 0, 1, -0.02 }, { 2000000, 1, 0, 1, -0.02 },
		{ 3000000, 1, 0, 1, -0.02 },
	};
	char why[200];

	memset(&l, 0, sizeof(l));
	tap_ok(near(tp_risk_position(&pos[0]), 20) &&
	    near(tp_risk_position(&pos[1]), 20), "risk to the stop: 20 "
	    "and 20 (short, 2x)");
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_OK,
	    "no limits, no rejection");
	/* heat: 20 + 20 + 2000 * 4% = 120, 1.2% of 10000 */
	l.max_heat = 0.01;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT &&
	    strstr(why, "heat 0.012") != NULL, "heat 1.2%% over a 1%% cap: %s",
	    why);
	l.max_heat = 0.02;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_OK,
	    "and under a 2%% cap");
	/* BTC: 1000 + 2000 = 30% of equity */
	l.max_exposure_symbol = 0.25;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT &&
	    strstr(why, "BTC/USDT 0.3 ") != NULL, "symbol exposure: %s", why);
	l.max_exposure_symbol = 0;
	/* all: 1000 + 1000 + 2000 = 40% */
	l.max_exposure_total = 0.35;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT &&
	    strstr(why, "total exposure 0.4 ") != NULL, "total exposure: %s",
	    why);
	memset(&l, 0, sizeof(l));
	l.max_open_trades = 2;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT,
	    "max open trades: %s", why);
	memset(&l, 0, sizeof(l));
	l.max_leverage = 3;
	o.leverage = 5;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT,
	    "leverage cap: %s", why);
	o.leverage = 1;
	/* liquidation 7% away, under 10% */
	l.min_liq_distance = 0.10;
	o.liquidation = 46.5;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT &&
	    strstr(why, "7%") != NULL, "liquidation too near: %s", why);
	o.liquidation = 40;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_OK,
	    "20%% away is fine");
	memset(&l, 0, sizeof(l));
	/* equity 10000 from a peak of 12000: down 1/6 */
	b.peak_equity = 12000;
	l.max_drawdown = 0.15;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_HALT,
	    "drawdown 16.7%% trips a 15%% kill switch: %s", why);
	l.max_drawdown = 0.2;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_OK,
	    "but not a 20%% one");
	/* the day began at 10400: 3.8% lost */
	b.day_start_equity = 10400;
	l.daily_loss = 0.03;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT,
	    "daily loss limit: %s", why);
	memset(&l, 0, sizeof(l));
	b.now = 3600000;
	b.closed = &last;
	b.nclosed = 1;
	l.cooldown_ms = 30 * 60000;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT &&
	    strstr(why, "10 minutes ago") != NULL, "cooldown: %s", why);
	memset(&l, 0, sizeof(l));
	b.closed = stops;
	b.nclosed = 3;
	l.stop_streak = 3;
	l.stop_window_ms = 60 * 60000;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_REJECT,
	    "three stop-losses within the hour: %s", why);
	l.stop_window_ms = 40 * 60000;
	tap_ok(tp_risk_check(&l, &b, &o, why, sizeof(why)) == TP_RISK_OK,
	    "two within 40 minutes do not lock");
}

static void
test_var(void)
{
	double r[20] = {
		0.012, -0.034, 0.005, -0.002, 0.021, -0.051, 0.007, -0.011,
		0.003, -0.019, 0.015, -0.027, 0.009, 0.001, -0.006, 0.018,
		-0.042, 0.004, -0.008, 0.011
	};
	double var, cvar;

	tap_ok(tp_risk_var_cvar(r, 20, 0.95, &var, &cvar) == 0 &&
	    near(var, 0.042449999999999995) && near(cvar, 0.051),
	    "VaR and CVaR at 95%%: numpy's 0.04245 and 0.051");
	tap_ok(tp_risk_var_cvar(r, 20, 0.99, &var, &cvar) == 0 &&
	    near(var, 0.049289999999999994) && near(cvar, 0.051),
	    "at 99%%: 0.04929 and 0.051");
	tap_ok(tp_risk_var_cvar(r, 0, 0.95, &var, &cvar) < 0, "no returns, no "
	    "VaR");
}

static void
test_order_id(void)
{
	char id[TP_ORDER_ID_LEN + 1];

	tp_risk_order_id("rsi_reversion", "BTC/USDT", 1704067200000LL, "buy",
	    id);
	tap_ok(strcmp(id, "tpe11f7b9df2d62742500aad0cbb56281e") == 0,
	    "client order id: hashlib's for the same tick: %s", id);
	tp_risk_order_id("rsi_reversion", "BTC/USDT", 1704067200000LL, "sell",
	    id);
	tap_ok(strcmp(id, "tp202219db8d5cb7bd1438722576528343") == 0 &&
	    strlen(id) == TP_ORDER_ID_LEN, "the other side, another id");
}

/* A child that takes the lock of path and sleeps; its pid. */
static pid_t
holder(const char *path)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_lock l;
	pid_t pid = fork();

	if (pid == 0) {
		if (tp_lock_take(&l, path, 0, &err) < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	return pid;
}

static void
test_lock(void)
{
	struct timespec settle = { 0, 200 * 1000000 };
	struct tp_err err = TP_ERR_INIT;
	char path[] = "/tmp/tp-test-lockXXXXXX", name[64];
	struct tp_lock l;
	int fd = mkstemp(path), st;
	pid_t pid;

	close(fd);
	pid = holder(path);
	nanosleep(&settle, NULL);
	tap_ok(tp_lock_take(&l, path, 50, &err) < 0 &&
	    err.code == TP_EX_TEMPFAIL, "a held lock: exit 75 after the wait: "
	    "%s", err.msg);
	tp_err_clear(&err);
	/* kill -9 drops it: the kernel holds flock locks, not the file */
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	tap_ok(tp_lock_take(&l, path, 1000, &err) == 0, "taken once its "
	    "holder is killed");
	tp_lock_release(&l);
	unlink(path);
	snprintf(name, sizeof(name), "%s.lock", path);
	unlink(name);
}

int
main(void)
{
	test_order_id();
	test_lock();
	test_sizing();
	test_stops();
	test_limits();
	test_var();
	return tap_done();
}
