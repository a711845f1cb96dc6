/*
 * tp_lbinance.c: the Binance venue (live/tp_live.h): spot (/api/v3) and
 * USD-M futures (/fapi), one-way mode, isolated margin.
 *
 * Sources, cited below by file and section:
 *  - spot: binance/binance-spot-api-docs@a5e0bc3d rest-api.md, filters.md,
 *    errors.md;
 *  - USD-M futures: developers.binance.com/docs/derivatives/usds-
 *    margined-futures, as copied in rosssaunders/coincise@a00ae58b
 *    docs/binance/usdm/ (endpoints/, response_formats.md,
 *    error_codes.md).
 *
 * Every parameter goes in the query string, for each method, and the body
 * is empty: "the signature payload is the query string concatenated
 * without separator to the HTTP body" (rest-api.md, "SIGNED Endpoint
 * Examples for POST /api/v3/order").  timestamp and recvWindow come last
 * but one, the signature last.  The key goes in the X-MBX-APIKEY header.
 *
 * Futures' stops go to the algo service (POST /fapi/v1/algoOrder,
 * algoType CONDITIONAL), where Binance moved conditional orders on
 * 2025-12-09 (/fapi/v1/order refuses them with -4120 since: live-api.md,
 * Corrections).  Queries and cancels by client id ask the order book
 * first, then the algo service; open orders are both lists.
 *
 * The answers are read by the functions of the first half, over a text or
 * a json_t and nothing else (tp_lbinance.h), so that a fuzz harness
 * reaches them; the requests are the second half.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "core/tp_num.h"
#include "core/tp_time.h"
#include "feed/tp_http.h"
#include "live/tp_lbinance.h"
#include "live/tp_lsign.h"

static int
bad(struct tp_err *err, const char *what, const char *why)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, "binance", 0, "%s: %s", what,
	    why);
}

/* o[key] as Binance writes numbers: a string ("0.00100000"), or a JSON
 * number (serverTime, leverage); 0, or -1 when absent or not one. */
static int
num(json_t *o, const char *key, double *v)
{
	json_t *j = json_object_get(o, key);

	if (json_is_string(j))
		return tp_num_parse(json_string_value(j), json_string_length(j),
		    v) == TP_NUM_OK ? 0 : -1;
	if (json_is_integer(j)) {
		*v = (double)json_integer_value(j);
		return 0;
	}
	if (json_is_real(j)) {
		*v = json_real_value(j);
		return 0;
	}
	return -1;
}

/* num() where the field may be absent (then 0); -1 when it is there and
 * not a number. */
static int
opt(json_t *o, const char *key, double *v)
{
	*v = 0;
	return json_object_get(o, key) == NULL ? 0 : num(o, key, v);
}

static int
i64(json_t *o, const char *key, int64_t *v)
{
	json_t *j = json_object_get(o, key);

	if (json_is_integer(j)) {
		*v = json_integer_value(j);
		return 0;
	}
	if (json_is_string(j))
		return tp_num_parse_i64(json_string_value(j),
		    json_string_length(j), v) == TP_NUM_OK ? 0 : -1;
	return -1;
}

/*
 * The name or id o[key] into dst (n bytes): printable ASCII without
 * quotes or backslashes, as symbols, assets and client order ids are
 * (newClientOrderId: ^[\.A-Z\:/a-z0-9_-]{1,36}$, post_fapi_v1_order.md),
 * so that it goes into records and messages as it is.  A number (orderId)
 * is written in decimal.  -1 when absent, too long or another text.
 */
static int
name(json_t *o, const char *key, char *dst, size_t n)
{
	json_t *j = json_object_get(o, key);
	const char *s;
	size_t k, len;

	if (json_is_integer(j))
		return snprintf(dst, n, "%lld", (long long)json_integer_value(j))
		    < (int)n ? 0 : -1;
	if (!json_is_string(j))
		return -1;
	s = json_string_value(j);
	len = json_string_length(j);
	if (len == 0 || len >= n)
		return -1;
	for (k = 0; k < len; k++)
		if (s[k] <= ' ' || s[k] > '~' || s[k] == '"' || s[k] == '\\')
			return -1;
	memcpy(dst, s, len + 1);
	return 0;
}

static int
is(json_t *o, const char *key, const char *want)
{
	json_t *j = json_object_get(o, key);

	return json_is_string(j) && strcmp(json_string_value(j), want) == 0;
}

/*
 * Order status (enums.md "Order status"; futures common-definition):
 * PENDING_NEW and PENDING_CANCEL are still waiting; EXPIRED_IN_MATCH
 * (self-trade prevention) expired.  -1 for any other.
 */
static int
state(json_t *o, enum tp_lostate *s)
{
	static const struct {
		const char *name;
		enum tp_lostate s;
	} t[] = {
		{ "NEW", TP_LS_NEW }, { "PENDING_NEW", TP_LS_NEW },
		{ "PARTIALLY_FILLED", TP_LS_PARTIAL },
		{ "FILLED", TP_LS_FILLED }, { "CANCELED", TP_LS_CANCELED },
		{ "PENDING_CANCEL", TP_LS_NEW },
		{ "REJECTED", TP_LS_REJECTED }, { "EXPIRED", TP_LS_EXPIRED },
		{ "EXPIRED_IN_MATCH", TP_LS_EXPIRED }
	};
	size_t k;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		if (is(o, "status", t[k].name)) {
			*s = t[k].s;
			return 0;
		}
	return -1;
}

/*
 * The order's type: futures say what it was placed as in origType (a
 * triggered STOP_MARKET reads type MARKET).  Types tp does not place
 * (take-profits, trailing stops: another program's orders, seen among
 * the open ones) are stops when triggered by a price, limits when they
 * rest at one.
 */
static int
otype(json_t *o, enum tp_lotype *t)
{
	json_t *j = json_object_get(o, "origType");
	const char *s;

	if (!json_is_string(j))
		j = json_object_get(o, "type");
	if (!json_is_string(j))
		return -1;
	s = json_string_value(j);
	if (strstr(s, "STOP") != NULL || strstr(s, "TAKE_PROFIT") != NULL)
		*t = TP_LO_STOP;
	else if (strstr(s, "LIMIT") != NULL)
		*t = TP_LO_LIMIT;
	else
		*t = TP_LO_MARKET;
	return 0;
}

/* One fill's or trade's commission added to o: fees in another asset than
 * the first are left out (one order's fee is paid in one asset unless BNB
 * runs out midway; struct tp_lorder holds one). */
