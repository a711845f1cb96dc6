#!/usr/bin/env bats
# tp-fetch: the real binary through real pipes.
#
# Expected values come from outside tp: the bundled data's provenance notes
# (share/data/SOURCES.md), Binance's own daily candles, Binance's documented
# kline layout (tests/fixtures/README.md), GNU date for epoch times, and
# Python's float() for the numbers.

load helpers

setup() {
	tp_setup
}

# ---- conventions ---------------------------------------------------------

@test "--help prints usage to stdout and exits 0" {
	run --separate-stderr "$TPF" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: tp-fetch EXCHANGE SYMBOL TIMEFRAME [--since TIME] [--until TIME]" ]]
	[ -z "$stderr" ]
}

@test "--version names the program" {
	run --separate-stderr "$TPF" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^tp-fetch\ \(tp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no command is a usage error with a hint" {
	run --separate-stderr "$TPF"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-fetch: no command given" ]
	[ "${stderr_lines[1]}" = "tp-fetch: try 'tp-fetch --help'" ]
}

@test "an unknown command is a usage error" {
	run --separate-stderr "$TPF" frobnicate
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-fetch: unknown command "frobnicate"' ]
}

@test "an unknown option is a usage error" {
	run --separate-stderr "$TPF" import --bogus
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-fetch: unknown option --bogus" ]
}

@test "an option of another command is refused" {
	run --separate-stderr "$TPF" import --sort
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-fetch: --sort is an option of fix" ]
}

@test "a bad --format value is a usage error" {
	run --separate-stderr "$TPF" import --format xml
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-fetch: --format: expected csv or ndjson, not "xml"' ]
}

@test "a missing input file exits 66 naming it" {
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/nope.csv"
	[ "$status" -eq 66 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/nope.csv: cannot open: No such file or directory" ]
}

@test "a write error exits 74 with a message" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr sh -c '"$0" import "$1" > /dev/full' "$TPF" "$DATA/binance_BTCUSDT_1d.csv"
	[ "$status" -eq 74 ]
	[ "$stderr" = "tp-fetch: write error: No space left on device" ]
}

@test "a reader that goes away ends the program quietly" {
	run --separate-stderr bash -c 'set -o pipefail; "$0" synth --bars 2000000 -t 1m | head -n 2' "$TPF"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ -z "$stderr" ]
}

@test "every long option in --help is in the man page" {
	"$TPF" --help > "$BATS_TEST_TMPDIR/help"
	grep -o -- '--[a-z-]*' "$BATS_TEST_TMPDIR/help" | sort -u > "$BATS_TEST_TMPDIR/opts"
	[ -s "$BATS_TEST_TMPDIR/opts" ]
	while read -r opt; do
		grep -q -- "${opt#--}" "$TOP/man/man1/tp-fetch.1" ||
			{ echo "missing from tp-fetch.1: $opt"; return 1; }
	done < "$BATS_TEST_TMPDIR/opts"
}

# ---- record streams ------------------------------------------------------

@test "CSV passes through import unchanged, byte for byte" {
	# a name that tells no market (see the file-name tests below)
	cp "$DATA/binance_BTCUSDT_1d.csv" "$BATS_TEST_TMPDIR/candles.csv"
	"$TPF" import "$BATS_TEST_TMPDIR/candles.csv" > "$BATS_TEST_TMPDIR/out.csv"
	cmp "$DATA/binance_BTCUSDT_1d.csv" "$BATS_TEST_TMPDIR/out.csv"
}

@test "CSV to NDJSON and back is the same bytes" {
	"$TPF" import -f ndjson < "$DATA/binance_BTCUSDT_1d.csv" > "$BATS_TEST_TMPDIR/a.ndjson"
	"$TPF" import -f csv < "$BATS_TEST_TMPDIR/a.ndjson" > "$BATS_TEST_TMPDIR/b.csv"
	cmp "$DATA/binance_BTCUSDT_1d.csv" "$BATS_TEST_TMPDIR/b.csv"
	# the first record, as Binance published it (share/data/SOURCES.md)
	[ "$(head -n 1 "$BATS_TEST_TMPDIR/a.ndjson")" = '{"time":1502928000000,"open":4261.48000000,"high":4485.39000000,"low":4200.74000000,"close":4285.08000000,"volume":795.15037700}' ]
}

@test "extreme numbers survive CSV -> NDJSON -> CSV exactly to the bit" {
	printf 'time,open,high,low,close,volume,x\n' > "$BATS_TEST_TMPDIR/in.csv"
	for x in 0.1 1e-8 5e-324 1.7976931348623157e308 123456789.12345678; do
		printf '1704067200000,1,1,1,1,1,%s\n' "$x" >> "$BATS_TEST_TMPDIR/in.csv"
	done
	"$TPF" import -f ndjson "$BATS_TEST_TMPDIR/in.csv" > "$BATS_TEST_TMPDIR/a.ndjson"
	"$TPF" import -f csv "$BATS_TEST_TMPDIR/a.ndjson" > "$BATS_TEST_TMPDIR/b.csv"
	cmp "$BATS_TEST_TMPDIR/in.csv" "$BATS_TEST_TMPDIR/b.csv"
	# Python's float() is the oracle for the bits.
	python3 - "$BATS_TEST_TMPDIR/in.csv" "$BATS_TEST_TMPDIR/a.ndjson" <<'EOF'
import csv, json, struct, sys
a = [r["x"] for r in csv.DictReader(open(sys.argv[1]))]
b = [json.loads(l)["x"] for l in open(sys.argv[2])]
bits = lambda v: struct.pack("<d", float(v))
assert [bits(x) for x in a] == [bits(y) for y in b], (a, b)
EOF
}

@test "quoted CSV fields with commas, quotes and newlines pass through" {
	printf 'time,open,high,low,close,volume,note\r\n1704067200000,1,2,0.5,1.5,10,"a, ""b""\r\nc"\r\n' > "$BATS_TEST_TMPDIR/q.csv"
	run --separate-stderr "$TPF" import -f ndjson "$BATS_TEST_TMPDIR/q.csv"
	[ "$status" -eq 0 ]
	[ "$output" = '{"time":1704067200000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10,"note":"a, \"b\"\r\nc"}' ]
	"$TPF" import "$BATS_TEST_TMPDIR/q.csv" > "$BATS_TEST_TMPDIR/o.csv"
	printf 'time,open,high,low,close,volume,note\n1704067200000,1,2,0.5,1.5,10,"a, ""b""\r\nc"\n' | cmp - "$BATS_TEST_TMPDIR/o.csv"
	# and back from NDJSON: quoted again because of the comma
	set -o pipefail	# each tp-fetch of a pipe exits 0, not only the last command
	"$TPF" import -f ndjson "$BATS_TEST_TMPDIR/q.csv" | "$TPF" import -f csv > "$BATS_TEST_TMPDIR/r.csv"
	cmp "$BATS_TEST_TMPDIR/o.csv" "$BATS_TEST_TMPDIR/r.csv"
}

