/*
 * fuzz_reader.c: the record reader (lib/rec/tp_read.c) on any bytes, in every
 * input format, read in small blocks so that records straddle reads.
 *
 * The first byte says how; the rest is the input.  Its bits 0-1 force a
 * format (auto, CSV, NDJSON, auto), bit 2 installs a sniffer like tp-fetch
 * import's (JSON arrays of arrays, headerless CSV), bit 3 also reads the
 * input gzip-compressed, bits 4-7 choose a block size of 1 to 16 bytes.
 * The input is read as --skip-bad does, going on after each data error.
 * Checked, with abort() on a failure:
 *
 *   - reading ends, and every call that gives a record or an error
 *     consumes input: at most one per input byte, plus one;
 *   - the same records (names, encodings, bytes, lines) and the same
 *     errors come out whether the input is read in one block, in small
 *     blocks, or through gzip;
 *   - every record read, written as NDJSON by tp_writer and read back,
 *     has the same field names and values;
 *   - tp_rec_copy() of a record is the record (built field by field in
 *     a fresh record: an empty first value once meant NULL + 0).
 *
 * The input lives in an unlinked temporary file read through /dev/fd/N
 * (the reader opens files by name), so nothing is left on disk.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "rec/tp_rec.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { F_IN, F_GZ, F_OUT, NFILES };

static int fds[NFILES];
static char paths[NFILES][32];

/* Make the unlinked files, once. */
static void
files_init(void)
{
	/* memory, not a disk: rewriting a file on disk thousands of times a
	 * second made the run wait on the disk */
	char shm[] = "/dev/shm/fuzz_reader.XXXXXX";
	char tmp[] = "/tmp/fuzz_reader.XXXXXX";
	char *dir, path[64];
	int k;

	if (fds[0] > 0)
		return;
	dir = mkdtemp(shm);
	if (dir == NULL)
		dir = mkdtemp(tmp);
	if (dir == NULL)
		abort();
	for (k = 0; k < NFILES; k++) {
		snprintf(path, sizeof(path), "%s/%d", dir, k);
		fds[k] = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fds[k] < 0 || unlink(path) < 0)
			abort();
		snprintf(paths[k], sizeof(paths[k]), "/dev/fd/%d", fds[k]);
	}
	if (rmdir(dir) < 0)
		abort();
}

static void
file_set(int k, const void *p, size_t n)
{
	if ((n > 0 && pwrite(fds[k], p, n, 0) != (ssize_t)n) ||
	    ftruncate(fds[k], (off_t)n) < 0)
		abort();
}

/* gzip (RFC 1952) of p[0..n) into the file F_GZ. */
static void
gzip_to_file(const uint8_t *p, size_t n)
{
	z_stream z;
	uLong cap = compressBound((uLong)n) + 32;
	unsigned char *out = malloc(cap);

	memset(&z, 0, sizeof(z));
	if (out == NULL || deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	file_set(F_GZ, out, cap - z.avail_out);
	deflateEnd(&z);
	free(out);
}

/* As tp-fetch import tells files apart (tp_src_import.c): a JSON array
 * holds candles; a CSV that starts with a digit has no header. */
static int
sniff(struct tp_reader *r, void *ctx, struct tp_err *err)
{
	static const char *const cols[12] = {
		"time", "open", "high", "low", "close", "volume", "c6", "c7",
		"c8", "c9", "c10", "c11"
	};
	size_t n, i;
	const char *p = tp_reader_peek(r, &n);
	int k = 1;

	(void)ctx;
	if (tp_reader_format(r) == TP_FMT_JARRAY)
		return tp_reader_set_header(r, cols, 6, err);
	if (tp_reader_format(r) != TP_FMT_CSV || !(p[0] >= '0' && p[0] <= '9'))
		return 0;
	for (i = 0; i < n && p[i] != '\n'; i++)
		k += p[i] == ',';
	if (k > 12)
		return tp_errf(err, TP_EX_DATAERR, r->name, r->line,
		    "headerless CSV with %d columns", k);
	return tp_reader_set_header(r, cols, k, err);
}

static void
add(struct tp_buf *b, const void *p, size_t n)
{
	if (tp_buf_add(b, p, n) < 0)
		abort();
}

/* v in decimal, then the byte sep. */
static void
addn(struct tp_buf *b, long v, char sep)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%ld%c", v, sep);

	add(b, s, (size_t)n);
}

/* The record as text: each field's name, encoding and bytes. */
static void
log_record(struct tp_buf *log, const struct tp_names *names,
    const struct tp_rec *rec)
{
	int i;

	add(log, "R ", 2);
	addn(log, rec->line, ' ');
	addn(log, rec->nf, '\n');
	for (i = 0; i < rec->nf; i++) {
		const struct tp_name *nm = &names->v[rec->f[i].name];

		addn(log, (long)nm->n, ' ');
		addn(log, rec->f[i].enc, ' ');
		add(log, nm->s, nm->n);
		addn(log, (long)rec->f[i].n, ' ');
		add(log, rec->f[i].p, rec->f[i].n);
		add(log, "\n", 1);
	}
}

/* The record's values decoded, names and text (null as empty). */
static void
log_values(struct tp_buf *log, const struct tp_names *names,
    const struct tp_rec *rec, struct tp_buf *tmp)
{
	const char *p;
	size_t n;
	int i, isnull;

	add(log, "V ", 2);
	addn(log, rec->nf, '\n');
	for (i = 0; i < rec->nf; i++) {
		const struct tp_name *nm = &names->v[rec->f[i].name];

		addn(log, (long)nm->n, ' ');
		add(log, nm->s, nm->n);
		if (tp_field_text(&rec->f[i], tmp, &p, &n, &isnull) < 0) {
			add(log, "!\n", 2);
			continue;
		}
		addn(log, (long)n, ' ');
		add(log, p, n);
		add(log, "\n", 1);
	}
}

