/*
 * tp_exlive.c: tp-exec's run on a live account (tp_exlive.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "run/tp_exlive.h"
#include "rec/tp_market.h"
#include "rec/tp_write.h"
#include "core/tp_grow.h"
#include "core/tp_time.h"

#define DAY_MS INT64_C(86400000)

static const char *const state_names[] = { "none", "new", "partial",
    "filled", "canceled", "rejected", "expired" };

static sqlite3 *
db_of(const struct tp_exlive *v)
{
	return v->x->j.db;
}

static const char *
market_name(const struct tp_exlive *v)
{
	return v->l->market == TP_LM_FUTURES ? "futures" : "spot";
}

static const char *
sym_name(const struct tp_exlive *v, int i)
{
	return tp_bt_sym_name(&v->x->p.bt, &v->x->p.bt.sym[i]);
}

/* The live state of the engine's symbol i, made on first sight with its
 * exchange name. */
static struct tp_exlive_sym *
sym_of(struct tp_exlive *v, int i, struct tp_err *err)
{
	struct tp_exlive_sym *s;

	if (i >= v->nsym) {
		s = tp_grow(v->sym, &v->cap, i + 1, sizeof(*s));
		if (s == NULL) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			return NULL;
		}
		v->sym = s;
		memset(v->sym + v->nsym, 0, (size_t)(i + 1 - v->nsym) *
		    sizeof(*s));
		v->nsym = i + 1;
	}
	s = &v->sym[i];
	if (s->vsym[0] != '\0')
		return s;
	if (tp_live_symbol(sym_name(v, i), s->vsym) < 0) {
		tp_errf(err, TP_EX_DATAERR, NULL, 0, "symbol \"%s\": a live "
		    "account trades named markets, BASE/QUOTE", sym_name(v, i));
		return NULL;
	}
	return s;
}

/* ---- trading rules, kept a day in the journal ----------------------------- */

static int
rules_parse(const char *text, struct tp_lrules *r)
{
	json_t *j = json_loads(text, 0, NULL);
	const char *sym = json_string_value(json_object_get(j, "symbol"));
	const char *base = json_string_value(json_object_get(j, "base"));
	const char *quote = json_string_value(json_object_get(j, "quote"));
	int ok = sym != NULL && base != NULL && quote != NULL;

	if (ok) {
		snprintf(r->symbol, sizeof(r->symbol), "%s", sym);
		snprintf(r->base, sizeof(r->base), "%s", base);
		snprintf(r->quote, sizeof(r->quote), "%s", quote);
		r->step = json_number_value(json_object_get(j, "step"));
		r->min_qty = json_number_value(json_object_get(j, "min_qty"));
		r->max_qty = json_number_value(json_object_get(j, "max_qty"));
		r->market_max_qty = json_number_value(json_object_get(j,
		    "market_max_qty"));
		r->tick = json_number_value(json_object_get(j, "tick"));
		r->min_notional = json_number_value(json_object_get(j,
		    "min_notional"));
		r->trading = json_is_true(json_object_get(j, "trading"));
	}
	json_decref(j);
	return ok ? 0 : -1;
}

static char *
rules_text(const struct tp_lrules *r)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, "
	    "s:b}", "symbol", r->symbol, "base", r->base, "quote", r->quote,
	    "step", r->step, "min_qty", r->min_qty, "max_qty", r->max_qty,
	    "market_max_qty", r->market_max_qty, "tick", r->tick,
	    "min_notional", r->min_notional, "trading", r->trading);
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return s;
}

/* The journal's rules of s, fetched within a day: 1, or 0. */
static int
rules_cached(struct tp_exlive *v, struct tp_exlive_sym *s)
{
	sqlite3_stmt *q;
	int found = 0;

	if (sqlite3_prepare_v2(db_of(v), "SELECT rules FROM live_markets "
	    "WHERE exchange = ? AND market = ? AND symbol = ? AND fetched > ?",
	    -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, v->l->v->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, market_name(v), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, s->vsym, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, tp_time_now_ms() - DAY_MS);
	if (sqlite3_step(q) == SQLITE_ROW)
		found = rules_parse((const char *)sqlite3_column_text(q, 0),
		    &s->r) == 0;
	sqlite3_finalize(q);
	return found;
}

static int
rules_store(struct tp_exlive *v, struct tp_exlive_sym *s, struct tp_err *err)
{
	sqlite3_stmt *q;
	char *text = rules_text(&s->r);
	int rc;

	if (text == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (sqlite3_prepare_v2(db_of(v), "INSERT OR REPLACE INTO live_markets "
	    "(exchange, market, symbol, rules, fetched) VALUES (?, ?, ?, ?, ?)",
	    -1, &q, NULL) != SQLITE_OK) {
		free(text);
		return tp_journal_fail(&v->x->j, "cannot keep the rules", err);
	}
	sqlite3_bind_text(q, 1, v->l->v->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, market_name(v), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, s->vsym, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, tp_time_now_ms());
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	free(text);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot keep the rules", err);
}

/* Symbol i's live state with its rules: NULL with err, or with
 * s->loaded -1 when the exchange has no such symbol. */
static struct tp_exlive_sym *
rules_of(struct tp_exlive *v, int i, struct tp_err *err)
{
	struct tp_exlive_sym *s = sym_of(v, i, err);
	int rc;

	if (s == NULL || s->loaded != 0)
		return s;
	if (rules_cached(v, s)) {
		s->loaded = 1;
		return s;
	}
	if ((rc = v->l->v->rules(v->l, s->vsym, &s->r, err)) < 0)
		return NULL;
	s->loaded = rc > 0 ? 1 : -1;
	if (rc > 0 && rules_store(v, s, err) < 0)
		return NULL;
	return s;
}

/* ---- the journal's orders ------------------------------------------------- */

/* A row of live_orders: what tp sent, and what the exchange said. */
struct lrow {
	struct tp_lorder o;
	char purpose[16];
	char state[16];		/* state_names, or "unknown", "lost" */
	int64_t time;
	double booked;
};

static void
row_read(sqlite3_stmt *q, struct lrow *r)
{
	const char *t;

	memset(r, 0, sizeof(*r));
#define COPY(dst, col) do { t = (const char *)sqlite3_column_text(q, col); \
	snprintf(dst, sizeof(dst), "%s", t != NULL ? t : ""); } while (0)
	COPY(r->o.client_id, 0);
	COPY(r->o.symbol, 1);
	COPY(r->purpose, 2);
	r->o.buy = strcmp((const char *)sqlite3_column_text(q, 3), "buy") == 0;
	r->o.type = strcmp((const char *)sqlite3_column_text(q, 4), "stop") ==
	    0 ? TP_LO_STOP : TP_LO_MARKET;
	r->o.qty = sqlite3_column_double(q, 5);
	r->o.stop = sqlite3_column_double(q, 6);
	r->time = sqlite3_column_int64(q, 7);
	COPY(r->state, 8);
	COPY(r->o.order_id, 9);
	r->o.filled = sqlite3_column_double(q, 10);
	r->o.avg_price = sqlite3_column_double(q, 11);
	r->o.fee = sqlite3_column_double(q, 12);
	COPY(r->o.fee_asset, 13);
	r->booked = sqlite3_column_double(q, 14);
	r->o.update_time = sqlite3_column_int64(q, 15);
#undef COPY
}

/* Step q, a SELECT of ROW_COLS, once, into *r, and finalize it: 1, 0
 * when it has no row, -1 with err. */
static int
row_one(struct tp_exlive *v, sqlite3_stmt *q, struct lrow *r,
    struct tp_err *err)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW)
		row_read(q, r);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot read live_orders",
		    err);
	return rc == SQLITE_ROW;
}

#define ROW_COLS "client_id, symbol, purpose, side, type, qty, stop, time, " \
	"state, order_id, filled, avg_price, fee, fee_asset, booked, " \
	"exchange_time"

/* The row of client id: 1, 0 when none, -1 with err. */
static int
row_get(struct tp_exlive *v, const char *id, struct lrow *r,
    struct tp_err *err)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(db_of(v), "SELECT " ROW_COLS " FROM live_orders "
	    "WHERE client_id = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_orders",
		    err);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	return row_one(v, q, r, err);
}

