#!/usr/bin/env bats
# tp-fetch kraken, bybit, coinbase (and binance beside them): downloads
# from the fake exchange (tests/fetch/fake_exchange.py) on 127.0.0.1,
# started and stopped by each test.  It serves the bundled real 1m candles
# (share/data/SOURCES.md) in each exchange's documented wire format
# (tests/fetch/README cites the docs) and misbehaves on request.

load helpers
load fetch/fake

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	# 2500 one-minute candles
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -2501 > "$W/src.csv"
	T0=$(sed -n 2p "$W/src.csv" | cut -d, -f1)
	END=$((T0 + 2500 * 60000))
}

teardown() {
	stop_fake
}

# get EXCHANGE [ARGS...]: BTC/USDT 1m over the whole source
get() {
	local ex=$1
	shift
	"$TPF" "$ex" BTC/USDT 1m --since "$T0" --until "$END" --base-url "$URL" "$@"
}

@test "bybit and coinbase: a multi-page download equals the source, in their page sizes" {
	fake
	run --separate-stderr get bybit
	[ "$status" -eq 0 ]
	echo "$output" > "$W/bybit.csv"
	same "$W/src.csv" "$W/bybit.csv"
	[[ "${lines[1]}" == "$T0,"*",BTC/USDT,1m,bybit" ]]
	# pages of 1000 newest first, asked as start..end windows, spot
	[ "$(wc -l < "$W/port.log")" -eq 3 ]
	grep -q "^/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1&start=$T0&end=$((T0 + 999 * 60000))&limit=1000$" "$W/port.log"
	stop_fake
	fake
	run --separate-stderr get coinbase
	[ "$status" -eq 0 ]
	echo "$output" > "$W/coinbase.csv"
	same "$W/src.csv" "$W/coinbase.csv"
	# windows of 299 slots, start and end in seconds: ceil(2500 / 299)
	[ "$(wc -l < "$W/port.log")" -eq 9 ]
	grep -q "^/api/v3/brokerage/market/products/BTC-USDT/candles?start=$((T0 / 1000))&end=$((T0 / 1000 + 299 * 60))&granularity=ONE_MINUTE$" "$W/port.log"
}

@test "kraken: the latest 720 only, the uncommitted last row held back, the pair key read" {
	fake
	# 721 rows kept by the fake (the source's last 721, as in Kraken's
	# capture): 720 committed and the open one
	T=$(sed -n "$((2501 - 600))p" "$W/src.csv" | cut -d, -f1)
	run --separate-stderr "$TPF" kraken BTC/USD 1m --since "$T" --base-url "$URL"
	[ "$status" -eq 0 ]
	# the 601 rows from T on, less the open one, and the header
	[ "${#lines[@]}" -eq 601 ]
	sed -n "$((2501 - 600)),2500p" "$W/src.csv" | sed 1i\\h > "$W/want.csv"
	echo "$output" > "$W/got.csv"
	same "$W/want.csv" "$W/got.csv"
	[[ "${lines[1]}" == "$T,"*",BTC/USD,1m,kraken" ]]
	# BTC is XBT on Kraken; since leaves out its own row: one slot back
	grep -q "^/0/public/OHLC?pair=XBTUSD&interval=1&since=$((T / 1000 - 60))$" "$W/port.log"
	[ "$(wc -l < "$W/port.log")" -eq 1 ]
	[ -z "$stderr" ]
	# --include-open: the open row too
	run --separate-stderr "$TPF" kraken BTC/USDT 1m --since "$T" --base-url "$URL" --include-open
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 602 ]
	# older than Kraken keeps: what there is, and a warning saying so
	run --separate-stderr get kraken
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 721 ]
	[[ "$stderr" == *"warning: kraken: only the latest 720 candles are kept: BTC/USDT 1m starts at"* ]]
}

