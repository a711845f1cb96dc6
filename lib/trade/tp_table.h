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

#endif
