#!/usr/bin/env bats
# The fake exchanges themselves (tests/live/fake_binance.py,
# fake_bybit.py, fake_kraken.py, fakex.py), with curl and openssl only: signatures checked
# as the docs say, fills at the next candle's open, stops against the
# candles the clock passes, and each misbehaviour.  The expected numbers
# come from the candles below and the fees of /work/tasks/live-api.md
# ("The fakes": 0.1% spot, 0.05% futures taker).

load helpers
load live/fake

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	# hourly from 2024-01-01 00:00 (1704067200000): O H L C
	fake_candles "$W/c.ndjson" "100 102 99 101" "101 103 100 102" \
		"102 104 95 96" "96 97 90 92" "80 85 79 84"
	T0=1704067200000
	H=3600000
}

teardown() {
	stop_fake
}

# body: the answer of the last *_req without its "HTTP" line; status: it.
body() { sed '$d' <<< "$output"; }
status_of() { tail -n 1 <<< "$output"; }

@test "binance: the documented HMAC recipe reproduces the docs' vector and the fake accepts it" {
	# rest-api.md "SIGNED Endpoint Examples for POST /api/v3/order", HMAC
	# keys: the docs' secret and payload give the docs' signature
	local q='symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559'
	run sh -c "printf '%s' '$q' | openssl dgst -sha256 -hmac NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	[[ $output == *c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71 ]]
	start_fake binance "$W/c.ndjson"
	run binance_req GET /api/v3/account ""
	[ "$(status_of)" = "HTTP 200" ]
	[ "$(body | jq -r '.balances[] | select(.asset == "USDT") | .free')" = 10000.00000000 ]
	# signature upper-cased: "HMAC ... not case-sensitive"
	local ts sig
	ts=$(date +%s%3N)
	sig=$(printf 'timestamp=%s' "$ts" | openssl dgst -sha256 -hmac "$FAKE_SECRET" | sed 's/^.*= //' | tr a-f A-F)
	run curl -s -H "X-MBX-APIKEY: $FAKE_KEY" "$FAKE_URL/api/v3/account?timestamp=$ts&signature=$sig"
	[[ $output == *'"balances"'* ]]
	[ "$(fake_state | jq '[.requests[] | select(.signed == true)] | length')" = 2 ]
}

@test "binance: a bad signature, key or timestamp is refused with the documented code" {
	start_fake binance "$W/c.ndjson"
	local ts q
	ts=$(date +%s%3N)
	q="timestamp=$ts"
	run curl -s -w '\nHTTP %{http_code}\n' -H "X-MBX-APIKEY: $FAKE_KEY" \
		"$FAKE_URL/api/v3/account?$q&signature=$(printf %064d 0)"
	[ "$(body | jq .code)" = -1022 ]
	[ "$(status_of)" = "HTTP 400" ]
	# the secret's signature over another payload
	run curl -s -H "X-MBX-APIKEY: $FAKE_KEY" \
		"$FAKE_URL/api/v3/account?$q&recvWindow=6000&signature=$(printf '%s' "$q" | openssl dgst -sha256 -hmac "$FAKE_SECRET" | sed 's/^.*= //')"
	[ "$(jq .code <<< "$output")" = -1022 ]
	run curl -s -H "X-MBX-APIKEY: nope" "$FAKE_URL/api/v3/account?$q&signature=00"
	[ "$(jq .code <<< "$output")" = -2015 ]
	# a timestamp 10 s old: outside the 5000 ms recvWindow
	q="timestamp=$((ts - 10000))&recvWindow=5000"
	run curl -s -H "X-MBX-APIKEY: $FAKE_KEY" \
		"$FAKE_URL/api/v3/account?$q&signature=$(printf '%s' "$q" | openssl dgst -sha256 -hmac "$FAKE_SECRET" | sed 's/^.*= //')"
	[ "$(jq .code <<< "$output")" = -1021 ]
	[ "$(fake_state | jq '[.requests[] | select(.signed == false)] | length')" = 3 ]
}

