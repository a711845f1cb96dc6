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

#include "tp_feed.h"

static const struct tp_ftf tfs[] = {
	{ "1m", "1" }, { "3m", "3" }, { "5m", "5" }, { "15m", "15" },
	{ "30m", "30" }, { "1h", "60" }, { "2h", "120" }, { "4h", "240" },
	{ "6h", "360" }, { "12h", "720" }, { "1d", "D" }, { "1w", "W" },
	{ NULL, NULL }
};

/* The envelope: retCode 0, or what to do about the one sent. */
static enum tp_fverdict
check(struct tp_fq *q, long status, json_t *body, const char **why,
    struct tp_err *err)
{
	json_t *rc = json_object_get(body, "retCode");
	const char *msg = json_string_value(json_object_get(body, "retMsg"));
	json_int_t code = json_integer_value(rc);
	char text[512];

	if (status == 403) {
		/* "access too frequent": at least 10 minutes (guide) */
		*why = "HTTP 403: the IP's rate limit (600 in 5 s) is passed";
		q->wait = 600;
		return TP_F_BUSY;
	}
	if (!json_is_integer(rc)) {
		if (status >= 400) {
			tp_feed_refused(q, "bybit", TP_EX_UNAVAILABLE, status,
			    NULL, err);
			return TP_F_REFUSED;
		}
		return TP_F_BROKEN;
	}
	if (code == 0)
		return json_is_object(json_object_get(body, "result")) ?
		    TP_F_OK : TP_F_BROKEN;
	/* 10000 server timeout, 10006 too many visits, 10016 server
	 * error, 10018 IP limit, 429 high load (docs/v5/error.mdx) */
	if (code == 10000 || code == 10006 || code == 10016 ||
	    code == 10018 || code == 429) {
		*why = msg != NULL ? msg : "busy";
		return TP_F_BUSY;
	}
	snprintf(text, sizeof(text), "%s (retCode %lld)", msg != NULL ? msg :
	    "no message", (long long)code);
	/* 10001 a parameter (the symbol among them), 10029 the symbol */
	tp_feed_refused(q, "bybit", code == 10001 || code == 10029 ?
	    TP_EX_USAGE : TP_EX_UNAVAILABLE, status, text, err);
	return TP_F_REFUSED;
}

static json_t *
list_of(json_t *body)
{
	return json_object_get(json_object_get(body, "result"), "list");
}

static void
candles_url(struct tp_fq *q, int64_t from, int64_t to)
{
	snprintf(q->url, sizeof(q->url), "%s/v5/market/kline?category=spot&"
	    "symbol=%s&interval=%s&start=%lld&end=%lld&limit=1000", q->base,
	    q->symbol, q->interval, (long long)from, (long long)to);
}

static enum tp_fverdict
candles(struct tp_fq *q, long status, json_t *body, struct tp_fpage *pg,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, body, why, err);
	json_t *row;
	struct tp_frow r;
	size_t i;

	if (v != TP_F_OK)
		return v;
	if (!json_is_array(list_of(body)))
		return TP_F_BROKEN;
	json_array_foreach(list_of(body), i, row) {
		if (json_array_size(row) < 6 ||
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
	snprintf(q->url, sizeof(q->url), "%s/v5/market/instruments-info?"
	    "category=spot", q->base);
}

static double
num(json_t *o, const char *key)
{
	double v;

	return tp_feed_num(json_object_get(o, key), &v) == 0 ? v : NAN;
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, json_t *body,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, body, why, err);
	json_t *s, *lot;
	struct tp_market m;
	size_t i;

	if (v != TP_F_OK)
		return v;
	if (!json_is_array(list_of(body)))
		return TP_F_BROKEN;
	json_array_foreach(list_of(body), i, s) {
		memset(&m, 0, sizeof(m));
		m.id = json_string_value(json_object_get(s, "symbol"));
		m.base = json_string_value(json_object_get(s, "baseCoin"));
		m.quote = json_string_value(json_object_get(s, "quoteCoin"));
		m.status = json_string_value(json_object_get(s, "status"));
		if (m.id == NULL || m.base == NULL || m.quote == NULL)
			return TP_F_BROKEN;
		snprintf(m.symbol, sizeof(m.symbol), "%s/%s", m.base, m.quote);
		lot = json_object_get(s, "lotSizeFilter");
		m.tick = num(json_object_get(s, "priceFilter"), "tickSize");
		m.lot = num(lot, "basePrecision");
		m.min_qty = num(lot, "minOrderQty");
		m.min_notional = num(lot, "minOrderAmt");
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
ticker(struct tp_fq *q, long status, json_t *body, struct tp_quote *out,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, body, why, err);
	json_t *t = json_array_get(list_of(body), 0);

	if (v != TP_F_OK)
		return v;
	if (tp_feed_num(json_object_get(t, "bid1Price"), &out->bid) < 0 ||
	    tp_feed_num(json_object_get(t, "bid1Size"), &out->bid_size) < 0 ||
	    tp_feed_num(json_object_get(t, "ask1Price"), &out->ask) < 0 ||
	    tp_feed_num(json_object_get(t, "ask1Size"), &out->ask_size) < 0)
		return TP_F_BROKEN;
	tp_feed_time(json_object_get(body, "time"), 1, &out->time);
	return TP_F_OK;
}

const struct tp_feed tp_feed_bybit = {
	"bybit", "TP_BYBIT_URL", "https://api.bybit.com", 1000, TP_F_WINDOW,
	0, tfs, tp_feed_joined, candles_url, candles, markets_url, markets,
	ticker_url, ticker
};
