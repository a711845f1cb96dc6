/*
 * tp_predict.c: rules and votes (tp_predict.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "rec/tp_candle.h"
#include "decide/tp_expr.h"
#include "ind/tp_ind.h"
#include "core/tp_num.h"
#include "decide/tp_predict.h"
#include "decide/tp_signal.h"

/* ---- rules ----------------------------------------------------------------- */

void
tp_pred_init(struct tp_pred *p, struct tp_names *names)
{
	memset(p, 0, sizeof(*p));
	p->names = names;
	p->mode = TP_VOTE_MAJORITY;
	p->min_entry = 0.60;
	p->min_exit = 0.55;
	p->last_id = -1;
	p->type_at = -1;
	p->sym_at = -1;
	p->time_at = -1;
	tp_names_init(&p->syms);
}

void
tp_pred_release(struct tp_pred *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].src);
		free(p->v[i].slot);
		tp_expr_free(p->v[i].expr);
	}
	free(p->v);
	for (i = 0; i < p->nblocks; i++)
		free(p->blocks[i]);
	free(p->blocks);
	free(p->fid);
	free(p->fat);
	free(p->frule);
	free(p->vals);
	free(p->rv);
	free(p->istrue);
	free(p->val);
	free(p->tag);
	tp_names_release(&p->syms);
	tp_buf_release(&p->tmp);
	memset(p, 0, sizeof(*p));
}

int
tp_pred_action(const char *s, size_t n)
{
	int a;

	for (a = 0; a < TP_ACTION_N; a++)
		if (strlen(tp_action_names[a]) == n &&
		    memcmp(tp_action_names[a], s, n) == 0)
			return a;
	return -1;
}

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_' && *s != '-')
			return 0;
	return 1;
}

/* Rewrite tp_expr's "col N: what" (N in the expanded text) into e, N
 * counted in the rule as written plus col0. */
static int
compile_error(const struct tp_err *ce, const size_t *map, size_t len,
    const char *name, const char *file, int col0, int code,
    struct tp_err *err)
{
	const char *m = ce->msg;
	size_t col = 0;

	if (ce->code != TP_EX_CONFIG || strncmp(m, "col ", 4) != 0)
		return tp_errf(err, ce->code, file, 0, "rule \"%s\": %s", name,
		    m);
	for (m += 4; *m >= '0' && *m <= '9' && col < 100000000; m++)
		col = col * 10 + (size_t)(*m - '0');
	if (col >= 1 && col <= len + 1 && map != NULL)
		col = map[col - 1] + 1;
	return tp_errf(err, code, file, 0, "rule \"%s\": col %zu%s", name,
	    col + (size_t)col0, m);
}

int
tp_pred_add(struct tp_pred *p, const char *name, enum tp_action action,
    double weight, const char *expr, const char *file, int col0, int code,
    struct tp_err *err)
{
	struct tp_err ce = TP_ERR_INIT;
	struct tp_buf text = { NULL, 0, 0 };
	struct tp_pred_rule *r, *v;
	size_t *map = NULL;
	int i;

