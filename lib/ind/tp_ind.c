/*
 * tp_ind.c: indicator specs, field names and per-symbol state (tp_ind.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/tp_grow.h"
#include "rec/tp_candle.h"
#include "ind/tp_ind.h"
#include "ind/tp_inform.h"
#include "core/tp_num.h"
#include "core/tp_time.h"

static const char *const ma_names[TP_MA_N] = {
	"sma", "ema", "wma", "dema", "tema", "trima", "kama", "mama", "t3"
};

static const char *const in_names[TP_IN_N] = {
	"open", "high", "low", "close", "volume", "close", "low", "time"
};

const struct tp_ind_def *
tp_ind_find(const char *name)
{
	int i;

	for (i = 0; i < tp_ind_count; i++)
		if (strcasecmp(tp_ind_registry[i]->name, name) == 0)
			return tp_ind_registry[i];
	return NULL;
}


const char *
tp_ind_closest(const char *name)
{
	const char *best = NULL;
	int i, d, bestd = 99;

	for (i = 0; i < tp_ind_count; i++) {
		d = tp_names_distance(name, tp_ind_registry[i]->name);
		if (d < bestd) {
			bestd = d;
			best = tp_ind_registry[i]->name;
		}
	}
	return best;
}

void
tp_inds_init(struct tp_inds *s, struct tp_names *names)
{
	memset(s, 0, sizeof(*s));
	s->names = names;
	s->symbol_id = tp_names_intern(names, TP_LIT("symbol"));
	s->sym_at = -1;
	s->last_id = -1;
	s->time_id = tp_names_intern(names, TP_LIT("time"));
	s->time_at = -1;
	s->max_out = -1;
	/* A symbol's block starts with the time of its last record. */
	s->state_size = 16;
	tp_names_init(&s->syms);
}

void
tp_inds_release(struct tp_inds *s)
{
	int i;

	for (i = 0; i < s->nblocks; i++)
		free(s->blocks[i]);
	for (i = 0; i < s->n; i++)
		free((char *)s->v[i].spec);
	free(s->blocks);
	free(s->is_out);
	free(s->v);
	tp_names_release(&s->syms);
	tp_buf_release(&s->tmp);
	tp_inform_free(s->inf);
	memset(s, 0, sizeof(*s));
}

/* ---- specs ---------------------------------------------------------------- */

static int
usage(struct tp_err *err, const char *spec, const char *fmt, const char *a,
    const char *b)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, a, b);
	return tp_errf(err, TP_EX_USAGE, NULL, 0, "%s: %s", spec, msg);
}

static int
parse_param(const struct tp_ind_param *pp, const char *s, double *v)
{
	int k;

	if (pp->kind == TP_P_MATYPE)
		for (k = 0; k < TP_MA_N; k++)
			if (strcasecmp(s, ma_names[k]) == 0) {
				*v = k;
				return 0;
			}
	if (tp_num_parse(s, strlen(s), v) != TP_NUM_OK)
		return -1;
	if (pp->kind != TP_P_REAL && *v != floor(*v))
		return -1;
	return *v >= pp->min && *v <= pp->max ? 0 : -1;
}

/* Describe what parameter pp accepts, for messages. */
static void
param_range(const struct tp_ind_param *pp, char *buf, size_t n)
{
	if (pp->kind == TP_P_MATYPE)
		snprintf(buf, n, "an MA type (0-8 or sma ema wma dema tema "
		    "trima kama mama t3)");
	else
		snprintf(buf, n, "%s from %g to %g", pp->kind == TP_P_INT ?
		    "an integer" : "a number", pp->min, pp->max);
}

/*
 * Parse "a,b,name=c" into params: positional ones in TA-Lib's order, then
 * any by name.  Returns how many leading parameters the field names must
 * show (the last one given), or -1.
 */
