/*
 * tp_src_coinbase.c: Coinbase Advanced Trade's public API
 * (docs.cdp.coinbase.com, "Get Public Product Candles", "List Public
 * Products", "Get Public Product Book"; restated in tp-fetch(1)).
 *
 * Candles: GET /api/v3/brokerage/market/products/BTC-USD/candles?start=
 * &end=&granularity=ONE_HOUR, start and end in seconds and both required;
 * rows are objects of strings {"start", "low", "high", "open", "close",
 * "volume"}, newest first.  A window must hold fewer than 300 candles
 * (the documented 350 is refused in practice).  Intervals without trades
 * have no candle: the gaps are Coinbase's.  Refusals are a 4xx with
 * {"error", "code", "message"}; over 10 public requests a second is 429.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "feed/tp_feed.h"
#include "core/tp_time.h"

static const struct tp_ftf tfs[] = {
	{ "1m", "ONE_MINUTE" }, { "5m", "FIVE_MINUTE" },
	{ "15m", "FIFTEEN_MINUTE" }, { "30m", "THIRTY_MINUTE" },
	{ "1h", "ONE_HOUR" }, { "2h", "TWO_HOUR" }, { "4h", "FOUR_HOUR" },
	{ "6h", "SIX_HOUR" }, { "1d", "ONE_DAY" }, { NULL, NULL }
};

static enum tp_fverdict
check(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_err *err)
{
	char msg[256], code[64], text[512];

	if (status < 400)
		return tp_json_type(j, 0) == TP_JSON_OBJ ? TP_F_OK :
		    TP_F_BROKEN;
	if (tp_json_str(j, tp_json_get(j, 0, "message"), msg, sizeof(msg)) ==
	    NULL)
		snprintf(msg, sizeof(msg), "no message");
	if (tp_json_str(j, tp_json_get(j, 0, "error"), code, sizeof(code)) ==
	    NULL)
		snprintf(code, sizeof(code), "no code");
	snprintf(text, sizeof(text), "%s (%s)", msg, code);
	/* 400 INVALID_ARGUMENT (granularity, window), 404 NOT_FOUND (the
	 * product): the request is wrong */
	tp_feed_refused(q, "coinbase", status == 400 || status == 404 ?
	    TP_EX_USAGE : TP_EX_UNAVAILABLE, status, text, err);
	return TP_F_REFUSED;
}

static void
candles_url(struct tp_fq *q, int64_t from, int64_t to)
{
	/* end one slot past the last start wanted, whether Coinbase counts
	 * it in or not: still 299 slots, under the 300 allowed */
	snprintf(q->url, sizeof(q->url), "%s/api/v3/brokerage/market/products/"
	    "%s/candles?start=%lld&end=%lld&granularity=%s", q->base,
	    q->symbol, (long long)(from / 1000),
	    (long long)((to + q->tf) / 1000), q->interval);
}

static enum tp_fverdict
candles(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_fpage *pg, const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, err);
	int list = tp_json_get(j, 0, "candles"), c;
	struct tp_frow r;

	if (v != TP_F_OK)
		return v;
	if (tp_json_type(j, list) != TP_JSON_ARR)
		return TP_F_BROKEN;
	for (c = tp_json_first(j, list); c >= 0; c = tp_json_next(j, list, c)) {
		if (tp_json_time(j, tp_json_get(j, c, "start"), 1000, &r.t) < 0 ||
		    tp_json_num(j, tp_json_get(j, c, "open"), &r.open) < 0 ||
		    tp_json_num(j, tp_json_get(j, c, "high"), &r.high) < 0 ||
		    tp_json_num(j, tp_json_get(j, c, "low"), &r.low) < 0 ||
		    tp_json_num(j, tp_json_get(j, c, "close"), &r.close) < 0 ||
		    tp_json_num(j, tp_json_get(j, c, "volume"), &r.volume) < 0) {
			*why = "a candle is not {start, low, high, open, close, "
			    "volume}";
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
	snprintf(q->url, sizeof(q->url), "%s/api/v3/brokerage/market/products",
	    q->base);
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, const struct tp_json *j,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, err);
	int list = tp_json_get(j, 0, "products"), p;
	struct tp_market m;

	(void)why;
	if (v != TP_F_OK)
		return v;
	if (tp_json_type(j, list) != TP_JSON_ARR)
		return TP_F_BROKEN;
	for (p = tp_json_first(j, list); p >= 0; p = tp_json_next(j, list, p)) {
		if (tp_feed_names(j, p, "product_id", "base_currency_id",
		    "quote_currency_id", "status", &m) < 0)
			return TP_F_BROKEN;
		m.tick = tp_feed_numkey(j, p, "price_increment");
		if (isnan(m.tick))
			m.tick = tp_feed_numkey(j, p, "quote_increment");
		m.lot = tp_feed_numkey(j, p, "base_increment");
		m.min_qty = tp_feed_numkey(j, p, "base_min_size");
		m.min_notional = tp_feed_numkey(j, p, "quote_min_size");
		if (each(ctx, &m) < 0)
			return TP_F_REFUSED;
	}
	return TP_F_OK;
}

static void
ticker_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/api/v3/brokerage/market/"
	    "product_book?product_id=%s&limit=1", q->base, q->symbol);
}

/* The book's first level: {"pricebook": {"bids": [{"price", "size"}],
 * "asks": [...], "time": ISO 8601}}. */
static enum tp_fverdict
ticker(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_quote *out, const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, err);
	int book = tp_json_get(j, 0, "pricebook");
	int b = tp_json_at(j, tp_json_get(j, book, "bids"), 0);
	int a = tp_json_at(j, tp_json_get(j, book, "asks"), 0);
	const char *bad;
	char t[64];

	(void)why;
	if (v != TP_F_OK)
		return v;
	if (tp_json_num(j, tp_json_get(j, b, "price"), &out->bid) < 0 ||
	    tp_json_num(j, tp_json_get(j, b, "size"), &out->bid_size) < 0 ||
	    tp_json_num(j, tp_json_get(j, a, "price"), &out->ask) < 0 ||
	    tp_json_num(j, tp_json_get(j, a, "size"), &out->ask_size) < 0)
		return TP_F_BROKEN;
	if (tp_json_str(j, tp_json_get(j, book, "time"), t, sizeof(t)) ==
	    NULL || tp_time_parse(t, strlen(t), TP_UNIT_MS, &out->time,
	    &bad) < 0)
		out->time = 0;
	return TP_F_OK;
}

/* Public endpoints: 10 requests a second per IP. */
const struct tp_feed tp_feed_coinbase = {
	"coinbase", "TP_COINBASE_URL", "https://api.coinbase.com", 299,
	TP_F_WINDOW, 0.1, tfs, tp_feed_dashed, candles_url, candles, markets_url,
	markets, ticker_url, ticker
};
