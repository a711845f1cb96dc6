/*
 * tp_lsign.c: request signatures (tp_lsign.h), through libsodium.
 */
#include <string.h>

#include <sodium.h>

#include "live/tp_lsign.h"

void
tp_lsign_hmac(const unsigned char *key, size_t klen, const char *msg,
    size_t n, char out[TP_LSIGN_HEX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	/* the _init form takes a key of any length; the one-shot call
	 * assumes 32 bytes, and exchange secrets are 64 characters */
	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, TP_LSIGN_HEX, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

void
tp_lsign_ed25519(const unsigned char sk[TP_LSIGN_SK], const char *msg,
    size_t n, char out[TP_LSIGN_B64])
{
	unsigned char sig[crypto_sign_BYTES];

	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, n, sk);
	sodium_bin2base64(out, TP_LSIGN_B64, sig, sizeof(sig),
	    sodium_base64_VARIANT_ORIGINAL);
}

/*
 * The DER of an Ed25519 PKCS#8 private key (RFC 8410 section 7) is these
 * 16 bytes, then the 32-byte seed: SEQUENCE, version 0, the algorithm
 * 1.3.101.112, and an OCTET STRING holding an OCTET STRING.
 */
static const unsigned char ed25519_der[16] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
	0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
};

int
tp_lsign_ed25519_pem(const char *text, unsigned char sk[TP_LSIGN_SK])
{
	static const char begin[] = "-----BEGIN PRIVATE KEY-----";
	static const char end[] = "-----END PRIVATE KEY-----";
	unsigned char der[64], pk[crypto_sign_PUBLICKEYBYTES];
	const char *p = strstr(text, begin), *q;
	size_t len;
	int rc;

	if (p == NULL)
		return -1;
	p += sizeof(begin) - 1;
	if ((q = strstr(p, end)) == NULL)
		return -1;
	if (sodium_base642bin(der, sizeof(der), p, (size_t)(q - p),
	    " \t\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != sizeof(ed25519_der) + 32 ||
	    memcmp(der, ed25519_der, sizeof(ed25519_der)) != 0)
		rc = -1;
	else
		rc = crypto_sign_seed_keypair(pk, sk, der + 16) == 0 ? 0 : -1;
	sodium_memzero(der, sizeof(der));
	return rc;
}

int
tp_lsign_pct(struct tp_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3];
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (tp_buf_add(b, s + i, 1) < 0)
				return -1;
			continue;
		}
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 15];
		if (tp_buf_add(b, e, 3) < 0)
			return -1;
	}
	return 0;
}
