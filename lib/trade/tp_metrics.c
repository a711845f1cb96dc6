/*
 * tp_metrics.c: freqtrade's summary metrics of closed trades (formulas of
 * freqtrade/data/metrics.py at c9ae5e1e, the drawdown as in its later
 * versions: measured from the starting balance, so that a first losing
 * trade counts).  tp-backtest(1) states each formula.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "trade/tp_metrics.h"
#include "core/tp_rand.h"
#include "core/tp_time.h"

#define DAY_MS INT64_C(86400000)

void
tp_metrics_init(struct tp_metrics *m, double start_balance)
{
	memset(m, 0, sizeof(*m));
	m->start_balance = start_balance;
	tp_names_init(&m->names);
}

void
tp_metrics_release(struct tp_metrics *m)
{
	free(m->t);
	tp_names_release(&m->names);
	memset(m, 0, sizeof(*m));
}

int
tp_metrics_name(struct tp_metrics *m, const char *name)
{
	int id;

	if (name == NULL || *name == '\0')
		return -1;
	id = tp_names_intern(&m->names, name, strlen(name));
	return id < 0 ? -2 : id;
}

const char *
tp_metrics_name_of(const struct tp_metrics *m, int id)
{
	return id >= 0 && id < m->names.n ? m->names.v[id].s : "";
}

int
tp_metrics_add(struct tp_metrics *m, const struct tp_mtrade *t)
{
	struct tp_mtrade *v = tp_grow(m->t, &m->cap, m->n + 1, sizeof(*v));

	if (v == NULL)
		return -1;
	m->t = v;
	m->t[m->n] = *t;
	m->t[m->n].seq = m->n;
	m->n++;
	return 0;
}

void
tp_metrics_market(struct tp_metrics *m, double first, double last)
{
	if (first != 0) {
		m->market_sum += (last - first) / first;
		m->market_n++;
	}
}

static int
by_close(const void *a, const void *b)
{
	const struct tp_mtrade *x = a, *y = b;

	if (x->close_time != y->close_time)
		return x->close_time < y->close_time ? -1 : 1;
	return x->seq - y->seq;
}

/* Population standard deviation from a count, sum and sum of squares of
 * deviations (Welford's running form, below). */
struct moments {
	int n;
	double mean, m2;
};

static void
moments_add(struct moments *w, double x)
{
	double d = x - w->mean;

	w->n++;
	w->mean += d / w->n;
	w->m2 += d * (x - w->mean);
}

static double
moments_std(const struct moments *w, int ddof)
{
	return w->n - ddof > 0 ? sqrt(w->m2 / (w->n - ddof)) : NAN;
}

/*
 * The largest drawdown of the cumulative profit, trades in closing order
 * from a zero start: absolute (and the account's loss relative to its
 * peak balance there), and the largest relative one (underwater).
 * Trades that close at the same time change the account at once: their
 * sum counts, not an order among them (freqtrade's figures on its own
 * test data come out so; its unstable sort leaves ties in any order).
 */
static void
drawdown(const struct tp_metrics *m, struct tp_summary *s)
{
	double cum = 0, peak = 0, dd, rel, sb = m->start_balance;
	int64_t peak_time = 0;
	int i;

	s->balance_min = s->balance_max = sb;
	for (i = 0; i < m->n; i++) {
		cum += m->t[i].profit_abs;
		s->balance_min = i ? fmin(s->balance_min, sb + cum) : sb + cum;
		s->balance_max = i ? fmax(s->balance_max, sb + cum) : sb + cum;
		if (i + 1 < m->n && m->t[i + 1].close_time ==
		    m->t[i].close_time)
			continue;
		if (cum > peak) {
			peak = cum;
			peak_time = m->t[i].close_time;
		}
		dd = peak - cum;
		rel = sb + peak != 0 ? dd / (sb + peak) : 0;
		if (dd > s->max_drawdown_abs) {
			s->max_drawdown_abs = dd;
			s->max_drawdown_account = rel;
			s->drawdown_start = peak_time ? peak_time :
			    m->t[0].close_time;
			s->drawdown_end = m->t[i].close_time;
		}
		if (rel > s->max_relative_drawdown)
			s->max_relative_drawdown = rel;
	}
}

