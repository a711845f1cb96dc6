#!/usr/bin/env bats
# tp-exec's liquidation_risk events (issue 25, item 8): an open position
# above 1x whose close comes within 10% of its liquidation price, on
# hand-made candles through tp-risk | tp-exec.
#
# The liquidation price is tp's (tp-backtest(1), lib/trade/tp_trade.c):
# freqtrade's isolated-margin dry-run formula (exchange.py
# dry_run_liquidation_price), with value = stake / amount,
#   long:  (open_rate - value) / (1 - (mmr + fee))
#   short: (open_rate + value) / (1 + (mmr + fee))
# then moved 5% of the way back toward the entry (freqtrade's
# liquidation_buffer, 0.05).  The strategies here have mmr 0, fee 0, no
# slippage and a fixed stake that makes the amount 1, so the prices are
# whole numbers worked by hand below.  distance = |close - liquidation| /
# close; severity critical under 0.02, high from 0.02 to under 0.05,
# medium from 0.05 to 0.10 itself (tp-exec(1)).

load helpers

setup() {
	tp_setup
	TPR=$BIN/tp-risk
	TPX=$BIN/tp-exec
	W=$BATS_TEST_TMPDIR
	DB=$W/bot.db
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	command -v jq >/dev/null || skip "jq is not installed"
	set -o pipefail
	# 2026-01-01T00:00:00Z
	T0=1767225600000
}

# strategy NAME LEVERAGE STAKE TIMEFRAME: a strategy that never exits by
# itself (ROI 10000%, stop 99% of the margin: below the liquidation price
# at 2x) on a wallet of 10000, no fees, mmr 0.
strategy() {
	cat > "$W/$1.json" <<EOF
{
  "name": "$1",
  "timeframe": "$4",
  "rules": { "never": { "when": "close < 0", "action": "enter_long" } },
  "minimal_roi": { "0": 100 },
  "stoploss": -0.99,
  "sizing": { "mode": "fixed", "value": $3 },
  "dry_run_wallet": 10000,
  "leverage": $2,
  "maintenance_margin": 0,
  "fees": { "fee": 0 }
}
EOF
}

# walk STEP_S SIGNAL OPEN CLOSE...: candles of BTC/USDT every STEP_S
# seconds from T0, the first flat at OPEN with SIGNAL, then one per
# CLOSE, each opening at the close before, its high and low its open
# and close.
walk() {
	local step=$(($1 * 1000)) sig=$2 prev=$3 t=$T0 c
	shift 3
	echo "time,open,high,low,close,volume,symbol,signal"
	echo "$t,$prev,$prev,$prev,$prev,1,BTC/USDT,$sig"
	for c in "$@"; do
		t=$((t + step))
		if [ "$c" -ge "$prev" ]; then
			echo "$t,$prev,$c,$prev,$c,1,BTC/USDT,"
		else
			echo "$t,$prev,$prev,$c,$c,1,BTC/USDT,"
		fi
		prev=$c
	done
}

# run_all STRATEGY CANDLES: a first run of the first candle (it starts the
# account there and places the entry), then one run of them all.
run_all() {
	head -2 "$2" | "$TPR" --strategy "$W/$1.json" --db "$DB" |
		"$TPX" --strategy "$W/$1.json" --db "$DB" > /dev/null
	"$TPR" --strategy "$W/$1.json" --db "$DB" "$2" |
		"$TPX" --strategy "$W/$1.json" --db "$DB"
}

# run_each STRATEGY CANDLES: one run per candle, as cron runs it.
run_each() {
	tail -n +2 "$2" | while IFS= read -r row; do
		{ head -1 "$2"; printf '%s\n' "$row"; } |
			"$TPR" --strategy "$W/$1.json" --db "$DB" |
			"$TPX" --strategy "$W/$1.json" --db "$DB" || return 1
	done
}

# events < NDJSON: each liquidation_risk event as "minutes-from-T0
# severity side distance*1e6", the distance rounded.
events() {
	jq -r --argjson t0 "$T0" 'select(.type == "event" and
	    .event == "liquidation_risk") |
	    "\((.time - $t0) / 60000) \(.severity) \(.side) \(.distance * 1e6 | round)"'
}

