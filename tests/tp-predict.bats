#!/usr/bin/env bats
# tp-predict: rules, voting, thresholds, ties, missing values, history,
# built-in signals, strategy files and errors, through real pipes.  Every
# expected confidence is worked out by hand in the test from the rules of
# tp-predict(1) VOTING.

load helpers

setup() {
	tp_setup
	TPP=$BIN/tp-predict
	TPI=$BIN/tp-ind
	T=$BATS_TEST_TMPDIR
	# Flags a..e drive five rules directly: rule X is true when X is 1.
	printf '%s\n' time,a,b,c,d,e \
		1,1,0,0,1,0 \
		2,1,1,1,1,1 \
		3,0,0,0,0,0 \
		4,1,1,0,0,0 > "$T/flags.csv"
	# The rules of the worked example in tp-predict(1): a weighs 3.
	RULES=(-r 'a=enter_long*3: a > 0' -r 'b=enter_long: b > 0'
		-r 'c=enter_long: c > 0' -r 'd=exit_long: d > 0'
		-r 'e=exit_long: e > 0')
}

@test "--help prints usage to stdout and exits 0" {
	run --separate-stderr "$TPP" --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: tp-predict [OPTIONS] --rule RULE... [FILE...]" ]
	[ -z "$stderr" ]
}

@test "--version names the program" {
	run --separate-stderr "$TPP" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^tp-predict\ \(tp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "every long option of --help is in the man page" {
	"$TPP" --help > "$T/help"
	opts=$(grep -o -- '--[a-z-]*' "$T/help" | sort -u)
	[ -n "$opts" ]
	for o in $opts; do
		grep -q "^\\.It Fl [a-zA-Z] , Fl ${o#-} \|^\\.It Fl ${o#-}\( \|\$\)\|^\\.It Fl [a-zA-Z] , Fl ${o#-}\$" \
			"$TOP/man/man1/tp-predict.1" || { echo "tp-predict.1 lacks $o"; return 1; }
	done
}

@test "the man page SYNOPSIS has the forms of --help" {
	grep -q '^\.Fl -rule Ar RULE \.\.\.$' "$TOP/man/man1/tp-predict.1"
	grep -q '^\.Fl -strategy Ar FILE$' "$TOP/man/man1/tp-predict.1"
	grep -q '^\.Fl -list-signals$' "$TOP/man/man1/tp-predict.1"
	"$TPP" --help > "$T/help"
	grep -q '^       tp-predict \[OPTIONS\] --strategy FILE \[FILE...\]$' "$T/help"
	grep -q '^       tp-predict --list-signals$' "$T/help"
}

@test "--list-signals lists at least 15 signals, each in the man page" {
	run --separate-stderr "$TPP" --list-signals
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "name "* ]]
	[ "${#lines[@]}" -ge 16 ]
	grep -q '^rsi_oversold  *level=30,period=14  *rsi_14 < 30  *rsi:14$' <<< "$output"
	grep -q '^golden_cross  *fast=50,slow=200  *crosses_above(sma_50, sma_200)  *sma:50 sma:200$' <<< "$output"
	grep -q '^volume_spike  *factor=2,period=20  *volume > 2 \* vol_sma_20  *vol_sma_20=sma:20@volume$' <<< "$output"
	tail -n +2 <<< "$output" | cut -d' ' -f1 | while read -r name; do
		grep -q "^\\.It Cm $name : Ns Ar " "$TOP/man/man1/tp-predict.1" ||
			{ echo "tp-predict.1 lacks $name"; return 1; }
	done
}

@test "every built-in signal compiles and runs on the fields of its tp-ind specs" {
	"$TPP" --list-signals > "$T/signals"
	specs=$(tail -n +2 "$T/signals" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[a-z_0-9]+=?[a-z]*:[0-9,]+(@volume)?$/) print $i }' | sort -u)
	args=()
	for s in $(tail -n +2 "$T/signals" | cut -d' ' -f1); do
		args+=(-r "$s=enter_long: @$s")
	done
	"$TPI" $specs < "$DATA/binance_BTCUSDT_1d.csv" > "$T/all.csv"
	run --separate-stderr "$TPP" -x --min-entry 0.01 "${args[@]}" "$T/all.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# Each signal is true somewhere in a year and more of daily candles.
	"$TPP" -x -f ndjson "${args[@]}" "$T/all.csv" > "$T/all.ndjson"
	for s in $(tail -n +2 "$T/signals" | cut -d' ' -f1); do
		grep -q "\"rule_$s\":1" "$T/all.ndjson" ||
			{ echo "$s never true"; return 1; }
	done
}

