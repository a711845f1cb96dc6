/*
 * tp-exec: fill tp-risk's orders on a paper account kept in the journal,
 * one cron run at a time.  See tp-exec(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run/tp_exec.h"
#include "core/tp_lock.h"
#include "rec/tp_read.h"

static struct {
	const char *db, *strategy, *kill_file, *reason;
	char kill_buf[4096];
	double wait_s;
	int close_all, skip_bad;
	enum tp_fmt in_fmt;
	struct tp_names names;
	struct tp_strategy st;
} o;

static const struct tp_cmd cmds[] = {
	{ .label = "run" },
	{ .name = "halt", .help = "stop filling orders (entries waiting are cancelled)" },
	{ .name = "resume", .help = "lift a halt" },
	{ .name = "status", .help = "the halt state, each account, its positions and pending\n"
	    "orders, as records" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	{ 'd', "db", "DB", TP_OPT_STR, &o.db,
	  .help = "the journal (made when missing)" },
	TP_OPT_STRATEGY(&o.strategy, "run halt"),
	TP_OPT_KILL_FILE(&o.kill_file, NULL),
	{ 'w', "lock-wait", "SECONDS", TP_OPT_NUM, &o.wait_s, 0, 86400,
	  .help = "wait this long for another run (default 60)" },
	{ 'r', "reason", "TEXT", TP_OPT_STR, &o.reason, .cmds = "halt",
	  .help = "halt: why, for the journal" },
	{ 0, "close-all", NULL, TP_OPT_FLAG, &o.close_all, .cmds = "halt",
	  .help = "halt: also close every open position at its\n"
	  "last close" },
	TP_OPT_INPUT_FORMAT(&o.in_fmt, "run"),
	TP_OPT_SKIP_BAD(&o.skip_bad, "run"),
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-exec --db DB --strategy FILE [OPTIONS] [FILE...]\n"
"       tp-exec halt --db DB [--reason TEXT] [--close-all --strategy FILE]\n"
"       tp-exec resume --db DB\n"
"       tp-exec status --db DB",
	.about =
"  Reads candles and tp-risk's orders; fills the orders on the paper\n"
"  account of the strategy (market at the next candle's open, as\n"
"  tp-backtest does), manages the open positions' exits (stops, trailing,\n"
"  ROI, liquidation, DCA, flips) and writes the input, fills, closed\n"
"  trades, events and an account snapshot as NDJSON, after storing them\n"
"  and the account in the journal DB in one transaction.",
	.cmds = cmds,
	.opts = opts,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad data (nothing changed), 66 cannot\n"
"open input, 69 resume refused (kill-switch file), 74 I/O error, 75 the\n"
"account is busy (retry later), 78 bad strategy file; see tp(7).",
};

/* Work the records of files through the account. */
static int
run(struct tp_exec *x, char **files, int nfiles)
{
	struct tp_filter f;
	int rc;

	tp_filter_init(&f, &o.names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = o.in_fmt;
	f.out_fd = -1;
	f.skip_bad = o.skip_bad;
	tp_exec_filter(x, &f);
	rc = tp_cli_filter(&f);
	if (rc == TP_EX_OK && x->refused > 0)
		tp_warn("%ld order%s not filled: see the events", x->refused,
		    x->refused == 1 ? "" : "s");
	return rc;
}

static int
command(const char *cmd, char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_lock lock = { -1 };
	struct tp_exec x;
	int rc;

	if (strcmp(cmd, "status") == 0)
		return tp_exec_status(o.db, o.kill_file, &o.names,
		    STDOUT_FILENO, &err) < 0 ? tp_cli_fail(&err) : TP_EX_OK;
	if (tp_lock_take(&lock, o.db, (int)(o.wait_s * 1000), &err) < 0)
		return tp_cli_fail(&err);
	if (tp_exec_open(&x, &o.st, &o.names, o.db, o.kill_file,
	    (int)(o.wait_s * 1000), &err) < 0)
		rc = tp_cli_fail(&err);
	else if (strcmp(cmd, "run") == 0)
		rc = run(&x, files, nfiles);
	else if ((strcmp(cmd, "halt") == 0 ? tp_exec_halt(&x, o.reason,
	    o.close_all, &err) : tp_exec_resume(&x, &err)) < 0 ||
	    tp_exec_finish(&x, STDOUT_FILENO, &err) < 0)
		rc = tp_cli_fail(&err);
	else
		rc = TP_EX_OK;
	tp_exec_release(&x);
	tp_lock_release(&lock);
	return rc;
}

/* The checks of command cmd; TP_EX_OK to go on. */
static int
check_args(const char *cmd, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;

	if (o.db == NULL)
		return tp_usage_error("give the journal with --db DB");
	if (strcmp(cmd, "run") != 0 && nfiles > 0)
		return tp_usage_error("%s takes no files", cmd);
	if (strcmp(cmd, "run") == 0 && o.strategy == NULL)
		return tp_usage_error("give the strategy with --strategy FILE");
	if (o.close_all && o.strategy == NULL)
		return tp_usage_error("--close-all: for halt, with --strategy");
	o.kill_file = tp_jpaper_kill_file(o.kill_file, o.db, o.kill_buf,
	    sizeof(o.kill_buf));
	if (o.reason == NULL)
		o.reason = "halted by hand (tp-exec halt)";
	if (o.strategy == NULL) {
		tp_strategy_defaults(&o.st);	/* no account */
		return TP_EX_OK;
	}
	return tp_strategy_load(&o.st, o.strategy, &err) < 0 ? tp_cli_fail(&err) :
	    TP_EX_OK;
}

int
main(int argc, char **argv)
{
	const char *cmd = "run";
	char **files;
	int k, nfiles, rc;

	tp_names_init(&o.names);
	o.wait_s = 60;
	rc = tp_cli_parse(&prog, argc, argv, &k, &files, &nfiles);
	if (rc == TP_EX_OK) {
		cmd = cmds[k].name != NULL ? cmds[k].name : "run";
		rc = check_args(cmd, nfiles);
	}
	if (rc == TP_EX_OK)
		rc = command(cmd, files, nfiles);
	tp_strategy_release(&o.st);
	tp_names_release(&o.names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
