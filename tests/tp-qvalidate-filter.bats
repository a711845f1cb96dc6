#!/usr/bin/env bats
# tp-qvalidate as a filter (scores, vetoes, fallbacks) and tp-qvalidate
# train.  The hand-made models have every angle 0, so a one-qubit model is
# its encoding alone: RY(t)|0> = cos(t/2)|0> + sin(t/2)|1> (Nielsen and
# Chuang, eq. 4.5) with t = pi (x + 1) / 2, x = (v - mean) / scale clipped
# to [-1, 1], so the score P(1) = sin^2(pi (x + 1) / 4): 0 at x = -1, 1/2
# at 0, (2 + sqrt 2) / 4 = 0.853553390593273762... at 1/2, 1 at 1.

load helpers

setup() {
	tp_setup
	TPQ=$BIN/tp-qvalidate
	W=$BATS_TEST_TMPDIR
	# one qubit, one layer, feature x with mean 0 and scale 1
	cat > "$W/m1.json" <<'JSON'
{"format": "tp-qvalidate model", "version": 1, "qubits": 1, "layers": 1,
 "readout": "p1(q0)", "features": ["x"], "mean": [0], "scale": [1],
 "theta": [0, 0]}
JSON
	cat > "$W/sig.ndjson" <<'REC'
{"time":1,"close":10,"x":0,"signal":"enter_long","confidence":0.9,"tag":"dip"}
{"time":2,"close":11,"x":1,"signal":"enter_long","confidence":0.8}
{"time":3,"close":12,"x":-1,"signal":"enter_short","confidence":0.7}
{"time":4,"close":13,"x":1,"signal":"exit_long","confidence":0.6}
{"time":5,"close":14,"x":0.5,"signal":"enter_long","confidence":0.5}
{"time":6,"close":15,"x":0.5,"signal":null,"confidence":null}
{"time":7,"close":16,"x":-5,"signal":"enter_long","confidence":0.5}
REC
}

# near GOT WANT: two numbers within 1e-15
near() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 1e-15 && d > -1e-15) }'
}

# field N F: field F of record N (1-based) of $output, as jq prints it
field() {
	printf '%s\n' "$output" | sed -n "${1}p" | jq -c ".$2"
}

@test "signals get a qscore; weak entries lose their signal to veto qvalidate" {
	run --separate-stderr "$TPQ" --model "$W/m1.json" "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 7 ]
	# x = 0: 1/2, under 0.6: vetoed; the decision goes (its signal, and
	# the confidence and tag tp-predict gave it), the rest is kept
	near "$(field 1 qscore)" 0.5
	[ "$(field 1 signal)" = "null" ]
	[ "$(field 1 veto)" = '"qvalidate"' ]
	[ "$(field 1 confidence)" = "null" ]
	[ "$(field 1 tag)" = "null" ]
	[ "$(field 1 close)" = "10" ]
	[ "$(field 1 x)" = "0" ]
	# x = 1: 1, kept
	[ "$(field 2 qscore)" = "1" ]
	[ "$(field 2 signal)" = '"enter_long"' ]
	[ "$(field 2 veto)" = "null" ]
	# a short at x = -1: 1 - 0 = 1, kept
	[ "$(field 3 qscore)" = "1" ]
	[ "$(field 3 signal)" = '"enter_short"' ]
	# an exit pointing against the model: scored 0, not vetoed
	[ "$(field 4 qscore)" = "0" ]
	[ "$(field 4 signal)" = '"exit_long"' ]
	# x = 1/2: (2 + sqrt 2) / 4
	near "$(field 5 qscore)" 0.853553390593273762
	[ "$(field 5 signal)" = '"enter_long"' ]
	# no signal: nothing to score
	[ "$(field 6 qscore)" = "null" ]
	[ "$(field 6 veto)" = "null" ]
	# far below the mean: clipped to -1, scored 0
	[ "$(field 7 qscore)" = "0" ]
	[ "$(field 7 veto)" = '"qvalidate"' ]
	[ "$(field 7 confidence)" = "null" ]
	# a veto adds no field the record did not have
	[ "$(printf '%s\n' "$output" | sed -n 7p | jq -c 'has("tag")')" = false ]
	# a kept signal keeps its confidence
	[ "$(field 2 confidence)" = "0.8" ]
	[ "$stderr" = "" ]
}

