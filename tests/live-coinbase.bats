#!/usr/bin/env bats
# The Coinbase Advanced Trade venue (lib/live/tp_lcoinbase.c) through
# live-drive (tests/live/drive.c) against the fake Coinbase
# (tests/live/fake_coinbase.py): spot, a JWT signed with an Ed25519 CDP
# key on each request, errors mapped to tp's exits, and how many requests
# each operation makes.
#
# Expected numbers: the candles below (a market order fills at the open
# of the candle holding the fake's clock: 100 at the start), the fake's
# fee (/work/tasks/live-api.md "The fakes": 0.1% spot; Coinbase takes it
# in the quote currency, list-fills' commission), the fake's rules
# (tests/live/fakex.py default_rules: tick 0.01, step 0.00001, minimum
# notional 5), and the stop's limit 5% past the stop (tp-exec(1),
# "Coinbase": 95 x 0.95 = 90.25).  The key is the Ed25519 key of
# Binance's fix-api.md example (../shared/fixtures/signing.md, seed
# 8244...cf6e, public key 1942...800d) as the CDP portal writes one:
# base64 of seed and public key.

load helpers
load live/fake


setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	DRIVE=$BIN/../tests/live-drive
	CB_KEY=$FAKE_CB_KEY CB_SECRET=$FAKE_CB_SECRET	# tests/live/fake.bash
	export TP_DRIVE_KEY=$CB_KEY TP_DRIVE_SECRET=$CB_SECRET
	# hourly from 2024-01-01 00:00 (1704067200000): O H L C
	fake_candles "$W/c.ndjson" "100 102 99 101" "101 103 100 102" \
		"102 104 95 96" "96 97 90 92"
	T0=1704067200000
	H=3600000
	start_fake coinbase "$W/c.ndjson"
}

teardown() {
	stop_fake
}

# drive COMMAND [ARG...]: live-drive coinbase spot on the fake; $output
# is its stdout (stderr in $stderr), then {"requests": N}.
drive() {
	run --separate-stderr "$DRIVE" coinbase spot "$FAKE_URL" "$@"
}

result() { sed -n "${1:-1}p" <<< "$output"; }
requests() { tail -n 1 <<< "$output" | jq .requests; }
# the body of the order placed with client id $1
placed() {
	fake_state | jq -c --arg c "$1" '.requests[] |
		select(.path == "/api/v3/brokerage/orders") | .body | fromjson |
		select(.client_order_id == $c)'
}

@test "coinbase: the server's clock offset, from /api/v3/brokerage/time" {
	fake_misbehave '{"skew_ms": 7000}'
	drive time
	[ "$status" -eq 0 ]
	local off
	off=$(result | jq .offset_ms)
	[ "$off" -gt 6000 ] && [ "$off" -lt 8000 ]
	[ "$(requests)" = 1 ]
	# and each JWT's nbf follows it: a signed request goes through
	drive balances
	[ "$status" -eq 0 ]
}

@test "coinbase: the rules of a product, an unknown one, quantities rounded down to base_increment" {
	drive rules BTC-USDT
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.symbol, .base, .quote, .step, .min_qty, .tick, .min_notional, .max_qty, .trading]')" = '["BTCUSDT","BTC","USDT",1e-05,1e-05,0.01,5,9000,1]' ]
	[ "$(requests)" = 1 ]
	# tp's BTC/USDT, and BTCUSDT as tp_live_symbol writes it, are the
	# product BTC-USDT; the symbol told back is tp_live_symbol's
	drive rules BTC/USDT
	[ "$(result | jq -r .symbol)" = BTCUSDT ]
	drive rules BTCUSDT
	[ "$(result | jq -r .symbol)" = BTCUSDT ]
	# get-product: 404 NOT_FOUND
	drive rules DOGE-USDT
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"found":false}' ]
	# signed: the products endpoint is private
	[ "$(fake_state | jq -c '[.requests[] | [.path, .signed]] | unique')" = '[["/api/v3/brokerage/products/BTC-USDT",true],["/api/v3/brokerage/products/DOGE-USDT",true]]' ]
	# 0.123456789 in steps of 0.00001 is 0.12345
	drive place BTC-USDT buy market 0.123456789 - r1
	[ "$(placed r1)" = '{"client_order_id":"r1","product_id":"BTC-USDT","side":"BUY","order_configuration":{"market_market_ioc":{"base_size":"0.12345"}}}' ]
}

@test "coinbase: a market buy and sell, filled at the candle's open, fees in the quote currency" {
	drive place BTC-USDT buy market 0.1 - b1
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.state, .order_id != ""]')" = '["new",true]' ]
	# rules (the drive's) and the order
	[ "$(requests)" = 2 ]
	drive query BTC-USDT b1
	[ "$(result | jq -c '[.state, .side, .type, .filled, .avg_price, .fee, .fee_asset]')" = '["filled","buy","market",0.1,100,0.01,"USDT"]' ]
	[ "$(requests)" = 1 ]
	drive balances
	[ "$output" = '{"asset":"BTC","free":0.1,"locked":0}
{"asset":"USDT","free":9989.99,"locked":0}
{"requests":1}' ]
	drive place BTC-USDT sell market 0.05 - s1
	drive query BTC-USDT s1
	[ "$(result | jq -c '[.state, .side, .filled, .avg_price, .fee, .fee_asset]')" = '["filled","sell",0.05,100,0.005,"USDT"]' ]
}

