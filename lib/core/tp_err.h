/*
 * tp_err.h: exit codes and the error value every lib/ function fills.
 *
 * lib/ never prints and never exits.  A function that fails returns < 0 and
 * fills the caller's struct tp_err: an exit code from enum tp_exit, the
 * input name and line that caused it (when input did), and a message.  The
 * first error sticks: later tp_errf() calls on a set error change nothing,
 * so the root cause is what the user sees.  Only cmd/ prints, through
 * tp_cli_report() (tp_cli.h).
 */
#ifndef TP_ERR_H
#define TP_ERR_H

/* BSD sysexits meanings, so a cron wrapper can tell "retry" from "fix me". */
enum tp_exit {
	TP_EX_OK = 0,
	TP_EX_USAGE = 64,	/* bad command line */
	TP_EX_DATAERR = 65,	/* bad input data */
	TP_EX_NOINPUT = 66,	/* cannot open an input */
	TP_EX_UNAVAILABLE = 69,	/* service unavailable */
	TP_EX_SOFTWARE = 70,	/* internal error */
	TP_EX_IOERR = 74,	/* read or write error */
	TP_EX_TEMPFAIL = 75,	/* temporary failure, retry later */
	TP_EX_CONFIG = 78	/* bad configuration */
};

struct tp_err {
	int code;		/* enum tp_exit; 0 while no error is set */
	const char *file;	/* input name, or NULL; not owned */
	long line;		/* 1-based input line, or 0 */
	char msg[480];		/* lower-case, no full stop, no newline */
};

#define TP_ERR_INIT { 0, NULL, 0, "" }

/*
 * Set the error (unless one is set already) and return -1, so that lib code
 * can write "return tp_errf(err, TP_EX_DATAERR, name, line, ...)".
 * file may be NULL and line 0 when no input is to blame.
 */
int tp_errf(struct tp_err *err, int code, const char *file, long line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Give a data error that was set without an input position (by a function
 * that did not know it) the position of the record being handled.
 */
void tp_err_at(struct tp_err *err, const char *file, long line);

/* Forget the error, e.g. after --skip-bad reported it. */
void tp_err_clear(struct tp_err *err);

#endif
