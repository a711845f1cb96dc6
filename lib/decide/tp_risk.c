/*
 * tp_risk.c: sizing, stops, portfolio limits and tail risk (tp_risk.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "decide/tp_risk.h"

double
tp_risk_kelly(double p, double b)
{
	return b > 0 ? p - (1 - p) / b : NAN;
}

double
tp_risk_stop_ratio(double entry, double ratio, int is_short)
{
	return is_short ? entry * (1 + ratio) : entry * (1 - ratio);
}

double
tp_risk_stop_atr(double entry, double atr, double mult, double lo, double hi,
    int is_short)
{
	double d = mult * atr / entry;

	if (d < lo)
		d = lo;
	if (hi > 0 && d > hi)
		d = hi;
	return tp_risk_stop_ratio(entry, d, is_short);
}

double
tp_risk_position(const struct tp_position *p)
{
	double pos = p->stake * (p->leverage >= 1 ? p->leverage : 1), loss;

	if (!(p->stop > 0) || !(p->entry > 0))
		return p->stake;
	loss = pos * (p->is_short ? p->stop - p->entry : p->entry - p->stop) /
	    p->entry;
	/* a stop already past the entry locks in profit: no risk */
	return loss > 0 ? loss : 0;
}

static enum tp_risk_verdict
say(enum tp_risk_verdict v, char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum tp_risk_verdict
say(enum tp_risk_verdict v, char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return v;
}

/* The account-wide limits: the kill switch, the daily loss. */
static enum tp_risk_verdict
account(const struct tp_limits *l, const struct tp_book *b, char *why,
    size_t n)
{
	double dd = b->peak_equity > 0 ? 1 - b->equity / b->peak_equity : 0;
	double day = b->day_start_equity > 0 ?
	    1 - b->equity / b->day_start_equity : 0;

	if (l->max_drawdown > 0 && dd >= l->max_drawdown)
		return say(TP_RISK_HALT, why, n, "drawdown %.4g reached the "
		    "kill switch at %.4g", dd, l->max_drawdown);
	if (l->daily_loss > 0 && day >= l->daily_loss)
		return say(TP_RISK_REJECT, why, n, "daily loss %.4g reached "
		    "the limit %.4g", day, l->daily_loss);
	return TP_RISK_OK;
}

int
tp_risk_protections(const struct tp_limits *l, struct tp_protection *out)
{
	int k = 0, j;

	if (l->cooldown_ms > 0) {
		tp_protect_defaults(&out[k], TP_PROTECT_COOLDOWN);
		out[k].stop_ms = l->cooldown_ms;
		out[k++].legacy = 1;
	}
	if (l->stop_streak > 0) {
		tp_protect_defaults(&out[k], TP_PROTECT_STOPLOSS_GUARD);
		out[k].trade_limit = l->stop_streak;
		out[k].lookback_ms = out[k].stop_ms = l->stop_window_ms;
		out[k++].legacy = 1;
	}
	for (j = 0; j < l->nprot && j < TP_PROTECT_MAX; j++)
		out[k++] = l->prot[j];
	return k;
}

/* The protections (tp_protect.h): is the order's pair locked? */
static enum tp_risk_verdict
protect(const struct tp_limits *l, const struct tp_book *b,
    const struct tp_order_req *o, char *why, size_t n)
{
	struct tp_protection p[TP_PROTECT_MAX + 2];
	struct tp_protect_lock lock;
	int np = tp_risk_protections(l, p);

	if (np == 0 || !tp_protect_check(p, np, b->tf_ms, b->closed,
	    b->nclosed, b->sym, o->is_short, b->now, &lock))
		return TP_RISK_OK;
	tp_protect_why(p, &lock, o->symbol, b->now, why, n);
	return TP_RISK_REJECT;
}

enum tp_risk_verdict
tp_risk_check(const struct tp_limits *l, const struct tp_book *b,
    const struct tp_order_req *o, char *why, size_t n)
{
	struct tp_position np = { o->symbol, o->is_short, o->stake,
	    o->leverage, o->entry, o->stop };
	double lev = o->leverage >= 1 ? o->leverage : 1, heat, sym, tot;
	enum tp_risk_verdict v = account(l, b, why, n);
	int k;

	if (v != TP_RISK_OK)
		return v;
	if (l->max_open_trades > 0 && b->npos >= l->max_open_trades)
		return say(TP_RISK_REJECT, why, n, "%d trades open (max %d)",
		    b->npos, l->max_open_trades);
	if (l->max_leverage > 0 && lev > l->max_leverage)
		return say(TP_RISK_REJECT, why, n, "leverage %.4g is above the "
		    "cap %.4g", lev, l->max_leverage);
	if (l->min_liq_distance > 0 && o->liquidation > 0 &&
	    fabs(o->entry - o->liquidation) / o->entry < l->min_liq_distance)
		return say(TP_RISK_REJECT, why, n, "liquidation %.4g%% from "
		    "the entry, under the minimum %.4g%%",
		    100 * fabs(o->entry - o->liquidation) / o->entry,
		    100 * l->min_liq_distance);
	if ((v = protect(l, b, o, why, n)) != TP_RISK_OK)
		return v;
	heat = tp_risk_position(&np);
	sym = tot = o->stake * lev;
	for (k = 0; k < b->npos; k++) {
		const struct tp_position *p = &b->pos[k];
		double pos = p->stake * (p->leverage >= 1 ? p->leverage : 1);

		heat += tp_risk_position(p);
		tot += pos;
		if (p->symbol != NULL && o->symbol != NULL &&
		    strcmp(p->symbol, o->symbol) == 0)
			sym += pos;
	}
	if (l->max_exposure_symbol > 0 &&
	    sym / b->equity > l->max_exposure_symbol)
		return say(TP_RISK_REJECT, why, n, "exposure to %s %.4g would "
		    "pass the cap %.4g", o->symbol, sym / b->equity,
		    l->max_exposure_symbol);
	if (l->max_exposure_total > 0 &&
	    tot / b->equity > l->max_exposure_total)
		return say(TP_RISK_REJECT, why, n, "total exposure %.4g would "
		    "pass the cap %.4g", tot / b->equity,
		    l->max_exposure_total);
	if (l->max_heat > 0 && heat / b->equity > l->max_heat)
		return say(TP_RISK_REJECT, why, n, "portfolio heat %.4g would "
		    "pass the cap %.4g", heat / b->equity, l->max_heat);
	return TP_RISK_OK;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
tp_risk_var_cvar(double *r, int n, double level, double *var, double *cvar)
{
	double h, q, sum = 0;
	int lo, k, m = 0;

	if (n < 1)
		return -1;
	qsort(r, (size_t)n, sizeof(*r), by_value);
	/* method 7: h = (n - 1) p, between r[floor h] and the next */
	h = (n - 1) * (1 - level);
	lo = (int)floor(h);
	q = lo + 1 < n ? r[lo] + (h - lo) * (r[lo + 1] - r[lo]) : r[lo];
	for (k = 0; k < n && r[k] <= q; k++, m++)
		sum += r[k];
	*var = -q;
	*cvar = m > 0 ? -sum / m : -q;
	return 0;
}

void
tp_risk_order_id(const char *strategy, const char *symbol, int64_t time,
    const char *what, char *id)
{
	crypto_generichash_state h;
	unsigned char out[32];
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", (long long)time);

	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	crypto_generichash_update(&h, (const unsigned char *)strategy,
	    strlen(strategy) + 1);
	crypto_generichash_update(&h, (const unsigned char *)symbol,
	    strlen(symbol) + 1);
	crypto_generichash_update(&h, (const unsigned char *)t, (size_t)n + 1);
	crypto_generichash_update(&h, (const unsigned char *)what,
	    strlen(what) + 1);
	crypto_generichash_final(&h, out, sizeof(out));
	id[0] = 't';
	id[1] = 'p';
	sodium_bin2hex(id + 2, 33, out, 16);
}
