/*
 * tp_jpaper.c: paper accounts in the journal (tp_jpaper.h): the account's
 * state text in table paper_accounts, the halt in paper_halt, and the
 * orders and fills the paper exchange asks about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/tp_time.h"
#include "journal/tp_jpaper.h"

int
tp_jpaper_load(struct tp_paper *p, sqlite3 *db, const char *path,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (db == NULL)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT seq, state FROM paper_accounts "
	    "WHERE strategy = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_sqlite_fail(db, path, "cannot read the paper "
		    "account", err);
	sqlite3_bind_text(q, 1, p->bt.st->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		p->seq = sqlite3_column_int64(q, 0);
		rc = tp_paper_parse(p, (const char *)sqlite3_column_text(q, 1),
		    path, err) < 0 ? -1 : 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = tp_journal_sqlite_fail(db, path, "cannot read the paper "
		    "account", err);
	sqlite3_finalize(q);
	return rc;
}

int
tp_jpaper_open_read(const char *path, sqlite3 **db, struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	*db = NULL;
	if (access(path, F_OK) != 0)
		return 0;
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = tp_journal_sqlite_fail(*db, path,
		    "cannot open the journal", err);
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	sqlite3_busy_timeout(*db, 60000);
	/* No table yet: a journal tp-exec is making right now, or one of
	 * a tp before paper trading.  Either way no account. */
	if (sqlite3_prepare_v2(*db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'paper_accounts'", -1, &q, NULL) != SQLITE_OK) {
		rc = tp_journal_sqlite_fail(*db, path,
		    "cannot read the journal", err);
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	rc = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
	sqlite3_finalize(q);
	if (!rc) {
		sqlite3_close(*db);
		*db = NULL;
	}
	return 0;
}

int
tp_jpaper_save(struct tp_paper *p, sqlite3 *db, const char *path,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	char *text = tp_paper_text(p);
	int rc;

	if (text == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (sqlite3_prepare_v2(db, "INSERT INTO paper_accounts (strategy, "
	    "seq, state, updated) VALUES (?, ?, ?, ?) ON CONFLICT (strategy) "
	    "DO UPDATE SET seq = excluded.seq, state = excluded.state, "
	    "updated = excluded.updated", -1, &q, NULL) != SQLITE_OK) {
		free(text);
		return tp_journal_sqlite_fail(db, path, "cannot save the paper "
		    "account", err);
	}
	sqlite3_bind_text(q, 1, p->bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, p->seq + 1);
	sqlite3_bind_text(q, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, tp_time_now_ms());
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 :
	    tp_journal_sqlite_fail(db, path, "cannot save the paper account",
	    err);
	sqlite3_finalize(q);
	free(text);
	if (rc == 0)
		p->seq++;
	return rc;
}

int
tp_jpaper_halted(sqlite3 *db, const char *kill_file, char *why, size_t n)
{
	sqlite3_stmt *q;
	int halted = 0;

	if (kill_file != NULL && access(kill_file, F_OK) == 0) {
		snprintf(why, n, "the kill-switch file %s exists", kill_file);
		return 1;
	}
	if (db == NULL || sqlite3_prepare_v2(db, "SELECT reason FROM "
	    "paper_halt", -1, &q, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(why, n, "%s", (const char *)sqlite3_column_text(q, 0));
		halted = 1;
	}
	sqlite3_finalize(q);
	return halted;
}

/* Whether db's table has a row of this client_order_id. */
static int
has_id(sqlite3 *db, const char *table, const char *id, struct tp_err *err)
{
	char sql[128];
	sqlite3_stmt *q;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE client_order_id "
	    "= ?", table);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return tp_journal_sqlite_fail(db,
		    sqlite3_db_filename(db, "main"), "cannot read the journal",
		    err);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_sqlite_fail(db,
		    sqlite3_db_filename(db, "main"), "cannot read the journal",
		    err);
	return rc == SQLITE_ROW;
}

/* The paper exchange's question: what became of order id?  Filled when
 * fills has it, done (placed once, not waiting) when only orders has. */
static int
recorded(void *ctx, const char *id, enum tp_xstate *state,
    struct tp_err *err)
{
	sqlite3 *db = ctx;
	int rc;

	if ((rc = has_id(db, "fills", id, err)) != 0) {
		*state = TP_X_FILLED;
		return rc < 0 ? -1 : 0;
	}
	if ((rc = has_id(db, "orders", id, err)) != 0)
		*state = TP_X_DONE;
	return rc < 0 ? -1 : 0;
}

void
tp_jpaper_exchange(struct tp_exchange *x, struct tp_paper *p, sqlite3 *db)
{
	tp_paper_exchange(x, p, db != NULL ? recorded : NULL, db);
}

const char *
tp_jpaper_kill_file(const char *kill_file, const char *db, char *buf,
    size_t n)
{
	if (kill_file != NULL || db == NULL)
		return kill_file;
	snprintf(buf, n, "%s.halt", db);
	return buf;
}
