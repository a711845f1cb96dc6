-- tp journal schema, version 3: paper trading state (tp-exec(1)).
--
-- tp-exec keeps each strategy's paper account here: the position engine's
-- whole state as JSON (balances, open positions with their stops, orders
-- waiting for the next candle), written in the same transaction as the
-- fills, trades and snapshots it makes, so a run that dies leaves the
-- account as the last finished run left it.  Not part of the audit chain:
-- it is working state, and every change it makes to the money is in the
-- audited fills and trades.
CREATE TABLE paper_accounts (
	strategy   TEXT PRIMARY KEY,
	seq        INTEGER NOT NULL,   -- runs committed; orders name the one they were sized on
	state      TEXT NOT NULL,      -- JSON, tp-exec(1) STATE
	updated    INTEGER NOT NULL    -- Unix ms of the last run
);

-- The emergency stop: one row while trading is halted (tp-exec halt).
CREATE TABLE paper_halt (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	time       INTEGER NOT NULL,
	reason     TEXT NOT NULL
);
