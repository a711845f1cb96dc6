#!/usr/bin/env bats
# tp-ind's informative fields (issue 23): higher timeframes (--tf), other
# symbols (--from) and shifted copies (--shift), through real pipes on
# real candles, and the proof that none of them looks ahead.
#
# Where the expected values come from:
#  - the resample route: tp-fetch fix --resample TF | tp-ind SPEC..., the
#    higher candles built by the program that already builds them (its
#    rules are tested in tp-fetch.bats), then joined by
#    tests/informative/asof.py, a separate pandas script
#    (pandas.merge_asof on the close times, direction="backward"): that is
#    freqtrade's merge_informative_pair(..., ffill=True) rule, a higher
#    candle used from the first base candle closing at or after it;
#  - --from: the same as-of join of one symbol's rows (tp-ind on that
#    file alone) onto every row; --shift: pandas groupby(symbol).shift(k);
#  - no lookahead: the program itself, on real data, changed after T;
#    rows up to T must not move.
# Data: share/data (SOURCES.md): four Binance 1h files with the
# 2023-03-24 13:00 halt, the 1m BTC/USDT file; two weeks of ETH/USDT 1m
# in tests/fixtures/informative (README.md there), whose minutes setup_file
# cuts out of the bundled BTC/USDT 1m.

load helpers

PY=/usr/bin/python3

# 2025-06-02 00:00 (a Monday) to 2025-06-16 00:00 UTC, GNU date
FROM=1748822400000
TO=1750032000000
MIN=60000
HOUR=3600000
DAY=86400000

setup_file() {
	local f=$BATS_FILE_TMPDIR top
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	mkdir -p "$f/btc" "$f/eth"
	gzip -dc "$top/share/data/binance_BTCUSDT_1m.csv.gz" |
	    awk -F, -v a=$FROM -v b=$TO 'NR == 1 || ($1 >= a && $1 < b)' \
	    > "$f/btc/binance_BTCUSDT_1m.csv"
	gzip -dc "$top/tests/fixtures/informative/binance_ETHUSDT_1m.csv.gz" \
	    > "$f/eth/binance_ETHUSDT_1m.csv"
}

setup() {
	tp_setup
	TPI=$BIN/tp-ind
	ASOF=$TOP/tests/informative/asof.py
	W=$BATS_TEST_TMPDIR
	BTC=$BATS_FILE_TMPDIR/btc/binance_BTCUSDT_1m.csv
	ETH=$BATS_FILE_TMPDIR/eth/binance_ETHUSDT_1m.csv
}

need_pandas() {
	$PY -c 'import pandas' 2>/dev/null || skip "python3-pandas is not installed"
}

# col FILE NAME: the values of CSV column NAME, one a line.
col() {
	awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i
		if (!c) exit 1; next } { print $c }' "$1"
}

# at FILE TIME NAME: the value of column NAME on the row of TIME.
at() {
	awk -F, -v n="$3" -v t="$2" 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == n) c = i; if (!c) exit 1; next }
	    $1 == t { print $c; f = 1; exit } END { if (!f) exit 1 }' "$1"
}

# upto FILE T: the header and the rows of time T and before.
upto() {
	awk -F, -v t="$2" 'NR == 1 || $1 <= t' "$1"
}

# with_market FILE SYMBOL: the candles with symbol, timeframe and exchange
# fields, as tp reads them from a binance_SYMBOL_1m file's name.
with_market() {
	awk -v s="$2" 'NR == 1 { print $0 ",symbol,timeframe,exchange"; next }
	    { print $0 "," s ",1m,binance" }' "$1"
}

# interleave FIRST SECOND: one stream of the two symbols' candles, a row
# of FIRST then SECOND's of the same time (the two files' times are the
# same), with their market fields.
interleave() {
	with_market "$1" "$(sym "$1")" | head -1
	paste -d '\n' <(with_market "$1" "$(sym "$1")" | tail -n +2) \
	    <(with_market "$2" "$(sym "$2")" | tail -n +2)
}

