/*
 * tp_ma.c: moving averages of TA-Lib's MA types, streaming (tp_ind.h),
 * and the Hilbert transform core that MAMA shares with the HT_ functions
 * (lib/ind/ma.h).
 *
 * Each type follows TA-Lib's batch function: the same seed, the same
 * lookback, the same running sums and the same order of operations, so
 * that streaming from the first value gives TA-Lib's numbers.  Sources
 * (the method, not the code): TA-Lib's ta_SMA.c, ta_EMA.c, ta_WMA.c,
 * ta_DEMA.c, ta_TEMA.c (Patrick Mulloy, S&C 12:1 and 12:2, 1994),
 * ta_TRIMA.c, ta_KAMA.c (Perry Kaufman), ta_MAMA.c (John Ehlers, "MESA
 * Adaptive Moving Averages", S&C 2001, and "Rocket Science for Traders"),
 * ta_T3.c (Tim Tillson, S&C 1998), and TA_MA() with TA_MA_Lookback(): a
 * period of 1 copies the input whatever the type, MAMA runs with limits
 * 0.5 and 0.05 whatever the period, T3 with volume factor 0.7.
 *
 * Memory given by the caller (tp_ma_size()): SMA, WMA, TRIMA and KAMA a
 * ring of the last period values, T3 its four coefficients, MAMA a struct
 * tp_ma_mama; EMA, DEMA and TEMA none.
 */
#include <math.h>
#include <string.h>

#include "ind/tp_ind.h"
#include "ind/ma.h"

/* The chained EMAs of DEMA, TEMA and T3. */
static int
stages(enum tp_ma_type type)
{
	return type == TP_MA_DEMA ? 2 : type == TP_MA_TEMA ? 3 : 6;
}

size_t
tp_ma_size(enum tp_ma_type type, int period)
{
	switch (type) {
	case TP_MA_SMA:
	case TP_MA_WMA:
	case TP_MA_TRIMA:
	case TP_MA_KAMA:
		return (size_t)period * sizeof(double);
	case TP_MA_T3:
		return 4 * sizeof(double);
	case TP_MA_MAMA:
		return sizeof(struct tp_ma_mama);
	default:
		return 0;
	}
}

int
tp_ma_lookback(enum tp_ma_type type, int period)
{
	if (period < 1 || period > 100000)
		return -1;
	if (period == 1)
		return type < TP_MA_N ? 0 : -1;
	switch (type) {
	case TP_MA_SMA:
	case TP_MA_EMA:
	case TP_MA_WMA:
	case TP_MA_TRIMA:
		return period - 1;
	case TP_MA_DEMA:
	case TP_MA_TEMA:
	case TP_MA_T3:
		return stages(type) * (period - 1);
	case TP_MA_KAMA:
		return period;
	case TP_MA_MAMA:
		return 32;
	default:
		return -1;
	}
}

void
tp_ma_t3_vfactor(struct tp_ma *ma, double v)
{
	double *c = ma->mem, v2 = v * v;

	if (ma->type != TP_MA_T3)
		return;
	/* Tillson's GD applied three times, expanded: c1 e6 + c2 e5 +
	 * c3 e4 + c4 e3, with TA-Lib's grouping of the terms. */
	c[0] = -(v2 * v);
	c[1] = 3.0 * (v2 - c[0]);
	c[2] = -6.0 * v2 - 3.0 * (v - c[0]);
	c[3] = 1.0 + 3.0 * v - c[0] + 3.0 * v2;
}

int
tp_ma_init(struct tp_ma *ma, enum tp_ma_type type, int period, void *mem)
{
	if (tp_ma_lookback(type, period) < 0)
		return -1;
	memset(ma, 0, sizeof(*ma));
	ma->type = type;
	ma->period = period;
	ma->mem = mem;
	ma->k = 2.0 / (period + 1);
	if (type == TP_MA_T3)
		tp_ma_t3_vfactor(ma, 0.7);
	if (type == TP_MA_MAMA) {
		ma->sub = mem;
		tp_ma_mama_init(ma->sub, 0.5, 0.05);
	}
	return 0;
}

/* SMA: a running sum over a ring of the last period values; the oldest
 * value leaves the sum just before the newest joins it, as in TA-Lib. */
