/*
 * tp_fix.c: sort, dedupe, resample and fill candle streams (see tp_fix.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/tp_dec.h"
#include "core/tp_grow.h"
#include "feed/tp_fix.h"
#include "core/tp_num.h"

/* A gap wider than this many candles is a unit mistake, not a gap. */
#define MAX_FILL 10000000L

struct text {
	struct tp_buf b;
	unsigned char enc;
};

struct fsym {
	int held;		/* dedupe=last: a candle waits for its successor */
	struct tp_rec hold;
	struct tp_candle hold_k;
	int have_last;		/* else: the last time seen */
	int64_t last_t;
	int inb;		/* resample: a bucket is open */
	int64_t bstart;
	struct tp_rec ident;	/* the bucket's symbol, exchange, timeframe */
	struct text o, h, l, c;
	double hv, lv;
	struct tp_dec vol;
	int hasprev;		/* fill: the last candle sent on */
	struct tp_rec prev;
	int64_t prev_t, tf;
	struct tp_rec filler;
	struct tp_rec out;	/* a resampled candle */
	int checked_tf;		/* the input timeframe was checked */
};

struct sorted {
	int64_t t;
	size_t seq, off;
};

struct tp_fix {
	struct tp_fix_opts o;
	struct tp_candle_cols *cols;
	struct tp_names *names;
	tp_emit_fn emit;
	void *ctx;
	struct tp_names syms;
	struct fsym **v;
	int cap;
	long dropped, filled;
	int filled_id;
	struct tp_buf tmp;
	struct tp_buf arena;	/* sort: every record, serialised */
	struct sorted *ents;
	size_t nent, capent;
	struct tp_rec replay;
};

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

int
tp_fix_new(struct tp_fix **fxp, const struct tp_fix_opts *o,
    struct tp_candle_cols *cols, struct tp_names *names, tp_emit_fn emit,
    void *ctx, struct tp_err *err)
{
	struct tp_fix *fx = calloc(1, sizeof(*fx));

	*fxp = fx;
	if (fx == NULL)
		return oom(err);
	fx->o = *o;
	fx->cols = cols;
	fx->names = names;
	fx->emit = emit;
	fx->ctx = ctx;
	fx->filled_id = cols->id[TP_C_FILLED];
	tp_names_init(&fx->syms);
	return 0;
}

static void
fsym_free(struct fsym *s)
{
	tp_rec_release(&s->hold);
	tp_rec_release(&s->ident);
	tp_rec_release(&s->prev);
	tp_rec_release(&s->out);
	tp_rec_release(&s->filler);
	tp_buf_release(&s->o.b);
	tp_buf_release(&s->h.b);
	tp_buf_release(&s->l.b);
	tp_buf_release(&s->c.b);
	free(s);
}

void
tp_fix_free(struct tp_fix *fx)
{
	int i;

	if (fx == NULL)
		return;
	for (i = 0; i < fx->syms.n; i++)
		fsym_free(fx->v[i]);
	free(fx->v);
	tp_names_release(&fx->syms);
	tp_buf_release(&fx->tmp);
	tp_buf_release(&fx->arena);
	free(fx->ents);
	tp_rec_release(&fx->replay);
	free(fx);
}

long
tp_fix_dropped(const struct tp_fix *fx)
{
	return fx->dropped;
}

long
tp_fix_filled(const struct tp_fix *fx)
{
	return fx->filled;
}

/* The state of rec's symbol, created on first sight. */
static struct fsym *
fsym_of(struct tp_fix *fx, const struct tp_rec *rec, struct tp_err *err)
{
	const char *p = "";
	size_t n = 0;
	int i, isnull, had = fx->syms.n;

	i = tp_candle_col(fx->cols, rec, TP_C_SYMBOL);
	if (i >= 0 && tp_field_text(&rec->f[i], &fx->tmp, &p, &n,
	    &isnull) < 0) {
		tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"symbol\" is not valid text");
		return NULL;
	}
	i = tp_names_intern(&fx->syms, p, n);
	if (i < 0) {
		tp_names_fail(i, "symbols", rec->file, rec->line, err);
		return NULL;
	}
	if (i == had) {
		struct fsym **v = tp_grow(fx->v, &fx->cap, i + 1, sizeof(*v));

		if (v == NULL) {
			oom(err);
			return NULL;
		}
		fx->v = v;
		fx->v[i] = calloc(1, sizeof(*fx->v[i]));
		if (fx->v[i] == NULL) {
			oom(err);
			return NULL;
		}
		fx->v[i]->tf = fx->o.resample ? fx->o.resample : fx->o.tf;
	}
	return fx->v[i];
}

