/*
 * test_model_xgb.c: the xgboost kind of model (lib/model/tp_xgb.c) against
 * python xgboost on the same data, parameters and seed.
 *
 * The expected values are tests/fixtures/model/xgb_*.csv, the predictions
 * python xgboost 1.7.4 (Debian python3-xgboost, the libxgboost tp links)
 * made on the rows of features.csv after the first NTRAIN, trained on those
 * first NTRAIN: tests/model/gen_xgb.py wrote them (its PARAMS are these).
 * xgb_bin.json is the binary model python saved.
 *
 * "test_model_xgb DIR" (or TP_MODEL_OUT=DIR) also leaves in DIR the models
 * tp saved (NAME.json) and their predictions (NAME.pred.csv), which
 * tests/model.bats has python load and predict with.
 *
 * "test_model_xgb --bench VERSION_DIR FEATURES.csv" instead times the
 * prediction alone of the model in VERSION_DIR (a version tp-predict
 * train wrote) on the rows of FEATURES.csv, z-scored by its meta.json,
 * on one thread: make bench's figure of XGBoost beside the whole filter.
 */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "model/tp_mmeta.h"
#include "model/tp_model.h"
#include "model/tp_mpred.h"

#define FIX "tests/fixtures/model/"
#define NTRAIN 1500
#define NF 11
#define MAXROWS 2100
#define TOL 1e-6

static const char *const keys[] = { "max_depth", "eta", "n_estimators",
    "seed", "nthread", "tree_method" };
static const char *const vals[] = { "4", "0.1", "50", "1", "1", "hist" };
#define NPARAMS 6

/* features.csv: the features, then the labels ret, up, dir and weight w. */
static double x[MAXROWS * NF], ret[MAXROWS], up[MAXROWS], dir[MAXROWS],
    wt[MAXROWS];
static long nrow;
static char tmpdir[] = "/tmp/test_model_xgbXXXXXX";
static const char *outdir;

static int
read_features(void)
{
	FILE *f = fopen(FIX "features.csv", "r");
	char line[2048], *p;
	double *lab[] = { ret, up, dir, wt };
	int j;

	if (f == NULL || fgets(line, sizeof(line), f) == NULL)
		return -1;
	while (nrow < MAXROWS && fgets(line, sizeof(line), f) != NULL) {
		p = line;
		for (j = 0; j < NF + 4; j++) {
			/* strtod reads "nan" and rounds as python's float() */
			double v = strtod(p, &p);

			if (j < NF)
				x[nrow * NF + j] = v;
			else
				lab[j - NF][nrow] = v;
			p++;
		}
		nrow++;
	}
	fclose(f);
	return 0;
}

/* Rows of the expected outputs, nout a row; the number of rows. */
static long
read_expected(const char *name, double *e, int nout)
{
	char path[256];
	FILE *f;
	long n = 0;
	int j;

	snprintf(path, sizeof(path), FIX "xgb_%s.csv", name);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	for (;;) {
		for (j = 0; j < nout; j++)
			if (fscanf(f, j > 0 ? ",%lf" : "%lf",
			    &e[n * nout + j]) != 1)
				goto done;
		n++;
	}
done:
	fclose(f);
	return n;
}

static int
init(struct tp_model *m, enum tp_task task, int nclass,
    const char *const *k, const char *const *v, int np)
{
	struct tp_err err = TP_ERR_INIT;

	return tp_model_init(m, "xgboost", task, nclass, NF, k, v, np, &err);
}

static int
train(struct tp_model *m, const double *y, const double *w,
    struct tp_err *err)
{
	struct tp_dataset d = { x, y, w, NTRAIN, NF };

	return tp_model_train(m, &d, err);
}

/* The largest difference of n values, infinite where one is NaN. */
static double
maxdiff(const double *a, const double *b, long n)
{
	double d = 0;
	long i;

	for (i = 0; i < n; i++) {
		if (isnan(a[i]) || isnan(b[i]))
			return INFINITY;
		if (fabs(a[i] - b[i]) > d)
			d = fabs(a[i] - b[i]);
	}
	return d;
}

