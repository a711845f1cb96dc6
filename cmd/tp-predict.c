/*
 * tp-predict: decide on each record by rules and their votes.  See
 * tp-predict(1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "core/tp_num.h"
#include "decide/tp_predict.h"
#include "decide/tp_signal.h"
#include "decide/tp_warmup.h"
#include "llm/tp_ldec.h"
#include "model/tp_mdir.h"
#include "model/tp_mpred.h"
#include "model/tp_mtrain.h"
#include "model/tp_mwalk.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

/* Everything the command line says. */
static struct {
	struct tp_names names;
	struct tp_pred pred;
	enum tp_fmt in_fmt, out_fmt;
	double min_entry, min_exit;
	int mode;
	const char *spath;
	int skip_bad, explain, want_warmup;
	const char *model_dir;
	int keep;
	int walk, threads;	/* --walk-forward, --threads */
	struct tp_strategy st;	/* with --strategy: its model section */
	int have_st;
	const char *llm_cache;	/* --llm-cache */
	int offline;		/* --offline */
	int64_t llm_since;	/* --llm-since, INT64_MIN: not given */
} o;

/* One line per built-in signal, its defaults filled in. */
static void
list_signals(void)
{
	const struct tp_signal_def *d;
	const char *vals[TP_SIGNAL_MAXP];
	char params[128], expr[256], specs[128];
	size_t n;
	int i, k;

	printf("%-18s %-26s %-50s %s\n", "name", "parameters (defaults)",
	    "expression", "tp-ind specs");
	for (i = 0; i < tp_signal_count; i++) {
		d = &tp_signals[i];
		n = 0;
		for (k = 0; k < d->np; k++) {
			vals[k] = d->p[k].def;
			n += (size_t)snprintf(params + n, sizeof(params) - n,
			    "%s%s=%s", k ? "," : "", d->p[k].name,
			    d->p[k].def);
		}
		tp_signal_fill(d->expr, vals, expr, sizeof(expr));
		tp_signal_fill(d->specs, vals, specs, sizeof(specs));
		printf("%-18s %-26s %-50s %s\n", d->name, params, expr, specs);
	}
}

/* The strategy's warm-up in candles (tp_warmup.h); 0 when unknown. */
static long
warmup(const struct tp_pred *pred, const char *path)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_strategy s;
	long n = 0;
	int forever = 0;

	if (tp_strategy_load(&s, path, &err) < 0)
		return 0;
	if (tp_warmup(&s, pred, &n, &forever, &err) < 0)
		n = 0;
	tp_strategy_release(&s);
	return n;
}

/* --warmup: the number, for a script's window (scripts/cron-example). */
static int
print_warmup(const struct tp_pred *pred, const char *path)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_strategy s;
	long n;
	int forever, rc;

	if (tp_strategy_load(&s, path, &err) < 0)
		return tp_cli_fail(&err);
	rc = tp_warmup(&s, pred, &n, &forever, &err);
	tp_strategy_release(&s);
	if (rc < 0)
		return tp_cli_fail(&err);
	if (forever)
		tp_warn("%s: an indicator never forgets the start of its "
		    "series: no window decides as the full history", path);
	printf("%ld\n", n);
	return tp_cli_done();
}

static const char *model_dir(char *buf, size_t n);

/* The walk of model k of an ensemble: where it gives its records. */
struct walker {
	struct predict *p;
	int k;
};

/* What the filter's hooks need. */
struct predict {
	struct tp_pred *pred;
	long wu;		/* the strategy's warm-up, or 0 */
	const char *spath;	/* the strategy file, or NULL */
	struct tp_mpred *models;	/* the strategy's trained models */
	int nmodels;
	struct tp_mwalk *walks;	/* or their walks forward, one a model */
	struct walker *walkers;
	struct tp_filter *f;
	unsigned char *warned;	/* that model k is expired */
	struct tp_ldec *llm;	/* the strategy's LLM decider, or NULL */
	int ndjson;		/* the output is: the decider's records go */
	long emitted;		/* records the decider wrote */
};

/* The rules' decision on rec, then the LLM decider's. */
static int
decide(struct predict *p, struct tp_rec *rec, struct tp_err *err)
{
	if (p->pred->n > 0 && tp_pred_apply(p->pred, rec, err) < 0)
		return -1;
	return p->llm != NULL ? tp_ldec_apply(p->llm, rec, p->pred->n > 0,
	    err) : 0;
}