# sym FILE: BTC/USDT for .../binance_BTCUSDT_1m.csv.
sym() {
	local b=${1##*/binance_}
	b=${b%%USDT_*}
	echo "$b/USDT"
}

# oracle_tf FILE BASE_TF "SPECS" TF "TF_SPECS" [TF "TF_SPECS"...]: tp-ind
# SPECS --tf TF TF_SPECS ... on FILE, each TF's fields checked against
# the resample route joined by asof.py.
oracle_tf() {
	local file=$1 base=$2 specs=$3 args=() tfs=() tf
	shift 3
	while [ $# -gt 0 ]; do
		tfs+=("$1")
		# shellcheck disable=SC2206,SC2086
		args+=(--tf "$1" $2)
		# shellcheck disable=SC2086
		"$TPF" fix --resample "$1" "$file" | "$TPI" $2 > "$W/hi_$1.csv"
		shift 2
	done
	# shellcheck disable=SC2086
	"$TPI" $specs "${args[@]}" "$file" > "$W/got.csv"
	for tf in "${tfs[@]}"; do
		$PY "$ASOF" tf "$tf" "$file" "$W/hi_$tf.csv" "$W/got.csv" \
		    --base-tf "$base" ||
			{ echo "$file --tf $tf" >&2; return 1; }
	done
}

@test "--tf 4h and 1d on every bundled 1h file: the resample route, as-of joined by pandas" {
	need_pandas
	n=0
	for f in "$DATA"/binance_*USDT_1h.csv*; do
		oracle_tf "$f" 1h rsi:14 \
		    4h "rsi:14 ema:50 macd regime" \
		    1d "rsi:14 ema:50 bbands:20 regime"
		n=$((n + 1))
	done
	# BTC, ETH, SOL, BNB
	[ "$n" -ge 4 ]
	# the fields are not all empty, and regime is a label
	[ "$(col "$W/got.csv" regime_1d | sort -u | grep -c .)" -ge 3 ]
	[ "$(col "$W/got.csv" rsi_14_4h | tail -1)" != "" ]
}

@test "--tf 15m and 1h on the bundled 1m file: the resample route, as-of joined by pandas" {
	need_pandas
	oracle_tf "$DATA/binance_BTCUSDT_1m.csv.gz" 1m "rsi:14 ema:50" \
	    15m "rsi:14 ema:50 macd" 1h "rsi:14 ema:50 bbands:20 regime"
}

@test "--tf 1w (weeks from Monday) on the 1h file: the resample route, as-of joined by pandas" {
	need_pandas
	oracle_tf "$DATA/binance_BTCUSDT_1h.csv" 1h "" 1w "rsi:14 ema:20"
	# 2022-01-03 was a Monday (GNU date): the week of 2021-12-27, made of
	# its last two days, closes at 2022-01-03 00:00 and the next on the 10th
	[ "$(at "$W/hi_1w.csv" 1640563200000 close)" != "" ]
	[ "$(sed -n 3p "$W/hi_1w.csv" | cut -d, -f1)" = 1641168000000 ]
}

@test "--tf on one stream of two interleaved symbols: each its own candles, by pandas" {
	need_pandas
	interleave "$BTC" "$ETH" > "$W/in.csv"
	oracle_tf "$W/in.csv" 1m rsi:14 \
	    15m "rsi:14 ema:50 macd" 4h "rsi:14 ema:20 bbands:5"
}

@test "NDJSON: null before the first higher candle closes" {
	head -301 "$BTC" > "$W/binance_BTCUSDT_1m.csv"
	"$TPI" -f ndjson --tf 4h sma:2 "$W/binance_BTCUSDT_1m.csv" > "$W/got"
	[ "$(wc -l < "$W/got")" -eq 300 ]
	# 00:00 to 04:59: the first 4h candle closes at 04:00 (its 03:59
	# row), sma:2 needs two: nulls all through
	[ "$(grep -c '"sma_2_4h":null}$' "$W/got")" -eq 300 ]
}

@test "gaps: a higher candle of the candles there are, closed by a later bucket's row (as resample)" {
	need_pandas
	# the 1h BTC file less 2022-06-01 04:00-07:00 (a whole 4h bucket),
	# 2022-06-02 11:00 and 23:00 (the last hour of a 4h bucket and of a
	# day), on top of the source's own 2023-03-24 13:00
	h=$HOUR d=1654041600000
	awk -F, -v a=$((d + 4 * h)) -v b=$((d + 7 * h)) \
	    -v c=$((d + 24 * h + 11 * h)) -v e=$((d + 24 * h + 23 * h)) \
	    '!(($1 >= a && $1 <= b) || $1 == c || $1 == e)' \
	    "$DATA/binance_BTCUSDT_1h.csv" > "$W/binance_BTCUSDT_1h.csv"
	[ "$(wc -l < "$W/binance_BTCUSDT_1h.csv")" -eq 37918 ]
	oracle_tf "$W/binance_BTCUSDT_1h.csv" 1h "" \
	    4h "rsi:14 ema:50" 1d "rsi:14 ema:50"
}

@test "the 2023-03-24 halt: the 12:00 4h candle (12, 14, 15h) arrives on the 15:00 row, as resample builds it" {
	F=$DATA/binance_BTCUSDT_1h.csv
	"$TPI" --tf 4h rsi:14 ema:50 --tf 1d rsi:14 "$F" > "$W/got.csv"
	"$TPF" fix --resample 4h "$F" | "$TPI" rsi:14 ema:50 > "$W/h4.csv"
	"$TPF" fix --resample 1d "$F" | "$TPI" rsi:14 > "$W/d1.csv"
	# 2023-03-24 00:00 UTC (GNU date); 13:00 is missing (SOURCES.md)
	d=1679616000000 h=$HOUR
	[ "$(awk -F, -v t=$((d + 13 * h)) '$1 == t' "$F" | wc -l)" -eq 0 ]
	# the resample route has a 12:00 4h candle, of 12:00, 14:00 and 15:00
	v8=$(at "$W/h4.csv" $((d + 8 * h)) rsi_14)
	v12=$(at "$W/h4.csv" $((d + 12 * h)) rsi_14)
	e12=$(at "$W/h4.csv" $((d + 12 * h)) ema_50)
	[ -n "$v8" ] && [ -n "$v12" ] && [ "$v8" != "$v12" ]
	# 11:00 closes at 12:00 with the 08:00 candle; 12:00 and 14:00 keep it
	for t in 11 12 14; do
		[ "$(at "$W/got.csv" $((d + t * h)) rsi_14_4h)" = "$v8" ]
	done
	# 15:00 closes the 12:00 candle at 16:00, and 16:00 keeps it
	[ "$(at "$W/got.csv" $((d + 15 * h)) rsi_14_4h)" = "$v12" ]
	[ "$(at "$W/got.csv" $((d + 15 * h)) ema_50_4h)" = "$e12" ]
	[ "$(at "$W/got.csv" $((d + 16 * h)) rsi_14_4h)" = "$v12" ]
	# the day of 23 candles arrives on its 23:00 row, not before
	y=$(at "$W/d1.csv" $((d - DAY)) rsi_14)
	v=$(at "$W/d1.csv" $d rsi_14)
	[ -n "$y" ] && [ "$y" != "$v" ]
	[ "$(at "$W/got.csv" $((d + 22 * h)) rsi_14_1d)" = "$y" ]
	[ "$(at "$W/got.csv" $((d + 23 * h)) rsi_14_1d)" = "$v" ]
}

# The commands of the no-lookahead checks: every higher timeframe at once;
# periods short enough for values within two weeks (regime's ATR window
# of 20 4h candles, rsi:5 on days).
TFS="rsi:14 --tf 15m rsi:14 ema:50 macd --tf 1h rsi:14 ema:50 bbands:20
--tf 4h rsi:14 ema:50 regime:atrwindow=20,emaperiod=10 --tf 1d rsi:5 ema:3 bbands:5"

# changed FILE OTHER T HOW: FILE's candles after T changed; HOW: scale
# (prices doubled, volumes tripled), swap (OTHER's candles of the same
# times instead), cut (none after T).
changed() {
	case $4 in
	scale)
		awk -F, -v OFS=, -v t="$3" -v CONVFMT=%.8f \
		    'NR > 1 && $1 > t { $2 *= 2; $3 *= 2; $4 *= 2; $5 *= 2
			$6 *= 3 } 1' "$1" ;;
	swap)
		upto "$1" "$3"
		awk -F, -v t="$3" 'NR > 1 && $1 > t' "$2" ;;
	cut)
		upto "$1" "$3" ;;
	esac
}

