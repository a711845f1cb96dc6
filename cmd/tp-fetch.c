/*
 * tp-fetch: candles in.  Sources (import, synth) write candle streams;
 * check and fix read one.  See tp-fetch(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed/tp_append.h"
#include "feed/tp_check.h"
#include "cli.h"
#include "feed/tp_feed.h"
#include "feed/tp_fix.h"
#include "core/tp_lock.h"
#include "core/tp_num.h"
#include "feed/tp_source.h"

/* Everything the command line says, file-static as in sbase's tools. */
static struct tp_source_args args;
static struct tp_fix_opts fixo;
static enum tp_fmt out_format = TP_FMT_AUTO;
static int skip_bad;
static long skipped;
static const char *resample_arg;
static const char *exchanges;	/* ticker --exchanges */
static int check_list;		/* check --list */

/* The output: a writer whose format is settled by the first record. */
struct out {
	struct tp_writer w;
	enum tp_fmt (*format)(void *st);
	void *st;
};

static int
emit(void *ctx, const struct tp_rec *rec, struct tp_err *err)
{
	struct out *o = ctx;

	if (o->w.fmt == TP_FMT_AUTO)
		o->w.fmt = o->format != NULL ? o->format(o->st) : TP_FMT_CSV;
	return tp_write(&o->w, rec, err);
}

/* The input has nothing more for now: what is written goes out, so that
 * a live stream flows through import and fix. */
static int
flush_out(void *ctx, struct tp_err *err)
{
	struct out *o = ctx;

	return tp_writer_flush(&o->w, err);
}

/* After a failed read: 1 to go on (--skip-bad and bad data), else 0. */
static int
skip(struct tp_err *err)
{
	return tp_cli_skip(err, skip_bad, &skipped);
}

/* Flush, report and pick the exit status. */
static int
finish(struct out *o, struct tp_err *err, int status)
{
	return tp_cli_finish(&o->w, err, skipped, status);
}

/* --append FILE: the file the download continues, or NULL; how long
 * to wait for another run's lock on it (--lock-wait). */
static const char *append_path;
static struct tp_append append;
static double lock_wait = 60;
static int lock_wait_given;

/* Records the last run_source wrote. */
static long written;

static int
run_source(const struct tp_source_ops *ops)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_rec rec;
	struct out o;
	void *st = NULL;
	const int *hdr;
	int rc, n;

	tp_rec_init(&rec);
	args.idle = flush_out;
	args.idle_ctx = &o;
	if (tp_writer_init(&o.w, append_path != NULL ? append.fd :
	    STDOUT_FILENO, append_path != NULL && append.fmt != TP_FMT_AUTO ?
	    append.fmt : out_format, args.names, &err) < 0 ||
	    (append.nhdr > 0 && tp_writer_continue(&o.w, append.hdr,
	    append.nhdr, &err) < 0) || ops->open(&st, &args, &err) < 0)
		goto out;
	o.format = ops->format;
	o.st = st;
	while ((rc = ops->next(st, &rec, &err)) != 0) {
		if (rc < 0) {
			if (skip(&err))
				continue;
			break;
		}
		if (emit(&o, &rec, &err) < 0 ||
		    (args.follow && tp_writer_flush(&o.w, &err) < 0))
			break;
	}
	/* A CSV header with no rows still says what the columns are. */
	if (err.code == 0 && o.w.nrec == 0 &&
	    (n = ops->header(st, &hdr)) > 0) {
		if (o.w.fmt == TP_FMT_AUTO)
			o.w.fmt = ops->format(st);
		tp_writer_header(&o.w, hdr, n, &err);
	}
out:
	if (st != NULL)
		ops->close(st);
	tp_rec_release(&rec);
	written = o.w.nrec;
	rc = finish(&o, &err, TP_EX_OK);
	/* what was written is whole candles, kept even after an error */
	if (append_path != NULL && tp_append_finish(&append, &err) < 0 &&
	    rc == TP_EX_OK)
		rc = tp_cli_fail(&err);
	return rc;
}

