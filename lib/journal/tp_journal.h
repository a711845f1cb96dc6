/*
 * tp_journal.h: the SQLite journal (tp-journal(1)).
 *
 * A journal is one SQLite file in WAL mode whose schema is share/sql/,
 * built into the binary and applied by PRAGMA user_version, so a newer
 * tp-journal upgrades an older file.  Records go in through a table of
 * kinds (struct tp_jtable): each record's type picks the tables it fills,
 * and each table names its columns, the record fields they come from, and
 * the columns of its natural key.  The same table drives the inserts, the
 * audit check and the listings, so they cannot disagree.
 *
 * Every stored record is appended to the audit chain with its canonical
 * text (tp_journal_canon); a record whose natural key is stored already
 * with the same canonical text changes nothing, so ingest is idempotent.
 */
#ifndef TP_JOURNAL_H
#define TP_JOURNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include "trade/tp_metrics.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"

/* ---- the kinds of records and their tables ----------------------------- */

enum tp_jcol_type {
	TP_JT_TEXT,	/* text; a missing key column is '' */
	TP_JT_TIME,	/* a time (tp(7)): integer ms */
	TP_JT_REAL,	/* a finite number */
	TP_JT_INT,	/* a whole number */
	TP_JT_BOOL,	/* true/false (or 1/0): 1/0 */
	TP_JT_REST,	/* the fields no column takes, as a JSON object */
	TP_JT_RECORD	/* the canonical record */
};

#define TP_JC_KEY 1	/* part of the natural key */
#define TP_JC_REQ 2	/* must be present and not null */
#define TP_JC_BLANK 4	/* text stored as '' when missing: the symbol of a
			 * stream that has one symbol and does not name it */

struct tp_jcol {
	const char *col;	/* SQL column */
	const char *field;	/* record field (NULL for REST and RECORD) */
	unsigned char type;	/* enum tp_jcol_type */
	unsigned char flags;
};

#define TP_JCOLS_MAX 24

struct tp_jtable {
	const char *name;
	const char *kind;	/* the audit kind of its records */
	const struct tp_jcol *cols;
	int ncols;
	int by_digest;		/* the key is the whole record's digest */
	int first_wins;		/* a later record of a stored key changes
				 * nothing (and is no error) */
};

enum {
	TP_JTAB_CANDLES, TP_JTAB_DECISIONS, TP_JTAB_ORDERS, TP_JTAB_FILLS,
	TP_JTAB_TRADES, TP_JTAB_ACCOUNT, TP_JTAB_EVENTS, TP_JTAB_PATTERNS,
	TP_JTAB_RUNS, TP_JTAB_AI_DECISIONS, TP_JTAB_AI_ANSWERS,
	TP_JTAB_PROMPTS, TP_JTAB_OTHER, TP_JTAB_N
};

extern const struct tp_jtable tp_jtables[TP_JTAB_N];

/* A value bound to, or read back from, one column. */
struct tp_jval {
	int type;		/* SQLITE_NULL, _INTEGER, _FLOAT or _TEXT */
	int64_t i;
	double d;
	const char *s;
	size_t n;
};

struct tp_jrow {
	int table;		/* index in tp_jtables */
	struct tp_jval v[TP_JCOLS_MAX];
};

#define TP_DIGEST_LEN 16
#define TP_HASH_LEN 32

/*
 * Turns records into rows.  It owns the buffers the rows' text points
 * into, valid until the next tp_jmap_derive().
 */
struct tp_jmap {
	struct tp_names *names;
	int *fid[TP_JTAB_N];	/* interned field id per column */
	int type_id, signal_id, regime_id;
	struct tp_jrow *rows;
	int nrows, rowcap;
	struct tp_buf arena;	/* decoded text of the rows */
	struct tp_buf canon;	/* the record's canonical text */
	struct tp_buf rest;	/* TP_JT_REST values */
	struct tp_buf tmp;
	double *num;		/* each field's number, parsed once; NAN:
				 * not a number canon() parsed */
	int numcap;
	const char *kind;	/* the record's kind, for audit */
	unsigned char hash[TP_HASH_LEN];	/* BLAKE2b-256 of canon */
	const unsigned char *digest;	/* its first TP_DIGEST_LEN bytes */
};

int tp_jmap_init(struct tp_jmap *m, struct tp_names *names,
    struct tp_err *err);
void tp_jmap_release(struct tp_jmap *m);

