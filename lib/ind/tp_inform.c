/*
 * tp_inform.c: higher timeframes, other symbols and shifted copies as
 * fields (tp_inform.h).
 *
 * Per record, in tp_inds_apply() after the indicators: each higher
 * timeframe's bucket of the record's symbol takes the candle in, closes
 * when the candle closes it (or when a later bucket begins: a gap), and
 * the values of its last closed candle are appended.  Then, in
 * tp_inds_push(): the other symbols' fields (from a copy of their last
 * two rows: the latest whose candle has closed by this one's close is
 * used) and the shifts.  Memory: one bucket, one set of values and one
 * ring of shifted values a symbol, and, with other symbols, the rows of
 * one time.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_dec.h"
#include "core/tp_grow.h"
#include "core/tp_num.h"
#include "core/tp_time.h"
#include "ind/tp_inform.h"
#include "rec/tp_candle.h"

/* One symbol's candle of a higher timeframe, and the last closed one's
 * values. */
struct tf_sym {
	int inb;		/* a bucket is open */
	int have;		/* vals holds a closed candle's values */
	int64_t bstart;
	int64_t last;		/* the start of the last closed one */
	double o, h, l, c;
	struct tp_dec vol;
	struct tp_rec vals;	/* named with the suffix, in outid order */
};

/* A higher timeframe and the indicators on it. */
struct tf {
	int64_t ms;
	char suffix[32];	/* "_4h" */
	struct tp_inds in;	/* the indicators, over its candles */
	int *outid, nout;	/* the fields written, suffixed */
	struct tf_sym *sym;	/* by symbol id */
	int nsym;
};

/* A field read from one symbol and written as another name. */
struct item {
	int src, out;
	int at;			/* where src was last, a hint */
	int found;		/* a row had src */
};

/* --from SYMBOL: the fields taken, and the symbol's last two rows. */
struct from {
	char *symbol;
	struct item *v;
	int n, cap;
	int seen;
	int nslot, cur;		/* slots filled; the latest */
	struct tp_rec slot[2];	/* its fields, named out, in v order */
	int64_t time[2];	/* each slot's candle's time */
	int64_t close[2];	/* and when it closed */
};

/* --shift N WHAT: fields out[0..n) are WHAT n rows back. */
struct shift {
	struct item it;		/* it.out unused */
	int n, *out;
	size_t base;		/* its ring's offset in a symbol's values */
};

/* One value kept for a shift. */
struct val {
	unsigned char enc;
	char *p;
	size_t n, cap;
};

/* What is kept of a symbol. */
struct xsym {
	int64_t tf;		/* its candles' timeframe, ms; 0 unknown */
	int looked;		/* tf was looked for */
	struct val *ring;	/* the shifts' values, nval of them */
	int *head, *count;	/* a shift's newest slot, and how many */
};

/* A row waiting for the other rows of its time. */
struct hold {
	struct tp_rec rec;
	int sym, replace, nev;
	int64_t close;
	struct tp_event ev[TP_IND_MAXOUT];
};

/* The candle of time t in rec, as the higher timeframes take it. */
struct bar {
	int64_t t;
	double o, h, l, c, v;
	const char *vp;		/* the volume's text */
	size_t vn;
};

struct tp_inform {
	int64_t base_tf;
	struct tp_candle_cols cols;
	int has_cols;
	struct tf *tf;
	int ntf;
	struct from *from;
	int nfrom;
	struct shift *sh;
	int nsh;
	size_t nval;		/* values a symbol keeps for shifts */
	struct xsym *sym;
	int nsym;
	/* The last record tp_inds_apply() did. */
	int last_sym;
	int64_t last_time, last_close;
	struct bar bar;		/* its candle, for the higher timeframes */
	/* Rows: ready ones [rd, nready), held ones [nready, nq). */
	struct hold *q;
	int nq, qcap, rd, nready;
	int64_t qtime;		/* the held rows' time, once qset */
	int qset;
	struct tp_rec *single;	/* without other symbols: the row */
	struct tp_rec cand;	/* a higher candle, for its indicators */
	struct tp_buf tmp;
	struct tp_buf vol;	/* the bar's volume text */
};

/* ---- set-up ---------------------------------------------------------------- */

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

static struct tp_inform *
inform_of(struct tp_inds *s, struct tp_err *err)
{
	if (s->inf == NULL && (s->inf = calloc(1, sizeof(*s->inf))) == NULL)
		oom(err);
	else if (!s->inf->has_cols) {
		if (tp_candle_cols_init(&s->inf->cols, s->names, TP_UNIT_MS,
		    err) < 0)
			return NULL;
		s->inf->has_cols = 1;
		s->inf->last_sym = -1;
		tp_rec_init(&s->inf->cand);
	}
	return s->inf;
}