@test "two rules from the command line append signal, confidence and tag" {
	printf '%s\n' time,close,rsi_14,ema_200 1,100,25,90 2,100,75,90 \
		3,100,50,90 4,80,25,90 > "$T/f.csv"
	run --separate-stderr "$TPP" --rule 'enter_long: rsi_14 < 30 && close > ema_200' \
		--rule 'exit_long: rsi_14 > 70' "$T/f.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "time,close,rsi_14,ema_200,signal,confidence,tag" ]
	# One rule per action: 1/1 = 1 when it is true, else nothing.
	[ "${lines[1]}" = "1,100,25,90,enter_long,1,rule1" ]
	[ "${lines[2]}" = "2,100,75,90,exit_long,1,rule2" ]
	[ "${lines[3]}" = "3,100,50,90,,," ]
	# close 80 is below ema_200 90: the entry rule is false.
	[ "${lines[4]}" = "4,80,25,90,,," ]
}

@test "majority: true rules over rules of the action" {
	run --separate-stderr "$TPP" "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	# row 1: enter_long 1/3 = 0.333 < 0.60, exit_long 1/2 = 0.5 < 0.55
	[ "${lines[1]}" = "1,1,0,0,1,0,,," ]
	# row 2: both 3/3 and 2/2 = 1, a tie: the exit wins
	[ "${lines[2]}" = '2,1,1,1,1,1,exit_long,1,"d,e"' ]
	[ "${lines[3]}" = "3,0,0,0,0,0,,," ]
	# row 4: enter_long 2/3 = 0.6666666666666666 >= 0.60
	[ "${lines[4]}" = '4,1,1,0,0,0,enter_long,0.6666666666666666,"a,b"' ]
}

@test "weighted: true weights over the action's weights (the worked example)" {
	run --separate-stderr "$TPP" --vote weighted "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	# row 1: enter_long 3/(3+1+1) = 0.6 >= 0.60; exit_long 1/2 = 0.5 < 0.55
	[ "${lines[1]}" = "1,1,0,0,1,0,enter_long,0.6,a" ]
	# row 2: 5/5 = 1 and 2/2 = 1: the exit wins the tie
	[ "${lines[2]}" = '2,1,1,1,1,1,exit_long,1,"d,e"' ]
	[ "${lines[3]}" = "3,0,0,0,0,0,,," ]
	# row 4: (3+1)/5 = 0.8
	[ "${lines[4]}" = '4,1,1,0,0,0,enter_long,0.8,"a,b"' ]
}

@test "unanimous: 1 when every rule of the action is true, else 0" {
	run --separate-stderr "$TPP" -m unanimous "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	# rows 1 and 4: some rules of each action false, 0 < minimum
	[ "${lines[1]}" = "1,1,0,0,1,0,,," ]
	[ "${lines[2]}" = '2,1,1,1,1,1,exit_long,1,"d,e"' ]
	[ "${lines[4]}" = "4,1,1,0,0,0,,," ]
}

@test "any: one true rule decides its action alone, with confidence 1" {
	run --separate-stderr "$TPP" -m any "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	# alternatives: no rule needs another, so nothing is warned about
	[ -z "$stderr" ]
	# row 1: a alone enters, d alone exits: 1 and 1, the exit wins the tie
	[ "${lines[1]}" = "1,1,0,0,1,0,exit_long,1,d" ]
	[ "${lines[3]}" = "3,0,0,0,0,0,,," ]
	# row 4: a and b true, no exit rule: enter with both named
	[ "${lines[4]}" = '4,1,1,0,0,0,enter_long,1,"a,b"' ]
}

