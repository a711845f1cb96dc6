/*
 * DONCHIAN and ICHIMOKU: lines made of the highest high and the lowest
 * low of recent bars, neither of them in TA-Lib.  The current bar is part
 * of its own window, as in both published definitions.
 *
 * Donchian channels (Richard Donchian; StockCharts ChartSchool "Donchian
 * Channels"): upper = highest high of the last period bars, lower =
 * lowest low, middle = their mean; default 20.
 *
 * Ichimoku kinko hyo (Goichi Hosoda; StockCharts ChartSchool "Ichimoku
 * Cloud"), defaults 9, 26, 52:
 *   tenkan   = (highest high + lowest low) / 2 of the last 9 bars
 *   kijun    = the same over 26 bars
 *   senkou_a = (tenkan + kijun) / 2
 *   senkou_b = (highest high + lowest low) / 2 of the last 52 bars
 *   chikou   = close
 * A chart shifts the last three: it draws the senkou spans 26 bars (the
 * kijun period) ahead of the bar that computed them and the chikou span
 * 26 bars behind (TradingView's offset is 25: it counts the bar itself as
 * the first of the 26).  A stream cannot write into other rows, so each
 * bar carries the values computed from it and the bars before it,
 * unshifted: senkou_a and senkou_b on bar t are the cloud that a chart
 * draws at bar t + 26, and chikou on bar t is this bar's close, drawn at
 * t - 26.  The cloud under the current bar is therefore the senkou values
 * of 26 bars earlier.  No value looks ahead.
 *
 * The highest high of a window is kept with the index where it was seen;
 * only when that bar leaves the window is the window scanned again, as
 * TA-Lib's MAX does: O(1) a bar on most data, a scan a bar on a series
 * that falls steadily.
 */
#include "ind.h"

/* The highs and lows of the last cap bars, in rings after the owner. */
struct hist {
	int cap;
	long n;			/* bars pushed */
	double *hi, *lo;
};

/* Highest high and lowest low of the last period bars of a hist. */
struct ext {
	int period;
	long hidx, lidx;	/* absolute bar numbers of the extremes */
	double hmax, lmin;
};

static void
hist_push(struct hist *r, double h, double l)
{
	int k = (int)(r->n % r->cap);

	r->hi[k] = h;
	r->lo[k] = l;
	r->n++;
}

static void
ext_init(struct ext *e, int period)
{
	e->period = period;
	e->hidx = e->lidx = -1;
}

/* Take in the bar just pushed; 1 when the window is full. */
static int
ext_update(struct ext *e, const struct hist *r)
{
	long i = r->n - 1, start = i - e->period + 1, j;
	int k = (int)(i % r->cap);

	if (start < 0)
		start = 0;
	if (e->hidx < start) {
		e->hidx = start;
		e->hmax = r->hi[start % r->cap];
		for (j = start + 1; j <= i; j++)
			if (r->hi[j % r->cap] >= e->hmax) {
				e->hmax = r->hi[j % r->cap];
				e->hidx = j;
			}
	} else if (r->hi[k] >= e->hmax) {
		e->hmax = r->hi[k];
		e->hidx = i;
	}
	if (e->lidx < start) {
		e->lidx = start;
		e->lmin = r->lo[start % r->cap];
		for (j = start + 1; j <= i; j++)
			if (r->lo[j % r->cap] <= e->lmin) {
				e->lmin = r->lo[j % r->cap];
				e->lidx = j;
			}
	} else if (r->lo[k] <= e->lmin) {
		e->lmin = r->lo[k];
		e->lidx = i;
	}
	return r->n >= e->period;
}

/* Bytes of a hist of cap bars placed after a struct of size base. */
static size_t
hist_size(size_t base, int cap)
{
	return base + 2 * (size_t)cap * sizeof(double);
}

static void
hist_init(struct hist *r, void *mem, int cap)
{
	r->cap = cap;
	r->hi = mem;
	r->lo = r->hi + cap;
}

/* ---- Donchian channels --------------------------------------------------- */

