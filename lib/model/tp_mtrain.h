/*
 * tp_mtrain.h: training a strategy's model on a stream (tp-predict
 * train): rows in, one new version of the model directory out.
 *
 * Each candle gives a row: the model's features (tp_mfeat.h, settled on
 * the first candle), its symbol, time and close; tp_mset.h labels them
 * and keeps the window.  At the end the window is z-scored, weighted and
 * split; the model learns on the first part and is scored on the held-out
 * rest; the kind's model file and meta.json go into a new version
 * (tp_mdir.h), published whole.
 */
#ifndef TP_MTRAIN_H
#define TP_MTRAIN_H

#include "decide/tp_strategy.h"
#include "model/tp_mdi.h"
#include "model/tp_mfeat.h"
#include "model/tp_mmeta.h"
#include "model/tp_mset.h"
#include "rec/tp_rec.h"

struct tp_mtrain {
	const struct tp_mspec *spec;
	struct tp_names *names;
	struct tp_mfeat feat;
	int resolved;		/* feat is settled */
	struct tp_mset set;
	double *x;		/* one row's features */
	int close_id, symbol_id, time_id, type_id;
	int close_at, symbol_at, time_at, type_at;
	struct tp_buf tmp;
	/* The version and file being written: an error names them after
	 * finish returned. */
	char tmp_dir[4096], path[4096 + 32];
};

int tp_mtrain_init(struct tp_mtrain *t, const struct tp_mspec *spec,
    struct tp_names *names, struct tp_err *err);
/* One record: a candle is a row; another kind of record is left alone. */
int tp_mtrain_add(struct tp_mtrain *t, const struct tp_rec *rec,
    struct tp_err *err);
/* Train on the window and publish the version into dir: its number into
 * *version, what it says of itself into *meta (tp_mmeta_release()). */
int tp_mtrain_finish(struct tp_mtrain *t, const char *dir, long *version,
    struct tp_mmeta *meta, struct tp_err *err);
void tp_mtrain_release(struct tp_mtrain *t);

/*
 * A model fitted on a window: what a version holds, in memory.  Fitting
 * reads only its arguments, so windows fit on several threads at once
 * (tp_mwalk.h).
 */
struct tp_mfit {
	struct tp_model model;
	struct tp_mmeta meta;	/* its own copies */
	struct tp_mdi di;	/* with the spec's DI_threshold; else empty */
};

/* Fit spec's model on window w, whose features are named names[0..nf):
 * trained on the first ntrain rows, scored on the rest. */
int tp_mtrain_fit(const struct tp_mspec *spec, const struct tp_mwin *w,
    char *const *names, struct tp_mfit *f, struct tp_err *err);
void tp_mfit_release(struct tp_mfit *f);

/* The window of t's rows so far (tp_mset_window() with the spec's
 * test_size and weight_factor), and the names of its features (pointers
 * into t's names, valid as long as they are). */
int tp_mtrain_window(struct tp_mtrain *t, struct tp_mwin *w, char ***names,
    struct tp_err *err);

/* The task and classes of a label. */
void tp_mtrain_task(enum tp_label_kind kind, enum tp_task *task,
    int *nclass);

#endif
