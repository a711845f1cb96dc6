/*
 * tp_strategy.c: read and check strategy files (tp-strategy(5)).
 *
 * The file is parsed whole by jansson, then walked key by key against a
 * table of the keys each level allows, so that an unknown key is caught
 * with the closest valid name at that level (git's "did you mean").  Every
 * value is checked here, including the parts only later programs read, so
 * a mistake anywhere in the file stops the first program of a pipeline.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "ind/tp_ind.h"
#include "ind/tp_inform.h"
#include "core/tp_num.h"
#include "rec/tp_rec.h"
#include "decide/tp_strategy.h"
#include "core/tp_time.h"

const char *const tp_action_names[TP_ACTION_N] = {
	"enter_long", "exit_long", "enter_short", "exit_short"
};

const char *const tp_lvoting_names[TP_LVOTING_N] = {
	"majority", "unanimous", "weighted"
};

const char *const tp_vote_mode_names[TP_VOTE_N] = {
	"majority", "weighted", "unanimous", "any"
};

static const char *const sizing_modes[] = {
	"fixed", "fraction", "risk", "kelly", "volatility"
};
#define NSIZING ((int)(sizeof(sizing_modes) / sizeof(sizing_modes[0])))

/* The keys each level allows, in the order tp-strategy(5) lists them. */
static const char *const top_keys[] = {
	"name", "description", "timeframe", "indicators", "informative",
	"shift", "parameters", "rules", "voting", "model",
	"minimal_roi", "stoploss", "trailing_stop", "trailing_stop_positive",
	"trailing_stop_positive_offset", "trailing_only_offset_is_reached",
	"use_exit_signal", "flip", "position_adjustment", "sizing",
	"max_open_trades", "dry_run_wallet",
	"leverage", "maintenance_margin", "fees", "risk", "protections",
	"llm", NULL
};
static const char *const rule_keys[] = { "when", "action", "weight", NULL };
static const char *const voting_keys[] = {
	"mode", "min_confidence_entry", "min_confidence_exit", NULL
};
static const char *const sizing_keys[] = { "mode", "value", "fallback",
	NULL };
static const char *const fees_keys[] = { "fee", "slippage_bps", NULL };
static const char *const risk_keys[] = {
	"max_stake", "max_exposure_symbol", "max_exposure_total", "max_heat",
	"daily_loss", "max_drawdown", "max_leverage",
	"min_liquidation_distance", "cooldown_minutes", "stoploss_guard",
	"atr_stop", NULL
};
static const char *const guard_keys[] = { "trades", "minutes", NULL };
static const char *const prot_keys[] = {
	"method", "stop_duration", "stop_duration_candles", "lookback_period",
	"lookback_period_candles", "trade_limit", "only_per_pair",
	"only_per_side", "required_profit", "max_allowed_drawdown", NULL
};
static const char *const atr_keys[] = { "multiple", "min", "max", NULL };
static const char *const adjust_keys[] = {
	"max_entries", "stake_ratio", "min_drop", NULL
};

/* What the walk needs besides the strategy: where errors go. */
struct ctx {
	const char *path;
	struct tp_err *err;
};

