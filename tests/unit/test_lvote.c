/*
 * test_lvote.c: the LLM decider's voting and its actions (lib/llm/tp_lvote.h).
 *
 * Expected values are worked by hand from issue 25's rules (its item 2,
 * the seed system's voting: thresholds 0.60 with two or more answers and
 * 0.55 with one, a gap of 0.20 between two different decisions) and the
 * shared spec's reading of them for three models and weights; the
 * arithmetic is beside each case.  Where a case turns on how a double
 * rounds, the double is Python 3's (python3 -c 'print(0.8 - 0.6)' prints
 * 0.20000000000000007), an independent oracle.  "tp-predict(1) example N"
 * marks the cases the manual's LLM DECIDERS section works through.
 */
#include <math.h>

#include "tap.h"
#include "decide/tp_strategy.h"
#include "llm/tp_lvote.h"

#define B TP_LLM_BUY
#define S TP_LLM_SELL
#define H TP_LLM_HOLD

/* An answer; a weighted one; a model that failed (its weight must not
 * count). */
#define A(d, c) { 1, d, c, 1 }
#define W(d, c, w) { 1, d, c, w }
#define FAIL(w) { 0, H, 0, w }

#define N(v) ((int)(sizeof(v) / sizeof((v)[0])))

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-12;
}

/* Vote v with the default thresholds 0.60 and 0.55. */
static void
check(const char *what, enum tp_lvote_mode m, const struct tp_lvote_in *v,
    int n, enum tp_llm_dec dec, double conf, int answered)
{
	struct tp_lvote_out out = { B, -1, -1 };

	tp_lvote(m, 0.60, 0.55, v, n, &out);
	if (!tap_ok(out.dec == dec && near(out.conf, conf) &&
	    out.answered == answered, "%s: %s", tp_lvote_mode_names[m], what))
		printf("# got %s %.17g answered %d, want %s %.17g %d\n",
		    tp_llm_dec_names[out.dec], out.conf, out.answered,
		    tp_llm_dec_names[dec], conf, answered);
}

#define CHECK(what, m, v, dec, conf, answered) \
	check(what, m, v, N(v), dec, conf, answered)

static void
test_none(void)
{
	struct tp_lvote_in failed[] = { FAIL(1), FAIL(1) };
	/* an answer that is not a vote: ok, but out of range */
	struct tp_lvote_in bad[] = { A(B, 1.7), A(S, -0.1), A(B, NAN),
	    { 1, TP_LLM_NDEC, 0.9, 1 } };
	int m;

	/* tp-predict(1) example 13: all failed, HOLD (the caller applies
	 * "fallback") */
	for (m = 0; m < TP_LVOTE_N; m++) {
		CHECK("all failed: HOLD, 0 answered", (enum tp_lvote_mode)m,
		    failed, H, 0, 0);
		check("no model: HOLD", (enum tp_lvote_mode)m, NULL, 0, H, 0,
		    0);
		CHECK("answers out of range do not vote",
		    (enum tp_lvote_mode)m, bad, H, 0, 0);
	}
}

/* One answer: threshold 0.55 in every mode, the weight no matter. */
static void
test_single(void)
{
	struct tp_lvote_in at[] = { FAIL(1), A(B, 0.55) };
	struct tp_lvote_in below[] = { FAIL(1), A(B, 0.5499999) };
	struct tp_lvote_in sell[] = { A(S, 0.9) };
	struct tp_lvote_in hold[] = { A(H, 0.9), FAIL(1) };
	struct tp_lvote_in heavy[] = { W(S, 0.56, 3), FAIL(5) };
	struct tp_lvote_in bad[] = { A(B, 1.7), A(S, 0.6) };
	int m;

	for (m = 0; m < TP_LVOTE_N; m++) {
		enum tp_lvote_mode md = (enum tp_lvote_mode)m;

		/* tp-predict(1) example 6: 0.55 >= 0.55 */
		CHECK("one failed, BUY 0.55 reaches 0.55: BUY", md, at, B,
		    0.55, 1);
		/* tp-predict(1) example 6: 0.5499999 < 0.55 */
		CHECK("one failed, BUY 0.5499999: HOLD", md, below, H,
		    0.5499999, 1);
		CHECK("SELL 0.9 alone: SELL", md, sell, S, 0.9, 1);
		CHECK("HOLD 0.9 alone: HOLD 0.9", md, hold, H, 0.9, 1);
		/* weighted: (0.56 * 3) / 3, the weight cancels */
		CHECK("SELL 0.56 weight 3 alone: SELL 0.56", md, heavy, S,
		    0.56, 1);
		/* BUY 1.7 is no vote: SELL 0.6 alone, 0.6 >= 0.55 */
		CHECK("confidence 1.7 no vote, SELL 0.6 alone: SELL", md, bad,
		    S, 0.6, 1);
	}
}

