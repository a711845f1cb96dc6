/*
 * tp_risk.h: position sizing, stops, portfolio limits and tail risk, the
 * arithmetic tp-risk (issue 8) decides with, kept apart from any state so
 * that the backtest and the live programs share it and tests can pin it.
 *
 * Ratios are fractions (0.01 is 1%); a stake is the margin a trade puts
 * up, its position stake * leverage; equity is in the quote currency.
 */
#ifndef TP_RISK_H
#define TP_RISK_H

#include <stddef.h>
#include <stdint.h>

#include "decide/tp_protect.h"

/* ---- sizing (tp_trade_stake() in tp_trade.h sizes; this is its Kelly) */

/*
 * Kelly's fraction for a bet won with probability p that pays b times
 * what it risks (Kelly 1956; Thorp): f = p - (1 - p) / b.  From trade
 * statistics, p is the win rate and b the mean win over the mean loss.
 * Negative when the edge is; NAN when b <= 0.
 */
double tp_risk_kelly(double p, double b);

/* ---- stops --------------------------------------------------------------- */

/* The stop at ratio (> 0) below a long entry or above a short one. */
double tp_risk_stop_ratio(double entry, double ratio, int is_short);

/*
 * The stop mult ATRs from entry, its distance clamped to [lo, hi] as
 * ratios of the entry (0.005 and 0.025 keep it between 0.5% and 2.5%).
 */
double tp_risk_stop_atr(double entry, double atr, double mult, double lo,
    double hi, int is_short);

/* ---- portfolio limits ---------------------------------------------------- */

struct tp_position {
	const char *symbol;
	int is_short;
	double stake, leverage;
	double entry, stop;	/* stop 0 when none: its risk is the stake */
};

/* The account as the next order finds it. */
struct tp_book {
	double equity, peak_equity, day_start_equity;
	const struct tp_position *pos;
	int npos;
	int64_t now;			/* Unix ms: the signal's candle */
	int64_t tf_ms;			/* the entry fills at now + tf_ms */
	const struct tp_protect_trade *closed;	/* the recent closed trades, in
					 * the order they closed */
	int nclosed;
	int sym;			/* the order's pair in closed[] */
};

/* Every limit is off at 0. */
struct tp_limits {
	int max_open_trades;
	double max_exposure_symbol;	/* position / equity, per symbol */
	double max_exposure_total;	/* all positions / equity */
	double max_heat;		/* open risk to the stops / equity */
	double daily_loss;		/* equity lost since the day began */
	double max_drawdown;		/* from the peak: the kill switch */
	double max_leverage;
	double min_liq_distance;	/* |entry - liquidation| / entry */
	int64_t cooldown_ms;		/* after an exit on the symbol */
	int stop_streak;		/* this many stop-losses ... */
	int64_t stop_window_ms;		/* ... within this window lock */
	/* "protections": freqtrade's, in the order given */
	struct tp_protection prot[TP_PROTECT_MAX];
	int nprot;
};

/*
 * The protections l applies, into out (TP_PROTECT_MAX + 2 entries): the
 * cooldown as a CooldownPeriod of cooldown_ms, the stop-loss streak as a
 * StoplossGuard of stop_streak losing stop-losses within stop_window_ms
 * locking for stop_window_ms, then l->prot.  Returns how many.
 */
int tp_risk_protections(const struct tp_limits *l, struct tp_protection *out);

struct tp_order_req {
	const char *symbol;
	int is_short;
	double stake, leverage, entry, stop;
	double liquidation;		/* 0 when none (spot) */
};

enum tp_risk_verdict {
	TP_RISK_OK,
	TP_RISK_REJECT,		/* this order breaks a limit */
	TP_RISK_HALT		/* the drawdown kill switch: no new entries */
};

/* The money lost if a position runs to its stop (the stake without one). */
double tp_risk_position(const struct tp_position *p);

/*
 * Whether order o may open on book b under l; on a rejection or a halt,
 * why names the limit and the numbers ("portfolio heat 0.062 would pass
 * the cap 0.05").
 */
enum tp_risk_verdict tp_risk_check(const struct tp_limits *l,
    const struct tp_book *b, const struct tp_order_req *o, char *why,
    size_t n);

/* ---- orders -------------------------------------------------------------- */

#define TP_ORDER_ID_LEN 34	/* "tp" and 32 hex digits */

/*
 * The client order id of the order a strategy places on a symbol for the
 * candle at time, for what ("buy", "sell", or tp-risk's action names:
 * "enter_long" ...): "tp" and the first 16 bytes of BLAKE2b-256 over the
 * four, each ended by a NUL (time as decimal text), in hex.  The same tick always gives the same id, so a re-run
 * cannot place it twice; 34 characters of [0-9a-z] fit every exchange's
 * limit (Binance and Bybit allow 36).  id holds TP_ORDER_ID_LEN + 1.
 */
void tp_risk_order_id(const char *strategy, const char *symbol, int64_t time,
    const char *what, char *id);

/* ---- tail risk ------------------------------------------------------------ */

/*
 * Historical value at risk and conditional value at risk of returns
 * r[0..n) at level (0.95, 0.99), as positive losses: VaR is minus the
 * (1 - level) quantile, interpolated linearly between order statistics
 * (numpy.quantile's default, Hyndman and Fan's method 7); CVaR is minus
 * the mean of the returns at or below that quantile.  r is sorted in
 * place.  Returns -1 when n < 1.
 */
int tp_risk_var_cvar(double *r, int n, double level, double *var, double *cvar);

#endif
