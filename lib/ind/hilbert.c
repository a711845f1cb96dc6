/*
 * MAMA and HT_TRENDLINE: John Ehlers' MESA adaptive moving average and
 * instantaneous trendline ("Rocket Science for Traders", 2001), as TA-Lib
 * computes them (ta_MAMA.c, ta_HT_TRENDLINE.c), on the Hilbert transform
 * core in lib/ind/tp_ma.c (ma.h), which MA's MAMA type also runs.
 */
#include "ind.h"
#include "ma.h"

static size_t
mama_size(const double *p)
{
	(void)p;
	return sizeof(struct tp_ma_mama);
}

static int
mama_init(void *st, const double *p, const char **why)
{
	(void)why;
	tp_ma_mama_init(st, p[0], p[1]);
	return 0;
}

static void
mama_update(void *st, const double *in, double *out)
{
	struct tp_ma_mama *m = st;

	if (tp_ma_mama_update(m, in[TP_IN_REAL])) {
		out[0] = m->mama;
		out[1] = m->fama;
	} else
		out[0] = out[1] = NAN;
}

const struct tp_ind_def tp_ind_mama = {
	.name = "mama", .talib = "MAMA", .group = "overlap",
	.help = "MESA adaptive moving average (Ehlers) and its following FAMA",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 2,
	.params = {
		{ "fastlimit", TP_P_REAL, 0.5, 0.01, 0.99 },
		{ "slowlimit", TP_P_REAL, 0.05, 0.01, 0.99 },
	},
	.nout = 2, .out = { { "mama", "" }, { "fama", "fama" } },
	.size = mama_size, .init = mama_init, .update = mama_update,
};

/*
 * HT_TRENDLINE: the mean of the prices over the smoothed dominant cycle
 * period (at most 50 bars, hence the ring), itself smoothed by a 4-bar
 * WMA of those means.  TA-Lib starts the transform on bar 37 and writes
 * from bar 63.
 */
#define TREND_RING 50

struct trend {
	struct tp_ma_ht ht;
	double ring[TREND_RING];	/* the last 50 prices, by bar % 50 */
	double smooth_period;
	double it1, it2, it3;	/* the last three means */
};

static size_t
trend_size(const double *p)
{
	(void)p;
	return sizeof(struct trend);
}

static int
trend_init(void *st, const double *p, const char **why)
{
	struct trend *s = st;

	(void)p;
	(void)why;
	tp_ma_ht_init(&s->ht, 37);
	return 0;
}

static void
trend_update(void *st, const double *in, double *out)
{
	struct trend *s = st;
	double x = in[TP_IN_REAL], mean = 0.0, v;
	long t = s->ht.n;
	int i, n, at = (int)(t % TREND_RING);

	out[0] = NAN;
	s->ring[at] = x;
	if (!tp_ma_ht_update(&s->ht, x))
		return;
	s->smooth_period = 0.33 * s->ht.period + 0.67 * s->smooth_period;
	/* Newest first, as TA-Lib sums them. */
	n = (int)(s->smooth_period + 0.5);
	for (i = 0; i < n; i++) {
		mean += s->ring[at];
		at = at == 0 ? TREND_RING - 1 : at - 1;
	}
	if (n > 0)
		mean /= n;
	v = (4.0 * mean + 3.0 * s->it1 + 2.0 * s->it2 + s->it3) / 10.0;
	s->it3 = s->it2;
	s->it2 = s->it1;
	s->it1 = mean;
	if (t >= 63)
		out[0] = v;
}

const struct tp_ind_def tp_ind_ht_trendline = {
	.name = "ht_trendline", .talib = "HT_TRENDLINE", .group = "overlap",
	.help = "Hilbert transform instantaneous trendline (Ehlers)",
	.inputs = TP_IN_BIT(TP_IN_REAL),
	.nout = 1, .out = { { "ht_trendline", "" } },
	.size = trend_size, .init = trend_init, .update = trend_update,
};
