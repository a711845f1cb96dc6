/*
 * tp_lkeys.c: the key store of live accounts (tp_lkeys.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/tp_grow.h"
#include "core/tp_jansson.h"
#include "core/tp_secret.h"
#include "core/tp_time.h"
#include "live/tp_lcoinbase.h"
#include "live/tp_lkeys.h"
#include "live/tp_lkraken.h"
#include "live/tp_lsign.h"

#define MAGIC "tpk1"
#define HEAD 9			/* magic, type, two lengths */
#define PEM_BEGIN "-----BEGIN"

int
tp_lkeys_init(struct tp_lkeys *ks, const char *dir, struct tp_err *err)
{
	const char *e;
	size_t len;
	int n;

	ks->path[0] = '\0';
	if (dir == NULL && (e = getenv("TP_KEYS_DIR")) != NULL && *e)
		dir = e;
	if (dir != NULL)
		n = snprintf(ks->dir, sizeof(ks->dir), "%s", dir);
	/* the XDG spec: a relative XDG_CONFIG_HOME is to be ignored */
	else if ((e = getenv("XDG_CONFIG_HOME")) != NULL && *e == '/')
		n = snprintf(ks->dir, sizeof(ks->dir), "%s/tp/keys", e);
	else if ((e = getenv("HOME")) != NULL && *e)
		n = snprintf(ks->dir, sizeof(ks->dir), "%s/.config/tp/keys",
		    e);
	else
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "no key store: set "
		    "HOME or TP_KEYS_DIR, or give --keys DIR");
	if (n <= 0 || (size_t)n >= sizeof(ks->dir))
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the key store's "
		    "path is empty or longer than %zu bytes",
		    sizeof(ks->dir) - 1);
	for (len = (size_t)n; len > 1 && ks->dir[len - 1] == '/'; len--)
		ks->dir[len - 1] = '\0';
	return 0;
}

int
tp_lkeys_name_ok(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

	return n > 0 && n < TP_LKEYS_NAME && name[n] == '\0';
}

/* ks->path: the account's file of extension ext. */
static const char *
file_path(struct tp_lkeys *ks, const char *name, const char *ext)
{
	snprintf(ks->path, sizeof(ks->path), "%s/%s.%s", ks->dir, name, ext);
	return ks->path;
}

static int
bad_name(const char *name, struct tp_err *err)
{
	return tp_errf(err, TP_EX_CONFIG, NULL, 0, "\"%.80s\" is not an "
	    "account name (1 to %d letters, digits, _ and -)", name,
	    TP_LKEYS_NAME - 1);
}

static int
no_account(struct tp_lkeys *ks, const char *name, struct tp_err *err)
{
	return tp_errf(err, TP_EX_CONFIG, ks->dir, 0, "no account \"%s\" "
	    "here (tp-exec keys list)", name);
}

/* mkdir -p of the store's parents, then the store itself, mode 700. */
static int
make_dir(struct tp_lkeys *ks, struct tp_err *err)
{
	char *p = ks->path;

	snprintf(ks->path, sizeof(ks->path), "%s", ks->dir);
	while ((p = strchr(p + 1, '/')) != NULL) {
		*p = '\0';
		if (mkdir(ks->path, 0777) < 0 && errno != EEXIST)
			return tp_errf(err, TP_EX_IOERR, ks->path, 0, "cannot "
			    "make the directory: %s", strerror(errno));
		*p = '/';
	}
	if (mkdir(ks->dir, 0700) < 0 && errno != EEXIST)
		return tp_errf(err, TP_EX_IOERR, ks->dir, 0, "cannot make the "
		    "directory: %s", strerror(errno));
	return 0;
}

/*
 * The store's directory, made when make is set and it is missing: 1
 * there, 0 missing.  One that another user owns or may write could
 * have its files swapped for others: refused.
 */