static int
add_fee(json_t *f, struct tp_lorder *o)
{
	char asset[TP_LASSET];
	double c;

	if (num(f, "commission", &c) < 0 || name(f, "commissionAsset", asset,
	    sizeof(asset)) < 0)
		return -1;
	if (o->fee_asset[0] == '\0')
		memcpy(o->fee_asset, asset, sizeof(asset));
	if (strcmp(o->fee_asset, asset) == 0)
		o->fee += c;
	return 0;
}

/* A spot FULL answer's fills (rest-api.md "New order (TRADE)", Response -
 * FULL): fees, and the average price from them. */
static int
read_fills(json_t *fills, struct tp_lorder *o)
{
	json_t *f;
	size_t i;
	double p, q, pq = 0, qs = 0;

	if (!json_is_array(fills))
		return -1;
	json_array_foreach(fills, i, f) {
		if (num(f, "price", &p) < 0 || num(f, "qty", &q) < 0 ||
		    add_fee(f, o) < 0)
			return -1;
		pq += p * q;
		qs += q;
	}
	if (qs > 0)
		o->avg_price = pq / qs;
	return 0;
}

/* The times of an order: placed (time, or transactTime in a placement's
 * answer) and last changed (updateTime; futures' placement answer has
 * only that). */
static void
order_times(json_t *o, struct tp_lorder *r)
{
	if (i64(o, "time", &r->time) < 0 && i64(o, "transactTime",
	    &r->time) < 0 && i64(o, "updateTime", &r->time) < 0)
		r->time = 0;
	if (i64(o, "updateTime", &r->update_time) < 0 && i64(o,
	    "workingTime", &r->update_time) < 0)
		r->update_time = r->time;
}

/*
 * An order as the order endpoints answer (rest-api.md "New order",
 * "Query order", "Cancel order", "Current open orders"; futures
 * post_fapi_v1_order.md, get_fapi_v1_order.md, delete_fapi_v1_order.md).
 * Cancelling answers with the order's id in origClientOrderId and the
 * cancel's own in clientOrderId.  The average price: futures' avgPrice,
 * else the quote filled (cummulativeQuoteQty, cumQuote; < 0 for some old
 * spot orders: unknown) over the quantity.
 */
static int
read_order(enum tp_lmarket m, json_t *o, struct tp_lorder *r,
    const char *what, struct tp_err *err)
{
	json_t *ro;
	double quote = 0;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o))
		return bad(err, what, "an order that is not a JSON object");
	if (name(o, "symbol", r->symbol, sizeof(r->symbol)) < 0 ||
	    name(o, "orderId", r->order_id, sizeof(r->order_id)) < 0 ||
	    (name(o, "origClientOrderId", r->client_id,
	    sizeof(r->client_id)) < 0 && name(o, "clientOrderId",
	    r->client_id, sizeof(r->client_id)) < 0))
		return bad(err, what, "an order without its symbol or ids");
	if (state(o, &r->state) < 0 || otype(o, &r->type) < 0 ||
	    (!is(o, "side", "BUY") && !is(o, "side", "SELL")))
		return bad(err, what, "an order of unknown status, type or "
		    "side");
	r->buy = is(o, "side", "BUY");
	if (num(o, "origQty", &r->qty) < 0 || num(o, "executedQty",
	    &r->filled) < 0 || opt(o, "price", &r->price) < 0 ||
	    opt(o, "stopPrice", &r->stop) < 0 || opt(o, m == TP_LM_FUTURES ?
	    "cumQuote" : "cummulativeQuoteQty", &quote) < 0 ||
	    opt(o, "avgPrice", &r->avg_price) < 0)
		return bad(err, what, "an order whose quantities or prices "
		    "are not numbers");
	if (!(r->qty >= 0 && r->filled >= 0 && r->filled <= r->qty * (1 +
	    1e-9) + 1e-12))
		return bad(err, what, "an order filled beyond its quantity");
	ro = json_object_get(o, "reduceOnly");
	r->reduce_only = json_is_true(ro);
	order_times(o, r);
	if (!(r->avg_price > 0) && r->filled > 0 && quote > 0)
		r->avg_price = quote / r->filled;
	if (json_object_get(o, "fills") != NULL &&
	    read_fills(json_object_get(o, "fills"), r) < 0)
		return bad(err, what, "fills that are not price, quantity and "
		    "commission");
	return 0;
}

/*
 * A conditional order of futures' algo service, where Binance moved
 * stops on 2025-12-09 (/fapi/v1/algoOrder: New-Algo-Order,
 * Query-Algo-Order; fields and statuses as live-api.md's Corrections
 * list them): algoId, clientAlgoId, orderType, side, quantity,
 * triggerPrice, algoStatus NEW, TRIGGERING (waiting), TRIGGERED (its
 * market order, actualOrderId, sent: still waiting to tp), FINISHED
 * (done: all of it filled, until its trades say otherwise), CANCELED,
 * EXPIRED, REJECTED; actualPrice what it filled at.  What filled, and
 * its fees, are the actual order's trades'.
 */
static int
read_algo(json_t *o, struct tp_lorder *r, const char *what,
    struct tp_err *err)
{
	static const struct {
		const char *name;
		enum tp_lostate s;
	} t[] = {
		{ "NEW", TP_LS_NEW }, { "TRIGGERING", TP_LS_NEW },
		{ "TRIGGERED", TP_LS_NEW }, { "FINISHED", TP_LS_FILLED },
		{ "CANCELED", TP_LS_CANCELED }, { "EXPIRED", TP_LS_EXPIRED },
		{ "REJECTED", TP_LS_REJECTED }
	};
	size_t k;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o) || name(o, "symbol", r->symbol,
	    sizeof(r->symbol)) < 0 || name(o, "algoId", r->order_id,
	    sizeof(r->order_id)) < 0 || name(o, "clientAlgoId", r->client_id,
	    sizeof(r->client_id)) < 0)
		return bad(err, what, "an algo order without its symbol or ids");
	for (k = 0; k < sizeof(t) / sizeof(t[0]) && !is(o, "algoStatus",
	    t[k].name); k++)
		;
	if (k == sizeof(t) / sizeof(t[0]) || (!is(o, "side", "BUY") &&
	    !is(o, "side", "SELL")))
		return bad(err, what, "an algo order of unknown status or side");
	r->state = t[k].s;
	r->type = TP_LO_STOP;
	r->buy = is(o, "side", "BUY");
	r->reduce_only = json_is_true(json_object_get(o, "reduceOnly"));
	if (num(o, "quantity", &r->qty) < 0 || opt(o, "triggerPrice",
	    &r->stop) < 0 || opt(o, "actualPrice", &r->avg_price) < 0 ||
	    !(r->qty >= 0))
		return bad(err, what, "an algo order whose quantity or prices "
		    "are not numbers");
	if (r->state == TP_LS_FILLED)
		r->filled = r->qty;
	if (i64(o, "createTime", &r->time) < 0)
		r->time = 0;
	if (i64(o, "updateTime", &r->update_time) < 0)
		r->update_time = r->time;
	return 0;
}

