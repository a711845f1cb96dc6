#!/usr/bin/env bats
# tp-journal: the SQLite journal, through the real binary and real pipes,
# checked from outside with sqlite3(1), promtool(1) and Python's hashlib.
# Candles are given their symbol (-y BTC/USDT: the Binance BTC/USDT klines
# of share/data) where a test does not look at how symbols are taken.

load helpers

setup() {
	tp_setup
	TPJ=$BIN/tp-journal
	TPB=$BIN/tp-backtest
	W=$BATS_TEST_TMPDIR
	DB=$W/j.db
	H1=$DATA/binance_BTCUSDT_1h.csv
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	# The first 200 hours of 2022 (share/data/SOURCES.md: Binance klines).
	head -201 "$H1" > "$W/h200.csv"
}

q() {
	sqlite3 "$DB" "$@"
}

init() {
	"$TPJ" init "$DB"
}

@test "--help, --version, and usage errors exit 64" {
	run --separate-stderr "$TPJ" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"tp-journal add [OPTIONS] DB [FILE...]"* ]]
	run --separate-stderr "$TPJ" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "tp-journal (tp) "* ]]
	run --separate-stderr "$TPJ"
	[ "$status" -eq 64 ]
	[[ "$stderr" == *"no command given"* ]]
	run --separate-stderr "$TPJ" frobnicate x.db
	[ "$status" -eq 64 ]
	[[ "$stderr" == *'unknown command "frobnicate"'* ]]
	run --separate-stderr "$TPJ" add --bogus x.db
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPJ" add --batch 0 x.db
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPJ" report "$DB" a b c
	[ "$status" -eq 64 ]
}

@test "every long option of --help is in the man page" {
	"$TPJ" --help > "$W/help"
	opts=$(grep -o -- '--[a-z-]*' "$W/help" | sort -u)
	for o in $opts; do
		grep -q "^\\.It Fl [a-zA-Z] , Fl ${o#-} \|^\\.It Fl ${o#-}\( \|\$\)\|^\\.It Fl [a-zA-Z] , Fl ${o#-}\$" \
			"$TOP/man/man1/tp-journal.1" || { echo "$o missing"; return 1; }
	done
	for c in init add verify seal keygen report metrics export backup import-freqtrade; do
		grep -q "^\\.It Cm $c" "$TOP/man/man1/tp-journal.1" || { echo "$c missing"; return 1; }
	done
}

@test "init makes a WAL journal at the newest schema; twice is harmless" {
	init
	[ "$(q 'PRAGMA journal_mode')" = wal ]
	[ "$(q 'PRAGMA user_version')" = 7 ]
	for t in audit seals candles decisions orders fills trades \
	    account_snapshots events patterns backtest_runs other_records \
	    ai_decisions ai_answers llm_prompts llm_accuracy \
	    live_orders live_markets live_blocks live_held live_nonce \
	    open_trades daily_pnl win_rate_by_pair win_rate_by_pattern; do
		[ "$(q "SELECT count(*) FROM sqlite_master WHERE name = '$t'")" = 1 ] ||
		    { echo "no $t"; return 1; }
	done
	run --separate-stderr "$TPJ" init "$DB"
	[ "$status" -eq 0 ]
}

@test "an older journal is upgraded by init or add; a newer one is refused" {
	# A version 1 journal, made from the first schema file by sqlite3.
	sqlite3 "$DB" < "$TOP/share/sql/001-tables.sql"
	q 'PRAGMA user_version = 1'
	run --separate-stderr "$TPJ" report "$DB"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"run 'tp-journal init"* ]]
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	[ "$(q 'PRAGMA user_version')" = 7 ]
	[ "$(q 'SELECT count(*) FROM daily_pnl')" = 0 ]
	[ "$(q 'SELECT count(*) FROM candles')" = 200 ]
	q 'PRAGMA user_version = 99'
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"newer than this tp-journal"* ]]
}

@test "a missing journal or a database that is not one is refused" {
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$W/none.db" "$W/h200.csv"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"none.db: no journal here"*"tp-journal init"* ]]
	[ ! -e "$W/none.db" ]
	sqlite3 "$W/ft.db" < "$FIX/freqtrade-tradesv3.sql"
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$W/ft.db" "$W/h200.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"not a tp journal"* ]]
	echo "not sqlite at all, just text" > "$W/text.db"
	run --separate-stderr "$TPJ" verify "$W/text.db"
	# "a file that is not a tp journal" (tp-journal(1) EXIT STATUS)
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"text.db: "*"file is not a database"* ]]
}

@test "add stores candles exactly as read, and the same input again adds nothing" {
	init
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h -v "$DB" "$W/h200.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"stored 200 records, 0 already there"* ]]
	[ "$(q 'SELECT count(*) FROM candles')" = 200 ]
	# Row 2 of the file: 1640998800000,46656.14,46949.99,46574.06,46778.14,943.81539
	[ "$(q 'SELECT open, high, low, close, volume FROM candles WHERE time = 1640998800000')" = \
	    "46656.14|46949.99|46574.06|46778.14|943.81539" ]
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h -v "$DB" "$W/h200.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"stored 0 records, 200 already there"* ]]
	# The same candles as NDJSON are the same records.
	"$TPF" import -f ndjson "$W/h200.csv" > "$W/h200.ndjson"
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h -v "$DB" "$W/h200.ndjson"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"stored 0 records, 200 already there"* ]]
	[ "$(q 'SELECT count(*) FROM audit')" = 200 ]
}