void
tp_inform_base_tf(struct tp_inds *s, int64_t ms)
{
	struct tp_err err = TP_ERR_INIT;

	if (inform_of(s, &err) != NULL)
		s->inf->base_tf = ms;
}

/* Intern a + b and claim it as written; a clash says hint.  The id, or
 * -1 with err set. */
static int
claim(struct tp_inds *s, const char *a, const char *b, const char *what,
    const char *hint, struct tp_err *err)
{
	char name[512];
	int n = snprintf(name, sizeof(name), "%s%s", a, b), id, rc;

	if (n < 0 || (size_t)n >= sizeof(name))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "%s: field name too "
		    "long", what);
	id = tp_names_intern(s->names, name, (size_t)n);
	if (id < 0)
		return tp_names_fail(id, "field names", NULL, 0, err);
	rc = tp_inds_claim(s, id);
	if (rc < 0)
		return oom(err);
	if (rc > 0)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "%s: \"%s\" is "
		    "written twice: %s", what, name, hint);
	return id;
}

static struct tf *
tf_of(struct tp_inform *x, int64_t ms, struct tp_inds *s, struct tp_err *err)
{
	struct tf *t;
	char buf[24];
	int i;

	for (i = 0; i < x->ntf; i++)
		if (x->tf[i].ms == ms)
			return &x->tf[i];
	t = realloc(x->tf, (size_t)(x->ntf + 1) * sizeof(*t));
	if (t == NULL) {
		oom(err);
		return NULL;
	}
	x->tf = t;
	t = &x->tf[x->ntf++];
	memset(t, 0, sizeof(*t));
	t->ms = ms;
	tp_time_tf_format(ms, buf);
	snprintf(t->suffix, sizeof(t->suffix), "_%s", buf);
	tp_inds_init(&t->in, s->names);
	/* Its events become fields, named as the others. */
	t->in.events_as_fields = 1;
	return t;
}

int
tp_inform_tf(struct tp_inds *s, int64_t tf, const char *spec,
    const char *alias, const char *const fields[TP_IN_N],
    struct tp_err *err)
{
	struct tp_inform *x = inform_of(s, err);
	const struct tp_ind_inst *in;
	struct tp_inds probe;
	struct tf *t;
	int k, id, *v, rc;

	(void)fields;
	if (x == NULL || (t = tf_of(x, tf, s, err)) == NULL)
		return -1;
	/* The suffixed names first, so that a clash names them. */
	tp_inds_init(&probe, s->names);
	rc = tp_inds_add(&probe, spec, alias, NULL, err);
	in = rc == 0 ? &probe.v[0] : NULL;
	v = rc == 0 ? realloc(t->outid, (size_t)(t->nout + in->def->nout) *
	    sizeof(*v)) : NULL;
	if (rc == 0 && v == NULL)
		rc = oom(err);
	if (v != NULL)
		t->outid = v;
	for (k = 0; rc == 0 && k < in->def->nout; k++) {
		id = claim(s, s->names->v[in->outid[k]].s, t->suffix, spec,
		    "give one of them other parameters or a name (ALIAS=SPEC)",
		    err);
		if (id < 0)
			rc = -1;
		else
			t->outid[t->nout++] = id;
	}
	tp_inds_release(&probe);
	/* Its candles are made of open, high, low, close, volume. */
	return rc < 0 ? -1 : tp_inds_add(&t->in, spec, alias, NULL, err);
}

/* A WHAT that is an indicator spec rather than a field name. */
static int
is_spec(const char *what)
{
	size_t n = strcspn(what, ":@=");
	char name[64];

	if (what[n] != '\0')
		return 1;
	if (n >= sizeof(name))
		return 0;
	memcpy(name, what, n + 1);
	return tp_ind_find(name) != NULL;
}

/*
 * The fields WHAT stands for into ids[0..*n): its own name, or a spec's
 * outputs (the spec added to s unless an indicator there writes them).
 */
static int
what_ids(struct tp_inds *s, const char *what,
    const char *const fields[TP_IN_N], int *ids, int *n, struct tp_err *err)
{
	struct tp_inds probe;
	const struct tp_ind_inst *in;
	int i, k, found = 0;

	if (!is_spec(what)) {
		ids[0] = tp_names_intern(s->names, what, strlen(what));
		*n = 1;
		return ids[0] < 0 ? tp_names_fail(ids[0], "field names", NULL,
		    0, err) : 0;
	}
	tp_inds_init(&probe, s->names);
	if (tp_inds_add(&probe, what, NULL, fields, err) < 0) {
		tp_inds_release(&probe);
		return -1;
	}
	in = &probe.v[0];
	*n = in->def->nout;
	for (k = 0; k < *n; k++)
		ids[k] = in->outid[k];
	/* The same indicator on the same inputs is there already; another
	 * writing its names is refused by tp_inds_add(). */
	for (i = 0; i < s->n && !found; i++)
		found = s->v[i].outid[0] == ids[0] && s->v[i].def == in->def &&
		    memcmp(s->v[i].p, in->p, sizeof(in->p)) == 0 &&
		    memcmp(s->v[i].src, in->src, sizeof(in->src)) == 0;
	tp_inds_release(&probe);
	return found ? 0 : tp_inds_add(s, what, NULL, fields, err);
}