static void
write_preds(const char *name, const double *out, long n, int nout)
{
	char path[512];
	FILE *f;
	long i;
	int j;

	snprintf(path, sizeof(path), "%s/%s.pred.csv", outdir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	for (i = 0; i < n; i++)
		for (j = 0; j < nout; j++)
			fprintf(f, "%.17g%c", out[i * nout + j],
			    j + 1 < nout ? ',' : '\n');
	fclose(f);
}

/*
 * Train model name as gen_xgb.py does and compare its predictions of the
 * test rows with python's; save it and its predictions in outdir; load
 * it back and predict the same.
 */
static void
test_same(const char *name, enum tp_task task, int nclass, const double *y,
    const double *w)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m, l;
	static double e[MAXROWS * 3], out[MAXROWS * 3], back[MAXROWS * 3];
	long n = nrow - NTRAIN, ne, i;
	char path[512];
	int nout = task == TP_TASK_CLASSES ? nclass : 1;
	int pyout = nclass == 2 ? 1 : nout;

	ne = read_expected(name, e, pyout);
	init(&m, task, nclass, keys, vals, NPARAMS);
	tap_ok(train(&m, y, w, &err) == 0 && tp_model_predict(&m, x + NTRAIN *
	    NF, n, out, &err) == 0, "%s: trains and predicts: %s", name,
	    err.msg);
	tap_ok(ne == n, "%s: %ld expected rows, %ld test rows", name, ne, n);
	if (pyout == 1 && nout == 2) {
		/* python gives p; tp gives 1 - p and p */
		for (i = 0; i < n; i++)
			back[i] = out[2 * i + 1];
		tap_ok(maxdiff(back, e, n) <= TOL, "%s: P(class 1) is python "
		    "xgboost's to 1e-6 (max diff %g)", name,
		    maxdiff(back, e, n));
		for (i = 0; i < n; i++)
			back[i] = 1 - e[i];
		for (i = 0; i < n; i++)
			e[i] = out[2 * i];
		tap_ok(maxdiff(back, e, n) <= TOL, "%s: P(class 0) is 1 - "
		    "python's", name);
	} else
		tap_ok(maxdiff(out, e, n * nout) <= TOL, "%s: predictions are "
		    "python xgboost's to 1e-6 (max diff %g)", name,
		    maxdiff(out, e, n * nout));
	snprintf(path, sizeof(path), "%s/%s.json", outdir, name);
	tap_ok(tp_model_save(&m, path, &err) == 0, "%s: saved: %s", name,
	    err.msg);
	write_preds(name, out, n, nout);
	init(&l, task, nclass, keys, vals, NPARAMS);
	tap_ok(tp_model_load(&l, path, &err) == 0 && tp_model_predict(&l,
	    x + NTRAIN * NF, n, back, &err) == 0 &&
	    memcmp(out, back, (size_t)(n * nout) * sizeof(*out)) == 0,
	    "%s: loaded back, the same predictions: %s", name, err.msg);
	tp_model_release(&l);
	tp_model_release(&m);
}

/* The binary model python saved loads and predicts as python did. */
static void
test_python_model(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	static double e[MAXROWS], out[MAXROWS * 2];
	long n = nrow - NTRAIN, i;
	double d = 0;

	read_expected("bin", e, 1);
	init(&m, TP_TASK_CLASSES, 2, NULL, NULL, 0);
	tap_ok(tp_model_load(&m, FIX "xgb_bin.json", &err) == 0 &&
	    tp_model_predict(&m, x + NTRAIN * NF, n, out, &err) == 0,
	    "python's model loads and predicts: %s", err.msg);
	for (i = 0; i < n; i++)
		if (fabs(out[2 * i + 1] - e[i]) > d)
			d = fabs(out[2 * i + 1] - e[i]);
	tap_ok(d <= TOL, "python's model: python's predictions (max diff %g)",
	    d);
	tp_model_release(&m);
}

