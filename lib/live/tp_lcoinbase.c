/*
 * tp_lcoinbase.c: the Coinbase Advanced Trade venue (tp_live.h), spot
 * only, with an Ed25519 CDP key.
 *
 * Sources: the Advanced Trade API reference,
 * docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/
 * (pages named where used: public/get-server-time, products/get-product,
 * orders/create-order, orders/cancel-order, orders/list-orders,
 * orders/list-fills, accounts/list-accounts), and the official SDK
 * coinbase/coinbase-advanced-py@54fb8ed3 (jwt_generator.py; rest/orders.py
 * and the rest/types/ files for field names the pages' stored copies
 * cut).
 *
 * Coinbase looks orders up by its order_id; tp knows its client id.  The
 * list of orders (orders/historical/batch) takes no client_order_id
 * filter (list-orders: order_ids, product_ids, order_status, ...; Get
 * Order's client_order_id query parameter is "(Deprecated)" and still
 * needs the order_id in the path), so tp lists the product's orders,
 * newest first, and picks its own: one request for a recent order, one
 * more per older page of 100 (QUERY_PAGES at most).
 *
 * The first half reads answers (no network: the unit tests and
 * tests/fuzz/fuzz_lcoinbase.c call it); the second half asks.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "live/tp_lcoinbase.h"
#include "live/tp_lread.h"
#include "live/tp_live.h"
#include "live/tp_lsign.h"
#include "core/tp_num.h"
#include "core/tp_time.h"
#include "rec/tp_market.h"

/* ---- the token and the key ---- */

/* s[0..n) in base64url without padding (RFC 7515's base64url) to b. */
static int
b64url(struct tp_buf *b, const void *s, size_t n)
{
	size_t m = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);

	if (tp_buf_reserve(b, m) < 0)
		return -1;
	sodium_bin2base64(b->p + b->len, m, s, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	b->len += m - 1;		/* its NUL is not kept */
	return 0;
}

/* The JSON object o (consumed), compact, in base64url to b. */
static int
b64json(struct tp_buf *b, json_t *o, size_t flags)
{
	char *s = o != NULL ? json_dumps(o, JSON_COMPACT | flags) : NULL;
	int rc;

	json_decref(o);
	if (s == NULL)
		return -1;
	rc = b64url(b, s, strlen(s));
	free(s);
	return rc;
}

int
tp_lcoinbase_jwt(struct tp_buf *b, const char *key_name,
    const unsigned char sk[TP_LSIGN_SK], const char *method,
    const char *host, const char *path, int64_t now_s, const char *nonce)
{
	unsigned char sig[crypto_sign_BYTES];
	char *uri;
	size_t n = strlen(method) + strlen(host) + strlen(path) + 2;
	json_t *h, *c;

	b->len = 0;
	if ((uri = malloc(n)) == NULL)
		return -1;
	/* "uri": method, a space, host and path (no query), as the SDK's
	 * rest_base.py makes it: "GET api.coinbase.com/api/v3/brokerage/
	 * accounts" */
	snprintf(uri, n, "%s %s%s", method, host, path);
	/* the header as PyJWT writes it (sorted keys): alg, kid, nonce,
	 * typ; the claims in build_jwt's order */
	h = json_pack("{s:s, s:s, s:s, s:s}", "alg", "EdDSA", "kid", key_name,
	    "nonce", nonce, "typ", "JWT");
	c = json_pack("{s:s, s:s, s:I, s:I, s:s}", "sub", key_name, "iss",
	    "cdp", "nbf", (json_int_t)now_s, "exp",
	    (json_int_t)(now_s + TP_LCOINBASE_JWT_S), "uri", uri);
	free(uri);
	if (b64json(b, h, JSON_SORT_KEYS) < 0 || tp_buf_add(b, ".", 1) < 0 ||
	    b64json(b, c, JSON_PRESERVE_ORDER) < 0) {
		json_decref(c);
		return -1;
	}
	/* EdDSA signs the ASCII of header.claims (RFC 8037 section 3.1) */
	crypto_sign_detached(sig, NULL, (const unsigned char *)b->p, b->len,
	    sk);
	if (tp_buf_add(b, ".", 1) < 0 || b64url(b, sig, sizeof(sig)) < 0 ||
	    tp_buf_add(b, "", 1) < 0)
		return -1;
	b->len--;
	return 0;
}