# The bug of issue 19: two markets' files without symbol fields overwrote
# each other.  eth-usdt-1h-head.csv: the first 5 Binance spot ETH/USDT 1h
# klines of 2022 (the project's shared data, binance_ETHUSDT_1h.csv, from
# finom/static-klines at 338eb785, raw /api/v3/klines rows), beside
# share/data's BTC/USDT ones.
@test "add keeps two markets apart when their file names tell them" {
	init
	head -6 "$H1" > "$W/binance_BTCUSDT_1h.csv"
	cp "$FIX/eth-usdt-1h-head.csv" "$W/binance_ETHUSDT_1h.csv"
	"$TPJ" add "$DB" "$W/binance_BTCUSDT_1h.csv" "$W/binance_ETHUSDT_1h.csv"
	[ "$(q "SELECT exchange, symbol, timeframe, count(*) FROM candles GROUP BY symbol ORDER BY symbol")" = \
	    $'binance|BTC/USDT|1h|5\nbinance|ETH/USDT|1h|5' ]
	[ "$(q "SELECT symbol, close FROM candles WHERE time = 1640995200000 ORDER BY symbol")" = \
	    $'BTC/USDT|46656.13\nETH/USDT|3723.04' ]
}

@test "a candle without its market (exchange, symbol, timeframe) is refused with what to add, and nothing is stored" {
	init
	head -6 "$H1" > "$W/btc.csv"
	cp "$FIX/eth-usdt-1h-head.csv" "$W/eth.csv"
	run --separate-stderr "$TPJ" add "$DB" "$W/btc.csv" "$W/eth.csv"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-journal: $W/btc.csv:2: a candle without exchange, symbol and timeframe: give them with --exchange/--symbol/--timeframe, a field, or a file name that tells it (binance_BTCUSDT_1h.csv), lest candles of different markets overwrite each other" ]
	[ "$(q 'SELECT count(*) FROM candles')" = 0 ]
	[ "$(q 'SELECT count(*) FROM audit')" = 0 ]
	# the second file alone: the first's candles are not half-stored
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/btc.csv"
	run --separate-stderr "$TPJ" add "$DB" "$W/eth.csv"
	[ "$status" -eq 65 ]
	[ "$(q 'SELECT count(*) FROM candles')" = 5 ]
}

@test "--symbol, --timeframe and --exchange give candles the market they lack" {
	init
	cp "$FIX/eth-usdt-1h-head.csv" "$W/eth.csv"
	"$TPJ" add --symbol ETH/USDT --timeframe 60m --exchange binance "$DB" "$W/eth.csv"
	[ "$(q "SELECT DISTINCT exchange, symbol, timeframe FROM candles")" = "binance|ETH/USDT|1h" ]
	run --separate-stderr "$TPJ" add --timeframe 1x "$DB" "$W/eth.csv"
	[ "$status" -eq 64 ]
	# a symbol the candle has is kept
	printf 'time,open,high,low,close,volume,symbol\n1704067200000,1,2,1,2,5,SOL/USDT\n' | "$TPJ" add -y ETH/USDT --exchange binance --timeframe 1h "$DB"
	[ "$(q "SELECT symbol FROM candles WHERE time = 1704067200000")" = "SOL/USDT" ]
}

