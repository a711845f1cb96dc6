/*
 * tp_model.c: the kinds of model and what every kind shares (tp_model.h).
 */
#include <string.h>

#include "model/tp_model.h"

/* One line a kind: tp_xgb.c and tp_logit.c define them. */
extern const struct tp_model_kind tp_model_xgboost, tp_model_logistic;

static const struct tp_model_kind *const kinds[] = {
	&tp_model_xgboost, &tp_model_logistic
};

const struct tp_model_kind *
tp_model_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

int
tp_model_init(struct tp_model *m, const char *kind, enum tp_task task,
    int nclass, int nf, const char *const *keys, const char *const *vals,
    int nparams, struct tp_err *err)
{
	memset(m, 0, sizeof(*m));
	m->kind = tp_model_kind(kind);
	if (m->kind == NULL)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "model kind \"%s\": "
		    "expected xgboost or logistic", kind);
	if (task == TP_TASK_CLASSES && (nclass < 2 || nclass > 3))
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "a classifier of %d "
		    "classes: expected 2 or 3", nclass);
	if (nf < 1)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "a model of no "
		    "features");
	m->task = task;
	m->nclass = task == TP_TASK_CLASSES ? nclass : 1;
	m->nout = m->nclass;
	m->nf = nf;
	m->keys = keys;
	m->vals = vals;
	m->nparams = nparams;
	return m->kind->check != NULL ? m->kind->check(m, err) : 0;
}

int
tp_model_train(struct tp_model *m, const struct tp_dataset *d,
    struct tp_err *err)
{
	if (d->nf != m->nf)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "training on %d "
		    "features a model of %d", d->nf, m->nf);
	if (d->n < 1)
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "no rows with a "
		    "known label to train on");
	return m->kind->train(m, d, err);
}

int
tp_model_predict(const struct tp_model *m, const double *x, long n,
    double *out, struct tp_err *err)
{
	return n > 0 ? m->kind->predict(m, x, n, out, err) : 0;
}

int
tp_model_save(const struct tp_model *m, const char *path, struct tp_err *err)
{
	return m->kind->save(m, path, err);
}

int
tp_model_load(struct tp_model *m, const char *path, struct tp_err *err)
{
	return m->kind->load(m, path, err);
}

void
tp_model_release(struct tp_model *m)
{
	if (m->kind != NULL && m->kind->release != NULL)
		m->kind->release(m);
	m->impl = NULL;
}

const char *
tp_model_param(const struct tp_model *m, const char *key)
{
	int i;

	for (i = 0; i < m->nparams; i++)
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}
