/*
 * tp_secret.c: passphrase-encrypted secret files (see tp_secret.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/tp_secret.h"

#define MAGIC "tp-secret 1"
#define BOX_MAX (TP_SECRET_MAX + crypto_secretbox_MACBYTES)
#define LINE_MAX_ (64 + 2 * (crypto_pwhash_SALTBYTES + \
	crypto_secretbox_NONCEBYTES + BOX_MAX))

/* The passphrase, taken from the environment by tp_secret_init, in
 * sodium_malloc's memory. */
static char *pass_copy;

int
tp_secret_init(void)
{
	char *p;

	if (sodium_init() < 0)
		return -1;
	if ((p = getenv(TP_SECRET_ENV)) == NULL)
		return 0;
	sodium_free(pass_copy);		/* wipes it */
	/* guarded pages, kept out of core dumps (as the keys are) */
	if ((pass_copy = sodium_malloc(strlen(p) + 1)) == NULL)
		return -1;
	memcpy(pass_copy, p, strlen(p) + 1);
	/* unsetenv does not wipe the text (it may be the process's
	 * original environment block): do that too. */
	sodium_memzero(p, strlen(p));
	unsetenv(TP_SECRET_ENV);
	return 0;
}

static const char *
passphrase(const char *path, struct tp_err *err)
{
	const char *p;

	/* set again since (a library's caller may): take it now */
	tp_secret_init();
	p = pass_copy;
	if (p == NULL || *p == '\0')
		tp_errf(err, TP_EX_CONFIG, path, 0, "key files are encrypted "
		    "with a passphrase: set %s", TP_SECRET_ENV);
	return p != NULL && *p != '\0' ? p : NULL;
}

int
tp_secret_have_passphrase(void)
{
	tp_secret_init();
	return pass_copy != NULL && *pass_copy != '\0';
}

/* The secretbox key for pass, salt and limits. */
static int
derive(unsigned char *key, const char *pass, const unsigned char *salt,
    unsigned long long ops, size_t mem)
{
	return crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, strlen(pass),
	    salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
}

static void
hex(char **o, const unsigned char *p, size_t n)
{
	**o = ' ';
	sodium_bin2hex(*o + 1, 2 * n + 1, p, n);
	*o += 2 * n + 1;
}

int
tp_secret_write(const char *path, const unsigned char *secret, size_t n,
    struct tp_err *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char key[crypto_secretbox_KEYBYTES], box[BOX_MAX];
	unsigned long long ops = crypto_pwhash_OPSLIMIT_MODERATE;
	size_t mem = crypto_pwhash_MEMLIMIT_MODERATE;
	const char *pass = passphrase(path, err);
	char line[LINE_MAX_], *o;
	int fd, ok;

	if (pass == NULL)
		return -1;
	if (n > TP_SECRET_MAX)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "secret too long");
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	if (derive(key, pass, salt, ops, mem) != 0)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory "
		    "deriving the key");
	crypto_secretbox_easy(box, secret, n, nonce, key);
	sodium_memzero(key, sizeof(key));
	o = line + snprintf(line, sizeof(line), MAGIC " %llu %zu", ops, mem);
	hex(&o, salt, sizeof(salt));
	hex(&o, nonce, sizeof(nonce));
	hex(&o, box, n + crypto_secretbox_MACBYTES);
	*o++ = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return tp_errf(err, errno == EEXIST ? TP_EX_CONFIG :
		    TP_EX_IOERR, path, 0, "cannot create: %s",
		    strerror(errno));
	ok = write(fd, line, (size_t)(o - line)) == o - line && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok) {
		tp_errf(err, TP_EX_IOERR, path, 0, "write error: %s",
		    strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int
tp_secret_read_key(const char *path, char *line, size_t cap, int secret,
    struct tp_err *err)
{
	struct stat sb;
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fd, &sb) < 0 || (got = read(fd, line, cap - 1)) < 0) {
		close(fd);
		return tp_errf(err, TP_EX_IOERR, path, 0, "read error: %s",
		    strerror(errno));
	}
	close(fd);
	line[got] = '\0';
	if (secret && (sb.st_mode & (S_IRWXG | S_IRWXO)))
		return tp_errf(err, TP_EX_CONFIG, path, 0, "key file is open "
		    "to other users: chmod 600 it");
	return 0;
}

/* The next hex field of *s into out[0..n). */
static int
unhex(char **s, unsigned char *out, size_t n)
{
	size_t len;
	const char *end;

	while (**s == ' ')
		++*s;
	if (sodium_hex2bin(out, n, *s, strlen(*s), NULL, &len, &end) != 0 ||
	    len != n)
		return -1;
	*s = (char *)end;
	return 0;
}

int
tp_secret_read(const char *path, unsigned char *secret, size_t n,
    struct tp_err *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char key[crypto_secretbox_KEYBYTES], box[BOX_MAX];
	unsigned long long ops;
	size_t mem;
	char line[LINE_MAX_], *s;
	const char *pass;
	int used, rc;

	if (tp_secret_read_key(path, line, sizeof(line), 1, err) < 0)
		return -1;
	if (n > TP_SECRET_MAX || sscanf(line, MAGIC " %llu %zu%n", &ops, &mem,
	    &used) != 2 || ops < crypto_pwhash_OPSLIMIT_MIN ||
	    ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    mem < crypto_pwhash_MEMLIMIT_MIN ||
	    mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "not a tp secret "
		    "key file");
	s = line + used;
	if (unhex(&s, salt, sizeof(salt)) < 0 ||
	    unhex(&s, nonce, sizeof(nonce)) < 0 ||
	    unhex(&s, box, n + crypto_secretbox_MACBYTES) < 0)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "damaged key file, "
		    "or a key of another kind");
	if ((pass = passphrase(path, err)) == NULL)
		return -1;
	if (derive(key, pass, salt, ops, mem) != 0)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory "
		    "deriving the key");
	rc = crypto_secretbox_open_easy(secret, box, n +
	    crypto_secretbox_MACBYTES, nonce, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return tp_errf(err, TP_EX_CONFIG, path, 0, "wrong passphrase "
		    "(%s), or a damaged key file", TP_SECRET_ENV);
	return 0;
}
