/*
 * Three-candle patterns, as TA-Lib recognizes them (ta_CDL2CROWS.c,
 * ta_CDLMORNINGSTAR.c, ... in TA-Lib 0.6; the patterns are from Steve
 * Nison, "Japanese Candlestick Charting Techniques", and Gregory Morris,
 * "Candlestick Charting Explained").  b[2] is the first candle, b[0] the
 * last; averages are the candle settings' (cdl.h).
 */
#include "cdl.h"

/* Long white, black gapping up, black opening in the second body and
 * closing in the first. */
static int
cdl2crows_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == 1 &&
	    cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_color(b[1]) == -1 &&
	    cdl_bodygapup(b[1], b[2]) &&
	    cdl_color(b[0]) == -1 &&
	    b[0].o < b[1].o && b[0].o > b[1].c &&
	    b[0].c > b[2].o && b[0].c < b[2].c)
		return -100;
	return 0;
}

/* A harami whose third candle closes beyond the first's open. */
static int
cdl3inside_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_body(b[1]) <= cdl_avg(s, CDL_BODYSHORT, 1) &&
	    cdl_max(b[1].c, b[1].o) < cdl_max(b[2].c, b[2].o) &&
	    cdl_min(b[1].c, b[1].o) > cdl_min(b[2].c, b[2].o) &&
	    ((cdl_color(b[2]) == 1 && cdl_color(b[0]) == -1 &&
	    b[0].c < b[2].o) ||
	    (cdl_color(b[2]) == -1 && cdl_color(b[0]) == 1 &&
	    b[0].c > b[2].o)))
		return -cdl_color(b[2]) * 100;
	return 0;
}

/* An engulfing followed by a close further in its direction. */
static int
cdl3outside_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	(void)s;
	if ((cdl_color(b[1]) == 1 && cdl_color(b[2]) == -1 &&
	    b[1].c > b[2].o && b[1].o < b[2].c &&
	    b[0].c > b[1].c) ||
	    (cdl_color(b[1]) == -1 && cdl_color(b[2]) == 1 &&
	    b[1].o > b[2].c && b[1].c < b[2].o &&
	    b[0].c < b[1].c))
		return cdl_color(b[1]) * 100;
	return 0;
}

/* Long black with a long lower shadow, a smaller black holding above its
 * low, a small black marubozu inside the second's range. */
static int
cdl3starsinsouth_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == -1 &&
	    cdl_color(b[1]) == -1 &&
	    cdl_color(b[0]) == -1 &&
	    cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_lower(b[2]) > cdl_avg(s, CDL_SHADOWLONG, 2) &&
	    cdl_body(b[1]) < cdl_body(b[2]) &&
	    b[1].o > b[2].c && b[1].o <= b[2].h &&
	    b[1].l < b[2].c &&
	    b[1].l >= b[2].l &&
	    cdl_lower(b[1]) > cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    b[0].l > b[1].l && b[0].h < b[1].h)
		return 100;
	return 0;
}

/* Three whites with rising closes, each opening in or near the body
 * before, (almost) no upper shadows, none far shorter than the one
 * before, the last not short. */
static int
cdl3whitesoldiers_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == 1 &&
	    cdl_upper(b[2]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 2) &&
	    cdl_color(b[1]) == 1 &&
	    cdl_upper(b[1]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_color(b[0]) == 1 &&
	    cdl_upper(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    b[0].c > b[1].c && b[1].c > b[2].c &&
	    b[1].o > b[2].o &&
	    b[1].o <= b[2].c + cdl_avg(s, CDL_NEAR, 2) &&
	    b[0].o > b[1].o &&
	    b[0].o <= b[1].c + cdl_avg(s, CDL_NEAR, 1) &&
	    cdl_body(b[1]) > cdl_body(b[2]) - cdl_avg(s, CDL_FAR, 2) &&
	    cdl_body(b[0]) > cdl_body(b[1]) - cdl_avg(s, CDL_FAR, 1) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYSHORT, 0))
		return 100;
	return 0;
}

/* Long body, a doji gapping away (shadows apart), then the other colour
 * gapping back and closing deep in the first body. */
