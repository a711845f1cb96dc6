/*
 * tp_lkraken.c: the Kraken spot venue (tp_live.h).  Spot only: Kraken's
 * futures are another exchange with another API (futures.kraken.com),
 * and a futures account is refused.
 *
 * Sources (tp_lkraken.h): krakenfx/api-specs@729f278e spot-rest/
 * openapi_v3.yaml and its schemas, the spot REST authentication guide
 * (../fixtures/signing.md, "Kraken"), the error guide and the rate-limit
 * guide (../fixtures/exchanges/kraken/errors.md's sources).
 *
 * The first half reads answers (no network: the unit tests and
 * tests/fuzz/fuzz_lkraken.c call it); the second half asks.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "live/tp_lkraken.h"
#include "live/tp_live.h"
#include "live/tp_lread.h"
#include "live/tp_lsign.h"
#include "core/tp_num.h"
#include "core/tp_time.h"

/* ---- names ---- */

int
tp_lkraken_sign(const char *secret, size_t slen, const char *path,
    const char *nonce, const char *body, size_t blen,
    char out[TP_LKRAKEN_SIGN])
{
	crypto_auth_hmacsha512_state st;
	crypto_hash_sha256_state h;
	unsigned char key[256], inner[crypto_hash_sha256_BYTES];
	unsigned char mac[crypto_auth_hmacsha512_BYTES];
	size_t klen;

	out[0] = '\0';
	if (sodium_base642bin(key, sizeof(key), secret, slen, NULL, &klen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || klen == 0) {
		sodium_memzero(key, sizeof(key));
		return -1;
	}
	/* SHA256(nonce + POST data) */
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)nonce,
	    strlen(nonce));
	crypto_hash_sha256_update(&h, (const unsigned char *)body, blen);
	crypto_hash_sha256_final(&h, inner);
	/* the _init form takes a key of any length (Kraken's: 64 bytes) */
	crypto_auth_hmacsha512_init(&st, key, klen);
	crypto_auth_hmacsha512_update(&st, (const unsigned char *)path,
	    strlen(path));
	crypto_auth_hmacsha512_update(&st, inner, sizeof(inner));
	crypto_auth_hmacsha512_final(&st, mac);
	sodium_bin2base64(out, TP_LKRAKEN_SIGN, mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	return 0;
}

int
tp_lkraken_secret_ok(const char *secret, size_t n)
{
	unsigned char key[256];
	size_t klen;
	int ok;

	ok = sodium_base642bin(key, sizeof(key), secret, n, NULL, &klen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) == 0 && klen > 0;
	sodium_memzero(key, sizeof(key));
	return ok;
}

/* Kraken's names that are not tp's (the Assets endpoint's altnames:
 * XXBT is "XBT", XXDG "XDG"; tp says BTC and DOGE as the other
 * exchanges do). */
static const char *const renamed[][2] = {
	{ "XBT", "BTC" }, { "XDG", "DOGE" }
};

/* The legacy four-letter ids: X for crypto, Z for fiat (AssetPairs,
 * Balance examples: XXBT, XETH, ZUSD, ZEUR). */
static const char *const legacy[] = {
	"XXBT", "XXDG", "XETH", "XETC", "XLTC", "XMLN", "XREP", "XXLM",
	"XXMR", "XXRP", "XZEC", "ZUSD", "ZEUR", "ZGBP", "ZCAD", "ZJPY",
	"ZAUD", "ZCHF"
};

