/*
 * tp_logit.c: the logistic kind of model (tp_model.h): L2-regularised
 * logistic regression, as sklearn's LogisticRegression (penalty "l2",
 * fit_intercept, the intercept not penalised, sample weights).
 *
 * Two classes: one vector beta and an intercept b, p = 1 / (1 + e^-z),
 * z = beta.x + b, minimising  C sum_i w_i logloss_i + |beta|^2 / 2.
 * Three classes: the multinomial model (sklearn's multi_class
 * "multinomial"): a vector and an intercept per class, softmax, the same
 * penalty on all three vectors.  Adding one vector to all three, or one
 * number to all three intercepts, leaves the probabilities as they were:
 * the penalty picks the vectors (they sum to 0 at the optimum), and
 * sklearn's intercepts sum to 0 (its solvers start at 0 and move only
 * along gradients, whose intercept parts sum to 0).  Here the term
 * (sum_k b_k)^2 / 2 picks those intercepts and makes the Hessian
 * positive definite.
 *
 * Solved by Newton's method with the exact Hessian (dense Cholesky of
 * (nf + 1) K unknowns) and a backtracking line search, from 0, until the
 * gradient's largest component is under "tol" or after "max_iter"
 * iterations.  Everything runs in one order on one thread: the same data
 * give the same bits.
 *
 * A model file is a small JSON object (written by hand so that each
 * number is tp_num_format's shortest round trip, read by jansson):
 *   {"kind": "logistic", "version": 1, "nclass": 2, "nf": 3, "C": 1,
 *    "coefficients": [[...nf...]], "intercepts": [b]}
 * with one row (and one intercept) for two classes, one a class for
 * three.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/tp_buf.h"
#include "core/tp_jansson.h"
#include "core/tp_num.h"
#include "model/tp_model.h"
#include "rec/tp_write.h"

#define VERSION 1
#define MAX_VEC 3

struct logit {
	int nvec;		/* vectors: 1 for two classes, else nclass */
	int nf;
	double C;
	double *beta;		/* nvec rows of nf coefficients, intercept */
};

struct params {
	double C, tol;
	int max_iter;
};

/* The rows of coefficients a model of nclass classes has. */
static int
nvec(int nclass)
{
	return nclass == 2 ? 1 : nclass;
}

/* ---- parameters ---------------------------------------------------------- */

static int
bad_param(const char *key, const char *val, const char *what,
    struct tp_err *err)
{
	return tp_errf(err, TP_EX_CONFIG, NULL, 0, "logistic parameter "
	    "\"%s\" = \"%s\": expected %s", key, val, what);
}

/* val, a number over 0, into *out. */
static int
positive(const char *key, const char *val, double *out, struct tp_err *err)
{
	if (tp_num_parse(val, strlen(val), out) != TP_NUM_OK || !(*out > 0))
		return bad_param(key, val, "a number over 0", err);
	return 0;
}

static int
get_params(const struct tp_model *m, struct params *p, struct tp_err *err)
{
	const char *key, *val;
	int64_t n;
	int i;

	p->C = 1, p->tol = 1e-8, p->max_iter = 100;
	for (i = 0; i < m->nparams; i++) {
		key = m->keys[i], val = m->vals[i];
		if (strcmp(key, "C") == 0 || strcmp(key, "tol") == 0) {
			if (positive(key, val, key[0] == 'C' ? &p->C : &p->tol,
			    err) < 0)
				return -1;
		} else if (strcmp(key, "max_iter") == 0) {
			if (tp_num_parse_i64(val, strlen(val), &n) != 0 ||
			    n < 1 || n > 100000)
				return bad_param(key, val, "a whole number "
				    "of 1 to 100000", err);
			p->max_iter = (int)n;
		} else
			return tp_errf(err, TP_EX_CONFIG, NULL, 0, "unknown "
			    "logistic parameter \"%s\": expected C, max_iter "
			    "or tol", key);
	}
	return 0;
}

/* The model's own checks: a classifier, parameters it knows. */
static int
check_model(const struct tp_model *m, struct params *p, struct tp_err *err)
{
	if (m->task != TP_TASK_CLASSES)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "logistic "
		    "regression classifies; use xgboost for a return");
	return get_params(m, p, err);
}

/* ---- the model's function ------------------------------------------- */

