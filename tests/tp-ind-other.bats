#!/usr/bin/env bats
# tp-ind's indicators that TA-Lib lacks (group "other"): VWAP, Heikin-Ashi,
# Supertrend, Keltner, Donchian, Ichimoku, HMA, ZLEMA.
#
# With no TA-Lib to ask, the expected values come from two places:
# - tests/ind/ref-other/, which tests/ind/gen-other-refs.py (run by hand
#   once, with numpy and pandas) computed from each published definition
#   on 300 real daily and 300 real hourly Binance BTC/USDT candles; the
#   cases are listed in tests/ind/other-cases.txt.  tests/ind/compare.py
#   checks them as it checks TA-Lib's (its messages say "TA-Lib" for the
#   reference).
# - small worked examples below, on made-up candles with round numbers,
#   whose expected values are worked out by hand in the comments from the
#   definitions cited atop lib/ind/{vwap,ha,atrband,channel,hma,zlema}.c.

load helpers

setup() {
	tp_setup
	TPI=$BIN/tp-ind
	T=$BATS_TEST_TMPDIR
}

# The input of a case: 1d or 1h (see tests/ind/other-cases.txt).
case_input() {
	if [ "$1" = 1d ]; then
		head -n 301 "$TOP/tests/ind/input.csv"
	else
		sed -n '1p;10600,10899p' "$DATA/binance_BTCUSDT_1h.csv"
	fi
}

# Run tp-ind with these arguments on $T/candles.csv (written by the test)
# and leave in $T/got the fields it appended after the 6 input columns,
# numbers to 10 significant digits, empty for null.
ind() {
	run --separate-stderr "$TPI" -f csv "$@" "$T/candles.csv"
	[ "$status" -eq 0 ] || { echo "$stderr"; return 1; }
	printf '%s\n' "$output" | awk -F, '{
		s = ""
		for (i = 7; i <= NF; i++)
			s = s (i > 7 ? "," : "") (NR == 1 || $i == "" ? $i : \
			    sprintf("%.10g", $i))
		print s
	}' > "$T/got"
}

@test "every case equals the reference computed from its definition" {
	local which spec ref failed=0 n=0
	while IFS='	' read -r which spec; do
		case "$which" in ''|'#'*) continue ;; esac
		ref=$TOP/tests/ind/ref-other/$which-$(echo "$spec" |
		    tr ':,=' '__.').csv.gz
		case_input "$which" > "$T/in.csv"
		"$TPI" -f ndjson "$spec" "$T/in.csv" > "$T/out.ndjson" ||
			{ echo "FAILED: tp-ind $spec exited $?"; failed=1; }
		if ! python3 "$TOP/tests/ind/compare.py" "$ref" \
		    < "$T/out.ndjson"; then
			echo "FAILED: tp-ind $spec on $which"
			failed=1
		fi
		n=$((n + 1))
	done < "$TOP/tests/ind/other-cases.txt"
	echo "$n cases"
	[ "$n" -gt 0 ]
	[ "$failed" -eq 0 ]
}

@test "field names carry the parameters the user varies" {
	head -n 2 "$TOP/tests/ind/input.csv" > "$T/candles.csv"
	run --separate-stderr "$TPI" -f csv vwap vwap:20 ha supertrend \
	    keltner keltner:20,2,14 donchian ichimoku ichimoku:10,30,60 hma \
	    zlema "$T/candles.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,vwap,vwap_20,ha_open,ha_high,ha_low,ha_close,supertrend_10_3,supertrend_dir_10_3,kc_upper_20_2,kc_middle_20_2,kc_lower_20_2,kc_upper_20_2_14,kc_middle_20_2_14,kc_lower_20_2_14,dc_upper_20,dc_middle_20,dc_lower_20,tenkan,kijun,senkou_a,senkou_b,chikou,tenkan_10_30_60,kijun_10_30_60,senkou_a_10_30_60,senkou_b_10_30_60,chikou_10_30_60,hma_9,zlema_20" ]
}

@test "an alias names the outputs by role" {
	head -n 2 "$TOP/tests/ind/input.csv" > "$T/candles.csv"
	run --separate-stderr "$TPI" -f csv st=supertrend kc=keltner \
	    ich=ichimoku h=ha "$T/candles.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,st,st_dir,kc_upper,kc_middle,kc_lower,ich_tenkan,ich_kijun,ich_senkou_a,ich_senkou_b,ich_chikou,h_open,h_high,h_low,h_close" ]
}

