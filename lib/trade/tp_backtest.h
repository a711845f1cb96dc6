/*
 * tp_backtest.h: replay candles with signals through tp_trade positions,
 * a wallet and freqtrade's backtest loop (tp-backtest(1)).
 *
 * Candles come in time order (symbols interleaved); a time step is worked
 * when the next one begins, so that the last candle is known as last.  On
 * each step and for each symbol, in input order: an entry at the open
 * when the previous candle signalled one and a slot and stake are free,
 * then the exit checks of its open trade (which may be the one just
 * opened).  Trades still open at the end close at their last candle's
 * open ("force_exit").  Memory is one small state per symbol plus the
 * closed trades kept for the summary.
 *
 * Signals: a "signal" field (tp-predict's enter_long, exit_long,
 * enter_short, exit_short) or freqtrade's enter_long, exit_long,
 * enter_short, exit_short columns (1 or true); "tag" or "enter_tag" names
 * the entry.
 */
#ifndef TP_BACKTEST_H
#define TP_BACKTEST_H

#include "rec/tp_candle.h"
#include "trade/tp_metrics.h"
#include "rec/tp_rec.h"
#include "decide/tp_strategy.h"
#include "decide/tp_risk.h"
#include "trade/tp_trade.h"

enum { TP_SIG_EL = 1, TP_SIG_XL = 2, TP_SIG_ES = 4, TP_SIG_XS = 8 };

#define TP_BT_TAGSZ 64

struct tp_bt_sym {
	int id;				/* in tp_bt.syms: its name */
	struct tp_candle cur;		/* the candle of the open time step */
	int cur_sig;
	char cur_tag[TP_BT_TAGSZ];
	int sig;			/* the signals of the previous candle */
	char tag[TP_BT_TAGSZ];
	int64_t last_time;		/* -1 before the first candle */
	long before;			/* candles before b->from */
	double first_close, last_open, last_close;
	int has_trade;
	struct tp_trade trade;
	char trade_tag[TP_BT_TAGSZ];
	int seen;			/* has had a candle */
	/* Paper trading (tp-exec): the margin of the entry order that set
	 * sig (0: the strategy's sizing rule, as a backtest sizes), its stop
	 * as a ratio of the entry price (0: the strategy's stoploss),
	 * and when and why the symbol's last trade closed. */
	double order_stake, order_stop;
	double order_limit;	/* its limit price; 0: at the open */
	int64_t last_exit;
	enum tp_exit_reason last_exit_reason;
	/* Volatility sizing: the EWMA of squared close-to-close returns
	 * (RiskMetrics, lambda 0.94) and how many returns it has seen. */
	double vol_var;
	int nret;
};

struct tp_backtest;

/* Called for each closed trade, for each time step's equity. */
struct tp_bt_out {
	void *ctx;
	int (*trade)(void *ctx, const struct tp_backtest *b,
	    const struct tp_bt_sym *s, struct tp_err *err);
	/* After each time step, b->equity and b->peak set. */
	int (*equity)(void *ctx, const struct tp_backtest *b, int64_t time,
	    struct tp_err *err);
	/* Each candle as taken, checked, before it is worked: to keep it
	 * for replaying (a sweep). */
	int (*candle)(void *ctx, int sym, const struct tp_candle *k, int sig,
	    const char *tag, struct tp_err *err);
	/* A position opened (adding 0) or added to (DCA) at rate with stake
	 * more margin: a fill. */
	int (*entry)(void *ctx, const struct tp_backtest *b,
	    const struct tp_bt_sym *s, int adding, double rate, double stake,
	    struct tp_err *err);
	/*
	 * A live account (tp-exec --live): before a position opens, grows
	 * or closes, the exchange says whether it did and at what price.
	 * why is TP_EXIT_NONE for an entry (adding for DCA), else the exit
	 * the candle makes; *rate is the engine's price and *amount the
	 * quantity (an entry: 0, any).  Returns 1 with *rate, and for an
	 * entry *amount, as the exchange filled them; 0 when it did not
	 * happen (the position stays as it was); -1 with err.  NULL: the
	 * engine's own fills (backtest, paper).
	 */
	int (*fill)(void *ctx, const struct tp_backtest *b,
	    const struct tp_bt_sym *s, enum tp_exit_reason why, int adding,
	    double *rate, double *amount, struct tp_err *err);
};

