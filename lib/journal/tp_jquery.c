/*
 * tp_jquery.c: what comes out of a journal: the trades for the metrics,
 * listings and exports as record streams, Prometheus metrics, backups.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/tp_newfile.h"
#include "journal/tp_journal.h"
#include "core/tp_num.h"
#include "rec/tp_write.h"

/* Bind the filter: ?1 since (or INT64_MIN), ?2 symbol (or NULL). */
static void
bind_filter(sqlite3_stmt *st, const struct tp_jfilter *f)
{
	sqlite3_bind_int64(st, 1, f->since);
	if (f->symbol != NULL)
		sqlite3_bind_text(st, 2, f->symbol, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
}

static int
exit_reason(const unsigned char *s)
{
	int k;

	for (k = 1; s != NULL && k < TP_EXIT_N; k++)
		if (strcmp((const char *)s, tp_exit_names[k]) == 0)
			return k;
	return TP_EXIT_NONE;
}

int
tp_journal_trades_metrics(struct tp_journal *j, const struct tp_jfilter *f,
    struct tp_metrics *m, int64_t *first, int64_t *last, struct tp_err *err)
{
	sqlite3_stmt *st;
	struct tp_mtrade t;
	int rc;

	if (sqlite3_prepare_v2(j->db, "SELECT open_date, close_date, "
	    "profit_abs, profit_ratio, exit_reason, is_short, pair, "
	    "enter_tag, stake_amount FROM trades "
	    "WHERE close_date IS NOT NULL AND close_date >= ?1 AND "
	    "(?2 IS NULL OR pair = ?2) ORDER BY close_date", -1, &st,
	    NULL) != SQLITE_OK)
		return tp_journal_fail(j, "trades", err);
	bind_filter(st, f);
	*first = INT64_MAX;
	*last = INT64_MIN;
	memset(&t, 0, sizeof(t));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t.open_time = sqlite3_column_int64(st, 0);
		t.close_time = sqlite3_column_int64(st, 1);
		t.profit_abs = sqlite3_column_double(st, 2);
		t.profit_ratio = sqlite3_column_double(st, 3);
		t.exit = exit_reason(sqlite3_column_text(st, 4));
		t.is_short = sqlite3_column_int(st, 5);
		t.pair = tp_metrics_name(m,
		    (const char *)sqlite3_column_text(st, 6));
		t.tag = tp_metrics_name(m,
		    (const char *)sqlite3_column_text(st, 7));
		t.stake = sqlite3_column_double(st, 8);
		if (t.open_time < *first)
			*first = t.open_time;
		if (t.close_time > *last)
			*last = t.close_time;
		if (t.pair == -2 || t.tag == -2 || tp_metrics_add(m, &t) < 0) {
			sqlite3_finalize(st);
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(j, "trades", err);
	return 0;
}

int
tp_journal_period(struct tp_journal *j, const struct tp_jfilter *f,
    int64_t *start, int64_t *end, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* Snapshots are of the account, whatever the symbol filter; one
	 * scan for both ends. */
	if (sqlite3_prepare_v2(j->db, "SELECT min(time), max(time) FROM "
	    "account_snapshots WHERE time >= ?1", -1, &st, NULL) != SQLITE_OK)
		return tp_journal_fail(j, "account_snapshots", err);
	sqlite3_bind_int64(st, 1, f->since);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		if (*start > sqlite3_column_int64(st, 0))
			*start = sqlite3_column_int64(st, 0);
		if (*end < sqlite3_column_int64(st, 1))
			*end = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tp_journal_fail(j, "account_snapshots", err);
	return 0;
}

int
tp_journal_market(struct tp_journal *j, const struct tp_jfilter *f,
    int64_t start, int64_t end, struct tp_metrics *m, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* Each series' first and last close within the period. */
	if (sqlite3_prepare_v2(j->db, "SELECT (SELECT close FROM candles c "
	    "WHERE c.exchange = s.exchange AND c.symbol = s.symbol AND "
	    "c.timeframe = s.timeframe AND c.time = s.a), (SELECT close FROM "
	    "candles c WHERE c.exchange = s.exchange AND c.symbol = s.symbol "
	    "AND c.timeframe = s.timeframe AND c.time = s.b) FROM (SELECT "
	    "exchange, symbol, timeframe, min(time) AS a, max(time) AS b "
	    "FROM candles WHERE time >= ?3 AND time <= ?4 AND (?2 IS NULL OR "
	    "symbol = ?2) GROUP BY exchange, symbol, timeframe) s", -1, &st,
	    NULL) != SQLITE_OK)
		return tp_journal_fail(j, "candles", err);
	bind_filter(st, f);
	sqlite3_bind_int64(st, 3, start);
	sqlite3_bind_int64(st, 4, end);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		tp_metrics_market(m, sqlite3_column_double(st, 0),
		    sqlite3_column_double(st, 1));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(j, "candles", err);
	return 0;
}

int
tp_journal_strategy(struct tp_journal *j, const struct tp_jfilter *f,
    char *name, size_t n, struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*name = '\0';
	if (sqlite3_prepare_v2(j->db, "SELECT min(strategy), count(DISTINCT "
	    "strategy) FROM trades WHERE close_date IS NOT NULL AND "
	    "close_date >= ?1 AND (?2 IS NULL OR pair = ?2)", -1, &st,
	    NULL) != SQLITE_OK)
		return tp_journal_fail(j, "trades", err);
	bind_filter(st, f);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 1) == 1 &&
	    sqlite3_column_text(st, 0) != NULL)
		snprintf(name, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tp_journal_fail(j, "trades", err);
	return 0;
}

double
tp_journal_first_balance(struct tp_journal *j, struct tp_err *err)
{
	sqlite3_stmt *st;
	double v = NAN;

	if (sqlite3_prepare_v2(j->db, "SELECT balance FROM account_snapshots "
	    "WHERE balance IS NOT NULL ORDER BY time LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK) {
		tp_journal_fail(j, "account_snapshots", err);
		return NAN;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether a column of that name holds a boolean in some table. */
static int
bool_column(const char *name)
{
	int t, c;

	for (t = 0; t < TP_JTAB_N; t++)
		for (c = 0; c < tp_jtables[t].ncols; c++)
			if (tp_jtables[t].cols[c].type == TP_JT_BOOL &&
			    strcmp(tp_jtables[t].cols[c].col, name) == 0)
				return 1;
	return 0;
}

static int
add_blob(struct tp_rec *rec, int id, const unsigned char *p, int n)
{
	char buf[2 * 127 + 1];

	if (n > 127)
		n = 127;
	sodium_bin2hex(buf, sizeof(buf), p, (size_t)n);
	return tp_rec_add(rec, id, TP_ENC_TEXT, buf, (size_t)(2 * n));
}

static int
add_column(struct tp_rec *rec, sqlite3_stmt *st, int c, int id, int isbool)
{
	switch (sqlite3_column_type(st, c)) {
	case SQLITE_INTEGER:
		if (isbool)
			return tp_rec_add_bool(rec, id,
			    sqlite3_column_int64(st, c) != 0);
		return tp_rec_add_i64(rec, id, sqlite3_column_int64(st, c));
	case SQLITE_FLOAT:
		return tp_rec_add_num(rec, id, sqlite3_column_double(st, c));
	case SQLITE_TEXT:
		return tp_rec_add(rec, id, TP_ENC_TEXT,
		    (const char *)sqlite3_column_text(st, c),
		    (size_t)sqlite3_column_bytes(st, c));
	case SQLITE_BLOB:
		return add_blob(rec, id, sqlite3_column_blob(st, c),
		    sqlite3_column_bytes(st, c));
	default:
		return tp_rec_add(rec, id, TP_ENC_NULL, TP_LIT(""));
	}
}

int
tp_journal_write_query(struct tp_journal *j, sqlite3_stmt *st,
    const char *type, struct tp_writer *w, struct tp_err *err)
{
	struct tp_names *names = j->map.names;
	int nc = sqlite3_column_count(st), ids[64], isbool[64];
	int c, rc, type_id = tp_names_intern(names, TP_LIT("type"));
	struct tp_rec rec;

	if (nc > 64)
		nc = 64;
	for (c = 0; c < nc; c++) {
		const char *name = sqlite3_column_name(st, c);

		ids[c] = tp_names_intern(names, name, strlen(name));
		isbool[c] = bool_column(name);
		if (ids[c] < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	tp_rec_init(&rec);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int bad = 0;

		tp_rec_clear(&rec);
		if (type != NULL)
			bad |= tp_rec_add_text(&rec, type_id, type);
		for (c = 0; c < nc; c++)
			bad |= add_column(&rec, st, c, ids[c], isbool[c]);
		if (bad < 0) {
			tp_rec_release(&rec);
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		}
		if (tp_write(w, &rec, err) < 0) {
			tp_rec_release(&rec);
			return -1;
		}
	}
	tp_rec_release(&rec);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(j, "query", err);
	return 0;
}

/* The listings: their type, and the query with ?1 since and ?2 symbol. */
static const struct listing {
	const char *what, *type, *sql;
} listings[] = {
	{ "trades", "trade", "SELECT nullif(pair, '') AS pair, is_short, open_date, close_date, "
	    "open_rate, close_rate, amount, stake_amount, leverage, fee_open, "
	    "fee_close, profit_ratio, profit_abs, exit_reason, enter_tag, "
	    "stop_loss, liquidation_price, max_rate, min_rate, "
	    "nullif(strategy, '') AS strategy, "
	    "exchange FROM trades WHERE coalesce(close_date, open_date) >= ?1 "
	    "AND (?2 IS NULL OR pair = ?2) ORDER BY open_date, pair" },
	{ "equity", "equity", "SELECT time, equity, balance, open_trades, "
	    "drawdown, margin, nullif(account, '') AS account FROM "
	    "account_snapshots WHERE time >= ?1 "
	    "AND (?2 IS NULL OR account = ?2) ORDER BY time, account" },
	{ "events", "event", "SELECT time, nullif(symbol, '') AS symbol, event, severity, ratio, "
	    "exchange, timeframe FROM events WHERE time >= ?1 AND "
	    "(?2 IS NULL OR symbol = ?2) ORDER BY time, symbol, event" },
	{ "decisions", "decision", "SELECT time, nullif(symbol, '') AS symbol, "
	    "nullif(timeframe, '') AS timeframe, nullif(exchange, '') AS "
	    "exchange, signal, confidence, tag, close, model_version FROM "
	    "decisions WHERE time >= ?1 "
	    "AND (?2 IS NULL OR symbol = ?2) ORDER BY time, symbol" },
};

int
tp_journal_list(struct tp_journal *j, const char *what,
    const struct tp_jfilter *f, struct tp_writer *w, struct tp_err *err)
{
	sqlite3_stmt *st;
	size_t k;
	int rc;

	for (k = 0; k < sizeof(listings) / sizeof(*listings); k++)
		if (strcmp(what, listings[k].what) == 0)
			break;
	if (k == sizeof(listings) / sizeof(*listings))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "no listing \"%s\" "
		    "(summary, trades, equity, events, decisions)", what);
	if (sqlite3_prepare_v2(j->db, listings[k].sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return tp_journal_fail(j, what, err);
	bind_filter(st, f);
	rc = tp_journal_write_query(j, st, listings[k].type, w, err);
	sqlite3_finalize(st);
	return rc;
}

int
tp_journal_export(struct tp_journal *j, const char *table,
    struct tp_writer *w, struct tp_err *err)
{
	sqlite3_stmt *st;
	char *sql;
	int rc, found = 0;

	if (sqlite3_prepare_v2(j->db, "SELECT 1 FROM sqlite_master WHERE "
	    "type IN ('table', 'view') AND name = ? AND name NOT LIKE "
	    "'sqlite_%'", -1, &st, NULL) != SQLITE_OK)
		return tp_journal_fail(j, "export", err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!found)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "no table or view "
		    "\"%s\" in %s", table, j->path);
	/* %w doubles the quotes a name may hold: "a""b" is the name a"b. */
	if ((sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return tp_journal_fail(j, table, err);
	rc = tp_journal_write_query(j, st, NULL, w, err);
	sqlite3_finalize(st);
	return rc;
}

/* ---- Prometheus text exposition ------------------------------------------ */

struct prom {
	struct tp_journal *j;
	struct tp_buf *out;
	int bad;
};

static void
put(struct prom *p, const char *s, size_t n)
{
	p->bad |= tp_buf_add(p->out, s, n);
}

static void
puts_(struct prom *p, const char *s)
{
	put(p, s, strlen(s));
}

static void
family(struct prom *p, const char *name, const char *type, const char *help)
{
	char line[400];

	put(p, line, (size_t)snprintf(line, sizeof(line), "# HELP %s %s\n"
	    "# TYPE %s %s\n", name, help, name, type));
}

/* A label value with \, " and newline escaped. */
static void
label(struct prom *p, const char *k, const unsigned char *v, int first)
{
	const char *s = v ? (const char *)v : "";

	puts_(p, first ? "{" : ",");
	puts_(p, k);
	puts_(p, "=\"");
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			put(p, "\\", 1);
		if (*s == '\n')
			puts_(p, "\\n");
		else
			put(p, s, 1);
	}
	put(p, "\"", 1);
}

static void
value(struct prom *p, double v)
{
	char num[TP_NUM_BUFSZ];

	put(p, TP_LIT(" "));
	if (isnan(v))
		puts_(p, "NaN");
	else
		put(p, num, tp_num_format(v, num));
	put(p, "\n", 1);
}

struct metric {
	const char *name, *type, *help, *sql;
	const char *const *labels;
	int nlabels;
};

/*
 * One metric family from a query: its rows are label values (the first
 * nlabels columns, named by labels) then the value; a summary's rows
 * begin with the sample's suffix (_sum, _count).  A query without rows
 * gives the family with no sample.
 */
static int
query(struct prom *p, const struct metric *m, int64_t now,
    struct tp_err *err)
{
	sqlite3_stmt *st;
	int rc, k, c0 = strcmp(m->type, "summary") == 0;

	if (sqlite3_prepare_v2(p->j->db, m->sql, -1, &st, NULL) != SQLITE_OK)
		return tp_journal_fail(p->j, m->name, err);
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, now);
	family(p, m->name, m->type, m->help);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		puts_(p, m->name);
		if (c0 && sqlite3_column_text(st, 0) != NULL)
			puts_(p, (const char *)sqlite3_column_text(st, 0));
		for (k = 0; k < m->nlabels; k++)
			label(p, m->labels[k], sqlite3_column_text(st, c0 + k),
			    !k);
		if (m->nlabels)
			puts_(p, "}");
		k = c0 + m->nlabels;
		value(p, sqlite3_column_type(st, k) == SQLITE_NULL ? NAN :
		    sqlite3_column_double(st, k));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(p->j, m->name, err);
	return 0;
}

static const char *const L_ACCOUNT[] = { "account" };
static const char *const L_SERIES[] = { "exchange", "symbol", "timeframe" };
static const char *const L_RESULT[] = { "result" };
static const char *const L_KIND[] = { "kind" };
static const char *const L_MODEL[] = { "model" };
static const char *const L_MODEL_KIND[] = { "model", "kind" };

static const struct metric metrics[] = {
	{ "tp_equity", "gauge", "Equity of the latest account snapshot.",
	    "SELECT account, equity FROM account_snapshots a WHERE time = "
	    "(SELECT max(time) FROM account_snapshots b WHERE b.account = "
	    "a.account) ORDER BY account", L_ACCOUNT, 1 },
	{ "tp_balance", "gauge", "Balance of the latest account snapshot.",
	    "SELECT account, balance FROM account_snapshots a WHERE time = "
	    "(SELECT max(time) FROM account_snapshots b WHERE b.account = "
	    "a.account) ORDER BY account", L_ACCOUNT, 1 },
	{ "tp_open_trades", "gauge", "Trades open now (no close date).",
	    "SELECT count(*) FROM trades WHERE close_date IS NULL", NULL, 0 },
	{ "tp_profit_closed", "gauge", "Profit of all closed trades, in the "
	    "stake currency.", "SELECT coalesce(sum(profit_abs), 0) FROM trades "
	    "WHERE close_date IS NOT NULL", NULL, 0 },
	{ "tp_trades_closed_total", "counter", "Closed trades by result.",
	    "SELECT r, (SELECT count(*) FROM trades WHERE close_date IS NOT "
	    "NULL AND (CASE WHEN profit_abs > 0 THEN 'win' WHEN profit_abs < 0 "
	    "THEN 'loss' ELSE 'draw' END) = r) FROM (SELECT 'win' AS r UNION "
	    "ALL SELECT 'loss' UNION ALL SELECT 'draw')", L_RESULT, 1 },
	{ "tp_last_candle_age_seconds", "gauge", "Seconds since the open time "
	    "of the latest candle of each series.", "SELECT exchange, symbol, "
	    "timeframe, (?1 - max(time)) / 1000.0 FROM candles GROUP BY "
	    "exchange, symbol, timeframe", L_SERIES, 3 },
	{ "tp_errors_total", "counter", "Rejected or failed orders, and "
	    "records of type reject or error.", "SELECT k, n FROM (SELECT "
	    "'order' AS k, (SELECT count(*) FROM orders WHERE status IN "
	    "('rejected', 'error', 'failed')) AS n UNION ALL SELECT 'reject', "
	    "(SELECT count(*) FROM other_records WHERE type = 'reject') UNION "
	    "ALL SELECT 'error', (SELECT count(*) FROM other_records WHERE "
	    "type = 'error'))", L_KIND, 1 },
	{ "tp_journal_records_total", "counter", "Records stored, by kind.",
	    "SELECT kind, count(*) FROM audit GROUP BY kind ORDER BY kind",
	    L_KIND, 1 },
	{ "tp_journal_last_ingest_timestamp_seconds", "gauge", "When the "
	    "journal last stored a record (Unix time).", "SELECT "
	    "coalesce(max(at), 0) / 1000.0 FROM audit", NULL, 0 },
	/* The LLM deciders' requests: answers with source "api" (a cache
	 * or offline answer asked no one, and spent no tokens). */
	{ "tp_llm_requests_total", "counter", "Requests made to each LLM "
	    "model.", "SELECT model, count(*) FROM ai_answers WHERE source = "
	    "'api' GROUP BY model ORDER BY model", L_MODEL, 1 },
	{ "tp_llm_failures_total", "counter", "Requests to each LLM model "
	    "that gave no valid answer.", "SELECT model, sum(error IS NOT "
	    "NULL) FROM ai_answers WHERE source = 'api' GROUP BY model "
	    "ORDER BY model", L_MODEL, 1 },
	{ "tp_llm_tokens_total", "counter", "Tokens each LLM model's "
	    "requests used, by kind (prompt, completion).", "SELECT model, "
	    "'prompt', coalesce(sum(prompt_tokens), 0) FROM ai_answers WHERE "
	    "source = 'api' GROUP BY model UNION ALL SELECT model, "
	    "'completion', coalesce(sum(completion_tokens), 0) FROM "
	    "ai_answers WHERE source = 'api' GROUP BY model ORDER BY 1, 2 "
	    "DESC", L_MODEL_KIND, 2 },
	{ "tp_llm_latency_seconds", "summary", "Time each LLM model's "
	    "requests took.", "SELECT '_sum', model, coalesce(sum(ms), 0) / "
	    "1000.0 FROM ai_answers WHERE source = 'api' GROUP BY model "
	    "UNION ALL SELECT '_count', model, count(ms) FROM ai_answers "
	    "WHERE source = 'api' GROUP BY model ORDER BY 2, 1 DESC",
	    L_MODEL, 1 },
};

int
tp_journal_metrics(struct tp_journal *j, int64_t now, struct tp_buf *out,
    struct tp_err *err)
{
	struct prom p = { j, out, 0 };
	size_t k;
	int rc = 0;

	out->len = 0;
	if (tp_journal_exec(j, "BEGIN", err) < 0)
		return -1;
	for (k = 0; k < sizeof(metrics) / sizeof(*metrics) && rc == 0; k++)
		rc = query(&p, &metrics[k], now, err);
	sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL);
	if (rc == 0 && p.bad)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return rc;
}

/* ---- backup -------------------------------------------------------------- */

static int
copy_to(struct tp_journal *j, sqlite3 *dst, const char *tmp,
    struct tp_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", j->db, "main");
	int rc;

	if (b == NULL)
		return tp_errf(err, TP_EX_IOERR, tmp, 0, "backup: %s",
		    sqlite3_errmsg(dst));
	/* Small steps, letting writers in between. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return tp_errf(err, TP_EX_IOERR, tmp, 0, "backup: %s",
		    sqlite3_errstr(rc));
	return 0;
}

int
tp_journal_backup(struct tp_journal *j, const char *path,
    struct tp_err *err)
{
	struct tp_newfile f;
	sqlite3 *dst = NULL;
	int rc;

	/* A new copy is 0600: it must not be more readable than the
	 * journal (tp_newfile.h); SQLite fills the empty file made for it. */
	if (tp_newfile_open(&f, path, 0600, err) < 0)
		return -1;
	if (sqlite3_open_v2(f.tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		tp_errf(err, TP_EX_IOERR, f.tmp, 0, "cannot create: %s",
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		tp_newfile_abort(&f);
		return -1;
	}
	rc = copy_to(j, dst, f.tmp, err);
	/* The copy is a plain rollback-journal file: one file to move. */
	if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL,
	    NULL, NULL) != SQLITE_OK)
		rc = tp_errf(err, TP_EX_IOERR, f.tmp, 0, "backup: %s",
		    sqlite3_errmsg(dst));
	sqlite3_close(dst);
	if (rc < 0) {
		tp_newfile_abort(&f);
		return -1;
	}
	return tp_newfile_commit(&f, err);
}
