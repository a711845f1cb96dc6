/*
 * tp_mtrain.c: training a strategy's model on a stream (tp_mtrain.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tp_version.h"
#include "model/tp_mdi.h"
#include "model/tp_mdir.h"
#include "model/tp_model.h"
#include "model/tp_mtrain.h"
#include "rec/tp_candle.h"

void
tp_mtrain_task(enum tp_label_kind kind, enum tp_task *task, int *nclass)
{
	*task = kind == TP_LABEL_RETURN ? TP_TASK_REGRESSION : TP_TASK_CLASSES;
	*nclass = kind == TP_LABEL_THREE_WAY ? 3 : kind == TP_LABEL_BINARY ?
	    2 : 1;
}

int
tp_mtrain_init(struct tp_mtrain *t, const struct tp_mspec *spec,
    struct tp_names *names, struct tp_err *err)
{
	struct tp_model m;
	enum tp_task task;
	int nclass;

	memset(t, 0, sizeof(*t));
	t->spec = spec;
	t->names = names;
	t->close_id = tp_names_intern(names, TP_LIT("close"));
	t->symbol_id = tp_names_intern(names, TP_LIT("symbol"));
	t->time_id = tp_names_intern(names, TP_LIT("time"));
	t->type_id = tp_names_intern(names, TP_LIT("type"));
	t->close_at = t->symbol_at = t->time_at = t->type_at = -1;
	if (t->close_id < 0 || t->symbol_id < 0 || t->time_id < 0 ||
	    t->type_id < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	/* Parameters the kind refuses, before a record is read (a model
	 * of one feature: init allocates nothing). */
	tp_mtrain_task(spec->label_kind, &task, &nclass);
	return tp_model_init(&m, spec->kind, task, nclass, 1,
	    (const char *const *)spec->pkeys, (const char *const *)spec->pvals,
	    spec->nparams, err);
}