@test "binance: an Ed25519 signature (fix-api.md's example key) is verified" {
	start_fake binance "$W/c.ndjson"
	printf '%s\n' '-----BEGIN PRIVATE KEY-----' \
		'MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u' \
		'-----END PRIVATE KEY-----' > "$W/ed.pem"
	local q sig
	q="timestamp=$(date +%s%3N)"
	printf '%s' "$q" > "$W/payload"
	# base64, percent-encoded in the URL (rest-api.md, Ed25519 keys)
	sig=$(openssl pkeyutl -sign -inkey "$W/ed.pem" -rawin -in "$W/payload" |
		base64 -w0 | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')
	run curl -s -H "X-MBX-APIKEY: $FAKE_KEY" "$FAKE_URL/api/v3/account?$q&signature=$sig"
	[[ $output == *'"balances"'* ]]
	# the same signature over another timestamp
	run curl -s -H "X-MBX-APIKEY: $FAKE_KEY" "$FAKE_URL/api/v3/account?timestamp=$(($(date +%s%3N) - 1))&signature=$sig"
	[ "$(jq .code <<< "$output")" = -1022 ]
}

@test "binance spot: a market order fills at the open of the candle at the clock, with 0.1% fee in the asset bought" {
	start_fake binance "$W/c.ndjson"
	fake_clock $((T0 + H))
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=tp-a1&newOrderRespType=FULL"
	[ "$(status_of)" = "HTTP 200" ]
	# candle 2 opens at 101; fee 0.1% of 0.5 BTC
	[ "$(body | jq -r '[.status, .executedQty, .cummulativeQuoteQty, .fills[0].price, .fills[0].commission, .fills[0].commissionAsset] | join(" ")')" = "FILLED 0.50000000 50.50000000 101.00000000 0.00050000 BTC" ]
	run binance_req GET /api/v3/order "symbol=BTCUSDT&origClientOrderId=tp-a1"
	[ "$(body | jq -r '.status + " " + .clientOrderId')" = "FILLED tp-a1" ]
	run binance_req GET /api/v3/myTrades "symbol=BTCUSDT&orderId=$(body | jq .orderId)"
	[ "$(body | jq -r '.[0].commission')" = 0.00050000 ]
	run binance_req GET /api/v3/account ""
	[ "$(body | jq -r '[.balances[] | .asset + "=" + .free] | join(" ")')" = "BTC=0.49950000 USDT=9949.50000000" ]
	# the same client id again while the first is not open: accepted as
	# the docs say; an unknown one: -2013
	run binance_req GET /api/v3/order "symbol=BTCUSDT&origClientOrderId=nope"
	[ "$(body | jq .code)" = -2013 ]
	[ "$(status_of)" = "HTTP 400" ]
}

@test "binance spot: a stop triggers when the clock passes a candle whose low crosses it" {
	start_fake binance "$W/c.ndjson" --balance USDT=1000 --balance BTC=2
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&quantity=1&stopPrice=98&newClientOrderId=tp-s1&newOrderRespType=FULL"
	[ "$(body | jq -r .status)" = NEW ]
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&quantity=0.5&stopPrice=88&newClientOrderId=tp-s2"
	run binance_req GET /api/v3/account ""
	[ "$(body | jq -r '.balances[] | select(.asset == "BTC") | .locked')" = 1.50000000 ]
	# candles 1 and 2 (lows 99, 100) leave both waiting
	run fake_clock $((T0 + 2 * H))
	[ "$(jq -c .done <<< "$output")" = '[]' ]
	run binance_req GET /api/v3/openOrders "symbol=BTCUSDT"
	[ "$(body | jq length)" = 2 ]
	# candle 3 (low 95) triggers the 98 stop at 98; candle 5 opens at 80,
	# below 88: filled at its open
	run fake_clock $((T0 + 5 * H))
	[ "$(jq -c .done <<< "$output")" = '["tp-s1","tp-s2"]' ]
	run binance_req GET /api/v3/order "symbol=BTCUSDT&origClientOrderId=tp-s1"
	[ "$(body | jq -r '[.status, .cummulativeQuoteQty, .updateTime] | join(" ")')" = "FILLED 98.00000000 $((T0 + 2 * H))" ]
	run binance_req GET /api/v3/order "symbol=BTCUSDT&origClientOrderId=tp-s2"
	[ "$(body | jq -r '[.status, .cummulativeQuoteQty] | join(" ")')" = "FILLED 40.00000000" ]
	run binance_req GET /api/v3/openOrders ""
	[ "$(body)" = "[]" ]
	run binance_req DELETE /api/v3/order "symbol=BTCUSDT&origClientOrderId=tp-s1"
	[ "$(body | jq .code)" = -2011 ]
}

@test "binance futures: isolated 3x short, its liquidation price, a reduce-only stop" {
	start_fake binance "$W/c.ndjson"
	run binance_req POST /fapi/v1/positionSide/dual "dualSidePosition=false"
	[ "$(body | jq .code)" = -4059 ]
	run binance_req POST /fapi/v1/marginType "symbol=BTCUSDT&marginType=ISOLATED"
	[ "$(body | jq .code)" = 200 ]
	run binance_req POST /fapi/v1/marginType "symbol=BTCUSDT&marginType=ISOLATED"
	[ "$(body | jq .code)" = -4046 ]
	run binance_req POST /fapi/v1/leverage "symbol=BTCUSDT&leverage=3"
	[ "$(body | jq .leverage)" = 3 ]
	run binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=1&newClientOrderId=tp-f1&newOrderRespType=RESULT"
	[ "$(body | jq -r '[.status, .avgPrice, .executedQty] | join(" ")')" = "FILLED 100.00000 1" ]
	run binance_req GET /fapi/v2/positionRisk "symbol=BTCUSDT"
	# short 1 at 100, 3x: margin 100/3; liquidation 100 * (1 + 1/3) /
	# (1 + 0.004) = 132.80212483 (fakex.py, Market.liquidation)
	[ "$(body | jq -r '.[0] | [.positionAmt, .entryPrice, .leverage, .marginType, .isolatedMargin, .liquidationPrice] | join(" ")')" = "-1 100 3 isolated 33.33333333 132.80212483" ]
	run binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=STOP_MARKET&quantity=1&stopPrice=103.5&reduceOnly=true&newClientOrderId=tp-f2&newOrderRespType=RESULT"
	[ "$(body | jq -r '.status + " " + (.reduceOnly | tostring)')" = "NEW true" ]
	fake_clock $((T0 + 3 * H))
	run binance_req GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=tp-f2"
	[ "$(body | jq -r '[.status, .avgPrice] | join(" ")')" = "FILLED 103.50000" ]
	run binance_req GET /fapi/v1/userTrades "symbol=BTCUSDT&orderId=$(body | jq .orderId)"
	# 0.05% of 103.5; loss 3.5
	[ "$(body | jq -r '.[0] | [.commission, .commissionAsset, .realizedPnl] | join(" ")')" = "0.05175 USDT -3.5" ]
	run binance_req GET /fapi/v2/balance ""
	# 10000 - 0.05 (entry fee) - 3.5 - 0.05175
	[ "$(body | jq -r '.[0].balance')" = 9996.39825 ]
	# a reduce-only market order with no position
	run binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&reduceOnly=true&newClientOrderId=tp-f3"
	[ "$(body | jq .code)" = -2022 ]
}

@test "binance futures: a position is liquidated when a candle crosses its liquidation price" {
	start_fake binance "$W/c.ndjson"
	binance_req POST /fapi/v1/leverage "symbol=BTCUSDT&leverage=10"
	run binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId=tp-l1"
	run binance_req GET /fapi/v2/positionRisk "symbol=BTCUSDT"
	# long at 100, 10x: 100 * (1 - 0.1) / (1 - 0.004) = 90.36144578
	[ "$(body | jq -r '.[0].liquidationPrice')" = 90.36144578 ]
	# candle 4 (low 90) crosses it
	run fake_clock $((T0 + 4 * H))
	[[ $(jq -r '.done[0]' <<< "$output") == autoclose-* ]]
	run binance_req GET /fapi/v2/positionRisk "symbol=BTCUSDT"
	[ "$(body | jq -r '.[0].positionAmt')" = 0 ]
}

@test "binance: drop_answer carries the order out and closes the connection unanswered" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"drop_answer": 1}'
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.1&newClientOrderId=tp-d1"
	[ "$(status_of)" = "HTTP 000" ]
	run binance_req GET /api/v3/order "symbol=BTCUSDT&origClientOrderId=tp-d1"
	[ "$(body | jq -r .status)" = FILLED ]
	# the next order is answered
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.1&newClientOrderId=tp-d2"
	[ "$(status_of)" = "HTTP 200" ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "tp-d1")] | length')" = 1 ]
	[ "$(fake_state | jq '[.requests[] | select(.dropped)] | length')" = 1 ]
}