@test "--threshold, --veto-exits and --annotate-only" {
	run --separate-stderr "$TPQ" --model "$W/m1.json" --threshold 0.4 "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[ "$(field 1 signal)" = '"enter_long"' ]
	[ "$(field 7 signal)" = "null" ]
	run --separate-stderr "$TPQ" -m "$W/m1.json" -t 0.95 "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[ "$(field 5 signal)" = "null" ]
	run --separate-stderr "$TPQ" --model "$W/m1.json" --veto-exits "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[ "$(field 4 signal)" = "null" ]
	[ "$(field 4 veto)" = '"qvalidate"' ]
	run --separate-stderr "$TPQ" --model "$W/m1.json" --annotate-only "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[ "$(field 1 signal)" = '"enter_long"' ]
	near "$(field 1 qscore)" 0.5
	[ "$(field 7 signal)" = '"enter_long"' ]
	refute grep -q veto <<< "$output"
	run --separate-stderr "$TPQ" --threshold 1.5 --model "$W/m1.json" "$W/sig.ndjson"
	[ "$status" -eq 64 ]
}

@test "without a model, or with too many qubits, signals pass through with a warning" {
	run --separate-stderr "$TPQ" "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"warning: no --model: signals pass through unscored"* ]]
	[ "$(field 1 signal)" = '"enter_long"' ]
	[ "$(field 1 qscore)" = "null" ]
	[ "$(field 7 signal)" = '"enter_long"' ]
	sed 's/"qubits": 1/"qubits": 3/; s/"theta": \[0, 0\]/"theta": [0, 0, 0, 0, 0, 0]/' \
		"$W/m1.json" > "$W/m3.json"
	run --separate-stderr "$TPQ" --model "$W/m3.json" --max-qubits 2 "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"3 qubits, over --max-qubits 2: signals pass through unscored"* ]]
	[ "$(field 7 signal)" = '"enter_long"' ]
	[ "$(field 7 qscore)" = "null" ]
	# a record missing a feature keeps its signal, and the count is told
	printf '{"time":8,"signal":"enter_long"}\n' > "$W/in"
	run --separate-stderr "$TPQ" --model "$W/m1.json" < "$W/in"
	[ "$status" -eq 0 ]
	[ "$(field 1 signal)" = '"enter_long"' ]
	[[ "$stderr" == *"1 signals passed through unscored: a feature was missing"* ]]
}

@test "--gpu gives the CPU's results, on the CPU with a warning when there is no GPU" {
	"$TPQ" --model "$W/m1.json" "$W/sig.ndjson" > "$W/cpu"
	run --separate-stderr "$TPQ" --gpu --batch 3 --model "$W/m1.json" "$W/sig.ndjson"
	[ "$status" -eq 0 ]
	diff "$W/cpu" <(printf '%s\n' "$output")
	# no GPU here, or a build without nvcc: said, then the CPU
	if [ -n "$stderr" ]; then
		[[ "$stderr" == *"warning: "*"CUDA"* ]]
		[[ "$stderr" == *"scoring on the CPU"* ]]
	fi
}

