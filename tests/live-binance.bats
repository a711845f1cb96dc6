#!/usr/bin/env bats
# The Binance venue (lib/live/tp_lbinance.c), spot and USD-M futures,
# through live-drive (tests/live/drive.c) against the fake Binance
# (tests/live/fake_binance.py), which checks every signature and
# timestamp and keeps the orders, balances and positions.
#
# Expected numbers come from the candles given here and the fake's
# documented fees (fake_binance.py: spot 0.1% of the asset received,
# futures 0.05% taker in USDT), the rules from filters.md's examples
# (binance/binance-spot-api-docs@a5e0bc3d), error codes from errors.md
# and the futures error codes page.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	DRIVE=${BIN%/bin}/tests/live-drive
	[ -f "$TOP/tests/live/fake_binance.py" ] ||
		skip "the fake Binance is not in this tree"
	command -v jq >/dev/null || skip "jq is not installed"
	command -v curl >/dev/null || skip "curl is not installed"
	. "$TOP/tests/live/fake.bash"
	# hourly candles from 2024-01-01 00:00 UTC: the first opens at 100
	fake_candles "$W/c.ndjson" "100 110 90 105" "105 120 100 115" \
		"115 116 80 90" "90 95 85 92"
	export TP_DRIVE_KEY=$FAKE_KEY TP_DRIVE_SECRET=$FAKE_SECRET
}

teardown() {
	stop_fake
}

# spot|futures COMMAND...: live-drive on the fake
spot() {
	"$DRIVE" binance spot "$FAKE_URL" "$@"
}

futures() {
	"$DRIVE" binance futures "$FAKE_URL" "$@"
}

# field N KEY: KEY of output line N (1-based) of the last run
field() {
	sed -n "$1p" <<< "$output" | jq -r ".$2"
}

# requests: the count live-drive gives on its last line
requests() {
	tail -1 <<< "$output" | jq -r .requests
}

# logged JQ: the fake's request log through a jq filter (-s: all of it)
logged() {
	jq -s -r "$1" "$W/fake.log"
}

@test "binance: the server's clock, measured against its skew" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"skew_ms": 30000}'
	run spot time
	[ "$status" -eq 0 ]
	off=$(field 1 offset_ms)
	# 30 s ahead, give or take a loaded machine's round trip
	[ "$off" -gt 29000 ] && [ "$off" -lt 31000 ]
	[ "$(requests)" -eq 1 ]
	[ "$(logged '.[0].path')" = /api/v3/time ]
}

@test "binance: rules from exchangeInfo, filters.md's values; no such symbol" {
	# filters.md: PRICE_FILTER tickSize 0.00000100, LOT_SIZE minQty 0.001
	# maxQty 100000 stepSize 0.001, MARKET_LOT_SIZE maxQty 100000,
	# NOTIONAL minNotional 10
	start_fake binance "$W/c.ndjson" --rules '{"tick": "0.000001",
	    "step": "0.001", "min_qty": "0.001", "max_qty": "100000",
	    "market_max_qty": "100000", "min_notional": "10"}'
	for m in spot futures; do
		run "$m" rules BTCUSDT
		[ "$status" -eq 0 ]
		[ "$(field 1 tick)" = 1e-06 ]
		[ "$(field 1 step)" = 0.001 ]
		[ "$(field 1 min_qty)" = 0.001 ]
		[ "$(field 1 max_qty)" = 100000 ]
		[ "$(field 1 market_max_qty)" = 100000 ]
		[ "$(field 1 min_notional)" = 10 ]
		[ "$(field 1 base)$(field 1 quote)" = BTCUSDT ]
		[ "$(field 1 trading)" = 1 ]
		[ "$(requests)" -eq 1 ]
	done
	# spot asks for the symbol, futures get them all
	[ "$(logged '.[0].query')" = symbol=BTCUSDT ]
	[ "$(logged '.[1].path')" = /fapi/v1/exchangeInfo ]
	# what is sent has the places of the step and the tick (the caller
	# has rounded it: tp_lrules_qty, tp_lrules_price)
	run spot place BTCUSDT buy limit 0.125 99.5 r1
	[ "$status" -eq 0 ]
	logged '.[] | select(.method == "POST") | .query' | grep -q \
		'quantity=0.125&price=99.500000&timeInForce=GTC'
	# -1121 Invalid symbol (errors.md): not found
	run spot rules NOSUCH
	[ "$status" -eq 0 ]
	[ "$(field 1 found)" = false ]
	run futures rules NOSUCH
	[ "$(field 1 found)" = false ]
}