/* majority, two answers agreeing: their average against 0.60. */
static void
test_two_same(void)
{
	struct tp_lvote_in ex1[] = { A(B, 0.7), A(B, 0.6) };
	struct tp_lvote_in at[] = { A(B, 0.6), A(B, 0.6) };
	struct tp_lvote_in at2[] = { A(B, 0.7), A(B, 0.5) };
	struct tp_lvote_in below[] = { A(S, 0.6), A(S, 0.5999998) };
	struct tp_lvote_in below2[] = { A(S, 0.5999999), A(S, 0.5999999) };
	struct tp_lvote_in hold[] = { A(H, 0.9), A(H, 0.8) };

	/* tp-predict(1) example 1: (0.7 + 0.6) / 2 = 0.65 (0.6499999999999999
	 * in doubles) >= 0.60 */
	CHECK("BUY 0.7 + BUY 0.6: BUY 0.65", TP_LVOTE_MAJORITY, ex1, B, 0.65,
	    2);
	/* (0.6 + 0.6) / 2 = 0.6 >= 0.60 */
	CHECK("BUY 0.6 + BUY 0.6: BUY 0.60", TP_LVOTE_MAJORITY, at, B, 0.6, 2);
	/* tp-predict(1) example 2: (0.7 + 0.5) / 2 = 0.6 >= 0.60 */
	CHECK("BUY 0.7 + BUY 0.5: BUY 0.60", TP_LVOTE_MAJORITY, at2, B, 0.6,
	    2);
	/* tp-predict(1) example 2: (0.6 + 0.5999998) / 2 = 0.5999999 < 0.60 */
	CHECK("SELL 0.6 + SELL 0.5999998: HOLD 0.5999999",
	    TP_LVOTE_MAJORITY, below, H, 0.5999999, 2);
	CHECK("SELL 0.5999999 twice: HOLD", TP_LVOTE_MAJORITY, below2, H,
	    0.5999999, 2);
	/* (0.9 + 0.8) / 2 = 0.85 */
	CHECK("HOLD 0.9 + HOLD 0.8: HOLD 0.85", TP_LVOTE_MAJORITY, hold, H,
	    0.85, 2);
}

/* majority, two answers differing: a gap of 0.20, then the winner's own
 * confidence against 0.60. */
