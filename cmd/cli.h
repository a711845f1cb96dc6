/*
 * tp_cli.h: the one place tp programs print diagnostics.
 *
 * Every message is one line on stderr, "prog: file:line: message", built in
 * a buffer with control bytes turned into '?' and written with one write(2),
 * so that messages from the programs of a pipeline never interleave.  Only
 * cmd/ calls these; lib/ reports through struct tp_err.
 */
#ifndef TP_CLI_H
#define TP_CLI_H

#include "core/tp_err.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"

/* Remember the program name (basename of argv[0]) and ignore SIGPIPE so that
 * a reader going away shows up as EPIPE, which tp_out handles quietly. */
void tp_cli_init(const char *argv0);

const char *tp_cli_prog(void);

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

/* Print the version line to stdout. */
void tp_cli_version(void);

/*
 * The options every program shares, for the c getopt_long() returned:
 * -h prints usage, -V the version, and both return 1 (done: exit 0);
 * a missing value (':') or an unknown option reports a usage error into
 * *rc and returns 0.  argv is the program's, for the option's name.
 */
int tp_cli_common_opt(int c, char **argv, const char *usage, int *rc);

/* --opt's value arg as a number from lo to hi into *v; returns TP_EX_OK
 * or a reported usage error: "--opt: expected a number from lo to hi,
 * not "arg"". */
int tp_cli_num_opt(const char *opt, const char *arg, double lo, double hi,
    double *v);

/* The same for a whole number (a count, a seed, milliseconds): "2.5" is
 * "--opt: expected a whole number from lo to hi, not "2.5"", never 2. */
int tp_cli_whole_opt(const char *opt, const char *arg, double lo,
    double hi, double *v);

/* -f (output) or -i (input) FORMAT: csv or ndjson into *fmt; returns
 * TP_EX_OK or a reported usage error. */
int tp_cli_format_opt(int c, const char *arg, enum tp_fmt *fmt);

#endif