static int
check_dir(struct tp_lkeys *ks, int make, struct tp_err *err)
{
	struct stat sb;

	if (stat(ks->dir, &sb) < 0) {
		if (errno != ENOENT)
			return tp_errf(err, TP_EX_IOERR, ks->dir, 0, "%s",
			    strerror(errno));
		if (!make)
			return 0;
		if (make_dir(ks, err) < 0)
			return -1;
		if (stat(ks->dir, &sb) < 0)
			return tp_errf(err, TP_EX_IOERR, ks->dir, 0, "%s",
			    strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return tp_errf(err, TP_EX_CONFIG, ks->dir, 0, "the key store "
		    "is not a directory");
	if (sb.st_uid != geteuid())
		return tp_errf(err, TP_EX_CONFIG, ks->dir, 0, "the key store "
		    "belongs to another user");
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return tp_errf(err, TP_EX_CONFIG, ks->dir, 0, "other users "
		    "may write the key store: chmod 700 it");
	return 1;
}

/* Sync the store's directory, so that a file made or removed stays so
 * after a power cut. */
static int
sync_dir(struct tp_lkeys *ks, struct tp_err *err)
{
	int fd = open(ks->dir, O_RDONLY), ok;

	if (fd < 0)
		return tp_errf(err, TP_EX_IOERR, ks->dir, 0, "%s",
		    strerror(errno));
	ok = fsync(fd) == 0;
	close(fd);
	return ok ? 0 : tp_errf(err, TP_EX_IOERR, ks->dir, 0, "sync: %s",
	    strerror(errno));
}

/* ---- NAME.account ----------------------------------------------------- */

/* The fields of the object o into *a, or why they are not. */
static const char *
meta_fields(json_t *o, struct tp_lkeys_acct *a)
{
	const char *s, *f;
	json_t *v;
	size_t n;

	s = json_string_value(json_object_get(o, "name"));
	if (s == NULL || !tp_lkeys_name_ok(s))
		return "\"name\" is not an account name";
	memcpy(a->name, s, strlen(s) + 1);
	s = json_string_value(json_object_get(o, "exchange"));
	if (s == NULL || (a->venue = tp_live_venue(s)) == NULL)
		return "\"exchange\" is not binance, bybit, kraken or "
		    "coinbase";
	s = json_string_value(json_object_get(o, "market"));
	if (s == NULL || (strcmp(s, "spot") != 0 && strcmp(s, "futures") != 0))
		return "\"market\" is not spot or futures";
	a->market = strcmp(s, "spot") == 0 ? TP_LM_SPOT : TP_LM_FUTURES;
	s = json_string_value(json_object_get(o, "key_type"));
	if (s == NULL || (strcmp(s, "hmac") != 0 && strcmp(s, "ed25519") != 0))
		return "\"key_type\" is not hmac or ed25519";
	a->key_type = strcmp(s, "hmac") == 0 ? TP_LK_HMAC : TP_LK_ED25519;
	if (a->key_type == TP_LK_ED25519 && a->venue == &tp_bybit_venue)
		return "an Ed25519 key for bybit, which has HMAC keys only";
	if (a->key_type == TP_LK_ED25519 && a->venue == &tp_kraken_venue)
		return "an Ed25519 key for kraken, which has HMAC keys only";
	if (a->market == TP_LM_FUTURES && a->venue == &tp_kraken_venue)
		return "a futures account on kraken, which tp trades spot only";
	if (a->venue == &tp_coinbase_venue && (a->key_type != TP_LK_ED25519 ||
	    a->market != TP_LM_SPOT))
		return "a coinbase account not spot or not Ed25519";
	v = json_object_get(o, "testnet");
	if (!json_is_boolean(v))
		return "\"testnet\" is not true or false";
	a->testnet = json_is_true(v);
	f = json_string_value(json_object_get(o, "fingerprint"));
	n = f != NULL ? strlen(f) : 0;
	if (n != TP_LKEYS_FP - 1 || strspn(f, "0123456789abcdef") != n)
		return "\"fingerprint\" is not 16 hex digits";
	memcpy(a->fingerprint, f, n + 1);
	v = json_object_get(o, "created");
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return "\"created\" is not a time in ms";
	a->created = json_integer_value(v);
	return NULL;
}

int
tp_lkeys_meta_parse(const char *text, size_t n, const char *file,
    struct tp_lkeys_acct *a, struct tp_err *err)
{
	static const char *const keys[] = { "name", "exchange", "market",
	    "key_type", "testnet", "fingerprint", "created" };
	json_error_t je;
	json_t *o = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	const char *why, *k;

	memset(a, 0, sizeof(*a));
	if (o == NULL)
		return tp_errf(err, TP_EX_CONFIG, file, je.line > 0 ? je.line :
		    0, "not an account file: %s", je.text);
	if (!json_is_object(o))
		why = "not a JSON object";
	else if ((k = tp_jansson_unknown_key(o, keys,
	    sizeof(keys) / sizeof(*keys))) != NULL) {
		tp_errf(err, TP_EX_CONFIG, file, 0, "not an account file: "
		    "unknown key \"%.40s\"", k);
		json_decref(o);
		return -1;
	} else
		why = meta_fields(o, a);
	json_decref(o);
	if (why != NULL)
		return tp_errf(err, TP_EX_CONFIG, file, 0, "not an account "
		    "file: %s", why);
	return 0;
}

int
tp_lkeys_meta_text(const struct tp_lkeys_acct *a, char *buf, size_t n)
{
	/* every field is of letters, digits, _ and -: nothing to escape */
	int len = snprintf(buf, n, "{\"name\":\"%s\",\"exchange\":\"%s\","
	    "\"market\":\"%s\",\"key_type\":\"%s\",\"testnet\":%s,"
	    "\"fingerprint\":\"%s\",\"created\":%lld}\n", a->name,
	    a->venue->name, a->market == TP_LM_SPOT ? "spot" : "futures",
	    a->key_type == TP_LK_HMAC ? "hmac" : "ed25519",
	    a->testnet ? "true" : "false", a->fingerprint,
	    (long long)a->created);

	return len < 0 || (size_t)len >= n ? -1 : len;
}

int
tp_lkeys_meta(struct tp_lkeys *ks, const char *name, struct tp_lkeys_acct *a,
    struct tp_err *err)
{
	char text[TP_LKEYS_ACCOUNT_MAX + 1];
	size_t n = 0;
	ssize_t got = 1;
	int fd, rc;

	if (!tp_lkeys_name_ok(name))
		return bad_name(name, err);
	if ((rc = check_dir(ks, 0, err)) <= 0)
		return rc < 0 ? -1 : no_account(ks, name, err);
	if ((fd = open(file_path(ks, name, "account"), O_RDONLY)) < 0)
		return errno == ENOENT ? no_account(ks, name, err) :
		    tp_errf(err, TP_EX_IOERR, ks->path, 0, "cannot open: %s",
		    strerror(errno));
	while (n < sizeof(text) && (got = read(fd, text + n,
	    sizeof(text) - n)) > 0)
		n += (size_t)got;
	close(fd);
	if (got < 0)
		return tp_errf(err, TP_EX_IOERR, ks->path, 0, "read error: %s",
		    strerror(errno));
	if (n > TP_LKEYS_ACCOUNT_MAX)
		return tp_errf(err, TP_EX_CONFIG, ks->path, 0, "not an account "
		    "file: longer than %d bytes", TP_LKEYS_ACCOUNT_MAX);
	if (tp_lkeys_meta_parse(text, n, ks->path, a, err) < 0)
		return -1;
	/* a file copied to another name: which account is it? */
	if (strcmp(a->name, name) != 0)
		return tp_errf(err, TP_EX_CONFIG, ks->path, 0, "holds the "
		    "account \"%s\", not \"%s\"", a->name, name);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The account names of the store's NAME.account files into *names. */
static int
list_names(struct tp_lkeys *ks, char (**names)[TP_LKEYS_NAME], int *n,
    struct tp_err *err)
{
	char (*v)[TP_LKEYS_NAME];
	struct dirent *e;
	DIR *d = opendir(ks->dir);
	size_t len;
	int cap = 0;

	if (d == NULL)
		return tp_errf(err, TP_EX_IOERR, ks->dir, 0, "cannot open: %s",
		    strerror(errno));
	for (errno = 0; (e = readdir(d)) != NULL; errno = 0) {
		len = strlen(e->d_name);
		if (len <= 8 || len - 8 >= TP_LKEYS_NAME ||
		    strcmp(e->d_name + len - 8, ".account") != 0)
			continue;
		if ((v = tp_grow(*names, &cap, *n + 1, sizeof(*v))) == NULL) {
			closedir(d);
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of "
			    "memory");
		}
		*names = v;
		memcpy(v[*n], e->d_name, len - 8);
		v[*n][len - 8] = '\0';
		*n += tp_lkeys_name_ok(v[*n]);
	}
	if (errno != 0) {
		tp_errf(err, TP_EX_IOERR, ks->dir, 0, "read error: %s",
		    strerror(errno));
		closedir(d);
		return -1;
	}
	closedir(d);
	return 0;
}

int
tp_lkeys_list(struct tp_lkeys *ks, tp_lkeys_fn *fn, void *ctx,
    struct tp_err *err)
{
	char (*names)[TP_LKEYS_NAME] = NULL;
	struct tp_lkeys_acct a;
	int n = 0, i, rc;

	if ((rc = check_dir(ks, 0, err)) <= 0)
		return rc;
	if (list_names(ks, &names, &n, err) < 0) {
		free(names);
		return -1;
	}
	if (n > 0)
		qsort(names, (size_t)n, sizeof(*names), cmp_name);
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		rc = tp_lkeys_meta(ks, names[i], &a, err) < 0 ? -1 :
		    fn(ctx, &a);
	free(names);
	return rc;
}

/* ---- the payload ------------------------------------------------------ */

int
tp_lkeys_pack(unsigned char p[TP_LKEYS_PAYLOAD], enum tp_lkeytype kt,
    const char *key, size_t klen, const char *secret, size_t slen)
{
	if (klen > 0xffff || slen > 0xffff ||
	    HEAD + klen + 1 + slen + 1 > TP_LKEYS_PAYLOAD)
		return -1;
	memset(p, 0, TP_LKEYS_PAYLOAD);
	memcpy(p, MAGIC, 4);
	p[4] = kt == TP_LK_ED25519;
	p[5] = (unsigned char)(klen >> 8), p[6] = (unsigned char)klen;
	p[7] = (unsigned char)(slen >> 8), p[8] = (unsigned char)slen;
	memcpy(p + HEAD, key, klen);
	memcpy(p + HEAD + klen + 1, secret, slen);
	return 0;
}

int
tp_lkeys_unpack(const unsigned char p[TP_LKEYS_PAYLOAD],
    enum tp_lkeytype *kt, const char **key, size_t *klen,
    const char **secret, size_t *slen)
{
	size_t k = (size_t)p[5] << 8 | p[6], s = (size_t)p[7] << 8 | p[8];
	const unsigned char *ks = p + HEAD, *ss;

	if (memcmp(p, MAGIC, 4) != 0 || p[4] > 1 || k == 0 || s == 0 ||
	    HEAD + k + 1 + s + 1 > TP_LKEYS_PAYLOAD)
		return -1;
	ss = ks + k + 1;
	if (ks[k] != '\0' || ss[s] != '\0' || memchr(ks, '\0', k) != NULL ||
	    memchr(ss, '\0', s) != NULL)
		return -1;
	*kt = p[4] ? TP_LK_ED25519 : TP_LK_HMAC;
	*key = (const char *)ks, *klen = k;
	*secret = (const char *)ss, *slen = s;
	return 0;
}

void
tp_lkeys_fingerprint(const char *key, size_t n, char fp[TP_LKEYS_FP])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)key, n,
	    NULL, 0);
	sodium_bin2hex(fp, TP_LKEYS_FP, h, (TP_LKEYS_FP - 1) / 2);
}