@test "a rule that cannot reach its action's minimum alone is warned about, with the arithmetic" {
	# Two alternative entries under majority voting at 0.6: each alone
	# is 1/2 = 0.5 < 0.6, so neither ever enters without the other.
	cat > "$T/alt.json" <<-'EOF'
	{
	  "rules": {
	    "dip": { "when": "a > 0", "action": "enter_long" },
	    "breakout": { "when": "b > 0", "action": "enter_long" },
	    "out": { "when": "d > 0", "action": "exit_long" }
	  },
	  "voting": { "mode": "majority", "min_confidence_entry": 0.6 }
	}
	EOF
	run --separate-stderr "$TPP" -s "$T/alt.json" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[ "${stderr_lines[0]}" = "tp-predict: $T/alt.json: rule \"dip\": alone it gives enter_long a confidence of 1/2 = 0.5 (majority: 1 of its 2 rules), below min_confidence_entry 0.6, so it acts only when another enter_long rule agrees; for alternative rules use voting.mode \"any\"" ]
	[[ "${stderr_lines[1]}" == *'rule "breakout": alone it gives enter_long a confidence of 1/2 = 0.5'* ]]
	# row 1: only dip is true: no entry, as the warning says
	[ "${lines[1]}" = "1,1,0,0,1,0,exit_long,1,out" ]
	# weighted: weight 1 of 3 is 0.333 < 0.6 (the arithmetic names both)
	run --separate-stderr "$TPP" -m weighted "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *'rule "b": alone it gives enter_long a confidence of 1/5 = 0.2 (weighted: its weight 1 of the enter_long rules'"'"' 5), below min_confidence_entry 0.6'* ]]
	# "any" says what the file meant: no warning, dip enters alone
	sed 's/"majority"/"any"/' "$T/alt.json" > "$T/any.json"
	run --separate-stderr "$TPP" -s "$T/any.json" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[4]}" = '4,1,1,0,0,0,enter_long,1,"dip,breakout"' ]
}

@test "--min-entry and --min-exit move the thresholds, inclusive" {
	# row 4 majority enter_long is 2/3 = 0.667: kept at 0.66, not at 0.67
	run --separate-stderr "$TPP" --min-entry 0.67 "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = "4,1,1,0,0,0,,," ]
	run --separate-stderr "$TPP" --min-entry 0.66 "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = '4,1,1,0,0,0,enter_long,0.6666666666666666,"a,b"' ]
	# row 1 majority exit_long is 1/2 = 0.5: reaches a minimum of 0.5
	run --separate-stderr "$TPP" --min-exit 0.5 "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,0,0,1,0,exit_long,0.5,d" ]
	# A minimum of 0 still needs a true rule.
	run --separate-stderr "$TPP" --min-entry 0 --min-exit 0 "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "3,0,0,0,0,0,,," ]
	# row 1 with both at 0: enter 1/3 = 0.333 < exit 1/2 = 0.5
	[ "${lines[1]}" = "1,1,0,0,1,0,exit_long,0.5,d" ]
	run --separate-stderr "$TPP" --min-entry 1.5 "${RULES[@]}" "$T/flags.csv"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: --min-entry: expected a number from 0 to 1, not "1.5"' ]
}

@test "ties: exits beat entries, then enter_long exit_long enter_short exit_short" {
	printf '%s\n' time,x 1,1 > "$T/one.csv"
	# All four at 1/1 = 1: exit_long is first of the exits.
	run --separate-stderr "$TPP" -r 'el=enter_long: x' -r 'xl=exit_long: x' \
		-r 'es=enter_short: x' -r 'xs=exit_short: x' "$T/one.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,exit_long,1,xl" ]
	run --separate-stderr "$TPP" -r 'es=enter_short: x' -r 'xs=exit_short: x' \
		-r 'el=enter_long: x' "$T/one.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,exit_short,1,xs" ]
	run --separate-stderr "$TPP" -r 'es=enter_short: x' -r 'el=enter_long: x' "$T/one.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,enter_long,1,el" ]
	# A higher confidence wins over the tie order: enter 1/1 = 1 beats
	# exit 1/2 = 0.5 (with --min-exit 0.5 so that the exit qualifies).
	run --separate-stderr "$TPP" --min-exit 0.5 -r 'el=enter_long: x' \
		-r 'xl=exit_long: x' -r 'xl2=exit_long: x > 1' "$T/one.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,enter_long,1,el" ]
}

@test "a missing value makes comparisons false and --explain shows it" {
	printf '%s\n' time,x 1, 2,0 3,5 > "$T/m.csv"
	run --separate-stderr "$TPP" -x -r 'lt=enter_long: x < 1' \
		-r 'ne=enter_short: x != 1' -r 'bare=exit_long: x' \
		-r 'nlt=exit_short: !(x < 1)' "$T/m.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,x,signal,confidence,tag,rule_lt,rule_ne,rule_bare,rule_nlt" ]
	# x missing: every comparison is 0 (!= too), the bare field is missing,
	# and ! of a false comparison is true (tp_expr.h).
	[ "${lines[1]}" = "1,,exit_short,1,nlt,0,0,,1" ]
	# x = 0: lt and ne true (enter_long first in the tie order), bare 0
	[ "${lines[2]}" = "2,0,enter_long,1,lt,1,1,0,0" ]
	# x = 5: ne, bare and nlt true: the exits tie and exit_long comes first
	[ "${lines[3]}" = "3,5,exit_long,1,bare,0,1,1,1" ]
}

