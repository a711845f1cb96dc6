/*
 * tp_mdi.c: FreqAI's dissimilarity index (tp_mdi.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/tp_mdi.h"
#include "rec/tp_write.h"

#define HEADER 32
static const char magic[8] = "tp-f64\n";

/* Missing, as FreqAI counts it: NaN, and infinities it turns into NaN. */
static int
complete(const double *row, int nf)
{
	int k;

	for (k = 0; k < nf; k++)
		if (!isfinite(row[k]))
			return 0;
	return 1;
}

/* s plus the squared distance between a and b over nf features: each
 * feature added in order, whether the sum starts at 0 or where an
 * earlier run of features left it. */
static double
add_dist2(double s, const double *a, const double *b, int nf)
{
	double t;
	int k;

	for (k = 0; k < nf; k++) {
		t = a[k] - b[k];
		s += t * t;
	}
	return s;
}

/* row scaled as the training rows were (as sklearn's transform:
 * X *= scale_; X += min_), into q. */
static void
scale_row(const struct tp_mdi *d, const double *row, double *q)
{
	int k;

	for (k = 0; k < d->nf; k++)
		q[k] = row[k] * d->scale[k] + d->min[k];
}

/*
 * sklearn's MinMaxScaler(feature_range=(-1, 1)) fitted on the n rows of
 * x (sklearn/preprocessing/_data.py, MinMaxScaler.partial_fit:
 * scale_ = 2 / (max - min), min_ = -1 - min * scale_), then applied to
 * them.  A constant feature (max == min) is one datasieve's
 * VarianceThreshold(threshold=0) removes before the scaler sees it
 * (sklearn's VarianceThreshold with threshold 0 drops a zero peak to
 * peak): scale_ 0 makes its column -1 in every row, nothing in any
 * distance.  sklearn also takes a range under 10 machine epsilons for 0
 * (_handle_zeros_in_scale); not here, as that test depends on the
 * units, which the z-scoring has changed.
 */
static void
minmax(struct tp_mdi *d)
{
	double lo, hi, v;
	long i;
	int k;

	for (k = 0; k < d->nf; k++) {
		lo = hi = d->x[k];
		for (i = 1; i < d->n; i++) {
			v = d->x[i * d->nf + k];
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		d->scale[k] = hi > lo ? 2 / (hi - lo) : 0;
		d->min[k] = -1 - lo * d->scale[k];
		for (i = 0; i < d->n; i++)
			d->x[i * d->nf + k] = d->x[i * d->nf + k] *
			    d->scale[k] + d->min[k];
	}
}

/* The mean distance between distinct rows: each pair once, as the mean
 * over both orders of a symmetric matrix is the same. */
static double
avg_mean_dist(const double *x, long n, int nf)
{
	double sum = 0, row;
	long i, j;

	for (i = 0; i < n; i++) {
		/* a row's sum first: fewer large additions, less rounding */
		row = 0;
		for (j = i + 1; j < n; j++)
			row += sqrt(add_dist2(0, x + i * nf, x + j * nf, nf));
		sum += row;
	}
	return sum / ((double)n * (double)(n - 1) / 2);
}

int
tp_mdi_fit(struct tp_mdi *d, const double *x, long n, int nf,
    struct tp_err *err)
{
	long i;

	memset(d, 0, sizeof(*d));
	d->nf = nf;
	d->x = malloc((size_t)(n > 0 ? n : 1) * (size_t)nf * sizeof(double));
	d->scale = malloc(3 * (size_t)nf * sizeof(double));
	if (d->x == NULL || d->scale == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	d->min = d->scale + nf;
	d->q = d->min + nf;
	for (i = 0; i < n; i++)
		if (complete(x + i * nf, nf))
			memcpy(d->x + d->n++ * nf, x + i * nf,
			    (size_t)nf * sizeof(double));
	if (d->n < 2)
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "the dissimilarity "
		    "index needs two training rows without a missing feature; "
		    "there %s %ld", d->n == 1 ? "is" : "are", d->n);
	minmax(d);
	d->avg = avg_mean_dist(d->x, d->n, nf);
	if (!(d->avg > 0))
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "the training rows "
		    "are all the same: no dissimilarity index");
	return 0;
}

double
tp_mdi_value(const struct tp_mdi *d, const double *row)
{
	double best = INFINITY, s;
	long i;

	if (!complete(row, d->nf))
		return NAN;
	/* scaled once, not again for each training row (20 to 40% of the
	 * time at 3 to 100 features, gcc -O3) */
	scale_row(d, row, d->q);
	for (i = 0; i < d->n; i++)
		if ((s = add_dist2(0, d->x + i * d->nf, d->q, d->nf)) < best)
			best = s;
	return sqrt(best) / d->avg;
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	int k;

	for (k = 0; k < 8; k++)
		p[k] = (unsigned char)(v >> (8 * k));
}

static uint64_t
get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	int k;

	for (k = 7; k >= 0; k--)
		v = v << 8 | p[k];
	return v;
}

static void
put_f64(unsigned char *p, double x)
{
	uint64_t v;

	memcpy(&v, &x, sizeof(v));
	put_u64(p, v);
}

static double
get_f64(const unsigned char *p)
{
	uint64_t v = get_u64(p);
	double x;

	memcpy(&x, &v, sizeof(x));
	return x;
}