static int
row_put(struct tp_exlive *v, const char *symbol, const struct lrow *r,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	int64_t now = tp_time_now_ms();
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "INSERT INTO live_orders (client_id, "
	    "account, strategy, symbol, purpose, side, type, qty, stop, time, "
	    "state, order_id, filled, avg_price, fee, fee_asset, booked, "
	    "placed, updated, exchange_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, "
	    "?19) ON CONFLICT (client_id) DO UPDATE SET purpose = ?5, state = "
	    "?11, order_id = ?12, filled = ?13, avg_price = ?14, fee = ?15, "
	    "fee_asset = ?16, booked = ?17, updated = ?18, exchange_time = "
	    "?19", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot write live_orders",
		    err);
	sqlite3_bind_text(q, 1, r->o.client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, symbol, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, r->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, r->o.buy ? "buy" : "sell", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, r->o.type == TP_LO_STOP ? "stop" :
	    r->o.type == TP_LO_LIMIT ? "limit" : "market", -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 8, r->o.qty);
	if (r->o.type == TP_LO_STOP)
		sqlite3_bind_double(q, 9, r->o.stop);
	sqlite3_bind_int64(q, 10, r->time);
	sqlite3_bind_text(q, 11, r->state, -1, SQLITE_STATIC);
	if (r->o.order_id[0])
		sqlite3_bind_text(q, 12, r->o.order_id, -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 13, r->o.filled);
	if (r->o.filled > 0)
		sqlite3_bind_double(q, 14, r->o.avg_price);
	sqlite3_bind_double(q, 15, r->o.fee);
	if (r->o.fee_asset[0])
		sqlite3_bind_text(q, 16, r->o.fee_asset, -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 17, r->booked);
	sqlite3_bind_int64(q, 18, now);
	if (r->o.update_time > 0)
		sqlite3_bind_int64(q, 19, r->o.update_time);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot write live_orders", err);
}

/* Whether an order in this state waits no more. */
static int
final(enum tp_lostate s)
{
	return s == TP_LS_FILLED || s == TP_LS_CANCELED ||
	    s == TP_LS_REJECTED || s == TP_LS_EXPIRED;
}

/* Take the exchange's word o into row r. */
static void
row_update(struct lrow *r, const struct tp_lorder *o)
{
	double qty = r->o.qty, stop = r->o.stop;
	int buy = r->o.buy;
	enum tp_lotype type = r->o.type;

	r->o = *o;
	if (!(r->o.qty > 0))
		r->o.qty = qty;
	if (!(r->o.stop > 0))
		r->o.stop = stop;
	r->o.buy = buy;
	r->o.type = type;
	snprintf(r->state, sizeof(r->state), "%s", state_names[o->state]);
}

/* The fill records of what r's order filled and is not yet written: once
 * it waits no more, its fills summed as the exchange reports them. */
static int
book(struct tp_exlive *v, const char *symbol, struct lrow *r,
    struct tp_err *err)
{
	struct tp_recb o;
	int64_t t;

	if (!(r->o.filled > r->booked) || !final(r->o.state))
		return 0;
	t = r->o.update_time > 0 ? r->o.update_time : tp_time_now_ms();
	tp_exec_begin(v->x, &o, "fill", t);
	tp_recb_text(&o, "exchange", v->l->v->name);
	tp_recb_text(&o, "account", v->account);
	tp_recb_string(&o, "symbol", symbol);
	tp_recb_text(&o, "client_order_id", r->o.client_id);
	tp_recb_text(&o, "fill_id", r->o.order_id[0] ? r->o.order_id :
	    r->o.client_id);
	tp_recb_text(&o, "side", r->o.buy ? "buy" : "sell");
	tp_recb_num(&o, "price", r->o.avg_price);
	tp_recb_num(&o, "amount", r->o.filled - r->booked);
	tp_recb_num(&o, "fee", r->o.fee);
	tp_recb_text(&o, "fee_currency", r->o.fee_asset[0] ? r->o.fee_asset :
	    NULL);
	tp_recb_text(&o, "reason", r->purpose);
	r->booked = r->o.filled;
	return tp_exec_emit(v->x, &o, err);
}

/* ---- intents ---------------------------------------------------------------- */

/*
 * A run's rows become durable at its commit, and its orders are placed
 * before that: a run killed between the two (kill -9, a crash, the power)
 * would leave an order on the exchange that the journal never heard of,
 * and a next run on a new candle would not send it again to find it.  So
 * each placement is first written to <journal>.intents and synced; the
 * next run of the strategy takes each intent whose client id the journal
 * lacks as an order of unknown fate, which settling asks the exchange
 * about.  The commit leaves in the file only the other strategies'
 * intents (a journal may hold several; the journal's lock keeps their
 * runs apart).  One line an order, tab-separated: strategy, client id,
 * symbol, purpose, side, type, quantity, stop, candle time.
 */
#define INTENT_FIELDS 9

static void
intents_path(const struct tp_exlive *v, char *p, size_t n)
{
	snprintf(p, n, "%s.intents", v->x->j.path);
}

static int
intent(struct tp_exlive *v, const char *symbol, const struct lrow *r,
    struct tp_err *err)
{
	const char *st = v->x->p.bt.st->name;
	char line[640], path[4096];
	int n, broken = 0;

	intents_path(v, path, sizeof(path));
	n = snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\t%s\t%s\t%.17g\t%.17g"
	    "\t%lld\n", st, r->o.client_id, symbol, r->purpose, r->o.buy ?
	    "buy" : "sell", r->o.type == TP_LO_STOP ? "stop" : "market",
	    r->o.qty, r->o.type == TP_LO_STOP ? r->o.stop : 0,
	    (long long)r->time);
	if (n < 0 || (size_t)n >= sizeof(line) || strpbrk(symbol, "\t\n") ||
	    strpbrk(st, "\t\n"))
		return tp_errf(err, TP_EX_CONFIG, path, 0, "strategy \"%s\" "
		    "or symbol \"%s\" cannot be written there (a tab, a "
		    "newline, or too long)", st, symbol);
	if (tp_write_all(v->intents, line, (size_t)n, &broken, err) < 0)
		return -1;
	if (fsync(v->intents) < 0)
		return tp_errf(err, TP_EX_IOERR, path, 0, "%s",
		    strerror(errno));
	return 0;
}

/* Split line (its newline gone) at tabs into f: how many fields. */
static int
intent_split(char *line, char *f[INTENT_FIELDS])
{
	int n = 0;
	char *p = line;

	while (n < INTENT_FIELDS) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	return p == NULL ? n : n + 1;
}

/* The fields f of an intent line as the row of an order of unknown fate:
 * 0, or -1 when they are not one. */
static int
intent_row(char **f, struct lrow *r, char *symbol, size_t n)
{
	char *end;

	memset(r, 0, sizeof(*r));
	if (strlen(f[1]) != TP_ORDER_ID_LEN || strlen(f[2]) >= n ||
	    strlen(f[3]) >= sizeof(r->purpose) || (strcmp(f[4], "buy") != 0 &&
	    strcmp(f[4], "sell") != 0) || (strcmp(f[5], "market") != 0 &&
	    strcmp(f[5], "stop") != 0))
		return -1;
	snprintf(r->o.client_id, sizeof(r->o.client_id), "%s", f[1]);
	snprintf(symbol, n, "%s", f[2]);
	snprintf(r->purpose, sizeof(r->purpose), "%s", f[3]);
	r->o.buy = strcmp(f[4], "buy") == 0;
	r->o.type = strcmp(f[5], "stop") == 0 ? TP_LO_STOP : TP_LO_MARKET;
	r->o.qty = strtod(f[6], &end);
	if (*end || !(r->o.qty > 0) || !isfinite(r->o.qty))
		return -1;
	r->o.stop = strtod(f[7], &end);
	if (*end || !isfinite(r->o.stop))
		return -1;
	r->time = strtoll(f[8], &end, 10);
	if (*end || end == f[8])
		return -1;
	snprintf(r->state, sizeof(r->state), "unknown");
	return 0;
}

static int
recovered(struct tp_exlive *v, const char *id)
{
	char (*g)[TP_ORDER_ID_LEN + 1] = tp_grow(v->rec, &v->caprec,
	    v->nrec + 1, sizeof(*g));

	if (g == NULL)
		return -1;
	v->rec = g;
	memcpy(v->rec[v->nrec], id, TP_ORDER_ID_LEN);	/* intent_row()'s */
	v->rec[v->nrec++][TP_ORDER_ID_LEN] = '\0';
	return 0;
}

/* One complete line (its newline gone) of the file: the strategy's
 * intent the journal lacks becomes a row of unknown fate (settle() asks
 * the exchange), with an event; another strategy's is kept. */
static int
intent_take(struct tp_exlive *v, char *line, const char *path, long no,
    struct tp_err *err)
{
	char copy[648], symbol[128], msg[4200], *f[INTENT_FIELDS] = { 0 };
	struct lrow r, old;
	int rc, n;