static int
cdlabandonedbaby_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_body(b[1]) <= cdl_avg(s, CDL_BODYDOJI, 1) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYSHORT, 0) &&
	    ((cdl_color(b[2]) == 1 &&
	    cdl_color(b[0]) == -1 &&
	    b[0].c < b[2].c - cdl_body(b[2]) * s->pen &&
	    cdl_gapup(b[1], b[2]) &&
	    cdl_gapdown(b[0], b[1])) ||
	    (cdl_color(b[2]) == -1 &&
	    cdl_color(b[0]) == 1 &&
	    b[0].c > b[2].c + cdl_body(b[2]) * s->pen &&
	    cdl_gapdown(b[1], b[2]) &&
	    cdl_gapup(b[0], b[1]))))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Three rising whites that weaken: shrinking bodies or growing upper
 * shadows (TA-Lib's four cases). */
static int
cdladvanceblock_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	double b0 = cdl_body(b[0]), b1 = cdl_body(b[1]), b2 = cdl_body(b[2]);

	if (cdl_color(b[2]) == 1 &&
	    cdl_color(b[1]) == 1 &&
	    cdl_color(b[0]) == 1 &&
	    b[0].c > b[1].c && b[1].c > b[2].c &&
	    b[1].o > b[2].o &&
	    b[1].o <= b[2].c + cdl_avg(s, CDL_NEAR, 2) &&
	    b[0].o > b[1].o &&
	    b[0].o <= b[1].c + cdl_avg(s, CDL_NEAR, 1) &&
	    b2 > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_upper(b[2]) < cdl_avg(s, CDL_SHADOWSHORT, 2) &&
	    ((b1 < b2 - cdl_avg(s, CDL_FAR, 2) &&
	    b0 < b1 + cdl_avg(s, CDL_NEAR, 1)) ||
	    (b0 < b1 - cdl_avg(s, CDL_FAR, 1)) ||
	    (b0 < b1 && b1 < b2 &&
	    (cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWSHORT, 0) ||
	    cdl_upper(b[1]) > cdl_avg(s, CDL_SHADOWSHORT, 1))) ||
	    (b0 < b1 &&
	    cdl_upper(b[0]) > cdl_avg(s, CDL_SHADOWLONG, 0))))
		return -100;
	return 0;
}

/*
 * Evening (morning) star: long white (black), a small body (short, or a
 * doji with CDL_BODYDOJI) gapping up (down), then a black (white) body,
 * not short, closing deep in the first.
 */
static int
star(struct tp_cdl *s, const struct tp_cdl_bar *b, enum tp_cdl_set small,
    int color)
{
	if (cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_color(b[2]) == color &&
	    cdl_body(b[1]) <= cdl_avg(s, small, 1) &&
	    (color == 1 ? cdl_bodygapup(b[1], b[2]) :
	    cdl_bodygapdown(b[1], b[2])) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_color(b[0]) == -color &&
	    (color == 1 ? b[0].c < b[2].c - cdl_body(b[2]) * s->pen :
	    b[0].c > b[2].c + cdl_body(b[2]) * s->pen))
		return -color * 100;
	return 0;
}

static int
cdleveningdojistar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return star(s, b, CDL_BODYDOJI, 1);
}

static int
cdleveningstar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return star(s, b, CDL_BODYSHORT, 1);
}

static int
cdlmorningdojistar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return star(s, b, CDL_BODYDOJI, -1);
}

static int
cdlmorningstar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	return star(s, b, CDL_BODYSHORT, -1);
}

/* A body gap, then two whites of about the same size and open. */
static int
cdlgapsidesidewhite_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (((cdl_bodygapup(b[1], b[2]) && cdl_bodygapup(b[0], b[2])) ||
	    (cdl_bodygapdown(b[1], b[2]) && cdl_bodygapdown(b[0], b[2]))) &&
	    cdl_color(b[1]) == 1 &&
	    cdl_color(b[0]) == 1 &&
	    cdl_body(b[0]) >= cdl_body(b[1]) - cdl_avg(s, CDL_NEAR, 1) &&
	    cdl_body(b[0]) <= cdl_body(b[1]) + cdl_avg(s, CDL_NEAR, 1) &&
	    b[0].o >= b[1].o - cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].o <= b[1].o + cdl_avg(s, CDL_EQUAL, 1))
		return cdl_bodygapup(b[1], b[2]) ? 100 : -100;
	return 0;
}

/* Three falling blacks with (almost) no lower shadows, each opening at
 * the close before. */
