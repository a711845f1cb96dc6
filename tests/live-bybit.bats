#!/usr/bin/env bats
# The Bybit v5 venue (lib/live/tp_lbybit.c) through live-drive
# (tests/live/drive.c) against the fake Bybit (tests/live/fake_bybit.py):
# spot and linear, signed requests, the errors of error.mdx mapped to
# tp's exits, and how many requests each operation makes.
#
# Expected numbers: the candles below (a market order fills at the open
# of the candle holding the fake's clock: 100 at the start), the fakes'
# fees (/work/tasks/live-api.md "The fakes": 0.1% spot from the coin
# received, 0.05% linear taker), the fake's rules (BTCUSDT tick 0.01,
# spot step 0.00001, linear step 0.001, minimum notional 5, as
# tests/live/fakex.py default_rules), and the retCodes of
# bybit-exchange/docs@072c197d docs/v5/error.mdx.

load helpers
load live/fake

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	DRIVE=$BIN/../tests/live-drive
	export TP_DRIVE_KEY=$FAKE_KEY TP_DRIVE_SECRET=$FAKE_SECRET
	# hourly from 2024-01-01 00:00 (1704067200000): O H L C
	fake_candles "$W/c.ndjson" "100 102 99 101" "101 103 100 102" \
		"102 104 95 96" "96 97 90 92"
	T0=1704067200000
	H=3600000
	start_fake bybit "$W/c.ndjson"
}

teardown() {
	stop_fake
}

# drive spot|futures COMMAND [ARG...]: live-drive on the fake; $output
# is its stdout (stderr in $stderr), one result a line, then
# {"requests": N}.
drive() {
	local m=$1
	shift
	run --separate-stderr "$DRIVE" bybit "$m" "$FAKE_URL" "$@"
}

# result [N]: the Nth line of the last drive's output (1); requests: its
# count of requests.
result() { sed -n "${1:-1}p" <<< "$output"; }
requests() { tail -n 1 <<< "$output" | jq .requests; }
# codes: the retCodes the fake answered, in order, of the signed paths
codes() { fake_state | jq -c '[.requests[] | .code]'; }

@test "bybit: the server's clock offset, from /v5/market/time" {
	fake_misbehave '{"skew_ms": 7000}'
	drive spot time
	[ "$status" -eq 0 ]
	local off
	off=$(result | jq .offset_ms)
	# 7 s ahead, give or take the round trip
	[ "$off" -gt 6000 ] && [ "$off" -lt 8000 ]
	[ "$(requests)" = 1 ]
}

@test "bybit: the rules of spot and linear, an unknown symbol" {
	drive spot rules BTCUSDT
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.base, .quote, .step, .min_qty, .tick, .min_notional, .max_qty, .market_max_qty, .trading]')" = '["BTC","USDT",1e-05,1e-05,0.01,5,9000,120,1]' ]
	[ "$(requests)" = 1 ]
	drive futures rules BTCUSDT
	[ "$(result | jq -c '[.step, .min_qty, .tick, .min_notional]')" = '[0.001,0.001,0.01,5]' ]
	drive spot rules DOGEUSDT
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"found":false}' ]
	# unsigned: market/instrument.mdx is a public endpoint
	[ "$(fake_state | jq -c '[.requests[] | [.path, .signed == true]] | unique')" = '[["/v5/market/instruments-info",false]]' ]
}

@test "bybit: the docs' linear filter values served and read" {
	# market/instrument.mdx, the linear example's lotSizeFilter and
	# priceFilter
	start_fake bybit "$W/c.ndjson" --rules '{"tick": "0.10", "step": "0.001", "min_qty": "0.001", "max_qty": "1190", "market_max_qty": "500", "min_notional": "5"}'
	drive futures rules BTCUSDT
	[ "$(result | jq -c '[.step, .min_qty, .max_qty, .market_max_qty, .tick, .min_notional]')" = '[0.001,0.001,1190,500,0.1,5]' ]
	# a limit at a price of the tick, a quantity of the step
	drive futures place BTCUSDT buy limit 0.1 90.1 l1
	[ "$(result | jq -r .state)" = new ]
	[ "$(fake_state | jq -r '.requests[] | select(.path == "/v5/order/create") | .body')" = '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.100","price":"90.1","timeInForce":"GTC","positionIdx":0,"orderLinkId":"l1"}' ]
}

