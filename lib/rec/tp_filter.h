/*
 * tp_filter.h: the loop of every filter program, read -> step -> write.
 *
 * A filter reads records from files (or stdin), gives each to its step
 * and writes them on to stdout, one at a time, so that a pipeline
 * streams.  What differs from program to program is the step, and a few
 * hooks; the rest is here once:
 *
 *  - the source: a tp_reader over the files in turn, or a tp_merge of
 *    them by time (tp_merge.h);
 *  - the output format: the one asked for, or TP_FMT_AUTO, which
 *    follows the input: NDJSON when it is NDJSON, else CSV, settled when
 *    the first record is written;
 *  - --skip-bad: a data error (TP_EX_DATAERR) in a record, found by the
 *    reader or the step, is reported through the skipped callback,
 *    counted and skipped; any other error stops the run;
 *  - the idle flush: when the input would block, what is written so far
 *    goes out (tp_reader_set_idle), so that a live stream flows;
 *  - the end: the end hook, then the output flushed; a reader of the
 *    output that went away (| head) is noted in broken, not an error of
 *    the program's.
 *
 * Like the rest of lib/ it never prints: the program turns the result
 * into messages and an exit status (cmd/cli.h, tp_cli_filter).
 */
#ifndef TP_FILTER_H
#define TP_FILTER_H

#include "core/tp_err.h"
#include "core/tp_time.h"
#include "rec/tp_merge.h"
#include "rec/tp_read.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"

/* A step's or a write's failure that no --skip-bad skips. */
#define TP_FILTER_STOP (-2)

struct tp_filter {
	/* ---- set by the program, after tp_filter_init() ---- */
	struct tp_names *names;
	char **files;			/* nfiles 0: stdin */
	int nfiles;
	enum tp_fmt in_fmt;		/* TP_FMT_AUTO: detect it */
	enum tp_fmt out_fmt;		/* TP_FMT_AUTO: the input's */
	int out_fd;			/* STDOUT_FILENO; -1: no output */
	int skip_bad;			/* --skip-bad */
	int pass;			/* write each record on after its
					 * step */
	int tee;			/* the output is a copy of the input
					 * (tp-journal add --tee): when its
					 * reader goes away, go on without it */
	int merge;			/* read the files merged by time */
	enum tp_time_unit unit;		/* of the merge's "time" fields */
	void *ctx;			/* the hooks' */

	/* After the source and output are open, before the first read
	 * (the program's own setup that writes to the output). */
	int (*begin)(void *ctx, struct tp_filter *f, struct tp_err *err);
	/*
	 * The program's work on one record: 0 to go on (the record is
	 * written on with pass), -1 with err set for a bad record (skipped
	 * with --skip-bad when a data error), TP_FILTER_STOP with err set
	 * to stop whatever the error.
	 */
	int (*step)(void *ctx, struct tp_filter *f, struct tp_rec *rec,
	    struct tp_err *err);
	/* The output format is settled as fmt, CSV or NDJSON; < 0 with
	 * err set refuses it.  NULL: any. */
	int (*format)(void *ctx, enum tp_fmt fmt, struct tp_err *err);
	/* Whether the data error in err may be skipped now; NULL: yes. */
	int (*may_skip)(void *ctx, const struct tp_err *err);
	/* A record skipped, for the program to report. */
	void (*skipped_fn)(const struct tp_err *err);
	/* The input would block: NULL flushes the output (tp_filter_idle).
	 * Not called for a merge. */
	int (*idle)(void *ctx, struct tp_filter *f, struct tp_err *err);
	/* After the last record, or after the run failed (err->code set):
	 * the program's last writes and its messages; a failure is left
	 * in err.  Always called, before the output is flushed. */
	int (*end)(void *ctx, struct tp_filter *f, struct tp_err *err);

	/* ---- the run's ---- */
	struct tp_reader rd;		/* without merge */
	struct tp_merge mg;		/* with merge */
	struct tp_writer w;		/* with out_fd >= 0 */
	struct tp_rec rec;
	int settled;			/* w.fmt is final */
	long skipped;			/* bad records skipped */
	int broken;			/* the output's reader went away */
};

/* Empty f, output to stdout in the input's format. */
void tp_filter_init(struct tp_filter *f, struct tp_names *names);

/*
 * Run f: open the source and the output, then read, step and write until
 * the input ends or an error stops it; end; flush the output and release
 * what the run opened.  Returns 0, or -1 with err set (a broken pipe too:
 * see f->broken).  f->skipped counts the records skipped.
 */
int tp_filter_run(struct tp_filter *f, struct tp_err *err);

/* The output, its format settled (the format hook asked), for a step
 * that writes itself; NULL with err set when it is refused. */
struct tp_writer *tp_filter_out(struct tp_filter *f, struct tp_err *err);

/* Write rec to the output: 0, or TP_FILTER_STOP with err set. */
int tp_filter_write(struct tp_filter *f, const struct tp_rec *rec,
    struct tp_err *err);

/* For a CSV input of a header and no rows: write that header and the
 * columns extra[0..n) the program adds (tp_writer_header_of()). */
int tp_filter_header_of(struct tp_filter *f, const int *extra, int n,
    struct tp_err *err);

/* After a bad record err: 1 when it is skipped (--skip-bad, a data
 * error the may_skip hook allows: reported, counted, err cleared), 0 when
 * it stops the run.  For a step that works records of its own. */
int tp_filter_skip(struct tp_filter *f, struct tp_err *err);

/* The usual idle work: flush the output (a tee's broken pipe ends the
 * copy, not the run). */
int tp_filter_idle(struct tp_filter *f, struct tp_err *err);

#endif
