/*
 * AVGPRICE, MEDPRICE, TYPPRICE, WCLPRICE: TA-Lib's price transforms
 * (ta_AVGPRICE.c, ta_MEDPRICE.c, ta_TYPPRICE.c, ta_WCLPRICE.c), one bar
 * at a time with no warm-up.  The sums are added in TA-Lib's order
 * (high, low, close, then open) so that the rounding is the same.
 */
#include "ind.h"

static size_t
price_size(const double *p)
{
	(void)p;
	return 0;		/* one bar at a time: no state */
}

static int
price_init(void *st, const double *p, const char **why)
{
	(void)st;
	(void)p;
	(void)why;
	return 0;
}

static void
avgprice_update(void *st, const double *in, double *out)
{
	(void)st;
	out[0] = (in[TP_IN_HIGH] + in[TP_IN_LOW] + in[TP_IN_CLOSE] +
	    in[TP_IN_OPEN]) / 4;
}

static void
medprice_update(void *st, const double *in, double *out)
{
	(void)st;
	out[0] = (in[TP_IN_HIGH] + in[TP_IN_LOW]) / 2.0;
}

static void
typprice_update(void *st, const double *in, double *out)
{
	(void)st;
	out[0] = (in[TP_IN_HIGH] + in[TP_IN_LOW] + in[TP_IN_CLOSE]) / 3.0;
}

static void
wclprice_update(void *st, const double *in, double *out)
{
	(void)st;
	out[0] = (in[TP_IN_HIGH] + in[TP_IN_LOW] + in[TP_IN_CLOSE] * 2.0) /
	    4.0;
}

const struct tp_ind_def tp_ind_avgprice = {
	.name = "avgprice", .talib = "AVGPRICE", .group = "price",
	.help = "average price, (o + h + l + c) / 4",
	.inputs = TP_IN_OHLC,
	.nout = 1, .out = { { "avgprice", "" } },
	.size = price_size, .init = price_init, .update = avgprice_update,
};

const struct tp_ind_def tp_ind_medprice = {
	.name = "medprice", .talib = "MEDPRICE", .group = "price",
	.help = "median price, (h + l) / 2",
	.inputs = TP_IN_HL,
	.nout = 1, .out = { { "medprice", "" } },
	.size = price_size, .init = price_init, .update = medprice_update,
};

const struct tp_ind_def tp_ind_typprice = {
	.name = "typprice", .talib = "TYPPRICE", .group = "price",
	.help = "typical price, (h + l + c) / 3",
	.inputs = TP_IN_HLC,
	.nout = 1, .out = { { "typprice", "" } },
	.size = price_size, .init = price_init, .update = typprice_update,
};

const struct tp_ind_def tp_ind_wclprice = {
	.name = "wclprice", .talib = "WCLPRICE", .group = "price",
	.help = "weighted close price, (h + l + 2c) / 4",
	.inputs = TP_IN_HLC,
	.nout = 1, .out = { { "wclprice", "" } },
	.size = price_size, .init = price_init, .update = wclprice_update,
};