@test "binance: spot market buy and sell, filled at the open, fees from FULL" {
	start_fake binance "$W/c.ndjson"
	run spot place BTCUSDT buy market 0.5 - b1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = filled ]
	[ "$(field 1 filled)" = 0.5 ]
	[ "$(field 1 avg_price)" = 100 ]
	# 0.1% of the 0.5 BTC received
	[ "$(field 1 fee)" = 0.0005 ]
	[ "$(field 1 fee_asset)" = BTC ]
	# rules, then the order: its fills are in the FULL answer
	[ "$(requests)" -eq 2 ]
	run spot place BTCUSDT sell market 0.2 - s1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = filled ]
	[ "$(field 1 side)" = sell ]
	# 0.1% of the 20 USDT received
	[ "$(field 1 fee)" = 0.02 ]
	[ "$(field 1 fee_asset)" = USDT ]
	# every request signed, the order's with FULL
	[ "$(logged '[.[] | select(.signed == false and (.path | test("order")))] | length')" -eq 0 ]
	logged '.[] | select(.method == "POST") | .query' | grep -q \
		'newClientOrderId=b1&newOrderRespType=FULL&timestamp='
	run spot balances
	[ "$status" -eq 0 ]
	# 10000 - 50 + 20 - 0.02 USDT; 0.5 - 0.0005 - 0.2 BTC
	[ "$(grep USDT <<< "$output" | jq -r .free)" = 9969.98 ]
	[ "$(grep BTC <<< "$output" | jq -r .free)" = 0.2995 ]
	[ "$(requests)" -eq 1 ]
}

@test "binance: a market order filled in part: the rest expired, the part's fee" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"partial": 0.5}'
	run spot place BTCUSDT buy market 0.4 - p1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = expired ]
	[ "$(field 1 qty)" = 0.4 ]
	[ "$(field 1 filled)" = 0.2 ]
	[ "$(field 1 fee)" = 0.0002 ]
	run spot query BTCUSDT p1
	[ "$(field 1 state)" = expired ]
	[ "$(field 1 filled)" = 0.2 ]
	[ "$(field 1 fee)" = 0.0002 ]
}

@test "binance: futures long and short after prepare; positions; balances" {
	start_fake binance "$W/c.ndjson"
	run futures prepare BTCUSDT 3
	[ "$status" -eq 0 ]
	# one-way mode, isolated margin, leverage: three requests
	[ "$(requests)" -eq 3 ]
	[ "$(logged '[.[].path] | join(" ")')" = "/fapi/v1/positionSide/dual /fapi/v1/marginType /fapi/v1/leverage" ]
	[ "$(fake_state | jq -r '.markets.futures.leverage.BTCUSDT')" = 3 ]
	[ "$(fake_state | jq -r '.markets.futures.margin_type.BTCUSDT')" = ISOLATED ]
	# again: each says it is so already (-4059, -4046), which is fine
	run futures prepare BTCUSDT 3
	[ "$status" -eq 0 ]
	run futures place BTCUSDT buy market 2 - l1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = filled ]
	[ "$(field 1 avg_price)" = 100 ]
	# 0.05% of 200 USDT, from userTrades
	[ "$(field 1 fee)" = 0.1 ]
	[ "$(field 1 fee_asset)" = USDT ]
	# rules, the order (RESULT: no fills), its trades
	[ "$(requests)" -eq 3 ]
	logged '.[] | select(.method == "POST" and .path == "/fapi/v1/order") | .query' |
		grep -q 'newOrderRespType=RESULT'
	run futures positions
	[ "$status" -eq 0 ]
	[ "$(field 1 side)" = long ]
	[ "$(field 1 qty)" = 2 ]
	[ "$(field 1 entry)" = 100 ]
	[ "$(field 1 leverage)" = 3 ]
	[ "$(requests)" -eq 1 ]
	# sell 3: the long closes and a short of 1 opens
	run futures place BTCUSDT sell market 3 - s1
	[ "$status" -eq 0 ]
	run futures positions
	[ "$(field 1 side)" = short ]
	[ "$(field 1 qty)" = 1 ]
	run futures balances
	[ "$status" -eq 0 ]
	[ "$(field 1 asset)" = USDT ]
	[ "$(requests)" -eq 1 ]
	# spot has no positions and asks nothing
	run spot positions
	[ "$status" -eq 0 ]
	[ "$(requests)" -eq 0 ]
}

