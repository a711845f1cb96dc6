/*
 * test_mdi.c: FreqAI's dissimilarity index (model/tp_mdi.h) on a set
 * worked by hand.  FreqAI drops training rows with a NaN (or an
 * infinity) first (freqai/data_kitchen.py, filter_features), then its
 * pipeline (freqai/freqai_interface.py, define_data_pipeline) removes
 * constant features (datasieve's VarianceThreshold(threshold=0)), scales
 * each to [-1, 1] over the training rows (sklearn's MinMaxScaler((-1, 1)):
 * scale_ = 2 / (max - min), min_ = -1 - min * scale_, x * scale_ + min_)
 * and measures the DI there (datasieve/transforms/dissimilarity_index.py):
 * avg_mean_dist is the mean of sklearn's pairwise_distances over the
 * scaled training rows with the diagonal left out; a row's DI is the
 * smallest distance of the scaled row to a scaled training row over
 * avg_mean_dist.
 *
 * The training rows (0,0), (3,0), (0,4): feature 1 spans [0, 3], scale_
 * 2/3 and min_ -1; feature 2 spans [0, 4], scale_ 1/2 and min_ -1.  The
 * rows scale to (-1,-1), (1,-1), (-1,1) (3 * 2/3 rounds to 2 exactly):
 * the six off-diagonal distances are 2, 2, 2 sqrt 2 twice, so
 * avg_mean_dist is (4 + 2 sqrt 2) / 3 = (4 + sqrt 8) / 3 (about 2.276).
 * Unscaled they were a 3-4-5 triangle, avg_mean_dist 4: the scaling
 * gives each feature the same span.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/tp_mdi.h"
#include "tap.h"

static char dir[] = "/tmp/test_mdi.XXXXXX";
static char path[64];

#define AVG ((4 + sqrt(8.0)) / 3)

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-15 * fabs(b);
}

static const double rows[] = {
	0, 0,
	NAN, 1,		/* left out: a missing feature */
	3, 0,
	INFINITY, 0,	/* left out: FreqAI turns it into NaN */
	0, 4,
};

static void
test_fit(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	const double a[] = { 3, 4 }, b[] = { 6, 8 }, c[] = { 0, 0 },
	    e[] = { 1, NAN };

	const double scaled[] = { -1, -1, 1, -1, -1, 1 };

	tap_ok(tp_mdi_fit(&d, rows, 5, 2, &err) == 0 && d.n == 3,
	    "fit: the 3 rows without a missing value kept");
	tap_ok(d.scale[0] == 2.0 / 3 && d.min[0] == -1 &&
	    d.scale[1] == 0.5 && d.min[1] == -1,
	    "fit: scale_ 2/3 and 1/2, min_ -1 and -1");
	tap_ok(memcmp(d.x, scaled, sizeof(scaled)) == 0,
	    "fit: the rows kept scaled: (-1,-1), (1,-1), (-1,1)");
	tap_ok(near(d.avg, AVG), "fit: avg_mean_dist (2 + 2 + 2 sqrt 2) * 2 "
	    "/ 6");
	/* (3,4) scales to (1,1): 2 sqrt 2, 2 and 2 from the rows */
	tap_ok(near(tp_mdi_value(&d, a), 2 / AVG),
	    "value: (3,4) is 2 / avg_mean_dist");
	/* (6,8) scales to (3,3): sqrt(16 + 16), sqrt(4 + 16), sqrt(16 + 4) */
	tap_ok(near(tp_mdi_value(&d, b), sqrt(20.0) / AVG),
	    "value: (6,8) is sqrt(20) / avg_mean_dist");
	tap_ok(tp_mdi_value(&d, c) == 0, "value: a training row is 0");
	tap_ok(isnan(tp_mdi_value(&d, e)), "value: a missing feature, NaN");
	tp_mdi_release(&d);
}

/* A feature constant over the rows kept is one VarianceThreshold removes:
 * scale_ 0 (its column -1), nothing in a distance, whatever a row's
 * value of it. */
