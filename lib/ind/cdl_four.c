/*
 * Patterns of four and five candles, and the hikkakes, as TA-Lib
 * recognizes them (ta_CDL3BLACKCROWS.c, ta_CDLMATHOLD.c, ta_CDLHIKKAKE.c,
 * ... in TA-Lib 0.6; the patterns are from Steve Nison, "Japanese
 * Candlestick Charting Techniques", Gregory Morris, "Candlestick Charting
 * Explained", and Daniel Chesler for the hikkake).  b[k] is the candle k
 * bars back; averages are the candle settings' (cdl.h).
 */
#include "cdl.h"

/* A white, then three falling blacks with (almost) no lower shadows,
 * each opening in the body before. */
static int
cdl3blackcrows_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[3]) == 1 &&
	    cdl_color(b[2]) == -1 &&
	    cdl_lower(b[2]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 2) &&
	    cdl_color(b[1]) == -1 &&
	    cdl_lower(b[1]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_color(b[0]) == -1 &&
	    cdl_lower(b[0]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 0) &&
	    b[1].o < b[2].o && b[1].o > b[2].c &&
	    b[0].o < b[1].o && b[0].o > b[1].c &&
	    b[3].h > b[2].c &&
	    b[2].c > b[1].c &&
	    b[1].c > b[0].c)
		return -100;
	return 0;
}

/* Three soldiers (crows) opening in or near the body before, then one of
 * the other colour wiping them out. */
static int
cdl3linestrike_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[3]) == cdl_color(b[2]) &&
	    cdl_color(b[2]) == cdl_color(b[1]) &&
	    cdl_color(b[0]) == -cdl_color(b[1]) &&
	    b[2].o >= cdl_min(b[3].o, b[3].c) - cdl_avg(s, CDL_NEAR, 3) &&
	    b[2].o <= cdl_max(b[3].o, b[3].c) + cdl_avg(s, CDL_NEAR, 3) &&
	    b[1].o >= cdl_min(b[2].o, b[2].c) - cdl_avg(s, CDL_NEAR, 2) &&
	    b[1].o <= cdl_max(b[2].o, b[2].c) + cdl_avg(s, CDL_NEAR, 2) &&
	    ((cdl_color(b[1]) == 1 &&
	    b[1].c > b[2].c && b[2].c > b[3].c &&
	    b[0].o > b[1].c &&
	    b[0].c < b[3].o) ||
	    (cdl_color(b[1]) == -1 &&
	    b[1].c < b[2].c && b[2].c < b[3].c &&
	    b[0].o < b[1].c &&
	    b[0].c > b[3].o)))
		return cdl_color(b[1]) * 100;
	return 0;
}

/* A long candle, a body gap, two more moving on, then the other colour
 * closing inside the gap. */
static int
cdlbreakaway_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_body(b[4]) > cdl_avg(s, CDL_BODYLONG, 4) &&
	    cdl_color(b[4]) == cdl_color(b[3]) &&
	    cdl_color(b[3]) == cdl_color(b[1]) &&
	    cdl_color(b[1]) == -cdl_color(b[0]) &&
	    ((cdl_color(b[4]) == -1 &&
	    cdl_bodygapdown(b[3], b[4]) &&
	    b[2].h < b[3].h && b[2].l < b[3].l &&
	    b[1].h < b[2].h && b[1].l < b[2].l &&
	    b[0].c > b[3].o && b[0].c < b[4].c) ||
	    (cdl_color(b[4]) == 1 &&
	    cdl_bodygapup(b[3], b[4]) &&
	    b[2].h > b[3].h && b[2].l > b[3].l &&
	    b[1].h > b[2].h && b[1].l > b[2].l &&
	    b[0].c < b[3].o && b[0].c > b[4].c)))
		return cdl_color(b[0]) * 100;
	return 0;
}

/* Two black marubozu, a black gapping down whose upper shadow reaches
 * into the body before, a black engulfing it, shadows included. */
static int
cdlconcealbabyswall_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[3]) == -1 &&
	    cdl_color(b[2]) == -1 &&
	    cdl_color(b[1]) == -1 &&
	    cdl_color(b[0]) == -1 &&
	    cdl_lower(b[3]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 3) &&
	    cdl_upper(b[3]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 3) &&
	    cdl_lower(b[2]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 2) &&
	    cdl_upper(b[2]) < cdl_avg(s, CDL_SHADOWVERYSHORT, 2) &&
	    cdl_bodygapdown(b[1], b[2]) &&
	    cdl_upper(b[1]) > cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    b[1].h > b[2].c &&
	    b[0].h > b[1].h && b[0].l < b[1].l)
		return 100;
	return 0;
}

