/*
 * tp_predict.h: rules, their votes and the decision of each record
 * (tp-predict(1)).
 *
 * A rule is an expression of tp_expr.h that votes for one action (enter or
 * exit, long or short) when it is true.  For each action, the rules that
 * vote for it give a confidence in [0, 1] (majority, weighted or unanimous
 * voting); the record's signal is the action of highest confidence that
 * reaches its minimum, ties going to exits, then to the order of enum
 * tp_action.  tp_pred_apply() appends "signal", "confidence" and "tag"
 * (and "rule_NAME" per rule with explain) to each record.
 *
 * A rule's text may use the built-in signals of tp_signal.h.
 *
 * Ownership: struct tp_pred copies every string it is given and owns its
 * compiled rules and the per-symbol history blocks (one block a symbol,
 * its size fixed by the rules, so memory is constant per symbol).  It keeps
 * a pointer to names, which must outlive it.  tp_pred_apply() allocates
 * only when a record brings a new symbol.
 */
#ifndef TP_PREDICT_H
#define TP_PREDICT_H

#include <stddef.h>

#include "core/tp_err.h"
#include "rec/tp_rec.h"
#include "decide/tp_strategy.h"

/* ---- rules and votes ----------------------------------------------------- */

struct tp_pred_rule {
	char *name;
	char *src;		/* as written */
	enum tp_action action;
	double weight;
	struct tp_expr *expr;
	int *slot;		/* per expr slot: index in tp_pred.vals */
	size_t off;		/* of its history in a symbol's block */
	int explain_id;		/* "rule_NAME" */
};

struct tp_pred {
	struct tp_names *names;
	struct tp_pred_rule *v;
	int n, cap;
	int nargs;		/* --rule options seen, for default names */
	enum tp_vote_mode mode;
	double min_entry, min_exit;
	int explain;		/* append rule_NAME fields */
	/* Set by tp_pred_prepare(): */
	int nact[TP_ACTION_N];	/* rules voting for each action */
	double wsum[TP_ACTION_N];	/* and their weights */
	int *fid, *fat, *frule;	/* distinct fields read: id, last index,
				 * first rule reading it */
	int nf;
	double *vals;		/* their values in the current record */
	double *rv;		/* one rule's slot values */
	int *istrue;		/* per rule, of the current record */
	double *val;		/* per rule, of the current record */
	char *tag;		/* room for every name, comma-joined */
	size_t state_size;
	int signal_id, confidence_id, tag_id, type_id, symbol_id;
	int type_at, sym_at;
	int time_id, time_at;	/* each block starts with its last time */
	/* Per-symbol history, as in tp_ind.c. */
	struct tp_names syms;
	int last_id;
	unsigned char **blocks;
	int nblocks;
	struct tp_buf tmp;
	int ready;
};

void tp_pred_init(struct tp_pred *p, struct tp_names *names);
void tp_pred_release(struct tp_pred *p);

/*
 * Add a rule that votes for action with weight (> 0): compile expr after
 * expanding its built-in signals.  A bad expression is an error of code
 * code, from file (NULL for the command line), "rule \"NAME\": col N:
 * what", N counted from the start of expr plus col0.  A name used twice,
 * a name that is not [A-Za-z0-9_]+ or a bad weight is an error of code too.
 */
int tp_pred_add(struct tp_pred *p, const char *name, enum tp_action action,
    double weight, const char *expr, const char *file, int col0, int code,
    struct tp_err *err);

/*
 * Add a rule from a --rule argument, "[NAME=]ACTION[*WEIGHT]: EXPR"; NAME
 * defaults to ruleN, N counting the --rule arguments.  Errors are
 * TP_EX_USAGE; an expression's column counts from the argument's start.
 */
int tp_pred_add_arg(struct tp_pred *p, const char *arg, struct tp_err *err);

/* Add a strategy's rules (errors TP_EX_CONFIG naming its file), then for
 * each model that votes its rules NAME_up and NAME_down (NAME_short with
 * vote.short), and take its voting mode and minimums.  A strategy with
 * neither rules nor a voting model is an error. */
int tp_pred_add_strategy(struct tp_pred *p, const struct tp_strategy *s,
    struct tp_err *err);

/*
 * Whether rule i can decide its action alone under p's voting: 0 when it
 * can; 1 when its vote alone stays below the action's minimum, with the
 * arithmetic in msg (n bytes), "rule \"dip\": alone it gives enter_long
 * 1/2 = 0.5 (majority), below min_confidence_entry 0.6; ...".  Rules
 * written as alternatives that can never act alone are a strategy
 * mistake that nothing else would show.  Unanimous voting asks for every
 * rule by design: 0.
 */
int tp_pred_alone(const struct tp_pred *p, int i, char *msg, size_t n);

/* The action called s[0..n), or -1. */
int tp_pred_action(const char *s, size_t n);

/*
 * After the last rule and before the first record: lay out the fields, the
 * histories and the output names.  TP_EX_USAGE when there is no rule.
 */
int tp_pred_prepare(struct tp_pred *p, struct tp_err *err);

/*
 * Decide on rec and append signal, confidence, tag (and rule_NAME fields
 * with explain).  A record whose "type" is present and not "candle"
 * passes untouched.  A field a rule reads that rec lacks is TP_EX_DATAERR,
 * naming the rule and the closest field of rec.
 */
int tp_pred_apply(struct tp_pred *p, struct tp_rec *rec, struct tp_err *err);

/*
 * The decision without a record: the per-symbol history block of the
 * symbol called s[0..n) (made on first sight; NULL when out of memory),
 * and the action voted from vals (the values of the fields the rules
 * read, p->nf of them in p->fid order), or -1 with none; *conf its
 * confidence.  tp_pred_apply() is these two on a record.
 */
unsigned char *tp_pred_block(struct tp_pred *p, const char *s, size_t n,
    struct tp_err *err);
int tp_pred_decide(struct tp_pred *p, unsigned char *block,
    const double *vals, double *conf);

/* The ids of the fields tp_pred_apply() appends, for a header with no
 * rows; returns how many were stored (at most n). */
int tp_pred_out_ids(const struct tp_pred *p, int *ids, int n);

#endif