@test "a changed record replaces its row and is audited; a repeat in one batch too" {
	init
	printf 'time,open,high,low,close,volume\n1000,1,2,0.5,1.5,10\n1000,1,2,0.5,1.6,10\n1000,1,2,0.5,1.6,10\n' |
	    "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB"
	[ "$(q 'SELECT close FROM candles')" = 1.6 ]
	[ "$(q 'SELECT count(*) FROM audit')" = 2 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "verify reads back a record with an escaped field name, and leaks nothing" {
	# The sanitizer build's leak checker fails the run on a leak (it lost
	# 256 bytes per such audit row); leaks.bats checks the plain build.
	init
	printf '{"time":1000,"open":1,"high":2,"low":0.5,"close":1.5,"volume":10,"x\\"y":1}\n' |
	    "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB"
	[ "$(q "SELECT record LIKE '%\"x\\\"y\":1%' FROM audit")" = 1 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

# A decoded text is shorter than its raw form; its column once kept the
# raw length, and with it the bytes that followed in the buffer.
@test "text with JSON escapes or CSV quotes is stored decoded, at its own length" {
	init
	printf '%s\n' '{"type":"order","client_order_id":"o\"1","time":1,"symbol":"X","side":"buy","reason":"a\nb"}' |
	    "$TPJ" add "$DB"
	# o"1 and a, newline, b in ASCII
	[ "$(q 'SELECT hex(client_order_id), hex(reason) FROM orders')" = "6F2231|610A62" ]
	printf 'time,symbol,open,high,low,close,volume\n1,"X,""Y""",1,1,1,1,1\n' |
	    "$TPJ" add --exchange binance --timeframe 1h "$DB"
	[ "$(q 'SELECT symbol FROM candles')" = 'X,"Y"' ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

# What the release before stored for a decision whose tag came from a
# quoted CSV cell: "a,b" and two more bytes (here 0xA3 and M).  The row
# and its audit row are made outside tp, the chain by tests/journal/chain.py.
@test "upgrading to version 5 cuts such texts back to their records', and the journal verifies" {
	cat "$TOP"/share/sql/00[1-4]-*.sql | sqlite3 "$DB"
	q 'PRAGMA user_version = 4'
	/usr/bin/python3 - "$DB" <<-'EOF'
	import hashlib, sqlite3, sys
	rec = '{"type":"decision","time":1,"symbol":"X","signal":"enter_long","tag":"a,b"}'
	db = sqlite3.connect(sys.argv[1])
	db.execute("INSERT INTO audit VALUES (1, 1000, 'decision', ?, ?)",
	           (rec, bytes(32)))
	db.execute("INSERT INTO decisions (exchange, symbol, timeframe, time, "
	           "signal, tag, audit_seq, digest) VALUES ('', 'X', '', 1, "
	           "'enter_long', CAST(? AS TEXT), 1, ?)", (b"a,b\xa3M",
	           hashlib.blake2b(rec.encode(), digest_size=32).digest()[:16]))
	db.commit()
	EOF
	python3 "$TOP/tests/journal/chain.py" "$DB" --rewrite 1 > /dev/null
	[ "$(q 'SELECT hex(tag) FROM decisions')" = 612C62A34D ]
	"$TPJ" init "$DB"
	[ "$(q 'SELECT tag FROM decisions')" = 'a,b' ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "a bad record aborts its batch with file:line and exit 65, the journal as before" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	before=$(q 'SELECT count(*), max(seq) FROM audit')
	# 49 good candles a century later, then a bad one on line 51.
	{ head -50 "$H1" | tail -49 | sed 's/^16/26/'
	  echo "2740999999000,1,2,0.5,abc,10"; } |
	    sed '1i time,open,high,low,close,volume' > "$W/bad.csv"
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/bad.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'bad.csv:51: field "close" is not a number'* ]]
	[ "$(q 'SELECT count(*), max(seq) FROM audit')" = "$before" ]
	[ "$(q 'SELECT count(*) FROM candles')" = 200 ]
	# Batches of 10: the 40 records of the four whole batches before it stay.
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --batch 10 "$DB" "$W/bad.csv"
	[ "$status" -eq 65 ]
	[ "$(q 'SELECT count(*) FROM candles')" = 240 ]
	# --skip-bad keeps the good ones.
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --skip-bad "$DB" "$W/bad.csv"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"warning: skipped 1 bad record"* ]]
	[ "$(q 'SELECT count(*) FROM candles')" = 249 ]
}

@test "bad input of every kind: clear error, journal unchanged" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	sum=$(q 'SELECT count(*), max(seq) FROM audit')
	hdr='time,open,high,low,close,volume'
	check() {	# check INPUT MESSAGE
		run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" <<< "$1"
		[ "$status" -eq 65 ] || { echo "rc $status: $1"; return 1; }
		[[ "$stderr" == *"$2"* ]] || { echo "$stderr"; return 1; }
		[ "$(q 'SELECT count(*), max(seq) FROM audit')" = "$sum" ]
	}
	check '{"time":1,"open":1,"high":1,"low":1,"close":1,"volume"' "stdin:1"
	check '{"time":1,"open":1,"high":1,"low":1,"close":NaN,"volume":1}' "stdin:1"
	check "$(printf '%s\n1,1,1,1,NaN,1' "$hdr")" 'field "close" is not a number'
	check '{"time":1,"open":1,"high":1,"low":1,"close":1e400,"volume":1}' "out of range"
	check '{"time":"yesterday","open":1,"high":1,"low":1,"close":1,"volume":1}' 'field "time" is not a time'
	check '{"time":1,"open":1,"high":1,"low":1,"volume":1}' 'field "close" is missing'
	check '{"type":"trade","pair":"X","open_rate":1,"amount":1}' 'trade record: field "open_date" is missing'
	check '{"type":"trade","open_date":1,"open_rate":"x","amount":1}' 'not a number'
	check '{"type":"account","time":1,"open_trades":1.5}' "not a whole number"
	check '{"type":"order","time":1,"symbol":"X","side":"buy"}' 'field "client_order_id" is missing'
	# a null type is a candle (tp(7)), and this one lacks its prices
	check '{"type":null,"time":1}' 'candle record: field "open" is missing'
	check '{"time":1,"open":{"x":1}}' "records are flat"
	# An empty input stores nothing and is no error.
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" < /dev/null
	[ "$status" -eq 0 ]
	[ "$(q 'SELECT count(*), max(seq) FROM audit')" = "$sum" ]
}

@test "huge fields are stored whole; a record over 16 MiB is refused" {
	init
	python3 -c 'print("{\"type\":\"note\",\"text\":\"" + "x" * 2000000 + "\"}")' > "$W/huge.ndjson"
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/huge.ndjson"
	# The record's canonical text: 25 bytes of JSON around the field.
	[ "$(q 'SELECT length(record) FROM other_records')" = 2000025 ]
	python3 -c 'print("{\"type\":\"note\",\"text\":\"" + "x" * 17000000 + "\"}")' > "$W/huge17.ndjson"
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/huge17.ndjson"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"huge17.ndjson:1: record longer than 16777216 bytes"* ]]
	[ "$(q 'SELECT count(*) FROM audit')" = 1 ]
}

@test "out-of-order times are stored as they come and verify" {
	init
	{ head -1 "$W/h200.csv"; tail -n +2 "$W/h200.csv" | tac; } > "$W/rev.csv"
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/rev.csv"
	[ "$(q 'SELECT min(time), max(time), count(*) FROM candles')" = \
	    "1640995200000|1641711600000|200" ]
	[ "$(q 'SELECT time FROM candles WHERE audit_seq = 1')" = 1641711600000 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "every kind goes to its table; unknown types are kept whole in other_records" {
	init
	cat > "$W/kinds.ndjson" <<-'EOF'
	{"time":1704067200000,"symbol":"BTC/USDT","open":1,"high":2,"low":0.5,"close":1.5,"volume":3,"cdlengulfing":100,"cdldoji":0,"regime":"range","signal":"enter_long","confidence":0.75,"tag":"oversold"}
	{"type":"decision","time":1704070800000,"symbol":"BTC/USDT","signal":"exit_long","confidence":1}
	{"type":"order","client_order_id":"o-1","time":"2024-01-01T01:00:00Z","symbol":"BTC/USDT","side":"buy","order_type":"limit","amount":0.1,"price":42000,"status":"new"}
	{"type":"fill","client_order_id":"o-1","fill_id":"f-1","time":1704070800500,"symbol":"BTC/USDT","side":"buy","price":41999.5,"amount":0.1,"fee":0.0001,"fee_currency":"BTC"}
	{"type":"trade","pair":"BTC/USDT","is_short":false,"open_date":1704070800500,"open_rate":41999.5,"amount":0.1}
	{"type":"account","time":1704070800000,"balance":1000,"equity":1001.5,"open_trades":1}
	{"type":"event","time":1704067200000,"symbol":"BTC/USDT","event":"volume_spike","severity":"high","ratio":2.5}
	{"type":"summary","strategy":"s","start":1,"end":2,"trades":0,"combo":3,"stoploss":-0.05}
	{"type":"check","symbol":"BTC/USDT","rows":2,"ok":true}
	EOF
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/kinds.ndjson"
	[ "$(q 'SELECT count(*) FROM candles')" = 1 ]
	[ "$(q 'SELECT time, signal, confidence, tag FROM decisions ORDER BY time')" = \
	    "$(printf '1704067200000|enter_long|0.75|oversold\n1704070800000|exit_long|1.0|')" ]
	[ "$(q 'SELECT time, price, status FROM orders')" = "1704070800000|42000.0|new" ]
	[ "$(q 'SELECT fill_id, price FROM fills')" = "f-1|41999.5" ]
	[ "$(q 'SELECT pair FROM open_trades')" = "BTC/USDT" ]
	[ "$(q 'SELECT equity, open_trades FROM account_snapshots')" = "1001.5|1" ]
	[ "$(q 'SELECT event, severity FROM events')" = "volume_spike|high" ]
	[ "$(q 'SELECT pattern, value, regime FROM patterns')" = "cdlengulfing|100|range" ]
	[ "$(q 'SELECT strategy, parameters FROM backtest_runs')" = 's|{"combo":3,"stoploss":-0.05}' ]
	[ "$(q 'SELECT type, record FROM other_records')" = \
	    'check|{"type":"check","symbol":"BTC/USDT","rows":2,"ok":true}' ]
	[ "$(q 'SELECT kind FROM audit ORDER BY seq' | tr '\n' ' ')" = \
	    "candle decision order fill trade account event summary other " ]
}

@test "a summary's period_start and period_end fill backtest_start and backtest_end; the names of the release before too" {
	init
	cat > "$W/sums.ndjson" <<-'EOF'
	{"type":"summary","strategy":"new","period_start":1,"period_end":2,"trades":0,"exit_signal":0,"combo":0,"roi_0":0.01}
	{"type":"summary","strategy":"old","start":3,"end":4,"trades":0,"exit_exit_signal":0,"combo":0,"roi.0":0.01}
	EOF
	"$TPJ" add "$DB" "$W/sums.ndjson"
	# the old names read as the new: the same columns, the same parameters
	[ "$(q 'SELECT strategy, backtest_start, backtest_end, parameters FROM backtest_runs ORDER BY strategy')" = \
	    "$(printf '%s\n' 'new|1|2|{"combo":0,"roi_0":0.01}' 'old|3|4|{"combo":0,"roi_0":0.01}')" ]
	# and SQL reads the parameter with no quoting
	[ "$(q "SELECT json_extract(parameters, '\$.roi_0') FROM backtest_runs WHERE strategy = 'old'")" = 0.01 ]
}

@test "--tee passes the records on unchanged" {
	init
	awk '{ print $0 "," (NR == 1 ? "exchange,symbol,timeframe" : "binance,BTC/USDT,1h") }' "$W/h200.csv" > "$W/hs.csv"
	run --separate-stderr "$TPJ" add --tee "$DB" "$W/hs.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$W/hs.csv")" ]
	"$TPF" import -f ndjson "$W/hs.csv" > "$W/hs.ndjson"
	set -o pipefail	# each program of the pipe exits 0
	"$TPF" import -f ndjson "$W/hs.csv" | "$TPJ" add -t "$DB" > "$W/out.ndjson"
	cmp "$W/out.ndjson" "$W/hs.ndjson"
	# a candle given its symbol by --symbol is passed on with it
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --tee "$DB" "$W/h200.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat "$W/hs.csv")" ]
}

@test "--tee into a reader that goes away still stores everything" {
	init
	zcat "$DATA/binance_BTCUSDT_1m.csv.gz" | head -20001 > "$W/m20k.csv"
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --tee "$DB" "$W/m20k.csv" | head -1 > /dev/null
	[ "${PIPESTATUS[0]}" -eq 0 ]
	[ "$(q 'SELECT count(*) FROM candles')" = 20000 ]
}

@test "verify: the chain matches Python's BLAKE2b; every edit, delete and insert is named" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	head=$(python3 "$TOP/tests/journal/chain.py" "$DB")
	run --separate-stderr "$TPJ" verify -f ndjson "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"records":200,"rows":200'*"\"head\":\"$head\""* ]]
	tamper() {	# tamper SQL MESSAGE
		cp "$DB" "$W/t.db"
		sqlite3 "$W/t.db" "$1"
		run --separate-stderr "$TPJ" verify "$W/t.db"
		[ "$status" -eq 65 ] || { echo "not caught: $1"; return 1; }
		[[ "$stderr" == *"$2"* ]] || { echo "$1: $stderr"; return 1; }
	}
	tamper "UPDATE candles SET close = 1 WHERE time = 1640998800000" \
	    'time=1640998800000) was changed: column close is not what audit row 2 stored'
	tamper "DELETE FROM candles WHERE time = 1641002400000" \
	    'time=1641002400000) was deleted: audit row 3 stored it'
	tamper "INSERT INTO candles VALUES ('', '', '', 5, 1, 1, 1, 1, 1, 9999, x'00')" \
	    'candles (exchange="", symbol="", timeframe="", time=5) was inserted out of band: audit row 9999'
	# A row that names a real audit row, which made another row.
	tamper "INSERT INTO candles VALUES ('', 'X', '', 5, 1, 1, 1, 1, 1, 7, x'00')" \
	    'candles (exchange="", symbol="X", timeframe="", time=5) was inserted out of band: audit row 7'
	tamper "INSERT INTO other_records VALUES (x'0102', 'check', '{}', 7)" \
	    'other_records (type="check") was inserted out of band'
	tamper "UPDATE audit SET record = replace(record, '46656.14', '46656.15') WHERE seq = 2" \
	    'audit row 2 was changed'
	tamper "DELETE FROM audit WHERE seq = 5" 'audit row 5 was deleted'
	tamper "INSERT INTO audit VALUES (201, 0, 'candle', '{}', x'00')" \
	    'audit row 201 was changed'
	tamper "UPDATE audit SET at = at + 1 WHERE seq = 100" 'audit row 100 was changed'
}

