/*
 * test_rec.c: unit tests for the record layer: encodings, times, records,
 * and the reader fed in chunks of every size.
 *
 * Expected values: epoch times from GNU date (`date -u -d ... +%s`), the
 * UTF-8 encoding of U+00E9 and U+1F600 from the Unicode standard (table
 * 3-6), RFC 4180's quoting rules, RFC 8259's string escapes.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "rec/tp_enc.h"
#include "core/tp_gz.h"
#include "rec/tp_rec.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"
#include "core/tp_time.h"

static int
buf_is(const struct tp_buf *b, const char *want)
{
	return b->len == strlen(want) && memcmp(b->p, want, b->len) == 0;
}

static void
test_enc(void)
{
	struct tp_buf b = { 0 };

	tp_enc_csv(&b, "plain", 5);
	tap_ok(buf_is(&b, "plain"), "csv: plain text stays unquoted");
	b.len = 0;
	tp_enc_csv(&b, "a,\"b\"", 5);
	tap_ok(buf_is(&b, "\"a,\"\"b\"\"\""), "csv: comma and quotes quoted, "
	    "quotes doubled (RFC 4180 2.6, 2.7)");
	b.len = 0;
	tp_enc_dec_csv(&b, "\"x\"\"y\r\nz\"", 9);
	tap_ok(buf_is(&b, "x\"y\r\nz"), "csv: quoted cell decodes");
	b.len = 0;
	tp_enc_json_str(&b, "a\"\\\n\x01", 5);
	tap_ok(buf_is(&b, "\"a\\\"\\\\\\n\\u0001\""), "json: escapes "
	    "(RFC 8259 section 7)");
	b.len = 0;
	tap_ok(tp_enc_dec_json_str(&b, "\"\\u00e9\\ud83d\\ude00\"", 20) == 0 &&
	    buf_is(&b, "\xc3\xa9\xf0\x9f\x98\x80"), "json: \\u escapes and "
	    "a surrogate pair decode to UTF-8");
	b.len = 0;
	tap_ok(tp_enc_dec_json_str(&b, "\"\\x\"", 4) < 0, "json: a bad escape "
	    "is refused");
	tap_ok(tp_enc_is_json_number("-0.5e+10", 8) &&
	    !tp_enc_is_json_number("01", 2) &&
	    !tp_enc_is_json_number(".5", 2) &&
	    !tp_enc_is_json_number("1.", 2) &&
	    !tp_enc_is_json_number("NaN", 3),
	    "json: number grammar (RFC 8259 6)");
	/* runs of digits across 8-byte steps, ended by the bytes beside
	 * the digits in ASCII ('/' and ':') and by the text's end */
	tap_ok(tp_enc_json_number_len("12345678901234567,", 18) == 17 &&
	    tp_enc_json_number_len("0.12345678901234567:", 20) == 19 &&
	    tp_enc_json_number_len("-1234567890123456/", 18) == 17 &&
	    tp_enc_json_number_len("12345678", 8) == 8 &&
	    tp_enc_json_number_len("123456789012345678901234", 24) == 24 &&
	    tp_enc_json_number_len("1.2345678e+12345678}", 20) == 19 &&
	    tp_enc_json_number_len("1234567.", 8) == 0,
	    "json: the length of long numbers");
	tp_buf_release(&b);
}

