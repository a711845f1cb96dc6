/*
 * tp_mmeta.h: meta.json, what a model version says of itself.
 *
 * Beside the kind's model file, each version of a model directory
 * (tp_mdir.h) has meta.json: the format and tp version, the kind, the
 * task and classes, the features in order with the z-score of each, the
 * label, the training window and its rows, a hash of the data trained
 * on, and the held-out scores.  Prediction reads it to know what to feed
 * the model; a person reads it to know what the model is.
 */
#ifndef TP_MMETA_H
#define TP_MMETA_H

#include <stdint.h>

#include "core/tp_err.h"
#include "model/tp_model.h"
#include "model/tp_mset.h"

/* The format this tp writes and the newest it reads. */
#define TP_MMETA_FORMAT 1

struct tp_mmeta {
	int format;
	char *tp_version;
	char *kind;
	enum tp_task task;
	int nclass;
	int nf;
	char **features;
	double *mean, *sd;
	enum tp_mlabel label;
	long horizon;
	double threshold;
	int64_t from, to;	/* the window's first and last row */
	long rows, ntrain;
	char hash[65];		/* BLAKE2b-256 of the rows, hex */
	struct tp_mscore score;
	int64_t trained;	/* when, Unix ms */
};

/* Write m as JSON to path (a new file). */
int tp_mmeta_save(const struct tp_mmeta *m, const char *path,
    struct tp_err *err);
/*
 * Read path into m (released with tp_mmeta_release()).  A file that is not
 * such JSON, or misses a key, is TP_EX_DATAERR naming path and the key; a
 * format newer than TP_MMETA_FORMAT is TP_EX_CONFIG (a newer tp made it).
 */
int tp_mmeta_load(struct tp_mmeta *m, const char *path, struct tp_err *err);
void tp_mmeta_release(struct tp_mmeta *m);

/* The hash of rows x (n * nf) and labels y into hex[65]. */
void tp_mmeta_hash(const double *x, const double *y, long n, int nf,
    char hex[65]);

#endif
