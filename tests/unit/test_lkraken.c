/*
 * test_lkraken.c: the Kraken spot venue's signature, names and readers
 * of answers (live/tp_lkraken.h), against Kraken's documentation.
 *
 * The signature is the documented vector of Kraken's spot REST
 * authentication guide (docs.kraken.com/api/docs/guides/spot-rest-auth),
 * copied from tp's shared fixtures signing-vectors.json,
 * kraken-spot-addorder (signing.md, "Kraken (Spot REST)": verified).
 *
 * The answers are the examples of Kraken's OpenAPI spec,
 * krakenfx/api-specs@729f278e370ab9dc5195ee60df558a10fb987ed3
 * spot-rest/openapi_v3.yaml (the inline example of each path) and
 * spot-rest/examples/responses/ (AssetPairs: public/assets/pairs.yaml;
 * AddOrder: trading/orders/add.yaml; CancelOrder:
 * responses/trading/orders/cancel.yaml), converted from YAML to JSON
 * with their values unchanged (the inline examples' Python-like None is
 * null), in tests/fuzz/corpus/lkraken/ (the fuzz harness's seeds).
 * Every expected value is copied from those examples.  The error
 * answers are the envelope with the error strings of the spot-errors
 * guide (the shared fixtures' kraken/errors.json).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "live/tp_lkraken.h"

#define DIR "tests/fuzz/corpus/lkraken/"

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

/* signing-vectors.json kraken-spot-addorder (spot-rest-auth). */
static void
test_sign(void)
{
	static const char secret[] = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3"
	    "eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
	static const char body[] = "nonce=1616492376594&ordertype=limit&"
	    "pair=XBTUSD&price=37500&type=buy&volume=1.25";
	char sig[TP_LKRAKEN_SIGN];

	tap_ok(tp_lkraken_sign(secret, strlen(secret), "/0/private/AddOrder",
	    "1616492376594", body, strlen(body), sig) == 0 &&
	    strcmp(sig, "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9"
	    "E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==") == 0,
	    "spot-rest-auth's AddOrder vector: %s", sig);
	tap_ok(tp_lkraken_secret_ok(secret, strlen(secret)),
	    "the guide's private key is base64");
	tap_ok(!tp_lkraken_secret_ok("tpTESTSECRET!", 13) &&
	    tp_lkraken_sign("not base64!", 11, "/0/private/Balance", "1", "",
	    0, sig) < 0 && sig[0] == '\0', "a secret that is not base64");
}

static void
test_names(void)
{
	char out[TP_LID];

	/* Balance's example assets; pairs.yaml: base XXBT, quote ZUSD */
	tp_lkraken_asset("XXBT", out);
	tap_ok(strcmp(out, "BTC") == 0, "XXBT is BTC");
	tp_lkraken_asset("ZUSD", out);
	tap_ok(strcmp(out, "USD") == 0, "ZUSD is USD");
	tp_lkraken_asset("XETH", out);
	tap_ok(strcmp(out, "ETH") == 0, "XETH is ETH");
	tp_lkraken_asset("USDT", out);
	tap_ok(strcmp(out, "USDT") == 0, "USDT stays");
	tp_lkraken_asset("DOT", out);
	tap_ok(strcmp(out, "DOT") == 0, "DOT stays");
	/* the fixtures' OHLC capture: pair XBTUSDT; pairs.yaml altnames
	 * XBTUSD, ETHXBT */
	tap_ok(tp_lkraken_pair("BTCUSDT", out) == 0 &&
	    strcmp(out, "XBTUSDT") == 0, "BTCUSDT is XBTUSDT");
	tap_ok(tp_lkraken_pair("ETHBTC", out) == 0 &&
	    strcmp(out, "ETHXBT") == 0, "ETHBTC is ETHXBT");
	tap_ok(tp_lkraken_symbol("XBTUSD", out) == 0 &&
	    strcmp(out, "BTCUSD") == 0, "XBTUSD is BTCUSD");
	tap_ok(tp_lkraken_symbol("ETHXBT", out) == 0 &&
	    strcmp(out, "ETHBTC") == 0, "ETHXBT is ETHBTC");
	/* add.yaml cl_ord_id: "Short UUID: da8e4ad59b78481c93e589746b0cf91f
	 * 32 hex characters with no dashes", "Long UUID:
	 * 6d1b345e-2821-40e2-ad83-4ecb18a06876", "Free text:
	 * arb-20240509-00010 Free format ascii text up to 18 characters" */
	tap_ok(tp_lkraken_clid("tpda8e4ad59b78481c93e589746b0cf91f", out)
	    == 0 && strcmp(out, "da8e4ad59b78481c93e589746b0cf91f") == 0,
	    "tp's id goes as a short UUID");
	tp_lkraken_tpid("da8e4ad59b78481c93e589746b0cf91f", out);
	tap_ok(strcmp(out, "tpda8e4ad59b78481c93e589746b0cf91f") == 0,
	    "and comes back as tp's");
	tp_lkraken_tpid("6d1b345e-2821-40e2-ad83-4ecb18a06876", out);
	tap_ok(strcmp(out, "tp6d1b345e282140e2ad834ecb18a06876") == 0,
	    "a long UUID comes back as tp's too");
	tap_ok(tp_lkraken_clid("arb-20240509-00010", out) == 0 &&
	    strcmp(out, "arb-20240509-00010") == 0, "free text of 18");
	tp_lkraken_tpid("arb-20240509-00010", out);
	tap_ok(strcmp(out, "arb-20240509-00010") == 0, "read back as it is");
	tap_ok(tp_lkraken_clid("arb-20240509-000100", out) < 0,
	    "19 characters of free text are refused");
}

