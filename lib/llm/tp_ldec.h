/*
 * tp_ldec.h: the LLM decider of a strategy's "llm" section (tp-predict(1)
 * LLM DECIDERS).
 *
 * On each candle it keeps the symbol's last "candles" rows (each one
 * formatted once, as a line of the prompt's table).  On a candle whose
 * time is a multiple of "every", it fills the prompt template, asks each
 * model (from the cache when the answer is kept there, else all at once
 * over the network), reads each answer strictly, votes, and turns the
 * decision into an action given the symbol's open position.  The record
 * gets llm_NAME_decision, llm_NAME_confidence and llm_NAME_ms per model
 * and, when the vote calls for an action, signal, confidence and tag
 * "llm"; the prompt, each answer (with its reasoning and tokens) and the
 * decision go out as records of their own (emit) for the journal.
 *
 * "news" records are kept per symbol (a news record without a symbol is
 * every symbol's) for "news_window" and put in the next prompts.
 *
 * The open position is the record's position_side ("long", "short",
 * "flat") and position_entry when it has them, else the one the stream's
 * own signals imply (enter_long opens a long at the close, ...).
 *
 * Memory is fixed per symbol (its rows, its news); a decision allocates
 * only for its calls.  The API keys are read at the start, held in
 * libsodium's guarded memory, and go nowhere but the calls' headers.
 */
#ifndef TP_LDEC_H
#define TP_LDEC_H

#include "core/tp_err.h"
#include "rec/tp_rec.h"
#include "decide/tp_strategy.h"

struct tp_ldec;

struct tp_ldec_opts {
	const char *cache;	/* --llm-cache FILE, or NULL */
	int offline;		/* answer from the cache only */
	int64_t since;		/* decide on candles from this time on
				 * (--llm-since); INT64_MIN: all */
	/* A record the decider makes (llm_prompt, llm_answer,
	 * llm_decision), before the candle it decides; NULL: none. */
	int (*emit)(void *ctx, struct tp_rec *rec, struct tp_err *err);
	/* A model abstained, and why (no secret in it). */
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
};

/* What a run did, for its last words and the benchmark. */
struct tp_ldec_stats {
	long decisions;		/* candles decided on */
	long requests;		/* calls made (tries not counted) */
	long failures;		/* calls that gave no usable answer */
	long cached;		/* answers from the cache */
	long misses;		/* --offline: answers not in the cache */
	long abstained;		/* answers that did not vote, all causes */
	int symbols;		/* seen (news of no symbol counts one) */
};

/* Set up the decider of s->llm (which must be there): keys, template,
 * cache.  Errors: TP_EX_CONFIG (a key missing, a bad template),
 * TP_EX_NOINPUT (no cache with --offline), ... */
int tp_ldec_new(struct tp_ldec **out, const struct tp_strategy *s,
    struct tp_names *names, const struct tp_ldec_opts *o,
    struct tp_err *err);
void tp_ldec_free(struct tp_ldec *d);

/*
 * After the rules (rules: whether there are any, whose signal stays on
 * rows the LLM does not decide and, with fallback "rules", on rows where
 * every model failed): a candle is decided on or gets empty LLM fields; a
 * news record is kept; other records pass.  TP_EX_DATAERR for a bad
 * candle or time going back.
 */
int tp_ldec_apply(struct tp_ldec *d, struct tp_rec *rec, int rules,
    struct tp_err *err);

/* The fields tp_ldec_apply() adds to a candle, in order, for a header
 * with no rows (with rules, signal, confidence and tag are theirs, before
 * these); how many were stored (at most n). */
int tp_ldec_out_ids(const struct tp_ldec *d, int rules, int *ids, int n);

void tp_ldec_stats(const struct tp_ldec *d, struct tp_ldec_stats *st);

/* Store the API key key[0..n) encrypted in the new file path (a model's
 * api_key_file): tp_secret.h's file of 256 bytes, the key padded with
 * NULs.  TP_EX_CONFIG for an empty or too long key. */
int tp_ldec_store_key(const char *path, const char *key, size_t n,
    struct tp_err *err);

#endif
