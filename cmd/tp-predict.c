/*
 * tp-predict: decide on each record by rules and their votes.  See
 * tp-predict(1).
 */
#include <getopt.h>
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

static const char usage_text[] =
"usage: tp-predict [OPTIONS] --rule RULE... [FILE...]\n"
"       tp-predict [OPTIONS] --strategy FILE [FILE...]\n"
"       tp-predict --warmup --strategy FILE\n"
"       tp-predict --list-signals\n"
"\n"
"  RULE is [NAME=]ACTION[*WEIGHT]: EXPR, ACTION one of enter_long,\n"
"  exit_long, enter_short, exit_short: 'enter_long: rsi_14 < 30',\n"
"  'dip=enter_long*2: @rsi_oversold:25 && close > ema_200'.\n"
"  Appends signal, confidence and tag to each record.\n"
"\n"
"options:\n"
"  -r, --rule RULE                add a rule\n"
"  -s, --strategy FILE            take rules and voting from a strategy\n"
"                                 file (tp-strategy(5))\n"
"  -m, --vote majority|weighted|unanimous|any\n"
"                                 how rules of one action combine\n"
"                                 (default majority; any: one true\n"
"                                 rule decides alone)\n"
"      --min-entry P              least confidence of an entry (0.6)\n"
"      --min-exit P               least confidence of an exit (0.55)\n"
"  -x, --explain                  also append rule_NAME, 1 or 0, per rule\n"
"  -f, --format csv|ndjson        output format (default: the input's)\n"
"  -i, --input-format csv|ndjson  do not detect the input format\n"
"  -k, --skip-bad                 warn about bad records and drop them\n"
"  -w, --warmup                   print the candles the strategy needs\n"
"                                 before its decisions are those of the\n"
"                                 full history, and exit\n"
"  -l, --list-signals             list the built-in @signals and exit\n"
"  -h, --help                     show this help\n"
"  -V, --version                  show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
"74 I/O error, 78 bad strategy file; see tp(7).\n";

enum { OPT_MIN_ENTRY = 256, OPT_MIN_EXIT };