@test "history is kept per symbol" {
	printf '%s\n' '{"symbol":"A","x":1}' '{"symbol":"B","x":5}' \
		'{"symbol":"A","x":2}' '{"symbol":"B","x":4}' \
		'{"symbol":"A","x":3}' > "$T/s.ndjson"
	run --separate-stderr "$TPP" -r 'up=enter_long: x > x[1]' "$T/s.ndjson"
	[ "$status" -eq 0 ]
	# First record of each symbol: no history, so x[1] is missing.
	[ "${lines[0]}" = '{"symbol":"A","x":1,"signal":null,"confidence":null,"tag":null}' ]
	[ "${lines[1]}" = '{"symbol":"B","x":5,"signal":null,"confidence":null,"tag":null}' ]
	# A: 2 > 1 (one stream would have compared 2 with B's 5)
	[ "${lines[2]}" = '{"symbol":"A","x":2,"signal":"enter_long","confidence":1,"tag":"up"}' ]
	# B: 4 > 5 is false
	[ "${lines[3]}" = '{"symbol":"B","x":4,"signal":null,"confidence":null,"tag":null}' ]
	[ "${lines[4]}" = '{"symbol":"A","x":3,"signal":"enter_long","confidence":1,"tag":"up"}' ]
}

@test "built-in signals expand with defaults and parameters" {
	printf '%s\n' time,close,rsi_14,rsi_7,sma_2,sma_3 \
		1,10,25,50,1,2 2,10,35,15,3,2 > "$T/b.csv"
	run --separate-stderr "$TPP" -x -r 'os=enter_long: @rsi_oversold' \
		-r 'os7=enter_long: @rsi_oversold:20,7' \
		-r 'gc=enter_long: @golden_cross:2,3' "$T/b.csv"
	[ "$status" -eq 0 ]
	# rsi_14 < 30 on row 1 only; rsi_7 < 20 on row 2 only; sma_2 crosses
	# above sma_3 on row 2 (1 <= 2, then 3 > 2).
	[ "${lines[1]}" = "1,10,25,50,1,2,,,,1,0,0" ]
	# row 2: 2 of 3 enter_long rules, 2/3 >= 0.60
	[ "${lines[2]}" = '2,10,35,15,3,2,enter_long,0.6666666666666666,"os7,gc",0,1,1' ]
	# An empty parameter takes its default: golden_cross:,3 reads sma_50.
	run --separate-stderr "$TPP" -r 'enter_long: @golden_cross:,3' "$T/b.csv"
	[ "$status" -eq 65 ]
	[ "${stderr_lines[0]}" = "tp-predict: $T/b.csv:2: rule \"rule1\": no field \"sma_50\"; did you mean \"sma_2\"?" ]
}

@test "bad built-in signals name the column of the @" {
	run --separate-stderr "$TPP" -r 'enter_long: @rsi_oversld:30' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: rule "rule1": col 13: unknown signal "@rsi_oversld"; did you mean "@rsi_oversold"?' ]
	[ "${stderr_lines[1]}" = "tp-predict: try 'tp-predict --help' or 'tp-predict --list-signals'" ]
	# col 30 is the "2.5" after "@rsi_oversold:30,"
	run --separate-stderr "$TPP" -r 'enter_long: @rsi_oversold:30,2.5' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: rule "rule1": col 30: @rsi_oversold: period must be an integer from 1 to 100000, not 2.5' ]
	run --separate-stderr "$TPP" -r 'enter_long: @rsi_oversold:30,14,3' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: rule "rule1": col 33: @rsi_oversold takes at most 2 parameters' ]
	# An error after an expansion is counted in the rule as written:
	# col 47 is one past the end of the argument.
	run --separate-stderr "$TPP" -r 'dip=enter_long: @rsi_oversold:30 && (close > 1' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-predict: rule \"dip\": col 47: expected ')'" ]
}

@test "a bad --rule expression names the rule and the column" {
	# "enter_long: (rsi_14 < 30" is 24 characters: the ')' is due at 25.
	run --separate-stderr "$TPP" --rule 'enter_long: (rsi_14 < 30' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-predict: rule \"rule1\": col 25: expected ')'" ]
	run --separate-stderr "$TPP" -r 'enter: x' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: --rule "enter: x": "enter" is not an action (enter_long, exit_long, enter_short, exit_short)' ]
	run --separate-stderr "$TPP" -r 'x < 1' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: --rule "x < 1": expected [NAME=]ACTION: EXPR' ]
	run --separate-stderr "$TPP" -r 'w=enter_long*0: x' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: --rule "w=enter_long*0: x": the weight must be a positive number, not "0"' ]
	run --separate-stderr "$TPP" -r 'x=enter_long: x' -r 'x=exit_long: x' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: rule "x" is given twice' ]
}

