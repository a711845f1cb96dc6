/*
 * test_model_logit.c: the logistic kind of model (lib/model/tp_logit.c)
 * against sklearn 1.2.1's LogisticRegression on real data.
 *
 * tests/fixtures/model/logit_features.csv holds 2,000 rows of BTC/USDT
 * 1h indicators, labels and FreqAI recency weights;
 * tests/fixtures/model/logit_expected.txt sklearn's fits on its first
 * 1,600 rows (tests/model/gen_logit.py, whose comment says why): the
 * coefficients and intercepts of newton-cg, held to 1e-5, those of lbfgs,
 * held to 3e-4 (where scipy's L-BFGS-B stops), and the probabilities of
 * the last 400 rows, held to 1e-6.  Coefficients are read back from the
 * model file tp saves.  Then the file's round trip, corrupt files, NaN,
 * parameters and data tp refuses.
 *
 * Run from the repository's root (scripts/run-tests does).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "model/tp_model.h"
#include "tap.h"

#define FEATURES "tests/fixtures/model/logit_features.csv"
#define EXPECTED "tests/fixtures/model/logit_expected.txt"
#define NF 12
#define ROWS 2000
#define TRAIN 1600
#define TEST (ROWS - TRAIN)

/* The data set: NF features, then the labels y2, y3, ys, and w. */
static double x[ROWS * NF], y2[ROWS], y3[ROWS], ys[ROWS], w[ROWS];

/* One case of the expected file. */
struct expect {
	char name[32], label[8];
	int weighted, train, nclass, nvec;
	double C;
	double coef[3][NF], icept[3], lcoef[3][NF], licept[3];
	double prob[TEST][3];
};

static char dir[] = "/tmp/test_model_logit.XXXXXX";
static char path[4096];

static int
read_features(void)
{
	FILE *f = fopen(FEATURES, "r");
	char head[1024];
	int i, j, ok = f != NULL && fgets(head, sizeof(head), f) != NULL;

	for (i = 0; ok && i < ROWS; i++) {
		for (j = 0; ok && j < NF; j++)
			ok = fscanf(f, "%lf,", &x[i * NF + j]) == 1;
		ok = ok && fscanf(f, "%lf,%lf,%lf,%lf", &y2[i], &y3[i], &ys[i],
		    &w[i]) == 4;
	}
	if (f != NULL)
		fclose(f);
	return ok;
}

/* n numbers after the word key on the next line of f. */
static int
read_line(FILE *f, const char *key, double *v, int n)
{
	char word[32];
	int k;

	if (fscanf(f, "%31s", word) != 1 || strcmp(word, key) != 0)
		return 0;
	for (k = 0; k < n; k++)
		if (fscanf(f, "%lf", &v[k]) != 1)
			return 0;
	return 1;
}

static int
read_case(FILE *f, struct expect *e)
{
	int k, i, ok;

	ok = fscanf(f, " case %31s %7s %d %lf %d %d", e->name, e->label,
	    &e->weighted, &e->C, &e->train, &e->nclass) == 6;
	e->nvec = e->nclass == 2 ? 1 : e->nclass;
	for (k = 0; ok && k < e->nvec; k++)
		ok = read_line(f, "coef", e->coef[k], NF);
	ok = ok && read_line(f, "intercept", e->icept, e->nvec);
	for (k = 0; ok && k < e->nvec; k++)
		ok = read_line(f, "lbfgs_coef", e->lcoef[k], NF);
	ok = ok && read_line(f, "lbfgs_intercept", e->licept, e->nvec);
	for (i = 0; ok && i < TEST; i++)
		ok = read_line(f, "prob", e->prob[i], e->nclass);
	return ok && e->train == TRAIN;
}

/* Skip the comment lines at the top of f. */
static void
skip_comments(FILE *f)
{
	int c;

	while ((c = getc(f)) == '#')
		while ((c = getc(f)) != EOF && c != '\n')
			continue;
	ungetc(c, f);
}

static char *
file_path(const char *name)
{
	snprintf(path, sizeof(path), "%s/%.64s", dir, name);
	return path;
}

