/*
 * tp_read.c: the record reader: NDJSON, CSV (RFC 4180) and JSON arrays of
 * arrays, read from files in large blocks (see tp_rec.h).
 *
 * The reader keeps one buffer.  A record is parsed in place: its fields
 * point into the buffer, so nothing is copied or allocated per record.
 * When the buffer holds no complete record, the unread tail moves to the
 * front and read(2) fills the rest; the buffer doubles only for a record
 * longer than itself, up to TP_READ_MAX_RECORD.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tp_grow.h"
#include "rec/tp_enc.h"
#include "core/tp_gz.h"
#include "rec/tp_rec.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

/* 64 KiB: a block read stays in the core's L2 cache while its records
 * are parsed; 1 MiB blocks made tp-ind 5% slower. */
#define READ_BLOCK (1u << 16)

/* Where a JSON array of arrays is read to (r->jarr). */
enum {
	JA_BEFORE,		/* before its '[' */
	JA_START,		/* after the '[' */
	JA_ELEMENT,		/* after an element */
	JA_COMMA,		/* after a ',' */
	JA_DONE			/* after the closing ']' */
};

/*
 * After an error past which the input cannot be read (its header, its
 * structure or its bytes are broken), the input is given up: tp_read
 * closes it, so that --skip-bad goes on with the next input instead of
 * meeting the same error again and again.  Returns rc.
 */
static int
give_up(struct tp_reader *r, int rc)
{
	r->stop = 1;
	return rc;
}

static int
named_ids(struct tp_reader *r)
{
	static const char *const f[4] = {
		"type", "symbol", "timeframe", "exchange"
	};
	int k;

	for (k = 0; k < 4; k++)
		if ((r->named_id[k] = tp_names_intern(r->names, f[k],
		    strlen(f[k]))) < 0)
			return -1;
	return 0;
}

