/*
 * fuzz_lkraken.c: the Kraken venue's readers of answers
 * (live/tp_lkraken.h) on any bytes, as each endpoint's answer, and its
 * names of client ids and pairs on any text.
 *
 * Whatever the bytes, a reader returns 0 or -1; on -1 its reason is a
 * NUL-ended line, not empty, and no item was told; the envelope's error
 * is NUL-ended.  What it tells holds what tp_live.h promises: NUL-ended
 * names within their arrays, a known state and type, quantities and
 * prices finite and not below zero.  Any breach aborts; the sanitizers
 * catch the rest (leaks included).  The seeds are the docs' example
 * answers (test_lkraken.c names each).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/tp_lkraken.h"

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
	want(isfinite(b->free) && b->free >= 0 && isfinite(b->locked) &&
	    b->locked >= 0);
	return 0;
}

/* After a reader: its return, reason and envelope as promised; the
 * count of what it told starts again. */
static void
check(int rc, const struct tp_lkraken_env *e, const char *why, int stop)
{
	want(rc == 0 || rc == -1);
	if (rc < 0) {
		want(why[0] != '\0' && memchr(why, '\0', 256) != NULL &&
		    strchr(why, '\n') == NULL);
		want(told == 0 && stop == 0);
	} else
		name(e->err, sizeof(e->err));
	want(stop == 0 || stop == 1);
	told = 0;
}

/* The names of a NUL-ended copy of the bytes (up to 64). */
static void
names(const uint8_t *data, size_t size)
{
	char s[65], out[TP_LID], sym[TP_LSYM];
	size_t n = size < 64 ? size : 64;

	memcpy(s, data, n);
	s[n] = '\0';
	if (tp_lkraken_clid(s, out) == 0)
		want(strlen(out) <= 36);
	tp_lkraken_tpid(s, out);
	name(out, sizeof(out));
	if (tp_lkraken_pair(s, sym) == 0)
		name(sym, sizeof(sym));
	if (tp_lkraken_symbol(s, sym) == 0)
		name(sym, sizeof(sym));
	tp_lkraken_asset(s, out);
	name(out, TP_LASSET);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tp_lkraken_env e;
	struct tp_lrules r;
	char why[256], id[TP_LID];
	int64_t t;
	long count;
	int rc, found, stop, m;

	if (size > 65536)
		return 0;
	names(data, size);
	memset(why, 0, sizeof(why));
	told = 0;
	check(tp_lkraken_read_env(s, size, &e, why, sizeof(why)), &e, why, 0);
	rc = tp_lkraken_read_time(s, size, &e, &t, why, sizeof(why));
	check(rc, &e, why, 0);
	want(rc < 0 || e.err[0] != '\0' || t > 0);
	rc = tp_lkraken_read_rules(s, size, "BTCUSD", "XBTUSD", &e, &r,
	    &found, why, sizeof(why));
	check(rc, &e, why, 0);
	if (found) {
		want(rc == 0 && strcmp(r.symbol, "BTCUSD") == 0 &&
		    r.step > 0 && r.tick > 0);
		name(r.base, sizeof(r.base));
		name(r.quote, sizeof(r.quote));
		amount(r.min_qty);
		amount(r.min_notional);
	}
	for (m = 0; m < 2; m++) {
		rc = tp_lkraken_read_orders(s, size, m ? "closed" : "open", &e,
		    on_order, NULL, &stop, why, sizeof(why));
		check(rc, &e, why, stop);
	}
	rc = tp_lkraken_read_placed(s, size, &e, id, why, sizeof(why));
	check(rc, &e, why, 0);
	name(id, sizeof(id));
	rc = tp_lkraken_read_cancel(s, size, &e, &count, why, sizeof(why));
	check(rc, &e, why, 0);
	want(count >= 0);
	rc = tp_lkraken_read_balances(s, size, &e, on_balance, NULL, &stop,
	    why, sizeof(why));
	check(rc, &e, why, stop);
	return 0;
}
