/*
 * tp-backtest: replay candles with signals through the trade, stop and
 * wallet code of lib/ and summarise the result.  See tp-backtest(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trade/tp_backtest.h"
#include "cli.h"
#include "ind/tp_ind.h"
#include "rec/tp_filter.h"
#include "core/tp_num.h"
#include "decide/tp_predict.h"
#include "trade/tp_report.h"
#include "trade/tp_sweep.h"
#include "trade/tp_table.h"
#include "core/tp_time.h"
#include "decide/tp_warmup.h"
#include "model/tp_mdir.h"
#include "model/tp_mpred.h"
#include "rec/tp_write.h"

/* Everything a run writes to, and the in-process rules. */
struct run {
	struct tp_names *names;
	struct tp_strategy *st;
	struct tp_writer trades, equity;
	int has_trades, has_equity;
	struct tp_rec out;
	int eq_id[6];			/* the equity record's field ids */
	int decided, inproc;		/* where signals come from */
	int mc_runs;			/* Monte Carlo resamplings, or 0 */
	const char *report_path;	/* --report, or NULL */
	struct tp_report report;
	int sweeping, pareto, threads;
	int table;			/* --format table */
	int breakdown;			/* --breakdown: enum tp_period */
	int64_t wf_train, wf_test;		/* --walk-forward, or 0 */
	struct tp_time_range range;		/* --timerange, or all */
	int has_range;
	struct tp_sweep sweep;
	const struct tp_backtest *loader;	/* the run that keeps rows */
	uint64_t seed;
	struct tp_inds inds;
	struct tp_pred pred;
	const char *model_dir;		/* --model-dir, or NULL */
	struct tp_mpred *models;	/* the strategy's, in order */
	int nmodels;			/* loaded (or being loaded) */
	struct tp_buf tmp;		/* scratch for a record's type */
};

static int
write_trade(void *ctx, const struct tp_backtest *b, const struct tp_bt_sym *s,
    struct tp_err *err)
{
	struct run *r = ctx;

