/*
 * tp_protect.c: freqtrade's protections over the closed trades
 * (tp_protect.h).  Each method follows freqtrade/plugins/protections/
 * (c9ae5e1e): which trades it counts, when it locks, until when.
 */
#include <stdio.h>
#include <string.h>

#include "core/tp_time.h"
#include "decide/tp_protect.h"

const char *const tp_protect_names[TP_PROTECT_N] = {
	"CooldownPeriod", "StoplossGuard", "MaxDrawdown", "LowProfitPairs"
};

void
tp_protect_defaults(struct tp_protection *p, enum tp_protect_method m)
{
	memset(p, 0, sizeof(*p));
	p->method = m;
	/* iprotection.py: stop_duration and lookback_period default to 60
	 * minutes; StoplossGuard's trade_limit to 10, the others' to 1 */
	p->lookback_ms = p->stop_ms = 60 * 60000;
	p->trade_limit = m == TP_PROTECT_STOPLOSS_GUARD ? 10 : 1;
}

/* A lock found at one exit: one side or both (side -1); for the exit's
 * pair when judged locally, else for all pairs. */
struct found {
	int64_t until;
	int side, count;
	double value;
};

/* Whether trade k closed within the lookback before exit e (freqtrade:
 * close_date > now - lookback_period). */
static int
within(const struct tp_protection *p, const struct tp_protect_trade *h, int k,
    int e)
{
	return h[k].close_time > h[e].close_time - p->lookback_ms;
}

/* StoplossGuard: trade_limit losing stop-losses (close_profit set and
 * under required_profit) within the lookback lock until the last one's
 * close plus stop_duration. */
static int
guard(const struct tp_protection *p, const struct tp_protect_trade *h, int e,
    int local, struct found *f)
{
	int k, count = 0;
	int64_t last = 0, nth = 0;

	for (k = e; k >= 0 && h[k].close_time >= h[e].close_time -
	    p->lookback_ms; k--) {
		/* freqtrade's window is open at its start; the legacy
		 * guard's closed (stop-losses at most minutes ago) */
		if ((!p->legacy && !within(p, h, k, e)) ||
		    (local && h[k].sym != h[e].sym) || !h[k].stop ||
		    h[k].profit == 0 || !(h[k].profit < p->required_profit))
			continue;
		if (p->only_per_side && h[k].is_short != h[e].is_short)
			continue;
		if (count++ == 0)
			last = h[k].close_time;
		if (count == p->trade_limit)
			nth = h[k].close_time;
	}
	if (count < p->trade_limit)	/* trade_limit is 1 or more */
		return 0;
	/* risk.stoploss_guard locks while trade_limit stop-losses are
	 * within its minutes: until the trade_limit-th latest leaves them */
	f->until = p->legacy ? nth + p->lookback_ms + 1 : last + p->stop_ms;
	f->side = p->only_per_side ? h[e].is_short : -1;
	f->count = count;
	return 1;
}

/* MaxDrawdown: the drawdown of the cumulated profit ratios of every
 * trade within the lookback (data/metrics.py calculate_max_drawdown with
 * value_col close_profit: from the highest cumulated value, the first
 * trade's included, not from 0) above max_allowed_drawdown, with
 * trade_limit trades at least, locks every pair. */
static int
drawdown(const struct tp_protection *p, const struct tp_protect_trade *h, int e,
    struct found *f)
{
	int k, first = e + 1, count;
	double cum = 0, high = 0, dd = 0;

	while (first > 0 && within(p, h, first - 1, e))
		first--;
	count = e + 1 - first;
	if (count < p->trade_limit)
		return 0;
	for (k = first; k <= e; k++) {
		cum += h[k].profit;
		if (k == first || cum > high)
			high = cum;
		if (high - cum > dd)
			dd = high - cum;
	}
	if (!(dd > p->max_allowed_drawdown))
		return 0;
	f->until = h[e].close_time + p->stop_ms;
	f->side = -1;
	f->count = count;
	f->value = dd;
	return 1;
}

/* LowProfitPairs: the pair's trades within the lookback, trade_limit at
 * least, whose profit ratios (of e's side with only_per_side) sum under
 * required_profit lock the pair. */
static int
low_profit(const struct tp_protection *p, const struct tp_protect_trade *h, int e,
    struct found *f)
{
	int k, count = 0;
	double sum = 0;

	for (k = e; k >= 0 && h[k].close_time > h[e].close_time -
	    p->lookback_ms; k--) {
		if (h[k].sym != h[e].sym)
			continue;
		count++;
		if (!p->only_per_side || h[k].is_short == h[e].is_short)
			sum += h[k].profit;
	}
	if (count < p->trade_limit || !(sum < p->required_profit))
		return 0;
	/* the lock runs from the latest of the pair's trades: e's */
	f->until = h[e].close_time + p->stop_ms;
	f->side = p->only_per_side ? h[e].is_short : -1;
	f->count = count;
	f->value = sum;
	return 1;
}

