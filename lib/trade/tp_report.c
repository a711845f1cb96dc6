/*
 * tp_report.c: the HTML report of a backtest (tp_report.h).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "trade/tp_report.h"
#include "core/tp_time.h"
#include "trade/tp_table.h"
#include "trade/tp_trade.h"

#define W 960			/* chart width and height, in SVG units */
#define H 240
#define PAD 48			/* room for the axis labels */

void
tp_report_init(struct tp_report *r)
{
	memset(r, 0, sizeof(*r));
	r->eq.nv = 2;
	r->start = 1;			/* no period until one is set */
}

static void
series_release(struct tp_report_series *s)
{
	free(s->t);
	free(s->v);
	free(s->bv);
}

void
tp_report_release(struct tp_report *r)
{
	int i;

	series_release(&r->eq);
	for (i = 0; i < r->nsym; i++)
		series_release(&r->sym[i].s);
	free(r->sym);
	free(r->t);
	memset(r, 0, sizeof(*r));
}

/* ---- thinning ------------------------------------------------------------ */

static int
series_alloc(struct tp_report_series *s)
{
	size_t nv = (size_t)s->nv;

	s->t = malloc(TP_REPORT_POINTS * sizeof(*s->t));
	s->v = malloc(TP_REPORT_POINTS * nv * sizeof(*s->v));
	s->bv = malloc(4 * nv * sizeof(*s->bv));
	s->step = 2;
	return s->t && s->v && s->bv ? 0 : -1;
}

static void
put(struct tp_report_series *s, int64_t t, const double *row)
{
	s->t[s->np] = t;
	memcpy(s->v + s->np * (size_t)s->nv, row, (size_t)s->nv *
	    sizeof(*row));
	s->np++;
}

/*
 * Merge each two neighbouring buckets (four points) into one: its lowest
 * point (the first of equals) and its highest (the last of equals), in
 * time order.  Half the points stand for twice the candles each.
 */
static void
merge(struct tp_report_series *s)
{
	size_t nv = (size_t)s->nv, n = s->np, i, k, lo, hi, a, b;

	s->np = 0;
	for (i = 0; i < n; i += 4) {
		lo = hi = i;
		for (k = i + 1; k < i + 4 && k < n; k++) {
			if (s->v[k * nv] < s->v[lo * nv])
				lo = k;
			if (s->v[k * nv] >= s->v[hi * nv])
				hi = k;
		}
		a = lo < hi ? lo : hi;
		b = lo < hi ? hi : lo;
		put(s, s->t[a], s->v + a * nv);
		if (b != a)
			put(s, s->t[b], s->v + b * nv);
	}
	s->step *= 2;
}

/* The open bucket's points, in time order, into the kept ones. */
static void
close_bucket(struct tp_report_series *s)
{
	size_t nv = (size_t)s->nv;
	int first = s->bt[0] <= s->bt[1] ? 0 : 1;

	if (s->nb == 0)
		return;
	if (s->np + 2 > TP_REPORT_POINTS)
		merge(s);
	put(s, s->bt[first], s->bv + (size_t)first * nv);
	if (s->nb > 1)
		put(s, s->bt[!first], s->bv + (size_t)!first * nv);
	s->nb = 0;
}

/*
 * After the last candle: the open bucket kept, and the first and the
 * last candle too, so that a curve spans the run (the equity from the
 * starting balance).
 */
static void
series_end(struct tp_report_series *s)
{
	size_t nv = (size_t)s->nv;

	if (s->n == 0)
		return;
	close_bucket(s);
	if (s->np + 2 > TP_REPORT_POINTS)
		merge(s);
	if (s->t[s->np - 1] != s->bt[3])
		put(s, s->bt[3], s->bv + 3 * nv);
	if (s->t[0] != s->bt[2]) {
		memmove(s->t + 1, s->t, s->np * sizeof(*s->t));
		memmove(s->v + nv, s->v, s->np * nv * sizeof(*s->v));
		s->t[0] = s->bt[2];
		memcpy(s->v, s->bv + 2 * nv, nv * sizeof(*s->v));
		s->np++;
	}
}

/* Slot 0 of the open bucket is its lowest, slot 1 its highest; once it
 * has two candles they are two (a tie goes to the later as highest).
 * Slots 2 and 3 are the first candle and the latest. */
