/*
 * tp_sweep.c: grid and random sweeps of the exit rules over kept candles
 * (tp_sweep.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "core/tp_num.h"
#include "decide/tp_predict.h"
#include "core/tp_rand.h"
#include "trade/tp_sweep.h"
#include "rec/tp_read.h"

void
tp_sweep_init(struct tp_sweep *sw)
{
	memset(sw, 0, sizeof(*sw));
	sw->shard = sw->nshards = 1;
	sw->seed = 1;
	tp_names_init(&sw->syms);
	tp_names_init(&sw->tags);
}

void
tp_sweep_release(struct tp_sweep *sw)
{
	free(sw->rows);
	free(sw->vals);
	free(sw->fid);
	tp_names_release(&sw->syms);
	tp_names_release(&sw->tags);
	memset(sw, 0, sizeof(*sw));
}

/* The range a parameter's values must keep to, as the strategy file's. */
static int
in_range(const struct tp_sweep_param *p, double v)
{
	if (p->rule >= 0)
		return isfinite(v);
	return tp_strategy_in_range(strncmp(p->name, "roi_", 4) == 0 ? "roi" :
	    p->name, v);
}

static int
parse_name(struct tp_sweep_param *p, const char *s, size_t n,
    const struct tp_strategy *st, struct tp_err *err)
{
	static const char *const names[] = { "stoploss",
	    "trailing_stop_positive", "trailing_stop_positive_offset",
	    "leverage", NULL };
	int64_t m;
	int k;

	if (n >= sizeof(p->name))
		n = sizeof(p->name) - 1;
	memcpy(p->name, s, n);
	p->name[n] = '\0';
	p->rule = -1;
	for (k = 0; names[k] != NULL; k++)
		if (strcmp(p->name, names[k]) == 0)
			return 0;
	/* roi.MINUTES as tp-strategy(5) nests it, or roi_MINUTES; named
	 * roi_MINUTES in the summaries, a name jq and SQL take unquoted */
	if (n > 4 && (memcmp(s, "roi.", 4) == 0 || memcmp(s, "roi_", 4) ==
	    0) && strspn(s + 4, "0123456789") == n - 4 &&
	    tp_num_parse_i64(s + 4, n - 4, &m) == TP_NUM_OK) {
		p->name[3] = '_';
		p->roi_min = (double)m;
		return 0;
	}
	if ((p->rule = tp_strategy_param(st, s, n)) >= 0)
		return 0;
	return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: \"%s\" is not a "
	    "parameter (stoploss, trailing_stop_positive, "
	    "trailing_stop_positive_offset, leverage, roi_MINUTES, or one "
	    "of the strategy's \"parameters\")", p->name);
}

/* 10 to the number of decimals written in s[0..n), at most 10^15: a grid
 * point is rounded to it, so that -0.01 + 6 * -0.01 is -0.07. */
static double
decimals(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	double m = 1;
	size_t k;

	if (memchr(s, 'e', n) != NULL || memchr(s, 'E', n) != NULL)
		return 1e12;	/* 1e-3 and the like: round finely */
	if (dot == NULL)
		return 1;
	for (k = (size_t)(dot - s) + 1; k < n && s[k] >= '0' && s[k] <= '9' &&
	    m < 1e15; k++)
		m *= 10;
	return m;
}

