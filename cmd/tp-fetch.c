/*
 * tp-fetch: candles in.  Sources (import, synth) write candle streams;
 * check and fix read one.  See tp-fetch(1).
 */
#include <getopt.h>
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
#include "rec/tp_write.h"

static const char usage_text[] =
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
"                    [--fill-gaps] [--resample TF] [FILE...]\n"
"\n"
"  EXCHANGE binance, kraken, bybit or coinbase: closed candles from its\n"
"           public API (tp-fetch(1))\n"
"  markets  the exchange's symbols, price and quantity steps, minimums\n"
"  ticker   best bid and ask on each exchange, then the best of them\n"
"  import   candles from tp CSV/NDJSON, Binance kline dumps, freqtrade JSON\n"
"  synth    reproducible random-walk candles\n"
"  check    one summary record per symbol: gaps, duplicates, order, OHLC\n"
"  fix      sort, dedupe, resample and fill gaps\n"
"\n"
"options:\n"
"  -f, --format csv|ndjson        output format (default: the input's)\n"
"  -i, --input-format csv|ndjson  do not detect the input format\n"
"  -u, --time-unit s|ms|us        unit of integer input times (default ms)\n"
"  -s, --symbol SYM               add (or replace) a symbol field\n"
"  -t, --timeframe TF             the candles' timeframe (1m 5m 1h 4h 1d 1w);\n"
"                                 import and synth add it as a field\n"
"  -e, --exchange NAME            add (or replace) an exchange field\n"
"  -k, --skip-bad                 warn about bad records and drop them\n"
"      --list                     check: also each gap and run of duplicates\n"
"                                 as a record (NDJSON)\n"
"      --since TIME               exchange: from this candle on\n"
"      --until TIME               exchange: before this time (default: now)\n"
"      --last N                   exchange: the last N closed candles\n"
"                                 (default 500, without --since)\n"
"      --include-open             exchange: the candle still open too\n"
"      --append FILE              exchange: continue FILE after its last\n"
"                                 candle, in its format (nothing on stdout),\n"
"                                 one run at a time (FILE.lock)\n"
"      --lock-wait SECONDS        --append: wait this long for another run\n"
"                                 on FILE, then exit 75 (default 60)\n"
"      --follow                   exchange: go on, writing each candle\n"
"                                 once it has closed\n"
"      --base-url URL             exchange: instead of its API's (also\n"
"                                 TP_BINANCE_URL, TP_KRAKEN_URL ...)\n"
"      --max-wait SECONDS         exchange: retry for this long since the\n"
"                                 last good answer, then exit 75 (default\n"
"                                 300)\n"
"      --timeout SECONDS          exchange: one request (default 30)\n"
"      --max-backoff SECONDS      exchange: longest wait between tries\n"
"                                 (default 60)\n"
"      --max-response MIB         exchange: refuse a longer answer, counted\n"
"                                 unzipped (default 64; more for a long\n"
"                                 markets list)\n"
"      --exchanges LIST           ticker: comma-separated (default all)\n"
"      --seed N                   synth: generator seed (default 1)\n"
"      --bars N                   synth: number of candles (default 1000)\n"
"      --start TIME               synth: first candle time (default\n"
"                                 2024-01-01T00:00:00Z)\n"
"      --price P                  synth: first open price (default 100)\n"
"      --sort                     fix: order by time (holds all input)\n"
"      --dedupe[=first|last]      fix: one candle per time (default last)\n"
"      --fill-gaps                fix: flat candles for missing slots\n"
"      --resample TF              fix: aggregate to timeframe TF\n"
"  -h, --help                     show this help\n"
"  -V, --version                  show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad data (check: problems found),\n"
"66 cannot open input, 69 exchange refused, 70 internal error (out of\n"
"memory), 74 I/O error, 75 exchange busy or unreachable, or --append\n"
"FILE held by another run (retry later); see tp(7).\n";