static void
test_constant(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	const double x[] = {
		0, 5, 0,
		3, 5, 0,
		7, NAN, 7,	/* left out: the 5 stays constant */
		0, 5, 4,
	}, a[] = { 3, 1e6, 4 }, c[] = { 0, -5, 0 };

	tap_ok(tp_mdi_fit(&d, x, 4, 3, &err) == 0 && d.n == 3 &&
	    d.scale[1] == 0 && d.min[1] == -1 && d.x[1] == -1 &&
	    d.x[4] == -1 && d.x[7] == -1,
	    "constant: scale_ 0 and min_ -1, its column -1");
	tap_ok(near(d.avg, AVG), "constant: avg_mean_dist as without it");
	tap_ok(near(tp_mdi_value(&d, a), 2 / AVG),
	    "constant: (3,1e6,4) as (3,4) without it");
	tap_ok(tp_mdi_value(&d, c) == 0,
	    "constant: (0,-5,0) as the training row (0,0)");
	tp_mdi_release(&d);
}

/* MinMax scaling undoes any scaling and shift of a feature, so that the
 * fit may take z-scored rows where FreqAI scales the raw ones: rows in
 * other units give the same DI, to rounding. */
static void
test_units(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	/* feature 1 * 1000 + 7, feature 2 / 1000 - 2 */
	const double x[] = { 7, -2, 3007, -2, 7, -1.996 },
	    a[] = { 3007, -1.996 };

	tap_ok(tp_mdi_fit(&d, x, 3, 2, &err) == 0 &&
	    fabs(d.avg - AVG) <= 1e-12 &&
	    fabs(tp_mdi_value(&d, a) - 2 / AVG) <= 1e-12,
	    "units: (3,4) in other units is 2 / avg_mean_dist as well");
	tp_mdi_release(&d);
}

/*
 * Past 64 features and 64 rows a value goes by blocks of each.  130 rows
 * of 70 features, row i all i: each feature spans [0, 129], scale_
 * 2/129, so rows i and j are |i - j| * 2/129 * sqrt 70 apart, and the
 * mean of |i - j| over distinct pairs of 0 .. N - 1 is (N + 1) / 3:
 * avg_mean_dist = 131/3 * 2/129 * sqrt 70.  The row of 129s but 130 for
 * the last feature (past the first 64) is 2/129 from the last row (past
 * the first 128): di = 3 / (131 sqrt 70).
 */
static void
test_wide(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	double *x = malloc(130 * 70 * sizeof(double)), a[70], avg;
	int i, k;

	if (x == NULL)
		return (void)tap_ok(0, "wide: malloc");
	for (i = 0; i < 130; i++)
		for (k = 0; k < 70; k++)
			x[i * 70 + k] = i;
	for (k = 0; k < 70; k++)
		a[k] = k < 69 ? 129 : 130;
	avg = 131.0 / 3 * 2 / 129 * sqrt(70.0);
	tap_ok(tp_mdi_fit(&d, x, 130, 70, &err) == 0 &&
	    fabs(d.avg - avg) <= 1e-12 * avg,
	    "wide: avg_mean_dist 131/3 * 2/129 * sqrt 70");
	tap_ok(fabs(tp_mdi_value(&d, a) - 3 / (131 * sqrt(70.0))) <= 1e-12,
	    "wide: one feature past 64 off the row past 128: 3 / (131 sqrt "
	    "70)");
	tap_ok(tp_mdi_value(&d, x + 100 * 70) == 0, "wide: a training row, 0");
	tp_mdi_release(&d);
	free(x);
}

static void
test_refused(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	const double same[] = { 1, 2, 1, 2, 1, 2 };

	tap_ok(tp_mdi_fit(&d, rows, 2, 2, &err) < 0 &&
	    err.code == 65 && strstr(err.msg, "there is 1") != NULL,
	    "fit: one usable row is refused (65)");
	tp_mdi_release(&d);
	err = (struct tp_err)TP_ERR_INIT;
	tap_ok(tp_mdi_fit(&d, same, 3, 2, &err) < 0 && err.code == 65,
	    "fit: rows all the same are refused (65)");
	tp_mdi_release(&d);
}

/* The file's bytes into b (cap), its size returned; -1 when unread. */
static long
bytes(unsigned char *b, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(b, 1, cap, f);
	fclose(f);
	return (long)n;
}

static void
put(const unsigned char *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f != NULL) {
		fwrite(b, 1, n, f);
		fclose(f);
	}
}

/* The code of loading path of nf features, negated when the error does
 * not name the file; the message must hold want (when not NULL). */
static int
load_says(int nf, const char *want)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	int rc = tp_mdi_load(&d, path, nf, &err);

	tp_mdi_release(&d);
	if (rc == 0)
		return 0;
	if (want != NULL && strstr(err.msg, want) == NULL)
		return -1;
	return err.file != NULL && strcmp(err.file, path) == 0 ?
	    err.code : -err.code;
}

static int
load_code(int nf)
{
	return load_says(nf, NULL);
}

