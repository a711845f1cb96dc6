/*
 * tp_exchange.h: what tp-exec asks of an exchange.
 *
 * Four operations, as every exchange API has them: place an order, cancel
 * it, ask what became of it, and read the balances.  The paper exchange
 * (tp_paper_exchange(), over the account of tp_paper.h) is the one there
 * is; each live exchange is one more set of these functions, so tp-exec's
 * run does not change when one comes.
 */
#ifndef TP_EXCHANGE_H
#define TP_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"
#include "decide/tp_strategy.h"

enum tp_xstate {
	TP_X_UNKNOWN,		/* never placed here */
	TP_X_PENDING,		/* placed, waiting for its fill */
	TP_X_FILLED,
	TP_X_DONE		/* placed once, and not waiting: it did not
				 * fill, or was cancelled */
};

struct tp_xorder {
	const char *client_id;
	const char *symbol;	/* "" for a stream of one unnamed symbol */
	enum tp_action action;
	int64_t time;		/* the candle it was placed on */
	double limit;		/* an entry's limit price; 0: market */
	double stake;		/* an entry's margin; 0: sized at the fill */
	double stop_ratio;	/* an entry's stop from its price; 0: the
				 * strategy's stoploss */
	const char *tag;	/* the entry's tag, or NULL */
};

struct tp_xbalance {
	double balance;		/* the wallet: start and realised profit */
	double equity;		/* and the open positions' profit */
	double margin;		/* held by open positions */
	int open_trades;
};

struct tp_exchange {
	const char *name;
	void *ctx;
	/* Place o: 0, or 1 when the exchange refuses it (why says why, in
	 * n bytes), or -1 with err when it cannot be asked. */
	int (*place)(void *ctx, const struct tp_xorder *o, char *why,
	    size_t n, struct tp_err *err);
	/* Cancel the order id of symbol if it waits: 1 cancelled, 0 not
	 * waiting, -1 with err. */
	int (*cancel)(void *ctx, const char *symbol, const char *id,
	    struct tp_err *err);
	int (*query)(void *ctx, const char *symbol, const char *id,
	    enum tp_xstate *state, struct tp_err *err);
	int (*balances)(void *ctx, struct tp_xbalance *b, struct tp_err *err);
};

#endif