@test "seal: a rewritten chain passes the hashes but not the seal" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	run --separate-stderr "$TPJ" keygen "$W/seal.key"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"set TP_PASSPHRASE"* ]]
	export TP_PASSPHRASE="correct horse battery staple"
	"$TPJ" keygen "$W/seal.key" > "$W/seal.pub"
	[ "$(stat -c %a "$W/seal.key")" = 600 ]
	[[ "$(cat "$W/seal.key")" == "tp-secret 1 "* ]]
	run --separate-stderr "$TPJ" keygen "$W/seal.key"
	[ "$status" -eq 78 ]
	TP_PASSPHRASE=wrong run --separate-stderr "$TPJ" seal --key "$W/seal.key" "$DB"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"wrong passphrase"* ]]
	run --separate-stderr "$TPJ" seal "$DB"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPJ" seal "$DB" --key "$W/seal.key"
	[ "$status" -eq 0 ]
	[[ "$output" == '{"type":"seal","seq":200,'*"\"public_key\":\"$(cat "$W/seal.pub")\"}" ]]
	run --separate-stderr "$TPJ" verify --public-key "$W/seal.pub" "$DB"
	[ "$status" -eq 0 ]
	run --separate-stderr "$TPJ" verify --public-key "$(cat "$W/seal.pub")" "$DB"
	[ "$status" -eq 0 ]
	# Another key's public half: no seal of ours.
	"$TPJ" keygen "$W/other.key" > "$W/other.pub"
	run --separate-stderr "$TPJ" verify --public-key "$W/other.pub" "$DB"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"no seal was made with that public key"* ]]
	# An attacker who changes row 50 and recomputes every hash after
	# it: the chain and the rows hold, only the seal shows it.
	cp "$DB" "$W/sealed.db"
	python3 "$TOP/tests/journal/chain.py" "$W/sealed.db" --rewrite 50
	run --separate-stderr "$TPJ" verify --public-key "$W/seal.pub" "$W/sealed.db"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"audit row 200 is not the row that was sealed"* ]]
	sqlite3 "$W/sealed.db" 'DELETE FROM seals'
	run --separate-stderr "$TPJ" verify "$W/sealed.db"
	[ "$status" -eq 0 ]
	# A key file others can read is refused.
	chmod 644 "$W/seal.key"
	run --separate-stderr "$TPJ" seal --key "$W/seal.key" "$DB"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"chmod 600"* ]]
}

