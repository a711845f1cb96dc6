/*
 * cli.h: the program side every tp program shares: the one place that
 * prints diagnostics, and the option and command tables.
 *
 * Every message is one line on stderr, "prog: file:line: message", built in
 * a buffer with control bytes turned into '?' and written with one write(2),
 * so that messages from the programs of a pipeline never interleave.  Only
 * cmd/ calls these; lib/ reports through struct tp_err.
 */
#ifndef TP_CLI_H
#define TP_CLI_H

#include <stdint.h>

#include "core/tp_err.h"
#include "ind/tp_ind.h"
#include "rec/tp_filter.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"
#include "trade/tp_table.h"

/* Remember the program name (basename of argv[0]) and ignore SIGPIPE so that
 * a reader going away shows up as EPIPE, which tp_out handles quietly. */
void tp_cli_init(const char *argv0);

/* "prog: message" */
void tp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "prog: file:line: message" from an error value. */
void tp_cli_report(const struct tp_err *err);

/* Report err, prefixed by "warning: skipped: " (for --skip-bad). */
void tp_cli_skipped(const struct tp_err *err);

/* Report err, prefixed by "warning: " (the program goes on). */
void tp_cli_warning(const struct tp_err *err);

/* A progress line on stderr when it is a terminal, rewritten in place;
 * NULL ends it. */
void tp_cli_progress(const char *line);

/* Report err and return its code: "return tp_cli_fail(&err);". */
int tp_cli_fail(const struct tp_err *err);

/* "prog: message" then "try 'prog --help'"; returns TP_EX_USAGE. */
int tp_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * After a failed read or step of a filter: with --skip-bad and a data
 * error, report it as skipped, count it in *skipped, clear it and return 1
 * (go on); otherwise return 0 (stop).
 */
int tp_cli_skip(struct tp_err *err, int skip_bad, long *skipped);

/*
 * End a filter: write out what is buffered (records before a bad one are
 * good), release the writer and choose the exit status: 0 when the reader
 * went away (| head), err's code, reported, after an error, else status,
 * with a warning that counts the skipped records.
 */
int tp_cli_finish(struct tp_writer *w, struct tp_err *err, long skipped,
    int status);

/*
 * One line of a secret from standard input into buf (cap bytes, which
 * the caller keeps in locked memory and wipes), NUL-ended, its newline
 * kept: at a terminal, after prompt on stderr (NULL: none) and not
 * echoed.  With block set, a first line that starts "-----BEGIN" is
 * read on to the line that starts "-----END" (a PEM block).  Read with
 * read(2), a byte at a time: stdio's buffer would keep a copy nobody
 * wipes, and would take the lines after this one.  Returns the length
 * read: 0 at the end of the input, cap - 1 for a text that does not fit
 * (its rest unread); -1 on a read error (errno).
 */
long tp_cli_read_secret(const char *prompt, char *buf, size_t cap,
    int block);

/* Print the version line to stdout. */
void tp_cli_version(void);

/* ---- options and commands: one table each --------------------------- */

/*
 * A program's options are one table of struct tp_opt, its commands one of
 * struct tp_cmd.  tp_cli_parse() builds getopt_long()'s arguments from
 * them, stores each value where its entry says, and tp_cli_usage() prints
 * --help from the same tables, so the parser and --help cannot disagree
 * (tests/man.bats holds both to the man page).
 */
enum tp_opt_kind {
	TP_OPT_FLAG,	/* int *dst = 1 */
	TP_OPT_STR,	/* const char **dst = the value */
	TP_OPT_NUM,	/* double *dst: a number from lo to hi */
	TP_OPT_WHOLE,	/* int64_t *dst: a whole number from lo to hi */
	TP_OPT_INT,	/* int *dst: the same, lo and hi within int */
	TP_OPT_FMT,	/* enum tp_fmt *dst: csv or ndjson */
	TP_OPT_CALL	/* call(opt, value): everything else */
};

/* TP_OPT_CALL's return: TP_EX_OK, a reported usage error (or any exit
 * status), or TP_CLI_DONE: stop here and exit 0 (--list). */
#define TP_CLI_DONE (-1)

struct tp_opt {
	int key;		/* the short option letter; 0: long only */
	const char *name;	/* the long name, without "--" */
	const char *arg;	/* the value's name in --help ("FILE"); NULL
				 * for a flag; "[=X]" an optional value */
	enum tp_opt_kind kind;
	void *dst;
	double lo, hi;		/* TP_OPT_NUM, TP_OPT_WHOLE */
	int (*call)(const struct tp_opt *opt, const char *arg);
	const char *cmds;	/* the commands it is for, by label, space
				 * separated; NULL: every one */
	const char *help;	/* --help's text; '\n' starts a new line */
	int first;		/* applied before the others (a file that
				 * the other options override) */
};

/* The options every filter has, worded once: the value goes to dst; for
 * lists the commands they belong to (NULL: every one). */
#define TP_OPT_SKIP_BAD(dst, for) { 'k', "skip-bad", NULL, TP_OPT_FLAG, \
	(dst), .cmds = (for), .help = "warn about bad records and drop them" }
