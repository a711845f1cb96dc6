/*
 * tp_table.h: the tables a person reads of a backtest or a journal's
 * trades (freqtrade's backtesting report and more): the summary, per
 * pair, per entry tag, exit reasons (overall and per pair) and, when
 * asked, a breakdown by day, week or month.
 *
 * A table is a title, column headers, rows of cells already formatted
 * for reading (money to 2 decimals, ratios as %, times ISO UTC) and each
 * column's alignment, so that any renderer (the text one here, the HTML
 * report) draws the same thing.  Each cell has a sign (profit or loss)
 * a renderer may colour by.  The exact figures are the records'
 * (tp_metrics_groups, tp_metrics.h), not these.
 */
#ifndef TP_TABLE_H
#define TP_TABLE_H

#include <stdio.h>

#include "rec/tp_rec.h"
#include "rec/tp_write.h"
#include "trade/tp_metrics.h"

enum tp_align { TP_ALIGN_LEFT, TP_ALIGN_RIGHT };

struct tp_table {
	char *title;		/* "SUMMARY METRICS", "BACKTESTING REPORT"... */
	int ncol;
	char **head;		/* [ncol] column headers */
	unsigned char *align;	/* [ncol] enum tp_align */
	char **cell;		/* [nrow * ncol], row by row */
	signed char *sign;	/* [nrow * ncol] 1 profit, -1 loss, 0 none */
	int nrow, caprow;
	int total;		/* the last row is a TOTAL: a rule above it */
};

struct tp_tables {
	struct tp_table *t;
	int n, cap;
};

/*
 * The tables of m's trades (after tp_metrics_summary(m, s)) and the
 * summary s, in order: summary, per pair, per entry tag, exit reasons,
 * exit reasons per pair, and with breakdown (enum tp_period, not
 * TP_PERIOD_NONE) one per day, week or month.  Returns -1 when out of
 * memory (out is then empty).
 */
int tp_tables_build(const struct tp_metrics *m, const struct tp_summary *s,
    int breakdown, struct tp_tables *out);
/* Each table aligned, a blank line between; colour: ANSI green and red
 * for the signed cells.  Returns -1 on a write error. */
int tp_tables_text(const struct tp_tables *t, FILE *fp, int colour);
void tp_tables_release(struct tp_tables *t);

/*
 * The summary record sum to w, alone when breakdown is TP_PERIOD_NONE;
 * else followed by every group's record (per pair, tag, exit reason, pair
 * and exit reason, and breakdown's periods), each a record as
 * tp-backtest(1)'s --breakdown gives it: type "pair", "tag",
 * "exit_reason" (with "pair" when per pair) or "period" (its start, ms);
 * strategy; the key; the summary record's figures.  In CSV the header is
 * then the summary's columns and the group keys, so that one header holds
 * them all.  -1 with err on failure.
 */
int tp_tables_write(const struct tp_metrics *m, const struct tp_rec *sum,
    int breakdown, const char *strategy, struct tp_names *names,
    struct tp_writer *w, struct tp_err *err);

#endif