@test "coinbase: a stop is a stop-limit 5% past it, listed open, cancelled by client id" {
	drive place BTC-USDT buy market 0.1 - b1
	# tp's stops are reduce-only; spot has none: the same order
	drive place BTC-USDT sell stop 0.1 95 b1-stop reduce
	[ "$(result | jq -c '[.state, .type, .stop, .reduce_only]')" = '["new","stop",95,0]' ]
	[ "$(placed b1-stop | jq -c .order_configuration)" = '{"stop_limit_stop_limit_gtc":{"base_size":"0.10000","limit_price":"90.25","stop_price":"95.00","stop_direction":"STOP_DIRECTION_STOP_DOWN"}}' ]
	drive open BTC-USDT
	[ "$(result | jq -c '[.client_id, .state, .type, .stop, .price]')" = '["b1-stop","new","stop",95,0]' ]
	[ "$(requests)" = 1 ]
	[ "$(fake_state | jq -r '.requests[-1].query')" = 'product_ids=BTC-USDT&order_status=OPEN&limit=100' ]
	# the BTC is held by the stop (list-accounts' hold)
	drive balances
	[ "$(result | jq -c '[.asset, .free, .locked]')" = '["BTC",0,0.1]' ]
	# found among the open orders, then batch_cancel by its order_id
	drive cancel BTC-USDT b1-stop
	[ "$(result)" = '{"cancelled":1}' ]
	[ "$(requests)" = 2 ]
	[ "$(fake_state | jq -r '.requests[-1].body | fromjson | .order_ids | length')" = 1 ]
	drive query BTC-USDT b1-stop
	[ "$(result | jq -r .state)" = canceled ]
	# no longer open: nothing to cancel, one request
	drive cancel BTC-USDT b1-stop
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"cancelled":0}' ]
	[ "$(requests)" = 1 ]
}

@test "coinbase: a buy stop rises to it; a sell stop fills when the clock passes the candle that crosses it" {
	drive place BTC-USDT buy stop 0.1 110 up
	[ "$(placed up | jq -c '.order_configuration[] | [.limit_price, .stop_direction]')" = '["115.50","STOP_DIRECTION_STOP_UP"]' ]
	drive place BTC-USDT buy market 0.1 - b1
	drive place BTC-USDT sell stop 0.1 97.5 b1-stop
	# the second candle's low 100 > 97.5, the third's 95 crosses it
	fake_clock $((T0 + 2 * H))
	drive query BTC-USDT b1-stop
	[ "$(result | jq -r .state)" = new ]
	fake_clock $((T0 + 3 * H))
	drive query BTC-USDT b1-stop
	[ "$(result | jq -c '[.state, .type, .filled, .avg_price, .fee, .fee_asset]')" = '["filled","stop",0.1,97.5,0.00975,"USDT"]' ]
}

@test "coinbase: a query by client id, one not known, and fees from list-fills without total_fees" {
	drive place BTC-USDT buy limit 0.1 90 q1
	drive query BTCUSDT q1
	[ "$(result | jq -c '[.symbol, .client_id, .state, .type, .price, .qty]')" = '["BTCUSDT","q1","new","limit",90,0.1]' ]
	[ "$(requests)" = 1 ]
	[ "$(fake_state | jq -r '.requests[-1].query')" = 'product_ids=BTC-USDT&limit=100' ]
	drive query BTC-USDT nobody
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.client_id, .state]')" = '["nobody","none"]' ]
	[ "$(requests)" = 1 ]
	drive place BTC-USDT buy market 0.2 - f1
	fake_misbehave '{"no_total_fees": true}'
	drive query BTC-USDT f1
	[ "$(result | jq -c '[.state, .fee, .fee_asset]')" = '["filled",0.02,"USDT"]' ]
	[ "$(requests)" = 2 ]
	[ "$(fake_state | jq -r '.requests[-1].path')" = /api/v3/brokerage/orders/historical/fills ]
}

@test "coinbase: open orders of a product and of the account, balances with holds" {
	drive place BTC-USDT buy limit 0.1 90 o1
	drive place BTC-USDT buy limit 0.1 91 o2
	drive open BTC-USDT
	[ "$(sed '$d' <<< "$output" | jq -r .client_id | sort | tr '\n' ' ')" = "o1 o2 " ]
	[ "$(requests)" = 1 ]
	drive open
	[ "$(sed '$d' <<< "$output" | wc -l)" = 2 ]
	[ "$(fake_state | jq -r '.requests[-1].query')" = 'order_status=OPEN&limit=100' ]
	# 18.1 USDT held by the two buys
	drive balances
	[ "$(result | jq -c '[.asset, .free, .locked]')" = '["USDT",9981.9,18.1]' ]
	[ "$(fake_state | jq -r '.requests[-1].query')" = 'limit=250' ]
	drive positions
	[ "$output" = '{"requests":0}' ]
}

