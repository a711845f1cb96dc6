#!/usr/bin/env bats
# The record reader every program shares (lib/rec/tp_read.c): its error paths
# under --skip-bad, its limits, and inputs built to be slow.
#
# Expected values: the good records around a bad one and the count of
# skipped ones are what --skip-bad promises (tp(7): "warn, count and drop");
# each warning is the reader's own message for that error.  SMA(2) of the
# closes 1 and 3 is (1 + 3) / 2 = 2, by hand.

load helpers

setup() {
	tp_setup
	TPI=$BIN/tp-ind
	T=$BATS_TEST_TMPDIR
	# The two records every case keeps, and tp-ind's output of them.
	GOOD_CSV=$'time,close,sma_2\n1,1,\n3,3,2'
	GOOD_JA=$'time,open,high,low,close,volume\n1600000000000,1,1,1,1,1\n1600000120000,1,1,1,1,1'
}

# to_file OUT CMD...: run CMD with its standard output in the file OUT.
to_file() {
	local out=$1
	shift
	"$@" > "$out"
}

# skips WANT_OUT WANT_WARN CMD...: CMD, run with a guard of 20 s (a reader
# that does not consume a bad record warns about it forever), exits 0,
# writes WANT_OUT, warns WANT_WARN (a bad record skipped) first, and ends
# its warnings with "skipped 1 bad record".
skips() {
	local want_out=$1 want_warn=$2 prog
	shift 2
	prog=${1##*/}
	run --separate-stderr timeout 20 "$@"
	if [ "$status" -ne 0 ] || [ "$output" != "$want_out" ] ||
	    [ "${#stderr_lines[@]}" -ne 2 ] ||
	    [ "${stderr_lines[0]}" != "$prog: warning: skipped: $want_warn" ] ||
	    [ "${stderr_lines[1]}" != "$prog: warning: skipped 1 bad record" ]; then
		echo "command: $*"
		echo "status $status, stdout:"
		echo "$output"
		echo "stderr (${#stderr_lines[@]} lines):"
		printf '%s\n' "${stderr_lines[@]:0:4}"
		echo "wanted warning: $want_warn"
		return 1
	fi
}

@test "--skip-bad drops each kind of bad CSV record and reads on" {
	local cases=(
		'2'			'in:3: 1 fields, the header has 2'
		'2,1,1'			'in:3: 3 fields, the header has 2'
		'2,a""b'		'in:3: field 2: quote inside an unquoted field'
		'2,"1"x'		'in:3: field 2: text after the closing quote'
	)
	local at
	for ((at = 0; at < ${#cases[@]}; at += 2)); do
		printf 'time,close\n1,1\n%s\n3,3\n' "${cases[at]}" > "$T/in"
		skips "$GOOD_CSV" "$T/${cases[at + 1]}" "$TPI" -k sma:2 "$T/in"
	done
	# A quote left open runs to the end of the input: that is the record.
	printf 'time,close\n1,1\n3,3\n2,"1\n' > "$T/in"
	skips "$GOOD_CSV" "$T/in:4: unterminated quoted field at end of input" \
		"$TPI" -k sma:2 "$T/in"
}

@test "--skip-bad drops each kind of bad NDJSON record and reads on" {
	local cases=(
		'[2]'			"in:2: col 1: expected '{', found '['"
		'{2:2}'			"in:2: col 2: expected a field name, found '2'"
		'{"time":2,"time":2}'	'in:2: duplicate field "time"'
		'{"time" 2}'		"in:2: col 9: expected ':', found '2'"
		'{"time":}'		"in:2: col 9: expected a value, found '}'"
		'{"time":x}'		"in:2: col 9: expected a value, found 'x'"
		'{"time":tru}'		"in:2: col 9: expected a value, found 't'"
		'{"time":[2]}'		'in:2: col 9: nested objects and arrays are not supported (records are flat)'
		'{"time":-}'		'in:2: col 9: malformed number'
		'{"a":"\x"}'		'in:2: col 8: bad escape'
		'{"a":"\u12"}'		'in:2: col 8: bad \u escape'
		$'{"a":"\t"}'		'in:2: col 7: control character in string'
		'{"a":"b'		'in:2: col 6: unterminated string'
		'{"a":1 "b":2}'		"in:2: col 8: expected ',' or '}', found '\"'"
		'{"a":1} x'		'in:2: col 9: text after the record'
		'{'			'in:2: pretty-printed JSON: tp reads one record per line, as jq -c prints them'
	)
	local at
	for ((at = 0; at < ${#cases[@]}; at += 2)); do
		printf '{"time":1,"close":1}\n%s\n{"time":3,"close":3}\n' \
			"${cases[at]}" > "$T/in"
		skips "$GOOD_CSV" "$T/${cases[at + 1]}" "$TPI" -k -f csv sma:2 "$T/in"
	done
}

@test "--skip-bad drops each kind of bad JSON array element and reads on" {
	local a='[1600000000000,1,1,1,1,1]' c='[1600000120000,1,1,1,1,1]'
	local cases=(
		'[1600000060000,1,1,1,1,1,1]'	'in:1: array element 2 has more than 6 values'
		'[1600000060000,1,1,1,1]'	'in:1: array element 2 has 5 values, expected 6'
		'[1600000060000,x,1,1,1,1]'	"in:1: col 16: expected a value, found 'x'"
		'[1600000060000,"1]",1,1,1,1]'	'in:1: field "open" is not a number: "1]"'
		'[1600000060000 1,1,1,1,1]'	"in:1: col 16: expected ',' or ']', found '1'"
	)
	local at
	for ((at = 0; at < ${#cases[@]}; at += 2)); do
		printf '[%s,%s,%s]' "$a" "${cases[at]}" "$c" > "$T/in"
		skips "$GOOD_JA" "$T/${cases[at + 1]}" "$TPF" import -k "$T/in"
	done
}

@test "--skip-bad gives up the rest of a JSON array it cannot follow, and reads the next file" {
	local a='[1600000000000,1,1,1,1,1]' c='[1600000120000,1,1,1,1,1]'
	# Each broken array holds the first candle; the next file the other.
	local cases=(
		"[$a 1]"		"in:1: expected ',' or ']' after an array element, found '1'"
		"[$a [1]]"		"in:1: expected ',' or ']' after an array element, found '['"
		"[$a,1]"		"in:1: expected '[' to start an array element, found '1'"
		"[$a,,$a]"		"in:1: unexpected ','"
		"[$a,]"			'in:1: unexpected end of the JSON array'
		"[$a"			'in:1: unexpected end of the JSON array'
		"[$a,[1600000060000,1"	'in:1: unterminated array element'
		"[$a] x"		'in:1: text after the end of the JSON array'
	)
	local at
	printf '[%s]' "$c" > "$T/next.json"
	for ((at = 0; at < ${#cases[@]}; at += 2)); do
		printf '%s' "${cases[at]}" > "$T/in"
		skips "$GOOD_JA" "$T/${cases[at + 1]}" \
			"$TPF" import -k "$T/in" "$T/next.json"
	done
	# Nothing of the array read yet: the whole file is given up.
	printf '[,%s]' "$a" > "$T/in"
	printf '[%s,%s]' "$a" "$c" > "$T/next.json"
	skips "$GOOD_JA" "$T/in:1: unexpected ','" \
		"$TPF" import -k "$T/in" "$T/next.json"
}

@test "--skip-bad gives up a file whose header is bad and reads the next" {
	local cases=(
		'time,time'	'in:1: header: duplicate column name "time"'
		'time,,close'	'in:1: header: column 2 has no name'
		'time;close'	"in:1: header: columns separated by ';': tp reads comma-separated CSV; convert it first (sed 's/;/,/g' when no value holds a comma, after turning decimal commas into points)"
	)
	local at
	printf 'time,close\n1,1\n3,3\n' > "$T/next.csv"
	for ((at = 0; at < ${#cases[@]}; at += 2)); do
		printf '%s\n5,5\n6,6\n' "${cases[at]}" > "$T/in"
		skips "$GOOD_CSV" "$T/${cases[at + 1]}" \
			"$TPI" -k sma:2 "$T/in" "$T/next.csv"
	done
	# tp-fetch import's own test of a file: a headerless CSV of 4 columns
	printf '1600000060000,1,1,1\n' > "$T/in"
	printf '[[1600000000000,1,1,1,1,1],[1600000120000,1,1,1,1,1]]' > "$T/next.json"
	skips "$GOOD_JA" "$T/in:1: headerless CSV with 4 columns: expected 6 (time, open, high, low, close, volume) or 12 (a Binance kline dump)" \
		"$TPF" import -k "$T/in" "$T/next.json"
	# a JSON array where a record stream is read
	printf '[[1,1]]\n' > "$T/in"
	skips "$GOOD_CSV" "$T/in:1: input is a JSON array, not a record stream (tp-fetch import reads candle arrays)" \
		"$TPI" -k sma:2 "$T/in" "$T/next.csv"
}

@test "--skip-bad gives up a compressed file that goes wrong and reads the next" {
	local last=1700000000000,1,1,1,1,1
	printf 'time,open,high,low,close,volume\n%s\n' "$last" > "$T/next.csv"
	# 2,000 candles, then the gzip stream cut in its middle, or its
	# CRC-32 (the trailer's first 4 of 8 bytes, RFC 1952 2.3.1) changed
	{ echo time,open,high,low,close,volume
	  seq 1600000000000 60000 1600119940000 | sed 's/$/,1,1,1,1,1/'; } |
		gzip -c > "$T/all.gz"
	head -c $(($(stat -c %s "$T/all.gz") / 2)) "$T/all.gz" > "$T/in"
	run --separate-stderr timeout 20 "$TPF" import -k "$T/in" "$T/next.csv"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tp-fetch: warning: skipped: $T/in: gzip data cut short" ]
	[ "${stderr_lines[1]}" = "tp-fetch: warning: skipped 1 bad record" ]
	[ "${lines[-1]}" = "$last" ]
	python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-8] ^= 0xff; sys.stdout.buffer.write(d)' "$T/all.gz" > "$T/in"
	run --separate-stderr timeout 20 "$TPF" import -k "$T/in" "$T/next.csv"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tp-fetch: warning: skipped: $T/in: bad gzip data: incorrect data check" ]
	[ "${stderr_lines[1]}" = "tp-fetch: warning: skipped 1 bad record" ]
	[ "${lines[-1]}" = "$last" ]
	# a zip archive
	printf 'time,close\n1,1\n3,3\n' > "$T/next.csv"
	printf 'PK\003\004rest' > "$T/in"
	skips "$GOOD_CSV" "$T/in: a zip archive, not a record stream: read its file with 'unzip -p $T/in'" \
		"$TPI" -k sma:2 "$T/in" "$T/next.csv"
}

@test "--skip-bad drops a record over 16 MiB in each format and reads on" {
	local z
	z=$(head -c $((17 << 20)) /dev/zero | tr '\0' z)
	printf 'time,close\n1,1\n2,%s\n3,3\n' "$z" > "$T/in"
	skips "$GOOD_CSV" "$T/in:3: record longer than 16777216 bytes" \
		"$TPI" -k sma:2 "$T/in"
	# quoted, with line breaks inside: the record ends past them
	printf 'time,close\n1,1\n2,"%s\n,\n%s"\n3,3\n' "$z" "$z" > "$T/in"
	skips "$GOOD_CSV" "$T/in:3: record longer than 16777216 bytes" \
		"$TPI" -k sma:2 "$T/in"
	printf '{"time":1,"close":1}\n{"z":"%s"}\n{"time":3,"close":3}\n' "$z" > "$T/in"
	skips "$GOOD_CSV" "$T/in:2: record longer than 16777216 bytes" \
		"$TPI" -k -f csv sma:2 "$T/in"
	# through a pipe, as tp-ind reads a live stream
	printf '{"time":1,"close":1}\n{"z":"%s"}\n{"time":3,"close":3}\n' "$z" > "$T/in"
	run --separate-stderr timeout 20 bash -c 'set -o pipefail; cat "$2" | "$1" -k -f csv sma:2' bash "$TPI" "$T/in"
	[ "$status" -eq 0 ]
	[ "$output" = "$GOOD_CSV" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tp-ind: warning: skipped: stdin:2: record longer than 16777216 bytes" ]
	[ "${stderr_lines[1]}" = "tp-ind: warning: skipped 1 bad record" ]
	# a JSON array element, a ']' in a string inside it
	printf '[[1600000000000,1,1,1,1,1],[1600000060000,"]%s",1,1,1,1],\n[1600000120000,1,1,1,1,1]]' "$z" > "$T/in"
	skips "$GOOD_JA" "$T/in:1: record longer than 16777216 bytes" \
		"$TPF" import -k "$T/in"
}

# ---- limits and slow inputs ----------------------------------------------

@test "records of 64,000 keys and headers of 60,000 columns read in linear time" {
	# The issue's inputs (two records of 64,000 keys took 10 s, a header
	# of 60,000 columns 2 s: a duplicate check comparing each name with
	# all before it), repeated so that such a check costs minutes while
	# one in linear time costs seconds; the 20 s guard is a hang guard.
	python3 -c '
keys = ",".join("\"k%d\":%d" % (i, i) for i in range(64000))
for r in range(1, 65):
    print("{\"time\":%d,\"close\":%d,%s}" % (r, r, keys))' > "$T/keys.ndjson"
	run --separate-stderr to_file "$T/out.ndjson" timeout 20 "$TPI" -f ndjson sma:2 "$T/keys.ndjson"
	[ "$status" -eq 0 ]
	# each record comes out whole, SMA(2) of the closes r - 1 and r
	# being r - 0.5 once two closes are there
	[ "$(wc -l < "$T/out.ndjson")" -eq 64 ]
	[ "$(sed -n 64p "$T/out.ndjson")" = "$(sed -n '64s/}$/,"sma_2":63.5}/p' "$T/keys.ndjson")" ]
	python3 -c 'print("time,close," + ",".join("c%d" % i for i in range(60000)))' > "$T/wide.csv"
	local files=() n
	for n in $(seq 64); do files+=("$T/wide.csv"); done
	run --separate-stderr to_file "$T/out.csv" timeout 20 "$TPI" sma:2 "${files[@]}"
	[ "$status" -eq 0 ]
	[ "$(cat "$T/out.csv")" = "$(cat "$T/wide.csv"),sma_2" ]
	# and a repeat among them is still found
	sed -i '1s/$/,c59999/' "$T/wide.csv"
	run --separate-stderr timeout 20 "$TPI" sma:2 "$T/wide.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $T/wide.csv:1: header: duplicate column name \"c59999\"" ]
	printf '{"time":1,"close":1,%s,"k0":1}\n' "$(seq 0 99 | sed 's/.*/"k&":1/' | paste -sd,)" > "$T/dup.ndjson"
	run --separate-stderr timeout 20 "$TPI" sma:2 "$T/dup.ndjson"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $T/dup.ndjson:1: duplicate field \"k0\"" ]
}

@test "the 65,537th field name is bad data naming its line, not an internal error" {
	# tp holds at most 65,536 field names in one run (TP_NAMES_MAX)
	python3 -c 'print(",".join("c%d" % i for i in range(100000)))' > "$T/cols.csv"
	run --separate-stderr "$TPI" sma:2 "$T/cols.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $T/cols.csv:1: too many field names: one run holds at most 65536" ]
	# 40,000 new keys in each of two records: the second has too many
	python3 -c '
for r in range(1, 3):
    print("{\"time\":%d,\"close\":1," % r + ",".join("\"r%dk%d\":1" % (r, i) for i in range(40000)) + "}")' > "$T/keys.ndjson"
	run --separate-stderr to_file /dev/null "$TPI" sma:2 "$T/keys.ndjson"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $T/keys.ndjson:2: too many field names: one run holds at most 65536" ]
}

@test "the 65,537th symbol is bad data naming its line in tp-ind, tp-predict and tp-backtest" {
	# one candle each of 65,537 symbols: the last one is one too many,
	# on line 65,538 after the header
	{ echo time,open,high,low,close,volume,symbol,enter_long
	  seq 65537 | sed 's/.*/1600000000000,1,1,1,1,1,S&,0/'; } > "$T/syms.csv"
	local want="$T/syms.csv:65538: too many symbols: one run holds at most 65536"
	run --separate-stderr to_file /dev/null "$TPI" sma:2 "$T/syms.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $want" ]
	run --separate-stderr to_file /dev/null "$BIN/tp-predict" --rule 'enter_long: close > 0' "$T/syms.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-predict: $want" ]
	run --separate-stderr "$BIN/tp-backtest" "$T/syms.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-backtest: $want" ]
}
