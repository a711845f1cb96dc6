/*
 * tp_names.h: field names, interned: a record names each field by a
 * small id, and the table keeps each name's text and its CSV and JSON
 * forms, made once.
 */
#ifndef TP_NAMES_H
#define TP_NAMES_H

#include <stddef.h>

#include "core/tp_err.h"

struct tp_name {
	char *s;		/* the name, NUL-terminated */
	size_t n;
	char *csv;		/* as a CSV header cell (quoted if need be) */
	size_t csvn;
	char *json;		/* as a JSON key with its colon: "name": */
	size_t jsonn;
};

/* Interned names shared by the readers and writers of one program. */
struct tp_names {
	struct tp_name *v;
	int n, cap;
	int *slots;		/* open addressing hash: id + 1, 0 empty */
	size_t nslots;
};

#define TP_NAMES_MAX 65536
#define TP_NAMES_FULL (-2)	/* TP_NAMES_MAX names there already */

void tp_names_init(struct tp_names *t);
void tp_names_release(struct tp_names *t);
/* The id of name s[0..n), adding it if new; -1 when out of memory,
 * TP_NAMES_FULL when the table holds TP_NAMES_MAX names already. */
int tp_names_intern(struct tp_names *t, const char *s, size_t n);
/*
 * After tp_names_intern() failed with rc: fill err and return -1.  A full
 * table is bad data at file:line (exit 65): "too many WHAT: one run holds
 * at most 65536", what being "field names" or "symbols"; else out of
 * memory (exit 70).
 */
int tp_names_fail(int rc, const char *what, const char *file, long line,
    struct tp_err *err);
/* The id of s if interned, else -1. */
int tp_names_find(const struct tp_names *t, const char *s, size_t n);

/*
 * How far apart two names are, for "did you mean" hints: the optimal
 * string alignment distance (Levenshtein plus swaps of neighbours, so
 * "stpoloss" is one edit from "stoploss"), ignoring ASCII case; 99 for a
 * name longer than 63 bytes.
 */
int tp_names_distance(const char *a, const char *b);

#endif
