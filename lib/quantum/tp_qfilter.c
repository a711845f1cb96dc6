/*
 * tp_qfilter.c: score and veto signals (tp_qfilter.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/tp_num.h"
#include "quantum/tp_qcuda.h"
#include "quantum/tp_qfilter.h"

/* The signals read, the way each points and whether it opens a trade. */
static const struct {
	const char *name;
	int up, entry;
} signals[] = {
	{ "enter_long", 1, 1 }, { "exit_long", 0, 0 },
	{ "enter_short", 0, 1 }, { "exit_short", 1, 0 },
	{ "buy", 1, 1 }, { "sell", 0, 1 },
};
#define NSIGNALS ((int)(sizeof(signals) / sizeof(signals[0])))

int
tp_qfilter_init(struct tp_qfilter *f, const struct tp_qmodel *m,
    double threshold, struct tp_names *names, struct tp_err *err)
{
	int k;

	memset(f, 0, sizeof(*f));
	f->m = m, f->threshold = threshold, f->names = names;
	f->signal_id = tp_names_intern(names, TP_LIT("signal"));
	f->qscore_id = tp_names_intern(names, TP_LIT("qscore"));
	f->veto_id = tp_names_intern(names, TP_LIT("veto"));
	f->decision_id[0] = tp_names_intern(names, TP_LIT("confidence"));
	f->decision_id[1] = tp_names_intern(names, TP_LIT("tag"));
	f->signal_at = -1;
	if (f->signal_id < 0 || f->qscore_id < 0 || f->veto_id < 0 ||
	    f->decision_id[0] < 0 || f->decision_id[1] < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (m == NULL)
		return 0;
	for (k = 0; k < m->nfeat; k++) {
		f->fid[k] = tp_names_intern(names, m->feature[k],
		    strlen(m->feature[k]));
		f->fat[k] = -1;
		if (f->fid[k] < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	return tp_qsim_init(&f->s, m->nq, err);
}

void
tp_qfilter_release(struct tp_qfilter *f)
{
	tp_qsim_release(&f->s);
}

/* rec's signal into *sig: its index in signals[], TP_QSIG_NONE when it
 * has none (missing, empty or hold), TP_QSIG_NOFIELD when the record has
 * no signal field.  -1 with err for a signal not known. */
static int
signal_of(struct tp_qfilter *f, const struct tp_rec *rec, int *sig,
    struct tp_err *err)
{
	struct tp_buf tmp = { NULL, 0, 0 };
	const char *p;
	size_t n;
	int i = tp_rec_find(rec, f->signal_id, f->signal_at), isnull, k;

	*sig = i < 0 ? TP_QSIG_NOFIELD : TP_QSIG_NONE;
	if (i < 0)
		return 0;
	f->signal_at = i;
	if (rec->f[i].enc == TP_ENC_NUM || rec->f[i].enc == TP_ENC_BOOL ||
	    tp_field_text(&rec->f[i], &tmp, &p, &n, &isnull) < 0) {
		tp_buf_release(&tmp);
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"signal\": expected a signal name");
	}
	if (isnull || n == 0 || (n == 4 && memcmp(p, "hold", 4) == 0)) {
		tp_buf_release(&tmp);
		return 0;
	}
	for (k = 0; k < NSIGNALS; k++)
		if (strlen(signals[k].name) == n &&
		    memcmp(signals[k].name, p, n) == 0)
			break;
	if (k == NSIGNALS)
		tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "field "
		    "\"signal\": unknown signal \"%.*s\" (enter_long, "
		    "exit_long, enter_short, exit_short, buy, sell or hold)",
		    (int)(n > 40 ? 40 : n), p);
	tp_buf_release(&tmp);
	if (k == NSIGNALS)
		return -1;
	*sig = k;
	return 0;
}

int
tp_qfilter_features(struct tp_qfilter *f, const struct tp_rec *rec,
    double *v, int *sig, struct tp_err *err)
{
	int k, i, rc;

	if (signal_of(f, rec, sig, err) < 0)
		return -1;
	if (*sig < 0 || f->m == NULL)
		return 0;
	for (k = 0; k < f->m->nfeat; k++) {
		i = tp_rec_find(rec, f->fid[k], f->fat[k]);
		if (i < 0) {
			f->unscored++;
			return 0;
		}
		f->fat[k] = i;
		rc = tp_field_num(rec, &rec->f[i], f->names, &v[k], err);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			f->unscored++;
			return 0;
		}
	}
	return 1;
}

/* A vetoed record has no decision: its signal goes, and with it the
 * confidence and tag tp-predict gave that signal (where it has them:
 * a veto adds no field). */
static int
veto_decision(struct tp_qfilter *f, struct tp_rec *rec)
{
	int k, i, rc;

	rc = tp_rec_put(rec, f->signal_id, TP_ENC_NULL, TP_LIT(""));
	for (k = 0; k < 2; k++)
		if ((i = tp_rec_find(rec, f->decision_id[k], -1)) >= 0)
			rc |= tp_rec_set(rec, i, TP_ENC_NULL, TP_LIT(""));
	return rc;
}

