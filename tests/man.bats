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

@test "tp(7) lists every exit code tp uses" {
	for code in 64 65 66 69 70 74 75 78; do
		grep -q "$code" "$TOP/man/man7/tp.7" || { echo "no $code"; return 1; }
	done
}
