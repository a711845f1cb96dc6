/*
 * fuzz_lcoinbase.c: the Coinbase venue's readers of answers
 * (live/tp_lcoinbase.h) on any bytes, as each endpoint's answer.
 *
 * Whatever the bytes, a reader returns 0 or -1; on -1 its reason is a
 * NUL-ended line, not empty, and no item was told.  What it tells holds
 * what tp_live.h promises: NUL-ended names within their arrays, a known
 * state and type, quantities and prices finite and not below zero; a
 * rules answer read has a step and a tick above zero.  Any breach
 * aborts; the sanitizers catch the rest (leaks included).  The seeds are
 * the answers test_lcoinbase.c reads (it names the page of each).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/tp_lcoinbase.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
want(int ok)
{
	if (!ok)
		abort();
}

static void
name(const char *s, size_t n)
{
	want(memchr(s, '\0', n) != NULL);
}

static void
amount(double v)
{
	want(isfinite(v) && v >= 0);
}

static int told;

static int
on_order(void *ctx, const struct tp_lorder *o)
{
	(void)ctx;
	told++;
	name(o->symbol, sizeof(o->symbol));
	name(o->client_id, sizeof(o->client_id));
	name(o->order_id, sizeof(o->order_id));
	name(o->fee_asset, sizeof(o->fee_asset));
	want(o->state >= TP_LS_NONE && o->state <= TP_LS_EXPIRED);
	want(o->type >= TP_LO_MARKET && o->type <= TP_LO_STOP);
	amount(o->qty);
	amount(o->price);
	amount(o->stop);
	amount(o->filled);
	amount(o->avg_price);
	amount(o->fee);
	want(o->time >= 0 && o->update_time >= 0);
	return told > 2;	/* a stop is honoured */
}

static int
on_balance(void *ctx, const struct tp_lbalance *b)
{
	(void)ctx;
	told++;
	name(b->asset, sizeof(b->asset));
	amount(b->free);
	amount(b->locked);
	want(b->free != 0 || b->locked != 0);
	return 0;
}

/* After a reader: its return and reason as promised; the count of what
 * it told starts again. */
static void
check(int rc, const char *why, int stop)
{
	want(rc == 0 || rc == -1);
	if (rc < 0) {
		want(why[0] != '\0' && memchr(why, '\0', 256) != NULL &&
		    strchr(why, '\n') == NULL);
		want(told == 0 && stop == 0);
	}
	want(stop == 0 || stop == 1);
	told = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tp_lcoinbase_placed p;
	struct tp_lrules r;
	struct tp_lorder o;
	char why[256], msg[256], cursor[256], reason[64];
	int64_t t;
	int rc, stop, ok;

	if (size > 65536)
		return 0;
	memset(why, 0, sizeof(why));
	told = 0;
	tp_lcoinbase_read_error(s, size, msg, sizeof(msg));
	name(msg, sizeof(msg));
	want(strchr(msg, '\n') == NULL);
	rc = tp_lcoinbase_read_time(s, size, &t, why, sizeof(why));
	check(rc, why, 0);
	want(rc < 0 || t > 0);
	rc = tp_lcoinbase_read_rules(s, size, "BTC-USD", &r, why,
	    sizeof(why));
	check(rc, why, 0);
	if (rc == 0) {
		want(strcmp(r.symbol, "BTCUSD") == 0 && r.step > 0 &&
		    r.tick > 0 && isfinite(r.step) && isfinite(r.tick));
		name(r.base, sizeof(r.base));
		name(r.quote, sizeof(r.quote));
		amount(r.min_qty);
		amount(r.max_qty);
		amount(r.min_notional);
	}
	rc = tp_lcoinbase_read_placed(s, size, &p, why, sizeof(why));
	check(rc, why, 0);
	name(p.order_id, sizeof(p.order_id));
	name(p.reason, sizeof(p.reason));
	want(rc < 0 || !p.success || p.order_id[0] != '\0');
	rc = tp_lcoinbase_read_orders(s, size, on_order, NULL, &stop, cursor,
	    sizeof(cursor), why, sizeof(why));
	check(rc, why, stop);
	name(cursor, sizeof(cursor));
	memset(&o, 0, sizeof(o));
	strcpy(o.order_id, "0000-000000-000002");
	strcpy(o.symbol, "BTC-USD");
	rc = tp_lcoinbase_read_fills(s, size, &o, cursor, sizeof(cursor), why,
	    sizeof(why));
	check(rc, why, 0);
	amount(o.fee);
	name(o.fee_asset, sizeof(o.fee_asset));
	rc = tp_lcoinbase_read_cancel(s, size, "0000-000000-000001", &ok,
	    reason, sizeof(reason), why, sizeof(why));
	check(rc, why, 0);
	name(reason, sizeof(reason));
	want(ok == 0 || ok == 1);
	rc = tp_lcoinbase_read_accounts(s, size, on_balance, NULL, &stop,
	    cursor, sizeof(cursor), why, sizeof(why));
	check(rc, why, stop);
	return 0;
}
