/*
 * tp_riskrun.c: tp-risk's runs, decisions to orders (tp_riskrun.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/tp_grow.h"
#include "journal/tp_journal.h"
#include "run/tp_riskrun.h"
#include "core/tp_time.h"

int
tp_riskrun_open(struct tp_riskrun *r, const struct tp_strategy *st,
    struct tp_names *names, const char *path, const char *kill_file,
    double balance, struct tp_writer *w, struct tp_err *err)
{
	sqlite3 *db = NULL;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->names = names;
	r->w = w;
	tp_rec_init(&r->out);
	if (tp_paper_init(&r->p, st, names, NULL, err) < 0 ||
	    (path != NULL && tp_jpaper_open_read(path, &db, err) < 0))
		return -1;
	rc = tp_jpaper_load(&r->p, db, path, err);
	r->halted = tp_jpaper_halted(db, kill_file, r->halt_why,
	    sizeof(r->halt_why));
	sqlite3_close(db);
	if (rc < 0)
		return -1;
	/* an account that has worked no candle yet (tp-exec's test too) */
	r->fresh = path != NULL && r->p.loaded < 0;
	if (balance >= 0) {
		r->p.bt.balance = r->p.start = balance;
		if (rc == 0)
			r->p.peak = r->p.day_start = balance;
	}
	return 0;
}

void
tp_riskrun_release(struct tp_riskrun *r)
{
	tp_paper_release(&r->p);
	tp_paper_hold_release(&r->held);
	tp_rec_release(&r->out);
	tp_buf_release(&r->tmp);
	free(r->pos);
}

/* ---- records made ------------------------------------------------------- */

/* Begin a record of type at time: type, time, strategy. */
static void
start(struct tp_riskrun *r, struct tp_recb *o, const char *type,
    int64_t time)
{
	tp_recb_begin(o, r->names, &r->out, type, time, r->p.bt.st->name);
}

