/*
 * tp_lanswer.c: a model's answer read strictly (tp_lanswer.h).
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_num.h"
#include "llm/tp_lanswer.h"

/* ---- reasons ------------------------------------------------------------- */

/* The length of a UTF-8 sequence led by c (C2 to F4), or 0. */
static size_t
lead(unsigned char c)
{
	if (c < 0xc2 || c > 0xf4)
		return 0;
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
}

/* The lead s[0] and the continuation bytes after it, counted up to len
 * (len when the sequence is whole) or the end of s[0..n). */
static size_t
follow(const unsigned char *s, size_t n, size_t len)
{
	size_t k;

	for (k = 1; k < len && k < n && (s[k] & 0xc0) == 0x80; k++)
		;
	return k;
}

/*
 * Make why one printable line: controls (C0, DEL, C1) become a space, a
 * byte of no UTF-8 sequence '?', and a sequence cut at the end (by the
 * length limit) goes.
 */
static void
clean(char *why)
{
	unsigned char *s = (unsigned char *)why, *o = s;
	size_t n = strlen(why), k, len;

	for (k = 0; k < n; k += len) {
		len = 1;
		if (s[k] < 0x20 || s[k] == 0x7f)
			*o++ = ' ';
		else if (s[k] < 0x80)
			*o++ = s[k];
		else if ((len = lead(s[k])) == 0 ||
		    follow(s + k, n - k, len) < len) {
			if (len > n - k && follow(s + k, n - k, len) == n - k)
				break;	/* cut by the length limit */
			len = 1;
			*o++ = '?';
		} else if (s[k] == 0xc2 && s[k + 1] < 0xa0)
			*o++ = ' ';
		else {
			memmove(o, s + k, len);
			o += len;
		}
	}
	*o = '\0';
}

static int
abstain(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
		clean(why);
	}
	return -1;
}

/* ---- the content ----------------------------------------------------------- */

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether json string j is name, in any case (ASCII). */
static int
same_word(json_t *j, const char *name)
{
	const char *s = json_string_value(j);
	size_t k, n = json_string_length(j);

	if (n != strlen(name))
		return 0;
	for (k = 0; k < n; k++)
		if ((s[k] >= 'a' && s[k] <= 'z' ? s[k] - 'a' + 'A' : s[k]) !=
		    name[k])
			return 0;
	return 1;
}

static int
get_decision(json_t *o, struct tp_lanswer *a, char *why, size_t whylen)
{
	json_t *j = json_object_get(o, "decision");
	int d;

	if (j == NULL)
		return abstain(why, whylen, "no \"decision\"");
	if (!json_is_string(j))
		return abstain(why, whylen, "\"decision\" is not a string");
	for (d = 0; d < TP_LLM_NDEC; d++)
		if (same_word(j, tp_llm_dec_names[d])) {
			a->dec = (enum tp_llm_dec)d;
			return 0;
		}
	return abstain(why, whylen, "decision \"%.40s\" is not BUY, SELL or "
	    "HOLD", json_string_value(j));
}

/* Number key of o, in [lo, hi], into *v; 1 when absent (or null, with
 * nullable), 0 read, -1 abstain. */
static int
get_num(json_t *o, const char *key, double lo, double hi, int nullable,
    double *v, char *why, size_t whylen)
{
	json_t *j = json_object_get(o, key);
	char buf[TP_NUM_BUFSZ];

	if (j == NULL || (nullable && json_is_null(j)))
		return 1;
	if (!json_is_number(j))
		return abstain(why, whylen, "\"%s\" is not a number", key);
	*v = json_number_value(j);
	if (!(*v >= lo && *v <= hi)) {
		tp_num_format(*v, buf);
		return abstain(why, whylen, "%s %s is outside %g..%g", key,
		    buf, lo, hi);
	}
	return 0;
}

static int
get_fields(json_t *o, struct tp_lanswer *a, char *why, size_t whylen)
{
	json_t *r;
	int rc;

	if (get_decision(o, a, why, whylen) < 0)
		return -1;
	if ((rc = get_num(o, "confidence", 0, 1, 0, &a->conf, why, whylen))
	    != 0)
		return rc < 0 ? -1 : abstain(why, whylen, "no \"confidence\"");
	if ((r = json_object_get(o, "reasoning")) == NULL)
		return abstain(why, whylen, "no \"reasoning\"");
	if (!json_is_string(r))
		return abstain(why, whylen, "\"reasoning\" is not a string");
	if ((rc = get_num(o, "sentiment", -1, 1, 1, &a->sentiment, why,
	    whylen)) < 0)
		return -1;
	a->has_sentiment = rc == 0;
	if ((a->reasoning = strdup(json_string_value(r))) == NULL)
		return abstain(why, whylen, "out of memory");
	return 0;
}

