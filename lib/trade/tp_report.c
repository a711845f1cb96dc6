/*
 * tp_report.c: the HTML report of a backtest (tp_report.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "trade/tp_report.h"
#include "core/tp_time.h"
#include "trade/tp_trade.h"

#define W 960			/* chart width and height, in SVG units */
#define H 240
#define PAD 48			/* room for the axis labels */

void
tp_report_init(struct tp_report *r)
{
	memset(r, 0, sizeof(*r));
}

void
tp_report_release(struct tp_report *r)
{
	free(r->p);
	free(r->t);
	memset(r, 0, sizeof(*r));
}

int
tp_report_point(struct tp_report *r, int64_t time, double equity,
    double drawdown, double close)
{
	struct tp_report_point *p = tp_grow_size(r->p, &r->capp, r->np + 1,
	    sizeof(*p));

	if (p == NULL)
		return -1;
	r->p = p;
	r->p[r->np].time = time;
	r->p[r->np].equity = equity;
	r->p[r->np].close = close;
	r->p[r->np].drawdown = drawdown;
	r->np++;
	return 0;
}

int
tp_report_trade(struct tp_report *r, const char *pair,
    const struct tp_trade *t)
{
	struct tp_report_trade *v = tp_grow_size(r->t, &r->capt, r->nt + 1,
	    sizeof(*v));

	if (v == NULL)
		return -1;
	r->t = v;
	snprintf(r->t[r->nt].pair, sizeof(r->t[r->nt].pair), "%s", pair);
	r->t[r->nt++].t = *t;
	return 0;
}

/* s with & < > " as entities. */
static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		default:
			fputc(*s, fp);
		}
}

static const char *
day(int64_t ms, char *buf)
{
	tp_time_format_iso(ms, buf);
	buf[16] = '\0';		/* YYYY-MM-DDTHH:MM */
	buf[10] = ' ';
	return buf;
}

/* The series a chart draws: y of point i, NaN where it has none. */
typedef double (*series_fn)(const struct tp_report *r, size_t i);

static double
equity_of(const struct tp_report *r, size_t i)
{
	return r->p[i].equity;
}

static double
close_of(const struct tp_report *r, size_t i)
{
	return r->p[i].close;
}

/* The fall below the highest equity before, drawn downward: the
 * underwater curve. */
static double
drawdown_of(const struct tp_report *r, size_t i)
{
	return 0 - r->p[i].drawdown;
}

struct frame {
	int64_t t0, t1;
	double lo, hi;
};

static double
fx(const struct frame *f, int64_t t)
{
	return PAD + (f->t1 > f->t0 ? (double)(t - f->t0) /
	    (double)(f->t1 - f->t0) : 0) * (W - 2 * PAD);
}

static double
fy(const struct frame *f, double y)
{
	return H - PAD / 2 - (f->hi > f->lo ? (y - f->lo) / (f->hi - f->lo) :
	    0.5) * (H - PAD);
}

/*
 * A line chart of y over the run, thinned to TP_REPORT_POINTS points by
 * keeping the lowest and highest of each bucket (in time order), with
 * the range and the period written on the axes.  Trade markers for the
 * price chart come after, in the same frame.
 */