static void
test_two_differ(void)
{
	struct tp_lvote_in ex3[] = { A(B, 0.8), A(S, 0.6) };
	struct tp_lvote_in ex4[] = { A(B, 0.7), A(S, 0.6) };
	struct tp_lvote_in under[] = { A(S, 0.7), A(B, 0.5) };
	struct tp_lvote_in at[] = { A(B, 0.6), A(S, 0.4) };
	struct tp_lvote_in ex5[] = { A(B, 0.5999999), A(S, 0.3) };
	struct tp_lvote_in small[] = { A(B, 0.7), A(S, 0.5000001) };
	struct tp_lvote_in hold[] = { A(H, 0.9), A(B, 0.6) };
	struct tp_lvote_in second[] = { A(S, 0.6), A(B, 0.8) };
	struct tp_lvote_in three[] = { A(B, 0.7), FAIL(1), A(S, 0.6) };

	/* tp-predict(1) example 3: 0.8 - 0.6 = 0.20000000000000007 >= 0.20,
	 * BUY 0.8 >= 0.60 */
	CHECK("BUY 0.8 + SELL 0.6: gap 0.20, BUY 0.8", TP_LVOTE_MAJORITY,
	    ex3, B, 0.8, 2);
	/* tp-predict(1) example 4: 0.7 - 0.6 = 0.1 < 0.20 */
	CHECK("BUY 0.7 + SELL 0.6: gap 0.10, HOLD", TP_LVOTE_MAJORITY, ex4, H,
	    0, 2);
	/* 0.7 - 0.5 = 0.19999999999999996: a gap of 0.20 all the same;
	 * SELL 0.7 >= 0.60 */
	CHECK("SELL 0.7 + BUY 0.5: gap 0.19999999999999996 counts, SELL",
	    TP_LVOTE_MAJORITY, under, S, 0.7, 2);
	/* 0.6 - 0.4 = 0.19999999999999996, BUY 0.6 >= 0.60: both at their
	 * boundaries */
	CHECK("BUY 0.6 + SELL 0.4: gap and threshold at the edge, BUY 0.6",
	    TP_LVOTE_MAJORITY, at, B, 0.6, 2);
	/* tp-predict(1) example 5: gap 0.2999999, but 0.5999999 < 0.60 */
	CHECK("BUY 0.5999999 + SELL 0.3: HOLD 0.5999999", TP_LVOTE_MAJORITY,
	    ex5, H, 0.5999999, 2);
	/* 0.7 - 0.5000001 = 0.1999999 < 0.20 */
	CHECK("BUY 0.7 + SELL 0.5000001: gap 0.1999999, HOLD",
	    TP_LVOTE_MAJORITY, small, H, 0, 2);
	/* 0.9 - 0.6 = 0.3: HOLD wins, 0.9 */
	CHECK("HOLD 0.9 + BUY 0.6: HOLD 0.9", TP_LVOTE_MAJORITY, hold, H, 0.9,
	    2);
	CHECK("SELL 0.6 + BUY 0.8: the second wins, BUY 0.8",
	    TP_LVOTE_MAJORITY, second, B, 0.8, 2);
	/* three models, one failed: two answers, 0.7 - 0.6 = 0.1 < 0.20 */
	CHECK("BUY 0.7, failed, SELL 0.6: the two-answer rule, HOLD",
	    TP_LVOTE_MAJORITY, three, H, 0, 2);
}

/* majority, three answers or more: most votes, then summed confidence,
 * then the voters' average against 0.60. */