/* The content into a, leaving usage and content alone. */
static int
read_content(const char *s, size_t n, struct tp_lanswer *a, char *why,
    size_t whylen)
{
	json_error_t e;
	json_t *o;
	int rc;

	if (n > (size_t)TP_LANSWER_MAX)
		return abstain(why, whylen, "answer over 1 MiB");
	while (n > 0 && space(*s))
		s++, n--;
	while (n > 0 && space(s[n - 1]))
		n--;
	if (n == 0)
		return abstain(why, whylen, "empty answer");
	if (n >= 3 && memcmp(s, "```", 3) == 0)
		return abstain(why, whylen, "not a JSON object (a ``` block)");
	if (*s != '{')
		return abstain(why, whylen, "not a JSON object");
	if ((o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e)) == NULL)
		return abstain(why, whylen, "not a JSON object: %s", e.text);
	rc = get_fields(o, a, why, whylen);
	json_decref(o);
	if (rc < 0) {
		free(a->reasoning);
		a->reasoning = NULL;
		a->dec = TP_LLM_HOLD;
		a->conf = a->sentiment = 0;
		a->has_sentiment = 0;
	}
	return rc;
}

static void
init(struct tp_lanswer *a)
{
	memset(a, 0, sizeof(*a));
	a->dec = TP_LLM_HOLD;
	a->prompt_tokens = a->completion_tokens = -1;
}

int
tp_lanswer_content(const char *s, size_t n, struct tp_lanswer *a, char *why,
    size_t whylen)
{
	init(a);
	return read_content(s, n, a, why, whylen);
}

/* ---- the response ---------------------------------------------------------- */

/* usage.KEY when an integer >= 0, else -1. */
static long
tokens(json_t *usage, const char *key)
{
	json_t *j = json_object_get(usage, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    json_integer_value(j) > 0x7fffffffL)
		return -1;
	return (long)json_integer_value(j);
}

/* The API's own error: its message (and code) quoted. */
static int
api_error(json_t *err, char *why, size_t whylen)
{
	json_t *m = json_is_string(err) ? err :
	    json_object_get(err, "message");
	json_t *c = json_object_get(err, "code");
	const char *msg = json_is_string(m) ? json_string_value(m) :
	    "no message";

	if (json_is_integer(c))
		return abstain(why, whylen, "API error %lld: %.200s",
		    (long long)json_integer_value(c), msg);
	if (json_is_string(c))
		return abstain(why, whylen, "API error %.40s: %.200s",
		    json_string_value(c), msg);
	return abstain(why, whylen, "API error: %.200s", msg);
}

/* choices[0].message of the response, or NULL. */
static json_t *
message(json_t *root)
{
	json_t *c = json_object_get(root, "choices");

	return json_object_get(json_array_get(c, 0), "message");
}

static int
read_body(json_t *root, struct tp_lanswer *a, char *why, size_t whylen)
{
	json_t *err = json_object_get(root, "error"), *msg, *content, *fin;
	int rc;

	if (err != NULL && !json_is_null(err))
		return api_error(err, why, whylen);
	if (!json_is_object(msg = message(root)))
		return abstain(why, whylen, "no choices[0].message");
	content = json_object_get(msg, "content");
	if (!json_is_string(content)) {
		if (json_is_string(json_object_get(msg, "refusal")))
			return abstain(why, whylen, "refused: %.200s",
			    json_string_value(json_object_get(msg,
			    "refusal")));
		return abstain(why, whylen, "choices[0].message.content is "
		    "not a string");
	}
	if ((a->content = strdup(json_string_value(content))) == NULL)
		return abstain(why, whylen, "out of memory");
	rc = read_content(a->content, json_string_length(content), a, why,
	    whylen);
	fin = json_object_get(json_array_get(json_object_get(root, "choices"),
	    0), "finish_reason");
	if (rc < 0 && json_is_string(fin) &&
	    strcmp(json_string_value(fin), "length") == 0)
		return abstain(why, whylen, "answer cut at max_tokens "
		    "(finish_reason length)");
	return rc;
}

int
tp_lanswer_parse(const char *body, size_t n, struct tp_lanswer *a, char *why,
    size_t whylen)
{
	json_error_t e;
	json_t *root, *usage;
	int rc;

	init(a);
	if (n > (size_t)TP_LANSWER_MAX)
		return abstain(why, whylen, "response over 1 MiB");
	if ((root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &e)) == NULL)
		return abstain(why, whylen, "response is not JSON: %s",
		    e.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return abstain(why, whylen, "response is not a JSON object");
	}
	usage = json_object_get(root, "usage");
	a->prompt_tokens = tokens(usage, "prompt_tokens");
	a->completion_tokens = tokens(usage, "completion_tokens");
	rc = read_body(root, a, why, whylen);
	json_decref(root);
	return rc;
}

void
tp_lanswer_release(struct tp_lanswer *a)
{
	free(a->reasoning);
	free(a->content);
	a->reasoning = a->content = NULL;
}
