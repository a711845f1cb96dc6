/*
 * events: market events, the event monitor of the original bot, as rules
 * on each candle (tp-ind(1), EVENTS):
 *
 *   flash_crash       close at least movepct % below the highest high of
 *                     the last bars candles (this one included)
 *   flash_rally       close at least movepct % above the lowest low of them
 *   volume_spike      volume at least spike x the mean volume of the
 *                     window candles before
 *   volume_dryup      volume at most dryup x that mean
 *   volatility_spike  ATR(14) at least atrspike x the mean ATR of the window
 *                     candles before
 *   trend_up          EMA(12) crosses above EMA(26) with ADX(14) >= adxmin
 *   trend_down        EMA(12) crosses below EMA(26) with ADX(14) >= adxmin
 *
 * Outputs are named event_<kind>.  An output is missing unless its event
 * fires; then it is how far past its
 * threshold the measure went, as a ratio >= 1 (a 3 % drop against 2 % is
 * 1.5; a dry-up to 0.1 x against 0.2 x is 2), which tp-ind turns into a
 * severity (low < 1.5 <= medium < 2 <= high < 3 <= critical).  After an
 * event fires, the same kind is quiet for cooldown candles.  ATR, EMA and
 * ADX are this directory's TA-Lib-exact indicators, from the registry.
 */
#include "ind.h"

enum { P_BARS, P_MOVE, P_WINDOW, P_SPIKE, P_DRYUP, P_ATRSPIKE, P_ADXMIN,
	P_COOLDOWN };
enum { E_CRASH, E_RALLY, E_VSPIKE, E_DRYUP, E_VOLAT, E_UP, E_DOWN, E_N };

struct events {
	const struct tp_ind_def *atr, *fast, *slow, *adx;
	size_t off[4];		/* sub-states: atr, fast, slow, adx */
	size_t hi_off, lo_off, vol_off, atrs_off;	/* rings */
	int bars, window, cooldown;
	double move, spike, dryup, atrspike, adxmin;
	long n;			/* candles seen */
	long natr;		/* ATR values seen */
	double vsum, asum;	/* sums of the volume and ATR windows */
	double diff;		/* fast - slow EMA of the last candle */
	int quiet[E_N];		/* cooldown left per kind */
};

static const char *const sub_names[4] = { "atr", "ema", "ema", "adx" };
static const double sub_period[4] = { 14, 12, 26, 14 };

