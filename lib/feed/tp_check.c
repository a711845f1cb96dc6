/*
 * tp_check.c: counting gaps, duplicates and bad candles (see tp_check.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "feed/tp_check.h"

int
tp_check_init(struct tp_check *ck, int64_t tf, struct tp_err *err)
{
	(void)err;
	memset(ck, 0, sizeof(*ck));
	tp_names_init(&ck->syms);
	tp_rec_init(&ck->rec);
	ck->tf = tf;
	ck->last = -1;
	return 0;
}

void
tp_check_release(struct tp_check *ck)
{
	int i;

	for (i = 0; i < ck->syms.n; i++)
		free(ck->v[i].steps);
	free(ck->v);
	tp_names_release(&ck->syms);
	tp_rec_release(&ck->rec);
}

void
tp_check_list(struct tp_check *ck, struct tp_names *names,
    int (*emit)(void *ctx, const struct tp_rec *rec, struct tp_err *err),
    void *ctx)
{
	ck->names = names;
	ck->emit = emit;
	ck->ctx = ctx;
}

static int
oom(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

static int
add_count(struct tp_rec *rec, struct tp_names *names, const char *name,
    int64_t v)
{
	int id = tp_names_intern(names, name, strlen(name));

	return id < 0 ? -1 : tp_rec_add_i64(rec, id, v);
}

/* List a range of symbol i: its kind, first and last times, and its
 * count under key, named as the summary names them. */
static int
list_range(struct tp_check *ck, int i, const char *kind, int64_t first,
    int64_t last, const char *key, long n, struct tp_err *err)
{
	struct tp_rec *rec = &ck->rec;
	int rc = 0, id;

	tp_rec_clear(rec);
	id = tp_names_intern(ck->names, TP_LIT("type"));
	rc |= id < 0 || tp_rec_add_text(rec, id, kind) < 0;
	if (ck->syms.v[i].n > 0) {
		id = tp_names_intern(ck->names, TP_LIT("symbol"));
		rc |= id < 0 || tp_rec_add(rec, id, TP_ENC_TEXT,
		    ck->syms.v[i].s, ck->syms.v[i].n) < 0;
	}
	rc |= add_count(rec, ck->names, "first", first) < 0;
	rc |= add_count(rec, ck->names, "last", last) < 0;
	rc |= add_count(rec, ck->names, key, n) < 0;
	if (rc)
		return oom(err);
	return ck->emit(ck->ctx, rec, err);
}

/* List the run of duplicates of symbol i, if one is open. */
static int
dup_flush(struct tp_check *ck, int i, struct tp_err *err)
{
	struct tp_check_sym *s = &ck->v[i];
	long n = s->dup_n;

	if (n == 0)
		return 0;
	s->dup_n = 0;
	return list_range(ck, i, "duplicate", s->dup_first, s->dup_last,
	    "duplicates", n, err);
}

/*
 * A duplicate at t of symbol i: one more in the run when in its last slot
 * or the next (a file whose every candle was written twice is one run),
 * else the start of another.
 */
static int
dup_add(struct tp_check *ck, int i, int64_t t, struct tp_err *err)
{
	struct tp_check_sym *s = &ck->v[i];

	if (s->dup_n > 0 && t != s->dup_last && t != s->dup_last + s->tf &&
	    dup_flush(ck, i, err) < 0)
		return -1;
	if (s->dup_n++ == 0)
		s->dup_first = t;
	s->dup_last = t;
	return 0;
}

int
tp_check_flush(struct tp_check *ck, struct tp_err *err)
{
	int i;

	for (i = 0; ck->emit != NULL && i < ck->syms.n; i++)
		if (dup_flush(ck, i, err) < 0)
			return -1;
	return 0;
}

/* The state of symbol sym, created on first sight. */
static struct tp_check_sym *
sym_state(struct tp_check *ck, const char *sym, size_t n, struct tp_err *err)
{
	int i, had = ck->syms.n;

	i = tp_names_intern(&ck->syms, sym != NULL ? sym : "", n);
	if (i < 0) {
		tp_names_fail(i, "symbols", NULL, 0, err);
		return NULL;
	}
	if (i == had) {
		struct tp_check_sym *v = tp_grow(ck->v, &ck->cap, i + 1,
		    sizeof(*v));

		if (v == NULL) {
			oom(err);
			return NULL;
		}
		ck->v = v;
		memset(&ck->v[i], 0, sizeof(ck->v[i]));
		ck->v[i].tf = ck->tf;
	}
	ck->last = i;
	return &ck->v[i];
}

int
tp_check_ensure(struct tp_check *ck, struct tp_err *err)
{
	if (ck->syms.n > 0)
		return 0;
	return sym_state(ck, NULL, 0, err) == NULL ? -1 : 0;
}

/* A step d forward from the latest time of symbol i. */
static int
count_step(struct tp_check *ck, int i, int64_t d, struct tp_err *err)
{
	struct tp_check_sym *s = &ck->v[i];
	struct tp_check_step *v;
	long m;
	int j;

	if (s->tf > 0) {
		if (d <= s->tf)
			return 0;
		m = (long)((d - 1) / s->tf);
		s->gaps++;
		s->missing += m;
		return ck->emit == NULL ? 0 : list_range(ck, i, "gap",
		    s->max + s->tf, s->max + m * s->tf, "missing_bars", m, err);
	}
	for (j = 0; j < s->nsteps; j++)
		if (s->steps[j].d == d) {
			s->steps[j].n++;
			return 0;
		}
	if (s->nsteps == TP_CHECK_MAX_STEPS)
		return tp_errf(err, TP_EX_DATAERR, NULL, 0, "more than %d "
		    "different steps between times; give --timeframe",
		    TP_CHECK_MAX_STEPS);
	v = tp_grow(s->steps, &s->capsteps, s->nsteps + 1, sizeof(*v));
	if (v == NULL)
		return oom(err);
	s->steps = v;
	s->steps[s->nsteps].d = d;
	s->steps[s->nsteps++].n = 1;
	return 0;
}