@test "a negative band multiplier is a usage error" {
	run --separate-stderr "$TPI" keltner:20,-1 < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-ind: keltner:20,-1: multiplier must be a number from 0 to 1000" ]
	run --separate-stderr "$TPI" hma:1 < /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "tp-ind: hma:1: timeperiod must be an integer from 2 to 100000" ]
}

@test "vwap needs the time of each candle" {
	printf 'open,high,low,close,volume\n1,2,0.5,1.5,10\n' > "$T/candles.csv"
	run --separate-stderr "$TPI" vwap "$T/candles.csv"
	[ "$status" -eq 65 ]
	[[ "${stderr_lines[0]}" == *'no field "time" (vwap needs it)'* ]]
}

# VWAP by hand: typical price (h + l + c) / 3 times volume, summed, over
# summed volume.
#   bar  day        h  l  c   tp  vol  session               rolling 2
#   1    2024-01-01 12  8 10  10  100  1000/100 = 10         -
#   2    2024-01-01 13 10 13  12  300  (1000+3600)/400=11.5  11.5
#   3    2024-01-02 21 19 20  20    0  0/0: none (new day)   3600/300 = 12
#   4    2024-01-02 22 20 21  21   50  1050/50 = 21          1050/50 = 21
#   5    2024-01-02 22 20 21  21    0  21                    1050/50 = 21
#   6    2024-01-02 22 20 21  21    0  21                    0/0: none
@test "vwap restarts at UTC midnight; a window without volume has none" {
	cat > "$T/candles.csv" <<-EOF
	time,open,high,low,close,volume
	1704067200000,9,12,8,10,100
	1704070800000,10,13,10,13,300
	1704153600000,20,21,19,20,0
	1704157200000,20,22,20,21,50
	1704160800000,21,22,20,21,0
	1704164400000,21,22,20,21,0
	EOF
	ind vwap vwap:2
	[ "$(cat "$T/got")" = "$(printf '%s\n' vwap,vwap_2 10, 11.5,11.5 ,12 21,21 \
	    21,21 21,)" ]
}

# Heikin-Ashi by hand (Valcu):
#   bar o  h    l  c   ha_close                  ha_open            hi   lo
#   1   10 14   8  12  (10+14+8+12)/4 = 11       (10+12)/2 = 11     14   8
#   2   12 16   11 15  (12+16+11+15)/4 = 13.5    (11+11)/2 = 11     16   11
#   3   15 15.5 9  10  (15+15.5+9+10)/4 = 12.375 (11+13.5)/2 = 12.25 15.5 9
@test "Heikin-Ashi candles worked by hand" {
	cat > "$T/candles.csv" <<-EOF
	time,open,high,low,close,volume
	1704067200000,10,14,8,12,1
	1704153600000,12,16,11,15,1
	1704240000000,15,15.5,9,10,1
	EOF
	ind ha
	[ "$(cat "$T/got")" = "$(printf '%s\n' ha_open,ha_high,ha_low,ha_close \
	    11,14,8,11 11,16,11,13.5 12.25,15.5,9,12.375)" ]
}

# Supertrend:1,1 by hand: ATR(1) is the true range (none on bar 1), the
# basic bands hl2 +/- 1 x TR.
#   bar h  l  c    TR   basic up/lo  final up/lo  trend           line
#   2   11 9  10   2    12 / 8       12 / 8       first: down    12
#   3   13 11 12.5 3    15 / 9       12 / 9       12.5 > 12: up  9
#   4   14 12 13.5 2    15 / 11      15 / 11      up             11
#   (bar 4: the last close 12.5 rose above the final upper band 12, so
#   that band is free to move out to the basic 15)
#   5   13 9  9.5  4.5  15.5 / 6.5   15 / 11      9.5 < 11: down 15
@test "Supertrend worked by hand" {
	cat > "$T/candles.csv" <<-EOF
	time,open,high,low,close,volume
	1704067200000,9,10,8,9,1
	1704153600000,9,11,9,10,1
	1704240000000,11.5,13,11,12.5,1
	1704326400000,12.5,14,12,13.5,1
	1704412800000,12.5,13,9,9.5,1
	EOF
	ind supertrend:1,1
	[ "$(cat "$T/got")" = "$(printf '%s\n' supertrend_1_1,supertrend_dir_1_1 , \
	    12,-1 9,1 11,1 15,-1)" ]
}