/* The actual order of an algo order o (its market order once
 * triggered): its id into id (n bytes), "" when none. */
static int
algo_actual(json_t *o, char *id, size_t n)
{
	json_t *j = json_object_get(o, "actualOrderId");

	id[0] = '\0';
	if (j == NULL || json_is_null(j) || (json_is_string(j) &&
	    json_string_length(j) == 0))
		return 0;
	return name(o, "actualOrderId", id, n);
}

/*
 * An order's trades (rest-api.md "Account trade list", myTrades;
 * get_fapi_v1_usertrades.md, userTrades): their commissions summed into
 * o's fee, and the average price from them when the order said none.
 * Trades of another order (the request names one) are left out.
 */
static int
read_trades(json_t *a, struct tp_lorder *o, double *traded,
    const char *what, struct tp_err *err)
{
	json_t *t;
	size_t i;
	char id[TP_LID];
	double p, q, pq = 0, qs = 0;

	if (!json_is_array(a))
		return bad(err, what, "trades that are not a JSON array");
	o->fee = 0;
	o->fee_asset[0] = '\0';
	json_array_foreach(a, i, t) {
		if (!json_is_object(t) || name(t, "orderId", id,
		    sizeof(id)) < 0 || num(t, "price", &p) < 0 ||
		    num(t, "qty", &q) < 0)
			return bad(err, what, "a trade without its order, price "
			    "or quantity");
		if (o->order_id[0] != '\0' && strcmp(id, o->order_id) != 0)
			continue;
		if (add_fee(t, o) < 0)
			return bad(err, what, "a trade without its commission");
		pq += p * q;
		qs += q;
	}
	if (!(o->avg_price > 0) && qs > 0)
		o->avg_price = pq / qs;
	*traded = qs;
	return 0;
}

/* One filter of a symbol (filters.md "Symbol filters"; futures
 * response_formats.md "Filters": MIN_NOTIONAL's field is notional). */
static int
read_filter(json_t *f, struct tp_lrules *r)
{
	if (is(f, "filterType", "PRICE_FILTER"))
		return opt(f, "tickSize", &r->tick);
	if (is(f, "filterType", "LOT_SIZE"))
		return opt(f, "stepSize", &r->step) < 0 || opt(f, "minQty",
		    &r->min_qty) < 0 || opt(f, "maxQty", &r->max_qty) < 0 ?
		    -1 : 0;
	if (is(f, "filterType", "MARKET_LOT_SIZE"))
		return opt(f, "maxQty", &r->market_max_qty);
	/* spot NOTIONAL, old spot MIN_NOTIONAL: minNotional; it is checked
	 * for market orders too, applyMinToMarket or not: the stricter */
	if (is(f, "filterType", "NOTIONAL") || is(f, "filterType",
	    "MIN_NOTIONAL"))
		return opt(f, json_object_get(f, "notional") != NULL ?
		    "notional" : "minNotional", &r->min_notional);
	return 0;
}

/* A symbol of exchangeInfo (rest-api.md "Exchange information"). */
static int
read_symbol(json_t *s, struct tp_lrules *r, const char *what,
    struct tp_err *err)
{
	json_t *fs = json_object_get(s, "filters"), *f;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (name(s, "symbol", r->symbol, sizeof(r->symbol)) < 0 ||
	    name(s, "baseAsset", r->base, sizeof(r->base)) < 0 ||
	    name(s, "quoteAsset", r->quote, sizeof(r->quote)) < 0 ||
	    !json_is_string(json_object_get(s, "status")))
		return bad(err, what, "a symbol without its name, assets or "
		    "status");
	r->trading = is(s, "status", "TRADING");
	if (fs != NULL && !json_is_array(fs))
		return bad(err, what, "filters that are not a JSON array");
	json_array_foreach(fs, i, f)
		if (!json_is_object(f) || read_filter(f, r) < 0)
			return bad(err, what, "a filter whose values are not "
			    "numbers");
	if (r->step < 0 || r->tick < 0 || r->min_qty < 0 || r->max_qty < 0 ||
	    r->market_max_qty < 0 || r->min_notional < 0)
		return bad(err, what, "a filter with a negative value");
	return 0;
}

/* The symbol asked, among exchangeInfo's (spot asks for one, futures'
 * answer has them all). */
static int
read_rules(json_t *root, struct tp_lbn_out *out, const char *what,
    struct tp_err *err)
{
	json_t *syms = json_object_get(root, "symbols"), *s;
	size_t i;

	out->found = 0;
	if (!json_is_array(syms))
		return bad(err, what, "no symbols array");
	json_array_foreach(syms, i, s)
		if (out->symbol != NULL && is(s, "symbol", out->symbol)) {
			if (read_symbol(s, &out->rules, what, err) < 0)
				return -1;
			out->found = 1;
			return 0;
		}
	return 0;
}

static int
read_orders(enum tp_lmarket m, json_t *a, struct tp_lbn_out *out,
    const char *what, struct tp_err *err)
{
	json_t *o;
	size_t i;
	int rc;

	if (!json_is_array(a))
		return bad(err, what, "orders that are not a JSON array");
	json_array_foreach(a, i, o) {
		if (read_order(m, o, &out->order, what, err) < 0)
			return -1;
		if (out->order_fn != NULL && (rc = out->order_fn(out->ctx,
		    &out->order)) != 0)
			return rc;
	}
	return 0;
}

static int
read_algos(json_t *a, struct tp_lbn_out *out, const char *what,
    struct tp_err *err)
{
	json_t *o;
	size_t i;
	int rc;

	if (!json_is_array(a))
		return bad(err, what, "algo orders that are not a JSON array");
	json_array_foreach(a, i, o) {
		if (read_algo(o, &out->order, what, err) < 0)
			return -1;
		if (out->order_fn != NULL && (rc = out->order_fn(out->ctx,
		    &out->order)) != 0)
			return rc;
	}
	return 0;
}

/*
 * Balances: spot's account (rest-api.md "Account information": balances
 * [{asset, free, locked}]); futures' (get_fapi_v2_balance.md: [{asset,
 * balance, availableBalance}]), where what is available is free and the
 * rest of the wallet (margin in use) locked.  Zeros are left out.
 */
