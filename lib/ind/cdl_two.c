/*
 * Two-candle patterns, as TA-Lib recognizes them (ta_CDLENGULFING.c,
 * ta_CDLHARAMI.c, ... in TA-Lib 0.6; the patterns are from Steve Nison,
 * "Japanese Candlestick Charting Techniques", and Gregory Morris,
 * "Candlestick Charting Explained").  b[1] is the first candle, b[0] the
 * second; averages are the candle settings' (cdl.h).
 */
#include "cdl.h"

/* Long candles of opposite colours closing at the same price. */
static int
cdlcounterattack_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -cdl_color(b[0]) &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    b[0].c <= b[1].c + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].c >= b[1].c - cdl_avg(s, CDL_EQUAL, 1))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Long white, then black opening above its high and closing deep in its
 * body (more than penetration of it). */
static int
cdldarkcloudcover_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == 1 &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_color(b[0]) == -1 &&
	    b[0].o > b[1].h &&
	    b[0].c > b[1].o &&
	    b[0].c < b[1].c - cdl_body(b[1]) * s->pen)
		return -100;
	return 0;
}

/* Long body, then a doji whose body gaps away in its direction. */
static int
cdldojistar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_body(b[0]) <= cdl_avg(s, CDL_BODYDOJI, 0) &&
	    ((cdl_color(b[1]) == 1 && cdl_bodygapup(b[0], b[1])) ||
	    (cdl_color(b[1]) == -1 && cdl_bodygapdown(b[0], b[1]))))
		return -cdl_color(b[1]) * 100;
	return 0;
}

/* The second body engulfs the first, of the other colour; 80 when the
 * bodies share an end (Morris). */
static int
cdlengulfing_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	(void)s;
	if ((cdl_color(b[0]) == 1 && cdl_color(b[1]) == -1 &&
	    ((b[0].c >= b[1].o && b[0].o < b[1].c) ||
	    (b[0].c > b[1].o && b[0].o <= b[1].c))) ||
	    (cdl_color(b[0]) == -1 && cdl_color(b[1]) == 1 &&
	    ((b[0].o >= b[1].c && b[0].c < b[1].o) ||
	    (b[0].o > b[1].c && b[0].c <= b[1].o)))) {
		if (b[0].o != b[1].c && b[0].c != b[1].o)
			return cdl_color(b[0]) * 100;
		return cdl_color(b[0]) * 80;
	}
	return 0;
}

/* A long body, then a small one (short, or a doji with
 * CDL_BODYDOJI) inside it; 80 when the bodies share an end. */
static int
harami(struct tp_cdl *s, const struct tp_cdl_bar *b, enum tp_cdl_set small)
{
	if (!(cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_body(b[0]) <= cdl_avg(s, small, 0)))
		return 0;
	if (cdl_max(b[0].c, b[0].o) < cdl_max(b[1].c, b[1].o) &&
	    cdl_min(b[0].c, b[0].o) > cdl_min(b[1].c, b[1].o))
		return -cdl_color(b[1]) * 100;
	if (cdl_max(b[0].c, b[0].o) <= cdl_max(b[1].c, b[1].o) &&
	    cdl_min(b[0].c, b[0].o) >= cdl_min(b[1].c, b[1].o))
		return -cdl_color(b[1]) * 80;
	return 0;
}

static int
cdlharami_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return harami(s, b, CDL_BODYSHORT);
}

static int
cdlharamicross_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return harami(s, b, CDL_BODYDOJI);
}

/* Long black, then a short black inside its body. */
static int
cdlhomingpigeon_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -1 &&
	    cdl_color(b[0]) == -1 &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_body(b[0]) <= cdl_avg(s, CDL_BODYSHORT, 0) &&
	    b[0].o < b[1].o &&
	    b[0].c > b[1].c)
		return 100;
	return 0;
}

/* Long black, then white opening below its low and closing just into
 * its body. */
static int
cdlinneck_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -1 &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_color(b[0]) == 1 &&
	    b[0].o < b[1].l &&
	    b[0].c <= b[1].c + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].c >= b[1].c)
		return -100;
	return 0;
}

/* Two marubozu of opposite colours with a gap between them; the sign is
 * the second's (kicking) or the longer one's (by length). */
static int
kicking(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return cdl_color(b[1]) == -cdl_color(b[0]) &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_upper(b[1]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_lower(b[1]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    ((cdl_color(b[1]) == -1 && cdl_gapup(b[0], b[1])) ||
	    (cdl_color(b[1]) == 1 && cdl_gapdown(b[0], b[1])));
}

static int
cdlkicking_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return kicking(s, b) ? cdl_color(b[0]) * 100 : 0;
}

static int
cdlkickingbylength_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (!kicking(s, b))
		return 0;
	return cdl_color(cdl_body(b[0]) > cdl_body(b[1]) ? b[0] : b[1]) * 100;
}

/* Two blacks closing at the same price. */
static int
cdlmatchinglow_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -1 &&
	    cdl_color(b[0]) == -1 &&
	    b[0].c <= b[1].c + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].c >= b[1].c - cdl_avg(s, CDL_EQUAL, 1))
		return 100;
	return 0;
}

/* Long black, then white opening below its low and closing at it. */
static int
cdlonneck_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -1 &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_color(b[0]) == 1 &&
	    b[0].o < b[1].l &&
	    b[0].c <= b[1].l + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].c >= b[1].l - cdl_avg(s, CDL_EQUAL, 1))
		return -100;
	return 0;
}

/* Long black, then long white opening below its low and closing above
 * the middle of its body. */
