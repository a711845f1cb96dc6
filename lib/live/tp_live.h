/*
 * tp_live.h: a live exchange account, as tp-exec --live trades it
 * (tp-exec(1) LIVE TRADING).
 *
 * One struct tp_live is one account on one venue: Binance spot, Binance
 * USD-M futures, Bybit v5 spot or Bybit v5 linear perpetuals, Kraken
 * spot.  Each venue is a table of operations (struct tp_venue) in its
 * own file (tp_lbinance.c, tp_lbybit.c, tp_lkraken.c); tp-exec's run asks them the same things
 * whatever the venue: the server's clock, a symbol's trading rules, to
 * place, query and cancel an order by tp's client order id, the open
 * orders, the balances and the positions.
 *
 * Every request is signed with the account's key (tp_lsign.h), held in
 * locked memory and wiped when the account is closed.  Requests go
 * through tp_http (feed/tp_http.h), so they are paced by the limit
 * headers as tp-fetch's are.  An order is never sent twice by the
 * transport: when its answer is lost (timeout, broken connection, 5xx),
 * place() says TP_LP_UNKNOWN and the caller queries it by its client id
 * before anything is sent again.
 *
 * Numbers go out as the exchange's rules allow: quantities rounded down
 * to the lot step, prices to the tick (tp_lrules_*), written in plain
 * decimals with no more places than the step has.
 */
#ifndef TP_LIVE_H
#define TP_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"
#include "feed/tp_http.h"

/* Which market of the exchange the account trades. */
enum tp_lmarket {
	TP_LM_SPOT,
	TP_LM_FUTURES		/* Binance USD-M, Bybit linear: one-way */
};

enum tp_lkeytype {
	TP_LK_HMAC,		/* a secret string: HMAC-SHA256 (Kraken:
				 * base64, HMAC-SHA512 of its bytes) */
	TP_LK_ED25519		/* Binance: an Ed25519 private key */
};

#define TP_LSYM 32		/* an exchange symbol, NUL-ended */
#define TP_LID 48		/* an order id or client order id */
#define TP_LASSET 16

/* One symbol's trading rules (exchangeInfo, instruments-info). */
struct tp_lrules {
	char symbol[TP_LSYM];
	char base[TP_LASSET], quote[TP_LASSET];
	double step;		/* quantity increment (lot step) */
	double min_qty, max_qty;	/* max 0: none said */
	double market_max_qty;	/* a market order's own cap; 0: none */
	double tick;		/* price increment */
	double min_notional;	/* price x quantity at least; 0: none */
	int trading;		/* open for trading now */
};

enum tp_lotype {
	TP_LO_MARKET,
	TP_LO_LIMIT,
	TP_LO_STOP		/* stop-market: a market order once the
				 * price crosses stop */
};

/* An order to place; numbers already rounded (tp_lrules_qty). */
struct tp_lreq {
	const char *symbol;
	const char *client_id;
	int buy;
	enum tp_lotype type;
	double qty;
	double price;		/* TP_LO_LIMIT */
	double stop;		/* TP_LO_STOP: the trigger */
	int reduce_only;	/* futures: only closes (stops, exits) */
	const struct tp_lrules *rules;	/* for the decimals written */
};

enum tp_lostate {
	TP_LS_NONE,		/* the exchange does not know it */
	TP_LS_NEW,		/* waiting (a stop not triggered) */
	TP_LS_PARTIAL,		/* partly filled, still waiting */
	TP_LS_FILLED,
	TP_LS_CANCELED,		/* perhaps after a part filled */
	TP_LS_REJECTED,
	TP_LS_EXPIRED
};

/* What the exchange says of an order. */
struct tp_lorder {
	char symbol[TP_LSYM];
	char client_id[TP_LID];
	char order_id[TP_LID];
	enum tp_lostate state;
	enum tp_lotype type;
	int buy, reduce_only;
	double qty, stop, price;
	double filled;		/* executed quantity */
	double avg_price;	/* of what filled; 0 when nothing did */
	double fee;		/* summed over its fills, in fee_asset */
	char fee_asset[TP_LASSET];
	int64_t time, update_time;	/* Unix ms */
};

struct tp_lbalance {
	char asset[TP_LASSET];
	double free, locked;
};

struct tp_lposition {
	char symbol[TP_LSYM];
	int is_short;
	double qty;		/* above 0 */
	double entry, mark, liquidation, leverage, unrealised;
};

/* place()'s answers. */
enum tp_lplaced {
	TP_LP_DONE,		/* *o says what became of it */
	TP_LP_REFUSED,		/* the exchange refused it: why */
	TP_LP_UNKNOWN		/* the answer was lost: query it */
};

struct tp_live;

/* Called with each item of a list; non-zero stops the listing and is
 * returned. */
typedef int tp_lorder_fn(void *ctx, const struct tp_lorder *o);
typedef int tp_lbalance_fn(void *ctx, const struct tp_lbalance *b);
typedef int tp_lposition_fn(void *ctx, const struct tp_lposition *p);

/*
 * A venue.  Each operation returns 0 (or as said), or -1 with err:
 * TP_EX_CONFIG (78) for a key or signature the exchange refuses,
 * TP_EX_TEMPFAIL (75) for an exchange down, busy or banning us (l->ban
 * set), TP_EX_UNAVAILABLE for an answer tp cannot read.
 */
