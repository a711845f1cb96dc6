#!/usr/bin/env bats
# The Kraken spot venue (lib/live/tp_lkraken.c) through live-drive
# (tests/live/drive.c) against the fake Kraken (tests/live/fake_kraken.py):
# signed requests and their nonces, the error strings of Kraken's error
# guide mapped to tp's exits, and how many requests each operation makes.
#
# Expected numbers: the candles below (a market order fills at the open
# of the candle holding the fake's clock: 100 at the start), the fake's
# fee (0.26%, the first taker tier of the AssetPairs example, in the
# quote asset: tp sends oflags=fciq) and rules (the XBTUSD example of
# krakenfx/api-specs@729f278e spot-rest/examples/responses/public/assets/
# pairs.yaml: tick 0.1, lot_decimals 8, ordermin 0.0001, costmin 0.5),
# and the error strings of docs.kraken.com/api/docs/guides/spot-errors
# (the shared fixtures' kraken/errors.json).

load helpers
load live/fake

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	DRIVE=$BIN/../tests/live-drive
	export TP_DRIVE_KEY=$FAKE_KEY TP_DRIVE_SECRET=$FAKE_KRAKEN_SECRET
	# hourly from 2024-01-01 00:00 (1704067200000): O H L C
	fake_candles "$W/c.ndjson" "100 102 99 101" "101 103 100 102" \
		"102 104 95 96" "96 97 90 92"
	T0=1704067200000
	H=3600000
	# tp's client ids: "tp" and 32 hex digits (tp_risk_order_id)
	ID1=tp0123456789abcdef0123456789abcdef
	start_fake kraken "$W/c.ndjson"
}

teardown() {
	stop_fake
}

# drive COMMAND [ARG...]: live-drive on the fake (spot); $output is its
# stdout (stderr in $stderr), one result a line, then {"requests": N}.
drive() {
	run --separate-stderr "$DRIVE" kraken spot "$FAKE_URL" "$@"
}

# result [N]: the Nth line of the last drive's output (1); requests: its
# count of requests.
result() { sed -n "${1:-1}p" <<< "$output"; }
requests() { tail -n 1 <<< "$output" | jq .requests; }
# errors: the error each request got ("" none), in order; paths: the
# paths asked; form PATH [N]: the Nth (last) form sent to PATH, nonce cut
errors() { fake_state | jq -c '[.requests[] | .code | if . == 0 then "" else . end]'; }
paths() { fake_state | jq -c '[.requests[] | .path | sub("^/0/(private|public)/"; "")]'; }
form() { fake_state | jq -r --arg p "$1" "[.requests[] | select(.path == \$p) | .body][${2:--1}]" | sed 's/^nonce=[0-9]*&//'; }

@test "kraken: the server's clock offset, from /0/public/Time" {
	fake_misbehave '{"skew_ms": 7000}'
	drive time
	[ "$status" -eq 0 ]
	local off
	off=$(result | jq .offset_ms)
	# 7 s ahead, in whole seconds, give or take the round trip
	[ "$off" -gt 5900 ] && [ "$off" -lt 8100 ]
	[ "$(requests)" = 1 ]
}

@test "kraken: the rules of BTCUSDT (XBTUSDT), an unknown pair, written decimals" {
	drive rules BTCUSDT
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"symbol":"BTCUSDT","base":"BTC","quote":"USDT","step":1e-08,"min_qty":0.0001,"max_qty":0,"market_max_qty":0,"tick":0.1,"min_notional":0.5,"trading":1}' ]
	[ "$(requests)" = 1 ]
	[ "$(fake_state | jq -c '[.requests[-1] | .method, .path, .query, .signed]')" = '["GET","/0/public/AssetPairs","pair=XBTUSDT",null]' ]
	drive rules DOGEUSDT
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"found":false}' ]
	[ "$(errors | jq -r '.[-1]')" = "EQuery:Unknown asset pair" ]
	# the volume in lot_decimals (8), the stop in pair_decimals (1)
	drive place BTCUSDT buy market 0.1 - b0
	drive place BTCUSDT sell stop 0.1 95.04 b0-stop
	[ "$(form /0/private/AddOrder)" = 'pair=XBTUSDT&type=sell&ordertype=stop-loss&volume=0.10000000&price=95.0&trigger=last&oflags=fciq&cl_ord_id=b0-stop' ]
}

