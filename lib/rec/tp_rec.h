/*
 * tp_rec.h: records, and the streams that read and write them.
 *
 * A record is a flat, ordered list of fields.  Each field has a name (an
 * interned id, see struct tp_names) and a value kept as the exact bytes it
 * was read as, with a note of how those bytes are encoded (enum tp_enc).
 * That is what lets a filter pass the fields it does not own through
 * verbatim: the writer copies the original text, re-encoding only when the
 * output format differs (a quoted CSV cell becomes a JSON string, say).
 * Fields a program adds are appended with tp_rec_add_*().
 *
 * Ownership: a record read by tp_read() points into the reader's buffer and
 * is valid until the next tp_read() on that reader.  Bytes given to
 * tp_rec_add_*() and tp_rec_set*() are copied into the record's own scratch
 * buffer, which is reused from one record to the next, so the steady state
 * allocates nothing.  tp_rec_copy() makes a record that owns all its bytes.
 *
 * Streams: struct tp_reader reads NDJSON or CSV (RFC 4180) from a list of
 * files, in large blocks, and knows each record's input name and line.
 * struct tp_writer writes NDJSON or CSV through one large buffer.  All
 * functions return < 0 on failure and fill a struct tp_err; none prints.
 */
#ifndef TP_REC_H
#define TP_REC_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"
#include "rec/tp_market.h"

/* ---- growable byte buffer ---------------------------------------------- */

struct tp_buf {
	char *p;
	size_t len, cap;
};

/* Make room for extra more bytes; -1 when out of memory. */
int tp_buf_reserve(struct tp_buf *b, size_t extra);
int tp_buf_add(struct tp_buf *b, const void *p, size_t n);
void tp_buf_release(struct tp_buf *b);

/* ---- field names --------------------------------------------------------- */

struct tp_name {
	char *s;		/* the name, NUL-terminated */
	size_t n;
	char *csv;		/* as a CSV header cell (quoted if need be) */
	size_t csvn;
	char *json;		/* as a JSON key with its colon: "name": */
	size_t jsonn;
};

/* Interned names shared by the readers and writers of one program. */
struct tp_names {
	struct tp_name *v;
	int n, cap;
	int *slots;		/* open addressing hash: id + 1, 0 empty */
	size_t nslots;
};

#define TP_NAMES_MAX 65536
#define TP_NAMES_FULL (-2)	/* TP_NAMES_MAX names there already */

void tp_names_init(struct tp_names *t);
void tp_names_release(struct tp_names *t);
/* The id of name s[0..n), adding it if new; -1 when out of memory,
 * TP_NAMES_FULL when the table holds TP_NAMES_MAX names already. */
int tp_names_intern(struct tp_names *t, const char *s, size_t n);
/*
 * After tp_names_intern() failed with rc: fill err and return -1.  A full
 * table is bad data at file:line (exit 65): "too many WHAT: one run holds
 * at most 65536", what being "field names" or "symbols"; else out of
 * memory (exit 70).
 */
int tp_names_fail(int rc, const char *what, const char *file, long line,
    struct tp_err *err);
/* The id of s if interned, else -1. */
int tp_names_find(const struct tp_names *t, const char *s, size_t n);

/*
 * How far apart two names are, for "did you mean" hints: the optimal
 * string alignment distance (Levenshtein plus swaps of neighbours, so
 * "stpoloss" is one edit from "stoploss"), ignoring ASCII case; 99 for a
 * name longer than 63 bytes.
 */
int tp_names_distance(const char *a, const char *b);

/* ---- records ------------------------------------------------------------- */

enum tp_enc {
	TP_ENC_NULL,		/* missing: JSON null, an empty CSV cell */
	TP_ENC_CSV,		/* a non-empty unquoted CSV cell, as read */
	TP_ENC_CSVQ,		/* a quoted CSV cell, as read, quotes included */
	TP_ENC_NUM,		/* a JSON number's text */
	TP_ENC_JSTR,		/* a JSON string, quotes and escapes included */
	TP_ENC_BOOL,		/* true or false */
	TP_ENC_TEXT		/* plain text made by a program: a string */
};