	if (!valid_name(name))
		return tp_errf(err, code, file, 0, "rule \"%s\": a rule name "
		    "is letters, digits, \"_\" and \"-\"", name);
	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return tp_errf(err, code, file, 0, "rule \"%s\" is "
			    "given twice", name);
	if (!(weight > 0) || weight > 1e300)
		return tp_errf(err, code, file, 0, "rule \"%s\": the weight "
		    "must be a positive number", name);
	v = tp_grow(p->v, &p->cap, p->n + 1, sizeof(*v));
	if (v == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	p->v = v;
	r = &p->v[p->n];
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->weight = weight;
	if (tp_signal_expand(expr, &text, &map, &ce) < 0) {
		/* Its columns are the rule's already. */
		free(map);
		map = NULL;
	} else
		tp_expr_compile(&r->expr, text.p, p->names, &ce);
	if (ce.code != 0) {
		compile_error(&ce, map, text.len, name, file, col0, code, err);
		free(map);
		tp_buf_release(&text);
		return -1;
	}
	free(map);
	tp_buf_release(&text);
	r->name = strdup(name);
	r->src = strdup(expr);
	p->n++;
	if (r->name == NULL || r->src == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

int
tp_pred_add_arg(struct tp_pred *p, const char *arg, struct tp_err *err)
{
	const char *colon = strchr(arg, ':'), *h, *e, *eq, *star, *act;
	char name[64], num[64];
	size_t n;
	double w = 1;
	int a;

	p->nargs++;
	if (colon == NULL)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--rule \"%s\": "
		    "expected [NAME=]ACTION: EXPR", arg);
	for (h = arg; *h == ' '; h++)
		;
	for (e = colon; e > h && e[-1] == ' '; e--)
		;
	eq = memchr(h, '=', (size_t)(e - h));
	for (act = eq != NULL ? eq + 1 : h; *act == ' '; act++)
		;
	star = memchr(act, '*', (size_t)(e - act));
	n = (size_t)((star != NULL ? star : e) - act);
	a = tp_pred_action(act, n);
	if (a < 0)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--rule \"%s\": "
		    "\"%.*s\" is not an action (enter_long, exit_long, "
		    "enter_short, exit_short)", arg, (int)n, act);
	if (star != NULL) {
		n = (size_t)(e - star - 1);
		if (n >= sizeof(num) || tp_num_parse(star + 1, n, &w) !=
		    TP_NUM_OK || !(w > 0))
			return tp_errf(err, TP_EX_USAGE, NULL, 0, "--rule "
			    "\"%s\": the weight must be a positive number, "
			    "not \"%.*s\"", arg, (int)n, star + 1);
	}
	if (eq != NULL) {
		for (n = (size_t)(eq - h); n > 0 && h[n - 1] == ' '; n--)
			;
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, h, n);
		name[n] = '\0';
	} else
		snprintf(name, sizeof(name), "rule%d", p->nargs);
	return tp_pred_add(p, name, (enum tp_action)a, w, colon + 1, NULL,
	    (int)(colon + 1 - arg), TP_EX_USAGE, err);
}

/* A candle's own fields, which every strategy may read. */
static const char *const candle_fields[] = {
	"time", "open", "high", "low", "close", "volume", "symbol",
	"timeframe", "exchange", NULL
};

/* Whether field id is a candle's own, or in ids[0..n). */
static int
field_made(const struct tp_pred *p, int id, const int *ids, int n)
{
	const char *name = p->names->v[id].s;
	int k;

	for (k = 0; candle_fields[k] != NULL; k++)
		if (strcmp(name, candle_fields[k]) == 0)
			return 1;
	for (k = 0; k < n; k++)
		if (ids[k] == id)
			return 1;
	return 0;
}

/* The rule of rules first.. reading field id that is nowhere made: a
 * configuration error naming the closest field that is. */
static int
unmade(const struct tp_pred *p, const struct tp_strategy *s, int rule,
    int id, const int *ids, int n, struct tp_err *err)
{
	const char *want = p->names->v[id].s, *best = NULL, *have;
	int k, d, bestd = 4;

	for (k = 0; k < n + (int)(sizeof(candle_fields) /
	    sizeof(candle_fields[0])) - 1; k++) {
		have = k < n ? p->names->v[ids[k]].s : candle_fields[k - n];
		d = tp_names_distance(want, have);
		if (d < bestd) {
			bestd = d;
			best = have;
		}
	}
	return tp_errf(err, TP_EX_CONFIG, s->path, 0, "rule \"%s\": no "
	    "indicator of the strategy makes field \"%s\"%s%s%s",
	    p->v[rule].name, want, best ? "; did you mean \"" : "",
	    best ? best : "", best ? "\"?" : "");
}

