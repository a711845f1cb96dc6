#!/usr/bin/env bats
# tp-risk: sizing, stops and every portfolio limit on crafted candles whose
# expected values are worked by hand in the comments (prices flat at 100
# unless said, fees 0 unless said, so every number is a short sum).

load helpers

setup() {
	tp_setup
	TPR=$BIN/tp-risk
	TPX=$BIN/tp-exec
	W=$BATS_TEST_TMPDIR
	DB=$W/bot.db
	# hourly times from 2024-01-01 00:00 UTC
	T0=1704067200000 T1=1704070800000 T2=1704074400000
	T3=1704078000000 T4=1704081600000 T5=1704085200000
	# A pipe fails when any of its programs fails, not only its last:
	# tp-risk in front of tp-exec is the program under test.
	set -o pipefail
}

# strategy JSON: a strategy file with these keys added; one rule, as
# tp-strategy(5) needs one, which these tests never use (the signals
# are in the candles).
strategy() {
	cat > "$W/s.json" <<EOF
{ "name": "t", "rules": { "r": { "when": "close > 0", "action": "enter_long" } },
  "stoploss": -0.05, "minimal_roi": { "0": 0.04 }, $1 }
EOF
}

# risk: tp-risk on $W/c.csv with the strategy, then tp-exec when --db.
risk() {
	"$TPR" --strategy "$W/s.json" "$@" "$W/c.csv"
}

# A new account starts at the last candle of its first run (tp-risk(1)):
# a first run of c.csv's first candle alone starts it there, so that the
# run of all of c.csv then works every candle after it, as a bot's runs
# one candle each would.
through_exec() {
	# no account yet: no status (no journal, exit 66), or one of no
	# strategy that ran 0 times
	"$TPX" status --db "$DB" > "$W/status.ndjson" 2> /dev/null || :
	if ! grep -q '"runs":[1-9]' "$W/status.ndjson"
	then
		head -2 "$W/c.csv" |
			"$TPR" --strategy "$W/s.json" --db "$DB" "$@" |
			"$TPX" --strategy "$W/s.json" --db "$DB" || return 1
	fi
	"$TPR" --strategy "$W/s.json" --db "$DB" "$@" "$W/c.csv" |
		"$TPX" --strategy "$W/s.json" --db "$DB"
}

one_entry() {
	printf 'time,open,high,low,close,volume,signal%s\n' "$2" > "$W/c.csv"
	printf '%s,100,100,100,100,1,%s%s\n' "$T0" "$1" "$3" >> "$W/c.csv"
}

@test "--help, --version, and usage errors exit 64" {
	run --separate-stderr "$TPR" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"tp-risk report --db DB [--strategy FILE]"* ]]
	[ -z "$stderr" ]
	run --separate-stderr "$TPR" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "tp-risk (tp) "* ]]
	run --separate-stderr "$TPR"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--strategy FILE"* ]]
	[ -z "$output" ]
	run --separate-stderr "$TPR" --strategy x.json --balance -5
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPR" --strategy x.json report
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"report: give the journal with --db DB"* ]]
	run --separate-stderr "$TPR" --strategy "$W/none.json" < /dev/null
	[ "$status" -eq 66 ]
}

@test "sizing: fraction, risk, fixed, max_stake, and the shared slots" {
	one_entry enter_long
	# 25% of 2000 = 500 margin; 500 / 100 = 5 units; the stop 5% under
	# 100 = 95; the take-profit, the ROI table's first step, 4% over = 104
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }'
	run --separate-stderr risk --balance 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"order"'*'"action":"enter_long","side":"buy","order_type":"market","amount":5,"price":100,"stake":500,"leverage":1,"stop_price":95,"stop_ratio":null,"take_profit":104,'* ]]
	# risking 1% of 2000 = 20 at a stop 5% away: 20 / 0.05 = 400
	strategy '"sizing": { "mode": "risk", "value": 0.01 }'
	run --separate-stderr risk --balance 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'"stake":400,'* ]]
	strategy '"sizing": { "mode": "fixed", "value": 10 }'
	run --separate-stderr risk --balance 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'"stake":10,'* ]]
	# the original bot's cap: at most 10 a trade, whatever the rule says
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }, "risk": { "max_stake": 10 }'
	run --separate-stderr risk --balance 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'"stake":10,'* ]]
	# no rule: freqtrade's 99% of the wallet over 4 slots, 1980 / 4 = 495
	strategy '"max_open_trades": 4'
	run --separate-stderr risk --balance 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'"stake":495,'* ]]
	# fixed 3000 from 2000: the wallet cannot pay it
	strategy '"sizing": { "mode": "fixed", "value": 3000 }'
	run --separate-stderr risk --balance 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"reject"'*'"limit":"balance"'* ]]
	[[ "$output" != *'"type":"order"'* ]]
}