@test "a 2x long walked to its liquidation price: each severity at its boundaries" {
	# Entry at the open of the second candle, 15960, stake 7980 at 2x:
	# amount 7980 * 2 / 15960 = 1, value 7980; liquidation
	# (15960 - 7980) / 1 = 7980, moved back 5% of 15960 - 7980 = 399:
	# 8379.  tp-risk's order says the same.
	strategy long2 2 7980 5m
	# every 5 minutes, more than the 2-minute cooldown: each candle
	# within 10% has its event
	walk 300 enter_long 15960 15960 9311 9310 8821 8820 8819 8551 8550 \
		8549 8380 > "$W/c.csv"
	run_all long2 "$W/c.csv" > "$W/out.ndjson"
	grep -q '"type":"fill".*"price":15960,"amount":1,' "$W/out.ndjson"
	events < "$W/out.ndjson" > "$W/got"
	# minute close distance (by hand):
	#  5 15960 (15960 - 8379) / 15960 = 0.475   none
	# 10  9311 932 / 9311  = 0.100097          none (over 10%)
	# 15  9310 931 / 9310  = 0.1               medium (10% is in)
	# 20  8821 442 / 8821  = 0.050108          medium
	# 25  8820 441 / 8820  = 0.05              medium (5% is medium)
	# 30  8819 440 / 8819  = 0.049892          high
	# 35  8551 172 / 8551  = 0.020115          high
	# 40  8550 171 / 8550  = 0.02              high (2% is high)
	# 45  8549 170 / 8549  = 0.019885          critical
	# 50  8380 1 / 8380    = 0.000119          critical
	cat > "$W/want" <<EOF
15 medium long 100000
20 medium long 50108
25 medium long 50000
30 high long 49892
35 high long 20115
40 high long 20000
45 critical long 19885
50 critical long 119
EOF
	diff "$W/want" "$W/got"
	# the exact boundaries, as written; the rest of the record
	grep -q '"event":"liquidation_risk","severity":"medium","side":"long","price":9310,"liquidation_price":8379,"distance":0.1,"leverage":2}' "$W/out.ndjson"
	grep -q '"price":8820,"liquidation_price":8379,"distance":0.05,' "$W/out.ndjson"
	grep -q '"severity":"high","side":"long","price":8550,"liquidation_price":8379,"distance":0.02,' "$W/out.ndjson"
	grep -q "^{\"type\":\"event\",\"time\":$((T0 + 900000)),\"strategy\":\"long2\",\"symbol\":\"BTC/USDT\",\"event\":\"liquidation_risk\"," "$W/out.ndjson"
	# in the journal as tp-exec's other events
	[ "$(sqlite3 "$DB" "SELECT group_concat(severity, ' ') FROM (SELECT severity FROM events WHERE event = 'liquidation_risk' AND symbol = 'BTC/USDT' ORDER BY time)")" = \
	  "medium medium medium high high high critical critical" ]
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE kind = 'event' AND record LIKE '%\"liquidation_risk\"%\"side\":\"long\"%'")" = 8 ]
	# a candle whose low reaches 8379 liquidates: a trade, no event
	{ cat "$W/c.csv"; echo "$((T0 + 3300000)),8380,8380,8379,8379,1,BTC/USDT,"; } > "$W/c2.csv"
	"$TPR" --strategy "$W/long2.json" --db "$DB" "$W/c2.csv" |
		"$TPX" --strategy "$W/long2.json" --db "$DB" > "$W/out2.ndjson"
	grep -q '"type":"trade".*"exit_reason":"liquidation"' "$W/out2.ndjson"
	refute grep -q liquidation_risk "$W/out2.ndjson"
}

@test "a 2x short walked up to its liquidation price" {
	# Entry at 16000, stake 8000 at 2x: amount 1, value 8000;
	# liquidation (16000 + 8000) / 1 = 24000, moved back 5% of 8000 =
	# 400: 23600.
	strategy short2 2 8000 5m
	walk 300 enter_short 16000 16000 21000 22000 23000 23500 > "$W/c.csv"
	run_all short2 "$W/c.csv" > "$W/out.ndjson"
	grep -q '"type":"fill".*"side":"sell","price":16000,"amount":1,' "$W/out.ndjson"
	events < "$W/out.ndjson" > "$W/got"
	# 10 21000 2600 / 21000 = 0.123810 none
	# 15 22000 1600 / 22000 = 0.072727 medium
	# 20 23000  600 / 23000 = 0.026087 high
	# 25 23500  100 / 23500 = 0.004255 critical
	printf '%s\n' "15 medium short 72727" "20 high short 26087" \
		"25 critical short 4255" > "$W/want"
	diff "$W/want" "$W/got"
	grep -q '"severity":"critical","side":"short","price":23500,"liquidation_price":23600,' "$W/out.ndjson"
}

@test "no event at 1x (spot: no liquidation price)" {
	# The same walk as the 2x long's, and lower, at 1x: tp has no
	# liquidation price there (tp-backtest(1)), so nothing to warn of.
	strategy spot 1 7980 5m
	walk 300 enter_long 15960 15960 9310 8820 8550 8380 1000 > "$W/c.csv"
	run_all spot "$W/c.csv" > "$W/out.ndjson"
	grep -q '"type":"fill".*"price":15960,' "$W/out.ndjson"
	refute grep -q liquidation_risk "$W/out.ndjson"
	"$TPX" status --db "$DB" | grep -q '"type":"position".*"leverage":1,.*"liquidation_price":null'
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM events')" = 0 ]
}

