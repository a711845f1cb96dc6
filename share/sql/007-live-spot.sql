-- tp journal schema, version 7: what a spot account holds beyond the
-- strategy's positions (tp-exec(1) RECONCILE), and Kraken's nonces.
--
-- A spot account's position is its balance of the base asset, and the
-- account may hold some that tp did not buy.  Reconcile compares the
-- balance less this with the engine's position.  It is set at the
-- account's first live run on the asset (what it holds then is left
-- alone), takes in the dust a sale leaves under the lot step, and
-- what tp-exec reconcile --ignore leaves as it is.
CREATE TABLE live_held (
	account     TEXT NOT NULL,
	asset       TEXT NOT NULL,     -- the exchange's, BTC
	qty         REAL NOT NULL,
	time        INTEGER NOT NULL,  -- Unix ms, of its last change
	PRIMARY KEY (account, asset)
);

-- Kraken's nonce: the last a run of the account used.  Each signed
-- request's is above it and the clock (ms), so that a clock stepped back
-- cannot bring one back.
CREATE TABLE live_nonce (
	account     TEXT PRIMARY KEY,
	last        INTEGER NOT NULL
);
