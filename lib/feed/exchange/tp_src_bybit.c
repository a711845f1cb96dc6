/*
 * tp_src_bybit.c: Bybit's V5 public API, spot (bybit-exchange/docs
 * docs/v5/market/kline.mdx, instruments-info.mdx, tickers.mdx; restated
 * in tp-fetch(1)).
 *
 * Candles: GET /v5/market/kline?category=spot&symbol=BTCUSDT&interval=60
 * &start=&end=&limit=1000, rows of seven strings newest first, the start
 * time in ms, `end` inclusive on the candle's start.  category must be
 * sent: without it Bybit serves perpetuals (linear).  Every answer is the
 * envelope {"retCode", "retMsg", "result", "time"}, mostly with HTTP 200;
 * retCode 10006 is its rate limit, and HTTP 403 means the IP went over
 * 600 requests in 5 seconds and must wait at least 10 minutes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "feed/tp_feed.h"

static const struct tp_ftf tfs[] = {
	{ "1m", "1" }, { "3m", "3" }, { "5m", "5" }, { "15m", "15" },
	{ "30m", "30" }, { "1h", "60" }, { "2h", "120" }, { "4h", "240" },
	{ "6h", "360" }, { "12h", "720" }, { "1d", "D" }, { "1w", "W" },
	{ NULL, NULL }
};

/* The envelope: retCode 0, or what to do about the one sent. */
static enum tp_fverdict
check(struct tp_fq *q, long status, const struct tp_json *j,
    const char **why, struct tp_err *err)
{
	char msg[256], text[512];
	int64_t code;

	if (status == 403) {
		/* "access too frequent": at least 10 minutes (guide) */
		*why = "HTTP 403: the IP's rate limit (600 in 5 s) is passed";
		q->wait = 600;
		return TP_F_BUSY;
	}
	if (tp_json_int(j, tp_json_get(j, 0, "retCode"), &code) < 0) {
		if (status >= 400) {
			tp_feed_refused(q, "bybit", TP_EX_UNAVAILABLE, status,
			    NULL, err);
			return TP_F_REFUSED;
		}
		return TP_F_BROKEN;
	}
	if (code == 0)
		return tp_json_type(j, tp_json_get(j, 0, "result")) ==
		    TP_JSON_OBJ ? TP_F_OK : TP_F_BROKEN;
	/* 10000 server timeout, 10006 too many visits, 10016 server
	 * error, 10018 IP limit, 429 high load (docs/v5/error.mdx) */
	if (code == 10000 || code == 10006 || code == 10016 ||
	    code == 10018 || code == 429) {
		*why = code == 10006 || code == 10018 ? "Too many visits "
		    "(rate limit)" : "server busy or in error";
		return TP_F_BUSY;
	}
	if (tp_json_str(j, tp_json_get(j, 0, "retMsg"), msg, sizeof(msg)) ==
	    NULL)
		snprintf(msg, sizeof(msg), "no message");
	snprintf(text, sizeof(text), "%s (retCode %lld)", msg,
	    (long long)code);
	/* 10001 a parameter (the symbol among them), 10029 the symbol */
	tp_feed_refused(q, "bybit", code == 10001 || code == 10029 ?
	    TP_EX_USAGE : TP_EX_UNAVAILABLE, status, text, err);
	return TP_F_REFUSED;
}

static int
list_of(const struct tp_json *j)
{
	return tp_json_get(j, tp_json_get(j, 0, "result"), "list");
}

static void
candles_url(struct tp_fq *q, int64_t from, int64_t to)
{
	snprintf(q->url, sizeof(q->url), "%s/v5/market/kline?category=spot&"
	    "symbol=%s&interval=%s&start=%lld&end=%lld&limit=1000", q->base,
	    q->symbol, q->interval, (long long)from, (long long)to);
}

/* ["start ms", "open", "high", "low", "close", "volume", "turnover"] */
static enum tp_fverdict
candles(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_fpage *pg, const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, why, err);

	return v != TP_F_OK ? v : tp_feed_rows(j, list_of(j), 1, 5, pg, why,
	    err);
}

static void
markets_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/v5/market/instruments-info?"
	    "category=spot", q->base);
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, const struct tp_json *j,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, why, err);
	int list = list_of(j), s, lot;
	struct tp_market m;

	if (v != TP_F_OK)
		return v;
	if (tp_json_type(j, list) != TP_JSON_ARR)
		return TP_F_BROKEN;
	for (s = tp_json_first(j, list); s >= 0; s = tp_json_next(j, list, s)) {
		if (tp_feed_names(j, s, "symbol", "baseCoin", "quoteCoin",
		    "status", &m) < 0)
			return TP_F_BROKEN;
		lot = tp_json_get(j, s, "lotSizeFilter");
		m.tick = tp_feed_numkey(j, tp_json_get(j, s, "priceFilter"), "tickSize");
		m.lot = tp_feed_numkey(j, lot, "basePrecision");
		m.min_qty = tp_feed_numkey(j, lot, "minOrderQty");
		m.min_notional = tp_feed_numkey(j, lot, "minOrderAmt");
		if (each(ctx, &m) < 0)
			return TP_F_REFUSED;
	}
	return TP_F_OK;
}

static void
ticker_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/v5/market/tickers?category=spot&"
	    "symbol=%s", q->base, q->symbol);
}

static enum tp_fverdict
ticker(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_quote *out, const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, why, err);
	int t = tp_json_at(j, list_of(j), 0);

	if (v != TP_F_OK)
		return v;
	if (tp_json_num(j, tp_json_get(j, t, "bid1Price"), &out->bid) < 0 ||
	    tp_json_num(j, tp_json_get(j, t, "bid1Size"), &out->bid_size) < 0 ||
	    tp_json_num(j, tp_json_get(j, t, "ask1Price"), &out->ask) < 0 ||
	    tp_json_num(j, tp_json_get(j, t, "ask1Size"), &out->ask_size) < 0)
		return TP_F_BROKEN;
	if (tp_json_time(j, tp_json_get(j, 0, "time"), 1, &out->time) < 0)
		out->time = 0;
	return TP_F_OK;
}

const struct tp_feed tp_feed_bybit = {
	"bybit", "TP_BYBIT_URL", "https://api.bybit.com", 1000, TP_F_WINDOW,
	0, tfs, tp_feed_joined, candles_url, candles, markets_url, markets,
	ticker_url, ticker
};