static int
put(struct tp_riskrun *r, struct tp_recb *o, struct tp_err *err)
{
	if (o->rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_write(r->w, &r->out, err);
}

/* What tp-risk has decided for one action on one candle. */
struct want {
	enum tp_action a;
	int sym;
	const struct tp_candle *k;
	const char *tag;
	double stake, stop_price, stop_ratio, liquidation, amount;
	double limit;		/* an entry's limit price; 0: market */
	int at_fill;		/* a flip: sized at the fill, stake is a guess */
};

/* The price an entry expects: its limit, else this candle's close. */
static double
entry_price(const struct want *q)
{
	return q->limit > 0 ? q->limit : q->k->close;
}

static const char *
side_of(enum tp_action a)
{
	return a == TP_ENTER_LONG || a == TP_EXIT_SHORT ? "buy" : "sell";
}

static int
order(struct tp_riskrun *r, const struct want *q, struct tp_err *err)
{
	const struct tp_strategy *st = r->p.bt.st;
	const char *sym = tp_bt_sym_name(&r->p.bt, &r->p.bt.sym[q->sym]);
	char id[TP_ORDER_ID_LEN + 1];
	struct tp_xorder xo;
	struct tp_recb o;
	int entry = q->a == TP_ENTER_LONG || q->a == TP_ENTER_SHORT;

	tp_paper_order_id(&r->p, q->sym, q->k->time, tp_action_names[q->a],
	    id);
	start(r, &o, "order", q->k->time);
	tp_recb_string(&o, "symbol", sym);
	tp_recb_text(&o, "client_order_id", id);
	tp_recb_text(&o, "action", tp_action_names[q->a]);
	tp_recb_text(&o, "side", side_of(q->a));
	tp_recb_text(&o, "order_type", entry && q->limit > 0 ? "limit" :
	    "market");
	tp_recb_num(&o, "amount", q->amount);
	tp_recb_num(&o, "price", entry && q->limit > 0 ? q->limit :
	    q->k->close);
	tp_recb_num(&o, "stake", entry && !q->at_fill ? q->stake : NAN);
	if (q->at_fill)
		tp_recb_num(&o, "stake_estimate", q->stake);
	tp_recb_num(&o, "leverage", st->leverage);
	tp_recb_num(&o, "stop_price", entry ? q->stop_price : NAN);
	tp_recb_num(&o, "stop_ratio", entry && q->stop_ratio > 0 ?
	    q->stop_ratio : NAN);
	tp_recb_num(&o, "take_profit", entry && st->nroi > 0 ?
	    entry_price(q) * (1 + (q->a == TP_ENTER_SHORT ? -1 : 1) *
	    st->roi[0].ratio / st->leverage) : NAN);
	tp_recb_num(&o, "liquidation_price", entry && q->liquidation > 0 ?
	    q->liquidation : NAN);
	tp_recb_bool(&o, "reduce_only", !entry);
	tp_recb_text(&o, "tag", entry ? q->tag : NULL);
	tp_recb_i64(&o, "account_seq", r->p.seq);
	tp_recb_text(&o, "status", "new");
	if (put(r, &o, err) < 0)
		return -1;
	xo.client_id = id;
	xo.symbol = sym;
	xo.action = q->a;
	xo.time = q->k->time;
	xo.limit = entry ? q->limit : 0;
	xo.stake = q->at_fill ? 0 : q->stake;
	xo.stop_ratio = q->stop_ratio;
	xo.tag = q->tag;
	tp_paper_order(&r->p, q->sym, &xo);
	return 0;
}

static int
reject(struct tp_riskrun *r, const struct want *q, const char *limit,
    const char *why, struct tp_err *err)
{
	struct tp_recb o;

	start(r, &o, "reject", q->k->time);
	tp_recb_string(&o, "symbol", tp_bt_sym_name(&r->p.bt,
	    &r->p.bt.sym[q->sym]));
	tp_recb_text(&o, "action", tp_action_names[q->a]);
	tp_recb_num(&o, "stake", q->stake > 0 ? q->stake : NAN);
	tp_recb_text(&o, "limit", limit);
	tp_recb_text(&o, "reason", why);
	return put(r, &o, err);
}

/* The drawdown kill switch: an event tp-exec acts on (it halts). */
static int
kill_switch(struct tp_riskrun *r, const struct want *q, const char *why,
    struct tp_err *err)
{
	struct tp_recb o;

	if (r->killed)
		return 0;
	r->killed = 1;
	start(r, &o, "event", q->k->time);
	tp_recb_string(&o, "symbol", "");
	tp_recb_text(&o, "event", "kill_switch");
	tp_recb_text(&o, "severity", "critical");
	tp_recb_text(&o, "reason", why);
	return put(r, &o, err);
}

/* ---- deciding ------------------------------------------------------------ */

/* The ATR of a decision: its "atr" field, else the first atr_N. */
static double
atr_of(struct tp_riskrun *r, const struct tp_rec *rec)
{
	const char *name;
	double v = NAN;
	struct tp_err ignored = TP_ERR_INIT;
	int i;

	for (i = 0; i < rec->nf; i++) {
		name = r->names->v[rec->f[i].name].s;
		if (strcmp(name, "atr") == 0 || strncmp(name, "atr_", 4) == 0) {
			if (tp_field_num(rec, &rec->f[i], r->names, &v,
			    &ignored) != 0)
				v = NAN;
			tp_err_clear(&ignored);
			return v;
		}
	}
	return v;
}

/*
 * The margin for an entry, by the rule the backtest uses at the fill
 * (tp_trade_stake).  A flip's is a guess: as if the open trade closed at this
 * candle's close.  0 with *why when none.
 */
static double
stake_for(struct tp_riskrun *r, const struct want *q, int dca,
    const char **why)
{
	const struct tp_backtest *b = &r->p.bt;
	const struct tp_strategy *st = b->st;
	const struct tp_bt_sym *s = &b->sym[q->sym];
	double bal = b->balance, staked = b->staked, stake;
	int nopen = b->nopen;
	struct tp_stake_in in;

	if (dca)
		stake = s->trade.first_stake * st->adjust_stake_ratio;
	else {
		if (s->has_trade) {	/* a flip */
			bal += tp_trade_profit_abs(&s->trade, q->k->close);
			staked -= s->trade.stake;
			nopen--;
		}
		tp_bt_stake_in(b, s, &in);
		stake = tp_trade_stake(st, bal, staked, nopen, &in);
	}
	*why = NULL;
	if (stake > 0)
		return stake;
	if (st->max_open_trades > 0 && nopen >= st->max_open_trades)
		*why = "max_open_trades";
	else
		*why = "balance";
	return 0;
}

/* Stop and liquidation of an entry of stake at its expected price, as
 * the account would open it. */
static void
stops(struct tp_riskrun *r, double atr, struct want *q)
{
	const struct tp_strategy *st = r->p.bt.st;
	struct tp_trade t;
	int is_short = q->a == TP_ENTER_SHORT;
	double price = entry_price(q);

	tp_trade_open(&t, &r->p.bt.x, is_short, q->k->time, price, q->stake,
	    st->leverage, st->fee);
	q->amount = t.amount;
	q->liquidation = t.liquidation;
	q->stop_price = t.has_stop ? t.stop_loss : NAN;
	q->stop_ratio = 0;
	if (st->atr_stop_multiple > 0 && atr > 0) {
		q->stop_price = tp_risk_stop_atr(price, atr,
		    st->atr_stop_multiple, st->atr_stop_min, st->atr_stop_max,
		    is_short);
		q->stop_ratio = fabs(q->stop_price - price) / price;
	}
}

static int
entry(struct tp_riskrun *r, double atr, struct want *q, int dca,
    struct tp_err *err)
{
	const struct tp_strategy *st = r->p.bt.st;
	struct tp_order_req req;
	struct tp_book book;
	const char *lim;
	char why[256];
	enum tp_risk_verdict v;

	if (r->halted)
		return reject(r, q, "halt", r->halt_why, err);
	q->stake = stake_for(r, q, dca, &lim);
	if (q->stake <= 0)
		return reject(r, q, lim, strcmp(lim, "balance") == 0 ?
		    "the free balance cannot pay a stake" :
		    "every max_open_trades slot is taken", err);
	if (r->limit_offset > 0 && !dca)
		q->limit = q->k->close * (q->a == TP_ENTER_SHORT ?
		    1 + r->limit_offset : 1 - r->limit_offset);
	stops(r, atr, q);
	if (r->poscap < r->p.bt.nsym) {
		struct tp_position *v2 = realloc(r->pos, (size_t)r->p.bt.nsym *
		    2 * sizeof(*v2));

		if (v2 == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		r->pos = v2;
		r->poscap = r->p.bt.nsym * 2;
	}
	tp_paper_book(&r->p, q->sym, q->k->time, r->pos, &book);
	/* Protections lock new trades, not what is added to one (DCA), as
	 * the account adds (freqtrade's locks are checked at entry). */
	if (dca)
		book.nclosed = 0;
	req.symbol = tp_bt_sym_name(&r->p.bt, &r->p.bt.sym[q->sym]);
	req.is_short = q->a == TP_ENTER_SHORT;
	req.stake = q->stake;
	req.leverage = st->leverage;
	req.entry = entry_price(q);
	req.stop = isnan(q->stop_price) ? 0 : q->stop_price;
	req.liquidation = q->liquidation;
	v = tp_risk_check(&st->limits, &book, &req, why, sizeof(why));
	if (v == TP_RISK_OK)
		return order(r, q, err);
	if (v == TP_RISK_HALT) {
		r->halted = 1;
		snprintf(r->halt_why, sizeof(r->halt_why), "kill switch: %s",
		    why);
		if (kill_switch(r, q, why, err) < 0)
			return -1;
		return reject(r, q, "max_drawdown", why, err);
	}
	return reject(r, q, "risk", why, err);
}

/* The orders the signals sig of candle k of symbol sym call for; atr
 * the candle's ATR (atr_of), for an ATR stop. */
static int
decide(struct tp_riskrun *r, double atr, int sym, const struct tp_candle *k,
    int sig, const char *tag, struct tp_err *err)
{
	const struct tp_strategy *st = r->p.bt.st;
	const struct tp_bt_sym *s = &r->p.bt.sym[sym];
	struct want q;
	int dir = tp_bt_direction(sig), in, out;

	memset(&q, 0, sizeof(q));
	q.sym = sym;
	q.k = k;
	q.tag = tag;
	if (s->has_trade) {
		in = s->trade.is_short ? TP_SIG_ES : TP_SIG_EL;
		out = s->trade.is_short ? TP_SIG_XS : TP_SIG_XL;
		/* freqtrade: an exit signal counts unless an entry of the
		 * same side comes with it */
		if (st->use_exit_signal && (sig & out) && !(sig & in)) {
			q.a = s->trade.is_short ? TP_EXIT_SHORT : TP_EXIT_LONG;
			q.amount = s->trade.amount;
			if (order(r, &q, err) < 0)
				return -1;
		}
	}
	if (dir < 0)
		return 0;
	q.a = dir ? TP_ENTER_SHORT : TP_ENTER_LONG;
	if (!s->has_trade)
		return entry(r, atr, &q, 0, err);
	if (s->trade.is_short == dir)	/* add to it (DCA), if allowed */
		return st->adjust_max > 0 && s->trade.entries <=
		    st->adjust_max ? entry(r, atr, &q, 1, err) : 0;
	/* A flip: the trade closes at the next open, then the new one is
	 * sized on the balance that close leaves, which only the fill
	 * knows: the order carries no stake, tp-exec sizes it by the
	 * strategy's rule, as the backtest does. */
	q.at_fill = 1;
	return st->flip ? entry(r, atr, &q, 0, err) : 0;
}

int
tp_riskrun_rec(struct tp_riskrun *r, const struct tp_rec *rec,
    struct tp_err *err)
{
	struct tp_paper_held h;
	int rc;

	if (tp_write(r->w, rec, err) < 0)
		return -1;
	rc = tp_bt_read(&r->p.bt, rec, &h.k, &h.sig, h.tag, &h.sym, err);
	if (rc <= 0)
		return rc;
	h.atr = h.sig && r->p.bt.st->atr_stop_multiple > 0 ? atr_of(r, rec) :
	    NAN;
	if (r->fresh) {
		h.file = rec->file;
		h.line = rec->line;
		return tp_paper_hold(&r->held, &h, err);
	}
	/* A candle an earlier run worked (its window overlaps this one's)
	 * had its orders then: none again, tp-exec would refuse them. */
	rc = tp_paper_candle(&r->p, h.sym, &h.k, rec->file, rec->line, err);
	if (rc <= 0)
		return rc;
	return h.sig ? decide(r, h.atr, h.sym, &h.k, h.sig, h.tag, err) : 0;
}

int
tp_riskrun_finish(struct tp_riskrun *r, struct tp_err *err)
{
	const struct tp_paper_held *h;
	int i, rc;

	r->fresh = 0;
	for (i = 0; i < r->held.n; i++) {
		h = &r->held.v[i];
		rc = tp_paper_candle(&r->p, h->sym, &h->k, h->file, h->line,
		    err);
		if (rc < 0 || (rc > 0 && h->sig && decide(r, h->atr, h->sym,
		    &h->k, h->sig, h->tag, err) < 0))
			return -1;
	}
	r->held.n = 0;
	return 0;
}

/* ---- report ------------------------------------------------------------ */

/* A symbol's close-to-close returns from the journal's candles. */
struct rets {
	int64_t *t;
	double *r;
	int n;
};

static int
load_returns(sqlite3 *db, const char *path, const char *symbol,
    struct rets *out, struct tp_err *err)
{
	sqlite3_stmt *q;
	int64_t t, last_t = INT64_MIN;
	double c, last = NAN;
	int cap = 0, rc;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, "SELECT time, close FROM candles WHERE "
	    "symbol = ? ORDER BY time", -1, &q, NULL) != SQLITE_OK)
		return tp_journal_sqlite_fail(db, path, "cannot read candles",
		    err);
	sqlite3_bind_text(q, 1, symbol, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = sqlite3_column_int64(q, 0);
		c = sqlite3_column_double(q, 1);
		if (t == last_t)	/* another exchange's or timeframe's */
			continue;
		if (last > 0 && out->n == cap) {
			/* two arrays of one capacity: the second call sets
			 * it */
			int tcap = cap;
			int64_t *tv = tp_grow(out->t, &tcap, out->n + 1,
			    sizeof(*tv));
			double *rv;

			if (tv != NULL)
				out->t = tv;
			rv = tv == NULL ? NULL : tp_grow(out->r, &cap,
			    out->n + 1, sizeof(*rv));
			if (rv == NULL) {
				sqlite3_finalize(q);
				return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
				    "out of memory");
			}
			out->r = rv;
		}
		if (last > 0) {
			out->t[out->n] = t;
			out->r[out->n++] = c / last - 1;
		}
		last = c;
		last_t = t;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return tp_journal_sqlite_fail(db, path, "cannot read candles",
		    err);
	return 0;
}

