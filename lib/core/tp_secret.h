/*
 * tp_secret.h: secrets at rest, as tp keeps them: in a file encrypted with
 * a key derived from a passphrase (libsodium: Argon2id, then XSalsa20-
 * Poly1305 secretbox), never in plain text.
 *
 * The file is one line of text:
 *
 *   tp-secret 1 OPSLIMIT MEMLIMIT SALT NONCE BOX
 *
 * with the Argon2id limits in decimal and the salt, nonce and sealed box
 * (the secret and its 16-byte tag) in hex.  It is created with mode 600,
 * never over an existing file, and refused when other users may read it.
 * New files use Argon2id's MODERATE limits; a file's own limits are used
 * to read it, so older INTERACTIVE files still open.
 *
 * The passphrase comes from the environment variable TP_PASSPHRASE, taken
 * out of the environment when the program starts (tp_secret_init), so that
 * no child process inherits it; set again later, it is taken again.
 */
#ifndef TP_SECRET_H
#define TP_SECRET_H

#include <stddef.h>

#include "core/tp_err.h"

#define TP_SECRET_ENV "TP_PASSPHRASE"
/* The most bytes a file holds: tp-exec's exchange keys (a key and a PEM
 * secret) take 2048. */
#define TP_SECRET_MAX 2048

/* Take the passphrase out of the environment, keeping a copy for this
 * process; every program calls it once at its start (tp_cli_init), with
 * sodium_init.  Returns -1 when libsodium cannot start. */
int tp_secret_init(void);

/* Whether a passphrase is set: ask before reading what it will
 * encrypt. */
int tp_secret_have_passphrase(void);

/* Encrypt secret[0..n) into the new file path. */
int tp_secret_write(const char *path, const unsigned char *secret, size_t n,
    struct tp_err *err);

/* Read a small key file (its first cap - 1 bytes, NUL-terminated) into
 * buf; with secret set, refuse one that other users may read. */
int tp_secret_read_key(const char *path, char *buf, size_t cap, int secret,
    struct tp_err *err);

/* Decrypt the file path into secret[0..n), which must be its size. */
int tp_secret_read(const char *path, unsigned char *secret, size_t n,
    struct tp_err *err);

#endif