/* dst, a copy of src, is the same record. */
static void
check_copy(struct tp_rec *dst, const struct tp_rec *src)
{
	int i;

	tp_rec_release(dst);
	if (tp_rec_copy(dst, src) < 0 || dst->nf != src->nf ||
	    dst->line != src->line)
		abort();
	for (i = 0; i < src->nf; i++)
		if (dst->f[i].name != src->f[i].name ||
		    dst->f[i].enc != src->f[i].enc ||
		    dst->f[i].n != src->f[i].n || (src->f[i].n > 0 &&
		    memcmp(dst->f[i].p, src->f[i].p, src->f[i].n) != 0))
			abort();
}

/*
 * Read file k with the reader set as mode says, block bytes at a time
 * (0: the reader's own), as --skip-bad does.  Records and errors go to
 * log; with out, decoded values go to vals and records are written to
 * the file F_OUT as NDJSON.  Returns the calls that gave something.
 */
static long
read_all(int k, int mode, size_t block, enum tp_fmt force,
    struct tp_buf *log, struct tp_buf *vals, int out)
{
	struct tp_names names;
	struct tp_reader rd;
	struct tp_writer w;
	struct tp_rec rec, copy;
	struct tp_err err = TP_ERR_INIT;
	struct tp_buf tmp = { 0 };
	char *files[1] = { paths[k] };
	long calls = 0;
	int rc;

	tp_names_init(&names);
	tp_rec_init(&rec);
	tp_rec_init(&copy);
	if (tp_reader_init(&rd, &names, files, 1, force, &err) < 0)
		abort();
	if (out) {
		file_set(F_OUT, NULL, 0);
		if (lseek(fds[F_OUT], 0, SEEK_SET) < 0 ||
		    tp_writer_init(&w, fds[F_OUT], TP_FMT_NDJSON, &names,
		    &err) < 0)
			abort();
	}
	tp_reader_set_block(&rd, block);
	if (mode & 4)
		tp_reader_set_sniff(&rd, sniff, NULL);
	log->len = 0;
	for (;;) {
		rc = tp_read(&rd, &rec, &err);
		if (rc == 0)
			break;
		calls++;
		if (rc > 0) {
			log_record(log, &names, &rec);
			if (out) {
				check_copy(&copy, &rec);
				log_values(vals, &names, &rec, &tmp);
				if (tp_write(&w, &rec, &err) < 0)
					abort();
			}
			continue;
		}
		add(log, "E ", 2);
		addn(log, err.code, ' ');
		addn(log, err.line, ' ');
		add(log, err.msg, strlen(err.msg));
		add(log, "\n", 1);
		if (err.code != TP_EX_DATAERR)
			break;
		tp_err_clear(&err);
	}
	if (out) {
		if (tp_writer_flush(&w, &err) < 0)
			abort();
		tp_writer_release(&w);
	}
	tp_buf_release(&tmp);
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	tp_rec_release(&copy);
	tp_names_release(&names);
	return calls;
}

static int
same(const struct tp_buf *a, const struct tp_buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->p, b->p, a->len) == 0);
}

/* The records written to F_OUT read back as the values in want. */
static void
check_round_trip(const struct tp_buf *want)
{
	struct tp_names names;
	struct tp_reader rd;
	struct tp_rec rec;
	struct tp_err err = TP_ERR_INIT;
	struct tp_buf tmp = { 0 }, got = { 0 };
	char *files[1] = { paths[F_OUT] };
	int rc;

	tp_names_init(&names);
	tp_rec_init(&rec);
	if (tp_reader_init(&rd, &names, files, 1, TP_FMT_NDJSON, &err) < 0)
		abort();
	while ((rc = tp_read(&rd, &rec, &err)) > 0)
		log_values(&got, &names, &rec, &tmp);
	if (rc < 0 || !same(&got, want))
		abort();
	tp_buf_release(&got);
	tp_buf_release(&tmp);
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	tp_names_release(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tp_fmt fmts[4] = {
		TP_FMT_AUTO, TP_FMT_CSV, TP_FMT_NDJSON, TP_FMT_AUTO
	};
	struct tp_buf whole = { 0 }, part = { 0 }, vals = { 0 };
	const uint8_t *in;
	size_t n;
	int mode, magic;
	long calls;

	if (size < 1 || size > 1 << 16)
		return 0;
	files_init();
	mode = data[0];
	in = data + 1;
	n = size - 1;
	file_set(F_IN, in, n);
	calls = read_all(F_IN, mode, 0, fmts[mode & 3], &whole, &vals, 1);
	/* A gzip input inflates to more bytes than it has. */
	magic = n >= 2 && in[0] == 0x1f && in[1] == 0x8b;
	if (!magic && calls > (long)n + 1)
		abort();
	check_round_trip(&vals);
	read_all(F_IN, mode, 1 + (size_t)(mode >> 4), fmts[mode & 3], &part,
	    NULL, 0);
	if (!same(&whole, &part))
		abort();
	/* Compressed, the same, unless the input is compressed itself or a
	 * zip archive, which only the first bytes of a file can tell. */
	if ((mode & 8) && !magic && !(n >= 4 && memcmp(in, "PK\003\004",
	    4) == 0)) {
		gzip_to_file(in, n);
		read_all(F_GZ, mode, 1 + (size_t)(mode >> 4), fmts[mode & 3],
		    &part, NULL, 0);
		if (!same(&whole, &part))
			abort();
	}
	tp_buf_release(&whole);
	tp_buf_release(&part);
	tp_buf_release(&vals);
	return 0;
}
