/*
 * tp_lcache.c: the SQLite cache of LLM answers (tp_lcache.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "llm/tp_lcache.h"

/* "tpLC" in PRAGMA application_id: a cache, not some other database. */
#define APP_ID 0x74704c43

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "CREATE TABLE IF NOT EXISTS answers ("
    " model TEXT NOT NULL,"
    " prompt_hash TEXT NOT NULL,"
    " content TEXT NOT NULL,"
    " prompt_tokens INTEGER,"
    " completion_tokens INTEGER,"
    " ms INTEGER,"
    " created INTEGER NOT NULL,"
    " PRIMARY KEY (model, prompt_hash)) WITHOUT ROWID;";

static int
db_fail(struct tp_lcache *c, int code, const char *what, struct tp_err *err)
{
	return tp_errf(err, code, c->path, 0, "%s: %s", what,
	    c->db != NULL ? sqlite3_errmsg(c->db) : "out of memory");
}

/* The file is a cache: its application id, or a new empty database. */
static int
check_app(struct tp_lcache *c, int read_only, struct tp_err *err)
{
	sqlite3_stmt *st;
	int id = -1, tables = 0;

	if (sqlite3_prepare_v2(c->db, "PRAGMA application_id", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(c, TP_EX_DATAERR, "not an LLM cache", err);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (id == APP_ID)
		return 0;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master",
	    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		tables = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (id != 0 || tables != 0 || read_only)
		return tp_errf(err, TP_EX_DATAERR, c->path, 0, "not an LLM "
		    "cache (tp-predict --llm-cache makes one)");
	if (sqlite3_exec(c->db, "PRAGMA application_id = 1953516611", NULL,
	    NULL, NULL) != SQLITE_OK)
		return db_fail(c, TP_EX_IOERR, "cannot write", err);
	return 0;
}

int
tp_lcache_open(struct tp_lcache *c, const char *path, int read_only,
    struct tp_err *err)
{
	sqlite3 *db = NULL;
	int flags = read_only ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	memset(c, 0, sizeof(*c));
	/* messages name the caller's path: c->path goes with c */
	if ((c->path = strdup(path)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (read_only && access(path, R_OK) < 0) {
		tp_errf(err, TP_EX_NOINPUT, path, 0, "no LLM cache here: %s",
		    strerror(errno));
		tp_lcache_close(c);
		return -1;
	}
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		c->db = db;
		db_fail(c, read_only ? TP_EX_NOINPUT : TP_EX_IOERR,
		    "cannot open", err);
		err->file = path;
		tp_lcache_close(c);
		return -1;
	}
	c->db = db;
	sqlite3_busy_timeout(db, 60000);
	if (check_app(c, read_only, err) < 0 || (!read_only &&
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK &&
	    db_fail(c, TP_EX_IOERR, "cannot write", err)) ||
	    sqlite3_prepare_v2(db, "SELECT content, prompt_tokens, "
	    "completion_tokens, ms FROM answers WHERE model = ?1 AND "
	    "prompt_hash = ?2", -1, (sqlite3_stmt **)&c->get, NULL) !=
	    SQLITE_OK || (!read_only && sqlite3_prepare_v2(db, "INSERT OR "
	    "IGNORE INTO answers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1,
	    (sqlite3_stmt **)&c->put, NULL) != SQLITE_OK)) {
		if (err->code == 0)
			db_fail(c, TP_EX_DATAERR, "not an LLM cache", err);
		err->file = path;
		tp_lcache_close(c);
		return -1;
	}
	return 0;
}

void
tp_lcache_close(struct tp_lcache *c)
{
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	sqlite3_close(c->db);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

static long
col_long(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 :
	    (long)sqlite3_column_int64(st, i);
}

int
tp_lcache_get(struct tp_lcache *c, const char *model, const char *hash,
    struct tp_lcached *a, struct tp_err *err)
{
	sqlite3_stmt *st = c->get;
	const unsigned char *s;
	int rc, n;

	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = sqlite3_column_text(st, 0);
		n = sqlite3_column_bytes(st, 0);
		a->content.len = 0;
		if (tp_buf_add(&a->content, s != NULL ? (const char *)s : "",
		    (size_t)n + 1) < 0) {
			sqlite3_reset(st);
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		}
		a->content.len--;
		a->prompt_tokens = col_long(st, 1);
		a->completion_tokens = col_long(st, 2);
		a->ms = col_long(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(c, TP_EX_IOERR, "cannot read",
	    err);
}

static void
bind_long(sqlite3_stmt *st, int i, long v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

int
tp_lcache_put(struct tp_lcache *c, const char *model, const char *hash,
    const struct tp_lcached *a, int64_t now_ms, struct tp_err *err)
{
	sqlite3_stmt *st = c->put;
	int rc;

	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->content.p != NULL ? a->content.p : "",
	    (int)a->content.len, SQLITE_STATIC);
	bind_long(st, 4, a->prompt_tokens);
	bind_long(st, 5, a->completion_tokens);
	bind_long(st, 6, a->ms);
	sqlite3_bind_int64(st, 7, now_ms);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(c, TP_EX_IOERR, "cannot write",
	    err);
}
