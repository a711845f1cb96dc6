/*
 * test_lkeys.c: the key store of live accounts (live/tp_lkeys.h): the
 * payload of a NAME.key packed and unpacked, the NAME.account text
 * written and read, names, the fingerprint, and an account added, listed,
 * opened onto a struct tp_live and removed.
 *
 * Expected values from outside tp: the fingerprint of Binance's example
 * API key (binance-spot-api-docs, web-socket-api.md, "SIGNED request
 * example (HMAC)") is the head of `printf %s KEY | b2sum -l 256`
 * (GNU coreutils; Python's hashlib.blake2b(digest_size=32) agrees); the
 * Ed25519 PEM and its public key are Binance's FIX example, as
 * test_lsign.c has them (fix-api.md, "How to sign Logon <A> request";
 * the public key as openssl derives it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "tap.h"
#include "core/tp_secret.h"
#include "live/tp_lkeys.h"

static const char api_key[] =
    "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
static const char hmac_secret[] =
    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
static const char pem[] = "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u\n"
    "-----END PRIVATE KEY-----\n";

static void
test_payload(void)
{
	unsigned char p[TP_LKEYS_PAYLOAD];
	const char *k, *s;
	size_t kn, sn;
	enum tp_lkeytype kt;
	char big[TP_LKEYS_PAYLOAD];

	tap_ok(tp_lkeys_pack(p, TP_LK_HMAC, api_key, strlen(api_key),
	    hmac_secret, strlen(hmac_secret)) == 0, "an HMAC key packs");
	tap_ok(tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) == 0 &&
	    kt == TP_LK_HMAC && kn == strlen(api_key) &&
	    strcmp(k, api_key) == 0 && sn == strlen(hmac_secret) &&
	    strcmp(s, hmac_secret) == 0, "and unpacks to the same key and "
	    "secret, each NUL-ended in the payload");
	tap_ok(memcmp(p, "tpk1\0\0\x40\0\x40", 9) == 0 &&
	    p[9 + 64] == 0 && p[9 + 64 + 1 + 64] == 0 &&
	    p[TP_LKEYS_PAYLOAD - 1] == 0, "laid out as tp_lkeys.h says: "
	    "tpk1, type 0, lengths 64 and 64 big-endian, NUL padded");
	tap_ok(tp_lkeys_pack(p, TP_LK_ED25519, api_key, strlen(api_key),
	    pem, strlen(pem)) == 0 && tp_lkeys_unpack(p, &kt, &k, &kn, &s,
	    &sn) == 0 && kt == TP_LK_ED25519 && strcmp(s, pem) == 0,
	    "an Ed25519 PEM, newlines and all, round trips");
	memset(big, 'x', sizeof(big));
	tap_ok(tp_lkeys_pack(p, TP_LK_HMAC, "k", 1, big, TP_LKEYS_PAYLOAD -
	    9 - 3) == 0 && tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) == 0 &&
	    sn == TP_LKEYS_PAYLOAD - 12, "a secret that just fits");
	tap_ok(tp_lkeys_pack(p, TP_LK_HMAC, "k", 1, big, TP_LKEYS_PAYLOAD -
	    9 - 2) < 0, "one byte more does not");
	tp_lkeys_pack(p, TP_LK_HMAC, "k", 1, "s", 1);
	p[0] = 'x';
	tap_ok(tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) < 0,
	    "a payload without the magic is refused");
	tp_lkeys_pack(p, TP_LK_HMAC, "k", 1, "s", 1);
	p[8] = 2;
	tap_ok(tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) < 0,
	    "a secret's length that does not end at a NUL is refused");
	tp_lkeys_pack(p, TP_LK_HMAC, "k", 1, "s", 1);
	p[7] = 0xff;
	tap_ok(tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) < 0,
	    "lengths past the payload's end are refused");
	tp_lkeys_pack(p, TP_LK_HMAC, "k", 1, "s", 1);
	p[4] = 2;
	tap_ok(tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) < 0,
	    "an unknown key type is refused");
}

static void
test_names(void)
{
	char long_name[80];

	memset(long_name, 'a', sizeof(long_name));
	long_name[63] = '\0';
	tap_ok(tp_lkeys_name_ok("main") && tp_lkeys_name_ok("Bin_ance-2") &&
	    tp_lkeys_name_ok(long_name), "names of letters, digits, _ and "
	    "-, up to 63");
	long_name[63] = 'a';
	long_name[64] = '\0';
	tap_ok(!tp_lkeys_name_ok(long_name) && !tp_lkeys_name_ok("") &&
	    !tp_lkeys_name_ok("a/b") && !tp_lkeys_name_ok("..") &&
	    !tp_lkeys_name_ok("a b") && !tp_lkeys_name_ok("a.key"),
	    "64 characters, empty, a slash, dots, a space: refused");
}

static void
test_meta(void)
{
	struct tp_lkeys_acct a, b;
	struct tp_err err = TP_ERR_INIT;
	char fp[TP_LKEYS_FP], text[512];
	int n;

	tp_lkeys_fingerprint(api_key, strlen(api_key), fp);
	tap_ok(strcmp(fp, "c67afc294d4d8cad") == 0, "the fingerprint is the "
	    "head of b2sum -l 256: %s", fp);
	memset(&a, 0, sizeof(a));
	strcpy(a.name, "main");
	a.venue = &tp_binance_venue;
	a.market = TP_LM_FUTURES;
	a.key_type = TP_LK_ED25519;
	a.testnet = 1;
	strcpy(a.fingerprint, fp);
	a.created = 1733600000123;
	n = tp_lkeys_meta_text(&a, text, sizeof(text));
	tap_ok(n > 0 && strcmp(text, "{\"name\":\"main\",\"exchange\":"
	    "\"binance\",\"market\":\"futures\",\"key_type\":\"ed25519\","
	    "\"testnet\":true,\"fingerprint\":\"c67afc294d4d8cad\","
	    "\"created\":1733600000123}\n") == 0, "NAME.account's text: "
	    "%.*s", n - 1, text);
	tap_ok(tp_lkeys_meta_parse(text, (size_t)n, "f", &b, &err) == 0 &&
	    memcmp(&a, &b, sizeof(a)) == 0, "reads back the same");
	tap_ok(tp_lkeys_meta_parse("{\"name\":\"x\"}", 12, "f", &b,
	    &err) < 0 && err.code == TP_EX_CONFIG, "a missing field: 78, %s",
	    err.msg);
	tp_err_clear(&err);
	strcpy(text + n - 2, ",\"x\":1}");
	tap_ok(tp_lkeys_meta_parse(text, strlen(text), "f", &b, &err) < 0 &&
	    strstr(err.msg, "unknown key \"x\"") != NULL, "an unknown key: "
	    "%s", err.msg);
	tp_err_clear(&err);
	a.venue = &tp_bybit_venue;
	n = tp_lkeys_meta_text(&a, text, sizeof(text));
	tap_ok(tp_lkeys_meta_parse(text, (size_t)n, "f", &b, &err) < 0,
	    "an Ed25519 key for bybit: %s", err.msg);
}

/* The accounts listed, "a,b,". */
static int
list_fn(void *ctx, const struct tp_lkeys_acct *a)
{
	strcat(ctx, a->name);
	strcat(ctx, ",");
	return 0;
}

