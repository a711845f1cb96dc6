/*
 * tp_qtrain.c: tp-qvalidate train (tp_qtrain.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "rec/tp_candle.h"
#include "quantum/tp_qtrain.h"
#include "core/tp_rand.h"
#include "rec/tp_read.h"

#define PI 3.14159265358979323846
#define PCLIP 1e-12		/* scores kept off 0 and 1 for the log */

/* ---- the rows ------------------------------------------------------------ */

struct rows {
	double *x;		/* n x nfeat */
	unsigned char *y;
	long n;
	size_t cap;
	int nfeat;
};

static int
rows_add(struct rows *r, const double *x, int y, struct tp_err *err)
{
	if ((size_t)r->n == r->cap) {
		/* two arrays of one capacity: the second call sets it */
		size_t cap = r->cap;
		double *nx = tp_grow_size(r->x, &cap, r->cap + 1,
		    (size_t)r->nfeat * sizeof(double));
		unsigned char *ny;

		if (nx == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		r->x = nx;
		ny = tp_grow_size(r->y, &r->cap, r->cap + 1, 1);
		if (ny == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		r->y = ny;
	}
	memcpy(r->x + r->n * r->nfeat, x, (size_t)r->nfeat * sizeof(double));
	r->y[r->n++] = (unsigned char)y;
	return 0;
}

/* For the derived label: each symbol's last row, waiting for the next
 * close to say whether it went up. */
struct pending {
	double x[TP_QMODEL_MAX_FEATURES];
	double close;
	int64_t time;
	int have, complete, timed;
};

struct reading {
	const struct tp_qtrain_opts *o;
	struct tp_names *names, symbols;
	int fid[TP_QMODEL_MAX_FEATURES], fat[TP_QMODEL_MAX_FEATURES];
	int label_id, close_id, symbol_id, time_id;
	int label_at, close_at;	/* where they were in the last record */
	int derive;		/* -1 undecided, 0 label read, 1 derived */
	struct pending *pend;
	int npend;
	struct rows *rows;
	long skipped;		/* rows missing a feature or the label */
};

/* Field id of rec as a number: 0, 1 when missing, -1 with err. */
static int
num_of(struct reading *rd, const struct tp_rec *rec, int id, int *hint,
    double *v, struct tp_err *err)
{
	int i = tp_rec_find(rec, id, *hint);

	if (i < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "no field \"%s\"", rd->names->v[id].s);
	*hint = i;
	return tp_field_num(rec, &rec->f[i], rd->names, v, err);
}

/* The pending row of rec's symbol (one for a stream with no symbols). */
static struct pending *
pending_of(struct reading *rd, const struct tp_rec *rec, struct tp_err *err)
{
	struct tp_buf tmp = { NULL, 0, 0 };
	const char *s = "";
	size_t n = 0;
	int i = tp_rec_find(rec, rd->symbol_id, -1), isnull, id;

	if (i >= 0 && tp_field_text(&rec->f[i], &tmp, &s, &n, &isnull) < 0) {
		tp_buf_release(&tmp);
		tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "field "
		    "\"symbol\": a bad string");
		return NULL;
	}
	id = tp_names_intern(&rd->symbols, s, n);
	tp_buf_release(&tmp);
	if (id >= rd->npend) {
		struct pending *p = id < 0 ? NULL : realloc(rd->pend,
		    (size_t)(id + 1) * sizeof(*p));

		if (p == NULL) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			return NULL;
		}
		memset(p + rd->npend, 0, (size_t)(id + 1 - rd->npend) *
		    sizeof(*p));
		rd->pend = p;
		rd->npend = id + 1;
	}
	return &rd->pend[id];
}

/* The next close means the next in time: a time that does not move on
 * for a symbol (a duplicate, or records out of order) is refused. */
static int
check_time(struct reading *rd, const struct tp_rec *rec, struct pending *p,
    struct tp_err *err)
{
	int i = tp_rec_find(rec, rd->time_id, -1);
	int64_t t = 0;
	char t1[TP_TIME_MSGSZ], t2[TP_TIME_MSGSZ] = "";