/*
 * The class probabilities of row x (nf finite features) into prob[0 ..
 * nclass), and z[k] = beta_k.x + b_k.  Probabilities are computed as
 * sklearn does: 1 / (1 + e^-z) and its complement for two classes, the
 * softmax with the largest z taken out for three.
 */
static void
probs(const struct logit *l, const double *x, double *z, double *prob)
{
	int k, j, nf = l->nf;
	double zmax, sum;

	for (k = 0; k < l->nvec; k++) {
		const double *b = l->beta + k * (nf + 1);

		z[k] = b[nf];
		for (j = 0; j < nf; j++)
			z[k] += b[j] * x[j];
	}
	if (l->nvec == 1) {
		prob[1] = 1 / (1 + exp(-z[0]));
		prob[0] = 1 - prob[1];
		return;
	}
	zmax = z[0];
	for (k = 1; k < l->nvec; k++)
		zmax = z[k] > zmax ? z[k] : zmax;
	sum = 0;
	for (k = 0; k < l->nvec; k++)
		sum += prob[k] = exp(z[k] - zmax);
	for (k = 0; k < l->nvec; k++)
		prob[k] /= sum;
}

/* The log-loss of class y from z (nvec of them), without overflow. */
static double
logloss(int nvec, const double *z, int y)
{
	double zmax, sum, t;
	int k;

	/* two classes: log(1 + e^-z) for class 1, log(1 + e^z) for 0 */
	if (nvec == 1) {
		t = y == 1 ? -z[0] : z[0];
		return (t > 0 ? t : 0) + log1p(exp(-fabs(z[0])));
	}
	zmax = z[0];
	for (k = 1; k < nvec; k++)
		zmax = z[k] > zmax ? z[k] : zmax;
	sum = 0;
	for (k = 0; k < nvec; k++)
		sum += exp(z[k] - zmax);
	return zmax + log(sum) - z[y];
}

/* ---- training -------------------------------------------------------- */

/* What Newton's method works on. */
struct fit {
	const struct tp_dataset *d;
	struct logit *l;
	double C;
	int np;			/* unknowns: nvec (nf + 1) */
	int nblk;		/* the Hessian's blocks: nvec (nvec + 1) / 2 */
	double *g, *h, *step, *trial;
	double *a;		/* each row's weights of the blocks */
};

/* The penalty's part of the loss, gradient and Hessian. */
static double
penalty(const struct fit *f, const double *beta, double *g, double *h)
{
	int k, j, r, nf = f->l->nf, nv = f->l->nvec;
	double pen = 0, bsum = 0;

	for (k = 0; k < nv; k++) {
		for (j = 0; j < nf; j++) {
			r = k * (nf + 1) + j;
			pen += beta[r] * beta[r] / 2;
			if (g != NULL)
				g[r] += beta[r], h[r * f->np + r] += 1;
		}
		bsum += beta[k * (nf + 1) + nf];
	}
	if (nv == 1)
		return pen;
	/* (sum_k b_k)^2 / 2: the intercepts that sum to 0 */
	for (k = 0; g != NULL && k < nv; k++) {
		g[k * (nf + 1) + nf] += bsum;
		for (j = 0; j < nv; j++)
			h[(k * (nf + 1) + nf) * f->np + j * (nf + 1) + nf] += 1;
	}
	return pen + bsum * bsum / 2;
}

static double
weight(const struct tp_dataset *d, long i)
{
	return d->w != NULL ? d->w[i] : 1;
}

/* The loss at beta (the model's own, or a trial point). */
static double
loss(const struct fit *f, const double *beta)
{
	int k, j, nf = f->l->nf, nv = f->l->nvec;
	double z[MAX_VEC], sum = 0;
	long i;

	for (i = 0; i < f->d->n; i++) {
		const double *x = f->d->x + i * nf;

		for (k = 0; k < nv; k++) {
			const double *b = beta + k * (nf + 1);

			z[k] = b[nf];
			for (j = 0; j < nf; j++)
				z[k] += b[j] * x[j];
		}
		sum += weight(f->d, i) * logloss(nv, z, (int)f->d->y[i]);
	}
	return f->C * sum + penalty(f, beta, NULL, NULL);
}

/*
 * Add row i's part to the gradient, and keep its weights of the
 * Hessian's blocks in f->a: block (k, m) is C w p_k (delta_km - p_m) x x'
 * (x with a 1 for the intercept); binary is the one block p (1 - p).
 */