static void
test_most(void)
{
	struct tp_lvote_in ex7[] = { A(B, 0.7), A(B, 0.6), A(S, 0.9) };
	struct tp_lvote_in low[] = { A(B, 0.4), A(B, 0.4), A(S, 0.9) };
	struct tp_lvote_in ex8[] = { A(B, 0.7), A(S, 0.8), A(H, 0.6) };
	struct tp_lvote_in ex9[] = { A(B, 0.7), A(S, 0.7), A(H, 0.5) };
	struct tp_lvote_in four[] = { A(B, 0.9), A(B, 0.5), A(S, 0.8),
	    A(S, 0.7) };
	struct tp_lvote_in tie[] = { A(B, 0.9), A(B, 0.6), A(S, 0.8),
	    A(S, 0.7) };
	struct tp_lvote_in eps[] = { A(B, 0.1), A(B, 0.2), A(S, 0.3),
	    A(S, 0) };
	struct tp_lvote_in same[] = { A(S, 0.6), A(S, 0.6), A(S, 0.6) };
	struct tp_lvote_in five[] = { A(B, 0.95), A(B, 0.95), A(S, 0.6),
	    A(S, 0.6), A(S, 0.65) };
	struct tp_lvote_in fails[] = { FAIL(1), A(S, 0.7), A(S, 0.6),
	    FAIL(1), A(B, 1) };

	/* tp-predict(1) example 7: BUY 2 votes, SELL 1; (0.7 + 0.6) / 2 =
	 * 0.65 >= 0.60 */
	CHECK("BUY 0.7, BUY 0.6, SELL 0.9: BUY 0.65", TP_LVOTE_MAJORITY, ex7,
	    B, 0.65, 3);
	/* BUY 2 votes: (0.4 + 0.4) / 2 = 0.4 < 0.60, HOLD; votes come
	 * first: SELL's 0.9, more than BUY's sum 0.8, does not count */
	CHECK("BUY 0.4, BUY 0.4, SELL 0.9: HOLD 0.4", TP_LVOTE_MAJORITY, low,
	    H, 0.4, 3);
	/* tp-predict(1) example 8: one vote each, sums 0.7, 0.8, 0.6: SELL,
	 * 0.8 / 1 >= 0.60 */
	CHECK("BUY 0.7, SELL 0.8, HOLD 0.6: SELL 0.8", TP_LVOTE_MAJORITY, ex8,
	    S, 0.8, 3);
	/* tp-predict(1) example 9: BUY and SELL one vote and 0.7 each */
	CHECK("BUY 0.7, SELL 0.7, HOLD 0.5: tie, HOLD", TP_LVOTE_MAJORITY,
	    ex9, H, 0, 3);
	/* 2 votes each; sums BUY 1.4, SELL 1.5: SELL, 1.5 / 2 = 0.75 */
	CHECK("2 BUY (1.4) vs 2 SELL (1.5): SELL 0.75", TP_LVOTE_MAJORITY,
	    four, S, 0.75, 4);
	/* sums 0.9 + 0.6 = 1.5 and 0.8 + 0.7 = 1.5 */
	CHECK("2 BUY (1.5) vs 2 SELL (1.5): tie, HOLD", TP_LVOTE_MAJORITY,
	    tie, H, 0, 4);
	/* sums 0.1 + 0.2 = 0.30000000000000004 and 0.3 + 0 = 0.3: within
	 * 1e-9, a tie (else BUY at 0.15, a HOLD of 0.15) */
	CHECK("sums 0.30000000000000004 vs 0.3: a tie, HOLD 0",
	    TP_LVOTE_MAJORITY, eps, H, 0, 4);
	/* (0.6 + 0.6 + 0.6) / 3 = 0.6 >= 0.60 */
	CHECK("SELL 0.6 three times: SELL 0.6", TP_LVOTE_MAJORITY, same, S,
	    0.6, 3);
	/* SELL 3 votes to 2, though BUY's sum 1.9 is larger than SELL's
	 * 1.85: (0.6 + 0.6 + 0.65) / 3 = 0.6166666666666667 */
	CHECK("3 SELL beat 2 more confident BUY: SELL 0.617",
	    TP_LVOTE_MAJORITY, five, S, 1.85 / 3, 5);
	/* 3 answers of 5: SELL 2 votes, (0.7 + 0.6) / 2 = 0.65 */
	CHECK("five models, two failed: SELL 0.65", TP_LVOTE_MAJORITY, fails,
	    S, 0.65, 3);
}

static void
test_unanimous(void)
{
	struct tp_lvote_in agree[] = { A(B, 0.7), A(B, 0.6) };
	struct tp_lvote_in ex10[] = { A(B, 0.8), A(S, 0.6) };
	struct tp_lvote_in below[] = { A(B, 0.6), A(B, 0.5999998) };
	struct tp_lvote_in three[] = { A(S, 0.9), A(S, 0.8), A(S, 0.4) };
	struct tp_lvote_in failed[] = { A(B, 0.7), FAIL(1), A(B, 0.5) };
	struct tp_lvote_in one_hold[] = { A(B, 0.9), A(B, 0.9), A(H, 0.9) };

	/* tp-predict(1) example 10: (0.7 + 0.6) / 2 = 0.65 */
	CHECK("BUY 0.7 + BUY 0.6: BUY 0.65", TP_LVOTE_UNANIMOUS, agree, B,
	    0.65, 2);
	/* tp-predict(1) example 10: they disagree (majority: BUY) */
	CHECK("BUY 0.8 + SELL 0.6: HOLD", TP_LVOTE_UNANIMOUS, ex10, H, 0, 2);
	/* (0.6 + 0.5999998) / 2 = 0.5999999 < 0.60 */
	CHECK("BUY 0.6 + BUY 0.5999998: HOLD 0.5999999", TP_LVOTE_UNANIMOUS,
	    below, H, 0.5999999, 2);
	/* (0.9 + 0.8 + 0.4) / 3 = 0.7000000000000001 */
	CHECK("SELL 0.9, 0.8, 0.4: SELL 0.7", TP_LVOTE_UNANIMOUS, three, S,
	    0.7, 3);
	/* the failed model does not break unanimity: (0.7 + 0.5) / 2 = 0.6 */
	CHECK("BUY 0.7, failed, BUY 0.5: BUY 0.6", TP_LVOTE_UNANIMOUS, failed,
	    B, 0.6, 2);
	CHECK("BUY, BUY, HOLD: HOLD 0", TP_LVOTE_UNANIMOUS, one_hold, H, 0, 3);
}

