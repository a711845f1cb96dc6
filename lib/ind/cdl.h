/*
 * cdl.h: the candlestick patterns' shared machinery (cdl.c), after TA-Lib's
 * candle settings (ta_global.c, TA_CandleDefaultSettings) and the macros of
 * ta_utility.h (TA_REALBODY, TA_CANDLEAVERAGE, TA_REALBODYGAPUP, ...).
 *
 * A pattern is a function of the last few bars that returns TA-Lib's
 * integer (-100, 0, 100; also +-80 and +-200 for some).  Thresholds such as
 * "long body" compare a bar with the average range of the bars before it
 * (a candle setting: which range, over how many bars, times what factor).
 * TA-Lib keeps one running sum per setting and per candle of the pattern
 * it is used on, each started at its own bar; to give the same doubles,
 * struct tp_cdl keeps the same sums, started at the same bars, updated in
 * the same order.  A pattern declares which (setting, candle) averages it
 * uses; the lookback follows from them as in the TA_CDLx_Lookback()s.
 */
#ifndef TP_IND_CDL_H
#define TP_IND_CDL_H

#include "ind.h"

/* TA-Lib's TA_CandleSettingType, in its order. */
enum tp_cdl_set {
	CDL_BODYLONG, CDL_BODYVERYLONG, CDL_BODYSHORT, CDL_BODYDOJI,
	CDL_SHADOWLONG, CDL_SHADOWVERYLONG, CDL_SHADOWSHORT,
	CDL_SHADOWVERYSHORT, CDL_NEAR, CDL_FAR, CDL_EQUAL, CDL_NSET
};

/* TA_RangeType: what a setting measures on one bar. */
enum tp_cdl_range { CDL_REALBODY, CDL_HIGHLOW, CDL_SHADOWS };

struct tp_cdl_setting {
	enum tp_cdl_range range;
	int period;		/* bars averaged; 0: the bar itself */
	double factor;
};

/* TA-Lib's default candle settings, indexed by enum tp_cdl_set. */
extern const struct tp_cdl_setting tp_cdl_settings[CDL_NSET];

/* A pattern sees this candle and 4 before it; the ring keeps those and
 * the longest period (10) before the oldest, rounded up to a power of 2. */
#define CDL_BACK 5
#define CDL_RING 16

struct tp_cdl_bar {
	double o, h, l, c;
};

struct tp_cdl;

/*
 * One pattern.  avg[set] has bit k set when the pattern compares candle k
 * (k bars back) with the average of setting set; extra is what TA-Lib's
 * lookback adds to the longest period; pre is how many bars before the
 * first output the pattern already runs (CDLHIKKAKE keeps state from
 * there).  eval gets b[k], the bar k back, for k < CDL_BACK.
 */
struct tp_cdl_pattern {
	unsigned avg[CDL_NSET];
	int extra, pre;
	int (*eval)(struct tp_cdl *s, const struct tp_cdl_bar *b);
};

#define CDL_L(k) (1u << (k))

struct tp_cdl {
	const struct tp_cdl_pattern *pat;
	double pen;		/* the penetration parameter, if any */
	int lookback;		/* bars before the first output */
	long n;			/* bars seen */
	/* sum[set][k]: the ranges of the period bars before candle k */
	double sum[CDL_NSET][CDL_BACK];
	struct tp_cdl_bar bar[CDL_RING];
	long hk_idx;		/* the hikkakes: bar of the last one */
	int hk_result;		/* and its value */
};

size_t tp_cdl_size(const double *p);
int tp_cdl_init(struct tp_cdl *s, const struct tp_cdl_pattern *pat,
    double pen);
void tp_cdl_update(void *st, const double *in, double *out);

/* The range a setting measures on bar x (TA_CANDLERANGE). */
static inline double
cdl_range(enum tp_cdl_range r, struct tp_cdl_bar x)
{
	double top = x.c >= x.o ? x.c : x.o, bot = x.c >= x.o ? x.o : x.c;

	if (r == CDL_REALBODY)
		return fabs(x.c - x.o);
	if (r == CDL_HIGHLOW)
		return x.h - x.l;
	return (x.h - top) + (bot - x.l);
}