@test "ATR stops: the multiple, clamped between min and max, carried to the fill" {
	strategy '"sizing": { "mode": "fraction", "value": 0.1 }, "risk": { "atr_stop": { "multiple": 2, "min": 0.005, "max": 0.025 } }'
	# 2 ATRs of 0.5 = 1 = 1% of 100: stop 99; of 0.1: 0.2%, raised to
	# 0.5%: 99.5; of 3: 6%, cut to 2.5%: 97.5; a short's 1% above: 101
	for c in "enter_long 0.5 99 0.01" "enter_long 0.1 99.5 0.005" \
	    "enter_long 3 97.5 0.025" "enter_short 0.5 101 0.01"; do
		set -- $c
		one_entry "$1" ,atr_14 ",$2"
		run --separate-stderr risk --balance 1000
		[ "$status" -eq 0 ]
		[[ "$output" == *"\"stop_price\":$3,\"stop_ratio\":$4,"* ]] ||
		    { echo "$c: $output"; return 1; }
	done
	# tp-exec opens the long of the first case with that stop
	one_entry enter_long ,atr_14 ,0.5
	printf '%s,100,100,100,100,1,,0.5\n' "$T1" >> "$W/c.csv"
	through_exec > /dev/null
	run --separate-stderr "$TPX" status --db "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"position"'*'"stop_loss":99,'* ]]
}

# Two symbols, flat at 100: A enters at T0 and fills at T1's open; B's
# entry at T1 is judged with A open (margin 250, 25% of 1000, no fee).
two_symbols() {
	cat > "$W/c.csv" <<EOF
time,symbol,open,high,low,close,volume,signal
$T0,A,100,100,100,100,1,enter_long
$T1,A,100,100,100,100,1,
$T1,B,100,100,100,100,1,enter_long
$T2,A,100,100,100,100,1,
$T2,B,100,100,100,100,1,
EOF
}

@test "portfolio limits: open trades, exposure, heat, leverage, liquidation" {
	two_symbols
	base='"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }'
	# one slot: B finds it taken
	strategy "$base, \"max_open_trades\": 1"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"reject","time":'$T1',"strategy":"t","symbol":"B","action":"enter_long","stake":null,"limit":"max_open_trades"'* ]]
	rm -f "$DB"*
	# (250 + 250) / 1000 = 0.5 of equity in all, over 0.4
	strategy "$base, \"risk\": { \"max_exposure_total\": 0.4 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"symbol":"B","action":"enter_long","stake":250,"limit":"risk","reason":"total exposure 0.5 would pass the cap 0.4"'* ]]
	rm -f "$DB"*
	# 250 / 1000 = 0.25 in A alone, over 0.2: refused at once
	strategy "$base, \"risk\": { \"max_exposure_symbol\": 0.2 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"symbol":"A","action":"enter_long","stake":250,"limit":"risk","reason":"exposure to A 0.25 would pass the cap 0.2"'* ]]
	rm -f "$DB"*
	# each risks 5% of 250 = 12.5 to its stop: 25 / 1000 = 0.025 > 0.02
	strategy "$base, \"risk\": { \"max_heat\": 0.02 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"symbol":"B"'*'"reason":"portfolio heat 0.025 would pass the cap 0.02"'* ]]
	[[ "$output" == *'"type":"fill"'*'"symbol":"A"'* ]]
	rm -f "$DB"*
	strategy "$base, \"leverage\": 5, \"risk\": { \"max_leverage\": 3 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"reason":"leverage 5 is above the cap 3"'* ]]
	rm -f "$DB"*
	# 10x, 25 units on 250 of margin: freqtrade's isolated liquidation
	# (100 - 250/25) / (1 - 0.005) = 90.452..., moved 5% of the way
	# back to 100: 90.930, 9.07% from the entry, under 10%; at 5x it is
	# (100 - 20) / 0.995 = 80.402, 81.382 after the buffer: 18.6%, fine
	strategy "$base, \"leverage\": 10, \"risk\": { \"min_liquidation_distance\": 0.1 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"reason":"liquidation 9.07% from the entry, under the minimum 10%"'* ]]
	rm -f "$DB"*
	strategy "$base, \"leverage\": 5, \"risk\": { \"min_liquidation_distance\": 0.1 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" != *'"type":"reject"'* ]]
	rm -f "$DB"*
	# 10% is the default; 0 turns the check off
	strategy "$base, \"leverage\": 10"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"reason":"liquidation 9.07% from the entry, under the minimum 10%"'* ]]
	rm -f "$DB"*
	strategy "$base, \"leverage\": 10, \"risk\": { \"min_liquidation_distance\": 0 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" != *'"type":"reject"'* ]]
}