/* The field-name form of a symbol: BTC/USDT -> btc_usdt. */
static void
sym_prefix(const char *sym, char *out, size_t cap)
{
	size_t i;

	for (i = 0; sym[i] != '\0' && i + 1 < cap; i++)
		out[i] = isalnum((unsigned char)sym[i]) ?
		    (char)tolower((unsigned char)sym[i]) : '_';
	out[i] = '\0';
}

static struct from *
from_of(struct tp_inform *x, const char *symbol, struct tp_err *err)
{
	struct from *f;
	int i;

	for (i = 0; i < x->nfrom; i++)
		if (strcmp(x->from[i].symbol, symbol) == 0)
			return &x->from[i];
	f = realloc(x->from, (size_t)(x->nfrom + 1) * sizeof(*f));
	if (f == NULL) {
		oom(err);
		return NULL;
	}
	x->from = f;
	f = &x->from[x->nfrom];
	memset(f, 0, sizeof(*f));
	if ((f->symbol = strdup(symbol)) == NULL) {
		oom(err);
		return NULL;
	}
	tp_rec_init(&f->slot[0]);
	tp_rec_init(&f->slot[1]);
	x->nfrom++;
	return f;
}

int
tp_inform_from(struct tp_inds *s, const char *symbol, const char *what,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	struct tp_inform *x = inform_of(s, err);
	struct from *f;
	struct item *it;
	char pre[128];
	int ids[TP_IND_MAXOUT], n, k, id;

	if (x == NULL)
		return -1;
	if (*symbol == '\0')
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--from: an empty "
		    "symbol");
	if (x->nsym > 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "--from after "
		    "the first record");
	if (what_ids(s, what, fields, ids, &n, err) < 0 ||
	    (f = from_of(x, symbol, err)) == NULL)
		return -1;
	sym_prefix(symbol, pre, sizeof(pre) - 1);
	strcat(pre, "_");
	for (k = 0; k < n; k++) {
		id = claim(s, pre, s->names->v[ids[k]].s, what, "give each "
		    "field of a symbol once", err);
		if (id < 0)
			return -1;
		if ((it = tp_grow(f->v, &f->cap, f->n + 1, sizeof(*it))) ==
		    NULL)
			return oom(err);
		f->v = it;
		it = &f->v[f->n++];
		memset(it, 0, sizeof(*it));
		it->src = ids[k];
		it->out = id;
		it->at = -1;
	}
	return 0;
}

int
tp_inform_shift(struct tp_inds *s, const char *what, int n,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	struct tp_inform *x = inform_of(s, err);
	struct shift *sh;
	char num[32];
	int ids[TP_IND_MAXOUT], nid, i, k, id;

	if (x == NULL)
		return -1;
	if (n < 1 || n > 1000)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--shift %d: "
		    "expected 1 to 1000 rows", n);
	if (x->nsym > 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "--shift after "
		    "the first record");
	if (what_ids(s, what, fields, ids, &nid, err) < 0)
		return -1;
	for (i = 0; i < nid; i++) {
		sh = realloc(x->sh, (size_t)(x->nsh + 1) * sizeof(*sh));
		if (sh == NULL)
			return oom(err);
		x->sh = sh;
		sh = &x->sh[x->nsh];
		memset(sh, 0, sizeof(*sh));
		sh->it.src = ids[i];
		sh->it.at = -1;
		sh->n = n;
		sh->base = x->nval;
		if ((sh->out = malloc((size_t)n * sizeof(int))) == NULL)
			return oom(err);
		for (k = 0; k < n; k++) {
			snprintf(num, sizeof(num), "_shift_%d", k + 1);
			id = claim(s, s->names->v[ids[i]].s, num, what, "give "
			    "each field one --shift", err);
			if (id < 0) {
				free(sh->out);
				return -1;
			}
			sh->out[k] = id;
		}
		x->nsh++;
		x->nval += (size_t)n;
	}
	return 0;
}

int
tp_inform_symbols(const struct tp_inds *s)
{
	return s->inf != NULL ? s->inf->nfrom : 0;
}

const char *
tp_inform_unseen(const struct tp_inds *s, int i)
{
	int k;

	for (k = 0; s->inf != NULL && k < s->inf->nfrom; k++)
		if (!s->inf->from[k].seen && i-- == 0)
			return s->inf->from[k].symbol;
	return NULL;
}

