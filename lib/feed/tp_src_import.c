/*
 * tp_src_import.c: candles from local files.
 *
 * Reads tp's own CSV and NDJSON streams, Binance's public kline dumps
 * (data.binance.vision: CSV without a header, 12 columns, open time in ms,
 * or in microseconds in the spot dumps since 2025) and freqtrade's JSON
 * candle files ([[ms, open, high, low, close, volume], ...]).  The format
 * is told from each file's content, so one command can mix them.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/tp_source.h"
#include "rec/tp_read.h"

/* Binance kline columns (binance-public-data README, "Klines"). */
static const char *const binance_cols[12] = {
	"time", "open", "high", "low", "close", "volume", "close_time",
	"quote_volume", "trades", "taker_buy_base_volume",
	"taker_buy_quote_volume", "ignore"
};

struct tp_src_import {
	struct tp_reader rd;
	struct tp_candle_cols cols;
	const struct tp_source_args *a;
	int binance;		/* current file is a Binance dump */
	int drop[2];		/* ids of the dump columns dropped */
};

/* Fields in the first line of a headerless CSV. */
static int
first_line_fields(const char *p, size_t n)
{
	int k = 1;
	size_t i;

	for (i = 0; i < n && p[i] != '\n'; i++)
		k += p[i] == ',';
	return k;
}

static int
sniff(struct tp_reader *r, void *ctx, struct tp_err *err)
{
	struct tp_src_import *im = ctx;
	size_t n, i;
	const char *p = tp_reader_peek(r, &n);
	int k;

	im->binance = 0;
	im->cols.unit = im->a->time_unit;
	if (tp_reader_format(r) == TP_FMT_JARRAY)
		return tp_reader_set_header(r, binance_cols, 6, err);
	if (tp_reader_format(r) != TP_FMT_CSV || !(p[0] >= '0' && p[0] <= '9'))
		return 0;
	/* A CSV starting with a digit has no header: an exchange dump. */
	k = first_line_fields(p, n);
	if (k != 6 && k != 12)
		return tp_errf(err, TP_EX_DATAERR, r->name, r->line,
		    "headerless CSV with %d columns: expected 6 (time, open, "
		    "high, low, close, volume) or 12 (a Binance kline dump)",
		    k);
	im->binance = k == 12;
	if (!im->a->time_unit_given) {
		/* Binance spot dumps from 2025 count microseconds. */
		for (i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			;
		im->cols.unit = i >= 16 ? TP_UNIT_US : TP_UNIT_MS;
	}
	return tp_reader_set_header(r, binance_cols, k, err);
}

int
tp_src_import_open(struct tp_src_import **imp, const struct tp_source_args *a,
    struct tp_err *err)
{
	struct tp_src_import *im = calloc(1, sizeof(*im));

	*imp = im;
	if (im == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	im->a = a;
	if (tp_reader_init(&im->rd, a->names, a->files, a->nfiles,
	    a->input_format, err) < 0 ||
	    tp_candle_cols_init(&im->cols, a->names, a->time_unit, err) < 0)
		return -1;
	im->drop[0] = tp_names_intern(a->names, TP_LIT("close_time"));
	im->drop[1] = tp_names_intern(a->names, TP_LIT("ignore"));
	if (im->drop[0] < 0 || im->drop[1] < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	tp_reader_set_sniff(&im->rd, sniff, im);
	tp_reader_set_idle(&im->rd, a->idle, a->idle_ctx);
	return 0;
}

int
tp_src_import_read(struct tp_src_import *im, struct tp_rec *rec,
    struct tp_err *err)
{
	int rc = tp_read(&im->rd, rec, err), k, i;

	if (rc <= 0 || !im->binance)
		return rc;
	/* close_time is time plus the timeframe less 1 ms; ignore is 0. */
	for (k = 0; k < 2; k++) {
		i = tp_rec_find(rec, im->drop[k], -1);
		if (i >= 0)
			tp_rec_remove(rec, i);
	}
	return 1;
}

int
tp_src_import_candle(struct tp_src_import *im, struct tp_rec *rec,
    struct tp_candle *c, struct tp_err *err)
{
	int canon = 0;

	if (tp_candle_get(&im->cols, rec, c, &canon, err) < 0)
		return -1;
	if (!canon && tp_rec_set_i64(rec, im->cols.at[TP_C_TIME], c->time) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_source_label(im->a, &im->cols, rec, err);
}

struct tp_candle_cols *
tp_src_import_cols(struct tp_src_import *im)
{
	return &im->cols;
}

enum tp_fmt
tp_src_import_format(struct tp_src_import *im)
{
	enum tp_fmt f = tp_reader_format(&im->rd);

	return f == TP_FMT_NDJSON ? f : TP_FMT_CSV;
}

int
tp_src_import_header(struct tp_src_import *im, const int **ids)
{
	*ids = im->rd.hdr;
	return im->rd.fmt == TP_FMT_CSV ? im->rd.nhdr : 0;
}

void
tp_src_import_close(struct tp_src_import *im)
{
	if (im == NULL)
		return;
	tp_reader_release(&im->rd);
	free(im);
}

/* ---- as a source --------------------------------------------------------- */

static int
import_open(void **st, const struct tp_source_args *a, struct tp_err *err)
{
	struct tp_src_import *im = NULL;
	int rc = tp_src_import_open(&im, a, err);

	*st = im;
	return rc;
}

static int
import_next(void *st, struct tp_rec *rec, struct tp_err *err)
{
	struct tp_src_import *im = st;
	struct tp_candle c;
	int rc = tp_src_import_read(im, rec, err);

	if (rc <= 0)
		return rc;
	if (tp_src_import_candle(im, rec, &c, err) < 0 ||
	    tp_candle_check(&c, rec, err) < 0)
		return -1;
	return 1;
}

static enum tp_fmt
import_format(void *st)
{
	return tp_src_import_format(st);
}

static int
import_header(void *st, const int **ids)
{
	return tp_src_import_header(st, ids);
}

static void
import_close(void *st)
{
	tp_src_import_close(st);
}

const struct tp_source_ops tp_source_import = {
	"import", import_open, import_next, import_format, import_header,
	import_close, NULL
};