static void
test_time(void)
{
	static const struct {
		const char *s;
		int64_t ms;
	} cases[] = {
		/* date -u -d '1970-01-01' +%s = 0 */
		{ "1970-01-01", 0 },
		/* date -u -d '2000-02-29T12:00:00Z' +%s = 951825600 */
		{ "2000-02-29T12:00:00Z", 951825600000LL },
		/* date -u -d '2100-03-01' +%s = 4107542400 */
		{ "2100-03-01T00:00", 4107542400000LL },
		/* date -u -d '2024-06-30T22:00:00Z' +%s = 1719784800 */
		{ "2024-07-01T00:00:00.999+02:00", 1719784800999LL },
		/* date -u -d '2024-07-01T01:30:00Z' +%s = 1719797400 */
		{ "2024-07-01T00:00:00.9999-0130", 1719797400999LL },
	};
	const char *why;
	char buf[32];
	int64_t ms, tf;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tap_ok(tp_time_parse(cases[i].s, strlen(cases[i].s),
		    TP_UNIT_MS, &ms, &why) == 0 && ms == cases[i].ms,
		    "time: %s", cases[i].s);
	tap_ok(tp_time_parse("2023-02-29", 10, TP_UNIT_MS, &ms, &why) < 0,
	    "time: 2023-02-29 does not exist");
	tap_ok(tp_time_parse("2024-01-01T24:00:00Z", 20, TP_UNIT_MS, &ms,
	    &why) < 0, "time: hour 24 is refused");
	tap_ok(tp_time_parse("1704067200", 10, TP_UNIT_S, &ms, &why) == 0 &&
	    ms == 1704067200000LL, "time: seconds");
	/* tp(7): times before 1970 are out of range (test_time.c has
	 * the range's edges) */
	tap_ok(tp_time_parse("1969-12-31T23:59:59Z", 20, TP_UNIT_MS, &ms,
	    &why) < 0 && tp_time_parse("-1500", 5, TP_UNIT_US, &ms, &why) < 0,
	    "time: before 1970 is refused");
	/* 1,500 us is 1.5 ms: the millisecond it falls in */
	tap_ok(tp_time_parse("1500", 4, TP_UNIT_US, &ms, &why) == 0 && ms == 1,
	    "time: microseconds round toward the past");
	tp_time_format_iso(951825600123LL, buf);
	tap_ok(strcmp(buf, "2000-02-29T12:00:00.123Z") == 0, "time: ISO out");
	tap_ok(tp_time_tf_parse("4h", &tf) == 0 && tf == 14400000, "tf: 4h");
	tap_ok(tp_time_tf_parse("0m", &tf) < 0 &&
	    tp_time_tf_parse("1M", &tf) < 0 &&
	    tp_time_tf_parse("h", &tf) < 0 &&
	    tp_time_tf_parse("5mm", &tf) < 0,
	    "tf: bad timeframes are refused");
	tp_time_tf_format(5400000, buf);
	tap_ok(strcmp(buf, "90m") == 0, "tf: 90 minutes print as 90m");
	/* date -u -d '2024-01-03T15:00:00Z' (a Wednesday) +%s = 1704294000;
	 * that week's Monday, date -u -d '2024-01-01' +%s = 1704067200 */
	tap_ok(tp_time_tf_floor(1704294000000LL, 604800000) == 1704067200000LL,
	    "tf: weeks start on Monday");
	tap_ok(tp_time_tf_floor(-1, 3600000) == -3600000,
	    "tf: floor before 1970");
}

static void
test_record_scratch(void)
{
	struct tp_rec r;
	char big[5000];
	int i, ok = 1;

	tp_rec_init(&r);
	memset(big, 'x', sizeof(big));
	for (i = 0; i < 100; i++)
		tp_rec_add(&r, i, TP_ENC_TEXT, big, (size_t)(i * 37 % 5000));
	tp_rec_add_text(&r, 100, "last");
	/* every value must still be whole after the scratch moved */
	for (i = 0; i < 100; i++)
		ok &= r.f[i].n == (size_t)(i * 37 % 5000) &&
		    (r.f[i].n == 0 || (r.f[i].p[0] == 'x' &&
		    r.f[i].p[r.f[i].n - 1] == 'x'));
	tap_ok(ok && memcmp(r.f[100].p, "last", 4) == 0,
	    "record: values survive scratch growth");
	tp_rec_set(&r, 5, TP_ENC_TEXT, r.f[7].p, r.f[7].n);
	tap_ok(r.f[5].n == r.f[7].n && r.f[5].p != r.f[7].p,
	    "record: a value set from another field's bytes is copied");
	tp_rec_remove(&r, 0);
	tap_ok(r.nf == 100 && r.f[0].name == 1, "record: remove keeps order");
	tp_rec_release(&r);
}

