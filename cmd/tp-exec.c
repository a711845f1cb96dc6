/*
 * tp-exec: fill tp-risk's orders on a paper account kept in the journal,
 * one cron run at a time.  See tp-exec(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run/tp_exec.h"
#include "core/tp_lock.h"
#include "rec/tp_read.h"

static const char usage_text[] =
"usage: tp-exec --db DB --strategy FILE [OPTIONS] [FILE...]\n"
"       tp-exec halt --db DB [--reason TEXT] [--close-all --strategy FILE]\n"
"       tp-exec resume --db DB\n"
"       tp-exec status --db DB\n"
"\n"
"  Reads candles and tp-risk's orders; fills the orders on the paper\n"
"  account of the strategy (market at the next candle's open, as\n"
"  tp-backtest does), manages the open positions' exits (stops, trailing,\n"
"  ROI, liquidation, DCA, flips) and writes the input, fills, closed\n"
"  trades, events and an account snapshot as NDJSON, after storing them\n"
"  and the account in the journal DB in one transaction.\n"
"\n"
"  halt      stop filling orders (entries waiting are cancelled)\n"
"  resume    lift a halt\n"
"  status    the halt state, each account, its positions and pending\n"
"            orders, as records\n"
"\n"
"options:\n"
"  -d, --db DB              the journal (made when missing)\n"
"  -s, --strategy FILE      the strategy file (tp-strategy(5))\n"
"      --kill-file FILE     halted while FILE exists (default DB.halt)\n"
"  -w, --lock-wait SECONDS  wait this long for another run (default 60)\n"
"  -r, --reason TEXT        halt: why, for the journal\n"
"      --close-all          halt: also close every open position at its\n"
"                           last close\n"
"  -k, --skip-bad           warn about bad records and drop them\n"
"  -i, --input-format csv|ndjson  do not detect the input format\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad data (nothing changed), 66 cannot\n"
"open input, 69 resume refused (kill-switch file), 74 I/O error, 75 the\n"
"account is busy (retry later), 78 bad strategy file; see tp(7).\n";

enum { OPT_KILL = 256, OPT_CLOSE_ALL };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "strategy", required_argument, NULL, 's' },
	{ "kill-file", required_argument, NULL, OPT_KILL },
	{ "lock-wait", required_argument, NULL, 'w' },
	{ "reason", required_argument, NULL, 'r' },
	{ "close-all", no_argument, NULL, OPT_CLOSE_ALL },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "input-format", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static struct {
	const char *db, *strategy, *kill_file, *reason;
	char kill_buf[4096];
	double wait_s;
	int close_all, skip_bad;
	enum tp_fmt in_fmt;
	struct tp_names names;
	struct tp_strategy st;
} o;

/* Work the records of files through the account. */
static int
run(struct tp_exec *x, char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_reader rd;
	struct tp_rec rec;
	long skipped = 0;
	int rc;

	tp_rec_init(&rec);
	if (tp_reader_init(&rd, &o.names, files, nfiles, o.in_fmt, &err) < 0)
		goto out;
	while ((rc = tp_read(&rd, &rec, &err)) != 0) {
		if (rc > 0 && tp_exec_rec(x, &rec, &err) == 0)
			continue;
		if (!tp_cli_skip(&err, o.skip_bad, &skipped))
			break;
	}
	if (err.code == 0)
		tp_exec_finish(x, STDOUT_FILENO, &err);
out:
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	if (err.code != 0)
		return tp_cli_fail(&err);
	if (skipped > 0)
		tp_warn("warning: skipped %ld bad record%s", skipped,
		    skipped == 1 ? "" : "s");
	if (x->refused > 0)
		tp_warn("%ld order%s not filled: see the events", x->refused,
		    x->refused == 1 ? "" : "s");
	return TP_EX_OK;
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

/* The command and its checks; TP_EX_OK to go on. */
static int
check_args(const char **cmd, int *argi, int argc, char **argv)
{
	struct tp_err err = TP_ERR_INIT;

	*cmd = "run";
	if (*argi < argc && (strcmp(argv[*argi], "halt") == 0 ||
	    strcmp(argv[*argi], "resume") == 0 ||
	    strcmp(argv[*argi], "status") == 0))
		*cmd = argv[(*argi)++];
	if (o.db == NULL)
		return tp_usage_error("give the journal with --db DB");
	if (strcmp(*cmd, "run") != 0 && *argi < argc)
		return tp_usage_error("%s takes no files", *cmd);
	if (strcmp(*cmd, "run") == 0 && o.strategy == NULL)
		return tp_usage_error("give the strategy with --strategy FILE");
	if (o.close_all && (strcmp(*cmd, "halt") != 0 || o.strategy == NULL))
		return tp_usage_error("--close-all: for halt, with --strategy");
	if (o.kill_file == NULL) {
		snprintf(o.kill_buf, sizeof(o.kill_buf), "%s.halt", o.db);
		o.kill_file = o.kill_buf;
	}
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
	const char *cmd;
	int c, rc = TP_EX_OK;

	tp_cli_init(argv[0]);
	tp_names_init(&o.names);
	o.wait_s = 60;
	opterr = 0;
	while (rc == TP_EX_OK && (c = getopt_long(argc, argv,
	    ":d:s:w:r:ki:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db = optarg;
			break;
		case 's':
			o.strategy = optarg;
			break;
		case OPT_KILL:
			o.kill_file = optarg;
			break;
		case 'w':
			rc = tp_cli_num_opt("lock-wait", optarg, 0, 86400,
			    &o.wait_s);
			break;
		case 'r':
			o.reason = optarg;
			break;
		case OPT_CLOSE_ALL:
			o.close_all = 1;
			break;
		case 'k':
			o.skip_bad = 1;
			break;
		case 'i':
			rc = tp_cli_format_opt(c, optarg, &o.in_fmt);
			break;
		default:
			if (tp_cli_common_opt(c, argv, usage_text, &rc))
				goto done;
			break;
		}
	}
	if (rc == TP_EX_OK)
		rc = check_args(&cmd, &optind, argc, argv);
	if (rc == TP_EX_OK)
		rc = command(cmd, argv + optind, argc - optind);
	tp_strategy_release(&o.st);
	tp_names_release(&o.names);
	return rc;
done:
	tp_names_release(&o.names);
	return fflush(stdout) == 0 ? TP_EX_OK : TP_EX_IOERR;
}
