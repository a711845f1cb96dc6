/*
 * tp_paper.c: a paper account, tp-backtest's engine worked one candle at a
 * time, and its state as text (tp_paper.h).  The journal keeps that text
 * between runs (journal/tp_jpaper.c): no SQL here.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/tp_grow.h"
#include "trade/tp_paper.h"
#include "core/tp_time.h"

#define STATE_VERSION 1
#define DAY_MS INT64_C(86400000)

int
tp_paper_init(struct tp_paper *p, const struct tp_strategy *st,
    struct tp_names *names, const struct tp_bt_out *out, struct tp_err *err)
{
	memset(p, 0, sizeof(*p));
	if (tp_bt_init(&p->bt, st, names, out, err) < 0)
		return -1;
	p->start = st->dry_run_wallet;
	p->peak = st->dry_run_wallet;
	p->day = -1;
	p->loaded = -1;
	p->day_start = st->dry_run_wallet;
	return 0;
}

void
tp_paper_release(struct tp_paper *p)
{
	tp_bt_release(&p->bt);
}

/* ---- the state as JSON --------------------------------------------------- */

/*
 * The numbers of a struct, by name and offset: one table drives both the
 * writing and the reading, so a field cannot be saved and not restored.
 * Doubles are written with 17 significant digits (jansson's default) and
 * read by strtod, so they come back bit for bit.
 */
enum { F_DBL, F_INT, F_I64 };

struct fdesc {
	const char *name;
	size_t off;
	int kind;
};

#define FD(type, f, kind) { #f, offsetof(struct type, f), kind }

static const struct fdesc trade_fields[] = {
	FD(tp_trade, is_short, F_INT), FD(tp_trade, leverage, F_DBL),
	FD(tp_trade, fee_open, F_DBL), FD(tp_trade, fee_close, F_DBL),
	FD(tp_trade, open_time, F_I64), FD(tp_trade, open_rate, F_DBL),
	FD(tp_trade, amount, F_DBL), FD(tp_trade, stake, F_DBL),
	FD(tp_trade, first_stake, F_DBL), FD(tp_trade, entries, F_INT),
	FD(tp_trade, open_value, F_DBL), FD(tp_trade, has_stop, F_INT),
	FD(tp_trade, stop_loss, F_DBL), FD(tp_trade, stop_loss_pct, F_DBL),
	FD(tp_trade, initial_stop_loss, F_DBL),
	FD(tp_trade, initial_stop_loss_pct, F_DBL),
	FD(tp_trade, stop_moved, F_INT), FD(tp_trade, liquidation, F_DBL),
	FD(tp_trade, max_rate, F_DBL), FD(tp_trade, min_rate, F_DBL),
};

static const struct fdesc sym_fields[] = {
	FD(tp_bt_sym, sig, F_INT), FD(tp_bt_sym, last_time, F_I64),
	FD(tp_bt_sym, first_close, F_DBL), FD(tp_bt_sym, last_open, F_DBL),
	FD(tp_bt_sym, last_close, F_DBL), FD(tp_bt_sym, has_trade, F_INT),
	FD(tp_bt_sym, seen, F_INT), FD(tp_bt_sym, order_stake, F_DBL),
	FD(tp_bt_sym, order_stop, F_DBL), FD(tp_bt_sym, order_limit, F_DBL),
	FD(tp_bt_sym, vol_var, F_DBL),
	FD(tp_bt_sym, nret, F_INT),
	FD(tp_bt_sym, last_exit, F_I64),
};

static const struct fdesc bt_fields[] = {
	FD(tp_backtest, balance, F_DBL), FD(tp_backtest, staked, F_DBL),
	FD(tp_backtest, nopen, F_INT), FD(tp_backtest, step_time, F_I64),
	FD(tp_backtest, tf_ms, F_I64), FD(tp_backtest, stats.wins, F_I64),
	FD(tp_backtest, stats.losses, F_I64),
	FD(tp_backtest, stats.win_sum, F_DBL),
	FD(tp_backtest, stats.loss_sum, F_DBL),
};

static const struct fdesc closed_fields[] = {
	FD(tp_protect_trade, close_time, F_I64), FD(tp_protect_trade, sym, F_INT),
	FD(tp_protect_trade, is_short, F_INT), FD(tp_protect_trade, stop, F_INT),
	FD(tp_protect_trade, profit, F_DBL),
};