static int
parse_params(struct tp_ind_inst *in, char *list, struct tp_err *err)
{
	const struct tp_ind_def *d = in->def;
	char *tok, *save = NULL, *eq, lim[96];
	int n = 0, k, shown = 0;

	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		eq = strchr(tok, '=');
		if (eq != NULL) {
			*eq++ = '\0';
			for (k = 0; k < d->nparams; k++)
				if (strcasecmp(tok, d->params[k].name) == 0)
					break;
			if (k == d->nparams)
				return usage(err, in->spec, "%s has no "
				    "parameter \"%s\"", d->name, tok);
		} else {
			k = n++;
			eq = tok;
			if (k >= d->nparams) {
				snprintf(lim, sizeof(lim), "%d", d->nparams);
				return usage(err, in->spec, "%s takes at most "
				    "%s parameters", d->name, lim);
			}
		}
		if (parse_param(&d->params[k], eq, &in->p[k]) < 0) {
			param_range(&d->params[k], lim, sizeof(lim));
			return usage(err, in->spec, "%s must be %s",
			    d->params[k].name, lim);
		}
		if (k + 1 > shown)
			shown = k + 1;
	}
	return shown;
}

/* The field name of output k: prefix_p1_p2..., or the alias. */
static int
out_name(struct tp_inds *s, struct tp_ind_inst *in, int k, int given,
    const char *alias)
{
	const struct tp_ind_def *d = in->def;
	char name[256], num[TP_NUM_BUFSZ];
	size_t n;
	int i, np = given > d->nnamed ? given : d->nnamed;

	if (alias != NULL)
		n = (size_t)snprintf(name, sizeof(name), "%s%s%s", alias,
		    d->out[k].role[0] ? "_" : "", d->out[k].role);
	else {
		n = (size_t)snprintf(name, sizeof(name), "%s",
		    d->out[k].prefix);
		for (i = 0; i < np && n < sizeof(name); i++) {
			tp_num_format(in->p[i], num);
			n += (size_t)snprintf(name + n, sizeof(name) - n,
			    "_%s", num);
		}
	}
	if (n >= sizeof(name))
		return -1;
	return tp_names_intern(s->names, name, n);
}

static int
valid_alias(const char *a)
{
	if (*a == '\0')
		return 0;
	for (; *a != '\0'; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= '0' && *a <= '9') ||
		    *a == '_'))
			return 0;
	return 1;
}

/* Field ids of the inputs; src is "a" or "a,b" from @, or NULL. */
static int
set_inputs(struct tp_inds *s, struct tp_ind_inst *in, const char *src,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	const char *name[TP_IN_N];
	char buf[256], *comma;
	int k;

	for (k = 0; k < TP_IN_N; k++)
		name[k] = fields != NULL && fields[k] != NULL ? fields[k] :
		    in_names[k];
	/* Two-series functions default to high and low, as TA-Lib's
	 * abstract interface does. */
	if (in->def->inputs & TP_IN_BIT(TP_IN_REAL2))
		name[TP_IN_REAL] = name[TP_IN_HIGH];
	if (src != NULL) {
		if (strlen(src) >= sizeof(buf))
			return usage(err, in->spec, "%s%s", "field name too "
			    "long", "");
		strcpy(buf, src);
		comma = strchr(buf, ',');
		if (comma != NULL)
			*comma++ = '\0';
		if (!(in->def->inputs & (TP_IN_BIT(TP_IN_REAL) |
		    TP_IN_BIT(TP_IN_REAL2))))
			return usage(err, in->spec, "%s reads %s, not one "
			    "series; use --field to rename its inputs",
			    in->def->name, "open/high/low/close/volume");
		if ((comma != NULL) != ((in->def->inputs &
		    TP_IN_BIT(TP_IN_REAL2)) != 0))
			return usage(err, in->spec, "%s takes %s after @",
			    in->def->name, comma != NULL ? "one field" :
			    "two fields, a,b,");
		in->src[TP_IN_REAL] = tp_names_intern(s->names, buf,
		    strlen(buf));
		if (comma != NULL)
			in->src[TP_IN_REAL2] = tp_names_intern(s->names,
			    comma, strlen(comma));
	}
	for (k = 0; k < TP_IN_N; k++) {
		if (src != NULL && (k == TP_IN_REAL || (k == TP_IN_REAL2 &&
		    in->src[k] >= 0)))
			continue;
		in->src[k] = tp_names_intern(s->names, name[k],
		    strlen(name[k]));
	}
	for (k = 0; k < TP_IN_N; k++)
		in->at[k] = -1;
	return 0;
}