# The times T: a boundary of every bucket (2025-06-09 00:00, a Monday),
# one minute before it, the middle of every bucket (2025-06-10 13:37).
times() {
	local b=$((FROM + 7 * DAY))
	echo $b $((b - MIN)) $((b + DAY + 13 * HOUR + 37 * MIN))
}

@test "no lookahead: --tf 15m 1h 4h 1d rows up to T do not change when the candles after T do" {
	# shellcheck disable=SC2086
	"$TPI" $TFS "$BTC" > "$W/ref.csv"
	n=0
	for t in $(times); do
		upto "$W/ref.csv" "$t" > "$W/want.csv"
		# every timeframe has values by then, so the check is not empty
		for c in rsi_14_15m macd_hist_12_26_9_15m bb_upper_20_2_1h \
		    regime_14_25_14_20_0.9_10_4h rsi_5_1d; do
			[ -n "$(at "$W/want.csv" "$t" "$c")" ] ||
				{ echo "no $c at $t" >&2; return 1; }
		done
		for how in scale swap cut; do
			mkdir -p "$W/$how"
			changed "$BTC" "$ETH" "$t" $how \
			    > "$W/$how/binance_BTCUSDT_1m.csv"
			# shellcheck disable=SC2086
			"$TPI" $TFS "$W/$how/binance_BTCUSDT_1m.csv" > "$W/got.csv"
			upto "$W/got.csv" "$t" | cmp - "$W/want.csv" ||
				{ echo "T $t, $how" >&2; return 1; }
			# the change did change the rows after T
			refute cmp -s "$W/got.csv" "$W/ref.csv"
			n=$((n + 1))
		done
	done
	[ "$n" -eq 9 ]
}

