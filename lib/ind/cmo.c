/*
 * CMO: Tushar Chande's momentum oscillator as TA-Lib computes it
 * (ta_CMO.c, default compatibility, no unstable period): the gains and
 * losses are averaged as in RSI (Wilder's smoothing seeded with the
 * simple means of the first period changes), then 100 (gain - loss) /
 * (gain + loss), 0 when that sum is zero.  Sibling: RSI (rsi.c) has the
 * same averages; keep the two in step.
 */
#include "ind.h"

struct cmo {
	int period;
	long n;			/* values seen */
	double prev, gain, loss;
};

static size_t
cmo_size(const double *p)
{
	(void)p;
	return sizeof(struct cmo);
}

static int
cmo_init(void *st, const double *p, const char **why)
{
	struct cmo *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
cmo_update(void *st, const double *in, double *out)
{
	struct cmo *s = st;
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
	sum = s->gain + s->loss;
	out[0] = TP_IS_ZERO(sum) ? 0 : 100.0 * ((s->gain - s->loss) / sum);
}

const struct tp_ind_def tp_ind_cmo = {
	"cmo", "CMO", "momentum", "Chande momentum oscillator",
	TP_IN_BIT(TP_IN_REAL), 1, { TP_PERIOD(14, 2) }, 1,
	1, { { "cmo", "" } }, cmo_size, cmo_init, cmo_update
};
