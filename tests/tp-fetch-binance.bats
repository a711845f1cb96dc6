#!/usr/bin/env bats
# tp-fetch binance: downloads from a fake Binance (tests/fetch/
# fake_exchange.py) on 127.0.0.1, started and stopped by each test, that
# serves the bundled real 1m candles (share/data/SOURCES.md) in Binance's
# documented wire format and misbehaves on request.

load helpers
load fetch/fake

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	# 2500 one-minute candles: three pages of at most 1000
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -2501 > "$W/src.csv"
	T0=$(sed -n 2p "$W/src.csv" | cut -d, -f1)
}

teardown() {
	stop_fake
}

fetch() {
	"$TPF" binance BTC/USDT 1m --since "$T0" --base-url "$URL" "$@"
}

@test "a multi-page download equals the source, labelled, in pages of 1000" {
	fake
	run --separate-stderr fetch
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol,timeframe,exchange" ]
	[[ "${lines[1]}" == "$T0,"*",BTC/USDT,1m,binance" ]]
	# three pages, then one that finds nothing after the source's last
	# candle, which is long before the last closed one
	[ "$(wc -l < "$W/port.log")" -eq 4 ]
	grep -q "symbol=BTCUSDT&interval=1m&startTime=$T0&limit=1000" "$W/port.log"
	# --until stops before its time; TP_BINANCE_URL stands for --base-url
	run --separate-stderr env TP_BINANCE_URL="$URL" "$TPF" binance btcusdt 1m --since "$T0" \
		--until $((T0 + 1500 * 60000))
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1501 ]
}

@test "a missing candle or a --since before the listing does not end the download" {
	# five days of one-minute candles, one of them left out as Binance's
	# own history leaves some out (share/data/SOURCES.md: the 1h file
	# lacks 2023-03-24 13:00, the spot trading halt of that day)
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -7201 | sed 1501d > "$W/src.csv"
	END=$((T0 + 7200 * 60000))
	fake
	run --separate-stderr fetch --until "$END"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 7200 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	# pages end at --until (binance-spot-api-docs rest-api.md: "With
	# both, behaves like startTime but does not exceed endTime"), so the
	# second holds 1000 rows across the hole, up to T0 + 2000 minutes,
	# and the third starts after the last row got
	grep -q "startTime=$((T0 + 1000 * 60000))&limit=1000&endTime=$((END - 60000))$" "$W/port.log"
	grep -q "startTime=$((T0 + 2001 * 60000))&" "$W/port.log"
	# three days before the first candle, as before a pair's listing:
	# Binance sends the oldest rows from startTime on, so the same
	# 7,199 candles in the same 8 requests
	stop_fake
	fake
	run --separate-stderr fetch --since $((T0 - 3 * 86400000)) --until "$END"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	[ "$(wc -l < "$W/port.log")" -eq 8 ]
}

