/*
 * tp_mdi.h: FreqAI's dissimilarity index (DI), how far a row is from the
 * rows a model learned on.
 *
 * As datasieve's DissimilarityIndex (datasieve/transforms/
 * dissimilarity_index.py, which FreqAI's pipeline runs): fitted on the
 * training rows (z-scored, as the model saw them), avg_mean_dist is the
 * mean Euclidean distance between two distinct training rows (sklearn's
 * pairwise_distances with its diagonal left out: each pair in both
 * orders, the same mean as each pair once); a row's DI is its distance to
 * the nearest training row over avg_mean_dist, and the prediction is
 * trusted only when DI < DI_threshold.  FreqAI drops rows with a missing
 * feature before the pipeline (data_kitchen's filter_features), so the
 * fit leaves them out too, and a row with one has no DI (NaN).
 *
 * Fitting is O(n^2 nf), a row's DI O(n nf) without allocation.  The
 * rows are kept in a version's "train.f64": a 32-byte header (the magic
 * "tp-f64\n\0", format and features as 32-bit and rows as a 64-bit
 * unsigned, avg_mean_dist as a double) then rows * features doubles, row
 * by row, all little-endian.
 */
#ifndef TP_MDI_H
#define TP_MDI_H

#include "core/tp_err.h"

/* The format this tp writes and the newest it reads. */
#define TP_MDI_FORMAT 1
#define TP_MDI_FILE "train.f64"

struct tp_mdi {
	long n;			/* training rows kept */
	int nf;
	double *x;		/* n * nf */
	double avg;		/* avg_mean_dist */
};

/*
 * Fit d on x (n * nf, row by row), leaving out rows with a NaN.
 * TP_EX_DATAERR when fewer than two rows are left or they are all the
 * same (no distance to measure by).
 */
int tp_mdi_fit(struct tp_mdi *d, const double *x, long n, int nf,
    struct tp_err *err);
/* The DI of row (nf values, z-scored as the training rows); NaN when one
 * is missing. */
double tp_mdi_value(const struct tp_mdi *d, const double *row);

/* Write d to path (a new file). */
int tp_mdi_save(const struct tp_mdi *d, const char *path,
    struct tp_err *err);
/* Read path, of nf features, into d: TP_EX_DATAERR naming path when it
 * is not such a file, is truncated or of other features; TP_EX_CONFIG
 * for a newer format. */
int tp_mdi_load(struct tp_mdi *d, const char *path, int nf,
    struct tp_err *err);
void tp_mdi_release(struct tp_mdi *d);

#endif
