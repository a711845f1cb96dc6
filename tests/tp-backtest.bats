#!/usr/bin/env bats
# tp-backtest: freqtrade's own backtest scenarios, hand-worked fees,
# slippage, leverage and liquidation, wallet limits across symbols, the
# in-process rules against the tp-ind | tp-predict pipeline, outputs and
# bad input, through real pipes.  Every expected number is freqtrade's
# (tests/backtest/ft, see its README) or worked out in the comments from
# the formulas of tp-backtest(1) RULES.

load helpers

setup() {
	tp_setup
	TPB=$BIN/tp-backtest
	T=$BATS_TEST_TMPDIR
	FT=$TOP/tests/backtest/ft
	H=3600000
	T0=1704067200000	# 2024-01-01T00:00Z
}

# candles TIME0 ROW... : "o,h,l,c,signal" rows an hour apart, as CSV
candles() {
	local t=$1 r
	shift
	echo time,open,high,low,close,volume,signal
	for r in "$@"; do
		IFS=, read -r o h l c s <<<"$r"
		echo "$t,$o,$h,$l,$c,1,$s"
		t=$((t + H))
	done
}

# field NAME FILE: the value of column NAME in the first data row of a CSV
field() {
	awk -F, -v f="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		NR == 2 { print $c[f]; exit }' "$2"
}

@test "--help prints usage to stdout and exits 0" {
	run --separate-stderr "$TPB" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: tp-backtest [OPTIONS] [FILE...]" ]
	[ -z "$stderr" ]
}