/* Rows predicted one at a time, in one call over several batches of
 * 4096, and the same rows alone, give the same outputs. */
static void
test_batches(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	enum { N = 3 * 4096 + 7 };
	static double big[N * NF], out[N * 3], one[3];
	long i, bad = 0;

	for (i = 0; i < N; i++)
		memcpy(big + i * NF, x + (i % nrow) * NF, NF * sizeof(*x));
	init(&m, TP_TASK_CLASSES, 3, keys, vals, NPARAMS);
	tap_ok(train(&m, dir, NULL, &err) == 0 && tp_model_predict(&m, big, N,
	    out, &err) == 0, "%d rows in one call: %s", N, err.msg);
	for (i = 0; i < N; i += 997) {
		if (tp_model_predict(&m, big + i * NF, 1, one, &err) != 0 ||
		    memcmp(one, out + i * 3, sizeof(one)) != 0)
			bad++;
	}
	tap_ok(bad == 0 && memcmp(out, out + nrow * 3, 3 * sizeof(*out)) ==
	    0, "a row alone gives what it gave in the big call");
	tp_model_release(&m);
}

static long
file_bytes(const char *path, char **buf)
{
	FILE *f = fopen(path, "rb");
	long n;

	*buf = NULL;
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	rewind(f);
	*buf = malloc((size_t)n + 1);
	if (*buf == NULL || fread(*buf, 1, (size_t)n, f) != (size_t)n)
		n = -1;
	fclose(f);
	return n;
}

/* Training twice with the same data, parameters and seed saves the same
 * bytes. */
static void
test_same_bytes(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	char path[3][512], *b[3];
	long n[3];
	int k;
	/* subsampling rows and columns makes the seed matter */
	static const char *const k2[] = { "max_depth", "eta", "n_estimators",
	    "seed", "subsample", "colsample_bytree" };
	static const char *const v2[] = { "4", "0.1", "30", "7", "0.7", "0.5" };
	static const char *const v3[] = { "4", "0.1", "30", "8", "0.7", "0.5" };

	for (k = 0; k < 3; k++) {
		snprintf(path[k], sizeof(path[k]), "%s/same%d.json", tmpdir, k);
		init(&m, TP_TASK_REGRESSION, 0, k2, k < 2 ? v2 : v3, 6);
		if (train(&m, ret, wt, &err) != 0 || tp_model_save(&m, path[k],
		    &err) != 0)
			tap_ok(0, "train and save: %s", err.msg);
		tp_model_release(&m);
		n[k] = file_bytes(path[k], &b[k]);
	}
	tap_ok(n[0] > 0 && n[0] == n[1] && memcmp(b[0], b[1], (size_t)n[0]) ==
	    0, "trained twice: the same model bytes (%ld)", n[0]);
	tap_ok(n[2] > 0 && (n[2] != n[0] || memcmp(b[0], b[2], (size_t)n[0]) !=
	    0), "another seed: other bytes (the seed is used)");
	for (k = 0; k < 3; k++)
		free(b[k]);
}

/* nthread 1 and 2 give the same predictions and model bytes with
 * tree_method tm. */