/* "name=from:to:step" */
static int
parse_one(struct tp_sweep_param *p, const char *s, size_t n,
    const struct tp_strategy *st, struct tp_err *err)
{
	const char *eq = memchr(s, '=', n), *c1, *c2, *end = s + n;
	double to, span;

	if (eq == NULL || (c1 = memchr(eq, ':', (size_t)(end - eq))) == NULL ||
	    (c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1))) == NULL)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: expected "
		    "NAME=FROM:TO:STEP, not \"%.*s\"", (int)n, s);
	if (parse_name(p, s, (size_t)(eq - s), st, err) < 0)
		return -1;
	if (tp_num_parse(eq + 1, (size_t)(c1 - eq - 1), &p->from) !=
	    TP_NUM_OK || tp_num_parse(c1 + 1, (size_t)(c2 - c1 - 1), &to) !=
	    TP_NUM_OK || tp_num_parse(c2 + 1, (size_t)(end - c2 - 1),
	    &p->step) != TP_NUM_OK)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: %s: "
		    "expected numbers FROM:TO:STEP, not \"%.*s\"", p->name,
		    (int)(end - eq - 1), eq + 1);
	p->scale = fmax(decimals(eq + 1, (size_t)(c1 - eq - 1)),
	    decimals(c2 + 1, (size_t)(end - c2 - 1)));
	span = to - p->from;
	if (p->step == 0 || (span != 0 && (span > 0) != (p->step > 0)))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: %s: the "
		    "step must lead from %g toward %g", p->name, p->from, to);
	/* a small tolerance so that -0.02:-0.10:-0.02 reaches -0.10 */
	p->n = (long)floor(span / p->step + 1e-9) + 1;
	if (p->n > 1000000)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: %s: more "
		    "than a million values", p->name);
	if (!in_range(p, p->from) || !in_range(p, p->from + (double)(p->n -
	    1) * p->step))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: %s: %g to "
		    "%g leaves the range the strategy file allows (see "
		    "tp-strategy(5))", p->name, p->from, to);
	return 0;
}

int
tp_sweep_parse(struct tp_sweep *sw, const char *spec,
    const struct tp_strategy *st, struct tp_err *err)
{
	const char *s = spec, *c;
	size_t n;
	int k;

	sw->np = 0;
	sw->grid = 1;
	for (;;) {
		c = strchr(s, ',');
		n = c ? (size_t)(c - s) : strlen(s);
		if (sw->np == TP_SWEEP_MAXP)
			return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: at "
			    "most %d parameters", TP_SWEEP_MAXP);
		if (parse_one(&sw->p[sw->np], s, n, st, err) < 0)
			return -1;
		sw->has_rules |= sw->p[sw->np].rule >= 0;
		for (k = 0; k < sw->np; k++)
			if (strcmp(sw->p[k].name, sw->p[sw->np].name) == 0)
				return tp_errf(err, TP_EX_USAGE, NULL, 0,
				    "--sweep: %s given twice", sw->p[k].name);
		if (sw->grid > 100000000 / sw->p[sw->np].n)
			return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: more "
			    "than 100 million combinations");
		sw->grid *= sw->p[sw->np].n;
		sw->np++;
		if (c == NULL)
			return 0;
		s = c + 1;
	}
}

long
tp_sweep_count(const struct tp_sweep *sw)
{
	return sw->random > 0 ? sw->random : sw->grid;
}

void
tp_sweep_values(const struct tp_sweep *sw, long c, double *v)
{
	struct tp_rand r;
	long g = c;
	int k;

	if (sw->random > 0) {
		/* draw c depends only on the seed and c: shards agree */
		tp_rand_seed(&r, sw->seed ^ ((uint64_t)c *
		    0x9e3779b97f4a7c15ULL));
		g = (long)tp_rand_below(&r, (uint64_t)sw->grid);
	}
	for (k = sw->np - 1; k >= 0; k--) {
		v[k] = sw->p[k].from + (double)(g % sw->p[k].n) * sw->p[k].step;
		v[k] = nearbyint(v[k] * sw->p[k].scale) / sw->p[k].scale;
		g /= sw->p[k].n;
	}
}

int
tp_sweep_refused(const struct tp_sweep *sw, const struct tp_strategy *st,
    long c)
{
	double v[TP_SWEEP_MAXP], pos = st->trailing_stop_positive;
	double off = st->trailing_stop_positive_offset;
	int k, has_off = off > 0;

	tp_sweep_values(sw, c, v);
	for (k = 0; k < sw->np; k++) {
		if (strcmp(sw->p[k].name, "trailing_stop_positive") == 0)
			pos = v[k];
		if (strcmp(sw->p[k].name, "trailing_stop_positive_offset") ==
		    0) {
			off = v[k];
			has_off = 1;
		}
	}
	/* the loader's rule (tp-strategy(5)): an offset given must not be
	 * below the positive; without one the trail starts at once */
	return pos > 0 && has_off && off < pos;
}