/* Try init() once now, so that bad parameters fail before any input. */
static int
check_init(struct tp_ind_inst *in, struct tp_err *err)
{
	const struct tp_ind_def *d = in->def;
	size_t n = d->size(in->p);
	void *st = calloc(1, n > 0 ? n : 1);
	const char *why = "invalid parameters";
	int rc;

	if (st == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	rc = d->init(st, in->p, &why);
	free(st);
	if (rc < 0)
		return usage(err, in->spec, "%s%s", why, "");
	return 0;
}

/*
 * Note that field id is an output of in, which is refused when an earlier
 * indicator writes it too: the second would silently overwrite the first.
 */
int
tp_inds_claim(struct tp_inds *s, int id)
{
	unsigned char *v;

	if (id <= s->max_out && s->is_out[id])
		return 1;
	if (id > s->max_out) {
		v = realloc(s->is_out, (size_t)id + 1);
		if (v == NULL)
			return -1;
		memset(v + s->max_out + 1, 0, (size_t)(id - s->max_out));
		s->is_out = v;
		s->max_out = id;
	}
	s->is_out[id] = 1;
	return 0;
}

/*
 * Note that field id is an output of in, which is refused when an earlier
 * indicator writes it too: the second would silently overwrite the first.
 */
static int
mark_out(struct tp_inds *s, const struct tp_ind_inst *in, int id,
    struct tp_err *err)
{
	int i, k;

	if (id <= s->max_out && s->is_out[id])
		for (i = 0; i < s->n; i++)
			for (k = 0; k < s->v[i].def->nout; k++)
				if (s->v[i].outid[k] == id)
					return tp_errf(err, TP_EX_USAGE, NULL,
					    0, "%s and %s both write \"%s\": "
					    "give one of them other parameters "
					    "or a name (ALIAS=SPEC)",
					    s->v[i].spec, in->spec,
					    s->names->v[id].s);
	switch (tp_inds_claim(s, id)) {
	case 0:
		return 0;
	case 1:		/* an informative field's (tp_inform.c) */
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "%s: \"%s\" is "
		    "written twice: give it another name (ALIAS=SPEC)",
		    in->spec, s->names->v[id].s);
	default:
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
}

static int
add(struct tp_inds *s, const char *spec, const char *alias,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	struct tp_ind_inst *in;
	char buf[512], *name, *eq, *colon, *at;
	const char *closest;
	int given, k;

	if (strlen(spec) >= sizeof(buf))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "spec too long");
	strcpy(buf, spec);
	name = buf;
	eq = strchr(buf, '=');
	colon = strpbrk(buf, ":@");
	if (eq != NULL && (colon == NULL || eq < colon)) {
		*eq = '\0';
		alias = buf;
		name = eq + 1;
	}
	if (alias != NULL && !valid_alias(alias))
		return usage(err, spec, "\"%s\" is not a field name (a-z, 0-9 "
		    "and _)%s", alias, "");
	at = strchr(name, '@');
	if (at != NULL)
		*at++ = '\0';
	colon = strchr(name, ':');
	if (colon != NULL)
		*colon++ = '\0';
	if ((in = tp_grow(s->v, &s->cap, s->n + 1, sizeof(*in))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	s->v = in;
	in = &s->v[s->n];
	memset(in, 0, sizeof(*in));
	in->spec = spec;
	in->def = tp_ind_find(name);
	if (in->def == NULL) {
		char hint[96] = "";

		closest = tp_ind_closest(name);
		if (closest != NULL)
			snprintf(hint, sizeof(hint), "; did you mean \"%s\"?",
			    closest);
		return usage(err, spec, "unknown indicator \"%s\"%s", name,
		    hint);
	}
	for (k = 0; k < in->def->nparams; k++)
		in->p[k] = in->def->params[k].def;
	given = colon != NULL && *colon != '\0' ? parse_params(in, colon, err)
	    : 0;
	if (given < 0 || check_init(in, err) < 0 ||
	    set_inputs(s, in, at, fields, err) < 0)
		return -1;
	for (k = 0; k < in->def->nout; k++) {
		in->outid[k] = out_name(s, in, k, given, alias);
		if (in->outid[k] < 0)
			return tp_errf(err, TP_EX_USAGE, NULL, 0,
			    "%s: field name too long", spec);
		if (mark_out(s, in, in->outid[k], err) < 0)
			return -1;
	}
	for (k = 0; k < TP_IN_N; k++)
		if (in->def->inputs & TP_IN_BIT(k))
			in->ink[in->nin++] = k;
	in->off = s->state_size;
	/* Keep every state aligned for doubles and pointers. */
	s->state_size += (in->def->size(in->p) + 15) & ~(size_t)15;
	s->n++;
	return 0;
}

int
tp_inds_add(struct tp_inds *s, const char *spec, const char *alias,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	/* The spec names the indicator in messages: keep a copy of it. */
	char *copy = strdup(spec);

	if (copy == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (add(s, copy, alias, fields, err) < 0) {
		free(copy);
		return -1;
	}
	return 0;
}

/* ---- per record ----------------------------------------------------------- */

/* The state block of rec's symbol, made and initialised on first sight;
 * *sym, *symn: the symbol. */
static unsigned char *
block_of(struct tp_inds *s, const struct tp_rec *rec, const char **sym,
    size_t *symn, struct tp_err *err)
{
	const char *p = "";
	size_t n = 0;
	int i, isnull, id, had = s->syms.n;
	const char *why;
	unsigned char *b;

	i = tp_rec_find(rec, s->symbol_id, s->sym_at);
	if (i >= 0) {
		s->sym_at = i;
		if (tp_field_text(&rec->f[i], &s->tmp, &p, &n, &isnull) < 0) {
			tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
			    "field \"symbol\" is not valid text");
			return NULL;
		}
	}
	*sym = p;
	*symn = n;
	/* Records of one symbol come in runs: skip the hash for those. */
	if (s->last_id >= 0 && s->syms.v[s->last_id].n == n &&
	    (n == 0 || memcmp(s->syms.v[s->last_id].s, p, n) == 0))
		return s->blocks[s->last_id];
	id = tp_names_intern(&s->syms, p, n);
	s->last_id = id;
	if (id < 0) {
		tp_names_fail(id, "symbols", rec->file, rec->line, err);
		return NULL;
	}
	if (id < had)
		return s->blocks[id];
	b = calloc(1, s->state_size > 0 ? s->state_size : 1);
	unsigned char **v = realloc(s->blocks, (size_t)(id + 1) * sizeof(*v));
	if (b == NULL || v == NULL) {
		free(b);
		if (v != NULL)
			s->blocks = v;
		tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
		return NULL;
	}
	s->blocks = v;
	s->blocks[id] = b;
	s->nblocks = id + 1;
	*(int64_t *)(void *)b = TP_TIME_NONE;
	for (i = 0; i < s->n; i++)
		s->v[i].def->init(b + s->v[i].off, s->v[i].p, &why);
	return b;
}

/* A time field as Unix ms in a double (exact below 2^53 ms). */
static int
time_input(const struct tp_rec *rec, const struct tp_field *f, double *v,
    struct tp_err *err)
{
	int64_t ms = 0;

	if (tp_candle_field_time(rec, f, TP_UNIT_MS, &ms, err) < 0)
		return -1;
	*v = (double)ms;
	return 0;
}

/*
 * The value of input k of instance in: a number, or NaN when the field is
 * missing (a warm-up value of an earlier indicator, say).  Returns -1 when
 * the field is absent or not a number.
 */
static int
input(struct tp_inds *s, struct tp_ind_inst *in, int k,
    const struct tp_rec *rec, double *v, struct tp_err *err)
{
	int i = tp_rec_find(rec, in->src[k], in->at[k]), rc;

	if (i < 0) {
		const char *want = s->names->v[in->src[k]].s, *best = NULL;
		int j, d, bestd = 4;

		/* Name the record's closest field: a typo is the usual cause. */
		for (j = 0; j < rec->nf; j++) {
			const char *have = s->names->v[rec->f[j].name].s;

			d = tp_names_distance(want, have);
			if (d < bestd) {
				bestd = d;
				best = have;
			}
		}
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "no field \"%s\" (%s needs it)%s%s%s", want, in->spec,
		    best ? "; did you mean \"" : "", best ? best : "",
		    best ? "\"?" : "");
	}
	in->at[k] = i;
	if (k == TP_IN_TIME)
		return time_input(rec, &rec->f[i], v, err);
	if (i < 64 && s->cache_gen[i] == s->gen) {
		*v = s->cache[i];
		return 0;
	}
	rc = tp_field_num(rec, &rec->f[i], s->names, v, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		*v = NAN;
	if (i < 64) {
		s->cache[i] = *v;
		s->cache_gen[i] = s->gen;
	}
	return 0;
}

int
tp_ind_event_level(double ratio)
{
	return ratio < 1.5 ? 0 : ratio < 2 ? 1 : ratio < 3 ? 2 : 3;
}

const char *
tp_ind_event_severity(double ratio)
{
	static const char *const word[4] = { "low", "medium", "high",
	    "critical" };

	return word[tp_ind_event_level(ratio)];
}

int
tp_inds_has_events(const struct tp_inds *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].def->labels == TP_LABELS_EVENTS)
			return 1;
	return 0;
}

