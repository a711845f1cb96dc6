/*
 * tp_jkey.c: the Ed25519 keys that seal a journal.
 *
 * A seal key file holds the key's 32-byte seed, encrypted with a
 * passphrase (tp_secret.h); the public key is given as 64 hex digits, or
 * a file that holds them.
 */
#include <string.h>

#include <sodium.h>

#include "journal/tp_journal.h"
#include "core/tp_secret.h"

/* 2n hex digits in s (white space around them allowed) into out. */
static int
unhex(const char *s, unsigned char *out, size_t n)
{
	size_t len;

	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++;
	return sodium_hex2bin(out, n, s, strlen(s), " \t\r\n", &len,
	    NULL) == 0 && len == n ? 0 : -1;
}

int
tp_journal_public_key(const char *arg, unsigned char *pk, struct tp_err *err)
{
	struct tp_err ignored = TP_ERR_INIT;
	char buf[256];

	if (unhex(arg, pk, crypto_sign_PUBLICKEYBYTES) == 0)
		return 0;
	if (tp_secret_read_key(arg, buf, sizeof(buf), 0, &ignored) < 0)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--public-key: \"%s\" "
		    "is neither 64 hex digits nor a readable file", arg);
	if (unhex(buf, pk, crypto_sign_PUBLICKEYBYTES) < 0)
		return tp_errf(err, TP_EX_CONFIG, arg, 0, "not a public key "
		    "(64 hex digits)");
	return 0;
}

int
tp_journal_secret_key(const char *path, unsigned char *sk,
    struct tp_err *err)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	int rc = tp_secret_read(path, seed, sizeof(seed), err);

	if (rc == 0)
		crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

int
tp_journal_keygen(const char *path, unsigned char *pk, struct tp_err *err)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	int rc;

	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	rc = tp_secret_write(path, seed, sizeof(seed), err);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
	return rc;
}
