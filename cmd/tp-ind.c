/*
 * tp-ind: append indicators to a record stream.  See tp-ind(1).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ind/tp_ind.h"
#include "core/tp_num.h"
#include "decide/tp_strategy.h"
#include "decide/tp_warmup.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

static const char usage_text[] =
"usage: tp-ind [OPTIONS] SPEC... [FILE...]\n"
"       tp-ind --strategy FILE [OPTIONS] [FILE...]\n"
"       tp-ind --list\n"
"\n"
"  SPEC is [ALIAS=]NAME[:P1,P2,...][@FIELD]: rsi:14, macd:12,26,9,\n"
"  fast=ema:10, rsi:14@ema_10.  Missing parameters take TA-Lib's defaults.\n"
"  Outputs are appended as NAME_P1_P2... (rsi_14, macd_signal_12_26_9).\n"
"\n"
"options:\n"
"  -f, --format csv|ndjson        output format (default: the input's)\n"
"  -i, --input-format csv|ndjson  do not detect the input format\n"
"  -a, --as NAME                  name the outputs of the next SPEC\n"
"  -F, --field IN=FIELD           read input IN (open, high, low, close,\n"
"                                 volume) from FIELD\n"
"  -E, --events-as records|fields the events indicator writes event\n"
"                                 records after the candle (default) or\n"
"                                 fields on it\n"
"  -k, --skip-bad                 warn about bad records and drop them\n"
"  -s, --strategy FILE            compute the indicators the strategy\n"
"                                 file lists (tp-strategy(5))\n"
"  -l, --list                     list every indicator and exit\n"
"  -h, --help                     show this help\n"
"  -V, --version                  show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
"74 I/O error, 78 bad strategy file; see tp(7).\n";

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "input-format", required_argument, NULL, 'i' },
	{ "as", required_argument, NULL, 'a' },
	{ "field", required_argument, NULL, 'F' },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "events-as", required_argument, NULL, 'E' },
	{ "list", no_argument, NULL, 'l' },
	{ "strategy", required_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char *const inputs[] = { "open", "high", "low", "close",
    "volume" };

static const char *const groups[] = {
	"overlap", "momentum", "volume", "volatility", "statistics", "price",
	"pattern", "other"
};

static int
group_rank(const char *g)
{
	size_t k;

	for (k = 0; k < sizeof(groups) / sizeof(groups[0]); k++)
		if (strcmp(g, groups[k]) == 0)
			return (int)k;
	return (int)k;
}

static void
list_one(const struct tp_ind_def *d)
{
	char params[256] = "", outs[256] = "", num[TP_NUM_BUFSZ];
	size_t n = 0, m = 0;
	int k;

	for (k = 0; k < d->nparams && n < sizeof(params); k++) {
		tp_num_format(d->params[k].def, num);
		n += (size_t)snprintf(params + n, sizeof(params) - n, "%s%s=%s",
		    k ? "," : "", d->params[k].name, num);
	}
	for (k = 0; k < d->nout && m < sizeof(outs); k++)
		m += (size_t)snprintf(outs + m, sizeof(outs) - m, "%s%s",
		    k ? "," : "", d->out[k].prefix);
	printf("%-20s %-20s %-10s %-40s %s\n", d->name,
	    d->talib != NULL ? d->talib : "-", d->group, n ? params : "-",
	    outs);
}

/* One line per indicator, by group then name: what --list prints and
 * tp-ind(1) shows (scripts/gen-ind-man). */
static void
list(void)
{
	int g, i, ng = (int)(sizeof(groups) / sizeof(groups[0]));

	printf("%-20s %-20s %-10s %-40s %s\n", "name", "ta-lib", "group",
	    "parameters (defaults)", "outputs");
	for (g = 0; g <= ng; g++)
		for (i = 0; i < tp_ind_count; i++)
			if (group_rank(tp_ind_registry[i]->group) == g)
				list_one(tp_ind_registry[i]);
}

/*
 * A command-line word is a file when it is "-" or an existing path, or
 * when it cannot be a spec: its name (after ALIAS=, before :params or
 * @field) is not a word of letters, digits and '_', as in btc.csv or
 * data/btc.  So a mistyped file name is a file that cannot be opened (66),
 * and a mistyped indicator an unknown indicator (64).
 */