const char *
tp_inform_unfound(const struct tp_inds *s, int i, const char **symbol)
{
	const struct tp_inform *x = s->inf;
	int k, j;

	for (k = 0; x != NULL && k < x->nfrom; k++)
		for (j = 0; x->from[k].seen && j < x->from[k].n; j++)
			if (!x->from[k].v[j].found && i-- == 0) {
				*symbol = x->from[k].symbol;
				return s->names->v[x->from[k].v[j].src].s;
			}
	for (k = 0; x != NULL && k < x->nsh; k++)
		if (!x->sh[k].it.found && i-- == 0) {
			*symbol = NULL;
			return s->names->v[x->sh[k].it.src].s;
		}
	return NULL;
}

int
tp_inform_outputs(const struct tp_inds *s, int *ids, int cap, int n)
{
	const struct tp_inform *x = s->inf;
	int i, k;

	for (i = 0; x != NULL && i < x->ntf; i++)
		for (k = 0; k < x->tf[i].nout; k++, n++)
			if (n < cap)
				ids[n] = x->tf[i].outid[k];
	for (i = 0; x != NULL && i < x->nfrom; i++)
		for (k = 0; k < x->from[i].n; k++, n++)
			if (n < cap)
				ids[n] = x->from[i].v[k].out;
	for (i = 0; x != NULL && i < x->nsh; i++)
		for (k = 0; k < x->sh[i].n; k++, n++)
			if (n < cap)
				ids[n] = x->sh[i].out[k];
	return n;
}

static void
xsym_release(struct tp_inform *x, struct xsym *y)
{
	size_t i;

	for (i = 0; y->ring != NULL && i < x->nval; i++)
		free(y->ring[i].p);
	free(y->ring);
	free(y->head);
	free(y->count);
}

void
tp_inform_free(struct tp_inform *x)
{
	int i, k;

	if (x == NULL)
		return;
	for (i = 0; i < x->ntf; i++) {
		for (k = 0; k < x->tf[i].nsym; k++)
			tp_rec_release(&x->tf[i].sym[k].vals);
		free(x->tf[i].sym);
		free(x->tf[i].outid);
		tp_inds_release(&x->tf[i].in);
	}
	for (i = 0; i < x->nfrom; i++) {
		free(x->from[i].symbol);
		free(x->from[i].v);
		tp_rec_release(&x->from[i].slot[0]);
		tp_rec_release(&x->from[i].slot[1]);
	}
	for (i = 0; i < x->nsh; i++)
		free(x->sh[i].out);
	for (i = 0; i < x->nsym; i++)
		xsym_release(x, &x->sym[i]);
	for (i = 0; i < x->qcap; i++)
		tp_rec_release(&x->q[i].rec);
	free(x->q);
	free(x->tf);
	free(x->from);
	free(x->sh);
	free(x->sym);
	tp_rec_release(&x->cand);
	tp_buf_release(&x->tmp);
	tp_buf_release(&x->vol);
	free(x);
}

/* ---- a symbol -------------------------------------------------------------- */

/* Room for symbol id's state in x and every timeframe. */
static int
grow_syms(struct tp_inds *s, struct tp_inform *x, int id, struct tp_err *err)
{
	struct xsym *y;
	struct tf_sym *ts;
	const char *name = s->syms.v[id].s;
	int i, k;

	if (id < x->nsym)
		return 0;
	if ((y = realloc(x->sym, (size_t)(id + 1) * sizeof(*y))) == NULL)
		return oom(err);
	x->sym = y;
	for (k = x->nsym; k <= id; k++) {
		memset(&x->sym[k], 0, sizeof(x->sym[k]));
		if (x->nsh > 0 && ((x->sym[k].ring = calloc(x->nval,
		    sizeof(struct val))) == NULL ||
		    (x->sym[k].head = calloc((size_t)x->nsh, sizeof(int))) ==
		    NULL || (x->sym[k].count = calloc((size_t)x->nsh,
		    sizeof(int))) == NULL)) {
			x->nsym = k + 1;
			return oom(err);
		}
	}
	x->nsym = id + 1;
	for (i = 0; i < x->ntf; i++) {
		ts = realloc(x->tf[i].sym, (size_t)(id + 1) * sizeof(*ts));
		if (ts == NULL)
			return oom(err);
		x->tf[i].sym = ts;
		for (k = x->tf[i].nsym; k <= id; k++) {
			memset(&ts[k], 0, sizeof(ts[k]));
			tp_rec_init(&ts[k].vals);
		}
		x->tf[i].nsym = id + 1;
	}
	for (i = 0; i < x->nfrom; i++)
		if (strcmp(x->from[i].symbol, name) == 0)
			x->from[i].seen = 1;
	return 0;
}

/* The timeframe of symbol y's candles, from rec's field or --base-tf,
 * checked against the higher timeframes once. */
