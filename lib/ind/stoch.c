/*
 * STOCH, STOCHF, STOCHRSI: George Lane's stochastic oscillator as TA-Lib
 * computes it (ta_STOCH.c, ta_STOCHF.c, ta_STOCHRSI.c).
 *
 * The raw %K is 100 (close - lowest low) / (highest high - lowest low) over
 * fastk_period bars, written as (close - lowest) / ((highest - lowest) /
 * 100) and 0 when the range is exactly 0.  Like TA-Lib, the extremes are
 * kept with their bar and the window is rescanned only when one of them
 * leaves it.  STOCHF's %D is an MA of the raw %K; STOCH smooths the raw %K
 * into slow %K, then that into slow %D.  STOCHRSI is STOCHF over Wilder's
 * RSI (rsi.c, run through its definition so the two stay one), with the
 * RSI as high, low and close: its %K is not smoothed.
 *
 * MAs of any type go through struct tp_ma, which has TA_MA()'s rule that
 * a period of 1 passes the values through.
 */
#include "ind.h"


extern const struct tp_ind_def tp_ind_rsi;

/* The lowest low and highest high of the last period bars. */
struct range {
	int period;
	long n;			/* bars seen */
	long lo_at, hi_at;	/* the bars of the extremes */
	double lo, hi;
	double *h, *l;		/* rings of period highs and lows */
};

struct stoch {
	struct range r;
	struct tp_ma k, d;	/* STOCH's slow %K and %D; %D alone else */
	void *rsi;		/* STOCHRSI: the RSI's state */
};


/* ---- the raw %K ------------------------------------------------------ */

static size_t
range_mem(int period)
{
	return 2 * TP_ALIGN16((size_t)period * sizeof(double));
}

static void
range_setup(struct range *r, int period, char **mem)
{
	r->period = period;
	r->lo_at = r->hi_at = -1;
	r->h = (double *)*mem;
	r->l = (double *)(*mem + TP_ALIGN16((size_t)period * sizeof(double)));
	*mem += range_mem(period);
}

static double
range_step(struct range *r, double h, double l, double c)
{
	long today = r->n, trail = today - r->period + 1, i;
	double diff;

	r->h[today % r->period] = h;
	r->l[today % r->period] = l;
	r->n++;
	if (trail < 0)
		return NAN;
	/* Rescan only when the extreme left the window; a new bar that
	 * ties it takes its place, as in TA-Lib. */
	if (r->lo_at < trail) {
		r->lo_at = trail;
		r->lo = r->l[trail % r->period];
		for (i = trail + 1; i <= today; i++)
			if (r->l[i % r->period] < r->lo) {
				r->lo_at = i;
				r->lo = r->l[i % r->period];
			}
	} else if (l <= r->lo) {
		r->lo_at = today;
		r->lo = l;
	}
	if (r->hi_at < trail) {
		r->hi_at = trail;
		r->hi = r->h[trail % r->period];
		for (i = trail + 1; i <= today; i++)
			if (r->h[i % r->period] > r->hi) {
				r->hi_at = i;
				r->hi = r->h[i % r->period];
			}
	} else if (h >= r->hi) {
		r->hi_at = today;
		r->hi = h;
	}
	diff = (r->hi - r->lo) / 100.0;
	return diff != 0.0 ? (c - r->lo) / diff : 0.0;
}

/* ---- STOCH ----------------------------------------------------------- */

static size_t
stoch_size(const double *p)
{
	return TP_ALIGN16(sizeof(struct stoch)) + range_mem((int)p[0]) +
	    tp_ma_mem((int)p[2], (int)p[1]) + tp_ma_mem((int)p[4], (int)p[3]);
}

static int
stoch_init(void *st, const double *p, const char **why)
{
	struct stoch *s = st;
	char *mem = (char *)st + TP_ALIGN16(sizeof(struct stoch));

	range_setup(&s->r, (int)p[0], &mem);
	if (tp_ma_place(&s->k, (int)p[2], (int)p[1], &mem, why) < 0 ||
	    tp_ma_place(&s->d, (int)p[4], (int)p[3], &mem, why) < 0)
		return -1;
	return 0;
}

static void
stoch_update(void *st, const double *in, double *out)
{
	struct stoch *s = st;
	double k, d;

	out[0] = out[1] = NAN;
	k = range_step(&s->r, in[TP_IN_HIGH], in[TP_IN_LOW], in[TP_IN_CLOSE]);
	if (isnan(k))
		return;
	k = tp_ma_update(&s->k, k);
	if (isnan(k))
		return;
	d = tp_ma_update(&s->d, k);
	if (isnan(d))
		return;
	out[0] = k;
	out[1] = d;
}