static void
add_row(struct fit *f, long i, const double *prob)
{
	int nf = f->l->nf, nv = f->l->nvec, k, m, j, y = (int)f->d->y[i];
	const double *x = f->d->x + i * nf;
	double r, w = f->C * weight(f->d, i), *a = f->a + i * f->nblk;

	for (k = 0; k < nv; k++) {
		double pk = prob[nv == 1 ? 1 : k], *gk = f->g + k * (nf + 1);

		r = w * (pk - ((nv == 1 ? 1 : k) == y));
		for (j = 0; j < nf; j++)
			gk[j] += r * x[j];
		gk[nf] += r;
		for (m = k; m < nv; m++)
			*a++ = w * pk * ((k == m) - prob[nv == 1 ? 1 : m]);
	}
}

/*
 * Add every row's part to block (k, m) of the Hessian's upper triangle,
 * whose weights are the b-th of each row's in f->a.  One block at a time,
 * over all rows, so that the block stays in the cache (the whole Hessian
 * of 200 features and 3 classes does not).
 */
static void
add_block(struct fit *f, int k, int m, int b)
{
	int nf = f->l->nf, j, q;
	double *h = f->h + (size_t)k * (size_t)(nf + 1) * (size_t)f->np +
	    (size_t)(m * (nf + 1)), c;
	long i;

	for (i = 0; i < f->d->n; i++) {
		const double *x = f->d->x + i * nf;
		double ai = f->a[i * f->nblk + b];

		for (j = 0; j <= nf; j++) {
			double *row = h + (size_t)j * (size_t)f->np;

			c = ai * (j < nf ? x[j] : 1);
			for (q = m == k ? j : 0; q < nf; q++)
				row[q] += c * x[q];
			row[nf] += c;
		}
	}
}

/* Gradient and Hessian (its upper triangle, mirrored) at the model's
 * beta; returns the loss there. */
static double
derivatives(struct fit *f)
{
	double z[MAX_VEC], prob[MAX_VEC], sum = 0;
	int np = f->np, r, s, k, m, b = 0;
	long i;

	memset(f->g, 0, (size_t)np * sizeof(double));
	memset(f->h, 0, (size_t)np * (size_t)np * sizeof(double));
	for (i = 0; i < f->d->n; i++) {
		probs(f->l, f->d->x + i * f->l->nf, z, prob);
		sum += weight(f->d, i) * logloss(f->l->nvec, z,
		    (int)f->d->y[i]);
		add_row(f, i, prob);
	}
	for (k = 0; k < f->l->nvec; k++)
		for (m = k; m < f->l->nvec; m++)
			add_block(f, k, m, b++);
	for (r = 0; r < np; r++)
		for (s = 0; s < r; s++)
			f->h[r * np + s] = f->h[s * np + r];
	return f->C * sum + penalty(f, f->l->beta, f->g, f->h);
}

/* Solve h s = -g by Cholesky (h overwritten); -1 when h is not
 * positive definite as far as doubles tell. */
static int
newton_step(struct fit *f)
{
	int n = f->np, i, j, k;
	double *a = f->h, *s = f->step, v;

	for (j = 0; j < n; j++) {
		v = a[j * n + j];
		for (k = 0; k < j; k++)
			v -= a[j * n + k] * a[j * n + k];
		if (!(v > 0))
			return -1;
		a[j * n + j] = sqrt(v);
		for (i = j + 1; i < n; i++) {
			v = a[i * n + j];
			for (k = 0; k < j; k++)
				v -= a[i * n + k] * a[j * n + k];
			a[i * n + j] = v / a[j * n + j];
		}
	}
	for (i = 0; i < n; i++) {	/* L u = -g */
		v = -f->g[i];
		for (k = 0; k < i; k++)
			v -= a[i * n + k] * s[k];
		s[i] = v / a[i * n + i];
	}
	for (i = n - 1; i >= 0; i--) {	/* L' s = u */
		v = s[i];
		for (k = i + 1; k < n; k++)
			v -= a[k * n + i] * s[k];
		s[i] = v / a[i * n + i];
	}
	return 0;
}

static double
max_abs(const double *v, int n)
{
	double m = 0;
	int i;

	for (i = 0; i < n; i++)
		m = fabs(v[i]) > m ? fabs(v[i]) : m;
	return m;
}

