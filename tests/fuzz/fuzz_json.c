/*
 * fuzz_json.c: lib/feed/tp_json.c's JSON reader and tp_reader_parse_json
 * against jansson, on any bytes.
 *
 * Both follow RFC 8259, so on a text both accept they must find the same
 * values: the same types, sizes and members, strings decoded to the same
 * bytes, numbers to the same double (bit for bit: both round correctly)
 * or the same integer.  Where they disagree on accepting a text, only
 * these differences are allowed:
 *
 *   - tp accepts what jansson refuses for reasons of its own: bytes that
 *     are not UTF-8 (tp passes them on), a lone surrogate escape (tp
 *     writes U+FFFD), an integer beyond 64 bits or a real beyond a double
 *     (tp keeps the text), a NUL in an object key;
 *   - tp refuses nesting deeper than 64 (jansson: 2048);
 *   - tp_reader_parse_json refuses nested values and repeated keys (records
 *     are flat, tp(7)); jansson keeps the last of repeated keys.
 *
 * jansson skips a NUL byte between tokens ("[1,2\0,3]" loads); RFC 8259
 * has no place for one, so tp must refuse any text holding one.
 *
 * Any other disagreement aborts.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/tp_json.h"
#include "core/tp_num.h"
#include "rec/tp_rec.h"
#include "rec/tp_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DECODED 16384	/* room for any string of an input we take */

static void
want(int ok)
{
	if (!ok)
		abort();
}

/* jansson's reasons for refusing what tp may accept (its load.c). */
static int
jansson_only(const json_error_t *e)
{
	return strstr(e->text, "decode byte") != NULL ||
	    strstr(e->text, "invalid Unicode") != NULL ||
	    strstr(e->text, "too big") != NULL ||
	    strstr(e->text, "overflow") != NULL ||
	    strstr(e->text, "NUL byte in object key") != NULL;
}

/* A number's text (t bytes at s) as jansson read it into v. */
static void
cmp_number(const char *s, size_t n, json_t *v)
{
	double d;

	want(tp_num_parse(s, n, &d) == TP_NUM_OK);
	if (json_is_integer(v)) {
		want(d == (double)json_integer_value(v));
	} else {
		double r = json_real_value(v);

		want(json_is_real(v) && memcmp(&d, &r, sizeof(d)) == 0);
	}
}

/* Decoded text p[0..n) is jansson's string v. */
static void
cmp_text(const char *p, size_t n, json_t *v)
{
	want(json_is_string(v) && json_string_length(v) == n &&
	    memcmp(json_string_value(v), p, n) == 0);
}

static void cmp_value(const struct tp_json *j, int i, json_t *v, int depth);

/* Whether the escaped string text p[0..n) holds \u0000. */
static int
nul_escape(const char *p, size_t n)
{
	size_t k;

	for (k = 0; k + 1 < n; k++)
		if (p[k] == '\\') {
			if (p[k + 1] == 'u' && k + 6 <= n &&
			    memcmp(p + k + 2, "0000", 4) == 0)
				return 1;
			k++;
		}
	return 0;
}

/* String token i decoded by tp_json_str, as text with its length; NULL
 * for a string holding a NUL, where what tp_json_str gives ends. */
static const char *
decoded(const struct tp_json *j, int i, char *buf, size_t *n)
{
	if (tp_json_str(j, i, buf, DECODED) == NULL)
		abort();
	*n = strlen(buf);
	return nul_escape(j->s + j->t[i].off, j->t[i].len) ? NULL : buf;
}

static void
cmp_object(const struct tp_json *j, int i, json_t *v, int depth)
{
	static char a[DECODED], b[DECODED];
	size_t n, m, keys = 0;
	int k, l, later;

	want(json_is_object(v));
	for (k = tp_json_first(j, i); k >= 0; k = tp_json_next(j, i, k)) {
		if (decoded(j, k, a, &n) == NULL)
			return;	/* a NUL in a key: jansson refused it */
		/* jansson keeps the last of repeated keys */
		later = 0;
		for (l = tp_json_next(j, i, k); l >= 0 && !later;
		    l = tp_json_next(j, i, l))
			later = decoded(j, l, b, &m) != NULL && m == n &&
			    memcmp(a, b, n) == 0;
		if (later)
			continue;
		keys++;
		cmp_value(j, k + 1, json_object_getn(v, a, n), depth + 1);
	}
	want(keys == json_object_size(v));
}

