/*
 * tp-risk: decisions to sized orders or rejections, against the paper
 * account in the journal.  See tp-risk(1).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run/tp_riskrun.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

static struct {
	const char *strategy, *db, *kill_file;
	char kill_buf[4096];
	double balance, limit_offset;
	int skip_bad;
	enum tp_fmt in_fmt;
	struct tp_names names;
	struct tp_strategy st;
} o;

static const struct tp_cmd cmds[] = {
	{ .label = "run" },
	{ .name = "report", .help = "the open book's exposure, heat (risk to the stops), and\n"
	    "historical VaR and CVaR at 95% and 99% from the journal's\n"
	    "candles, as records" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	TP_OPT_STRATEGY(&o.strategy, NULL),
	{ 'd', "db", "DB", TP_OPT_STR, &o.db,
	  .help = "the journal tp-exec keeps the account in; a\n"
	  "file that does not exist yet is a new account" },
	{ 'b', "balance", "N", TP_OPT_NUM, &o.balance, 0, 1e15, .cmds = "run",
	  .help = "size on this balance instead of the account's" },
	{ 'l', "limit-offset", "R", TP_OPT_NUM, &o.limit_offset, 0, 0.5,
	  .cmds = "run",
	  .help = "entries as limit orders R (a ratio) better than\n"
	  "the close, filled when the next candle touches\n"
	  "them; default: market orders at the next open" },
	TP_OPT_KILL_FILE(&o.kill_file, "run"),
	TP_OPT_SKIP_BAD(&o.skip_bad, "run"),
	TP_OPT_INPUT_FORMAT(&o.in_fmt, "run"),
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-risk --strategy FILE [--db DB | --balance N] [OPTIONS] [FILE...]\n"
"       tp-risk report --db DB [--strategy FILE]",
	.about =
"  Reads candles carrying tp-predict's decisions (a \"signal\" field, or\n"
"  freqtrade's enter_long ... columns) and writes them on, each followed\n"
"  by an order record (sized by the strategy's rule, with its stop,\n"
"  take-profit, leverage and client order id) or a reject record naming\n"
"  the limit that refused it, as NDJSON.  The account comes from the\n"
"  journal DB that tp-exec keeps.",
	.cmds = cmds,
	.opts = opts,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error, 78 bad strategy file or journal; see tp(7).",
};

static int
report(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_writer w;

	memset(&w, 0, sizeof(w));
	if ((o.strategy == NULL || tp_strategy_load(&o.st, o.strategy,
	    &err) == 0) && tp_writer_init(&w, STDOUT_FILENO, TP_FMT_NDJSON,
	    &o.names, &err) == 0)
		tp_riskrun_report(o.strategy != NULL ? &o.st : NULL, &o.names,
		    o.db, &w, &err);
	return tp_cli_finish(&w, &err, 0, TP_EX_OK);
}

static int
begin(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct tp_riskrun *r = ctx;

	if (tp_strategy_load(&o.st, o.strategy, err) < 0 ||
	    tp_riskrun_open(r, &o.st, &o.names, o.db, o.kill_file, o.balance,
	    &f->w, err) < 0)
		return -1;
	r->limit_offset = o.limit_offset;
	return 0;
}

static int
run(char **files, int nfiles)
{
	struct tp_riskrun r;
	struct tp_filter f;
	int rc;

	memset(&r, 0, sizeof(r));
	tp_filter_init(&f, &o.names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = o.in_fmt, f.out_fmt = TP_FMT_NDJSON;
	f.skip_bad = o.skip_bad;
	tp_riskrun_filter(&r, &f);
	f.begin = begin;
	rc = tp_cli_filter(&f);
	tp_riskrun_release(&r);
	return rc;
}

int
main(int argc, char **argv)
{
	char **files;
	int cmd, nfiles, rc;

	tp_names_init(&o.names);
	o.balance = -1;
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &files, &nfiles);
	if (rc == TP_EX_OK && cmd == 0 && o.strategy == NULL)
		rc = tp_usage_error("give the strategy with --strategy FILE");
	o.kill_file = tp_jpaper_kill_file(o.kill_file, o.db, o.kill_buf,
	    sizeof(o.kill_buf));
	if (rc == TP_EX_OK && cmd == 1) {
		if (o.db == NULL)
			rc = tp_usage_error("report: give the journal with "
			    "--db DB");
		else if (nfiles > 0)
			rc = tp_usage_error("report takes no files");
		else
			rc = report();
	} else if (rc == TP_EX_OK)
		rc = run(files, nfiles);
	tp_strategy_release(&o.st);
	tp_names_release(&o.names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