static int
base_tf(struct tp_inds *s, struct tp_inform *x, struct xsym *y,
    const struct tp_rec *rec, struct tp_err *err)
{
	char a[24], b[24];
	int i;

	if (y->looked)
		return 0;
	y->looked = 1;
	y->tf = tp_candle_tf(&x->cols, rec, &x->tmp);
	if (y->tf <= 0)
		y->tf = x->base_tf;
	if (y->tf <= 0 && x->ntf > 0)
		return tp_errf(err, TP_EX_USAGE, rec->file, rec->line, "the "
		    "candles' timeframe is unknown, and --tf %s needs it: give "
		    "it with --base-tf (or a \"timeframe\" field)",
		    x->tf[0].suffix + 1);
	for (i = 0; i < x->ntf; i++)
		if (x->tf[i].ms < y->tf || x->tf[i].ms % y->tf != 0) {
			tp_time_tf_format(y->tf, b);
			tp_time_tf_format(x->tf[i].ms, a);
			return tp_errf(err, TP_EX_USAGE, rec->file, rec->line,
			    "--tf %s: %s candles%s%s do not make %s ones (a "
			    "higher timeframe must be a whole multiple of the "
			    "base one)", a, b, s->syms.v[s->last_id].n ?
			    " of " : "", s->syms.v[s->last_id].s, a);
		}
	return 0;
}

/* ---- higher timeframes ----------------------------------------------------- */

/* The closed candle of ts goes through t's indicators; their values are
 * kept, suffixed, for the rows to come. */
static int
close_bucket(struct tp_inds *s, struct tp_inform *x, struct tf *t,
    struct tf_sym *ts, const struct tp_rec *rec, struct tp_err *err)
{
	struct tp_rec *c = &x->cand;
	char vol[TP_NUM_BUFSZ + 32];
	size_t vn = tp_dec_format(&ts->vol, vol, sizeof(vol));
	int i, first, rc;

	ts->inb = 0;
	ts->last = ts->bstart;
	tp_rec_clear(c);
	c->file = rec->file;
	c->line = rec->line;
	rc = tp_rec_add_i64(c, x->cols.id[TP_C_TIME], ts->bstart) < 0 ||
	    tp_rec_add_num(c, x->cols.id[TP_C_OPEN], ts->o) < 0 ||
	    tp_rec_add_num(c, x->cols.id[TP_C_HIGH], ts->h) < 0 ||
	    tp_rec_add_num(c, x->cols.id[TP_C_LOW], ts->l) < 0 ||
	    tp_rec_add_num(c, x->cols.id[TP_C_CLOSE], ts->c) < 0 ||
	    tp_rec_add(c, x->cols.id[TP_C_VOLUME], TP_ENC_NUM, vol, vn) < 0;
	i = tp_rec_find(rec, s->symbol_id, s->sym_at);
	if (!rc && i >= 0)
		rc = tp_rec_add(c, s->symbol_id, rec->f[i].enc, rec->f[i].p,
		    rec->f[i].n) < 0;
	if (rc)
		return oom(err);
	first = c->nf;
	if (tp_inds_apply(&t->in, c, err) < 0)
		return -1;
	if (c->nf - first != t->nout)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "--tf %s: %d "
		    "values for %d fields", t->suffix + 1, c->nf - first,
		    t->nout);
	tp_rec_clear(&ts->vals);
	for (i = first; i < c->nf; i++)
		if (tp_rec_add(&ts->vals, t->outid[i - first], c->f[i].enc,
		    c->f[i].p, c->f[i].n) < 0)
			return oom(err);
	ts->have = 1;
	return 0;
}

/* Field k of rec's candle as a number, parsed once for every indicator
 * and timeframe that reads it (the input cache of tp_ind.c). */
static int
num(struct tp_inds *s, struct tp_inform *x, const struct tp_rec *rec,
    enum tp_candle_col k, double *v, struct tp_err *err)
{
	static const char *const name[] = { "time", "open", "high", "low",
	    "close", "volume" };
	int i = tp_candle_col(&x->cols, rec, k), rc;

	if (i >= 0 && i < 64 && s->cache_gen[i] == s->gen) {
		*v = s->cache[i];
		return isnan(*v) ? tp_errf(err, TP_EX_DATAERR, rec->file,
		    rec->line, "field \"%s\" is empty: --tf makes candles "
		    "of it", name[k]) : 0;
	}
	if (i < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"%s\": --tf makes candles of it", name[k]);
	if ((rc = tp_field_num(rec, &rec->f[i], s->names, v, err)) < 0)
		return -1;
	if (rc > 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"%s\" is empty: --tf makes candles of it",
		    name[k]);
	if (i < 64) {
		s->cache[i] = *v;
		s->cache_gen[i] = s->gen;
	}
	return 0;
}


/* Whether the bar of time t begins a bucket of a higher timeframe of
 * symbol id: only then is its open read. */