static const struct fdesc paper_fields[] = {
	FD(tp_paper, start, F_DBL), FD(tp_paper, peak, F_DBL),
	FD(tp_paper, day, F_I64),
	FD(tp_paper, day_start, F_DBL),
};

#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int
put_fields(json_t *o, const void *base, const struct fdesc *f, int n)
{
	const char *p = base;
	json_t *v;
	double d;
	int i;

	for (i = 0; i < n; i++) {
		switch (f[i].kind) {
		case F_DBL:
			memcpy(&d, p + f[i].off, sizeof(d));
			v = isfinite(d) ? json_real(d) : json_null();
			break;
		case F_INT:
			v = json_integer(*(const int *)(const void *)
			    (p + f[i].off));
			break;
		default:
			v = json_integer(*(const int64_t *)(const void *)
			    (p + f[i].off));
			break;
		}
		if (v == NULL || json_object_set_new(o, f[i].name, v) < 0)
			return -1;
	}
	return 0;
}

/* Read the fields into base; the name of the first missing or mistyped
 * one in *bad. */
static int
get_fields(json_t *o, void *base, const struct fdesc *f, int n,
    const char **bad)
{
	char *p = base;
	json_t *v;
	double d;
	int i;

	for (i = 0; i < n; i++) {
		v = json_object_get(o, f[i].name);
		*bad = f[i].name;
		if (f[i].kind == F_DBL) {
			if (json_is_null(v))
				d = NAN;
			else if (json_is_number(v))
				d = json_number_value(v);
			else
				return -1;
			memcpy(p + f[i].off, &d, sizeof(d));
		} else if (!json_is_integer(v))
			return -1;
		else if (f[i].kind == F_INT)
			*(int *)(void *)(p + f[i].off) =
			    (int)json_integer_value(v);
		else
			*(int64_t *)(void *)(p + f[i].off) =
			    json_integer_value(v);
	}
	*bad = NULL;
	return 0;
}

