/*
 * tp_strategy.h: strategy files (tp-strategy(5)).
 *
 * A strategy is one JSON file that every program reads its own part of:
 * tp-ind its "indicators" (with "informative" and "shift"), tp-predict its
 * "rules", "voting" and "model", and the
 * backtest, risk and execution programs (later) "minimal_roi", "stoploss",
 * the trailing keys, "sizing", "leverage" and "fees", with freqtrade's
 * names and meanings where freqtrade has one.  tp_strategy_load() reads
 * and checks the whole file, so a mistake in any part is found by the
 * first program of a pipeline, with the file, the key and the closest
 * valid name.
 *
 * Ownership: tp_strategy_load() fills a struct the caller releases with
 * tp_strategy_release(); every string in it is owned by it.
 */
#ifndef TP_STRATEGY_H
#define TP_STRATEGY_H

#include "core/tp_err.h"
#include "rec/tp_rec.h"
#include "ind/tp_ind.h"
#include "decide/tp_risk.h"

enum tp_action {
	TP_ENTER_LONG, TP_EXIT_LONG, TP_ENTER_SHORT, TP_EXIT_SHORT, TP_ACTION_N
};

/* "enter_long", ... */
extern const char *const tp_action_names[TP_ACTION_N];

/* "any": one true rule decides its action alone (alternative rules, as
 * a freqtrade strategy ORs its conditions). */
enum tp_vote_mode {
	TP_VOTE_MAJORITY, TP_VOTE_WEIGHTED, TP_VOTE_UNANIMOUS, TP_VOTE_ANY,
	TP_VOTE_N
};

extern const char *const tp_vote_mode_names[TP_VOTE_N];

struct tp_rule {
	char *name;		/* unique within the strategy */
	char *expr;		/* the expression, as written */
	enum tp_action action;	/* what it votes for when true */
	double weight;		/* for weighted voting; default 1 */
};

/* One step of the ROI table: from `minutes` of trade duration on, take
 * profit at `ratio` (freqtrade's minimal_roi). */
struct tp_roi {
	double minutes;
	double ratio;
};

/* "informative": specs computed on candles of a higher timeframe. */
struct tp_inf_tf {
	char *name;		/* the key as written ("4h"), for messages */
	int64_t ms;		/* a whole multiple of the strategy's */
	char **specs;		/* tp-ind specs */
	int nspecs;
};

/* "informative"."symbols": fields or specs of another symbol. */
struct tp_inf_sym {
	char *symbol;		/* "BTC/USDT" */
	char **what;		/* field names or tp-ind specs */
	int nwhat;
};

/* "shift": what_shift_1 .. what_shift_n. */
struct tp_shift {
	char *what;		/* a field name or a tp-ind spec */
	int n;			/* 1..1000 */
};

/* "model".label.kind: what the model learns of the return over the
 * horizon, r = close[t+N] / close[t] - 1. */
enum tp_label_kind {
	TP_LABEL_RETURN,	/* r itself: a regression */
	TP_LABEL_BINARY,	/* up (r > threshold) or not: 2 classes */
	TP_LABEL_THREE_WAY,	/* down, flat (|r| <= threshold), up */
	TP_LABEL_N
};

/* "return", "binary", "three_way" */
extern const char *const tp_label_kind_names[TP_LABEL_N];

/*
 * "model": a trained model's spec, plain data here; lib/model/ trains and
 * runs it.  The window and the retraining period are each either candles
 * or a duration: one of the pair is set, the other 0.  Params are text,
 * passed on as written (numbers in their shortest form, booleans as
 * "true"/"false"), in the file's order.
 */
struct tp_mspec {
	char *name;		/* the fields' prefix, default "pred" */
	char *kind;		/* "xgboost" or "logistic" */
	char **features;	/* field names or globs (* and ?), in order */
	int nfeatures;		/* at least 1 */
	enum tp_label_kind label_kind;	/* default binary */
	long horizon;		/* N candles, 1 to 10000 */
	double threshold;	/* 0 or more, default 0 */
	char **pkeys, **pvals;	/* "params" */
	int nparams;
	long train_candles;	/* "train_period" */
	int64_t train_ms;
	long bt_candles;	/* "backtest_period" */
	int64_t bt_ms;
	double test_size;	/* held out: 0 <= x < 0.5, default 0 */
	double weight_factor;	/* recency weighting, 0: off */
	double expiration_hours;	/* 0: never */
	double di_threshold;	/* "outliers".DI_threshold, 0: off */
	double weight;		/* "vote".weight, 0: no vote */
	int vote_short;		/* "vote".short: down enters short */
};