/* Once: model k expired while predicting (tp_mpred_flush() judges each
 * batch by the clock: tp-predict may run on tail -f for days). */
static void
warn_expired(struct predict *p, int k)
{
	char dir[4096], sub[4096 + 128];

	if (!p->models[k].expired || p->warned[k])
		return;
	p->warned[k] = 1;
	tp_mdir_of(model_dir(dir, sizeof(dir)), &o.st, k, sub, sizeof(sub));
	tp_warn("%s: version %ld became older than its expiration_hours while "
	    "predicting: do_predict is 0 from here (tp-predict train makes a "
	    "new one)", sub, p->models[k].version);
}

static int drain(struct predict *p, struct tp_filter *f, int k,
    struct tp_err *err);

/* A record into model k's batches, the ones it gives back ready into
 * the next model's, and those of the last decided on and written: the
 * models in order, each batching (a popped record lives until the next
 * push into its model). */
static int
chain(struct predict *p, struct tp_filter *f, int k, struct tp_rec *rec,
    struct tp_err *err)
{
	if (k == p->nmodels)
		return decide(p, rec, err) < 0 ?
		    (tp_filter_skip(f, err) ? 0 : TP_FILTER_STOP) :
		    tp_filter_write(f, rec, err) < 0 ? TP_FILTER_STOP : 0;
	if (tp_mpred_push(&p->models[k], rec, err) < 0)
		return -1;
	return drain(p, f, k, err);
}

/* Model k's ready records on down the chain. */
static int
drain(struct predict *p, struct tp_filter *f, int k, struct tp_err *err)
{
	struct tp_rec *rec;
	int rc;

	warn_expired(p, k);
	while ((rec = tp_mpred_pop(&p->models[k])) != NULL)
		if ((rc = chain(p, f, k + 1, rec, err)) != 0)
			return rc;
	return 0;
}

/* Every model's batch so far predicted and passed on, in order. */
static int
flush_all(struct predict *p, struct tp_filter *f, struct tp_err *err)
{
	int k, rc;

	for (k = 0; k < p->nmodels; k++) {
		if (tp_mpred_flush(&p->models[k], err) < 0)
			return -1;
		if ((rc = drain(p, f, k, err)) < 0)
			return rc;
	}
	return 0;
}

/* Every model's walk so far given back, in order: each one's records
 * go on into the next. */
static int
walk_flush(struct predict *p, struct tp_err *err)
{
	int k;

	for (k = 0; k < p->nmodels; k++)
		if (tp_mwalk_flush(&p->walks[k], err) < 0)
			return -1;
	return 0;
}

/* A record the walk-forward of model k gives back, with its block's
 * predictions. */
static int
walk_emit(void *ctx, struct tp_rec *rec, struct tp_err *err)
{
	struct walker *w = ctx;
	struct predict *p = w->p;

	/* an ensemble: on to the next model's walk */
	if (w->k + 1 < p->nmodels)
		return tp_mwalk_push(&p->walks[w->k + 1], rec, err);
	if (decide(p, rec, err) < 0)
		return tp_filter_skip(p->f, err) ? 0 : -1;
	return tp_filter_write(p->f, rec, err);
}

static int
step(void *ctx, struct tp_filter *f, struct tp_rec *rec, struct tp_err *err)
{
	struct predict *p = ctx;

	if (p->walks != NULL)
		return tp_mwalk_push(&p->walks[0], rec, err) < 0 ?
		    TP_FILTER_STOP : 0;
	if (p->nmodels == 0)
		return decide(p, rec, err);
	return chain(p, f, 0, rec, err);
}

/*
 * The input paused in a walk forward: the records whose models are
 * fitted go out, each model's on into the next; while records wait for a
 * fit, their fits are waited for only as long as no input comes (the
 * reader keeps reading while windows fit).
 */
static int
walk_idle(struct predict *p, struct tp_filter *f, struct tp_err *err)
{
	int k, waiting, any;

	for (;;) {
		for (k = any = 0; k < p->nmodels; k++) {
			if (tp_mwalk_ready(&p->walks[k], &waiting, err) < 0)
				return -1;
			any |= waiting;
		}
		if (!any)
			return 0;
		if (tp_filter_idle(f, err) < 0)
			return -1;
		if (tp_reader_wait(&f->rd, 20))
			return 0;
	}
}