/*
 * Move beta along the Newton step: the longest of 1, 1/2, 1/4, ... that
 * lowers the loss enough (Armijo).  Near the optimum the decrease is
 * below the rounding of a sum of n losses, so a step within that
 * rounding counts as no rise.  Returns 0, or -1 when no step lowers it.
 */
static int
line_search(struct fit *f, double f0)
{
	double t = 1, slope = 0, ft, slack = 1e-12 * (fabs(f0) + 1);
	int r, tries;

	for (r = 0; r < f->np; r++)
		slope += f->g[r] * f->step[r];
	for (tries = 0; tries < 60; tries++, t /= 2) {
		for (r = 0; r < f->np; r++)
			f->trial[r] = f->l->beta[r] + t * f->step[r];
		ft = loss(f, f->trial);
		if (ft <= f0 + 1e-4 * t * slope + slack) {
			memcpy(f->l->beta, f->trial, (size_t)f->np *
			    sizeof(double));
			return 0;
		}
	}
	return -1;
}

static int
newton(struct fit *f, const struct params *p, struct tp_err *err)
{
	double f0;
	int it;

	for (it = 0; it < p->max_iter; it++) {
		f0 = derivatives(f);
		if (max_abs(f->g, f->np) < p->tol)
			return 0;
		if (newton_step(f) < 0)
			return tp_errf(err, TP_EX_DATAERR, NULL, 0, "logistic "
			    "regression: the Hessian is singular (features "
			    "far too large?)");
		if (line_search(f, f0) < 0)
			return 0;	/* as low as doubles go */
	}
	/* as sklearn, the last iterate is the model */
	return 0;
}

/* The rows the model learns from: finite features, a class, a weight. */
static int
check_data(const struct tp_model *m, const struct tp_dataset *d,
    struct tp_err *err)
{
	double wsum[MAX_VEC] = { 0 };
	long i;
	int j, k;

	for (i = 0; i < d->n; i++) {
		for (j = 0; j < d->nf; j++)
			if (!isfinite(d->x[i * d->nf + j]))
				return tp_errf(err, TP_EX_DATAERR, NULL, 0,
				    "row %ld, feature %d: %s; logistic "
				    "regression takes no missing values", i + 1,
				    j + 1, isnan(d->x[i * d->nf + j]) ?
				    "missing" : "infinite");
		if (!(d->y[i] >= 0 && d->y[i] < m->nclass) ||
		    d->y[i] != floor(d->y[i]))
			return tp_errf(err, TP_EX_DATAERR, NULL, 0, "row %ld: "
			    "label %g: expected a class of 0 to %d", i + 1,
			    d->y[i], m->nclass - 1);
		if (!(weight(d, i) >= 0) || !isfinite(weight(d, i)))
			return tp_errf(err, TP_EX_DATAERR, NULL, 0, "row %ld: "
			    "weight %g: expected a number of 0 or more", i + 1,
			    weight(d, i));
		wsum[(int)d->y[i]] += weight(d, i);
	}
	for (k = 0; k < m->nclass; k++)
		if (!(wsum[k] > 0))
			return tp_errf(err, TP_EX_DATAERR, NULL, 0, "no row of "
			    "class %d (with a weight over 0) to learn from", k);
	return 0;
}

static struct logit *
logit_new(int nv, int nf, double C)
{
	struct logit *l = malloc(sizeof(*l));

	if (l == NULL)
		return NULL;
	l->nvec = nv, l->nf = nf, l->C = C;
	l->beta = calloc((size_t)nv * (size_t)(nf + 1), sizeof(double));
	if (l->beta == NULL) {
		free(l);
		return NULL;
	}
	return l;
}

static void
logit_free(struct logit *l)
{
	if (l != NULL)
		free(l->beta);
	free(l);
}

static void
release(struct tp_model *m)
{
	logit_free(m->impl);
	m->impl = NULL;
}