@test "cooldown: no new entry on a symbol for N minutes after an exit" {
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }, "risk": { "cooldown_minutes": 120 }'
	# in at T1, out at T2's open (exit signal at T1); entries at T2
	# (0 minutes after) and T3 (60) are refused, T4 (120) is not
	cat > "$W/c.csv" <<EOF
time,open,high,low,close,volume,signal
$T0,100,100,100,100,1,enter_long
$T1,100,100,100,100,1,exit_long
$T2,100,100,100,100,1,enter_long
$T3,100,100,100,100,1,enter_long
$T4,100,100,100,100,1,enter_long
EOF
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"time":'$T2',"strategy":"t","symbol":"","action":"enter_long","stake":250,"limit":"risk","reason":"the symbol is cooling down: exited 0 minutes ago (cooldown 120)"'* ]]
	[[ "$output" == *'"time":'$T3',"strategy":"t","symbol":"","action":"enter_long","stake":250,"limit":"risk","reason":"the symbol is cooling down: exited 60 minutes ago (cooldown 120)"'* ]]
	[[ "$output" == *'"type":"order","time":'$T4','* ]]
}

# A long from 100 stopped at 95 at T2 (low 94), then another from 94
# stopped at 89.3 at T4 (low 89): 5% of 250 = 12.5 lost, then 5% of
# 246.875 (25% of 987.5) = 12.34375.
two_stops() {
	cat > "$W/c.csv" <<EOF
time,open,high,low,close,volume,signal
$T0,100,100,100,100,1,enter_long
$T1,100,100,100,100,1,
$T2,100,100,94,94,1,enter_long
$T3,94,94,94,94,1,
$T4,94,94,89,89,1,enter_long
EOF
}

@test "stop-loss guard, daily loss and the drawdown kill switch" {
	two_stops
	base='"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }'
	strategy "$base, \"risk\": { \"stoploss_guard\": { \"trades\": 2, \"minutes\": 600 } }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"order","time":'$T2','* ]]
	[[ "$output" == *'"time":'$T4',"strategy":"t","symbol":"","action":"enter_long","stake":243.7890625,"limit":"risk","reason":"2 stop-losses in the last 600 minutes (guard: 2)"'* ]]
	rm -f "$DB"*
	# 12.5 of 1000 lost today: 0.0125 >= 0.01
	strategy "$base, \"risk\": { \"daily_loss\": 0.01 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"time":'$T2','*'"limit":"risk","reason":"daily loss 0.0125 reached the limit 0.01"'* ]]
	rm -f "$DB"*
	# the same loss from the peak of 1000 trips a 1% kill switch: a
	# reject, one kill_switch event, and tp-exec halts
	strategy "$base, \"risk\": { \"max_drawdown\": 0.01 }"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"time":'$T2','*'"limit":"max_drawdown","reason":"drawdown 0.0125 reached the kill switch at 0.01"'* ]]
	[ "$(grep -c '"event":"kill_switch"' <<< "$output")" -eq 1 ]
	run --separate-stderr "$TPX" status --db "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"halted":true,"halt_reason":"kill switch: drawdown 0.0125 reached the kill switch at 0.01"'* ]]
	# the halt holds for later runs until resumed
	printf 'time,open,high,low,close,volume,signal\n%s,89,89,89,89,1,enter_long\n' "$T5" > "$W/c.csv"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	[[ "$output" == *'"limit":"halt"'* ]]
}