	snprintf(copy, sizeof(copy), "%s\n", line);
	n = intent_split(line, f);
	if (n == INTENT_FIELDS && strcmp(f[0], v->x->p.bt.st->name) != 0)
		return tp_buf_add(&v->others, copy, strlen(copy)) < 0 ?
		    tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") : 0;
	if (n != INTENT_FIELDS || intent_row(f, &r, symbol, sizeof(symbol)) <
	    0) {
		snprintf(msg, sizeof(msg), "%s:%ld: not an intent tp-exec "
		    "wrote: skipped", path, no);
		return tp_exec_event(v->x, tp_time_now_ms(), NULL,
		    "intent_unreadable", "medium", NULL, msg, err);
	}
	if ((rc = row_get(v, r.o.client_id, &old, err)) != 0)
		return rc < 0 ? -1 : 0;		/* its run committed */
	if (row_put(v, symbol, &r, err) < 0)
		return -1;
	if (recovered(v, r.o.client_id) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_exec_event(v->x, tp_time_now_ms(), symbol,
	    "order_recovered", "medium", r.o.client_id, "a run was killed "
	    "after sending this order and before its commit: the exchange is "
	    "asked what became of it", err);
}

/* The lines of f; a last one cut short (the kill came while it was
 * written: nothing was sent) is cut off the file, so that what is
 * appended next starts a line. */
static int
intents_take(struct tp_exlive *v, FILE *f, const char *path,
    struct tp_err *err)
{
	char line[640];
	long no = 0, whole = 0;

	while (fgets(line, sizeof(line), f) != NULL) {
		no++;
		if (strchr(line, '\n') == NULL)
			break;
		*strchr(line, '\n') = '\0';
		whole = ftell(f);
		if (intent_take(v, line, path, no, err) < 0)
			return -1;
	}
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > whole &&
	    truncate(path, (off_t)whole) < 0)
		return tp_errf(err, TP_EX_IOERR, path, 0, "%s",
		    strerror(errno));
	return 0;
}

/* Sync the folder of path, so that a file made in it stays made. */
static void
sync_dir(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Open <journal>.intents (mode 600), taking what a killed run left. */
static int
intents_open(struct tp_exlive *v, struct tp_err *err)
{
	char path[4096];
	FILE *f;
	int rc = 0;

	intents_path(v, path, sizeof(path));
	if ((f = fopen(path, "r")) != NULL) {
		rc = intents_take(v, f, path, err);
		fclose(f);
	} else if (errno != ENOENT)
		return tp_errf(err, TP_EX_IOERR, path, 0, "%s",
		    strerror(errno));
	if (rc < 0)
		return -1;
	if (f == NULL) {	/* made now: its name synced too */
		v->intents = open(path, O_WRONLY | O_CREAT | O_APPEND |
		    O_CLOEXEC, 0600);
		if (v->intents >= 0)
			sync_dir(path);
	} else
		v->intents = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (v->intents < 0)
		return tp_errf(err, TP_EX_IOERR, path, 0, "%s",
		    strerror(errno));
	return 0;
}

void
tp_exlive_committed(struct tp_exlive *v)
{
	char path[4096], tmp[4200];
	int fd, broken = 0;
	struct tp_err err = TP_ERR_INIT;

	if (v->intents < 0)
		return;
	if (v->others.len == 0) {
		/* should it fail, the next run finds their rows, and
		 * passes over them */
		if (ftruncate(v->intents, 0) < 0)
			return;
		return;
	}
	/* the other strategies' intents stay, the file replaced whole */
	intents_path(v, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) < 0)
		return;
	if (tp_write_all(fd, v->others.p, v->others.len, &broken, &err) < 0 ||
	    fsync(fd) < 0 || rename(tmp, path) < 0) {
		close(fd);
		unlink(tmp);
		return;
	}
	close(fd);
	sync_dir(path);
}

/* ---- sending ---------------------------------------------------------------- */

/*
 * The exchange failed for now (err TP_EX_TEMPFAIL: down, busy, banning
 * us): the run stops asking it, says so in an event, and goes on to
 * commit what it did, so that nothing the exchange did is lost; the run
 * then exits 75.  Returns 0 with err cleared, or -1 for another error.
 */
static int
went_down(struct tp_exlive *v, int64_t time, const char *symbol,
    const char *id, struct tp_err *err)
{
	char why[sizeof(err->msg)];

	if (err->code != TP_EX_TEMPFAIL)
		return -1;
	snprintf(why, sizeof(why), "%s", err->msg);
	tp_err_clear(err);
	v->down = 1;
	return tp_exec_event(v->x, time, symbol, v->l->ban ? "exchange_ban" :
	    "exchange_down", "critical", id, why, err);
}

/* Why nothing more is sent this run, into why (n bytes). */
static void
down_why(struct tp_exlive *v, char *why, size_t n)
{
	snprintf(why, n, "%s did not answer earlier in this run (see its "
	    "event): nothing more is sent until the next run",
	    v->l->v->name);
}

static void
pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) != 0)
		;
}

/*
 * A market order the exchange took without saying what became of it
 * (Bybit answers a placement with its ids alone): asked for once, so
 * that its fill, and the stop after it, are this run's, not the next
 * one's.  *o stays as it was when the exchange does not show it yet.
 */
static int
settled(struct tp_exlive *v, const struct tp_exlive_sym *s, const char *id,
    struct tp_lorder *o, struct tp_err *err)
{
	struct tp_lorder now;
	int k;

	/* a market order fills within milliseconds; a few tries, 0.1 s
	 * apart, before it is left for the next run's settling */
	for (k = 0; k < 5 && !final(o->state); k++) {
		if (k > 0)
			pause_ms(100);
		if (v->l->v->query(v->l, s->vsym, id, &now, err) < 0)
			return -1;
		if (now.state != TP_LS_NONE)
			*o = now;
	}
	return 0;
}

/*
 * Whether the failed placement was the exchange refusing the order with
 * a code tp does not know (an answer tp could not place, to a request
 * that was complete: a 4xx that is no key, ban or rate limit): then it
 * is a refusal like the others, its message in why and err cleared, so
 * that one unexpected code does not undo a run that sent orders.
 */
static int
refusal(struct tp_exlive *v, struct tp_err *err, char *why, size_t n)
{
	long st = v->l->http.status;

	if (err->code != TP_EX_UNAVAILABLE || st < 400 || st >= 500 ||
	    st == 401 || st == 403 || st == 418 || st == 429)
		return 0;
	snprintf(why, n, "%s", err->msg);
	tp_err_clear(err);
	return 1;
}

/*
 * Send q for the engine's symbol i (q->symbol is set here) as purpose,
 * belonging to the candle at time.  The amounts are rounded to the
 * rules and checked; the exchange is asked for the client id first, so
 * an order a killed run placed is found, not placed again.  Returns 0
 * with *r (its state as the exchange says), 1 refused (why, n bytes:
 * the rule or the exchange's word), 2 its fate unknown, -1 with err.
 */
static int
send(struct tp_exlive *v, int i, const char *purpose, struct tp_lreq *q,
    int64_t time, struct lrow *r, char *why, size_t n, struct tp_err *err)
{
	struct tp_exlive_sym *s = rules_of(v, i, err);
	struct tp_lrules rules;
	struct tp_lorder o;
	struct lrow old;
	double price = v->x->p.bt.sym[i].last_close;
	int rc;

	if (s == NULL)
		return -1;
	if (s->loaded < 0) {
		snprintf(why, n, "%s has no market %s on %s", sym_name(v, i),
		    s->vsym, v->l->v->name);
		return 1;
	}
	memset(r, 0, sizeof(*r));
	q->symbol = s->vsym;
	q->rules = &s->r;
	q->qty = tp_lrules_qty(&s->r, q->qty);
	if (q->type == TP_LO_STOP)
		q->stop = tp_lrules_price(&s->r, q->stop);
	rules = s->r;
	if (q->reduce_only)	/* closing what is held: no minimum value */
		rules.min_notional = 0;
	if (tp_lrules_check(&rules, q->qty, q->type == TP_LO_STOP ? q->stop :
	    price, why, n))
		return 1;
	snprintf(r->purpose, sizeof(r->purpose), "%s", purpose);
	snprintf(r->o.client_id, sizeof(r->o.client_id), "%s", q->client_id);
	r->o.buy = q->buy;
	r->o.type = q->type;
	r->o.qty = q->qty;
	r->o.stop = q->stop;
	r->time = time;
	/* sent already this run or an earlier one (a flip's close after
	 * the exit signal's, same id): what was booked stays booked */
	if ((rc = row_get(v, q->client_id, &old, err)) < 0)
		return -1;
	if (rc > 0)
		r->booked = old.booked;
	if (v->l->v->query(v->l, s->vsym, q->client_id, &o, err) < 0)
		return -1;
	if (o.state == TP_LS_NONE) {
		if (intent(v, sym_name(v, i), r, err) < 0)
			return -1;
		if (v->l->market == TP_LM_FUTURES && !s->prepared) {
			if (v->l->v->prepare(v->l, s->vsym,
			    v->x->p.bt.st->leverage, err) < 0)
				return -1;
			s->prepared = 1;
		}
		v->placed++;
		rc = v->l->v->place(v->l, q, &o, why, n, err);
		if (rc < 0 && refusal(v, err, why, n))
			return 1;
		if (rc < 0 || rc == TP_LP_REFUSED)
			return rc < 0 ? -1 : 1;
		if (rc == TP_LP_UNKNOWN) {
			/* the answer was lost: the order may be there */
			pause_ms(1000);
			if (v->l->v->query(v->l, s->vsym, q->client_id, &o,
			    err) < 0) {
				/* nor could it be asked: the next run asks */
				snprintf(r->state, sizeof(r->state), "unknown");
				v->unknown++;
				row_put(v, sym_name(v, i), r, err);
				return -1;
			}
			if (o.state == TP_LS_NONE) {
				snprintf(r->state, sizeof(r->state), "unknown");
				v->unknown++;
				snprintf(why, n, "the exchange's answer was lost "
				    "and it does not know the order yet: the "
				    "next run asks again");
				return row_put(v, sym_name(v, i), r, err) < 0 ?
				    -1 : 2;
			}
		} else if (q->type == TP_LO_MARKET && !final(o.state) &&
		    settled(v, s, q->client_id, &o, err) < 0)
			return -1;
	}
	row_update(r, &o);
	if (book(v, sym_name(v, i), r, err) < 0 ||
	    row_put(v, sym_name(v, i), r, err) < 0)
		return -1;
	return 0;
}

