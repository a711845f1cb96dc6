/*
 * PLUS_DM, MINUS_DM, PLUS_DI, MINUS_DI, DX, ADX, ADXR: Wilder's directional
 * movement system (New Concepts in Technical Trading Systems, 1978) as
 * TA-Lib computes it (ta_PLUS_DM.c, ta_MINUS_DM.c, ta_PLUS_DI.c,
 * ta_MINUS_DI.c, ta_DX.c, ta_ADX.c, ta_ADXR.c, no unstable period).
 *
 * A bar's +DM is the rise of the high when it beats the fall of the low,
 * -DM the fall of the low when it beats the rise of the high, else 0 (both
 * 0 on a tie).  TA-Lib seeds the running sums of +DM, -DM and the true
 * range with the n - 1 bars 1..n-1, not Wilder's n, then smooths them with
 * s = s - s / n + x.  So ±DM starts on bar n - 1 (the plain sum), ±DI and
 * DX on bar n, ADX (the mean of the first n DX, then Wilder's smoothing)
 * on bar 2n - 1, and ADXR, the mean of ADX now and n - 1 bars ago, on bar
 * 3n - 2.  Guards as TA-Lib's: a DI is 0 when the smoothed true range is
 * zero; DX keeps its previous value (0 at first) and ADX skips the bar when
 * the true range or the sum of the DIs is zero.  Period 1 is TA-Lib's too:
 * ±DM is the bar's DM from bar 1, and ±DI is DM / TR, not in percent.
 * All seven share struct dm and dm_step(): keep them in step with each
 * other and with TA-Lib's files above.
 */
#include "ind.h"

struct dm {
	int period;
	long n;			/* bars seen */
	double high, low, close;	/* the previous bar */
	double pdm, mdm, tr;	/* running sums, then smoothed */
	double dx;		/* DX's last value */
	double adx;		/* ADX: the sum of the first DX, then ADX */
};

/*
 * One bar into the sums of +DM, -DM and (with tr) the true range; returns
 * the bar's index.  Bars 1..n-1 are summed, later ones smoothed.
 */
static long
dm_step(struct dm *s, const double *in, int tr)
{
	double h = in[TP_IN_HIGH], l = in[TP_IN_LOW];
	double up = h - s->high, down = s->low - l, p = 0, m = 0, r = 0;
	long k = s->n++;

	s->high = h;
	s->low = l;
	if (k == 0) {
		if (tr)
			s->close = in[TP_IN_CLOSE];
		return 0;
	}
	if (down > 0 && up < down)
		m = down;
	else if (up > 0 && up > down)
		p = up;
	if (tr) {
		r = tp_true_range(h, l, s->close);
		s->close = in[TP_IN_CLOSE];
	}
	if (k < s->period) {
		s->pdm += p;
		s->mdm += m;
		s->tr += r;
	} else {
		s->pdm = s->pdm - s->pdm / s->period + p;
		s->mdm = s->mdm - s->mdm / s->period + m;
		s->tr = s->tr - s->tr / s->period + r;
	}
	return k;
}

/* The DX of the current sums; 0 when a guard leaves it undefined. */
static int
dm_dx(const struct dm *s, double *dx)
{
	double mdi, pdi, sum;

	if (TP_IS_ZERO(s->tr))
		return 0;
	mdi = 100.0 * (s->mdm / s->tr);
	pdi = 100.0 * (s->pdm / s->tr);
	sum = mdi + pdi;
	if (TP_IS_ZERO(sum))
		return 0;
	*dx = 100.0 * (fabs(mdi - pdi) / sum);
	return 1;
}

static size_t
dm_size(const double *p)
{
	(void)p;
	return sizeof(struct dm);
}

/* ADXR keeps the last n ADX values after its struct. */
static size_t
adxr_size(const double *p)
{
	return sizeof(struct dm) + (size_t)p[0] * sizeof(double);
}

