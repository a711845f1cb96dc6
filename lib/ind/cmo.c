/*
 * CMO: Tushar Chande's momentum oscillator as TA-Lib computes it
 * (ta_CMO.c, default compatibility, no unstable period): the gains and
 * losses are averaged as in RSI (Wilder's smoothing seeded with the
 * simple means of the first period changes), then 100 (gain - loss) /
 * (gain + loss), 0 when that sum is zero; the averages are RSI's,
 * tp_gainloss_update() in rsi.c.
 */
#include "ind.h"

static void
cmo_update(void *st, const double *in, double *out)
{
	struct tp_gainloss *s = st;
	double sum;

	out[0] = NAN;
	if (!tp_gainloss_update(s, in[TP_IN_REAL]))
		return;
	sum = s->gain + s->loss;
	out[0] = TP_IS_ZERO(sum) ? 0 : 100.0 * ((s->gain - s->loss) / sum);
}

const struct tp_ind_def tp_ind_cmo = {
	.name = "cmo", .talib = "CMO", .group = "momentum",
	.help = "Chande momentum oscillator",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "cmo", "" } },
	.size = tp_gainloss_size, .init = tp_gainloss_init,
	.update = cmo_update,
};
