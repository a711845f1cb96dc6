#!/usr/bin/env bats
# Protections (tp-strategy(5) PROTECTIONS): freqtrade's CooldownPeriod,
# StoplossGuard, MaxDrawdown and LowProfitPairs change a backtest's trades
# as worked by hand from freqtrade's rules (docs/includes/protections.md:
# a lock lasts stop_duration after the last exit it counts, its end
# rounded up to the next candle), and cron's one-candle paper ticks
# through tp-risk | tp-exec lock the same entries as tp-backtest.

load helpers

setup() {
	tp_setup
	TPI=$BIN/tp-ind
	TPP=$BIN/tp-predict
	TPR=$BIN/tp-risk
	TPX=$BIN/tp-exec
	TPB=$BIN/tp-backtest
	W=$BATS_TEST_TMPDIR
	DB=$W/bot.db
	H=3600000
	T0=1704067200000	# 2024-01-01T00:00Z
	set -o pipefail
}

# candles ROW... : "o,h,l,c,signal" rows an hour apart from T0, as CSV
candles() {
	local t=$T0 r
	echo time,open,high,low,close,volume,signal
	for r in "$@"; do
		IFS=, read -r o h l c s <<<"$r"
		echo "$t,$o,$h,$l,$c,1,$s"
		t=$((t + H))
	done
}

# strategy PROTECTIONS: 1h candles, a 5% stop, no ROI, no fees.
strategy() {
	cat > "$W/s.json" <<EOF
{ "name": "p", "timeframe": "1h",
  "rules": { "r": { "when": "close > 0", "action": "enter_long" } },
  "stoploss": -0.05, "minimal_roi": { "0": 10 }, "fees": { "fee": 0 },
  "protections": [ $1 ] }
EOF
}

# opens FILE: each trade's open and close, as hours after T0
opens() {
	jq -r --argjson t0 "$T0" --argjson h "$H" \
		'"\((.open_date - $t0) / $h)-\((.close_date - $t0) / $h)"' "$1" |
		tr '\n' ' '
}

@test "CooldownPeriod: no entry for stop_duration_candles after an exit" {
	# Out at 2's open (exit signal at 1).  freqtrade: "stop trading a
	# pair for 2 candles after closing a trade", the end 02:00 + 2h
	# rounded up to the next candle, 05:00: the entries at 3 and 4
	# (signals at 2 and 3) are refused, the one at 5 is not.
	candles 100,100,100,100,enter_long 100,100,100,100,exit_long \
		100,100,100,100,enter_long 100,100,100,100,enter_long \
		100,100,100,100,enter_long 100,100,100,100,exit_long \
		100,100,100,100, > "$W/c.csv"
	strategy ''
	"$TPB" --strategy "$W/s.json" --trades "$W/t0.ndjson" "$W/c.csv" > "$W/s0.csv"
	[ "$(opens "$W/t0.ndjson")" = "1-2 3-6 " ]
	strategy '{ "method": "CooldownPeriod", "stop_duration_candles": 2 }'
	"$TPB" --strategy "$W/s.json" --trades "$W/t1.ndjson" "$W/c.csv" > "$W/s1.csv"
	[ "$(opens "$W/t1.ndjson")" = "1-2 5-6 " ]
	# the two refused entries are rejected signals
	[ "$(cut -d, -f40 "$W/s1.csv" | tail -1)" = 2 ]
	[ "$(cut -d, -f40 "$W/s0.csv" | tail -1)" = 0 ]
}

@test "StoplossGuard: two losing stop-losses lock every entry for stop_duration" {
	# In at 1's open (100), stopped at 95 in it (low 94); in at 2's open
	# (94), stopped at 89.3 (low 89).  Two stop-losses within 10
	# candles: locked until 02:00 + 2h, rounded up to 05:00; the entries
	# at 3 and 4 are refused, the one at 5 opens and exits at 6.
	candles 100,100,100,100,enter_long 100,100,94,94,enter_long \
		94,94,89,89,enter_long 89,89,89,89,enter_long \
		89,89,89,89,enter_long 89,89,89,89,exit_long \
		89,89,89,89, > "$W/c.csv"
	strategy ''
	"$TPB" --strategy "$W/s.json" --trades "$W/t0.ndjson" "$W/c.csv" > /dev/null
	[ "$(opens "$W/t0.ndjson")" = "1-1 2-2 3-6 " ]
	[ "$(jq -r .exit_reason "$W/t0.ndjson" | tr '\n' ' ')" = \
	  "stop_loss stop_loss exit_signal " ]
	strategy '{ "method": "StoplossGuard", "lookback_period_candles": 10,
	  "trade_limit": 2, "stop_duration_candles": 2 }'
	"$TPB" --strategy "$W/s.json" --trades "$W/t1.ndjson" "$W/c.csv" > /dev/null
	[ "$(opens "$W/t1.ndjson")" = "1-1 2-2 5-6 " ]
	# a stop-loss guard of 3 stop-losses never locks here
	strategy '{ "method": "StoplossGuard", "lookback_period_candles": 10,
	  "trade_limit": 3, "stop_duration_candles": 2 }'
	"$TPB" --strategy "$W/s.json" --trades "$W/t2.ndjson" "$W/c.csv" > /dev/null
	cmp "$W/t0.ndjson" "$W/t2.ndjson"
}

