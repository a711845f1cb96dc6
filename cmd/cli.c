#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "core/tp_num.h"
#include "core/tp_secret.h"
#include "core/tp_version.h"
#include "ind/tp_inform.h"

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

/* Read a line into buf from n on (see tp_cli_read_secret), NUL-ended:
 * its new length; *got read(2)'s last return, 1 when the line ended. */
static size_t
read_line(char *buf, size_t n, size_t cap, ssize_t *got)
{
	size_t start = n;

	*got = 1;
	while (n + 1 < cap && (n == start || buf[n - 1] != '\n')) {
		*got = read(STDIN_FILENO, buf + n, 1);
		if (*got == 1)
			n++;
		else if (!(*got < 0 && errno == EINTR))
			break;
	}
	buf[n] = '\0';
	return n;
}

long
tp_cli_read_secret(const char *prompt, char *buf, size_t cap, int block)
{
	struct termios was, quiet;
	size_t n, line = 0;
	ssize_t got;
	int tty, e;

	tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &was) == 0;
	if (tty) {
		quiet = was;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		if (prompt != NULL && write(STDERR_FILENO, prompt,
		    strlen(prompt)) < 0)
			prompt = NULL;
	}
	n = read_line(buf, 0, cap, &got);
	/* a block's lines, pasted at once, are read before the terminal
	 * is flushed */
	while (block && got == 1 && strncmp(buf, "-----BEGIN", 10) == 0 &&
	    strncmp(buf + line, "-----END", 8) != 0 && n + 1 < cap) {
		line = n;
		n = read_line(buf, n, cap, &got);
	}
	e = errno;
	if (tty) {
		/* what was typed after it is not for the shell either */
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &was);
		/* the newline typed was not echoed */
		if (write(STDERR_FILENO, "\n", 1) < 0)
			tty = 0;
	}
	errno = e;
	return got < 0 ? -1 : (long)n;
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
	return tp_cli_status(tp_writer_close(w, err), err, skipped, status);
}

int
tp_cli_fail(const struct tp_err *err)
{
	tp_cli_report(err);
	return err->code;
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
    int64_t *v)
{
	char *end;
	double d;
	long long x;
	int rc = range_opt(opt, arg, lo, hi, 1, &d);

	if (rc != TP_EX_OK)
		return rc;
	/* Digits alone are read exactly: a seed above 2^53 is that seed,
	 * not the nearest double. */
	errno = 0;
	x = strtoll(arg, &end, 10);
	*v = *end == '\0' && errno == 0 ? (int64_t)x : (int64_t)d;
	return TP_EX_OK;
}

int
tp_cli_fmt_table_opt(const char *opt, const char *arg, enum tp_fmt *fmt,
    int *table)
{
	*table = strcmp(arg, "table") == 0;
	if (*table || tp_rec_fmt_parse(arg, fmt) == 0)
		return TP_EX_OK;
	return tp_usage_error("--%s: expected csv, ndjson or table, not "
	    "\"%s\"", opt, arg);
}

int
tp_cli_breakdown_opt(const char *opt, const char *arg, int *period)
{
	enum tp_period p;

	if (tp_period_parse(arg, &p) < 0)
		return tp_usage_error("--%s: expected day, week or month, not "
		    "\"%s\"", opt, arg);
	*period = (int)p;
	return TP_EX_OK;
}

int
tp_cli_tables(const struct tp_metrics *m, const struct tp_summary *s,
    int breakdown, struct tp_err *err)
{
	struct tp_tables t;
	int colour = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	int rc;

	if (tp_tables_build(m, s, breakdown, &t) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rc = tp_tables_text(&t, stdout, colour);
	tp_tables_release(&t);
	if ((fflush(stdout) != 0 || rc < 0) && errno != EPIPE)
		return tp_errf(err, TP_EX_IOERR, NULL, 0, "write error: %s",
		    strerror(errno));
	return 0;
}

/* ---- option and command tables ------------------------------------------ */

#define MAXOPT 64

static const struct tp_opt help_opts[] = {
	{ 'h', "help", .help = "show this help" },
	{ 'V', "version", .help = "show the version" },
};

/* The label commands are known by in tp_opt.cmds and messages. */
static const char *
cmd_label(const struct tp_prog *p, int k)
{
	if (k < 0)
		return prog;
	if (p->cmds[k].label != NULL)
		return p->cmds[k].label;
	return p->cmds[k].name != NULL ? p->cmds[k].name : prog;
}

/* Whether word is one of the space-separated words of list. */
static int
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *s;

	for (s = list; (s = strstr(s, word)) != NULL; s += n)
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' ||
		    s[n] == '\0'))
			return 1;
	return 0;
}

