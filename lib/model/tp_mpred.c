/*
 * tp_mpred.c: a trained model predicting on each candle (tp_mpred.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/tp_num.h"
#include "core/tp_time.h"
#include "core/tp_time.h"
#include "model/tp_mdir.h"
#include "model/tp_mpred.h"
#include "model/tp_mtrain.h"
#include "rec/tp_candle.h"

/* The fields the model adds (tp_mspec_fields()). */
static int
out_names(struct tp_mpred *p, struct tp_err *err)
{
	char names[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ];
	int k, n = tp_mspec_fields(p->spec, names);

	p->nout = n - 2 - (p->spec->di_threshold > 0);
	for (k = 0; k < n; k++) {
		p->out_id[k] = tp_names_intern(p->names, names[k],
		    strlen(names[k]));
		if (p->out_id[k] < 0)
			return tp_names_fail(p->out_id[k], "field names", NULL,
			    0, err);
	}
	p->version_id = p->out_id[n - 1];
	p->do_id = p->out_id[n - 2];
	p->di_id = n - 2 > p->nout ? p->out_id[n - 3] : -1;
	p->type_id = tp_names_intern(p->names, TP_LIT("type"));
	p->time_id = tp_names_intern(p->names, TP_LIT("time"));
	p->time_at = -1;
	p->type_at = -1;
	return p->type_id < 0 ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
	    "out of memory") : 0;
}

/* The version's meta must be of the spec's kind and label. */
static int
matches(const struct tp_mspec *s, const struct tp_mmeta *meta,
    const char *path, struct tp_err *err)
{
	char was[TP_NUM_BUFSZ], now[TP_NUM_BUFSZ];
	enum tp_task task;
	int nclass;

	tp_mtrain_task(s->label_kind, &task, &nclass);
	if (strcmp(meta->kind, s->kind) != 0)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "a %s model, and "
		    "the strategy's is %s: train it again (tp-predict train)",
		    meta->kind, s->kind);
	if ((int)meta->label != (int)s->label_kind ||
	    meta->horizon != s->horizon || meta->nclass != nclass)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "the model's label "
		    "(%s over %ld candles) is not the strategy's: train it "
		    "again (tp-predict train)", tp_label_kind_names[
		    meta->label], meta->horizon);
	/* the classes are split at the threshold: others, other classes */
	if (task == TP_TASK_CLASSES && meta->threshold != s->threshold) {
		tp_num_format(meta->threshold, was);
		tp_num_format(s->threshold, now);
		return tp_errf(err, TP_EX_CONFIG, path, 0, "the model's label "
		    "threshold is %s, the strategy's %s: train it again "
		    "(tp-predict train)", was, now);
	}
	return 0;
}

/* With a DI_threshold, the version's training rows (tp_mdi.h). */
static int
load_di(struct tp_mpred *p, struct tp_mfit *f, const char *ver,
    struct tp_err *err)
{
	if (p->di_id < 0)
		return 0;
	snprintf(p->di_path, sizeof(p->di_path), "%s/%s", ver, TP_MDI_FILE);
	if (tp_mdi_load(&f->di, p->di_path, f->meta.nf, err) == 0)
		return 0;
	if (err->code != TP_EX_NOINPUT)
		return -1;
	/* a version trained without DI_threshold: say so, not ENOENT */
	*err = (struct tp_err)TP_ERR_INIT;
	return tp_errf(err, TP_EX_CONFIG, p->di_path, 0, "no training rows "
	    "for the strategy's DI_threshold: train the model again "
	    "(tp-predict train)");
}

/* Whether expiration_hours have passed at now since the model's
 * training. */
static int
expired(const struct tp_mpred *p, int64_t now)
{
	return p->spec->expiration_hours > 0 && (double)(now -
	    p->meta.trained) > p->spec->expiration_hours * 3600e3;
}

int
tp_mpred_init(struct tp_mpred *p, const struct tp_mspec *spec,
    struct tp_names *names, struct tp_err *err)
{
	memset(p, 0, sizeof(*p));
	p->spec = spec;
	p->names = names;
	return out_names(p, err);
}

/* The version ver of dir into f. */
static int
load(struct tp_mpred *p, const char *ver, struct tp_mfit *f,
    struct tp_err *err)
{
	const struct tp_mspec *spec = p->spec;
	const struct tp_model_kind *k;

