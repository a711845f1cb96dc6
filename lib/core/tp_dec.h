/*
 * tp_dec.h: an exact decimal sum of number texts, as resampling sums
 * volumes: 0.1 + 0.2 is 0.3, not 0.30000000000000004.  Exact while every
 * term has at most 18 digits and the sum fits 64 bits; past that, the
 * double sum of the values.
 */
#ifndef TP_DEC_H
#define TP_DEC_H

#include <stddef.h>
#include <stdint.h>

struct tp_dec {
	int64_t m;		/* the sum is m / 10^scale */
	int scale;
	int exact;
	double d;		/* the double sum, for when it is not */
};

/* Add the number whose text is p[0..n) and value v (NaN: read from the
 * text); first starts the sum afresh.  -1 when v is NaN and the text is
 * not a finite number. */
int tp_dec_add(struct tp_dec *d, const char *p, size_t n, double v,
    int first);
/* The sum as text into buf (cap bytes, at least TP_NUM_BUFSZ + 32): exact
 * decimals, or the double's shortest form.  Returns its length. */
size_t tp_dec_format(const struct tp_dec *d, char *buf, size_t cap);

#endif