@test "binance: partial fills, min_notional, reject_balance" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"partial": 0.5}'
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.3&newClientOrderId=tp-p1&newOrderRespType=FULL"
	[ "$(body | jq -r '[.status, .executedQty] | join(" ")')" = "EXPIRED 0.15000000" ]
	fake_misbehave '{"reset": true, "min_notional": 100}'
	run binance_req GET /api/v3/exchangeInfo "symbol=BTCUSDT"
	[ "$(body | jq -r '.symbols[0].filters[] | select(.filterType == "NOTIONAL") | .minNotional')" = 100.00000000 ]
	# 0.5 x 100 = 50 < 100
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=tp-p2"
	[ "$(body | jq -r '.code, .msg' | paste -sd' ')" = "-1013 Filter failure: NOTIONAL" ]
	fake_misbehave '{"reset": true, "reject_balance": true}'
	run binance_req POST /api/v3/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=tp-p3"
	[ "$(body | jq -r '.code, .msg' | paste -sd' ')" = "-2010 Account has insufficient balance for requested action." ]
	run binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=tp-p4"
	[ "$(body | jq .code)" = -2019 ]
}

@test "binance: skew_ms, status and stall_ms" {
	start_fake binance "$W/c.ndjson"
	fake_misbehave '{"skew_ms": 60000}'
	run curl -s "$FAKE_URL/api/v3/time"
	local st now
	st=$(jq .serverTime <<< "$output")
	now=$(date +%s%3N)
	[ $((st - now)) -gt 55000 ]
	[ $((st - now)) -lt 65000 ]
	# our clock is a minute behind the server's
	run binance_req GET /api/v3/account ""
	[ "$(body | jq .code)" = -1021 ]
	fake_misbehave '{"reset": true, "status": [429, 1], "retry_after": 2}'
	run curl -s -D "$W/h" "$FAKE_URL/api/v3/time"
	[ "$(jq .code <<< "$output")" = -1003 ]
	grep -qi '^Retry-After: 2' "$W/h"
	grep -q '^HTTP/1.1 429' "$W/h"
	run curl -s "$FAKE_URL/api/v3/time"
	[[ $output == *serverTime* ]]
	for s in 418 403 500 503; do
		fake_misbehave "{\"status\": [$s, 1]}"
		run curl -s -o /dev/null -w '%{http_code}' "$FAKE_URL/api/v3/time"
		[ "$output" = "$s" ]
	done
	fake_misbehave '{"stall_ms": 700, "stall_count": 1}'
	run curl -s -o /dev/null -w '%{time_total}' "$FAKE_URL/api/v3/time"
	awk -v t="$output" 'BEGIN { exit !(t >= 0.7) }'
	run curl -s -o /dev/null -w '%{time_total}' "$FAKE_URL/api/v3/time"
	awk -v t="$output" 'BEGIN { exit !(t < 0.5) }'
	# algo_only: STOP_MARKET refused as Binance does since 2025-12-09
	fake_misbehave '{"reset": true, "algo_only": true}'
	run binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=1&stopPrice=90&newClientOrderId=tp-x"
	[ "$(body | jq .code)" = -4120 ]
}

@test "bybit: signed GET and POST accepted; bad sign, key, timestamp refused with the documented retCode" {
	start_fake bybit "$W/c.ndjson"
	run bybit_req GET /v5/account/wallet-balance "accountType=UNIFIED"
	[ "$(status_of)" = "HTTP 200" ]
	[ "$(body | jq -r '.retCode, .result.list[0].coin[0].coin, .result.list[0].coin[0].walletBalance' | paste -sd' ')" = "0 USDT 10000" ]
	run bybit_req POST /v5/position/set-leverage '{"category":"linear","symbol":"BTCUSDT","buyLeverage":"3","sellLeverage":"3"}'
	[ "$(body | jq .retCode)" = 0 ]
	# guide.mdx "Create A Request": the string signed is timestamp + key +
	# recv_window + query string; the fake says it back on a bad sign
	run curl -s -H "X-BAPI-API-KEY: $FAKE_KEY" -H "X-BAPI-TIMESTAMP: 1658384314791" \
		-H "X-BAPI-RECV-WINDOW: 5000" -H "X-BAPI-SIGN: $(printf %064d 0)" \
		"$FAKE_URL/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C"
	[ "$(jq -r '.retCode, .retMsg' <<< "$output" | paste -sd' ')" = "10004 error sign! origin_string[1658384314791${FAKE_KEY}5000category=option&symbol=BTC-29JUL22-25000-C]" ]
	run curl -s -H "X-BAPI-API-KEY: nope" -H "X-BAPI-TIMESTAMP: 1" -H "X-BAPI-SIGN: 00" \
		"$FAKE_URL/v5/account/wallet-balance?accountType=UNIFIED"
	[ "$(jq .retCode <<< "$output")" = 10003 ]
	# right signature, timestamp 10 s old: outside the 5000 ms window
	local ts sig
	ts=$(($(date +%s%3N) - 10000))
	sig=$(printf '%s' "$ts${FAKE_KEY}5000accountType=UNIFIED" | openssl dgst -sha256 -hmac "$FAKE_SECRET" | sed 's/^.*= //')
	run curl -s -H "X-BAPI-API-KEY: $FAKE_KEY" -H "X-BAPI-TIMESTAMP: $ts" \
		-H "X-BAPI-RECV-WINDOW: 5000" -H "X-BAPI-SIGN: $sig" \
		"$FAKE_URL/v5/account/wallet-balance?accountType=UNIFIED"
	[ "$(jq .retCode <<< "$output")" = 10002 ]
	[ "$(fake_state | jq '[.requests[] | select(.signed == false)] | length')" = 2 ]
}