int
tp_reader_init(struct tp_reader *r, struct tp_names *names, char **files,
    int nfiles, enum tp_fmt force, struct tp_err *err)
{
	static char *dash[] = { "-" };

	memset(r, 0, sizeof(*r));
	r->files = nfiles > 0 ? files : dash;
	r->nfiles = nfiles > 0 ? nfiles : 1;
	r->fi = -1;
	r->fd = -1;
	r->force = force;
	r->fmt = force != TP_FMT_AUTO ? force : TP_FMT_CSV;
	r->names = names;
	r->cap = READ_BLOCK;
	r->buf = malloc(r->cap);
	if (r->buf == NULL || named_ids(r) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

void
tp_reader_set_sniff(struct tp_reader *r, tp_sniff_fn fn, void *ctx)
{
	r->sniff = fn;
	r->sniff_ctx = ctx;
}

void
tp_reader_set_block(struct tp_reader *r, size_t n)
{
	r->block = n;
}

void
tp_reader_set_idle(struct tp_reader *r,
    int (*fn)(void *ctx, struct tp_err *err), void *ctx)
{
	r->idle = fn;
	r->idle_ctx = ctx;
}

static int
flush_writer(void *ctx, struct tp_err *err)
{
	return tp_writer_flush(ctx, err);
}

void
tp_reader_flush_idle(struct tp_reader *r, struct tp_writer *w)
{
	tp_reader_set_idle(r, flush_writer, w);
}

/* Whether a read(2) now would wait: only for inputs that may block, and
 * asked without waiting (one poll per block, nothing per record). */
static int
would_block(const struct tp_reader *r)
{
	struct pollfd p = { r->fd, POLLIN, 0 };

	if (!r->may_block)
		return 0;
	while (poll(&p, 1, 0) < 0)
		if (errno != EINTR)
			return 0;
	return p.revents == 0;
}

int
tp_reader_wait(const struct tp_reader *r, int ms)
{
	struct pollfd p = { r->fd, POLLIN, 0 };
	int k;

	if (!r->may_block || r->fd < 0)
		return 1;
	while ((k = poll(&p, 1, ms)) < 0)
		if (errno != EINTR)
			return 1;
	return k > 0;
}

static void
close_input(struct tp_reader *r)
{
	if (r->fd > STDERR_FILENO)
		close(r->fd);
	r->fd = -1;
	tp_gz_close(r->gz);
	r->gz = NULL;
}

void
tp_reader_release(struct tp_reader *r)
{
	close_input(r);
	free(r->buf);
	free(r->hdr);
	free(r->seen);
	free(r->keys);
	tp_buf_release(&r->tmp);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

const char *
tp_reader_peek(const struct tp_reader *r, size_t *n)
{
	*n = r->end - r->pos;
	return r->buf + r->pos;
}

void
tp_reader_set_format(struct tp_reader *r, enum tp_fmt fmt)
{
	r->fmt = fmt;
}

enum tp_fmt
tp_reader_format(const struct tp_reader *r)
{
	return r->fmt;
}

/* The block source: up to n bytes of the input, inflated when it is
 * gzip.  Returns the count, 0 at its end, -1 with err. */
static ssize_t
src_read(struct tp_reader *r, char *p, size_t n, struct tp_err *err)
{
	ssize_t k;

	if (r->gz != NULL)
		return tp_gz_read(r->gz, r->fd, p, n, r->name, err);
	do
		k = read(r->fd, p, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return tp_errf(err, TP_EX_IOERR, r->name, 0, "read error: %s",
		    strerror(errno));
	return k;
}

/* Up to n bytes of input into p (r->block at most), after the idle hook
 * when the read would wait.  After a failed read the input is given up:
 * a gzip stream that went wrong stays wrong. */
static ssize_t
source(struct tp_reader *r, char *p, size_t n, struct tp_err *err)
{
	ssize_t k;

	if (r->block != 0 && n > r->block)
		n = r->block;
	if (r->idle != NULL && would_block(r) && r->idle(r->idle_ctx,
	    err) < 0)
		return -1;
	k = src_read(r, p, n, err);
	return k < 0 ? give_up(r, -1) : k;
}

/* Where the end of a record is looked for, across reads. */
struct rscan {
	size_t off;		/* bytes scanned from the record's start */
	long lines;		/* LFs among them */
	int inq;		/* inside a CSV quote or a JSON string */
	int esc;		/* after a backslash in a JSON string */
};

/*
 * Scan p[sc->off..n) for the byte that ends a record in format fmt: an LF
 * (NDJSON), an LF outside quotes (CSV), a ']' outside strings (an element
 * of a JSON array of arrays).  Returns its index, or n when it has not
 * come yet; sc keeps the state for the next bytes.
 */
static size_t
rec_scan(enum tp_fmt fmt, const char *p, size_t n, struct rscan *sc)
{
	size_t i;
	char c;

	for (i = sc->off; i < n; i++) {
		c = p[i];
		if (c == '\n')
			sc->lines++;
		if (fmt == TP_FMT_JARRAY) {
			if (sc->esc)
				sc->esc = 0;
			else if (sc->inq && c == '\\')
				sc->esc = 1;
			else if (c == '"')
				sc->inq = !sc->inq;
			else if (c == ']' && !sc->inq)
				break;
		} else if (c == '"' && fmt == TP_FMT_CSV) {
			sc->inq = !sc->inq;
		} else if (c == '\n' && !sc->inq) {
			break;
		}
	}
	sc->off = i;
	return i;
}

/*
 * The record at the start of the full buffer is longer than
 * TP_READ_MAX_RECORD: read on to its end without keeping it, so that
 * memory stays bounded and --skip-bad goes on with the next record, and
 * report it at the line where it started.
 */
static int
skip_long(struct tp_reader *r, struct tp_err *err)
{
	struct rscan sc = { 0 };
	long line = r->line;
	size_t at;
	ssize_t n;

	while ((at = rec_scan(r->fmt, r->buf, r->end, &sc)) == r->end) {
		if (r->eof)
			break;
		n = source(r, r->buf, r->cap, err);
		if (n < 0)
			return -1;
		r->eof = n == 0;
		r->end = (size_t)n;
		sc.off = 0;
	}
	r->pos = at < r->end ? at + 1 : r->end;
	r->line += sc.lines;
	if (r->fmt == TP_FMT_JARRAY)
		r->jarr = JA_ELEMENT;
	return tp_errf(err, TP_EX_DATAERR, r->name, line,
	    "record longer than %u bytes", TP_READ_MAX_RECORD);
}

/* Read more input after the unread bytes.  Returns 0, or -1 on error. */
static int
fill(struct tp_reader *r, struct tp_err *err)
{
	ssize_t n;

	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap) {
		size_t cap = r->cap * 2;
		char *p;

		if (r->end >= TP_READ_MAX_RECORD)
			return skip_long(r, err);
		p = realloc(r->buf, cap);
		if (p == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		r->buf = p;
		r->cap = cap;
	}
	n = source(r, r->buf + r->end, r->cap - r->end, err);
	if (n < 0)
		return -1;
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return 0;
}

/* A shape no record had before, in any reader of the process. */
static unsigned
new_shape(void)
{
	static unsigned shapes;
	unsigned s = __atomic_add_fetch(&shapes, 1, __ATOMIC_RELAXED);

	return s != 0 ? s : __atomic_add_fetch(&shapes, 1, __ATOMIC_RELAXED);
}

int
tp_reader_set_header(struct tp_reader *r, const char *const *names, int n,
    struct tp_err *err)
{
	int i;

	if (n > r->hdrcap) {
		int *h = realloc(r->hdr, (size_t)n * sizeof(*h));

		if (h == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		r->hdr = h;
		r->hdrcap = n;
	}
	for (i = 0; i < n; i++) {
		r->hdr[i] = tp_names_intern(r->names, names[i],
		    strlen(names[i]));
		if (r->hdr[i] < 0)
			return tp_names_fail(r->hdr[i], "field names",
			    r->name, r->line, err);
	}
	r->nhdr = n;
	r->shape = new_shape();
	r->hdr_given = 1;
	return 0;
}

/* ---- CSV ----------------------------------------------------------------- */

/*
 * Find the end of the CSV record at pos: the first LF outside quotes.  A
 * doubled quote toggles twice, so counting quotes per line is enough.
 * Sets *len (record bytes, CR LF excluded), *next, *lines (LFs eaten) and
 * *quoted (the record holds a quote).
 * Returns 1 found, 0 need more input, -1 unterminated at end of input.
 */
static int
csv_end(struct tp_reader *r, size_t *len, size_t *next, long *lines,
    int *quoted)
{
	const char *s = r->buf + r->pos, *end = r->buf + r->end, *p, *nl, *q;
	int inq = 0;

	*lines = 0;
	*quoted = 0;
	for (p = s;; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		q = p;
		while ((q = memchr(q, '"', (size_t)((nl ? nl : end) - q)))) {
			inq = !inq;
			*quoted = 1;
			q++;
		}
		if (nl == NULL) {
			if (!r->eof)
				return 0;
			if (inq)
				return -1;
			*len = (size_t)(end - s);
			*next = r->end - r->pos;
			return 1;
		}
		if (!inq)
			break;
		++*lines;
	}
	*len = (size_t)(nl - s);
	*next = *len + 1;
	++*lines;
	if (*len > 0 && s[*len - 1] == '\r')
		--*len;
	return 1;
}

/* ---- duplicate names ------------------------------------------------------ */

/*
 * A record's field names are checked for repeats with a mark per name id:
 * names are interned, so the id is a perfect hash, and a record of n
 * fields costs n steps instead of n * n / 2 (two records of 64,000 keys
 * took 10 s, a header of 60,000 columns 2 s).  A record with few fields
 * is checked by looking back, which needs no table at all.
 */
#define DUP_LOOK_BACK 16

/* Start the marks of a new record. */
static void
marks_reset(struct tp_reader *r)
{
	if (++r->mark == 0) {
		/* wrapped: old marks could pass for new ones */
		if (r->seen != NULL)
			memset(r->seen, 0, r->nseen * sizeof(*r->seen));
		r->mark = 1;
	}
}

/* Mark name id: 1 when the record had it already, 0 when new, -1 when out
 * of memory. */
static int
mark_name(struct tp_reader *r, int id, struct tp_err *err)
{
	if ((size_t)id >= r->nseen) {
		size_t n = (size_t)id + 1 > 2 * r->nseen ? (size_t)id + 1 :
		    2 * r->nseen;
		unsigned *v = realloc(r->seen, n * sizeof(*v));

		if (v == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		memset(v + r->nseen, 0, (n - r->nseen) * sizeof(*v));
		r->seen = v;
		r->nseen = n;
	}
	if (r->seen[id] == r->mark)
		return 1;
	r->seen[id] = r->mark;
	return 0;
}

/* Whether the last of rec's fields repeats the name of an earlier one;
 * -1 when out of memory. */
static int
repeated(struct tp_reader *r, const struct tp_rec *rec, struct tp_err *err)
{
	int i, n = rec->nf - 1, id = rec->f[n].name;

	if (n < DUP_LOOK_BACK) {
		for (i = 0; i < n; i++)
			if (rec->f[i].name == id)
				return 1;
		return 0;
	}
	if (n == DUP_LOOK_BACK) {
		marks_reset(r);
		for (i = 0; i < n; i++)
			if (mark_name(r, rec->f[i].name, err) < 0)
				return -1;
	}
	return mark_name(r, id, err);
}

/* A new field at the end of rec, starting at p; NULL when out of memory.
 * Readers add fields here without the copying tp_rec_add() does. */
static struct tp_field *
new_field(struct tp_rec *rec, const char *p, struct tp_err *err)
{
	struct tp_field *f;

	if (rec->nf == rec->cap) {
		f = tp_grow(rec->f, &rec->cap, rec->nf < TP_REC_FIELDS0 ?
		    TP_REC_FIELDS0 : rec->nf + 1, sizeof(*f));
		if (f == NULL) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			return NULL;
		}
		rec->f = f;
	}
	f = &rec->f[rec->nf++];
	f->own = 0;
	f->comma = 0;
	f->p = p;
	return f;
}

/* Close field f at c, where a comma or the end of the record is. */
static void
end_field(struct tp_field *f, const char *c)
{
	f->n = (size_t)(c - f->p);
	f->enc = f->n == 0 ? TP_ENC_NULL : TP_ENC_CSV;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The commas among 8 bytes: the top bit of each byte that is one, found
 * exactly (no borrow between bytes).  The first in memory is the lowest.
 */
static inline uint64_t
commas8(const char *p)
{
	const uint64_t low7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
	uint64_t w, x;

	memcpy(&w, p, 8);
	x = w ^ UINT64_C(0x2c2c2c2c2c2c2c2c);
	return ~(((x & low7) + low7) | x | low7);
}
#endif

/*
 * Split a record without quotes: the common case.  Eight bytes at a time
 * where the byte order allows, one comma per step rather than one byte.
 */
static int
csv_split_plain(struct tp_rec *rec, const char *p, const char *end,
    struct tp_err *err)
{
	struct tp_field *f = new_field(rec, p, err);
	const char *q = p;

	if (f == NULL)
		return -1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; end - q >= 8; q += 8) {
		uint64_t m = commas8(q);

		for (; m != 0; m &= m - 1) {
			const char *c = q + (__builtin_ctzll(m) >> 3);

			end_field(f, c);
			if ((f = new_field(rec, c + 1, err)) == NULL)
				return -1;
		}
	}
#endif
	for (; q < end; q++)
		if (*q == ',') {
			end_field(f, q);
			if ((f = new_field(rec, q + 1, err)) == NULL)
				return -1;
		}
	end_field(f, end);
	return 0;
}

/* Split one CSV record s[0..n) into rec's fields (names left unset). */
static int
csv_split(struct tp_reader *r, struct tp_rec *rec, const char *s, size_t n,
    int quoted, struct tp_err *err)
{
	const char *p = s, *end = s + n, *c, *q;
	struct tp_field *f;

	if (!quoted)
		return csv_split_plain(rec, p, end, err);
	for (;;) {
		f = new_field(rec, p, err);
		if (f == NULL)
			return -1;
		if (p < end && *p == '"') {
			for (q = p + 1;; q += 2) {
				q = memchr(q, '"', (size_t)(end - q));
				if (q == NULL)
					return tp_errf(err, TP_EX_DATAERR,
					    r->name, rec->line,
					    "field %d: unterminated quote",
					    rec->nf);
				if (q + 1 >= end || q[1] != '"')
					break;
			}
			c = q + 1;
			if (c < end && *c != ',')
				return tp_errf(err, TP_EX_DATAERR, r->name,
				    rec->line, "field %d: text after the "
				    "closing quote", rec->nf);
			f->enc = TP_ENC_CSVQ;
		} else {
			c = memchr(p, ',', (size_t)(end - p));
			if (c == NULL)
				c = end;
			if (memchr(p, '"', (size_t)(c - p)) != NULL)
				return tp_errf(err, TP_EX_DATAERR, r->name,
				    rec->line, "field %d: quote inside an "
				    "unquoted field", rec->nf);
			f->enc = c == p ? TP_ENC_NULL : TP_ENC_CSV;
		}
		f->n = (size_t)(c - p);
		if (c == end)
			return 0;
		p = c + 1;
	}
}

/*
 * Other names for the time that exports use (pandas and freqtrade's
 * "date", "timestamp", Binance's "open_time"): in an input without a
 * "time" field, the first field with such a name is read as "time", so
 * that every program finds it.  The first record of an input (the header
 * of a CSV) decides.
 */
static const char *const time_aliases[] = {
	"date", "timestamp", "open_time", "datetime"
};

static int
is_time_alias(const struct tp_reader *r, int id)
{
	size_t k;

	for (k = 0; k < sizeof(time_aliases) / sizeof(time_aliases[0]); k++)
		if (strcasecmp(r->names->v[id].s, time_aliases[k]) == 0)
			return 1;
	return 0;
}

/* The index in ids[0..n) of the field to read as the time, or -1. */
static int
time_alias(struct tp_reader *r, const int *ids, int n)
{
	int i, at = -1, time = tp_names_find(r->names, TP_LIT("time"));

	for (i = 0; i < n; i++) {
		if (ids[i] == time)
			return -1;
		if (at < 0 && is_time_alias(r, ids[i]))
			at = i;
	}
	return at;
}

/* NDJSON: the first record of an input settles r->time_from, the id read
 * as "time" (-1: none); each record's field of that name is renamed. */
static int
json_time(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err)
{
	int i, time = tp_names_intern(r->names, TP_LIT("time"));

	if (time < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (!r->time_known) {
		r->time_known = 1;
		r->time_from = -1;
		for (i = 0; i < rec->nf && rec->f[i].name != time; i++)
			if (r->time_from < 0 && is_time_alias(r,
			    rec->f[i].name))
				r->time_from = rec->f[i].name;
		if (i < rec->nf)
			r->time_from = -1;
	}
	if (r->time_from < 0)
		return 0;
	i = tp_rec_find(rec, r->time_from, r->time_at);
	if (i >= 0 && tp_rec_find(rec, time, -1) < 0) {
		rec->f[i].name = time;
		r->time_at = i;
	}
	return 0;
}

/* A header with no comma and a semicolon: a CSV of another locale. */
static int
semicolons(struct tp_reader *r, const struct tp_rec *rec,
    struct tp_err *err)
{
	if (rec->nf != 1 || memchr(rec->f[0].p, ';', rec->f[0].n) == NULL)
		return 0;
	return tp_errf(err, TP_EX_DATAERR, r->name, rec->line, "header: "
	    "columns separated by ';': tp reads comma-separated CSV; convert "
	    "it first (sed 's/;/,/g' when no value holds a comma, after "
	    "turning decimal commas into points)");
}

/* Turn the split first record into the header. */
static int
csv_header(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err)
{
	const char *p;
	size_t n;
	int i, dup, isnull;

	if (semicolons(r, rec, err) < 0)
		return -1;
	if (rec->nf > r->hdrcap) {
		int *h = realloc(r->hdr, (size_t)rec->nf * sizeof(*h));

		if (h == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		r->hdr = h;
		r->hdrcap = rec->nf;
	}
	marks_reset(r);
	for (i = 0; i < rec->nf; i++) {
		if (tp_field_text(&rec->f[i], &r->tmp, &p, &n, &isnull) < 0 ||
		    n == 0)
			return tp_errf(err, TP_EX_DATAERR, r->name, rec->line,
			    "header: column %d has no name", i + 1);
		r->hdr[i] = tp_names_intern(r->names, p, n);
		if (r->hdr[i] < 0)
			return tp_names_fail(r->hdr[i], "field names", r->name,
			    rec->line, err);
		dup = mark_name(r, r->hdr[i], err);
		if (dup < 0)
			return -1;
		if (dup)
			return tp_errf(err, TP_EX_DATAERR, r->name,
			    rec->line, "header: duplicate column name "
			    "\"%.*s\"", (int)n, p);
	}
	r->nhdr = rec->nf;
	r->shape = new_shape();
	i = time_alias(r, r->hdr, r->nhdr);
	if (i >= 0 &&
	    (r->hdr[i] = tp_names_intern(r->names, TP_LIT("time"))) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

static int
csv_record(struct tp_reader *r, struct tp_rec *rec, const char *s, size_t n,
    int quoted, struct tp_err *err)
{
	int i;

	if (csv_split(r, rec, s, n, quoted, err) < 0)
		return -1;
	if (r->nhdr == 0)
		return csv_header(r, rec, err);
	if (rec->nf != r->nhdr)
		return tp_errf(err, TP_EX_DATAERR, r->name, rec->line,
		    "%d fields, the header has %d", rec->nf, r->nhdr);
	for (i = 0; i < rec->nf; i++)
		rec->f[i].name = r->hdr[i];
	rec->shape = r->shape;
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

struct jscan {
	struct tp_reader *r;
	struct tp_rec *rec;
	const char *s, *p, *end;
	struct tp_err *err;
};

static int
jfail(struct jscan *j, const char *what)
{
	if (strncmp(what, "expected", 8) != 0)
		return tp_errf(j->err, TP_EX_DATAERR, j->r->name, j->rec->line,
		    "col %d: %s", (int)(j->p - j->s) + 1, what);
	if (j->p >= j->end)
		return tp_errf(j->err, TP_EX_DATAERR, j->r->name, j->rec->line,
		    "col %d: %s, found end of line", (int)(j->p - j->s) + 1,
		    what);
	return tp_errf(j->err, TP_EX_DATAERR, j->r->name, j->rec->line,
	    "col %d: %s, found '%c'", (int)(j->p - j->s) + 1, what,
	    (unsigned char)*j->p >= 0x20 ? *j->p : '?');
}

static void
jws(struct jscan *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

/* Whether p[0..4) are hex digits.  Not strchr("0123...", c): that finds
 * the string's own NUL, and took "\u" and two NUL bytes for an escape. */
static int
hex4(const char *p)
{
	int k;

	for (k = 0; k < 4; k++)
		if (!((p[k] >= '0' && p[k] <= '9') ||
		    ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'f')))
			return 0;
	return 1;
}

/* Scan a JSON string at p; leaves p after it. */
static int
jstring(struct jscan *j)
{
	const char *p = j->p + 1;
	unsigned char c;

	while (p < j->end) {
		c = (unsigned char)*p;
		if (c == '"') {
			j->p = p + 1;
			return 0;
		}
		if (c < 0x20) {
			j->p = p;
			return jfail(j, "control character in string");
		}
		if (c == '\\') {
			p++;
			if (p >= j->end)
				break;
			if (*p == 'u') {
				if (j->end - p < 5 || !hex4(p + 1)) {
					j->p = p;
					return jfail(j, "bad \\u escape");
				}
				p += 4;
			} else if (strchr("\"\\/bfnrt", *p) == NULL || *p == 0) {
				j->p = p;
				return jfail(j, "bad escape");
			}
		}
		p++;
	}
	return jfail(j, "unterminated string");
}

static int
jword(struct jscan *j, const char *w, size_t n)
{
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return jfail(j, "expected a value");
	j->p += n;
	return 0;
}

/* Scan one value at p into f. */
static int
jvalue(struct jscan *j, struct tp_field *f)
{
	const char *v = j->p;
	size_t n;

	if (j->p >= j->end)
		return jfail(j, "expected a value");
	switch (*j->p) {
	case '"':
		if (jstring(j) < 0)
			return -1;
		f->enc = TP_ENC_JSTR;
		break;
	case 't':
		if (jword(j, TP_LIT("true")) < 0)
			return -1;
		f->enc = TP_ENC_BOOL;
		break;
	case 'f':
		if (jword(j, TP_LIT("false")) < 0)
			return -1;
		f->enc = TP_ENC_BOOL;
		break;
	case 'n':
		if (jword(j, TP_LIT("null")) < 0)
			return -1;
		f->enc = TP_ENC_NULL;
		break;
	case '{':
	case '[':
		return jfail(j, "nested objects and arrays are not supported "
		    "(records are flat)");
	default:
		n = tp_enc_json_number_len(v, (size_t)(j->end - v));
		if (n == 0)
			return jfail(j, (*v >= '0' && *v <= '9') || *v == '-' ?
			    "malformed number" : "expected a value");
		j->p += n;
		f->enc = TP_ENC_NUM;
		break;
	}
	f->own = 0;
	f->comma = 0;
	f->p = v;
	f->n = (size_t)(j->p - v);
	return 0;
}

/*
 * The id of field i's name, the n bytes at p: the last record's field i
 * had it, most likely (the records of a stream have the same fields), so
 * that name is compared first, without hashing p to look it up.
 */
static int
key_id(struct tp_reader *r, int i, const char *p, size_t n)
{
	const struct tp_name *nm;
	int id, *v;

	if (i < r->nkeys) {
		nm = &r->names->v[r->keys[i]];
		if (nm->n == n && memcmp(nm->s, p, n) == 0)
			return r->keys[i];
	}
	id = tp_names_intern(r->names, p, n);
	if (id < 0 || i > r->nkeys)
		return id;
	if (i == r->keycap) {
		v = tp_grow(r->keys, &r->keycap, i + 1, sizeof(*v));
		if (v == NULL)
			return id;	/* no guess kept: no harm */
		r->keys = v;
	}
	r->keys[i] = id;
	if (i == r->nkeys)
		r->nkeys++;
	return id;
}

static int
jkey(struct jscan *j, struct tp_field *f)
{
	const char *k = j->p, *p;
	size_t n;
	int dup;

	if (j->p >= j->end || *j->p != '"')
		return jfail(j, "expected a field name");
	if (jstring(j) < 0)
		return -1;
	p = k + 1;
	n = (size_t)(j->p - k) - 2;
	if (memchr(p, '\\', n) != NULL) {
		j->r->tmp.len = 0;
		if (tp_enc_dec_json_str(&j->r->tmp, k, n + 2) < 0)
			return jfail(j, "bad field name");
		p = j->r->tmp.p;
		n = j->r->tmp.len;
	}
	f->name = key_id(j->r, j->rec->nf - 1, p, n);
	if (f->name < 0)
		return tp_names_fail(f->name, "field names", j->r->name,
		    j->rec->line, j->err);
	dup = repeated(j->r, j->rec, j->err);
	if (dup > 0)
		return tp_errf(j->err, TP_EX_DATAERR, j->r->name,
		    j->rec->line, "duplicate field \"%.*s\"", (int)n, p);
	return dup;
}

static int
json_record(struct tp_reader *r, struct tp_rec *rec, const char *s, size_t n,
    struct tp_err *err)
{
	struct jscan j = { r, rec, s, s, s + n, err };
	struct tp_field *f;

	jws(&j);
	if (j.p >= j.end || *j.p != '{')
		return jfail(&j, "expected '{'");
	j.p++;
	jws(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
	} else {
		for (;;) {
			f = new_field(rec, j.p, err);
			if (f == NULL || jkey(&j, f) < 0)
				return -1;
			jws(&j);
			if (j.p >= j.end || *j.p != ':')
				return jfail(&j, "expected ':'");
			j.p++;
			jws(&j);
			if (jvalue(&j, f) < 0)
				return -1;
			jws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				jws(&j);
				continue;
			}
			if (j.p < j.end && *j.p == '}') {
				j.p++;
				break;
			}
			return jfail(&j, "expected ',' or '}'");
		}
	}
	jws(&j);
	if (j.p != j.end)
		return jfail(&j, "text after the record");
	return 0;
}

/* One element [v, v, ...] of a JSON array of arrays, mapped to the header. */
static int
jarray_element(struct tp_reader *r, struct tp_rec *rec, const char *s,
    size_t n, struct tp_err *err)
{
	struct jscan j = { r, rec, s, s + 1, s + n, err };
	struct tp_field *f;

	jws(&j);
	if (j.p < j.end && *j.p == ']')
		j.p++;
	while (j.p < j.end) {
		if (rec->nf >= r->nhdr)
			return tp_errf(err, TP_EX_DATAERR, r->name, rec->line,
			    "array element %ld has more than %d values",
			    r->nrec + 1, r->nhdr);
		f = new_field(rec, j.p, err);
		if (f == NULL || jvalue(&j, f) < 0)
			return -1;
		f->name = r->hdr[rec->nf - 1];
		jws(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			jws(&j);
		} else if (j.p < j.end && *j.p == ']') {
			j.p++;
			break;
		} else {
			return jfail(&j, "expected ',' or ']'");
		}
	}
	if (rec->nf != r->nhdr)
		return tp_errf(err, TP_EX_DATAERR, r->name, rec->line,
		    "array element %ld has %d values, expected %d",
		    r->nrec + 1, rec->nf, r->nhdr);
	return 0;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The next element of a JSON array of arrays.  Elements hold only numbers,
 * strings and nulls, so the first ']' after '[' outside a string ends one.
 * Returns 1 with a record, 0 at the end of the array, -1 on error.
 */
static int
jarray_next(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err)
{
	struct rscan sc = { 0 };
	const char *s;
	size_t at;

	for (;;) {
		while (r->pos < r->end && (is_ws(r->buf[r->pos]) ||
		    r->buf[r->pos] == ',')) {
			if (r->buf[r->pos] == '\n')
				r->line++;
			if (r->buf[r->pos] == ',') {
				if (r->jarr != JA_ELEMENT)
					return give_up(r, tp_errf(err,
					    TP_EX_DATAERR, r->name, r->line,
					    "unexpected ','"));
				r->jarr = JA_COMMA;
			}
			r->pos++;
		}
		if (r->pos == r->end && !r->eof) {
			if (fill(r, err) < 0)
				return -1;
			continue;
		}
		break;
	}
	s = r->buf + r->pos;
	if (r->pos == r->end || *s == ']') {
		if (r->jarr == JA_COMMA || r->pos == r->end)
			return give_up(r, tp_errf(err, TP_EX_DATAERR, r->name,
			    r->line, "unexpected end of the JSON array"));
		r->pos++;
		r->jarr = JA_DONE;
		return 0;
	}
	if (r->jarr == JA_ELEMENT)
		return give_up(r, tp_errf(err, TP_EX_DATAERR, r->name,
		    r->line, "expected ',' or ']' after an array element, "
		    "found '%c'", (unsigned char)*s >= 0x20 ? *s : '?'));
	if (*s != '[')
		return give_up(r, tp_errf(err, TP_EX_DATAERR, r->name,
		    r->line, "expected '[' to start an array element, found "
		    "'%c'", (unsigned char)*s >= 0x20 ? *s : '?'));
	while ((at = rec_scan(TP_FMT_JARRAY, s, r->end - r->pos, &sc)) ==
	    r->end - r->pos) {
		if (r->eof)
			return give_up(r, tp_errf(err, TP_EX_DATAERR, r->name,
			    r->line, "unterminated array element"));
		if (fill(r, err) < 0)
			return -1;
		s = r->buf + r->pos;
	}
	rec->line = r->line;
	r->line += sc.lines;
	r->pos += at + 1;
	r->jarr = JA_ELEMENT;
	return jarray_element(r, rec, s, at + 1, err) < 0 ? -1 : 1;
}

/* After the closing ']' of a JSON array only white space may follow. */
static int
jarray_tail(struct tp_reader *r, struct tp_err *err)
{
	for (;;) {
		while (r->pos < r->end && is_ws(r->buf[r->pos])) {
			if (r->buf[r->pos] == '\n')
				r->line++;
			r->pos++;
		}
		if (r->pos < r->end)
			return give_up(r, tp_errf(err, TP_EX_DATAERR, r->name,
			    r->line, "text after the end of the JSON array"));
		if (r->eof)
			return 0;
		if (fill(r, err) < 0)
			return -1;
	}
}

/* ---- the loop ------------------------------------------------------------ */

/* A missing value: null, an empty cell, an empty string. */
static int
blank(const struct tp_field *f)
{
	return f->enc == TP_ENC_NULL || f->n == 0 ||
	    ((f->enc == TP_ENC_JSTR || f->enc == TP_ENC_CSVQ) && f->n == 2);
}

/*
 * Give a candle from a file whose name tells its market the symbol,
 * timeframe and exchange it lacks, so that candles of several files stay
 * apart downstream (tp(7), "Market from the file name").
 */
static int
add_named(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err)
{
	const char *v[3] = {
		r->named.symbol, r->named.timeframe, r->named.exchange
	};
	const char *p;
	size_t n;
	int k, i, isnull;

	i = tp_rec_find(rec, r->named_id[0], -1);
	if (i >= 0 && (tp_field_text(&rec->f[i], &r->tmp, &p, &n,
	    &isnull) < 0 || !(isnull || (n == 6 && memcmp(p, "candle",
	    6) == 0))))
		return 0;
	for (k = 0; k < 3; k++) {
		if (*v[k] == '\0')
			continue;
		i = tp_rec_find(rec, r->named_id[k + 1], -1);
		if (i >= 0 && !blank(&rec->f[i]))
			continue;
		if ((i >= 0 ? tp_rec_set(rec, i, TP_ENC_TEXT, v[k],
		    strlen(v[k])) : tp_rec_add(rec, r->named_id[k + 1],
		    TP_ENC_TEXT, v[k], strlen(v[k]))) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	return 0;
}

/* Open the next input; 0 when there is none left. */
static int
open_next(struct tp_reader *r, struct tp_err *err)
{
	struct stat sb;

	if (++r->fi >= r->nfiles)
		return 0;
	r->name = r->files[r->fi];
	if (strcmp(r->name, "-") == 0) {
		r->fd = STDIN_FILENO;
		r->name = "stdin";
	} else {
		r->fd = open(r->name, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			return tp_errf(err, TP_EX_NOINPUT, r->name, 0,
			    "cannot open: %s", strerror(errno));
	}
	r->may_block = fstat(r->fd, &sb) < 0 || !S_ISREG(sb.st_mode);
	if (r->fd == STDIN_FILENO)
		memset(&r->named, 0, sizeof(r->named));
	else
		tp_market_from_name(r->name, &r->named);
	r->pos = r->end = 0;
	r->eof = 0;
	r->line = 1;
	r->nhdr = 0;
	r->hdr_given = 0;
	r->jarr = JA_BEFORE;
	r->stop = 0;
	r->time_known = 0;
	return 1;
}

/* Whether the JSON array buffered starts with an object. */
static int
array_of_objects(const struct tp_reader *r)
{
	size_t i = r->pos + 1;

	while (i < r->end && is_ws(r->buf[i]))
		i++;
	return i < r->end && r->buf[i] == '{';
}

/*
 * A compressed input, told by its first bytes: gzip is inflated from here
 * on (the bytes read so far go to the inflater, the buffer starts empty);
 * a zip archive, which may hold many files, is refused with the way out.
 */
static int
start_compressed(struct tp_reader *r, struct tp_err *err)
{
	const char *p = r->buf + r->pos;
	size_t n = r->end - r->pos;

	if (tp_gz_zip_magic(p, n))
		return tp_errf(err, TP_EX_DATAERR, r->name, 0, "a zip archive, "
		    "not a record stream: read its file with 'unzip -p %s'",
		    r->fd == STDIN_FILENO ? "FILE" : r->name);
	if (!tp_gz_magic(p, n))
		return 0;
	if ((r->gz = tp_gz_open(p, n)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	r->pos = r->end = 0;
	r->eof = 0;
	while (r->end - r->pos < 4 && !r->eof)
		if (fill(r, err) < 0)
			return -1;
	return 0;
}

/* Skip a BOM and blank lines, then settle the format of a new input.
 * Returns 1 ready, 0 empty input, -1 error. */
static int
start_input(struct tp_reader *r, struct tp_err *err)
{
	while (r->end - r->pos < 4 && !r->eof)
		if (fill(r, err) < 0)
			return -1;
	if (start_compressed(r, err) < 0)
		return -1;
	if (r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF",
	    3) == 0)
		r->pos += 3;
	for (;;) {
		while (r->pos < r->end && is_ws(r->buf[r->pos])) {
			if (r->buf[r->pos] == '\n')
				r->line++;
			r->pos++;
		}
		if (r->pos < r->end || r->eof)
			break;
		if (fill(r, err) < 0)
			return -1;
	}
	/* Let a sniffer see a good sample of the input, but do not hold a
	 * live stream back for it: a whole first line that is all there is
	 * for now will do. */
	while (r->end - r->pos < 4096 && !r->eof) {
		if (memchr(r->buf + r->pos, '\n', r->end - r->pos) != NULL &&
		    would_block(r))
			break;
		if (fill(r, err) < 0)
			return -1;
	}
	if (r->pos == r->end)
		return 0;
	if (r->force != TP_FMT_AUTO)
		r->fmt = r->force;
	else if (r->buf[r->pos] == '{')
		r->fmt = TP_FMT_NDJSON;
	else if (r->buf[r->pos] == '[')
		r->fmt = TP_FMT_JARRAY;
	else
		r->fmt = TP_FMT_CSV;
	if (r->sniff != NULL && r->sniff(r, r->sniff_ctx, err) < 0)
		return -1;
	if (r->fmt == TP_FMT_JARRAY) {
		if (!r->hdr_given)
			return tp_errf(err, TP_EX_DATAERR, r->name, r->line,
			    "input is a JSON array, not a record stream (%s)",
			    array_of_objects(r) ? "one record per line: jq -c "
			    "'.[]'" : "tp-fetch import reads candle arrays");
		if (r->buf[r->pos] != '[')
			return tp_errf(err, TP_EX_DATAERR, r->name, r->line,
			    "expected '[' to start a JSON array");
		r->pos++;
		r->jarr = JA_START;
	}
	return 1;
}

/* A line that is only "{": a record printed over several lines. */
static int
opens_pretty(const char *s, size_t n)
{
	while (n > 0 && is_ws(s[n - 1]))
		n--;
	while (n > 0 && is_ws(*s)) {
		s++;
		n--;
	}
	return n == 1 && *s == '{';
}

/* The next NDJSON or CSV record.  Returns 1, 0 at end of input, -1. */
static int
line_next(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err)
{
	size_t len, next;
	long lines;
	const char *s;
	int rc, quoted = 1;

	for (;;) {
		if (r->pos == r->end && r->eof)
			return 0;
		if (r->fmt == TP_FMT_CSV) {
			rc = csv_end(r, &len, &next, &lines, &quoted);
		} else {
			const char *nl = memchr(r->buf + r->pos, '\n',
			    r->end - r->pos);

			rc = nl != NULL || r->eof;
			lines = nl != NULL;
			next = nl != NULL ? (size_t)(nl - r->buf) - r->pos + 1
			    : r->end - r->pos;
			len = next - (size_t)lines;
		}
		if (rc == 0) {
			if (fill(r, err) < 0)
				return -1;
			continue;
		}
		rec->line = r->line;
		if (rc < 0) {
			r->pos = r->end;
			return tp_errf(err, TP_EX_DATAERR, r->name, r->line,
			    "unterminated quoted field at end of input");
		}
		s = r->buf + r->pos;
		r->pos += next;
		r->line += lines;
		/* Blank lines carry no record. */
		if (len == 0 || (len == 1 && *s == '\r'))
			continue;
		if (r->fmt == TP_FMT_CSV)
			rc = csv_record(r, rec, s, len, quoted, err);
		else if ((rc = json_record(r, rec, s, len, err)) == 0)
			rc = json_time(r, rec, err);
		else if (opens_pretty(s, len)) {
			tp_err_clear(err);
			tp_errf(err, TP_EX_DATAERR, r->name, rec->line,
			    "pretty-printed JSON: tp reads one record per "
			    "line, as jq -c prints them");
		}
		return rc < 0 ? -1 : 1;
	}
}

int
tp_read(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err)
{
	int rc, had_header = 1;

	for (;;) {
		if (r->fd < 0) {
			rc = open_next(r, err);
			if (rc <= 0)
				return rc;
			rc = start_input(r, err);
			if (rc < 0) {
				close_input(r);
				return -1;
			}
			if (rc == 0) {
				close_input(r);
				continue;
			}
		}
		tp_rec_clear(rec);
		rec->file = r->name;
		if (r->fmt == TP_FMT_JARRAY) {
			rc = r->jarr == JA_DONE ? 0 : jarray_next(r, rec, err);
			if (rc == 0)
				rc = jarray_tail(r, err);
		} else {
			had_header = r->nhdr > 0 || r->fmt != TP_FMT_CSV;
			rc = line_next(r, rec, err);
			if (rc == 1 && !had_header) {
				/* That was the header; read the first row. */
				had_header = 1;
				tp_rec_clear(rec);
				rec->file = r->name;
				rc = line_next(r, rec, err);
			}
		}
		if (rc == 1) {
			r->nrec++;
			if (r->named.symbol[0] != '\0' &&
			    add_named(r, rec, err) < 0)
				return -1;
			return 1;
		}
		if (rc < 0) {
			/* Past a bad header the rest is unreadable too. */
			if (r->stop || err->code != TP_EX_DATAERR ||
			    !had_header)
				close_input(r);
			return -1;
		}
		close_input(r);
	}
}

int
tp_reader_parse_json(struct tp_names *names, const char *s, size_t n,
    const char *file, long line, struct tp_rec *rec, struct tp_err *err)
{
	struct tp_reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.names = names;
	r.name = file;
	r.fd = -1;
	tp_rec_clear(rec);
	rec->file = file;
	rec->line = line;
	rc = json_record(&r, rec, s, n, err);
	/* An escaped key was decoded in r.tmp (tp-journal verify leaked it
	 * for every such audit row); the record does not point into it. */
	tp_buf_release(&r.tmp);
	free(r.seen);
	free(r.keys);
	return rc;
}