static int
run_check(void)
{
	struct tp_err err = TP_ERR_INIT, bad = TP_ERR_INIT;
	struct tp_src_import *im = NULL;
	struct tp_candle_cols *cols;
	struct tp_check ck;
	struct tp_candle k;
	struct tp_buf tmp = { 0 };
	struct tp_rec rec;
	struct out o;
	const char *sym;
	size_t symn;
	int rc, i, isnull, status = TP_EX_OK, warned = 0;

	if (check_list && out_format == TP_FMT_CSV)
		return tp_usage_error("--list: the records are of several "
		    "kinds, which one CSV header cannot hold: NDJSON only");
	tp_rec_init(&rec);
	tp_check_init(&ck, args.tf_ms, &err);
	o.format = NULL;
	/* a list is written as it is found, so its format is settled now */
	if (tp_writer_init(&o.w, STDOUT_FILENO, check_list ? TP_FMT_NDJSON :
	    out_format, args.names, &err) < 0 || tp_src_import_open(&im, &args,
	    &err) < 0)
		goto out;
	if (check_list)
		tp_check_list(&ck, args.names, emit, &o);
	cols = tp_src_import_cols(im);
	while ((rc = tp_src_import_read(im, &rec, &err)) != 0) {
		if (rc > 0 && tp_src_import_candle(im, &rec, &k, &err) == 0) {
			i = tp_candle_col(cols, &rec, TP_C_SYMBOL);
			sym = NULL;
			symn = 0;
			if (i >= 0 && tp_field_text(&rec.f[i], &tmp, &sym,
			    &symn, &isnull) < 0)
				sym = NULL;
			tp_err_clear(&bad);
			rc = tp_check_add(&ck, sym, symn, &k,
			    tp_candle_check(&k, &rec, &bad) < 0,
			    tp_candle_tf(cols, &rec, &tmp), &err);
			if (rc < 0) {
				tp_err_at(&err, rec.file, rec.line);
				goto out;
			}
			continue;
		}
		if (err.code != TP_EX_DATAERR)
			goto out;
		/* check counts unreadable rows; say where the first are. */
		if (warned++ < 10)
			tp_cli_skipped(&err);
		tp_err_clear(&err);
		if (tp_check_add(&ck, NULL, 0, NULL, 0, 0, &err) < 0)
			goto out;
	}
	if (tp_check_flush(&ck, &err) < 0 || tp_check_ensure(&ck, &err) < 0)
		goto out;
	if (o.w.fmt == TP_FMT_AUTO)
		o.w.fmt = tp_src_import_format(im);
	for (i = 0; i < ck.syms.n; i++) {
		rc = tp_check_summary(&ck, i, args.names, &rec, &err);
		if (rc < 0 || emit(&o, &rec, &err) < 0)
			goto out;
		if (rc > 0)
			status = TP_EX_DATAERR;
	}
out:
	tp_src_import_close(im);
	tp_check_release(&ck);
	tp_buf_release(&tmp);
	tp_rec_release(&rec);
	return finish(&o, &err, status);
}

static enum tp_fmt
import_format(void *st)
{
	return tp_src_import_format(st);
}

static int
run_fix(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_src_import *im = NULL;
	struct tp_fix *fx = NULL;
	struct tp_candle k;
	struct tp_rec rec;
	struct out o;
	int rc;

	tp_rec_init(&rec);
	args.idle = flush_out;
	args.idle_ctx = &o;
	if (tp_writer_init(&o.w, STDOUT_FILENO, out_format, args.names,
	    &err) < 0 || tp_src_import_open(&im, &args, &err) < 0 ||
	    tp_fix_new(&fx, &fixo, tp_src_import_cols(im), args.names, emit, &o,
	    &err) < 0)
		goto out;
	o.format = import_format;
	o.st = im;
	while ((rc = tp_src_import_read(im, &rec, &err)) != 0) {
		if (rc > 0 && tp_src_import_candle(im, &rec, &k, &err) == 0 &&
		    tp_candle_check(&k, &rec, &err) == 0) {
			if (tp_fix_push(fx, &rec, &k, &err) < 0)
				goto out;
			continue;
		}
		if (!skip(&err))
			goto out;
	}
	tp_fix_finish(fx, &err);
out:
	tp_fix_free(fx);
	tp_src_import_close(im);
	tp_rec_release(&rec);
	return finish(&o, &err, TP_EX_OK);
}

/* ---- options -------------------------------------------------------------- */

static int64_t seed_arg = 1, bars_arg = 1000, last_arg;

