/*
 * tp_xgb.c: the xgboost kind of model (tp_model.h): gradient-boosted
 * trees through XGBoost's C API, trained and predicting as python
 * xgboost's xgb.train() and Booster.inplace_predict() do, so that the
 * same data, parameters and seed give the same trees and predictions.
 *
 * Features go to XGBoost as floats, each double rounded to the nearest
 * (as numpy's astype(float32)), NaN for a missing value.  A model
 * predicts through one reused buffer of rows: predict() is not to be
 * called on one model from two threads at once.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xgboost/c_api.h>

#include "model/tp_model.h"

/* Rows converted to floats at a time by predict(). */
#define BATCH 4096

/* Python's inplace_predict's configuration: values, no margin, every
 * tree; XGBoost refuses it without cache_id. */
static const char predict_config[] = "{\"type\": 0, \"training\": false, "
    "\"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, "
    "\"missing\": NaN, \"cache_id\": 0}";

struct xgb {
	BoosterHandle b;
	float *buf;		/* BATCH rows of predict(), once allocated */
};

/*
 * Fail with XGBoost's last error, without the time and source position
 * it starts with and the stack trace that may follow.
 */
static int
xgb_fail(struct tp_err *err, int code, const char *file, const char *what)
{
	const char *s = XGBGetLastError();
	const char *p;
	int len;

	if (s == NULL)
		s = "";
	/* "[12:00:00] /path/src/learner.cc:123: Check failed: ..." */
	if (s[0] == '[' && (p = strstr(s, "] ")) != NULL)
		s = p + 2;
	if ((p = strstr(s, ": ")) != NULL && memchr(s, ' ',
	    (size_t)(p - s)) == NULL)
		s = p + 2;
	len = (int)strcspn(s, "\n");
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ':'))
		len--;
	return tp_errf(err, code, file, 0, "xgboost: %s: %.*s", what, len, s);
}

static void
xgb_free(struct xgb *x)
{
	if (x == NULL)
		return;
	if (x->b != NULL)
		XGBoosterFree(x->b);
	free(x->buf);
	free(x);
}

static void
release(struct tp_model *m)
{
	xgb_free(m->impl);
	m->impl = NULL;
}

/* Put booster b in m, in place of any it had. */
static int
adopt(struct tp_model *m, BoosterHandle b, struct tp_err *err)
{
	struct xgb *x = calloc(1, sizeof(*x));

	if (x == NULL) {
		XGBoosterFree(b);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	x->b = b;
	release(m);
	m->impl = x;
	return 0;
}

/* n values as floats, rounded to the nearest; NULL when out of memory. */
static float *
floats(const double *v, size_t n)
{
	float *f = malloc((n > 0 ? n : 1) * sizeof(*f));
	size_t i;

	if (f != NULL)
		for (i = 0; i < n; i++)
			f[i] = (float)v[i];
	return f;
}

/* The number of boosting rounds: "n_estimators", default 100. */
static int
rounds(const struct tp_model *m, struct tp_err *err)
{
	const char *s = tp_model_param(m, "n_estimators");
	char *end;
	long r;

	if (s == NULL)
		return 100;
	errno = 0;
	r = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || r < 1 || r > 1000000)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "model parameter "
		    "n_estimators \"%s\": expected a number of rounds, 1 .. "
		    "1000000", s);
	return (int)r;
}

/* A classifier's labels are its classes; every label is finite. */
static int
check_labels(const struct tp_model *m, const struct tp_dataset *d,
    struct tp_err *err)
{
	long i;
	double y;

	for (i = 0; i < d->n; i++) {
		y = d->y[i];
		if (!isfinite(y))
			return tp_errf(err, TP_EX_DATAERR, NULL, 0, "the label "
			    "of row %ld is not a number", i + 1);
		if (m->task == TP_TASK_CLASSES && (y != floor(y) || y < 0 ||
		    y >= m->nclass))
			return tp_errf(err, TP_EX_DATAERR, NULL, 0, "the label "
			    "of row %ld is %g: expected a class, 0 .. %d",
			    i + 1, y, m->nclass - 1);
	}
	return 0;
}

