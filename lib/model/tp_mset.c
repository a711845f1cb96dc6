/*
 * tp_mset.c: training rows from a stream, the window, scores (tp_mset.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/tp_mset.h"

/* A symbol's rows waiting for their label: a ring of horizon rows. */
struct tp_mset_pend {
	double *x;		/* horizon * nf */
	double *close;
	int64_t *t;
	long head, count;
	int64_t last;		/* the symbol's last row's time */
	int seen;
};

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

double
tp_mset_label(enum tp_mlabel kind, double threshold, double r)
{
	switch (kind) {
	case TP_MLABEL_BINARY:
		return r > threshold ? 1 : 0;
	case TP_MLABEL_THREE:
		return r < -threshold ? 0 : r > threshold ? 2 : 1;
	default:
		return r;
	}
}

int
tp_mset_init(struct tp_mset *s, int nf, enum tp_mlabel kind, long horizon,
    double threshold, int64_t window_ms, long window_rows,
    struct tp_err *err)
{
	memset(s, 0, sizeof(*s));
	if (horizon < 1 || nf < 1 || (window_ms <= 0 && window_rows <= 0))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "a training set "
		    "of horizon %ld, %d features, no window", horizon, nf);
	s->nf = nf;
	s->kind = kind;
	s->horizon = horizon;
	s->threshold = threshold;
	s->window_ms = window_ms;
	s->window_rows = window_rows;
	s->newest = INT64_MIN;
	tp_names_init(&s->syms);
	return 0;
}

static struct tp_mset_pend *
pend_of(struct tp_mset *s, const char *sym, size_t symn, int *id,
    struct tp_err *err)
{
	struct tp_mset_pend *p;
	int k = tp_names_intern(&s->syms, sym, symn);

	if (k < 0) {
		tp_names_fail(k, "symbols", NULL, 0, err);
		return NULL;
	}
	*id = k;
	if (k < s->npend)
		return &s->pend[k];
	p = realloc(s->pend, (size_t)(k + 1) * sizeof(*p));
	if (p == NULL) {
		oom(err);
		return NULL;
	}
	s->pend = p;
	for (; s->npend <= k; s->npend++) {
		p = &s->pend[s->npend];
		memset(p, 0, sizeof(*p));
		p->x = malloc((size_t)s->horizon * (size_t)s->nf *
		    sizeof(double));
		p->close = malloc((size_t)s->horizon * sizeof(double));
		p->t = malloc((size_t)s->horizon * sizeof(int64_t));
		if (p->x == NULL || p->close == NULL || p->t == NULL) {
			s->npend++;
			oom(err);
			return NULL;
		}
	}
	return &s->pend[k];
}

/* Whether labelled row i is outside the window (the newest row known). */
static void
keep_mask(const struct tp_mset *s, unsigned char *keep)
{
	long i, *left = NULL;
	int k;

	for (i = 0; i < s->n; i++)
		keep[i] = s->window_ms > 0 ? s->t[i] > s->newest - s->window_ms
		    : 1;
	if (s->window_ms > 0)
		return;
	/* The last window_rows rows of each symbol: its last horizon have
	 * no label yet, so of the labelled ones window_rows - horizon. */
	left = malloc((size_t)(s->npend > 0 ? s->npend : 1) * sizeof(*left));
	if (left == NULL)
		return;
	for (k = 0; k < s->npend; k++)
		left[k] = s->window_rows - s->pend[k].count;
	for (i = s->n - 1; i >= 0; i--)
		keep[i] = left[s->sym[i]]-- > 0;
	free(left);
}

/* Drop the rows that left the window, then make room for one more. */
static int
room(struct tp_mset *s, struct tp_err *err)
{
	unsigned char *keep;
	long i, j, cap;
	void *p;

	if (s->n < s->cap)
		return 0;
	if (s->n > 0 && (keep = malloc((size_t)s->n)) != NULL) {
		keep_mask(s, keep);
		for (i = j = 0; i < s->n; i++) {
			if (!keep[i])
				continue;
			memmove(s->x + j * s->nf, s->x + i * s->nf,
			    (size_t)s->nf * sizeof(double));
			s->y[j] = s->y[i];
			s->t[j] = s->t[i];
			s->sym[j++] = s->sym[i];
		}
		s->n = j;
		free(keep);
	}
	if (s->n < s->cap / 2)
		return 0;
	cap = s->cap * 2 + 1024;
	if ((p = realloc(s->x, (size_t)cap * (size_t)s->nf *
	    sizeof(double))) == NULL)
		return oom(err);
	s->x = p;
	if ((p = realloc(s->y, (size_t)cap * sizeof(double))) == NULL)
		return oom(err);
	s->y = p;
	if ((p = realloc(s->t, (size_t)cap * sizeof(int64_t))) == NULL)
		return oom(err);
	s->t = p;
	if ((p = realloc(s->sym, (size_t)cap * sizeof(int))) == NULL)
		return oom(err);
	s->sym = p;
	s->cap = cap;
	return 0;
}

