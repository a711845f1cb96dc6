/*
 * tp_append.c: continuing a candle file (tp-fetch --append), see
 * tp_append.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feed/tp_append.h"
#include "core/tp_time.h"

#define TAIL 65536	/* the last line of a candle file is far shorter */

static int
sys_fail(const char *path, const char *what, struct tp_err *err)
{
	return tp_errf(err, errno == ENOENT ? TP_EX_NOINPUT : TP_EX_IOERR,
	    path, 0, "%s: %s", what, strerror(errno));
}

/* The last '\n' in p[0..n), or NULL (memrchr is not POSIX). */
static char *
last_nl(char *p, size_t n)
{
	while (n > 0)
		if (p[--n] == '\n')
			return p + n;
	return NULL;
}

/* Read n bytes at off into buf. */
static int
read_at(int fd, char *buf, size_t n, off_t off)
{
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		r = pread(fd, buf + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* The first line of the file (its CSV header, or its first record). */
static int
first_line(int fd, char *buf, size_t n, const char *path, struct tp_err *err)
{
	ssize_t r = pread(fd, buf, n - 1, 0);
	char *nl;

	if (r < 0)
		return sys_fail(path, "cannot read", err);
	buf[r] = '\0';
	if ((nl = strchr(buf, '\n')) == NULL)
		return tp_errf(err, TP_EX_DATAERR, path, 1, "the first line "
		    "is longer than %zu bytes: not a candle file", n);
	*nl = '\0';
	if (nl > buf && nl[-1] == '\r')
		nl[-1] = '\0';
	return 0;
}

/* Split a CSV header into field ids. */
static int
header_ids(struct tp_append *ap, char *line, struct tp_names *names,
    struct tp_err *err)
{
	char *p = line, *c;
	int id;

	for (;;) {
		c = strchr(p, ',');
		if (c != NULL)
			*c = '\0';
		id = tp_names_intern(names, p, strlen(p));
		if (id < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		if (strcmp(p, "time") == 0)
			ap->time_col = ap->nhdr;
		if (ap->nhdr < TP_APPEND_MAXCOLS)
			ap->hdr[ap->nhdr++] = id;
		if (c == NULL)
			break;
		p = c + 1;
	}
	if (ap->time_col < 0)
		return tp_errf(err, TP_EX_DATAERR, ap->path, 1, "no \"time\" "
		    "column: not a tp candle file");
	return 0;
}

/* The time in the last line, line (NUL-ended, in place). */
static int
last_time(struct tp_append *ap, char *line, struct tp_names *names,
    struct tp_err *err)
{
	const char *why = "no time";
	char *p = line, *end;
	int k;

	if (ap->fmt == TP_FMT_NDJSON) {
		/* "time": then the value, a number or a quoted time */
		p = strstr(line, "\"time\":");
		if (p == NULL)
			return tp_errf(err, TP_EX_DATAERR, ap->path, 0, "the "
			    "last record has no \"time\"");
		p += 7;
		if (*p == '"')
			p++;
		end = p + strcspn(p, "\",}");
	} else {
		for (k = 0; k < ap->time_col && p != NULL; k++)
			if ((p = strchr(p, ',')) != NULL)
				p++;
		if (p == NULL)
			return tp_errf(err, TP_EX_DATAERR, ap->path, 0, "the "
			    "last line has no time column");
		end = p + strcspn(p, ",");
	}
	(void)names;
	if (tp_time_parse(p, (size_t)(end - p), TP_UNIT_MS, &ap->last,
	    &why) < 0)
		return tp_errf(err, TP_EX_DATAERR, ap->path, 0, "the last "
		    "candle's time: %s", why);
	return 0;
}

/*
 * Cut a last line without its newline (a run that died while writing),
 * then find the last whole line and its time.
 */
static int
read_tail(struct tp_append *ap, off_t size, struct tp_names *names,
    struct tp_err *err)
{
	size_t n = size < TAIL ? (size_t)size : TAIL;
	off_t off = size - (off_t)n, keep;
	char *buf = malloc(n + 1), *nl, *line;
	int rc = -1;

	if (buf == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (read_at(ap->fd, buf, n, off) < 0) {
		sys_fail(ap->path, "cannot read", err);
		goto out;
	}
	buf[n] = '\0';
	nl = last_nl(buf, n);
	if (nl == NULL) {
		tp_errf(err, TP_EX_DATAERR, ap->path, 0, "no whole line in "
		    "its last %zu bytes", n);
		goto out;
	}
	keep = off + (nl - buf) + 1;
	if (keep < size) {
		if (ftruncate(ap->fd, keep) < 0) {
			sys_fail(ap->path, "cannot cut the partial last line",
			    err);
			goto out;
		}
		ap->cut = size - keep;
	}
	*nl = '\0';
	line = last_nl(buf, (size_t)(nl - buf));
	line = line != NULL ? line + 1 : buf;
	if (line == buf && off == 0 && ap->fmt == TP_FMT_CSV) {
		ap->last = -1;		/* a header and no candle yet */
		rc = 0;
		goto out;
	}
	rc = last_time(ap, line, names, err);
out:
	free(buf);
	return rc;
}

int
tp_append_open(struct tp_append *ap, const char *path,
    struct tp_names *names, struct tp_err *err)
{
	char line[8192];
	struct stat sb;

	memset(ap, 0, sizeof(*ap));
	ap->path = path;
	ap->time_col = -1;
	ap->last = -1;
	ap->fd = open(path, O_RDWR | O_APPEND | O_CREAT, 0644);
	if (ap->fd < 0)
		return sys_fail(path, "cannot open", err);
	if (fstat(ap->fd, &sb) < 0)
		return sys_fail(path, "cannot stat", err);
	if (sb.st_size == 0) {
		ap->fmt = TP_FMT_AUTO;	/* new: the source's, header too */
		return 0;
	}
	if (first_line(ap->fd, line, sizeof(line), path, err) < 0)
		return -1;
	ap->fmt = line[0] == '{' ? TP_FMT_NDJSON : TP_FMT_CSV;
	if (ap->fmt == TP_FMT_CSV && header_ids(ap, line, names, err) < 0)
		return -1;
	return read_tail(ap, sb.st_size, names, err);
}

int
tp_append_finish(struct tp_append *ap, struct tp_err *err)
{
	if (fsync(ap->fd) < 0)
		return sys_fail(ap->path, "cannot sync", err);
	return 0;
}

void
tp_append_close(struct tp_append *ap)
{
	if (ap->fd > 0)
		close(ap->fd);
	ap->fd = -1;
}
