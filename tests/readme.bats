#!/usr/bin/env bats
# The README's tour, run as written on the bundled data.  The exchanges are
# the fake of tests/fetch serving share/data's Binance BTC/USDT 1h candles
# (its tickers are the recorded answers in tests/fetch), and the two files
# the import step names are the test fixtures of those formats.  Each step
# is checked against what its comment in the README says.

load helpers
load fetch/fake

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	# The bundled hours, moved in time so that the last is the last closed
	# hour now: the tour's cron tick fetches the candles up to now.
	CANDLES=$W/src.csv
	local now last
	now=$(date +%s)000
	last=$(tail -1 "$DATA/binance_BTCUSDT_1h.csv" | cut -d, -f1)
	awk -F, -v OFS=, -v s=$(( (now / 3600000 - 1) * 3600000 - last )) \
	    'NR > 1 { $1 = sprintf("%.0f", $1 + s) } { print }' \
	    "$DATA/binance_BTCUSDT_1h.csv" > "$CANDLES"
	fake
	export TP_BINANCE_URL=$URL TP_KRAKEN_URL=$URL TP_BYBIT_URL=$URL
	export TP_COINBASE_URL=$URL PATH=$BIN:$PATH
	mkdir "$W/tour"
	cd "$W/tour"
	ln -s "$TOP/share" share
	cp "$FIX/binance-BTCUSDT-1m-ms.csv" BTCUSDT-1m-2021-10.csv
	cp "$FIX/freqtrade-ETH_BTC-5m.json" ETH_BTC-5m.json
	# the indented lines of "A short tour", each comment starting a step
	awk '/^## A short tour/ { p = 1; next } /^Man pages:/ { p = 0 }
	    p && /^    / { sub(/^    /, "")
		if (/^#/ && !c && !pc) { n++; print "echo \"=== " n "\"; echo \"=== " n "\" >&2" }
		c = /\\$/; pc = /^#/; print }' "$TOP/README.md" > tour.sh
}

teardown() {
	stop_fake
}

# step N FILE: the lines FILE has for step N of the tour
step() {
	awk -v n="=== $1" '$0 == n { p = 1; next } /^=== [0-9]+$/ { p = 0 } p' "$2"
}

@test "the README tour runs on the bundled data as written" {
	bash -e -o pipefail tour.sh > out 2> err || { cat err; false; }
	# 1: a year of hourly candles, then the rest up to the last closed one:
	# every row of the source from 2024-01-01 (1704067200000 ms) on
	[ "$(sed -n 2p btc.csv | cut -d, -f1)" = 1704067200000 ]
	want=$(awk -F, 'NR > 1 && $1 >= 1704067200000' "$CANDLES" | wc -l)
	[ "$(tail -n +2 btc.csv | wc -l)" -eq "$want" ]
	[ "$(tail -1 btc.csv | cut -d, -f1)" = "$(tail -1 "$CANDLES" | cut -d, -f1)" ]
	# 2: the best bid and ask across the four exchanges: one record
	step 2 out | jq -e -s 'length == 1 and .[0].type == "best"'
	# 3: one NDJSON stream of both files' candles
	n=$(( $(wc -l < BTCUSDT-1m-2021-10.csv) + $(jq length ETH_BTC-5m.json) ))
	[ "$(step 3 out | jq -c . | wc -l)" -eq "$n" ]
	# 4: whether the download is whole: a summary that counts the missing
	# hours (the source's one, Binance's halt of 2023-03-24 13:00, moved,
	# when it is after 2024-01-01), and "fix me" when there are some
	gaps=$(awk -F, 'NR > 1 && $1 >= 1704067200000 { if (p && $1 - p > 3600000)
	    n += ($1 - p) / 3600000 - 1; p = $1 } END { print n + 0 }' "$CANDLES")
	[ "$(step 4 out | awk -F, 'NR == 2 { print $1, $2, $7 }')" = "check BTC/USDT $gaps" ]
	if [ "$gaps" -eq 0 ]; then refute grep -q "fix me" out; else grep -q "fix me" out; fi
	# 5: four-hour candles from 2024-01-01 00:00 to the last hour, gaps filled
	last=$(tail -1 "$CANDLES" | cut -d, -f1)
	[ "$(tail -n +2 btc4h.csv | wc -l)" -eq $(( last / 14400000 - 1704067200000 / 14400000 + 1 )) ]
	# 6: 1000 closes
	[ "$(step 6 out | wc -l)" -eq 1000 ]
	# 7: every candle with its indicators, then event records
	step 7 out | head -1 | grep -q ',rsi_14,ema_50,atr_14,'
	step 7 out | grep -q '"type": "event"'
	# and the 4-hour fields after the hourly RSI, the last row with them
	step 7 out | grep -q ',rsi_14,rsi_14_4h,ema_50_4h$'
	step 7 out | tail -1 | grep -Eq ',[0-9.]+,[0-9.]+,[0-9.]+$'
	# 8: the candles the strategy enters on
	[ "$(step 8 out | grep -c enter_long)" -ge 1 ]
	# 9: a summary, the trades and a report
	[ "$(tail -n +2 trades.csv | wc -l)" -ge 1 ]
	grep -q '<html' report.html
	# 10: a model version, what it scored, and the backtest it decided
	step 10 out | head -1 | jq -e '.type == "model" and .version == 1 and
	    (.accuracy | type) == "number"'
	[ -s models/v000001/model.json ]
	step 10 out | grep -q '^summary,xgb_trend,'
	# and walked forward: a second summary, of every month from 2023 on
	[ "$(step 10 out | grep -c '^summary,xgb_trend,')" -eq 2 ]
	# 11: the Pareto front of the sweep
	[ "$(step 11 out | wc -l)" -ge 2 ]
	# 12: the journal: verified, win rates by pattern, metrics
	[ "$(sqlite3 bot.db 'SELECT count(*) FROM win_rate_by_pattern')" -ge 1 ]
	grep -q '^tp_journal_' tp.prom
	# 13: the paper account after a tick (it starts at the last closed
	# candle), its report, then halted
	step 13 out | jq -e -s --argjson t "$last" 'map(select(.type == "status"))[0].time == $t'
	step 13 out | jq -e -s 'map(select(.type == "risk")) | length == 1'
	tp-exec status --db bot.db > status.ndjson
	grep -q '"halted":true' status.ndjson
	# nothing went to stderr but the step markers
	[ "$(grep -v '^=== [0-9]*$' err)" = "" ] || { cat err; false; }
}
