/*
 * tp-journal: the SQLite journal of everything tp produces.  See
 * tp-journal(1).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "trade/tp_backtest.h"
#include "cli.h"
#include "journal/tp_journal.h"
#include "core/tp_num.h"
#include "core/tp_time.h"

#define BATCH_BOUND 1000000L

static struct {
	long batch;
	int64_t batch_arg, busy_arg;
	int tee, skip_bad, verbose, busy_ms;
	enum tp_fmt in_fmt, out_fmt;
	int table;		/* report --format table */
	int breakdown;		/* report --breakdown: enum tp_period */
	struct tp_jfilter filter;
	struct tp_jmarket market;	/* add: for candles without one */
	double balance;
	const char *key, *pubkey, *output;
	char **args;
	int nargs;
	struct tp_names names;
} o;

static int
open_journal(struct tp_journal *j, const char *path, int flags)
{
	struct tp_err err = TP_ERR_INIT;

	if (tp_journal_open(j, path, flags, &o.names, &err) < 0)
		return tp_cli_fail(&err);
	tp_journal_busy(j, o.busy_ms);
	return TP_EX_OK;
}

static int
writer(struct tp_writer *w, int fd)
{
	struct tp_err err = TP_ERR_INIT;

	if (tp_writer_init(w, fd, o.out_fmt == TP_FMT_AUTO ? TP_FMT_CSV :
	    o.out_fmt, &o.names, &err) < 0)
		return tp_cli_fail(&err);
	return TP_EX_OK;
}

/* ---- init, add, import-freqtrade ----------------------------------------- */

static int
cmd_init(void)
{
	struct tp_journal j;
	int rc;

	if (o.nargs != 1)
		return tp_usage_error("init: give one journal file");
	rc = open_journal(&j, o.args[0], TP_J_WRITE | TP_J_CREATE);
	if (rc == TP_EX_OK)
		tp_journal_close(&j);
	return rc;
}

struct adder {
	struct tp_journal *j;
	long in_batch;
};

/*
 * The input has nothing more to read for now: commit what it gave, and
 * flush --tee's output.  At the end of 'tp-exec --db J | tp-journal add J'
 * in a long-running pipeline, a transaction left open until the input ends
 * would hold J's write lock, and the next tick's tp-exec would wait on it.
 */
static int
add_idle(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct adder *a = ctx;

	if (a->j->in_txn) {
		a->in_batch = 0;
		if (tp_journal_commit(a->j, err) < 0)
			return -1;
	}
	/* A reader of --tee's output that went away (| head) ends the
	 * copy, not the storing. */
	return tp_filter_idle(f, err);
}

/* Store rec; commit and start a new transaction when the batch is full. */
static int
add_one(void *ctx, const struct tp_rec *rec, struct tp_err *err)
{
	struct adder *a = ctx;
	long batch = o.batch > 0 ? o.batch : BATCH_BOUND;
	int stored;

	/* The write lock is taken at the first record, not at the start:
	 * in 'tp-exec --db J | tp-journal add J' the writer upstream must
	 * commit before it writes a line, and must not find us holding the
	 * lock while we wait for that line. */
	if (!a->j->in_txn && tp_journal_begin(a->j, err) < 0)
		return -1;
	if (tp_journal_add(a->j, rec, &stored, err) < 0)
		return -1;
	if (++a->in_batch >= batch) {
		a->in_batch = 0;
		if (tp_journal_commit(a->j, err) < 0)
			return -1;
	}
	return 0;
}

static void
say_stored(const struct tp_journal *j)
{
	if (o.verbose)
		tp_warn("%s: stored %ld record%s, %ld already there", j->path,
		    j->stored, j->stored == 1 ? "" : "s", j->same);
}

/* A bad record before anything of it was written may be skipped. */
static int
skippable(void *ctx, const struct tp_err *err)
{
	struct adder *a = ctx;

	(void)err;
	return !a->j->partial;
}

static int
add_step(void *ctx, struct tp_filter *f, struct tp_rec *rec,
    struct tp_err *err)
{
	struct adder *a = ctx;