static int
cdlpiercing_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -1 &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_color(b[0]) == 1 &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    b[0].o < b[1].l &&
	    b[0].c < b[1].o &&
	    b[0].c > b[1].c + cdl_body(b[1]) * 0.5)
		return 100;
	return 0;
}

/* Opposite colours opening at the same price, the second a belt-hold. */
static int
cdlseparatinglines_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -cdl_color(b[0]) &&
	    b[0].o <= b[1].o + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].o >= b[1].o - cdl_avg(s, CDL_EQUAL, 1) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    ((cdl_color(b[0]) == 1 &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0)) ||
	    (cdl_color(b[0]) == -1 &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0))))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Long black, then white opening below its low and closing in its body
 * under the middle, not at its close (which would be in-neck). */
static int
cdlthrusting_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[1]) == -1 &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_color(b[0]) == 1 &&
	    b[0].o < b[1].l &&
	    b[0].c > b[1].c + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].c <= b[1].c + cdl_body(b[1]) * 0.5)
		return -100;
	return 0;
}

CDL_PATTERN(cdlcounterattack, 1, 0,
    [CDL_BODYLONG] = CDL_L(0) | CDL_L(1), [CDL_EQUAL] = CDL_L(1))
CDL_PATTERN(cdldarkcloudcover, 1, 0, [CDL_BODYLONG] = CDL_L(1))
CDL_PATTERN(cdldojistar, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_BODYDOJI] = CDL_L(0))
/* TA-Lib's lookback for engulfing is 2, one more than it needs. */
CDL_PATTERN(cdlengulfing, 2, 0, 0)
CDL_PATTERN(cdlharami, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdlharamicross, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_BODYDOJI] = CDL_L(0))
CDL_PATTERN(cdlhomingpigeon, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdlinneck, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_EQUAL] = CDL_L(1))
CDL_PATTERN(cdlkicking, 1, 0, [CDL_BODYLONG] = CDL_L(0) | CDL_L(1),
    [CDL_SHADOWVERYSHORT] = CDL_L(0) | CDL_L(1))
CDL_PATTERN(cdlkickingbylength, 1, 0, [CDL_BODYLONG] = CDL_L(0) | CDL_L(1),
    [CDL_SHADOWVERYSHORT] = CDL_L(0) | CDL_L(1))
CDL_PATTERN(cdlmatchinglow, 1, 0, [CDL_EQUAL] = CDL_L(1))
CDL_PATTERN(cdlonneck, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_EQUAL] = CDL_L(1))
CDL_PATTERN(cdlpiercing, 1, 0, [CDL_BODYLONG] = CDL_L(0) | CDL_L(1))
CDL_PATTERN(cdlseparatinglines, 1, 0, [CDL_BODYLONG] = CDL_L(0),
    [CDL_SHADOWVERYSHORT] = CDL_L(0), [CDL_EQUAL] = CDL_L(1))
CDL_PATTERN(cdlthrusting, 1, 0,
    [CDL_BODYLONG] = CDL_L(1), [CDL_EQUAL] = CDL_L(1))

const struct tp_ind_def tp_ind_cdlcounterattack = CDL_DEF(cdlcounterattack,
    "CDLCOUNTERATTACK", "counterattack");
const struct tp_ind_def tp_ind_cdldarkcloudcover = CDL_DEF_PEN(
    cdldarkcloudcover, "CDLDARKCLOUDCOVER", "dark cloud cover", 0.5);
const struct tp_ind_def tp_ind_cdldojistar = CDL_DEF(cdldojistar,
    "CDLDOJISTAR", "doji star");
const struct tp_ind_def tp_ind_cdlengulfing = CDL_DEF(cdlengulfing,
    "CDLENGULFING", "engulfing pattern (+-80 when the bodies share an end)");
const struct tp_ind_def tp_ind_cdlharami = CDL_DEF(cdlharami, "CDLHARAMI",
    "harami pattern (+-80 when the bodies share an end)");
const struct tp_ind_def tp_ind_cdlharamicross = CDL_DEF(cdlharamicross,
    "CDLHARAMICROSS", "harami cross pattern");
const struct tp_ind_def tp_ind_cdlhomingpigeon = CDL_DEF(cdlhomingpigeon,
    "CDLHOMINGPIGEON", "homing pigeon");
const struct tp_ind_def tp_ind_cdlinneck = CDL_DEF(cdlinneck, "CDLINNECK",
    "in-neck pattern");
const struct tp_ind_def tp_ind_cdlkicking = CDL_DEF(cdlkicking,
    "CDLKICKING", "kicking");
const struct tp_ind_def tp_ind_cdlkickingbylength = CDL_DEF(
    cdlkickingbylength, "CDLKICKINGBYLENGTH",
    "kicking, bull or bear by the longer marubozu");
const struct tp_ind_def tp_ind_cdlmatchinglow = CDL_DEF(cdlmatchinglow,
    "CDLMATCHINGLOW", "matching low");
const struct tp_ind_def tp_ind_cdlonneck = CDL_DEF(cdlonneck, "CDLONNECK",
    "on-neck pattern");
const struct tp_ind_def tp_ind_cdlpiercing = CDL_DEF(cdlpiercing,
    "CDLPIERCING", "piercing pattern");
const struct tp_ind_def tp_ind_cdlseparatinglines = CDL_DEF(
    cdlseparatinglines, "CDLSEPARATINGLINES", "separating lines");
const struct tp_ind_def tp_ind_cdlthrusting = CDL_DEF(cdlthrusting,
    "CDLTHRUSTING", "thrusting pattern");