@test "CRLF line ends, a UTF-8 BOM and no final newline are read" {
	printf '\357\273\277time,open,high,low,close,volume\r\n1704067200000,1,2,0.5,1.5,10\r\n1704067260000,1,2,0.5,1.5,11' > "$BATS_TEST_TMPDIR/w.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/w.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume" ]
	[ "${lines[2]}" = "1704067260000,1,2,0.5,1.5,11" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "empty input gives empty output" {
	run --separate-stderr "$TPF" import < /dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "a header with no rows gives the header" {
	run --separate-stderr "$TPF" import <<< 'time,open,high,low,close,volume'
	[ "$status" -eq 0 ]
	[ "$output" = "time,open,high,low,close,volume" ]
}

@test "a row with the wrong number of fields names its line" {
	printf 'time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,10\n1704067260000,1,2,0.5\n' > "$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/bad.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/bad.csv:3: 4 fields, the header has 6" ]
}

@test "duplicate header names are refused" {
	run --separate-stderr "$TPF" import <<< $'time,open,high,low,close,volume,open\n1,1,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-fetch: stdin:1: header: duplicate column name "open"' ]
}

@test "duplicate JSON keys are refused" {
	run --separate-stderr "$TPF" import <<< '{"time":1,"open":1,"open":2}'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-fetch: stdin:1: duplicate field "open"' ]
}

@test "a truncated NDJSON line is an error with line and column" {
	printf '{"time":1704067200000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10}\n{"time":1704067260000,"open":1,"hi' > "$BATS_TEST_TMPDIR/t.ndjson"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/t.ndjson"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/t.ndjson:2: col 32: unterminated string" ]
	# nothing was written for the bad line, the good one was
	[ "$output" = '{"time":1704067200000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10}' ]
}

@test "nested JSON values are refused: records are flat" {
	run --separate-stderr "$TPF" import <<< '{"time":1,"open":[1]}'
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: stdin:1: col 18: nested objects and arrays are not supported (records are flat)" ]
}

bad_number() {	# $1: text in the close column; $2: expected message tail
	printf 'time,open,high,low,close,volume\n1704067200000,1,2,0.5,%s,10\n' "$1" > "$BATS_TEST_TMPDIR/n.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/n.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/n.csv:2: field \"close\" $2" ]
	[ -z "$output" ]
}

@test "NaN in a number field is refused" {
	bad_number NaN 'is not a number: "NaN"'
}

@test "inf in a number field is refused" {
	bad_number inf 'is not a number: "inf"'
}

@test "1e400 in a number field is out of range" {
	bad_number 1e400 'is out of range: 1e400'
}

@test "abc in a number field is refused" {
	bad_number abc 'is not a number: "abc"'
}

@test "a JSON string in a number field must hold a number" {
	run --separate-stderr "$TPF" import <<< '{"time":1704067200000,"open":"1","high":"2","low":"0.5","close":true,"volume":"10"}'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-fetch: stdin:1: field "close" is not a number' ]
}

@test "a missing column is named" {
	run --separate-stderr "$TPF" import <<< $'time,open,high,low,close\n1704067200000,1,2,0.5,1.5'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-fetch: stdin:2: no field "volume"' ]
}

@test "a candle whose high is below its low is refused" {
	run --separate-stderr "$TPF" import <<< $'time,open,high,low,close,volume\n1704067200000,1,0.5,2,1.5,10'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-fetch: stdin:2: bad candle: high is below low' ]
}

@test "--skip-bad warns with the line, drops the record and goes on" {
	printf 'time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,10\n1704067260000,1,2,0.5,NaN,10\n1704067320000,1,2\n1704067380000,1,2,0.5,1.5,12\n' > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr "$TPF" import --skip-bad "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[2]}" = "1704067380000,1,2,0.5,1.5,12" ]
	[ "${stderr_lines[0]}" = "tp-fetch: warning: skipped: $BATS_TEST_TMPDIR/s.csv:3: field \"close\" is not a number: \"NaN\"" ]
	[ "${stderr_lines[1]}" = "tp-fetch: warning: skipped: $BATS_TEST_TMPDIR/s.csv:4: 3 fields, the header has 6" ]
	[ "${stderr_lines[2]}" = "tp-fetch: warning: skipped 2 bad records" ]
}

@test "a field added to NDJSON output of a CSV stream is appended" {
	run --separate-stderr "$TPF" import -s BTC/USDT -e binance -t 1d -f ndjson <<< $'time,open,high,low,close,volume\n1502928000000,4261.48000000,4485.39000000,4200.74000000,4285.08000000,795.15037700'
	[ "$status" -eq 0 ]
	[ "$output" = '{"time":1502928000000,"open":4261.48000000,"high":4485.39000000,"low":4200.74000000,"close":4285.08000000,"volume":795.15037700,"symbol":"BTC/USDT","timeframe":"1d","exchange":"binance"}' ]
}

@test "CSV output extends the header once" {
	run --separate-stderr "$TPF" import -s ETH/BTC "$FIX/eth_btc_5m_head.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol" ]
	[ "${lines[1]}" = "1515560100000,0.0984,0.0994766,0.09828605,0.0994766,1820.54447418,ETH/BTC" ]
	[ "$(grep -c time <<< "$output")" -eq 1 ]
}

@test "several input files make one stream with one header" {
	run --separate-stderr "$TPF" import "$FIX/eth_btc_5m_head.csv" "$FIX/eth_btc_5m_head.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 11 ]
	[ "$(grep -c time <<< "$output")" -eq 1 ]
}

@test "--input-format forces the reader" {
	run --separate-stderr "$TPF" import --input-format ndjson "$FIX/eth_btc_5m_head.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-fetch: $FIX/eth_btc_5m_head.csv:1: col 1: expected '{', found 't'" ]]
}

# ---- time ------------------------------------------------------------------

@test "ISO 8601 times become Unix milliseconds" {
	# GNU date is the oracle for the epoch values.
	want1=$(( $(date -u -d '2024-01-01T00:00:00Z' +%s) * 1000 ))
	want2=$(( $(date -u -d '2024-02-29T13:45:30Z' +%s) * 1000 + 250 ))
	want3=$(( $(date -u -d '2023-12-31T22:00:00Z' +%s) * 1000 ))
	run --separate-stderr "$TPF" import <<EOF
time,open,high,low,close,volume
2024-01-01T00:00:00Z,1,1,1,1,1
2024-02-29 15:45:30.250+02:00,1,1,1,1,1
2024-01-01T00:00:00+0200,1,1,1,1,1
EOF
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$want1,1,1,1,1,1" ]
	[ "${lines[2]}" = "$want2,1,1,1,1,1" ]
	[ "${lines[3]}" = "$want3,1,1,1,1,1" ]
}