static int
train(struct tp_model *m, const struct tp_dataset *d, struct tp_err *err)
{
	struct params p;
	struct fit f;
	int rc, np;

	if (check_model(m, &p, err) < 0 || check_data(m, d, err) < 0)
		return -1;
	memset(&f, 0, sizeof(f));
	f.d = d, f.C = p.C;
	f.np = np = nvec(m->nclass) * (m->nf + 1);
	f.l = logit_new(nvec(m->nclass), m->nf, p.C);
	f.g = malloc((size_t)np * sizeof(double));
	f.h = malloc((size_t)np * (size_t)np * sizeof(double));
	f.step = malloc((size_t)np * sizeof(double));
	f.trial = malloc((size_t)np * sizeof(double));
	f.nblk = nvec(m->nclass) * (nvec(m->nclass) + 1) / 2;
	f.a = malloc((size_t)d->n * (size_t)f.nblk * sizeof(double));
	if (f.l == NULL || f.g == NULL || f.h == NULL || f.step == NULL ||
	    f.trial == NULL || f.a == NULL)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else
		rc = newton(&f, &p, err);
	free(f.g), free(f.h), free(f.step), free(f.trial), free(f.a);
	if (rc < 0) {
		logit_free(f.l);
		return -1;
	}
	release(m);
	m->impl = f.l;
	return 0;
}

/* ---- prediction ------------------------------------------------------ */

static int
predict(const struct tp_model *m, const double *x, long n, double *out,
    struct tp_err *err)
{
	const struct logit *l = m->impl;
	double z[MAX_VEC];
	long i;
	int j, k;

	if (l == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "predicting with "
		    "a logistic model neither trained nor loaded");
	for (i = 0; i < n; i++) {
		const double *row = x + i * l->nf;
		double *o = out + i * m->nout;

		for (j = 0; j < l->nf && isfinite(row[j]); j++)
			continue;
		if (j < l->nf) {	/* a missing value: no prediction */
			for (k = 0; k < m->nout; k++)
				o[k] = NAN;
			continue;
		}
		probs(l, row, z, o);
	}
	return 0;
}

/* ---- the model file -------------------------------------------------- */

static int
add_num(struct tp_buf *b, double v)
{
	char num[TP_NUM_BUFSZ];

	return tp_buf_add(b, num, tp_num_format(v, num));
}

static int
add_str(struct tp_buf *b, const char *s)
{
	return tp_buf_add(b, s, strlen(s));
}

/* The JSON text of l into b; -1 when out of memory. */
static int
format(const struct tp_model *m, const struct logit *l, struct tp_buf *b)
{
	char head[160];
	int k, j, rc;

	snprintf(head, sizeof(head), "{\"kind\": \"logistic\", \"version\": "
	    "%d, \"nclass\": %d, \"nf\": %d, \"C\": ", VERSION, m->nclass,
	    l->nf);
	rc = add_str(b, head);
	rc |= add_num(b, l->C);
	rc |= add_str(b, ",\n \"coefficients\": [");
	for (k = 0; k < l->nvec; k++) {
		rc |= add_str(b, k > 0 ? ",\n  [" : "\n  [");
		for (j = 0; j < l->nf; j++) {
			rc |= add_str(b, j > 0 ? ", " : "");
			rc |= add_num(b, l->beta[k * (l->nf + 1) + j]);
		}
		rc |= add_str(b, "]");
	}
	rc |= add_str(b, "],\n \"intercepts\": [");
	for (k = 0; k < l->nvec; k++) {
		rc |= add_str(b, k > 0 ? ", " : "");
		rc |= add_num(b, l->beta[k * (l->nf + 1) + l->nf]);
	}
	rc |= add_str(b, "]}\n");
	return rc;
}

static int
save(const struct tp_model *m, const char *path, struct tp_err *err)
{
	const struct logit *l = m->impl;
	struct tp_buf b = { NULL, 0, 0 };
	int r, rc;

	if (l == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "saving a "
		    "logistic model neither trained nor loaded");
	for (r = 0; r < l->nvec * (l->nf + 1); r++)
		if (!isfinite(l->beta[r]))
			return tp_errf(err, TP_EX_SOFTWARE, path, 0, "a "
			    "logistic model with a coefficient of %g",
			    l->beta[r]);
	if (format(m, l, &b) < 0)
		rc = tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory");
	else
		rc = tp_write_file(path, b.p, b.len, err);
	tp_buf_release(&b);
	return rc;
}

static int
bad_file(const char *path, struct tp_err *err, const char *key,
    const char *what)
{
	return tp_errf(err, TP_EX_DATAERR, path, 0, "not a logistic model "
	    "file: \"%s\": expected %s", key, what);
}

/* The whole number root[key], which must be want. */
static int
get_int(json_t *root, const char *key, int want, const char *path,
    struct tp_err *err)
{
	json_t *v = json_object_get(root, key);
	double x = json_number_value(v);
	char what[64];

