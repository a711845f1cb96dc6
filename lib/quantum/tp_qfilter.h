/*
 * tp_qfilter.h: tp-qvalidate's filter: score each signal with a trained
 * circuit and veto the weak ones (tp-qvalidate(1)).
 *
 * A record with a signal field gains qscore (and veto, unless only
 * annotating): the model's probability that the next close is higher for
 * enter_long and exit_short (and buy), one minus it for enter_short and
 * exit_long (and sell).  An entry whose qscore is under the threshold
 * loses its signal and gets veto "qvalidate"; exits are only scored, as
 * keeping a position open is not a filter's call, unless veto_exits.
 * Without a model every signal passes through unscored: the classical
 * fallback.
 */
#ifndef TP_QFILTER_H
#define TP_QFILTER_H

#include "quantum/tp_qmodel.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"

struct tp_qfilter {
	const struct tp_qmodel *m;	/* NULL: pass signals through */
	double threshold;
	int annotate_only, veto_exits;
	struct tp_names *names;
	int fid[TP_QMODEL_MAX_FEATURES], fat[TP_QMODEL_MAX_FEATURES];
	int signal_id, qscore_id, veto_id, signal_at;
	int decision_id[2];		/* confidence, tag: a veto's too */
	struct tp_qsim s;
	long unscored;		/* signals with a feature missing */
};

/* m may be NULL (pass-through); -1 with err. */
int tp_qfilter_init(struct tp_qfilter *f, const struct tp_qmodel *m,
    double threshold, struct tp_names *names, struct tp_err *err);
void tp_qfilter_release(struct tp_qfilter *f);

/* A record's signal, when not an index into the table of signals. */
enum { TP_QSIG_NONE = -1, TP_QSIG_NOFIELD = -2 };

/*
 * The two halves of scoring one record, so that records can be scored in
 * batches between them.  tp_qfilter_features reads rec's signal into *sig
 * and its features into v (m->nfeat), and returns 1 when it has a signal
 * to score, 0 when not (the record needs only tp_qfilter_finish), -1 with
 * err for a bad field.  tp_qfilter_finish writes the fields for that
 * signal and, when scored, the score p.
 */
int tp_qfilter_features(struct tp_qfilter *f, const struct tp_rec *rec,
    double *v, int *sig, struct tp_err *err);
int tp_qfilter_finish(struct tp_qfilter *f, struct tp_rec *rec, int sig,
    int scored, double p, struct tp_err *err);

/* Both, scoring on the CPU. */
int tp_qfilter_apply(struct tp_qfilter *f, struct tp_rec *rec,
    struct tp_err *err);

/*
 * Records read ahead and scored together, for the batched CUDA kernel:
 * each record is copied in with tp_qfilter_batch_add, and
 * tp_qfilter_batch_flush scores the batch's signals (on the GPU while it
 * works, then on the CPU, with warn told why once) and writes the records
 * in order.
 */
struct tp_qfilter_batch {
	struct tp_rec *rec;
	int *scored;		/* tp_qfilter_features said so */
	int *sig;		/* and the signal it read */
	double *v, *p;		/* feature rows, then the scored ones' scores */
	int n, cap, nfeat;
	int gpu;		/* still trying the GPU */
	void (*warn)(const struct tp_err *err);
};

int tp_qfilter_batch_init(struct tp_qfilter_batch *b, int cap, int nfeat,
    int gpu, void (*warn)(const struct tp_err *err), struct tp_err *err);
void tp_qfilter_batch_release(struct tp_qfilter_batch *b);
/* Add rec; returns 1 when the batch is full (flush it), 0, or -1 with
 * err for a bad record (which is not added). */
int tp_qfilter_batch_add(struct tp_qfilter *f, struct tp_qfilter_batch *b,
    const struct tp_rec *rec, struct tp_err *err);
int tp_qfilter_batch_flush(struct tp_qfilter *f, struct tp_qfilter_batch *b,
    struct tp_writer *w, struct tp_err *err);

/* The field ids the filter adds, for a CSV header with no rows. */
int tp_qfilter_out_ids(const struct tp_qfilter *f, int *ids, int max);

#endif
