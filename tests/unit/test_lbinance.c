/*
 * test_lbinance.c: Binance's answers read (live/tp_lbinance.h), on the
 * documentation's example answers.
 *
 * The answers are the seeds of tests/fuzz/corpus/lbinance (one byte of
 * the harness's, then the JSON), copied from:
 *  - binance/binance-spot-api-docs@a5e0bc3d rest-api.md: "Check server
 *    time", "New order (TRADE)" Response - FULL, "Query order", "Cancel
 *    order", "Current open orders", "Account trade list", "Account
 *    information", "Error Codes"; spot-exchangeinfo is "Exchange
 *    information"'s ETHBTC with filters.md's /exchangeInfo formats;
 *  - the USD-M futures pages (developers.binance.com, as copied in
 *    rosssaunders/coincise@a00ae58b docs/binance/usdm/endpoints/):
 *    post_fapi_v1_order.md, get_fapi_v1_usertrades.md,
 *    get_fapi_v2_balance.md, get_fapi_v2_positionrisk.md (hedge-mode
 *    example); futures-exchangeinfo is response_formats.md's filter
 *    formats in a BTCUSDT symbol;
 *  - futures-algo, futures-algos: put together from the fields of the
 *    algo service's Query-Algo-Order that live-api.md's Corrections
 *    list (the page itself was not at hand).
 * Every expected value is the example's own, or its arithmetic said
 * beside it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "live/tp_lbinance.h"

#define DIR "tests/fuzz/corpus/lbinance/"

static char text[65536];
static size_t text_len;

/* The answer in file name, less the harness's first byte. */
static int
load(const char *name)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), DIR "%s", name);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (n < 1)
		return -1;
	memmove(text, text + 1, n - 1);
	text_len = n - 1;
	return 0;
}

static int
parse(enum tp_lmarket m, enum tp_lbn_kind k, const char *name,
    struct tp_lbn_out *out, struct tp_err *err)
{
	if (load(name) < 0) {
		tap_ok(0, "cannot read " DIR "%s", name);
		return -1;
	}
	return tp_lbinance_parse(m, k, name, text, text_len, out, err);
}

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

static void
test_time(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;

	tap_ok(parse(TP_LM_SPOT, TP_LBN_TIME, "spot-time", &out, &err) == 0 &&
	    out.time == 1499827319559LL, "serverTime 1499827319559");
}

static void
test_rules(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	const struct tp_lrules *r = &out.rules;

	out.symbol = "ETHBTC";
	tap_ok(parse(TP_LM_SPOT, TP_LBN_RULES, "spot-exchangeinfo", &out,
	    &err) == 0 && out.found, "spot ETHBTC found");
	tap_ok(strcmp(r->base, "ETH") == 0 && strcmp(r->quote, "BTC") == 0 &&
	    r->trading, "ETH, BTC, TRADING");
	/* filters.md: tickSize 0.00000100, LOT_SIZE 0.001 / 100000 / 0.001,
	 * MARKET_LOT_SIZE maxQty 100000, NOTIONAL minNotional 10 */
	tap_ok(r->tick == 0.000001 && r->step == 0.001 && r->min_qty ==
	    0.001 && r->max_qty == 100000 && r->market_max_qty == 100000 &&
	    r->min_notional == 10, "spot filters: tick %g step %g min %g max "
	    "%g market max %g notional %g", r->tick, r->step, r->min_qty,
	    r->max_qty, r->market_max_qty, r->min_notional);
	/* rounding on them: down to the step, to the nearest tick */
	tap_ok(tp_lrules_qty(r, 0.0129) == 0.012 && tp_lrules_price(r,
	    0.0612346) == 0.061235, "0.0129 -> 0.012, 0.0612346 -> 0.061235");
	out.symbol = "BTCUSDT";
	tap_ok(parse(TP_LM_SPOT, TP_LBN_RULES, "spot-exchangeinfo", &out,
	    &err) == 0 && !out.found, "another symbol: not found");
	memset(&out, 0, sizeof(out));
	out.symbol = "BTCUSDT";
	/* response_formats.md: MIN_NOTIONAL {"notional": "5.0"} */
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_RULES, "futures-exchangeinfo",
	    &out, &err) == 0 && out.found && r->tick == 0.0001 && r->step ==
	    0.001 && r->min_notional == 5, "futures BTCUSDT: tick 0.0001, "
	    "step 0.001, MIN_NOTIONAL notional 5");
}

