/*
 * tp_jaudit.c: checking the audit chain and the rows made from it, and
 * sealing the chain head with Ed25519.
 *
 * The chain alone shows an audit row changed, deleted or inserted by
 * anyone who does not recompute the hashes after it; a seal signed with a
 * key kept elsewhere shows it even then, up to the sealed row.  The rows
 * of the record tables are checked against the audit record they name:
 * each must equal what that record makes, and every record's rows must be
 * there, unless a later record replaced them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "journal/tp_journal.h"
#include "rec/tp_read.h"

/* What verify needs per table: the lookup by key and the count. */
struct vtab {
	sqlite3_stmt *get;
	int64_t confirmed;	/* rows found holding their own record */
};

struct verify {
	struct tp_journal *j;
	struct vtab t[TP_JTAB_N];
	struct tp_rec rec;
	struct tp_err rerr;
};

static int
vfail(struct verify *v, struct tp_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
vfail(struct verify *v, struct tp_err *err, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tp_errf(err, TP_EX_DATAERR, v->j->path, 0, "%s", msg);
}

static int
prepare_get(struct verify *v, int t, struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[t];
	char sql[1024];
	size_t n;
	int c, k = 0;

	n = (size_t)snprintf(sql, sizeof(sql), "SELECT ");
	for (c = 0; c < tb->ncols; c++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s,",
		    tb->cols[c].col);
	n += (size_t)snprintf(sql + n, sizeof(sql) - n, "audit_seq FROM %s "
	    "WHERE ", tb->name);
	if (tb->by_digest) {
		snprintf(sql + n, sizeof(sql) - n, "digest = ?1");
	} else {
		for (c = 0; c < tb->ncols; c++)
			if (tb->cols[c].flags & TP_JC_KEY)
				n += (size_t)snprintf(sql + n, sizeof(sql) - n,
				    "%s%s = ?%d", k++ ? " AND " : "",
				    tb->cols[c].col, c + 1);
	}
	if (sqlite3_prepare_v2(v->j->db, sql, -1, &v->t[t].get, NULL) !=
	    SQLITE_OK)
		return tp_journal_fail(v->j, tb->name, err);
	return 0;
}

static int
bind_key(sqlite3_stmt *st, const struct tp_jtable *tb,
    const struct tp_jrow *r, const unsigned char *digest)
{
	int c;

	if (tb->by_digest)
		return sqlite3_bind_blob(st, 1, digest, TP_DIGEST_LEN,
		    SQLITE_STATIC);
	for (c = 0; c < tb->ncols; c++) {
		const struct tp_jval *x = &r->v[c];

		if (!(tb->cols[c].flags & TP_JC_KEY))
			continue;
		if (x->type == SQLITE_TEXT)
			sqlite3_bind_text(st, c + 1, x->s, (int)x->n,
			    SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, c + 1, x->i);
	}
	return SQLITE_OK;
}

/* Whether column c of the current result equals x. */
static int
same_value(sqlite3_stmt *st, int c, const struct tp_jval *x)
{
	int type = sqlite3_column_type(st, c);

	if (type != x->type)
		return 0;
	switch (type) {
	case SQLITE_INTEGER:
		return sqlite3_column_int64(st, c) == x->i;
	case SQLITE_FLOAT:
		return sqlite3_column_double(st, c) == x->d;
	case SQLITE_TEXT:
		return (size_t)sqlite3_column_bytes(st, c) == x->n &&
		    memcmp(sqlite3_column_text(st, c), x->s, x->n) == 0;
	default:
		return 1;
	}
}

/* A row's key for messages: "candles (binance, BTC/USDT, 1h, 17040...)". */
static void
describe(const struct tp_jtable *tb, const struct tp_jrow *r, char *buf,
    size_t n)
{
	size_t k = (size_t)snprintf(buf, n, "%s (", tb->name);
	int c, first = 1;

	for (c = 0; c < tb->ncols && k < n; c++) {
		const struct tp_jval *x = &r->v[c];
		const char *sep = first ? "" : ", ";

		/* the key; a table keyed by digest shows its first column */
		if (!(tb->cols[c].flags & TP_JC_KEY) && !(tb->by_digest &&
		    c == 0))
			continue;
		if (x->type == SQLITE_TEXT)
			k += (size_t)snprintf(buf + k, n - k, "%s%s=\"%.*s\"",
			    sep, tb->cols[c].col,
			    (int)(x->n > 40 ? 40 : x->n), x->s);
		else if (x->type == SQLITE_NULL)
			k += (size_t)snprintf(buf + k, n - k, "%s%s=null", sep,
			    tb->cols[c].col);
		else
			k += (size_t)snprintf(buf + k, n - k, "%s%s=%lld", sep,
			    tb->cols[c].col, (long long)x->i);
		first = 0;
	}
	if (k < n)
		snprintf(buf + k, n - k, ")");
}

/* The rows audit record seq makes must be there, holding it or replaced
 * by a later record. */
static int
check_rows(struct verify *v, int64_t seq, struct tp_err *err)
{
	struct tp_jmap *m = &v->j->map;
	char what[200];
	int r, c;

	for (r = 0; r < m->nrows; r++) {
		const struct tp_jrow *row = &m->rows[r];
		const struct tp_jtable *tb = &tp_jtables[row->table];
		sqlite3_stmt *st = v->t[row->table].get;
		int rc, bad = -1;
		int64_t at;

		bind_key(st, tb, row, m->digest);
		rc = sqlite3_step(st);
		describe(tb, row, what, sizeof(what));
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return tp_journal_fail(v->j, tb->name, err);
			return vfail(v, err, "%s was deleted: audit row %lld "
			    "stored it", what, (long long)seq);
		}
		at = sqlite3_column_int64(st, tb->ncols);
		if (at == seq)
			for (c = 0; c < tb->ncols && bad < 0; c++)
				if (!same_value(st, c, &row->v[c]))
					bad = c;
		sqlite3_reset(st);
		if (at < seq)
			return vfail(v, err, "%s was changed: it names audit "
			    "row %lld, but row %lld stored it later", what,
			    (long long)at, (long long)seq);
		if (bad >= 0)
			return vfail(v, err, "%s was changed: column %s is not "
			    "what audit row %lld stored", what,
			    tb->cols[bad].col, (long long)seq);
		if (at == seq)
			v->t[row->table].confirmed++;
	}
	return 0;
}