static size_t
align(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/* Offsets of the parts after struct events; the total size. */
static size_t
layout(const double *p, struct events *s)
{
	double q[TP_IND_MAXP] = { 0 };
	size_t at = align(sizeof(struct events));
	int k;

	for (k = 0; k < 4; k++) {
		const struct tp_ind_def *d = tp_ind_find(sub_names[k]);

		if (d == NULL)
			return 0;
		q[0] = sub_period[k];
		if (s != NULL)
			s->off[k] = at;
		at += align(d->size(q));
	}
	if (s != NULL) {
		s->hi_off = at;
		s->lo_off = at + align((size_t)p[P_BARS] * sizeof(double));
		s->vol_off = s->lo_off + align((size_t)p[P_BARS] *
		    sizeof(double));
		s->atrs_off = s->vol_off + align((size_t)p[P_WINDOW] *
		    sizeof(double));
	}
	return at + 2 * align((size_t)p[P_BARS] * sizeof(double)) +
	    2 * align((size_t)p[P_WINDOW] * sizeof(double));
}

static size_t
events_size(const double *p)
{
	size_t n = layout(p, NULL);

	return n > 0 ? n : sizeof(struct events);
}

static int
events_init(void *st, const double *p, const char **why)
{
	struct events *s = st;
	unsigned char *b = st;
	double q[TP_IND_MAXP] = { 0 };
	const struct tp_ind_def **d[4] = { &s->atr, &s->fast, &s->slow,
	    &s->adx };
	int k;

	if (layout(p, s) == 0) {
		*why = "events needs atr, ema and adx";
		return -1;
	}
	for (k = 0; k < 4; k++) {
		*d[k] = tp_ind_find(sub_names[k]);
		q[0] = sub_period[k];
		if ((*d[k])->init(b + s->off[k], q, why) < 0)
			return -1;
	}
	s->bars = (int)p[P_BARS];
	s->window = (int)p[P_WINDOW];
	s->cooldown = (int)p[P_COOLDOWN];
	s->move = p[P_MOVE] / 100;
	s->spike = p[P_SPIKE];
	s->dryup = p[P_DRYUP];
	s->atrspike = p[P_ATRSPIKE];
	s->adxmin = p[P_ADXMIN];
	s->diff = NAN;
	return 0;
}

/* Fire kind k with ratio r (>= 1 past the threshold) unless it is quiet. */
static void
fire(struct events *s, double *out, int k, double r)
{
	if (s->quiet[k] > 0)
		return;
	out[k] = r;
	s->quiet[k] = s->cooldown + 1;
}

/* Add x to a window ring of n values with running sum *sum; returns the
 * mean of the values before x, or NaN while fewer than n. */
static double
window_mean(double *ring, int n, long seen, double *sum, double x)
{
	double mean = seen >= n ? *sum / n : NAN;

	if (seen >= n)
		*sum -= ring[seen % n];
	ring[seen % n] = x;
	*sum += x;
	return mean;
}

static void
events_update(void *st, const double *in, double *out)
{
	struct events *s = st;
	unsigned char *b = st;
	double *hi = (double *)(b + s->hi_off), *lo = (double *)(b + s->lo_off);
	double atr, fast, slow, adx, diff, mean, top, bottom, c;
	int k, i, m;

	for (k = 0; k < E_N; k++) {
		out[k] = NAN;
		if (s->quiet[k] > 0)
			s->quiet[k]--;
	}
	s->atr->update(b + s->off[0], in, &atr);
	s->fast->update(b + s->off[1], in, &fast);
	s->slow->update(b + s->off[2], in, &slow);
	s->adx->update(b + s->off[3], in, &adx);
	c = in[TP_IN_CLOSE];

	/* Flash moves: the close against the extremes of the last bars. */
	hi[s->n % s->bars] = in[TP_IN_HIGH];
	lo[s->n % s->bars] = in[TP_IN_LOW];
	m = s->n + 1 < s->bars ? (int)s->n + 1 : s->bars;
	top = hi[0];
	bottom = lo[0];
	for (i = 1; i < m; i++) {
		top = hi[i] > top ? hi[i] : top;
		bottom = lo[i] < bottom ? lo[i] : bottom;
	}
	if (s->n + 1 >= s->bars && top > 0 && (top - c) / top >= s->move)
		fire(s, out, E_CRASH, (top - c) / top / s->move);
	if (s->n + 1 >= s->bars && bottom > 0 &&
	    (c - bottom) / bottom >= s->move)
		fire(s, out, E_RALLY, (c - bottom) / bottom / s->move);

	/* Volume against the mean of the window before this candle. */
	mean = window_mean((double *)(b + s->vol_off), s->window, s->n,
	    &s->vsum, in[TP_IN_VOLUME]);
	if (mean > 0 && in[TP_IN_VOLUME] >= s->spike * mean)
		fire(s, out, E_VSPIKE, in[TP_IN_VOLUME] / mean / s->spike);
	if (mean > 0 && in[TP_IN_VOLUME] <= s->dryup * mean)
		fire(s, out, E_DRYUP, in[TP_IN_VOLUME] > 0 ?
		    s->dryup * mean / in[TP_IN_VOLUME] : 3);
	s->n++;

	/* Volatility: ATR against the mean ATR of the window before. */
	if (!isnan(atr)) {
		mean = window_mean((double *)(b + s->atrs_off), s->window,
		    s->natr++, &s->asum, atr);
		if (mean > 0 && atr >= s->atrspike * mean)
			fire(s, out, E_VOLAT, atr / mean / s->atrspike);
	}

	/* Trend reversal: the EMAs cross while ADX confirms a trend. */
	diff = fast - slow;
	if (!isnan(diff) && !isnan(s->diff) && !isnan(adx) &&
	    adx >= s->adxmin && s->adxmin > 0) {
		if (s->diff <= 0 && diff > 0)
			fire(s, out, E_UP, adx / s->adxmin);
		else if (s->diff >= 0 && diff < 0)
			fire(s, out, E_DOWN, adx / s->adxmin);
	}
	s->diff = diff;
}

const struct tp_ind_def tp_ind_events = {
	.name = "events", .talib = NULL, .group = "other",
	.help = "market events: flash moves, volume and volatility spikes, "
	    "reversals",
	.inputs = TP_IN_OHLC | TP_IN_BIT(TP_IN_VOLUME) | TP_IN_BIT(TP_IN_REAL),
	.nparams = 8,
	.params = {
		{ "bars", TP_P_INT, 5, 1, 10000 },
		{ "movepct", TP_P_REAL, 2, 0.01, 100 },
		{ "window", TP_P_INT, 20, 1, 100000 },
		{ "spike", TP_P_REAL, 2, 1, 1000 },
		{ "dryup", TP_P_REAL, 0.2, 0.0001, 1 },
		{ "atrspike", TP_P_REAL, 1.5, 1, 1000 },
		{ "adxmin", TP_P_REAL, 25, 0, 100 },
		{ "cooldown", TP_P_INT, 5, 0, 100000 },
	},
	.nout = E_N,
	.out = {
		{ "event_flash_crash", "flash_crash" },
		{ "event_flash_rally", "flash_rally" },
		{ "event_volume_spike", "volume_spike" },
		{ "event_volume_dryup", "volume_dryup" },
		{ "event_volatility_spike", "volatility_spike" },
		{ "event_trend_up", "trend_up" },
		{ "event_trend_down", "trend_down" },
	},
	.labels = TP_LABELS_EVENTS,
	.size = events_size, .init = events_init, .update = events_update,
};