/* The coefficients (nvec rows of NF) and intercepts of a saved model. */
static int
saved_coefs(const char *file, int nvec, double coef[][NF], double *icept)
{
	json_t *root = json_load_file(file, JSON_DECODE_INT_AS_REAL, NULL);
	json_t *co = json_object_get(root, "coefficients");
	json_t *ic = json_object_get(root, "intercepts");
	int k, j, ok = json_array_size(co) == (size_t)nvec &&
	    json_array_size(ic) == (size_t)nvec;

	for (k = 0; ok && k < nvec; k++) {
		json_t *row = json_array_get(co, (size_t)k);

		ok = json_array_size(row) == NF;
		for (j = 0; ok && j < NF; j++)
			coef[k][j] = json_real_value(json_array_get(row,
			    (size_t)j));
		icept[k] = json_real_value(json_array_get(ic, (size_t)k));
	}
	json_decref(root);
	return ok;
}

/* The largest difference of a from the expected b, relative where
 * |b| > 1. */
static double
max_diff(const double *a, const double *b, int n)
{
	double m = 0, d;
	int i;

	for (i = 0; i < n; i++) {
		d = fabs(a[i] - b[i]) / fmax(1, fabs(b[i]));
		m = d > m ? d : m;
	}
	return m;
}

/*
 * At the multinomial optimum the three vectors sum to 0 (adding a vector
 * to all three changes only the penalty), and the intercepts, which no
 * penalty picks, sum to 0 as sklearn's do.
 */
static void
sums_zero(double coef[][NF], const double *icept)
{
	double m = fabs(icept[0] + icept[1] + icept[2]);
	int j;

	for (j = 0; j < NF; j++)
		m = fmax(m, fabs(coef[0][j] + coef[1][j] + coef[2][j]));
	tap_ok(m < 1e-9, "multinomial: the vectors and the intercepts sum "
	    "to 0 (%.2g)", m);
}

static int
train_case(struct tp_model *m, const struct expect *e, const char *Cval,
    struct tp_err *err)
{
	static const char *const keys[] = { "C" };
	const char *vals[] = { Cval };
	struct tp_dataset d = { x, strcmp(e->label, "y3") == 0 ? y3 :
	    strcmp(e->label, "ys") == 0 ? ys : y2, e->weighted ? w : NULL,
	    TRAIN, NF };

	/* C = 1 is the default: no parameter */
	if (tp_model_init(m, "logistic", TP_TASK_CLASSES, e->nclass, NF,
	    keys, vals, e->C != 1, err) < 0)
		return -1;
	return tp_model_train(m, &d, err);
}

static void
test_case(const struct expect *e)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m, m2;
	double coef[3][NF], icept[3], dc = 0, dl = 0, dp = 0;
	static double out[TEST * 3], out2[TEST * 3];
	char Cval[32];
	int k, i;

	snprintf(Cval, sizeof(Cval), "%.17g", e->C);
	if (!tap_ok(train_case(&m, e, Cval, &err) == 0, "%s: trains (%s)",
	    e->name, err.msg))
		return;
	tap_ok(tp_model_save(&m, file_path(e->name), &err) == 0 &&
	    saved_coefs(path, e->nvec, coef, icept), "%s: saved", e->name);
	for (k = 0; k < e->nvec; k++) {
		dc = fmax(dc, max_diff(coef[k], e->coef[k], NF));
		dl = fmax(dl, max_diff(coef[k], e->lcoef[k], NF));
	}
	dc = fmax(dc, max_diff(icept, e->icept, e->nvec));
	dl = fmax(dl, max_diff(icept, e->licept, e->nvec));
	tap_ok(dc <= 1e-5, "%s: coefficients as sklearn newton-cg's to "
	    "1e-5 (%.2g, relative over 1)", e->name, dc);
	tap_ok(dl <= 3e-4, "%s: coefficients as sklearn lbfgs's to 3e-4 "
	    "(%.2g, relative over 1)", e->name, dl);
	if (e->nvec == 3)
		sums_zero(coef, icept);
	tap_ok(tp_model_predict(&m, x + TRAIN * NF, TEST, out, &err) == 0,
	    "%s: predicts", e->name);
	for (i = 0; i < TEST; i++)
		dp = fmax(dp, max_diff(out + i * e->nclass, e->prob[i],
		    e->nclass));
	tap_ok(dp <= 1e-6, "%s: probabilities as sklearn's to 1e-6 (%.2g)",
	    e->name, dp);

	/* the file gives back the same model, bit for bit */
	tp_model_init(&m2, "logistic", TP_TASK_CLASSES, e->nclass, NF, NULL,
	    NULL, 0, &err);
	tap_ok(tp_model_load(&m2, path, &err) == 0 &&
	    tp_model_predict(&m2, x + TRAIN * NF, TEST, out2, &err) == 0 &&
	    memcmp(out, out2, sizeof(double) * TEST * (size_t)e->nclass) == 0,
	    "%s: loaded, predicts the same bits", e->name);
	tp_model_release(&m2);
	tp_model_release(&m);
}