@test "report: exposure, heat and VaR/CVaR against numpy" {
	need_python numpy
	cat > "$W/s.json" <<EOF
{ "name": "t", "rules": { "r": { "when": "close > 0", "action": "enter_long" } },
  "stoploss": -0.05, "sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 } }
EOF
	# a long opened on real candles (share/data/SOURCES.md: Binance
	# BTC/USDT 1h), the candles journaled as the cron line does
	head -301 "$DATA/binance_BTCUSDT_1h.csv" | awk -F, -v OFS=, '
		NR == 1 { print $0, "symbol", "signal"; next }
		{ print $0, "BTC/USDT", (NR == 250 ? "enter_long" : "") }' > "$W/c.csv"
	"$BIN/tp-journal" init "$DB"
	# (journaled after the runs: a tp-journal add reading both runs would
	# hold the journal's write lock the second run waits for)
	through_exec > "$W/out.ndjson"
	"$BIN/tp-journal" add --exchange binance --timeframe 1h "$DB" "$W/out.ndjson"
	run --separate-stderr "$TPR" report --strategy "$W/s.json" --db "$DB"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/report"
	# without --strategy: every account in the journal, here the one
	run --separate-stderr "$TPR" report --db "$DB"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$W/report")" ]
	run --separate-stderr "$TPR" report --db "$W/none.db"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"none.db: no paper account here"* ]]
	"$TPX" status --db "$DB" > "$W/status"
	# numpy's quantile (linear, its default) of amount * last close *
	# the close-to-close returns of the 300 candles, over equity
	/usr/bin/python3 - "$W/c.csv" "$W/status" "$W/report" <<'PY'
import json, sys
import numpy as np
closes = [float(l.split(",")[4]) for l in open(sys.argv[1]).read().split("\n")[1:] if l]
recs = [json.loads(l) for l in open(sys.argv[2])]
st = next(r for r in recs if r["type"] == "status")
pos = next(r for r in recs if r["type"] == "position")
rep = [json.loads(l) for l in open(sys.argv[3])]
risk = next(r for r in rep if r["type"] == "risk")
expo = next(r for r in rep if r["type"] == "exposure")
c = np.array(closes)
pnl = pos["amount"] * pos["last_close"] * (c[1:] / c[:-1] - 1) / st["equity"]
assert risk["periods"] == len(pnl), (risk["periods"], len(pnl))
for lvl, key in ((0.95, "95"), (0.99, "99")):
    q = np.quantile(pnl, 1 - lvl)
    var, cvar = -q, -pnl[pnl <= q].mean()
    assert abs(risk["var_" + key] - var) <= 1e-12 * abs(var), (key, risk, var)
    assert abs(risk["cvar_" + key] - cvar) <= 1e-12 * abs(cvar), (key, risk, cvar)
# 25% of 1000 at 1x: 250 of value, 0.25 of an equity near 1000
assert expo["value"] == 250 and abs(expo["exposure"] - 250 / st["equity"]) < 1e-15
# 5% of 250 to the stop
assert abs(expo["risk_to_stop"] - 12.5) < 1e-9, expo
PY
}