static json_t *
sym_json(const struct tp_paper *p, const struct tp_bt_sym *s)
{
	json_t *o = json_object(), *t;

	if (o == NULL || put_fields(o, s, sym_fields, NF(sym_fields)) < 0 ||
	    json_object_set_new(o, "symbol",
	    json_string(tp_bt_sym_name(&p->bt, s))) < 0 ||
	    json_object_set_new(o, "tag", json_string(s->tag)) < 0 ||
	    json_object_set_new(o, "last_exit_reason",
	    json_integer(s->last_exit_reason)) < 0)
		goto fail;
	if (!s->has_trade)
		return o;
	t = json_object();
	if (t == NULL || json_object_set_new(o, "trade", t) < 0 ||
	    put_fields(t, &s->trade, trade_fields, NF(trade_fields)) < 0 ||
	    json_object_set_new(o, "trade_tag", json_string(s->trade_tag)) < 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

char *
tp_paper_text(const struct tp_paper *p)
{
	json_t *o = json_object(), *syms = json_array(), *closed = json_array();
	json_t *c;
	char *text = NULL;
	int i, bad = o == NULL || syms == NULL || closed == NULL;

	for (i = 0; !bad && i < p->bt.nsym; i++)
		bad = json_array_append_new(syms,
		    sym_json(p, &p->bt.sym[i])) < 0;
	for (i = 0; !bad && i < p->bt.nclosed; i++)
		bad = (c = json_object()) == NULL || put_fields(c,
		    &p->bt.closed[i], closed_fields, NF(closed_fields)) < 0 ||
		    json_array_append_new(closed, c) < 0;
	if (!bad && json_object_set_new(o, "version",
	    json_integer(STATE_VERSION)) == 0 &&
	    put_fields(o, &p->bt, bt_fields, NF(bt_fields)) == 0 &&
	    put_fields(o, p, paper_fields, NF(paper_fields)) == 0 &&
	    json_object_set(o, "closed", closed) == 0 &&
	    json_object_set(o, "symbols", syms) == 0)
		text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(syms);
	json_decref(closed);
	json_decref(o);
	return text;
}

/* Copy the JSON string at key into dst (n bytes); -1 if not a string or
 * too long. */
static int
get_str(json_t *o, const char *key, char *dst, size_t n)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	if (s == NULL || strlen(s) >= n)
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int
load_sym(struct tp_paper *p, json_t *o, const char **bad,
    struct tp_err *err)
{
	const char *name = json_string_value(json_object_get(o, "symbol"));
	json_t *t;
	struct tp_bt_sym *s;
	int id;

	*bad = "symbol";
	if (name == NULL)
		return -1;
	if ((id = tp_bt_symbol(&p->bt, name, strlen(name), err)) < 0)
		return -2;
	s = &p->bt.sym[id];
	if (get_fields(o, s, sym_fields, NF(sym_fields), bad) < 0)
		return -1;
	*bad = "tag";
	if (get_str(o, "tag", s->tag, sizeof(s->tag)) < 0)
		return -1;
	*bad = "last_exit_reason";
	if (!json_is_integer(json_object_get(o, "last_exit_reason")) ||
	    json_integer_value(json_object_get(o, "last_exit_reason")) < 0 ||
	    json_integer_value(json_object_get(o, "last_exit_reason")) >=
	    TP_EXIT_N)
		return -1;
	s->last_exit_reason = (enum tp_exit_reason)json_integer_value(
	    json_object_get(o, "last_exit_reason"));
	s->cur.time = s->last_time;
	if (!s->has_trade)
		return 0;
	t = json_object_get(o, "trade");
	*bad = "trade";
	if (!json_is_object(t) || get_fields(t, &s->trade, trade_fields,
	    NF(trade_fields), bad) < 0)
		return -1;
	*bad = "trade_tag";
	return get_str(o, "trade_tag", s->trade_tag, sizeof(s->trade_tag));
}

/*
 * The closed trades the protections judge, after the symbols they name
 * by index.  An account saved before protections had "stop_exits", the
 * times of its stop-losses: each comes back as a losing stop-loss of no
 * symbol, so that the stop-loss guard still counts it.
 */
static int
load_closed(struct tp_paper *p, json_t *o, const char **bad,
    struct tp_err *err)
{
	struct tp_protect_trade c;
	json_t *a, *v;
	size_t i;

	*bad = "closed";
	if ((a = json_object_get(o, "closed")) != NULL) {
		if (!json_is_array(a))
			return -1;
		json_array_foreach(a, i, v) {
			*bad = "closed";
			if (!json_is_object(v) || get_fields(v, &c,
			    closed_fields, NF(closed_fields), bad) < 0)
				return -1;
			*bad = "closed";
			if (c.sym < -1 || c.sym >= p->bt.nsym)
				return -1;
			if (tp_bt_closed(&p->bt, &c, err) < 0)
				return -2;
		}
		return 0;
	}
	*bad = "stop_exits";
	a = json_object_get(o, "stop_exits");
	if (!json_is_array(a))
		return -1;
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v))
			return -1;
		memset(&c, 0, sizeof(c));
		c.close_time = json_integer_value(v);
		c.sym = -1;
		c.stop = 1;
		c.profit = -1;
		if (tp_bt_closed(&p->bt, &c, err) < 0)
			return -2;
	}
	return 0;
}

int
tp_paper_parse(struct tp_paper *p, const char *text, const char *path,
    struct tp_err *err)
{
	const char *bad = "";
	json_error_t je;
	json_t *o = json_loads(text, 0, &je), *a, *v;
	size_t i;
	int rc = -1;

	if (o == NULL) {
		tp_errf(err, TP_EX_DATAERR, path, 0, "the paper account of "
		    "\"%s\" does not parse (%s): restore a backup",
		    p->bt.st->name, je.text);
		return -1;
	}
	bad = "version";
	if (json_integer_value(json_object_get(o, "version")) !=
	    STATE_VERSION)
		goto out;
	if (get_fields(o, &p->bt, bt_fields, NF(bt_fields), &bad) < 0 ||
	    get_fields(o, p, paper_fields, NF(paper_fields), &bad) < 0)
		goto out;
	bad = "symbols";
	a = json_object_get(o, "symbols");
	if (!json_is_array(a))
		goto out;
	json_array_foreach(a, i, v)
		if ((rc = load_sym(p, v, &bad, err)) < 0)
			goto out;
	if ((rc = load_closed(p, o, &bad, err)) < 0)
		goto out;
	if (p->bt.tf_ms > 0)
		p->bt.x.tf_min = (double)p->bt.tf_ms / 60000;
	p->loaded = p->bt.step_time;
	rc = 0;
out:
	json_decref(o);
	if (rc == -1)
		tp_errf(err, TP_EX_DATAERR, path, 0, "the paper account of "
		    "\"%s\" is damaged (field \"%s\"): restore a backup",
		    p->bt.st->name, bad);
	return rc < 0 ? -1 : 0;
}

