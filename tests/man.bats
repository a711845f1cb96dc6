#!/usr/bin/env bats
# The man pages render without warnings and lint clean.

load helpers

setup() {
	tp_setup
}

@test "every program has a man page and every page lints clean" {
	for src in "$TOP"/cmd/tp-*.c; do
		p=$(basename "$src" .c)
		[ -f "$TOP/man/man1/$p.1" ] || { echo "no man page for $p"; return 1; }
	done
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -T lint -W warning "$TOP"/man/man1/*.1 "$TOP"/man/man7/*.7 \
		$(ls "$TOP"/man/man5/*.5 2>/dev/null)
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "man -l renders every page without a warning" {
	command -v man >/dev/null || skip "man is not installed"
	for page in "$TOP"/man/man1/*.1 "$TOP"/man/man7/*.7 \
	    $(ls "$TOP"/man/man5/*.5 2>/dev/null); do
		run --separate-stderr env MANWIDTH=80 man -l "$page"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ] || { echo "$page: $stderr"; return 1; }
		[ "${#lines[@]}" -gt 20 ]
	done
}

# A quoting macro nested in another (.Pq Qq a , Qq b) swallows the rest
# of the line under both formatters: "a, "b"" or `a, `b''.  Rendered to
# ASCII, such a quote shows closed twice; an empty quoted string (`""')
# is the one legitimate pair.
@test "no page closes a quote twice under mandoc or groff" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	command -v groff >/dev/null || skip "groff is not installed"
	for page in "$TOP"/man/man1/*.1 "$TOP"/man/man7/*.7 \
	    $(ls "$TOP"/man/man5/*.5 2>/dev/null); do
		for fmt in "mandoc -Tascii" "groff -man -Tascii -P-c"; do
			$fmt "$page" | col -b > "$BATS_TEST_TMPDIR/out"
			awk -v p="$page ($fmt)" -v q="'" '
			    { l = $0; gsub("[`" q "]\"\"" q, "", l) }
			    l ~ "\"\"|" q q { print p ": " $0; bad = 1 }
			    END { exit bad }' "$BATS_TEST_TMPDIR/out"
		done
	done
}

# exit_codes: the numbers that start the entries of standard input's
# EXIT STATUS section (a rendered man page), or of its "exit status:"
# paragraph (a --help), one a line, sorted.
man_codes() {
	col -b | sed -n '/^EXIT STATUS/,/^[A-Z]/p' | grep -o -E '^ +[0-9]+' |
		tr -d ' ' | sort -un
}
help_codes() {
	sed -n '/^exit status:/,/^$/p' | tr '\n' ' ' |
		grep -o -E '(^|[ ,:])[0-9]+ [a-zA-Z]' | grep -o -E '[0-9]+' | sort -un
}

@test "each --help lists the exit codes its man page lists" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	for src in "$TOP"/cmd/tp-*.c; do
		p=$(basename "$src" .c)
		"$BIN/$p" --help > "$BATS_TEST_TMPDIR/help.txt"
		help_codes < "$BATS_TEST_TMPDIR/help.txt" > "$BATS_TEST_TMPDIR/help"
		mandoc -Tascii "$TOP/man/man1/$p.1" | man_codes > "$BATS_TEST_TMPDIR/man"
		[ -s "$BATS_TEST_TMPDIR/help" ] || { echo "$p: no exit status in --help"; return 1; }
		diff "$BATS_TEST_TMPDIR/help" "$BATS_TEST_TMPDIR/man" ||
			{ echo "$p: --help (<) and man page (>) differ"; return 1; }
	done
}

@test "tp-backtest --help names what tp-backtest(1) says --sweep sweeps" {
	"$BIN/tp-backtest" --help > "$BATS_TEST_TMPDIR/help"
	for name in stoploss trailing_stop_positive trailing_stop_positive_offset \
	    leverage roi.MINUTES "strategy's parameters"; do
		grep -q -F "$name" "$BATS_TEST_TMPDIR/help" || { echo "no $name"; return 1; }
		mandoc -Tascii "$TOP/man/man1/tp-backtest.1" | col -b | tr -s ' \n' ' ' |
			grep -q -F "${name%% *}" || { echo "man: no $name"; return 1; }
	done
	# printed as is, not through printf: no doubled %
	refute grep -q '%%' "$BATS_TEST_TMPDIR/help"
}

@test "tp(7) lists every exit code tp uses" {
	for code in 64 65 66 69 70 74 75 78; do
		grep -q "$code" "$TOP/man/man7/tp.7" || { echo "no $code"; return 1; }
	done
}

# help_opts: "-s --strategy" (or "--kill-file") for each option --help
# lists; man_opts: the same from the .It Fl lines of the man page, from
# DESCRIPTION to EXIT STATUS (OPTIONS, or each command's section).  The parser takes its options from the table --help
# prints (cmd/cli.c), so the three agree when these two do.
help_opts() {
	grep -E '^  (-[A-Za-z0-9], |    )--[a-z]' |
		sed -E 's/^  (-[A-Za-z0-9]), /\1 /; s/^      /  /' |
		awk '{ print ($1 ~ /^--/ ? "" : $1 " ") ($1 ~ /^--/ ? $1 : $2) }' |
		sed -E 's/[=[].*//' | sort -u
}
man_opts() {
	sed -n '/^\.Sh DESCRIPTION/,/^\.Sh EXIT STATUS/p' |
		sed -n -E 's/^\.It Fl ([A-Za-z0-9]) , Fl -([a-z][a-z0-9-]*).*/-\1 --\2/p; s/^\.It Fl -([a-z][a-z0-9-]*).*/--\1/p' |
		sort -u
}
# The command words of the usage lines and of SYNOPSIS (.Cm after .Nm).
help_cmds() {
	sed -n '/^usage:/,/^$/p' | sed -E 's/^usage://' |
		awk '$1 ~ /^tp-/ && $2 ~ /^[a-z][a-z-]*$/ { print $2 }' | sort -u
}
man_cmds() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' |
		awk '/^\.Nm/ { nm = 1; next } nm && /^\.Cm / { print $2 } { nm = 0 }' |
		sort -u
}

@test "each --help lists the options and commands its man page lists" {
	for src in "$TOP"/cmd/tp-*.c; do
		p=$(basename "$src" .c)
		"$BIN/$p" --help > "$BATS_TEST_TMPDIR/help"
		help_opts < "$BATS_TEST_TMPDIR/help" > "$BATS_TEST_TMPDIR/ho"
		man_opts < "$TOP/man/man1/$p.1" > "$BATS_TEST_TMPDIR/mo"
		[ -s "$BATS_TEST_TMPDIR/ho" ] || { echo "$p: no options in --help"; return 1; }
		diff "$BATS_TEST_TMPDIR/ho" "$BATS_TEST_TMPDIR/mo" ||
			{ echo "$p: options of --help (<) and man page (>) differ"; return 1; }
		help_cmds < "$BATS_TEST_TMPDIR/help" > "$BATS_TEST_TMPDIR/hc"
		man_cmds < "$TOP/man/man1/$p.1" > "$BATS_TEST_TMPDIR/mc"
		diff "$BATS_TEST_TMPDIR/hc" "$BATS_TEST_TMPDIR/mc" ||
			{ echo "$p: commands of --help (<) and SYNOPSIS (>) differ"; return 1; }
	done
}
