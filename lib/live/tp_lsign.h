/*
 * tp_lsign.h: the signatures exchanges ask of a request
 * (../fixtures/signing.md's sources: Binance's "request security",
 * Bybit v5's "create a request").
 *
 * HMAC-SHA256 in lowercase hex over a message (Binance: the query string
 * and body; Bybit: timestamp, key, recv window and the query or body),
 * with a key of any length; Ed25519 in base64 (Binance's Ed25519 keys);
 * and the percent-encoding Binance signs.
 */
#ifndef TP_LSIGN_H
#define TP_LSIGN_H

#include <stddef.h>

#include "core/tp_buf.h"

#define TP_LSIGN_HEX 65		/* 64 hex digits and a NUL */
#define TP_LSIGN_B64 89		/* 64 bytes in padded base64 and a NUL */
#define TP_LSIGN_SK 64		/* an Ed25519 secret key (seed, public) */

/* HMAC-SHA256 of msg[0..n) with key[0..klen), in hex, into out. */
void tp_lsign_hmac(const unsigned char *key, size_t klen, const char *msg,
    size_t n, char out[TP_LSIGN_HEX]);

/* The Ed25519 signature of msg[0..n) with sk, in base64, into out. */
void tp_lsign_ed25519(const unsigned char sk[TP_LSIGN_SK], const char *msg,
    size_t n, char out[TP_LSIGN_B64]);

/*
 * The Ed25519 secret key of a PKCS#8 private key in PEM ("-----BEGIN
 * PRIVATE KEY-----", as Binance's key generator writes it): 0, or -1
 * when text is not one.
 */
int tp_lsign_ed25519_pem(const char *text, unsigned char sk[TP_LSIGN_SK]);

/*
 * Append s[0..n) to b percent-encoded (RFC 3986: all but letters, digits
 * and -._~ as %XX, uppercase).  Returns -1 when out of memory.
 */
int tp_lsign_pct(struct tp_buf *b, const char *s, size_t n);

#endif