/* Candle time t comes before last, a time already passed on. */
static int
backwards(const struct tp_rec *rec, int64_t t, int64_t last,
    struct tp_err *err)
{
	char t1[TP_TIME_MSGSZ], t2[TP_TIME_MSGSZ];

	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
	    "time %s goes backwards, before %s (use --sort)",
	    tp_time_msg(t, t1), tp_time_msg(last, t2));
}

/* ---- fill ---------------------------------------------------------------- */

static int
is_price(struct tp_fix *fx, int name)
{
	int k;

	for (k = TP_C_OPEN; k <= TP_C_CLOSE; k++)
		if (fx->cols->id[k] == name)
			return 1;
	return 0;
}

static int
is_ident(struct tp_fix *fx, int name)
{
	return name == fx->cols->id[TP_C_SYMBOL] ||
	    name == fx->cols->id[TP_C_TIMEFRAME] ||
	    name == fx->cols->id[TP_C_EXCHANGE];
}

/* Whether a candle at time t comes out: the last stage, --timerange. */
static int
in_range(const struct tp_fix *fx, int64_t t)
{
	const struct tp_time_range *r = fx->o.range;

	return r == NULL || (t >= r->from && t <= r->to);
}

/* The flat candle at time t after s->prev: its close as OHLC, volume 0,
 * labels kept, every other field missing.  Out of the range it is not
 * built at all: nothing else reads s->filler. */
static int
emit_filler(struct tp_fix *fx, struct fsym *s, int64_t t, struct tp_err *err)
{
	const struct tp_field *f, *close;
	int i, rc = 0;

	if (!in_range(fx, t))
		return 0;
	i = tp_candle_col(fx->cols, &s->prev, TP_C_CLOSE);
	close = &s->prev.f[i];
	tp_rec_clear(&s->filler);
	s->filler.file = s->prev.file;
	s->filler.line = s->prev.line;
	for (i = 0; i < s->prev.nf && rc == 0; i++) {
		f = &s->prev.f[i];
		if (f->name == fx->cols->id[TP_C_TIME])
			rc = tp_rec_add_i64(&s->filler, f->name, t);
		else if (is_price(fx, f->name))
			rc = tp_rec_add(&s->filler, f->name, close->enc, close->p,
			    close->n);
		else if (f->name == fx->cols->id[TP_C_VOLUME])
			rc = tp_rec_add(&s->filler, f->name, TP_ENC_NUM,
			    TP_LIT("0"));
		else if (f->name == fx->filled_id)
			rc = tp_rec_add_bool(&s->filler, f->name, 1);
		else if (is_ident(fx, f->name))
			rc = tp_rec_add(&s->filler, f->name, f->enc, f->p, f->n);
		else
			rc = tp_rec_add(&s->filler, f->name, TP_ENC_NULL,
			    TP_LIT(""));
	}
	if (rc < 0)
		return oom(err);
	fx->filled++;
	return fx->emit(fx->ctx, &s->filler, err);
}

/* The timeframe for filling: given, or the stream's timeframe field. */
static int
fill_tf(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    struct tp_err *err)
{
	if (s->tf == 0)
		s->tf = tp_candle_tf(fx->cols, rec, &fx->tmp);
	if (s->tf > 0)
		return 0;
	return tp_errf(err, TP_EX_USAGE, rec->file, rec->line,
	    "--fill-gaps needs the timeframe: give --timeframe, or candles "
	    "with a timeframe field");
}

/* The flat candles for the slots between s->prev_t and t.  The times
 * come checked (tp_time_ok), but the gap is computed with an overflow
 * check all the same: a wrapped difference would pass as small and fill
 * without end. */
