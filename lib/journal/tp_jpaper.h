/*
 * tp_jpaper.h: a paper account (trade/tp_paper.h) kept in the journal
 * between runs of tp-risk(1) and tp-exec(1): table paper_accounts holds
 * each strategy's state as JSON whose numbers read back to the same
 * doubles, paper_halt the emergency stop.
 */
#ifndef TP_JPAPER_H
#define TP_JPAPER_H

#include <sqlite3.h>

#include "journal/tp_journal.h"
#include "trade/tp_paper.h"

/*
 * Load the account of p's strategy from db (a journal at version 3 or
 * later; NULL for none).  Returns 1 when found, 0 when the strategy has
 * none yet, -1 with err (a state that does not parse is a data error
 * naming the journal).
 */
int tp_jpaper_load(struct tp_paper *p, sqlite3 *db, const char *path,
    struct tp_err *err);

/*
 * Open the journal at path read-only for tp_jpaper_load(): *db NULL (and
 * 0 returned) when there is no file yet or it has no paper accounts (a
 * journal tp-exec is still making); -1 with err for a file SQLite cannot
 * read.
 */
int tp_jpaper_open_read(const char *path, sqlite3 **db, struct tp_err *err);

/* Store the account, seq one up, inside the caller's transaction. */
int tp_jpaper_save(struct tp_paper *p, sqlite3 *db, const char *path,
    struct tp_err *err);

/* Whether trading is halted: a row in paper_halt, or the kill-switch
 * file.  *why gets the reason (n bytes). */
int tp_jpaper_halted(sqlite3 *db, const char *kill_file, char *why, size_t n);

/* The kill-switch file: kill_file when given, else DB.halt beside the
 * journal db (in buf, n bytes), else NULL. */
const char *tp_jpaper_kill_file(const char *kill_file, const char *db,
    char *buf, size_t n);

/* The paper exchange over account p (tp_paper_exchange()), asking db
 * (may be NULL) about orders no longer waiting. */
void tp_jpaper_exchange(struct tp_exchange *x, struct tp_paper *p,
    sqlite3 *db);

#endif
