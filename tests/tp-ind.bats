#!/usr/bin/env bats
# tp-ind: options, specs, field names, streams and errors, through real
# pipes.  Indicator values against TA-Lib are in tp-ind-talib.bats.

load helpers

setup() {
	tp_setup
	TPI=$BIN/tp-ind
	IN=$TOP/tests/ind/input.csv
}

@test "--help prints usage to stdout and exits 0" {
	run --separate-stderr "$TPI" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: tp-ind [OPTIONS] SPEC... [FILE...]" ]
}

@test "--version names the program" {
	run --separate-stderr "$TPI" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^tp-ind\ \(tp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "--list prints one line per registered indicator" {
	run --separate-stderr "$TPI" --list
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "name "* ]]
	grep -q '^rsi  *RSI  *momentum  *timeperiod=14  *rsi$' <<< "$output"
	grep -q '^sma  *SMA  *overlap  *timeperiod=30  *sma$' <<< "$output"
}

@test "every indicator of --list is in the man page" {
	"$TPI" --list | tail -n +2 | cut -d' ' -f1 | while read -r name; do
		grep -q "^\\.It Cm $name\$" "$TOP/man/man1/tp-ind.1" ||
			{ echo "tp-ind.1 lacks $name"; return 1; }
	done
}

@test "no indicator is a usage error" {
	run --separate-stderr "$TPI" < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-ind: no indicator given" ]
}

@test "an unknown indicator suggests the closest name" {
	run --separate-stderr "$TPI" rsj:14 < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-ind: rsj:14: unknown indicator "rsj"; did you mean "rsi"?' ]
}

@test "a parameter out of range is a usage error naming it" {
	run --separate-stderr "$TPI" rsi:1 < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-ind: rsi:1: timeperiod must be an integer from 2 to 100000" ]
	run --separate-stderr "$TPI" sma:5,6 < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-ind: sma:5,6: sma takes at most 1 parameters" ]
}

@test "fields are named with their parameters, defaults filled in" {
	run --separate-stderr "$TPI" rsi sma:5 "$IN"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,rsi_14,sma_5" ]
}

@test "an alias renames the output, by = or by --as" {
	run --separate-stderr "$TPI" fast=ema:3 --as slow ema:5 "$IN"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,fast,slow" ]
}

@test "warm-up values are missing, never 0" {
	run --separate-stderr "$TPI" -f ndjson sma:3 "$IN"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == *'"sma_3":null}' ]]
	# TA-Lib's SMA(3) of the first three closes, (4285.08 + 4108.37 +
	# 4139.98) / 3, by hand
	[[ "${lines[2]}" == *'"sma_3":4177.81}' ]]
}

@test "unknown fields pass through verbatim and in order" {
	printf 'note,time,close,x\n"a, b",1,1.50,007\n"c",2,2.50,008\n' > "$BATS_TEST_TMPDIR/p.csv"
	run --separate-stderr "$TPI" sma:2 "$BATS_TEST_TMPDIR/p.csv"
	[ "$status" -eq 0 ]
	[ "$output" = $'note,time,close,x,sma_2\n"a, b",1,1.50,007,\n"c",2,2.50,008,2' ]
}

@test "CSV and NDJSON give the same values" {
	"$TPI" -f ndjson rsi sma:5 "$IN" > "$BATS_TEST_TMPDIR/a.ndjson"
	"$TPF" import -f ndjson "$IN" > "$BATS_TEST_TMPDIR/in.ndjson"
	"$TPI" rsi sma:5 "$BATS_TEST_TMPDIR/in.ndjson" > "$BATS_TEST_TMPDIR/b.ndjson"
	cmp "$BATS_TEST_TMPDIR/a.ndjson" "$BATS_TEST_TMPDIR/b.ndjson"
}

