/*
 * tp_lcache.h: the answers of LLM models, kept (tp-predict --llm-cache).
 *
 * An SQLite file of one table, answers, keyed by (model, prompt_hash):
 * the model is the endpoint's model id, the hash tp_lprompt_hash()'s.
 * The text kept is the assistant message's content as the model sent
 * it, read again by tp_lanswer_content() on replay, so that a replay
 * decides exactly as the run that asked.  Only answers are kept: a call
 * that failed (timeout, HTTP error) is asked again next time.
 *
 * Several tp-predict processes may share one cache (WAL, a busy
 * timeout); each answer is committed as it comes.
 */
#ifndef TP_LCACHE_H
#define TP_LCACHE_H

#include <stdint.h>

#include "core/tp_buf.h"
#include "core/tp_err.h"

struct tp_lcache {
	void *db;		/* sqlite3 * */
	void *get, *put;	/* sqlite3_stmt * */
	char *path;
};

/* What is kept of one answer. */
struct tp_lcached {
	struct tp_buf content;	/* NUL-ended */
	long prompt_tokens, completion_tokens;	/* -1: unknown */
	long ms;		/* how long the call took */
};

/* Open (creating) the cache at path; read_only for --offline, which must
 * not create one.  TP_EX_NOINPUT, TP_EX_IOERR or TP_EX_DATAERR (not
 * a cache). */
int tp_lcache_open(struct tp_lcache *c, const char *path, int read_only,
    struct tp_err *err);
void tp_lcache_close(struct tp_lcache *c);

/* 1 with *a filled when (model, hash) is kept, 0 when not, -1 on error. */
int tp_lcache_get(struct tp_lcache *c, const char *model, const char *hash,
    struct tp_lcached *a, struct tp_err *err);
/* Keep an answer (a second one for the same key replaces nothing). */
int tp_lcache_put(struct tp_lcache *c, const char *model, const char *hash,
    const struct tp_lcached *a, int64_t now_ms, struct tp_err *err);

#endif