int
tp_lcoinbase_secret(const char *text, unsigned char sk[TP_LSIGN_SK])
{
	unsigned char raw[TP_LSIGN_SK + 1], pk[crypto_sign_PUBLICKEYBYTES];
	size_t len, k = strspn(text, " \t\r\n");
	int rc = TP_LCB_NOT;

	if (strstr(text, "-----BEGIN EC PRIVATE KEY-----") != NULL)
		return TP_LCB_ES256;
	if (strncmp(text + k, "-----BEGIN", 10) == 0)
		return tp_lsign_ed25519_pem(text, sk) == 0 ? TP_LCB_KEY :
		    TP_LCB_NOT;
	/* the CDP portal's Ed25519 "privateKey": base64 of seed and public
	 * key; blanks ignored as the SDK's "".join(secret.split()) does */
	if (sodium_base642bin(raw, sizeof(raw), text, strlen(text),
	    " \t\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    (len != 32 && len != 64))
		goto out;
	if (crypto_sign_seed_keypair(pk, sk, raw) != 0)
		goto out;
	/* a public half that is not the seed's: a key damaged in the
	 * copying, which would sign what Coinbase cannot verify */
	if (len == 64 && sodium_memcmp(pk, raw + 32, sizeof(pk)) != 0) {
		sodium_memzero(sk, TP_LSIGN_SK);
		goto out;
	}
	rc = TP_LCB_KEY;
out:
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

int
tp_lcoinbase_product(const char *symbol, char out[TP_LSYM])
{
	char base[TP_LSYM], quote[TP_LSYM];
	size_t b, q;

	if (tp_market_split(symbol, base, quote, sizeof(base)) < 0)
		return -1;
	b = strlen(base);
	q = strlen(quote);
	if (b + q + 1 >= TP_LSYM)
		return -1;
	memcpy(out, base, b);
	out[b] = '-';
	memcpy(out + b + 1, quote, q + 1);
	return 0;
}

/*
 * Coinbase has no stop-market order: a stop is stop_limit_stop_limit_gtc
 * (create-order: "stop orders become active and wait to trigger based on
 * the movement of the last trade price"), whose limit is set
 * TP_LCOINBASE_SLIP (5%) past the stop, rounded away from it to the
 * tick: far enough that the triggered order fills at once in any
 * ordinary market, as tp's stop-market would, and a bound on the price
 * when the market gaps.  A gap beyond it leaves the order waiting
 * unfilled at its limit (tp sees it NEW or PARTIAL, not FILLED).
 */
double
tp_lcoinbase_stop_limit(const struct tp_lrules *r, int buy, double stop)
{
	double p = stop * (buy ? 1 + TP_LCOINBASE_SLIP : 1 -
	    TP_LCOINBASE_SLIP), q;

	if (!(r->tick > 0))
		return p;
	q = tp_lrules_price(r, p);
	if (buy && q < p)
		q = tp_lrules_price(r, q + r->tick);
	else if (!buy && q > p)
		q = tp_lrules_price(r, q - r->tick);
	if (!buy && q < r->tick)
		q = r->tick;
	return q;
}

/* ---- reading answers ---- */

/* tp's venue symbol of a product id (BTC-USDT: BTCUSDT, as
 * tp_live_symbol writes it), in place. */
static void
join(char *s)
{
	char *dash;

	while ((dash = strchr(s, '-')) != NULL)
		memmove(dash, dash + 1, strlen(dash));
}

/* The quote currency of a product id (BTC-USDT: USDT) as the fee's. */
static void
quote_of(const char *product, char *out, size_t n)
{
	const char *dash = strrchr(product, '-');

	out[0] = '\0';
	if (dash != NULL && strlen(dash + 1) < n)
		snprintf(out, n, "%s", dash + 1);
}

/* A boolean member; absent or null is 0. */
static int
flag(struct tp_lread *r, json_t *o, const char *k, int *b)
{
	json_t *v = json_object_get(o, k);

	*b = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return tp_lread_bad(r, "%s: %s is not true or false", r->what,
		    k);
	*b = json_is_true(v);
	return 0;
}

/* An RFC 3339 time ("2021-05-31T09:59:59.000Z") in ms; "", absent or
 * null is 0. */
static int
when(struct tp_lread *r, json_t *o, const char *k, int64_t *t)
{
	json_t *v = json_object_get(o, k);
	const char *why;

	*t = 0;
	if (v == NULL || json_is_null(v) || (json_is_string(v) &&
	    json_string_length(v) == 0))
		return 0;
	if (!json_is_string(v) || tp_time_parse(json_string_value(v),
	    json_string_length(v), TP_UNIT_MS, t, &why) < 0 || *t < 0)
		return tp_lread_bad(r, "%s: %s is not a time", r->what, k);
	return 0;
}

/* body as a JSON object into *root (to be released). */
static int
load(struct tp_lread *r, const char *body, size_t n, json_t **root)
{
	json_error_t je;

	if ((*root = json_loadb(body, n, 0, &je)) == NULL)
		return tp_lread_bad(r, "%s: not JSON: %s", r->what, je.text);
	if (!json_is_object(*root))
		return tp_lread_bad(r, "%s: not an object", r->what);
	return 0;
}

/* The array member k of root. */
static json_t *
list_of(struct tp_lread *r, json_t *root, const char *k)
{
	json_t *l = json_object_get(root, k);

	if (!json_is_array(l))
		tp_lread_bad(r, "%s: %s is not a list", r->what, k);
	return json_is_array(l) ? l : NULL;
}

/* The next page's cursor: "cursor" while has_next is true (or, where
 * the answer has no has_next, while the cursor is not ""). */
static int
cursor_of(struct tp_lread *r, json_t *root, char *cursor, size_t cn)
{
	json_t *more = json_object_get(root, "has_next");
	int next;

	if (tp_lread_str(r, root, "cursor", 0, cursor, cn) < 0)
		return -1;
	if (more == NULL)
		return 0;
	if (flag(r, root, "has_next", &next) < 0)
		return -1;
	if (!next)
		cursor[0] = '\0';
	else if (cursor[0] == '\0')
		return tp_lread_bad(r, "%s: has_next with no cursor", r->what);
	return 0;
}

void
tp_lcoinbase_read_error(const char *body, size_t n, char *msg, size_t mn)
{
	struct tp_lread r = { "error", NULL, 0 };
	json_t *root = json_loadb(body, n, 0, NULL);
	char e[128], m[256], d[256], line[700];

	if (mn == 0)
		return;
	e[0] = m[0] = d[0] = '\0';
	if (json_is_object(root)) {
		tp_lread_str(&r, root, "error", 0, e, sizeof(e));
		tp_lread_str(&r, root, "message", 0, m, sizeof(m));
		tp_lread_str(&r, root, "error_details", 0, d, sizeof(d));
	}
	json_decref(root);
	if (e[0] == '\0' && m[0] == '\0') {
		/* plain text, as a 401's "Unauthorized" */
		tp_http_printable(body, n < 200 ? n : 200, msg, mn);
		return;
	}
	snprintf(line, sizeof(line), "%s%s%s%s%s%s", e, e[0] && m[0] ? ": " :
	    "", m, d[0] && strcmp(d, m) != 0 ? " (" : "", d[0] && strcmp(d,
	    m) != 0 ? d : "", d[0] && strcmp(d, m) != 0 ? ")" : "");
	tp_http_printable(line, strlen(line), msg, mn);
}

/* An integer member in a string or a number; 0 when neither. */
static int64_t
epoch(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	int64_t t = 0;

	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? json_integer_value(v) : 0;
	if (json_is_string(v) && tp_num_parse_i64(json_string_value(v),
	    json_string_length(v), &t) == TP_NUM_OK && t > 0)
		return t;
	return 0;
}

int
tp_lcoinbase_read_time(const char *body, size_t n, int64_t *ms, char *why,
    size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/time", why, wn };
	json_t *root;
	int64_t t;
	int rc = -1;

	*ms = 0;
	if (load(&r, body, n, &root) < 0)
		goto out;
	/* get-server-time: {"iso", "epochSeconds", "epochMillis"} */
	if ((t = epoch(root, "epochMillis")) > 0 && tp_time_ok(t))
		*ms = t;
	else if ((t = epoch(root, "epochSeconds")) > 0 && t < INT64_MAX /
	    1000 && tp_time_ok(t * 1000))
		*ms = t * 1000;
	else if (when(&r, root, "iso", &t) < 0)
		goto out;
	else
		*ms = t;
	if (*ms <= 0) {
		tp_lread_bad(&r, "%s: no time", r.what);
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
tp_lcoinbase_read_rules(const char *body, size_t n, const char *product,
    struct tp_lrules *lr, char *why, size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/products", why, wn };
	json_t *root;
	char status[32], type[32], *dash;
	int off, disabled, cancel_only, limit_only;
	double price_tick;
	int rc = -1;

	memset(lr, 0, sizeof(*lr));
	if (load(&r, body, n, &root) < 0)
		goto out;
	/* get-product's fields */
	if (tp_lread_str(&r, root, "product_id", 1, lr->symbol,
	    sizeof(lr->symbol)) < 0 ||
	    tp_lread_str(&r, root, "base_currency_id", 0, lr->base,
	    sizeof(lr->base)) < 0 ||
	    tp_lread_str(&r, root, "quote_currency_id", 0, lr->quote,
	    sizeof(lr->quote)) < 0 ||
	    tp_lread_str(&r, root, "status", 0, status, sizeof(status)) < 0 ||
	    tp_lread_str(&r, root, "product_type", 0, type, sizeof(type)) < 0 ||
	    tp_lread_dec(&r, root, "base_increment", 1, 0, &lr->step) < 0 ||
	    tp_lread_dec(&r, root, "quote_increment", 1, 0, &lr->tick) < 0 ||
	    tp_lread_dec(&r, root, "price_increment", 0, 0, &price_tick) < 0 ||
	    tp_lread_dec(&r, root, "base_min_size", 0, 0, &lr->min_qty) < 0 ||
	    tp_lread_dec(&r, root, "base_max_size", 0, 0, &lr->max_qty) < 0 ||
	    tp_lread_dec(&r, root, "quote_min_size", 0, 0,
	    &lr->min_notional) < 0 ||
	    flag(&r, root, "trading_disabled", &off) < 0 ||
	    flag(&r, root, "is_disabled", &disabled) < 0 ||
	    flag(&r, root, "cancel_only", &cancel_only) < 0 ||
	    flag(&r, root, "limit_only", &limit_only) < 0)
		goto out;
	if (strcmp(lr->symbol, product) != 0) {
		tp_lread_bad(&r, "%s: asked for one product, told of another",
		    r.what);
		goto out;
	}
	if (type[0] != '\0' && strcmp(type, "SPOT") != 0) {
		tp_lread_bad(&r, "%s: %s is not a spot product (%s)", r.what,
		    product, type);
		goto out;
	}
	/* price_increment is "the minimum amount price can be increased or
	 * decreased at once"; quote_increment the quote size's step, the
	 * same on spot books */
	if (price_tick > 0)
		lr->tick = price_tick;
	if (!(lr->step > 0) || !(lr->tick > 0)) {
		tp_lread_bad(&r, "%s: a step or tick of zero", r.what);
		goto out;
	}
	if (lr->min_qty < lr->step)
		lr->min_qty = lr->step;
	/* the currencies from the product id when the answer has none */
	if ((lr->base[0] == '\0' || lr->quote[0] == '\0') &&
	    (dash = strchr(lr->symbol, '-')) != NULL &&
	    (size_t)(dash - lr->symbol) < sizeof(lr->base) &&
	    strlen(dash + 1) < sizeof(lr->quote)) {
		snprintf(lr->base, sizeof(lr->base), "%.*s",
		    (int)(dash - lr->symbol), lr->symbol);
		snprintf(lr->quote, sizeof(lr->quote), "%s", dash + 1);
	}
	join(lr->symbol);
	/* a market order is refused while the book is cancel- or
	 * limit-only */
	lr->trading = strcmp(status, "online") == 0 && !off && !disabled &&
	    !cancel_only && !limit_only;
	rc = 0;
out:
	if (rc < 0)
		memset(lr, 0, sizeof(*lr));
	json_decref(root);
	return rc;
}

int
tp_lcoinbase_read_placed(const char *body, size_t n,
    struct tp_lcoinbase_placed *p, char *why, size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/orders", why, wn };
	json_t *root, *ok, *er;
	char e[96], m[128], pre[96], nofr[96], fr[96], line[600];
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (load(&r, body, n, &root) < 0)
		goto out;
	if (flag(&r, root, "success", &p->success) < 0)
		goto out;
	if (!json_is_boolean(json_object_get(root, "success"))) {
		tp_lread_bad(&r, "%s: no success", r.what);
		goto out;
	}
	if (p->success) {
		ok = json_object_get(root, "success_response");
		if (!json_is_object(ok) || tp_lread_str(&r, ok, "order_id", 1,
		    p->order_id, sizeof(p->order_id)) < 0 ||
		    p->order_id[0] == '\0') {
			tp_lread_bad(&r, "%s: no success_response.order_id",
			    r.what);
			goto out;
		}
		rc = 0;
		goto out;
	}
	/* create-order's error_response: error, message, error_details,
	 * preview_failure_reason, new_order_failure_reason; older answers
	 * also a failure_reason beside it */
	e[0] = m[0] = pre[0] = nofr[0] = fr[0] = '\0';
	er = json_object_get(root, "error_response");
	if (json_is_object(er) && (tp_lread_str(&r, er, "error", 0, e,
	    sizeof(e)) < 0 ||
	    tp_lread_str(&r, er, "message", 0, m, sizeof(m)) < 0 ||
	    tp_lread_str(&r, er, "preview_failure_reason", 0, pre,
	    sizeof(pre)) < 0 ||
	    tp_lread_str(&r, er, "new_order_failure_reason", 0, nofr,
	    sizeof(nofr)) < 0))
		goto out;
	if (json_is_string(json_object_get(root, "failure_reason")) &&
	    tp_lread_str(&r, root, "failure_reason", 0, fr, sizeof(fr)) < 0)
		goto out;
	if (e[0] == '\0')
		snprintf(e, sizeof(e), "%s", nofr[0] && strcmp(nofr,
		    "UNKNOWN_FAILURE_REASON") != 0 ? nofr : fr[0] ? fr :
		    "UNKNOWN_FAILURE_REASON");
	snprintf(line, sizeof(line), "%s%s%s%s%s%s", e, m[0] ? ": " : "", m,
	    pre[0] && strcmp(pre, "UNKNOWN_PREVIEW_FAILURE_REASON") != 0 ?
	    " (" : "", pre[0] && strcmp(pre,
	    "UNKNOWN_PREVIEW_FAILURE_REASON") != 0 ? pre : "", pre[0] &&
	    strcmp(pre, "UNKNOWN_PREVIEW_FAILURE_REASON") != 0 ? ")" : "");
	tp_http_printable(line, strlen(line), p->reason, sizeof(p->reason));
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* list-orders' status as tp says it; -1 unknown. */
static int
state_of(const char *s, double filled)
{
	static const struct {
		const char *name;
		enum tp_lostate st;
	} t[] = {
		{ "PENDING", TP_LS_NEW },
		{ "QUEUED", TP_LS_NEW },
		{ "OPEN", TP_LS_NEW },
		/* a cancel or an edit asked, not yet done: still waiting */
		{ "CANCEL_QUEUED", TP_LS_NEW },
		{ "EDIT_QUEUED", TP_LS_NEW },
		{ "FILLED", TP_LS_FILLED },
		{ "CANCELLED", TP_LS_CANCELED },
		{ "EXPIRED", TP_LS_EXPIRED },
		{ "FAILED", TP_LS_REJECTED }
	};
	size_t k;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		if (strcmp(s, t[k].name) == 0)
			return t[k].st == TP_LS_NEW && filled > 0 ?
			    (int)TP_LS_PARTIAL : (int)t[k].st;
	return -1;
}

/* The order's configuration (create-order's order_configuration: one
 * member, named by type and time in force): type, base_size, prices. */
static int
config_of(struct tp_lread *r, json_t *it, struct tp_lorder *o, char *kind,
    size_t kn)
{
	json_t *c = json_object_get(it, "order_configuration"), *v;
	const char *k;

	kind[0] = '\0';
	if (c == NULL || json_is_null(c))
		return 0;
	if (!json_is_object(c))
		return tp_lread_bad(r, "%s: order_configuration is not an "
		    "object", r->what);
	json_object_foreach(c, k, v) {
		if (!json_is_object(v))
			continue;
		snprintf(kind, kn, "%s", k);
		if (tp_lread_dec(r, v, "base_size", 0, 0, &o->qty) < 0 ||
		    tp_lread_dec(r, v, "limit_price", 0, 0, &o->price) < 0 ||
		    tp_lread_dec(r, v, "stop_price", 0, 0, &o->stop) < 0)
			return -1;
		break;
	}
	return 0;
}

static int
order_of(struct tp_lread *r, json_t *it, struct tp_lorder *o)
{
	char side[16], status[32], type[32], kind[64];
	double stop_seen;
	int st;

	memset(o, 0, sizeof(*o));
	if (!json_is_object(it))
		return tp_lread_bad(r, "%s: an order is not an object",
		    r->what);
	if (tp_lread_str(r, it, "order_id", 1, o->order_id,
	    sizeof(o->order_id)) < 0 ||
	    tp_lread_str(r, it, "product_id", 1, o->symbol,
	    sizeof(o->symbol)) < 0 ||
	    tp_lread_str(r, it, "client_order_id", 0, o->client_id,
	    sizeof(o->client_id)) < 0 ||
	    tp_lread_str(r, it, "side", 1, side, sizeof(side)) < 0 ||
	    tp_lread_str(r, it, "status", 1, status, sizeof(status)) < 0 ||
	    tp_lread_str(r, it, "order_type", 0, type, sizeof(type)) < 0 ||
	    config_of(r, it, o, kind, sizeof(kind)) < 0 ||
	    tp_lread_dec(r, it, "filled_size", 0, 0, &o->filled) < 0 ||
	    tp_lread_dec(r, it, "average_filled_price", 0, 0,
	    &o->avg_price) < 0 ||
	    when(r, it, "created_time", &o->time) < 0 ||
	    when(r, it, "last_fill_time", &o->update_time) < 0)
		return -1;
	if (strcmp(side, "BUY") != 0 && strcmp(side, "SELL") != 0)
		return tp_lread_bad(r, "%s: side is neither BUY nor SELL",
		    r->what);
	o->buy = side[0] == 'B';
	if ((st = state_of(status, o->filled)) < 0)
		return tp_lread_bad(r, "%s: a status tp does not know",
		    r->what);
	o->state = (enum tp_lostate)st;
	/* order_type (MARKET, LIMIT, STOP, STOP_LIMIT, ...), else the
	 * configuration's name */
	stop_seen = o->stop;
	if (strcmp(type, "MARKET") == 0 || strncmp(kind, "market_", 7) == 0)
		o->type = TP_LO_MARKET;
	else if (strncmp(type, "STOP", 4) == 0 ||
	    strncmp(kind, "stop_limit_", 11) == 0 || stop_seen > 0)
		o->type = TP_LO_STOP;
	else if (strcmp(type, "LIMIT") == 0 || strncmp(kind, "limit_", 6) ==
	    0 || strncmp(kind, "sor_limit_", 10) == 0)
		o->type = TP_LO_LIMIT;
	else
		return tp_lread_bad(r, "%s: an order_type tp does not know",
		    r->what);
	/* tp's stop is a market order once triggered: the stop-limit's
	 * limit is Coinbase's, not tp's price */
	if (o->type != TP_LO_LIMIT)
		o->price = 0;
	if (o->filled == 0)
		o->avg_price = 0;
	if (o->update_time == 0)
		o->update_time = o->time;
	/* total_fees is in the quote currency (list-fills' commission is
	 * too); absent, the caller asks the fills */
	if (json_is_string(json_object_get(it, "total_fees")) &&
	    json_string_length(json_object_get(it, "total_fees")) > 0) {
		if (tp_lread_dec(r, it, "total_fees", 1, 0, &o->fee) < 0)
			return -1;
		quote_of(o->symbol, o->fee_asset, sizeof(o->fee_asset));
	} else if (o->filled == 0)
		quote_of(o->symbol, o->fee_asset, sizeof(o->fee_asset));
	join(o->symbol);
	return 0;
}

int
tp_lcoinbase_read_orders(const char *body, size_t n, tp_lorder_fn *fn,
    void *ctx, int *stop, char *cursor, size_t cn, char *why, size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/orders/historical/batch", why,
	    wn };
	json_t *root, *list;
	struct tp_lorder o;
	size_t k;
	int rc = -1;

	*stop = 0;
	cursor[0] = '\0';
	if (load(&r, body, n, &root) < 0 ||
	    (list = list_of(&r, root, "orders")) == NULL ||
	    cursor_of(&r, root, cursor, cn) < 0)
		goto out;
	/* all read before any is told: a bad one tells none */
	for (k = 0; k < json_array_size(list); k++)
		if (order_of(&r, json_array_get(list, k), &o) < 0) {
			cursor[0] = '\0';
			goto out;
		}
	rc = 0;
	for (k = 0; k < json_array_size(list) && *stop == 0; k++) {
		order_of(&r, json_array_get(list, k), &o);
		*stop = fn(ctx, &o);
	}
out:
	json_decref(root);
	return rc;
}

int
tp_lcoinbase_read_fills(const char *body, size_t n, struct tp_lorder *o,
    char *cursor, size_t cn, char *why, size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/orders/historical/fills", why,
	    wn };
	json_t *root, *list, *it;
	char id[TP_LID], pid[TP_LSYM], quote[TP_LASSET] = "";
	double f, sum = 0;
	size_t k;
	int rc = -1;

	cursor[0] = '\0';
	if (load(&r, body, n, &root) < 0 ||
	    (list = list_of(&r, root, "fills")) == NULL ||
	    cursor_of(&r, root, cursor, cn) < 0)
		goto out;
	json_array_foreach(list, k, it) {
		if (!json_is_object(it)) {
			tp_lread_bad(&r, "%s: a fill is not an object", r.what);
			goto out;
		}
		if (tp_lread_str(&r, it, "order_id", 1, id, sizeof(id)) < 0 ||
		    tp_lread_str(&r, it, "product_id", 0, pid,
		    sizeof(pid)) < 0 ||
		    tp_lread_dec(&r, it, "commission", 0, 0, &f) < 0)
			goto out;
		if (strcmp(id, o->order_id) != 0)
			continue;
		if (quote[0] == '\0')
			quote_of(pid, quote, sizeof(quote));
		sum += f;
		if (!isfinite(sum)) {
			tp_lread_bad(&r, "%s: the fees add up past a double",
			    r.what);
			goto out;
		}
	}
	o->fee += sum;
	/* commission is in the quote currency, the product's */
	if (quote[0] != '\0')
		memcpy(o->fee_asset, quote, sizeof(quote));
	rc = 0;
out:
	if (rc < 0)
		cursor[0] = '\0';
	json_decref(root);
	return rc;
}

int
tp_lcoinbase_read_cancel(const char *body, size_t n, const char *order_id,
    int *ok, char *reason, size_t rn, char *why, size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/orders/batch_cancel", why,
	    wn };
	json_t *root, *list, *it;
	char id[TP_LID];
	size_t k;
	int rc = -1;

	*ok = 0;
	reason[0] = '\0';
	if (load(&r, body, n, &root) < 0 ||
	    (list = list_of(&r, root, "results")) == NULL)
		goto out;
	json_array_foreach(list, k, it) {
		if (!json_is_object(it)) {
			tp_lread_bad(&r, "%s: a result is not an object",
			    r.what);
			goto out;
		}
		if (tp_lread_str(&r, it, "order_id", 1, id, sizeof(id)) < 0)
			goto out;
		if (strcmp(id, order_id) != 0)
			continue;
		if (flag(&r, it, "success", ok) < 0 ||
		    tp_lread_str(&r, it, "failure_reason", 0, reason, rn) < 0) {
			*ok = 0;
			reason[0] = '\0';
			goto out;
		}
		rc = 0;
		goto out;
	}
	tp_lread_bad(&r, "%s: no result for the order", r.what);
out:
	json_decref(root);
	return rc;
}

/* An amount object {"value", "currency"}'s value. */
static int
amount_of(struct tp_lread *r, json_t *it, const char *k, double *d)
{
	json_t *v = json_object_get(it, k);

	*d = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return tp_lread_bad(r, "%s: %s is not an object", r->what, k);
	return tp_lread_dec(r, v, "value", 1, 0, d);
}

int
tp_lcoinbase_read_accounts(const char *body, size_t n, tp_lbalance_fn *fn,
    void *ctx, int *stop, char *cursor, size_t cn, char *why, size_t wn)
{
	struct tp_lread r = { "/api/v3/brokerage/accounts", why, wn };
	json_t *root, *list, *it;
	struct tp_lbalance *b = NULL;
	size_t k, nb = 0;
	int rc = -1;

	*stop = 0;
	cursor[0] = '\0';
	if (load(&r, body, n, &root) < 0 ||
	    (list = list_of(&r, root, "accounts")) == NULL ||
	    cursor_of(&r, root, cursor, cn) < 0)
		goto out;
	if ((b = calloc(json_array_size(list) + 1, sizeof(*b))) == NULL) {
		tp_lread_bad(&r, "%s: out of memory", r.what);
		goto out;
	}
	/* list-accounts: currency, available_balance, hold */
	json_array_foreach(list, k, it) {
		if (!json_is_object(it)) {
			tp_lread_bad(&r, "%s: an account is not an object",
			    r.what);
			goto out;
		}
		if (tp_lread_str(&r, it, "currency", 1, b[nb].asset,
		    sizeof(b[nb].asset)) < 0 ||
		    amount_of(&r, it, "available_balance", &b[nb].free) < 0 ||
		    amount_of(&r, it, "hold", &b[nb].locked) < 0)
			goto out;
		if (b[nb].free != 0 || b[nb].locked != 0)
			nb++;
	}
	rc = 0;
	for (k = 0; k < nb && *stop == 0; k++)
		*stop = fn(ctx, &b[k]);
out:
	if (rc < 0)
		cursor[0] = '\0';
	free(b);
	json_decref(root);
	return rc;
}

/* ---- asking ---- */

/* How a request is made. */
enum {
	ONCE = 1		/* an order: never sent twice */
};

#define PAGES 100		/* of a list, followed at most */
#define QUERY_PAGES 10		/* of a product's orders, to find one */

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

/* &k=v, v percent-encoded, to a query string (the first with no &). */
static int
qadd(struct tp_buf *b, const char *k, const char *v)
{
	if ((b->len > 0 && tp_buf_add(b, "&", 1) < 0) ||
	    tp_buf_add(b, k, strlen(k)) < 0 || tp_buf_add(b, "=", 1) < 0 ||
	    tp_lsign_pct(b, v, strlen(v)) < 0)
		return -1;
	return 0;
}

static int
qend(struct tp_buf *b)
{
	if (tp_buf_add(b, "", 1) < 0)
		return -1;
	b->len--;
	return 0;
}

static void
free_headers(struct tp_live *l)
{
	struct curl_slist *h;

	for (h = l->headers; h != NULL; h = h->next)
		sodium_memzero(h->data, strlen(h->data));
	curl_slist_free_all(l->headers);
	l->headers = NULL;
}

static int
add_header(struct tp_live *l, const char *line)
{
	struct curl_slist *h = curl_slist_append(l->headers, line);

	if (h == NULL)
		return -1;
	l->headers = h;
	return 0;
}

/* Whether this account can be traded here at all. */
static int
usable(const struct tp_live *l, struct tp_err *err)
{
	if (l->market != TP_LM_SPOT)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "coinbase: spot "
		    "only: tp trades Coinbase Advanced Trade spot products; "
		    "futures and perpetuals (other products, other margin "
		    "rules) are not supported");
	if (l->keytype != TP_LK_ED25519 || l->secret_len != TP_LSIGN_SK)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "coinbase: the "
		    "key is not an Ed25519 CDP key; create an Ed25519 API "
		    "key in the CDP portal and add it");
	return 0;
}

/*
 * The headers of a request: "Authorization: Bearer <jwt>" with a fresh
 * token (a nonce of 32 random bytes in hex as the SDK's
 * secrets.token_hex(), nbf our clock corrected to the server's), and
 * for a POST the JSON body's type.
 */
static int
sign(struct tp_live *l, const char *method, const char *path,
    struct tp_err *err)
{
	unsigned char rnd[32];
	char nonce[65];
	const char *host = strstr(l->base_url, "://");
	struct tp_buf t = { 0 };
	int rc;

	host = host != NULL ? host + 3 : l->base_url;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(nonce, sizeof(nonce), rnd, sizeof(rnd));
	free_headers(l);
	rc = tp_buf_add(&t, "Authorization: Bearer ", 22) < 0 ||
	    tp_lcoinbase_jwt(&l->q, l->key, l->secret, method, host, path,
	    tp_live_now(l) / 1000, nonce) < 0 ||
	    tp_buf_add(&t, l->q.p, l->q.len + 1) < 0 ||
	    add_header(l, t.p) < 0 ||
	    (strcmp(method, "POST") == 0 && (add_header(l,
	    "Content-Type: application/json") < 0 ||
	    add_header(l, "Expect:") < 0)) ? -1 : 0;
	/* a bearer token is good for 2 minutes to whoever holds it */
	if (t.p != NULL)
		sodium_memzero(t.p, t.len);
	if (l->q.p != NULL)
		sodium_memzero(l->q.p, l->q.len);
	tp_buf_release(&t);
	if (rc < 0) {
		free_headers(l);
		return oom(err);
	}
	return 0;
}

/*
 * Ask path (signed): GET with query q, or POST with JSON body q.
 * Returns 0 with a 2xx answer in l->http.body, 1 with another 4xx the
 * caller reads (400, 404), 2 when an order's answer may be lost (ONCE:
 * a timeout, a broken connection, a 5xx), or -1 with err.  429 and 5xx
 * are waited out within tp_http's time (5xx only where nothing is done
 * twice), then TP_EX_TEMPFAIL; 401 and 403 are the key's: TP_EX_CONFIG.
 */
static int
ask(struct tp_live *l, const char *method, const char *path, const char *q,
    int how, struct tp_err *err)
{
	int post = strcmp(method, "POST") == 0, rc;
	char url[2048], msg[256];

	if (usable(l, err) < 0)
		return -1;
	if (snprintf(url, sizeof(url), "%s%s%s%s", l->base_url, path,
	    !post && *q ? "?" : "", !post ? q : "") >= (int)sizeof(url))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "coinbase: %s: "
		    "the URL is too long", path);
	/* a token for each request: one that waited out a 429 may be past
	 * its nbf + 120 s */
	if (sign(l, method, path, err) < 0)
		return -1;
	l->requests++;
	rc = tp_http_send(&l->http, method, url, l->headers, post ? q : NULL,
	    TP_HTTP_LIVE | ((how & ONCE) ? TP_HTTP_ONCE : 0), err);
	free_headers(l);
	if (rc < 0 || rc == 2)
		return rc;
	if (rc == 0) {
		tp_http_good(&l->http);
		return 0;
	}
	tp_lcoinbase_read_error(l->http.body.p, l->http.body.len, msg,
	    sizeof(msg));
	if (l->http.status == 401 || l->http.status == 403)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "coinbase: %s: "
		    "HTTP %ld: %s (the key name, its Ed25519 secret, its "
		    "permissions or the clock: nothing retried)", path,
		    l->http.status, msg);
	return 1;
}

