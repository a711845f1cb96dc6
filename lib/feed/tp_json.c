/*
 * tp_json.c: JSON read in place into a token array (tp_json.h).
 *
 * The grammar is RFC 8259's: one value, with white space around it;
 * strings without control bytes and with only the escapes it lists;
 * numbers as -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.  Nesting
 * deeper than MAXDEPTH is refused rather than followed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "rec/tp_enc.h"
#include "feed/tp_json.h"
#include "core/tp_num.h"
#include "core/tp_time.h"

#define MAXDEPTH 64

static int
fail(struct tp_json *j, const char *why)
{
	j->why = why;
	return -1;
}

static int
add(struct tp_json *j, int type, size_t off, size_t len)
{
	struct tp_json_tok *t;

	if (j->n == j->cap) {
		t = tp_grow_size(j->t, &j->cap, j->n + 1, sizeof(*t));
		if (t == NULL)
			return fail(j, "out of memory");
		j->t = t;
	}
	t = &j->t[j->n++];
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->n = 0;
	t->end = (uint32_t)j->n;
	t->type = (unsigned char)type;
	t->esc = 0;
	return 0;
}

static int
hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* The string at s[*p] (its opening quote); *p ends past the close. */
static int
string(struct tp_json *j, const char *s, size_t len, size_t *p)
{
	size_t i = *p + 1, k;
	int esc = 0;

	for (;; i++) {
		if (i >= len)
			return fail(j, "a string is not closed");
		if (s[i] == '"')
			break;
		if ((unsigned char)s[i] < 0x20)
			return fail(j, "a control byte in a string");
		if (s[i] != '\\')
			continue;
		esc = 1;
		if (++i >= len)
			return fail(j, "a string is not closed");
		if (s[i] == 'u') {
			for (k = 1; k <= 4; k++)
				if (i + k >= len || !hex(s[i + k]))
					return fail(j, "a bad \\u escape");
			i += 4;
		} else if (strchr("\"\\/bfnrt", s[i]) == NULL || s[i] == 0)
			return fail(j, "a bad escape in a string");
	}
	if (add(j, TP_JSON_STR, *p + 1, i - *p - 1) < 0)
		return -1;
	j->t[j->n - 1].esc = (unsigned char)esc;
	*p = i + 1;
	return 0;
}