@test "kraken: a market buy and sell, filled at the candle's open, fees in USDT; the queries' requests" {
	drive place BTCUSDT buy market 0.1 - "$ID1"
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.state, .client_id, .order_id != ""]')" = '["new","'"$ID1"'",true]' ]
	# rules (the drive's) and AddOrder
	[ "$(requests)" = 2 ]
	# tp's id goes as its 32 hex digits, a short UUID (add.yaml cl_ord_id)
	[ "$(form /0/private/AddOrder)" = 'pair=XBTUSDT&type=buy&ordertype=market&volume=0.10000000&oflags=fciq&cl_ord_id=0123456789abcdef0123456789abcdef' ]
	drive query BTCUSDT "$ID1"
	# 0.1 at 100: fee 0.26% of 10 = 0.026 USDT
	[ "$(result | jq -c '[.symbol, .client_id, .state, .type, .side, .filled, .avg_price, .fee, .fee_asset]')" = '["BTCUSDT","'"$ID1"'","filled","market","buy",0.1,100,0.026,"USDT"]' ]
	# not open: OpenOrders, then ClosedOrders, by cl_ord_id
	[ "$(requests)" = 2 ]
	[ "$(paths | jq -c '.[-2:]')" = '["OpenOrders","ClosedOrders"]' ]
	[ "$(form /0/private/ClosedOrders)" = 'trades=true&cl_ord_id=0123456789abcdef0123456789abcdef' ]
	drive balances
	[ "$output" = '{"asset":"BTC","free":0.1,"locked":0}
{"asset":"USDT","free":9989.974,"locked":0}
{"requests":1}' ]
	drive place BTCUSDT sell market 0.05 - s1
	drive query BTCUSDT s1
	[ "$(result | jq -c '[.state, .side, .filled, .avg_price, .fee, .fee_asset]')" = '["filled","sell",0.05,100,0.013,"USDT"]' ]
	drive positions
	[ "$output" = '{"requests":0}' ]
	drive prepare BTCUSDT 1
	[ "$status" -eq 0 ]
	[ "$(requests)" = 0 ]
}

@test "kraken: a stop-loss placed, listed, cancelled; another triggered as the clock passes a candle" {
	drive place BTCUSDT buy market 0.2 - b1
	drive place BTCUSDT sell stop 0.1 95 "$ID1"
	[ "$(result | jq -c '[.state, .type, .stop]')" = '["new","stop",95]' ]
	drive open BTCUSDT
	[ "$(result | jq -c '[.client_id, .state, .type, .side, .stop, .qty]')" = '["'"$ID1"'","new","stop","sell",95,0.1]' ]
	[ "$(requests)" = 1 ]
	# the base a stop will sell is held
	drive balances
	[ "$(result | jq -c '[.asset, .free, .locked]')" = '["BTC",0.1,0.1]' ]
	drive query BTCUSDT "$ID1"
	[ "$(result | jq -c '[.state, .stop]')" = '["new",95]' ]
	# open: found by OpenOrders alone
	[ "$(requests)" = 1 ]
	drive cancel BTCUSDT "$ID1"
	[ "$(result)" = '{"cancelled":1}' ]
	[ "$(requests)" = 1 ]
	[ "$(form /0/private/CancelOrder)" = 'cl_ord_id=0123456789abcdef0123456789abcdef' ]
	drive query BTCUSDT "$ID1"
	[ "$(result | jq -r .state)" = canceled ]
	# gone: EOrder:Unknown order, not waiting
	drive cancel BTCUSDT "$ID1"
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"cancelled":0}' ]
	[ "$(errors | jq -r '.[-1]')" = "EOrder:Unknown order" ]
	drive place BTCUSDT sell stop 0.1 95 b1-stop
	# the second candle's low 100 > 95; the third's 95 reaches it
	fake_clock $((T0 + 2 * H))
	drive query BTCUSDT b1-stop
	[ "$(result | jq -r .state)" = new ]
	fake_clock $((T0 + 3 * H))
	drive query BTCUSDT b1-stop
	[ "$(result | jq -c '[.state, .filled, .avg_price, .fee]')" = '["filled",0.1,95,0.0247]' ]
}

