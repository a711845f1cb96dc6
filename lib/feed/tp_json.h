/*
 * tp_json.h: a JSON document read in place, without an allocation per
 * value, for the exchange adapters' hot path (a page of a thousand
 * candles is twelve thousand values).
 *
 * tp_json_parse() checks the whole text against RFC 8259's grammar and
 * records one token per value, in document order, in an array that is
 * kept and reused from one document to the next.  A token holds where its
 * text is and where its subtree ends, so a reader walks the document by
 * index.  Every accessor takes -1 ("absent") and gives -1 or a failure
 * back, so that lookups chain: tp_json_get(j, tp_json_get(j, 0, "result"),
 * "list") is -1 whether "result" or "list" is missing.  A NULL j (a body
 * that is not JSON) has no values.
 */
#ifndef TP_JSON_H
#define TP_JSON_H

#include <stddef.h>
#include <stdint.h>

enum tp_json_type {
	TP_JSON_NULL, TP_JSON_BOOL, TP_JSON_NUM, TP_JSON_STR, TP_JSON_ARR,
	TP_JSON_OBJ
};

struct tp_json_tok {
	uint32_t off, len;	/* the text; a string's without its quotes */
	uint32_t n;		/* an array's elements, an object's members */
	uint32_t end;		/* the index after this value's subtree */
	unsigned char type;	/* enum tp_json_type */
	unsigned char esc;	/* a string with a backslash escape */
};

struct tp_json {
	const char *s;
	struct tp_json_tok *t;
	size_t n, cap;
	const char *why;	/* what was wrong, after a failed parse */
};

/* Read s[0..len) into j: 0, or -1 when it is not one JSON value (j->why
 * says why) or memory ran out. */
int tp_json_parse(struct tp_json *j, const char *s, size_t len);
void tp_json_release(struct tp_json *j);

/* The type of value i, or -1. */
int tp_json_type(const struct tp_json *j, int i);
/* Elements of array i, members of object i; 0 for anything else. */
size_t tp_json_size(const struct tp_json *j, int i);
/* The value of member key of object i, or -1. */
int tp_json_get(const struct tp_json *j, int i, const char *key);
/* Element k of array i, or -1. */
int tp_json_at(const struct tp_json *j, int i, size_t k);
/* The first element of array i (or the first key of object i), and the
 * value after value i in its container: -1 past the end.  Walk an array:
 * for (e = tp_json_first(j, a); e >= 0; e = tp_json_next(j, a, e)). */
int tp_json_first(const struct tp_json *j, int i);
int tp_json_next(const struct tp_json *j, int parent, int i);

/* A number, or a string holding one, that is finite: 0, else -1. */
int tp_json_num(const struct tp_json *j, int i, double *out);
/* An integer, or a string of digits, in 1970..2200 once times scale,
 * into *ms: 0 or -1. */
int tp_json_time(const struct tp_json *j, int i, int64_t scale,
    int64_t *ms);
/* A number that is an integer into *v: 0 or -1. */
int tp_json_int(const struct tp_json *j, int i, int64_t *v);
/* String i into buf (escapes undone, cut to n - 1 bytes): buf, or NULL
 * when i is not a string. */
const char *tp_json_str(const struct tp_json *j, int i, char *buf, size_t n);
/* Whether string i is s. */
int tp_json_is(const struct tp_json *j, int i, const char *s);

#endif
