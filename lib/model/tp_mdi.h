/*
 * tp_mdi.h: FreqAI's dissimilarity index (DI), how far a row is from the
 * rows a model learned on.
 *
 * FreqAI's feature pipeline (freqtrade, freqai/freqai_interface.py,
 * define_data_pipeline) runs, on the training rows left after data_kitchen's
 * filter_features drops those with a missing feature: datasieve's
 * VarianceThreshold(threshold=0) (constant features removed), sklearn's
 * MinMaxScaler(feature_range=(-1, 1)), then datasieve's DissimilarityIndex
 * (emergentmethods/datasieve, datasieve/transforms/variance_threshold.py
 * and dissimilarity_index.py).  So the distances are between rows scaled
 * to [-1, 1] over the training rows, not between the z-scored rows the
 * model sees.  The fit here takes the z-scored rows (min-max scaling is
 * invariant to z-scoring's affine map, so the scaled rows are the same to
 * rounding) and keeps, per feature, sklearn's scale_ = 2 / (hi - lo) and
 * min_ = -1 - lo * scale_ over the rows kept; a constant feature gets
 * scale_ 0, so that it adds nothing to any distance, as one removed.
 *
 * avg_mean_dist is then the mean Euclidean distance between two distinct
 * scaled training rows (sklearn's pairwise_distances with its diagonal
 * left out: each pair in both orders, the same mean as each pair once);
 * a row's DI is the distance of the row, scaled the same way, to the
 * nearest scaled training row over avg_mean_dist, and the prediction is
 * trusted only when DI < DI_threshold.  A row with a missing feature has
 * no DI (NaN).
 *
 * Fitting is O(n^2 nf), a row's DI O(n nf) without allocation.  The
 * fit is kept in a version's "train.f64", all little-endian: a 32-byte
 * header (the magic "tp-f64\n\0", format and features as 32-bit and
 * rows as a 64-bit unsigned, avg_mean_dist as a double), then nf scale_
 * and nf min_ doubles, then rows * features doubles, the scaled rows,
 * row by row.  Format 1 (before the scaling: the z-scored rows) is
 * refused with a word to train again.
 */
#ifndef TP_MDI_H
#define TP_MDI_H

#include "core/tp_err.h"

/* The format this tp writes and the newest it reads. */
#define TP_MDI_FORMAT 2
#define TP_MDI_FILE "train.f64"

struct tp_mdi {
	long n;			/* training rows kept */
	int nf;
	double *x;		/* n * nf, scaled */
	double *scale;		/* nf: MinMaxScaler's scale_, 0 if constant */
	double *min;		/* nf: its min_ (in scale's block) */
	double *q;		/* nf: tp_mdi_value()'s scaled row (ditto) */
	double avg;		/* avg_mean_dist */
};

/*
 * Fit d on x (n * nf, row by row), leaving out rows with a NaN: the
 * scaling and the scaled rows.  TP_EX_DATAERR when fewer than two rows
 * are left or they are all the same (no distance to measure by).
 */
int tp_mdi_fit(struct tp_mdi *d, const double *x, long n, int nf,
    struct tp_err *err);
/* The DI of row (nf values, z-scored as the rows given to the fit, which
 * scales it as it scaled them); NaN when one is missing.  It scales the
 * row into d's own buffer: one thread at a time for a d. */
double tp_mdi_value(const struct tp_mdi *d, const double *row);

/* Write d to path (a new file). */
int tp_mdi_save(const struct tp_mdi *d, const char *path,
    struct tp_err *err);
/* Read path, of nf features, into d: TP_EX_DATAERR naming path when it
 * is not such a file, is truncated or of other features; TP_EX_CONFIG
 * for another format (format 1, or a newer one). */
int tp_mdi_load(struct tp_mdi *d, const char *path, int nf,
    struct tp_err *err);
void tp_mdi_release(struct tp_mdi *d);

#endif
