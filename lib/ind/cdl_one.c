/*
 * Single-candle patterns, as TA-Lib recognizes them (ta_CDLBELTHOLD.c,
 * ta_CDLDOJI.c, ... in TA-Lib 0.6; the patterns are from Steve Nison,
 * "Japanese Candlestick Charting Techniques", and Gregory Morris,
 * "Candlestick Charting Explained"): the shape of one bar against the
 * candle settings' averages of the bars before it (cdl.h).  The hammer
 * family also looks at the bar before.
 */
#include "cdl.h"

/* Long body with (almost) no shadow on the side it opened from. */
static int
cdlbelthold_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    ((cdl_color(b[0]) == 1 &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0)) ||
	    (cdl_color(b[0]) == -1 &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0))))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Long body with (almost) no shadow on the side it closed on. */
static int
cdlclosingmarubozu_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    ((cdl_color(b[0]) == 1 &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0)) ||
	    (cdl_color(b[0]) == -1 &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0))))
		return cdl_color(b[0]) * 100;
	return 0;
}

static int
cdldoji_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) ? 100 : 0;
}

/* Doji at the high, with a lower shadow. */
static int
cdldragonflydoji_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWVERYSHORT, 0))
		return 100;
	return 0;
}

/* Doji at the low, with an upper shadow. */
static int
cdlgravestonedoji_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWVERYSHORT, 0))
		return 100;
	return 0;
}

/* Short body, both shadows very long. */
static int
cdlhighwave_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWVERYLONG, 0) &&
	    cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWVERYLONG, 0))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Doji with one or two long shadows. */
static int
cdllongleggeddoji_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) &&
	    (cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) ||
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0)))
		return 100;
	return 0;
}

/* Long body, short shadows. */
static int
cdllongline_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWSHORT, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWSHORT, 0))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Long body, (almost) no shadows. */
static int
cdlmarubozu_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Doji with two long shadows, its body near the middle of the range. */
static int
cdlrickshawman_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	double mid = b[0].l + cdl_hl(b[0]) / 2;

	if (cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) &&
	    cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) &&
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) &&
	    cdl_min(b[0].o, b[0].c) <= mid + cdl_avg(s, CDL_NEAR, 0) &&
	    cdl_max(b[0].o, b[0].c) >= mid - cdl_avg(s, CDL_NEAR, 0))
		return 100;
	return 0;
}

/* Short body, short shadows. */
static int
cdlshortline_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWSHORT, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWSHORT, 0))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Short body, both shadows longer than it. */
static int
cdlspinningtop_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_upper(b[0]) > cdl_body(b[0]) &&
	    cdl_lower(b[0]) > cdl_body(b[0]))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Dragonfly doji with a very long lower shadow. */
static int
cdltakuri_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWVERYLONG, 0))
		return 100;
	return 0;
}

/* Small body, long lower shadow, (almost) no upper one, the body near the
 * low of the bar before. */
static int
cdlhammer_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_min(b[0].c, b[0].o) <= b[1].l + cdl_avg(s, CDL_NEAR, 1))
		return 100;
	return 0;
}

/* The hammer's shape with the body near the high of the bar before. */
static int
cdlhangingman_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_lower(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_min(b[0].c, b[0].o) >= b[1].h - cdl_avg(s, CDL_NEAR, 1))
		return -100;
	return 0;
}

/* Small body, long upper shadow, (almost) no lower one, gapping down. */
static int
cdlinvertedhammer_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_bodygapdown(b[0], b[1]))
		return 100;
	return 0;
}

/* The inverted hammer's shape gapping up. */
static int
cdlshootingstar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_bodygapup(b[0], b[1]))
		return -100;
	return 0;
}

CDL_PATTERN(cdlbelthold, 0, 0,
    [CDL_BODYLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))
CDL_PATTERN(cdlclosingmarubozu, 0, 0,
    [CDL_BODYLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))
CDL_PATTERN(cdldoji, 0, 0, [CDL_BODYDOJI] = CDL_L(0))
CDL_PATTERN(cdldragonflydoji, 0, 0,
    [CDL_BODYDOJI] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))
CDL_PATTERN(cdlgravestonedoji, 0, 0,
    [CDL_BODYDOJI] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))
CDL_PATTERN(cdlhighwave, 0, 0,
    [CDL_BODYSHORT] = CDL_L(0), [CDL_SHADOWVERYLONG] = CDL_L(0))
CDL_PATTERN(cdllongleggeddoji, 0, 0,
    [CDL_BODYDOJI] = CDL_L(0), [CDL_SHADOWLONG] = CDL_L(0))