/* What protection p decides at exit e, for e's pair (local) or for all
 * (freqtrade's stop_per_pair and global_stop, both asked at each exit). */
static int
judge(const struct tp_protection *p, const struct tp_protect_trade *h, int e,
    int local, struct found *f)
{
	memset(f, 0, sizeof(*f));
	switch (p->method) {
	case TP_PROTECT_COOLDOWN:
		/* the pair's last trade is e itself */
		if (!local)
			return 0;
		f->until = h[e].close_time + p->stop_ms;
		f->side = -1;
		f->count = 1;
		return 1;
	case TP_PROTECT_STOPLOSS_GUARD:
		if (!local && p->only_per_pair)
			return 0;
		return guard(p, h, e, local, f);
	case TP_PROTECT_MAX_DRAWDOWN:
		return local ? 0 : drawdown(p, h, e, f);
	case TP_PROTECT_LOW_PROFIT:
		return local ? low_profit(p, h, e, f) : 0;
	default:
		return 0;
	}
}

/* A lock's end: the start of the candle after until (exchange_utils
 * timeframe_to_next_date, strictly after even on a boundary). */
static int64_t
lock_end(int64_t until, int64_t tf_ms)
{
	return tf_ms > 0 ? tp_time_tf_floor(until, tf_ms) + tf_ms : until;
}

int64_t
tp_protect_horizon(const struct tp_protection *p, int np, int64_t tf_ms,
    int64_t now)
{
	int64_t back = 0;
	int j;

	for (j = 0; j < np; j++)
		if (p[j].lookback_ms + p[j].stop_ms > back)
			back = p[j].lookback_ms + p[j].stop_ms;
	return now - back - tf_ms;
}

int
tp_protect_check(const struct tp_protection *p, int np, int64_t tf_ms,
    const struct tp_protect_trade *h, int n, int sym, int is_short, int64_t now,
    struct tp_protect_lock *lock)
{
	int64_t from = tp_protect_horizon(p, np, tf_ms, now), end;
	struct found f;
	struct tp_protect_lock best = { 0 };
	int e, j, local, got = 0;

	/* Exits after now are of candles the entry comes before. */
	while (n > 0 && h[n - 1].close_time > now)
		n--;
	for (e = n - 1; e >= 0 && h[e].close_time >= from; e--)
		for (j = 0; j < np; j++)
			for (local = 1; local >= 0; local--) {
				/* a local lock is the pair's: judged only at
				 * exits of the pair asking */
				if ((local && h[e].sym != sym) ||
				    !judge(&p[j], h, e, local, &f) ||
				    (f.side >= 0 && f.side != is_short))
					continue;
				/* risk.cooldown_minutes and risk.stoploss_guard
				 * end on the signal's candle, not rounded */
				end = p[j].legacy ? f.until + tf_ms :
				    lock_end(f.until, tf_ms);
				if (end <= now + tf_ms ||
				    (got && end <= best.until))
					continue;
				got = 1;
				best.until = end;
				best.last = f.until - p[j].stop_ms;
				best.which = j;
				best.count = f.count;
				best.value = f.value;
			}
	if (got)
		*lock = best;
	return got;
}

void
tp_protect_why(const struct tp_protection *p, const struct tp_protect_lock *lock,
    const char *symbol, int64_t now, char *why, size_t n)
{
	const struct tp_protection *q = &p[lock->which];
	long long ago = (long long)((now - lock->last) / 60000),
	    back = (long long)(q->lookback_ms / 60000);
	char until[32];
	int k = 0;

	if (symbol == NULL || *symbol == '\0')
		symbol = "the symbol";
	switch (q->method) {
	case TP_PROTECT_COOLDOWN:
		k = snprintf(why, n, "%s is cooling down: exited %lld minutes "
		    "ago (cooldown %lld)", symbol, ago,
		    (long long)(q->stop_ms / 60000));
		break;
	case TP_PROTECT_STOPLOSS_GUARD:
		k = snprintf(why, n, "%d stop-losses in the last %lld minutes "
		    "(guard: %d)", lock->count, back, q->trade_limit);
		break;
	case TP_PROTECT_MAX_DRAWDOWN:
		k = snprintf(why, n, "drawdown %.4g of the %d trades closed in "
		    "%lld minutes passed %.4g", lock->value, lock->count, back,
		    q->max_allowed_drawdown);
		break;
	case TP_PROTECT_LOW_PROFIT:
		k = snprintf(why, n, "%s made %.4g in %d trades in %lld "
		    "minutes, under %.4g", symbol, lock->value, lock->count,
		    back, q->required_profit);
		break;
	default:
		break;
	}
	if (q->legacy || k < 0 || (size_t)k >= n)
		return;
	tp_time_format_iso(lock->until, until);
	snprintf(why + k, n - (size_t)k, "; %s until %s",
	    tp_protect_names[q->method], until);
}