static int
read_balances(enum tp_lmarket m, json_t *root, struct tp_lbn_out *out,
    const char *what, struct tp_err *err)
{
	json_t *a = m == TP_LM_SPOT ? json_object_get(root, "balances") :
	    root, *b;
	struct tp_lbalance bal;
	double total;
	size_t i;
	int rc;

	if (!json_is_array(a))
		return bad(err, what, "balances that are not a JSON array");
	json_array_foreach(a, i, b) {
		memset(&bal, 0, sizeof(bal));
		if (name(b, "asset", bal.asset, sizeof(bal.asset)) < 0 ||
		    (m == TP_LM_SPOT ? num(b, "free", &bal.free) < 0 ||
		    num(b, "locked", &bal.locked) < 0 : num(b,
		    "availableBalance", &bal.free) < 0 || num(b, "balance",
		    &total) < 0))
			return bad(err, what, "a balance without its asset or "
			    "amounts");
		if (m == TP_LM_FUTURES)
			bal.locked = total > bal.free ? total - bal.free : 0;
		if (bal.free == 0 && bal.locked == 0)
			continue;
		if (out->balance_fn != NULL && (rc = out->balance_fn(out->ctx,
		    &bal)) != 0)
			return rc;
	}
	return 0;
}

/* Positions (get_fapi_v2_positionrisk.md, one-way mode: positionAmt
 * signed, < 0 short); flat ones are left out. */
static int
read_positions(json_t *a, struct tp_lbn_out *out, const char *what,
    struct tp_err *err)
{
	json_t *p;
	struct tp_lposition pos;
	double amt;
	size_t i;
	int rc;

	if (!json_is_array(a))
		return bad(err, what, "positions that are not a JSON array");
	json_array_foreach(a, i, p) {
		memset(&pos, 0, sizeof(pos));
		if (name(p, "symbol", pos.symbol, sizeof(pos.symbol)) < 0 ||
		    num(p, "positionAmt", &amt) < 0 || opt(p, "entryPrice",
		    &pos.entry) < 0 || opt(p, "markPrice", &pos.mark) < 0 ||
		    opt(p, "liquidationPrice", &pos.liquidation) < 0 ||
		    opt(p, "leverage", &pos.leverage) < 0 ||
		    opt(p, "unRealizedProfit", &pos.unrealised) < 0)
			return bad(err, what, "a position without its symbol "
			    "or amounts");
		if (amt == 0)
			continue;
		pos.is_short = amt < 0;
		pos.qty = fabs(amt);
		if (out->position_fn != NULL && (rc =
		    out->position_fn(out->ctx, &pos)) != 0)
			return rc;
	}
	return 0;
}

/* An error's answer (rest-api.md "Error Codes": {"code": -1121, "msg":
 * "Invalid symbol."}); the message made safe to quote. */
static int
read_error(json_t *root, struct tp_lbn_out *out, const char *what,
    struct tp_err *err)
{
	json_t *c = json_object_get(root, "code"), *m;

	m = json_object_get(root, "msg");
	if (!json_is_integer(c) || !json_is_string(m))
		return bad(err, what, "not Binance's error answer");
	out->code = (long)json_integer_value(c);
	tp_http_printable(json_string_value(m), json_string_length(m),
	    out->msg, sizeof(out->msg));
	return 0;
}

static int
read_root(enum tp_lmarket m, enum tp_lbn_kind k, json_t *root,
    const char *what, struct tp_lbn_out *out, struct tp_err *err)
{
	double t;

	switch (k) {
	case TP_LBN_TIME:
		if (num(root, "serverTime", &t) < 0 || !(t > 0 && t < 1e15))
			return bad(err, what, "no serverTime");
		out->time = (int64_t)t;
		return 0;
	case TP_LBN_RULES:
		return read_rules(root, out, what, err);
	case TP_LBN_ORDER:
		return read_order(m, root, &out->order, what, err);
	case TP_LBN_TRADES:
		return read_trades(root, &out->order, &out->traded, what, err);
	case TP_LBN_ORDERS:
		return read_orders(m, root, out, what, err);
	case TP_LBN_BALANCES:
		return read_balances(m, root, out, what, err);
	case TP_LBN_POSITIONS:
		return read_positions(root, out, what, err);
	case TP_LBN_ERROR:
		return read_error(root, out, what, err);
	case TP_LBN_ALGO:
		if (read_algo(root, &out->order, what, err) < 0)
			return -1;
		if (algo_actual(root, out->actual, sizeof(out->actual)) < 0)
			return bad(err, what, "an algo order's actualOrderId "
			    "is not an id");
		return 0;
	case TP_LBN_ALGOS:
		return read_algos(root, out, what, err);
	}
	return bad(err, what, "no such answer");
}

int
tp_lbinance_parse(enum tp_lmarket m, enum tp_lbn_kind k, const char *what,
    const char *text, size_t n, struct tp_lbn_out *out, struct tp_err *err)
{
	json_error_t je;
	json_t *root;
	int rc;

	root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return bad(err, what, "the answer is not JSON");
	rc = read_root(m, k, root, what, out, err);
	json_decref(root);
	return rc;
}

/* ---- requests ---- */

enum ep {
	EP_TIME, EP_INFO, EP_ORDER, EP_TRADES, EP_OPEN, EP_BALANCE,
	EP_POSITIONS, EP_DUAL, EP_MARGIN, EP_LEVERAGE, EP_ALGO, EP_ALGOS
};

/* Spot's paths and futures' (rest-api.md; the futures endpoints/ files;
 * the algo service's). */
static const char *const paths[2][EP_ALGOS + 1] = {
	{ "/api/v3/time", "/api/v3/exchangeInfo", "/api/v3/order",
	    "/api/v3/myTrades", "/api/v3/openOrders", "/api/v3/account",
	    NULL, NULL, NULL, NULL, NULL, NULL },
	{ "/fapi/v1/time", "/fapi/v1/exchangeInfo", "/fapi/v1/order",
	    "/fapi/v1/userTrades", "/fapi/v1/openOrders", "/fapi/v2/balance",
	    "/fapi/v2/positionRisk", "/fapi/v1/positionSide/dual",
	    "/fapi/v1/marginType", "/fapi/v1/leverage", "/fapi/v1/algoOrder",
	    "/fapi/v1/openAlgoOrders" }
};

/* A request: what it asks and how, and the answer's error, if any. */
struct req {
	const char *method;
	enum ep ep;
	int sign, flags;
	char what[64];		/* "POST /api/v3/order", for messages */
	struct tp_buf params;	/* k=v&k=v, values percent-encoded */
	long code;		/* the exchange's refusal (returns 1) */
	char msg[256];
};