static void
test_file(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d, l;
	unsigned char b[256], good[256];
	long n;
	const double a[] = { 3, 4 };

	tp_mdi_fit(&d, rows, 5, 2, &err);
	snprintf(path, sizeof(path), "%s/train.f64", dir);
	tap_ok(tp_mdi_save(&d, path, &err) == 0, "save");
	n = bytes(good, sizeof(good));
	/*
	 * header: magic, format 2 and 2 features (32-bit LE), 3 rows (64-bit
	 * LE), avg_mean_dist; then scale_ 2/3 (0x3fe5555555555555) and 0.5
	 * (0x3fe0000000000000), min_ -1 and -1 (0xbff0000000000000), then
	 * the 6 doubles of the scaled rows: 1.0 (0x3ff0000000000000) the
	 * third, all little-endian
	 */
	tap_ok(n == 32 + 4 * 8 + 6 * 8 && memcmp(good, "tp-f64\n\0", 8) == 0 &&
	    memcmp(good + 8, "\2\0\0\0\2\0\0\0\3\0\0\0\0\0\0\0", 16) == 0 &&
	    memcmp(good + 32, "\x55\x55\x55\x55\x55\x55\xe5\x3f", 8) == 0 &&
	    memcmp(good + 40, "\0\0\0\0\0\0\xe0\x3f", 8) == 0 &&
	    memcmp(good + 48, "\0\0\0\0\0\0\xf0\xbf", 8) == 0 &&
	    memcmp(good + 56, "\0\0\0\0\0\0\xf0\xbf", 8) == 0 &&
	    memcmp(good + 64 + 16, "\0\0\0\0\0\0\xf0\x3f", 8) == 0,
	    "save: the header, scaling and scaled rows, little-endian");
	tap_ok(tp_mdi_load(&l, path, 2, &err) == 0 && l.n == 3 &&
	    l.avg == d.avg && memcmp(l.x, d.x, 6 * sizeof(double)) == 0 &&
	    memcmp(l.scale, d.scale, 2 * sizeof(double)) == 0 &&
	    memcmp(l.min, d.min, 2 * sizeof(double)) == 0 &&
	    tp_mdi_value(&l, a) == tp_mdi_value(&d, a),
	    "load: what was saved, scaling a row as the fit did");
	tp_mdi_release(&l);
	tp_mdi_release(&d);
	tap_ok(load_code(3) == 65, "load: other features, 65 naming the file");
	put(good, (size_t)n - 1);
	tap_ok(load_code(2) == 65, "load: truncated, 65 naming the file");
	put(good, 20);
	tap_ok(load_code(2) == 65, "load: half a header, 65");
	memcpy(b, good, (size_t)n);
	b[8] = 3;
	put(b, (size_t)n);
	tap_ok(load_code(2) == 78, "load: a newer format, 78");
	/* format 1: a header, then the z-scored rows, unscaled */
	memcpy(b, good, 32);
	b[8] = 1;
	memcpy(b + 32, good + 64, 6 * 8);
	put(b, 32 + 6 * 8);
	tap_ok(load_says(2, "train the model again") == 78,
	    "load: format 1, 78: train the model again");
	memcpy(b, good, (size_t)n);
	b[8] = 0;
	put(b, (size_t)n);
	tap_ok(load_code(2) == 65, "load: format 0, 65");
	memcpy(b, good, (size_t)n);
	b[32 + 7] = 0xbf;	/* scale_ -2/3 */
	put(b, (size_t)n);
	tap_ok(load_code(2) == 65, "load: a scale_ below 0, 65");
	memcpy(b, good, (size_t)n);
	memset(b + 48, 0xff, 8);	/* min_ a NaN */
	put(b, (size_t)n);
	tap_ok(load_code(2) == 65, "load: a min_ not a number, 65");
	memcpy(b, good, (size_t)n);
	b[0] = 'x';
	put(b, (size_t)n);
	tap_ok(load_code(2) == 65, "load: no magic, 65");
	memcpy(b, good, (size_t)n);
	b[16] = 0xff;
	b[23] = 0xff;
	put(b, (size_t)n);
	tap_ok(load_code(2) == 65, "load: rows past the file's end, 65");
	unlink(path);
	tap_ok(load_code(2) == 66, "load: no file, 66");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return tap_ok(0, "mkdtemp"), tap_done();
	test_fit();
	test_constant();
	test_units();
	test_wide();
	test_refused();
	test_file();
	rmdir(dir);
	return tap_done();
}