/* The return of rets at time t, or NAN. */
static double
return_at(const struct rets *x, int64_t t)
{
	int lo = 0, hi = x->n - 1, mid;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (x->t[mid] == t)
			return x->r[mid];
		if (x->t[mid] < t)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NAN;
}

/*
 * The open book's historical returns as parts of equity: for each time
 * every open symbol has a return at, the sum of each position's value
 * times its return (minus for a short).  *n 0 when a symbol has none.
 */
static int
book_returns(struct tp_riskrun *r, sqlite3 *db, const char *path,
    double **out, int *n, struct tp_err *err)
{
	const struct tp_backtest *b = &r->p.bt;
	struct rets *x = calloc((size_t)b->nsym + 1, sizeof(*x));
	double eq = tp_bt_equity(b), v, sum;
	int i, k, first = -1, rc = -1;

	*out = NULL;
	*n = 0;
	if (x == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; i < b->nsym; i++) {
		if (!b->sym[i].has_trade)
			continue;
		if (load_returns(db, path, tp_bt_sym_name(b, &b->sym[i]),
		    &x[i], err) < 0)
			goto out;
		if (first < 0)
			first = i;
	}
	if (first < 0 || (*out = malloc((size_t)x[first].n *
	    sizeof(**out) + 1)) == NULL) {
		rc = first < 0 ? 0 : tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
		    "out of memory");
		goto out;
	}
	for (k = 0; k < x[first].n; k++) {
		sum = 0;
		for (i = 0; i < b->nsym; i++) {
			const struct tp_trade *t = &b->sym[i].trade;

			if (!b->sym[i].has_trade)
				continue;
			v = return_at(&x[i], x[first].t[k]);
			if (isnan(v))
				break;
			sum += (t->is_short ? -1 : 1) * t->amount *
			    b->sym[i].last_close * v;
		}
		if (i == b->nsym)
			(*out)[(*n)++] = sum / eq;
	}
	rc = 0;