long
tp_sweep_nrefused(const struct tp_sweep *sw, const struct tp_strategy *st)
{
	long c, n = tp_sweep_count(sw), bad = 0;

	for (c = 0; c < n; c++)
		if (c % sw->nshards == sw->shard - 1 &&
		    tp_sweep_refused(sw, st, c))
			bad++;
	return bad;
}

int
tp_sweep_keep(struct tp_sweep *sw, const char *symbol, int sym,
    const struct tp_candle *k, int sig, const char *tag,
    struct tp_err *err)
{
	struct tp_sweep_row *r, *v;
	int id;

	v = tp_grow_size(sw->rows, &sw->caprows, sw->nrows + 1, sizeof(*v));
	if (v == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	sw->rows = v;
	/* the loader numbers symbols as they come: so do we */
	if (sym == sw->syms.n &&
	    tp_names_intern(&sw->syms, symbol, strlen(symbol)) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	id = tag != NULL && *tag ? tp_names_intern(&sw->tags, tag,
	    strlen(tag)) : -1;
	if (tag != NULL && *tag && id < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	r = &sw->rows[sw->nrows++];
	r->k = *k;
	r->sym = sym;
	r->sig = sig;
	r->tag = id;
	return 0;
}

int
tp_sweep_keep_vals(struct tp_sweep *sw, const double *vals, int n,
    const int *fid, struct tp_err *err)
{
	size_t row = sw->nrows - 1;

	if (sw->fid == NULL) {
		sw->nvals = n;
		sw->fid = malloc(((size_t)n + 1) * sizeof(*fid));
		if (sw->fid == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		if (n > 0)
			memcpy(sw->fid, fid, (size_t)n * sizeof(*fid));
	}
	if (n != sw->nvals)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "--sweep: rows "
		    "of %d and %d values", n, sw->nvals);
	if (row >= sw->capvals) {
		double *v = realloc(sw->vals, (sw->caprows * (size_t)n + 1) *
		    sizeof(*v));

		if (v == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		sw->vals = v;
		sw->capvals = sw->caprows;
	}
	if (n > 0)
		memcpy(sw->vals + row * (size_t)n, vals, (size_t)n *
		    sizeof(*vals));
	return 0;
}

/*
 * The rules with combination c's parameter values put in, compiled
 * afresh; the names table is shared, so one thread at a time.
 */
static pthread_mutex_t compiling = PTHREAD_MUTEX_INITIALIZER;

static int
rules_for(const struct tp_sweep *sw, const struct tp_strategy *st,
    const double *v, struct tp_pred *pred, struct tp_err *err)
{
	double pv[64];
	struct tp_strategy x = *st;
	int k, rc;

	if (st->nparams > 64)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: at most 64 "
		    "strategy parameters");
	if (st->nparams > 0)
		memcpy(pv, st->param_values, (size_t)st->nparams *
		    sizeof(*pv));
	for (k = 0; k < sw->np; k++)
		if (sw->p[k].rule >= 0)
			pv[sw->p[k].rule] = v[k];
	x.param_values = pv;
	pthread_mutex_lock(&compiling);
	tp_pred_init(pred, sw->names);
	rc = tp_pred_add_strategy(pred, &x, err) < 0 ||
	    tp_pred_prepare(pred, err) < 0 ? -1 : 0;
	pthread_mutex_unlock(&compiling);
	if (rc == 0 && (pred->nf != sw->nvals || (sw->nvals > 0 &&
	    memcmp(pred->fid, sw->fid, (size_t)sw->nvals *
	    sizeof(*sw->fid)) != 0)))
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "--sweep: the rules "
		    "read other fields with other parameters");
	return rc;
}

/* The signal bits of row i decided by pred. */
static int
decide(const struct tp_sweep *sw, struct tp_pred *pred, size_t i,
    struct tp_err *err)
{
	const struct tp_sweep_row *r = &sw->rows[i];
	const char *sym = sw->syms.v[r->sym].s;
	unsigned char *b = tp_pred_block(pred, sym, strlen(sym), err);
	double conf;
	int a;

	if (b == NULL)
		return -1;
	a = tp_pred_decide(pred, b, sw->vals + i * (size_t)sw->nvals, &conf);
	return a < 0 ? 0 : 1 << a;
}

static int
by_minutes(const void *a, const void *b)
{
	const struct tp_roi *x = a, *y = b;

	return x->minutes < y->minutes ? -1 : x->minutes > y->minutes;
}

size_t
tp_sweep_row_at(const struct tp_sweep *sw, int64_t t)
{
	size_t lo = 0, hi = sw->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sw->rows[mid].k.time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
tp_sweep_run(const struct tp_sweep *sw, const struct tp_strategy *st,
    long c, struct tp_summary *s, struct tp_err *err)
{
	return tp_sweep_run_range(sw, st, c, 0, sw->nrows, s, NULL, err);
}

int
tp_sweep_run_range(const struct tp_sweep *sw, const struct tp_strategy *st,
    long c, size_t lo, size_t hi, struct tp_summary *s,
    struct tp_metrics *into, struct tp_err *err)
{
	struct tp_roi roi[64 + TP_SWEEP_MAXP];
	struct tp_strategy x = *st;
	struct tp_backtest b;
	struct tp_pred pred;
	double v[TP_SWEEP_MAXP];
	size_t i;
	int k, j, rc = 0, have_pred = 0;

	if (st->nroi > 64)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: at most 64 "
		    "ROI steps");
	if (st->nroi > 0)	/* memcpy from NULL is undefined, even of 0 */
		memcpy(roi, st->roi, (size_t)st->nroi * sizeof(*roi));
	x.roi = roi;
	tp_sweep_values(sw, c, v);
	for (k = 0; k < sw->np; k++) {
		const char *n = sw->p[k].name;

		if (strcmp(n, "stoploss") == 0) {
			x.stoploss = v[k];
			x.has_stoploss = 1;
		} else if (strcmp(n, "trailing_stop_positive") == 0)
			x.trailing_stop_positive = v[k];
		else if (strcmp(n, "trailing_stop_positive_offset") == 0)
			x.trailing_stop_positive_offset = v[k];
		else if (strcmp(n, "leverage") == 0)
			x.leverage = v[k];
		else if (sw->p[k].rule >= 0)
			continue;	/* the rules', below */
		else {
			for (j = 0; j < x.nroi; j++)
				if (roi[j].minutes == sw->p[k].roi_min)
					break;
			if (j == x.nroi)
				x.nroi++;
			roi[j].minutes = sw->p[k].roi_min;
			roi[j].ratio = v[k];
		}
	}
	qsort(roi, (size_t)x.nroi, sizeof(*roi), by_minutes);
	if (tp_bt_init(&b, &x, NULL, NULL, err) < 0) {
		tp_bt_release(&b);
		return -1;
	}
	b.from = sw->from;	/* the rows after the range's end were not kept */
	for (k = 0; k < sw->syms.n && rc == 0; k++)
		if (tp_bt_symbol(&b, sw->syms.v[k].s, strlen(sw->syms.v[k].s),
		    err) < 0)
			rc = -1;
	if (sw->has_rules && rc == 0) {
		rc = rules_for(sw, st, v, &pred, err);
		have_pred = 1;
	}
	for (i = lo; i < hi && rc == 0; i++) {
		const struct tp_sweep_row *r = &sw->rows[i];
		int sig = r->sig;

		if (sw->has_rules && (sig = decide(sw, &pred, i, err)) < 0)
			rc = -1;
		else
			rc = tp_bt_candle(&b, r->sym, &r->k, sig, r->tag >= 0 &&
			    !sw->has_rules ? sw->tags.v[r->tag].s : NULL, NULL,
			    0, err);
	}
	if (have_pred)
		tp_pred_release(&pred);
	if (rc == 0)
		rc = tp_bt_finish(&b, s, err);
	for (i = 0; into != NULL && rc == 0 && i < (size_t)b.m.n; i++)
		if (tp_metrics_add(into, &b.m.t[i]) < 0)
			rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	tp_bt_release(&b);
	return rc;
}

struct worker {
	const struct tp_sweep *sw;
	const struct tp_strategy *st;
	struct tp_summary *sums;
	unsigned char *done;
	int t, nthreads;
	size_t lo, hi;
	int shard, nshards;
	struct tp_err err;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	const struct tp_sweep *sw = w->sw;
	long c, n = tp_sweep_count(sw);

	for (c = w->t; c < n; c += w->nthreads) {
		if (c % w->nshards != w->shard - 1 ||
		    tp_sweep_refused(sw, w->st, c))
			continue;
		if (tp_sweep_run_range(sw, w->st, c, w->lo, w->hi, &w->sums[c],
		    NULL, &w->err) < 0)
			break;
		w->done[c] = 1;
	}
	return NULL;
}

static int all(const struct tp_sweep *sw, const struct tp_strategy *st,
    size_t lo, size_t hi, int shard, int nshards, int nthreads,
    struct tp_summary *sums, unsigned char *done, struct tp_err *err);

int
tp_sweep_all(const struct tp_sweep *sw, const struct tp_strategy *st,
    int nthreads, struct tp_summary *sums, unsigned char *done,
    struct tp_err *err)
{
	return all(sw, st, 0, sw->nrows, sw->shard, sw->nshards, nthreads,
	    sums, done, err);
}

int
tp_sweep_all_range(const struct tp_sweep *sw, const struct tp_strategy *st,
    size_t lo, size_t hi, int nthreads, struct tp_summary *sums,
    unsigned char *done, struct tp_err *err)
{
	return all(sw, st, lo, hi, 1, 1, nthreads, sums, done, err);
}

static int
all(const struct tp_sweep *sw, const struct tp_strategy *st, size_t lo,
    size_t hi, int shard, int nshards, int nthreads,
    struct tp_summary *sums, unsigned char *done, struct tp_err *err)
{
	struct worker w[16];
	pthread_t th[16];
	int t, started = 0;

	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > 16)
		nthreads = 16;
	for (t = 0; t < nthreads; t++) {
		w[t].sw = sw;
		w[t].st = st;
		w[t].sums = sums;
		w[t].done = done;
		w[t].t = t;
		w[t].nthreads = nthreads;
		w[t].lo = lo;
		w[t].hi = hi;
		w[t].shard = shard;
		w[t].nshards = nshards;
		tp_err_clear(&w[t].err);
	}
	/* thread 0 is this one */
	for (t = 1; t < nthreads; t++) {
		if (pthread_create(&th[t], NULL, work, &w[t]) != 0)
			break;
		started = t;
	}
	/* what no thread took, this one does too */
	for (t = started + 1; t < nthreads; t++)
		work(&w[t]);
	work(&w[0]);
	for (t = 1; t <= started; t++)
		pthread_join(th[t], NULL);
	for (t = 0; t < nthreads; t++)
		if (w[t].err.code != 0) {
			*err = w[t].err;
			return -1;
		}
	return 0;
}

struct point {
	double profit, dd;
	long i;
};

/* More profit first, then the shallower drawdown. */
static int
by_front(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->profit != y->profit)
		return x->profit > y->profit ? -1 : 1;
	if (x->dd != y->dd)
		return x->dd < y->dd ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int
tp_sweep_pareto(const double *profit, const double *dd,
    const unsigned char *use, long n, unsigned char *keep)
{
	struct point *v = malloc((size_t)(n > 0 ? n : 1) * sizeof(*v));
	double best_dd = INFINITY, best_profit = 0;
	long m = 0, i;

	if (v == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		keep[i] = 0;
		if (use[i]) {
			v[m].profit = profit[i];
			v[m].dd = dd[i];
			v[m++].i = i;
		}
	}
	qsort(v, (size_t)m, sizeof(*v), by_front);
	/* Walking down the profits, a point is on the front when its
	 * drawdown is shallower than every point's before it (or ties the
	 * best exactly: neither dominates the other). */
	for (i = 0; i < m; i++)
		if (v[i].dd < best_dd || (v[i].dd == best_dd &&
		    v[i].profit == best_profit)) {
			keep[v[i].i] = 1;
			best_dd = v[i].dd;
			best_profit = v[i].profit;
		}
	free(v);
	return 0;
}

/* The combination of highest profit among those done, -1 when none. */
static long
best_of(const struct tp_summary *sums, const unsigned char *done, long n)
{
	long c, best = -1;

	for (c = 0; c < n; c++)
		if (done[c] && (best < 0 ||
		    sums[c].profit_total > sums[best].profit_total))
			best = c;
	return best;
}

int
tp_sweep_walk(const struct tp_sweep *sw, const struct tp_strategy *st,
    int64_t train, int64_t test, int nthreads,
    int (*window)(void *ctx, const struct tp_wf_window *w,
    struct tp_err *err), void *ctx, struct tp_summary *all, int64_t *start,
    int64_t *end, struct tp_err *err)
{
	long n = tp_sweep_count(sw);
	struct tp_summary *sums = calloc((size_t)n, sizeof(*sums));
	unsigned char *done = calloc((size_t)n, 1);
	struct tp_metrics oos;
	struct tp_wf_window w;
	int64_t t0, tlast;
	size_t a, b, c;
	int rc = -1;

	tp_metrics_init(&oos, st->dry_run_wallet);
	memset(all, 0, sizeof(*all));
	*start = *end = 0;
	if (sums == NULL || done == NULL) {
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		goto out;
	}
	if (sw->nrows == 0)
		goto summary;
	t0 = sw->rows[0].k.time;
	tlast = sw->rows[sw->nrows - 1].k.time;
	memset(&w, 0, sizeof(w));
	for (w.train_start = t0; w.train_start + train <= tlast;
	    w.train_start += test, w.index++) {
		w.train_end = w.test_start = w.train_start + train;
		w.test_end = w.test_start + test;
		a = tp_sweep_row_at(sw, w.train_start);
		b = tp_sweep_row_at(sw, w.test_start);
		c = tp_sweep_row_at(sw, w.test_end);
		if (b == c)
			break;		/* no candle left to test on */
		memset(done, 0, (size_t)n);
		if (tp_sweep_all_range(sw, st, a, b, nthreads, sums, done,
		    err) < 0)
			goto out;
		w.combo = best_of(sums, done, n);
		w.first = sw->rows[b].k.time;
		w.last = sw->rows[c - 1].k.time;
		if (tp_sweep_run_range(sw, st, w.combo, b, c, &w.test, &oos,
		    err) < 0 || window(ctx, &w, err) < 0)
			goto out;
		if (*start == 0)
			*start = w.first;
		*end = w.last;
	}
summary:
	oos.min_date = *start;
	oos.max_date = *end;
	tp_metrics_summary(&oos, all);
	rc = 0;
out:
	tp_metrics_release(&oos);
	free(sums);
	free(done);
	return rc;
}

/* ---- merge ------------------------------------------------------------- */

struct kept {
	struct tp_rec rec;
	double combo, profit, dd;
};

static int
by_combo(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	return x->combo < y->combo ? -1 : x->combo > y->combo;
}

/* The number in field name of rec, NaN when absent or not a number. */
static double
num_field(struct tp_names *names, const struct tp_rec *rec, const char *name)
{
	int i = tp_rec_find(rec, tp_names_intern(names, name, strlen(name)),
	    -1);
	struct tp_err err = TP_ERR_INIT;
	double v = NAN;

	if (i >= 0 && tp_field_num(rec, &rec->f[i], names, &v, &err) != 0)
		v = NAN;
	return v;
}

/* A shard of the release before names some fields as that release did:
 * the merged summaries name them all as now (tp_bt_summary_name). */
static int
upgrade(struct tp_names *names, struct tp_rec *rec, struct tp_err *err)
{
	const char *now;
	char buf[64];
	int i, id;

	for (i = 0; i < rec->nf; i++) {
		now = tp_bt_summary_name(names->v[rec->f[i].name].s, buf,
		    sizeof(buf));
		if (now == NULL)
			continue;
		if ((id = tp_names_intern(names, now, strlen(now))) < 0)
			return tp_names_fail(id, "fields", rec->file, rec->line,
			    err);
		rec->f[i].name = id;
		rec->shape = 0;		/* not the shape read any more */
	}
	return 0;
}

/* Read the summaries of sweep shards, in combination order. */
static int
read_kept(struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, struct kept **out, long *nout, enum tp_fmt *fmt,
    struct tp_err *err)
{
	struct tp_reader rd;
	struct tp_rec rec;
	struct kept *v = NULL, *w;
	long n = 0;
	size_t cap = 0;
	int rc;