static int
fail(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct ctx *c, const char *fmt, ...)
{
	char msg[sizeof(c->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tp_errf(c->err, TP_EX_CONFIG, c->path, 0, "%s", msg);
}


/* Every key of obj must be in keys; "at" is the level's path ("" on top). */
static int
check_keys(struct ctx *c, json_t *obj, const char *at,
    const char *const *keys)
{
	const char *key, *best;
	json_t *v;
	int i, d, bestd;

	json_object_foreach(obj, key, v) {
		best = NULL;
		bestd = 4;	/* suggest only within 3 edits */
		for (i = 0; keys[i] != NULL; i++) {
			if (strcmp(key, keys[i]) == 0)
				break;
			d = tp_names_distance(key, keys[i]);
			if (d < bestd) {
				bestd = d;
				best = keys[i];
			}
		}
		if (keys[i] != NULL)
			continue;
		if (best != NULL)
			return fail(c, "%s%sunknown key \"%s\"; did you mean "
			    "\"%s\"?", at, *at != '\0' ? ": " : "", key, best);
		return fail(c, "%s%sunknown key \"%s\"", at,
		    *at != '\0' ? ": " : "", key);
	}
	return 0;
}

static const char *
fmtnum(double v, char buf[TP_NUM_BUFSZ])
{
	tp_num_format(v, buf);
	return buf;
}

/* A copy of a string, or -1 with TP_EX_SOFTWARE. */
static int
copy_str(struct ctx *c, char **out, const char *s)
{
	*out = strdup(s);
	if (*out == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	return 0;
}

/* The value of key in obj when it is a string, NULL when absent. */
static int
get_string(struct ctx *c, json_t *obj, const char *at, const char *key,
    const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return fail(c, "%s%s: expected a string", at, key);
	*out = json_string_value(v);
	return 0;
}

/* The value of key in obj when it is a number; *has says whether it was
 * there, and *out keeps its default when it was not. */
static int
get_number(struct ctx *c, json_t *obj, const char *at, const char *key,
    double *out, int *has)
{
	json_t *v = json_object_get(obj, key);

	if (has != NULL)
		*has = v != NULL;
	if (v == NULL)
		return 0;
	if (!json_is_number(v))
		return fail(c, "%s%s: expected a number", at, key);
	*out = json_number_value(v);
	return 0;
}

static int
get_bool(struct ctx *c, json_t *obj, const char *at, const char *key,
    int *out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return fail(c, "%s%s: expected true or false", at, key);
	*out = json_is_true(v);
	return 0;
}

/* An optional object; NULL when absent. */
static int
get_object(struct ctx *c, json_t *obj, const char *key, json_t **out)
{
	*out = json_object_get(obj, key);
	if (*out != NULL && !json_is_object(*out))
		return fail(c, "%s: expected an object", key);
	return 0;
}

/* The name default: the file's base name without ".json". */
static int
default_name(struct ctx *c, struct tp_strategy *s, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	s->name = strndup(base, n);
	if (s->name == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	return 0;
}

static int
load_header(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	const char *str;
	int64_t tf;

	if (get_string(c, root, "", "name", &str) < 0)
		return -1;
	if (str != NULL && *str == '\0')
		return fail(c, "name: must not be empty");
	if (str != NULL ? copy_str(c, &s->name, str) < 0 :
	    default_name(c, s, s->path) < 0)
		return -1;
	if (get_string(c, root, "", "description", &str) < 0 ||
	    get_string(c, root, "", "timeframe", &str) < 0)
		return -1;
	if (str != NULL && tp_time_tf_parse(str, &tf) < 0)
		return fail(c, "timeframe: \"%s\" is not a timeframe "
		    "(a number and one of s m h d w, as \"1h\")", str);
	s->timeframe_ms = str != NULL ? tf : 0;
	return 0;
}

/* Each spec is tried on a scratch indicator set, so that a bad name or
 * parameter is reported here with its place in the file. */
static int
load_indicators(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	const char *const fields[TP_IN_N] = { NULL };
	struct tp_names names;
	struct tp_inds inds;
	struct tp_err ierr = TP_ERR_INIT;
	json_t *arr = json_object_get(root, "indicators"), *v;
	size_t i, n;
	int rc = 0;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return fail(c, "indicators: expected an array");
	n = json_array_size(arr);
	if (n == 0)
		return 0;
	s->indicators = calloc(n, sizeof(*s->indicators));
	if (s->indicators == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	tp_names_init(&names);
	tp_inds_init(&inds, &names);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			rc = fail(c, "indicators[%zu]: expected a string", i);
			break;
		}
		if (tp_inds_add(&inds, json_string_value(v), NULL, fields,
		    &ierr) < 0) {
			if (ierr.code == TP_EX_SOFTWARE)
				rc = tp_errf(c->err, TP_EX_SOFTWARE, c->path,
				    0, "%s", ierr.msg);
			else
				rc = fail(c, "indicators[%zu]: %s", i,
				    ierr.msg);
			break;
		}
		rc = copy_str(c, &s->indicators[i], json_string_value(v));
		if (rc < 0)
			break;
		s->nindicators++;
	}
	tp_inds_release(&inds);
	tp_names_release(&names);
	return rc;
}

/* A copy of each string of array arr (at names it) into *out, *n of them:
 * at least one, none empty.  Returns -1 with the error set. */
static int
load_strings(struct ctx *c, json_t *arr, const char *at, const char *what,
    char ***out, int *n)
{
	json_t *v;
	size_t i;

	if (!json_is_array(arr))
		return fail(c, "%s: expected an array of %s", at, what);
	if (json_array_size(arr) == 0)
		return fail(c, "%s: must not be empty", at);
	*out = calloc(json_array_size(arr), sizeof(**out));
	if (*out == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || *json_string_value(v) == '\0')
			return fail(c, "%s[%zu]: expected a non-empty string",
			    at, i);
		if (copy_str(c, &(*out)[i], json_string_value(v)) < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

/* Each spec of a timeframe is tried on a scratch set of its own, as
 * load_indicators() does, so that a bad one is found with its place. */
static int
check_specs(struct ctx *c, const struct tp_inf_tf *t, const char *at)
{
	const char *const fields[TP_IN_N] = { NULL };
	struct tp_err ierr = TP_ERR_INIT;
	struct tp_names names;
	struct tp_inds inds;
	int i, rc = 0;

	tp_names_init(&names);
	tp_inds_init(&inds, &names);
	for (i = 0; i < t->nspecs && rc == 0; i++)
		if (tp_inds_add(&inds, t->specs[i], NULL, fields, &ierr) < 0)
			rc = ierr.code == TP_EX_SOFTWARE ? tp_errf(c->err,
			    TP_EX_SOFTWARE, c->path, 0, "%s", ierr.msg) :
			    fail(c, "%s[%d]: %s", at, i, ierr.msg);
	tp_inds_release(&inds);
	tp_names_release(&names);
	return rc;
}

/* A key of "informative" that is no timeframe: "symbols" misspelt, or a
 * timeframe that is not one. */
static int
bad_inf_key(struct ctx *c, const char *key)
{
	if (tp_names_distance(key, "symbols") <= 3)
		return fail(c, "informative: unknown key \"%s\"; did you mean "
		    "\"symbols\"?", key);
	return fail(c, "informative: \"%s\" is not a timeframe (a number "
	    "and one of s m h d w, as \"4h\") nor \"symbols\"", key);
}

/* One timeframe of "informative": a whole multiple of the strategy's,
 * which the resampling builds from its candles, and the warm-up counts
 * in them. */
static int
load_inf_tf(struct ctx *c, struct tp_strategy *s, const char *key,
    json_t *arr)
{
	struct tp_inf_tf *t = &s->inf_tf[s->ninf_tf];
	char at[160], base[32];
	int64_t ms;
	int i;

	if (tp_time_tf_parse(key, &ms) < 0)
		return bad_inf_key(c, key);
	snprintf(at, sizeof(at), "informative.\"%s\"", key);
	if (s->timeframe_ms <= 0)
		return fail(c, "%s: needs the strategy's \"timeframe\", the "
		    "candles it is resampled from", at);
	tp_time_tf_format(s->timeframe_ms, base);
	if (ms < s->timeframe_ms || ms % s->timeframe_ms != 0)
		return fail(c, "%s: %s is not a whole multiple of the "
		    "strategy's timeframe %s", at, key, base);
	for (i = 0; i < s->ninf_tf; i++)
		if (s->inf_tf[i].ms == ms)
			return fail(c, "%s: the same timeframe as \"%s\"", at,
			    s->inf_tf[i].name);
	/* Counted first, so release frees what is made. */
	s->ninf_tf++;
	t->ms = ms;
	if (copy_str(c, &t->name, key) < 0 || load_strings(c, arr, at,
	    "indicator specs", &t->specs, &t->nspecs) < 0)
		return -1;
	return check_specs(c, t, at);
}

/* "informative"."symbols": SYMBOL -> fields or specs. */
static int
load_inf_syms(struct ctx *c, struct tp_strategy *s, json_t *obj)
{
	struct tp_inf_sym *y;
	const char *key;
	char at[160];
	json_t *v;

	if (!json_is_object(obj))
		return fail(c, "informative.symbols: expected an object");
	if (json_object_size(obj) == 0)
		return 0;
	s->inf_sym = calloc(json_object_size(obj), sizeof(*s->inf_sym));
	if (s->inf_sym == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(obj, key, v) {
		if (*key == '\0')
			return fail(c, "informative.symbols: \"\" is not a "
			    "symbol");
		snprintf(at, sizeof(at), "informative.symbols.\"%s\"", key);
		y = &s->inf_sym[s->ninf_sym++];
		if (copy_str(c, &y->symbol, key) < 0 || load_strings(c, v,
		    at, "fields or indicator specs", &y->what, &y->nwhat) < 0)
			return -1;
	}
	return 0;
}

/* "informative": higher timeframes and other symbols (tp_inform.h). */
static int
load_informative(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	const char *key;
	json_t *obj, *v;

	if (get_object(c, root, "informative", &obj) < 0)
		return -1;
	if (obj == NULL || json_object_size(obj) == 0)
		return 0;
	s->inf_tf = calloc(json_object_size(obj), sizeof(*s->inf_tf));
	if (s->inf_tf == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "symbols") == 0) {
			if (load_inf_syms(c, s, v) < 0)
				return -1;
		} else if (load_inf_tf(c, s, key, v) < 0)
			return -1;
	}
	return 0;
}

/* "shift": FIELD -> how many earlier rows, 1 to 1000. */
static int
load_shift(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	char buf[TP_NUM_BUFSZ];
	const char *key;
	json_t *obj, *v;
	double n;

	if (get_object(c, root, "shift", &obj) < 0)
		return -1;
	if (obj == NULL || json_object_size(obj) == 0)
		return 0;
	s->shifts = calloc(json_object_size(obj), sizeof(*s->shifts));
	if (s->shifts == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(obj, key, v) {
		if (*key == '\0')
			return fail(c, "shift: \"\" is not a field");
		if (!json_is_number(v))
			return fail(c, "shift.%s: expected a number", key);
		n = json_number_value(v);
		if (!(n >= 1 && n <= 1000 && n == floor(n)))
			return fail(c, "shift.%s: must be a whole number from "
			    "1 to 1000, not %s", key, fmtnum(n, buf));
		s->shifts[s->nshifts].n = (int)n;
		if (copy_str(c, &s->shifts[s->nshifts++].what, key) < 0)
			return -1;
	}
	return 0;
}

static int
valid_rule_name(const char *name)
{
	const char *p;

	if (*name == '\0')
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '_' && *p != '-')
			return 0;
	return 1;
}

static int
load_rule(struct ctx *c, struct tp_rule *r, const char *name, json_t *obj)
{
	char level[160], at[160];
	const char *when, *action;
	int a, has;

	snprintf(level, sizeof(level), "rules.%s", name);
	snprintf(at, sizeof(at), "rules.%s.", name);
	if (!json_is_object(obj))
		return fail(c, "%s: expected an object", level);
	if (check_keys(c, obj, level, rule_keys) < 0)
		return -1;
	if (copy_str(c, &r->name, name) < 0)
		return -1;
	r->weight = 1;
	if (get_string(c, obj, at, "when", &when) < 0 ||
	    get_string(c, obj, at, "action", &action) < 0 ||
	    get_number(c, obj, at, "weight", &r->weight, &has) < 0)
		return -1;
	if (when == NULL)
		return fail(c, "rules.%s: missing key \"when\"", name);
	if (action == NULL)
		return fail(c, "rules.%s: missing key \"action\"", name);
	if (strspn(when, " \t\r\n") == strlen(when))
		return fail(c, "rules.%s.when: must not be empty", name);
	for (a = 0; a < TP_ACTION_N; a++)
		if (strcmp(action, tp_action_names[a]) == 0)
			break;
	if (a == TP_ACTION_N)
		return fail(c, "rules.%s.action: \"%s\" is not an action "
		    "(enter_long, exit_long, enter_short, exit_short)", name,
		    action);
	r->action = (enum tp_action)a;
	if (has && !(r->weight > 0)) {
		char buf[TP_NUM_BUFSZ];

		return fail(c, "rules.%s.weight: must be a positive number, "
		    "not %s", name, fmtnum(r->weight, buf));
	}
	return copy_str(c, &r->expr, when);
}

int
tp_strategy_in_range(const char *key, double v)
{
	if (strcmp(key, "stoploss") == 0)
		return v < 0 && v > -1;
	if (strcmp(key, "trailing_stop_positive") == 0)
		return v > 0 && v < 1;
	if (strcmp(key, "trailing_stop_positive_offset") == 0)
		return v >= 0 && v < 1;
	if (strcmp(key, "leverage") == 0)
		return v >= 1 && v <= 125;
	/* a ROI step; -1 is freqtrade's "exit whatever the result" */
	return v >= -1 && v < 1e6;
}

int
tp_strategy_param(const struct tp_strategy *s, const char *name, size_t n)
{
	int i;

	for (i = 0; i < s->nparams; i++)
		if (strlen(s->param_names[i]) == n &&
		    memcmp(s->param_names[i], name, n) == 0)
			return i;
	return -1;
}

static int
is_word(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_';
}

int
tp_strategy_expand(const struct tp_strategy *s, const char *expr,
    const double *values, struct tp_buf *out, const char **bad)
{
	char num[TP_NUM_BUFSZ];
	const char *p = expr, *d, *e;
	int i;

	*bad = NULL;
	out->len = 0;
	while ((d = strchr(p, '$')) != NULL) {
		for (e = d + 1; is_word((unsigned char)*e); e++)
			;
		i = tp_strategy_param(s, d + 1, (size_t)(e - d - 1));
		if (i < 0) {
			*bad = d;
			return -1;
		}
		/* in parentheses: "-$x" with x = -1 must not read "--1" */
		if (tp_buf_add(out, p, (size_t)(d - p)) < 0 ||
		    tp_buf_add(out, TP_LIT("(")) < 0 ||
		    tp_buf_add(out, num, tp_num_format(values[i], num)) < 0 ||
		    tp_buf_add(out, TP_LIT(")")) < 0)
			return -1;
		p = e;
	}
	return tp_buf_add(out, p, strlen(p) + 1);
}

/* "parameters": names (words) mapped to numbers. */
static int
load_params(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	const char *key, *k;
	size_t n;
	json_t *obj, *v;

	if (get_object(c, root, "parameters", &obj) < 0)
		return -1;
	if (obj == NULL || (n = json_object_size(obj)) == 0)
		return 0;
	s->param_names = calloc(n, sizeof(*s->param_names));
	s->param_values = calloc(n, sizeof(*s->param_values));
	if (s->param_names == NULL || s->param_values == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(obj, key, v) {
		for (k = key; is_word((unsigned char)*k); k++)
			;
		if (*key == '\0' || *k != '\0' || (*key >= '0' && *key <= '9'))
			return fail(c, "parameters: \"%s\" is not a name "
			    "(letters, digits and \"_\", not first a digit)",
			    key);
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			return fail(c, "parameters.%s: expected a number", key);
		s->param_values[s->nparams] = json_number_value(v);
		if (copy_str(c, &s->param_names[s->nparams], key) < 0)
			return -1;
		s->nparams++;
	}
	return 0;
}

/* Every $name in the rules is a parameter. */
static int
check_params(struct ctx *c, struct tp_strategy *s)
{
	struct tp_buf b = { 0 };
	const char *bad;
	int i, rc = 0;

	for (i = 0; i < s->nrules && rc == 0; i++)
		if (tp_strategy_expand(s, s->rules[i].expr, s->param_values,
		    &b, &bad) < 0) {
			const char *e = bad ? bad + 1 : NULL;

			while (e != NULL && is_word((unsigned char)*e))
				e++;
			rc = bad ? fail(c, "rules.%s.when: \"%.*s\" is not in "
			    "\"parameters\"", s->rules[i].name, (int)(e - bad),
			    bad) : tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
			    "out of memory");
		}
	tp_buf_release(&b);
	return rc;
}

static int
load_rules(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	json_t *obj = json_object_get(root, "rules"), *v;
	const char *name;
	size_t n;

	if (obj == NULL)
		return 0;	/* signals may come with the records */
	if (!json_is_object(obj))
		return fail(c, "rules: expected an object");
	n = json_object_size(obj);
	if (n == 0)
		return fail(c, "rules: must hold at least one rule");
	s->rules = calloc(n, sizeof(*s->rules));
	if (s->rules == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(obj, name, v) {
		if (!valid_rule_name(name))
			return fail(c, "rules: \"%s\" is not a rule name "
			    "(letters, digits, \"_\" and \"-\")", name);
		/* Counted first, so release frees what load_rule made. */
		s->nrules++;
		if (load_rule(c, &s->rules[s->nrules - 1], name, v) < 0)
			return -1;
	}
	return 0;
}

static int
check_confidence(struct ctx *c, const char *key, double v)
{
	char buf[TP_NUM_BUFSZ];

	if (v >= 0 && v <= 1)
		return 0;
	return fail(c, "voting.%s: must be a number from 0 to 1, not %s",
	    key, fmtnum(v, buf));
}

static int
load_voting(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	json_t *obj;
	const char *mode;
	int m;

	if (get_object(c, root, "voting", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (check_keys(c, obj, "voting", voting_keys) < 0 ||
	    get_string(c, obj, "voting.", "mode", &mode) < 0)
		return -1;
	if (mode != NULL) {
		for (m = 0; m < TP_VOTE_N; m++)
			if (strcmp(mode, tp_vote_mode_names[m]) == 0)
				break;
		if (m == TP_VOTE_N)
			return fail(c, "voting.mode: \"%s\" is not a mode "
			    "(majority, weighted, unanimous, any)", mode);
		s->mode = (enum tp_vote_mode)m;
	}
	if (get_number(c, obj, "voting.", "min_confidence_entry",
	    &s->min_entry, NULL) < 0 ||
	    check_confidence(c, "min_confidence_entry", s->min_entry) < 0 ||
	    get_number(c, obj, "voting.", "min_confidence_exit",
	    &s->min_exit, NULL) < 0 ||
	    check_confidence(c, "min_confidence_exit", s->min_exit) < 0)
		return -1;
	return 0;
}

static int
roi_cmp(const void *a, const void *b)
{
	const struct tp_roi *x = a, *y = b;

	return (x->minutes > y->minutes) - (x->minutes < y->minutes);
}

/* freqtrade's minimal_roi: {"minutes": ratio}, minutes a whole number
 * written in decimal digits; stored sorted by minutes. */
static int
load_roi(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	char buf[TP_NUM_BUFSZ];
	json_t *obj, *v;
	const char *key;
	int64_t min;
	double r;
	int i;

	if (get_object(c, root, "minimal_roi", &obj) < 0)
		return -1;
	if (obj == NULL || json_object_size(obj) == 0)
		return 0;
	s->roi = calloc(json_object_size(obj), sizeof(*s->roi));
	if (s->roi == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(obj, key, v) {
		if (*key == '\0' || strspn(key, "0123456789") != strlen(key) ||
		    tp_num_parse_i64(key, strlen(key), &min) != TP_NUM_OK)
			return fail(c, "minimal_roi: \"%s\" is not a number "
			    "of minutes (a whole number, as \"30\")", key);
		if (!json_is_number(v))
			return fail(c, "minimal_roi.%s: expected a number",
			    key);
		r = json_number_value(v);
		if (!tp_strategy_in_range("roi", r))
			return fail(c, "minimal_roi.%s: must be a ratio from "
			    "-1, not %s", key, fmtnum(r, buf));
		for (i = 0; i < s->nroi; i++)
			if (s->roi[i].minutes == (double)min)
				return fail(c, "minimal_roi: \"%s\" repeats "
				    "minute %s", key, fmtnum((double)min,
				    buf));
		s->roi[s->nroi].minutes = (double)min;
		s->roi[s->nroi].ratio = r;
		s->nroi++;
	}
	qsort(s->roi, (size_t)s->nroi, sizeof(*s->roi), roi_cmp);
	return 0;
}

/* position_adjustment: DCA, more entries into an open trade. */
static int
load_adjust(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	char buf[TP_NUM_BUFSZ];
	double n = 0;
	json_t *obj;

	if (get_object(c, root, "position_adjustment", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	s->adjust_stake_ratio = 1;
	if (check_keys(c, obj, "position_adjustment", adjust_keys) < 0 ||
	    get_number(c, obj, "position_adjustment.", "max_entries", &n,
	    NULL) < 0 || get_number(c, obj, "position_adjustment.",
	    "stake_ratio", &s->adjust_stake_ratio, NULL) < 0 ||
	    get_number(c, obj, "position_adjustment.", "min_drop",
	    &s->adjust_min_drop, NULL) < 0)
		return -1;
	if (!(n >= 1 && n <= 100 && n == floor(n)))
		return fail(c, "position_adjustment.max_entries: must be a "
		    "whole number from 1 to 100, not %s", fmtnum(n, buf));
	if (!(s->adjust_stake_ratio > 0 && s->adjust_stake_ratio <= 100))
		return fail(c, "position_adjustment.stake_ratio: must be above "
		    "0 and at most 100, not %s",
		    fmtnum(s->adjust_stake_ratio, buf));
	if (!(s->adjust_min_drop >= 0 && s->adjust_min_drop < 1))
		return fail(c, "position_adjustment.min_drop: must be a ratio "
		    "from 0 to below 1, not %s", fmtnum(s->adjust_min_drop,
		    buf));
	s->adjust_max = (int)n;
	return 0;
}

static int
load_exits(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	char buf[TP_NUM_BUFSZ];
	int has_pos, has_off;

	if (get_number(c, root, "", "stoploss", &s->stoploss,
	    &s->has_stoploss) < 0)
		return -1;
	if (s->has_stoploss && !tp_strategy_in_range("stoploss", s->stoploss))
		return fail(c, "stoploss: must be a negative ratio above -1, "
		    "not %s", fmtnum(s->stoploss, buf));
	if (get_bool(c, root, "", "trailing_stop", &s->trailing_stop) < 0 ||
	    get_number(c, root, "", "trailing_stop_positive",
	    &s->trailing_stop_positive, &has_pos) < 0)
		return -1;
	if (has_pos && !tp_strategy_in_range("trailing_stop_positive",
	    s->trailing_stop_positive))
		return fail(c, "trailing_stop_positive: must be a ratio "
		    "above 0 and below 1, not %s",
		    fmtnum(s->trailing_stop_positive, buf));
	if (get_number(c, root, "", "trailing_stop_positive_offset",
	    &s->trailing_stop_positive_offset, &has_off) < 0)
		return -1;
	if (has_off && !tp_strategy_in_range("trailing_stop_positive_offset",
	    s->trailing_stop_positive_offset))
		return fail(c, "trailing_stop_positive_offset: must be a ratio "
		    "from 0 to below 1, not %s",
		    fmtnum(s->trailing_stop_positive_offset, buf));
	if (has_pos && has_off &&
	    s->trailing_stop_positive_offset < s->trailing_stop_positive) {
		char buf2[TP_NUM_BUFSZ];

		return fail(c, "trailing_stop_positive_offset: must not be "
		    "below trailing_stop_positive (%s), not %s",
		    fmtnum(s->trailing_stop_positive, buf2),
		    fmtnum(s->trailing_stop_positive_offset, buf));
	}
	if (get_bool(c, root, "", "trailing_only_offset_is_reached",
	    &s->trailing_only_offset_is_reached) < 0)
		return -1;
	if (get_bool(c, root, "", "use_exit_signal",
	    &s->use_exit_signal) < 0 ||
	    get_bool(c, root, "", "flip", &s->flip) < 0)
		return -1;
	return load_adjust(c, s, root);
}

static int
load_sizing(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	char buf[TP_NUM_BUFSZ];
	json_t *obj;
	const char *mode;
	double v = 0;
	int m, has, has_fb;

	if (get_object(c, root, "sizing", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (check_keys(c, obj, "sizing", sizing_keys) < 0 ||
	    get_string(c, obj, "sizing.", "mode", &mode) < 0 ||
	    get_number(c, obj, "sizing.", "value", &v, &has) < 0 ||
	    get_number(c, obj, "sizing.", "fallback", &s->sizing_fallback,
	    &has_fb) < 0)
		return -1;
	if (mode == NULL)
		return fail(c, "sizing: missing key \"mode\"");
	if (!has)
		return fail(c, "sizing: missing key \"value\"");
	for (m = 0; m < NSIZING; m++)
		if (strcmp(mode, sizing_modes[m]) == 0)
			break;
	if (m == NSIZING)
		return fail(c, "sizing.mode: \"%s\" is not a mode "
		    "(fixed, fraction, risk, kelly, volatility)", mode);
	if (m == 0 && !(v > 0))
		return fail(c, "sizing.value: must be a positive amount of "
		    "the quote currency, not %s", fmtnum(v, buf));
	if (m == 1 && !(v > 0 && v <= 1))
		return fail(c, "sizing.value: must be a fraction of equity "
		    "above 0 and at most 1, not %s", fmtnum(v, buf));
	if ((m == 2 || m == 4) && !(v > 0 && v <= 0.1))
		return fail(c, "sizing.value: must be a fraction of equity "
		    "above 0 and at most 0.1, not %s", fmtnum(v, buf));
	if (m == 3 && !(v > 0 && v <= 1))
		return fail(c, "sizing.value: must be a fraction of the Kelly "
		    "bet above 0 and at most 1, not %s", fmtnum(v, buf));
	if (has_fb && m != 3)
		return fail(c, "sizing.fallback: only for mode \"kelly\"");
	if (!has_fb)
		s->sizing_fallback = 0.02;
	else if (!(s->sizing_fallback > 0 && s->sizing_fallback <= 1))
		return fail(c, "sizing.fallback: must be a fraction of equity "
		    "above 0 and at most 1, not %s",
		    fmtnum(s->sizing_fallback, buf));
	s->sizing_value = v;
	return copy_str(c, &s->sizing_mode, mode);
}

/* A number of "risk", checked lo < v <= hi, into *out. */
struct rnum {
	const char *key;
	size_t off;		/* of the double in struct tp_strategy */
	double lo, hi;
	const char *what;	/* for "must be ..." */
};

#define SOFF(f) offsetof(struct tp_strategy, f)

static const struct rnum risk_nums[] = {
	{ "max_stake", SOFF(max_stake), 0, INFINITY,
	    "an amount of the quote currency above 0" },
	{ "max_exposure_symbol", SOFF(limits.max_exposure_symbol), 0, 125,
	    "a ratio of equity above 0 and at most 125" },
	{ "max_exposure_total", SOFF(limits.max_exposure_total), 0, 125,
	    "a ratio of equity above 0 and at most 125" },
	{ "max_heat", SOFF(limits.max_heat), 0, 1,
	    "a ratio of equity above 0 and at most 1" },
	{ "daily_loss", SOFF(limits.daily_loss), 0, 1,
	    "a ratio of equity above 0 and at most 1" },
	{ "max_drawdown", SOFF(limits.max_drawdown), 0, 1,
	    "a ratio of equity above 0 and at most 1" },
	{ "max_leverage", SOFF(limits.max_leverage), 0, 125,
	    "a leverage above 0 and at most 125" },
	{ "min_liquidation_distance", SOFF(limits.min_liq_distance), -1e-12,
	    0.999, "a ratio of the entry from 0 (off) to below 1" },
};

static int
load_rnum(struct ctx *c, struct tp_strategy *s, json_t *obj,
    const char *at, const struct rnum *r)
{
	char buf[TP_NUM_BUFSZ];
	double v = 0;
	int has;

	if (get_number(c, obj, at, r->key, &v, &has) < 0)
		return -1;
	if (!has)
		return 0;
	if (!(v > r->lo && v <= r->hi))
		return fail(c, "%s%s: must be %s, not %s", at, r->key, r->what,
		    fmtnum(v, buf));
	*(double *)((char *)s + r->off) = v;
	return 0;
}

/* A whole number of minutes from lo to a year, as ms into *ms. */
static int
load_minutes(struct ctx *c, json_t *obj, const char *at, const char *key,
    double lo, int64_t *ms)
{
	char buf[TP_NUM_BUFSZ];
	double v = 0;
	int has;

	if (get_number(c, obj, at, key, &v, &has) < 0)
		return -1;
	if (!has)
		return 0;
	if (!(v >= lo && v <= 525600 && v == floor(v)))
		return fail(c, "%s%s: must be a whole number of minutes from "
		    "%g to 525600, not %s", at, key, lo, fmtnum(v, buf));
	*ms = (int64_t)v * 60000;
	return 0;
}

/* "risk.stoploss_guard": this many stop-losses within minutes lock entries. */
static int
load_guard(struct ctx *c, struct tp_strategy *s, json_t *risk)
{
	char buf[TP_NUM_BUFSZ];
	json_t *obj;
	double n = 0;
	int has;

	if (get_object(c, risk, "stoploss_guard", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (check_keys(c, obj, "risk.stoploss_guard", guard_keys) < 0 ||
	    get_number(c, obj, "risk.stoploss_guard.", "trades", &n,
	    &has) < 0)
		return -1;
	if (!has || json_object_get(obj, "minutes") == NULL)
		return fail(c, "risk.stoploss_guard: needs \"trades\" and "
		    "\"minutes\"");
	if (!(n >= 1 && n <= 1000 && n == floor(n)))
		return fail(c, "risk.stoploss_guard.trades: must be a whole "
		    "number from 1 to 1000, not %s", fmtnum(n, buf));
	s->limits.stop_streak = (int)n;
	return load_minutes(c, obj, "risk.stoploss_guard.", "minutes", 1,
	    &s->limits.stop_window_ms);
}

/* "risk.atr_stop": the stop multiple ATRs away, clamped to [min, max]. */
static int
load_atr_stop(struct ctx *c, struct tp_strategy *s, json_t *risk)
{
	static const struct rnum nums[] = {
		{ "multiple", SOFF(atr_stop_multiple), 0, 100,
		    "a number of ATRs above 0 and at most 100" },
		{ "min", SOFF(atr_stop_min), 0, 1,
		    "a ratio of the entry above 0 and below 1" },
		{ "max", SOFF(atr_stop_max), 0, 1,
		    "a ratio of the entry above 0 and below 1" },
	};
	char b1[TP_NUM_BUFSZ], b2[TP_NUM_BUFSZ];
	json_t *obj;
	size_t k;

	if (get_object(c, risk, "atr_stop", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (check_keys(c, obj, "risk.atr_stop", atr_keys) < 0)
		return -1;
	for (k = 0; k < sizeof(nums) / sizeof(nums[0]); k++)
		if (load_rnum(c, s, obj, "risk.atr_stop.", &nums[k]) < 0)
			return -1;
	if (s->atr_stop_multiple == 0)
		return fail(c, "risk.atr_stop: missing key \"multiple\"");
	if (s->atr_stop_max > 0 && s->atr_stop_min > s->atr_stop_max)
		return fail(c, "risk.atr_stop.min: must not be above max (%s), "
		    "not %s", fmtnum(s->atr_stop_max, b1),
		    fmtnum(s->atr_stop_min, b2));
	return 0;
}

static int
load_risk(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	json_t *obj;
	size_t k;

	s->limits.max_open_trades = s->max_open_trades > 0 ?
	    s->max_open_trades : 0;
	if (get_object(c, root, "risk", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (check_keys(c, obj, "risk", risk_keys) < 0)
		return -1;
	for (k = 0; k < sizeof(risk_nums) / sizeof(risk_nums[0]); k++)
		if (load_rnum(c, s, obj, "risk.", &risk_nums[k]) < 0)
			return -1;
	if (load_minutes(c, obj, "risk.", "cooldown_minutes", 0,
	    &s->limits.cooldown_ms) < 0 || load_guard(c, s, obj) < 0)
		return -1;
	return load_atr_stop(c, s, obj);
}

/* A duration of a protection: key in minutes or key_candles in candles of
 * the strategy's timeframe (freqtrade's two forms, not both). */
static int
load_span(struct ctx *c, const struct tp_strategy *s, json_t *obj,
    const char *at, const char *key, int64_t *ms)
{
	char candles[64], buf[TP_NUM_BUFSZ];
	double v = 0;
	int has;

	snprintf(candles, sizeof(candles), "%s_candles", key);
	if (json_object_get(obj, key) != NULL &&
	    json_object_get(obj, candles) != NULL)
		return fail(c, "%s%s: give it or \"%s\", not both", at,
		    candles, key);
	if (get_number(c, obj, at, candles, &v, &has) < 0)
		return -1;
	if (!has)
		return load_minutes(c, obj, at, key, 0, ms);
	if (!(v >= 0 && v <= 1000000 && v == floor(v)))
		return fail(c, "%s%s: must be a whole number of candles from 0 "
		    "to 1000000, not %s", at, candles, fmtnum(v, buf));
	if (s->timeframe_ms <= 0)
		return fail(c, "%s%s: candles need the strategy's "
		    "\"timeframe\"", at, candles);
	*ms = (int64_t)v * s->timeframe_ms;
	return 0;
}

/* One of "protections": freqtrade's keys and defaults (tp_protect.h). */
static int
load_protection(struct ctx *c, struct tp_strategy *s, json_t *obj,
    const char *at, struct tp_protection *p)
{
	char buf[64], nb[TP_NUM_BUFSZ];
	const char *m;
	double v;
	int k, has;

	if (!json_is_object(obj))
		return fail(c, "%s: expected an object", at);
	if (check_keys(c, obj, at, prot_keys) < 0 ||
	    get_string(c, obj, at, "method", &m) < 0)
		return -1;
	for (k = 0; m != NULL && k < TP_PROTECT_N; k++)
		if (strcmp(m, tp_protect_names[k]) == 0)
			break;
	if (m == NULL || k == TP_PROTECT_N)
		return fail(c, "%s.method: expected one of CooldownPeriod, "
		    "StoplossGuard, MaxDrawdown, LowProfitPairs", at);
	tp_protect_defaults(p, (enum tp_protect_method)k);
	snprintf(buf, sizeof(buf), "%s.", at);
	if (load_span(c, s, obj, buf, "stop_duration", &p->stop_ms) < 0 ||
	    load_span(c, s, obj, buf, "lookback_period", &p->lookback_ms) < 0 ||
	    get_bool(c, obj, buf, "only_per_pair", &p->only_per_pair) < 0 ||
	    get_bool(c, obj, buf, "only_per_side", &p->only_per_side) < 0 ||
	    get_number(c, obj, buf, "required_profit", &p->required_profit,
	    NULL) < 0 || get_number(c, obj, buf, "max_allowed_drawdown",
	    &p->max_allowed_drawdown, NULL) < 0)
		return -1;
	v = p->trade_limit;
	if (get_number(c, obj, buf, "trade_limit", &v, &has) < 0)
		return -1;
	if (!(v >= 1 && v <= 1000000 && v == floor(v)))
		return fail(c, "%strade_limit: must be a whole number from 1 "
		    "to 1000000, not %s", buf, fmtnum(v, nb));
	p->trade_limit = (int)v;
	if (!(p->max_allowed_drawdown >= 0) || !isfinite(p->required_profit))
		return fail(c, "%s: max_allowed_drawdown must be 0 or more, "
		    "required_profit a number", at);
	return 0;
}

/* "protections": freqtrade's protections array, in order. */
static int
load_protections(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	json_t *a = json_object_get(root, "protections"), *v;
	char at[48];
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return fail(c, "protections: expected an array");
	if (json_array_size(a) > TP_PROTECT_MAX)
		return fail(c, "protections: at most %d", TP_PROTECT_MAX);
	json_array_foreach(a, i, v) {
		snprintf(at, sizeof(at), "protections[%zu]", i);
		if (load_protection(c, s, v, at,
		    &s->limits.prot[s->limits.nprot++]) < 0)
			return -1;
	}
	return 0;
}

static int
load_costs(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	char buf[TP_NUM_BUFSZ];
	json_t *obj;

	double mot = -1;

	if (get_number(c, root, "", "leverage", &s->leverage, NULL) < 0 ||
	    get_number(c, root, "", "maintenance_margin",
	    &s->maintenance_margin, NULL) < 0 ||
	    get_number(c, root, "", "max_open_trades", &mot, NULL) < 0 ||
	    get_number(c, root, "", "dry_run_wallet", &s->dry_run_wallet,
	    NULL) < 0)
		return -1;
	if (!tp_strategy_in_range("leverage", s->leverage))
		return fail(c, "leverage: must be a number from 1 to 125, "
		    "not %s", fmtnum(s->leverage, buf));
	if (!(s->maintenance_margin >= 0 && s->maintenance_margin < 0.5))
		return fail(c, "maintenance_margin: must be a ratio from 0 to "
		    "below 0.5, not %s", fmtnum(s->maintenance_margin, buf));
	if (!(mot == -1 || (mot >= 1 && mot <= 1e6 && mot == floor(mot))))
		return fail(c, "max_open_trades: must be a whole number from 1,"
		    " or -1 for no limit, not %s", fmtnum(mot, buf));
	s->max_open_trades = (int)mot;
	if (!(s->dry_run_wallet > 0 && s->dry_run_wallet < 1e15))
		return fail(c, "dry_run_wallet: must be a positive amount, "
		    "not %s", fmtnum(s->dry_run_wallet, buf));
	if (get_object(c, root, "fees", &obj) < 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (check_keys(c, obj, "fees", fees_keys) < 0 ||
	    get_number(c, obj, "fees.", "fee", &s->fee, NULL) < 0 ||
	    get_number(c, obj, "fees.", "slippage_bps", &s->slippage_bps,
	    NULL) < 0)
		return -1;
	if (!(s->fee >= 0 && s->fee < 0.1))
		return fail(c, "fees.fee: must be a ratio from 0 to below 0.1, "
		    "not %s", fmtnum(s->fee, buf));
	if (!(s->slippage_bps >= 0 && s->slippage_bps < 1000))
		return fail(c, "fees.slippage_bps: must be from 0 to below "
		    "1000 basis points, not %s", fmtnum(s->slippage_bps, buf));
	return 0;
}

/* "model": a trained model's spec (struct tp_mspec), checked here as the
 * rest of the file is; lib/model/ reads it. */

static const char *const model_kinds[] = { "xgboost", "logistic", NULL };

/* A whole number from lo to hi at obj.key into *out; *has says whether
 * it was there. */
static int
get_whole(struct ctx *c, json_t *obj, const char *at, const char *key,
    double lo, double hi, const char *what, long *out, int *has)
{
	char b1[TP_NUM_BUFSZ], b2[TP_NUM_BUFSZ], b3[TP_NUM_BUFSZ];
	double v = 0;

	if (get_number(c, obj, at, key, &v, has) < 0)
		return -1;
	if (!*has)
		return 0;
	if (!(v >= lo && v <= hi && v == floor(v)))
		return fail(c, "%s%s: must be a whole number of %s from %s to "
		    "%s, not %s", at, key, what, fmtnum(lo, b1),
		    fmtnum(hi, b2), fmtnum(v, b3));
	*out = (long)v;
	return 0;
}

/* A number at obj.key (*out keeps its default when absent) that must be
 * above lo (or at lo when lo_ok) and below hi. */
static int
get_ranged(struct ctx *c, json_t *obj, const char *at, const char *key,
    double lo, int lo_ok, double hi, const char *what, double *out)
{
	char buf[TP_NUM_BUFSZ];
	double v = *out;
	int has;

	if (get_number(c, obj, at, key, &v, &has) < 0)
		return -1;
	if (has && !((v > lo || (lo_ok && v == lo)) && v < hi))
		return fail(c, "%s%s: must be %s, not %s", at, key, what,
		    fmtnum(v, buf));
	*out = v;
	return 0;
}

/* An optional object of "model", its keys checked. */
static int
get_mobject(struct ctx *c, json_t *model, const char *key,
    const char *const *keys, json_t **out)
{
	char at[32];

	snprintf(at, sizeof(at), "model.%s", key);
	*out = json_object_get(model, key);
	if (*out == NULL)
		return 0;
	if (!json_is_object(*out))
		return fail(c, "%s: expected an object", at);
	return keys != NULL ? check_keys(c, *out, at, keys) : 0;
}

/* "name": a prefix that the model's fields start with, a word. */
static int
load_mname(struct ctx *c, struct tp_mspec *m, json_t *obj)
{
	const char *str, *k;

	if (get_string(c, obj, "model.", "name", &str) < 0)
		return -1;
	if (str == NULL)
		str = "pred";
	for (k = str; is_word((unsigned char)*k); k++)
		;
	if (*str == '\0' || *k != '\0' || (*str >= '0' && *str <= '9'))
		return fail(c, "model.name: \"%s\" is not a field prefix "
		    "(letters, digits and \"_\", not first a digit)", str);
	return copy_str(c, &m->name, str);
}

static int
load_mkind(struct ctx *c, struct tp_mspec *m, json_t *obj)
{
	const char *str;
	int k;

	if (get_string(c, obj, "model.", "kind", &str) < 0)
		return -1;
	if (str == NULL)
		return fail(c, "model: missing key \"kind\"");
	for (k = 0; model_kinds[k] != NULL; k++)
		if (strcmp(str, model_kinds[k]) == 0)
			return copy_str(c, &m->kind, str);
	return fail(c, "model.kind: \"%s\" is not a model kind (xgboost, "
	    "logistic)", str);
}

/* "features": field names or globs, none twice. */
static int
load_mfeatures(struct ctx *c, struct tp_mspec *m, json_t *obj)
{
	json_t *arr = json_object_get(obj, "features");
	int i, k;

	if (arr == NULL)
		return fail(c, "model: missing key \"features\"");
	if (load_strings(c, arr, "model.features", "field names or globs",
	    &m->features, &m->nfeatures) < 0)
		return -1;
	for (i = 1; i < m->nfeatures; i++)
		for (k = 0; k < i; k++)
			if (strcmp(m->features[i], m->features[k]) == 0)
				return fail(c, "model.features[%d]: \"%s\" is "
				    "there already, as [%d]", i,
				    m->features[i], k);
	return 0;
}

static const char *const label_keys[] = { "horizon", "kind", "threshold",
	NULL };

const char *const tp_label_kind_names[TP_LABEL_N] = {
	"return", "binary", "three_way"
};

static int
load_mlabel(struct ctx *c, struct tp_mspec *m, json_t *obj)
{
	const char *str;
	json_t *lab;
	int k, has;

	if (get_mobject(c, obj, "label", label_keys, &lab) < 0)
		return -1;
	if (lab == NULL)
		return fail(c, "model: missing key \"label\"");
	if (get_whole(c, lab, "model.label.", "horizon", 1, 10000, "candles",
	    &m->horizon, &has) < 0)
		return -1;
	if (!has)
		return fail(c, "model.label: missing key \"horizon\"");
	if (get_string(c, lab, "model.label.", "kind", &str) < 0)
		return -1;
	m->label_kind = TP_LABEL_BINARY;
	for (k = 0; str != NULL && k < TP_LABEL_N; k++)
		if (strcmp(str, tp_label_kind_names[k]) == 0)
			break;
	if (str != NULL && k == TP_LABEL_N)
		return fail(c, "model.label.kind: \"%s\" is not a label kind "
		    "(return, binary, three_way)", str);
	if (str != NULL)
		m->label_kind = (enum tp_label_kind)k;
	if (m->label_kind == TP_LABEL_RETURN &&
	    json_object_get(lab, "threshold") != NULL)
		return fail(c, "model.label.threshold: only for kind "
		    "\"binary\" or \"three_way\"");
	return get_ranged(c, lab, "model.label.", "threshold", 0, 1, INFINITY,
	    "a return from 0", &m->threshold);
}

/* One of "params" as text: a number in its shortest form, a string as it
 * is, a boolean as "true" or "false". */
static int
param_text(struct ctx *c, const char *key, json_t *v, char **out)
{
	char buf[TP_NUM_BUFSZ];

	if (json_is_integer(v))
		tp_num_format_i64((int64_t)json_integer_value(v), buf);
	else if (json_is_real(v))
		tp_num_format(json_real_value(v), buf);
	else if (json_is_boolean(v))
		snprintf(buf, sizeof(buf), "%s", json_is_true(v) ? "true" :
		    "false");
	else if (json_is_string(v))
		return copy_str(c, out, json_string_value(v));
	else
		return fail(c, "model.params.%s: expected a number, a string, "
		    "true or false", key);
	return copy_str(c, out, buf);
}

static int
load_mparams(struct ctx *c, struct tp_mspec *m, json_t *obj)
{
	const char *key;
	json_t *p, *v;
	size_t n;

	if (get_mobject(c, obj, "params", NULL, &p) < 0)
		return -1;
	if (p == NULL || (n = json_object_size(p)) == 0)
		return 0;
	m->pkeys = calloc(n, sizeof(*m->pkeys));
	m->pvals = calloc(n, sizeof(*m->pvals));
	if (m->pkeys == NULL || m->pvals == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	json_object_foreach(p, key, v) {
		if (*key == '\0')
			return fail(c, "model.params: \"\" is not a parameter "
			    "name");
		/* Counted first, so release frees what is made. */
		m->nparams++;
		if (copy_str(c, &m->pkeys[m->nparams - 1], key) < 0 ||
		    param_text(c, key, v, &m->pvals[m->nparams - 1]) < 0)
			return -1;
	}
	return 0;
}

/* A period of "train": a duration ("30d"), a whole multiple of the
 * strategy's timeframe when it has one, or a number of candles. */
static int
load_period(struct ctx *c, const struct tp_strategy *s, json_t *train,
    const char *key, long *candles, int64_t *ms)
{
	char at[48], tf[32];
	const char *str;
	json_t *v = json_object_get(train, key);
	int has;

	snprintf(at, sizeof(at), "model.train.%s", key);
	if (v == NULL)
		return fail(c, "model.train: missing key \"%s\"", key);
	if (json_is_number(v))
		return get_whole(c, train, "model.train.", key, 1, 1e7,
		    "candles", candles, &has);
	if (!json_is_string(v))
		return fail(c, "%s: expected a duration (a number and one of "
		    "s m h d w, as \"30d\") or a number of candles", at);
	str = json_string_value(v);
	if (tp_time_tf_parse(str, ms) < 0)
		return fail(c, "%s: \"%s\" is not a duration (a number and one "
		    "of s m h d w, as \"30d\")", at, str);
	if (s->timeframe_ms > 0 && *ms % s->timeframe_ms != 0) {
		tp_time_tf_format(s->timeframe_ms, tf);
		return fail(c, "%s: %s is not a whole multiple of the "
		    "strategy's timeframe %s", at, str, tf);
	}
	return 0;
}

static const char *const train_keys[] = {
	"train_period", "backtest_period", "test_size", "weight_factor",
	"expiration_hours", NULL
};

static int
load_mtrain(struct ctx *c, const struct tp_strategy *s, struct tp_mspec *m,
    json_t *obj)
{
	json_t *t;

	if (get_mobject(c, obj, "train", train_keys, &t) < 0)
		return -1;
	if (t == NULL)
		return fail(c, "model: missing key \"train\"");
	if (load_period(c, s, t, "train_period", &m->train_candles,
	    &m->train_ms) < 0 || load_period(c, s, t, "backtest_period",
	    &m->bt_candles, &m->bt_ms) < 0)
		return -1;
	if (get_ranged(c, t, "model.train.", "test_size", 0, 1, 0.5,
	    "a ratio from 0 to below 0.5", &m->test_size) < 0)
		return -1;
	if (get_ranged(c, t, "model.train.", "weight_factor", 0, 0, INFINITY,
	    "a number above 0", &m->weight_factor) < 0)
		return -1;
	return get_ranged(c, t, "model.train.", "expiration_hours", 0, 1,
	    INFINITY, "a number of hours from 0", &m->expiration_hours);
}

/* The window in candles, 0 when unknown (a duration, no timeframe). */
static long
window_candles(const struct tp_strategy *s, const struct tp_mspec *m)
{
	if (m->train_candles > 0)
		return m->train_candles;
	if (s->timeframe_ms > 0)
		return (long)(m->train_ms / s->timeframe_ms);
	return 0;
}

/* The last row of a window that a label may be trained on is N candles
 * before its end: a horizon of the window or more leaves none. */
static int
check_horizon(struct ctx *c, const struct tp_strategy *s,
    const struct tp_mspec *m)
{
	long w = window_candles(s, m);

	if (w > 0 && m->horizon >= w)
		return fail(c, "model.label.horizon: must be shorter than "
		    "train_period (%ld candles), not %ld: a label horizon "
		    "longer than the window leaves no row to train on", w,
		    m->horizon);
	return 0;
}

static const char *const outlier_keys[] = { "DI_threshold", NULL };
static const char *const vote_keys[] = { "weight", "short", NULL };

/* "outliers" and "vote": each one required key when given. */
static int
load_mextras(struct ctx *c, struct tp_mspec *m, json_t *obj)
{
	json_t *o;

	if (get_mobject(c, obj, "outliers", outlier_keys, &o) < 0)
		return -1;
	if (o != NULL && json_object_get(o, "DI_threshold") == NULL)
		return fail(c, "model.outliers: missing key \"DI_threshold\"");
	if (o != NULL && get_ranged(c, o, "model.outliers.", "DI_threshold",
	    0, 0, INFINITY, "a number above 0", &m->di_threshold) < 0)
		return -1;
	if (get_mobject(c, obj, "vote", vote_keys, &o) < 0)
		return -1;
	if (o != NULL && json_object_get(o, "weight") == NULL)
		return fail(c, "model.vote: missing key \"weight\"");
	if (o == NULL)
		return 0;
	if (get_bool(c, o, "model.vote.", "short", &m->vote_short) < 0)
		return -1;
	return get_ranged(c, o, "model.vote.", "weight", 0, 1, INFINITY,
	    "a number from 0", &m->weight);
}

static const char *const model_keys[] = {
	"name", "kind", "features", "label", "params", "train", "outliers",
	"vote", NULL
};

/* The longest field a model adds is NAME_model_version: it must fit
 * TP_MSPEC_NAMESZ with its NUL (sizeof counts the suffix's). */
#define MNAME_MAX (TP_MSPEC_NAMESZ - (int)sizeof("_model_version"))

static int
load_one_model(struct ctx *c, struct tp_strategy *s, struct tp_mspec *m,
    json_t *obj)
{
	if (check_keys(c, obj, "model", model_keys) < 0)
		return -1;
	if (load_mname(c, m, obj) < 0 || load_mkind(c, m, obj) < 0 ||
	    load_mfeatures(c, m, obj) < 0 || load_mlabel(c, m, obj) < 0 ||
	    load_mparams(c, m, obj) < 0 || load_mtrain(c, s, m, obj) < 0 ||
	    load_mextras(c, m, obj) < 0)
		return -1;
	if ((int)strlen(m->name) > MNAME_MAX)
		return fail(c, "model.name: \"%.20s...\" is too long: at most "
		    "%d characters, for its fields (NAME_model_version) to "
		    "fit", m->name, MNAME_MAX);
	return check_horizon(c, s, m);
}

/* An error of the array's model i says so: "model.kind: ..." becomes
 * "model[1].kind: ...". */
static int
at_element(struct ctx *c, int i)
{
	char msg[sizeof(c->err->msg)];
	const char *m = c->err->msg;

	if (c->err->code != TP_EX_CONFIG || strncmp(m, "model", 5) != 0 ||
	    (m[5] != '.' && m[5] != ':'))
		return -1;
	snprintf(msg, sizeof(msg), "model[%d]%s", i, m + 5);
	snprintf(c->err->msg, sizeof(c->err->msg), "%s", msg);
	return -1;
}

/* Several models: each named, no name or field twice, as the fields of
 * each must be its own. */
static int
check_ensemble(struct ctx *c, const struct tp_strategy *s, json_t *arr)
{
	char fa[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ];
	char fb[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ];
	int i, j, a, b, na, nb;

	for (i = 0; i < s->nmodels && s->nmodels > 1; i++)
		if (json_object_get(json_array_get(arr, (size_t)i),
		    "name") == NULL)
			return fail(c, "model[%d]: missing key \"name\" (each "
			    "of several models has its own)", i);
	for (i = 1; i < s->nmodels; i++)
		for (j = 0; j < i; j++) {
			if (strcmp(s->models[i].name, s->models[j].name) == 0)
				return fail(c, "model[%d].name: \"%s\" is "
				    "model[%d]'s already", i,
				    s->models[i].name, j);
			na = tp_mspec_fields(&s->models[i], fa);
			nb = tp_mspec_fields(&s->models[j], fb);
			for (a = 0; a < na; a++)
				for (b = 0; b < nb; b++)
					if (strcmp(fa[a], fb[b]) == 0)
						return fail(c, "model[%d] "
						    "(\"%s\") and model[%d] "
						    "(\"%s\") both write "
						    "field \"%s\"", j,
						    s->models[j].name, i,
						    s->models[i].name, fa[a]);
		}
	return 0;
}

/* "model": one object, or an array of them, an ensemble. */
static int
load_model(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	json_t *v = json_object_get(root, "model");
	size_t n;
	int i;

	if (v == NULL)
		return 0;
	n = json_is_array(v) ? json_array_size(v) : 1;
	for (i = 0; json_is_array(v) && i < (int)n; i++)
		if (!json_is_object(json_array_get(v, (size_t)i)))
			break;
	/* An array's items too: it is an object or an array of them. */
	if (!json_is_object(v) && !(json_is_array(v) && i == (int)n))
		return fail(c, "model: expected an object");
	if (n == 0)
		return fail(c, "model: an empty array; leave the key out "
		    "for no model");
	s->models = calloc(n, sizeof(*s->models));
	if (s->models == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	if (!json_is_array(v)) {
		s->nmodels = 1;
		return load_one_model(c, s, &s->models[0], v);
	}
	for (i = 0; i < (int)n; i++) {
		/* Counted first, so release frees what is made. */
		s->nmodels++;
		if (load_one_model(c, s, &s->models[i],
		    json_array_get(v, (size_t)i)) < 0)
			return at_element(c, i);
	}
	return check_ensemble(c, s, v);
}

static void
release_model(struct tp_mspec *m)
{
	int i;

	free(m->name);
	free(m->kind);
	for (i = 0; i < m->nfeatures; i++)
		free(m->features[i]);
	free(m->features);
	for (i = 0; i < m->nparams; i++) {
		free(m->pkeys[i]);
		free(m->pvals[i]);
	}
	free(m->pkeys);
	free(m->pvals);
}

int
tp_strategy_voters(const struct tp_strategy *s)
{
	int i, n = 0;

	for (i = 0; i < s->nmodels; i++)
		n += s->models[i].weight > 0;
	return n;
}

const char *
tp_strategy_shorts(const struct tp_strategy *s, char *why, size_t n)
{
	int i;

	for (i = 0; i < s->nrules; i++)
		if (s->rules[i].action == TP_ENTER_SHORT) {
			snprintf(why, n, "rule \"%s\" enters short",
			    s->rules[i].name);
			return why;
		}
	for (i = 0; i < s->nmodels; i++)
		if (s->models[i].weight > 0 && s->models[i].vote_short) {
			snprintf(why, n, "model \"%s\" votes short",
			    s->models[i].name);
			return why;
		}
	if (s->llm != NULL && s->llm->can_short) {
		snprintf(why, n, "its LLM decider enters short (\"llm\".short)");
		return why;
	}
	return NULL;
}

/* ---- "llm" ---------------------------------------------------------------- */

static const char *const llm_keys[] = {
	"models", "every", "candles", "fields", "prompt", "voting",
	"min_confidence", "min_confidence_single", "fallback", "short",
	"news_window", "news_max", NULL
};
static const char *const lmodel_keys[] = {
	"name", "base_url", "model", "api_key_env", "api_key_file", "weight",
	"temperature", "max_tokens", "timeout", "json_format", "price",
	NULL
};
static const char *const price_keys[] = { "prompt", "completion", NULL };

/* A string key that must be there (need) or may be, copied into *out. */
static int
get_copy(struct ctx *c, json_t *obj, const char *at, const char *key,
    int need, char **out)
{
	const char *str;

	if (get_string(c, obj, at, key, &str) < 0)
		return -1;
	if (str == NULL && need)
		return fail(c, "%.*s: missing key \"%s\"", (int)strlen(at) - 1,
		    at, key);
	if (str != NULL && *str == '\0')
		return fail(c, "%s%s: must not be empty", at, key);
	return str != NULL ? copy_str(c, out, str) : 0;
}

/* "name": llm_NAME_decision is a field: lower-case letters, digits, "_". */
static int
load_lname(struct ctx *c, struct tp_lmodel *m, const char *at, json_t *obj)
{
	const char *k;

	if (get_copy(c, obj, at, "name", 1, &m->name) < 0)
		return -1;
	for (k = m->name; (*k >= 'a' && *k <= 'z') || (*k >= '0' &&
	    *k <= '9') || *k == '_'; k++)
		;
	if (*k != '\0' || strlen(m->name) > 48)
		return fail(c, "%sname: \"%s\" is not a model name (lower-case "
		    "letters, digits and \"_\", at most 48)", at, m->name);
	return 0;
}

/* "base_url": http or https, the key never in it. */
static int
load_lurl(struct ctx *c, struct tp_lmodel *m, const char *at, json_t *obj)
{
	const char *u, *host;

	if (get_copy(c, obj, at, "base_url", 1, &m->base_url) < 0)
		return -1;
	u = m->base_url;
	if (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
		return fail(c, "%sbase_url: must start with http:// or "
		    "https://", at);
	host = strstr(u, "://") + 3;
	if (memchr(host, '@', strcspn(host, "/")) != NULL)
		return fail(c, "%sbase_url: holds credentials; give the key "
		    "with api_key_env or api_key_file", at);
	return 0;
}

static int
load_lprice(struct ctx *c, struct tp_lmodel *m, const char *at, json_t *obj)
{
	char pat[96];
	json_t *p = json_object_get(obj, "price");

	if (p == NULL)
		return 0;
	snprintf(pat, sizeof(pat), "%sprice", at);
	if (!json_is_object(p))
		return fail(c, "%s: expected an object", pat);
	if (check_keys(c, p, pat, price_keys) < 0)
		return -1;
	snprintf(pat, sizeof(pat), "%sprice.", at);
	return get_ranged(c, p, pat, "prompt", 0, 1, 1e9,
	    "USD per million tokens, 0 or more", &m->price_in) < 0 ||
	    get_ranged(c, p, pat, "completion", 0, 1, 1e9,
	    "USD per million tokens, 0 or more", &m->price_out) < 0 ? -1 : 0;
}

static int
load_lmodel(struct ctx *c, struct tp_lmodel *m, int i, json_t *obj)
{
	char at[48];
	int has;

	snprintf(at, sizeof(at), "llm.models[%d].", i);
	if (!json_is_object(obj))
		return fail(c, "llm.models[%d]: expected an object", i);
	m->weight = 1;
	m->max_tokens = 1000;
	m->timeout = 30;
	m->json_format = 1;
	if (check_keys(c, obj, at, lmodel_keys) < 0 ||
	    load_lname(c, m, at, obj) < 0 || load_lurl(c, m, at, obj) < 0 ||
	    get_copy(c, obj, at, "model", 1, &m->model) < 0 ||
	    get_copy(c, obj, at, "api_key_env", 0, &m->api_key_env) < 0 ||
	    get_copy(c, obj, at, "api_key_file", 0, &m->api_key_file) < 0 ||
	    get_ranged(c, obj, at, "weight", 0, 0, 1e9, "above 0",
	    &m->weight) < 0 ||
	    get_ranged(c, obj, at, "temperature", 0, 1, 2.000001,
	    "from 0 to 2", &m->temperature) < 0 ||
	    get_whole(c, obj, at, "max_tokens", 1, 1e6, "tokens",
	    &m->max_tokens, &has) < 0 ||
	    get_ranged(c, obj, at, "timeout", 0.001, 1, 3600.000001,
	    "seconds from 0.001 to 3600", &m->timeout) < 0 ||
	    get_bool(c, obj, at, "json_format", &m->json_format) < 0 ||
	    load_lprice(c, m, at, obj) < 0)
		return -1;
	if (m->api_key_env != NULL && m->api_key_file != NULL)
		return fail(c, "%sapi_key_env and api_key_file: give one", at);
	return 0;
}

static int
load_lmodels(struct ctx *c, struct tp_llm *l, json_t *obj)
{
	json_t *arr = json_object_get(obj, "models");
	int i, j;

	if (arr == NULL)
		return fail(c, "llm: missing key \"models\"");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return fail(c, "llm.models: expected an array of one or more "
		    "models");
	if (json_array_size(arr) > 16)
		return fail(c, "llm.models: at most 16 models");
	l->models = calloc(json_array_size(arr), sizeof(*l->models));
	if (l->models == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	for (i = 0; i < (int)json_array_size(arr); i++) {
		l->nmodels++;	/* counted first: released when half made */
		if (load_lmodel(c, &l->models[i], i, json_array_get(arr,
		    (size_t)i)) < 0)
			return -1;
		for (j = 0; j < i; j++) {
			if (strcmp(l->models[i].name, l->models[j].name) == 0)
				return fail(c, "llm.models[%d].name: \"%s\" is "
				    "llm.models[%d]'s already", i,
				    l->models[i].name, j);
			/* the cache keeps one answer a model id and prompt */
			if (strcmp(l->models[i].model, l->models[j].model) ==
			    0)
				return fail(c, "llm.models[%d].model: \"%s\" is "
				    "llm.models[%d]'s already (the answer cache "
				    "keeps one answer per model and prompt)", i,
				    l->models[i].model, j);
		}
	}
	return 0;
}

/* A duration key ("5m") into *ms; *ms keeps its default when absent. */
static int
get_span(struct ctx *c, json_t *obj, const char *at, const char *key,
    int64_t *ms)
{
	const char *str;

	if (get_string(c, obj, at, key, &str) < 0)
		return -1;
	if (str != NULL && tp_time_tf_parse(str, ms) < 0)
		return fail(c, "%s%s: \"%s\" is not a duration (a number and "
		    "one of s m h d w, as \"5m\")", at, key, str);
	return 0;
}

/* "prompt": a file beside the strategy unless the path is whole. */
static int
load_lprompt(struct ctx *c, struct tp_llm *l, json_t *obj)
{
	const char *str, *slash;
	int dir;

	if (get_string(c, obj, "llm.", "prompt", &str) < 0)
		return -1;
	if (str == NULL)
		return 0;
	if (*str == '\0')
		return fail(c, "llm.prompt: must not be empty");
	slash = strrchr(c->path, '/');
	dir = *str != '/' && slash != NULL ? (int)(slash - c->path) + 1 : 0;
	l->prompt = malloc((size_t)dir + strlen(str) + 1);
	if (l->prompt == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	memcpy(l->prompt, c->path, (size_t)dir);
	strcpy(l->prompt + dir, str);
	return 0;
}

static int
load_lvoting(struct ctx *c, struct tp_llm *l, json_t *obj)
{
	const char *str;
	int k;

	if (get_string(c, obj, "llm.", "voting", &str) < 0)
		return -1;
	for (k = 0; str != NULL && k < TP_LVOTING_N; k++)
		if (strcmp(str, tp_lvoting_names[k]) == 0)
			break;
	if (str != NULL && k == TP_LVOTING_N)
		return fail(c, "llm.voting: \"%s\" is not majority, unanimous "
		    "or weighted", str);
	l->voting = str != NULL ? (enum tp_lvoting)k : TP_LVOTING_MAJORITY;
	if (get_string(c, obj, "llm.", "fallback", &str) < 0)
		return -1;
	if (str != NULL && strcmp(str, "hold") != 0 &&
	    strcmp(str, "rules") != 0)
		return fail(c, "llm.fallback: \"%s\" is not hold or rules",
		    str);
	l->fallback_rules = str != NULL && strcmp(str, "rules") == 0;
	return get_ranged(c, obj, "llm.", "min_confidence", 0, 1, 1.000001,
	    "from 0 to 1", &l->min_conf) < 0 || get_ranged(c, obj, "llm.",
	    "min_confidence_single", 0, 1, 1.000001, "from 0 to 1",
	    &l->min_single) < 0 ? -1 : 0;
}

static int
load_llm(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	json_t *obj = json_object_get(root, "llm"), *f;
	struct tp_llm *l;
	char tf[32];
	int has;

	if (obj == NULL)
		return 0;
	if (!json_is_object(obj))
		return fail(c, "llm: expected an object");
	if ((s->llm = l = calloc(1, sizeof(*l))) == NULL)
		return tp_errf(c->err, TP_EX_SOFTWARE, c->path, 0,
		    "out of memory");
	l->every_ms = s->timeframe_ms;
	l->candles = 200;
	l->min_conf = 0.60;
	l->min_single = 0.55;
	l->news_ms = 4 * 3600000;
	l->news_max = 10;
	if (check_keys(c, obj, "llm", llm_keys) < 0 ||
	    load_lmodels(c, l, obj) < 0 ||
	    get_span(c, obj, "llm.", "every", &l->every_ms) < 0 ||
	    get_whole(c, obj, "llm.", "candles", 1, 10000, "candles",
	    &l->candles, &has) < 0 ||
	    load_lprompt(c, l, obj) < 0 || load_lvoting(c, l, obj) < 0 ||
	    get_bool(c, obj, "llm.", "short", &l->can_short) < 0 ||
	    get_span(c, obj, "llm.", "news_window", &l->news_ms) < 0 ||
	    get_whole(c, obj, "llm.", "news_max", 0, 1000, "news records",
	    &l->news_max, &has) < 0)
		return -1;
	if (l->every_ms == 0)
		return fail(c, "llm: missing key \"every\" (the strategy has "
		    "no timeframe to decide on each candle of)");
	if (s->timeframe_ms > 0 && l->every_ms % s->timeframe_ms != 0) {
		tp_time_tf_format(s->timeframe_ms, tf);
		return fail(c, "llm.every: not a whole multiple of the "
		    "strategy's timeframe %s", tf);
	}
	if ((f = json_object_get(obj, "fields")) == NULL)
		return 0;
	return load_strings(c, f, "llm.fields", "field names", &l->fields,
	    &l->nfields);
}

static void
release_llm(struct tp_llm *l)
{
	int i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nmodels; i++) {
		free(l->models[i].name);
		free(l->models[i].base_url);
		free(l->models[i].model);
		free(l->models[i].api_key_env);
		free(l->models[i].api_key_file);
	}
	free(l->models);
	for (i = 0; i < l->nfields; i++)
		free(l->fields[i]);
	free(l->fields);
	free(l->prompt);
	free(l);
}

/* The top level must be an object; jansson's own errors carry the line. */
static json_t *
check_root(struct ctx *c, json_t *root, const json_error_t *jerr)
{
	if (root == NULL) {
		fail(c, "line %d, col %d: %s", jerr->line, jerr->column,
		    jerr->text);
		return NULL;
	}
	if (!json_is_object(root)) {
		fail(c, "expected an object at the top level");
		json_decref(root);
		return NULL;
	}
	return root;
}

/* Open path ourselves, so that "cannot open" carries errno's reason and a
 * directory is refused before jansson reads it. */
static json_t *
parse(struct ctx *c)
{
	json_error_t jerr;
	struct stat sb;
	json_t *root;
	FILE *fp;

	fp = fopen(c->path, "r");
	if (fp == NULL) {
		tp_errf(c->err, TP_EX_NOINPUT, c->path, 0, "cannot open: %s",
		    strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		tp_errf(c->err, TP_EX_NOINPUT, c->path, 0, "cannot open: %s",
		    strerror(EISDIR));
		fclose(fp);
		return NULL;
	}
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
	fclose(fp);
	return check_root(c, root, &jerr);
}

void
tp_strategy_defaults(struct tp_strategy *s)
{
	memset(s, 0, sizeof(*s));
	s->mode = TP_VOTE_MAJORITY;
	s->min_entry = 0.60;
	s->min_exit = 0.55;
	s->leverage = 1;
	s->fee = 0.001;
	s->use_exit_signal = 1;
	s->max_open_trades = -1;
	s->dry_run_wallet = 1000;
	s->maintenance_margin = 0.005;
	/* Refuse an order that a 10% move against it would liquidate. */
	s->limits.min_liq_distance = 0.1;
}

/* Check root and fill s from it; consumes root. */
static int
load_root(struct ctx *c, struct tp_strategy *s, json_t *root)
{
	int rc;

	if (root == NULL) {
		tp_strategy_release(s);
		return -1;
	}
	rc = check_keys(c, root, "", top_keys);
	if (rc == 0)
		rc = load_header(c, s, root);
	if (rc == 0)
		rc = load_indicators(c, s, root);
	if (rc == 0)
		rc = load_informative(c, s, root);
	if (rc == 0)
		rc = load_shift(c, s, root);
	if (rc == 0)
		rc = load_params(c, s, root);
	if (rc == 0)
		rc = load_rules(c, s, root);
	if (rc == 0)
		rc = check_params(c, s);
	if (rc == 0)
		rc = load_voting(c, s, root);
	if (rc == 0)
		rc = load_model(c, s, root);
	if (rc == 0)
		rc = load_roi(c, s, root);
	if (rc == 0)
		rc = load_exits(c, s, root);
	if (rc == 0)
		rc = load_sizing(c, s, root);
	if (rc == 0)
		rc = load_costs(c, s, root);
	if (rc == 0)
		rc = load_risk(c, s, root);
	if (rc == 0)
		rc = load_protections(c, s, root);
	if (rc == 0)
		rc = load_llm(c, s, root);
	json_decref(root);
	if (rc < 0) {
		tp_strategy_release(s);
		return -1;
	}
	return 0;
}

int
tp_strategy_load(struct tp_strategy *s, const char *path,
    struct tp_err *err)
{
	struct ctx c = { path, err };

	tp_strategy_defaults(s);
	s->path = strdup(path);
	if (s->path == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory");
	return load_root(&c, s, parse(&c));
}

int
tp_strategy_load_text(struct tp_strategy *s, const char *path,
    const char *text, size_t n, struct tp_err *err)
{
	struct ctx c = { path, err };
	json_error_t jerr;

	tp_strategy_defaults(s);
	s->path = strdup(path);
	if (s->path == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, path, 0, "out of memory");
	return load_root(&c, s, check_root(&c, json_loadb(text, n,
	    JSON_REJECT_DUPLICATES, &jerr), &jerr));
}

static void
release_informative(struct tp_strategy *s)
{
	int i, k;

	for (i = 0; i < s->ninf_tf; i++) {
		free(s->inf_tf[i].name);
		for (k = 0; k < s->inf_tf[i].nspecs; k++)
			free(s->inf_tf[i].specs[k]);
		free(s->inf_tf[i].specs);
	}
	free(s->inf_tf);
	for (i = 0; i < s->ninf_sym; i++) {
		free(s->inf_sym[i].symbol);
		for (k = 0; k < s->inf_sym[i].nwhat; k++)
			free(s->inf_sym[i].what[k]);
		free(s->inf_sym[i].what);
	}
	free(s->inf_sym);
	for (i = 0; i < s->nshifts; i++)
		free(s->shifts[i].what);
	free(s->shifts);
}

void
tp_strategy_release(struct tp_strategy *s)
{
	int i;

	free(s->path);
	free(s->name);
	for (i = 0; i < s->nindicators; i++)
		free(s->indicators[i]);
	free(s->indicators);
	release_informative(s);
	for (i = 0; i < s->nrules; i++) {
		free(s->rules[i].name);
		free(s->rules[i].expr);
	}
	free(s->rules);
	for (i = 0; i < s->nparams; i++)
		free(s->param_names[i]);
	free(s->param_names);
	free(s->param_values);
	free(s->roi);
	free(s->sizing_mode);
	for (i = 0; i < s->nmodels; i++)
		release_model(&s->models[i]);
	free(s->models);
	release_llm(s->llm);
	memset(s, 0, sizeof(*s));
}

/* A refusal of tp_inform_*() or tp_inds_add(): the file's mistake, at
 * its place in the file (at; "" for "indicators", whose specs speak for
 * themselves, as tp-ind has always reported them). */
static int
inds_failed(const struct tp_strategy *s, const char *at, struct tp_err *err)
{
	char msg[sizeof(err->msg)];

	if (err->code != TP_EX_USAGE)
		return -1;
	snprintf(msg, sizeof(msg), "%s", err->msg);
	*err = (struct tp_err)TP_ERR_INIT;	/* the first error sticks */
	return tp_errf(err, TP_EX_CONFIG, s->path, 0, "%s%s%s", at,
	    *at != '\0' ? ": " : "", msg);
}

/* The timeframes' specs, then the symbols' fields. */
static int
add_informative(const struct tp_strategy *s, struct tp_inds *inds,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	const struct tp_inf_tf *t;
	const struct tp_inf_sym *y;
	char at[160];
	int i, k;

	for (i = 0; i < s->ninf_tf; i++)
		for (t = &s->inf_tf[i], k = 0; k < t->nspecs; k++)
			if (tp_inform_tf(inds, t->ms, t->specs[k], NULL,
			    fields, err) < 0) {
				snprintf(at, sizeof(at), "informative.\"%s\""
				    "[%d]", t->name, k);
				return inds_failed(s, at, err);
			}
	for (i = 0; i < s->ninf_sym; i++)
		for (y = &s->inf_sym[i], k = 0; k < y->nwhat; k++)
			if (tp_inform_from(inds, y->symbol, y->what[k], fields,
			    err) < 0) {
				snprintf(at, sizeof(at), "informative.symbols."
				    "\"%s\"[%d]", y->symbol, k);
				return inds_failed(s, at, err);
			}
	return 0;
}

int
tp_strategy_inds(const struct tp_strategy *s, struct tp_inds *inds,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	char at[160];
	int i;

	for (i = 0; i < s->nindicators; i++)
		if (tp_inds_add(inds, s->indicators[i], NULL, fields, err) < 0)
			return inds_failed(s, "", err);
	if (s->timeframe_ms > 0)
		tp_inform_base_tf(inds, s->timeframe_ms);
	if (add_informative(s, inds, fields, err) < 0)
		return -1;
	for (i = 0; i < s->nshifts; i++)
		if (tp_inform_shift(inds, s->shifts[i].what, s->shifts[i].n,
		    fields, err) < 0) {
			snprintf(at, sizeof(at), "shift.%s", s->shifts[i].what);
			return inds_failed(s, at, err);
		}
	return 0;
}

int
tp_mspec_fields(const struct tp_mspec *m,
    char names[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ])
{
	static const char *const two[] = { "_down", "_up" };
	static const char *const three[] = { "_down", "_flat", "_up" };
	int k, n, bare = strcmp(m->name, "pred") == 0;

	n = m->label_kind == TP_LABEL_RETURN ? 1 :
	    m->label_kind == TP_LABEL_BINARY ? 2 : 3;
	for (k = 0; k < n; k++)
		snprintf(names[k], TP_MSPEC_NAMESZ, "%s%s", m->name, n == 1 ?
		    "" : n == 2 ? two[k] : three[k]);
	if (m->di_threshold > 0)
		snprintf(names[n++], TP_MSPEC_NAMESZ, "%s%sdi",
		    bare ? "" : m->name, bare ? "" : "_");
	snprintf(names[n++], TP_MSPEC_NAMESZ, "%s%sdo_predict",
	    bare ? "" : m->name, bare ? "" : "_");
	snprintf(names[n++], TP_MSPEC_NAMESZ, "%s%smodel_version",
	    bare ? "" : m->name, bare ? "" : "_");
	return n;
}
