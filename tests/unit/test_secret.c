/*
 * test_secret.c: unit tests for passphrase-encrypted key files
 * (tp_secret.h): the passphrase leaves the environment at start, new files
 * use Argon2id's MODERATE limits, and a file written with the older
 * INTERACTIVE limits still opens.
 *
 * The old file is built here from the format tp_secret.h documents
 * ("tp-secret 1 OPS MEM SALT NONCE BOX", hex), with libsodium's own
 * crypto_pwhash and crypto_secretbox_easy, not with tp_secret_write.
 * The limits are libsodium's constants (sodium/crypto_pwhash_argon2id.h:
 * INTERACTIVE 2 passes and 64 MiB, MODERATE 3 passes and 256 MiB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "tap.h"
#include "core/tp_secret.h"

static void
put_hex(FILE *f, const unsigned char *p, size_t n)
{
	char h[2 * 512 + 1];

	sodium_bin2hex(h, sizeof(h), p, n);
	fprintf(f, " %s", h);
}

/* An INTERACTIVE file holding secret, as an older tp wrote it. */
static int
write_old(const char *path, const char *pass, const unsigned char *secret,
    size_t n)
{
	unsigned char salt[crypto_pwhash_SALTBYTES] = { 1, 2, 3 };
	unsigned char nonce[crypto_secretbox_NONCEBYTES] = { 4, 5, 6 };
	unsigned char key[crypto_secretbox_KEYBYTES], box[64];
	FILE *f;

	if (crypto_pwhash(key, sizeof(key), pass, strlen(pass), salt,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	crypto_secretbox_easy(box, secret, n, nonce, key);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "tp-secret 1 %llu %zu",
	    (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE);
	put_hex(f, salt, sizeof(salt));
	put_hex(f, nonce, sizeof(nonce));
	put_hex(f, box, n + crypto_secretbox_MACBYTES);
	fputc('\n', f);
	return fclose(f) == 0 && chmod(path, 0600) == 0 ? 0 : -1;
}

int
main(void)
{
	char dir[] = "/tmp/test_secret.XXXXXX", oldf[64], newf[64], line[600];
	unsigned char secret[32], got[32];
	struct tp_err err = TP_ERR_INIT;
	unsigned long long ops = 0;
	size_t mem = 0;
	FILE *f;

	setenv("TP_PASSPHRASE", "correct horse", 1);
	tap_ok(tp_secret_init() == 0, "libsodium starts");
	tap_ok(getenv("TP_PASSPHRASE") == NULL,
	    "the passphrase has left the environment: children cannot "
	    "inherit it");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(oldf, sizeof(oldf), "%s/old.key", dir);
	snprintf(newf, sizeof(newf), "%s/new.key", dir);
	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (unsigned char)(7 * i + 1);

	tap_ok(write_old(oldf, "correct horse", secret, sizeof(secret)) == 0,
	    "an INTERACTIVE key file, built from the documented format");
	tap_ok(tp_secret_read(oldf, got, sizeof(got), &err) == 0 &&
	    memcmp(got, secret, sizeof(got)) == 0,
	    "it opens with the passphrase taken at start");

	tap_ok(tp_secret_write(newf, secret, sizeof(secret), &err) == 0,
	    "a new key file is written");
	f = fopen(newf, "r");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, "tp-secret 1 %llu %zu", &ops, &mem) != 2)
		ops = mem = 0;
	tap_ok(ops == crypto_pwhash_OPSLIMIT_MODERATE &&
	    mem == crypto_pwhash_MEMLIMIT_MODERATE,
	    "with MODERATE limits (%llu passes, %zu bytes)", ops, mem);
	if (f != NULL)
		fclose(f);
	memset(got, 0, sizeof(got));
	tap_ok(tp_secret_read(newf, got, sizeof(got), &err) == 0 &&
	    memcmp(got, secret, sizeof(got)) == 0, "and reads back");
	unlink(oldf);
	unlink(newf);
	rmdir(dir);
	return tap_done();
}
