/*
 * TRANGE, ATR, NATR: Wilder's true range and its average as TA-Lib
 * computes them (ta_TRANGE.c, ta_ATR.c, ta_NATR.c; Wilder, New Concepts
 * in Technical Trading Systems, 1978).
 *
 * The true range needs the previous close, so the first bar has none
 * (TA-Lib skips it rather than use high - low).  ATR(n) is seeded with
 * the simple mean of the first n true ranges (bars 1..n, summed in
 * order), then smoothed as atr = (atr (n - 1) + tr) / n; no unstable
 * period.  NATR is 100 atr / close, 0 when the close is zero.  Keep ATR
 * and NATR in step; RSI uses the same smoothing.  tp_atr_update() also
 * serves Keltner and Supertrend (lib/ind/atrband.c).
 */
#include "ind.h"

/* The true range of this bar; NaN on the first bar. */
static double
true_range(struct tp_atr *s, const double *in)
{
	double tr = s->n == 0 ? NAN : tp_true_range(in[TP_IN_HIGH],
	    in[TP_IN_LOW], s->prev_close);

	s->prev_close = in[TP_IN_CLOSE];
	s->n++;
	return tr;
}

void
tp_atr_init(struct tp_atr *s, int period)
{
	memset(s, 0, sizeof(*s));
	s->period = period;
}

/* One bar of Wilder's average of the true range; NaN while warming up. */
double
tp_atr_update(struct tp_atr *s, const double *in)
{
	double tr = true_range(s, in);

	if (s->n <= 1)
		return NAN;
	if (s->n <= s->period + 1) {
		s->atr += tr;
		if (s->n <= s->period)
			return NAN;
		s->atr /= s->period;
		return s->atr;
	}
	s->atr *= s->period - 1;
	s->atr += tr;
	s->atr /= s->period;
	return s->atr;
}

static size_t
atr_size(const double *p)
{
	(void)p;
	return sizeof(struct tp_atr);
}

static int
atr_init(void *st, const double *p, const char **why)
{
	struct tp_atr *s = st;

	(void)why;
	s->period = (int)p[0];	/* 0 for TRANGE, which has no period */
	return 0;
}

static void
trange_update(void *st, const double *in, double *out)
{
	out[0] = true_range(st, in);
}

static void
atr_update(void *st, const double *in, double *out)
{
	out[0] = tp_atr_update(st, in);
}

/*
 * TA-Lib's NATR returns the plain true range, not normalised, when the
 * period is 1 (it hands the call to TRANGE); kept so as to match it.  On a
 * zero close after its first output TA-Lib leaves the value unwritten (it
 * zeroes out[0] instead); we give the 0 it meant.
 */
static void
natr_update(void *st, const double *in, double *out)
{
	struct tp_atr *s = st;
	double atr = tp_atr_update(s, in), c = in[TP_IN_CLOSE];

	if (isnan(atr) || s->period == 1)
		out[0] = atr;
	else
		out[0] = TP_IS_ZERO(c) ? 0.0 : (atr / c) * 100.0;
}

const struct tp_ind_def tp_ind_trange = {
	.name = "trange", .talib = "TRANGE", .group = "volatility",
	.help = "true range (Wilder)",
	.inputs = TP_IN_HLC,
	.nout = 1, .out = { { "trange", "" } },
	.size = atr_size, .init = atr_init, .update = trange_update,
};

const struct tp_ind_def tp_ind_atr = {
	.name = "atr", .talib = "ATR", .group = "volatility",
	.help = "average true range (Wilder)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 1) },
	.nout = 1, .out = { { "atr", "" } },
	.size = atr_size, .init = atr_init, .update = atr_update,
};

const struct tp_ind_def tp_ind_natr = {
	.name = "natr", .talib = "NATR", .group = "volatility",
	.help = "normalised average true range, percent of the close",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 1) },
	.nout = 1, .out = { { "natr", "" } },
	.size = atr_size, .init = atr_init, .update = natr_update,
};