static size_t
digits(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

static int
number(struct tp_json *j, const char *s, size_t len, size_t *p)
{
	size_t i = *p, d;

	if (s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if ((d = digits(s, len, i)) > i)
		i = d;
	else
		return fail(j, "a bad number");
	if (i < len && s[i] == '.') {
		if ((d = digits(s, len, i + 1)) == i + 1)
			return fail(j, "a bad number");
		i = d;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((d = digits(s, len, i)) == i)
			return fail(j, "a bad number");
		i = d;
	}
	if (add(j, TP_JSON_NUM, *p, i - *p) < 0)
		return -1;
	*p = i;
	return 0;
}

static int
literal(struct tp_json *j, const char *s, size_t len, size_t *p)
{
	static const struct {
		const char *w;
		int type;
	} lits[] = { { "true", TP_JSON_BOOL }, { "false", TP_JSON_BOOL },
	    { "null", TP_JSON_NULL } };
	size_t k, n;

	for (k = 0; k < 3; k++) {
		n = strlen(lits[k].w);
		if (len - *p >= n && memcmp(s + *p, lits[k].w, n) == 0) {
			if (add(j, lits[k].type, *p, n) < 0)
				return -1;
			*p += n;
			return 0;
		}
	}
	return fail(j, "not a JSON value");
}

static size_t
space(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

/* Whether c closes the container of token t. */
static int
closes(const struct tp_json_tok *t, char c)
{
	return c == (t->type == TP_JSON_ARR ? ']' : '}');
}

/*
 * One pass, a stack of the containers open.  After each value the parser
 * wants a ',' or its container's close (or, outside any, the end); in an
 * object, '{' and ',' are followed by a key and ':'.  An array counts its
 * elements as they come, an object its keys.
 */
int
tp_json_parse(struct tp_json *j, const char *s, size_t len)
{
	uint32_t open[MAXDEPTH];
	int depth = 0, rc;
	size_t i = 0;
	struct tp_json_tok *top;

	j->s = s;
	j->n = 0;
	j->why = NULL;
	if (len >= UINT32_MAX)
		return fail(j, "too long");
value:
	i = space(s, len, i);
	if (i >= len)
		return fail(j, "cut short");
	if (depth > 0 && j->t[open[depth - 1]].type == TP_JSON_ARR)
		j->t[open[depth - 1]].n++;
	if (s[i] == '[' || s[i] == '{') {
		if (depth == MAXDEPTH)
			return fail(j, "nested too deep");
		if (add(j, s[i] == '[' ? TP_JSON_ARR : TP_JSON_OBJ, i, 1) < 0)
			return -1;
		open[depth++] = (uint32_t)(j->n - 1);
		i = space(s, len, i + 1);
		if (i < len && closes(&j->t[j->n - 1], s[i]))
			goto close;
		if (j->t[j->n - 1].type == TP_JSON_OBJ)
			goto key;
		goto value;
	}
	if (s[i] == '"')
		rc = string(j, s, len, &i);
	else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9'))
		rc = number(j, s, len, &i);
	else
		rc = literal(j, s, len, &i);
	if (rc < 0)
		return -1;
after:
	i = space(s, len, i);
	if (depth == 0)
		return i == len ? 0 : fail(j, "text after the value");
	if (i >= len)
		return fail(j, "cut short");
	top = &j->t[open[depth - 1]];
	if (s[i] == ',') {
		i++;
		if (top->type == TP_JSON_ARR)
			goto value;
		goto key;
	}
	if (!closes(top, s[i]))
		return fail(j, "a ',' or a close is missing");
close:
	j->t[open[--depth]].end = (uint32_t)j->n;
	i++;
	goto after;
key:
	i = space(s, len, i);
	if (i >= len || s[i] != '"')
		return fail(j, "an object key is not a string");
	if (string(j, s, len, &i) < 0)
		return -1;
	j->t[open[depth - 1]].n++;
	i = space(s, len, i);
	if (i >= len || s[i] != ':')
		return fail(j, "a ':' is missing");
	i++;
	goto value;
}

void
tp_json_release(struct tp_json *j)
{
	free(j->t);
	memset(j, 0, sizeof(*j));
}

int
tp_json_type(const struct tp_json *j, int i)
{
	return j != NULL && i >= 0 && (size_t)i < j->n ? j->t[i].type : -1;
}

size_t
tp_json_size(const struct tp_json *j, int i)
{
	int t = tp_json_type(j, i);

	return t == TP_JSON_ARR || t == TP_JSON_OBJ ? j->t[i].n : 0;
}

int
tp_json_first(const struct tp_json *j, int i)
{
	return tp_json_size(j, i) > 0 ? i + 1 : -1;
}

int
tp_json_next(const struct tp_json *j, int parent, int i)
{
	int t = tp_json_type(j, i);

	if (t < 0 || parent < 0)
		return -1;
	/* an object's key is followed by its value, then the next key */
	if (j->t[parent].type == TP_JSON_OBJ)
		i = (int)j->t[i].end;
	i = (int)j->t[i].end;
	return (uint32_t)i < j->t[parent].end ? i : -1;
}

int
tp_json_get(const struct tp_json *j, int i, const char *key)
{
	int k;

	if (tp_json_type(j, i) != TP_JSON_OBJ)
		return -1;
	for (k = tp_json_first(j, i); k >= 0; k = tp_json_next(j, i, k))
		if (tp_json_is(j, k, key))
			return k + 1;
	return -1;
}

int
tp_json_at(const struct tp_json *j, int i, size_t k)
{
	int e;

	if (tp_json_type(j, i) != TP_JSON_ARR || k >= j->t[i].n)
		return -1;
	for (e = i + 1; k > 0; k--)
		e = (int)j->t[e].end;
	return e;
}

int
tp_json_num(const struct tp_json *j, int i, double *out)
{
	int t = tp_json_type(j, i);

	if ((t != TP_JSON_NUM && t != TP_JSON_STR) || j->t[i].esc ||
	    tp_num_parse(j->s + j->t[i].off, j->t[i].len, out) != TP_NUM_OK)
		return -1;
	return isfinite(*out) ? 0 : -1;
}

int
tp_json_int(const struct tp_json *j, int i, int64_t *v)
{
	return tp_json_type(j, i) == TP_JSON_NUM && tp_num_parse_i64(j->s +
	    j->t[i].off, j->t[i].len, v) == TP_NUM_OK ? 0 : -1;
}

int
tp_json_time(const struct tp_json *j, int i, int64_t scale, int64_t *ms)
{
	int t = tp_json_type(j, i);
	const char *s;
	size_t k, n;
	int64_t x = 0;

	if ((t != TP_JSON_NUM && t != TP_JSON_STR) || j->t[i].len == 0 ||
	    j->t[i].len > 16)
		return -1;
	s = j->s + j->t[i].off;
	n = j->t[i].len;
	for (k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		x = x * 10 + (s[k] - '0');
	}
	/* 1970 to 2200 (tp_time.h), in the unit given */
	if (x > TP_TIME_MAX / scale)
		return -1;
	*ms = x * scale;
	return 0;
}

int
tp_json_is(const struct tp_json *j, int i, const char *s)
{
	return tp_json_type(j, i) == TP_JSON_STR && !j->t[i].esc &&
	    strlen(s) == j->t[i].len &&
	    memcmp(j->s + j->t[i].off, s, j->t[i].len) == 0;
}

const char *
tp_json_str(const struct tp_json *j, int i, char *buf, size_t n)
{
	const char *s, *e;
	size_t k = 0, w, u;
	char tmp[4], c;

	if (tp_json_type(j, i) != TP_JSON_STR || n == 0)
		return NULL;
	s = j->s + j->t[i].off;
	e = s + j->t[i].len;
	while (s < e) {
		if (*s != '\\') {
			tmp[0] = *s++;
			w = 1;
		} else if ((c = s[1]) == 'u') {
			/* the parser checked four hex digits follow */
			if ((u = tp_enc_dec_json_u(s, e, tmp, &w)) == 0)
				break;
			s += u;
		} else {
			tmp[0] = c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ?
			    '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
			w = 1;
			s += 2;
		}
		if (k + w >= n)
			break;
		memcpy(buf + k, tmp, w);
		k += w;
	}
	buf[k] = '\0';
	return buf;
}