/* The input paused: the batch so far is predicted and goes out (a
 * prediction is the same in any batch). */
static int
idle(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct predict *p = ctx;

	if (p->walks != NULL ? walk_idle(p, f, err) < 0 :
	    flush_all(p, f, err) < 0)
		return -1;
	return tp_filter_idle(f, err);
}

static int
end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct predict *p = ctx;
	int ids[1024], k, n = 0, nsym;
	struct tp_ldec_stats st;
	long per;

	if (err->code != 0)
		return -1;
	if (p->walks != NULL ? walk_flush(p, err) < 0 :
	    flush_all(p, f, err) < 0)
		return -1;
	/* A CSV header with no rows still gets the decision columns. */
	if (f->w.nrec == 0) {
		for (k = 0; k < p->nmodels; k++)
			n += p->walks != NULL ? tp_mwalk_out_ids(&p->walks[k],
			    ids + n) : tp_mpred_out_ids(&p->models[k], ids + n);
		if (p->pred->n > 0)
			n += tp_pred_out_ids(p->pred, ids + n, 1024 - n);
		if (p->llm != NULL)
			n += tp_ldec_out_ids(p->llm, p->pred->n > 0, ids + n,
			    1024 - n);
		return tp_filter_header_of(f, ids, n, err);
	}
	/* Once: shorter than the warm-up, the first decisions are not the
	 * full history's (a cron window too short). */
	nsym = p->pred->syms.n;
	if (p->llm != NULL) {
		tp_ldec_stats(p->llm, &st);
		nsym = st.symbols;
	}
	per = (f->w.nrec - p->emitted) / (nsym > 0 ? nsym : 1);
	if (per < p->wu)
		tp_warn("%s: %ld candles a symbol, fewer than the strategy's "
		    "warm-up of %ld (tp-predict --warmup): the decisions "
		    "differ from those of a longer history", p->spath, per,
		    p->wu);
	return 0;
}

/* The model directory: --model-dir, or beside the strategy file, its
 * name with .models for .json (bot.json: bot.models). */
static const char *
model_dir(char *buf, size_t n)
{
	return o.model_dir != NULL ? o.model_dir : tp_mdir_beside(o.spath,
	    buf, n);
}

static void
release_models(struct tp_mpred *m, int n)
{
	int k;

	for (k = 0; m != NULL && k < n; k++)
		tp_mpred_release(&m[k]);
	free(m);
}

/* The newest version of each of the strategy's models, in order, into
 * *out; 0, or the exit code, reported. */
static int
load_models(struct tp_names *names, struct tp_mpred **out)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mpred *m;
	char dir[4096], sub[4096 + 128];
	int k;

	*out = m = calloc((size_t)o.st.nmodels, sizeof(*m));
	if (m == NULL) {
		tp_errf(&err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		return tp_cli_fail(&err);
	}
	for (k = 0; k < o.st.nmodels; k++) {
		tp_mdir_of(model_dir(dir, sizeof(dir)), &o.st, k, sub,
		    sizeof(sub));
		if (tp_mpred_load(&m[k], &o.st.models[k], names, sub,
		    tp_time_now_ms(), &err) < 0) {
			/* the message names the model's files: first */
			tp_cli_report(&err);
			release_models(m, k + 1);
			*out = NULL;
			return err.code;
		}
		if (m[k].expired)
			tp_warn("%s: version %ld is older than its "
			    "expiration_hours: do_predict is 0 (tp-predict "
			    "train makes a new one)", sub, m[k].version);
	}
	return 0;
}

static void
walks_release(struct predict *p)
{
	int k;

	for (k = 0; p->walks != NULL && k < p->nmodels; k++)
		tp_mwalk_release(&p->walks[k]);
	free(p->walks);
	free(p->walkers);
	p->walks = NULL;
}

/* --walk-forward: each model walks, an ensemble's one after the other
 * (each on --threads threads). */