static int
cdlidentical3crows_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == -1 &&
	    cdl_lower(b[2]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 2) &&
	    cdl_color(b[1]) == -1 &&
	    cdl_lower(b[1]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_color(b[0]) == -1 &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    b[2].c > b[1].c &&
	    b[1].c > b[0].c &&
	    b[1].o <= b[2].c + cdl_avg(s, CDL_EQUAL, 2) &&
	    b[1].o >= b[2].c - cdl_avg(s, CDL_EQUAL, 2) &&
	    b[0].o <= b[1].c + cdl_avg(s, CDL_EQUAL, 1) &&
	    b[0].o >= b[1].c - cdl_avg(s, CDL_EQUAL, 1))
		return -100;
	return 0;
}

/* Two long whites, then a small body riding on the second's shoulder. */
static int
cdlstalledpattern_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == 1 &&
	    cdl_color(b[1]) == 1 &&
	    cdl_color(b[0]) == 1 &&
	    b[0].c > b[1].c && b[1].c > b[2].c &&
	    cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_body(b[1]) > cdl_avg(s, CDL_BODYLONG, 1) &&
	    cdl_upper(b[1]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    b[1].o > b[2].o &&
	    b[1].o <= b[2].c + cdl_avg(s, CDL_NEAR, 2) &&
	    cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    b[0].o >= b[1].c - cdl_body(b[0]) - cdl_avg(s, CDL_NEAR, 1))
		return -100;
	return 0;
}

/* Black, white trading above its close, black closing where the first
 * did. */
static int
cdlsticksandwich_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == -1 &&
	    cdl_color(b[1]) == 1 &&
	    cdl_color(b[0]) == -1 &&
	    b[1].l > b[2].c &&
	    b[0].c <= b[2].c + cdl_avg(s, CDL_EQUAL, 2) &&
	    b[0].c >= b[2].c - cdl_avg(s, CDL_EQUAL, 2))
		return 100;
	return 0;
}

/* A body gap, a candle in its direction, then one of the other colour
 * of about the same size opening in it and closing inside the gap. */
static int
cdltasukigap_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if ((cdl_bodygapup(b[1], b[2]) &&
	    cdl_color(b[1]) == 1 &&
	    cdl_color(b[0]) == -1 &&
	    b[0].o < b[1].c && b[0].o > b[1].o &&
	    b[0].c < b[1].o &&
	    b[0].c > cdl_max(b[2].c, b[2].o) &&
	    fabs(cdl_body(b[1]) - cdl_body(b[0])) <
	    cdl_avg(s, CDL_NEAR, 1)) ||
	    (cdl_bodygapdown(b[1], b[2]) &&
	    cdl_color(b[1]) == -1 &&
	    cdl_color(b[0]) == 1 &&
	    b[0].o < b[1].o && b[0].o > b[1].c &&
	    b[0].c > b[1].o &&
	    b[0].c < cdl_min(b[2].c, b[2].o) &&
	    fabs(cdl_body(b[1]) - cdl_body(b[0])) <
	    cdl_avg(s, CDL_NEAR, 1)))
		return cdl_color(b[1]) * 100;
	return 0;
}

/* Three dojis, the middle one a star; all measured with the average
 * before the first, as TA-Lib does. */
static int
cdltristar_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	double doji = cdl_avg(s, CDL_BODYDOJI, 2);
	int v = 0;

	if (!(cdl_body(b[2]) <= doji && cdl_body(b[1]) <= doji &&
	    cdl_body(b[0]) <= doji))
		return 0;
	if (cdl_bodygapup(b[1], b[2]) &&
	    cdl_max(b[0].o, b[0].c) < cdl_max(b[1].o, b[1].c))
		v = -100;
	if (cdl_bodygapdown(b[1], b[2]) &&
	    cdl_min(b[0].o, b[0].c) > cdl_min(b[1].o, b[1].c))
		v = 100;
	return v;
}

/* Long black, a black harami with a lower low, a small white opening
 * above that low. */
static int
cdlunique3river_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_color(b[2]) == -1 &&
	    cdl_color(b[1]) == -1 &&
	    b[1].c > b[2].c && b[1].o <= b[2].o &&
	    b[1].l < b[2].l &&
	    cdl_body(b[0]) < cdl_avg(s, CDL_BODYSHORT, 0) &&
	    cdl_color(b[0]) == 1 &&
	    b[0].o > b[1].l)
		return 100;
	return 0;
}

/* Long white, a short black gapping up, a black engulfing it and closing
 * above the first. */