static double
sma(struct tp_ma *ma, double x)
{
	double *r = ma->mem;

	if (ma->n >= ma->period)
		ma->sum -= r[ma->ring];
	r[ma->ring] = x;
	ma->ring = ma->ring + 1 == ma->period ? 0 : ma->ring + 1;
	ma->sum += x;
	ma->n++;
	return ma->n < ma->period ? NAN : ma->sum / ma->period;
}

/* EMA: seeded with the SMA of the first period values (TA-Lib's default
 * compatibility), then prev + k (x - prev). */
static double
ema(struct tp_ma *ma, double x)
{
	ma->n++;
	if (ma->n < ma->period) {
		ma->sum += x;
		return NAN;
	}
	if (ma->n == ma->period) {
		ma->sum += x;
		ma->prev = ma->sum / ma->period;
		return ma->prev;
	}
	ma->prev = (x - ma->prev) * ma->k + ma->prev;
	return ma->prev;
}

/* WMA: weights 1..period, newest heaviest, kept as TA-Lib keeps them:
 * the plain sum of the window (ma->sum) and the weighted sum (ma->wsum),
 * from which the plain sum is taken after each output, lowering every
 * weight by one; ma->prev is the value to leave the window next. */
static double
wma(struct tp_ma *ma, double x)
{
	double *r = ma->mem, out;
	int p = ma->period;
	long t = ma->n++;

	r[ma->ring] = x;
	ma->ring = ma->ring + 1 == p ? 0 : ma->ring + 1;
	ma->sum += x;
	if (t < p - 1) {
		ma->wsum += x * ((double)t + 1.0);
		return NAN;
	}
	ma->sum -= ma->prev;
	ma->wsum += x * p;
	ma->prev = r[ma->ring];
	out = ma->wsum / ((double)p * (p + 1) / 2);
	ma->wsum -= ma->sum;
	return out;
}

/*
 * DEMA, TEMA, T3: a chain of EMAs, each seeded, as TA-Lib's EMA is, with
 * the mean of its first period inputs, and fed from the first output of
 * the one before.  Stage j gets its first input on value j (period - 1)
 * + 1, so only one stage is seeding at a time and ma->sum serves all.
 * T3 updates as k x + (1 - k) e, the others as (x - e) k + e, as TA-Lib
 * writes them.
 */
static double
chain(struct tp_ma *ma, double x)
{
	int j, ns = stages(ma->type), p = ma->period;
	double v = x, k = ma->k, k1 = 1.0 - ma->k, *e = ma->e, *c = ma->mem;
	long m;

	ma->n++;
	for (j = 0; j < ns; j++) {
		m = ma->n - (long)j * (p - 1);	/* inputs of stage j */
		if (m <= p) {
			ma->sum += v;
			if (m < p)
				return NAN;
			e[j] = ma->sum / p;
			ma->sum = 0;
		} else if (ma->type == TP_MA_T3)
			e[j] = k * v + k1 * e[j];
		else
			e[j] = (v - e[j]) * k + e[j];
		v = e[j];
	}
	if (ma->type == TP_MA_DEMA)
		return 2.0 * e[0] - e[1];
	if (ma->type == TP_MA_TEMA)
		return e[2] + (3.0 * e[0] - 3.0 * e[1]);
	return c[0] * e[5] + c[1] * e[4] + c[2] * e[3] + c[3] * e[2];
}

/*
 * TRIMA: weights 1, 2, ..., rising to the middle and falling again.  As
 * TA-Lib does, the weighted sum (ma->sum) is moved along with two plain
 * sums, of the older half up to the middle value (ma->wsum) and of the
 * newer half after it (ma->prev), rather than as an SMA of an SMA.
 */
