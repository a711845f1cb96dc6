/*
 * fuzz_strategy.c: strategy files (lib/decide/tp_strategy.c, tp-strategy(5)),
 * loaded from memory, then handed to tp-predict's rule set as tp-predict
 * -s does (lib/decide/tp_predict.c).
 *
 * A refusal must be a configuration error (78) naming the file, or out of
 * memory.  A strategy accepted must hold what tp_strategy.h promises:
 * named rules with an action and a positive weight, unique names, a ROI
 * table sorted by minutes, confidences in [0, 1], every value in the
 * range tp_strategy_in_range() allows, informative timeframes whole
 * multiples of the strategy's with specs, shifts of 1 to 1000, a model's
 * values in their ranges and its horizon shorter than its window (when
 * known in candles).  Its rules then compile (or are refused as 78/64)
 * with its parameters put in.  Any breach aborts; the sanitizers catch
 * the rest (leaks included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decide/tp_predict.h"
#include "decide/tp_strategy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.json"

static void
check_rules(const struct tp_strategy *s)
{
	int i, j;

	if (s->nrules < 0 || (s->nrules > 0 && s->rules == NULL))
		abort();
	for (i = 0; i < s->nrules; i++) {
		if (s->rules[i].name == NULL || s->rules[i].expr == NULL ||
		    (unsigned)s->rules[i].action >= TP_ACTION_N ||
		    !(s->rules[i].weight > 0))
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(s->rules[i].name, s->rules[j].name) == 0)
				abort();
	}
}

/* "informative" and "shift": nothing empty, timeframes multiples of the
 * strategy's. */
static void
check_informative(const struct tp_strategy *s)
{
	int i, k;

	for (i = 0; i < s->ninf_tf; i++) {
		if (s->timeframe_ms <= 0 || s->inf_tf[i].ms < s->timeframe_ms ||
		    s->inf_tf[i].ms % s->timeframe_ms != 0 ||
		    s->inf_tf[i].nspecs < 1)
			abort();
		for (k = 0; k < s->inf_tf[i].nspecs; k++)
			if (s->inf_tf[i].specs[k] == NULL ||
			    *s->inf_tf[i].specs[k] == '\0')
				abort();
	}
	for (i = 0; i < s->ninf_sym; i++) {
		if (*s->inf_sym[i].symbol == '\0' || s->inf_sym[i].nwhat < 1)
			abort();
		for (k = 0; k < s->inf_sym[i].nwhat; k++)
			if (s->inf_sym[i].what[k] == NULL ||
			    *s->inf_sym[i].what[k] == '\0')
				abort();
	}
	for (i = 0; i < s->nshifts; i++)
		if (*s->shifts[i].what == '\0' || s->shifts[i].n < 1 ||
		    s->shifts[i].n > 1000)
			abort();
}

/* "model": what struct tp_mspec promises. */
static void
check_model(const struct tp_strategy *s, const struct tp_mspec *m)
{
	int i;

	if (m->name == NULL || *m->name == '\0' || m->kind == NULL ||
	    m->nfeatures < 1 || (unsigned)m->label_kind >= TP_LABEL_N ||
	    m->horizon < 1 || m->horizon > 10000 || !(m->threshold >= 0) ||
	    (m->train_candles > 0) == (m->train_ms > 0) ||
	    (m->bt_candles > 0) == (m->bt_ms > 0) ||
	    !(m->test_size >= 0 && m->test_size < 0.5) ||
	    !(m->weight_factor >= 0) || !(m->expiration_hours >= 0) ||
	    !(m->di_threshold >= 0) || !(m->weight >= 0) ||
	    strlen(m->name) + sizeof("_model_version") > TP_MSPEC_NAMESZ)
		abort();
	if (m->train_candles > 0 && m->horizon >= m->train_candles)
		abort();
	if (m->train_ms > 0 && s->timeframe_ms > 0 &&
	    (m->train_ms % s->timeframe_ms != 0 ||
	    m->horizon >= m->train_ms / s->timeframe_ms))
		abort();
	for (i = 0; i < m->nfeatures; i++)
		if (m->features[i] == NULL || *m->features[i] == '\0')
			abort();
	for (i = 0; i < m->nparams; i++)
		if (m->pkeys[i] == NULL || *m->pkeys[i] == '\0' ||
		    m->pvals[i] == NULL)
			abort();
}

