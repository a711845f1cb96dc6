/*
 * tp_http.h: polite HTTPS GETs for the exchange adapters (tp-fetch(1)).
 *
 * One libcurl handle, reused so that connections stay open across pages.
 * A request that meets a rate limit (429, Binance's 418), a server error
 * (5xx), a timeout, a broken connection or a body the adapter cannot
 * parse is retried after an exponential backoff with jitter, or after
 * the server's Retry-After when it sends one, until the run's time limit;
 * then the request fails with TP_EX_TEMPFAIL (75: retry later), so a cron
 * job can tell "the exchange is busy" from "this is wrong".  Proxies come
 * from libcurl's usual environment variables (https_proxy, no_proxy ...).
 *
 * Only http:// and https:// URLs are asked, redirects are not followed (a
 * 3xx is an error naming where it points), and an answer longer than
 * max_body bytes, counted after gzip or deflate are undone, is refused
 * before it is all in memory.
 *
 * Requests are also paced before a limit is met: never closer than
 * min_gap seconds, and, when the exchange says how much of its budget is
 * used (Binance's X-MBX-USED-WEIGHT-1M, Bybit's X-Bapi-Limit-Status and
 * X-Bapi-Limit-Reset-Timestamp), not again until the budget is renewed
 * once it is nearly spent.
 */
#ifndef TP_HTTP_H
#define TP_HTTP_H

#include <stdint.h>

#include "core/tp_err.h"
#include "rec/tp_rec.h"

/* The largest answer read by default (tp_http.max_body). */
#define TP_HTTP_MAX_BODY ((size_t)64 << 20)

struct tp_http {
	void *curl;		/* CURL * */
	const char *what;	/* the exchange, for messages */
	size_t max_body;	/* a longer answer (once decoded) is refused */
	int too_big;		/* the last one was */
	double max_wait;	/* seconds of retrying in a row */
	int64_t deadline;	/* give up retrying after this, Unix ms:
				 * max_wait after the last good answer
				 * (tp_http_good()) */
	long timeout_ms;	/* one request, connection included */
	double backoff_s;	/* the first wait; doubled each retry */
	double max_backoff_s;	/* waits are cut to this */
	long status;		/* of the last response */
	double retry_after;	/* its Retry-After in seconds, or -1 */
	int64_t server_ms;	/* its Date, Unix ms (whole seconds), or 0 */
	double min_gap;		/* seconds between requests */
	int64_t last_ms;	/* when the last request started */
	int64_t pace_until;	/* the budget is spent: wait for this */
	long weight;		/* Binance: the weight used this minute */
	long requests;
	double wait_ms;		/* spent in requests, all told */
	long retries;		/* in a row, since a good answer */
	char ctype[64];		/* the last Content-Type, or "" */
	struct tp_buf body;	/* the last response's body, NUL-ended */
	uint64_t jitter;	/* state of the jitter's generator */
	/* Told why each retry is made, at most once a minute (NULL: not
	 * told); said_ms is when it was last told, unsaid the retries
	 * since then that it was not told about. */
	void (*warn)(const struct tp_err *w);
	int64_t said_ms;
	long unsaid;
};

/*
 * Set up h for the exchange what, retrying for at most max_wait_s
 * seconds in a row (from now, then from each answer).
 */
int tp_http_init(struct tp_http *h, const char *what, double max_wait_s,
    struct tp_err *err);
void tp_http_release(struct tp_http *h);

/*
 * GET url into h->body.  Returns 0 with a 2xx response; 1 with another
 * response the caller should read (a 4xx other than 429 and 418: the
 * exchange says the request is wrong); -1 with err when retries ran out
 * (TP_EX_TEMPFAIL), the URL is not http or https (TP_EX_USAGE), the
 * answer is a redirect or longer than max_body (TP_EX_UNAVAILABLE), or
 * curl cannot run.
 */
int tp_http_get(struct tp_http *h, const char *url, struct tp_err *err);

/* tp_http_send()'s flags. */
enum {
	/* Not to be asked twice: an order.  A timeout, a broken
	 * connection or a 5xx (the request may have been done) returns
	 * 2 instead of retrying; a refused connection is still retried,
	 * and so is a 429, which says the request was not done. */
	TP_HTTP_ONCE = 1,
	/* A live account's request: a 418 (Binance's ban) is returned (1)
	 * for the caller to stop on, not waited out. */
	TP_HTTP_LIVE = 2
};

/*
 * tp_http_get() with a method ("GET", "POST", "DELETE", "PUT"; NULL
 * GET), headers (a struct curl_slist *, may be NULL) and a body (NUL-
 * ended, NULL for none), under flags: the same returns, and 2 as
 * TP_HTTP_ONCE says.
 */
int tp_http_send(struct tp_http *h, const char *method, const char *url,
    void *headers, const char *body, int flags, struct tp_err *err);

/*
 * The caller found the response good: the time for retries, and the
 * backoff, start again.  Any answer short of that (a captive portal's
 * page with status 200, a body cut short) leaves them running, or such
 * answers would be retried for ever.
 */
void tp_http_good(struct tp_http *h);

/*
 * The caller found the response broken (cut short, not the JSON it
 * should be) or the exchange said in it to slow down: wait wait_s
 * seconds (< 0: as for a server error) and return 0 to ask again, or -1
 * with err (TP_EX_TEMPFAIL) when the time is up.  why names the reason.
 */
int tp_http_retry(struct tp_http *h, const char *url, const char *why,
    double wait_s, struct tp_err *err);

/* The value of header line p[0..len) (as libcurl hands it over) when
 * its name is name (any case), blanks trimmed, into val (n bytes, cut to
 * fit); NULL when it is another header. */
const char *tp_http_header(const char *p, size_t len, const char *name,
    char *val, size_t n);

/*
 * Text an exchange sent, s[0..n), made safe to quote in a message into
 * out (size m, always NUL-ended, cut at a whole character): control
 * characters become \xNN (C0, DEL) or \u00NN (C1, U+0080 to U+009F,
 * which some terminals obey as ESC sequences), and bytes that are not
 * UTF-8 become \xNN.  Returns out.
 */
char *tp_http_printable(const char *s, size_t n, char *out, size_t m);

#endif