@test "a date that does not exist is refused" {
	run --separate-stderr "$TPF" import <<< $'time,open,high,low,close,volume\n2023-02-29T00:00:00Z,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-fetch: stdin:2: field "time": no such date: "2023-02-29T00:00:00Z"' ]
}

@test "--time-unit s and us convert integer epochs" {
	run --separate-stderr "$TPF" import --time-unit s <<< $'time,open,high,low,close,volume\n1704067200,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1704067200000,1,1,1,1,1" ]
	run --separate-stderr "$TPF" import --time-unit us <<< $'time,open,high,low,close,volume\n1704067200000000,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1704067200000,1,1,1,1,1" ]
}

# Times run from 1970-01-01T00:00:00Z to 2200-01-01T00:00:00Z, both
# included (tp(7)); GNU date gives the second: 7258118400.
range_why='time out of range (1970-01-01 to 2200-01-01)'

@test "times from 1970-01-01 to 2200-01-01 are read, one step outside is refused with its line" {
	# both ends are read, in every unit and form
	[ "$(date -u -d 2200-01-01T00:00:00Z +%s)" = 7258118400 ]
	run --separate-stderr "$TPF" import <<EOF
time,open,high,low,close,volume
0,1,1,1,1,1
1970-01-01T00:00:00Z,1,1,1,1,1
7258118400000,1,1,1,1,1
2200-01-01T00:00:00Z,1,1,1,1,1
2200-01-01T01:00:00+01:00,1,1,1,1,1
EOF
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n0,1,1,1,1,1\n0,1,1,1,1,1\n7258118400000,1,1,1,1,1\n7258118400000,1,1,1,1,1\n7258118400000,1,1,1,1,1' ]
	run --separate-stderr "$TPF" import -u s <<< $'time,open,high,low,close,volume\n7258118400,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "7258118400000,1,1,1,1,1" ]
	# microseconds round down: the last microsecond of the range's last ms
	run --separate-stderr "$TPF" import -u us <<< $'time,open,high,low,close,volume\n7258118400000999,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "7258118400000,1,1,1,1,1" ]
	# one millisecond (or the unit's step) past either end, and the issue
	# 20 reproducer's times, which wrapped the gap arithmetic
	for t in -1 7258118400001 1969-12-31T23:59:59.999Z \
	    2200-01-01T00:00:00.001Z 1970-01-01T00:30:00+01:00 \
	    -9223372036854760000 9223372036854760000 \
	    99999999999999999999; do
		run --separate-stderr "$TPF" import <<< $'time,open,high,low,close,volume\n0,1,1,1,1,1\n'"$t"',1,1,1,1,1'
		[ "$status" -eq 65 ]
		[ "$stderr" = "tp-fetch: stdin:3: field \"time\": $range_why: \"$t\"" ]
	done
	run --separate-stderr "$TPF" import -u s <<< $'time,open,high,low,close,volume\n7258118401,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: stdin:2: field \"time\": $range_why: \"7258118401\"" ]
	# seconds whose milliseconds would not even fit an int64
	run --separate-stderr "$TPF" import -u s <<< $'time,open,high,low,close,volume\n9223372036854776,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: stdin:2: field \"time\": $range_why: \"9223372036854776\"" ]
	# -1 us is in the millisecond before 1970 (floor), not rounded to 0
	run --separate-stderr "$TPF" import -u us <<< $'time,open,high,low,close,volume\n-1,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: stdin:2: field \"time\": $range_why: \"-1\"" ]
}

@test "--skip-bad drops candles whose time is out of range" {
	run --separate-stderr "$TPF" import --skip-bad <<< $'time,open,high,low,close,volume\n-60000,1,1,1,1,1\n60000,1,1,1,1,1\n8000000000000,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n60000,1,1,1,1,1' ]
	[ "${stderr_lines[0]}" = "tp-fetch: warning: skipped: stdin:2: field \"time\": $range_why: \"-60000\"" ]
	[ "${stderr_lines[1]}" = "tp-fetch: warning: skipped: stdin:4: field \"time\": $range_why: \"8000000000000\"" ]
}

@test "fix --fill-gaps stops at times that wrapped its gap arithmetic, and fills the widest gap in range exactly" {
	# issue 20: from -9223372036854760000 to 9223372036854760000 the gap
	# overflowed int64, passed the 10,000,000-candle check and filled
	# without end; stdout goes to /dev/null so that the old behaviour
	# fails by the timeout, not by filling the disk
	printf 'time,open,high,low,close,volume\n-9223372036854760000,1,1,1,1,1\n9223372036854760000,1,1,1,1,1\n' > "$BATS_TEST_TMPDIR/wrap.csv"
	for opt in --fill-gaps --resample=1h; do
		run --separate-stderr timeout 20 sh -c '"$0" fix "$1" -t 1m "$2" > /dev/null' "$TPF" "$opt" "$BATS_TEST_TMPDIR/wrap.csv"
		[ "$status" -eq 65 ]
		[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/wrap.csv:2: field \"time\": $range_why: \"-9223372036854760000\"" ]
	done
	# 1970-01-01 to 2200-01-01 is 84006 days (230 years of 365 days and
	# 56 leap days: 1972..2196 less 2100), 12000 weeks and 6 days, so in
	# 1w candles 12000 fillers come between the two candles
	run --separate-stderr "$TPF" fix --fill-gaps -t 1w <<< $'time,open,high,low,close,volume\n0,1,1,1,1,1\n7258118400000,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 12003 ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c ',true$')" -eq 12000 ]
	[ "${lines[12002]}" = "7258118400000,1,1,1,1,1,false" ]
	# 1s candles over the same span: 7258118400 slots, more than the
	# 10,000,000 a gap may fill
	run --separate-stderr "$TPF" fix --fill-gaps -t 1s <<< $'time,open,high,low,close,volume\n0,1,1,1,1,1\n7258118400000,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: stdin:3: gap of more than 10000000 candles: wrong time unit or timeframe?" ]
}

# ---- import formats ------------------------------------------------------

@test "a Binance kline dump (ms) is read by its documented columns" {
	run --separate-stderr "$TPF" import "$FIX/binance-BTCUSDT-1m-ms.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,quote_volume,trades,taker_buy_base_volume,taker_buy_quote_volume" ]
	# first kline of the recorded response (tests/fixtures/README.md)
	[ "${lines[1]}" = "1634943780000,60685.22000000,60729.84000000,60670.90000000,60719.27000000,21.63272000,1313200.01340410,617,12.28492000,745719.41022840" ]
	[ "${#lines[@]}" -eq 11 ]
}