static int
walks_init(struct predict *p, struct tp_names *names)
{
	struct tp_err err = TP_ERR_INIT;
	int k, n = o.st.nmodels;

	p->nmodels = n;
	p->walks = calloc((size_t)n, sizeof(*p->walks));
	p->walkers = calloc((size_t)n, sizeof(*p->walkers));
	if (p->walks == NULL || p->walkers == NULL)
		tp_errf(&err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (k = 0; err.code == 0 && k < n; k++) {
		p->walkers[k] = (struct walker){ p, k };
		tp_mwalk_init(&p->walks[k], &o.st.models[k], names,
		    o.threads, walk_emit, &p->walkers[k], &err);
	}
	if (err.code == 0)
		return 0;
	walks_release(p);
	return tp_cli_fail(&err);
}

/* ---- the LLM decider ---------------------------------------------------------- */

/* A record of the decider (its prompt, answers, decision) goes out
 * before the candle, in NDJSON; a CSV holds candles alone. */
static int
llm_emit(void *ctx, struct tp_rec *rec, struct tp_err *err)
{
	struct predict *p = ctx;

	if (!p->ndjson)
		return 0;
	p->emitted++;
	return tp_filter_write(p->f, rec, err);
}

static void
llm_warn(void *ctx, const char *msg)
{
	(void)ctx;
	tp_warn("%s: %s", o.spath, msg);
}

static int
settled(void *ctx, enum tp_fmt fmt, struct tp_err *err)
{
	struct predict *p = ctx;

	(void)err;
	p->ndjson = fmt == TP_FMT_NDJSON;
	return 0;
}

static int
llm_init(struct predict *p, struct tp_names *names)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_ldec_opts lo = { o.llm_cache, o.offline, o.llm_since,
		llm_emit, llm_warn, p };

	if (o.offline && o.llm_cache == NULL)
		return tp_usage_error("--offline answers from the cache: give "
		    "it with --llm-cache FILE");
	if (tp_ldec_new(&p->llm, &o.st, names, &lo, &err) == 0)
		return 0;
	tp_ldec_free(p->llm);
	p->llm = NULL;
	if (err.file == NULL)
		err.file = o.spath;
	return tp_cli_fail(&err);
}

/* The run's last words: what the cache could not answer offline. */
static void
llm_done(const struct tp_ldec *d)
{
	struct tp_ldec_stats st;

	tp_ldec_stats(d, &st);
	if (st.misses > 0)
		tp_warn("%s: %ld of %ld answers were not in the cache "
		    "(--offline): those models abstained", o.llm_cache,
		    st.misses, st.decisions * (long)o.st.llm->nmodels);
}