@test "binance: a reduce-only stop placed, listed, queried, cancelled" {
	start_fake binance "$W/c.ndjson"
	futures prepare BTCUSDT 3
	futures place BTCUSDT buy market 1 - e1
	# futures' stops go to the algo service (live-api.md, Corrections)
	run futures place BTCUSDT sell stop 1 85.5 x1 reduce
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = new ]
	[ "$(field 1 type)" = stop ]
	[ "$(field 1 stop)" = 85.5 ]
	[ "$(field 1 reduce_only)" = 1 ]
	[ "$(field 1 client_id)" = x1 ]
	[ "$(requests)" -eq 2 ]
	logged '.[] | select(.method == "POST" and .path == "/fapi/v1/algoOrder") | .query' |
		grep -q '^algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=1.000&triggerPrice=85.50&reduceOnly=true&clientAlgoId=x1&timestamp='
	# the book's open orders, then the algo service's
	run futures open BTCUSDT
	[ "$status" -eq 0 ]
	[ "$(field 1 client_id)" = x1 ]
	[ "$(field 1 type)" = stop ]
	[ "$(requests)" -eq 2 ]
	# not in the book (-2011), so on the algo service
	run futures cancel BTCUSDT x1
	[ "$status" -eq 0 ]
	[ "$(field 1 cancelled)" = 1 ]
	[ "$(requests)" -eq 2 ]
	run futures query BTCUSDT x1
	[ "$(field 1 state)" = canceled ]
	[ "$(requests)" -eq 2 ]
	# not waiting any more (-2011 twice): 0
	run futures cancel BTCUSDT x1
	[ "$status" -eq 0 ]
	[ "$(field 1 cancelled)" = 0 ]
	run futures open
	[ "$(wc -l <<< "$output")" -eq 1 ]
	# another, triggered by the third candle (low 80) at 85.5
	futures place BTCUSDT sell stop 1 85.5 x3 reduce
	# spot: a STOP_LOSS (no reduce-only there)
	spot place BTCUSDT buy market 0.5 - b1
	run spot place BTCUSDT sell stop 0.4 85 x2
	[ "$(field 1 state)" = new ]
	logged '.[] | select(.path == "/api/v3/order" and .method == "POST") | .query' |
		grep 'newClientOrderId=x2' | grep -q 'type=STOP_LOSS&quantity=0.40000&stopPrice=85.00&newClientOrderId'
	fake_clock $((1704067200000 + 3 * 3600000)) > "$W/done"
	jq -e '.done | index("x2")' "$W/done"
	jq -e '.done | index("x3")' "$W/done"
	run spot query BTCUSDT x2
	[ "$(field 1 state)" = filled ]
	[ "$(field 1 avg_price)" = 85 ]
	# 0.1% of 34 USDT, from myTrades: the order, then its trades
	[ "$(field 1 fee)" = 0.034 ]
	[ "$(requests)" -eq 2 ]
	# the order (-2013), the algo order, its actual order's trades
	run futures query BTCUSDT x3
	[ "$(field 1 state)" = filled ]
	[ "$(field 1 filled)" = 1 ]
	[ "$(field 1 avg_price)" = 85.5 ]
	# 0.05% of 85.5 USDT
	[ "$(field 1 fee)" = 0.04275 ]
	[ "$(field 1 fee_asset)" = USDT ]
	[ "$(requests)" -eq 3 ]
	run futures positions
	[ "$(wc -l <<< "$output")" -eq 1 ]
}

