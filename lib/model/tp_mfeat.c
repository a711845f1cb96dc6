/*
 * tp_mfeat.c: a model's features (tp_mfeat.h).
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/tp_mfeat.h"

/* Fields that describe a record rather than measure it, and the model's
 * own outputs own[0..nown). */
static int
not_a_feature(const char *name, char own[][TP_MSPEC_NAMESZ], int nown)
{
	static const char *const ident[] = { "time", "symbol", "timeframe",
	    "exchange", "type", "signal", "confidence", "tag", "do_predict",
	    "di" };
	size_t k;

	for (k = 0; k < sizeof(ident) / sizeof(ident[0]); k++)
		if (strcmp(name, ident[k]) == 0)
			return 1;
	for (k = 0; k < (size_t)nown; k++)
		if (strcmp(name, own[k]) == 0)
			return 1;
	return 0;
}

static int
has(const struct tp_mfeat *f, int id)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->id[i] == id)
			return 1;
	return 0;
}

static int
push(struct tp_mfeat *f, int id, struct tp_err *err)
{
	int *v = realloc(f->id, (size_t)(f->n + 1) * sizeof(*v)), *a;

	if (v != NULL)
		f->id = v;
	a = v != NULL ? realloc(f->at, (size_t)(f->n + 1) * sizeof(*a)) :
	    NULL;
	if (a == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	f->at = a;
	f->id[f->n] = id;
	f->at[f->n++] = -1;
	return 0;
}

int
tp_mfeat_resolve(struct tp_mfeat *f, struct tp_names *names,
    char *const *pat, int npat, const struct tp_mspec *m,
    const struct tp_rec *rec, struct tp_err *err)
{
	char own[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ];
	const char *name;
	int i, k, id, hits, nown = tp_mspec_fields(m, own);

	memset(f, 0, sizeof(*f));
	f->names = names;
	for (i = 0; i < npat; i++) {
		if (strpbrk(pat[i], "*?[") == NULL) {
			id = tp_names_find(names, pat[i], strlen(pat[i]));
			if (id < 0 || tp_rec_find(rec, id, -1) < 0)
				return tp_errf(err, TP_EX_DATAERR, rec->file,
				    rec->line, "no field \"%s\", a feature of "
				    "the model", pat[i]);
			if (!has(f, id) && push(f, id, err) < 0)
				return -1;
			continue;
		}
		for (k = 0, hits = 0; k < rec->nf; k++) {
			name = names->v[rec->f[k].name].s;
			if (fnmatch(pat[i], name, 0) != 0 ||
			    not_a_feature(name, own, nown))
				continue;
			hits++;
			if (!has(f, rec->f[k].name) &&
			    push(f, rec->f[k].name, err) < 0)
				return -1;
		}
		if (hits == 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
			    "no field matches \"%s\", a feature of the model",
			    pat[i]);
	}
	return 0;
}

int
tp_mfeat_named(struct tp_mfeat *f, struct tp_names *names,
    char *const *list, int n, struct tp_err *err)
{
	int i, id;

	memset(f, 0, sizeof(*f));
	f->names = names;
	for (i = 0; i < n; i++) {
		id = tp_names_intern(names, list[i], strlen(list[i]));
		if (id < 0)
			return tp_names_fail(id, "field names", NULL, 0, err);
		if (push(f, id, err) < 0)
			return -1;
	}
	return 0;
}

int
tp_mfeat_read(struct tp_mfeat *f, const struct tp_rec *rec, double *x,
    struct tp_err *err)
{
	int i, k, rc;

	for (i = 0; i < f->n; i++) {
		k = tp_rec_find(rec, f->id[i], f->at[i]);
		if (k < 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
			    "no field \"%s\", a feature of the model",
			    f->names->v[f->id[i]].s);
		f->at[i] = k;
		rc = tp_field_num(rec, &rec->f[k], f->names, &x[i], err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			x[i] = NAN;
	}
	return 0;
}

void
tp_mfeat_release(struct tp_mfeat *f)
{
	free(f->id);
	free(f->at);
	memset(f, 0, sizeof(*f));
}
