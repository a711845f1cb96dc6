/*
 * fuzz_lbinance.c: Binance's answers (lib/live/tp_lbinance.c) on any
 * bytes.
 *
 * The first byte says what the rest is: its low four bits the kind of
 * answer (enum tp_lbn_kind), bit 16 futures rather than spot, bit 32 the
 * symbol asked of exchangeInfo (ETHBTC, else BTCUSDT).  The seeds in
 * tests/fuzz/corpus/lbinance are the documentation's example answers
 * (binance/binance-spot-api-docs@a5e0bc3d rest-api.md; the USD-M
 * futures pages as copied in rosssaunders/coincise@a00ae58b
 * docs/binance/usdm/), the exchangeInfo ones put together from the
 * filters' documented formats, the algo orders from the fields
 * live-api.md's Corrections list.
 *
 * An answer read must hold what tp_live.h says: states and types within
 * their enums, names and ids printable and NUL-ended, quantities not
 * negative, an order not filled beyond its quantity, positions above 0,
 * balances other than zero; a list stops at the first non-zero return.
 * A refusal is TP_EX_UNAVAILABLE naming the endpoint.  Any breach aborts;
 * the sanitizers catch the rest (leaks included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/tp_lbinance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
want(int ok)
{
	if (!ok)
		abort();
}

/* s[0..n) holds a NUL, and before it printable ASCII only. */
static void
clean(const char *s, size_t n)
{
	size_t k;

	want(memchr(s, '\0', n) != NULL);
	for (k = 0; s[k] != '\0'; k++)
		want(s[k] > ' ' && s[k] <= '~');
}

static void
check_order(const struct tp_lorder *o)
{
	clean(o->symbol, sizeof(o->symbol));
	clean(o->client_id, sizeof(o->client_id));
	clean(o->order_id, sizeof(o->order_id));
	clean(o->fee_asset, sizeof(o->fee_asset));
	want((unsigned)o->state <= TP_LS_EXPIRED &&
	    (unsigned)o->type <= TP_LO_STOP);
	want(o->symbol[0] != '\0' && o->order_id[0] != '\0' &&
	    o->client_id[0] != '\0');
	want(o->qty >= 0 && o->filled >= 0 && o->filled <= o->qty * (1 +
	    1e-9) + 1e-12);
}

static int calls;

static int
on_order(void *ctx, const struct tp_lorder *o)
{
	(void)ctx;
	check_order(o);
	return ++calls;
}

static int
on_balance(void *ctx, const struct tp_lbalance *b)
{
	(void)ctx;
	clean(b->asset, sizeof(b->asset));
	want(b->free != 0 || b->locked != 0);
	return ++calls;
}

static int
on_position(void *ctx, const struct tp_lposition *p)
{
	(void)ctx;
	clean(p->symbol, sizeof(p->symbol));
	want(p->qty > 0);
	return ++calls;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_lbn_out out;
	struct tp_err err = TP_ERR_INIT;
	enum tp_lbn_kind k;
	enum tp_lmarket m;
	int rc;

	if (size < 1 || size > 65536)
		return 0;
	if ((data[0] & 15) >= TP_LBN_KINDS)
		return 0;
	k = (enum tp_lbn_kind)(data[0] & 15);
	m = data[0] & 16 ? TP_LM_FUTURES : TP_LM_SPOT;
	memset(&out, 0, sizeof(out));
	out.symbol = data[0] & 32 ? "ETHBTC" : "BTCUSDT";
	out.order_fn = on_order;
	out.balance_fn = on_balance;
	out.position_fn = on_position;
	calls = 0;
	rc = tp_lbinance_parse(m, k, "GET /fuzz", (const char *)data + 1,
	    size - 1, &out, &err);
	if (rc < 0) {
		want(err.code == TP_EX_UNAVAILABLE &&
		    strncmp(err.msg, "GET /fuzz: ", 11) == 0);
		return 0;
	}
	/* each function stops the list at once: 0 items or 1 */
	want(rc == calls && (rc == 0 || rc == 1));
	want(err.code == 0);
	if (k == TP_LBN_ORDER || k == TP_LBN_ALGO)
		check_order(&out.order);
	if (k == TP_LBN_ALGO)
		clean(out.actual, sizeof(out.actual));
	if (k == TP_LBN_RULES && out.found) {
		clean(out.rules.symbol, sizeof(out.rules.symbol));
		want(strcmp(out.rules.symbol, out.symbol) == 0);
		want(out.rules.step >= 0 && out.rules.tick >= 0 &&
		    out.rules.min_qty >= 0 && out.rules.min_notional >= 0);
	}
	if (k == TP_LBN_TRADES)
		clean(out.order.fee_asset, sizeof(out.order.fee_asset));
	if (k == TP_LBN_ERROR)
		want(memchr(out.msg, '\0', sizeof(out.msg)) != NULL);
	return 0;
}