/* Sharpe, Sortino, Calmar and SQN of the per-trade returns. */
static void
ratios(const struct tp_metrics *m, struct tp_summary *s)
{
	struct moments all = { 0, 0, 0 }, down = { 0, 0, 0 };
	double r, sum = 0, per_day, sd;
	int i, days;

	if (m->n == 0)
		return;
	for (i = 0; i < m->n; i++) {
		r = m->t[i].profit_abs / m->start_balance;
		sum += r;
		moments_add(&all, r);
		if (m->t[i].profit_abs < 0)
			moments_add(&down, r);
	}
	sd = moments_std(&all, 1);
	s->sqn = sd > 0 ? round(sqrt(m->n) * all.mean / sd * 1e4) / 1e4 :
	    -100;
	if (m->max_date <= m->min_date)
		return;
	days = (int)((m->max_date - m->min_date) / DAY_MS);
	per_day = sum / (days > 1 ? days : 1);
	sd = moments_std(&all, 0);
	s->sharpe = sd > 0 ? per_day / sd * sqrt(365) : -100;
	sd = moments_std(&down, 0);
	s->sortino = sd > 0 ? per_day / sd * sqrt(365) : -100;
	s->calmar = s->max_drawdown_account != 0 ? per_day * 100 /
	    s->max_drawdown_account * sqrt(365) : -100;
}

/* The longest runs of wins and of losses, trades in closing order. */
static void
streaks(const struct tp_metrics *m, struct tp_summary *s)
{
	int i, win = 0, loss = 0;

	for (i = 0; i < m->n; i++) {
		win = m->t[i].profit_abs > 0 ? win + 1 : 0;
		loss = m->t[i].profit_abs < 0 ? loss + 1 : 0;
		if (win > s->win_streak)
			s->win_streak = win;
		if (loss > s->loss_streak)
			s->loss_streak = loss;
	}
}

/* Win rate, averages, profit factor, expectancy, extremes, exits. */
static void
counts(const struct tp_metrics *m, struct tp_summary *s)
{
	double won = 0, lost = 0, ratio_sum = 0, dur = 0, avg_win, avg_loss;
	double stake = 0;
	int i, nwin = 0, nloss = 0, nstake = 0;

	s->best_trade = s->worst_trade = m->n ? m->t[0].profit_ratio : 0;
	for (i = 0; i < m->n; i++) {
		const struct tp_mtrade *t = &m->t[i];

		s->wins += t->profit_ratio > 0;
		s->losses += t->profit_ratio < 0;
		if (t->profit_abs > 0) {
			won += t->profit_abs;
			nwin++;
		} else if (t->profit_abs < 0) {
			lost -= t->profit_abs;
			nloss++;
		}
		ratio_sum += t->profit_ratio;
		s->profit_total_abs += t->profit_abs;
		dur += (double)((t->close_time - t->open_time) / 60000);
		s->best_trade = fmax(s->best_trade, t->profit_ratio);
		s->worst_trade = fmin(s->worst_trade, t->profit_ratio);
		if (t->exit > 0 && t->exit < TP_EXIT_N)
			s->exits[t->exit]++;
		if (t->stake > 0) {
			stake += t->stake;
			nstake++;
		}
	}
	s->stake_avg = nstake ? stake / nstake : 0;
	s->trades = m->n;
	s->draws = m->n - s->wins - s->losses;
	s->expectancy_ratio = 100;
	if (m->n == 0)
		return;
	s->winrate = (double)s->wins / m->n;
	s->profit_mean = ratio_sum / m->n;
	s->profit_mean_abs = s->profit_total_abs / m->n;
	s->duration_avg = dur / m->n;
	s->profit_factor = lost > 0 ? won / lost : 0;
	avg_win = nwin ? won / nwin : 0;
	avg_loss = nloss ? lost / nloss : 0;
	s->expectancy = (double)nwin / m->n * avg_win -
	    (double)nloss / m->n * avg_loss;
	if (avg_loss > 0)
		s->expectancy_ratio = (1 + avg_win / avg_loss) *
		    ((double)nwin / m->n) - 1;
}