static int
missing(const double *x, int nf)
{
	int j;

	for (j = 0; j < nf; j++)
		if (isnan(x[j]))
			return 1;
	return 0;
}

int
tp_mset_add(struct tp_mset *s, const char *sym, size_t symn, int64_t t,
    double close, const double *x, struct tp_err *err)
{
	struct tp_mset_pend *p;
	size_t nf = (size_t)s->nf;
	long o;
	int id;

	if ((p = pend_of(s, sym, symn, &id, err)) == NULL)
		return -1;
	/* A label counts rows: rows out of order or twice would mix the
	 * closes of other times into it. */
	if (p->seen && t <= p->last)
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "a time %s the one "
		    "before of its symbol: each symbol's rows must come in "
		    "time order, once each (tp-fetch fix --sort --dedupe)",
		    t == p->last ? "the same as" : "before");
	p->seen = 1;
	p->last = t;
	if (t > s->newest)
		s->newest = t;
	s->rows++;
	/* The oldest waiting row gets its label from this one's close. */
	if (p->count == s->horizon && s->drop_missing &&
	    missing(p->x + p->head * s->nf, s->nf)) {
		s->dropped++;
		p->head = (p->head + 1) % s->horizon;
		p->count--;
	} else if (p->count == s->horizon) {
		o = p->head;
		if (room(s, err) < 0)
			return -1;
		memcpy(s->x + s->n * s->nf, p->x + o * s->nf,
		    nf * sizeof(double));
		s->y[s->n] = tp_mset_label(s->kind, s->threshold,
		    close / p->close[o] - 1);
		s->t[s->n] = p->t[o];
		s->sym[s->n++] = id;
		p->head = (p->head + 1) % s->horizon;
		p->count--;
	}
	o = (p->head + p->count) % s->horizon;
	memcpy(p->x + o * s->nf, x, nf * sizeof(double));
	p->close[o] = close;
	p->t[o] = t;
	p->count++;
	return 0;
}

void
tp_mset_release(struct tp_mset *s)
{
	int k;

	for (k = 0; k < s->npend; k++) {
		free(s->pend[k].x);
		free(s->pend[k].close);
		free(s->pend[k].t);
	}
	free(s->pend);
	free(s->x);
	free(s->y);
	free(s->t);
	free(s->sym);
	tp_names_release(&s->syms);
	memset(s, 0, sizeof(*s));
}

/* ---- the window ------------------------------------------------------------ */

/* A labelled row's time and index, sorted by both (a stable sort by
 * time, without a static for the comparison: windows are taken by
 * several threads in a walk-forward). */
struct timed {
	int64_t t;
	long i;
};

static int
by_time(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Each feature's mean and standard deviation over the rows trained on,
 * NaN left out, applied to all the window's rows: FreqAI fits its
 * pipeline on the training split only, so the held-out rows do not leak
 * into the scaling.  A constant feature (or one never known) scales by 1.
 */
static void
zscore(struct tp_mwin *w)
{
	long i, n;
	int j;
	double v, m, d;

	for (j = 0; j < w->nf; j++) {
		m = 0;
		for (i = n = 0; i < w->ntrain; i++)
			if (!isnan(v = w->x[i * w->nf + j])) {
				n++;
				m += (v - m) / (double)n;
			}
		d = 0;
		for (i = 0; i < w->ntrain; i++)
			if (!isnan(v = w->x[i * w->nf + j]))
				d += (v - m) * (v - m);
		d = n > 0 ? sqrt(d / (double)n) : 0;
		w->mean[j] = n > 0 ? m : 0;
		w->sd[j] = d > 0 ? d : 1;
		for (i = 0; i < w->n; i++)
			w->x[i * w->nf + j] = (w->x[i * w->nf + j] -
			    w->mean[j]) / w->sd[j];
	}
}

int
tp_mset_window(const struct tp_mset *s, double test_size,
    double weight_factor, struct tp_mwin *w, struct tp_err *err)
{
	unsigned char *keep = NULL;
	struct timed *idx = NULL;
	long i, n = 0;
	size_t nf = (size_t)s->nf;

	memset(w, 0, sizeof(*w));
	w->nf = s->nf;
	if (s->n > 0 && ((keep = malloc((size_t)s->n)) == NULL ||
	    (idx = malloc((size_t)s->n * sizeof(*idx))) == NULL)) {
		free(keep);
		return oom(err);
	}
	if (s->n > 0)
		keep_mask(s, keep);
	for (i = 0; i < s->n; i++)
		if (keep[i]) {
			idx[n].t = s->t[i];
			idx[n++].i = i;
		}
	free(keep);
	if (n == 0) {
		free(idx);
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "no row with a "
		    "known label in the training window (%ld rows read; a "
		    "label needs %ld candles after its row)", s->rows,
		    s->horizon);
	}
	qsort(idx, (size_t)n, sizeof(*idx), by_time);
	w->n = n;
	w->x = malloc((size_t)n * nf * sizeof(double));
	w->y = malloc((size_t)n * sizeof(double));
	w->mean = malloc(nf * sizeof(double));
	w->sd = malloc(nf * sizeof(double));
	if (weight_factor > 0)
		w->w = malloc((size_t)n * sizeof(double));
	if (w->x == NULL || w->y == NULL || w->mean == NULL || w->sd == NULL ||
	    (weight_factor > 0 && w->w == NULL)) {
		free(idx);
		tp_mwin_release(w);
		return oom(err);
	}
	for (i = 0; i < n; i++) {
		memcpy(w->x + i * s->nf, s->x + idx[i].i * s->nf,
		    nf * sizeof(double));
		w->y[i] = s->y[idx[i].i];
		if (w->w != NULL)	/* the newest weighs 1 */
			w->w[i] = exp(-(double)(n - 1 - i) /
			    (weight_factor * (double)n));
	}
	w->from = idx[0].t;
	w->to = idx[n - 1].t;
	free(idx);
	/* sklearn's train_test_split, which FreqAI calls: ceil(test_size *
	 * n) rows held out */
	w->ntrain = n - (long)ceil(test_size * (double)n);
	if (w->ntrain < 1) {
		tp_mwin_release(w);
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "the training "
		    "window has %ld row%s with a known label: holding out "
		    "test_size %g leaves none to train on", n, n == 1 ? "" :
		    "s", test_size);
	}
	zscore(w);
	return 0;
}