/* An answer the operation has no use for. */
static int
refused(const struct tp_live *l, const char *path, struct tp_err *err)
{
	char msg[256];

	tp_lcoinbase_read_error(l->http.body.p, l->http.body.len, msg,
	    sizeof(msg));
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "coinbase: %s: HTTP "
	    "%ld: %s", path, l->http.status, msg);
}

static int
unreadable(const char *why, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "coinbase: an answer "
	    "tp cannot read: %s", why);
}

/* A GET with query b (consumed). */
static int
get(struct tp_live *l, const char *path, struct tp_buf *b,
    struct tp_err *err)
{
	int rc;

	if (qend(b) < 0) {
		tp_buf_release(b);
		return oom(err);
	}
	rc = ask(l, "GET", path, b->p, 0, err);
	tp_buf_release(b);
	return rc;
}

/* A POST of JSON object o (consumed). */
static int
post(struct tp_live *l, const char *path, json_t *o, int how,
    struct tp_err *err)
{
	char *body = o != NULL ? json_dumps(o, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : NULL;
	int rc;

	json_decref(o);
	if (body == NULL)
		return oom(err);
	rc = ask(l, "POST", path, body, how, err);
	free(body);
	return rc;
}

/* The product id of symbol: BTC-USDT from BTC/USDT, BTCUSDT (as
 * tp_live_symbol writes it) or BTC-USDT. */
static int
product(const char *symbol, char out[TP_LSYM], struct tp_err *err)
{
	if (tp_lcoinbase_product(symbol, out) < 0)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "coinbase: %s is "
		    "not a BASE/QUOTE symbol", symbol);
	return 0;
}