	if (i < 0)
		return 0;	/* no times: the input order it is */
	if (tp_candle_field_time(rec, &rec->f[i], TP_UNIT_MS, &t, err) < 0)
		return -1;
	if (p->timed && t <= p->time)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "time "
		    "%s %s%s: next_return_sign needs each symbol's candles in "
		    "time order, once each (tp-fetch fix --sort --dedupe)",
		    tp_time_msg(t, t1), t == p->time ? "repeats" :
		    "goes back after ", t == p->time ? "" :
		    tp_time_msg(p->time, t2));
	p->time = t;
	p->timed = 1;
	return 0;
}

/* A row whose label is the next close's direction: keep this one until
 * the next record of its symbol, and file the one kept before. */
static int
derived(struct reading *rd, const struct tp_rec *rec, const double *x,
    int complete, struct tp_err *err)
{
	struct pending *p;
	double close;
	int rc = num_of(rd, rec, rd->close_id, &rd->close_at, &close, err);

	if (rc < 0 || (p = pending_of(rd, rec, err)) == NULL ||
	    check_time(rd, rec, p, err) < 0)
		return -1;
	if (p->have && p->complete && rc == 0) {
		if (rows_add(rd->rows, p->x, close > p->close, err) < 0)
			return -1;
	} else if (p->have) {
		rd->skipped++;
	}
	p->have = rc == 0;
	p->complete = complete;
	p->close = close;
	memcpy(p->x, x, sizeof(p->x));
	return 0;
}

static int
read_row(struct reading *rd, const struct tp_rec *rec, struct tp_err *err)
{
	double x[TP_QMODEL_MAX_FEATURES] = { 0 }, label;
	int k, rc, complete = 1;

	if (rd->derive < 0)
		rd->derive = tp_rec_find(rec, rd->label_id, -1) < 0 &&
		    strcmp(rd->o->label, TP_QTRAIN_NEXT_SIGN) == 0;
	for (k = 0; k < rd->o->nfeat; k++) {
		rc = num_of(rd, rec, rd->fid[k], &rd->fat[k], &x[k], err);
		if (rc < 0)
			return -1;
		complete &= rc == 0;
	}
	if (rd->derive)
		return derived(rd, rec, x, complete, err);
	rc = num_of(rd, rec, rd->label_id, &rd->label_at, &label, err);
	if (rc < 0)
		return -1;
	if (rc > 0 || !complete) {
		rd->skipped++;
		return 0;
	}
	return rows_add(rd->rows, x, label > 0, err);
}

static int
read_rows(const struct tp_qtrain_opts *o, struct tp_names *names,
    struct rows *rows, long *skipped, struct tp_err *err)
{
	struct reading rd = { o, names, { 0 }, { 0 }, { 0 }, -1, -1, -1, -1,
	    -1, -1, -1, NULL, 0, rows, 0 };
	struct tp_reader r;
	struct tp_rec rec;
	int k, rc = -1;

	tp_names_init(&rd.symbols);
	tp_rec_init(&rec);
	for (k = 0; k < o->nfeat; k++) {
		rd.fid[k] = tp_names_intern(names, o->feature[k],
		    strlen(o->feature[k]));
		rd.fat[k] = -1;
	}
	rd.label_id = tp_names_intern(names, o->label, strlen(o->label));
	rd.close_id = tp_names_intern(names, TP_LIT("close"));
	rd.symbol_id = tp_names_intern(names, TP_LIT("symbol"));
	rd.time_id = tp_names_intern(names, TP_LIT("time"));
	if (tp_reader_init(&r, names, o->files, o->nfiles, o->in_fmt, err) ==
	    0) {
		while ((rc = tp_read(&r, &rec, err)) != 0) {
			if (rc > 0 && read_row(&rd, &rec, err) == 0)
				continue;
			if (!o->skip_bad || err->code != TP_EX_DATAERR)
				break;
			if (o->skipped != NULL)
				o->skipped(err);
			tp_err_clear(err);
		}
		/* each symbol's last row has no next close */
		for (k = 0; k < rd.npend; k++)
			rd.skipped += rd.pend[k].have;
		tp_reader_release(&r);
	}
	tp_rec_release(&rec);
	tp_names_release(&rd.symbols);
	free(rd.pend);
	*skipped = rd.skipped;
	return err->code ? -1 : 0;
}