@test "bybit: a spot market buy and sell, filled at the candle's open, fees in the coin received" {
	drive spot place BTCUSDT buy market 0.1 - b1
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.state, .order_id != ""]')" = '["new",true]' ]
	# rules (the drive's) and the order
	[ "$(requests)" = 2 ]
	# the quantity in the base coin: marketUnit baseCoin
	[ "$(fake_state | jq -r '.requests[] | select(.path == "/v5/order/create") | .body | fromjson | .marketUnit')" = baseCoin ]
	drive spot query BTCUSDT b1
	[ "$(result | jq -c '[.state, .side, .filled, .avg_price, .fee, .fee_asset]')" = '["filled","buy",0.1,100,0.0001,"BTC"]' ]
	[ "$(requests)" = 1 ]
	drive spot balances
	[ "$output" = '{"asset":"BTC","free":0.0999,"locked":0}
{"asset":"USDT","free":9990,"locked":0}
{"requests":1}' ]
	drive spot place BTCUSDT sell market 0.05 - s1
	drive spot query BTCUSDT s1
	[ "$(result | jq -c '[.state, .side, .filled, .avg_price, .fee, .fee_asset]')" = '["filled","sell",0.05,100,0.005,"USDT"]' ]
}

@test "bybit: linear long at 3x, a reduce-only stop placed, listed, cancelled" {
	drive futures prepare BTCUSDT 3
	[ "$status" -eq 0 ]
	[ "$(requests)" = 1 ]
	[ "$(fake_state | jq -r '.requests[-1].body')" = '{"category":"linear","symbol":"BTCUSDT","buyLeverage":"3","sellLeverage":"3"}' ]
	drive futures place BTCUSDT buy market 0.1 - L1
	[ "$(result | jq -r .state)" = new ]
	drive futures query BTCUSDT L1
	[ "$(result | jq -c '[.state, .filled, .avg_price, .fee, .fee_asset]')" = '["filled",0.1,100,0.005,"USDT"]' ]
	drive futures positions
	[ "$(result | jq -c '[.symbol, .side, .qty, .entry, .leverage]')" = '["BTCUSDT","long",0.1,100,3]' ]
	[ "$(requests)" = 1 ]
	# the stop: a conditional market order falling to 95, reduce-only
	drive futures place BTCUSDT sell stop 0.1 95 L1-stop reduce
	[ "$(result | jq -c '[.state, .type, .stop, .reduce_only]')" = '["new","stop",95,1]' ]
	[ "$(fake_state | jq -c '.requests[] | select(.path == "/v5/order/create") | .body | fromjson | select(.orderLinkId == "L1-stop") | [.orderType, .triggerPrice, .triggerDirection, .reduceOnly]')" = '["Market","95.00",2,true]' ]
	drive futures open
	[ "$(result | jq -c '[.client_id, .state, .type]')" = '["L1-stop","new","stop"]' ]
	[ "$(requests)" = 1 ]
	drive futures cancel BTCUSDT L1-stop
	[ "$(result)" = '{"cancelled":1}' ]
	[ "$(requests)" = 1 ]
	drive futures query BTCUSDT L1-stop
	[ "$(result | jq -r .state)" = canceled ]
	# gone: 110001, not waiting
	drive futures cancel BTCUSDT L1-stop
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"cancelled":0}' ]
	[ "$(codes | jq -c '.[-2:]')" = '[0,110001]' ]
}

