/*
 * tp_feed.c: what every exchange adapter shares (tp_feed.h).
 *
 * A download is a series of rounds; a round asks for pages until it has
 * every closed candle up to now (or --until).  Without --follow there is
 * one round; with it, the next round starts when the next candle closes.
 * Rows are checked page by page before any of them is written, so a page
 * cut short or garbled is asked again and never half-written.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tp_grow.h"
#include "feed/tp_feed.h"
#include "rec/tp_candle.h"
#include "rec/tp_market.h"
#include "core/tp_num.h"
#include "core/tp_time.h"

const struct tp_feed *
tp_feed_find(const char *name)
{
	static const struct tp_feed *const feeds[] = {
		&tp_feed_binance, &tp_feed_kraken, &tp_feed_bybit,
		&tp_feed_coinbase
	};
	size_t i;

	for (i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++)
		if (strcmp(feeds[i]->name, name) == 0)
			return feeds[i];
	return NULL;
}

/* ---- helpers for the adapters ---- */

int
tp_feed_row(struct tp_fpage *pg, const struct tp_frow *r)
{
	struct tp_frow *p = tp_grow_size(pg->rows, &pg->cap, pg->n + 1,
	    sizeof(*p));

	if (p == NULL)
		return -1;
	pg->rows = p;
	pg->rows[pg->n++] = *r;
	return 0;
}

int
tp_feed_refused(struct tp_fq *q, const char *exchange, int code, long status,
    const char *msg, struct tp_err *err)
{
	char safe[320];

	/* the exchange's words, quoted: no control character gets through
	 * to a terminal or a log */
	if (msg != NULL)
		tp_http_printable(msg, strlen(msg), safe, sizeof(safe));
	/* a request the exchange finds wrong is most often an unknown
	 * symbol: say where the known ones are */
	return tp_errf(err, code, exchange, 0, "%s: HTTP %ld: %s [%s]%s%s%s",
	    q->symbol[0] ? q->symbol : "request", status,
	    msg != NULL && *msg ? safe : "no message", q->url,
	    code == TP_EX_USAGE ? " ('tp-fetch markets " : "",
	    code == TP_EX_USAGE ? exchange : "",
	    code == TP_EX_USAGE ? "' lists its symbols)" : "");
}

static int
spell(const char *in, const char *sep, char *out, size_t n)
{
	char base[32], quote[32];
	int k;

	if (tp_market_split(in, base, quote, sizeof(base)) < 0)
		return -1;
	k = snprintf(out, n, "%s%s%s", base, sep, quote);
	return k > 0 && (size_t)k < n ? 0 : -1;
}

int
tp_feed_joined(const char *in, char *out, size_t n)
{
	return spell(in, "", out, n);
}

int
tp_feed_dashed(const char *in, char *out, size_t n)
{
	return spell(in, "-", out, n);
}

enum tp_fverdict
tp_feed_rows(const struct tp_json *j, int list, int64_t scale, int vol,
    struct tp_fpage *pg, const char **why, struct tp_err *err)
{
	struct tp_frow r;
	int row, e;

	if (tp_json_type(j, list) != TP_JSON_ARR)
		return TP_F_BROKEN;
	for (row = tp_json_first(j, list); row >= 0;
	    row = tp_json_next(j, list, row)) {
		e = row + 1;
		if (tp_json_type(j, row) != TP_JSON_ARR ||
		    tp_json_size(j, row) <= (size_t)vol ||
		    tp_json_time(j, e, scale, &r.t) < 0 ||
		    tp_json_num(j, e = tp_json_next(j, row, e), &r.open) < 0 ||
		    tp_json_num(j, e = tp_json_next(j, row, e), &r.high) < 0 ||
		    tp_json_num(j, e = tp_json_next(j, row, e), &r.low) < 0 ||
		    tp_json_num(j, e = tp_json_next(j, row, e), &r.close) < 0 ||
		    tp_json_num(j, vol == 5 ? tp_json_next(j, row, e) :
		    tp_json_at(j, row, (size_t)vol), &r.volume) < 0) {
			*why = "a row is not [time, open, high, low, close, "
			    "..., volume, ...]";
			return TP_F_BROKEN;
		}
		if (tp_feed_row(pg, &r) < 0) {
			tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
			return TP_F_REFUSED;
		}
	}
	return TP_F_OK;
}