/* Three blacks with falling opens and closes, a black with an upper
 * shadow, a white opening above its body and closing above its high. */
static int
cdlladderbottom_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (cdl_color(b[4]) == -1 && cdl_color(b[3]) == -1 &&
	    cdl_color(b[2]) == -1 &&
	    b[4].o > b[3].o && b[3].o > b[2].o &&
	    b[4].c > b[3].c && b[3].c > b[2].c &&
	    cdl_color(b[1]) == -1 &&
	    cdl_upper(b[1]) > cdl_avg(s, CDL_SHADOWVERYSHORT, 1) &&
	    cdl_color(b[0]) == 1 &&
	    b[0].o > b[1].o &&
	    b[0].c > b[1].h)
		return 100;
	return 0;
}

/* Long white, a small black gapping up, two more small falling bodies
 * holding in the first body (penetrating at most penetration of it),
 * then a white closing above their highs. */
static int
cdlmathold_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	double floor4 = b[4].c - cdl_body(b[4]) * s->pen;

	if (cdl_body(b[4]) > cdl_avg(s, CDL_BODYLONG, 4) &&
	    cdl_body(b[3]) < cdl_avg(s, CDL_BODYSHORT, 3) &&
	    cdl_body(b[2]) < cdl_avg(s, CDL_BODYSHORT, 2) &&
	    cdl_body(b[1]) < cdl_avg(s, CDL_BODYSHORT, 1) &&
	    cdl_color(b[4]) == 1 &&
	    cdl_color(b[3]) == -1 &&
	    cdl_color(b[0]) == 1 &&
	    cdl_bodygapup(b[3], b[4]) &&
	    cdl_min(b[2].o, b[2].c) < b[4].c &&
	    cdl_min(b[1].o, b[1].c) < b[4].c &&
	    cdl_min(b[2].o, b[2].c) > floor4 &&
	    cdl_min(b[1].o, b[1].c) > floor4 &&
	    cdl_max(b[2].c, b[2].o) < b[3].o &&
	    cdl_max(b[1].c, b[1].o) < cdl_max(b[2].c, b[2].o) &&
	    b[0].o > b[1].c &&
	    b[0].c > cdl_max(cdl_max(b[3].h, b[2].h), b[1].h))
		return 100;
	return 0;
}

/* Long candle, three small ones of the other colour moving against it
 * inside its range, then a long one of its colour closing beyond it. */
static int
cdlrisefall3methods_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	int col = cdl_color(b[4]), k;

	if (!(cdl_body(b[4]) > cdl_avg(s, CDL_BODYLONG, 4) &&
	    cdl_body(b[3]) < cdl_avg(s, CDL_BODYSHORT, 3) &&
	    cdl_body(b[2]) < cdl_avg(s, CDL_BODYSHORT, 2) &&
	    cdl_body(b[1]) < cdl_avg(s, CDL_BODYSHORT, 1) &&
	    cdl_body(b[0]) > cdl_avg(s, CDL_BODYLONG, 0) &&
	    col == -cdl_color(b[3]) &&
	    cdl_color(b[3]) == cdl_color(b[2]) &&
	    cdl_color(b[2]) == cdl_color(b[1]) &&
	    cdl_color(b[1]) == -cdl_color(b[0])))
		return 0;
	for (k = 3; k >= 1; k--)
		if (!(cdl_min(b[k].o, b[k].c) < b[4].h &&
		    cdl_max(b[k].o, b[k].c) > b[4].l))
			return 0;
	/* Prices times the first colour: "falling" for a white first. */
	if (b[2].c * col < b[3].c * col &&
	    b[1].c * col < b[2].c * col &&
	    b[0].o * col > b[1].c * col &&
	    b[0].c * col > b[4].c * col)
		return 100 * col;
	return 0;
}

/*
 * The hikkakes keep the bar (hk_idx) and value (hk_result) of the last
 * one found: a close beyond the high (low) of the candle before it,
 * within 3 bars, confirms it with +-200 and forgets it; a new hikkake on
 * that bar wins.  TA-Lib runs this from 3 bars before its first output.
 */
static int
hikkake_confirm(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	const struct tp_cdl_bar *inside;
	int v;

	if (s->n > s->hk_idx + 3 || s->hk_result == 0)
		return 0;
	inside = &b[s->n - s->hk_idx + 1];
	if ((s->hk_result > 0 && b[0].c > inside->h) ||
	    (s->hk_result < 0 && b[0].c < inside->l)) {
		v = s->hk_result + 100 * (s->hk_result > 0 ? 1 : -1);
		s->hk_idx = 0;
		return v;
	}
	return 0;
}

