/*
 * TRIX: Jack Hutson's 1-bar rate of change of a triple EMA, as TA-Lib
 * computes it (ta_TRIX.c): three chained EMAs of the period, each seeded
 * with the mean of the first period values of the one before, then
 * 100 (e / prev - 1) of the third, 0 when prev is exactly 0.  TA-Lib's
 * TRIX of period 1 reads before its buffer (TA_EMA_Lookback(1) is -1);
 * here it is the ROC of the series itself.  Sibling: ROC (roc.c).
 */
#include "ind.h"

struct trix {
	struct tp_ma ema[3];
	int have;		/* a previous triple EMA in prev */
	double prev;
};

static size_t
trix_size(const double *p)
{
	return sizeof(struct trix) + 3 * tp_ma_size(TP_MA_EMA, (int)p[0]);
}

static int
trix_init(void *st, const double *p, const char **why)
{
	struct trix *s = st;
	char *mem = (char *)(s + 1);
	size_t n = tp_ma_size(TP_MA_EMA, (int)p[0]);
	int i;

	for (i = 0; i < 3; i++)
		if (tp_ma_init(&s->ema[i], TP_MA_EMA, (int)p[0],
		    mem + (size_t)i * n) < 0) {
			*why = "period out of range";
			return -1;
		}
	return 0;
}

static void
trix_update(void *st, const double *in, double *out)
{
	struct trix *s = st;
	double e = in[TP_IN_REAL];
	int i;

	out[0] = NAN;
	for (i = 0; i < 3; i++) {
		e = tp_ma_update(&s->ema[i], e);
		if (isnan(e))
			return;
	}
	if (s->have)
		out[0] = s->prev != 0.0 ? ((e / s->prev) - 1.0) * 100.0 : 0.0;
	s->have = 1;
	s->prev = e;
}

const struct tp_ind_def tp_ind_trix = {
	.name = "trix", .talib = "TRIX", .group = "momentum",
	.help = "1-bar rate of change of a triple EMA, in percent",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(30, 1) },
	.nout = 1, .out = { { "trix", "" } },
	.size = trix_size, .init = trix_init, .update = trix_update,
};