void
tp_lkraken_asset(const char *a, char *out)
{
	size_t i;

	for (i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (strcmp(a, legacy[i]) == 0) {
			a++;
			break;
		}
	for (i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (strcmp(a, renamed[i][0]) == 0) {
			a = renamed[i][1];
			break;
		}
	snprintf(out, TP_LASSET, "%s", a);
}

/* s with the renamed names at its start or end (the pair's base and
 * quote) put the other way: Kraken's into tp's when to_tp, else tp's
 * into Kraken's. */
static int
rename_ends(const char *s, int to_tp, char out[TP_LSYM])
{
	char buf[2 * TP_LSYM];
	size_t i, n = strlen(s), f, t;
	const char *from, *to;

	if (n >= TP_LSYM)
		return -1;
	memcpy(buf, s, n + 1);
	for (i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++) {
		from = renamed[i][!to_tp];
		to = renamed[i][to_tp];
		f = strlen(from);
		t = strlen(to);
		n = strlen(buf);
		if (n > f && memcmp(buf, from, f) == 0) {
			memmove(buf + t, buf + f, n - f + 1);
			memcpy(buf, to, t);
			n = strlen(buf);
		}
		if (n > f && strcmp(buf + n - f, from) == 0)
			memcpy(buf + n - f, to, t + 1);
	}
	if (strlen(buf) >= TP_LSYM)
		return -1;
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

int
tp_lkraken_pair(const char *symbol, char out[TP_LSYM])
{
	return rename_ends(symbol, 0, out);
}

int
tp_lkraken_symbol(const char *pair, char out[TP_LSYM])
{
	return rename_ends(pair, 1, out);
}

static int
is_hex(const char *s, size_t n)
{
	return strspn(s, "0123456789abcdefABCDEF") >= n;
}

int
tp_lkraken_clid(const char *id, char out[TP_LID])
{
	size_t n = strlen(id);

	out[0] = '\0';
	/* tp's own: the 32 hex digits, a short UUID */
	if (n == 34 && id[0] == 't' && id[1] == 'p' && is_hex(id + 2, 32)) {
		memcpy(out, id + 2, 33);
		return 0;
	}
	/* free text (printable ASCII, no blanks) of 18 at most, or a UUID
	 * as it is */
	if (n == 0 || n >= TP_LID || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_.") != n ||
	    !(n <= 18 || (n == 32 && is_hex(id, 32)) || n == 36))
		return -1;
	memcpy(out, id, n + 1);
	return 0;
}

void
tp_lkraken_tpid(const char *cl, char out[TP_LID])
{
	char hex[33];
	size_t i, k = 0, n = strlen(cl);

	/* a UUID, short or long, in any case: tp's id when it is one */
	if (n == 32 || (n == 36 && cl[8] == '-' && cl[13] == '-' &&
	    cl[18] == '-' && cl[23] == '-')) {
		for (i = 0; i < n && k < 32; i++) {
			if (cl[i] == '-' && n == 36)
				continue;
			if (!is_hex(cl + i, 1))
				break;
			hex[k++] = (char)(cl[i] | 0x20);	/* lower */
		}
		if (i == n && k == 32) {
			hex[32] = '\0';
			snprintf(out, TP_LID, "tp%s", hex);
			return;
		}
	}
	snprintf(out, TP_LID, "%s", cl);
}

/* ---- reading answers ---- */

/* A time in seconds with decimals (opentm 1688666559.8974) in ms; 0
 * when absent. */
static int
secs(struct tp_lread *r, json_t *o, const char *k, int64_t *t)
{
	json_t *v = json_object_get(o, k);
	double s;

	*t = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_number(v) || !((s = json_number_value(v)) >= 0) ||
	    s > 1e11)
		return tp_lread_bad(r, "%s: %s is not a time", r->what, k);
	*t = (int64_t)llround(s * 1000);
	return 0;
}

/*
 * The envelope of body ("error" always there: a list of strings
 * "<severity><category>:<message>", E an error, W a warning; "result"
 * when the request did what it asked): *e, *root to be released, and
 * *result the object result (NULL when there is an error).  Returns 1
 * with a result to read, 0 for an error the caller reads in e, -1 when
 * body is not an answer.
 */
static int
envelope(struct tp_lread *r, const char *body, size_t n,
    struct tp_lkraken_env *e, json_t **root, json_t **result)
{
	json_error_t je;
	json_t *errs, *it;
	size_t k;

	memset(e, 0, sizeof(*e));
	*result = NULL;
	if ((*root = json_loadb(body, n, 0, &je)) == NULL)
		return tp_lread_bad(r, "%s: not JSON: %s", r->what, je.text);
	errs = json_object_get(*root, "error");
	if (!json_is_array(errs))
		return tp_lread_bad(r, "%s: no error list", r->what);
	json_array_foreach(errs, k, it) {
		if (!json_is_string(it))
			return tp_lread_bad(r, "%s: an error is not a string",
			    r->what);
		e->nerr++;
		if (e->err[0] == '\0' && json_string_value(it)[0] == 'E')
			tp_http_printable(json_string_value(it),
			    json_string_length(it), e->err, sizeof(e->err));
	}
	if (e->err[0] != '\0')
		return 0;
	*result = json_object_get(*root, "result");
	if (!json_is_object(*result))
		return tp_lread_bad(r, "%s: result is not an object", r->what);
	return 1;
}

int
tp_lkraken_read_env(const char *body, size_t n, struct tp_lkraken_env *e,
    char *why, size_t wn)
{
	struct tp_lread r = { "the answer", why, wn };
	json_t *root, *result;
	int rc = envelope(&r, body, n, e, &root, &result) < 0 ? -1 : 0;

	json_decref(root);
	return rc;
}

/*
 * The answers that are one integer: result.k from lo to hi into *v (noun
 * says what it is, for the message).  0, also with an error the caller
 * reads in e (then *v is 0), or -1.
 */
static int
read_int(const char *what, const char *body, size_t n,
    struct tp_lkraken_env *e, const char *k, json_int_t lo, json_int_t hi,
    const char *noun, json_int_t *v, char *why, size_t wn)
{
	struct tp_lread r = { what, why, wn };
	json_t *root, *result, *t;
	int rc;

	*v = 0;
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = 0;
	t = json_object_get(result, k);
	if (!json_is_integer(t) || json_integer_value(t) < lo ||
	    json_integer_value(t) > hi)
		rc = tp_lread_bad(&r, "%s: result.%s is not a %s", r.what, k,
		    noun);
	else
		*v = json_integer_value(t);
out:
	json_decref(root);
	return rc;
}

int
tp_lkraken_read_time(const char *body, size_t n, struct tp_lkraken_env *e,
    int64_t *ms, char *why, size_t wn)
{
	json_int_t t;
	/* time.yaml: unixtime, "Unix timestamp" (seconds), an integer */
	int rc = read_int("/0/public/Time", body, n, e, "unixtime", 1,
	    INT64_MAX / 1000, "time", &t, why, wn);

	*ms = t * 1000;
	return rc;
}

/* 10^-d, d a count of decimals (0 to 18). */
static int
decimals(struct tp_lread *r, json_t *o, const char *k, double *step)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 18)
		return tp_lread_bad(r, "%s: %s is not a count of decimals",
		    r->what, k);
	*step = pow(10, -(double)json_integer_value(v));
	return 0;
}

static int
pair_rules(struct tp_lread *r, json_t *p, const char *symbol,
    struct tp_lrules *ru)
{
	char base[TP_LASSET], quote[TP_LASSET], status[32];
	double tick;