@test "kraken: a query of an order the exchange does not know; open orders of a symbol and of the account" {
	drive query BTCUSDT nobody
	[ "$status" -eq 0 ]
	[ "$(result | jq -c '[.symbol, .client_id, .state]')" = '["BTCUSDT","nobody","none"]' ]
	[ "$(requests)" = 2 ]
	drive place BTCUSDT buy limit 0.1 90 o1
	drive place BTCUSDT buy limit 0.1 91 o2
	drive open BTCUSDT
	[ "$(sed '$d' <<< "$output" | jq -r .client_id | sort | tr '\n' ' ')" = "o1 o2 " ]
	[ "$(requests)" = 1 ]
	drive open
	[ "$(sed '$d' <<< "$output" | wc -l)" = 2 ]
	drive open ETHUSDT
	[ "$output" = '{"requests":1}' ]
	# 18.1 USDT held by the two buys (BalanceEx hold_trade)
	drive balances
	[ "$(result | jq -c '[.asset, .free, .locked]')" = '["USDT",9981.9,18.1]' ]
}

@test "kraken: EAPI:Invalid nonce is asked once more with a larger nonce; twice is 75" {
	fake_misbehave '{"invalid_nonce": 1}'
	drive balances
	[ "$status" -eq 0 ]
	[ "$(result | jq -r .asset)" = USDT ]
	[ "$(requests)" = 2 ]
	[ "$(errors)" = '["EAPI:Invalid nonce",""]' ]
	local n1 n2
	n1=$(fake_state | jq -r '.requests[0].body' | sed 's/^nonce=//')
	n2=$(fake_state | jq -r '.requests[1].body' | sed 's/^nonce=//')
	[ "$n2" -gt "$n1" ]
	# a placement too: refused before it was carried out, so sent again
	fake_misbehave '{"invalid_nonce": 1}'
	drive place BTCUSDT buy market 0.1 - n1
	[ "$(result | jq -r .state)" = new ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "n1")] | length')" = 1 ]
	fake_misbehave '{"invalid_nonce": 2}'
	drive balances
	[ "$status" -eq 75 ]
	[[ $stderr == *"EAPI:Invalid nonce, twice"* ]]
	[ "$(requests)" = 2 ]
}

@test "kraken: the nonce kept (TP_DRIVE_NONCE_FILE) goes on above the last one, whatever the clock says" {
	local f=$W/nonce later
	# a nonce used an hour ahead of the clock (a clock stepped back since)
	later=$(( $(date +%s%3N) + 3600000 ))
	echo "$later" > "$f"
	TP_DRIVE_NONCE_FILE=$f drive balances
	[ "$status" -eq 0 ]
	[ "$(fake_state | jq -r '.requests[-1].body')" = "nonce=$((later + 1))" ]
	[ "$(cat "$f")" = $((later + 1)) ]
	TP_DRIVE_NONCE_FILE=$f drive open
	[ "$(fake_state | jq -r '.requests[-1].body')" = "nonce=$((later + 2))&trades=false" ]
	# without it, the clock's nonce is below the key's last: refused,
	# asked once more, refused again
	drive balances
	[ "$status" -eq 75 ]
	[ "$(errors | jq -c '.[-2:]')" = '["EAPI:Invalid nonce","EAPI:Invalid nonce"]' ]
}

@test "kraken: a bad signature or key is 78, nothing retried, no secret said" {
	TP_DRIVE_SECRET=$(printf %s tpWRONGSECRET000000000000000000000000000000000000000000000000001 | base64 -w0) \
		drive balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"EAPI:Invalid signature"* ]]
	[[ $stderr != *"$FAKE_KRAKEN_SECRET"* ]]
	[[ $stderr != *"$FAKE_SECRET"* ]]
	[[ $stderr != *"$FAKE_KEY"* ]]
	[ "$(requests)" = 1 ]
	TP_DRIVE_KEY=tpOTHERKEY drive place BTCUSDT buy market 0.1 - k1
	[ "$status" -eq 78 ]
	[[ $stderr == *"EAPI:Invalid key"* ]]
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 0 ]
	# the key without the rights asked (errors.json: "API key doesn't
	# have permission to make this request")
	fake_misbehave '{"kerror": ["EGeneral:Permission denied", 1]}'
	drive balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"EGeneral:Permission denied"* ]]
	[ "$(requests)" = 1 ]
	# a secret that is not base64: 78 before anything is signed
	TP_DRIVE_SECRET=tpWRONG-SECRET drive balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"not base64"* ]]
	[[ $stderr != *tpWRONG-SECRET* ]]
	[ "$(requests)" = 0 ]
}