/* Room for one of a model's field names, and the most fields it adds. */
#define TP_MSPEC_NAMESZ 96
#define TP_MSPEC_MAXFIELDS 6

/*
 * The fields a model of m adds to each record, in order, into
 * names[0..TP_MSPEC_MAXFIELDS): with its name NAME, a regression's NAME;
 * two classes' NAME_down, NAME_up; three's NAME_down, NAME_flat,
 * NAME_up; with a DI_threshold, di (NAME_di); then do_predict
 * (NAME_do_predict) and model_version (NAME_model_version), the names in
 * parentheses when NAME is not "pred".
 * Returns how many.  tp-predict(1) MODELS.  The strategy's check keeps
 * every name within TP_MSPEC_NAMESZ.
 */
int tp_mspec_fields(const struct tp_mspec *m,
    char names[TP_MSPEC_MAXFIELDS][TP_MSPEC_NAMESZ]);

/*
 * "llm": the LLM decider (tp-predict(1) LLM DECIDERS), plain data here;
 * lib/llm/ asks the models and votes.  Each model is one
 * OpenAI-compatible chat-completions endpoint.
 */
struct tp_lmodel {
	char *name;		/* [a-z0-9_]+: fields llm_NAME_... */
	char *base_url;		/* ".../v1": POST base_url/chat/completions */
	char *model;		/* the endpoint's model id */
	char *api_key_env;	/* the key's environment variable, or NULL */
	char *api_key_file;	/* or a tp-secret file (core/tp_secret.h) */
	double weight;		/* weighted voting; default 1 */
	double temperature;	/* default 0 */
	long max_tokens;	/* default 1000 */
	double timeout;		/* seconds for a call, retries included: 30 */
	int json_format;	/* ask response_format json_object: true */
	double price_in, price_out;	/* USD per million prompt and
					 * completion tokens; 0: unknown */
};

/* "llm".voting */
enum tp_lvoting { TP_LVOTING_MAJORITY, TP_LVOTING_UNANIMOUS,
	TP_LVOTING_WEIGHTED, TP_LVOTING_N };

extern const char *const tp_lvoting_names[TP_LVOTING_N];

struct tp_llm {
	struct tp_lmodel *models;
	int nmodels;		/* at least 1 */
	int64_t every_ms;	/* decide on times that are multiples */
	long candles;		/* in the prompt: 200 */
	char **fields;		/* the record's fields in the table */
	int nfields;
	char *prompt;		/* template file (relative to the strategy's
				 * folder made whole), NULL: the built-in one */
	enum tp_lvoting voting;
	double min_conf;	/* 0.60, with two or more answers */
	double min_single;	/* 0.55, with one */
	int fallback_rules;	/* all failed: the rules decide, not HOLD */
	int can_short;		/* "short": SELL enters short when flat */
	int64_t news_ms;	/* news kept this long: "news_window" 4h */
	long news_max;		/* at most this many a prompt: 10 */
};

