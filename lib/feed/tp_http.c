/*
 * tp_http.c: GETs with retries for the exchange adapters (tp_http.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "feed/tp_http.h"
#include "rec/tp_enc.h"
#include "core/tp_time.h"
#include "core/tp_version.h"

/*
 * Keep the body, up to max_body bytes: libcurl hands it over decoded
 * (gzip, deflate), so this bounds what a small compressed answer can
 * swell to.  Returning short makes libcurl stop the transfer.
 */
static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct tp_http *h = ctx;

	n *= size;	/* size is 1, libcurl says */
	if (n > h->max_body - h->body.len) {
		h->too_big = 1;
		return 0;
	}
	return tp_buf_add(&h->body, p, n) < 0 ? 0 : n;
}

const char *
tp_http_header(const char *p, size_t len, const char *name, char *val,
    size_t n)
{
	size_t k = strlen(name);

	if (len <= k || strncasecmp(p, name, k) != 0 || p[k] != ':')
		return NULL;
	p += k + 1;
	len -= k + 1;
	while (len > 0 && (*p == ' ' || *p == '\t'))
		p++, len--;
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(val, p, len);
	val[len] = '\0';
	return val;
}

/*
 * Binance's weight budget is 6000 a minute per IP (binance-spot-api-docs
 * enums.md, "Rate limiters"); at 90% of it, rest until the next minute.
 * Bybit says how many requests are left and when they are renewed.
 */
#define BINANCE_WEIGHT 6000

static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct tp_http *h = ctx;
	size_t len = size * n;
	char v[64];

	if (tp_http_header(p, len, "date", v, sizeof(v)) != NULL) {
		time_t t = curl_getdate(v, NULL);

		h->server_ms = t > 0 ? (int64_t)t * 1000 : 0;
	} else if (tp_http_header(p, len, "retry-after", v, sizeof(v)) != NULL)
		/* seconds; an HTTP date is not worth parsing: back off */
		h->retry_after = isdigit((unsigned char)v[0]) ?
		    strtod(v, NULL) : -1;
	else if (tp_http_header(p, len, "x-mbx-used-weight-1m", v, sizeof(v))) {
		h->weight = strtol(v, NULL, 10);
		if (h->weight >= BINANCE_WEIGHT * 9 / 10)
			h->pace_until = (tp_time_now_ms() / 60000 + 1) *
			    60000 + 1000;
	} else if (tp_http_header(p, len, "x-bapi-limit-status", v, sizeof(v)) &&
	    strtol(v, NULL, 10) <= 0)
		h->pace_until = INT64_MAX;	/* until the reset is read */
	else if (tp_http_header(p, len, "x-bapi-limit-reset-timestamp", v,
	    sizeof(v)) && h->pace_until == INT64_MAX)
		h->pace_until = strtoll(v, NULL, 10);
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
	h->max_wait = max_wait_s;
	h->max_body = TP_HTTP_MAX_BODY;
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
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	/* exchanges speak HTTPS; file://, ftp:// and the rest are refused,
	 * and a redirect is reported, not followed (FOLLOWLOCATION is off
	 * by default; said here so that no one turns it on unawares) */
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
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

/* Sleep s seconds, 0 <= s <= a day (the callers' waits are bounded by
 * --max-wait): only a signal makes nanosleep sleep again. */