void
tp_metrics_summary(struct tp_metrics *m, struct tp_summary *s)
{
	double years;

	memset(s, 0, sizeof(*s));
	s->rejected_signals = -1;
	if (m->n > 0)	/* qsort of NULL is undefined, even of nothing */
		qsort(m->t, (size_t)m->n, sizeof(*m->t), by_close);
	counts(m, s);
	streaks(m, s);
	s->start_balance = m->start_balance;
	s->final_balance = m->start_balance + s->profit_total_abs;
	s->profit_total = s->profit_total_abs / m->start_balance;
	s->days = m->max_date > m->min_date ?
	    (int)((m->max_date - m->min_date) / DAY_MS) : 0;
	if (s->days < 1)
		s->days = 1;
	years = s->days / 365.0;
	s->cagr = s->final_balance < 0 ? 0 :
	    pow(s->final_balance / m->start_balance, 1 / years) - 1;
	if (!isfinite(s->cagr))
		s->cagr = 0;
	drawdown(m, s);
	ratios(m, s);
	s->market_change = m->market_n ? m->market_sum / m->market_n : 0;
}

/* ---- groups ------------------------------------------------------------- */

int
tp_period_parse(const char *s, enum tp_period *p)
{
	static const char *const names[] = { "day", "week", "month" };
	int k;

	for (k = 0; k < 3; k++)
		if (strcmp(s, names[k]) == 0) {
			*p = (enum tp_period)(k + 1);
			return 0;
		}
	return -1;
}

int64_t
tp_period_start(int64_t t, enum tp_period p)
{
	switch (p) {
	case TP_PERIOD_WEEK:	/* weeks start on Monday, as ISO's */
		return tp_time_tf_floor(t, 7 * DAY_MS);
	case TP_PERIOD_MONTH:
		return tp_time_month_floor(t);
	default:
		return tp_time_tf_floor(t, DAY_MS);
	}
}

/* A trade with the key it is grouped by. */
struct keyed {
	int64_t k1, k2;
	const struct tp_mtrade *t;
};

static int
by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2 ? -1 : 1;
	return by_close(x->t, y->t);
}

static void
key_of(struct keyed *k, const struct tp_mtrade *t, int by, int period)
{
	k->t = t;
	k->k2 = 0;
	switch (by) {
	case TP_GROUP_PAIR:
		k->k1 = t->pair;
		break;
	case TP_GROUP_TAG:
		k->k1 = t->tag;
		break;
	case TP_GROUP_EXIT:
		k->k1 = t->exit;
		break;
	case TP_GROUP_PAIR_EXIT:
		k->k1 = t->pair;
		k->k2 = t->exit;
		break;
	default:
		k->k1 = tp_period_start(t->close_time,
		    (enum tp_period)period);
	}
}

/* The group of v[0..n) (sorted trades of one key): its key and summary. */
static void
group_sum(const struct tp_metrics *m, struct tp_mtrade *v, int n, int by,
    const struct keyed *k, struct tp_group_sum *g)
{
	struct tp_metrics view;

	memset(&view, 0, sizeof(view));
	view.start_balance = m->start_balance;
	view.min_date = m->min_date;
	view.max_date = m->max_date;
	view.t = v;
	view.n = view.cap = n;
	tp_metrics_summary(&view, &g->s);
	g->pair = by == TP_GROUP_PAIR || by == TP_GROUP_PAIR_EXIT ?
	    v[0].pair : -1;
	g->tag = by == TP_GROUP_TAG ? v[0].tag : -1;
	g->exit = by == TP_GROUP_EXIT || by == TP_GROUP_PAIR_EXIT ?
	    v[0].exit : -1;
	g->period = by == TP_GROUP_PERIOD ? k->k1 : 0;
}

int
tp_metrics_groups(const struct tp_metrics *m, int by, int period,
    struct tp_groups *out)
{
	size_t n = (size_t)m->n + 1;
	struct keyed *k = malloc(n * sizeof(*k));
	struct tp_mtrade *v = malloc(n * sizeof(*v));
	int i, j, ng = 0;

