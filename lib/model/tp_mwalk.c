/*
 * tp_mwalk.c: a model walking forward through history (tp_mwalk.h).
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_time.h"
#include "model/tp_mwalk.h"
#include "rec/tp_candle.h"

/* One block's fit: made on the reading thread, fitted on its own. */
struct tp_mwalk_job {
	const struct tp_mspec *spec;
	long block;
	int64_t from;		/* the block's first candle */
	struct tp_mwin win;
	char **names;
	struct tp_mfit fit;
	struct tp_err err;
	int rc, threaded;
	atomic_int done;
	pthread_t th;
};

static void *
fit(void *arg)
{
	struct tp_mwalk_job *j = arg;

	j->rc = tp_mtrain_fit(j->spec, &j->win, j->names, &j->fit, &j->err);
	atomic_store(&j->done, 1);
	return NULL;
}

static void
job_release(struct tp_mwalk_job *j)
{
	if (j->threaded)
		pthread_join(j->th, NULL);
	j->threaded = 0;
	tp_mwin_release(&j->win);
	free(j->names);
	j->names = NULL;
	tp_mfit_release(&j->fit);
}

int
tp_mwalk_init(struct tp_mwalk *w, const struct tp_mspec *spec,
    struct tp_names *names, int threads, tp_mwalk_emit emit, void *ctx,
    struct tp_err *err)
{
	memset(w, 0, sizeof(*w));
	w->spec = spec;
	w->names = names;
	w->threads = threads < 1 ? 1 : threads;
	w->emit = emit;
	w->ctx = ctx;
	tp_recq_init(&w->held);
	w->type_id = tp_names_intern(names, TP_LIT("type"));
	w->time_id = tp_names_intern(names, TP_LIT("time"));
	w->type_at = w->time_at = -1;
	if (w->type_id < 0 || w->time_id < 0 || (w->jobs = calloc(
	    (size_t)w->threads + 1, sizeof(*w->jobs))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (tp_mtrain_init(&w->train, spec, names, err) < 0 ||
	    tp_mpred_init(&w->pred, spec, names, err) < 0)
		return -1;
	return 0;
}

int
tp_mwalk_out_ids(const struct tp_mwalk *w, int *ids)
{
	return tp_mpred_out_ids(&w->pred, ids);
}

/* The records the predictor has ready go out. */
static int
give(struct tp_mwalk *w, struct tp_err *err)
{
	struct tp_rec *rec;

	while ((rec = tp_mpred_pop(&w->pred)) != NULL)
		if (w->emit(w->ctx, rec, err) < 0)
			return -1;
	return 0;
}

/* The oldest fit, waited for, becomes the predictor's model. */
static int
use_oldest(struct tp_mwalk *w, struct tp_err *err)
{
	struct tp_mwalk_job *j = &w->jobs[w->jhead];
	char when[32];
	int rc;

	if (j->threaded)
		pthread_join(j->th, NULL);
	j->threaded = 0;
	if (j->rc < 0) {
		tp_time_format_iso(j->from, when);
		rc = tp_errf(err, j->err.code, NULL, 0, "walk-forward: model "
		    "\"%s\", the block from %s: %s", w->spec->name, when,
		    j->err.msg);
	} else
		rc = tp_mpred_flush(&w->pred, err) < 0 || give(w, err) < 0 ||
		    tp_mpred_use(&w->pred, &j->fit, j->block,
		    j->fit.meta.trained, err) < 0 ? -1 : 0;
	if (rc == 0)
		w->used = j->block;
	job_release(j);
	w->jhead = (w->jhead + 1) % (w->threads + 1);
	w->njobs--;
	return rc;
}

/*
 * Give back the held records whose model is fitted, in order, waiting for
 * fits while more than most are not yet used.
 */
static int
drain(struct tp_mwalk *w, int most, struct tp_err *err)
{
	struct tp_rec *rec;
	long tag;

	while ((rec = tp_recq_front(&w->held, &tag)) != NULL) {
		if (tag > w->used) {
			/* every block with a record has its fit, in order */
			if (w->njobs == 0)
				return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
				    "walk-forward: block %ld has no model",
				    tag);
			if (!atomic_load(&w->jobs[w->jhead].done) &&
			    w->njobs <= most)
				return 0;
			if (use_oldest(w, err) < 0)
				return -1;
			continue;
		}
		if (tp_mpred_push(&w->pred, rec, err) < 0)
			return -1;
		tp_recq_pop(&w->held);
		if (give(w, err) < 0)
			return -1;
	}
	return 0;
}

/* Block `block` begins at candle time t: fit its model on the window of
 * the rows before. */
static int
begin(struct tp_mwalk *w, long block, int64_t t, struct tp_err *err)
{
	struct tp_mwalk_job *j;
	char when[32], msg[sizeof(err->msg)];

	/* Room for one more fit at once: the records before go out with
	 * their models (held records are empty when no fit is pending). */
	if (drain(w, w->threads - 1, err) < 0)
		return -1;
	j = &w->jobs[(w->jhead + w->njobs) % (w->threads + 1)];
	memset(j, 0, sizeof(*j));
	j->spec = w->spec;
	j->block = block;
	j->from = t;
	atomic_init(&j->done, 0);
	if (tp_mtrain_window(&w->train, &j->win, &j->names, err) < 0) {
		tp_time_format_iso(t, when);
		memcpy(msg, err->msg, sizeof(msg));
		return tp_errf(err, err->code, NULL, 0, "walk-forward: model "
		    "\"%s\", the window before %s: %s", w->spec->name, when,
		    msg);
	}
	w->njobs++;
	if (pthread_create(&j->th, NULL, fit, j) == 0)
		j->threaded = 1;
	else
		fit(j);	/* no thread to spare: fit here, the same fit */
	return 0;
}

/* The block of a candle at t (ntimes and since count its time). */
static long
block_of(struct tp_mwalk *w, int64_t t)
{
	const struct tp_mspec *s = w->spec;

	if (!w->begun) {
		if (s->train_ms > 0 ? t < w->first + s->train_ms :
		    w->ntimes <= s->train_candles)
			return 0;
		w->begun = 1;
		w->b1 = s->train_ms > 0 ? w->first + s->train_ms : t;
		w->since = 1;
	}
	if (s->bt_ms > 0)
		return 1 + (long)((t - w->b1) / s->bt_ms);
	return 1 + (w->since - 1) / s->bt_candles;
}

/* A candle at t: its block, begun when it is a new one. */
static int
place(struct tp_mwalk *w, const struct tp_rec *rec, int64_t t,
    struct tp_err *err)
{
	long b;