enum {
	OPT_SEED = 256, OPT_BARS, OPT_START, OPT_PRICE, OPT_SORT, OPT_DEDUPE,
	OPT_FILL, OPT_RESAMPLE, OPT_SINCE, OPT_UNTIL, OPT_LAST, OPT_OPEN,
	OPT_URL, OPT_WAIT, OPT_APPEND, OPT_LOCKWAIT, OPT_FOLLOW, OPT_TIMEOUT,
	OPT_BACKOFF, OPT_MAXRESP, OPT_EXCHANGES, OPT_LIST
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "input-format", required_argument, NULL, 'i' },
	{ "time-unit", required_argument, NULL, 'u' },
	{ "symbol", required_argument, NULL, 's' },
	{ "timeframe", required_argument, NULL, 't' },
	{ "exchange", required_argument, NULL, 'e' },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "bars", required_argument, NULL, OPT_BARS },
	{ "start", required_argument, NULL, OPT_START },
	{ "price", required_argument, NULL, OPT_PRICE },
	{ "sort", no_argument, NULL, OPT_SORT },
	{ "dedupe", optional_argument, NULL, OPT_DEDUPE },
	{ "fill-gaps", no_argument, NULL, OPT_FILL },
	{ "resample", required_argument, NULL, OPT_RESAMPLE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "last", required_argument, NULL, OPT_LAST },
	{ "include-open", no_argument, NULL, OPT_OPEN },
	{ "base-url", required_argument, NULL, OPT_URL },
	{ "max-wait", required_argument, NULL, OPT_WAIT },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "lock-wait", required_argument, NULL, OPT_LOCKWAIT },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "max-backoff", required_argument, NULL, OPT_BACKOFF },
	{ "max-response", required_argument, NULL, OPT_MAXRESP },
	{ "exchanges", required_argument, NULL, OPT_EXCHANGES },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

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

/* Parse a whole decimal number in [lo, hi]. */
static int
number(const char *s, int64_t lo, int64_t hi, int64_t *v)
{
	char *end;
	long long x;

	x = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || x < lo || x > hi)
		return -1;
	*v = x;
	return 0;
}