@test "bad decisions get clear errors with file and line" {
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }'
	one_entry buy
	run --separate-stderr risk --balance 1000
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'c.csv:2: field "signal": "buy" is not enter_long, exit_long, enter_short or exit_short'* ]]
	printf 'time,open,high,low,close,volume,signal\n%s,100,100,100,NaN,1,enter_long\n' "$T0" > "$W/c.csv"
	run --separate-stderr risk --balance 1000
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"c.csv:2"* ]]
	printf 'time,open,high,low,volume,signal\n%s,100,100,100,1,enter_long\n' "$T0" > "$W/c.csv"
	run --separate-stderr risk --balance 1000
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"close"* ]]
	printf 'time,open,high,low,close,volume,signal\n%s,100,100,100,100,1,enter_long\n%s,100,100,100,100,1,\n' "$T1" "$T0" > "$W/c.csv"
	run --separate-stderr risk --balance 1000
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"time goes back"* ]]
	printf 'time,open,high,low,close,volume,signal\n%s,100,100,100,100,1,\n%s,100,100,100,100,1,\n' "$T0" "$T0" > "$W/c.csv"
	run --separate-stderr risk --balance 1000
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"a second candle"* ]]
	# --skip-bad drops the bad line and goes on
	printf 'time,open,high,low,close,volume,signal\n%s,100,100,100,100,1,buy\n%s,100,100,100,100,1,enter_long\n' "$T0" "$T1" > "$W/c.csv"
	run --separate-stderr risk --balance 1000 --skip-bad
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"order","time":'$T1* ]]
	run --separate-stderr "$TPR" --strategy "$W/s.json" < /dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	echo junk > "$W/junk.db"
	one_entry enter_long
	run --separate-stderr risk --db "$W/junk.db"
	# a file that is not a journal: bad input (tp-risk(1), tp-journal(1))
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"junk.db"* ]]
}

@test "limit entries fill only when the next candle reaches them" {
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }'
	# 1% under the close of 100: a buy limit at 99; the next candle's
	# low of 98.5 reaches it: filled at 99, 250 / 99 units
	limit_case() {
		rm -f "$DB" "$DB"-* "$DB.lock"
		printf 'time,open,high,low,close,volume,signal\n%s,100,100,100,100,1,%s\n%s,%s,1,\n' \
			"$T0" "$1" "$T1" "$2" > "$W/c.csv"
		through_exec --limit-offset 0.01
	}
	run --separate-stderr limit_case enter_long 100,100,98.5,99
	[ "$status" -eq 0 ]
	# 250 / 99 units; the stop 5% under 99 = 94.05, the take-profit 4%
	# over it = 102.96 (99 * 1.04 in doubles: 102.96000000000001)
	[[ "$output" == *'"type":"order"'*'"order_type":"limit","amount":2.525252525252525,"price":99,"stake":250,"leverage":1,"stop_price":94.05,'*'"take_profit":102.96'* ]]
	[[ "$output" == *'"type":"fill"'*'"side":"buy","price":99,'* ]]
	# a low of 99.5 does not: no fill, and an event says so
	run --separate-stderr limit_case enter_long 100,100,99.5,99.7
	[ "$status" -eq 0 ]
	[[ "$output" != *'"type":"fill"'* ]]
	[[ "$output" == *'"event":"order_not_filled"'* ]]
	# opening under the limit, at 98: the better price
	run --separate-stderr limit_case enter_long 98,98,97,97.5
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"fill"'*'"side":"buy","price":98,'* ]]
	# a short's limit 1% over: 101, reached by a high of 101.5
	run --separate-stderr limit_case enter_short 100,101.5,100,101
	[ "$status" -eq 0 ]
	[[ "$output" == *'"type":"fill"'*'"side":"sell","price":101,'* ]]
	run --separate-stderr "$TPR" --strategy "$W/s.json" --limit-offset 0.9 "$W/c.csv"
	[ "$status" -eq 64 ]
}

@test "report on an account that has worked no candle yet: no crash, time null" {
	s=$TOP/share/strategies/rsi_reversion.json
	"$BIN/tp-journal" init "$BATS_TEST_TMPDIR/bot.db"
	: | "$BIN/tp-risk" -s "$s" --db "$BATS_TEST_TMPDIR/bot.db" |
		"$BIN/tp-exec" -s "$s" --db "$BATS_TEST_TMPDIR/bot.db" > /dev/null
	run --separate-stderr "$BIN/tp-risk" report -s "$s" --db "$BATS_TEST_TMPDIR/bot.db"
	[ "$status" -eq 0 ]
	[[ "$output" == '{"type":"risk","time":null,"strategy":"rsi_reversion","equity":1000,'* ]]
	run --separate-stderr "$BIN/tp-exec" status --db "$BATS_TEST_TMPDIR/bot.db"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"runs":1,"time":null,'* ]]
}

