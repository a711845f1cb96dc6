#!/usr/bin/env bats
# tp-ind against TA-Lib: every case in tests/ind/cases/*.txt runs tp-ind on
# tests/ind/input.csv (Binance BTC/USDT daily candles, share/data) and
# compares its outputs with tests/ind/ref/, which the TA-Lib oracle made
# (scripts/gen-ind-refs: npm talib 1.1.6, TA-Lib C 0.6.0-dev).

load helpers

setup() {
	tp_setup
	TPI=$BIN/tp-ind
}

# Run every case of one family; report every failing case.
family() {
	local cases=$TOP/tests/ind/cases/$1.txt spec call ref failed=0 n=0
	# a case fails when tp-ind fails, not only when compare.py does
	local -
	set -o pipefail
	local input=$TOP/tests/ind/input.csv refs=$TOP/tests/ind/ref in dir
	if [ -f "${cases%.txt}.input" ]; then
		read -r in dir < "${cases%.txt}.input"
		input=$TOP/tests/ind/$in
		refs=$TOP/tests/ind/$dir
	fi
	while IFS='	' read -r spec call; do
		case "$spec" in ''|'#'*) continue ;; esac
		ref=$refs/$(echo "$spec" | tr ':,@=' '__..').csv.gz
		n=$((n + 1))
		if ! "$TPI" -f ndjson "$spec" "$input" |
		    python3 "$TOP/tests/ind/compare.py" "$ref"; then
			echo "FAILED: tp-ind $spec vs TA-Lib $call"
			failed=1
		fi
	done < "$cases"
	echo "$n cases"
	[ "$n" -gt 0 ] || skip "no cases yet in $1.txt"
	[ "$failed" -eq 0 ]
}

@test "overlap studies equal TA-Lib's" {
	family overlap
}

@test "momentum indicators equal TA-Lib's" {
	family momentum
}

@test "trend and directional indicators equal TA-Lib's" {
	family trend
}

@test "volume indicators equal TA-Lib's" {
	family volume
}

@test "volatility indicators equal TA-Lib's" {
	family volatility
}

@test "statistic functions equal TA-Lib's" {
	family statistics
}

@test "price transforms equal TA-Lib's" {
	family price
}

@test "candlestick patterns equal TA-Lib's" {
	family pattern
}

@test "candlestick patterns equal TA-Lib's on candles with planted patterns" {
	# tests/ind/input-patterns.csv: synthetic candles with every pattern's
	# shape planted (tests/ind/gen-pattern-input.py 6000 7 0.01), so that
	# the patterns the real data never shows are exercised too
	family pattern-planted
}
