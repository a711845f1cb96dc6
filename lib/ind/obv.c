/*
 * OBV, AD, ADOSC: the volume indicators as TA-Lib computes them (ta_OBV.c,
 * ta_AD.c, ta_ADOSC.c).
 *
 * OBV is Granville's on-balance volume: it starts at the first bar's
 * volume, not at 0, then adds or subtracts each bar's volume as the series
 * (close by default) rises or falls.  AD is Chaikin's accumulation/
 * distribution line, from row 0: each bar adds its close location value
 * ((c - l) - (h - c)) / (h - l) times its volume, or nothing when
 * h == l.  ADOSC is Chaikin's oscillator, EMA(fast) - EMA(slow) of AD with
 * k = 2 / (n + 1), both EMAs seeded with the first AD value (not with an
 * SMA as TA-Lib's EMA is); the first output is on the slower period's EMA
 * lookback, max(fast, slow) - 1.  Keep ad_step() in step with both.
 */
#include "ind.h"

/* One bar of Chaikin's A/D line, added to *ad. */
static void
ad_step(double *ad, const double *in)
{
	double h = in[TP_IN_HIGH], l = in[TP_IN_LOW], c = in[TP_IN_CLOSE];
	double range = h - l;

	if (range > 0.0)
		*ad += (((c - l) - (h - c)) / range) * in[TP_IN_VOLUME];
}

/* ---- OBV ---------------------------------------------------------------- */

struct obv {
	long n;
	double prev, obv;
};

static size_t
obv_size(const double *p)
{
	(void)p;
	return sizeof(struct obv);
}

static int
obv_init(void *st, const double *p, const char **why)
{
	(void)st;
	(void)p;
	(void)why;
	return 0;
}

static void
obv_update(void *st, const double *in, double *out)
{
	struct obv *s = st;
	double x = in[TP_IN_REAL];

	if (s->n++ == 0)
		s->obv = in[TP_IN_VOLUME];
	else if (x > s->prev)
		s->obv += in[TP_IN_VOLUME];
	else if (x < s->prev)
		s->obv -= in[TP_IN_VOLUME];
	s->prev = x;
	out[0] = s->obv;
}

const struct tp_ind_def tp_ind_obv = {
	.name = "obv", .talib = "OBV", .group = "volume",
	.help = "on balance volume (Granville)",
	.inputs = TP_IN_BIT(TP_IN_REAL) | TP_IN_BIT(TP_IN_VOLUME),
	.nout = 1, .out = { { "obv", "" } },
	.size = obv_size, .init = obv_init, .update = obv_update,
};

/* ---- AD ----------------------------------------------------------------- */

struct ad {
	double ad;
};

static size_t
ad_size(const double *p)
{
	(void)p;
	return sizeof(struct ad);
}

static void
ad_update(void *st, const double *in, double *out)
{
	struct ad *s = st;

	ad_step(&s->ad, in);
	out[0] = s->ad;
}

const struct tp_ind_def tp_ind_ad = {
	.name = "ad", .talib = "AD", .group = "volume",
	.help = "accumulation/distribution line (Chaikin)",
	.inputs = TP_IN_HLC | TP_IN_BIT(TP_IN_VOLUME),
	.nout = 1, .out = { { "ad", "" } },
	.size = ad_size, .init = obv_init, .update = ad_update,
};

/* ---- ADOSC -------------------------------------------------------------- */

struct adosc {
	long n;			/* bars seen */
	long lookback;		/* max(fast, slow) - 1 */
	double fastk, slowk;
	double ad, fast, slow;
};

static size_t
adosc_size(const double *p)
{
	(void)p;
	return sizeof(struct adosc);
}

static int
adosc_init(void *st, const double *p, const char **why)
{
	struct adosc *s = st;
	int fast = (int)p[0], slow = (int)p[1];

	(void)why;
	s->lookback = (fast > slow ? fast : slow) - 1;
	s->fastk = 2.0 / (double)(fast + 1);
	s->slowk = 2.0 / (double)(slow + 1);
	return 0;
}

static void
adosc_update(void *st, const double *in, double *out)
{
	struct adosc *s = st;

	ad_step(&s->ad, in);
	if (s->n == 0) {
		s->fast = s->ad;
		s->slow = s->ad;
	} else {
		s->fast = s->fastk * s->ad + (1.0 - s->fastk) * s->fast;
		s->slow = s->slowk * s->ad + (1.0 - s->slowk) * s->slow;
	}
	out[0] = s->n++ >= s->lookback ? s->fast - s->slow : NAN;
}

const struct tp_ind_def tp_ind_adosc = {
	.name = "adosc", .talib = "ADOSC", .group = "volume",
	.help = "Chaikin A/D oscillator",
	.inputs = TP_IN_HLC | TP_IN_BIT(TP_IN_VOLUME), .nparams = 2,
	.nnamed = 2,
	.params = {
		{ "fastperiod", TP_P_INT, 3, 2, 100000 },
		{ "slowperiod", TP_P_INT, 10, 2, 100000 },
	},
	.nout = 1, .out = { { "adosc", "" } },
	.size = adosc_size, .init = adosc_init, .update = adosc_update,
};
