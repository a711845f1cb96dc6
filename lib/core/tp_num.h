/*
 * tp_num.h: exact conversion between decimal text and IEEE-754 doubles.
 *
 * tp_num_parse() reads a decimal number and rounds it correctly (to nearest,
 * ties to even), as strtod does in the C locale, but several times faster:
 * Clinger's fast path, then the Eisel-Lemire algorithm, and strtod only for
 * the rare inputs those cannot decide.
 *
 * tp_num_format() writes the shortest decimal text that reads back to the
 * same double (the shortest round trip, by the Dragonbox method).
 *
 * Neither function allocates, reads the locale or touches errno's meaning
 * for the caller.
 */
#ifndef TP_NUM_H
#define TP_NUM_H

#include <stddef.h>
#include <stdint.h>

enum {
	TP_NUM_OK = 0,
	TP_NUM_SYNTAX = -1,	/* not a decimal number (NaN, inf, hex, ...) */
	TP_NUM_RANGE = -2	/* finite text whose value overflows a double */
};

/* The buffer tp_num_format() needs: its longest text (25 bytes) and a NUL,
 * plus slack for the whole-word stores that make it fast. */
#define TP_NUM_BUFSZ 40

/*
 * Parse all of s[0..n) as   [+-]? digits ( '.' digits? )? ( [eE] [+-]? digits )?
 * or                        [+-]? '.' digits ( [eE] [+-]? digits )?
 * No leading or trailing space.  "NaN", "inf", "Infinity", hex floats and
 * empty text are TP_NUM_SYNTAX; a value beyond DBL_MAX after rounding is
 * TP_NUM_RANGE; underflow rounds correctly to a subnormal or zero.
 * On success stores the double in *out and returns TP_NUM_OK.
 */
int tp_num_parse(const char *s, size_t n, double *out);

/*
 * Parse all of s[0..n) as an optional '-' and 1 to 19 decimal digits that fit
 * an int64_t.  Returns TP_NUM_OK, TP_NUM_SYNTAX or TP_NUM_RANGE.
 */
int tp_num_parse_i64(const char *s, size_t n, int64_t *out);

/*
 * Write finite v into buf (at least TP_NUM_BUFSZ bytes) in the shortest form
 * that tp_num_parse() and strtod() read back to exactly v, NUL-terminated;
 * returns the length.  Layout follows ECMAScript's Number::toString: plain
 * positional notation when 1e-7 <= |v| < 1e21 ("100", "0.1", "123.45",
 * "0.000001"), otherwise one digit, '.', the rest, 'e', sign, exponent
 * ("1e-7", "5e-324", "1.7976931348623157e+308").  Negative zero is "-0".
 * The caller never passes NaN or an infinity (behaviour is then "null").
 */
size_t tp_num_format(double v, char *buf);

/* Write an int64_t in decimal, NUL-terminated; returns the length. */
size_t tp_num_format_i64(int64_t v, char *buf);

#endif