int
tp_feed_names(const struct tp_json *j, int o, const char *id,
    const char *base, const char *quote, const char *status,
    struct tp_market *m)
{
	memset(m, 0, sizeof(*m));
	if (tp_json_str(j, tp_json_get(j, o, id), m->id, sizeof(m->id)) ==
	    NULL || tp_json_str(j, tp_json_get(j, o, base), m->base,
	    sizeof(m->base)) == NULL || tp_json_str(j, tp_json_get(j, o,
	    quote), m->quote, sizeof(m->quote)) == NULL)
		return -1;
	if (status != NULL)
		tp_json_str(j, tp_json_get(j, o, status), m->status,
		    sizeof(m->status));
	snprintf(m->symbol, sizeof(m->symbol), "%s/%s", m->base, m->quote);
	return 0;
}

double
tp_feed_numkey(const struct tp_json *j, int o, const char *key)
{
	double v;

	return tp_json_num(j, tp_json_get(j, o, key), &v) == 0 ? v : NAN;
}

/* ---- one request ---- */

typedef enum tp_fverdict (*reader)(void *ctx, long status,
    const struct tp_json *j, const char **why, struct tp_err *err);

/*
 * What was wrong with a response read as broken, for the messages: its
 * status, and for a body that is not JSON (a captive portal's login page,
 * a proxy's error) its type and first bytes.
 */
static const char *
broken(const struct tp_http *h, int json, const char *why, char *buf,
    size_t n)
{
	char head[49];
	size_t i, k = 0;

	if (json) {
		snprintf(buf, n, "HTTP %ld: %s", h->status, why != NULL ? why :
		    "the body is not what the API documents");
		return buf;
	}
	/* printable and on one line, runs of blanks as one space */
	for (i = 0; i < h->body.len && k + 1 < sizeof(head); i++) {
		unsigned char c = (unsigned char)h->body.p[i];

		if (isspace(c) || !isprint(c))
			c = ' ';
		if (c != ' ' || (k > 0 && head[k - 1] != ' '))
			head[k++] = (char)c;
	}
	head[k] = '\0';
	if (h->body.len == 0)
		snprintf(buf, n, "HTTP %ld: an empty body", h->status);
	else
		snprintf(buf, n, "HTTP %ld%s%s: not JSON (a captive portal's "
		    "or a proxy's page, or cut short?): \"%s%s\"", h->status,
		    h->ctype[0] ? ", " : "", h->ctype, head,
		    i < h->body.len ? "..." : "");
	return buf;
}

/*
 * GET q->url and hand the response to read() until it is one the adapter
 * can use: broken bodies and "slow down" answers are asked again after a
 * wait (tp_http's), until the run's time is up.  Only a good answer
 * starts that time again.
 */
static int
ask(struct tp_http *h, struct tp_json *j, struct tp_fq *q, reader read,
    void *ctx, struct tp_err *err)
{
	enum tp_fverdict v;
	const char *why;
	char buf[256];
	int json;

	for (;;) {
		if (tp_http_get(h, q->url, err) < 0)
			return -1;
		json = tp_json_parse(j, h->body.p, h->body.len) == 0;
		why = NULL;
		q->wait = -1;
		v = read(ctx, h->status, json ? j : NULL, &why, err);
		if (v == TP_F_OK) {
			tp_http_good(h);
			return 0;
		}
		if (v == TP_F_REFUSED)
			return -1;
		if (v == TP_F_BROKEN)
			why = broken(h, json, why, buf, sizeof(buf));
		else if (why == NULL)
			why = "the exchange asks to slow down";
		if (tp_http_retry(h, q->url, why, v == TP_F_BUSY ? q->wait :
		    -1, err) < 0)
			return -1;
	}
}

