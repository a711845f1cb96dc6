/*
 * BOP: balance of power, (close - open) / (high - low), as TA-Lib
 * computes it (ta_BOP.c): 0 when the range is below TA-Lib's epsilon.
 */
#include "ind.h"

static size_t
bop_size(const double *p)
{
	(void)p;
	return 0;
}

static int
bop_init(void *st, const double *p, const char **why)
{
	(void)st;
	(void)p;
	(void)why;
	return 0;
}

static void
bop_update(void *st, const double *in, double *out)
{
	double range = in[TP_IN_HIGH] - in[TP_IN_LOW];

	(void)st;
	out[0] = range < 1e-14 ? 0.0 :
	    (in[TP_IN_CLOSE] - in[TP_IN_OPEN]) / range;
}

const struct tp_ind_def tp_ind_bop = {
	.name = "bop", .talib = "BOP", .group = "momentum",
	.help = "balance of power: (close - open) / range",
	.inputs = TP_IN_OHLC,
	.nout = 1, .out = { { "bop", "" } },
	.size = bop_size, .init = bop_init, .update = bop_update,
};
