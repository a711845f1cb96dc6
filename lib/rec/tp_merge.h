/*
 * tp_merge.h: several record files read as one stream in time order.
 *
 * Each file must be in time order already (a download, a dump, the output
 * of tp-fetch fix --sort).  The merge holds the next record of every file
 * and gives the earliest, the first file's on a tie: a k-way merge whose
 * memory is one reader per file, whatever the files' length.
 *
 * Candles from different files must say which market they are of, or
 * they would read as one market's duplicates: a candle without a symbol
 * (a field, or its file's name, tp_market.h) is refused while merging.
 * One file, or standard input, is read as it is, without looking at times.
 */
#ifndef TP_MERGE_H
#define TP_MERGE_H

#include <stdint.h>

#include "rec/tp_rec.h"
#include "rec/tp_read.h"
#include "core/tp_time.h"

struct tp_merge {
	struct tp_reader *rd;	/* one per file */
	struct tp_rec *rec;	/* each file's next record */
	int64_t *time;		/* its time */
	unsigned char *have;	/* rec[i] holds the file's next record */
	unsigned char *done;	/* the file is read to its end */
	int n, last;		/* last: the file of the record given last */
	enum tp_time_unit unit;
	int time_id, symbol_id, type_id;
	struct tp_buf tmp;
};

/* Read files[0..nfiles) (stdin when nfiles is 0) merged by their field
 * "time", integer epochs in unit. */
int tp_merge_init(struct tp_merge *m, struct tp_names *names, char **files,
    int nfiles, enum tp_fmt force, enum tp_time_unit unit,
    struct tp_err *err);
/*
 * The next record in *rec, valid until the next call.  Returns 1, 0 at the
 * end of every file, or -1.  After a data error (TP_EX_DATAERR) the bad
 * record is dropped and reading may go on, as with tp_read().
 */
int tp_merge_read(struct tp_merge *m, struct tp_rec **rec,
    struct tp_err *err);
/* The format of the file read last, as tp_reader_format(). */
enum tp_fmt tp_merge_format(const struct tp_merge *m);
void tp_merge_release(struct tp_merge *m);

#endif