struct tp_field {
	int name;		/* id in struct tp_names */
	unsigned char enc;	/* enum tp_enc */
	unsigned char own;	/* bytes live in the record's scratch */
	unsigned char comma;	/* own, and the scratch byte after is ',' */
	const char *p;
	size_t n;
	size_t off;		/* offset of p in the scratch, when own */
};

struct tp_rec {
	struct tp_field *f;
	int nf, cap;
	const char *file;	/* input name, for messages; not owned */
	long line;		/* input line where the record starts */
	/* Set by the reader: records of one nonzero shape came with the same
	 * field names in the same order (the rows of one CSV header); 0 when
	 * unknown.  A program that adds or removes fields does not change
	 * it: it describes the record as read. */
	unsigned shape;
	struct tp_buf scratch;
};

void tp_rec_init(struct tp_rec *r);
void tp_rec_release(struct tp_rec *r);
/* Empty the record, keeping its memory. */
void tp_rec_clear(struct tp_rec *r);

/* Make room for nfields more fields and bytes more scratch bytes, so that
 * the adds that follow do not grow anything. */
int tp_rec_reserve(struct tp_rec *r, int nfields, size_t bytes);

/* Index of the field named id, or -1.  hint, when >= 0, is tried first: the
 * index the field had in the previous record of the same stream. */
int tp_rec_find(const struct tp_rec *r, int id, int hint);

/* Append a field whose value is n bytes at p in encoding enc (copied). */
int tp_rec_add(struct tp_rec *r, int id, enum tp_enc enc, const char *p,
    size_t n);
/* Append number v as field id (NaN or an infinity: a missing field); the
 * _nums form appends fields ids[i] = v[i] for i < n with one reservation. */
int tp_rec_add_num(struct tp_rec *r, int id, double v);
int tp_rec_add_nums(struct tp_rec *r, const int *ids, const double *v,
    int n);
int tp_rec_add_i64(struct tp_rec *r, int id, int64_t v);
int tp_rec_add_text(struct tp_rec *r, int id, const char *s);
int tp_rec_add_bool(struct tp_rec *r, int id, int v);
/* Replace the value of field i (copied). */
int tp_rec_set(struct tp_rec *r, int i, enum tp_enc enc, const char *p,
    size_t n);
int tp_rec_set_i64(struct tp_rec *r, int i, int64_t v);
/* Set field id: replace it when present, append it otherwise. */
int tp_rec_put(struct tp_rec *r, int id, enum tp_enc enc, const char *p,
    size_t n);
/* Remove field i, keeping the order of the others. */
void tp_rec_remove(struct tp_rec *r, int i);
/* Make dst a copy of src that owns all its bytes. */
int tp_rec_copy(struct tp_rec *dst, const struct tp_rec *src);

/*
 * Building a record field by field without checking each step: the
 * first failure (out of memory) sets rc to -1 and later calls go on
 * harmlessly, so a builder reads as the list of its fields.  A NULL or
 * empty text and a NaN number are written as null.
 */
struct tp_recb {
	struct tp_names *names;
	struct tp_rec *rec;
	int rc;
};

/* Empty rec and start o on it: "type" first, then what tp and jq expect
 * near the front of any record a program makes, "time" (null when < 0:
 * an account that has worked no candle yet) and "strategy". */
void tp_recb_begin(struct tp_recb *o, struct tp_names *names,
    struct tp_rec *rec, const char *type, int64_t time,
    const char *strategy);
void tp_recb_num(struct tp_recb *o, const char *name, double v);
void tp_recb_i64(struct tp_recb *o, const char *name, int64_t v);
void tp_recb_text(struct tp_recb *o, const char *name, const char *v);
/* A string even when empty ("": a stream without symbols). */
void tp_recb_string(struct tp_recb *o, const char *name, const char *v);
void tp_recb_bool(struct tp_recb *o, const char *name, int v);

/*
 * The value of field i as text, decoded from its encoding (CSV quotes and
 * JSON escapes removed) into tmp when need be.  *isnull is set for missing
 * values.  Returns -1 for a JSON string with a bad escape.
 */
int tp_field_text(const struct tp_field *f, struct tp_buf *tmp,
    const char **p, size_t *n, int *isnull);

/*
 * The value of field f as a double: a JSON number, or a CSV cell or JSON
 * string holding a number (exchanges send prices as strings).  Returns
 * 0, 1 when the value is missing, or -1 with a message for err naming the
 * field when it is not a finite number.
 */