static int
cdlupsidegap2crows_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[2]) == 1 &&
	    cdl_body(b[2]) > cdl_avg(s, CDL_BODYLONG, 2) &&
	    cdl_color(b[1]) == -1 &&
	    cdl_body(b[1]) <= cdl_avg(s, CDL_BODYSHORT, 1) &&
	    cdl_bodygapup(b[1], b[2]) &&
	    cdl_color(b[0]) == -1 &&
	    b[0].o > b[1].o && b[0].c < b[1].c &&
	    b[0].c > b[2].c)
		return -100;
	return 0;
}

/* Two candles of one colour with a body gap, then the other colour
 * opening in the second body and closing in the first. */
static int
cdlxsidegap3methods_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	(void)s;
	if (cdl_color(b[2]) == cdl_color(b[1]) &&
	    cdl_color(b[1]) == -cdl_color(b[0]) &&
	    b[0].o < cdl_max(b[1].c, b[1].o) &&
	    b[0].o > cdl_min(b[1].c, b[1].o) &&
	    b[0].c < cdl_max(b[2].c, b[2].o) &&
	    b[0].c > cdl_min(b[2].c, b[2].o) &&
	    ((cdl_color(b[2]) == 1 && cdl_bodygapup(b[1], b[2])) ||
	    (cdl_color(b[2]) == -1 && cdl_bodygapdown(b[1], b[2]))))
		return cdl_color(b[2]) * 100;
	return 0;
}

CDL_PATTERN(cdl2crows, 2, 0, [CDL_BODYLONG] = CDL_L(2))
CDL_PATTERN(cdl3inside, 2, 0,
    [CDL_BODYLONG] = CDL_L(2), [CDL_BODYSHORT] = CDL_L(1))
/* TA-Lib's lookback for three outside is 3, one more than it needs. */
CDL_PATTERN(cdl3outside, 3, 0, 0)
CDL_PATTERN(cdl3starsinsouth, 2, 0, [CDL_BODYLONG] = CDL_L(2),
    [CDL_SHADOWLONG] = CDL_L(2), [CDL_BODYSHORT] = CDL_L(0),
    [CDL_SHADOWVERYSHORT] = CDL_L(0) | CDL_L(1))
