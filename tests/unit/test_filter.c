/*
 * test_filter.c: unit tests for the filter driver (rec/tp_filter.h).
 *
 * Expected values follow tp_filter.h's contract and tp(7): records pass
 * through verbatim, the output format follows the input when none is
 * asked for, a data error is skipped only with --skip-bad, and a reader
 * of the output that went away is not an error of the program's.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "rec/tp_filter.h"

/* A file holding text, its name in path (a mkstemp template). */
static int
file_of(char *path, const char *text)
{
	int fd = mkstemp(path);
	size_t n = strlen(text);

	if (fd < 0 || write(fd, text, n) != (ssize_t)n)
		return -1;
	return close(fd);
}

/* The text of the file at fd, from its start, into buf. */
static const char *
text_of(int fd, char *buf, size_t cap)
{
	ssize_t n = pread(fd, buf, cap - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* What the hooks saw. */
struct seen {
	int price_id;		/* a record whose price is "bad" is bad */
	int stop_on_bad;	/* ... and stops the run, skip or not */
	int refuse_csv;		/* the format hook refuses CSV */
	int may_skip;		/* the may_skip hook's answer */
	long steps, ends;
	int formats;
	enum tp_fmt fmt;
};

static long nskipped;

static void
skipped(const struct tp_err *err)
{
	(void)err;
	nskipped++;
}

static int
step(void *ctx, struct tp_filter *f, struct tp_rec *rec, struct tp_err *err)
{
	struct seen *s = ctx;
	int i = tp_rec_find(rec, s->price_id, -1);

	(void)f;
	s->steps++;
	if (i >= 0 && rec->f[i].n == 3 && memcmp(rec->f[i].p, "bad", 3) == 0) {
		tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "bad price");
		return s->stop_on_bad ? TP_FILTER_STOP : -1;
	}
	return 0;
}

static int
format(void *ctx, enum tp_fmt fmt, struct tp_err *err)
{
	struct seen *s = ctx;

	s->formats++;
	s->fmt = fmt;
	if (s->refuse_csv && fmt == TP_FMT_CSV)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "no CSV");
	return 0;
}

static int
may_skip(void *ctx, const struct tp_err *err)
{
	(void)err;
	return ((struct seen *)ctx)->may_skip;
}

static int
end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	(void)f;
	(void)err;
	((struct seen *)ctx)->ends++;
	return 0;
}

/*
 * Run a passing filter over text into a fresh temporary file; out gets
 * what it wrote.  Returns tp_filter_run's result, *code err's code.
 */
static int
run(const char *text, struct seen *s, int skip_bad, enum tp_fmt out_fmt,
    struct tp_filter *f, int *code, char *out, size_t cap)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	char in[] = "/tmp/test_filter_inXXXXXX";
	char outp[] = "/tmp/test_filter_outXXXXXX";
	char *files[1] = { in };
	int rc, fd;

	tp_names_init(&names);
	s->price_id = tp_names_intern(&names, "price", 5);
	fd = mkstemp(outp);
	if (file_of(in, text) < 0 || fd < 0) {
		tap_ok(0, "temporary files");
		return -1;
	}
	nskipped = 0;
	tp_filter_init(f, &names);
	f->files = files, f->nfiles = 1;
	f->out_fd = fd, f->out_fmt = out_fmt;
	f->skip_bad = skip_bad, f->pass = 1;
	f->ctx = s, f->step = step, f->format = format, f->end = end;
	f->may_skip = may_skip, f->skipped_fn = skipped;
	rc = tp_filter_run(f, &err);
	*code = err.code;
	text_of(fd, out, cap);
	close(fd);
	unlink(in);
	unlink(outp);
	tp_names_release(&names);
	return rc;
}

static void
test_format(void)
{
	struct seen s = { .may_skip = 1 };
	struct tp_filter f;
	char out[256];
	int code;

	run("{\"time\":1,\"price\":2}\n", &s, 0, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out));
	tap_ok(strcmp(out, "{\"time\":1,\"price\":2}\n") == 0 &&
	    s.fmt == TP_FMT_NDJSON && s.formats == 1,
	    "NDJSON in, NDJSON out, settled once");
	memset(&s, 0, sizeof(s));
	run("time,price\n1,2\n3,4\n", &s, 0, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out));
	tap_ok(strcmp(out, "time,price\n1,2\n3,4\n") == 0 &&
	    s.fmt == TP_FMT_CSV && s.formats == 1,
	    "CSV in, CSV out");
	memset(&s, 0, sizeof(s));
	run("time,price\n1,2\n", &s, 0, TP_FMT_NDJSON, &f, &code, out,
	    sizeof(out));
	tap_ok(strcmp(out, "{\"time\":1,\"price\":2}\n") == 0,
	    "the format asked for wins");
	memset(&s, 0, sizeof(s));
	s.refuse_csv = 1;
	tap_ok(run("time,price\n1,2\n", &s, 0, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out)) < 0 && code == TP_EX_USAGE && out[0] == '\0' &&
	    s.steps == 1 && s.ends == 1,
	    "a format refused stops before the first write, and ends");
	memset(&s, 0, sizeof(s));
	s.refuse_csv = 1;
	tap_ok(run("time,price\n1,2\n", &s, 0, TP_FMT_CSV, &f, &code, out,
	    sizeof(out)) < 0 && code == TP_EX_USAGE && s.steps == 0 &&
	    s.ends == 1, "a format asked for is refused before any read");
}

