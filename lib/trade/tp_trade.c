/*
 * tp_trade.c: one position, checked candle by candle as freqtrade's
 * backtester does (freqtrade/strategy/interface.py should_exit and
 * ft_stoploss_adjust, freqtrade/optimize/backtesting.py _get_close_rate*,
 * freqtrade/persistence/trade_model.py, read at commit c9ae5e1e).
 * The rules are restated in tp-backtest(1); the code is ours.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/tp_num.h"
#include "decide/tp_risk.h"
#include "trade/tp_trade.h"

const char *const tp_exit_names[TP_EXIT_N] = {
	"", "exit_signal", "stop_loss", "liquidation", "roi",
	"trailing_stop_loss", "force_exit"
};

/* freqtrade's tradable_balance_ratio: the part of the wallet trades may
 * use, the rest a reserve for fees and rounding. */
#define TRADABLE 0.99

/* freqtrade's default liquidation_buffer: the price is moved this part of
 * the way back toward the entry, so the backtest exits before the exchange
 * would. */
#define LIQ_BUFFER 0.05

/* Kelly's bet from the account's closed trades: the fallback until
 * there are enough, value times Kelly's fraction (at most all) after. */
static double
kelly_part(const struct tp_strategy *st, const struct tp_stake_in *in)
{
	double p, b, f;
	int64_t n = in->wins + in->losses;

	if (n < TP_KELLY_MIN_TRADES)
		return st->sizing_fallback;
	if (in->wins == 0)
		return 0;
	p = (double)in->wins / (double)n;
	/* no loss yet: nothing to set the wins against, bet the most */
	if (in->losses == 0 || !(in->loss_sum > 0))
		return st->sizing_value;
	b = (in->win_sum / (double)in->wins) /
	    (in->loss_sum / (double)in->losses);
	f = tp_risk_kelly(p, b);
	return f > 0 ? st->sizing_value * fmin(f, 1) / st->leverage : 0;
}

double
tp_trade_stake(const struct tp_strategy *st, double balance, double staked,
    int nopen, const struct tp_stake_in *in)
{
	double free = balance - staked, avail, want;
	const char *mode = st->sizing_mode;
	int mot = st->max_open_trades;

	if (mot > 0 && nopen >= mot)
		return 0;
	avail = fmin((staked + free) * TRADABLE - staked, free);
	if (mode == NULL)
		want = mot > 0 ? (avail + staked) / mot : avail;
	else if (strcmp(mode, "fixed") == 0) {
		if (st->sizing_value > avail)
			return 0;
		want = st->sizing_value;
	} else if (strcmp(mode, "fraction") == 0)
		want = balance * st->sizing_value;
	else if (strcmp(mode, "risk") == 0)
		want = balance * st->sizing_value / fabs(st->stoploss);
	else if (strcmp(mode, "kelly") == 0)
		want = balance * kelly_part(st, in);
	else	/* volatility: position * vol = balance * target */
		want = in->vol > 0 ? balance * st->sizing_value /
		    (in->vol * st->leverage) : 0;
	if (st->max_stake > 0)	/* the strategy's "risk" cap */
		want = fmin(want, st->max_stake);
	want = fmin(want, avail);
	return want > 0 ? want : 0;
}

int
tp_trade_stake_never(const struct tp_strategy *st, char *why, size_t n)
{
	char v[TP_NUM_BUFSZ], w[TP_NUM_BUFSZ], u[TP_NUM_BUFSZ];
	double usable = st->dry_run_wallet * TRADABLE;

	*why = '\0';
	if (st->sizing_mode == NULL || strcmp(st->sizing_mode, "fixed") != 0 ||
	    st->sizing_value <= usable)
		return 0;
	tp_num_format(st->sizing_value, v);
	tp_num_format(st->dry_run_wallet, w);
	tp_num_format(usable, u);
	snprintf(why, n, "the fixed stake %s is more than the %s a trade may "
	    "use of dry_run_wallet %s (99%%, freqtrade's "
	    "tradable_balance_ratio)", v, u, w);
	return 1;
}

void
tp_trade_exits_of(struct tp_exits *x, const struct tp_strategy *s)
{
	memset(x, 0, sizeof(*x));
	x->roi = s->roi;
	x->nroi = s->nroi;
	x->stoploss = s->stoploss;
	x->has_stoploss = s->has_stoploss;
	x->trailing_stop = s->trailing_stop;
	x->tsp = s->trailing_stop_positive;
	x->has_tsp = s->trailing_stop_positive > 0;
	x->tspo = s->trailing_stop_positive_offset;
	x->toor = s->trailing_only_offset_is_reached;
	x->use_exit_signal = s->use_exit_signal;
	x->mmr = s->maintenance_margin;
}

/* +1 for a long, -1 for a short: which way a price move pays. */
static double
side(const struct tp_trade *t)
{
	return t->is_short ? -1 : 1;
}