static const struct option longopts[] = {
	{ "rule", required_argument, NULL, 'r' },
	{ "strategy", required_argument, NULL, 's' },
	{ "vote", required_argument, NULL, 'm' },
	{ "min-entry", required_argument, NULL, OPT_MIN_ENTRY },
	{ "min-exit", required_argument, NULL, OPT_MIN_EXIT },
	{ "explain", no_argument, NULL, 'x' },
	{ "format", required_argument, NULL, 'f' },
	{ "input-format", required_argument, NULL, 'i' },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "list-signals", no_argument, NULL, 'l' },
	{ "warmup", no_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

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

/* A CSV header with no rows still gets the decision columns. */
static void
header_only(struct tp_pred *pred, struct tp_reader *rd, struct tp_writer *w,
    struct tp_err *err)
{
	int ids[1024], n = tp_pred_out_ids(pred, ids, 1024);

	tp_writer_header_of(w, rd, ids, n, err);
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

static int
run(struct tp_pred *pred, struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, enum tp_fmt out_fmt, int skip_bad, long wu,
    const char *spath)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_reader rd;
	struct tp_writer w = { 0 };	/* finished even when never started */
	struct tp_rec rec;
	long skipped = 0;
	int rc;

	tp_rec_init(&rec);
	if (tp_reader_init(&rd, names, files, nfiles, in_fmt, &err) < 0 ||
	    tp_writer_init(&w, STDOUT_FILENO, out_fmt, names, &err) < 0)
		goto out;
	tp_reader_flush_idle(&rd, &w);
	while ((rc = tp_read(&rd, &rec, &err)) != 0) {
		if (rc > 0 && tp_pred_apply(pred, &rec, &err) == 0) {
			if (w.fmt == TP_FMT_AUTO)
				w.fmt = tp_reader_format(&rd) ==
				    TP_FMT_NDJSON ? TP_FMT_NDJSON : TP_FMT_CSV;
			if (tp_write(&w, &rec, &err) < 0)
				break;
			continue;
		}
		if (!tp_cli_skip(&err, skip_bad, &skipped))
			break;
	}
	/* A CSV header with no rows still gets the decision columns. */
	if (err.code == 0 && w.nrec == 0)
		header_only(pred, &rd, &w, &err);
	/* Once: shorter than the warm-up, the first decisions are not the
	 * full history's (a cron window too short). */
	if (err.code == 0 && w.nrec > 0 && w.nrec / (pred->syms.n > 0 ?
	    pred->syms.n : 1) < wu)
		tp_warn("%s: %ld candles a symbol, fewer than the strategy's "
		    "warm-up of %ld (tp-predict --warmup): the decisions "
		    "differ from those of a longer history", spath,
		    (long)(w.nrec / (pred->syms.n > 0 ? pred->syms.n : 1)),
		    wu);
out:
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	return tp_cli_finish(&w, &err, skipped, TP_EX_OK);
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

int
main(int argc, char **argv)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_pred pred;
	enum tp_fmt in_fmt = TP_FMT_AUTO, out_fmt = TP_FMT_AUTO;
	double min_entry = -1, min_exit = -1;
	const char *spath = NULL;
	char msg[400];
	int c, k, mode = -1, nstrat = 0, skip_bad = 0, explain = 0;
	int want_warmup = 0;
	int rc = TP_EX_OK;

	tp_cli_init(argv[0]);
	tp_names_init(&names);
	tp_pred_init(&pred, &names);
	opterr = 0;
	while (rc == TP_EX_OK && (c = getopt_long(argc, argv,
	    ":r:s:m:xf:i:klwhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (tp_pred_add_arg(&pred, optarg, &err) < 0) {
				tp_cli_report(&err);
				rc = err.code;
				if (rc == TP_EX_USAGE)
					tp_warn("try 'tp-predict --help' or "
					    "'tp-predict --list-signals'");
			}
			break;
		case 's':
			if (nstrat++ > 0)
				rc = tp_usage_error("--strategy: only one "
				    "strategy file may be given");
			else
				rc = strategy(&pred, spath = optarg);
			break;
		case 'm':
			for (k = 0; k < TP_VOTE_N; k++)
				if (strcmp(optarg, tp_vote_mode_names[k]) == 0)
					mode = k;
			if (mode < 0)
				rc = tp_usage_error("--vote: expected majority,"
				    " weighted, unanimous or any, not \"%s\"",
				    optarg);
			break;
		case OPT_MIN_ENTRY:
			rc = tp_cli_num_opt("min-entry", optarg, 0, 1,
			    &min_entry);
			break;
		case OPT_MIN_EXIT:
			rc = tp_cli_num_opt("min-exit", optarg, 0, 1,
			    &min_exit);
			break;
		case 'x':
			explain = 1;
			break;
		case 'f':
		case 'i':
			rc = tp_cli_format_opt(c, optarg, c == 'f' ? &out_fmt :
			    &in_fmt);
			break;
		case 'k':
			skip_bad = 1;
			break;
		case 'l':
			list_signals();
			goto done;
		case 'w':
			want_warmup = 1;
			break;
		default:
			if (tp_cli_common_opt(c, argv, usage_text, &rc))
				goto done;
			break;
		}
	}
	/* The command line outranks the strategy file. */
	if (mode >= 0)
		pred.mode = (enum tp_vote_mode)mode;
	if (min_entry >= 0)
		pred.min_entry = min_entry;
	if (min_exit >= 0)
		pred.min_exit = min_exit;
	pred.explain = explain;
	/* A rule that can never act alone is a strategy mistake that the
	 * decisions would never show: say so before the first record. */
	for (k = 0; rc == TP_EX_OK && k < pred.n; k++)
		if (tp_pred_alone(&pred, k, msg, sizeof(msg)))
			tp_warn("%s: %s", spath != NULL ? spath : "--rule", msg);
	if (rc == TP_EX_OK && want_warmup)
		rc = spath == NULL ? tp_usage_error("--warmup: give the strategy "
		    "with --strategy FILE") : print_warmup(&pred, spath);
	else if (rc == TP_EX_OK && pred.n == 0)
		rc = tp_usage_error("no rule given: use --rule or --strategy");
	else if (rc == TP_EX_OK && tp_pred_prepare(&pred, &err) < 0) {
		tp_cli_report(&err);
		rc = err.code;
	} else if (rc == TP_EX_OK)
		rc = run(&pred, &names, argv + optind, argc - optind, in_fmt,
		    out_fmt, skip_bad, spath != NULL ? warmup(&pred, spath) : 0,
		    spath);
	tp_pred_release(&pred);
	tp_names_release(&names);
	return rc;
done:
	tp_pred_release(&pred);
	tp_names_release(&names);
	return fflush(stdout) == 0 ? TP_EX_OK : TP_EX_IOERR;
}
