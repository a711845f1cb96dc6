/*
 * tp_lread.h: reading exchanges' JSON answers (jansson), for the venues'
 * readers (tp_lbybit.c, tp_lkraken.c, tp_lcoinbase.c): members read
 * strictly, and a failure said once, as one printable line, naming the
 * answer.
 */
#ifndef TP_LREAD_H
#define TP_LREAD_H

#include <stddef.h>

#include <jansson.h>

/* Where a reader is: the answer's name for messages (the endpoint), and
 * why it failed (why[0..wn), none when wn is 0). */
struct tp_lread {
	const char *what;
	char *why;
	size_t wn;
};

/* The message of fmt into r->why, made one printable line (it may quote
 * the answer: jansson's reason, a key).  Returns -1. */
int tp_lread_bad(struct tp_lread *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* String member k of o into out (n bytes); absent or null is "" when
 * !need.  Too long, holding a NUL, or not a string: -1. */
int tp_lread_str(struct tp_lread *r, json_t *o, const char *k, int need,
    char *out, size_t n);

/* A decimal in a string ("0.00100000": Bybit sends numbers so) into *d:
 * "", absent or null is 0 unless need; neg says whether it may be below
 * zero.  Not a finite number: -1. */
int tp_lread_dec(struct tp_lread *r, json_t *o, const char *k, int need,
    int neg, double *d);

/* tp_lread_dec() that takes a JSON number too (Kraken writes decimals in
 * strings, some examples as numbers); not below zero. */
int tp_lread_num(struct tp_lread *r, json_t *o, const char *k, int need,
    double *d);

#endif
