#!/usr/bin/env bats
# No leaks and no invalid memory use on the normal paths, checked with
# valgrind on the plain build (the sanitizer build has ASan's leak checker
# built in, and valgrind cannot run it).

load helpers

setup() {
	tp_setup
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	if nm "$TPF" 2>/dev/null | grep -q __asan_init; then
		skip "sanitizer build: ASan checks leaks itself"
	fi
}

# vgbin PROGRAM ARG...: run it under valgrind, exit 99 on a leak or error
vgbin() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$@"
}

vg() {
	vgbin "$TPF" "$@" > /dev/null
}

@test "import leaks nothing (CSV, NDJSON, Binance dump, freqtrade JSON)" {
	run vg import -f ndjson "$FIX/eth_btc_5m_head.csv" "$FIX/freqtrade-ETH_BTC-5m.json"
	[ "$status" -eq 0 ]
	run vg import "$FIX/binance-BTCUSDT-1m-us.csv"
	[ "$status" -eq 0 ]
}

@test "check leaks nothing, even with problems found" {
	run vg check "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 65 ]
	# --list: gaps, and runs of duplicates flushed midway and at the end
	run vg check --list -t 5m "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 65 ]
	printf 'time,open,high,low,close,volume\n%s\n%s\n%s\n%s\n%s\n' \
		1704067200000,1,1,1,1,1 1704067200000,1,1,1,1,1 \
		1704067500000,1,1,1,1,1 1704067500000,1,1,1,1,1 \
		1704067560000,1,1,1,1,1 > "$BATS_TEST_TMPDIR/d.csv"
	run vg check --list -t 1m "$BATS_TEST_TMPDIR/d.csv"
	[ "$status" -eq 65 ]
}

@test "fix leaks nothing with every stage on" {
	run vg fix --sort --dedupe --fill-gaps -t 5m "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 0 ]
	run vg fix --resample 1h -f ndjson "$DATA/ADA_BTC_5m.csv"
	[ "$status" -eq 0 ]
}

@test "synth leaks nothing" {
	run vg synth --bars 500 -s X
	[ "$status" -eq 0 ]
}

@test "an error path leaks nothing" {
	run vg import "$BATS_TEST_TMPDIR/missing.csv"
	[ "$status" -eq 66 ]
	printf 'time,open,high,low,close,volume\n1,1,1,1,NaN,1\n' > "$BATS_TEST_TMPDIR/bad.csv"
	run vg fix --sort "$BATS_TEST_TMPDIR/bad.csv"
	[ "$status" -eq 65 ]
}

@test "journal verify leaks nothing on a record with an escaped field name" {
	local db=$BATS_TEST_TMPDIR/j.db
	"$BIN/tp-journal" init "$db"
	printf '{"time":1000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10,"x\\"y":1}\n' |
	    "$BIN/tp-journal" add -y BTC/USDT --exchange binance --timeframe 1h "$db"
	run vgbin "$BIN/tp-journal" verify "$db"
	[ "$status" -eq 0 ]
}

# allocs STATUS PROGRAM ARG...: the number of heap allocations of one run
# of PROGRAM, which must exit with STATUS
allocs() {
	local want=$1 st=0
	shift
	valgrind "$@" 2> "$BATS_TEST_TMPDIR/vg.err" > /dev/null || st=$?
	[ "$st" -eq "$want" ] || { echo "$*: exit $st, not $want" >&2; return 1; }
	sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' "$BATS_TEST_TMPDIR/vg.err"
}