static int
is_spec(const char *arg)
{
	const char *s = arg, *eq = strchr(arg, '=');
	size_t n, k;
	struct stat sb;

	if (strcmp(arg, "-") == 0 || stat(arg, &sb) == 0)
		return 0;
	if (eq != NULL && eq < arg + strcspn(arg, ":@"))
		s = eq + 1;
	n = strcspn(s, ":@");
	for (k = 0; k < n; k++)
		if (!isalnum((unsigned char)s[k]) && s[k] != '_')
			return 0;
	return n > 0;
}

/* A CSV header with no rows still gets the indicator columns. */
static void
header_only(struct tp_inds *inds, struct tp_reader *rd, struct tp_writer *w,
    struct tp_err *err)
{
	int ids[1024], n = 0, i, k;

	for (i = 0; i < inds->n; i++)
		for (k = 0; k < inds->v[i].def->nout && n < 1024; k++)
			ids[n++] = inds->v[i].outid[k];
	tp_writer_header_of(w, rd, ids, n, err);
}

/* Settle the output format; event records cannot share a CSV table. */
static int
set_format(struct tp_inds *inds, struct tp_writer *w, enum tp_fmt fmt,
    struct tp_err *err)
{
	w->fmt = fmt == TP_FMT_NDJSON ? fmt : TP_FMT_CSV;
	if (w->fmt == TP_FMT_CSV && tp_inds_has_events(inds) &&
	    !inds->events_as_fields)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "event records need "
		    "NDJSON output: add -f ndjson, or --events-as fields");
	return 0;
}

/* The event records of the last candle, after it. */
static int
write_events(struct tp_inds *inds, const struct tp_rec *rec,
    struct tp_rec *ev, struct tp_writer *w, struct tp_err *err)
{
	int i;

	for (i = 0; i < inds->nev; i++)
		if (tp_inds_event(inds, rec, i, ev, err) < 0 ||
		    tp_write(w, ev, err) < 0)
			return -1;
	return 0;
}

/* The longest warm-up of the --strategy files' indicators (tp_warmup.h),
 * and the file it is of: a stream shorter than it is warned about. */
static long warmup;
static const char *warmup_path;

/* The indicators a strategy file lists, as if given on the command line. */
static int
add_strategy(struct tp_inds *inds, const char *path,
    const char *const fields[TP_IN_N])
{
	struct tp_strategy st;
	struct tp_err err = TP_ERR_INIT;
	long wu;
	int i, forever;

	if (tp_strategy_load(&st, path, &err) < 0) {
		tp_cli_report(&err);
		return err.code;
	}
	for (i = 0; i < st.nindicators; i++) {
		if (tp_inds_add(inds, st.indicators[i], NULL, fields,
		    &err) < 0) {
			err.file = path;
			tp_cli_report(&err);
			tp_strategy_release(&st);
			return err.code == TP_EX_USAGE ? TP_EX_CONFIG :
			    err.code;
		}
	}
	/* Without rules: tp-predict adds their look-back to its own. */
	if (tp_warmup(&st, NULL, &wu, &forever, &err) == 0 && wu > warmup) {
		warmup = wu;
		warmup_path = path;
	}
	tp_strategy_release(&st);
	return TP_EX_OK;
}

/* Once: n candles a symbol, shorter than the warm-up, give indicators that
 * differ from the full history's (a cron window too short). */
static void
warn_short(long candles, size_t nsyms)
{
	long n = candles / (long)(nsyms > 0 ? nsyms : 1);

	if (candles > 0 && n < warmup)
		tp_warn("%s: %ld candles a symbol, fewer than the warm-up of "
		    "its indicators, %ld (tp-predict --warmup gives the "
		    "strategy's): the values differ from those of a longer "
		    "history", warmup_path, n, warmup);
}