@test "an entry with no slot at the open: order_not_filled names the order's own client id (64-bit times)" {
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }, "max_open_trades": 1'
	# A and B both signal at T1; one slot: A fills at T2's open, B cannot
	printf 'time,open,high,low,close,volume,signal,symbol\n%s,100,100,100,100,1,,A\n%s,100,100,100,100,1,enter_long,A\n%s,100,100,100,100,1,enter_long,B\n%s,100,100,100,100,1,,A\n%s,100,100,100,100,1,,B\n' \
		"$T0" "$T1" "$T1" "$T2" "$T2" > "$W/c.csv"
	run --separate-stderr through_exec
	[ "$status" -eq 0 ]
	# tp-risk(1): the id is "tp" and the first 16 bytes of BLAKE2b-256
	# over strategy, symbol, decimal time and action, each NUL-ended;
	# Python's hashlib computes it independently of libsodium.
	want=$(python3 -c 'import hashlib, sys
d = hashlib.blake2b(b"t\0B\0" + sys.argv[1].encode() + b"\0enter_long\0", digest_size=32).digest()
print("tp" + d[:16].hex())' "$T1")
	grep -q "\"type\":\"order\",\"time\":$T1,\"strategy\":\"t\",\"symbol\":\"B\",\"client_order_id\":\"$want\"" <<< "$output"
	grep -q "\"event\":\"order_not_filled\",\"severity\":\"medium\",\"client_order_id\":\"$want\"" <<< "$output"
	[ "$stderr" = "tp-exec: 1 order not filled: see the events" ]
}

@test "a first run may bring its symbols one after another: it starts at the latest time step" {
	strategy '"sizing": { "mode": "fraction", "value": 0.25 }, "fees": { "fee": 0 }, "dry_run_wallet": 2000'
	# issue 21: A's candles, then B's, as cat a.csv b.csv gives them;
	# the same candles by time are the oracle.  T1's entries are warm-up
	# (a new account starts at the last step, T2), and so is all of A
	# when B's T0 comes after it.
	row() { printf '%s,100,100,100,100,1,%s,%s\n' "$@"; }
	hdr='time,open,high,low,close,volume,signal,symbol'
	{ echo "$hdr"; row "$T0" "" A; row "$T1" enter_long A
	  row "$T2" enter_long A; row "$T0" "" B; row "$T1" enter_long B
	  row "$T2" enter_short B; } > "$W/symbol.csv"
	{ echo "$hdr"; row "$T0" "" A; row "$T0" "" B; row "$T1" enter_long A
	  row "$T1" enter_long B; row "$T2" enter_long A
	  row "$T2" enter_short B; } > "$W/time.csv"
	for order in time symbol; do
		run --separate-stderr "$TPR" --strategy "$W/s.json" \
			--db "$W/$order.db" "$W/$order.csv"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		grep '^{"type":' <<< "$output" > "$W/$order.ndjson"
	done
	cmp "$W/time.ndjson" "$W/symbol.ndjson"
	# two orders, both at T2, each 25% of 2000 = 500 at the close of
	# 100 = 5 units: A long, its stop 5% under at 95; B short, 5% over
	# at 105
	[ "$(wc -l < "$W/symbol.ndjson")" = 2 ]
	[[ "$(sed -n 1p "$W/symbol.ndjson")" == '{"type":"order","time":'$T2',"strategy":"t","symbol":"A",'*'"action":"enter_long","side":"buy","order_type":"market","amount":5,"price":100,"stake":500,"leverage":1,"stop_price":95,'* ]]
	[[ "$(sed -n 2p "$W/symbol.ndjson")" == '{"type":"order","time":'$T2',"strategy":"t","symbol":"B",'*'"action":"enter_short","side":"sell","order_type":"market","amount":5,"price":100,"stake":500,"leverage":1,"stop_price":105,'* ]]
	# tp-exec agrees: its first run holds the same step, both wait
	"$TPR" --strategy "$W/s.json" --db "$DB" "$W/symbol.csv" |
		"$TPX" --strategy "$W/s.json" --db "$DB" > /dev/null
	run --separate-stderr "$TPX" status --db "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"runs":1,"time":'$T2,* ]]
	[ "$(grep -c '"type":"pending","strategy":"t","symbol":"[AB]","action":"enter_' <<< "$output")" = 2 ]
}