@test "no rule, a bad option value: usage errors" {
	run --separate-stderr "$TPP" < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-predict: no rule given: use --rule or --strategy" ]
	run --separate-stderr "$TPP" --vote most -r 'enter_long: x' < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-predict: --vote: expected majority, weighted, unanimous or any, not "most"' ]
	run --separate-stderr "$TPP" --bogus < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-predict: unknown option --bogus" ]
}

@test "an unknown field is reported at the first record with the closest name" {
	printf '%s\n' time,close,rsi_14 1,10,20 > "$T/btc.csv"
	cd "$T"
	run --separate-stderr "$TPP" --rule 'dip=enter_long: rsi14 < 30' btc.csv
	[ "$status" -eq 65 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = 'tp-predict: btc.csv:2: rule "dip": no field "rsi14"; did you mean "rsi_14"?' ]
}

@test "a field that is not a number is bad data; --skip-bad drops the record" {
	printf '%s\n' time,x 1,5 2,abc 3,6 > "$T/n.csv"
	run --separate-stderr "$TPP" -r 'enter_long: x > 1' "$T/n.csv"
	[ "$status" -eq 65 ]
	[ "${lines[1]}" = "1,5,enter_long,1,rule1" ]
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr "$TPP" -k -r 'enter_long: x > 1' "$T/n.csv"
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "3,6,enter_long,1,rule1" ]
	[ "${stderr_lines[1]}" = "tp-predict: warning: skipped 1 bad record" ]
}

@test "formats: output follows the input unless -f; a bare header gets the columns" {
	run --separate-stderr "$TPP" -f ndjson -r 'enter_long: a > 0' "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"time":1,"a":1,"b":0,"c":0,"d":1,"e":0,"signal":"enter_long","confidence":1,"tag":"rule1"}' ]
	printf 'time,x\n' > "$T/h.csv"
	run --separate-stderr "$TPP" -x -r 'enter_long: x' "$T/h.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "time,x,signal,confidence,tag,rule_rule1" ]
}

@test "records of another type pass through untouched" {
	printf '%s\n' '{"time":1,"x":1}' '{"type":"event","time":1,"event":"volume_spike"}' \
		'{"type":"candle","time":2,"x":0}' > "$T/e.ndjson"
	run --separate-stderr "$TPP" -r 'enter_long: x' "$T/e.ndjson"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '{"type":"event","time":1,"event":"volume_spike"}' ]
	[ "${lines[2]}" = '{"type":"candle","time":2,"x":0,"signal":null,"confidence":null,"tag":null}' ]
}

@test "a strategy file gives rules and voting; the command line overrides" {
	cat > "$T/strat.json" <<-'EOF'
	{
	  "rules": {
	    "a": { "when": "a > 0", "action": "enter_long", "weight": 3 },
	    "b": { "when": "b > 0", "action": "enter_long" },
	    "c": { "when": "c > 0", "action": "enter_long" },
	    "d": { "when": "d > 0", "action": "exit_long" },
	    "e": { "when": "e > 0", "action": "exit_long" }
	  },
	  "voting": { "mode": "weighted", "min_confidence_entry": 0.6,
	    "min_confidence_exit": 0.5 }
	}
	EOF
	run --separate-stderr "$TPP" --strategy "$T/strat.json" "$T/flags.csv"
	[ "$status" -eq 0 ]
	# weighted: enter 3/5 = 0.6 and exit 1/2 = 0.5, both qualify (0.6 and
	# 0.5); the higher wins
	[ "${lines[1]}" = "1,1,0,0,1,0,enter_long,0.6,a" ]
	# --vote majority: enter 1/3 < 0.6, exit 1/2 = 0.5 >= the file's 0.5
	run --separate-stderr "$TPP" --vote majority -s "$T/strat.json" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,0,0,1,0,exit_long,0.5,d" ]
	# --min-exit 0.55, given before the file, still overrides it
	run --separate-stderr "$TPP" --min-exit 0.55 -m majority -s "$T/strat.json" "$T/flags.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1,0,0,1,0,,," ]
}