int
tp_check_add(struct tp_check *ck, const char *sym, size_t symn,
    const struct tp_candle *k, int bad_ohlc, int64_t tf, struct tp_err *err)
{
	struct tp_check_sym *s;

	if (k == NULL) {
		/* An unreadable row counts against the symbol read last. */
		s = ck->last >= 0 ? &ck->v[ck->last] : sym_state(ck, NULL, 0,
		    err);
		if (s == NULL)
			return -1;
		s->invalid++;
		return 0;
	}
	ck->any_symbol |= sym != NULL;
	s = sym_state(ck, sym, symn, err);
	if (s == NULL)
		return -1;
	if (s->rows == 0 && s->tf == 0 && tf > 0)
		s->tf = tf;
	/* a list is written as it goes: no inferring the timeframe */
	if (ck->emit != NULL && s->tf == 0)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--list needs the "
		    "timeframe: give --timeframe, or candles with a timeframe "
		    "field");
	s->bad_ohlc += bad_ohlc != 0;
	if (s->tf > 0 && tp_time_tf_floor(k->time, s->tf) != k->time)
		s->misaligned++;
	if (s->rows++ == 0) {
		s->first = s->last = s->max = k->time;
		return 0;
	}
	s->last = k->time;
	if (k->time == s->max) {
		s->duplicates++;
		if (ck->emit != NULL && dup_add(ck, ck->last, k->time, err) < 0)
			return -1;
	} else if (k->time < s->max) {
		s->out_of_order++;
	} else {
		/* a run of duplicates ends at a slot without one */
		if (s->dup_n > 0 && k->time > s->dup_last + s->tf &&
		    dup_flush(ck, ck->last, err) < 0)
			return -1;
		if (count_step(ck, ck->last, k->time - s->max, err) < 0)
			return -1;
		s->max = k->time;
	}
	return 0;
}

/* With no timeframe given, the smallest step is the timeframe; the larger
 * steps are gaps, and steps that are not a multiple of it are off grid. */
static void
infer(struct tp_check_sym *s)
{
	int i;

	if (s->tf > 0 || s->nsteps == 0)
		return;
	s->tf = s->steps[0].d;
	for (i = 1; i < s->nsteps; i++)
		if (s->steps[i].d < s->tf)
			s->tf = s->steps[i].d;
	for (i = 0; i < s->nsteps; i++) {
		if (s->steps[i].d % s->tf != 0)
			s->misaligned += s->steps[i].n;
		if (s->steps[i].d > s->tf) {
			s->gaps += s->steps[i].n;
			s->missing += s->steps[i].n *
			    (long)((s->steps[i].d - 1) / s->tf);
		}
	}
}

int
tp_check_summary(struct tp_check *ck, int i, struct tp_names *names,
    struct tp_rec *rec, struct tp_err *err)
{
	struct tp_check_sym *s = &ck->v[i];
	char tf[24];
	int bad, rc = 0, id;

	infer(s);
	bad = s->gaps || s->duplicates || s->out_of_order || s->bad_ohlc ||
	    s->invalid || s->misaligned;
	tp_rec_clear(rec);
	id = tp_names_intern(names, TP_LIT("type"));
	rc |= id < 0 || tp_rec_add_text(rec, id, "check") < 0;
	if (ck->any_symbol) {
		id = tp_names_intern(names, TP_LIT("symbol"));
		rc |= id < 0 || tp_rec_add(rec, id, TP_ENC_TEXT,
		    ck->syms.v[i].s, ck->syms.v[i].n) < 0;
	}
	rc |= add_count(rec, names, "rows", s->rows) < 0;
	id = tp_names_intern(names, TP_LIT("first"));
	rc |= id < 0 || (s->rows ? tp_rec_add_i64(rec, id, s->first) :
	    tp_rec_add(rec, id, TP_ENC_NULL, TP_LIT(""))) < 0;
	id = tp_names_intern(names, TP_LIT("last"));
	rc |= id < 0 || (s->rows ? tp_rec_add_i64(rec, id, s->last) :
	    tp_rec_add(rec, id, TP_ENC_NULL, TP_LIT(""))) < 0;
	id = tp_names_intern(names, TP_LIT("timeframe"));
	if (s->tf > 0)
		tp_time_tf_format(s->tf, tf);
	rc |= id < 0 || (s->tf > 0 ? tp_rec_add_text(rec, id, tf) :
	    tp_rec_add(rec, id, TP_ENC_NULL, TP_LIT(""))) < 0;
	rc |= add_count(rec, names, "gaps", s->gaps) < 0;
	rc |= add_count(rec, names, "missing_bars", s->missing) < 0;
	rc |= add_count(rec, names, "duplicates", s->duplicates) < 0;
	rc |= add_count(rec, names, "out_of_order", s->out_of_order) < 0;
	rc |= add_count(rec, names, "bad_ohlc", s->bad_ohlc) < 0;
	rc |= add_count(rec, names, "invalid", s->invalid) < 0;
	rc |= add_count(rec, names, "misaligned", s->misaligned) < 0;
	id = tp_names_intern(names, TP_LIT("ok"));
	rc |= id < 0 || tp_rec_add_bool(rec, id, !bad) < 0;
	if (rc)
		return oom(err);
	return bad;
}