/*
 * Every field the rules of s (p->v[first..]) read is a candle's or one
 * s makes (its indicators, informative fields and shifts, as
 * tp_strategy_inds() adds them): a rule naming another is a mistake in
 * the strategy, found before any data.  A strategy that makes none takes
 * its fields from the records, unchecked.
 */
/* The fields the strategy's model adds, after ids[0..*n). */
static int
model_ids(struct tp_pred *p, const struct tp_mspec *m, int *ids, int *n,
    struct tp_err *err)
{
	char names[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ];
	int k, id, nm = tp_mspec_fields(m, names);

	for (k = 0; k < nm; k++) {
		id = tp_names_intern(p->names, names[k], strlen(names[k]));
		if (id < 0)
			return tp_names_fail(id, "field names", NULL, 0, err);
		ids[(*n)++] = id;
	}
	return 0;
}

static int
check_fields(struct tp_pred *p, const struct tp_strategy *s, int first,
    struct tp_err *err)
{
	const char *const fields[TP_IN_N] = { NULL };
	struct tp_inds inds;
	int *ids = NULL, n = 0, i, k, id, rc = 0;

	/* A model's features come from the records, as do the fields of
	 * a strategy that makes none: then nothing is checked. */
	if (s->nindicators == 0 && s->ninf_tf == 0 && s->ninf_sym == 0 &&
	    s->nshifts == 0)
		return 0;
	tp_inds_init(&inds, p->names);
	rc = tp_strategy_inds(s, &inds, fields, err);
	n = rc == 0 ? tp_inds_outputs(&inds, NULL, 0) : 0;
	ids = malloc(((size_t)n + TP_MSPEC_MAXFIELDS * (size_t)s->nmodels) *
	    sizeof(*ids));
	if (rc == 0 && ids == NULL)
		rc = tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (rc == 0)
		tp_inds_outputs(&inds, ids, n);
	for (i = 0; rc == 0 && i < s->nmodels; i++)
		rc = model_ids(p, &s->models[i], ids, &n, err);
	for (i = first; rc == 0 && i < p->n; i++)
		for (k = 0; rc == 0 && k < tp_expr_nfields(p->v[i].expr); k++) {
			id = tp_expr_field(p->v[i].expr, k);
			if (!field_made(p, id, ids, n))
				rc = unmade(p, s, i, id, ids, n, err);
		}
	free(ids);
	tp_inds_release(&inds);
	return rc;
}

/*
 * The model as a voter: the rules that read its fields, in the rule
 * language, so that they vote, explain and warn as any other
 * (tp-predict(1) MODELS): NAME_up enters long, NAME_down exits long, or
 * with vote.short NAME_short enters short.  A class wins when it is more
 * probable than each other one; a regression's return must pass the
 * threshold.
 */
static int
add_voter(struct tp_pred *p, const struct tp_mspec *m, const char *path,
    struct tp_err *err)
{
	char f[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ], t[TP_NUM_BUFSZ];
	char up[5 * TP_MSPEC_NAMESZ + 64], down[sizeof(up)];
	char name[TP_MSPEC_NAMESZ + 8];
	const char *dp;
	int n = tp_mspec_fields(m, f);