@test "a bad expression in a strategy file exits 78 naming the file and rule" {
	cd "$T"
	printf '%s\n' '{ "rules": { "dip": { "when": "rsi_14 < 30 && (close > 1",' \
		'"action": "enter_long" } } }' > strat.json
	run --separate-stderr "$TPP" --strategy strat.json < /dev/null
	[ "$status" -eq 78 ]
	# "rsi_14 < 30 && (close > 1" is 25 characters: col 26 is its end.
	[ "${stderr_lines[0]}" = "tp-predict: strat.json: rule \"dip\": col 26: expected ')'" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	printf '%s\n' '{ "rules": { "dip": { "when": "x", "action": "enter" } } }' > bad.json
	run --separate-stderr "$TPP" -s bad.json < /dev/null
	[ "$status" -eq 78 ]
	[[ "${stderr_lines[0]}" == 'tp-predict: bad.json: rules.dip.action: "enter" is not an action'* ]]
	run --separate-stderr "$TPP" -s nonexistent.json < /dev/null
	[ "$status" -eq 66 ]
	# A strategy without rules is fine for tp-backtest, not here.
	run --separate-stderr "$TPP" -s "$TOP/tests/strategy-fixtures/missing_rules.json" < /dev/null
	[ "$status" -eq 78 ]
	[ "${stderr_lines[0]}" = "tp-predict: $TOP/tests/strategy-fixtures/missing_rules.json: no \"rules\": tp-predict decides by a strategy's rules" ]
}

@test "a rule reading a field no indicator of the strategy makes exits 78 before any data" {
	cd "$T"
	printf '%s\n' '{ "indicators": ["rsi:14", "ema:200"], "rules": {' \
		'"dip": { "when": "rsi_21 < 30 && close > ema_200", "action": "enter_long" } } }' \
		> strat.json
	printf '%s\n' time,close,rsi_21,ema_200 1,10,20,5 > btc.csv
	# a strategy error, not the data's (65 naming btc.csv before)
	run --separate-stderr "$TPP" -s strat.json btc.csv
	[ "$status" -eq 78 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = 'tp-predict: strat.json: rule "dip": no indicator of the strategy makes field "rsi_21"; did you mean "rsi_14"?' ]
	# the candle's own fields and an alias are made
	printf '%s\n' '{ "indicators": ["v=sma:3@volume"], "rules": {' \
		'"up": { "when": "volume > v && close > open", "action": "enter_long" } } }' \
		> ok.json
	run --separate-stderr "$TPP" -s ok.json < /dev/null
	[ "$status" -eq 0 ]
}

@test "--warmup: an SMA needs its period, EMAs more; a shorter input is warned about once" {
	cd "$T"
	# TA-Lib's SMA lookback is period - 1 (ta_SMA.c TA_SMA_Lookback): the
	# 20th candle has the first value, and an SMA has no memory beyond
	# it.  crosses_above reads one candle back: 21.
	printf '%s\n' '{ "indicators": ["sma:20"], "rules": {' \
		'"x": { "when": "crosses_above(close, sma_20)", "action": "enter_long" } } }' \
		> sma.json
	run --separate-stderr "$TPP" --warmup -s sma.json
	[ "$status" -eq 0 ]
	[ "$output" = 21 ]
	[ -z "$stderr" ]
	# An EMA remembers its seed: far more than TA-Lib's lookback (199
	# for 200), and more for a longer period.
	sed 's/sma/ema/g' sma.json > ema.json
	sed 's/sma:20/ema:200/; s/sma_20/ema_200/' sma.json > ema200.json
	e20=$("$TPP" --warmup -s ema.json)
	e200=$("$TPP" --warmup -s ema200.json)
	[ "$e20" -gt 21 ]
	[ "$e200" -gt $((e20 * 5)) ]
	# 21 candles are enough; 20 are not: one warning, at the end
	head -22 "$DATA/binance_BTCUSDT_1h.csv" | "$TPI" -s sma.json > in.csv
	run --separate-stderr "$TPP" -s sma.json in.csv
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	head -21 "$DATA/binance_BTCUSDT_1h.csv" | "$TPI" -s sma.json > in.csv
	run --separate-stderr "$TPP" -s sma.json in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "tp-predict: sma.json: 20 candles a symbol, fewer than the strategy's warm-up of 21 (tp-predict --warmup): the decisions differ from those of a longer history" ]
	# --warmup needs a strategy
	run --separate-stderr "$TPP" --warmup -r 'enter_long: close > 1'
	[ "$status" -eq 64 ]
}

