/*
 * tp_lbinance.h: Binance's answers read apart from the requests
 * (tp_lbinance.c), so that the fuzz harness (tests/fuzz/fuzz_lbinance.c)
 * and the unit tests reach the readers without a network.
 *
 * The venue itself is tp_binance_venue (live/tp_live.h).
 */
#ifndef TP_LBINANCE_H
#define TP_LBINANCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"
#include "live/tp_live.h"

/* Which endpoint's answer a text is. */
enum tp_lbn_kind {
	TP_LBN_TIME,		/* /api/v3/time, /fapi/v1/time */
	TP_LBN_RULES,		/* exchangeInfo: the symbol asked */
	TP_LBN_ORDER,		/* an order: placed, queried, cancelled */
	TP_LBN_TRADES,		/* myTrades, userTrades: fees summed */
	TP_LBN_ORDERS,		/* openOrders: each to order_fn */
	TP_LBN_BALANCES,	/* /api/v3/account, /fapi/v2/balance */
	TP_LBN_POSITIONS,	/* /fapi/v2/positionRisk */
	TP_LBN_ERROR,		/* {"code": N, "msg": "..."} */
	TP_LBN_ALGO,		/* futures: a conditional order of the
				 * algo service (/fapi/v1/algoOrder) */
	TP_LBN_ALGOS		/* its open ones: each to order_fn */
};
#define TP_LBN_KINDS 10

/* What an answer says; the caller sets symbol (TP_LBN_RULES) and the
 * functions (lists) first. */
struct tp_lbn_out {
	const char *symbol;
	int64_t time;			/* TP_LBN_TIME: the server's, ms */
	int found;			/* TP_LBN_RULES: the symbol is there */
	struct tp_lrules rules;
	struct tp_lorder order;		/* TP_LBN_ORDER, TP_LBN_ALGO;
					 * TP_LBN_TRADES adds its fees */
	double traded;			/* TP_LBN_TRADES: the quantity */
	char actual[TP_LID];		/* TP_LBN_ALGO: its market order's
					 * id once triggered, or "" */
	long code;			/* TP_LBN_ERROR */
	char msg[256];
	tp_lorder_fn *order_fn;
	tp_lbalance_fn *balance_fn;
	tp_lposition_fn *position_fn;
	void *ctx;
};

/*
 * Read text[0..n), the answer of Binance's market m (spot or USD-M
 * futures) of kind k, into *out.  Returns 0, a list function's non-zero
 * return, or -1 with err (TP_EX_UNAVAILABLE: not the answer it should
 * be, what names the endpoint in the message).
 */
int tp_lbinance_parse(enum tp_lmarket m, enum tp_lbn_kind k,
    const char *what, const char *text, size_t n, struct tp_lbn_out *out,
    struct tp_err *err);

#endif
