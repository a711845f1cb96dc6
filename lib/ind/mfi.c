/*
 * MFI: the money flow index (Quong and Soudack, Technical Analysis of
 * Stocks & Commodities, 1989) as TA-Lib computes it (ta_MFI.c, no unstable
 * period): a bar's money flow is its typical price (h + l + c) / 3 times
 * its volume, positive when the typical price rose from the bar before,
 * negative when it fell, neither when unchanged; MFI = 100 * positive /
 * (positive + negative) over the last n bars, from bar n.  Running sums, as
 * TA-Lib's, so the values match its rounding.  TA-Lib's guard: MFI is 0
 * whenever the window's total money flow is below 1.0, an absolute
 * threshold (tiny volumes give 0).
 */
#include "ind.h"

struct mfi {
	int period;
	long n;			/* bars seen */
	double prev;		/* the previous typical price */
	double pos, neg;	/* sums of the window's money flows */
	/* then period pairs (positive, negative), bar k in slot (k-1) % n */
};

static size_t
mfi_size(const double *p)
{
	return sizeof(struct mfi) + 2 * (size_t)p[0] * sizeof(double);
}

static int
mfi_init(void *st, const double *p, const char **why)
{
	struct mfi *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
mfi_update(void *st, const double *in, double *out)
{
	struct mfi *s = st;
	double *flow, x, d, total;
	long k = s->n++;
	int n = s->period;

	x = (in[TP_IN_HIGH] + in[TP_IN_LOW] + in[TP_IN_CLOSE]) / 3.0;
	out[0] = NAN;
	d = x - s->prev;
	s->prev = x;
	if (k == 0)
		return;
	flow = (double *)(s + 1) + 2 * ((k - 1) % n);
	if (k > n) {
		s->pos -= flow[0];
		s->neg -= flow[1];
	}
	x *= in[TP_IN_VOLUME];
	flow[0] = flow[1] = 0.0;
	if (d < 0) {
		flow[1] = x;
		s->neg += x;
	} else if (d > 0) {
		flow[0] = x;
		s->pos += x;
	}
	if (k < n)
		return;
	total = s->pos + s->neg;
	out[0] = total < 1.0 ? 0.0 : 100.0 * (s->pos / total);
}

const struct tp_ind_def tp_ind_mfi = {
	.name = "mfi", .talib = "MFI", .group = "momentum",
	.help = "money flow index",
	.inputs = TP_IN_HLC | TP_IN_BIT(TP_IN_VOLUME), .nparams = 1,
	.nnamed = 1, .params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "mfi", "" } },
	.size = mfi_size, .init = mfi_init, .update = mfi_update,
};