double
tp_trade_liquidation_price(int is_short, double open_rate, double stake,
    double amount, double mmr, double fee, double buffer)
{
	double value = stake / amount, liq;

	/* Isolated margin: the stake is all the position can lose. */
	if (is_short) {
		liq = (open_rate + value) / (1 + (mmr + fee));
		liq -= fabs(open_rate - liq) * buffer;
	} else {
		liq = (open_rate - value) / (1 - (mmr + fee));
		liq += fabs(open_rate - liq) * buffer;
	}
	return liq > 0 ? liq : 0;
}

void
tp_trade_open(struct tp_trade *t, const struct tp_exits *x, int is_short,
    int64_t time, double rate, double stake, double leverage, double fee)
{
	memset(t, 0, sizeof(*t));
	t->is_short = is_short;
	t->leverage = leverage;
	t->fee_open = t->fee_close = fee;
	t->open_time = time;
	t->open_rate = rate;
	t->stake = t->first_stake = stake;
	t->entries = 1;
	t->amount = stake * leverage / rate;
	t->open_value = t->amount * rate * (1 + side(t) * fee);
	t->max_rate = t->min_rate = rate;
	if (x->has_stoploss)
		tp_trade_adjust_stop(t, rate, x->stoploss, 1);
	if (leverage > 1)
		t->liquidation = tp_trade_liquidation_price(is_short, rate,
		    stake, t->amount, x->mmr, fee, LIQ_BUFFER);
}

void
tp_trade_add(struct tp_trade *t, const struct tp_exits *x, double rate,
    double stake)
{
	double more = stake * t->leverage / rate, d;

	t->open_value += more * rate * (1 + side(t) * t->fee_open);
	t->open_rate = (t->open_rate * t->amount + rate * more) /
	    (t->amount + more);
	t->amount += more;
	t->stake += stake;
	t->entries++;
	if (t->has_stop && !t->stop_moved) {
		d = fabs(t->stop_loss_pct / t->leverage);
		t->stop_loss = t->is_short ? t->open_rate * (1 + d) :
		    t->open_rate * (1 - d);
	}
	if (t->leverage > 1)
		t->liquidation = tp_trade_liquidation_price(t->is_short,
		    t->open_rate, t->stake, t->amount, x->mmr, t->fee_close,
		    LIQ_BUFFER);
}

double
tp_trade_close_value(const struct tp_trade *t, double rate)
{
	return t->amount * rate * (1 - side(t) * t->fee_close);
}

double
tp_trade_profit_abs(const struct tp_trade *t, double rate)
{
	return side(t) * (tp_trade_close_value(t, rate) - t->open_value);
}

double
tp_trade_profit_ratio(const struct tp_trade *t, double rate)
{
	return tp_trade_profit_abs(t, rate) / t->open_value * t->leverage;
}

void
tp_trade_adjust_stop(struct tp_trade *t, double price, double stoploss,
    int initial)
{
	double d = fabs(stoploss / t->leverage);
	double stop = t->is_short ? price * (1 + d) : price * (1 - d);

	if (initial && t->has_stop)
		return;
	if (!t->has_stop) {
		t->has_stop = 1;
		t->stop_loss = t->initial_stop_loss = stop;
		t->stop_loss_pct = t->initial_stop_loss_pct = -fabs(stoploss);
		return;
	}
	/* A stop only ever tightens. */
	if (t->is_short ? stop < t->stop_loss : stop > t->stop_loss) {
		t->stop_moved = 1;
		t->stop_loss = stop;
		t->stop_loss_pct = -fabs(stoploss);
	}
}

/*
 * Trail the stop on this candle: from its best price (the high of a long),
 * and only while the candle does not reach the stop already, for then the
 * price went there first as far as we can tell (freqtrade assumes the
 * worst order, high before low).
 */
static void
trail(struct tp_trade *t, const struct tp_exits *x, const struct tp_candle *k)
{
	double bound = t->is_short ? k->low : k->high, profit, v;
	int has_v = x->has_stoploss;

	if (!x->trailing_stop || (t->has_stop && (t->is_short ?
	    t->stop_loss <= k->high : t->stop_loss >= k->low)))
		return;
	profit = tp_trade_profit_ratio(t, bound);
	if (x->toor && profit < x->tspo)
		return;
	v = x->stoploss;
	if (x->has_tsp && profit > x->tspo) {
		v = x->tsp;
		has_v = 1;
	}
	if (has_v)
		tp_trade_adjust_stop(t, bound, v, 0);
}

/* The ROI step in force dur minutes into the trade; 0 when none is. */
static const struct tp_roi *
roi_step(const struct tp_exits *x, double dur)
{
	const struct tp_roi *r = NULL;
	int i;

	for (i = 0; i < x->nroi && x->roi[i].minutes <= dur; i++)
		r = &x->roi[i];
	return r;
}

