/*
 * test_lbybit.c: the Bybit v5 venue's string to sign and its readers of
 * answers (live/tp_lbybit.h), against Bybit's documentation.
 *
 * The strings to sign are the two examples of the v5 guide
 * (bybit-exchange/docs@072c197d docs/v5/guide.mdx, "Create A Request",
 * GET and POST; tp's shared fixtures signing-vectors.json,
 * bybit-v5-hmac-get and bybit-v5-hmac-post, where the strings are
 * verified).  The guide's HMAC values cannot be checked: it never gives
 * the secret they were made with; tp's HMAC-SHA256 is tested with
 * Binance's vectors (test_lsign.c).
 *
 * The answers are the docs' response examples, verbatim (// comments
 * dropped), in tests/fuzz/corpus/lbybit/ (the fuzz harness's seeds);
 * the page of each is named at its test, and every expected value is
 * copied from that example.  error-10006 is the envelope of guide.mdx
 * with the retCode and retMsg of rate-limit/rate-limit.mdx (the shared
 * fixtures' bybit/errors.json, constructed_example).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "live/tp_lbybit.h"

#define DIR "tests/fuzz/corpus/lbybit/"

static char why[256];

/* The whole of file DIR name, NUL-ended; its length in *n. */
static char *
slurp(const char *name, size_t *n)
{
	char path[256];
	FILE *f;
	char *s;
	long len;

	snprintf(path, sizeof(path), DIR "%s", name);
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (s = malloc((size_t)len + 1)) == NULL ||
	    fread(s, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	s[len] = '\0';
	*n = (size_t)len;
	return s;
}

static int
near(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fmax(1, fabs(b));
}

static void
test_presign(void)
{
	struct tp_buf b = { 0 };

	tap_ok(tp_lbybit_presign(&b, 1658384314791, "XXXXXXXXXX", 5000,
	    "category=option&symbol=BTC-29JUL22-25000-C") == 0 &&
	    strcmp(b.p, "1658384314791XXXXXXXXXX5000category=option&symbol="
	    "BTC-29JUL22-25000-C") == 0 && b.len == strlen(b.p),
	    "guide.mdx GET: timestamp + key + recv window + query string");
	tap_ok(tp_lbybit_presign(&b, 1658385579423, "XXXXXXXXXX", 5000,
	    "{\"category\": \"option\"}") == 0 &&
	    strcmp(b.p, "1658385579423XXXXXXXXXX5000{\"category\": "
	    "\"option\"}") == 0, "guide.mdx POST: the JSON body as sent");
	tp_buf_release(&b);
}

/* market/time.mdx: timeNano "1688639403423213947", time 1688639403423. */
static void
test_time(void)
{
	struct tp_lbybit_env e;
	size_t n;
	char *s = slurp("time", &n);
	int64_t t;
	int rc = tp_lbybit_read_time(s, n, &e, &t, why, sizeof(why));

	tap_ok(rc == 0 && e.code == 0 && strcmp(e.msg, "OK") == 0 &&
	    t == 1688639403423 && e.time == 1688639403423,
	    "market/time.mdx: %lld ms", (long long)t);
	free(s);
}

/* market/instrument.mdx, the linear and spot examples. */
static void
test_rules(void)
{
	struct tp_lbybit_env e;
	struct tp_lrules r;
	size_t n;
	char *s = slurp("instruments-linear", &n);
	int found;

	tap_ok(tp_lbybit_read_rules(s, n, TP_LM_FUTURES, "BTCUSDT", &e, &r,
	    &found, why, sizeof(why)) == 0 && found &&
	    strcmp(r.symbol, "BTCUSDT") == 0 && strcmp(r.base, "BTC") == 0 &&
	    strcmp(r.quote, "USDT") == 0 && r.trading && near(r.step, 0.001) &&
	    near(r.min_qty, 0.001) && near(r.max_qty, 1190) &&
	    near(r.market_max_qty, 500) && near(r.tick, 0.1) &&
	    near(r.min_notional, 5), "instrument.mdx linear: qtyStep 0.001, "
	    "minOrderQty 0.001, maxOrderQty 1190, maxMktOrderQty 500, "
	    "tickSize 0.10, minNotionalValue 5");
	/* rounding to those filters: down to 0.001, to the nearest 0.10 */
	tap_ok(near(tp_lrules_qty(&r, 0.0129), 0.012) &&
	    near(tp_lrules_qty(&r, 0.003), 0.003) &&
	    near(tp_lrules_price(&r, 26864.47), 26864.5) &&
	    near(tp_lrules_price(&r, 26864.44), 26864.4),
	    "linear: 0.0129 -> 0.012, 26864.47 -> 26864.5");
	tap_ok(tp_lrules_check(&r, 0.0009, 30000, why, sizeof(why)) &&
	    strstr(why, "below the minimum 0.001") != NULL,
	    "linear: below minOrderQty: %s", why);
	tap_ok(tp_lrules_check(&r, 0.001, 4999.9, why, sizeof(why)) &&
	    strstr(why, "min notional") != NULL,
	    "linear: 0.001 at 4999.9 is below minNotionalValue 5: %s", why);
	tap_ok(!tp_lrules_check(&r, 0.001, 5000, why, sizeof(why)) &&
	    tp_lrules_check(&r, 1190.001, 30000, why, sizeof(why)),
	    "linear: 0.001 at 5000 is 5; 1190.001 is above maxOrderQty");
	tap_ok(tp_lbybit_read_rules(s, n, TP_LM_FUTURES, "ETHUSDT", &e, &r,
	    &found, why, sizeof(why)) < 0 && !found,
	    "another symbol than asked: refused (%s)", why);
	free(s);
	s = slurp("instruments-linear-prelaunch", &n);
	tap_ok(tp_lbybit_read_rules(s, n, TP_LM_FUTURES, "BIOUSDT", &e, &r,
	    &found, why, sizeof(why)) == 0 && found && !r.trading &&
	    near(r.step, 1) && near(r.tick, 0.0001),
	    "instrument.mdx pre-market: status PreLaunch is not trading");
	free(s);
	s = slurp("instruments-spot", &n);
	tap_ok(tp_lbybit_read_rules(s, n, TP_LM_SPOT, "BTCUSDT", &e, &r,
	    &found, why, sizeof(why)) == 0 && found && r.trading &&
	    near(r.step, 0.000001) && near(r.min_qty, 0.000001) &&
	    near(r.max_qty, 83) && near(r.market_max_qty, 41.5) &&
	    near(r.tick, 0.1) && near(r.min_notional, 5),
	    "instrument.mdx spot: basePrecision 0.000001, minOrderAmt 5, "
	    "maxLimitOrderQty 83, maxMarketOrderQty 41.5, tickSize 0.1 "
	    "(minOrderQty \"no longer check\")");
	tap_ok(near(tp_lrules_qty(&r, 0.00012345), 0.000123) &&
	    near(tp_lrules_price(&r, 43210.06), 43210.1) &&
	    tp_lrules_check(&r, 0.000123, 40000, why, sizeof(why)) &&
	    !tp_lrules_check(&r, 0.000125, 40000, why, sizeof(why)),
	    "spot: 0.00012345 -> 0.000123, worth 4.92 < minOrderAmt 5; "
	    "0.000125 at 40000 is 5");
	free(s);
	/* an unknown symbol: retCode 0, an empty list (pybit issue #294) */
	s = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":"
	    "\"spot\",\"list\":[]},\"retExtInfo\":{},\"time\":1740906673105}";
	tap_ok(tp_lbybit_read_rules(s, strlen(s), TP_LM_SPOT, "BTC/USDT", &e,
	    &r, &found, why, sizeof(why)) == 0 && !found,
	    "an empty list: no such symbol");
}

static void
test_placed(void)
{
	struct tp_lbybit_env e;
	char id[TP_LID];
	size_t n;
	char *s = slurp("create", &n);

	tap_ok(tp_lbybit_read_placed(s, n, &e, id, why, sizeof(why)) == 0 &&
	    e.code == 0 && strcmp(id, "1321003749386327552") == 0 &&
	    e.time == 1672211918471, "create-order.mdx: orderId %s", id);
	free(s);
	s = slurp("error-10006", &n);
	tap_ok(tp_lbybit_read_placed(s, n, &e, id, why, sizeof(why)) == 0 &&
	    e.code == 10006 && strcmp(e.msg, "Too many visits!") == 0 &&
	    id[0] == '\0', "rate-limit.mdx: retCode 10006 \"%s\"", e.msg);
	free(s);
}

struct got {
	int n;
	struct tp_lorder o;
	struct tp_lbalance b;
	struct tp_lposition p;
};

static int
got_order(void *ctx, const struct tp_lorder *o)
{
	struct got *g = ctx;

	if (g->n++ == 0)
		g->o = *o;
	return 0;
}

static int
got_balance(void *ctx, const struct tp_lbalance *b)
{
	struct got *g = ctx;

	if (g->n++ == 0)
		g->b = *b;
	return 0;
}

static int
got_position(void *ctx, const struct tp_lposition *p)
{
	struct got *g = ctx;

	if (g->n++ == 0)
		g->p = *p;
	return 0;
}

/* order/open-order.mdx and order/order-list.mdx. */
static void
test_orders(void)
{
	struct tp_lbybit_env e;
	struct got g = { 0 };
	char cursor[256];
	size_t n;
	char *s = slurp("realtime", &n);
	int stop;

	tap_ok(tp_lbybit_read_orders(s, n, &e, TP_LM_FUTURES, got_order, &g,
	    &stop, cursor, sizeof(cursor), why, sizeof(why)) == 0 &&
	    g.n == 1 && strcmp(g.o.order_id,
	    "fd4300ae-7847-404e-b947-b46980a4d140") == 0 &&
	    strcmp(g.o.client_id, "test-000005") == 0 &&
	    strcmp(g.o.symbol, "ETHUSDT") == 0 && g.o.state == TP_LS_NEW &&
	    g.o.type == TP_LO_LIMIT && g.o.buy && !g.o.reduce_only &&
	    near(g.o.qty, 0.1) && near(g.o.price, 1600) && g.o.stop == 0 &&
	    g.o.filled == 0 && g.o.avg_price == 0 &&
	    near(g.o.fee, 0.00242968) && strcmp(g.o.fee_asset, "MNT") == 0 &&
	    g.o.time == 1684738540559 && g.o.update_time == 1684738540561 &&
	    strcmp(cursor, "page_args%3Dfd4300ae-7847-404e-b947-b46980a4d140"
	    "%26symbol%3D6%26") == 0, "open-order.mdx: a New limit buy, "
	    "its fee from cumFeeDetail, the next page's cursor");
	free(s);
	s = slurp("history", &n);
	memset(&g, 0, sizeof(g));
	tap_ok(tp_lbybit_read_orders(s, n, &e, TP_LM_FUTURES, got_order, &g,
	    &stop, cursor, sizeof(cursor), why, sizeof(why)) == 0 &&
	    g.n == 1 && strcmp(g.o.client_id, "YLxaWKMiHU") == 0 &&
	    g.o.state == TP_LS_CANCELED && near(g.o.qty, 0.003) &&
	    near(g.o.price, 26864.4) && g.o.filled == 0 &&
	    strcmp(cursor, "page_token%3D39380%26") == 0,
	    "order-list.mdx: a Cancelled post-only order");
	free(s);
}

/* order/execution.mdx: execFee "0.071409", feeCurrency "". */
static void
test_execs(void)
{
	struct tp_lbybit_env e;
	struct tp_lorder o;
	size_t n;
	char *s = slurp("execution", &n);

	memset(&o, 0, sizeof(o));
	strcpy(o.fee_asset, "USDT");
	tap_ok(tp_lbybit_read_execs(s, n, &e, &o, why, sizeof(why)) == 0 &&
	    near(o.fee, 0.071409) && strcmp(o.fee_asset, "USDT") == 0,
	    "execution.mdx: the fee summed, no feeCurrency leaves the coin");
	free(s);
}

/* account/wallet-balance.mdx: one coin, BTC, walletBalance "0". */
static void
test_balances(void)
{
	struct tp_lbybit_env e;
	struct got g = { 0 };
	size_t n;
	char *s = slurp("wallet-balance", &n);
	int stop;

	tap_ok(tp_lbybit_read_balances(s, n, &e, got_balance, &g, &stop, why,
	    sizeof(why)) == 0 && g.n == 0, "wallet-balance.mdx: a balance "
	    "of 0 is not told");
	free(s);
}

/* position/position.mdx: BTCUSD Sell 300 at 27464.50441675. */
static void
test_positions(void)
{
	struct tp_lbybit_env e;
	struct got g = { 0 };
	char cursor[256];
	size_t n;
	char *s = slurp("position", &n);
	int stop;

	tap_ok(tp_lbybit_read_positions(s, n, &e, got_position, &g, &stop,
	    cursor, sizeof(cursor), why, sizeof(why)) == 0 && g.n == 1 &&
	    strcmp(g.p.symbol, "BTCUSD") == 0 && g.p.is_short &&
	    near(g.p.qty, 300) && near(g.p.entry, 27464.50441675) &&
	    near(g.p.mark, 28224.5) && g.p.liquidation == 0 &&
	    near(g.p.leverage, 10) && near(g.p.unrealised, -0.00029413) &&
	    cursor[0] == '\0', "position.mdx: a short of 300, liqPrice \"\"");
	free(s);
}

/* The envelopes of cancel-order.mdx and leverage.mdx: retCode 0. */
static void
test_env(void)
{
	struct tp_lbybit_env e;
	size_t n;
	char *s = slurp("cancel", &n);

	tap_ok(tp_lbybit_read_env(s, n, &e, why, sizeof(why)) == 0 &&
	    e.code == 0 && e.time == 1672217377164, "cancel-order.mdx");
	free(s);
	s = slurp("set-leverage", &n);
	tap_ok(tp_lbybit_read_env(s, n, &e, why, sizeof(why)) == 0 &&
	    e.code == 0 && e.time == 1672281607343, "leverage.mdx");
	free(s);
	tap_ok(tp_lbybit_read_env("{\"retCode\":0", 12, &e, why,
	    sizeof(why)) < 0 && strstr(why, "not JSON") != NULL,
	    "cut short: %s", why);
	tap_ok(tp_lbybit_read_env("{\"retMsg\":\"OK\"}", 15, &e, why,
	    sizeof(why)) < 0, "no retCode: %s", why);
}

/* An order of the open-order.mdx example with one member replaced. */
static int
order_with(const char *member, const char *value)
{
	struct tp_lbybit_env e;
	struct got g = { 0 };
	char cursor[256], body[512];
	int stop, rc;

	snprintf(body, sizeof(body), "{\"retCode\":0,\"retMsg\":\"OK\","
	    "\"result\":{\"list\":[{\"orderId\":\"fd4300ae\","
	    "\"orderLinkId\":\"test-000005\",\"symbol\":\"ETHUSDT\","
	    "\"price\":\"1600.00\",\"qty\":\"0.10\",\"side\":\"Buy\","
	    "\"orderStatus\":\"New\",\"orderType\":\"Limit\",\"%s\":%s}],"
	    "\"nextPageCursor\":\"\"},\"time\":1684765770483}", member,
	    value);
	rc = tp_lbybit_read_orders(body, strlen(body), &e, TP_LM_SPOT,
	    got_order, &g, &stop, cursor, sizeof(cursor), why, sizeof(why));
	return rc < 0 && g.n == 0 ? -1 : rc;
}

/* What the docs do not show: wrong values are refused, not trusted. */
static void
test_bad(void)
{
	tap_ok(order_with("cumExecQty", "\"0\"") == 0, "the example read");
	tap_ok(order_with("qty", "\"1e999\"") < 0, "%s", why);
	tap_ok(order_with("side", "\"Up\"") < 0, "%s", why);
	tap_ok(order_with("orderStatus", "\"Lost\"") < 0, "%s", why);
	tap_ok(order_with("avgPrice", "12") < 0, "%s", why);
	tap_ok(order_with("symbol", "\"ETHUSDTETHUSDTETHUSDTETHUSDTETHUSDT\"")
	    < 0, "%s", why);
	tap_ok(order_with("createdTime", "\"-5\"") < 0, "%s", why);
	tap_ok(order_with("cumFeeDetail", "[1]") < 0, "%s", why);
}

int
main(void)
{
	test_presign();
	test_time();
	test_rules();
	test_placed();
	test_orders();
	test_execs();
	test_balances();
	test_positions();
	test_env();
	test_bad();
	return tap_done();
}