static int
add_named(struct tp_inds *s, struct tp_rec *out, const char *name,
    enum tp_enc enc, const char *p, size_t n)
{
	int id = tp_names_intern(s->names, name, strlen(name));

	return id < 0 ? -1 : tp_rec_add(out, id, enc, p, n);
}

int
tp_inds_event(struct tp_inds *s, const struct tp_rec *rec, int i,
    struct tp_rec *out, struct tp_err *err)
{
	const char *sev = tp_ind_event_severity(s->ev[i].ratio);
	int k, time_id = tp_names_find(s->names, TP_LIT("time")), rc = 0;

	tp_rec_clear(out);
	out->file = rec->file;
	out->line = rec->line;
	rc |= add_named(s, out, "type", TP_ENC_TEXT, TP_LIT("event"));
	for (k = 0; k < rec->nf; k++)
		if (rec->f[k].name == time_id || rec->f[k].name == s->symbol_id)
			rc |= tp_rec_add(out, rec->f[k].name, rec->f[k].enc,
			    rec->f[k].p, rec->f[k].n);
	rc |= add_named(s, out, "event", TP_ENC_TEXT, s->ev[i].kind,
	    strlen(s->ev[i].kind));
	rc |= add_named(s, out, "severity", TP_ENC_TEXT, sev, strlen(sev));
	k = tp_names_intern(s->names, TP_LIT("ratio"));
	rc |= k < 0 || tp_rec_add_num(out, k, s->ev[i].ratio) < 0;
	return rc ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") : 0;
}