int tp_field_num(const struct tp_rec *r, const struct tp_field *f,
    const struct tp_names *names, double *v, struct tp_err *err);

/*
 * Whether rec is a candle (tp(7)): it has no field type_id, or that field
 * is null or "candle"; a type that is not valid text is not.  *hint, when
 * hint is not NULL, is tried first and then set, as tp_rec_find's; tmp is
 * scratch for decoding.
 */
int tp_rec_is_candle(const struct tp_rec *rec, int type_id, int *hint,
    struct tp_buf *tmp);

/* Whether field i of rec is missing (i < 0), null or empty text (or text
 * that does not decode); tmp is scratch for decoding. */
int tp_rec_blank(const struct tp_rec *rec, int i, struct tp_buf *tmp);

/* ---- streams ------------------------------------------------------------- */

enum tp_fmt {
	TP_FMT_AUTO,		/* decide from the first byte */
	TP_FMT_CSV,
	TP_FMT_NDJSON,
	TP_FMT_JARRAY		/* one JSON array of arrays (reader only) */
};

/* Parse "csv" / "ndjson"; -1 if neither. */
int tp_rec_fmt_parse(const char *s, enum tp_fmt *fmt);

struct tp_reader;
struct tp_gz;

/*
 * Called once per input file after its first bytes are buffered (BOM and
 * leading white space skipped), before any record is read.  It may look at
 * tp_reader_peek() and call tp_reader_set_format() or tp_reader_set_header()
 * to read formats that are not self-describing (a headerless CSV, a JSON
 * array of arrays).  Returns < 0 with err set to stop.
 */
typedef int (*tp_sniff_fn)(struct tp_reader *r, void *ctx,
    struct tp_err *err);

#define TP_READ_MAX_RECORD (16u << 20)	/* longest record accepted */

struct tp_reader {
	char **files;		/* inputs; "-" is stdin; not owned */
	int nfiles, fi;
	const char *name;	/* current input's name for messages */
	int fd;
	struct tp_gz *gz;	/* inflates the current input when gzip */
	char *buf;
	size_t cap, pos, end;
	int eof;
	long line;		/* line of buf[pos] */
	enum tp_fmt force, fmt;
	struct tp_names *names;
	int *hdr;		/* CSV column ids of the current input */
	int nhdr, hdrcap;
	int hdr_given;		/* header set by the sniffer */
	int jarr;		/* JSON array state (enum in tp_read.c) */
	int stop;		/* the rest of the input cannot be read */
	size_t block;		/* most bytes asked of the source at once */
	struct tp_buf tmp;
	tp_sniff_fn sniff;
	void *sniff_ctx;
	long nrec;		/* records returned so far */
	int may_block;		/* the input is a pipe, a terminal, a socket */
	unsigned shape;		/* of the current CSV header's rows */
	int time_known;		/* NDJSON: time_from is settled */
	int time_from, time_at;	/* the field read as "time", where it was */
	int (*idle)(void *ctx, struct tp_err *err);
	void *idle_ctx;
	struct tp_fmarket named;	/* what the input's name tells */
	int named_id[4];	/* type, symbol, timeframe, exchange */
	unsigned *seen;		/* per name id: the mark of the last record */
	size_t nseen;		/* that had it (duplicate checks) */
	unsigned mark;
};

/*
 * Read files[0..nfiles) in turn; nfiles 0 means stdin.  force is the format
 * to assume or TP_FMT_AUTO.  The reader keeps pointers to files and names.
 * A candle (a record without a type) read from a file whose name tells
 * its market (tp_market_from_name()) gets the symbol, timeframe and
 * exchange the name tells where it has none.
 */
int tp_reader_init(struct tp_reader *r, struct tp_names *names,
    char **files, int nfiles, enum tp_fmt force, struct tp_err *err);
void tp_reader_set_sniff(struct tp_reader *r, tp_sniff_fn fn, void *ctx);
/* Ask the input for at most n bytes at a time (0: as many as fit), so that
 * tests and fuzzers see records straddle reads of every size. */
