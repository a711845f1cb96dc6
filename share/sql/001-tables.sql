-- tp-journal schema version 1: the tables.  See tp-journal(1).
--
-- Every row of a record table was made from one ingested record, whose
-- canonical text is kept in audit; audit_seq names it and digest, the
-- first 16 bytes of the record's BLAKE2b-256, is how a repeated record is
-- told from a changed one.  Times are Unix milliseconds, UTC.
-- audit_seq is not declared a foreign key: rows are written before their
-- audit row (only then is it known whether anything changed), and a
-- deferred key would make SQLite scan each table on every audit insert.
-- tp-journal verify checks it instead.

-- The hash chain: one row per stored record, in ingest order.
-- hash = BLAKE2b-256(prev || seq || at || kind || 0x00 ||
-- BLAKE2b-256(record)), seq and at as 8-byte little-endian integers,
-- prev the hash of row seq - 1 (32 zero bytes for row 1), which is not
-- stored twice: a row is about 300 bytes and ingest speed follows size.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	kind TEXT NOT NULL,
	record TEXT NOT NULL,
	hash BLOB NOT NULL
);

-- Ed25519 signatures of a chain head (tp-journal seal).
CREATE TABLE seals (
	seq INTEGER NOT NULL REFERENCES audit (seq),
	hash BLOB NOT NULL,
	at INTEGER NOT NULL,
	public_key BLOB NOT NULL,
	signature BLOB NOT NULL,
	PRIMARY KEY (seq, public_key)
);

-- Market data cache.
CREATE TABLE candles (
	exchange TEXT NOT NULL,
	symbol TEXT NOT NULL,
	timeframe TEXT NOT NULL,
	time INTEGER NOT NULL,
	open REAL NOT NULL,
	high REAL NOT NULL,
	low REAL NOT NULL,
	close REAL NOT NULL,
	volume REAL NOT NULL,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (exchange, symbol, timeframe, time)
) WITHOUT ROWID;

-- The decision log: what was decided, how sure, and which rules or
-- models voted for it (tag); audit keeps the whole record with the
-- indicator values the rules saw.
CREATE TABLE decisions (
	exchange TEXT NOT NULL,
	symbol TEXT NOT NULL,
	timeframe TEXT NOT NULL,
	time INTEGER NOT NULL,
	signal TEXT NOT NULL,
	confidence REAL,
	tag TEXT,
	close REAL,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (exchange, symbol, timeframe, time)
) WITHOUT ROWID;
CREATE INDEX decisions_time ON decisions (time);

CREATE TABLE orders (
	client_order_id TEXT NOT NULL PRIMARY KEY,
	time INTEGER NOT NULL,
	exchange TEXT,
	symbol TEXT NOT NULL,
	side TEXT NOT NULL,
	order_type TEXT,
	amount REAL,
	price REAL,
	stop_price REAL,
	status TEXT,
	reason TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL
);

CREATE TABLE fills (
	client_order_id TEXT NOT NULL,
	fill_id TEXT NOT NULL,
	time INTEGER NOT NULL,
	exchange TEXT,
	symbol TEXT NOT NULL,
	side TEXT,
	price REAL NOT NULL,
	amount REAL NOT NULL,
	fee REAL,
	fee_currency TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (client_order_id, fill_id, time)
);

-- Trades under freqtrade's field names; an open trade has no close_date.
CREATE TABLE trades (
	strategy TEXT NOT NULL,
	pair TEXT NOT NULL,
	is_short INTEGER NOT NULL,
	open_date INTEGER NOT NULL,
	close_date INTEGER,
	open_rate REAL NOT NULL,
	close_rate REAL,
	amount REAL NOT NULL,
	stake_amount REAL,
	leverage REAL,
	fee_open REAL,
	fee_close REAL,
	profit_ratio REAL,
	profit_abs REAL,
	exit_reason TEXT,
	enter_tag TEXT,
	stop_loss REAL,
	liquidation_price REAL,
	max_rate REAL,
	min_rate REAL,
	exchange TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (strategy, pair, is_short, open_date)
);
CREATE INDEX trades_close ON trades (close_date);

CREATE TABLE account_snapshots (
	account TEXT NOT NULL,
	time INTEGER NOT NULL,
	balance REAL,
	equity REAL,
	margin REAL,
	open_trades INTEGER,
	drawdown REAL,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (account, time)
);

CREATE TABLE events (
	symbol TEXT NOT NULL,
	time INTEGER NOT NULL,
	event TEXT NOT NULL,
	severity TEXT,
	ratio REAL,
	exchange TEXT,
	timeframe TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (symbol, time, event)
);
CREATE INDEX events_time ON events (time);

-- Candlestick patterns that fired (a cdl* field not 0), with the market
-- regime of their candle when the record had one.
CREATE TABLE patterns (
	exchange TEXT NOT NULL,
	symbol TEXT NOT NULL,
	timeframe TEXT NOT NULL,
	time INTEGER NOT NULL,
	pattern TEXT NOT NULL,
	value INTEGER NOT NULL,
	close REAL NOT NULL,
	regime TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (exchange, symbol, timeframe, time, pattern)
) WITHOUT ROWID;

-- One tp-backtest summary record per row; parameters holds the record's
-- other fields (a sweep's combination) as a JSON object.
CREATE TABLE backtest_runs (
	digest BLOB NOT NULL PRIMARY KEY,
	strategy TEXT,
	backtest_start INTEGER,
	backtest_end INTEGER,
	trades INTEGER,
	wins INTEGER,
	draws INTEGER,
	losses INTEGER,
	winrate REAL,
	starting_balance REAL,
	final_balance REAL,
	profit_total REAL,
	profit_total_abs REAL,
	max_drawdown_account REAL,
	cagr REAL,
	sharpe REAL,
	sortino REAL,
	calmar REAL,
	sqn REAL,
	profit_factor REAL,
	parameters TEXT,
	audit_seq INTEGER NOT NULL
);

-- Records of any other type, kept whole.
CREATE TABLE other_records (
	digest BLOB NOT NULL PRIMARY KEY,
	type TEXT NOT NULL,
	record TEXT NOT NULL,
	audit_seq INTEGER NOT NULL
);
