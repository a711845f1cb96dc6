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

int
tp_warmup(const struct tp_strategy *s, const struct tp_pred *pred,
    long *bars, int *forever, struct tp_err *err)
{
	const char *const fields[TP_IN_N] = { NULL };
	double (*b)[TP_IN_N] = walk(), (*full)[TP_IND_MAXOUT];
	double (*part)[TP_IND_MAXOUT];
	struct tp_names names;
	struct tp_inds inds;
	void *st = NULL;
	size_t size;
	long w;
	int i, rc = 0;

	*bars = 0;
	*forever = 0;
	full = malloc(CHECK * sizeof(*full));
	part = malloc(CHECK * sizeof(*part));
	tp_names_init(&names);
	tp_inds_init(&inds, &names);
	if (b == NULL || full == NULL || part == NULL)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; rc == 0 && i < s->nindicators; i++)
		rc = tp_inds_add(&inds, s->indicators[i], NULL, fields, err);
	for (i = 0; rc == 0 && i < inds.n; i++) {
		size = inds.v[i].def->size(inds.v[i].p);
		free(st);
		if ((st = malloc(size > 0 ? size : 1)) == NULL) {
			rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
			break;
		}
		w = measure(&inds.v[i], b, st, size, full, part);
		*forever |= w > END;
		if (w > *bars)
			*bars = w;
	}
	/* The rules' own history: x[k] and crosses_above read back, and
	 * need the indicators right that many candles earlier.  (An
	 * indicator over another's output needs both warm-ups; the longest
	 * of the two is taken.) */
	for (w = 0, i = 0; rc == 0 && pred != NULL && i < pred->n; i++)
		if (tp_expr_depth(pred->v[i].expr) > w)
			w = tp_expr_depth(pred->v[i].expr);
	*bars += w;
	free(st);
	free(full);
	free(part);
	free(b);
	tp_inds_release(&inds);
	tp_names_release(&names);
	return rc;
}