	tp_rec_init(&rec);
	if (tp_reader_init(&rd, names, files, nfiles, in_fmt, err) < 0)
		goto out;
	while ((rc = tp_read(&rd, &rec, err)) > 0) {
		double c = num_field(names, &rec, "combo");

		if (isnan(c)) {
			tp_errf(err, TP_EX_DATAERR, rec.file, rec.line,
			    "no field \"combo\": not a --sweep summary");
			break;
		}
		if (upgrade(names, &rec, err) < 0)
			break;
		w = tp_grow_size(v, &cap, (size_t)n + 1, sizeof(*v));
		if (w == NULL) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			break;
		}
		v = w;
		tp_rec_init(&v[n].rec);
		v[n].combo = c;
		v[n].profit = num_field(names, &rec, "profit_total");
		v[n].dd = num_field(names, &rec, "max_drawdown_account");
		if (tp_rec_copy(&v[n++].rec, &rec) < 0) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			break;
		}
	}
	*fmt = tp_reader_format(&rd);
out:
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	*out = v;
	*nout = n;
	return err->code ? -1 : 0;
}

int
tp_sweep_merge(struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, struct tp_writer *w, int pareto, struct tp_err *err)
{
	struct kept *v = NULL;
	unsigned char *use = NULL, *keep = NULL;
	double *pd = NULL;
	enum tp_fmt got = TP_FMT_CSV;
	long n = 0, i;

	if (read_kept(names, files, nfiles, in_fmt, &v, &n, &got, err) < 0)
		goto out;
	qsort(v, (size_t)n, sizeof(*v), by_combo);
	use = malloc((size_t)n + 1);
	keep = malloc((size_t)n + 1);
	pd = malloc(((size_t)n + 1) * 2 * sizeof(*pd));
	if (use == NULL || keep == NULL || pd == NULL) {
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		use[i] = 1;
		pd[i] = v[i].profit;
		pd[n + i] = v[i].dd;
	}
	if (pareto && tp_sweep_pareto(pd, pd + n, use, n, keep) < 0) {
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		goto out;
	}
	if (w->fmt == TP_FMT_AUTO)
		w->fmt = got == TP_FMT_NDJSON ? TP_FMT_NDJSON : TP_FMT_CSV;
	for (i = 0; i < n && err->code == 0; i++)
		if (!pareto || keep[i])
			tp_write(w, &v[i].rec, err);
out:
	for (i = 0; i < n; i++)
		tp_rec_release(&v[i].rec);
	free(v);
	free(use);
	free(keep);
	free(pd);
	return err->code ? -1 : 0;
}

