/*
 * drive.c: a venue's operations (live/tp_live.h) from the command line,
 * for the tests of each venue against its fake (tests/live-VENUE.bats):
 *
 *   live-drive VENUE spot|futures URL COMMAND [ARG...]
 *
 * VENUE binance, bybit, kraken or coinbase, with the key in TP_DRIVE_KEY
 * and the secret in TP_DRIVE_SECRET (an HMAC secret, or an Ed25519 PEM;
 * coinbase: a CDP key name and its Ed25519 secret, base64 or PEM).  With
 * TP_DRIVE_NONCE_FILE, Kraken's nonces are kept in that file (the last
 * one used, in decimal) through struct tp_live's nonce hook, as a run
 * keeps them in its journal.  Commands:
 *
 *   time                          the measured offset
 *   rules SYMBOL
 *   prepare SYMBOL LEVERAGE
 *   place SYMBOL buy|sell market|limit|stop QTY PRICE|STOP|- CLIENT_ID
 *         [reduce]
 *   query SYMBOL CLIENT_ID
 *   cancel SYMBOL CLIENT_ID
 *   open [SYMBOL]
 *   balances
 *   positions
 *
 * Each result is one line of JSON on stdout; an error is "error CODE
 * message" on stderr and the exit status is its code.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "live/tp_lcoinbase.h"
#include "live/tp_live.h"
#include "live/tp_lsign.h"

static const char *const states[] = { "none", "new", "partial", "filled",
    "canceled", "rejected", "expired" };
static const char *const types[] = { "market", "limit", "stop" };

static int
put_order(void *ctx, const struct tp_lorder *o)
{
	(void)ctx;
	printf("{\"symbol\":\"%s\",\"client_id\":\"%s\",\"order_id\":\"%s\","
	    "\"state\":\"%s\",\"type\":\"%s\",\"side\":\"%s\",\"reduce_only\":"
	    "%d,\"qty\":%.10g,\"price\":%.10g,\"stop\":%.10g,\"filled\":%.10g,"
	    "\"avg_price\":%.10g,\"fee\":%.10g,\"fee_asset\":\"%s\",\"time\":"
	    "%lld}\n", o->symbol, o->client_id, o->order_id, states[o->state],
	    types[o->type], o->buy ? "buy" : "sell", o->reduce_only, o->qty,
	    o->price, o->stop, o->filled, o->avg_price, o->fee, o->fee_asset,
	    (long long)o->time);
	return 0;
}

static int
put_balance(void *ctx, const struct tp_lbalance *b)
{
	(void)ctx;
	printf("{\"asset\":\"%s\",\"free\":%.10g,\"locked\":%.10g}\n",
	    b->asset, b->free, b->locked);
	return 0;
}

static int
put_position(void *ctx, const struct tp_lposition *p)
{
	(void)ctx;
	printf("{\"symbol\":\"%s\",\"side\":\"%s\",\"qty\":%.10g,\"entry\":"
	    "%.10g,\"mark\":%.10g,\"liquidation\":%.10g,\"leverage\":%.10g,"
	    "\"unrealised\":%.10g}\n", p->symbol, p->is_short ? "short" :
	    "long", p->qty, p->entry, p->mark, p->liquidation, p->leverage,
	    p->unrealised);
	return 0;
}

/* The nonce hook: above the file's and least, written back before it is
 * used. */
static int
file_nonce(void *ctx, uint64_t least, uint64_t *n, struct tp_err *err)
{
	const char *path = ctx;
	uint64_t last = 0;
	FILE *f;

	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%" SCNu64, &last) != 1)
			last = 0;
		fclose(f);
	}
	*n = last + 1 > least ? last + 1 : least;
	if ((f = fopen(path, "w")) == NULL || fprintf(f, "%" PRIu64 "\n",
	    *n) < 0 || fclose(f) != 0)
		return tp_errf(err, 74, path, 0, "cannot keep the nonce");
	return 0;
}

static int
nonce_file(struct tp_live *l)
{
	char *path = getenv("TP_DRIVE_NONCE_FILE");

	if (path != NULL && *path) {
		l->nonce = file_nonce;
		l->nonce_ctx = path;
	}
	return 0;
}

static int
place(struct tp_live *l, int argc, char **argv, struct tp_err *err)
{
	struct tp_lrules r;
	struct tp_lreq q;
	struct tp_lorder o;
	char why[512];
	int rc, k;

	/* SYMBOL SIDE TYPE QTY PRICE CLIENT_ID, then [reduce] */
	if (argc < 6)
		return tp_errf(err, 64, NULL, 0, "place: arguments");
	if ((rc = l->v->rules(l, argv[0], &r, err)) <= 0)
		return rc < 0 ? -1 : tp_errf(err, 65, NULL, 0, "no symbol");
	memset(&q, 0, sizeof(q));
	q.symbol = argv[0];
	q.buy = strcmp(argv[1], "buy") == 0;
	for (k = 0; k < 3 && strcmp(argv[2], types[k]) != 0; k++)
		;
	q.type = (enum tp_lotype)k;
	q.qty = strtod(argv[3], NULL);
	if (q.type == TP_LO_LIMIT)
		q.price = strtod(argv[4], NULL);
	if (q.type == TP_LO_STOP)
		q.stop = strtod(argv[4], NULL);
	q.client_id = argv[5];
	q.reduce_only = argc > 6 && strcmp(argv[6], "reduce") == 0;
	q.rules = &r;
	rc = l->v->place(l, &q, &o, why, sizeof(why), err);
	if (rc < 0)
		return -1;
	if (rc == TP_LP_REFUSED)
		printf("{\"refused\":\"%s\"}\n", why);
	else if (rc == TP_LP_UNKNOWN)
		printf("{\"unknown\":true}\n");
	else
		put_order(NULL, &o);
	return 0;
}