/* Read all of fd as records and render them as NDJSON into out. */
static int
drain(int fd, struct tp_buf *out)
{
	struct tp_names names;
	struct tp_reader rd;
	struct tp_writer w;
	struct tp_rec rec;
	struct tp_err err = TP_ERR_INIT;
	char path[64];
	int rc, pfd[2];

	/* The writer writes to a pipe that we read back afterwards. */
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	char *files[] = { path };

	if (pipe(pfd) < 0)
		return -1;
	tp_names_init(&names);
	tp_rec_init(&rec);
	tp_reader_init(&rd, &names, files, 1, TP_FMT_AUTO, &err);
	tp_writer_init(&w, pfd[1], TP_FMT_NDJSON, &names, &err);
	while ((rc = tp_read(&rd, &rec, &err)) > 0)
		tp_write(&w, &rec, &err);
	tp_writer_flush(&w, &err);
	close(pfd[1]);
	for (;;) {
		char b[4096];
		ssize_t n = read(pfd[0], b, sizeof(b));

		if (n <= 0)
			break;
		tp_buf_add(out, b, (size_t)n);
	}
	close(pfd[0]);
	tp_writer_release(&w);
	tp_reader_release(&rd);
	tp_rec_release(&rec);
	tp_names_release(&names);
	return rc < 0 ? -1 : 0;
}