/* A "reject" record: the order the exchange or its rules refused. */
static int
reject(struct tp_exlive *v, const struct tp_xorder *xo, const char *why,
    struct tp_err *err)
{
	struct tp_recb o;

	tp_exec_begin(v->x, &o, "reject", xo->time);
	tp_recb_string(&o, "symbol", xo->symbol);
	tp_recb_text(&o, "action", tp_action_names[xo->action]);
	tp_recb_text(&o, "client_order_id", xo->client_id);
	tp_recb_text(&o, "exchange", v->l->v->name);
	tp_recb_text(&o, "limit", strstr(why, "(lot size)") != NULL ?
	    "lot_size" : strstr(why, "(min notional)") != NULL ?
	    "min_notional" : "exchange");
	tp_recb_text(&o, "reason", why);
	return tp_exec_emit(v->x, &o, err);
}

/* The client id of what symbol i does for the candle at time. */
static void
order_id(struct tp_exlive *v, int i, int64_t time, const char *what,
    char *id)
{
	tp_paper_order_id(&v->x->p, i, time, what, id);
}

/* The engine's stop of a position opened at rate with stake: the same
 * arithmetic the engine's entry does (tp_backtest.c work()). */
static double
stop_price(struct tp_exlive *v, int i, int is_short, double rate,
    double stake)
{
	const struct tp_backtest *b = &v->x->p.bt;
	const struct tp_bt_sym *s = &b->sym[i];
	struct tp_trade t;

	memset(&t, 0, sizeof(t));
	tp_trade_open(&t, &b->x, is_short, s->last_time, rate, stake,
	    b->st->leverage, b->st->fee);
	if (s->order_stop > 0) {
		t.has_stop = 0;
		tp_trade_adjust_stop(&t, t.open_rate, -s->order_stop *
		    t.leverage, 1);
	}
	return t.has_stop ? t.stop_loss : 0;
}

/* The quantity a spot position holds of its base: what filled, less a
 * fee taken in the base asset. */
static double
held(struct tp_exlive *v, int i, const struct lrow *r)
{
	const struct tp_exlive_sym *s = &v->sym[i];

	if (v->l->market == TP_LM_SPOT && strcmp(r->o.fee_asset, s->r.base) ==
	    0)
		return r->o.filled - r->o.fee;
	return r->o.filled;
}

/*
 * The base the entries of symbol i's position (entered on the candle at
 * time) left with the exchange as its fee, on spot: the engine's amount
 * is what was bought, as paper's (the stake, and DCA's next one, are of
 * it); what the account holds, and sells, is that less this.  Only what
 * the engine took counts: its entry, and the additions of candles
 * before its last (an addition is taken at the candle after its own).
 */