static void
test_threads(const char *tm)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	const char *v[2][NPARAMS] = {
		{ "4", "0.1", "50", "1", "1", NULL },
		{ "4", "0.1", "50", "1", "2", NULL },
	};
	static double out[2][MAXROWS * 3];
	long n = nrow - NTRAIN, nb[2];
	char path[2][512], *b[2];
	int k, ok = 1;

	for (k = 0; k < 2; k++) {
		v[k][5] = tm;
		snprintf(path[k], sizeof(path[k]), "%s/threads%d.json", tmpdir,
		    k);
		init(&m, TP_TASK_CLASSES, 3, keys, v[k], NPARAMS);
		ok &= train(&m, dir, wt, &err) == 0 && tp_model_predict(&m,
		    x + NTRAIN * NF, n, out[k], &err) == 0 &&
		    tp_model_save(&m, path[k], &err) == 0;
		tp_model_release(&m);
		nb[k] = file_bytes(path[k], &b[k]);
	}
	tap_ok(ok && memcmp(out[0], out[1], (size_t)(n * 3) *
	    sizeof(out[0][0])) == 0, "tree_method %s: nthread 1 and 2 predict "
	    "the same%s%s", tm, err.msg[0] != '\0' ? ": " : "", err.msg);
	tap_ok(nb[0] > 0 && nb[0] == nb[1] && memcmp(b[0], b[1],
	    (size_t)nb[0]) == 0, "tree_method %s: and save the same bytes",
	    tm);
	free(b[0]);
	free(b[1]);
}

static int
write_file(const char *path, const char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fwrite(buf, 1, n, f) == n ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

/* Loading path fails with code, naming the file. */
static void
load_fails(const char *path, int code, const char *what)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;

	int rc;

	init(&m, TP_TASK_CLASSES, 2, NULL, NULL, 0);
	rc = tp_model_load(&m, path, &err);
	tap_ok(rc < 0 && err.code == code &&
	    err.file != NULL && strcmp(err.file, path) == 0 && m.impl == NULL,
	    "%s: %d naming the file: %s", what, err.code, err.msg);
	tp_model_release(&m);
}

/* A truncated, a corrupt, an empty, a missing model file. */
static void
test_bad_files(void)
{
	char *b, path[512], *rnd;
	long n, i, cut;
	uint32_t s = 12345;

	n = file_bytes(FIX "xgb_bin.json", &b);
	snprintf(path, sizeof(path), "%s/bad.json", tmpdir);
	for (cut = 1; cut < n; cut = cut * 3 + 1) {
		write_file(path, b, (size_t)cut);
		load_fails(path, TP_EX_DATAERR, cut < 100 ? "truncated to a "
		    "few bytes" : "truncated");
	}
	write_file(path, b, (size_t)(n - 3));
	load_fails(path, TP_EX_DATAERR, "the last 3 bytes cut");
	rnd = malloc(4096);
	for (i = 0; i < 4096; i++) {
		s = s * 1103515245u + 12345u;
		rnd[i] = (char)(s >> 16);
	}
	write_file(path, rnd, 4096);
	load_fails(path, TP_EX_DATAERR, "random bytes");
	rnd[0] = '{';
	write_file(path, rnd, 4096);
	load_fails(path, TP_EX_DATAERR, "random bytes after a {");
	memcpy(rnd, "{\"learner\": ", 12);
	write_file(path, rnd, 4096);
	load_fails(path, TP_EX_DATAERR, "random bytes as a learner");
	write_file(path, "{}", 2);
	load_fails(path, TP_EX_DATAERR, "an empty object");
	write_file(path, "", 0);
	load_fails(path, TP_EX_DATAERR, "an empty file");
	/* a model of 11 features where 12 are expected */
	snprintf(path, sizeof(path), "%s/none.json", tmpdir);
	load_fails(path, TP_EX_NOINPUT, "a missing file");
	free(rnd);
	free(b);
}

/* Refused at init, 78 naming it: an objective whose predictions are not
 * the task's outputs (XGBoost's objectives: its doc, parameter.rst). */
static int
refused(enum tp_task task, int nclass, const char *objective)
{
	static const char *const k[] = { "objective" };
	const char *v[] = { objective };
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	int rc;

	rc = tp_model_init(&m, "xgboost", task, nclass, NF, k, v, 1, &err);
	tp_model_release(&m);
	return rc < 0 && err.code == TP_EX_CONFIG && strstr(err.msg,
	    objective) != NULL && strstr(err.msg, task == TP_TASK_CLASSES ?
	    "multi:softprob" : "reg:squarederror") != NULL;
}