struct donchian {
	struct hist r;
	struct ext e;
};

static size_t
donchian_size(const double *p)
{
	return hist_size(sizeof(struct donchian), (int)p[0]);
}

static int
donchian_init(void *st, const double *p, const char **why)
{
	struct donchian *s = st;

	(void)why;
	hist_init(&s->r, s + 1, (int)p[0]);
	ext_init(&s->e, (int)p[0]);
	return 0;
}

static void
donchian_update(void *st, const double *in, double *out)
{
	struct donchian *s = st;

	hist_push(&s->r, in[TP_IN_HIGH], in[TP_IN_LOW]);
	if (!ext_update(&s->e, &s->r)) {
		out[0] = out[1] = out[2] = NAN;
		return;
	}
	out[0] = s->e.hmax;
	out[1] = (s->e.hmax + s->e.lmin) / 2;
	out[2] = s->e.lmin;
}

const struct tp_ind_def tp_ind_donchian = {
	.name = "donchian", .talib = NULL, .group = "other",
	.help = "Donchian channels: highest high, midpoint, lowest low",
	.inputs = TP_IN_HL, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(20, 1) },
	.nout = 3,
	.out = {
		{ "dc_upper", "upper" },
		{ "dc_middle", "middle" },
		{ "dc_lower", "lower" },
	},
	.size = donchian_size, .init = donchian_init, .update = donchian_update,
};

/* ---- Ichimoku ------------------------------------------------------------ */

struct ichimoku {
	struct hist r;
	struct ext tenkan, kijun, senkou;
};

static int
max3(const double *p)
{
	int m = (int)p[0];

	if ((int)p[1] > m)
		m = (int)p[1];
	if ((int)p[2] > m)
		m = (int)p[2];
	return m;
}

static size_t
ichimoku_size(const double *p)
{
	return hist_size(sizeof(struct ichimoku), max3(p));
}

static int
ichimoku_init(void *st, const double *p, const char **why)
{
	struct ichimoku *s = st;

	(void)why;
	hist_init(&s->r, s + 1, max3(p));
	ext_init(&s->tenkan, (int)p[0]);
	ext_init(&s->kijun, (int)p[1]);
	ext_init(&s->senkou, (int)p[2]);
	return 0;
}

static void
ichimoku_update(void *st, const double *in, double *out)
{
	struct ichimoku *s = st;
	int t, k;

	hist_push(&s->r, in[TP_IN_HIGH], in[TP_IN_LOW]);
	t = ext_update(&s->tenkan, &s->r);
	k = ext_update(&s->kijun, &s->r);
	out[0] = t ? (s->tenkan.hmax + s->tenkan.lmin) / 2 : NAN;
	out[1] = k ? (s->kijun.hmax + s->kijun.lmin) / 2 : NAN;
	out[2] = t && k ? (out[0] + out[1]) / 2 : NAN;
	out[3] = ext_update(&s->senkou, &s->r) ?
	    (s->senkou.hmax + s->senkou.lmin) / 2 : NAN;
	out[4] = in[TP_IN_CLOSE];
}

const struct tp_ind_def tp_ind_ichimoku = {
	.name = "ichimoku", .talib = NULL, .group = "other",
	.help = "Ichimoku: tenkan, kijun, senkou spans (unshifted), chikou",
	.inputs = TP_IN_HLC, .nparams = 3,
	.params = {
		{ "tenkanperiod", TP_P_INT, 9, 1, 100000 },
		{ "kijunperiod", TP_P_INT, 26, 1, 100000 },
		{ "senkouperiod", TP_P_INT, 52, 1, 100000 },
	},
	.nout = 5,
	.out = {
		{ "tenkan", "tenkan" },
		{ "kijun", "kijun" },
		{ "senkou_a", "senkou_a" },
		{ "senkou_b", "senkou_b" },
		{ "chikou", "chikou" },
	},
	.size = ichimoku_size, .init = ichimoku_init, .update = ichimoku_update,
};
