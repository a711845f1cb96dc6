/*
 * tp_exec.c: tp-exec's runs on a paper account (tp_exec.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "run/tp_exec.h"
#include "run/tp_exlive.h"
#include "core/tp_time.h"

/* ---- reading fields by name ---------------------------------------------- */

/* Field name of rec as text (NULL when absent or null). */
static const char *
field_text(struct tp_names *names, struct tp_buf *tmp,
    const struct tp_rec *rec, const char *name, size_t *n)
{
	int id = tp_names_find(names, name, strlen(name)), i, isnull;
	const char *p;

	if (id < 0 || (i = tp_rec_find(rec, id, -1)) < 0 ||
	    tp_field_text(&rec->f[i], tmp, &p, n, &isnull) < 0 || isnull)
		return NULL;
	return p;
}

/* Field name as a NUL-ended copy in dst (cut to size); "" when absent. */
static void
field_copy(struct tp_names *names, struct tp_buf *tmp,
    const struct tp_rec *rec, const char *name, char *dst, size_t size)
{
	size_t n = 0;
	const char *p = field_text(names, tmp, rec, name, &n);

	if (p == NULL || n >= size)
		n = p == NULL ? 0 : size - 1;
	memcpy(dst, p != NULL ? p : "", n);
	dst[n] = '\0';
}

/* Field name as a number: 0, 1 when absent, -1 with err when not one. */
static int
field_num(struct tp_names *names, const struct tp_rec *rec, const char *name,
    double *v, struct tp_err *err)
{
	int id = tp_names_find(names, name, strlen(name)), i;

	*v = NAN;
	if (id < 0 || (i = tp_rec_find(rec, id, -1)) < 0)
		return 1;
	return tp_field_num(rec, &rec->f[i], names, v, err);
}

static int
is_type(struct tp_exec *x, const struct tp_rec *rec, const char *type)
{
	size_t n;
	const char *p = field_text(x->names, &x->tmp, rec, "type", &n);

	return p != NULL && n == strlen(type) && memcmp(p, type, n) == 0;
}

/* ---- records made ------------------------------------------------------- */