int
tp_qfilter_finish(struct tp_qfilter *f, struct tp_rec *rec, int sig,
    int scored, double p, struct tp_err *err)
{
	char num[TP_NUM_BUFSZ];
	int veto = 0, rc = 0;
	size_t len;

	if (sig == TP_QSIG_NOFIELD)
		return 0;	/* not a record with signals: untouched */
	if (scored) {
		if (!signals[sig].up)
			p = 1 - p;
		len = tp_num_format(p, num);
		rc |= tp_rec_put(rec, f->qscore_id, TP_ENC_NUM, num, len);
		veto = !f->annotate_only && p < f->threshold &&
		    (signals[sig].entry || f->veto_exits);
	} else {
		rc |= tp_rec_put(rec, f->qscore_id, TP_ENC_NULL, TP_LIT(""));
	}
	if (veto) {
		rc |= veto_decision(f, rec);
		rc |= tp_rec_put(rec, f->veto_id, TP_ENC_TEXT,
		    TP_LIT("qvalidate"));
	} else if (!f->annotate_only) {
		rc |= tp_rec_put(rec, f->veto_id, TP_ENC_NULL, TP_LIT(""));
	}
	return rc < 0 ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of "
	    "memory") : 0;
}

int
tp_qfilter_apply(struct tp_qfilter *f, struct tp_rec *rec,
    struct tp_err *err)
{
	double v[TP_QMODEL_MAX_FEATURES], p = 0;
	int sig, rc = tp_qfilter_features(f, rec, v, &sig, err);

	if (rc < 0)
		return -1;
	if (rc > 0)
		p = tp_qmodel_score(f->m, v, &f->s);
	return tp_qfilter_finish(f, rec, sig, rc, p, err);
}

/* ---- batches ------------------------------------------------------------- */

int
tp_qfilter_batch_init(struct tp_qfilter_batch *b, int cap, int nfeat, int gpu,
    void (*warn)(const struct tp_err *err), struct tp_err *err)
{
	int k;

	memset(b, 0, sizeof(*b));
	b->cap = cap, b->nfeat = nfeat, b->gpu = gpu, b->warn = warn;
	b->rec = calloc((size_t)cap, sizeof(*b->rec));
	b->scored = calloc((size_t)cap, sizeof(int));
	b->sig = calloc((size_t)cap, sizeof(int));
	b->v = calloc((size_t)cap * (size_t)nfeat, sizeof(double));
	b->p = calloc((size_t)cap, sizeof(double));
	if (b->rec == NULL || b->scored == NULL || b->sig == NULL ||
	    b->v == NULL || b->p == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (k = 0; k < cap; k++)
		tp_rec_init(&b->rec[k]);
	return 0;
}

void
tp_qfilter_batch_release(struct tp_qfilter_batch *b)
{
	int k;

	for (k = 0; b->rec != NULL && k < b->cap; k++)
		tp_rec_release(&b->rec[k]);
	free(b->rec);
	free(b->scored);
	free(b->sig);
	free(b->v);
	free(b->p);
	memset(b, 0, sizeof(*b));
}

int
tp_qfilter_batch_add(struct tp_qfilter *f, struct tp_qfilter_batch *b,
    const struct tp_rec *rec, struct tp_err *err)
{
	int rc = tp_qfilter_features(f, rec, b->v + (size_t)b->n *
	    (size_t)b->nfeat, &b->sig[b->n], err);

	if (rc < 0)
		return -1;
	b->scored[b->n] = rc;
	if (tp_rec_copy(&b->rec[b->n], rec) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return ++b->n == b->cap;
}

int
tp_qfilter_batch_flush(struct tp_qfilter *f, struct tp_qfilter_batch *b,
    struct tp_writer *w, struct tp_err *err)
{
	struct tp_err gerr = TP_ERR_INIT;
	size_t nv = 0, row = (size_t)b->nfeat * sizeof(double);
	int k;

	/* the scored records' rows, packed */
	for (k = 0; k < b->n; k++)
		if (b->scored[k])
			memmove(b->v + nv++ * (size_t)b->nfeat, b->v +
			    (size_t)k * (size_t)b->nfeat, row);
	if (nv > 0 && b->gpu && tp_qcuda_scores(f->m, b->v, nv, b->p,
	    &gerr) < 0) {
		if (b->warn != NULL)
			b->warn(&gerr);
		b->gpu = 0;
	}
	if (nv > 0 && !b->gpu && tp_qmodel_scores(f->m, b->v, nv, b->p,
	    err) < 0)
		return -1;
	for (nv = 0, k = 0; k < b->n; k++)
		if (tp_qfilter_finish(f, &b->rec[k], b->sig[k], b->scored[k],
		    b->scored[k] ? b->p[nv++] : 0, err) < 0 ||
		    tp_write(w, &b->rec[k], err) < 0)
			return -1;
	b->n = 0;
	return 0;
}

int
tp_qfilter_out_ids(const struct tp_qfilter *f, int *ids, int max)
{
	int n = 0;

	if (n < max)
		ids[n++] = f->qscore_id;
	if (!f->annotate_only && n < max)
		ids[n++] = f->veto_id;
	return n;
}