@test "an indicator reads a field added earlier on the same command line" {
	run --separate-stderr "$TPI" -f ndjson ema:10 'rsi:3@ema_10' "$IN"
	[ "$status" -eq 0 ]
	# rsi_3 starts 3 values after ema_10's first value (row 9)
	[[ "${lines[11]}" == *'"rsi_3":null}' ]]
	[[ "${lines[12]}" != *'"rsi_3":null}' ]]
	# and equals rsi:3 run on a stream whose close is ema_10
	"$TPI" ema:10 "$IN" | tail -n +11 | cut -d, -f1,7 | sed '1i time,close' |
		"$TPI" -f ndjson rsi:3 | sed -n 's/.*"rsi_3":\(.*\)}/\1/p' > "$BATS_TEST_TMPDIR/want"
	printf '%s\n' "${lines[@]}" | tail -n +10 | sed -n 's/.*"rsi_3":\(.*\)}/\1/p' > "$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "--field reads an input from another column" {
	sed '1s/close/last/' "$IN" > "$BATS_TEST_TMPDIR/last.csv"
	"$TPI" rsi "$IN" | cut -d, -f7 > "$BATS_TEST_TMPDIR/want"
	"$TPI" --field close=last rsi "$BATS_TEST_TMPDIR/last.csv" | cut -d, -f7 > "$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "each symbol keeps its own state, interleaved or grouped" {
	head -n 301 "$IN" | "$TPF" import -s A -f ndjson > "$BATS_TEST_TMPDIR/a"
	tail -n 300 "$IN" | sed '1i time,open,high,low,close,volume' |
		"$TPF" import -s B -f ndjson > "$BATS_TEST_TMPDIR/b"
	paste -d '\n' "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b" > "$BATS_TEST_TMPDIR/mixed"
	"$TPI" rsi:14 sma:20 < "$BATS_TEST_TMPDIR/mixed" > "$BATS_TEST_TMPDIR/out"
	"$TPI" rsi:14 sma:20 < "$BATS_TEST_TMPDIR/a" > "$BATS_TEST_TMPDIR/a.out"
	grep '"symbol":"A"' "$BATS_TEST_TMPDIR/out" | cmp - "$BATS_TEST_TMPDIR/a.out"
}

@test "a non-number names the file, line and field" {
	printf 'time,close\n1,5\n2,abc\n' > "$BATS_TEST_TMPDIR/n.csv"
	run --separate-stderr "$TPI" rsi:2 "$BATS_TEST_TMPDIR/n.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $BATS_TEST_TMPDIR/n.csv:3: field \"close\" is not a number: \"abc\"" ]
}

@test "a missing column is named, with the closest field" {
	run --separate-stderr "$TPI" sma:3 <<< $'time,clse\n1,5'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-ind: stdin:2: no field "close" (sma:3 needs it); did you mean "clse"?' ]
}

@test "a missing input value leaves the state alone" {
	run --separate-stderr "$TPI" -f ndjson sma:2 <<< $'time,close\n1,1\n2,\n3,3\n4,5'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '{"time":2,"close":null,"sma_2":null}' ]
	[ "${lines[2]}" = '{"time":3,"close":3,"sma_2":2}' ]
	[ "${lines[3]}" = '{"time":4,"close":5,"sma_2":4}' ]
}

@test "--skip-bad drops a bad record and goes on" {
	run --separate-stderr "$TPI" -k sma:2 <<< $'time,close\n1,1\n2,x\n3,3'
	[ "$status" -eq 0 ]
	[ "$output" = $'time,close,sma_2\n1,1,\n3,3,2' ]
	[ "${stderr_lines[1]}" = "tp-ind: warning: skipped 1 bad record" ]
}

@test "a CSV header with no rows gets the indicator columns" {
	run --separate-stderr "$TPI" rsi <<< 'time,close'
	[ "$status" -eq 0 ]
	[ "$output" = "time,close,rsi_14" ]
}

@test "empty input gives empty output" {
	run --separate-stderr "$TPI" rsi < /dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