static int
command(struct tp_live *l, const char *cmd, int argc, char **argv,
    struct tp_err *err)
{
	struct tp_lrules r;
	struct tp_lorder o;
	int rc;

	if (strcmp(cmd, "time") == 0) {
		if (l->v->sync_time(l, err) < 0)
			return -1;
		printf("{\"offset_ms\":%lld}\n", (long long)l->offset_ms);
	} else if (strcmp(cmd, "rules") == 0 && argc == 1) {
		if ((rc = l->v->rules(l, argv[0], &r, err)) < 0)
			return -1;
		if (rc == 0)
			printf("{\"found\":false}\n");
		else
			printf("{\"symbol\":\"%s\",\"base\":\"%s\",\"quote\":"
			    "\"%s\",\"step\":%.10g,\"min_qty\":%.10g,"
			    "\"max_qty\":%.10g,\"market_max_qty\":%.10g,"
			    "\"tick\":%.10g,\"min_notional\":%.10g,"
			    "\"trading\":%d}\n", r.symbol, r.base, r.quote,
			    r.step, r.min_qty, r.max_qty, r.market_max_qty,
			    r.tick, r.min_notional, r.trading);
	} else if (strcmp(cmd, "prepare") == 0 && argc == 2) {
		if (l->v->prepare(l, argv[0], strtod(argv[1], NULL), err) < 0)
			return -1;
		printf("{\"prepared\":true}\n");
	} else if (strcmp(cmd, "place") == 0)
		return place(l, argc, argv, err);
	else if (strcmp(cmd, "query") == 0 && argc == 2) {
		if (l->v->query(l, argv[0], argv[1], &o, err) < 0)
			return -1;
		put_order(NULL, &o);
	} else if (strcmp(cmd, "cancel") == 0 && argc == 2) {
		if ((rc = l->v->cancel(l, argv[0], argv[1], err)) < 0)
			return -1;
		printf("{\"cancelled\":%d}\n", rc);
	} else if (strcmp(cmd, "open") == 0)
		return l->v->open_orders(l, argc > 0 ? argv[0] : NULL,
		    put_order, NULL, err) < 0 ? -1 : 0;
	else if (strcmp(cmd, "balances") == 0)
		return l->v->balances(l, put_balance, NULL, err) < 0 ? -1 : 0;
	else if (strcmp(cmd, "positions") == 0)
		return l->v->positions(l, put_position, NULL, err) < 0 ? -1 :
		    0;
	else
		return tp_errf(err, 64, NULL, 0, "unknown command %s", cmd);
	return 0;
}

int
main(int argc, char **argv)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_live l;
	const struct tp_venue *v;
	const char *key = getenv("TP_DRIVE_KEY");
	const char *secret = getenv("TP_DRIVE_SECRET");
	unsigned char sk[TP_LSIGN_SK];
	enum tp_lkeytype kt = TP_LK_HMAC;
	const unsigned char *s;
	size_t slen;
	int rc = 0;

	if (argc < 5 || sodium_init() < 0 || key == NULL || secret == NULL ||
	    (v = tp_live_venue(argv[1])) == NULL) {
		fprintf(stderr, "usage: live-drive VENUE spot|futures URL "
		    "COMMAND [ARG...] (TP_DRIVE_KEY, TP_DRIVE_SECRET)\n");
		return 64;
	}
	s = (const unsigned char *)secret;
	slen = strlen(secret);
	/* Coinbase: a CDP secret (base64 or PEM); ES256 refused as
	 * tp-exec keys add refuses it */
	if (v == &tp_coinbase_venue && (rc = tp_lcoinbase_secret(secret,
	    sk)) != TP_LCB_KEY) {
		fprintf(stderr, "error 78 coinbase: %s\n", rc == TP_LCB_ES256 ?
		    TP_LCOINBASE_ES256_WHY : "not an Ed25519 CDP secret");
		return 78;
	}
	if (v == &tp_coinbase_venue || tp_lsign_ed25519_pem(secret, sk) == 0) {
		kt = TP_LK_ED25519;
		s = sk;
		slen = sizeof(sk);
	}
	if (tp_live_init(&l, v, strcmp(argv[2], "futures") == 0 ?
	    TP_LM_FUTURES : TP_LM_SPOT, argv[3], kt, key, s, slen, &err) < 0 ||
	    nonce_file(&l) < 0 ||
	    command(&l, argv[4], argc - 5, argv + 5, &err) < 0) {
		fprintf(stderr, "error %d %s\n", err.code, err.msg);
		rc = err.code;
	}
	printf("{\"requests\":%ld}\n", l.http.requests);
	tp_live_release(&l);
	tp_err_clear(&err);
	return rc;
}