/*
 * The canonical text of rec: a JSON object, fields in their order, no
 * white space, CSV cells typed as tp(7) says, numbers in their shortest
 * round-trip form, strings with only the escapes JSON requires.  The
 * same record read from CSV or NDJSON has the same canonical text.
 */
int tp_journal_canon(const struct tp_rec *rec, const struct tp_names *names,
    struct tp_buf *out, struct tp_buf *tmp, struct tp_err *err);

/*
 * The rows rec makes (m->rows[0..m->nrows)), its canonical text, kind and
 * digest.  Returns 0, or -1 with a data error naming the record's input
 * and line.
 */
int tp_jmap_derive(struct tp_jmap *m, const struct tp_rec *rec,
    struct tp_err *err);

/* ---- the journal --------------------------------------------------------- */

#define TP_J_WRITE 1	/* open for writing (and apply migrations) */
#define TP_J_CREATE 2	/* create the file when missing */

extern const char *const tp_journal_migrations[];
extern const int tp_journal_version;

struct tp_journal {
	sqlite3 *db;
	const char *path;
	int busy_ms;		/* wait this long for another writer */
	struct tp_jmap map;
	sqlite3_stmt *put[TP_JTAB_N];	/* upsert per table */
	sqlite3_stmt *audit_put;
	int in_txn;
	int64_t at;		/* the transaction's start, Unix ms */
	int64_t seq;		/* last audit seq, inside a transaction */
	unsigned char head[TP_HASH_LEN];
	long stored, same;	/* records stored, records already there */
	int partial;		/* the last add failed after writing rows */
};

/*
 * Open path.  With TP_J_WRITE the schema is brought up to date (a file
 * from a newer tp-journal is refused); without it, an out-of-date file is
 * refused with a hint to run tp-journal init.
 */
int tp_journal_open(struct tp_journal *j, const char *path, int flags,
    struct tp_names *names, struct tp_err *err);
void tp_journal_close(struct tp_journal *j);
/* Wait ms for another writer's lock before giving up (default 60 s). */
void tp_journal_busy(struct tp_journal *j, int ms);

/* Start a write transaction (waiting busy_ms for other writers; after that
 * a TP_EX_TEMPFAIL error), commit it, or roll it back. */
int tp_journal_begin(struct tp_journal *j, struct tp_err *err);
int tp_journal_commit(struct tp_journal *j, struct tp_err *err);
void tp_journal_rollback(struct tp_journal *j);

/* The market candles that lack one are given (tp-journal add's --symbol,
 * --timeframe and --exchange); NULL members give nothing. */
struct tp_jmarket {
	const char *symbol, *timeframe, *exchange;
};

/*
 * Before a candle is added: give it mk's symbol, timeframe and exchange
 * where it has none, then refuse it (65, naming its input and line) when
 * it still lacks a symbol: the symbol is part of a candle's key, and
 * without it the candles of two markets would overwrite each other.  The
 * timeframe and exchange may stay blank (a journal of one timeframe, one
 * venue).  An LLM decision or answer, which tp-predict writes with its
 * candle's market, is given mk's where it has none too (never refused):
 * executed and llm_accuracy find its trades and candles by it.  Other
 * records pass untouched.
 */
int tp_journal_candle_market(struct tp_journal *j, struct tp_rec *rec,
    const struct tp_jmarket *mk, struct tp_err *err);

/* Store one record inside a transaction; *stored says whether anything
 * changed (0: the same record was there). */
int tp_journal_add(struct tp_journal *j, const struct tp_rec *rec,
    int *stored, struct tp_err *err);

/* Run sql (no results); -1 with err on failure. */
int tp_journal_exec(struct tp_journal *j, const char *sql,
    struct tp_err *err);
/* err from the database's last error, with a prefix. */
/* err from db's last error, for path, the exit code by its kind: busy 75,
 * disk 74, damaged 65. */
int tp_journal_sqlite_fail(sqlite3 *db, const char *path, const char *what,
    struct tp_err *err);
int tp_journal_fail(struct tp_journal *j, const char *what,
    struct tp_err *err);

/*
 * The audit hash of a record: BLAKE2b-256 over prev (32 bytes), seq and
 * at (8-byte little-endian), kind with its NUL, and rechash, the
 * BLAKE2b-256 of the record's text.
 */
void tp_journal_hash(const unsigned char *prev, int64_t seq, int64_t at,
    const char *kind, const unsigned char *rechash, unsigned char *out);