int
tp_mdi_save(const struct tp_mdi *d, const char *path, struct tp_err *err)
{
	size_t nf = (size_t)d->nf, nv = (size_t)d->n * nf, k;
	unsigned char *b = malloc(HEADER + (2 * nf + nv) * 8), *p;
	int rc;

	if (b == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	memcpy(b, magic, 8);
	/* format and features: two 32-bit words in one 64-bit one */
	put_u64(b + 8, (uint64_t)TP_MDI_FORMAT | (uint64_t)d->nf << 32);
	put_u64(b + 16, (uint64_t)d->n);
	put_f64(b + 24, d->avg);
	p = b + HEADER;
	for (k = 0; k < 2 * nf; k++, p += 8)
		put_f64(p, d->scale[k]);	/* scale_, then min_ */
	for (k = 0; k < nv; k++, p += 8)
		put_f64(p, d->x[k]);
	rc = tp_write_file(path, (const char *)b, (size_t)(p - b), err);
	free(b);
	return rc;
}

static int
bad(const char *path, struct tp_err *err, const char *what)
{
	return tp_errf(err, TP_EX_DATAERR, path, 0, "not a file of training "
	    "rows: %s: train the model again (tp-predict train)", what);
}

/* The whole of path into *b, its size into *n (at most max bytes). */
static int
slurp(const char *path, unsigned char **b, size_t *n, struct tp_err *err)
{
	FILE *f = fopen(path, "rb");
	long size;

	*b = NULL;
	if (f == NULL)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return tp_errf(err, TP_EX_IOERR, path, 0, "cannot read: %s",
		    strerror(errno));
	}
	*n = (size_t)size;
	if ((*b = malloc(*n > 0 ? *n : 1)) == NULL) {
		fclose(f);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	if (fread(*b, 1, *n, f) != *n) {
		fclose(f);
		return tp_errf(err, TP_EX_IOERR, path, 0, "cannot read it "
		    "whole");
	}
	fclose(f);
	return 0;
}

/* The header of b (n bytes) against nf; the rows into *rows. */
static int
header(const unsigned char *b, size_t n, int nf, const char *path,
    uint64_t *rows, struct tp_err *err)
{
	uint64_t w, fmt, scaling = 2 * 8 * (uint64_t)nf;

	if (n < HEADER || memcmp(b, magic, 8) != 0)
		return bad(path, err, n < HEADER ? "too short" : "no magic");
	w = get_u64(b + 8);
	fmt = w & 0xffffffff;
	if (fmt > TP_MDI_FORMAT)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "training rows of "
		    "format %lu, newer than this tp reads (%d)",
		    (unsigned long)fmt, TP_MDI_FORMAT);
	/* format 1 kept the z-scored rows, not FreqAI's [-1, 1] ones */
	if (fmt == 1)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "training rows of "
		    "format 1, older than this tp reads (%d): train the "
		    "model again (tp-predict train)", TP_MDI_FORMAT);
	if (fmt == 0)
		return bad(path, err, "format 0");
	if (w >> 32 != (uint64_t)nf)
		return bad(path, err, "not the model's features");
	*rows = get_u64(b + 16);
	if (n < HEADER + scaling || *rows < 2 ||
	    *rows > (n - HEADER - scaling) / 8 / (uint64_t)nf ||
	    HEADER + scaling + *rows * (uint64_t)nf * 8 != n)
		return bad(path, err, "truncated, or longer than its rows");
	return 0;
}

/* What a fit gives: a mean distance above 0, finite scales not below 0,
 * finite offsets, rows without a missing value. */
static int
valid(const struct tp_mdi *d, const char *path, struct tp_err *err)
{
	long i;
	int k;

	if (!(d->avg > 0) || !isfinite(d->avg))
		return bad(path, err, "its mean distance is not above 0");
	for (k = 0; k < d->nf; k++)
		if (!(d->scale[k] >= 0) || !isfinite(d->scale[k]) ||
		    !isfinite(d->min[k]))
			return bad(path, err, "a scale below 0 or not a "
			    "finite number");
	for (i = 0; i < d->n; i++)
		if (!complete(d->x + i * d->nf, d->nf))
			return bad(path, err, "a row with a missing feature");
	return 0;
}

int
tp_mdi_load(struct tp_mdi *d, const char *path, int nf, struct tp_err *err)
{
	unsigned char *b, *p;
	uint64_t rows = 0;
	size_t n = 0, k;

	memset(d, 0, sizeof(*d));
	if (slurp(path, &b, &n, err) < 0 ||
	    header(b, n, nf, path, &rows, err) < 0) {
		free(b);
		return -1;
	}
	d->nf = nf;
	d->n = (long)rows;
	d->avg = get_f64(b + 24);
	d->x = malloc((size_t)rows * (size_t)nf * sizeof(double));
	d->scale = malloc(3 * (size_t)nf * sizeof(double));
	if (d->x == NULL || d->scale == NULL) {
		free(b);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	d->min = d->scale + nf;
	d->q = d->min + nf;
	p = b + HEADER;
	for (k = 0; k < 2 * (size_t)nf; k++, p += 8)
		d->scale[k] = get_f64(p);
	for (k = 0; k < (size_t)rows * (size_t)nf; k++, p += 8)
		d->x[k] = get_f64(p);
	free(b);
	return valid(d, path, err);
}

void
tp_mdi_release(struct tp_mdi *d)
{
	free(d->x);
	free(d->scale);
	memset(d, 0, sizeof(*d));
}