	out->n = 0;
	out->g = NULL;
	if (k == NULL || v == NULL)
		goto fail;
	for (i = 0; i < m->n; i++)
		key_of(&k[i], &m->t[i], by, period);
	if (m->n > 0)
		qsort(k, (size_t)m->n, sizeof(*k), by_key);
	for (i = 0; i < m->n; i++) {
		v[i] = *k[i].t;
		ng += i == 0 || k[i].k1 != k[i - 1].k1 ||
		    k[i].k2 != k[i - 1].k2;
	}
	if ((out->g = calloc((size_t)ng + 1, sizeof(*out->g))) == NULL)
		goto fail;
	for (i = 0; i < m->n; i = j) {
		for (j = i + 1; j < m->n && k[j].k1 == k[i].k1 &&
		    k[j].k2 == k[i].k2; j++)
			;
		group_sum(m, v + i, j - i, by, &k[i], &out->g[out->n++]);
	}
	free(k);
	free(v);
	return 0;
fail:
	free(k);
	free(v);
	return -1;
}

void
tp_groups_release(struct tp_groups *g)
{
	free(g->g);
	g->g = NULL;
	g->n = 0;
}

/* ---- Monte Carlo --------------------------------------------------------- */

const int tp_mc_pct[TP_MC_NPCT] = { 5, 25, 50, 75, 95 };

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Percentiles of v[0..n), sorting it: linear between the closest ranks. */
static void
percentiles(double *v, int n, double *out)
{
	double at, f;
	int k, i;

	qsort(v, (size_t)n, sizeof(*v), by_value);
	for (k = 0; k < TP_MC_NPCT; k++) {
		at = (n - 1) * tp_mc_pct[k] / 100.0;
		i = (int)at;
		f = at - i;
		out[k] = i + 1 < n ? v[i] + (v[i + 1] - v[i]) * f : v[i];
	}
}

/* Compound the returns r[idx[0..n)] from 1: the total return and the
 * deepest fall below a running peak, as a ratio of the peak. */
static void
path(const double *r, const int *idx, int n, double *ret, double *dd)
{
	double e = 1, peak = 1, d;
	int i;

	*dd = 0;
	for (i = 0; i < n; i++) {
		e *= 1 + r[idx[i]];
		if (e > peak)
			peak = e;
		d = (peak - e) / peak;
		if (d > *dd)
			*dd = d;
	}
	*ret = e - 1;
}

int
tp_metrics_montecarlo(const struct tp_metrics *m, int runs, uint64_t seed,
    struct tp_montecarlo *mc)
{
	double *r = malloc(((size_t)m->n + 1) * sizeof(*r));
	double *ret = malloc((size_t)runs * sizeof(*ret));
	double *dd = malloc((size_t)runs * sizeof(*dd));
	double *sdd = malloc((size_t)runs * sizeof(*sdd));
	int *idx = malloc(((size_t)m->n + 1) * sizeof(*idx));
	double bal = m->start_balance, unused;
	struct tp_rand g;
	int i, j, k, t, rc = -1;

	memset(mc, 0, sizeof(*mc));
	mc->runs = runs;
	mc->seed = seed;
	if (r == NULL || ret == NULL || dd == NULL || sdd == NULL ||
	    idx == NULL)
		goto out;
	rc = 0;
	if (m->n == 0 || runs <= 0)
		goto out;
	for (i = 0; i < m->n; i++) {
		r[i] = bal > 0 ? m->t[i].profit_abs / bal : 0;
		bal += m->t[i].profit_abs;
	}
	tp_rand_seed(&g, seed);
	for (k = 0; k < runs; k++) {
		for (i = 0; i < m->n; i++)
			idx[i] = (int)tp_rand_below(&g, (uint64_t)m->n);
		path(r, idx, m->n, &ret[k], &dd[k]);
		/* Fisher-Yates over the trades' own order */
		for (i = 0; i < m->n; i++)
			idx[i] = i;
		for (i = m->n - 1; i > 0; i--) {
			j = (int)tp_rand_below(&g, (uint64_t)i + 1);
			t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		path(r, idx, m->n, &unused, &sdd[k]);
	}
	percentiles(ret, runs, mc->ret);
	percentiles(dd, runs, mc->dd);
	percentiles(sdd, runs, mc->shuffle_dd);
out:
	free(r);
	free(ret);
	free(dd);
	free(sdd);
	free(idx);
	return rc;
}
