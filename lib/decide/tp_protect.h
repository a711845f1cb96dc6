/*
 * tp_protect.h: freqtrade's protections (CooldownPeriod, StoplossGuard,
 * MaxDrawdown, LowProfitPairs; freqtrade docs/includes/protections.md and
 * freqtrade/plugins/protections/, read at c9ae5e1e), as one function of
 * the closed trades so far: whether an entry is locked, until when, why.
 * tp-backtest, the paper account and tp-risk all ask it, so that they
 * lock the same entries (tp-strategy(5), "protections").
 *
 * freqtrade judges its protections when a trade closes and keeps the
 * locks they set; a lock is a function of the trades closed up to that
 * exit, so here each recent exit is judged again on the history as it
 * stood then.  The set of locks, and so every answer, is the same, and
 * the history is all that has to be kept between runs.
 */
#ifndef TP_PROTECT_H
#define TP_PROTECT_H

#include <stddef.h>
#include <stdint.h>

enum tp_protect_method {
	TP_PROTECT_COOLDOWN,	/* CooldownPeriod */
	TP_PROTECT_STOPLOSS_GUARD,	/* StoplossGuard */
	TP_PROTECT_MAX_DRAWDOWN,	/* MaxDrawdown */
	TP_PROTECT_LOW_PROFIT,	/* LowProfitPairs */
	TP_PROTECT_N
};

extern const char *const tp_protect_names[TP_PROTECT_N];

#define TP_PROTECT_MAX 16		/* protections a strategy may list */

struct tp_protection {
	enum tp_protect_method method;
	int64_t lookback_ms;	/* trades closed within it count */
	int64_t stop_ms;	/* the lock lasts this long after the exit */
	int trade_limit;	/* trades (stop-losses) needed at least */
	int only_per_pair;	/* StoplossGuard: lock the pair alone */
	int only_per_side;	/* count, and lock, one side only */
	double required_profit;		/* StoplossGuard, LowProfitPairs */
	double max_allowed_drawdown;	/* MaxDrawdown */
	int legacy;		/* risk.cooldown_minutes, risk.stoploss_guard:
				 * their messages */
};

/* One closed trade, as a protection sees it. */
struct tp_protect_trade {
	int64_t close_time;	/* Unix ms */
	int sym;		/* the pair: an index the caller keeps */
	int is_short;
	int stop;		/* closed by a stop-loss, trailing stop or
				 * liquidation */
	double profit;		/* its profit ratio (freqtrade close_profit) */
};

struct tp_protect_lock {
	int64_t until;		/* entries before this time are refused */
	int64_t last;		/* the latest close the lock counted */
	int which;		/* the protection's index */
	int count;		/* the trades (stop-losses) it counted */
	double value;		/* the drawdown, or the pair's profit */
};

/* The defaults of a protection of method m (freqtrade's: a 60 minute
 * lookback and lock, trade_limit 10 for StoplossGuard, else 1). */
void tp_protect_defaults(struct tp_protection *p, enum tp_protect_method m);

/*
 * Whether an entry of pair sym (is_short its side) on the signal of the
 * candle at now, filled at the next candle's open now + tf_ms, is locked
 * by protections p[0..np), given the closed trades h[0..n) in the order
 * they closed (only those closed at or before now count).  A lock ends at
 * the first candle boundary after the last counted exit plus its
 * stop_ms (freqtrade rounds lock ends up to the next candle; tf_ms 0:
 * not rounded), and refuses entries that fill before it.  Returns 1 with
 * *lock the one that ends last, else 0.
 */
int tp_protect_check(const struct tp_protection *p, int np, int64_t tf_ms,
    const struct tp_protect_trade *h, int n, int sym, int is_short, int64_t now,
    struct tp_protect_lock *lock);

/* The oldest close that can still matter at now: trades closed earlier
 * may be dropped from the history. */
int64_t tp_protect_horizon(const struct tp_protection *p, int np,
    int64_t tf_ms, int64_t now);

/* Why lock refuses an entry of symbol (a name, "" for none) at now. */
void tp_protect_why(const struct tp_protection *p, const struct tp_protect_lock *lock,
    const char *symbol, int64_t now, char *why, size_t n);

#endif