static void
sleep_s(double s)
{
	struct timespec t;

	if (!(s > 0))
		return;
	if (s > 86400)
		s = 86400;
	t.tv_sec = (time_t)s;
	t.tv_nsec = (long)((s - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/*
 * Say why a request is asked again, so that one that keeps failing (a
 * captive portal, a proxy's error page) is not a silent hang; once a
 * minute at most, counting the retries not told about.
 */
static void
say_retry(struct tp_http *h, const char *url, const char *why, double s)
{
	struct tp_err w = TP_ERR_INIT;
	int64_t now = tp_time_now_ms();

	if (h->warn == NULL)
		return;
	if (h->said_ms != 0 && now - h->said_ms < 60000) {
		h->unsaid++;
		return;
	}
	if (h->unsaid > 0)
		tp_errf(&w, TP_EX_OK, h->what, 0, "%s: asking again in %.1f "
		    "s (retry %ld in a row; %ld more since the last warning) "
		    "[%s]", why, s, h->retries + 1, h->unsaid, url);
	else
		tp_errf(&w, TP_EX_OK, h->what, 0, "%s: asking again in %.1f "
		    "s (retry %ld in a row) [%s]", why, s, h->retries + 1,
		    url);
	h->warn(&w);
	tp_err_clear(&w);
	h->said_ms = now;
	h->unsaid = 0;
}

/*
 * Wait before asking again: the server's Retry-After, else the backoff
 * doubled per retry, a quarter either way at random so that many clients
 * do not come back at once; -1 with err when that passes the deadline.
 * The server's wait is any number it sends (1e300, inf): compared in
 * seconds as a double, never turned into milliseconds or a timespec
 * unless it fits before the deadline.
 */
static int
wait_retry(struct tp_http *h, const char *url, const char *why,
    struct tp_err *err)
{
	double d = h->backoff_s, s, left;
	char says[64];
	long k;

	for (k = 0; k < h->retries && d < h->max_backoff_s; k++)
		d *= 2;
	s = h->retry_after >= 0 ? h->retry_after :
	    d * (0.75 + 0.5 * jitter(h));
	if (s > h->max_backoff_s && h->retry_after < 0)
		s = h->max_backoff_s;
	left = (double)(h->deadline - tp_time_now_ms()) / 1000;
	if (!(s <= left)) {
		snprintf(says, sizeof(says), s < 1e6 ? "%.1f s" : "%.3g s", s);
		return tp_errf(err, TP_EX_TEMPFAIL, h->what, 0, "%s, %ld "
		    "request%s in, then %s to wait%s: giving up for now "
		    "(retry later; --max-wait) [%s]", why, h->requests,
		    h->requests == 1 ? "" : "s", says, h->retry_after >= 0 ?
		    " as the exchange says" : "", url);
	}
	say_retry(h, url, why, s);
	sleep_s(s);
	h->retries++;
	return 0;
}

int
tp_http_retry(struct tp_http *h, const char *url, const char *why,
    double wait_s, struct tp_err *err)
{
	h->retry_after = wait_s;
	return wait_retry(h, url, why, err);
}

void
tp_http_good(struct tp_http *h)
{
	h->deadline = tp_time_now_ms() + (int64_t)(h->max_wait * 1000);
	h->retries = 0;
}

/* The status and the Content-Type of the response just read. */
static void
response_info(struct tp_http *h)
{
	char *ct = NULL;

	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
	if (curl_easy_getinfo(h->curl, CURLINFO_CONTENT_TYPE, &ct) ==
	    CURLE_OK && ct != NULL)
		tp_http_printable(ct, strlen(ct), h->ctype, sizeof(h->ctype));
}

/* A 3xx: where it points, which is not followed. */
static int
redirected(struct tp_http *h, const char *url, struct tp_err *err)
{
	char *to = NULL, where[256];

	if (curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL, &to) !=
	    CURLE_OK || to == NULL)
		snprintf(where, sizeof(where), "nowhere (no Location)");
	else
		tp_http_printable(to, strlen(to), where, sizeof(where));
	return tp_errf(err, TP_EX_UNAVAILABLE, h->what, 0, "HTTP %ld: "
	    "redirected to %s, which is not followed (is the base URL "
	    "right? a captive portal?) [%s]", h->status, where, url);
}

static int
too_big(struct tp_http *h, const char *url, struct tp_err *err)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, h->what, 0, "the answer is "
	    "longer than %.10g MiB (--max-response) [%s]",
	    (double)h->max_body / (1 << 20), url);
}

/* Keep to the pace: min_gap after the last request, and a spent budget. */
static int
pace(struct tp_http *h, const char *url, struct tp_err *err)
{
	int64_t now = tp_time_now_ms(), at = h->last_ms +
	    (int64_t)(h->min_gap * 1000);
	char t[TP_TIME_MSGSZ];

	if (h->pace_until == INT64_MAX)	/* no reset time came: a second */
		h->pace_until = now + 1000;
	if (h->pace_until > at)
		at = h->pace_until;
	if (at > h->deadline)
		return tp_errf(err, TP_EX_TEMPFAIL, h->what, 0, "the rate "
		    "limit is used up until %s: giving up for now (retry "
		    "later; --max-wait) [%s]", tp_time_msg(at, t), url);
	if (at > now)
		sleep_s((double)(at - now) / 1000);
	h->pace_until = 0;
	h->last_ms = tp_time_now_ms();
	return 0;
}

