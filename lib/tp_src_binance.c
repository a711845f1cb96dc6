/*
 * tp_src_binance.c: candles from Binance spot's public klines endpoint,
 * GET /api/v3/klines (binance-spot-api-docs rest-api.md, "Kline/
 * Candlestick data"; the facts are restated in tp-fetch(1)).
 *
 * Pages of up to 1000 rows, oldest first, each asked from the open time
 * after the last row kept.  Every row is checked before it is written:
 * twelve elements, an open time on the timeframe's grid and after the
 * last one, prices that are finite numbers making a whole candle; a page
 * that is not is asked again (tp_http_retry).  The candle still open (its
 * close time not yet past) is dropped unless --include-open.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tp_http.h"
#include "tp_num.h"
#include "tp_source.h"
#include "tp_time.h"

#define PAGE 1000			/* the documented maximum */
#define DEFAULT_URL "https://api.binance.com"

static const char *const intervals[] = {
	"1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h",
	"12h", "1d", "3d", "1w", NULL
};

struct binance {
	const struct tp_source_args *a;
	struct tp_http http;
	char base[512];
	char symbol[64];		/* BTCUSDT */
	int64_t tf, next, until, now;
	json_t *page;
	size_t at;
	int done;
	char url[1024];
};

/* BTC/USDT, btc-usdt or BTCUSDT to BTCUSDT; -1 for anything else. */
static int
binance_symbol(const char *s, char *out, size_t n)
{
	size_t k = 0;

	for (; *s; s++) {
		if (*s == '/' || *s == '-' || *s == '_')
			continue;
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9')) || k + 1 >= n)
			return -1;
		out[k++] = *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
	}
	out[k] = '\0';
	return k > 0 ? 0 : -1;
}

static int
check_interval(const char *tf, struct tp_err *err)
{
	int i;

	for (i = 0; intervals[i] != NULL; i++)
		if (strcmp(tf, intervals[i]) == 0)
			return 0;
	return tp_errf(err, TP_EX_USAGE, "binance", 0, "timeframe \"%s\" is "
	    "not one Binance has: 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d "
	    "3d 1w", tf);
}

