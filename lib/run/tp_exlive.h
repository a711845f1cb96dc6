/*
 * tp_exlive.h: tp-exec's run on a live account (tp-exec --live,
 * tp-exec(1) LIVE TRADING).
 *
 * The strategy's book is the paper account's engine, as on paper: it
 * decides when to enter, add, exit, where the stop is and where it
 * trails to.  The exchange executes, and what it reports is the record:
 *
 *  - an order record (tp-risk's) becomes a market order on the exchange
 *    at once, with tp's client order id; the entry the engine makes at
 *    the next candle takes the exchange's price and quantity (the
 *    engine's fill hook, tp_bt_out.fill), and the fill records are the
 *    exchange's (price, quantity, fee, fee asset);
 *  - after an entry fills, a reduce-only stop-market order waits on the
 *    exchange at the engine's stop; when the stop trails it is cancelled
 *    and placed again (at most once a run); when the position closes
 *    otherwise it is cancelled.  The engine's own stop exits happen only
 *    when the exchange's stop filled, at its price;
 *  - ROI exits and other exits the engine decides are market orders sent
 *    when the engine decides them;
 *  - amounts are rounded down to the lot step and checked against the
 *    minimum quantity and notional (rules cached in the journal a day);
 *    an order that cannot meet them is a "reject" record;
 *  - before any order is sent, the exchange is asked for its client id
 *    (a run killed after placing cannot place it twice); an order whose
 *    answer is lost is asked for again, and stays "unknown" (exit 75)
 *    for the next run to settle;
 *  - before an order is sent it is written to <journal>.intents and
 *    synced: the next run takes each one a killed run left, and the
 *    commit empties the file.
 *
 * Nothing of this bypasses the run's transaction: the journal rows and
 * the records are committed together, as on paper.
 */
#ifndef TP_EXLIVE_H
#define TP_EXLIVE_H

#include "run/tp_exec.h"
#include "live/tp_live.h"
#include "core/tp_buf.h"

struct tp_exlive_sym {
	int loaded;		/* rules: 1 read, -1 the exchange has none */
	int prepared;		/* futures: leverage and margin set */
	int moved;		/* its stop was replaced this run */
	struct tp_lrules r;
	char vsym[TP_LSYM];	/* the exchange's name: BTCUSDT */
};

struct tp_exlive {
	struct tp_exec *x;
	struct tp_live *l;
	const char *account;
	struct tp_exchange paper;	/* the paper exchange under it */
	struct tp_exlive_sym *sym;	/* by the engine's symbol index */
	int nsym, cap;
	long unknown;		/* orders whose fate is not known */
	long placed;		/* orders sent this run */
	struct tp_lorder *open;	/* the exchange's open orders as the run
				 * began, all of them */
	int nopen, capopen;
	int down;		/* the exchange failed this run: no more is
				 * asked of it, and the run exits 75 */
	int blocked;		/* symbols blocked by reconcile */
	struct tp_lbalance *bal;	/* the account's balances, as read
					 * once placed orders were */
	int nbal, capbal;
	long bal_placed;	/* -1: not read */
	int intents;		/* <journal>.intents, open to append */
	char (*rec)[TP_ORDER_ID_LEN + 1];	/* the client ids of orders a
						 * killed run placed, taken
						 * from its intents */
	int nrec, caprec;
	struct tp_buf others;	/* the other strategies' intents */
};

/*
 * Trade x's account on l (the key store's account name account): check
 * that the journal's account is this live account (or a new one), that
 * the strategy suits the market (spot: long only at 1x), measure the
 * clock, settle what earlier runs left open, and put the live exchange
 * in x->ex and its fill hook in the engine.
 */
int tp_exlive_open(struct tp_exlive *v, struct tp_exec *x, struct tp_live *l,
    const char *account, struct tp_err *err);

/* After the run's candles: stops placed, moved or cancelled to match the
 * engine's positions. */
int tp_exlive_stops(struct tp_exlive *v, struct tp_err *err);

/* Mark the journal's account of the strategy as this live account, once
 * it is saved. */
int tp_exlive_mark(struct tp_exlive *v, struct tp_err *err);

/* Whether a killed run's entry of symbol i filled and waits for the end
 * of this run to become the engine's trade (reconcile passes it over). */
int tp_exlive_recovering(struct tp_exlive *v, int i);

/* The entries a killed run placed that filled, as the engine's trades
 * (done at the start of tp_exlive_stops, and by a halt first). */
int tp_exlive_recover(struct tp_exlive *v, struct tp_err *err);

/* halt --close-all: each entry the last run sent and the exchange
 * filled, which the engine would open at the next candle, is its trade
 * now, so that it is closed with the others. */
int tp_exlive_take_filled(struct tp_exlive *v, struct tp_err *err);

/* The run committed: the intents it wrote are the journal's now. */
void tp_exlive_committed(struct tp_exlive *v);

void tp_exlive_release(struct tp_exlive *v);

/* The account's balances in v->bal: read from the exchange unless read
 * since the run's last order.  0, or -1 with err. */
int tp_exlive_balances(struct tp_exlive *v, struct tp_err *err);

/* The quantity the engine's position of symbol i holds on the exchange
 * (spot: what was bought less the fee kept in the base), negative when
 * short, 0 flat. */
double tp_exlive_holding(struct tp_exlive *v, int i);

/*
 * Reconcile (tp_exrecon.c, tp-exec(1) RECONCILE).  At the start of each
 * live run, after what earlier runs left is settled: the exchange's open
 * orders with tp's client ids that the journal does not know, and on
 * futures the positions of the engine's symbols that the engine does
 * not hold (or holds and the exchange does not), each an event (severity
 * high: unknown_order, unknown_position, position_missing) and a
 * live_blocks row that refuses new entries on the symbol; one reported
 * already (its block names it) or ignored is not reported again.
 */
int tp_exrecon_check(struct tp_exlive *v, struct tp_err *err);

/*
 * tp-exec reconcile: with adopting, take the exchange's word (an unknown
 * order into live_orders, an unknown position as the engine's trade, a
 * missing one closed at the last close); else record each as ignored
 * and leave the engine alone.  Either way an event "reconciled" each,
 * and the account's blocks lifted.
 */
int tp_exrecon_resolve(struct tp_exlive *v, int adopting,
    struct tp_err *err);

/* The block of symbol (live_blocks): 1 with its reason (n bytes), 0
 * none. */
int tp_exrecon_block(struct tp_exlive *v, const char *symbol, char *reason,
    size_t n);

/* The exchange's position p as the engine's trade of symbol i, opened
 * at time at p's entry price (the strategy's stop from there), with the
 * margin it holds at the strategy's leverage. */
int tp_exrecon_open(struct tp_exlive *v, int i, int64_t time,
    const struct tp_lposition *p, struct tp_err *err);

/* The engine's trade of symbol i closed at rate after its last candle,
 * as the exchange closed it: no order is sent, the trade record is
 * written. */
int tp_exrecon_close(struct tp_exlive *v, int i, double rate,
    enum tp_exit_reason why, struct tp_err *err);

#endif