# Keltner:2,1,1 by hand: EMA(2) seeded with the mean of the first two
# closes, then e + 2/3 (c - e); ATR(1) = the true range.
#   bar h  l  c   EMA                  TR                     bands
#   2   13 10 12  (10+12)/2 = 11       max(3, 3, 0) = 3       14, 11, 8
#   3   15 11 14  11 + 2/3 (14-11) = 13 max(4, 3, 1) = 4      17, 13, 9
@test "Keltner channels worked by hand" {
	cat > "$T/candles.csv" <<-EOF
	time,open,high,low,close,volume
	1704067200000,10,11,9,10,1
	1704153600000,10,13,10,12,1
	1704240000000,12,15,11,14,1
	EOF
	ind keltner:2,1,1
	[ "$(cat "$T/got")" = "$(printf '%s\n' kc_upper_2_1_1,kc_middle_2_1_1,kc_lower_2_1_1 \
	    ,, 14,11,8 17,13,9)" ]
}

# Donchian:3 and Ichimoku:2,3,4 by hand on highs 5 7 6 4 8, lows 1 2 3 2
# 5, closes 3 4 5 3 7 (the current bar is in its window).
#   bar  dc upper/middle/lower  tenkan(2)  kijun(3)  senkou_a  senkou_b(4)
#   2    -                      (7+1)/2=4  -         -         -
#   3    7 / 4 / 1              (7+2)/2=4.5 (7+1)/2=4 4.25     -
#   4    7 / 4.5 / 2            (6+2)/2=4  (7+2)/2=4.5 4.25    (7+1)/2=4
#   5    8 / 5 / 2              (8+2)/2=5  (8+2)/2=5  5        (8+2)/2=5
# and chikou is each bar's own close: the spans are not shifted forward,
# nor chikou back (see lib/ind/channel.c).
@test "Donchian channels and Ichimoku worked by hand" {
	cat > "$T/candles.csv" <<-EOF
	time,open,high,low,close,volume
	1704067200000,3,5,1,3,1
	1704153600000,3,7,2,4,1
	1704240000000,4,6,3,5,1
	1704326400000,3,4,2,3,1
	1704412800000,6,8,5,7,1
	EOF
	ind donchian:3 ichimoku:2,3,4
	[ "$(cat "$T/got")" = "$(printf '%s\n' \
	    dc_upper_3,dc_middle_3,dc_lower_3,tenkan_2_3_4,kijun_2_3_4,senkou_a_2_3_4,senkou_b_2_3_4,chikou_2_3_4 \
	    ,,,,,,,3 ,,,4,,,,4 7,4,1,4.5,4,4.25,,5 7,4.5,2,4,4.5,4.25,4,3 \
	    8,5,2,5,5,5,5,7)" ]
}

# HMA:4 (WMA 2 and 4, then WMA 2) and ZLEMA:3 (lag 1, EMA 3, k = 1/2) on a
# straight line 1, 2, ..., 6: both are built to have no lag there, so
# each equals the close once defined.  HMA on bar 5: WMA4 = (2+6+12+20)/10
# = 4, WMA2 = (4+10)/3 = 14/3, raw = 28/3 - 4 = 16/3; on bar 4 raw = 13/3;
# HMA = (13/3 + 2 x 16/3)/3 = 5.  ZLEMA's input is 2 x_t - x_(t-1) = 3, 4,
# 5, 6, 7 from bar 2; its EMA is seeded on bar 4 with (3+4+5)/3 = 4, then
# 4 + (6-4)/2 = 5 and 5 + (7-5)/2 = 6.
@test "HMA and ZLEMA follow a straight line without lag" {
	printf 'time,open,high,low,close,volume\n' > "$T/candles.csv"
	for x in 1 2 3 4 5 6; do
		printf '%d,%d,%d,%d,%d,1\n' $((1704067200000 + x * 86400000)) \
		    "$x" "$x" "$x" "$x" >> "$T/candles.csv"
	done
	ind hma:4 zlema:3
	[ "$(cat "$T/got")" = "$(printf '%s\n' hma_4,zlema_3 , , , ,4 5,5 6,6)" ]
}

@test "hma stays on Hull's definition over a long series (no running-sum drift)" {
	# 130,708 one-minute Binance BTC/USDT closes (share/data/SOURCES.md);
	# tests/ind/hma-exact.py sums each WMA afresh (math.fsum).  Running
	# sums, as TA-Lib's WMA keeps them, drift 4e-4 from it by the end.
	zcat "$DATA/binance_BTCUSDT_1m.csv.gz" | "$TPI" hma:9 hma:20 > "$T/hma.csv"
	python3 "$TOP/tests/ind/hma-exact.py" 9 1e-9 < "$T/hma.csv"
	python3 "$TOP/tests/ind/hma-exact.py" 20 1e-9 < "$T/hma.csv"
}
