/*
 * tp_lbybit.c: the Bybit v5 venue (tp_live.h): category "spot" for
 * TP_LM_SPOT, "linear" (USDT perpetuals, one-way) for TP_LM_FUTURES, on
 * a unified trading account.
 *
 * Sources, all bybit-exchange/docs@072c197d docs/v5/: guide.mdx
 * (signing, the envelope), error.mdx (retCode), rate-limit/rate-limit.mdx,
 * and the page of each endpoint, named where it is used.
 *
 * The first half reads answers (no network: the unit tests and
 * tests/fuzz/fuzz_lbybit.c call it); the second half asks.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "live/tp_lbybit.h"
#include "live/tp_live.h"
#include "live/tp_lread.h"
#include "live/tp_lsign.h"
#include "core/tp_num.h"
#include "core/tp_time.h"

/* ---- reading answers ---- */

/* A time in ms in a string ("1684738540559"); "" or absent is 0. */
static int
ms(struct tp_lread *r, json_t *o, const char *k, int64_t *t)
{
	json_t *v = json_object_get(o, k);

	*t = 0;
	if (v == NULL || json_is_null(v) || (json_is_string(v) &&
	    json_string_length(v) == 0))
		return 0;
	if (!json_is_string(v) || tp_num_parse_i64(json_string_value(v),
	    json_string_length(v), t) != TP_NUM_OK || *t < 0)
		return tp_lread_bad(r, "%s: %s is not a time", r->what, k);
	return 0;
}

/* A boolean member; absent is 0. */
static int
flag(struct tp_lread *r, json_t *o, const char *k, int *b)
{
	json_t *v = json_object_get(o, k);

	*b = 0;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return tp_lread_bad(r, "%s: %s is not true or false", r->what,
		    k);
	*b = json_is_true(v);
	return 0;
}

/*
 * The envelope of body (guide.mdx, "Common response parameters"): *e,
 * and *root to be released, with *result the object result (NULL when
 * retCode is not 0: an error's result is often {} or absent).  Returns
 * 1 with a result to read, 0 for an error the caller reads in e, -1
 * when body is not an answer.
 */
static int
envelope(struct tp_lread *r, const char *body, size_t n,
    struct tp_lbybit_env *e, json_t **root, json_t **result)
{
	json_error_t je;
	json_t *code, *msg, *t;

	memset(e, 0, sizeof(*e));
	*result = NULL;
	if ((*root = json_loadb(body, n, 0, &je)) == NULL)
		return tp_lread_bad(r, "%s: not JSON: %s", r->what, je.text);
	code = json_object_get(*root, "retCode");
	msg = json_object_get(*root, "retMsg");
	t = json_object_get(*root, "time");
	if (!json_is_integer(code) || (msg != NULL && !json_is_string(msg)))
		return tp_lread_bad(r, "%s: no retCode", r->what);
	if (json_integer_value(code) < -1000000000 ||
	    json_integer_value(code) > 1000000000)
		return tp_lread_bad(r, "%s: retCode out of range", r->what);
	e->code = (long)json_integer_value(code);
	if (msg != NULL)
		tp_http_printable(json_string_value(msg),
		    json_string_length(msg), e->msg, sizeof(e->msg));
	if (json_is_integer(t) && json_integer_value(t) > 0)
		e->time = json_integer_value(t);
	if (e->code != 0)
		return 0;
	*result = json_object_get(*root, "result");
	if (!json_is_object(*result))
		return tp_lread_bad(r, "%s: result is not an object", r->what);
	return 1;
}

/* result.list, an array. */
static json_t *
list_of(struct tp_lread *r, json_t *result)
{
	json_t *l = json_object_get(result, "list");

	if (!json_is_array(l))
		tp_lread_bad(r, "%s: result.list is not a list", r->what);
	return json_is_array(l) ? l : NULL;
}

/* result.nextPageCursor into cursor; a cursor is sent back as it came,
 * so it may hold only what a query string may (it comes %-encoded). */
