/*
 * tp_lanswer.h: one model's answer read strictly (issue 25): an
 * OpenAI-compatible chat completions response, or the assistant
 * message's text alone, as the cache keeps it.  A model whose answer is
 * anything but what the prompt asked for abstains, with a reason.
 *
 * The response body is a JSON object (at most 1 MiB) with
 * choices[0].message.content a string; an "error" member (OpenRouter sends
 * {"error": {"message": ..., "code": ...}}, sometimes with status 200) is
 * an abstention that quotes its message.  usage.prompt_tokens and
 * usage.completion_tokens are read when they are integers >= 0, else
 * unknown (-1): a bad count does not make the model abstain.
 *
 * The content, less white space at either end, must be one JSON object
 * and nothing else: no prose around it, no ``` fenced block (the prompt
 * asks for the object alone; an endpoint that takes response_format
 * json_object gives nothing else), no key twice.  Its keys:
 *
 *   decision    a string, BUY, SELL or HOLD in any case ("buy", "Buy"),
 *               nothing more ("BUY ", "STRONG_BUY" abstain)
 *   confidence  a number in [0, 1]
 *   reasoning   a string
 *   sentiment   optional: a number in [-1, 1], or null for none
 *
 * Other keys are ignored.  A missing key abstains naming it.
 *
 * A reason ("why") is one short line, in printable characters (controls
 * become spaces), cut on a UTF-8 boundary to fit whylen, and quotes at
 * most a few hundred bytes of the answer (an API error's message is cut
 * to 200).  It holds nothing of the request: an endpoint that echoes the
 * key in its error message would put it there, so the caller scrubs what
 * it prints of the key it sent.
 */
#ifndef TP_LANSWER_H
#define TP_LANSWER_H

#include <stddef.h>

#include "llm/tp_lvote.h"

#define TP_LANSWER_MAX (1L << 20)	/* bytes of a body, or content */

struct tp_lanswer {
	enum tp_llm_dec dec;
	double conf;
	double sentiment;
	int has_sentiment;
	char *reasoning;
	char *content;		/* tp_lanswer_parse: the message's content as
				 * sent, for the cache; NULL when none */
	long prompt_tokens, completion_tokens;	/* -1 unknown */
};

/*
 * body[0..n): the HTTP body.  0: a holds the answer; -1: the model
 * abstains, why (at most whylen bytes, NUL included) says why, and a holds
 * only what the body had of usage and content (an answer refused still
 * cost its tokens, and its text replays from the cache to the same
 * refusal).  Out of memory is an abstention too.  Either way a is to be
 * released.
 */
int tp_lanswer_parse(const char *body, size_t n, struct tp_lanswer *a,
    char *why, size_t whylen);

/* The same on the content text s[0..n) alone (a->content stays NULL,
 * the token counts -1). */
int tp_lanswer_content(const char *s, size_t n, struct tp_lanswer *a,
    char *why, size_t whylen);

void tp_lanswer_release(struct tp_lanswer *a);

#endif
