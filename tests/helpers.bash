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

# refute COMMAND...: fail when COMMAND succeeds.  Plain "! COMMAND" does not
# fail a bats test (errexit ignores a negated command), so every negative
# check goes through this.
refute() {
	if "$@"; then
		echo "refute: this succeeded: $*" >&2
		return 1
	fi
}