@test "bybit linear: a 3x short, its liquidation price, a reduce-only conditional stop" {
	start_fake bybit "$W/c.ndjson"
	bybit_req POST /v5/position/set-leverage '{"category":"linear","symbol":"BTCUSDT","buyLeverage":"3","sellLeverage":"3"}'
	run bybit_req POST /v5/position/set-leverage '{"category":"linear","symbol":"BTCUSDT","buyLeverage":"3","sellLeverage":"3"}'
	[ "$(body | jq .retCode)" = 110043 ]
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"1","orderLinkId":"tp-b1"}'
	[ "$(body | jq -r .result.orderLinkId)" = tp-b1 ]
	run bybit_req GET /v5/position/list "category=linear&settleCoin=USDT"
	# short 1 at 100, 3x: 100 * (1 + 1/3 - 0.005) = 132.83333333
	# (fakex.py, Market.liquidation, Bybit's isolated formula)
	[ "$(body | jq -r '.result.list[0] | [.side, .size, .avgPrice, .leverage, .positionBalance, .liqPrice] | join(" ")')" = "Sell 1 100 3 33.33333333 132.83333333" ]
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"1","reduceOnly":true,"triggerPrice":"103.5","triggerDirection":1,"orderLinkId":"tp-b2"}'
	[ "$(body | jq .retCode)" = 0 ]
	run bybit_req GET /v5/order/realtime "category=linear&settleCoin=USDT"
	[ "$(body | jq -r '.result.list[] | .orderLinkId + " " + .orderStatus')" = "tp-b2 Untriggered" ]
	fake_clock $((T0 + 3 * H))
	run bybit_req GET /v5/order/realtime "category=linear&symbol=BTCUSDT&orderLinkId=tp-b2"
	[ "$(body | jq -r '.result.list[0] | [.orderStatus, .avgPrice, .cumExecQty, .cumExecFee] | join(" ")')" = "Filled 103.5 1 0.05175" ]
	run bybit_req GET /v5/execution/list "category=linear&symbol=BTCUSDT&orderLinkId=tp-b2"
	[ "$(body | jq -r '.result.list[0] | [.execPrice, .execQty, .execFee, .execTime] | join(" ")')" = "103.5 1 0.05175 $((T0 + 2 * H))" ]
	run bybit_req POST /v5/order/cancel '{"category":"linear","symbol":"BTCUSDT","orderLinkId":"tp-b2"}'
	[ "$(body | jq .retCode)" = 110001 ]
	run bybit_req GET /v5/position/list "category=linear&symbol=BTCUSDT"
	[ "$(body | jq -r '.result.list[0] | .side + "|" + .size')" = "|0" ]
	# the same orderLinkId again: "always unique"
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"1","orderLinkId":"tp-b1"}'
	[ "$(body | jq .retCode)" = 110072 ]
}

@test "bybit spot: market buys in base with marketUnit, in quote without; a StopOrder triggers" {
	start_fake bybit "$W/c.ndjson"
	fake_clock $((T0 + H))
	run bybit_req POST /v5/order/create '{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.5","marketUnit":"baseCoin","orderLinkId":"tp-s1"}'
	[ "$(body | jq .retCode)" = 0 ]
	run bybit_req GET /v5/execution/list "category=spot&orderLinkId=tp-s1"
	# candle 2 opens at 101; 0.1% of 0.5 BTC, in BTC
	[ "$(body | jq -r '.result.list[0] | [.execPrice, .execQty, .execFee, .feeCurrency] | join(" ")')" = "101 0.5 0.0005 BTC" ]
	# qty 202 in USDT: 2 BTC at 101
	run bybit_req POST /v5/order/create '{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"202","orderLinkId":"tp-s2"}'
	run bybit_req GET /v5/order/realtime "category=spot&orderLinkId=tp-s2"
	[ "$(body | jq -r '.result.list[0] | [.orderStatus, .cumExecQty, .cumExecValue] | join(" ")')" = "Filled 2 202" ]
	run bybit_req POST /v5/order/create '{"category":"spot","symbol":"BTCUSDT","side":"Sell","orderType":"Market","qty":"1","triggerPrice":"98","orderFilter":"StopOrder","orderLinkId":"tp-s3"}'
	run bybit_req GET /v5/order/realtime "category=spot&orderLinkId=tp-s3"
	[ "$(body | jq -r '.result.list[0].orderStatus')" = Untriggered ]
	run fake_clock $((T0 + 3 * H))
	[ "$(jq -c .done <<< "$output")" = '["tp-s3"]' ]
	run bybit_req GET /v5/execution/list "category=spot&orderLinkId=tp-s3"
	# sold at 98, fee 0.1% of 98 USDT
	[ "$(body | jq -r '.result.list[0] | [.execPrice, .execFee, .feeCurrency] | join(" ")')" = "98 0.098 USDT" ]
	run bybit_req GET /v5/account/wallet-balance "accountType=UNIFIED&coin=BTC,USDT"
	# BTC 0.4995 + 1.998 - 1; USDT 10000 - 50.5 - 202 + 97.902
	[ "$(body | jq -r '[.result.list[0].coin[] | .coin + "=" + .walletBalance] | join(" ")')" = "BTC=1.4975 USDT=9845.402" ]
}