static int
run(struct tp_pred *pred, struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, enum tp_fmt out_fmt, int skip_bad, long wu,
    const char *spath)
{
	struct predict p = { .pred = pred, .wu = wu, .spath = spath };
	struct tp_filter f;
	int k, rc;

	if (o.walk) {
		if ((rc = walks_init(&p, names)) != 0)
			return rc;
	} else if (o.have_st && o.st.nmodels > 0) {
		if ((rc = load_models(names, &p.models)) != 0)
			return rc;
		p.nmodels = o.st.nmodels;
		if ((p.warned = calloc((size_t)p.nmodels, 1)) == NULL) {
			release_models(p.models, p.nmodels);
			return tp_cli_fail(&(struct tp_err){ TP_EX_SOFTWARE,
			    NULL, 0, "out of memory" });
		}
		for (k = 0; k < p.nmodels; k++)	/* load warned already */
			p.warned[k] = (unsigned char)p.models[k].expired;
	}
	if ((o.llm_cache != NULL || o.offline || o.llm_since != INT64_MIN) &&
	    (!o.have_st || o.st.llm == NULL))
		return tp_usage_error("--llm-cache, --offline and --llm-since "
		    "are the LLM decider's: the strategy has no \"llm\" "
		    "section");
	if (o.have_st && o.st.llm != NULL && (rc = llm_init(&p, names)) != 0) {
		release_models(p.models, p.nmodels);
		free(p.warned);
		walks_release(&p);
		return rc;
	}
	tp_filter_init(&f, names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = in_fmt, f.out_fmt = out_fmt;
	f.skip_bad = skip_bad;
	f.pass = p.nmodels == 0;
	f.format = settled;
	/* A walk forward reads history in time order: several files, one
	 * a symbol, are merged by time. */
	f.merge = p.walks != NULL && nfiles > 1, f.unit = TP_UNIT_MS;
	f.ctx = &p, f.step = step, f.end = end, f.idle = idle;
	p.f = &f;
	rc = tp_cli_filter(&f);
	if (p.llm != NULL)
		llm_done(p.llm);
	tp_ldec_free(p.llm);
	release_models(p.models, p.nmodels);
	free(p.warned);
	walks_release(&p);
	return rc;
}

/* ---- train ---------------------------------------------------------------- */

/* One tp_mtrain per model: every model learns in one pass. */
struct train {
	struct tp_mtrain *t;
	int n;			/* made */
	char (*dir)[4096 + 128];	/* each one's directory */
};

static int
train_step(void *ctx, struct tp_filter *f, struct tp_rec *rec,
    struct tp_err *err)
{
	struct train *x = ctx;
	int k;

	(void)f;
	for (k = 0; k < x->n; k++)
		if (tp_mtrain_add(&x->t[k], rec, err) < 0)
			return -1;
	return 0;
}

/* The new version of model k, one record: what it is and how it
 * scored. */
static int
train_one(struct train *x, int k, struct tp_filter *f, struct tp_err *err)
{
	struct tp_mmeta m;
	struct tp_recb b;
	struct tp_rec rec;
	long version;
	int rc;

	if (tp_mtrain_finish(&x->t[k], x->dir[k], &version, &m, err) < 0)
		return -1;
	if (o.keep > 0 && tp_mdir_purge(x->dir[k], o.keep, err) < 0) {
		tp_mmeta_release(&m);
		return -1;
	}
	tp_rec_init(&rec);
	tp_recb_begin(&b, f->names, &rec, "model", m.trained, o.st.name);
	tp_recb_text(&b, "dir", x->dir[k]);
	tp_recb_i64(&b, "version", version);
	tp_recb_text(&b, "kind", m.kind);
	tp_recb_i64(&b, "features", m.nf);
	tp_recb_i64(&b, "from", m.from);
	tp_recb_i64(&b, "to", m.to);
	tp_recb_i64(&b, "rows", m.rows);
	tp_recb_i64(&b, "train_rows", m.ntrain);
	if (m.task == TP_TASK_CLASSES) {
		tp_recb_num(&b, "logloss", m.score.logloss);
		tp_recb_num(&b, "accuracy", m.score.accuracy);
		tp_recb_num(&b, "auc", m.score.auc);
	} else
		tp_recb_num(&b, "rmse", m.score.rmse);
	tp_recb_text(&b, "data_hash", m.hash);
	rc = b.rc < 0 ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory")
	    : tp_filter_write(f, &rec, err) < 0 ? -1 : 0;
	tp_rec_release(&rec);
	tp_mmeta_release(&m);
	return rc;
}

static int
train_end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct train *x = ctx;
	int k;

	if (err->code != 0)
		return -1;
	for (k = 0; k < x->n; k++)
		if (train_one(x, k, f, err) < 0)
			return -1;
	return 0;
}

static void
train_release(struct train *x)
{
	int k;

	for (k = 0; k < x->n; k++)
		tp_mtrain_release(&x->t[k]);
	free(x->t);
	free(x->dir);
}

