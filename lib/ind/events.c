/*
 * events: market events, the event monitor of the original bot, as rules
 * on each candle (tp-ind(1), EVENTS):
 *
 *   flash_crash       a fall of at least move1, move5 or move15 % within
 *                     1, 5 or 15 minutes of time, ending in this candle
 *   flash_rally       a rise as large, the same way
 *   volume_spike      volume at least spike x the mean volume of the
 *                     window candles before
 *   volume_dryup      volume at most dryup x that mean
 *   volatility_spike  ATR(14) at least atrspike x the mean ATR of the window
 *                     candles before
 *   trend_up          EMA(12) crosses above EMA(26) with ADX(14) >= adxmin
 *   trend_down        EMA(12) crosses below EMA(26) with ADX(14) >= adxmin
 *
 * Flash moves are over minutes of time, as the original bot watched them,
 * not over candles: the fall within a window is the deepest one candles
 * show in order, from the highest high of the earlier candles inside the
 * window (or this candle's open) to this candle's low, or from the highest
 * high of them all to this close.  A candle as long as a window or longer
 * is its window alone; its move is judged against the window's threshold
 * times sqrt(candle / window), since a price's moves grow with the square
 * root of time: a random walk's standard deviation does, and on the
 * bundled Binance BTC/USDT minutes (share/data) so does the 99.9th
 * percentile of this fall, 0.30 %, 0.65 % and 1.13 % over 1, 5 and 15
 * minutes (the 0.495th power of time).  On 1h candles move15's 0.85 %
 * becomes 1.7 %, move5's 0.7 % 2.4 % and move1's 0.5 % 3.9 %: the hour is
 * judged as 15 minutes are.  The defaults were set on the bundled 1h
 * candles (tp-ind(1) gives the rates): 1.7 % an hour is the most that
 * makes each day of the crashes named there high.  The candle's length is
 * the shortest time between two of its symbol's candles seen so far: a
 * gap does not lengthen it, and the first candle has none, so no flash
 * move.
 *
 * Outputs are named event_<kind>.  An output is missing unless its event
 * fires; then it is how far past its
 * threshold the measure went, as a ratio >= 1 (a 3 % drop against 2 % is
 * 1.5; a dry-up to 0.1 x against 0.2 x is 2), the largest of the windows
 * for a flash move, which tp-ind turns into a severity (low < 1.5 <=
 * medium < 2 <= high < 3 <= critical).  After an event fires, the same
 * kind is quiet for cooldown candles; a flash move that comes back more
 * severe is reported all the same (a crash deepening: on BTC/USDT the
 * hour of 2022-05-10 14:00 UTC fell 3.45 %, the hour after one that fell
 * 1.92 %).  ATR, EMA and ADX are this directory's TA-Lib-exact
 * indicators, from the registry.
 */
#include "ind.h"

enum { P_MOVE1, P_MOVE5, P_MOVE15, P_WINDOW, P_SPIKE, P_DRYUP, P_ATRSPIKE,
	P_ADXMIN, P_COOLDOWN };
enum { E_CRASH, E_RALLY, E_VSPIKE, E_DRYUP, E_VOLAT, E_UP, E_DOWN, E_N };

/* The flash windows, in minutes, shortest first (nested: one scan back). */
#define NWIN 3
static const double win_min[NWIN] = { 1, 5, 15 };

/* Candles kept for the windows: 15 minutes of 1-second candles, the
 * shortest any exchange serves; shorter ones see the last RING candles. */
#define RING 900

struct bar {
	double t, high, low;
};

struct events {
	const struct tp_ind_def *atr, *fast, *slow, *adx;
	size_t off[4];		/* sub-states: atr, fast, slow, adx */
	size_t vol_off, atrs_off;	/* rings */
	int window, cooldown;
	double move[NWIN], spike, dryup, atrspike, adxmin;
	long n;			/* candles seen */
	long natr;		/* ATR values seen */
	double vsum, asum;	/* sums of the volume and ATR windows */
	double diff;		/* fast - slow EMA of the last candle */
	double len;		/* candle length, ms; 0 until two candles */
	struct bar bars[RING];	/* the last candles, bars[n % RING] */
	int quiet[E_N];		/* cooldown left per kind */
	int level[E_N];		/* severity of the event that began it */
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
		s->vol_off = at;
		s->atrs_off = at + align((size_t)p[P_WINDOW] * sizeof(double));
	}
	return at + 2 * align((size_t)p[P_WINDOW] * sizeof(double));
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
	for (k = 0; k < NWIN; k++)
		s->move[k] = p[P_MOVE1 + k] / 100;
	s->window = (int)p[P_WINDOW];
	s->cooldown = (int)p[P_COOLDOWN];
	s->spike = p[P_SPIKE];
	s->dryup = p[P_DRYUP];
	s->atrspike = p[P_ATRSPIKE];
	s->adxmin = p[P_ADXMIN];
	s->diff = NAN;
	return 0;
}