/* ---- summaries ---------------------------------------------------------- */

/* A sweep's summary: combination c and its parameters after the rest. */
static int
sweep_rec(const struct tp_sweep *sw, const struct tp_summary *s, long c,
    int64_t start, int64_t end, struct tp_sweep_out *o)
{
	double v[TP_SWEEP_MAXP];
	int k, rc;

	rc = tp_bt_summary_rec(s, o->strategy, start, end, NULL, o->names,
	    o->rec);
	rc |= tp_rec_add_i64(o->rec, tp_names_intern(o->names, TP_LIT("combo")),
	    c);
	tp_sweep_values(sw, c, v);
	for (k = 0; k < sw->np; k++)
		rc |= tp_rec_add_num(o->rec, tp_names_intern(o->names,
		    sw->p[k].name, strlen(sw->p[k].name)), v[k]);
	return rc;
}

int
tp_sweep_write(const struct tp_sweep *sw, const struct tp_strategy *st,
    int nthreads, int pareto, int64_t start, int64_t end,
    struct tp_sweep_out *o, struct tp_err *err)
{
	long n = tp_sweep_count(sw), c;
	struct tp_summary *sums = calloc((size_t)n, sizeof(*sums));
	unsigned char *done = calloc((size_t)n, 2);
	double *pd = malloc((size_t)n * 2 * sizeof(*pd));
	int rc = -1;

