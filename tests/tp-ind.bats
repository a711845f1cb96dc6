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
	"$TPI" --list > "$BATS_TEST_TMPDIR/list"
	tail -n +2 "$BATS_TEST_TMPDIR/list" | cut -d' ' -f1 | while read -r name; do
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
	set -o pipefail	# both tp-ind runs of the pipe exit 0
	"$TPI" ema:10 "$IN" | tail -n +11 | cut -d, -f1,7 | sed '1i time,close' |
		"$TPI" -f ndjson rsi:3 | sed -n 's/.*"rsi_3":\(.*\)}/\1/p' > "$BATS_TEST_TMPDIR/want"
	printf '%s\n' "${lines[@]}" | tail -n +10 | sed -n 's/.*"rsi_3":\(.*\)}/\1/p' > "$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "--field reads an input from another column" {
	sed '1s/close/last/' "$IN" > "$BATS_TEST_TMPDIR/last.csv"
	set -o pipefail	# tp-ind exits 0, not only cut
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

# ---- regime and events: hand-made series whose answer the rules give ----

# n candles a minute apart: time, then close = open = $2 + $3 * i,
# range +-$4 (default 1), volume 10
series() {
	awk -v n="$1" -v base="$2" -v step="$3" -v r="${4:-1}" 'BEGIN {
		print "time,open,high,low,close,volume"
		for (i = 0; i < n; i++) {
			c = base + step * i
			printf "%d,%s,%s,%s,%s,10\n", i * 60000, c, c + r, c - r, c
		}
	}'
}

@test "a steady climb is trend_up, a steady fall trend_down" {
	series 300 1000 2 > "$BATS_TEST_TMPDIR/up.csv"
	run --separate-stderr "$TPI" regime "$BATS_TEST_TMPDIR/up.csv"
	[ "$status" -eq 0 ]
	[ "${lines[300]##*,}" = "trend_up" ]
	series 300 2000 -2 > "$BATS_TEST_TMPDIR/down.csv"
	run --separate-stderr "$TPI" regime "$BATS_TEST_TMPDIR/down.csv"
	[ "$status" -eq 0 ]
	[ "${lines[300]##*,}" = "trend_down" ]
	# warm-up: missing until ATR's window (100 values after ATR starts)
	[ "${lines[1]##*,}" = "" ]
}

@test "a flat market is range, and a sudden wide candle volatile" {
	series 300 1000 0 > "$BATS_TEST_TMPDIR/flat.csv"
	echo "18000000,1000,1100,900,1000,10" >> "$BATS_TEST_TMPDIR/flat.csv"
	run --separate-stderr "$TPI" regime "$BATS_TEST_TMPDIR/flat.csv"
	[ "$status" -eq 0 ]
	[ "${lines[300]##*,}" = "range" ]
	[ "${lines[301]##*,}" = "volatile" ]
}

@test "regime thresholds are parameters" {
	series 300 1000 2 > "$BATS_TEST_TMPDIR/up.csv"
	run --separate-stderr "$TPI" regime:adxmin=101 "$BATS_TEST_TMPDIR/up.csv"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-ind: regime:adxmin=101: adxmin must be a number from 0 to 100" ]
}

@test "a volume spike is an event record after its candle, with a severity" {
	# candles of 0.2 %: wider ones would be flash moves within a minute
	{ series 30 100 0 0.1; echo "1800000,100,100.1,99.9,100,30"; } > "$BATS_TEST_TMPDIR/v.csv"
	run --separate-stderr "$TPI" -f ndjson events "$BATS_TEST_TMPDIR/v.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 32 ]
	# 30 against a mean of 10 is 3x, 1.5 times the 2x threshold: medium
	[ "${lines[31]}" = '{"type":"event","time":1800000,"event":"volume_spike","severity":"medium","ratio":1.5}' ]
}