struct tp_backtest {
	const struct tp_strategy *st;
	struct tp_exits x;
	struct tp_bt_out out;
	struct tp_candle_cols cols;
	int type_id, sig_id, tag_id, etag_id, flag_id[TP_ACTION_N];
	unsigned char *role;		/* by field id: what it is to us */
	int nrole;
	struct tp_names syms;
	struct tp_bt_sym *sym;
	int nsym, capsym;
	int *step;			/* symbols with a candle at step_time */
	int nstep, capstep;
	int64_t step_time;		/* -1 before the first candle */
	int64_t tf_ms;			/* the shortest candle spacing seen */
	/* --timerange (tp_bt_init: all of time): trades open from `from`
	 * on; the candles before it still pass through (the warm-up of the
	 * rules, volatility), the candles after `to` are not taken, so the
	 * last one up to it is the last candle.  The summary's period, the
	 * market change and the equity records are of the range's
	 * candles. */
	int64_t from, to;
	double balance;			/* starting balance + realised profit */
	/* With an equity callback: the balance plus the open trades' profit
	 * at their last close, and the highest of it so far. */
	double equity, peak;
	double staked;			/* margin of the open trades */
	int nopen;
	struct tp_stake_in stats;	/* the closed trades, for Kelly */
	long candles;
	long rejected;			/* entry signals no trade took */
	/* Protections (tp_protect.h): the strategy's, and the trades closed
	 * recently enough to matter to them, in the order they closed. */
	struct tp_protection prot[TP_PROTECT_MAX + 2];
	int nprot;
	struct tp_protect_trade *closed;
	int nclosed, capclosed;
	struct tp_metrics m;
	struct tp_buf tmp;
};

/* names may be NULL for a backtest fed only by tp_bt_candle(). */
int tp_bt_init(struct tp_backtest *b, const struct tp_strategy *st,
    struct tp_names *names, const struct tp_bt_out *out, struct tp_err *err);
void tp_bt_release(struct tp_backtest *b);

/* Take one record: a candle (other record types are ignored).  Errors:
 * TP_EX_DATAERR for a bad candle, a bad signal, or time going back. */
int tp_bt_add(struct tp_backtest *b, const struct tp_rec *rec,
    struct tp_err *err);

/* The index of the symbol called p[0..n), made on first sight; -1 when
 * out of memory. */
int tp_bt_symbol(struct tp_backtest *b, const char *p, size_t n,
    struct tp_err *err);

/*
 * The candle rec holds: 1 with *k, its signals (TP_SIG_*), its entry tag
 * (TP_BT_TAGSZ bytes) and its symbol's index; 0 when rec is not a
 * candle; -1 with a data error naming rec's input and line.
 */
int tp_bt_read(struct tp_backtest *b, const struct tp_rec *rec,
    struct tp_candle *k, int *sig, char *tag, int *sym, struct tp_err *err);

/* Take one candle already read, of symbol sym, with its signals (TP_SIG_*)
 * and entry tag (may be NULL); file and line name it in errors. */
int tp_bt_candle(struct tp_backtest *b, int sym, const struct tp_candle *k,
    int sig, const char *tag, const char *file, long line,
    struct tp_err *err);

/* Work the time step whose candles are in now, without waiting for a
 * later candle (paper trading: the step is over when the tick is). */
int tp_bt_flush(struct tp_backtest *b, struct tp_err *err);

/* What Kelly and volatility sizing see for a new trade of s now. */
void tp_bt_stake_in(const struct tp_backtest *b, const struct tp_bt_sym *s,
    struct tp_stake_in *in);

/* Close symbol sym's open trade at rate now (paper trading: a halt that
 * closes everything). */
int tp_bt_close(struct tp_backtest *b, int sym, int64_t time, double rate,
    enum tp_exit_reason why, struct tp_err *err);

/* The candle length protections round to: the strategy's timeframe, or
 * the shortest candle spacing seen. */
int64_t tp_bt_tf(const struct tp_backtest *b);

/* Keep closed trade c for the protections (the paper account restoring
 * its history), dropping what no protection can need any longer; -1
 * when out of memory. */
int tp_bt_closed(struct tp_backtest *b, const struct tp_protect_trade *c,
    struct tp_err *err);

/* The balance plus the open trades' profit at their last close. */
double tp_bt_equity(const struct tp_backtest *b);

/* freqtrade's direction of an entry for signals sig: 0 long, 1 short,
 * -1 none (no entry signal, or conflicting ones). */
int tp_bt_direction(int sig);

/* After the last record: work the last step, close what is open, and
 * fill s with the summary. */
int tp_bt_finish(struct tp_backtest *b, struct tp_summary *s,
    struct tp_err *err);

/* The name of symbol s ("" when the records have no symbol). */
const char *tp_bt_sym_name(const struct tp_backtest *b,
    const struct tp_bt_sym *s);

/* A "trade" record of s's trade, just closed (freqtrade's field names). */
int tp_bt_trade_rec(const struct tp_backtest *b, const struct tp_bt_sym *s,
    struct tp_names *names, struct tp_rec *rec);

/* The "summary" record of a run over start..end (period_start and
 * period_end; start > end: no period, both missing), with the Monte Carlo
 * percentiles when mc is not NULL.  Returns -1 when out of memory. */
int tp_bt_summary_rec(const struct tp_summary *s, const char *strategy,
    int64_t start, int64_t end, const struct tp_montecarlo *mc,
    struct tp_names *names, struct tp_rec *rec);

/*
 * The name of now for summary field old of the release before, or NULL
 * when old is not one: "start" and "end" are "period_start" and
 * "period_end", "exit_exit_signal" is "exit_signal", a sweep's "roi.M" is
 * "roi_M" (names jq and SQL take without quotes).  The readers of
 * summaries (merge, tp-journal) take the old names for one release.  buf
 * holds n bytes.
 */
const char *tp_bt_summary_name(const char *old, char *buf, size_t n);

#endif