static int
run(struct tp_inds *inds, struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, enum tp_fmt out_fmt, int skip_bad)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_reader rd;
	struct tp_writer w = { 0 };	/* finished even when never started */
	struct tp_rec rec, ev;
	long skipped = 0, candles = 0;
	int rc;

	tp_rec_init(&rec);
	tp_rec_init(&ev);
	if (tp_reader_init(&rd, names, files, nfiles, in_fmt, &err) < 0 ||
	    tp_writer_init(&w, STDOUT_FILENO, out_fmt, names, &err) < 0 ||
	    (out_fmt != TP_FMT_AUTO && set_format(inds, &w, out_fmt,
	    &err) < 0))
		goto out;
	tp_reader_flush_idle(&rd, &w);
	while ((rc = tp_read(&rd, &rec, &err)) != 0) {
		if (rc > 0 && tp_inds_apply(inds, &rec, &err) == 0) {
			candles++;
			if (w.fmt == TP_FMT_AUTO && set_format(inds, &w,
			    tp_reader_format(&rd), &err) < 0)
				break;
			if (tp_write(&w, &rec, &err) < 0 ||
			    write_events(inds, &rec, &ev, &w, &err) < 0)
				break;
			continue;
		}
		if (!tp_cli_skip(&err, skip_bad, &skipped))
			break;
	}
	/* A CSV header with no rows still gets the indicator columns. */
	if (err.code == 0 && w.nrec == 0)
		header_only(inds, &rd, &w, &err);
	if (err.code == 0)
		warn_short(candles, inds->syms.n);
out:
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	tp_rec_release(&ev);
	return tp_cli_finish(&w, &err, skipped, TP_EX_OK);
}

int
main(int argc, char **argv)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_inds inds;
	enum tp_fmt in_fmt = TP_FMT_AUTO, out_fmt = TP_FMT_AUTO;
	const char *fields[TP_IN_N] = { NULL }, *alias = NULL;
	char *files[argc > 0 ? argc : 1], *eq;
	int c, k, nfiles = 0, skip_bad = 0, rc = TP_EX_OK;

	tp_cli_init(argv[0]);
	tp_names_init(&names);
	tp_inds_init(&inds, &names);
	opterr = 0;
	/* "-" first: specs and files come back in order, as 1. */
	while (rc == TP_EX_OK && (c = getopt_long(argc, argv,
	    "-:f:i:a:F:E:ks:lhV", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (nfiles == 0 && is_spec(optarg)) {
				if (tp_inds_add(&inds, optarg, alias, fields,
				    &err) < 0) {
					tp_cli_report(&err);
					rc = TP_EX_USAGE;
				}
				alias = NULL;
			} else
				files[nfiles++] = optarg;
			break;
		case 'f':
		case 'i':
			rc = tp_cli_format_opt(c, optarg, c == 'f' ? &out_fmt :
			    &in_fmt);
			break;
		case 'a':
			alias = optarg;
			break;
		case 'F':
			eq = strchr(optarg, '=');
			for (k = 0; eq != NULL && k < 5; k++)
				if (strncmp(optarg, inputs[k],
				    (size_t)(eq - optarg)) == 0 &&
				    inputs[k][eq - optarg] == '\0')
					break;
			if (eq == NULL || k == 5 || eq[1] == '\0') {
				rc = tp_usage_error("--field: expected IN=FIELD"
				    " with IN one of open high low close volume,"
				    " not \"%s\"", optarg);
				break;
			}
			fields[k] = eq + 1;
			if (k == TP_IN_CLOSE)
				fields[TP_IN_REAL] = eq + 1;
			break;
		case 'E':
			if (strcmp(optarg, "fields") == 0)
				inds.events_as_fields = 1;
			else if (strcmp(optarg, "records") != 0)
				rc = tp_usage_error("--events-as: expected "
				    "records or fields, not \"%s\"", optarg);
			break;
		case 'k':
			skip_bad = 1;
			break;
		case 's':
			rc = add_strategy(&inds, optarg, fields);
			break;
		case 'l':
			list();
			goto done;
		default:
			if (tp_cli_common_opt(c, argv, usage_text, &rc))
				goto done;
			break;
		}
	}
	/* Every word after "--" is a file. */
	while (rc == TP_EX_OK && optind < argc)
		files[nfiles++] = argv[optind++];
	if (rc == TP_EX_USAGE && err.code != 0)
		tp_warn("try 'tp-ind --help' or 'tp-ind --list'");
	else if (rc == TP_EX_OK && inds.n == 0)
		rc = tp_usage_error("no indicator given");
	else if (rc == TP_EX_OK && alias != NULL)
		rc = tp_usage_error("--as %s names no indicator", alias);
	else if (rc == TP_EX_OK)
		rc = run(&inds, &names, files, nfiles, in_fmt, out_fmt,
		    skip_bad);
	tp_inds_release(&inds);
	tp_names_release(&names);
	return rc;
done:
	tp_inds_release(&inds);
	tp_names_release(&names);
	return fflush(stdout) == 0 ? TP_EX_OK : TP_EX_IOERR;
}
