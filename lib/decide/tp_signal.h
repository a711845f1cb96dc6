/*
 * tp_signal.h: built-in signals, shorthands "@name[:p1,p2,...]" that a
 * rule's text (tp_predict.h) may use anywhere an expression may stand;
 * they are replaced by their expression, with the parameters put in,
 * before it is compiled.
 */
#ifndef TP_SIGNAL_H
#define TP_SIGNAL_H

#include <stddef.h>

#include "core/tp_err.h"
#include "rec/tp_rec.h"

struct tp_signal_param {
	const char *name;
	const char *def;	/* default, as text */
	int isint;		/* goes into a field name: a positive integer */
};

#define TP_SIGNAL_MAXP 4

struct tp_signal_def {
	const char *name;
	const char *expr;	/* with $1 .. $4 for the parameters */
	const char *specs;	/* tp-ind specs, space separated, same $n */
	const char *doc;	/* one line */
	int np;
	struct tp_signal_param p[TP_SIGNAL_MAXP];
};

extern const struct tp_signal_def tp_signals[];
extern const int tp_signal_count;

/* The signal called name, or NULL. */
const struct tp_signal_def *tp_signal_find(const char *name, size_t n);

/*
 * Put the parameters into tmpl (a signal's expr or specs): vals[k] replaces
 * $k+1.  Writes at most size bytes, NUL included; returns the length the
 * text needs, as snprintf does.
 */
size_t tp_signal_fill(const char *tmpl, const char *const *vals, char *buf,
    size_t size);

/*
 * Replace every "@name[:p1,p2,...]" in src by its expression, in
 * parentheses; an empty or absent parameter takes its default.  The text
 * goes to out (NUL-terminated), and *map (malloc'd, the caller frees it)
 * gets, for each byte of out and one past its end, the 0-based offset in
 * src it came from: the '@' for the bytes of an expansion.  Errors are
 * TP_EX_CONFIG, "col N: ...", N counted in src.
 */
int tp_signal_expand(const char *src, struct tp_buf *out, size_t **map,
    struct tp_err *err);

#endif