FROMS="rsi:14 --tf 1h rsi:14 --from BTC/USDT close rsi_14 rsi_14_1h"

@test "no lookahead: --from rows up to T do not change when either symbol's candles after T do" {
	# shellcheck disable=SC2086
	"$TPI" $FROMS "$ETH" "$BTC" > "$W/ref.csv"
	for t in $(times); do
		upto "$W/ref.csv" "$t" > "$W/want.csv"
		[ -n "$(at "$W/want.csv" "$t" btc_usdt_rsi_14_1h)" ]
		for how in btc:scale btc:swap btc:cut eth:scale eth:cut both:cut; do
			rm -rf "$W/c"
			mkdir -p "$W/c/btc" "$W/c/eth"
			b=$BTC e=$ETH
			case $how in
			btc:*|both:*)
				b=$W/c/btc/binance_BTCUSDT_1m.csv
				changed "$BTC" "$ETH" "$t" "${how#*:}" > "$b" ;;
			esac
			case $how in
			eth:*|both:*)
				e=$W/c/eth/binance_ETHUSDT_1m.csv
				changed "$ETH" "$BTC" "$t" "${how#*:}" > "$e" ;;
			esac
			# shellcheck disable=SC2086
			"$TPI" $FROMS "$e" "$b" > "$W/got.csv"
			upto "$W/got.csv" "$t" | cmp - "$W/want.csv" ||
				{ echo "T $t, $how" >&2; return 1; }
			refute cmp -s "$W/got.csv" "$W/ref.csv"
		done
	done
}

