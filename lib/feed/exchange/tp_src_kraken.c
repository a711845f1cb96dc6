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

#include "feed/tp_feed.h"
#include "core/tp_num.h"
#include "rec/tp_market.h"

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

	if (tp_market_split(in, base, quote, sizeof(base)) < 0)
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
check(struct tp_fq *q, long status, const struct tp_json *j,
    const char **why, struct tp_err *err)
{
	int e = tp_json_get(j, 0, "error");
	char msg[256];

	if (status != 200) {
		tp_feed_refused(q, "kraken", TP_EX_UNAVAILABLE, status,
		    "the request did not reach Kraken", err);
		return TP_F_REFUSED;
	}
	if (tp_json_type(j, e) != TP_JSON_ARR)
		return TP_F_BROKEN;
	if (tp_json_str(j, tp_json_at(j, e, 0), msg, sizeof(msg)) == NULL)
		return tp_json_type(j, tp_json_get(j, 0, "result")) ==
		    TP_JSON_OBJ ? TP_F_OK : TP_F_BROKEN;
	if (strncmp(msg, "EQuery:", 7) == 0 ||
	    strncmp(msg, "EGeneral:Invalid", 16) == 0) {
		tp_feed_refused(q, "kraken", TP_EX_USAGE, status, msg, err);
		return TP_F_REFUSED;
	}
	if (strncmp(msg, "EService:", 9) == 0 ||
	    strncmp(msg, "EAPI:Rate limit", 15) == 0 ||
	    strncmp(msg, "EGeneral:Internal", 17) == 0) {
		*why = strncmp(msg, "EAPI", 4) == 0 ? "EAPI:Rate limit "
		    "exceeded" : "EService or internal error";
		return TP_F_BUSY;
	}
	tp_feed_refused(q, "kraken", TP_EX_UNAVAILABLE, status, msg, err);
	return TP_F_REFUSED;
}

/* The value of the one member of result that is not "last". */
static int
pair_of(const struct tp_json *j)
{
	int result = tp_json_get(j, 0, "result"), k;

	for (k = tp_json_first(j, result); k >= 0;
	    k = tp_json_next(j, result, k))
		if (!tp_json_is(j, k, "last"))
			return k + 1;
	return -1;
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

/* [time (s), "open", "high", "low", "close", "vwap", "volume", count] */
static enum tp_fverdict
candles(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_fpage *pg, const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, why, err);

	if (v != TP_F_OK)
		return v;
	if (tp_json_time(j, tp_json_get(j, tp_json_get(j, 0, "result"),
	    "last"), 1000, &pg->committed) < 0)
		return TP_F_BROKEN;
	return tp_feed_rows(j, pair_of(j), 1000, 6, pg, why, err);
}

static void
markets_url(struct tp_fq *q)
{
	snprintf(q->url, sizeof(q->url), "%s/0/public/AssetPairs", q->base);
}

/* 10^-decimals, exactly as the decimal "1e-N" reads: a step of that
 * many decimals. */
static double
step(const struct tp_json *j, int decimals)
{
	char buf[16];
	double s;
	int64_t d = 0;

	if (tp_json_int(j, decimals, &d) < 0 || d < 0 || d > 30)
		return NAN;
	snprintf(buf, sizeof(buf), "1e-%d", (int)d);
	return tp_num_parse(buf, strlen(buf), &s) == TP_NUM_OK ? s : NAN;
}

static enum tp_fverdict
markets(struct tp_fq *q, long status, const struct tp_json *j,
    int (*each)(void *ctx, const struct tp_market *m), void *ctx,
    const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, why, err);
	int result = tp_json_get(j, 0, "result"), k, p;
	char ws[64], base[32], quote[32];
	struct tp_market m;

	if (v != TP_F_OK)
		return v;
	for (k = tp_json_first(j, result); k >= 0;
	    k = tp_json_next(j, result, k)) {
		p = k + 1;
		/* wsname "XBT/USD" has the two halves; base and quote are
		 * Kraken's asset codes (XXBT, ZUSD) */
		if (tp_feed_names(j, p, "altname", "base", "quote", "status",
		    &m) < 0)
			return TP_F_BROKEN;
		/* a pair without a websocket name is not one to trade here */
		if (tp_json_str(j, tp_json_get(j, p, "wsname"), ws,
		    sizeof(ws)) == NULL ||
		    sscanf(ws, "%31[^/]/%31s", base, quote) != 2)
			continue;
		snprintf(m.base, sizeof(m.base), "%s", kraken_name(base, 0));
		snprintf(m.quote, sizeof(m.quote), "%s", kraken_name(quote, 0));
		snprintf(m.symbol, sizeof(m.symbol), "%s/%s", m.base, m.quote);
		m.tick = tp_feed_numkey(j, p, "tick_size");
		if (isnan(m.tick))
			m.tick = step(j, tp_json_get(j, p, "pair_decimals"));
		m.lot = step(j, tp_json_get(j, p, "lot_decimals"));
		m.min_qty = tp_feed_numkey(j, p, "ordermin");
		m.min_notional = tp_feed_numkey(j, p, "costmin");
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
ticker(struct tp_fq *q, long status, const struct tp_json *j,
    struct tp_quote *out, const char **why, struct tp_err *err)
{
	enum tp_fverdict v = check(q, status, j, why, err);
	int t = pair_of(j), a = tp_json_get(j, t, "a"),
	    b = tp_json_get(j, t, "b");

	if (v != TP_F_OK)
		return v;
	if (tp_json_num(j, tp_json_at(j, b, 0), &out->bid) < 0 ||
	    tp_json_num(j, tp_json_at(j, b, 2), &out->bid_size) < 0 ||
	    tp_json_num(j, tp_json_at(j, a, 0), &out->ask) < 0 ||
	    tp_json_num(j, tp_json_at(j, a, 2), &out->ask_size) < 0)
		return TP_F_BROKEN;
	return TP_F_OK;
}

/* Public calls: about one a second keeps within Kraken's limits. */
const struct tp_feed tp_feed_kraken = {
	"kraken", "TP_KRAKEN_URL", "https://api.kraken.com", 720,
	TP_F_LATEST, 1.0, tfs, symbol, candles_url, candles, markets_url,
	markets, ticker_url, ticker
};
