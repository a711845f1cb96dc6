/*
 * tp_lcall.h: chat-completion calls to several LLM endpoints at once
 * (libcurl multi).
 *
 * Each call is a POST of a JSON body to its URL, with the key as a
 * bearer token when there is one.  All run in parallel; each has its own
 * time limit (retries included): a 429, a 5xx, a broken connection or a
 * timeout of one try is tried again after a backoff (0.5 s, doubled, or
 * the server's Retry-After) while time is left, and then the call fails.
 * Another answer (2xx or 4xx) ends the call.  Messages name the URL,
 * which never holds a credential (the strategy refuses one there).
 */
#ifndef TP_LCALL_H
#define TP_LCALL_H

#include <stdint.h>

#include "core/tp_buf.h"
#include "core/tp_err.h"

/* The longest answer read (an LLM's chat completion is a few KiB). */
#define TP_LCALL_MAX_BODY ((size_t)4 << 20)

struct tp_lcall {
	/* Set by the caller: */
	const char *url;
	const char *key;	/* the bearer token, or NULL */
	const char *body;	/* NUL-ended JSON */
	double timeout_s;
	/* Set by tp_lcall_run(): */
	int done;		/* an answer came: status and resp hold it */
	long status;		/* HTTP status of the last try, 0: none */
	struct tp_buf resp;	/* the last answer's body, NUL-ended */
	long ms;		/* from the first try to the end */
	int tries;
	char why[256];		/* !done: why, for a warning */
	/* The call's own state: */
	void *easy;
	void *hdr;
	int64_t start, deadline, next_ms;
	double backoff, retry_after;
	int too_big, running;
};

/* The calls share one multi handle, so connections are kept. */
struct tp_lcalls {
	void *multi;
};

int tp_lcalls_init(struct tp_lcalls *m, struct tp_err *err);
void tp_lcalls_release(struct tp_lcalls *m);

/* Run c[0..n) until each has an answer or is out of time.  -1 only when
 * libcurl cannot run (TP_EX_SOFTWARE); a call that failed says why. */
int tp_lcall_run(struct tp_lcalls *m, struct tp_lcall *c, int n,
    struct tp_err *err);

/* Free what a call holds (its body buffer and handle). */
void tp_lcall_release(struct tp_lcall *c);

#endif