/* weighted: score = sum(confidence * weight) / sum of all answers'
 * weights, against 0.60. */
static void
test_weighted(void)
{
	struct tp_lvote_in even[] = { W(B, 0.8, 1), W(S, 0.6, 1) };
	struct tp_lvote_in ex11[] = { W(B, 0.9, 3), W(S, 0.6, 1) };
	struct tp_lvote_in scaled[] = { W(B, 0.9, 30), W(S, 0.6, 10) };
	struct tp_lvote_in agree[] = { W(B, 0.8, 2), W(B, 0.6, 1) };
	struct tp_lvote_in at[] = { W(B, 0.6, 1), W(B, 0.6, 1) };
	struct tp_lvote_in at2[] = { W(B, 0.9, 2), W(S, 0.9, 1) };
	struct tp_lvote_in below[] = { W(S, 0.5999999, 1),
	    W(S, 0.5999999, 1) };
	struct tp_lvote_in tie[] = { W(B, 0.8, 1), W(S, 0.4, 2) };
	struct tp_lvote_in failed[] = { W(B, 0.9, 1), FAIL(5), W(B, 0.7, 1) };
	struct tp_lvote_in three[] = { W(B, 0.9, 2), W(S, 0.8, 1),
	    W(H, 0.7, 1) };
	struct tp_lvote_in zero[] = { W(B, 0.9, 0), W(B, 0.9, 0) };

	/* tp-predict(1) example 12: BUY 0.8 / 2 = 0.4, SELL 0.6 / 2 = 0.3;
	 * 0.4 < 0.60 */
	CHECK("BUY 0.8 + SELL 0.6, weights 1: HOLD 0.4", TP_LVOTE_WEIGHTED,
	    even, H, 0.4, 2);
	/* tp-predict(1) example 11: BUY 0.9 * 3 / 4 = 0.675, SELL 0.6 / 4 =
	 * 0.15 */
	CHECK("BUY 0.9 w3 + SELL 0.6 w1: BUY 0.675", TP_LVOTE_WEIGHTED, ex11,
	    B, 0.675, 2);
	/* normalised: 0.9 * 30 / 40 = 0.675, as with weights 3 and 1 */
	CHECK("weights 30 and 10 as 3 and 1: BUY 0.675", TP_LVOTE_WEIGHTED,
	    scaled, B, 0.675, 2);
	/* (0.8 * 2 + 0.6 * 1) / 3 = 2.2 / 3 = 0.7333333333333334 */
	CHECK("BUY 0.8 w2 + BUY 0.6 w1: BUY 0.733", TP_LVOTE_WEIGHTED, agree,
	    B, 2.2 / 3, 2);
	/* (0.6 + 0.6) / 2 = 0.6 >= 0.60 */
	CHECK("BUY 0.6 + BUY 0.6: BUY 0.6", TP_LVOTE_WEIGHTED, at, B, 0.6, 2);
	/* BUY 0.9 * 2 / 3 = 0.6, SELL 0.9 / 3 = 0.3 */
	CHECK("BUY 0.9 w2 + SELL 0.9 w1: BUY 0.6", TP_LVOTE_WEIGHTED, at2, B,
	    0.6, 2);
	/* 0.5999999 * 2 / 2 = 0.5999999 < 0.60 */
	CHECK("SELL 0.5999999 twice: HOLD 0.5999999", TP_LVOTE_WEIGHTED,
	    below, H, 0.5999999, 2);
	/* BUY 0.8 * 1 / 3, SELL 0.4 * 2 / 3: the same 0.2666666666666667 */
	CHECK("BUY 0.8 w1 vs SELL 0.4 w2: tie, HOLD", TP_LVOTE_WEIGHTED, tie,
	    H, 0, 2);
	/* the failed model's weight 5 is not counted: (0.9 + 0.7) / 2 =
	 * 0.8 (with it: 1.6 / 7 = 0.23, HOLD) */
	CHECK("BUY 0.9, failed (w5), BUY 0.7: BUY 0.8", TP_LVOTE_WEIGHTED,
	    failed, B, 0.8, 2);
	/* BUY 1.8 / 4 = 0.45, SELL 0.8 / 4 = 0.2, HOLD 0.7 / 4 = 0.175 */
	CHECK("BUY 0.9 w2, SELL 0.8, HOLD 0.7: HOLD 0.45", TP_LVOTE_WEIGHTED,
	    three, H, 0.45, 3);
	/* no weight at all: no score */
	CHECK("weights 0: HOLD 0", TP_LVOTE_WEIGHTED, zero, H, 0, 2);
}

