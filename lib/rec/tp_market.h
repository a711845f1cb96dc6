/*
 * tp_market.h: market names: symbols in tp's spelling, and the market a
 * candle file's name tells.
 *
 * tp spells a symbol BASE/QUOTE in upper case (tp(7)), as BTC/USDT.
 * Exchanges and file names join the two (BTCUSDT) or separate them with
 * '-' or '_'; a joined symbol is split at the longest known quote asset
 * it ends with (the list is in tp_market.c and tp(7)).
 */
#ifndef TP_MARKET_H
#define TP_MARKET_H

#include <stddef.h>

/* Split BASE/QUOTE (also BASE-QUOTE, BASE_QUOTE) into upper-case parts;
 * a symbol without a separator is split at a known quote asset
 * (BTCUSDT); -1 if it cannot be. */
int tp_market_split(const char *in, char *base, char *quote, size_t n);

/* What a file name tells; each string empty when it tells nothing. */
struct tp_fmarket {
	char symbol[64];	/* BASE/QUOTE */
	char timeframe[24];	/* in its largest whole unit, as 1h */
	char exchange[16];
};

/*
 * The market that the last component of path names in one of the forms
 * that tools write candle files under, whatever follows its first '.'
 * (.csv, .json, .feather, .json.gz):
 *
 *	BTCUSDT-1m-2025-01, BTCUSDT-1m-2025-01-31  Binance's public dumps
 *	ETH_BTC-5m                                  freqtrade's data files
 *	binance_BTCUSDT_1h                          tp's: EXCHANGE_SYMBOL_TF
 *	ADA_BTC_5m                                  tp's: BASE_QUOTE_TF
 *
 * Symbols must be upper case and the exchange one tp knows.  Returns 1
 * when the name is of one of these forms (m filled), 0 when it is not (m
 * empty).
 */
int tp_market_from_name(const char *path, struct tp_fmarket *m);

#endif