# decisions STRATEGY FIRST COUNT: the pipeline's decisions on the bundled
# Binance BTC/USDT 1h candles (share/data/SOURCES.md), rows FIRST.. of
# them (COUNT rows).
decisions() {
	"$TPI" --strategy "$1" "$DATA/binance_BTCUSDT_1h.csv" |
		"$TPP" --strategy "$1" > "$W/all.csv"
	{ head -1 "$W/all.csv"; sed -n "$(($2 + 1)),$(($2 + $3))p" "$W/all.csv"; } \
		> "$W/dec.csv"
}

# replay STRATEGY: every row of dec.csv, one cron tick each through
# tp-risk | tp-exec on a paper account.
replay() {
	tail -n +2 "$W/dec.csv" | while IFS= read -r row; do
		{ head -1 "$W/dec.csv"; printf '%s\n' "$row"; } |
			"$TPR" --strategy "$1" --db "$DB" |
			"$TPX" --strategy "$1" --db "$DB" 2> /dev/null || exit 1
	done > "$W/paper.ndjson"
}

@test "cron ticks with a cooldown lock the entries tp-backtest locks (rsi_reversion)" {
	# 1200 hours from mid-2025: 8 trades without protections.  Two open
	# 3 and 2 hours after the exit before them; a 3-candle cooldown
	# locks until the candle after exit + 3h, so both go, and nothing
	# else moves (each other entry is 5 hours or more after an exit).
	decisions "$TOP/share/strategies/rsi_reversion.json" 30000 1200
	"$TPB" --strategy "$TOP/share/strategies/rsi_reversion.json" \
		--trades "$W/bt0.ndjson" "$W/dec.csv" > /dev/null
	[ "$(wc -l < "$W/bt0.ndjson")" -eq 8 ]
	jq '. + { protections: [ { method: "CooldownPeriod",
	    stop_duration_candles: 3 } ] }' \
		"$TOP/share/strategies/rsi_reversion.json" > "$W/p.json"
	"$TPB" --strategy "$W/p.json" --trades "$W/bt.ndjson" "$W/dec.csv" > "$W/bt.csv"
	refute grep -q force_exit "$W/bt.ndjson"
	[ "$(jq -r .open_date "$W/bt0.ndjson" | tr '\n' ' ')" = \
	  "1749708000000 1749740400000 1749747600000 1751299200000 1751648400000 1751662800000 1752552000000 1752868800000 " ]
	[ "$(jq -r .open_date "$W/bt.ndjson" | tr '\n' ' ')" = \
	  "1749708000000 1749747600000 1751299200000 1751648400000 1752552000000 1752868800000 " ]
	replay "$W/p.json"
	grep '"type":"trade"' "$W/paper.ndjson" > "$W/paper-trades.ndjson"
	cmp "$W/bt.ndjson" "$W/paper-trades.ndjson"
	# tp-risk refuses the two entries, saying why
	[ "$(grep -c '"type":"reject"' "$W/paper.ndjson")" -eq 2 ]
	grep -q '"reason":"BTC/USDT is cooling down: exited 120 minutes ago (cooldown 180); CooldownPeriod until 2025-06-12T16:00:00Z"' "$W/paper.ndjson"
}