/* "  -s, --strategy FILE" into label; its length. */
static int
opt_label(const struct tp_opt *o, char *label, size_t n)
{
	return snprintf(label, n, "  %c%c%s--%s%s%s", o->key ? '-' : ' ',
	    o->key ? o->key : ' ', o->key ? ", " : "  ", o->name,
	    o->arg == NULL || o->arg[0] == '[' ? "" : " ",
	    o->arg != NULL ? o->arg : "");
}

/* Help text, its later lines indented to column col. */
static void
print_text(const char *text, int col)
{
	const char *nl;

	for (; (nl = strchr(text, '\n')) != NULL; text = nl + 1)
		printf("%.*s\n%*s", (int)(nl - text), text, col, "");
	printf("%s\n", text);
}

/* One option of --help, its text from column col; a label too long for
 * that has its text on the next line. */
static void
print_opt(const struct tp_opt *o, int col)
{
	char label[80];
	int n = opt_label(o, label, sizeof(label));

	if (n <= col - 2)
		printf("%s%*s", label, col - n, "");
	else
		printf("%s\n%*s", label, col, "");
	print_text(o->help, col);
}

/* The options of command label (NULL: those of every command). */
static void
print_opts(const struct tp_prog *p, const char *label, int col)
{
	const struct tp_opt *o;

	for (o = p->opts; o->name != NULL; o++)
		if (label == NULL ? o->cmds == NULL : o->cmds != NULL &&
		    has_word(o->cmds, label))
			print_opt(o, col);
}

void
tp_cli_usage(const struct tp_prog *p)
{
	const struct tp_cmd *c;
	const char *label;
	int col = p->col > 0 ? p->col : 27, n, listed = 0;
	size_t i;

	printf("%s\n\n", p->usage);
	if (p->about != NULL)
		printf("%s\n\n", p->about);
	for (c = p->cmds; c != NULL && (c->name || c->label); c++) {
		if (c->help == NULL)
			continue;
		label = c->label != NULL ? c->label : c->name;
		if (p->by_cmd) {
			/* A paragraph, then the command's options. */
			printf("%s\n", c->help);
			print_opts(p, label, col);
			printf("\n");
			continue;
		}
		/* The command's text from column 12, or after a space. */
		n = printf("  %s", label);
		printf("%*s", n < 11 ? 12 - n : 2, "");
		print_text(c->help, 12);
		listed = 1;
	}
	if (listed)
		printf("\n");
	printf(p->by_cmd ? "common options:\n" : "options:\n");
	if (p->by_cmd)
		print_opts(p, NULL, col);
	else
		for (i = 0; p->opts[i].name != NULL; i++)
			print_opt(&p->opts[i], col);
	for (i = 0; i < sizeof(help_opts) / sizeof(*help_opts); i++)
		print_opt(&help_opts[i], col);
	printf("\n%s\n", p->exit_status);
}

int
tp_cli_done(void)
{
	int e;

	/* A text longer than stdout's buffer failed inside printf: the
	 * error flag tells, fflush has nothing left to fail on. */
	if (fflush(stdout) == 0 && !ferror(stdout))
		return TP_EX_OK;
	e = errno;
	/* the reader going away (| head) is no error, as in tp(7) */
	if (e == EPIPE)
		return TP_EX_OK;
	report("", NULL, 0, "write error: %s", strerror(e));
	return TP_EX_IOERR;
}

/* Store opt's value arg where its entry says. */
static int
set_opt(const struct tp_opt *o, const char *arg)
{
	int64_t v;
	int rc;

	switch (o->kind) {
	case TP_OPT_FLAG:
		*(int *)o->dst = 1;
		return TP_EX_OK;
	case TP_OPT_STR:
		*(const char **)o->dst = arg;
		return TP_EX_OK;
	case TP_OPT_NUM:
		return tp_cli_num_opt(o->name, arg, o->lo, o->hi, o->dst);
	case TP_OPT_WHOLE:
		return tp_cli_whole_opt(o->name, arg, o->lo, o->hi, o->dst);
	case TP_OPT_INT:
		if ((rc = tp_cli_whole_opt(o->name, arg, o->lo, o->hi,
		    &v)) == TP_EX_OK)
			*(int *)o->dst = (int)v;
		return rc;
	case TP_OPT_FMT:
		if (tp_rec_fmt_parse(arg, o->dst) < 0)
			return tp_usage_error("--%s: expected csv or ndjson, "
			    "not \"%s\"", o->name, arg);
		return TP_EX_OK;
	case TP_OPT_CALL:
		return o->call(o, arg);
	}
	return TP_EX_SOFTWARE;
}

