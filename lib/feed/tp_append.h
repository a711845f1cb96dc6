/*
 * tp_append.h: continuing a candle file (tp-fetch --append).
 *
 * The file is opened for appending and its last candle's time read from
 * its tail (O(1), however many years it holds), so a download can go on
 * after it.  Only whole lines are ever kept: a last line without its
 * newline, which a run killed while writing leaves, is cut off first.
 * New candles are written with O_APPEND in the file's own format and, for
 * CSV, under its own header, then synced: running the same command twice
 * adds nothing the second time.
 */
#ifndef TP_APPEND_H
#define TP_APPEND_H

#include <stdint.h>

#include "rec/tp_rec.h"

#define TP_APPEND_MAXCOLS 64

struct tp_append {
	const char *path;
	int fd;
	enum tp_fmt fmt;	/* the file's; TP_FMT_AUTO when it is new */
	int hdr[TP_APPEND_MAXCOLS];	/* its CSV header's field ids */
	int nhdr, time_col;
	int64_t last;		/* its last candle's time, -1 for none */
	long cut;		/* bytes of a partial last line cut off */
};

/* Open (or create) path and read where it ends. */
int tp_append_open(struct tp_append *ap, const char *path,
    struct tp_names *names, struct tp_err *err);
/* Sync what was appended. */
int tp_append_finish(struct tp_append *ap, struct tp_err *err);
void tp_append_close(struct tp_append *ap);

#endif
