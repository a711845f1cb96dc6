/*
 * tp_lcoinbase.h: the Coinbase Advanced Trade venue's parts that need no
 * network (tp_live.h has the venue itself, tp_coinbase_venue): the JWT a
 * request carries, the CDP secret's forms, and the readers of Coinbase's
 * answers, kept apart from HTTP so that the unit tests and a fuzz
 * harness (tests/fuzz/fuzz_lcoinbase.c) reach them.
 *
 * Sources: the API reference pages under
 * docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/
 * (named at each reader), and the official SDK
 * coinbase/coinbase-advanced-py@54fb8ed3 (coinbase/jwt_generator.py for
 * the token, coinbase/rest/ and rest/types/ for the fields).
 */
#ifndef TP_LCOINBASE_H
#define TP_LCOINBASE_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_buf.h"
#include "live/tp_live.h"
#include "live/tp_lsign.h"

/* A JWT lives this long: exp = nbf + 120 (jwt_generator.py). */
#define TP_LCOINBASE_JWT_S 120

/*
 * The JWT of one request (jwt_generator.py build_jwt, as signing.md and
 * signing-vectors.json "coinbase-advanced-trade-jwt" describe it) into
 * b, replacing what it held, NUL-ended: base64url (no padding) of the
 * header {"alg":"EdDSA","kid":key_name,"nonce":nonce,"typ":"JWT"}, a dot,
 * of the claims {"sub":key_name,"iss":"cdp","nbf":now_s,"exp":now_s+120,
 * "uri":"METHOD host/path"}, a dot, and of the Ed25519 signature of the
 * two with sk.  -1 when out of memory.
 */
int tp_lcoinbase_jwt(struct tp_buf *b, const char *key_name,
    const unsigned char sk[TP_LSIGN_SK], const char *method,
    const char *host, const char *path, int64_t now_s, const char *nonce);

/* What a CDP secret is (tp_lcoinbase_secret). */
enum {
	TP_LCB_KEY = 0,		/* an Ed25519 key, into sk */
	TP_LCB_NOT = -1,	/* not a key tp reads */
	TP_LCB_ES256 = -2	/* an ECDSA (ES256) key: not in libsodium */
};

/*
 * The Ed25519 secret key of a CDP secret text (NUL-ended): base64 of the
 * 64 bytes seed and public key as the CDP portal gives it (or of the 32
 * bytes seed; the SDK signs with the first 32 bytes, jwt_generator.py
 * _load_private_key), or a PKCS#8 PEM.  A "-----BEGIN EC PRIVATE
 * KEY-----" is TP_LCB_ES256.  A 64-byte key whose public half is not its
 * seed's is TP_LCB_NOT (damaged).
 */
int tp_lcoinbase_secret(const char *text, unsigned char sk[TP_LSIGN_SK]);

/* The message that refuses an ES256 key. */
#define TP_LCOINBASE_ES256_WHY "the secret is an ECDSA (ES256) key; tp " \
	"signs Coinbase requests with Ed25519 only: create an Ed25519 key " \
	"in the CDP portal (API keys, signature algorithm Ed25519) and add " \
	"that one"

/* Coinbase's product id of tp's symbol (BTC/USDT, BTCUSDT and BTC-USDT
 * are BTC-USDT) into out: 0, or -1 when it is not one or too long. */
int tp_lcoinbase_product(const char *symbol, char out[TP_LSYM]);

/*
 * The limit price of the stop-limit order that stands for tp's stop
 * (Coinbase has no stop-market): TP_LCOINBASE_SLIP beyond the stop, past
 * which the order may not fill (tp_lcoinbase.c says why).
 */
#define TP_LCOINBASE_SLIP 0.05
double tp_lcoinbase_stop_limit(const struct tp_lrules *r, int buy,
    double stop);

/*
 * Each reader takes a whole answer body[0..n) and returns -1 with why
 * (wn bytes) when it is not what Coinbase documents (not JSON, a field
 * missing or of another type, a number that is not one), else 0.
 */

/* An error's answer (grpc.gateway.runtime.Error: {"error", "code",
 * "message", "details"}; also {"error", "error_details", "message"} and
 * plain text) as one printable line into msg (mn bytes); never fails. */
void tp_lcoinbase_read_error(const char *body, size_t n, char *msg,
    size_t mn);

/* GET /api/v3/brokerage/time (get-server-time): epochMillis, else
 * epochSeconds, else iso, into *ms. */
int tp_lcoinbase_read_time(const char *body, size_t n, int64_t *ms,
    char *why, size_t wn);

/* GET /api/v3/brokerage/products/{product_id} (get-product): the rules
 * of product into *r; a product of another type than SPOT is an error.
 * Symbols told (r->symbol here, an order's symbol below) are tp's venue
 * symbols, as tp_live_symbol writes them: BTCUSDT for BTC-USDT. */
int tp_lcoinbase_read_rules(const char *body, size_t n, const char *product,
    struct tp_lrules *r, char *why, size_t wn);

/* POST /api/v3/brokerage/orders (create-order): the answer. */
struct tp_lcoinbase_placed {
	int success;
	char order_id[TP_LID];
	char reason[256];	/* success false: error, message, and the
				 * preview or new-order failure reason */
};
int tp_lcoinbase_read_placed(const char *body, size_t n,
    struct tp_lcoinbase_placed *p, char *why, size_t wn);

/*
 * GET /api/v3/brokerage/orders/historical/batch (list-orders): fn with
 * each order of "orders" (stopping when it returns non-zero, which goes
 * into *stop), the next page's cursor into cursor (cn bytes, "" when
 * has_next is false).  An order's fee is its total_fees, in the quote
 * currency of its product; fee_asset is "" when an order that filled
 * had none (then ask tp_lcoinbase_read_fills).
 */
int tp_lcoinbase_read_orders(const char *body, size_t n, tp_lorder_fn *fn,
    void *ctx, int *stop, char *cursor, size_t cn, char *why, size_t wn);

/* GET /api/v3/brokerage/orders/historical/fills (list-fills): the
 * commission of each fill of o->order_id added to o->fee, fee_asset the
 * quote currency of the fills' product_id; the next page's cursor as
 * for orders ("" when none). */
int tp_lcoinbase_read_fills(const char *body, size_t n, struct tp_lorder *o,
    char *cursor, size_t cn, char *why, size_t wn);

/* POST /api/v3/brokerage/orders/batch_cancel (cancel-order): the result
 * of order_id: *ok its success, reason its failure_reason (rn bytes). */
int tp_lcoinbase_read_cancel(const char *body, size_t n,
    const char *order_id, int *ok, char *reason, size_t rn, char *why,
    size_t wn);

/* GET /api/v3/brokerage/accounts (list-accounts): fn with each account
 * whose available balance or hold is not zero; cursor as for orders. */
int tp_lcoinbase_read_accounts(const char *body, size_t n,
    tp_lbalance_fn *fn, void *ctx, int *stop, char *cursor, size_t cn,
    char *why, size_t wn);

#endif