/* GET /api/v3/brokerage/time (get-server-time; public, signed all the
 * same): the offset from the middle of the round trip. */
static int
sync_time(struct tp_live *l, struct tp_err *err)
{
	struct tp_buf b = { 0 };
	char why[256];
	int64_t t0 = tp_time_now_ms(), t1, server;
	int rc;

	if ((rc = get(l, "/api/v3/brokerage/time", &b, err)) < 0)
		return -1;
	t1 = tp_time_now_ms();
	if (l->http.last_ms > t0)
		t0 = l->http.last_ms;
	if (rc != 0)
		return refused(l, "/api/v3/brokerage/time", err);
	if (tp_lcoinbase_read_time(l->http.body.p, l->http.body.len, &server,
	    why, sizeof(why)) < 0)
		return unreadable(why, err);
	l->offset_ms = server - (t0 + t1) / 2;
	return 0;
}

/* GET /api/v3/brokerage/products/{product_id} (get-product); an unknown
 * product is HTTP 404 (or 400 INVALID_ARGUMENT). */
static int
rules(struct tp_live *l, const char *symbol, struct tp_lrules *r,
    struct tp_err *err)
{
	char path[128], pid[TP_LSYM], why[256];
	struct tp_buf b = { 0 };
	int rc;

	memset(r, 0, sizeof(*r));
	if (product(symbol, pid, err) < 0)
		return -1;
	/* a path segment: tp_market_split leaves letters and digits */
	if (strspn(pid, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
	    strlen(pid))
		return 0;
	snprintf(path, sizeof(path), "/api/v3/brokerage/products/%s", pid);
	if ((rc = get(l, path, &b, err)) < 0)
		return -1;
	if (rc == 1 && (l->http.status == 404 || l->http.status == 400))
		return 0;
	if (rc != 0)
		return refused(l, path, err);
	if (tp_lcoinbase_read_rules(l->http.body.p, l->http.body.len, pid, r,
	    why, sizeof(why)) < 0)
		return unreadable(why, err);
	return 1;
}

/* Spot only: nothing to prepare (usable() refuses futures). */
static int
prepare(struct tp_live *l, const char *symbol, double leverage,
    struct tp_err *err)
{
	(void)symbol;
	(void)leverage;
	return usable(l, err);
}

/*
 * The body of POST /api/v3/brokerage/orders (create-order):
 * client_order_id (tp's id), product_id, side, and one
 * order_configuration: market_market_ioc {base_size} (a buy's size in
 * the base currency too), limit_limit_gtc {base_size, limit_price,
 * post_only false}, or for tp's stop stop_limit_stop_limit_gtc
 * {base_size, limit_price, stop_price, stop_direction}: a sell stop
 * triggers as the price falls to it (STOP_DIRECTION_STOP_DOWN), a buy
 * stop as it rises (STOP_DIRECTION_STOP_UP); the limit is
 * tp_lcoinbase_stop_limit's.
 */
static json_t *
order_body(const char *pid, const struct tp_lreq *q)
{
	double step = q->rules != NULL ? q->rules->step : 0;
	double tick = q->rules != NULL ? q->rules->tick : 0;
	struct tp_lrules none = { .tick = 0 };
	char size[64], px[64], st[64];
	json_t *o, *c = NULL;

	/* down to the lot step again, so that the decimals written never
	 * round a quantity up (tp_lrules_fmt rounds to nearest) */
	tp_lrules_fmt(q->rules != NULL ? tp_lrules_qty(q->rules, q->qty) :
	    q->qty, step, size);
	if (q->type == TP_LO_MARKET)
		c = json_pack("{s:{s:s}}", "market_market_ioc", "base_size",
		    size);
	else if (q->type == TP_LO_LIMIT)
		c = json_pack("{s:{s:s, s:s, s:b}}", "limit_limit_gtc",
		    "base_size", size, "limit_price", tp_lrules_fmt(q->price,
		    tick, px), "post_only", 0);
	else
		c = json_pack("{s:{s:s, s:s, s:s, s:s}}",
		    "stop_limit_stop_limit_gtc", "base_size", size,
		    "limit_price", tp_lrules_fmt(tp_lcoinbase_stop_limit(
		    q->rules != NULL ? q->rules : &none, q->buy, q->stop), tick,
		    px), "stop_price", tp_lrules_fmt(q->stop, tick, st),
		    "stop_direction", q->buy ? "STOP_DIRECTION_STOP_UP" :
		    "STOP_DIRECTION_STOP_DOWN");
	if (c == NULL)
		return NULL;
	o = json_pack("{s:s, s:s, s:s, s:o}", "client_order_id", q->client_id,
	    "product_id", pid, "side", q->buy ? "BUY" : "SELL",
	    "order_configuration", c);
	return o;
}

static int
place(struct tp_live *l, const struct tp_lreq *q, struct tp_lorder *o,
    char *why, size_t n, struct tp_err *err)
{
	static const char path[] = "/api/v3/brokerage/orders";
	struct tp_lcoinbase_placed p;
	char pid[TP_LSYM], ubad[256], msg[256];
	int rc;

	memset(o, 0, sizeof(*o));
	if (product(q->symbol, pid, err) < 0)
		return -1;
	if (strlen(q->client_id) >= sizeof(o->client_id))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "coinbase: a "
		    "client order id too long");
	/* q->reduce_only (tp's exits and stops) says nothing more on spot,
	 * which has no reduce-only orders: a sale sells what is held */
	rc = post(l, path, order_body(pid, q), ONCE, err);
	if (rc < 0)
		return -1;
	if (rc == 2)
		return TP_LP_UNKNOWN;
	if (rc == 1) {
		/* 400 INVALID_ARGUMENT and the like: not placed */
		tp_lcoinbase_read_error(l->http.body.p, l->http.body.len, msg,
		    sizeof(msg));
		snprintf(why, n, "HTTP %ld: %s", l->http.status, msg);
		return TP_LP_REFUSED;
	}
	if (tp_lcoinbase_read_placed(l->http.body.p, l->http.body.len, &p,
	    ubad, sizeof(ubad)) < 0)
		return TP_LP_UNKNOWN;	/* accepted, but which? ask */
	if (!p.success) {
		/* INSUFFICIENT_FUND, INVALID_SIZE_PRECISION, ... */
		snprintf(why, n, "%s", p.reason);
		return TP_LP_REFUSED;
	}
	snprintf(o->symbol, sizeof(o->symbol), "%s", pid);
	join(o->symbol);
	snprintf(o->client_id, sizeof(o->client_id), "%s", q->client_id);
	memcpy(o->order_id, p.order_id, sizeof(o->order_id));
	/* the answer says only that it was accepted: what it became,
	 * query() says */
	o->state = TP_LS_NEW;
	o->type = q->type;
	o->buy = q->buy;
	o->qty = q->qty;
	o->price = q->type == TP_LO_LIMIT ? q->price : 0;
	o->stop = q->type == TP_LO_STOP ? q->stop : 0;
	o->time = o->update_time = tp_live_now(l);
	return TP_LP_DONE;
}