/* The thresholds given are the ones used. */
static void
test_thresholds(void)
{
	struct tp_lvote_in one[] = { A(B, 0.5) };
	struct tp_lvote_in two[] = { A(B, 0.65), A(B, 0.65) };
	struct tp_lvote_out out;

	tp_lvote(TP_LVOTE_MAJORITY, 0.7, 0.5, one, 1, &out);
	tap_ok(out.dec == B, "min_confidence_single 0.5: BUY 0.5 alone acts");
	tp_lvote(TP_LVOTE_MAJORITY, 0.7, 0.5, two, 2, &out);
	tap_ok(out.dec == H && near(out.conf, 0.65),
	    "min_confidence 0.7: BUY 0.65 twice holds");
	tap_ok(TP_LVOTE_MIN_CONF == 0.60 && TP_LVOTE_MIN_SINGLE == 0.55 &&
	    TP_LVOTE_GAP == 0.20, "the defaults are issue 25's");
}

/* tp-predict(1)'s table, cell by cell. */
static void
test_action(void)
{
	static const struct {
		enum tp_llm_dec d;
		int side, adjust, can_short, want;
	} t[] = {
		/* BUY: flat enters long; a short is closed first; a long
		 * grows only with adjustment */
		{ B, 0, 0, 0, TP_ENTER_LONG }, { B, 0, 1, 1, TP_ENTER_LONG },
		{ B, -1, 0, 0, TP_EXIT_SHORT }, { B, -1, 1, 1, TP_EXIT_SHORT },
		{ B, 1, 0, 1, -1 }, { B, 1, 1, 0, TP_ENTER_LONG },
		/* SELL: a long is closed; flat enters short only when it
		 * may; a short grows with adjustment and shorting */
		{ S, 1, 0, 0, TP_EXIT_LONG }, { S, 1, 1, 1, TP_EXIT_LONG },
		{ S, 0, 0, 0, -1 }, { S, 0, 1, 0, -1 },
		{ S, 0, 0, 1, TP_ENTER_SHORT },
		{ S, -1, 0, 1, -1 }, { S, -1, 1, 0, -1 },
		{ S, -1, 1, 1, TP_ENTER_SHORT },
		/* HOLD: nothing */
		{ H, 0, 1, 1, -1 }, { H, 1, 1, 1, -1 }, { H, -1, 1, 1, -1 },
	};
	size_t k;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		tap_ok(tp_lvote_action(t[k].d, t[k].side, t[k].adjust,
		    t[k].can_short) == t[k].want, "%s, side %d, adjust %d, "
		    "short %d: %s", tp_llm_dec_names[t[k].d], t[k].side,
		    t[k].adjust, t[k].can_short, t[k].want < 0 ? "none" :
		    tp_action_names[t[k].want]);
}

int
main(void)
{
	test_none();
	test_single();
	test_two_same();
	test_two_differ();
	test_most();
	test_unanimous();
	test_weighted();
	test_thresholds();
	test_action();
	return tap_done();
}
