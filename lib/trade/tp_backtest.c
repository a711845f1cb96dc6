/*
 * tp_backtest.c: freqtrade's backtest loop (freqtrade/optimize/
 * backtesting.py backtest_loop, read at c9ae5e1e) over a record stream.
 * See tp_backtest.h for the shape and tp-backtest(1) for the rules.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "core/tp_time.h"
#include "trade/tp_backtest.h"

int
tp_bt_init(struct tp_backtest *b, const struct tp_strategy *st,
    struct tp_names *names, const struct tp_bt_out *out, struct tp_err *err)
{
	int k;

	memset(b, 0, sizeof(*b));
	b->st = st;
	tp_trade_exits_of(&b->x, st);
	if (out != NULL)
		b->out = *out;
	tp_names_init(&b->syms);
	tp_metrics_init(&b->m, st->dry_run_wallet);
	b->balance = st->dry_run_wallet;
	b->step_time = -1;
	b->nprot = tp_risk_protections(&st->limits, b->prot);
	b->from = TP_TIME_MIN;
	b->to = TP_TIME_MAX;
	if (st->sizing_mode != NULL && strcmp(st->sizing_mode, "risk") == 0 &&
	    !st->has_stoploss)
		return tp_errf(err, TP_EX_CONFIG, st->path, 0, "sizing.mode: "
		    "\"risk\" sizes by the distance to the stop, and there is "
		    "no \"stoploss\"");
	if (names == NULL)
		return 0;
	if (tp_candle_cols_init(&b->cols, names, TP_UNIT_MS, err) < 0)
		return -1;
	b->type_id = tp_names_intern(names, TP_LIT("type"));
	b->sig_id = tp_names_intern(names, TP_LIT("signal"));
	b->tag_id = tp_names_intern(names, TP_LIT("tag"));
	b->etag_id = tp_names_intern(names, TP_LIT("enter_tag"));
	for (k = 0; k < TP_ACTION_N; k++)
		b->flag_id[k] = tp_names_intern(names, tp_action_names[k],
		    strlen(tp_action_names[k]));
	if (b->type_id < 0 || b->sig_id < 0 || b->tag_id < 0 ||
	    b->etag_id < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

void
tp_bt_release(struct tp_backtest *b)
{
	tp_names_release(&b->syms);
	tp_metrics_release(&b->m);
	tp_buf_release(&b->tmp);
	free(b->role);
	free(b->closed);
	free(b->sym);
	free(b->step);
	memset(b, 0, sizeof(*b));
}

const char *
tp_bt_sym_name(const struct tp_backtest *b, const struct tp_bt_sym *s)
{
	return b->syms.v[s->id].s;
}

/*
 * The fields a backtest reads besides the candle's, found in one pass
 * over the record (by a table of field ids) rather than one search each:
 * most records have none of them but the signal.
 */
enum {
	R_NONE, R_TYPE, R_SIGNAL, R_TAG, R_ETAG, R_FLAG,
	R_N = R_FLAG + TP_ACTION_N
};

static int
role_of(const struct tp_backtest *b, int id)
{
	int k;

	if (id == b->type_id)
		return R_TYPE;
	if (id == b->sig_id)
		return R_SIGNAL;
	if (id == b->tag_id)
		return R_TAG;
	if (id == b->etag_id)
		return R_ETAG;
	for (k = 0; k < TP_ACTION_N; k++)
		if (id == b->flag_id[k])
			return R_FLAG + k;
	return R_NONE;
}

/* at[role] = the index in rec of the first field of that role, or -1. */
static int
find_roles(struct tp_backtest *b, const struct tp_rec *rec, int at[R_N],
    struct tp_err *err)
{
	int i, id, r;

	for (r = 0; r < R_N; r++)
		at[r] = -1;
	for (i = 0; i < rec->nf; i++) {
		id = rec->f[i].name;
		if (id >= b->nrole) {
			int cap = id + 64;
			unsigned char *v = realloc(b->role, (size_t)cap);

			if (v == NULL)
				return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
				    "out of memory");
			for (r = b->nrole; r < cap; r++)
				v[r] = (unsigned char)role_of(b, r);
			b->role = v;
			b->nrole = cap;
		}
		r = b->role[id];
		if (r != R_NONE && at[r] < 0)
			at[r] = i;
	}
	return 0;
}

