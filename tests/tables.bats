#!/usr/bin/env bats
# tp-backtest --format table and --breakdown, tp-journal report --format
# table: tables for people and the group records, over a trade set worked
# by hand below (every expected figure is from these comments, not from a
# run of tp).

load helpers

setup() {
	tp_setup
	TPB=$BIN/tp-backtest
	TPJ=$BIN/tp-journal
	T=$BATS_TEST_TMPDIR
	D=86400000
	T0=1706486400000	# 2024-01-29T00:00Z, a Monday
	trades_set > "$T/c.csv"
}

# row SYMBOL PRICE:SIGNAL:TAG...: flat daily candles (open = high = low =
# close) from T0
row() {
	local s=$1 i=0 r p sig tag
	shift
	for r in "$@"; do
		IFS=: read -r p sig tag <<<"$r"
		echo "$((T0 + i * D)),$s,$p,$p,$p,$p,1,$sig,$tag"
		i=$((i + 1))
	done
}

# Three pairs, two tags, eight days d0 (Mon 2024-01-29) .. d7 (Mon 02-05).
# A signal on day i acts at the open of day i + 1; with --fee 0 and
# --stake-amount 100 a trade's profit_abs is 100 * (close / open - 1):
#   T1 A dip   open d1 10  close d2 (01-31) 11   +10  ratio  0.10
#   T3 B dip   open d1 20  close d3 (02-01) 25   +25  ratio  0.25
#   T5 C break open d2 50  close d3 (02-01) 40   -20  ratio -0.20
#   T2 A break open d4 10  close d5 (02-03)  9   -10  ratio -0.10
#   T4 B dip   open d5 20  close d6 (02-04) 20     0  ratio  0
#   T6 C break open d6 40  close d7 (02-05) 44   +10  ratio  0.10
# (closing order; T3 before T5 at the same time: B comes first in input).
trades_set() {
	echo time,symbol,open,high,low,close,volume,signal,tag
	paste -d'\n' \
	    <(row A 10:enter_long:dip 10:exit_long: 11:: 10:enter_long:break \
		10:exit_long: 9:: 9:: 9::) \
	    <(row B 20:enter_long:dip 20:: 22:exit_long: 25:: \
		20:enter_long:dip 20:exit_long: 20:: 20::) \
	    <(row C 50:: 50:enter_long:break 50:exit_long: 40:: 40:: \
		40:enter_long:break 40:exit_long: 44::)
}

bt() {
	"$TPB" --fee 0 --stake-amount 100 "$@" "$T/c.csv"
}

# section TITLE FILE: the lines of one table, title to blank line
section() {
	awk -v t="$1" '$0 == t { on = 1 } on && $0 == "" { exit } on' "$2"
}