static int
train(struct tp_names *names, char **files, int nfiles)
{
	struct train x = { NULL, 0, NULL };
	struct tp_filter f;
	struct tp_err err = TP_ERR_INIT;
	char dir[4096];
	int k, rc;

	if (!o.have_st)
		return tp_usage_error("train: give the strategy with "
		    "--strategy FILE");
	if (o.st.nmodels == 0) {
		tp_warn("%s: no \"model\" to train (tp-strategy(5) MODEL)",
		    o.spath);
		return TP_EX_CONFIG;
	}
	x.t = calloc((size_t)o.st.nmodels, sizeof(*x.t));
	x.dir = calloc((size_t)o.st.nmodels, sizeof(*x.dir));
	if (x.t == NULL || x.dir == NULL)
		tp_errf(&err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else
		x.n = o.st.nmodels;	/* zeroed: each one releases */
	for (k = 0; err.code == 0 && k < x.n; k++) {
		tp_mdir_of(model_dir(dir, sizeof(dir)), &o.st, k, x.dir[k],
		    sizeof(x.dir[k]));
		tp_mtrain_init(&x.t[k], &o.st.models[k], names, &err);
	}
	if (err.code != 0) {
		train_release(&x);
		return tp_cli_fail(&err);
	}
	tp_filter_init(&f, names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = o.in_fmt, f.out_fmt = o.out_fmt != TP_FMT_AUTO ?
	    o.out_fmt : TP_FMT_NDJSON;
	f.skip_bad = o.skip_bad;
	/* Several files, one a symbol, are one stream in time order. */
	f.merge = nfiles > 1, f.unit = TP_UNIT_MS;
	f.ctx = &x, f.step = train_step, f.end = train_end;
	rc = tp_cli_filter(&f);
	train_release(&x);
	return rc;
}

/* llm-key FILE: the key from stdin (never argv: ps would show it),
 * into guarded memory, encrypted into FILE. */
static int
llm_key(char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	char *buf;
	long n;

	if (nfiles != 1)
		return tp_usage_error("llm-key: give the key file to write");
	if ((buf = sodium_malloc(4096)) == NULL)
		return tp_cli_fail(&(struct tp_err){ TP_EX_SOFTWARE, NULL, 0,
		    "out of memory" });
	n = tp_cli_read_secret("API key: ", buf, 4096, 0);
	if (n < 0)
		tp_errf(&err, TP_EX_IOERR, NULL, 0, "read error: %s",
		    strerror(errno));
	else
		tp_ldec_store_key(files[0], buf, (size_t)n, &err);
	if (err.code != 0)
		tp_cli_report(&err);
	sodium_free(buf);
	return err.code != 0 ? err.code : tp_cli_done();
}

/* --walk-forward needs a strategy with a model, and makes its own. */
static int
walk_check(void)
{
	long n;

	if (!o.have_st)
		return tp_usage_error("--walk-forward: give the strategy with "
		    "--strategy FILE");
	if (o.model_dir != NULL)
		return tp_usage_error("--walk-forward trains its own models: "
		    "--model-dir is not read");
	if (o.st.nmodels == 0) {
		tp_warn("%s: no \"model\" to walk forward (tp-strategy(5) "
		    "MODEL)", o.spath);
		return TP_EX_CONFIG;
	}
	if (o.threads == 0) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		o.threads = n < 1 ? 1 : n > 256 ? 256 : (int)n;
	}
	return TP_EX_OK;
}

/* Add the rules of the strategy file at path. */
static int
strategy(struct tp_pred *pred, const char *path)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_strategy s;
	int rc = TP_EX_OK;

	memset(&s, 0, sizeof(s));
	if (tp_strategy_load(&s, path, &err) < 0 ||
	    ((s.nrules > 0 || (s.nmodels == 0 && s.llm == NULL) ||
	    tp_strategy_voters(&s) > 0) &&
	    tp_pred_add_strategy(pred, &s, &err) < 0)) {
		tp_cli_report(&err);
		rc = err.code;
		tp_strategy_release(&s);
		return rc;
	}
	/* Its models are trained or used later: keep it (one that only
	 * makes fields is refused when deciding, not when training). */
	o.st = s;
	o.have_st = 1;
	return rc;
}

/* A strategy whose models make fields but neither it nor they vote:
 * nothing decides.  tp_pred_add_strategy() says so. */
static int
no_rules(void)
{
	struct tp_err err = TP_ERR_INIT;

	if (tp_pred_add_strategy(&o.pred, &o.st, &err) == 0)
		tp_errf(&err, TP_EX_SOFTWARE, NULL, 0, "no rule");
	return tp_cli_fail(&err);
}

static int
opt_rule(const struct tp_opt *opt, const char *arg)
{
	struct tp_err err = TP_ERR_INIT;

	(void)opt;
	if (tp_pred_add_arg(&o.pred, arg, &err) == 0)
		return TP_EX_OK;
	tp_cli_report(&err);
	if (err.code == TP_EX_USAGE)
		tp_warn("try 'tp-predict --help' or 'tp-predict "
		    "--list-signals'");
	return err.code;
}

static int
opt_strategy(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	if (o.spath != NULL)
		return tp_usage_error("--strategy: only one strategy file may "
		    "be given");
	return strategy(&o.pred, o.spath = arg);
}