static void
test_objectives(void)
{
	static const char *const k[] = { "objective" }, *const v[] = {
	    "multi:softprob" };
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	double out[2 * 4];
	int i, ok;

	tap_ok(refused(TP_TASK_CLASSES, 2, "binary:logitraw"), "init: "
	    "binary:logitraw (margins, not probabilities) is refused (78)");
	tap_ok(refused(TP_TASK_CLASSES, 3, "multi:softmax"), "init: "
	    "multi:softmax (the class, not probabilities) is refused (78)");
	tap_ok(refused(TP_TASK_CLASSES, 3, "binary:logistic"), "init: "
	    "binary:logistic for 3 classes is refused (78)");
	tap_ok(refused(TP_TASK_CLASSES, 2, "reg:squarederror"), "init: a "
	    "regression's objective for classes is refused (78)");
	tap_ok(refused(TP_TASK_REGRESSION, 0, "binary:logistic") &&
	    refused(TP_TASK_REGRESSION, 0, "reg:logistic") &&
	    refused(TP_TASK_REGRESSION, 0, "count:poisson"), "init: for a "
	    "return, classifying objectives and those of labels of their "
	    "own range are refused (78)");
	tap_ok(!refused(TP_TASK_REGRESSION, 0, "reg:pseudohubererror") &&
	    !refused(TP_TASK_REGRESSION, 0, "reg:absoluteerror") &&
	    !refused(TP_TASK_CLASSES, 3, "multi:softprob"), "init: the "
	    "objectives that give the outputs are taken");
	/* multi:softprob for 2 classes: num_class 2 unless given */
	ok = init(&m, TP_TASK_CLASSES, 2, k, v, 1) == 0 && train(&m, up, NULL,
	    &err) == 0 && tp_model_predict(&m, x, 4, out, &err) == 0;
	for (i = 0; ok && i < 4; i++)
		ok = fabs(out[2 * i] + out[2 * i + 1] - 1) < 1e-6;
	tap_ok(ok, "multi:softprob for 2 classes: each class's probability "
	    "(%s)", err.msg);
	tp_model_release(&m);
}

static void
test_errors(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	double out[3];
	static const char *const k1[] = { "n_estimators" }, *const v0[] = {
	    "0" }, *const k2[] = { "max_depth" }, *const v2[] = { "deep" },
	    *const k3[] = { "objective", "n_estimators" }, *const v3[] = {
	    "multi:softmax", "2" };
	static double bad[NTRAIN];
	struct tp_dataset d = { x, bad, NULL, NTRAIN, NF };
	char path[512];
	int rc;

	init(&m, TP_TASK_REGRESSION, 0, k1, v0, 1);
	tap_ok(train(&m, ret, NULL, &err) < 0 && err.code == TP_EX_CONFIG &&
	    strstr(err.msg, "n_estimators") != NULL, "n_estimators 0: %s",
	    err.msg);
	tp_model_release(&m);
	err = (struct tp_err)TP_ERR_INIT;
	init(&m, TP_TASK_REGRESSION, 0, k2, v2, 1);
	tap_ok(train(&m, ret, NULL, &err) < 0 && err.code == TP_EX_CONFIG &&
	    strstr(err.msg, "max_depth") != NULL && strchr(err.msg, '\n') ==
	    NULL && m.impl == NULL, "max_depth deep: %s", err.msg);
	tp_model_release(&m);
	err = (struct tp_err)TP_ERR_INIT;
	memcpy(bad, dir, sizeof(bad));
	bad[9] = 3;
	init(&m, TP_TASK_CLASSES, 3, NULL, NULL, 0);
	tap_ok(tp_model_train(&m, &d, &err) < 0 && err.code == TP_EX_DATAERR,
	    "a label 3 of 3 classes: %s", err.msg);
	err = (struct tp_err)TP_ERR_INIT;
	tap_ok(tp_model_predict(&m, x, 1, out, &err) < 0 && err.code ==
	    TP_EX_SOFTWARE, "predicting untrained: %s", err.msg);
	tp_model_release(&m);
	/* a model of 11 features loaded as one of 12 */
	err = (struct tp_err)TP_ERR_INIT;
	tp_model_init(&m, "xgboost", TP_TASK_CLASSES, 2, NF + 1, NULL, NULL, 0,
	    &err);
	tap_ok(tp_model_load(&m, FIX "xgb_bin.json", &err) < 0 && err.code ==
	    TP_EX_DATAERR && m.impl == NULL, "a model of other features: %s",
	    err.msg);
	tp_model_release(&m);
	/* an objective of one output, the class, for 3 classes */
	err = (struct tp_err)TP_ERR_INIT;
	init(&m, TP_TASK_CLASSES, 3, k3, v3, 2);
	rc = train(&m, dir, NULL, &err);
	tap_ok(rc < 0 && err.code == TP_EX_CONFIG && m.impl == NULL,
	    "objective multi:softmax for 3 classes' probabilities: %s",
	    err.msg);
	tp_model_release(&m);
	test_objectives();
	/* the regression model test_same() saved, loaded as 3 classes */
	err = (struct tp_err)TP_ERR_INIT;
	snprintf(path, sizeof(path), "%s/reg.json", outdir);
	init(&m, TP_TASK_CLASSES, 3, NULL, NULL, 0);
	rc = tp_model_load(&m, path, &err);
	tap_ok(rc < 0 && err.code == TP_EX_DATAERR && err.file != NULL &&
	    strcmp(err.file, path) == 0 && m.impl == NULL, "a regression "
	    "loaded as 3 classes: %s", err.msg);
	tp_model_release(&m);
}

