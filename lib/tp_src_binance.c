/*
 * tp_src_binance.c: Binance spot's public API (binance-spot-api-docs
 * rest-api.md; the facts are restated in tp-fetch(1)).
 *
 * Candles: GET /api/v3/klines, rows of twelve oldest first, open time in
 * ms as a number, prices and volumes as strings, at most 1000 a request
 * (weight 2 of the 6000 a minute an IP has).  Markets: GET
 * /api/v3/exchangeInfo, each symbol's PRICE_FILTER, LOT_SIZE and
 * NOTIONAL (or the older MIN_NOTIONAL) filters.  Best price: GET
 * /api/v3/ticker/bookTicker.  Refusals are a 4xx with {"code", "msg"}.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tp_feed.h"

static const struct tp_ftf tfs[] = {
	{ "1s", "1s" }, { "1m", "1m" }, { "3m", "3m" }, { "5m", "5m" },
	{ "15m", "15m" }, { "30m", "30m" }, { "1h", "1h" }, { "2h", "2h" },
	{ "4h", "4h" }, { "6h", "6h" }, { "8h", "8h" }, { "12h", "12h" },
	{ "1d", "1d" }, { "3d", "3d" }, { "1w", "1w" }, { NULL, NULL }
};

/* A 4xx: {"code":-1121,"msg":"Invalid symbol."} and the like. */
static enum tp_fverdict
refused(struct tp_fq *q, long status, json_t *body, struct tp_err *err)
{
	const char *msg = json_string_value(json_object_get(body, "msg"));
	long code = (long)json_integer_value(json_object_get(body, "code"));
	char text[512];

	snprintf(text, sizeof(text), "%s (code %ld)", msg != NULL ? msg :
	    "no message", code);
	/* -1121 Invalid symbol, -1120 and -1100s: a parameter is wrong */
	tp_feed_refused(q, "binance", code <= -1100 && code > -1200 ?
	    TP_EX_USAGE : TP_EX_UNAVAILABLE, status, text, err);
	return TP_F_REFUSED;
}

static void
candles_url(struct tp_fq *q, int64_t from, int64_t to)
{
	snprintf(q->url, sizeof(q->url), "%s/api/v3/klines?symbol=%s&"
	    "interval=%s&startTime=%lld&limit=1000&endTime=%lld", q->base,
	    q->symbol, q->interval, (long long)from, (long long)to);
}

static enum tp_fverdict
candles(struct tp_fq *q, long status, json_t *body, struct tp_fpage *pg,
    const char **why, struct tp_err *err)
{
	struct tp_frow r;
	json_t *row;
	size_t i;

	if (status >= 400)
		return refused(q, status, body, err);
	if (!json_is_array(body))
		return TP_F_BROKEN;
	json_array_foreach(body, i, row) {
		if (json_array_size(row) < 6 ||
		    !json_is_integer(json_array_get(row, 0)) ||
		    tp_feed_time(json_array_get(row, 0), 1, &r.t) < 0 ||
		    tp_feed_num(json_array_get(row, 1), &r.open) < 0 ||
		    tp_feed_num(json_array_get(row, 2), &r.high) < 0 ||
		    tp_feed_num(json_array_get(row, 3), &r.low) < 0 ||
		    tp_feed_num(json_array_get(row, 4), &r.close) < 0 ||
		    tp_feed_num(json_array_get(row, 5), &r.volume) < 0) {
			*why = "a row is not a kline";
			return TP_F_BROKEN;
		}
		if (tp_feed_row(pg, &r) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory"), TP_F_REFUSED;
	}
	return TP_F_OK;
}

static void
markets_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/api/v3/exchangeInfo", q->base);
}

/* The field key of the filter of type type among filters, as a number. */
static double
filter(json_t *filters, const char *type, const char *key)
{
	json_t *f;
	size_t i;
	double v;

	json_array_foreach(filters, i, f) {
		const char *t = json_string_value(json_object_get(f,
		    "filterType"));

		if (t != NULL && strcmp(t, type) == 0 &&
		    tp_feed_num(json_object_get(f, key), &v) == 0)
			return v;
	}
	return NAN;
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, json_t *body,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	json_t *list = json_object_get(body, "symbols"), *s, *f;
	struct tp_market m;
	size_t i;

	(void)why;
	if (status >= 400)
		return refused(q, status, body, err);
	if (!json_is_array(list))
		return TP_F_BROKEN;
	json_array_foreach(list, i, s) {
		memset(&m, 0, sizeof(m));
		m.id = json_string_value(json_object_get(s, "symbol"));
		m.base = json_string_value(json_object_get(s, "baseAsset"));
		m.quote = json_string_value(json_object_get(s, "quoteAsset"));
		m.status = json_string_value(json_object_get(s, "status"));
		if (m.id == NULL || m.base == NULL || m.quote == NULL)
			return TP_F_BROKEN;
		snprintf(m.symbol, sizeof(m.symbol), "%s/%s", m.base, m.quote);
		f = json_object_get(s, "filters");
		m.tick = filter(f, "PRICE_FILTER", "tickSize");
		m.lot = filter(f, "LOT_SIZE", "stepSize");
		m.min_qty = filter(f, "LOT_SIZE", "minQty");
		m.min_notional = filter(f, "NOTIONAL", "minNotional");
		if (isnan(m.min_notional))
			m.min_notional = filter(f, "MIN_NOTIONAL",
			    "minNotional");
		if (each(ctx, &m) < 0)
			return TP_F_REFUSED;
	}
	return TP_F_OK;
}

static void
ticker_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/api/v3/ticker/bookTicker?"
	    "symbol=%s", q->base, q->symbol);
}

static enum tp_fverdict
ticker(struct tp_fq *q, long status, json_t *body, struct tp_quote *out,
    const char **why, struct tp_err *err)
{
	(void)why;
	if (status >= 400)
		return refused(q, status, body, err);
	if (tp_feed_num(json_object_get(body, "bidPrice"), &out->bid) < 0 ||
	    tp_feed_num(json_object_get(body, "bidQty"), &out->bid_size) < 0 ||
	    tp_feed_num(json_object_get(body, "askPrice"), &out->ask) < 0 ||
	    tp_feed_num(json_object_get(body, "askQty"), &out->ask_size) < 0)
		return TP_F_BROKEN;
	return TP_F_OK;
}

const struct tp_feed tp_feed_binance = {
	"binance", "TP_BINANCE_URL", "https://api.binance.com", 1000,
	TP_F_FORWARD, 0, tfs, tp_feed_joined, candles_url, candles, markets_url,
	markets, ticker_url, ticker
};