@test "kraken: a futures account and an Ed25519 key are refused, 78, nothing asked" {
	run --separate-stderr "$DRIVE" kraken futures "$FAKE_URL" rules BTCUSDT
	[ "$status" -eq 78 ]
	[[ $stderr == *"spot only"* ]]
	[ "$(tail -n 1 <<< "$output")" = '{"requests":0}' ]
	TP_DRIVE_SECRET=$(printf '%s\n' '-----BEGIN PRIVATE KEY-----' \
		'MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u' \
		'-----END PRIVATE KEY-----') drive balances
	[ "$status" -eq 78 ]
	[[ $stderr == *"Ed25519"* ]]
	[ "$(requests)" = 0 ]
}

@test "kraken: insufficient funds, an order below the minimum, invalid arguments: refused with the message" {
	drive place BTCUSDT buy market 1000 - f1
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"refused":"EOrder:Insufficient funds"}' ]
	drive place BTCUSDT buy market 0.00001 - f2
	[ "$(result)" = '{"refused":"EOrder:Order minimum not met"}' ]
	fake_misbehave '{"min_notional": 1000}'
	drive place BTCUSDT buy market 0.1 - f3
	[ "$(result)" = '{"refused":"EOrder:Cost minimum not met"}' ]
	fake_misbehave '{"reset": true, "kerror": ["EGeneral:Invalid arguments:volume", 1]}'
	drive place BTCUSDT buy market 0.1 - f4
	[ "$(result)" = '{"refused":"EGeneral:Invalid arguments:volume"}' ]
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 0 ]
}

@test "kraken: an answer lost is unknown, never sent again; the query finds the order" {
	fake_misbehave '{"drop_answer": 1}'
	drive place BTCUSDT buy market 0.1 - "$ID1"
	[ "$status" -eq 0 ]
	[ "$(result)" = '{"unknown":true}' ]
	[ "$(fake_state | jq '[.requests[] | select(.path == "/0/private/AddOrder")] | length')" = 1 ]
	drive query BTCUSDT "$ID1"
	[ "$(result | jq -c '[.client_id, .state, .filled]')" = '["'"$ID1"'","filled",0.1]' ]
}

@test "kraken: a 5xx or EService:Unavailable on a placement is unknown, not sent again; elsewhere asked again, then 75" {
	fake_misbehave '{"order_status": [502, 1]}'
	drive place BTCUSDT buy market 0.1 - e1
	[ "$(result)" = '{"unknown":true}' ]
	fake_misbehave '{"kerror": ["EService:Unavailable", 1]}'
	drive place BTCUSDT buy market 0.1 - e2
	[ "$(result)" = '{"unknown":true}' ]
	[ "$(fake_state | jq '[.requests[] | select(.path == "/0/private/AddOrder")] | length')" = 2 ]
	fake_misbehave '{"kerror": ["EService:Busy", 1]}'
	drive balances
	[ "$status" -eq 0 ]
	[ "$(requests)" = 2 ]
	fake_misbehave '{"status": [503, 1]}'
	drive balances
	[ "$status" -eq 0 ]
	[ "$(requests)" = 2 ]
	# down for longer than tp_http's 10 s of retries
	fake_misbehave '{"status": [500, 1000]}'
	drive balances
	[ "$status" -eq 75 ]
}

@test "kraken: EAPI:Rate limit exceeded and EOrder:Rate limit exceeded wait, then ask again" {
	fake_misbehave '{"rate_limit": 1}'
	drive balances
	[ "$status" -eq 0 ]
	[ "$(result | jq -r .asset)" = USDT ]
	[ "$(requests)" = 2 ]
	[ "$(errors)" = '["EAPI:Rate limit exceeded",""]' ]
	# tp_http's first backoff: half a second, with jitter
	[ "$(fake_state | jq '.requests[1].t - .requests[0].t')" -ge 250 ]
	fake_misbehave '{"rate_limit": 1}'
	drive place BTCUSDT buy market 0.1 - r1
	[ "$(result | jq -r .state)" = new ]
	[ "$(errors | jq -c '.[-2:]')" = '["EOrder:Rate limit exceeded",""]' ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "r1")] | length')" = 1 ]
}