out:
	for (i = 0; i < b->nsym; i++) {
		free(x[i].t);
		free(x[i].r);
	}
	free(x);
	return rc;
}

/* The report of st's account in db. */
static int
report_one(const struct tp_strategy *st, struct tp_names *names, sqlite3 *db,
    const char *path, struct tp_writer *w, struct tp_err *err)
{
	struct tp_riskrun r;
	struct tp_position *pos = NULL;
	struct tp_book book;
	struct tp_recb o;
	double *ret = NULL, eq, heat = 0, expo = 0, var[2], cvar[2];
	static const double level[2] = { 0.95, 0.99 };
	int i, n = 0, rc = -1;

	memset(&r, 0, sizeof(r));
	tp_rec_init(&r.out);
	r.names = names;
	r.w = w;
	if (tp_paper_init(&r.p, st, names, NULL, err) < 0)
		goto out;
	if (tp_jpaper_load(&r.p, db, path, err) <= 0) {
		if (err->code == 0)
			tp_errf(err, TP_EX_NOINPUT, path, 0, "no paper account "
			    "of \"%s\" here", st->name);
		goto out;
	}
	if ((pos = calloc((size_t)r.p.bt.nsym + 1, sizeof(*pos))) == NULL ||
	    book_returns(&r, db, path, &ret, &n, err) < 0)
		goto out;
	tp_paper_book(&r.p, 0, r.p.bt.step_time, pos, &book);
	eq = book.equity;
	for (i = 0; i < book.npos; i++) {
		const struct tp_position *p = &pos[i];
		double value = p->stake * p->leverage;

		heat += tp_risk_position(p);
		expo += value;
		start(&r, &o, "exposure", r.p.bt.step_time);
		tp_recb_string(&o, "symbol", p->symbol);
		tp_recb_text(&o, "side", p->is_short ? "short" : "long");
		tp_recb_num(&o, "value", value);
		tp_recb_num(&o, "exposure", value / eq);
		tp_recb_num(&o, "risk_to_stop", tp_risk_position(p));
		tp_recb_num(&o, "heat", tp_risk_position(p) / eq);
		if (put(&r, &o, err) < 0)
			goto out;
	}
	for (i = 0; i < 2; i++)
		if (n == 0 || tp_risk_var_cvar(ret, n, level[i], &var[i],
		    &cvar[i]) < 0)
			var[i] = cvar[i] = book.npos == 0 ? 0 : NAN;
	start(&r, &o, "risk", r.p.bt.step_time);
	tp_recb_num(&o, "equity", eq);
	tp_recb_i64(&o, "open_trades", book.npos);
	tp_recb_num(&o, "exposure", expo / eq);
	tp_recb_num(&o, "heat", heat / eq);
	tp_recb_num(&o, "drawdown", r.p.peak > 0 ? 1 - eq / r.p.peak : 0);
	tp_recb_i64(&o, "periods", n);
	tp_recb_num(&o, "var_95", var[0]);
	tp_recb_num(&o, "cvar_95", cvar[0]);
	tp_recb_num(&o, "var_99", var[1]);
	tp_recb_num(&o, "cvar_99", cvar[1]);
	rc = put(&r, &o, err);
out:
	free(ret);
	free(pos);
	tp_riskrun_release(&r);
	return rc;
}