@test "coinbase: a bad key is 78, nothing retried, no secret said" {
	# another Ed25519 key: the fake's signature check fails (HTTP 401)
	local other
	other=$(head -c 32 /dev/zero | tr '\0' '\7' | base64 -w0)
	TP_DRIVE_SECRET=$other drive balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"HTTP 401"* ]]
	[[ $stderr != *"$other"* ]]
	[[ $stderr != *"$CB_SECRET"* ]]
	[[ $output != *"$other"* ]]
	[ "$(requests)" = 1 ]
	# another key name (the JWT's kid and sub)
	TP_DRIVE_KEY=organizations/x/apiKeys/y drive place BTC-USDT buy market 0.1 - k1
	[ "$status" -eq 78 ]
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 0 ]
	[ "$(fake_state | jq -c '[.requests[] | .status]')" = '[401,401]' ]
}

@test "coinbase: an ES256 key is refused naming the Ed25519 fix; futures are refused" {
	TP_DRIVE_SECRET=$(printf '%s\n' '-----BEGIN EC PRIVATE KEY-----' \
		'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oD4ZbzQ1Z8ZroAoGCCqGSM49' \
		'-----END EC PRIVATE KEY-----') drive balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"ES256"*"create an Ed25519 key"* ]]
	run --separate-stderr "$DRIVE" coinbase futures "$FAKE_URL" balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"spot only"* ]]
	[ "$(requests)" = 0 ]
	[ "$(fake_state | jq '.requests | length')" = 0 ]
}

@test "coinbase: insufficient funds and a size under the minimum are refused with the reason" {
	fake_misbehave '{"reject_balance": true}'
	drive place BTC-USDT buy market 0.1 - m1
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"refused":"INSUFFICIENT_FUND: Insufficient balance in source account (PREVIEW_INSUFFICIENT_FUND)"}' ]
	fake_misbehave '{"reset": true, "min_notional": 1000}'
	drive place BTC-USDT buy market 0.1 - m2
	[[ $(result | jq -r .refused) == *PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL* ]]
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 0 ]
}

@test "coinbase: an answer lost is unknown, never sent again; the query finds the order" {
	fake_misbehave '{"drop_answer": 1}'
	drive place BTC-USDT buy market 0.1 - d1
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"unknown":true}' ]
	[ "$(fake_state | jq '[.requests[] | select(.path == "/api/v3/brokerage/orders")] | length')" = 1 ]
	drive query BTC-USDT d1
	[ "$(result | jq -c '[.state, .filled]')" = '["filled",0.1]' ]
}

@test "coinbase: a 5xx on a placement is unknown; elsewhere it is asked again, then 75" {
	fake_misbehave '{"order_status": [500, 1]}'
	drive place BTC-USDT buy market 0.1 - e1
	[ "$(result)" = '{"unknown":true}' ]
	# asked once, not again
	[ "$(fake_state | jq -c '[.requests[] | select(.path == "/api/v3/brokerage/orders") | .status]')" = '[500]' ]
	fake_misbehave '{"status": [503, 1]}'
	drive balances
	[ "$status" -eq 0 ]
	[ "$(requests)" = 2 ]
	# down for good: retried for tp_http's time (10 s), then 75
	fake_misbehave '{"status": [503, 1000]}'
	drive balances
	[ "$status" -eq 75 ]
}

@test "coinbase: a 429 waits, then asks again" {
	fake_misbehave '{"status": [429, 2]}'
	local t0=$SECONDS
	drive balances
	[ "$status" -eq 0 ]
	[ "$(result | jq -r .asset)" = USDT ]
	[ "$(requests)" = 3 ]
	[ "$(fake_state | jq -c '[.requests[] | .status]')" = '[429,429,200]' ]
	[ $((SECONDS - t0)) -lt 10 ]
	# a placement too: a 429 says it was not done
	fake_misbehave '{"status": [429, 1]}'
	drive place BTC-USDT buy market 0.1 - r1
	[ "$(result | jq -r .state)" = new ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "r1")] | length')" = 1 ]
}

@test "coinbase: a query pages back through the product's orders, 100 a request" {
	drive place BTC-USDT buy limit 0.1 90 old
	# 100 newer orders placed behind tp's back
	local i
	for i in $(seq 100); do
		fake_order '{"symbol":"BTC/USDT","side":"BUY","type":"LIMIT","qty":"0.1","price":"80","cid":"n'"$i"'"}' > /dev/null
	done
	drive query BTC-USDT old
	[ "$(result | jq -c '[.client_id, .state, .price]')" = '["old","new",90]' ]
	# the first page holds the 100 newer ones
	[ "$(requests)" = 2 ]
	[ "$(fake_state | jq -r '.requests[-1].query')" = 'product_ids=BTC-USDT&limit=100&cursor=100' ]
	drive query BTC-USDT n100
	[ "$(requests)" = 1 ]
}