static int
opens(const struct tp_inform *x, int id, int64_t t)
{
	const struct tf_sym *ts;
	int i;

	for (i = 0; i < x->ntf; i++) {
		ts = &x->tf[i].sym[id];
		if (!ts->inb || tp_time_tf_floor(t, x->tf[i].ms) != ts->bstart)
			return 1;
	}
	return 0;
}

/* Everything of rec that the higher timeframes take, read before any
 * state changes, so that a bad record (skipped) changes none. */
static int
read_bar(struct tp_inds *s, struct tp_inform *x, const struct tp_rec *rec,
    struct bar *k, struct tp_err *err)
{
	const struct tp_field *f;
	int isnull, i;

	if ((opens(x, x->last_sym, k->t) &&
	    num(s, x, rec, TP_C_OPEN, &k->o, err) < 0) ||
	    num(s, x, rec, TP_C_HIGH, &k->h, err) < 0 ||
	    num(s, x, rec, TP_C_LOW, &k->l, err) < 0 ||
	    num(s, x, rec, TP_C_CLOSE, &k->c, err) < 0)
		return -1;
	/* The volume is summed as decimals, read from its text. */
	if ((i = tp_candle_col(&x->cols, rec, TP_C_VOLUME)) < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"volume\": --tf makes candles of it");
	f = &rec->f[i];
	if (tp_field_text(f, &x->tmp, &k->vp, &k->vn, &isnull) < 0 || isnull)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"volume\" is %s: --tf makes candles of it",
		    isnull ? "empty" : "not valid text");
	if (tp_dec_value(k->vp, k->vn, &k->v) < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"volume\" is not a number: \"%.*s\"",
		    (int)(k->vn < 40 ? k->vn : 40), k->vp);
	/* A copy: the indicators' fields may move the record's bytes. */
	x->vol.len = 0;
	if (tp_buf_add(&x->vol, k->vp, k->vn) < 0)
		return oom(err);
	k->vp = x->vol.p;
	return 0;
}

/* A bucket that closed begins again: the candles are not the length
 * the program was told, or their times are not in milliseconds. */
static int
reopened(const struct tf *t, int64_t b, int64_t base,
    const struct tp_rec *rec, struct tp_err *err)
{
	char when[TP_TIME_MSGSZ], tf[24], bt[24];

	tp_time_tf_format(t->ms, tf);
	tp_time_tf_format(base, bt);
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "--tf %s: "
	    "this candle falls in the %s candle of %s, closed already: are "
	    "the candles really %s long (their timeframe field or --base-tf), "
	    "and their times Unix milliseconds?", tf, tf, tp_time_msg(b,
	    when), bt);
}

/* The bar k into t's bucket of its symbol; the bucket closes when k's
 * own close reaches the bucket's, or was closed by a later bucket's
 * first candle (missing candles at its end). */
static int
tf_candle(struct tp_inds *s, struct tp_inform *x, struct tf *t,
    struct tf_sym *ts, int64_t base, struct bar *k,
    const struct tp_rec *rec, struct tp_err *err)
{
	int64_t b = tp_time_tf_floor(k->t, t->ms);
	int first = !ts->inb || b != ts->bstart;

	if (ts->inb && b != ts->bstart &&
	    close_bucket(s, x, t, ts, rec, err) < 0)
		return -1;
	if (first && ts->have && b <= ts->last)
		return reopened(t, b, base, rec, err);
	if (first) {
		ts->inb = 1;
		ts->bstart = b;
		ts->o = k->o;
		ts->h = k->h;
		ts->l = k->l;
	}
	if (k->h > ts->h)
		ts->h = k->h;
	if (k->l < ts->l)
		ts->l = k->l;
	ts->c = k->c;
	tp_dec_add(&ts->vol, k->vp, k->vn, k->v, first);
	if (k->t + base >= b + t->ms)
		return close_bucket(s, x, t, ts, rec, err);
	return 0;
}

/* Append the values of t's last closed candle of the symbol, or nulls:
 * by reference, as they change only when a later row closes a candle,
 * and a row is written, or copied to be held, before that. */
static int
tf_attach(const struct tf *t, const struct tf_sym *ts, struct tp_rec *rec)
{
	int i, rc = 0;

	for (i = 0; i < t->nout && rc == 0; i++)
		rc = ts->have ? tp_rec_add_ref(rec, ts->vals.f[i].name,
		    ts->vals.f[i].enc, ts->vals.f[i].p, ts->vals.f[i].n) :
		    tp_rec_add(rec, t->outid[i], TP_ENC_NULL, TP_LIT(""));
	return rc;
}

int
tp_inform_begin(struct tp_inds *s, const struct tp_rec *rec, int64_t time,
    struct tp_err *err)
{
	struct tp_inform *x = s->inf;
	struct xsym *y;
	int id = s->last_id;

