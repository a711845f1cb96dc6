/*
 * RSI: Wilder's relative strength index as TA-Lib computes it (ta_RSI.c,
 * default compatibility, no unstable period): the first averages of gains
 * and losses are simple means of the first period changes, then Wilder's
 * smoothing avg = (avg (n - 1) + x) / n; 0 when both averages are zero.
 * Sibling: CMO uses the same averages.
 */
#include "ind.h"

struct rsi {
	int period;
	long n;			/* closes seen */
	double prev, gain, loss;
};

static size_t
rsi_size(const double *p)
{
	(void)p;
	return sizeof(struct rsi);
}

static int
rsi_init(void *st, const double *p, const char **why)
{
	struct rsi *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
rsi_update(void *st, const double *in, double *out)
{
	struct rsi *s = st;
	double x = in[TP_IN_REAL], d = x - s->prev, sum;

	out[0] = NAN;
	if (s->n++ == 0) {
		s->prev = x;
		return;
	}
	s->prev = x;
	if (s->n <= s->period + 1) {
		/* Sums of the first period changes, then their means. */
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
		if (s->n <= s->period)
			return;
		s->loss /= s->period;
		s->gain /= s->period;
	} else {
		s->loss *= s->period - 1;
		s->gain *= s->period - 1;
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
		s->loss /= s->period;
		s->gain /= s->period;
	}
	sum = s->gain + s->loss;
	out[0] = TP_IS_ZERO(sum) ? 0 : 100 * (s->gain / sum);
}

const struct tp_ind_def tp_ind_rsi = {
	"rsi", "RSI", "momentum", "relative strength index (Wilder)",
	TP_IN_BIT(TP_IN_REAL), 1, { TP_PERIOD(14, 2) }, 1,
	1, { { "rsi", "" } }, rsi_size, rsi_init, rsi_update
};
