/*
 * tp_expr.h: rule expressions, compiled once and evaluated per record.
 *
 * The language (tp-predict's rules):
 *
 *	expr   := or
 *	or     := and ( "||" and )*
 *	and    := cmp ( "&&" cmp )*
 *	cmp    := sum ( ( "<" | "<=" | ">" | ">=" | "==" | "!=" ) sum )*
 *	sum    := prod ( ( "+" | "-" ) prod )*
 *	prod   := unary ( ( "*" | "/" ) unary )*
 *	unary  := ( "!" | "-" ) unary | atom
 *	atom   := number | field | field "[" int "]" | call | "(" expr ")"
 *
 * A field is [A-Za-z_][A-Za-z0-9_]*, the name of a record field; x[n] is
 * the value x had n records earlier for the same symbol (0 <= n <= 1000,
 * x[0] is x).  A number is what tp_num_parse() reads (30, 0.5, 1e-3).
 * An identifier followed by "(" calls a function:
 *
 *	crosses_above(a, b)	a[1] <= b[1] and a > b
 *	crosses_below(a, b)	a[1] >= b[1] and a < b
 *	rising(x, n)		x > x[1] > ... > x[n]  (no ties)
 *	falling(x, n)		x < x[1] < ... < x[n]
 *	between(x, lo, hi)	lo <= x <= hi
 *	abs(x), min(a, b), max(a, b)
 *
 * The arguments a and b of crosses_* and x of rising and falling must be
 * fields (x or x[k]), so that their history can be kept; b may also be a
 * number, as in crosses_above(rsi_14, 30).  n is an integer literal from 1
 * to 1000, and no lag, however reached, may exceed 1000.
 *
 * Values are doubles; a missing value is NaN.  Arithmetic propagates it,
 * and so do abs, min and max; division by zero gives NaN, not an infinity.
 * Every comparison with a NaN operand is 0, "!=" included.  Truth: a value
 * is true when it is a number other than 0, so "!x" is 1 only for x == 0,
 * and "!missing" is 0: a missing value never makes a rule true.  "&&" and
 * "||" give 1 or 0 and evaluate both sides (there are no side effects).
 * History not yet seen (fewer than n earlier records) is missing.
 *
 * Ownership: tp_expr_compile() makes a struct tp_expr that the caller frees
 * with tp_expr_free(); it is never changed after, so threads may share it.
 * The per-symbol history is the caller's memory: tp_expr_state_size() bytes,
 * aligned for a double (malloc's are), set up by tp_expr_state_init(), one
 * block per symbol.  tp_expr_eval() allocates nothing.
 */
#ifndef TP_EXPR_H
#define TP_EXPR_H

#include <stddef.h>

#include "core/tp_err.h"
#include "rec/tp_rec.h"

#define TP_EXPR_LAG_MAX 1000	/* deepest history an expression may read */
#define TP_EXPR_STACK_MAX 64	/* deepest nesting an expression may have */

struct tp_expr;

/*
 * Compile src.  Field names are interned in names; their ids are then
 * given by tp_expr_field().  Returns 0 with *out set, or -1 with err set
 * (code TP_EX_CONFIG) to "col N: what", N being the 1-based column of the
 * offending character (one past the end at the end of src), for instance
 * "col 13: expected ')'"; the caller adds the file and rule name.  Out of
 * memory is TP_EX_SOFTWARE.
 */
int tp_expr_compile(struct tp_expr **out, const char *src,
    struct tp_names *names, struct tp_err *err);

/* The number of distinct fields e reads: its slots 0 .. n-1. */
int tp_expr_nfields(const struct tp_expr *e);
/* The tp_names id of the field in slot i. */
int tp_expr_field(const struct tp_expr *e, int i);

/*
 * Bytes of per-symbol state e needs: for each field read with history, a
 * ring of as many values as its deepest lag, and a ring index per field.
 * Never 0, so that a malloc() of it returns NULL only when out of memory.
 */
size_t tp_expr_state_size(const struct tp_expr *e);
/* The deepest history e reads: records back from the current one. */
int tp_expr_depth(const struct tp_expr *e);
/* Make st (tp_expr_state_size() bytes) a history with nothing seen yet. */
void tp_expr_state_init(const struct tp_expr *e, void *st);

/*
 * Evaluate e on the current record of one symbol: vals[i] is the value of
 * slot i's field (NaN when missing).  The values join the history in st, so
 * call this once per record, in order, for every record of that symbol.
 * Returns the value: 1 or 0 for a comparison or logical operator, a number
 * for arithmetic, NaN when missing.
 */
double tp_expr_eval(const struct tp_expr *e, void *st, const double *vals);

/* Free e; NULL is allowed. */
void tp_expr_free(struct tp_expr *e);

#endif
