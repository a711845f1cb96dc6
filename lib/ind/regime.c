/*
 * regime: the market regime of each candle, by three documented rules
 * (tp-ind(1), INDICATORS), checked in this order:
 *
 *   volatile    ATR(atrperiod) is above at least atrpct of its previous
 *               atrwindow values (its percentile rank);
 *   trend_up    ADX(adxperiod) >= adxmin and EMA(emaperiod) is above its
 *               value slopebars candles ago;
 *   trend_down  ADX(adxperiod) >= adxmin and that EMA is below it;
 *   range       anything else.
 *
 * ADX >= 25 as "trending" is Wilder's own reading of ADX (New Concepts in
 * Technical Trading Systems, 1978); the slope of a long EMA gives the
 * direction; the ATR percentile flags candles whose range is unusual for
 * the series itself, whatever its price level (a flat ATR ranks 0).  ADX, ATR and EMA are the
 * TA-Lib-exact indicators of this directory, found in the registry.
 * Missing until all three are warm and the ATR window is full.
 */
#include "ind.h"

enum { P_ADX, P_ADXMIN, P_ATR, P_WINDOW, P_PCT, P_EMA, P_SLOPE };
enum { R_RANGE, R_UP, R_DOWN, R_VOLATILE };

const char *const tp_regime_labels[] = {
	"range", "trend_up", "trend_down", "volatile", NULL
};

struct regime {
	const struct tp_ind_def *adx, *atr, *ema;
	size_t adx_off, atr_off, ema_off, ring_off, slope_off;
	int window, slope;
	double adxmin, pct;
	long n;			/* ATR values in the ring */
	long m;			/* EMA values in the slope ring */
};

struct parts {
	const struct tp_ind_def *adx, *atr, *ema;
	double padx[TP_IND_MAXP], patr[TP_IND_MAXP], pema[TP_IND_MAXP];
	size_t adx_off, atr_off, ema_off, ring_off, slope_off, total;
};

static size_t
align(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/* Where each part of the state goes, for parameters p. */
static int
layout(const double *p, struct parts *q)
{
	q->adx = tp_ind_find("adx");
	q->atr = tp_ind_find("atr");
	q->ema = tp_ind_find("ema");
	if (q->adx == NULL || q->atr == NULL || q->ema == NULL)
		return -1;
	q->padx[0] = p[P_ADX];
	q->patr[0] = p[P_ATR];
	q->pema[0] = p[P_EMA];
	q->adx_off = align(sizeof(struct regime));
	q->atr_off = q->adx_off + align(q->adx->size(q->padx));
	q->ema_off = q->atr_off + align(q->atr->size(q->patr));
	q->ring_off = q->ema_off + align(q->ema->size(q->pema));
	q->slope_off = q->ring_off + align((size_t)p[P_WINDOW] *
	    sizeof(double));
	q->total = q->slope_off + ((size_t)p[P_SLOPE] + 1) * sizeof(double);
	return 0;
}

static size_t
regime_size(const double *p)
{
	struct parts q;

	return layout(p, &q) < 0 ? sizeof(struct regime) : q.total;
}

static int
regime_init(void *st, const double *p, const char **why)
{
	struct regime *s = st;
	unsigned char *b = st;
	struct parts q;

	if (layout(p, &q) < 0) {
		*why = "regime needs adx, atr and ema";
		return -1;
	}
	s->adx = q.adx;
	s->atr = q.atr;
	s->ema = q.ema;
	s->adx_off = q.adx_off;
	s->atr_off = q.atr_off;
	s->ema_off = q.ema_off;
	s->ring_off = q.ring_off;
	s->slope_off = q.slope_off;
	s->window = (int)p[P_WINDOW];
	s->slope = (int)p[P_SLOPE];
	s->adxmin = p[P_ADXMIN];
	s->pct = p[P_PCT];
	if (q.adx->init(b + q.adx_off, q.padx, why) < 0 ||
	    q.atr->init(b + q.atr_off, q.patr, why) < 0 ||
	    q.ema->init(b + q.ema_off, q.pema, why) < 0)
		return -1;
	return 0;
}

/* The share of the ring's values strictly below x. */
static double
rank(const double *ring, int n, double x)
{
	int i, below = 0;

	for (i = 0; i < n; i++)
		below += ring[i] < x;
	return (double)below / n;
}

static void
regime_update(void *st, const double *in, double *out)
{
	struct regime *s = st;
	unsigned char *b = st;
	double *ring = (double *)(b + s->ring_off);
	double *slope = (double *)(b + s->slope_off);
	double adx, atr, ema, then, r;
	int full;

	s->adx->update(b + s->adx_off, in, &adx);
	s->atr->update(b + s->atr_off, in, &atr);
	s->ema->update(b + s->ema_off, in, &ema);
	out[0] = NAN;
	if (isnan(atr) || isnan(ema))
		return;
	full = s->n >= s->window;
	r = full ? rank(ring, s->window, atr) : 0;
	ring[s->n % s->window] = atr;
	s->n++;
	then = slope[s->m % (s->slope + 1)];
	slope[s->m % (s->slope + 1)] = ema;
	s->m++;
	if (!full || isnan(adx) || s->m <= s->slope)
		return;
	if (r >= s->pct)
		out[0] = R_VOLATILE;
	else if (adx >= s->adxmin && ema > then)
		out[0] = R_UP;
	else if (adx >= s->adxmin && ema < then)
		out[0] = R_DOWN;
	else
		out[0] = R_RANGE;
}

const struct tp_ind_def tp_ind_regime = {
	.name = "regime", .talib = NULL, .group = "other",
	.help = "market regime: trend_up, trend_down, range or volatile",
	.inputs = TP_IN_HLC | TP_IN_BIT(TP_IN_REAL), .nparams = 7,
	.params = {
		{ "adxperiod", TP_P_INT, 14, 2, 100000 },
		{ "adxmin", TP_P_REAL, 25, 0, 100 },
		{ "atrperiod", TP_P_INT, 14, 1, 100000 },
		{ "atrwindow", TP_P_INT, 100, 2, 100000 },
		{ "atrpct", TP_P_REAL, 0.9, 0, 1 },
		{ "emaperiod", TP_P_INT, 50, 2, 100000 },
		{ "slopebars", TP_P_INT, 5, 1, 1000 },
	},
	.nout = 1, .out = { { "regime", "" } },
	.labels = TP_LABELS_REGIME,
	.size = regime_size, .init = regime_init, .update = regime_update,
};