static int
cursor_of(struct tp_lread *r, json_t *result, char *cursor, size_t cn)
{
	size_t k;

	if (tp_lread_str(r, result, "nextPageCursor", 0, cursor, cn) < 0)
		return -1;
	k = strspn(cursor, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-._~%");
	if (cursor[k] != '\0')
		return tp_lread_bad(r, "%s: nextPageCursor holds characters "
		    "a query string cannot", r->what);
	return 0;
}

int
tp_lbybit_presign(struct tp_buf *b, int64_t ts, const char *key,
    long recv_window, const char *payload)
{
	char head[64];
	int n;

	b->len = 0;
	n = snprintf(head, sizeof(head), "%" PRId64, ts);
	if (tp_buf_add(b, head, (size_t)n) < 0 ||
	    tp_buf_add(b, key, strlen(key)) < 0)
		return -1;
	n = snprintf(head, sizeof(head), "%ld", recv_window);
	if (tp_buf_add(b, head, (size_t)n) < 0 ||
	    tp_buf_add(b, payload, strlen(payload) + 1) < 0)
		return -1;
	b->len--;
	return 0;
}

int
tp_lbybit_read_env(const char *body, size_t n, struct tp_lbybit_env *e,
    char *why, size_t wn)
{
	struct tp_lread r = { "the answer", why, wn };
	json_t *root, *result;
	int rc = envelope(&r, body, n, e, &root, &result) < 0 ? -1 : 0;

	json_decref(root);
	return rc;
}

int
tp_lbybit_read_time(const char *body, size_t n, struct tp_lbybit_env *e,
    int64_t *t, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/market/time", why, wn };
	json_t *root, *result, *nano;
	int64_t ns;
	int rc;

	*t = 0;
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = 0;
	/* timeNano is the finer ("1688639403423213947"); time the ms of
	 * the envelope */
	nano = json_object_get(result, "timeNano");
	if (json_is_string(nano) && tp_num_parse_i64(json_string_value(nano),
	    json_string_length(nano), &ns) == TP_NUM_OK && ns >= 1000000)
		*t = ns / 1000000;
	else if (e->time > 0)
		*t = e->time;
	else
		rc = tp_lread_bad(&r, "%s: no time", r.what);
out:
	json_decref(root);
	return rc;
}

/* One instrument's rules: its lotSizeFilter and priceFilter, as each
 * category names them (market/instrument.mdx, Response Parameters). */
static int
rules_of(struct tp_lread *r, json_t *it, enum tp_lmarket m,
    struct tp_lrules *lr)
{
	json_t *lot = json_object_get(it, "lotSizeFilter");
	json_t *price = json_object_get(it, "priceFilter");
	char status[32];

	if (!json_is_object(lot) || !json_is_object(price))
		return tp_lread_bad(r, "%s: no lotSizeFilter or priceFilter",
		    r->what);
	if (tp_lread_str(r, it, "symbol", 1, lr->symbol,
	    sizeof(lr->symbol)) < 0 ||
	    tp_lread_str(r, it, "baseCoin", 1, lr->base,
	    sizeof(lr->base)) < 0 ||
	    tp_lread_str(r, it, "quoteCoin", 1, lr->quote,
	    sizeof(lr->quote)) < 0 ||
	    tp_lread_str(r, it, "status", 1, status, sizeof(status)) < 0 ||
	    tp_lread_dec(r, price, "tickSize", 1, 0, &lr->tick) < 0)
		return -1;
	lr->trading = strcmp(status, "Trading") == 0;
	if (m == TP_LM_FUTURES) {
		if (tp_lread_dec(r, lot, "qtyStep", 1, 0, &lr->step) < 0 ||
		    tp_lread_dec(r, lot, "minOrderQty", 1, 0,
		    &lr->min_qty) < 0 ||
		    tp_lread_dec(r, lot, "maxOrderQty", 0, 0,
		    &lr->max_qty) < 0 ||
		    tp_lread_dec(r, lot, "maxMktOrderQty", 0, 0,
		    &lr->market_max_qty) < 0 ||
		    tp_lread_dec(r, lot, "minNotionalValue", 0, 0,
		    &lr->min_notional) < 0)
			return -1;
		return 0;
	}
	/* spot: minOrderQty is "deprecated, no longer check minOrderQty,
	 * check minOrderAmt instead", and maxOrderQty gives way to
	 * maxLimitOrderQty and maxMarketOrderQty; the least quantity is
	 * then one step of basePrecision */
	if (tp_lread_dec(r, lot, "basePrecision", 1, 0, &lr->step) < 0 ||
	    tp_lread_dec(r, lot, "minOrderAmt", 0, 0, &lr->min_notional) < 0 ||
	    tp_lread_dec(r, lot, "maxLimitOrderQty", 0, 0, &lr->max_qty) < 0 ||
	    tp_lread_dec(r, lot, "maxMarketOrderQty", 0, 0,
	    &lr->market_max_qty) < 0)
		return -1;
	if (lr->max_qty == 0 && tp_lread_dec(r, lot, "maxOrderQty", 0, 0,
	    &lr->max_qty) < 0)
		return -1;
	lr->min_qty = lr->step;
	return 0;
}

int
tp_lbybit_read_rules(const char *body, size_t n, enum tp_lmarket m,
    const char *symbol, struct tp_lbybit_env *e, struct tp_lrules *lr,
    int *found, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/market/instruments-info", why, wn };
	json_t *root, *result, *list;
	int rc;

	memset(lr, 0, sizeof(*lr));
	*found = 0;
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	if ((list = list_of(&r, result)) == NULL)
		goto out;
	rc = 0;
	/* an unknown symbol: an empty list and retCode 0 */
	if (json_array_size(list) == 0)
		goto out;
	if (!json_is_object(json_array_get(list, 0)))
		rc = tp_lread_bad(&r, "%s: list[0] is not an object", r.what);
	else if (rules_of(&r, json_array_get(list, 0), m, lr) < 0)
		rc = -1;
	else if (strcmp(lr->symbol, symbol) != 0)
		rc = tp_lread_bad(&r, "%s: asked for one symbol, told of "
		    "another", r.what);
	else if (!(lr->step > 0) || !(lr->tick > 0))
		rc = tp_lread_bad(&r, "%s: a step or tick of zero", r.what);
	else
		*found = 1;
out:
	if (!*found)
		memset(lr, 0, sizeof(*lr));
	json_decref(root);
	return rc;
}

int
tp_lbybit_read_placed(const char *body, size_t n, struct tp_lbybit_env *e,
    char *id, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/order/create", why, wn };
	json_t *root, *result;
	int rc;

	id[0] = '\0';
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = 0;
	if (tp_lread_str(&r, result, "orderId", 1, id, TP_LID) < 0 ||
	    id[0] == '\0')
		rc = tp_lread_bad(&r, "%s: no orderId", r.what);
out:
	json_decref(root);
	return rc;
}

/* orderStatus (enum.mdx, "orderStatus") as tp says it; -1 unknown. */
static int
state_of(const char *s)
{
	static const struct {
		const char *name;
		enum tp_lostate st;
	} t[] = {
		{ "New", TP_LS_NEW },
		{ "PartiallyFilled", TP_LS_PARTIAL },
		{ "Untriggered", TP_LS_NEW },	/* a stop waiting */
		/* "instantaneous state for conditional orders from
		 * Untriggered to New" */
		{ "Triggered", TP_LS_NEW },
		{ "Filled", TP_LS_FILLED },
		{ "Cancelled", TP_LS_CANCELED },
		{ "PartiallyFilledCanceled", TP_LS_CANCELED },
		/* "Spot tp/sl order, conditional order, OCO order are
		 * cancelled before they are triggered" */
		{ "Deactivated", TP_LS_CANCELED },
		{ "Rejected", TP_LS_REJECTED }
	};
	size_t k;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		if (strcmp(s, t[k].name) == 0)
			return (int)t[k].st;
	return -1;
}

/*
 * The fee of an order: cumFeeDetail {"MNT": "0.00242968"} (open-order.mdx:
 * "linear, spot: Cumulative trading fee details instead of cumExecFee"),
 * one coin as a rule; of several, the first not zero.  Without it, the
 * deprecated cumExecFee, whose coin is linear's settle coin.
 */
static int
fee_of(struct tp_lread *r, json_t *it, enum tp_lmarket m, struct tp_lorder *o)
{
	json_t *d = json_object_get(it, "cumFeeDetail"), *v;
	const char *coin;
	double f;

	if (d != NULL && !json_is_null(d)) {
		if (!json_is_object(d))
			return tp_lread_bad(r, "%s: cumFeeDetail is not "
			    "an object", r->what);
		json_object_foreach(d, coin, v) {
			if (tp_lread_dec(r, d, coin, 1, 1, &f) < 0)
				return -1;
			if (o->fee_asset[0] != '\0' && (f == 0 || o->fee != 0))
				continue;
			if (strlen(coin) >= sizeof(o->fee_asset))
				return tp_lread_bad(r, "%s: a fee coin's "
				    "name is too long", r->what);
			snprintf(o->fee_asset, sizeof(o->fee_asset), "%s",
			    coin);
			o->fee = f;
		}
		if (o->fee_asset[0] != '\0')
			return 0;
	}
	if (tp_lread_dec(r, it, "cumExecFee", 0, 1, &o->fee) < 0)
		return -1;
	/* linear's fee is in the settle coin; tp's linear symbols settle
	 * in USDT (settleCoin=USDT throughout) */
	if (m == TP_LM_FUTURES)
		snprintf(o->fee_asset, sizeof(o->fee_asset), "USDT");
	return 0;
}

static int
order_of(struct tp_lread *r, json_t *it, enum tp_lmarket m, struct tp_lorder *o)
{
	char side[16], type[16], status[32];
	int st;

	memset(o, 0, sizeof(*o));
	if (!json_is_object(it))
		return tp_lread_bad(r, "%s: an order is not an object",
		    r->what);
	if (tp_lread_str(r, it, "symbol", 1, o->symbol,
	    sizeof(o->symbol)) < 0 ||
	    tp_lread_str(r, it, "orderLinkId", 0, o->client_id,
	    sizeof(o->client_id)) < 0 ||
	    tp_lread_str(r, it, "orderId", 1, o->order_id,
	    sizeof(o->order_id)) < 0 ||
	    tp_lread_str(r, it, "side", 1, side, sizeof(side)) < 0 ||
	    tp_lread_str(r, it, "orderType", 1, type, sizeof(type)) < 0 ||
	    tp_lread_str(r, it, "orderStatus", 1, status, sizeof(status)) < 0 ||
	    tp_lread_dec(r, it, "qty", 1, 0, &o->qty) < 0 ||
	    tp_lread_dec(r, it, "price", 0, 0, &o->price) < 0 ||
	    tp_lread_dec(r, it, "triggerPrice", 0, 0, &o->stop) < 0 ||
	    tp_lread_dec(r, it, "cumExecQty", 0, 0, &o->filled) < 0 ||
	    tp_lread_dec(r, it, "avgPrice", 0, 0, &o->avg_price) < 0 ||
	    flag(r, it, "reduceOnly", &o->reduce_only) < 0 ||
	    ms(r, it, "createdTime", &o->time) < 0 ||
	    ms(r, it, "updatedTime", &o->update_time) < 0 ||
	    fee_of(r, it, m, o) < 0)
		return -1;
	if (strcmp(side, "Buy") != 0 && strcmp(side, "Sell") != 0)
		return tp_lread_bad(r, "%s: side is neither Buy nor Sell",
		    r->what);
	o->buy = side[0] == 'B';
	if ((st = state_of(status)) < 0)
		return tp_lread_bad(r, "%s: an orderStatus tp does not know",
		    r->what);
	o->state = (enum tp_lostate)st;
	if (strcmp(type, "Limit") == 0)
		o->type = TP_LO_LIMIT;
	else if (strcmp(type, "Market") == 0)
		/* a conditional market order is tp's stop */
		o->type = o->stop > 0 ? TP_LO_STOP : TP_LO_MARKET;
	else
		return tp_lread_bad(r, "%s: an orderType tp does not know",
		    r->what);
	if (o->filled == 0)
		o->avg_price = 0;	/* "0" or "" when nothing filled */
	return 0;
}

int
tp_lbybit_read_orders(const char *body, size_t n, struct tp_lbybit_env *e,
    enum tp_lmarket m, tp_lorder_fn *fn, void *ctx, int *stop, char *cursor,
    size_t cn, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/order/realtime", why, wn };
	json_t *root, *result, *list;
	struct tp_lorder o;
	size_t k;
	int rc;

	*stop = 0;
	cursor[0] = '\0';
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	if ((list = list_of(&r, result)) == NULL ||
	    cursor_of(&r, result, cursor, cn) < 0)
		goto out;
	/* all read before any is told: a bad one tells none */
	for (k = 0; k < json_array_size(list); k++)
		if (order_of(&r, json_array_get(list, k), m, &o) < 0)
			goto out;
	rc = 0;
	for (k = 0; k < json_array_size(list) && *stop == 0; k++) {
		order_of(&r, json_array_get(list, k), m, &o);
		*stop = fn(ctx, &o);
	}
out:
	json_decref(root);
	return rc;
}

int
tp_lbybit_read_execs(const char *body, size_t n, struct tp_lbybit_env *e,
    struct tp_lorder *o, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/execution/list", why, wn };
	json_t *root, *result, *list, *it;
	char coin[TP_LASSET];
	double f, sum = 0;
	size_t k;
	int rc;

	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	if ((list = list_of(&r, result)) == NULL)
		goto out;
	coin[0] = '\0';
	json_array_foreach(list, k, it) {
		char c[TP_LASSET];

		if (!json_is_object(it)) {
			tp_lread_bad(&r, "%s: a fill is not an object", r.what);
			goto out;
		}
		if (tp_lread_dec(&r, it, "execFee", 0, 1, &f) < 0 ||
		    tp_lread_str(&r, it, "feeCurrency", 0, c, sizeof(c)) < 0)
			goto out;
		sum += f;
		if (!isfinite(sum)) {
			tp_lread_bad(&r, "%s: the fees add up past a double",
			    r.what);
			goto out;
		}
		if (coin[0] == '\0')
			memcpy(coin, c, sizeof(c));
	}
	o->fee += sum;
	if (coin[0] != '\0')
		memcpy(o->fee_asset, coin, sizeof(coin));
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
tp_lbybit_read_balances(const char *body, size_t n, struct tp_lbybit_env *e,
    tp_lbalance_fn *fn, void *ctx, int *stop, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/account/wallet-balance", why, wn };
	json_t *root, *result, *list, *coins, *it;
	struct tp_lbalance *b = NULL;
	double wallet, locked, order_im, pos_im, bonus;
	size_t k, nb = 0;
	int rc;

	*stop = 0;
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	if ((list = list_of(&r, result)) == NULL)
		goto out;
	rc = 0;
	if (json_array_size(list) == 0)
		goto out;
	rc = -1;
	coins = json_object_get(json_array_get(list, 0), "coin");
	if (!json_is_array(coins)) {
		tp_lread_bad(&r, "%s: list[0].coin is not a list", r.what);
		goto out;
	}
	if ((b = calloc(json_array_size(coins) + 1, sizeof(*b))) == NULL) {
		tp_lread_bad(&r, "%s: out of memory", r.what);
		goto out;
	}
	json_array_foreach(coins, k, it) {
		if (!json_is_object(it)) {
			tp_lread_bad(&r, "%s: a coin is not an object", r.what);
			goto out;
		}
		if (tp_lread_str(&r, it, "coin", 1, b[nb].asset,
		    sizeof(b[nb].asset)) < 0 ||
		    tp_lread_dec(&r, it, "walletBalance", 1, 1, &wallet) < 0 ||
		    tp_lread_dec(&r, it, "locked", 0, 0, &locked) < 0 ||
		    tp_lread_dec(&r, it, "totalOrderIM", 0, 0, &order_im) < 0 ||
		    tp_lread_dec(&r, it, "totalPositionIM", 0, 0,
		    &pos_im) < 0 ||
		    tp_lread_dec(&r, it, "bonus", 0, 0, &bonus) < 0)
			goto out;
		if (wallet == 0 && locked == 0)
			continue;
		/* wallet-balance.mdx, availableToWithdraw: "isolated
		 * margin: walletBalance - totalPositionIM - totalOrderIM -
		 * locked - bonus"; the rest is held */
		b[nb].free = wallet - pos_im - order_im - locked - bonus;
		if (b[nb].free < 0)
			b[nb].free = 0;
		b[nb].locked = wallet - b[nb].free;
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

static int
position_of(struct tp_lread *r, json_t *it, struct tp_lposition *p, int *open)
{
	char side[16];

	memset(p, 0, sizeof(*p));
	*open = 0;
	if (!json_is_object(it))
		return tp_lread_bad(r, "%s: a position is not an object",
		    r->what);
	if (tp_lread_str(r, it, "symbol", 1, p->symbol,
	    sizeof(p->symbol)) < 0 ||
	    tp_lread_str(r, it, "side", 1, side, sizeof(side)) < 0 ||
	    tp_lread_dec(r, it, "size", 1, 0, &p->qty) < 0 ||
	    tp_lread_dec(r, it, "avgPrice", 0, 0, &p->entry) < 0 ||
	    tp_lread_dec(r, it, "markPrice", 0, 0, &p->mark) < 0 ||
	    tp_lread_dec(r, it, "liqPrice", 0, 0, &p->liquidation) < 0 ||
	    tp_lread_dec(r, it, "leverage", 0, 0, &p->leverage) < 0 ||
	    tp_lread_dec(r, it, "unrealisedPnl", 0, 1, &p->unrealised) < 0)
		return -1;
	/* side "" is "an empty position" (position.mdx) */
	if (side[0] != '\0' && strcmp(side, "Buy") != 0 &&
	    strcmp(side, "Sell") != 0)
		return tp_lread_bad(r, "%s: side is not Buy, Sell or empty",
		    r->what);
	p->is_short = strcmp(side, "Sell") == 0;
	*open = side[0] != '\0' && p->qty > 0;
	return 0;
}

int
tp_lbybit_read_positions(const char *body, size_t n,
    struct tp_lbybit_env *e, tp_lposition_fn *fn, void *ctx, int *stop,
    char *cursor, size_t cn, char *why, size_t wn)
{
	struct tp_lread r = { "/v5/position/list", why, wn };
	json_t *root, *result, *list;
	struct tp_lposition p;
	size_t k;
	int rc, open;

	*stop = 0;
	cursor[0] = '\0';
	if ((rc = envelope(&r, body, n, e, &root, &result)) <= 0)
		goto out;
	rc = -1;
	if ((list = list_of(&r, result)) == NULL ||
	    cursor_of(&r, result, cursor, cn) < 0)
		goto out;
	for (k = 0; k < json_array_size(list); k++)
		if (position_of(&r, json_array_get(list, k), &p, &open) < 0)
			goto out;
	rc = 0;
	for (k = 0; k < json_array_size(list) && *stop == 0; k++) {
		position_of(&r, json_array_get(list, k), &p, &open);
		if (open)
			*stop = fn(ctx, &p);
	}
out:
	json_decref(root);
	return rc;
}

/* ---- asking ---- */

/* How a request is made. */
enum {
	SIGNED = 1,		/* private: the X-BAPI-* headers */
	ONCE = 2		/* an order: never sent twice */
};

/* What a retCode asks of tp (error.mdx, "UTA"; rate-limit.mdx). */
enum {
	RC_ANSWER,		/* the caller reads it */
	RC_TIME,		/* 10002: outside the recv window */
	RC_KEY,			/* the key, its signature or rights */
	RC_RATE,		/* slow down, then ask again */
	RC_SERVER		/* the server failed: perhaps done */
};

static int
code_kind(long code)
{
	switch (code) {
	case 10002:		/* the request time exceeds the window */
		return RC_TIME;
	case 10003:		/* API key is invalid */
	case 10004:		/* error sign */
	case 10005:		/* permission denied */
	case 10007:		/* user authentication failed */
	case 10009:		/* service restricted for your region */
	case 10010:		/* unmatched IP */
	case 10028:		/* only for unified account users */
	case 33004:		/* (derivatives) your api key has expired */
	case -2015:		/* (spot) your api key has expired */
		return RC_KEY;
	case 10006:		/* too many visits: the API rate limit */
	case 10018:		/* the IP rate limit (struck out: old) */
	case 429:		/* "high server load. Please retry" */
	case 170005:		/* too many new orders */
	case 170222:		/* too many requests in this time frame */
		return RC_RATE;
	case 10000:		/* server timeout */
	case 10016:		/* server error; service restarting */
	case 170001:		/* internal error */
	case 170007:		/* timeout waiting for the backend */
	case 170146:		/* order creation timeout */
		return RC_SERVER;
	}
	return RC_ANSWER;
}

static const char *
category(const struct tp_live *l)
{
	return l->market == TP_LM_FUTURES ? "linear" : "spot";
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

/* NUL-end b; -1 when out of memory. */
static int
qend(struct tp_buf *b)
{
	if (tp_buf_add(b, "", 1) < 0)
		return -1;
	b->len--;
	return 0;
}

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
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
	char line[256];
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
 * The headers of a signed request (guide.mdx, "HTTP Headers for
 * Authenticated Endpoints"): the key, the time, the recv window and the
 * HMAC-SHA256 of tp_lbybit_presign, in lowercase hex.
 */
static int
sign(struct tp_live *l, const char *payload, int post, struct tp_err *err)
{
	char sig[TP_LSIGN_HEX], ts[32], rw[32];
	int64_t now = tp_live_now(l);

	if (l->keytype != TP_LK_HMAC)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "bybit: an "
		    "Ed25519 key cannot sign Bybit's requests: Bybit's keys "
		    "are HMAC (system-generated) or RSA (self-generated), "
		    "and tp signs with HMAC (add the HMAC key and secret "
		    "Bybit generated)");
	if (tp_lbybit_presign(&l->q, now, l->key, l->recv_window,
	    payload) < 0)
		return oom(err);
	tp_lsign_hmac(l->secret, l->secret_len, l->q.p, l->q.len, sig);
	sodium_memzero(l->q.p, l->q.len);
	snprintf(ts, sizeof(ts), "%" PRId64, now);
	snprintf(rw, sizeof(rw), "%ld", l->recv_window);
	free_headers(l);
	if (add_header(l, "X-BAPI-API-KEY", l->key) < 0 ||
	    add_header(l, "X-BAPI-TIMESTAMP", ts) < 0 ||
	    add_header(l, "X-BAPI-RECV-WINDOW", rw) < 0 ||
	    add_header(l, "X-BAPI-SIGN", sig) < 0 ||
	    (post && (add_header(l, "Content-Type", "application/json") < 0 ||
	    add_header(l, "Expect", "") < 0))) {	/* no 100-continue */
		free_headers(l);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "bybit: cannot "
		    "make the request's headers (a key too long?)");
	}
	return 0;
}

static int sync_time(struct tp_live *l, struct tp_err *err);

/* The wait the exchange asks after a 10006: until its
 * X-Bapi-Limit-Reset-Timestamp (tp_http read it), else a backoff. */
static double
rate_wait(const struct tp_live *l)
{
	int64_t now = tp_time_now_ms();

	if (l->http.pace_until == INT64_MAX)
		return 1;
	if (l->http.pace_until > now)
		return (double)(l->http.pace_until - now) / 1000;
	return -1;
}

/* An answer that is not an envelope, or an HTTP status other than 200. */
static int
not_bybit(struct tp_live *l, const char *path, int rc, const char *why,
    struct tp_err *err)
{
	if (rc == 1 && l->http.status == 403) {
		/* error.mdx: "IP rate limit breached"; rate-limit.mdx: "wait
		 * at least 10 minutes" */
		l->ban = 1;
		return tp_errf(err, TP_EX_TEMPFAIL, NULL, 0, "bybit: %s: HTTP "
		    "403: Bybit refuses this IP (too many requests, or a "
		    "region it does not serve); stopping: wait at least 10 "
		    "minutes", path);
	}
	if (rc == 1 && l->http.status == 401)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "bybit: %s: HTTP "
		    "401: the key is refused (is it a key of this network: "
		    "mainnet, testnet, demo?)", path);
	if (rc == 1)
		return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "bybit: %s: "
		    "HTTP %ld", path, l->http.status);
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "bybit: %s: an "
	    "answer tp cannot read: %s", path, why);
}

/*
 * Ask path: GET with query q, or POST with body q (JSON).  Returns 0
 * with the envelope in *e (retCode 0, or one the caller reads: a
 * refusal), 2 when an order's answer may be lost (ONCE), or -1 with
 * err.  Timestamps outside the window are re-synced and asked once
 * more; rate limits and server errors are waited out within tp_http's
 * time (server errors only where nothing is done twice).
 */
static int
ask(struct tp_live *l, int post, const char *path, const char *q, int how,
    struct tp_lbybit_env *e, struct tp_err *err)
{
	char url[2048], why[256];
	int rc, resynced = 0, kind;

	if (snprintf(url, sizeof(url), "%s%s%s%s", l->base_url, path,
	    !post && *q ? "?" : "", !post ? q : "") >= (int)sizeof(url))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "bybit: %s: "
		    "the URL is too long", path);
	for (;;) {
		free_headers(l);
		if ((how & SIGNED) && sign(l, q, post, err) < 0)
			return -1;
		l->requests++;
		rc = tp_http_send(&l->http, post ? "POST" : "GET", url,
		    l->headers, post ? q : NULL, TP_HTTP_LIVE |
		    ((how & ONCE) ? TP_HTTP_ONCE : 0), err);
		free_headers(l);
		if (rc < 0 || rc == 2)
			return rc;
		if (tp_lbybit_read_env(l->http.body.p, l->http.body.len, e,
		    why, sizeof(why)) < 0 || (rc == 1 &&
		    l->http.status == 403)) {
			/* an order whose answer is unreadable may be done */
			if (rc == 0 && (how & ONCE))
				return 2;
			return not_bybit(l, path, rc, why, err);
		}
		scrub(l, e->msg);
		kind = code_kind(e->code);
		if (rc == 1 && e->code == 0)
			return not_bybit(l, path, rc, why, err);
		if (kind == RC_ANSWER) {
			if (rc == 0)
				tp_http_good(&l->http);
			return 0;
		}
		if (kind == RC_KEY)
			return tp_errf(err, TP_EX_CONFIG, NULL, 0, "bybit: %s: "
			    "retCode %ld: %s (the key, its signature or its "
			    "permissions: nothing retried)", path, e->code,
			    e->msg);
		if (kind == RC_TIME && (resynced++ || !(how & SIGNED)))
			return tp_errf(err, TP_EX_TEMPFAIL, NULL, 0, "bybit: "
			    "%s: retCode %ld: %s (still outside the recv "
			    "window after re-syncing the clock)", path,
			    e->code, e->msg);
		if (kind == RC_TIME) {
			if (sync_time(l, err) < 0)
				return -1;
			continue;
		}
		if (kind == RC_SERVER && (how & ONCE))
			return 2;
		snprintf(why, sizeof(why), "retCode %ld (%s)", e->code,
		    kind == RC_RATE ? "rate limit" : "server error");
		if (tp_http_retry(&l->http, url, why, kind == RC_RATE ?
		    rate_wait(l) : -1, err) < 0)
			return -1;
	}
}

