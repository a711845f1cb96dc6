/*
 * tp_lkraken.h: the Kraken spot venue's parts that need no network
 * (tp_live.h has the venue itself, tp_kraken_venue): the signature, the
 * names Kraken gives assets, pairs and client ids, and the readers of
 * Kraken's answers, kept apart from HTTP so that the unit tests and a
 * fuzz harness (tests/fuzz/fuzz_lkraken.c) reach them.
 *
 * Sources: Kraken's OpenAPI spec of the spot REST API,
 * krakenfx/api-specs@729f278e370ab9dc5195ee60df558a10fb987ed3
 * spot-rest/openapi_v3.yaml (docs.kraken.com/api/docs/rest-api/...) and
 * the schemas it names, quoted at each reader; the authentication guide
 * docs.kraken.com/api/docs/guides/spot-rest-auth (signing.md); the error
 * guide docs.kraken.com/api/docs/guides/spot-errors.
 */
#ifndef TP_LKRAKEN_H
#define TP_LKRAKEN_H

#include <stddef.h>
#include <stdint.h>

#include "live/tp_live.h"

#define TP_LKRAKEN_SIGN 89	/* a 64-byte HMAC-SHA512 in base64, NUL */

/*
 * API-Sign (spot-rest-auth): base64 of HMAC-SHA512, keyed with the
 * base64-decoded secret, of the URI path ("/0/private/AddOrder") and the
 * SHA-256 of nonce + the POST data as sent.  -1 when the secret is not
 * padded base64 of 1 to 256 bytes.
 */
int tp_lkraken_sign(const char *secret, size_t slen, const char *path,
    const char *nonce, const char *body, size_t blen,
    char out[TP_LKRAKEN_SIGN]);

/* Whether secret[0..n) is a Kraken API secret: padded base64. */
int tp_lkraken_secret_ok(const char *secret, size_t n);

/* tp's name of Kraken asset a: XXBT and XBT are BTC, XXDG and XDG
 * DOGE, the legacy X/Z names (XETH, ZUSD) lose their letter; others as
 * they are.  out: TP_LASSET bytes. */
void tp_lkraken_asset(const char *a, char *out);

/* Kraken's pair of tp's venue symbol (BTCUSDT is XBTUSDT, ETHBTC
 * ETHXBT) into out, and back: 0, or -1 when too long. */
int tp_lkraken_pair(const char *symbol, char out[TP_LSYM]);
int tp_lkraken_symbol(const char *pair, char out[TP_LSYM]);

/*
 * The cl_ord_id of tp's client id, and back.  AddOrder's cl_ord_id is a
 * UUID (32 hex digits, with or without 4 dashes) or free text of 18
 * characters at most; tp's ids are "tp" and 32 hex digits, sent as the
 * 32 digits (a short UUID) and read back with "tp" before them.  An id
 * of 18 characters or fewer goes as it is.  -1: neither fits.
 */
int tp_lkraken_clid(const char *client_id, char out[TP_LID]);
void tp_lkraken_tpid(const char *cl_ord_id, char out[TP_LID]);

/* Every answer's envelope: {"error": [...], "result": {...}}. */
struct tp_lkraken_env {
	int nerr;		/* errors and warnings listed */
	char err[256];		/* the first that is an error ("E..."),
				 * made printable; "" when none */
};

/*
 * Each reader takes a whole answer body[0..n) and fills *e.  It returns
 * -1 with why (wn bytes) when the answer is not what Kraken documents
 * (not JSON, a field missing or of another type, a number that is not
 * one); else 0, and, only when e->err is "", what the result holds.
 */
int tp_lkraken_read_env(const char *body, size_t n,
    struct tp_lkraken_env *e, char *why, size_t wn);

/* GET /0/public/Time: result.unixtime (seconds) in ms. */
int tp_lkraken_read_time(const char *body, size_t n,
    struct tp_lkraken_env *e, int64_t *ms, char *why, size_t wn);

/* GET /0/public/AssetPairs?pair=P: the rules of the pair (its key or
 * altname is P, or it is the only one) into *r, r->symbol being tp's
 * symbol; *found 0 when the result has none. */
int tp_lkraken_read_rules(const char *body, size_t n, const char *symbol,
    const char *pair, struct tp_lkraken_env *e, struct tp_lrules *r,
    int *found, char *why, size_t wn);

/* POST /0/private/AddOrder: result.txid[0] into txid (TP_LID bytes). */
int tp_lkraken_read_placed(const char *body, size_t n,
    struct tp_lkraken_env *e, char *txid, char *why, size_t wn);

/* POST /0/private/CancelOrder: result.count into *count. */
int tp_lkraken_read_cancel(const char *body, size_t n,
    struct tp_lkraken_env *e, long *count, char *why, size_t wn);

/*
 * POST /0/private/OpenOrders (member "open") and ClosedOrders
 * ("closed"): fn with each order of result.<member> (stopping when it
 * returns non-zero, put in *stop).  An order's fee is in the quote
 * asset unless its oflags hold fcib (then the base).
 */
int tp_lkraken_read_orders(const char *body, size_t n, const char *member,
    struct tp_lkraken_env *e, tp_lorder_fn *fn, void *ctx, int *stop,
    char *why, size_t wn);

/* POST /0/private/BalanceEx: fn with each asset whose balance is not
 * zero, free = balance - hold_trade; Earn's read-only assets (a name
 * with a dot: USDT.F, ETH2.S) are left out. */
int tp_lkraken_read_balances(const char *body, size_t n,
    struct tp_lkraken_env *e, tp_lbalance_fn *fn, void *ctx, int *stop,
    char *why, size_t wn);

#endif