@test "a volume dry-up and a flash crash are found" {
	{ series 30 100 0; echo "1800000,100,100,96,96,1"; } > "$BATS_TEST_TMPDIR/d.csv"
	run --separate-stderr "$TPI" -f ndjson events "$BATS_TEST_TMPDIR/d.csv"
	[ "$status" -eq 0 ]
	# the candle falls 4 % within its own minute, 8 times move1's 0.5 %
	# (Python: (100-96)/100/(0.5/100)); more than the 4.95 % under the
	# highest high of the last 5 minutes, 101, gives against move5's
	# 0.7 % ((101-96)/101/(0.7/100) = 7.07): critical
	grep -qx '{"type":"event","time":1800000,"event":"flash_crash","severity":"critical","ratio":8}' <<< "$output"
	# volume 1 against a mean of 10 is 0.1x, twice past 0.2x: high
	grep -qx '{"type":"event","time":1800000,"event":"volume_dryup","severity":"high","ratio":2}' <<< "$output"
}

@test "a flash move is a move within minutes of time, not candles" {
	# flat at 100 +-0.05, then three 1-minute steps of -0.25: by the
	# third, close 99.25 is 0.80 % under the 5 minutes' highest high,
	# 100.05, 1.14 times move5's 0.7 % (Python:
	# (100.05-99.25)/100.05/(0.7/100)); no step falls 0.5 % in its minute
	{ series 30 100 0 0.05
	  echo "1800000,100,100,99.75,99.75,10"
	  echo "1860000,99.75,99.75,99.5,99.5,10"
	  echo "1920000,99.5,99.5,99.25,99.25,10"
	} > "$BATS_TEST_TMPDIR/m1.csv"
	run --separate-stderr "$TPI" -f ndjson events "$BATS_TEST_TMPDIR/m1.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c '"event":"flash_' <<< "$output")" -eq 1 ]
	grep -qx '{"type":"event","time":1920000,"event":"flash_crash","severity":"low","ratio":1.1422859998572104}' <<< "$output"
	# The same candles 5 minutes apart: three of them fall 0.75 % in 15
	# minutes, under move15's 0.85 %, and no candle 0.7 % in its own 5
	awk -F, -v OFS=, 'NR > 1 { $1 *= 5 } 1' "$BATS_TEST_TMPDIR/m1.csv" > "$BATS_TEST_TMPDIR/m5.csv"
	run --separate-stderr "$TPI" -f ndjson events "$BATS_TEST_TMPDIR/m5.csv"
	[ "$status" -eq 0 ]
	refute grep -q '"event":"flash_' <<< "$output"
}

@test "a candle longer than a window is judged on a threshold scaled by sqrt of its length" {
	# hourly candles: move15's 0.85 % over 15 minutes is 0.85 * sqrt(4)
	# = 1.7 % over the hour; a fall of 4 % is 2.35 times that (Python:
	# ((100-96)/100)/((0.85/100)*math.sqrt(3600000/900000))), more than
	# move1's and move5's scaled (1.03, 1.65): high.  A fall of 1.5 % is
	# no event on the hour, where on a minute it would be critical.
	{ series 30 100 0 0.05 | awk -F, -v OFS=, 'NR > 1 { $1 *= 60 } 1'
	  echo "108000000,100,100,98.5,98.5,10"
	  echo "111600000,98.5,98.5,98.5,98.5,10"
	  echo "115200000,100,100,96,96,10"
	} > "$BATS_TEST_TMPDIR/h.csv"
	run --separate-stderr "$TPI" -f ndjson events "$BATS_TEST_TMPDIR/h.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c '"event":"flash_crash"' <<< "$output")" -eq 1 ]
	grep -qx '{"type":"event","time":115200000,"event":"flash_crash","severity":"high","ratio":2.3529411764705883}' <<< "$output"
}

@test "a flash move that deepens within its cooldown is reported again" {
	# 0.6 % in a minute: 1.2 times move1, low (Python:
	# (100-99.4)/100/(0.5/100)); the next minute closes 1.65 % under the
	# 5 minutes' high, 2.36 times move5 ((100.05-98.4)/100.05/(0.7/100)):
	# high, reported in the cooldown; the third, still high (2.50), is not
	{ series 30 100 0 0.05
	  echo "1800000,100,100,99.4,99.4,10"
	  echo "1860000,99.4,99.4,98.4,98.4,10"
	  echo "1920000,98.4,98.6,98.3,98.5,10"
	} > "$BATS_TEST_TMPDIR/e.csv"
	run --separate-stderr "$TPI" -f ndjson events "$BATS_TEST_TMPDIR/e.csv"
	[ "$status" -eq 0 ]
	[ "$(grep -c '"event":"flash_crash"' <<< "$output")" -eq 2 ]
	grep -qx '{"type":"event","time":1800000,"event":"flash_crash","severity":"low","ratio":1.1999999999999886}' <<< "$output"
	grep -qx '{"type":"event","time":1860000,"event":"flash_crash","severity":"high","ratio":2.355964874705492}' <<< "$output"
}

