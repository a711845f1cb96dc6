/*
 * tp_warmup.c: a strategy's warm-up, measured (tp_warmup.h).
 *
 * Each indicator runs once over a fixed synthetic random walk from its
 * first bar, and again from later and later starts: the warm-up is the
 * shortest run whose outputs over the checked bars equal the long run's.
 * Measuring instead of tabulating keeps it right for every indicator of
 * the registry and every parameter, TA-Lib's seeding included.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decide/tp_expr.h"
#include "ind/tp_ind.h"
#include "core/tp_rand.h"
#include "decide/tp_warmup.h"

#define END 20000	/* the first bar checked: the longest warm-up found */
#define CHECK 64	/* bars checked from there */
#define BARS (END + CHECK)

/* bars[i][TP_IN_*]: a geometric random walk around 100, 1% a bar. */
static double (*walk(void))[TP_IN_N]
{
	double (*b)[TP_IN_N] = malloc(BARS * sizeof(*b)), c = 100, o, u;
	struct tp_rand r;
	int i;

	if (b == NULL)
		return NULL;
	tp_rand_seed(&r, 19);
	for (i = 0; i < BARS; i++) {
		o = c;
		c = o * (1 + (tp_rand_uniform(&r) - 0.5) * 0.02);
		u = tp_rand_uniform(&r);
		b[i][TP_IN_OPEN] = o;
		b[i][TP_IN_HIGH] = fmax(o, c) * (1 + u * 0.005);
		b[i][TP_IN_LOW] = fmin(o, c) * (1 - u * 0.005);
		b[i][TP_IN_CLOSE] = c;
		b[i][TP_IN_VOLUME] = 1000 * (0.5 + tp_rand_uniform(&r));
		b[i][TP_IN_REAL] = c;
		b[i][TP_IN_REAL2] = o;
		b[i][TP_IN_TIME] = 1.7e12 + 3600000.0 * i;
	}
	return b;
}

/* Run x from bar first through the last, its outputs of the checked bars
 * into out[CHECK][TP_IND_MAXOUT]; st is the state's memory. */
static void
run(const struct tp_ind_inst *x, double (*b)[TP_IN_N], int first, void *st,
    size_t size, double (*out)[TP_IND_MAXOUT])
{
	const char *why;
	double o[TP_IND_MAXOUT];
	int i, k;

	memset(st, 0, size);
	x->def->init(st, x->p, &why);
	for (i = first; i < BARS; i++) {
		x->def->update(st, b[i], o);
		for (k = 0; i >= END && k < x->def->nout; k++)
			out[i - END][k] = o[k];
	}
}

static int
same(const struct tp_ind_inst *x, double (*a)[TP_IND_MAXOUT],
    double (*b)[TP_IND_MAXOUT])
{
	double u, v;
	int i, k;

	for (i = 0; i < CHECK; i++)
		for (k = 0; k < x->def->nout; k++) {
			u = a[i][k];
			v = b[i][k];
			if (isnan(u) != isnan(v) || (!isnan(u) && fabs(u - v) >
			    TP_WARMUP_TOL * fmax(1, fmax(fabs(u), fabs(v)))))
				return 0;
		}
	return 1;
}

/* The fewest bars up to and including END that x needs to agree there;
 * END + 1 (all of them) when it never agrees. */