/* time.yaml: unixtime 1688669448. */
static void
test_time(void)
{
	struct tp_lkraken_env e;
	size_t n;
	char *s = slurp("time", &n);
	int64_t t = 0;

	tap_ok(tp_lkraken_read_time(s, n, &e, &t, why, sizeof(why)) == 0 &&
	    e.err[0] == '\0' && t == 1688669448000LL, "Time: %lld ms",
	    (long long)t);
	free(s);
}

/* pairs.yaml: XXBTZUSD (altname XBTUSD) pair_decimals 1, lot_decimals
 * 8, ordermin 0.0001, costmin 0.5, tick_size 0.1, status online;
 * XETHXXBT (ETHXBT) lot 8, ordermin 0.01, costmin 0.00002, tick
 * 0.00001. */
static void
test_rules(void)
{
	struct tp_lkraken_env e;
	struct tp_lrules r = { 0 };
	size_t n;
	char *s = slurp("asset-pairs", &n);
	int found;

	tap_ok(tp_lkraken_read_rules(s, n, "BTCUSD", "XBTUSD", &e, &r, &found,
	    why, sizeof(why)) == 0 && found &&
	    strcmp(r.symbol, "BTCUSD") == 0 && strcmp(r.base, "BTC") == 0 &&
	    strcmp(r.quote, "USD") == 0 && near(r.step, 1e-8) &&
	    near(r.min_qty, 0.0001) && near(r.tick, 0.1) &&
	    near(r.min_notional, 0.5) && r.max_qty == 0 && r.trading,
	    "AssetPairs XBTUSD: step %g min %g tick %g costmin %g", r.step,
	    r.min_qty, r.tick, r.min_notional);
	tap_ok(tp_lkraken_read_rules(s, n, "ETHBTC", "XETHXXBT", &e, &r,
	    &found, why, sizeof(why)) == 0 && found &&
	    strcmp(r.base, "ETH") == 0 && strcmp(r.quote, "BTC") == 0 &&
	    near(r.min_qty, 0.01) && near(r.tick, 0.00001) &&
	    near(r.min_notional, 0.00002), "AssetPairs by key XETHXXBT");
	tap_ok(tp_lkraken_read_rules(s, n, "SOLUSD", "SOLUSD", &e, &r, &found,
	    why, sizeof(why)) == 0 && !found, "a pair not in the answer");
	free(s);
	s = slurp("error-pair", &n);
	tap_ok(tp_lkraken_read_rules(s, n, "FOOUSD", "FOOUSD", &e, &r, &found,
	    why, sizeof(why)) == 0 && !found &&
	    strcmp(e.err, "EQuery:Unknown asset pair") == 0,
	    "EQuery:Unknown asset pair: %s", e.err);
	free(s);
}

/* add.yaml: txid ["OUF4EM-FRGI2-MQMWZD"]; cancel.yaml: count 1. */
static void
test_placed(void)
{
	struct tp_lkraken_env e;
	char txid[TP_LID], *s;
	size_t n;
	long count;

	s = slurp("add-order", &n);
	tap_ok(tp_lkraken_read_placed(s, n, &e, txid, why, sizeof(why)) == 0 &&
	    strcmp(txid, "OUF4EM-FRGI2-MQMWZD") == 0, "AddOrder: %s", txid);
	free(s);
	s = slurp("error-funds", &n);
	tap_ok(tp_lkraken_read_placed(s, n, &e, txid, why, sizeof(why)) == 0 &&
	    strcmp(e.err, "EOrder:Insufficient funds") == 0 && txid[0] == 0,
	    "EOrder:Insufficient funds is the answer's error");
	free(s);
	s = slurp("cancel", &n);
	tap_ok(tp_lkraken_read_cancel(s, n, &e, &count, why, sizeof(why)) ==
	    0 && count == 1, "CancelOrder: count 1");
	free(s);
}

static struct tp_lorder seen[4];
static int nseen;

static int
keep(void *ctx, const struct tp_lorder *o)
{
	(void)ctx;
	if (nseen < 4)
		seen[nseen++] = *o;
	return 0;
}

static const struct tp_lorder *
by_id(const char *id)
{
	int i;

	for (i = 0; i < nseen; i++)
		if (strcmp(seen[i].order_id, id) == 0)
			return &seen[i];
	return NULL;
}

