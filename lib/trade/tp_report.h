/*
 * tp_report.h: a backtest as one self-contained HTML file that opens
 * offline.
 *
 * With uPlot (a chart library from npm, tp-backtest(1) FILES) given as
 * text, the page inlines it and draws with zoom and hover: the equity with
 * its drawdown shaded, the price of each symbol (a selector) with its
 * indicators and the entries and exits, and a trade list that sorts and
 * pages.  The run's data goes into the page as JSON.  Without it, the
 * page is the static SVG of old: no script, the first symbol's price.
 * Both have the header (strategy, parameters, period); the uPlot page has
 * the tables of tp-backtest --format table (tp_table.h), the static one
 * the summary's figures of old, formatted here.
 *
 * Memory: the curves are thinned as they come, each to at most
 * TP_REPORT_POINTS points (a bucket's lowest and highest, and the first
 * and last), so a report holds O(symbols x TP_REPORT_POINTS) points
 * whatever the run's length, and every trade.
 */
#ifndef TP_REPORT_H
#define TP_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "decide/tp_strategy.h"
#include "rec/tp_names.h"
#include "rec/tp_rec.h"
#include "trade/tp_metrics.h"

#define TP_REPORT_POINTS 1200	/* even: buckets of two points */
#define TP_REPORT_INDS 8	/* indicator fields drawn per symbol */
#define TP_REPORT_NAMESZ 32

struct tp_report_trade {
	char pair[TP_REPORT_NAMESZ];
	struct tp_trade t;		/* closed */
};

/*
 * Points (time, v[0..nv)) thinned by v[0]: the candles come in buckets of
 * step, each kept as its lowest and highest point in time order; when
 * TP_REPORT_POINTS are kept, neighbouring buckets merge and step doubles.
 */
struct tp_report_series {
	int nv;
	int64_t *t;
	double *v;			/* np rows of nv */
	size_t np;
	size_t n;			/* candles seen */
	size_t step;			/* candles a kept bucket holds */
	size_t nb;			/* candles in the open bucket */
	/* The open bucket's lowest and highest, the first candle and the
	 * latest, kept whole till the end. */
	int64_t bt[4];
	double *bv;			/* 4 rows of nv */
};

struct tp_report_sym {
	char name[TP_REPORT_NAMESZ];
	int nind;
	int ind_id[TP_REPORT_INDS];	/* field ids in the input records */
	int ind_at[TP_REPORT_INDS];	/* their index in the latest record */
	char ind[TP_REPORT_INDS][TP_REPORT_NAMESZ];
	struct tp_report_series s;	/* close, then the indicators */
};

struct tp_report {
	struct tp_report_series eq;	/* equity, drawdown (a ratio) */
	struct tp_report_sym *sym;	/* by the backtest's symbol index */
	int nsym, capsym;
	struct tp_report_trade *t;
	size_t nt, capt;
	int64_t start, end;		/* the period; start > end: none */
};

/* uPlot's code and style, as read from its dist/ folder. */
struct tp_report_lib {
	char *js, *css;
	size_t njs, ncss;
};

void tp_report_init(struct tp_report *r);
void tp_report_release(struct tp_report *r);
/* All three return -1 when out of memory. */
int tp_report_point(struct tp_report *r, int64_t time, double equity,
    double drawdown);
/* Candle k of symbol sym (the backtest's index) called name, read from
 * rec: its close and its indicators (chosen on the symbol's first
 * candle: the numeric fields st's rules use, or without such, all beyond
 * the candle's and the signals'). */
int tp_report_candle(struct tp_report *r, int sym, const char *name,
    int64_t time, double close, const struct tp_rec *rec,
    const struct tp_names *names, const struct tp_strategy *st);
int tp_report_trade(struct tp_report *r, const char *pair,
    const struct tp_trade *t);

/* Read uPlot.iife.min.js and uPlot.min.css from dir: 0, or -1 when
 * either cannot be read (the page is then the static one). */
int tp_report_lib_load(struct tp_report_lib *lib, const char *dir);
void tp_report_lib_release(struct tp_report_lib *lib);

struct tp_tables;

/* Write the page of a run of st (may be NULL) summarised by s and
 * tables (may be NULL: the figures of s), drawn by lib when it is not
 * NULL.  Returns -1 on a write error or when out of memory. */
int tp_report_write(struct tp_report *r, const struct tp_strategy *st,
    const struct tp_summary *s, const struct tp_tables *tables,
    const struct tp_report_lib *lib, FILE *fp);

#endif
