/*
 * tp_exrecon.c: reconcile a live account with the journal
 * (tp_exlive.h, tp-exec(1) RECONCILE).
 *
 * What the exchange has and the journal does not know is found the same
 * way at the start of each run and by tp-exec reconcile: the open orders
 * whose client id is tp's ("tp" and a hash) that live_orders lacks, and
 * on futures the positions of the engine's symbols that differ from the
 * engine's (side, quantity within a lot step), where an order the last
 * run sent and the exchange filled already explains the difference.  A
 * run reports each once (an event and a live_blocks row, which refuses
 * new entries on the symbol); reconcile adopts or ignores them all.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "run/tp_exlive.h"
#include "core/tp_grow.h"
#include "core/tp_time.h"

/* Client ids of tp's own orders start so (tp_risk_order_id). */
#define TP_PREFIX "tp"
/* The stops of one position tp may have placed (stop1, stop2, ...): more
 * than one moves a run, one a run. */
#define MAX_STOPS 64

enum kind { UNKNOWN_ORDER, UNKNOWN_POSITION, POSITION_MISSING };

static const char *const kind_events[] = { "unknown_order",
    "unknown_position", "position_missing" };

/* One thing the exchange and the journal disagree on. */
struct finding {
	enum kind kind;
	int sym;			/* the engine's symbol, or -1 */
	char symbol[2 * TP_LSYM];	/* tp's spelling, else the exchange's */
	char key[128];			/* names it: in events, blocks */
	char desc[320];			/* key, and what it is */
	struct tp_lorder o;		/* UNKNOWN_ORDER */
	struct tp_lposition p;		/* UNKNOWN_POSITION */
	char asset[TP_LSYM];		/* spot: the base held, */
	double have, mine;		/* beyond live_held, and the
					 * engine's */
};

struct findings {
	struct finding *v;
	int n, cap;
	struct tp_lorder *o;		/* the exchange's tp orders */
	int no, capo;
	struct tp_lposition *p;		/* its positions */
	int np, capp;
	int oom;
};

static sqlite3 *
db_of(const struct tp_exlive *v)
{
	return v->x->j.db;
}

static const char *
sym_name(const struct tp_exlive *v, int i)
{
	return tp_bt_sym_name(&v->x->p.bt, &v->x->p.bt.sym[i]);
}

/* The engine's symbol the exchange calls vsym, or -1. */
static int
engine_sym(const struct tp_exlive *v, const char *vsym)
{
	char s[TP_LSYM];
	int i;

	for (i = 0; i < v->x->p.bt.nsym; i++)
		if (tp_live_symbol(sym_name(v, i), s) == 0 &&
		    strcmp(s, vsym) == 0)
			return i;
	return -1;
}

static int
add_order(void *ctx, const struct tp_lorder *o)
{
	struct findings *f = ctx;
	struct tp_lorder *g;

	if (strncmp(o->client_id, TP_PREFIX, strlen(TP_PREFIX)) != 0)
		return 0;
	if ((g = tp_grow(f->o, &f->capo, f->no + 1, sizeof(*g))) == NULL)
		return f->oom = 1;
	f->o = g;
	f->o[f->no++] = *o;
	return 0;
}

static int
add_position(void *ctx, const struct tp_lposition *p)
{
	struct findings *f = ctx;
	struct tp_lposition *g;

	if ((g = tp_grow(f->p, &f->capp, f->np + 1, sizeof(*g))) == NULL)
		return f->oom = 1;
	f->p = g;
	f->p[f->np++] = *p;
	return 0;
}

static struct finding *
finding(struct findings *f, enum kind k, int sym, const char *symbol)
{
	struct finding *g = tp_grow(f->v, &f->cap, f->n + 1, sizeof(*g));

	if (g == NULL) {
		f->oom = 1;
		return NULL;
	}
	f->v = g;
	g = &f->v[f->n++];
	memset(g, 0, sizeof(*g));
	g->kind = k;
	g->sym = sym;
	snprintf(g->symbol, sizeof(g->symbol), "%s", symbol);
	return g;
}

static void
findings_release(struct findings *f)
{
	free(f->v);
	free(f->o);
	free(f->p);
	memset(f, 0, sizeof(*f));
}

