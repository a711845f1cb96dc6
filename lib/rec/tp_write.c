/*
 * tp_write.c: the record writer (see tp_rec.h).
 *
 * Values are written as the bytes they were read as whenever the output
 * format allows it; only a change of format re-encodes a value (a quoted
 * CSV cell becomes a JSON string, an escaped JSON string becomes a quoted
 * CSV cell).  Output goes through one buffer, written with write(2) when
 * it fills, so a stream costs one system call per WRITE_BLOCK bytes.
 * Each write(2) ends at the end of a line: a full buffer writes the
 * records it holds whole and keeps the one being built, so a reader of
 * the file (or a run killed between two writes) never meets half a line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rec/tp_enc.h"
#include "core/tp_newfile.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"
#include "rec/tp_read.h"

#define WRITE_BLOCK (256u << 10)

int
tp_writer_init(struct tp_writer *w, int fd, enum tp_fmt fmt,
    struct tp_names *names, struct tp_err *err)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->fmt = fmt;
	w->names = names;
	w->cap = WRITE_BLOCK;
	w->buf = malloc(w->cap);
	if (w->buf == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

void
tp_writer_release(struct tp_writer *w)
{
	free(w->buf);
	free(w->hdr);
	tp_buf_release(&w->tmp);
	tp_buf_release(&w->dec);
	memset(w, 0, sizeof(*w));
}

int
tp_writer_close(struct tp_writer *w, struct tp_err *err)
{
	struct tp_err ignored = TP_ERR_INIT;
	int broken;

	tp_writer_flush(w, err->code != 0 ? &ignored : err);
	broken = w->broken_pipe;
	tp_writer_release(w);
	return broken;
}

int
tp_write_all(int fd, const char *p, size_t n, int *broken_pipe,
    struct tp_err *err)
{
	size_t off = 0;
	ssize_t k;

	while (off < n) {
		k = write(fd, p + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			if (errno == EPIPE)
				*broken_pipe = 1;
			return tp_errf(err, TP_EX_IOERR, NULL, 0,
			    "write error: %s", strerror(errno));
		}
		off += (size_t)k;
	}
	return 0;
}

int
tp_write_file(const char *path, const char *p, size_t n, struct tp_err *err)
{
	struct tp_newfile f;
	int broken = 0;

	if (tp_newfile_open(&f, path, 0666, err) < 0)
		return -1;
	if (tp_write_all(f.fd, p, n, &broken, err) < 0) {
		err->file = path;
		tp_newfile_abort(&f);
		return -1;
	}
	return tp_newfile_commit(&f, err);
}

int
tp_writer_flush(struct tp_writer *w, struct tp_err *err)
{
	int rc = tp_write_all(w->fd, w->buf, w->len, &w->broken_pipe, err);

	w->len = 0;
	w->done = 0;
	return rc;
}

/*
 * Room for n more bytes in the output buffer: write out the whole lines
 * it holds and move the line being built to its front, or, when there is
 * none, grow it (a record longer than the buffer).
 */
