/*
 * HA: Heikin-Ashi candles, not in TA-Lib.  As Dan Valcu set them out
 * ("Using the Heikin-Ashi Technique", Technical Analysis of Stocks &
 * Commodities, February 2004) and StockCharts ChartSchool ("Heikin-Ashi")
 * gives them:
 *   ha_close = (open + high + low + close) / 4
 *   ha_open  = (ha_open + ha_close) / 2 of the bar before; on the first
 *              bar (open + close) / 2
 *   ha_high  = max(high, ha_open, ha_close)
 *   ha_low   = min(low, ha_open, ha_close)
 * Every bar has a value; the first depends on where the stream starts,
 * and the difference halves with every bar after it.
 */
#include "ind.h"

struct ha {
	long n;
	double open, close;	/* of the last Heikin-Ashi bar */
};

static size_t
ha_size(const double *p)
{
	(void)p;
	return sizeof(struct ha);
}

static int
ha_init(void *st, const double *p, const char **why)
{
	(void)st;
	(void)p;
	(void)why;
	return 0;
}

static void
ha_update(void *st, const double *in, double *out)
{
	struct ha *s = st;
	double o = in[TP_IN_OPEN], h = in[TP_IN_HIGH], l = in[TP_IN_LOW];
	double c = in[TP_IN_CLOSE], hao, hac;

	hac = (o + h + l + c) / 4;
	hao = s->n++ == 0 ? (o + c) / 2 : (s->open + s->close) / 2;
	s->open = hao;
	s->close = hac;
	out[0] = hao;
	out[1] = fmax(h, fmax(hao, hac));
	out[2] = fmin(l, fmin(hao, hac));
	out[3] = hac;
}

const struct tp_ind_def tp_ind_ha = {
	.name = "ha", .talib = NULL, .group = "other",
	.help = "Heikin-Ashi candles (Valcu)",
	.inputs = TP_IN_OHLC, .nparams = 0,
	.params = { { NULL, TP_P_INT, 0, 0, 0 } },
	.nout = 4,
	.out = {
		{ "ha_open", "open" },
		{ "ha_high", "high" },
		{ "ha_low", "low" },
		{ "ha_close", "close" },
	},
	.size = ha_size, .init = ha_init, .update = ha_update,
};