/* Whether live_orders has a row of client id: 1, 0, -1 with err. */
static int
known(struct tp_exlive *v, const char *id, struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "SELECT 1 FROM live_orders WHERE "
	    "client_id = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_orders",
		    err);
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot read live_orders",
		    err);
	return rc == SQLITE_ROW;
}

/* A filled order of live_orders: its filled quantity, or 0. */
static double
filled(struct tp_exlive *v, const char *id)
{
	sqlite3_stmt *q;
	double d = 0;

	/* less a fee kept in the base (spot): what the account holds */
	if (sqlite3_prepare_v2(db_of(v), "SELECT filled - CASE WHEN fee_asset "
	    "= substr(symbol, 1, instr(symbol, '/') - 1) THEN fee ELSE 0 END "
	    "FROM live_orders WHERE client_id = ? AND state IN ('filled', "
	    "'partial', 'canceled', 'expired')", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		d = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	return d;
}

/* Whether the latest stop of symbol i filled, not yet seen by the
 * engine (tp_exlive.c renames it "stop.used" once it is). */
static int
stop_filled(struct tp_exlive *v, int i)
{
	sqlite3_stmt *q;
	int rc = 0;

	if (sqlite3_prepare_v2(db_of(v), "SELECT state = 'filled' FROM "
	    "live_orders WHERE strategy = ? AND symbol = ? AND purpose = "
	    "'stop' AND state IN ('new', 'partial', 'filled', 'unknown') "
	    "ORDER BY placed DESC, rowid DESC LIMIT 1", -1, &q, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, sym_name(v, i), -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		rc = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return rc;
}

/*
 * Whether id is a stop tp itself would place for symbol i's position
 * (entered on the candle the engine's trade opened after, or on its
 * last candle): a run killed after placing it and before its commit
 * left it unknown, and the next run finds it by its id.
 */
static int
own_stop(struct tp_exlive *v, int i, const char *id)
{
	const struct tp_bt_sym *s = &v->x->p.bt.sym[i];
	int64_t t[2];
	char own[TP_ORDER_ID_LEN + 1], what[16];
	int k, n;

	t[0] = s->last_time;
	t[1] = s->trade.open_time - tp_bt_tf(&v->x->p.bt);
	for (k = 0; k < (s->has_trade ? 2 : 1); k++)
		for (n = 1; n <= MAX_STOPS; n++) {
			snprintf(what, sizeof(what), "stop%d", n);
			tp_paper_order_id(&v->x->p, i, t[k], what, own);
			if (strcmp(own, id) == 0)
				return 1;
		}
	return 0;
}

static const char *
lo_type(enum tp_lotype t)
{
	return t == TP_LO_STOP ? "stop" : t == TP_LO_LIMIT ? "limit" :
	    "market";
}

/* The exchange's tp orders that the journal does not know. */
static int
unknown_orders(struct tp_exlive *v, struct findings *f, struct tp_err *err)
{
	const struct tp_lorder *o;
	struct finding *g;
	int k, i, rc;

	for (k = 0; k < v->nopen; k++)	/* as the run began */
		add_order(f, &v->open[k]);
	for (k = 0; k < f->no && !f->oom; k++) {
		o = &f->o[k];
		if ((rc = known(v, o->client_id, err)) < 0)
			return -1;
		if (rc > 0)
			continue;
		i = engine_sym(v, o->symbol);
		if (i >= 0 && own_stop(v, i, o->client_id))
			continue;
		if ((g = finding(f, UNKNOWN_ORDER, i, i >= 0 ? sym_name(v, i) :
		    o->symbol)) == NULL)
			break;
		g->o = *o;
		snprintf(g->key, sizeof(g->key), "order %s", o->client_id);
		if (o->type == TP_LO_MARKET)
			snprintf(g->desc, sizeof(g->desc), "unknown %s (%s "
			    "market %.10g)", g->key, o->buy ? "buy" : "sell",
			    o->qty);
		else
			snprintf(g->desc, sizeof(g->desc), "unknown %s (%s %s "
			    "%.10g at %.10g)", g->key, o->buy ? "buy" : "sell",
			    lo_type(o->type), o->qty, o->type == TP_LO_STOP ?
			    o->stop : o->price);
	}
	return 0;
}

/* The lot step of symbol i: its rules as the run has them, kept in the
 * journal, or asked for; 0 when none says. */
static double
lot_step(struct tp_exlive *v, int i, const char *vsym, struct tp_err *err)
{
	struct tp_lrules r;
	sqlite3_stmt *q;
	double step = 0;

	if (i < v->nsym && v->sym[i].loaded > 0)
		return v->sym[i].r.step;
	if (sqlite3_prepare_v2(db_of(v), "SELECT json_extract(rules, "
	    "'$.step') FROM live_markets WHERE exchange = ? AND market = ? "
	    "AND symbol = ?", -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, v->l->v->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, v->l->market == TP_LM_FUTURES ?
		    "futures" : "spot", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, vsym, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			step = sqlite3_column_double(q, 0);
		sqlite3_finalize(q);
	}
	if (step > 0)
		return step;
	if (v->l->v->rules(v->l, vsym, &r, err) < 0)
		return -1;
	return r.step;
}


/*
 * Symbol i's position as the engine will hold it once it sees the orders
 * the last run sent and the exchange filled: its exchange stop, its exit
 * signal's order, its entry's (a flip: both).
 */
static double
pending_pos(struct tp_exlive *v, int i)
{
	const struct tp_bt_sym *s = &v->x->p.bt.sym[i];
	char id[TP_ORDER_ID_LEN + 1];
	double pos = tp_exlive_holding(v, i), q;
	int a;

	if (s->has_trade && stop_filled(v, i))
		pos = 0;
	if (s->has_trade) {
		a = s->trade.is_short ? TP_EXIT_SHORT : TP_EXIT_LONG;
		tp_paper_order_id(&v->x->p, i, s->last_time,
		    tp_action_names[a], id);
		if (filled(v, id) > 0)
			pos = 0;
	}
	if (s->sig & (TP_SIG_EL | TP_SIG_ES)) {
		a = s->sig & TP_SIG_EL ? TP_ENTER_LONG : TP_ENTER_SHORT;
		tp_paper_order_id(&v->x->p, i, s->last_time,
		    tp_action_names[a], id);
		q = filled(v, id);
		pos += a == TP_ENTER_LONG ? q : -q;
	}
	return pos;
}

static int
same_pos(double a, double b, double step)
{
	return fabs(a - b) <= step * 1.000001 + 1e-12;
}

static const char *
side(double pos)
{
	return pos < 0 ? "short" : "long";
}

/* Futures: the positions of the engine's symbols that differ from the
 * engine's. */
static int
positions(struct tp_exlive *v, struct findings *f, struct tp_err *err)
{
	const struct tp_backtest *b = &v->x->p.bt;
	const struct tp_lposition *p;
	struct finding *g;
	char vsym[TP_LSYM];
	double have, mine, step;
	int i, k;

	if (v->l->market != TP_LM_FUTURES || b->nsym == 0)
		return 0;
	if (v->l->v->positions(v->l, add_position, f, err) < 0)
		return -1;
	for (i = 0; i < b->nsym && !f->oom; i++) {
		if (tp_live_symbol(sym_name(v, i), vsym) < 0 ||
		    tp_exlive_recovering(v, i))
			continue;
		for (k = 0, p = NULL; k < f->np; k++)
			if (strcmp(f->p[k].symbol, vsym) == 0 && f->p[k].qty > 0)
				p = &f->p[k];
		have = p == NULL ? 0 : p->is_short ? -p->qty : p->qty;
		mine = tp_exlive_holding(v, i);
		if (have == mine)
			continue;	/* flat both, as mostly: no rules asked */
		if ((step = lot_step(v, i, vsym, err)) < 0)
			return -1;
		if (same_pos(have, mine, step) ||
		    same_pos(have, pending_pos(v, i), step))
			continue;
		if (p == NULL) {
			if ((g = finding(f, POSITION_MISSING, i, sym_name(v,
			    i))) == NULL)
				break;
			snprintf(g->key, sizeof(g->key), "missing %s %.10g "
			    "opened %lld", side(mine), fabs(mine),
			    (long long)b->sym[i].trade.open_time);
			snprintf(g->desc, sizeof(g->desc), "%s: the engine's "
			    "%s position of %.10g, which the exchange does not "
			    "hold (closed behind tp's back, or liquidated)",
			    g->key, side(mine), fabs(mine));
			continue;
		}
		if ((g = finding(f, UNKNOWN_POSITION, i, sym_name(v, i))) ==
		    NULL)
			break;
		g->p = *p;
		snprintf(g->key, sizeof(g->key), "position %s %.10g at %.10g",
		    side(have), p->qty, p->entry);
		if (mine == 0)
			snprintf(g->desc, sizeof(g->desc), "unknown %s: the "
			    "engine holds none", g->key);
		else
			snprintf(g->desc, sizeof(g->desc), "unknown %s: the "
			    "engine holds %s %.10g", g->key, side(mine),
			    fabs(mine));
	}
	return 0;
}

/* ---- spot holdings ------------------------------------------------------------ */

/* What account holds of asset that is not tp's (live_held): 1 with *qty,
 * 0 when it has no row yet, -1 with err. */
static int
held_get(struct tp_exlive *v, const char *asset, double *qty,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	*qty = 0;
	if (sqlite3_prepare_v2(db_of(v), "SELECT qty FROM live_held WHERE "
	    "account = ? AND asset = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_held", err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, asset, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*qty = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot read live_held", err);
	return rc == SQLITE_ROW;
}

static int
held_put(struct tp_exlive *v, const char *asset, double qty,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "INSERT INTO live_held (account, "
	    "asset, qty, time) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account, "
	    "asset) DO UPDATE SET qty = ?3, time = ?4", -1, &q, NULL) !=
	    SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot write live_held", err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, asset, -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 3, qty);
	sqlite3_bind_int64(q, 4, tp_time_now_ms());
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot write live_held", err);
}

/* The price of the latest entry of symbol i the engine has not taken (a
 * run killed after it filled), else its last close: what a holding
 * adopted cost. */
static double
entry_price(struct tp_exlive *v, int i)
{
	const struct tp_bt_sym *s = &v->x->p.bt.sym[i];
	sqlite3_stmt *q;
	double d = s->last_close;

	if (sqlite3_prepare_v2(db_of(v), "SELECT avg_price FROM live_orders "
	    "WHERE strategy = ? AND symbol = ? AND purpose = 'entry' AND "
	    "filled > 0 AND time >= ? ORDER BY placed DESC, rowid DESC "
	    "LIMIT 1", -1, &q, NULL) != SQLITE_OK)
		return d;
	sqlite3_bind_text(q, 1, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, sym_name(v, i), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, s->has_trade ? s->trade.open_time :
	    s->last_exit);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_double(q, 0) > 0)
		d = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	return d;
}

/* The base asset of tp's symbol ("BTC/USDT": BTC), into a. */
static void
base_of(const char *symbol, char a[TP_LSYM])
{
	size_t n = strcspn(symbol, "/");

	snprintf(a, TP_LSYM, "%.*s", (int)(n < TP_LSYM ? n : TP_LSYM - 1),
	    symbol);
}

/* The account's balance of asset, free and locked (in stop orders). */
static double
balance_of(const struct tp_exlive *v, const char *asset)
{
	double d = 0;
	int k;

	for (k = 0; k < v->nbal; k++)
		if (strcmp(v->bal[k].asset, asset) == 0)
			d += v->bal[k].free + v->bal[k].locked;
	return d;
}

/*
 * What the account holds of symbol i's base beyond live_held: *have.  At
 * the first sight of the asset, what it holds then is not tp's: it is
 * left alone (live_held), and an event says so.
 */
static int
held_beyond(struct tp_exlive *v, int i, const char *asset, double *have,
    struct tp_err *err)
{
	double total = balance_of(v, asset), out, pend;
	char msg[256];
	int rc;

	if ((rc = held_get(v, asset, &out, err)) < 0)
		return -1;
	if (rc == 0) {
		pend = pending_pos(v, i);
		out = total > pend ? total - pend : 0;
		if (held_put(v, asset, out, err) < 0)
			return -1;
		snprintf(msg, sizeof(msg), "the account holds %.10g %s that "
		    "tp did not buy: tp leaves it alone", out, asset);
		if (out > 0 && tp_exec_event(v->x, tp_time_now_ms(),
		    sym_name(v, i), "held_outside", "low", NULL, msg, err) < 0)
			return -1;
	}
	*have = total - out;
	return 0;
}

/* Whether asset is another engine symbol's base or quote than symbol
 * i's base: the balance is theirs together, and no one position's. */
static int
shared_asset(struct tp_exlive *v, int i, const char *asset)
{
	const char *name, *slash;
	char a[TP_LSYM];
	int j;

	for (j = 0; j < v->x->p.bt.nsym; j++) {
		name = sym_name(v, j);
		base_of(name, a);
		slash = strchr(name, '/');
		if ((j != i && strcmp(a, asset) == 0) || (slash != NULL &&
		    strcmp(slash + 1, asset) == 0))
			return 1;
	}
	return 0;
}

/* Spot: the base each engine symbol's account holds beyond live_held
 * against the engine's position.  The dust sales leave under the lot
 * step joins live_held, and with the engine flat a sale of what was not
 * tp's leaves it. */
static int
holdings(struct tp_exlive *v, struct findings *f, struct tp_err *err)
{
	const struct tp_backtest *b = &v->x->p.bt;
	struct finding *g;
	struct tp_lrules r;
	char asset[TP_LSYM], vsym[TP_LSYM];
	double have, mine, pend, step, out, dust;
	int i;

	if (v->l->market != TP_LM_SPOT || b->nsym == 0)
		return 0;
	if (tp_exlive_balances(v, err) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	for (i = 0; i < b->nsym && !f->oom; i++) {
		if (tp_live_symbol(sym_name(v, i), vsym) < 0 ||
		    tp_exlive_recovering(v, i))
			continue;
		base_of(sym_name(v, i), asset);
		if (shared_asset(v, i, asset))
			continue;
		if (held_beyond(v, i, asset, &have, err) < 0)
			return -1;
		if (have == (mine = tp_exlive_holding(v, i)))
			continue;
		if ((step = lot_step(v, i, vsym, err)) < 0)
			return -1;
		pend = pending_pos(v, i);
		/* what is left beyond the position within a lot step is
		 * the dust a sale leaves (a fee kept in the base): taken
		 * into live_held at each run, so that the dust of many
		 * trades never adds up to a finding; so is, with the
		 * engine flat, a sale of what was not tp's */
		dust = same_pos(have, pend, step) ? have - pend :
		    same_pos(have, mine, step) ? have - mine : mine == 0 &&
		    pend == 0 && have < 0 ? have : NAN;
		if (!isnan(dust)) {
			if (fabs(dust) > 1e-12 && (held_get(v, asset, &out,
			    err) < 0 || held_put(v, asset, out + dust,
			    err) < 0))
				return -1;
			continue;
		}
		if ((g = finding(f, have > step ? UNKNOWN_POSITION :
		    POSITION_MISSING, i, sym_name(v, i))) == NULL)
			break;
		snprintf(g->asset, sizeof(g->asset), "%s", asset);
		g->have = have;
		g->mine = pend;	/* what it holds once it takes its fills */
		snprintf(g->p.symbol, sizeof(g->p.symbol), "%s", vsym);
		r.step = step;	/* what can be sold of it */
		g->p.qty = tp_lrules_qty(&r, have);
		g->p.entry = entry_price(v, i);
		snprintf(g->key, sizeof(g->key), "holding %.10g %s", have,
		    asset);
		snprintf(g->desc, sizeof(g->desc), "%s beyond what tp leaves "
		    "alone, where the engine's position holds %.10g (bought "
		    "or sold behind tp's back, or an entry a killed run "
		    "placed)", g->key, pend);
	}
	return 0;
}

/* The client id of the row that says a position finding was ignored:
 * "ig" and the hash of the account, the symbol and the finding's key. */
static void
ignore_id(const struct tp_exlive *v, const struct finding *g,
    char id[TP_ORDER_ID_LEN + 1])
{
	tp_risk_order_id(v->account, g->symbol, 0, g->key, id);
	memcpy(id, "ig", 2);
}

/* What the exchange and the journal disagree on, less what was ignored:
 * into *f. */
static int
gather(struct tp_exlive *v, struct findings *f, struct tp_err *err)
{
	char id[TP_ORDER_ID_LEN + 1];
	int k, j, rc;

	memset(f, 0, sizeof(*f));
	if (unknown_orders(v, f, err) < 0 || positions(v, f, err) < 0 ||
	    holdings(v, f, err) < 0)
		return -1;
	if (f->oom)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (k = j = 0; k < f->n; k++) {
		if (f->v[k].kind != UNKNOWN_ORDER) {
			ignore_id(v, &f->v[k], id);
			if ((rc = known(v, id, err)) < 0)
				return -1;
			if (rc > 0)
				continue;
		}
		f->v[j++] = f->v[k];
	}
	f->n = j;
	return 0;
}

/* ---- at the start of a run ------------------------------------------------ */

/* The block of symbol: 1 with its reason (n bytes), 0 none. */
int
tp_exrecon_block(struct tp_exlive *v, const char *symbol, char *reason,
    size_t n)
{
	sqlite3_stmt *q;
	int rc = 0;

	*reason = '\0';
	if (sqlite3_prepare_v2(db_of(v), "SELECT reason FROM live_blocks "
	    "WHERE account = ? AND symbol = ?", -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, symbol, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(reason, n, "%s", (const char *)sqlite3_column_text(q,
		    0));
		rc = 1;
	}
	sqlite3_finalize(q);
	return rc;
}

static int
block(struct tp_exlive *v, const char *symbol, const char *reason,
    struct tp_err *err)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "INSERT OR REPLACE INTO live_blocks "
	    "(account, symbol, time, reason) VALUES (?, ?, ?, ?)", -1, &q,
	    NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot block", err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, symbol, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, tp_time_now_ms());
	sqlite3_bind_text(q, 4, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot block", err);
}

/* Report g, unless its symbol's block names it already: an event, and
 * the block. */
static int
report(struct tp_exlive *v, const struct finding *g, struct tp_err *err)
{
	char reason[2048], more[2400];

	if (tp_exrecon_block(v, g->symbol, reason, sizeof(reason)) &&
	    strstr(reason, g->key) != NULL)
		return 0;
	snprintf(more, sizeof(more), "%s%s%s", reason, *reason ? "; " : "",
	    g->desc);
	if (tp_exec_event(v->x, tp_time_now_ms(), g->symbol,
	    kind_events[g->kind], "high", g->kind == UNKNOWN_ORDER ?
	    g->o.client_id : NULL, g->desc, err) < 0 ||
	    block(v, g->symbol, more, err) < 0)
		return -1;
	v->blocked++;
	return 0;
}

int
tp_exrecon_check(struct tp_exlive *v, struct tp_err *err)
{
	struct findings f;
	int k, rc = 0;

	if ((rc = gather(v, &f, err)) == 0)
		for (k = 0; k < f.n && rc == 0; k++)
			rc = report(v, &f.v[k], err);
	findings_release(&f);
	return rc;
}

/* ---- tp-exec reconcile --------------------------------------------------------- */

static const char *const lo_states[] = { "none", "new", "partial",
    "filled", "canceled", "rejected", "expired" };

/* The exchange's order o into live_orders as purpose, in state (NULL:
 * the exchange's). */
static int
put_order(struct tp_exlive *v, const struct finding *g, const char *purpose,
    const char *state, struct tp_err *err)
{
	const struct tp_lorder *o = &g->o;
	int64_t now = tp_time_now_ms();
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db_of(v), "INSERT INTO live_orders (client_id, "
	    "account, strategy, symbol, purpose, side, type, qty, stop, time, "
	    "state, order_id, filled, avg_price, fee, fee_asset, booked, "
	    "placed, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15, ?16, 0, ?17, ?17)", -1, &q, NULL) !=
	    SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot write live_orders",
		    err);
	sqlite3_bind_text(q, 1, o->client_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, v->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, v->x->p.bt.st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, g->symbol, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, o->buy ? "buy" : "sell", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, lo_type(o->type), -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 8, o->qty);
	if (o->type == TP_LO_STOP)
		sqlite3_bind_double(q, 9, o->stop);
	sqlite3_bind_int64(q, 10, o->time);
	sqlite3_bind_text(q, 11, state != NULL ? state : lo_states[o->state],
	    -1, SQLITE_STATIC);
	if (o->order_id[0])
		sqlite3_bind_text(q, 12, o->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 13, o->filled);
	if (o->filled > 0)
		sqlite3_bind_double(q, 14, o->avg_price);
	sqlite3_bind_double(q, 15, o->fee);
	if (o->fee_asset[0])
		sqlite3_bind_text(q, 16, o->fee_asset, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 17, now);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot write live_orders", err);
}

/* A position finding ignored: a row of live_orders (purpose "position",
 * state "ignored") that gather() passes over from now on. */
static int
put_ignored(struct tp_exlive *v, const struct finding *g, struct tp_err *err)
{
	struct finding h = *g;

	ignore_id(v, g, h.o.client_id);
	h.o.buy = g->kind == UNKNOWN_POSITION ? !g->p.is_short :
	    !v->x->p.bt.sym[g->sym].trade.is_short;
	h.o.type = TP_LO_MARKET;
	h.o.qty = g->kind == UNKNOWN_POSITION ? g->p.qty :
	    v->x->p.bt.sym[g->sym].trade.amount;
	h.o.time = tp_time_now_ms();
	return put_order(v, &h, "position", "ignored", err);
}

int
tp_exrecon_close(struct tp_exlive *v, int i, double rate,
    enum tp_exit_reason why, struct tp_err *err)
{
	struct tp_backtest *b = &v->x->p.bt;
	const struct tp_bt_sym *s = &b->sym[i];
	struct tp_bt_out out = b->out;
	int rc;

	b->out.fill = NULL;
	rc = tp_bt_close(b, i, s->last_time + tp_bt_tf(b), rate, why, err);
	b->out = out;
	return rc;
}

/* The engine's trade of symbol i closed at its last close. */
static int
close_engine(struct tp_exlive *v, int i, enum tp_exit_reason why,
    struct tp_err *err)
{
	return tp_exrecon_close(v, i, v->x->p.bt.sym[i].last_close, why, err);
}

/* Symbol i's margin and leverage as the exchange has them: while its
 * position is open they cannot change (Binance -4048), and the orders
 * that close it need none. */
static int
prepared(struct tp_exlive *v, int i, struct tp_err *err)
{
	struct tp_exlive_sym *s;

	if (i >= v->nsym) {
		if ((s = tp_grow(v->sym, &v->cap, i + 1, sizeof(*s))) == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		v->sym = s;
		memset(v->sym + v->nsym, 0, (size_t)(i + 1 - v->nsym) *
		    sizeof(*s));
		v->nsym = i + 1;
	}
	v->sym[i].prepared = 1;
	return 0;
}

int
tp_exrecon_open(struct tp_exlive *v, int i, int64_t time,
    const struct tp_lposition *p, struct tp_err *err)
{
	struct tp_backtest *b = &v->x->p.bt;
	struct tp_bt_sym *s = &b->sym[i];
	double stake = p->qty * p->entry / b->st->leverage;

	memset(&s->trade, 0, sizeof(s->trade));
	tp_trade_open(&s->trade, &b->x, p->is_short, time, p->entry, stake,
	    b->st->leverage, b->st->fee);
	s->trade_tag[0] = '\0';
	s->has_trade = 1;
	b->staked += stake;
	b->nopen++;
	return prepared(v, i, err);
}

/* Whether the candles reached the liquidation price of symbol i's
 * trade: the exchange liquidated it. */
static int
liquidated(const struct tp_bt_sym *s)
{
	const struct tp_trade *t = &s->trade;

	return t->liquidation > 0 && (t->is_short ? t->max_rate >=
	    t->liquidation : t->min_rate <= t->liquidation);
}

static int
adopt(struct tp_exlive *v, const struct finding *g, char *did, size_t n,
    struct tp_err *err)
{
	const struct tp_bt_sym *s = g->sym >= 0 ? &v->x->p.bt.sym[g->sym] :
	    NULL;
	enum tp_exit_reason why;

	switch (g->kind) {
	case UNKNOWN_ORDER:
		snprintf(did, n, "adopted %s into the journal's orders",
		    g->key);
		return put_order(v, g, g->o.type == TP_LO_STOP ? "stop" :
		    g->o.reduce_only ? "exit" : "entry", NULL, err);
	case UNKNOWN_POSITION:
		if (s->has_trade && close_engine(v, g->sym, TP_EXIT_FORCE,
		    err) < 0)
			return -1;
		if (g->asset[0])
			snprintf(did, n, "adopted %s as the engine's trade at "
			    "%.10g", g->key, g->p.entry);
		else
			snprintf(did, n, "adopted %s as the engine's trade",
			    g->key);
		return tp_exrecon_open(v, g->sym, s->last_time, &g->p, err);
	case POSITION_MISSING:
		if (!s->has_trade) {	/* spot: its entry is yet to come */
			snprintf(did, n, "nothing to close for %s: the engine "
			    "takes its entry at the next candle", g->key);
			return 0;
		}
		why = liquidated(s) ? TP_EXIT_LIQUIDATION : TP_EXIT_FORCE;
		snprintf(did, n, "closed the engine's position (%s) at %.10g, "
		    "%s", g->key, s->last_close, tp_exit_names[why]);
		return close_engine(v, g->sym, why, err);
	}
	return 0;
}

static int
ignore(struct tp_exlive *v, const struct finding *g, char *did, size_t n,
    struct tp_err *err)
{
	double out;

	snprintf(did, n, "ignored %s: the engine is left as it is", g->key);
	if (g->kind == UNKNOWN_ORDER)
		return put_order(v, g, "ignored", "ignored", err);
	if (g->asset[0])	/* spot: the difference is left alone */
		return held_get(v, g->asset, &out, err) < 0 ? -1 :
		    held_put(v, g->asset, out + g->have - g->mine, err);
	return put_ignored(v, g, err);
}

/* Lift the account's blocks; a symbol whose block no finding explains
 * now gets its own event. */
static int
unblock(struct tp_exlive *v, const struct findings *f, struct tp_err *err)
{
	sqlite3_stmt *q;
	char sym[128];
	int k, rc, found;

	if (sqlite3_prepare_v2(db_of(v), "SELECT symbol FROM live_blocks "
	    "WHERE account = ? ORDER BY symbol", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot read live_blocks",
		    err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		snprintf(sym, sizeof(sym), "%s", (const char *)
		    sqlite3_column_text(q, 0));
		for (k = found = 0; k < f->n; k++)
			found |= strcmp(f->v[k].symbol, sym) == 0;
		if (!found && tp_exec_event(v->x, tp_time_now_ms(), sym,
		    "reconciled", "medium", NULL, "unblocked: the exchange "
		    "agrees with the journal now", err) < 0)
			break;
	}
	sqlite3_finalize(q);
	if (err->code)
		return -1;
	if (rc != SQLITE_DONE)
		return tp_journal_fail(&v->x->j, "cannot read live_blocks",
		    err);
	if (sqlite3_prepare_v2(db_of(v), "DELETE FROM live_blocks WHERE "
	    "account = ?", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_fail(&v->x->j, "cannot lift the blocks",
		    err);
	sqlite3_bind_text(q, 1, v->account, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : tp_journal_fail(&v->x->j,
	    "cannot lift the blocks", err);
}

int
tp_exrecon_resolve(struct tp_exlive *v, int adopting, struct tp_err *err)
{
	struct findings f;
	const struct finding *g;
	char did[512];
	int k, rc;

	if (gather(v, &f, err) < 0) {
		findings_release(&f);
		return -1;
	}
	for (k = 0, rc = 0; k < f.n && rc == 0; k++) {
		g = &f.v[k];
		rc = (adopting ? adopt(v, g, did, sizeof(did), err) :
		    ignore(v, g, did, sizeof(did), err)) < 0 ? -1 :
		    tp_exec_event(v->x, tp_time_now_ms(), g->symbol,
		    "reconciled", "medium", g->kind == UNKNOWN_ORDER ?
		    g->o.client_id : NULL, did, err);
	}
	if (rc == 0)
		rc = unblock(v, &f, err);
	findings_release(&f);
	/* the account changed: its snapshot is written (once a candle
	 * dates it) */
	if (v->x->p.bt.step_time > 0)
		v->x->worked++;
	return rc;
}