/* ---- STOCHF ---------------------------------------------------------- */

static size_t
stochf_size(const double *p)
{
	return TP_ALIGN16(sizeof(struct stoch)) + range_mem((int)p[0]) +
	    tp_ma_mem((int)p[2], (int)p[1]);
}

static int
stochf_init(void *st, const double *p, const char **why)
{
	struct stoch *s = st;
	char *mem = (char *)st + TP_ALIGN16(sizeof(struct stoch));

	range_setup(&s->r, (int)p[0], &mem);
	return tp_ma_place(&s->d, (int)p[2], (int)p[1], &mem, why);
}

/* The raw %K of h, l, c and its %D, or NaNs while warming up. */
static void
fast_kd(struct stoch *s, double h, double l, double c, double *out)
{
	double k, d;

	out[0] = out[1] = NAN;
	k = range_step(&s->r, h, l, c);
	if (isnan(k))
		return;
	d = tp_ma_update(&s->d, k);
	if (isnan(d))
		return;
	out[0] = k;
	out[1] = d;
}

static void
stochf_update(void *st, const double *in, double *out)
{
	fast_kd(st, in[TP_IN_HIGH], in[TP_IN_LOW], in[TP_IN_CLOSE], out);
}

/* ---- STOCHRSI -------------------------------------------------------- */

static size_t
stochrsi_size(const double *p)
{
	return TP_ALIGN16(sizeof(struct stoch)) + range_mem((int)p[1]) +
	    tp_ma_mem((int)p[3], (int)p[2]) + TP_ALIGN16(tp_ind_rsi.size(p));
}

static int
stochrsi_init(void *st, const double *p, const char **why)
{
	struct stoch *s = st;
	char *mem = (char *)st + TP_ALIGN16(sizeof(struct stoch));

	range_setup(&s->r, (int)p[1], &mem);
	if (tp_ma_place(&s->d, (int)p[3], (int)p[2], &mem, why) < 0)
		return -1;
	s->rsi = mem;
	return tp_ind_rsi.init(s->rsi, p, why);
}

static void
stochrsi_update(void *st, const double *in, double *out)
{
	struct stoch *s = st;
	double rsi;

	tp_ind_rsi.update(s->rsi, in, &rsi);
	if (isnan(rsi)) {
		out[0] = out[1] = NAN;
		return;
	}
	fast_kd(s, rsi, rsi, rsi, out);
}

/* ---- definitions ----------------------------------------------------- */

#define PER(name, def) { name, TP_P_INT, def, 1, 100000 }
#define MATYPE(name) { name, TP_P_MATYPE, TP_MA_SMA, 0, TP_MA_N - 1 }
#define KD(x) { { x "_k", "k" }, { x "_d", "d" } }

const struct tp_ind_def tp_ind_stoch = {
	.name = "stoch", .talib = "STOCH", .group = "momentum",
	.help = "stochastic oscillator: slow %K and %D",
	.inputs = TP_IN_HLC, .nparams = 5, .nnamed = 2,
	.params = {
		PER("fastk_period", 5),
		PER("slowk_period", 3),
		MATYPE("slowk_matype"),
		PER("slowd_period", 3),
		MATYPE("slowd_matype"),
	},
	.nout = 2, .out = KD("stoch"),
	.size = stoch_size, .init = stoch_init, .update = stoch_update,
};

const struct tp_ind_def tp_ind_stochf = {
	.name = "stochf", .talib = "STOCHF", .group = "momentum",
	.help = "fast stochastic oscillator: raw %K and %D",
	.inputs = TP_IN_HLC, .nparams = 3, .nnamed = 2,
	.params = {
		PER("fastk_period", 5),
		PER("fastd_period", 3),
		MATYPE("fastd_matype"),
	},
	.nout = 2, .out = KD("stochf"),
	.size = stochf_size, .init = stochf_init, .update = stochf_update,
};

const struct tp_ind_def tp_ind_stochrsi = {
	.name = "stochrsi", .talib = "STOCHRSI", .group = "momentum",
	.help = "fast stochastic of the RSI: raw %K and %D",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 4, .nnamed = 3,
	.params = {
		TP_PERIOD(14, 2),
		PER("fastk_period", 5),
		PER("fastd_period", 3),
		MATYPE("fastd_matype"),
	},
	.nout = 2, .out = KD("stochrsi"),
	.size = stochrsi_size, .init = stochrsi_init, .update = stochrsi_update,
};
