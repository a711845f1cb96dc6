/*
 * tp_exec.h: one run of tp-exec(1) on a paper account.
 *
 * A run reads candles and the orders tp-risk placed on them, fills the
 * orders against the candles with the backtest's code (tp_paper.h), and
 * journals what happened: the orders, their fills, closed trades, events
 * and an account snapshot.  The journal records and the account's new
 * state are one SQLite transaction, and nothing is written to stdout
 * until it has committed, so a run killed at any point leaves no trace,
 * and running it again does what it would have done.
 *
 * The records a run writes pass through every input record and add the
 * ones it made, as NDJSON (the kinds differ, which CSV cannot carry).
 *
 * After each candle it works, a leveraged position whose close is 10% or
 * less from its liquidation price gets a "liquidation_risk" event, at
 * most one in two minutes unless the risk grew (tp-exec(1)).
 */
#ifndef TP_EXEC_H
#define TP_EXEC_H

#include "journal/tp_journal.h"
#include "journal/tp_jpaper.h"
#include "rec/tp_filter.h"
#include "rec/tp_write.h"

struct tp_exec {
	struct tp_paper p;
	struct tp_exchange ex;	/* the paper exchange over p */
	struct tp_journal j;
	struct tp_names *names;
	const char *kill_file;
	int halted;
	char halt_why[256];
	int64_t seq0;		/* the account's seq as loaded */
	long worked, refused;
	int entered;		/* the candle being worked filled an entry */
	int fresh;		/* a new account: its first run holds back */
	struct tp_paper_holding held;	/* the latest step's candles, while
					 * fresh */
	struct tp_writer w;	/* to a temporary file until commit */
	int tmpfd;
	struct tp_rec out;
	struct tp_buf tmp;
	int open;		/* journal open */
	sqlite3_stmt *liq_last;	/* the last liquidation_risk events */
	struct tp_exlive *live;	/* --live: the account (tp_exlive.h) */
};

/*
 * Open the journal at db (made when missing), load st's account and start
 * the run's transaction.  kill_file, when it exists, halts trading.  A
 * strategy without a name (tp_strategy_defaults) has no account: for
 * halt and resume alone.  live: the run will trade a live account
 * (tp_exlive_open); without it, a strategy that trades live in this
 * journal is refused (78).
 */
int tp_exec_open(struct tp_exec *x, const struct tp_strategy *st,
    struct tp_names *names, const char *db, const char *kill_file,
    int busy_ms, int live, struct tp_err *err);

/* While halted, cancel the orders waiting for the next candle: done by
 * tp_exec_open on paper; a live run calls it once its exchange is in
 * x->ex, so that an entry the exchange filled already stands. */
int tp_exec_cancel_pending(struct tp_exec *x, struct tp_err *err);

/*
 * Take one input record.  A new account starts at the last candle of its
 * first run, as tp-risk's does (tp_riskrun.h): the candles of the latest
 * time step wait for its first order or the end of the input, earlier
 * ones only pass.
 */
int tp_exec_rec(struct tp_exec *x, const struct tp_rec *rec,
    struct tp_err *err);

/* Snapshot and save the account, commit, then write the run's records to
 * fd. */
int tp_exec_finish(struct tp_exec *x, int fd, struct tp_err *err);

/* Run x as filter f's step (tp_exec_rec) and end (tp_exec_finish to
 * standard output, after a run without error). */
void tp_exec_filter(struct tp_exec *x, struct tp_filter *f);

/* For the live account (tp_exlive.c): begin a record of the run's
 * strategy in x->out; journal it and queue it for output; an event. */
void tp_exec_begin(struct tp_exec *x, struct tp_recb *o, const char *type,
    int64_t time);
int tp_exec_emit(struct tp_exec *x, struct tp_recb *o, struct tp_err *err);
int tp_exec_event(struct tp_exec *x, int64_t time, const char *symbol,
    const char *what, const char *severity, const char *id,
    const char *reason, struct tp_err *err);

/* Undo the run (nothing was written) and close. */
void tp_exec_release(struct tp_exec *x);

/* Halt trading for reason; with close_all, also close the account's open
 * positions at their last close ("force_exit"). */
int tp_exec_halt(struct tp_exec *x, const char *reason, int close_all,
    struct tp_err *err);

/* Lift a halt (refused while the kill-switch file exists). */
int tp_exec_resume(struct tp_exec *x, struct tp_err *err);

/* The halt state, and each paper account's balance, equity and
 * positions, as records to fd. */
int tp_exec_status(const char *db, const char *kill_file,
    struct tp_names *names, int fd, struct tp_err *err);

#endif
