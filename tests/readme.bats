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
	CANDLES=$DATA/binance_BTCUSDT_1h.csv
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
	# 4: the download is whole (Binance's only missing hour in the bundled
	# file is 2023-03-24 13:00, share/data/SOURCES.md): a summary, no fix
	step 4 out | jq -e '.type == "summary" and .gaps == 0'
	refute grep -q "fix me" out
	# 5: four-hour candles of the hours since 2024-01-01 00:00
	[ "$(tail -n +2 btc4h.csv | wc -l)" -eq $(( (want + 3) / 4 )) ]
	# 6: 1000 closes
	[ "$(step 6 out | wc -l)" -eq 1000 ]
	# 7: every candle with its indicators, then event records
	step 7 out | head -1 | grep -q ',rsi_14,ema_50,atr_14,'
	step 7 out | grep -q '"type":"event"'
	# 8: the candles the strategy enters on
	[ "$(step 8 out | grep -c enter_long)" -ge 1 ]
	# 9: a summary, the trades and a report
	[ "$(tail -n +2 trades.csv | wc -l)" -ge 1 ]
	grep -q '<html' report.html
	# 10: the Pareto front of the sweep
	[ "$(step 10 out | wc -l)" -ge 2 ]
	# 11: the journal: verified, win rates by pattern, metrics
	[ "$(sqlite3 bot.db 'SELECT count(*) FROM win_rate_by_pattern')" -ge 1 ]
	grep -q '^tp_journal_' tp.prom
	# 12: the paper account after a tick, its report, then halted
	tp-exec status --db bot.db | grep -q '"halted":true'
	# nothing went to stderr but the step markers
	[ "$(grep -v '^=== [0-9]*$' err)" = "" ] || { cat err; false; }
}