/*
 * getopt_long()'s short and long option lists from p's table.  Commands
 * may share a letter or a name for options of their own (tp-qvalidate's
 * -a is --annotate-only for filter, --all for run): each is listed once.
 */
static void
build_getopt(const struct tp_prog *p, char *shorts, struct option *longs)
{
	const struct tp_opt *o;
	char *s = shorts;
	int n = 0, k;

	/* '-': operands come back in order, as 1; else GNU order, the
	 * operands permuted to the end.  ':': say a missing value. */
	if (p->operand != NULL)
		*s++ = '-';
	*s++ = ':';
	*s = '\0';
	for (o = p->opts; o->name != NULL && n < MAXOPT - 3; o++) {
		for (k = 0; k < n && strcmp(longs[k].name, o->name) != 0; k++)
			;
		if (k == n) {
			longs[n].name = o->name;
			longs[n].has_arg = o->arg == NULL ? no_argument :
			    o->arg[0] == '[' ? optional_argument :
			    required_argument;
			longs[n].flag = NULL;
			longs[n++].val = o->key ? o->key : 256;
		}
		if (o->key && strchr(shorts, o->key) == NULL) {
			*s++ = (char)o->key;
			if (o->arg != NULL)
				*s++ = ':';
			if (o->arg != NULL && o->arg[0] == '[')
				*s++ = ':';
			*s = '\0';
		}
	}
	longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n++] = (struct option){ "version", no_argument, NULL, 'V' };
	longs[n] = (struct option){ NULL, 0, NULL, 0 };
	strcpy(s, "hV");
}

/* An option given, kept until the command is known. */
struct given {
	const char *name;	/* the long name given, or NULL */
	int key;		/* else the letter */
	char *arg;
};

/* The entry of g for command cmd, or NULL; *any the first entry of its
 * name or letter, for the message. */
static const struct tp_opt *
find_opt(const struct tp_prog *p, const struct given *g, int cmd,
    const struct tp_opt **any)
{
	const struct tp_opt *o;

	*any = NULL;
	for (o = p->opts; o->name != NULL; o++) {
		if (g->name != NULL ? strcmp(o->name, g->name) != 0 :
		    o->key != g->key)
			continue;
		if (*any == NULL)
			*any = o;
		if (o->cmds == NULL || p->cmds == NULL ||
		    has_word(o->cmds, cmd_label(p, cmd)))
			return o;
	}
	return NULL;
}

/* The command argv[*i] names (moving *i past it), or the default. */
static int
find_cmd(const struct tp_prog *p, int argc, char **argv, int *i, int *cmd)
{
	int k, dflt = -1;

	for (k = 0; p->cmds[k].name != NULL || p->cmds[k].label != NULL;
	    k++) {
		if (p->cmds[k].name == NULL)
			dflt = k;
		else if (*i < argc && has_word(p->cmds[k].name, argv[*i])) {
			*cmd = k;
			++*i;
			return TP_EX_OK;
		}
	}
	if ((*cmd = dflt) >= 0)
		return TP_EX_OK;
	if (*i >= argc)
		return tp_usage_error("no command given");
	return tp_usage_error("unknown command \"%s\"", argv[*i]);
}

/* Whether label is a command word ("fix"; not the default run, not
 * tp-fetch's EXCHANGE, which stands for several). */
static int
is_word(const struct tp_prog *p, const char *label)
{
	int k;

	for (k = 0; p->cmds[k].name != NULL || p->cmds[k].label != NULL; k++)
		if (p->cmds[k].name != NULL && strcmp(p->cmds[k].name,
		    label) == 0)
			return 1;
	return 0;
}

/* Apply the option g for command cmd: "--sort is an option of fix",
 * "--follow is not an option of import" when it is not one of its. */