@test "cron ticks with all four protections trade as tp-backtest (shorts, flips, DCA)" {
	# flip_dca on 720 hours: 17 trades without protections, losing
	# trailing stops on both sides; StoplossGuard per side, MaxDrawdown,
	# LowProfitPairs and a cooldown take some away and move one.
	decisions "$TOP/tests/exec/flip_dca.json" 31000 720
	"$TPB" --strategy "$TOP/tests/exec/flip_dca.json" \
		--trades "$W/bt0.ndjson" "$W/dec.csv" > /dev/null
	[ "$(wc -l < "$W/bt0.ndjson")" -eq 17 ]
	jq '. + { timeframe: "1h", protections: [
	    { method: "StoplossGuard", lookback_period_candles: 72,
	      trade_limit: 2, stop_duration_candles: 24, only_per_side: true },
	    { method: "MaxDrawdown", lookback_period_candles: 200,
	      trade_limit: 3, stop_duration_candles: 6,
	      max_allowed_drawdown: 0.05 },
	    { method: "LowProfitPairs", lookback_period_candles: 48,
	      trade_limit: 2, stop_duration_candles: 4, required_profit: 0 },
	    { method: "CooldownPeriod", stop_duration_candles: 1 } ] }' \
		"$TOP/tests/exec/flip_dca.json" > "$W/p.json"
	"$TPB" --strategy "$W/p.json" --trades "$W/bt.ndjson" "$W/dec.csv" > /dev/null
	refute grep -q force_exit "$W/bt.ndjson"
	[ "$(wc -l < "$W/bt.ndjson")" -eq 14 ]
	replay "$W/p.json"
	grep '"type":"trade"' "$W/paper.ndjson" > "$W/paper-trades.ndjson"
	cmp "$W/bt.ndjson" "$W/paper-trades.ndjson"
	grep -q '"reason":"2 stop-losses in the last 4320 minutes (guard: 2); StoplossGuard until ' "$W/paper.ndjson"
	grep -q '"reason":"drawdown [0-9.]* of the [0-9]* trades closed in 12000 minutes passed 0.05; MaxDrawdown until ' "$W/paper.ndjson"
}

@test "a paper account keeps its closed trades for the protections between runs" {
	candles 100,100,100,100,enter_long 100,100,100,100,exit_long \
		100,100,100,100,enter_long > "$W/c.csv"
	strategy '{ "method": "CooldownPeriod", "stop_duration_candles": 2 }'
	cp "$W/c.csv" "$W/dec.csv"
	replay "$W/s.json"
	state=$(sqlite3 "$DB" "SELECT json_extract(state, '$.closed') FROM paper_accounts")
	[ "$state" = "[{\"close_time\":$((T0 + 2 * H)),\"sym\":0,\"is_short\":0,\"stop\":0,\"profit\":0.0}]" ]
	grep -q '"type":"reject","time":'$((T0 + 2 * H))',.*cooling down' "$W/paper.ndjson"
}

@test "an account saved with stop-loss times (before protections) keeps them for risk.stoploss_guard" {
	cat > "$W/s.json" <<EOF2
{ "name": "p", "rules": { "r": { "when": "close > 0", "action": "enter_long" } },
  "stoploss": -0.05, "fees": { "fee": 0 },
  "risk": { "stoploss_guard": { "trades": 2, "minutes": 600 } } }
EOF2
	candles 100,100,100,100, 100,100,100,100,enter_long > "$W/dec.csv"
	head -2 "$W/dec.csv" | "$TPR" --strategy "$W/s.json" --db "$DB" |
		"$TPX" --strategy "$W/s.json" --db "$DB" > /dev/null
	# the state as an account before protections kept it: the times of
	# its last stop-losses, no closed trades
	sqlite3 "$DB" "UPDATE paper_accounts SET state = json_set(json_remove(state,
	    '$.closed'), '$.stop_exits', json('[$((T0 - H)), $T0]'))"
	run --separate-stderr "$TPR" --strategy "$W/s.json" --db "$DB" "$W/dec.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"time":'$((T0 + H))',"strategy":"p","symbol":"","action":"enter_long",'*'"limit":"risk","reason":"2 stop-losses in the last 600 minutes (guard: 2)"'* ]]
}

@test "a closed trade of no symbol the account has is a damaged account" {
	candles 100,100,100,100, 100,100,100,100,enter_long > "$W/dec.csv"
	strategy '{ "method": "CooldownPeriod", "stop_duration_candles": 2 }'
	head -2 "$W/dec.csv" | "$TPR" --strategy "$W/s.json" --db "$DB" |
		"$TPX" --strategy "$W/s.json" --db "$DB" > /dev/null
	sqlite3 "$DB" "UPDATE paper_accounts SET state = json_set(state,
	    '$.closed', json('[{\"close_time\":1,\"sym\":7,\"is_short\":0,\"stop\":0,\"profit\":0.1}]'))"
	run --separate-stderr "$TPX" --strategy "$W/s.json" --db "$DB" "$W/dec.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'paper account of "p" is damaged (field "closed")'* ]]
	sqlite3 "$DB" "UPDATE paper_accounts SET state = json_set(state,
	    '$.closed', json('[{\"close_time\":1,\"sym\":0}]'))"
	run --separate-stderr "$TPX" --strategy "$W/s.json" --db "$DB" "$W/dec.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'is damaged (field "is_short")'* ]]
}
