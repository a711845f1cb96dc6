# Helpers for the tests of tp-exec --live against the fake exchanges
# (tests/live/fake_binance.py, tests/live/fake_bybit.py, their model
# tests/live/fakex.py) on 127.0.0.1.  W is the test's directory, TOP the
# source tree (tp_setup).

FAKE_KEY=tpTESTKEY0000000000000000000000000000000000000000000000000000001
FAKE_SECRET=tpTESTSECRET000000000000000000000000000000000000000000000000001

# start_fake VENUE CANDLES [ARG...]: start the fake VENUE (binance or
# bybit) on the candles file CANDLES (tp's NDJSON records), with more of
# its options (--balance, --rules); FAKE_URL is its base URL, also in
# TP_BINANCE_URL, TP_BINANCE_FUTURES_URL and TP_BYBIT_URL; $W/fake.log
# its request log, $W/fake.out its output.
start_fake() {
	local venue=$1 candles=$2
	shift 2
	stop_fake
	rm -f "$W/fake.port" "$W/fake.log"
	# its output away from bats's, which waits for every holder
	/usr/bin/python3 "$TOP/tests/live/fake_$venue.py" \
		--port-file "$W/fake.port" --candles "$candles" \
		--log "$W/fake.log" "$@" > "$W/fake.out" 2>&1 &
	FAKE=$!
	for _ in $(seq 200); do [ -s "$W/fake.port" ] && break; sleep 0.05; done
	if [ ! -s "$W/fake.port" ]; then
		cat "$W/fake.out" >&2
		return 1
	fi
	FAKE_URL=http://127.0.0.1:$(cat "$W/fake.port")
	export FAKE_URL TP_BINANCE_URL=$FAKE_URL
	export TP_BINANCE_FUTURES_URL=$FAKE_URL TP_BYBIT_URL=$FAKE_URL
}

stop_fake() {
	[ -z "${FAKE:-}" ] || kill "$FAKE" 2>/dev/null || true
	[ -z "${FAKE:-}" ] || wait "$FAKE" 2>/dev/null || true
	FAKE=
}

# fake_clock MS: move the fake's market clock to MS (Unix ms); prints
# {"now", "done": [the client ids of the orders filled on the way]}.
fake_clock() {
	curl -sf -X POST "$FAKE_URL/_fake/clock" -d "{\"now\":$1}"
}

# fake_misbehave JSON: merge JSON into the fake's misbehaviours
# ('{"reset":true}' clears them); see tests/live/fakex.py.
fake_misbehave() {
	curl -sf -X POST "$FAKE_URL/_fake/misbehave" -d "$1"
}

# fake_state: the fake's orders, balances, positions and request log.
fake_state() {
	curl -sf "$FAKE_URL/_fake/state"
}

# fake_order JSON: an order placed behind tp's back ({"market": "spot" or
# "futures", "symbol", "side", "type", "qty", "price", "stop",
# "reduce_only", "cid"}).
fake_order() {
	curl -sf -X POST "$FAKE_URL/_fake/order" -d "$1"
}

# fake_candles FILE "O H L C"...: hourly candles of BTC/USDT from
# 2024-01-01 00:00 UTC (1704067200000), one an argument, in FILE.
fake_candles() {
	local f=$1 i=0 o h l c
	shift
	: > "$f"
	for k in "$@"; do
		read -r o h l c <<< "$k"
		printf '{"time":%d,"symbol":"BTC/USDT","open":%s,"high":%s,"low":%s,"close":%s,"volume":10}\n' \
			$((1704067200000 + i * 3600000)) "$o" "$h" "$l" "$c" >> "$f"
		i=$((i + 1))
	done
}

# binance_req METHOD PATH QUERY: a SIGNED Binance request with the test
# key (HMAC-SHA256 hex of the query string, rest-api.md "SIGNED Endpoint
# Examples for POST /api/v3/order"), timestamp added; prints the body,
# then a line "HTTP <status>".
binance_req() {
	local q="$3${3:+&}timestamp=$(date +%s%3N)&recvWindow=5000" sig
	sig=$(printf '%s' "$q" | openssl dgst -sha256 -hmac "$FAKE_SECRET" |
		sed 's/^.*= //')
	curl -s -X "$1" -H "X-MBX-APIKEY: $FAKE_KEY" \
		-w '\nHTTP %{http_code}\n' "$FAKE_URL$2?$q&signature=$sig"
}

# bybit_req METHOD PATH QUERY|BODY: a signed Bybit v5 request (guide.mdx
# "Create A Request": HMAC-SHA256 hex of timestamp + key + recv window +
# the query string or the JSON body); prints the body, then "HTTP <status>".
bybit_req() {
	local ts rw=5000 payload sig url
	ts=$(date +%s%3N)
	payload=$3
	sig=$(printf '%s' "$ts$FAKE_KEY$rw$payload" |
		openssl dgst -sha256 -hmac "$FAKE_SECRET" | sed 's/^.*= //')
	if [ "$1" = GET ]; then
		url="$FAKE_URL$2${3:+?$3}"
		curl -s -H "X-BAPI-API-KEY: $FAKE_KEY" -H "X-BAPI-TIMESTAMP: $ts" \
			-H "X-BAPI-RECV-WINDOW: $rw" -H "X-BAPI-SIGN: $sig" \
			-w '\nHTTP %{http_code}\n' "$url"
	else
		curl -s -X "$1" -H "X-BAPI-API-KEY: $FAKE_KEY" \
			-H "X-BAPI-TIMESTAMP: $ts" -H "X-BAPI-RECV-WINDOW: $rw" \
			-H "X-BAPI-SIGN: $sig" -H "Content-Type: application/json" \
			-w '\nHTTP %{http_code}\n' --data-raw "$3" "$FAKE_URL$2"
	fi
}