@test "bybit: linear short at 3x, its stop triggered as the clock passes a candle" {
	drive futures prepare BTCUSDT 3
	drive futures place BTCUSDT sell market 0.1 - S1
	drive futures place BTCUSDT buy stop 0.1 103.5 S1-stop reduce
	[ "$(fake_state | jq -c '.requests[] | select(.path == "/v5/order/create") | .body | fromjson | select(.orderLinkId == "S1-stop") | .triggerDirection')" = 1 ]
	drive futures positions
	[ "$(result | jq -c '[.side, .qty, .entry, .leverage]')" = '["short",0.1,100,3]' ]
	# the second candle's high 103 < 103.5, the third's 104 crosses it
	fake_clock $((T0 + 2 * H))
	drive futures query BTCUSDT S1-stop
	[ "$(result | jq -r .state)" = new ]
	fake_clock $((T0 + 3 * H))
	drive futures query BTCUSDT S1-stop
	[ "$(result | jq -c '[.state, .filled, .avg_price]')" = '["filled",0.1,103.5]' ]
	drive futures positions
	[ "$output" = '{"requests":1}' ]
}

@test "bybit: a spot stop placed as a StopOrder and cancelled as one" {
	drive spot place BTCUSDT buy market 0.1 - b1
	drive spot place BTCUSDT sell stop 0.1 95 b1-stop
	[ "$(fake_state | jq -c '.requests[] | select(.path == "/v5/order/create") | .body | fromjson | select(.orderLinkId == "b1-stop") | [.orderFilter, .triggerPrice, .triggerDirection]')" = '["StopOrder","95.00",null]' ]
	drive spot open BTCUSDT
	[ "$(result | jq -c '[.client_id, .state, .type, .stop]')" = '["b1-stop","new","stop",95]' ]
	drive spot cancel BTCUSDT b1-stop
	[ "$(result)" = '{"cancelled":1}' ]
	# not an Order (170213), then a StopOrder
	[ "$(requests)" = 2 ]
	[ "$(fake_state | jq -c '[.requests[] | select(.path == "/v5/order/cancel") | .body | fromjson | .orderFilter]')" = '["Order","StopOrder"]' ]
}

@test "bybit: a query by orderLinkId, and of one the exchange does not know" {
	drive spot place BTCUSDT buy limit 0.1 90 q1
	drive spot query BTCUSDT q1
	[ "$(result | jq -c '[.client_id, .state, .type, .price, .qty]')" = '["q1","new","limit",90,0.1]' ]
	[ "$(requests)" = 1 ]
	drive spot query BTCUSDT nobody
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.client_id, .state]')" = '["nobody","none"]' ]
	# realtime, then history
	[ "$(requests)" = 2 ]
	[ "$(fake_state | jq -c '[.requests[-2:][] | .path]')" = '["/v5/order/realtime","/v5/order/history"]' ]
}

@test "bybit: open orders of a symbol and of the account, balances" {
	drive spot place BTCUSDT buy limit 0.1 90 o1
	drive spot place BTCUSDT buy limit 0.1 91 o2
	drive spot open BTCUSDT
	[ "$(sed '$d' <<< "$output" | jq -r .client_id | sort | tr '\n' ' ')" = "o1 o2 " ]
	[ "$(requests)" = 1 ]
	drive spot open
	[ "$(sed '$d' <<< "$output" | wc -l)" = 2 ]
	drive futures open
	[ "$output" = '{"requests":1}' ]
	[ "$(fake_state | jq -r '.requests[-1].query')" = 'category=linear&settleCoin=USDT&openOnly=0&limit=50' ]
	# 18.1 USDT held by the two buys
	drive spot balances
	[ "$(result | jq -c '[.asset, .free, .locked]')" = '["USDT",9981.9,18.1]' ]
	drive spot positions
	[ "$output" = '{"requests":0}' ]
}

@test "bybit: 10002 re-syncs the clock and asks once more" {
	fake_misbehave '{"skew_ms": 20000}'
	drive spot balances
	[ "$status" -eq 0 ]
	[ "$(result | jq -r .asset)" = USDT ]
	# the balances, the time, the balances again
	[ "$(requests)" = 3 ]
	[ "$(codes)" = '[10002,0,0]' ]
	# a placement too: refused for its time, so sent again
	drive spot place BTCUSDT buy market 0.1 - t1
	[ "$(result | jq -r .state)" = new ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "t1")] | length')" = 1 ]
}