/* ---- add, remove, open ------------------------------------------------ */

/* Whether s[0..n) is visible ASCII only (what an HTTP header and a query
 * string can carry as it is). */
static int
visible(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return 0;
	return n > 0;
}

static size_t
trim(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n;
}

/* A Coinbase account's secret: an Ed25519 CDP key (tp_lcoinbase_secret),
 * on a spot account. */
static int
coinbase_secret(const struct tp_lkeys_acct *a, const char *secret,
    enum tp_lkeytype *kt, struct tp_err *err)
{
	unsigned char *sk;
	int rc;

	if (a->market != TP_LM_SPOT)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "coinbase: spot "
		    "only (tp trades Coinbase Advanced Trade spot; futures "
		    "are not supported)");
	/* the Advanced Trade sandbox answers fixed examples: nothing
	 * trades there */
	if (a->testnet)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "coinbase: no test "
		    "network (the Advanced Trade sandbox answers fixed "
		    "examples): add the key without --testnet");
	if ((sk = sodium_malloc(TP_LSIGN_SK)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rc = tp_lcoinbase_secret(secret, sk);
	sodium_free(sk);
	*kt = TP_LK_ED25519;
	if (rc == TP_LCB_ES256)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "coinbase: %s",
		    TP_LCOINBASE_ES256_WHY);
	return rc == TP_LCB_KEY ? 0 : tp_errf(err, TP_EX_CONFIG, NULL, 0,
	    "coinbase: the secret is not an Ed25519 CDP private key (base64 "
	    "of 64 bytes, as the CDP portal gives it, or a PKCS#8 PEM)");
}