/* The order with the client id looked for. */
struct find {
	const char *client_id;
	struct tp_lorder *o;
	int found;
};

static int
find_one(void *ctx, const struct tp_lorder *o)
{
	struct find *f = ctx;

	if (strcmp(o->client_id, f->client_id) != 0)
		return 0;
	*f->o = *o;
	f->found = 1;
	return 1;
}

/* Pages of GET .../orders/historical/batch (list-orders) of product pid
 * (all products: NULL), open ones only when open, to fn; at most pages
 * pages of 100. */
static int
list_orders(struct tp_live *l, const char *pid, int open, int pages,
    tp_lorder_fn *fn, void *ctx, struct tp_err *err)
{
	static const char path[] = "/api/v3/brokerage/orders/historical/batch";
	struct tp_buf b = { 0 };
	char why[256], cursor[512] = "";
	int page, stop = 0, rc;

	for (page = 0; page < pages && stop == 0; page++) {
		b.len = 0;
		if ((pid != NULL && qadd(&b, "product_ids", pid) < 0) ||
		    (open && qadd(&b, "order_status", "OPEN") < 0) ||
		    qadd(&b, "limit", "100") < 0 ||
		    (cursor[0] != '\0' && qadd(&b, "cursor", cursor) < 0)) {
			tp_buf_release(&b);
			return oom(err);
		}
		if ((rc = get(l, path, &b, err)) < 0)
			return -1;
		if (rc != 0)
			return refused(l, path, err);
		if (tp_lcoinbase_read_orders(l->http.body.p, l->http.body.len,
		    fn, ctx, &stop, cursor, sizeof(cursor), why,
		    sizeof(why)) < 0)
			return unreadable(why, err);
		if (cursor[0] == '\0')
			break;
	}
	return stop;
}