static void
req_init(struct req *r, const struct tp_live *l, const char *method,
    enum ep e, int sign)
{
	memset(r, 0, sizeof(*r));
	r->method = method;
	r->ep = e;
	r->sign = sign;
	r->flags = TP_HTTP_LIVE;
	snprintf(r->what, sizeof(r->what), "%s %s", method,
	    paths[l->market == TP_LM_FUTURES][e]);
}

/* k=v appended, v percent-encoded (tp_lsign_pct: what is signed is what
 * is sent). */
static int
param(struct req *r, const char *k, const char *v)
{
	struct tp_buf *b = &r->params;

	if ((b->len > 0 && tp_buf_add(b, "&", 1) < 0) ||
	    tp_buf_add(b, k, strlen(k)) < 0 || tp_buf_add(b, "=", 1) < 0 ||
	    tp_lsign_pct(b, v, strlen(v)) < 0)
		return -1;
	return 0;
}

/* tp_http names the URL in its messages: each URL's query (timestamp,
 * signature) is cut from the message. */
static void
scrub(struct tp_err *err)
{
	char *m = err->msg, *q, *s, *e;

	/* a URL is a word with :// before its ? */

	while ((q = strchr(m, '?')) != NULL) {
		for (s = q; s > err->msg && s[-1] != ' ' && s[-1] != '['; s--)
			;
		while (s < q && strncmp(s, "://", 3) != 0)
			s++;
		if (s >= q) {
			m = q + 1;
			continue;
		}
		e = q + strcspn(q, " ])\"'");
		memmove(q, e, strlen(e) + 1);
		m = q;
	}
}

/* The URL of r into l->q, NUL-ended: signed with timestamp and
 * recvWindow (rest-api.md "Timing security"), then the signature (hex
 * HMAC; Ed25519 in base64, percent-encoded: "SIGNED Endpoint Examples",
 * Ed25519 Keys). */
