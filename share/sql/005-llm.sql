-- tp journal schema, version 5: the LLM deciders (tp-predict(1) LLM).
--
-- tp-predict writes, before the candle it decides, an llm_prompt record
-- (once per prompt hash), an llm_answer record per model and an
-- llm_decision record with the vote's outcome; tp(7) lists their fields.

-- One row per decision: the vote's outcome and how it was reached.
-- executed is not a field of the record: the triggers below keep it, from
-- the trades and fills stored, whatever order they come in.
CREATE TABLE ai_decisions (
	exchange TEXT NOT NULL,
	symbol TEXT NOT NULL,
	timeframe TEXT NOT NULL,
	time INTEGER NOT NULL,
	decision TEXT NOT NULL CHECK (decision IN ('BUY', 'SELL', 'HOLD')),
	confidence REAL,
	signal TEXT,
	voting TEXT,
	answers INTEGER,
	models INTEGER,
	prompt_hash TEXT,
	fallback INTEGER,
	executed INTEGER NOT NULL DEFAULT 0,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (exchange, symbol, timeframe, time)
) WITHOUT ROWID;
CREATE INDEX ai_decisions_symbol ON ai_decisions (symbol, time);

-- One row per model asked: its answer (all nulls but error when it
-- abstained), what it cost and where it came from (source: api, cache or
-- offline).
CREATE TABLE ai_answers (
	exchange TEXT NOT NULL,
	symbol TEXT NOT NULL,
	timeframe TEXT NOT NULL,
	time INTEGER NOT NULL,
	model TEXT NOT NULL,
	api_model TEXT,
	prompt_hash TEXT,
	decision TEXT CHECK (decision IN ('BUY', 'SELL', 'HOLD')),
	confidence REAL,
	sentiment REAL,
	reasoning TEXT,
	ms REAL,
	prompt_tokens INTEGER,
	completion_tokens INTEGER,
	cost REAL,
	source TEXT,
	error TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL,
	PRIMARY KEY (exchange, symbol, timeframe, time, model)
) WITHOUT ROWID;

-- Each prompt's text once: the first record of a hash is kept, a later
-- one of the same hash changes nothing.
CREATE TABLE llm_prompts (
	prompt_hash TEXT NOT NULL PRIMARY KEY,
	system TEXT,
	user TEXT,
	audit_seq INTEGER NOT NULL,
	digest BLOB NOT NULL
) WITHOUT ROWID;

-- The trades and fills that follow a decision, found by symbol and time.
CREATE INDEX trades_pair_open ON trades (pair, open_date);
CREATE INDEX trades_pair_close ON trades (pair, close_date);
CREATE INDEX fills_symbol_time ON fills (symbol, time);

-- Each decision's timeframe in ms (tp(7) Timeframes: a whole number and
-- one of s m h d w; NULL for any other text).  The expression is the
-- index's, so that max(tf_ms) reads one index entry.
CREATE INDEX ai_decisions_tf ON ai_decisions ((CAST(substr(timeframe, 1,
	length(timeframe) - 1) AS INTEGER) * CASE substr(timeframe, -1)
	WHEN 's' THEN 1000 WHEN 'm' THEN 60000 WHEN 'h' THEN 3600000
	WHEN 'd' THEN 86400000 WHEN 'w' THEN 604800000 END));
CREATE VIEW ai_decision_windows AS
	SELECT exchange, symbol, timeframe, time, signal,
	    CAST(substr(timeframe, 1, length(timeframe) - 1) AS INTEGER) *
	    CASE substr(timeframe, -1)
	    WHEN 's' THEN 1000 WHEN 'm' THEN 60000 WHEN 'h' THEN 3600000
	    WHEN 'd' THEN 86400000 WHEN 'w' THEN 604800000 END AS tf_ms
	FROM ai_decisions;

