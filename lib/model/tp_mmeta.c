/*
 * tp_mmeta.c: a model version's meta.json (tp_mmeta.h).
 */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/tp_jansson.h"
#include "model/tp_mmeta.h"
#include "rec/tp_write.h"

static const char *const labels[] = { "return", "binary", "three_way" };

static json_t *
to_json(const struct tp_mmeta *m)
{
	json_t *root = json_object(), *f = json_array(), *sc = json_object();
	int k, rc = root == NULL || f == NULL || sc == NULL;

	for (k = 0; !rc && k < m->nf; k++)
		rc = json_array_append_new(f, json_string(m->features[k])) < 0;
	rc = rc ||
	    json_object_set_new(sc, "rows", json_integer(m->score.n)) < 0 ||
	    (m->task == TP_TASK_CLASSES ?
	    json_object_set_new(sc, "logloss",
	    tp_jansson_real_or_null(m->score.logloss)) < 0 ||
	    json_object_set_new(sc, "accuracy",
	    tp_jansson_real_or_null(m->score.accuracy)) < 0 ||
	    json_object_set_new(sc, "auc",
	    tp_jansson_real_or_null(m->score.auc)) < 0 :
	    json_object_set_new(sc, "rmse",
	    tp_jansson_real_or_null(m->score.rmse)) < 0);
	rc = rc ||
	    json_object_set_new(root, "format", json_integer(m->format)) < 0 ||
	    json_object_set_new(root, "tp_version",
	    json_string(m->tp_version)) < 0 ||
	    json_object_set_new(root, "kind", json_string(m->kind)) < 0 ||
	    json_object_set_new(root, "classes", json_integer(
	    m->task == TP_TASK_CLASSES ? m->nclass : 0)) < 0 ||
	    json_object_set_new(root, "features", f) < 0 ||
	    json_object_set_new(root, "mean",
	    tp_jansson_reals(m->mean, (size_t)m->nf)) < 0 ||
	    json_object_set_new(root, "sd",
	    tp_jansson_reals(m->sd, (size_t)m->nf)) < 0 ||
	    json_object_set_new(root, "label", json_string(labels[m->label]))
	    < 0 ||
	    json_object_set_new(root, "horizon", json_integer(m->horizon)) < 0
	    || json_object_set_new(root, "threshold", json_real(m->threshold))
	    < 0 ||
	    json_object_set_new(root, "from", json_integer(m->from)) < 0 ||
	    json_object_set_new(root, "to", json_integer(m->to)) < 0 ||
	    json_object_set_new(root, "rows", json_integer(m->rows)) < 0 ||
	    json_object_set_new(root, "train_rows", json_integer(m->ntrain)) < 0
	    || json_object_set_new(root, "data_hash", json_string(m->hash)) < 0
	    || json_object_set_new(root, "held_out", sc) < 0 ||
	    json_object_set_new(root, "trained", json_integer(m->trained)) < 0;
	if (rc) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int
tp_mmeta_save(const struct tp_mmeta *m, const char *path, struct tp_err *err)
{
	json_t *root = to_json(m);
	char *text = root != NULL ? json_dumps(root, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)) : NULL;
	size_t n = text != NULL ? strlen(text) : 0;
	int rc;

	json_decref(root);
	if (text == NULL || (text = realloc(text, n + 2)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	text[n++] = '\n';
	rc = tp_write_file(path, text, n, err);
	free(text);
	return rc;
}

/* ---- reading --------------------------------------------------------------- */

static int
missing(struct tp_err *err, const char *path, const char *key,
    const char *what)
{
	return tp_errf(err, TP_EX_DATAERR, path, 0, "not a tp model's "
	    "meta.json: \"%s\": expected %s", key, what);
}

static int
get_int(json_t *root, const char *key, json_int_t lo, json_int_t hi,
    json_int_t *v, const char *path, struct tp_err *err)
{
	json_t *j = json_object_get(root, key);

	if (!json_is_integer(j) || json_integer_value(j) < lo ||
	    json_integer_value(j) > hi)
		return missing(err, path, key, "an integer in range");
	*v = json_integer_value(j);
	return 0;
}

static int
get_str(json_t *root, const char *key, char **v, const char *path,
    struct tp_err *err)
{
	json_t *j = json_object_get(root, key);

	if (!json_is_string(j))
		return missing(err, path, key, "a string");
	if ((*v = strdup(json_string_value(j))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

static int
get_nums(json_t *root, const char *key, int n, double **v, const char *path,
    struct tp_err *err)
{
	json_t *a = json_object_get(root, key);

	if (!json_is_array(a) || json_array_size(a) != (size_t)n)
		return missing(err, path, key, "one number a feature");
	if ((*v = malloc((size_t)n * sizeof(double) + 1)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (tp_jansson_get_reals(a, (size_t)n, *v, 1) != 0)
		return missing(err, path, key, "finite numbers");
	return 0;
}

static int
get_features(json_t *root, struct tp_mmeta *m, const char *path,
    struct tp_err *err)
{
	json_t *a = json_object_get(root, "features"), *j;
	size_t k;

	if (!json_is_array(a) || json_array_size(a) < 1 ||
	    json_array_size(a) > 100000)
		return missing(err, path, "features", "an array of names");
	m->nf = (int)json_array_size(a);
	if ((m->features = calloc((size_t)m->nf, sizeof(char *))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	json_array_foreach(a, k, j) {
		if (!json_is_string(j) || *json_string_value(j) == '\0')
			return missing(err, path, "features", "field names");
		if ((m->features[k] = strdup(json_string_value(j))) == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	return 0;
}

static int
get_label(json_t *root, struct tp_mmeta *m, const char *path,
    struct tp_err *err)
{
	json_t *j = json_object_get(root, "label"), *t;
	json_int_t h = 0;
	int k;

	for (k = 0; k < 3; k++)
		if (json_is_string(j) && strcmp(json_string_value(j),
		    labels[k]) == 0)
			break;
	if (k == 3)
		return missing(err, path, "label", "return, binary or "
		    "three_way");
	m->label = (enum tp_mlabel)k;
	if (get_int(root, "horizon", 1, 1000000, &h, path, err) < 0)
		return -1;
	m->horizon = (long)h;
	t = json_object_get(root, "threshold");
	if (!json_is_number(t) || !(json_number_value(t) >= 0))
		return missing(err, path, "threshold", "a number >= 0");
	m->threshold = json_number_value(t);
	return 0;
}

static int
load(json_t *root, struct tp_mmeta *m, const char *path, struct tp_err *err)
{
	json_int_t v = 0, classes = 0, from = 0, to = 0, rows = 0, ntrain = 0,
	    trained = 0;
	json_t *h;

	if (!json_is_object(root))
		return missing(err, path, "(top)", "an object");
	if (get_int(root, "format", 1, INT32_MAX, &v, path, err) < 0)
		return -1;
	if (v > TP_MMETA_FORMAT)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "a model of format "
		    "%lld, from a newer tp: this one reads format %d (train "
		    "it again, or use the newer tp)", (long long)v,
		    TP_MMETA_FORMAT);
	m->format = (int)v;
	if (get_str(root, "tp_version", &m->tp_version, path, err) < 0 ||
	    get_str(root, "kind", &m->kind, path, err) < 0 ||
	    get_int(root, "classes", 0, 3, &classes, path, err) < 0 ||
	    classes == 1 || get_features(root, m, path, err) < 0 ||
	    get_nums(root, "mean", m->nf, &m->mean, path, err) < 0 ||
	    get_nums(root, "sd", m->nf, &m->sd, path, err) < 0 ||
	    get_label(root, m, path, err) < 0 ||
	    get_int(root, "from", INT64_MIN, INT64_MAX, &from, path, err) < 0 ||
	    get_int(root, "to", from, INT64_MAX, &to, path, err) < 0 ||
	    get_int(root, "rows", 1, INT64_MAX, &rows, path, err) < 0 ||
	    get_int(root, "train_rows", 1, rows, &ntrain, path, err) < 0 ||
	    get_int(root, "trained", 0, INT64_MAX, &trained, path, err) < 0)
		return err->code ? -1 : missing(err, path, "classes", "0, 2 "
		    "or 3");
	h = json_object_get(root, "data_hash");
	if (!json_is_string(h) || strlen(json_string_value(h)) != 64)
		return missing(err, path, "data_hash", "64 hex digits");
	memcpy(m->hash, json_string_value(h), 65);
	m->task = classes ? TP_TASK_CLASSES : TP_TASK_REGRESSION;
	m->nclass = classes ? (int)classes : 1;
	if ((m->task == TP_TASK_REGRESSION) != (m->label == TP_MLABEL_RETURN) ||
	    (m->label == TP_MLABEL_THREE) != (m->nclass == 3))
		return missing(err, path, "classes", "as many as the label "
		    "has");
	m->from = from;
	m->to = to;
	m->rows = (long)rows;
	m->ntrain = (long)ntrain;
	m->trained = trained;
	return 0;
}

int
tp_mmeta_load(struct tp_mmeta *m, const char *path, struct tp_err *err)
{
	json_error_t je;
	json_t *root;
	int rc;

	memset(m, 0, sizeof(*m));
	if (access(path, R_OK) != 0)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot read the "
		    "model's meta.json: %s", strerror(errno));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return tp_errf(err, TP_EX_DATAERR, path, je.line,
		    "not a tp model's meta.json: %s", je.text);
	rc = load(root, m, path, err);
	json_decref(root);
	if (rc < 0)
		tp_mmeta_release(m);
	return rc;
}

void
tp_mmeta_release(struct tp_mmeta *m)
{
	int k;

	for (k = 0; m->features != NULL && k < m->nf; k++)
		free(m->features[k]);
	free(m->features);
	free(m->mean);
	free(m->sd);
	free(m->tp_version);
	free(m->kind);
	memset(m, 0, sizeof(*m));
}

void
tp_mmeta_hash(const double *x, const double *y, long n, int nf,
    char hex[65])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)x,
	    (unsigned long long)n * (unsigned long long)nf * sizeof(double));
	crypto_generichash_update(&st, (const unsigned char *)y,
	    (unsigned long long)n * sizeof(double));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}