# A backtest of the sample strategy over the sample data: its trades,
# equity and summary, for the report tests.
backtest() {
	local -
	set -o pipefail	# each program of the pipe exits 0
	S=$TOP/share/strategies/rsi_reversion.json
	"$BIN/tp-ind" rsi:14 ema:200 < "$H1" | "$BIN/tp-predict" -s "$S" |
	    "$TPB" -s "$S" -f ndjson -t "$W/trades.ndjson" -e "$W/equity.ndjson" \
	    > "$W/summary.ndjson"
}

@test "report: the journal of a backtest gives back tp-backtest's own summary" {
	backtest
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$H1" "$W/trades.ndjson" "$W/equity.ndjson"
	"$TPJ" report -f ndjson "$DB" > "$W/report.ndjson"
	# Field for field: the strategy's name comes with the trades.  The
	# signals no trade took are the backtest's alone: the journal keeps
	# trades, not the signals the wallet refused (null there).
	jq -e '.rejected_signals == null' "$W/report.ndjson"
	diff <(jq -c 'del(.rejected_signals)' "$W/report.ndjson") \
	    <(jq -c 'del(.rejected_signals)' "$W/summary.ndjson")
}

@test "report: --since and --symbol choose the trades; listings are record streams" {
	backtest
	init
	cat "$W/trades.ndjson" "$W/equity.ndjson" | "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB"
	n=$(wc -l < "$W/trades.ndjson")
	run --separate-stderr "$TPJ" report -f ndjson "$DB" trades
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq "$n" ]
	[[ "${lines[0]}" == '{"type":"trade","pair":null,"is_short":false,'*'"strategy":"rsi_reversion","exchange":null}' ]]
	# Trades closed from 2025 on, counted by awk from tp-backtest's own output.
	since=1735689600000
	want=$(awk -F'"close_date":' '{split($2, a, ","); if (a[1] >= 1735689600000) n++} END {print n}' "$W/trades.ndjson")
	run --separate-stderr "$TPJ" report -f ndjson --since 2025-01-01 "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *"\"trades\":$want,"* ]]
	run --separate-stderr "$TPJ" report -f ndjson --symbol ETH/USDT "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"trades":0,'* ]]
	run --separate-stderr "$TPJ" report "$DB" equity
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq $(($(wc -l < "$W/equity.ndjson") + 1)) ]
	[ "${lines[0]}" = "type,time,equity,balance,open_trades,drawdown,margin,account" ]
	run --separate-stderr "$TPJ" report "$DB" nonsense
	[ "$status" -eq 64 ]
}