# The bundled Binance BTC/USDT hours (share/data/SOURCES.md): the days of
# the crashes named in issue 22 (LUNA, 2022-05-09 to 05-12; 2022-06-13;
# FTX, 2022-11-08 and 09; 2024-08-05) each have a high or critical event;
# July 2023, the month of 2023 whose hourly closes moved least (the root
# mean square of their log changes, 0.29 %, against 0.31 % to 0.70 % for
# the other months), has almost no flash move.
@test "on the bundled 1h candles crash days are high or critical, a quiet month almost silent" {
	"$TPI" -f ndjson events "$DATA/binance_BTCUSDT_1h.csv" |
		grep '"type":"event"' > "$BATS_TEST_TMPDIR/ev"
	for d in 2022-05-09 2022-05-10 2022-05-11 2022-05-12 2022-06-13 \
	    2022-11-08 2022-11-09 2024-08-05; do
		from=$(date -u -d "$d" +%s)000
		jq -e --argjson from "$from" -s 'map(select(.time >= $from and
		    .time < $from + 86400000 and
		    (.severity == "high" or .severity == "critical"))) |
		    length > 0' "$BATS_TEST_TMPDIR/ev" > /dev/null ||
			{ echo "no high event on $d"; return 1; }
	done
	from=$(date -u -d 2023-07-01 +%s)000
	to=$(date -u -d 2023-08-01 +%s)000
	jq -c --argjson from "$from" --argjson to "$to" 'select(.time >= $from
	    and .time < $to and (.event | startswith("flash_")))' \
		"$BATS_TEST_TMPDIR/ev" > "$BATS_TEST_TMPDIR/july"
	# a few low ones in 744 hours, none higher
	[ "$(wc -l < "$BATS_TEST_TMPDIR/july")" -le 6 ]
	refute grep -v -q '"severity":"low"' "$BATS_TEST_TMPDIR/july"
}

@test "an event kind stays quiet for its cooldown" {
	{ series 30 100 0
	  for i in 30 31 32 33 34 35 36; do echo "$((i * 60000)),100,101,99,100,1000"; done
	} > "$BATS_TEST_TMPDIR/c.csv"
	run --separate-stderr "$TPI" -f ndjson events:cooldown=2 "$BATS_TEST_TMPDIR/c.csv"
	[ "$status" -eq 0 ]
	# spikes at bars 30, 33 and 36 only; the window's mean catches up
	# later, so count the spikes of the first three bars of quiet
	[ "$(grep -c '"volume_spike"' <<< "$output")" -ge 2 ]
	refute grep -q '"time":1860000,"event":"volume_spike"' <<< "$output"
	refute grep -q '"time":1920000,"event":"volume_spike"' <<< "$output"
}

@test "events as fields write a severity per kind on each candle" {
	{ series 30 100 0; echo "1800000,100,101,99,100,30"; } > "$BATS_TEST_TMPDIR/v.csv"
	run --separate-stderr "$TPI" --events-as fields events "$BATS_TEST_TMPDIR/v.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,event_flash_crash,event_flash_rally,event_volume_spike,event_volume_dryup,event_volatility_spike,event_trend_up,event_trend_down" ]
	[ "${lines[31]}" = "1800000,100,101,99,100,30,,,medium,,,," ]
}

@test "events needs the time: flash moves are over minutes" {
	printf 'open,high,low,close,volume\n1,2,0.5,1.5,10\n' > "$BATS_TEST_TMPDIR/nt.csv"
	run --separate-stderr "$TPI" --events-as fields events "$BATS_TEST_TMPDIR/nt.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == 'tp-ind: '*'nt.csv:2: no field "time" (events needs it)'* ]]
}

@test "event records need NDJSON output" {
	run --separate-stderr "$TPI" events "$IN"
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-ind: event records need NDJSON output: add -f ndjson, or --events-as fields" ]
}