@test "bybit: drop_answer, partial, min_notional, reject_balance, retcode, status" {
	start_fake bybit "$W/c.ndjson"
	fake_misbehave '{"drop_answer": 1}'
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.1","orderLinkId":"tp-d1"}'
	[ "$(status_of)" = "HTTP 000" ]
	run bybit_req GET /v5/order/realtime "category=linear&symbol=BTCUSDT&orderLinkId=tp-d1"
	[ "$(body | jq -r '.result.list[0].orderStatus')" = Filled ]
	fake_misbehave '{"partial": 0.5}'
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.3","orderLinkId":"tp-p1"}'
	run bybit_req GET /v5/order/realtime "category=linear&symbol=BTCUSDT&orderLinkId=tp-p1"
	[ "$(body | jq -r '.result.list[0] | .orderStatus + " " + .cumExecQty')" = "PartiallyFilledCanceled 0.15" ]
	fake_misbehave '{"reset": true, "min_notional": 100}'
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.5","orderLinkId":"tp-p2"}'
	[ "$(body | jq .retCode)" = 110094 ]
	run curl -s "$FAKE_URL/v5/market/instruments-info?category=spot&symbol=BTCUSDT"
	[ "$(jq -r '.result.list[0].lotSizeFilter.minOrderAmt' <<< "$output")" = 100 ]
	fake_misbehave '{"reset": true, "reject_balance": true}'
	run bybit_req POST /v5/order/create '{"category":"linear","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.5","orderLinkId":"tp-p3"}'
	[ "$(body | jq .retCode)" = 110007 ]
	run bybit_req POST /v5/order/create '{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Market","qty":"0.5","marketUnit":"baseCoin","orderLinkId":"tp-p4"}'
	[ "$(body | jq .retCode)" = 170131 ]
	fake_misbehave '{"reset": true, "retcode": [10006, 1]}'
	run bybit_req GET /v5/account/wallet-balance "accountType=UNIFIED"
	[ "$(body | jq -r '.retCode, .retMsg' | paste -sd' ')" = "10006 Too many visits!" ]
	run bybit_req GET /v5/account/wallet-balance "accountType=UNIFIED"
	[ "$(body | jq .retCode)" = 0 ]
	fake_misbehave '{"status": [403, 1]}'
	run curl -s -w ' %{http_code}' "$FAKE_URL/v5/market/time"
	[ "$output" = "access too frequent 403" ]
	fake_misbehave '{"status": [429, 1]}'
	run curl -s -o /dev/null -w '%{http_code}' "$FAKE_URL/v5/market/time"
	[ "$output" = 429 ]
	fake_misbehave '{"skew_ms": -60000}'
	run bybit_req GET /v5/account/wallet-balance "accountType=UNIFIED"
	[ "$(body | jq .retCode)" = 10002 ]
}

@test "an order placed behind tp's back through /_fake/order shows on the venue" {
	start_fake binance "$W/c.ndjson"
	run fake_order '{"market": "futures", "symbol": "BTC/USDT", "side": "BUY", "type": "MARKET", "qty": "2", "cid": "manual-1"}'
	[ "$(jq -r .status <<< "$output")" = FILLED ]
	run binance_req GET /fapi/v2/positionRisk ""
	[ "$(body | jq -r '.[0] | .positionAmt + " " + .entryPrice + " " + .leverage')" = "2 100 20" ]
	fake_order '{"market": "spot", "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "qty": "1", "price": "99.5", "cid": "manual-2"}'
	run binance_req GET /api/v3/openOrders ""
	[ "$(body | jq -r '.[0] | .clientOrderId + " " + .status + " " + .price')" = "manual-2 NEW 99.50000000" ]
	run binance_req GET /api/v3/account ""
	[ "$(body | jq -r '.balances[] | select(.asset == "USDT") | .locked')" = 99.50000000 ]
	# candle 1 (low 99) fills it at 99.5
	fake_clock $((T0 + H))
	run binance_req GET /api/v3/order "symbol=BTCUSDT&origClientOrderId=manual-2"
	[ "$(body | jq -r '.status + " " + .cummulativeQuoteQty')" = "FILLED 99.50000000" ]
}

@test "binance futures: a STOP_MARKET on the algo service (/fapi/v1/algoOrder)" {
	start_fake binance "$W/c.ndjson"
	binance_req POST /fapi/v1/order "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId=tp-g1"
	run binance_req POST /fapi/v1/algoOrder "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=1&triggerPrice=96.5&reduceOnly=true&clientAlgoId=tp-g2"
	[ "$(body | jq -r '.algoStatus + " " + .clientAlgoId + " " + .triggerPrice')" = "NEW tp-g2 96.5" ]
	run binance_req GET /fapi/v1/openAlgoOrders "symbol=BTCUSDT"
	[ "$(body | jq length)" = 1 ]
	# not an order of the book
	run binance_req GET /fapi/v1/openOrders "symbol=BTCUSDT"
	[ "$(body)" = "[]" ]
	run binance_req GET /fapi/v1/order "symbol=BTCUSDT&origClientOrderId=tp-g2"
	[ "$(body | jq .code)" = -2013 ]
	# candle 3 (low 95) triggers it at 96.5
	fake_clock $((T0 + 3 * H))
	run binance_req GET /fapi/v1/algoOrder "clientAlgoId=tp-g2"
	[ "$(body | jq -r '[.algoStatus, .actualPrice, .triggerTime] | join(" ")')" = "FINISHED 96.50000 $((T0 + 2 * H))" ]
	run binance_req GET /fapi/v1/userTrades "symbol=BTCUSDT&orderId=$(body | jq -r .actualOrderId)"
	[ "$(body | jq -r '.[0] | .price + " " + .realizedPnl')" = "96.5 -3.5" ]
	run binance_req DELETE /fapi/v1/algoOrder "clientAlgoId=tp-g2"
	[ "$(body | jq .code)" = -2011 ]
}

