/*
 * tp_src_kraken.c: Kraken spot's public API (docs.kraken.com, "Get OHLC
 * Data"; krakenfx/api-specs openapi_v3.yaml; restated in tp-fetch(1)).
 *
 * Candles: GET /0/public/OHLC?pair=XBTUSD&interval=<minutes>&since=<s>.
 * Kraken keeps only the latest 720 rows of each timeframe, whatever
 * `since` says, oldest first: [time (s), open, high, low, close, vwap,
 * volume, count], prices as strings.  The result is keyed by Kraken's
 * pair name (XBTUSD may come back as XXBTZUSD) beside `last`, the time of
 * the last committed row; the row after it, always present, is the one
 * still open.  Kraken spells bitcoin XBT and dogecoin XDG.  Errors come
 * with HTTP 200 as {"error": ["EQuery:Unknown asset pair"]}.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tp_feed.h"

static const struct tp_ftf tfs[] = {
	{ "1m", "1" }, { "5m", "5" }, { "15m", "15" }, { "30m", "30" },
	{ "1h", "60" }, { "4h", "240" }, { "1d", "1440" }, { "1w", "10080" },
	{ "15d", "21600" }, { NULL, NULL }
};

/* Kraken's names for the assets it names its own way. */
static const char *const names[][2] = {
	{ "BTC", "XBT" }, { "DOGE", "XDG" }, { NULL, NULL }
};

static const char *
kraken_name(const char *a, int to_kraken)
{
	int i;

	for (i = 0; names[i][0] != NULL; i++)
		if (strcmp(a, names[i][!to_kraken]) == 0)
			return names[i][to_kraken];
	return a;
}

static int
symbol(const char *in, char *out, size_t n)
{
	char base[32], quote[32];
	int k;

	if (tp_feed_split(in, base, quote, sizeof(base)) < 0)
		return -1;
	k = snprintf(out, n, "%s%s", kraken_name(base, 1),
	    kraken_name(quote, 1));
	return k > 0 && (size_t)k < n ? 0 : -1;
}

/*
 * The error array: empty is success.  "EQuery:Unknown asset pair" and
 * "EGeneral:Invalid arguments" are ours to fix; EAPI:Rate limit
 * exceeded, EService:* (unavailable, busy, throttled) and internal
 * errors pass.  Any HTTP status but 200 means the request never reached
 * Kraken (its docs), as does a body that is not this envelope.
 */
static enum tp_fverdict
check(struct tp_fq *q, long status, json_t *body, const char **why,
    struct tp_err *err)
{
	json_t *e = json_object_get(body, "error");
	const char *msg = json_string_value(json_array_get(e, 0));

	if (status != 200) {
		tp_feed_refused(q, "kraken", TP_EX_UNAVAILABLE, status,
		    "the request did not reach Kraken", err);
		return TP_F_REFUSED;
	}
	if (!json_is_array(e))
		return TP_F_BROKEN;
	if (msg == NULL)
		return json_is_object(json_object_get(body, "result")) ?
		    TP_F_OK : TP_F_BROKEN;
	if (strncmp(msg, "EQuery:", 7) == 0 ||
	    strncmp(msg, "EGeneral:Invalid", 16) == 0) {
		tp_feed_refused(q, "kraken", TP_EX_USAGE, status, msg, err);
		return TP_F_REFUSED;
	}
	if (strncmp(msg, "EService:", 9) == 0 ||
	    strncmp(msg, "EAPI:Rate limit", 15) == 0 ||
	    strncmp(msg, "EGeneral:Internal", 17) == 0) {
		*why = msg;
		return TP_F_BUSY;
	}
	tp_feed_refused(q, "kraken", TP_EX_UNAVAILABLE, status, msg, err);
	return TP_F_REFUSED;
}

/* The value of the one key of result that is not "last". */
static json_t *
pair_of(json_t *body)
{
	json_t *result = json_object_get(body, "result"), *v;
	const char *key;

	json_object_foreach(result, key, v)
		if (strcmp(key, "last") != 0)
			return v;
	return NULL;
}

static void
candles_url(struct tp_fq *q, int64_t from, int64_t to)
{
	(void)to;
	/* `since` leaves out the row opening at it (ccxt sends since
	 * minus one interval too); rows repeated are dropped */
	snprintf(q->url, sizeof(q->url), "%s/0/public/OHLC?pair=%s&"
	    "interval=%s&since=%lld", q->base, q->symbol, q->interval,
	    (long long)((from - q->tf) / 1000));
}

