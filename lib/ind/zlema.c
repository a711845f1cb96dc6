/*
 * ZLEMA: zero-lag exponential moving average, not in TA-Lib.  After John
 * Ehlers and Ric Way ("Zero Lag (Well, Almost)", Technical Analysis of
 * Stocks & Commodities, November 2010), in the common form that removes
 * the EMA's lag by extrapolating the input before averaging it:
 *   lag = floor((n - 1) / 2),  zlema = EMA(2 x - x[lag], n)
 * where x[lag] is the value lag bars back (pandas-ta's zlma and
 * Wikipedia's "Zero lag exponential moving average" give the same).  The
 * EMA is TA-Lib's, run on the adjusted series from its first value (bar
 * lag) and seeded with the SMA of its first n values, so the first output
 * is on bar lag + n - 1, counting from 0: 28 for the default 20.
 * (pandas-ta seeds with the mean of the adjusted values among the first n
 * bars instead, so its first values differ; the difference fades as
 * (1 - 2 / (n + 1))^t.)
 */
#include "ind.h"

struct zlema {
	struct tp_ma ema;
	int lag;
	long n;
	/* a ring of the last lag inputs follows */
};

static size_t
zlema_size(const double *p)
{
	int n = (int)p[0];

	return sizeof(struct zlema) + (size_t)((n - 1) / 2) * sizeof(double) +
	    tp_ma_size(TP_MA_EMA, n);
}

static int
zlema_init(void *st, const double *p, const char **why)
{
	struct zlema *s = st;
	int n = (int)p[0];

	s->lag = (n - 1) / 2;
	if (tp_ma_init(&s->ema, TP_MA_EMA, n, (double *)(s + 1) + s->lag) <
	    0) {
		*why = "period out of range";
		return -1;
	}
	return 0;
}

static void
zlema_update(void *st, const double *in, double *out)
{
	struct zlema *s = st;
	double *ring = (double *)(s + 1), x = in[TP_IN_REAL], old;
	int k;

	out[0] = NAN;
	if (s->lag == 0) {
		out[0] = tp_ma_update(&s->ema, x);
		return;
	}
	/* The value lag bars back sits where this one goes. */
	k = (int)(s->n++ % s->lag);
	old = ring[k];
	ring[k] = x;
	if (s->n > s->lag)
		out[0] = tp_ma_update(&s->ema, 2 * x - old);
}

const struct tp_ind_def tp_ind_zlema = {
	.name = "zlema", .talib = NULL, .group = "other",
	.help = "zero-lag EMA (Ehlers and Way)",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(20, 1) },
	.nout = 1, .out = { { "zlema", "" } },
	.size = zlema_size, .init = zlema_init, .update = zlema_update,
};