@test "every long option in --help is in the man page" {
	"$TPI" --help > "$BATS_TEST_TMPDIR/help"
	grep -o -- '--[a-z-]*' "$BATS_TEST_TMPDIR/help" | sort -u > "$BATS_TEST_TMPDIR/opts"
	[ -s "$BATS_TEST_TMPDIR/opts" ]
	while read -r opt; do
		grep -q -- "${opt#--}" "$TOP/man/man1/tp-ind.1" ||
			{ echo "missing from tp-ind.1: $opt"; return 1; }
	done < "$BATS_TEST_TMPDIR/opts"
}

@test "a write error exits 74, a reader going away exits 0" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr sh -c '"$0" rsi "$1" > /dev/full' "$TPI" "$IN"
	[ "$status" -eq 74 ]
	[ "$stderr" = "tp-ind: write error: No space left on device" ]
	run --separate-stderr bash -c 'set -o pipefail; "$0" rsi macd "$1" | head -n 2' "$TPI" "$TOP/share/data/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "--strategy computes exactly the indicators the strategy lists" {
	run --separate-stderr "$TPI" --strategy "$TOP/share/strategies/rsi_reversion.json" "$IN"
	[ "$status" -eq 0 ]
	# share/strategies/rsi_reversion.json lists rsi:14 and ema:200
	[ "${lines[0]}" = "time,open,high,low,close,volume,rsi_14,ema_200" ]
	"$TPI" rsi:14 ema:200 "$IN" > "$BATS_TEST_TMPDIR/want"
	printf '%s\n' "${lines[@]}" | cmp "$BATS_TEST_TMPDIR/want" -
}

@test "--strategy with a bad file exits 78 naming it" {
	printf '{"indicators": ["rsi:14"], "rules": {}, "stop_loss": -0.1}\n' > "$BATS_TEST_TMPDIR/s.json"
	run --separate-stderr "$TPI" --strategy "$BATS_TEST_TMPDIR/s.json" "$IN"
	[ "$status" -eq 78 ]
	[[ "$stderr" == "tp-ind: $BATS_TEST_TMPDIR/s.json: "* ]]
}

@test "a field the record already has is replaced where it stands, not repeated" {
	"$TPI" ema:10 "$IN" > "$BATS_TEST_TMPDIR/once"
	set -o pipefail	# both tp-ind runs of the pipe exit 0
	"$TPI" ema:10 "$IN" | "$TPI" ema:10 > "$BATS_TEST_TMPDIR/twice"
	[ "$(head -1 "$BATS_TEST_TMPDIR/twice")" = "time,open,high,low,close,volume,ema_10" ]
	cmp "$BATS_TEST_TMPDIR/once" "$BATS_TEST_TMPDIR/twice"
	# NDJSON: the field keeps its place before the fields after it
	run --separate-stderr "$TPI" -f ndjson ema:2 <<< $'time,close,ema_2,note\n1,1,9,a\n2,3,9,b'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"time":1,"close":1,"ema_2":null,"note":"a"}' ]
	# EMA(2) of 1, 3 seeds with their mean, 2 (TA-Lib's EMA starts from an SMA)
	[ "${lines[1]}" = '{"time":2,"close":3,"ema_2":2,"note":"b"}' ]
}

@test "a later indicator reads the value computed again, not the old one" {
	run --separate-stderr "$TPI" -f ndjson sma:2 'x=midpoint:2@sma_2' <<< $'time,close,sma_2\n1,1,100\n2,3,100\n3,5,100'
	[ "$status" -eq 0 ]
	# sma_2 is 2 then 4 ((1 + 3) / 2, (3 + 5) / 2); MIDPOINT, (highest +
	# lowest) / 2 over 2 values, is 3, not the old 100
	[ "${lines[2]}" = '{"time":3,"close":5,"sma_2":4,"x":3}' ]
}

@test "a strategy's indicators computed twice feed tp-predict once" {
	s=$TOP/share/strategies/rsi_reversion.json
	# every program of the pipe exits 0, tp-predict too when head goes away
	run --separate-stderr bash -c "set -o pipefail; '$TPI' -s '$s' < '$IN' | '$TPI' -s '$s' | '$BIN/tp-predict' -s '$s' | head -1"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(tr ',' '\n' <<< "$output" | sort | uniq -d)" = "" ]
}