	snprintf(p->meta_path, sizeof(p->meta_path), "%s/meta.json", ver);
	if (tp_mmeta_load(&f->meta, p->meta_path, err) < 0 ||
	    matches(spec, &f->meta, p->meta_path, err) < 0)
		return -1;
	if ((k = tp_model_kind(f->meta.kind)) == NULL)
		return tp_errf(err, TP_EX_CONFIG, p->meta_path, 0, "a model of "
		    "kind \"%s\", which this tp does not know", f->meta.kind);
	if (tp_model_init(&f->model, k->name, f->meta.task, f->meta.nclass,
	    f->meta.nf, (const char *const *)spec->pkeys,
	    (const char *const *)spec->pvals, spec->nparams, err) < 0)
		return -1;
	snprintf(p->model_path, sizeof(p->model_path), "%s/%s", ver,
	    k->file);
	if (tp_model_load(&f->model, p->model_path, err) < 0)
		return -1;
	return load_di(p, f, ver, err);
}

/* Whether the version directory ver is gone: a purge (tp_mdir_purge())
 * took it, whole, after it was listed. */
static int
vanished(const char *ver)
{
	struct stat sb;

	return stat(ver, &sb) < 0 && errno == ENOENT;
}

/* Loads a purge may spoil before one is given up. */
#define LOAD_TRIES 5

int
tp_mpred_load(struct tp_mpred *p, const struct tp_mspec *spec,
    struct tp_names *names, const char *dir, int64_t now,
    struct tp_err *err)
{
	char ver[TP_MDIR_PATHSZ];
	struct tp_mfit f;
	long version = 0;
	int tries;

	memset(&f, 0, sizeof(f));
	if (tp_mpred_init(p, spec, names, err) < 0)
		return -1;
	for (tries = 1;; tries++) {
		/* A listing while versions are renamed in and out may miss
		 * both the old and the new: none is worth another look. */
		if (tp_mdir_newest(dir, ver, sizeof(ver), &version, err) < 0) {
			if (tries == LOAD_TRIES || err->code != TP_EX_NOINPUT)
				return -1;
		} else if (load(p, ver, &f, err) == 0)
			break;
		else {
			tp_mfit_release(&f);
			if (tries == LOAD_TRIES || !vanished(ver))
				return -1;
		}
		/* a trainer's --keep purged it: the newest again */
		tp_err_clear(err);
	}
	/* a model from the directory: the wall clock judges its batches */
	p->clock = tp_time_now_ms;
	return tp_mpred_use(p, &f, version, now, err);
}