/* The rows, labels and weights of d as XGBoost's DMatrix. */
static int
dmatrix(const struct tp_dataset *d, DMatrixHandle *dm, struct tp_err *err)
{
	size_t n = (size_t)d->n;
	float *x = floats(d->x, n * (size_t)d->nf);
	float *y = floats(d->y, n);
	float *w = d->w != NULL ? floats(d->w, n) : NULL;
	int rc = 0;

	*dm = NULL;
	if (x == NULL || y == NULL || (d->w != NULL && w == NULL))
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else if (XGDMatrixCreateFromMat(x, (bst_ulong)n, (bst_ulong)d->nf,
	    NAN, dm) != 0)
		rc = xgb_fail(err, TP_EX_SOFTWARE, NULL, "the training rows");
	else if (XGDMatrixSetFloatInfo(*dm, "label", y, (bst_ulong)n) != 0)
		rc = xgb_fail(err, TP_EX_DATAERR, NULL, "the labels");
	else if (w != NULL && XGDMatrixSetFloatInfo(*dm, "weight", w,
	    (bst_ulong)n) != 0)
		rc = xgb_fail(err, TP_EX_DATAERR, NULL, "the weights");
	if (rc != 0 && *dm != NULL) {
		XGDMatrixFree(*dm);
		*dm = NULL;
	}
	free(x);
	free(y);
	free(w);
	return rc;
}

/*
 * The objective by task unless one is given (num_class for three
 * classes unless given), then every parameter but n_estimators as is.
 */
static int
set_params(const struct tp_model *m, BoosterHandle b, struct tp_err *err)
{
	const char *obj = m->task == TP_TASK_REGRESSION ? "reg:squarederror" :
	    m->nclass == 2 ? "binary:logistic" : "multi:softprob";
	const char *given;
	char what[160];
	int i;

	if (tp_model_param(m, "objective") == NULL &&
	    XGBoosterSetParam(b, "objective", obj) != 0)
		return xgb_fail(err, TP_EX_CONFIG, NULL, "objective");
	given = tp_model_param(m, "objective");
	/* multi:softprob for two classes too (check()) */
	if (m->task == TP_TASK_CLASSES && (m->nclass > 2 || (given != NULL &&
	    strcmp(given, "multi:softprob") == 0)) &&
	    tp_model_param(m, "num_class") == NULL &&
	    XGBoosterSetParam(b, "num_class", m->nclass > 2 ? "3" : "2") != 0)
		return xgb_fail(err, TP_EX_CONFIG, NULL, "num_class");
	for (i = 0; i < m->nparams; i++) {
		if (strcmp(m->keys[i], "n_estimators") == 0)
			continue;
		if (XGBoosterSetParam(b, m->keys[i], m->vals[i]) != 0) {
			snprintf(what, sizeof(what), "model parameter %s",
			    m->keys[i]);
			return xgb_fail(err, TP_EX_CONFIG, NULL, what);
		}
	}
	return 0;
}

static int
boost(const struct tp_model *m, DMatrixHandle dm, int nround,
    BoosterHandle *b, struct tp_err *err)
{
	int i;

	if (XGBoosterCreate(&dm, 1, b) != 0) {
		*b = NULL;
		return xgb_fail(err, TP_EX_SOFTWARE, NULL, "a booster");
	}
	if (set_params(m, *b, err) != 0)
		return -1;
	for (i = 0; i < nround; i++)
		/* Parameters are checked at the first round. */
		if (XGBoosterUpdateOneIter(*b, i, dm) != 0)
			return xgb_fail(err, TP_EX_CONFIG, NULL, "training");
	return 0;
}

/* XGBoost gives per outputs a row: m's, or p for 1 - p and p. */
static int
check_per(const struct tp_model *m, bst_ulong per, int code,
    struct tp_err *err)
{
	if (per == (bst_ulong)m->nout || (m->task == TP_TASK_CLASSES &&
	    m->nclass == 2 && per == 1))
		return 0;
	if (m->task == TP_TASK_REGRESSION)
		return tp_errf(err, code, NULL, 0, "the xgboost model gives "
		    "%" PRIu64 " outputs a row: expected 1, a regression's",
		    per);
	return tp_errf(err, code, NULL, 0, "the xgboost model gives %" PRIu64
	    " output%s a row: expected each of %d classes' probability", per,
	    per == 1 ? "" : "s", m->nclass);
}

