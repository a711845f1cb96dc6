/*
 * tp_qmfile.c: tp-qvalidate model files (tp_qmodel_save, tp_qmodel_load).
 *
 * A model file is one JSON object, written whole by jansson:
 *   {"format": "tp-qvalidate model", "version": 1, "qubits": 6,
 *    "layers": 3, "readout": "p1(q0)", "features": [...], "label": "...",
 *    "mean": [...], "scale": [...], "theta": [...], "training": {...}}
 * Numbers are written with 17 significant digits, so they read back to
 * the same doubles and a loaded model scores exactly as the trained one.
 * A file is replaced whole (tp_write_file), so a crash never leaves half
 * a model where a pipeline reads it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/tp_jansson.h"
#include "quantum/tp_qmodel.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"

#define FORMAT "tp-qvalidate model"
#define READOUT "p1(q0)"

static json_t *
training(const struct tp_qmodel_stats *st)
{
	return json_pack("{s:I, s:i, s:i, s:f, s:f, s:I, s:I, s:I, s:I, "
	    "s:I, s:o, s:o, s:o, s:o}",
	    "seed", (json_int_t)st->seed, "epochs", st->epochs,
	    "batch", st->batch, "rate", st->rate, "holdout", st->holdout,
	    "rows", (json_int_t)st->rows, "positive",
	    (json_int_t)st->positive, "train_rows",
	    (json_int_t)st->train_rows, "holdout_rows",
	    (json_int_t)st->holdout_rows, "skipped", (json_int_t)st->skipped,
	    "train_accuracy", tp_jansson_real_or_null(st->train_acc),
	    "holdout_accuracy", tp_jansson_real_or_null(st->holdout_acc),
	    "train_loss", tp_jansson_real_or_null(st->train_loss),
	    "holdout_loss", tp_jansson_real_or_null(st->holdout_loss));
}

static json_t *
to_json(const struct tp_qmodel *m, const struct tp_qmodel_stats *st)
{
	json_t *feat = json_array();
	int k;

	for (k = 0; feat != NULL && k < m->nfeat; k++)
		json_array_append_new(feat, json_string(m->feature[k]));
	/* no label, no key: the reader takes a label only as a string */
	return json_pack("{s:s, s:i, s:i, s:i, s:s, s:o, s:s*, s:o, s:o, "
	    "s:o, s:o?}", "format", FORMAT, "version", TP_QMODEL_VERSION,
	    "qubits", m->nq, "layers", m->layers, "readout", READOUT,
	    "features", feat, "label", m->label,
	    "mean", tp_jansson_reals(m->mean, (size_t)m->nfeat),
	    "scale", tp_jansson_reals(m->scale, (size_t)m->nfeat),
	    "theta", tp_jansson_reals(m->theta, (size_t)tp_qmodel_nparams(m)),
	    "training", st != NULL ? training(st) : NULL);
}

char *
tp_qmodel_format(const struct tp_qmodel *m, const struct tp_qmodel_stats *st,
    size_t *len)
{
	json_t *root = to_json(m, st);
	char *text, *line;
	size_t n;

	text = root != NULL ? json_dumps(root, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)) : NULL;
	json_decref(root);
	/* the text and a newline */
	n = text != NULL ? strlen(text) : 0;
	line = text != NULL ? realloc(text, n + 2) : NULL;
	if (line == NULL) {
		free(text);
		return NULL;
	}
	line[n++] = '\n';
	line[n] = '\0';
	*len = n;
	return line;
}

int
tp_qmodel_save(const struct tp_qmodel *m, const struct tp_qmodel_stats *st,
    const char *path, struct tp_err *err)
{
	char *line;
	size_t n;
	int rc;

	line = tp_qmodel_format(m, st, &n);
	if (line == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory");
	/* a reader that went away is no error (tp(7)), a full disk is */
	if (strcmp(path, "-") == 0)
		rc = (fwrite(line, 1, n, stdout) != n || fflush(stdout) != 0) &&
		    errno != EPIPE ? tp_errf(err, TP_EX_IOERR, NULL, 0,
		    "write error: %s", strerror(errno)) : 0;
	else
		rc = tp_write_file(path, line, n, err);
	free(line);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

static int
bad(struct tp_err *err, const char *path, const char *what)
{
	return tp_errf(err, TP_EX_DATAERR, path, 0, "not a tp-qvalidate "
	    "model: %s", what);
}

/* The array key of root: n finite numbers into out. */
static int
get_numbers(json_t *root, const char *key, double *out, int n,
    const char *path, struct tp_err *err)
{
	long bad = tp_jansson_get_reals(json_object_get(root, key),
	    (size_t)n, out, 1);

	if (bad < 0)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "\"%s\": expected "
		    "an array of %d numbers", key, n);
	if (bad > 0)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "\"%s\"[%ld]:"
		    " expected a number", key, bad - 1);
	return 0;
}