@test "binance: query by client id, known and unknown; open orders" {
	start_fake binance "$W/c.ndjson"
	spot place BTCUSDT buy limit 0.1 50 w1
	spot place BTCUSDT buy limit 0.1 60 w2
	run spot query BTCUSDT w1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = new ]
	[ "$(field 1 type)" = limit ]
	[ "$(field 1 price)" = 50 ]
	# nothing filled: no trades asked
	[ "$(requests)" -eq 1 ]
	# -2013 Order does not exist: none
	run spot query BTCUSDT nosuch
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = none ]
	[ "$(field 1 client_id)" = nosuch ]
	[ "$(requests)" -eq 1 ]
	run spot open BTCUSDT
	[ "$status" -eq 0 ]
	[ "$(sed -n 1,2p <<< "$output" | jq -r .client_id | sort | tr '\n' ' ')" = "w1 w2 " ]
	[ "$(requests)" -eq 1 ]
	run spot open
	[ "$(wc -l <<< "$output")" -eq 3 ]
}

@test "binance: an Ed25519 key signs" {
	start_fake binance "$W/c.ndjson"
	TP_DRIVE_SECRET=$(printf '%s\n' '-----BEGIN PRIVATE KEY-----' \
		'MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u' \
		'-----END PRIVATE KEY-----')
	export TP_DRIVE_SECRET
	run spot balances
	[ "$status" -eq 0 ]
	[ "$(field 1 asset)" = USDT ]
	run spot place BTCUSDT buy market 0.1 - ed1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = filled ]
	[ "$(logged '[.[] | select(.signed == true)] | length')" -eq 2 ]
	# base64's + / = percent-encoded
	logged '.[] | select(.method == "POST") | .query' | grep -q 'signature=[A-Za-z0-9%]*$'
}

@test "binance: -1021 measures the clock again and asks once more" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"skew_ms": -20000}'
	run spot place BTCUSDT buy market 0.5 - t1
	[ "$status" -eq 0 ]
	[ "$(field 1 state)" = filled ]
	# rules, the order refused (-1021), the time, the order again
	[ "$(requests)" -eq 4 ]
	[ "$(logged '[.[] | select(.code == -1021)] | length')" -eq 1 ]
	[ "$(fake_state | jq '[.markets.spot.orders[]] | length')" -eq 1 ]
}

@test "binance: a refused signature is 78, and no secret is said" {
	start_fake binance "$W/c.ndjson"
	TP_DRIVE_SECRET=tpWRONGSECRET0000000000000000000000000000000000000000000001
	run spot place BTCUSDT buy market 0.5 - k1
	[ "$status" -eq 78 ]
	[[ "$output" == *"refused the key or signature"* ]]
	[[ "$output" != *"$TP_DRIVE_SECRET"* ]]
	[[ "$output" != *"$FAKE_KEY"* ]]
	[[ "$output" != *signature=* ]]
	# nothing retried: rules, the order
	[ "$(requests)" -eq 2 ]
	[ "$(fake_state | jq '[.markets.spot.orders[]] | length')" -eq 0 ]
	TP_DRIVE_KEY=tpNOSUCHKEY run futures balances
	[ "$status" -eq 78 ]
	[[ "$output" != *tpNOSUCHKEY* ]]
}