static int
http_open(struct tp_http *h, struct tp_fq *q, const struct tp_feed *f,
    const struct tp_source_args *a, struct tp_err *err)
{
	const char *env = getenv(f->env);

	q->base = a->base_url != NULL ? a->base_url : env != NULL && *env ?
	    env : f->url;
	if (tp_http_init(h, f->name, a->max_wait, err) < 0)
		return -1;
	if (a->timeout > 0)
		h->timeout_ms = (long)(a->timeout * 1000);
	if (a->max_backoff > 0)
		h->max_backoff_s = a->max_backoff;
	if (a->max_response > 0)
		h->max_body = (size_t)(a->max_response * (1 << 20));
	h->warn = a->warn;
	h->min_gap = f->min_gap;
	return 0;
}

/* ---- candles ---- */

struct feed {
	const struct tp_feed *f;
	const struct tp_source_args *a;
	struct tp_http http;
	struct tp_json json;
	struct tp_fq q;
	struct tp_fpage pg;
	size_t at;
	int64_t next;		/* the first candle not yet written */
	int64_t until;		/* no candle opening at or after this */
	int64_t stop;		/* this round: none opening at or after */
	int64_t cursor;		/* where the next page starts */
	int64_t first;		/* where the download started (progress) */
	int more;		/* this round has pages left */
	int warned, shown;
	int64_t week0;		/* weekly rows: the first one's time, or -1 */
	long empty;		/* rounds in a row that found nothing */
};

/* The timeframe's spelling on f, or NULL. */
static const char *
interval(const struct tp_feed *f, const char *tf)
{
	const struct tp_ftf *t;

	for (t = f->tfs; t->tp != NULL; t++)
		if (strcmp(t->tp, tf) == 0)
			return t->ex;
	return NULL;
}

static int
bad_timeframe(const struct tp_feed *f, const char *tf, struct tp_err *err)
{
	char list[256];
	const struct tp_ftf *t;
	size_t k = 0;

	for (t = f->tfs; t->tp != NULL && k + 8 < sizeof(list); t++)
		k += (size_t)snprintf(list + k, sizeof(list) - k, " %s", t->tp);
	return tp_errf(err, TP_EX_USAGE, f->name, 0, "timeframe \"%s\" is not "
	    "one %s has:%s", tf, f->name, list);
}

/* Start a round: the candles closed by now (and before --until). */
static void
round_start(struct feed *s)
{
	int64_t now = tp_time_now_ms(), open = tp_time_tf_floor(now, s->q.tf);

	s->stop = s->a->include_open ? open + s->q.tf : open;
	if (s->stop > s->until)
		s->stop = s->until;
	s->cursor = s->next;
	s->more = s->cursor < s->stop;
	s->http.deadline = now + (int64_t)(s->a->max_wait * 1000);
}

