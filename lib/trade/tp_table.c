/*
 * tp_table.c: the tables of tp_table.h, built from tp_metrics' summary
 * and groups, and the text renderer.  Rows follow freqtrade's reports
 * (freqtrade/optimize/optimize_reports and its text output): pairs and
 * tags by total profit, best first; exit reasons by count; periods in
 * time order.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "core/tp_time.h"
#include "trade/tp_table.h"

/* ---- the model ----------------------------------------------------------- */

static void
table_release(struct tp_table *t)
{
	int i;

	free(t->title);
	for (i = 0; t->head != NULL && i < t->ncol; i++)
		free(t->head[i]);
	for (i = 0; t->cell != NULL && i < t->nrow * t->ncol; i++)
		free(t->cell[i]);
	free(t->head);
	free(t->align);
	free(t->cell);
	free(t->sign);
	memset(t, 0, sizeof(*t));
}

void
tp_tables_release(struct tp_tables *t)
{
	int i;

	for (i = 0; i < t->n; i++)
		table_release(&t->t[i]);
	free(t->t);
	memset(t, 0, sizeof(*t));
}

/*
 * A new table of out's: heads is the column headers, each with its
 * alignment as a first character ('<' left, '>' right).  NULL when out
 * of memory.
 */
static struct tp_table *
table_new(struct tp_tables *out, const char *title, const char *const *heads,
    int ncol)
{
	struct tp_table *v, *t;
	int i;

	if ((v = tp_grow(out->t, &out->cap, out->n + 1, sizeof(*v))) == NULL)
		return NULL;
	out->t = v;
	t = &out->t[out->n++];
	memset(t, 0, sizeof(*t));
	t->ncol = ncol;
	t->title = strdup(title);
	t->head = calloc((size_t)ncol, sizeof(*t->head));
	t->align = calloc((size_t)ncol, sizeof(*t->align));
	if (t->title == NULL || t->head == NULL || t->align == NULL)
		return NULL;
	for (i = 0; i < ncol; i++) {
		t->align[i] = heads[i][0] == '>' ? TP_ALIGN_RIGHT :
		    TP_ALIGN_LEFT;
		if ((t->head[i] = strdup(heads[i] + 1)) == NULL)
			return NULL;
	}
	return t;
}

/* Room for one more row, its cells empty; -1 when out of memory. */
static int
row_new(struct tp_table *t)
{
	size_t n;

	if (t->nrow == t->caprow) {
		int cap = t->caprow ? 2 * t->caprow : 16;
		char **c;
		signed char *s;

		n = (size_t)cap * (size_t)t->ncol;
		if ((c = realloc(t->cell, n * sizeof(*c))) == NULL)
			return -1;
		t->cell = c;
		if ((s = realloc(t->sign, n)) == NULL)
			return -1;
		t->sign = s;
		t->caprow = cap;
	}
	n = (size_t)t->nrow * (size_t)t->ncol;
	memset(t->cell + n, 0, (size_t)t->ncol * sizeof(*t->cell));
	memset(t->sign + n, 0, (size_t)t->ncol);
	t->nrow++;
	return 0;
}

/* Set the last row's cell col to the printf text, with sign; -1 when out
 * of memory. */
static int
cell(struct tp_table *t, int col, int sign, const char *fmt, ...)
{
	size_t at = (size_t)(t->nrow - 1) * (size_t)t->ncol + (size_t)col;
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(t->cell[at]);
	t->sign[at] = (signed char)sign;
	return (t->cell[at] = strdup(buf)) == NULL ? -1 : 0;
}

/* ---- formats for reading -------------------------------------------------- */