/* Whether rec already has a field an indicator writes (tp-ind | tp-ind):
 * one look-up a field. */
static int
has_outputs(const struct tp_inds *s, const struct tp_rec *rec)
{
	int i, id;

	for (i = 0; i < rec->nf; i++) {
		id = rec->f[i].name;
		if (id <= s->max_out && s->is_out[id])
			return 1;
	}
	return 0;
}

/*
 * The fields from first on were just appended: each one whose name an
 * earlier field has takes that field's place, so that a column computed
 * again keeps its place and is there once (and a later indicator reading
 * it gets the new value).
 */
void
tp_inds_replace(struct tp_inds *s, struct tp_rec *rec, int first)
{
	int i, j;

	for (i = rec->nf - 1; i >= first; i--)
		for (j = 0; j < first; j++)
			if (rec->f[j].name == rec->f[i].name) {
				rec->f[j] = rec->f[i];
				tp_rec_remove(rec, i);
				if (j < 64)	/* its old value is gone */
					s->cache_gen[j] = 0;
				break;
			}
}

/* Append the outputs in s->out of instance x to rec, or note its events. */
static int
add_outputs(struct tp_inds *s, struct tp_ind_inst *x, struct tp_rec *rec)
{
	const double *out = s->out;
	int k, rc = 0, first = rec->nf;

	/* Numbers, the common case: a missing one is a null field. */
	if (x->def->labels == TP_LABELS_NONE) {
		rc = tp_rec_add_nums(rec, x->outid, out, x->def->nout);
		if (s->replace)
			tp_inds_replace(s, rec, first);
		return rc;
	}
	for (k = 0; k < x->def->nout && rc == 0; k++) {
		if (x->def->labels == TP_LABELS_EVENTS &&
		    !s->events_as_fields) {
			if (!isnan(out[k]) && s->nev < TP_IND_MAXOUT) {
				s->ev[s->nev].kind = x->def->out[k].role;
				s->ev[s->nev++].ratio = out[k];
			}
			continue;
		}
		if (isnan(out[k]))
			rc = tp_rec_add(rec, x->outid[k], TP_ENC_NULL,
			    TP_LIT(""));
		else if (x->def->labels == TP_LABELS_REGIME)
			rc = tp_rec_add_text(rec, x->outid[k],
			    tp_regime_labels[(int)out[k]]);
		else
			rc = tp_rec_add_text(rec, x->outid[k],
			    tp_ind_event_severity(out[k]));
	}
	if (s->replace)
		tp_inds_replace(s, rec, first);
	return rc;
}