/* ---- audit --------------------------------------------------------------- */

struct tp_jverify {
	int64_t records;	/* audit rows checked */
	int64_t rows;		/* table rows checked */
	int seals, seals_checked;	/* checked: against a given key */
	int64_t head_seq;
	unsigned char head[TP_HASH_LEN];
};

/*
 * Recompute the chain and check every table row against the record it
 * came from, and every seal.  pubkey, when not NULL, is the Ed25519
 * public key the seals must carry.  The first problem found is a
 * TP_EX_DATAERR error that names the row.
 */
int tp_journal_verify(struct tp_journal *j, const unsigned char *pubkey,
    struct tp_jverify *out, struct tp_err *err);

/* Sign the chain head with the Ed25519 secret key sk (64 bytes, as
 * libsodium keeps it) and store the seal; *seq gets the head's seq. */
int tp_journal_seal(struct tp_journal *j, const unsigned char *sk,
    int64_t *seq, unsigned char *hash, struct tp_err *err);

/* Seal keys (tp_jkey.c).  The secret key file holds the Ed25519 seed,
 * encrypted with the passphrase in TP_PASSPHRASE (tp_secret.h); sk gets
 * libsodium's 64-byte secret key.  A public key is 64 hex digits or a
 * file of them. */
int tp_journal_keygen(const char *path, unsigned char *pk,
    struct tp_err *err);
int tp_journal_secret_key(const char *path, unsigned char *sk,
    struct tp_err *err);
int tp_journal_public_key(const char *arg, unsigned char *pk,
    struct tp_err *err);

/* ---- queries ------------------------------------------------------------- */

struct tp_jfilter {
	int64_t since;		/* INT64_MIN for none */
	const char *symbol;	/* NULL for all */
};

/*
 * Closed trades matching f into m (a fresh tp_metrics), by closing time;
 * *first and *last get the earliest open and latest close.
 */
int tp_journal_trades_metrics(struct tp_journal *j,
    const struct tp_jfilter *f, struct tp_metrics *m, int64_t *first,
    int64_t *last, struct tp_err *err);

/* Widen [*start, *end] to the account snapshots' times (from f->since). */
int tp_journal_period(struct tp_journal *j, const struct tp_jfilter *f,
    int64_t *start, int64_t *end, struct tp_err *err);

/* Each candle series' change over [start, end] into m's market change. */
int tp_journal_market(struct tp_journal *j, const struct tp_jfilter *f,
    int64_t start, int64_t end, struct tp_metrics *m, struct tp_err *err);

/* The strategy of the trades f picks when they all have the same one,
 * else "". */
int tp_journal_strategy(struct tp_journal *j, const struct tp_jfilter *f,
    char *name, size_t n, struct tp_err *err);

/* The balance of the earliest account snapshot, or NAN when none. */
double tp_journal_first_balance(struct tp_journal *j, struct tp_err *err);

/*
 * Write the rows of a query as records: each column a field, NULL as
 * null; type, when not NULL, is added first as the "type" field.
 */
int tp_journal_write_query(struct tp_journal *j, sqlite3_stmt *st,
    const char *type, struct tp_writer *w, struct tp_err *err);

/* A listing (trades, equity, events, decisions) as records. */
int tp_journal_list(struct tp_journal *j, const char *what,
    const struct tp_jfilter *f, struct tp_writer *w, struct tp_err *err);

/* Every column of table (a journal table or view) as records. */
int tp_journal_export(struct tp_journal *j, const char *table,
    struct tp_writer *w, struct tp_err *err);

/* Prometheus text exposition of the journal's state at time now (ms). */
int tp_journal_metrics(struct tp_journal *j, int64_t now, struct tp_buf *out,
    struct tp_err *err);

/* Copy the journal to path with SQLite's online backup, through a
 * temporary file renamed into place. */
int tp_journal_backup(struct tp_journal *j, const char *path,
    struct tp_err *err);

/*
 * Records from a freqtrade database (tradesv3.sqlite: its trades and
 * orders tables), each passed to fn; stops at fn's first failure.
 */
typedef int (*tp_jrec_fn)(void *ctx, const struct tp_rec *rec,
    struct tp_err *err);
int tp_journal_freqtrade(const char *path, struct tp_names *names,
    tp_jrec_fn fn, void *ctx, struct tp_err *err);

#endif