@test "--warmup counts informative timeframes, other symbols' specs and shifts" {
	cd "$T"
	# TA-Lib's SMA lookback is period - 1 (ta_SMA.c TA_SMA_Lookback) and
	# an SMA has no memory beyond it: sma:N needs N candles (the test
	# above: 20 for sma:20).  A higher timeframe's needs N of its own
	# candles and one more (a window starting within a 4h candle makes
	# a partial one), each tf / base base candles: (20 + 1) * 4 = 84.
	w() {
		printf '{ "timeframe": "1h", %s, "rules": { "x": { "when": "%s", "action": "enter_long" } } }\n' "$1" "$2" > w.json
		"$TPP" --warmup -s w.json
	}
	[ "$(w '"informative": { "4h": ["sma:20"] }' 'close > sma_20_4h')" = 84 ]
	# a day of hours: (5 + 1) * 24 = 144, the longer of the two
	[ "$(w '"informative": { "4h": ["sma:20"], "1d": ["sma:5"] }' 'close > sma_5_1d')" = 144 ]
	# another symbol's spec is an indicator on the base candles: 30; its
	# field "close" needs none
	[ "$(w '"indicators": ["sma:10"], "informative": { "symbols": { "BTC/USDT": ["sma:30", "close"] } }' 'close > sma_10')" = 30 ]
	# a shift of 5 reads 5 candles back: 10 + 5
	[ "$(w '"indicators": ["sma:10"], "shift": { "sma_10": 5 }' 'close > sma_10')" = 15 ]
	# all together, with crosses_above reading one back: 84 + 3 + 1
	[ "$(w '"indicators": ["sma:10"], "informative": { "4h": ["sma:20"] }, "shift": { "sma_20_4h": 3 }' 'crosses_above(close, sma_20_4h)')" = 88 ]
}

@test "a bad informative or shift key in a strategy exits 78 naming it" {
	F=$TOP/tests/strategy-fixtures
	t() {
		run --separate-stderr "$TPP" -s "$F/$1" < /dev/null
		[ "$status" -eq 78 ] || { echo "$1: $status"; return 1; }
		[ "$stderr" = "tp-predict: $F/$1: $2" ] || { echo "$1: $stderr"; return 1; }
	}
	t inf_not_multiple.json "informative.\"3h\": 3h is not a whole multiple of the strategy's timeframe 2h"
	t inf_no_timeframe.json "informative.\"4h\": needs the strategy's \"timeframe\", the candles it is resampled from"
	t inf_bad_timeframe.json "informative: \"4x\" is not a timeframe (a number and one of s m h d w, as \"4h\") nor \"symbols\""
	t inf_unknown_key.json "informative: unknown key \"symbol\"; did you mean \"symbols\"?"
	t inf_bad_spec.json "informative.\"4h\"[1]: rsi:1: timeperiod must be an integer from 2 to 100000"
	t inf_bad_symbols.json "informative.symbols.\"BTC/USDT\": expected an array of fields or indicator specs"
	t shift_range.json "shift.rsi_14_4h: must be a whole number from 1 to 1000, not 1001"
}

@test "a bad model section in a strategy exits 78 naming the key" {
	F=$TOP/tests/strategy-fixtures
	t() {
		run --separate-stderr "$TPP" -s "$F/$1" < /dev/null
		[ "$status" -eq 78 ] || { echo "$1: $status"; return 1; }
		[ "$stderr" = "tp-predict: $F/$1: $2" ] || { echo "$1: $stderr"; return 1; }
	}
	t model_unknown_key.json "model: unknown key \"kinds\"; did you mean \"kind\"?"
	t model_bad_kind.json "model.kind: \"lightgbm\" is not a model kind (xgboost, logistic)"
	t model_repeat_feature.json "model.features[2]: \"close\" is there already, as [0]"
	t model_param_type.json "model.params.eval_metric: expected a number, a string, true or false"
	t model_period_multiple.json "model.train.backtest_period: 90m is not a whole multiple of the strategy's timeframe 1h"
	t model_outliers_key.json "model.outliers: unknown key \"DI_treshold\"; did you mean \"DI_threshold\"?"
	# 720 candles; then 2d of 1h candles, 48, as long as the horizon
	t model_horizon_candles.json "model.label.horizon: must be shorter than train_period (720 candles), not 800: a label horizon longer than the window leaves no row to train on"
	t model_horizon_days.json "model.label.horizon: must be shorter than train_period (48 candles), not 48: a label horizon longer than the window leaves no row to train on"
}

