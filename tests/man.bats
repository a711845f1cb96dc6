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

@test "tp(7) lists every exit code tp uses" {
	for code in 64 65 66 69 70 74 75 78; do
		grep -q "$code" "$TOP/man/man7/tp.7" || { echo "no $code"; return 1; }
	done
}