int
tp_riskrun_report(const struct tp_strategy *st, struct tp_names *names,
    const char *path, struct tp_writer *w, struct tp_err *err)
{
	struct tp_strategy each;
	sqlite3 *db;
	sqlite3_stmt *q = NULL;
	int rc = -1, step, n = 0;

	if (tp_jpaper_open_read(path, &db, err) < 0)
		return -1;
	if (db == NULL)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "no paper account "
		    "here");
	if (st != NULL) {
		rc = report_one(st, names, db, path, w, err);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT strategy FROM paper_accounts ORDER "
	    "BY strategy", -1, &q, NULL) != SQLITE_OK) {
		tp_journal_sqlite_fail(db, path,
		    "cannot read the paper accounts", err);
		goto out;
	}
	/* The report needs no exit rules: each account by its name alone. */
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		tp_strategy_defaults(&each);
		each.name = (char *)sqlite3_column_text(q, 0);
		if (report_one(&each, names, db, path, w, err) < 0)
			goto out;
		n++;
	}
	if (step != SQLITE_DONE)
		tp_journal_sqlite_fail(db, path,
		    "cannot read the paper accounts", err);
	else if (n == 0)
		tp_errf(err, TP_EX_NOINPUT, path, 0, "no paper account here");
	else
		rc = 0;
out:
	sqlite3_finalize(q);
	sqlite3_close(db);
	return rc;
}

static int
filter_step(void *ctx, struct tp_filter *f, struct tp_rec *rec,
    struct tp_err *err)
{
	(void)f;
	return tp_riskrun_rec(ctx, rec, err);
}

static int
filter_end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	(void)f;
	return err->code == 0 ? tp_riskrun_finish(ctx, err) : -1;
}

void
tp_riskrun_filter(struct tp_riskrun *r, struct tp_filter *f)
{
	f->ctx = r;
	f->step = filter_step;
	f->end = filter_end;
}