@test "bybit, coinbase, kraken: a missing candle or a --since before the listing ends nothing" {
	# two candles left out, as exchanges' own histories leave some out
	# (share/data/SOURCES.md: Binance's 1h file lacks 2023-03-24 13:00;
	# Coinbase publishes no candle for an interval without trades)
	sed -i '1501d;2201d' "$W/src.csv"
	fake
	# a day before the first candle, as before a pair's listing: Bybit's
	# windows of 1000 slots and Coinbase's of 299 are walked through it
	for ex in bybit coinbase; do
		run --separate-stderr "$TPF" "$ex" BTC/USDT 1m --since $((T0 - 86400000)) \
			--until "$END" --base-url "$URL"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		echo "$output" > "$W/$ex.csv"
		same "$W/src.csv" "$W/$ex.csv"
	done
	# (1440 + 2500) slots: 4 windows of 1000 and 14 of 299
	[ "$(grep -c '^/v5/market/kline' "$W/port.log")" -eq 4 ]
	[ "$(grep -c '/candles?' "$W/port.log")" -eq 14 ]
	# Kraken's latest 720 and the open one, less the hole at 2201
	T=$((T0 + 1900 * 60000))
	run --separate-stderr "$TPF" kraken BTC/USD 1m --since "$T" --base-url "$URL"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	awk -F, -v t="$T" 'NR == 1 || $1 >= t' "$W/src.csv" | sed '$d' > "$W/want.csv"
	same "$W/want.csv" "$W/got.csv"
	# a pair listed 300 minutes ago: all there is, and a warning that
	# says there is no earlier candle, not that Kraken dropped them
	stop_fake
	head -301 "$W/src.csv" > "$W/new.csv"
	CANDLES=$W/new.csv fake
	run --separate-stderr "$TPF" kraken BTC/USD 1m --since $((T0 - 86400000)) --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 300 ]
	[[ "$stderr" == *"warning: kraken: BTC/USD 1m starts at "*", after the time asked: there is no earlier candle"* ]]
	# at its first candle's time, and the time a person reads beside it
	[[ "$stderr" == *"starts at $T0 ($(date -u -d "@$((T0 / 1000))" +%Y-%m-%dT%H:%M:%SZ)), after"* ]]
}

@test "symbols and timeframes are spelt each exchange's way" {
	fake
	for tf in 1m 5m 15m 30m 1h 4h 1d; do
		for ex in binance kraken bybit coinbase; do
			"$TPF" "$ex" eth-usdt "$tf" --since "$T0" --until "$((T0 + 3 * 86400000))" \
				--base-url "$URL" --max-wait 0 > /dev/null 2>&1 || true
		done
	done
	# binance-spot-api-docs "Kline intervals"; docs.kraken.com "Get OHLC
	# Data" (minutes); bybit docs v5/market/kline (minutes, D, W, M);
	# Coinbase Advanced Trade "Get Public Product Candles" (granularity)
	for pair in "1m 1 1 ONE_MINUTE" "5m 5 5 FIVE_MINUTE" "15m 15 15 FIFTEEN_MINUTE" \
		"30m 30 30 THIRTY_MINUTE" "1h 60 60 ONE_HOUR" "4h 240 240 FOUR_HOUR" \
		"1d 1440 D ONE_DAY"; do
		set -- $pair
		grep -q "^/api/v3/klines?symbol=ETHUSDT&interval=$1&" "$W/port.log"
		grep -q "^/0/public/OHLC?pair=ETHUSDT&interval=$2&" "$W/port.log"
		grep -q "^/v5/market/kline?category=spot&symbol=ETHUSDT&interval=$3&" "$W/port.log"
		grep -q "^/api/v3/brokerage/market/products/ETH-USDT/candles?.*&granularity=$4$" "$W/port.log"
	done
	# every exchange's refusal of a symbol it does not list, in its words
	for ex in binance kraken bybit coinbase; do
		run --separate-stderr "$TPF" "$ex" DOGE/USD 1h --since "$T0" --until "$END" --base-url "$URL"
		[ "$status" -eq 64 ]
		case $ex in
		binance) [[ "$stderr" == *"binance: DOGEUSD: HTTP 400: Invalid symbol. (code -1121)"* ]] ;;
		kraken) [[ "$stderr" == *"kraken: XDGUSD: HTTP 200: EQuery:Unknown asset pair"* ]] ;;
		bybit) [[ "$stderr" == *"bybit: DOGEUSD: HTTP 200: Not supported symbols (retCode 10001)"* ]] ;;
		coinbase) [[ "$stderr" == *"coinbase: DOGE-USD: HTTP 404: ProductID DOGE-USD could not be found (NOT_FOUND)"* ]] ;;
		esac
		[[ "$stderr" == *"('tp-fetch markets $ex' lists its symbols)" ]]
	done
	# timeframes an exchange does not have, named with those it has
	run --separate-stderr "$TPF" kraken BTC/USD 2h --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'kraken: timeframe "2h" is not one kraken has: 1m 5m 15m 30m 1h 4h 1d 1w 15d'* ]]
	run --separate-stderr "$TPF" bybit BTC/USDT 8h --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'is not one bybit has: 1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w'* ]]
	run --separate-stderr "$TPF" coinbase BTC/USD 1w --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'is not one coinbase has: 1m 5m 15m 30m 1h 2h 4h 6h 1d'* ]]
	run --separate-stderr "$TPF" coinbase 'BTC$USD' 1h --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'"BTC$USD" is not a symbol (like BTC/USDT)'* ]]
}