static void
cmp_value(const struct tp_json *j, int i, json_t *v, int depth)
{
	static char buf[DECODED];
	const char *p;
	size_t n, k;
	int e;
	int64_t x;

	want(v != NULL && depth < 100);
	switch (tp_json_type(j, i)) {
	case TP_JSON_NULL:
		want(json_is_null(v));
		break;
	case TP_JSON_BOOL:
		want(json_is_boolean(v) &&
		    (j->s[j->t[i].off] == 't') == json_is_true(v));
		break;
	case TP_JSON_NUM:
		cmp_number(j->s + j->t[i].off, j->t[i].len, v);
		if (json_is_integer(v))
			want(tp_json_int(j, i, &x) == 0 &&
			    x == json_integer_value(v));
		break;
	case TP_JSON_STR:
		p = decoded(j, i, buf, &n);
		if (p != NULL)
			cmp_text(p, n, v);
		else
			want(json_is_string(v));
		break;
	case TP_JSON_ARR:
		want(json_is_array(v) &&
		    json_array_size(v) == tp_json_size(j, i));
		for (e = tp_json_first(j, i), k = 0; e >= 0;
		    e = tp_json_next(j, i, e), k++) {
			want(tp_json_at(j, i, k) == e);
			cmp_value(j, e, json_array_get(v, k), depth + 1);
		}
		want(k == tp_json_size(j, i));
		break;
	case TP_JSON_OBJ:
		cmp_object(j, i, v, depth);
		break;
	default:
		abort();
	}
}

/* Whether every member of object v is a scalar. */
static int
flat(json_t *v)
{
	const char *key;
	json_t *m;

	json_object_foreach(v, key, m)
		if (json_is_object(m) || json_is_array(m))
			return 0;
	return 1;
}

/* tp_reader_parse_json's record is jansson's object v, member by member. */
static void
cmp_record(const struct tp_names *names, const struct tp_rec *rec,
    json_t *v)
{
	struct tp_buf tmp = { 0 };
	const char *p;
	size_t n;
	int i, isnull;

	want(json_is_object(v) && (size_t)rec->nf == json_object_size(v));
	for (i = 0; i < rec->nf; i++) {
		const struct tp_field *f = &rec->f[i];
		const struct tp_name *nm = &names->v[f->name];
		json_t *m = json_object_getn(v, nm->s, nm->n);

		want(m != NULL);
		switch (f->enc) {
		case TP_ENC_NULL:
			want(json_is_null(m));
			break;
		case TP_ENC_BOOL:
			want(json_is_boolean(m) && (*f->p == 't') ==
			    json_is_true(m));
			break;
		case TP_ENC_NUM:
			cmp_number(f->p, f->n, m);
			break;
		case TP_ENC_JSTR:
			want(tp_field_text(f, &tmp, &p, &n, &isnull) == 0);
			cmp_text(p, n, m);
			break;
		default:
			abort();
		}
	}
	tp_buf_release(&tmp);
}

static void
check_tree(const uint8_t *data, size_t size, json_t *v,
    const json_error_t *e)
{
	struct tp_json j;

	memset(&j, 0, sizeof(j));
	if (tp_json_parse(&j, (const char *)data, size) == 0) {
		if (v != NULL)
			cmp_value(&j, 0, v, 0);
		else
			want(e != NULL && jansson_only(e));
	} else {
		want(j.why != NULL);
		want(v == NULL || strcmp(j.why, "nested too deep") == 0);
	}
	tp_json_release(&j);
}

static void
check_record(const uint8_t *data, size_t size, json_t *v,
    const json_error_t *e)
{
	struct tp_names names;
	struct tp_rec rec;
	struct tp_err err = TP_ERR_INIT;
	json_error_t e2;
	json_t *strict;

	tp_names_init(&names);
	tp_rec_init(&rec);
	if (tp_reader_parse_json(&names, (const char *)data, size, "fuzz", 1,
	    &rec, &err) == 0) {
		if (v != NULL)
			cmp_record(&names, &rec, v);
		else
			want(e != NULL && jansson_only(e));
	} else {
		want(err.code == TP_EX_DATAERR && err.line == 1);
		if (v != NULL && json_is_object(v) && flat(v)) {
			/* refused for a repeated key, then */
			strict = json_loadb((const char *)data, size,
			    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e2);
			want(strict == NULL);
		}
	}
	tp_rec_release(&rec);
	tp_names_release(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t e;
	json_t *v;

	if (size > 4096)
		return 0;
	if (memchr(data, '\0', size) != NULL) {
		check_tree(data, size, NULL, NULL);
		check_record(data, size, NULL, NULL);
		return 0;
	}
	v = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &e);
	check_tree(data, size, v, &e);
	check_record(data, size, v, &e);
	json_decref(v);
	return 0;
}