@test "report --symbol of a symbol with no trades says so, with no 1970 period" {
	backtest
	init
	# trades only: no account snapshot gives the period either
	"$TPJ" add "$DB" "$W/trades.ndjson"
	run --separate-stderr "$TPJ" report -f ndjson --symbol UNKNOWN "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == '{"type":"summary","strategy":null,"period_start":null,"period_end":null,'*'"trades":0,'* ]]
	[ "$stderr" = "tp-journal: warning: $DB: no closed trades of \"UNKNOWN\"" ]
	# CSV: empty fields, not 0 (1970-01-01T00:00:00Z)
	run --separate-stderr "$TPJ" report --symbol UNKNOWN "$DB"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "${lines[1]}" | cut -d, -f1-4)" = "summary,,," ]
	# the trades' own report is untouched, and quiet
	run --separate-stderr "$TPJ" report -f ndjson "$DB"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"period_start":1'*'"trades":'[1-9]* ]]
	[ -z "$stderr" ]
}

@test "the README's journal example fills win_rate_by_pattern" {
	# the README's commands, on the bundled daily candles
	grep -q -F 'tp-ind -f ndjson --strategy $s events regime cdlengulfing cdlhammer' \
		"$TOP/README.md"
	s=$TOP/share/strategies/rsi_reversion.json
	init
	set -o pipefail	# each program of the pipe exits 0
	"$BIN/tp-ind" -f ndjson --strategy "$s" events regime cdlengulfing cdlhammer \
		< "$DATA/binance_BTCUSDT_1d.csv" | "$BIN/tp-predict" -s "$s" |
		"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --tee "$DB" > /dev/null
	# a row per pattern and regime, each with outcomes counted
	[ "$(q 'SELECT count(*) FROM win_rate_by_pattern WHERE n > 0')" -ge 4 ]
	[ "$(q "SELECT count(DISTINCT pattern) FROM win_rate_by_pattern")" = 2 ]
}

@test "report: events and decisions from a tp-ind and tp-predict pipeline" {
	init
	S=$TOP/share/strategies/rsi_reversion.json
	set -o pipefail	# each program of the pipe exits 0
	"$BIN/tp-ind" -f ndjson rsi:14 ema:200 events < "$H1" |
	    "$BIN/tp-predict" -s "$S" | "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h -t "$DB" > "$W/stream.ndjson"
	nsig=$(grep -c '"signal":"' "$W/stream.ndjson")
	nev=$(grep -c '"type":"event"' "$W/stream.ndjson")
	[ "$nsig" -gt 0 ] && [ "$nev" -gt 0 ]
	run --separate-stderr "$TPJ" report "$DB" decisions
	[ "$status" -eq 0 ]
	[ "$((${#lines[@]} - 1))" -eq "$nsig" ]
	[ "${lines[0]}" = "type,time,symbol,timeframe,exchange,signal,confidence,tag,close,model_version" ]
	run --separate-stderr "$TPJ" report -f ndjson "$DB" events
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq "$nev" ]
	[[ "${lines[0]}" == '{"type":"event","time":'* ]]
}

@test "metrics: Prometheus text that promtool accepts, with the journal's figures" {
	command -v promtool >/dev/null || skip "promtool (Debian package prometheus) is not installed"
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	sqlite3 "$W/ft.sqlite" < "$FIX/freqtrade-tradesv3.sql"
	"$TPJ" import-freqtrade "$W/ft.sqlite" "$DB"
	"$TPJ" metrics "$DB" > "$W/m.prom"
	promtool check metrics < "$W/m.prom"
	grep -qx 'tp_open_trades 1' "$W/m.prom"
	grep -qx 'tp_trades_closed_total{result="win"} 1' "$W/m.prom"
	grep -qx 'tp_trades_closed_total{result="loss"} 1' "$W/m.prom"
	# 3.8962 - 2.1012, the two closed trades' close_profit_abs.
	grep -qx 'tp_profit_closed 1.795' "$W/m.prom"
	grep -q '^tp_last_candle_age_seconds{exchange="binance",symbol="BTC/USDT",timeframe="1h"} ' "$W/m.prom"
	"$TPJ" metrics -o "$W/tp.prom" "$DB"
	promtool check metrics < "$W/tp.prom"
	[ ! -e "$W/tp.prom.tmp"* ]
}

@test "the Grafana dashboard is JSON and asks only for metrics tp-journal writes" {
	f=$TOP/share/grafana/tp-journal.json
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$f"
	init
	"$TPJ" metrics "$DB" > "$W/m.prom"
	for m in $(grep -o 'tp_[a-z_]*' "$f" | sort -u); do
		grep -q "^# TYPE $m " "$W/m.prom" || { echo "no metric $m"; return 1; }
	done
}