@test "a Binance kline dump in microseconds gives the same candles" {
	"$TPF" import "$FIX/binance-BTCUSDT-1m-ms.csv" > "$BATS_TEST_TMPDIR/ms.csv"
	"$TPF" import "$FIX/binance-BTCUSDT-1m-us.csv" > "$BATS_TEST_TMPDIR/us.csv"
	cmp "$BATS_TEST_TMPDIR/ms.csv" "$BATS_TEST_TMPDIR/us.csv"
}

@test "a freqtrade JSON candle file is read" {
	"$TPF" import "$FIX/freqtrade-ETH_BTC-5m.json" > "$BATS_TEST_TMPDIR/ft.csv"
	cmp "$FIX/eth_btc_5m_head.csv" "$BATS_TEST_TMPDIR/ft.csv"
}

@test "formats mix in one command, each file detected by content" {
	run --separate-stderr "$TPF" import "$FIX/freqtrade-ETH_BTC-5m.json" "$FIX/binance-BTCUSDT-1m-ms.csv" -f ndjson
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 15 ]
}

@test "a headerless CSV with an odd column count is refused" {
	run --separate-stderr "$TPF" import <<< '1704067200000,1,1,1'
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-fetch: stdin:1: headerless CSV with 4 columns: expected 6"* ]]
}

@test "a broken freqtrade JSON file is an error" {
	printf '[[1515560100000,0.0984,0.0994766,0.09828605,0.0994766,1820.54447418],[1515560400000,0.0994' > "$BATS_TEST_TMPDIR/b.json"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/b.json"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/b.json:1: unterminated array element" ]
}

@test "a ']' inside a string does not end a JSON array element" {
	# RFC 8259 section 7: a string holds any character but '"', '\' and
	# controls, so the element ends at the ']' after the string; the
	# value is then refused for what it is, a price that is not a number.
	printf '[[1600000000000,"1]",1,1,1,1],\n[1600000060000,"2",2,2,2,2]]' > "$BATS_TEST_TMPDIR/s.json"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/s.json"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/s.json:1: field \"open\" is not a number: \"1]\"" ]
	run --separate-stderr "$TPF" import -k "$BATS_TEST_TMPDIR/s.json"
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n1600000060000,2,2,2,2,2' ]
}

# ---- compressed input ----------------------------------------------------
# gzip(1) itself is the reference: a gzip file must read as what
# 'gzip -dc' gives (RFC 1952; members may follow one another, 2.2).

@test "a gzip file is read as its contents" {
	cp "$DATA/binance_BTCUSDT_1m.csv.gz" "$BATS_TEST_TMPDIR/candles.csv.gz"
	gzip -dc "$BATS_TEST_TMPDIR/candles.csv.gz" | "$TPF" import > "$BATS_TEST_TMPDIR/plain.csv"
	"$TPF" import "$BATS_TEST_TMPDIR/candles.csv.gz" > "$BATS_TEST_TMPDIR/gz.csv"
	cmp "$BATS_TEST_TMPDIR/plain.csv" "$BATS_TEST_TMPDIR/gz.csv"
	# 130,708 rows and a header (share/data/SOURCES.md)
	[ "$(wc -l < "$BATS_TEST_TMPDIR/gz.csv")" -eq 130709 ]
}

@test "gzip on standard input is read too, and NDJSON inside it" {
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -1001 | "$TPF" import -f ndjson > "$BATS_TEST_TMPDIR/a.ndjson"
	gzip -c "$BATS_TEST_TMPDIR/a.ndjson" | "$TPF" import > "$BATS_TEST_TMPDIR/b.ndjson"
	cmp "$BATS_TEST_TMPDIR/a.ndjson" "$BATS_TEST_TMPDIR/b.ndjson"
}

@test "a gzip file of several members reads as their concatenation" {
	printf 'time,open,high,low,close,volume\n1704067200000,1,2,1,2,5\n' | gzip -c > "$BATS_TEST_TMPDIR/m.gz"
	printf '1704070800000,2,3,2,3,6\n' | gzip -c >> "$BATS_TEST_TMPDIR/m.gz"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/m.gz"
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n1704067200000,1,2,1,2,5\n1704070800000,2,3,2,3,6' ]
}

@test "a gzip file cut short is bad data, not a short stream" {
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -2001 | gzip -c | head -c 20000 > "$BATS_TEST_TMPDIR/cut.csv.gz"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/cut.csv.gz"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-fetch: $BATS_TEST_TMPDIR/cut.csv.gz: gzip data cut short" ]]
}

@test "gzip input is read by every program's reader" {
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -301 > "$BATS_TEST_TMPDIR/c.csv"
	"$BIN/tp-ind" sma:3 < "$BATS_TEST_TMPDIR/c.csv" > "$BATS_TEST_TMPDIR/plain.csv"
	gzip -c "$BATS_TEST_TMPDIR/c.csv" | "$BIN/tp-ind" sma:3 > "$BATS_TEST_TMPDIR/gz.csv"
	cmp "$BATS_TEST_TMPDIR/plain.csv" "$BATS_TEST_TMPDIR/gz.csv"
}

@test "a zip archive is refused with the way to read it" {
	printf 'time,open,high,low,close,volume\n1704067200000,1,2,1,2,5\n' > "$BATS_TEST_TMPDIR/c.csv"
	python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").write(sys.argv[2], "c.csv")' "$BATS_TEST_TMPDIR/c.zip" "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/c.zip"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/c.zip: a zip archive, not a record stream: read its file with 'unzip -p $BATS_TEST_TMPDIR/c.zip'" ]
}

# ---- the market from the file name -----------------------------------------
# The name forms: Binance's public data README ("Klines":
# <SYMBOL>-<INTERVAL>-<YEAR>-<MONTH>), freqtrade's data files
# (<BASE>_<QUOTE>-<timeframe>.json), tp's own (share/data/SOURCES.md).

@test "a candle file's name gives its candles symbol, timeframe and exchange" {
	head -3 "$DATA/binance_BTCUSDT_1h.csv" > "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol,timeframe,exchange" ]
	[ "${lines[1]}" = "1640995200000,46216.93000000,46731.39000000,46208.37000000,46656.13000000,1503.33095000,BTC/USDT,1h,binance" ]
}

@test "a Binance dump's name and a freqtrade file's name are read" {
	cp "$FIX/binance-BTCUSDT-1m-ms.csv" "$BATS_TEST_TMPDIR/BTCUSDT-1m-2021-10.csv"
	run --separate-stderr "$TPF" import -f ndjson "$BATS_TEST_TMPDIR/BTCUSDT-1m-2021-10.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *',"symbol":"BTC/USDT","timeframe":"1m","exchange":"binance"}' ]]
	cp "$FIX/freqtrade-ETH_BTC-5m.json" "$BATS_TEST_TMPDIR/ETH_BTC-5m.json"
	gzip -c "$BATS_TEST_TMPDIR/ETH_BTC-5m.json" > "$BATS_TEST_TMPDIR/ETH_BTC-5m.json.gz"
	run --separate-stderr "$TPF" import -f ndjson "$BATS_TEST_TMPDIR/ETH_BTC-5m.json.gz"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *',"symbol":"ETH/BTC","timeframe":"5m"}' ]]
}