@test "a partial last higher candle is never attached; the row that closes it attaches it" {
	# 2025-06-10 (GNU date: FROM + 8 days); the 08:00-12:00 4h candle
	d=$((FROM + 8 * DAY)) h=$HOUR
	"$TPF" fix --resample 4h "$BTC" | "$TPI" rsi:14 ema:50 > "$W/h4.csv"
	"$TPF" fix --resample 1d "$BTC" | "$TPI" rsi:5 > "$W/d1.csv"
	v4=$(at "$W/h4.csv" $((d + 4 * h)) rsi_14)
	v8=$(at "$W/h4.csv" $((d + 8 * h)) rsi_14)
	e4=$(at "$W/h4.csv" $((d + 4 * h)) ema_50)
	y=$(at "$W/d1.csv" $((d - DAY)) rsi_5)
	[ -n "$v4" ] && [ -n "$v8" ] && [ "$v4" != "$v8" ] && [ -n "$y" ]
	# cut at 10:37, mid bucket, and at 11:58, a minute before its close
	for t in $((d + 10 * h + 37 * MIN)) $((d + 12 * h - 2 * MIN)); do
		upto "$BTC" "$t" > "$W/binance_BTCUSDT_1m.csv"
		"$TPI" --tf 4h rsi:14 ema:50 --tf 1d rsi:5 \
		    "$W/binance_BTCUSDT_1m.csv" > "$W/got.csv"
		[ "$(tail -1 "$W/got.csv" | cut -d, -f1)" = "$t" ]
		[ "$(at "$W/got.csv" "$t" rsi_14_4h)" = "$v4" ]
		[ "$(at "$W/got.csv" "$t" ema_50_4h)" = "$e4" ]
		[ "$(at "$W/got.csv" "$t" rsi_5_1d)" = "$y" ]
		# the resample route does write the partial candle
		"$TPF" fix --resample 4h "$W/binance_BTCUSDT_1m.csv" |
		    "$TPI" rsi:14 > "$W/p4.csv"
		p=$(at "$W/p4.csv" $((d + 8 * h)) rsi_14)
		[ -n "$p" ] && [ "$p" != "$v4" ]
	done
	# cut at 11:59: that row closes the candle at 12:00 and carries it
	# (freqtrade's merge_informative_pair: date + 4h - 1m)
	t=$((d + 12 * h - MIN))
	upto "$BTC" "$t" > "$W/binance_BTCUSDT_1m.csv"
	"$TPI" --tf 4h rsi:14 "$W/binance_BTCUSDT_1m.csv" > "$W/got.csv"
	[ "$(at "$W/got.csv" "$t" rsi_14_4h)" = "$v8" ]
	[ "$(at "$W/got.csv" $((t - MIN)) rsi_14_4h)" = "$v4" ]
}

@test "--from: the as-of join of BTC's fields onto every row, by pandas" {
	need_pandas
	"$TPI" rsi:14 --tf 1h rsi:14 "$BTC" > "$W/btc.csv"
	"$TPI" rsi:14 --tf 1h rsi:14 --from BTC/USDT close rsi_14 rsi_14_1h \
	    "$ETH" "$BTC" > "$W/got.csv"
	[ "$(wc -l < "$W/got.csv")" -eq $((2 * 20160 + 1)) ]
	$PY "$ASOF" from BTC/USDT close,rsi_14,rsi_14_1h "$W/btc.csv" \
	    "$W/got.csv"
	# the same-time BTC row is used: both first rows have BTC's first
	# close (the 12th field: 9 of the candle, rsi_14, rsi_14_1h, then)
	[ "$(head -1 "$W/got.csv" | cut -d, -f12)" = btc_usdt_close ]
	[ "$(grep -c "^$FROM," "$W/got.csv")" -eq 2 ]
	[ "$(grep "^$FROM," "$W/got.csv" | cut -d, -f12 | sort -u)" = \
	    "$(sed -n 2p "$BTC" | cut -d, -f5)" ]
	# a spec computes it on every symbol, as if given before
	"$TPI" rsi:14 --from BTC/USDT close rsi_14 "$ETH" "$BTC" > "$W/got.csv"
	"$TPI" --from BTC/USDT close rsi:14 "$ETH" "$BTC" > "$W/spec.csv"
	cmp "$W/spec.csv" "$W/got.csv"
}