static int
url(struct tp_live *l, struct req *r, struct tp_err *err)
{
	struct tp_buf *b = &l->q;
	const char *path = paths[l->market == TP_LM_FUTURES][r->ep];
	char hex[TP_LSIGN_HEX], b64[TP_LSIGN_B64], extra[96];
	size_t q0;
	int ok;

	b->len = 0;
	ok = tp_buf_add(b, l->base_url, strlen(l->base_url)) == 0 &&
	    tp_buf_add(b, path, strlen(path)) == 0;
	q0 = b->len + 1;
	if (ok && (r->params.len > 0 || r->sign))
		ok = tp_buf_add(b, "?", 1) == 0 && tp_buf_add(b, r->params.p,
		    r->params.len) == 0;
	if (ok && r->sign) {
		snprintf(extra, sizeof(extra), "%stimestamp=%lld&recvWindow="
		    "%ld", r->params.len > 0 ? "&" : "",
		    (long long)tp_live_now(l), l->recv_window);
		ok = tp_buf_add(b, extra, strlen(extra)) == 0;
		if (ok && l->keytype == TP_LK_ED25519 &&
		    l->secret_len != TP_LSIGN_SK)
			return tp_errf(err, TP_EX_CONFIG, "binance", 0, "an "
			    "Ed25519 key is %d bytes, not %zu", TP_LSIGN_SK,
			    l->secret_len);
		if (ok && l->keytype == TP_LK_ED25519) {
			tp_lsign_ed25519(l->secret, b->p + q0, b->len - q0, b64);
			ok = tp_buf_add(b, TP_LIT("&signature=")) == 0 &&
			    tp_lsign_pct(b, b64, strlen(b64)) == 0;
		} else if (ok) {
			tp_lsign_hmac(l->secret, l->secret_len, b->p + q0,
			    b->len - q0, hex);
			ok = tp_buf_add(b, TP_LIT("&signature=")) == 0 &&
			    tp_buf_add(b, hex, strlen(hex)) == 0;
		}
	}
	if (!ok || tp_buf_add(b, "", 1) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

/* The key's header, made once (rest-api.md "Request Security"). */
static int
headers(struct tp_live *l, struct tp_err *err)
{
	struct tp_buf h = { NULL, 0, 0 };
	struct curl_slist *s;

	if (l->headers != NULL)
		return 0;
	if (tp_buf_add(&h, TP_LIT("X-MBX-APIKEY: ")) < 0 ||
	    tp_buf_add(&h, l->key, strlen(l->key) + 1) < 0) {
		tp_buf_release(&h);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	s = curl_slist_append(NULL, h.p);
	sodium_memzero(h.p, h.len);
	tp_buf_release(&h);
	if (s == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	l->headers = s;
	return 0;
}

static int sync_time(struct tp_live *l, struct tp_err *err);

/* Keys and signatures refused (errors.md: -1022 INVALID_SIGNATURE,
 * -2014 BAD_API_KEY_FMT, -2015 REJECTED_MBX_KEY): nothing is retried. */
static int
key_refused(long code)
{
	return code == -1022 || code == -2014 || code == -2015;
}

/* Binance's refusal of r, read from the body (4xx). */
static int
refusal(struct tp_live *l, struct req *r, struct tp_err *err)
{
	struct tp_lbn_out out;
	char why[96];

	memset(&out, 0, sizeof(out));
	snprintf(why, sizeof(why), "%s (HTTP %ld)", r->what, l->http.status);
	if (tp_lbinance_parse(l->market, TP_LBN_ERROR, why, l->http.body.p,
	    l->http.body.len, &out, err) < 0)
		return -1;
	r->code = out.code;
	memcpy(r->msg, out.msg, sizeof(r->msg));
	return 0;
}

/*
 * Send r: 0 with a 2xx answer in l->http.body; 1 with the exchange's
 * refusal in r->code and r->msg; 2 when an order's answer was lost
 * (TP_HTTP_ONCE); -1 with err.  A timestamp out of the window (-1021) is
 * asked once more after the clock is measured again; a ban (418, 403)
 * stops the run (l->ban); a refused key is TP_EX_CONFIG.
 */
static int
request(struct tp_live *l, struct req *r, struct tp_err *err)
{
	struct tp_err body_err = TP_ERR_INIT;
	int rc, again = 0;
	long sent;

	if (r->sign && headers(l, err) < 0)
		return -1;
	for (;;) {
		if (url(l, r, err) < 0)
			return -1;
		sent = l->http.requests;
		rc = tp_http_send(&l->http, r->method, l->q.p, l->headers,
		    NULL, r->flags, err);
		l->requests += l->http.requests - sent;	/* retries too */
		if (rc < 0)
			scrub(err);
		if (rc != 1)
			return rc;
		if (l->http.status == 418 || l->http.status == 403) {
			l->ban = 1;
			return tp_errf(err, TP_EX_TEMPFAIL, "binance", 0, "%s: "
			    "HTTP %ld: the exchange bans this address for now "
			    "(retry later)", r->what, l->http.status);
		}
		/* 401 Unauthorized: the key, whatever the body says */
		if (refusal(l, r, l->http.status == 401 ? &body_err : err) <
		    0 && l->http.status != 401)
			return -1;
		if (key_refused(r->code) || l->http.status == 401)
			return tp_errf(err, TP_EX_CONFIG, "binance", 0, "%s: the "
			    "exchange refused the key or signature (HTTP %ld: "
			    "%ld %s)", r->what, l->http.status, r->code,
			    r->msg);
		if (r->code != -1021 || !r->sign)
			return 1;
		if (again)
			return tp_errf(err, TP_EX_TEMPFAIL, "binance", 0, "%s: "
			    "the timestamp is outside the window even after "
			    "measuring the clock again (%s)", r->what, r->msg);
		again = 1;
		if (sync_time(l, err) < 0)
			return -1;
	}
}

/* A refusal the caller has no meaning for. */
static int
refused(struct req *r, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, "binance", 0, "%s: %ld %s",
	    r->what, r->code, r->msg);
}

static int
parse(struct tp_live *l, struct req *r, enum tp_lbn_kind k,
    struct tp_lbn_out *out, struct tp_err *err)
{
	int rc = tp_lbinance_parse(l->market, k, r->what, l->http.body.p,
	    l->http.body.len, out, err);

	if (rc >= 0)
		tp_http_good(&l->http);
	return rc;
}

static void
req_release(struct req *r)
{
	tp_buf_release(&r->params);
}

/* Send r, unsigned or signed, and read its 2xx answer as k: 0, a list
 * function's return, 1 refused (r->code), or -1. */
static int
ask(struct tp_live *l, struct req *r, enum tp_lbn_kind k,
    struct tp_lbn_out *out, struct tp_err *err)
{
	int rc = request(l, r, err);

	if (rc == 2)	/* only orders are sent once */
		rc = tp_errf(err, TP_EX_TEMPFAIL, "binance", 0, "%s: no answer",
		    r->what);
	if (rc == 0)
		rc = parse(l, r, k, out, err);
	return rc;
}

/*
 * The server's clock less ours (rest-api.md "Check server time"):
 * measured against the middle of the request, so that half the round
 * trip is on each side.
 */
static int
sync_time(struct tp_live *l, struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	int64_t t0, t1;
	int rc;

	req_init(&r, l, "GET", EP_TIME, 0);
	memset(&out, 0, sizeof(out));
	t0 = tp_time_now_ms();
	rc = ask(l, &r, TP_LBN_TIME, &out, err);
	t1 = tp_time_now_ms();
	/* the round trip of the answered try, not the waits before it */
	if (l->http.last_ms > t0)
		t0 = l->http.last_ms;
	if (rc == 1)
		rc = refused(&r, err);
	if (rc == 0)
		l->offset_ms = out.time - (t0 + (t1 - t0) / 2);
	req_release(&r);
	return rc < 0 ? -1 : 0;
}

/* -1121 Invalid symbol (errors.md): spot's exchangeInfo?symbol=. */
static int
rules(struct tp_live *l, const char *symbol, struct tp_lrules *rl,
    struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	int rc;

	req_init(&r, l, "GET", EP_INFO, 0);
	memset(&out, 0, sizeof(out));
	out.symbol = symbol;
	/* futures' exchangeInfo takes no symbol: all of them come */
	rc = l->market == TP_LM_SPOT ? param(&r, "symbol", symbol) : 0;
	if (rc == 0)
		rc = ask(l, &r, TP_LBN_RULES, &out, err);
	if (rc == 1)
		rc = r.code == -1121 ? 0 : refused(&r, err);
	else if (rc == 0 && out.found)
		rc = 1;
	if (rc == 1)
		*rl = out.rules;
	req_release(&r);
	return rc;
}

/* POST one of futures' settings; the code saying it is so already is
 * fine (-4059, -4046: error_codes.md). */
static int
setting(struct tp_live *l, enum ep e, const char *k1, const char *v1,
    const char *k2, const char *v2, long fine, struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	int rc;

	req_init(&r, l, "POST", e, 1);
	memset(&out, 0, sizeof(out));
	rc = param(&r, k1, v1) < 0 || (k2 != NULL && param(&r, k2, v2) < 0) ?
	    tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") :
	    request(l, &r, err);
	if (rc == 2)
		rc = tp_errf(err, TP_EX_TEMPFAIL, "binance", 0, "%s: no answer",
		    r.what);
	if (rc == 1)
		rc = r.code == fine ? 0 : refused(&r, err);
	if (rc == 0)
		tp_http_good(&l->http);
	req_release(&r);
	return rc;
}

/*
 * Futures: one-way mode (post_fapi_v1_positionside_dual.md), isolated
 * margin (post_fapi_v1_margintype.md) and the leverage, a whole number
 * (post_fapi_v1_leverage.md): three requests.  Spot: nothing.
 */
static int
prepare(struct tp_live *l, const char *symbol, double leverage,
    struct tp_err *err)
{
	char lev[32];

	if (l->market == TP_LM_SPOT)
		return 0;
	/* "target initial leverage: int from 1 to 125"
	 * (post_fapi_v1_leverage.md) */
	if (!(leverage >= 1 && leverage <= 125 && leverage == floor(leverage)))
		return tp_errf(err, TP_EX_CONFIG, "binance", 0, "leverage %g "
		    "is not a whole number from 1 to 125", leverage);
	snprintf(lev, sizeof(lev), "%.0f", leverage);
	if (setting(l, EP_DUAL, "dualSidePosition", "false", NULL, NULL,
	    -4059, err) < 0 || setting(l, EP_MARGIN, "symbol", symbol,
	    "marginType", "ISOLATED", -4046, err) < 0 || setting(l,
	    EP_LEVERAGE, "symbol", symbol, "leverage", lev, 0, err) < 0)
		return -1;
	return 0;
}

/* Refusals of an order, the order's own fault (errors.md -2010
 * NEW_ORDER_REJECTED, -1013 filter failures; futures' error_codes.md
 * -2019 margin insufficient, -2022 reduce-only rejected, -4116 client
 * order id duplicated, -4164 notional below the minimum). */
static int
order_refused(long code)
{
	return code == -2010 || code == -1013 || code == -2019 ||
	    code == -2022 || code == -4116 || code == -4164;
}

/* A futures stop on the algo service (New-Algo-Order): algoType
 * CONDITIONAL, type STOP_MARKET, triggerPrice, clientAlgoId. */
static int
algo_params(struct req *r, const struct tp_lreq *q)
{
	const struct tp_lrules *rl = q->rules;
	char b[64];

	if (param(r, "algoType", "CONDITIONAL") < 0 || param(r, "symbol",
	    q->symbol) < 0 || param(r, "side", q->buy ? "BUY" : "SELL") < 0 ||
	    param(r, "type", "STOP_MARKET") < 0 || param(r, "quantity",
	    tp_lrules_fmt(q->qty, rl != NULL ? rl->step : 0, b)) < 0 ||
	    param(r, "triggerPrice", tp_lrules_fmt(q->stop, rl != NULL ?
	    rl->tick : 0, b)) < 0)
		return -1;
	if (q->reduce_only && param(r, "reduceOnly", "true") < 0)
		return -1;
	return param(r, "clientAlgoId", q->client_id);
}

static const char *
order_type(const struct tp_live *l, enum tp_lotype t)
{
	if (t == TP_LO_LIMIT)
		return "LIMIT";
	if (t == TP_LO_STOP)
		return l->market == TP_LM_FUTURES ? "STOP_MARKET" : "STOP_LOSS";
	return "MARKET";
}

/*
 * An order's parameters (rest-api.md "New order (TRADE)";
 * post_fapi_v1_order.md): quantity and prices with the decimals of the
 * step and tick.  Spot has no reduce-only: a stop is STOP_LOSS, a market
 * order once triggered.  Spot answers FULL (fills and their fees),
 * futures RESULT (the final state of a market order, no fills).
 */
static int
order_params(struct tp_live *l, struct req *r, const struct tp_lreq *q)
{
	const struct tp_lrules *rl = q->rules;
	char b[64];
	int fut = l->market == TP_LM_FUTURES;

	if (param(r, "symbol", q->symbol) < 0 || param(r, "side", q->buy ?
	    "BUY" : "SELL") < 0 || param(r, "type", order_type(l,
	    q->type)) < 0 || param(r, "quantity", tp_lrules_fmt(q->qty,
	    rl != NULL ? rl->step : 0, b)) < 0)
		return -1;
	if (q->type == TP_LO_LIMIT && (param(r, "price",
	    tp_lrules_fmt(q->price, rl != NULL ? rl->tick : 0, b)) < 0 ||
	    param(r, "timeInForce", "GTC") < 0))
		return -1;
	if (q->type == TP_LO_STOP && param(r, "stopPrice",
	    tp_lrules_fmt(q->stop, rl != NULL ? rl->tick : 0, b)) < 0)
		return -1;
	if (fut && q->reduce_only && param(r, "reduceOnly", "true") < 0)
		return -1;
	return param(r, "newClientOrderId", q->client_id) < 0 ||
	    param(r, "newOrderRespType", fut ? "RESULT" : "FULL") < 0 ? -1 : 0;
}

/* The fees of o from the trades of its order id (o's own, or an algo
 * order's actual order), and the quantity they traded into *traded
 * (unless NULL): one more request. */
static int
trades(struct tp_live *l, struct tp_lorder *o, const char *id,
    double *traded, struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	int rc;

	req_init(&r, l, "GET", EP_TRADES, 1);
	memset(&out, 0, sizeof(out));
	out.order = *o;
	snprintf(out.order.order_id, sizeof(out.order.order_id), "%s", id);
	rc = param(&r, "symbol", o->symbol) < 0 || param(&r, "orderId",
	    id) < 0 ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
	    "out of memory") : ask(l, &r, TP_LBN_TRADES, &out, err);
	if (rc == 1)
		rc = refused(&r, err);
	if (rc == 0) {
		memcpy(out.order.order_id, o->order_id, sizeof(o->order_id));
		*o = out.order;
		if (traded != NULL)
			*traded = out.traded;
	}
	req_release(&r);
	return rc;
}

/* The fees of o, filled at least in part, from its trades: one more
 * request. */
static int
fees(struct tp_live *l, struct tp_lorder *o, struct tp_err *err)
{
	return trades(l, o, o->order_id, NULL, err);
}

/*
 * Place q, sent once (TP_HTTP_ONCE): a lost answer, one that cannot be
 * read after a 2xx, or -1007 (errors.md: "execution status unknown"), is
 * TP_LP_UNKNOWN for the caller to query.
 * A futures fill's fees come from its trades; when that second request
 * fails the order still stands: fee 0, fee_asset "" (query it later).
 */
static int
place(struct tp_live *l, const struct tp_lreq *q, struct tp_lorder *o,
    char *why, size_t n, struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	struct tp_err e2 = TP_ERR_INIT;
	int algo = l->market == TP_LM_FUTURES && q->type == TP_LO_STOP, rc;

	req_init(&r, l, "POST", algo ? EP_ALGO : EP_ORDER, 1);
	r.flags |= TP_HTTP_ONCE;
	memset(&out, 0, sizeof(out));
	rc = (algo ? algo_params(&r, q) : order_params(l, &r, q)) < 0 ?
	    tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") :
	    request(l, &r, err);
	if (rc == 2 || (rc == 1 && r.code == -1007))
		rc = TP_LP_UNKNOWN;
	else if (rc == 1 && order_refused(r.code)) {
		snprintf(why, n, "%ld %s", r.code, r.msg);
		rc = TP_LP_REFUSED;
	} else if (rc == 1)
		rc = refused(&r, err);
	else if (rc == 0 && parse(l, &r, algo ? TP_LBN_ALGO : TP_LBN_ORDER,
	    &out, &e2) < 0)
		rc = TP_LP_UNKNOWN;	/* accepted, but what became of it? */
	else if (rc == 0) {
		*o = out.order;
		if (l->market == TP_LM_FUTURES && !algo && o->filled > 0 &&
		    fees(l, o, &e2) < 0)
			o->fee_asset[0] = '\0';
		rc = TP_LP_DONE;
	}
	req_release(&r);
	return rc;
}

/*
 * A futures stop on the algo service by its client id (Query-Algo-Order;
 * -2013 unknown): 1 found, 0 not.  Once triggered, what filled, at what
 * price and for what fee are its actual order's trades'.
 */
static int
query_algo(struct tp_live *l, const char *client_id, struct tp_lorder *o,
    struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	double traded = 0;
	int rc;

	req_init(&r, l, "GET", EP_ALGO, 1);
	memset(&out, 0, sizeof(out));
	rc = param(&r, "clientAlgoId", client_id) < 0 ? tp_errf(err,
	    TP_EX_SOFTWARE, NULL, 0, "out of memory") : ask(l, &r,
	    TP_LBN_ALGO, &out, err);
	if (rc == 1)
		rc = r.code == -2013 ? 0 : refused(&r, err);
	else if (rc == 0) {
		*o = out.order;
		rc = 1;
		if (out.actual[0] != '\0' && (rc = trades(l, o, out.actual,
		    &traded, err)) == 0) {
			rc = 1;
			if (traded > 0)
				o->filled = traded;
			/* triggered: its market order filled, in part or
			 * whole */
			if (o->state == TP_LS_NEW && traded > 0)
				o->state = traded < o->qty * (1 - 1e-9) ?
				    TP_LS_PARTIAL : TP_LS_FILLED;
		}
	}
	req_release(&r);
	return rc;
}

/* The order by its client id (rest-api.md "Query order"; -2013 "Order
 * does not exist."), and its fees from its trades when it has fills.
 * Futures' stops are on the algo service: asked there next. */
static int
query(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_lorder *o, struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	int rc;

	req_init(&r, l, "GET", EP_ORDER, 1);
	memset(&out, 0, sizeof(out));
	rc = param(&r, "symbol", symbol) < 0 || param(&r,
	    "origClientOrderId", client_id) < 0 ? tp_errf(err,
	    TP_EX_SOFTWARE, NULL, 0, "out of memory") : ask(l, &r,
	    TP_LBN_ORDER, &out, err);
	if (rc == 1 && r.code == -2013) {
		rc = l->market == TP_LM_FUTURES ? query_algo(l, client_id, o,
		    err) : 0;
		if (rc == 0) {
			memset(o, 0, sizeof(*o));
			snprintf(o->symbol, sizeof(o->symbol), "%s", symbol);
			snprintf(o->client_id, sizeof(o->client_id), "%s",
			    client_id);
			o->state = TP_LS_NONE;
		}
		rc = rc < 0 ? -1 : 0;
	} else if (rc == 1)
		rc = refused(&r, err);
	else if (rc == 0) {
		*o = out.order;
		if (o->filled > 0)
			rc = fees(l, o, err);
	}
	req_release(&r);
	return rc < 0 ? -1 : 0;
}

/* Cancel a futures stop on the algo service (Cancel-Algo-Order): 1, or
 * 0 when it is not waiting there (-2011) or unknown (-2013). */
static int
cancel_algo(struct tp_live *l, const char *client_id, struct tp_err *err)
{
	struct req r;
	int rc;

	req_init(&r, l, "DELETE", EP_ALGO, 1);
	rc = param(&r, "clientAlgoId", client_id) < 0 ? tp_errf(err,
	    TP_EX_SOFTWARE, NULL, 0, "out of memory") : request(l, &r, err);
	if (rc == 2)
		rc = tp_errf(err, TP_EX_TEMPFAIL, "binance", 0, "%s: no answer",
		    r.what);
	if (rc == 1)
		rc = r.code == -2011 || r.code == -2013 ? 0 : refused(&r, err);
	else if (rc == 0) {
		tp_http_good(&l->http);
		rc = 1;
	}
	req_release(&r);
	return rc;
}

/* Cancel by client id (rest-api.md "Cancel order"): -2011 (not waiting)
 * and -2013 (unknown) are 0; futures then ask the algo service. */
static int
cancel(struct tp_live *l, const char *symbol, const char *client_id,
    struct tp_err *err)
{
	struct req r;
	struct tp_lbn_out out;
	int rc;

	req_init(&r, l, "DELETE", EP_ORDER, 1);
	memset(&out, 0, sizeof(out));
	rc = param(&r, "symbol", symbol) < 0 || param(&r,
	    "origClientOrderId", client_id) < 0 ? tp_errf(err,
	    TP_EX_SOFTWARE, NULL, 0, "out of memory") : ask(l, &r,
	    TP_LBN_ORDER, &out, err);
	if (rc == 1 && (r.code == -2011 || r.code == -2013))
		rc = l->market == TP_LM_FUTURES ? cancel_algo(l, client_id,
		    err) : 0;
	else if (rc == 1)
		rc = refused(&r, err);
	else if (rc == 0)
		rc = 1;
	req_release(&r);
	return rc;
}

/* A signed GET of a list, each item to out's functions. */
static int
list(struct tp_live *l, enum ep e, const char *symbol, enum tp_lbn_kind k,
    struct tp_lbn_out *out, struct tp_err *err)
{
	struct req r;
	int rc;

	req_init(&r, l, "GET", e, 1);
	rc = symbol != NULL && param(&r, "symbol", symbol) < 0 ?
	    tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") :
	    ask(l, &r, k, out, err);
	if (rc == 1)
		rc = refused(&r, err);
	req_release(&r);
	return rc;
}

static int
open_orders(struct tp_live *l, const char *symbol, tp_lorder_fn *fn,
    void *ctx, struct tp_err *err)
{
	struct tp_lbn_out out;

	int rc;

	memset(&out, 0, sizeof(out));
	out.order_fn = fn;
	out.ctx = ctx;
	rc = list(l, EP_OPEN, symbol, TP_LBN_ORDERS, &out, err);
	/* futures' stops wait on the algo service (Current-All-Algo-Open-
	 * Orders): a second request */
	if (rc == 0 && l->market == TP_LM_FUTURES)
		rc = list(l, EP_ALGOS, symbol, TP_LBN_ALGOS, &out, err);
	return rc;
}

static int
balances(struct tp_live *l, tp_lbalance_fn *fn, void *ctx,
    struct tp_err *err)
{
	struct tp_lbn_out out;

	memset(&out, 0, sizeof(out));
	out.balance_fn = fn;
	out.ctx = ctx;
	return list(l, EP_BALANCE, NULL, TP_LBN_BALANCES, &out, err);
}

/* Futures' positions; spot has none (and asks nothing). */
static int
positions(struct tp_live *l, tp_lposition_fn *fn, void *ctx,
    struct tp_err *err)
{
	struct tp_lbn_out out;

	if (l->market == TP_LM_SPOT)
		return 0;
	memset(&out, 0, sizeof(out));
	out.position_fn = fn;
	out.ctx = ctx;
	return list(l, EP_POSITIONS, NULL, TP_LBN_POSITIONS, &out, err);
}

const struct tp_venue tp_binance_venue = {
	"binance", sync_time, rules, prepare, place, query, cancel,
	open_orders, balances, positions
};