	memset(ru, 0, sizeof(*ru));
	if (!json_is_object(p))
		return tp_lread_bad(r, "%s: a pair is not an object", r->what);
	/* pairs.yaml: base, quote ("Asset ID"), lot_decimals ("decimal
	 * places for volume"), pair_decimals ("for prices"), ordermin
	 * ("minimum order size (in terms of base currency)"), costmin
	 * ("minimum order cost (in terms of quote currency)"), tick_size
	 * ("minimum increment between valid price levels"), status
	 * (online, cancel_only, post_only, limit_only, reduce_only) */
	if (tp_lread_str(r, p, "base", 1, base, sizeof(base)) < 0 ||
	    tp_lread_str(r, p, "quote", 1, quote, sizeof(quote)) < 0 ||
	    decimals(r, p, "lot_decimals", &ru->step) < 0 ||
	    decimals(r, p, "pair_decimals", &ru->tick) < 0 ||
	    tp_lread_num(r, p, "ordermin", 0, &ru->min_qty) < 0 ||
	    tp_lread_num(r, p, "costmin", 0, &ru->min_notional) < 0 ||
	    tp_lread_num(r, p, "tick_size", 0, &tick) < 0 ||
	    tp_lread_str(r, p, "status", 0, status, sizeof(status)) < 0)
		return -1;
	if (tick > 0)
		ru->tick = tick;
	snprintf(ru->symbol, sizeof(ru->symbol), "%s", symbol);
	tp_lkraken_asset(base, ru->base);
	tp_lkraken_asset(quote, ru->quote);
	if (ru->min_qty < ru->step)
		ru->min_qty = ru->step;
	/* market orders need "online": the others take no market order */
	ru->trading = status[0] == '\0' || strcmp(status, "online") == 0;
	return 0;
}

int
tp_lkraken_read_rules(const char *body, size_t n, const char *symbol,
    const char *pair, struct tp_lkraken_env *e, struct tp_lrules *ru,
    int *found, char *why, size_t wn)
{
	struct tp_lread r = { "/0/public/AssetPairs", why, wn };
	json_t *root, *result, *p, *pick = NULL;
	const char *key;
	char alt[TP_LSYM];
	int rc;

	*found = 0;
	memset(ru, 0, sizeof(*ru));
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	/* the result is keyed by Kraken's id of the pair (XXBTZUSD for
	 * XBTUSD): the one asked for is the key or the altname */
	json_object_foreach(result, key, p) {
		if (!json_is_object(p)) {
			tp_lread_bad(&r, "%s: a pair is not an object", r.what);
			goto out;
		}
		if (tp_lread_str(&r, p, "altname", 0, alt, sizeof(alt)) < 0)
			goto out;
		if (strcmp(key, pair) == 0 || strcmp(alt, pair) == 0 ||
		    json_object_size(result) == 1)
			pick = p;
	}
	rc = 0;
	if (pick == NULL)
		goto out;
	if ((rc = pair_rules(&r, pick, symbol, ru)) == 0)
		*found = 1;
out:
	json_decref(root);
	return rc;
}

int
tp_lkraken_read_placed(const char *body, size_t n, struct tp_lkraken_env *e,
    char *txid, char *why, size_t wn)
{
	struct tp_lread r = { "/0/private/AddOrder", why, wn };
	json_t *root, *result, *ids, *id;
	int rc;

	txid[0] = '\0';
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = 0;
	/* add.yaml: {"descr": {"order": ...}, "txid": ["OUF4EM-..."]} */
	ids = json_object_get(result, "txid");
	id = json_array_get(ids, 0);
	if (!json_is_string(id) || json_string_length(id) == 0 ||
	    json_string_length(id) >= TP_LID) {
		rc = tp_lread_bad(&r, "%s: result.txid is not a list of ids",
		    r.what);
		goto out;
	}
	memcpy(txid, json_string_value(id), json_string_length(id) + 1);
out:
	json_decref(root);
	return rc;
}

int
tp_lkraken_read_cancel(const char *body, size_t n, struct tp_lkraken_env *e,
    long *count, char *why, size_t wn)
{
	json_int_t c;
	/* cancel.yaml: {"count": 1} */
	int rc = read_int("/0/private/CancelOrder", body, n, e, "count", 0,
	    1000000, "count", &c, why, wn);

	*count = (long)c;
	return rc;
}

/* The quote of tp's venue symbol (BTCUSDT: USDT), into base and quote:
 * the longest of the quotes Kraken lists that ends it. */
static void
split_symbol(const char *s, char *base, char *quote)
{
	static const char *const quotes[] = { "USDT", "USDC", "USD", "EUR",
	    "GBP", "CAD", "JPY", "CHF", "AUD", "DAI", "PYUSD", "BTC", "ETH" };
	size_t i, n = strlen(s), q, best = 0;

	for (i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++) {
		q = strlen(quotes[i]);
		if (n > q && q > best && strcmp(s + n - q, quotes[i]) == 0)
			best = q;
	}
	snprintf(base, TP_LASSET, "%.*s", (int)(n - best), s);
	snprintf(quote, TP_LASSET, "%s", s + n - best);
}

/* descr.ordertype (ordertype.yaml) as tp's type: the stops tp places
 * are stop-loss; the other kinds are read as what they come to. */
static enum tp_lotype
order_type(const char *t)
{
	if (strncmp(t, "stop-loss", 9) == 0 || strncmp(t, "take-profit", 11)
	    == 0 || strncmp(t, "trailing-stop", 13) == 0)
		return TP_LO_STOP;
	if (strcmp(t, "limit") == 0 || strcmp(t, "iceberg") == 0)
		return TP_LO_LIMIT;
	return TP_LO_MARKET;
}

/*
 * One order of OpenOrders/ClosedOrders/QueryOrders (order.yaml): status
 * pending, open, closed, canceled, expired; descr {pair, type buy|sell,
 * ordertype, price (the limit or the trigger), price2}; vol, vol_exec,
 * cost, fee, price ("average price"), stopprice, opentm, closetm,
 * cl_ord_id, oflags.
 */