	dp = f[n - 2];		/* do_predict, before model_version */
	tp_num_format(m->threshold, t);
	if (m->label_kind == TP_LABEL_RETURN) {
		snprintf(up, sizeof(up), "%s > %s && %s", f[0], t, dp);
		snprintf(down, sizeof(down), "%s < -%s && %s", f[0], t, dp);
	} else if (m->label_kind == TP_LABEL_BINARY) {
		snprintf(up, sizeof(up), "%s > 0.5 && %s", f[1], dp);
		snprintf(down, sizeof(down), "%s > 0.5 && %s", f[0], dp);
	} else {
		snprintf(up, sizeof(up), "%s > %s && %s > %s && %s", f[2],
		    f[0], f[2], f[1], dp);
		snprintf(down, sizeof(down), "%s > %s && %s > %s && %s", f[0],
		    f[2], f[0], f[1], dp);
	}
	snprintf(name, sizeof(name), "%s_up", m->name);
	if (tp_pred_add(p, name, TP_ENTER_LONG, m->weight, up, path, 0,
	    TP_EX_CONFIG, err) < 0)
		return -1;
	/* Both ways, a down vote enters short, and a trade is closed by
	 * the other way's entry (flip): an exit_long or exit_short of the
	 * same weight on the same rows would tie with the entry and, exits
	 * winning ties, no entry would ever be the signal. */
	snprintf(name, sizeof(name), "%s_%s", m->name, m->vote_short ?
	    "short" : "down");
	return tp_pred_add(p, name, m->vote_short ? TP_ENTER_SHORT :
	    TP_EXIT_LONG, m->weight, down, path, 0, TP_EX_CONFIG, err);
}

int
tp_pred_add_strategy(struct tp_pred *p, const struct tp_strategy *s,
    struct tp_err *err)
{
	int first = p->n;
	struct tp_buf b = { 0 };
	const char *bad;
	int i, rc = 0;

	if (s->nrules == 0 && s->nmodels == 0)
		return tp_errf(err, TP_EX_CONFIG, s->path, 0, "no \"rules\": "
		    "tp-predict decides by a strategy's rules");
	if (s->nrules == 0 && tp_strategy_voters(s) == 0)
		return tp_errf(err, TP_EX_CONFIG, s->path, 0, "no \"rules\" "
		    "and no model that votes (model.vote.weight above 0): "
		    "tp-predict decides by a strategy's rules and its voting "
		    "models");
	/* $name is the strategy's parameter, its value put in. */
	for (i = 0; i < s->nrules && rc == 0; i++)
		rc = tp_strategy_expand(s, s->rules[i].expr, s->param_values,
		    &b, &bad) < 0 ? tp_errf(err, TP_EX_CONFIG, s->path, 0,
		    "rule \"%s\": an unknown parameter", s->rules[i].name) :
		    tp_pred_add(p, s->rules[i].name, s->rules[i].action,
		    s->rules[i].weight, b.p, s->path, 0, TP_EX_CONFIG, err);
	tp_buf_release(&b);
	for (i = 0; i < s->nmodels && rc == 0; i++)
		if (s->models[i].weight > 0)
			rc = add_voter(p, &s->models[i], s->path, err);
	if (rc < 0 || check_fields(p, s, first, err) < 0)
		return -1;
	p->mode = s->mode;
	p->min_entry = s->min_entry;
	p->min_exit = s->min_exit;
	return 0;
}

int
tp_pred_alone(const struct tp_pred *p, int i, char *msg, size_t n)
{
	const struct tp_pred_rule *r = &p->v[i];
	int entry = r->action == TP_ENTER_LONG || r->action == TP_ENTER_SHORT;
	double min = entry ? p->min_entry : p->min_exit, part = 0, whole = 0;
	char a[TP_NUM_BUFSZ], b[TP_NUM_BUFSZ], c[TP_NUM_BUFSZ],
	    m[TP_NUM_BUFSZ], d[128];
	int k, nrules = 0;

	*msg = '\0';
	if (p->mode == TP_VOTE_UNANIMOUS || p->mode == TP_VOTE_ANY)
		return 0;
	for (k = 0; k < p->n; k++)
		if (p->v[k].action == r->action) {
			nrules++;
			whole += p->mode == TP_VOTE_WEIGHTED ? p->v[k].weight : 1;
		}
	part = p->mode == TP_VOTE_WEIGHTED ? r->weight : 1;
	/* vote()'s test: a confidence reaches its minimum when >= it */
	if (part / whole >= min)
		return 0;
	tp_num_format(part, a);
	tp_num_format(whole, b);
	snprintf(c, sizeof(c), "%.3g", part / whole);
	tp_num_format(min, m);
	if (p->mode == TP_VOTE_WEIGHTED)
		snprintf(d, sizeof(d), "weighted: its weight %s of the %s "
		    "rules' %s", a, tp_action_names[r->action], b);
	else
		snprintf(d, sizeof(d), "majority: 1 of its %d rules", nrules);
	snprintf(msg, n, "rule \"%s\": alone it gives %s a confidence of "
	    "%s/%s = %s (%s), below min_confidence_%s %s, so it acts only when "
	    "another %s rule agrees; for alternative rules use voting.mode "
	    "\"any\"", r->name, tp_action_names[r->action], a, b, c, d,
	    entry ? "entry" : "exit", m, tp_action_names[r->action]);
	return 1;
}