static double
trima(struct tp_ma *ma, double x)
{
	double *r = ma->mem, old, mid, f;
	int p = ma->period, h = p >> 1, i, m;

	f = p % 2 ? 1.0 / ((h + 1.0) * (h + 1.0)) : 1.0 / (h * (h + 1.0));
	if (ma->n < p - 1) {
		r[ma->n++] = x;
		return NAN;
	}
	if (ma->n == p - 1) {
		/* The first window: the older half (up to the middle value,
		 * which is r[h] for odd periods, r[h - 1] for even ones)
		 * summed from the middle back, then the newer half. */
		r[ma->n++] = x;
		m = p % 2 ? h : h - 1;
		for (i = m; i >= 0; i--) {
			ma->wsum += r[i];
			ma->sum += ma->wsum;
		}
		for (i = m + 1; i < p; i++) {
			ma->prev += r[i];
			ma->sum += ma->prev;
		}
		return ma->sum * f;
	}
	/* The value leaving (period values back) and the one that moves
	 * from the newer half to the older (h values back). */
	old = r[ma->ring];
	m = ma->ring - h;
	mid = r[m < 0 ? m + p : m];
	ma->sum -= ma->wsum;
	ma->wsum -= old;
	ma->wsum += mid;
	if (p % 2) {
		ma->sum += ma->prev;
		ma->prev -= mid;
	} else {
		ma->prev -= mid;
		ma->sum += ma->prev;
	}
	ma->prev += x;
	ma->sum += x;
	r[ma->ring] = x;
	ma->ring = ma->ring + 1 == p ? 0 : ma->ring + 1;
	ma->n++;
	return ma->sum * f;
}

/*
 * KAMA: an EMA whose factor follows Kaufman's efficiency ratio, the net
 * change over period values against the sum of the one-bar changes
 * (ma->sum): sc = (er (2/3 - 2/31) + 2/31)^2.  The first KAMA starts
 * from the value before it.  e[0] is the last input, e[1] the one that
 * left the window last.
 */
static double
kama(struct tp_ma *ma, double x)
{
	const double fastest = 2.0 / (2.0 + 1.0), slowest = 2.0 / (30.0 + 1.0);
	double *r = ma->mem, old, roc, er, sc;
	int p = ma->period;

	if (ma->n <= p) {
		/* The first period one-bar changes. */
		if (ma->n > 0)
			ma->sum += fabs(ma->e[0] - x);
		ma->e[0] = x;
		if (ma->n < p) {
			r[ma->n++] = x;
			ma->ring = ma->n == p ? 0 : (int)ma->n;
			return NAN;
		}
		ma->prev = r[p - 1];
	}
	old = r[ma->ring];
	if (ma->n > p) {
		/* The change leaving the window, then the new one. */
		ma->sum -= fabs(ma->e[1] - old);
		ma->sum += fabs(x - ma->e[0]);
	}
	ma->e[1] = old;
	roc = x - old;
	if (ma->sum <= roc || (-1e-14 < ma->sum && ma->sum < 1e-14))
		er = 1.0;
	else
		er = fabs(roc / ma->sum);
	sc = er * (fastest - slowest) + slowest;
	sc *= sc;
	ma->prev = (x - ma->prev) * sc + ma->prev;
	r[ma->ring] = x;
	ma->ring = ma->ring + 1 == p ? 0 : ma->ring + 1;
	ma->e[0] = x;
	ma->n++;
	return ma->prev;
}

double
tp_ma_update(struct tp_ma *ma, double x)
{
	if (ma->period == 1)
		return x;
	switch (ma->type) {
	case TP_MA_SMA:
		return sma(ma, x);
	case TP_MA_EMA:
		return ema(ma, x);
	case TP_MA_WMA:
		return wma(ma, x);
	case TP_MA_DEMA:
	case TP_MA_TEMA:
	case TP_MA_T3:
		return chain(ma, x);
	case TP_MA_TRIMA:
		return trima(ma, x);
	case TP_MA_KAMA:
		return kama(ma, x);
	case TP_MA_MAMA:
		if (!tp_ma_mama_update(ma->sub, x))
			return NAN;
		return ((struct tp_ma_mama *)ma->sub)->mama;
	default:
		return NAN;
	}
}

/* ---- the Hilbert transform (lib/ind/ma.h) ---------------------------- */

double
tp_ma_ht_rad2deg(void)
{
	return 45.0 / atan(1);
}

void
tp_ma_ht_init(struct tp_ma_ht *h, int start)
{
	memset(h, 0, sizeof(*h));
	h->start = start;
}

/* One transform of Ehlers' Hilbert filter, 0.0962 x + 0.5769 x[2] -
 * 0.5769 x[4] - 0.0962 x[6] scaled by adj, the x[k] being the inputs of
 * the same parity k bars back. */
