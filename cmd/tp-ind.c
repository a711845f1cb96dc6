/*
 * tp-ind: append indicators to a record stream.  See tp-ind(1).
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ind/tp_ind.h"
#include "ind/tp_inform.h"
#include "core/tp_num.h"
#include "decide/tp_strategy.h"
#include "decide/tp_warmup.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

/* Everything the command line says. */
static struct {
	struct tp_names names;
	struct tp_inds inds;
	enum tp_fmt in_fmt, out_fmt;
	const char *fields[TP_IN_N], *alias;
	char **files;
	int nfiles, skip_bad;
	/* What the SPEC or WHAT words that follow are for: the base
	 * candles, --tf's, --from's or --shift's. */
	enum { FOR_BASE, FOR_TF, FOR_FROM, FOR_SHIFT } mode;
	int64_t tf;
	const char *from;
	int shift, nwords;	/* words given the current mode */
	const char *mode_opt;	/* the option that set it, for messages */
} o;

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

/* What the filter's hooks need. */
struct ind_run {
	struct tp_inds *inds;
	struct tp_rec ev;	/* an event record */
	long candles;
};

/* A CSV header with no rows still gets the indicator columns. */
static void
header_only(struct tp_inds *inds, struct tp_filter *f, struct tp_err *err)
{
	int ids[1024], n = tp_inds_outputs(inds, ids, 1024);

	tp_filter_header_of(f, ids, n < 1024 ? n : 1024, err);
}

/* The output format is settled: event records cannot share a CSV table. */
static int
check_format(void *ctx, enum tp_fmt fmt, struct tp_err *err)
{
	struct ind_run *x = ctx;

	if (fmt == TP_FMT_CSV && tp_inds_has_events(x->inds) &&
	    !x->inds->events_as_fields)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "event records need "
		    "NDJSON output: add -f ndjson, or --events-as fields");
	return 0;
}

/* The rows that are ready, each followed by its event records. */
static int
write_ready(struct ind_run *x, struct tp_filter *f, struct tp_err *err)
{
	struct tp_rec *rec;
	int i;

	while ((rec = tp_inds_pop(x->inds)) != NULL) {
		if (tp_filter_write(f, rec, err) < 0)
			return TP_FILTER_STOP;
		for (i = 0; i < x->inds->nev; i++)
			if (tp_inds_event(x->inds, rec, i, &x->ev, err) < 0 ||
			    tp_filter_write(f, &x->ev, err) < 0)
				return TP_FILTER_STOP;
	}
	return 0;
}