@test "429 and 418 are waited out as Retry-After says; 500s and cut bodies are retried" {
	fake 429:1 418:1 500 trunc
	start=$(date +%s)
	run --separate-stderr fetch
	[ "$status" -eq 0 ]
	[ $(($(date +%s) - start)) -ge 2 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	# the first page asked five times, then the two others and the one
	# that finds nothing after the source's end
	[ "$(grep -c "startTime=$T0&" "$W/port.log")" -eq 5 ]
	[ "$(wc -l < "$W/port.log")" -eq 8 ]
}

@test "a Retry-After past --max-wait, however long, gives up with 75 at once, naming the wait" {
	# 1e300 seconds once made the sleep fail at once and the request be
	# retried for ever at full speed; 1e16 slept for centuries; 1e999
	# reads as infinity.  Each is longer than the 5 s of --max-wait, as
	# is 10: no wait is begun, and the wait is named in the message as
	# printf's %.3g (%.1f under a million) writes it.
	for ra in 1e300:1e+300 1e16:1e+16 1e999:inf 10:10.0; do
		stop_fake
		fake "429:${ra%%:*}"
		start=$(date +%s)
		run --separate-stderr timeout 20 "$TPF" binance BTC/USDT 1m \
			--since "$T0" --base-url "$URL" --max-wait 5
		[ "$status" -eq 75 ]
		[ $(($(date +%s) - start)) -lt 5 ]
		[ -z "$output" ]
		[[ "$stderr" == *"binance: HTTP 429 (rate limit), 1 request in, then ${ra#*:} s to wait as the exchange says: giving up for now (retry later; --max-wait) ["* ]]
		[ "$(wc -l < "$W/port.log")" -eq 1 ]
	done
}

@test "an answer longer than --max-response (64 MiB), gzipped or not, is refused with 69" {
	# a page and 70 MiB of blanks after it (still JSON), gzip-compressed
	# to about 70 KiB: it once swelled in memory without a limit
	fake gzpad:70
	run --separate-stderr fetch
	[ "$status" -eq 69 ]
	[[ "$stderr" == *"binance: the answer is longer than 64 MiB (--max-response) [$URL/api/v3/klines?symbol=BTCUSDT&"* ]]
	[ -z "$output" ]
	[ "$(wc -l < "$W/port.log")" -eq 1 ]
	# a longer limit reads it, and the download goes on
	stop_fake
	fake gzpad:70
	run --separate-stderr fetch --max-response 100
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	# markets too (a long list is what the option is for), and a body
	# sent as it is, whose Content-Length is over the limit
	stop_fake
	fake pad:2
	run --separate-stderr "$TPF" markets binance --base-url "$URL" --max-response 1
	[ "$status" -eq 69 ]
	[[ "$stderr" == *"binance: the answer is longer than 1 MiB (--max-response) [$URL/api/v3/exchangeInfo]"* ]]
	stop_fake
	fake pad:2
	run --separate-stderr "$TPF" markets binance --base-url "$URL" --max-response 3
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr "$TPF" markets binance --max-response 0.5
	[ "$status" -eq 64 ]
}

@test "a redirect is not followed: exit 69 naming where it points; only http and https are asked" {
	fake redirect
	run --separate-stderr fetch --max-wait 5
	[ "$status" -eq 69 ]
	[[ "$stderr" == *"binance: HTTP 302: redirected to http://portal.example/login?next=1, which is not followed (is the base URL right? a captive portal?) [$URL/api/v3/klines?"* ]]
	[ -z "$output" ]
	[ "$(wc -l < "$W/port.log")" -eq 1 ]
	# a file:// base URL is not read, though the file is there
	mkdir -p "$W/api/v3"
	cp "$TOP/tests/fetch/binance-exchangeinfo.json" "$W/api/v3/exchangeInfo"
	run --separate-stderr "$TPF" markets binance --base-url "file://$W" --max-wait 0
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-fetch: binance: file://$W/api/v3/exchangeInfo: only http:// and https:// URLs are asked" ]
	[ -z "$output" ]
}

@test "control characters in an exchange's message are shown escaped, not sent to the terminal" {
	# the message is "Invalid", ESC [2J (clear the screen), " symbol.",
	# a newline, then U+009B (CSI, the 8-bit form of ESC [) and "31m";
	# C0 controls are written \xNN, C1 ones \u00NN
	fake evil
	run --separate-stderr fetch
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'binance: BTCUSDT: HTTP 400: Invalid\x1b[2J symbol.\x0a\u009b31m (code -1121) ['* ]]
	printf '%s' "$stderr" > "$W/err"
	run env LC_ALL=C grep -c -P '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]' "$W/err"
	[ "$status" -eq 1 ]	# grep: no line selected (not 2, an error)
	[ "$output" = 0 ]
}

@test "duplicate and out-of-order rows across pages are dropped; an empty page ends" {
	fake "" dup dup
	run --separate-stderr fetch
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	stop_fake
	fake "" empty
	run --separate-stderr fetch
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1001 ]
}

@test "an exchange that keeps failing: exit 75 after --max-wait, only whole candles out" {
	fake "" always500
	run --separate-stderr fetch --max-wait 2
	[ "$status" -eq 75 ]
	[[ "$stderr" == *"HTTP 500"*"giving up for now (retry later; --max-wait)"* ]]
	# the first page, whole, and nothing after it
	[ "${#lines[@]}" -eq 1001 ]
	echo "$output" > "$W/got.csv"
	head -1001 "$W/src.csv" > "$W/first.csv"
	same "$W/first.csv" "$W/got.csv"
	# nobody listening at all: the same, at once when the time is 0
	stop_fake
	run --separate-stderr fetch --max-wait 0
	[ "$status" -eq 75 ]
	[ -z "$output" ]
}

