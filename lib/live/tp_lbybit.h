/*
 * tp_lbybit.h: the Bybit v5 venue's parts that need no network (tp_live.h
 * has the venue itself, tp_bybit_venue): the string a request signs, and
 * the readers of Bybit's answers, kept apart from HTTP so that the unit
 * tests and a fuzz harness (tests/fuzz/fuzz_lbybit.c) reach them.
 *
 * Sources: bybit-exchange/docs@072c197d, docs/v5/guide.mdx ("Create A
 * Request", "Common response parameters") and the page of each endpoint
 * named at its reader.
 */
#ifndef TP_LBYBIT_H
#define TP_LBYBIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_buf.h"
#include "live/tp_live.h"

/*
 * The string Bybit signs, into b (replacing what it held, NUL-ended):
 * timestamp + API key + recv_window + payload, where payload is the
 * query string (GET) or the JSON body (POST) exactly as sent (guide.mdx,
 * "Create A Request").  -1 when out of memory.
 */
int tp_lbybit_presign(struct tp_buf *b, int64_t ts, const char *key,
    long recv_window, const char *payload);

/* Every answer's envelope: {"retCode":0,"retMsg":"OK","result":{...},
 * "retExtInfo":{},"time":ms}. */
struct tp_lbybit_env {
	long code;		/* retCode: 0 done, else why not */
	char msg[256];		/* retMsg, made printable */
	int64_t time;		/* the server's ms; 0 when not said */
};

/*
 * Each reader takes a whole answer body[0..n) and fills *e.  It returns
 * -1 with why (wn bytes) when the answer is not what Bybit documents
 * (not JSON, a field missing or of another type, a number that is not
 * one); else 0, and, only when e->code is 0, what the result holds.
 */

/* Only the envelope. */
int tp_lbybit_read_env(const char *body, size_t n, struct tp_lbybit_env *e,
    char *why, size_t wn);

/* GET /v5/market/time (market/time.mdx): the server's clock in ms, from
 * result.timeNano, else the envelope's time. */
int tp_lbybit_read_time(const char *body, size_t n, struct tp_lbybit_env *e,
    int64_t *ms, char *why, size_t wn);

/*
 * GET /v5/market/instruments-info (market/instrument.mdx): the rules of
 * symbol of market m into *r; *found 0 when the list is empty (an
 * unknown symbol).
 */
int tp_lbybit_read_rules(const char *body, size_t n, enum tp_lmarket m,
    const char *symbol, struct tp_lbybit_env *e, struct tp_lrules *r,
    int *found, char *why, size_t wn);

/* POST /v5/order/create (order/create-order.mdx): result.orderId into
 * id (TP_LID bytes). */
int tp_lbybit_read_placed(const char *body, size_t n, struct tp_lbybit_env *e,
    char *id, char *why, size_t wn);

/*
 * GET /v5/order/realtime and /v5/order/history (order/open-order.mdx,
 * order-list.mdx): fn called with each order of result.list (stopping
 * when it returns non-zero, which is put in *stop), the next page's cursor
 * into cursor (cn bytes, "" for none).  An order's fee is its
 * cumFeeDetail when it has one, else cumExecFee (the linear category's
 * fee is in its settle coin, USDT for the symbols tp trades), else
 * fee_asset is "" (spot: ask tp_lbybit_read_execs).
 */
int tp_lbybit_read_orders(const char *body, size_t n, struct tp_lbybit_env *e,
    enum tp_lmarket m, tp_lorder_fn *fn, void *ctx, int *stop, char *cursor,
    size_t cn, char *why, size_t wn);

/* GET /v5/execution/list (order/execution.mdx): the fills' execFee added
 * to o->fee, and o->fee_asset from feeCurrency. */
int tp_lbybit_read_execs(const char *body, size_t n, struct tp_lbybit_env *e,
    struct tp_lorder *o, char *why, size_t wn);

/* GET /v5/account/wallet-balance (account/wallet-balance.mdx): fn with
 * each coin of result.list[0].coin whose balance is not zero (*stop as
 * for orders). */
int tp_lbybit_read_balances(const char *body, size_t n,
    struct tp_lbybit_env *e, tp_lbalance_fn *fn, void *ctx, int *stop,
    char *why, size_t wn);

/* GET /v5/position/list (position/position.mdx): fn with each position
 * of result.list that is open; the next page's cursor as for orders. */
int tp_lbybit_read_positions(const char *body, size_t n,
    struct tp_lbybit_env *e, tp_lposition_fn *fn, void *ctx, int *stop,
    char *cursor, size_t cn, char *why, size_t wn);

#endif