/* The text of field i of rec, or NULL when i < 0 or it is null. */
static const char *
text_of(struct tp_backtest *b, const struct tp_rec *rec, int i, size_t *n,
    struct tp_err *err)
{
	const char *p;
	int isnull;

	if (i < 0)
		return NULL;
	if (tp_field_text(&rec->f[i], &b->tmp, &p, n, &isnull) < 0) {
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		return NULL;
	}
	return isnull || *n == 0 ? NULL : p;
}

/* The signals of rec: "signal", or the four freqtrade columns. */
static int
signals(struct tp_backtest *b, const struct tp_rec *rec, const int at[R_N],
    int *sig, struct tp_err *err)
{
	const char *p;
	size_t n;
	int k;

	*sig = 0;
	p = text_of(b, rec, at[R_SIGNAL], &n, err);
	if (p != NULL) {
		for (k = 0; k < TP_ACTION_N; k++)
			if (strlen(tp_action_names[k]) == n &&
			    memcmp(p, tp_action_names[k], n) == 0)
				*sig |= 1 << k;
		if (*sig == 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "field \"signal\": \"%.*s\" is not "
			    "enter_long, exit_long, enter_short or exit_short",
			    (int)(n > 40 ? 40 : n), p);
	}
	for (k = 0; k < TP_ACTION_N; k++) {
		p = text_of(b, rec, at[R_FLAG + k], &n, err);
		if (err->code)
			return -1;
		if (p == NULL || (n == 1 && *p == '0') ||
		    (n == 5 && memcmp(p, "false", 5) == 0))
			continue;
		if ((n == 1 && *p == '1') || (n == 4 &&
		    memcmp(p, "true", 4) == 0))
			*sig |= 1 << k;
		else
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "field \"%s\": expected 1, 0, true or "
			    "false, not \"%.*s\"", tp_action_names[k],
			    (int)(n > 40 ? 40 : n), p);
	}
	return err->code ? -1 : 0;
}

/* freqtrade's direction of entry: a long needs enter_long without
 * exit_long or enter_short; conflicting signals enter nothing. */
int
tp_bt_direction(int sig)
{
	if ((sig & TP_SIG_EL) && !(sig & (TP_SIG_XL | TP_SIG_ES)))
		return 0;
	if ((sig & TP_SIG_ES) && !(sig & (TP_SIG_XS | TP_SIG_EL)))
		return 1;
	return -1;
}

/*
 * The margin for a new trade: the wallet's rule (tp_trade.h), or the
 * order's stake when the wallet has a slot and that much free (an
 * exchange refuses an order the balance cannot pay).
 */
/* Returns before the volatility estimate is trusted. */
#define VOL_MIN_RETURNS 20
#define VOL_LAMBDA 0.94

void
tp_bt_stake_in(const struct tp_backtest *b, const struct tp_bt_sym *s,
    struct tp_stake_in *in)
{
	*in = b->stats;
	in->vol = s->nret >= VOL_MIN_RETURNS ? sqrt(s->vol_var) : 0;
}

static double
stake_for(const struct tp_backtest *b, const struct tp_bt_sym *s)
{
	struct tp_stake_in in;
	double rule;

	tp_bt_stake_in(b, s, &in);
	rule = tp_trade_stake(b->st, b->balance, b->staked, b->nopen, &in);

	if (s->order_stake <= 0)
		return rule;
	return rule > 0 && s->order_stake <= b->balance - b->staked ?
	    s->order_stake : 0;
}

/* Copy tag (NULL: none) into a TP_BT_TAGSZ buffer, cut to fit; the
 * common empty tag costs one store. */
static void
set_tag(char *dst, const char *tag)
{
	size_t n;

	if (tag == NULL || *tag == '\0') {
		*dst = '\0';
		return;
	}
	n = strnlen(tag, TP_BT_TAGSZ - 1);
	memcpy(dst, tag, n);
	dst[n] = '\0';
}

/* A fill at rate, moved against the trader by the slippage. */
static double
slip(const struct tp_backtest *b, double rate, int buy)
{
	double s = b->st->slippage_bps / 10000;

	return buy ? rate * (1 + s) : rate * (1 - s);
}