static void
test_skip(void)
{
	static const char text[] = "time,price\n1,2\n2,bad\n3,4\n";
	struct seen s = { .may_skip = 1 };
	struct tp_filter f;
	char out[256];
	int code;

	tap_ok(run(text, &s, 1, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out)) == 0 && f.skipped == 1 && nskipped == 1 &&
	    strcmp(out, "time,price\n1,2\n3,4\n") == 0,
	    "--skip-bad: a bad record is reported, counted and dropped");
	memset(&s, 0, sizeof(s));
	s.may_skip = 1;
	tap_ok(run(text, &s, 0, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out)) < 0 && code == TP_EX_DATAERR && f.skipped == 0 &&
	    strcmp(out, "time,price\n1,2\n") == 0 && s.ends == 1,
	    "without --skip-bad it stops; the records before it are written");
	memset(&s, 0, sizeof(s));
	s.may_skip = 0;
	tap_ok(run(text, &s, 1, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out)) < 0 && code == TP_EX_DATAERR && nskipped == 0,
	    "a data error the program will not skip stops");
	memset(&s, 0, sizeof(s));
	s.may_skip = 1;
	s.stop_on_bad = 1;
	tap_ok(run(text, &s, 1, TP_FMT_AUTO, &f, &code, out,
	    sizeof(out)) < 0 && code == TP_EX_DATAERR && nskipped == 0 &&
	    s.steps == 2, "TP_FILTER_STOP is never skipped");
	memset(&s, 0, sizeof(s));
	s.may_skip = 1;
	tap_ok(run("{\"time\":1}\n{\"time\":\n{\"time\":3}\n", &s, 1,
	    TP_FMT_AUTO, &f, &code, out, sizeof(out)) == 0 &&
	    f.skipped == 1 && s.steps == 2 &&
	    strcmp(out, "{\"time\":1}\n{\"time\":3}\n") == 0,
	    "a record the reader cannot read is skipped too");
}

/* --tee: a reader of the copy that goes away ends the copy, not the run;
 * without tee it ends the run, quietly (broken). */
static void
test_broken(int tee)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct seen s = { .may_skip = 1 };
	struct tp_filter f;
	char in[] = "/tmp/test_filter_inXXXXXX", *files[1] = { in };
	char *text = malloc(2u << 20);
	size_t n = 0;
	int pfd[2], rc;

	/* More than a pipe and the writer's buffer hold. */
	while (n + 32 < (2u << 20)) {
		memcpy(text + n, "{\"time\":1,\"price\":2}\n", 21);
		n += 21;
	}
	text[n] = '\0';
	tp_names_init(&names);
	s.price_id = tp_names_intern(&names, "price", 5);
	if (file_of(in, text) < 0 || pipe(pfd) < 0) {
		tap_ok(0, "temporary files");
		return;
	}
	close(pfd[0]);
	tp_filter_init(&f, &names);
	f.files = files, f.nfiles = 1;
	f.out_fd = pfd[1];
	f.pass = 1, f.tee = tee;
	f.ctx = &s, f.step = step, f.end = end;
	rc = tp_filter_run(&f, &err);
	if (tee)
		tap_ok(rc == 0 && err.code == 0 && f.broken &&
		    s.steps == (long)(n / 21) && s.ends == 1,
		    "tee: the copy's reader gone, every record is worked");
	else
		tap_ok(rc < 0 && err.code == TP_EX_IOERR && f.broken &&
		    s.steps < (long)(n / 21) && s.ends == 1,
		    "the output's reader gone, the run stops, broken set");
	close(pfd[1]);
	unlink(in);
	free(text);
	tp_names_release(&names);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_format();
	test_skip();
	test_broken(1);
	test_broken(0);
	return tap_done();
}