/* The fee of an order that filled and came with no total_fees: its
 * fills (list-fills by order_ids). */
static int
fills_fee(struct tp_live *l, struct tp_lorder *o, struct tp_err *err)
{
	static const char path[] = "/api/v3/brokerage/orders/historical/fills";
	struct tp_buf b = { 0 };
	char why[256], cursor[512] = "";
	int page, rc;

	o->fee = 0;
	for (page = 0; page < PAGES; page++) {
		b.len = 0;
		if (qadd(&b, "order_ids", o->order_id) < 0 ||
		    qadd(&b, "limit", "100") < 0 ||
		    (cursor[0] != '\0' && qadd(&b, "cursor", cursor) < 0)) {
			tp_buf_release(&b);
			return oom(err);
		}
		if ((rc = get(l, path, &b, err)) < 0)
			return -1;
		if (rc != 0)
			return refused(l, path, err);
		if (tp_lcoinbase_read_fills(l->http.body.p, l->http.body.len,
		    o, cursor, sizeof(cursor), why, sizeof(why)) < 0)
			return unreadable(why, err);
		if (cursor[0] == '\0')
			break;
	}
	return 0;
}

/*
 * The order of client_id: the product's orders, newest first, looked
 * through for it (list-orders has no client id filter): 1 request for
 * one of the last 100 orders, QUERY_PAGES at most; 1 more (list-fills)
 * when it filled and its answer had no total_fees.
 */