/* What is in tmpdir is ours alone. */
static void
remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	if (d != NULL)
		closedir(d);
	if (rmdir(tmpdir) != 0)
		tap_ok(0, "removing %s", tmpdir);
}

/* ---- benchmark ---- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The columns of header line hdr that are m's features, in its order:
 * col[j] is feature j's; -1 when one is missing. */
static int
bench_columns(char *hdr, const struct tp_mmeta *m, int *col)
{
	char *name, *save = NULL;
	int c, j;

	for (j = 0; j < m->nf; j++)
		col[j] = -1;
	hdr[strcspn(hdr, "\r\n")] = '\0';
	for (c = 0, name = strtok_r(hdr, ",", &save); name != NULL;
	    c++, name = strtok_r(NULL, ",", &save))
		for (j = 0; j < m->nf; j++)
			if (strcmp(name, m->features[j]) == 0)
				col[j] = c;
	for (j = 0; j < m->nf; j++)
		if (col[j] < 0) {
			printf("bench: no column %s\n", m->features[j]);
			return -1;
		}
	return 0;
}

/* Row line's features into x, z-scored as tp_mpred does (NaN when
 * empty); the cells are plain numbers (no quotes). */
static void
bench_row(char *line, const struct tp_mmeta *m, const int *col, double *x)
{
	char *p = line, *end;
	int c, j;

	for (j = 0; j < m->nf; j++)
		x[j] = NAN;
	for (c = 0; p != NULL; c++) {
		for (j = 0; j < m->nf; j++)
			if (col[j] == c && *p != ',' && *p != '\n' &&
			    *p != '\0') {
				x[j] = (strtod(p, &end) - m->mean[j]) /
				    m->sd[j];
			}
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
}

/* The rows of path, z-scored, into *x; their number, or -1. */
static long
bench_rows(const char *path, const struct tp_mmeta *m, double **x)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0, room = 0;
	int *col = malloc((size_t)m->nf * sizeof(*col));
	double *v;

	*x = NULL;
	if (f == NULL || col == NULL || getline(&line, &cap, f) < 0 ||
	    bench_columns(line, m, col) < 0)
		n = -1;
	while (n >= 0 && getline(&line, &cap, f) >= 0) {
		if (n == room) {
			room = room ? 2 * room : 4096;
			v = realloc(*x, (size_t)room * (size_t)m->nf *
			    sizeof(*v));
			if (v == NULL) {
				n = -1;
				break;
			}
			*x = v;
		}
		bench_row(line, m, col, *x + n * m->nf);
		n++;
	}
	if (f != NULL)
		fclose(f);
	free(line);
	free(col);
	return n;
}