static int
series_add(struct tp_report_series *s, int64_t t, const double *row)
{
	size_t nv = (size_t)s->nv, k;

	if (s->t == NULL && series_alloc(s) < 0)
		return -1;
	for (k = 0; k < 4; k++)
		if (k == 3 || (k == 2 && s->n == 0) || (k < 2 && (s->nb == 0 ||
		    (k == 0 ? row[0] < s->bv[0] : row[0] >= s->bv[nv])))) {
			s->bt[k] = t;
			memcpy(s->bv + k * nv, row, nv * sizeof(*row));
		}
	s->n++;
	if (++s->nb == s->step)
		close_bucket(s);
	return 0;
}

int
tp_report_point(struct tp_report *r, int64_t time, double equity,
    double drawdown)
{
	double row[2] = { equity, drawdown };

	return series_add(&r->eq, time, row);
}

/* ---- indicators ---------------------------------------------------------- */

/* Whether word is an identifier in expression e. */
static int
mentions(const char *e, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = e; (p = strstr(p, word)) != NULL; p++)
		if ((p == e || !(isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_')) && !(isalnum((unsigned char)p[n]) ||
		    p[n] == '_'))
			return 1;
	return 0;
}

/* A field that is the candle's, or the signals', or a prediction's. */
static int
not_indicator(const char *s)
{
	static const char *const skip[] = {
		"time", "timestamp", "date", "open", "high", "low", "close",
		"volume", "signal", "confidence", "enter_long", "exit_long",
		"enter_short", "exit_short", "enter_tag", "exit_tag", "type",
		"symbol", "pair", "market", "exchange", "timeframe"
	};
	size_t i;

	for (i = 0; i < sizeof(skip) / sizeof(*skip); i++)
		if (strcmp(s, skip[i]) == 0)
			return 1;
	return 0;
}

/* Whether a rule of st uses field s. */
static int
ruled(const struct tp_strategy *st, const char *s)
{
	int i;

	for (i = 0; st != NULL && i < st->nrules; i++)
		if (st->rules[i].expr != NULL && mentions(st->rules[i].expr, s))
			return 1;
	return 0;
}

/*
 * The indicators drawn for a symbol, from its first record: the numeric
 * fields (or null, in the warm-up) that st's rules use, or when they use
 * none (signals made elsewhere), every numeric field beyond the candle's.
 */
static void
choose(struct tp_report_sym *y, const struct tp_rec *rec,
    const struct tp_names *names, const struct tp_strategy *st)
{
	struct tp_err e = TP_ERR_INIT;
	const char *s;
	double v;
	int i, pass;

	for (pass = st != NULL && st->nrules > 0 ? 0 : 1; pass < 2 &&
	    y->nind == 0; pass++)
		for (i = 0; i < rec->nf && y->nind < TP_REPORT_INDS; i++) {
			s = names->v[rec->f[i].name].s;
			if (not_indicator(s) || strlen(s) >= TP_REPORT_NAMESZ ||
			    rec->f[i].enc == TP_ENC_BOOL ||
			    tp_field_num(rec, &rec->f[i], names, &v, &e) < 0 ||
			    (pass == 0 && !ruled(st, s)))
				continue;
			y->ind_id[y->nind] = rec->f[i].name;
			y->ind_at[y->nind] = i;
			snprintf(y->ind[y->nind++], TP_REPORT_NAMESZ, "%s", s);
		}
}

int
tp_report_candle(struct tp_report *r, int sym, const char *name,
    int64_t time, double close, const struct tp_rec *rec,
    const struct tp_names *names, const struct tp_strategy *st)
{
	struct tp_err e = TP_ERR_INIT;
	struct tp_report_sym *y;
	double row[1 + TP_REPORT_INDS], v;
	int k, i;

	if (sym >= r->nsym) {
		if ((y = tp_grow(r->sym, &r->capsym, sym + 1,
		    sizeof(*y))) == NULL)
			return -1;
		r->sym = y;
		memset(y + r->nsym, 0, (size_t)(sym + 1 - r->nsym) *
		    sizeof(*y));
		r->nsym = sym + 1;
	}
	y = &r->sym[sym];
	if (y->s.nv == 0) {	/* its first candle: nv is 1 from then on */
		snprintf(y->name, sizeof(y->name), "%s", name);
		choose(y, rec, names, st);
		y->s.nv = 1 + y->nind;
	}
	row[0] = close;
	for (k = 0; k < y->nind; k++) {
		i = tp_rec_find(rec, y->ind_id[k], y->ind_at[k]);
		if (i >= 0)
			y->ind_at[k] = i;
		row[1 + k] = i >= 0 && tp_field_num(rec, &rec->f[i], names, &v,
		    &e) == 0 ? v : NAN;
	}
	return series_add(&y->s, time, row);
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

/* ---- uPlot --------------------------------------------------------------- */

static char *
slurp(const char *dir, const char *name, size_t *n)
{
	char path[4096];
	char *p = NULL;
	long len;
	FILE *fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path) || (fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (p = malloc((size_t)len + 1)) &&
	    fread(p, 1, (size_t)len, fp) == (size_t)len) {
		p[len] = '\0';
		*n = (size_t)len;
	} else {
		free(p);
		p = NULL;
	}
	fclose(fp);
	return p;
}

