#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/tp_num.h"
#include "core/tp_secret.h"
#include "core/tp_version.h"

/* The program name is process-wide by nature; it is set once in main. */
static const char *prog = "tp";

void
tp_cli_init(const char *argv0)
{
	const char *slash;

	if (argv0 != NULL && *argv0 != '\0') {
		slash = strrchr(argv0, '/');
		prog = slash != NULL ? slash + 1 : argv0;
	}
	signal(SIGPIPE, SIG_IGN);
	/* libsodium (order ids, the journal's hashes, key files) starts
	 * here, once, in every program; the passphrase leaves the
	 * environment before anything could start a child. */
	if (tp_secret_init() < 0) {
		fprintf(stderr, "%s: cannot start libsodium\n", prog);
		exit(TP_EX_SOFTWARE);
	}
}

const char *
tp_cli_prog(void)
{
	return prog;
}

/* Format "prog: <prefix><message>\n" and write it at once. */
static void
vreport(const char *prefix, const char *file, long line, const char *fmt,
    va_list ap)
{
	char buf[1024];
	size_t n, i;
	int k;

	k = snprintf(buf, sizeof(buf), "%s: %s", prog, prefix);
	n = k < 0 ? 0 : (size_t)k;
	if (file != NULL && n < sizeof(buf)) {
		if (line > 0)
			k = snprintf(buf + n, sizeof(buf) - n, "%s:%ld: ",
			    file, line);
		else
			k = snprintf(buf + n, sizeof(buf) - n, "%s: ", file);
		n += k < 0 ? 0 : (size_t)k;
	}
	if (n < sizeof(buf)) {
		k = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
		n += k < 0 ? 0 : (size_t)k;
	}
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	/* A message quotes input; never let it move the terminal around:
	 * C0 controls and DEL, and the C1 controls as UTF-8 writes them
	 * (C2 80 to C2 9F: U+009B is CSI to some terminals). */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x20 || c == 0x7f)
			buf[i] = '?';
		else if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)buf[i + 1] >= 0x80 &&
		    (unsigned char)buf[i + 1] <= 0x9f)
			buf[i] = buf[i + 1] = '?';
	}
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, n) < 0)
		return;
}

static void
report(const char *prefix, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(prefix, file, line, fmt, ap);
	va_end(ap);
}

void
tp_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", NULL, 0, fmt, ap);
	va_end(ap);
}

void
tp_cli_report(const struct tp_err *err)
{
	report("", err->file, err->line, "%s", err->msg);
}

void
tp_cli_skipped(const struct tp_err *err)
{
	report("warning: skipped: ", err->file, err->line, "%s", err->msg);
}

void
tp_cli_warning(const struct tp_err *err)
{
	report("warning: ", err->file, err->line, "%s", err->msg);
}

void
tp_cli_progress(const char *line)
{
	static int shown;
	char buf[256];
	int k;

	if (!isatty(STDERR_FILENO))
		return;
	if (line == NULL) {
		if (shown && write(STDERR_FILENO, "\n", 1) < 0)
			return;
		shown = 0;
		return;
	}
	/* one line, rewritten in place, cleared to its end */
	k = snprintf(buf, sizeof(buf), "\r%s: %s\033[K", prog, line);
	if (k > 0 && write(STDERR_FILENO, buf, (size_t)k < sizeof(buf) ?
	    (size_t)k : sizeof(buf) - 1) > 0)
		shown = 1;
}

int
tp_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", NULL, 0, fmt, ap);
	va_end(ap);
	report("", NULL, 0, "try '%s --help'", prog);
	return TP_EX_USAGE;
}

void
tp_cli_version(void)
{
	printf("%s (tp) %s\n", prog, TP_VERSION);
}

int
tp_cli_skip(struct tp_err *err, int skip_bad, long *skipped)
{
	if (!skip_bad || err->code != TP_EX_DATAERR)
		return 0;
	tp_cli_skipped(err);
	tp_err_clear(err);
	++*skipped;
	return 1;
}

int
tp_cli_finish(struct tp_writer *w, struct tp_err *err, long skipped,
    int status)
{
	struct tp_err ignored = TP_ERR_INIT;
	int broken;

	tp_writer_flush(w, err->code != 0 ? &ignored : err);
	broken = w->broken_pipe;
	tp_writer_release(w);
	if (broken)
		return TP_EX_OK;
	if (err->code != 0) {
		tp_cli_report(err);
		return err->code;
	}
	if (skipped > 0)
		tp_warn("warning: skipped %ld bad record%s", skipped,
		    skipped == 1 ? "" : "s");
	return status;
}

int
tp_cli_fail(const struct tp_err *err)
{
	tp_cli_report(err);
	return err->code;
}

int
tp_cli_common_opt(int c, char **argv, const char *usage, int *rc)
{
	switch (c) {
	case 'h':
		fputs(usage, stdout);
		return 1;
	case 'V':
		tp_cli_version();
		return 1;
	case ':':
		*rc = tp_usage_error("option %s needs a value",
		    argv[optind - 1]);
		return 0;
	default:
		*rc = tp_usage_error("unknown option %s", argv[optind - 1]);
		return 0;
	}
}

int
tp_cli_format_opt(int c, const char *arg, enum tp_fmt *fmt)
{
	if (tp_rec_fmt_parse(arg, fmt) < 0)
		return tp_usage_error("--%s: expected csv or ndjson, not "
		    "\"%s\"", c == 'f' ? "format" : "input-format", arg);
	return TP_EX_OK;
}

/* --opt's value in [lo, hi], a whole number when whole is set. */
static int
range_opt(const char *opt, const char *arg, double lo, double hi, int whole,
    double *v)
{
	char a[TP_NUM_BUFSZ], b[TP_NUM_BUFSZ];

	if (tp_num_parse(arg, strlen(arg), v) == TP_NUM_OK && *v >= lo &&
	    *v <= hi && (!whole || *v == floor(*v)))
		return TP_EX_OK;
	tp_num_format(lo, a);
	tp_num_format(hi, b);
	return tp_usage_error("--%s: expected a %snumber from %s to %s, not "
	    "\"%s\"", opt, whole ? "whole " : "", a, b, arg);
}

int
tp_cli_num_opt(const char *opt, const char *arg, double lo, double hi,
    double *v)
{
	return range_opt(opt, arg, lo, hi, 0, v);
}

int
tp_cli_whole_opt(const char *opt, const char *arg, double lo, double hi,
    double *v)
{
	return range_opt(opt, arg, lo, hi, 1, v);
}