	if (r->report_path != NULL && tp_report_trade(&r->report,
	    tp_bt_sym_name(b, s), &s->trade) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (!r->has_trades)
		return 0;
	if (tp_bt_trade_rec(b, s, r->names, &r->out) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_write(&r->trades, &r->out, err);
}

static int
write_equity(void *ctx, const struct tp_backtest *b, int64_t time,
    struct tp_err *err)
{
	struct run *r = ctx;
	double dd = b->peak > 0 ? (b->peak - b->equity) / b->peak : 0;
	int rc = 0;

	if (r->report_path != NULL && tp_report_point(&r->report, time,
	    b->equity, dd) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (!r->has_equity)
		return 0;
	tp_rec_clear(&r->out);
	rc |= tp_rec_add_text(&r->out, r->eq_id[0], "equity");
	rc |= tp_rec_add_i64(&r->out, r->eq_id[1], time);
	rc |= tp_rec_add_num(&r->out, r->eq_id[2], b->equity);
	rc |= tp_rec_add_num(&r->out, r->eq_id[3], b->balance);
	rc |= tp_rec_add_i64(&r->out, r->eq_id[4], b->nopen);
	rc |= tp_rec_add_num(&r->out, r->eq_id[5], dd);
	if (rc)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return tp_write(&r->equity, &r->out, err);
}

/* The equity record's field names, interned once. */
static int
equity_ids(struct run *r, struct tp_err *err)
{
	static const char *const names[6] = {
		"type", "time", "equity", "balance", "open_trades", "drawdown"
	};
	int k;

	for (k = 0; k < 6; k++)
		if ((r->eq_id[k] = tp_names_intern(r->names, names[k],
		    strlen(names[k]))) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	return 0;
}

/* An output file: CSV when its name ends in .csv. */
static int
open_out(struct tp_writer *w, const char *path, struct tp_names *names,
    struct tp_err *err)
{
	size_t n = strlen(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	if (fd < 0)
		return tp_errf(err, TP_EX_IOERR, path, 0, "cannot create: %s",
		    strerror(errno));
	return tp_writer_init(w, fd, n > 4 && strcmp(path + n - 4, ".csv") ==
	    0 ? TP_FMT_CSV : TP_FMT_NDJSON, names, err);
}

static int
close_out(struct tp_writer *w, struct tp_err *err)
{
	int rc = tp_writer_flush(w, err), fd = w->fd;

	tp_writer_release(w);
	if (close(fd) < 0 && rc == 0)
		return tp_errf(err, TP_EX_IOERR, NULL, 0, "close: %s",
		    strerror(errno));
	return rc;
}

/* A rule that can never act alone is a strategy mistake: say so. */
static void
warn_alone(const struct tp_pred *pred, const char *path)
{
	char msg[400];
	int i;

	for (i = 0; i < pred->n; i++)
		if (tp_pred_alone(pred, i, msg, sizeof(msg)))
			tp_warn("%s: %s", path, msg);
}

/* The strategy's trained models, the newest version of each: from
 * --model-dir, or beside the strategy file (tp-predict(1) MODELS). */
static int
load_models(struct run *r, struct tp_err *err)
{
	/* static: an error names the directory after the return */
	static char sub[4096 + 128];
	char dir[4096];
	int k;

	if (r->st->nmodels == 0)
		return 0;
	r->models = calloc((size_t)r->st->nmodels, sizeof(*r->models));
	if (r->models == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (r->model_dir == NULL)
		tp_mdir_beside(r->st->path, dir, sizeof(dir));
	else
		snprintf(dir, sizeof(dir), "%s", r->model_dir);
	for (k = 0; k < r->st->nmodels; k++) {
		r->nmodels++;
		if (tp_mpred_load(&r->models[k], &r->st->models[k], r->names,
		    tp_mdir_of(dir, r->st, k, sub, sizeof(sub)),
		    tp_time_now_ms(), err) < 0)
			return -1;
	}
	return 0;
}

/* Each model's fields onto rec, in order, for the rules. */
static int
apply_models(struct run *r, struct tp_rec *rec, struct tp_err *err)
{
	int k;

	for (k = 0; k < r->nmodels; k++)
		if (tp_mpred_apply(&r->models[k], rec, err) < 0)
			return -1;
	return 0;
}

/*
 * On the first candle: signals come with the records when it has a
 * signal field or freqtrade's columns, else from the strategy's rules,
 * computed here with its indicators, as tp-ind and tp-predict would.
 */
static int
decide(struct run *r, const struct tp_rec *rec, struct tp_err *err)
{
	static const char *const sigs[] = {
		"signal", "enter_long", "exit_long", "enter_short", "exit_short"
	};
	const char *fields[TP_IN_N] = { NULL };
	int k;

	r->decided = 1;
	for (k = 0; k < 5; k++)
		if (tp_rec_find(rec, tp_names_intern(r->names, sigs[k],
		    strlen(sigs[k])), -1) >= 0)
			return 0;
	if (r->st->nrules == 0 && tp_strategy_voters(r->st) == 0)
		return tp_errf(err, TP_EX_USAGE, rec->file, rec->line,
		    "no signal field (enter_long, exit_long, ... or tp-predict's"
		    " signal) and no strategy rules to decide with");
	r->inproc = 1;
	if (tp_strategy_inds(r->st, &r->inds, fields, err) < 0 ||
	    load_models(r, err) < 0)
		return -1;
	if (tp_pred_add_strategy(&r->pred, r->st, err) < 0)
		return -1;
	warn_alone(&r->pred, r->st->path);
	return tp_pred_prepare(&r->pred, err);
}

static int
keep_candle(void *ctx, int sym, const struct tp_candle *k, int sig,
    const char *tag, struct tp_err *err)
{
	struct run *r = ctx;

	if (tp_sweep_keep(&r->sweep, tp_bt_sym_name(r->loader,
	    &r->loader->sym[sym]), sym, k, sig, tag, err) < 0)
		return -1;
	if (!r->sweep.has_rules)
		return 0;
	if (!r->inproc)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--sweep: the "
		    "strategy's parameters are its rules', and the records "
		    "bring their own signals");
	return tp_sweep_keep_vals(&r->sweep, r->pred.vals, r->pred.nf,
	    r->pred.fid, err);
}

/* Where uPlot is when TP_UPLOT_DIR does not say (scripts/install-deps
 * puts it there). */
#ifndef TP_UPLOT_DIR
#define TP_UPLOT_DIR "/usr/local/share/tp/uplot/node_modules/uplot/dist"
#endif

/* The HTML report, whole or not at all (tp_write_file): drawn by uPlot
 * when it is found, else the static page. */
static int
write_report(struct run *r, const struct tp_backtest *bt,
    const struct tp_summary *sum, struct tp_err *err)
{
	const char *dir = getenv("TP_UPLOT_DIR");
	struct tp_tables tables = { NULL, 0, 0 };
	struct tp_report_lib lib;
	int has_lib;
	char *text = NULL;
	size_t n = 0;
	FILE *fp;
	int rc;

	r->report.start = bt->m.min_date;
	r->report.end = bt->m.max_date;
	has_lib = (dir == NULL || *dir != '\0') && tp_report_lib_load(&lib,
	    dir != NULL ? dir : TP_UPLOT_DIR) == 0;
	fp = open_memstream(&text, &n);
	rc = fp != NULL && tp_tables_build(&bt->m, sum, r->breakdown,
	    &tables) == 0 ? tp_report_write(&r->report, r->st, sum, &tables,
	    has_lib ? &lib : NULL, fp) : -1;
	tp_tables_release(&tables);
	if (has_lib)
		tp_report_lib_release(&lib);
	if ((fp != NULL && fclose(fp) != 0) || rc < 0)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else
		rc = tp_write_file(r->report_path, text, n, err);
	free(text);
	return rc;
}

/* Every entry refused is a strategy that cannot trade: say why. */
static void
warn_rejected(const struct run *r, const struct tp_summary *sum)
{
	char why[256];

	if (sum->trades > 0 || sum->rejected_signals <= 0)
		return;
	if (!tp_trade_stake_never(r->st, why, sizeof(why)))
		snprintf(why, sizeof(why), "no max_open_trades slot was free or "
		    "the wallet could not pay the stake");
	tp_warn("%s: all %ld entry signals were rejected: %s",
	    r->st->path != NULL ? r->st->path : r->st->name,
	    sum->rejected_signals, why);
}

/* A strategy written for other candles: its ROI minutes and lookbacks
 * mean something else here. */
static void
warn_timeframe(const struct run *r, const struct tp_backtest *bt)
{
	char want[32], have[32];

	if (r->st->timeframe_ms <= 0 || bt->tf_ms <= 0 ||
	    bt->tf_ms == r->st->timeframe_ms)
		return;
	tp_time_tf_format(r->st->timeframe_ms, want);
	tp_time_tf_format(bt->tf_ms, have);
	tp_warn("%s: the strategy's timeframe is %s but the candles are %s "
	    "apart: its indicators' periods count %s candles and its "
	    "minimal_roi real minutes, so the results are not the "
	    "strategy's", r->st->path, want, have, have);
}

/*
 * --timerange with a START: the candles before it warm the strategy up
 * (freqtrade's startup_candle_count).  Fewer than its warm-up
 * (tp_warmup.h) and its first signals in the range may differ from those
 * of a longer history: say so, with the figures.  Only when the rules
 * decide here; records that bring signals were warmed up upstream.  A
 * range the candles miss altogether is said first, and alone.
 */
static void
warn_range(const struct run *r, const struct tp_backtest *bt)
{
	struct tp_err err = TP_ERR_INIT;
	char when[TP_TIME_MSGSZ];
	long need = 0, before = 0;
	int forever = 0, i;

	if (!r->has_range)
		return;
	for (i = 0; i < bt->nsym; i++)
		before += bt->sym[i].before;
	if (bt->candles > 0 && bt->candles == before) {
		tp_warn("warning: --timerange: no candle in the range");
		return;
	}
	if (r->range.from == TP_TIME_MIN || !r->inproc ||
	    tp_warmup(r->st, &r->pred, &need, &forever, &err) < 0)
		return;
	tp_time_msg(r->range.from, when);
	if (forever)
		tp_warn("warning: %s: an indicator never forgets the start of "
		    "its series: the signals from %s on depend on how many "
		    "candles come before", r->st->path, when);
	/* The warm-up counts the deciding candle too, as a cron run's
	 * candles do: START's own candle and need - 1 before it. */
	for (i = 0; i < bt->nsym; i++)
		if (bt->sym[i].before + 1 < need)
			tp_warn("warning: %s: %s%s%ld candle%s before the "
			    "--timerange start %s, fewer than the %ld the "
			    "strategy's warm-up of %ld needs (tp-predict "
			    "--warmup, which counts the start's own candle): "
			    "the first signals in the range may differ from "
			    "those of a longer history", r->st->path,
			    tp_bt_sym_name(bt, &bt->sym[i]),
			    *tp_bt_sym_name(bt, &bt->sym[i]) ? ": " : "",
			    bt->sym[i].before, bt->sym[i].before == 1 ? "" :
			    "s", when, need - 1, need);
}

/* What the filter's hooks need. */
struct bt_run {
	struct run *r;
	struct tp_backtest bt;
	struct tp_bt_out out;
	const char *trades, *equity;	/* --trades, --equity, or NULL */
	int progress;			/* stderr is a terminal */
};

static int
begin(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct bt_run *x = ctx;
	struct run *r = x->r;

	(void)f;
	if (tp_bt_init(&x->bt, r->st, r->names, &x->out, err) < 0)
		return -1;
	if (r->has_range) {
		x->bt.from = r->range.from;
		x->bt.to = r->range.to;
	}
	if ((x->trades && (r->has_trades = open_out(&r->trades, x->trades,
	    r->names, err) == 0) == 0) ||
	    (x->equity && (r->has_equity = open_out(&r->equity, x->equity,
	    r->names, err) == 0) == 0) ||
	    (x->equity && equity_ids(r, err) < 0))
		return -1;
	return 0;
}

/* tp_bt_add, showing the report each candle the backtest took: its
 * close and indicators; of --timerange's candles only, not those that
 * warm the rules up before it. */
static int
add_reported(struct bt_run *x, const struct tp_rec *rec, struct tp_err *err)
{
	struct tp_candle k;
	char tag[TP_BT_TAGSZ];
	int sig, sym, rc;

	if ((rc = tp_bt_read(&x->bt, rec, &k, &sig, tag, &sym, err)) <= 0 ||
	    (rc = tp_bt_candle(&x->bt, sym, &k, sig, tag, rec->file,
	    rec->line, err)) < 0)
		return rc;
	if (k.time < x->bt.from || k.time > x->bt.to)
		return 0;
	if (tp_report_candle(&x->r->report, sym, tp_bt_sym_name(&x->bt,
	    &x->bt.sym[sym]), k.time, k.close, rec, x->r->names,
	    x->r->st) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

/* A candle, its signal decided here when in-process, into the backtest. */
static int
take(struct bt_run *x, struct tp_rec *rec, struct tp_err *err)
{
	struct run *r = x->r;

	if ((r->inproc && (apply_models(r, rec, err) < 0 ||
	    tp_pred_apply(&r->pred, rec, err) < 0)) ||
	    (r->report_path != NULL ? add_reported(x, rec, err) :
	    tp_bt_add(&x->bt, rec, err)) < 0)
		return -1;
	if (x->progress && x->bt.candles % 1048576 == 0)
		tp_warn("%ld candles", x->bt.candles);
	return 0;
}

/* In-process, the indicators may hold a row for the other rows of its
 * time (other symbols' fields): the rows ready go on, a bad one skipped
 * as the filter would skip it. */
static int
take_ready(struct bt_run *x, struct tp_filter *f, struct tp_err *err)
{
	struct tp_rec *rec;

	while ((rec = tp_inds_pop(&x->r->inds)) != NULL)
		if (take(x, rec, err) < 0 && !tp_filter_skip(f, err))
			return TP_FILTER_STOP;
	return 0;
}

static int
step(void *ctx, struct tp_filter *f, struct tp_rec *rec, struct tp_err *err)
{
	struct bt_run *x = ctx;
	struct run *r = x->r;

	/* Where signals come from is the first candle's to say: tp-predict's
	 * LLM records and news come before it in NDJSON. */
	if (!r->decided && !tp_rec_is_candle(rec, tp_names_intern(r->names,
	    TP_LIT("type")), NULL, &r->tmp))
		return 0;
	if (!r->decided && decide(r, rec, err) < 0)
		return -1;
	if (!r->inproc)
		return take(x, rec, err);
	if (tp_inds_push(&r->inds, rec, err) < 0)
		return -1;
	return take_ready(x, f, err);
}

/* A bad record is skipped only once the signals' source is known. */
static int
may_skip(void *ctx, const struct tp_err *err)
{
	struct bt_run *x = ctx;

	(void)err;
	return x->r->decided;
}

/* The run's results: the summary (and report), or the sweep's. */
static void
results(struct bt_run *x, struct tp_filter *f, const struct tp_summary *sum,
    struct tp_err *err)
{
	struct run *r = x->r;
	const struct tp_backtest *bt = &x->bt;
	struct tp_writer *w = tp_filter_out(f, err);
	struct tp_sweep_out so = { r->names, w, &r->out, r->st->name };
	struct tp_montecarlo mc;
	long nref;

	if (w == NULL)
		return;
	if (r->table) {
		if (tp_cli_tables(&bt->m, sum, r->breakdown, err) == 0 &&
		    r->report_path != NULL)
			write_report(r, bt, sum, err);
		return;
	}
	if (x->progress && r->sweeping)
		tp_warn("%ld candles; sweeping %ld combinations on %d threads",
		    bt->candles, tp_sweep_count(&r->sweep), r->threads);
	if (r->sweeping && (nref = tp_sweep_nrefused(&r->sweep, r->st)) > 0)
		tp_warn("warning: --sweep: skipped %ld combination%s with "
		    "trailing_stop_positive_offset below "
		    "trailing_stop_positive, which tp-strategy(5) refuses",
		    nref, nref == 1 ? "" : "s");
	if (r->wf_test > 0)
		tp_sweep_walk_write(&r->sweep, r->st, r->wf_train, r->wf_test,
		    r->threads, &so, err);
	else if (r->sweeping)
		tp_sweep_write(&r->sweep, r->st, r->threads, r->pareto,
		    bt->m.min_date, bt->m.max_date, &so, err);
	else if ((r->mc_runs > 0 && tp_metrics_montecarlo(&bt->m, r->mc_runs,
	    r->seed, &mc) < 0) || tp_bt_summary_rec(sum, r->st->name,
	    bt->m.min_date, bt->m.max_date, r->mc_runs > 0 ? &mc : NULL,
	    r->names, &r->out) < 0)
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else if (tp_tables_write(&bt->m, &r->out, r->breakdown, r->st->name,
	    r->names, w, err) == 0 && r->report_path != NULL)
		write_report(r, bt, sum, err);
}

static int
end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct bt_run *x = ctx;
	struct run *r = x->r;
	struct tp_err ignored = TP_ERR_INIT;
	struct tp_summary sum;

	if (err->code == 0 && r->inproc &&
	    tp_inds_flush(&r->inds, err) == 0)
		take_ready(x, f, err);
	if (err->code == 0 && r->inproc)
		tp_cli_inform_warnings(&r->inds, "informative symbol", "shift");
	if (err->code == 0 && tp_bt_finish(&x->bt, &sum, err) == 0) {
		if (!r->sweeping && r->wf_test == 0)
			warn_rejected(r, &sum);
		warn_timeframe(r, &x->bt);
		warn_range(r, &x->bt);
		results(x, f, &sum, err);
	}
	if (r->has_trades)
		close_out(&r->trades, err->code ? &ignored : err);
	if (r->has_equity)
		close_out(&r->equity, err->code ? &ignored : err);
	return err->code != 0 ? -1 : 0;
}

static int
run(struct run *r, char **files, int nfiles, enum tp_fmt in_fmt,
    enum tp_fmt out_fmt, const char *trades, const char *equity,
    int skip_bad)
{
	/* Equity is summed over the symbols each step: only when wanted. */
	struct bt_run x = { r, { 0 }, { r, write_trade, equity ||
	    r->report_path ? write_equity : NULL, r->sweeping ? keep_candle :
	    NULL, NULL, NULL }, trades, equity, isatty(STDERR_FILENO) };
	struct tp_filter f;
	int rc;

	tp_rec_init(&r->out);
	r->loader = &x.bt;
	/* Several files are merged by time (tp_merge.h). */
	tp_filter_init(&f, r->names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = in_fmt, f.out_fmt = out_fmt;
	f.merge = 1, f.unit = TP_UNIT_MS;
	f.skip_bad = skip_bad;
	f.ctx = &x, f.begin = begin, f.step = step, f.may_skip = may_skip;
	f.end = end;
	rc = tp_cli_filter(&f);
	tp_bt_release(&x.bt);
	tp_rec_release(&r->out);
	return rc;
}

/* --walk-forward TRAIN,TEST: two durations, as 90d,30d. */
static int
wf_arg(const char *s, struct run *r)
{
	const char *c = strchr(s, ',');
	char a[32];

	if (c == NULL || (size_t)(c - s) >= sizeof(a))
		return tp_usage_error("--walk-forward: expected TRAIN,TEST, as "
		    "90d,30d, not \"%s\"", s);
	memcpy(a, s, (size_t)(c - s));
	a[c - s] = '\0';
	if (tp_time_tf_parse(a, &r->wf_train) < 0 || tp_time_tf_parse(c + 1,
	    &r->wf_test) < 0 || r->wf_train <= 0 || r->wf_test <= 0)
		return tp_usage_error("--walk-forward: \"%s\": durations are a "
		    "number and m, h, d or w, as 90d,30d", s);
	return TP_EX_OK;
}

/* --shard I/N: 1 <= I <= N. */
static int
shard_arg(const char *s, struct tp_sweep *sw)
{
	long i, n;
	char c;

	if (sscanf(s, "%ld/%ld%c", &i, &n, &c) != 2 || n < 1 || n > 1000000 ||
	    i < 1 || i > n)
		return tp_usage_error("--shard: expected I/N with 1 <= I <= N, "
		    "not \"%s\"", s);
	sw->shard = (int)i;
	sw->nshards = (int)n;
	return TP_EX_OK;
}

/* ---- options -------------------------------------------------------------- */

/* Everything the command line says. */
static struct tp_names names;
static struct tp_strategy st;
static struct run r;
static struct {
	const char *trades, *equity, *strategy;
	enum tp_fmt in_fmt, out_fmt;
	int skip_bad;
	int64_t mc_runs, seed, random, threads;
} o;

/* Applied first: the options override the strategy file in any order. */
static int
opt_strategy(const struct tp_opt *opt, const char *arg)
{
	struct tp_err err = TP_ERR_INIT;

	(void)opt;
	o.strategy = arg;
	if (tp_strategy_load(&st, arg, &err) == 0)
		return TP_EX_OK;
	tp_cli_report(&err);
	tp_strategy_defaults(&st);
	return err.code;
}

static int
opt_stoploss(const struct tp_opt *opt, const char *arg)
{
	st.has_stoploss = 1;
	return tp_cli_num_opt(opt->name, arg, -0.999999, -1e-9, &st.stoploss);
}

static int
opt_mot(const struct tp_opt *opt, const char *arg)
{
	int64_t v;

	if (tp_cli_whole_opt(opt->name, arg, -1, 1e6, &v) == TP_EX_OK &&
	    v != 0) {
		st.max_open_trades = (int)v;
		return TP_EX_OK;
	}
	return tp_usage_error("--max-open-trades: expected a whole number "
	    "from 1, or -1 for no limit, not \"%s\"", arg);
}

static int
opt_stake(const struct tp_opt *opt, const char *arg)
{
	double v;
	int rc = tp_cli_num_opt(opt->name, arg, 1e-12, 1e15, &v);

	free(st.sizing_mode);
	st.sizing_mode = strdup("fixed");
	st.sizing_value = v;
	return rc;
}

static int
opt_sweep(const struct tp_opt *opt, const char *arg)
{
	struct tp_err err = TP_ERR_INIT;

	(void)opt;
	r.sweeping = 1;
	r.sweep.names = &names;
	if (tp_sweep_parse(&r.sweep, arg, &st, &err) == 0)
		return TP_EX_OK;
	tp_cli_report(&err);
	return TP_EX_USAGE;
}

static int
opt_shard(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	return shard_arg(arg, &r.sweep);
}

static int
opt_wf(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	return wf_arg(arg, &r);
}

static int
opt_format(const struct tp_opt *opt, const char *arg)
{
	return tp_cli_fmt_table_opt(opt->name, arg, &o.out_fmt, &r.table);
}

static int
opt_breakdown(const struct tp_opt *opt, const char *arg)
{
	return tp_cli_breakdown_opt(opt->name, arg, &r.breakdown);
}

static int
opt_timerange(const struct tp_opt *opt, const char *arg)
{
	const char *why;

	(void)opt;
	if (tp_time_range_parse(arg, &r.range, &why) < 0)
		return tp_usage_error("--timerange: %s: \"%s\"", why, arg);
	r.has_range = 1;
	r.sweep.from = r.range.from;
	return TP_EX_OK;
}

static const struct tp_cmd cmds[] = {
	{ .label = "run" },
	{ .name = "merge" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	{ 's', "strategy", "FILE", TP_OPT_CALL, .call = opt_strategy,
	  .first = 1, .cmds = "run",
	  .help = "exits, sizing, fees and rules (tp-strategy(5))" },
	{ 't', "trades", "FILE", TP_OPT_STR, &o.trades, .cmds = "run",
	  .help = "write a trade record per closed trade" },
	{ 'e', "equity", "FILE", TP_OPT_STR, &o.equity, .cmds = "run",
	  .help = "write an equity record per time step\n"
	  "(CSV when FILE ends in .csv, else NDJSON)" },
	{ 'M', "model-dir", "DIR", TP_OPT_STR, &r.model_dir, .cmds = "run",
	  .help = "the strategy's trained model, when it has\none "
	  "(default: beside it, NAME.models)" },
	{ 'r', "report", "FILE", TP_OPT_STR, &r.report_path, .cmds = "run",
	  .help = "write an HTML report: curves, figures, trades" },
	{ 0, "stoploss", "R", TP_OPT_CALL, .call = opt_stoploss,
	  .cmds = "run", .help = "stop loss ratio, as -0.05" },
	{ 0, "fee", "R", TP_OPT_NUM, &st.fee, 0, 0.099999, .cmds = "run",
	  .help = "fee ratio per side" },
	{ 0, "slippage", "BPS", TP_OPT_NUM, &st.slippage_bps, 0, 999,
	  .cmds = "run",
	  .help = "slippage against every fill, basis points" },
	{ 0, "leverage", "X", TP_OPT_NUM, &st.leverage, 1, 125,
	  .cmds = "run", .help = "leverage, 1 to 125" },
	{ 0, "max-open-trades", "N", TP_OPT_CALL, .call = opt_mot,
	  .cmds = "run", .help = "open trades at once (-1: no limit)" },
	{ 0, "stake-amount", "X", TP_OPT_CALL, .call = opt_stake,
	  .cmds = "run", .help = "margin per trade, in quote currency" },
	{ 0, "starting-balance", "X", TP_OPT_NUM, &st.dry_run_wallet, 1e-12,
	  1e15, .cmds = "run", .help = "the wallet at the start (1000)" },
	{ 0, "monte-carlo", "N", TP_OPT_WHOLE, &o.mc_runs, 1, 1e7,
	  .cmds = "run", .help = "resample the trades N times: percentiles\n"
	  "of return and drawdown in the summary" },
	{ 0, "seed", "S", TP_OPT_WHOLE, &o.seed, 0, 9007199254740992.0,
	  .cmds = "run",
	  .help = "the resampling's (and --random's) seed (1)" },
	{ 0, "sweep", "NAME=FROM:TO:STEP,...", TP_OPT_CALL, .call = opt_sweep,
	  .cmds = "run", .help = "a summary per combination of exit rules\n"
	  "(stoploss, trailing_stop_positive,\n"
	  "trailing_stop_positive_offset, leverage,\n"
	  "roi_MINUTES or roi.MINUTES) and the\n"
	  "strategy's parameters" },
	{ 0, "random", "N", TP_OPT_WHOLE, &o.random, 1, 1e7, .cmds = "run",
	  .help = "N combinations drawn from the --sweep grid" },
	{ 0, "shard", "I/N", TP_OPT_CALL, .call = opt_shard, .cmds = "run",
	  .help = "only combinations C with C % N = I - 1" },
	{ 0, "pareto", NULL, TP_OPT_FLAG, &r.pareto, .cmds = "run merge",
	  .help = "only the best of profit against drawdown" },
	{ 0, "threads", "N", TP_OPT_WHOLE, &o.threads, 1, 16, .cmds = "run",
	  .help = "sweep threads (default: the CPUs)" },
	{ 0, "walk-forward", "TRAIN,TEST", TP_OPT_CALL, .call = opt_wf,
	  .cmds = "run", .help = "with --sweep: choose on TRAIN, test on the\n"
	  "TEST after it, move on by TEST (as 90d,30d)" },
	{ 0, "timerange", "START-END", TP_OPT_CALL, .call = opt_timerange,
	  .cmds = "run", .help = "open trades only from START to END (as\n"
	  "20240101-20241231, 20240101-, -20241231;\n"
	  "ISO: 2024-01-01..2024-12-31); the earlier\n"
	  "candles warm the rules up" },
	{ 'f', "format", "csv|ndjson|table", TP_OPT_CALL, .call = opt_format,
	  .help = "summary format (default: the input's);\n"
	  "table: tables for people (summary, per pair,\n"
	  "tag and exit reason)" },
	{ 0, "breakdown", "day|week|month", TP_OPT_CALL,
	  .call = opt_breakdown, .cmds = "run",
	  .help = "results per period of closing time; in\n"
	  "CSV and NDJSON also per pair, tag and exit reason" },
	TP_OPT_INPUT_FORMAT(&o.in_fmt, NULL),
	TP_OPT_SKIP_BAD(&o.skip_bad, "run"),
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-backtest [OPTIONS] [FILE...]\n"
"       tp-backtest merge [--pareto] [-f FORMAT] FILE...",
	.about =
"  Replays candles with signals (tp-predict's signal field, or\n"
"  freqtrade's enter_long/exit_long/enter_short/exit_short columns)\n"
"  the way freqtrade's backtester does, and writes a summary record.\n"
"  Records without signals are decided by the strategy's rules.\n"
"  Several FILEs are merged by time, each candle with its symbol\n"
"  (a field, or a file name such as binance_BTCUSDT_1h.csv).\n"
"\n"
"  merge puts the summaries of --sweep --shard runs back in combination\n"
"  order (with --pareto, only the best of profit against drawdown).",
	.cmds = cmds,
	.opts = opts,
	.col = 30,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
"74 I/O error, 78 bad strategy file; see tp(7).",
};

/* tp-backtest merge FILE... */
static int
merge(char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_writer w;

	if (nfiles == 0)
		return tp_usage_error("merge: name the shards' files");
	if (r.table)
		return tp_usage_error("merge: --format table describes one "
		    "run, not shards");
	if (tp_writer_init(&w, STDOUT_FILENO, o.out_fmt, &names, &err) == 0)
		tp_sweep_merge(&names, files, nfiles, o.in_fmt, &w, r.pareto,
		    &err);
	return tp_cli_finish(&w, &err, 0, TP_EX_OK);
}

/* The options that only make sense together. */
static int
check_sweep(void)
{
	if (!r.sweeping && (r.sweep.random || r.sweep.nshards > 1 ||
	    r.pareto || r.wf_test))
		return tp_usage_error("--random, --shard, --pareto and "
		    "--walk-forward need --sweep");
	if (r.wf_test && (r.sweep.nshards > 1 || r.pareto))
		return tp_usage_error("--walk-forward runs whole: no --shard "
		    "or --pareto");
	if (r.wf_test && r.has_range)
		return tp_usage_error("--walk-forward chooses its own periods: "
		    "no --timerange (tp-fetch fix --timerange cuts the "
		    "candles)");
	if (r.sweeping && (o.trades || o.equity || r.report_path ||
	    r.mc_runs))
		return tp_usage_error("--trades, --equity, --report and "
		    "--monte-carlo describe one run, not a --sweep");
	if (r.table && r.mc_runs)
		return tp_usage_error("--monte-carlo's percentiles are the "
		    "summary record's: not with --format table");
	if (r.sweeping && (r.table || r.breakdown))
		return tp_usage_error("--format table and --breakdown "
		    "describe one run, not a --sweep");
	return TP_EX_OK;
}

int
main(int argc, char **argv)
{
	char **files;
	int cmd, nfiles, rc, k;

	tp_names_init(&names);
	tp_strategy_defaults(&st);
	r.names = &names;
	r.st = &st;
	tp_inds_init(&r.inds, &names);
	tp_pred_init(&r.pred, &names);
	tp_report_init(&r.report);
	tp_sweep_init(&r.sweep);
	o.seed = 1;
	o.threads = sysconf(_SC_NPROCESSORS_ONLN);
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &files, &nfiles);
	r.mc_runs = (int)o.mc_runs;
	r.seed = r.sweep.seed = (uint64_t)o.seed;
	r.sweep.random = (long)o.random;
	r.threads = (int)o.threads;
	if (rc == TP_EX_OK && cmd == 1)
		rc = merge(files, nfiles);
	else if (rc == TP_EX_OK && (rc = check_sweep()) == TP_EX_OK)
		rc = run(&r, files, nfiles, o.in_fmt, o.out_fmt, o.trades,
		    o.equity, o.skip_bad);
	tp_inds_release(&r.inds);
	for (k = 0; k < r.nmodels; k++)
		tp_mpred_release(&r.models[k]);
	free(r.models);
	tp_pred_release(&r.pred);
	tp_buf_release(&r.tmp);
	tp_report_release(&r.report);
	tp_sweep_release(&r.sweep);
	tp_strategy_release(&st);
	tp_names_release(&names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