/* Seconds of the best of 5 predictions of all n rows of x, by batches
 * of b rows (the last shorter). */
static double
bench_time(const struct tp_model *m, const double *x, long n, long b,
    double *out)
{
	struct tp_err err = TP_ERR_INIT;
	double t, best = 1e9;
	long i;
	int run;

	for (run = 0; run < 5; run++) {
		t = now();
		for (i = 0; i < n; i += b)
			if (tp_model_predict(m, x + i * m->nf, n - i < b ?
			    n - i : b, out + i * m->nout, &err) != 0) {
				printf("bench: %s\n", err.msg);
				return -1;
			}
		t = now() - t;
		if (t < best)
			best = t;
	}
	return best;
}

static int
bench(const char *ver, const char *csv)
{
	static const char *const bkeys[] = { "nthread" }, *const bvals[] = {
	    "1" };
	struct tp_err err = TP_ERR_INIT;
	struct tp_mmeta meta;
	struct tp_model m;
	char path[4096];
	double *rows, *out, t;
	long n, b[] = { TP_MPRED_BATCH, 0 };
	int k, rc = 1;

	memset(&m, 0, sizeof(m));
	snprintf(path, sizeof(path), "%s/meta.json", ver);
	if (tp_mmeta_load(&meta, path, &err) == 0 &&
	    tp_model_init(&m, meta.kind, meta.task, meta.nclass, meta.nf,
	    bkeys, bvals, 1, &err) == 0) {
		snprintf(path, sizeof(path), "%s/%s", ver, m.kind->file);
		tp_model_load(&m, path, &err);
	}
	if (err.code != 0) {
		printf("bench: %s\n", err.msg);
		goto done;
	}
	if ((n = bench_rows(csv, &meta, &rows)) <= 0 ||
	    (out = malloc((size_t)n * (size_t)m.nout * sizeof(*out))) ==
	    NULL) {
		printf("bench: no rows read from %s\n", csv);
		goto done;
	}
	b[1] = n;
	for (k = 0; k < 2; k++) {
		if ((t = bench_time(&m, rows, n, b[k], out)) < 0)
			break;
		printf("%s predict alone, %ld rows of %d features, %s %ld: "
		    "%.3f s, %.3f M rows/s, %.0f ns a row\n", meta.kind, n,
		    meta.nf, k == 0 ? "batches of" : "one call of", b[k], t,
		    (double)n / t * 1e-6, t * 1e9 / (double)n);
	}
	rc = k == 2 ? 0 : 1;
	free(out);
	free(rows);
done:
	tp_model_release(&m);
	tp_mmeta_release(&meta);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--bench") == 0)
		return bench(argv[2], argv[3]);
	outdir = argc > 1 ? argv[1] : getenv("TP_MODEL_OUT");
	if (mkdtemp(tmpdir) == NULL || read_features() != 0) {
		tap_ok(0, "a temporary folder and " FIX "features.csv");
		return tap_done();
	}
	if (outdir == NULL || *outdir == '\0')
		outdir = tmpdir;
	tap_ok(nrow > NTRAIN, "%ld rows of features", nrow);
	test_same("reg", TP_TASK_REGRESSION, 0, ret, NULL);
	test_same("regw", TP_TASK_REGRESSION, 0, ret, wt);
	test_same("bin", TP_TASK_CLASSES, 2, up, NULL);
	test_same("cls", TP_TASK_CLASSES, 3, dir, NULL);
	test_python_model();
	test_batches();
	test_same_bytes();
	test_threads("hist");
	test_threads("exact");
	test_bad_files();
	test_errors();
	remove_tmpdir();
	return tap_done();
}