static void
test_order_full(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	const struct tp_lorder *o = &out.order;

	tap_ok(parse(TP_LM_SPOT, TP_LBN_ORDER, "spot-order-full", &out,
	    &err) == 0, "spot FULL answer read: %s", err.msg);
	tap_ok(strcmp(o->symbol, "BTCUSDT") == 0 && strcmp(o->order_id,
	    "28") == 0 && strcmp(o->client_id, "6gCrw2kRUAF9CvJDGP16IP") == 0,
	    "BTCUSDT, orderId 28, its client id");
	tap_ok(o->state == TP_LS_FILLED && o->type == TP_LO_MARKET &&
	    !o->buy && o->qty == 10 && o->filled == 10 && o->time ==
	    1507725176595LL, "FILLED MARKET SELL 10 of 10 at 1507725176595");
	/* fills: (4000 + 3999 x 5 + 3998 x 2 + 3997 + 3995) / 10 = 3998.3;
	 * commissions 4 + 19.995 + 7.996 + 3.997 + 3.995 = 39.983 USDT */
	tap_ok(near(o->avg_price, 3998.3) && near(o->fee, 39.983) &&
	    strcmp(o->fee_asset, "USDT") == 0, "average %.10g, fee %.10g %s",
	    o->avg_price, o->fee, o->fee_asset);
}

static void
test_order_query(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	const struct tp_lorder *o = &out.order;

	tap_ok(parse(TP_LM_SPOT, TP_LBN_ORDER, "spot-order-query", &out,
	    &err) == 0 && o->state == TP_LS_NEW && o->type == TP_LO_LIMIT &&
	    o->buy && o->price == 0.1 && o->qty == 1 && o->filled == 0 &&
	    o->avg_price == 0 && strcmp(o->client_id, "myOrder1") == 0 &&
	    o->time == 1499827319559LL, "query: NEW LIMIT BUY 1 at 0.1, "
	    "myOrder1");
	/* a cancel's answer: the order's id is origClientOrderId */
	tap_ok(parse(TP_LM_SPOT, TP_LBN_ORDER, "spot-order-cancel", &out,
	    &err) == 0 && o->state == TP_LS_CANCELED && strcmp(o->client_id,
	    "myOrder1") == 0 && strcmp(o->order_id, "4") == 0,
	    "cancel: CANCELED, myOrder1 (not cancelMyOrder1), orderId 4");
}

static int
count_order(void *ctx, const struct tp_lorder *o)
{
	(*(int *)ctx)++;
	return strcmp(o->client_id, "myOrder1") == 0 ? 0 : 9;
}

static int
put_balance(void *ctx, const struct tp_lbalance *b)
{
	struct tp_lbalance *to = ctx;

	to[strcmp(b->asset, to[0].asset) == 0 ? 0 : 1] = *b;
	return 0;
}

static void
test_lists(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	struct tp_lbalance b[2];
	int n = 0;

	out.order_fn = count_order;
	out.ctx = &n;
	tap_ok(parse(TP_LM_SPOT, TP_LBN_ORDERS, "spot-openorders", &out,
	    &err) == 0 && n == 1, "open orders: one, myOrder1");
	memset(b, 0, sizeof(b));
	strcpy(b[0].asset, "BTC");
	memset(&out, 0, sizeof(out));
	out.balance_fn = put_balance;
	out.ctx = b;
	tap_ok(parse(TP_LM_SPOT, TP_LBN_BALANCES, "spot-account", &out,
	    &err) == 0 && b[0].free == 4723846.89208129 && b[0].locked == 0 &&
	    strcmp(b[1].asset, "LTC") == 0 && b[1].free == 4763368.68006011,
	    "spot balances: BTC 4723846.89208129, LTC 4763368.68006011");
	memset(b, 0, sizeof(b));
	strcpy(b[0].asset, "USDT");
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_BALANCES, "futures-balance", &out,
	    &err) == 0 && b[0].free == 23.72469206 && near(b[0].locked,
	    122607.35137903 - 23.72469206), "futures USDT: available "
	    "23.72469206 free, the rest of 122607.35137903 locked");
}

static void
test_trades(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;

	strcpy(out.order.order_id, "100234");
	tap_ok(parse(TP_LM_SPOT, TP_LBN_TRADES, "spot-mytrades", &out,
	    &err) == 0 && out.order.fee == 10.1 && strcmp(out.order.fee_asset,
	    "BNB") == 0 && out.order.avg_price == 4.000001,
	    "myTrades: fee 10.1 BNB, price 4.000001");
	memset(&out, 0, sizeof(out));
	strcpy(out.order.order_id, "7");
	tap_ok(parse(TP_LM_SPOT, TP_LBN_TRADES, "spot-mytrades", &out,
	    &err) == 0 && out.order.fee == 0 && out.order.fee_asset[0] == '\0',
	    "another order's trades left out");
	memset(&out, 0, sizeof(out));
	strcpy(out.order.order_id, "25851813");
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_TRADES, "futures-usertrades", &out,
	    &err) == 0 && out.order.fee == -0.0781901 &&
	    strcmp(out.order.fee_asset, "USDT") == 0,
	    "userTrades: fee -0.07819010 USDT (as documented)");
}