/* Journal x->out and queue it for output. */
int
tp_exec_emit(struct tp_exec *x, struct tp_recb *o, struct tp_err *err)
{
	int stored;

	if (o->rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (tp_journal_add(&x->j, &x->out, &stored, err) < 0)
		return -1;
	return tp_write(&x->w, &x->out, err);
}

void
tp_exec_begin(struct tp_exec *x, struct tp_recb *o, const char *type,
    int64_t time)
{
	tp_recb_begin(o, x->names, &x->out, type, time, x->p.bt.st->name);
}

int
tp_exec_event(struct tp_exec *x, int64_t time, const char *symbol,
    const char *what, const char *severity, const char *id,
    const char *reason, struct tp_err *err)
{
	struct tp_recb o;

	tp_exec_begin(x, &o, "event", time);
	tp_recb_string(&o, "symbol", symbol != NULL ? symbol : "");
	tp_recb_text(&o, "event", what);
	tp_recb_text(&o, "severity", severity);
	tp_recb_text(&o, "client_order_id", id);
	tp_recb_text(&o, "reason", reason);
	return tp_exec_emit(x, &o, err);
}

static int
fill(struct tp_exec *x, const struct tp_bt_sym *s, int64_t time,
    const char *id, int buy, double price, double amount, double fee,
    const char *reason, struct tp_err *err)
{
	struct tp_recb o;

	tp_exec_begin(x, &o, "fill", time);
	tp_recb_text(&o, "exchange", x->ex.name);
	tp_recb_string(&o, "symbol", tp_bt_sym_name(&x->p.bt, s));
	tp_recb_text(&o, "client_order_id", id);
	tp_recb_text(&o, "fill_id", id);
	tp_recb_text(&o, "side", buy ? "buy" : "sell");
	tp_recb_num(&o, "price", price);
	tp_recb_num(&o, "amount", amount);
	tp_recb_num(&o, "fee", fee);
	tp_recb_text(&o, "fee_currency", "quote");
	tp_recb_text(&o, "reason", reason);
	return tp_exec_emit(x, &o, err);
}

static int
sym_index(const struct tp_backtest *b, const struct tp_bt_sym *s)
{
	return (int)(s - b->sym);
}

/* The engine opened or added to a position: the entry order's fill. */
static int
on_entry(void *ctx, const struct tp_backtest *b, const struct tp_bt_sym *s,
    int adding, double rate, double stake, struct tp_err *err)
{
	struct tp_exec *x = ctx;
	const struct tp_trade *t = &s->trade;
	double amount = stake * t->leverage / rate;
	char id[TP_ORDER_ID_LEN + 1];

	x->entered = 1;
	if (x->live != NULL)	/* the exchange's fills are booked */
		return 0;
	tp_paper_order_id(&x->p, sym_index(b, s), s->last_time,
	    tp_action_names[t->is_short ? TP_ENTER_SHORT : TP_ENTER_LONG], id);
	return fill(x, s, s->cur.time, id, !t->is_short, rate, amount,
	    amount * rate * t->fee_open, adding ? "adjust" : "entry", err);
}

/* The engine closed a trade: the exit's fill, then the trade. */
static int
on_trade(void *ctx, const struct tp_backtest *b, const struct tp_bt_sym *s,
    struct tp_err *err)
{
	struct tp_exec *x = ctx;
	const struct tp_trade *t = &s->trade;
	char id[TP_ORDER_ID_LEN + 1];
	struct tp_recb o = { x->names, &x->out, 0 };

	/* An exit signal's order was placed on the candle before; the
	 * account's own exits are named by their reason.  A live
	 * account's fills are the exchange's, booked already. */
	if (x->live != NULL)
		goto trade;
	if (t->exit == TP_EXIT_EXIT_SIGNAL)
		tp_paper_order_id(&x->p, sym_index(b, s), s->last_time,
		    tp_action_names[t->is_short ? TP_EXIT_SHORT : TP_EXIT_LONG],
		    id);
	else
		tp_paper_order_id(&x->p, sym_index(b, s), t->close_time,
		    tp_exit_names[t->exit], id);
	if (fill(x, s, t->close_time, id, t->is_short, t->close_rate,
	    t->amount, t->amount * t->close_rate * t->fee_close,
	    tp_exit_names[t->exit], err) < 0)
		return -1;
trade:
	if (tp_bt_trade_rec(b, s, x->names, &x->out) < 0)
		o.rc = -1;
	return tp_exec_emit(x, &o, err);
}

/* ---- liquidation risk ---------------------------------------------------- */

/*
 * How near its liquidation price a leveraged position may come before
 * tp-exec warns, as a part of the price (issue 25, the severities of the
 * system tp replaces): under 2% critical, from 2% to under 5% high, from
 * 5% to 10% itself medium.  tp-exec(1) says the same.
 */
#define LIQ_CRITICAL 0.02
#define LIQ_HIGH 0.05
#define LIQ_MEDIUM 0.10

/* A position's warning no worse than its last waits this long. */
#define LIQ_COOLDOWN_MS INT64_C(120000)

static const char *const liq_severity[] = { "", "medium", "high",
    "critical" };

/* The severity of distance d, as an index of liq_severity; 0: none. */
static int
liq_level(double d)
{
	if (d < LIQ_CRITICAL)
		return 3;
	if (d < LIQ_HIGH)
		return 2;
	return d <= LIQ_MEDIUM ? 1 : 0;
}

/* The index of severity in liq_severity; 0 when not one. */
static int
liq_level_of(const char *severity)
{
	int i = 3;

	while (i > 0 && strcmp(severity, liq_severity[i]) != 0)
		i--;
	return i;
}

/* Whether the journal's record text is this account's event of a
 * position on side. */
static int
liq_ours(struct tp_exec *x, const char *record, const char *side)
{
	json_t *r = json_loads(record, 0, NULL);
	const char *st = json_string_value(json_object_get(r, "strategy"));
	const char *sd = json_string_value(json_object_get(r, "side"));
	const char *name = x->p.bt.st->name;
	int ours = st != NULL && sd != NULL && name != NULL &&
	    strcmp(st, name) == 0 && strcmp(sd, side) == 0;

	json_decref(r);
	return ours;
}

/*
 * The severity (an index of liq_severity) of the last liquidation_risk
 * event of this account's position on symbol and side within the
 * cooldown before time, or 0.  From the journal, so that the cooldown
 * holds across runs; this run's events are in its transaction already.
 * The events table keys an event by symbol, time and kind alone: the
 * strategy and the side are in the record the audit table keeps.
 */
static int
liq_last(struct tp_exec *x, const char *symbol, const char *side,
    int64_t time, struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc, level = 0;

	if (x->liq_last == NULL && sqlite3_prepare_v2(x->j.db, "SELECT "
	    "e.severity, a.record FROM events e JOIN audit a ON a.seq = "
	    "e.audit_seq WHERE e.symbol = ? AND e.event = "
	    "'liquidation_risk' AND e.time > ? AND e.time <= ? ORDER BY "
	    "e.time DESC", -1, &x->liq_last, NULL) != SQLITE_OK)
		return tp_journal_fail(&x->j, "cannot read the events", err);
	q = x->liq_last;
	sqlite3_bind_text(q, 1, symbol, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, time - LIQ_COOLDOWN_MS);
	sqlite3_bind_int64(q, 3, time);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (liq_ours(x, (const char *)sqlite3_column_text(q, 1),
		    side)) {
			const char *sev = (const char *)
			    sqlite3_column_text(q, 0);

			level = sev != NULL ? liq_level_of(sev) : 0;
			break;
		}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		level = tp_journal_fail(&x->j, "cannot read the events", err);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return level;
}

/*
 * After candle k of symbol s: an open position above 1x (isolated
 * margin, the only kind; a position at 1x, spot, has no liquidation
 * price) whose liquidation price is 10% of the close or nearer gets a
 * "liquidation_risk" event, unless one no less severe was made within
 * the cooldown.  The close is the price the candle leaves the position
 * at; a low that reached the liquidation price has closed it already.
 */
static int
liq_check(struct tp_exec *x, const struct tp_bt_sym *s,
    const struct tp_candle *k, struct tp_err *err)
{
	const struct tp_trade *t = &s->trade;
	const char *symbol = tp_bt_sym_name(&x->p.bt, s);
	const char *side = t->is_short ? "short" : "long";
	struct tp_recb o;
	double d;
	int level, last;

	if (!s->has_trade || !(t->leverage > 1) || !(t->liquidation > 0) ||
	    !(k->close > 0))
		return 0;
	d = fabs(k->close - t->liquidation) / k->close;
	if ((level = liq_level(d)) == 0)
		return 0;
	if ((last = liq_last(x, symbol, side, k->time, err)) < 0)
		return -1;
	if (last >= level)
		return 0;
	tp_exec_begin(x, &o, "event", k->time);
	tp_recb_string(&o, "symbol", symbol);
	tp_recb_text(&o, "event", "liquidation_risk");
	tp_recb_text(&o, "severity", liq_severity[level]);
	tp_recb_text(&o, "side", side);
	tp_recb_num(&o, "price", k->close);
	tp_recb_num(&o, "liquidation_price", t->liquidation);
	tp_recb_num(&o, "distance", d);
	tp_recb_num(&o, "leverage", t->leverage);
	return tp_exec_emit(x, &o, err);
}

/* ---- a run --------------------------------------------------------------- */

/* While halted no order fills: those waiting for the next candle are
 * cancelled.  The positions' own exits (stops, ROI, trailing,
 * liquidation) still act; halt --close-all closes the positions. */
static int
cancel_pending(struct tp_exec *x, struct tp_err *err)
{
	const struct tp_bt_sym *s;
	const char *name;
	char id[TP_ORDER_ID_LEN + 1];
	int i, a, rc;

	for (i = 0; i < x->p.bt.nsym; i++) {
		s = &x->p.bt.sym[i];
		name = tp_bt_sym_name(&x->p.bt, s);
		for (a = 0; a < TP_ACTION_N; a++) {
			if (!(s->sig & 1 << a))
				continue;
			tp_paper_order_id(&x->p, i, s->last_time,
			    tp_action_names[a], id);
			if ((rc = x->ex.cancel(x->ex.ctx, name, id, err)) < 0)
				return -1;
			if (rc == 0)
				continue;
			if (tp_exec_event(x, s->last_time, name, "order_cancelled",
			    "high", id, x->halt_why, err) < 0)
				return -1;
			x->refused++;
		}
	}
	return 0;
}

static int
open_journal(struct tp_journal *j, const char *db, int flags,
    struct tp_names *names, int busy_ms, struct tp_err *err)
{
	if (tp_journal_open(j, db, flags, names, err) < 0)
		return -1;
	tp_journal_busy(j, busy_ms);
	return 0;
}

/* A writer to an unlinked temporary file: the run's records wait there
 * for the commit. */
static int
tmp_writer(struct tp_exec *x, struct tp_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/tp-exec.XXXXXX",
	    dir != NULL && *dir ? dir : "/tmp");
	x->tmpfd = mkstemp(path);
	if (x->tmpfd < 0)
		return tp_errf(err, TP_EX_IOERR, path, 0, "cannot make a "
		    "temporary file: %s", strerror(errno));
	unlink(path);
	return tp_writer_init(&x->w, x->tmpfd, TP_FMT_NDJSON, x->names, err);
}