@test "two specs writing the same field are a usage error naming both" {
	run --separate-stderr "$TPI" stoch:5,3 stoch "$IN"
	[ "$status" -eq 64 ]
	[[ "${stderr_lines[0]}" == 'tp-ind: stoch:5,3 and stoch both write "stoch_k_5_3"'* ]]
	[ "$output" = "" ]
	run --separate-stderr "$TPI" ema:10 ema:10 "$IN"
	[ "$status" -eq 64 ]
}

@test "a repeated time is bad data naming the line; --skip-bad drops it" {
	printf 'time,close\n1,1\n2,2\n2,5\n3,3\n' > "$BATS_TEST_TMPDIR/dup.csv"
	run --separate-stderr "$TPI" sma:2 "$BATS_TEST_TMPDIR/dup.csv"
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-ind: $BATS_TEST_TMPDIR/dup.csv:4: time 2 (1970-01-01T00:00:00.002Z) repeats: "* ]]
	run --separate-stderr "$TPI" -k sma:2 "$BATS_TEST_TMPDIR/dup.csv"
	[ "$status" -eq 0 ]
	# the repeat leaves the state alone: sma_2 of 2 then 3 is 2.5
	[ "$output" = $'time,close,sma_2\n1,1,\n2,2,1.5\n3,3,2.5' ]
}

@test "a time going back is bad data, per symbol" {
	run --separate-stderr "$TPI" sma:2 <<< $'time,close\n10,1\n20,2\n15,5'
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-ind: stdin:4: time 15 (1970-01-01T00:00:00.015Z) goes back before 20 (1970-01-01T00:00:00.020Z): "* ]]
	# interleaved symbols each keep their own order
	run --separate-stderr "$TPI" sma:2 <<< $'time,symbol,close\n10,A,1\n5,B,2\n20,A,3\n6,B,4'
	[ "$status" -eq 0 ]
	run --separate-stderr "$TPI" sma:2 <<< $'time,symbol,close\n10,A,1\n5,B,2\n20,A,3\n5,B,4'
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-ind: stdin:5: time 5 (1970-01-01T00:00:00.005Z) of B repeats: "* ]]
}

@test "a time outside 1970 to 2200 is bad data naming the line; --skip-bad drops it" {
	# 2200-01-01T00:00:00Z is 7258118400 s (GNU date): one ms past it is
	# out, and so is a 17-digit time, which the digits-only fast path
	# reads without the general parser (issue 20)
	for t in 7258118400001 99999999999999999 -5; do
		run --separate-stderr "$TPI" sma:2 <<< $'time,close\n1,1\n'"$t"',2'
		[ "$status" -eq 65 ]
		[ "$stderr" = 'tp-ind: stdin:3: field "time": time out of range (1970-01-01 to 2200-01-01)' ]
	done
	run --separate-stderr "$TPI" -k sma:2 <<< $'time,close\n1,1\n99999999999999999,2\n-5,7\n7258118400000,3'
	[ "$status" -eq 0 ]
	# the bad rows leave the state alone: sma_2 of 1 then 3 is 2
	[ "$output" = $'time,close,sma_2\n1,1,\n7258118400000,3,2' ]
}

@test "every word after -- is a file" {
	cp "$IN" "$BATS_TEST_TMPDIR/rsi:2"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr "$TPI" rsi:14 -- "$IN" < /dev/null
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq "$(wc -l < "$IN")" ]
	run --separate-stderr "$TPI" rsi:14 -- rsi:2 < /dev/null
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq "$(wc -l < "$IN")" ]
}

@test "a mistyped file is a file that cannot be opened, a mistyped indicator unknown" {
	run --separate-stderr "$TPI" rsi:14 btc.cvs
	[ "$status" -eq 66 ]
	[ "$stderr" = "tp-ind: btc.cvs: cannot open: No such file or directory" ]
	run --separate-stderr "$TPI" rsi:14 data/btc
	[ "$status" -eq 66 ]
	run --separate-stderr "$TPI" rsx:14 "$IN"
	[ "$status" -eq 64 ]
	[[ "${stderr_lines[0]}" == *'unknown indicator "rsx"; did you mean "rsi"?' ]]
}