static int
room(struct tp_writer *w, size_t n, struct tp_err *err)
{
	size_t part = w->len - w->done, cap;
	char *p;

	if (w->cap - w->len >= n)
		return 0;
	if (w->done > 0) {
		if (tp_write_all(w->fd, w->buf, w->done, &w->broken_pipe,
		    err) < 0) {
			w->len = w->done = 0;
			return -1;
		}
		memmove(w->buf, w->buf + w->done, part);
		w->len = part;
		w->done = 0;
		if (w->cap - w->len >= n)
			return 0;
	}
	cap = w->cap;
	while (cap - w->len < n)
		cap = cap > SIZE_MAX / 2 ? w->len + n : cap * 2;
	p = realloc(w->buf, cap);
	if (p == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	w->buf = p;
	w->cap = cap;
	return 0;
}

static int
put_slow(struct tp_writer *w, const char *p, size_t n, struct tp_err *err)
{
	if (room(w, n, err) < 0)
		return -1;
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

/* The hot path of every writer: inline, so that short constant pieces
 * ("," and "}\n") become plain stores. */
static inline int
put(struct tp_writer *w, const char *p, size_t n, struct tp_err *err)
{
	if (w->cap - w->len < n)
		return put_slow(w, p, n, err);
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

static int
put_tmp(struct tp_writer *w, struct tp_err *err)
{
	return put(w, w->tmp.p, w->tmp.len, err);
}

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

/* A CSV cell holds no type; in JSON it becomes null, a number, a boolean or
 * a string, read from its text. */
static int
json_from_text(struct tp_writer *w, const char *p, size_t n,
    struct tp_err *err)
{
	switch (tp_enc_cell_type(p, n)) {
	case TP_CELL_NULL:
		return put(w, TP_LIT("null"), err);
	case TP_CELL_STRING:
		break;
	default:
		return put(w, p, n, err);
	}
	w->tmp.len = 0;
	if (tp_enc_json_str(&w->tmp, p, n) < 0)
		return oom(err);
	return put_tmp(w, err);
}

static int
json_value(struct tp_writer *w, const struct tp_field *f, struct tp_err *err)
{
	switch (f->enc) {
	case TP_ENC_NULL:
		return put(w, TP_LIT("null"), err);
	case TP_ENC_CSV:
		return json_from_text(w, f->p, f->n, err);
	case TP_ENC_CSVQ:
		/* Decode beside tmp, which json_from_text() uses. */
		w->dec.len = 0;
		if (tp_enc_dec_csv(&w->dec, f->p, f->n) < 0)
			return oom(err);
		return json_from_text(w, w->dec.p, w->dec.len, err);
	case TP_ENC_TEXT:
		w->tmp.len = 0;
		if (tp_enc_json_str(&w->tmp, f->p, f->n) < 0)
			return oom(err);
		return put_tmp(w, err);
	default:	/* JSON text already */
		return put(w, f->p, f->n, err);
	}
}

static int
csv_value(struct tp_writer *w, const struct tp_field *f, struct tp_err *err)
{
	const char *p = f->p;
	size_t n = f->n;

	switch (f->enc) {
	case TP_ENC_NULL:
		return 0;
	case TP_ENC_JSTR:
		p++;
		n -= 2;
		if (memchr(p, '\\', n) != NULL) {
			w->dec.len = 0;
			w->tmp.len = 0;
			if (tp_enc_dec_json_str(&w->dec, f->p, f->n) < 0 ||
			    tp_enc_csv(&w->tmp, w->dec.p, w->dec.len) < 0)
				return oom(err);
			return put_tmp(w, err);
		}
		/* FALLTHROUGH */
	case TP_ENC_TEXT:
		if (!tp_enc_csv_needs_quotes(p, n))
			return put(w, p, n, err);
		w->tmp.len = 0;
		if (tp_enc_csv(&w->tmp, p, n) < 0)
			return oom(err);
		return put_tmp(w, err);
	default:	/* CSV cells as read, numbers, booleans */
		return put(w, p, n, err);
	}
}

int
tp_writer_continue(struct tp_writer *w, const int *ids, int n,
    struct tp_err *err)
{
	size_t len = w->len;

	if (tp_writer_header(w, ids, n, err) < 0)
		return -1;
	w->len = w->done = len;	/* the header line is in the file already */
	return 0;
}

int
tp_writer_header(struct tp_writer *w, const int *ids, int n,
    struct tp_err *err)
{
	int i;

	if (w->started)
		return 0;
	w->started = 1;
	free(w->hdr);
	w->hdr = NULL;
	w->nhdr = 0;
	if (n == 0)
		return 0;
	w->hdr = malloc((size_t)n * sizeof(*w->hdr));
	if (w->hdr == NULL)
		return oom(err);
	memcpy(w->hdr, ids, (size_t)n * sizeof(*ids));
	w->nhdr = n;
	if (w->fmt != TP_FMT_CSV)
		return 0;
	for (i = 0; i < n; i++) {
		const struct tp_name *nm = &w->names->v[ids[i]];

		if ((i > 0 && put(w, TP_LIT(","), err) < 0) ||
		    put(w, nm->csv, nm->csvn, err) < 0)
			return -1;
	}
	if (put(w, "\n", 1, err) < 0)
		return -1;
	w->done = w->len;
	return 0;
}

int
tp_writer_header_of(struct tp_writer *w, const struct tp_reader *rd,
    const int *extra, int n, struct tp_err *err)
{
	int *ids, rc;

	if (tp_reader_format(rd) != TP_FMT_CSV || rd->nhdr == 0)
		return 0;
	ids = malloc((size_t)(rd->nhdr + n) * sizeof(*ids));
	if (ids == NULL)
		return oom(err);
	memcpy(ids, rd->hdr, (size_t)rd->nhdr * sizeof(*ids));
	if (n > 0)
		memcpy(ids + rd->nhdr, extra, (size_t)n * sizeof(*ids));
	if (w->fmt == TP_FMT_AUTO)
		w->fmt = TP_FMT_CSV;
	rc = tp_writer_header(w, ids, rd->nhdr + n, err);
	free(ids);
	return rc;
}

static int
write_json(struct tp_writer *w, const struct tp_rec *rec, struct tp_err *err)
{
	int i;

	if (put(w, TP_LIT("{"), err) < 0)
		return -1;
	for (i = 0; i < rec->nf; i++) {
		const struct tp_name *nm = &w->names->v[rec->f[i].name];

		if ((i > 0 && put(w, TP_LIT(","), err) < 0) ||
		    put(w, nm->json, nm->jsonn, err) < 0 ||
		    json_value(w, &rec->f[i], err) < 0)
			return -1;
	}
	return put(w, "}\n", 2, err);
}

/* A record whose fields are not the header's, in order: place by name. */
static int
write_csv_mapped(struct tp_writer *w, const struct tp_rec *rec,
    struct tp_err *err)
{
	int i, k, found;

	for (i = 0; i < rec->nf; i++) {
		found = 0;
		for (k = 0; k < w->nhdr && !found; k++)
			found = w->hdr[k] == rec->f[i].name;
		if (!found)
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "field \"%s\" is not in the CSV header "
			    "(the first record's fields make the header)",
			    w->names->v[rec->f[i].name].s);
	}
	for (k = 0; k < w->nhdr; k++) {
		i = tp_rec_find(rec, w->hdr[k], k);
		if ((k > 0 && put(w, TP_LIT(","), err) < 0) ||
		    (i >= 0 && csv_value(w, &rec->f[i], err) < 0))
			return -1;
	}
	return put(w, "\n", 1, err);
}

/*
 * A CSV cell that goes out as its bytes are: one still in the input
 * buffer, unchanged, or in the record's scratch with a comma after it (a
 * number formatted there, a cell of a record copied).
 */
static inline int
raw_csv(const struct tp_field *f)
{
	if (f->own && !f->comma)
		return 0;
	return f->enc == TP_ENC_CSV || f->enc == TP_ENC_CSVQ ||
	    (f->enc == TP_ENC_NULL && f->n == 0) ||
	    (f->own && f->enc == TP_ENC_NUM);
}

static int
write_csv(struct tp_writer *w, const struct tp_rec *rec, struct tp_err *err)
{
	const struct tp_field *f = rec->f;
	const char *end;
	int i, j;

	if (rec->nf != w->nhdr)
		return write_csv_mapped(w, rec, err);
	for (i = 0; i < rec->nf; i++)
		if (f[i].name != w->hdr[i])
			return write_csv_mapped(w, rec, err);
	for (i = 0; i < rec->nf; i = j) {
		if (i > 0 && put(w, TP_LIT(","), err) < 0)
			return -1;
		j = i + 1;
		if (!raw_csv(&f[i])) {
			if (csv_value(w, &f[i], err) < 0)
				return -1;
			continue;
		}
		/*
		 * Raw cells side by side in memory, a comma between (the
		 * cells of one input line, or numbers formatted one after
		 * another), go out with one copy, commas and all.  The
		 * addresses are compared as integers: the cells may lie in
		 * different buffers.
		 */
		end = f[i].p + f[i].n;
		for (; j < rec->nf && (uintptr_t)f[j].p == (uintptr_t)end + 1 &&
		    f[j].own == f[i].own && raw_csv(&f[j]); j++)
			end = f[j].p + f[j].n;
		if (put(w, f[i].p, (size_t)(end - f[i].p), err) < 0)
			return -1;
	}
	return put(w, "\n", 1, err);
}

int
tp_write(struct tp_writer *w, const struct tp_rec *rec, struct tp_err *err)
{
	int i, rc;

	if (!w->started) {
		int *ids = malloc((size_t)(rec->nf + 1) * sizeof(*ids));

		if (ids == NULL)
			return oom(err);
		for (i = 0; i < rec->nf; i++)
			ids[i] = rec->f[i].name;
		rc = tp_writer_header(w, ids, rec->nf, err);
		free(ids);
		if (rc < 0)
			return -1;
	}
	rc = w->fmt == TP_FMT_CSV ? write_csv(w, rec, err) :
	    write_json(w, rec, err);
	/* a record that failed half-way is not to be written at all */
	if (rc < 0) {
		w->len = w->done;
		return -1;
	}
	w->nrec++;
	w->done = w->len;
	return 0;
}