/* An llm section: one to 16 named models, each value in its range. */
static void
check_llm(const struct tp_strategy *s, const struct tp_llm *l)
{
	const struct tp_lmodel *m;
	int i, j;

	if (l->nmodels < 1 || l->nmodels > 16 || l->every_ms <= 0 ||
	    (s->timeframe_ms > 0 && l->every_ms % s->timeframe_ms != 0) ||
	    l->candles < 1 || l->candles > 10000 || (unsigned)l->voting >=
	    TP_LVOTING_N || !(l->min_conf >= 0 && l->min_conf <= 1) ||
	    !(l->min_single >= 0 && l->min_single <= 1) || l->news_max < 0 ||
	    (l->nfields > 0) != (l->fields != NULL))
		abort();
	for (i = 0; i < l->nmodels; i++) {
		m = &l->models[i];
		if (m->name == NULL || m->base_url == NULL || m->model == NULL ||
		    *m->name == '\0' || strlen(m->name) > 48 ||
		    strncmp(m->base_url, "http", 4) != 0 || !(m->weight > 0) ||
		    !(m->timeout > 0) || m->max_tokens < 1 ||
		    !(m->temperature >= 0) || (m->api_key_env != NULL &&
		    m->api_key_file != NULL))
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(m->name, l->models[j].name) == 0)
				abort();
	}
}

static void
check_loaded(const struct tp_strategy *s)
{
	int i;

	if (s->path == NULL || strcmp(s->path, NAME) != 0 || s->name == NULL)
		abort();
	check_rules(s);
	check_informative(s);
	if ((s->nmodels > 0) != (s->models != NULL))
		abort();
	for (i = 0; i < s->nmodels; i++)
		check_model(s, &s->models[i]);
	if (s->llm != NULL)
		check_llm(s, s->llm);
	for (i = 0; i < s->nindicators; i++)
		if (s->indicators[i] == NULL)
			abort();
	for (i = 0; i < s->nparams; i++)
		if (s->param_names[i] == NULL ||
		    tp_strategy_param(s, s->param_names[i],
		    strlen(s->param_names[i])) != i)
			abort();
	for (i = 0; i < s->nroi; i++)
		if ((i > 0 && s->roi[i - 1].minutes > s->roi[i].minutes) ||
		    !tp_strategy_in_range("roi", s->roi[i].ratio))
			abort();
	if ((unsigned)s->mode >= TP_VOTE_N ||
	    !(s->min_entry >= 0 && s->min_entry <= 1) ||
	    !(s->min_exit >= 0 && s->min_exit <= 1) ||
	    (s->has_stoploss && !tp_strategy_in_range("stoploss",
	    s->stoploss)) || !tp_strategy_in_range("leverage", s->leverage))
		abort();
}

/* tp-predict -s: the rules compiled with the parameters put in. */
static void
predict(const struct tp_strategy *s)
{
	struct tp_names names;
	struct tp_pred p;
	struct tp_err err = TP_ERR_INIT;

	tp_names_init(&names);
	tp_pred_init(&p, &names);
	if (tp_pred_add_strategy(&p, s, &err) < 0 || tp_pred_prepare(&p,
	    &err) < 0) {
		if (err.code != TP_EX_CONFIG && err.code != TP_EX_USAGE &&
		    err.code != TP_EX_SOFTWARE)
			abort();
	}
	tp_pred_release(&p);
	tp_names_release(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;

	/* strategy files are small; keep each run fast */
	if (size > 65536)
		return 0;
	if (tp_strategy_load_text(&s, NAME, (const char *)data, size,
	    &err) < 0) {
		if ((err.code != TP_EX_CONFIG && err.code != TP_EX_SOFTWARE) ||
		    err.msg[0] == '\0' || (err.code == TP_EX_CONFIG &&
		    (err.file == NULL || strcmp(err.file, NAME) != 0)))
			abort();
		/* a failed load leaves nothing to release, and may be
		 * released again */
		tp_strategy_release(&s);
		return 0;
	}
	check_loaded(&s);
	predict(&s);
	tp_strategy_release(&s);
	return 0;
}