static void
chart(FILE *fp, const struct tp_report *r, series_fn y, const char *title,
    const char *colour, struct frame *f)
{
	size_t i, b, lo, hi, step = r->np / (TP_REPORT_POINTS / 2) + 1;
	char a[40], z[40];
	int first = 1;
	double v;

	f->t0 = r->np ? r->p[0].time : 0;
	f->t1 = r->np ? r->p[r->np - 1].time : 0;
	f->lo = INFINITY;
	f->hi = -INFINITY;
	for (i = 0; i < r->np; i++)
		if (!isnan(v = y(r, i))) {
			f->lo = fmin(f->lo, v);
			f->hi = fmax(f->hi, v);
		}
	if (f->lo > f->hi)
		f->lo = f->hi = 0;
	fprintf(fp, "<h2>%s</h2>\n<svg viewBox=\"0 0 %d %d\" width=\"100%%\" "
	    "role=\"img\" aria-label=\"%s\">\n<rect x=\"%d\" y=\"%d\" "
	    "width=\"%d\" height=\"%d\" class=\"frame\"/>\n", title, W, H,
	    title, PAD, PAD / 2, W - 2 * PAD, H - PAD);
	fprintf(fp, "<text x=\"4\" y=\"%d\">%.6g</text>\n<text x=\"4\" "
	    "y=\"%d\">%.6g</text>\n", PAD / 2 + 10, f->hi, H - PAD / 2,
	    f->lo);
	fprintf(fp, "<text x=\"%d\" y=\"%d\">%s</text>\n<text x=\"%d\" "
	    "y=\"%d\" text-anchor=\"end\">%s</text>\n", PAD, H - 4,
	    day(f->t0, a), W - PAD, H - 4, day(f->t1, z));
	fprintf(fp, "<polyline fill=\"none\" stroke=\"%s\" points=\"",
	    colour);
	for (b = 0; b < r->np; b += step) {
		lo = hi = b;
		for (i = b; i < b + step && i < r->np; i++) {
			v = y(r, i);
			if (isnan(v))
				continue;
			if (isnan(y(r, lo)) || v < y(r, lo))
				lo = i;
			if (isnan(y(r, hi)) || v > y(r, hi))
				hi = i;
		}
		for (i = 0; i < 2; i++) {
			size_t k = (i == 0) == (lo < hi) ? lo : hi;

			if (isnan(v = y(r, k)))
				continue;
			fprintf(fp, "%s%.1f,%.1f", first ? "" : " ",
			    fx(f, r->p[k].time), fy(f, v));
			first = 0;
		}
	}
	fputs("\"/>\n", fp);
}

/* Entries (up, green) and exits (down, red) of the drawn symbol. */
static void
markers(FILE *fp, const struct tp_report *r, const struct frame *f)
{
	const struct tp_trade *t;
	size_t i;

	for (i = 0; i < r->nt; i++) {
		t = &r->t[i].t;
		if (strcmp(r->t[i].pair, r->price_pair) != 0)
			continue;
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
		    "class=\"in\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
		    "class=\"out\"/>\n", fx(f, t->open_time),
		    fy(f, t->open_rate), fx(f, t->close_time),
		    fy(f, t->close_rate));
	}
	fputs("</svg>\n", fp);
}

static void
row(FILE *fp, const char *name, const char *fmt, double v)
{
	fprintf(fp, "<tr><th>%s</th><td>", name);
	fprintf(fp, fmt, v);
	fputs("</td></tr>\n", fp);
}

static void
figures(FILE *fp, const struct tp_summary *s)
{
	char a[40], z[40];
	int k;

	fputs("<h2>Figures</h2>\n<table class=\"figures\">\n", fp);
	fprintf(fp, "<tr><th>trades</th><td>%d</td></tr>\n<tr><th>wins / "
	    "draws / losses</th><td>%d / %d / %d</td></tr>\n", s->trades,
	    s->wins, s->draws, s->losses);
	row(fp, "win rate", "%.2f%%", s->winrate * 100);
	row(fp, "starting balance", "%.2f", s->start_balance);
	row(fp, "final balance", "%.2f", s->final_balance);
	row(fp, "total profit", "%.2f%%", s->profit_total * 100);
	row(fp, "mean profit per trade", "%.3f%%", s->profit_mean * 100);
	row(fp, "CAGR", "%.2f%%", s->cagr * 100);
	row(fp, "profit factor", "%.3f", s->profit_factor);
	row(fp, "expectancy", "%.4g", s->expectancy);
	row(fp, "expectancy ratio", "%.3f", s->expectancy_ratio);
	row(fp, "max drawdown (account)", "%.2f%%",
	    s->max_drawdown_account * 100);
	row(fp, "max drawdown (quote)", "%.2f", s->max_drawdown_abs);
	if (s->drawdown_end != 0)
		fprintf(fp, "<tr><th>drawdown from / to</th><td>%s / %s</td>"
		    "</tr>\n", day(s->drawdown_start, a),
		    day(s->drawdown_end, z));
	row(fp, "Sharpe", "%.3f", s->sharpe);
	row(fp, "Sortino", "%.3f", s->sortino);
	row(fp, "Calmar", "%.3f", s->calmar);
	row(fp, "SQN", "%.4f", s->sqn);
	row(fp, "mean duration (minutes)", "%.1f", s->duration_avg);
	row(fp, "best trade", "%.2f%%", s->best_trade * 100);
	row(fp, "worst trade", "%.2f%%", s->worst_trade * 100);
	for (k = 1; k < TP_EXIT_N; k++)
		fprintf(fp, "<tr><th>exits: %s</th><td>%d</td></tr>\n",
		    tp_exit_names[k], s->exits[k]);
	row(fp, "market change", "%.2f%%", s->market_change * 100);
	fputs("</table>\n", fp);
}