	(void)f;
	if (tp_journal_candle_market(a->j, rec, &o.market, err) < 0 ||
	    add_one(a, rec, err) < 0)
		return -1;
	return 0;
}

static int
add_end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct adder *a = ctx;

	(void)f;
	if (err->code == 0 && a->j->in_txn)
		tp_journal_commit(a->j, err);
	if (err->code != 0)
		tp_journal_rollback(a->j);
	else
		say_stored(a->j);
	/* Closed before --tee's last records go out: the next program of
	 * the pipeline may open the journal. */
	tp_journal_close(a->j);
	return err->code != 0 ? -1 : 0;
}

static int
cmd_add(void)
{
	struct tp_journal j;
	struct adder a = { &j, 0 };
	struct tp_filter f;
	int rc;

	if (o.nargs < 1)
		return tp_usage_error("add: give the journal file");
	if ((rc = open_journal(&j, o.args[0], TP_J_WRITE)) != TP_EX_OK)
		return rc;
	tp_filter_init(&f, &o.names);
	f.files = o.args + 1, f.nfiles = o.nargs - 1;
	f.in_fmt = o.in_fmt, f.out_fmt = o.out_fmt;
	f.skip_bad = o.skip_bad;
	f.pass = o.tee, f.tee = 1;	/* --tee: records go on to stdout */
	f.ctx = &a, f.step = add_step, f.may_skip = skippable;
	f.idle = add_idle, f.end = add_end;
	return tp_cli_filter(&f);
}

static int
cmd_import(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_journal j;
	struct adder a = { &j, 0 };
	int rc;

	if (o.nargs != 2)
		return tp_usage_error("import-freqtrade: give the freqtrade "
		    "database and the journal");
	if ((rc = open_journal(&j, o.args[1], TP_J_WRITE)) != TP_EX_OK)
		return rc;
	o.batch = BATCH_BOUND;
	if (tp_journal_begin(&j, &err) == 0 && tp_journal_freqtrade(o.args[0],
	    &o.names, add_one, &a, &err) == 0)
		tp_journal_commit(&j, &err);
	if (err.code != 0)
		tp_journal_rollback(&j);
	else
		say_stored(&j);
	tp_journal_close(&j);
	return err.code != 0 ? tp_cli_fail(&err) : TP_EX_OK;
}

/* ---- verify, seal, keygen ------------------------------------------------ */

static void
hex(char *out, const unsigned char *p, size_t n)
{
	sodium_bin2hex(out, 2 * n + 1, p, n);
}

/* Write rec, built when ok (else out of memory), as the one output
 * record of a command, and release it. */
static int
one_record(struct tp_rec *rec, int ok)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_writer w;
	int rc = writer(&w, STDOUT_FILENO);

	if (rc == TP_EX_OK && !ok)
		tp_errf(&err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else if (rc == TP_EX_OK)
		tp_write(&w, rec, &err);
	tp_rec_release(rec);
	return rc == TP_EX_OK ? tp_cli_finish(&w, &err, 0, TP_EX_OK) : rc;
}

/* The id of field name s, a literal. */
#define ID(s) tp_names_intern(&o.names, TP_LIT(s))

static int
verify_record(const struct tp_jverify *v, const char *path)
{
	struct tp_rec rec;
	char h[2 * TP_HASH_LEN + 1];

	hex(h, v->head, TP_HASH_LEN);
	tp_rec_init(&rec);
	return one_record(&rec,
	    tp_rec_add_text(&rec, ID("type"), "verify") == 0 &&
	    tp_rec_add_text(&rec, ID("journal"), path) == 0 &&
	    tp_rec_add_i64(&rec, ID("records"), v->records) == 0 &&
	    tp_rec_add_i64(&rec, ID("rows"), v->rows) == 0 &&
	    tp_rec_add_i64(&rec, ID("seals"), v->seals) == 0 &&
	    tp_rec_add_i64(&rec, ID("seals_checked"), v->seals_checked) == 0 &&
	    tp_rec_add_text(&rec, ID("head"), h) == 0);
}