@test "each exchange's ways of failing are retried; out-of-order and repeated rows dropped" {
	# Kraken's EAPI:Rate limit exceeded and Bybit's retCode 10006 come
	# with HTTP 200; shuffled and overlapping pages come back in order
	fake busy shuffle dup
	run --separate-stderr get bybit
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	[ "$(wc -l < "$W/port.log")" -eq 4 ]
	stop_fake
	fake 429:1 trunc shuffle 500 dup
	run --separate-stderr get coinbase
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	stop_fake
	fake busy
	T=$(sed -n "$((2501 - 100))p" "$W/src.csv" | cut -d, -f1)
	run --separate-stderr "$TPF" kraken BTC/USDT 1m --since "$T" --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 101 ]
	[ "$(wc -l < "$W/port.log")" -eq 2 ]
	# Bybit's 403 (over 600 requests in 5 s) means 10 minutes at least:
	# more than --max-wait allows, so exit 75 at once
	stop_fake
	fake 403
	start=$(date +%s)
	run --separate-stderr get bybit --max-wait 60
	[ "$status" -eq 75 ]
	[ $(($(date +%s) - start)) -lt 10 ]
	[[ "$stderr" == *"HTTP 403: the IP's rate limit (600 in 5 s) is passed"*"giving up for now"* ]]
	[ -z "$output" ]
}

@test "a stalled connection is cut after --timeout and asked again" {
	fake stall:5
	start=$(date +%s)
	run --separate-stderr get binance --timeout 1
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	[ $(($(date +%s) - start)) -lt 5 ]
	# the first page twice
	[ "$(grep -c "startTime=$T0&" "$W/port.log")" -eq 2 ]
	run --separate-stderr "$TPF" binance BTC/USDT 1m --timeout 0 --base-url "$URL"
	[ "$status" -eq 64 ]
}

@test "--follow writes each candle once it has closed, and outlives a failing round" {
	# candles of one second made up to the fake's clock; the third
	# request stalls past --timeout and --max-wait: that round gives up
	CANDLES=live:1 fake "" "" stall:3
	run --separate-stderr timeout 7 "$TPF" binance BTC/USDT 1s --last 2 --follow \
		--timeout 1 --max-wait 1 --base-url "$URL"
	now=$(date +%s%3N)
	[ "$status" -eq 124 ]
	[[ "$stderr" == *"warning: binance: Timeout was reached"*"giving up for now"* ]]
	echo "$output" > "$W/got.csv"
	/usr/bin/python3 - "$W/got.csv" "$now" <<'PY'
import sys
rows = [l.split(",") for l in open(sys.argv[1]).read().split("\n")[1:] if l]
t = [int(r[0]) for r in rows]
assert len(t) >= 5, t
assert all(b - a == 1000 for a, b in zip(t, t[1:])), t    # no gap, no repeat
assert t[-1] + 1000 <= int(sys.argv[2]), t                 # every one closed
PY
	# --until has no place in a download that goes on
	run --separate-stderr "$TPF" binance BTC/USDT 1s --follow --until 2030-01-01 --base-url "$URL"
	[ "$status" -eq 64 ]
}

