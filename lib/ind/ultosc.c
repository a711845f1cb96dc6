/*
 * ULTOSC: Larry Williams' ultimate oscillator (Technical Analysis of
 * Stocks & Commodities, 1985) as TA-Lib computes it (ta_ULTOSC.c): a bar's
 * buying pressure is close - min(low, previous close), its true range as
 * ATR's; each of three periods sums both over its last bars, and ULTOSC =
 * 100 * (4 a1/b1 + 2 a2/b2 + a3/b3) / 7, a ratio left out when its true
 * range sum is zero.  TA-Lib sorts the periods first, so weight 4 goes to
 * the shortest whatever the order given; the first value is on bar
 * (longest period).  Running sums added and removed in TA-Lib's order, so
 * the values match its rounding.  One difference: when every period is 1,
 * TA-Lib's lookback is 0 (SMA's lookback of period 1 is -1) and its value
 * on bar 0 reads the close before the first bar; here bar 0 is undefined.
 */
#include "ind.h"

struct ultosc {
	int per[3];		/* shortest first */
	long n;			/* bars seen */
	double close;		/* the previous close */
	double a[3], b[3];	/* sums of pressure and true range */
	/* then per[2] pairs (pressure, true range), bar k in slot k % per[2] */
};

static size_t
ultosc_size(const double *p)
{
	double m = fmax(fmax(p[0], p[1]), p[2]);

	return sizeof(struct ultosc) + 2 * (size_t)m * sizeof(double);
}

static int
ultosc_init(void *st, const double *p, const char **why)
{
	struct ultosc *s = st;
	int i, j, t;

	(void)why;
	for (i = 0; i < 3; i++)
		s->per[i] = (int)p[i];
	for (i = 1; i < 3; i++)
		for (j = i; j > 0 && s->per[j - 1] > s->per[j]; j--) {
			t = s->per[j];
			s->per[j] = s->per[j - 1];
			s->per[j - 1] = t;
		}
	return 0;
}

static void
ultosc_update(void *st, const double *in, double *out)
{
	struct ultosc *s = st;
	double *term, h = in[TP_IN_HIGH], l = in[TP_IN_LOW], pc = s->close;
	double r, t, sum = 0.0;
	long k = s->n++;
	int m = s->per[2], i;
	static const double weight[3] = { 4.0, 2.0, 1.0 };

	out[0] = NAN;
	s->close = in[TP_IN_CLOSE];
	if (k == 0)
		return;
	term = (double *)(s + 1) + 2 * (k % m);
	term[0] = in[TP_IN_CLOSE] - fmin(l, pc);
	r = h - l;
	t = fabs(pc - h);
	if (t > r)
		r = t;
	t = fabs(pc - l);
	if (t > r)
		r = t;
	term[1] = r;
	/* Each period's sums start with the bars of its first window. */
	for (i = 0; i < 3; i++)
		if (k > m - s->per[i]) {
			s->a[i] += term[0];
			s->b[i] += term[1];
		}
	if (k < m)
		return;
	for (i = 0; i < 3; i++)
		if (!TP_IS_ZERO(s->b[i]))
			sum += weight[i] * (s->a[i] / s->b[i]);
	out[0] = 100.0 * (sum / 7.0);
	/* Drop the bar that leaves each window before the next one. */
	for (i = 0; i < 3; i++) {
		term = (double *)(s + 1) + 2 * ((k - s->per[i] + 1) % m);
		s->a[i] -= term[0];
		s->b[i] -= term[1];
	}
}

const struct tp_ind_def tp_ind_ultosc = {
	.name = "ultosc", .talib = "ULTOSC", .group = "momentum",
	.help = "ultimate oscillator (Williams)",
	.inputs = TP_IN_HLC, .nparams = 3, .nnamed = 3,
	.params = {
		{ "timeperiod1", TP_P_INT, 7, 1, 100000 },
		{ "timeperiod2", TP_P_INT, 14, 1, 100000 },
		{ "timeperiod3", TP_P_INT, 28, 1, 100000 },
	},
	.nout = 1, .out = { { "ultosc", "" } },
	.size = ultosc_size, .init = ultosc_init, .update = ultosc_update,
};