static enum tp_fverdict
candles(struct tp_fq *q, long status, json_t *body, struct tp_fpage *pg,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, body, why, err);
	json_t *rows = pair_of(body), *row;
	struct tp_frow r;
	size_t i;

	if (v != TP_F_OK)
		return v;
	if (!json_is_array(rows) || tp_feed_time(json_object_get(
	    json_object_get(body, "result"), "last"), 1000, &pg->committed) < 0)
		return TP_F_BROKEN;
	json_array_foreach(rows, i, row) {
		if (json_array_size(row) < 7 ||
		    tp_feed_time(json_array_get(row, 0), 1000, &r.t) < 0 ||
		    tp_feed_num(json_array_get(row, 1), &r.open) < 0 ||
		    tp_feed_num(json_array_get(row, 2), &r.high) < 0 ||
		    tp_feed_num(json_array_get(row, 3), &r.low) < 0 ||
		    tp_feed_num(json_array_get(row, 4), &r.close) < 0 ||
		    tp_feed_num(json_array_get(row, 6), &r.volume) < 0) {
			*why = "a row is not an OHLC entry";
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
	snprintf(q->url, sizeof(q->url), "%s/0/public/AssetPairs", q->base);
}

/* 10^-decimals: a step of that many decimals. */
static double
step(json_t *decimals)
{
	double s = 1;
	json_int_t d = json_integer_value(decimals);

	while (d-- > 0)
		s /= 10;
	return s;
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, json_t *body,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, body, why, err);
	json_t *p;
	const char *key, *ws;
	char base[32], quote[32];
	struct tp_market m;

	if (v != TP_F_OK)
		return v;
	json_object_foreach(json_object_get(body, "result"), key, p) {
		memset(&m, 0, sizeof(m));
		ws = json_string_value(json_object_get(p, "wsname"));
		m.id = json_string_value(json_object_get(p, "altname"));
		if (m.id == NULL || ws == NULL ||
		    sscanf(ws, "%31[^/]/%31s", base, quote) != 2)
			return TP_F_BROKEN;
		m.base = kraken_name(base, 0);
		m.quote = kraken_name(quote, 0);
		snprintf(m.symbol, sizeof(m.symbol), "%s/%s", m.base, m.quote);
		m.status = json_string_value(json_object_get(p, "status"));
		if (tp_feed_num(json_object_get(p, "tick_size"), &m.tick) < 0)
			m.tick = step(json_object_get(p, "pair_decimals"));
		m.lot = step(json_object_get(p, "lot_decimals"));
		if (tp_feed_num(json_object_get(p, "ordermin"), &m.min_qty) < 0)
			m.min_qty = NAN;
		if (tp_feed_num(json_object_get(p, "costmin"),
		    &m.min_notional) < 0)
			m.min_notional = NAN;
		if (each(ctx, &m) < 0)
			return TP_F_REFUSED;
	}
	return TP_F_OK;
}

static void
ticker_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/0/public/Ticker?pair=%s",
	    q->base, q->symbol);
}

/* Ticker: {"a": [price, whole lot volume, lot volume], "b": [...]}. */
static enum tp_fverdict
ticker(struct tp_fq *q, long status, json_t *body, struct tp_quote *out,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, body, why, err);
	json_t *t = pair_of(body), *a, *b;

	if (v != TP_F_OK)
		return v;
	a = json_object_get(t, "a");
	b = json_object_get(t, "b");
	if (tp_feed_num(json_array_get(b, 0), &out->bid) < 0 ||
	    tp_feed_num(json_array_get(b, 2), &out->bid_size) < 0 ||
	    tp_feed_num(json_array_get(a, 0), &out->ask) < 0 ||
	    tp_feed_num(json_array_get(a, 2), &out->ask_size) < 0)
		return TP_F_BROKEN;
	return TP_F_OK;
}

/* Public calls: about one a second keeps within Kraken's limits. */
const struct tp_feed tp_feed_kraken = {
	"kraken", "TP_KRAKEN_URL", "https://api.kraken.com", 720,
	TP_F_LATEST, 1.0, tfs, symbol, candles_url, candles, markets_url,
	markets, ticker_url, ticker
};
