/*
 * tp-exec: fill tp-risk's orders on a paper account kept in the journal,
 * one cron run at a time.  See tp-exec(1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "run/tp_exec.h"
#include "core/tp_lock.h"
#include "live/tp_lkeys.h"
#include "run/tp_exlive.h"
#include "rec/tp_read.h"

static struct {
	const char *db, *strategy, *kill_file, *reason, *live;
	char kill_buf[4096];
	double wait_s;
	int close_all, skip_bad, adopt, ignore;
	enum tp_fmt in_fmt;
	struct tp_names names;
	struct tp_strategy st;
} o;

/* keys: the live accounts' key store. */
static struct {
	const char *dir, *exchange, *market;
	int testnet;
} ko;

static const struct tp_cmd cmds[] = {
	{ .label = "run" },
	{ .name = "halt", .help = "stop filling orders (entries waiting are cancelled)" },
	{ .name = "resume", .help = "lift a halt" },
	{ .name = "status", .help = "the halt state, each account, its positions and pending\n"
	    "orders, as records" },
	{ .name = "reconcile", .help = "--adopt or --ignore what the live account's exchange\n"
	    "has and the journal does not (RECONCILE in tp-exec(1))" },
	{ .name = "keys", .help = "keys add NAME, keys list, keys remove NAME: the API\n"
	    "keys of live accounts (KEYS in tp-exec(1))" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	{ 'd', "db", "DB", TP_OPT_STR, &o.db,
	  .help = "the journal (made when missing)" },
	TP_OPT_STRATEGY(&o.strategy, "run halt reconcile"),
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
	{ 0, "adopt", NULL, TP_OPT_FLAG, &o.adopt, .cmds = "reconcile",
	  .help = "reconcile: take the exchange's orders and positions\n"
	  "as the truth" },
	{ 0, "ignore", NULL, TP_OPT_FLAG, &o.ignore, .cmds = "reconcile",
	  .help = "reconcile: record them as ignored, the engine left\n"
	  "alone" },
	{ 0, "live", "ACCOUNT", TP_OPT_STR, &o.live, .cmds = "run halt reconcile",
	  .help = "trade the key store's live account ACCOUNT\n"
	  "(without it: paper, whatever else is given)" },
	{ 0, "keys", "DIR", TP_OPT_STR, &ko.dir, .cmds = "run halt reconcile keys",
	  .help = "the key store (default $TP_KEYS_DIR, else\n"
	  "~/.config/tp/keys)" },
	{ 0, "exchange", "binance|bybit|kraken|coinbase", TP_OPT_STR, &ko.exchange,
	  .cmds = "keys", .help = "keys add: the account's exchange" },
	{ 0, "market", "spot|futures", TP_OPT_STR, &ko.market,
	  .cmds = "keys", .help = "keys add: its market (default spot)" },
	{ 0, "testnet", NULL, TP_OPT_FLAG, &ko.testnet, .cmds = "keys",
	  .help = "keys add: a key of the exchange's test network" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-exec --db DB --strategy FILE [--live ACCOUNT] [OPTIONS] [FILE...]\n"
"       tp-exec halt --db DB [--reason TEXT] [--close-all --strategy FILE\n"
"                    [--live ACCOUNT]]\n"
"       tp-exec resume --db DB\n"
"       tp-exec status --db DB\n"
"       tp-exec reconcile --db DB --strategy FILE --live ACCOUNT --adopt|--ignore\n"
"                    [--keys DIR]\n"
"       tp-exec keys add NAME --exchange binance|bybit|kraken|coinbase\n"
"                    [--market spot|futures] [--testnet] [--keys DIR]\n"
"       tp-exec keys list [--keys DIR]\n"
"       tp-exec keys remove NAME [--keys DIR]",
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
"account is busy, the exchange is down or banning, or an order's fate is\n"
"unknown (retry later), 78 bad strategy file, or a bad account or key, a\n"
"wrong passphrase, or a key the exchange refuses; see tp(7).",
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

/* ---- keys: the live accounts' key store (tp_lkeys.h) ------------------ */

#define KEY_BUF 4096		/* bytes read for a key, and for a secret */

/* The secret, after the key: at a terminal, one line or a PEM block,
 * typed unseen; from a pipe, the rest of it. */
static long
read_secret(char *buf)
{
	long n = tp_cli_read_secret("API secret: ", buf, KEY_BUF, 1), got = n;

	while (!isatty(STDIN_FILENO) && got > 0 && (size_t)n + 1 < KEY_BUF)
		if ((got = tp_cli_read_secret(NULL, buf + n, KEY_BUF -
		    (size_t)n, 0)) > 0)
			n += got;
	return got < 0 ? -1 : n;
}

/* The account's record, as keys list writes it. */
static int
key_record(void *ctx, const struct tp_lkeys_acct *a)
{
	(void)ctx;
	printf("{\"type\":\"key\",\"name\":\"%s\",\"exchange\":\"%s\","
	    "\"market\":\"%s\",\"testnet\":%s,\"key_type\":\"%s\","
	    "\"fingerprint\":\"%s\"}\n", a->name, a->venue->name,
	    a->market == TP_LM_SPOT ? "spot" : "futures",
	    a->testnet ? "true" : "false",
	    a->key_type == TP_LK_HMAC ? "hmac" : "ed25519", a->fingerprint);
	return 0;
}

/* keys add NAME: the key, then the secret, from stdin (never argv: ps
 * would show them), into locked memory. */
static int
keys_add(struct tp_lkeys *ks, const char *name, struct tp_err *err)
{
	struct tp_lkeys_acct a = { .testnet = ko.testnet };
	char *key = NULL, *secret = NULL;
	long kn, sn = 0;
	int rc = -1;

	snprintf(a.name, sizeof(a.name), "%s", name);
	a.venue = tp_live_venue(ko.exchange);
	a.market = ko.market != NULL && strcmp(ko.market, "futures") == 0 ?
	    TP_LM_FUTURES : TP_LM_SPOT;
	if (tp_lkeys_check_new(ks, name, err) < 0)
		return -1;
	if ((key = sodium_malloc(KEY_BUF)) == NULL ||
	    (secret = sodium_malloc(KEY_BUF)) == NULL)
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	else if ((kn = tp_cli_read_secret("API key: ", key, KEY_BUF, 0)) < 0 ||
	    (kn > 0 && (sn = read_secret(secret)) < 0))
		tp_errf(err, TP_EX_IOERR, NULL, 0, "read error: %s",
		    strerror(errno));
	else if ((rc = tp_lkeys_add(ks, &a, key, (size_t)kn, secret,
	    (size_t)sn, err)) == 0)
		key_record(NULL, &a);
	sodium_free(key);		/* wipes them */
	sodium_free(secret);
	return rc;
}

/* The checks of keys SUB [NAME]; TP_EX_OK to go on. */
static int
keys_check(char **args, int nargs)
{
	int add = nargs > 0 && strcmp(args[0], "add") == 0;
	int name = add || (nargs > 0 && strcmp(args[0], "remove") == 0);

	if (nargs == 0 || (!name && strcmp(args[0], "list") != 0))
		return tp_usage_error("keys: add NAME, list or remove NAME");
	if (nargs != 1 + name)
		return tp_usage_error(name ? "keys %s: give one account NAME" :
		    "keys %s takes no NAME", args[0]);
	if (name && !tp_lkeys_name_ok(args[1]))
		/* not quoted: a key given here by mistake stays unsaid */
		return tp_usage_error("keys %s: an account NAME is 1 to %d "
		    "letters, digits, _ and -", args[0], TP_LKEYS_NAME - 1);
	if (!add && (ko.exchange != NULL || ko.market != NULL || ko.testnet))
		return tp_usage_error("--exchange, --market and --testnet are "
		    "for keys add");
	if (add && ko.exchange == NULL)
		return tp_usage_error("keys add: give the exchange with "
		    "--exchange binance|bybit|kraken|coinbase");
	if (add && tp_live_venue(ko.exchange) == NULL)
		return tp_usage_error("--exchange: expected binance, bybit, "
		    "kraken or coinbase, not \"%s\"", ko.exchange);
	if (ko.market != NULL && strcmp(ko.market, "spot") != 0 &&
	    strcmp(ko.market, "futures") != 0)
		return tp_usage_error("--market: expected spot or futures, not "
		    "\"%s\"", ko.market);
	if (ko.dir != NULL && *ko.dir == '\0')
		return tp_usage_error("--keys: give a directory");
	return TP_EX_OK;
}

static int
keys(char **args, int nargs)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_lkeys ks;
	int rc;

	if ((rc = keys_check(args, nargs)) != TP_EX_OK)
		return rc;
	if (tp_lkeys_init(&ks, ko.dir, &err) < 0)
		return tp_cli_fail(&err);
	if (strcmp(args[0], "add") == 0)
		rc = keys_add(&ks, args[1], &err);
	else if (strcmp(args[0], "remove") == 0)
		rc = tp_lkeys_remove(&ks, args[1], &err);
	else
		rc = tp_lkeys_list(&ks, key_record, NULL, &err);
	return rc < 0 ? tp_cli_fail(&err) : tp_cli_done();
}

/* The live account --live names (tp_lkeys.h), its run (tp_exlive.h). */
static struct tp_live live;
static struct tp_exlive lv;
static int live_open;

/* Open --live's account from the key store and trade it in x's run. */
static int
open_live(struct tp_exec *x, struct tp_err *err)
{
	static struct tp_lkeys ks;	/* err may name its file */

	if (tp_lkeys_init(&ks, ko.dir, err) < 0 ||
	    tp_lkeys_open(&ks, o.live, &live, err) < 0)
		return -1;
	live_open = 1;
	return tp_exlive_open(&lv, x, &live, o.live, err);
}

static int
command(const char *cmd, char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_lock lock = { -1 };
	struct tp_exec x;
	int rc;

	if (strcmp(cmd, "keys") == 0)
		return keys(files, nfiles);
	if (strcmp(cmd, "status") == 0)
		return tp_exec_status(o.db, o.kill_file, &o.names,
		    STDOUT_FILENO, &err) < 0 ? tp_cli_fail(&err) : TP_EX_OK;
	if (tp_lock_take(&lock, o.db, (int)(o.wait_s * 1000), &err) < 0)
		return tp_cli_fail(&err);
	if (tp_exec_open(&x, &o.st, &o.names, o.db, o.kill_file,
	    (int)(o.wait_s * 1000), o.live != NULL, &err) < 0 ||
	    (o.live != NULL && (open_live(&x, &err) < 0 ||
	    tp_exec_cancel_pending(&x, &err) < 0)))
		rc = tp_cli_fail(&err);
	else if (strcmp(cmd, "run") == 0)
		rc = run(&x, files, nfiles);
	else if ((strcmp(cmd, "halt") == 0 ? tp_exec_halt(&x, o.reason,
	    o.close_all, &err) : strcmp(cmd, "reconcile") == 0 ?
	    tp_exrecon_resolve(&lv, o.adopt, &err) :
	    tp_exec_resume(&x, &err)) < 0 ||
	    tp_exec_finish(&x, STDOUT_FILENO, &err) < 0)
		rc = tp_cli_fail(&err);
	else
		rc = TP_EX_OK;
	if (rc == TP_EX_OK && x.live != NULL && x.live->down) {
		tp_warn("%s did not answer for now: what was done is in the "
		    "journal (see the events); retry later", live.v->name);
		rc = TP_EX_TEMPFAIL;
	} else if (rc == TP_EX_OK && x.live != NULL && x.live->unknown > 0) {
		tp_warn("%ld order%s whose fate the exchange did not tell: the "
		    "next run asks again", x.live->unknown,
		    x.live->unknown == 1 ? "" : "s");
		rc = TP_EX_TEMPFAIL;
	}
	tp_exec_release(&x);
	if (x.live != NULL)
		tp_exlive_release(&lv);
	if (live_open)
		tp_live_release(&live);
	live_open = 0;
	tp_lock_release(&lock);
	return rc;
}

/* The checks of command cmd; TP_EX_OK to go on. */
static int
check_args(const char *cmd, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;

	if (strcmp(cmd, "keys") == 0)
		return TP_EX_OK;	/* keys() checks its own */
	if (o.db == NULL)
		return tp_usage_error("give the journal with --db DB");
	if (strcmp(cmd, "run") != 0 && nfiles > 0)
		return tp_usage_error("%s takes no files", cmd);
	if (strcmp(cmd, "run") == 0 && o.strategy == NULL)
		return tp_usage_error("give the strategy with --strategy FILE");
	if (o.close_all && o.strategy == NULL)
		return tp_usage_error("--close-all: for halt, with --strategy");
	if (o.live != NULL && o.strategy == NULL)
		return tp_usage_error("--live: with --strategy");
	if (strcmp(cmd, "reconcile") == 0 && (o.live == NULL ||
	    o.adopt == o.ignore))
		return tp_usage_error("reconcile: give the account with --live "
		    "ACCOUNT, its strategy, and --adopt or --ignore");
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