/* XGBoost's outputs res of the k rows in x's buffer, per a row. */
static int
run(const struct tp_model *m, struct xgb *x, long k, const float **res,
    bst_ulong *per, struct tp_err *err)
{
	char ai[160];
	const bst_ulong *shape;
	bst_ulong dim, total, i;

	/* numpy's __array_interface__ of a C-contiguous float32 array */
	snprintf(ai, sizeof(ai), "{\"data\": [%" PRIuPTR ", true], "
	    "\"shape\": [%ld, %d], \"typestr\": \"<f4\", \"version\": 3}",
	    (uintptr_t)x->buf, k, m->nf);
	if (XGBoosterPredictFromDense(x->b, ai, predict_config, NULL, &shape,
	    &dim, res) != 0)
		return xgb_fail(err, TP_EX_DATAERR, NULL, "predicting");
	total = 1;
	for (i = 0; i < dim; i++)
		total *= shape[i];
	*per = total / (bst_ulong)k;
	return 0;
}

/* Predict rows[0 .. k), k <= BATCH, through x's float buffer. */
static int
predict_batch(const struct tp_model *m, struct xgb *x, const double *rows,
    long k, double *out, struct tp_err *err)
{
	const float *res;
	bst_ulong per;
	size_t nv = (size_t)k * (size_t)m->nf, v;
	long i;

	for (v = 0; v < nv; v++)
		x->buf[v] = (float)rows[v];
	if (run(m, x, k, &res, &per, err) != 0 ||
	    check_per(m, per, TP_EX_DATAERR, err) != 0)
		return -1;
	if (per == (bst_ulong)m->nout) {
		for (i = 0; i < k * m->nout; i++)
			out[i] = res[i];
	} else {
		/* binary:logistic gives p, the probability of class 1 */
		for (i = 0; i < k; i++) {
			out[2 * i] = 1 - (double)res[i];
			out[2 * i + 1] = res[i];
		}
	}
	return 0;
}