static int
opt_vote(const struct tp_opt *opt, const char *arg)
{
	int k;

	(void)opt;
	for (k = 0; k < TP_VOTE_N; k++)
		if (strcmp(arg, tp_vote_mode_names[k]) == 0)
			o.mode = k;
	if (o.mode < 0)
		return tp_usage_error("--vote: expected majority, weighted, "
		    "unanimous or any, not \"%s\"", arg);
	return TP_EX_OK;
}

/* --llm-since TIME: a time tp reads, or -DURATION before now. */
static int
opt_since(const struct tp_opt *opt, const char *arg)
{
	const char *why = NULL;
	int64_t ms;

	(void)opt;
	if (arg[0] == '-' && tp_time_tf_parse(arg + 1, &ms) == 0) {
		o.llm_since = tp_time_now_ms() - ms;
		return TP_EX_OK;
	}
	if (tp_time_parse(arg, strlen(arg), TP_UNIT_MS, &o.llm_since,
	    &why) < 0)
		return tp_usage_error("--llm-since: \"%s\" is neither a time "
		    "(ISO 8601 or Unix ms) nor -DURATION (as -10m)", arg);
	return TP_EX_OK;
}

static int
opt_list(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	(void)arg;
	list_signals();
	return TP_CLI_DONE;
}

