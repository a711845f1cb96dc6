/*
 * tp_jimport.c: a freqtrade trade database as tp records.
 *
 * freqtrade (freqtrade/persistence/trade_model.py) keeps a "trades" table
 * and an "orders" table, dates as naive UTC text ("2024-01-01
 * 10:00:00.123456").  Each trade becomes a trade record under the same
 * field names tp-backtest writes (close_profit is profit_ratio,
 * close_profit_abs profit_abs); each order an order record; each order
 * with a filled amount also a fill record.  Columns are found by name, so
 * the databases of older freqtrade versions, which lack some, import too.
 */
#include <stdio.h>
#include <string.h>

#include "journal/tp_journal.h"
#include "core/tp_time.h"

struct ft {
	struct tp_names *names;
	struct tp_rec rec;
	sqlite3_stmt *st;
	const char *path;
	int ncol;
};

/* Index of column name in the current query, or -1. */
static int
col(const struct ft *f, const char *name)
{
	int c;

	for (c = 0; c < f->ncol; c++)
		if (strcmp(sqlite3_column_name(f->st, c), name) == 0)
			return c;
	return -1;
}

static int
put_text(struct ft *f, const char *field, const char *s)
{
	int id = tp_names_intern(f->names, field, strlen(field));

	if (id < 0)
		return -1;
	if (s == NULL)
		return tp_rec_add(&f->rec, id, TP_ENC_NULL, TP_LIT(""));
	return tp_rec_add_text(&f->rec, id, s);
}

/* Column from of the row as field, converted as its SQLite type says. */
static int
put_col(struct ft *f, const char *field, const char *from)
{
	int c = col(f, from), id;

	if (c < 0)
		return 0;	/* an older freqtrade: no such column */
	id = tp_names_intern(f->names, field, strlen(field));
	if (id < 0)
		return -1;
	switch (sqlite3_column_type(f->st, c)) {
	case SQLITE_INTEGER:
		return tp_rec_add_i64(&f->rec, id,
		    sqlite3_column_int64(f->st, c));
	case SQLITE_FLOAT:
		return tp_rec_add_num(&f->rec, id,
		    sqlite3_column_double(f->st, c));
	case SQLITE_TEXT:
		return tp_rec_add_text(&f->rec, id,
		    (const char *)sqlite3_column_text(f->st, c));
	default:
		return tp_rec_add(&f->rec, id, TP_ENC_NULL, TP_LIT(""));
	}
}

static int
put_bool(struct ft *f, const char *field, const char *from)
{
	int c = col(f, from);

	if (c < 0)
		return 0;
	return tp_rec_add_bool(&f->rec, tp_names_intern(f->names, field,
	    strlen(field)), sqlite3_column_int(f->st, c) != 0);
}

/* A freqtrade date (naive UTC text) as Unix ms; null stays null. */
static int
put_date(struct ft *f, const char *field, const char *from, int row,
    struct tp_err *err)
{
	int c = col(f, from), id = tp_names_intern(f->names, field,
	    strlen(field));
	const char *s, *why = NULL;
	int64_t ms;

	if (c < 0 || id < 0)
		return c < 0 ? 0 : -1;
	s = (const char *)sqlite3_column_text(f->st, c);
	if (s == NULL)
		return tp_rec_add(&f->rec, id, TP_ENC_NULL, TP_LIT(""));
	if (tp_time_parse(s, strlen(s), TP_UNIT_MS, &ms, &why) < 0)
		return tp_errf(err, TP_EX_DATAERR, f->path, row,
		    "%s: \"%.40s\" is not a date", from, s);
	return tp_rec_add_i64(&f->rec, id, ms);
}

/* tp's trade fields and the freqtrade columns they come from. */
static const char *const trade_head[][2] = {
	{ "strategy", "strategy" }, { "pair", "pair" },
};

static const char *const trade_map[][2] = {
	{ "open_rate", "open_rate" }, { "close_rate", "close_rate" },
	{ "amount", "amount" }, { "stake_amount", "stake_amount" },
	{ "leverage", "leverage" }, { "fee_open", "fee_open" },
	{ "fee_close", "fee_close" }, { "profit_ratio", "close_profit" },
	{ "profit_abs", "close_profit_abs" }, { "exit_reason", "exit_reason" },
	{ "enter_tag", "enter_tag" }, { "stop_loss", "stop_loss" },
	{ "liquidation_price", "liquidation_price" },
	{ "max_rate", "max_rate" }, { "min_rate", "min_rate" },
	{ "exchange", "exchange" }, { "freqtrade_id", "id" },
};

static const char *const order_map[][2] = {
	{ "exchange", "exchange" }, { "symbol", "ft_pair" },
	{ "side", "ft_order_side" }, { "order_type", "order_type" },
	{ "amount", "amount" }, { "price", "price" },
	{ "stop_price", "stop_price" }, { "status", "status" },
	{ "reason", "ft_cancel_reason" },
};

