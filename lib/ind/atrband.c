/*
 * SUPERTREND and KELTNER: bands set an ATR multiple away from a centre,
 * neither of them in TA-Lib.  Both take the average true range as
 * TA-Lib's ATR computes it (ta_ATR.c, Wilder): the true range from the
 * second bar on, the first ATR the mean of the first period true ranges
 * (on bar period), then atr = (atr (period - 1) + tr) / period; period 1
 * is the true range itself: tp_atr_update() of lib/ind/atr.c.
 *
 * Keltner channels, as Linda Bradford Raschke revised Chester Keltner's
 * ten-day rule and StockCharts ChartSchool ("Keltner Channels") defines
 * them: middle = EMA(close, period), upper and lower = middle +/-
 * multiplier * ATR(atrperiod); defaults 20, 2, 10.  The EMA is TA-Lib's
 * (seeded with the SMA of the first period closes).  All three lines
 * start on the same bar, when both the EMA and the ATR are defined.
 *
 * Supertrend (Olivier Seban), as TradingView defines it in the Pine
 * reference of ta.supertrend (its pine_supertrend listing): basic bands
 * hl2 +/- multiplier * ATR(period); the final lower band keeps its last
 * value unless the basic one is higher or the last close fell below it,
 * the final upper band keeps its last value unless the basic one is lower
 * or the last close rose above it.  After a downtrend the trend turns up
 * when the close rises above the final upper band; after an uptrend it
 * turns down when the close falls below the final lower band.  The line
 * is the final lower band in an uptrend, the final upper band in a
 * downtrend.  The first bar with an ATR starts a downtrend, as Pine's
 * does.  supertrend_dir is +1 in an uptrend and -1 in a downtrend (the
 * opposite of Pine's direction output, whose -1 means up).
 */
#include "ind.h"

/* ---- Keltner channels ---------------------------------------------------- */

struct keltner {
	struct tp_ma ema;
	struct tp_atr atr;
	double mult;
};

static size_t
keltner_size(const double *p)
{
	return sizeof(struct keltner) + tp_ma_size(TP_MA_EMA, (int)p[0]);
}

static int
keltner_init(void *st, const double *p, const char **why)
{
	struct keltner *s = st;

	if (tp_ma_init(&s->ema, TP_MA_EMA, (int)p[0], s + 1) < 0) {
		*why = "period out of range";
		return -1;
	}
	s->mult = p[1];
	tp_atr_init(&s->atr, (int)p[2]);
	return 0;
}

static void
keltner_update(void *st, const double *in, double *out)
{
	struct keltner *s = st;
	double mid = tp_ma_update(&s->ema, in[TP_IN_CLOSE]);
	double atr = tp_atr_update(&s->atr, in);

	if (isnan(mid) || isnan(atr)) {
		out[0] = out[1] = out[2] = NAN;
		return;
	}
	out[0] = mid + s->mult * atr;
	out[1] = mid;
	out[2] = mid - s->mult * atr;
}

const struct tp_ind_def tp_ind_keltner = {
	.name = "keltner", .talib = NULL, .group = "other",
	.help = "Keltner channels: EMA +/- multiplier x ATR (Raschke)",
	.inputs = TP_IN_HLC, .nparams = 3, .nnamed = 2,
	.params = {
		TP_PERIOD(20, 1),
		{ "multiplier", TP_P_REAL, 2, 0, 1000 },
		{ "atrperiod", TP_P_INT, 10, 1, 100000 },
	},
	.nout = 3,
	.out = {
		{ "kc_upper", "upper" },
		{ "kc_middle", "middle" },
		{ "kc_lower", "lower" },
	},
	.size = keltner_size, .init = keltner_init, .update = keltner_update,
};

/* ---- Supertrend ---------------------------------------------------------- */

struct supertrend {
	struct tp_atr atr;
	double mult;
	int dir;		/* +1 up, -1 down, 0 before the first ATR */
	double up, lo;		/* the final bands of the last bar */
	double prevc;
};

static size_t
supertrend_size(const double *p)
{
	(void)p;
	return sizeof(struct supertrend);
}

static int
supertrend_init(void *st, const double *p, const char **why)
{
	struct supertrend *s = st;

	(void)why;
	tp_atr_init(&s->atr, (int)p[0]);
	s->mult = p[1];
	return 0;
}

static void
supertrend_update(void *st, const double *in, double *out)
{
	struct supertrend *s = st;
	double h = in[TP_IN_HIGH], l = in[TP_IN_LOW], c = in[TP_IN_CLOSE];
	double atr = tp_atr_update(&s->atr, in), mid, up, lo;

	out[0] = out[1] = NAN;
	if (isnan(atr)) {
		s->prevc = c;
		return;
	}
	mid = (h + l) / 2;
	up = mid + s->mult * atr;
	lo = mid - s->mult * atr;
	if (s->dir == 0)
		s->dir = -1;
	else {
		/* Bands only tighten, until the close crosses them. */
		if (!(lo > s->lo || s->prevc < s->lo))
			lo = s->lo;
		if (!(up < s->up || s->prevc > s->up))
			up = s->up;
		if (s->dir < 0)
			s->dir = c > up ? 1 : -1;
		else
			s->dir = c < lo ? -1 : 1;
	}
	s->up = up;
	s->lo = lo;
	s->prevc = c;
	out[0] = s->dir > 0 ? lo : up;
	out[1] = s->dir;
}

const struct tp_ind_def tp_ind_supertrend = {
	.name = "supertrend", .talib = NULL, .group = "other",
	.help = "Supertrend: ATR trailing band and trend direction +1/-1",
	.inputs = TP_IN_HLC, .nparams = 2, .nnamed = 2,
	.params = { TP_PERIOD(10, 1), { "multiplier", TP_P_REAL, 3, 0, 1000 } },
	.nout = 2, .out = { { "supertrend", "" }, { "supertrend_dir", "dir" } },
	.size = supertrend_size, .init = supertrend_init,
	.update = supertrend_update,
};