static int
order_of(struct tp_lread *r, const char *txid, json_t *it, struct tp_lorder *o)
{
	char status[16], side[8], otype[32], pair[TP_LSYM], cl[TP_LID];
	char oflags[64], base[TP_LASSET], quote[TP_LASSET];
	json_t *d;
	double cost, dprice, avg;

	memset(o, 0, sizeof(*o));
	if (!json_is_object(it))
		return tp_lread_bad(r, "%s: an order is not an object",
		    r->what);
	d = json_object_get(it, "descr");
	if (!json_is_object(d))
		return tp_lread_bad(r, "%s: descr is not an object", r->what);
	if (strlen(txid) >= sizeof(o->order_id))
		return tp_lread_bad(r, "%s: an order id is too long", r->what);
	if (tp_lread_str(r, it, "status", 1, status, sizeof(status)) < 0 ||
	    tp_lread_str(r, it, "cl_ord_id", 0, cl, sizeof(cl)) < 0 ||
	    tp_lread_str(r, it, "oflags", 0, oflags, sizeof(oflags)) < 0 ||
	    tp_lread_str(r, d, "pair", 1, pair, sizeof(pair)) < 0 ||
	    tp_lread_str(r, d, "type", 1, side, sizeof(side)) < 0 ||
	    tp_lread_str(r, d, "ordertype", 1, otype, sizeof(otype)) < 0 ||
	    tp_lread_num(r, d, "price", 0, &dprice) < 0 ||
	    tp_lread_num(r, it, "vol", 1, &o->qty) < 0 ||
	    tp_lread_num(r, it, "vol_exec", 0, &o->filled) < 0 ||
	    tp_lread_num(r, it, "cost", 0, &cost) < 0 ||
	    tp_lread_num(r, it, "fee", 0, &o->fee) < 0 ||
	    tp_lread_num(r, it, "price", 0, &avg) < 0 ||
	    secs(r, it, "opentm", &o->time) < 0 ||
	    secs(r, it, "closetm", &o->update_time) < 0)
		return -1;
	if (strcmp(side, "buy") != 0 && strcmp(side, "sell") != 0)
		return tp_lread_bad(r, "%s: descr.type is not buy or sell",
		    r->what);
	if (strcmp(status, "pending") == 0 || strcmp(status, "open") == 0)
		o->state = o->filled > 0 ? TP_LS_PARTIAL : TP_LS_NEW;
	else if (strcmp(status, "closed") == 0)
		o->state = TP_LS_FILLED;
	else if (strcmp(status, "canceled") == 0)
		o->state = TP_LS_CANCELED;
	else if (strcmp(status, "expired") == 0)
		o->state = TP_LS_EXPIRED;
	else
		return tp_lread_bad(r, "%s: status is not pending, open, "
		    "closed, canceled or expired", r->what);
	memcpy(o->order_id, txid, strlen(txid) + 1);
	tp_lkraken_tpid(cl, o->client_id);
	if (tp_lkraken_symbol(pair, o->symbol) < 0)
		return tp_lread_bad(r, "%s: descr.pair is too long", r->what);
	o->buy = side[0] == 'b';
	o->type = order_type(otype);
	if (o->type == TP_LO_STOP)
		o->stop = dprice;
	else if (o->type == TP_LO_LIMIT)
		o->price = dprice;
	o->avg_price = avg > 0 ? avg : o->filled > 0 ? cost / o->filled : 0;
	if (o->filled == 0)
		o->avg_price = 0;
	split_symbol(o->symbol, base, quote);
	/* oflags.yaml: fcib "prefer fee in base currency", fciq "in quote
	 * currency"; tp asks fciq */
	snprintf(o->fee_asset, sizeof(o->fee_asset), "%s",
	    strstr(oflags, "fcib") != NULL ? base : quote);
	if (o->update_time == 0)
		o->update_time = o->time;
	return 0;
}

int
tp_lkraken_read_orders(const char *body, size_t n, const char *member,
    struct tp_lkraken_env *e, tp_lorder_fn *fn, void *ctx, int *stop,
    char *why, size_t wn)
{
	struct tp_lread r = { member[0] == 'o' ? "/0/private/OpenOrders" :
	    "/0/private/ClosedOrders", why, wn };
	json_t *root, *result, *orders, *it;
	struct tp_lorder o;
	const char *txid;
	int rc;

	*stop = 0;
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	/* open.yaml: {"open": {txid: order}}; closed.yaml: {"closed":
	 * {txid: order}, "count": n} */
	orders = json_object_get(result, member);
	if (!json_is_object(orders)) {
		tp_lread_bad(&r, "%s: result.%s is not an object", r.what,
		    member);
		goto out;
	}
	/* all read before any is told: a bad one tells none */
	json_object_foreach(orders, txid, it)
		if (order_of(&r, txid, it, &o) < 0)
			goto out;
	rc = 0;
	json_object_foreach(orders, txid, it) {
		if (*stop != 0)
			break;
		order_of(&r, txid, it, &o);
		*stop = fn(ctx, &o);
	}
out:
	json_decref(root);
	return rc;
}

