/*
 * tp_report.h: a backtest as one self-contained HTML file: equity and
 * drawdown curves, the price with the entries and exits, the summary's
 * figures and the trade list, drawn as inline SVG (no script, no font,
 * nothing fetched), so that it opens the same anywhere, offline.
 *
 * The report keeps one point per time step (the equity, and the first
 * symbol's close) and every trade; curves are thinned to at most
 * TP_REPORT_POINTS points by keeping each bucket's lowest and highest.
 */
#ifndef TP_REPORT_H
#define TP_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "trade/tp_metrics.h"

#define TP_REPORT_POINTS 1200

struct tp_report_trade {
	char pair[32];
	struct tp_trade t;		/* closed */
};

struct tp_report_point {
	int64_t time;
	double equity, close;		/* close: NaN when not known */
	double drawdown;		/* below the highest equity so far, a
					 * ratio of it */
};

struct tp_report {
	struct tp_report_point *p;
	size_t np, capp;
	struct tp_report_trade *t;
	size_t nt, capt;
	char price_pair[32];		/* the symbol whose price is drawn */
};

void tp_report_init(struct tp_report *r);
void tp_report_release(struct tp_report *r);
/* Both return -1 when out of memory. */
int tp_report_point(struct tp_report *r, int64_t time, double equity,
    double drawdown, double close);
int tp_report_trade(struct tp_report *r, const char *pair,
    const struct tp_trade *t);

/* Write the page for a run of strategy (may be NULL) summarised by s.
 * Returns -1 on a write error (errno set). */
int tp_report_write(const struct tp_report *r, const char *strategy,
    const struct tp_summary *s, FILE *fp);

#endif