CDL_PATTERN(cdllongline, 0, 0,
    [CDL_BODYLONG] = CDL_L(0), [CDL_SHADOWSHORT] = CDL_L(0))
CDL_PATTERN(cdlmarubozu, 0, 0,
    [CDL_BODYLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))
CDL_PATTERN(cdlrickshawman, 0, 0, [CDL_BODYDOJI] = CDL_L(0),
    [CDL_SHADOWLONG] = CDL_L(0), [CDL_NEAR] = CDL_L(0))
CDL_PATTERN(cdlshortline, 0, 0,
    [CDL_BODYSHORT] = CDL_L(0), [CDL_SHADOWSHORT] = CDL_L(0))
CDL_PATTERN(cdlspinningtop, 0, 0, [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdltakuri, 0, 0, [CDL_BODYDOJI] = CDL_L(0),
    [CDL_SHADOWVERYSHORT] = CDL_L(0), [CDL_SHADOWVERYLONG] = CDL_L(0))
CDL_PATTERN(cdlhammer, 1, 0, [CDL_BODYSHORT] = CDL_L(0),
    [CDL_SHADOWLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0),
    [CDL_NEAR] = CDL_L(1))
CDL_PATTERN(cdlhangingman, 1, 0, [CDL_BODYSHORT] = CDL_L(0),
    [CDL_SHADOWLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0),
    [CDL_NEAR] = CDL_L(1))
CDL_PATTERN(cdlinvertedhammer, 1, 0, [CDL_BODYSHORT] = CDL_L(0),
    [CDL_SHADOWLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))
CDL_PATTERN(cdlshootingstar, 1, 0, [CDL_BODYSHORT] = CDL_L(0),
    [CDL_SHADOWLONG] = CDL_L(0), [CDL_SHADOWVERYSHORT] = CDL_L(0))

const struct tp_ind_def tp_ind_cdlbelthold = CDL_DEF(cdlbelthold,
    "CDLBELTHOLD", "belt-hold");
const struct tp_ind_def tp_ind_cdlclosingmarubozu = CDL_DEF(
    cdlclosingmarubozu, "CDLCLOSINGMARUBOZU", "closing marubozu");
const struct tp_ind_def tp_ind_cdldoji = CDL_DEF(cdldoji, "CDLDOJI",
    "doji");
const struct tp_ind_def tp_ind_cdldragonflydoji = CDL_DEF(cdldragonflydoji,
    "CDLDRAGONFLYDOJI", "dragonfly doji");
const struct tp_ind_def tp_ind_cdlgravestonedoji = CDL_DEF(
    cdlgravestonedoji, "CDLGRAVESTONEDOJI", "gravestone doji");
const struct tp_ind_def tp_ind_cdlhighwave = CDL_DEF(cdlhighwave,
    "CDLHIGHWAVE", "high-wave candle");
const struct tp_ind_def tp_ind_cdllongleggeddoji = CDL_DEF(
    cdllongleggeddoji, "CDLLONGLEGGEDDOJI", "long legged doji");
const struct tp_ind_def tp_ind_cdllongline = CDL_DEF(cdllongline,
    "CDLLONGLINE", "long line candle");
const struct tp_ind_def tp_ind_cdlmarubozu = CDL_DEF(cdlmarubozu,
    "CDLMARUBOZU", "marubozu");
const struct tp_ind_def tp_ind_cdlrickshawman = CDL_DEF(cdlrickshawman,
    "CDLRICKSHAWMAN", "rickshaw man");
const struct tp_ind_def tp_ind_cdlshortline = CDL_DEF(cdlshortline,
    "CDLSHORTLINE", "short line candle");
const struct tp_ind_def tp_ind_cdlspinningtop = CDL_DEF(cdlspinningtop,
    "CDLSPINNINGTOP", "spinning top");
const struct tp_ind_def tp_ind_cdltakuri = CDL_DEF(cdltakuri, "CDLTAKURI",
    "takuri (dragonfly doji with very long lower shadow)");
const struct tp_ind_def tp_ind_cdlhammer = CDL_DEF(cdlhammer, "CDLHAMMER",
    "hammer");
const struct tp_ind_def tp_ind_cdlhangingman = CDL_DEF(cdlhangingman,
    "CDLHANGINGMAN", "hanging man");
const struct tp_ind_def tp_ind_cdlinvertedhammer = CDL_DEF(
    cdlinvertedhammer, "CDLINVERTEDHAMMER", "inverted hammer");
const struct tp_ind_def tp_ind_cdlshootingstar = CDL_DEF(cdlshootingstar,
    "CDLSHOOTINGSTAR", "shooting star");