static void
add(struct tp_lkeys *ks, const char *name, const struct tp_venue *v,
    const char *secret, struct tp_err *err)
{
	struct tp_lkeys_acct a;

	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "%s", name);
	a.venue = v;
	a.market = TP_LM_SPOT;
	tp_lkeys_add(ks, &a, api_key, strlen(api_key), secret,
	    strlen(secret), err);
}

static const char *
file_path_of(const char *dir, const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void
test_store(void)
{
	char dir[] = "/tmp/test_lkeys.XXXXXX", sub[64], names[256] = "",
	    pk[65], line[128];
	struct tp_err err = TP_ERR_INIT;
	struct tp_lkeys ks;
	struct tp_live l;
	struct stat sb;

	setenv("TP_PASSPHRASE", "correct horse", 1);
	if (mkdtemp(dir) == NULL)
		return;
	snprintf(sub, sizeof(sub), "%s/a/keys", dir);
	tap_ok(tp_lkeys_init(&ks, sub, &err) == 0, "a store at a path");
	tap_ok(tp_lkeys_list(&ks, list_fn, names, &err) == 0 &&
	    names[0] == '\0', "missing: lists nothing");
	add(&ks, "hm", &tp_binance_venue, hmac_secret, &err);
	tap_ok(err.code == 0 && stat(sub, &sb) == 0 &&
	    (sb.st_mode & 0777) == 0700, "added: the store made mode 700 "
	    "%s", err.msg);
	snprintf(line, sizeof(line), "%s/hm.key", sub);
	tap_ok(stat(line, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "the key file is mode 600");
	add(&ks, "ed", &tp_binance_venue, pem, &err);
	tap_ok(tp_lkeys_list(&ks, list_fn, names, &err) == 0 &&
	    strcmp(names, "ed,hm,") == 0, "listed by name: %s", names);
	add(&ks, "hm", &tp_binance_venue, hmac_secret, &err);
	tap_ok(err.code == TP_EX_CONFIG && strstr(err.msg, "exists: remove "
	    "it first") != NULL, "never over an account: %s", err.msg);
	tp_err_clear(&err);
	tap_ok(tp_lkeys_open(&ks, "hm", &l, &err) == 0 &&
	    strcmp(l.key, api_key) == 0 && l.secret_len ==
	    strlen(hmac_secret) && memcmp(l.secret, hmac_secret,
	    l.secret_len) == 0 && l.keytype == TP_LK_HMAC &&
	    strcmp(l.account, "hm") == 0 && l.market == TP_LM_SPOT &&
	    l.v == &tp_binance_venue, "opens: the key and secret as added "
	    "%s", err.msg);
	tp_live_release(&l);
	tap_ok(tp_lkeys_open(&ks, "ed", &l, &err) == 0 &&
	    l.keytype == TP_LK_ED25519 && l.secret_len == 64, "an Ed25519 "
	    "account opens with the 64-byte secret key");
	sodium_bin2hex(pk, sizeof(pk), l.secret + 32, 32);
	tap_ok(strcmp(pk, "19420abfd752a565c15625e9da6eaf0086fc40c14960183214"
	    "442c14996a800d") == 0, "of the PEM's key: %s", pk);
	tp_live_release(&l);
	setenv("TP_PASSPHRASE", "wrong", 1);
	tap_ok(tp_lkeys_open(&ks, "hm", &l, &err) < 0 &&
	    err.code == TP_EX_CONFIG && strstr(err.msg, "passphrase"),
	    "a wrong passphrase: 78, %s", err.msg);
	tp_err_clear(&err);
	add(&ks, "new", &tp_binance_venue, hmac_secret, &err);
	tap_ok(err.code == TP_EX_CONFIG && strstr(err.msg, "passphrase") &&
	    access(file_path_of(sub, "new.key"), F_OK) < 0, "nor is an "
	    "account added with another passphrase than the store's: %s",
	    err.msg);
	tp_err_clear(&err);
	tap_ok(tp_lkeys_open(&ks, "zz", &l, &err) < 0 &&
	    err.code == TP_EX_CONFIG, "no such account: 78, %s", err.msg);
	tp_err_clear(&err);
	add(&ks, "by", &tp_bybit_venue, pem, &err);
	tap_ok(err.code == TP_EX_CONFIG, "an Ed25519 key for bybit: %s",
	    err.msg);
	tp_err_clear(&err);
	tap_ok(tp_lkeys_remove(&ks, "hm", &err) == 0 &&
	    tp_lkeys_remove(&ks, "ed", &err) == 0 && access(line, F_OK) < 0,
	    "removed, both files");
	tap_ok(tp_lkeys_remove(&ks, "hm", &err) < 0 && err.code ==
	    TP_EX_CONFIG, "removing again: 78, %s", err.msg);
	tp_err_clear(&err);
	chmod(sub, 0770);
	tap_ok(tp_lkeys_list(&ks, list_fn, names, &err) < 0 &&
	    err.code == TP_EX_CONFIG, "a store others may write: 78, %s",
	    err.msg);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", dir);
	rmdir(sub);
	rmdir(dir);
}

/*
 * A Coinbase account: the key a CDP key name, the secret its Ed25519 key
 * as the CDP portal writes it (base64 of seed and public key, here of
 * the FIX example's, signing.md), or a PEM; spot only; ES256 refused.
 */
static void
test_coinbase(void)
{
	static const char name[] = "organizations/o/apiKeys/k";
	char dir[] = "/tmp/test_lkeys.XXXXXX", pk[65], b64[128];
	unsigned char raw[64];
	struct tp_err err = TP_ERR_INIT;
	struct tp_lkeys_acct a;
	struct tp_lkeys ks;
	struct tp_live l;

	setenv("TP_PASSPHRASE", "correct horse", 1);
	if (mkdtemp(dir) == NULL || tp_lkeys_init(&ks, dir, &err) < 0)
		return;
	sodium_hex2bin(raw, 64, "8244616b4606b8400a66fd0efcbea9af1611fd2540e9"
	    "75b3808b20007d9bcf6e19420abfd752a565c15625e9da6eaf0086fc40c149"
	    "60183214442c14996a800d", 128, NULL, NULL, NULL);
	sodium_bin2base64(b64, sizeof(b64), raw, 64,
	    sodium_base64_VARIANT_ORIGINAL);
	memset(&a, 0, sizeof(a));
	strcpy(a.name, "cb");
	a.venue = &tp_coinbase_venue;
	a.market = TP_LM_SPOT;
	tap_ok(tp_lkeys_add(&ks, &a, name, strlen(name), b64, strlen(b64),
	    &err) == 0 && a.key_type == TP_LK_ED25519, "coinbase: a CDP "
	    "Ed25519 secret in base64 is added %s", err.msg);
	tap_ok(tp_lkeys_open(&ks, "cb", &l, &err) == 0 &&
	    l.v == &tp_coinbase_venue && l.keytype == TP_LK_ED25519 &&
	    l.secret_len == 64 && strcmp(l.key, name) == 0, "and opens %s",
	    err.msg);
	sodium_bin2hex(pk, sizeof(pk), l.secret + 32, 32);
	tap_ok(strcmp(pk, "19420abfd752a565c15625e9da6eaf0086fc40c14960183214"
	    "442c14996a800d") == 0, "with the example's key: %s", pk);
	tp_live_release(&l);
	strcpy(a.name, "cbpem");
	tap_ok(tp_lkeys_add(&ks, &a, name, strlen(name), pem, strlen(pem),
	    &err) == 0, "a PEM too");
	strcpy(a.name, "es");
	tap_ok(tp_lkeys_add(&ks, &a, name, strlen(name),
	    "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE "
	    "KEY-----", 58, &err) < 0 && err.code == TP_EX_CONFIG &&
	    strstr(err.msg, "create an Ed25519") != NULL, "ES256: 78, %s",
	    err.msg);
	tp_err_clear(&err);
	tap_ok(tp_lkeys_add(&ks, &a, name, strlen(name), hmac_secret,
	    strlen(hmac_secret), &err) < 0 && err.code == TP_EX_CONFIG,
	    "an HMAC secret: 78, %s", err.msg);
	tp_err_clear(&err);
	a.market = TP_LM_FUTURES;
	tap_ok(tp_lkeys_add(&ks, &a, name, strlen(name), b64, strlen(b64),
	    &err) < 0 && err.code == TP_EX_CONFIG &&
	    strstr(err.msg, "spot only") != NULL, "futures: 78, %s",
	    err.msg);
	tp_err_clear(&err);
	tp_lkeys_remove(&ks, "cb", &err);
	tp_lkeys_remove(&ks, "cbpem", &err);
	rmdir(dir);
}

int
main(void)
{
	if (tp_secret_init() < 0)
		return 1;
	test_payload();
	test_names();
	test_meta();
	test_store();
	test_coinbase();
	return tap_done();
}