static int
cmd_verify(void)
{
	struct tp_err err = TP_ERR_INIT;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct tp_journal j;
	struct tp_jverify v;
	int rc;

	if (o.nargs != 1)
		return tp_usage_error("verify: give one journal file");
	if (o.pubkey != NULL && tp_journal_public_key(o.pubkey, pk, &err) < 0)
		return err.code == TP_EX_USAGE ? tp_usage_error("%s",
		    err.msg) : tp_cli_fail(&err);
	if ((rc = open_journal(&j, o.args[0], 0)) != TP_EX_OK)
		return rc;
	rc = tp_journal_verify(&j, o.pubkey ? pk : NULL, &v, &err);
	tp_journal_close(&j);
	if (rc < 0)
		return tp_cli_fail(&err);
	return verify_record(&v, o.args[0]);
}

/* The seal made, as a record: NDJSON unless -f says. */
static int
seal_record(int64_t seq, const char *hash, const char *pk)
{
	struct tp_rec rec;

	if (o.out_fmt == TP_FMT_AUTO)
		o.out_fmt = TP_FMT_NDJSON;
	tp_rec_init(&rec);
	return one_record(&rec,
	    tp_rec_add_text(&rec, ID("type"), "seal") == 0 &&
	    tp_rec_add_i64(&rec, ID("seq"), seq) == 0 &&
	    tp_rec_add_text(&rec, ID("hash"), hash) == 0 &&
	    tp_rec_add_text(&rec, ID("public_key"), pk) == 0);
}

static int
cmd_seal(void)
{
	struct tp_err err = TP_ERR_INIT;
	unsigned char sk[crypto_sign_SECRETKEYBYTES], h[TP_HASH_LEN];
	char hx[2 * TP_HASH_LEN + 1], pkx[2 * crypto_sign_PUBLICKEYBYTES + 1];
	struct tp_journal j;
	int64_t seq = 0;
	int rc;

	if (o.nargs != 1)
		return tp_usage_error("seal: give one journal file");
	if (o.key == NULL)
		return tp_usage_error("seal: --key FILE is needed");
	if (tp_journal_secret_key(o.key, sk, &err) < 0)
		return tp_cli_fail(&err);
	if ((rc = open_journal(&j, o.args[0], TP_J_WRITE)) != TP_EX_OK) {
		sodium_memzero(sk, sizeof(sk));
		return rc;
	}
	rc = tp_journal_seal(&j, sk, &seq, h, &err);
	tp_journal_close(&j);
	hex(pkx, sk + crypto_sign_SEEDBYTES, crypto_sign_PUBLICKEYBYTES);
	sodium_memzero(sk, sizeof(sk));
	if (rc < 0)
		return tp_cli_fail(&err);
	hex(hx, h, TP_HASH_LEN);
	return seal_record(seq, hx, pkx);
}

static int
cmd_keygen(void)
{
	struct tp_err err = TP_ERR_INIT;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char pkx[2 * crypto_sign_PUBLICKEYBYTES + 1];

	if (o.nargs != 1)
		return tp_usage_error("keygen: give the key file to write");
	if (tp_journal_keygen(o.args[0], pk, &err) < 0)
		return tp_cli_fail(&err);
	hex(pkx, pk, sizeof(pk));
	printf("%s\n", pkx);
	return tp_cli_done();
}

/* ---- report, metrics, export, backup ------------------------------------- */

