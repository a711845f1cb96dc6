/*
 * tp_mpred.h: a strategy's trained model, predicting on each candle.
 *
 * The newest version of the model directory is loaded (meta.json and the
 * kind's file).  Each candle's features (read by name, as the model was
 * trained) are z-scored with the training window's mean and deviation and
 * predicted; the record gets, with the model's name NAME ("pred"):
 *   - a regression: NAME, the predicted return;
 *   - two classes: NAME_down and NAME_up, each class's probability;
 *   - three: NAME_down, NAME_flat, NAME_up;
 *   - with the strategy's DI_threshold, di (NAME_di for another name):
 *     the row's dissimilarity index to the training rows (tp_mdi.h);
 *   - do_predict (NAME_do_predict for another name): 1, or 0 when the
 *     prediction is not to be trusted: a feature missing for a kind that
 *     cannot take it (logistic), the model expired, or di is not below
 *     DI_threshold (a missing feature: no di);
 *   - model_version (NAME_model_version): the version that predicted.
 * A candle at or before the last of the model's training window gets
 * do_predict 0: its prediction is in sample (train on earlier candles,
 * or walk forward, to backtest).
 */
#ifndef TP_MPRED_H
#define TP_MPRED_H

#include <stdint.h>

#include "decide/tp_strategy.h"
#include "model/tp_mdi.h"
#include "model/tp_mfeat.h"
#include "model/tp_mmeta.h"
#include "model/tp_model.h"
#include "model/tp_mtrain.h"
#include "rec/tp_rec.h"

#define TP_MPRED_MAXOUT 3
/* Candles predicted in one call: a model predicts a batch far faster
 * than as many single rows (XGBoost reads its call's arguments anew). */
#define TP_MPRED_BATCH 1024

struct tp_mpred {
	const struct tp_mspec *spec;
	struct tp_names *names;
	struct tp_model model;
	struct tp_mmeta meta;
	struct tp_mfeat feat;
	long version;
	int has_model;		/* else each candle's fields are empty */
	int expired;		/* older than expiration_hours */
	/* The time (Unix ms) each batch's expiry is judged at: the wall
	 * clock, set by tp_mpred_load() (a test may put its own); NULL, no
	 * judging, for fits given by tp_mpred_use() alone. */
	int64_t (*clock)(void);
	int checked;		/* the stream's features were checked */
	double *x, out[TP_MPRED_MAXOUT];
	int out_id[TP_MSPEC_MAXFIELDS], nout, do_id, version_id;
	struct tp_mdi di;	/* with a DI_threshold */
	int di_id;		/* -1 without */
	int type_id, type_at, time_id, time_at;
	unsigned untyped;	/* a shape of records without type, or 0 */
	struct tp_buf tmp;
	/* The batch: records held in order, ready ones [rd, nready), and
	 * the z-scored features of the candles among them, one row each. */
	struct tp_rec *q;
	int *row;		/* each record's row of bx, or -1 */
	unsigned char *seen;	/* each row is one the model trained on */
	int nq, rd, nready, nrows;
	double *bx, *bout;
	/* The files read: an error names them after the load returned. */
	char meta_path[4096 + 32], model_path[4096 + 32];
	char di_path[4096 + 32];
};

/* Set p up for spec with no model yet: each candle gets the fields empty
 * and do_predict 0 until tp_mpred_use() gives it one. */
int tp_mpred_init(struct tp_mpred *p, const struct tp_mspec *spec,
    struct tp_names *names, struct tp_err *err);
/*
 * Predict with the fitted f (taken: f is left empty), as version
 * version, from now on; the batch must be flushed and popped.  The
 * expiry is judged at now (Unix ms).  f must be of the spec's kind and
 * label: a fit of the spec, or a version tp_mpred_load() checked.
 */
int tp_mpred_use(struct tp_mpred *p, struct tp_mfit *f, long version,
    int64_t now, struct tp_err *err);
/*
 * Load the newest version of dir for spec; now is the time (Unix ms) the
 * expiry is judged at (then p->clock at each batch of tp_mpred_flush():
 * expired stays set once the model is).  A version a purge took between
 * listing and reading is not an error: the newest is taken again (a few
 * times).  TP_EX_NOINPUT without a version; TP_EX_DATAERR for a corrupt
 * one; TP_EX_CONFIG for one of another kind or label (horizon, classes,
 * threshold) than the spec's, or from a newer tp.
 */
int tp_mpred_load(struct tp_mpred *p, const struct tp_mspec *spec,
    struct tp_names *names, const char *dir, int64_t now,
    struct tp_err *err);
/* The fields the model adds, in order, into ids (TP_MSPEC_MAXFIELDS). */
int tp_mpred_out_ids(const struct tp_mpred *p, int *ids);
/* Predict on rec (a candle; other records pass) and append the fields. */
int tp_mpred_apply(struct tp_mpred *p, struct tp_rec *rec,
    struct tp_err *err);

/*
 * The same in batches: push records, then pop the ones that are ready, in
 * order, with the fields; a batch is predicted when it is full and at
 * tp_mpred_flush() (the input paused or ended).  Popped records are
 * copies, valid until the next push.  The fields are those of
 * tp_mpred_apply(), whatever the batches.
 */
int tp_mpred_push(struct tp_mpred *p, const struct tp_rec *rec,
    struct tp_err *err);
struct tp_rec *tp_mpred_pop(struct tp_mpred *p);
int tp_mpred_flush(struct tp_mpred *p, struct tp_err *err);
void tp_mpred_release(struct tp_mpred *p);

#endif