static const struct tp_cmd cmds[] = {
	{ .label = "filter", .help =
"filter (no command): decide on each record by the rules (and the\n"
"strategy's trained model, whose fields the rules read)" },
	{ .name = "llm-key", .help =
"llm-key FILE: read an API key from standard input and store it\n"
"encrypted in FILE, a model's api_key_file (passphrase: TP_PASSPHRASE)" },
	{ .name = "train", .help =
"train: fit the strategy's model on the records; write a new version\n"
"into the model directory and print what it scored (tp-predict(1) MODELS)" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	{ 'r', "rule", "RULE", TP_OPT_CALL, .call = opt_rule,
	  .help = "add a rule" },
	{ 's', "strategy", "FILE", TP_OPT_CALL, .call = opt_strategy,
	  .help = "take rules and voting from a strategy\n"
	  "file (tp-strategy(5))" },
	{ 'm', "vote", "majority|weighted|unanimous|any", TP_OPT_CALL,
	  .call = opt_vote, .help = "how rules of one action combine\n"
	  "(default majority; any: one true\nrule decides alone)" },
	{ 0, "min-entry", "P", TP_OPT_NUM, &o.min_entry, 0, 1,
	  .help = "least confidence of an entry (0.6)" },
	{ 0, "min-exit", "P", TP_OPT_NUM, &o.min_exit, 0, 1,
	  .help = "least confidence of an exit (0.55)" },
	{ 'x', "explain", NULL, TP_OPT_FLAG, &o.explain,
	  .help = "also append rule_NAME, 1 or 0, per rule" },
	TP_OPT_OUTPUT_FORMAT(&o.out_fmt),
	TP_OPT_INPUT_FORMAT(&o.in_fmt, NULL),
	TP_OPT_SKIP_BAD(&o.skip_bad, NULL),
	{ 'w', "warmup", NULL, TP_OPT_FLAG, &o.want_warmup,
	  .help = "print the candles the strategy needs\n"
	  "before its decisions are those of the\nfull history, and exit" },
	{ 'l', "list-signals", NULL, TP_OPT_CALL, .call = opt_list,
	  .help = "list the built-in @signals and exit" },
	{ 'M', "model-dir", "DIR", TP_OPT_STR, &o.model_dir,
	  .help = "the strategy's model versions (default:\n"
	  "beside it, NAME.models for NAME.json)" },
	{ 'K', "keep", "N", TP_OPT_INT, &o.keep, 1, 1000000, .cmds = "train",
	  .help = "keep the newest N versions, remove the\nolder ones" },
	{ 'W', "walk-forward", NULL, TP_OPT_FLAG, &o.walk, .cmds = "filter",
	  .help = "backtest the model: train on each\n"
	  "train_period, predict the next\nbacktest_period, through history" },
	{ 'C', "llm-cache", "FILE", TP_OPT_STR, &o.llm_cache, .cmds = "filter",
	  .help = "keep the LLM models' answers in FILE\n"
	  "(SQLite), and answer from it when it\nhas them" },
	{ 0, "offline", NULL, TP_OPT_FLAG, &o.offline, .cmds = "filter",
	  .help = "answer from --llm-cache only: a model\n"
	  "whose answer is not there abstains" },
	{ 0, "llm-since", "TIME", TP_OPT_CALL, .call = opt_since,
	  .cmds = "filter", .help = "ask the LLM models only on candles\n"
	  "from TIME on (-10m: 10 minutes ago);\n"
	  "earlier ones only fill the prompt's table" },
	{ 'j', "threads", "N", TP_OPT_INT, &o.threads, 1, 256,
	  .cmds = "filter", .help = "windows trained at once (default: the\n"
	  "cores); the output is the same" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-predict [OPTIONS] --rule RULE... [FILE...]\n"
"       tp-predict [OPTIONS] --strategy FILE [FILE...]\n"
"       tp-predict train --strategy FILE [--model-dir DIR] [FILE...]\n"
"       tp-predict --walk-forward [--threads N] --strategy FILE [FILE...]\n"
"       tp-predict --strategy FILE [--llm-cache FILE [--offline]] [FILE...]\n"
"       tp-predict llm-key KEYFILE < KEY\n"
"       tp-predict --warmup --strategy FILE\n"
"       tp-predict --list-signals",
	.about =
"  RULE is [NAME=]ACTION[*WEIGHT]: EXPR, ACTION one of enter_long,\n"
"  exit_long, enter_short, exit_short: 'enter_long: rsi_14 < 30',\n"
"  'dip=enter_long*2: @rsi_oversold:25 && close > ema_200'.\n"
"  Appends signal, confidence and tag to each record.",
	.cmds = cmds,
	.opts = opts,
	.col = 33,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
"74 I/O error, 78 bad strategy file; see tp(7).",
};

int
main(int argc, char **argv)
{
	struct tp_err err = TP_ERR_INIT;
	char msg[400], **files;
	int k, nfiles, cmd, rc;

	tp_names_init(&o.names);
	tp_pred_init(&o.pred, &o.names);
	o.mode = -1;
	o.min_entry = o.min_exit = -1;
	o.llm_since = INT64_MIN;
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &files, &nfiles);
	/* The command line outranks the strategy file. */
	if (o.mode >= 0)
		o.pred.mode = (enum tp_vote_mode)o.mode;
	if (o.min_entry >= 0)
		o.pred.min_entry = o.min_entry;
	if (o.min_exit >= 0)
		o.pred.min_exit = o.min_exit;
	o.pred.explain = o.explain;
	/* A rule that can never act alone is a strategy mistake that the
	 * decisions would never show: say so before the first record. */
	for (k = 0; rc == TP_EX_OK && k < o.pred.n; k++)
		if (tp_pred_alone(&o.pred, k, msg, sizeof(msg)))
			tp_warn("%s: %s", o.spath != NULL ? o.spath : "--rule",
			    msg);
	if (rc == TP_EX_OK && cmd == 1)
		rc = llm_key(files, nfiles);
	else if (rc == TP_EX_OK && cmd == 2)
		rc = train(&o.names, files, nfiles);
	else if (rc == TP_EX_OK && o.want_warmup)
		rc = o.spath == NULL ? tp_usage_error("--warmup: give the "
		    "strategy with --strategy FILE") : print_warmup(&o.pred,
		    o.spath);
	else if (rc == TP_EX_OK && o.walk && (rc = walk_check()) != TP_EX_OK)
		;
	else if (rc == TP_EX_OK && o.pred.n == 0 && o.have_st &&
	    o.st.llm == NULL)
		rc = no_rules();
	else if (rc == TP_EX_OK && o.pred.n == 0 && !o.have_st)
		rc = tp_usage_error("no rule given: use --rule or --strategy");
	else if (rc == TP_EX_OK && o.pred.n > 0 &&
	    tp_pred_prepare(&o.pred, &err) < 0) {
		tp_cli_report(&err);
		rc = err.code;
	} else if (rc == TP_EX_OK)
		rc = run(&o.pred, &o.names, files, nfiles, o.in_fmt,
		    o.out_fmt, o.skip_bad, o.spath != NULL ? warmup(&o.pred,
		    o.spath) : 0, o.spath);
	tp_pred_release(&o.pred);
	if (o.have_st)
		tp_strategy_release(&o.st);
	tp_names_release(&o.names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
