/*
 * tp_http.c: GETs with retries for the exchange adapters (tp_http.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "tp_http.h"
#include "tp_time.h"
#include "tp_version.h"

static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct tp_buf *b = ctx;

	return tp_buf_add(b, p, size * n) < 0 ? 0 : size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct tp_http *h = ctx;
	size_t len = size * n;
	static const char ra[] = "retry-after:";

	if (len > sizeof(ra) && strncasecmp(p, ra, sizeof(ra) - 1) == 0) {
		char tmp[32];
		size_t k = len - (sizeof(ra) - 1);

		if (k >= sizeof(tmp))
			k = sizeof(tmp) - 1;
		memcpy(tmp, p + sizeof(ra) - 1, k);
		tmp[k] = '\0';
		/* seconds; an HTTP date is not worth parsing: back off */
		h->retry_after = isdigit((unsigned char)tmp[strspn(tmp, " ")]) ?
		    strtod(tmp, NULL) : -1;
	}
	return len;
}

int
tp_http_init(struct tp_http *h, const char *what, double max_wait_s,
    struct tp_err *err)
{
	static int global;

	memset(h, 0, sizeof(*h));
	h->what = what;
	h->timeout_ms = 30000;
	h->backoff_s = 0.5;
	h->max_backoff_s = 60;
	h->deadline = tp_time_now_ms() + (int64_t)(max_wait_s * 1000);
	h->jitter = (uint64_t)tp_time_now_ms() * 0x9e3779b97f4a7c15u ^
	    (uint64_t)getpid();
	if (!global && curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "cannot start "
		    "libcurl");
	global = 1;
	if ((h->curl = curl_easy_init()) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "cannot start "
		    "libcurl");
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "tp/" TP_VERSION);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &h->body);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
	return 0;
}

void
tp_http_release(struct tp_http *h)
{
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	tp_buf_release(&h->body);
	memset(h, 0, sizeof(*h));
}

/* A uniform number in [0, 1) for the jitter (xorshift64*). */
static double
jitter(struct tp_http *h)
{
	h->jitter ^= h->jitter >> 12;
	h->jitter ^= h->jitter << 25;
	h->jitter ^= h->jitter >> 27;
	return (double)((h->jitter * 0x2545f4914f6cdd1dU) >> 11) / 9007199254740992.0;
}

static void
sleep_s(double s)
{
	struct timespec t;

	t.tv_sec = (time_t)s;
	t.tv_nsec = (long)((s - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) != 0)
		;
}

/*
 * Wait before asking again: the server's Retry-After, else the backoff
 * doubled per retry, a quarter either way at random so that many clients
 * do not come back at once; -1 with err when that passes the deadline.
 */
static int
wait_retry(struct tp_http *h, const char *url, const char *why,
    struct tp_err *err)
{
	double d = h->backoff_s, s;
	long k;

	for (k = 0; k < h->retries && d < h->max_backoff_s; k++)
		d *= 2;
	s = h->retry_after >= 0 ? h->retry_after :
	    d * (0.75 + 0.5 * jitter(h));
	if (s > h->max_backoff_s && h->retry_after < 0)
		s = h->max_backoff_s;
	if (tp_time_now_ms() + (int64_t)(s * 1000) > h->deadline)
		return tp_errf(err, TP_EX_TEMPFAIL, h->what, 0, "%s, %ld "
		    "request%s in: giving up for now (retry later; "
		    "--max-wait) [%s]", why, h->requests,
		    h->requests == 1 ? "" : "s", url);
	sleep_s(s);
	h->retries++;
	return 0;
}

int
tp_http_retry(struct tp_http *h, const char *url, const char *why,
    struct tp_err *err)
{
	h->retry_after = -1;
	return wait_retry(h, url, why, err);
}

int
tp_http_get(struct tp_http *h, const char *url, struct tp_err *err)
{
	char why[256];
	CURLcode rc;

	for (;;) {
		h->body.len = 0;
		h->status = 0;
		h->retry_after = -1;
		curl_easy_setopt(h->curl, CURLOPT_URL, url);
		curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, h->timeout_ms);
		h->requests++;
		rc = curl_easy_perform(h->curl);
		if (tp_buf_add(&h->body, "", 1) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		h->body.len--;
		if (rc == CURLE_OK)
			curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE,
			    &h->status);
		if (rc == CURLE_OK && h->status >= 200 && h->status < 300)
			return 0;
		if (rc == CURLE_OK && h->status >= 400 && h->status < 500 &&
		    h->status != 429 && h->status != 418)
			return 1;
		if (rc == CURLE_UNSUPPORTED_PROTOCOL ||
		    rc == CURLE_URL_MALFORMAT)
			return tp_errf(err, TP_EX_USAGE, h->what, 0, "%s: %s",
			    url, curl_easy_strerror(rc));
		if (rc != CURLE_OK)
			snprintf(why, sizeof(why), "%s",
			    curl_easy_strerror(rc));
		else
			snprintf(why, sizeof(why), "HTTP %ld%s", h->status,
			    h->status == 429 || h->status == 418 ?
			    " (rate limit)" : "");
		if (wait_retry(h, url, why, err) < 0)
			return -1;
	}
}