static int
summary(struct tp_journal *j, struct tp_writer *w, struct tp_err *err)
{
	struct tp_metrics m;
	struct tp_summary s;
	struct tp_rec rec;
	int64_t first = 0, last = 0;
	double bal = o.balance;
	char name[256];
	int rc;

	if (isnan(bal))
		bal = tp_journal_first_balance(j, err);
	if (err->code != 0)
		return -1;
	if (isnan(bal))
		bal = 1000;	/* freqtrade's dry_run_wallet default */
	tp_metrics_init(&m, bal);
	tp_rec_init(&rec);
	/* The period: the trades' and the account snapshots'. */
	rc = tp_journal_trades_metrics(j, &o.filter, &m, &first, &last, err);
	if (rc == 0)
		rc = tp_journal_period(j, &o.filter, &first, &last, err);
	if (rc == 0 && first <= last)
		rc = tp_journal_market(j, &o.filter, first, last, &m, err);
	if (rc == 0)
		rc = tp_journal_strategy(j, &o.filter, name, sizeof(name), err);
	if (rc == 0) {
		/* first > last: no trade and no snapshot, no period */
		m.min_date = first <= last ? first : 0;
		m.max_date = first <= last ? last : 0;
		tp_metrics_summary(&m, &s);
		if (s.trades == 0 && o.filter.symbol != NULL)
			tp_warn("warning: %s: no closed trades of \"%s\"",
			    o.args[0], o.filter.symbol);
		if (o.table)
			rc = tp_cli_tables(&m, &s, o.breakdown, err);
		else if (tp_bt_summary_rec(&s, *name ? name : NULL, first, last,
		    NULL, &o.names, &rec) < 0)
			rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		else
			rc = tp_tables_write(&m, &rec, o.breakdown, *name ? name :
			    NULL, &o.names, w, err);
	}
	tp_rec_release(&rec);
	tp_metrics_release(&m);
	return rc;
}

/* The records of a read-only command: open the journal, one read
 * transaction so every figure is from the same moment, fn writes with
 * arg; a usage error of fn (a listing or table that is not there) is
 * reported as one. */
static int
read_records(int (*fn)(struct tp_journal *, const char *, struct tp_writer *,
    struct tp_err *), const char *arg)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_journal j;
	struct tp_writer w;
	int rc;

	if ((rc = open_journal(&j, o.args[0], 0)) != TP_EX_OK)
		return rc;
	if ((rc = writer(&w, STDOUT_FILENO)) != TP_EX_OK) {
		tp_journal_close(&j);
		return rc;
	}
	if (tp_journal_exec(&j, "BEGIN", &err) == 0)
		fn(&j, arg, &w, &err);
	tp_journal_close(&j);
	if (err.code == TP_EX_USAGE) {
		tp_writer_release(&w);
		return tp_usage_error("%s", err.msg);
	}
	return tp_cli_finish(&w, &err, 0, TP_EX_OK);
}

static int
report(struct tp_journal *j, const char *what, struct tp_writer *w,
    struct tp_err *err)
{
	if (strcmp(what, "summary") == 0)
		return summary(j, w, err);
	return tp_journal_list(j, what, &o.filter, w, err);
}

static int
cmd_report(void)
{
	if (o.nargs < 1 || o.nargs > 2)
		return tp_usage_error("report: give the journal and at most "
		    "one of summary, trades, equity, events, decisions");
	if ((o.table || o.breakdown) && o.nargs > 1 &&
	    strcmp(o.args[1], "summary") != 0)
		return tp_usage_error("report: --format table and --breakdown "
		    "are the summary's, not %s", o.args[1]);
	return read_records(report, o.nargs > 1 ? o.args[1] : "summary");
}

static int
cmd_metrics(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_buf b = { NULL, 0, 0 };
	struct tp_journal j;
	int rc;

	if (o.nargs != 1)
		return tp_usage_error("metrics: give one journal file");
	if ((rc = open_journal(&j, o.args[0], 0)) != TP_EX_OK)
		return rc;
	rc = tp_journal_metrics(&j, tp_time_now_ms(), &b, &err);
	tp_journal_close(&j);
	if (rc < 0) {
		tp_buf_release(&b);
		return tp_cli_fail(&err);
	}
	/* -o: replaced whole, so the textfile collector never reads half */
	if (o.output != NULL)
		rc = tp_write_file(o.output, b.p, b.len, &err) < 0 ?
		    tp_cli_fail(&err) : TP_EX_OK;
	else if ((fwrite(b.p, 1, b.len, stdout) != b.len ||
	    fflush(stdout) != 0) && errno != EPIPE) {
		/* the reader going away (| head) is no error, as in tp(7) */
		tp_warn("write error: %s", strerror(errno));
		rc = TP_EX_IOERR;
	}
	tp_buf_release(&b);
	return rc;
}