int
tp_inds_apply(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err)
{
	double in[TP_IN_N], *out = s->out;
	struct tp_ind_inst *x;
	unsigned char *b;
	const char *sym = "";
	size_t symn = 0;
	int i, j, k, missing;

	s->nev = 0;
	/* A new generation empties the cache; 0 is never current. */
	if (++s->gen == 0) {
		memset(s->cache_gen, 0, sizeof(s->cache_gen));
		s->gen = 1;
	}
	b = block_of(s, rec, &sym, &symn, err);
	if (b == NULL || tp_candle_time_order(rec, s->time_id, &s->time_at,
	    (int64_t *)(void *)b, sym, symn, err) < 0)
		return -1;
	if (s->inf != NULL && tp_inform_begin(s, rec, tp_rec_find(rec,
	    s->time_id, s->time_at) >= 0 ? *(int64_t *)(void *)b :
	    TP_TIME_NONE, err) < 0)
		return -1;
	/* The rows of one CSV header all have the same fields. */
	if (rec->shape == 0 || rec->shape != s->shape) {
		s->replace = has_outputs(s, rec);
		s->shape = rec->shape;
	}
	for (i = 0; i < s->n; i++) {
		x = &s->v[i];
		missing = 0;
		for (j = 0; j < x->nin; j++) {
			k = x->ink[j];
			if (input(s, x, k, rec, &in[k], err) < 0)
				return -1;
			missing |= isnan(in[k]);
		}
		/* A missing input (an earlier indicator still warming up)
		 * leaves the state as it was: the series starts later. */
		if (missing)
			for (k = 0; k < x->def->nout; k++)
				out[k] = NAN;
		else
			x->def->update(b + x->off, in, out);
		if (add_outputs(s, x, rec) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	return s->inf != NULL ? tp_inform_apply(s, rec, err) : 0;
}

int
tp_inds_push(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err)
{
	if (s->inf != NULL)
		return tp_inform_push(s, rec, err);
	s->ready = NULL;
	if (tp_inds_apply(s, rec, err) < 0)
		return -1;
	s->ready = rec;
	return 0;
}

struct tp_rec *
tp_inds_pop(struct tp_inds *s)
{
	struct tp_rec *r = s->ready;

	if (s->inf != NULL)
		return tp_inform_pop(s);
	s->ready = NULL;
	return r;
}

int
tp_inds_flush(struct tp_inds *s, struct tp_err *err)
{
	return s->inf != NULL ? tp_inform_flush(s, err) : 0;
}

int
tp_inds_outputs(const struct tp_inds *s, int *ids, int cap)
{
	int i, k, n = 0;

	for (i = 0; i < s->n; i++)
		for (k = 0; k < s->v[i].def->nout; k++, n++)
			if (n < cap)
				ids[n] = s->v[i].outid[k];
	return tp_inform_outputs(s, ids, cap, n);
}