/* open.yaml and closed.yaml examples. */
static void
test_orders(void)
{
	struct tp_lkraken_env e;
	const struct tp_lorder *o;
	size_t n;
	char *s = slurp("open-orders", &n);
	int stop;

	nseen = 0;
	tap_ok(tp_lkraken_read_orders(s, n, "open", &e, keep, NULL, &stop,
	    why, sizeof(why)) == 0 && nseen == 2, "OpenOrders: 2 (%s)", why);
	/* OQCLML-BW3P3-BUCMWZ: open, buy 1.25 XBTUSD limit 30010.0,
	 * vol_exec 0.375, cost 11253.7, fee 0, price 30010.0, opentm
	 * 1688666559.8974, oflags fciq */
	o = by_id("OQCLML-BW3P3-BUCMWZ");
	tap_ok(o != NULL && o->state == TP_LS_PARTIAL && o->buy &&
	    o->type == TP_LO_LIMIT && near(o->qty, 1.25) &&
	    near(o->price, 30010) && near(o->filled, 0.375) &&
	    near(o->avg_price, 30010) && o->fee == 0 &&
	    strcmp(o->fee_asset, "USD") == 0 &&
	    strcmp(o->symbol, "BTCUSD") == 0 && o->client_id[0] == '\0' &&
	    o->time == 1688666559897LL, "an open order, partly filled");
	/* OB5VMB-B4U2U-DK2WRW: nothing executed */
	o = by_id("OB5VMB-B4U2U-DK2WRW");
	tap_ok(o != NULL && o->state == TP_LS_NEW && o->filled == 0 &&
	    o->avg_price == 0 && near(o->qty, 0.275), "an open order");
	free(s);
	s = slurp("closed-orders", &n);
	nseen = 0;
	tap_ok(tp_lkraken_read_orders(s, n, "closed", &e, keep, NULL, &stop,
	    why, sizeof(why)) == 0 && nseen == 2, "ClosedOrders: 2");
	/* O37652-RJWRT-IMO74O: canceled stop-loss-limit buy 0.001 XBTGBP
	 * @ 23667.0, closetm 1688148610.0482 */
	o = by_id("O37652-RJWRT-IMO74O");
	tap_ok(o != NULL && o->state == TP_LS_CANCELED &&
	    o->type == TP_LO_STOP && near(o->stop, 23667) &&
	    strcmp(o->symbol, "BTCGBP") == 0 &&
	    o->update_time == 1688148610048LL, "a cancelled stop");
	free(s);
	s = slurp("open-orders", &n);
	tap_ok(tp_lkraken_read_orders(s, n, "closed", &e, keep, NULL, &stop,
	    why, sizeof(why)) < 0 && why[0] != '\0', "no result.closed: %s",
	    why);
	free(s);
}

static struct tp_lbalance bal[4];
static int nbal;

static int
keep_bal(void *ctx, const struct tp_lbalance *b)
{
	(void)ctx;
	if (nbal < 4)
		bal[nbal++] = *b;
	return 0;
}

/* BalanceEx: ZUSD balance 25435.21 hold_trade 8249.76; XXBT 1.24350000
 * and 0.84230000. */
static void
test_balances(void)
{
	struct tp_lkraken_env e;
	size_t n;
	char *s = slurp("balance-ex", &n);
	int stop, i, ok = 0;

	nbal = 0;
	tap_ok(tp_lkraken_read_balances(s, n, &e, keep_bal, NULL, &stop, why,
	    sizeof(why)) == 0 && nbal == 2, "BalanceEx: 2");
	for (i = 0; i < nbal; i++) {
		if (strcmp(bal[i].asset, "USD") == 0)
			ok += near(bal[i].free, 25435.21 - 8249.76) &&
			    near(bal[i].locked, 8249.76);
		if (strcmp(bal[i].asset, "BTC") == 0)
			ok += near(bal[i].free, 1.2435 - 0.8423) &&
			    near(bal[i].locked, 0.8423);
	}
	tap_ok(ok == 2, "free is balance less hold_trade");
	free(s);
}

static void
test_env(void)
{
	struct tp_lkraken_env e;
	static const char w[] = "{\"error\":[\"WGeneral:Something\"],"
	    "\"result\":{\"unixtime\":5}}";
	int64_t t;
	size_t n;
	char *s = slurp("error-nonce", &n);

	tap_ok(tp_lkraken_read_env(s, n, &e, why, sizeof(why)) == 0 &&
	    strcmp(e.err, "EAPI:Invalid nonce") == 0 && e.nerr == 1,
	    "the first error");
	free(s);
	tap_ok(tp_lkraken_read_time(w, strlen(w), &e, &t, why, sizeof(why))
	    == 0 && e.err[0] == '\0' && e.nerr == 1 && t == 5000,
	    "a warning is not an error");
	tap_ok(tp_lkraken_read_env("{}", 2, &e, why, sizeof(why)) < 0 &&
	    why[0] != '\0', "no error list: %s", why);
	tap_ok(tp_lkraken_read_env("<html>", 6, &e, why, sizeof(why)) < 0,
	    "not JSON");
}

int
main(void)
{
	test_sign();
	test_names();
	test_time();
	test_rules();
	test_placed();
	test_orders();
	test_balances();
	test_env();
	return tap_done();
}
