/*
 * tp_lkeys.h: the key store of live accounts (tp-exec(1) KEYS): where
 * tp-exec keys add puts an exchange's API key and secret, and where
 * tp-exec --live ACCOUNT finds them.
 *
 * The store is a directory, mode 700 and refused when other users may
 * write it: --keys DIR, else $TP_KEYS_DIR, else $XDG_CONFIG_HOME/tp/keys,
 * else $HOME/.config/tp/keys.  An account NAME ([A-Za-z0-9_-], 1 to 63
 * characters) is two files, both mode 600:
 *
 *   NAME.key      the key and secret, encrypted as tp-journal's seal keys
 *                 are (core/tp_secret.h: Argon2id and secretbox under
 *                 TP_PASSPHRASE), a payload of TP_LKEYS_PAYLOAD bytes:
 *                 "tpk1", the key type (0 HMAC, 1 Ed25519), the key's and
 *                 the secret's lengths (two bytes each, big-endian), then
 *                 the key, a NUL, the secret, a NUL, and NULs to the end
 *                 (the size is fixed: tp_secret_read reads that many);
 *   NAME.account  what needs no passphrase, as JSON: {"name", "exchange"
 *                 (binance, bybit, kraken, coinbase), "market" (spot,
 *                 futures), "key_type" (hmac, ed25519), "testnet" (a
 *                 boolean), "fingerprint",
 *                 "created" (Unix ms)}.
 *
 * The fingerprint is the first 8 bytes of the key's BLAKE2b-256, in hex:
 * enough to tell keys apart in a list, nothing to sign with.  An Ed25519
 * secret is kept as the PKCS#8 PEM the exchange's key generator wrote
 * (tp_lsign_ed25519_pem reads it when the account opens), or for
 * Coinbase as the CDP portal gave it (tp_lcoinbase_secret).
 *
 * A key and a secret are only ever held in sodium_malloc'd memory here,
 * and wiped when done with.  Errors name the file: its path is kept in
 * the struct tp_lkeys, which must outlive the error.
 */
#ifndef TP_LKEYS_H
#define TP_LKEYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"
#include "live/tp_live.h"

#define TP_LKEYS_PAYLOAD 2048	/* bytes of a NAME.key's secret */
#define TP_LKEYS_NAME 64	/* an account's name, NUL-ended */
#define TP_LKEYS_KEY_MAX 256	/* bytes of an API key */
#define TP_LKEYS_FP 17		/* a fingerprint: 16 hex digits, NUL */
#define TP_LKEYS_ACCOUNT_MAX 4096	/* bytes of a NAME.account */

/* The store: its directory, and the path of the file last worked on. */
struct tp_lkeys {
	char dir[4096];
	char path[4096 + TP_LKEYS_NAME + 16];
};

/* An account's NAME.account. */
struct tp_lkeys_acct {
	char name[TP_LKEYS_NAME];
	const struct tp_venue *venue;
	enum tp_lmarket market;
	enum tp_lkeytype key_type;
	int testnet;
	char fingerprint[TP_LKEYS_FP];
	int64_t created;
};

/* Called with each account listed; non-zero stops the list and is
 * returned. */
typedef int tp_lkeys_fn(void *ctx, const struct tp_lkeys_acct *a);

/*
 * The store at dir (NULL: from the environment, as above), into ks;
 * nothing is looked at on disk yet.  TP_EX_CONFIG when neither HOME nor
 * another says where, or the path is too long.
 */
int tp_lkeys_init(struct tp_lkeys *ks, const char *dir, struct tp_err *err);

/* Whether name is an account's name: 1, else 0. */
int tp_lkeys_name_ok(const char *name);

/*
 * Whether an account name can be added: a name, none of that name there
 * yet, a store that is not refused, a passphrase set, and the one that
 * opens the accounts there already (a store has one passphrase);
 * TP_EX_CONFIG when not.  Asked before the key is read.
 */
int tp_lkeys_check_new(struct tp_lkeys *ks, const char *name,
    struct tp_err *err);

/*
 * Store a new account: a's name, venue, market and testnet said; its
 * key_type (Ed25519 when secret is a PEM block), fingerprint and created
 * filled in.  key[0..klen) and secret[0..slen) as read, trailing blanks
 * and newlines dropped.  The directory is made (mode 700) when missing.
 * TP_EX_CONFIG for a key or secret that is not one, an Ed25519 key for
 * Bybit, or an account of that name already there; TP_EX_IOERR when the
 * files cannot be written.
 */
int tp_lkeys_add(struct tp_lkeys *ks, struct tp_lkeys_acct *a,
    const char *key, size_t klen, const char *secret, size_t slen,
    struct tp_err *err);

/* Remove the account name (both its files); TP_EX_CONFIG when there is
 * none. */
int tp_lkeys_remove(struct tp_lkeys *ks, const char *name,
    struct tp_err *err);

/* The NAME.account of name into *a, no passphrase needed; TP_EX_CONFIG
 * when there is none or it is not one. */
int tp_lkeys_meta(struct tp_lkeys *ks, const char *name,
    struct tp_lkeys_acct *a, struct tp_err *err);

/* Each account, by name in strcmp order (none when the directory is
 * missing): 0, fn's non-zero return, or -1 with err. */
int tp_lkeys_list(struct tp_lkeys *ks, tp_lkeys_fn *fn, void *ctx,
    struct tp_err *err);

/*
 * Open the account name on l: its key decrypted (TP_PASSPHRASE), the
 * venue, market and base URL (tp_live_base_url) from its NAME.account,
 * then tp_live_init.  -1 with err and l holding nothing on failure:
 * TP_EX_CONFIG for no such account, a wrong passphrase or a damaged
 * file.  The caller ends it with tp_live_release.
 */
int tp_lkeys_open(struct tp_lkeys *ks, const char *name, struct tp_live *l,
    struct tp_err *err);

/* ---- the parts, for the tests --------------------------------------- */

/* NAME.account's text, n bytes (not NUL-ended), into *a; file names it
 * in errors.  TP_EX_CONFIG when it is not one. */
int tp_lkeys_meta_parse(const char *text, size_t n, const char *file,
    struct tp_lkeys_acct *a, struct tp_err *err);

/* a as NAME.account's text, one line ending in a newline, into buf (n
 * bytes): its length, or -1 when it does not fit. */
int tp_lkeys_meta_text(const struct tp_lkeys_acct *a, char *buf, size_t n);

/* Pack key type kt, key[0..klen) and secret[0..slen) into p: 0, or -1
 * when they do not fit. */
int tp_lkeys_pack(unsigned char p[TP_LKEYS_PAYLOAD], enum tp_lkeytype kt,
    const char *key, size_t klen, const char *secret, size_t slen);

/* The parts of payload p, pointing into it (each NUL-ended there): 0,
 * or -1 when p is not one. */
int tp_lkeys_unpack(const unsigned char p[TP_LKEYS_PAYLOAD],
    enum tp_lkeytype *kt, const char **key, size_t *klen,
    const char **secret, size_t *slen);

/* The fingerprint of key[0..n) into fp. */
void tp_lkeys_fingerprint(const char *key, size_t n, char fp[TP_LKEYS_FP]);

#endif
