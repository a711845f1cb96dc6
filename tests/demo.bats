#!/usr/bin/env bats
# make demo, the README's first command, runs scripts/demo on the bundled
# candles: it must run clean (it broke silently once the reader began to
# add the market a file name tells: its loops read columns by position).

load helpers

setup() {
	tp_setup
}

@test "scripts/demo runs clean and its cross-checks hold" {
	cd "$TOP"
	run --separate-stderr scripts/demo "$BIN"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ] || { echo "$stderr"; return 1; }
	# Binance's own daily candles (share/data/binance_BTCUSDT_1d.csv, from
	# its /api/v3/klines: share/data/SOURCES.md) against the hourly ones
	# resampled: every whole day of the hourly file (2022-01-01 to
	# 2026-04-29, 1580 days) the same to the byte.
	[[ "$output" == *"1580 of 1580 days identical to the byte"* ]]
	# The one missing interval of the hourly file, 2023-03-24 13:00 UTC
	# (share/data/SOURCES.md), filled flat at the close before it.
	[[ "$output" == *"2023-03-24 13:00 UTC filled flat at 28080.00000000"* ]]
	# Every section printed its figures, none an empty line of them.
	[[ "$output" == *"week (UTC)"*"2026-04-27 00:00   78657.55"* ]]
	[[ "$output" == *"verify records         38053"* ]]
	# The three symbols' backtest printed its table, a row a symbol.
	[[ "$output" == *"BACKTESTING REPORT"*"SOL/USDT"*"ETH/USDT"*"TOTAL"* ]] ||
	    [[ "$output" == *"BACKTESTING REPORT"*"ETH/USDT"*"SOL/USDT"*"TOTAL"* ]]
	# The walk-forward of xgb_trend.json (365d window, 30d blocks) over the
	# hours 2022-01-01 .. 2026-04-29: 1580 - 365 = 1215 days of blocks,
	# 41 of 30 days (the last one short), a model each.
	[[ "$output" == *"models trained         41"* ]]
	refute grep -q "not completely converted\|expecting primary" <<< "$output"
}