static void
test_futures_order(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	const struct tp_lorder *o = &out.order;

	/* a trailing stop: triggered by a price, so a stop to tp */
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_ORDER, "futures-order", &out,
	    &err) == 0 && o->state == TP_LS_NEW && o->type == TP_LO_STOP &&
	    o->buy && o->stop == 9300 && o->qty == 10 && !o->reduce_only &&
	    strcmp(o->client_id, "testOrder") == 0 && strcmp(o->order_id,
	    "22542179") == 0 && o->time == 1566818724722LL,
	    "futures order: NEW stop BUY 10 at 9300, testOrder 22542179");
}

static void
test_algo(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	const struct tp_lorder *o = &out.order;
	int n = 0;

	/* a stop on the algo service, triggered: its actual order's id */
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_ALGO, "futures-algo", &out,
	    &err) == 0 && o->state == TP_LS_FILLED && o->type == TP_LO_STOP &&
	    !o->buy && o->reduce_only && o->qty == 0.01 && o->stop == 96.5 &&
	    o->avg_price == 96.5 && strcmp(o->client_id, "tp-stop-1") == 0 &&
	    strcmp(o->order_id, "2146760") == 0 && strcmp(out.actual,
	    "6214573") == 0, "algo order: FINISHED stop SELL 0.010 at 96.50, "
	    "actual order 6214573");
	memset(&out, 0, sizeof(out));
	out.order_fn = count_order;
	out.ctx = &n;
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_ALGOS, "futures-algos", &out,
	    &err) == 9 && n == 1 && o->state == TP_LS_NEW,
	    "open algo orders: one NEW, the list stopped where told");
}

static int
put_position(void *ctx, const struct tp_lposition *p)
{
	*(struct tp_lposition *)ctx = *p;
	return 0;
}

static void
test_positions(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	struct tp_lposition p;

	memset(&p, 0, sizeof(p));
	out.position_fn = put_position;
	out.ctx = &p;
	/* the second, positionAmt 0.000, is flat: left out */
	tap_ok(parse(TP_LM_FUTURES, TP_LBN_POSITIONS, "futures-positionrisk",
	    &out, &err) == 0 && strcmp(p.symbol, "BTCUSDT") == 0 &&
	    !p.is_short && p.qty == 0.001 && p.entry == 22185.2 && p.mark ==
	    21123.05052574 && p.liquidation == 19731.45529116 && p.leverage ==
	    4 && p.unrealised == -1.06214947, "position: long 0.001 BTCUSDT "
	    "at 22185.2, liquidation 19731.45529116, 4x");
}

static void
test_errors(void)
{
	struct tp_lbn_out out = { 0 };
	struct tp_err err = TP_ERR_INIT;

	tap_ok(parse(TP_LM_SPOT, TP_LBN_ERROR, "spot-error", &out, &err) ==
	    0 && out.code == -1121 && strcmp(out.msg, "Invalid symbol.") == 0,
	    "error -1121 Invalid symbol.");
	tap_ok(tp_lbinance_parse(TP_LM_SPOT, TP_LBN_ORDER, "GET /api/v3/order",
	    "<html>", 6, &out, &err) < 0 && err.code == TP_EX_UNAVAILABLE &&
	    strstr(err.msg, "GET /api/v3/order") != NULL, "not JSON: "
	    "unavailable, naming the endpoint: %s", err.msg);
	tp_err_clear(&err);
	tap_ok(tp_lbinance_parse(TP_LM_SPOT, TP_LBN_ORDER, "GET /api/v3/order",
	    "{\"symbol\":\"X\",\"orderId\":1,\"clientOrderId\":\"a\","
	    "\"status\":\"NEW\",\"type\":\"LIMIT\",\"side\":\"BUY\","
	    "\"origQty\":\"1\",\"executedQty\":\"2\"}", 104, &out, &err) < 0 &&
	    err.code == TP_EX_UNAVAILABLE, "filled beyond its quantity: "
	    "refused");
	tp_err_clear(&err);
	tap_ok(tp_lbinance_parse(TP_LM_SPOT, TP_LBN_TIME, "GET /api/v3/time",
	    "{\"serverTime\":\"soon\"}", 21, &out, &err) < 0 && err.code ==
	    TP_EX_UNAVAILABLE, "serverTime not a number: refused");
}

int
main(void)
{
	test_time();
	test_rules();
	test_order_full();
	test_order_query();
	test_lists();
	test_trades();
	test_futures_order();
	test_algo();
	test_positions();
	test_errors();
	return tap_done();
}
