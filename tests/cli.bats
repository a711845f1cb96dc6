#!/usr/bin/env bats
# The program skeleton every tp program shares (cmd/cli.c, issue 21): one
# rule for where a command word stands, one parser and one wording for
# numbers in options, options refused by the commands they are not for.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
}

# The command word is the first operand, wherever the options stand: each
# of these put it after an option, which four programs handled four ways
# (tp-qvalidate and tp-backtest read "run" and "merge" as a file, tp-fetch
# saw no command, tp-journal ignored -f for seal).
@test "a command word after an option is that command, in every program" {
	run --separate-stderr "$TPF" -f ndjson synth --bars 2
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == '{"time":'* ]]

	run --separate-stderr "$BIN/tp-qvalidate" -f ndjson run "$TOP/tests/qasm/bell.qasm"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"state":"00"'* ]]

	"$TPF" synth --bars 300 > "$W/k.csv"
	"$BIN/tp-backtest" --sweep stoploss=-0.1:-0.05:0.05 \
		--strategy "$TOP/share/strategies/rsi_reversion.json" "$W/k.csv" > "$W/sweep.csv"
	run --separate-stderr "$BIN/tp-backtest" -f ndjson merge "$W/sweep.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == '{'* ]]

	run --separate-stderr "$BIN/tp-risk" --db "$W/none.db" report
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"no paper account"* ]]
}

@test "tp-journal seal writes its record in the format -f names, before or after the word" {
	export TP_PASSPHRASE=correct-horse
	J=$BIN/tp-journal
	"$J" init "$W/j.db"
	"$TPF" synth --bars 3 -e x -s BTC/USDT -t 1h | "$J" add "$W/j.db"
	"$J" keygen "$W/k.key" > "$W/k.pub"
	run --separate-stderr "$J" -f csv seal --key "$W/k.key" "$W/j.db"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "type,seq,hash,public_key" ]
	[[ "${lines[1]}" == "seal,3,"*",$(cat "$W/k.pub")" ]]
	run --separate-stderr "$J" seal --key "$W/k.key" "$W/j.db" -f csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "type,seq,hash,public_key" ]
	# NDJSON unless asked, as before
	run --separate-stderr "$J" seal --key "$W/k.key" "$W/j.db"
	[ "$status" -eq 0 ]
	[[ "$output" == '{"type":"seal","seq":3,'* ]]
}

@test "an option of another command is a usage error naming both" {
	run --separate-stderr "$BIN/tp-journal" verify --key x "$W/j.db"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-journal: --key is an option of seal" ]
	run --separate-stderr "$BIN/tp-qvalidate" train --model m.json
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-qvalidate: --model is not an option of train" ]
	run --separate-stderr "$BIN/tp-exec" status --db "$W/x.db" --skip-bad
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-exec: --skip-bad is not an option of status" ]
	[ ! -e "$W/x.db" ]
}

# One parser and one wording for whole numbers: tp-fetch and tp-qvalidate
# each had their own ("is not a non-negative integer", "a whole number,
# not"), tp-backtest truncated 2.5 to 2.
@test "a fraction where a whole number is wanted gets one message everywhere" {
	run --separate-stderr "$TPF" synth --seed 1.5
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-fetch: --seed: expected a whole number from 0 to 9007199254740992, not "1.5"' ]
	run --separate-stderr "$TPF" synth --bars 2.5
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-fetch: --bars: expected a whole number from 0 to 100000000, not "2.5"' ]
	run --separate-stderr "$BIN/tp-qvalidate" train --qubits 2.5
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-qvalidate: --qubits: expected a whole number from 1 to 20, not "2.5"' ]
	run --separate-stderr "$BIN/tp-backtest" --monte-carlo 2.5
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-backtest: --monte-carlo: expected a whole number from 1 to 10000000, not "2.5"' ]
	run --separate-stderr "$BIN/tp-journal" add --batch 2.5 "$W/j.db"
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'tp-journal: --batch: expected a whole number from 1 to 1000000000000000, not "2.5"' ]
	# digits are read exactly, not through a double
	"$TPF" synth --bars 3 --seed 9007199254740991 > "$W/a.csv"
	"$TPF" synth --bars 3 --seed 9007199254740990 > "$W/b.csv"
	refute cmp -s "$W/a.csv" "$W/b.csv"
}

@test "tp-exec prints its skipped-records warning as every filter does" {
	DB=$W/x.db
	"$TPF" synth --bars 3 > "$W/k.csv"
	printf 'bad,1,1,1,1,1\n' >> "$W/k.csv"
	run --separate-stderr "$BIN/tp-exec" --db "$DB" -k \
		--strategy "$TOP/share/strategies/rsi_reversion.json" "$W/k.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"tp-exec: warning: skipped 1 bad record"* ]]
}