-- Whether each decision was acted on (tp-journal(1) LLM DECISIONS): tp
-- acts on a decision of candle t at the open of the next candle, t + tf.
-- An entry (enter_long, enter_short) is executed when a trade of its side
-- opened, or a fill of its side (buy, sell) came, in (t, t + tf]; an
-- exit (exit_long, exit_short) when a trade of its side closed by its
-- exit signal in (t, t + tf].  The same symbol (a trade's pair); the
-- exchange too when both name one, but tp-exec's paper account ("paper")
-- trades the market of its candles, whatever exchange they came from.
CREATE VIEW llm_executed AS
	SELECT d.exchange, d.symbol, d.timeframe, d.time,
	    CASE WHEN d.signal IN ('enter_long', 'enter_short') THEN
		EXISTS (SELECT 1 FROM trades t WHERE t.pair = d.symbol AND
		    t.open_date > d.time AND t.open_date <= d.time + d.tf_ms AND
		    t.is_short = (d.signal = 'enter_short') AND
		    (t.exchange IS NULL OR t.exchange IN ('', 'paper') OR
		    d.exchange = '' OR t.exchange = d.exchange)) OR
		EXISTS (SELECT 1 FROM fills f WHERE f.symbol = d.symbol AND
		    f.time > d.time AND f.time <= d.time + d.tf_ms AND
		    f.side = CASE d.signal WHEN 'enter_long' THEN 'buy'
		    ELSE 'sell' END AND
		    (f.exchange IS NULL OR f.exchange IN ('', 'paper') OR
		    d.exchange = '' OR f.exchange = d.exchange))
	    WHEN d.signal IN ('exit_long', 'exit_short') THEN
		EXISTS (SELECT 1 FROM trades t WHERE t.pair = d.symbol AND
		    t.close_date > d.time AND t.close_date <= d.time + d.tf_ms AND
		    t.is_short = (d.signal = 'exit_short') AND
		    t.exit_reason = 'exit_signal' AND
		    (t.exchange IS NULL OR t.exchange IN ('', 'paper') OR
		    d.exchange = '' OR t.exchange = d.exchange))
	    ELSE 0 END AS executed
	FROM ai_decision_windows d;

-- Keeping ai_decisions.executed: a decision looks for its trade when it
-- is stored or changed; a trade or fill stored, changed or deleted has
-- the decisions whose windows hold its times look again.
CREATE TRIGGER ai_decisions_added AFTER INSERT ON ai_decisions
BEGIN
	UPDATE ai_decisions SET executed = (SELECT e.executed
	    FROM llm_executed e WHERE e.exchange = NEW.exchange AND
	    e.symbol = NEW.symbol AND e.timeframe = NEW.timeframe AND
	    e.time = NEW.time)
	WHERE exchange = NEW.exchange AND symbol = NEW.symbol AND
	    timeframe = NEW.timeframe AND time = NEW.time;
END;

CREATE TRIGGER ai_decisions_changed AFTER UPDATE OF exchange, symbol,
    timeframe, time, signal ON ai_decisions
BEGIN
	UPDATE ai_decisions SET executed = (SELECT e.executed
	    FROM llm_executed e WHERE e.exchange = NEW.exchange AND
	    e.symbol = NEW.symbol AND e.timeframe = NEW.timeframe AND
	    e.time = NEW.time)
	WHERE exchange = NEW.exchange AND symbol = NEW.symbol AND
	    timeframe = NEW.timeframe AND time = NEW.time;
END;

-- Inserting (symbol, time) here sets again every decision of the symbol
-- whose window may hold the time: those before it by at most the longest
-- timeframe, a range of ai_decisions_symbol (max(tf_ms) reads one entry
-- of ai_decisions_tf).  It stores nothing.
CREATE VIEW ai_decisions_recheck AS
	SELECT NULL AS symbol, NULL AS time WHERE 0;

CREATE TRIGGER ai_decisions_rechecking INSTEAD OF INSERT ON ai_decisions_recheck
BEGIN
	UPDATE ai_decisions SET executed = (SELECT e.executed
	    FROM llm_executed e WHERE e.exchange = ai_decisions.exchange AND
	    e.symbol = ai_decisions.symbol AND
	    e.timeframe = ai_decisions.timeframe AND
	    e.time = ai_decisions.time)
	WHERE symbol = NEW.symbol AND time < NEW.time AND
	    time >= NEW.time - (SELECT max(tf_ms) FROM ai_decision_windows);
END;

CREATE TRIGGER trades_added AFTER INSERT ON trades
BEGIN
	INSERT INTO ai_decisions_recheck VALUES (NEW.pair, NEW.open_date),
	    (NEW.pair, NEW.close_date);
END;

CREATE TRIGGER trades_changed AFTER UPDATE ON trades
BEGIN
	INSERT INTO ai_decisions_recheck VALUES (NEW.pair, NEW.open_date),
	    (NEW.pair, NEW.close_date), (OLD.pair, OLD.open_date),
	    (OLD.pair, OLD.close_date);
END;

CREATE TRIGGER trades_deleted AFTER DELETE ON trades
BEGIN
	INSERT INTO ai_decisions_recheck VALUES (OLD.pair, OLD.open_date),
	    (OLD.pair, OLD.close_date);
END;

CREATE TRIGGER fills_added AFTER INSERT ON fills
BEGIN
	INSERT INTO ai_decisions_recheck VALUES (NEW.symbol, NEW.time);
END;

CREATE TRIGGER fills_changed AFTER UPDATE ON fills
BEGIN
	INSERT INTO ai_decisions_recheck VALUES (NEW.symbol, NEW.time),
	    (OLD.symbol, OLD.time);
END;

CREATE TRIGGER fills_deleted AFTER DELETE ON fills
BEGIN
	INSERT INTO ai_decisions_recheck VALUES (OLD.symbol, OLD.time);
END;

-- How often each model's BUY or SELL was right: per horizon N of 1, 3
-- and 12 candles, the answers whose market has candles at their time t
-- and at t + N timeframes (decided), those whose close at t + N was above
-- (BUY) or below (SELL) the close at t (matched), and their share.  HOLD,
-- abstentions and answers with an error are not counted; an unchanged
-- close matches neither.  tf_ms as in ai_decision_windows.
CREATE VIEW llm_accuracy AS
	WITH horizons (horizon) AS (VALUES (1), (3), (12)),
	outcomes AS (
		SELECT a.model, h.horizon, a.decision, c0.close AS close0,
		    cn.close AS closen
		FROM ai_answers a CROSS JOIN horizons h
		JOIN candles c0 ON c0.exchange = a.exchange AND
		    c0.symbol = a.symbol AND c0.timeframe = a.timeframe AND
		    c0.time = a.time
		JOIN candles cn ON cn.exchange = a.exchange AND
		    cn.symbol = a.symbol AND cn.timeframe = a.timeframe AND
		    cn.time = a.time + h.horizon *
		    CAST(substr(a.timeframe, 1, length(a.timeframe) - 1)
		    AS INTEGER) * CASE substr(a.timeframe, -1)
		    WHEN 's' THEN 1000 WHEN 'm' THEN 60000
		    WHEN 'h' THEN 3600000 WHEN 'd' THEN 86400000
		    WHEN 'w' THEN 604800000 END
		WHERE a.decision IN ('BUY', 'SELL') AND a.error IS NULL)
	SELECT model, horizon, count(*) AS decided,
	    sum(CASE decision WHEN 'BUY' THEN closen > close0
	        ELSE closen < close0 END) AS matched,
	    1.0 * sum(CASE decision WHEN 'BUY' THEN closen > close0
	        ELSE closen < close0 END) / count(*) AS accuracy
	FROM outcomes GROUP BY model, horizon ORDER BY model, horizon;

-- Repair: before this version a text decoded from JSON escapes or a quoted
-- CSV cell ("a,b": a tag of two rules) was stored at its raw length, its
-- text followed by as many bytes of whatever came after it, so that such
-- rows failed verify once that was fixed.  Each such value is cut back to
-- the text of the record it came from (a prefix of it).  Key columns keep
-- theirs: a repaired key could collide with another row's.

UPDATE decisions SET signal = a.v FROM (SELECT seq,
	    json_extract(record, '$.signal') AS v FROM audit) a
	WHERE a.seq = decisions.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(signal AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(signal AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE decisions SET tag = a.v FROM (SELECT seq,
	    json_extract(record, '$.tag') AS v FROM audit) a
	WHERE a.seq = decisions.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(tag AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(tag AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE orders SET symbol = a.v FROM (SELECT seq,
	    json_extract(record, '$.symbol') AS v FROM audit) a
	WHERE a.seq = orders.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(symbol AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(symbol AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE orders SET side = a.v FROM (SELECT seq,
	    json_extract(record, '$.side') AS v FROM audit) a
	WHERE a.seq = orders.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(side AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(side AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE orders SET order_type = a.v FROM (SELECT seq,
	    json_extract(record, '$.order_type') AS v FROM audit) a
	WHERE a.seq = orders.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(order_type AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(order_type AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE orders SET status = a.v FROM (SELECT seq,
	    json_extract(record, '$.status') AS v FROM audit) a
	WHERE a.seq = orders.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(status AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(status AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE orders SET reason = a.v FROM (SELECT seq,
	    json_extract(record, '$.reason') AS v FROM audit) a
	WHERE a.seq = orders.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(reason AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(reason AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE orders SET exchange = a.v FROM (SELECT seq,
	    json_extract(record, '$.exchange') AS v FROM audit) a
	WHERE a.seq = orders.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(exchange AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(exchange AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE fills SET exchange = a.v FROM (SELECT seq,
	    json_extract(record, '$.exchange') AS v FROM audit) a
	WHERE a.seq = fills.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(exchange AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(exchange AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE fills SET symbol = a.v FROM (SELECT seq,
	    json_extract(record, '$.symbol') AS v FROM audit) a
	WHERE a.seq = fills.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(symbol AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(symbol AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE fills SET side = a.v FROM (SELECT seq,
	    json_extract(record, '$.side') AS v FROM audit) a
	WHERE a.seq = fills.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(side AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(side AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE fills SET fee_currency = a.v FROM (SELECT seq,
	    json_extract(record, '$.fee_currency') AS v FROM audit) a
	WHERE a.seq = fills.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(fee_currency AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(fee_currency AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE trades SET exit_reason = a.v FROM (SELECT seq,
	    json_extract(record, '$.exit_reason') AS v FROM audit) a
	WHERE a.seq = trades.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(exit_reason AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(exit_reason AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE trades SET enter_tag = a.v FROM (SELECT seq,
	    json_extract(record, '$.enter_tag') AS v FROM audit) a
	WHERE a.seq = trades.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(enter_tag AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(enter_tag AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE trades SET exchange = a.v FROM (SELECT seq,
	    json_extract(record, '$.exchange') AS v FROM audit) a
	WHERE a.seq = trades.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(exchange AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(exchange AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE events SET severity = a.v FROM (SELECT seq,
	    json_extract(record, '$.severity') AS v FROM audit) a
	WHERE a.seq = events.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(severity AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(severity AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE events SET exchange = a.v FROM (SELECT seq,
	    json_extract(record, '$.exchange') AS v FROM audit) a
	WHERE a.seq = events.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(exchange AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(exchange AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE events SET timeframe = a.v FROM (SELECT seq,
	    json_extract(record, '$.timeframe') AS v FROM audit) a
	WHERE a.seq = events.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(timeframe AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(timeframe AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE patterns SET regime = a.v FROM (SELECT seq,
	    json_extract(record, '$.regime') AS v FROM audit) a
	WHERE a.seq = patterns.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(regime AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(regime AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE backtest_runs SET strategy = a.v FROM (SELECT seq,
	    json_extract(record, '$.strategy') AS v FROM audit) a
	WHERE a.seq = backtest_runs.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(strategy AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(strategy AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
UPDATE other_records SET type = a.v FROM (SELECT seq,
	    json_extract(record, '$.type') AS v FROM audit) a
	WHERE a.seq = other_records.audit_seq AND typeof(a.v) = 'text' AND
	    length(CAST(type AS BLOB)) > length(CAST(a.v AS BLOB)) AND
	    substr(CAST(type AS BLOB), 1, length(CAST(a.v AS BLOB))) =
	    CAST(a.v AS BLOB);
