/*
 * tp-predict: decide on each record by rules and their votes.  See
 * tp-predict(1).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/tp_num.h"
#include "decide/tp_predict.h"
#include "decide/tp_signal.h"
#include "decide/tp_warmup.h"
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
	return fflush(stdout) == 0 ? TP_EX_OK : TP_EX_IOERR;
}

/* What the filter's hooks need. */
struct predict {
	struct tp_pred *pred;
	long wu;		/* the strategy's warm-up, or 0 */
	const char *spath;	/* the strategy file, or NULL */
};

static int
step(void *ctx, struct tp_filter *f, struct tp_rec *rec, struct tp_err *err)
{
	struct predict *p = ctx;

	(void)f;
	return tp_pred_apply(p->pred, rec, err);
}

static int
end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct predict *p = ctx;
	int ids[1024], n;
	long per;

	if (err->code != 0)
		return -1;
	/* A CSV header with no rows still gets the decision columns. */
	if (f->w.nrec == 0) {
		n = tp_pred_out_ids(p->pred, ids, 1024);
		return tp_filter_header_of(f, ids, n, err);
	}
	/* Once: shorter than the warm-up, the first decisions are not the
	 * full history's (a cron window too short). */
	per = f->w.nrec / (p->pred->syms.n > 0 ? p->pred->syms.n : 1);
	if (per < p->wu)
		tp_warn("%s: %ld candles a symbol, fewer than the strategy's "
		    "warm-up of %ld (tp-predict --warmup): the decisions "
		    "differ from those of a longer history", p->spath, per,
		    p->wu);
	return 0;
}

static int
run(struct tp_pred *pred, struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, enum tp_fmt out_fmt, int skip_bad, long wu,
    const char *spath)
{
	struct predict p = { pred, wu, spath };
	struct tp_filter f;

	tp_filter_init(&f, names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = in_fmt, f.out_fmt = out_fmt;
	f.skip_bad = skip_bad;
	f.pass = 1;
	f.ctx = &p, f.step = step, f.end = end;
	return tp_cli_filter(&f);
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
	    tp_pred_add_strategy(pred, &s, &err) < 0) {
		tp_cli_report(&err);
		rc = err.code;
	}
	tp_strategy_release(&s);
	return rc;
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

static int
opt_list(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	(void)arg;
	list_signals();
	return TP_CLI_DONE;
}

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
	{ 'f', "format", "csv|ndjson", TP_OPT_FMT, &o.out_fmt,
	  .help = "output format (default: the input's)" },
	{ 'i', "input-format", "csv|ndjson", TP_OPT_FMT, &o.in_fmt,
	  .help = "do not detect the input format" },
	{ 'k', "skip-bad", NULL, TP_OPT_FLAG, &o.skip_bad,
	  .help = "warn about bad records and drop them" },
	{ 'w', "warmup", NULL, TP_OPT_FLAG, &o.want_warmup,
	  .help = "print the candles the strategy needs\n"
	  "before its decisions are those of the\nfull history, and exit" },
	{ 'l', "list-signals", NULL, TP_OPT_CALL, .call = opt_list,
	  .help = "list the built-in @signals and exit" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-predict [OPTIONS] --rule RULE... [FILE...]\n"
"       tp-predict [OPTIONS] --strategy FILE [FILE...]\n"
"       tp-predict --warmup --strategy FILE\n"
"       tp-predict --list-signals",
	.about =
"  RULE is [NAME=]ACTION[*WEIGHT]: EXPR, ACTION one of enter_long,\n"
"  exit_long, enter_short, exit_short: 'enter_long: rsi_14 < 30',\n"
"  'dip=enter_long*2: @rsi_oversold:25 && close > ema_200'.\n"
"  Appends signal, confidence and tag to each record.",
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

	tp_cli_init(argv[0]);
	tp_names_init(&o.names);
	tp_pred_init(&o.pred, &o.names);
	o.mode = -1;
	o.min_entry = o.min_exit = -1;
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
	if (rc == TP_EX_OK && o.want_warmup)
		rc = o.spath == NULL ? tp_usage_error("--warmup: give the "
		    "strategy with --strategy FILE") : print_warmup(&o.pred,
		    o.spath);
	else if (rc == TP_EX_OK && o.pred.n == 0)
		rc = tp_usage_error("no rule given: use --rule or --strategy");
	else if (rc == TP_EX_OK && tp_pred_prepare(&o.pred, &err) < 0) {
		tp_cli_report(&err);
		rc = err.code;
	} else if (rc == TP_EX_OK)
		rc = run(&o.pred, &o.names, files, nfiles, o.in_fmt,
		    o.out_fmt, o.skip_bad, o.spath != NULL ? warmup(&o.pred,
		    o.spath) : 0, o.spath);
	tp_pred_release(&o.pred);
	tp_names_release(&o.names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
