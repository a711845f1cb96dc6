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

static double
dist2(const double *a, const double *b, int nf)
{
	double s = 0, d;
	int k;

	for (k = 0; k < nf; k++) {
		d = a[k] - b[k];
		s += d * d;
	}
	return s;
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
			row += sqrt(dist2(x + i * nf, x + j * nf, nf));
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
	if (d->x == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; i < n; i++)
		if (complete(x + i * nf, nf))
			memcpy(d->x + d->n++ * nf, x + i * nf,
			    (size_t)nf * sizeof(double));
	if (d->n < 2)
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "the dissimilarity "
		    "index needs two training rows without a missing feature; "
		    "there %s %ld", d->n == 1 ? "is" : "are", d->n);
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
	for (i = 0; i < d->n; i++)
		if ((s = dist2(d->x + i * d->nf, row, d->nf)) < best)
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
	size_t nv = (size_t)d->n * (size_t)d->nf, k;
	unsigned char *b = malloc(HEADER + nv * 8);
	int rc;

	if (b == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	memcpy(b, magic, 8);
	/* format and features: two 32-bit words in one 64-bit one */
	put_u64(b + 8, (uint64_t)TP_MDI_FORMAT | (uint64_t)d->nf << 32);
	put_u64(b + 16, (uint64_t)d->n);
	put_f64(b + 24, d->avg);
	for (k = 0; k < nv; k++)
		put_f64(b + HEADER + 8 * k, d->x[k]);
	rc = tp_write_file(path, (const char *)b, HEADER + nv * 8, err);
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
	uint64_t w;

	if (n < HEADER || memcmp(b, magic, 8) != 0)
		return bad(path, err, n < HEADER ? "too short" : "no magic");
	w = get_u64(b + 8);
	if ((w & 0xffffffff) > TP_MDI_FORMAT)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "training rows of "
		    "format %lu, newer than this tp reads (%d)",
		    (unsigned long)(w & 0xffffffff), TP_MDI_FORMAT);
	if ((w & 0xffffffff) == 0)
		return bad(path, err, "format 0");
	if (w >> 32 != (uint64_t)nf)
		return bad(path, err, "not the model's features");
	*rows = get_u64(b + 16);
	if (*rows < 2 || *rows > (n - HEADER) / 8 / (uint64_t)nf ||
	    HEADER + *rows * (uint64_t)nf * 8 != n)
		return bad(path, err, "truncated, or longer than its rows");
	return 0;
}

int
tp_mdi_load(struct tp_mdi *d, const char *path, int nf, struct tp_err *err)
{
	unsigned char *b;
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
	if ((d->x = malloc((n - HEADER) > 0 ? n - HEADER : 1)) == NULL) {
		free(b);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	for (k = 0; k < (size_t)rows * (size_t)nf; k++)
		d->x[k] = get_f64(b + HEADER + 8 * k);
	free(b);
	if (!(d->avg > 0) || !isfinite(d->avg))
		return bad(path, err, "its mean distance is not above 0");
	for (k = 0; k < (size_t)rows; k++)
		if (!complete(d->x + k * (size_t)nf, nf))
			return bad(path, err, "a row with a missing feature");
	return 0;
}

void
tp_mdi_release(struct tp_mdi *d)
{
	free(d->x);
	memset(d, 0, sizeof(*d));
}
