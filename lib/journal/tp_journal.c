/*
 * tp_journal.c: opening a journal, its schema versions, transactions and
 * the ingest of records.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "journal/tp_journal.h"
#include "core/tp_time.h"

#define BUSY_MS_DEFAULT 60000

int
tp_journal_fail(struct tp_journal *j, const char *what, struct tp_err *err)
{
	return tp_journal_sqlite_fail(j->db, j->path, what, err);
}

int
tp_journal_sqlite_fail(sqlite3 *db, const char *path, const char *what,
    struct tp_err *err)
{
	int rc = sqlite3_errcode(db);
	int code = TP_EX_SOFTWARE;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		code = TP_EX_TEMPFAIL;
	else if (rc == SQLITE_FULL || rc == SQLITE_IOERR ||
	    rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN)
		code = TP_EX_IOERR;
	else if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		code = TP_EX_DATAERR;
	return tp_errf(err, code, path, 0, "%s: %s", what,
	    sqlite3_errmsg(db));
}

int
tp_journal_exec(struct tp_journal *j, const char *sql, struct tp_err *err)
{
	if (sqlite3_exec(j->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return tp_journal_fail(j, "database error", err);
	return 0;
}

static int
user_version(struct tp_journal *j, int *v, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(j->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return tp_journal_fail(j, "cannot read the schema version",
		    err);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tp_journal_fail(j, "cannot read the schema version",
		    err);
	return 0;
}

/* Whether the file has any table: a version 0 file with tables is not a
 * journal (a freqtrade database given by mistake, say). */
static int
has_tables(struct tp_journal *j)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(j->db, "SELECT count(*) FROM sqlite_master",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n > 0;
}

/* Bring the schema to tp_journal_version, each step in its transaction. */
static int
migrate(struct tp_journal *j, int writable, struct tp_err *err)
{
	char sql[64];
	int v;

	if (user_version(j, &v, err) < 0)
		return -1;
	if (v == 0 && has_tables(j))
		return tp_errf(err, TP_EX_DATAERR, j->path, 0,
		    "not a tp journal (it has tables but no tp schema)");

	if (v > tp_journal_version)
		return tp_errf(err, TP_EX_CONFIG, j->path, 0, "schema version "
		    "%d is newer than this tp-journal knows (%d): upgrade tp",
		    v, tp_journal_version);
	if (v == tp_journal_version)
		return 0;
	if (!writable)
		return tp_errf(err, TP_EX_CONFIG, j->path, 0, "schema version "
		    "%d is out of date (now %d): run 'tp-journal init %s' to "
		    "upgrade it", v, tp_journal_version, j->path);
	for (; v < tp_journal_version; v++) {
		if (tp_journal_begin(j, err) < 0)
			return -1;
		/* Another writer may have upgraded it meanwhile. */
		if (user_version(j, &v, err) < 0)
			goto fail;
		if (v >= tp_journal_version)
			return tp_journal_commit(j, err);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (tp_journal_exec(j, tp_journal_migrations[v], err) < 0 ||
		    tp_journal_exec(j, sql, err) < 0 ||
		    tp_journal_commit(j, err) < 0)
			goto fail;
	}
	return 0;
fail:
	tp_journal_rollback(j);
	return -1;
}

/* The upsert of table t: a record already stored under the same key with
 * the same digest changes nothing (sqlite3_changes() is then 0), nor does
 * any record of a stored key in a first_wins table. */