@test "--from a symbol of 1h candles onto 1m rows: each used from the minute that closes with it, by pandas" {
	need_pandas
	mkdir "$W/h"
	awk -F, -v a=$FROM -v b=$TO 'NR == 1 || ($1 >= a && $1 < b)' \
	    "$DATA/binance_BTCUSDT_1h.csv" > "$W/h/binance_BTCUSDT_1h.csv"
	"$TPI" rsi:14 "$W/h/binance_BTCUSDT_1h.csv" > "$W/btc.csv"
	"$TPI" rsi:14 --from BTC/USDT close rsi_14 \
	    "$ETH" "$W/h/binance_BTCUSDT_1h.csv" > "$W/got.csv"
	$PY "$ASOF" from BTC/USDT close,rsi_14 "$W/btc.csv" "$W/got.csv"
	# the 00:00 hour closes at 01:00: ETH's 00:58 row has nothing yet,
	# its 00:59 row (closing at 01:00) has it
	c=$(sed -n 2p "$W/h/binance_BTCUSDT_1h.csv" | cut -d, -f5)
	[ "$(grep "^$((FROM + 58 * MIN)),.*,ETH/USDT," "$W/got.csv" |
	    cut -d, -f11)" = "" ]
	[ "$(grep "^$((FROM + 59 * MIN)),.*,ETH/USDT," "$W/got.csv" |
	    cut -d, -f11)" = "$c" ]
}

@test "--from: a symbol not seen yet gives empty fields (BTC from a day later), by pandas" {
	need_pandas
	awk -F, -v t=$((FROM + DAY)) 'NR == 1 || $1 >= t' "$BTC" \
	    > "$W/binance_BTCUSDT_1m.csv"
	"$TPI" rsi:14 "$W/binance_BTCUSDT_1m.csv" > "$W/btc.csv"
	"$TPI" rsi:14 --from BTC/USDT close rsi_14 \
	    "$ETH" "$W/binance_BTCUSDT_1m.csv" > "$W/got.csv"
	$PY "$ASOF" from BTC/USDT close,rsi_14 "$W/btc.csv" "$W/got.csv"
	[ "$(at "$W/got.csv" $((FROM + DAY - MIN)) btc_usdt_close)" = "" ]
	[ -n "$(at "$W/got.csv" $((FROM + DAY)) btc_usdt_close)" ]
}

@test "--from: files in either order, or one stream interleaved either way, give the same rows" {
	interleave "$BTC" "$ETH" > "$W/btc-first.csv"
	interleave "$ETH" "$BTC" > "$W/eth-first.csv"
	a=(rsi:14 --tf 1h rsi:14 --from BTC/USDT close rsi_14 rsi_14_1h)
	"$TPI" "${a[@]}" "$ETH" "$BTC" > "$W/1.csv"
	"$TPI" "${a[@]}" "$BTC" "$ETH" > "$W/2.csv"
	"$TPI" "${a[@]}" < "$W/btc-first.csv" > "$W/3.csv"
	"$TPI" "${a[@]}" < "$W/eth-first.csv" > "$W/4.csv"
	# on a tie the first file's row comes first (tp-ind(1)): the files
	# in an order write what the stream in that order does
	cmp "$W/1.csv" "$W/4.csv"
	cmp "$W/2.csv" "$W/3.csv"
	for s in BTC/USDT ETH/USDT; do
		awk -F, -v s=$s 'NR == 1 || $7 == s' "$W/1.csv" > "$W/want"
		[ "$(wc -l < "$W/want")" -eq 20161 ]
		for i in 2 3 4; do
			awk -F, -v s=$s 'NR == 1 || $7 == s' "$W/$i.csv" |
			    cmp - "$W/want" || { echo "$i.csv, $s" >&2; return 1; }
		done
	done
}