/* A retCode the operation has no use for. */
static int
refused(const char *path, const struct tp_lbybit_env *e, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "bybit: %s: retCode "
	    "%ld: %s", path, e->code, e->msg);
}

static int
unreadable(const char *why, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "bybit: an answer "
	    "tp cannot read: %s", why);
}

/* GET /v5/market/time (market/time.mdx): the offset from the middle of
 * the request's round trip. */
static int
sync_time(struct tp_live *l, struct tp_err *err)
{
	struct tp_lbybit_env e;
	char why[256];
	int64_t t0 = tp_time_now_ms(), t1, server;

	if (ask(l, 0, "/v5/market/time", "", 0, &e, err) < 0)
		return -1;
	t1 = tp_time_now_ms();
	/* the round trip of the answered try, not the waits before it */
	if (l->http.last_ms > t0)
		t0 = l->http.last_ms;
	if (e.code != 0)
		return refused("/v5/market/time", &e, err);
	if (tp_lbybit_read_time(l->http.body.p, l->http.body.len, &e,
	    &server, why, sizeof(why)) < 0)
		return unreadable(why, err);
	l->offset_ms = server - (t0 + t1) / 2;
	return 0;
}

/* A GET with query b (consumed). */
static int
get(struct tp_live *l, const char *path, struct tp_buf *b, int how,
    struct tp_lbybit_env *e, struct tp_err *err)
{
	int rc;