CDL_PATTERN(cdl3whitesoldiers, 2, 0,
    [CDL_SHADOWVERYSHORT] = CDL_L(0) | CDL_L(1) | CDL_L(2),
    [CDL_NEAR] = CDL_L(1) | CDL_L(2), [CDL_FAR] = CDL_L(1) | CDL_L(2),
    [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdlabandonedbaby, 2, 0, [CDL_BODYLONG] = CDL_L(2),
    [CDL_BODYDOJI] = CDL_L(1), [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdladvanceblock, 2, 0,
    [CDL_SHADOWSHORT] = CDL_L(0) | CDL_L(1) | CDL_L(2),
    [CDL_SHADOWLONG] = CDL_L(0) | CDL_L(1),
    [CDL_NEAR] = CDL_L(1) | CDL_L(2), [CDL_FAR] = CDL_L(1) | CDL_L(2),
    [CDL_BODYLONG] = CDL_L(2))
CDL_PATTERN(cdleveningdojistar, 2, 0, [CDL_BODYLONG] = CDL_L(2),
    [CDL_BODYDOJI] = CDL_L(1), [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdleveningstar, 2, 0,
    [CDL_BODYLONG] = CDL_L(2), [CDL_BODYSHORT] = CDL_L(0) | CDL_L(1))
CDL_PATTERN(cdlmorningdojistar, 2, 0, [CDL_BODYLONG] = CDL_L(2),
    [CDL_BODYDOJI] = CDL_L(1), [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdlmorningstar, 2, 0,
    [CDL_BODYLONG] = CDL_L(2), [CDL_BODYSHORT] = CDL_L(0) | CDL_L(1))
CDL_PATTERN(cdlgapsidesidewhite, 2, 0,
    [CDL_NEAR] = CDL_L(1), [CDL_EQUAL] = CDL_L(1))
CDL_PATTERN(cdlidentical3crows, 2, 0,
    [CDL_SHADOWVERYSHORT] = CDL_L(0) | CDL_L(1) | CDL_L(2),
    [CDL_EQUAL] = CDL_L(1) | CDL_L(2))
CDL_PATTERN(cdlstalledpattern, 2, 0,
    [CDL_BODYLONG] = CDL_L(1) | CDL_L(2), [CDL_BODYSHORT] = CDL_L(0),
    [CDL_SHADOWVERYSHORT] = CDL_L(1), [CDL_NEAR] = CDL_L(1) | CDL_L(2))
CDL_PATTERN(cdlsticksandwich, 2, 0, [CDL_EQUAL] = CDL_L(2))
CDL_PATTERN(cdltasukigap, 2, 0, [CDL_NEAR] = CDL_L(1))
CDL_PATTERN(cdltristar, 2, 0, [CDL_BODYDOJI] = CDL_L(2))
CDL_PATTERN(cdlunique3river, 2, 0,
    [CDL_BODYLONG] = CDL_L(2), [CDL_BODYSHORT] = CDL_L(0))
CDL_PATTERN(cdlupsidegap2crows, 2, 0,
    [CDL_BODYLONG] = CDL_L(2), [CDL_BODYSHORT] = CDL_L(1))
CDL_PATTERN(cdlxsidegap3methods, 2, 0, 0)

const struct tp_ind_def tp_ind_cdl2crows = CDL_DEF(cdl2crows, "CDL2CROWS",
    "two crows");
const struct tp_ind_def tp_ind_cdl3inside = CDL_DEF(cdl3inside,
    "CDL3INSIDE", "three inside up/down");
const struct tp_ind_def tp_ind_cdl3outside = CDL_DEF(cdl3outside,
    "CDL3OUTSIDE", "three outside up/down");
const struct tp_ind_def tp_ind_cdl3starsinsouth = CDL_DEF(cdl3starsinsouth,
    "CDL3STARSINSOUTH", "three stars in the south");
const struct tp_ind_def tp_ind_cdl3whitesoldiers = CDL_DEF(
    cdl3whitesoldiers, "CDL3WHITESOLDIERS", "three advancing white soldiers");
const struct tp_ind_def tp_ind_cdlabandonedbaby = CDL_DEF_PEN(
    cdlabandonedbaby, "CDLABANDONEDBABY", "abandoned baby", 0.3);
const struct tp_ind_def tp_ind_cdladvanceblock = CDL_DEF(cdladvanceblock,
    "CDLADVANCEBLOCK", "advance block");
const struct tp_ind_def tp_ind_cdleveningdojistar = CDL_DEF_PEN(
    cdleveningdojistar, "CDLEVENINGDOJISTAR", "evening doji star", 0.3);
const struct tp_ind_def tp_ind_cdleveningstar = CDL_DEF_PEN(cdleveningstar,
    "CDLEVENINGSTAR", "evening star", 0.3);
const struct tp_ind_def tp_ind_cdlmorningdojistar = CDL_DEF_PEN(
    cdlmorningdojistar, "CDLMORNINGDOJISTAR", "morning doji star", 0.3);
const struct tp_ind_def tp_ind_cdlmorningstar = CDL_DEF_PEN(cdlmorningstar,
    "CDLMORNINGSTAR", "morning star", 0.3);
const struct tp_ind_def tp_ind_cdlgapsidesidewhite = CDL_DEF(
    cdlgapsidesidewhite, "CDLGAPSIDESIDEWHITE",
    "up/down-gap side-by-side white lines");
const struct tp_ind_def tp_ind_cdlidentical3crows = CDL_DEF(
    cdlidentical3crows, "CDLIDENTICAL3CROWS", "identical three crows");
const struct tp_ind_def tp_ind_cdlstalledpattern = CDL_DEF(
    cdlstalledpattern, "CDLSTALLEDPATTERN", "stalled pattern");
const struct tp_ind_def tp_ind_cdlsticksandwich = CDL_DEF(cdlsticksandwich,
    "CDLSTICKSANDWICH", "stick sandwich");
const struct tp_ind_def tp_ind_cdltasukigap = CDL_DEF(cdltasukigap,
    "CDLTASUKIGAP", "tasuki gap");
const struct tp_ind_def tp_ind_cdltristar = CDL_DEF(cdltristar,
    "CDLTRISTAR", "tristar pattern");
const struct tp_ind_def tp_ind_cdlunique3river = CDL_DEF(cdlunique3river,
    "CDLUNIQUE3RIVER", "unique 3 river");
const struct tp_ind_def tp_ind_cdlupsidegap2crows = CDL_DEF(
    cdlupsidegap2crows, "CDLUPSIDEGAP2CROWS", "upside gap two crows");
const struct tp_ind_def tp_ind_cdlxsidegap3methods = CDL_DEF(
    cdlxsidegap3methods, "CDLXSIDEGAP3METHODS",
    "upside/downside gap three methods");