static char *
slurp(const char *file, size_t *n)
{
	FILE *f = fopen(file, "rb");
	char *p = malloc(1 << 16);

	*n = f != NULL && p != NULL ? fread(p, 1, (1 << 16) - 1, f) : 0;
	if (p != NULL)
		p[*n] = '\0';
	if (f != NULL)
		fclose(f);
	return p;
}

static void
spit(const char *file, const char *p, size_t n)
{
	FILE *f = fopen(file, "wb");

	if (f != NULL) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
}

#define HEAD "{\"kind\": \"logistic\", \"version\": 1, \"nclass\": 3, " \
	"\"nf\": 12, \"C\": 0.2,"

/* The same data, trained twice and saved, loaded and saved again: the
 * same bytes each time. */
static void
test_same_bytes(const struct expect *e)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	char a[4096], b[4096], c[4096], *pa, *pb, *pc;
	size_t na, nb, nc;

	snprintf(a, sizeof(a), "%s", file_path("a.json"));
	snprintf(b, sizeof(b), "%s", file_path("b.json"));
	snprintf(c, sizeof(c), "%s", file_path("c.json"));
	train_case(&m, e, "0.2", &err);
	tp_model_save(&m, a, &err);
	tp_model_release(&m);
	train_case(&m, e, "0.2", &err);
	tp_model_save(&m, b, &err);
	tp_model_release(&m);
	tp_model_init(&m, "logistic", TP_TASK_CLASSES, e->nclass, NF, NULL,
	    NULL, 0, &err);
	tp_model_load(&m, a, &err);
	tp_model_save(&m, c, &err);
	tp_model_release(&m);
	pa = slurp(a, &na), pb = slurp(b, &nb), pc = slurp(c, &nc);
	tap_ok(err.code == 0 && na > 0 && na == nb && na == nc &&
	    memcmp(pa, pb, na) == 0 && memcmp(pa, pc, na) == 0, "%s: the "
	    "same data give the same file; its round trip too (%s)", e->name,
	    err.msg);
	tap_ok(strncmp(pa, HEAD, strlen(HEAD)) == 0, "the file begins "
	    "with its shape, C in its shortest form");
	free(pa), free(pb), free(pc);
}

/* Load text as a model of nclass classes over nf features: the error's
 * code, which must name the file, and the model must stay unloaded. */
static int
load_text(const char *text, size_t n, int nclass, int nf, char *msg)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	double out[3];
	int rc;

	spit(file_path("bad.json"), text, n);
	tp_model_init(&m, "logistic", TP_TASK_CLASSES, nclass, nf, NULL, NULL,
	    0, &err);
	rc = tp_model_load(&m, path, &err);
	if (rc == 0) {
		tp_model_release(&m);
		return 0;
	}
	if (err.file == NULL || strcmp(err.file, path) != 0)
		return -1;
	if (tp_model_predict(&m, x, 1, out, &err) == 0)
		return -2;	/* half a model */
	snprintf(msg, 480, "%s", err.msg);
	tp_model_release(&m);
	return err.code;
}