static int
check_audit_row(struct verify *v, sqlite3_stmt *st, int64_t expect,
    unsigned char *prev, struct tp_err *err)
{
	int64_t seq = sqlite3_column_int64(st, 0);
	int64_t at = sqlite3_column_int64(st, 1);
	const char *kind = (const char *)sqlite3_column_text(st, 2);
	const char *rec = (const char *)sqlite3_column_text(st, 3);
	size_t n = (size_t)sqlite3_column_bytes(st, 3);
	unsigned char h[TP_HASH_LEN], rh[TP_HASH_LEN];

	if (seq != expect)
		return vfail(v, err, "audit row %lld was deleted (row %lld "
		    "follows row %lld)", (long long)expect, (long long)seq,
		    (long long)expect - 1);
	if (kind == NULL || rec == NULL)
		return vfail(v, err, "audit row %lld was changed: it has no "
		    "record", (long long)seq);
	crypto_generichash(rh, TP_HASH_LEN, (const unsigned char *)rec, n,
	    NULL, 0);
	tp_journal_hash(prev, seq, at, kind, rh, h);
	if (sqlite3_column_bytes(st, 4) != TP_HASH_LEN ||
	    memcmp(sqlite3_column_blob(st, 4), h, TP_HASH_LEN) != 0)
		return vfail(v, err, "audit row %lld was changed: its hash does "
		    "not match its contents and the row before it",
		    (long long)seq);
	memcpy(prev, h, TP_HASH_LEN);
	if (tp_reader_parse_json(v->j->map.names, rec, n, "audit", (long)seq,
	    &v->rec, err) < 0 || tp_jmap_derive(&v->j->map, &v->rec, err) < 0)
		return -1;
	if (strcmp(kind, v->j->map.kind) != 0)
		return vfail(v, err, "audit row %lld was changed: kind %s, but "
		    "its record is a %s", (long long)seq, kind,
		    v->j->map.kind);
	return check_rows(v, seq, err);
}

