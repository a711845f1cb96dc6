/*
 * test_report.c: unit tests for the report (tp_report.h): curves thinned
 * as they come, each to at most TP_REPORT_POINTS points that are input
 * points (a bucket's lowest and highest, in time order, so the run's
 * lowest and highest are never lost, and its first and last); the
 * indicators a symbol shows; the
 * page's JSON that no name can end early; the static page without uPlot.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "trade/tp_report.h"

/* A wave with a deep spike at 77777 and a high one at 33333. */
static double
wave(long i)
{
	return i == 77777 ? -50 : i == 33333 ? 500 : 100 + 10 *
	    sin((double)i / 500);
}

/* The page in memory. */
static char *
page(struct tp_report *r, const struct tp_report_lib *lib)
{
	struct tp_summary s;
	char *text = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);

	memset(&s, 0, sizeof(s));
	if (fp == NULL || tp_report_write(r, NULL, &s, NULL, lib, fp) < 0)
		tap_ok(0, "page written");
	if (fp != NULL)
		fclose(fp);
	return text;
}

static void
thinning(void)
{
	struct tp_report r;
	const struct tp_report_series *s = &r.eq;
	long i, n = 100000, bad = 0;
	double lo = INFINITY, hi = -INFINITY;
	size_t k;

	tp_report_init(&r);
	for (i = 0; i < 4; i++)
		tp_report_point(&r, i, wave(i), 0.5 * (double)i);
	tap_ok(s->np == 4 && s->t[0] == 0 && s->t[3] == 3 && s->v[7] == 1.5,
	    "4 points are kept as they are (buckets of 2 are both points)");
	for (; i < TP_REPORT_POINTS; i++)
		tp_report_point(&r, i, wave(i), 0.5 * (double)i);
	tap_ok(s->np == TP_REPORT_POINTS && s->step == 2,
	    "%d points fill the buffer, unmerged", TP_REPORT_POINTS);
	for (; i < TP_REPORT_POINTS + 2; i++)
		tp_report_point(&r, i, wave(i), 0.5 * (double)i);
	tap_ok(s->np == TP_REPORT_POINTS / 2 + 2 && s->step == 4,
	    "2 more merge buckets of 4 candles into 2 points: %zu", s->np);
	for (; i < n; i++)
		tp_report_point(&r, i, wave(i), 0.5 * (double)i);
	tap_ok(s->np <= TP_REPORT_POINTS && s->np >= TP_REPORT_POINTS / 2,
	    "%ld points thinned to %zu", n, s->np);
	for (k = 0; k < s->np; k++) {
		bad += k > 0 && s->t[k] <= s->t[k - 1];
		/* a row stays whole: the second column is its own time's */
		bad += s->v[2 * k] != wave((long)s->t[k]) ||
		    s->v[2 * k + 1] != 0.5 * (double)s->t[k];
		lo = fmin(lo, s->v[2 * k]);
		hi = fmax(hi, s->v[2 * k]);
	}
	tap_ok(bad == 0, "kept points are input rows, in time order");
	tap_ok(lo == -50 && hi == 500, "the lowest and highest are kept");
	free(page(&r, NULL));
	tap_ok(s->np <= TP_REPORT_POINTS && s->t[0] == 0 && s->v[0] == wave(0) &&
	    s->t[s->np - 1] == n - 1 && s->v[2 * s->np - 1] ==
	    0.5 * (double)(n - 1), "at the end the first and last are kept too");
	tp_report_release(&r);
}

/* A candle with a rule's indicator, another number, a flag and a text. */
static void
candle(struct tp_rec *rec, struct tp_names *names, int64_t t, double close)
{
	struct tp_recb o;

	tp_recb_begin(&o, names, rec, "candle", t, "s");
	tp_recb_num(&o, "open", close);
	tp_recb_num(&o, "high", close);
	tp_recb_num(&o, "low", close);
	tp_recb_num(&o, "close", close);
	tp_recb_num(&o, "volume", 1);
	tp_recb_num(&o, "rsi_14", t == 0 ? NAN : 40);
	tp_recb_num(&o, "foo", 7);
	tp_recb_num(&o, "enter_long", 1);
	tp_recb_text(&o, "symbol", "A</script>");
}

static void
indicators(void)
{
	struct tp_names names;
	struct tp_rec rec;
	struct tp_report r;
	struct tp_strategy st;
	struct tp_rule rule = { "a", "rsi_14 < 30 && close > 1",
	    TP_ENTER_LONG, 1 };
	struct tp_report_lib lib = { "/*uPlot*/", "/*css*/", 9, 7 };
	char *p;

	tp_names_init(&names);
	tp_rec_init(&rec);
	memset(&st, 0, sizeof(st));
	st.rules = &rule;
	st.nrules = 1;
	st.max_open_trades = -1;
	tp_report_init(&r);
	candle(&rec, &names, 0, 10);
	tp_report_candle(&r, 1, "A</script>", 0, 10, &rec, &names, &st);
	candle(&rec, &names, 1, 11);
	tp_report_candle(&r, 1, "A</script>", 1, 11, &rec, &names, &st);
	tap_ok(r.nsym == 2 && r.sym[0].s.nv == 0 && r.sym[1].nind == 1 &&
	    strcmp(r.sym[1].ind[0], "rsi_14") == 0,
	    "the indicators drawn are those the rules name");
	tap_ok(r.sym[1].s.np == 2 && isnan(r.sym[1].s.v[1]) &&
	    r.sym[1].s.v[3] == 40, "a missing value is NaN");
	candle(&rec, &names, 0, 10);
	tp_report_candle(&r, 0, "B", 0, 10, &rec, &names, NULL);
	tap_ok(r.sym[0].nind == 2 && strcmp(r.sym[0].ind[0], "rsi_14") == 0 &&
	    strcmp(r.sym[0].ind[1], "foo") == 0,
	    "with no rules, every number beyond the candle and the signals");
	p = page(&r, &lib);
	tap_ok(p != NULL && strstr(p, "\"name\":\"A\\u003c/script\\u003e\"") &&
	    strstr(p, "\"close\":[10,11],\"ind\":[\"rsi_14\"],"
	    "\"v\":[[null,40]]}"), "the data: names escaped, NaN as null");
	tap_ok(p != NULL && strstr(p, "<script>\n/*uPlot*/\n</script>") &&
	    strstr(p, "/*css*/") && !strstr(p, "<svg"), "uPlot inlined");
	free(p);
	p = page(&r, NULL);
	tap_ok(p != NULL && !strstr(p, "<script") && strstr(p, "<svg"),
	    "without uPlot: the static page");
	free(p);
	tp_report_release(&r);
	tp_rec_release(&rec);
	tp_names_release(&names);
}

int
main(void)
{
	struct tp_report_lib lib;

	thinning();
	indicators();
	tap_ok(tp_report_lib_load(&lib, "/nonexistent") == -1 &&
	    lib.js == NULL, "no uPlot in a folder without it");
	return tap_done();
}
