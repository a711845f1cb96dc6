-- tp journal schema, version 7: what a spot account holds beyond the
-- strategy's positions (tp-exec(1) RECONCILE).
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
