/*
 * tp_paper.h: a paper account (tp-risk(1), tp-exec(1)).
 *
 * The account is tp-backtest's engine (tp_backtest.h) run one tick at a
 * time: each candle is worked as soon as it comes (tp_bt_flush), orders
 * set the signals the next candle acts on, and between runs the whole
 * engine is kept in the journal (table paper_accounts, as JSON whose
 * numbers read back to the same doubles), with the recent closed trades
 * its protections judge (tp_protect.h).  So a strategy traded candle
 * by candle, one cron run each, opens, stops and closes exactly where a
 * backtest of the same candles would.
 *
 * tp-exec works the account and saves it; tp-risk loads the same state and
 * works the same candles on its own copy, without saving, to size each
 * order on the account as that order will find it.
 */
#ifndef TP_PAPER_H
#define TP_PAPER_H

#include "trade/tp_backtest.h"
#include "trade/tp_exchange.h"
#include "decide/tp_risk.h"

/*
 * What the journal knows of order id, for the paper exchange's query of
 * an order no longer waiting: *state TP_X_FILLED, TP_X_DONE or left
 * alone; -1 with err when the journal cannot be read.
 */
typedef int tp_paper_recorded_fn(void *ctx, const char *id,
    enum tp_xstate *state, struct tp_err *err);

struct tp_paper {
	struct tp_backtest bt;
	int64_t seq;		/* runs committed so far */
	double start;		/* the starting balance */
	double peak;		/* the highest equity after any candle */
	int64_t day;		/* the UTC day (ms at 00:00) of day_start */
	double day_start;	/* equity when that day's first candle came */
	int64_t loaded;		/* the last candle time as loaded (-1: none) */
	tp_paper_recorded_fn *recorded;	/* tp_paper_exchange()'s */
	void *recorded_ctx;
};

/*
 * A candle held back by a new account's first run, parsed: the account
 * starts at the run's last time step, so each earlier candle only warms
 * the indicators up and is dropped.  The latest step is the latest time
 * in the run, wherever it comes: a first run may bring its symbols one
 * after another (all of one symbol's candles, then the next symbol's).
 * One per symbol of the latest step, in the order they came.
 */
struct tp_paper_held {
	int sym;
	struct tp_candle k;
	int sig;
	char tag[TP_BT_TAGSZ];
	double atr;		/* tp-risk's ATR stop input, NaN when none */
	const char *file;
	long line;
};

struct tp_paper_holding {
	struct tp_paper_held *v;
	int n, cap;
};

/* Hold h when it is of the latest time step so far, dropping what was
 * held when h is later: -1 when out of memory. */
int tp_paper_hold(struct tp_paper_holding *hd, const struct tp_paper_held *h,
    struct tp_err *err);
void tp_paper_hold_release(struct tp_paper_holding *hd);

/* An empty account for st (its dry_run_wallet as the balance). */
int tp_paper_init(struct tp_paper *p, const struct tp_strategy *st,
    struct tp_names *names, const struct tp_bt_out *out, struct tp_err *err);
void tp_paper_release(struct tp_paper *p);

/* Restore the account from its saved text; -1 with a data error naming
 * path and the bad field. */
int tp_paper_parse(struct tp_paper *p, const char *text, const char *path,
    struct tp_err *err);

/*
 * Work candle k of symbol sym now.  Returns 1, or 0 when the symbol has a
 * candle this late already (a tick run twice: nothing changes), -1 with
 * err for a candle out of time order.
 */
int tp_paper_candle(struct tp_paper *p, int sym, const struct tp_candle *k,
    const char *file, long line, struct tp_err *err);

/*
 * Order o, of the candle symbol sym had last: o's action is the signal
 * (TP_SIG bit 1 << action) the next candle acts on, with o's stake, stop,
 * limit and tag for an entry.  tp-risk and tp-exec both apply it, so
 * their accounts stay the same.
 */
void tp_paper_order(struct tp_paper *p, int sym, const struct tp_xorder *o);

/*
 * The paper exchange over account p: place checks that the order belongs
 * to the candle the account has just worked, then tp_paper_order();
 * cancel and query find waiting orders by their ids, and query asks
 * recorded(ctx, ...) (may be NULL) about the others.
 */
void tp_paper_exchange(struct tp_exchange *x, struct tp_paper *p,
    tp_paper_recorded_fn *recorded, void *ctx);

/* The account as JSON text (malloc'd) that tp_paper_parse() reads back,
 * or NULL when out of memory. */
char *tp_paper_text(const struct tp_paper *p);

/*
 * The client order id (tp_risk_order_id) of what the symbol does for the
 * candle at time: an action's name for an order placed on that candle's
 * signal, an exit reason's for an exit the account makes itself.
 */
void tp_paper_order_id(const struct tp_paper *p, int sym, int64_t time,
    const char *what, char *id);

/* The book tp_risk_check() judges an order of symbol sym on at time now:
 * pos holds p->bt.nsym entries. */
void tp_paper_book(const struct tp_paper *p, int sym, int64_t now,
    struct tp_position *pos, struct tp_book *b);

#endif