@test "the candle's own fields and --symbol outrank the file name" {
	printf 'time,open,high,low,close,volume,symbol\n1704067200000,1,2,1,2,5,SOL/USDT\n1704070800000,1,2,1,2,5,\n' > "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume,symbol,timeframe,exchange\n1704067200000,1,2,1,2,5,SOL/USDT,1h,binance\n1704070800000,1,2,1,2,5,BTC/USDT,1h,binance' ]
	run --separate-stderr "$TPF" import -s ETH/USDT "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "1704070800000,1,2,1,2,5,ETH/USDT,1h,binance" ]
}

@test "every reader takes the market from the file name: tp-fetch check keeps files apart" {
	head -3 "$DATA/binance_BTCUSDT_1h.csv" > "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv"
	head -3 "$DATA/binance_BTCUSDT_1h.csv" > "$BATS_TEST_TMPDIR/binance_ETHUSDT_1h.csv"
	run --separate-stderr "$TPF" check "$BATS_TEST_TMPDIR/binance_BTCUSDT_1h.csv" "$BATS_TEST_TMPDIR/binance_ETHUSDT_1h.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "check,BTC/USDT,2,1640995200000,1640998800000,1h,0,0,0,0,0,0,0,true" ]
	[ "${lines[2]}" = "check,ETH/USDT,2,1640995200000,1640998800000,1h,0,0,0,0,0,0,0,true" ]
}

# ---- synth ---------------------------------------------------------------

@test "synth gives the same bytes for the same arguments" {
	"$TPF" synth --seed 7 --bars 5000 --timeframe 5m > "$BATS_TEST_TMPDIR/a.csv"
	"$TPF" synth --seed 7 --bars 5000 --timeframe 5m > "$BATS_TEST_TMPDIR/b.csv"
	cmp "$BATS_TEST_TMPDIR/a.csv" "$BATS_TEST_TMPDIR/b.csv"
	# a pin across machines and builds (plain and sanitizer): these bytes
	# were made once here; they guard stability, not correctness
	[ "$(sha256sum < "$BATS_TEST_TMPDIR/a.csv" | cut -c1-64)" = "$(cat "$FIX/synth-seed7-5000-5m.sha256")" ]
}

@test "synth candles pass check on a 5m grid from the start time" {
	"$TPF" synth --seed 3 --bars 2000 -t 5m --start 2024-03-01 > "$BATS_TEST_TMPDIR/s.csv"
	run --separate-stderr "$TPF" check -f ndjson "$BATS_TEST_TMPDIR/s.csv"
	[ "$status" -eq 0 ]
	start=$(( $(date -u -d 2024-03-01 +%s) * 1000 ))
	[ "$output" = "{\"type\":\"check\",\"rows\":2000,\"first\":$start,\"last\":$(( start + 1999 * 300000 )),\"timeframe\":\"5m\",\"gaps\":0,\"missing_bars\":0,\"duplicates\":0,\"out_of_order\":0,\"bad_ohlc\":0,\"invalid\":0,\"misaligned\":0,\"ok\":true}" ]
}

@test "different seeds give different candles" {
	set -o pipefail	# each tp-fetch of a pipe exits 0, not only the last command
	a=$("$TPF" synth --seed 1 --bars 3 | tail -n 1)
	b=$("$TPF" synth --seed 2 --bars 3 | tail -n 1)
	[ "$a" != "$b" ]
}

@test "synth refuses a --start or a length that leaves 1970 to 2200" {
	run --separate-stderr "$TPF" synth --start 1969-12-31
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-fetch: --start: time out of range (1970-01-01 to 2200-01-01): "1969-12-31"' ]
	# the last candle, start + (bars - 1) * tf, must be a time too
	run --separate-stderr "$TPF" synth --bars 2 -t 1s --start 2200-01-01
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-fetch: --bars 2 candles of --timeframe from --start go past 2200-01-01" ]
	run --separate-stderr "$TPF" synth --bars 1 -t 1s --start 2200-01-01
	[ "$status" -eq 0 ]
	[ "${lines[1]%%,*}" = 7258118400000 ]
	# 10^8 candles of 1000000w would overflow int64 on the way
	run --separate-stderr "$TPF" synth --bars 100000000 -t 1000000w
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-fetch: --bars 100000000 candles of --timeframe from --start go past 2200-01-01" ]
}

@test "synth refuses file arguments" {
	run --separate-stderr "$TPF" synth x.csv
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-fetch: synth reads no files" ]
}

# ---- check ---------------------------------------------------------------

@test "check finds the Binance halt of 2023-03-24 in BTC/USDT 1h" {
	# share/data/SOURCES.md: one missing interval, 2023-03-24 13:00 UTC
	run --separate-stderr "$TPF" check -f ndjson "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 65 ]
	[ "$output" = '{"type":"check","symbol":"BTC/USDT","rows":37923,"first":1640995200000,"last":1777518000000,"timeframe":"1h","gaps":1,"missing_bars":1,"duplicates":0,"out_of_order":0,"bad_ohlc":0,"invalid":0,"misaligned":0,"ok":false}' ]
}

@test "check counts ADA/BTC's 5 gaps and 40 missing candles" {
	# share/data/SOURCES.md: 40 missing intervals in 5 gaps
	run --separate-stderr "$TPF" check "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 65 ]
	[ "${lines[0]}" = "type,symbol,rows,first,last,timeframe,gaps,missing_bars,duplicates,out_of_order,bad_ohlc,invalid,misaligned,ok" ]
	[ "${lines[1]}" = "check,ADA/BTC,5720,1515560100000,1517287800000,5m,5,40,0,0,0,0,0,false" ]
}

@test "check passes a clean file with exit 0" {
	run --separate-stderr "$TPF" check "$DATA/binance_BTCUSDT_1d.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "check,BTC/USDT,3178,1502928000000,1777420800000,1d,0,0,0,0,0,0,0,true" ]
}

@test "check counts duplicates, out-of-order rows, bad candles and unreadable rows" {
	cat > "$BATS_TEST_TMPDIR/c.csv" <<EOF
time,open,high,low,close,volume
1704067200000,1,2,0.5,1.5,10
1704067260000,1,2,0.5,1.5,10
1704067260000,1,2,0.5,1.5,10
1704067200000,1,2,0.5,1.5,10
1704067320000,1,0.5,2,1.5,10
1704067380000,1,2,0.5,abc,10
1704067500000,1,2,0.5,1.5,10
EOF
	run --separate-stderr "$TPF" check -t 1m "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 65 ]
	[ "${lines[1]}" = "check,6,1704067200000,1704067500000,1m,1,2,1,1,1,1,0,false" ]
	[ "${stderr_lines[0]}" = "tp-fetch: warning: skipped: $BATS_TEST_TMPDIR/c.csv:7: field \"close\" is not a number: \"abc\"" ]
}