	if (grow_syms(s, x, id, err) < 0)
		return -1;
	y = &x->sym[id];
	if (base_tf(s, x, y, rec, err) < 0)
		return -1;
	if (x->nfrom > 0 && time == TP_TIME_NONE)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"time\" (--from needs it)");
	if (x->nfrom > 0 && x->qset && time < x->qtime)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "a "
		    "candle of an earlier time than the one before: with "
		    "--from, symbols must be merged by time (give the files "
		    "as operands, or tp-fetch fix --sort)");
	x->last_sym = id;
	x->last_time = time;
	x->last_close = time == TP_TIME_NONE ? time : time + y->tf;
	if (x->ntf == 0)
		return 0;
	if (time == TP_TIME_NONE)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "no "
		    "field \"time\": --tf makes candles of it");
	x->bar.t = time;
	return read_bar(s, x, rec, &x->bar, err);
}

int
tp_inform_apply(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err)
{
	struct tp_inform *x = s->inf;
	int i, id = x->last_sym, first = rec->nf;

	for (i = 0; i < x->ntf; i++)
		if (tf_candle(s, x, &x->tf[i], &x->tf[i].sym[id],
		    x->sym[id].tf, &x->bar, rec, err) < 0)
			return -1;
	for (i = 0; i < x->ntf; i++)
		if (tf_attach(&x->tf[i], &x->tf[i].sym[id], rec) < 0)
			return oom(err);
	if (x->ntf > 0 && s->replace)
		tp_inds_replace(s, rec, first);
	return 0;
}

/* ---- other symbols and shifts ---------------------------------------------- */

/* Keep rec's fields that f takes: rec is a row of f's symbol. */
static int
from_keep(struct from *f, const struct tp_rec *rec, int64_t time,
    int64_t close)
{
	struct tp_rec *r;
	struct item *it;
	int i, k, rc = 0;

	f->cur = f->nslot == 0 ? 0 : 1 - f->cur;
	if (f->nslot < 2)
		f->nslot++;
	r = &f->slot[f->cur];
	f->time[f->cur] = time;
	f->close[f->cur] = close;
	tp_rec_clear(r);
	for (i = 0; i < f->n && rc == 0; i++) {
		it = &f->v[i];
		k = tp_rec_find(rec, it->src, it->at);
		if (k >= 0) {
			it->at = k;
			it->found = 1;
			rc = tp_rec_add(r, it->out, rec->f[k].enc, rec->f[k].p,
			    rec->f[k].n);
		} else
			rc = tp_rec_add(r, it->out, TP_ENC_NULL, TP_LIT(""));
	}
	return rc;
}

/* Append each other symbol's latest values whose candle closed by close
 * (the other slot is older still, so it is the one when this is not). */
static int
from_attach(struct tp_inform *x, struct tp_rec *rec, int64_t close)
{
	const struct from *f;
	const struct tp_rec *r;
	int i, k, s, rc = 0;

	for (i = 0; i < x->nfrom; i++) {
		f = &x->from[i];
		r = NULL;
		for (k = 0; k < f->nslot && r == NULL; k++) {
			s = k == 0 ? f->cur : 1 - f->cur;
			if (f->close[s] <= close)
				r = &f->slot[s];
		}
		for (k = 0; k < f->n && rc == 0; k++)
			rc = r != NULL ? tp_rec_add(rec, r->f[k].name,
			    r->f[k].enc, r->f[k].p, r->f[k].n) :
			    tp_rec_add(rec, f->v[k].out, TP_ENC_NULL,
			    TP_LIT(""));
	}
	return rc;
}

static int
val_set(struct val *v, const struct tp_field *f)
{
	char *p;

	if (f == NULL) {
		v->enc = TP_ENC_NULL;
		v->n = 0;
		return 0;
	}
	if (f->n > v->cap) {
		if ((p = realloc(v->p, f->n)) == NULL)
			return -1;
		v->p = p;
		v->cap = f->n;
	}
	if (f->n > 0)	/* an empty field: v->p may still be NULL */
		memcpy(v->p, f->p, f->n);
	v->n = f->n;
	v->enc = f->enc;
	return 0;
}

/* Append each shift's values of the symbol's previous rows, then keep
 * this row's. */
static int
shift_attach(struct tp_inform *x, struct xsym *y, struct tp_rec *rec)
{
	struct shift *sh;
	struct val *ring, *v;
	int i, k, j, rc = 0;

	for (i = 0; i < x->nsh && rc == 0; i++) {
		sh = &x->sh[i];
		ring = y->ring + sh->base;
		for (k = 0; k < sh->n && rc == 0; k++) {
			j = (y->head[i] - k + sh->n) % sh->n;
			v = &ring[j];
			rc = k < y->count[i] ? tp_rec_add(rec, sh->out[k],
			    (enum tp_enc)v->enc, v->p, v->n) :
			    tp_rec_add(rec, sh->out[k], TP_ENC_NULL,
			    TP_LIT(""));
		}
	}
	/* After all of them: a shift may be of another shift's field. */
	for (i = 0; i < x->nsh && rc == 0; i++) {
		sh = &x->sh[i];
		k = tp_rec_find(rec, sh->it.src, sh->it.at);
		if (k >= 0) {
			sh->it.at = k;
			sh->it.found = 1;
		}
		y->head[i] = (y->head[i] + 1) % sh->n;
		if (y->count[i] < sh->n)
			y->count[i]++;
		rc = val_set(&y->ring[sh->base + (size_t)y->head[i]],
		    k >= 0 ? &rec->f[k] : NULL);
	}
	return rc;
}