# The cooldown walk, 1-minute candles of the 2x long (liquidation 8379):
# minute close distance     severity  emitted?
#  2  9000 621 / 9000 = 0.069  medium    yes (the first)
#  3  9100 721 / 9100 = 0.079  medium    no (60 s after minute 2)
#  4  9000                     medium    yes (120 s after: cooldown over)
#  5  8700 321 / 8700 = 0.037  high      yes (60 s, but worse)
#  6  9000                     medium    no (60 s after the high)
#  7  8700                     high      yes (120 s after minute 5)
#  8  8500 121 / 8500 = 0.014  critical  yes (worse)
#  9  8500                     critical  no
# 10  9000                     medium    yes (120 s after minute 8)
COOL="15960 9000 9100 9000 8700 9000 8700 8500 8500 9000"
COOL_WANT="2 medium long 69000
4 medium long 69000
5 high long 36897
7 high long 36897
8 critical long 14235
10 medium long 69000"

@test "cooldown: 2 minutes between events unless the severity got worse, in one run" {
	strategy cool 2 7980 1m
	walk 60 enter_long 15960 $COOL > "$W/c.csv"
	run_all cool "$W/c.csv" | events > "$W/got"
	echo "$COOL_WANT" | diff - "$W/got"
}

@test "cooldown holds across runs: one candle per run gives the same events" {
	strategy cool 2 7980 1m
	walk 60 enter_long 15960 $COOL > "$W/c.csv"
	run_each cool "$W/c.csv" | events > "$W/got"
	echo "$COOL_WANT" | diff - "$W/got"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE event = 'liquidation_risk'")" = 6 ]
	# a tick run again warns no more
	{ head -1 "$W/c.csv"; tail -1 "$W/c.csv"; } |
		"$TPR" --strategy "$W/cool.json" --db "$DB" |
		"$TPX" --strategy "$W/cool.json" --db "$DB" > "$W/again"
	refute grep -q liquidation_risk "$W/again"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE event = 'liquidation_risk'")" = 6 ]
}

@test "the cooldown is the account's own: another strategy's event does not hold it" {
	# Two accounts on one journal, the same symbol: cool2's candles a
	# minute after cool's, both at close 9000 (medium).  Each warns.
	strategy cool 2 7980 1m
	strategy cool2 2 7980 1m
	walk 60 enter_long 15960 15960 9000 > "$W/a.csv"
	T0=$((T0 + 60000)) walk 60 enter_long 15960 15960 9000 > "$W/b.csv"
	head -2 "$W/a.csv" | "$TPR" --strategy "$W/cool.json" --db "$DB" |
		"$TPX" --strategy "$W/cool.json" --db "$DB" > /dev/null
	head -2 "$W/b.csv" | "$TPR" --strategy "$W/cool2.json" --db "$DB" |
		"$TPX" --strategy "$W/cool2.json" --db "$DB" > /dev/null
	for s in a:cool b:cool2; do
		"$TPR" --strategy "$W/${s#*:}.json" --db "$DB" "$W/${s%:*}.csv" |
			"$TPX" --strategy "$W/${s#*:}.json" --db "$DB"
	done | events > "$W/got"
	printf '%s\n' "2 medium long 69000" "3 medium long 69000" > "$W/want"
	diff "$W/want" "$W/got"
}

@test "the cooldown is the position side's own: a flip's short warns a minute after the long" {
	# The 2x long (liquidation 8379) warns at minute 2 (close 9000,
	# 621 / 9000 = 0.069, medium); an enter_short there flips it at
	# minute 3's open, 9000: stake 7980 at 2x, amount 7980 * 2 / 9000,
	# value 7980 / amount = 4500, liquidation (9000 + 4500) / 1 = 13500,
	# moved back 5% of 4500 = 225: 13275.  Minute 3 closes at 12500:
	# 775 / 12500 = 0.062, medium, 60 s after the long's event.
	strategy flip 2 7980 1m
	sed -i 's/"dry_run_wallet": 10000/"dry_run_wallet": 30000, "flip": true/' \
		"$W/flip.json"
	walk 60 enter_long 15960 15960 9000 12500 > "$W/c.csv"
	sed -i '4s/,$/,enter_short/' "$W/c.csv"
	run_all flip "$W/c.csv" > "$W/out.ndjson"
	grep -q '"type":"trade".*"exit_reason":"exit_signal"' "$W/out.ndjson"
	events < "$W/out.ndjson" > "$W/got"
	printf '%s\n' "2 medium long 69000" "3 medium short 62000" > "$W/want"
	diff "$W/want" "$W/got"
	grep -q '"side":"short","price":12500,"liquidation_price":13275,' "$W/out.ndjson"
}

@test "a halted account still warns: its positions stay open" {
	# The 2x short of above (liquidation 23600), halted once its entry
	# has filled; then 22000: 1600 / 22000 = 0.072727, medium.
	strategy short2 2 8000 5m
	walk 300 enter_short 16000 16000 22000 > "$W/c.csv"
	head -3 "$W/c.csv" > "$W/first.csv"
	run_all short2 "$W/first.csv" | grep -q '"type":"fill".*"side":"sell"'
	"$TPX" halt --db "$DB" --reason "maintenance" > /dev/null
	"$TPR" --strategy "$W/short2.json" --db "$DB" "$W/c.csv" |
		"$TPX" --strategy "$W/short2.json" --db "$DB" | events > "$W/got"
	echo "10 medium short 72727" | diff - "$W/got"
}