@test "export: tables and views as CSV or NDJSON; unknown tables refused" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	run --separate-stderr "$TPJ" export "$DB" candles
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "exchange,symbol,timeframe,time,open,high,low,close,volume,audit_seq,digest" ]
	[ "${#lines[@]}" -eq 201 ]
	run --separate-stderr "$TPJ" export -f ndjson "$DB" latest_candles
	[ "$status" -eq 0 ]
	[ "$output" = '{"exchange":"binance","symbol":"BTC/USDT","timeframe":"1h","time":1641711600000,"n":200}' ]
	run --separate-stderr "$TPJ" export "$DB" 'candles; DROP TABLE audit'
	[ "$status" -eq 64 ]
	[ "$(q 'SELECT count(*) FROM audit')" = 200 ]
}

@test "backup: a consistent copy, taken while another process writes" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	zcat "$DATA/binance_BTCUSDT_1m.csv.gz" | head -50001 > "$W/m50k.csv"
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --batch 1000 "$DB" "$W/m50k.csv" &
	writer=$!
	"$TPJ" backup "$DB" "$W/copy.db"
	wait $writer
	run --separate-stderr "$TPJ" verify "$W/copy.db"
	[ "$status" -eq 0 ]
	n=$(sqlite3 "$W/copy.db" 'SELECT count(*) FROM candles')
	[ "$n" -ge 200 ] && [ $(((n - 200) % 1000)) -eq 0 ] || [ "$n" -eq 50200 ]
	[ ! -e "$W/copy.db-wal" ]
}

@test "import-freqtrade brings trades, orders and fills, once" {
	init
	sqlite3 "$W/ft.sqlite" < "$FIX/freqtrade-tradesv3.sql"
	run --separate-stderr "$TPJ" import-freqtrade -v "$W/ft.sqlite" "$DB"
	[ "$status" -eq 0 ]
	# 3 trades, 6 orders, 5 of them with a filled amount.
	[[ "$stderr" == *"stored 14 records"* ]]
	# Trade 1 of the fixture; 2024-01-01 10:00:00 UTC is 1704103200000.
	[ "$(q "SELECT strategy, open_date, close_date, profit_abs, exit_reason FROM trades WHERE pair = 'BTC/USDT' AND close_date IS NOT NULL")" = \
	    "SampleStrategy|1704103200000|1704119400500|3.8962|roi" ]
	[ "$(q "SELECT is_short, leverage, liquidation_price FROM trades WHERE pair = 'ETH/USDT'")" = "1|2.0|3400.5" ]
	[ "$(q 'SELECT count(*) FROM orders')" = 6 ]
	[ "$(q "SELECT price FROM fills WHERE client_order_id = 'B-2002'")" = 2346.0 ]
	[ "$(q "SELECT status FROM orders WHERE client_order_id = 'B-3002'")" = open ]
	run --separate-stderr "$TPJ" import-freqtrade -v "$W/ft.sqlite" "$DB"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"stored 0 records, 14 already there"* ]]
	run --separate-stderr "$TPJ" import-freqtrade "$W/none.sqlite" "$DB"
	[ "$status" -eq 66 ]
	run --separate-stderr "$TPJ" import-freqtrade "$W/h200.csv" "$DB"
	[ "$status" -eq 65 ]
}

