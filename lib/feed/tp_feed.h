/*
 * tp_feed.h: candles, markets and best prices from an exchange's public
 * REST API (tp-fetch(1)).
 *
 * Each exchange is one adapter file, lib/feed/exchange/tp_src_<name>.c, that knows its
 * API's spelling: paths, symbols, timeframe names, the wire format of rows
 * and of errors.  Everything common is in lib/feed/tp_feed.c, once: walking a
 * range page by page, putting rows in time order and dropping repeats,
 * checking every candle, holding back the one still open, retries and
 * pacing (tp_http), --follow, progress, and the shape of the records.
 */
#ifndef TP_FEED_H
#define TP_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"
#include "feed/tp_http.h"
#include "feed/tp_json.h"
#include "rec/tp_rec.h"
#include "feed/tp_source.h"

/* One row of candles as an exchange sent it, in tp's units. */
struct tp_frow {
	int64_t t;		/* open time, Unix ms */
	double open, high, low, close, volume;
};

/* A page of rows, in the order the exchange sent them. */
struct tp_fpage {
	struct tp_frow *rows;
	size_t n, cap;
	/* Rows that open after this are not committed yet (Kraken's
	 * `last`); INT64_MAX when the exchange does not say. */
	int64_t committed;
};

/* One request of a download, as the adapter builds and reads it. */
struct tp_fq {
	const char *base;	/* the API's base URL */
	char symbol[64];	/* in the exchange's spelling (BTCUSDT) */
	const char *interval;	/* the timeframe in its spelling */
	int64_t tf;		/* the timeframe, ms */
	char url[1024];		/* of the request being made */
	double wait;		/* TP_F_BUSY: seconds to wait, < 0 backoff */
};

/* What an adapter makes of a response. */
enum tp_fverdict {
	TP_F_OK,
	TP_F_BROKEN,		/* not the body it should be: ask again */
	TP_F_BUSY,		/* the exchange says slow down: ask again */
	TP_F_REFUSED		/* the exchange says no: err is set */
};

/* How a range is walked. */
enum tp_fpaging {
	TP_F_FORWARD,		/* "the oldest `page` rows from start on" */
	TP_F_WINDOW,		/* start..end windows of `page` slots */
	TP_F_LATEST		/* only the latest `page` rows exist */
};

/* A timeframe in tp's spelling and the exchange's. */
struct tp_ftf {
	const char *tp, *ex;
};

/* A market as `tp-fetch markets` writes it. */
struct tp_market {
	char symbol[64];	/* BASE/QUOTE in common names (BTC, not XBT) */
	char id[64];		/* the exchange's name for it */
	char base[32], quote[32], status[32];
	double tick;		/* price step */
	double lot;		/* quantity step */
	double min_qty;		/* smallest order, base units */
	double min_notional;	/* smallest order, quote units */
};

/* A best bid and ask. */
struct tp_quote {
	double bid, bid_size, ask, ask_size;
	int64_t time;		/* the exchange's, ms; 0: our clock */
};

struct tp_feed {
	const char *name;
	const char *env;		/* TP_BINANCE_URL */
	const char *url;		/* the API's base */
	int page;			/* most rows one request returns */
	enum tp_fpaging paging;
	double min_gap;			/* seconds between requests */
	const struct tp_ftf *tfs;	/* ends with { NULL, NULL } */
	/* BTC/USDT in the exchange's spelling; -1 if it is not a symbol. */
	int (*symbol)(const char *in, char *out, size_t n);
	/* Set q->url for the candles opening from..to (ms, both on the
	 * grid, to inclusive). */
	void (*candles_url)(struct tp_fq *q, int64_t from, int64_t to);
	/* Read a response into pg.  The body is j, its root value 0; j is
	 * NULL when the body is not JSON. */
	enum tp_fverdict (*candles)(struct tp_fq *q, long status,
	    const struct tp_json *j, struct tp_fpage *pg, const char **why,
	    struct tp_err *err);
	void (*markets_url)(struct tp_fq *q);
	/* Call each() for every market of the response. */
	enum tp_fverdict (*markets)(struct tp_fq *q, long status,
	    const struct tp_json *j,
	    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
	    const char **why, struct tp_err *err);
	void (*ticker_url)(struct tp_fq *q);
	enum tp_fverdict (*ticker)(struct tp_fq *q, long status,
	    const struct tp_json *j, struct tp_quote *out, const char **why,
	    struct tp_err *err);
};