@test "--format table: per pair, per tag and exit reasons, summed by hand" {
	bt -f table > "$T/out"
	# Per pair, by total profit: B 25 + 0 = 25 (2.50% of 1000), mean
	# ratio (0.25 + 0) / 2 = 12.50%, 2 and 1 days = 1 day 12 h, W1 D1;
	# A 10 - 10 = 0, mean 0, W1 L1; C -20 + 10 = -10 (-1.00%), mean
	# (-0.2 + 0.1) / 2 = -5.00%.  TOTAL: 15, 1.50%, mean 0.15 / 6 =
	# 2.50%, 7 days / 6 = 1 day 4 h, W3 D1 L2, 50.0%.
	diff - <(section "BACKTESTING REPORT" "$T/out") <<'EOF'
BACKTESTING REPORT
| Pair  | Trades | Avg Profit % | Tot Profit | Tot Profit % |    Avg Duration | Win | Draw | Loss | Win% |
|-------+--------+--------------+------------+--------------+-----------------+-----+------+------+------|
| B     |      2 |        12.50 |      25.00 |         2.50 | 1 day, 12:00:00 |   1 |    1 |    0 | 50.0 |
| A     |      2 |         0.00 |       0.00 |         0.00 |  1 day, 0:00:00 |   1 |    0 |    1 | 50.0 |
| C     |      2 |        -5.00 |     -10.00 |        -1.00 |  1 day, 0:00:00 |   1 |    0 |    1 | 50.0 |
|-------+--------+--------------+------------+--------------+-----------------+-----+------+------+------|
| TOTAL |      6 |         2.50 |      15.00 |         1.50 |  1 day, 4:00:00 |   3 |    1 |    2 | 50.0 |
EOF
	# dip: T1 T3 T4 = 35, mean (0.1 + 0.25 + 0) / 3 = 11.67%, 4 days / 3
	# = 1 day 8 h, 2 of 3 won = 66.7%; break: T5 T2 T6 = -20, mean -0.2 / 3
	# = -6.67%, 1 of 3 = 33.3%.
	diff - <(section "ENTER TAG STATS" "$T/out") <<'EOF'
ENTER TAG STATS
| Enter Tag | Trades | Avg Profit % | Tot Profit | Tot Profit % |   Avg Duration | Win | Draw | Loss | Win% |
|-----------+--------+--------------+------------+--------------+----------------+-----+------+------+------|
| dip       |      3 |        11.67 |      35.00 |         3.50 | 1 day, 8:00:00 |   2 |    1 |    0 | 66.7 |
| break     |      3 |        -6.67 |     -20.00 |        -2.00 | 1 day, 0:00:00 |   1 |    0 |    2 | 33.3 |
|-----------+--------+--------------+------------+--------------+----------------+-----+------+------+------|
| TOTAL     |      6 |         2.50 |      15.00 |         1.50 | 1 day, 4:00:00 |   3 |    1 |    2 | 50.0 |
EOF
	# every trade closed on its exit signal
	section "EXIT REASON STATS" "$T/out" | grep -q '^| exit_signal |      6 |         2.50 |      15.00 |'
	[ "$(section "EXIT REASON STATS PER PAIR" "$T/out" | awk 'NR > 3' | cut -c1-31)" = \
'| A    | exit_signal |      2 |
| B    | exit_signal |      2 |
| C    | exit_signal |      2 |' ]
	# no breakdown asked: no period table
	! grep -q BREAKDOWN "$T/out"
}

@test "--format table: the summary's period, counts, streaks, balances and drawdown" {
	bt -f table > "$T/out"
	s=$(section "SUMMARY METRICS" "$T/out")
	m() { grep -q "^| $1 *| *$2 |\$" <<<"$s" || { echo "$1: want $2"; return 1; }; }
	m From "2024-01-29 00:00"
	m To "2024-02-05 00:00"
	m Days 7
	m Trades 6
	m "Trades per day" 0.86			# 6 / 7
	m "Win \/ Draw \/ Loss" "3 \/ 1 \/ 2"
	m "Final balance" 1015.00
	m "Absolute profit" 15.00
	m "Total profit %" 1.50%
	m "Profit factor" 1.50			# (10 + 25 + 10) / (20 + 10)
	m "Avg. stake amount" 100.00
	m "Best trade" 25.00%
	m "Worst trade" -20.00%
	m "Best pair" "B 2.50%"
	m "Worst pair" "C -1.00%"
	# + + - - 0 +: two wins, then two losses
	m "Longest win \/ loss streak" "2 \/ 2"
	m "Rejected entry signals" 0
	# balances after each trade: 1010 1035 1015 1005 1005 1015
	m "Min balance" 1005.00
	m "Max balance" 1035.00
	# cumulative profit by closing time: 10, 15 (02-01, T3 and T5
	# together), 5, 5, 15: the fall of 10 from 02-01 to 02-03, over the
	# peak balance 1015 = 0.985%
	m "Max drawdown" 10.00
	m "Max drawdown (account)" 0.99%
	m "Drawdown start" "2024-02-01 00:00"
	m "Drawdown end" "2024-02-03 00:00"
	m "Drawdown duration" "2 days, 0:00:00"
	# A 10 -> 9, B 20 -> 20, C 50 -> 44: (-0.1 + 0 - 0.12) / 3
	m "Market change" -7.33%
}

@test "--breakdown month, week and day: periods by closing time" {
	bt -f table --breakdown month > "$T/out"
	# January: T1 alone (+10, nothing lost: profit factor 0); February:
	# 25 - 20 - 10 + 0 + 10 = 5, 35 / 30 = 1.17, W2 D1 L2 = 40.0%
	diff - <(section "MONTH BREAKDOWN" "$T/out") <<'EOF'
MONTH BREAKDOWN
| Month   | Trades | Tot Profit | Tot Profit % | Profit Factor | Win | Draw | Loss |  Win% |
|---------+--------+------------+--------------+---------------+-----+------+------+-------|
| 2024-01 |      1 |      10.00 |         1.00 |          0.00 |   1 |    0 |    0 | 100.0 |
| 2024-02 |      5 |       5.00 |         0.50 |          1.17 |   2 |    1 |    2 |  40.0 |
EOF
	# ISO weeks from Monday: 01-29 holds 01-31 .. 02-04, 02-05 its own
	bt -f table --breakdown week > "$T/out"
	[ "$(section "WEEK BREAKDOWN" "$T/out" | awk 'NR > 3' | cut -d'|' -f2-4)" = \
' 2024-01-29    |      5 |       5.00 
 2024-02-05    |      1 |      10.00 ' ]
	bt -f table --breakdown day > "$T/out"
	[ "$(section "DAY BREAKDOWN" "$T/out" | awk 'NR > 3' | cut -d'|' -f2-4 | tr -s ' ')" = \
' 2024-01-31 | 1 | 10.00 
 2024-02-01 | 2 | 5.00 
 2024-02-03 | 1 | -10.00 
 2024-02-04 | 1 | 0.00 
 2024-02-05 | 1 | 10.00 ' ]
}

@test "tables are aligned: every line of a table as wide as its header" {
	bt -f table --breakdown week > "$T/out"
	awk '/^\|/ { if (w == 0) w = length($0); else if (length($0) != w) {
		print "misaligned: " $0; bad = 1 } next } { w = 0 }
		END { exit bad }' "$T/out"
	# numbers right-aligned, names left
	grep -q '^| Trades per day *|  *0\.86 |$' "$T/out"
}

@test "colour only on a terminal, and not with NO_COLOR" {
	bt -f table > "$T/pipe"
	! grep -q $'\033' "$T/pipe"
	command -v script > /dev/null || skip "script(1) is not installed"
	cmd="'$TPB' --fee 0 --stake-amount 100 -f table '$T/c.csv'"
	script -qec "$cmd" /dev/null > "$T/tty"
	# B's 25.00 green, C's -10.00 red
	grep -q $'\033\[32m25.00\033\[0m' "$T/tty"
	grep -q $'\033\[31m-10.00\033\[0m' "$T/tty"
	NO_COLOR=1 script -qec "$cmd" /dev/null > "$T/tty"
	! grep -q $'\033\[3' "$T/tty"
}

@test "without --breakdown CSV and NDJSON are the summary record alone" {
	bt > "$T/sum.csv"
	[ "$(wc -l < "$T/sum.csv")" -eq 2 ]
	[ "$(head -c 26 "$T/sum.csv")" = "type,strategy,period_start" ]
	bt -f ndjson > "$T/sum.json"
	[ "$(wc -l < "$T/sum.json")" -eq 1 ]
	# with it, the same summary comes first: in NDJSON the same line
	bt -f ndjson --breakdown month > "$T/all.json"
	diff "$T/sum.json" <(head -1 "$T/all.json")
	# in CSV the same columns, then the group keys (empty in it)
	bt --breakdown month > "$T/all.csv"
	[ "$(head -1 "$T/all.csv")" = "$(head -1 "$T/sum.csv"),pair,enter_tag,exit_reason,period" ]
	[ "$(sed -n 2p "$T/all.csv")" = "$(sed -n 2p "$T/sum.csv"),,,," ]
}

@test "--breakdown records: the tables' figures, exact" {
	bt -f ndjson --breakdown month > "$T/all.json"
	# 1 summary, 3 pairs, 2 tags, 1 exit reason, 3 pair-exit, 2 months
	[ "$(wc -l < "$T/all.json")" -eq 12 ]
	[ "$(grep -c '"type":"pair"' "$T/all.json")" -eq 3 ]
	grep -q '^{"type":"pair","strategy":null,"pair":"B","trades":2,"wins":1,"draws":1,"losses":0,"winrate":0.5,"profit_total":0.025,"profit_total_abs":25,"profit_mean":0.125,"profit_mean_abs":12.5,"profit_factor":0,"duration_avg":2160}$' "$T/all.json"
	grep -q '^{"type":"tag","strategy":null,"enter_tag":"dip","trades":3,"wins":2,"draws":1,"losses":0,' "$T/all.json"
	grep -q '^{"type":"exit_reason","strategy":null,"pair":"C","exit_reason":"exit_signal","trades":2,' "$T/all.json"
	# 2024-02-01T00:00Z; 35 / 30 as the nearest double
	grep -q '^{"type":"period","strategy":null,"period":1706745600000,"trades":5,"wins":2,"draws":1,"losses":2,"winrate":0.4,"profit_total":0.005,"profit_total_abs":5,.*"profit_factor":1.1666666666666667,' "$T/all.json"
	grep -q '^{"type":"period","strategy":null,"period":1704067200000,"trades":1,' "$T/all.json"
}

@test "tp-journal report --format table: the same tables over the journal's trades" {
	bt -t "$T/t.csv" > /dev/null
	"$TPJ" init "$T/j.db"
	"$TPJ" add "$T/j.db" "$T/t.csv"
	"$TPJ" report -f table --breakdown month "$T/j.db" > "$T/j.out"
	bt -f table --breakdown month > "$T/b.out"
	for s in "BACKTESTING REPORT" "ENTER TAG STATS" "MONTH BREAKDOWN"; do
		diff <(section "$s" "$T/b.out") <(section "$s" "$T/j.out")
	done
	# the journal knows no rejected signals: no row for them
	! grep -q "Rejected" "$T/j.out"
	"$TPJ" report -f ndjson --breakdown month "$T/j.db" > "$T/j.json"
	[ "$(grep -c '"type":"period"' "$T/j.json")" -eq 2 ]
	run --separate-stderr "$TPJ" report -f table "$T/j.db" trades
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"--format table and --breakdown are the summary's, not trades"* ]]
	run --separate-stderr "$TPJ" export -f table "$T/j.db" trades
	[ "$status" -eq 64 ]
}

