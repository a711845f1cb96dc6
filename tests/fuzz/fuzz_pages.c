/*
 * fuzz_pages.c: the exchanges' answers, as tp-fetch reads them.
 *
 * The first byte picks what the rest is: bits 0-1 the exchange (binance,
 * kraken, bybit, coinbase), bits 2-3 the request (candles of 1m, markets,
 * best price, candles of 1w), bits 4-5 the HTTP status (200, 400, 403,
 * 404), bits 6-7 the size of the buffer tp_http_printable() writes into
 * (8, 64, 320 or 4096 bytes).  The rest is the body, in a buffer of its
 * exact size with no NUL after it, read by tp_json_parse() and handed to
 * the exchange's parser (tp_feed_page() for candles, the adapter's own
 * for markets and prices), as lib/feed/tp_feed.c's ask() does.
 *
 * What must hold, else abort():
 *  - err is set exactly when the verdict is TP_F_REFUSED, with a usage,
 *    unavailable or internal code, and its message holds no control
 *    character (C0, DEL, or C1 in UTF-8: the exchange's words quoted);
 *  - an accepted page of candles is in time order, each on the grid of
 *    the timeframe (weekly ones on the first one's), times within the
 *    years 1970 to 2200 (tp_json_time's range), prices and volumes finite
 *    and not negative;
 *  - every market's text fields are NUL-ended within their arrays;
 *  - tp_http_printable() of the body fits its buffer, holds no control
 *    character and is valid UTF-8.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/tp_feed.h"
#include "feed/tp_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2200-01-01T00:00:00Z in ms (GNU date -u -d 2200-01-01 +%s, times 1000). */
#define YEAR_2200_MS 7258118400000LL

/* A byte a message must not hold: C0 and DEL. */
static int
is_c0(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * Whether s (NUL-ended) is UTF-8 with no control character: each
 * sequence decoded to its code point and checked against RFC 3629's
 * ranges (shortest form, no surrogates, at most U+10FFFF), and no code
 * point below U+0020, U+007F, or U+0080 to U+009F.
 */
static int
clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp, min;
	int k, i;

	while (*p) {
		if (*p < 0x80) {
			cp = *p, k = 1, min = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f, k = 2, min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f, k = 3, min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			cp = *p & 0x07, k = 4, min = 0x10000;
		} else
			return 0;
		for (i = 1; i < k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return 0;
		p += k;
	}
	return 1;
}

/* No C0 or DEL byte, and no C1 character in UTF-8 (C2 80 to C2 9F). */
static int
no_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (is_c0(*p) || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 0;
	return 1;
}

static void
check_err(enum tp_fverdict v, const struct tp_err *err)
{
	if ((v == TP_F_REFUSED) != (err->code != 0))
		abort();
	if (v != TP_F_REFUSED)
		return;
	if (err->code != TP_EX_USAGE && err->code != TP_EX_UNAVAILABLE &&
	    err->code != TP_EX_SOFTWARE)
		abort();
	if (!no_controls(err->msg))
		abort();
}

static void
check_candles(const struct tp_fpage *pg, int64_t tf)
{
	const struct tp_frow *r;
	size_t i;

	for (i = 0; i < pg->n; i++) {
		r = &pg->rows[i];
		if (r->t < 0 || r->t > YEAR_2200_MS ||
		    (i > 0 && r->t < pg->rows[i - 1].t))
			abort();
		if (tf < 7 * 86400000LL ? r->t % tf != 0 :
		    (r->t - pg->rows[0].t) % tf != 0)
			abort();
		if (!isfinite(r->open) || !isfinite(r->high) ||
		    !isfinite(r->low) || !isfinite(r->close) ||
		    !isfinite(r->volume) || r->open < 0 || r->high < 0 ||
		    r->low < 0 || r->close < 0 || r->volume < 0)
			abort();
	}
}

static int
one_market(void *ctx, const struct tp_market *m)
{
	long *n = ctx;

	if (memchr(m->symbol, '\0', sizeof(m->symbol)) == NULL ||
	    memchr(m->id, '\0', sizeof(m->id)) == NULL ||
	    memchr(m->base, '\0', sizeof(m->base)) == NULL ||
	    memchr(m->quote, '\0', sizeof(m->quote)) == NULL ||
	    memchr(m->status, '\0', sizeof(m->status)) == NULL)
		abort();
	++*n;
	return 0;
}

static void
check_printable(const char *body, size_t len, size_t m)
{
	char *out = malloc(m);

	if (out == NULL)
		abort();
	tp_http_printable(body, len, out, m);
	if (memchr(out, '\0', m) == NULL || !clean_utf8(out))
		abort();
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tp_feed *const feeds[] = {
		&tp_feed_binance, &tp_feed_kraken, &tp_feed_bybit,
		&tp_feed_coinbase
	};
	static const long statuses[] = { 200, 400, 403, 404 };
	static const size_t outs[] = { 8, 64, 320, 4096 };
	const struct tp_feed *f;
	struct tp_err err = TP_ERR_INIT;
	struct tp_json j = { 0 };
	struct tp_fpage pg = { 0 };
	struct tp_fq q = { 0 };
	struct tp_quote quote = { 0 };
	enum tp_fverdict v;
	const char *why = NULL;
	char *body;
	int64_t week0 = -1;
	long status, markets = 0;
	int kind, json;

	if (size < 1)
		return 0;
	f = feeds[data[0] & 3];
	kind = data[0] >> 2 & 3;
	status = statuses[data[0] >> 4 & 3];
	size--;
	body = malloc(size ? size : 1);
	if (body == NULL)
		abort();
	memcpy(body, data + 1, size);
	check_printable(body, size, outs[data[0] >> 6 & 3]);
	q.base = "http://127.0.0.1:1";
	snprintf(q.symbol, sizeof(q.symbol), "%s",
	    f == &tp_feed_coinbase ? "BTC-USD" : "BTCUSDT");
	q.interval = kind == 3 ? "1w" : "1m";
	q.tf = kind == 3 ? 7 * 86400000LL : 60000;
	snprintf(q.url, sizeof(q.url), "%s/page", q.base);
	q.wait = -1;
	json = tp_json_parse(&j, body, size) == 0;
	if (kind == 1)
		v = f->markets(&q, status, json ? &j : NULL, one_market,
		    &markets, &why, &err);
	else if (kind == 2)
		v = f->ticker(&q, status, json ? &j : NULL, &quote, &why, &err);
	else {
		v = tp_feed_page(f, &q, status, json ? &j : NULL, &pg, &week0,
		    &why, &err);
		if (v == TP_F_OK)
			check_candles(&pg, q.tf);
	}
	check_err(v, &err);
	free(pg.rows);
	tp_json_release(&j);
	free(body);
	return 0;
}