static int
apply(const struct tp_prog *p, const struct given *g, int cmd)
{
	const struct tp_opt *any, *o = find_opt(p, g, cmd, &any);

	if (o != NULL)
		return set_opt(o, g->arg);
	if (strchr(any->cmds, ' ') == NULL && is_word(p, any->cmds))
		return tp_usage_error("--%s is an option of %s", any->name,
		    any->cmds);
	return tp_usage_error("--%s is not an option of %s", any->name,
	    cmd_label(p, cmd));
}

/* Whether g is an option to apply first. */
static int
is_first(const struct tp_prog *p, const struct given *g, int cmd)
{
	const struct tp_opt *any, *o;

	if (g->key == 1 && g->name == NULL)
		return 0;
	o = find_opt(p, g, cmd, &any);
	return o != NULL && o->first;
}

/*
 * Read the options into g[], in order (operands too when p takes them in
 * order, as name NULL and key 1); *n their count.
 */
static int
collect(const struct tp_prog *p, int argc, char **argv, struct given *g,
    int *n)
{
	struct option longs[MAXOPT];
	char shorts[3 * MAXOPT + 8];
	int c, li;

	build_getopt(p, shorts, longs);
	opterr = 0;	/* said our way, below */
	for (*n = 0; li = -1, (c = getopt_long(argc, argv, shorts, longs,
	    &li)) != -1; ++*n) {
		if (c == 'h' || c == 'V') {
			if (c == 'h')
				tp_cli_usage(p);
			else
				tp_cli_version();
			return TP_CLI_DONE;
		}
		if (c == ':')
			return tp_usage_error("option %s needs a value",
			    argv[optind - 1]);
		if (c == '?')
			return tp_usage_error("unknown option %s",
			    argv[optind - 1]);
		g[*n].name = li >= 0 ? longs[li].name : NULL;
		g[*n].key = c;
		g[*n].arg = optarg;
	}
	return TP_EX_OK;
}

int
tp_cli_parse(const struct tp_prog *p, int argc, char **argv, int *cmd,
    char ***args, int *nargs)
{
	/* On the heap: xargs may give a program many thousand files. */
	struct given *g = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*g));
	int i, n, rc;

	tp_cli_init(argv[0]);
	*cmd = -1;
	*args = argv + argc;
	*nargs = 0;
	if (g == NULL) {
		tp_warn("out of memory");
		return TP_EX_SOFTWARE;
	}
	if ((rc = collect(p, argc, argv, g, &n)) != TP_EX_OK ||
	    (p->cmds != NULL && (rc = find_cmd(p, argc, argv, &optind,
	    cmd)) != TP_EX_OK)) {
		free(g);
		return rc;
	}
	/* The options marked first, then all the others in order. */
	for (i = 0; i < n && rc == TP_EX_OK; i++)
		if (is_first(p, &g[i], *cmd))
			rc = apply(p, &g[i], *cmd);
	for (i = 0; i < n && rc == TP_EX_OK; i++)
		if (g[i].key == 1 && g[i].name == NULL)
			rc = p->operand(g[i].arg);
		else if (!is_first(p, &g[i], *cmd))
			rc = apply(p, &g[i], *cmd);
	free(g);
	*args = argv + optind;
	*nargs = argc - optind;
	return rc;
}

int
tp_cli_status(int broken, const struct tp_err *err, long skipped, int status)
{
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
tp_cli_filter(struct tp_filter *f)
{
	struct tp_err err = TP_ERR_INIT;

	if (f->skipped_fn == NULL)
		f->skipped_fn = tp_cli_skipped;
	tp_filter_run(f, &err);
	return tp_cli_status(f->broken, &err, f->skipped, TP_EX_OK);
}

void
tp_cli_inform_warnings(const struct tp_inds *s, const char *from,
    const char *shift)
{
	const char *sym, *field;
	int i;

	for (i = 0; (sym = tp_inform_unseen(s, i)) != NULL; i++)
		tp_warn("%s %s: no record of that symbol: its fields are "
		    "empty", from, sym);
	for (i = 0; (field = tp_inform_unfound(s, i, &sym)) != NULL; i++)
		if (sym != NULL)
			tp_warn("%s %s: none of its records had field \"%s\": "
			    "its copies are empty", from, sym, field);
		else
			tp_warn("%s: no record had field \"%s\": its copies "
			    "are empty", shift, field);
}
