/*
 * BBANDS: Bollinger bands as TA-Lib computes them (ta_BBANDS.c): the
 * middle band is MA(period, matype); the width is nbdevup / nbdevdn times
 * the population standard deviation of the last period values around
 * their simple mean, from running sums of x and x^2 (E[x^2] - E[x]^2),
 * 0 when that variance is below 1e-14.
 *
 * TA-Lib's two paths are kept.  With an SMA the variance uses the middle
 * band as the mean and sums x^2 from the first bar.  Otherwise it is
 * TA-Lib's STDDEV run from the MA's first output, so its sums start
 * period - 1 bars before that; and where that MA starts before bar
 * period - 1 (MAMA, 32 bars, with a period over 33) TA-Lib pairs the
 * first deviation, on bar period - 1, with the first MA value, and so on:
 * the middle band lags by the difference, which is kept here too.
 * Sibling: STDDEV/VAR (stddev.c).
 */
#include "ind.h"

struct bb {
	struct tp_ma ma;
	int period, type;
	int lag;		/* bars the middle band lags (MAMA only) */
	long n;			/* values seen */
	long first;		/* the first bar in the running sums */
	double up, dn;
	double s1, s2;		/* running sums of x and x^2 */
	int at, lat;		/* next slots in the rings */
	/* Then: the last period values, the last lag MA values, the MA. */
};

static double *
bb_ring(struct bb *s)
{
	return (double *)(s + 1);
}

static double *
bb_lagring(struct bb *s)
{
	return bb_ring(s) + s->period;
}

static int
bb_lag(int period, int type)
{
	int lb = tp_ma_lookback((enum tp_ma_type)type, period);

	return lb < period - 1 ? period - 1 - lb : 0;
}

static size_t
bb_size(const double *p)
{
	int period = (int)p[0], type = (int)p[3];

	return sizeof(struct bb) + (size_t)(period + bb_lag(period, type)) *
	    sizeof(double) + tp_ma_size((enum tp_ma_type)type, period);
}

static int
bb_init(void *st, const double *p, const char **why)
{
	struct bb *s = st;
	int lb;

	s->period = (int)p[0];
	s->type = (int)p[3];
	s->up = p[1];
	s->dn = p[2];
	s->lag = bb_lag(s->period, s->type);
	lb = tp_ma_lookback((enum tp_ma_type)s->type, s->period);
	s->first = s->type == TP_MA_SMA || lb < s->period - 1 ? 0 :
	    lb - (s->period - 1);
	if (tp_ma_init(&s->ma, (enum tp_ma_type)s->type, s->period,
	    bb_lagring(s) + s->lag) < 0) {
		*why = "period out of range";
		return -1;
	}
	return 0;
}

static void
bb_update(void *st, const double *in, double *out)
{
	struct bb *s = st;
	double x = in[TP_IN_REAL], mid, m1, m2, var, sd, *r = bb_ring(s);
	long t = s->n++;
	int p = s->period;

	out[0] = out[1] = out[2] = NAN;
	mid = tp_ma_update(&s->ma, x);
	if (s->lag > 0 && !isnan(mid)) {
		double *lr = bb_lagring(s), cur = mid;

		mid = lr[s->lat];
		lr[s->lat] = cur;
		s->lat = s->lat + 1 == s->lag ? 0 : s->lat + 1;
	}
	if (t < s->first)
		return;
	r[s->at] = x;
	s->at = s->at + 1 == p ? 0 : s->at + 1;
	s->s1 += x;
	s->s2 += x * x;
	if (t < s->first + p - 1)
		return;
	/* Window full: the means, then the oldest value leaves the sums. */
	m1 = s->s1 / p;
	m2 = s->s2 / p;
	s->s1 -= r[s->at];
	s->s2 -= r[s->at] * r[s->at];
	if (isnan(mid))
		return;
	if (s->type == TP_MA_SMA)
		var = m2 - mid * mid;
	else
		var = m2 - m1 * m1;
	sd = var < 1e-14 ? 0.0 : sqrt(var);
	out[0] = mid + sd * s->up;
	out[1] = mid;
	out[2] = mid - sd * s->dn;
}

const struct tp_ind_def tp_ind_bbands = {
	.name = "bbands", .talib = "BBANDS", .group = "overlap",
	.help = "Bollinger bands: MA +- k population standard deviations",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 4, .nnamed = 2,
	.params = {
		TP_PERIOD(5, 2),
		{ "nbdevup", TP_P_REAL, 2, -3e37, 3e37 },
		{ "nbdevdn", TP_P_REAL, 2, -3e37, 3e37 },
		{ "matype", TP_P_MATYPE, TP_MA_SMA, 0, TP_MA_N - 1 },
	},
	.nout = 3,
	.out = {
		{ "bb_upper", "upper" },
		{ "bb_middle", "middle" },
		{ "bb_lower", "lower" },
	},
	.size = bb_size, .init = bb_init, .update = bb_update,
};