/* ---- ticks --------------------------------------------------------------- */

int
tp_paper_hold(struct tp_paper_holding *hd, const struct tp_paper_held *h,
    struct tp_err *err)
{
	struct tp_paper_held *v;

	/* Only the latest time step is held, whatever order the steps come
	 * in: the run is taken in time order, as if sorted (ties in input
	 * order), so candles given one symbol after another (cat btc.csv
	 * eth.csv) start the account as the same candles by time do. */
	if (hd->n > 0 && h->k.time < hd->v[0].k.time)
		return 0;	/* an earlier step: warm-up */
	if (hd->n > 0 && h->k.time > hd->v[0].k.time)
		hd->n = 0;	/* a later step: the held ones were warm-up */
	v = tp_grow(hd->v, &hd->cap, hd->n + 1, sizeof(*v));
	if (v == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	hd->v = v;
	hd->v[hd->n++] = *h;
	return 0;
}

void
tp_paper_hold_release(struct tp_paper_holding *hd)
{
	free(hd->v);
	memset(hd, 0, sizeof(*hd));
}

int
tp_paper_candle(struct tp_paper *p, int sym, const struct tp_candle *k,
    const char *file, long line, struct tp_err *err)
{
	struct tp_bt_sym *s = &p->bt.sym[sym];
	int64_t day = k->time - ((k->time % DAY_MS) + DAY_MS) % DAY_MS;
	double eq;

	/* Candles the account had worked when this run began are a tick run
	 * again: skipped.  Later ones going back are out of order. */
	if (k->time <= p->loaded && k->time <= s->last_time)
		return 0;
	if (day != p->day) {
		p->day = day;
		p->day_start = tp_bt_equity(&p->bt);
	}
	if (tp_bt_candle(&p->bt, sym, k, 0, NULL, file, line, err) < 0 ||
	    tp_bt_flush(&p->bt, err) < 0)
		return -1;
	eq = tp_bt_equity(&p->bt);
	if (eq > p->peak)
		p->peak = eq;
	return 1;
}

void
tp_paper_book(const struct tp_paper *p, int sym, int64_t now,
    struct tp_position *pos, struct tp_book *b)
{
	const struct tp_bt_sym *s;
	int i;

	memset(b, 0, sizeof(*b));
	b->equity = tp_bt_equity(&p->bt);
	b->peak_equity = p->peak;
	b->day_start_equity = now - p->day < DAY_MS ? p->day_start : b->equity;
	b->pos = pos;
	for (i = 0; i < p->bt.nsym; i++) {
		s = &p->bt.sym[i];
		if (!s->has_trade)
			continue;
		pos[b->npos].symbol = tp_bt_sym_name(&p->bt, s);
		pos[b->npos].is_short = s->trade.is_short;
		pos[b->npos].stake = s->trade.stake;
		pos[b->npos].leverage = s->trade.leverage;
		pos[b->npos].entry = s->trade.open_rate;
		pos[b->npos].stop = s->trade.has_stop ? s->trade.stop_loss : 0;
		b->npos++;
	}
	b->now = now;
	b->tf_ms = tp_bt_tf(&p->bt);
	b->closed = p->bt.closed;
	b->nclosed = p->bt.nclosed;
	b->sym = sym;
}

void
tp_paper_order(struct tp_paper *p, int sym, const struct tp_xorder *o)
{
	struct tp_bt_sym *s = &p->bt.sym[sym];
	size_t n;

	s->sig |= 1 << o->action;
	if (o->action != TP_ENTER_LONG && o->action != TP_ENTER_SHORT)
		return;
	s->order_stake = o->stake > 0 ? o->stake : 0;
	s->order_stop = o->stop_ratio > 0 && o->stop_ratio < 1 ?
	    o->stop_ratio : 0;
	s->order_limit = o->limit > 0 ? o->limit : 0;
	n = o->tag != NULL ? strnlen(o->tag, TP_BT_TAGSZ - 1) : 0;
	memcpy(s->tag, o->tag != NULL ? o->tag : "", n);
	s->tag[n] = '\0';
}

void
tp_paper_order_id(const struct tp_paper *p, int sym, int64_t time,
    const char *what, char *id)
{
	tp_risk_order_id(p->bt.st->name,
	    tp_bt_sym_name(&p->bt, &p->bt.sym[sym]), time, what, id);
}

/* ---- the paper exchange ------------------------------------------------ */

/* The symbol called name, or -1. */
static int
find_sym(const struct tp_paper *p, const char *name)
{
	int id = tp_names_find(&p->bt.syms, name, strlen(name));

	return id >= 0 && id < p->bt.nsym ? id : -1;
}

/* The action of symbol sym's waiting order of this id, or -1. */
static int
waiting(const struct tp_paper *p, int sym, const char *id)
{
	const struct tp_bt_sym *s = &p->bt.sym[sym];
	char mine[TP_ORDER_ID_LEN + 1];
	int a;

	for (a = 0; a < TP_ACTION_N; a++) {
		if (!(s->sig & 1 << a))
			continue;
		tp_paper_order_id(p, sym, s->last_time, tp_action_names[a],
		    mine);
		if (strcmp(mine, id) == 0)
			return a;
	}
	return -1;
}

static int
paper_place(void *ctx, const struct tp_xorder *o, char *why, size_t n,
    struct tp_err *err)
{
	struct tp_paper *p = ctx;
	int sym = tp_bt_symbol(&p->bt, o->symbol, strlen(o->symbol), err);
	const struct tp_bt_sym *s;