@test "--version names the program" {
	run --separate-stderr "$TPB" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^tp-backtest\ \(tp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "every long option of --help is in the man page" {
	"$TPB" --help > "$T/help"
	opts=$(grep -o -- '--[a-z-]*' "$T/help" | sort -u)
	for o in $opts; do
		grep -q "^\\.It Fl [a-zA-Z] , Fl ${o#-} \|^\\.It Fl ${o#-}\( \|\$\)\|^\\.It Fl [a-zA-Z] , Fl ${o#-}\$" \
			"$TOP/man/man1/tp-backtest.1" || { echo "$o missing"; return 1; }
	done
}

@test "freqtrade's backtest scenarios: the same trades, exits and profit" {
	# tests/backtest/ft/expected.txt: per scenario freqtrade's profit_perc
	# and trades (reason:open tick:close tick:side); freqtrade checks
	# round(sum(profit_ratio), 3) == round(profit_perc, 3).
	n=0
	while read -r name perc want; do
		[ "${name#\#}" = "$name" ] || continue
		"$TPB" -s "$FT/$name.json" -t "$T/$name.csv" "$FT/$name.csv" \
			> /dev/null
		got=$(awk -F, -v t0=1538524800000 -v h=$H '
			NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			{ printf "%s%s:%d:%d:%s", (NR > 2 ? " " : ""),
			    $c["exit_reason"], ($c["open_date"] - t0) / h,
			    ($c["close_date"] - t0) / h,
			    ($c["is_short"] == "true" ? "short" : "long")
			  s += $c["profit_ratio"] }
			END { if (NR < 2) printf "-"; printf "|%.9f", s }' \
			"$T/$name.csv")
		sum=${got#*|}
		ok=$(awk -v a="$sum" -v b="$perc" 'BEGIN {
			d = a - b; if (d < 0) d = -d; print d < 0.0005 }')
		[ "${got%|*}" = "$want" ] && [ "$ok" = 1 ] ||
			{ echo "$name: want $want $perc, got $got"; return 1; }
		n=$((n + 1))
	done < "$FT/expected.txt"
	[ "$n" -eq 37 ]
}

@test "fees and slippage on both sides, worked by hand" {
	# Enter at the 2nd open 100, exit on the signal at the 3rd open 110;
	# fee 0.001 a side, slippage 10 bps: buy at 100.1, sell at 109.89.
	# amount = 100 / 100.1; open value = 100.1 * 1.001 * amount = 100.1;
	# close value = amount * 109.89 * 0.999 = 109.67043956043956;
	# profit_abs = 9.570439560439567, ratio = / 100.1 = 0.0956087868175781
	candles $T0 100,101,99,100,enter_long 100,110,100,110,exit_long \
		110,111,109,110, 110,111,109,110, > "$T/c.csv"
	echo '{"fees": {"fee": 0.001, "slippage_bps": 10}}' > "$T/s.json"
	run --separate-stderr "$TPB" -s "$T/s.json" --stake-amount 100 \
		-t "$T/t.csv" "$T/c.csv"
	[ "$status" -eq 0 ]
	[ "$(field open_rate "$T/t.csv")" = 100.1 ]
	[ "$(field close_rate "$T/t.csv")" = 109.89 ]
	[ "$(field exit_reason "$T/t.csv")" = exit_signal ]
	awk -v a="$(field profit_abs "$T/t.csv")" \
	    -v r="$(field profit_ratio "$T/t.csv")" 'BEGIN {
		exit !(a - 9.570439560439567 < 1e-9 && 9.570439560439567 - a < 1e-9 &&
		    r - 0.0956087868175781 < 1e-12 && 0.0956087868175781 - r < 1e-12) }'
	awk -v b="$(field final_balance <(echo "$output"))" 'BEGIN {
		d = b - 1009.570439560439567; exit !(d < 1e-9 && d > -1e-9) }'
	[ "$(field trades <(echo "$output"))" = 1 ]
}

@test "a 5x long is liquidated at the isolated-margin price, worked by hand" {
	# Stake 100 at 5x from 100: amount 5; stake / amount = 20; raw price
	# (100 - 20) / (1 - 0.005) = 80.40201005025126, moved 5% back toward
	# 100: 81.3819095477387.  The 3rd candle's low 81 reaches it: ratio
	# (81.3819095477387 / 100 - 1) * 5 = -0.9309045226130652.
	candles $T0 100,101,99,100,enter_long 100,101,99,100, \
		100,100,81,90, 90,91,89,90, > "$T/c.csv"
	echo '{"leverage": 5, "fees": {"fee": 0}}' > "$T/s.json"
	run --separate-stderr "$TPB" -s "$T/s.json" --stake-amount 100 -t "$T/t.csv" "$T/c.csv"
	[ "$status" -eq 0 ]
	[ "$(field exit_reason "$T/t.csv")" = liquidation ]
	[ "$(field liquidation_price "$T/t.csv")" = 81.3819095477387 ]
	[ "$(field close_rate "$T/t.csv")" = 81.3819095477387 ]
	r=$(field profit_ratio "$T/t.csv")
	awk -v r="$r" 'BEGIN { d = r + 0.9309045226130652; exit !(d < 1e-12 && d > -1e-12) }'
}

@test "a 5x short stops at the stop loss divided by the leverage" {
	# stoploss -0.05 at 5x: the stop is 1% above 100, at 101; the 3rd
	# candle's high 102 reaches it: ratio (1 - 101 / 100) * 5 = -0.05.
	candles $T0 100,101,99,100,enter_short 100,100.5,99,100, \
		100,102,99,101, 101,101,100,100, > "$T/c.csv"
	echo '{"leverage": 5, "stoploss": -0.05, "fees": {"fee": 0}}' \
		> "$T/s.json"
	run --separate-stderr "$TPB" -s "$T/s.json" -t "$T/t.csv" "$T/c.csv"
	[ "$status" -eq 0 ]
	[ "$(field is_short "$T/t.csv")" = true ]
	[ "$(field exit_reason "$T/t.csv")" = stop_loss ]
	[ "$(field close_rate "$T/t.csv")" = 101 ]
	awk -v r="$(field profit_ratio "$T/t.csv")" 'BEGIN {
		d = r + 0.05; exit !(d < 1e-12 && d > -1e-12) }'
}

@test "max_open_trades holds across symbols, in input order" {
	# A and B both signal at the first candle; one slot: A trades, B not.
	printf '%s\n' time,symbol,open,high,low,close,volume,signal \
		"$T0,A,10,10,10,10,1,enter_long" "$T0,B,20,20,20,20,1,enter_long" \
		"$((T0 + H)),A,10,11,10,11,1," "$((T0 + H)),B,20,21,20,21,1," \
		"$((T0 + 2 * H)),A,11,11,11,11,1," \
		"$((T0 + 2 * H)),B,21,21,21,21,1," > "$T/c.csv"
	"$TPB" --max-open-trades 1 -t "$T/one.csv" "$T/c.csv" > /dev/null
	[ "$(awk 'END { print NR - 1 }' "$T/one.csv")" -eq 1 ]
	[ "$(field pair "$T/one.csv")" = A ]
	# No limit: each trade takes its fixed stake.
	"$TPB" --stake-amount 100 -t "$T/all.csv" "$T/c.csv" > /dev/null
	[ "$(awk 'END { print NR - 1 }' "$T/all.csv")" -eq 2 ]
	# Without sizing the wallet is shared among the slots: 2 slots of
	# 99% of 1000 give each trade 495.
	"$TPB" --max-open-trades 2 -t "$T/two.csv" "$T/c.csv" > /dev/null
	[ "$(field stake_amount "$T/two.csv")" = 495 ]
	[ "$(field exit_reason "$T/two.csv")" = force_exit ]
}

@test "rejected_signals: a fixed stake the wallet cannot pay is counted and warned about" {
	# freqtrade's tradable_balance_ratio (0.99, its default) leaves 990
	# of the default 1000 wallet to trade: a fixed stake of 1000 never
	# opens.  Two entry signals act on a later candle (the third acts on
	# the last one, where freqtrade enters nothing): both are rejected,
	# as freqtrade's summary counts "rejected_signals".
	printf '%s\n' '{"sizing": {"mode": "fixed", "value": 1000}}' > "$T/s.json"
	candles $T0 10,11,9,10,enter_long 10,11,9,10, 10,11,9,10,enter_long \
		10,11,9,10,enter_long 10,11,9,10, > "$T/c.csv"
	run --separate-stderr "$TPB" -s "$T/s.json" "$T/c.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$T/sum.csv"
	[ "$(field trades "$T/sum.csv")" = 0 ]
	[ "$(field rejected_signals "$T/sum.csv")" = 2 ]
	[[ "$stderr" == *"s.json: all 2 entry signals were rejected: the fixed stake 1000 is more than the 990"* ]]
	# 990 can be paid: the trades open, nothing rejected, nothing said.
	printf '%s\n' '{"sizing": {"mode": "fixed", "value": 990}}' > "$T/s.json"
	run --separate-stderr "$TPB" -s "$T/s.json" "$T/c.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	echo "$output" > "$T/sum.csv"
	[ "$(field trades "$T/sum.csv")" -gt 0 ]
	[ "$(field rejected_signals "$T/sum.csv")" = 0 ]
}

@test "rejected_signals: a signal while the only slot is taken is rejected, with no warning" {
	printf '%s\n' time,symbol,open,high,low,close,volume,signal \
		"$T0,A,10,10,10,10,1,enter_long" "$T0,B,20,20,20,20,1,enter_long" \
		"$((T0 + H)),A,10,11,10,11,1," "$((T0 + H)),B,20,21,20,21,1," \
		"$((T0 + 2 * H)),A,11,11,11,11,1," \
		"$((T0 + 2 * H)),B,21,21,21,21,1," > "$T/c.csv"
	run --separate-stderr "$TPB" --max-open-trades 1 "$T/c.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	echo "$output" > "$T/sum.csv"
	[ "$(field trades "$T/sum.csv")" = 1 ]
	[ "$(field rejected_signals "$T/sum.csv")" = 1 ]
}

@test "the shipped strategies trade on the bundled hourly candles" {
	for s in "$TOP"/share/strategies/*.json; do
		# an LLM strategy asks its endpoint: tests/tp-predict-llm.bats
		! jq -e .llm "$s" > /dev/null || continue
		# a strategy with a model: trained first, on the hours to
		# 2024 (on the rest its predictions are out of sample)
		m=()
		if jq -e .model "$s" > /dev/null; then
			m=(--model-dir "$BATS_TEST_TMPDIR/models")
			"$BIN/tp-ind" -s "$s" "$DATA/binance_BTCUSDT_1h.csv" |
			    "$BIN/tp-fetch" fix --timerange 20220101-20241231 |
			    "$BIN/tp-predict" train -s "$s" "${m[@]}" > /dev/null
		fi
		run --separate-stderr "$TPB" -s "$s" "${m[@]}" -f ndjson \
			"$DATA/binance_BTCUSDT_1h.csv"
		[ "$status" -eq 0 ]
		echo "$s: $output"
		[ "$(jq .trades <<<"$output")" -gt 0 ]
	done
}

@test "a rule reading a field no indicator makes is a strategy error (78), not the data's" {
	cd "$T"
	printf '%s\n' '{ "indicators": ["rsi:14"], "rules": {' \
		'"dip": { "when": "rsi14 < 30", "action": "enter_long" } } }' > s.json
	candles $T0 10,11,9,10, 10,11,9,10, > c.csv
	cut -d, -f1-6 c.csv > plain.csv
	run --separate-stderr "$TPB" -s s.json plain.csv
	[ "$status" -eq 78 ]
	[ "$stderr" = 'tp-backtest: s.json: rule "dip": no indicator of the strategy makes field "rsi14"; did you mean "rsi_14"?' ]
}

@test "a strategy's timeframe unlike the candles' is warned about" {
	# ROI minutes are real minutes, periods are candles: a 1h strategy on
	# 1m candles is not the strategy (freqtrade loads the candles of the
	# strategy's timeframe, so it cannot happen there).
	printf '%s\n' '{ "timeframe": "1h", "minimal_roi": { "0": 0.01 } }' > "$T/s.json"
	candles $T0 10,11,9,10,enter_long 10,11,9,10, 10,11,9,10, > "$T/h.csv"
	run --separate-stderr "$TPB" -s "$T/s.json" "$T/h.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	H=60000 candles $T0 10,11,9,10,enter_long 10,11,9,10, 10,11,9,10, > "$T/m.csv"
	run --separate-stderr "$TPB" -s "$T/s.json" "$T/m.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == "tp-backtest: $T/s.json: the strategy's timeframe is 1h but the candles are 1m apart"* ]]
}

@test "rules in the strategy decide in process exactly as tp-ind | tp-predict" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	set -o pipefail	# each program of the pipe exits 0
	"$BIN/tp-ind" -s "$S" "$T/btc.csv" | "$BIN/tp-predict" -s "$S" |
		"$TPB" -s "$S" -t "$T/piped.csv" > "$T/piped.sum"
	"$TPB" -s "$S" -t "$T/direct.csv" "$T/btc.csv" > "$T/direct.sum"
	[ "$(field trades "$T/direct.sum")" -gt 0 ]
	cmp "$T/piped.csv" "$T/direct.csv"
	cmp "$T/piped.sum" "$T/direct.sum"
}

# Several files: merged by time, one market each (issue 19: the hints of
# "tp-backtest A B" led to a backtest of one market).  Worked by hand as
# the summary test below: a signal enters at the next candle's open, so
# each market buys at its second open and sells at its third, +10% each
# (110 / 100 and 55 / 50), without fees, a stake of 100 each.
@test "several files are merged by time, each file's market from its name" {
	candles $T0 100,101,99,100,enter_long 100,110,100,110,exit_long \
		110,111,109,110, > "$T/binance_BTCUSDT_1h.csv"
	candles $T0 50,51,49,50,enter_long 50,55,50,55,exit_long \
		55,56,54,55, > "$T/binance_ETHUSDT_1h.csv"
	run --separate-stderr "$TPB" --fee 0 --max-open-trades -1 --stake-amount 100 \
		-t "$T/tr.csv" "$T/binance_BTCUSDT_1h.csv" "$T/binance_ETHUSDT_1h.csv"
	[ "$status" -eq 0 ]
	[ "$(field trades <(echo "$output"))" = 2 ]
	[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c["pair"] ":" $c["open_rate"] ":" $c["close_rate"] ":" $c["profit_ratio"] }' "$T/tr.csv" | sort)" = \
	    $'BTC/USDT:100:110:0.1\nETH/USDT:50:55:0.1' ]
}

@test "several files whose candles have no symbol are refused with the right hint" {
	candles $T0 100,101,99,100,enter_long 100,110,100,110,exit_long > "$T/a.csv"
	candles $T0 50,51,49,50,enter_long 50,55,50,55,exit_long > "$T/b.csv"
	run --separate-stderr "$TPB" --fee 0 "$T/a.csv" "$T/b.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-backtest: $T/a.csv:2: a candle without a symbol: several files are merged by time, and each candle must say its market: add a symbol field (tp-fetch import -s BTC/USDT $T/a.csv), or name the file for its market (binance_BTCUSDT_1h.csv)" ]
	# one stream of two markets without symbols: the hints say so too
	{ cat "$T/a.csv"; tail -n +2 "$T/b.csv"; } > "$T/ab.csv"
	run --separate-stderr "$TPB" --fee 0 < "$T/ab.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"(tp-fetch fix --sort, once the candles of each market have a symbol field: tp-fetch import -s SYMBOL)" ]]
}

@test "summary: freqtrade's names, NDJSON for NDJSON input" {
	candles $T0 100,101,99,100,enter_long 100,110,100,110,exit_long \
		110,111,109,110, > "$T/c.csv"
	printf '{"time":%s,"open":%s,"high":%s,"low":%s,"close":%s,"volume":1,"signal":%s}\n' \
		$T0 100 101 99 100 '"enter_long"' $((T0 + H)) 100 110 100 110 \
		'"exit_long"' $((T0 + 2 * H)) 110 111 109 110 null > "$T/c.ndjson"
	run --separate-stderr "$TPB" --fee 0 "$T/c.ndjson"
	[ "$status" -eq 0 ]
	[[ "$output" == '{"type":"summary","strategy":null,"period_start":1704067200000,'* ]]
	[[ "$output" == *'"trades":1,"wins":1,"draws":0,"losses":0,"winrate":1,'* ]]
	[[ "$output" == *'"exit_signal":1,'* ]]
	# 110 / 100 - 1 on 99% of 1000
	[[ "$output" == *'"profit_total_abs":99.00000000000006,'* ||
	   "$output" == *'"profit_total_abs":99,'* ]]
}

@test "summary names jq and SQL take unquoted: period_start, period_end, exit_signal" {
	candles $T0 100,101,99,100,enter_long 100,110,100,110,exit_long \
		110,111,109,110, > "$T/c.csv"
	"$TPB" --fee 0 -f ndjson "$T/c.csv" > "$T/s.ndjson"
	# the first and last candles' times; the one trade left on its signal.
	# jq's .end would be a syntax error: end is a keyword of jq (and SQL)
	[ "$(jq -r '[.period_start, .period_end, .exit_signal] | @csv' "$T/s.ndjson")" = \
	    "$T0,$((T0 + 2 * H)),1" ]
	run grep -c '"start"\|"end"\|exit_exit' "$T/s.ndjson"
	[ "$output" = 0 ]
	# the CSV header, in SQL with no quoting
	"$TPB" --fee 0 "$T/c.csv" > "$T/s.csv"
	[ "$(sqlite3 :memory: '.import --csv '"$T/s.csv"' s' \
	    'SELECT period_end - period_start, exit_signal FROM s')" = "$((2 * H))|1" ]
}

@test "--equity writes one record per time step" {
	candles $T0 100,101,99,100,enter_long 100,110,100,110, \
		110,111,109,110, > "$T/c.csv"
	"$TPB" --fee 0 -e "$T/e.csv" "$T/c.csv" > /dev/null
	[ "$(head -1 "$T/e.csv")" = type,time,equity,balance,open_trades,drawdown ]
	[ "$(awk 'END { print NR - 1 }' "$T/e.csv")" -eq 3 ]
	# after the 2nd candle: bought 9.9 units at 100, now 110: +99
	[ "$(sed -n 3p "$T/e.csv")" = "equity,$((T0 + H)),1099,1000,1,0" ]
}

@test "no trades: a summary of zeros" {
	candles $T0 100,101,99,100, 100,101,99,100, > "$T/c.csv"
	run --separate-stderr "$TPB" "$T/c.csv"
	[ "$status" -eq 0 ]
	[ "$(field trades <(echo "$output"))" = 0 ]
	[ "$(field expectancy_ratio <(echo "$output"))" = 100 ]
	[ "$(field final_balance <(echo "$output"))" = 1000 ]
}

@test "bad input: time going back, a second candle, a bad signal, NaN" {
	candles $T0 100,101,99,100, 100,101,99,100, > "$T/c.csv"
	{ sed -n 1p "$T/c.csv"; sed -n 3p "$T/c.csv"; sed -n 2p "$T/c.csv"; } \
		> "$T/back.csv"
	run --separate-stderr "$TPB" "$T/back.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-backtest: $T/back.csv:3: time goes back"* ]]
	# each time as the data has it and as a person reads it (date -u -d
	# @1704067200 is 2024-01-01 00:00 UTC)
	[[ "$stderr" == *"back to $T0 (2024-01-01T00:00:00Z) after $((T0 + H)) (2024-01-01T01:00:00Z): "* ]]
	{ cat "$T/c.csv"; sed -n 3p "$T/c.csv"; } > "$T/dup.csv"
	run --separate-stderr "$TPB" "$T/dup.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-backtest: $T/dup.csv:4: a second candle of the symbol at time $((T0 + H))"* ]]
	[[ "$stderr" == *"at time $((T0 + H)) (2024-01-01T01:00:00Z) (tp-fetch fix --dedupe"* ]]
	candles $T0 100,101,99,100,buy > "$T/sig.csv"
	run --separate-stderr "$TPB" "$T/sig.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-backtest: $T/sig.csv:2: field \"signal\": \"buy\" is not enter_long, exit_long, enter_short or exit_short" ]
	candles $T0 100,101,99,nan, > "$T/nan.csv"
	run --separate-stderr "$TPB" "$T/nan.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-backtest: $T/nan.csv:2: "*close* ]]
	[ -z "$output" ]
}

@test "bad input: a missing column, a truncated line; --skip-bad drops it" {
	candles $T0 100,101,99,100,enter_long 100,101,99,100, 100,101,99,100, \
		100,101,99,100, > "$T/c.csv"
	printf 'time,open,high,low,volume,signal\n%s,1,1,1,1,\n' $T0 \
		> "$T/nocl.csv"
	run --separate-stderr "$TPB" "$T/nocl.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-backtest: $T/nocl.csv:2: no field \"close\"" ]
	sed '3s/,[^,]*,[^,]*$//' "$T/c.csv" > "$T/trunc.csv"
	run --separate-stderr "$TPB" "$T/trunc.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-backtest: $T/trunc.csv:3: "* ]]
	run --separate-stderr "$TPB" -k "$T/trunc.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"warning: skipped 1 bad record"* ]]
	[ "$(field trades <(echo "$output"))" = 1 ]
}

@test "a bad strategy file is exit 78 and names the key" {
	echo '{"stoploss": 0.1}' > "$T/s.json"
	candles $T0 100,101,99,100, > "$T/c.csv"
	run --separate-stderr "$TPB" -s "$T/s.json" "$T/c.csv"
	[ "$status" -eq 78 ]
	[ "$stderr" = "tp-backtest: $T/s.json: stoploss: must be a negative ratio above -1, not 0.1" ]
	echo '{"sizing": {"mode": "risk", "value": 0.01}}' > "$T/r.json"
	run --separate-stderr "$TPB" -s "$T/r.json" "$T/c.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"sizing.mode: \"risk\" sizes by the distance to the stop"* ]]
	run --separate-stderr "$TPB" -s "$T/none.json" "$T/c.csv"
	[ "$status" -eq 66 ]
}

@test "records without signals and a strategy without rules: usage error" {
	printf 'time,open,high,low,close,volume\n%s,1,1,1,1,1\n' $T0 > "$T/c.csv"
	run --separate-stderr "$TPB" "$T/c.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"no signal field"* ]]
}

@test "bad options are usage errors" {
	run --separate-stderr "$TPB" --stoploss 0.1
	[ "$status" -eq 64 ]
	[[ "$stderr" == "tp-backtest: --stoploss: expected a number from"* ]]
	run --separate-stderr "$TPB" --max-open-trades 0
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" --nope
	[ "$status" -eq 64 ]
}

@test "empty input gives a summary of no trades" {
	run --separate-stderr "$TPB" -f ndjson < /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *'"trades":0,'* ]]
}

@test "--monte-carlo: percentiles in the summary, the same for the same seed" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	"$TPB" -s "$S" --monte-carlo 200 --seed 5 "$T/btc.csv" > "$T/a.csv"
	"$TPB" -s "$S" --monte-carlo 200 --seed 5 "$T/btc.csv" > "$T/b.csv"
	"$TPB" -s "$S" --monte-carlo 200 --seed 6 "$T/btc.csv" > "$T/c.csv"
	cmp "$T/a.csv" "$T/b.csv"
	refute cmp -s "$T/a.csv" "$T/c.csv"
	[ "$(field mc_runs "$T/a.csv")" = 200 ]
	[ "$(field mc_seed "$T/a.csv")" = 5 ]
	# percentiles are ordered
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ exit !($c["mc_bootstrap_return_p5"] <= $c["mc_bootstrap_return_p50"] &&
		    $c["mc_bootstrap_return_p50"] <= $c["mc_bootstrap_return_p95"]) }' "$T/a.csv"
	run --separate-stderr "$TPB" --monte-carlo 0 "$T/btc.csv"
	[ "$status" -eq 64 ]
}

@test "--report writes one self-contained HTML page" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	# without uPlot (an empty TP_UPLOT_DIR): the static page
	TP_UPLOT_DIR= "$TPB" -s "$S" -r "$T/r.html" -t "$T/t.csv" "$T/btc.csv" > "$T/s.csv"
	[ "$(head -1 "$T/r.html")" = "<!DOCTYPE html>" ]
	[ "$(tail -1 "$T/r.html")" = "</html>" ]
	[ "$(grep -c '^<svg ' "$T/r.html")" -eq 3 ]
	[ "$(grep -c '^</svg>' "$T/r.html")" -eq 3 ]
	# nothing fetched: no address, no script
	refute grep -q -e 'http' -e '<script' -e 'src=' "$T/r.html"
	# a row per trade, the figures' trade count
	n=$(awk 'END { print NR - 1 }' "$T/t.csv")
	[ "$(grep -c '^<tr><td>' "$T/r.html")" -eq "$n" ]
	grep -q "<tr><th>trades</th><td>$n</td></tr>" "$T/r.html"
	# entries and exits marked on the price
	[ "$(grep -c 'class="in"' "$T/r.html")" -eq "$n" ]
}

@test "--report into a missing directory: exit 74, nothing left behind" {
	candles $T0 100,101,99,100, 100,101,99,100, > "$T/c.csv"
	run --separate-stderr "$TPB" -r "$T/no/such/r.html" "$T/c.csv"
	[ "$status" -eq 74 ]
	[[ "$stderr" == "tp-backtest: $T/no/such/r.html: cannot create: "* ]]
	[ ! -e "$T/no/such/r.html.tmp" ]
}

# The summary of the CSV in $1 without its "combo" and parameter columns.
strip_sweep() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "combo") n = i - 1 }
		{ out = $1; for (i = 2; i <= n; i++) out = out "," $i; print out }' "$1"
}

@test "--sweep: a summary per combination, each the run with those settings" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	"$TPB" -s "$S" --sweep 'stoploss=-0.02:-0.06:-0.02,leverage=1:2:1' \
		"$T/btc.csv" > "$T/sw.csv"
	[ "$(awk 'END { print NR - 1 }' "$T/sw.csv")" -eq 6 ]
	[ "$(head -1 "$T/sw.csv" | awk -F, '{ print $(NF - 2), $(NF - 1), $NF }')" = "combo stoploss leverage" ]
	# combination 3 is the 2nd stop loss with the 2nd leverage
	[ "$(sed -n 5p "$T/sw.csv" | awk -F, '{ print $(NF - 2), $(NF - 1), $NF }')" = "3 -0.04 2" ]
	"$TPB" -s "$S" --stoploss -0.04 --leverage 2 "$T/btc.csv" > "$T/one.csv"
	diff <(strip_sweep "$T/sw.csv" | sed -n '1p;5p') "$T/one.csv"
	# the same on one thread as on two
	"$TPB" -s "$S" --threads 1 --sweep 'stoploss=-0.02:-0.06:-0.02,leverage=1:2:1' \
		"$T/btc.csv" > "$T/sw1.csv"
	cmp "$T/sw1.csv" "$T/sw.csv"
}

@test "--sweep skips, and says so, the combinations the strategy loader refuses" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	# the loader refuses an offset below the positive (tp-strategy(5))
	sed 's/"trailing_stop_positive": 0.01/"trailing_stop_positive": 0.03/' 		"$S" > "$T/bad.json"
	run --separate-stderr "$TPB" -s "$T/bad.json" "$T/btc.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"trailing_stop_positive_offset: must not be below trailing_stop_positive"* ]]
	# 3 x 3 combinations; those 3 with the offset below the positive are
	# not run: no summary of a strategy that cannot be written
	sw=trailing_stop_positive=0.01:0.03:0.01
	sw=$sw,trailing_stop_positive_offset=0.01:0.03:0.01
	run --separate-stderr "$TPB" -s "$S" --sweep "$sw" "$T/btc.csv"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | awk -F, '{ printf "%s:%s:%s ", $(NF - 2), $(NF - 1), $NF }')" = \
	  "0:0.01:0.01 1:0.01:0.02 2:0.01:0.03 4:0.02:0.02 5:0.02:0.03 8:0.03:0.03 " ]
	[[ "$stderr" == *"warning: --sweep: skipped 3 combinations with trailing_stop_positive_offset below trailing_stop_positive"* ]]
	# the positive alone against the strategy's own offset (0.02)
	run --separate-stderr "$TPB" -s "$S" --sweep 'trailing_stop_positive=0.01:0.03:0.01' \
		"$T/btc.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$stderr" == *"skipped 1 combination with"* ]]
	# a sweep with nothing to skip says nothing
	run --separate-stderr "$TPB" -s "$S" --sweep 'trailing_stop_positive=0.01:0.02:0.01' \
		"$T/btc.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "--sweep --shard: the merged shards are the whole sweep" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	sw='stoploss=-0.02:-0.08:-0.02,roi.0=0.02:0.04:0.01'
	"$TPB" -s "$S" --sweep "$sw" "$T/btc.csv" > "$T/all.csv"
	for i in 1 2 3; do
		"$TPB" -s "$S" --sweep "$sw" --shard $i/3 "$T/btc.csv" > "$T/s$i.csv"
	done
	[ "$(awk 'END { print NR - 1 }' "$T/s1.csv")" -eq 4 ]
	"$TPB" merge "$T/s3.csv" "$T/s1.csv" "$T/s2.csv" > "$T/merged.csv"
	cmp "$T/merged.csv" "$T/all.csv"
	# and the front of the merge is the front of the whole
	"$TPB" -s "$S" --sweep "$sw" --pareto "$T/btc.csv" > "$T/front.csv"
	"$TPB" merge --pareto "$T/s1.csv" "$T/s2.csv" "$T/s3.csv" > "$T/mfront.csv"
	cmp "$T/mfront.csv" "$T/front.csv"
}

@test "--sweep names a ROI step roi_MINUTES in its summaries and reads roi.MINUTES as the same" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -1000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	"$TPB" -s "$S" --sweep 'roi.0=0.02:0.03:0.01' "$T/btc.csv" > "$T/dot.csv"
	"$TPB" -s "$S" --sweep 'roi_0=0.02:0.03:0.01' "$T/btc.csv" > "$T/us.csv"
	cmp "$T/dot.csv" "$T/us.csv"
	head -1 "$T/us.csv" | tr , '\n' | grep -qx roi_0
	run grep -c 'roi\.' "$T/us.csv"
	[ "$output" = 0 ]
	run --separate-stderr "$TPB" -s "$S" --sweep 'roi.0=0.02:0.03:0.01,roi_0=0.01:0.02:0.01' "$T/btc.csv"
	[ "$status" -eq 64 ]
	[ "$stderr" = "tp-backtest: --sweep: roi_0 given twice" ]
}

@test "merge reads shards of the release before: start, end, exit_exit_signal, roi.0" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -1000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	sw='stoploss=-0.02:-0.04:-0.02,roi_0=0.02:0.03:0.01'
	"$TPB" -s "$S" --sweep "$sw" "$T/btc.csv" > "$T/all.csv"
	"$TPB" -s "$S" --sweep "$sw" --shard 1/2 "$T/btc.csv" > "$T/s1.csv"
	"$TPB" -s "$S" --sweep "$sw" --shard 2/2 -f ndjson "$T/btc.csv" > "$T/s2.ndjson"
	# the names the release before wrote
	sed '1s/,period_start,period_end,/,start,end,/; 1s/,exit_signal,/,exit_exit_signal,/; 1s/,roi_0$/,roi.0/' \
		"$T/s1.csv" > "$T/old1.csv"
	sed 's/"period_start":/"start":/; s/"period_end":/"end":/; s/"exit_signal":/"exit_exit_signal":/; s/"roi_0":/"roi.0":/' \
		"$T/s2.ndjson" > "$T/old2.ndjson"
	grep -q ',start,end,.*,exit_exit_signal,.*,roi\.0$' "$T/old1.csv"
	grep -q '"end":.*"exit_exit_signal":.*"roi\.0":' "$T/old2.ndjson"
	"$TPB" merge -f csv "$T/old2.ndjson" "$T/old1.csv" > "$T/merged.csv"
	cmp "$T/merged.csv" "$T/all.csv"
}

@test "--pareto keeps exactly the points no other beats on profit and drawdown" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	sw='stoploss=-0.01:-0.09:-0.02,roi.0=0.01:0.05:0.01'
	"$TPB" -s "$S" --sweep "$sw" "$T/btc.csv" > "$T/all.csv"
	"$TPB" -s "$S" --sweep "$sw" --pareto "$T/btc.csv" > "$T/front.csv"
	# by brute force over all pairs: kept iff not dominated
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ p[NR] = $c["profit_total"]; d[NR] = $c["max_drawdown_account"]
		  k[NR] = $c["combo"]; n = NR }
		END { for (i = 2; i <= n; i++) { dom = 0
			for (j = 2; j <= n; j++) if (p[j] >= p[i] && d[j] <= d[i] &&
			    (p[j] > p[i] || d[j] < d[i])) dom = 1
			if (!dom) print k[i] } }' "$T/all.csv" > "$T/want"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "combo") c = i; next }
		{ print $c }' "$T/front.csv" > "$T/got"
	[ -s "$T/got" ]
	diff "$T/want" "$T/got"
}

@test "--random draws the same combinations for the same seed, from the grid" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -2000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	# (offsets from the strategy's trailing_stop_positive, 0.01, up: a
	# combination below it is one the strategy loader refuses)
	sw='stoploss=-0.01:-0.09:-0.01,trailing_stop_positive_offset=0.02:0.06:0.01'
	"$TPB" -s "$S" --sweep "$sw" --random 7 --seed 3 "$T/btc.csv" > "$T/a.csv"
	"$TPB" -s "$S" --sweep "$sw" --random 7 --seed 3 "$T/btc.csv" > "$T/b.csv"
	cmp "$T/a.csv" "$T/b.csv"
	[ "$(awk 'END { print NR - 1 }' "$T/a.csv")" -eq 7 ]
	# every value is a grid point
	awk -F, 'function off(x) { x *= 100; return (x - sprintf("%.0f", x))^2 > 1e-18 }
		NR > 1 { s = $(NF - 1); t = $NF
		if (off(s) || off(t) || s < -0.09 || s > -0.01 || t < 0.02 || t > 0.06) exit 1 }' "$T/a.csv"
}

@test "sweep errors: a bad spec, options that need --sweep, options it excludes" {
	candles $T0 100,101,99,100, 100,101,99,100, > "$T/c.csv"
	run --separate-stderr "$TPB" --sweep 'stop=1:2:1' "$T/c.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == 'tp-backtest: --sweep: "stop" is not a parameter'* ]]
	run --separate-stderr "$TPB" --sweep 'stoploss=-0.02:-0.1:0.02' "$T/c.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"the step must lead from -0.02 toward -0.1"* ]]
	run --separate-stderr "$TPB" --sweep 'stoploss=-0.5:-1.5:-0.5' "$T/c.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" --random 5 "$T/c.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"need --sweep"* ]]
	run --separate-stderr "$TPB" --sweep 'leverage=1:2:1' -t "$T/t.csv" "$T/c.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" --sweep 'leverage=1:2:1' --shard 3/2 "$T/c.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" merge "$T/c.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'no field "combo": not a --sweep summary' ]]
}

@test "--walk-forward: each window the best of its train part, run on its test part" {
	S=$TOP/share/strategies/rsi_reversion.json
	D=86400000
	# signals once for the whole history, so that a cut file decides
	# exactly as the walk does
	set -o pipefail	# each program of a pipe exits 0
	"$BIN/tp-ind" -s "$S" "$DATA/binance_BTCUSDT_1h.csv" |
		"$BIN/tp-predict" -s "$S" > "$T/sig.csv"
	sw='stoploss=-0.02:-0.08:-0.02'
	"$TPB" -s "$S" --sweep "$sw" --walk-forward 360d,180d "$T/sig.csv" \
		> "$T/wf.csv"
	n=$(awk 'END { print NR - 2 }' "$T/wf.csv")
	[ "$n" -ge 5 ]
	col() { awk -F, -v f="$1" -v r="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		NR == r + 1 { print $c[f] }' "$T/wf.csv"; }
	cut_file() {	# rows with $1 <= time < $2
		awk -F, -v a="$1" -v b="$2" 'NR == 1 || ($1 >= a && $1 < b)' "$T/sig.csv"
	}
	for k in 1 3; do
		ts=$(col train_start $k); te=$(col train_end $k)
		[ $((te - ts)) -eq $((360 * D)) ]
		[ "$(col train_start $((k + 1)))" -eq $((ts + 180 * D)) ]
		# the best on the train part, the lowest combination on a tie
		cut_file "$ts" "$te" > "$T/train.csv"
		"$TPB" -s "$S" --sweep "$sw" "$T/train.csv" > "$T/train.sw"
		best=$(awk -F, '
			NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			NR == 2 || $c["profit_total"] > p { p = $c["profit_total"]; b = $c["combo"] }
			END { print b }' "$T/train.sw")
		[ "$(col combo $k)" = "$best" ]
		# its run on the test part, from a fresh wallet
		cut_file "$te" $((te + 180 * D)) > "$T/test.csv"
		"$TPB" -s "$S" --stoploss "$(col stoploss $k)" "$T/test.csv" > "$T/one.csv"
		diff <(sed -n "1p;$((k + 1))p" "$T/wf.csv" | cut -d, -f1-40) "$T/one.csv"
	done
	# the stitched result has every test part's trades
	sum=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["window"] != "" { s += $c["trades"] } END { print s }' "$T/wf.csv")
	[ "$(col trades $((n + 1)))" = "$sum" ]
	[ -z "$(col window $((n + 1)))" ]
}

@test "--walk-forward errors: without --sweep, with --pareto, bad durations" {
	candles $T0 100,101,99,100, 100,101,99,100, > "$T/c.csv"
	run --separate-stderr "$TPB" --walk-forward 30d,10d "$T/c.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" --sweep 'leverage=1:2:1' --pareto --walk-forward 30d,10d "$T/c.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" --sweep 'leverage=1:2:1' --walk-forward 30d "$T/c.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"expected TRAIN,TEST"* ]]
	run --separate-stderr "$TPB" --sweep 'leverage=1:2:1' --walk-forward 30x,1d "$T/c.csv"
	[ "$status" -eq 64 ]
}

# ---- --timerange --------------------------------------------------------------

@test "--timerange over real candles: the full run's trades that open in the range" {
	S=$TOP/share/strategies/rsi_reversion.json
	D=$DATA/binance_BTCUSDT_1h.csv
	# A fixed stake, one symbol: no state crosses the range's edges but
	# the indicators' and rules', which the candles before START warm up
	# here as in the full run.  The wallet's balance would size a
	# fraction stake, a trade open at START would hold the only slot,
	# one open at END would close there: START is the candle after a
	# closing with no trade open, END the candle before an opening.
	"$TPB" -s "$S" --stake-amount 100 -f ndjson -t "$T/all.ndjson" "$D" > /dev/null
	[ "$(wc -l < "$T/all.ndjson")" -gt 60 ]
	start=$(jq -s '.[19].close_date + 3600000' "$T/all.ndjson")
	end=$(jq -s '.[50].open_date - 3600000' "$T/all.ndjson")
	jq -c --argjson s "$start" --argjson e "$end" \
		'select(.open_date >= $s and .open_date <= $e)' "$T/all.ndjson" > "$T/want.ndjson"
	[ "$(wc -l < "$T/want.ndjson")" -eq 30 ]
	"$TPB" -s "$S" --stake-amount 100 -f ndjson --timerange "$start-$end" \
		-t "$T/got.ndjson" "$D" > "$T/sum.ndjson"
	cmp "$T/want.ndjson" "$T/got.ndjson"
	# the period is the range's candles, first and last (the file's rows)
	first=$(awk -F, -v s="$start" 'NR > 1 && $1 >= s { print $1; exit }' "$D")
	last=$(awk -F, -v e="$end" 'NR > 1 && $1 <= e { t = $1 } END { print t }' "$D")
	[ "$(jq -r '"\(.period_start) \(.period_end) \(.trades)"' "$T/sum.ndjson")" = "$first $last 30" ]
	# the same range as ISO times
	iso() { date -u -d "@$(($1 / 1000))" +%Y-%m-%dT%H:%M:%SZ; }
	"$TPB" -s "$S" --stake-amount 100 -f ndjson --timerange "$(iso "$start")..$(iso "$end")" \
		-t "$T/iso.ndjson" "$D" > /dev/null
	cmp "$T/want.ndjson" "$T/iso.ndjson"
}

@test "--timerange: no entry before START, a signal just before it enters at START, a trade open at END is force-exited there" {
	# signals on the candles 0 and 1; range from candle 2 to candle 5:
	# candle 1's entry (from 0's signal) is before the range, candle 2's
	# (from 1's) is its first, and candle 5 is the last: its open, 120,
	# ends the trade as the end of the data would (tp-backtest(1) RULES)
	candles $T0 100,101,99,100,enter_long 100,101,99,100,enter_long \
		100,101,99,100, 100,101,99,100, 100,101,99,100, \
		120,121,119,120, 130,131,129,130, > "$T/c.csv"
	run --separate-stderr "$TPB" --fee 0 --stake-amount 100 -f ndjson \
		--timerange "$(((T0 + 2 * H) / 1000))-$(((T0 + 5 * H) / 1000))" \
		-t "$T/t.ndjson" -e "$T/e.ndjson" "$T/c.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# an equity record for each candle of the range, 2 to 5
	[ "$(jq -s -c 'map(.time)' "$T/e.ndjson")" = \
	    "[$((T0 + 2 * H)),$((T0 + 3 * H)),$((T0 + 4 * H)),$((T0 + 5 * H))]" ]
	[ "$(jq -r '"\(.open_date) \(.close_date) \(.open_rate) \(.close_rate) \(.exit_reason)"' "$T/t.ndjson")" = \
	    "$((T0 + 2 * H)) $((T0 + 5 * H)) 100 120 force_exit" ]
	# the summary's period: candles 2 to 5; the market change 100 to 120
	[[ "$output" == *'"period_start":'$((T0 + 2 * H))',"period_end":'$((T0 + 5 * H))','* ]]
	[[ "$output" == *'"market_change":0.2,'* ]]
	# without the range, the first signal's trade opens at candle 1
	"$TPB" --fee 0 --stake-amount 100 -f ndjson -t "$T/full.ndjson" "$T/c.csv" > /dev/null
	[ "$(jq -s -r '.[0].open_date' "$T/full.ndjson")" = $((T0 + H)) ]
}

@test "--timerange: fewer candles before START than the strategy's warm-up is a warning naming both" {
	S=$TOP/share/strategies/rsi_reversion.json
	D=$DATA/binance_BTCUSDT_1h.csv
	# rsi_reversion's warm-up is 1745 candles (tp-predict(1) --warmup);
	# the file's row 1001 is the 1001st candle: 1000 before it
	t=$(awk -F, 'NR == 1002 { print $1 }' "$D")
	run --separate-stderr "$TPB" -s "$S" --timerange "$t-" "$D"
	[ "$status" -eq 0 ]
	[ "$stderr" = "tp-backtest: warning: $S: BTC/USDT: 1000 candles before the --timerange start $t ($(date -u -d "@$((t / 1000))" +%Y-%m-%dT%H:%M:%SZ)), fewer than the 1744 the strategy's warm-up of 1745 needs (tp-predict --warmup, which counts the start's own candle): the first signals in the range may differ from those of a longer history" ]
	# 1743 before it: one short (a cron run of 1745 candles has the
	# deciding one and 1744 before it, README's paper trading)
	t=$(awk -F, 'NR == 1745 { print $1 }' "$D")
	run --separate-stderr "$TPB" -s "$S" --timerange "$t-" "$D"
	[[ "$stderr" == *": 1743 candles before the --timerange start $t "* ]]
	# 1744 before it: enough
	t=$(awk -F, 'NR == 1746 { print $1 }' "$D")
	run --separate-stderr "$TPB" -s "$S" --timerange "$t-" "$D"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# no START: nothing to warm up for
	run --separate-stderr "$TPB" -s "$S" --timerange "-$t" "$D"
	[ -z "$stderr" ]
	# a range after the last candle (2026, share/data/SOURCES.md): none in it
	run --separate-stderr "$TPB" -s "$S" --timerange 20300101- "$D"
	[ "$status" -eq 0 ]
	[ "$stderr" = "tp-backtest: warning: --timerange: no candle in the range" ]
}

@test "--timerange: a bad range is a usage error (64)" {
	candles $T0 100,101,99,100, > "$T/c.csv"
	for bad in 20241231-20240101 2024-12-31..2024-01-01 2024-01-01-2024-12-31 \
	    20240101 - .. 2024 abc 20241301- 202401011-; do
		run --separate-stderr "$TPB" --timerange "$bad" "$T/c.csv"
		[ "$status" -eq 64 ] || { echo "$bad: $status"; return 1; }
		[[ "${stderr_lines[0]}" == "tp-backtest: --timerange: "*": \"$bad\"" ]]
	done
	run --separate-stderr "$TPB" --timerange 20241231-20240101 "$T/c.csv"
	[ "${stderr_lines[0]}" = 'tp-backtest: --timerange: END is before START: "20241231-20240101"' ]
	run --separate-stderr "$TPB" -s "$TOP/share/strategies/rsi_reversion.json" \
		--sweep stoploss=-0.02:-0.04:-0.02 --walk-forward 90d,30d --timerange 20240101- "$T/c.csv"
	[ "$status" -eq 64 ]
}

@test "--sweep --timerange: each combination is the run with that range" {
	S=$TOP/share/strategies/rsi_reversion.json
	head -4000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	tr=20220201-20220501
	"$TPB" -s "$S" --timerange $tr --sweep 'stoploss=-0.02:-0.04:-0.02' \
		"$T/btc.csv" > "$T/sw.csv"
	for c in 0 1; do
		"$TPB" -s "$S" --timerange $tr --stoploss -0.0$((2 + 2 * c)) \
			"$T/btc.csv" | sed -n 2p > "$T/one"
		[ "$(strip_sweep "$T/sw.csv" | sed -n $((c + 2))p)" = "$(cat "$T/one")" ]
	done
}

@test "position adjustment (DCA): one more entry after a 5% drop, worked by hand" {
	# Enter 100 at 100 (1 unit).  An entry signal again: at 96 (a 4%
	# drop) nothing; at 94 (6%) 100 more: 100 / 94 = 1.0638297872340425
	# units, 2.0638297872340425 in all at an average of 200 / that =
	# 96.90721649484536.  The exit at 99: 204.31914893617022 back for 200
	# in: profit 4.319148936170222, ratio 0.02159574468085111.
	candles $T0 100,101,99,100,enter_long 100,101,99,100,enter_long \
		96,97,95,96,enter_long 94,95,93,94,exit_long 99,100,98,99, \
		99,100,98,99, > "$T/c.csv"
	echo '{"fees": {"fee": 0}, "position_adjustment": {"max_entries": 1, "min_drop": 0.05}}' \
		> "$T/s.json"
	"$TPB" -s "$T/s.json" --stake-amount 100 -t "$T/t.csv" "$T/c.csv" > /dev/null
	[ "$(field nr_of_successful_entries "$T/t.csv")" = 2 ]
	[ "$(field stake_amount "$T/t.csv")" = 200 ]
	[ "$(field open_rate "$T/t.csv")" = 96.90721649484536 ]
	[ "$(field exit_reason "$T/t.csv")" = exit_signal ]
	awk -v a="$(field profit_abs "$T/t.csv")" -v r="$(field profit_ratio "$T/t.csv")" 'BEGIN {
		d = a - 4.319148936170222; e = r - 0.02159574468085111
		exit !(d < 1e-9 && d > -1e-9 && e < 1e-12 && e > -1e-12) }'
	# without the strategy's position_adjustment: one entry
	"$TPB" --fee 0 --stake-amount 100 -t "$T/t1.csv" "$T/c.csv" > /dev/null
	[ "$(field nr_of_successful_entries "$T/t1.csv")" = 1 ]
}

@test "flip: an opposite entry closes the trade first, at the same open" {
	# long from 100; enter_short seen: at the next open 110 the long
	# closes (+10%) and a short opens; the data ends: the short closes at
	# the last open 105, 1 - 105 / 110 = 0.0454545...
	candles $T0 100,101,99,100,enter_long 100,101,99,100,enter_short \
		110,111,109,110, 105,106,104,105, > "$T/c.csv"
	echo '{"fees": {"fee": 0}, "flip": true}' > "$T/s.json"
	"$TPB" -s "$T/s.json" -t "$T/t.csv" "$T/c.csv" > /dev/null
	[ "$(awk -F, 'NR > 1 { print $3, $15 }' "$T/t.csv" | tr '\n' ' ')" = \
		"false exit_signal true force_exit " ]
	awk -F, 'NR == 3 { d = $13 - 0.045454545454545414; exit !(d < 1e-12 && d > -1e-12) }' "$T/t.csv"
	# freqtrade's way, without flip: the long stays, to the end
	"$TPB" --fee 0 -t "$T/t2.csv" "$T/c.csv" > /dev/null
	[ "$(awk -F, 'NR > 1 { print $3, $15 }' "$T/t2.csv")" = "false force_exit" ]
}

@test "--sweep of a rule's \$parameter: each combination is the run with that value" {
	cat > "$T/s.json" <<'JSON'
{"indicators": ["rsi:14"], "parameters": {"rsi_lo": 30, "rsi_hi": 70},
 "rules": {"dip": {"when": "rsi_14 < $rsi_lo", "action": "enter_long"},
           "top": {"when": "rsi_14 > $rsi_hi", "action": "exit_long"}}}
JSON
	head -4000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	"$TPB" -s "$T/s.json" --sweep 'rsi_lo=20:30:5,stoploss=-0.02:-0.04:-0.02' \
		"$T/btc.csv" > "$T/sw.csv"
	[ "$(awk 'END { print NR - 1 }' "$T/sw.csv")" -eq 6 ]
	# combination 3: rsi_lo 25, stoploss -0.04, as a file of its own
	sed 's/"rsi_lo": 30/"rsi_lo": 25/' "$T/s.json" > "$T/s25.json"
	"$TPB" -s "$T/s25.json" --stoploss -0.04 "$T/btc.csv" > "$T/one25.csv"
	sed 's/,s25,/,s,/' "$T/one25.csv" > "$T/one.csv"
	diff <(strip_sweep "$T/sw.csv" | sed -n '1p;5p') "$T/one.csv"
	# records with their own signals cannot be re-decided
	"$BIN/tp-ind" rsi:14 "$T/btc.csv" > "$T/ind.csv"
	"$BIN/tp-predict" -s "$T/s.json" "$T/ind.csv" > "$T/sig.csv"
	run --separate-stderr "$TPB" -s "$T/s.json" --sweep 'rsi_lo=20:30:5' "$T/sig.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"the records bring their own signals"* ]]
}

@test "--report opens in a browser: headless Chromium parses every chart and row" {
	c=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$c" ] || skip "chromium is not installed (apt-get install chromium)"
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	# the static page, uPlot not found
	TP_UPLOT_DIR=$T/none "$TPB" -s "$S" -r "$T/r.html" -t "$T/t.csv" "$T/btc.csv" > /dev/null
	timeout 120 "$c" --headless --no-sandbox --disable-gpu \
		--dump-dom "file://$T/r.html" 2>/dev/null > "$T/dom.html"
	[ "$(grep -o '<svg' "$T/dom.html" | wc -l)" -eq 3 ]
	[ "$(grep -o '<polyline' "$T/dom.html" | wc -l)" -eq 3 ]
	n=$(awk 'END { print NR - 1 }' "$T/t.csv")
	[ "$(grep -o '<tr><td>' "$T/dom.html" | wc -l)" -eq "$n" ]
}

# uPlot where scripts/install-deps puts it (tp-backtest(1) FILES), or
# where TP_UPLOT_DIR says.
uplot_dir() {
	U=${TP_UPLOT_DIR:-/usr/local/share/tp/uplot/node_modules/uplot/dist}
	[ -f "$U/uPlot.iife.min.js" ] ||
		{ echo "uPlot is not in $U: run scripts/install-deps" >&2; return 1; }
}

# The JSON block of the report page $1.
report_data() {
	sed -n '/<script type="application\/json" id="tp-data">/,/<\/script>/p' "$1" |
		sed '1d;$d'
}

# N synthetic symbols S1/USDT.. of a year of 1h candles from 2024-01-01,
# one file each under $T.
synth_year() {
	local i
	for i in $(seq "$1"); do
		"$BIN/tp-fetch" synth --seed "$i" --bars 8760 --timeframe 1h \
			--start 2024-01-01 --symbol "S$i/USDT" > "$T/s$i.csv"
	done
}

@test "--report with uPlot: the library and the run's data inlined, nothing fetched" {
	uplot_dir
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" |
		"$TPF" import -s BTC/USDT > "$T/btc.csv"
	"$TPF" synth --seed 1 --bars 2999 --timeframe 1h --start 2022-01-01 \
		--symbol 'X</script><b>' > "$T/x.csv"
	TP_UPLOT_DIR=$U "$TPB" -s "$S" -r "$T/r.html" -t "$T/t.csv" \
		--breakdown month "$T/btc.csv" "$T/x.csv" > /dev/null
	[ "$(head -1 "$T/r.html")" = "<!DOCTYPE html>" ]
	[ "$(tail -1 "$T/r.html")" = "</html>" ]
	# the data, uPlot's code and the glue; nothing loaded from elsewhere
	[ "$(grep -c '<script' "$T/r.html")" -eq 3 ]
	refute grep -q -e 'src=' -e '<link' "$T/r.html"
	grep -qF "$(head -c 300 "$U/uPlot.iife.min.js")" "$T/r.html"
	grep -qF "$(head -c 100 "$U/uPlot.min.css")" "$T/r.html"
	# a symbol's name cannot end the data block early: < is \u003c
	[ "$(grep -c '</script>' "$T/r.html")" -eq 3 ]
	report_data "$T/r.html" > "$T/d.json"
	jq -e '.symbols | map(.name) | sort == ["BTC/USDT", "X</script><b>"]' "$T/d.json"
	# the fields the rules of rsi_reversion.json name, beyond the candle's
	jq -e '.symbols | all(.ind == ["rsi_14", "ema_200"])' "$T/d.json"
	jq -e '.symbols | all((.v | length) == 2 and (.v[0] | length) == (.t | length))' "$T/d.json"
	# every trade, as the trade list
	n=$(awk 'END { print NR - 1 }' "$T/t.csv")
	[ "$(jq '.trades | length' "$T/d.json")" -eq "$n" ]
	[ "$n" -gt 0 ]
	# the header: the period of the candles (2022-01-01T00:00Z and 2998
	# hours on: 124 days and 22 hours), the strategy file's settings
	grep -q '<tr><th>period</th><td>2022-01-01 00:00 to 2022-05-05 22:00 UTC</td></tr>' "$T/r.html"
	grep -q '<tr><th>indicators</th><td>rsi:14, ema:200</td></tr>' "$T/r.html"
	grep -q '<tr><th>stoploss</th><td>-0.05</td></tr>' "$T/r.html"
	# --format table's tables, with --breakdown's: January to May
	grep -q '<h3>SUMMARY METRICS</h3>' "$T/r.html"
	grep -q '<h3>MONTH BREAKDOWN</h3>' "$T/r.html"
	[ "$(sed -n '/<h3>MONTH BREAKDOWN/,/<\/table>/p' "$T/r.html" |
		grep -c '<tr><td class="l">2022-0[1-5]</td>')" -eq 5 ]
}

@test "--report --timerange: the page draws the range's candles and equity, its period in the header" {
	uplot_dir
	S=$TOP/share/strategies/rsi_reversion.json
	head -3000 "$DATA/binance_BTCUSDT_1h.csv" |
		"$TPF" import -s BTC/USDT > "$T/btc.csv"
	run --separate-stderr env TP_UPLOT_DIR=$U "$TPB" -s "$S" \
		--timerange 20220401-20220501 -r "$T/r.html" "$T/btc.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	report_data "$T/r.html" > "$T/d.json"
	# date -u -d 2022-04-01 +%s: 1648771200; 2022-05-01: 1651363200;
	# 30 days of hours and the last day's 00:00 candle
	[ "$(jq -c '.symbols[0].t | [first, last, length]' "$T/d.json")" = \
	    "[1648771200000,1651363200000,721]" ]
	[ "$(jq -c '.equity.t | [first, last]' "$T/d.json")" = "[1648771200000,1651363200000]" ]
	grep -q '<tr><th>period</th><td>2022-04-01 00:00 to 2022-05-01 00:00 UTC</td></tr>' "$T/r.html"
}

@test "--report thins each curve to 1200 points, keeping each symbol's lowest, highest, first and last close" {
	uplot_dir
	synth_year 10
	TP_UPLOT_DIR=$U "$TPB" -s "$TOP/share/strategies/rsi_reversion.json" \
		-r "$T/r.html" "$T"/s*.csv > /dev/null
	report_data "$T/r.html" > "$T/d.json"
	[ "$(jq '.symbols | length' "$T/d.json")" -eq 10 ]
	jq -e '(.equity.t | length) <= 1200 and (.equity.t | length) > 500' "$T/d.json"
	# the equity from the starting balance (tp-strategy(5): 1000)
	jq -e '.equity.t[0] == 1704067200000 and .equity.equity[0] == 1000' "$T/d.json"
	for i in $(seq 10); do
		jq -e --arg s "S$i/USDT" '.symbols[] | select(.name == $s) |
			(.t | length) <= 1200 and (.t | length) > 500 and
			. as $y | all(range(1; .t | length); $y.t[.] > $y.t[. - 1])' \
			"$T/d.json" > /dev/null
		# the input's own extremes, from its close column
		read -r lo hi < <(awk -F, 'NR > 1 { if (NR == 2 || $5 < lo) lo = $5
			if (NR == 2 || $5 > hi) hi = $5 } END { print lo, hi }' "$T/s$i.csv")
		jq -e --arg s "S$i/USDT" --argjson lo "$lo" --argjson hi "$hi" \
			'.symbols[] | select(.name == $s) | (.close | min) == $lo and
			(.close | max) == $hi' "$T/d.json"
		# and its first and last candles: 2024-01-01T00:00Z and 8759 h on
		jq -e --arg s "S$i/USDT" '.symbols[] | select(.name == $s) |
			.t[0] == 1704067200000 and .t[-1] == 1735599600000' "$T/d.json"
	done
}

@test "--report in headless Chromium: 10 symbols x 1 year of 1h, every chart drawn in <= 2 s, the summary's figures, a screenshot" {
	c=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$c" ] || skip "chromium is not installed (apt-get install chromium)"
	uplot_dir
	S=$TOP/share/strategies/rsi_reversion.json
	synth_year 10
	TP_UPLOT_DIR=$U "$TPB" -s "$S" -f ndjson -r "$T/r.html" -t "$T/t.csv" \
		"$T"/s*.csv > "$T/sum.ndjson"
	chrome() {
		timeout 120 "$c" --headless --no-sandbox --disable-gpu \
			--hide-scrollbars "$@" 2>/dev/null
	}
	s0=$(date +%s%N)
	chrome --dump-dom "file://$T/r.html" > "$T/dom.html"
	s1=$(date +%s%N)
	# the page's self-check, once loaded: equity, price, the RSI panel
	read -r _ charts _ drawn _ errors _ ms < <(grep -o '<pre id="tp-check">[^<]*' \
		"$T/dom.html" | sed 's/.*>//')
	echo "# report of 10 symbols x 8760 1h candles: drawn in $ms ms in the page," \
		"chromium ran $(( (s1 - s0) / 1000000 )) ms in all" >&3
	[ "$errors" = 0 ]
	[ "$charts" -eq 3 ] && [ "$drawn" -eq 3 ]
	[ "$(grep -o '<canvas' "$T/dom.html" | wc -l)" -eq 3 ]
	[ "$ms" -le 2000 ]
	# the figures shown, in --format table's SUMMARY METRICS, are the
	# summary record's
	n=$(jq .trades "$T/sum.ndjson")
	[ "$n" -eq "$(awk 'END { print NR - 1 }' "$T/t.csv")" ]
	for f in "Trades:trades:%d:1" "Total profit %:profit_total:%.2f%%:100" \
	    "Final balance:final_balance:%.2f:1" \
	    "Max drawdown (account):max_drawdown_account:%.2f%%:100" \
	    "Win%:winrate:%.2f%%:100"; do
		IFS=: read -r label key fmt k <<<"$f"
		v=$(jq ".$key" "$T/sum.ndjson" | awk -v f="$fmt" -v k="$k" '{ printf f, $1 * k }')
		grep -q "<tr><td class=\"l\">$label</td><td class=\"r[a-z ]*\">$v</td></tr>" \
			"$T/dom.html" || { echo "$label: not $v"; return 1; }
	done
	# and the other tables of --format table, TOTAL rows set off
	for h in "BACKTESTING REPORT" "ENTER TAG STATS" "EXIT REASON STATS" \
	    "EXIT REASON STATS PER PAIR"; do
		grep -q "<h3>$h</h3>" "$T/dom.html"
	done
	[ "$(grep -c '<tr class="total"><td class="l">TOTAL</td>' "$T/dom.html")" -eq 3 ]
	grep -q "<span id=\"tp-page\">$n trades, page 1 of $(( (n + 49) / 50 ))</span>" "$T/dom.html"
	# sorted by profit, the worst first; another symbol chosen
	chrome --dump-dom "file://$T/r.html#sym=3&sort=6&desc=0" > "$T/sorted.html"
	grep -q 'charts 3 drawn 3 errors 0 ' "$T/sorted.html"
	grep -q 'u-title">Price of S3/USDT<' "$T/sorted.html"
	worst=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		NR == 2 || $c["profit_ratio"] < w { w = $c["profit_ratio"] }
		END { printf "%.2f%%", w * 100 }' "$T/t.csv")
	grep -o '<tbody><tr><td>[^/]*/USDT</td>\(<td>[^<]*</td>\)\{5\}<td class="neg">[^<]*<' \
		"$T/sorted.html" | grep -q ">$worst<"
	# a screenshot for a person to look at, kept beside the binaries
	chrome --window-size=1280,2400 --screenshot="$T/report.png" "file://$T/r.html" > /dev/null
	[ "$(head -c 4 "$T/report.png" | od -An -c | tr -d ' ')" = '211PNG' ]
	cp "$T/report.png" "$BIN/../report-screenshot.png"
}

@test "whole-number options refuse a fraction instead of truncating it" {
	# --monte-carlo 2.5 ran 2 resamples, silently
	S=$TOP/share/strategies/rsi_reversion.json
	for a in "--monte-carlo 2.5" "--threads 1.5" "--seed 0.1" "--random 3.7"; do
		set -- $a
		run --separate-stderr "$TPB" -s "$S" "$1" "$2" "$DATA/binance_BTCUSDT_1h.csv"
		[ "$status" -eq 64 ] || { echo "$a: $status"; return 1; }
		[[ "${stderr_lines[0]}" == "tp-backtest: $1: expected a whole number from "*", not \"$2\"" ]] ||
			{ echo "$stderr"; return 1; }
	done
}