static int
opt_time_unit(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	if (tp_time_unit_parse(arg, &args.time_unit) < 0)
		return tp_usage_error("--time-unit: expected s, ms or us, not "
		    "\"%s\"", arg);
	args.time_unit_given = 1;
	return TP_EX_OK;
}

static int
opt_timeframe(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	if (tp_time_tf_parse(arg, &args.tf_ms) < 0)
		return tp_usage_error("--timeframe: \"%s\" is not a timeframe "
		    "(like 1m 5m 1h 4h 1d 1w)", arg);
	args.timeframe = arg;
	return TP_EX_OK;
}

/* --start, --since, --until: a time. */
static int
opt_time(const struct tp_opt *opt, const char *arg)
{
	const char *why;

	if (tp_time_parse(arg, strlen(arg), TP_UNIT_MS, opt->dst, &why) < 0)
		return tp_usage_error("--%s: %s: \"%s\"", opt->name, why, arg);
	return TP_EX_OK;
}

/* fix --timerange: tp-backtest's START-END (tp_time.h). */
static int
opt_timerange(const struct tp_opt *opt, const char *arg)
{
	static struct tp_time_range range;
	const char *why;

	(void)opt;
	if (tp_time_range_parse(arg, &range, &why) < 0)
		return tp_usage_error("--timerange: %s: \"%s\"", why, arg);
	fixo.range = &range;
	return TP_EX_OK;
}

static int
opt_price(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	if (tp_num_parse(arg, strlen(arg), &args.price) != TP_NUM_OK ||
	    !(args.price >= 1e-9 && args.price <= 1e9))
		return tp_usage_error("--price: \"%s\" is not a price from "
		    "1e-9 to 1e9", arg);
	return TP_EX_OK;
}

static int
opt_dedupe(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	if (arg == NULL || strcmp(arg, "last") == 0)
		fixo.dedupe = TP_DEDUPE_LAST;
	else if (strcmp(arg, "first") == 0)
		fixo.dedupe = TP_DEDUPE_FIRST;
	else
		return tp_usage_error("--dedupe: expected first or last, not "
		    "\"%s\"", arg);
	return TP_EX_OK;
}

static int
opt_resample(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	resample_arg = arg;
	if (tp_time_tf_parse(arg, &fixo.resample) < 0)
		return tp_usage_error("--resample: \"%s\" is not a timeframe "
		    "(like 5m 1h 4h 1d 1w)", arg);
	return TP_EX_OK;
}

static int
opt_lock_wait(const struct tp_opt *opt, const char *arg)
{
	lock_wait_given = 1;
	return tp_cli_num_opt(opt->name, arg, 0, 86400, &lock_wait);
}

static const struct tp_cmd cmds[] = {
	{ .name = "binance kraken bybit coinbase", .label = "EXCHANGE",
	  .help = "binance, kraken, bybit or coinbase: closed candles from "
	  "its\npublic API (tp-fetch(1))" },
	{ .name = "markets", .help = "the exchange's symbols, price and "
	  "quantity steps, minimums" },
	{ .name = "ticker", .help = "best bid and ask on each exchange, then "
	  "the best of them" },
	{ .name = "import", .help = "candles from tp CSV/NDJSON, Binance "
	  "kline dumps, freqtrade JSON" },
	{ .name = "synth", .help = "reproducible random-walk candles" },
	{ .name = "check", .help = "one summary record per symbol: gaps, "
	  "duplicates, order, OHLC" },
	{ .name = "fix", .help = "sort, dedupe, resample and fill gaps" },
	{ NULL, NULL, NULL }
};

#define EXCHANGE "EXCHANGE"
#define TALKS "EXCHANGE markets ticker"

