/*
 * tp_lvote.h: the LLM decider's votes combined (issue 25; tp-predict(1),
 * LLM DECIDERS), and the decision turned into one of tp's actions.
 * Pure arithmetic: no state, no I/O, so that tests can pin every branch.
 *
 * Only the models that answered vote; answered is how many did.
 *
 *   - none answered: HOLD, confidence 0 (the caller applies "fallback");
 *   - the threshold t is min_single (0.55) with one answer, min_conf
 *     (0.60) with more;
 *   - one answer, any mode: its decision when its confidence >= t;
 *   - majority, two answers: the same decision when the average
 *     confidence >= t; different decisions: when the confidences are at
 *     least 0.20 apart, the more confident one when its confidence >= t;
 *   - majority, three or more: the decision with the most votes, a tie
 *     broken by the larger summed confidence (a tie in both: HOLD), when
 *     the average confidence of its voters >= t;
 *   - unanimous: all answers agree and their average >= t;
 *   - weighted: score(d) = the sum of confidence * weight over the answers
 *     voting d, divided by the sum of the weights of all answers; the best
 *     score when it is >= t (a tie for the best: HOLD).
 *
 * Anything else is HOLD.  Each comparison with a threshold or the 0.20 gap,
 * and each test for a tie, allows 1e-9: 0.8 - 0.6 (0.20000000000000007 in
 * doubles) and 0.7 - 0.5 (0.19999999999999996) are both gaps of 0.20, an
 * average of (0.7 + 0.5) / 2 reaches 0.60, and 0.5999999 does not.
 *
 * The confidence given back is the candidate's, whether or not it cleared
 * t (a HOLD below the threshold says by how much): the average (one
 * decision, majority, unanimous), the winner's own (two different
 * decisions far enough apart), or its score (weighted); 0 when there is no
 * candidate (none answered, two different decisions closer than 0.20,
 * unanimous answers that disagree, a tie).
 */
#ifndef TP_LVOTE_H
#define TP_LVOTE_H

enum tp_llm_dec { TP_LLM_BUY, TP_LLM_SELL, TP_LLM_HOLD, TP_LLM_NDEC };

/* "BUY", "SELL", "HOLD" */
extern const char *const tp_llm_dec_names[TP_LLM_NDEC];

enum tp_lvote_mode {
	TP_LVOTE_MAJORITY, TP_LVOTE_UNANIMOUS, TP_LVOTE_WEIGHTED, TP_LVOTE_N
};

/* "majority", "unanimous", "weighted" */
extern const char *const tp_lvote_mode_names[TP_LVOTE_N];

/* The thresholds' defaults (issue 25), and the slack of each comparison. */
#define TP_LVOTE_MIN_CONF 0.60
#define TP_LVOTE_MIN_SINGLE 0.55
#define TP_LVOTE_GAP 0.20
#define TP_LVOTE_EPS 1e-9

/* One model's answer.  It votes when ok, dec is one of the three and conf
 * is in [0, 1]; weight (> 0) counts only in weighted voting. */
struct tp_lvote_in {
	int ok;
	enum tp_llm_dec dec;
	double conf;
	double weight;
};

struct tp_lvote_out {
	enum tp_llm_dec dec;
	double conf;		/* the candidate's, as above */
	int answered;		/* the answers that voted */
};

/* Combine the n answers v[0..n) (v may be NULL when n is 0). */
void tp_lvote(enum tp_lvote_mode mode, double min_conf, double min_single,
    const struct tp_lvote_in *v, int n, struct tp_lvote_out *out);

/*
 * The action (enum tp_action, decide/tp_strategy.h) decision d calls for
 * with the open position on side (0 flat, 1 long, -1 short), or -1 for
 * none.  adjust: the strategy allows position adjustment (DCA);
 * can_short: it may go short.
 *
 *            flat           long                short
 *   BUY      enter_long     enter_long (adjust)  exit_short
 *   SELL     enter_short    exit_long            enter_short (adjust)
 *            (can_short)                         (and can_short)
 *   HOLD     -
 *
 * A BUY with a short open closes the short first (the seed system's
 * rule); it does not turn the position around in one step.
 */
int tp_lvote_action(enum tp_llm_dec d, int side, int adjust, int can_short);

#endif