static int
fill_gap(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    int64_t t, struct tp_err *err)
{
	int64_t gap, n, k;

	if (__builtin_sub_overflow(t, s->prev_t, &gap) ||
	    gap / s->tf > MAX_FILL)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "gap of more than %ld candles: wrong time unit or "
		    "timeframe?", MAX_FILL);
	/* the slots strictly between, each at prev_t + k * tf < t */
	n = gap > 0 ? (gap - 1) / s->tf : 0;
	for (k = 1; k <= n; k++)
		if (emit_filler(fx, s, s->prev_t + k * s->tf, err) < 0)
			return -1;
	return 0;
}

static int
stage_fill(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    int64_t t, struct tp_err *err)
{
	int i;

	if (!fx->o.fill)
		return in_range(fx, t) ? fx->emit(fx->ctx, rec, err) : 0;
	if (fill_tf(fx, s, rec, err) < 0)
		return -1;
	if (s->hasprev && fill_gap(fx, s, rec, t, err) < 0)
		return -1;
	if (tp_rec_copy(&s->prev, rec) < 0)
		return oom(err);
	/* A candle filled by an earlier run stays marked as filled. */
	i = tp_rec_find(&s->prev, fx->filled_id, -1);
	if (i < 0 && tp_rec_add_bool(&s->prev, fx->filled_id, 0) < 0)
		return oom(err);
	s->prev_t = t;
	s->hasprev = 1;
	return in_range(fx, t) ? fx->emit(fx->ctx, &s->prev, err) : 0;
}

/* ---- resample ------------------------------------------------------------ */

static int
set_text(struct text *t, const struct tp_field *f)
{
	t->b.len = 0;
	t->enc = f->enc;
	return tp_buf_add(&t->b, f->p, f->n);
}

static const struct tp_field *
col(struct tp_fix *fx, const struct tp_rec *rec, enum tp_candle_col k)
{
	return &rec->f[tp_candle_col(fx->cols, rec, k)];
}

static int
bucket_volume(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    double v, int first)
{
	const char *p;
	size_t n;
	int isnull;

	if (tp_field_text(col(fx, rec, TP_C_VOLUME), &fx->tmp, &p, &n,
	    &isnull) < 0)
		return -1;
	/* v is the candle's, read already: the sum cannot fail. */
	(void)tp_dec_add(&s->vol, p, n, v, first);
	return 0;
}

static int
bucket_open(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    const struct tp_candle *k, int64_t b)
{
	const struct tp_field *f;
	char tf[24];
	int i, rc = 0;

	s->inb = 1;
	s->bstart = b;
	s->hv = k->high;
	s->lv = k->low;
	if (set_text(&s->o, col(fx, rec, TP_C_OPEN)) < 0 ||
	    set_text(&s->h, col(fx, rec, TP_C_HIGH)) < 0 ||
	    set_text(&s->l, col(fx, rec, TP_C_LOW)) < 0 ||
	    set_text(&s->c, col(fx, rec, TP_C_CLOSE)) < 0 ||
	    bucket_volume(fx, s, rec, k->volume, 1) < 0)
		return -1;
	tp_rec_clear(&s->ident);
	s->ident.file = rec->file;
	s->ident.line = rec->line;
	for (i = 0; i < rec->nf && rc == 0; i++) {
		f = &rec->f[i];
		if (f->name == fx->cols->id[TP_C_TIMEFRAME])
			rc = tp_rec_add(&s->ident, f->name, TP_ENC_TEXT, tf,
			    tp_time_tf_format(fx->o.resample, tf));
		else if (is_ident(fx, f->name))
			rc = tp_rec_add(&s->ident, f->name, f->enc, f->p,
			    f->n);
	}
	return rc;
}

static int
bucket_merge(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    const struct tp_candle *k)
{
	if (k->high > s->hv) {
		s->hv = k->high;
		if (set_text(&s->h, col(fx, rec, TP_C_HIGH)) < 0)
			return -1;
	}
	if (k->low < s->lv) {
		s->lv = k->low;
		if (set_text(&s->l, col(fx, rec, TP_C_LOW)) < 0)
			return -1;
	}
	if (set_text(&s->c, col(fx, rec, TP_C_CLOSE)) < 0)
		return -1;
	return bucket_volume(fx, s, rec, k->volume, 0);
}

