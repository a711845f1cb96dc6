/*
 * tp_source.h: where candles come from.
 *
 * A source yields candle records one at a time.  tp-fetch picks one by name
 * and drives it with the same loop whatever it is: local files ("import"),
 * the seeded generator ("synth"), and, in time, one adapter file per
 * exchange.  Adding a source means one more struct tp_source_ops in lib/
 * and one line in tp_sources[].
 */
#ifndef TP_SOURCE_H
#define TP_SOURCE_H

#include <stdint.h>

#include "rec/tp_candle.h"
#include "rec/tp_rec.h"

struct tp_feed;

struct tp_source_args {
	struct tp_names *names;
	char **files;		/* import: inputs ("-" stdin) */
	int nfiles;
	enum tp_fmt input_format;
	enum tp_time_unit time_unit;
	int time_unit_given;	/* --time-unit was given */
	const char *symbol;	/* added to every candle when set */
	const char *timeframe;
	const char *exchange;
	uint64_t seed;		/* synth */
	long bars;
	int64_t start;		/* synth: first candle time, ms */
	int64_t tf_ms;		/* timeframe in ms, 0 if not given */
	double price;		/* synth: first open */
	/* Exchanges: the range (since -1: the last `last` candles; until
	 * 0: up to now), the candle still open too, the base URL (NULL:
	 * TP_<EXCHANGE>_URL, else the exchange's) and how long to retry. */
	int64_t since, until;
	long last;
	int include_open;
	const char *base_url;
	double max_wait;	/* seconds of retrying, then exit 75 */
	double timeout;		/* one request, seconds; 0: 30 */
	double max_backoff;	/* longest wait between tries; 0: 60 */
	double max_response;	/* MiB of one answer, decoded; 0: 64 */
	int follow;		/* go on: each candle once it closes */
	/* Said to the user: a warning the download goes on after, and a
	 * progress line (NULL: the download is over); either may be NULL. */
	void (*warn)(const struct tp_err *w);
	void (*progress)(const char *line);
	/* import: called when the input has nothing more to read for now
	 * (see tp_reader_set_idle); NULL: nothing to do. */
	int (*idle)(void *ctx, struct tp_err *err);
	void *idle_ctx;
};

struct tp_source_ops {
	const char *name;
	/* Allocate the state in *st; returns < 0 with err set. */
	int (*open)(void **st, const struct tp_source_args *a,
	    struct tp_err *err);
	/* 1 with a record, 0 at the end, -1 on error; after a TP_EX_DATAERR
	 * error the source may go on (--skip-bad). */
	int (*next)(void *st, struct tp_rec *rec, struct tp_err *err);
	/* The natural output format: that of the input read. */
	enum tp_fmt (*format)(void *st);
	/* The CSV header read last (for an input of a header and no rows);
	 * returns the number of columns, 0 if none. */
	int (*header)(void *st, const int **ids);
	void (*close)(void *st);
	const struct tp_feed *feed;	/* an exchange's, else NULL */
};

extern const struct tp_source_ops tp_source_import;
extern const struct tp_source_ops tp_source_synth;
extern const struct tp_source_ops tp_source_binance, tp_source_kraken,
    tp_source_bybit, tp_source_coinbase;

/* Whether source ops downloads from an exchange (SYMBOL TIMEFRAME
 * arguments, not files). */
int tp_source_is_exchange(const struct tp_source_ops *ops);

/*
 * The import source's parts, for programs that want candles from files
 * without its strictness (tp-fetch check counts bad candles instead).
 * tp_src_import_read() gives the next record in tp's shape: exchange dump
 * columns named, unwanted ones dropped.  tp_src_import_candle() reads its
 * candle, rewrites the time as integer ms and adds the labels.
 */
struct tp_src_import;
int tp_src_import_open(struct tp_src_import **im,
    const struct tp_source_args *a, struct tp_err *err);
int tp_src_import_read(struct tp_src_import *im, struct tp_rec *rec,
    struct tp_err *err);
int tp_src_import_candle(struct tp_src_import *im, struct tp_rec *rec,
    struct tp_candle *c, struct tp_err *err);
struct tp_candle_cols *tp_src_import_cols(struct tp_src_import *im);
enum tp_fmt tp_src_import_format(struct tp_src_import *im);
int tp_src_import_header(struct tp_src_import *im, const int **ids);
void tp_src_import_close(struct tp_src_import *im);

/* The source named name, or NULL. */
const struct tp_source_ops *tp_source_find(const char *name);

/* Add symbol, timeframe and exchange from args to rec (replacing them). */
int tp_source_label(const struct tp_source_args *a, struct tp_candle_cols *c,
    struct tp_rec *rec, struct tp_err *err);

#endif