# Kraken: spot REST (krakenfx/api-specs@729f278e spot-rest/openapi_v3.yaml,
# the spot-rest-auth and spot-errors guides); the fake's fee is 0.26% in
# the quote asset (tests/live/fake_kraken.py).

@test "kraken: the documented API-Sign recipe reproduces the guide's vector and the fake accepts it" {
	# signing-vectors.json kraken-spot-addorder (spot-rest-auth)
	local sig
	sig=$(FAKE_KRAKEN_SECRET=kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg== \
		kraken_sign /0/private/AddOrder 1616492376594 \
		"nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25")
	[ "$sig" = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==" ]
	start_fake kraken "$W/c.ndjson"
	run kraken_req /0/private/BalanceEx ""
	[ "$(status_of)" = "HTTP 200" ]
	[ "$(body | jq -c '[.error, .result.USDT.balance, .result.USDT.hold_trade]')" = '[[],"10000.0000000000","0.0000000000"]' ]
	run curl -s "$FAKE_URL/0/public/Time"
	[ "$(jq -c .error <<< "$output")" = '[]' ]
	[ "$(( $(jq .result.unixtime <<< "$output") - $(date +%s) ))" -le 1 ]
	# AssetPairs: XBTUSDT, pairs.yaml's XBTUSD values by default
	run curl -s "$FAKE_URL/0/public/AssetPairs?pair=XBTUSDT"
	[ "$(jq -c '.result.XBTUSDT | [.altname, .base, .quote, .lot_decimals, .pair_decimals, .ordermin, .costmin, .tick_size, .status]' <<< "$output")" = '["XBTUSDT","XXBT","USDT",8,1,"0.0001","0.5","0.1","online"]' ]
	run curl -s "$FAKE_URL/0/public/AssetPairs?pair=FOOBAR"
	[ "$(jq -c . <<< "$output")" = '{"error":["EQuery:Unknown asset pair"]}' ]
}

@test "kraken: a bad signature, key or nonce is refused with the guide's error" {
	start_fake kraken "$W/c.ndjson"
	local n
	n=$(date +%s%6N)
	run kraken_req /0/private/Balance "" "$n" nope
	[ "$(body | jq -c .error)" = '["EAPI:Invalid key"]' ]
	FAKE_KRAKEN_SECRET=$(printf %s wrong-secret | base64) run kraken_req /0/private/Balance "" "$n"
	[ "$(body | jq -c .error)" = '["EAPI:Invalid signature"]' ]
	run kraken_req /0/private/Balance "" "$n"
	[ "$(body | jq -c .error)" = '[]' ]
	# the same nonce again, and a smaller one: "always increasing"
	run kraken_req /0/private/Balance "" "$n"
	[ "$(body | jq -c .error)" = '["EAPI:Invalid nonce"]' ]
	run kraken_req /0/private/Balance "" "$((n - 1))"
	[ "$(body | jq -c .error)" = '["EAPI:Invalid nonce"]' ]
	[ "$(fake_state | jq -c '[.requests[] | .signed]')" = '[false,false,true,true,true]' ]
}

@test "kraken: a market buy fills at the candle's open, the fee in the quote; a stop-loss holds the base and triggers" {
	start_fake kraken "$W/c.ndjson"
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=buy&ordertype=market&volume=0.5&oflags=fciq&cl_ord_id=0123456789abcdef0123456789abcdef"
	[ "$(body | jq -c '[.error, (.result.txid | length)]')" = '[[],1]' ]
	run kraken_req /0/private/ClosedOrders "cl_ord_id=0123456789abcdef0123456789abcdef&trades=true"
	# 0.5 at 100: cost 50, fee 0.26% = 0.13
	[ "$(body | jq -c '.result.closed[] | [.status, .vol_exec, .cost, .fee, .price, .descr.ordertype, (.trades | length)]')" = '["closed","0.50000000","50.00000","0.13000","100.0","market",1]' ]
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=sell&ordertype=stop-loss&volume=0.5&price=97&trigger=last&oflags=fciq&cl_ord_id=stop-1"
	[ "$(body | jq -c .error)" = '[]' ]
	run kraken_req /0/private/BalanceEx ""
	[ "$(body | jq -c '[.result.XXBT.balance, .result.XXBT.hold_trade, .result.USDT.balance]')" = '["0.5000000000","0.5000000000","9949.8700000000"]' ]
	run kraken_req /0/private/OpenOrders "cl_ord_id=stop-1"
	[ "$(body | jq -c '[.result.open[] | [.status, .descr.type, .descr.ordertype, .descr.price]]')" = '[["open","sell","stop-loss","97.0"]]' ]
	# candle 2 (O 102, L 95) crosses 97: filled at 97, fee 0.1261
	[ "$(fake_clock $((T0 + 3 * H)) | jq -c .done)" = '["stop-1"]' ]
	run kraken_req /0/private/BalanceEx ""
	[ "$(body | jq -c '[.result.XXBT.balance, .result.USDT.balance]')" = '["0.0000000000","9998.2439000000"]' ]
	run kraken_req /0/private/CancelOrder "cl_ord_id=stop-1"
	[ "$(body | jq -c .error)" = '["EOrder:Unknown order"]' ]
}

@test "kraken: invalid_nonce, rate_limit, kerror, drop_answer, insufficient funds, status, order_status" {
	start_fake kraken "$W/c.ndjson"
	fake_misbehave '{"invalid_nonce": 1, "rate_limit": 1}'
	run kraken_req /0/private/Balance ""
	[ "$(body | jq -c .error)" = '["EAPI:Invalid nonce"]' ]
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=buy&ordertype=market&volume=0.1"
	[ "$(body | jq -c .error)" = '["EOrder:Rate limit exceeded"]' ]
	fake_misbehave '{"kerror": ["EService:Unavailable", 1]}'
	run kraken_req /0/private/Balance ""
	[ "$(body | jq -c .error)" = '["EService:Unavailable"]' ]
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=buy&ordertype=market&volume=1000"
	[ "$(body | jq -c .error)" = '["EOrder:Insufficient funds"]' ]
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=buy&ordertype=market&volume=0.00001"
	[ "$(body | jq -c .error)" = '["EOrder:Order minimum not met"]' ]
	# nothing was placed so far
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 0 ]
	fake_misbehave '{"drop_answer": 1}'
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=buy&ordertype=market&volume=0.1&cl_ord_id=lost-1"
	[ "$(status_of)" = "HTTP 000" ]
	[ "$(fake_state | jq -c '[.markets.spot.orders[] | [.cid, .status]]')" = '[["lost-1","FILLED"]]' ]
	fake_misbehave '{"status": [502, 1]}'
	run kraken_req /0/private/Balance ""
	[ "$(status_of)" = "HTTP 502" ]
	# a gateway's 5xx on AddOrder only: nothing placed
	fake_misbehave '{"order_status": [503, 1]}'
	run kraken_req /0/private/Balance ""
	[ "$(status_of)" = "HTTP 200" ]
	run kraken_req /0/private/AddOrder "pair=XBTUSDT&type=buy&ordertype=market&volume=0.1&cl_ord_id=st-1"
	[ "$(status_of)" = "HTTP 503" ]
	[ "$(fake_state | jq '[.markets.spot.orders[] | select(.cid == "st-1")] | length')" = 0 ]
}

