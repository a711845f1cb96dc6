/*
 * tp_jansson.h: small helpers over jansson for the JSON files tp writes
 * and reads whole (model files, their metadata): arrays of numbers,
 * numbers that may be unknown, and objects that may hold only known keys.
 * Each caller words its own errors; these say only what went wrong where.
 */
#ifndef TP_JANSSON_H
#define TP_JANSSON_H

#include <stddef.h>

#include <jansson.h>

/* An array of the n doubles v; NULL out of memory. */
json_t *tp_jansson_reals(const double *v, size_t n);
/* v, or null when it is not finite (a statistic with no rows). */
json_t *tp_jansson_real_or_null(double v);
/*
 * Array a of exactly n finite numbers into out[0], out[stride], ...:
 * 0; -1 when a is not an array of n values; k + 1 when value k is not a
 * finite number.
 */
long tp_jansson_get_reals(json_t *a, size_t n, double *out, size_t stride);
/* The first key of object obj that is not one of keys[0..nkeys), or
 * NULL when there is none. */
const char *tp_jansson_unknown_key(json_t *obj, const char *const *keys,
    size_t nkeys);

#endif
