/*
 * tp_read.h: the reader of records (tp_rec.h).
 *
 * struct tp_reader reads NDJSON or CSV (RFC 4180) from a list of files, in
 * large blocks, and knows each record's input name and line.  A record
 * read by tp_read() points into the reader's buffer and is valid until the
 * next tp_read() on that reader.
 */
#ifndef TP_READ_H
#define TP_READ_H

#include <stddef.h>

#include "core/tp_err.h"
#include "rec/tp_market.h"
#include "rec/tp_rec.h"

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
	int *keys;		/* NDJSON: the name ids of the last record's */
	int nkeys, keycap;	/* fields, in order: the next one's, likely */
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
/* For an idle hook that has work of its own to wait for: whether input
 * comes within ms milliseconds (1; and at once for an input that never
 * blocks, a file), or not (0). */
int tp_reader_wait(const struct tp_reader *r, int ms);

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

#endif