	if (w->seen && t < w->last)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "walk-forward: a time before the one before: the stream "
		    "must be in time order (give each symbol's file as a FILE "
		    "argument: they are merged by time)");
	if (!w->seen)
		w->first = t;
	if (!w->seen || t > w->last) {
		w->ntimes++;
		w->since += w->begun;
	}
	w->seen = 1;
	w->last = t;
	b = block_of(w, t);
	if (b > w->block && begin(w, b, t, err) < 0)
		return -1;
	if (b > w->block)
		w->block = b;
	return 0;
}

int
tp_mwalk_push(struct tp_mwalk *w, const struct tp_rec *rec,
    struct tp_err *err)
{
	int64_t t;
	int k;

	if (tp_rec_is_candle(rec, w->type_id, &w->type_at, &w->tmp)) {
		k = tp_rec_find(rec, w->time_id, w->time_at);
		if (k < 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "no field \"time\"");
		w->time_at = k;
		if (tp_candle_field_time(rec, &rec->f[k], TP_UNIT_MS, &t,
		    err) < 0 || place(w, rec, t, err) < 0 ||
		    tp_mtrain_add(&w->train, rec, err) < 0)
			return -1;
	}
	if (tp_recq_push(&w->held, rec, w->block) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return drain(w, w->threads, err);
}

int
tp_mwalk_flush(struct tp_mwalk *w, struct tp_err *err)
{
	if (drain(w, -1, err) < 0 || tp_mpred_flush(&w->pred, err) < 0)
		return -1;
	return give(w, err);
}

int
tp_mwalk_ready(struct tp_mwalk *w, int *waiting, struct tp_err *err)
{
	if (drain(w, INT_MAX, err) < 0 || tp_mpred_flush(&w->pred, err) < 0 ||
	    give(w, err) < 0)
		return -1;
	*waiting = w->held.n > 0;
	return 0;
}

void
tp_mwalk_release(struct tp_mwalk *w)
{
	int k;

	for (k = 0; w->jobs != NULL && k < w->njobs; k++)
		job_release(&w->jobs[(w->jhead + k) % (w->threads + 1)]);
	free(w->jobs);
	tp_mtrain_release(&w->train);
	tp_mpred_release(&w->pred);
	tp_recq_release(&w->held);
	tp_buf_release(&w->tmp);
	memset(w, 0, sizeof(*w));
}
