-- tp journal schema, version 6: live accounts (tp-exec --live, tp-exec(1)
-- LIVE TRADING).
--
-- A strategy's account in a journal trades on paper or on one live
-- account, never both: paper_accounts.live names the live account (NULL:
-- paper), so that tp-risk sizes orders on the same engine state tp-exec
-- works, and a paper run cannot move a live account's book.
ALTER TABLE paper_accounts ADD COLUMN live TEXT;

-- Each order tp-exec sent to an exchange, by tp's client order id, with
-- what the exchange last said of it.  Working state, like
-- paper_accounts: the fills it led to are in the audited fills table.
CREATE TABLE live_orders (
	client_id   TEXT PRIMARY KEY,
	account     TEXT NOT NULL,     -- the key store's name
	strategy    TEXT NOT NULL,
	symbol      TEXT NOT NULL,     -- tp's spelling, BTC/USDT
	purpose     TEXT NOT NULL,     -- entry, add, exit, stop, close
	side        TEXT NOT NULL,     -- buy, sell
	type        TEXT NOT NULL,     -- market, limit, stop
	qty         REAL NOT NULL,
	stop        REAL,
	time        INTEGER NOT NULL,  -- the candle the order belongs to
	state       TEXT NOT NULL,     -- unknown, new, partial, filled,
	                               -- canceled, rejected, expired
	order_id    TEXT,              -- the exchange's
	filled      REAL NOT NULL DEFAULT 0,
	avg_price   REAL,
	fee         REAL,
	fee_asset   TEXT,
	booked      REAL NOT NULL DEFAULT 0,  -- quantity written as fills
	exchange_time INTEGER,         -- the exchange's, of its last change
	placed      INTEGER NOT NULL,  -- Unix ms
	updated     INTEGER NOT NULL
);
CREATE INDEX live_orders_open ON live_orders (account, state);

-- Trading rules of the exchanges' symbols, kept a day
-- (exchangeInfo, instruments-info).
CREATE TABLE live_markets (
	exchange    TEXT NOT NULL,
	market      TEXT NOT NULL,     -- spot, futures
	symbol      TEXT NOT NULL,     -- the exchange's, BTCUSDT
	rules       TEXT NOT NULL,     -- JSON
	fetched     INTEGER NOT NULL,  -- Unix ms
	PRIMARY KEY (exchange, market, symbol)
);

-- Symbols whose new entries wait for tp-exec reconcile: the exchange
-- has an order or a position there that the journal does not.
CREATE TABLE live_blocks (
	account     TEXT NOT NULL,
	symbol      TEXT NOT NULL,     -- tp's spelling
	time        INTEGER NOT NULL,
	reason      TEXT NOT NULL,
	PRIMARY KEY (account, symbol)
);
