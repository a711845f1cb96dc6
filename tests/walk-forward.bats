#!/usr/bin/env bats
# tp-predict --walk-forward (tp-predict(1) MODELS, Walk-forward): each
# backtest_period predicted by a model trained on the window before it,
# through the real programs and pipes, on the bundled 1h candles of
# BTC/USDT and ETH/USDT (2022-01-01 on, the first 4000 hours).  Expected
# predictions come from python xgboost 1.7.4 (Debian's, the same
# libxgboost): tests/model/check_walk.py rebuilds every block's window
# from the cut stream with pandas and numpy and trains on it.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	S=$W/wf.json
	cp "$TOP/tests/fixtures/model/wf_strategy.json" "$S"
	head -4001 "$DATA/binance_BTCUSDT_1h.csv" > "$W/binance_BTCUSDT_1h.csv"
	"$BIN/tp-ind" -s "$S" "$W/binance_BTCUSDT_1h.csv" > "$W/f.csv"
}

# the ETH/USDT hours of the same span, with their features
eth() {
	gzip -dc "$DATA/binance_ETHUSDT_1h.csv.gz" | head -4001 \
	    > "$W/binance_ETHUSDT_1h.csv"
	"$BIN/tp-ind" -s "$S" "$W/binance_ETHUSDT_1h.csv" > "$W/e.csv"
}

@test "walk-forward: each block's predictions are python xgboost's, trained on the window before it" {
	need_python xgboost pandas sklearn
	"$BIN/tp-predict" --walk-forward -s "$S" "$W/f.csv" > "$W/out.csv"
	head -1 "$W/out.csv" | grep -q ',pred_down,pred_up,do_predict,model_version,signal,'
	run /usr/bin/python3 "$TOP/tests/model/check_walk.py" "$S" "$W/f.csv" \
	    "$W/out.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	# 60 days without a model, then 8 blocks of 14 days (the last short)
	[ "${lines[0]}" = "block 0: 1440 candles, no prediction, do_predict 0" ]
	[[ "${lines[1]}" == "8 blocks, 2560 candles: "* ]]
	# the rules decided on the predictions
	[ "$(grep -c ',enter_long,' "$W/out.csv")" -ge 1 ]
}

@test "walk-forward: a block's model is tp-predict train's on the stream cut before the block" {
	# block 3 begins 60 + 2 * 14 days after the first candle
	local t0 b3 b4
	t0=$(awk -F, 'NR == 2 { print $1 }' "$W/f.csv")
	b3=$((t0 + 88 * 86400000))
	b4=$((b3 + 14 * 86400000))
	awk -F, -v b="$b3" 'NR == 1 || $1 < b' "$W/f.csv" > "$W/cut.csv"
	awk -F, -v b="$b3" -v c="$b4" 'NR == 1 || ($1 >= b && $1 < c)' \
	    "$W/f.csv" > "$W/block.csv"
	"$BIN/tp-predict" train -s "$S" -M "$W/m" "$W/cut.csv" > /dev/null
	"$BIN/tp-predict" -s "$S" -M "$W/m" "$W/block.csv" 2>/dev/null |
	    cut -d, -f13-15 > "$W/want"
	"$BIN/tp-predict" -W -s "$S" "$W/f.csv" |
	    awk -F, -v b="$b3" -v c="$b4" 'NR == 1 || ($1 >= b && $1 < c)' |
	    cut -d, -f13-15 > "$W/got"
	[ "$(wc -l < "$W/want")" -eq 337 ]
	cmp "$W/want" "$W/got"
}

@test "walk-forward: the same bytes with 1, 2 and 3 threads, CSV and NDJSON, two symbols" {
	eth
	"$BIN/tp-predict" -W -j 1 -s "$S" "$W/f.csv" "$W/e.csv" > "$W/1.csv"
	"$BIN/tp-predict" -W -j 2 -s "$S" "$W/f.csv" "$W/e.csv" > "$W/2.csv"
	"$BIN/tp-predict" -W -j 3 -s "$S" "$W/f.csv" "$W/e.csv" > "$W/3.csv"
	[ "$(wc -l < "$W/1.csv")" -eq 8001 ]
	cmp "$W/1.csv" "$W/2.csv"
	cmp "$W/1.csv" "$W/3.csv"
	# both symbols, one model a block for both
	[ "$(awk -F, '$16 == 5' "$W/1.csv" | cut -d, -f7 | sort -u | wc -l)" -eq 2 ]
	"$BIN/tp-predict" -W -j 1 -f ndjson -s "$S" "$W/f.csv" "$W/e.csv" > "$W/1.json"
	"$BIN/tp-predict" -W -j 2 -f ndjson -s "$S" "$W/f.csv" "$W/e.csv" > "$W/2.json"
	cmp "$W/1.json" "$W/2.json"
}