static void
test_corrupt(void)
{
	static const struct {
		const char *what, *text;
	} bad[] = {
		{ "empty", "" },
		{ "not JSON", "model" },
		{ "an array", "[1, 2]" },
		{ "another kind", "{\"kind\": \"xgboost\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0]}" },
		{ "no version", "{\"kind\": \"logistic\", "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0]}" },
		{ "3 classes, not 2", "{\"kind\": \"logistic\", \"version\": 1,"
		    " \"nclass\": 3, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2], [1, 2], [1, 2]], \"intercepts\": [0, 0, 0]}" },
		{ "3 features, not 2", "{\"kind\": \"logistic\", \"version\":"
		    " 1, \"nclass\": 2, \"nf\": 3, \"C\": 1, \"coefficients\": "
		    "[[1, 2, 3]], \"intercepts\": [0]}" },
		{ "a fractional nf", "{\"kind\": \"logistic\", \"version\": 1,"
		    " \"nclass\": 2, \"nf\": 2.5, \"C\": 1, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0]}" },
		{ "C of 0", "{\"kind\": \"logistic\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 0, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0]}" },
		{ "C a string", "{\"kind\": \"logistic\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": \"1\", \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0]}" },
		{ "a coefficient short", "{\"kind\": \"logistic\", \"version\":"
		    " 1, \"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1]], \"intercepts\": [0]}" },
		{ "two rows for 2 classes", "{\"kind\": \"logistic\", "
		    "\"version\": 1, \"nclass\": 2, \"nf\": 2, \"C\": 1, "
		    "\"coefficients\": [[1, 2], [3, 4]], \"intercepts\": "
		    "[0]}" },
		{ "a coefficient null", "{\"kind\": \"logistic\", \"version\":"
		    " 1, \"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, null]], \"intercepts\": [0]}" },
		{ "a coefficient a string", "{\"kind\": \"logistic\", "
		    "\"version\": 1, \"nclass\": 2, \"nf\": 2, \"C\": 1, "
		    "\"coefficients\": [[1, \"2\"]], \"intercepts\": [0]}" },
		{ "a coefficient too large", "{\"kind\": \"logistic\", "
		    "\"version\": 1, \"nclass\": 2, \"nf\": 2, \"C\": 1, "
		    "\"coefficients\": [[1, 1e999]], \"intercepts\": [0]}" },
		{ "no intercepts", "{\"kind\": \"logistic\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2]]}" },
		{ "two intercepts", "{\"kind\": \"logistic\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0, 1]}" },
		{ "an unknown key", "{\"kind\": \"logistic\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0], \"bias\": 3}" },
		{ "a key twice", "{\"kind\": \"logistic\", \"version\": 1, "
		    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
		    "[[1, 2]], \"intercepts\": [0], \"C\": 2}" },
	};
	static const char good[] = "{\"kind\": \"logistic\", \"version\": 1, "
	    "\"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": [[1, 2]], "
	    "\"intercepts\": [0]}";
	static const char newer[] = "{\"kind\": \"logistic\", \"version\": "
	    "2, \"nclass\": 2, \"nf\": 2, \"C\": 1, \"coefficients\": "
	    "[[1, 2]], \"intercepts\": [0]}", newer_keys[] = "{\"kind\": "
	    "\"logistic\", \"version\": 2, \"nclass\": 2, \"nf\": 2, "
	    "\"C\": 1, \"coefficients\": [[1, 2]], \"intercepts\": [0], "
	    "\"scaler\": \"none\"}";
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	char msg[480] = "";
	size_t i, n, cut, fails = 0;
	int rc;

	tap_ok(load_text(good, strlen(good), 2, 2, msg) == 0, "a file "
	    "written by hand loads");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = load_text(bad[i].text, strlen(bad[i].text), 2, 2, msg);
		tap_ok(rc == TP_EX_DATAERR, "corrupt file, %s: refused (65, "
		    "naming the file): %d: %s", bad[i].what, rc, msg);
	}
	/* A newer tp's file is a configuration to change (78), as a newer
	 * meta.json or xgboost's (issue 24), even with keys of its own. */
	rc = load_text(newer, strlen(newer), 2, 2, msg);
	tap_ok(rc == TP_EX_CONFIG && strstr(msg, "newer tp") != NULL,
	    "a newer version: 78, from a newer tp: %d: %s", rc, msg);
	rc = load_text(newer_keys, strlen(newer_keys), 2, 2, msg);
	tap_ok(rc == TP_EX_CONFIG && strstr(msg, "newer tp") != NULL, "a "
	    "newer version with a key of its own: 78: %d: %s", rc, msg);
	/* every cut of a file tp wrote */
	n = strlen(good);
	for (cut = 0; cut < n; cut++)
		if (load_text(good, cut, 2, 2, msg) != TP_EX_DATAERR)
			fails++;
	tap_ok(fails == 0, "each of the %zu truncations of a model file is "
	    "refused (65, naming the file)", n);
	tp_model_init(&m, "logistic", TP_TASK_CLASSES, 2, 2, NULL, NULL, 0,
	    &err);
	tap_ok(tp_model_load(&m, file_path("none.json"), &err) < 0 &&
	    err.code == TP_EX_NOINPUT, "a missing file is 66 (%s)", err.msg);
}