/* Whether m minutes fall on a candle boundary. */
static int
on_boundary(const struct tp_exits *x, double m)
{
	return x->tf_min > 0 && fmod(m, x->tf_min) == 0;
}

/*
 * Where a ROI exit fills, or -1 when it may not happen on this candle.
 * The target price earns the step's ratio after both fees; the fill is
 * clamped into the candle.  At the open instead: a step of -1 (exit
 * whatever the result) that starts on a candle boundary, and a new step
 * that starts at this candle's open when the open is already past it.
 * On the entry candle, a red candle entered below its open cannot reach
 * a target above its close (the high came before the entry).
 */
static double
roi_rate(const struct tp_trade *t, const struct tp_exits *x,
    const struct tp_candle *k, const struct tp_roi *r, double dur)
{
	double s = side(t), target;
	int past;

	if (r->ratio == -1 && on_boundary(x, r->minutes))
		return k->open;
	target = -(t->open_rate * r->ratio / t->leverage +
	    s * t->open_rate * (1 + s * t->fee_open)) / (t->fee_close - s);
	past = t->is_short ? k->open < target : k->open > target;
	if (dur > 0 && dur == r->minutes && on_boundary(x, r->minutes) && past)
		return k->open;
	if (dur == 0 && (t->is_short ? k->open < k->close &&
	    t->open_rate > k->open && target < k->close : k->open > k->close &&
	    t->open_rate < k->open && target > k->close))
		return -1;
	return fmin(fmax(target, k->low), k->high);
}

/*
 * Where a stop (or liquidation) exit fills: at the stop, or at the open
 * when the whole candle is past it (a gap).  A trailing stop hit on the
 * entry candle fills at the worst price consistent with it having moved:
 * the offset reached then given back, or one trailing distance from the
 * open; never beyond the candle.
 */
static double
stop_rate(const struct tp_trade *t, const struct tp_exits *x,
    const struct tp_candle *k, enum tp_exit_reason why, double dur)
{
	double stop = why == TP_EXIT_LIQUIDATION ? t->liquidation :
	    t->stop_loss, s = side(t), r;

	if (t->is_short ? stop < k->low : stop > k->high)
		return k->open;
	if (why != TP_EXIT_TRAILING || dur != 0)
		return stop;
	if (x->trailing_stop && x->toor && x->has_tsp)
		r = k->open * (1 + s * fabs(x->tspo) -
		    s * fabs(x->tsp / t->leverage));
	else
		r = k->open * (1 - s * fabs(t->stop_loss_pct / t->leverage));
	return t->is_short ? fmin(k->high, r) : fmax(k->low, r);
}

enum tp_exit_reason
tp_trade_check(struct tp_trade *t, const struct tp_exits *x,
    const struct tp_candle *k, int enter, int exit_sig, double *rate)
{
	double dur = (double)((k->time - t->open_time) / 60000), best, r;
	const struct tp_roi *step;
	enum tp_exit_reason stop = TP_EXIT_NONE;
	int roi;

	if (k->high > t->max_rate)
		t->max_rate = k->high;
	if (k->low < t->min_rate)
		t->min_rate = k->low;
	trail(t, x, k);
	if (t->has_stop && (t->is_short ? t->stop_loss <= k->high :
	    t->stop_loss >= k->low))
		stop = t->stop_moved ? TP_EXIT_TRAILING : TP_EXIT_STOP_LOSS;
	else if (t->liquidation > 0 && (t->is_short ?
	    t->liquidation <= k->high : t->liquidation >= k->low))
		stop = TP_EXIT_LIQUIDATION;
	best = tp_trade_profit_ratio(t, t->is_short ? k->low : k->high);
	step = roi_step(x, dur);
	roi = step != NULL && best > step->ratio;

	if (x->use_exit_signal && exit_sig && !enter) {
		*rate = k->open;
		return TP_EXIT_EXIT_SIGNAL;
	}
	if (stop == TP_EXIT_STOP_LOSS || stop == TP_EXIT_LIQUIDATION) {
		*rate = stop_rate(t, x, k, stop, dur);
		return stop;
	}
	if (roi && (r = roi_rate(t, x, k, step, dur)) >= 0) {
		*rate = r;
		return TP_EXIT_ROI;
	}
	if (stop == TP_EXIT_TRAILING) {
		*rate = stop_rate(t, x, k, stop, dur);
		return stop;
	}
	return TP_EXIT_NONE;
}

void
tp_trade_close(struct tp_trade *t, int64_t time, double rate,
    enum tp_exit_reason why)
{
	t->close_time = time;
	t->close_rate = rate;
	t->exit = why;
	t->profit_abs = tp_trade_profit_abs(t, rate);
	t->profit_ratio = tp_trade_profit_ratio(t, rate);
}
