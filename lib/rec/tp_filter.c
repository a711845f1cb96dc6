/*
 * tp_filter.c: the read -> step -> write loop of the filter programs
 * (tp_filter.h).
 */
#include <string.h>
#include <unistd.h>

#include "rec/tp_filter.h"

void
tp_filter_init(struct tp_filter *f, struct tp_names *names)
{
	memset(f, 0, sizeof(*f));
	f->names = names;
	f->out_fd = STDOUT_FILENO;
	f->unit = TP_UNIT_MS;
	tp_rec_init(&f->rec);
}

/* The reader of the record read last. */
static const struct tp_reader *
reader(const struct tp_filter *f)
{
	if (!f->merge)
		return &f->rd;
	return &f->mg.rd[f->mg.last > 0 ? f->mg.last : 0];
}

/* Settle the output format: the one asked for, else the input's. */
static int
settle(struct tp_filter *f, struct tp_err *err)
{
	if (f->w.fmt == TP_FMT_AUTO)
		f->w.fmt = tp_reader_format(reader(f)) == TP_FMT_NDJSON ?
		    TP_FMT_NDJSON : TP_FMT_CSV;
	f->settled = 1;
	return f->format != NULL ? f->format(f->ctx, f->w.fmt, err) : 0;
}

struct tp_writer *
tp_filter_out(struct tp_filter *f, struct tp_err *err)
{
	if (!f->settled && settle(f, err) < 0)
		return NULL;
	return &f->w;
}

int
tp_filter_write(struct tp_filter *f, const struct tp_rec *rec,
    struct tp_err *err)
{
	struct tp_writer *w = tp_filter_out(f, err);

	if (w == NULL || tp_write(w, rec, err) < 0)
		return TP_FILTER_STOP;
	return 0;
}

int
tp_filter_header_of(struct tp_filter *f, const int *extra, int n,
    struct tp_err *err)
{
	return tp_writer_header_of(&f->w, reader(f), extra, n, err);
}

/* A tee whose reader went away (| head): go on without it. */
static int
tee_gone(struct tp_filter *f, struct tp_err *err)
{
	if (!f->tee || !f->w.broken_pipe)
		return -1;
	tp_err_clear(err);
	f->pass = 0;
	return 0;
}

int
tp_filter_idle(struct tp_filter *f, struct tp_err *err)
{
	if (f->tee && !f->pass)
		return 0;
	if (tp_writer_flush(&f->w, err) < 0)
		return tee_gone(f, err);
	return 0;
}

static int
idle(void *ctx, struct tp_err *err)
{
	struct tp_filter *f = ctx;

	if (f->idle != NULL)
		return f->idle(f->ctx, f, err);
	return tp_filter_idle(f, err);
}

/* Open the source, then the output; the asked format is settled now. */
static int
open_io(struct tp_filter *f, struct tp_err *err)
{
	if (f->merge ? tp_merge_init(&f->mg, f->names, f->files, f->nfiles,
	    f->in_fmt, f->unit, err) < 0 : tp_reader_init(&f->rd, f->names,
	    f->files, f->nfiles, f->in_fmt, err) < 0)
		return -1;
	if (f->out_fd >= 0 && tp_writer_init(&f->w, f->out_fd, f->out_fmt,
	    f->names, err) < 0)
		return -1;
	/* A merge reads ahead in every file: it does not stream. */
	if (!f->merge && (f->out_fd >= 0 || f->idle != NULL))
		tp_reader_set_idle(&f->rd, idle, f);
	if (f->out_fd >= 0 && f->out_fmt != TP_FMT_AUTO && settle(f, err) < 0)
		return -1;
	return f->begin != NULL ? f->begin(f->ctx, f, err) : 0;
}

static int
next(struct tp_filter *f, struct tp_rec **rec, struct tp_err *err)
{
	if (f->merge)
		return tp_merge_read(&f->mg, rec, err);
	*rec = &f->rec;
	return tp_read(&f->rd, &f->rec, err);
}

int
tp_filter_skip(struct tp_filter *f, struct tp_err *err)
{
	if (!f->skip_bad || err->code != TP_EX_DATAERR ||
	    (f->may_skip != NULL && !f->may_skip(f->ctx, err)))
		return 0;
	if (f->skipped_fn != NULL)
		f->skipped_fn(err);
	tp_err_clear(err);
	f->skipped++;
	return 1;
}

static int
loop(struct tp_filter *f, struct tp_err *err)
{
	struct tp_rec *rec;
	int rc;

	while ((rc = next(f, &rec, err)) != 0) {
		if (rc > 0 && (rc = f->step(f->ctx, f, rec, err)) == 0) {
			if (f->pass && tp_filter_write(f, rec, err) < 0 &&
			    tee_gone(f, err) < 0)
				return -1;
			continue;
		}
		if (rc == TP_FILTER_STOP || !tp_filter_skip(f, err))
			return -1;
	}
	return 0;
}

int
tp_filter_run(struct tp_filter *f, struct tp_err *err)
{
	if (open_io(f, err) == 0)
		loop(f, err);
	if (f->end != NULL)
		f->end(f->ctx, f, err);
	f->broken = tp_writer_close(&f->w, err);
	if (f->merge)
		tp_merge_release(&f->mg);
	else
		tp_reader_release(&f->rd);
	tp_rec_release(&f->rec);
	return err->code != 0 ? -1 : 0;
}