/* A live account's book is moved by live runs alone: a run without
 * --live (a paper run, a halt that would close at the last close) on a
 * strategy that trades live in this journal is refused. */
static int
paper_allowed(struct tp_exec *x, struct tp_err *err)
{
	sqlite3_stmt *q;
	char live[128] = "";

	if (x->p.bt.st->name == NULL || sqlite3_prepare_v2(x->j.db,
	    "SELECT live FROM paper_accounts WHERE strategy = ? AND live "
	    "IS NOT NULL", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, x->p.bt.st->name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(live, sizeof(live), "%s",
		    (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (*live)
		return tp_errf(err, TP_EX_CONFIG, x->j.path, 0, "strategy "
		    "\"%s\" trades the live account \"%s\" in this journal: "
		    "give --live %s", x->p.bt.st->name, live, live);
	return 0;
}

int
tp_exec_cancel_pending(struct tp_exec *x, struct tp_err *err)
{
	return x->halted ? cancel_pending(x, err) : 0;
}

int
tp_exec_open(struct tp_exec *x, const struct tp_strategy *st,
    struct tp_names *names, const char *db, const char *kill_file,
    int busy_ms, int live, struct tp_err *err)
{
	struct tp_bt_out out = { NULL, on_trade, NULL, NULL, on_entry,
	    NULL };

	memset(x, 0, sizeof(*x));
	x->tmpfd = -1;
	x->names = names;
	x->kill_file = kill_file;
	tp_rec_init(&x->out);
	out.ctx = x;
	if (tp_paper_init(&x->p, st, names, &out, err) < 0 ||
	    open_journal(&x->j, db, TP_J_WRITE | TP_J_CREATE, names, busy_ms,
	    err) < 0)
		return -1;
	x->open = 1;
	if (tmp_writer(x, err) < 0 || tp_journal_begin(&x->j, err) < 0 ||
	    (st->name != NULL && tp_jpaper_load(&x->p, x->j.db, db, err) < 0))
		return -1;
	tp_jpaper_exchange(&x->ex, &x->p, x->j.db);
	x->seq0 = x->p.seq;
	/* an account that has worked no candle yet (tp-risk's test too) */
	x->fresh = st->name != NULL && x->p.loaded < 0;
	x->halted = tp_jpaper_halted(x->j.db, kill_file, x->halt_why,
	    sizeof(x->halt_why));
	if (!live && paper_allowed(x, err) < 0)
		return -1;
	/* a live run cancels once its exchange is there */
	return live ? 0 : tp_exec_cancel_pending(x, err);
}

/* Work candle k of symbol sym through the account. */
static int
work(struct tp_exec *x, int sym, const struct tp_candle *k,
    const char *file, long line, struct tp_err *err)
{
	struct tp_bt_sym *s = &x->p.bt.sym[sym];
	char id[TP_ORDER_ID_LEN + 1];
	int want, rc;
	int64_t when;

	want = s->sig & (TP_SIG_EL | TP_SIG_ES);
	when = s->last_time;
	x->entered = 0;
	rc = tp_paper_candle(&x->p, sym, k, file, line, err);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	x->worked++;
	if (want && !x->entered) {
		/* An entry the open could not take: say so, an order must
		 * never vanish without a word. */
		tp_paper_order_id(&x->p, sym, when, tp_action_names[want &
		    TP_SIG_EL ? TP_ENTER_LONG : TP_ENTER_SHORT], id);
		x->refused++;
		if (tp_exec_event(x, k->time, tp_bt_sym_name(&x->p.bt, s),
		    "order_not_filled", "medium", id, "no slot or free balance "
		    "for it at the open, or the position's adjustment rules "
		    "(max_entries, min_drop) did not allow it", err) < 0)
			return -1;
	}
	return liq_check(x, s, k, err) < 0 ? -1 : 1;
}

/* A new account's first candles, held until now: the account starts. */
static int
start_account(struct tp_exec *x, struct tp_err *err)
{
	const struct tp_paper_held *h;
	int i;

	x->fresh = 0;
	for (i = 0; i < x->held.n; i++) {
		h = &x->held.v[i];
		if (work(x, h->sym, &h->k, h->file, h->line, err) < 0)
			return -1;
	}
	x->held.n = 0;
	return 0;
}

static int
candle(struct tp_exec *x, const struct tp_rec *rec, struct tp_err *err)
{
	struct tp_paper_held h;
	int rc;

	rc = tp_bt_read(&x->p.bt, rec, &h.k, &h.sig, h.tag, &h.sym, err);
	if (rc <= 0)
		return rc;
	if (!x->fresh)
		return work(x, h.sym, &h.k, rec->file, rec->line, err);
	h.file = rec->file;
	h.line = rec->line;
	return tp_paper_hold(&x->held, &h, err) < 0 ? -1 : 1;
}

struct order {
	char id[128], symbol[128], action[32], strategy[256], tag[TP_BT_TAGSZ];
	char type[16];
	double time, stake, stop, seq, price;
	enum tp_action a;
};

static int
order_fields(struct tp_exec *x, const struct tp_rec *rec, struct order *o,
    struct tp_err *err)
{
	int k;

	field_copy(x->names, &x->tmp, rec, "client_order_id", o->id,
	    sizeof(o->id));
	field_copy(x->names, &x->tmp, rec, "symbol", o->symbol,
	    sizeof(o->symbol));
	field_copy(x->names, &x->tmp, rec, "action", o->action,
	    sizeof(o->action));
	field_copy(x->names, &x->tmp, rec, "strategy", o->strategy,
	    sizeof(o->strategy));
	field_copy(x->names, &x->tmp, rec, "tag", o->tag, sizeof(o->tag));
	field_copy(x->names, &x->tmp, rec, "order_type", o->type,
	    sizeof(o->type));
	if (*o->id == '\0')
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order without a client_order_id");
	for (k = 0; k < TP_ACTION_N; k++)
		if (strcmp(o->action, tp_action_names[k]) == 0)
			break;
	o->a = (enum tp_action)k;
	if (k == TP_ACTION_N)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order %s: action \"%s\" is not enter_long, exit_long, "
		    "enter_short or exit_short", o->id, o->action);
	if (*o->strategy && strcmp(o->strategy, x->p.bt.st->name) != 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order %s is for strategy \"%s\", this account is "
		    "\"%s\"", o->id, o->strategy, x->p.bt.st->name);
	if (field_num(x->names, rec, "time", &o->time, err) != 0 ||
	    field_num(x->names, rec, "account_seq", &o->seq, err) < 0 ||
	    field_num(x->names, rec, "stake", &o->stake, err) < 0 ||
	    field_num(x->names, rec, "stop_ratio", &o->stop, err) < 0 ||
	    field_num(x->names, rec, "price", &o->price, err) < 0)
		return err->code ? -1 : tp_errf(err, TP_EX_DATAERR, rec->file,
		    rec->line, "order %s has no time", o->id);
	/* checked as a double: 1e300 or NaN would not convert */
	if (!(o->time >= (double)TP_TIME_MIN && o->time <= (double)TP_TIME_MAX))
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order %s: %s", o->id, TP_TIME_RANGE_WHY);
	/* An entry without a stake is sized at the fill by the strategy's
	 * rule (tp-risk's flips). */
	if ((o->a == TP_ENTER_LONG || o->a == TP_ENTER_SHORT) &&
	    !isnan(o->stake) && !(o->stake > 0 && o->stake < 1e15))
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order %s: an entry's stake must be above 0", o->id);
	if (isnan(o->stake))
		o->stake = 0;
	if (*o->type && strcmp(o->type, "market") != 0 &&
	    strcmp(o->type, "limit") != 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order %s: order_type \"%s\" is not market or limit",
		    o->id, o->type);
	if (strcmp(o->type, "limit") == 0 && !(o->price > 0 &&
	    o->price < 1e15))
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "order %s: a limit order needs a price above 0", o->id);
	return 0;
}

/* Why tp-exec will not send an order on, or NULL. */
static const char *
order_refused(struct tp_exec *x, const struct order *o, char *buf, size_t n)
{
	if (x->halted)
		return x->halt_why;
	if (!isnan(o->seq) && (int64_t)o->seq != x->seq0) {
		snprintf(buf, n, "sized on the account after run %.0f; it is "
		    "at run %lld now (another run came between tp-risk and "
		    "tp-exec)", o->seq, (long long)x->seq0);
		return buf;
	}
	return NULL;
}

static int
order(struct tp_exec *x, const struct tp_rec *rec, struct tp_err *err)
{
	struct order o;
	struct tp_xorder xo;
	enum tp_xstate state;
	const char *why;
	char buf[256];
	int stored, rc;

	memset(&o, 0, sizeof(o));
	if (order_fields(x, rec, &o, err) < 0)
		return -1;
	/* The same order again (a tick run twice) is already worked. */
	if (x->ex.query(x->ex.ctx, o.symbol, o.id, &state, err) < 0)
		return -1;
	if (state != TP_X_UNKNOWN)
		return 0;
	if (tp_journal_add(&x->j, rec, &stored, err) < 0)
		return -1;
	xo.client_id = o.id;
	xo.symbol = o.symbol;
	xo.action = o.a;
	xo.time = (int64_t)o.time;
	xo.limit = strcmp(o.type, "limit") == 0 ? o.price : 0;
	xo.stake = o.stake;
	xo.stop_ratio = isnan(o.stop) ? 0 : o.stop;
	xo.tag = o.tag;
	why = order_refused(x, &o, buf, sizeof(buf));
	if (why == NULL && (rc = x->ex.place(x->ex.ctx, &xo, buf,
	    sizeof(buf), err)) != 0) {
		if (rc < 0)
			return -1;
		why = buf;
	}
	if (why != NULL) {
		x->refused++;
		return tp_exec_event(x, xo.time, o.symbol, x->halted ?
		    "order_skipped" : "order_rejected", "high", o.id, why,
		    err);
	}
	return 0;
}

/* Halt trading for reason (a paper_halt row and an event), cancelling
 * the entries that wait for the next candle. */
static int
halt(struct tp_exec *x, int64_t time, const char *reason,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	snprintf(x->halt_why, sizeof(x->halt_why), "%s", reason);
	if (sqlite3_prepare_v2(x->j.db, "INSERT OR REPLACE INTO paper_halt "
	    "(id, time, reason) VALUES (1, ?, ?)", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&x->j, "cannot halt", err);
	sqlite3_bind_int64(q, 1, tp_time_now_ms());
	sqlite3_bind_text(q, 2, x->halt_why, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return tp_journal_fail(&x->j, "cannot halt", err);
	x->halted = 1;
	if (tp_exec_event(x, time, NULL, "halt", "critical", NULL, x->halt_why,
	    err) < 0)
		return -1;
	return cancel_pending(x, err);
}

/* tp-risk's drawdown kill switch: halt until someone resumes. */
static int
kill_switch(struct tp_exec *x, const struct tp_rec *rec, struct tp_err *err)
{
	char why[200], reason[256];
	double t;
	int stored;

	field_copy(x->names, &x->tmp, rec, "reason", why, sizeof(why));
	if (tp_journal_add(&x->j, rec, &stored, err) < 0)
		return -1;
	if (x->halted)
		return 0;
	if (field_num(x->names, rec, "time", &t, err) < 0)
		return -1;
	snprintf(reason, sizeof(reason), "kill switch: %s", why);
	return halt(x, isnan(t) ? tp_time_now_ms() : (int64_t)t, reason, err);
}

int
tp_exec_halt(struct tp_exec *x, const char *reason, int close_all,
    struct tp_err *err)
{
	struct tp_bt_sym *s;
	int64_t tf = x->p.bt.tf_ms;
	int i;

	if (halt(x, tp_time_now_ms(), reason, err) < 0)
		return -1;
	/* At the last close, so at the end of the last candle (its time is
	 * its open): the account's clock is the candles', not the halt's. */
	for (i = 0; close_all && i < x->p.bt.nsym; i++) {
		s = &x->p.bt.sym[i];
		if (s->has_trade && tp_bt_close(&x->p.bt, i, s->last_time +
		    tf, s->last_close, TP_EXIT_FORCE, err) < 0)
			return -1;
	}
	/* the account changed: a snapshot at the finish */
	x->worked += close_all;
	return 0;
}

int
tp_exec_resume(struct tp_exec *x, struct tp_err *err)
{
	if (x->kill_file != NULL && access(x->kill_file, F_OK) == 0)
		return tp_errf(err, TP_EX_UNAVAILABLE, x->kill_file, 0,
		    "the kill-switch file exists: remove it to resume");
	if (tp_journal_exec(&x->j, "DELETE FROM paper_halt", err) < 0)
		return -1;
	x->halted = 0;
	return tp_exec_event(x, tp_time_now_ms(), NULL, "resume", "high", NULL,
	    NULL, err);
}

int
tp_exec_rec(struct tp_exec *x, const struct tp_rec *rec, struct tp_err *err)
{
	int rc;

	if (tp_write(&x->w, rec, err) < 0)
		return -1;
	/* orders come after the candle they are for: the last one */
	if (is_type(x, rec, "order"))
		return x->fresh && start_account(x, err) < 0 ? -1 :
		    order(x, rec, err);
	if (is_type(x, rec, "event")) {
		size_t n;
		const char *e = field_text(x->names, &x->tmp, rec, "event",
		    &n);

		if (e != NULL && n == 11 && memcmp(e, "kill_switch", 11) == 0)
			return kill_switch(x, rec, err);
		return 0;
	}
	rc = candle(x, rec, err);
	return rc < 0 ? -1 : 0;
}

static int
snapshot(struct tp_exec *x, struct tp_err *err)
{
	const struct tp_paper *p = &x->p;
	struct tp_xbalance b;
	char account[300];
	struct tp_recb o;
	double eq;

	if (x->ex.balances(x->ex.ctx, &b, err) < 0)
		return -1;
	eq = b.equity;
	snprintf(account, sizeof(account), "%s:%s", x->ex.name,
	    p->bt.st->name);
	tp_exec_begin(x, &o, "account", p->bt.step_time);
	tp_recb_text(&o, "account", account);
	tp_recb_num(&o, "balance", b.balance);
	tp_recb_num(&o, "equity", eq);
	tp_recb_num(&o, "margin", b.margin);
	tp_recb_i64(&o, "open_trades", b.open_trades);
	tp_recb_num(&o, "drawdown", p->peak > 0 ? 1 - eq / p->peak :
	    0);
	tp_recb_num(&o, "peak_equity", p->peak);
	if (x->live != NULL) {
		/* what the run asked of the exchange, and waited for */
		tp_recb_i64(&o, "requests", x->live->l->http.requests);
		tp_recb_num(&o, "exchange_ms", x->live->l->http.wait_ms);
	}
	return tp_exec_emit(x, &o, err);
}

/* Copy the temporary file to fd; a reader that went away is no error. */
static int
copy_out(int from, int fd, const char *what, struct tp_err *err)
{
	char buf[65536];
	ssize_t n;
	int broken = 0;

	if (lseek(from, 0, SEEK_SET) < 0)
		return tp_errf(err, TP_EX_IOERR, what, 0, "%s",
		    strerror(errno));
	while ((n = read(from, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tp_errf(err, TP_EX_IOERR, what, 0, "%s",
			    strerror(errno));
		if (tp_write_all(fd, buf, (size_t)n, &broken, err) < 0) {
			if (!broken)
				return -1;
			tp_err_clear(err);
			return 0;
		}
	}
	return 0;
}

int
tp_exec_finish(struct tp_exec *x, int fd, struct tp_err *err)
{
	int account = x->p.bt.st->name != NULL;

	if (x->fresh && start_account(x, err) < 0)
		return -1;
	if (x->live != NULL && tp_exlive_stops(x->live, err) < 0)
		return -1;
	if (account && (x->worked > 0 || x->live != NULL) &&
	    snapshot(x, err) < 0)
		return -1;
	if ((account && tp_jpaper_save(&x->p, x->j.db, x->j.path, err) < 0) ||
	    (x->live != NULL && tp_exlive_mark(x->live, err) < 0) ||
	    tp_writer_flush(&x->w, err) < 0 ||
	    tp_journal_commit(&x->j, err) < 0)
		return -1;
	if (x->live != NULL)
		tp_exlive_committed(x->live);
	return copy_out(x->tmpfd, fd, "temporary file", err);
}

void
tp_exec_release(struct tp_exec *x)
{
	sqlite3_finalize(x->liq_last);
	if (x->open) {
		tp_journal_rollback(&x->j);
		tp_journal_close(&x->j);
	}
	tp_writer_release(&x->w);
	if (x->tmpfd >= 0)
		close(x->tmpfd);
	tp_paper_release(&x->p);
	tp_paper_hold_release(&x->held);
	tp_rec_release(&x->out);
	tp_buf_release(&x->tmp);
}

/* ---- status -------------------------------------------------------------- */

/* Write the record o built in x->out. */
static int
put_status(struct tp_exec *x, const struct tp_recb *o, struct tp_err *err)
{
	if (o->rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_write(&x->w, &x->out, err);
}

/* The "status" record of account p after seq runs. */
static int
status_totals(struct tp_exec *x, const struct tp_paper *p, int64_t seq,
    const char *live, struct tp_err *err)
{
	struct tp_recb o = { x->names, &x->out, 0 };
	double eq = tp_bt_equity(&p->bt);

	tp_rec_clear(&x->out);
	tp_recb_text(&o, "type", "status");
	tp_recb_text(&o, "strategy", p->bt.st->name);
	tp_recb_text(&o, "live", live);
	tp_recb_i64(&o, "runs", seq);
	if (p->bt.step_time >= 0)
		tp_recb_i64(&o, "time", p->bt.step_time);
	else	/* no candle worked yet */
		tp_recb_text(&o, "time", NULL);
	tp_recb_bool(&o, "halted", x->halted);
	tp_recb_text(&o, "halt_reason", x->halted ? x->halt_why : NULL);
	tp_recb_num(&o, "starting_balance", p->start);
	tp_recb_num(&o, "balance", p->bt.balance);
	tp_recb_num(&o, "realised_pnl", p->bt.balance - p->start);
	tp_recb_num(&o, "unrealised_pnl", eq - p->bt.balance);
	tp_recb_num(&o, "equity", eq);
	tp_recb_num(&o, "margin", p->bt.staked);
	tp_recb_i64(&o, "open_trades", p->bt.nopen);
	tp_recb_num(&o, "peak_equity", p->peak);
	tp_recb_num(&o, "drawdown", p->peak > 0 ? 1 - eq / p->peak : 0);
	return put_status(x, &o, err);
}

/* The "position" record of symbol s's open trade. */
static int
status_position(struct tp_exec *x, const struct tp_paper *p,
    const struct tp_bt_sym *s, struct tp_err *err)
{
	struct tp_recb o = { x->names, &x->out, 0 };
	const struct tp_trade *t = &s->trade;

	tp_rec_clear(&x->out);
	tp_recb_text(&o, "type", "position");
	tp_recb_text(&o, "strategy", p->bt.st->name);
	tp_recb_string(&o, "symbol", tp_bt_sym_name(&p->bt, s));
	tp_recb_text(&o, "side", t->is_short ? "short" : "long");
	tp_recb_i64(&o, "open_date", t->open_time);
	tp_recb_num(&o, "open_rate", t->open_rate);
	tp_recb_num(&o, "amount", t->amount);
	tp_recb_num(&o, "stake_amount", t->stake);
	tp_recb_num(&o, "leverage", t->leverage);
	tp_recb_num(&o, "stop_loss", t->has_stop ? t->stop_loss : NAN);
	tp_recb_num(&o, "liquidation_price", t->liquidation > 0 ?
	    t->liquidation : NAN);
	tp_recb_num(&o, "last_close", s->last_close);
	tp_recb_num(&o, "unrealised_pnl", tp_trade_profit_abs(t,
	    s->last_close));
	tp_recb_num(&o, "unrealised_ratio", tp_trade_profit_ratio(t,
	    s->last_close));
	return put_status(x, &o, err);
}

/* The "pending" record of symbol s's order for action a, waiting for
 * the next candle. */
static int
status_pending(struct tp_exec *x, const struct tp_paper *p,
    const struct tp_bt_sym *s, enum tp_action a, struct tp_err *err)
{
	struct tp_recb o = { x->names, &x->out, 0 };

	tp_rec_clear(&x->out);
	tp_recb_text(&o, "type", "pending");
	tp_recb_text(&o, "strategy", p->bt.st->name);
	tp_recb_string(&o, "symbol", tp_bt_sym_name(&p->bt, s));
	tp_recb_text(&o, "action", tp_action_names[a]);
	tp_recb_i64(&o, "time", s->last_time);
	tp_recb_num(&o, "stake", s->order_stake > 0 && (a == TP_ENTER_LONG ||
	    a == TP_ENTER_SHORT) ? s->order_stake : NAN);
	return put_status(x, &o, err);
}

/* Symbol s's open trade, if any, then its waiting orders. */
static int
status_symbol(struct tp_exec *x, const struct tp_paper *p,
    const struct tp_bt_sym *s, struct tp_err *err)
{
	int a;

	if (s->has_trade && status_position(x, p, s, err) < 0)
		return -1;
	for (a = 0; a < TP_ACTION_N; a++)
		if ((s->sig & 1 << a) && status_pending(x, p, s,
		    (enum tp_action)a, err) < 0)
			return -1;
	return 0;
}

/* The records of the account name, from its saved state, after seq
 * runs. */
static int
status_account(struct tp_exec *x, const char *name, const char *state,
    int64_t seq, const char *live, struct tp_err *err)
{
	struct tp_strategy st;
	struct tp_paper p;
	int i, rc;

	tp_strategy_defaults(&st);
	st.name = (char *)name;
	rc = tp_paper_init(&p, &st, x->names, NULL, err);
	if (rc == 0)
		rc = tp_paper_parse(&p, state, x->j.path, err);
	if (rc == 0)
		rc = status_totals(x, &p, seq, live, err);
	for (i = 0; rc == 0 && i < p.bt.nsym; i++)
		rc = status_symbol(x, &p, &p.bt.sym[i], err);
	tp_paper_release(&p);
	return rc;
}

/* A journal with no paper account yet (a halt may come first): one
 * status record all the same, of no strategy, so that the halt shows. */
static int
status_none(struct tp_exec *x, struct tp_err *err)
{
	struct tp_recb o = { x->names, &x->out, 0 };

	tp_rec_clear(&x->out);
	tp_recb_text(&o, "type", "status");
	tp_recb_text(&o, "strategy", NULL);
	tp_recb_i64(&o, "runs", 0);
	tp_recb_bool(&o, "halted", x->halted);
	tp_recb_text(&o, "halt_reason", x->halted ? x->halt_why : NULL);
	return put_status(x, &o, err);
}

int
tp_exec_status(const char *db, const char *kill_file,
    struct tp_names *names, int fd, struct tp_err *err)
{
	struct tp_exec x;
	sqlite3_stmt *q = NULL;
	int rc = -1, step, n = 0;

	memset(&x, 0, sizeof(x));
	x.names = names;
	tp_rec_init(&x.out);
	if (tp_journal_open(&x.j, db, 0, names, err) < 0)
		goto out;
	x.open = 1;
	if (tp_writer_init(&x.w, fd, TP_FMT_NDJSON, names, err) < 0)
		goto out;
	x.halted = tp_jpaper_halted(x.j.db, kill_file, x.halt_why,
	    sizeof(x.halt_why));
	if (sqlite3_prepare_v2(x.j.db, "SELECT strategy, state, seq, live "
	    "FROM paper_accounts ORDER BY strategy", -1, &q, NULL) !=
	    SQLITE_OK) {
		tp_journal_fail(&x.j, "cannot read the paper accounts", err);
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		n++;
		if (status_account(&x, (const char *)sqlite3_column_text(q, 0),
		    (const char *)sqlite3_column_text(q, 1),
		    sqlite3_column_int64(q, 2),
		    (const char *)sqlite3_column_text(q, 3), err) < 0)
			goto out;
	}
	if (step != SQLITE_DONE) {
		tp_journal_fail(&x.j, "cannot read the paper accounts", err);
		goto out;
	}
	if (n == 0 && status_none(&x, err) < 0)
		goto out;
	rc = tp_writer_flush(&x.w, err);
out:
	/* a reader that went away is no error, as in copy_out */
	if (rc < 0 && x.w.broken_pipe) {
		tp_err_clear(err);
		rc = 0;
	}
	sqlite3_finalize(q);
	if (x.open)
		tp_journal_close(&x.j);
	tp_writer_release(&x.w);
	tp_rec_release(&x.out);
	return rc;
}

static int
filter_step(void *ctx, struct tp_filter *f, struct tp_rec *rec,
    struct tp_err *err)
{
	(void)f;
	return tp_exec_rec(ctx, rec, err);
}

/* The account's records are written at the end, whole. */
static int
filter_end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	(void)f;
	return err->code == 0 ? tp_exec_finish(ctx, STDOUT_FILENO, err) : -1;
}

void
tp_exec_filter(struct tp_exec *x, struct tp_filter *f)
{
	f->ctx = x;
	f->step = filter_step;
	f->end = filter_end;
}