static int
prepare_put(struct tp_journal *j, int t, struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[t];
	struct tp_buf b = { NULL, 0, 0 };
	char tmp[160];
	int c, n, rc, update = !tb->by_digest && !tb->first_wins;

#define ADD(s) do { if (tp_buf_add(&b, s, strlen(s)) < 0) goto oom; } while (0)
	snprintf(tmp, sizeof(tmp), "INSERT INTO %s (", tb->name);
	ADD(tmp);
	for (c = 0; c < tb->ncols; c++) {
		ADD(tb->cols[c].col);
		ADD(",");
	}
	ADD("audit_seq,digest) VALUES (");
	for (c = 0; c < tb->ncols + 2; c++)
		ADD(c ? ",?" : "?");
	ADD(") ON CONFLICT (");
	if (tb->by_digest)
		ADD("digest");
	for (c = n = 0; !tb->by_digest && c < tb->ncols; c++)
		if (tb->cols[c].flags & TP_JC_KEY) {
			ADD(n > 0 ? "," : "");
			ADD(tb->cols[c].col);
			n++;
		}
	ADD(update ? ") DO UPDATE SET " : ") DO NOTHING");
	for (c = 0; update && c < tb->ncols; c++) {
		snprintf(tmp, sizeof(tmp), "%s=excluded.%s,", tb->cols[c].col,
		    tb->cols[c].col);
		ADD(tmp);
	}
	if (update) {
		snprintf(tmp, sizeof(tmp), "audit_seq=excluded.audit_seq,"
		    "digest=excluded.digest WHERE %s.digest IS NOT "
		    "excluded.digest", tb->name);
		ADD(tmp);
	}
#undef ADD
	if (tp_buf_add(&b, "", 1) < 0)
		goto oom;
	rc = sqlite3_prepare_v3(j->db, b.p, -1, SQLITE_PREPARE_PERSISTENT,
	    &j->put[t], NULL);
	tp_buf_release(&b);
	if (rc != SQLITE_OK)
		return tp_journal_fail(j, tb->name, err);
	return 0;
oom:
	tp_buf_release(&b);
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

static int
prepare(struct tp_journal *j, struct tp_err *err)
{
	int t;

	for (t = 0; t < TP_JTAB_N; t++)
		if (prepare_put(j, t, err) < 0)
			return -1;
	if (sqlite3_prepare_v3(j->db, "INSERT INTO audit (seq, at, kind, "
	    "record, hash) VALUES (?, ?, ?, ?, ?)", -1,
	    SQLITE_PREPARE_PERSISTENT, &j->audit_put, NULL) != SQLITE_OK)
		return tp_journal_fail(j, "audit", err);
	return 0;
}

static int
open_db(struct tp_journal *j, const char *path, int flags,
    struct tp_err *err)
{
	int oflags = SQLITE_OPEN_NOMUTEX;

	if (!(flags & TP_J_CREATE) && access(path, F_OK) < 0)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "no journal here: "
		    "%s (create one with 'tp-journal init')", strerror(errno));
	oflags |= (flags & TP_J_WRITE) ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY;
	if (flags & TP_J_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &j->db, oflags, NULL) != SQLITE_OK)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot open: %s",
		    j->db ? sqlite3_errmsg(j->db) : "out of memory");
	sqlite3_busy_timeout(j->db, j->busy_ms);
	sqlite3_extended_result_codes(j->db, 0);
	/* Reading sqlite_master tells a non-database file early. */
	if (!(flags & TP_J_WRITE))
		return tp_journal_exec(j, "PRAGMA foreign_keys = ON", err);
	/* 8 KiB pages: about 5% faster ingest than 4 KiB here (make
	 * bench).  It only takes on a new file, before WAL mode. */
	return tp_journal_exec(j, "PRAGMA page_size = 8192;"
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -65536", err);
}

int
tp_journal_open(struct tp_journal *j, const char *path, int flags,
    struct tp_names *names, struct tp_err *err)
{
	memset(j, 0, sizeof(*j));
	j->path = path;
	j->busy_ms = BUSY_MS_DEFAULT;
	if (tp_jmap_init(&j->map, names, err) < 0)
		return -1;
	if (open_db(j, path, flags, err) < 0 ||
	    migrate(j, flags & TP_J_WRITE, err) < 0 ||
	    ((flags & TP_J_WRITE) && prepare(j, err) < 0)) {
		tp_journal_close(j);
		return -1;
	}
	return 0;
}

void
tp_journal_busy(struct tp_journal *j, int ms)
{
	j->busy_ms = ms;
	sqlite3_busy_timeout(j->db, ms);
}

void
tp_journal_close(struct tp_journal *j)
{
	int t;

	if (j->in_txn)
		tp_journal_rollback(j);
	for (t = 0; t < TP_JTAB_N; t++)
		sqlite3_finalize(j->put[t]);
	sqlite3_finalize(j->audit_put);
	sqlite3_close(j->db);
	tp_jmap_release(&j->map);
	memset(j, 0, sizeof(*j));
}

