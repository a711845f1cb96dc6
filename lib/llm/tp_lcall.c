/*
 * tp_lcall.c: LLM calls in parallel (tp_lcall.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "core/tp_time.h"
#include "core/tp_version.h"
#include "feed/tp_http.h"
#include "llm/tp_lcall.h"

static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct tp_lcall *c = ctx;

	n *= size;
	if (n > TP_LCALL_MAX_BODY - c->resp.len) {
		c->too_big = 1;
		return 0;
	}
	return tp_buf_add(&c->resp, p, n) < 0 ? 0 : n;
}

/* Retry-After in seconds (a date is not worth parsing: back off). */
static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct tp_lcall *c = ctx;
	size_t len = size * n;
	char v[64];

	if (tp_http_header(p, len, "retry-after", v, sizeof(v)) != NULL)
		c->retry_after = isdigit((unsigned char)v[0]) ?
		    strtod(v, NULL) : -1;
	return len;
}

int
tp_lcalls_init(struct tp_lcalls *m, struct tp_err *err)
{
	memset(m, 0, sizeof(*m));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (m->multi = curl_multi_init()) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "cannot start "
		    "libcurl");
	return 0;
}

void
tp_lcalls_release(struct tp_lcalls *m)
{
	if (m->multi != NULL) {
		curl_multi_cleanup(m->multi);
		curl_global_cleanup();
	}
	memset(m, 0, sizeof(*m));
}

/* Free the headers, the key's line wiped first. */
static void
free_headers(struct tp_lcall *c)
{
	struct curl_slist *h;

	for (h = c->hdr; h != NULL; h = h->next)
		sodium_memzero(h->data, strlen(h->data));
	curl_slist_free_all(c->hdr);
	c->hdr = NULL;
}

void
tp_lcall_release(struct tp_lcall *c)
{
	if (c->easy != NULL)
		curl_easy_cleanup(c->easy);
	free_headers(c);
	c->easy = c->hdr = NULL;
	tp_buf_release(&c->resp);
}

/* Headers: JSON, and the key.  The key is in libcurl's copy only until
 * the slot's next call or its release, and wiped then. */
static int
headers(struct tp_lcall *c)
{
	struct curl_slist *h = NULL, *t;
	char *auth;
	size_t n;

	h = curl_slist_append(NULL, "Content-Type: application/json");
	if (h != NULL && c->key != NULL) {
		n = strlen(c->key) + sizeof("Authorization: Bearer ");
		if ((auth = malloc(n)) == NULL)
			goto fail;
		snprintf(auth, n, "Authorization: Bearer %s", c->key);
		t = curl_slist_append(h, auth);
		memset(auth, 0, n);
		free(auth);
		if (t == NULL)
			goto fail;
	}
	if (h != NULL)
		h = curl_slist_append(h, "Expect:");	/* no 100-continue */
	c->hdr = h;
	return h != NULL ? 0 : -1;
fail:
	curl_slist_free_all(h);
	return -1;
}

/* A call's handle, made once and kept (its connection with it), set to
 * the call's URL, headers and body. */
static int
prepare(struct tp_lcall *c)
{
	CURL *e = c->easy;

	if (e == NULL) {
		if ((e = c->easy = curl_easy_init()) == NULL)
			return -1;
		curl_easy_setopt(e, CURLOPT_USERAGENT, "tp/" TP_VERSION);
		curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(e, CURLOPT_WRITEDATA, c);
		curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(e, CURLOPT_HEADERDATA, c);
		curl_easy_setopt(e, CURLOPT_PRIVATE, c);
	}
	free_headers(c);
	if (headers(c) < 0)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, c->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, c->hdr);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, c->body);
	return 0;
}

/* Start a try of c now, for the time it has left. */
static int
start(struct tp_lcalls *m, struct tp_lcall *c, int64_t now)
{
	c->resp.len = 0;
	c->too_big = 0;
	c->retry_after = -1;
	c->status = 0;
	c->tries++;
	/* 0 would be no limit at all */
	curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, c->deadline - now > 1 ?
	    (long)(c->deadline - now) : 1L);
	if (curl_multi_add_handle(m->multi, c->easy) != CURLM_OK)
		return -1;
	c->running = 1;
	return 0;
}

/* No time is left for c: it failed, for the reason of its last try. */
static void
give_up(struct tp_lcall *c, int64_t now)
{
	size_t n = strlen(c->why);

	c->next_ms = -1;
	c->ms = (long)(now - c->start);
	snprintf(c->why + n, sizeof(c->why) - n, " after %d %s", c->tries,
	    c->tries == 1 ? "try" : "tries");
}

/* A try of c ended with result r: done, or a retry planned, or out of
 * time. */