static void
trades(FILE *fp, const struct tp_report *r)
{
	const struct tp_trade *t;
	char a[40], z[40];
	size_t i;

	fputs("<h2>Trades</h2>\n<table class=\"trades\">\n<tr><th>pair</th>"
	    "<th>side</th><th>open</th><th>close</th><th>open rate</th>"
	    "<th>close rate</th><th>profit</th><th>profit (quote)</th>"
	    "<th>exit</th></tr>\n", fp);
	for (i = 0; i < r->nt; i++) {
		t = &r->t[i].t;
		fputs("<tr><td>", fp);
		esc(fp, r->t[i].pair);
		fprintf(fp, "</td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td>%.8g</td><td>%.8g</td><td class=\"%s\">%.2f%%</td>"
		    "<td>%.8g</td><td>%s</td></tr>\n", t->is_short ? "short" :
		    "long", day(t->open_time, a), day(t->close_time, z),
		    t->open_rate, t->close_rate, t->profit_ratio < 0 ? "neg" :
		    "pos", t->profit_ratio * 100, t->profit_abs,
		    tp_exit_names[t->exit]);
	}
	fputs("</table>\n", fp);
}

int
tp_report_write(const struct tp_report *r, const char *strategy,
    const struct tp_summary *s, FILE *fp)
{
	struct frame f;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset="
	    "\"utf-8\">\n<title>tp-backtest: ", fp);
	esc(fp, strategy ? strategy : "backtest");
	fputs("</title>\n<style>\nbody{font:14px sans-serif;margin:2em;"
	    "max-width:72em}\nsvg text{font:11px sans-serif;fill:#444}\n"
	    ".frame{fill:#fafafa;stroke:#ccc}\n.in{fill:#2a2}\n"
	    ".out{fill:#c22}\ntable{border-collapse:collapse}\n"
	    "th,td{padding:2px 8px;text-align:right;border-bottom:1px solid "
	    "#eee}\nth{text-align:left}\n.neg{color:#c22}\n.pos{color:#2a2}\n"
	    "</style>\n</head>\n<body>\n<h1>", fp);
	esc(fp, strategy ? strategy : "backtest");
	fputs("</h1>\n", fp);
	chart(fp, r, equity_of, "Equity", "#26c", &f);
	fputs("</svg>\n", fp);
	chart(fp, r, drawdown_of, "Drawdown", "#c22", &f);
	fputs("</svg>\n", fp);
	fputs("<p>Price of ", fp);
	esc(fp, *r->price_pair ? r->price_pair : "the symbol");
	fputs(", with entries (green) and exits (red).</p>\n", fp);
	chart(fp, r, close_of, "Price", "#555", &f);
	markers(fp, r, &f);
	figures(fp, s);
	trades(fp, r);
	fputs("</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}