void tp_reader_set_block(struct tp_reader *r, size_t n);
/*
 * Call fn(ctx, err) whenever the reader is about to wait for input that has
 * not arrived yet (a pipe or terminal with nothing to read): a filter
 * flushes its output there, so that a live stream flows through a pipeline
 * record by record while a file is still read and written in full blocks.
 * fn returns < 0 with err set to stop the read.
 */
void tp_reader_set_idle(struct tp_reader *r,
    int (*fn)(void *ctx, struct tp_err *err), void *ctx);
struct tp_writer;
/* The usual idle hook: flush w. */
void tp_reader_flush_idle(struct tp_reader *r, struct tp_writer *w);
void tp_reader_release(struct tp_reader *r);

/*
 * Read the next record into rec.  Returns 1 with a record, 0 at the end of
 * all input, -1 on error.  After a data error (code TP_EX_DATAERR) the bad
 * record has been consumed and reading may go on (--skip-bad): every such
 * error consumes input, a whole record or, where the input cannot be read
 * past the error (a bad CSV header, a broken JSON array, corrupt gzip
 * data), the rest of that input.  After any other error the reader is
 * finished.
 */
int tp_read(struct tp_reader *r, struct tp_rec *rec, struct tp_err *err);

/*
 * Parse one NDJSON record s[0..n) (no newline) into rec, outside any
 * stream; file and line name it in messages.  rec points into s.
 */
int tp_reader_parse_json(struct tp_names *names, const char *s, size_t n,
    const char *file, long line, struct tp_rec *rec, struct tp_err *err);

/* For sniffers: the buffered bytes of the current input. */
const char *tp_reader_peek(const struct tp_reader *r, size_t *n);
void tp_reader_set_format(struct tp_reader *r, enum tp_fmt fmt);
/* Use these column names instead of reading a header row. */
int tp_reader_set_header(struct tp_reader *r, const char *const *names,
    int n, struct tp_err *err);
/* The format of the input read last (CSV when nothing was read). */
enum tp_fmt tp_reader_format(const struct tp_reader *r);

struct tp_writer {
	int fd;
	enum tp_fmt fmt;	/* TP_FMT_CSV or TP_FMT_NDJSON */
	struct tp_names *names;
	char *buf;
	size_t len, cap;
	size_t done;		/* buf[0..done) is whole lines: all that a
				 * full buffer writes out */
	int *hdr;		/* CSV columns, fixed by the first record */
	int nhdr;
	int started;		/* header (or first record) written */
	int broken_pipe;	/* the reader went away: stop quietly */
	struct tp_buf tmp;	/* a value re-encoded */
	struct tp_buf dec;	/* a value decoded, before re-encoding */
	long nrec;
};

int tp_writer_init(struct tp_writer *w, int fd, enum tp_fmt fmt,
    struct tp_names *names, struct tp_err *err);
/* Append a record.  In CSV the first record fixes the header; a later record
 * must not carry a field the header lacks (missing ones are left empty). */
int tp_write(struct tp_writer *w, const struct tp_rec *rec,
    struct tp_err *err);
/* Go on writing a CSV file that has these columns (its header is there
 * already: fix the columns without writing them). */
int tp_writer_continue(struct tp_writer *w, const int *ids, int n,
    struct tp_err *err);
/* For CSV output of an input that had a header and no rows: write it. */
int tp_writer_header(struct tp_writer *w, const int *ids, int n,
    struct tp_err *err);
/*
 * For a CSV input of a header and no rows: write that header (rd's last
 * one) and the n columns a program adds, extra; nothing for other input.
 */
int tp_writer_header_of(struct tp_writer *w, const struct tp_reader *rd,
    const int *extra, int n, struct tp_err *err);
/* Write p[0..n) to fd whole, through EINTR; a reader that went away sets
 * *broken_pipe (and is an error like any other). */
int tp_write_all(int fd, const char *p, size_t n, int *broken_pipe,
    struct tp_err *err);
/* Replace the file at path with the n bytes at p, whole or not at all
 * (tp_newfile.h: a new file beside it, synced and renamed over it). */
int tp_write_file(const char *path, const char *p, size_t n,
    struct tp_err *err);
/* Write out what is buffered. */
int tp_writer_flush(struct tp_writer *w, struct tp_err *err);
void tp_writer_release(struct tp_writer *w);

#endif
