/*
 * test_market.c: unit tests for the markets that file names tell
 * (tp_market_from_name) and for splitting joined symbols.
 *
 * Where the names come from:
 * - Binance's public data (github.com/binance/binance-public-data,
 *   README, "Klines"): data/spot/monthly/klines/<SYMBOL>/<INTERVAL>/
 *   <SYMBOL>-<INTERVAL>-<YEAR>-<MONTH>.zip, and daily files
 *   <SYMBOL>-<INTERVAL>-<YEAR>-<MONTH>-<DAY>.zip, such as
 *   BTCUSDT-1m-2025-01.zip; the CSV inside has the same stem.
 * - freqtrade's data files (docs, "Data Downloading", and its
 *   tests/testdata): <BASE>_<QUOTE>-<timeframe>.<ext>, such as
 *   ETH_BTC-5m.json, BTC_USDT-1h.feather, ADA_BTC-5m.json.gz (jsongz).
 * - tp's bundled data (share/data/SOURCES.md): binance_BTCUSDT_1h.csv,
 *   ADA_BTC_5m.csv.
 * Symbols are written BASE/QUOTE as tp(7) says (BTC/USDT).
 */
#include <string.h>

#include "tap.h"
#include "rec/tp_market.h"

static int
told(const char *path, const char *sym, const char *tf, const char *exch)
{
	struct tp_fmarket m;

	return tp_market_from_name(path, &m) == 1 &&
	    strcmp(m.symbol, sym) == 0 && strcmp(m.timeframe, tf) == 0 &&
	    strcmp(m.exchange, exch) == 0;
}

static int
silent(const char *path)
{
	struct tp_fmarket m;

	return tp_market_from_name(path, &m) == 0 && m.symbol[0] == '\0' &&
	    m.timeframe[0] == '\0' && m.exchange[0] == '\0';
}

static void
test_names(void)
{
	tap_ok(told("BTCUSDT-1m-2025-01.csv", "BTC/USDT", "1m", "binance"),
	    "Binance monthly dump BTCUSDT-1m-2025-01.csv");
	tap_ok(told("/data/ETHBTC-1h-2024-02-29.csv.gz", "ETH/BTC", "1h",
	    "binance"), "Binance daily dump, in a folder, gzipped");
	tap_ok(told("BNBFDUSD-15m-2024-03.zip", "BNB/FDUSD", "15m",
	    "binance"), "FDUSD is one quote asset, not USD");
	tap_ok(told("ETH_BTC-5m.json", "ETH/BTC", "5m", ""),
	    "freqtrade ETH_BTC-5m.json");
	tap_ok(told("user_data/data/binance/BTC_USDT-1h.feather", "BTC/USDT",
	    "1h", ""), "freqtrade BTC_USDT-1h.feather (the folder is not "
	    "read)");
	tap_ok(told("ADA_BTC-5m.json.gz", "ADA/BTC", "5m", ""),
	    "freqtrade jsongz ADA_BTC-5m.json.gz");
	tap_ok(told("binance_BTCUSDT_1h.csv", "BTC/USDT", "1h", "binance"),
	    "tp's binance_BTCUSDT_1h.csv");
	tap_ok(told("share/data/binance_BTCUSDT_1m.csv.gz", "BTC/USDT", "1m",
	    "binance"), "tp's binance_BTCUSDT_1m.csv.gz");
	tap_ok(told("ADA_BTC_5m.csv", "ADA/BTC", "5m", ""),
	    "tp's ADA_BTC_5m.csv");
	tap_ok(told("coinbase_BTC-USD_1d.csv", "BTC/USD", "1d", "coinbase"),
	    "an exchange's dashed symbol in tp's form");
	tap_ok(told("kraken_XBTEUR_60m.csv", "XBT/EUR", "1h", "kraken"),
	    "a timeframe is written in its largest whole unit (tp(7))");
	tap_ok(silent("btc.csv") && silent("candles.csv.gz") &&
	    silent("eth_btc_5m_head.csv") && silent("my_test_1h.csv") &&
	    silent("binance-BTCUSDT-1m-ms.csv") &&
	    silent("freqtrade-ETH_BTC-5m.json") && silent("-") &&
	    silent("ETH_BTC-trades.json") && silent("BTCUSDT-1mo-2025-01.csv") &&
	    silent("BTC_USDT_USDT-1h-futures.feather") &&
	    silent("XYZABC-1m-2025-01.csv") && silent("binance_BTCUSDT_1x.csv"),
	    "names that say nothing, or not all of it, tell nothing");
}

static void
test_split(void)
{
	char b[32], q[32];

	tap_ok(tp_market_split("BTCUSDT", b, q, sizeof(b)) == 0 &&
	    strcmp(b, "BTC") == 0 && strcmp(q, "USDT") == 0,
	    "split: BTCUSDT is BTC/USDT");
	tap_ok(tp_market_split("btc/usd", b, q, sizeof(b)) == 0 &&
	    strcmp(b, "BTC") == 0 && strcmp(q, "USD") == 0,
	    "split: a separator is kept, case raised");
	tap_ok(tp_market_split("BTCTUSD", b, q, sizeof(b)) == 0 &&
	    strcmp(q, "TUSD") == 0, "split: TUSD is tried before USD");
	tap_ok(tp_market_split("XYZABC", b, q, sizeof(b)) < 0 &&
	    tp_market_split("USDT", b, q, sizeof(b)) < 0,
	    "split: no known quote, or nothing before it, is refused");
}

int
main(void)
{
	test_names();
	test_split();
	return tap_done();
}
