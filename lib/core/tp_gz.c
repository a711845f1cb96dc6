/*
 * tp_gz.c: gzip input through zlib (tp_gz.h).
 *
 * A gzip file may hold several members one after another (what
 * 'cat a.gz b.gz' makes, and what gzip(1) reads as one file), so the end
 * of a member is the end of the input only when no bytes follow it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "core/tp_gz.h"

/* Compressed bytes read at a time, as the reader's own blocks. */
#define GZ_BLOCK (1u << 16)

struct tp_gz {
	z_stream z;
	unsigned char *in;
	size_t cap;
	int in_eof;		/* fd has no more bytes */
	int between;		/* at the start of a member (or of the input) */
};

int
tp_gz_magic(const char *p, size_t n)
{
	return n >= 2 && (unsigned char)p[0] == 0x1f &&
	    (unsigned char)p[1] == 0x8b;
}

int
tp_gz_zip_magic(const char *p, size_t n)
{
	return n >= 4 && memcmp(p, "PK\003\004", 4) == 0;
}

struct tp_gz *
tp_gz_open(const char *p, size_t n)
{
	struct tp_gz *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	g->cap = n > GZ_BLOCK ? n : GZ_BLOCK;
	g->in = malloc(g->cap);
	/* 16 + 15: a gzip wrapper, the largest window */
	if (g->in == NULL || inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {
		free(g->in);
		free(g);
		return NULL;
	}
	memcpy(g->in, p, n);
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)n;
	g->between = 1;
	return g;
}

/* More compressed bytes; sets in_eof at the end of fd. */
static int
more(struct tp_gz *g, int fd, const char *name, struct tp_err *err)
{
	ssize_t k;

	do
		k = read(fd, g->in, g->cap);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return tp_errf(err, TP_EX_IOERR, name, 0, "read error: %s",
		    strerror(errno));
	g->in_eof = k == 0;
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)k;
	return 0;
}

ssize_t
tp_gz_read(struct tp_gz *g, int fd, char *out, size_t n, const char *name,
    struct tp_err *err)
{
	int rc;

	g->z.next_out = (unsigned char *)out;
	g->z.avail_out = (uInt)(n > GZ_BLOCK * 256 ? GZ_BLOCK * 256 : n);
	n = g->z.avail_out;
	while (g->z.avail_out == n) {
		if (g->z.avail_in == 0 && !g->in_eof &&
		    more(g, fd, name, err) < 0)
			return -1;
		if (g->z.avail_in == 0 && g->between)
			return 0;
		/*
		 * With the input all read, zlib may still hold output (the
		 * rest of a long match) or find an error: only when it
		 * makes no progress is the data cut short.  Saying so as
		 * soon as the input ran out refused good files read into
		 * a small space.
		 */
		g->between = 0;
		rc = inflate(&g->z, Z_NO_FLUSH);
		if (rc == Z_BUF_ERROR && g->z.avail_in == 0 && g->in_eof &&
		    g->z.avail_out == n)
			return tp_errf(err, TP_EX_DATAERR, name, 0,
			    "gzip data cut short");
		if (rc == Z_STREAM_END) {
			g->between = 1;
			if (inflateReset(&g->z) != Z_OK)
				return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
				    "zlib: cannot reset");
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			return tp_errf(err, rc == Z_MEM_ERROR ?
			    TP_EX_SOFTWARE : TP_EX_DATAERR, name, 0,
			    "bad gzip data: %s", g->z.msg != NULL ? g->z.msg :
			    zError(rc));
		}
	}
	return (ssize_t)(n - g->z.avail_out);
}

void
tp_gz_close(struct tp_gz *g)
{
	if (g == NULL)
		return;
	inflateEnd(&g->z);
	free(g->in);
	free(g);
}
