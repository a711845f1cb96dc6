# Shared set-up for the bats files.  TP_BIN_DIR names the directory of the
# binaries under test (scripts/run-tests sets it; default build/bin).
bats_require_minimum_version 1.5.0

tp_setup() {
	export LC_ALL=C
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	BIN=${TP_BIN_DIR:-$TOP/build/bin}
	TPF=$BIN/tp-fetch
	DATA=$TOP/share/data
	FIX=$TOP/tests/fixtures
}

# need_python MODULE...: skip the test unless Debian's python3 imports
# every MODULE (the oracles: numpy, pandas, sklearn, xgboost).
need_python() {
	/usr/bin/python3 -c "import $(IFS=,; echo "$*")" 2>/dev/null ||
	    skip "python3 lacks one of: $*"
}

# refute COMMAND...: fail when COMMAND succeeds.  Plain "! COMMAND" does not
# fail a bats test (errexit ignores a negated command), so every negative
# check goes through this.
refute() {
	if "$@"; then
		echo "refute: this succeeded: $*" >&2
		return 1
	fi
}

# tp_streams LINES INPUT WANT CMD...: feed the first LINES lines of INPUT to
# CMD through a pipe that stays open, and succeed when CMD has written WANT
# lines of output before its input ends (within 10 s): a filter that holds
# its output until end of input fails.  The pipe is closed either way.
tp_streams() {
	local lines=$1 input=$2 want=$3 fifo out pid n i w
	shift 3
	fifo=$BATS_TEST_TMPDIR/stream.in
	out=$BATS_TEST_TMPDIR/stream.out
	rm -f "$fifo"
	mkfifo "$fifo"
	"$@" < "$fifo" > "$out" 2>/dev/null &
	pid=$!
	exec {w}> "$fifo"
	head -n "$lines" "$input" >&"$w"
	n=0
	for i in $(seq 100); do
		n=$(wc -l < "$out")
		[ "$n" -ge "$want" ] && break
		sleep 0.1
	done
	exec {w}>&-
	wait "$pid" || true
	[ "$n" -ge "$want" ] ||
		{ echo "only $n of $want lines before the input ended" >&2; return 1; }
}