static double
kept(struct tp_exlive *v, int i, int64_t time)
{
	const char *name = sym_name(v, i), *slash = strchr(name, '/');
	sqlite3_stmt *q;
	double k = 0;

	if (v->l->market != TP_LM_SPOT || slash == NULL)
		return 0;
	if (sqlite3_prepare_v2(db_of(v), "SELECT total(fee) FROM live_orders "
	    "WHERE strategy = ?1 AND symbol = ?2 AND time >= ?3 AND (purpose "
	    "= 'entry' OR (purpose = 'add' AND time < ?5)) AND filled > 0 AND "
	    "fee_asset = ?4", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, sym_name(v, i), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, time);
	sqlite3_bind_text(q, 4, name, (int)(slash - name), SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, v->x->p.bt.sym[i].last_time);
	if (sqlite3_step(q) == SQLITE_ROW)
		k = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	return k;
}

/* The quantity symbol i's open position holds on the exchange. */
static double
holding(struct tp_exlive *v, int i)
{
	const struct tp_backtest *b = &v->x->p.bt;
	const struct tp_trade *t = &b->sym[i].trade;

	return t->amount - kept(v, i, t->open_time - tp_bt_tf(b));
}

double
tp_exlive_holding(struct tp_exlive *v, int i)
{
	const struct tp_bt_sym *s = &v->x->p.bt.sym[i];

	if (!s->has_trade)
		return 0;
	return s->trade.is_short ? -holding(v, i) : holding(v, i);
}

/* How many stop orders the position of symbol i entered at time has
 * had: the next one's number. */
static int
stops_placed(struct tp_exlive *v, int i, int64_t time)
{
	sqlite3_stmt *q;
	int k = 0;

	if (sqlite3_prepare_v2(db_of(v), "SELECT count(*) FROM live_orders "
	    "WHERE strategy = ? AND symbol = ? AND time = ? AND purpose LIKE "
	    "'stop%'", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, sym_name(v, i), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, time);
	if (sqlite3_step(q) == SQLITE_ROW)
		k = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return k;
}

/* Place the stop of the position of symbol i (entered on the candle at
 * time): qty at price, reduce-only. */
static int
place_stop(struct tp_exlive *v, int i, int64_t time, int is_short,
    double qty, double price, struct tp_err *err)
{
	char id[TP_ORDER_ID_LEN + 1], what[16], why[512];
	struct tp_lreq q;
	struct lrow r;
	int rc;

	if (!(price > 0) || !(qty > 0))
		return 0;
	snprintf(what, sizeof(what), "stop%d", stops_placed(v, i, time) + 1);
	order_id(v, i, time, what, id);
	memset(&q, 0, sizeof(q));
	q.client_id = id;
	q.buy = is_short;
	q.type = TP_LO_STOP;
	q.qty = qty;
	q.stop = price;
	q.reduce_only = 1;
	if (v->down)
		down_why(v, why, sizeof(why));
	rc = v->down ? 1 : send(v, i, "stop", &q, time, &r, why, sizeof(why),
	    err);
	if (rc < 0 && went_down(v, time, sym_name(v, i), id, err) < 0)
		return -1;
	if (rc < 0)
		down_why(v, why, sizeof(why));
	if (rc == 1 || rc < 0)
		return tp_exec_event(v->x, time, sym_name(v, i),
		    "stop_not_placed", "critical", id, why, err);
	return 0;
}

static int stop_row(struct tp_exlive *v, int i, struct lrow *r,
    struct tp_err *err);

/*
 * Cancel the waiting order of row r (symbol i) on the exchange: 1
 * cancelled; 0 when it waited no more (it filled or went meanwhile: the
 * exchange is asked what became of it, and a fill is booked), -1 with
 * err.
 */
static int
withdraw(struct tp_exlive *v, int i, struct lrow *r, struct tp_err *err)
{
	struct tp_lorder o;
	int rc;

	if ((rc = v->l->v->cancel(v->l, v->sym[i].vsym, r->o.client_id,
	    err)) < 0)
		return -1;
	if (rc > 0)
		snprintf(r->state, sizeof(r->state), "canceled");
	else if (v->l->v->query(v->l, v->sym[i].vsym, r->o.client_id, &o,
	    err) < 0)
		return -1;
	else if (o.state != TP_LS_NONE) {
		row_update(r, &o);
		if (book(v, sym_name(v, i), r, err) < 0)
			return -1;
	} else
		snprintf(r->state, sizeof(r->state), "canceled");
	return row_put(v, sym_name(v, i), r, err) < 0 ? -1 : rc > 0;
}

/*
 * Spot: a stop order holds the base it would sell, so an exit must
 * cancel it first (Binance refuses the sale, -2010); the end of the run
 * places it again if the position stays.  Futures' reduce-only orders
 * share the position; with always (a flip: the stop is of the side
 * that goes) it is cancelled on futures too.  0, or -1 with err.
 */
static int
unlock(struct tp_exlive *v, int i, int always, struct tp_err *err)
{
	struct lrow r;
	int rc;

	if (v->l->market != TP_LM_SPOT && !always)
		return 0;
	if ((rc = stop_row(v, i, &r, err)) <= 0 || (strcmp(r.state, "new") !=
	    0 && strcmp(r.state, "partial") != 0))
		return rc < 0 ? -1 : 0;
	return withdraw(v, i, &r, err) < 0 ? -1 : 0;
}

/*
 * An addition filled: the position's stop must cover it at once, at the
 * stop the engine will have once it adds at the next candle (an initial
 * stop moves with the average rate; tp_trade_add, on a copy).
 */
static int
grown(struct tp_exlive *v, int i, const struct lrow *r, struct tp_err *err)
{
	const struct tp_backtest *b = &v->x->p.bt;
	struct tp_trade t = b->sym[i].trade;

	tp_trade_add(&t, &b->x, r->o.avg_price, r->o.filled * r->o.avg_price /
	    t.leverage);
	/* the engine takes this addition at the next candle */
	t.amount -= kept(v, i, t.open_time - tp_bt_tf(b)) + r->o.filled -
	    held(v, i, r);
	if (!t.has_stop || unlock(v, i, 1, err) < 0)
		return err->code ? -1 : 0;
	return place_stop(v, i, t.open_time - tp_bt_tf(b), t.is_short,
	    t.amount, t.stop_loss, err);
}

/*
 * The exchange's order for an order record xo of symbol i, which the
 * paper account took: an entry (or an addition, or a flip's close and
 * entry), or an exit of the open position.  0 sent (or nothing to
 * send), 1 refused (why), -1 with err.
 */
static int
act(struct tp_exlive *v, int i, const struct tp_xorder *xo, char *why,
    size_t n, struct tp_err *err)
{
	struct tp_backtest *b = &v->x->p.bt;
	struct tp_bt_sym *s = &b->sym[i];
	const struct tp_strategy *st = b->st;
	struct tp_trade *t = &s->trade;
	int entry = xo->action == TP_ENTER_LONG ||
	    xo->action == TP_ENTER_SHORT;
	int dir = xo->action == TP_ENTER_SHORT ||
	    xo->action == TP_EXIT_SHORT;
	char id[TP_ORDER_ID_LEN + 1];
	struct tp_stake_in in;
	struct tp_lreq q;
	struct lrow r;
	double stake;
	int rc, adding = 0;

	memset(&q, 0, sizeof(q));
	q.client_id = xo->client_id;
	if (entry && dir && v->l->market == TP_LM_SPOT) {
		snprintf(why, n, "account \"%s\" trades spot, which cannot "
		    "short", v->account);
		return 1;
	}
	if (!entry) {
		/* an exit signal acts only on a position of its side */
		if (!s->has_trade || t->is_short != dir)
			return 0;
		q.buy = dir;
		q.reduce_only = 1;
		q.qty = holding(v, i);
		if (sym_of(v, i, err) == NULL || unlock(v, i, 0, err) < 0)
			return -1;
		rc = send(v, i, "exit", &q, xo->time, &r, why, n, err);
		return rc == 2 ? 0 : rc;
	}
	if (s->has_trade && t->is_short != dir) {
		if (!st->flip)
			return 0;	/* the engine keeps the position */
		/* a flip: the position closes first, as the exit signal's
		 * order of this candle would */
		order_id(v, i, xo->time, tp_action_names[t->is_short ?
		    TP_EXIT_SHORT : TP_EXIT_LONG], id);
		memset(&q, 0, sizeof(q));
		q.client_id = id;
		q.buy = t->is_short;
		q.reduce_only = 1;
		q.qty = holding(v, i);
		if (sym_of(v, i, err) == NULL || unlock(v, i, 1, err) < 0)
			return -1;
		if ((rc = send(v, i, "exit", &q, xo->time, &r, why, n,
		    err)) != 0)
			return rc == 2 ? 0 : rc;
		memset(&q, 0, sizeof(q));
		q.client_id = xo->client_id;
	} else if (s->has_trade) {
		/* DCA, as the engine's adjust() will judge it at the next
		 * open, which the last close stands for */
		if (st->adjust_max == 0 || t->entries > st->adjust_max ||
		    (t->is_short ? s->last_close < t->open_rate * (1 +
		    st->adjust_min_drop) : s->last_close > t->open_rate *
		    (1 - st->adjust_min_drop)))
			return 0;
		stake = t->first_stake * st->adjust_stake_ratio;
		adding = 1;
		goto size;
	}
	tp_bt_stake_in(b, s, &in);
	stake = xo->stake > 0 ? xo->stake : tp_trade_stake(st, b->balance,
	    b->staked, b->nopen, &in);
size:
	if (!(stake > 0) || !(s->last_close > 0)) {
		snprintf(why, n, "no stake for it: the account's sizing rule "
		    "gives none");
		return 1;
	}
	q.buy = !dir;
	q.qty = stake * st->leverage / s->last_close;
	rc = send(v, i, adding ? "add" : "entry", &q, xo->time, &r, why, n,
	    err);
	if (rc != 0 || !(r.o.filled > 0))
		return rc == 2 ? 0 : rc;
	if (adding)
		return grown(v, i, &r, err);
	return place_stop(v, i, xo->time, dir, held(v, i, &r), stop_price(v,
	    i, dir, r.o.avg_price, r.o.filled * r.o.avg_price / st->leverage),
	    err);
}

/* ---- the exchange tp-exec's run sees ---------------------------------------- */

static int
blocked(struct tp_exlive *v, const char *symbol, char *why, size_t n)
{
	char reason[2400];	/* report()'s, tp_exrecon.c */

	if (!tp_exrecon_block(v, symbol, reason, sizeof(reason)))
		return 0;
	snprintf(why, n, "entries on %s wait for tp-exec reconcile (--adopt "
	    "or --ignore): %s", symbol, reason);
	return 1;
}

static int
live_place(void *ctx, const struct tp_xorder *xo, char *why, size_t n,
    struct tp_err *err)
{
	struct tp_exlive *v = ctx;
	int rc, i;

	if ((xo->action == TP_ENTER_LONG || xo->action == TP_ENTER_SHORT) &&
	    blocked(v, xo->symbol, why, n))
		return 1;
	i = tp_names_find(&v->x->p.bt.syms, xo->symbol, strlen(xo->symbol));
	if ((xo->action == TP_ENTER_LONG || xo->action == TP_ENTER_SHORT) &&
	    i >= 0 && tp_exlive_recovering(v, i)) {
		snprintf(why, n, "the entry a killed run placed on %s filled: "
		    "it becomes the engine's trade at the end of this run",
		    xo->symbol);
		return 1;
	}
	if (xo->limit > 0) {
		snprintf(why, n, "a live account places market orders only "
		    "(a limit entry is paper's alone for now)");
		return 1;
	}
	/* the paper account checks the order is of its last candle, and
	 * takes it as the signal its next candle acts on */
	if ((rc = v->paper.place(v->paper.ctx, xo, why, n, err)) != 0)
		return rc;
	if (v->down) {
		down_why(v, why, n);
		rc = 1;
	} else if ((rc = act(v, i, xo, why, n, err)) < 0) {
		struct lrow r;

		if (went_down(v, xo->time, xo->symbol, xo->client_id, err) < 0)
			return -1;
		/* an entry that filled before the exchange went away
		 * stands, and so does one whose fate the next run learns;
		 * anything else was not sent */
		if ((rc = row_get(v, xo->client_id, &r, err)) < 0)
			return -1;
		rc = rc > 0 && (r.o.filled > 0 || strcmp(r.state, "unknown") ==
		    0) ? 0 : 1;
		down_why(v, why, n);
	}
	if (rc == 1) {
		if (v->paper.cancel(v->paper.ctx, xo->symbol, xo->client_id,
		    err) < 0 || reject(v, xo, why, err) < 0)
			return -1;
	}
	return rc;
}

/* An entry a live account sent is a market order, filled when sent: it
 * is no longer waiting, and its position must come.  Only an order still
 * waiting on the exchange is cancelled there. */
static int
live_cancel(void *ctx, const char *symbol, const char *id,
    struct tp_err *err)
{
	struct tp_exlive *v = ctx;
	struct lrow r;
	int rc, i;

	if ((rc = row_get(v, id, &r, err)) < 0)
		return -1;
	if (rc > 0 && r.o.filled > 0)
		return 0;
	i = tp_names_find(&v->x->p.bt.syms, symbol, strlen(symbol));
	if (rc > 0 && (strcmp(r.state, "new") == 0 || strcmp(r.state,
	    "partial") == 0) && i >= 0) {
		if (sym_of(v, i, err) == NULL || (rc = withdraw(v, i, &r,
		    err)) < 0)
			return -1;
		if (rc == 0 && r.o.filled > 0)
			return 0;	/* it filled meanwhile: it stands */
	}
	return v->paper.cancel(v->paper.ctx, symbol, id, err);
}

static int
live_query(void *ctx, const char *symbol, const char *id,
    enum tp_xstate *state, struct tp_err *err)
{
	struct tp_exlive *v = ctx;

	return v->paper.query(v->paper.ctx, symbol, id, state, err);
}

static int
keep_balance(void *ctx, const struct tp_lbalance *b)
{
	struct tp_exlive *v = ctx;
	struct tp_lbalance *g = tp_grow(v->bal, &v->capbal, v->nbal + 1,
	    sizeof(*g));

	if (g == NULL)
		return -1;
	v->bal = g;
	v->bal[v->nbal++] = *b;
	return 0;
}

/* Reconcile reads them at the start (spot): a run that sends nothing
 * reads them once. */
int
tp_exlive_balances(struct tp_exlive *v, struct tp_err *err)
{
	int rc;

	if (v->bal_placed == v->placed)
		return 0;
	v->nbal = 0;
	v->bal_placed = -1;
	if ((rc = v->l->v->balances(v->l, keep_balance, v, err)) > 0 ||
	    (rc < 0 && err->code == 0))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (rc == 0)
		v->bal_placed = v->placed;
	return rc;
}

struct sum {
	struct tp_exlive *v;
	double unrealised;
	struct tp_err *err;
};

/* Each position as the exchange reports it: a "position" record. */
static int
add_position(void *ctx, const struct tp_lposition *p)
{
	struct sum *s = ctx;
	struct tp_exlive *v = s->v;
	char base[TP_LSYM], quote[TP_LSYM], sym[2 * TP_LSYM];
	struct tp_recb o;

	s->unrealised += p->unrealised;
	if (tp_market_split(p->symbol, base, quote, sizeof(base)) == 0)
		snprintf(sym, sizeof(sym), "%s/%s", base, quote);
	else
		snprintf(sym, sizeof(sym), "%s", p->symbol);
	tp_exec_begin(v->x, &o, "position", v->x->p.bt.step_time);
	tp_recb_text(&o, "exchange", v->l->v->name);
	tp_recb_text(&o, "account", v->account);
	tp_recb_string(&o, "symbol", sym);
	tp_recb_text(&o, "side", p->is_short ? "short" : "long");
	tp_recb_num(&o, "amount", p->qty);
	tp_recb_num(&o, "open_rate", p->entry);
	tp_recb_num(&o, "mark_price", p->mark);
	tp_recb_num(&o, "liquidation_price", p->liquidation > 0 ?
	    p->liquidation : NAN);
	tp_recb_num(&o, "leverage", p->leverage);
	tp_recb_num(&o, "unrealised_pnl", p->unrealised);
	return tp_exec_emit(v->x, &o, s->err) < 0 ? -1 : 0;
}

/* The account as the exchange reports it: the quote asset's balance
 * (and, on futures, the positions' unrealised profit). */
static int
live_balances(void *ctx, struct tp_xbalance *b, struct tp_err *err)
{
	struct tp_exlive *v = ctx;
	struct sum s = { v, 0, err };
	const char *quote = "USDT";
	double total = 0;
	int i, rc = 0;

	if (v->paper.balances(v->paper.ctx, b, err) < 0)
		return -1;
	if (v->down)	/* the engine's book stands for it this once */
		return 0;
	for (i = 0; i < v->nsym; i++)
		if (v->sym[i].loaded > 0) {
			quote = v->sym[i].r.quote;
			break;
		}
	if (tp_exlive_balances(v, err) < 0 ||
	    (v->l->market == TP_LM_FUTURES && (rc = v->l->v->positions(v->l,
	    add_position, &s, err)) != 0)) {
		if (rc != 0 && err->code != TP_EX_TEMPFAIL)
			return -1;	/* a record the journal refused */
		return went_down(v, tp_time_now_ms(), NULL, NULL, err);
	}
	for (i = 0; i < v->nbal; i++)
		if (strcmp(v->bal[i].asset, quote) == 0)
			total += v->bal[i].free + v->bal[i].locked;
	b->balance = total;
	b->equity = total + s.unrealised;
	/* spot: what the positions hold, at their last close */
	for (i = 0; v->l->market == TP_LM_SPOT && i < v->x->p.bt.nsym; i++)
		if (v->x->p.bt.sym[i].has_trade)
			b->equity += holding(v, i) *
			    v->x->p.bt.sym[i].last_close;
	return 0;
}

/* ---- the engine's fills ------------------------------------------------------ */

/* The latest stop row of symbol i's position, still to be used: 1 with
 * *r, 0 none, -1 with err. */
static int
stop_row(struct tp_exlive *v, int i, struct lrow *r, struct tp_err *err)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(db_of(v), "SELECT " ROW_COLS " FROM live_orders "
	    "WHERE strategy = ? AND symbol = ? AND purpose = 'stop' AND state "
	    "IN ('new', 'partial', 'filled', 'unknown') ORDER BY placed DESC, "
	    "rowid DESC LIMIT 1", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_orders",
		    err);
	sqlite3_bind_text(q, 1, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, sym_name(v, i), -1, SQLITE_STATIC);
	return row_one(v, q, r, err);
}

/* An exit the engine decides itself (ROI, a halt's close): a market
 * order now. */
static int
exit_now(struct tp_exlive *v, int i, enum tp_exit_reason why,
    struct lrow *r, struct tp_err *err)
{
	const struct tp_bt_sym *s = &v->x->p.bt.sym[i];
	char id[TP_ORDER_ID_LEN + 1], no[512];
	struct tp_lreq q;
	int rc;

	order_id(v, i, s->cur.time, tp_exit_names[why], id);
	memset(&q, 0, sizeof(q));
	q.client_id = id;
	q.buy = s->trade.is_short;
	q.reduce_only = 1;
	q.qty = holding(v, i);
	if (v->down) {
		down_why(v, no, sizeof(no));
		rc = 1;
	} else if (unlock(v, i, 0, err) < 0 || (rc = send(v, i, "close", &q,
	    s->cur.time, r, no, sizeof(no), err)) < 0) {
		if (went_down(v, s->cur.time, sym_name(v, i), id, err) < 0)
			return -1;
		down_why(v, no, sizeof(no));
		rc = 1;
	}
	if (rc == 1)
		return tp_exec_event(v->x, s->cur.time, sym_name(v, i),
		    "exit_refused", "critical", id, no, err) < 0 ? -1 : 0;
	return rc < 0 ? -1 : rc == 0;
}

static int
live_fill(void *ctx, const struct tp_backtest *b, const struct tp_bt_sym *s,
    enum tp_exit_reason why, int adding, double *rate, double *amount,
    struct tp_err *err)
{
	struct tp_exlive *v = ((struct tp_exec *)ctx)->live;
	int i = (int)(s - b->sym), rc;
	char id[TP_ORDER_ID_LEN + 1];
	struct lrow r;

	(void)adding;
	if (rules_of(v, i, err) == NULL)	/* held() reads the base */
		return -1;
	if (why == TP_EXIT_NONE || why == TP_EXIT_EXIT_SIGNAL) {
		/* the order the last candle placed, filled since */
		enum tp_action a = why == TP_EXIT_NONE ? (s->sig & TP_SIG_EL ?
		    TP_ENTER_LONG : TP_ENTER_SHORT) : s->trade.is_short ?
		    TP_EXIT_SHORT : TP_EXIT_LONG;

		order_id(v, i, s->last_time, tp_action_names[a], id);
		rc = row_get(v, id, &r, err);
	} else if (why == TP_EXIT_STOP_LOSS || why == TP_EXIT_TRAILING) {
		/* only when the exchange's stop filled */
		if ((rc = stop_row(v, i, &r, err)) > 0 && strcmp(r.state,
		    "filled") == 0) {
			snprintf(r.purpose, sizeof(r.purpose), "stop.used");
			if (row_put(v, sym_name(v, i), &r, err) < 0)
				return -1;
		} else if (rc > 0)
			rc = 0;
	} else if (why == TP_EXIT_LIQUIDATION)
		rc = 0;		/* the exchange's, seen by reconcile */
	else
		rc = exit_now(v, i, why, &r, err);
	if (rc <= 0 || !(r.o.filled > 0))
		return rc < 0 ? -1 : 0;
	*rate = r.o.avg_price;
	if (why == TP_EXIT_NONE)
		*amount = r.o.filled;
	return 1;
}

/* ---- settling what earlier runs left ----------------------------------------- */

static int
keep_open(void *ctx, const struct tp_lorder *o)
{
	struct tp_exlive *v = ctx;
	struct tp_lorder *g = tp_grow(v->open, &v->capopen, v->nopen + 1,
	    sizeof(*g));

	if (g == NULL)
		return -1;
	v->open = g;
	v->open[v->nopen++] = *o;
	return 0;
}

/* Whether the exchange listed client id as open when the run began. */
static int
listed_open(const struct tp_exlive *v, const char *id)
{
	int k;

	for (k = 0; k < v->nopen; k++)
		if (strcmp(v->open[k].client_id, id) == 0)
			return 1;
	return 0;
}

/* The exchange's open orders, once a run: settling and reconciling both
 * read them (one request, not one an order). */
static int
read_open(struct tp_exlive *v, struct tp_err *err)
{
	int rc = v->l->v->open_orders(v->l, NULL, keep_open, v, err);

	if (rc > 0 || (rc < 0 && err->code == 0))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return rc;
}

/* Ask the exchange about each order of the account that was waiting or
 * whose answer was lost, and book what filled: an order still listed
 * open waits yet, and is not asked about. */
static int
settle(struct tp_exlive *v, struct tp_err *err)
{
	sqlite3_stmt *q;
	struct lrow r;
	struct tp_lorder o;
	char vsym[TP_LSYM], sym[TP_LSYM];
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "SELECT " ROW_COLS " FROM live_orders "
	    "WHERE account = ? AND state IN ('new', 'partial', 'unknown') "
	    "ORDER BY placed", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_orders",
		    err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_read(q, &r);
		if (tp_live_symbol(r.o.symbol, vsym) < 0 || (strcmp(r.state,
		    "unknown") != 0 && listed_open(v, r.o.client_id)))
			continue;
		if (v->l->v->query(v->l, vsym, r.o.client_id, &o, err) < 0)
			break;
		if (o.state == TP_LS_NONE && strcmp(r.state, "unknown") == 0) {
			/* it never reached the exchange */
			snprintf(r.state, sizeof(r.state), "lost");
			if (row_put(v, r.o.symbol, &r, err) < 0 ||
			    tp_exec_event(v->x, tp_time_now_ms(), r.o.symbol,
			    "order_lost", "medium", r.o.client_id, "the run "
			    "that sent it did not learn its fate (its answer "
			    "was lost, or the run was killed) and the exchange "
			    "does not know it: it was never placed", err) < 0)
				break;
			continue;
		}
		if (o.state == TP_LS_NONE)
			continue;
		snprintf(sym, sizeof(sym), "%s", r.o.symbol);
		row_update(&r, &o);	/* the exchange's symbol in r.o */
		if (book(v, sym, &r, err) < 0 || row_put(v, sym, &r, err) < 0)
			break;
	}
	sqlite3_finalize(q);
	if (err->code)
		return -1;
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot read live_orders", err);
}

