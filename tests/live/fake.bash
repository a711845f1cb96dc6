# Helpers for the tests of tp-exec --live against the fake exchanges
# (tests/live/fake_binance.py, tests/live/fake_bybit.py, their model
# tests/live/fakex.py) on 127.0.0.1.  W is the test's directory, TOP the
# source tree (tp_setup).

FAKE_KEY=tpTESTKEY0000000000000000000000000000000000000000000000000000001
FAKE_SECRET=tpTESTSECRET000000000000000000000000000000000000000000000000001
# Kraken's secrets are base64 (spot-rest-auth): the same secret's bytes,
# as tests/live/fake_kraken.py's SECRET_B64
FAKE_KRAKEN_SECRET=$(printf %s "$FAKE_SECRET" | base64 -w0)
# Coinbase's CDP key: a key name and an Ed25519 key, here the one of
# Binance's fix-api.md example (../shared/fixtures/signing.md) as the
# CDP portal writes one, base64 of the seed and the public key; as
# tests/live/fake_coinbase.py knows it
FAKE_CB_KEY=organizations/tp-test-org/apiKeys/tp-test-key
FAKE_CB_SECRET=$(printf '%s%s' \
	8244616b4606b8400a66fd0efcbea9af1611fd2540e975b3808b20007d9bcf6e \
	19420abfd752a565c15625e9da6eaf0086fc40c14960183214442c14996a800d |
	xxd -r -p | base64 -w0)

# start_fake VENUE CANDLES [ARG...]: start the fake VENUE (binance, bybit,
# kraken or coinbase) on the candles file CANDLES (tp's NDJSON records), with more
# of its options (--balance, --rules); FAKE_URL is its base URL, also in
# TP_BINANCE_URL, TP_BINANCE_FUTURES_URL, TP_BYBIT_URL, TP_KRAKEN_URL and
# TP_COINBASE_URL;
# $W/fake.log its request log, $W/fake.out its output.
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
	export TP_KRAKEN_URL=$FAKE_URL TP_COINBASE_URL=$FAKE_URL
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

# kraken_sign PATH NONCE BODY: Kraken's API-Sign (spot-rest-auth:
# base64 HMAC-SHA512, keyed with the base64-decoded secret
# FAKE_KRAKEN_SECRET, of the path and SHA-256(nonce + POST data)).
kraken_sign() {
	local inner
	inner=$(printf '%s' "$2$3" | openssl dgst -sha256 -binary | xxd -p -c 256)
	{ printf '%s' "$1"; printf '%s' "$inner" | xxd -r -p; } |
		openssl dgst -sha512 -mac HMAC -binary -macopt \
		hexkey:"$(printf %s "$FAKE_KRAKEN_SECRET" | base64 -d | xxd -p -c 256)" |
		base64 -w0
}

# kraken_req PATH FORM [NONCE [KEY]]: a private Kraken request, the
# nonce first in the form (the clock in microseconds unless given);
# prints the body, then "HTTP <status>".
kraken_req() {
	local nonce=${3:-$(date +%s%6N)} body
	body="nonce=$nonce${2:+&$2}"
	curl -s -X POST -H "API-Key: ${4:-$FAKE_KEY}" \
		-H "API-Sign: $(kraken_sign "$1" "$nonce" "$body")" \
		-H "Content-Type: application/x-www-form-urlencoded" \
		-w '\nHTTP %{http_code}\n' --data-raw "$body" "$FAKE_URL$1"
}
