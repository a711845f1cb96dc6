/*
 * tp_lprompt.h: an LLM decision's prompt, from a template (tp-predict(1)
 * LLM DECIDERS, PROMPT).
 *
 * A template is text in two parts, each begun by a line "[system]" or
 * "[user]" alone; lines starting with "#" before the first part are
 * comments.  {{name}} in either part is replaced by what the decision
 * sees (enum tp_lph); any other {{...}} is refused with its line, so a
 * typo is found before the first call rather than sent to a model.
 * The built-in template is share/prompts/default.txt, compiled in.
 */
#ifndef TP_LPROMPT_H
#define TP_LPROMPT_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_buf.h"
#include "core/tp_err.h"

/* What a placeholder stands for. */
enum tp_lph {
	TP_LPH_TEXT,		/* not one: the template's own text */
	TP_LPH_SYMBOL, TP_LPH_TIMEFRAME, TP_LPH_EXCHANGE,
	TP_LPH_TIME,		/* the decision's time, ISO 8601 UTC */
	TP_LPH_COUNT,		/* the candles in the table */
	TP_LPH_CANDLES,		/* the table, CSV with its header */
	TP_LPH_FIELDS,		/* the last candle's fields, "name=value" */
	TP_LPH_POSITION,	/* the open position, or "none" */
	TP_LPH_NEWS,		/* news lines, or "none" */
	TP_LPH_N
};

struct tp_lpiece {
	enum tp_lph what;
	size_t off, len;	/* TP_LPH_TEXT: its bytes in the text */
};

struct tp_ltemplate {
	char *text;
	struct tp_lpiece *p;
	int np, cap;
	int nsys;		/* p[0..nsys) the system part, the rest the user's */
};

/* The built-in template's text (generated from share/prompts/). */
extern const char tp_lprompt_default[];

/* Read the template at path (NULL: the built-in one).  Errors name the
 * file and line: TP_EX_NOINPUT when it cannot be read, TP_EX_CONFIG for
 * an unknown placeholder or a missing part. */
int tp_ltemplate_load(struct tp_ltemplate *t, const char *path,
    struct tp_err *err);
/* The same on text[0..n), called name in messages. */
int tp_ltemplate_parse(struct tp_ltemplate *t, const char *name,
    const char *text, size_t n, struct tp_err *err);
void tp_ltemplate_release(struct tp_ltemplate *t);

/* Whether the template uses placeholder what. */
int tp_ltemplate_uses(const struct tp_ltemplate *t, enum tp_lph what);

/* The text of each placeholder for one decision (v[TP_LPH_TEXT] unused). */
struct tp_lvals {
	const char *v[TP_LPH_N];
	size_t n[TP_LPH_N];
};

/* Fill the two parts into sys and user (emptied first).  -1 when out of
 * memory. */
int tp_lprompt_fill(const struct tp_ltemplate *t, const struct tp_lvals *v,
    struct tp_buf *sys, struct tp_buf *user);

/* The prompt's hash: BLAKE2b-256 of the system part, a NUL and the user
 * part, as 64 lower-case hex digits and a NUL. */
#define TP_LPROMPT_HASHLEN 65
void tp_lprompt_hash(const struct tp_buf *sys, const struct tp_buf *user,
    char hex[TP_LPROMPT_HASHLEN]);

#endif