@test "--from: the input cut into reads at any point writes the same rows" {
	interleave "$ETH" "$BTC" | head -n 2001 > "$W/in.csv"
	a=(--from BTC/USDT close)
	"$TPI" "${a[@]}" "$W/in.csv" > "$W/want"
	# an ETH row's read ends, BTC's row of its time comes a second later:
	# the ETH row waits for it (it did not, once: the pause let it go)
	{ head -n 2 "$W/in.csv"; sleep 1; tail -n +3 "$W/in.csv"; } |
	    "$TPI" "${a[@]}" | cmp - "$W/want"
	awk '{ print; fflush() }' "$W/in.csv" | "$TPI" "${a[@]}" |
	    cmp - "$W/want"
}

@test "--skip-bad: a bad row changes no field of the rows after it" {
	# the 04:00 row's open is empty: skipped, as if it were not there
	head -n 40 "$DATA/binance_BTCUSDT_1h.csv" > "$W/ok.csv"
	awk -F, -v OFS=, 'NR == 6 { $2 = "" } { print }' "$W/ok.csv" > "$W/bad.csv"
	sed 6d "$W/ok.csv" > "$W/without.csv"
	a=(--base-tf 1h sma:2 --tf 4h sma:2)
	"$TPI" "${a[@]}" "$W/without.csv" > "$W/want"
	run --separate-stderr "$TPI" --skip-bad "${a[@]}" "$W/bad.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"bad.csv:6:"*open* ]]
	diff <(printf '%s\n' "${lines[@]}") "$W/want"
}

@test "--tf with the wrong --base-tf: bad data saying what to check, not a repeated time" {
	# 1-minute candles without a timeframe field, said to be hourly
	cut -d, -f1-6 "$ETH" > "$W/m1.csv"
	run --separate-stderr "$TPI" --base-tf 1h --tf 4h sma:2 "$W/m1.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"m1.csv:"*"closed already: are the candles really 1h long"* ]]
}

@test "tp-backtest: an informative symbol no file has is warned about" {
	run --separate-stderr "$BIN/tp-backtest" --strategy \
	    "$TOP/share/strategies/trend_4h_btc_gate.json" \
	    "$DATA/binance_ETHUSDT_1h.csv.gz"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"informative symbol BTC/USDT: no record of that symbol"* ]]
}

@test "an indicator named as an informative field: a usage error naming it" {
	run --separate-stderr "$TPI" --as ema_50_4h sma:3 --tf 4h ema:50 "$ETH"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'"ema_50_4h" is written twice'* ]]
	run --separate-stderr "$TPI" --strategy \
	    "$TOP/share/strategies/trend_4h_btc_gate.json" --as ema_50_4h sma:3 \
	    "$ETH"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'"ema_50_4h" is written twice'* ]]
}

@test "--from a symbol never seen: empty fields, a warning at the end, exit 0" {
	run --separate-stderr "$TPI" --from DOGE/USDT close "$ETH"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *DOGE/USDT* ]]
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol,timeframe,exchange,doge_usdt_close" ]
	[ "${#lines[@]}" -eq 20161 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | grep -cv ',$')" -eq 0 ]
}

@test "a field no record has: empty copies and a warning at the end, exit 0" {
	run --separate-stderr "$TPI" --from ETH/USDT nosuch --shift 1 nosuch2 "$ETH"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *'--from ETH/USDT: none of its records had field "nosuch"'* ]]
	[[ "$stderr" == *'--shift: no record had field "nosuch2"'* ]]
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol,timeframe,exchange,eth_usdt_nosuch,nosuch2_shift_1" ]
	[ "$(printf '%s\n' "${lines[@]:1}" | grep -cv ',,$')" -eq 0 ]
}