static const char *
optname(int c)
{
	const struct option *o;

	for (o = longopts; o->name != NULL; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

/*
 * Whether exchange option c belongs to command cmd: the downloads take
 * them all but --exchanges; markets and ticker talk to exchanges too.
 */
static int
exchange_opt(int c, const char *cmd)
{
	const struct tp_source_ops *ops = tp_source_find(cmd);

	if (ops != NULL && tp_source_is_exchange(ops))
		return c != OPT_EXCHANGES;
	if (strcmp(cmd, "markets") == 0 || strcmp(cmd, "ticker") == 0)
		return c == OPT_URL || c == OPT_WAIT || c == OPT_TIMEOUT ||
		    c == OPT_BACKOFF || c == OPT_MAXRESP ||
		    (c == OPT_EXCHANGES && strcmp(cmd, "ticker") == 0);
	/* "tp-fetch --help" and the like: said later */
	return tp_source_find(cmd) == NULL && strcmp(cmd, "check") != 0 &&
	    strcmp(cmd, "fix") != 0;
}

static int
options(int argc, char **argv, const char *cmd)
{
	const char *why;
	int64_t v;
	int c, rc = TP_EX_OK;

	opterr = 0;	/* say it our way, naming the command */
	while ((c = getopt_long(argc, argv, ":f:i:u:s:t:e:khV", longopts,
	    NULL)) != -1) {
		if (c >= OPT_SEED && c <= OPT_PRICE && strcmp(cmd, "synth") != 0)
			return tp_usage_error("--%s is an option of synth",
			    optname(c));
		if (c >= OPT_SORT && c <= OPT_RESAMPLE && strcmp(cmd, "fix") != 0)
			return tp_usage_error("--%s is an option of fix",
			    optname(c));
		if (c >= OPT_SINCE && c <= OPT_EXCHANGES && !exchange_opt(c,
		    cmd))
			return tp_usage_error("--%s is not an option of %s",
			    optname(c), cmd);
		if (c == OPT_LIST && strcmp(cmd, "check") != 0)
			return tp_usage_error("--list is an option of check");
		switch (c) {
		case 'f':
		case 'i':
			rc = tp_cli_format_opt(c, optarg, c == 'f' ?
			    &out_format : &args.input_format);
			if (rc != TP_EX_OK)
				return rc;
			break;
		case 'u':
			if (tp_time_unit_parse(optarg, &args.time_unit) < 0)
				return tp_usage_error("--time-unit: expected "
				    "s, ms or us, not \"%s\"", optarg);
			args.time_unit_given = 1;
			break;
		case 's':
			args.symbol = optarg;
			break;
		case 't':
			if (tp_time_tf_parse(optarg, &args.tf_ms) < 0)
				return tp_usage_error("--timeframe: \"%s\" is "
				    "not a timeframe (like 1m 5m 1h 4h 1d 1w)",
				    optarg);
			args.timeframe = optarg;
			break;
		case 'e':
			args.exchange = optarg;
			break;
		case 'k':
			skip_bad = 1;
			break;
		case OPT_SEED:
			if (number(optarg, 0, INT64_MAX, &v) < 0)
				return tp_usage_error("--seed: \"%s\" is not "
				    "a non-negative integer", optarg);
			args.seed = (uint64_t)v;
			break;
		case OPT_BARS:
			if (number(optarg, 0, 100000000, &v) < 0)
				return tp_usage_error("--bars: \"%s\" is not "
				    "an integer from 0 to 100000000", optarg);
			args.bars = (long)v;
			break;
		case OPT_START:
			if (tp_time_parse(optarg, strlen(optarg), TP_UNIT_MS,
			    &args.start, &why) < 0)
				return tp_usage_error("--start: %s: \"%s\"",
				    why, optarg);
			break;
		case OPT_PRICE:
			if (tp_num_parse(optarg, strlen(optarg),
			    &args.price) != TP_NUM_OK ||
			    !(args.price >= 1e-9 && args.price <= 1e9))
				return tp_usage_error("--price: \"%s\" is not "
				    "a price from 1e-9 to 1e9", optarg);
			break;
		case OPT_SORT:
			fixo.sort = 1;
			break;
		case OPT_DEDUPE:
			if (optarg == NULL || strcmp(optarg, "last") == 0)
				fixo.dedupe = TP_DEDUPE_LAST;
			else if (strcmp(optarg, "first") == 0)
				fixo.dedupe = TP_DEDUPE_FIRST;
			else
				return tp_usage_error("--dedupe: expected "
				    "first or last, not \"%s\"", optarg);
			break;
		case OPT_FILL:
			fixo.fill = 1;
			break;
		case OPT_RESAMPLE:
			resample_arg = optarg;
			if (tp_time_tf_parse(optarg, &fixo.resample) < 0)
				return tp_usage_error("--resample: \"%s\" is "
				    "not a timeframe (like 5m 1h 4h 1d 1w)",
				    optarg);
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (tp_time_parse(optarg, strlen(optarg), TP_UNIT_MS,
			    c == OPT_SINCE ? &args.since : &args.until,
			    &why) < 0)
				return tp_usage_error("--%s: %s: \"%s\"",
				    c == OPT_SINCE ? "since" : "until", why,
				    optarg);
			break;
		case OPT_LAST:
			if (number(optarg, 1, 10000000, &v) < 0)
				return tp_usage_error("--last: \"%s\" is not "
				    "an integer from 1 to 10000000", optarg);
			args.last = (long)v;
			break;
		case OPT_OPEN:
			args.include_open = 1;
			break;
		case OPT_URL:
			args.base_url = optarg;
			break;
		case OPT_APPEND:
			append_path = optarg;
			break;
		case OPT_LOCKWAIT:
			if ((rc = tp_cli_num_opt("lock-wait", optarg, 0, 86400,
			    &lock_wait)) != TP_EX_OK)
				return rc;
			lock_wait_given = 1;
			break;
		case OPT_FOLLOW:
			args.follow = 1;
			break;
		case OPT_EXCHANGES:
			exchanges = optarg;
			break;
		case OPT_LIST:
			check_list = 1;
			break;
		case OPT_TIMEOUT:
			if ((rc = tp_cli_num_opt("timeout", optarg, 0.001, 3600,
			    &args.timeout)) != TP_EX_OK)
				return rc;
			break;
		case OPT_BACKOFF:
			if ((rc = tp_cli_num_opt("max-backoff", optarg, 0.001,
			    3600, &args.max_backoff)) != TP_EX_OK)
				return rc;
			break;
		case OPT_MAXRESP:
			if ((rc = tp_cli_num_opt("max-response", optarg, 1,
			    4096, &args.max_response)) != TP_EX_OK)
				return rc;
			break;
		case OPT_WAIT:
			if ((rc = tp_cli_num_opt("max-wait", optarg, 0, 86400,
			    &args.max_wait)) != TP_EX_OK)
				return rc;
			break;
		default:
			return tp_cli_common_opt(c, argv, usage_text, &rc) ?
			    -1 : rc;
		}
	}
	return 0;
}

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

int
main(int argc, char **argv)
{
	struct tp_names names;
	const struct tp_source_ops *ops = NULL;
	const char *cmd;
	int rc, shift;

	tp_cli_init(argv[0]);
	tp_names_init(&names);
	args.names = &names;
	args.seed = 1;
	args.bars = 1000;
	args.start = 1704067200000LL;	/* 2024-01-01T00:00:00Z */
	args.price = 100;
	args.since = -1;
	args.max_wait = 300;
	args.warn = tp_cli_warning;
	args.progress = tp_cli_progress;
	if (argc < 2)
		return tp_usage_error("no command given");
	/* "tp-fetch --help" has no command; options start at argv[1]. */
	shift = argv[1][0] == '-' ? 0 : 1;
	cmd = shift ? argv[1] : "tp-fetch";
	rc = options(argc - shift, argv + shift, cmd);
	if (rc != 0) {
		tp_names_release(&names);
		if (rc < 0)	/* --help or --version */
			return fflush(stdout) == 0 ? TP_EX_OK : TP_EX_IOERR;
		return rc;
	}
	args.files = argv + shift + optind;
	args.nfiles = argc - shift - optind;
	fixo.tf = args.tf_ms;
	if (fixo.resample != 0 && fixo.tf != 0 &&
	    (fixo.resample < fixo.tf || fixo.resample % fixo.tf != 0)) {
		tp_names_release(&names);
		return tp_usage_error("--resample %s is not a whole multiple "
		    "of the input timeframe %s", resample_arg, args.timeframe);
	}
	/* check and fix read the timeframe; they do not label with it. */
	if (strcmp(cmd, "check") == 0 || strcmp(cmd, "fix") == 0)
		args.timeframe = NULL;
	if (strcmp(cmd, "tp-fetch") == 0)
		rc = tp_usage_error("no command given");
	else if (append_path != NULL && ((ops = tp_source_find(cmd)) == NULL ||
	    !tp_source_is_exchange(ops)))
		rc = tp_usage_error("--append: for downloads from an exchange");
	else if (strcmp(cmd, "check") == 0)
		rc = run_check();
	else if (strcmp(cmd, "fix") == 0)
		rc = run_fix();
	else if (strcmp(cmd, "markets") == 0)
		rc = run_markets();
	else if (strcmp(cmd, "ticker") == 0)
		rc = run_ticker();
	else if ((ops = tp_source_find(cmd)) == NULL)
		rc = tp_usage_error("unknown command \"%s\"", cmd);
	else if (strcmp(cmd, "synth") == 0 && args.nfiles > 0)
		rc = tp_usage_error("synth reads no files");
	else if (tp_source_is_exchange(ops))
		rc = run_exchange(ops);
	else {
		if (strcmp(cmd, "synth") == 0 && args.tf_ms == 0)
			args.tf_ms = 3600000;	/* 1h */
		rc = run_source(ops);
	}
	tp_names_release(&names);
	return rc;
}