/* ---- Adam ---------------------------------------------------------------- */

int
tp_qtrain_adam_init(struct tp_qtrain_adam *a, int n, double rate,
    struct tp_err *err)
{
	/* Kingma and Ba's defaults for everything but the step */
	*a = (struct tp_qtrain_adam){
		n, 0, rate, 0.9, 0.999, 1e-8, NULL, NULL
	};
	a->m1 = calloc((size_t)n, sizeof(double));
	a->m2 = calloc((size_t)n, sizeof(double));
	if (a->m1 == NULL || a->m2 == NULL) {
		tp_qtrain_adam_release(a);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	return 0;
}

void
tp_qtrain_adam_release(struct tp_qtrain_adam *a)
{
	free(a->m1);
	free(a->m2);
	a->m1 = a->m2 = NULL;
}

void
tp_qtrain_adam_step(struct tp_qtrain_adam *a, double *theta, const double *g)
{
	double c1, c2;
	int k;

	a->t++;
	c1 = 1 - pow(a->beta1, (double)a->t);
	c2 = 1 - pow(a->beta2, (double)a->t);
	for (k = 0; k < a->n; k++) {
		a->m1[k] = a->beta1 * a->m1[k] + (1 - a->beta1) * g[k];
		a->m2[k] = a->beta2 * a->m2[k] + (1 - a->beta2) * g[k] * g[k];
		theta[k] -= a->rate * (a->m1[k] / c1) /
		    (sqrt(a->m2[k] / c2) + a->eps);
	}
}

/* ---- gradients, shared among the cores ---------------------------------- */

/*
 * Each row's gradient goes to its own slot and the slots are summed in
 * row order, so a seed gives the same model on any number of cores.
 */
struct batch {
	const struct tp_qmodel *m;
	const struct rows *rows;
	const long *idx;	/* the rows of this batch */
	int n;
	double *g;		/* n x nparams */
	double *loss;		/* n */
	int nworkers;
};

struct worker {
	struct batch *b;
	int w;
	struct tp_qmodel m;	/* a copy with its own angles */
	struct tp_qsim s;
};

static double
clip(double p)
{
	return p < PCLIP ? PCLIP : p > 1 - PCLIP ? 1 - PCLIP : p;
}

/* Cross-entropy of score p for label y. */
static double
xent(double p, int y)
{
	p = clip(p);
	return -(y ? log(p) : log(1 - p));
}

static void *
work(void *arg)
{
	struct worker *wk = arg;
	struct batch *b = wk->b;
	int np = tp_qmodel_nparams(&wk->m), i, k;
	double p, dl, *g;
	long r;

	for (i = wk->w; i < b->n; i += b->nworkers) {
		r = b->idx[i];
		g = b->g + (size_t)i * (size_t)np;
		p = tp_qmodel_grad(&wk->m, b->rows->x + r * b->rows->nfeat,
		    &wk->s, g);
		/* d xent / d p, through the clip */
		dl = p <= PCLIP || p >= 1 - PCLIP ? 0 : b->rows->y[r] ?
		    -1 / p : 1 / (1 - p);
		for (k = 0; k < np; k++)
			g[k] *= dl;
		b->loss[i] = xent(p, b->rows->y[r]);
	}
	return NULL;
}

struct trainer {
	struct tp_qmodel *m;
	const struct rows *rows;
	struct worker wk[TP_QSIM_MAX_THREADS];
	int nworkers, np, cap;
	double *g, *loss, *sum;
};

static int
trainer_init(struct trainer *t, struct tp_qmodel *m, const struct rows *rows,
    int batch, struct tp_err *err)
{
	int w;

	memset(t, 0, sizeof(*t));
	t->m = m, t->rows = rows, t->np = tp_qmodel_nparams(m), t->cap = batch;
	t->nworkers = tp_qsim_threads() < batch ? tp_qsim_threads() : batch;
	t->g = malloc((size_t)batch * (size_t)t->np * sizeof(double));
	t->loss = malloc((size_t)batch * sizeof(double));
	t->sum = malloc((size_t)t->np * sizeof(double));
	if (t->g == NULL || t->loss == NULL || t->sum == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (w = 0; w < t->nworkers; w++) {
		t->wk[w].m = *m;
		t->wk[w].m.theta = malloc((size_t)t->np * sizeof(double));
		if (t->wk[w].m.theta == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		if (tp_qsim_init(&t->wk[w].s, m->nq, err) < 0)
			return -1;
	}
	return 0;
}

static void
trainer_release(struct trainer *t)
{
	int w;

	for (w = 0; w < t->nworkers; w++) {
		free(t->wk[w].m.theta);
		tp_qsim_release(&t->wk[w].s);
	}
	free(t->g);
	free(t->loss);
	free(t->sum);
}

/* The mean gradient of the loss over rows idx[0..n) into t->sum;
 * returns the mean loss. */
static double
gradient(struct trainer *t, const long *idx, int n)
{
	struct batch b = { t->m, t->rows, idx, n, t->g, t->loss, 0 };
	int w, i, k;
	double loss = 0;

	b.nworkers = n < t->nworkers ? n : t->nworkers;
	for (w = 0; w < b.nworkers; w++) {
		t->wk[w].b = &b;
		t->wk[w].w = w;
		memcpy(t->wk[w].m.theta, t->m->theta, (size_t)t->np *
		    sizeof(double));
	}
	tp_qsim_parallel(work, t->wk, sizeof(t->wk[0]), b.nworkers);
	memset(t->sum, 0, (size_t)t->np * sizeof(double));
	for (i = 0; i < n; i++) {
		for (k = 0; k < t->np; k++)
			t->sum[k] += t->g[(size_t)i * (size_t)t->np + (size_t)k] / n;
		loss += t->loss[i] / n;
	}
	return loss;
}

/* ---- training ------------------------------------------------------------ */

/* Means and scales (two standard deviations) of rows [0, n). */
static void
normalise(struct tp_qmodel *m, const struct rows *r, long n)
{
	double d, sum, sq;
	long i;
	int k;

	for (k = 0; k < m->nfeat; k++) {
		sum = 0;
		for (i = 0; i < n; i++)
			sum += r->x[i * r->nfeat + k];
		m->mean[k] = sum / (double)n;
		sq = 0;
		for (i = 0; i < n; i++) {
			d = r->x[i * r->nfeat + k] - m->mean[k];
			sq += d * d;
		}
		m->scale[k] = 2 * sqrt(sq / (double)n);
	}
}

/* Accuracy (score >= 0.5 read as 1) and mean loss over rows [a, b). */
static void
evaluate(const struct tp_qmodel *m, const struct rows *r, long a, long b,
    struct tp_qsim *s, double *acc, double *loss)
{
	long i, right = 0;
	double p, sum = 0;

	for (i = a; i < b; i++) {
		p = tp_qmodel_score(m, r->x + i * r->nfeat, s);
		right += (p >= 0.5) == r->y[i];
		sum += xent(p, r->y[i]);
	}
	*acc = b > a ? (double)right / (double)(b - a) : NAN;
	*loss = b > a ? sum / (double)(b - a) : NAN;
}

static void
shuffle(long *idx, long n, struct tp_rand *rnd)
{
	long i, j, t;

	for (i = n - 1; i > 0; i--) {
		j = (long)tp_rand_below(rnd, (uint64_t)i + 1);
		t = idx[i], idx[i] = idx[j], idx[j] = t;
	}
}

static int
epochs(const struct tp_qtrain_opts *o, struct tp_qmodel *m,
    const struct rows *rows, long ntrain, struct tp_rand *rnd,
    struct tp_err *err)
{
	struct trainer t;
	struct tp_qtrain_adam adam;
	long *idx = malloc((size_t)ntrain * sizeof(long)), i;
	int e, batch = o->batch < ntrain ? o->batch : (int)ntrain, rc = -1;
	double loss;
	char line[160];

	if (idx == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; i < ntrain; i++)
		idx[i] = i;
	if (trainer_init(&t, m, rows, batch, err) < 0 ||
	    tp_qtrain_adam_init(&adam, t.np, o->rate, err) < 0)
		goto out;
	for (e = 1; e <= o->epochs; e++) {
		shuffle(idx, ntrain, rnd);
		loss = 0;
		for (i = 0; i < ntrain; i += batch) {
			int n = ntrain - i < batch ? (int)(ntrain - i) : batch;

			loss += gradient(&t, idx + i, n) * n / (double)ntrain;
			tp_qtrain_adam_step(&adam, m->theta, t.sum);
		}
		if (o->progress != NULL) {
			snprintf(line, sizeof(line), "epoch %d/%d: loss %.4f",
			    e, o->epochs, loss);
			o->progress(line);
		}
	}
	rc = 0;
	tp_qtrain_adam_release(&adam);
out:
	trainer_release(&t);
	free(idx);
	return rc;
}

int
tp_qtrain(const struct tp_qtrain_opts *o, struct tp_names *names,
    struct tp_qmodel *m, struct tp_qmodel_stats *st, struct tp_err *err)
{
	struct rows rows = { NULL, NULL, 0, 0, o->nfeat };
	struct tp_rand rnd;
	struct tp_qsim s = { 0, 0, NULL };
	long ntrain, i;
	int k, rc = -1;

	memset(st, 0, sizeof(*st));
	if (tp_qmodel_init(m, o->qubits, o->layers, o->nfeat, o->feature,
	    o->label, err) < 0 ||
	    read_rows(o, names, &rows, &st->skipped, err) < 0)
		goto out;
	ntrain = rows.n - (long)floor((double)rows.n * o->holdout + 0.5);
	if (ntrain < 1) {
		tp_errf(err, TP_EX_DATAERR, NULL, 0, "no row to train on: %ld "
		    "rows had every feature and the label%s", rows.n,
		    rows.n ? ", all held out" : "");
		goto out;
	}
	normalise(m, &rows, ntrain);
	tp_rand_seed(&rnd, o->seed);
	/* small angles: the layers start near the identity, away from the
	 * flat regions of large random circuits (McClean et al., Nature
	 * Communications 9, 4812, 2018) */
	for (k = 0; k < tp_qmodel_nparams(m); k++)
		m->theta[k] = (tp_rand_uniform(&rnd) - 0.5) * 0.2 * PI;
	if (epochs(o, m, &rows, ntrain, &rnd, err) < 0 ||
	    tp_qsim_init(&s, m->nq, err) < 0)
		goto out;
	*st = (struct tp_qmodel_stats){ o->seed, o->epochs, o->batch, o->rate,
	    o->holdout, rows.n, 0, ntrain, rows.n - ntrain, st->skipped, 0, 0,
	    0, 0 };
	/* of the rows trained on, as the summary says: not the held out */
	for (i = 0; i < ntrain; i++)
		st->positive += rows.y[i];
	evaluate(m, &rows, 0, ntrain, &s, &st->train_acc, &st->train_loss);
	evaluate(m, &rows, ntrain, rows.n, &s, &st->holdout_acc,
	    &st->holdout_loss);
	rc = 0;
out:
	tp_qsim_release(&s);
	free(rows.x);
	free(rows.y);
	return rc;
}