static int
sign_of(double v)
{
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/* Minutes as Python's timedelta prints them (freqtrade's durations):
 * "2:30:00", "1 day, 2:30:00", "3 days, 0:05:00". */
static void
duration(double minutes, char *buf, size_t n)
{
	long m = lround(minutes), d = m / 1440;

	m %= 1440;
	if (d > 0)
		snprintf(buf, n, "%ld day%s, %ld:%02ld:00", d, d == 1 ? "" : "s",
		    m / 60, m % 60);
	else
		snprintf(buf, n, "%ld:%02ld:00", m / 60, m % 60);
}

/* A ratio as a percentage, 2 decimals; "-0.00" is "0.00". */
static double
pct(double r)
{
	double v = round(r * 10000) / 100;

	return v == 0 ? 0 : v;
}

static double
money(double v)
{
	double r = round(v * 100) / 100;

	return r == 0 ? 0 : r;
}

/* ---- groups in display order ---------------------------------------------- */

static const struct tp_metrics *sort_m;	/* whose names the sorts compare */

static int
by_profit(const void *a, const void *b)
{
	const struct tp_group_sum *x = a, *y = b;

	if (x->s.profit_total_abs != y->s.profit_total_abs)
		return x->s.profit_total_abs > y->s.profit_total_abs ? -1 : 1;
	return strcmp(tp_metrics_name_of(sort_m, x->pair >= 0 ? x->pair :
	    x->tag), tp_metrics_name_of(sort_m, y->pair >= 0 ? y->pair :
	    y->tag));
}

static int
by_exits(const void *a, const void *b)
{
	const struct tp_group_sum *x = a, *y = b;

	if (x->s.trades != y->s.trades)
		return x->s.trades > y->s.trades ? -1 : 1;
	return x->exit - y->exit;
}

static int
by_pair_exit(const void *a, const void *b)
{
	const struct tp_group_sum *x = a, *y = b;
	int c = strcmp(tp_metrics_name_of(sort_m, x->pair),
	    tp_metrics_name_of(sort_m, y->pair));

	return c != 0 ? c : by_exits(a, b);
}

/*
 * tp_metrics_groups in the tables' order: pairs and tags by total profit,
 * highest first (ties by name), exit reasons by count, highest first
 * (ties in tp_exit_names' order), pair and exit reason by pair name then
 * count, periods by time.  Not for two threads at once.
 */
static int
tables_groups(const struct tp_metrics *m, int by, int period,
    struct tp_groups *out)
{
	int (*cmp)(const void *, const void *) = NULL;

	if (tp_metrics_groups(m, by, period, out) < 0)
		return -1;
	if (by == TP_GROUP_PAIR || by == TP_GROUP_TAG)
		cmp = by_profit;
	else if (by == TP_GROUP_EXIT)
		cmp = by_exits;
	else if (by == TP_GROUP_PAIR_EXIT)
		cmp = by_pair_exit;
	sort_m = m;
	if (cmp != NULL && out->n > 1)
		qsort(out->g, (size_t)out->n, sizeof(*out->g), cmp);
	sort_m = NULL;
	return 0;
}

/* ---- the tables ------------------------------------------------------------ */

/* A group's name in the first column: freqtrade's "OTHER" for no tag,
 * "(none)" for candles that named no symbol. */
static const char *
group_name(const struct tp_metrics *m, const struct tp_group_sum *g, int by)
{
	const char *s;

	switch (by) {
	case TP_GROUP_TAG:
		s = tp_metrics_name_of(m, g->tag);
		return *s ? s : "OTHER";
	case TP_GROUP_EXIT:
		return g->exit > 0 && g->exit < TP_EXIT_N ?
		    tp_exit_names[g->exit] : "unknown";
	default:
		s = tp_metrics_name_of(m, g->pair);
		return *s ? s : "(none)";
	}
}

/* From col on: trades, avg profit %, total quote and %, avg duration,
 * win, draw, loss, win%. */
static int
figures(struct tp_table *t, int col, const struct tp_summary *s)
{
	char dur[64];
	int rc = 0;

	duration(s->duration_avg, dur, sizeof(dur));
	rc |= cell(t, col, 0, "%d", s->trades);
	rc |= cell(t, col + 1, sign_of(pct(s->profit_mean)), "%.2f",
	    pct(s->profit_mean));
	rc |= cell(t, col + 2, sign_of(money(s->profit_total_abs)), "%.2f",
	    money(s->profit_total_abs));
	rc |= cell(t, col + 3, sign_of(pct(s->profit_total)), "%.2f",
	    pct(s->profit_total));
	rc |= cell(t, col + 4, 0, "%s", dur);
	rc |= cell(t, col + 5, 0, "%d", s->wins);
	rc |= cell(t, col + 6, 0, "%d", s->draws);
	rc |= cell(t, col + 7, 0, "%d", s->losses);
	rc |= cell(t, col + 8, 0, "%.1f", s->trades ? s->winrate * 100 : 0.0);
	return rc;
}

#define FIGURE_HEADS ">Trades", ">Avg Profit %", ">Tot Profit", \
	">Tot Profit %", ">Avg Duration", ">Win", ">Draw", ">Loss", ">Win%"

/* The groups g of by (in the tables' order), with a TOTAL row. */
static int
groups_table(struct tp_tables *out, const struct tp_metrics *m,
    const struct tp_summary *s, const struct tp_groups *g, int by,
    const char *title, const char *key)
{
	const char *heads[] = { key, FIGURE_HEADS };
	struct tp_table *t;
	int i;

	if ((t = table_new(out, title, heads, 10)) == NULL)
		return -1;
	for (i = 0; i < g->n; i++)
		if (row_new(t) < 0 || cell(t, 0, 0, "%s", group_name(m,
		    &g->g[i], by)) < 0 || figures(t, 1, &g->g[i].s) < 0)
			return -1;
	if (row_new(t) < 0 || cell(t, 0, 0, "TOTAL") < 0 ||
	    figures(t, 1, s) < 0)
		return -1;
	t->total = 1;
	return 0;
}

/* Per tag or per exit reason, with a TOTAL row. */
static int
group_table(struct tp_tables *out, const struct tp_metrics *m,
    const struct tp_summary *s, int by, const char *title, const char *key)
{
	struct tp_groups g;
	int rc;

	if (tables_groups(m, by, 0, &g) < 0)
		return -1;
	rc = groups_table(out, m, s, &g, by, title, key);
	tp_groups_release(&g);
	return rc;
}

static int
pair_exit_table(struct tp_tables *out, const struct tp_metrics *m)
{
	const char *heads[] = { "<Pair", "<Exit Reason", FIGURE_HEADS };
	struct tp_groups g;
	struct tp_table *t;
	int i, rc = -1;

	if (tables_groups(m, TP_GROUP_PAIR_EXIT, 0, &g) < 0)
		return -1;
	if ((t = table_new(out, "EXIT REASON STATS PER PAIR", heads,
	    11)) == NULL)
		goto out;
	for (i = 0; i < g.n; i++)
		if (row_new(t) < 0 || cell(t, 0, 0, "%s", group_name(m,
		    &g.g[i], TP_GROUP_PAIR)) < 0 || cell(t, 1, 0, "%s",
		    group_name(m, &g.g[i], TP_GROUP_EXIT)) < 0 ||
		    figures(t, 2, &g.g[i].s) < 0)
			goto out;
	rc = 0;
out:
	tp_groups_release(&g);
	return rc;
}

/* freqtrade's periodic breakdown: by closing time, with the profit
 * factor. */
static int
period_table(struct tp_tables *out, const struct tp_metrics *m, int period)
{
	static const char *const titles[] = {
		"", "DAY BREAKDOWN", "WEEK BREAKDOWN", "MONTH BREAKDOWN"
	};
	static const char *const keys[] = {
		"", "<Day", "<Week (Monday)", "<Month"
	};
	const char *heads[] = { keys[period], ">Trades", ">Tot Profit",
	    ">Tot Profit %", ">Profit Factor", ">Win", ">Draw", ">Loss",
	    ">Win%" };
	const struct tp_summary *s;
	struct tp_groups g;
	struct tp_table *t;
	char when[32];
	int i, rc = 0;

	if (tables_groups(m, TP_GROUP_PERIOD, period, &g) < 0)
		return -1;
	if ((t = table_new(out, titles[period], heads, 9)) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < g.n; i++) {
		s = &g.g[i].s;
		tp_time_format_minute(g.g[i].period, when);
		when[period == TP_PERIOD_MONTH ? 7 : 10] = '\0';
		rc |= row_new(t);
		if (rc)
			break;
		rc |= cell(t, 0, 0, "%s", when);
		rc |= cell(t, 1, 0, "%d", s->trades);
		rc |= cell(t, 2, sign_of(money(s->profit_total_abs)), "%.2f",
		    money(s->profit_total_abs));
		rc |= cell(t, 3, sign_of(pct(s->profit_total)), "%.2f",
		    pct(s->profit_total));
		rc |= cell(t, 4, 0, "%.2f", s->profit_factor);
		rc |= cell(t, 5, 0, "%d", s->wins);
		rc |= cell(t, 6, 0, "%d", s->draws);
		rc |= cell(t, 7, 0, "%d", s->losses);
		rc |= cell(t, 8, 0, "%.1f", s->winrate * 100);
	}
	tp_groups_release(&g);
	return rc ? -1 : 0;
}

/* The best and worst of the pairs (in the tables' order, by total
 * profit); zeroes when there are none (no trades). */
static void
best_pairs(const struct tp_groups *pairs, struct tp_group_sum *best,
    struct tp_group_sum *worst)
{
	memset(best, 0, sizeof(*best));
	memset(worst, 0, sizeof(*worst));
	if (pairs->n > 0) {
		*best = pairs->g[0];
		*worst = pairs->g[pairs->n - 1];
	}
}

/* One metric's row: name, then the printf value with sign. */
static int
metric(struct tp_table *t, const char *name, int sign, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (row_new(t) < 0 || cell(t, 0, 0, "%s", name) < 0)
		return -1;
	return cell(t, 1, sign, "%s", buf);
}

/* The period, counts and profit. */
static int
summary_profit(struct tp_table *t, const struct tp_metrics *m,
    const struct tp_summary *s)
{
	char a[32] = "-", b[32] = "-";
	int rc = 0;

	if (m->min_date <= m->max_date && m->max_date != 0) {
		tp_time_format_minute(m->min_date, a);
		tp_time_format_minute(m->max_date, b);
	}
	rc |= metric(t, "From", 0, "%s", a);
	rc |= metric(t, "To", 0, "%s", b);
	rc |= metric(t, "Days", 0, "%d", s->days);
	rc |= metric(t, "Trades", 0, "%d", s->trades);
	rc |= metric(t, "Trades per day", 0, "%.2f",
	    (double)s->trades / (s->days > 0 ? s->days : 1));
	rc |= metric(t, "Win / Draw / Loss", 0, "%d / %d / %d", s->wins,
	    s->draws, s->losses);
	rc |= metric(t, "Win%", 0, "%.2f%%", pct(s->winrate));
	rc |= metric(t, "Starting balance", 0, "%.2f",
	    money(s->start_balance));
	rc |= metric(t, "Final balance", sign_of(money(s->profit_total_abs)),
	    "%.2f", money(s->final_balance));
	rc |= metric(t, "Absolute profit", sign_of(money(s->profit_total_abs)),
	    "%.2f", money(s->profit_total_abs));
	rc |= metric(t, "Total profit %", sign_of(pct(s->profit_total)),
	    "%.2f%%", pct(s->profit_total));
	rc |= metric(t, "CAGR %", sign_of(pct(s->cagr)), "%.2f%%",
	    pct(s->cagr));
	return rc;
}

/* The ratios, stakes, durations, best and worst of pairs. */
static int
summary_trades(struct tp_table *t, const struct tp_metrics *m,
    const struct tp_summary *s, const struct tp_groups *pairs)
{
	struct tp_group_sum best, worst;
	char dur[64];
	int rc = 0;

	best_pairs(pairs, &best, &worst);
	rc |= metric(t, "Sharpe", 0, "%.2f", s->sharpe);
	rc |= metric(t, "Sortino", 0, "%.2f", s->sortino);
	rc |= metric(t, "Calmar", 0, "%.2f", s->calmar);
	rc |= metric(t, "SQN", 0, "%.2f", s->sqn);
	rc |= metric(t, "Profit factor", 0, "%.2f", s->profit_factor);
	rc |= metric(t, "Expectancy (ratio)", sign_of(money(s->expectancy)),
	    "%.2f (%.2f)", money(s->expectancy), s->expectancy_ratio);
	rc |= metric(t, "Avg. stake amount", 0, "%.2f", money(s->stake_avg));
	duration(s->duration_avg, dur, sizeof(dur));
	rc |= metric(t, "Avg. duration", 0, "%s", dur);
	if (s->trades > 0) {
		rc |= metric(t, "Best trade", sign_of(pct(s->best_trade)),
		    "%.2f%%", pct(s->best_trade));
		rc |= metric(t, "Worst trade", sign_of(pct(s->worst_trade)),
		    "%.2f%%", pct(s->worst_trade));
		rc |= metric(t, "Best pair", sign_of(pct(best.s.profit_total)),
		    "%s %.2f%%", group_name(m, &best, TP_GROUP_PAIR),
		    pct(best.s.profit_total));
		rc |= metric(t, "Worst pair",
		    sign_of(pct(worst.s.profit_total)), "%s %.2f%%",
		    group_name(m, &worst, TP_GROUP_PAIR),
		    pct(worst.s.profit_total));
	}
	rc |= metric(t, "Longest win / loss streak", 0, "%d / %d",
	    s->win_streak, s->loss_streak);
	if (s->rejected_signals >= 0)
		rc |= metric(t, "Rejected entry signals", 0, "%ld",
		    s->rejected_signals);
	return rc;
}

/* Balances, the drawdown and the market. */
static int
summary_drawdown(struct tp_table *t, const struct tp_summary *s)
{
	char a[32] = "-", b[32] = "-", dur[64] = "-";
	int rc = 0;

	if (s->drawdown_end != 0) {
		tp_time_format_minute(s->drawdown_start, a);
		tp_time_format_minute(s->drawdown_end, b);
		duration((double)(s->drawdown_end - s->drawdown_start) /
		    60000, dur, sizeof(dur));
	}
	rc |= metric(t, "Min balance", 0, "%.2f", money(s->balance_min));
	rc |= metric(t, "Max balance", 0, "%.2f", money(s->balance_max));
	rc |= metric(t, "Max % of account underwater", 0, "%.2f%%",
	    pct(s->max_relative_drawdown));
	rc |= metric(t, "Max drawdown (account)", 0, "%.2f%%",
	    pct(s->max_drawdown_account));
	rc |= metric(t, "Max drawdown", 0, "%.2f", money(s->max_drawdown_abs));
	rc |= metric(t, "Drawdown start", 0, "%s", a);
	rc |= metric(t, "Drawdown end", 0, "%s", b);
	rc |= metric(t, "Drawdown duration", 0, "%s", dur);
	rc |= metric(t, "Market change", sign_of(pct(s->market_change)),
	    "%.2f%%", pct(s->market_change));
	return rc;
}

int
tp_tables_build(const struct tp_metrics *m, const struct tp_summary *s,
    int breakdown, struct tp_tables *out)
{
	static const char *const heads[] = { "<Metric", ">Value" };
	struct tp_groups pairs;	/* the summary's best pair and their table */
	struct tp_table *t;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (tables_groups(m, TP_GROUP_PAIR, 0, &pairs) < 0)
		return -1;
	if ((t = table_new(out, "SUMMARY METRICS", heads, 2)) == NULL ||
	    summary_profit(t, m, s) < 0 ||
	    summary_trades(t, m, s, &pairs) < 0 ||
	    summary_drawdown(t, s) < 0 ||
	    groups_table(out, m, s, &pairs, TP_GROUP_PAIR,
	    "BACKTESTING REPORT", "<Pair") < 0 ||
	    group_table(out, m, s, TP_GROUP_TAG, "ENTER TAG STATS",
	    "<Enter Tag") < 0 ||
	    group_table(out, m, s, TP_GROUP_EXIT, "EXIT REASON STATS",
	    "<Exit Reason") < 0 ||
	    pair_exit_table(out, m) < 0 ||
	    (breakdown > TP_PERIOD_NONE && breakdown <= TP_PERIOD_MONTH &&
	    period_table(out, m, breakdown) < 0)) {
		tp_tables_release(out);
		rc = -1;
	}
	tp_groups_release(&pairs);
	return rc;
}

/* ---- text ------------------------------------------------------------------ */

/* Columns a cell takes: UTF-8 code points (a pair may be named so). */
static int
width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
pad(FILE *fp, int n)
{
	while (n-- > 0)
		putc(' ', fp);
}

/* "| a | b |" with each cell padded to w[col]. */
static void
text_row(const struct tp_table *t, FILE *fp, char *const *cells,
    const signed char *sign, const int *w, int colour)
{
	int c, gap;

	for (c = 0; c < t->ncol; c++) {
		const char *s = cells[c] != NULL ? cells[c] : "";

		gap = w[c] - width(s);
		fputs(c == 0 ? "| " : " | ", fp);
		if (t->align[c] == TP_ALIGN_RIGHT)
			pad(fp, gap);
		if (colour && sign != NULL && sign[c] != 0)
			fprintf(fp, "\033[%dm%s\033[0m", sign[c] > 0 ? 32 : 31,
			    s);
		else
			fputs(s, fp);
		if (t->align[c] == TP_ALIGN_LEFT)
			pad(fp, gap);
	}
	fputs(" |\n", fp);
}

/* "|---+---|" under the headers and above a TOTAL. */
static void
text_rule(const struct tp_table *t, FILE *fp, const int *w)
{
	int c, i;

	for (c = 0; c < t->ncol; c++) {
		putc(c == 0 ? '|' : '+', fp);
		for (i = 0; i < w[c] + 2; i++)
			putc('-', fp);
	}
	fputs("|\n", fp);
}

static int
table_text(const struct tp_table *t, FILE *fp, int colour)
{
	int *w = calloc((size_t)t->ncol + 1, sizeof(*w));
	int r, c, k;

	if (w == NULL)
		return -1;
	for (c = 0; c < t->ncol; c++)
		w[c] = width(t->head[c]);
	for (r = 0; r < t->nrow; r++)
		for (c = 0; c < t->ncol; c++)
			if (t->cell[r * t->ncol + c] != NULL &&
			    (k = width(t->cell[r * t->ncol + c])) > w[c])
				w[c] = k;
	fprintf(fp, "%s\n", t->title);
	text_row(t, fp, t->head, NULL, w, 0);
	text_rule(t, fp, w);
	for (r = 0; r < t->nrow; r++) {
		if (t->total && r > 0 && r == t->nrow - 1)
			text_rule(t, fp, w);
		text_row(t, fp, t->cell + r * t->ncol, t->sign + r * t->ncol,
		    w, colour);
	}
	free(w);
	return 0;
}

int
tp_tables_text(const struct tp_tables *t, FILE *fp, int colour)
{
	int i;

	for (i = 0; i < t->n; i++) {
		if (i > 0)
			putc('\n', fp);
		if (table_text(&t->t[i], fp, colour) < 0)
			return -1;
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- records ---------------------------------------------------------------- */

/*
 * A group's exact figures as a record (--breakdown's, tp-backtest(1)):
 * type "pair", "tag", "exit_reason" (with "pair" when per pair) or
 * "period" (its start, ms); strategy; pair, enter_tag, exit_reason or
 * period, whichever the key holds; trades, wins, draws, losses, winrate,
 * profit_total, profit_total_abs, profit_mean, profit_mean_abs,
 * profit_factor, duration_avg as the summary record's.  -1 when out of
 * memory.
 */
static int
group_rec(const struct tp_metrics *m, const struct tp_group_sum *g, int by,
    const char *strategy, struct tp_names *names, struct tp_rec *rec)
{
	static const char *const types[] = {
		"pair", "tag", "exit_reason", "exit_reason", "period"
	};
	const struct tp_summary *s = &g->s;
	struct tp_recb o = { names, rec, 0 };

	tp_rec_clear(rec);
	tp_recb_text(&o, "type", types[by]);
	tp_recb_text(&o, "strategy", strategy);
	if (g->pair >= 0 || by == TP_GROUP_PAIR)
		tp_recb_text(&o, "pair", tp_metrics_name_of(m, g->pair));
	if (by == TP_GROUP_TAG)
		tp_recb_text(&o, "enter_tag", tp_metrics_name_of(m, g->tag));
	if (g->exit >= 0)
		tp_recb_text(&o, "exit_reason", group_name(m, g,
		    TP_GROUP_EXIT));
	if (by == TP_GROUP_PERIOD)
		tp_recb_i64(&o, "period", g->period);
	tp_recb_i64(&o, "trades", s->trades);
	tp_recb_i64(&o, "wins", s->wins);
	tp_recb_i64(&o, "draws", s->draws);
	tp_recb_i64(&o, "losses", s->losses);
	tp_recb_num(&o, "winrate", s->winrate);
	tp_recb_num(&o, "profit_total", s->profit_total);
	tp_recb_num(&o, "profit_total_abs", s->profit_total_abs);
	tp_recb_num(&o, "profit_mean", s->profit_mean);
	tp_recb_num(&o, "profit_mean_abs", s->profit_mean_abs);
	tp_recb_num(&o, "profit_factor", s->profit_factor);
	tp_recb_num(&o, "duration_avg", s->duration_avg);
	return o.rc;
}

/* The CSV header for the summary and the group records: the summary's
 * columns, then the group keys it lacks (the figures are its too). */
static int
header(struct tp_writer *w, const struct tp_rec *sum, struct tp_names *names,
    struct tp_err *err)
{
	static const char *const keys[] = {
		"pair", "enter_tag", "exit_reason", "period"
	};
	int *ids = malloc(((size_t)sum->nf + 4) * sizeof(*ids));
	int i, k, id, rc;

	if (ids == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; i < sum->nf; i++)
		ids[i] = sum->f[i].name;
	for (k = 0; k < 4; k++) {
		if ((id = tp_names_intern(names, keys[k],
		    strlen(keys[k]))) < 0) {
			free(ids);
			return tp_names_fail(id, "field names", NULL, 0, err);
		}
		if (tp_rec_find(sum, id, -1) < 0)
			ids[i++] = id;
	}
	rc = tp_writer_header(w, ids, i, err);
	free(ids);
	return rc;
}

/* Each group of by (and period) as a record, in the tables' order. */
static int
write_groups(const struct tp_metrics *m, int by, int period,
    const char *strategy, struct tp_names *names, struct tp_rec *rec,
    struct tp_writer *w, struct tp_err *err)
{
	struct tp_groups g;
	int i, rc = 0;

	if (tables_groups(m, by, period, &g) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; rc == 0 && i < g.n; i++) {
		if (group_rec(m, &g.g[i], by, strategy, names, rec) < 0)
			rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		else
			rc = tp_write(w, rec, err);
	}
	tp_groups_release(&g);
	return rc;
}

int
tp_tables_write(const struct tp_metrics *m, const struct tp_rec *sum,
    int breakdown, const char *strategy, struct tp_names *names,
    struct tp_writer *w, struct tp_err *err)
{
	struct tp_rec rec;
	int by, rc;

	if (breakdown == TP_PERIOD_NONE)
		return tp_write(w, sum, err);
	if ((w->fmt == TP_FMT_CSV && header(w, sum, names, err) < 0) ||
	    tp_write(w, sum, err) < 0)
		return -1;
	tp_rec_init(&rec);
	for (by = TP_GROUP_PAIR, rc = 0; rc == 0 && by <= TP_GROUP_PERIOD;
	    by++)
		rc = write_groups(m, by, breakdown, strategy, names, &rec, w,
		    err);
	tp_rec_release(&rec);
	return rc;
}