static void
finish(struct tp_lcall *c, CURLcode r, int64_t now)
{
	double wait;

	c->running = 0;
	/* NUL-ended, as tp_lcall.h promises */
	if (tp_buf_add(&c->resp, "", 1) == 0)
		c->resp.len--;
	else if (r == CURLE_OK)
		r = CURLE_OUT_OF_MEMORY;
	if (r == CURLE_OK)
		curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &c->status);
	if (r == CURLE_OK && c->status != 429 && c->status < 500 &&
	    !c->too_big) {
		c->done = 1;
		c->ms = (long)(now - c->start);
		return;
	}
	if (c->too_big)
		snprintf(c->why, sizeof(c->why), "an answer longer than %zu "
		    "bytes (%s)", TP_LCALL_MAX_BODY, c->url);
	else if (r != CURLE_OK)
		snprintf(c->why, sizeof(c->why), "%s (%s)",
		    r == CURLE_OPERATION_TIMEDOUT ? "no answer in time" :
		    curl_easy_strerror(r), c->url);
	else
		snprintf(c->why, sizeof(c->why), "HTTP %ld (%s)", c->status,
		    c->url);
	wait = c->retry_after >= 0 ? c->retry_after : c->backoff;
	c->backoff *= 2;
	/* a Retry-After past the time left (1e999 too) is the time left */
	if (!(wait * 1000 < (double)(c->deadline - now)))
		wait = (double)(c->deadline - now) / 1000;
	c->next_ms = now + (int64_t)(wait * 1000);
	if (c->too_big || c->next_ms >= c->deadline)
		give_up(c, now);
}

/* Collect the tries that ended; how many. */
static int
reap(struct tp_lcalls *m, int64_t now)
{
	struct tp_lcall *c;
	CURLMsg *msg;
	int left, n = 0;

	while ((msg = curl_multi_info_read(m->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &c);
		curl_multi_remove_handle(m->multi, msg->easy_handle);
		finish(c, msg->data.result, now);
		n++;
	}
	return n;
}

/* Start the calls whose retry is due; the wait till the next, in ms
 * (-1: none waits); *active counts the calls not yet ended. */
static int
due(struct tp_lcalls *m, struct tp_lcall *c, int n, int64_t now,
    long *wait, int *active)
{
	int i;

	*wait = -1;
	*active = 0;
	for (i = 0; i < n; i++) {
		if (c[i].done || c[i].next_ms < 0)
			continue;
		(*active)++;
		if (c[i].running)
			continue;
		if (c[i].next_ms <= now && now >= c[i].deadline) {
			give_up(&c[i], now);	/* the wait ate the time */
			(*active)--;
		} else if (c[i].next_ms <= now) {
			if (start(m, &c[i], now) < 0)
				return -1;
		} else if (*wait < 0 || c[i].next_ms - now < *wait)
			*wait = (long)(c[i].next_ms - now);
	}
	return 0;
}

/* After a failure: no handle stays in the multi handle. */
static int
fail(struct tp_lcalls *m, struct tp_lcall *c, int n, const char *what,
    struct tp_err *err)
{
	int i;

	for (i = 0; i < n; i++)
		if (c[i].running) {
			curl_multi_remove_handle(m->multi, c[i].easy);
			c[i].running = 0;
		}
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "%s", what);
}

int
tp_lcall_run(struct tp_lcalls *m, struct tp_lcall *c, int n,
    struct tp_err *err)
{
	int64_t now = tp_time_now_ms();
	int i, running, active, nfds;
	long wait;

	for (i = 0; i < n; i++) {
		c[i].done = c[i].running = c[i].tries = 0;
		c[i].why[0] = '\0';
		c[i].start = c[i].next_ms = now;
		c[i].deadline = now + (int64_t)(c[i].timeout_s * 1000);
		c[i].backoff = 0.5;
		if (prepare(&c[i]) < 0)
			return fail(m, c, i, "cannot start a call (libcurl)",
			    err);
	}
	for (;;) {
		now = tp_time_now_ms();
		if (due(m, c, n, now, &wait, &active) < 0)
			return fail(m, c, n, "cannot start a call (libcurl)",
			    err);
		if (active == 0)
			return 0;
		/* A try that ended in this perform is seen before waiting:
		 * poll would wait for news that already came. */
		if (curl_multi_perform(m->multi, &running) != CURLM_OK)
			return fail(m, c, n, "libcurl failed", err);
		if (reap(m, tp_time_now_ms()) > 0)
			continue;
		if (running == 0 && wait < 0)
			continue;	/* due() starts the next try */
		if (curl_multi_poll(m->multi, NULL, 0, running == 0 ||
		    (wait >= 0 && wait < 1000) ? (int)wait : 1000, &nfds) !=
		    CURLM_OK)
			return fail(m, c, n, "libcurl failed", err);
	}
}