	if (sums == NULL || done == NULL || pd == NULL) {
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		goto out;
	}
	if (tp_sweep_all(sw, st, nthreads, sums, done, err) < 0)
		goto out;
	if (pareto) {
		for (c = 0; c < n; c++) {
			pd[c] = sums[c].profit_total;
			pd[n + c] = sums[c].max_drawdown_account;
		}
		if (tp_sweep_pareto(pd, pd + n, done, n, done + n) < 0) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			goto out;
		}
		memcpy(done, done + n, (size_t)n);
	}
	for (c = 0; c < n; c++) {
		if (!done[c])
			continue;
		if (sweep_rec(sw, &sums[c], c, start, end, o) < 0) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			goto out;
		}
		if (tp_write(o->w, o->rec, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(sums);
	free(done);
	free(pd);
	return rc;
}

struct walk_out {
	const struct tp_sweep *sw;
	struct tp_sweep_out *o;
};

/* The window and combination fields of a walk-forward summary, null in
 * the stitched one (w NULL). */
static int
window_fields(const struct tp_sweep *sw, const struct tp_wf_window *w,
    struct tp_sweep_out *o)
{
	static const char *const names[] = {
		"window", "train_start", "train_end", "combo"
	};
	int64_t v[4] = { 0, 0, 0, 0 };
	double pv[TP_SWEEP_MAXP];
	int k, rc = 0, id;

	if (w != NULL) {
		v[0] = w->index;
		v[1] = w->train_start;
		v[2] = w->train_end;
		v[3] = w->combo;
		tp_sweep_values(sw, w->combo, pv);
	}
	for (k = 0; k < 4 + sw->np; k++) {
		const char *n = k < 4 ? names[k] : sw->p[k - 4].name;

		id = tp_names_intern(o->names, n, strlen(n));
		if (w == NULL)
			rc |= tp_rec_add(o->rec, id, TP_ENC_NULL, TP_LIT(""));
		else if (k < 4)
			rc |= tp_rec_add_i64(o->rec, id, v[k]);
		else
			rc |= tp_rec_add_num(o->rec, id, pv[k - 4]);
	}
	return rc;
}

static int
write_window(void *ctx, const struct tp_wf_window *w, struct tp_err *err)
{
	struct walk_out *wo = ctx;

	if (tp_bt_summary_rec(&w->test, wo->o->strategy, w->first, w->last,
	    NULL, wo->o->names, wo->o->rec) < 0 ||
	    window_fields(wo->sw, w, wo->o) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_write(wo->o->w, wo->o->rec, err);
}

int
tp_sweep_walk_write(const struct tp_sweep *sw, const struct tp_strategy *st,
    int64_t train, int64_t test, int nthreads, struct tp_sweep_out *o,
    struct tp_err *err)
{
	struct walk_out wo = { sw, o };
	struct tp_summary all;
	int64_t start, end;

	if (tp_sweep_walk(sw, st, train, test, nthreads, write_window, &wo,
	    &all, &start, &end, err) < 0)
		return -1;
	if (tp_bt_summary_rec(&all, o->strategy, start, end, NULL, o->names,
	    o->rec) < 0 || window_fields(sw, NULL, o) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_write(o->w, o->rec, err);
}