@test "a captive portal's page with status 200 is retried for --max-wait only, and said" {
	# one good page, then a login page (HTML, status 200) for good: the
	# time for retries runs on, as no good page came, and each retry is
	# said, at most once a minute; --max-backoff keeps the waits short
	fake "" alwayshtml
	run --separate-stderr timeout 10 "$TPF" binance BTC/USDT 1m --since "$T0" \
		--base-url "$URL" --max-wait 1 --max-backoff 0.1
	[ "$status" -eq 75 ]
	[ "${#lines[@]}" -eq 1001 ]
	[ "$(grep -c "^tp-fetch: warning: binance: HTTP 200, text/html; charset=utf-8: not JSON" <<< "$stderr")" -eq 1 ]
	[[ "$stderr" == *'"<!DOCTYPE html> <html><head><title>Guest Wi-Fi</...": asking again in 0.1 s (retry 1 in a row)'* ]]
	[[ "$stderr" == *" requests in, then 0.1 s to wait: giving up for now (retry later; --max-wait)"* ]]
	# a second of retries 0.1 s apart
	n=$(wc -l < "$W/port.log")
	[ "$n" -ge 5 ] && [ "$n" -le 15 ]
	# a good page starts the time again: three runs of portal pages,
	# each shorter than --max-wait, all of them longer, end nothing
	stop_fake
	fake "" html html html "" html html html "" html html html
	run --separate-stderr fetch --max-wait 0.6 --max-backoff 0.1
	[ "$status" -eq 0 ]
	echo "$output" > "$W/got.csv"
	same "$W/src.csv" "$W/got.csv"
	[ "$(grep -c "warning: binance: HTTP 200" <<< "$stderr")" -eq 1 ]
}

@test "unknown symbols and timeframes are refused, naming the valid ones" {
	fake
	run --separate-stderr "$TPF" binance ETH/USDT 1m --since "$T0" --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"ETHUSDT: HTTP 400: Invalid symbol. (code -1121)"* ]]
	run --separate-stderr "$TPF" binance BTC/USDT 7m --base-url "$URL"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'timeframe "7m" is not one binance has: 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w'* ]]
	run --separate-stderr "$TPF" binance 'BTC USDT' 1m --base-url "$URL"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPF" binance BTC/USDT
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"give a symbol and a timeframe"* ]]
	run --separate-stderr "$TPF" binance BTC/USDT 1m --since "$T0" --last 5
	[ "$status" -eq 64 ]
	# nothing was asked of the exchange for any of these but the first
	[ "$(wc -l < "$W/port.log")" -eq 1 ]
}

@test "--append continues a file after its last candle; twice adds nothing" {
	fake
	# the first 1200 minutes, then the rest in a second run
	run --separate-stderr fetch --until $((T0 + 1200 * 60000)) --append "$W/a.csv"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(wc -l < "$W/a.csv")" -eq 1201 ]
	run --separate-stderr "$TPF" binance BTC/USDT 1m --base-url "$URL" --append "$W/a.csv"
	[ "$status" -eq 0 ]
	same "$W/src.csv" "$W/a.csv"
	[ "$(head -1 "$W/a.csv")" = "time,open,high,low,close,volume,symbol,timeframe,exchange" ]
	grep -q "startTime=$((T0 + 1200 * 60000))&" "$W/port.log"
	cp "$W/a.csv" "$W/before.csv"
	n=$(wc -l < "$W/port.log")
	run --separate-stderr "$TPF" binance BTC/USDT 1m --base-url "$URL" --append "$W/a.csv"
	[ "$status" -eq 0 ]
	cmp "$W/before.csv" "$W/a.csv"
	# one request, answered by an empty page
	[ "$(wc -l < "$W/port.log")" -eq $((n + 1)) ]
	# a run killed while writing left half a line: it is cut, then redone
	head -c -40 "$W/before.csv" > "$W/a.csv"
	run --separate-stderr "$TPF" binance BTC/USDT 1m --base-url "$URL" --append "$W/a.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"a.csv: cut a partial last line"* ]]
	cmp "$W/before.csv" "$W/a.csv"
}

# whole FILE: a CSV of the source's 2500 candles exactly once each, in
# time order, every line whole (nine fields: the six of the source and
# the three labels), one header
whole_once() {
	same "$W/src.csv" "$1"
	[ "$(grep -c '^time,' "$1")" -eq 1 ]
	[ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ]
	awk -F, 'NR > 1 && (NF != 9 || (NR > 2 && $1 + 0 <= prev)) { bad++ }
	    { prev = $1 + 0 }
	    END { exit bad > 0 }' "$1"
}

@test "two --append runs on one file at once: the second waits, then goes on after the first" {
	# the first run's first page stalls a second: the second run starts
	# while the first holds FILE.lock, waits for it, then reads the last
	# candle the first one wrote and asks only for what comes after it
	fake stall:1
	"$TPF" binance BTC/USDT 1m --since "$T0" --base-url "$URL" \
		--append "$W/a.csv" 2> "$W/first.err" &
	first=$!
	for _ in $(seq 100); do [ -s "$W/port.log" ] && break; sleep 0.05; done
	run --separate-stderr fetch --append "$W/a.csv"
	wait "$first" || { cat "$W/first.err"; false; }
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	whole_once "$W/a.csv"
	# the first run's four requests, then the second's one past the end
	[ "$(wc -l < "$W/port.log")" -eq 5 ]
	last=$(tail -1 "$W/src.csv" | cut -d, -f1)
	[ "$(tail -1 "$W/port.log" | grep -o 'startTime=[0-9]*')" = "startTime=$((last + 60000))" ]
}