@test "check reports times off the timeframe grid" {
	run --separate-stderr "$TPF" check -t 1h <<< $'time,open,high,low,close,volume\n1704067200000,1,1,1,1,1\n1704070800001,1,1,1,1,1'
	[ "$status" -eq 65 ]
	[ "${lines[1]}" = "check,2,1704067200000,1704070800001,1h,1,1,0,0,0,0,1,false" ]
}

@test "check keeps one summary per symbol" {
	run --separate-stderr "$TPF" check -f ndjson <<EOF
{"time":1704067200000,"open":1,"high":1,"low":1,"close":1,"volume":1,"symbol":"A"}
{"time":1704067200000,"open":1,"high":1,"low":1,"close":1,"volume":1,"symbol":"B"}
{"time":1704067260000,"open":1,"high":1,"low":1,"close":1,"volume":1,"symbol":"A"}
{"time":1704067380000,"open":1,"high":1,"low":1,"close":1,"volume":1,"symbol":"B"}
{"time":1704067320000,"open":1,"high":1,"low":1,"close":1,"volume":1,"symbol":"A"}
EOF
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == '{"type":"check","symbol":"A","rows":3,'*'"gaps":0,'*'"ok":true}' ]]
	[[ "${lines[1]}" == '{"type":"check","symbol":"B","rows":2,'*'"timeframe":"3m",'*'"ok":true}' ]]
}

# ms TIME: Unix milliseconds of an ISO 8601 UTC time
ms() {
	echo $(( $(date -u -d "$1" +%s) * 1000 ))
}

@test "check --list writes each gap as a record: the 2023-03-24 halt, ADA/BTC's five" {
	# share/data/SOURCES.md: the 1h file lacks one interval, 2023-03-24
	# 13:00 UTC, the Binance spot trading halt of that day
	run --separate-stderr "$TPF" check --list -t 1h "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 65 ]
	[ "${#lines[@]}" -eq 2 ]
	# (the file's name tells the market: BTC/USDT)
	[ "${lines[0]}" = "{\"type\":\"gap\",\"symbol\":\"BTC/USDT\",\"first\":$(ms 2023-03-24T13:00Z),\"last\":$(ms 2023-03-24T13:00Z),\"missing_bars\":1}" ]
	[[ "${lines[1]}" == '{"type":"check","symbol":"BTC/USDT","rows":37923,'*'"gaps":1,"missing_bars":1,'* ]]
	# SOURCES.md again: 40 missing intervals in 5 gaps, all on
	# 2018-01-15: 10:10 (1), 10:30 (1), 11:10-11:25 (4), 11:45 (1),
	# 12:00-14:40 (33); the timeframe from the candles' own field
	"$TPF" import -t 5m "$DATA/ADA_BTC_5m.csv" > "$BATS_TEST_TMPDIR/ada.csv"
	run --separate-stderr "$TPF" check --list "$BATS_TEST_TMPDIR/ada.csv"
	[ "$status" -eq 65 ]
	[ "${#lines[@]}" -eq 6 ]
	d=2018-01-15T
	i=0
	for g in "10:10 10:10 1" "10:30 10:30 1" "11:10 11:25 4" "11:45 11:45 1" "12:00 14:40 33"; do
		set -- $g
		[ "${lines[i]}" = "{\"type\":\"gap\",\"symbol\":\"ADA/BTC\",\"first\":$(ms $d$1Z),\"last\":$(ms $d$2Z),\"missing_bars\":$3}" ]
		i=$((i + 1))
	done
	[[ "${lines[5]}" == '{"type":"check","symbol":"ADA/BTC",'*'"gaps":5,"missing_bars":40,'* ]]
}

@test "check --list writes each run of duplicates, per symbol, then the summaries" {
	# A: 00:00 to 00:02 each written twice (one run of 3), 00:05 three
	# times (a run of 2), a gap 00:03-00:04 between; B: clean
	run --separate-stderr "$TPF" check --list -t 1m <<EOF
time,open,high,low,close,volume,symbol
1704067200000,1,1,1,1,1,A
1704067200000,1,1,1,1,1,A
1704067260000,1,1,1,1,1,A
1704067200000,1,1,1,1,1,B
1704067260000,1,1,1,1,1,A
1704067320000,1,1,1,1,1,A
1704067320000,1,1,1,1,1,A
1704067500000,1,1,1,1,1,A
1704067500000,1,1,1,1,1,A
1704067260000,1,1,1,1,1,B
1704067500000,1,1,1,1,1,A
EOF
	[ "$status" -eq 65 ]
	[ "${#lines[@]}" -eq 5 ]
	[ "${lines[0]}" = '{"type":"duplicate","symbol":"A","first":1704067200000,"last":1704067320000,"duplicates":3}' ]
	[ "${lines[1]}" = '{"type":"gap","symbol":"A","first":1704067380000,"last":1704067440000,"missing_bars":2}' ]
	[ "${lines[2]}" = '{"type":"duplicate","symbol":"A","first":1704067500000,"last":1704067500000,"duplicates":2}' ]
	[[ "${lines[3]}" == '{"type":"check","symbol":"A","rows":9,'*'"gaps":1,"missing_bars":2,"duplicates":5,'* ]]
	[[ "${lines[4]}" == '{"type":"check","symbol":"B","rows":2,'*'"ok":true}' ]]
	# records of several kinds: not CSV; no timeframe known: said
	run --separate-stderr "$TPF" check --list -f csv "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--list: the records are of several kinds"* ]]
	# a name that tells no timeframe, and no field with one
	cp "$DATA/ADA_BTC_5m.csv" "$BATS_TEST_TMPDIR/candles.csv"
	run --separate-stderr "$TPF" check --list "$BATS_TEST_TMPDIR/candles.csv"
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-fetch: --list needs the timeframe: give --timeframe, or candles with a timeframe field" ]
	[ -z "$output" ]
	run --separate-stderr "$TPF" fix --list "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--list is an option of check"* ]]
}

@test "check of empty input reports zero rows" {
	run --separate-stderr "$TPF" check < /dev/null
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "check,0,,,,0,0,0,0,0,0,0,true" ]
}

# ---- fix -----------------------------------------------------------------

