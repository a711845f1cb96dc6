/*
 * tp_merge.c: a k-way merge of record files by time (tp_merge.h).
 *
 * Files are few (one per market), so the earliest is found by a scan of
 * the next records rather than a heap.
 */
#include <stdlib.h>
#include <string.h>

#include "rec/tp_candle.h"
#include "rec/tp_merge.h"

int
tp_merge_init(struct tp_merge *m, struct tp_names *names, char **files,
    int nfiles, enum tp_fmt force, enum tp_time_unit unit,
    struct tp_err *err)
{
	int i, n = nfiles > 1 ? nfiles : 1;

	memset(m, 0, sizeof(*m));
	m->unit = unit;
	m->last = -1;
	m->rd = calloc((size_t)n, sizeof(*m->rd));
	m->rec = calloc((size_t)n, sizeof(*m->rec));
	m->time = calloc((size_t)n, sizeof(*m->time));
	m->have = calloc((size_t)n, 2);
	m->time_id = tp_names_intern(names, TP_LIT("time"));
	m->symbol_id = tp_names_intern(names, TP_LIT("symbol"));
	m->type_id = tp_names_intern(names, TP_LIT("type"));
	if (m->rd == NULL || m->rec == NULL || m->time == NULL ||
	    m->have == NULL || m->time_id < 0 || m->symbol_id < 0 ||
	    m->type_id < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	m->done = m->have + n;
	/* Each reader is released whole, so each is counted as made at
	 * once, even when a later one fails. */
	for (i = 0; i < n; i++) {
		tp_rec_init(&m->rec[i]);
		m->n = i + 1;
		if (tp_reader_init(&m->rd[i], names, nfiles > 1 ?
		    files + i : files, nfiles > 1 ? 1 : nfiles, force,
		    err) < 0)
			return -1;
	}
	return 0;
}

/* The symbol of rec is missing or empty. */
/* Read file i's next record and its time.  Returns 1, 0 at its end, -1. */
static int
advance(struct tp_merge *m, int i, struct tp_err *err)
{
	struct tp_rec *rec = &m->rec[i];
	int rc = tp_read(&m->rd[i], rec, err), t;

	if (rc <= 0) {
		m->done[i] = rc == 0 || err->code != TP_EX_DATAERR;
		return rc;
	}
	t = tp_rec_find(rec, m->time_id, -1);
	if (t < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "a record without a time: several files are merged by "
		    "time");
	if (tp_candle_field_time(rec, &rec->f[t], m->unit, &m->time[i],
	    err) < 0)
		return -1;
	if (tp_rec_is_candle(rec, m->type_id, NULL, &m->tmp) &&
	    tp_rec_blank(rec, tp_rec_find(rec, m->symbol_id, -1), &m->tmp))
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "a candle without a symbol: several files are merged by "
		    "time, and each candle must say its market: add a "
		    "symbol field (tp-fetch import -s BTC/USDT %s), or name "
		    "the file for its market (binance_BTCUSDT_1h.csv)",
		    rec->file);
	m->have[i] = 1;
	return 1;
}

int
tp_merge_read(struct tp_merge *m, struct tp_rec **rec, struct tp_err *err)
{
	int i, best = -1;

	if (m->n == 1) {
		m->last = 0;
		*rec = &m->rec[0];
		return tp_read(&m->rd[0], &m->rec[0], err);
	}
	if (m->last >= 0)
		m->have[m->last] = 0;
	for (i = 0; i < m->n; i++) {
		if (!m->have[i] && !m->done[i] && advance(m, i, err) < 0) {
			m->last = i;
			return -1;
		}
		if (m->have[i] && (best < 0 || m->time[i] < m->time[best]))
			best = i;
	}
	if (best < 0)
		return 0;
	m->last = best;
	*rec = &m->rec[best];
	return 1;
}

enum tp_fmt
tp_merge_format(const struct tp_merge *m)
{
	return tp_reader_format(&m->rd[m->last > 0 ? m->last : 0]);
}

void
tp_merge_release(struct tp_merge *m)
{
	int i;

	for (i = 0; i < m->n; i++) {
		tp_reader_release(&m->rd[i]);
		tp_rec_release(&m->rec[i]);
	}
	free(m->rd);
	free(m->rec);
	free(m->time);
	free(m->have);
	tp_buf_release(&m->tmp);
	memset(m, 0, sizeof(*m));
}