	if (sym < 0)
		return -1;
	s = &p->bt.sym[sym];
	/* A market order fills at the next open: only an order of the
	 * candle just worked can (a late one would fill in the past). */
	if (s->last_time != o->time) {
		const char *sym_name = *o->symbol ? o->symbol : "the symbol";
		char t1[TP_TIME_MSGSZ], t2[TP_TIME_MSGSZ];

		tp_time_msg(o->time, t1);
		if (s->last_time < 0)	/* -1: none yet */
			snprintf(why, n, "placed on the candle at %s; the "
			    "account has no candle of %s", t1, sym_name);
		else
			snprintf(why, n, "placed on the candle at %s; the "
			    "account's last candle of %s is at %s", t1,
			    sym_name, tp_time_msg(s->last_time, t2));
		return 1;
	}
	tp_paper_order(p, sym, o);
	return 0;
}

static int
paper_cancel(void *ctx, const char *symbol, const char *id,
    struct tp_err *err)
{
	struct tp_paper *p = ctx;
	int sym = find_sym(p, symbol), a;
	struct tp_bt_sym *s;

	(void)err;
	if (sym < 0 || (a = waiting(p, sym, id)) < 0)
		return 0;
	s = &p->bt.sym[sym];
	s->sig &= ~(1 << a);
	if (a == TP_ENTER_LONG || a == TP_ENTER_SHORT)
		s->order_stake = s->order_stop = s->order_limit = 0;
	return 1;
}

static int
paper_query(void *ctx, const char *symbol, const char *id,
    enum tp_xstate *state, struct tp_err *err)
{
	struct tp_paper *p = ctx;
	int sym = find_sym(p, symbol);

	*state = TP_X_UNKNOWN;
	if (sym >= 0 && waiting(p, sym, id) >= 0) {
		*state = TP_X_PENDING;
		return 0;
	}
	return p->recorded != NULL ?
	    p->recorded(p->recorded_ctx, id, state, err) : 0;
}

static int
paper_balances(void *ctx, struct tp_xbalance *b, struct tp_err *err)
{
	struct tp_paper *p = ctx;

	(void)err;
	b->balance = p->bt.balance;
	b->equity = tp_bt_equity(&p->bt);
	b->margin = p->bt.staked;
	b->open_trades = p->bt.nopen;
	return 0;
}

void
tp_paper_exchange(struct tp_exchange *x, struct tp_paper *p,
    tp_paper_recorded_fn *recorded, void *ctx)
{
	p->recorded = recorded;
	p->recorded_ctx = ctx;
	x->name = "paper";
	x->ctx = p;
	x->place = paper_place;
	x->cancel = paper_cancel;
	x->query = paper_query;
	x->balances = paper_balances;
}