@test "bybit: a bad signature or key is 78, nothing retried, no secret said" {
	TP_DRIVE_SECRET=tpWRONGSECRET0000000000000000000000000000000000000000000000001 \
		drive spot balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"retCode 10004"* ]]
	[[ $stderr != *tpWRONGSECRET* ]]
	[[ $stderr != *"$FAKE_SECRET"* ]]
	# the fake quotes the string signed, the key in it: blotted out
	[[ $stderr != *"$FAKE_KEY"* ]]
	[[ $output != *tpWRONGSECRET* ]]
	[ "$(requests)" = 1 ]
	TP_DRIVE_KEY=tpOTHERKEY drive spot place BTCUSDT buy market 0.1 - k1
	[ "$status" -eq 78 ]
	[[ $stderr == *"retCode 10003"* ]]
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 0 ]
}

@test "bybit: an Ed25519 key is refused before anything is signed" {
	TP_DRIVE_SECRET=$(printf '%s\n' '-----BEGIN PRIVATE KEY-----' \
		'MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u' \
		'-----END PRIVATE KEY-----') drive spot balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"Ed25519"*"HMAC"* ]]
	[ "$(requests)" = 0 ]
}

@test "bybit: an order below the minimum value is refused, the run goes on" {
	fake_misbehave '{"min_notional": 1000}'
	drive spot place BTCUSDT buy market 0.1 - m1
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"refused":"retCode 170140: Order value exceeded lower limit"}' ]
	drive futures place BTCUSDT buy market 0.1 - m2
	[ "$(result)" = '{"refused":"retCode 110094: Order notional value below the lower limit"}' ]
	fake_misbehave '{"reset": true, "reject_balance": true}'
	drive futures place BTCUSDT buy market 0.1 - m3
	[ "$(result)" = '{"refused":"retCode 110007: Available balance is insufficient"}' ]
}

@test "bybit: an answer lost is unknown, never sent again; the query finds the order" {
	fake_misbehave '{"drop_answer": 1}'
	drive spot place BTCUSDT buy market 0.1 - d1
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"unknown":true}' ]
	[ "$(fake_state | jq '[.requests[] | select(.path == "/v5/order/create")] | length')" = 1 ]
	drive spot query BTCUSDT d1
	[ "$(result | jq -c '[.state, .filled]')" = '["filled",0.1]' ]
	# placed again by mistake: the duplicate (170141) is unknown too,
	# for the query to settle
	drive spot place BTCUSDT buy market 0.1 - d1
	[ "$(result)" = '{"unknown":true}' ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "d1")] | length')" = 1 ]
}

@test "bybit: a server error (10016) on a placement is unknown; elsewhere it is asked again" {
	fake_misbehave '{"retcode": [10016, 1]}'
	drive futures place BTCUSDT buy market 0.1 - e1
	[ "$(result)" = '{"unknown":true}' ]
	[ "$(fake_state | jq '[.requests[] | select(.path == "/v5/order/create")] | length')" = 1 ]
	fake_misbehave '{"retcode": [10016, 1]}'
	drive futures balances
	[ "$status" -eq 0 ]
	[ "$(requests)" = 2 ]
	fake_misbehave '{"status": [503, 1]}'
	drive futures balances
	[ "$status" -eq 0 ]
	[ "$(requests)" = 2 ]
}

@test "bybit: HTTP 403 stops the run with 75" {
	fake_misbehave '{"status": [403, 1]}'
	drive spot balances
	[ "$status" -eq 75 ]
	[[ $stderr == *"HTTP 403"* ]]
	[ "$(requests)" = 1 ]
}

@test "bybit: 10006 waits for the limit's reset, then asks again" {
	# the fake's reset is a second after its clock
	fake_misbehave '{"retcode": [10006, 1]}'
	local t0=$SECONDS
	drive spot balances
	[ "$status" -eq 0 ]
	[ "$(result | jq -r .asset)" = USDT ]
	[ "$(requests)" = 2 ]
	[ "$(codes)" = '[10006,0]' ]
	[ $((SECONDS - t0)) -lt 10 ]
	local at
	at=$(fake_state | jq '.requests[1].t - .requests[0].t')
	[ "$at" -ge 900 ]
}