@test "progress goes to stderr when it is a terminal, and only then" {
	command -v script >/dev/null || skip "script(1) is not installed"
	fake
	# nine pages of Coinbase: long enough to show progress
	script -qec "$TPF coinbase BTC/USDT 1m --since $T0 --until $END --base-url $URL > $W/got.csv" \
		/dev/null > "$W/tty.txt"
	grep -q "tp-fetch: coinbase BTC/USDT 1m: 2025-05-21T17:40 100%, 9 requests" "$W/tty.txt"
	same "$W/src.csv" "$W/got.csv"
	run --separate-stderr get coinbase
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "markets: each exchange's list as records, steps and minimums from its own fields" {
	fake
	# binance: filters.md's PRICE_FILTER tickSize 0.00000100, LOT_SIZE
	# stepSize/minQty 0.00100000, NOTIONAL minNotional 10.00000000 (and
	# MIN_NOTIONAL 0.00100000 for the symbol that has the older filter)
	run --separate-stderr "$TPF" markets binance --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"exchange":"binance","symbol":"ETH/BTC","id":"ETHBTC","base":"ETH","quote":"BTC","status":"TRADING","tick_size":0.000001,"lot_size":0.001,"min_qty":0.001,"min_notional":10}' ]
	[[ "${lines[1]}" == *'"symbol":"LTC/BTC"'*'"status":"BREAK"'*'"min_notional":0.001}' ]]
	# kraken: XBT and XDG are BTC and DOGE; lot_decimals 8 is 1e-8 and
	# pair_decimals 7 stands in where tick_size is missing; no costmin: null
	run --separate-stderr "$TPF" markets kraken --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '{"exchange":"kraken","symbol":"BTC/USD","id":"XBTUSD","base":"BTC","quote":"USD","status":"online","tick_size":0.1,"lot_size":1e-8,"min_qty":0.0001,"min_notional":0.5}' ]
	[ "${lines[2]}" = '{"exchange":"kraken","symbol":"DOGE/USD","id":"XDGUSD","base":"DOGE","quote":"USD","status":"cancel_only","tick_size":1e-7,"lot_size":1e-8,"min_qty":50,"min_notional":null}' ]
	# bybit (instrument.mdx's spot example): basePrecision 0.000001,
	# minOrderQty 0.000011, minOrderAmt 5, tickSize 0.1
	run --separate-stderr "$TPF" markets bybit --base-url "$URL" -f csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "exchange,symbol,id,base,quote,status,tick_size,lot_size,min_qty,min_notional" ]
	[ "${lines[1]}" = "bybit,BTC/USDT,BTCUSDT,BTC,USDT,Trading,0.1,0.000001,0.000011,5" ]
	grep -q "^/v5/market/instruments-info?category=spot$" "$W/port.log"
	run --separate-stderr "$TPF" markets coinbase --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"exchange":"coinbase","symbol":"BTC/USD","id":"BTC-USD","base":"BTC","quote":"USD","status":"online","tick_size":0.01,"lot_size":1e-8,"min_qty":1e-8,"min_notional":1}' ]
	# what jq users do with it
	"$TPF" markets kraken --base-url "$URL" > "$W/kraken.ndjson"
	[ "$(jq -r .symbol "$W/kraken.ndjson" | head -1)" = "ETH/BTC" ]
	run --separate-stderr "$TPF" markets nowhere
	[ "$status" -eq 64 ]
	# a list cut short is asked again and written once, whole
	stop_fake
	fake trunc
	run --separate-stderr "$TPF" markets kraken --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(wc -l < "$W/port.log")" -eq 2 ]
	# nobody there: exit 75 after --max-wait, nothing out
	run --separate-stderr "$TPF" markets binance --base-url "http://127.0.0.1:1" --max-wait 0
	[ "$status" -eq 75 ]
	[ -z "$output" ]
}