/* The fields that come after the row's own time group is known. */
static int
join(struct tp_inds *s, struct tp_inform *x, struct tp_rec *rec, int sym,
    int64_t close, int replace, struct tp_err *err)
{
	int first = rec->nf;

	if (from_attach(x, rec, close) < 0 ||
	    (x->nsh > 0 && shift_attach(x, &x->sym[sym], rec) < 0))
		return oom(err);
	if (replace)
		tp_inds_replace(s, rec, first);
	return 0;
}

/* ---- the queue ------------------------------------------------------------- */

/* The held rows are ready now, joined with what is known. */
static int
release(struct tp_inds *s, struct tp_inform *x, struct tp_err *err)
{
	struct hold *h;

	for (; x->nready < x->nq; x->nready++) {
		h = &x->q[x->nready];
		if (join(s, x, &h->rec, h->sym, h->close, h->replace, err) <
		    0)
			return -1;
	}
	return 0;
}

/* Whether every other symbol has its row of time t: no held row can
 * gain anything by waiting. */
static int
all_in(const struct tp_inform *x, int64_t time)
{
	int i;

	for (i = 0; i < x->nfrom; i++)
		if (x->from[i].nslot == 0 ||
		    x->from[i].time[x->from[i].cur] < time)
			return 0;
	return 1;
}

/* The rows given out are done with (all popped): the held ones move to
 * the front, so that the queue holds one time's rows, not the stream. */
static void
compact(struct tp_inform *x)
{
	struct hold tmp;
	int i;

	if (x->rd < x->nready || x->rd == 0)
		return;
	for (i = x->rd; i < x->nq; i++) {
		tmp = x->q[i - x->rd];
		x->q[i - x->rd] = x->q[i];
		x->q[i] = tmp;
	}
	x->nq -= x->rd;
	x->nready = x->rd = 0;
}

/* A slot for one more held row. */
static struct hold *
hold_slot(struct tp_inform *x)
{
	struct hold *q;
	int i;

	if (x->nq == x->qcap) {
		q = realloc(x->q, (size_t)(x->qcap * 2 + 4) * sizeof(*q));
		if (q == NULL)
			return NULL;
		x->q = q;
		for (i = x->qcap; i < x->qcap * 2 + 4; i++)
			tp_rec_init(&x->q[i].rec);
		x->qcap = x->qcap * 2 + 4;
	}
	return &x->q[x->nq++];
}

int
tp_inform_push(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err)
{
	struct tp_inform *x = s->inf;
	struct hold *h;
	int64_t time, close;
	int i, sym;

	x->single = NULL;
	compact(x);
	if (tp_inds_apply(s, rec, err) < 0)
		return -1;
	sym = x->last_sym;
	time = x->last_time;
	close = x->last_close;
	if (x->nfrom == 0) {
		if (join(s, x, rec, sym, close, s->replace, err) < 0)
			return -1;
		x->single = rec;
		return 0;
	}
	if (x->qset && time > x->qtime && release(s, x, err) < 0)
		return -1;
	for (i = 0; i < x->nfrom; i++)
		if (strcmp(x->from[i].symbol, s->syms.v[sym].s) == 0 &&
		    from_keep(&x->from[i], rec, time, close) < 0)
			return oom(err);
	if ((h = hold_slot(x)) == NULL || tp_rec_copy(&h->rec, rec) < 0)
		return oom(err);
	h->sym = sym;
	h->close = close;
	h->replace = s->replace;
	h->nev = s->nev;
	memcpy(h->ev, s->ev, sizeof(h->ev));
	x->qtime = time;
	x->qset = 1;
	return all_in(x, time) ? release(s, x, err) : 0;
}

struct tp_rec *
tp_inform_pop(struct tp_inds *s)
{
	struct tp_inform *x = s->inf;
	struct hold *h;
	struct tp_rec *r = x->single;

	if (r != NULL) {
		x->single = NULL;
		return r;
	}
	if (x->rd >= x->nready)
		return NULL;
	h = &x->q[x->rd++];
	s->nev = h->nev;
	memcpy(s->ev, h->ev, sizeof(h->ev));
	return &h->rec;
}

int
tp_inform_flush(struct tp_inds *s, struct tp_err *err)
{
	return release(s, s->inf, err);
}