#define TP_OPT_INPUT_FORMAT(dst, for) { 'i', "input-format", "csv|ndjson", \
	TP_OPT_FMT, (dst), .cmds = (for), \
	.help = "do not detect the input format" }
#define TP_OPT_STRATEGY(dst, for) { 's', "strategy", "FILE", TP_OPT_STR, \
	(dst), .cmds = (for), .help = "the strategy file (tp-strategy(5))" }
#define TP_OPT_KILL_FILE(dst, for) { 0, "kill-file", "FILE", TP_OPT_STR, \
	(dst), .cmds = (for), \
	.help = "halted while FILE exists (default DB.halt)" }
#define TP_OPT_OUTPUT_FORMAT(dst) { 'f', "format", "csv|ndjson", \
	TP_OPT_FMT, (dst), .help = "output format (default: the input's)" }

/*
 * A command: the first operand, wherever the options stand ("tp-journal
 * -f csv seal DB" is "tp-journal seal -f csv DB").  name lists the words
 * that choose it, space separated; NULL for the program's default (its
 * run without a command word).  label names it in --help and in tp_opt's
 * cmds (NULL: name).
 */
struct tp_cmd {
	const char *name;
	const char *label;
	const char *help;	/* --help's commands list; NULL: not listed */
};

struct tp_prog {
	const char *usage;	/* "usage: ..." lines, without the newline */
	const char *about;	/* the paragraph after them; may be NULL */
	const struct tp_cmd *cmds;	/* ends with an all-NULL entry; NULL:
					 * no commands */
	const struct tp_opt *opts;	/* ends with name NULL; -h and -V
					 * are added */
	const char *exit_status;	/* "exit status: ..." */
	/* --help lists the options under each command's text, then the
	 * options of every command as "common options". */
	int by_cmd;
	int col;	/* the column option texts start at (0: 27); a longer
			 * label has its text on the next line */
	/*
	 * Operands in order among the options (tp-ind's indicator specs
	 * and files): called for each; NULL: operands are collected after
	 * the options.
	 */
	int (*operand)(const char *arg);
};

/*
 * Start the program (tp_cli_init()), then parse argv by p's tables: each
 * option's value checked and stored, the command word (when p has commands) chosen and each option given checked
 * to be one of its options.  Returns TP_EX_OK with *cmd the index of the
 * command in p->cmds (-1 without commands) and *args, *nargs the operands
 * after it; TP_CLI_DONE after --help, --version or a TP_OPT_CALL that
 * finished (the caller exits 0, or 74 when stdout fails: tp_cli_done());
 * else a usage error, reported.
 */
int tp_cli_parse(const struct tp_prog *p, int argc, char **argv, int *cmd,
    char ***args, int *nargs);

/* Print --help from p's tables to stdout. */
void tp_cli_usage(const struct tp_prog *p);

/* The exit status after TP_CLI_DONE: 0 (also when the reader of stdout has
 * gone), or 74 when writing it failed, said as "write error: REASON". */
int tp_cli_done(void);

/* The one parser of a number and of a whole number in an option's value,
 * and their one wording: "--opt: expected a [whole ]number from lo to hi,
 * not "arg"".  Return TP_EX_OK or the reported usage error. */
int tp_cli_num_opt(const char *opt, const char *arg, double lo, double hi,
    double *v);
int tp_cli_whole_opt(const char *opt, const char *arg, double lo,
    double hi, int64_t *v);

/* --format csv|ndjson|table: *table 1 for table (fmt untouched), else 0
 * and fmt set; --breakdown day|week|month into *period (enum tp_period).
 * Return TP_EX_OK or the reported usage error. */
int tp_cli_fmt_table_opt(const char *opt, const char *arg, enum tp_fmt *fmt,
    int *table);
int tp_cli_breakdown_opt(const char *opt, const char *arg, int *period);
/*
 * The tables of m and s (trade/tp_table.h) on stdout, coloured when
 * stdout is a terminal and NO_COLOR is not set: 0, also when the reader
 * went away; -1 with err when out of memory or writing failed.
 */
int tp_cli_tables(const struct tp_metrics *m, const struct tp_summary *s,
    int breakdown, struct tp_err *err);

/*
 * The exit status at the end of a run: 0 when the reader of the output
 * went away (| head), err's code, reported, after an error, else status,
 * with a warning that counts the skipped records.
 */
int tp_cli_status(int broken, const struct tp_err *err, long skipped,
    int status);

/*
 * Run the filter f (rec/tp_filter.h), skipped records reported as
 * "warning: skipped: ...", and end it as tp_cli_status() does.
 */
int tp_cli_filter(struct tp_filter *f);

/* After the input: warn about each other symbol (tp_inform_from()) no
 * record had, and each of its or the shifts' fields no record had: their
 * fields are empty.  from and shift name them as the user gave them:
 * "--from" and "--shift", or the strategy file's keys. */
void tp_cli_inform_warnings(const struct tp_inds *s, const char *from,
    const char *shift);

#endif