int
tp_lkraken_read_balances(const char *body, size_t n,
    struct tp_lkraken_env *e, tp_lbalance_fn *fn, void *ctx, int *stop,
    char *why, size_t wn)
{
	struct tp_lread r = { "/0/private/BalanceEx", why, wn };
	json_t *root, *result, *it;
	struct tp_lbalance *b = NULL;
	const char *asset;
	double total, hold;
	size_t nb = 0, k;
	int rc;

	*stop = 0;
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	if ((b = calloc(json_object_size(result) + 1, sizeof(*b))) == NULL) {
		tp_lread_bad(&r, "%s: out of memory", r.what);
		goto out;
	}
	/* balanceex.yaml: {asset: {"balance", "hold_trade", ...}};
	 * "available balance = balance + credit - credit_used -
	 * hold_trade" (credit is not tp's to spend) */
	json_object_foreach(result, asset, it) {
		if (!json_is_object(it)) {
			tp_lread_bad(&r, "%s: a balance is not an object",
			    r.what);
			goto out;
		}
		if (tp_lread_num(&r, it, "balance", 1, &total) < 0 ||
		    tp_lread_num(&r, it, "hold_trade", 0, &hold) < 0)
			goto out;
		if (strlen(asset) >= TP_LASSET) {
			tp_lread_bad(&r, "%s: an asset name is too long",
			    r.what);
			goto out;
		}
		if (total == 0 || strchr(asset, '.') != NULL)
			continue;
		tp_lkraken_asset(asset, b[nb].asset);
		b[nb].locked = hold < total ? hold : total;
		b[nb].free = total - b[nb].locked;
		nb++;
	}
	rc = 0;
	for (k = 0; k < nb && *stop == 0; k++)
		*stop = fn(ctx, &b[k]);
out:
	free(b);
	json_decref(root);
	return rc;
}

/* ---- asking ---- */

/* How a request is made. */
enum {
	PRIVATE = 1,		/* POST, nonce, API-Key and API-Sign */
	ONCE = 2		/* an order: never sent twice */
};

/* What an error string asks of tp (spot-errors guide, errors.json). */
enum {
	ER_ANSWER,		/* the caller reads it */
	ER_NONCE,		/* EAPI:Invalid nonce: a larger one, once */
	ER_KEY,			/* the key, its signature or rights */
	ER_RATE,		/* slow down, then ask again */
	ER_SERVER		/* the server failed: perhaps done */
};

static int
prefixed(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
err_kind(const char *e)
{
	if (e[0] == '\0')
		return ER_ANSWER;
	if (prefixed(e, "EAPI:Invalid nonce"))
		return ER_NONCE;
	/* "EGeneral:Temporary lockout": after too many EAPI:Invalid key,
	 * some 15 minutes (the support article): the key again */
	if (prefixed(e, "EAPI:Invalid key") ||
	    prefixed(e, "EAPI:Invalid signature") ||
	    prefixed(e, "EGeneral:Permission denied") ||
	    prefixed(e, "EGeneral:Temporary lockout"))
		return ER_KEY;
	if (prefixed(e, "EAPI:Rate limit exceeded") ||
	    prefixed(e, "EOrder:Rate limit exceeded") ||
	    prefixed(e, "EService:Throttled") ||
	    prefixed(e, "EService: Throttled"))
		return ER_RATE;
	if (prefixed(e, "EService:Unavailable") ||
	    prefixed(e, "EService:Busy") ||
	    prefixed(e, "EService:Deadline elapsed") ||
	    prefixed(e, "EGeneral:Internal error"))
		return ER_SERVER;
	return ER_ANSWER;
}

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

/* Kraken's futures are another API: spot only. */
static int
spot_only(const struct tp_live *l, struct tp_err *err)
{
	if (l->market == TP_LM_SPOT)
		return 0;
	return tp_errf(err, TP_EX_CONFIG, NULL, 0, "kraken: a futures "
	    "account: tp trades Kraken spot only (Kraken Futures is another "
	    "API, and spot accounts have no margin here)");
}

/* &k=v, v percent-encoded, to a form or query (the first with no &). */
static int
qadd(struct tp_buf *b, const char *k, const char *v)
{
	if ((b->len > 0 && tp_buf_add(b, "&", 1) < 0) ||
	    tp_buf_add(b, k, strlen(k)) < 0 || tp_buf_add(b, "=", 1) < 0 ||
	    tp_lsign_pct(b, v, strlen(v)) < 0)
		return -1;
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
add_header(struct tp_live *l, const char *name, const char *value)
{
	char line[512];
	struct curl_slist *h;

	/* "Name:" with nothing after it tells curl not to send its own */
	if (snprintf(line, sizeof(line), "%s:%s%s", name, *value ? " " : "",
	    value) >= (int)sizeof(line))
		return -1;
	h = curl_slist_append(l->headers, line);
	sodium_memzero(line, sizeof(line));
	if (h == NULL)
		return -1;
	l->headers = h;
	return 0;
}

/*
 * The next nonce (nonce.yaml: "Nonce used in construction of API-Sign";
 * the auth guide: "always increasing unsigned 64-bit integer"): above
 * the last this account used, and not below the clock in ms; the
 * caller's hook (l->nonce) keeps it across runs.
 */
static int
next_nonce(struct tp_live *l, uint64_t *n, struct tp_err *err)
{
	int64_t now = tp_time_now_ms();
	uint64_t least = l->nonce_last + 1;

	if (now > 0 && (uint64_t)now > least)
		least = (uint64_t)now;
	*n = least;
	if (l->nonce != NULL && l->nonce(l->nonce_ctx, least, n, err) < 0)
		return -1;
	if (*n < least)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "kraken: the "
		    "nonce kept went backwards");
	l->nonce_last = *n;
	return 0;
}

/*
 * The body of a private request into l->q: nonce first (the auth
 * guide's example: "nonce=1616492376594&ordertype=..."), then form; and
 * the headers API-Key, API-Sign.
 */
static int
sign(struct tp_live *l, const char *path, const char *form,
    struct tp_err *err)
{
	char sig[TP_LKRAKEN_SIGN], nonce[32];
	uint64_t n;

	if (l->keytype != TP_LK_HMAC)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "kraken: an "
		    "Ed25519 key cannot sign Kraken's requests (add the API "
		    "key and its base64 private key Kraken generated)");
	if (next_nonce(l, &n, err) < 0)
		return -1;
	snprintf(nonce, sizeof(nonce), "%" PRIu64, n);
	l->q.len = 0;
	if (qadd(&l->q, "nonce", nonce) < 0 || (*form && (tp_buf_add(&l->q,
	    "&", 1) < 0 || tp_buf_add(&l->q, form, strlen(form)) < 0)) ||
	    tp_buf_add(&l->q, "", 1) < 0)
		return oom(err);
	l->q.len--;
	if (tp_lkraken_sign((const char *)l->secret, l->secret_len, path,
	    nonce, l->q.p, l->q.len, sig) < 0)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "kraken: the "
		    "secret is not base64 (Kraken's private key is)");
	free_headers(l);
	if (add_header(l, "API-Key", l->key) < 0 ||
	    add_header(l, "API-Sign", sig) < 0 ||
	    add_header(l, "Content-Type",
	    "application/x-www-form-urlencoded") < 0 ||
	    add_header(l, "Expect", "") < 0) {	/* no 100-continue */
		free_headers(l);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "kraken: cannot "
		    "make the request's headers (a key too long?)");
	}
	sodium_memzero(sig, sizeof(sig));
	return 0;
}