@test "streaming allocates nothing per record" {
	# 5,720 rows and 37,923 rows must cost the same number of mallocs
	# (check finds gaps in both: exit 65, tp-fetch(1))
	for cmd in "0 import -f ndjson" "0 fix --dedupe --fill-gaps -t 1h" "65 check"; do
		a=$(allocs ${cmd%% *} "$TPF" ${cmd#* } "$DATA/ADA_BTC_5m.csv")
		b=$(allocs ${cmd%% *} "$TPF" ${cmd#* } "$DATA/binance_BTCUSDT_1h.csv")
		[ -n "$a" ] && [ "$a" = "$b" ] || { echo "$cmd: $a vs $b"; return 1; }
	done
}

@test "tp-ind leaks nothing, over many symbols and every indicator family" {
	TPI=$BIN/tp-ind
	{ head -n 400 "$TOP/tests/ind/input.csv" | "$TPF" import -s A -f ndjson
	  head -n 400 "$TOP/tests/ind/input.csv" | "$TPF" import -s B -f ndjson
	} > "$BATS_TEST_TMPDIR/two.ndjson"
	run vgbin "$TPI" rsi macd bbands:20,2,2,mama adx sarext \
		stoch:5,3,kama cdlengulfing cdlhikkake ht_trendline regime \
		events vwap ichimoku correl:10@close,volume \
		"$BATS_TEST_TMPDIR/two.ndjson"
	[ "$status" -eq 0 ]
}

@test "tp-ind allocates nothing per record" {
	TPI=$BIN/tp-ind
	a=$(allocs 0 "$TPI" rsi macd bbands atr cdlengulfing regime "$DATA/ADA_BTC_5m.csv")
	b=$(allocs 0 "$TPI" rsi macd bbands atr cdlengulfing regime "$DATA/binance_BTCUSDT_1h.csv")
	[ -n "$a" ] && [ "$a" = "$b" ] || { echo "$a vs $b"; return 1; }
}

@test "tp-ind informative fields leak nothing: --tf, --from, --shift, a strategy, errors" {
	TPI=$BIN/tp-ind
	{ head -n 400 "$TOP/tests/ind/input.csv" | "$TPF" import -s A -f ndjson
	  head -n 400 "$TOP/tests/ind/input.csv" | "$TPF" import -s B -f ndjson
	} > "$BATS_TEST_TMPDIR/two.ndjson"
	# daily candles (tests/ind/input.csv), interleaved by time
	"$TPF" fix --sort "$BATS_TEST_TMPDIR/two.ndjson" > "$BATS_TEST_TMPDIR/m.ndjson"
	run vgbin "$TPI" --base-tf 1d rsi --tf 1w rsi macd regime events \
		--from A close rsi_14_1w sma:5 --from Z close \
		--shift 3 rsi_14 a_close nosuch "$BATS_TEST_TMPDIR/m.ndjson"
	[ "$status" -eq 0 ]
	run vgbin "$TPI" --strategy "$TOP/share/strategies/trend_4h_btc_gate.json" \
		"$DATA/binance_BTCUSDT_1h.csv" "$DATA/binance_ETHUSDT_1h.csv.gz"
	[ "$status" -eq 0 ]
	# no base timeframe; a base timeframe that does not divide; a clash
	run vgbin "$TPI" --tf 1w rsi "$BATS_TEST_TMPDIR/m.ndjson"
	[ "$status" -eq 64 ]
	run vgbin "$TPI" --tf 36h rsi "$DATA/binance_BTCUSDT_1d.csv"
	[ "$status" -eq 64 ]
	run vgbin "$TPI" --tf 4h rsi --tf 4h rsi "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 64 ]
}

@test "tp-ind informative fields allocate nothing per record" {
	# 5,000 and 37,923 rows of one file (the held rows are copies: a
	# file of longer numbers costs a longer buffer once)
	TPI=$BIN/tp-ind
	mkdir "$BATS_TEST_TMPDIR/s"
	head -n 5001 "$DATA/binance_BTCUSDT_1h.csv" \
	    > "$BATS_TEST_TMPDIR/s/binance_BTCUSDT_1h.csv"
	a=$(allocs 0 "$TPI" rsi --tf 1d rsi macd --from X close --shift 2 rsi_14 \
	    "$BATS_TEST_TMPDIR/s/binance_BTCUSDT_1h.csv")
	b=$(allocs 0 "$TPI" rsi --tf 1d rsi macd --from X close --shift 2 rsi_14 \
	    "$DATA/binance_BTCUSDT_1h.csv")
	[ -n "$a" ] && [ "$a" = "$b" ] || { echo "$a vs $b"; return 1; }
}

@test "tp-predict train and its models leak nothing: xgboost, logistic, errors" {
	W=$BATS_TEST_TMPDIR
	for k in xgb logit; do
		cp "$TOP/tests/fixtures/model/${k}_strategy.json" "$W/$k.json"
		"$BIN/tp-ind" -s "$W/$k.json" "$DATA/binance_BTCUSDT_1h.csv" |
		    head -n 3000 > "$W/$k.csv"
		run vgbin "$BIN/tp-predict" train -s "$W/$k.json" "$W/$k.csv"
		[ "$status" -eq 0 ]
		run vgbin "$BIN/tp-predict" -s "$W/$k.json" "$W/$k.csv"
		[ "$status" -eq 0 ]
	done
	# a corrupt model; no labelled row
	head -c 100 "$W/xgb.models/v000001/model.json" > "$W/m" &&
	    mv "$W/m" "$W/xgb.models/v000001/model.json"
	run vgbin "$BIN/tp-predict" -s "$W/xgb.json" "$W/xgb.csv"
	[ "$status" -eq 65 ]
	head -n 5 "$W/logit.csv" > "$W/short.csv"
	run vgbin "$BIN/tp-predict" train -s "$W/logit.json" "$W/short.csv"
	[ "$status" -eq 65 ]
}

@test "tp-predict --walk-forward leaks nothing: threads, DI, a window it cannot learn from" {
	W=$BATS_TEST_TMPDIR
	jq '.model.outliers = {"DI_threshold": 2}' \
	    "$TOP/tests/fixtures/model/wf_strategy.json" > "$W/wf.json"
	"$BIN/tp-ind" -s "$W/wf.json" "$DATA/binance_BTCUSDT_1h.csv" |
	    head -n 2200 > "$W/f.csv"
	run vgbin "$BIN/tp-predict" -W -j 2 -s "$W/wf.json" "$W/f.csv"
	[ "$status" -eq 0 ]
	jq '.model.kind = "logistic" | .model.params = {} |
	    .model.label.threshold = 10' "$W/wf.json" > "$W/l.json"
	run vgbin "$BIN/tp-predict" -W -j 2 -s "$W/l.json" "$W/f.csv"
	[ "$status" -eq 65 ]
}

@test "tp-predict leaks nothing with a strategy, built-in signals and --explain" {
	"$BIN/tp-ind" --strategy "$TOP/share/strategies/long_short.json" "$DATA/ADA_BTC_5m.csv" > "$BATS_TEST_TMPDIR/f.csv"
	run vgbin "$BIN/tp-predict" --strategy "$TOP/share/strategies/long_short.json" \
		--rule 'enter_long: @rsi_oversold:30' --explain "$BATS_TEST_TMPDIR/f.csv"
	[ "$status" -eq 0 ]
}

@test "tp-backtest leaks nothing: in-process rules, trades, equity, Monte Carlo, errors" {
	S=$TOP/share/strategies/rsi_reversion.json
	T=$BATS_TEST_TMPDIR
	head -1500 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	run vgbin "$BIN/tp-backtest" -s "$S" -t "$T/t.csv" -e "$T/e.ndjson" -r "$T/r.html" \
		--monte-carlo 20 "$T/btc.csv"
	[ "$status" -eq 0 ]
	# the report's static page, without uPlot
	TP_UPLOT_DIR= run vgbin "$BIN/tp-backtest" -s "$S" -r "$T/r.html" "$T/btc.csv"
	[ "$status" -eq 0 ]
	grep -q '<svg' "$T/r.html"
	run vgbin "$BIN/tp-backtest" -s "$T/missing.json" "$T/btc.csv"
	[ "$status" -eq 66 ]
	printf 'time,open,high,low,close,volume,signal\n2,1,1,1,1,1,\n1,1,1,1,1,1,\n' \
		> "$T/back.csv"
	run vgbin "$BIN/tp-backtest" "$T/back.csv"
	[ "$status" -eq 65 ]
}

@test "tp-backtest and tp-journal tables and --breakdown leak nothing" {
	S=$TOP/share/strategies/rsi_reversion.json
	T=$BATS_TEST_TMPDIR
	head -1500 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	run vgbin "$BIN/tp-backtest" -s "$S" -f table --breakdown week \
		-t "$T/t.csv" "$T/btc.csv"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-backtest" -s "$S" --breakdown day "$T/btc.csv"
	[ "$status" -eq 0 ]
	"$BIN/tp-journal" init "$T/j.db"
	"$BIN/tp-journal" add "$T/j.db" "$T/t.csv"
	run vgbin "$BIN/tp-journal" report -f table --breakdown month "$T/j.db"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-journal" report -f ndjson --breakdown month "$T/j.db"
	[ "$status" -eq 0 ]
}

@test "tp-backtest --sweep and merge leak nothing, on two threads" {
	S=$TOP/share/strategies/rsi_reversion.json
	T=$BATS_TEST_TMPDIR
	head -1000 "$DATA/binance_BTCUSDT_1h.csv" > "$T/btc.csv"
	# the sweep's table on stdout alone: a warning cannot end up in it
	run --separate-stderr vgbin "$BIN/tp-backtest" -s "$S" --threads 2 --pareto \
		--sweep 'stoploss=-0.02:-0.04:-0.02,roi.30=0.01:0.02:0.01' "$T/btc.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$T/sw.csv"
	run vgbin "$BIN/tp-backtest" merge --pareto "$T/sw.csv"
	[ "$status" -eq 0 ]
}

@test "tp-journal leaks nothing: add, verify, seal, report, metrics, export, import" {
	J=$BIN/tp-journal
	W=$BATS_TEST_TMPDIR
	head -101 "$DATA/binance_BTCUSDT_1h.csv" > "$W/h.csv"
	run vgbin "$J" init "$W/j.db"
	[ "$status" -eq 0 ]
	run vgbin "$J" add -v -y BTC/USDT --exchange binance --timeframe 1h "$W/j.db" "$W/h.csv"
	[ "$status" -eq 0 ]
	sqlite3 "$W/ft.sqlite" < "$FIX/freqtrade-tradesv3.sql"
	run vgbin "$J" import-freqtrade "$W/ft.sqlite" "$W/j.db"
	[ "$status" -eq 0 ]
	export TP_PASSPHRASE=leaks
	"$J" keygen "$W/k" > /dev/null
	run vgbin "$J" seal --key "$W/k" "$W/j.db"
	[ "$status" -eq 0 ]
	for args in "verify $W/j.db" "report $W/j.db" "report $W/j.db trades" \
	    "metrics $W/j.db" "export $W/j.db audit" "backup $W/j.db $W/c.db"; do
		run vgbin "$J" $args
		[ "$status" -eq 0 ] || { echo "$args: $output"; return 1; }
	done
	# Error paths: a bad record, a tampered journal.
	echo '{"time":1,"open":"x"}' > "$W/bad.ndjson"
	run vgbin "$J" add "$W/j.db" "$W/bad.ndjson"
	[ "$status" -eq 65 ]
	sqlite3 "$W/j.db" 'UPDATE candles SET close = 1 WHERE rowid IN (SELECT rowid FROM candles LIMIT 1)' 2>/dev/null ||
	    sqlite3 "$W/j.db" 'UPDATE candles SET close = 1 WHERE time = 1640995200000'
	run vgbin "$J" verify "$W/j.db"
	[ "$status" -eq 65 ]
}

@test "tp-risk and tp-exec leak nothing: run, status, report, halt, close-all, errors" {
	W=$BATS_TEST_TMPDIR
	F=$TOP/tests/exec/flip_dca.json
	head -401 "$DATA/binance_BTCUSDT_1h.csv" > "$W/h.csv"
	"$BIN/tp-ind" --strategy "$F" "$W/h.csv" > "$W/i.csv"
	"$BIN/tp-predict" --strategy "$F" "$W/i.csv" > "$W/d.csv"
	run vgbin "$BIN/tp-risk" --strategy "$F" --db "$W/j.db" --limit-offset 0.001 "$W/d.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr vgbin "$BIN/tp-risk" --strategy "$F" --db "$W/j.db" "$W/d.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/o.ndjson"
	run vgbin "$BIN/tp-exec" --strategy "$F" --db "$W/j.db" "$W/o.ndjson"
	[ "$status" -eq 0 ]
	# the next run loads the account the first one saved
	run vgbin "$BIN/tp-risk" --strategy "$F" --db "$W/j.db" "$W/d.csv"
	[ "$status" -eq 0 ]
	for args in "status --db $W/j.db" "halt --db $W/j.db --close-all --strategy $F" \
	    "resume --db $W/j.db"; do
		run vgbin "$BIN/tp-exec" $args
		[ "$status" -eq 0 ] || { echo "$args: $output"; return 1; }
	done
	run vgbin "$BIN/tp-risk" report --strategy "$F" --db "$W/j.db"
	[ "$status" -eq 0 ]
	# Error paths: a bad order, a damaged account.
	echo '{"type":"order","client_order_id":"x","action":"buy"}' > "$W/bad.ndjson"
	run vgbin "$BIN/tp-exec" --strategy "$F" --db "$W/j.db" "$W/bad.ndjson"
	[ "$status" -eq 65 ]
	sqlite3 "$W/j.db" "UPDATE paper_accounts SET state = '{\"version\":1}'"
	run vgbin "$BIN/tp-risk" --strategy "$F" --db "$W/j.db" "$W/d.csv"
	[ "$status" -eq 65 ]
	run vgbin "$BIN/tp-exec" --strategy "$F" --db "$W/j.db" "$W/d.csv"
	[ "$status" -eq 65 ]
}

@test "tp-fetch binance leaks nothing: pages, retries, a refusal, giving up" {
	W=$BATS_TEST_TMPDIR
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -1501 > "$W/src.csv"
	t0=$(sed -n 2p "$W/src.csv" | cut -d, -f1)
	/usr/bin/python3 "$TOP/tests/fetch/fake_exchange.py" "$W/src.csv" \
		"$W/port" 429:0 trunc html "" always500 &
	fake=$!
	for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
	url=http://127.0.0.1:$(cat "$W/port")
	run vgbin "$TPF" binance BTC/USDT 1m --since "$t0" --base-url "$url" \
		--max-wait 5
	st1=$status
	run vgbin "$TPF" binance ETH/USDT 1m --since "$t0" --base-url "$url"
	st2=$status
	head -5 "$W/src.csv" | sed 's/$/,BTC\/USDT,1m,binance/; 1s/.*/time,open,high,low,close,volume,symbol,timeframe,exchange/' > "$W/a.csv"
	printf '17' >> "$W/a.csv"
	run vgbin "$TPF" binance BTC/USDT 1m --base-url "$url" --max-wait 0 \
		--append "$W/a.csv"
	st3=$status
	kill $fake
	[ "$st1" -eq 75 ]
	[ "$st2" -eq 64 ]
	[ "$st3" -eq 75 ]
}

@test "tp-fetch kraken, bybit, coinbase, markets and ticker leak nothing: retries, shuffled pages, refusals" {
	W=$BATS_TEST_TMPDIR
	gzip -dc "$DATA/binance_BTCUSDT_1m.csv.gz" | head -1501 > "$W/src.csv"
	t0=$(sed -n 2p "$W/src.csv" | cut -d, -f1)
	end=$((t0 + 1500 * 60000))
	/usr/bin/python3 "$TOP/tests/fetch/fake_exchange.py" "$W/src.csv" \
		"$W/port" busy shuffle 500 trunc dup busy 2>/dev/null &
	fake=$!
	for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
	url=http://127.0.0.1:$(cat "$W/port")
	st=
	for ex in kraken bybit coinbase; do
		run vgbin "$TPF" "$ex" BTC/USDT 1m --since "$t0" --until "$end" \
			--base-url "$url"
		st="$st $status"
	done
	run vgbin "$TPF" coinbase DOGE/USD 1h --since "$t0" --until "$end" \
		--base-url "$url"
	st="$st $status"
	for ex in binance kraken bybit coinbase; do
		run vgbin "$TPF" markets "$ex" --base-url "$url"
		st="$st $status"
	done
	run vgbin "$TPF" ticker BTC/USDT --base-url "$url"
	st="$st $status"
	run vgbin "$TPF" ticker ETH/USDT --exchanges bybit,binance --base-url "$url"
	st="$st $status"
	kill $fake
	[ "$st" = " 0 0 0 64 0 0 0 0 0 64" ]
}

@test "tp-qvalidate run leaks nothing: amplitudes, shots, a refused circuit" {
	run vgbin "$BIN/tp-qvalidate" run -S "$TOP/tests/qasm/qft3-5.qasm"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-qvalidate" run --shots 100 "$TOP/tests/qasm/bell.qasm"
	[ "$status" -eq 0 ]
	printf 'OPENQASM 2.0;\nqreg q[2];\nfoo q[0];\n' > "$BATS_TEST_TMPDIR/bad.qasm"
	run vgbin "$BIN/tp-qvalidate" run "$BATS_TEST_TMPDIR/bad.qasm"
	[ "$status" -eq 65 ]
}

@test "tp-qvalidate train and the filter leak nothing, on good and bad input" {
	W=$BATS_TEST_TMPDIR
	head -61 "$DATA/binance_BTCUSDT_1d.csv" | "$BIN/tp-ind" rsi:14 atr:14 > "$W/ind.csv"
	run vgbin "$BIN/tp-qvalidate" train -F rsi_14,atr_14 -l next_return_sign \
		-q 2 -L 1 -e 2 -b 8 -o "$W/m.json" "$W/ind.csv"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-qvalidate" train -F rsi_14,nope -l next_return_sign "$W/ind.csv"
	[ "$status" -eq 65 ]
	"$BIN/tp-predict" --rule 'enter_long: rsi_14 < 50' --rule 'exit_long: rsi_14 > 50' \
		< "$W/ind.csv" > "$W/sig.csv"
	run vgbin "$BIN/tp-qvalidate" --model "$W/m.json" "$W/sig.csv"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-qvalidate" --model "$W/m.json" --batch 7 --gpu "$W/sig.csv"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-qvalidate" "$W/sig.csv"
	[ "$status" -eq 0 ]
	printf '{"rsi_14":1,"atr_14":2,"signal":"moon"}\n' > "$W/bad"
	run vgbin "$BIN/tp-qvalidate" --model "$W/m.json" "$W/bad"
	[ "$status" -eq 65 ]
	echo '{"format": "tp-qvalidate model", "version": 1, "qubits": 99}' > "$W/badm.json"
	run vgbin "$BIN/tp-qvalidate" --model "$W/badm.json" "$W/sig.csv"
	[ "$status" -eq 65 ]
}

@test "tp-predict's LLM decider leaks nothing: calls, retries, abstentions, the cache, offline, news, errors" {
	W=$BATS_TEST_TMPDIR
	load llm/fake
	export TP_TEST_KEY=sk-leak-test
	candles 6
	fake_llm '{"m-a": [{"status": 429, "retry_after": 0}, {"answer": ["BUY", 0.8, 0.2]}], "m-b": [{"content": "prose"}, {"answer": ["SELL", 0.9]}]}'
	strategy "$(model a m-a),$(model b m-b)" '"fields":["close"]' '"rules":{"r":{"when":"close > 0","action":"enter_long"}}'
	{ echo '{"type":"news","time":1704067200000,"title":"t","text":"x"}'; "$BIN/tp-fetch" import -f ndjson "$W/c.csv"; } > "$W/in.ndjson"
	run vgbin "$BIN/tp-predict" -f ndjson --strategy "$W/s.json" --llm-cache "$W/c.db" "$W/in.ndjson"
	[ "$status" -eq 0 ]
	run vgbin "$BIN/tp-predict" --offline --strategy "$W/s.json" --llm-cache "$W/c.db" "$W/c.csv"
	[ "$status" -eq 0 ]
	stop_fake
	# all down, and bad input
	run vgbin "$BIN/tp-predict" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	printf 'time,open,high,low,close,volume\n1704067200000,1,1,1,1,1\n1704067200000,1,1,1,1,1\n' > "$W/dup.csv"
	run vgbin "$BIN/tp-predict" --offline --strategy "$W/s.json" --llm-cache "$W/c.db" "$W/dup.csv"
	[ "$status" -eq 65 ]
	unset TP_TEST_KEY
	run vgbin "$BIN/tp-predict" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 78 ]
}
