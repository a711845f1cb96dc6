/*
 * tp_ldec.c: the LLM decider (tp_ldec.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/tp_grow.h"
#include "core/tp_num.h"
#include "core/tp_secret.h"
#include "core/tp_time.h"
#include "decide/tp_predict.h"
#include "rec/tp_candle.h"
#include "rec/tp_enc.h"
#include "llm/tp_lanswer.h"
#include "llm/tp_lcache.h"
#include "llm/tp_lcall.h"
#include "llm/tp_ldec.h"
#include "llm/tp_lprompt.h"
#include "llm/tp_lvote.h"

/* Bytes of an API key: a key file's fixed size, as files written hold it
 * (TP_SECRET_MAX was 256 then). */
#define KEY_MAX 256
#define NEWS_TEXT 600		/* bytes of a news item kept */

struct news {
	int64_t time;
	struct tp_buf line;	/* "2024-01-01 10:00 title: text" */
};

/* One symbol's history, news and position. */
struct sym {
	int64_t last;		/* its last candle's time */
	struct tp_buf *rows;	/* ring of d->spec->candles table lines */
	int head, count;
	struct news *news;	/* ring of news_max */
	int nhead, ncount;
	int side;		/* 0 flat, 1 long, -1 short */
	double entry;
	int64_t entry_time;
};

/* One model's answer to the decision at hand. */
struct answer {
	const char *source;	/* "api", "cache", "offline" */
	int ok;
	struct tp_lanswer a;
	long ms, ptok, ctok;
	int call;		/* its call in d->calls, when source "api" */
	char why[320];
};

struct model {
	const struct tp_lmodel *spec;
	char *key;		/* sodium_malloc'd, or NULL */
	char url[1024];
	int dec_id, conf_id, ms_id;
	long warned;
};

struct tp_ldec {
	const struct tp_strategy *st;
	const struct tp_llm *spec;
	struct tp_names *names;
	struct tp_ldec_opts o;
	struct model *m;
	int nm;
	struct answer *ans;
	struct tp_lcall *calls;
	struct tp_lcalls multi;
	int have_multi;
	struct tp_lcache cache;
	int have_cache;
	struct tp_lcached kept;
	struct tp_ltemplate tpl;
	struct tp_candle_cols cc;
	int type_id, type_at, title_id, text_id, pside_id, pentry_id;
	int signal_id, confidence_id, tag_id;
	int *field_id;		/* the spec's fields */
	struct tp_names syms;
	struct sym *s;
	int ns, scap;
	struct tp_buf tmp, table, fields, pos, news, sys, user;
	char hash[TP_LPROMPT_HASHLEN], last_hash[TP_LPROMPT_HASHLEN];
	struct tp_rec out;
	struct tp_ldec_stats stats;
};

/* ---- setup ---------------------------------------------------------------- */

static int
intern(struct tp_ldec *d, const char *prefix, const char *name,
    const char *suffix, int *id, struct tp_err *err)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "%s%s%s", prefix, name, suffix);

	if (n < 0 || (size_t)n >= sizeof(buf))
		return tp_errf(err, TP_EX_CONFIG, d->st->path, 0, "llm: field "
		    "name \"%.40s...\" is too long", name);
	*id = tp_names_intern(d->names, buf, (size_t)n);
	return *id < 0 ? tp_names_fail(*id, "field names", NULL, 0, err) : 0;
}

/* The model's key: from its environment variable, or its key file
 * (encrypted, tp_secret.h, TP_PASSPHRASE), into guarded memory. */
static int
read_key(struct model *m, struct tp_err *err)
{
	const struct tp_lmodel *s = m->spec;
	const char *v;

	if (s->api_key_env == NULL && s->api_key_file == NULL)
		return 0;	/* a local server that wants none */
	if ((m->key = sodium_malloc(KEY_MAX + 1)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	memset(m->key, 0, KEY_MAX + 1);
	if (s->api_key_file != NULL)
		return tp_secret_read(s->api_key_file, (unsigned char *)m->key,
		    KEY_MAX, err);
	v = getenv(s->api_key_env);
	if (v == NULL || *v == '\0')
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "llm model \"%s\": "
		    "the environment variable %s (api_key_env) is not set",
		    s->name, s->api_key_env);
	if (strlen(v) > KEY_MAX || strpbrk(v, "\r\n") != NULL)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "llm model \"%s\": "
		    "%s is not an API key (one line, at most %d bytes)",
		    s->name, s->api_key_env, KEY_MAX);
	memcpy(m->key, v, strlen(v));
	return 0;
}

static int
setup_model(struct tp_ldec *d, int k, struct tp_err *err)
{
	struct model *m = &d->m[k];
	size_t n;

	m->spec = &d->spec->models[k];
	n = strlen(m->spec->base_url);
	while (n > 0 && m->spec->base_url[n - 1] == '/')
		n--;
	if (n + sizeof("/chat/completions") > sizeof(m->url))
		return tp_errf(err, TP_EX_CONFIG, d->st->path, 0, "llm model "
		    "\"%s\": base_url is too long", m->spec->name);
	snprintf(m->url, sizeof(m->url), "%.*s/chat/completions", (int)n,
	    m->spec->base_url);
	if (intern(d, "llm_", m->spec->name, "_decision", &m->dec_id,
	    err) < 0 || intern(d, "llm_", m->spec->name, "_confidence",
	    &m->conf_id, err) < 0 || intern(d, "llm_", m->spec->name, "_ms",
	    &m->ms_id, err) < 0)
		return -1;
	return read_key(m, err);
}

