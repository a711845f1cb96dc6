/*
 * VWAP: volume-weighted average price, not in TA-Lib.  As StockCharts
 * ChartSchool ("Volume-Weighted Average Price (VWAP)") and TradingView's
 * VWAP define it: the typical price (high + low + close) / 3 of each bar
 * times its volume, summed and divided by the summed volume.
 *
 * period 0 (the default): session VWAP.  The sums start again on the
 * first bar of each UTC day (the bar's time, Unix ms, floored to a
 * multiple of 86,400,000), so every bar has a value from the first.
 * period N > 0: rolling VWAP over the last N bars, defined from the N-th
 * bar on (as an N-bar SMA), with the window's running sums added up again
 * from their ring each time it wraps, so that rounding cannot build up.
 *
 * A session or window whose volume is all zero has no VWAP: NaN (null).
 */
#include "ind.h"

#define DAY_MS 86400000.0

struct vwap {
	int period;		/* 0: session */
	long n;			/* bars seen (in this session when period 0) */
	double day;		/* the current session, days since 1970 */
	double pv, v;		/* sums of price x volume and of volume */
	int nz;			/* bars with volume in the window */
	int ring;
	/* period 0: nothing more; else rings of pv and v of period each */
};

static size_t
vwap_size(const double *p)
{
	return sizeof(struct vwap) + 2 * (size_t)p[0] * sizeof(double);
}

static int
vwap_init(void *st, const double *p, const char **why)
{
	struct vwap *s = st;

	(void)why;
	s->period = (int)p[0];
	return 0;
}

static void
session(struct vwap *s, const double *in, double pv, double *out)
{
	double day = floor(in[TP_IN_TIME] / DAY_MS);

	if (s->n == 0 || day != s->day) {
		s->day = day;
		s->pv = s->v = 0;
		s->n = 0;
	}
	s->n++;
	s->pv += pv;
	s->v += in[TP_IN_VOLUME];
	out[0] = s->v != 0 ? s->pv / s->v : NAN;
}

static void
rolling(struct vwap *s, const double *in, double pv, double *out)
{
	double *rpv = (double *)(s + 1), *rv = rpv + s->period;
	double v = in[TP_IN_VOLUME];
	int k;

	if (s->n >= s->period) {
		s->pv -= rpv[s->ring];
		s->v -= rv[s->ring];
		s->nz -= rv[s->ring] != 0;
	}
	rpv[s->ring] = pv;
	rv[s->ring] = v;
	s->nz += v != 0;
	s->pv += pv;
	s->v += v;
	s->n++;
	if (++s->ring == s->period) {
		/* The ring holds exactly the window: sum it afresh. */
		s->ring = 0;
		s->pv = s->v = 0;
		for (k = 0; k < s->period; k++) {
			s->pv += rpv[k];
			s->v += rv[k];
		}
	}
	out[0] = s->n >= s->period && s->nz > 0 ? s->pv / s->v : NAN;
}

static void
vwap_update(void *st, const double *in, double *out)
{
	struct vwap *s = st;
	double tp = (in[TP_IN_HIGH] + in[TP_IN_LOW] + in[TP_IN_CLOSE]) / 3;
	double pv = tp * in[TP_IN_VOLUME];

	if (s->period == 0)
		session(s, in, pv, out);
	else
		rolling(s, in, pv, out);
}

const struct tp_ind_def tp_ind_vwap = {
	.name = "vwap", .talib = NULL, .group = "other",
	.help = "volume-weighted average price: UTC-day sessions, or rolling "
	    "N bars",
	.inputs = TP_IN_HLC | TP_IN_BIT(TP_IN_VOLUME) | TP_IN_BIT(TP_IN_TIME),
	.nparams = 1, .params = { { "timeperiod", TP_P_INT, 0, 0, 100000 } },
	.nout = 1, .out = { { "vwap", "" } },
	.size = vwap_size, .init = vwap_init, .update = vwap_update,
};