/* x's buffer of BATCH rows, allocated at its first use. */
static int
batch_buf(const struct tp_model *m, struct xgb *x, struct tp_err *err)
{
	if (x->buf == NULL && (x->buf = malloc((size_t)BATCH *
	    (size_t)m->nf * sizeof(*x->buf))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

static int
predict(const struct tp_model *m, const double *x, long n, double *out,
    struct tp_err *err)
{
	struct xgb *xg = m->impl;
	long i, k;

	if (xg == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "predicting with "
		    "an xgboost model neither trained nor loaded");
	if (batch_buf(m, xg, err) != 0)
		return -1;
	for (i = 0; i < n; i += k) {
		k = n - i < BATCH ? n - i : BATCH;
		if (predict_batch(m, xg, x + i * m->nf, k, out + i * m->nout,
		    err) != 0)
			return -1;
	}
	return 0;
}

/*
 * m's model gives the task's outputs a row (else code): a row of
 * missing values shows, whatever the objective.
 */
static int
check_outputs(const struct tp_model *m, int code, struct tp_err *err)
{
	struct xgb *x = m->impl;
	const float *res;
	bst_ulong per;
	int j;

	if (batch_buf(m, x, err) != 0)
		return -1;
	for (j = 0; j < m->nf; j++)
		x->buf[j] = NAN;
	if (run(m, x, 1, &res, &per, err) != 0)
		return -1;
	return check_per(m, per, code, err);
}

static int
train(struct tp_model *m, const struct tp_dataset *d, struct tp_err *err)
{
	DMatrixHandle dm;
	BoosterHandle b = NULL;
	int nround, rc;

	if ((nround = rounds(m, err)) < 0 || check_labels(m, d, err) != 0 ||
	    dmatrix(d, &dm, err) != 0)
		return -1;
	rc = boost(m, dm, nround, &b, err);
	XGDMatrixFree(dm);
	if (rc != 0) {
		if (b != NULL)
			XGBoosterFree(b);
		return -1;
	}
	if (adopt(m, b, err) != 0)
		return -1;
	/* an objective given that does not fit the task */
	if (check_outputs(m, TP_EX_CONFIG, err) != 0) {
		release(m);
		return -1;
	}
	return 0;
}

static int
save(const struct tp_model *m, const char *path, struct tp_err *err)
{
	const struct xgb *x = m->impl;

	if (x == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "saving an "
		    "xgboost model neither trained nor loaded");
	if (XGBoosterSaveModel(x->b, path) != 0)
		return xgb_fail(err, TP_EX_IOERR, path, "saving the model");
	return 0;
}

/*
 * path can be read and begins as XGBoost's JSON and UBJSON models do:
 * what else XGBoost would read as its old binary format, which it does
 * not check.
 */
static int
check_file(const char *path, struct tp_err *err)
{
	FILE *f = fopen(path, "rb");
	int c;

	if (f == NULL)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "%s",
		    strerror(errno));
	c = getc(f);
	fclose(f);
	if (c != '{')
		return tp_errf(err, TP_EX_DATAERR, path, 0, "not an xgboost "
		    "model (JSON or UBJSON)");
	return 0;
}

static int
load(struct tp_model *m, const char *path, struct tp_err *err)
{
	BoosterHandle b;
	bst_ulong nf = 0;
	const char *nthread;

	if (check_file(path, err) != 0)
		return -1;
	if (XGBoosterCreate(NULL, 0, &b) != 0)
		return xgb_fail(err, TP_EX_SOFTWARE, NULL, "a booster");
	if (XGBoosterLoadModel(b, path) != 0) {
		xgb_fail(err, TP_EX_DATAERR, path, "not a model");
		XGBoosterFree(b);
		return -1;
	}
	if (XGBoosterGetNumFeature(b, &nf) != 0 || nf != (bst_ulong)m->nf) {
		XGBoosterFree(b);
		return tp_errf(err, TP_EX_DATAERR, path, 0, "an xgboost model "
		    "of %" PRIu64 " features: expected %d", nf, m->nf);
	}
	/* The file does not keep the threads: predict with the strategy's
	 * (the predictions are the same on any number). */
	nthread = tp_model_param(m, "nthread");
	if (nthread != NULL && XGBoosterSetParam(b, "nthread", nthread) != 0) {
		xgb_fail(err, TP_EX_CONFIG, NULL, "nthread");
		XGBoosterFree(b);
		return -1;
	}
	if (adopt(m, b, err) != 0)
		return -1;
	if (check_outputs(m, TP_EX_DATAERR, err) != 0) {
		tp_err_at(err, path, 0);
		release(m);
		return -1;
	}
	return 0;
}

/*
 * The objective given, if any, must predict what m gives: each class's
 * probability (binary:logitraw would give margins, multi:softmax the
 * class; binary:logistic is two classes'), or a value of any sign for a
 * return (reg:logistic and the count and survival objectives want labels
 * of their own range; the ranking and classifying ones are not values).
 */
static int
check(const struct tp_model *m, struct tp_err *err)
{
	static const char *const value[] = { "reg:squarederror",
	    "reg:pseudohubererror", "reg:absoluteerror" };
	const char *obj = tp_model_param(m, "objective");
	size_t i;

	if (obj == NULL)
		return 0;
	if (m->task == TP_TASK_REGRESSION) {
		for (i = 0; i < sizeof(value) / sizeof(value[0]); i++)
			if (strcmp(obj, value[i]) == 0)
				return 0;
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "model parameter "
		    "objective \"%s\": the label is a return, predicted as a "
		    "value: expected reg:squarederror, reg:pseudohubererror "
		    "or reg:absoluteerror", obj);
	}
	if (strcmp(obj, "multi:softprob") == 0 || (m->nclass == 2 &&
	    strcmp(obj, "binary:logistic") == 0))
		return 0;
	return tp_errf(err, TP_EX_CONFIG, NULL, 0, "model parameter objective "
	    "\"%s\": a classifier predicts each class's probability: "
	    "expected %s", obj, m->nclass == 2 ? "binary:logistic or "
	    "multi:softprob" : "multi:softprob (with 3 classes)");
}

const struct tp_model_kind tp_model_xgboost = {
	"xgboost", "model.json", train, predict, save, load, release, check
};