static int
intern(struct tp_pred *p, const char *s)
{
	return tp_names_intern(p->names, s, strlen(s));
}

int
tp_pred_prepare(struct tp_pred *p, struct tp_err *err)
{
	struct tp_pred_rule *r;
	size_t tagn = 1;
	int i, k, j, id, maxslots = 1, total = 0;
	char fname[80];

	if (p->n == 0)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "no rule given");
	for (i = 0; i < p->n; i++)
		total += tp_expr_nfields(p->v[i].expr);
	p->fid = malloc((size_t)(total + 1) * sizeof(int));
	p->fat = malloc((size_t)(total + 1) * sizeof(int));
	p->frule = malloc((size_t)(total + 1) * sizeof(int));
	p->vals = malloc((size_t)(total + 1) * sizeof(double));
	p->istrue = malloc((size_t)p->n * sizeof(int));
	p->val = malloc((size_t)p->n * sizeof(double));
	if (p->fid == NULL || p->fat == NULL || p->frule == NULL ||
	    p->vals == NULL || p->istrue == NULL || p->val == NULL)
		goto oom;
	/* A symbol's block starts with the time of its last record. */
	p->state_size = 16;
	for (i = 0; i < p->n; i++) {
		r = &p->v[i];
		k = tp_expr_nfields(r->expr);
		if (k > maxslots)
			maxslots = k;
		r->slot = malloc((size_t)(k + 1) * sizeof(int));
		if (r->slot == NULL)
			goto oom;
		for (k--; k >= 0; k--) {
			id = tp_expr_field(r->expr, k);
			for (j = 0; j < p->nf && p->fid[j] != id; j++)
				;
			if (j == p->nf) {
				p->fid[j] = id;
				p->fat[j] = -1;
				p->frule[j] = i;
				p->nf++;
			}
			r->slot[k] = j;
		}
		r->off = p->state_size;
		p->state_size += (tp_expr_state_size(r->expr) + 15) &
		    ~(size_t)15;
		p->nact[r->action]++;
		p->wsum[r->action] += r->weight;
		tagn += strlen(r->name) + 1;
		snprintf(fname, sizeof(fname), "rule_%s", r->name);
		r->explain_id = intern(p, fname);
		if (r->explain_id < 0)
			goto oom;
	}
	p->rv = malloc((size_t)maxslots * sizeof(double));
	p->tag = malloc(tagn);
	p->signal_id = intern(p, "signal");
	p->confidence_id = intern(p, "confidence");
	p->tag_id = intern(p, "tag");
	p->type_id = intern(p, "type");
	p->symbol_id = intern(p, "symbol");
	p->time_id = intern(p, "time");
	if (p->rv == NULL || p->tag == NULL || p->signal_id < 0 ||
	    p->confidence_id < 0 || p->tag_id < 0 || p->type_id < 0 ||
	    p->symbol_id < 0 || p->time_id < 0)
		goto oom;
	p->ready = 1;
	return 0;
oom:
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

int
tp_pred_out_ids(const struct tp_pred *p, int *ids, int n)
{
	int k = 0, i;

	if (k < n)
		ids[k++] = p->signal_id;
	if (k < n)
		ids[k++] = p->confidence_id;
	if (k < n)
		ids[k++] = p->tag_id;
	for (i = 0; p->explain && i < p->n && k < n; i++)
		ids[k++] = p->v[i].explain_id;
	return k;
}