@test "no lookahead: changing every candle after T changes no output row up to T (real data)" {
	# T: hour 2500, inside block 4 (hours 2448 to 2783); every price and volume after it
	# scaled and shifted, the features computed again from the candles
	mkdir "$W/x"
	awk -F, -v OFS=, 'NR > 2501 { for (i = 2; i <= 6; i++)
	    $i = $i * (1.5 + 0.1 * sin(NR)) } 1' "$W/binance_BTCUSDT_1h.csv" \
	    > "$W/x/binance_BTCUSDT_1h.csv"
	"$BIN/tp-ind" -s "$S" "$W/x/binance_BTCUSDT_1h.csv" > "$W/g.csv"
	"$BIN/tp-predict" -W -s "$S" "$W/f.csv" > "$W/a.csv"
	"$BIN/tp-predict" -W -s "$S" "$W/g.csv" > "$W/b.csv"
	cmp <(head -2501 "$W/a.csv") <(head -2501 "$W/b.csv")
	# the change shows after T: the test can fail
	refute cmp -s <(cut -d, -f14 "$W/a.csv") <(cut -d, -f14 "$W/b.csv")
}

@test "no lookahead: closes after a block begins never reach its model (labels stop at the window's end)" {
	# closes from block 4 on changed, unevenly, and nothing else: the
	# rows just before block 4 would be labelled by them if trained on
	local t0 b4 b5
	t0=$(awk -F, 'NR == 2 { print $1 }' "$W/f.csv")
	b4=$((t0 + 102 * 86400000))
	b5=$((b4 + 14 * 86400000))
	awk -F, -v OFS=, -v b="$b4" 'NR > 1 && $1 >= b {
	    $5 = $5 * (1 + 0.05 * sin(NR)) } 1' "$W/f.csv" > "$W/g.csv"
	"$BIN/tp-predict" -W -s "$S" "$W/f.csv" | cut -d, -f1,13-15 > "$W/a"
	"$BIN/tp-predict" -W -s "$S" "$W/g.csv" | cut -d, -f1,13-15 > "$W/b"
	cmp <(awk -F, -v c="$b5" '$1 < c' "$W/a") \
	    <(awk -F, -v c="$b5" '$1 < c' "$W/b")
	# block 5's window has the changed labels: its predictions differ
	refute cmp -s "$W/a" "$W/b"
}

@test "walk-forward: train_period and backtest_period in candles count the stream's times" {
	jq '.model.train.train_period = 1000 | .model.train.backtest_period = 500' \
	    "$S" > "$W/c.json"
	"$BIN/tp-predict" -W -s "$W/c.json" "$W/f.csv" |
	    awk -F, 'NR > 1 { n[$16 == "" ? 0 : $16]++ }
	    END { for (k = 0; k <= 6; k++) printf "%d ", n[k]; print "" }' \
	    > "$W/counts"
	# 1000 hours without a model, then blocks of 500, the last 3000 - 2500
	[ "$(cat "$W/counts")" = "1000 500 500 500 500 500 500 " ]
}

@test "walk-forward streams: a block's rows come out while the input is still open" {
	# 2000 lines: block 0 (1440) and the start of block 1, then a pause
	tp_streams 2001 "$W/f.csv" 2000 "$BIN/tp-predict" -W -s "$S"
}

@test "walk-forward: tp-ind | tp-predict --walk-forward | tp-backtest" {
	"$BIN/tp-ind" -s "$S" < "$W/binance_BTCUSDT_1h.csv" |
	    "$BIN/tp-predict" --walk-forward -s "$S" |
	    "$BIN/tp-backtest" -s "$S" -f ndjson > "$W/sum.json"
	jq -e '.type == "summary" and .trades >= 1' "$W/sum.json"
}

@test "walk-forward: bad input and misuse" {
	# a time going back (two files one after the other on stdin)
	eth
	run --separate-stderr "$BIN/tp-predict" -W -s "$S" < <(cat "$W/f.csv" \
	    <(tail -n +2 "$W/e.csv"))
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"stdin:4002: walk-forward: a time before the one before"* ]]
	[[ "$stderr" == *"FILE argument"* ]]
	run --separate-stderr "$BIN/tp-predict" -W -s "$S" -M "$W/m" "$W/f.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--walk-forward trains its own models"* ]]
	run --separate-stderr "$BIN/tp-predict" -W -r 'enter_long: close > 0' \
	    "$W/f.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$BIN/tp-predict" -W \
	    -s "$TOP/share/strategies/rsi_reversion.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'no "model" to walk forward'* ]]
	run --separate-stderr "$BIN/tp-predict" -W -j 0 -s "$S" "$W/f.csv"
	[ "$status" -eq 64 ]
	# a window the model cannot learn from: which block, and why
	jq '.model.kind = "logistic" | .model.params = {} |
	    .model.label.threshold = 10' "$S" > "$W/l.json"
	run --separate-stderr "$BIN/tp-predict" -W -s "$W/l.json" "$W/f.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"walk-forward: model \"pred\", the block from 2022-03-02T00:00:00Z: no row of class 1"* ]]
	# an empty stream: the header only, with the model's fields
	head -1 "$W/f.csv" | "$BIN/tp-predict" -W -s "$S" > "$W/h.csv"
	grep -q ',pred_down,pred_up,do_predict,model_version,signal,' "$W/h.csv"
}