@test "CSV in, CSV out, qscore and veto columns even with no rows" {
	jq -r '[.time, .x, (.signal // "")] | @csv' "$W/sig.ndjson" |
		sed '1i time,x,signal' | tr -d '"' > "$W/sig.csv"
	run --separate-stderr "$TPQ" --model "$W/m1.json" "$W/sig.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,x,signal,qscore,veto" ]
	[[ "${lines[1]}" == "1,0,,0.4999999999999999,qvalidate" ||
	   "${lines[1]}" == "1,0,,0.5,qvalidate" ]]
	[ "${lines[2]}" = "2,1,enter_long,1," ]
	[ "${lines[6]}" = "6,0.5,,," ]
	printf 'time,x,signal\n' > "$W/in"
	run --separate-stderr "$TPQ" --model "$W/m1.json" < "$W/in"
	[ "$status" -eq 0 ]
	[ "$output" = "time,x,signal,qscore,veto" ]
	printf '' > "$W/in"
	run --separate-stderr "$TPQ" --model "$W/m1.json" < "$W/in"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "bad records and bad models are refused with the input and line" {
	printf '{"x":1,"signal":"enter_long"}\n{"x":"abc","signal":"enter_long"}\n' > "$W/bad1"
	run --separate-stderr "$TPQ" --model "$W/m1.json" "$W/bad1"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"bad1:2: field \"x\" is not a number"* ]]
	[ "${#lines[@]}" -eq 1 ]
	run --separate-stderr "$TPQ" --model "$W/m1.json" --skip-bad "$W/bad1"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$stderr" == *"skipped"* ]]
	printf '{"x":1,"signal":"moon"}\n' > "$W/bad2"
	run --separate-stderr "$TPQ" --model "$W/m1.json" "$W/bad2"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'bad2:1: field "signal": unknown signal "moon"'* ]]
	printf '{"x":1e999,"signal":"buy"}\n{"x":NaN}\n' > "$W/bad3"
	run --separate-stderr "$TPQ" --model "$W/m1.json" "$W/bad3"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"bad3:1:"* ]]
	printf '{"x":1,"signal":"enter_long"\n' > "$W/bad4"
	run --separate-stderr "$TPQ" --model "$W/m1.json" "$W/bad4"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"bad4:1:"* ]]
	run --separate-stderr "$TPQ" --model "$W/none.json" "$W/sig.ndjson"
	[ "$status" -eq 66 ]
	[ "$output" = "" ]
	printf '{"format": "tp-qvalidate model", "version": 1,' > "$W/cut.json"
	run --separate-stderr "$TPQ" --model "$W/cut.json" "$W/sig.ndjson"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"cut.json:1: not JSON"* ]]
	[ "$output" = "" ]
	sed 's/"scale": \[1\]/"scale": [1, 2]/' "$W/m1.json" > "$W/m2.json"
	run --separate-stderr "$TPQ" --model "$W/m2.json" "$W/sig.ndjson"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'"scale": expected an array of 1 numbers'* ]]
	echo '{"format": "other"}' > "$W/other.json"
	run --separate-stderr "$TPQ" --model "$W/other.json" "$W/sig.ndjson"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"not a tp-qvalidate model"* ]]
	run --separate-stderr "$TPQ" --features x "$W/sig.ndjson"
	[ "$status" -eq 64 ]
}

# rows N: N rows of x in (-1, 1) from a fixed sequence and y = (x > 0.3);
# a rule a one-qubit model can express: P(1) rises with x.
rows() {
	# Park and Miller's generator: exact in awk's doubles
	awk -v n="$1" 'BEGIN { s = 12345; print "time,x,y";
	    for (i = 1; i <= n; i++) { s = (s * 16807) % 2147483647;
	        x = s / 1073741823.5 - 1; printf "%d,%.6f,%d\n", i, x, (x > 0.3) } }'
}

@test "train learns a rule it can express, and says how well on held-out rows" {
	rows 400 > "$W/rule.csv"
	run --separate-stderr "$TPQ" train --features x --label y --qubits 1 \
		--layers 1 --epochs 40 --batch 16 --rate 0.1 "$W/rule.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" > "$W/rule.json"
	[ "$(jq -r .format "$W/rule.json")" = "tp-qvalidate model" ]
	[ "$(jq .version "$W/rule.json")" = "1" ]
	[ "$(jq -c .features "$W/rule.json")" = '["x"]' ]
	[ "$(jq .training.train_rows "$W/rule.json")" = "320" ]
	[ "$(jq .training.holdout_rows "$W/rule.json")" = "80" ]
	jq -e '.training.holdout_accuracy >= 0.9 and .training.train_accuracy >= 0.9' "$W/rule.json"
	[[ "$stderr" == *"trained on 320 rows"*"held-out accuracy 0.9"* ||
	   "$stderr" == *"trained on 320 rows"*"held-out accuracy 1.0000"* ]]
	# the model it wrote vetoes what the rule says is weak
	printf '{"x":0.9,"signal":"enter_long"}\n{"x":-0.9,"signal":"enter_long"}\n' > "$W/in"
	run --separate-stderr "$TPQ" --model "$W/rule.json" < "$W/in"
	[ "$status" -eq 0 ]
	[ "$(field 1 signal)" = '"enter_long"' ]
	[ "$(field 2 veto)" = '"qvalidate"' ]
}