/* ---- per record ------------------------------------------------------------ */

/* The history block of rec's symbol, made on first sight (tp_ind.c's). */
unsigned char *
tp_pred_block(struct tp_pred *p, const char *s, size_t n, struct tp_err *err)
{
	int i, id, had = p->syms.n;
	unsigned char *b, **v;

	/* Records of one symbol come in runs: skip the hash for those. */
	if (p->last_id >= 0 && p->syms.v[p->last_id].n == n &&
	    memcmp(p->syms.v[p->last_id].s, s, n) == 0)
		return p->blocks[p->last_id];
	id = tp_names_intern(&p->syms, s, n);
	p->last_id = id;
	if (id < 0) {
		tp_names_fail(id, "symbols", NULL, 0, err);
		return NULL;
	}
	if (id < had)
		return p->blocks[id];
	b = malloc(p->state_size > 0 ? p->state_size : 1);
	v = realloc(p->blocks, (size_t)(id + 1) * sizeof(*v));
	if (v != NULL)
		p->blocks = v;
	if (b == NULL || v == NULL) {
		free(b);
		p->last_id = -1;
		goto oom;
	}
	p->blocks[id] = b;
	p->nblocks = id + 1;
	*(int64_t *)(void *)b = TP_TIME_NONE;
	for (i = 0; i < p->n; i++)
		tp_expr_state_init(p->v[i].expr, b + p->v[i].off);
	return b;
oom:
	tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return NULL;
}

static unsigned char *
block_of(struct tp_pred *p, const struct tp_rec *rec, struct tp_err *err)
{
	const char *s = "";
	size_t n = 0;
	unsigned char *b;
	int i, isnull;

	i = tp_rec_find(rec, p->symbol_id, p->sym_at);
	if (i >= 0) {
		p->sym_at = i;
		if (tp_field_text(&rec->f[i], &p->tmp, &s, &n, &isnull) < 0) {
			tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
			    "field \"symbol\" is not valid text");
			return NULL;
		}
	}
	b = tp_pred_block(p, s, n, err);
	if (b == NULL)
		tp_err_at(err, rec->file, rec->line);
	if (b != NULL && tp_candle_time_order(rec, p->time_id, &p->time_at,
	    (int64_t *)(void *)b, s, n, err) < 0)
		return NULL;
	return b;
}

/* Whether rec is a candle: no "type", or type "candle". */

static int
no_field(struct tp_pred *p, const struct tp_rec *rec, int k,
    struct tp_err *err)
{
	const char *want = p->names->v[p->fid[k]].s, *best = NULL, *have;
	int j, d, bestd = 4;

	/* Name the record's closest field: a typo is the usual cause. */
	for (j = 0; j < rec->nf; j++) {
		have = p->names->v[rec->f[j].name].s;
		d = tp_names_distance(want, have);
		if (d < bestd) {
			bestd = d;
			best = have;
		}
	}
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
	    "rule \"%s\": no field \"%s\"%s%s%s", p->v[p->frule[k]].name, want,
	    best ? "; did you mean \"" : "", best ? best : "",
	    best ? "\"?" : "");
}