	if (!json_is_number(v) || x != floor(x) || !(fabs(x) < 1e9))
		return bad_file(path, err, key, "a whole number");
	/* a newer tp's file: as a newer meta.json (tp_mmeta.h), 78 */
	if (strcmp(key, "version") == 0 && x > VERSION)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "logistic model "
		    "version %.0f, from a newer tp: this one reads version %d "
		    "(train it again, or use the newer tp)", x, VERSION);
	if (x != want) {
		snprintf(what, sizeof(what), "%d, not %.0f", want, x);
		return bad_file(path, err, key, what);
	}
	return 0;
}

/* The array a of n finite numbers into out[0], out[stride], ... */
static int
get_numbers(json_t *a, int n, double *out, int stride, const char *path,
    const char *key, struct tp_err *err)
{
	char what[64];

	if (tp_jansson_get_reals(a, (size_t)n, out, (size_t)stride) == 0)
		return 0;
	snprintf(what, sizeof(what), "an array of %d number%s", n,
	    n == 1 ? "" : "s");
	return bad_file(path, err, key, what);
}

static int
check_keys(json_t *root, const char *path, struct tp_err *err)
{
	static const char *const keys[] = { "kind", "version", "nclass", "nf",
	    "C", "coefficients", "intercepts" };
	const char *key = tp_jansson_unknown_key(root, keys,
	    sizeof(keys) / sizeof(keys[0]));

	if (key != NULL)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "not a logistic "
		    "model file: unknown key \"%s\"", key);
	return 0;
}

/* The model in root, of m's shape, into l. */
static int
from_json(const struct tp_model *m, struct logit *l, json_t *root,
    const char *path, struct tp_err *err)
{
	json_t *kind = json_object_get(root, "kind"), *co, *c;
	int k;

	if (!json_is_object(root))
		return tp_errf(err, TP_EX_DATAERR, path, 0, "not a logistic "
		    "model file: not a JSON object");
	if (!json_is_string(kind) || strcmp(json_string_value(kind),
	    "logistic") != 0)
		return bad_file(path, err, "kind", "\"logistic\"");
	/* the version first: a newer one may have keys of its own */
	if (get_int(root, "version", VERSION, path, err) < 0 ||
	    check_keys(root, path, err) < 0 ||
	    get_int(root, "nclass", m->nclass, path, err) < 0 ||
	    get_int(root, "nf", m->nf, path, err) < 0)
		return -1;
	c = json_object_get(root, "C");
	if (!json_is_number(c) || !(json_number_value(c) > 0) ||
	    !isfinite(json_number_value(c)))
		return bad_file(path, err, "C", "a number over 0");
	l->C = json_number_value(c);
	co = json_object_get(root, "coefficients");
	if (!json_is_array(co) || json_array_size(co) != (size_t)l->nvec)
		return bad_file(path, err, "coefficients", l->nvec == 1 ?
		    "an array of 1 array" : "an array of 3 arrays");
	for (k = 0; k < l->nvec; k++)
		if (get_numbers(json_array_get(co, (size_t)k), l->nf,
		    l->beta + k * (l->nf + 1), 1, path, "coefficients",
		    err) < 0)
			return -1;
	return get_numbers(json_object_get(root, "intercepts"), l->nvec,
	    l->beta + l->nf, l->nf + 1, path, "intercepts", err);
}

static int
load(struct tp_model *m, const char *path, struct tp_err *err)
{
	struct params p;
	struct logit *l;
	json_error_t je;
	json_t *root;
	int rc;

	if (check_model(m, &p, err) < 0)
		return -1;
	/* every number a double: "1" or "1e300" alike */
	root = json_load_file(path, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_INT_AS_REAL, &je);
	if (root == NULL) {
		if (json_error_code(&je) == json_error_cannot_open_file)
			return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot "
			    "open: %s", strerror(errno));
		return tp_errf(err, TP_EX_DATAERR, path, je.line, "not JSON:"
		    " %s", je.text);
	}
	l = logit_new(nvec(m->nclass), m->nf, 1);
	rc = l != NULL ? from_json(m, l, root, path, err) :
	    tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory");
	json_decref(root);
	if (rc < 0) {
		logit_free(l);
		return -1;
	}
	release(m);
	m->impl = l;
	return 0;
}

const struct tp_model_kind tp_model_logistic = {
	"logistic", "model.json", train, predict, save, load, release, NULL
};
