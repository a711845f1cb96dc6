/*
 * LINEARREG, LINEARREG_SLOPE, LINEARREG_ANGLE, LINEARREG_INTERCEPT, TSF:
 * the least-squares line through the last n values as TA-Lib fits it
 * (ta_LINEARREG.c and its four siblings, which share one method).
 *
 * x counts bars back from the newest (0) to the oldest (n - 1), so that
 * sum x and sum x^2 are constants; TA-Lib's divisor (sum x)^2 - n sum x^2
 * has the sign that makes m the slope per bar forward in time, and
 * b = (sum y - m sum x) / n the line's value on the oldest bar.  The
 * outputs are b + m (n - 1) (LINEARREG, the line's value today), m
 * (SLOPE), atan(m) in degrees (ANGLE), b (INTERCEPT) and b + m n (TSF, the
 * forecast for the next bar).  TA-Lib sums the window afresh on every bar
 * (O(n) a bar) rather than keep running sums; we do the same, in the same
 * order, because the slope's numerator cancels heavily at price levels and
 * drifting running sums would move it beyond 1e-9.  TA-Lib computes sum
 * x^2 in int arithmetic, which overflows for n above about 1290 (its
 * values there are wrong: 38,400 for LINEARREG(2000) of BTC at 76,000);
 * we compute it exactly instead, so only periods up to that agree.
 */
#include "ind.h"

enum linreg_kind {
	LR_VALUE, LR_SLOPE, LR_ANGLE, LR_INTERCEPT, LR_TSF
};

struct linreg {
	enum linreg_kind kind;
	int period;
	long n;			/* values seen */
	double sumx, divisor;
	double ring[];		/* the last period values */
};

static size_t
linreg_size(const double *p)
{
	return sizeof(struct linreg) + (size_t)p[0] * sizeof(double);
}

static int
linreg_init(enum linreg_kind kind, void *st, const double *p)
{
	struct linreg *s = st;
	double n = p[0];

	s->kind = kind;
	s->period = (int)n;
	s->sumx = n * (n - 1) * 0.5;
	s->divisor = s->sumx * s->sumx - n * (n * (n - 1) * (2 * n - 1) / 6);
	return 0;
}

static void
linreg_update(void *st, const double *in, double *out)
{
	struct linreg *s = st;
	double n = s->period, sumy = 0, sumxy = 0, y, m, b;
	long i = s->n++;
	int k;

	s->ring[i % s->period] = in[TP_IN_REAL];
	out[0] = NAN;
	if (i < s->period - 1)
		return;
	/* Oldest first, as TA-Lib adds them. */
	for (k = s->period - 1; k >= 0; k--) {
		y = s->ring[(i - k) % s->period];
		sumy += y;
		sumxy += (double)k * y;
	}
	m = (n * sumxy - s->sumx * sumy) / s->divisor;
	switch (s->kind) {
	case LR_SLOPE:
		out[0] = m;
		return;
	case LR_ANGLE:
		out[0] = atan(m) * (180.0 / 3.14159265358979323846);
		return;
	default:
		break;
	}
	b = (sumy - m * s->sumx) / n;
	if (s->kind == LR_VALUE)
		out[0] = b + m * (n - 1);
	else if (s->kind == LR_TSF)
		out[0] = b + m * n;
	else
		out[0] = b;
}

/* The init function and definition of one output kind. */
#define LR_INIT(lname, kind)						\
static int								\
lname##_init(void *st, const double *p, const char **why)		\
{									\
	(void)why;							\
	return linreg_init(kind, st, p);				\
}

#define LR_DEF(n, ta, h) {						\
	.name = #n, .talib = ta, .group = "statistics", .help = h,	\
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,	\
	.params = { TP_PERIOD(14, 2) },					\
	.nout = 1, .out = { { #n, "" } },				\
	.size = linreg_size, .init = n##_init, .update = linreg_update,	\
}

LR_INIT(linearreg, LR_VALUE)
LR_INIT(linearreg_slope, LR_SLOPE)
LR_INIT(linearreg_angle, LR_ANGLE)
LR_INIT(linearreg_intercept, LR_INTERCEPT)
LR_INIT(tsf, LR_TSF)

const struct tp_ind_def tp_ind_linearreg = LR_DEF(linearreg, "LINEARREG",
    "linear regression: the fitted line's value on this bar");
const struct tp_ind_def tp_ind_linearreg_slope = LR_DEF(linearreg_slope,
    "LINEARREG_SLOPE", "linear regression slope, per bar");
const struct tp_ind_def tp_ind_linearreg_angle = LR_DEF(linearreg_angle,
    "LINEARREG_ANGLE", "linear regression angle, degrees");
const struct tp_ind_def tp_ind_linearreg_intercept = LR_DEF(
    linearreg_intercept, "LINEARREG_INTERCEPT",
    "linear regression intercept: the line's value n - 1 bars ago");
const struct tp_ind_def tp_ind_tsf = LR_DEF(tsf, "TSF",
    "time series forecast: the line's value on the next bar");