/* The exchange's message with the API key, should it be quoted back,
 * blotted out. */
static void
scrub(const struct tp_live *l, char *msg)
{
	size_t k = l->key != NULL ? strlen(l->key) : 0;
	char *p;

	if (k < 8)
		return;
	while ((p = strstr(msg, l->key)) != NULL)
		memset(p, '*', k);
}

/* An answer that is not Kraken's envelope, or an HTTP status other than
 * 200 ("status codes other than 200 indicate an issue with the request
 * reaching Kraken's servers"). */
static int
not_kraken(struct tp_live *l, const char *path, int rc, const char *why,
    struct tp_err *err)
{
	if (rc == 1)
		return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "kraken: %s: "
		    "HTTP %ld", path, l->http.status);
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "kraken: %s: an "
	    "answer tp cannot read: %s", path, why);
}

/* The wait an "EService:Throttled: <unix time>" asks; else a backoff. */
static double
rate_wait(const char *e)
{
	const char *p = strrchr(e, ':');
	double t = p != NULL ? strtod(p + 1, NULL) : 0, now;

	now = (double)tp_time_now_ms() / 1000;
	if (t > now && t < now + 600)
		return t - now;
	return -1;
}

/*
 * Ask path: public, a GET with query form; PRIVATE, a POST of form with
 * a nonce, signed.  Returns 0 with the envelope in *e (no error, or one
 * the caller reads: a refusal), 2 when an order's answer may be lost
 * (ONCE), or -1 with err.  An invalid nonce is asked once more with a
 * fresh one (the request was not carried out); rate limits and server
 * errors are waited out within tp_http's time (server errors only where
 * nothing is done twice).
 */
static int
ask(struct tp_live *l, const char *path, const char *form, int how,
    struct tp_lkraken_env *e, struct tp_err *err)
{
	char url[2048], why[320];
	int rc, renonced = 0, kind, post = how & PRIVATE;

	if (snprintf(url, sizeof(url), "%s%s%s%s", l->base_url, path,
	    !post && *form ? "?" : "", !post ? form : "") >= (int)sizeof(url))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "kraken: %s: "
		    "the URL is too long", path);
	for (;;) {
		free_headers(l);
		if (post && sign(l, path, form, err) < 0)
			return -1;
		l->requests++;
		rc = tp_http_send(&l->http, post ? "POST" : "GET", url,
		    l->headers, post ? l->q.p : NULL, TP_HTTP_LIVE |
		    ((how & ONCE) ? TP_HTTP_ONCE : 0), err);
		free_headers(l);
		if (rc < 0 || rc == 2)
			return rc;
		if (tp_lkraken_read_env(l->http.body.p, l->http.body.len, e,
		    why, sizeof(why)) < 0) {
			/* an order whose answer is unreadable may be done */
			if (rc == 0 && (how & ONCE))
				return 2;
			return not_kraken(l, path, rc, why, err);
		}
		scrub(l, e->err);
		kind = err_kind(e->err);
		if (rc == 1 && kind == ER_ANSWER && e->err[0] == '\0')
			return not_kraken(l, path, rc, why, err);
		if (kind == ER_ANSWER) {
			if (rc == 0)
				tp_http_good(&l->http);
			return 0;
		}
		if (kind == ER_KEY)
			return tp_errf(err, TP_EX_CONFIG, NULL, 0, "kraken: %s: "
			    "%s (the key, its signature or its permissions: "
			    "nothing retried)", path, e->err);
		if (kind == ER_NONCE && renonced++)
			return tp_errf(err, TP_EX_TEMPFAIL, NULL, 0, "kraken: "
			    "%s: %s, twice (does another program use this "
			    "key with larger nonces?)", path, e->err);
		if (kind == ER_NONCE)
			continue;
		if (kind == ER_SERVER && (how & ONCE))
			return 2;
		snprintf(why, sizeof(why), "%s (%s)", e->err, kind == ER_RATE ?
		    "rate limit" : "server error");
		if (tp_http_retry(&l->http, url, why, kind == ER_RATE ?
		    rate_wait(e->err) : -1, err) < 0)
			return -1;
	}
}

/* An error the operation has no use for. */
static int
refused(const char *path, const struct tp_lkraken_env *e, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "kraken: %s: %s", path,
	    e->err);
}

static int
unreadable(const char *why, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "kraken: an answer "
	    "tp cannot read: %s", why);
}

/* A private request of the form b (consumed). */
static int
post(struct tp_live *l, const char *path, struct tp_buf *b, int how,
    struct tp_lkraken_env *e, struct tp_err *err)
{
	int rc;

	if (tp_buf_add(b, "", 1) < 0) {
		tp_buf_release(b);
		return oom(err);
	}
	rc = ask(l, path, b->p, PRIVATE | how, e, err);
	tp_buf_release(b);
	return rc;
}