@test "fix --resample 1d of Binance 1h candles equals Binance's own 1d candles" {
	# Binance aggregates its daily klines from the same trades; every full
	# day of share/data's 1h file must match its 1d file byte for byte.
	set -o pipefail	# each tp-fetch of a pipe exits 0, not only the last command
	"$TPF" fix --resample 1d "$DATA/binance_BTCUSDT_1h.csv" | sed '$d' > "$BATS_TEST_TMPDIR/d.csv"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/d.csv")" -eq 1581 ]
	# both files' names tell BTC/USDT on binance, each its timeframe
	"$TPF" import "$DATA/binance_BTCUSDT_1d.csv" |
		awk -F, 'NR == 1 || ($1 >= 1640995200000 && $1 < 1777507200000)' > "$BATS_TEST_TMPDIR/want.csv"
	cmp "$BATS_TEST_TMPDIR/want.csv" "$BATS_TEST_TMPDIR/d.csv"
}

@test "fix --timerange cuts the candles to START..END, both included" {
	set -o pipefail
	D=$DATA/binance_BTCUSDT_1h.csv
	# GNU date: the first and last candle times of the range
	from=$(( $(date -u -d 2023-01-01 +%s) * 1000 ))
	to=$(( $(date -u -d 2023-12-31 +%s) * 1000 ))
	"$TPF" import "$D" | awk -F, -v f=$from -v t=$to 'NR == 1 || ($1 >= f && $1 <= t)' \
		> "$BATS_TEST_TMPDIR/want.csv"
	# 364 whole days and the 00:00 candle of the last, as freqtrade cuts,
	# less the hour share/data/SOURCES.md says is missing (2023-03-24)
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want.csv")" -eq $((1 + 364 * 24 + 1 - 1)) ]
	for r in 20230101-20231231 2023-01-01..2023-12-31 $((from / 1000))-$((to / 1000)) "$from-$to"; do
		"$TPF" fix --timerange "$r" "$D" > "$BATS_TEST_TMPDIR/got.csv"
		cmp "$BATS_TEST_TMPDIR/want.csv" "$BATS_TEST_TMPDIR/got.csv"
	done
	# filled: the missing hour is back, and no hour outside the range
	"$TPF" fix --fill-gaps -t 1h --timerange 20230101-20231231 "$D" > "$BATS_TEST_TMPDIR/f.csv"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/f.csv")" -eq $((1 + 364 * 24 + 1)) ]
	[ "$(grep -c ',true$' "$BATS_TEST_TMPDIR/f.csv")" -eq 1 ]
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/f.csv" | cut -d, -f1)" = $from ]
	[ "$(tail -1 "$BATS_TEST_TMPDIR/f.csv" | cut -d, -f1)" = $to ]
	# open ends
	"$TPF" fix --timerange 20230101- "$D" | sed -n 2p | cut -d, -f1 > "$BATS_TEST_TMPDIR/first"
	[ "$(cat "$BATS_TEST_TMPDIR/first")" = $from ]
	[ "$("$TPF" fix --timerange -20230101 "$D" | tail -1 | cut -d, -f1)" = $from ]
	# resampled: the days of Binance's own 1d file in the range, whole
	"$TPF" fix --resample 1d --timerange 20230101-20231231 "$D" > "$BATS_TEST_TMPDIR/d.csv"
	"$TPF" import "$DATA/binance_BTCUSDT_1d.csv" |
		awk -F, -v f=$from -v t=$to 'NR == 1 || ($1 >= f && $1 <= t)' > "$BATS_TEST_TMPDIR/dwant.csv"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/dwant.csv")" -eq 366 ]
	cmp "$BATS_TEST_TMPDIR/dwant.csv" "$BATS_TEST_TMPDIR/d.csv"
	# a bad range is a usage error
	run --separate-stderr "$TPF" fix --timerange 20231231-20230101 "$D"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-fetch: --timerange: END is before START: "20231231-20230101"' ]
}

@test "fix --resample 1w starts weeks on Monday as Binance does" {
	run --separate-stderr "$TPF" fix --resample 1w "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 0 ]
	monday=$(( $(date -u -d '2021-12-27' +%s) * 1000 ))
	[ "$(date -u -d @$((monday / 1000)) +%A)" = Monday ]
	[ "${lines[1]%%,*}" = "$monday" ]
}

@test "fix --fill-gaps restores ADA/BTC to its 5,760 slots" {
	# share/data/SOURCES.md: a complete file has 5,760 rows; 40 are missing
	"$TPF" fix --fill-gaps -t 5m "$DATA/ADA_BTC_5m.csv" > "$BATS_TEST_TMPDIR/f.csv"
	[ "$(tail -n +2 "$BATS_TEST_TMPDIR/f.csv" | wc -l)" -eq 5760 ]
	[ "$(grep -c ',true$' "$BATS_TEST_TMPDIR/f.csv")" -eq 40 ]
	run --separate-stderr "$TPF" check "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 0 ]
}

@test "a filled candle is flat at the previous close with volume 0" {
	run --separate-stderr "$TPF" fix --fill-gaps -t 1m -f ndjson <<EOF
{"time":1704067200000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10,"symbol":"X","quote_volume":3}
{"time":1704067380000,"open":1.5,"high":2,"low":1,"close":1.8,"volume":4,"symbol":"X","quote_volume":5}
EOF
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"time":1704067200000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10,"symbol":"X","quote_volume":3,"filled":false}' ]
	[ "${lines[1]}" = '{"time":1704067260000,"open":1.5,"high":1.5,"low":1.5,"close":1.5,"volume":0,"symbol":"X","quote_volume":null,"filled":true}' ]
	[ "${lines[2]}" = '{"time":1704067320000,"open":1.5,"high":1.5,"low":1.5,"close":1.5,"volume":0,"symbol":"X","quote_volume":null,"filled":true}' ]
	[ "${lines[3]}" = '{"time":1704067380000,"open":1.5,"high":2,"low":1,"close":1.8,"volume":4,"symbol":"X","quote_volume":5,"filled":false}' ]
}

@test "fix --fill-gaps needs a timeframe" {
	run --separate-stderr "$TPF" fix --fill-gaps "$FIX/eth_btc_5m_head.csv"
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-fetch: $FIX/eth_btc_5m_head.csv:2: --fill-gaps needs the timeframe: give --timeframe, or candles with a timeframe field" ]
}

dups() {
	cat <<EOF
time,open,high,low,close,volume
1704067260000,2,2,2,2,1
1704067200000,1,1,1,1,1
1704067260000,3,3,3,3,1
1704067320000,4,4,4,4,1
EOF
}

@test "fix refuses out-of-order input without --sort" {
	run --separate-stderr "$TPF" fix --dedupe < <(dups)
	[ "$status" -eq 65 ]
	# the times as the data has them, and as date -u -d @1704067200 reads
	[ "$stderr" = "tp-fetch: stdin:3: time 1704067200000 (2024-01-01T00:00:00Z) goes backwards, before 1704067260000 (2024-01-01T00:01:00Z) (use --sort)" ]
}

