-- tp-journal schema version 2: views for the questions users ask.

CREATE VIEW open_trades AS
	SELECT * FROM trades WHERE close_date IS NULL;

-- Closed trades' profit by UTC day of closing.
CREATE VIEW daily_pnl AS
	SELECT date(close_date / 1000, 'unixepoch') AS day,
	    count(*) AS trades,
	    sum(profit_abs > 0) AS wins,
	    sum(profit_abs) AS profit_abs
	FROM trades WHERE close_date IS NOT NULL
	GROUP BY day ORDER BY day;

CREATE VIEW win_rate_by_pair AS
	SELECT pair, count(*) AS trades,
	    sum(profit_abs > 0) AS wins,
	    1.0 * sum(profit_abs > 0) / count(*) AS win_rate,
	    sum(profit_abs) AS profit_abs
	FROM trades WHERE close_date IS NOT NULL
	GROUP BY pair ORDER BY pair;

-- Each pattern's outcome: the next candle of its series closes in the
-- pattern's direction (value > 0 bullish, < 0 bearish).
CREATE VIEW pattern_outcomes AS
	SELECT p.*, (SELECT c.close FROM candles c
	        WHERE c.exchange = p.exchange AND c.symbol = p.symbol
	          AND c.timeframe = p.timeframe AND c.time > p.time
	        ORDER BY c.time LIMIT 1) / p.close - 1 AS next_return
	FROM patterns p;

CREATE VIEW win_rate_by_pattern AS
	SELECT pattern, regime, count(next_return) AS n,
	    sum((value > 0 AND next_return > 0) OR
	        (value < 0 AND next_return < 0)) AS hits,
	    1.0 * sum((value > 0 AND next_return > 0) OR
	        (value < 0 AND next_return < 0)) / count(next_return)
	        AS win_rate,
	    avg(CASE WHEN value > 0 THEN next_return ELSE -next_return END)
	        AS avg_return
	FROM pattern_outcomes
	GROUP BY pattern, regime ORDER BY pattern, regime;

CREATE VIEW latest_candles AS
	SELECT exchange, symbol, timeframe, max(time) AS time, count(*) AS n
	FROM candles GROUP BY exchange, symbol, timeframe;