void
tp_mwin_release(struct tp_mwin *w)
{
	free(w->x);
	free(w->y);
	free(w->w);
	free(w->mean);
	free(w->sd);
	memset(w, 0, sizeof(*w));
}

/* ---- scores ---------------------------------------------------------------- */

/* Ranks sort by score. */
struct scored {
	double p;
	int pos;
};

static int
by_score(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->p, y = ((const struct scored *)b)->p;

	return x < y ? -1 : x > y;
}

/*
 * The area under the ROC curve of scores p[i * nout + 1] for labels y
 * (0/1): the chance a random positive scores above a random negative,
 * ties half (Mann-Whitney's U from the ranks, ties given their mean
 * rank, as sklearn's roc_auc_score).  NaN with one class only.
 */
static double
auc(const double *y, const double *p, long n, int nout)
{
	struct scored *v = malloc((size_t)n * sizeof(*v));
	double pos = 0, neg = 0, ranks = 0, r;
	long i, j, k;

	if (v == NULL)
		return NAN;
	for (i = 0; i < n; i++) {
		v[i].p = p[i * nout + 1];
		v[i].pos = y[i] > 0.5;
		if (v[i].pos)
			pos++;
		else
			neg++;
	}
	qsort(v, (size_t)n, sizeof(*v), by_score);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].p == v[i].p; j++)
			;
		r = (double)(i + 1 + j) / 2;	/* ranks i+1 .. j, their mean */
		for (k = i; k < j; k++)
			if (v[k].pos)
				ranks += r;
	}
	free(v);
	if (pos == 0 || neg == 0)
		return NAN;
	return (ranks - pos * (pos + 1) / 2) / (pos * neg);
}

void
tp_mset_score(const double *y, const double *p, long n, int nout,
    struct tp_mscore *sc)
{
	double ll = 0, se = 0, best, q;
	long i, right = 0;
	int k, arg;

	memset(sc, 0, sizeof(*sc));
	sc->n = n;
	sc->logloss = sc->accuracy = sc->auc = sc->rmse = NAN;
	if (n == 0)
		return;
	if (nout == 1) {
		for (i = 0; i < n; i++)
			se += (p[i] - y[i]) * (p[i] - y[i]);
		sc->rmse = sqrt(se / (double)n);
		return;
	}
	for (i = 0; i < n; i++) {
		/* sklearn's log_loss clips at 1e-15 */
		q = p[i * nout + (int)y[i]];
		q = q < 1e-15 ? 1e-15 : q > 1 - 1e-15 ? 1 - 1e-15 : q;
		ll -= log(q);
		for (k = 1, arg = 0, best = p[i * nout]; k < nout; k++)
			if (p[i * nout + k] > best) {
				best = p[i * nout + k];
				arg = k;
			}
		right += arg == (int)y[i];
	}
	sc->logloss = ll / (double)n;
	sc->accuracy = (double)right / (double)n;
	if (nout == 2)
		sc->auc = auc(y, p, n, nout);
}