/* NaN in training is refused; in prediction it gives NaN for its row. */
static void
test_nan(void)
{
	struct tp_err err = TP_ERR_INIT;
	static double xs[TRAIN * NF], out[3 * 3];
	struct tp_dataset d = { xs, y3, w, TRAIN, NF };
	double rows[3 * NF];
	struct tp_model m;
	int k;

	memcpy(xs, x, sizeof(xs));
	xs[7 * NF + 4] = NAN;
	tp_model_init(&m, "logistic", TP_TASK_CLASSES, 3, NF, NULL, NULL, 0,
	    &err);
	tap_ok(tp_model_train(&m, &d, &err) < 0 && err.code ==
	    TP_EX_DATAERR && strstr(err.msg, "row 8, feature 5") != NULL,
	    "a NaN feature is refused in training: %s", err.msg);
	tp_err_clear(&err);
	xs[7 * NF + 4] = x[7 * NF + 4];
	tp_model_train(&m, &d, &err);
	memcpy(rows, x, sizeof(rows));
	rows[NF + 3] = NAN;
	tap_ok(tp_model_predict(&m, rows, 3, out, &err) == 0 &&
	    isnan(out[3]) && isnan(out[4]) && isnan(out[5]) &&
	    !isnan(out[0]) && !isnan(out[6]), "a row with a NaN feature "
	    "predicts NaN, the rows beside it do not");
	for (k = 0; k < 3; k += 2)
		tap_ok(fabs(out[3 * k] + out[3 * k + 1] + out[3 * k + 2] - 1) <
		    1e-12, "row %d: probabilities sum to 1", k + 1);
	tp_model_release(&m);
}

/*
 * Two rows that one feature separates, x = -1 of class 0, x = 1 of
 * class 1, and a large C: by symmetry the intercept is 0 and the loss is
 * 2 C log(1 + e^-beta) + beta^2 / 2, least where beta (1 + e^beta) = 2 C.
 */
static void
test_separable(void)
{
	static const char *const keys[] = { "C" }, *const vals[] = { "1e4" };
	static const double xs[] = { -1, 1 }, ysep[] = { 0, 1 };
	struct tp_dataset d = { xs, ysep, NULL, 2, 1 };
	struct tp_err err = TP_ERR_INIT;
	double coef[1][NF], icept[1];
	struct tp_model m;
	json_t *root;

	tp_model_init(&m, "logistic", TP_TASK_CLASSES, 2, 1, keys, vals, 1,
	    &err);
	tap_ok(tp_model_train(&m, &d, &err) == 0 &&
	    tp_model_save(&m, file_path("sep.json"), &err) == 0, "a separable "
	    "set trains (%s)", err.msg);
	root = json_load_file(path, JSON_DECODE_INT_AS_REAL, NULL);
	coef[0][0] = json_real_value(json_array_get(json_array_get(
	    json_object_get(root, "coefficients"), 0), 0));
	icept[0] = json_real_value(json_array_get(json_object_get(root,
	    "intercepts"), 0));
	json_decref(root);
	unlink(path);
	tap_ok(fabs(coef[0][0] * (1 + exp(coef[0][0])) / 2e4 - 1) < 1e-9 &&
	    fabs(icept[0]) < 1e-9, "its beta (%.17g) solves beta (1 + e^beta)"
	    " = 2 C, its intercept (%.2g) is 0", coef[0][0], icept[0]);
	tp_model_release(&m);
}