extern const struct tp_feed tp_feed_binance, tp_feed_kraken, tp_feed_bybit,
    tp_feed_coinbase;

/*
 * Read one answer to a candles request q of f, as a download does: f's
 * parser fills pg from j (NULL: a body that is not JSON), then every row
 * is checked (on the grid of q->tf, keeping weeks to the grid of the
 * first one seen, *week0, -1 until then; no negative price or volume)
 * and, when all pass, put in time order.  A broken answer leaves rows in
 * pg that are not to be used.  For the download and for the fuzzer of
 * the exchanges' pages (tests/fuzz/fuzz_pages.c).
 */
enum tp_fverdict tp_feed_page(const struct tp_feed *f, struct tp_fq *q,
    long status, const struct tp_json *j, struct tp_fpage *pg,
    int64_t *week0, const char **why, struct tp_err *err);

/* The exchange named name, or NULL. */
const struct tp_feed *tp_feed_find(const char *name);

/* The source that downloads candles from f. */
int tp_feed_open(void **st, const struct tp_feed *f,
    const struct tp_source_args *a, struct tp_err *err);
int tp_feed_next(void *st, struct tp_rec *rec, struct tp_err *err);
void tp_feed_close(void *st);

/* tp-fetch markets: one record per market through emit. */
int tp_feed_markets(const struct tp_feed *f, const struct tp_source_args *a,
    int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err),
    void *ctx, struct tp_err *err);

/* tp-fetch ticker: a quote record per exchange of feeds[0..n) that
 * answers, then the best bid and ask among them.  Returns the exit status
 * of the first failure (each one warned about), or 0. */
int tp_feed_ticker(const struct tp_feed *const *feeds, int n,
    const struct tp_source_args *a,
    int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err),
    void *ctx, struct tp_err *err);

/* Helpers for the adapters. */

/* Add a row to pg; -1 when out of memory. */
int tp_feed_row(struct tp_fpage *pg, const struct tp_frow *r);
/* The request q->url was refused: err with the exchange's own words. */
int tp_feed_refused(struct tp_fq *q, const char *exchange, int code,
    long status, const char *msg, struct tp_err *err);
/* BASE/QUOTE as BASEQUOTE (Binance, Bybit) or BASE-QUOTE (Coinbase); -1
 * if in is not a symbol. */
int tp_feed_joined(const char *in, char *out, size_t n);
int tp_feed_dashed(const char *in, char *out, size_t n);
/*
 * Add the rows of array list to pg: each an array of the open time (an
 * integer or a string of digits, times scale for ms), then open, high,
 * low and close, and the volume at index vol (numbers or strings).
 * Returns TP_F_OK, or TP_F_BROKEN with *why.
 */
enum tp_fverdict tp_feed_rows(const struct tp_json *j, int list,
    int64_t scale, int vol, struct tp_fpage *pg, const char **why,
    struct tp_err *err);
/* The id, base, quote and status of market m from the string members of
 * object o named by the keys (status may be NULL); the symbol is
 * base/quote.  -1 when one of the first three is missing. */
int tp_feed_names(const struct tp_json *j, int o, const char *id,
    const char *base, const char *quote, const char *status,
    struct tp_market *m);
/* Member key of object o as a number, or NaN. */
double tp_feed_numkey(const struct tp_json *j, int o, const char *key);

#endif