int
tp_feed_open(void **st, const struct tp_feed *f,
    const struct tp_source_args *a, struct tp_err *err)
{
	struct feed *s = calloc(1, sizeof(*s));
	int64_t now = tp_time_now_ms();

	*st = s;
	if (s == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	s->f = f;
	s->a = a;
	if (f->symbol(a->symbol, s->q.symbol, sizeof(s->q.symbol)) < 0)
		return tp_errf(err, TP_EX_USAGE, f->name, 0, "\"%s\" is not a "
		    "symbol (like BTC/USDT)", a->symbol);
	if ((s->q.interval = interval(f, a->timeframe)) == NULL)
		return bad_timeframe(f, a->timeframe, err);
	s->q.tf = a->tf_ms;
	s->until = a->until > 0 ? a->until : INT64_MAX;
	if (a->since >= 0)
		s->next = tp_time_tf_floor(a->since + s->q.tf - 1, s->q.tf);
	else {	/* the last N closed candles: N slots back from the open
		 * one, and none before 1970 (tp(7)'s range) */
		s->next = tp_time_tf_floor(now, s->q.tf) -
		    (a->last > 0 ? a->last : 500) * s->q.tf;
		if (s->next < TP_TIME_MIN)	/* the first slot after it */
			s->next = tp_time_tf_floor(TP_TIME_MIN + s->q.tf - 1,
			    s->q.tf);
	}
	s->first = s->next;
	s->week0 = -1;
	if (http_open(&s->http, &s->q, f, a, err) < 0)
		return -1;
	round_start(s);
	return 0;
}

/*
 * Whether t is on the timeframe's grid.  Weeks are the exception: Binance
 * and Bybit start theirs on Monday as tp does, but an exchange may count
 * them from another day, so weekly rows need only keep to the grid of the
 * first one (*week0, -1 until it is known).
 */
static int
on_grid(int64_t tf, int64_t *week0, int64_t t)
{
	if (tf % (7 * 86400000LL) != 0)
		return tp_time_tf_floor(t, tf) == t;
	if (*week0 < 0)
		*week0 = t;
	return (t - *week0) % tf == 0;
}

static int
by_time(const void *x, const void *y)
{
	const struct tp_frow *a = x, *b = y;

	return (a->t > b->t) - (a->t < b->t);
}

/* Rows in time order: reversed when newest first, sorted if need be. */
static void
order_rows(struct tp_fpage *pg)
{
	size_t i, n = pg->n;
	int up = 1, down = 1;

	for (i = 1; i < n; i++) {
		up &= pg->rows[i - 1].t <= pg->rows[i].t;
		down &= pg->rows[i - 1].t >= pg->rows[i].t;
	}
	if (up)
		return;
	if (down) {
		for (i = 0; i < n / 2; i++) {
			struct tp_frow x = pg->rows[i];

			pg->rows[i] = pg->rows[n - 1 - i];
			pg->rows[n - 1 - i] = x;
		}
		return;
	}
	qsort(pg->rows, n, sizeof(*pg->rows), by_time);
}

enum tp_fverdict
tp_feed_page(const struct tp_feed *f, struct tp_fq *q, long status,
    const struct tp_json *j, struct tp_fpage *pg, int64_t *week0,
    const char **why, struct tp_err *err)
{
	const struct tp_frow *r;
	size_t i;
	enum tp_fverdict v;

	pg->n = 0;
	pg->committed = INT64_MAX;
	v = f->candles(q, status, j, pg, why, err);
	for (i = 0; v == TP_F_OK && i < pg->n; i++) {
		r = &pg->rows[i];
		if (!on_grid(q->tf, week0, r->t))
			*why = "an open time is off the timeframe's grid";
		else if (!(r->open >= 0 && r->high >= 0 && r->low >= 0 &&
		    r->close >= 0 && r->volume >= 0))
			*why = "a price or volume is negative";
		else
			continue;
		v = TP_F_BROKEN;
	}
	if (v == TP_F_OK)
		order_rows(pg);
	return v;
}

static enum tp_fverdict
read_candles(void *ctx, long status, const struct tp_json *j,
    const char **why, struct tp_err *err)
{
	struct feed *s = ctx;

	return tp_feed_page(s->f, &s->q, status, j, &s->pg, &s->week0, why,
	    err);
}

/* Progress for a terminal (a->progress), once per page of a long download. */
static void
progress(struct feed *s)
{
	char when[32], line[256];
	double done;

	if (s->a->progress == NULL || s->a->follow ||
	    (s->stop - s->first) / s->q.tf < 5L * s->f->page)
		return;
	done = (double)(s->cursor - s->first) / (double)(s->stop - s->first);
	tp_time_format_iso(s->cursor < s->stop ? s->cursor : s->stop, when);
	snprintf(line, sizeof(line), "%s %s %s: %.16s %3.0f%%, %ld request%s",
	    s->f->name, s->a->symbol, s->a->timeframe, when,
	    100 * (done < 1 ? done : 1), s->http.requests,
	    s->http.requests == 1 ? "" : "s");
	s->a->progress(line);
	s->shown = 1;
}

/* Tell the program about something it goes on after (a->warn). */
static void
warn(const struct tp_source_args *a, struct tp_err *w)
{
	if (a->warn != NULL)
		a->warn(w);
	tp_err_clear(w);
}

/*
 * Kraken: the start asked for is older than what the exchange keeps, or,
 * when it sent fewer rows than it keeps, than the pair's first candle (a
 * pair listed since).
 */
static void
gone(struct feed *s)
{
	struct tp_err w = TP_ERR_INIT;
	char when[TP_TIME_MSGSZ];

	tp_time_msg(s->pg.rows[0].t, when);
	if (s->pg.n < (size_t)s->f->page)
		tp_errf(&w, TP_EX_OK, s->f->name, 0, "%s %s starts at %s, "
		    "after the time asked: there is no earlier candle",
		    s->a->symbol, s->a->timeframe, when);
	else
		tp_errf(&w, TP_EX_OK, s->f->name, 0, "only the latest %d "
		    "candles are kept: %s %s starts at %s, after the time "
		    "asked", s->f->page, s->a->symbol, s->a->timeframe, when);
	warn(s->a, &w);
}

/*
 * Where this round's next page ends (its last open time, inclusive).  A
 * forward page is bounded by the round's end, not by `page` slots: the
 * exchange then fills it with the oldest rows from the cursor on, across
 * missing candles and the time before a listing, and a page with no row
 * means there is none up to the end.
 */
static int64_t
page_end(const struct feed *s)
{
	int64_t to = s->cursor + (s->f->page - 1) * s->q.tf;

	if (s->f->paging == TP_F_LATEST)
		return s->cursor;
	if (s->f->paging == TP_F_FORWARD || to > s->stop - s->q.tf)
		to = s->stop - s->q.tf;
	return to;
}

/* Ask for the next page of this round. */
static int
fetch_page(struct feed *s, struct tp_err *err)
{
	int64_t to = page_end(s), last;
	s->f->candles_url(&s->q, s->cursor, to);
	if (ask(&s->http, &s->json, &s->q, read_candles, s, err) < 0) {
		/* what a broken answer left in the page is not to be read */
		s->pg.n = 0;
		s->at = 0;
		return -1;
	}
	s->at = 0;
	/*
	 * The exchange's clock, not ours, says which candle is still open:
	 * with a clock running ahead, a candle the exchange is still filling
	 * would pass for closed.  Its Date is whole seconds, at or before
	 * its true time, so this errs toward waiting.
	 */
	if (!s->a->include_open && s->http.server_ms > 0 &&
	    tp_time_tf_floor(s->http.server_ms, s->q.tf) < s->stop)
		s->stop = tp_time_tf_floor(s->http.server_ms, s->q.tf);
	last = s->pg.n > 0 ? s->pg.rows[s->pg.n - 1].t : s->cursor;
	switch (s->f->paging) {
	case TP_F_FORWARD:
		/*
		 * Go on from the last row got: a short page may only lack a
		 * candle the exchange never had (a halt).  A page with no row
		 * from the cursor on is the end: none up to the round's end.
		 */
		s->more = s->pg.n > 0 && last >= s->cursor;
		if (s->more)
			s->cursor = last + s->q.tf;
		break;
	case TP_F_WINDOW:
		s->cursor = to + s->q.tf;
		break;
	case TP_F_LATEST:
		s->more = 0;
		if (s->pg.n > 0 && s->pg.rows[0].t > s->next && !s->warned++)
			gone(s);
		break;
	}
	if (s->cursor >= s->stop)
		s->more = 0;
	progress(s);
	return 0;
}

static void
sleep_until(int64_t ms)
{
	int64_t d = ms - tp_time_now_ms();
	struct timespec t;

	if (d <= 0)
		return;
	t.tv_sec = (time_t)(d / 1000);
	t.tv_nsec = (long)(d % 1000) * 1000000;
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/*
 * --follow: wait for the next candle to close (and a sixtieth of it, at
 * most a second, for the exchange to publish it), then start a round.  A
 * round that found nothing new though the candle should have closed (the
 * exchange is a little late) is tried again soon, a little later each
 * time, never later than the following close.
 */
static void
follow_wait(struct feed *s)
{
	int64_t lag = s->q.tf / 60 < 1000 ? s->q.tf / 60 : 1000;
	int64_t due = s->next + s->q.tf + lag, now = tp_time_now_ms();
	int64_t retry = 1000 * (s->empty < 30 ? s->empty : 30);

	/* late: again in a second, two ... at most 30 s or the timeframe,
	 * never at once */
	if (now >= due)
		due = now + (retry < s->q.tf ? retry : s->q.tf);
	sleep_until(due);
	round_start(s);
}

/* Write row r as a tp candle record. */
static int
put_row(struct feed *s, const struct tp_frow *r, struct tp_rec *rec,
    struct tp_err *err)
{
	struct tp_recb o = { s->a->names, rec, 0 };
	struct tp_candle k = { 0 };

	tp_rec_clear(rec);
	tp_recb_i64(&o, "time", r->t);
	tp_recb_num(&o, "open", r->open);
	tp_recb_num(&o, "high", r->high);
	tp_recb_num(&o, "low", r->low);
	tp_recb_num(&o, "close", r->close);
	tp_recb_num(&o, "volume", r->volume);
	tp_recb_text(&o, "symbol", s->a->symbol);
	tp_recb_text(&o, "timeframe", s->a->timeframe);
	tp_recb_text(&o, "exchange", s->f->name);
	if (o.rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rec->file = s->f->name;
	rec->line = 0;
	k.time = r->t;
	k.open = r->open, k.high = r->high, k.low = r->low;
	k.close = r->close, k.volume = r->volume;
	return tp_candle_check(&k, rec, err);
}

int
tp_feed_next(void *st, struct tp_rec *rec, struct tp_err *err)
{
	struct feed *s = st;
	const struct tp_frow *r;

	for (;;) {
		while (s->at < s->pg.n) {
			r = &s->pg.rows[s->at++];
			/* pages may overlap or repeat a row: only what is new */
			if (r->t < s->next)
				continue;
			if (r->t >= s->stop || (r->t > s->pg.committed &&
			    !s->a->include_open)) {
				s->at = s->pg.n;
				s->more = 0;
				break;
			}
			s->next = r->t + s->q.tf;
			s->empty = 0;
			return put_row(s, r, rec, err) < 0 ? -1 : 1;
		}
		if (s->more) {
			if (fetch_page(s, err) == 0)
				continue;
			/* --follow outlives the network and busy exchanges */
			if (!s->a->follow || (err->code != TP_EX_TEMPFAIL &&
			    err->code != TP_EX_UNAVAILABLE))
				return -1;
			warn(s->a, err);
			s->more = 0;
		}
		if (s->shown) {
			s->a->progress(NULL);
			s->shown = 0;
		}
		if (!s->a->follow)
			return 0;
		s->empty++;
		follow_wait(s);
	}
}

void
tp_feed_close(void *st)
{
	struct feed *s = st;

	if (s == NULL)
		return;
	if (s->shown)
		s->a->progress(NULL);
	free(s->pg.rows);
	tp_json_release(&s->json);
	tp_http_release(&s->http);
	free(s);
}

/* ---- markets ---- */

struct markets {
	const struct tp_feed *f;
	const struct tp_source_args *a;
	int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err);
	void *ctx;
	struct tp_fq *q;
	struct tp_rec rec;
	struct tp_err *err;
	long n;
	int dry;		/* only count */
};

static int
one_market(void *ctx, const struct tp_market *m)
{
	struct markets *x = ctx;
	struct tp_recb o = { x->a->names, &x->rec, 0 };

	x->n++;
	if (x->dry)
		return 0;
	tp_rec_clear(&x->rec);
	tp_recb_text(&o, "exchange", x->f->name);
	tp_recb_text(&o, "symbol", m->symbol);
	tp_recb_text(&o, "id", m->id);
	tp_recb_text(&o, "base", m->base);
	tp_recb_text(&o, "quote", m->quote);
	tp_recb_text(&o, "status", m->status);
	tp_recb_num(&o, "tick_size", m->tick);
	tp_recb_num(&o, "lot_size", m->lot);
	tp_recb_num(&o, "min_qty", m->min_qty);
	tp_recb_num(&o, "min_notional", m->min_notional);
	if (o.rc < 0)
		return tp_errf(x->err, TP_EX_SOFTWARE, NULL, 0,
		    "out of memory");
	return x->emit(x->ctx, &x->rec, x->err);
}

static enum tp_fverdict
read_markets(void *ctx, long status, const struct tp_json *j,
    const char **why, struct tp_err *err)
{
	struct markets *x = ctx;
	enum tp_fverdict v;

	/* the whole list is read before any of it is written, so that a
	 * broken answer asked again writes nothing twice */
	x->dry = 1;
	x->n = 0;
	v = x->f->markets(x->q, status, j, one_market, x, why, err);
	x->dry = 0;
	if (v == TP_F_OK && x->n > 0)
		v = x->f->markets(x->q, status, j, one_market, x, why, err);
	return v;
}

int
tp_feed_markets(const struct tp_feed *f, const struct tp_source_args *a,
    int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err),
    void *ctx, struct tp_err *err)
{
	struct tp_fq q = { 0 };
	struct markets x = { f, a, emit, ctx, &q, { 0 }, err, 0, 0 };
	struct tp_json j = { 0 };
	struct tp_http h;
	int rc;

	tp_rec_init(&x.rec);
	if ((rc = http_open(&h, &q, f, a, err)) == 0) {
		f->markets_url(&q);
		rc = ask(&h, &j, &q, read_markets, &x, err);
		if (rc == 0 && x.n == 0)
			rc = tp_errf(err, TP_EX_UNAVAILABLE, f->name, 0,
			    "no markets in the answer [%s]", q.url);
	}
	tp_http_release(&h);
	tp_json_release(&j);
	tp_rec_release(&x.rec);
	return rc;
}

/* ---- ticker ---- */

struct ticker {
	const struct tp_feed *f;
	struct tp_fq *q;
	struct tp_quote quote;
};

static enum tp_fverdict
read_ticker(void *ctx, long status, const struct tp_json *j,
    const char **why, struct tp_err *err)
{
	struct ticker *t = ctx;
	enum tp_fverdict v;

	v = t->f->ticker(t->q, status, j, &t->quote, why, err);
	if (v == TP_F_OK && !(t->quote.bid > 0 && t->quote.ask > 0 &&
	    t->quote.bid_size >= 0 && t->quote.ask_size >= 0)) {
		*why = "no bid or no ask in the book";
		v = TP_F_BROKEN;
	}
	return v;
}

/* One exchange's best bid and ask into *out. */
static int
quote_of(const struct tp_feed *f, const struct tp_source_args *a,
    struct tp_quote *out, struct tp_err *err)
{
	struct tp_fq q = { 0 };
	struct tp_json j = { 0 };
	struct ticker t;
	struct tp_http h;
	int rc = -1;

	memset(&t, 0, sizeof(t));
	t.f = f;
	t.q = &q;
	if (f->symbol(a->symbol, q.symbol, sizeof(q.symbol)) < 0)
		tp_errf(err, TP_EX_USAGE, f->name, 0, "\"%s\" is not a symbol "
		    "(like BTC/USDT)", a->symbol);
	else if (http_open(&h, &q, f, a, err) == 0) {
		f->ticker_url(&q);
		rc = ask(&h, &j, &q, read_ticker, &t, err);
		tp_http_release(&h);
	}
	tp_json_release(&j);
	*out = t.quote;
	if (rc == 0 && out->time == 0)
		out->time = tp_time_now_ms();
	return rc;
}

/* Decimals in the shortest form of v (0.01: 2), or -1 in exponent form. */
static int
decimals(double v)
{
	char buf[TP_NUM_BUFSZ];
	const char *dot;

	tp_num_format(v, buf);
	if (strchr(buf, 'e') != NULL)
		return -1;
	dot = strchr(buf, '.');
	return dot == NULL ? 0 : (int)strlen(dot + 1);
}

/* ask - bid to the decimals the prices have, without binary noise
 * (20527.77 - 20517.96 is 9.81, not 9.81000000000131). */
static double
spread(double bid, double ask)
{
	int d = decimals(bid), e = decimals(ask);
	double scale;

	if (e > d)
		d = e;
	if (d < 0 || d > 15)
		return ask - bid;
	scale = pow(10, d);
	return round((ask - bid) * scale) / scale;
}

/* A quote record for one exchange; bidx and askx NULL.  The best one
 * names where its bid and its ask are, and whether they cross. */
static int
quote_rec(const struct tp_source_args *a, struct tp_rec *rec,
    const char *exchange, const struct tp_quote *qt, const char *bidx,
    const char *askx, struct tp_err *err)
{
	struct tp_recb o = { a->names, rec, 0 };

	tp_rec_clear(rec);
	tp_recb_text(&o, "type", bidx == NULL ? "quote" : "best");
	tp_recb_i64(&o, "time", qt->time);
	tp_recb_text(&o, "symbol", a->symbol);
	if (exchange != NULL)
		tp_recb_text(&o, "exchange", exchange);
	tp_recb_num(&o, "bid", qt->bid);
	tp_recb_num(&o, "bid_size", qt->bid_size);
	tp_recb_num(&o, "ask", qt->ask);
	tp_recb_num(&o, "ask_size", qt->ask_size);
	tp_recb_num(&o, "spread", spread(qt->bid, qt->ask));
	if (bidx != NULL) {
		tp_recb_text(&o, "bid_exchange", bidx);
		tp_recb_text(&o, "ask_exchange", askx);
		/* a bid above an ask elsewhere: buy there, sell here */
		tp_recb_bool(&o, "crossed", qt->bid > qt->ask);
	}
	if (o.rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

int
tp_feed_ticker(const struct tp_feed *const *feeds, int n,
    const struct tp_source_args *a,
    int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err),
    void *ctx, struct tp_err *err)
{
	struct tp_quote qt, best = { 0, 0, INFINITY, 0, 0 };
	const char *bidx = NULL, *askx = NULL;
	struct tp_err one = TP_ERR_INIT;
	struct tp_rec rec;
	int i, status = 0, rc = 0;

	tp_rec_init(&rec);
	for (i = 0; i < n && rc == 0; i++) {
		tp_err_clear(&one);
		if (quote_of(feeds[i], a, &qt, &one) < 0) {
			/* the others still make a comparison; the status is
			 * the first failure's, as everywhere in tp */
			if (status == 0)
				status = one.code;
			warn(a, &one);
			continue;
		}
		if (qt.bid > best.bid) {
			best.bid = qt.bid, best.bid_size = qt.bid_size;
			bidx = feeds[i]->name;
		}
		if (qt.ask < best.ask) {
			best.ask = qt.ask, best.ask_size = qt.ask_size;
			askx = feeds[i]->name;
		}
		if (qt.time > best.time)
			best.time = qt.time;
		rc = quote_rec(a, &rec, feeds[i]->name, &qt, NULL, NULL, err);
		if (rc == 0)
			rc = emit(ctx, &rec, err);
	}
	if (rc == 0 && bidx != NULL)
		rc = quote_rec(a, &rec, NULL, &best, bidx, askx, err);
	if (rc == 0 && bidx != NULL)
		rc = emit(ctx, &rec, err);
	tp_err_clear(&one);
	tp_rec_release(&rec);
	if (rc < 0)
		return err->code;
	if (bidx == NULL && status == 0)
		status = TP_EX_UNAVAILABLE;
	return status;
}

/* ---- the candle sources of tp_source.h ---- */

static enum tp_fmt
feed_format(void *st)
{
	(void)st;
	return TP_FMT_CSV;
}

static int
feed_header(void *st, const int **ids)
{
	(void)st;
	*ids = NULL;
	return 0;
}

#define FEED_SOURCE(x)							\
static int								\
x##_open(void **st, const struct tp_source_args *a, struct tp_err *err)	\
{									\
	return tp_feed_open(st, &tp_feed_##x, a, err);			\
}									\
const struct tp_source_ops tp_source_##x = {				\
	#x, x##_open, tp_feed_next, feed_format, feed_header,		\
	tp_feed_close, &tp_feed_##x					\
}

FEED_SOURCE(binance);
FEED_SOURCE(kraken);
FEED_SOURCE(bybit);
FEED_SOURCE(coinbase);