@test "end to end: tp-ind then tp-predict with share/strategies/rsi_reversion.json" {
	S=$TOP/share/strategies/rsi_reversion.json
	[ -f "$S" ] || skip "no rsi_reversion.json"
	"$TPI" rsi:14 ema:200 < "$DATA/binance_BTCUSDT_1h.csv" > "$T/feat.csv"
	run --separate-stderr "$TPP" --strategy "$S" "$T/feat.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,rsi_14,ema_200,signal,confidence,tag" ]
	n_in=$(wc -l < "$T/feat.csv")
	[ "${#lines[@]}" -eq "$n_in" ]
	grep -q ',enter_long,[0-9.]*,' <<< "$output"
	grep -q ',exit_long,[0-9.]*,' <<< "$output"
	# Every signal's tag names rules of that action in the file.
	refute grep -E ',enter_long,[0-9.]+,[^,]*(overbought|trend_break)' <<< "$output"
}

@test "every shipped strategy runs end to end on the bundled candles" {
	for s in "$TOP"/share/strategies/*.json; do
		# an LLM strategy asks its endpoint: tests/tp-predict-llm.bats
		! jq -e .llm "$s" > /dev/null || continue
		"$BIN/tp-ind" --strategy "$s" "$TOP/share/data/binance_BTCUSDT_1h.csv" > "$BATS_TEST_TMPDIR/f.csv" ||
			{ echo "tp-ind failed on $s"; return 1; }
		# a strategy with a model: trained first, on the hours to
		# 2024 (on the rest its predictions are out of sample)
		m=()
		if jq -e .model "$s" > /dev/null; then
			m=(--model-dir "$BATS_TEST_TMPDIR/models")
			"$BIN/tp-fetch" fix --timerange 20220101-20241231 \
			    "$BATS_TEST_TMPDIR/f.csv" |
			    "$TPP" train --strategy "$s" "${m[@]}" > /dev/null
		fi
		run --separate-stderr "$TPP" --strategy "$s" "${m[@]}" \
		    "$BATS_TEST_TMPDIR/f.csv"
		[ "$status" -eq 0 ] || { echo "$s: $stderr"; return 1; }
		# no rule of a shipped strategy is dead weight
		[ -z "$stderr" ] || { echo "$s: $stderr"; return 1; }
		# some entries and some exits on 37,923 hours of BTC/USDT
		grep -q ',enter_' <<< "$output" || { echo "$s: no entry"; return 1; }
		grep -q ',exit_' <<< "$output" || { echo "$s: no exit"; return 1; }
	done
}

@test "a strategy's parameters stand for their values in its rules" {
	printf '%s\n' '{ "parameters": { "lim": 0.5 },' \
		'"rules": { "a": { "when": "a > $lim", "action": "enter_long" } } }' \
		> "$T/p.json"
	printf '%s\n' '{ "rules": { "a": { "when": "a > 0.5", "action": "enter_long" } } }' \
		> "$T/l.json"
	"$TPP" -s "$T/p.json" "$T/flags.csv" > "$T/p.out"
	"$TPP" -s "$T/l.json" "$T/flags.csv" > "$T/l.out"
	cmp "$T/p.out" "$T/l.out"
	grep -q enter_long "$T/p.out"
}

@test "a repeated or backward candle time is bad data naming the line" {
	run --separate-stderr "$TPP" --rule 'enter_long: close > 1' <<< $'time,close\n1,1\n2,2\n2,3'
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-predict: stdin:4: time 2 (1970-01-01T00:00:00.002Z) repeats: "* ]]
	run --separate-stderr "$TPP" -k --rule 'enter_long: close > 1' <<< $'time,close\n1,1\n3,2\n2,3\n4,3'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "${stderr_lines[0]}" == "tp-predict: warning: skipped: stdin:4: time 2 (1970-01-01T00:00:00.002Z) goes back before 3 (1970-01-01T00:00:00.003Z): "* ]]
}

@test "a candle time outside 1970 to 2200 is bad data naming the line" {
	# one ms past 2200-01-01T00:00:00Z (GNU date: 7258118400 s); issue 20
	run --separate-stderr "$TPP" --rule 'enter_long: close > 1' <<< $'time,close\n1,1\n7258118400001,2'
	[ "$status" -eq 65 ]
	[ "$stderr" = 'tp-predict: stdin:3: field "time": time out of range (1970-01-01 to 2200-01-01)' ]
}

@test "an event record at its candle's time is not a repeat" {
	run --separate-stderr "$TPP" --rule 'enter_long: close > 1' <<< $'{"time":1,"close":2}\n{"type":"event","time":1,"event":"volume_spike"}\n{"time":2,"close":2}'
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "output flows while a pipe's input is still open" {
	printf '{"time":%d,"close":%d}\n' 1 1 2 2 3 3 > "$T/s.ndjson"
	tp_streams 2 "$T/s.ndjson" 2 "$TPP" --rule 'enter_long: close > 1'
}