/* The threshold of setting set for candle k (TA_CANDLEAVERAGE), in
 * TA-Lib's order of operations. */
static inline double
cdl_avg(const struct tp_cdl *s, enum tp_cdl_set set, int k)
{
	const struct tp_cdl_setting *cs = &tp_cdl_settings[set];
	double a;

	a = cs->period != 0 ? s->sum[set][k] / cs->period :
	    cdl_range(cs->range, s->bar[(s->n - k) & (CDL_RING - 1)]);
	return cs->factor * a / (cs->range == CDL_SHADOWS ? 2.0 : 1.0);
}

static inline double
cdl_max(double a, double b)
{
	return a > b ? a : b;
}

static inline double
cdl_min(double a, double b)
{
	return a < b ? a : b;
}

static inline double
cdl_body(struct tp_cdl_bar x)
{
	return fabs(x.c - x.o);
}

static inline double
cdl_upper(struct tp_cdl_bar x)
{
	return x.h - (x.c >= x.o ? x.c : x.o);
}

static inline double
cdl_lower(struct tp_cdl_bar x)
{
	return (x.c >= x.o ? x.o : x.c) - x.l;
}

static inline double
cdl_hl(struct tp_cdl_bar x)
{
	return x.h - x.l;
}

/* 1 white (close >= open), -1 black. */
static inline int
cdl_color(struct tp_cdl_bar x)
{
	return x.c >= x.o ? 1 : -1;
}

/* Real body of x2 above (below) that of the earlier x1. */
static inline int
cdl_bodygapup(struct tp_cdl_bar x2, struct tp_cdl_bar x1)
{
	return cdl_min(x2.o, x2.c) > cdl_max(x1.o, x1.c);
}

static inline int
cdl_bodygapdown(struct tp_cdl_bar x2, struct tp_cdl_bar x1)
{
	return cdl_max(x2.o, x2.c) < cdl_min(x1.o, x1.c);
}

/* Whole candle x2 above (below) the earlier x1. */
static inline int
cdl_gapup(struct tp_cdl_bar x2, struct tp_cdl_bar x1)
{
	return x2.l > x1.h;
}

static inline int
cdl_gapdown(struct tp_cdl_bar x2, struct tp_cdl_bar x1)
{
	return x2.h < x1.l;
}

/*
 * CDL_PATTERN(name, extra, pre, averages) defines name's pattern from
 * name_eval and its init; CDL_DEF and CDL_DEF_PEN make the tp_ind_def of
 * one without and one with TA-Lib's optInPenetration.
 */
#define CDL_PATTERN(name, extra, pre, ...)				\
static const struct tp_cdl_pattern name##_pat = {			\
	{ __VA_ARGS__ }, extra, pre, name##_eval			\
};									\
static int								\
name##_init(void *st, const double *p, const char **why)		\
{									\
	(void)why;							\
	return tp_cdl_init(st, &name##_pat, p[0]);			\
}

#define CDL_DEF(n, ta, h) {						\
	.name = #n, .talib = ta, .group = "pattern", .help = h,		\
	.inputs = TP_IN_OHLC,						\
	.nout = 1, .out = { { #n, "" } },				\
	.size = tp_cdl_size, .init = n##_init, .update = tp_cdl_update,	\
}

#define CDL_DEF_PEN(n, ta, h, pen) {					\
	.name = #n, .talib = ta, .group = "pattern", .help = h,		\
	.inputs = TP_IN_OHLC, .nparams = 1,				\
	.params = { { "penetration", TP_P_REAL, pen, 0, 3e37 } },	\
	.nout = 1, .out = { { #n, "" } },				\
	.size = tp_cdl_size, .init = n##_init, .update = tp_cdl_update,	\
}

#endif