/* ---- what a killed run did ----------------------------------------------------- */

/*
 * The filled order k of those a killed run placed (its intents), of the
 * engine's symbol *i, when purpose (entry, exit) is what it was: 1 with
 * *r, 0 when not, -1 with err.
 */
static int
recovered_row(struct tp_exlive *v, int k, int entry, struct lrow *r,
    int *i, struct tp_err *err)
{
	int rc;

	if ((rc = row_get(v, v->rec[k], r, err)) <= 0)
		return rc;
	if (!(r->o.filled > 0) || strcmp(r->state, "new") == 0 ||
	    strcmp(r->state, "partial") == 0 || strcmp(r->state, "unknown") ==
	    0 || (entry ? strcmp(r->purpose, "entry") != 0 :
	    strcmp(r->purpose, "exit") != 0 && strcmp(r->purpose, "close") !=
	    0))
		return 0;
	*i = tp_names_find(&v->x->p.bt.syms, r->o.symbol,
	    strlen(r->o.symbol));
	return *i >= 0;
}

int
tp_exlive_recovering(struct tp_exlive *v, int i)
{
	struct tp_err err = TP_ERR_INIT;
	struct lrow r;
	int k, j;

	for (k = 0; k < v->nrec; k++)
		if (recovered_row(v, k, 1, &r, &j, &err) > 0 && j == i)
			return 1;
	return 0;
}