@test "train is seeded: the same seed gives the same file, another seed another" {
	rows 120 > "$W/rule.csv"
	opts=(train -F x -l y -q 2 -L 2 -e 3 --holdout 0.25)
	"$TPQ" "${opts[@]}" --seed 7 -o "$W/a.json" "$W/rule.csv" 2>/dev/null
	"$TPQ" "${opts[@]}" --seed 7 < "$W/rule.csv" > "$W/b.json" 2>/dev/null
	"$TPQ" "${opts[@]}" --seed 8 "$W/rule.csv" > "$W/c.json" 2>/dev/null
	cmp "$W/a.json" "$W/b.json"
	refute cmp -s "$W/a.json" "$W/c.json"
	[ "$(jq .training.seed "$W/a.json")" = "7" ]
	# replaced whole: no temporary file left beside it
	[ "$(find "$W" -name 'a.json.tmp*')" = "" ]
}

@test "train derives next_return_sign from the next close, per symbol" {
	# RSI's first value is on row 15 (TA-Lib's lookback, 14), and the last
	# row of a series has no next close: 16 of 40 rows are not used.
	head -41 "$TOP/share/data/binance_BTCUSDT_1d.csv" |
		"$BIN/tp-ind" rsi:14 > "$W/btc.csv"
	run --separate-stderr "$TPQ" train --features rsi_14,close \
		--label next_return_sign --epochs 1 --holdout 0 "$W/btc.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" > "$W/m.json"
	[ "$(jq .training.rows "$W/m.json")" = "25" ]
	[ "$(jq .training.skipped "$W/m.json")" = "15" ]
	[ "$(jq .training.holdout_accuracy "$W/m.json")" = "null" ]
	[ "$(jq -r .label "$W/m.json")" = "next_return_sign" ]
	# rows labelled 1: lines 16 to 40 whose next line's close is higher
	want=$(awk -F, 'NR > 1 { c[NR] = $5 }
	    END { for (i = 16; i <= 40; i++) k += (c[i + 1] > c[i]); print k }' "$W/btc.csv")
	[ "$(jq .training.positive "$W/m.json")" = "$want" ]
	# two symbols interleaved: each row's label comes from its own symbol
	awk -F, 'NR == 1 { print $0 ",symbol"; next }
	    { print $0 ",AAA"; $5 = 1000 - NR; print $1 "," $2 "," $3 "," $4 "," $5 "," $6 "," $7 ",BBB" }' \
		"$W/btc.csv" > "$W/two.csv"
	run --separate-stderr "$TPQ" train -F rsi_14 -l next_return_sign -e 1 --holdout 0 "$W/two.csv"
	[ "$status" -eq 0 ]
	# AAA: the same 25 rows and ups; BBB: closes falling, 25 rows, none up
	[ "$(printf '%s\n' "$output" | jq .training.rows)" = "50" ]
	[ "$(printf '%s\n' "$output" | jq .training.positive)" = "$want" ]
}

@test "train refuses what it cannot use, naming the input and line" {
	rows 50 > "$W/rule.csv"
	run --separate-stderr "$TPQ" train --label y "$W/rule.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--features is required"* ]]
	run --separate-stderr "$TPQ" train -F x "$W/rule.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPQ" train -F x -l y --qubits 21 "$W/rule.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPQ" train -F x,,z -l y "$W/rule.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPQ" train -F x -l y --threshold 0.5 "$W/rule.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPQ" train -F nope -l y -e 1 "$W/rule.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'rule.csv:2: no field "nope"'* ]]
	run --separate-stderr "$TPQ" train -F x -l z -e 1 "$W/rule.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'no field "z"'* ]]
	sed '5s/,[-0-9.]*,/,oops,/' "$W/rule.csv" > "$W/bad.csv"
	run --separate-stderr "$TPQ" train -F x -l y -e 1 -o "$W/out.json" "$W/bad.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'bad.csv:5: field "x" is not a number'* ]]
	[ ! -e "$W/out.json" ]
	run --separate-stderr "$TPQ" train -F x -l y -e 1 -k -o "$W/out.json" "$W/bad.csv"
	[ "$status" -eq 0 ]
	[ "$(jq .training.rows "$W/out.json")" = "49" ]
	printf '' > "$W/in"
	run --separate-stderr "$TPQ" train -F x -l y < "$W/in"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"no row to train on"* ]]
	printf 'x,y\n,1\n2,\n' > "$W/in"
	run --separate-stderr "$TPQ" train -F x -l y < "$W/in"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"no row to train on: 0 rows"* ]]
	run --separate-stderr "$TPQ" train -F x -l y -o /nonexistent/dir/m.json "$W/rule.csv"
	[ "$status" -eq 74 ]
	# next_return_sign needs the next candle in time: no repeats, no going back
	printf 'time,close,x\n1,10,1\n2,11,2\n2,12,3\n' > "$W/dup.csv"
	run --separate-stderr "$TPQ" train -F x -l next_return_sign "$W/dup.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"dup.csv:4: time 2 (1970-01-01T00:00:00.002Z) repeats"*"tp-fetch fix --sort --dedupe"* ]]
	printf 'time,close,x\n1,10,1\n3,11,2\n2,12,3\n' > "$W/back.csv"
	run --separate-stderr "$TPQ" train -F x -l next_return_sign "$W/back.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"back.csv:4: time 2 (1970-01-01T00:00:00.002Z) goes back after 3 (1970-01-01T00:00:00.003Z)"* ]]
	printf 'time,close,x\n1,10,1\nsoon,11,2\n' > "$W/when.csv"
	run --separate-stderr "$TPQ" train -F x -l next_return_sign "$W/when.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'when.csv:3: field "time": not a time'* ]]
}