static int
dm_init(void *st, const double *p, const char **why)
{
	struct dm *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

/* ±DM: the sum from bar n - 1 (bar 1 when n is 1). */
static void
dm_out(struct dm *s, const double *in, double *out, int plus)
{
	long k = dm_step(s, in, 0);

	out[0] = NAN;
	if (k >= (s->period > 1 ? s->period - 1 : 1))
		out[0] = plus ? s->pdm : s->mdm;
}

static void
plus_dm_update(void *st, const double *in, double *out)
{
	dm_out(st, in, out, 1);
}

static void
minus_dm_update(void *st, const double *in, double *out)
{
	dm_out(st, in, out, 0);
}

/* ±DI from bar n (bar 1 when n is 1, as a ratio: TA-Lib's quirk). */
static void
di_out(struct dm *s, const double *in, double *out, int plus)
{
	long k = dm_step(s, in, 1);
	double scale = s->period > 1 ? 100.0 : 1.0;

	out[0] = NAN;
	if (k < s->period || k == 0)
		return;
	if (TP_IS_ZERO(s->tr))
		out[0] = 0.0;
	else
		out[0] = scale * ((plus ? s->pdm : s->mdm) / s->tr);
}

static void
plus_di_update(void *st, const double *in, double *out)
{
	di_out(st, in, out, 1);
}

static void
minus_di_update(void *st, const double *in, double *out)
{
	di_out(st, in, out, 0);
}

static void
dx_update(void *st, const double *in, double *out)
{
	struct dm *s = st;
	long k = dm_step(s, in, 1);

	out[0] = NAN;
	if (k < s->period)
		return;
	dm_dx(s, &s->dx);
	out[0] = s->dx;
}

/* ADX on its own bars; NaN before bar 2n - 1. */
static double
adx_step(struct dm *s, const double *in)
{
	long k = dm_step(s, in, 1);
	double dx = 0;
	int n = s->period, ok;

	if (k < n)
		return NAN;
	ok = dm_dx(s, &dx);
	if (k <= 2L * n - 1) {
		/* The sum of the first n DX, then their mean. */
		if (ok)
			s->adx += dx;
		if (k < 2L * n - 1)
			return NAN;
		s->adx = s->adx / n;
	} else if (ok) {
		s->adx = (s->adx * (n - 1) + dx) / n;
	}
	return s->adx;
}

static void
adx_update(void *st, const double *in, double *out)
{
	out[0] = adx_step(st, in);
}

/* ADXR: (ADX + ADX n - 1 bars ago) / 2 from bar 3n - 2. */
static void
adxr_update(void *st, const double *in, double *out)
{
	struct dm *s = st;
	double *ring = (double *)(s + 1), adx = adx_step(s, in);
	long k = s->n - 1;
	int n = s->period;

	out[0] = NAN;
	if (isnan(adx))
		return;
	ring[k % n] = adx;
	if (k >= 3L * n - 2)
		out[0] = (adx + ring[(k + 1) % n]) / 2.0;
}

const struct tp_ind_def tp_ind_plus_dm = {
	.name = "plus_dm", .talib = "PLUS_DM", .group = "momentum",
	.help = "plus directional movement, Wilder-smoothed",
	.inputs = TP_IN_HL, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 1) },
	.nout = 1, .out = { { "plus_dm", "" } },
	.size = dm_size, .init = dm_init, .update = plus_dm_update,
};

const struct tp_ind_def tp_ind_minus_dm = {
	.name = "minus_dm", .talib = "MINUS_DM", .group = "momentum",
	.help = "minus directional movement, Wilder-smoothed",
	.inputs = TP_IN_HL, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 1) },
	.nout = 1, .out = { { "minus_dm", "" } },
	.size = dm_size, .init = dm_init, .update = minus_dm_update,
};

const struct tp_ind_def tp_ind_plus_di = {
	.name = "plus_di", .talib = "PLUS_DI", .group = "momentum",
	.help = "plus directional indicator (Wilder)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 1) },
	.nout = 1, .out = { { "plus_di", "" } },
	.size = dm_size, .init = dm_init, .update = plus_di_update,
};

const struct tp_ind_def tp_ind_minus_di = {
	.name = "minus_di", .talib = "MINUS_DI", .group = "momentum",
	.help = "minus directional indicator (Wilder)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 1) },
	.nout = 1, .out = { { "minus_di", "" } },
	.size = dm_size, .init = dm_init, .update = minus_di_update,
};

const struct tp_ind_def tp_ind_dx = {
	.name = "dx", .talib = "DX", .group = "momentum",
	.help = "directional movement index (Wilder)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "dx", "" } },
	.size = dm_size, .init = dm_init, .update = dx_update,
};

const struct tp_ind_def tp_ind_adx = {
	.name = "adx", .talib = "ADX", .group = "momentum",
	.help = "average directional movement index (Wilder)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "adx", "" } },
	.size = dm_size, .init = dm_init, .update = adx_update,
};

const struct tp_ind_def tp_ind_adxr = {
	.name = "adxr", .talib = "ADXR", .group = "momentum",
	.help = "average directional movement index rating (Wilder)",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "adxr", "" } },
	.size = adxr_size, .init = dm_init, .update = adxr_update,
};