/* The action chosen from the true rules of each action, or -1. */
static int
vote(struct tp_pred *p, double *conf)
{
	/* Exits first, so that a tie goes to the exit. */
	static const int order[TP_ACTION_N] = {
		TP_EXIT_LONG, TP_EXIT_SHORT, TP_ENTER_LONG, TP_ENTER_SHORT
	};
	double wtrue[TP_ACTION_N] = { 0 }, c, min, bestc = 0;
	int ntrue[TP_ACTION_N] = { 0 }, i, a, k, best = -1;

	for (i = 0; i < p->n; i++)
		if (p->istrue[i]) {
			ntrue[p->v[i].action]++;
			wtrue[p->v[i].action] += p->v[i].weight;
		}
	for (k = 0; k < TP_ACTION_N; k++) {
		a = order[k];
		if (ntrue[a] == 0)
			continue;
		if (p->mode == TP_VOTE_WEIGHTED)
			c = wtrue[a] / p->wsum[a];
		else if (p->mode == TP_VOTE_UNANIMOUS)
			c = ntrue[a] == p->nact[a] ? 1 : 0;
		else if (p->mode == TP_VOTE_ANY)
			c = 1;
		else
			c = (double)ntrue[a] / p->nact[a];
		min = a == TP_ENTER_LONG || a == TP_ENTER_SHORT ?
		    p->min_entry : p->min_exit;
		if (c > 0 && c >= min && (best < 0 || c > bestc)) {
			best = a;
			bestc = c;
		}
	}
	*conf = bestc;
	return best;
}

int
tp_pred_decide(struct tp_pred *p, unsigned char *b, const double *vals,
    double *conf)
{
	struct tp_pred_rule *r;
	double v;
	int i, k;

	for (i = 0; i < p->n; i++) {
		r = &p->v[i];
		for (k = tp_expr_nfields(r->expr) - 1; k >= 0; k--)
			p->rv[k] = vals[r->slot[k]];
		v = tp_expr_eval(r->expr, b + r->off, p->rv);
		p->val[i] = v;
		p->istrue[i] = !isnan(v) && v != 0;
	}
	return vote(p, conf);
}

int
tp_pred_apply(struct tp_pred *p, struct tp_rec *rec, struct tp_err *err)
{
	unsigned char *b;
	size_t n = 0, len;
	double conf;
	int i, k, rc, a;

	if (!tp_rec_is_candle(rec, p->type_id, &p->type_at, &p->tmp))
		return 0;
	b = block_of(p, rec, err);
	if (b == NULL)
		return -1;
	/* Each field once, however many rules read it. */
	for (k = 0; k < p->nf; k++) {
		i = tp_rec_find(rec, p->fid[k], p->fat[k]);
		if (i < 0)
			return no_field(p, rec, k, err);
		p->fat[k] = i;
		rc = tp_field_num(rec, &rec->f[i], p->names, &p->vals[k], err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			p->vals[k] = NAN;
	}
	a = tp_pred_decide(p, b, p->vals, &conf);
	rc = 0;
	if (a < 0) {
		rc |= tp_rec_put(rec, p->signal_id, TP_ENC_NULL, TP_LIT(""));
		rc |= tp_rec_put(rec, p->confidence_id, TP_ENC_NULL,
		    TP_LIT(""));
		rc |= tp_rec_put(rec, p->tag_id, TP_ENC_NULL, TP_LIT(""));
	} else {
		char num[TP_NUM_BUFSZ];

		for (i = 0; i < p->n; i++)
			if (p->istrue[i] && (int)p->v[i].action == a) {
				len = strlen(p->v[i].name);
				if (n > 0)
					p->tag[n++] = ',';
				memcpy(p->tag + n, p->v[i].name, len);
				n += len;
			}
		len = tp_num_format(conf, num);
		rc |= tp_rec_put(rec, p->signal_id, TP_ENC_TEXT,
		    tp_action_names[a], strlen(tp_action_names[a]));
		rc |= tp_rec_put(rec, p->confidence_id, TP_ENC_NUM, num, len);
		rc |= tp_rec_put(rec, p->tag_id, TP_ENC_TEXT, p->tag, n);
	}
	for (i = 0; p->explain && i < p->n; i++) {
		if (isnan(p->val[i]))
			rc |= tp_rec_put(rec, p->v[i].explain_id, TP_ENC_NULL,
			    TP_LIT(""));
		else
			rc |= tp_rec_put(rec, p->v[i].explain_id, TP_ENC_NUM,
			    p->istrue[i] ? "1" : "0", 1);
	}
	return rc ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory") :
	    0;
}