@test "output flows while a pipe's input is still open" {
	# header and two rows in, the pipe left open: both rows come out
	tp_streams 3 "$IN" 3 "$TPI" ema:2
}

@test "a date, timestamp or open_time column is read as the time" {
	# pandas' to_csv of a freqtrade dataframe: "date" as ISO 8601 with offset
	run --separate-stderr "$TPI" sma:2 <<< $'date,close\n2024-01-01 00:00:00+00:00,1\n2024-01-01 00:00:00+00:00,3'
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-ind: stdin:3: time 1704067200000 (2024-01-01T00:00:00Z) repeats: "* ]]
	run --separate-stderr "$TPI" sma:2 <<< $'open_time,close\n1,1\n2,3'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,close,sma_2" ]
	run --separate-stderr "$TPI" sma:2 <<< $'{"Timestamp":1,"close":1}\n{"Timestamp":2,"close":3}'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '{"time":2,"close":3,"sma_2":2}' ]
	# a "time" field wins: "date" passes through as itself
	run --separate-stderr "$TPI" sma:2 <<< $'time,date,close\n1,x,1\n2,y,3'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,date,close,sma_2" ]
}

@test "pretty-printed JSON, an array of records and ';' CSV get a hint" {
	printf '{\n  "time": 1,\n  "close": 2\n}\n' > "$BATS_TEST_TMPDIR/p.json"
	run --separate-stderr "$TPI" sma:2 "$BATS_TEST_TMPDIR/p.json"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $BATS_TEST_TMPDIR/p.json:1: pretty-printed JSON: tp reads one record per line, as jq -c prints them" ]
	run --separate-stderr "$TPI" sma:2 <<< '[{"time": 1, "close": 2}]'
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"not a record stream (one record per line: jq -c '.[]')" ]]
	run --separate-stderr "$TPI" sma:2 <<< $'time;close\n1;2,5'
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-ind: stdin:1: header: columns separated by ';': "* ]]
}

@test "--strategy: a stream shorter than its indicators' warm-up is warned about once, at the end" {
	cd "$BATS_TEST_TMPDIR"
	D=$TOP/share/data/binance_BTCUSDT_1h.csv
	# TA-Lib's SMA lookback is period - 1 (ta_SMA.c TA_SMA_Lookback): the
	# 20th candle has the first value of sma:20, and an SMA remembers
	# nothing older, so 20 candles are its whole warm-up.
	printf '%s\n' '{ "indicators": ["sma:20"], "rules": {' \
		'"x": { "when": "close > sma_20", "action": "enter_long" } } }' > sma.json
	run --separate-stderr "$TPI" -s sma.json <(head -21 "$D")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 21 ]
	run --separate-stderr "$TPI" -s sma.json <(head -20 "$D")
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 20 ]
	[ "$stderr" = "tp-ind: sma.json: 19 candles a symbol, fewer than the warm-up of its indicators, 20 (tp-predict --warmup gives the strategy's): the values differ from those of a longer history" ]
	# per symbol: two symbols of 15 candles each are short, though 30 > 20
	awk -F, -v OFS=, 'NR == 1 { print $0, "symbol"; next }
		{ print $0, "A"; print $0, "B" }' <(head -16 "$D") > two.csv
	run --separate-stderr "$TPI" -s sma.json two.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "tp-ind: sma.json: 15 candles a symbol, fewer than the warm-up of its indicators, 20 (tp-predict --warmup gives the strategy's): the values differ from those of a longer history" ]
	# plain specs promise no warm-up: no warning
	run --separate-stderr "$TPI" sma:20 <(head -5 "$D")
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "a message quoting input never passes a terminal control, C1 (UTF-8 C2 80..9F) included; other text stays" {
	# ECMA-48 / ISO 6429: U+009B is CSI, obeyed by some terminals as ESC [
	printf 'time,open,high,low,close,volume\n1704067200000,1,1,1,\xc2\x9b31m\x1b[2J\xc3\xa9,1\n' > "$BATS_TEST_TMPDIR/c1.csv"
	run --separate-stderr "$TPI" sma:2 "$BATS_TEST_TMPDIR/c1.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-ind: $BATS_TEST_TMPDIR/c1.csv:2: field \"close\" is not a number: \"??31m?[2Jé\"" ]
}