/* Feed text to the reader through a pipe, chunk bytes at a time. */
static int
read_chunked(const char *text, size_t chunk, struct tp_buf *out)
{
	int pfd[2], rc, st;
	size_t n = strlen(text), off;
	pid_t pid;

	if (pipe(pfd) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		for (off = 0; off < n; off += chunk)
			if (write(pfd[1], text + off,
			    n - off < chunk ? n - off : chunk) < 0)
				_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	rc = drain(pfd[0], out);
	close(pfd[0]);
	waitpid(pid, &st, 0);
	return rc;
}

static void
test_chunks(void)
{
	static const char csv[] =
	    "\xEF\xBB\xBFtime,note,x\r\n"
	    "1,\"a,\"\"b\"\"\r\nc\",0.1\r\n"
	    "\n"
	    "2,,5e-324\r\n"
	    "3,plain,1.7976931348623157e308";
	static const char want[] =
	    "{\"time\":1,\"note\":\"a,\\\"b\\\"\\r\\nc\",\"x\":0.1}\n"
	    "{\"time\":2,\"note\":null,\"x\":5e-324}\n"
	    "{\"time\":3,\"note\":\"plain\",\"x\":1.7976931348623157e308}\n";
	static const char nd[] =
	    "{\"a\": \"x\\\"y\", \"b\" :null ,\"c\":[1]}\n"
	    "{\"a\":1}\r\n";
	struct tp_buf out = { 0 };
	size_t chunk;
	int ok = 1;

	for (chunk = 1; chunk <= sizeof(csv); chunk++) {
		out.len = 0;
		ok &= read_chunked(csv, chunk, &out) == 0 && buf_is(&out, want);
	}
	tap_ok(ok, "reader: CSV with BOM, CRLF, quoted newline, blank line "
	    "and no final newline reads the same in chunks of 1..%zu bytes",
	    sizeof(csv));
	out.len = 0;
	tap_ok(read_chunked(nd, 3, &out) < 0, "reader: nested array refused");
	tp_buf_release(&out);
}

/*
 * NDJSON records whose fields change names from one record to the next,
 * at the same places (the reader guesses each name from the record
 * before): each keeps its own, and a repeated one is still refused.
 */
static void
test_json_keys(void)
{
	static const char nd[] =
	    "{\"a\":1,\"b\":2}\n"
	    "{\"b\":3,\"a\":4}\n"
	    "{\"ab\":5,\"b\":6,\"c\":7}\n"
	    "{\"a\":8}\n"
	    "{\"\\u0061\":9,\"a\\u0062\":10}\n";
	static const char want[] =
	    "{\"a\":1,\"b\":2}\n"
	    "{\"b\":3,\"a\":4}\n"
	    "{\"ab\":5,\"b\":6,\"c\":7}\n"
	    "{\"a\":8}\n"
	    "{\"a\":9,\"ab\":10}\n";
	struct tp_buf out = { 0 };

	tap_ok(read_chunked(nd, sizeof(nd), &out) == 0 && buf_is(&out, want),
	    "reader: NDJSON field names that change from record to record");
	out.len = 0;
	tap_ok(read_chunked("{\"a\":1,\"b\":2}\n{\"a\":1,\"a\":2}\n", 64,
	    &out) < 0, "reader: a name repeated where the record before had "
	    "another refused");
	tp_buf_release(&out);
}

/*
 * One NDJSON record outside a stream, with escaped keys: \" is a quotation
 * mark and \u0062 a "b" (RFC 8259 section 7).  The keys are decoded in a
 * buffer of the call's own, which the sanitizer build's leak checker sees
 * freed (tp-journal verify lost 256 bytes per such audit row).
 */
static void
test_parse_json(void)
{
	static const char s[] = "{\"x\\\"y\":1,\"a\\u0062\":\"\\\"\"}";
	struct tp_names names;
	struct tp_rec rec;
	struct tp_err err = TP_ERR_INIT;
	int rc;

	tp_names_init(&names);
	tp_rec_init(&rec);
	rc = tp_reader_parse_json(&names, s, sizeof(s) - 1, "t", 1, &rec, &err);
	tap_ok(rc == 0 && rec.nf == 2 &&
	    strcmp(names.v[rec.f[0].name].s, "x\"y") == 0 &&
	    strcmp(names.v[rec.f[1].name].s, "ab") == 0 &&
	    rec.f[1].n == 4 && memcmp(rec.f[1].p, "\"\\\"\"", 4) == 0,
	    "parse_json: escaped keys decode, values stay as read");
	/* a NUL byte is no hex digit (found by fuzz_json) */
	tap_ok(tp_reader_parse_json(&names, "{\"a\":\"\\u00\0\0\"}", 14, "t", 1,
	    &rec, &err) < 0 && strcmp(err.msg, "col 8: bad \\u escape") == 0,
	    "parse_json: \\u and NUL bytes is no escape");
	tp_rec_release(&rec);
	tp_names_release(&names);
}

/*
 * Corrupt gzip read a byte at a time and all at once: the same error,
 * zlib's own words for it.  The input (from fuzz_reader) is a gzip header
 * and a deflate block whose codes run out while zlib still holds output:
 * tp_gz_read said "gzip data cut short" as soon as the input was all read,
 * before zlib, called again, found the bad distance.
 */
static void
test_gz_small_reads(void)
{
	static const unsigned char bad[] = {
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03,
		0x2b, 0xc9, 0xcc, 0x4d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x63, 0x6c, 0x6f, 0x73,
		0x65, 0xc9, 0x2f, 0x4e, 0xe5
	};
	static const size_t sizes[2] = { 1, 1 << 16 };
	static char out[1 << 16];
	struct tp_err err;
	struct tp_gz *g;
	ssize_t k;
	size_t i;
	int pfd[2], ok = 1;

	/* As the reader does: the first 4 bytes tell gzip, the rest comes
	 * from the file (here a pipe holding them). */
	for (i = 0; i < 2; i++) {
		tp_err_clear(&err);
		if (pipe(pfd) < 0 || write(pfd[1], bad + 4, sizeof(bad) - 4) !=
		    (ssize_t)(sizeof(bad) - 4))
			break;
		close(pfd[1]);
		g = tp_gz_open((const char *)bad, 4);
		while ((k = tp_gz_read(g, pfd[0], out, sizes[i], "t",
		    &err)) > 0)
			;
		ok &= k < 0 && strcmp(err.msg, "bad gzip data: invalid "
		    "distance too far back") == 0;
		tp_gz_close(g);
		close(pfd[0]);
	}
	tap_ok(ok && i == 2, "gzip: corrupt data gives the same error read a "
	    "byte at a time (%s)", err.msg);
}

static void
add_str(struct tp_buf *b, const char *s)
{
	tp_buf_add(b, s, strlen(s));
}

/* A CSV cell of n copies of c, and its JSON: a string, or null. */
static void
add_cell(struct tp_buf *csv, struct tp_buf *json, const char *name, char c,
    int n, int last)
{
	int i;

	add_str(json, "\"");
	add_str(json, name);
	add_str(json, n ? "\":\"" : "\":null");
	for (i = 0; i < n; i++) {
		tp_buf_add(csv, &c, 1);
		tp_buf_add(json, &c, 1);
	}
	add_str(csv, last ? "\n" : ",");
	add_str(json, n ? "\"" : "");
	add_str(json, last ? "}\n" : ",");
}

/* Unquoted cells of every length from 0 to 19 at every offset within a
 * word, so that commas fall on each byte of the splitter's 8-byte steps. */
static void
test_split(void)
{
	struct tp_buf csv = { 0 }, json = { 0 }, out = { 0 };
	int a, b;

	add_str(&csv, "a,b,c\n");
	for (a = 0; a < 20; a++)
		for (b = 0; b < 20; b++) {
			add_str(&json, "{");
			add_cell(&csv, &json, "a", 'x', a, 0);
			add_cell(&csv, &json, "b", 'y', b, 0);
			add_cell(&csv, &json, "c", 'z', (a + b) % 11 + 1, 1);
		}
	tp_buf_add(&csv, "", 1);	/* NUL-terminate for read_chunked */
	tap_ok(read_chunked(csv.p, 4096, &out) == 0 &&
	    out.len == json.len && memcmp(out.p, json.p, json.len) == 0,
	    "reader: unquoted cells of 0 to 19 bytes split at every offset");
	tp_buf_release(&csv);
	tp_buf_release(&json);
	tp_buf_release(&out);
}

/*
 * What a full output buffer writes ends at a line's end: after every
 * tp_write the file holds whole lines only, though the records (about
 * 1,000 bytes each, a text field of 1,000 'x's) do not divide the
 * buffer's 256 KiB, so some record always straddles the point where the
 * buffer fills.  A record longer than the buffer goes out whole too.
 */
static void
test_whole_lines(void)
{
	char path[] = "/tmp/test_rec_linesXXXXXX", text[300001], last;
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_writer w;
	struct tp_rec rec;
	struct tp_recb o;
	struct stat sb;
	int fd, i, torn = 0, rc = 0;

	fd = mkstemp(path);
	tp_names_init(&names);
	tp_rec_init(&rec);
	tp_writer_init(&w, fd, TP_FMT_NDJSON, &names, &err);
	memset(text, 'x', sizeof(text) - 1);
	for (i = 0; i < 2000 && rc == 0; i++) {
		text[i == 1500 ? sizeof(text) - 1 : 1000] = '\0';
		o = (struct tp_recb){ &names, &rec, 0 };
		tp_rec_clear(&rec);
		tp_recb_i64(&o, "n", i);
		tp_recb_text(&o, "pad", text);
		text[i == 1500 ? sizeof(text) - 1 : 1000] = 'x';
		rc = o.rc < 0 ? -1 : tp_write(&w, &rec, &err);
		if (fstat(fd, &sb) == 0 && sb.st_size > 0 &&
		    (pread(fd, &last, 1, sb.st_size - 1) != 1 || last != '\n'))
			torn++;
	}
	tp_writer_flush(&w, &err);
	tap_ok(rc == 0 && err.code == 0 && fstat(fd, &sb) == 0 &&
	    sb.st_size > 3 * (256 << 10), "writer: records over several "
	    "buffers written");
	tap_ok(torn == 0, "writer: the file ends at a line's end after every "
	    "record (%d times it did not)", torn);
	tp_writer_release(&w);
	tp_rec_release(&rec);
	tp_names_release(&names);
	close(fd);
	unlink(path);
}

/*
 * The records of text (a file's bytes) written as fmt into *out, each with
 * a number appended; with copies, a copy of a copy of each is written in
 * its place.
 */
static int
render(const char *text, enum tp_fmt fmt, int copies, struct tp_buf *out)
{
	char in[] = "/tmp/test_rec_inXXXXXX", res[] = "/tmp/test_rec_outXXXXXX";
	char *files[] = { in }, b[4096];
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_reader rd;
	struct tp_writer w;
	struct tp_rec rec, c1, c2, *r;
	int ifd = mkstemp(in), ofd = mkstemp(res), rc = -1, id;
	ssize_t n;

	tp_names_init(&names);
	tp_rec_init(&rec);
	tp_rec_init(&c1);
	tp_rec_init(&c2);
	id = tp_names_intern(&names, TP_LIT("p"));
	if (ifd < 0 || ofd < 0 || write(ifd, text, strlen(text)) < 0 ||
	    tp_reader_init(&rd, &names, files, 1, TP_FMT_AUTO, &err) < 0)
		goto done;
	tp_writer_init(&w, ofd, fmt, &names, &err);
	while ((rc = tp_read(&rd, &rec, &err)) > 0) {
		r = &rec;
		if (copies) {
			if (tp_rec_copy(&c1, &rec) < 0 ||
			    tp_rec_copy(&c2, &c1) < 0)
				break;
			r = &c2;
		}
		if (tp_rec_add_num(r, id, 0.25) < 0 ||
		    tp_write(&w, r, &err) < 0)
			break;
	}
	tp_writer_flush(&w, &err);
	tp_writer_release(&w);
	tp_reader_release(&rd);
	while (rc == 0 && (n = pread(ofd, b, sizeof(b), (off_t)out->len)) > 0)
		tp_buf_add(out, b, (size_t)n);
done:
	if (ifd >= 0)
		close(ifd);
	if (ofd >= 0)
		close(ofd);
	unlink(in);
	unlink(res);
	tp_rec_release(&rec);
	tp_rec_release(&c1);
	tp_rec_release(&c2);
	tp_names_release(&names);
	return rc == 0 && err.code == 0 ? 0 : -1;
}

/*
 * A copy of a record (tp_rec_copy(), which a batch of tp-predict's model
 * holds) writes as the record does, in either format: quoted cells,
 * empty ones, a quoted empty one, numbers and JSON values.
 */
static void
test_copy_writes(void)
{
	static const char csv[] =
	    "time,note,x,e,q,z\n"
	    "1,\"a,\"\"b\",0.1,,\"\",7\n"
	    "2,,5e-324,x,\"q\",\n";
	static const char nd[] =
	    "{\"time\":1,\"note\":\"a\\\"\",\"x\":0.5,\"e\":null,\"b\":true}\n"
	    "{\"time\":2, \"note\" : \"b\",\"x\":-1e5,\"e\":\"\\u0041\",\"b\":false}\n";
	const char *text[] = { csv, nd };
	enum tp_fmt fmt[] = { TP_FMT_CSV, TP_FMT_NDJSON };
	struct tp_buf a = { 0 }, b = { 0 };
	int i, k;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 2; k++) {
			a.len = b.len = 0;
			tap_ok(render(text[i], fmt[k], 0, &a) == 0 &&
			    render(text[i], fmt[k], 1, &b) == 0 && a.len > 0 &&
			    a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
			    "record: a copy of a %s record writes as %s as "
			    "the record does", i ? "NDJSON" : "CSV",
			    k ? "NDJSON" : "CSV");
		}
	tp_buf_release(&a);
	tp_buf_release(&b);
}

int
main(void)
{
	test_enc();
	test_time();
	test_record_scratch();
	test_chunks();
	test_json_keys();
	test_parse_json();
	test_gz_small_reads();
	test_split();
	test_whole_lines();
	test_copy_writes();
	return tap_done();
}