/* Fire kind k with ratio r (>= 1 past the threshold) unless it is quiet;
 * a flash move more severe than the one that made it so is news (a crash
 * deepening), the other kinds wait. */
static void
fire(struct events *s, double *out, int k, double r)
{
	int level = tp_ind_event_level(r);

	if (s->quiet[k] > 0 && (k > E_RALLY || level <= s->level[k]))
		return;
	out[k] = r;
	s->quiet[k] = s->cooldown + 1;
	s->level[k] = level;
}

/* The larger of the fall from top to x and the one from top2 to y, as
 * fractions of where they fell from. */
static double
fall(double top, double x, double top2, double y)
{
	double a = top > 0 ? (top - x) / top : 0;
	double b = top2 > 0 ? (top2 - y) / top2 : 0;

	return a > b ? a : b;
}

/* The larger of the rise from bottom to x and from bottom2 to y. */
static double
rise(double bottom, double x, double bottom2, double y)
{
	double a = bottom > 0 ? (x - bottom) / bottom : 0;
	double b = bottom2 > 0 ? (y - bottom2) / bottom2 : 0;

	return a > b ? a : b;
}

/*
 * Flash moves of the candle in[] (bars[] already holds the ones before):
 * for each window, shortest first, take in the earlier candles that open
 * inside it (time >= this candle's end - window), then judge the fall and
 * rise ending in this candle against the window's threshold, scaled by
 * sqrt(len / window) when the candle is longer than the window.
 */
static void
flash(struct events *s, const double *in, double *out)
{
	double o = in[TP_IN_OPEN], h = in[TP_IN_HIGH], l = in[TP_IN_LOW];
	double c = in[TP_IN_CLOSE], end = in[TP_IN_TIME] + s->len;
	double top = -INFINITY, bottom = INFINITY, crash = 0, rally = 0;
	double w, th, r, hi, lo;
	long j = s->n - 1, stop = s->n >= RING ? s->n - RING + 1 : 0;
	int k;

	for (k = 0; k < NWIN; k++) {
		w = win_min[k] * 60000;
		for (; j >= stop && s->bars[j % RING].t >= end - w; j--) {
			top = fmax(top, s->bars[j % RING].high);
			bottom = fmin(bottom, s->bars[j % RING].low);
		}
		th = s->move[k] * (s->len > w ? sqrt(s->len / w) : 1);
		hi = fmax(top, o);
		lo = fmin(bottom, o);
		r = fall(fmax(top, h), c, hi, l) / th;
		crash = r > crash ? r : crash;
		r = rise(fmin(bottom, l), c, lo, h) / th;
		rally = r > rally ? r : rally;
	}
	if (crash >= 1)
		fire(s, out, E_CRASH, crash);
	if (rally >= 1)
		fire(s, out, E_RALLY, rally);
}

/* Note the candle in[] for the windows of the next ones; learn the
 * candle length from its distance to the last. */
static void
remember(struct events *s, const double *in)
{
	double t = in[TP_IN_TIME];

	if (s->n > 0) {
		double d = t - s->bars[(s->n - 1) % RING].t;

		if (d > 0 && (s->len == 0 || d < s->len))
			s->len = d;
	}
	s->bars[s->n % RING].t = t;
	s->bars[s->n % RING].high = in[TP_IN_HIGH];
	s->bars[s->n % RING].low = in[TP_IN_LOW];
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
	double atr, fast, slow, adx, diff, mean;
	int k;

	for (k = 0; k < E_N; k++) {
		out[k] = NAN;
		if (s->quiet[k] > 0)
			s->quiet[k]--;
	}
	s->atr->update(b + s->off[0], in, &atr);
	s->fast->update(b + s->off[1], in, &fast);
	s->slow->update(b + s->off[2], in, &slow);
	s->adx->update(b + s->off[3], in, &adx);

	remember(s, in);
	if (s->len > 0)
		flash(s, in, out);

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
	.inputs = TP_IN_OHLC | TP_IN_BIT(TP_IN_VOLUME) | TP_IN_BIT(TP_IN_REAL) |
	    TP_IN_BIT(TP_IN_TIME),
	.nparams = 9,
	.params = {
		{ "move1", TP_P_REAL, 0.5, 0.01, 100 },
		{ "move5", TP_P_REAL, 0.7, 0.01, 100 },
		{ "move15", TP_P_REAL, 0.85, 0.01, 100 },
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