/* The chain's last seq and hash (0 and zeros for an empty chain). */
static int
load_head(struct tp_journal *j, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	j->seq = 0;
	memset(j->head, 0, sizeof(j->head));
	if (sqlite3_prepare_v2(j->db, "SELECT seq, hash FROM audit "
	    "ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return tp_journal_fail(j, "audit", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		j->seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == TP_HASH_LEN)
			memcpy(j->head, sqlite3_column_blob(st, 1),
			    TP_HASH_LEN);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_fail(j, "audit", err);
	return 0;
}

int
tp_journal_begin(struct tp_journal *j, struct tp_err *err)
{
	/* IMMEDIATE takes the write lock now, waiting busy_ms for it, so the
	 * chain head read below cannot change under us. */
	if (sqlite3_exec(j->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		if (sqlite3_errcode(j->db) == SQLITE_BUSY)
			return tp_errf(err, TP_EX_TEMPFAIL, j->path, 0,
			    "another writer held the journal for %d ms; "
			    "try again later", j->busy_ms);
		return tp_journal_fail(j, "cannot start a transaction", err);
	}
	j->in_txn = 1;
	j->at = tp_time_now_ms();
	if (j->audit_put != NULL && load_head(j, err) < 0) {
		tp_journal_rollback(j);
		return -1;
	}
	return 0;
}

int
tp_journal_commit(struct tp_journal *j, struct tp_err *err)
{
	if (sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		tp_journal_fail(j, "cannot commit", err);
		tp_journal_rollback(j);
		return -1;
	}
	j->in_txn = 0;
	return 0;
}

void
tp_journal_rollback(struct tp_journal *j)
{
	if (sqlite3_get_autocommit(j->db) == 0)
		sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
	j->in_txn = 0;
}

static int
bind_val(sqlite3_stmt *st, int i, const struct tp_jval *v)
{
	switch (v->type) {
	case SQLITE_INTEGER:
		return sqlite3_bind_int64(st, i, v->i);
	case SQLITE_FLOAT:
		return sqlite3_bind_double(st, i, v->d);
	case SQLITE_TEXT:
		return sqlite3_bind_text(st, i, v->s, (int)v->n,
		    SQLITE_STATIC);
	default:
		return sqlite3_bind_null(st, i);
	}
}

/* Put one row; *changed is set when the table changed. */
static int
put_row(struct tp_journal *j, const struct tp_jrow *r, int64_t seq,
    int *changed, const struct tp_rec *rec, struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[r->table];
	sqlite3_stmt *st = j->put[r->table];
	int c, rc = SQLITE_OK;

	for (c = 0; c < tb->ncols && rc == SQLITE_OK; c++)
		rc = bind_val(st, c + 1, &r->v[c]);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, tb->ncols + 1, seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(st, tb->ncols + 2, j->map.digest,
		    TP_DIGEST_LEN, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "%s record: %s", j->map.kind, sqlite3_errmsg(j->db));
	if (rc != SQLITE_DONE)
		return tp_journal_fail(j, tb->name, err);
	if (sqlite3_changes(j->db) > 0)
		*changed = 1;
	return 0;
}

static void
le64(unsigned char *b, int64_t v)
{
	int k;

	for (k = 0; k < 8; k++)
		b[k] = (unsigned char)((uint64_t)v >> (8 * k));
}

void
tp_journal_hash(const unsigned char *prev, int64_t seq, int64_t at,
    const char *kind, const unsigned char *rechash, unsigned char *out)
{
	crypto_generichash_state h;
	unsigned char b[8];

	crypto_generichash_init(&h, NULL, 0, TP_HASH_LEN);
	crypto_generichash_update(&h, prev, TP_HASH_LEN);
	le64(b, seq);
	crypto_generichash_update(&h, b, 8);
	le64(b, at);
	crypto_generichash_update(&h, b, 8);
	crypto_generichash_update(&h, (const unsigned char *)kind,
	    strlen(kind) + 1);
	crypto_generichash_update(&h, rechash, TP_HASH_LEN);
	crypto_generichash_final(&h, out, TP_HASH_LEN);
}

static int
append_audit(struct tp_journal *j, struct tp_err *err)
{
	sqlite3_stmt *st = j->audit_put;
	const struct tp_jmap *m = &j->map;
	unsigned char h[TP_HASH_LEN];
	int64_t seq = j->seq + 1;
	int rc;

	tp_journal_hash(j->head, seq, j->at, m->kind, m->hash, h);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, j->at);
	sqlite3_bind_text(st, 3, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->canon.p, (int)m->canon.len,
	    SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, h, TP_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(j, "audit", err);
	j->seq = seq;
	memcpy(j->head, h, TP_HASH_LEN);
	return 0;
}

/* Whether rec is an llm_decision or llm_answer record. */
static int
is_llm_vote(struct tp_journal *j, const struct tp_rec *rec)
{
	int i = tp_rec_find(rec, j->map.type_id, 0), isnull;
	const char *p;
	size_t n;

	if (i < 0 || tp_field_text(&rec->f[i], &j->map.tmp, &p, &n,
	    &isnull) < 0 || isnull)
		return 0;
	return (n == 12 && memcmp(p, "llm_decision", 12) == 0) ||
	    (n == 10 && memcmp(p, "llm_answer", 10) == 0);
}

int
tp_journal_candle_market(struct tp_journal *j, struct tp_rec *rec,
    const struct tp_jmarket *mk, struct tp_err *err)
{
	/* The candle table's key is (exchange, symbol, timeframe, time): a
	 * candle missing any of the three would overwrite the candle of the
	 * same time of another market or timeframe (BTC's 1h by ETH's 1h, or
	 * by BTC's 4h), so each must come from the record, an option or the
	 * file name. */
	static const char *const name[3] = { "exchange", "symbol",
	    "timeframe" };
	static const char *const opt[3] = { "--exchange", "--symbol",
	    "--timeframe" };
	const char *def[3] = { mk->exchange, mk->symbol, mk->timeframe };
	const int *id = j->map.fid[TP_JTAB_CANDLES];
	char need[96] = "", opts[64] = "";
	int k, i, missing = 0, miss[3], vote = 0;

	if (!tp_rec_is_candle(rec, j->map.type_id, NULL, &j->map.tmp) &&
	    !(vote = is_llm_vote(j, rec)))
		return 0;
	for (k = 0; k < 3; k++) {
		i = tp_rec_find(rec, id[k], -1);
		if (!tp_rec_blank(rec, i, &j->map.tmp))
			continue;
		if (def[k] == NULL)
			miss[missing++] = k;
		else if (tp_rec_put(rec, id[k], TP_ENC_TEXT, def[k],
		    strlen(def[k])) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	if (!missing || vote)
		return 0;
	for (k = 0; k < missing; k++) {
		/* "a, b and c"; "--a/--b/--c" */
		size_t a = strlen(need), b = strlen(opts);

		snprintf(need + a, sizeof need - a, "%s%s", k == 0 ? "" :
		    k == missing - 1 ? " and " : ", ", name[miss[k]]);
		snprintf(opts + b, sizeof opts - b, "%s%s", k ? "/" : "",
		    opt[miss[k]]);
	}
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
	    "a candle without %s: give %s with %s, a field, or a file name "
	    "that tells it (binance_BTCUSDT_1h.csv), lest candles of "
	    "different markets overwrite each other", need,
	    missing > 1 ? "them" : "it", opts);
}

int
tp_journal_add(struct tp_journal *j, const struct tp_rec *rec, int *stored,
    struct tp_err *err)
{
	int r, changed = 0;

	*stored = 0;
	j->partial = 0;
	if (tp_jmap_derive(&j->map, rec, err) < 0)
		return -1;
	for (r = 0; r < j->map.nrows; r++)
		if (put_row(j, &j->map.rows[r], j->seq + 1, &changed, rec,
		    err) < 0) {
			j->partial = changed;
			return -1;
		}
	if (!changed) {
		j->same++;
		return 0;
	}
	if (append_audit(j, err) < 0) {
		j->partial = 1;
		return -1;
	}
	j->stored++;
	*stored = 1;
	return 0;
}