static int
step(void *ctx, struct tp_filter *f, struct tp_rec *rec, struct tp_err *err)
{
	struct ind_run *x = ctx;

	if (tp_inds_push(x->inds, rec, err) < 0)
		return -1;
	x->candles++;
	return write_ready(x, f, err);
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
	int forever;

	if (tp_strategy_load(&st, path, &err) < 0) {
		tp_cli_report(&err);
		return err.code;
	}
	if (tp_strategy_inds(&st, inds, fields, &err) < 0) {
		tp_cli_report(&err);
		tp_strategy_release(&st);
		return err.code;
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
end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct ind_run *x = ctx;

	if (err->code == 0 && (tp_inds_flush(x->inds, err) < 0 ||
	    write_ready(x, f, err) < 0))
		return -1;
	if (err->code == 0)
		tp_cli_inform_warnings(x->inds, "--from", "--shift");
	if (err->code == 0 && f->w.nrec == 0)
		header_only(x->inds, f, err);
	if (err->code == 0)
		warn_short(x->candles, x->inds->syms.n);
	return err->code != 0 ? -1 : 0;
}

static int
run(struct tp_inds *inds, struct tp_names *names, char **files, int nfiles,
    enum tp_fmt in_fmt, enum tp_fmt out_fmt, int skip_bad)
{
	struct ind_run x = { .inds = inds };
	struct tp_filter f;
	int rc;

	tp_rec_init(&x.ev);
	tp_filter_init(&f, names);
	f.files = files, f.nfiles = nfiles;
	f.in_fmt = in_fmt, f.out_fmt = out_fmt;
	f.skip_bad = skip_bad;
	f.ctx = &x, f.step = step, f.format = check_format, f.end = end;
	/* Other symbols' fields need the files' rows in time order. */
	f.merge = nfiles > 1 && tp_inform_symbols(inds) > 0;
	f.unit = TP_UNIT_MS;
	rc = tp_cli_filter(&f);
	tp_rec_release(&x.ev);
	return rc;
}

/* A SPEC of the base candles or of --tf's, or a WHAT of --from's or
 * --shift's. */
static int
add_word(const char *arg, struct tp_err *err)
{
	switch (o.mode) {
	case FOR_TF:
		return tp_inform_tf(&o.inds, o.tf, arg, o.alias, o.fields,
		    err);
	case FOR_FROM:
		return tp_inform_from(&o.inds, o.from, arg, o.fields, err);
	case FOR_SHIFT:
		return tp_inform_shift(&o.inds, arg, o.shift, o.fields, err);
	default:
		return tp_inds_add(&o.inds, arg, o.alias, o.fields, err);
	}
}

/* SPEC or FILE, in order with the options (--as names the next SPEC;
 * --tf, --from and --shift the words after them). */
static int
operand(const char *arg)
{
	struct tp_err err = TP_ERR_INIT;

	if (o.nfiles > 0 || !is_spec(arg)) {
		o.files[o.nfiles++] = (char *)arg;
		return TP_EX_OK;
	}
	if (o.alias != NULL && (o.mode == FOR_FROM || o.mode == FOR_SHIFT))
		return tp_usage_error("--as names an indicator, not a field "
		    "of %s", o.mode_opt);
	if (add_word(arg, &err) < 0) {
		tp_cli_report(&err);
		tp_warn("try 'tp-ind --help' or 'tp-ind --list'");
		return TP_EX_USAGE;
	}
	o.alias = NULL;
	o.nwords++;
	return TP_EX_OK;
}

/* A mode option given no word: --tf 4h alone is a mistake. */
static int
check_words(void)
{
	if (o.mode != FOR_BASE && o.nwords == 0)
		return tp_usage_error("%s: expected %s after it", o.mode_opt,
		    o.mode == FOR_TF ? "indicator specs" : "fields");
	return TP_EX_OK;
}

static int
opt_tf(const struct tp_opt *opt, const char *arg)
{
	int rc = check_words();

	(void)opt;
	if (rc != TP_EX_OK)
		return rc;
	if (tp_time_tf_parse(arg, &o.tf) < 0 || o.tf <= 0)
		return tp_usage_error("--tf: \"%s\" is not a timeframe (1m, "
		    "15m, 1h, 4h, 1d, 1w)", arg);
	o.mode = FOR_TF, o.mode_opt = "--tf", o.nwords = 0;
	return TP_EX_OK;
}

static int
opt_base_tf(const struct tp_opt *opt, const char *arg)
{
	int64_t ms;

	(void)opt;
	if (tp_time_tf_parse(arg, &ms) < 0 || ms <= 0)
		return tp_usage_error("--base-tf: \"%s\" is not a timeframe "
		    "(1m, 15m, 1h, 4h, 1d, 1w)", arg);
	tp_inform_base_tf(&o.inds, ms);
	return TP_EX_OK;
}

static int
opt_from(const struct tp_opt *opt, const char *arg)
{
	int rc = check_words();

	(void)opt;
	if (rc != TP_EX_OK)
		return rc;
	if (*arg == '\0')
		return tp_usage_error("--from: an empty symbol");
	o.mode = FOR_FROM, o.mode_opt = "--from", o.nwords = 0;
	o.from = arg;
	return TP_EX_OK;
}

static int
opt_shift(const struct tp_opt *opt, const char *arg)
{
	char *end;
	long n;
	int rc = check_words();

	(void)opt;
	if (rc != TP_EX_OK)
		return rc;
	n = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || n < 1 || n > 1000)
		return tp_usage_error("--shift: expected a number of rows, 1 "
		    "to 1000, not \"%s\"", arg);
	o.mode = FOR_SHIFT, o.mode_opt = "--shift", o.nwords = 0;
	o.shift = (int)n;
	return TP_EX_OK;
}

static int
opt_field(const struct tp_opt *opt, const char *arg)
{
	const char *eq = strchr(arg, '=');
	int k;

	(void)opt;
	for (k = 0; eq != NULL && k < 5; k++)
		if (strncmp(arg, inputs[k], (size_t)(eq - arg)) == 0 &&
		    inputs[k][eq - arg] == '\0')
			break;
	if (eq == NULL || k == 5 || eq[1] == '\0')
		return tp_usage_error("--field: expected IN=FIELD with IN one "
		    "of open high low close volume, not \"%s\"", arg);
	o.fields[k] = eq + 1;
	if (k == TP_IN_CLOSE)
		o.fields[TP_IN_REAL] = eq + 1;
	return TP_EX_OK;
}