static int
walk_chain(struct verify *v, struct tp_jverify *out, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(v->j->db, "SELECT seq, at, kind, record, hash "
	    "FROM audit ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return tp_journal_fail(v->j, "audit", err);
	memset(out->head, 0, TP_HASH_LEN);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (check_audit_row(v, st, out->records + 1, out->head,
		    err) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		out->records++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(v->j, "audit", err);
	out->head_seq = out->records;
	return 0;
}

/* Whether audit row seq makes a row of table t with the key of st's
 * current row (t's columns, then audit_seq and digest). */
static int
made_by(struct verify *v, int t, sqlite3_stmt *st, sqlite3_stmt *rec,
    int64_t seq, struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[t];
	struct tp_jmap *m = &v->j->map;
	int r, c, same;

	sqlite3_bind_int64(rec, 1, seq);
	if (sqlite3_step(rec) != SQLITE_ROW) {
		sqlite3_reset(rec);
		return 0;
	}
	r = tp_reader_parse_json(m->names,
	    (const char *)sqlite3_column_text(rec, 0),
	    (size_t)sqlite3_column_bytes(rec, 0), "audit", (long)seq,
	    &v->rec, err) < 0 || tp_jmap_derive(m, &v->rec, err) < 0;
	if (r) {
		sqlite3_reset(rec);
		return -1;
	}
	same = 0;
	for (r = 0; r < m->nrows && !same; r++) {
		if (m->rows[r].table != t)
			continue;
		same = 1;
		for (c = 0; c < tb->ncols && same; c++)
			if (tb->cols[c].flags & TP_JC_KEY)
				same = same_value(st, c, &m->rows[r].v[c]);
		if (tb->by_digest)
			same = sqlite3_column_bytes(st, tb->ncols + 1) ==
			    TP_DIGEST_LEN && memcmp(sqlite3_column_blob(st,
			    tb->ncols + 1), m->digest, TP_DIGEST_LEN) == 0;
	}
	/* Only now: the rows' text may point into the audit record's text,
	 * which resetting the statement frees. */
	sqlite3_reset(rec);
	return same;
}

/* The key of st's current row (t's columns first), for messages. */
static void
describe_row(const struct tp_jtable *tb, sqlite3_stmt *st, char *buf,
    size_t n)
{
	struct tp_jrow r;
	int c;

	for (c = 0; c < tb->ncols; c++) {
		r.v[c].type = sqlite3_column_type(st, c);
		r.v[c].i = sqlite3_column_int64(st, c);
		r.v[c].s = (const char *)sqlite3_column_text(st, c);
		r.v[c].n = (size_t)sqlite3_column_bytes(st, c);
	}
	describe(tb, &r, buf, n);
}

/* A table with more rows than records made: name the first stranger,
 * a row whose audit row does not exist or did not make it. */
static int
find_stranger(struct verify *v, int t, struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[t];
	sqlite3_stmt *st = NULL, *rec = NULL;
	char sql[1024], what[240];
	size_t n;
	int c, rc, made = 1;
	int64_t seq = 0;

	n = (size_t)snprintf(sql, sizeof(sql), "SELECT ");
	for (c = 0; c < tb->ncols; c++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s,",
		    tb->cols[c].col);
	snprintf(sql + n, sizeof(sql) - n, "audit_seq, digest FROM %s",
	    tb->name);
	if (sqlite3_prepare_v2(v->j->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(v->j->db, "SELECT record FROM audit WHERE "
	    "seq = ?", -1, &rec, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return tp_journal_fail(v->j, tb->name, err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, tb->ncols);
		made = made_by(v, t, st, rec, seq, err);
		if (made <= 0)
			break;
	}
	if (made == 0)
		describe_row(tb, st, what, sizeof(what));
	sqlite3_finalize(st);
	sqlite3_finalize(rec);
	if (made < 0)
		return -1;
	if (made == 0)
		return vfail(v, err, "%s was inserted out of band: audit row "
		    "%lld does not exist or did not make it", what,
		    (long long)seq);
	return vfail(v, err, "%s has %lld more rows than its records made",
	    tb->name, (long long)v->t[t].confirmed);
}

static int
count_rows(struct verify *v, struct tp_jverify *out, struct tp_err *err)
{
	char sql[128];
	sqlite3_stmt *st;
	int t;

	for (t = 0; t < TP_JTAB_N; t++) {
		int64_t n = -1;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		    tp_jtables[t].name);
		if (sqlite3_prepare_v2(v->j->db, sql, -1, &st, NULL) ==
		    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (n < 0)
			return tp_journal_fail(v->j, tp_jtables[t].name, err);
		if (n != v->t[t].confirmed) {
			v->t[t].confirmed = n - v->t[t].confirmed;
			return find_stranger(v, t, err);
		}
		out->rows += n;
	}
	return 0;
}

static const char seal_domain[] = "tp-journal seal v1";

/* The bytes a seal signs: a domain string, the seq and the hash. */
static void
seal_message(int64_t seq, const unsigned char *hash, unsigned char *msg)
{
	int k;

	memcpy(msg, seal_domain, sizeof(seal_domain));
	for (k = 0; k < 8; k++)
		msg[sizeof(seal_domain) + (size_t)k] = (unsigned char)((uint64_t)seq >>
		    (8 * k));
	memcpy(msg + sizeof(seal_domain) + 8, hash, TP_HASH_LEN);
}

#define SEAL_MSG_LEN (sizeof(seal_domain) + 8 + TP_HASH_LEN)

/* The hash of audit row seq, after the chain was checked. */
static int
hash_at(struct tp_journal *j, int64_t seq, unsigned char *h)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(j->db, "SELECT hash FROM audit WHERE seq = ?",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == TP_HASH_LEN) {
		memcpy(h, sqlite3_column_blob(st, 0), TP_HASH_LEN);
		ok = 1;
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

static int
check_seal(struct verify *v, sqlite3_stmt *st, const unsigned char *pubkey,
    struct tp_jverify *out, struct tp_err *err)
{
	unsigned char msg[SEAL_MSG_LEN], h[TP_HASH_LEN];
	int64_t seq = sqlite3_column_int64(st, 0);
	const unsigned char *pk = sqlite3_column_blob(st, 3);

	if (sqlite3_column_bytes(st, 1) != TP_HASH_LEN ||
	    sqlite3_column_bytes(st, 3) != crypto_sign_PUBLICKEYBYTES ||
	    sqlite3_column_bytes(st, 4) != crypto_sign_BYTES)
		return vfail(v, err, "the seal of audit row %lld is malformed",
		    (long long)seq);
	if (pubkey != NULL &&
	    memcmp(pk, pubkey, crypto_sign_PUBLICKEYBYTES) != 0)
		return 0;	/* someone else's seal */
	seal_message(seq, sqlite3_column_blob(st, 1), msg);
	if (crypto_sign_verify_detached(sqlite3_column_blob(st, 4), msg,
	    sizeof(msg), pk) != 0)
		return vfail(v, err, "the seal of audit row %lld has a bad "
		    "signature", (long long)seq);
	if (hash_at(v->j, seq, h) < 0 || memcmp(h,
	    sqlite3_column_blob(st, 1), TP_HASH_LEN) != 0)
		return vfail(v, err, "audit row %lld is not the row that was "
		    "sealed: the chain was rewritten up to it", (long long)seq);
	out->seals_checked++;
	return 0;
}

static int
check_seals(struct verify *v, const unsigned char *pubkey,
    struct tp_jverify *out, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(v->j->db, "SELECT seq, hash, at, public_key, "
	    "signature FROM seals ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return tp_journal_fail(v->j, "seals", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->seals++;
		if (check_seal(v, st, pubkey, out, err) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(v->j, "seals", err);
	if (pubkey != NULL && out->seals_checked == 0)
		return vfail(v, err, "no seal was made with that public key");
	return 0;
}

int
tp_journal_verify(struct tp_journal *j, const unsigned char *pubkey,
    struct tp_jverify *out, struct tp_err *err)
{
	struct verify v;
	int t, rc = -1;

	memset(&v, 0, sizeof(v));
	memset(out, 0, sizeof(*out));
	v.j = j;
	tp_rec_init(&v.rec);
	/* One read transaction: a consistent snapshot while bots write. */
	if (tp_journal_exec(j, "BEGIN", err) < 0)
		goto done;
	for (t = 0; t < TP_JTAB_N; t++)
		if (prepare_get(&v, t, err) < 0)
			goto done;
	if (walk_chain(&v, out, err) == 0 && count_rows(&v, out, err) == 0 &&
	    check_seals(&v, pubkey, out, err) == 0)
		rc = 0;
done:
	for (t = 0; t < TP_JTAB_N; t++)
		sqlite3_finalize(v.t[t].get);
	sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL);
	tp_rec_release(&v.rec);
	return rc;
}

int
tp_journal_seal(struct tp_journal *j, const unsigned char *sk, int64_t *seq,
    unsigned char *hash, struct tp_err *err)
{
	unsigned char msg[SEAL_MSG_LEN], sig[crypto_sign_BYTES];
	sqlite3_stmt *st;
	int rc;

	if (tp_journal_begin(j, err) < 0)
		return -1;
	if (j->seq == 0) {
		tp_journal_rollback(j);
		return tp_errf(err, TP_EX_DATAERR, j->path, 0,
		    "nothing to seal: the audit chain is empty");
	}
	*seq = j->seq;
	memcpy(hash, j->head, TP_HASH_LEN);
	seal_message(j->seq, j->head, msg);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	if (sqlite3_prepare_v2(j->db, "INSERT OR REPLACE INTO seals (seq, "
	    "hash, at, public_key, signature) VALUES (?, ?, ?, ?, ?)", -1,
	    &st, NULL) != SQLITE_OK) {
		tp_journal_fail(j, "seals", err);
		tp_journal_rollback(j);
		return -1;
	}
	sqlite3_bind_int64(st, 1, j->seq);
	sqlite3_bind_blob(st, 2, j->head, TP_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, j->at);
	/* An Ed25519 secret key in libsodium's form ends with the public. */
	sqlite3_bind_blob(st, 4, sk + crypto_sign_SEEDBYTES,
	    crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, sig, crypto_sign_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		tp_journal_fail(j, "seals", err);
		tp_journal_rollback(j);
		return -1;
	}
	return tp_journal_commit(j, err);
}