static int
hikkake_found(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	s->hk_result = 100 * (b[0].h < b[1].h ? 1 : -1);
	s->hk_idx = s->n;
	return s->hk_result;
}

/* An inside bar, then a bar breaking out of it on both ends one way. */
static int
cdlhikkake_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (b[1].h < b[2].h && b[1].l > b[2].l &&
	    ((b[0].h < b[1].h && b[0].l < b[1].l) ||
	    (b[0].h > b[1].h && b[0].l > b[1].l)))
		return hikkake_found(s, b);
	return hikkake_confirm(s, b);
}

/* Two inside bars, the first closing near its low (high), then a bar
 * breaking down (up) out of the second. */
static int
cdlhikkakemod_eval(struct tp_cdl *s, const struct tp_cdl_bar *b)
{
	if (b[2].h < b[3].h && b[2].l > b[3].l &&
	    b[1].h < b[2].h && b[1].l > b[2].l &&
	    ((b[0].h < b[1].h && b[0].l < b[1].l &&
	    b[2].c <= b[2].l + cdl_avg(s, CDL_NEAR, 2)) ||
	    (b[0].h > b[1].h && b[0].l > b[1].l &&
	    b[2].c >= b[2].h - cdl_avg(s, CDL_NEAR, 2))))
		return hikkake_found(s, b);
	return hikkake_confirm(s, b);
}

CDL_PATTERN(cdl3blackcrows, 3, 0,
    [CDL_SHADOWVERYSHORT] = CDL_L(0) | CDL_L(1) | CDL_L(2))
CDL_PATTERN(cdl3linestrike, 3, 0, [CDL_NEAR] = CDL_L(2) | CDL_L(3))
CDL_PATTERN(cdlbreakaway, 4, 0, [CDL_BODYLONG] = CDL_L(4))
CDL_PATTERN(cdlconcealbabyswall, 3, 0,
    [CDL_SHADOWVERYSHORT] = CDL_L(1) | CDL_L(2) | CDL_L(3))
CDL_PATTERN(cdlladderbottom, 4, 0, [CDL_SHADOWVERYSHORT] = CDL_L(1))
CDL_PATTERN(cdlmathold, 4, 0, [CDL_BODYLONG] = CDL_L(4),
    [CDL_BODYSHORT] = CDL_L(1) | CDL_L(2) | CDL_L(3))
CDL_PATTERN(cdlrisefall3methods, 4, 0, [CDL_BODYLONG] = CDL_L(0) | CDL_L(4),
    [CDL_BODYSHORT] = CDL_L(1) | CDL_L(2) | CDL_L(3))
/* TA-Lib's lookbacks: 5 and max(1, Near) + 5, running 3 bars earlier. */
CDL_PATTERN(cdlhikkake, 5, 3, 0)
CDL_PATTERN(cdlhikkakemod, 5, 3, [CDL_NEAR] = CDL_L(2))

const struct tp_ind_def tp_ind_cdl3blackcrows = CDL_DEF(cdl3blackcrows,
    "CDL3BLACKCROWS", "three black crows");
const struct tp_ind_def tp_ind_cdl3linestrike = CDL_DEF(cdl3linestrike,
    "CDL3LINESTRIKE", "three-line strike");
const struct tp_ind_def tp_ind_cdlbreakaway = CDL_DEF(cdlbreakaway,
    "CDLBREAKAWAY", "breakaway");
const struct tp_ind_def tp_ind_cdlconcealbabyswall = CDL_DEF(
    cdlconcealbabyswall, "CDLCONCEALBABYSWALL", "concealing baby swallow");
const struct tp_ind_def tp_ind_cdlladderbottom = CDL_DEF(cdlladderbottom,
    "CDLLADDERBOTTOM", "ladder bottom");
const struct tp_ind_def tp_ind_cdlmathold = CDL_DEF_PEN(cdlmathold,
    "CDLMATHOLD", "mat hold", 0.5);
const struct tp_ind_def tp_ind_cdlrisefall3methods = CDL_DEF(
    cdlrisefall3methods, "CDLRISEFALL3METHODS",
    "rising/falling three methods");
const struct tp_ind_def tp_ind_cdlhikkake = CDL_DEF(cdlhikkake,
    "CDLHIKKAKE", "hikkake pattern (+-200 on confirmation)");
const struct tp_ind_def tp_ind_cdlhikkakemod = CDL_DEF(cdlhikkakemod,
    "CDLHIKKAKEMOD", "modified hikkake pattern (+-200 on confirmation)");