@test "--append gives up with 75 when another run holds the file past --lock-wait" {
	fake stall:3
	"$TPF" binance BTC/USDT 1m --since "$T0" --base-url "$URL" \
		--append "$W/a.csv" 2> "$W/first.err" &
	first=$!
	for _ in $(seq 100); do [ -s "$W/port.log" ] && break; sleep 0.05; done
	run --separate-stderr fetch --append "$W/a.csv" --lock-wait 0.5
	[ "$status" -eq 75 ]
	[ "$stderr" = "tp-fetch: $W/a.csv: another run held the lock for 500 ms; try again later" ]
	# it asked nothing and wrote nothing; the first run ends well
	[ "$(wc -l < "$W/port.log")" -eq 1 ]
	wait "$first" || { cat "$W/first.err"; false; }
	whole_once "$W/a.csv"
	# --lock-wait is for --append only
	run --separate-stderr fetch --lock-wait 1
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--lock-wait: only with --append"* ]]
}

@test "--append keeps an NDJSON file NDJSON; a file it cannot continue is refused" {
	fake
	fetch --until $((T0 + 10 * 60000)) -f ndjson > "$W/a.ndjson"
	run --separate-stderr fetch --until $((T0 + 20 * 60000)) --append "$W/a.ndjson"
	[ "$status" -eq 0 ]
	[ "$(wc -l < "$W/a.ndjson")" -eq 20 ]
	[[ "$(tail -1 "$W/a.ndjson")" == '{"time":'$((T0 + 19 * 60000))',"open":'* ]]
	# columns the download does not fill are no header to write under
	head -3 "$W/src.csv" > "$W/six.csv"
	run --separate-stderr fetch --append "$W/six.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'field "symbol" is not in the CSV header'* ]]
	cmp <(head -3 "$W/src.csv") "$W/six.csv"
	printf 'when,price\n1,2\n' > "$W/odd.csv"
	run --separate-stderr fetch --append "$W/odd.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'odd.csv:1: no "time" column'* ]]
	run --separate-stderr "$TPF" import --append "$W/odd.csv" "$W/src.csv"
	[ "$status" -eq 64 ]
}

@test "a Binance weight budget nearly spent is waited out before the next request" {
	# 5400 of the 6000 a minute (binance-spot-api-docs enums.md, "Rate
	# limiters"): the next request waits for the next minute, which is
	# always more than the half second --max-wait allows here
	fake weight:5400
	run --separate-stderr fetch --max-wait 0.5
	[ "$status" -eq 75 ]
	[[ "$stderr" == *"the rate limit is used up until"*"giving up for now"* ]]
	# the time as a number and as a person reads it
	[[ "$stderr" =~ "until "[0-9]+" ("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+"Z): giving up" ]]
	[ "${#lines[@]}" -eq 1001 ]
	[ "$(wc -l < "$W/port.log")" -eq 1 ]
	# 5399 is under the line: no wait
	stop_fake
	fake weight:5399
	run --separate-stderr fetch --max-wait 0.5
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2501 ]
}

@test "a range with no candle at all says so; --append finding none new does not" {
	fake
	# the source ends on 2025-05-21 (its first 2500 minutes); ask for 2020
	run --separate-stderr "$TPF" binance BTC/USDT 1m --since 2020-01-01 \
		--until 2020-01-02 --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "tp-fetch: warning: binance: no candle of BTC/USDT 1m in that range" ]
	fetch > "$W/have.csv"
	run --separate-stderr "$TPF" binance BTC/USDT 1m --append "$W/have.csv" --base-url "$URL"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
}

@test "--last reaching back before 1970 asks from the first week of 1970, not from a negative time" {
	fake
	# 10,000,000 weeks back from now is about 190,000 years: tp(7)'s
	# times start at 1970, and weeks at Monday 1970-01-05 (date -u -d
	# 1970-01-05 +%s = 345600).  (The fake serves its 1m candles for any
	# interval, which a weekly download refuses: only the request counts.)
	run --separate-stderr "$TPF" binance BTC/USDT 1w --last 10000000 --max-wait 0 --base-url "$URL"
	# off the grid: asked again, and given up at once (tp-fetch(1): a
	# page that fails is asked again; --max-wait 0: status 75)
	[ "$status" -eq 75 ]
	[ -z "$output" ]
	head -1 "$W/port.log" | grep -q "interval=1w&startTime=345600000&"
	refute grep -q "startTime=-" "$W/port.log"
}