@test "binance: refusals: min notional, insufficient balance" {
	start_fake binance "$W/c.ndjson"
	# 0.01 x 100 = 1 USDT, below the minimum 5: -1013 Filter failure
	run spot place BTCUSDT buy market 0.01 - n1
	[ "$status" -eq 0 ]
	[ "$(field 1 refused)" = "-1013 Filter failure: NOTIONAL" ]
	run futures place BTCUSDT buy market 0.01 - n2
	[ "$status" -eq 0 ]
	[[ "$(field 1 refused)" == "-4164 "* ]]
	# -2010 on spot (11000 USDT of 10000), -2019 on futures
	run spot place BTCUSDT buy market 110 - n3
	[ "$(field 1 refused)" = "-2010 Account has insufficient balance for requested action." ]
	fake_misbehave '{"reject_balance": true}'
	run futures place BTCUSDT buy market 1 - n4
	[ "$(field 1 refused)" = "-2019 Margin is insufficient." ]
	[ "$(fake_state | jq '[.markets[].orders[]] | length')" -eq 0 ]
}

@test "binance: a lost answer is unknown, never sent again; the query finds it" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"drop_answer": 1}'
	run spot place BTCUSDT buy market 0.5 - d1
	[ "$status" -eq 0 ]
	[ "$(field 1 unknown)" = true ]
	[ "$(logged '[.[] | select(.method == "POST")] | length')" -eq 1 ]
	run spot query BTCUSDT d1
	[ "$(field 1 state)" = filled ]
	[ "$(field 1 fee)" = 0.0005 ]
	[ "$(fake_state | jq '[.markets.spot.orders[]] | length')" -eq 1 ]
	# futures too
	fake_misbehave '{"drop_answer": 1}'
	run futures place BTCUSDT sell market 1 - d2
	[ "$(field 1 unknown)" = true ]
	run futures query BTCUSDT d2
	[ "$(field 1 state)" = filled ]
	[ "$(logged '[.[] | select(.method == "POST" and .path == "/fapi/v1/order")] | length')" -eq 1 ]
	# and a stop on the algo service
	fake_misbehave '{"drop_answer": 1}'
	run futures place BTCUSDT buy stop 1 130 d3 reduce
	[ "$(field 1 unknown)" = true ]
	run futures query BTCUSDT d3
	[ "$(field 1 state)" = new ]
	[ "$(field 1 stop)" = 130 ]
	[ "$(logged '[.[] | select(.method == "POST" and .path == "/fapi/v1/algoOrder")] | length')" -eq 1 ]
}

@test "binance: 418 and 403 ban: 75, nothing waited out" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"status": [418, 1], "retry_after": 120}'
	run spot balances
	[ "$status" -eq 75 ]
	[[ "$output" == *"HTTP 418"*bans* ]]
	[ "$(requests)" -eq 1 ]
	fake_misbehave '{"status": [403, 1]}'
	run futures place BTCUSDT buy market 1 - z1
	[ "$status" -eq 75 ]
	[[ "$output" == *"HTTP 403"* ]]
}

@test "binance: 429 waits Retry-After and asks again" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"status": [429, 1], "retry_after": 1}'
	run spot balances
	[ "$status" -eq 0 ]
	[ "$(field 1 asset)" = USDT ]
	[ "$(requests)" -eq 2 ]
	t=$(logged '[.[] | .t] | .[1] - .[0]')
	[ "$t" -ge 900 ]
}

@test "binance: leverage that is not a whole number from 1 to 125 is refused" {
	start_fake binance "$W/c.ndjson"
	run futures prepare BTCUSDT 2.5
	[ "$status" -eq 78 ]
	run futures prepare BTCUSDT 126
	[ "$status" -eq 78 ]
	[ ! -s "$W/fake.log" ]
}

@test "binance: 5xx on a read: asked again" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"status": [503, 2]}'
	run spot balances
	[ "$status" -eq 0 ]
	[ "$(field 1 asset)" = USDT ]
	[ "$(requests)" -eq 3 ]
}

@test "binance: 5xx without end: 75 when the retries run out, no query string said" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"status": [500, 1000]}'
	run spot open
	[ "$status" -eq 75 ]
	[[ "$output" == *"HTTP 500"* ]]
	[[ "$output" != *signature* ]]
	[[ "$output" != *timestamp=* ]]
}