/* GET /0/public/Time (time.yaml): the offset from the middle of the
 * request's round trip (the server says whole seconds). */
static int
sync_time(struct tp_live *l, struct tp_err *err)
{
	static const char path[] = "/0/public/Time";
	struct tp_lkraken_env e;
	char why[256];
	int64_t t0 = tp_time_now_ms(), t1, server;

	if (ask(l, path, "", 0, &e, err) < 0)
		return -1;
	t1 = tp_time_now_ms();
	if (l->http.last_ms > t0)
		t0 = l->http.last_ms;
	if (e.err[0] != '\0')
		return refused(path, &e, err);
	if (tp_lkraken_read_time(l->http.body.p, l->http.body.len, &e,
	    &server, why, sizeof(why)) < 0)
		return unreadable(why, err);
	l->offset_ms = server - (t0 + t1) / 2;
	return 0;
}

/* GET /0/public/AssetPairs?pair=XBTUSDT (AssetPairs: "pair: asset pairs
 * to get data for"; unknown: "EQuery:Unknown asset pair"). */
static int
rules(struct tp_live *l, const char *symbol, struct tp_lrules *r,
    struct tp_err *err)
{
	static const char path[] = "/0/public/AssetPairs";
	struct tp_buf b = { 0 };
	struct tp_lkraken_env e;
	char why[256], pair[TP_LSYM];
	int found, rc;