static int
cmd_export(void)
{
	if (o.nargs != 2)
		return tp_usage_error("export: give the journal and a table");
	return read_records(tp_journal_export, o.args[1]);
}

static int
cmd_backup(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_journal j;
	int rc;

	if (o.nargs != 2)
		return tp_usage_error("backup: give the journal and the copy");
	if ((rc = open_journal(&j, o.args[0], 0)) != TP_EX_OK)
		return rc;
	rc = tp_journal_backup(&j, o.args[1], &err);
	tp_journal_close(&j);
	return rc < 0 ? tp_cli_fail(&err) : TP_EX_OK;
}

/* ---- options ------------------------------------------------------------- */

static int
opt_since(const struct tp_opt *opt, const char *arg)
{
	const char *why = NULL;

	(void)opt;
	if (tp_time_parse(arg, strlen(arg), TP_UNIT_MS, &o.filter.since,
	    &why) < 0)
		return tp_usage_error("--since: \"%s\" is not a time", arg);
	return TP_EX_OK;
}

static int
opt_format(const struct tp_opt *opt, const char *arg)
{
	return tp_cli_fmt_table_opt(opt->name, arg, &o.out_fmt, &o.table);
}

static int
opt_breakdown(const struct tp_opt *opt, const char *arg)
{
	return tp_cli_breakdown_opt(opt->name, arg, &o.breakdown);
}

static int
opt_symbol(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	o.filter.symbol = o.market.symbol = arg;
	return TP_EX_OK;
}

static int
opt_timeframe(const struct tp_opt *opt, const char *arg)
{
	static char tf[24];
	int64_t v;

	(void)opt;
	if (tp_time_tf_parse(arg, &v) < 0)
		return tp_usage_error("--timeframe: \"%s\" is not a timeframe "
		    "(like 1h)", arg);
	tp_time_tf_format(v, tf);	/* as programs write it: 1h */
	o.market.timeframe = tf;
	return TP_EX_OK;
}