@test "--format table and --breakdown: refused where they mean nothing" {
	run --separate-stderr bt --breakdown year
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'--breakdown: expected day, week or month, not "year"'* ]]
	run --separate-stderr bt -f xml
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'--format: expected csv, ndjson or table, not "xml"'* ]]
	run --separate-stderr bt -f table --sweep stoploss=-0.1:-0.2:-0.1
	[ "$status" -eq 64 ]
	run --separate-stderr bt -f table --monte-carlo 10
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPB" merge -f table "$T/c.csv"
	[ "$status" -eq 64 ]
}

@test "--format table with no trades: zeros, no pairs" {
	printf '%s\n' time,open,high,low,close,volume,signal "$T0,1,1,1,1,1," \
		"$((T0 + D)),1,1,1,1,1," > "$T/none.csv"
	"$TPB" -f table "$T/none.csv" > "$T/out"
	grep -q '^| Trades *| *0 |$' "$T/out"
	# the TOTAL alone, no rule above it
	[ "$(section "BACKTESTING REPORT" "$T/out" | awk 'NR > 3' | cut -c1-16)" = \
'| TOTAL |      0' ]
}

@test "--format table: a market without a name is (none), a trade without a tag OTHER" {
	# one trade: in at 10 (day 1's open), out at 12 (day 2's): +20 of 100
	printf '%s\n' time,open,high,low,close,volume,signal \
		"$T0,10,10,10,10,1,enter_long" "$((T0 + D)),10,10,10,10,1,exit_long" \
		"$((T0 + 2 * D)),12,12,12,12,1," > "$T/one.csv"
	"$TPB" --fee 0 --stake-amount 100 -f table "$T/one.csv" > "$T/out"
	section "BACKTESTING REPORT" "$T/out" | grep -q '^| (none) |      1 |        20.00 |      20.00 |'
	section "ENTER TAG STATS" "$T/out" | grep -q '^| OTHER     |      1 |'
	grep -q '^| Best pair  *|  *(none) 2.00% |$' "$T/out"
}