@test "ticker: each exchange's best bid and ask, then the best of them" {
	fake
	# bybit's tickers.mdx example: bid 20517.96 x 2, ask 20527.77 x 1.862172;
	# the Coinbase book: bid 20519.5 x 0.4, ask 20530 x 0.1.  Best bid
	# 20519.5 on coinbase, best ask 20527.77 on bybit: spread 8.27.
	run --separate-stderr "$TPF" ticker BTC/USDT --exchanges bybit,coinbase --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = '{"type":"quote","time":1673859087947,"symbol":"BTC/USDT","exchange":"bybit","bid":20517.96,"bid_size":2,"ask":20527.77,"ask_size":1.862172,"spread":9.81}' ]
	# the book's time 2023-01-16T08:51:27.947123Z, to the millisecond
	[ "${lines[1]}" = '{"type":"quote","time":1673859087947,"symbol":"BTC/USDT","exchange":"coinbase","bid":20519.5,"bid_size":0.4,"ask":20530,"ask_size":0.1,"spread":10.5}' ]
	[ "${lines[2]}" = '{"type":"best","time":1673859087947,"symbol":"BTC/USDT","bid":20519.5,"bid_size":0.4,"ask":20527.77,"ask_size":1.862172,"spread":8.27,"bid_exchange":"coinbase","ask_exchange":"bybit","crossed":false}' ]
	grep -q "^/v5/market/tickers?category=spot&symbol=BTCUSDT$" "$W/port.log"
	grep -q "^/api/v3/brokerage/market/product_book?product_id=BTC-USDT&limit=1$" "$W/port.log"
	# binance's bookTicker example (LTCBTC 4.00000000 / 4.00000200) and
	# kraken's Ticker example (b 30300.00000, a 30300.10000): four quotes
	# of unrelated markets, so the best bid is above the best ask
	run --separate-stderr "$TPF" ticker btc-usdt --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[[ "${lines[0]}" == *'"exchange":"binance","bid":4,"bid_size":431,"ask":4.000002,"ask_size":9,"spread":0.000002}' ]]
	[[ "${lines[1]}" == *'"exchange":"kraken","bid":30300,"bid_size":1,"ask":30300.1,"ask_size":1,"spread":0.1}' ]]
	[[ "${lines[4]}" == *'"bid_exchange":"kraken","ask_exchange":"binance","crossed":true}' ]]
	grep -q "^/api/v3/ticker/bookTicker?symbol=BTCUSDT$" "$W/port.log"
	grep -q "^/0/public/Ticker?pair=XBTUSDT$" "$W/port.log"
	# one exchange that does not list the symbol: warned, the others
	# compared, and the exit status says so
	run --separate-stderr "$TPF" ticker ETH/USDT --exchanges bybit,binance --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"warning: bybit: ETHUSDT: HTTP 200: Not supported symbols (retCode 10001)"* ]]
	[[ "$stderr" == *"warning: binance: ETHUSDT: HTTP 400: Invalid symbol. (code -1121)"* ]]
	[ -z "$output" ]
	run --separate-stderr "$TPF" ticker BTC/USDT --exchanges bybit,nasdaq --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'--exchanges: "nasdaq" is not one of binance,kraken,bybit,coinbase'* ]]
}

@test "--max-wait counts retries in a row, not a long download that keeps getting answers" {
	fake
	# nine Coinbase pages a tenth of a second apart (its 10 a second)
	# take longer than the half second allowed for retries
	start=$(date +%s%N)
	run --separate-stderr get coinbase --max-wait 0.5
	[ "$status" -eq 0 ]
	[ $((($(date +%s%N) - start) / 1000000)) -ge 800 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	run --separate-stderr "$TPF" import --follow "$W/src.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--follow is not an option of import"* ]]
	run --separate-stderr "$TPF" markets binance --since 2024-01-01
	[ "$status" -eq 64 ]
}

@test "the exchange's clock says which candle is still open, not a clock running ahead" {
	# the fake's clock runs two minutes behind ours: by our clock its
	# newest one-minute candle closed long ago, by its own (its Date
	# header) that candle is still open and must not be written
	FAKE_SKEW=120 CANDLES=live:60 fake
	before=$(( ($(date +%s) - 120) / 60 * 60 ))
	run --separate-stderr "$TPF" binance BTC/USDT 1m --last 5 --base-url "$URL"
	after=$(( ($(date +%s) - 120) / 60 * 60 ))
	[ "$status" -eq 0 ]
	[ "$before" -eq "$after" ] || skip "the fake's minute turned during the run"
	# the last candle written is the one before the fake's open one
	[ "$(echo "${lines[-1]}" | cut -d, -f1)" -eq $(( (before - 60) * 1000 )) ]
	# --include-open takes the open one as it is
	run --separate-stderr "$TPF" binance BTC/USDT 1m --last 5 --base-url "$URL" --include-open
	[ "$status" -eq 0 ]
	[ "$(echo "${lines[-1]}" | cut -d, -f1)" -eq $(( before * 1000 )) ]
}

@test "--append continues a file from bybit and coinbase too; twice adds nothing" {
	fake
	run --separate-stderr "$TPF" bybit BTC/USDT 1m --since "$T0" --until $((T0 + 1200 * 60000)) \
		--base-url "$URL" --append "$W/b.csv"
	[ "$status" -eq 0 ]
	[ "$(wc -l < "$W/b.csv")" -eq 1201 ]
	run --separate-stderr get bybit --append "$W/b.csv"
	[ "$status" -eq 0 ]
	same "$W/src.csv" "$W/b.csv"
	grep -q "start=$((T0 + 1200 * 60000))&" "$W/port.log"
	cp "$W/b.csv" "$W/before.csv"
	run --separate-stderr get coinbase --append "$W/b.csv"
	[ "$status" -eq 0 ]
	cmp "$W/before.csv" "$W/b.csv"
}