static const struct tp_cmd cmds[] = {
	{ .name = "init", .help = "create a journal, or upgrade an older one" },
	{ .name = "add", .help = "store records (any tp stream, routed by "
	  "type); idempotent" },
	{ .name = "verify", .help = "recompute the audit chain; name the "
	  "first row changed" },
	{ .name = "seal", .help = "sign the audit chain's head with an "
	  "Ed25519 key" },
	{ .name = "keygen", .help = "make a seal key, encrypted with the "
	  "passphrase in\nTP_PASSPHRASE; prints its public key" },
	{ .name = "report", .help = "tp-backtest's summary over the journal's "
	  "closed trades, or\na listing as records" },
	{ .name = "metrics", .help = "Prometheus text exposition (node "
	  "exporter textfile)" },
	{ .name = "export", .help = "a table or view as records" },
	{ .name = "backup", .help = "an online copy, safe while bots write" },
	{ .name = "import-freqtrade", .help = "a freqtrade trade database's "
	  "trades and orders" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	{ 'b', "batch", "N", TP_OPT_WHOLE, &o.batch_arg, 1, 1e15,
	  .cmds = "add", .help = "add: commit every N records (default: the\n"
	  "whole input, committed every 1000000)" },
	{ 't', "tee", NULL, TP_OPT_FLAG, &o.tee, .cmds = "add",
	  .help = "add: pass the records read on to stdout" },
	{ 'k', "skip-bad", NULL, TP_OPT_FLAG, &o.skip_bad, .cmds = "add",
	  .help = "add: warn about bad records and drop them" },
	{ 'i', "input-format", "csv|ndjson", TP_OPT_FMT, &o.in_fmt,
	  .cmds = "add", .help = "add: do not detect the input format" },
	{ 'f', "format", "csv|ndjson|table", TP_OPT_CALL, .call = opt_format,
	  .help = "output format (default csv; seal: ndjson;\n"
	  "--tee: the input's; table: report's summary\n"
	  "as tables for people)" },
	{ 0, "breakdown", "day|week|month", TP_OPT_CALL,
	  .call = opt_breakdown, .cmds = "report",
	  .help = "report: the summary per period of closing\n"
	  "time; in CSV and NDJSON also per pair, tag\n"
	  "and exit reason" },
	{ 's', "since", "TIME", TP_OPT_CALL, .call = opt_since,
	  .cmds = "report", .help = "report: trades closed (records) from "
	  "TIME on" },
	{ 'y', "symbol", "SYM", TP_OPT_CALL, .call = opt_symbol,
	  .cmds = "report add", .help = "report: one pair or symbol (equity: "
	  "account);\nadd: the symbol of candles without one" },
	{ 0, "timeframe", "TF", TP_OPT_CALL, .call = opt_timeframe,
	  .cmds = "add", .help = "add: the timeframe of candles without one" },
	{ 0, "exchange", "NAME", TP_OPT_STR, &o.market.exchange,
	  .cmds = "add", .help = "add: the exchange of candles without one" },
	{ 0, "starting-balance", "N", TP_OPT_NUM, &o.balance, 0, 1e15,
	  .cmds = "report", .help = "report: the balance trades compound "
	  "from\n(default: the first account snapshot, or 1000)" },
	{ 0, "key", "FILE", TP_OPT_STR, &o.key, .cmds = "seal",
	  .help = "seal: the key keygen wrote; its passphrase\ncomes from "
	  "TP_PASSPHRASE" },
	{ 0, "public-key", "KEY", TP_OPT_STR, &o.pubkey, .cmds = "verify",
	  .help = "verify: seals must be by this key (hex, or a\nfile "
	  "holding it)" },
	{ 'o', "output", "FILE", TP_OPT_STR, &o.output, .cmds = "metrics",
	  .help = "metrics: write FILE atomically, not stdout" },
	{ 'w', "busy-timeout", "MS", TP_OPT_WHOLE, &o.busy_arg, 0, 1e15,
	  .help = "wait this long for another writer (60000)" },
	{ 'v', "verbose", NULL, TP_OPT_FLAG, &o.verbose,
	  .cmds = "add import-freqtrade",
	  .help = "add: say how many records were stored" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-journal init DB\n"
"       tp-journal add [OPTIONS] DB [FILE...]\n"
"       tp-journal verify [--public-key KEY] DB\n"
"       tp-journal seal --key FILE DB\n"
"       tp-journal keygen FILE\n"
"       tp-journal report [OPTIONS] DB [summary|trades|equity|events|\n"
"                         decisions]\n"
"       tp-journal metrics [-o FILE] DB\n"
"       tp-journal export [-f FORMAT] DB TABLE\n"
"       tp-journal backup DB FILE\n"
"       tp-journal import-freqtrade TRADESV3_DB DB",
	.cmds = cmds,
	.opts = opts,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad record or failed verify (nothing\n"
"of its batch stored), 66 no journal or input, 74 I/O error, 75 journal\n"
"busy (retry later), 78 journal from a newer tp or one init must\n"
"upgrade, a key file open to others, a missing or wrong TP_PASSPHRASE;\n"
"see tp(7).",
};

static int (*const runs[])(void) = {
	cmd_init, cmd_add, cmd_verify, cmd_seal, cmd_keygen, cmd_report,
	cmd_metrics, cmd_export, cmd_backup, cmd_import
};

int
main(int argc, char **argv)
{
	int cmd, rc;

	o.busy_arg = 60000;
	o.balance = NAN;
	o.filter.since = INT64_MIN;
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &o.args, &o.nargs);
	if (rc != TP_EX_OK)
		return rc == TP_CLI_DONE ? tp_cli_done() : rc;
	if (o.table && runs[cmd] != cmd_report)
		return tp_usage_error("--format table is report's alone");
	if (o.batch_arg > 0)
		o.batch = o.batch_arg > BATCH_BOUND ? BATCH_BOUND :
		    (long)o.batch_arg;
	o.busy_ms = o.busy_arg > 3600000 ? 3600000 : (int)o.busy_arg;
	tp_names_init(&o.names);
	rc = runs[cmd]();
	tp_names_release(&o.names);
	return rc;
}
