/*
 * CCI: Lambert's commodity channel index (Commodities magazine, 1980) as
 * TA-Lib computes it (ta_CCI.c): (tp - mean) / (0.015 * mean deviation)
 * over the last n typical prices (h + l + c) / 3, 0 when the numerator or
 * the deviation is exactly zero.  The mean deviation needs every price of
 * the window each bar, so this is O(n) a bar as TA-Lib's is; both sums run
 * over the ring in slot order, as TA-Lib's do, for the same rounding.
 */
#include "ind.h"

struct cci {
	int period;
	long n;			/* bars seen */
	/* then period typical prices, bar k in slot k % period */
};

static size_t
cci_size(const double *p)
{
	return sizeof(struct cci) + (size_t)p[0] * sizeof(double);
}

static int
cci_init(void *st, const double *p, const char **why)
{
	struct cci *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
cci_update(void *st, const double *in, double *out)
{
	struct cci *s = st;
	double *tp = (double *)(s + 1), x, mean = 0, dev = 0, d;
	int n = s->period, j;

	x = (in[TP_IN_HIGH] + in[TP_IN_LOW] + in[TP_IN_CLOSE]) / 3;
	tp[s->n % n] = x;
	out[0] = NAN;
	if (s->n++ < n - 1)
		return;
	for (j = 0; j < n; j++)
		mean += tp[j];
	mean /= n;
	for (j = 0; j < n; j++)
		dev += fabs(tp[j] - mean);
	d = x - mean;
	if (d != 0.0 && dev != 0.0)
		out[0] = d / (0.015 * (dev / n));
	else
		out[0] = 0.0;
}

const struct tp_ind_def tp_ind_cci = {
	.name = "cci", .talib = "CCI", .group = "momentum",
	.help = "commodity channel index (Lambert)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "cci", "" } },
	.size = cci_size, .init = cci_init, .update = cci_update,
};