static const struct tp_opt opts[] = {
	TP_OPT_OUTPUT_FORMAT(&out_format),
	TP_OPT_INPUT_FORMAT(&args.input_format, NULL),
	{ 'u', "time-unit", "s|ms|us", TP_OPT_CALL, .call = opt_time_unit,
	  .help = "unit of integer input times (default ms)" },
	{ 's', "symbol", "SYM", TP_OPT_STR, &args.symbol,
	  .help = "add (or replace) a symbol field" },
	{ 't', "timeframe", "TF", TP_OPT_CALL, .call = opt_timeframe,
	  .help = "the candles' timeframe (1m 5m 1h 4h 1d 1w);\n"
	  "import and synth add it as a field" },
	{ 'e', "exchange", "NAME", TP_OPT_STR, &args.exchange,
	  .help = "add (or replace) an exchange field" },
	TP_OPT_SKIP_BAD(&skip_bad, NULL),
	{ 0, "list", NULL, TP_OPT_FLAG, &check_list, .cmds = "check",
	  .help = "check: also each gap and run of duplicates\n"
	  "as a record (NDJSON)" },
	{ 0, "since", "TIME", TP_OPT_CALL, &args.since, .call = opt_time,
	  .cmds = EXCHANGE, .help = "exchange: from this candle on" },
	{ 0, "until", "TIME", TP_OPT_CALL, &args.until, .call = opt_time,
	  .cmds = EXCHANGE,
	  .help = "exchange: before this time (default: now)" },
	{ 0, "last", "N", TP_OPT_WHOLE, &last_arg, 1, 10000000,
	  .cmds = EXCHANGE, .help = "exchange: the last N closed candles\n"
	  "(default 500, without --since)" },
	{ 0, "include-open", NULL, TP_OPT_FLAG, &args.include_open,
	  .cmds = EXCHANGE, .help = "exchange: the candle still open too" },
	{ 0, "append", "FILE", TP_OPT_STR, &append_path, .cmds = EXCHANGE,
	  .help = "exchange: continue FILE after its last\n"
	  "candle, in its format (nothing on stdout),\n"
	  "one run at a time (FILE.lock)" },
	{ 0, "lock-wait", "SECONDS", TP_OPT_CALL, .call = opt_lock_wait,
	  .cmds = EXCHANGE, .help = "--append: wait this long for another "
	  "run\non FILE, then exit 75 (default 60)" },
	{ 0, "follow", NULL, TP_OPT_FLAG, &args.follow, .cmds = EXCHANGE,
	  .help = "exchange: go on, writing each candle\n"
	  "once it has closed" },
	{ 0, "base-url", "URL", TP_OPT_STR, &args.base_url, .cmds = TALKS,
	  .help = "exchange: instead of its API's (also\n"
	  "TP_BINANCE_URL, TP_KRAKEN_URL ...)" },
	{ 0, "max-wait", "SECONDS", TP_OPT_NUM, &args.max_wait, 0, 86400,
	  .cmds = TALKS, .help = "exchange: retry for this long since the\n"
	  "last good answer, then exit 75 (default\n300)" },
	{ 0, "timeout", "SECONDS", TP_OPT_NUM, &args.timeout, 0.001, 3600,
	  .cmds = TALKS, .help = "exchange: one request (default 30)" },
	{ 0, "max-backoff", "SECONDS", TP_OPT_NUM, &args.max_backoff, 0.001,
	  3600, .cmds = TALKS,
	  .help = "exchange: longest wait between tries\n(default 60)" },
	{ 0, "max-response", "MIB", TP_OPT_NUM, &args.max_response, 1, 4096,
	  .cmds = TALKS, .help = "exchange: refuse a longer answer, counted\n"
	  "unzipped (default 64; more for a long\nmarkets list)" },
	{ 0, "exchanges", "LIST", TP_OPT_STR, &exchanges, .cmds = "ticker",
	  .help = "ticker: comma-separated (default all)" },
	{ 0, "seed", "N", TP_OPT_WHOLE, &seed_arg, 0, 9007199254740992.0,
	  .cmds = "synth", .help = "synth: generator seed (default 1)" },
	{ 0, "bars", "N", TP_OPT_WHOLE, &bars_arg, 0, 100000000,
	  .cmds = "synth", .help = "synth: number of candles (default 1000)" },
	{ 0, "start", "TIME", TP_OPT_CALL, &args.start, .call = opt_time,
	  .cmds = "synth", .help = "synth: first candle time (default\n"
	  "2024-01-01T00:00:00Z)" },
	{ 0, "price", "P", TP_OPT_CALL, .call = opt_price, .cmds = "synth",
	  .help = "synth: first open price (default 100)" },
	{ 0, "sort", NULL, TP_OPT_FLAG, &fixo.sort, .cmds = "fix",
	  .help = "fix: order by time (holds all input)" },
	{ 0, "dedupe", "[=first|last]", TP_OPT_CALL, .call = opt_dedupe,
	  .cmds = "fix", .help = "fix: one candle per time (default last)" },
	{ 0, "fill-gaps", NULL, TP_OPT_FLAG, &fixo.fill, .cmds = "fix",
	  .help = "fix: flat candles for missing slots" },
	{ 0, "resample", "TF", TP_OPT_CALL, .call = opt_resample,
	  .cmds = "fix", .help = "fix: aggregate to timeframe TF" },
	{ 0, "timerange", "START-END", TP_OPT_CALL, .call = opt_timerange,
	  .cmds = "fix", .help = "fix: only the candles from START to END\n"
	  "(as tp-backtest --timerange)" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-fetch EXCHANGE SYMBOL TIMEFRAME [--since TIME] [--until TIME]\n"
"                [--last N] [--include-open] [--follow] [--append FILE]\n"
"                [OPTIONS]\n"
"       tp-fetch markets EXCHANGE [OPTIONS]\n"
"       tp-fetch ticker SYMBOL [--exchanges LIST] [OPTIONS]\n"
"       tp-fetch import [OPTIONS] [FILE...]\n"
"       tp-fetch synth [OPTIONS] [--seed N] [--bars N] [--start TIME]\n"
"                      [--price P] [--timeframe TF]\n"
"       tp-fetch check [OPTIONS] [FILE...]\n"
"       tp-fetch fix [OPTIONS] [--sort] [--dedupe[=first|last]]\n"
"                    [--fill-gaps] [--resample TF]\n"
"                    [--timerange START-END] [FILE...]",
	.cmds = cmds,
	.opts = opts,
	.col = 33,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad data (check: problems found),\n"
"66 cannot open input, 69 exchange refused, 70 internal error (out of\n"
"memory), 74 I/O error, 75 exchange busy or unreachable, or --append\n"
"FILE held by another run (retry later); see tp(7).",
};

/* tp-fetch markets EXCHANGE */
static int
run_markets(void)
{
	struct tp_err err = TP_ERR_INIT;
	const struct tp_feed *f;
	struct out o = { .format = NULL };

	if (args.nfiles != 1)
		return tp_usage_error("markets: name one exchange (binance, "
		    "kraken, bybit, coinbase)");
	if ((f = tp_feed_find(args.files[0])) == NULL)
		return tp_usage_error("markets: unknown exchange \"%s\" "
		    "(binance, kraken, bybit, coinbase)", args.files[0]);
	/* records for jq: NDJSON unless asked */
	if (tp_writer_init(&o.w, STDOUT_FILENO, out_format == TP_FMT_AUTO ?
	    TP_FMT_NDJSON : out_format, args.names, &err) == 0)
		tp_feed_markets(f, &args, emit, &o, &err);
	return finish(&o, &err, TP_EX_OK);
}

/* tp-fetch ticker SYMBOL [--exchanges LIST] */
static int
run_ticker(void)
{
	static const char all[] = "binance,kraken,bybit,coinbase";
	const struct tp_feed *feeds[8];
	struct tp_err err = TP_ERR_INIT;
	struct out o = { .format = NULL };
	char list[256], *name, *save = NULL;
	int n = 0, status;

	if (args.nfiles != 1)
		return tp_usage_error("ticker: give one symbol (tp-fetch ticker "
		    "BTC/USDT)");
	args.symbol = args.files[0];
	snprintf(list, sizeof(list), "%s", exchanges != NULL ? exchanges :
	    all);
	for (name = strtok_r(list, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		if (n == 8 || (feeds[n++] = tp_feed_find(name)) == NULL)
			return tp_usage_error("--exchanges: \"%s\" is not "
			    "one of %s", name, all);
	}
	if (n == 0)
		return tp_usage_error("--exchanges: name at least one");
	if (tp_writer_init(&o.w, STDOUT_FILENO, out_format == TP_FMT_AUTO ?
	    TP_FMT_NDJSON : out_format, args.names, &err) < 0)
		return finish(&o, &err, TP_EX_OK);
	status = tp_feed_ticker(feeds, n, &args, emit, &o, &err);
	return finish(&o, &err, err.code != 0 ? TP_EX_OK : status);
}

/* tp-fetch EXCHANGE SYMBOL TIMEFRAME: the two words, then the source. */
static int
run_exchange(const struct tp_source_ops *ops)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_lock lock = { -1 };
	int rc;

	if (args.nfiles != 2)
		return tp_usage_error("%s: give a symbol and a timeframe "
		    "(tp-fetch %s BTC/USDT 1h)", ops->name, ops->name);
	args.symbol = args.files[0];
	args.timeframe = args.files[1];
	args.nfiles = 0;
	if (tp_time_tf_parse(args.timeframe, &args.tf_ms) < 0)
		return tp_usage_error("%s: \"%s\" is not a timeframe (like "
		    "1m 5m 1h 4h 1d 1w)", ops->name, args.timeframe);
	if (args.last > 0 && args.since >= 0)
		return tp_usage_error("--last and --since: give one");
	if (args.follow && args.until > 0)
		return tp_usage_error("--follow and --until: give one");
	if (args.until > 0 && args.since >= 0 && args.until <= args.since)
		return tp_usage_error("--until is not after --since");
	if (lock_wait_given && append_path == NULL)
		return tp_usage_error("--lock-wait: only with --append");
	if (append_path == NULL) {
		rc = run_source(ops);
		/* A range with no candle is most likely a wrong range or
		 * symbol; a run of --append finding none new is routine. */
		if (rc == TP_EX_OK && written == 0 && !args.follow)
			tp_warn("warning: %s: no candle of %s %s in that range",
			    ops->name, args.symbol, args.timeframe);
		return rc;
	}
	/*
	 * One run at a time on the file, for the whole run: two cron jobs
	 * that overlap would otherwise both read the same last candle and
	 * both append what follows it.  The last candle is read once the
	 * lock is held, so a run that waited goes on after what the other
	 * one wrote.
	 */
	if (tp_lock_take(&lock, append_path, (int)(lock_wait * 1000),
	    &err) < 0)
		return tp_cli_fail(&err);
	if (tp_append_open(&append, append_path, args.names, &err) < 0)
		rc = tp_cli_fail(&err);
	else {
		if (append.cut > 0)
			tp_warn("%s: cut a partial last line (%ld bytes) an "
			    "earlier run left", append_path, append.cut);
		/* go on after the file's last candle */
		if (append.last >= 0 && append.last + args.tf_ms > args.since) {
			args.since = append.last + args.tf_ms;
			args.last = 0;
		}
		rc = run_source(ops);
	}
	tp_append_close(&append);
	tp_lock_release(&lock);
	return rc;
}

/* The command word cmd names, and its checks and run. */
static int
command(const char *cmd)
{
	const struct tp_source_ops *ops = tp_source_find(cmd);

	fixo.tf = args.tf_ms;
	if (fixo.resample != 0 && fixo.tf != 0 &&
	    (fixo.resample < fixo.tf || fixo.resample % fixo.tf != 0))
		return tp_usage_error("--resample %s is not a whole multiple "
		    "of the input timeframe %s", resample_arg, args.timeframe);
	/* check and fix read the timeframe; they do not label with it. */
	if (strcmp(cmd, "check") == 0 || strcmp(cmd, "fix") == 0)
		args.timeframe = NULL;
	if (strcmp(cmd, "check") == 0)
		return run_check();
	if (strcmp(cmd, "fix") == 0)
		return run_fix();
	if (strcmp(cmd, "markets") == 0)
		return run_markets();
	if (strcmp(cmd, "ticker") == 0)
		return run_ticker();
	if (strcmp(cmd, "synth") == 0 && args.nfiles > 0)
		return tp_usage_error("synth reads no files");
	if (tp_source_is_exchange(ops))
		return run_exchange(ops);
	if (strcmp(cmd, "synth") == 0 && args.tf_ms == 0)
		args.tf_ms = 3600000;	/* 1h */
	return run_source(ops);
}

int
main(int argc, char **argv)
{
	struct tp_names names;
	int cmd, rc;

	tp_names_init(&names);
	args.names = &names;
	args.start = 1704067200000LL;	/* 2024-01-01T00:00:00Z */
	args.price = 100;
	args.since = -1;
	args.max_wait = 300;
	args.warn = tp_cli_warning;
	args.progress = tp_cli_progress;
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &args.files, &args.nfiles);
	args.seed = (uint64_t)seed_arg;
	args.bars = (long)bars_arg;
	args.last = (long)last_arg;
	/* The command word stands just before the operands. */
	if (rc == TP_EX_OK)
		rc = command(args.files[-1]);
	tp_names_release(&names);
	return rc == TP_CLI_DONE ? tp_cli_done() : rc;
}
