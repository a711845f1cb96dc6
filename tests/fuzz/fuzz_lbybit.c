/*
 * fuzz_lbybit.c: the Bybit venue's readers of answers (live/tp_lbybit.h)
 * on any bytes, as each endpoint's answer.
 *
 * Whatever the bytes, a reader returns 0 or -1; on -1 its reason is a
 * NUL-ended line, not empty, and no item was told; the envelope's message
 * is NUL-ended.  What it tells holds what tp_live.h promises: NUL-ended
 * names within their arrays, a known state and type, quantities and
 * prices finite and not below zero, a cursor of query-string characters.
 * Any breach aborts; the sanitizers catch the rest (leaks included).
 * The seeds are the docs' example answers (test_lbybit.c names each).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/tp_lbybit.h"

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
	want(isfinite(o->fee));
	want(o->time >= 0 && o->update_time >= 0);
	return told > 3;	/* a stop is honoured */
}

static int
on_balance(void *ctx, const struct tp_lbalance *b)
{
	(void)ctx;
	told++;
	name(b->asset, sizeof(b->asset));
	want(isfinite(b->free) && b->free >= 0 && isfinite(b->locked));
	return 0;
}

static int
on_position(void *ctx, const struct tp_lposition *p)
{
	(void)ctx;
	told++;
	name(p->symbol, sizeof(p->symbol));
	want(p->qty > 0 && isfinite(p->qty));
	amount(p->entry);
	amount(p->mark);
	amount(p->liquidation);
	amount(p->leverage);
	want(isfinite(p->unrealised));
	return 0;
}

/* After a reader: its return, reason and envelope as promised; the
 * count of what it told starts again. */
static void
check(int rc, const struct tp_lbybit_env *e, const char *why, int stop)
{
	want(rc == 0 || rc == -1);
	if (rc < 0) {
		want(why[0] != '\0' && memchr(why, '\0', 256) != NULL &&
		    strchr(why, '\n') == NULL);
		want(told == 0 && stop == 0);
	} else
		name(e->msg, sizeof(e->msg));
	want(stop == 0 || stop == 1);
	told = 0;
}

static void
cursor_ok(int rc, const char *c)
{
	if (rc == 0)
		want(c[strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		    "qrstuvwxyz0123456789-._~%")] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tp_lbybit_env e;
	struct tp_lrules r;
	struct tp_lorder o;
	char why[256], id[TP_LID], cursor[256];
	int64_t t;
	int rc, found, stop, m;

	if (size > 65536)
		return 0;
	memset(why, 0, sizeof(why));
	told = 0;
	check(tp_lbybit_read_env(s, size, &e, why, sizeof(why)), &e, why, 0);
	rc = tp_lbybit_read_time(s, size, &e, &t, why, sizeof(why));
	check(rc, &e, why, 0);
	want(rc < 0 || e.code != 0 || t > 0);
	for (m = 0; m < 2; m++) {
		rc = tp_lbybit_read_rules(s, size, (enum tp_lmarket)m,
		    "BTCUSDT", &e, &r, &found, why, sizeof(why));
		check(rc, &e, why, 0);
		if (found) {
			want(rc == 0 && strcmp(r.symbol, "BTCUSDT") == 0 &&
			    r.step > 0 && r.tick > 0);
			name(r.base, sizeof(r.base));
			name(r.quote, sizeof(r.quote));
			amount(r.min_qty);
			amount(r.max_qty);
			amount(r.min_notional);
		}
		rc = tp_lbybit_read_orders(s, size, &e, (enum tp_lmarket)m,
		    on_order, NULL, &stop, cursor, sizeof(cursor), why,
		    sizeof(why));
		check(rc, &e, why, stop);
		cursor_ok(rc, cursor);
	}
	rc = tp_lbybit_read_placed(s, size, &e, id, why, sizeof(why));
	check(rc, &e, why, 0);
	name(id, sizeof(id));
	memset(&o, 0, sizeof(o));
	rc = tp_lbybit_read_execs(s, size, &e, &o, why, sizeof(why));
	check(rc, &e, why, 0);
	name(o.fee_asset, sizeof(o.fee_asset));
	want(isfinite(o.fee));
	rc = tp_lbybit_read_balances(s, size, &e, on_balance, NULL, &stop,
	    why, sizeof(why));
	check(rc, &e, why, stop);
	rc = tp_lbybit_read_positions(s, size, &e, on_position, NULL, &stop,
	    cursor, sizeof(cursor), why, sizeof(why));
	check(rc, &e, why, stop);
	cursor_ok(rc, cursor);
	return 0;
}