static void
xform(struct tp_ma_ht_xf *f, double in, int even, int idx, double adj)
{
	double *line = even ? f->even : f->odd;
	double *prev = even ? &f->prev_even : &f->prev_odd;
	double *last = even ? &f->in_even : &f->in_odd;
	double t = 0.0962 * in, v;

	v = -line[idx];
	line[idx] = t;
	v += t;
	v -= *prev;
	*prev = 0.5769 * *last;
	v += *prev;
	*last = in;
	f->v = v * adj;
}

int
tp_ma_ht_update(struct tp_ma_ht *h, double x)
{
	long t = h->n++;
	double adj, q2, i2, old, p, lim;
	int even = t % 2 == 0;

	/* The 4-bar WMA of the price, weights 4 3 2 1, over 10. */
	if (t < 3) {
		h->wsub += x;
		h->wsum += x * ((double)t + 1.0);
		h->last[t] = x;
		return 0;
	}
	h->wsub += x;
	h->wsub -= h->trail;
	h->wsum += x * 4.0;
	h->trail = h->last[t % 3];
	h->last[t % 3] = x;
	h->smooth = h->wsum * 0.1;
	h->wsum -= h->wsub;
	if (t < h->start)
		return 0;

	adj = 0.075 * h->period + 0.54;
	h->i1 = even ? h->i1_even3 : h->i1_odd3;
	xform(&h->det, h->smooth, even, h->hidx, adj);
	xform(&h->q1, h->det.v, even, h->hidx, adj);
	xform(&h->ji, h->i1, even, h->hidx, adj);
	xform(&h->jq, h->q1.v, even, h->hidx, adj);
	if (even) {
		if (++h->hidx == 3)
			h->hidx = 0;
		h->i1_odd3 = h->i1_odd2;
		h->i1_odd2 = h->det.v;
	} else {
		h->i1_even3 = h->i1_even2;
		h->i1_even2 = h->det.v;
	}
	/* The phasor, smoothed, and the homodyne discriminator: its
	 * product with the bar before's (still in h->q2, h->i2). */
	q2 = 0.2 * (h->q1.v + h->ji.v) + 0.8 * h->q2;
	i2 = 0.2 * (h->i1 - h->jq.v) + 0.8 * h->i2;
	h->re = 0.2 * (i2 * h->i2 + q2 * h->q2) + 0.8 * h->re;
	h->im = 0.2 * (i2 * h->q2 - q2 * h->i2) + 0.8 * h->im;
	h->q2 = q2;
	h->i2 = i2;

	/* The period from the phase change of the homodyne discriminator,
	 * limited to 0.67-1.5 times the last one and to 6-50 bars, then
	 * smoothed. */
	old = h->period;
	p = old;
	if (h->im != 0.0 && h->re != 0.0)
		p = 360.0 / (atan(h->im / h->re) * tp_ma_ht_rad2deg());
	lim = 1.5 * old;
	if (p > lim)
		p = lim;
	lim = 0.67 * old;
	if (p < lim)
		p = lim;
	if (p < 6)
		p = 6;
	else if (p > 50)
		p = 50;
	h->period = 0.2 * p + 0.8 * old;
	return 1;
}

/* ---- MAMA ---------------------------------------------------------------- */

void
tp_ma_mama_init(struct tp_ma_mama *m, double fastlimit, double slowlimit)
{
	memset(m, 0, sizeof(*m));
	tp_ma_ht_init(&m->ht, 12);
	m->fast = fastlimit;
	m->slow = slowlimit;
}

/* alpha = fastlimit / (the fall of the phase since the bar before),
 * between slowlimit and fastlimit; FAMA follows MAMA with alpha / 2. */
int
tp_ma_mama_update(struct tp_ma_mama *m, double x)
{
	double phase = 0.0, dphase, alpha;

	if (!tp_ma_ht_update(&m->ht, x))
		return 0;
	if (m->ht.i1 != 0.0)
		phase = atan(m->ht.q1.v / m->ht.i1) * tp_ma_ht_rad2deg();
	dphase = m->phase - phase;
	m->phase = phase;
	if (dphase < 1.0)
		dphase = 1.0;
	if (dphase > 1.0) {
		alpha = m->fast / dphase;
		if (alpha < m->slow)
			alpha = m->slow;
	} else
		alpha = m->fast;
	m->mama = alpha * x + (1 - alpha) * m->mama;
	alpha *= 0.5;
	m->fama = alpha * m->mama + (1 - alpha) * m->fama;
	return m->ht.n > 32;
}
