/*
 * RSI: Wilder's relative strength index as TA-Lib computes it (ta_RSI.c,
 * default compatibility, no unstable period): the first averages of gains
 * and losses are simple means of the first period changes, then Wilder's
 * smoothing avg = (avg (n - 1) + x) / n; 0 when both averages are zero.
 * tp_gainloss_update() keeps the averages for RSI, CMO (cmo.c) and
 * STOCHRSI (stoch.c).
 */
#include "ind.h"

int
tp_gainloss_update(struct tp_gainloss *s, double x)
{
	double d = x - s->prev;

	s->prev = x;
	if (s->n++ == 0)
		return 0;
	if (s->n <= s->period + 1) {
		/* Sums of the first period changes, then their means. */
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
		if (s->n <= s->period)
			return 0;
	} else {
		s->loss *= s->period - 1;
		s->gain *= s->period - 1;
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
	}
	s->loss /= s->period;
	s->gain /= s->period;
	return 1;
}

size_t
tp_gainloss_size(const double *p)
{
	(void)p;
	return sizeof(struct tp_gainloss);
}

int
tp_gainloss_init(void *st, const double *p, const char **why)
{
	struct tp_gainloss *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
rsi_update(void *st, const double *in, double *out)
{
	struct tp_gainloss *s = st;
	double sum;

	out[0] = NAN;
	if (!tp_gainloss_update(s, in[TP_IN_REAL]))
		return;
	sum = s->gain + s->loss;
	out[0] = TP_IS_ZERO(sum) ? 0 : 100 * (s->gain / sum);
}

const struct tp_ind_def tp_ind_rsi = {
	.name = "rsi", .talib = "RSI", .group = "momentum",
	.help = "relative strength index (Wilder)",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "rsi", "" } },
	.size = tp_gainloss_size, .init = tp_gainloss_init,
	.update = rsi_update,
};