static int
bucket_flush(struct tp_fix *fx, struct fsym *s, struct tp_err *err)
{
	const int *id = fx->cols->id;
	char vol[TP_NUM_BUFSZ + 32];
	size_t vn = tp_dec_format(&s->vol, vol, sizeof(vol));
	int i, rc;

	s->inb = 0;
	tp_rec_clear(&s->out);
	s->out.file = s->ident.file;
	s->out.line = s->ident.line;
	rc = tp_rec_add_i64(&s->out, id[TP_C_TIME], s->bstart) < 0 ||
	    tp_rec_add(&s->out, id[TP_C_OPEN], s->o.enc, s->o.b.p,
	    s->o.b.len) < 0 ||
	    tp_rec_add(&s->out, id[TP_C_HIGH], s->h.enc, s->h.b.p,
	    s->h.b.len) < 0 ||
	    tp_rec_add(&s->out, id[TP_C_LOW], s->l.enc, s->l.b.p,
	    s->l.b.len) < 0 ||
	    tp_rec_add(&s->out, id[TP_C_CLOSE], s->c.enc, s->c.b.p,
	    s->c.b.len) < 0 ||
	    tp_rec_add(&s->out, id[TP_C_VOLUME], TP_ENC_NUM, vol, vn) < 0;
	for (i = 0; i < s->ident.nf && !rc; i++)
		rc = tp_rec_add(&s->out, s->ident.f[i].name,
		    s->ident.f[i].enc, s->ident.f[i].p, s->ident.f[i].n) < 0;
	if (rc)
		return oom(err);
	return stage_fill(fx, s, &s->out, s->bstart, err);
}

/* Resampling to a timeframe that is not a whole multiple of the input's
 * would label candles with a length they do not have. */
static int
check_resample(struct tp_fix *fx, const struct tp_rec *rec,
    struct tp_err *err)
{
	int64_t tf;
	char want[24], have[24];

	tf = tp_candle_tf(fx->cols, rec, &fx->tmp);
	if (tf <= 0 || (fx->o.resample >= tf && fx->o.resample % tf == 0))
		return 0;
	tp_time_tf_format(fx->o.resample, want);
	tp_time_tf_format(tf, have);
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "cannot "
	    "resample %s candles to %s: not a whole multiple", have, want);
}

static int
stage_resample(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    const struct tp_candle *k, struct tp_err *err)
{
	int64_t b;

	if (fx->o.resample == 0)
		return stage_fill(fx, s, rec, k->time, err);
	if (!s->checked_tf && check_resample(fx, rec, err) < 0)
		return -1;
	s->checked_tf = 1;
	b = tp_time_tf_floor(k->time, fx->o.resample);
	if (s->inb && b == s->bstart)
		return bucket_merge(fx, s, rec, k) < 0 ? oom(err) : 0;
	if (s->inb && b < s->bstart)
		return backwards(rec, k->time, s->bstart, err);
	/* The bucket's output goes through s->out; flush before reuse. */
	if (s->inb && bucket_flush(fx, s, err) < 0)
		return -1;
	return bucket_open(fx, s, rec, k, b) < 0 ? oom(err) : 0;
}

/* ---- dedupe -------------------------------------------------------------- */

static int
stage_dedupe(struct tp_fix *fx, struct fsym *s, const struct tp_rec *rec,
    const struct tp_candle *k, struct tp_err *err)
{
	/* Without dedupe, or keeping the first of a time, a candle goes on
	 * at once; keeping the last, it waits for its successor. */
	if (fx->o.dedupe != TP_DEDUPE_LAST) {
		if (s->have_last && k->time < s->last_t)
			return backwards(rec, k->time, s->last_t, err);
		if (s->have_last && k->time == s->last_t &&
		    fx->o.dedupe == TP_DEDUPE_FIRST) {
			fx->dropped++;
			return 0;
		}
		s->have_last = 1;
		s->last_t = k->time;
		return stage_resample(fx, s, rec, k, err);
	}
	if (s->held) {
		if (k->time == s->hold_k.time) {
			fx->dropped++;
			s->hold_k = *k;
			return tp_rec_copy(&s->hold, rec) < 0 ? oom(err) : 0;
		}
		if (k->time < s->hold_k.time)
			return backwards(rec, k->time, s->hold_k.time, err);
		if (stage_resample(fx, s, &s->hold, &s->hold_k, err) < 0)
			return -1;
	}
	s->held = 1;
	s->hold_k = *k;
	return tp_rec_copy(&s->hold, rec) < 0 ? oom(err) : 0;
}