	if (spot_only(l, err) < 0)
		return -1;
	if (tp_lkraken_pair(symbol, pair) < 0)
		return 0;
	if (qadd(&b, "pair", pair) < 0 || tp_buf_add(&b, "", 1) < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	rc = ask(l, path, b.p, 0, &e, err);
	tp_buf_release(&b);
	if (rc < 0)
		return -1;
	if (prefixed(e.err, "EQuery:Unknown asset pair"))
		return 0;
	if (e.err[0] != '\0')
		return refused(path, &e, err);
	if (tp_lkraken_read_rules(l->http.body.p, l->http.body.len, symbol,
	    pair, &e, r, &found, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return found;
}

/* Spot has nothing to prepare; a futures account is refused. */
static int
prepare(struct tp_live *l, const char *symbol, double leverage,
    struct tp_err *err)
{
	(void)symbol;
	(void)leverage;
	return spot_only(l, err);
}

/*
 * The form of POST /0/private/AddOrder (add.yaml): pair, type buy|sell,
 * ordertype market|limit|stop-loss ("a market order is triggered when
 * the reference price reaches the stop price"), volume in the base
 * asset, price (the limit, or the stop's trigger, by the last trade:
 * trigger=last), oflags fciq (the fee in the quote asset, whatever the
 * side: one asset for tp's books), cl_ord_id.
 */
static int
order_form(struct tp_buf *b, const struct tp_lreq *q, const char *pair,
    const char *cl)
{
	double step = q->rules != NULL ? q->rules->step : 0;
	double tick = q->rules != NULL ? q->rules->tick : 0;
	char num[64];

	if (qadd(b, "pair", pair) < 0 ||
	    qadd(b, "type", q->buy ? "buy" : "sell") < 0 ||
	    qadd(b, "ordertype", q->type == TP_LO_LIMIT ? "limit" :
	    q->type == TP_LO_STOP ? "stop-loss" : "market") < 0 ||
	    qadd(b, "volume", tp_lrules_fmt(q->qty, step, num)) < 0)
		return -1;
	if (q->type == TP_LO_LIMIT && qadd(b, "price", tp_lrules_fmt(q->price,
	    tick, num)) < 0)
		return -1;
	if (q->type == TP_LO_STOP && (qadd(b, "price", tp_lrules_fmt(q->stop,
	    tick, num)) < 0 || qadd(b, "trigger", "last") < 0))
		return -1;
	if (qadd(b, "oflags", "fciq") < 0 || qadd(b, "cl_ord_id", cl) < 0)
		return -1;
	return 0;
}

static int
place(struct tp_live *l, const struct tp_lreq *q, struct tp_lorder *o,
    char *why, size_t n, struct tp_err *err)
{
	static const char path[] = "/0/private/AddOrder";
	struct tp_buf b = { 0 };
	struct tp_lkraken_env e;
	char pair[TP_LSYM], cl[TP_LID], txid[TP_LID], bad[256];
	int rc;

	memset(o, 0, sizeof(*o));
	if (spot_only(l, err) < 0)
		return -1;
	if (strlen(q->symbol) >= sizeof(o->symbol) ||
	    tp_lkraken_pair(q->symbol, pair) < 0 ||
	    tp_lkraken_clid(q->client_id, cl) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "kraken: a symbol "
		    "too long, or a client order id that is neither a UUID "
		    "nor 18 characters at most (cl_ord_id)");
	if (order_form(&b, q, pair, cl) < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	rc = post(l, path, &b, ONCE, &e, err);
	if (rc < 0)
		return -1;
	if (rc == 2)
		return TP_LP_UNKNOWN;
	/* one by this cl_ord_id is open: what became of it, query says */
	if (prefixed(e.err, "EOrder:Duplicate"))
		return TP_LP_UNKNOWN;
	if (e.err[0] != '\0') {
		/* EOrder:Insufficient funds, EOrder:Order minimum not met,
		 * EOrder:Cost minimum not met, EGeneral:Invalid arguments,
		 * ...: refused, the message said */
		snprintf(why, n, "%s", e.err);
		return TP_LP_REFUSED;
	}
	if (tp_lkraken_read_placed(l->http.body.p, l->http.body.len, &e, txid,
	    bad, sizeof(bad)) < 0)
		return TP_LP_UNKNOWN;	/* accepted, but which? ask */
	snprintf(o->symbol, sizeof(o->symbol), "%s", q->symbol);
	snprintf(o->client_id, sizeof(o->client_id), "%s", q->client_id);
	memcpy(o->order_id, txid, sizeof(o->order_id));
	/* AddOrder says only that it took the order: query() says what
	 * became of it */
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

/* OpenOrders or ClosedOrders (member "open", "closed") restricted to
 * cl_ord_id ("restrict results to given client order id"). */
static int
find_in(struct tp_live *l, const char *path, const char *member,
    const char *cl, struct find *f, struct tp_err *err)
{
	struct tp_buf b = { 0 };
	struct tp_lkraken_env e;
	char why[256];
	int stop;

	if (qadd(&b, "trades", "true") < 0 || qadd(&b, "cl_ord_id", cl) < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (post(l, path, &b, 0, &e, err) < 0)
		return -1;
	if (prefixed(e.err, "EOrder:Unknown order"))
		return 0;
	if (e.err[0] != '\0')
		return refused(path, &e, err);
	if (tp_lkraken_read_orders(l->http.body.p, l->http.body.len, member,
	    &e, find_one, f, &stop, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return 0;
}

/*
 * By client id: QueryOrders takes Kraken's txids only (query.yaml), so
 * OpenOrders with cl_ord_id, then ClosedOrders with it (50 most recent
 * closed; an order that closes between the two is found in the
 * second).  The order's fee is its own (fee, in the quote asset: tp
 * sends fciq), so TradesHistory is not asked.
 */
static int
query(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_lorder *o, struct tp_err *err)
{
	struct find f = { client_id, o, 0 };
	char cl[TP_LID];

	memset(o, 0, sizeof(*o));
	if (spot_only(l, err) < 0)
		return -1;
	if (tp_lkraken_clid(client_id, cl) == 0 &&
	    (find_in(l, "/0/private/OpenOrders", "open", cl, &f, err) < 0 ||
	    (!f.found && find_in(l, "/0/private/ClosedOrders", "closed", cl,
	    &f, err) < 0)))
		return -1;
	if (!f.found) {
		memset(o, 0, sizeof(*o));
		snprintf(o->client_id, sizeof(o->client_id), "%s", client_id);
		o->state = TP_LS_NONE;
	}
	/* tp's name for it, as asked */
	snprintf(o->symbol, sizeof(o->symbol), "%s", symbol);
	return 0;
}

/* POST /0/private/CancelOrder cl_ord_id (cancel.yaml: "cancel a
 * particular open order ... by txid, userref or cl_ord_id"; count 0 or
 * "EOrder:Unknown order": nothing waiting by that id). */
static int
cancel(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_err *err)
{
	static const char path[] = "/0/private/CancelOrder";
	struct tp_buf b = { 0 };
	struct tp_lkraken_env e;
	char cl[TP_LID], why[256];
	long count;

	(void)symbol;
	if (spot_only(l, err) < 0)
		return -1;
	if (tp_lkraken_clid(client_id, cl) < 0)
		return 0;
	if (qadd(&b, "cl_ord_id", cl) < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (post(l, path, &b, 0, &e, err) < 0)
		return -1;
	if (prefixed(e.err, "EOrder:Unknown order"))
		return 0;
	if (e.err[0] != '\0')
		return refused(path, &e, err);
	if (tp_lkraken_read_cancel(l->http.body.p, l->http.body.len, &e,
	    &count, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return count > 0;
}

/* The open orders of one symbol, or all. */
struct only {
	const char *symbol;
	tp_lorder_fn *fn;
	void *ctx;
};

static int
only_symbol(void *ctx, const struct tp_lorder *o)
{
	struct only *s = ctx;

	if (s->symbol != NULL && strcmp(o->symbol, s->symbol) != 0)
		return 0;
	return s->fn(s->ctx, o);
}

/* POST /0/private/OpenOrders (open.yaml): all the account's, at once. */
static int
open_orders(struct tp_live *l, const char *symbol, tp_lorder_fn *fn,
    void *ctx, struct tp_err *err)
{
	static const char path[] = "/0/private/OpenOrders";
	struct tp_buf b = { 0 };
	struct tp_lkraken_env e;
	struct only s = { symbol, fn, ctx };
	char why[256];
	int stop;

	if (spot_only(l, err) < 0)
		return -1;
	if (qadd(&b, "trades", "false") < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (post(l, path, &b, 0, &e, err) < 0)
		return -1;
	if (e.err[0] != '\0')
		return refused(path, &e, err);
	if (tp_lkraken_read_orders(l->http.body.p, l->http.body.len, "open",
	    &e, only_symbol, &s, &stop, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return stop;
}

/* POST /0/private/BalanceEx: balances with what open orders hold
 * (Balance has only the totals). */
static int
balances(struct tp_live *l, tp_lbalance_fn *fn, void *ctx,
    struct tp_err *err)
{
	static const char path[] = "/0/private/BalanceEx";
	struct tp_buf b = { 0 };
	struct tp_lkraken_env e;
	char why[256];
	int stop;

	if (spot_only(l, err) < 0)
		return -1;
	if (post(l, path, &b, 0, &e, err) < 0)
		return -1;
	if (e.err[0] != '\0')
		return refused(path, &e, err);
	if (tp_lkraken_read_balances(l->http.body.p, l->http.body.len, &e, fn,
	    ctx, &stop, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return stop;
}

/* Spot has no positions: nothing is asked. */
static int
positions(struct tp_live *l, tp_lposition_fn *fn, void *ctx,
    struct tp_err *err)
{
	(void)fn;
	(void)ctx;
	return spot_only(l, err);
}

const struct tp_venue tp_kraken_venue = {
	"kraken", sync_time, rules, prepare, place, query, cancel,
	open_orders, balances, positions
};