static int
recovered_event(struct tp_exlive *v, int i, const struct lrow *r,
    const char *what, struct tp_err *err)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s at %.10g, as the exchange filled the "
	    "order a killed run placed", what, r->o.avg_price);
	return tp_exec_event(v->x, tp_time_now_ms(), sym_name(v, i),
	    "position_recovered", "medium", r->o.client_id, msg, err);
}

/* Before the candles: an exit that filled closes the engine's trade, so
 * that the run does not sell again what is sold. */
static int
recover_exits(struct tp_exlive *v, struct tp_err *err)
{
	const struct tp_backtest *b = &v->x->p.bt;
	struct lrow r;
	int k, i, rc;

	for (k = 0; k < v->nrec; k++) {
		if ((rc = recovered_row(v, k, 0, &r, &i, err)) < 0)
			return -1;
		if (rc == 0 || !b->sym[i].has_trade ||
		    b->sym[i].trade.open_time > r.time)
			continue;
		if (tp_exrecon_close(v, i, r.o.avg_price, strcmp(r.purpose,
		    "exit") == 0 ? TP_EXIT_EXIT_SIGNAL : TP_EXIT_FORCE,
		    err) < 0 || recovered_event(v, i, &r, "the engine's trade "
		    "closed", err) < 0)
			return -1;
	}
	return 0;
}

/* After the candles (or before a halt): an entry that filled opens the
 * engine's trade, at the candle after the order's as the engine would
 * have.  The engine does not make it again: its order record is worked
 * already (its fill is booked), or no longer in the input (cron moved
 * on), and other entries on the symbol waited (live_place). */
int
tp_exlive_recover(struct tp_exlive *v, struct tp_err *err)
{
	const struct tp_backtest *b = &v->x->p.bt;
	const struct tp_bt_sym *s;
	struct tp_lposition p;
	struct lrow r;
	int k, i, rc;

	for (k = 0; k < v->nrec; k++) {
		if ((rc = recovered_row(v, k, 1, &r, &i, err)) < 0)
			return -1;
		s = &b->sym[i];
		if (rc == 0 || s->has_trade)
			continue;
		memset(&p, 0, sizeof(p));
		p.is_short = !r.o.buy;
		p.qty = r.o.filled;
		p.entry = r.o.avg_price;
		if (tp_exrecon_open(v, i, r.time + tp_bt_tf(b), &p, err) < 0 ||
		    recovered_event(v, i, &r, "the engine's trade opened",
		    err) < 0)
			return -1;
	}
	v->nrec = 0;
	return 0;
}

int
tp_exlive_take_filled(struct tp_exlive *v, struct tp_err *err)
{
	struct tp_backtest *b = &v->x->p.bt;
	char id[TP_ORDER_ID_LEN + 1];
	struct tp_lposition p;
	struct tp_bt_sym *s;
	struct lrow r;
	int i, rc;

	for (i = 0; i < b->nsym; i++) {
		s = &b->sym[i];
		if (s->has_trade || !(s->sig & (TP_SIG_EL | TP_SIG_ES)))
			continue;
		order_id(v, i, s->last_time, tp_action_names[s->sig &
		    TP_SIG_EL ? TP_ENTER_LONG : TP_ENTER_SHORT], id);
		if ((rc = row_get(v, id, &r, err)) < 0)
			return -1;
		if (rc == 0 || !(r.o.filled > 0))
			continue;
		memset(&p, 0, sizeof(p));
		p.is_short = !r.o.buy;
		p.qty = r.o.filled;
		p.entry = r.o.avg_price;
		if (tp_exrecon_open(v, i, s->last_time + tp_bt_tf(b), &p,
		    err) < 0)
			return -1;
		s->sig &= ~(TP_SIG_EL | TP_SIG_ES);
	}
	return 0;
}

/* ---- stops ----------------------------------------------------------------------- */

/* Whether the stop waiting at price is the engine's want, within half a
 * tick. */
static int
same_stop(const struct tp_exlive_sym *s, double price, double want)
{
	return fabs(price - tp_lrules_price(&s->r, want)) <= s->r.tick / 2;
}

/* Whether s's position was closed on the exchange by this run's order
 * (an exit signal, a flip) and closes in the engine at the next candle:
 * it needs no stop. */
static int
closing(const struct tp_backtest *b, const struct tp_bt_sym *s)
{
	int is_short = s->trade.is_short;

	return s->has_trade && ((s->sig & (is_short ? TP_SIG_XS :
	    TP_SIG_XL)) || (b->st->flip && (s->sig & (is_short ? TP_SIG_EL :
	    TP_SIG_ES))));
}

/* The exchange went away this run: each position left without a stop
 * waiting (one an exit cancelled before its sale failed) is a critical
 * event, since nothing can be placed now. */
static int
unguarded(struct tp_exlive *v, struct tp_err *err)
{
	struct tp_backtest *b = &v->x->p.bt;
	struct lrow r;
	int i, rc;

	for (i = 0; i < b->nsym; i++) {
		if (!b->sym[i].has_trade)
			continue;
		if ((rc = stop_row(v, i, &r, err)) < 0)
			return -1;
		if (rc > 0 && (strcmp(r.state, "new") == 0 || strcmp(r.state,
		    "partial") == 0))
			continue;
		if (tp_exec_event(v->x, b->sym[i].last_time, sym_name(v, i),
		    "stop_not_placed", "critical", NULL, "the exchange went "
		    "away before the position's stop could be placed again: "
		    "it has none until the next run", err) < 0)
			return -1;
	}
	return 0;
}

