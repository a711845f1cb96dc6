/*
 * tp_write.h: the writer of records (tp_rec.h): struct tp_writer writes
 * NDJSON or CSV through one large buffer.
 */
#ifndef TP_WRITE_H
#define TP_WRITE_H

#include <stddef.h>

#include "core/tp_err.h"
#include "rec/tp_rec.h"

struct tp_reader;

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
/*
 * End w (started or only zeroed): write out what is buffered, since the
 * records before an error are good, without reporting a failure to write
 * them over an error err already holds; release it.  Returns whether its
 * reader went away (| head), which is no error.
 */
int tp_writer_close(struct tp_writer *w, struct tp_err *err);

#endif