static long
measure(const struct tp_ind_inst *x, double (*b)[TP_IN_N], void *st,
    size_t size, double (*full)[TP_IND_MAXOUT],
    double (*part)[TP_IND_MAXOUT])
{
	long lo = 1, hi = END, mid;

	run(x, b, 0, st, size, full);
	while (lo < hi) {	/* agreement only grows with the start */
		mid = lo + (hi - lo) / 2;
		run(x, b, (int)(END - mid), st, size, part);
		if (same(x, full, part))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo + 1;
}

/* Scratch room for measuring: the walk, two runs' outputs, a state. */
struct room {
	double (*b)[TP_IN_N];
	double (*full)[TP_IND_MAXOUT], (*part)[TP_IND_MAXOUT];
	void *st;
};

/* The longest warm-up of the indicators of x into *w (0 for none; more
 * than END when one never agrees). */
static int
longest(const struct tp_inds *x, struct room *r, long *w,
    struct tp_err *err)
{
	size_t size;
	long m;
	int i;

	*w = 0;
	for (i = 0; i < x->n; i++) {
		size = x->v[i].def->size(x->v[i].p);
		free(r->st);
		if ((r->st = malloc(size > 0 ? size : 1)) == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		m = measure(&x->v[i], r->b, r->st, size, r->full, r->part);
		if (m > *w)
			*w = m;
	}
	return 0;
}

/* A symbol's or a shift's WHAT that is an indicator spec is computed on
 * the base candles as an indicator; a field name is none (its own
 * indicator, if any, is counted where it is given). */
static int
add_what(struct tp_inds *x, const char *what, struct tp_err *err)
{
	const char *const fields[TP_IN_N] = { NULL };
	struct tp_err ierr = TP_ERR_INIT;

	if (tp_inds_add(x, what, NULL, fields, &ierr) < 0 &&
	    ierr.code == TP_EX_SOFTWARE)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "%s", ierr.msg);
	return 0;
}

/* The base candles' warm-up: "indicators", and the symbols' and shifts'
 * specs. */
static int
base_bars(const struct tp_strategy *s, struct room *r, long *w,
    struct tp_err *err)
{
	const char *const fields[TP_IN_N] = { NULL };
	struct tp_names names;
	struct tp_inds x;
	int i, k, rc = 0;

	tp_names_init(&names);
	tp_inds_init(&x, &names);
	for (i = 0; rc == 0 && i < s->nindicators; i++)
		rc = tp_inds_add(&x, s->indicators[i], NULL, fields, err);
	for (i = 0; rc == 0 && i < s->ninf_sym; i++)
		for (k = 0; rc == 0 && k < s->inf_sym[i].nwhat; k++)
			rc = add_what(&x, s->inf_sym[i].what[k], err);
	for (i = 0; rc == 0 && i < s->nshifts; i++)
		rc = add_what(&x, s->shifts[i].what, err);
	if (rc == 0)
		rc = longest(&x, r, w, err);
	tp_inds_release(&x);
	tp_names_release(&names);
	return rc;
}

/*
 * An informative timeframe's warm-up in base candles: w of its own
 * candles, and one more, since a window that starts within one of them
 * makes a partial first candle of it; each tf / base of the base ones.
 */
static int
tf_bars(const struct tp_strategy *s, const struct tp_inf_tf *t,
    struct room *r, long *w, int *forever, struct tp_err *err)
{
	const char *const fields[TP_IN_N] = { NULL };
	struct tp_names names;
	struct tp_inds x;
	int i, rc = 0;

	tp_names_init(&names);
	tp_inds_init(&x, &names);
	for (i = 0; rc == 0 && i < t->nspecs; i++)
		rc = tp_inds_add(&x, t->specs[i], NULL, fields, err);
	if (rc == 0)
		rc = longest(&x, r, w, err);
	*forever |= *w > END;
	if (rc == 0 && *w > 0)
		*w = (*w + 1) * (long)(t->ms / s->timeframe_ms);
	tp_inds_release(&x);
	tp_names_release(&names);
	return rc;
}

/* The most bars back that the shifts and the rules read: x[k] and
 * crosses_above read back, and need the indicators right that many
 * candles earlier; a rule may read a shifted field back again.  (An
 * indicator over another's output needs both warm-ups; the longest of
 * the two is taken.) */
static long
depth(const struct tp_strategy *s, const struct tp_pred *pred)
{
	long shift = 0, rules = 0;
	int i;

	for (i = 0; i < s->nshifts; i++)
		if (s->shifts[i].n > shift)
			shift = s->shifts[i].n;
	for (i = 0; pred != NULL && i < pred->n; i++)
		if (tp_expr_depth(pred->v[i].expr) > rules)
			rules = tp_expr_depth(pred->v[i].expr);
	return shift + rules;
}

int
tp_warmup(const struct tp_strategy *s, const struct tp_pred *pred,
    long *bars, int *forever, struct tp_err *err)
{
	struct room r = { NULL, NULL, NULL, NULL };
	long w = 0;
	int i, rc = 0;

	*bars = 0;
	*forever = 0;
	r.b = walk();
	r.full = malloc(CHECK * sizeof(*r.full));
	r.part = malloc(CHECK * sizeof(*r.part));
	if (r.b == NULL || r.full == NULL || r.part == NULL)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (rc == 0)
		rc = base_bars(s, &r, bars, err);
	*forever |= *bars > END;
	for (i = 0; rc == 0 && i < s->ninf_tf; i++) {
		rc = tf_bars(s, &s->inf_tf[i], &r, &w, forever, err);
		if (w > *bars)
			*bars = w;
	}
	free(r.st);
	free(r.full);
	free(r.part);
	free(r.b);
	if (rc == 0)
		*bars += depth(s, pred);
	return rc;
}