static int
binance_open(void **st, const struct tp_source_args *a, struct tp_err *err)
{
	struct binance *b = calloc(1, sizeof(*b));
	const char *base = a->base_url != NULL ? a->base_url :
	    getenv("TP_BINANCE_URL");

	*st = b;
	if (b == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	b->a = a;
	snprintf(b->base, sizeof(b->base), "%s", base != NULL && *base ?
	    base : DEFAULT_URL);
	if (binance_symbol(a->symbol, b->symbol, sizeof(b->symbol)) < 0)
		return tp_errf(err, TP_EX_USAGE, "binance", 0, "\"%s\" is not "
		    "a symbol (BTC/USDT, BTCUSDT)", a->symbol);
	if (check_interval(a->timeframe, err) < 0)
		return -1;
	b->tf = a->tf_ms;
	b->now = tp_time_now_ms();
	b->until = a->until > 0 ? a->until : INT64_MAX;
	if (a->since >= 0)
		b->next = tp_tf_floor(a->since + b->tf - 1, b->tf);
	else {
		/* the last N closed candles: N slots back from the one open */
		b->next = tp_tf_floor(b->now, b->tf) -
		    (a->last > 0 ? a->last : 500) * b->tf;
	}
	return tp_http_init(&b->http, "binance", a->max_wait, err);
}

/* The exchange's own words for a refused request. */
static int
refused(struct binance *b, struct tp_err *err)
{
	json_t *o = json_loads(b->http.body.p, 0, NULL);
	const char *msg = json_string_value(json_object_get(o, "msg"));
	int code = (int)json_integer_value(json_object_get(o, "code"));
	int rc;

	/* -1121 "Invalid symbol.", -1120 "Invalid interval." */
	rc = tp_errf(err, code == -1121 || code == -1120 ? TP_EX_USAGE :
	    TP_EX_UNAVAILABLE, "binance", 0, "%s: HTTP %ld: %s (code %d) [%s]",
	    b->symbol, b->http.status, msg != NULL ? msg : "no message", code,
	    b->url);
	json_decref(o);
	return rc;
}

/* Why row r cannot be a candle after b->next - tf, or NULL. */
static const char *
bad_row(const struct binance *b, json_t *r)
{
	json_t *t = json_array_get(r, 0);
	size_t i;
	double v;
	const char *s;

	if (json_array_size(r) < 7 || !json_is_integer(t))
		return "a row is not a kline";
	if (json_integer_value(t) % b->tf != 0)
		return "an open time is off the timeframe's grid";
	for (i = 1; i <= 5; i++) {
		s = json_string_value(json_array_get(r, i));
		if (s == NULL || tp_num_parse(s, strlen(s), &v) != TP_NUM_OK ||
		    !isfinite(v) || v < 0)
			return "a price or volume is not a number";
	}
	return NULL;
}

/* Ask for the page from b->next on; retries a broken one. */
static int
fetch_page(struct binance *b, struct tp_err *err)
{
	json_t *page;
	const char *why;
	size_t i;
	int rc;

	for (;;) {
		snprintf(b->url, sizeof(b->url), "%s/api/v3/klines?symbol=%s&"
		    "interval=%s&startTime=%lld&limit=%d", b->base, b->symbol,
		    b->a->timeframe, (long long)b->next, PAGE);
		if ((rc = tp_http_get(&b->http, b->url, err)) != 0)
			return rc < 0 ? -1 : refused(b, err);
		page = json_loads(b->http.body.p, 0, NULL);
		why = json_is_array(page) ? NULL : "the body is not a JSON "
		    "array (cut short?)";
		for (i = 0; why == NULL && i < json_array_size(page); i++)
			why = bad_row(b, json_array_get(page, i));
		if (why == NULL)
			break;
		json_decref(page);
		if (tp_http_retry(&b->http, b->url, why, err) < 0)
			return -1;
	}
	json_decref(b->page);
	b->page = page;
	b->at = 0;
	return 0;
}

/* Fill rec with row r. */
static int
put_row(struct binance *b, json_t *r, struct tp_rec *rec, struct tp_err *err)
{
	static const char *const cols[] = { "open", "high", "low", "close",
	    "volume" };
	struct tp_recb o = { b->a->names, rec, 0 };
	struct tp_candle k;
	double v[5];
	int i;

	tp_rec_clear(rec);
	k.time = json_integer_value(json_array_get(r, 0));
	tp_recb_i64(&o, "time", k.time);
	for (i = 0; i < 5; i++) {
		const char *s = json_string_value(json_array_get(r, i + 1));

		tp_num_parse(s, strlen(s), &v[i]);
		tp_recb_num(&o, cols[i], v[i]);
	}
	k.open = v[0], k.high = v[1], k.low = v[2], k.close = v[3];
	k.volume = v[4];
	tp_recb_text(&o, "symbol", b->a->symbol);
	tp_recb_text(&o, "timeframe", b->a->timeframe);
	tp_recb_text(&o, "exchange", "binance");
	if (o.rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rec->file = "binance";
	rec->line = 0;
	return tp_candle_check(&k, rec, err);
}

static int
binance_next(void *st, struct tp_rec *rec, struct tp_err *err)
{
	struct binance *b = st;
	json_t *r;
	int64_t t, close;

	for (;;) {
		if (b->done)
			return 0;
		if (b->page == NULL || b->at == json_array_size(b->page)) {
			/* a short page is the last: nothing newer yet */
			if (b->page != NULL && json_array_size(b->page) < PAGE) {
				b->done = 1;
				return 0;
			}
			if (fetch_page(b, err) < 0)
				return -1;
			if (json_array_size(b->page) == 0) {
				b->done = 1;
				return 0;
			}
		}
		r = json_array_get(b->page, b->at++);
		t = json_integer_value(json_array_get(r, 0));
		close = t + b->tf;
		/* pages may overlap or repeat a row: only what is new */
		if (t < b->next)
			continue;
		if (t >= b->until || (!b->a->include_open && close > b->now)) {
			b->done = 1;
			return 0;
		}
		b->next = t + b->tf;
		if (put_row(b, r, rec, err) < 0)
			return -1;
		return 1;
	}
}

static enum tp_fmt
binance_format(void *st)
{
	(void)st;
	return TP_FMT_CSV;
}

static int
binance_header(void *st, const int **ids)
{
	(void)st;
	*ids = NULL;
	return 0;
}

static void
binance_close(void *st)
{
	struct binance *b = st;

	if (b == NULL)
		return;
	json_decref(b->page);
	tp_http_release(&b->http);
	free(b);
}

const struct tp_source_ops tp_source_binance = {
	"binance", binance_open, binance_next, binance_format, binance_header,
	binance_close
};