int64_t
tp_bt_tf(const struct tp_backtest *b)
{
	return b->st->timeframe_ms > 0 ? b->st->timeframe_ms : b->tf_ms;
}

int
tp_bt_closed(struct tp_backtest *b, const struct tp_protect_trade *c,
    struct tp_err *err)
{
	int64_t from = tp_protect_horizon(b->prot, b->nprot, tp_bt_tf(b),
	    c->close_time);
	struct tp_protect_trade *v;
	int k = 0;

	/* Drop the trades too old to matter once they are half of what is
	 * kept, so that each is moved once on average. */
	while (k < b->nclosed && b->closed[k].close_time < from)
		k++;
	if (k > 0 && k >= b->nclosed / 2) {
		memmove(b->closed, b->closed + k, (size_t)(b->nclosed - k) *
		    sizeof(*b->closed));
		b->nclosed -= k;
	}
	v = tp_grow(b->closed, &b->capclosed, b->nclosed + 1, sizeof(*v));
	if (v == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	b->closed = v;
	b->closed[b->nclosed++] = *c;
	return 0;
}

/* Whether the protections lock the entry s's last candle signalled, in
 * direction dir: judged on that candle's time, as tp-risk judges the
 * order it places on that candle, on the trades closed by then. */
static int
locked(const struct tp_backtest *b, const struct tp_bt_sym *s, int dir)
{
	struct tp_protect_lock lock;

	return b->nprot > 0 && tp_protect_check(b->prot, b->nprot, tp_bt_tf(b),
	    b->closed, b->nclosed, (int)(s - b->sym), dir, s->last_time,
	    &lock);
}

static int
close_trade(struct tp_backtest *b, struct tp_bt_sym *s, int64_t time,
    double rate, enum tp_exit_reason why, struct tp_err *err)
{
	struct tp_trade *t = &s->trade;
	struct tp_mtrade mt;
	double amount = t->amount;
	int rc;

	rate = slip(b, rate, t->is_short);
	if (b->out.fill != NULL && (rc = b->out.fill(b->out.ctx, b, s, why, 0,
	    &rate, &amount, err)) <= 0)
		return rc;
	tp_trade_close(t, time, rate, why);
	b->balance += t->profit_abs;
	b->staked -= t->stake;
	/* With no trade open no margin is in use: what the subtractions
	 * leave (a -5.7e-14 after two symbols' trades) is rounding. */
	if (--b->nopen == 0)
		b->staked = 0;
	s->has_trade = 0;
	s->last_exit = time;
	s->last_exit_reason = why;
	if (t->profit_ratio > 0) {
		b->stats.wins++;
		b->stats.win_sum += t->profit_ratio;
	} else if (t->profit_ratio < 0) {
		b->stats.losses++;
		b->stats.loss_sum -= t->profit_ratio;
	}
	mt.open_time = t->open_time;
	mt.close_time = t->close_time;
	mt.profit_abs = t->profit_abs;
	mt.profit_ratio = t->profit_ratio;
	mt.stake = t->stake;
	mt.exit = (int)why;
	mt.is_short = t->is_short;
	/* Names interned once each: a hash lookup per trade, no copy. */
	mt.pair = tp_metrics_name(&b->m, tp_bt_sym_name(b, s));
	mt.tag = tp_metrics_name(&b->m, s->trade_tag);
	if (mt.pair == -2 || mt.tag == -2 || tp_metrics_add(&b->m, &mt) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (b->nprot > 0) {
		struct tp_protect_trade c = { time, (int)(s - b->sym), t->is_short,
		    why == TP_EXIT_STOP_LOSS || why == TP_EXIT_TRAILING ||
		    why == TP_EXIT_LIQUIDATION, t->profit_ratio };

		if (tp_bt_closed(b, &c, err) < 0)
			return -1;
	}
	return b->out.trade ? b->out.trade(b->out.ctx, b, s, err) : 0;
}

/*
 * Position adjustment (DCA): an entry signal in the trade's direction
 * adds first stake * stake_ratio at the open, up to max_entries more
 * times, when the open is min_drop or more against the average entry and
 * the wallet has that much free.
 */
static int
adjust(struct tp_backtest *b, struct tp_bt_sym *s, struct tp_err *err)
{
	const struct tp_strategy *st = b->st;
	struct tp_trade *t = &s->trade;
	double rate = slip(b, s->cur.open, !t->is_short);
	double stake = t->first_stake * st->adjust_stake_ratio, amount = 0;
	int rc;

	if (st->adjust_max == 0 || t->entries > st->adjust_max ||
	    stake > b->balance - b->staked)
		return 0;
	if (t->is_short ? s->cur.open < t->open_rate * (1 +
	    st->adjust_min_drop) : s->cur.open > t->open_rate * (1 -
	    st->adjust_min_drop))
		return 0;
	if (b->out.fill != NULL) {
		if ((rc = b->out.fill(b->out.ctx, b, s, TP_EXIT_NONE, 1, &rate,
		    &amount, err)) <= 0)
			return rc;
		stake = amount * rate / t->leverage;
	}
	tp_trade_add(t, &b->x, rate, stake);
	b->staked += stake;
	return b->out.entry ? b->out.entry(b->out.ctx, b, s, 1, rate, stake,
	    err) : 0;
}

/* Whether candle k reaches the entry order's limit (a market order
 * always fills): a buy's at or above the low, a sell's at or below the
 * high. */
static int
touched(const struct tp_bt_sym *s, const struct tp_candle *k, int is_short)
{
	double lim = s->order_limit;

	return !(lim > 0) || (is_short ? k->high >= lim : k->low <= lim);
}

/* A market entry fills at the open, slipped; a limit at its price, or at
 * the open when that is better already. */
static double
entry_rate(const struct tp_backtest *b, const struct tp_bt_sym *s,
    const struct tp_candle *k, int is_short)
{
	double lim = s->order_limit;

	if (!(lim > 0))
		return slip(b, k->open, !is_short);
	return is_short ? fmax(k->open, lim) : fmin(k->open, lim);
}

/* One symbol's candle of the current step: entry, then exits. */
static int
work(struct tp_backtest *b, struct tp_bt_sym *s, int last,
    struct tp_err *err)
{
	const struct tp_candle *k = &s->cur;
	int dir = tp_bt_direction(s->sig), enter, ex, flip, lock;
	enum tp_exit_reason why;
	double rate, stake;

	if (s->last_time < b->from && k->time >= b->from)
		s->first_close = k->close;	/* the range's first */
	/* A flip closes the trade at the open, before the new entry; an
	 * entry the protections lock is refused whole, the flip's close
	 * too, as tp-risk then places no order. */
	flip = s->has_trade && b->st->flip && dir >= 0 &&
	    dir != s->trade.is_short;
	lock = dir >= 0 && (flip || !s->has_trade) && locked(b, s, dir);
	if (flip && !lock && close_trade(b, s, k->time, k->open,
	    TP_EXIT_EXIT_SIGNAL, err) < 0)
		return -1;
	if (s->has_trade && dir == s->trade.is_short && adjust(b, s, err) < 0)
		return -1;
	/* An entry the wallet cannot take is counted, as freqtrade counts
	 * its rejected signals, so that a stake too big is not silent; so
	 * is one a protection locks. */
	stake = 0;
	if (!last && k->time >= b->from && !s->has_trade && dir >= 0 &&
	    touched(s, k, dir) && (lock || (stake = stake_for(b, s)) <= 0))
		b->rejected++;
	rate = stake > 0 ? entry_rate(b, s, k, dir) : 0;
	if (stake > 0 && b->out.fill != NULL) {
		double amount = 0;
		int rc = b->out.fill(b->out.ctx, b, s, TP_EXIT_NONE, 0, &rate,
		    &amount, err);

		if (rc < 0)
			return -1;
		/* the margin of what the exchange filled */
		stake = rc > 0 ? amount * rate / b->st->leverage : 0;
	}
	if (stake > 0) {
		tp_trade_open(&s->trade, &b->x, dir, k->time, rate, stake,
		    b->st->leverage, b->st->fee);
		if (s->order_stop > 0) {
			/* the order's own stop (an ATR stop), a price
			 * distance: the trade's stop ratios are of the stake */
			s->trade.has_stop = 0;
			tp_trade_adjust_stop(&s->trade, s->trade.open_rate,
			    -s->order_stop * s->trade.leverage, 1);
		}
		set_tag(s->trade_tag, s->tag);
		s->has_trade = 1;
		b->staked += stake;
		b->nopen++;
		if (b->out.entry && b->out.entry(b->out.ctx, b, s, 0,
		    s->trade.open_rate, stake, err) < 0)
			return -1;
	}
	if (s->has_trade) {
		enter = s->sig & (s->trade.is_short ? TP_SIG_ES : TP_SIG_EL);
		ex = s->sig & (s->trade.is_short ? TP_SIG_XS : TP_SIG_XL);
		why = tp_trade_check(&s->trade, &b->x, k, enter, ex, &rate);
		if (why != TP_EXIT_NONE &&
		    close_trade(b, s, k->time, rate, why, err) < 0)
			return -1;
	}
	if (s->last_time >= 0 && s->last_close > 0) {
		double r = k->close / s->last_close - 1;

		s->vol_var = s->nret == 0 ? r * r : VOL_LAMBDA * s->vol_var +
		    (1 - VOL_LAMBDA) * r * r;
		s->nret++;
	}
	s->sig = s->cur_sig;
	s->order_stake = 0;
	s->order_stop = 0;
	s->order_limit = 0;
	set_tag(s->tag, s->cur_tag);
	s->last_time = k->time;
	s->last_open = k->open;
	s->last_close = k->close;
	return 0;
}

double
tp_bt_equity(const struct tp_backtest *b)
{
	double e = b->balance;
	int i;

	for (i = 0; i < b->nsym; i++)
		if (b->sym[i].has_trade)
			e += tp_trade_profit_abs(&b->sym[i].trade,
			    b->sym[i].last_close);
	return e;
}

/* Work the time step whose candles are all in. */
static int
work_step(struct tp_backtest *b, int last, struct tp_err *err)
{
	int i;

	for (i = 0; i < b->nstep; i++)
		if (work(b, &b->sym[b->step[i]], last, err) < 0)
			return -1;
	b->nstep = 0;
	if (b->out.equity == NULL || b->step_time < b->from)
		return 0;
	b->equity = tp_bt_equity(b);
	if (b->equity > b->peak)
		b->peak = b->equity;
	return b->out.equity(b->out.ctx, b, b->step_time, err);
}


int
tp_bt_symbol(struct tp_backtest *b, const char *p, size_t n,
    struct tp_err *err)
{
	int id = tp_names_intern(&b->syms, p, n);
	struct tp_bt_sym *s;

	if (id < 0)
		return tp_names_fail(id, "symbols", NULL, 0, err);
	if (id < b->nsym)
		return id;
	if (b->nsym == b->capsym) {
		/* two arrays of one capacity: the second call sets it */
		int cap = b->capsym;
		struct tp_bt_sym *v = tp_grow(b->sym, &cap, b->nsym + 1,
		    sizeof(*v));
		int *w;

		if (v == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		b->sym = v;
		w = tp_grow(b->step, &b->capsym, b->nsym + 1, sizeof(*w));
		if (w == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		b->step = w;
	}
	s = &b->sym[b->nsym++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->last_time = -1;
	return id;
}

/* The symbol rec belongs to, made on first sight. */
static int
symbol_of(struct tp_backtest *b, const struct tp_rec *rec,
    struct tp_err *err)
{
	const char *p = "";
	size_t n = 0;
	int i = tp_candle_col(&b->cols, rec, TP_C_SYMBOL), isnull, id;

	if (i >= 0 && tp_field_text(&rec->f[i], &b->tmp, &p, &n,
	    &isnull) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	id = tp_bt_symbol(b, p, n, err);
	if (id < 0)
		tp_err_at(err, rec->file, rec->line);
	return id;
}

/* The entry's name ("tag", else "enter_tag"), cut to fit. */
static void
tag_of(struct tp_backtest *b, const struct tp_rec *rec, const int at[R_N],
    char *tag, struct tp_err *err)
{
	const char *p;
	size_t n;

	p = text_of(b, rec, at[R_TAG], &n, err);
	if (p == NULL)
		p = text_of(b, rec, at[R_ETAG], &n, err);
	if (p == NULL)
		n = 0;
	if (n >= TP_BT_TAGSZ)
		n = TP_BT_TAGSZ - 1;
	if (n > 0)
		memcpy(tag, p, n);
	tag[n] = '\0';
}

/* tp_rec_is_candle, on the type field found at i (find_roles). */
static int
is_candle(struct tp_backtest *b, const struct tp_rec *rec, int i)
{
	const char *p;
	size_t n;
	int isnull;

	if (i < 0)
		return 1;
	if (tp_field_text(&rec->f[i], &b->tmp, &p, &n, &isnull) < 0)
		return 0;
	return isnull || (n == 6 && memcmp(p, "candle", 6) == 0);
}

int
tp_bt_candle(struct tp_backtest *b, int sym, const struct tp_candle *k,
    int sig, const char *tag, const char *file, long line,
    struct tp_err *err)
{
	struct tp_bt_sym *s = &b->sym[sym];
	const char *name = tp_bt_sym_name(b, s);
	char t1[TP_TIME_MSGSZ], t2[TP_TIME_MSGSZ];

	if (k->time > b->to)
		return 0;	/* after the range: not read */
	if (k->time < b->step_time)
		return tp_errf(err, TP_EX_DATAERR, file, line, "time goes back "
		    "to %s after %s: a backtest needs the records in time "
		    "order (tp-fetch fix --sort%s)", tp_time_msg(k->time, t1),
		    tp_time_msg(b->step_time, t2), *name ? "" : ", once the "
		    "candles of each market have a symbol field: tp-fetch "
		    "import -s SYMBOL");
	if (k->time == s->last_time || (k->time == b->step_time &&
	    s->seen && s->cur.time == k->time))
		return tp_errf(err, TP_EX_DATAERR, file, line, "a second "
		    "candle of %s%s%s at time %s (tp-fetch fix --dedupe%s)",
		    *name ? "\"" : "", *name ? name : "the symbol",
		    *name ? "\"" : "", tp_time_msg(k->time, t1), *name ? "" :
		    "; or, when the candles are of several markets, a "
		    "symbol field for each: tp-fetch import -s SYMBOL");
	if (k->time > b->step_time) {
		if (b->step_time >= 0 && work_step(b, 0, err) < 0)
			return -1;
		if (b->step_time < b->from && k->time >= b->from)
			b->m.min_date = k->time;	/* the range's first */
		b->step_time = k->time;
	}
	if (s->last_time >= 0 && (b->tf_ms == 0 ||
	    k->time - s->last_time < b->tf_ms)) {
		b->tf_ms = k->time - s->last_time;
		b->x.tf_min = (double)b->tf_ms / 60000;
	}
	if (b->out.candle != NULL && b->out.candle(b->out.ctx, sym, k, sig, tag,
	    err) < 0)
		return -1;
	s->cur = *k;
	s->cur_sig = sig;
	set_tag(s->cur_tag, tag);
	s->seen = 1;
	b->step[b->nstep++] = sym;
	b->candles++;
	if (k->time >= b->from)
		b->m.max_date = k->time;
	else
		s->before++;
	return 0;
}

int
tp_bt_read(struct tp_backtest *b, const struct tp_rec *rec,
    struct tp_candle *k, int *sig, char *tag, int *sym, struct tp_err *err)
{
	int canon, at[R_N];

	if (find_roles(b, rec, at, err) < 0)
		return -1;
	if (!is_candle(b, rec, at[R_TYPE]))
		return 0;
	if (tp_candle_get(&b->cols, rec, k, &canon, err) < 0 ||
	    tp_candle_check(k, rec, err) < 0 ||
	    signals(b, rec, at, sig, err) < 0 ||
	    (*sym = symbol_of(b, rec, err)) < 0)
		return -1;
	tag_of(b, rec, at, tag, err);
	return err->code ? -1 : 1;
}

int
tp_bt_add(struct tp_backtest *b, const struct tp_rec *rec,
    struct tp_err *err)
{
	struct tp_candle k;
	char tag[TP_BT_TAGSZ];
	int sig, sym, rc;

	rc = tp_bt_read(b, rec, &k, &sig, tag, &sym, err);
	if (rc <= 0)
		return rc;
	return tp_bt_candle(b, sym, &k, sig, tag, rec->file, rec->line, err);
}

int
tp_bt_close(struct tp_backtest *b, int sym, int64_t time, double rate,
    enum tp_exit_reason why, struct tp_err *err)
{
	return close_trade(b, &b->sym[sym], time, rate, why, err);
}

int
tp_bt_flush(struct tp_backtest *b, struct tp_err *err)
{
	return b->nstep > 0 ? work_step(b, 0, err) : 0;
}

int
tp_bt_finish(struct tp_backtest *b, struct tp_summary *sum,
    struct tp_err *err)
{
	struct tp_bt_sym *s;
	int i;

	if (b->nstep > 0 && work_step(b, 1, err) < 0)
		return -1;
	for (i = 0; i < b->nsym; i++) {
		s = &b->sym[i];
		if (s->has_trade && close_trade(b, s, s->last_time,
		    s->last_open, TP_EXIT_FORCE, err) < 0)
			return -1;
		if (s->last_time >= b->from)	/* has a candle in range */
			tp_metrics_market(&b->m, s->first_close, s->last_close);
	}
	tp_metrics_summary(&b->m, sum);
	sum->rejected_signals = b->rejected;
	return 0;
}

/* ---- records ------------------------------------------------------------- */

int
tp_bt_trade_rec(const struct tp_backtest *b, const struct tp_bt_sym *s,
    struct tp_names *names, struct tp_rec *rec)
{
	const struct tp_trade *t = &s->trade;
	struct tp_recb o = { names, rec, 0 };

	tp_rec_clear(rec);
	tp_recb_text(&o, "type", "trade");
	tp_recb_text(&o, "pair", tp_bt_sym_name(b, s));
	tp_recb_bool(&o, "is_short", t->is_short);
	tp_recb_i64(&o, "open_date", t->open_time);
	tp_recb_i64(&o, "close_date", t->close_time);
	tp_recb_num(&o, "open_rate", t->open_rate);
	tp_recb_num(&o, "close_rate", t->close_rate);
	tp_recb_num(&o, "amount", t->amount);
	tp_recb_num(&o, "stake_amount", t->stake);
	tp_recb_num(&o, "leverage", t->leverage);
	tp_recb_num(&o, "fee_open", t->fee_open);
	tp_recb_num(&o, "fee_close", t->fee_close);
	tp_recb_num(&o, "profit_ratio", t->profit_ratio);
	tp_recb_num(&o, "profit_abs", t->profit_abs);
	tp_recb_text(&o, "exit_reason", tp_exit_names[t->exit]);
	tp_recb_text(&o, "enter_tag", s->trade_tag);
	tp_recb_i64(&o, "trade_duration", (t->close_time - t->open_time) / 60000);
	tp_recb_num(&o, "stop_loss", t->has_stop ? t->stop_loss : NAN);
	tp_recb_num(&o, "liquidation_price", t->liquidation > 0 ? t->liquidation :
	    NAN);
	tp_recb_i64(&o, "nr_of_successful_entries", t->entries);
	tp_recb_num(&o, "max_rate", t->max_rate);
	tp_recb_num(&o, "min_rate", t->min_rate);
	/* Last, so earlier columns keep their place; it keys the trade in
	 * tp-journal, apart from the same pair's trades of other runs. */
	tp_recb_text(&o, "strategy", b->st != NULL ? b->st->name : NULL);
	return o.rc;
}

/* mc_runs, mc_seed and the percentiles, as mc_bootstrap_return_p5 */
static void
montecarlo(struct tp_recb *o, const struct tp_montecarlo *mc)
{
	static const char *const what[] = {
		"bootstrap_return", "bootstrap_drawdown", "shuffle_drawdown"
	};
	const double *v[] = { mc->ret, mc->dd, mc->shuffle_dd };
	char name[64];
	int i, k;

	tp_recb_i64(o, "mc_runs", mc->runs);
	tp_recb_i64(o, "mc_seed", (int64_t)mc->seed);
	for (i = 0; i < 3; i++)
		for (k = 0; k < TP_MC_NPCT; k++) {
			snprintf(name, sizeof(name), "mc_%s_p%d", what[i],
			    tp_mc_pct[k]);
			tp_recb_num(o, name, v[i][k]);
		}
}

int
tp_bt_summary_rec(const struct tp_summary *s, const char *strategy,
    int64_t start, int64_t end, const struct tp_montecarlo *mc,
    struct tp_names *names, struct tp_rec *rec)
{
	struct tp_recb o = { names, rec, 0 };
	char name[64];
	int k;

	tp_rec_clear(rec);
	tp_recb_text(&o, "type", "summary");
	tp_recb_text(&o, "strategy", strategy);
	/* period_start, period_end: "end" is a keyword of jq and SQL */
	if (start <= end) {
		tp_recb_i64(&o, "period_start", start);
		tp_recb_i64(&o, "period_end", end);
	} else {	/* no period, not one at 1970-01-01 */
		tp_recb_text(&o, "period_start", NULL);
		tp_recb_text(&o, "period_end", NULL);
	}
	tp_recb_i64(&o, "days", s->days);
	tp_recb_i64(&o, "trades", s->trades);
	tp_recb_i64(&o, "wins", s->wins);
	tp_recb_i64(&o, "draws", s->draws);
	tp_recb_i64(&o, "losses", s->losses);
	tp_recb_num(&o, "winrate", s->winrate);
	tp_recb_num(&o, "starting_balance", s->start_balance);
	tp_recb_num(&o, "final_balance", s->final_balance);
	tp_recb_num(&o, "profit_total", s->profit_total);
	tp_recb_num(&o, "profit_total_abs", s->profit_total_abs);
	tp_recb_num(&o, "profit_mean", s->profit_mean);
	tp_recb_num(&o, "profit_mean_abs", s->profit_mean_abs);
	tp_recb_num(&o, "cagr", s->cagr);
	tp_recb_num(&o, "profit_factor", s->profit_factor);
	tp_recb_num(&o, "expectancy", s->expectancy);
	tp_recb_num(&o, "expectancy_ratio", s->expectancy_ratio);
	tp_recb_num(&o, "max_drawdown_account", s->max_drawdown_account);
	tp_recb_num(&o, "max_drawdown_abs", s->max_drawdown_abs);
	tp_recb_num(&o, "max_relative_drawdown", s->max_relative_drawdown);
	if (s->drawdown_end != 0) {
		tp_recb_i64(&o, "drawdown_start", s->drawdown_start);
		tp_recb_i64(&o, "drawdown_end", s->drawdown_end);
	} else {
		tp_recb_text(&o, "drawdown_start", NULL);
		tp_recb_text(&o, "drawdown_end", NULL);
	}
	tp_recb_num(&o, "sharpe", s->sharpe);
	tp_recb_num(&o, "sortino", s->sortino);
	tp_recb_num(&o, "calmar", s->calmar);
	tp_recb_num(&o, "sqn", s->sqn);
	tp_recb_num(&o, "duration_avg", s->duration_avg);
	tp_recb_num(&o, "best_trade", s->trades ? s->best_trade : NAN);
	tp_recb_num(&o, "worst_trade", s->trades ? s->worst_trade : NAN);
	/* exit_roi, exit_stop_loss, ...: the count of each exit reason;
	 * "exit_signal" is one already, not "exit_exit_signal" */
	for (k = 1; k < TP_EXIT_N; k++) {
		snprintf(name, sizeof(name), "%s%s", strncmp(tp_exit_names[k],
		    "exit_", 5) == 0 ? "" : "exit_", tp_exit_names[k]);
		tp_recb_i64(&o, name, s->exits[k]);
	}
	tp_recb_num(&o, "market_change", s->market_change);
	if (s->rejected_signals >= 0)
		tp_recb_i64(&o, "rejected_signals", s->rejected_signals);
	else
		tp_recb_text(&o, "rejected_signals", NULL);
	if (mc != NULL)
		montecarlo(&o, mc);
	return o.rc;
}

const char *
tp_bt_summary_name(const char *old, char *buf, size_t n)
{
	if (strcmp(old, "start") == 0)
		return "period_start";
	if (strcmp(old, "end") == 0)
		return "period_end";
	if (strcmp(old, "exit_exit_signal") == 0)
		return "exit_signal";
	if (strncmp(old, "roi.", 4) == 0 && old[4] != '\0' &&
	    strspn(old + 4, "0123456789") == strlen(old + 4) &&
	    (size_t)snprintf(buf, n, "roi_%s", old + 4) < n)
		return buf;
	return NULL;
}