	if (qend(b) < 0) {
		tp_buf_release(b);
		return oom(err);
	}
	rc = ask(l, 0, path, b->p, how, e, err);
	tp_buf_release(b);
	return rc;
}

/* A POST of JSON object o (consumed), compact as sent and signed. */
static int
post(struct tp_live *l, const char *path, json_t *o, int how,
    struct tp_lbybit_env *e, struct tp_err *err)
{
	char *body = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	int rc;

	json_decref(o);
	if (body == NULL)
		return oom(err);
	rc = ask(l, 1, path, body, how, e, err);
	free(body);
	return rc;
}

static int
rules(struct tp_live *l, const char *symbol, struct tp_lrules *r,
    struct tp_err *err)
{
	static const char path[] = "/v5/market/instruments-info";
	struct tp_buf b = { 0 };
	struct tp_lbybit_env e;
	char why[256];
	int found;

	if (qadd(&b, "category", category(l)) < 0 ||
	    qadd(&b, "symbol", symbol) < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (get(l, path, &b, 0, &e, err) < 0)
		return -1;
	/* a symbol refused: 10001 "params error: symbol invalid", 10029
	 * "the requested symbol is invalid", spot's 170121 "Invalid
	 * symbol." */
	if (e.code == 10001 || e.code == 10029 || e.code == 170121)
		return 0;
	if (e.code != 0)
		return refused(path, &e, err);
	if (tp_lbybit_read_rules(l->http.body.p, l->http.body.len, l->market,
	    symbol, &e, r, &found, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return found;
}

/*
 * Linear: the leverage, both sides (position/leverage.mdx: "one-way
 * mode: buyLeverage must be the same as sellLeverage"); 110043 "Set
 * leverage has not been modified" is done already.  The margin mode of
 * a unified account is the account's, not the symbol's: tp leaves it
 * (tp-exec(1)).  Spot: nothing.
 */
static int
prepare(struct tp_live *l, const char *symbol, double leverage,
    struct tp_err *err)
{
	static const char path[] = "/v5/position/set-leverage";
	struct tp_lbybit_env e;
	char lev[64], *p;

	if (l->market != TP_LM_FUTURES)
		return 0;
	if (!(leverage >= 1 && leverage <= 1000))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "bybit: leverage "
		    "%g is not between 1 and the symbol's maximum", leverage);
	/* leverageStep is 0.01 */
	snprintf(lev, sizeof(lev), "%.2f", leverage);
	p = lev + strlen(lev);
	while (p[-1] == '0')
		*--p = '\0';
	if (p[-1] == '.')
		p[-1] = '\0';
	if (post(l, path, json_pack("{s:s, s:s, s:s, s:s}", "category",
	    "linear", "symbol", symbol, "buyLeverage", lev, "sellLeverage",
	    lev), SIGNED, &e, err) < 0)
		return -1;
	if (e.code != 0 && e.code != 110043)
		return refused(path, &e, err);
	return 0;
}

/*
 * The body of POST /v5/order/create (order/create-order.mdx).  A stop
 * is a conditional market order: triggerPrice, and on linear
 * triggerDirection (1 rises to it: a buy stop; 2 falls to it: a sell
 * stop) by the last price; on spot orderFilter StopOrder.  A spot
 * market order's qty is in the base coin (marketUnit baseCoin; a buy's
 * is in the quote coin by default).  Linear orders are one-way
 * (positionIdx 0).
 */
static json_t *
order_body(const struct tp_live *l, const struct tp_lreq *q)
{
	double step = q->rules != NULL ? q->rules->step : 0;
	double tick = q->rules != NULL ? q->rules->tick : 0;
	int linear = l->market == TP_LM_FUTURES;
	char num[64];
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "category", json_string(category(l)));
	json_object_set_new(o, "symbol", json_string(q->symbol));
	json_object_set_new(o, "side", json_string(q->buy ? "Buy" : "Sell"));
	json_object_set_new(o, "orderType", json_string(q->type ==
	    TP_LO_LIMIT ? "Limit" : "Market"));
	json_object_set_new(o, "qty", json_string(tp_lrules_fmt(q->qty, step,
	    num)));
	if (q->type == TP_LO_LIMIT) {
		json_object_set_new(o, "price", json_string(tp_lrules_fmt(
		    q->price, tick, num)));
		json_object_set_new(o, "timeInForce", json_string("GTC"));
	} else if (!linear)
		json_object_set_new(o, "marketUnit", json_string("baseCoin"));
	if (q->type == TP_LO_STOP) {
		json_object_set_new(o, "triggerPrice", json_string(
		    tp_lrules_fmt(q->stop, tick, num)));
		if (linear) {
			json_object_set_new(o, "triggerDirection",
			    json_integer(q->buy ? 1 : 2));
			json_object_set_new(o, "triggerBy",
			    json_string("LastPrice"));
		} else
			json_object_set_new(o, "orderFilter",
			    json_string("StopOrder"));
	}
	if (linear) {
		json_object_set_new(o, "positionIdx", json_integer(0));
		if (q->reduce_only)
			json_object_set_new(o, "reduceOnly", json_true());
	}
	json_object_set_new(o, "orderLinkId", json_string(q->client_id));
	return o;
}

static int
place(struct tp_live *l, const struct tp_lreq *q, struct tp_lorder *o,
    char *why, size_t n, struct tp_err *err)
{
	static const char path[] = "/v5/order/create";
	struct tp_lbybit_env e;
	char id[TP_LID], bad[256];
	int rc;

	memset(o, 0, sizeof(*o));
	if (strlen(q->symbol) >= sizeof(o->symbol) || strlen(q->client_id) >
	    36)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "bybit: a symbol "
		    "or client order id too long (orderLinkId: 36 at most)");
	rc = post(l, path, order_body(l, q), SIGNED | ONCE, &e, err);
	if (rc < 0)
		return -1;
	if (rc == 2)
		return TP_LP_UNKNOWN;
	/* 110072 "OrderLinkedID is duplicate", 170141 "Duplicate
	 * clientOrderId": one by this id was placed before; what became of
	 * it is the query's to say */
	if (e.code == 110072 || e.code == 170141)
		return TP_LP_UNKNOWN;
	if (e.code != 0) {
		snprintf(why, n, "retCode %ld: %s", e.code, e.msg);
		return TP_LP_REFUSED;
	}
	if (tp_lbybit_read_placed(l->http.body.p, l->http.body.len, &e, id,
	    bad, sizeof(bad)) < 0)
		return TP_LP_UNKNOWN;	/* accepted, but which? ask */
	snprintf(o->symbol, sizeof(o->symbol), "%s", q->symbol);
	snprintf(o->client_id, sizeof(o->client_id), "%s", q->client_id);
	memcpy(o->order_id, id, sizeof(o->order_id));
	/* "The acknowledgement of an place order request indicates that
	 * the request was sucessfully accepted": what it became, query()
	 * says */
	o->state = TP_LS_NEW;
	o->type = q->type;
	o->buy = q->buy;
	o->reduce_only = q->reduce_only && l->market == TP_LM_FUTURES;
	o->qty = q->qty;
	o->price = q->type == TP_LO_LIMIT ? q->price : 0;
	o->stop = q->type == TP_LO_STOP ? q->stop : 0;
	o->time = o->update_time = e.time > 0 ? e.time : tp_live_now(l);
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

/* One list of orders by client id (path: realtime or history). */
static int
find_in(struct tp_live *l, const char *path, const char *symbol,
    const char *client_id, struct find *f, struct tp_err *err)
{
	struct tp_buf b = { 0 };
	struct tp_lbybit_env e;
	char why[256], cursor[256];
	int stop;

	if (qadd(&b, "category", category(l)) < 0 ||
	    qadd(&b, "symbol", symbol) < 0 ||
	    qadd(&b, "orderLinkId", client_id) < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (get(l, path, &b, SIGNED, &e, err) < 0)
		return -1;
	if (e.code == 110001 || e.code == 170213)	/* does not exist */
		return 0;
	if (e.code != 0)
		return refused(path, &e, err);
	if (tp_lbybit_read_orders(l->http.body.p, l->http.body.len, &e,
	    l->market, find_one, f, &stop, cursor, sizeof(cursor), why,
	    sizeof(why)) < 0)
		return unreadable(why, err);
	return 0;
}

/* The fee of an order whose answer had no cumFeeDetail: its fills
 * (order/execution.mdx), one page of 100. */
static int
fills_fee(struct tp_live *l, struct tp_lorder *o, struct tp_err *err)
{
	static const char path[] = "/v5/execution/list";
	struct tp_buf b = { 0 };
	struct tp_lbybit_env e;
	char why[256];

	if (qadd(&b, "category", category(l)) < 0 ||
	    qadd(&b, "symbol", o->symbol) < 0 ||
	    qadd(&b, "orderLinkId", o->client_id) < 0 ||
	    qadd(&b, "limit", "100") < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (get(l, path, &b, SIGNED, &e, err) < 0)
		return -1;
	if (e.code != 0)
		return refused(path, &e, err);
	o->fee = 0;
	if (tp_lbybit_read_execs(l->http.body.p, l->http.body.len, &e, o,
	    why, sizeof(why)) < 0)
		return unreadable(why, err);
	return 0;
}

/*
 * GET /v5/order/realtime by orderLinkId ("openOnly param will be ignored
 * when query by orderId or orderLinkId": closed ones too, the recent
 * 500), then /v5/order/history, which keeps them longer ("after a server
 * release or restart, filled, cancelled, and rejected orders of Unified
 * account should only be queried through order history").
 */
static int
query(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_lorder *o, struct tp_err *err)
{
	struct find f = { client_id, o, 0 };

	memset(o, 0, sizeof(*o));
	if (find_in(l, "/v5/order/realtime", symbol, client_id, &f, err) < 0 ||
	    (!f.found && find_in(l, "/v5/order/history", symbol, client_id,
	    &f, err) < 0))
		return -1;
	if (!f.found) {
		memset(o, 0, sizeof(*o));
		snprintf(o->symbol, sizeof(o->symbol), "%s", symbol);
		snprintf(o->client_id, sizeof(o->client_id), "%s", client_id);
		o->state = TP_LS_NONE;
		return 0;
	}
	if (o->filled > 0 && o->fee_asset[0] == '\0')
		return fills_fee(l, o, err);
	return 0;
}

/* Whether retCode says the order is not there to cancel (error.mdx). */
static int
not_waiting(long code)
{
	return code == 110001 ||	/* order does not exist */
	    code == 110008 ||		/* completed or cancelled */
	    code == 170213 ||		/* (spot) order does not exist */
	    code == 170142;		/* (spot) order has been cancelled */
}

static int
cancel_one(struct tp_live *l, const char *symbol, const char *client_id,
    const char *filter, struct tp_err *err)
{
	static const char path[] = "/v5/order/cancel";
	struct tp_lbybit_env e;
	json_t *o = json_pack("{s:s, s:s, s:s}", "category", category(l),
	    "symbol", symbol, "orderLinkId", client_id);

	if (o != NULL && filter != NULL)
		json_object_set_new(o, "orderFilter", json_string(filter));
	if (post(l, path, o, SIGNED, &e, err) < 0)
		return -1;
	if (not_waiting(e.code))
		return 0;
	if (e.code != 0)
		return refused(path, &e, err);
	return 1;
}

/*
 * POST /v5/order/cancel (order/cancel-order.mdx).  Spot's orderFilter
 * is "Order" unless said, so a spot stop (StopOrder) not found as an
 * order is asked for again as one.
 */
static int
cancel(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_err *err)
{
	int rc;

	if (l->market == TP_LM_FUTURES)
		return cancel_one(l, symbol, client_id, NULL, err);
	rc = cancel_one(l, symbol, client_id, "Order", err);
	if (rc != 0)
		return rc;
	return cancel_one(l, symbol, client_id, "StopOrder", err);
}

/* Pages of a list are followed to this many at most. */
#define PAGES 100

/*
 * GET /v5/order/realtime with openOnly=0: the open orders, of symbol, or
 * all (linear asks for a settle coin: USDT), 50 a page.
 */
static int
open_orders(struct tp_live *l, const char *symbol, tp_lorder_fn *fn,
    void *ctx, struct tp_err *err)
{
	static const char path[] = "/v5/order/realtime";
	struct tp_buf b = { 0 };
	struct tp_lbybit_env e;
	char why[256], cursor[256] = "";
	int page, stop = 0;

	for (page = 0; page < PAGES && stop == 0; page++) {
		b.len = 0;
		if (qadd(&b, "category", category(l)) < 0 ||
		    (symbol != NULL && qadd(&b, "symbol", symbol) < 0) ||
		    (symbol == NULL && l->market == TP_LM_FUTURES &&
		    qadd(&b, "settleCoin", "USDT") < 0) ||
		    qadd(&b, "openOnly", "0") < 0 ||
		    qadd(&b, "limit", "50") < 0 ||
		    (cursor[0] != '\0' && (tp_buf_add(&b, "&cursor=", 8) < 0 ||
		    tp_buf_add(&b, cursor, strlen(cursor)) < 0))) {
			tp_buf_release(&b);
			return oom(err);
		}
		if (get(l, path, &b, SIGNED, &e, err) < 0)
			return -1;
		if (e.code != 0)
			return refused(path, &e, err);
		if (tp_lbybit_read_orders(l->http.body.p, l->http.body.len,
		    &e, l->market, fn, ctx, &stop, cursor, sizeof(cursor),
		    why, sizeof(why)) < 0)
			return unreadable(why, err);
		if (cursor[0] == '\0')
			break;
	}
	return stop;
}

/* GET /v5/account/wallet-balance?accountType=UNIFIED. */
static int
balances(struct tp_live *l, tp_lbalance_fn *fn, void *ctx,
    struct tp_err *err)
{
	static const char path[] = "/v5/account/wallet-balance";
	struct tp_buf b = { 0 };
	struct tp_lbybit_env e;
	char why[256];
	int stop;

	if (qadd(&b, "accountType", "UNIFIED") < 0) {
		tp_buf_release(&b);
		return oom(err);
	}
	if (get(l, path, &b, SIGNED, &e, err) < 0)
		return -1;
	if (e.code != 0)
		return refused(path, &e, err);
	if (tp_lbybit_read_balances(l->http.body.p, l->http.body.len, &e, fn,
	    ctx, &stop, why, sizeof(why)) < 0)
		return unreadable(why, err);
	return stop;
}

/* GET /v5/position/list?category=linear&settleCoin=USDT ("If symbol=null
 * and settleCoin specified, it returns position size greater than
 * zero"), 200 a page.  Spot has no positions: nothing is asked. */
static int
positions(struct tp_live *l, tp_lposition_fn *fn, void *ctx,
    struct tp_err *err)
{
	static const char path[] = "/v5/position/list";
	struct tp_buf b = { 0 };
	struct tp_lbybit_env e;
	char why[256], cursor[256] = "";
	int page, stop = 0;

	if (l->market != TP_LM_FUTURES)
		return 0;
	for (page = 0; page < PAGES && stop == 0; page++) {
		b.len = 0;
		if (qadd(&b, "category", "linear") < 0 ||
		    qadd(&b, "settleCoin", "USDT") < 0 ||
		    qadd(&b, "limit", "200") < 0 ||
		    (cursor[0] != '\0' && (tp_buf_add(&b, "&cursor=", 8) < 0 ||
		    tp_buf_add(&b, cursor, strlen(cursor)) < 0))) {
			tp_buf_release(&b);
			return oom(err);
		}
		if (get(l, path, &b, SIGNED, &e, err) < 0)
			return -1;
		if (e.code != 0)
			return refused(path, &e, err);
		if (tp_lbybit_read_positions(l->http.body.p, l->http.body.len,
		    &e, fn, ctx, &stop, cursor, sizeof(cursor), why,
		    sizeof(why)) < 0)
			return unreadable(why, err);
		if (cursor[0] == '\0')
			break;
	}
	return stop;
}

const struct tp_venue tp_bybit_venue = {
	"bybit", sync_time, rules, prepare, place, query, cancel,
	open_orders, balances, positions
};