/* ---- sort ---------------------------------------------------------------- */

struct stored_head {
	int nf;
	long line;
	const char *file;
	struct tp_candle k;
};

struct stored_field {
	int name;
	int enc;
	size_t n;
};

static int
store(struct tp_fix *fx, const struct tp_rec *rec, const struct tp_candle *k,
    struct tp_err *err)
{
	struct stored_head h = { rec->nf, rec->line, rec->file, *k };
	struct stored_field sf;
	struct sorted *v;
	int i;

	v = tp_grow_size(fx->ents, &fx->capent, fx->nent + 1, sizeof(*v));
	if (v == NULL)
		return oom(err);
	fx->ents = v;
	fx->ents[fx->nent].t = k->time;
	fx->ents[fx->nent].seq = fx->nent;
	fx->ents[fx->nent++].off = fx->arena.len;
	if (tp_buf_add(&fx->arena, &h, sizeof(h)) < 0)
		return oom(err);
	for (i = 0; i < rec->nf; i++) {
		sf.name = rec->f[i].name;
		sf.enc = rec->f[i].enc;
		sf.n = rec->f[i].n;
		if (tp_buf_add(&fx->arena, &sf, sizeof(sf)) < 0 ||
		    tp_buf_add(&fx->arena, rec->f[i].p, sf.n) < 0)
			return oom(err);
	}
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Send the stored records on in time order (input order among equals). */
static int
replay(struct tp_fix *fx, struct tp_err *err)
{
	struct stored_head h;
	struct stored_field sf;
	struct tp_rec *r = &fx->replay;
	struct tp_field *f;
	struct fsym *s;
	const char *p;
	size_t i;
	int k;

	qsort(fx->ents, fx->nent, sizeof(*fx->ents), by_time);
	for (i = 0; i < fx->nent; i++) {
		p = fx->arena.p + fx->ents[i].off;
		memcpy(&h, p, sizeof(h));
		p += sizeof(h);
		tp_rec_clear(r);
		r->file = h.file;
		r->line = h.line;
		for (k = 0; k < h.nf; k++) {
			if (tp_rec_add(r, 0, TP_ENC_NULL, TP_LIT("")) < 0)
				return oom(err);
			memcpy(&sf, p, sizeof(sf));
			p += sizeof(sf);
			f = &r->f[k];
			f->name = sf.name;
			f->enc = (unsigned char)sf.enc;
			f->own = 0;
			f->comma = 0;
			f->p = p;
			f->n = sf.n;
			p += sf.n;
		}
		s = fsym_of(fx, r, err);
		if (s == NULL || stage_dedupe(fx, s, r, &h.k, err) < 0)
			return -1;
	}
	return 0;
}

/* ---- driving ------------------------------------------------------------- */

int
tp_fix_push(struct tp_fix *fx, const struct tp_rec *rec,
    const struct tp_candle *k, struct tp_err *err)
{
	struct fsym *s;

	if (fx->o.sort)
		return store(fx, rec, k, err);
	s = fsym_of(fx, rec, err);
	if (s == NULL)
		return -1;
	return stage_dedupe(fx, s, rec, k, err);
}

int
tp_fix_finish(struct tp_fix *fx, struct tp_err *err)
{
	struct fsym *s;
	int i;

	if (fx->o.sort && replay(fx, err) < 0)
		return -1;
	for (i = 0; i < fx->syms.n; i++) {
		s = fx->v[i];
		if (s->held) {
			s->held = 0;
			if (stage_resample(fx, s, &s->hold, &s->hold_k,
			    err) < 0)
				return -1;
		}
		if (s->inb && bucket_flush(fx, s, err) < 0)
			return -1;
	}
	return 0;
}