static int
setup_ids(struct tp_ldec *d, struct tp_err *err)
{
	int i;

	if (intern(d, "", "type", "", &d->type_id, err) < 0 ||
	    intern(d, "", "title", "", &d->title_id, err) < 0 ||
	    intern(d, "", "text", "", &d->text_id, err) < 0 ||
	    intern(d, "", "position_side", "", &d->pside_id, err) < 0 ||
	    intern(d, "", "position_entry", "", &d->pentry_id, err) < 0 ||
	    intern(d, "", "signal", "", &d->signal_id, err) < 0 ||
	    intern(d, "", "confidence", "", &d->confidence_id, err) < 0 ||
	    intern(d, "", "tag", "", &d->tag_id, err) < 0)
		return -1;
	d->field_id = calloc((size_t)d->spec->nfields + 1, sizeof(int));
	if (d->field_id == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (i = 0; i < d->spec->nfields; i++)
		if (intern(d, "", d->spec->fields[i], "", &d->field_id[i],
		    err) < 0)
			return -1;
	return tp_candle_cols_init(&d->cc, d->names, TP_UNIT_MS, err);
}

int
tp_ldec_new(struct tp_ldec **out, const struct tp_strategy *s,
    struct tp_names *names, const struct tp_ldec_opts *o,
    struct tp_err *err)
{
	struct tp_ldec *d = calloc(1, sizeof(*d));
	int k, rc = 0;

	*out = d;
	if (d == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	d->st = s;
	d->spec = s->llm;
	d->names = names;
	d->o = *o;
	d->type_at = -1;
	tp_names_init(&d->syms);
	tp_rec_init(&d->out);
	d->nm = d->spec->nmodels;
	d->m = calloc((size_t)d->nm, sizeof(*d->m));
	d->ans = calloc((size_t)d->nm, sizeof(*d->ans));
	d->calls = calloc((size_t)d->nm, sizeof(*d->calls));
	if (d->m == NULL || d->ans == NULL || d->calls == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (k = 0; k < d->nm && rc == 0; k++)
		rc = setup_model(d, k, err);
	if (rc == 0)
		rc = setup_ids(d, err);
	if (rc == 0)
		rc = tp_ltemplate_load(&d->tpl, d->spec->prompt, err);
	if (rc == 0 && o->cache != NULL && (rc = tp_lcache_open(&d->cache,
	    o->cache, o->offline, err)) == 0)
		d->have_cache = 1;
	if (rc == 0 && !o->offline && (rc = tp_lcalls_init(&d->multi,
	    err)) == 0)
		d->have_multi = 1;
	return rc;
}

void
tp_ldec_free(struct tp_ldec *d)
{
	int i, k;

	if (d == NULL)
		return;
	for (k = 0; d->m != NULL && k < d->nm; k++) {
		sodium_free(d->m[k].key);
		tp_lanswer_release(&d->ans[k].a);
		free((char *)d->calls[k].body);
		tp_lcall_release(&d->calls[k]);
	}
	free(d->m);
	free(d->ans);
	free(d->calls);
	for (i = 0; i < d->ns; i++) {
		for (k = 0; d->s[i].rows != NULL && k < d->spec->candles; k++)
			tp_buf_release(&d->s[i].rows[k]);
		free(d->s[i].rows);
		for (k = 0; d->s[i].news != NULL && k < d->spec->news_max; k++)
			tp_buf_release(&d->s[i].news[k].line);
		free(d->s[i].news);
	}
	free(d->s);
	free(d->field_id);
	tp_names_release(&d->syms);
	if (d->have_cache)
		tp_lcache_close(&d->cache);
	if (d->have_multi)
		tp_lcalls_release(&d->multi);
	tp_buf_release(&d->kept.content);
	tp_ltemplate_release(&d->tpl);
	tp_buf_release(&d->tmp);
	tp_buf_release(&d->table);
	tp_buf_release(&d->fields);
	tp_buf_release(&d->pos);
	tp_buf_release(&d->news);
	tp_buf_release(&d->sys);
	tp_buf_release(&d->user);
	tp_rec_release(&d->out);
	free(d);
}

void
tp_ldec_stats(const struct tp_ldec *d, struct tp_ldec_stats *st)
{
	*st = d->stats;
	st->symbols = d->ns;
}

int
tp_ldec_out_ids(const struct tp_ldec *d, int rules, int *ids, int n)
{
	int k, c = 0;

	for (k = 0; k < d->nm; k++) {
		if (c < n)
			ids[c++] = d->m[k].dec_id;
		if (c < n)
			ids[c++] = d->m[k].conf_id;
		if (c < n)
			ids[c++] = d->m[k].ms_id;
	}
	/* without rules, the decider writes the signal after its fields */
	if (!rules && c + 3 <= n) {
		ids[c++] = d->signal_id;
		ids[c++] = d->confidence_id;
		ids[c++] = d->tag_id;
	}
	return c;
}

int
tp_ldec_store_key(const char *path, const char *key, size_t n,
    struct tp_err *err)
{
	unsigned char *box;
	int rc;

	while (n > 0 && (key[n - 1] == '\n' || key[n - 1] == '\r' ||
	    key[n - 1] == ' '))
		n--;
	if (n == 0 || n > KEY_MAX || memchr(key, '\0', n) != NULL ||
	    memchr(key, '\n', n) != NULL)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the key read is %s",
		    n == 0 ? "empty" : "not one line of at most 256 bytes");
	if ((box = sodium_malloc(KEY_MAX)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	memset(box, 0, KEY_MAX);
	memcpy(box, key, n);
	rc = tp_secret_write(path, box, KEY_MAX, err);
	sodium_free(box);
	return rc;
}

/* ---- per symbol ------------------------------------------------------------ */

/* The state of the symbol named s[0..n), made on first sight. */
static struct sym *
sym_of(struct tp_ldec *d, const char *s, size_t n, struct tp_err *err)
{
	struct sym *v;
	int id = tp_names_intern(&d->syms, s, n);

	if (id < 0) {
		tp_names_fail(id, "symbols", NULL, 0, err);
		return NULL;
	}
	if (id < d->ns)
		return &d->s[id];
	v = tp_grow(d->s, &d->scap, id + 1, sizeof(*v));
	if (v == NULL)
		goto oom;
	d->s = v;
	v = &d->s[d->ns++];
	memset(v, 0, sizeof(*v));
	v->last = TP_TIME_NONE;
	v->rows = calloc((size_t)d->spec->candles, sizeof(*v->rows));
	v->news = calloc((size_t)d->spec->news_max + 1, sizeof(*v->news));
	if (v->rows == NULL || v->news == NULL)
		goto oom;
	return v;
oom:
	tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return NULL;
}

/* Field id of rec as text into *p, *n ("" when missing or null). */
static void
text_of(struct tp_ldec *d, const struct tp_rec *rec, int id, const char **p,
    size_t *n)
{
	int i = tp_rec_find(rec, id, -1), isnull = 1;

	*p = "";
	*n = 0;
	if (i >= 0 && (tp_field_text(&rec->f[i], &d->tmp, p, n, &isnull) < 0 ||
	    isnull)) {
		*p = "";
		*n = 0;
	}
}

static int
add_num(struct tp_buf *b, double v)
{
	char num[TP_NUM_BUFSZ];
	size_t n;

	if (isnan(v))
		return 0;
	n = tp_num_format(v, num);
	return tp_buf_add(b, num, n);
}

/* The value of field id in rec, NaN when missing or not a number. */
static double
num_of(struct tp_ldec *d, const struct tp_rec *rec, int id)
{
	struct tp_err ignored = TP_ERR_INIT;
	double v;
	int i = tp_rec_find(rec, id, -1);

	if (i < 0 || tp_field_num(rec, &rec->f[i], d->names, &v,
	    &ignored) != 0)
		return NAN;
	return v;
}

/* The candle's line of the table: "2024-01-01 10:00,o,h,l,c,v,f1,...". */
static int
format_row(struct tp_ldec *d, const struct tp_rec *rec,
    const struct tp_candle *k, struct tp_buf *b)
{
	char t[32];
	int i, rc;

	b->len = 0;
	rc = tp_buf_add(b, tp_time_format_minute(k->time, t), 16);
	rc |= tp_buf_add(b, ",", 1) | add_num(b, k->open);
	rc |= tp_buf_add(b, ",", 1) | add_num(b, k->high);
	rc |= tp_buf_add(b, ",", 1) | add_num(b, k->low);
	rc |= tp_buf_add(b, ",", 1) | add_num(b, k->close);
	rc |= tp_buf_add(b, ",", 1) | add_num(b, k->volume);
	for (i = 0; i < d->spec->nfields; i++)
		rc |= tp_buf_add(b, ",", 1) |
		    add_num(b, num_of(d, rec, d->field_id[i]));
	rc |= tp_buf_add(b, "\n", 1);
	return rc < 0 ? -1 : 0;
}

/* ---- news ------------------------------------------------------------------ */

/* Add at most max bytes of s[0..n) to b, cut on a whole character, a
 * byte that is not UTF-8 as "?" (a request must be UTF-8 JSON), line
 * ends as blanks (one news item a line). */
static int
add_clean(struct tp_buf *b, const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len, used = 0;
	int rc = 0;

	while (i < n) {
		len = tp_enc_utf8_len(u + i, n - i);
		if (used + (len ? len : 1) > max)
			break;
		if (len == 0)
			rc |= tp_buf_add(b, "?", 1);
		else if (u[i] == '\n' || u[i] == '\r')
			rc |= tp_buf_add(b, " ", 1);
		else
			rc |= tp_buf_add(b, s + i, len);
		used += len ? len : 1;
		i += len ? len : 1;
	}
	return rc;
}

static int
keep_news(struct tp_ldec *d, const struct tp_rec *rec, struct tp_err *err)
{
	struct tp_candle_cols *cc = &d->cc;
	const char *p, *title, *text;
	size_t n, tn, xn;
	struct sym *s;
	struct news *e;
	int64_t t;
	char when[32];
	int i, rc;

	if (d->spec->news_max == 0)
		return 0;
	i = tp_candle_col(cc, rec, TP_C_TIME);
	if (i < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "a news record without \"time\"");
	if (tp_candle_field_time(rec, &rec->f[i], TP_UNIT_MS, &t, err) < 0)
		return -1;
	text_of(d, rec, cc->id[TP_C_SYMBOL], &p, &n);
	if ((s = sym_of(d, p, n, err)) == NULL)
		return -1;
	e = &s->news[s->nhead];
	s->nhead = (s->nhead + 1) % (int)d->spec->news_max;
	if (s->ncount < d->spec->news_max)
		s->ncount++;
	e->time = t;
	e->line.len = 0;
	text_of(d, rec, d->title_id, &title, &tn);
	rc = tp_buf_add(&e->line, tp_time_format_minute(t, when), 16);
	rc |= tp_buf_add(&e->line, " ", 1);
	rc |= add_clean(&e->line, title, tn, NEWS_TEXT / 3);
	text_of(d, rec, d->text_id, &text, &xn);
	if (xn > 0 && tn > 0)
		rc |= tp_buf_add(&e->line, ": ", 2);
	rc |= add_clean(&e->line, text, xn, NEWS_TEXT);
	rc |= tp_buf_add(&e->line, "\n", 1);
	return rc < 0 ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory")
	    : 0;
}

/* The news of s (and of no symbol: every symbol's) within the window
 * before t, oldest first, at most news_max. */
static int
news_text(struct tp_ldec *d, const struct sym *s, int64_t t)
{
	const struct sym *all = NULL;
	const struct news *pick[2048], *e;
	int id = tp_names_find(&d->syms, "", 0), i, k, n = 0, j, rc = 0;

	if (id >= 0 && &d->s[id] != s)
		all = &d->s[id];
	for (k = 0; k < 2; k++) {
		const struct sym *v = k == 0 ? s : all;

		for (i = 0; v != NULL && i < v->ncount && n < 2048; i++) {
			e = &v->news[i];
			if (e->time <= t && e->time > t - d->spec->news_ms)
				pick[n++] = e;
		}
	}
	/* newest news_max, oldest first: a small insertion sort */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && pick[j - 1]->time > pick[j]->time; j--) {
			e = pick[j];
			pick[j] = pick[j - 1];
			pick[j - 1] = e;
		}
	d->news.len = 0;
	for (i = n > d->spec->news_max ? n - (int)d->spec->news_max : 0;
	    i < n; i++)
		rc |= tp_buf_add(&d->news, pick[i]->line.p, pick[i]->line.len);
	if (d->news.len == 0)
		rc |= tp_buf_add(&d->news, "none\n", 5);
	d->news.len--;	/* the template has the last newline */
	return rc;
}

/* ---- the position ------------------------------------------------------------ */

/* The record's own position_side / position_entry, when it has them. */
static void
stream_position(struct tp_ldec *d, const struct tp_rec *rec, struct sym *s)
{
	const char *p;
	size_t n;
	double e;

	text_of(d, rec, d->pside_id, &p, &n);
	if (n == 0)
		return;
	s->side = n == 4 && memcmp(p, "long", 4) == 0 ? 1 : n == 5 &&
	    memcmp(p, "short", 5) == 0 ? -1 : 0;
	/* a side without its entry: no P&L to tell */
	e = num_of(d, rec, d->pentry_id);
	s->entry = s->side != 0 && !isnan(e) ? e : 0;
	s->entry_time = 0;
}

/* "long since 2024-01-01 10:00 at 42000, P&L +1.25%", or "none". */
static int
position_text(struct tp_ldec *d, const struct sym *s, double close)
{
	char when[32], line[160];
	double pnl;
	int n;

	d->pos.len = 0;
	if (s->side == 0)
		return tp_buf_add(&d->pos, "none", 4);
	if (!(s->entry > 0))
		return tp_buf_add(&d->pos, s->side > 0 ? "long" : "short",
		    s->side > 0 ? 4 : 5);
	pnl = s->side > 0 ? close / s->entry - 1 : 1 - close / s->entry;
	n = snprintf(line, sizeof(line), "%s", s->side > 0 ? "long" : "short");
	if (s->entry_time > 0)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " since %s",
		    tp_time_format_minute(s->entry_time, when));
	d->pos.len = 0;
	if (tp_buf_add(&d->pos, line, (size_t)n) < 0 ||
	    tp_buf_add(&d->pos, " at ", 4) < 0 || add_num(&d->pos,
	    s->entry) < 0)
		return -1;
	n = snprintf(line, sizeof(line), ", P&L %+.2f%%", 100 * pnl);
	return tp_buf_add(&d->pos, line, (size_t)n);
}

/* The position the record's final signal implies (a long opened at the
 * close, closed by its exit, ...), for the next prompts. */
static void
follow_signal(struct tp_ldec *d, const struct tp_rec *rec, struct sym *s,
    const struct tp_candle *k)
{
	const char *p;
	size_t n;
	int a;

	text_of(d, rec, d->signal_id, &p, &n);
	a = tp_pred_action(p, n);
	if ((a == TP_ENTER_LONG && s->side <= 0) || (a == TP_ENTER_SHORT &&
	    s->side >= 0)) {
		s->side = a == TP_ENTER_LONG ? 1 : -1;
		s->entry = k->close;
		s->entry_time = k->time;
	} else if ((a == TP_EXIT_LONG && s->side > 0) || (a == TP_EXIT_SHORT &&
	    s->side < 0))
		s->side = 0;
}

/* ---- the prompt -------------------------------------------------------------- */

static int
fields_text(struct tp_ldec *d, const struct tp_rec *rec)
{
	int i, rc = 0;
	double v;

	d->fields.len = 0;
	for (i = 0; i < d->spec->nfields; i++) {
		if (i > 0)
			rc |= tp_buf_add(&d->fields, ", ", 2);
		rc |= tp_buf_add(&d->fields, d->spec->fields[i],
		    strlen(d->spec->fields[i]));
		rc |= tp_buf_add(&d->fields, "=", 1);
		v = num_of(d, rec, d->field_id[i]);
		rc |= isnan(v) ? tp_buf_add(&d->fields, "none", 4) :
		    add_num(&d->fields, v);
	}
	if (d->spec->nfields == 0)
		rc |= tp_buf_add(&d->fields, "none", 4);
	return rc;
}

static int
table_text(struct tp_ldec *d, const struct sym *s)
{
	static const char head[] = "time,open,high,low,close,volume";
	int i, k, rc;

	d->table.len = 0;
	rc = tp_buf_add(&d->table, head, sizeof(head) - 1);
	for (i = 0; i < d->spec->nfields; i++)
		rc |= tp_buf_add(&d->table, ",", 1) | tp_buf_add(&d->table,
		    d->spec->fields[i], strlen(d->spec->fields[i]));
	rc |= tp_buf_add(&d->table, "\n", 1);
	k = (s->head - s->count + (int)d->spec->candles) %
	    (int)d->spec->candles;
	for (i = 0; i < s->count; i++) {
		rc |= tp_buf_add(&d->table, s->rows[k].p, s->rows[k].len);
		k = (k + 1) % (int)d->spec->candles;
	}
	d->table.len--;	/* the template has the last newline */
	return rc;
}

static void
put(struct tp_lvals *v, enum tp_lph k, const char *p, size_t n)
{
	v->v[k] = p;
	v->n[k] = n;
}

/* Field id of rec as text into buf (cap bytes), dflt when missing. */
static size_t
copy_text(struct tp_ldec *d, const struct tp_rec *rec, int id, char *buf,
    size_t cap, const char *dflt)
{
	const char *p;
	size_t n, k, len;

	text_of(d, rec, id, &p, &n);
	if (n == 0) {
		p = dflt;
		n = strlen(dflt);
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	for (k = 0; k < n; k += len)	/* not UTF-8: "?", as JSON needs */
		if ((len = tp_enc_utf8_len((unsigned char *)buf + k,
		    n - k)) == 0) {
			buf[k] = '?';
			len = 1;
		}
	return n;
}

/* The prompt of the decision on rec (the candle k of symbol s) into
 * d->sys and d->user, and its hash. */
static int
build_prompt(struct tp_ldec *d, const struct tp_rec *rec, struct sym *s,
    const struct tp_candle *k)
{
	struct tp_lvals v;
	char when[32], count[24], sym[128], tf[32], ex[64];

	memset(&v, 0, sizeof(v));
	if (table_text(d, s) < 0 || fields_text(d, rec) < 0 ||
	    position_text(d, s, k->close) < 0 || news_text(d, s, k->time) < 0)
		return -1;
	put(&v, TP_LPH_SYMBOL, sym, copy_text(d, rec, d->cc.id[TP_C_SYMBOL],
	    sym, sizeof(sym), "unknown"));
	put(&v, TP_LPH_TIMEFRAME, tf, copy_text(d, rec,
	    d->cc.id[TP_C_TIMEFRAME], tf, sizeof(tf), "unknown"));
	put(&v, TP_LPH_EXCHANGE, ex, copy_text(d, rec,
	    d->cc.id[TP_C_EXCHANGE], ex, sizeof(ex), "unknown"));
	snprintf(count, sizeof(count), "%d", s->count);
	put(&v, TP_LPH_COUNT, count, strlen(count));
	put(&v, TP_LPH_TIME, when, tp_time_format_iso(k->time, when));
	put(&v, TP_LPH_CANDLES, d->table.p, d->table.len);
	put(&v, TP_LPH_FIELDS, d->fields.p, d->fields.len);
	put(&v, TP_LPH_POSITION, d->pos.p, d->pos.len);
	put(&v, TP_LPH_NEWS, d->news.p, d->news.len);
	if (tp_lprompt_fill(&d->tpl, &v, &d->sys, &d->user) < 0)
		return -1;
	tp_lprompt_hash(&d->sys, &d->user, d->hash);
	return 0;
}

/* ---- asking -------------------------------------------------------------------- */

/* The chat-completions request of model m, NUL-ended JSON (malloc'd). */
static char *
request(struct tp_ldec *d, const struct model *m)
{
	json_t *o, *msgs;
	char *s;

	msgs = json_pack("[{s:s, s:s%}, {s:s, s:s%}]", "role", "system",
	    "content", d->sys.p, d->sys.len, "role", "user", "content",
	    d->user.p, d->user.len);
	o = json_pack("{s:s, s:o, s:f, s:I}", "model", m->spec->model,
	    "messages", msgs, "temperature", m->spec->temperature,
	    "max_tokens", (json_int_t)m->spec->max_tokens);
	if (o != NULL && m->spec->json_format)
		json_object_set_new(o, "response_format",
		    json_pack("{s:s}", "type", "json_object"));
	s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return s;
}

static void
abstain(struct answer *a, const char *source, const char *why)
{
	a->source = source;
	a->ok = 0;
	snprintf(a->why, sizeof(a->why), "%s", why);
}

/* Answer k from the cache: 1 when kept there. */
static int
from_cache(struct tp_ldec *d, int k, struct tp_err *err)
{
	struct answer *a = &d->ans[k];
	int rc;

	if (!d->have_cache)
		return 0;
	rc = tp_lcache_get(&d->cache, d->m[k].spec->model, d->hash, &d->kept,
	    err);
	if (rc <= 0)
		return rc;
	a->source = "cache";
	a->ok = tp_lanswer_content(d->kept.content.p, d->kept.content.len,
	    &a->a, a->why, sizeof(a->why)) == 0;
	a->ms = d->kept.ms;
	a->ptok = d->kept.prompt_tokens;
	a->ctok = d->kept.completion_tokens;
	d->stats.cached++;
	return 1;
}

static void scrub(char *s, const char *key);

/* What call k brought back, read into answer k; a good body is kept. */
static int
read_call(struct tp_ldec *d, int k, struct tp_err *err)
{
	struct answer *a = &d->ans[k];
	struct tp_lcall *c = &d->calls[a->call];
	char why[300];
	int ok;

	a->source = "api";
	a->ms = c->ms;
	d->stats.requests++;
	if (!c->done) {
		d->stats.failures++;
		abstain(a, "api", c->why);
		return 0;
	}
	/* an endpoint that quotes the key back: never further */
	if (c->resp.p != NULL && d->m[k].key != NULL) {
		scrub(c->resp.p, d->m[k].key);
		c->resp.len = strlen(c->resp.p);
	}
	ok = tp_lanswer_parse(c->resp.p, c->resp.len, &a->a, why,
	    sizeof(why)) == 0;
	a->ptok = a->a.prompt_tokens;
	a->ctok = a->a.completion_tokens;
	if (c->status < 200 || c->status > 299) {
		d->stats.failures++;
		snprintf(a->why, sizeof(a->why), "HTTP %ld (%s)%s%s",
		    c->status, c->url, ok ? "" : ": ", ok ? "" : why);
		a->ok = 0;
		return 0;
	}
	a->ok = ok;
	if (!ok) {
		d->stats.failures++;
		snprintf(a->why, sizeof(a->why), "%s", why);
	}
	/* The model's text, good or not, replays to the same vote. */
	if (a->a.content == NULL || !d->have_cache)
		return 0;
	d->kept.content.len = 0;
	if (tp_buf_add(&d->kept.content, a->a.content,
	    strlen(a->a.content)) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	d->kept.prompt_tokens = a->ptok;
	d->kept.completion_tokens = a->ctok;
	d->kept.ms = a->ms;
	return tp_lcache_put(&d->cache, d->m[k].spec->model, d->hash,
	    &d->kept, tp_time_now_ms(), err);
}

/* Every model's answer to the prompt built: the cache's, or a call's. */
static int
ask(struct tp_ldec *d, struct tp_err *err)
{
	int k, n = 0, rc = 0;
	char *body;

	for (k = 0; k < d->nm; k++) {
		tp_lanswer_release(&d->ans[k].a);
		memset(&d->ans[k], 0, sizeof(d->ans[k]));
		d->ans[k].ms = d->ans[k].ptok = d->ans[k].ctok = -1;
		if ((rc = from_cache(d, k, err)) < 0)
			return -1;
		if (rc == 1)
			continue;
		if (d->o.offline) {
			d->stats.misses++;
			abstain(&d->ans[k], "offline", "not in the cache "
			    "(--offline)");
			continue;
		}
		d->calls[n].url = d->m[k].url;
		d->calls[n].key = d->m[k].key;
		d->calls[n].timeout_s = d->m[k].spec->timeout;
		if ((body = request(d, &d->m[k])) == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "cannot "
			    "make the request to %s (out of memory)",
			    d->m[k].spec->name);
		free((char *)d->calls[n].body);
		d->calls[n].body = body;
		d->ans[k].source = "api";
		d->ans[k].call = n++;
	}
	if (n == 0)
		return 0;
	if (tp_lcall_run(&d->multi, d->calls, n, err) < 0)
		return -1;
	for (k = 0; k < d->nm && rc >= 0; k++)
		if (d->ans[k].source != NULL && strcmp(d->ans[k].source,
		    "api") == 0)
			rc = read_call(d, k, err);
	return rc;
}

/* ---- deciding ------------------------------------------------------------------ */

/* An endpoint that quotes the key back in an error would have it
 * printed: never. */
static void
scrub(char *s, const char *key)
{
	char *p;
	size_t n = key != NULL ? strlen(key) : 0;

	/* a key of a few bytes would be found in any text: a real one is
	 * longer (and a short one is no secret worth the damage) */
	while (n >= 8 && (p = strstr(s, key)) != NULL) {
		memset(p, '*', 3);
		memmove(p + 3, p + n, strlen(p + n) + 1);
	}
}

static void
warn_abstain(struct tp_ldec *d, int k, const char *sym, int64_t t)
{
	struct model *m = &d->m[k];
	char msg[512], when[32];

	if (d->o.warn == NULL || strcmp(d->ans[k].source, "offline") == 0)
		return;
	scrub(d->ans[k].why, m->key);
	if (m->warned++ < 10)
		snprintf(msg, sizeof(msg), "llm model \"%s\" abstains on %s at "
		    "%s: %s", m->spec->name, sym, tp_time_format_minute(t,
		    when), d->ans[k].why);
	else if (m->warned == 11)
		snprintf(msg, sizeof(msg), "llm model \"%s\": more abstentions "
		    "are not shown (the llm_answer records say why)",
		    m->spec->name);
	else
		return;
	d->o.warn(d->o.ctx, msg);
}

/* The record's market fields, copied onto a record the decider makes. */
static void
market(struct tp_ldec *d, struct tp_recb *b, const struct tp_rec *rec)
{
	static const enum tp_candle_col cols[] = {
		TP_C_SYMBOL, TP_C_TIMEFRAME, TP_C_EXCHANGE
	};
	static const char *const names[] = { "symbol", "timeframe",
		"exchange" };
	char buf[128];
	size_t k;

	for (k = 0; k < 3; k++)
		if (tp_rec_find(rec, d->cc.id[cols[k]], -1) >= 0) {
			copy_text(d, rec, d->cc.id[cols[k]], buf, sizeof(buf),
			    "");
			tp_recb_text(b, names[k], buf);
		}
}

static void
recb_long(struct tp_recb *b, const char *name, long v)
{
	if (v < 0)
		tp_recb_text(b, name, NULL);
	else
		tp_recb_i64(b, name, v);
}

static int
emit(struct tp_ldec *d, struct tp_recb *b, struct tp_err *err)
{
	if (b->rc < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return d->o.emit(d->o.ctx, &d->out, err);
}

/* The cost of an answer in USD, NaN when unknown. */
static double
cost(const struct model *m, const struct answer *a)
{
	if (m->spec->price_in <= 0 && m->spec->price_out <= 0)
		return NAN;
	if (a->ptok < 0 || a->ctok < 0)
		return NAN;
	return ((double)a->ptok * m->spec->price_in + (double)a->ctok *
	    m->spec->price_out) / 1e6;
}

static int
emit_answers(struct tp_ldec *d, const struct tp_rec *rec, int64_t t,
    struct tp_err *err)
{
	struct tp_recb b;
	struct answer *a;
	int k;

	if (d->o.emit == NULL)
		return 0;
	if (strcmp(d->hash, d->last_hash) != 0) {
		tp_recb_begin(&b, d->names, &d->out, "llm_prompt", t,
		    d->st->name);
		market(d, &b, rec);
		tp_recb_text(&b, "prompt_hash", d->hash);
		tp_recb_text(&b, "system", d->sys.p);
		tp_recb_text(&b, "user", d->user.p);
		if (emit(d, &b, err) < 0)
			return -1;
		memcpy(d->last_hash, d->hash, sizeof(d->hash));
	}
	for (k = 0; k < d->nm; k++) {
		a = &d->ans[k];
		tp_recb_begin(&b, d->names, &d->out, "llm_answer", t,
		    d->st->name);
		market(d, &b, rec);
		tp_recb_text(&b, "model", d->m[k].spec->name);
		tp_recb_text(&b, "api_model", d->m[k].spec->model);
		tp_recb_text(&b, "prompt_hash", d->hash);
		tp_recb_text(&b, "decision", a->ok ?
		    tp_llm_dec_names[a->a.dec] : NULL);
		tp_recb_num(&b, "confidence", a->ok ? a->a.conf : NAN);
		tp_recb_num(&b, "sentiment", a->ok && a->a.has_sentiment ?
		    a->a.sentiment : NAN);
		tp_recb_text(&b, "reasoning", a->ok ? a->a.reasoning : NULL);
		recb_long(&b, "ms", a->ms);
		recb_long(&b, "prompt_tokens", a->ptok);
		recb_long(&b, "completion_tokens", a->ctok);
		tp_recb_num(&b, "cost", cost(&d->m[k], a));
		tp_recb_text(&b, "source", a->source);
		tp_recb_text(&b, "error", a->ok ? NULL : a->why);
		if (emit(d, &b, err) < 0)
			return -1;
	}
	return 0;
}

static int
emit_decision(struct tp_ldec *d, const struct tp_rec *rec, int64_t t,
    const struct tp_lvote_out *v, int action, int fallback,
    struct tp_err *err)
{
	struct tp_recb b;

	if (d->o.emit == NULL)
		return 0;
	tp_recb_begin(&b, d->names, &d->out, "llm_decision", t, d->st->name);
	market(d, &b, rec);
	tp_recb_text(&b, "decision", tp_llm_dec_names[v->dec]);
	tp_recb_num(&b, "confidence", v->conf);
	tp_recb_text(&b, "signal", action >= 0 ? tp_action_names[action] :
	    NULL);
	tp_recb_text(&b, "voting", tp_lvoting_names[d->spec->voting]);
	tp_recb_i64(&b, "answers", v->answered);
	tp_recb_i64(&b, "models", d->nm);
	tp_recb_text(&b, "prompt_hash", d->hash);
	tp_recb_i64(&b, "fallback", fallback);
	return emit(d, &b, err);
}

/* Each model's fields on the candle: its vote, or empty. */
static int
model_fields(struct tp_ldec *d, struct tp_rec *rec, int decided)
{
	char num[TP_NUM_BUFSZ];
	struct answer *a;
	const char *s;
	int k, rc = 0;

	for (k = 0; k < d->nm; k++) {
		a = &d->ans[k];
		if (!decided || !a->ok) {
			rc |= tp_rec_put(rec, d->m[k].dec_id, TP_ENC_NULL,
			    TP_LIT(""));
			rc |= tp_rec_put(rec, d->m[k].conf_id, TP_ENC_NULL,
			    TP_LIT(""));
		} else {
			s = tp_llm_dec_names[a->a.dec];
			rc |= tp_rec_put(rec, d->m[k].dec_id, TP_ENC_TEXT, s,
			    strlen(s));
			rc |= tp_rec_put(rec, d->m[k].conf_id, TP_ENC_NUM, num,
			    tp_num_format(a->a.conf, num));
		}
		if (!decided || a->ms < 0)
			rc |= tp_rec_put(rec, d->m[k].ms_id, TP_ENC_NULL,
			    TP_LIT(""));
		else
			rc |= tp_rec_put(rec, d->m[k].ms_id, TP_ENC_NUM, num,
			    (size_t)snprintf(num, sizeof(num), "%ld", a->ms));
	}
	return rc;
}

/* signal, confidence and tag "llm" for action (< 0: none). */
static int
signal_fields(struct tp_ldec *d, struct tp_rec *rec, int action, double conf)
{
	char num[TP_NUM_BUFSZ];
	int rc = 0;

	if (action < 0) {
		rc |= tp_rec_put(rec, d->signal_id, TP_ENC_NULL, TP_LIT(""));
		rc |= tp_rec_put(rec, d->confidence_id, TP_ENC_NULL,
		    TP_LIT(""));
		rc |= tp_rec_put(rec, d->tag_id, TP_ENC_NULL, TP_LIT(""));
		return rc;
	}
	rc |= tp_rec_put(rec, d->signal_id, TP_ENC_TEXT, tp_action_names[action],
	    strlen(tp_action_names[action]));
	rc |= tp_rec_put(rec, d->confidence_id, TP_ENC_NUM, num,
	    tp_num_format(conf, num));
	rc |= tp_rec_put(rec, d->tag_id, TP_ENC_TEXT, TP_LIT("llm"));
	return rc;
}

static int
decide(struct tp_ldec *d, struct tp_rec *rec, struct sym *s,
    const struct tp_candle *k, struct tp_err *err)
{
	struct tp_lvote_in in[16];
	struct tp_lvote_out v;
	char sym[128];
	int i, action, fallback = 0;

	if (build_prompt(d, rec, s, k) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (ask(d, err) < 0)
		return -1;
	d->stats.decisions++;
	copy_text(d, rec, d->cc.id[TP_C_SYMBOL], sym, sizeof(sym), "-");
	for (i = 0; i < d->nm; i++) {
		in[i] = (struct tp_lvote_in){ d->ans[i].ok, d->ans[i].a.dec,
		    d->ans[i].a.conf, d->m[i].spec->weight };
		if (!d->ans[i].ok) {
			d->stats.abstained++;
			warn_abstain(d, i, sym, k->time);
		}
	}
	tp_lvote((enum tp_lvote_mode)d->spec->voting, d->spec->min_conf,
	    d->spec->min_single, in, d->nm, &v);
	action = tp_lvote_action(v.dec, s->side, d->st->adjust_max > 0,
	    d->spec->can_short);
	if (v.answered == 0 && d->spec->fallback_rules)
		fallback = 1;	/* the rules' signal stays */
	if (emit_answers(d, rec, k->time, err) < 0 ||
	    emit_decision(d, rec, k->time, &v, fallback ? -1 : action,
	    fallback, err) < 0)
		return -1;
	if (model_fields(d, rec, 1) < 0 || (!fallback && signal_fields(d, rec,
	    action, v.conf) < 0))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

/* The candle into its symbol's table; whether its time decides. */
static int
add_candle(struct tp_ldec *d, struct tp_rec *rec, struct sym **sp,
    struct tp_candle *k, struct tp_err *err)
{
	const char *p;
	size_t n;
	struct sym *s;
	int canon;

	if (tp_candle_get(&d->cc, rec, k, &canon, err) < 0)
		return -1;
	text_of(d, rec, d->cc.id[TP_C_SYMBOL], &p, &n);
	if ((*sp = s = sym_of(d, p, n, err)) == NULL)
		return -1;
	if (k->time <= s->last)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "time %lld is not after the symbol's previous candle "
		    "(%lld): the LLM decider reads each symbol in time order",
		    (long long)k->time, (long long)s->last);
	s->last = k->time;
	if (format_row(d, rec, k, &s->rows[s->head]) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	s->head = (s->head + 1) % (int)d->spec->candles;
	if (s->count < d->spec->candles)
		s->count++;
	stream_position(d, rec, s);
	return k->time % d->spec->every_ms == 0 && k->time >= d->o.since;
}

int
tp_ldec_apply(struct tp_ldec *d, struct tp_rec *rec, int rules,
    struct tp_err *err)
{
	struct tp_candle k;
	struct sym *s;
	const char *p;
	size_t n;
	int due;

	if (!tp_rec_is_candle(rec, d->type_id, &d->type_at, &d->tmp)) {
		text_of(d, rec, d->type_id, &p, &n);
		return n == 4 && memcmp(p, "news", 4) == 0 ?
		    keep_news(d, rec, err) : 0;
	}
	if ((due = add_candle(d, rec, &s, &k, err)) < 0)
		return -1;
	if (due && decide(d, rec, s, &k, err) < 0)
		return -1;
	if (!due && (model_fields(d, rec, 0) < 0 || (!rules &&
	    signal_fields(d, rec, -1, 0) < 0)))
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	follow_signal(d, rec, s, &k);
	return 0;
}
