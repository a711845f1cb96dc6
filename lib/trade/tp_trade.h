/*
 * tp_trade.h: one position: its entry, stop, exits, liquidation and profit,
 * checked candle by candle the way freqtrade's backtester does
 * (tp-backtest(1) documents the order of the checks).
 *
 * This is the code tp-backtest replays history through, and the code the
 * risk and execution programs run live: one implementation of what a
 * stop, a ROI table or a trailing stop means.  Prices are quote currency
 * per unit, amounts are units, ratios are fractions (0.01 is 1%), times
 * are Unix milliseconds.
 */
#ifndef TP_TRADE_H
#define TP_TRADE_H

#include <stdint.h>

#include "rec/tp_candle.h"
#include "decide/tp_strategy.h"

/* Why a trade closed: freqtrade's exit_reason names. */
enum tp_exit_reason {
	TP_EXIT_NONE,
	TP_EXIT_EXIT_SIGNAL,	/* "exit_signal": the strategy said so */
	TP_EXIT_STOP_LOSS,	/* "stop_loss" */
	TP_EXIT_LIQUIDATION,	/* "liquidation": margin used up */
	TP_EXIT_ROI,		/* "roi": the ROI table's target reached */
	TP_EXIT_TRAILING,	/* "trailing_stop_loss": a stop that moved */
	TP_EXIT_FORCE,		/* "force_exit": the data ended */
	TP_EXIT_N
};

extern const char *const tp_exit_names[TP_EXIT_N];

/* The exit rules a trade follows: a strategy's, with freqtrade's
 * meanings (tp-strategy(5)). */
struct tp_exits {
	const struct tp_roi *roi;	/* sorted by minutes; may be empty */
	int nroi;
	double stoploss;		/* negative ratio */
	int has_stoploss;
	int trailing_stop;
	double tsp;			/* trailing_stop_positive */
	int has_tsp;
	double tspo;			/* trailing_stop_positive_offset */
	int toor;			/* trailing_only_offset_is_reached */
	int use_exit_signal;
	double tf_min;			/* candle length in minutes */
	double mmr;			/* maintenance margin ratio */
};

/* What the Kelly and volatility sizing rules know of the account. */
struct tp_stake_in {
	int64_t wins, losses;	/* closed trades with a profit, with a loss */
	double win_sum;		/* the sum of their profit ratios */
	double loss_sum;	/* the sum of minus their profit ratios */
	double vol;		/* the symbol's volatility per candle; 0 while
				 * unknown */
};

/* Closed trades before Kelly sizing trusts their statistics. */
#define TP_KELLY_MIN_TRADES 20

/*
 * The margin for a new trade from a wallet of balance (starting balance
 * and realised profit) with staked of it in nopen open trades; 0 when
 * none may open.  Without a sizing, freqtrade's "unlimited": 99% of the
 * wallet tradable, shared among the max_open_trades slots.  "fixed" is
 * refused when the free balance cannot pay it; "fraction" and "risk"
 * (the stake that loses that part of the balance at the stop) are parts
 * of the balance; "kelly" is value times Kelly's fraction (tp_risk_kelly) of
 * the balance from in's trade statistics, divided by the leverage, or the
 * fallback fraction before TP_KELLY_MIN_TRADES; "volatility" is the
 * margin whose position moves value of the balance per candle when the
 * price moves in->vol.  All are capped by the strategy's max_stake and by
 * what is free.
 */
double tp_trade_stake(const struct tp_strategy *st, double balance,
    double staked, int nopen, const struct tp_stake_in *in);

/*
 * Why no entry of st can ever open on its starting wallet, as one line
 * into why (n bytes): a fixed stake above the part of dry_run_wallet a
 * trade may use.  Returns 0 (why "") when some entry can.
 */
int tp_trade_stake_never(const struct tp_strategy *st, char *why, size_t n);

/* The strategy's exit rules (pointing into s, which must outlive x). */
void tp_trade_exits_of(struct tp_exits *x, const struct tp_strategy *s);

struct tp_trade {
	int is_short;
	double leverage;
	double fee_open, fee_close;	/* ratios per side */
	int64_t open_time;
	double open_rate;
	double amount;			/* units: stake * leverage / open_rate */
	double stake;			/* margin, quote, of all entries */
	double first_stake;		/* of the first entry */
	int entries;			/* 1, more after position adjustments */
	double open_value;		/* amount * open_rate, +- the open fee */
	/* The stop: a price, and the ratio it was last set from. */
	int has_stop;
	double stop_loss, stop_loss_pct;
	double initial_stop_loss, initial_stop_loss_pct;
	int stop_moved;			/* trailed since it was set */
	double liquidation;		/* price; 0 when none */
	double max_rate, min_rate;	/* the extremes seen while open */
	/* Set by tp_trade_close(). */
	int64_t close_time;
	double close_rate;
	enum tp_exit_reason exit;
	double profit_abs, profit_ratio;
};

/*
 * Open a position at rate with stake of margin: set the amount, the value
 * with its fee, the initial stop (when x has a stop loss) and, above 1x,
 * the isolated-margin liquidation price.
 */
void tp_trade_open(struct tp_trade *t, const struct tp_exits *x,
    int is_short, int64_t time, double rate, double stake, double leverage,
    double fee);

/*
 * Add to the position at rate with stake more margin (a position
 * adjustment, DCA): the amount grows, the open rate becomes the average,
 * an initial stop moves with it (a trailed one stays), the liquidation
 * price follows.
 */
void tp_trade_add(struct tp_trade *t, const struct tp_exits *x, double rate,
    double stake);

/* What closing all of it at rate would bring back: freqtrade's
 * close_trade_value (amount * rate, -+ the close fee). */
double tp_trade_close_value(const struct tp_trade *t, double rate);

/* Profit in quote and as a ratio of the stake (leverage included), if
 * the position closed at rate now. */
double tp_trade_profit_abs(const struct tp_trade *t, double rate);
double tp_trade_profit_ratio(const struct tp_trade *t, double rate);

/*
 * Move the stop to stoploss away from price (divided by the leverage),
 * but only ever toward the price; initial sets it only when none is set.
 */
void tp_trade_adjust_stop(struct tp_trade *t, double price, double stoploss,
    int initial);

/*
 * The exit this candle brings, if any, in freqtrade's order: the exit
 * signal (of the previous candle: exit_sig set and enter not), then a
 * stop loss or liquidation, then ROI, then a trailing stop.  First the
 * stop trails (from the high of a long, the low of a short) unless the
 * candle already reaches it.  Returns the reason and sets *rate to the
 * price it fills at, or returns TP_EXIT_NONE.
 */
enum tp_exit_reason tp_trade_check(struct tp_trade *t, const struct tp_exits *x,
    const struct tp_candle *k, int enter, int exit_sig, double *rate);

/* Close at rate: set the close fields and the realised profit. */
void tp_trade_close(struct tp_trade *t, int64_t time, double rate,
    enum tp_exit_reason why);

/*
 * The isolated-margin liquidation price of a position of amount units
 * opened at open_rate with stake of margin: where the loss, with the
 * maintenance margin ratio mmr and the closing fee, uses up the stake
 * (freqtrade's generic formula), moved buffer of the way back toward the
 * entry; 0 when that is at or below 0.
 */
double tp_trade_liquidation_price(int is_short, double open_rate, double stake,
    double amount, double mmr, double fee, double buffer);

#endif