/* The key type of secret[0..slen) (NUL-ended there), checked: an
 * Ed25519 PEM that reads, or one line of visible ASCII. */
static int
secret_type(const struct tp_lkeys_acct *a, const char *secret, size_t slen,
    enum tp_lkeytype *kt, struct tp_err *err)
{
	unsigned char *sk;
	int rc;

	*kt = TP_LK_HMAC;
	if (a->venue == &tp_coinbase_venue)
		return coinbase_secret(a, secret, kt, err);
	if (slen < sizeof(PEM_BEGIN) - 1 || memcmp(secret, PEM_BEGIN,
	    sizeof(PEM_BEGIN) - 1) != 0) {
		if (!visible(secret, slen))
			return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the secret "
			    "read is not one line of visible ASCII, nor a PEM "
			    "block");
		/* Kraken's private key is base64 (spot-rest-auth: "base64
		 * decoded secret API key") */
		if (a->venue == &tp_kraken_venue &&
		    !tp_lkraken_secret_ok(secret, slen))
			return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the secret "
			    "is not base64: kraken's private key is (88 "
			    "characters ending in ==)");
		return 0;
	}
	*kt = TP_LK_ED25519;
	if (a->venue == &tp_bybit_venue || a->venue == &tp_kraken_venue)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the secret is a "
		    "private key: %s's API keys are HMAC keys only",
		    a->venue->name);
	if ((sk = sodium_malloc(TP_LSIGN_SK)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rc = tp_lsign_ed25519_pem(secret, sk);
	sodium_free(sk);
	return rc == 0 ? 0 : tp_errf(err, TP_EX_CONFIG, NULL, 0, "the secret "
	    "is not an Ed25519 private key in PKCS#8 PEM (\"-----BEGIN "
	    "PRIVATE KEY-----\")");
}

/* Write a's NAME.account (ks->path), never over a file. */
static int
write_meta(struct tp_lkeys *ks, const struct tp_lkeys_acct *a,
    struct tp_err *err)
{
	char text[512];
	int len = tp_lkeys_meta_text(a, text, sizeof(text)), fd, ok;

	if (len < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "account text "
		    "too long");
	if ((fd = open(ks->path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return tp_errf(err, errno == EEXIST ? TP_EX_CONFIG :
		    TP_EX_IOERR, ks->path, 0, "cannot create: %s",
		    strerror(errno));
	ok = write(fd, text, (size_t)len) == len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok) {
		tp_errf(err, TP_EX_IOERR, ks->path, 0, "write error: %s",
		    strerror(errno));
		unlink(ks->path);
		return -1;
	}
	return 0;
}

/* Whether the account name has a file here; -1 with err when that
 * cannot be told. */
static int
exists(struct tp_lkeys *ks, const char *name, struct tp_err *err)
{
	static const char *const ext[] = { "account", "key" };
	struct stat sb;
	int i;

	for (i = 0; i < 2; i++) {
		if (lstat(file_path(ks, name, ext[i]), &sb) == 0)
			return 1;
		if (errno != ENOENT)
			return tp_errf(err, TP_EX_IOERR, ks->path, 0, "%s",
			    strerror(errno));
	}
	return 0;
}

/*
 * A store has one passphrase, the one a run is given: one mistyped when
 * an account is added would make a key no run opens.  Whether the
 * passphrase opens the first account's key (none: any does).
 */
static int
same_passphrase(struct tp_lkeys *ks, struct tp_err *err)
{
	char (*names)[TP_LKEYS_NAME] = NULL;
	unsigned char *p = NULL;
	int n = 0, i, rc = 0;

	if (list_names(ks, &names, &n, err) < 0)
		rc = -1;
	for (i = 1; i < n; i++)
		if (strcmp(names[i], names[0]) < 0)
			memcpy(names[0], names[i], sizeof(*names));
	if (rc == 0 && n > 0) {
		if ((p = sodium_malloc(TP_LKEYS_PAYLOAD)) == NULL)
			rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of "
			    "memory");
		else
			rc = tp_secret_read(file_path(ks, names[0], "key"), p,
			    TP_LKEYS_PAYLOAD, err);
		sodium_free(p);		/* wipes it */
	}
	free(names);
	return rc;
}

int
tp_lkeys_check_new(struct tp_lkeys *ks, const char *name, struct tp_err *err)
{
	int there, rc = 0;

	if (!tp_lkeys_name_ok(name))
		return bad_name(name, err);
	if ((there = check_dir(ks, 0, err)) < 0)
		return -1;
	if (there && (rc = exists(ks, name, err)) != 0)
		return rc < 0 ? -1 : tp_errf(err, TP_EX_CONFIG, ks->dir, 0,
		    "account \"%s\" exists: remove it first (tp-exec keys "
		    "remove %s)", name, name);
	if (!tp_secret_have_passphrase())
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "key files are "
		    "encrypted with a passphrase: set %s", TP_SECRET_ENV);
	return there ? same_passphrase(ks, err) : 0;
}

/* Encrypt p, then write the account beside it. */
static int
store(struct tp_lkeys *ks, const struct tp_lkeys_acct *a,
    const unsigned char *p, struct tp_err *err)
{
	if (check_dir(ks, 1, err) < 0 || tp_lkeys_check_new(ks, a->name,
	    err) < 0)
		return -1;
	if (tp_secret_write(file_path(ks, a->name, "key"), p,
	    TP_LKEYS_PAYLOAD, err) < 0)
		return -1;
	file_path(ks, a->name, "account");
	if (write_meta(ks, a, err) < 0) {
		unlink(file_path(ks, a->name, "key"));
		/* the error names ks->path: NAME.account again */
		file_path(ks, a->name, "account");
		return -1;
	}
	return sync_dir(ks, err);
}

int
tp_lkeys_add(struct tp_lkeys *ks, struct tp_lkeys_acct *a, const char *key,
    size_t klen, const char *secret, size_t slen, struct tp_err *err)
{
	unsigned char *p;
	enum tp_lkeytype kt;
	int rc;

	if (!tp_lkeys_name_ok(a->name))
		return bad_name(a->name, err);
	if (a->venue == &tp_kraken_venue && (a->market != TP_LM_SPOT ||
	    a->testnet))
		/* Kraken Futures is another API with other keys, and Kraken
		 * spot has no test network */
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "kraken: tp trades "
		    "Kraken spot only, on the production network (no "
		    "--market futures, no --testnet)");
	klen = trim(key, klen);
	slen = trim(secret, slen);
	if (klen > TP_LKEYS_KEY_MAX || !visible(key, klen))
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the API key read "
		    "is %s", klen == 0 ? "empty" : "not one line of visible "
		    "ASCII of at most 256 bytes");
	if (slen == 0)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the secret read is "
		    "empty");
	if ((p = sodium_malloc(TP_LKEYS_PAYLOAD)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	/* packed first: the secret is NUL-ended there, as the PEM reader
	 * wants it */
	if (tp_lkeys_pack(p, TP_LK_HMAC, key, klen, secret, slen) < 0)
		rc = tp_errf(err, TP_EX_CONFIG, NULL, 0, "the key and secret "
		    "read are longer than %d bytes", TP_LKEYS_PAYLOAD - HEAD -
		    2);
	else if ((rc = secret_type(a, (const char *)p + HEAD + klen + 1,
	    slen, &kt, err)) == 0) {
		p[4] = kt == TP_LK_ED25519;
		a->key_type = kt;
		tp_lkeys_fingerprint(key, klen, a->fingerprint);
		a->created = tp_time_now_ms();
		rc = store(ks, a, p, err);
	}
	sodium_free(p);
	return rc;
}

int
tp_lkeys_remove(struct tp_lkeys *ks, const char *name, struct tp_err *err)
{
	static const char *const ext[] = { "account", "key" };
	int i, gone = 0, rc;

	if (!tp_lkeys_name_ok(name))
		return bad_name(name, err);
	if ((rc = check_dir(ks, 0, err)) <= 0)
		return rc < 0 ? -1 : no_account(ks, name, err);
	/* NAME.account first: a list never shows an account half gone */
	for (i = 0; i < 2; i++) {
		if (unlink(file_path(ks, name, ext[i])) == 0)
			gone++;
		else if (errno != ENOENT)
			return tp_errf(err, TP_EX_IOERR, ks->path, 0, "cannot "
			    "remove: %s", strerror(errno));
	}
	if (gone == 0)
		return no_account(ks, name, err);
	return sync_dir(ks, err);
}

/* Decrypt name's NAME.key into p (sk: room for an Ed25519 key) and set
 * l up with it as a says. */
static int
open_key(struct tp_lkeys *ks, const struct tp_lkeys_acct *a,
    unsigned char *p, unsigned char *sk, struct tp_live *l,
    struct tp_err *err)
{
	const char *key, *secret;
	size_t klen, slen;
	enum tp_lkeytype kt;

	if (tp_secret_read(file_path(ks, a->name, "key"), p,
	    TP_LKEYS_PAYLOAD, err) < 0)
		return -1;
	if (tp_lkeys_unpack(p, &kt, &key, &klen, &secret, &slen) < 0 ||
	    kt != a->key_type)
		return tp_errf(err, TP_EX_CONFIG, ks->path, 0, "not the key of "
		    "%s.account, or damaged", a->name);
	if (kt == TP_LK_ED25519) {
		if (a->venue == &tp_coinbase_venue ?
		    tp_lcoinbase_secret(secret, sk) != TP_LCB_KEY :
		    tp_lsign_ed25519_pem(secret, sk) < 0)
			return tp_errf(err, TP_EX_CONFIG, ks->path, 0, "the "
			    "secret is not an Ed25519 private key");
		secret = (const char *)sk;
		slen = TP_LSIGN_SK;
	}
	if (tp_live_init(l, a->venue, a->market, tp_live_base_url(a->venue,
	    a->market, a->testnet), kt, key, (const unsigned char *)secret,
	    slen, err) < 0) {
		tp_live_release(l);
		return -1;
	}
	memcpy(l->account, a->name, strlen(a->name) + 1);
	return 0;
}

int
tp_lkeys_open(struct tp_lkeys *ks, const char *name, struct tp_live *l,
    struct tp_err *err)
{
	struct tp_lkeys_acct a;
	unsigned char *p, *sk;
	int rc = -1;

	if (tp_lkeys_meta(ks, name, &a, err) < 0)
		return -1;
	p = sodium_malloc(TP_LKEYS_PAYLOAD);
	sk = sodium_malloc(TP_LSIGN_SK);
	if (p == NULL || sk == NULL)
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else
		rc = open_key(ks, &a, p, sk, l, err);
	sodium_free(sk);		/* wipes them */
	sodium_free(p);
	return rc;
}