int
tp_mpred_use(struct tp_mpred *p, struct tp_mfit *f, long version,
    int64_t now, struct tp_err *err)
{
	size_t nf = (size_t)f->meta.nf, b = TP_MPRED_BATCH;
	int rc = 0;

	if (p->nready != p->nq)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "a model changed "
		    "with rows in its batch");
	else if (p->has_model && f->meta.nf != p->meta.nf)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "a model of %d "
		    "features after one of %d", f->meta.nf, p->meta.nf);
	if (rc < 0) {
		tp_mfit_release(f);
		return -1;
	}
	tp_model_release(&p->model);
	tp_mmeta_release(&p->meta);
	tp_mdi_release(&p->di);
	p->model = f->model;
	p->meta = f->meta;
	p->di = f->di;
	memset(f, 0, sizeof(*f));
	p->version = version;
	p->expired = expired(p, now);
	if (p->has_model)
		return 0;
	p->has_model = 1;
	if (tp_mfeat_named(&p->feat, p->names, p->meta.features, p->meta.nf,
	    err) < 0)
		return -1;
	p->x = malloc(nf * sizeof(double));
	p->bx = malloc(b * nf * sizeof(double));
	p->bout = malloc(b * (size_t)p->nout * sizeof(double));
	if (p->x == NULL || p->bx == NULL || p->bout == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

int
tp_mpred_out_ids(const struct tp_mpred *p, int *ids)
{
	int k;

	for (k = 0; k < p->nout; k++)
		ids[k] = p->out_id[k];
	if (p->di_id >= 0)
		ids[k++] = p->di_id;
	ids[k++] = p->do_id;
	ids[k++] = p->version_id;
	return k;
}

/*
 * On the first candle: the strategy's feature list, settled on this
 * stream, must be the model's (a strategy changed since training is
 * refused, naming the field that differs).
 */
static int
check(struct tp_mpred *p, const struct tp_rec *rec, struct tp_err *err)
{
	struct tp_mfeat now;
	int k, rc = 0;

	if (tp_mfeat_resolve(&now, p->names, p->spec->features,
	    p->spec->nfeatures, p->spec, rec, err) < 0) {
		tp_mfeat_release(&now);
		return -1;
	}
	for (k = 0; k < now.n || k < p->feat.n; k++)
		if (k >= now.n || k >= p->feat.n || now.id[k] != p->feat.id[k]) {
			rc = tp_errf(err, TP_EX_CONFIG, rec->file, rec->line,
			    "the model was trained on other features than "
			    "the strategy's now: feature %d is \"%s\" in the "
			    "model, \"%s\" here: train it again (tp-predict "
			    "train)", k + 1, k < p->feat.n ?
			    p->names->v[p->feat.id[k]].s : "(none)",
			    k < now.n ? p->names->v[now.id[k]].s : "(none)");
			break;
		}
	tp_mfeat_release(&now);
	p->checked = 1;
	return rc;
}

/*
 * The features of candle rec, z-scored, into x; *seen set when the candle
 * is within the rows the model was trained on (up to the window's last):
 * a prediction there is not out of sample, so it is not to be trusted.
 */
static int
features(struct tp_mpred *p, const struct tp_rec *rec, double *x,
    unsigned char *seen, struct tp_err *err)
{
	int64_t t = 0;	/* set below; -O3 LTO saw maybe-uninitialized */
	int k;

	if (!p->checked && check(p, rec, err) < 0)
		return -1;
	if (tp_mfeat_read(&p->feat, rec, x, err) < 0)
		return -1;
	k = tp_rec_find(rec, p->time_id, p->time_at);
	if (k < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"time\"");
	p->time_at = k;
	if (tp_candle_field_time(rec, &rec->f[k], TP_UNIT_MS, &t, err) < 0)
		return -1;
	*seen = t <= p->meta.to;
	for (k = 0; k < p->meta.nf; k++)
		x[k] = (x[k] - p->meta.mean[k]) / p->meta.sd[k];
	return 0;
}

/* The di of the row x added to rec: 1 when below the threshold, 0 when
 * not (or no di), -1 out of memory. */
static int
add_di(struct tp_mpred *p, struct tp_rec *rec, const double *x)
{
	double di = tp_mdi_value(&p->di, x);

	if (tp_rec_add_num(rec, p->di_id, di) < 0)
		return -1;
	/* datasieve keeps a row when di < DI_threshold; NaN is not */
	return di < p->spec->di_threshold;
}

/* Append the outputs out[0..nout) of the row x, its di with a
 * DI_threshold, and do_predict to rec. */
static int
attach(struct tp_mpred *p, struct tp_rec *rec, const double *x,
    const double *out, int seen, struct tp_err *err)
{
	int k, ok = !p->expired && !seen, rc = 0;

	for (k = 0; k < p->nout; k++)
		ok &= !isnan(out[k]);
	rc |= tp_rec_add_nums(rec, p->out_id, out, p->nout) < 0;
	if (p->di_id >= 0 && rc == 0 && (k = add_di(p, rec, x)) <= 0) {
		rc |= k < 0;
		ok = 0;
	}
	rc |= tp_rec_add_i64(rec, p->do_id, ok) < 0;
	/* which version decided: the journal keeps it with the decision */
	rc |= tp_rec_add_i64(rec, p->version_id, p->version) < 0;
	return rc ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") :
	    0;
}

/* A candle before any model (the first window of a walk-forward): the
 * fields, empty, and do_predict 0. */
static int
attach_none(struct tp_mpred *p, struct tp_rec *rec, struct tp_err *err)
{
	int ids[TP_MSPEC_MAXFIELDS], k, n = tp_mpred_out_ids(p, ids), rc = 0;

	for (k = 0; k < n; k++)
		rc |= (ids[k] == p->do_id ? tp_rec_add_i64(rec, ids[k], 0) :
		    tp_rec_add_num(rec, ids[k], NAN)) < 0;
	return rc ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") :
	    0;
}

/*
 * Whether rec is a candle.  A record of a shape (one CSV header's rows)
 * seen without "type" is one, without a look through its fields for the
 * name (most streams have no type: the look was for nothing each time).
 */
static int
candle(struct tp_mpred *p, const struct tp_rec *rec)
{
	if (rec->shape != 0 && rec->shape == p->untyped)
		return 1;
	if (tp_rec_find(rec, p->type_id, p->type_at) < 0) {
		p->untyped = rec->shape;
		return 1;
	}
	return tp_rec_is_candle(rec, p->type_id, &p->type_at, &p->tmp);
}

int
tp_mpred_apply(struct tp_mpred *p, struct tp_rec *rec, struct tp_err *err)
{
	if (!candle(p, rec))
		return 0;
	unsigned char seen = 0;

	if (!p->has_model)
		return attach_none(p, rec, err);
	if (features(p, rec, p->x, &seen, err) < 0 ||
	    tp_model_predict(&p->model, p->x, 1, p->out, err) < 0)
		return -1;
	return attach(p, rec, p->x, p->out, seen, err);
}

/* The batch's records, on the first push (the rows' memory comes with
 * the model: tp_mpred_use()). */
static int
batch_alloc(struct tp_mpred *p, struct tp_err *err)
{
	size_t b = TP_MPRED_BATCH;
	int k;

	p->q = calloc(b, sizeof(*p->q));
	p->row = calloc(b, sizeof(*p->row));
	p->seen = calloc(b, 1);
	if (p->q == NULL || p->row == NULL || p->seen == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (k = 0; k < TP_MPRED_BATCH; k++)
		tp_rec_init(&p->q[k]);
	return 0;
}

/* A record of the batch that is not a row of bx: one that passes (not a
 * candle), or a candle with no model to predict it. */
#define ROW_PASS (-1)
#define ROW_NONE (-2)

int
tp_mpred_flush(struct tp_mpred *p, struct tp_err *err)
{
	int i;

	if (p->nready == p->nq)
		return 0;
	/* A predictor may run for days: the clock judges each batch. */
	if (!p->expired && p->clock != NULL)
		p->expired = expired(p, p->clock());
	if (p->nrows > 0 && tp_model_predict(&p->model, p->bx, p->nrows,
	    p->bout, err) < 0)
		return -1;
	for (i = p->nready; i < p->nq; i++)
		if (p->row[i] == ROW_NONE && attach_none(p, &p->q[i], err) < 0)
			return -1;
		else if (p->row[i] >= 0 && attach(p, &p->q[i], p->bx +
		    (size_t)p->row[i] * (size_t)p->meta.nf, p->bout +
		    (size_t)p->row[i] * (size_t)p->nout, p->seen[p->row[i]],
		    err) < 0)
			return -1;
	p->nready = p->nq;
	p->nrows = 0;
	return 0;
}

int
tp_mpred_push(struct tp_mpred *p, const struct tp_rec *rec,
    struct tp_err *err)
{
	double *x;
	int is;

	if (p->q == NULL && batch_alloc(p, err) < 0)
		return -1;
	/* Every ready record was popped: the batch starts afresh. */
	if (p->rd == p->nready && p->nready == p->nq)
		p->rd = p->nready = p->nq = 0;
	if (p->nq == TP_MPRED_BATCH && tp_mpred_flush(p, err) < 0)
		return -1;
	if (p->nq == TP_MPRED_BATCH)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "a batch pushed "
		    "before the ready records were popped");
	is = candle(p, rec);
	if (is && p->has_model) {
		x = p->bx + (size_t)p->nrows * (size_t)p->meta.nf;
		if (features(p, rec, x, &p->seen[p->nrows], err) < 0)
			return -1;
	}
	if (tp_rec_copy(&p->q[p->nq], rec) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	p->row[p->nq++] = !is ? ROW_PASS : !p->has_model ? ROW_NONE :
	    p->nrows++;
	return p->nq == TP_MPRED_BATCH ? tp_mpred_flush(p, err) : 0;
}

struct tp_rec *
tp_mpred_pop(struct tp_mpred *p)
{
	return p->rd < p->nready ? &p->q[p->rd++] : NULL;
}

void
tp_mpred_release(struct tp_mpred *p)
{
	int k;

	tp_model_release(&p->model);
	tp_mmeta_release(&p->meta);
	tp_mfeat_release(&p->feat);
	tp_mdi_release(&p->di);
	free(p->x);
	tp_buf_release(&p->tmp);
	for (k = 0; p->q != NULL && k < TP_MPRED_BATCH; k++)
		tp_rec_release(&p->q[k]);
	free(p->q);
	free(p->row);
	free(p->seen);
	free(p->bx);
	free(p->bout);
	memset(p, 0, sizeof(*p));
}
