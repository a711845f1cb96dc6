/*
 * MIDPOINT and MIDPRICE: (highest + lowest) / 2 over the last period
 * bars, of one series or of the highs and lows (TA-Lib's ta_MIDPOINT.c,
 * ta_MIDPRICE.c).  TA-Lib rescans the window every bar; here the highest
 * and lowest are kept with their bars and the window is rescanned only
 * when one of them leaves it, which gives the same values.
 */
#include "ind.h"

struct mid {
	int period;
	long n;			/* bars seen */
	long hi_t, lo_t;	/* the bars of the highest and the lowest */
	double hi, lo;
	/* Then two rings of period values: highs, lows, by bar % period. */
};

static size_t
mid_size(const double *p)
{
	return sizeof(struct mid) + 2 * (size_t)p[0] * sizeof(double);
}

static int
mid_init(void *st, const double *p, const char **why)
{
	struct mid *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
mid_step(struct mid *s, double h, double l, double *out)
{
	double *rh = (double *)(s + 1), *rl = rh + s->period;
	long t = s->n++, from = t - s->period + 1, i;
	int p = s->period;

	rh[t % p] = h;
	rl[t % p] = l;
	if (t == 0 || s->hi_t < from) {
		s->hi_t = from < 0 ? 0 : from;
		for (i = s->hi_t; i <= t; i++)
			if (rh[i % p] >= rh[s->hi_t % p])
				s->hi_t = i;
		s->hi = rh[s->hi_t % p];
	} else if (h >= s->hi) {
		s->hi = h;
		s->hi_t = t;
	}
	if (t == 0 || s->lo_t < from) {
		s->lo_t = from < 0 ? 0 : from;
		for (i = s->lo_t; i <= t; i++)
			if (rl[i % p] <= rl[s->lo_t % p])
				s->lo_t = i;
		s->lo = rl[s->lo_t % p];
	} else if (l <= s->lo) {
		s->lo = l;
		s->lo_t = t;
	}
	out[0] = from < 0 ? NAN : (s->hi + s->lo) / 2.0;
}

static void
midpoint_update(void *st, const double *in, double *out)
{
	mid_step(st, in[TP_IN_REAL], in[TP_IN_REAL], out);
}

static void
midprice_update(void *st, const double *in, double *out)
{
	mid_step(st, in[TP_IN_HIGH], in[TP_IN_LOW], out);
}

const struct tp_ind_def tp_ind_midpoint = {
	.name = "midpoint", .talib = "MIDPOINT", .group = "overlap",
	.help = "(highest + lowest) / 2 of one series over the period",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "midpoint", "" } },
	.size = mid_size, .init = mid_init, .update = midpoint_update,
};

const struct tp_ind_def tp_ind_midprice = {
	.name = "midprice", .talib = "MIDPRICE", .group = "overlap",
	.help = "(highest high + lowest low) / 2 over the period",
	.inputs = TP_IN_HL, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "midprice", "" } },
	.size = mid_size, .init = mid_init, .update = midprice_update,
};