static int
query(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_lorder *o, struct tp_err *err)
{
	struct find f = { client_id, o, 0 };
	char pid[TP_LSYM];

	memset(o, 0, sizeof(*o));
	if (product(symbol, pid, err) < 0 ||
	    list_orders(l, pid, 0, QUERY_PAGES, find_one, &f, err) < 0)
		return -1;
	if (!f.found) {
		memset(o, 0, sizeof(*o));
		snprintf(o->symbol, sizeof(o->symbol), "%s", pid);
		join(o->symbol);
		snprintf(o->client_id, sizeof(o->client_id), "%s", client_id);
		o->state = TP_LS_NONE;
		return 0;
	}
	if (o->filled > 0 && o->fee_asset[0] == '\0')
		return fills_fee(l, o, err);
	return 0;
}

/*
 * Cancel by client id: the order among the product's open ones (1
 * request), then POST .../orders/batch_cancel {"order_ids": [id]}
 * (cancel-order; 1 request).  Not open, or a result whose
 * failure_reason says it is not there to cancel (UNKNOWN_CANCEL_ORDER,
 * INVALID_CANCEL_REQUEST): 0.
 */
static int
cancel(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_err *err)
{
	static const char path[] = "/api/v3/brokerage/orders/batch_cancel";
	struct tp_lorder o;
	struct find f = { client_id, &o, 0 };
	char pid[TP_LSYM], why[256], reason[128];
	int ok, rc;

	if (product(symbol, pid, err) < 0 ||
	    list_orders(l, pid, 1, PAGES, find_one, &f, err) < 0)
		return -1;
	if (!f.found)
		return 0;
	rc = post(l, path, json_pack("{s:[s]}", "order_ids", o.order_id), 0,
	    err);
	if (rc < 0)
		return -1;
	if (rc != 0)
		return refused(l, path, err);
	if (tp_lcoinbase_read_cancel(l->http.body.p, l->http.body.len,
	    o.order_id, &ok, reason, sizeof(reason), why, sizeof(why)) < 0)
		return unreadable(why, err);
	if (ok)
		return 1;
	if (strcmp(reason, "UNKNOWN_CANCEL_ORDER") == 0 ||
	    strcmp(reason, "INVALID_CANCEL_REQUEST") == 0 ||
	    strcmp(reason, "DUPLICATE_CANCEL_REQUEST") == 0)
		return 0;
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "coinbase: %s: the "
	    "cancel failed: %s", path, reason);
}