@test "kill -9 in the middle of ingests: whole batches only, then a clean re-run" {
	init
	zcat "$DATA/binance_BTCUSDT_1m.csv.gz" | head -100001 > "$W/m100k.csv"
	for i in 1 2 3 4 5 6; do
		"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --batch 1000 "$DB" "$W/m100k.csv" &
		pid=$!
		sleep "0.$((RANDOM % 6 + 1))"
		kill -9 $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		[ "$(q 'PRAGMA integrity_check')" = ok ]
		n=$(q 'SELECT count(*) FROM candles')
		[ $((n % 1000)) -eq 0 ] || { echo "partial batch: $n"; return 1; }
		[ "$(q 'SELECT count(*) FROM audit')" = "$n" ]
	done
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --batch 1000 "$DB" "$W/m100k.csv"
	[ "$(q 'SELECT count(*) FROM candles')" = 100000 ]
	[ "$(q 'SELECT count(*) FROM audit')" = 100000 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "four concurrent writers with overlapping inputs: none fails, none is lost" {
	init
	zcat "$DATA/binance_BTCUSDT_1m.csv.gz" | head -20001 > "$W/m20k.csv"
	for k in 0 1 2 3; do
		{ head -1 "$W/m20k.csv"; tail -n +2 "$W/m20k.csv" |
		    sed -n "$((k * 4000 + 1)),$((k * 4000 + 8000))p"; } > "$W/part$k.csv"
	done
	pids=""
	for k in 0 1 2 3; do
		"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --batch 500 "$DB" "$W/part$k.csv" 2> "$W/err$k" &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || { cat "$W"/err*; return 1; }
	done
	refute grep -q locked "$W"/err*
	[ "$(q 'SELECT count(*) FROM candles')" = 20000 ]
	[ "$(q 'SELECT count(*) FROM audit')" = 20000 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "a writer that cannot get the lock in time exits 75 and changes nothing" {
	init
	# Python holds the write lock until told to let go (or 30 s pass).
	python3 -c '
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(3000):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.01)
db.execute("ROLLBACK")' "$DB" "$W/locked" "$W/release" &
	holder=$!
	for _ in $(seq 1000); do
		[ -e "$W/locked" ] && break
		sleep 0.01
	done
	run --separate-stderr "$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h --busy-timeout 200 "$DB" "$W/h200.csv"
	touch "$W/release"
	wait $holder
	[ "$status" -eq 75 ]
	[[ "$stderr" == *"try again later"* ]]
	[ "$(q 'SELECT count(*) FROM candles')" = 0 ]
}

@test "add --tee passes records on while a pipe's input is still open" {
	"$BIN/tp-journal" init "$BATS_TEST_TMPDIR/live.db"
	printf '{"time":%d,"exchange":"binance","symbol":"BTC/USDT","timeframe":"1m","open":1,"high":1,"low":1,"close":1,"volume":1}\n' 1 2 3 > "$BATS_TEST_TMPDIR/c.ndjson"
	tp_streams 2 "$BATS_TEST_TMPDIR/c.ndjson" 2 "$BIN/tp-journal" add --tee "$BATS_TEST_TMPDIR/live.db"
}

@test "add commits what a pipe gave when it pauses: the journal is readable and writable before the input ends" {
	# A long-running pipeline (tp-fetch --follow ... | tp-exec --db J |
	# tp-journal add J) pauses between candles; a transaction held open
	# over the pause would hide the candles and lock out the next writer.
	init
	mkfifo "$W/in"
	"$TPJ" add "$DB" < "$W/in" &
	pid=$!
	exec {w}> "$W/in"
	printf '{"time":1000,"exchange":"binance","symbol":"BTC/USDT","timeframe":"1h","open":1,"high":1,"low":1,"close":1,"volume":1}\n' >&"$w"
	n=0
	for i in $(seq 100); do
		n=$(q 'SELECT count(*) FROM candles')
		[ "$n" = 1 ] && break
		sleep 0.1
	done
	# another writer gets the lock while the input is still open
	run --separate-stderr "$TPJ" add -y ETH/USDT --exchange binance --timeframe 1h --busy-timeout 2000 "$DB" "$W/h200.csv"
	printf '{"time":2000,"exchange":"binance","symbol":"BTC/USDT","timeframe":"1h","open":1,"high":1,"low":1,"close":1,"volume":1}\n' >&"$w"
	exec {w}>&-
	wait "$pid"
	[ "$n" = 1 ]
	[ "$status" -eq 0 ]
	[ "$(q "SELECT count(*) FROM candles WHERE symbol = 'BTC/USDT'")" = 2 ]
	[ "$(q "SELECT count(*) FROM candles WHERE symbol = 'ETH/USDT'")" = 200 ]
	"$TPJ" verify "$DB"
}

@test "a null type is a candle (tp(7)), with the candle's market rules" {
	init
	printf '{"type":null,"time":1000,"exchange":"binance","symbol":"BTC/USDT","timeframe":"1h","open":1,"high":2,"low":1,"close":2,"volume":5}\n' |
		"$TPJ" add "$DB"
	[ "$(q 'SELECT symbol, close FROM candles')" = "BTC/USDT|2.0" ]
	run --separate-stderr "$TPJ" add "$DB" <<< '{"type":null,"time":2000,"open":1,"high":2,"low":1,"close":2,"volume":5}'
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"a candle without exchange, symbol and timeframe"* ]]
}

@test "files replaced whole (metrics -o, backup): random exclusive temp name, the target's mode kept, a new backup 0600" {
	init
	"$TPJ" add -y BTC/USDT --exchange binance --timeframe 1h "$DB" "$W/h200.csv"
	# The old temp name was OUT.tmpPID, opened without O_EXCL: a link
	# planted there (the PID of an exec'd shell is the program's) made
	# tp-journal write through it.  Now the link and its target stay.
	echo precious > "$W/victim"
	bash -c 'ln -s "$1" "$2.tmp$$"; exec "$3" metrics -o "$2" "$4"' _ \
		"$W/victim" "$W/m.prom" "$TPJ" "$DB"
	[ "$(cat "$W/victim")" = precious ]
	grep -q '^tp_journal_' "$W/m.prom"
	bash -c 'ln -s "$1" "$2.tmp$$"; exec "$3" backup "$4" "$2"' _ \
		"$W/victim" "$W/b.db" "$TPJ" "$DB"
	[ "$(cat "$W/victim")" = precious ]
	# a 0600 journal's new backup is 0600 whatever the umask
	chmod 600 "$DB"
	rm -f "$W/b.db"
	(umask 022; "$TPJ" backup "$DB" "$W/b.db")
	[ "$(stat -c %a "$W/b.db")" = 600 ]
	[ "$(sqlite3 "$W/b.db" 'SELECT count(*) FROM candles')" = 200 ]
	# a file replaced keeps its mode
	chmod 640 "$W/b.db" "$W/m.prom"
	"$TPJ" backup "$DB" "$W/b.db"
	"$TPJ" metrics -o "$W/m.prom" "$DB"
	[ "$(stat -c %a "$W/b.db")" = 640 ]
	[ "$(stat -c %a "$W/m.prom")" = 640 ]
	# a new metrics file: 0666 less the umask, as any output file
	(umask 027; "$TPJ" metrics -o "$W/new.prom" "$DB")
	[ "$(stat -c %a "$W/new.prom")" = 640 ]
	# nothing left beside them
	[ -z "$(find "$W" -name "*.tmp-*")" ]
}

@test "export quotes a table's name: a name holding a double quote is exported, not spliced into the SQL" {
	init
	# a user's own table in the journal, named with a quote (SQLite's
	# "" escape: lang_keywords.html)
	sqlite3 "$DB" 'CREATE TABLE "my""notes" (x); INSERT INTO "my""notes" VALUES (42);
		CREATE VIEW "v"" UNION SELECT sqlite_version() --" AS SELECT 7 AS x'
	run --separate-stderr "$TPJ" export -f ndjson "$DB" 'my"notes'
	[ "$status" -eq 0 ]
	[ "$output" = '{"x":42}' ]
	run --separate-stderr "$TPJ" export -f ndjson "$DB" 'v" UNION SELECT sqlite_version() --'
	[ "$status" -eq 0 ]
	[ "$output" = '{"x":7}' ]
}