static int
check_keys(json_t *root, const char *path, struct tp_err *err)
{
	static const char *const keys[] = { "format", "version", "qubits",
	    "layers", "readout", "features", "label", "mean", "scale",
	    "theta", "training" };
	const char *key = tp_jansson_unknown_key(root, keys,
	    sizeof(keys) / sizeof(keys[0]));

	if (key != NULL)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "unknown key "
		    "\"%s\"", key);
	return 0;
}

/* The header: format, version, readout, sizes; then the names. */
static int
load_shape(struct tp_qmodel *m, json_t *root, const char *path,
    struct tp_err *err)
{
	json_t *feat = json_object_get(root, "features");
	const char *name[TP_QMODEL_MAX_FEATURES], *label = NULL;
	json_int_t version, nq, layers;
	size_t k, nfeat;

	if (!json_is_object(root) || !json_is_string(json_object_get(root,
	    "format")) || strcmp(json_string_value(json_object_get(root,
	    "format")), FORMAT) != 0)
		return bad(err, path, "no \"format\": \"" FORMAT "\"");
	if (check_keys(root, path, err) < 0)
		return -1;
	version = json_integer_value(json_object_get(root, "version"));
	if (version < 1)
		return bad(err, path, "no \"version\"");
	if (version > TP_QMODEL_VERSION)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "model version %lld"
		    " is newer than this tp-qvalidate reads (%d)",
		    (long long)version, TP_QMODEL_VERSION);
	if (!json_is_string(json_object_get(root, "readout")) ||
	    strcmp(json_string_value(json_object_get(root, "readout")),
	    READOUT) != 0)
		return bad(err, path, "\"readout\" is not \"" READOUT "\"");
	nq = json_integer_value(json_object_get(root, "qubits"));
	layers = json_integer_value(json_object_get(root, "layers"));
	if (nq < 1 || nq > TP_QSIM_MAX_QUBITS)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "\"qubits\": "
		    "expected 1 to %d", TP_QSIM_MAX_QUBITS);
	if (layers < 1 || layers > TP_QMODEL_MAX_LAYERS)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "\"layers\": "
		    "expected 1 to %d", TP_QMODEL_MAX_LAYERS);
	nfeat = json_array_size(feat);
	if (nfeat < 1 || nfeat > TP_QMODEL_MAX_FEATURES)
		return tp_errf(err, TP_EX_DATAERR, path, 0, "\"features\": "
		    "expected an array of 1 to %d names",
		    TP_QMODEL_MAX_FEATURES);
	for (k = 0; k < nfeat; k++)
		if ((name[k] = json_string_value(json_array_get(feat, k))) ==
		    NULL || name[k][0] == '\0')
			return tp_errf(err, TP_EX_DATAERR, path, 0,
			    "\"features\"[%zu]: expected a field name", k);
	if (json_object_get(root, "label") != NULL &&
	    (label = json_string_value(json_object_get(root, "label"))) ==
	    NULL)
		return bad(err, path, "\"label\" is not a string");
	return tp_qmodel_init(m, (int)nq, (int)layers, (int)nfeat, name,
	    label, err);
}

/* The model in root (consumed), from the file path. */
static int
from_json(struct tp_qmodel *m, json_t *root, const char *path,
    struct tp_err *err)
{
	int k, rc;

	rc = load_shape(m, root, path, err);
	if (rc == 0)
		rc = get_numbers(root, "mean", m->mean, m->nfeat, path, err);
	if (rc == 0)
		rc = get_numbers(root, "scale", m->scale, m->nfeat, path, err);
	for (k = 0; rc == 0 && k < m->nfeat; k++)
		if (m->scale[k] < 0)
			rc = tp_errf(err, TP_EX_DATAERR, path, 0, "\"scale\"[%d]:"
			    " negative", k);
	if (rc == 0)
		rc = get_numbers(root, "theta", m->theta, tp_qmodel_nparams(m),
		    path, err);
	json_decref(root);
	return rc;
}

int
tp_qmodel_load(struct tp_qmodel *m, const char *path, struct tp_err *err)
{
	json_error_t je;
	json_t *root;

	memset(m, 0, sizeof(*m));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		if (json_error_code(&je) == json_error_cannot_open_file)
			return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot "
			    "open: %s", strerror(errno));
		return tp_errf(err, TP_EX_DATAERR, path, je.line, "not JSON:"
		    " %s", je.text);
	}
	return from_json(m, root, path, err);
}

int
tp_qmodel_parse(struct tp_qmodel *m, const char *name, const char *text,
    size_t len, struct tp_err *err)
{
	json_error_t je;
	json_t *root;

	memset(m, 0, sizeof(*m));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return tp_errf(err, TP_EX_DATAERR, name, je.line, "not JSON:"
		    " %s", je.text);
	return from_json(m, root, name, err);
}