static int
param_error(const char *key, const char *val, const char *want)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_dataset d = { x, y2, NULL, TRAIN, NF };
	const char *keys[] = { key }, *vals[] = { val };
	struct tp_model m;
	int rc;

	tp_model_init(&m, "logistic", TP_TASK_CLASSES, 2, NF, keys, vals, 1,
	    &err);
	rc = tp_model_train(&m, &d, &err) < 0 && err.code == TP_EX_CONFIG &&
	    strstr(err.msg, want) != NULL;
	tp_model_release(&m);
	return tap_ok(rc, "%s = %s: refused (78): %s", key, val, err.msg);
}

static void
test_params(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_dataset d = { x, y2, NULL, TRAIN, NF };
	double yb[TRAIN];
	struct tp_model m;
	int i;

	param_error("penalty", "l1", "\"penalty\"");
	param_error("C", "0", "\"C\"");
	param_error("C", "-1", "\"C\"");
	param_error("C", "one", "\"C\"");
	param_error("tol", "0", "\"tol\"");
	param_error("max_iter", "0", "\"max_iter\"");
	param_error("max_iter", "2.5", "\"max_iter\"");

	tp_model_init(&m, "logistic", TP_TASK_REGRESSION, 1, NF, NULL, NULL,
	    0, &err);
	tap_ok(tp_model_train(&m, &d, &err) < 0 && err.code == TP_EX_CONFIG &&
	    strstr(err.msg, "xgboost") != NULL, "a regression is refused: %s",
	    err.msg);
	tp_err_clear(&err);
	tap_ok(tp_model_load(&m, file_path("binary"), &err) < 0 &&
	    err.code == TP_EX_CONFIG, "a regression's load is refused too");
	tp_err_clear(&err);

	tp_model_init(&m, "logistic", TP_TASK_CLASSES, 2, NF, NULL, NULL, 0,
	    &err);
	memcpy(yb, y2, sizeof(yb));
	yb[9] = 2;
	d.y = yb;
	tap_ok(tp_model_train(&m, &d, &err) < 0 && err.code == TP_EX_DATAERR,
	    "a label of class 2 in a binary model is refused: %s", err.msg);
	tp_err_clear(&err);
	for (i = 0; i < TRAIN; i++)
		yb[i] = 1;
	tap_ok(tp_model_train(&m, &d, &err) < 0 && err.code == TP_EX_DATAERR,
	    "a class with no rows is refused: %s", err.msg);
	tp_err_clear(&err);
	tap_ok(tp_model_predict(&m, x, 1, yb, &err) < 0 &&
	    err.code == TP_EX_SOFTWARE, "an untrained model does not "
	    "predict");
	tp_model_release(&m);
}

int
main(void)
{
	static struct expect e[4];
	FILE *f;
	int i, ok;

	if (!tap_ok(read_features(), "read " FEATURES) ||
	    mkdtemp(dir) == NULL)
		return tap_done();
	f = fopen(EXPECTED, "r");
	ok = f != NULL;
	if (ok)
		skip_comments(f);
	for (i = 0; ok && i < 4; i++)
		ok = read_case(f, &e[i]);
	if (f != NULL)
		fclose(f);
	if (!tap_ok(ok, "read " EXPECTED))
		return tap_done();
	for (i = 0; i < 4; i++)
		test_case(&e[i]);
	test_same_bytes(&e[1]);
	test_corrupt();
	test_nan();
	test_separable();
	test_params();
	/* what the tests wrote */
	for (i = 0; i < 4; i++)
		unlink(file_path(e[i].name));
	unlink(file_path("a.json")), unlink(file_path("b.json"));
	unlink(file_path("c.json")), unlink(file_path("bad.json"));
	rmdir(dir);
	return tap_done();
}