int
tp_http_get(struct tp_http *h, const char *url, struct tp_err *err)
{
	return tp_http_send(h, NULL, url, NULL, NULL, 0, err);
}

/* A monotonic clock in ms, to the microsecond: what requests take. */
static double
mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

/* Set up the handle for method (NULL: GET) with headers and body; a
 * POST or PUT without one sends an empty body.  A request not to be
 * asked twice (TP_HTTP_ONCE) goes on a new connection: on a kept-alive
 * one that the server closes without an answer, libcurl sends the same
 * request again by itself ("Connection died, retrying a fresh
 * connect"), an order placed twice. */
static void
set_request(struct tp_http *h, const char *method, const char *url,
    void *headers, const char *body, int flags)
{
	int get = method == NULL || strcmp(method, "GET") == 0;
	int post = !get && (strcmp(method, "POST") == 0 ||
	    strcmp(method, "PUT") == 0);

	if (post && body == NULL)
		body = "";
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, h->timeout_ms);
	/* a Content-Length over the limit ends it before the body */
	curl_easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)h->max_body);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h->curl, CURLOPT_FRESH_CONNECT,
	    (flags & TP_HTTP_ONCE) ? 1L : 0L);
	if (body != NULL) {
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE,
		    (long)strlen(body));
	} else
		curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	/* POST is what POSTFIELDS sends; the others are named */
	curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, get ||
	    strcmp(method, "POST") == 0 ? NULL : method);
}

int
tp_http_send(struct tp_http *h, const char *method, const char *url,
    void *headers, const char *body, int flags, struct tp_err *err)
{
	char why[256];
	CURLcode rc;
	double t0;

	for (;;) {
		h->body.len = 0;
		h->status = 0;
		h->retry_after = -1;
		h->server_ms = 0;
		if (pace(h, url, err) < 0)
			return -1;
		set_request(h, method, url, headers, body, flags);
		h->too_big = 0;
		h->requests++;
		t0 = mono_ms();
		rc = curl_easy_perform(h->curl);
		h->wait_ms += mono_ms() - t0;
		if (h->too_big || rc == CURLE_FILESIZE_EXCEEDED)
			return too_big(h, url, err);
		if (tp_buf_add(&h->body, "", 1) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		h->body.len--;
		h->ctype[0] = '\0';
		if (rc == CURLE_OK)
			response_info(h);
		/* the caller reads these, and says if they are good */
		if (rc == CURLE_OK && h->status >= 200 && h->status < 300)
			return 0;
		if (rc == CURLE_OK && h->status >= 400 && h->status < 500 &&
		    h->status != 429 && ((flags & TP_HTTP_LIVE) ||
		    h->status != 418))
			return 1;
		if (rc == CURLE_OK && h->status >= 300 && h->status < 400)
			return redirected(h, url, err);
		if (rc == CURLE_UNSUPPORTED_PROTOCOL)
			return tp_errf(err, TP_EX_USAGE, h->what, 0, "%s: only "
			    "http:// and https:// URLs are asked", url);
		if (rc == CURLE_URL_MALFORMAT)
			return tp_errf(err, TP_EX_USAGE, h->what, 0, "%s: %s",
			    url, curl_easy_strerror(rc));
		if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
			;	/* never reached the server: safe to ask again */
		else if ((flags & TP_HTTP_ONCE) && rc != CURLE_OK)
			return 2;	/* it may have been done */
		else if ((flags & TP_HTTP_ONCE) && h->status >= 500)
			return 2;
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

char *
tp_http_printable(const char *s, size_t n, char *out, size_t m)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, k, len;
	char esc[8];
	const char *from;

	if (m == 0)
		return out;
	while (i < n) {
		k = tp_enc_utf8_len(p + i, n - i);
		from = esc;
		if (k == 0 || (k == 1 && (p[i] < 0x20 || p[i] == 0x7f))) {
			len = (size_t)snprintf(esc, sizeof(esc), "\\x%02x",
			    p[i]);
			k = 1;
		} else if (k == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			len = (size_t)snprintf(esc, sizeof(esc), "\\u%04x",
			    p[i + 1]);
		else {
			from = s + i;
			len = k;
		}
		if (o + len >= m)
			break;
		memcpy(out + o, from, len);
		o += len;
		i += k;
	}
	out[o] = '\0';
	return out;
}