struct tp_strategy {
	char *path;		/* the file, for messages */
	char *name;		/* "name", or the file's base name */
	int64_t timeframe_ms;	/* "timeframe", 0 when not given */
	char **indicators;	/* tp-ind specs */
	int nindicators;
	struct tp_inf_tf *inf_tf;	/* "informative" timeframes, in order */
	int ninf_tf;
	struct tp_inf_sym *inf_sym;	/* "informative"."symbols" */
	int ninf_sym;
	struct tp_shift *shifts;	/* "shift" */
	int nshifts;
	struct tp_rule *rules;
	int nrules;
	/* "parameters": numbers the rules use as $name. */
	char **param_names;
	double *param_values;
	int nparams;
	enum tp_vote_mode mode;
	double min_entry;	/* minimum confidence, default 0.60 */
	double min_exit;	/* default 0.55 */
	/* Read by later programs; defined and checked now. */
	struct tp_roi *roi;	/* sorted by minutes */
	int nroi;
	double stoploss;	/* negative ratio; 0 when absent */
	int has_stoploss;
	int trailing_stop;
	double trailing_stop_positive;
	double trailing_stop_positive_offset;
	int trailing_only_offset_is_reached;
	int use_exit_signal;	/* default true, as in freqtrade */
	int flip;		/* an opposite entry closes, then enters */
	int adjust_max;		/* DCA: more entries, 0: none */
	double adjust_stake_ratio;	/* each one's stake / the first's */
	double adjust_min_drop;	/* only that far against the entry */
	char *sizing_mode;	/* "fixed" | "fraction" | "risk" ...; NULL */
	double sizing_value;
	double sizing_fallback;	/* kelly: the fraction before enough trades */
	int max_open_trades;	/* -1: no limit (the default) */
	double dry_run_wallet;	/* starting balance, default 1000 */
	double leverage;	/* default 1 */
	double maintenance_margin;	/* ratio, default 0.005 */
	double fee;		/* per side ratio, default 0.001 */
	double slippage_bps;	/* against every fill, default 0 */
	/* "risk": portfolio limits for tp-risk, each off (0) unless given */
	struct tp_limits limits;
	double max_stake;		/* 0: no cap */
	double atr_stop_multiple;	/* 0: no ATR stop */
	double atr_stop_min, atr_stop_max;	/* its distance's clamp */
	/* "model": one object, or an array of them (an ensemble), in
	 * order; each of several has its own name and fields. */
	struct tp_mspec *models;
	int nmodels;		/* 0: no model */
	struct tp_llm *llm;	/* "llm", or NULL */
};

/* How many of s's models vote ("vote".weight above 0). */
int tp_strategy_voters(const struct tp_strategy *s);

/* What in s enters short (a rule, a model's vote, the LLM decider),
 * said in why (n bytes), which is returned; NULL when nothing does. */
const char *tp_strategy_shorts(const struct tp_strategy *s, char *why,
    size_t n);

/*
 * Read and check the strategy at path.  Errors are TP_EX_CONFIG (78) with
 * err->file = path and a message naming the key: "rules.dip.action:
 * \"enter\" is not an action (enter_long, exit_long, enter_short,
 * exit_short)", "unknown key \"stop_loss\"; did you mean \"stoploss\"?".
 * TP_EX_NOINPUT when the file cannot be opened.  Rule expressions are only
 * stored here; tp-predict compiles them.
 */
int tp_strategy_load(struct tp_strategy *s, const char *path,
    struct tp_err *err);
/* The same for the file's text[0..n), read from memory; path names it in
 * messages and gives the default "name". */
int tp_strategy_load_text(struct tp_strategy *s, const char *path,
    const char *text, size_t n, struct tp_err *err);
/* A strategy of no file: every key at its default. */
void tp_strategy_defaults(struct tp_strategy *s);

/*
 * Whether v is a value the file allows for an exit rule: key "stoploss",
 * "trailing_stop_positive", "trailing_stop_positive_offset", "leverage"
 * or "roi" (a step of minimal_roi).  One place for the ranges that the
 * loader and a sweep both check.
 */
int tp_strategy_in_range(const char *key, double v);

/* The index of parameter name, or -1. */
int tp_strategy_param(const struct tp_strategy *s, const char *name,
    size_t n);

/*
 * Rule text expr with each $name replaced by values[i] (the value of
 * parameter i; s->param_values for the file's), NUL-terminated in out.
 * Returns -1 for an unknown name, with *bad pointing at its '$', or when
 * out of memory (*bad NULL).
 */
int tp_strategy_expand(const struct tp_strategy *s, const char *expr,
    const double *values, struct tp_buf *out, const char **bad);
void tp_strategy_release(struct tp_strategy *s);

/*
 * Add to inds what the strategy computes, in the order tp-ind(1) writes
 * it: "indicators" (tp_inds_add()), each "informative" timeframe's specs
 * (tp_inform_tf()), the symbols' fields (tp_inform_from()), the shifts
 * (tp_inform_shift()); the strategy's timeframe, when it has one, is the
 * base candles' (tp_inform_base_tf()).  A refusal is TP_EX_CONFIG with
 * err->file = s->path, the message naming the key when it is not in
 * "indicators".
 */
int tp_strategy_inds(const struct tp_strategy *s, struct tp_inds *inds,
    const char *const fields[TP_IN_N], struct tp_err *err);

#endif