struct tp_venue {
	const char *name;		/* "binance", "bybit", "kraken", ... */
	/* Measure l->offset_ms, the server's clock less ours. */
	int (*sync_time)(struct tp_live *l, struct tp_err *err);
	/* The rules of symbol into *r: 1 found, 0 no such symbol. */
	int (*rules)(struct tp_live *l, const char *symbol,
	    struct tp_lrules *r, struct tp_err *err);
	/* Futures: one-way mode, isolated margin and leverage for symbol,
	 * before its first order (each is a no-op when already so). */
	int (*prepare)(struct tp_live *l, const char *symbol, double leverage,
	    struct tp_err *err);
	/* Place q: an enum tp_lplaced, with *o (TP_LP_DONE) or why (n
	 * bytes, TP_LP_REFUSED: the exchange's code and message). */
	int (*place)(struct tp_live *l, const struct tp_lreq *q,
	    struct tp_lorder *o, char *why, size_t n, struct tp_err *err);
	/* The order of symbol with client_id into *o (state TP_LS_NONE when
	 * the exchange has none), its fills' fee summed in. */
	int (*query)(struct tp_live *l, const char *symbol,
	    const char *client_id, struct tp_lorder *o, struct tp_err *err);
	/* Cancel it: 1 cancelled, 0 not waiting (filled, gone, unknown). */
	int (*cancel)(struct tp_live *l, const char *symbol,
	    const char *client_id, struct tp_err *err);
	/* The orders waiting, of symbol (NULL: all the account's). */
	int (*open_orders)(struct tp_live *l, const char *symbol,
	    tp_lorder_fn *fn, void *ctx, struct tp_err *err);
	/* Balances other than zero. */
	int (*balances)(struct tp_live *l, tp_lbalance_fn *fn, void *ctx,
	    struct tp_err *err);
	/* Open positions (futures; spot has none). */
	int (*positions)(struct tp_live *l, tp_lposition_fn *fn, void *ctx,
	    struct tp_err *err);
};

/* One account's connection. */
struct tp_live {
	const struct tp_venue *v;
	enum tp_lmarket market;
	enum tp_lkeytype keytype;
	char account[64];		/* the key store's name for it */
	char base_url[512];		/* no trailing slash */
	/* The API key and secret (HMAC: the secret's bytes; Ed25519: the
	 * 64-byte libsodium secret key), in sodium_malloc'd memory. */
	char *key;
	unsigned char *secret;
	size_t secret_len;
	struct tp_http http;
	int64_t offset_ms;		/* server clock - ours */
	long recv_window;		/* ms, 5000 */
	int ban;			/* a 418 or 403: stop the run */
	long requests;			/* made, for the bench */
	/*
	 * Kraken: a nonce that every signed request raises, across runs
	 * and processes, for one key.  The venue asks for one not below
	 * least (its last + 1, or the clock in ms when later); the hook,
	 * when set, answers in *n one not below least nor below any it
	 * answered before for this account, once it is kept (a clock
	 * stepped back cannot bring an old one back).  NULL: least.
	 */
	int (*nonce)(void *ctx, uint64_t least, uint64_t *n,
	    struct tp_err *err);
	void *nonce_ctx;
	uint64_t nonce_last;		/* the last one used */
	struct tp_buf q;		/* requests are built here */
	void *headers;			/* struct curl_slist * */
};

/* The venues. */
extern const struct tp_venue tp_binance_venue;
extern const struct tp_venue tp_bybit_venue;
extern const struct tp_venue tp_kraken_venue;
extern const struct tp_venue tp_coinbase_venue;

/* The venue called name ("binance", "bybit", "kraken", "coinbase"), or
 * NULL. */
const struct tp_venue *tp_live_venue(const char *name);

/*
 * The base URL of venue v for market, from the environment
 * (TP_BINANCE_URL, TP_BINANCE_FUTURES_URL, TP_BYBIT_URL,
 * TP_KRAKEN_URL, TP_COINBASE_URL), else the
 * production one (testnet: the venue's test network).
 */
const char *tp_live_base_url(const struct tp_venue *v, enum tp_lmarket m,
    int testnet);

/* Set up l for venue v's market at base_url, the key and secret copied
 * into locked memory. */
int tp_live_init(struct tp_live *l, const struct tp_venue *v,
    enum tp_lmarket m, const char *base_url, enum tp_lkeytype kt,
    const char *key, const unsigned char *secret, size_t secret_len,
    struct tp_err *err);
/* Wipe the key and close. */
void tp_live_release(struct tp_live *l);

/* The venues' name of tp's symbol (BTC/USDT is BTCUSDT on Binance and
 * Bybit) into out: 0, or -1 when it is not BASE/QUOTE or too long. */
int tp_live_symbol(const char *symbol, char out[TP_LSYM]);

/* Our clock, corrected to the server's (l->offset_ms). */
int64_t tp_live_now(const struct tp_live *l);

/* q rounded down to the lot step of r (to a whole number of steps,
 * robust to the step's binary error). */
double tp_lrules_qty(const struct tp_lrules *r, double q);
/* p rounded to the nearest tick of r. */
double tp_lrules_price(const struct tp_lrules *r, double p);
/*
 * Why an order of qty at price breaks r ("quantity 0.00004 is below the
 * minimum 0.0001 (LOT_SIZE)"), into why (n bytes); 0 when it does not.
 */
int tp_lrules_check(const struct tp_lrules *r, double qty, double price,
    char *why, size_t n);
/* v as plain decimal text with the places of step (0.001: 3), no
 * exponent, into buf (64 bytes).  Returns buf. */
char *tp_lrules_fmt(double v, double step, char *buf);

#endif
