/*
 * VAR, STDDEV: the population variance and standard deviation of the last
 * n values as TA-Lib computes them (ta_VAR.c, ta_STDDEV.c): running sums
 * of x and x^2, var = E[x^2] - E[x]^2, each new value added before the
 * means are taken and the oldest removed after, in that order, so that the
 * rounding is TA-Lib's.  STDDEV is sqrt(var) * nbdev, or 0 when var is
 * below TA-Lib's epsilon (1e-14); VAR takes nbdev but ignores it, as
 * TA-Lib does.  BBANDS computes its width in the same way.
 */
#include "ind.h"

struct var {
	int period;
	long n;			/* values seen */
	double nbdev;
	double sum, sum2;
	double ring[];		/* the last period values */
};

static size_t
var_size(const double *p)
{
	return sizeof(struct var) + (size_t)p[0] * sizeof(double);
}

static int
var_init(void *st, const double *p, const char **why)
{
	struct var *s = st;

	(void)why;
	s->period = (int)p[0];
	s->nbdev = p[1];
	return 0;
}

/* One value in; the variance, or NaN while warming up. */
static double
var_step(struct var *s, double x)
{
	long i = s->n++;
	double mean, mean2, old;

	s->ring[i % s->period] = x;
	s->sum += x;
	s->sum2 += x * x;
	if (i < s->period - 1)
		return NAN;
	mean = s->sum / s->period;
	mean2 = s->sum2 / s->period;
	/* The oldest value of this window leaves after it is used. */
	old = s->ring[(i + 1) % s->period];
	s->sum -= old;
	s->sum2 -= old * old;
	return mean2 - mean * mean;
}

static void
var_update(void *st, const double *in, double *out)
{
	out[0] = var_step(st, in[TP_IN_REAL]);
}

static void
stddev_update(void *st, const double *in, double *out)
{
	struct var *s = st;
	double v = var_step(s, in[TP_IN_REAL]);

	if (isnan(v))
		out[0] = v;
	else
		out[0] = v < 1e-14 ? 0.0 : sqrt(v) * s->nbdev;
}

#define NBDEV { "nbdev", TP_P_REAL, 1, -3e37, 3e37 }

const struct tp_ind_def tp_ind_stddev = {
	.name = "stddev", .talib = "STDDEV", .group = "statistics",
	.help = "standard deviation (population)",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 2, .nnamed = 1,
	.params = { TP_PERIOD(5, 2), NBDEV },
	.nout = 1, .out = { { "stddev", "" } },
	.size = var_size, .init = var_init, .update = stddev_update,
};

const struct tp_ind_def tp_ind_var = {
	.name = "var", .talib = "VAR", .group = "statistics",
	.help = "variance (population)",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 2, .nnamed = 1,
	.params = { TP_PERIOD(5, 1), NBDEV },
	.nout = 1, .out = { { "var", "" } },
	.size = var_size, .init = var_init, .update = var_update,
};
