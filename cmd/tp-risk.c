/*
 * tp-risk: decisions to sized orders or rejections, against the paper
 * account in the journal.  See tp-risk(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run/tp_riskrun.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

static const char usage_text[] =
"usage: tp-risk --strategy FILE [--db DB | --balance N] [OPTIONS] [FILE...]\n"
"       tp-risk report --db DB [--strategy FILE]\n"
"\n"
"  Reads candles carrying tp-predict's decisions (a \"signal\" field, or\n"
"  freqtrade's enter_long ... columns) and writes them on, each followed\n"
"  by an order record (sized by the strategy's rule, with its stop,\n"
"  take-profit, leverage and client order id) or a reject record naming\n"
"  the limit that refused it, as NDJSON.  The account comes from the\n"
"  journal DB that tp-exec keeps.\n"
"\n"
"  report    the open book's exposure, heat (risk to the stops), and\n"
"            historical VaR and CVaR at 95% and 99% from the journal's\n"
"            candles, as records\n"
"\n"
"options:\n"
"  -s, --strategy FILE      the strategy file (tp-strategy(5))\n"
"  -d, --db DB              the journal tp-exec keeps the account in; a\n"
"                           file that does not exist yet is a new account\n"
"  -b, --balance N          size on this balance instead of the account's\n"
"  -l, --limit-offset R     entries as limit orders R (a ratio) better than\n"
"                           the close, filled when the next candle touches\n"
"                           them; default: market orders at the next open\n"
"      --kill-file FILE     halted while FILE exists (default DB.halt)\n"
"  -k, --skip-bad           warn about bad records and drop them\n"
"  -i, --input-format csv|ndjson  do not detect the input format\n"
"  -h, --help               show this help\n"
"  -V, --version            show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input, 74 I/O\n"
"error, 78 bad strategy file or journal; see tp(7).\n";

enum { OPT_KILL = 256 };

static const struct option longopts[] = {
	{ "strategy", required_argument, NULL, 's' },
	{ "db", required_argument, NULL, 'd' },
	{ "balance", required_argument, NULL, 'b' },
	{ "limit-offset", required_argument, NULL, 'l' },
	{ "kill-file", required_argument, NULL, OPT_KILL },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "input-format", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static struct {
	const char *strategy, *db, *kill_file;
	char kill_buf[4096];
	double balance, limit_offset;
	int skip_bad;
	enum tp_fmt in_fmt;
	struct tp_names names;
	struct tp_strategy st;
} o;

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
run(char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_riskrun r;
	struct tp_reader rd;
	struct tp_writer w;
	struct tp_rec rec;
	long skipped = 0;
	int rc;

	tp_rec_init(&rec);
	memset(&rd, 0, sizeof(rd));
	memset(&w, 0, sizeof(w));
	memset(&r, 0, sizeof(r));
	if (tp_strategy_load(&o.st, o.strategy, &err) < 0 ||
	    tp_writer_init(&w, STDOUT_FILENO, TP_FMT_NDJSON, &o.names,
	    &err) < 0 || tp_riskrun_open(&r, &o.st, &o.names, o.db,
	    o.kill_file, o.balance, &w, &err) < 0 ||
	    tp_reader_init(&rd, &o.names, files, nfiles, o.in_fmt, &err) < 0)
		goto out;
	r.limit_offset = o.limit_offset;
	tp_reader_flush_idle(&rd, &w);
	while ((rc = tp_read(&rd, &rec, &err)) != 0) {
		if (rc > 0 && tp_riskrun_rec(&r, &rec, &err) == 0)
			continue;
		if (!tp_cli_skip(&err, o.skip_bad, &skipped))
			break;
	}
	if (err.code == 0)
		tp_riskrun_finish(&r, &err);
out:
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	tp_riskrun_release(&r);
	return tp_cli_finish(&w, &err, skipped, TP_EX_OK);
}

int
main(int argc, char **argv)
{
	int c, rc = TP_EX_OK;

	tp_cli_init(argv[0]);
	tp_names_init(&o.names);
	o.balance = -1;
	opterr = 0;
	while (rc == TP_EX_OK && (c = getopt_long(argc, argv,
	    ":s:d:b:l:ki:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.strategy = optarg;
			break;
		case 'd':
			o.db = optarg;
			break;
		case 'b':
			rc = tp_cli_num_opt("balance", optarg, 0, 1e15,
			    &o.balance);
			break;
		case 'l':
			rc = tp_cli_num_opt("limit-offset", optarg, 0, 0.5,
			    &o.limit_offset);
			break;
		case OPT_KILL:
			o.kill_file = optarg;
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
	if (rc == TP_EX_OK && o.strategy == NULL && !(optind < argc &&
	    strcmp(argv[optind], "report") == 0))
		rc = tp_usage_error("give the strategy with --strategy FILE");
	if (rc == TP_EX_OK && o.kill_file == NULL && o.db != NULL) {
		snprintf(o.kill_buf, sizeof(o.kill_buf), "%s.halt", o.db);
		o.kill_file = o.kill_buf;
	}
	if (rc == TP_EX_OK && optind < argc &&
	    strcmp(argv[optind], "report") == 0) {
		if (o.db == NULL)
			rc = tp_usage_error("report: give the journal with "
			    "--db DB");
		else if (optind + 1 < argc)
			rc = tp_usage_error("report takes no files");
		else
			rc = report();
	} else if (rc == TP_EX_OK)
		rc = run(argv + optind, argc - optind);
	tp_strategy_release(&o.st);
	tp_names_release(&o.names);
	return rc;
done:
	tp_names_release(&o.names);
	return fflush(stdout) == 0 ? TP_EX_OK : TP_EX_IOERR;
}