/* GET .../orders/historical/batch?order_status=OPEN: the open orders,
 * of symbol or all, 100 a page. */
static int
open_orders(struct tp_live *l, const char *symbol, tp_lorder_fn *fn,
    void *ctx, struct tp_err *err)
{
	char pid[TP_LSYM];

	if (symbol != NULL && product(symbol, pid, err) < 0)
		return -1;
	return list_orders(l, symbol != NULL ? pid : NULL, 1, PAGES, fn, ctx,
	    err);
}

/* GET /api/v3/brokerage/accounts (list-accounts), 250 a page (its
 * maximum): available_balance free, hold locked. */
static int
balances(struct tp_live *l, tp_lbalance_fn *fn, void *ctx,
    struct tp_err *err)
{
	static const char path[] = "/api/v3/brokerage/accounts";
	struct tp_buf b = { 0 };
	char why[256], cursor[512] = "";
	int page, stop = 0, rc;

	for (page = 0; page < PAGES && stop == 0; page++) {
		b.len = 0;
		if (qadd(&b, "limit", "250") < 0 ||
		    (cursor[0] != '\0' && qadd(&b, "cursor", cursor) < 0)) {
			tp_buf_release(&b);
			return oom(err);
		}
		if ((rc = get(l, path, &b, err)) < 0)
			return -1;
		if (rc != 0)
			return refused(l, path, err);
		if (tp_lcoinbase_read_accounts(l->http.body.p,
		    l->http.body.len, fn, ctx, &stop, cursor, sizeof(cursor),
		    why, sizeof(why)) < 0)
			return unreadable(why, err);
		if (cursor[0] == '\0')
			break;
	}
	return stop;
}

/* Spot has no positions: nothing is asked. */
static int
positions(struct tp_live *l, tp_lposition_fn *fn, void *ctx,
    struct tp_err *err)
{
	(void)fn;
	(void)ctx;
	return usable(l, err);
}

const struct tp_venue tp_coinbase_venue = {
	"coinbase", sync_time, rules, prepare, place, query, cancel,
	open_orders, balances, positions
};
