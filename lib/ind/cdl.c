/*
 * cdl.c: what the candlestick patterns (cdl_*.c) share: TA-Lib's default
 * candle settings (ta_global.c) and the streaming driver that keeps the
 * last bars and the settings' running sums the way TA-Lib's TA_CDLx batch
 * functions do (see cdl.h).
 */
#include "cdl.h"

/* TA_CandleDefaultSettings: e.g. a body is long when it is longer than
 * the mean body of the 10 bars before; a doji's body is at most 0.1 times
 * their mean high-low range; shadows are compared with half the mean sum
 * of both shadows. */
const struct tp_cdl_setting tp_cdl_settings[CDL_NSET] = {
	[CDL_BODYLONG] = { CDL_REALBODY, 10, 1.0 },
	[CDL_BODYVERYLONG] = { CDL_REALBODY, 10, 3.0 },
	[CDL_BODYSHORT] = { CDL_REALBODY, 10, 1.0 },
	[CDL_BODYDOJI] = { CDL_HIGHLOW, 10, 0.1 },
	[CDL_SHADOWLONG] = { CDL_REALBODY, 0, 1.0 },
	[CDL_SHADOWVERYLONG] = { CDL_REALBODY, 0, 2.0 },
	[CDL_SHADOWSHORT] = { CDL_SHADOWS, 10, 1.0 },
	[CDL_SHADOWVERYSHORT] = { CDL_HIGHLOW, 10, 0.1 },
	[CDL_NEAR] = { CDL_HIGHLOW, 5, 0.2 },
	[CDL_FAR] = { CDL_HIGHLOW, 5, 0.6 },
	[CDL_EQUAL] = { CDL_HIGHLOW, 5, 0.05 }
};

size_t
tp_cdl_size(const double *p)
{
	(void)p;
	return sizeof(struct tp_cdl);
}

int
tp_cdl_init(struct tp_cdl *s, const struct tp_cdl_pattern *pat, double pen)
{
	int set, max = 0;

	s->pat = pat;
	s->pen = pen;
	/* TA_CDLx_Lookback: the longest period among the settings used,
	 * plus the pattern's candles (TA-Lib's own count, see extra). */
	for (set = 0; set < CDL_NSET; set++)
		if (pat->avg[set] != 0 && tp_cdl_settings[set].period > max)
			max = tp_cdl_settings[set].period;
	s->lookback = max + pat->extra;
	return 0;
}

/*
 * After bar i is judged, every sum moves on by one bar.  TA-Lib starts the
 * sum for candle k of a pattern whose logic first runs on bar start with
 * the period bars before candle k of that bar, added one at a time, then
 * adds the new range minus the old one, in one expression, each bar.
 */
static void
cdl_sums(struct tp_cdl *s, long start)
{
	const struct tp_cdl_setting *cs;
	struct tp_cdl_bar in, out;
	long i = s->n;
	int set, k;

	for (set = 0; set < CDL_NSET; set++) {
		cs = &tp_cdl_settings[set];
		if (s->pat->avg[set] == 0 || cs->period == 0 ||
		    i < start - cs->period)
			continue;
		for (k = 0; k < CDL_BACK; k++) {
			if (!(s->pat->avg[set] & CDL_L(k)))
				continue;
			in = s->bar[(i - k) & (CDL_RING - 1)];
			if (i < start) {
				s->sum[set][k] += cdl_range(cs->range, in);
				continue;
			}
			out = s->bar[(i - k - cs->period) & (CDL_RING - 1)];
			s->sum[set][k] += cdl_range(cs->range, in) -
			    cdl_range(cs->range, out);
		}
	}
}

void
tp_cdl_update(void *st, const double *in, double *out)
{
	struct tp_cdl *s = st;
	struct tp_cdl_bar b[CDL_BACK];
	long start = s->lookback - s->pat->pre;
	int k, v = 0;

	s->bar[s->n & (CDL_RING - 1)] = (struct tp_cdl_bar){ in[TP_IN_OPEN],
	    in[TP_IN_HIGH], in[TP_IN_LOW], in[TP_IN_CLOSE] };
	if (s->n >= start) {
		for (k = 0; k < CDL_BACK; k++)
			b[k] = s->bar[(s->n - k) & (CDL_RING - 1)];
		v = s->pat->eval(s, b);
	}
	out[0] = s->n >= s->lookback ? (double)v : (double)NAN;
	cdl_sums(s, start);
	s->n++;
}
