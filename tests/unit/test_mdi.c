/*
 * test_mdi.c: FreqAI's dissimilarity index (model/tp_mdi.h) on a set
 * worked by hand.  The formula is datasieve's DissimilarityIndex
 * (datasieve/transforms/dissimilarity_index.py): avg_mean_dist is the
 * mean of sklearn's pairwise_distances over the training rows with the
 * diagonal left out; a row's DI is its smallest distance to a training
 * row over avg_mean_dist.  FreqAI drops training rows with a NaN (or an
 * infinity) first (freqai/data_kitchen.py, filter_features).
 *
 * The training rows (0,0), (3,0), (0,4) are a 3-4-5 right triangle: the
 * six off-diagonal distances are 3, 4, 5 twice, so avg_mean_dist is
 * 24 / 6 = 4.
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

	tap_ok(tp_mdi_fit(&d, rows, 5, 2, &err) == 0 && d.n == 3,
	    "fit: the 3 rows without a missing value kept");
	tap_ok(d.avg == 4, "fit: avg_mean_dist (3 + 4 + 5) * 2 / 6 = 4");
	/* (3,4) is 5, 4 and 3 from the rows: the nearest is 3 away */
	tap_ok(tp_mdi_value(&d, a) == 0.75, "value: (3,4) is 3 / 4");
	/* (6,8): 10, sqrt(9 + 64), sqrt(36 + 16) */
	tap_ok(tp_mdi_value(&d, b) == sqrt(52.0) / 4,
	    "value: (6,8) is sqrt(52) / 4");
	tap_ok(tp_mdi_value(&d, c) == 0, "value: a training row is 0");
	tap_ok(isnan(tp_mdi_value(&d, e)), "value: a missing feature, NaN");
	tp_mdi_release(&d);
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

static int
load_code(int nf)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	int rc = tp_mdi_load(&d, path, nf, &err);

	tp_mdi_release(&d);
	return rc == 0 ? 0 : err.file != NULL && strcmp(err.file, path) == 0 ?
	    err.code : -err.code;
}

static void
test_file(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d, l;
	unsigned char b[256], good[256];
	long n;

	tp_mdi_fit(&d, rows, 5, 2, &err);
	snprintf(path, sizeof(path), "%s/train.f64", dir);
	tap_ok(tp_mdi_save(&d, path, &err) == 0, "save");
	n = bytes(good, sizeof(good));
	/* header: magic, format 1 and 2 features (32-bit LE), 3 rows (64-bit
	 * LE), 4.0 (0x4010000000000000 LE); then 6 doubles: 3.0 the third */
	tap_ok(n == 32 + 6 * 8 && memcmp(good, "tp-f64\n\0", 8) == 0 &&
	    memcmp(good + 8, "\1\0\0\0\2\0\0\0\3\0\0\0\0\0\0\0", 16) == 0 &&
	    memcmp(good + 24, "\0\0\0\0\0\0\x10\x40", 8) == 0 &&
	    memcmp(good + 32 + 16, "\0\0\0\0\0\0\x08\x40", 8) == 0,
	    "save: the header and rows, little-endian");
	tap_ok(tp_mdi_load(&l, path, 2, &err) == 0 && l.n == 3 &&
	    l.avg == 4 && memcmp(l.x, d.x, 6 * sizeof(double)) == 0,
	    "load: what was saved");
	tp_mdi_release(&l);
	tp_mdi_release(&d);
	tap_ok(load_code(3) == 65, "load: other features, 65 naming the file");
	put(good, (size_t)n - 1);
	tap_ok(load_code(2) == 65, "load: truncated, 65 naming the file");
	put(good, 20);
	tap_ok(load_code(2) == 65, "load: half a header, 65");
	memcpy(b, good, (size_t)n);
	b[8] = 2;
	put(b, (size_t)n);
	tap_ok(load_code(2) == 78, "load: a newer format, 78");
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
	test_refused();
	test_file();
	rmdir(dir);
	return tap_done();
}
