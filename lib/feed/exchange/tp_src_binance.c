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

#include "feed/tp_feed.h"

static const struct tp_ftf tfs[] = {
	{ "1s", "1s" }, { "1m", "1m" }, { "3m", "3m" }, { "5m", "5m" },
	{ "15m", "15m" }, { "30m", "30m" }, { "1h", "1h" }, { "2h", "2h" },
	{ "4h", "4h" }, { "6h", "6h" }, { "8h", "8h" }, { "12h", "12h" },
	{ "1d", "1d" }, { "3d", "3d" }, { "1w", "1w" }, { NULL, NULL }
};

/* A 4xx: {"code":-1121,"msg":"Invalid symbol."} and the like. */
static enum tp_fverdict
refused(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_err *err)
{
	char msg[256], text[512];
	int64_t code = 0;

	tp_json_int(j, tp_json_get(j, 0, "code"), &code);
	snprintf(text, sizeof(text), "%s (code %lld)", tp_json_str(j,
	    tp_json_get(j, 0, "msg"), msg, sizeof(msg)) != NULL ? msg :
	    "no message", (long long)code);
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

/* [open time (ms), "open", "high", "low", "close", "volume", close
 * time, ...] */
static enum tp_fverdict
candles(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_fpage *pg, const char **why, struct tp_err *err)
{
	if (status >= 400)
		return refused(q, status, j, err);
	return tp_feed_rows(j, 0, 1, 5, pg, why, err);
}

static void
markets_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/api/v3/exchangeInfo", q->base);
}

/* The field key of the filter of type type among filters, as a number. */
static double
filter(const struct tp_json *j, int filters, const char *type,
    const char *key)
{
	double v;
	int f;

	for (f = tp_json_first(j, filters); f >= 0;
	    f = tp_json_next(j, filters, f))
		if (tp_json_is(j, tp_json_get(j, f, "filterType"), type) &&
		    tp_json_num(j, tp_json_get(j, f, key), &v) == 0)
			return v;
	return NAN;
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, const struct tp_json *j,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	int list = tp_json_get(j, 0, "symbols"), s, f;
	struct tp_market m;

	(void)why;
	if (status >= 400)
		return refused(q, status, j, err);
	if (tp_json_type(j, list) != TP_JSON_ARR)
		return TP_F_BROKEN;
	for (s = tp_json_first(j, list); s >= 0; s = tp_json_next(j, list, s)) {
		if (tp_feed_names(j, s, "symbol", "baseAsset", "quoteAsset",
		    "status", &m) < 0)
			return TP_F_BROKEN;
		f = tp_json_get(j, s, "filters");
		m.tick = filter(j, f, "PRICE_FILTER", "tickSize");
		m.lot = filter(j, f, "LOT_SIZE", "stepSize");
		m.min_qty = filter(j, f, "LOT_SIZE", "minQty");
		m.min_notional = filter(j, f, "NOTIONAL", "minNotional");
		if (isnan(m.min_notional))
			m.min_notional = filter(j, f, "MIN_NOTIONAL",
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
ticker(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_quote *out, const char **why, struct tp_err *err)
{
	(void)why;
	if (status >= 400)
		return refused(q, status, j, err);
	if (tp_json_num(j, tp_json_get(j, 0, "bidPrice"), &out->bid) < 0 ||
	    tp_json_num(j, tp_json_get(j, 0, "bidQty"), &out->bid_size) < 0 ||
	    tp_json_num(j, tp_json_get(j, 0, "askPrice"), &out->ask) < 0 ||
	    tp_json_num(j, tp_json_get(j, 0, "askQty"), &out->ask_size) < 0)
		return TP_F_BROKEN;
	return TP_F_OK;
}

const struct tp_feed tp_feed_binance = {
	"binance", "TP_BINANCE_URL", "https://api.binance.com", 1000,
	TP_F_FORWARD, 0, tfs, tp_feed_joined, candles_url, candles, markets_url,
	markets, ticker_url, ticker
};