# coinbase_req METHOD PATH [QUERY|BODY] [NBF] [KEYNAME] [SIGNED_PATH]: a
# request to the fake Coinbase with a JWT made by openssl alone
# (jwt_generator.py's header and claims, EdDSA with the Ed25519 key of
# Binance's fix-api.md example, signing.md); prints the body, then
# "HTTP <status>".
coinbase_req() {
	local m=$1 p=$2 q=${3:-} nbf=${4:-$(date +%s)}
	local name=${5:-organizations/tp-test-org/apiKeys/tp-test-key}
	local sp=${6:-$2}
	local host=${FAKE_URL#http://} h c sig
	b64u() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
	printf '%s\n' '-----BEGIN PRIVATE KEY-----' \
		'MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u' \
		'-----END PRIVATE KEY-----' > "$W/cb.pem"
	h=$(printf '{"alg":"EdDSA","kid":"%s","nonce":"%s","typ":"JWT"}' \
		"$name" "$(openssl rand -hex 32)" | b64u)
	c=$(printf '{"sub":"%s","iss":"cdp","nbf":%d,"exp":%d,"uri":"%s %s%s"}' \
		"$name" "$nbf" $((nbf + 120)) "$m" "$host" "$sp" | b64u)
	printf '%s.%s' "$h" "$c" > "$W/cb.msg"
	sig=$(openssl pkeyutl -sign -inkey "$W/cb.pem" -rawin -in "$W/cb.msg" | b64u)
	if [ "$m" = GET ]; then
		curl -s -H "Authorization: Bearer $h.$c.$sig" \
			-w '\nHTTP %{http_code}\n' "$FAKE_URL$p${q:+?$q}"
	else
		curl -s -X "$m" -H "Authorization: Bearer $h.$c.$sig" \
			-H "Content-Type: application/json" \
			-w '\nHTTP %{http_code}\n' --data-raw "$q" "$FAKE_URL$p"
	fi
}

@test "coinbase: a JWT made by openssl is accepted; a bad signature, key name, uri or an expired token is 401" {
	start_fake coinbase "$W/c.ndjson"
	run coinbase_req GET /api/v3/brokerage/accounts "limit=250"
	[ "$(status_of)" = "HTTP 200" ]
	[ "$(body | jq -c '[.accounts[0].currency, .accounts[0].available_balance.value, .has_next]')" = '["USDT","10000",false]' ]
	# the time needs no token
	run curl -s "$FAKE_URL/api/v3/brokerage/time"
	[ "$(jq -r '.epochMillis | length' <<< "$output")" = 13 ]
	# another key name: the fake's key signed it, the name is not its own
	run coinbase_req GET /api/v3/brokerage/accounts "" "" organizations/x/apiKeys/y
	[ "$(status_of)" = "HTTP 401" ]
	# a token 10 minutes old (exp = nbf + 120 is past)
	run coinbase_req GET /api/v3/brokerage/accounts "" $(($(date +%s) - 600))
	[ "$(status_of)" = "HTTP 401" ]
	# a token for another path (its uri claim)
	run coinbase_req GET /api/v3/brokerage/accounts "" "" "" /api/v3/brokerage/time
	[ "$(status_of)" = "HTTP 401" ]
	# a signature that is not one; no token
	run curl -s -w '\nHTTP %{http_code}\n' -H "Authorization: Bearer a.b.c" "$FAKE_URL/api/v3/brokerage/accounts"
	[ "$(status_of)" = "HTTP 401" ]
	run curl -s -w '\nHTTP %{http_code}\n' "$FAKE_URL/api/v3/brokerage/accounts"
	[ "$(status_of)" = "HTTP 401" ]
	# signed: the signature verified (the claims are checked after it)
	[ "$(fake_state | jq -c '[.requests[] | .signed]')" = '[true,null,true,true,true,false,false]' ]
}

@test "coinbase: a market buy fills at the open with its fee in USDT; a stop-limit triggers, or rests at its limit past a gap" {
	start_fake coinbase "$W/c.ndjson"
	run coinbase_req POST /api/v3/brokerage/orders '{"client_order_id":"b1","product_id":"BTC-USDT","side":"BUY","order_configuration":{"market_market_ioc":{"base_size":"0.2"}}}'
	[ "$(body | jq -c '[.success, .success_response.client_order_id]')" = '[true,"b1"]' ]
	run coinbase_req GET /api/v3/brokerage/orders/historical/batch "product_ids=BTC-USDT"
	[ "$(body | jq -c '.orders[0] | [.status, .filled_size, .average_filled_price, .total_fees, .order_type]')" = '["FILLED","0.2","100","0.02","MARKET"]' ]
	run coinbase_req GET /api/v3/brokerage/orders/historical/fills "order_ids=$(body | jq -r '.orders[0].order_id')"
	[ "$(body | jq -c '[.fills[] | [.price, .size, .commission]]')" = '[["100","0.2","0.02"]]' ]
	# 20 + 0.02 fee out of 10000
	run coinbase_req GET /api/v3/brokerage/accounts
	[ "$(body | jq -c '[.accounts[] | [.currency, .available_balance.value]]')" = '[["BTC","0.2"],["USDT","9979.98"]]' ]
	# a sell stop at 97.5 (limit 92.62): the third candle's low 95
	# crosses it, filled at the stop
	run coinbase_req POST /api/v3/brokerage/orders '{"client_order_id":"s1","product_id":"BTC-USDT","side":"SELL","order_configuration":{"stop_limit_stop_limit_gtc":{"base_size":"0.06","limit_price":"92.62","stop_price":"97.50","stop_direction":"STOP_DIRECTION_STOP_DOWN"}}}'
	[ "$(body | jq .success)" = true ]
	# one at 88, limit 86: the fourth candle's low 90 does not reach it,
	# the fifth opens at 80, past the limit, and its high 85 stays below
	run coinbase_req POST /api/v3/brokerage/orders '{"client_order_id":"s2","product_id":"BTC-USDT","side":"SELL","order_configuration":{"stop_limit_stop_limit_gtc":{"base_size":"0.06","limit_price":"86.00","stop_price":"88.00","stop_direction":"STOP_DIRECTION_STOP_DOWN"}}}'
	[ "$(body | jq .success)" = true ]
	run coinbase_req GET /api/v3/brokerage/orders/historical/batch "order_status=OPEN"
	[ "$(body | jq -c '[.orders[] | [.client_order_id, .trigger_status]]')" = '[["s2","STOP_PENDING"],["s1","STOP_PENDING"]]' ]
	fake_clock $((T0 + 5 * H))
	run coinbase_req GET /api/v3/brokerage/orders/historical/batch "product_ids=BTC-USDT"
	[ "$(body | jq -c '[.orders[] | [.client_order_id, .status, .average_filled_price, .trigger_status]]')" = '[["s2","OPEN","0","STOP_TRIGGERED"],["s1","FILLED","97.5","STOP_TRIGGERED"],["b1","FILLED","100","INVALID_ORDER_TYPE"]]' ]
	# the one left cancelled by its order_id; again: UNKNOWN_CANCEL_ORDER
	local id
	id=$(body | jq -r '.orders[0].order_id')
	run coinbase_req POST /api/v3/brokerage/orders/batch_cancel "{\"order_ids\":[\"$id\"]}"
	[ "$(body | jq -c '.results[0] | [.success, .order_id == "'"$id"'"]')" = '[true,true]' ]
	run coinbase_req POST /api/v3/brokerage/orders/batch_cancel "{\"order_ids\":[\"$id\"]}"
	[ "$(body | jq -c '.results[0] | [.success, .failure_reason]')" = '[false,"UNKNOWN_CANCEL_ORDER"]' ]
}

@test "coinbase: refusals are success false with error_response; drop_answer, order_status and status" {
	start_fake coinbase "$W/c.ndjson"
	fake_misbehave '{"reject_balance": true}'
	run coinbase_req POST /api/v3/brokerage/orders '{"client_order_id":"r1","product_id":"BTC-USDT","side":"BUY","order_configuration":{"market_market_ioc":{"base_size":"0.1"}}}'
	[ "$(body | jq -c '[.success, .error_response.error, .error_response.preview_failure_reason]')" = '[false,"INSUFFICIENT_FUND","PREVIEW_INSUFFICIENT_FUND"]' ]
	run coinbase_req GET /api/v3/brokerage/products/DOGE-USDT
	[ "$(status_of)" = "HTTP 404" ]
	[ "$(body | jq -r .error)" = NOT_FOUND ]
	fake_misbehave '{"reset": true, "drop_answer": 1}'
	run coinbase_req POST /api/v3/brokerage/orders '{"client_order_id":"d1","product_id":"BTC-USDT","side":"BUY","order_configuration":{"market_market_ioc":{"base_size":"0.1"}}}'
	[ "$(status_of)" = "HTTP 000" ]
	[ "$(fake_state | jq -r '.markets.spot.orders[0].cid')" = d1 ]
	fake_misbehave '{"order_status": [503, 1]}'
	run coinbase_req POST /api/v3/brokerage/orders '{"client_order_id":"d2","product_id":"BTC-USDT","side":"BUY","order_configuration":{"market_market_ioc":{"base_size":"0.1"}}}'
	[ "$(status_of)" = "HTTP 503" ]
	[ "$(fake_state | jq '.markets.spot.orders | length')" = 1 ]
	fake_misbehave '{"status": [429, 1]}'
	run coinbase_req GET /api/v3/brokerage/accounts
	[ "$(status_of)" = "HTTP 429" ]
	[ "$(body | jq -r .error)" = RESOURCE_EXHAUSTED ]
}
