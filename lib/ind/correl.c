/*
 * CORREL, BETA: statistics of two series over the last n bars as TA-Lib
 * computes them (ta_CORREL.c, ta_BETA.c).  Both read REAL and REAL2, which
 * default to high and low as in TA-Lib's abstract interface.
 *
 * CORREL is Pearson's r from running sums of x, y, xy, x^2 and y^2:
 * (sxy - sx sy / n) / sqrt((sxx - sx^2 / n) (syy - sy^2 / n)), 0 when the
 * product under the root is below TA-Lib's epsilon.  From the second
 * output on, the oldest pair leaves the sums before the new one enters,
 * as in TA-Lib.
 *
 * BETA is the least-squares slope of one series' returns on the other's:
 * with x and y the one-bar returns (p - prev) / prev (0 after a zero
 * price) of REAL and REAL2, beta = (n sxy - sx sy) / (n sxx - sx^2), 0
 * when the denominator is zero (within 1e-14).  So REAL, x, takes the
 * part of the market (TA-Lib's own comment says the opposite of what its
 * code does; we follow the code).  n returns need n + 1 prices: the first
 * output is on bar n.  The sums are TA-Lib's running sums, the oldest
 * return leaving after each output.
 */
#include "ind.h"

/* ---- CORREL ------------------------------------------------------------- */

struct correl {
	int period;
	long n;			/* pairs seen */
	double sx, sy, sxy, sxx, syy;
	double ring[];		/* the last period pairs, x then y */
};

static size_t
correl_size(const double *p)
{
	return sizeof(struct correl) + 2 * (size_t)p[0] * sizeof(double);
}

static int
correl_init(void *st, const double *p, const char **why)
{
	struct correl *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
correl_update(void *st, const double *in, double *out)
{
	struct correl *s = st;
	double x = in[TP_IN_REAL], y = in[TP_IN_REAL2], n = s->period, v;
	double *slot = s->ring + 2 * (s->n % s->period);
	long i = s->n++;

	if (i >= s->period) {
		s->sx -= slot[0];
		s->sxx -= slot[0] * slot[0];
		s->sxy -= slot[0] * slot[1];
		s->sy -= slot[1];
		s->syy -= slot[1] * slot[1];
	}
	slot[0] = x;
	slot[1] = y;
	s->sx += x;
	s->sxx += x * x;
	s->sxy += x * y;
	s->sy += y;
	s->syy += y * y;
	if (i < s->period - 1) {
		out[0] = NAN;
		return;
	}
	v = (s->sxx - ((s->sx * s->sx) / n)) * (s->syy - ((s->sy * s->sy) / n));
	out[0] = v < 1e-14 ? 0.0 : (s->sxy - ((s->sx * s->sy) / n)) / sqrt(v);
}

const struct tp_ind_def tp_ind_correl = {
	.name = "correl", .talib = "CORREL", .group = "statistics",
	.help = "Pearson's correlation coefficient of two series (high, low)",
	.inputs = TP_IN_BIT(TP_IN_REAL) | TP_IN_BIT(TP_IN_REAL2), .nparams = 1,
	.nnamed = 1, .params = { TP_PERIOD(30, 1) },
	.nout = 1, .out = { { "correl", "" } },
	.size = correl_size, .init = correl_init, .update = correl_update,
};

/* ---- BETA --------------------------------------------------------------- */

struct beta {
	int period;
	long n;			/* bars seen */
	double px, py;		/* previous prices */
	double sx, sy, sxy, sxx;
	double ring[];		/* the last period returns, x then y */
};

static size_t
beta_size(const double *p)
{
	return sizeof(struct beta) + 2 * (size_t)p[0] * sizeof(double);
}

static int
beta_init(void *st, const double *p, const char **why)
{
	struct beta *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

/* The one-bar return from prev to p, 0 after a zero price. */
static double
ret(double prev, double p)
{
	return TP_IS_ZERO(prev) ? 0.0 : (p - prev) / prev;
}

static void
beta_update(void *st, const double *in, double *out)
{
	struct beta *s = st;
	double px = in[TP_IN_REAL], py = in[TP_IN_REAL2], x, y, d;
	double n = s->period, *slot;
	long i = s->n++;

	out[0] = NAN;
	if (i == 0) {
		s->px = px;
		s->py = py;
		return;
	}
	x = ret(s->px, px);
	y = ret(s->py, py);
	s->px = px;
	s->py = py;
	s->sxx += x * x;
	s->sxy += x * y;
	s->sx += x;
	s->sy += y;
	slot = s->ring + 2 * ((i - 1) % s->period);
	slot[0] = x;
	slot[1] = y;
	if (i < s->period)
		return;
	d = (n * s->sxx) - (s->sx * s->sx);
	out[0] = TP_IS_ZERO(d) ? 0.0 : ((n * s->sxy) - (s->sx * s->sy)) / d;
	/* The oldest return leaves after it is used. */
	slot = s->ring + 2 * (i % s->period);
	s->sxx -= slot[0] * slot[0];
	s->sxy -= slot[0] * slot[1];
	s->sx -= slot[0];
	s->sy -= slot[1];
}

const struct tp_ind_def tp_ind_beta = {
	.name = "beta", .talib = "BETA", .group = "statistics",
	.help = "beta: slope of the returns of the second series on the "
	    "first's",
	.inputs = TP_IN_BIT(TP_IN_REAL) | TP_IN_BIT(TP_IN_REAL2), .nparams = 1,
	.nnamed = 1, .params = { TP_PERIOD(5, 1) },
	.nout = 1, .out = { { "beta", "" } },
	.size = beta_size, .init = beta_init, .update = beta_update,
};
