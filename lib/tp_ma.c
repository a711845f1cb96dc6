/*
 * tp_ma.c: moving averages of TA-Lib's MA types, streaming (tp_ind.h).
 *
 * Each type follows TA-Lib's batch function: the same seed, the same
 * lookback, the same running sums, so that streaming from the first value
 * gives TA-Lib's numbers.  Sources: TA-Lib's ta_SMA.c, ta_EMA.c, ta_WMA.c
 * (the method, not the code), and the lookbacks of TA_MA_Lookback().
 *
 * Types not yet implemented return -1 from tp_ma_lookback(), so an
 * indicator asked for them refuses its parameters cleanly.
 */
#include <math.h>
#include <string.h>

#include "tp_ind.h"

size_t
tp_ma_size(enum tp_ma_type type, int period)
{
	switch (type) {
	case TP_MA_SMA:
	case TP_MA_WMA:
		return (size_t)period * sizeof(double);
	default:
		return 0;
	}
}

int
tp_ma_lookback(enum tp_ma_type type, int period)
{
	if (period < 1 || period > 100000)
		return -1;
	switch (type) {
	case TP_MA_SMA:
	case TP_MA_EMA:
	case TP_MA_WMA:
		return period - 1;
	default:
		return -1;
	}
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

/* WMA: weights 1..period, newest heaviest, kept as two running sums. */
static double
wma(struct tp_ma *ma, double x)
{
	double *r = ma->mem, div = ma->period * (ma->period + 1) / 2.0;
	double old;

	if (ma->n < ma->period) {
		r[ma->n] = x;
		ma->n++;
		ma->sum += x;
		ma->wsum += x * ma->n;
		return ma->n < ma->period ? NAN : ma->wsum / div;
	}
	old = r[ma->ring];
	r[ma->ring] = x;
	ma->ring = (ma->ring + 1) % ma->period;
	ma->n++;
	/* Every weight drops by one as the newest value comes in at n. */
	ma->wsum += x * ma->period - ma->sum;
	ma->sum += x - old;
	return ma->wsum / div;
}

double
tp_ma_update(struct tp_ma *ma, double x)
{
	switch (ma->type) {
	case TP_MA_SMA:
		return sma(ma, x);
	case TP_MA_EMA:
		return ema(ma, x);
	case TP_MA_WMA:
		return wma(ma, x);
	default:
		return NAN;
	}
}