static int
opt_events(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	if (strcmp(arg, "fields") == 0)
		o.inds.events_as_fields = 1;
	else if (strcmp(arg, "records") != 0)
		return tp_usage_error("--events-as: expected records or "
		    "fields, not \"%s\"", arg);
	return TP_EX_OK;
}

static int
opt_strategy(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	return add_strategy(&o.inds, arg, o.fields);
}

static int
opt_list(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	(void)arg;
	list();
	return TP_CLI_DONE;
}

static const struct tp_opt opts[] = {
	TP_OPT_OUTPUT_FORMAT(&o.out_fmt),
	TP_OPT_INPUT_FORMAT(&o.in_fmt, NULL),
	{ 'a', "as", "NAME", TP_OPT_STR, &o.alias,
	  .help = "name the outputs of the next SPEC" },
	{ 'F', "field", "IN=FIELD", TP_OPT_CALL, .call = opt_field,
	  .help = "read input IN (open, high, low, close,\nvolume) from FIELD" },
	{ 'E', "events-as", "records|fields", TP_OPT_CALL, .call = opt_events,
	  .help = "the events indicator writes event\nrecords after the "
	  "candle (default) or\nfields on it" },
	TP_OPT_SKIP_BAD(&o.skip_bad, NULL),
	{ 's', "strategy", "FILE", TP_OPT_CALL, .call = opt_strategy,
	  .help = "compute the indicators the strategy\nfile lists "
	  "(tp-strategy(5))" },
	{ 'T', "tf", "TF", TP_OPT_CALL, .call = opt_tf,
	  .help = "the SPECs that follow are computed on\nTF candles made "
	  "from the input's,\nnamed NAME_TF (rsi_14_4h)" },
	{ 0, "base-tf", "TF", TP_OPT_CALL, .call = opt_base_tf,
	  .help = "the input candles' timeframe, when\nthey have no "
	  "timeframe field" },
	{ 0, "from", "SYMBOL", TP_OPT_CALL, .call = opt_from,
	  .help = "the FIELDs (or SPECs) that follow are\nSYMBOL's, "
	  "added to every row as\nsymbol_field (btc_usdt_close)" },
	{ 0, "shift", "N", TP_OPT_CALL, .call = opt_shift,
	  .help = "the FIELDs that follow are added as\nFIELD_shift_1 .. "
	  "FIELD_shift_N, their\nvalues N rows back" },
	{ 'l', "list", NULL, TP_OPT_CALL, .call = opt_list,
	  .help = "list every indicator and exit" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-ind [OPTIONS] SPEC... [FILE...]\n"
"       tp-ind [OPTIONS] [SPEC...] [--tf TF SPEC...] [--from SYMBOL FIELD...]\n"
"              [--shift N FIELD...] [FILE...]\n"
"       tp-ind --strategy FILE [OPTIONS] [FILE...]\n"
"       tp-ind --list",
	.about =
"  SPEC is [ALIAS=]NAME[:P1,P2,...][@FIELD]: rsi:14, macd:12,26,9,\n"
"  fast=ema:10, rsi:14@ema_10.  Missing parameters take TA-Lib's defaults.\n"
"  Outputs are appended as NAME_P1_P2... (rsi_14, macd_signal_12_26_9).",
	.opts = opts,
	.col = 33,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
"74 I/O error, 78 bad strategy file; see tp(7).",
	.operand = operand,
};

int
main(int argc, char **argv)
{
	char *files[argc > 0 ? argc : 1], **rest;
	int cmd, nrest, rc;

	tp_names_init(&o.names);
	tp_inds_init(&o.inds, &o.names);
	o.files = files;
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &rest, &nrest);
	/* Every word after "--" is a file. */
	while (rc == TP_EX_OK && nrest-- > 0)
		files[o.nfiles++] = *rest++;
	if (rc == TP_EX_OK)
		rc = check_words();
	if (rc == TP_EX_OK && tp_inds_outputs(&o.inds, NULL, 0) == 0)
		rc = tp_usage_error("no indicator given");
	else if (rc == TP_EX_OK && o.alias != NULL)
		rc = tp_usage_error("--as %s names no indicator", o.alias);
	else if (rc == TP_EX_OK)
		rc = run(&o.inds, &o.names, files, o.nfiles, o.in_fmt,
		    o.out_fmt, o.skip_bad);
	tp_inds_release(&o.inds);
	tp_names_release(&o.names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