@test "fix --sort --dedupe keeps the last of duplicate times" {
	run --separate-stderr "$TPF" fix --sort --dedupe < <(dups)
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n1704067200000,1,1,1,1,1\n1704067260000,3,3,3,3,1\n1704067320000,4,4,4,4,1' ]
}

@test "fix --sort --dedupe=first keeps the first of duplicate times" {
	run --separate-stderr "$TPF" fix --sort --dedupe=first < <(dups)
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n1704067200000,1,1,1,1,1\n1704067260000,2,2,2,2,1\n1704067320000,4,4,4,4,1' ]
}

@test "fix --sort alone keeps duplicates in input order" {
	run --separate-stderr "$TPF" fix --sort < <(dups)
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n1704067200000,1,1,1,1,1\n1704067260000,2,2,2,2,1\n1704067260000,3,3,3,3,1\n1704067320000,4,4,4,4,1' ]
}

@test "fix repairs a shuffled, duplicated file back to the original" {
	tail -n +2 "$DATA/ADA_BTC_5m.csv" | head -n 3000 > "$BATS_TEST_TMPDIR/rows"
	{ head -n 1 "$DATA/ADA_BTC_5m.csv"; cat "$BATS_TEST_TMPDIR/rows" "$BATS_TEST_TMPDIR/rows" | shuf --random-source=<(yes); } > "$BATS_TEST_TMPDIR/mess.csv"
	"$TPF" fix --sort --dedupe "$BATS_TEST_TMPDIR/mess.csv" > "$BATS_TEST_TMPDIR/fixed.csv"
	head -n 3001 "$DATA/ADA_BTC_5m.csv" | cmp - "$BATS_TEST_TMPDIR/fixed.csv"
}

@test "fix keeps symbols apart" {
	run --separate-stderr "$TPF" fix --fill-gaps -t 1m -f csv <<EOF
{"time":1704067200000,"open":1,"high":1,"low":1,"close":1,"volume":1,"symbol":"A"}
{"time":1704067200000,"open":5,"high":5,"low":5,"close":5,"volume":1,"symbol":"B"}
{"time":1704067320000,"open":2,"high":2,"low":2,"close":2,"volume":1,"symbol":"A"}
{"time":1704067260000,"open":6,"high":6,"low":6,"close":6,"volume":1,"symbol":"B"}
EOF
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume,symbol,filled\n1704067200000,1,1,1,1,1,A,false\n1704067200000,5,5,5,5,1,B,false\n1704067260000,1,1,1,1,0,A,true\n1704067320000,2,2,2,2,1,A,false\n1704067260000,6,6,6,6,1,B,false' ]
}

@test "fix --resample sums volumes as exact decimals" {
	run --separate-stderr "$TPF" fix --resample 5m <<EOF
time,open,high,low,close,volume
1704067200000,1,2,0.5,1.5,0.1
1704067260000,1.5,3,1,2,0.2
1704067320000,2,2.5,0.25,1,0.00000001
EOF
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1704067200000,1,3,0.25,1,0.30000001" ]
}

@test "--skip-bad after a bad first row keeps the rest of the file" {
	run --separate-stderr "$TPF" import --skip-bad <<< $'time,open,high,low,close,volume\n1,2,3\n60000,1,1,1,1,1'
	[ "$status" -eq 0 ]
	[ "$output" = $'time,open,high,low,close,volume\n60000,1,1,1,1,1' ]
	[ "${stderr_lines[0]}" = "tp-fetch: warning: skipped: stdin:2: 3 fields, the header has 6" ]
}

@test "fix refuses to resample to a shorter timeframe" {
	run --separate-stderr "$TPF" fix --resample 30m -t 1h "$DATA/binance_BTCUSDT_1d.csv"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-fetch: --resample 30m is not a whole multiple of the input timeframe 1h" ]
	run --separate-stderr "$TPF" fix --resample 30m <<< $'time,open,high,low,close,volume,timeframe\n0,1,1,1,1,1,1h'
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: stdin:2: cannot resample 1h candles to 30m: not a whole multiple" ]
}

@test "records longer than the read buffer pass through whole" {
	python3 -c "
print('time,open,high,low,close,volume,blob')
print('1704067200000,1,1,1,1,1,\"' + 'x,'*1500000 + '\"')
print('1704067260000,1,1,1,1,1,' + 'y'*3000000)" > "$BATS_TEST_TMPDIR/big.csv"
	set -o pipefail	# each tp-fetch of a pipe exits 0, not only the last command
	"$TPF" import "$BATS_TEST_TMPDIR/big.csv" | cmp - "$BATS_TEST_TMPDIR/big.csv"
	"$TPF" import -f ndjson "$BATS_TEST_TMPDIR/big.csv" | "$TPF" import -f csv | cmp - "$BATS_TEST_TMPDIR/big.csv"
}

@test "quoted records scattered among many plain ones, across read blocks" {
	# Quoted records spanning lines, now and then among 30000 plain ones
	# (several 64 KiB read blocks), come through as they went in.
	python3 -c "
print('time,open,high,low,close,volume,note')
for i in range(30000):
    note = '\"a, \"\"q\"\"' + chr(10) + str(i) + '\"' if i % 997 == 5 else 'n' + str(i)
    print('%d,1.5,2,1,1.25,%d,%s' % (1704067200000 + i * 60000, i, note))" > "$BATS_TEST_TMPDIR/mix.csv"
	[ "$(grep -c '"' "$BATS_TEST_TMPDIR/mix.csv")" -eq 62 ]
	set -o pipefail	# each tp-fetch of a pipe exits 0, not only the last command
	"$TPF" import "$BATS_TEST_TMPDIR/mix.csv" | cmp - "$BATS_TEST_TMPDIR/mix.csv"
	"$TPF" import -f ndjson "$BATS_TEST_TMPDIR/mix.csv" | "$TPF" import -f csv | cmp - "$BATS_TEST_TMPDIR/mix.csv"
}

@test "a record over 16 MiB is refused, not buffered without bound" {
	python3 -c "print('time,blob'); print('1,' + 'z' * (17 << 20))" > "$BATS_TEST_TMPDIR/huge.csv"
	run --separate-stderr "$TPF" import "$BATS_TEST_TMPDIR/huge.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-fetch: $BATS_TEST_TMPDIR/huge.csv:2: record longer than 16777216 bytes" ]
}

@test "import and fix pass candles on while a pipe's input is still open" {
	head -4 "$DATA/binance_BTCUSDT_1h.csv" > "$BATS_TEST_TMPDIR/in.csv"
	tp_streams 3 "$BATS_TEST_TMPDIR/in.csv" 3 "$TPF" import
	tp_streams 3 "$BATS_TEST_TMPDIR/in.csv" 2 "$TPF" import -f ndjson
	tp_streams 3 "$BATS_TEST_TMPDIR/in.csv" 2 "$TPF" fix --dedupe=first -f ndjson
}