/* The first candle settles the features and sizes the rows. */
static int
settle(struct tp_mtrain *t, const struct tp_rec *rec, struct tp_err *err)
{
	const struct tp_mspec *m = t->spec;

	if (tp_mfeat_resolve(&t->feat, t->names, m->features, m->nfeatures,
	    m, rec, err) < 0)
		return -1;
	if ((t->x = malloc((size_t)t->feat.n * sizeof(double))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (tp_mset_init(&t->set, t->feat.n, (enum tp_mlabel)m->label_kind,
	    m->horizon, m->threshold, m->train_ms, m->train_candles, err) < 0)
		return -1;
	/* Only XGBoost learns what a missing value means. */
	t->set.drop_missing = strcmp(m->kind, "xgboost") != 0;
	t->resolved = 1;
	return 0;
}

int
tp_mtrain_add(struct tp_mtrain *t, const struct tp_rec *rec,
    struct tp_err *err)
{
	const char *sym = "";
	size_t symn = 0;
	int64_t ms;
	double close;
	int i, isnull, rc;

	if (!tp_rec_is_candle(rec, t->type_id, &t->type_at, &t->tmp))
		return 0;
	if (!t->resolved && settle(t, rec, err) < 0)
		return -1;
	if (tp_mfeat_read(&t->feat, rec, t->x, err) < 0)
		return -1;
	i = tp_rec_find(rec, t->close_id, t->close_at);
	if (i < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"close\": the label is the close's return");
	t->close_at = i;
	rc = tp_field_num(rec, &rec->f[i], t->names, &close, err);
	if (rc != 0 || !(close > 0))
		return rc < 0 ? -1 : tp_errf(err, TP_EX_DATAERR, rec->file,
		    rec->line, "field \"close\" is not a price");
	i = tp_rec_find(rec, t->time_id, t->time_at);
	if (i < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"time\"");
	t->time_at = i;
	if (tp_candle_field_time(rec, &rec->f[i], TP_UNIT_MS, &ms, err) < 0)
		return -1;
	i = tp_rec_find(rec, t->symbol_id, t->symbol_at);
	if (i >= 0) {
		t->symbol_at = i;
		if (tp_field_text(&rec->f[i], &t->tmp, &sym, &symn,
		    &isnull) < 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "field \"symbol\" is not valid text");
	}
	if (tp_mset_add(&t->set, sym, symn, ms, close, t->x, err) < 0) {
		tp_err_at(err, rec->file, rec->line);
		return -1;
	}
	return 0;
}

/* The model of the window w, trained, scored on its held-out rows. */
static int
learn(const struct tp_mspec *s, struct tp_model *m, const struct tp_mwin *w,
    struct tp_mscore *sc, struct tp_err *err)
{
	struct tp_dataset d = { w->x, w->y, w->w, w->ntrain, w->nf };
	enum tp_task task;
	double *p;
	long nt = w->n - w->ntrain;
	int nclass;

	tp_mtrain_task(s->label_kind, &task, &nclass);
	if (tp_model_init(m, s->kind, task, nclass, w->nf,
	    (const char *const *)s->pkeys, (const char *const *)s->pvals,
	    s->nparams, err) < 0 || tp_model_train(m, &d, err) < 0)
		return -1;
	/* Nothing held out: the scores are unknown (null), not 0. */
	tp_mset_score(NULL, NULL, 0, m->nout, sc);
	if (nt == 0)
		return 0;
	p = malloc((size_t)nt * (size_t)m->nout * sizeof(double));
	if (p == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (tp_model_predict(m, w->x + w->ntrain * w->nf, nt, p, err) < 0) {
		free(p);
		return -1;
	}
	tp_mset_score(w->y + w->ntrain, p, nt, m->nout, sc);
	free(p);
	return 0;
}

/* What the version says of itself, its own copies: -1 out of memory. */
static int
describe(const struct tp_mspec *s, const struct tp_model *m,
    const struct tp_mwin *w, char *const *names, const struct tp_mscore *sc,
    struct tp_mmeta *meta)
{
	size_t nb = (size_t)w->nf * sizeof(double);
	struct timespec ts;
	int k;

	memset(meta, 0, sizeof(*meta));
	meta->format = TP_MMETA_FORMAT;
	meta->task = m->task;
	meta->nclass = m->nclass;
	meta->nf = w->nf;
	meta->label = (enum tp_mlabel)s->label_kind;
	meta->horizon = s->horizon;
	meta->threshold = s->threshold;
	meta->from = w->from;
	meta->to = w->to;
	meta->rows = w->n;
	meta->ntrain = w->ntrain;
	meta->score = *sc;
	tp_mmeta_hash(w->x, w->y, w->n, w->nf, meta->hash);
	clock_gettime(CLOCK_REALTIME, &ts);
	meta->trained = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	meta->tp_version = strdup(TP_VERSION);
	meta->kind = strdup(m->kind->name);
	meta->features = calloc((size_t)w->nf, sizeof(char *));
	meta->mean = malloc(nb);
	meta->sd = malloc(nb);
	if (meta->tp_version == NULL || meta->kind == NULL ||
	    meta->features == NULL || meta->mean == NULL || meta->sd == NULL)
		return -1;
	memcpy(meta->mean, w->mean, nb);
	memcpy(meta->sd, w->sd, nb);
	for (k = 0; k < w->nf; k++)
		if ((meta->features[k] = strdup(names[k])) == NULL)
			return -1;
	return 0;
}

int
tp_mtrain_fit(const struct tp_mspec *spec, const struct tp_mwin *w,
    char *const *names, struct tp_mfit *f, struct tp_err *err)
{
	struct tp_mscore sc;

	memset(f, 0, sizeof(*f));
	if (learn(spec, &f->model, w, &sc, err) < 0)
		return -1;
	if (describe(spec, &f->model, w, names, &sc, &f->meta) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	/* With a DI_threshold, the rows the model learned on (the window's
	 * first ntrain, z-scored; those with a missing feature left out, as
	 * FreqAI does) and their mean distance (tp_mdi.h). */
	if (spec->di_threshold > 0 &&
	    tp_mdi_fit(&f->di, w->x, w->ntrain, w->nf, err) < 0)
		return -1;
	return 0;
}

void
tp_mfit_release(struct tp_mfit *f)
{
	tp_model_release(&f->model);
	tp_mmeta_release(&f->meta);
	tp_mdi_release(&f->di);
	memset(f, 0, sizeof(*f));
}

/* Save the fit into a new version of dir. */
static int
publish(struct tp_mtrain *t, const struct tp_mfit *f, const char *dir,
    long *version, struct tp_err *err)
{
	char *tmp = t->tmp_dir, *path = t->path;
	size_t n = sizeof(t->path);

	if (tp_mdir_begin(dir, tmp, err) < 0)
		return -1;
	snprintf(path, n, "%s/%s", tmp, f->model.kind->file);
	if (tp_model_save(&f->model, path, err) < 0)
		goto fail;
	snprintf(path, n, "%s/%s", tmp, TP_MDI_FILE);
	if (t->spec->di_threshold > 0 && tp_mdi_save(&f->di, path, err) < 0)
		goto fail;
	snprintf(path, n, "%s/meta.json", tmp);
	if (tp_mmeta_save(&f->meta, path, err) == 0 &&
	    tp_mdir_commit(dir, tmp, version, err) == 0)
		return 0;
fail:
	tp_mdir_abort(tmp);
	return -1;
}

int
tp_mtrain_window(struct tp_mtrain *t, struct tp_mwin *w, char ***names,
    struct tp_err *err)
{
	int k;

	*names = NULL;
	if (!t->resolved)
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "no candle to "
		    "train on");
	if (tp_mset_window(&t->set, t->spec->test_size,
	    t->spec->weight_factor, w, err) < 0)
		return -1;
	if (w->nf < 1 || (*names = calloc((size_t)w->nf, sizeof(char *))) ==
	    NULL) {
		tp_mwin_release(w);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	for (k = 0; k < w->nf; k++)
		(*names)[k] = (char *)t->names->v[t->feat.id[k]].s;
	return 0;
}

int
tp_mtrain_finish(struct tp_mtrain *t, const char *dir, long *version,
    struct tp_mmeta *meta, struct tp_err *err)
{
	struct tp_mwin w;
	struct tp_mfit f;
	char **names;
	int rc;

	if (tp_mtrain_window(t, &w, &names, err) < 0)
		return -1;
	rc = tp_mtrain_fit(t->spec, &w, names, &f, err);
	if (rc == 0)
		rc = publish(t, &f, dir, version, err);
	if (rc == 0) {
		/* the caller's now */
		*meta = f.meta;
		memset(&f.meta, 0, sizeof(f.meta));
	}
	tp_mfit_release(&f);
	tp_mwin_release(&w);
	free(names);
	return rc;
}

void
tp_mtrain_release(struct tp_mtrain *t)
{
	if (t->resolved)
		tp_mset_release(&t->set);
	tp_mfeat_release(&t->feat);
	free(t->x);
	tp_buf_release(&t->tmp);
	memset(t, 0, sizeof(*t));
}