int
tp_report_lib_load(struct tp_report_lib *lib, const char *dir)
{
	memset(lib, 0, sizeof(*lib));
	lib->js = slurp(dir, "uPlot.iife.min.js", &lib->njs);
	lib->css = slurp(dir, "uPlot.min.css", &lib->ncss);
	/* Text that would end its element early is not uPlot's. */
	if (lib->js == NULL || lib->css == NULL ||
	    strstr(lib->js, "</script") || strstr(lib->css, "</style")) {
		tp_report_lib_release(lib);
		return -1;
	}
	return 0;
}

void
tp_report_lib_release(struct tp_report_lib *lib)
{
	free(lib->js);
	free(lib->css);
	memset(lib, 0, sizeof(*lib));
}

/* ---- the page ------------------------------------------------------------ */

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

/* The series a static chart draws: y of point i of s. */
typedef double (*series_fn)(const struct tp_report_series *s, size_t i);

static double
first_of(const struct tp_report_series *s, size_t i)
{
	return s->v[i * (size_t)s->nv];
}

/* The fall below the highest equity before, drawn downward: the
 * underwater curve. */
static double
drawdown_of(const struct tp_report_series *s, size_t i)
{
	return 0 - s->v[i * (size_t)s->nv + 1];
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
 * A line chart of y over the points of s (thinned already), with the
 * range and the period written on the axes.  Trade markers for the price
 * chart come after, in the same frame.
 */
static void
chart(FILE *fp, const struct tp_report_series *s, series_fn y,
    const char *title, const char *colour, struct frame *f)
{
	char a[40], z[40];
	int first = 1;
	size_t i;
	double v;

	f->t0 = s->np ? s->t[0] : 0;
	f->t1 = s->np ? s->t[s->np - 1] : 0;
	f->lo = INFINITY;
	f->hi = -INFINITY;
	for (i = 0; i < s->np; i++)
		if (!isnan(v = y(s, i))) {
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
	    tp_time_format_minute(f->t0, a), W - PAD, H - 4,
	    tp_time_format_minute(f->t1, z));
	fprintf(fp, "<polyline fill=\"none\" stroke=\"%s\" points=\"",
	    colour);
	for (i = 0; i < s->np; i++) {
		if (isnan(v = y(s, i)))
			continue;
		fprintf(fp, "%s%.1f,%.1f", first ? "" : " ", fx(f, s->t[i]),
		    fy(f, v));
		first = 0;
	}
	fputs("\"/>\n", fp);
}

/* Entries (up, green) and exits (down, red) of symbol pair. */
static void
markers(FILE *fp, const struct tp_report *r, const char *pair,
    const struct frame *f)
{
	const struct tp_trade *t;
	size_t i;

	for (i = 0; i < r->nt; i++) {
		t = &r->t[i].t;
		if (strcmp(r->t[i].pair, pair) != 0)
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
	fputs("<tr><th>", fp);
	esc(fp, name);
	fputs("</th><td>", fp);
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
		    "</tr>\n", tp_time_format_minute(s->drawdown_start, a),
		    tp_time_format_minute(s->drawdown_end, z));
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
		    "long", tp_time_format_minute(t->open_time, a),
		    tp_time_format_minute(t->close_time, z),
		    t->open_rate, t->close_rate, t->profit_ratio < 0 ? "neg" :
		    "pos", t->profit_ratio * 100, t->profit_abs,
		    tp_exit_names[t->exit]);
	}
	fputs("</table>\n", fp);
}

/* One of tp-backtest --format table's tables, its cells as they are
 * there: aligned, profits green and losses red, the TOTAL row set off. */