/* Whether the stop covers the position's quantity, to a lot step (an
 * addition grew it: the stop must grow too, moved this run or not). */
static int
same_qty(const struct tp_exlive_sym *s, double qty, double want)
{
	return fabs(qty - tp_lrules_qty(&s->r, want)) < s->r.step / 2 + 1e-12;
}

int
tp_exlive_stops(struct tp_exlive *v, struct tp_err *err)
{
	struct tp_backtest *b = &v->x->p.bt;
	struct tp_exlive_sym *ls;
	struct tp_bt_sym *s;
	struct lrow r;
	int64_t entered;
	int i, rc;

	/* it sends nothing: before all else */
	if (tp_exlive_recover(v, err) < 0)
		return -1;
	if (v->down)
		return unguarded(v, err);
	for (i = 0; i < b->nsym && !v->down; i++) {
		s = &b->sym[i];
		if ((rc = stop_row(v, i, &r, err)) < 0)
			return -1;
		if ((ls = rules_of(v, i, err)) == NULL)
			return went_down(v, tp_time_now_ms(), sym_name(v, i),
			    NULL, err);
		if (rc > 0 && strcmp(r.state, "filled") == 0 && s->has_trade) {
			/* the exchange stopped it out, the candles did not
			 * show it yet: the engine closes it there */
			if (tp_bt_close(b, i, r.o.update_time > 0 ?
			    r.o.update_time : s->last_time,
			    r.o.avg_price, TP_EXIT_STOP_LOSS, err) < 0)
				return -1;
			continue;
		}
		if (!s->has_trade && (s->sig & (TP_SIG_EL | TP_SIG_ES)))
			continue;	/* it opens at the next candle */
		if (closing(b, s))
			continue;	/* sold already: it closes then */
		if (s->has_trade && (s->sig & (s->trade.is_short ? TP_SIG_ES :
		    TP_SIG_EL)))
			continue;	/* an addition's stop is placed */
		if (rc > 0 && strcmp(r.state, "filled") != 0 &&
		    (!s->has_trade || (s->trade.has_stop && ((!same_stop(ls,
		    r.o.stop, s->trade.stop_loss) && !ls->moved) ||
		    !same_qty(ls, r.o.qty, holding(v, i)))))) {
			/* the position closed otherwise, or its stop
			 * trailed: the old stop goes */
			if ((rc = withdraw(v, i, &r, err)) < 0)
				return went_down(v, tp_time_now_ms(),
				    sym_name(v, i), r.o.client_id, err);
			/* a stop that filled meanwhile: the next run's
			 * engine closes the position there */
			if (!s->has_trade || rc == 0)
				continue;
			ls->moved = 1;
			rc = 0;
		}
		if (rc == 0 && s->has_trade && s->trade.has_stop) {
			entered = s->trade.open_time - tp_bt_tf(b);
			if (place_stop(v, i, entered, s->trade.is_short,
			    holding(v, i), s->trade.stop_loss, err) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * Kraken's nonce (tp_live.h): the last the account's runs used, kept in
 * the journal.  The venue's next is above it and the clock in ms; a run
 * killed before its commit loses only nonces below the next run's clock.
 */
static int
nonce_read(struct tp_exlive *v, struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "SELECT last FROM live_nonce WHERE "
	    "account = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_nonce", err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW &&
	    sqlite3_column_int64(q, 0) > 0 &&
	    (uint64_t)sqlite3_column_int64(q, 0) > v->l->nonce_last)
		v->l->nonce_last = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    tp_journal_fail(&v->x->j, "cannot read live_nonce", err);
}

static int
nonce_keep(struct tp_exlive *v, struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (v->l->nonce_last == 0)
		return 0;	/* a venue without nonces */
	if (sqlite3_prepare_v2(db_of(v), "INSERT INTO live_nonce (account, "
	    "last) VALUES (?1, ?2) ON CONFLICT (account) DO UPDATE SET last "
	    "= max(last, ?2)", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot write live_nonce",
		    err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)v->l->nonce_last);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot write live_nonce", err);
}

/* Mark the journal's account of the strategy as this live account
 * (after the account is saved: its row exists). */
int
tp_exlive_mark(struct tp_exlive *v, struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "UPDATE paper_accounts SET live = ? "
	    "WHERE strategy = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot mark the account",
		    err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot mark the account",
		    err);
	return nonce_keep(v, err);
}

/* ---- opening ---------------------------------------------------------------------- */

/* A spot account's holdings are one strategy's positions: another
 * strategy of the journal on it is refused. */
static int
one_strategy(struct tp_exlive *v, struct tp_err *err)
{
	sqlite3_stmt *q;
	char other[128] = "";
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "SELECT strategy FROM paper_accounts "
	    "WHERE live = ? AND strategy != ? LIMIT 1", -1, &q, NULL) !=
	    SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read the accounts",
		    err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		snprintf(other, sizeof(other), "%s", (const char *)
		    sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot read the accounts",
		    err);
	if (rc == SQLITE_DONE)
		return 0;
	return tp_errf(err, TP_EX_CONFIG, v->x->j.path, 0, "spot account "
	    "\"%s\" is traded by strategy \"%s\" in this journal: its "
	    "holdings are one strategy's positions, so strategy \"%s\" "
	    "needs an account of its own", v->account, other,
	    v->x->p.bt.st->name);
}

/* The journal's account for the strategy must be this live account, or
 * new. */
static int
same_account(struct tp_exlive *v, struct tp_err *err)
{
	sqlite3_stmt *q;
	const char *live = NULL;
	int rc, ok = 1;
	char was[128] = "";

	if (sqlite3_prepare_v2(db_of(v), "SELECT live, seq FROM "
	    "paper_accounts WHERE strategy = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read the accounts",
		    err);
	sqlite3_bind_text(q, 1, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		live = (const char *)sqlite3_column_text(q, 0);
		snprintf(was, sizeof(was), "%s", live != NULL ? live : "");
		ok = live != NULL ? strcmp(live, v->account) == 0 :
		    sqlite3_column_int64(q, 1) == 0;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot read the accounts",
		    err);
	if (ok)
		return v->l->market == TP_LM_SPOT ? one_strategy(v, err) : 0;
	if (*was)
		return tp_errf(err, TP_EX_CONFIG, v->x->j.path, 0, "strategy "
		    "\"%s\" trades the live account \"%s\" in this journal, "
		    "not \"%s\"", v->x->p.bt.st->name, was, v->account);
	return tp_errf(err, TP_EX_CONFIG, v->x->j.path, 0, "strategy \"%s\" "
	    "trades on paper in this journal: a live account needs a journal "
	    "of its own", v->x->p.bt.st->name);
}

int
tp_exlive_open(struct tp_exlive *v, struct tp_exec *x, struct tp_live *l,
    const char *account, struct tp_err *err)
{
	const struct tp_strategy *st = x->p.bt.st;
	char why[256];

	memset(v, 0, sizeof(*v));
	v->x = x;
	v->l = l;
	v->account = account;
	v->bal_placed = -1;
	v->intents = -1;
	if (l->market == TP_LM_SPOT && st->leverage > 1)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "account \"%s\" "
		    "trades spot: strategy \"%s\" has leverage %g, which "
		    "spot cannot", account, st->name, st->leverage);
	if (l->market == TP_LM_SPOT && tp_strategy_shorts(st, why,
	    sizeof(why)) != NULL)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "account \"%s\" "
		    "trades spot, which cannot short: strategy \"%s\" does "
		    "(%s)", account, st->name, why);
	if (same_account(v, err) < 0 || nonce_read(v, err) < 0 ||
	    l->v->sync_time(l, err) < 0)
		return -1;
	v->paper = x->ex;
	x->ex.name = l->v->name;
	x->ex.ctx = v;
	x->ex.place = live_place;
	x->ex.cancel = live_cancel;
	x->ex.query = live_query;
	x->ex.balances = live_balances;
	x->p.bt.out.fill = live_fill;	/* its ctx is x */
	x->live = v;
	if (intents_open(v, err) < 0 || read_open(v, err) < 0 ||
	    settle(v, err) < 0 || recover_exits(v, err) < 0)
		return -1;
	return tp_exrecon_check(v, err);
}

void
tp_exlive_release(struct tp_exlive *v)
{
	free(v->sym);
	free(v->open);
	free(v->bal);
	free(v->rec);
	tp_buf_release(&v->others);
	if (v->intents >= 0)
		close(v->intents);
	v->intents = -1;
	v->sym = NULL;
	v->open = NULL;
	v->bal = NULL;
	v->rec = NULL;
}
