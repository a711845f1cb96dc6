/*
 * tp_lvote.c: the LLM decider's voting (tp_lvote.h).
 */
#include <math.h>

#include "decide/tp_strategy.h"
#include "llm/tp_lvote.h"

const char *const tp_llm_dec_names[TP_LLM_NDEC] = { "BUY", "SELL", "HOLD" };

const char *const tp_lvote_mode_names[TP_LVOTE_N] = {
	"majority", "unanimous", "weighted"
};

/* Per decision: its voters, their summed confidence and weighted sum. */
struct tally {
	int votes;
	double sum, wsum;
};

/* x reaches t, allowing for the rounding of the arithmetic before it. */
static int
reaches(double x, double t)
{
	return x >= t - TP_LVOTE_EPS;
}

static int
votes(const struct tp_lvote_in *a)
{
	return a->ok && (unsigned)a->dec < TP_LLM_NDEC && a->conf >= 0 &&
	    a->conf <= 1;
}

/* Candidate d at confidence c: it when c reaches t, else HOLD. */
static void
decide(struct tp_lvote_out *out, enum tp_llm_dec d, double c, double t)
{
	out->dec = reaches(c, t) ? d : TP_LLM_HOLD;
	out->conf = c;
}

/* Majority of two: agreeing, their average; else the gap decides. */
static void
two(struct tp_lvote_out *out, const struct tp_lvote_in *a,
    const struct tp_lvote_in *b, double t)
{
	const struct tp_lvote_in *win = a->conf > b->conf ? a : b;

	if (a->dec == b->dec)
		decide(out, a->dec, (a->conf + b->conf) / 2, t);
	else if (reaches(fabs(a->conf - b->conf), TP_LVOTE_GAP))
		decide(out, win->dec, win->conf, t);
}

/*
 * The decision whose key (key[d], over decisions with votes) is highest,
 * by more than the slack; -1 on a tie for the highest.
 */
static int
best(const struct tally *tl, const double *key)
{
	int d, b = -1;

	for (d = 0; d < TP_LLM_NDEC; d++)
		if (tl[d].votes > 0 && (b < 0 || key[d] > key[b]))
			b = d;
	for (d = 0; d < TP_LLM_NDEC; d++)
		if (d != b && tl[d].votes > 0 &&
		    fabs(key[d] - key[b]) <= TP_LVOTE_EPS)
			return -1;
	return b;
}

/* Majority of three or more: most votes, then the larger summed
 * confidence. */
static void
most(struct tp_lvote_out *out, const struct tally *tl, double t)
{
	double key[TP_LLM_NDEC];
	int d, top = 0;

	for (d = 0; d < TP_LLM_NDEC; d++)
		if (tl[d].votes > top)
			top = tl[d].votes;
	/* only the decisions with the most votes compete, on their sums */
	for (d = 0; d < TP_LLM_NDEC; d++)
		key[d] = tl[d].votes == top ? tl[d].sum : -1;
	if ((d = best(tl, key)) >= 0)
		decide(out, (enum tp_llm_dec)d, tl[d].sum / tl[d].votes, t);
}

static void
weighted(struct tp_lvote_out *out, const struct tally *tl, double w,
    double t)
{
	double score[TP_LLM_NDEC];
	int d;

	if (!(w > 0))
		return;
	for (d = 0; d < TP_LLM_NDEC; d++)
		score[d] = tl[d].wsum / w;
	if ((d = best(tl, score)) >= 0)
		decide(out, (enum tp_llm_dec)d, score[d], t);
}

void
tp_lvote(enum tp_lvote_mode mode, double min_conf, double min_single,
    const struct tp_lvote_in *v, int n, struct tp_lvote_out *out)
{
	struct tally tl[TP_LLM_NDEC] = { { 0, 0, 0 } };
	const struct tp_lvote_in *a = NULL, *b = NULL;
	double w = 0, t;
	int i, d;

	out->dec = TP_LLM_HOLD;
	out->conf = 0;
	out->answered = 0;
	for (i = 0; i < n; i++) {
		if (!votes(&v[i]))
			continue;
		if (a == NULL)
			a = &v[i];
		else if (b == NULL)
			b = &v[i];
		out->answered++;
		tl[v[i].dec].votes++;
		tl[v[i].dec].sum += v[i].conf;
		tl[v[i].dec].wsum += v[i].conf * v[i].weight;
		w += v[i].weight;
	}
	if (a == NULL)
		return;
	t = out->answered == 1 ? min_single : min_conf;
	if (out->answered == 1) {
		decide(out, a->dec, a->conf, t);
		return;
	}
	switch (mode) {
	case TP_LVOTE_MAJORITY:
		if (out->answered == 2)
			two(out, a, b, t);
		else
			most(out, tl, t);
		break;
	case TP_LVOTE_UNANIMOUS:
		for (d = 0; d < TP_LLM_NDEC; d++)
			if (tl[d].votes == out->answered)
				decide(out, (enum tp_llm_dec)d,
				    tl[d].sum / out->answered, t);
		break;
	case TP_LVOTE_WEIGHTED:
		weighted(out, tl, w, t);
		break;
	default:
		break;
	}
}

int
tp_lvote_action(enum tp_llm_dec d, int side, int adjust, int can_short)
{
	switch (d) {
	case TP_LLM_BUY:
		if (side < 0)
			return TP_EXIT_SHORT;
		return side == 0 || adjust ? TP_ENTER_LONG : -1;
	case TP_LLM_SELL:
		if (side > 0)
			return TP_EXIT_LONG;
		if (!can_short)
			return -1;
		return side == 0 || adjust ? TP_ENTER_SHORT : -1;
	default:
		return -1;
	}
}