@test "train's summary counts the training rows' labels; the man page's example is this run" {
	# tp-qvalidate(1)'s EXAMPLES, on the first 8760 hours of 2022 of the
	# bundled Binance BTC/USDT candles (share/data/SOURCES.md)
	head -8761 "$DATA/binance_BTCUSDT_1h.csv" |
		"$BIN/tp-ind" rsi:14 macd:12,26,9 atr:14 > "$W/history.csv"
	"$TPQ" train --features rsi_14,macd_hist_12_26_9,atr_14 \
		--label next_return_sign < "$W/history.csv" > "$W/model.json" 2> "$W/err"
	# the line the man page shows, unwrapped
	sed -n '/^tp-qvalidate: trained on/,/rows)$/p' "$TOP/man/man1/tp-qvalidate.1" |
		tr -s ' \n' ' ' | sed 's/ $//' > "$W/man"
	tr -s ' \n' ' ' < "$W/err" | sed 's/ $//' > "$W/got"
	diff "$W/man" "$W/got"
	# "labelled 1" counts the training rows' labels, counted here by awk
	# from the closes: of the first 6981 rows with every feature and a next
	# close, those whose next close is above their own
	want=$(awk -F, 'NR > 1 { c[NR] = $5; ok[NR] = ($7 != "" && $10 != "" && $11 != "") }
	    END { for (i = 2; i < NR; i++) if (ok[i]) { n++; if (n <= 6981 && c[i + 1] > c[i]) p++ } print p }' \
		"$W/history.csv")
	[[ "$(cat "$W/err")" == *"trained on 6981 rows ($want labelled 1,"* ]]
	[ "$(jq .training.positive "$W/model.json")" = "$want" ]
}

@test "a pipeline: tp-ind | tp-predict | tp-qvalidate train, then filter" {
	"$BIN/tp-ind" rsi:14 atr:14 < "$TOP/share/data/binance_BTCUSDT_1d.csv" > "$W/ind.csv"
	"$TPQ" train -F rsi_14,atr_14 -l next_return_sign -q 4 -L 2 -e 2 \
		-o "$W/model.json" "$W/ind.csv" 2>/dev/null
	set -o pipefail	# tp-predict exits 0 too
	"$BIN/tp-predict" --rule 'enter_long: rsi_14 < 35' --rule 'exit_long: rsi_14 > 65' \
		< "$W/ind.csv" | "$TPQ" --model "$W/model.json" > "$W/out.csv"
	[ "$(wc -l < "$W/out.csv")" -eq "$(wc -l < "$W/ind.csv")" ]
	head -1 "$W/out.csv" | grep -q ',signal,confidence,tag,qscore,veto$'
	# a vetoed row has no signal, confidence or tag; every row with a
	# signal has a qscore
	grep -q ',qvalidate$' "$W/out.csv"
	awk -F, 'NR > 1 && $NF == "qvalidate" && $(NF-4) $(NF-3) $(NF-2) != "" { bad++ }
	    NR > 1 && $(NF-4) != "" && $(NF-1) == "" { bad++ }
	    END { exit bad > 0 }' "$W/out.csv"
}