static void
table(FILE *fp, const struct tp_table *t)
{
	static const char *const sign[3] = { " neg", "", " pos" };
	const char *al;
	int i, j, k;

	fputs("<h3>", fp);
	esc(fp, t->title);
	fputs("</h3>\n<table class=\"tp-table\">\n<thead><tr>", fp);
	for (j = 0; j < t->ncol; j++) {
		fprintf(fp, "<th class=\"%s\">", t->align[j] ==
		    TP_ALIGN_RIGHT ? "r" : "l");
		esc(fp, t->head[j]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < t->nrow; i++) {
		fputs(t->total && i == t->nrow - 1 ? "<tr class=\"total\">" :
		    "<tr>", fp);
		for (j = 0; j < t->ncol; j++) {
			k = i * t->ncol + j;
			al = t->align[j] == TP_ALIGN_RIGHT ? "r" : "l";
			fprintf(fp, "<td class=\"%s%s\">", al,
			    sign[t->sign[k] < 0 ? 0 : t->sign[k] > 0 ? 2 : 1]);
			esc(fp, t->cell[k]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

/* The strategy and the period: what the run was. */
static void
header(FILE *fp, const struct tp_report *r, const struct tp_strategy *st)
{
	char a[40], z[40];
	int i;

	fputs("<h1>", fp);
	esc(fp, st != NULL && st->name != NULL ? st->name : "backtest");
	fputs("</h1>\n<table class=\"head\">\n", fp);
	if (r->start <= r->end)
		fprintf(fp, "<tr><th>period</th><td>%s to %s UTC</td></tr>\n",
		    tp_time_format_minute(r->start, a),
		    tp_time_format_minute(r->end, z));
	if (st == NULL) {
		fputs("</table>\n", fp);
		return;
	}
	if (st->timeframe_ms > 0) {
		tp_time_tf_format(st->timeframe_ms, a);
		fprintf(fp, "<tr><th>timeframe</th><td>%s</td></tr>\n", a);
	}
	for (i = 0; i < st->nindicators; i++) {
		fputs(i ? ", " : "<tr><th>indicators</th><td>", fp);
		esc(fp, st->indicators[i]);
	}
	if (st->nindicators > 0)
		fputs("</td></tr>\n", fp);
	for (i = 0; i < st->nparams; i++)
		row(fp, st->param_names[i], "%.10g", st->param_values[i]);
	if (st->has_stoploss)
		row(fp, "stoploss", "%.10g", st->stoploss);
	row(fp, "leverage", "%.10g", st->leverage);
	row(fp, "fee", "%.10g", st->fee);
	if (st->max_open_trades >= 0)
		row(fp, "max_open_trades", "%.0f", st->max_open_trades);
	fputs("</table>\n", fp);
}

static const char style[] =
	"body{font:14px sans-serif;margin:2em;max-width:72em}\n"
	"svg text{font:11px sans-serif;fill:#444}\n"
	".frame{fill:#fafafa;stroke:#ccc}\n.in{fill:#2a2}\n"
	".out{fill:#c22}\ntable{border-collapse:collapse}\n"
	"th,td{padding:2px 8px;text-align:right;border-bottom:1px solid "
	"#eee}\nth{text-align:left}\n.neg{color:#c22}\n.pos{color:#2a2}\n"
	"#tp-trades th{cursor:pointer}\n#tp-check{color:#999}\n"
	".tp-table td.l,.tp-table th.l{text-align:left}\n"
	".tp-table td.r,.tp-table th.r{text-align:right}\n"
	".tp-table tr.total td{border-top:2px solid #999;font-weight:bold}\n";

/* The page of old: SVG, no script; the first symbol's price. */
static void
page_static(FILE *fp, const struct tp_report *r, const struct tp_summary *s)
{
	static const struct tp_report_series none = { .nv = 1 };
	const struct tp_report_sym *y = r->nsym > 0 ? &r->sym[0] : NULL;
	struct frame f;

	chart(fp, &r->eq, first_of, "Equity", "#26c", &f);
	fputs("</svg>\n", fp);
	chart(fp, &r->eq, drawdown_of, "Drawdown", "#c22", &f);
	fputs("</svg>\n", fp);
	fputs("<p>Price of ", fp);
	esc(fp, y != NULL && *y->name ? y->name : "the symbol");
	fputs(", with entries (green) and exits (red).</p>\n", fp);
	chart(fp, y != NULL ? &y->s : &none, first_of, "Price", "#555", &f);
	markers(fp, r, y != NULL ? y->name : "", &f);
	figures(fp, s);
	trades(fp, r);
}

/* ---- the page's data, as JSON -------------------------------------------- */

/* A JSON string; < > & escaped too, so that no "</script" can end the
 * block early. */
static void
jstr(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			fprintf(fp, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == '<' || *s == '>' ||
		    *s == '&')
			fprintf(fp, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, fp);
	fputc('"', fp);
}

/* A number, null when it is none (NaN, an infinity). */
static void
jnum(FILE *fp, double v)
{
	if (isfinite(v))
		fprintf(fp, "%.10g", v);
	else
		fputs("null", fp);
}

/* Column k of the points of s (-1: their times), as an array. */
static void
jarr(FILE *fp, const struct tp_report_series *s, int k)
{
	size_t i;

	fputc('[', fp);
	for (i = 0; i < s->np; i++) {
		if (i)
			fputc(',', fp);
		if (k < 0)
			fprintf(fp, "%lld", (long long)s->t[i]);
		else
			jnum(fp, s->v[i * (size_t)s->nv + (size_t)k]);
	}
	fputc(']', fp);
}

static void
jsym(FILE *fp, const struct tp_report_sym *y)
{
	int k;

	fputs("{\"name\":", fp);
	jstr(fp, y->name);
	fputs(",\"t\":", fp);
	jarr(fp, &y->s, -1);
	fputs(",\"close\":", fp);
	jarr(fp, &y->s, 0);
	fputs(",\"ind\":[", fp);
	for (k = 0; k < y->nind; k++) {
		if (k)
			fputc(',', fp);
		jstr(fp, y->ind[k]);
	}
	fputs("],\"v\":[", fp);
	for (k = 0; k < y->nind; k++) {
		if (k)
			fputc(',', fp);
		jarr(fp, &y->s, k + 1);
	}
	fputs("]}", fp);
}

/* The trades as rows: pair, side, open and close times and rates, profit
 * ratio and quote, exit reason (the glue's cols). */
static void
jtrades(FILE *fp, const struct tp_report *r)
{
	const struct tp_trade *t;
	size_t i;

	fputs("\"trades\":[", fp);
	for (i = 0; i < r->nt; i++) {
		t = &r->t[i].t;
		fputs(i ? ",\n[" : "\n[", fp);
		jstr(fp, r->t[i].pair);
		fprintf(fp, ",\"%s\",%lld,%lld,", t->is_short ? "short" :
		    "long", (long long)t->open_time,
		    (long long)t->close_time);
		jnum(fp, t->open_rate);
		fputc(',', fp);
		jnum(fp, t->close_rate);
		fputc(',', fp);
		jnum(fp, t->profit_ratio);
		fputc(',', fp);
		jnum(fp, t->profit_abs);
		fprintf(fp, ",\"%s\"]", tp_exit_names[t->exit]);
	}
	fputs("]", fp);
}

static void
data(FILE *fp, const struct tp_report *r)
{
	int i, n = 0;

	fputs("<script type=\"application/json\" id=\"tp-data\">\n"
	    "{\"equity\":{\"t\":", fp);
	jarr(fp, &r->eq, -1);
	fputs(",\"equity\":", fp);
	jarr(fp, &r->eq, 0);
	fputs(",\"drawdown\":", fp);
	jarr(fp, &r->eq, 1);
	fputs("},\n\"symbols\":[", fp);
	for (i = 0; i < r->nsym; i++)
		if (r->sym[i].s.nv > 0) {
			fputs(n++ ? ",\n" : "\n", fp);
			jsym(fp, &r->sym[i]);
		}
	fputs("],\n", fp);
	jtrades(fp, r);
	fputs("}\n</script>\n", fp);
}

/* The glue between the data and uPlot: the charts, the selector, the
 * trade list, and a self-check for the tests. */
static const char glue[] =
	"(function () {\n"
	"'use strict';\n"
	"var errs = [], charts = [], syncing = 0;\n"
	"var D = JSON.parse(document.getElementById('tp-data').textContent);\n"
	"var W = Math.max(480, Math.min(1100,\n"
	"    document.body.clientWidth || 960));\n"
	"var ce = console.error, H = {};\n"
	"\n"
	"window.addEventListener('error', function (e) {\n"
	"  errs.push(String(e.message));\n"
	"});\n"
	"console.error = function () {\n"
	"  errs.push(Array.prototype.join.call(arguments, ' '));\n"
	"  ce.apply(console, arguments);\n"
	"};\n"
	"/* What the address asks for: #sym=2&sort=6&desc=1&page=2 */\n"
	"location.hash.slice(1).split('&').forEach(function (kv) {\n"
	"  kv = kv.split('=');\n"
	"  H[kv[0]] = +kv[1];\n"
	"});\n"
	"function $(id) {\n"
	"  return document.getElementById(id);\n"
	"}\n"
	"function utc(ts) {\n"
	"  return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');\n"
	"}\n"
	"function secs(a) {\n"
	"  return a.map(function (t) { return t / 1000; });\n"
	"}\n"
	"function fix(d) {\n"
	"  return function (u, v) { return v == null ? '' : v.toFixed(d); };\n"
	"}\n"
	"function pct(u, vals) {\n"
	"  return vals.map(function (v) { return +v.toFixed(2) + '%'; });\n"
	"}\n"
	"/* Room for the longest label of a y axis. */\n"
	"function wide(u, vals) {\n"
	"  var n = 0;\n"
	"\n"
	"  (vals || []).forEach(function (v) {\n"
	"    n = Math.max(n, String(v).length);\n"
	"  });\n"
	"  return 24 + 7 * n;\n"
	"}\n"
	"/* Zoom one chart, zoom them all: they share the time axis. */\n"
	"function zoomAll(u, key) {\n"
	"  if (key !== 'x' || syncing)\n"
	"    return;\n"
	"  syncing = 1;\n"
	"  charts.forEach(function (c) {\n"
	"    if (c !== u && c.root.isConnected)\n"
	"      c.setScale('x', { min: u.scales.x.min,\n"
	"          max: u.scales.x.max });\n"
	"  });\n"
	"  syncing = 0;\n"
	"}\n"
	"function chart(el, title, h, series, axes, data, scales) {\n"
	"  var u = new uPlot({ title: title, width: W, height: h,\n"
	"      tzDate: utc,\n"
	"      series: [{ value: '{YYYY}-{MM}-{DD} {HH}:{mm}' }]\n"
	"      .concat(series),\n"
	"      axes: [{}].concat(axes), scales: scales || {},\n"
	"      cursor: { sync: { key: 'tp' } },\n"
	"      hooks: { setScale: [zoomAll] } }, data, el);\n"
	"\n"
	"  charts.push(u);\n"
	"  return u;\n"
	"}\n"
	"function equity() {\n"
	"  var e = D.equity;\n"
	"\n"
	"  chart($('tp-equity'), 'Equity and drawdown', 300, [\n"
	"      { label: 'equity', stroke: '#26c', width: 1.5,\n"
	"        value: fix(2) },\n"
	"      { label: 'drawdown %', scale: '%', stroke: '#c22',\n"
	"        fill: 'rgba(204,34,34,0.15)',\n"
	"        fillTo: function () { return 0; },\n"
	"        value: fix(2) }\n"
	"  ], [{ label: 'equity', size: wide },\n"
	"      { scale: '%', side: 1, values: pct, grid: { show: false } }],\n"
	"      [secs(e.t), e.equity, e.drawdown.map(function (v) {\n"
	"    return v == null ? null : -100 * v; })],\n"
	"      { '%': { range: function (u, lo) {\n"
	"    return [Math.min(3 * lo, -1), 0]; } } });\n"
	"}\n"
	"/* Points of one symbol's entries (k 2) or exits (k 3), in time\n"
	" * order. */\n"
	"function marks(name, k) {\n"
	"  var seen = {}, m = D.trades.filter(function (t) {\n"
	"    return t[0] === name && !seen[t[k]] && (seen[t[k]] = 1);\n"
	"  }).map(function (t) {\n"
	"    return [t[k] / 1000, t[k + 2]];\n"
	"  }).sort(function (a, b) { return a[0] - b[0]; });\n"
	"\n"
	"  return [m.map(function (p) { return p[0]; }),\n"
	"      m.map(function (p) { return p[1]; })];\n"
	"}\n"
	"function dots(label, colour) {\n"
	"  return { label: label, stroke: colour, fill: colour,\n"
	"      paths: function () { return null; },\n"
	"      points: { show: true, size: 9, fill: colour },\n"
	"      value: fix(8) };\n"
	"}\n"
	"function price(i) {\n"
	"  var s = D.symbols[i], over = [], under = [], t = secs(s.t),\n"
	"      el = $('tp-price'), name = s.name || 'the symbol', series,\n"
	"      data,\n"
	"      j;\n"
	"\n"
	"  el.textContent = '';\n"
	"  charts = charts.filter(function (c) {\n"
	"    if (c.root.isConnected && c.root.parentNode !== el)\n"
	"      return true;\n"
	"    c.destroy();\n"
	"    return false;\n"
	"  });\n"
	"  /* An indicator that keeps near the price (an average, a band) is\n"
	"   * drawn over it, another (RSI, MACD) in a panel of its own. */\n"
	"  s.ind.forEach(function (name, k) {\n"
	"    var d = [];\n"
	"\n"
	"    s.v[k].forEach(function (x, j) {\n"
	"      if (x != null && s.close[j])\n"
	"        d.push(Math.abs(x / s.close[j] - 1));\n"
	"    });\n"
	"    d.sort(function (a, b) { return a - b; });\n"
	"    (d.length && d[d.length >> 1] < 0.25 ? over : under).push(k);\n"
	"  });\n"
	"  series = [{ label: 'close', stroke: '#555', spanGaps: true,\n"
	"      value: fix(8) }];\n"
	"  over.forEach(function (k, n) {\n"
	"    series.push({ label: s.ind[k], spanGaps: true, value: fix(6),\n"
	"        stroke: ['#e80', '#08a', '#a0a', '#0a6'][n % 4] });\n"
	"  });\n"
	"  series.push(dots('entry', '#2a2'), dots('exit', '#c22'));\n"
	"  data = uPlot.join([[t, s.close].concat(over.map(function (k) {\n"
	"    return s.v[k]; })), marks(s.name, 2), marks(s.name, 3)]);\n"
	"  chart(el.appendChild(document.createElement('div')),\n"
	"      'Price of ' + name, 320, series, [{ size: wide }], data);\n"
	"  for (j = 0; j < under.length; j++)\n"
	"    chart(el.appendChild(document.createElement('div')),\n"
	"        s.ind[under[j]], 140, [{ label: s.ind[under[j]],\n"
	"        stroke: '#a0a', spanGaps: true, value: fix(4) }],\n"
	"        [{ size: wide }],\n"
	"        [t, s.v[under[j]]]);\n"
	"}\n"
	"function symbols() {\n"
	"  var sel = $('tp-sym');\n"
	"\n"
	"  D.symbols.forEach(function (s, i) {\n"
	"    var o = document.createElement('option');\n"
	"\n"
	"    o.value = i;\n"
	"    o.textContent = s.name || 'the symbol';\n"
	"    sel.appendChild(o);\n"
	"  });\n"
	"  sel.parentNode.hidden = D.symbols.length < 2;\n"
	"  sel.onchange = function () {\n"
	"    price(+sel.value);\n"
	"    keep();\n"
	"  };\n"
	"  if (H.sym >= 0 && H.sym < D.symbols.length)\n"
	"    sel.value = H.sym;\n"
	"  if (D.symbols.length > 0)\n"
	"    price(+sel.value);\n"
	"}\n"
	"/* The trade list: click a header to sort, pages of 50. */\n"
	"var cols = [['pair', 0], ['side', 1], ['open', 2, 't'],\n"
	"    ['close', 3, 't'],\n"
	"    ['open rate', 4, 8], ['close rate', 5, 8], ['profit %', 6, '%'],\n"
	"    ['profit (quote)', 7, 'q'], ['exit', 8]];\n"
	"var sortBy = -1, desc = 0, page = 0, PAGE = 50;\n"
	"function cell(c, v) {\n"
	"  if (c[2] === 't')\n"
	"    return new Date(v).toISOString().slice(0, 16).replace('T', ' ');\n"
	"  if (c[2] === '%')\n"
	"    return (100 * v).toFixed(2) + '%';\n"
	"  if (c[2] === 'q')\n"
	"    return v.toFixed(2);\n"
	"  return typeof c[2] === 'number' ? +v.toFixed(c[2]) + '' : v;\n"
	"}\n"
	"function rows() {\n"
	"  var tb = $('tp-trades').tBodies[0], n = D.trades.length,\n"
	"      last = Math.max(0, Math.ceil(n / PAGE) - 1), i, j, tr, td, t;\n"
	"\n"
	"  page = Math.min(Math.max(page, 0), last);\n"
	"  tb.textContent = '';\n"
	"  for (i = page * PAGE; i < Math.min(n, (page + 1) * PAGE); i++) {\n"
	"    t = D.trades[i];\n"
	"    tr = tb.insertRow();\n"
	"    for (j = 0; j < cols.length; j++) {\n"
	"      td = tr.insertCell();\n"
	"      td.textContent = cell(cols[j], t[cols[j][1]]);\n"
	"      if (j === 6)\n"
	"        td.className = t[6] < 0 ? 'neg' : 'pos';\n"
	"    }\n"
	"  }\n"
	"  $('tp-page').textContent = n + ' trades, page ' + (page + 1) +\n"
	"      ' of ' + (last + 1);\n"
	"}\n"
	"function sort(j) {\n"
	"  var k = cols[j][1];\n"
	"\n"
	"  sortBy = j;\n"
	"  D.trades.sort(function (a, b) {\n"
	"    return (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0) *\n"
	"        (desc ? -1 : 1);\n"
	"  });\n"
	"}\n"
	"/* The symbol, order and page shown are kept in the address, for a\n"
	" * link or a reload to come back to. */\n"
	"function keep() {\n"
	"  history.replaceState(null, '', '#sym=' + $('tp-sym').value +\n"
	"      '&sort=' + sortBy + '&desc=' + (desc ? 1 : 0) + '&page=' +\n"
	"      (page + 1));\n"
	"}\n"
	"function trades() {\n"
	"  var hr = $('tp-trades').tHead.rows[0];\n"
	"\n"
	"  cols.forEach(function (c, j) {\n"
	"    var th = document.createElement('th');\n"
	"\n"
	"    th.textContent = c[0];\n"
	"    th.onclick = function () {\n"
	"      desc = sortBy === j ? !desc : 0;\n"
	"      sort(j);\n"
	"      page = 0;\n"
	"      rows();\n"
	"      keep();\n"
	"    };\n"
	"    hr.appendChild(th);\n"
	"  });\n"
	"  $('tp-prev').onclick = function () { page--; rows(); keep(); };\n"
	"  $('tp-next').onclick = function () { page++; rows(); keep(); };\n"
	"  desc = H.desc === 1;\n"
	"  if (H.sort >= 0 && H.sort < cols.length)\n"
	"    sort(H.sort);\n"
	"  page = (H.page || 1) - 1;\n"
	"  rows();\n"
	"}\n"
	"/* What a test reads (tp-backtest.bats): the charts drawn and the\n"
	" * errors, once the page is loaded. */\n"
	"function check() {\n"
	"  var drawn = charts.filter(function (c) {\n"
	"    var v = c.root.querySelector('canvas');\n"
	"\n"
	"    return v && v.width > 0 && v.height > 0;\n"
	"  }).length;\n"
	"\n"
	"  $('tp-check').textContent = 'charts ' + charts.length +\n"
	"      ' drawn ' + drawn + ' errors ' + errs.length + ' ms ' +\n"
	"      Math.round(performance.now()) +\n"
	"      (errs.length ? ': ' + errs.join(' | ') : '');\n"
	"}\n"
	"try {\n"
	"  equity();\n"
	"  symbols();\n"
	"  trades();\n"
	"} catch (e) {\n"
	"  errs.push(String(e && e.stack || e));\n"
	"}\n"
	"window.addEventListener('load', check);\n"
	"})();\n";

/* The page drawn by uPlot: the library and the data inlined. */
static void
page_uplot(FILE *fp, const struct tp_report *r, const struct tp_summary *s,
    const struct tp_tables *tables, const struct tp_report_lib *lib)
{
	int i;

	fputs("<h2>Equity</h2>\n<div id=\"tp-equity\"></div>\n"
	    "<h2>Price</h2>\n<p>Symbol <select id=\"tp-sym\"></select></p>\n"
	    "<p>Entries (green) and exits (red); drag to zoom, double-click "
	    "to zoom out.</p>\n<div id=\"tp-price\"></div>\n", fp);
	if (tables == NULL)
		figures(fp, s);
	else
		fputs("<h2>Figures</h2>\n", fp);
	for (i = 0; tables != NULL && i < tables->n; i++)
		table(fp, &tables->t[i]);
	fputs("<h2>Trades</h2>\n<p><button id=\"tp-prev\">&lt;</button> "
	    "<span id=\"tp-page\"></span> <button id=\"tp-next\">&gt;"
	    "</button></p>\n<table id=\"tp-trades\" class=\"trades\">"
	    "<thead><tr></tr></thead><tbody></tbody></table>\n"
	    "<pre id=\"tp-check\"></pre>\n", fp);
	data(fp, r);
	fputs("<script>\n", fp);
	fwrite(lib->js, 1, lib->njs, fp);
	fputs("\n</script>\n<script>\n", fp);
	fputs(glue, fp);
	fputs("</script>\n", fp);
}

int
tp_report_write(struct tp_report *r, const struct tp_strategy *st,
    const struct tp_summary *s, const struct tp_tables *tables,
    const struct tp_report_lib *lib, FILE *fp)
{
	int i;

	series_end(&r->eq);
	for (i = 0; i < r->nsym; i++)
		series_end(&r->sym[i].s);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset="
	    "\"utf-8\">\n<title>tp-backtest: ", fp);
	esc(fp, st != NULL && st->name != NULL ? st->name : "backtest");
	fprintf(fp, "</title>\n<style>\n%s", style);
	if (lib != NULL)
		fwrite(lib->css, 1, lib->ncss, fp);
	fputs("\n</style>\n</head>\n<body>\n", fp);
	header(fp, r, st);
	if (lib != NULL)
		page_uplot(fp, r, s, tables, lib);
	else
		page_static(fp, r, s);
	fputs("</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}