@test "two specs writing one higher-timeframe field: a usage error naming it" {
	run --separate-stderr "$TPI" --tf 4h rsi:14 --tf 4h rsi:14 "$ETH"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'"rsi_14_4h" is written twice'* ]]
}

@test "--shift 3: pandas groupby(symbol).shift(k), also of --tf and --from fields, last" {
	need_pandas
	interleave "$BTC" "$ETH" > "$W/in.csv"
	"$TPI" rsi:14 < "$W/in.csv" > "$W/src.csv"
	"$TPI" rsi:14 --shift 3 rsi_14 close < "$W/in.csv" > "$W/got.csv"
	$PY "$ASOF" shift 3 rsi_14,close "$W/src.csv" "$W/got.csv"
	a=(rsi:14 --tf 1h rsi:14 --from BTC/USDT close)
	"$TPI" "${a[@]}" "$ETH" "$BTC" > "$W/src.csv"
	"$TPI" "${a[@]}" --shift 3 rsi_14_1h btc_usdt_close "$ETH" "$BTC" \
	    > "$W/got.csv"
	$PY "$ASOF" shift 3 rsi_14_1h,btc_usdt_close "$W/src.csv" "$W/got.csv"
	# shifts come last
	s=
	for f in rsi_14_1h btc_usdt_close; do
		for k in 1 2 3; do
			s=$s,${f}_shift_$k
		done
	done
	[ "$(head -1 "$W/got.csv")" = "$(head -1 "$W/src.csv")$s" ]
}

@test "bad input: an unknown timeframe is a usage error" {
	for tf in 4x 0h h 4; do
		run --separate-stderr "$TPI" --tf "$tf" rsi:14 "$DATA/binance_BTCUSDT_1h.csv"
		[ "$status" -eq 64 ]
		[[ "$stderr" == *"$tf"* ]]
	done
}

@test "bad input: no base timeframe is a usage error naming --base-tf; --base-tf gives it" {
	F=$DATA/binance_BTCUSDT_1h.csv
	head -2000 "$F" > "$W/in.csv"
	run --separate-stderr "$TPI" --tf 4h rsi:14 < "$W/in.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *--base-tf* ]]
	run --separate-stderr "$TPI" --tf 4h rsi:14 "$W/in.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *--base-tf* ]]
	"$TPI" --base-tf 1h --tf 4h rsi:14 < "$W/in.csv" > "$W/got.csv"
	"$TPI" --tf 4h rsi:14 "$F" | head -2000 > "$W/named.csv"
	[ "$(col "$W/got.csv" rsi_14_4h)" = "$(col "$W/named.csv" rsi_14_4h)" ]
}

@test "bad input: a base timeframe that does not divide the higher one is a usage error naming both" {
	run --separate-stderr "$TPI" --tf 90m rsi:14 "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *1h* && "$stderr" == *90m* ]]
	run --separate-stderr "$TPI" --tf 4h rsi:14 "$DATA/binance_BTCUSDT_1d.csv"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *1d* && "$stderr" == *4h* ]]
	run --separate-stderr "$TPI" --base-tf 7m --tf 1h rsi:14 < "$BTC"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *7m* && "$stderr" == *1h* ]]
}

@test "bad input: unsorted within a symbol is bad data naming file:line, with --tf and --from" {
	# lines 101 and 102 swapped: line 102 goes back
	awk 'NR == 101 { l = $0; next } NR == 102 { print; print l; next } 1' \
	    "$BTC" > "$W/binance_BTCUSDT_1m.csv"
	run --separate-stderr "$TPI" --tf 1h rsi:14 "$W/binance_BTCUSDT_1m.csv"
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-ind: $W/binance_BTCUSDT_1m.csv:102: "*"goes back"* ]]
	run --separate-stderr "$TPI" --from BTC/USDT close "$ETH" "$W/binance_BTCUSDT_1m.csv"
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == "tp-ind: $W/binance_BTCUSDT_1m.csv:102: "*"goes back"* ]]
}
