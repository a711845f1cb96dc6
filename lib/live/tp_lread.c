/*
 * tp_lread.c: reading exchanges' JSON answers (tp_lread.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/tp_num.h"
#include "feed/tp_http.h"
#include "live/tp_lread.h"

int
tp_lread_bad(struct tp_lread *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->wn > 0)
		tp_http_printable(msg, strlen(msg), r->why, r->wn);
	return -1;
}

int
tp_lread_str(struct tp_lread *r, json_t *o, const char *k, int need,
    char *out, size_t n)
{
	json_t *v = json_object_get(o, k);
	size_t len;

	out[0] = '\0';
	if ((v == NULL || json_is_null(v)) && !need)
		return 0;
	if (!json_is_string(v))
		return tp_lread_bad(r, "%s: %s is not a string", r->what, k);
	len = json_string_length(v);
	if (len >= n || memchr(json_string_value(v), '\0', len) != NULL)
		return tp_lread_bad(r, "%s: %s is longer than %zu bytes",
		    r->what, k, n - 1);
	memcpy(out, json_string_value(v), len + 1);
	return 0;
}

/* tp_lread_dec(), and a JSON number too when json (the message of
 * another type then says "number", not "string"). */
static int
decimal(struct tp_lread *r, json_t *o, const char *k, int need, int neg,
    int json, double *d)
{
	json_t *v = json_object_get(o, k);
	size_t len;
	int parsed = 1;

	*d = 0;
	if ((v == NULL || json_is_null(v)) && !need)
		return 0;
	if (json && json_is_number(v))
		*d = json_number_value(v);
	else if (!json_is_string(v))
		return tp_lread_bad(r, "%s: %s is not a %s", r->what, k,
		    json ? "number" : "string");
	else if ((len = json_string_length(v)) == 0 && !need)
		return 0;
	else if (tp_num_parse(json_string_value(v), len, d) != TP_NUM_OK)
		parsed = 0;
	if (!parsed || !isfinite(*d) || (!neg && *d < 0))
		return tp_lread_bad(r, "%s: %s is not a%s number", r->what, k,
		    neg ? "" : " positive");
	return 0;
}

int
tp_lread_dec(struct tp_lread *r, json_t *o, const char *k, int need,
    int neg, double *d)
{
	return decimal(r, o, k, need, neg, 0, d);
}

int
tp_lread_num(struct tp_lread *r, json_t *o, const char *k, int need,
    double *d)
{
	return decimal(r, o, k, need, 0, 1, d);
}