static const char *const fill_map[][2] = {
	{ "exchange", "exchange" }, { "symbol", "ft_pair" },
	{ "side", "ft_order_side" }, { "price", "fill_price" },
	{ "amount", "filled" },
};

static int
put_map(struct ft *f, const char *const (*map)[2], size_t n,
    struct tp_err *err)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (put_col(f, map[k][0], map[k][1]) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	return 0;
}

#define MAP(m) m, sizeof(m) / sizeof(m[0])

static int
trade_record(struct ft *f, int row, struct tp_err *err)
{
	tp_rec_clear(&f->rec);
	f->rec.file = f->path;
	f->rec.line = row;
	if (put_text(f, "type", "trade") < 0 ||
	    put_map(f, MAP(trade_head), err) < 0 ||
	    put_bool(f, "is_short", "is_short") < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (put_date(f, "open_date", "open_date", row, err) < 0 ||
	    put_date(f, "close_date", "close_date", row, err) < 0)
		return -1;
	return put_map(f, MAP(trade_map), err);
}

/* The client order id: freqtrade's exchange order id, or its own id. */
static int
put_order_id(struct ft *f)
{
	int c = col(f, "order_id");
	char buf[48];

	if (c >= 0 && sqlite3_column_type(f->st, c) == SQLITE_TEXT)
		return put_col(f, "client_order_id", "order_id");
	snprintf(buf, sizeof(buf), "freqtrade-%lld",
	    (long long)sqlite3_column_int64(f->st, col(f, "id")));
	return put_text(f, "client_order_id", buf);
}

/* An order, or with fill set the fill of its filled amount; the fill
 * is timed when the order filled, else when it was placed. */
static int
order_record(struct ft *f, int row, int fill, struct tp_err *err)
{
	int c = col(f, "order_filled_date");

	tp_rec_clear(&f->rec);
	f->rec.file = f->path;
	f->rec.line = row;
	if (put_text(f, "type", fill ? "fill" : "order") < 0 ||
	    put_order_id(f) < 0 ||
	    (fill && put_col(f, "fill_id", "order_id") < 0))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (put_date(f, "time", fill && c >= 0 && sqlite3_column_type(f->st,
	    c) != SQLITE_NULL ? "order_filled_date" : "order_date", row,
	    err) < 0)
		return -1;
	return fill ? put_map(f, MAP(fill_map), err) :
	    put_map(f, MAP(order_map), err);
}

static int
each_row(struct ft *f, sqlite3 *db, const char *sql, int kind,
    tp_jrec_fn fn, void *ctx, struct tp_err *err)
{
	int rc, row = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &f->st, NULL) != SQLITE_OK)
		return tp_errf(err, TP_EX_DATAERR, f->path, 0, "not a freqtrade "
		    "database: %s", sqlite3_errmsg(db));
	f->ncol = sqlite3_column_count(f->st);
	while ((rc = sqlite3_step(f->st)) == SQLITE_ROW) {
		int filled = kind == 1 && col(f, "filled") >= 0 &&
		    sqlite3_column_double(f->st, col(f, "filled")) > 0;

		row++;
		if ((kind == 0 ? trade_record(f, row, err) :
		    order_record(f, row, 0, err)) < 0 ||
		    fn(ctx, &f->rec, err) < 0)
			break;
		if (filled && (order_record(f, row, 1, err) < 0 ||
		    fn(ctx, &f->rec, err) < 0))
			break;
	}
	sqlite3_finalize(f->st);
	f->st = NULL;
	if (err->code != 0)
		return -1;
	if (rc != SQLITE_DONE)
		return tp_errf(err, TP_EX_DATAERR, f->path, 0, "%s",
		    sqlite3_errmsg(db));
	return 0;
}

int
tp_journal_freqtrade(const char *path, struct tp_names *names,
    tp_jrec_fn fn, void *ctx, struct tp_err *err)
{
	struct ft f;
	sqlite3 *db = NULL;
	int rc;

	memset(&f, 0, sizeof(f));
	f.names = names;
	f.path = path;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot open: %s",
		    db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	tp_rec_init(&f.rec);
	/* Orders take their trade's exchange, and the price they filled at:
	 * the average when the exchange gave one. */
	rc = each_row(&f, db, "SELECT * FROM trades ORDER BY id", 0, fn, ctx,
	    err);
	if (rc == 0)
		rc = each_row(&f, db, "SELECT o.*, t.exchange AS exchange, "
		    "coalesce(o.average, o.price, o.ft_price) AS fill_price "
		    "FROM orders o JOIN trades t ON t.id = o.ft_trade_id "
		    "ORDER BY o.id", 1, fn, ctx, err);
	tp_rec_release(&f.rec);
	sqlite3_close(db);
	return rc;
}
