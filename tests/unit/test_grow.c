/*
 * test_grow.c: unit tests for tp_grow() and tp_grow_size() (tp_grow.h):
 * an array's capacity doubles from 8 until what is needed fits, and a
 * capacity that would not fit its type, or a size that would not fit
 * size_t, is refused with the array left as it was.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "core/tp_grow.h"

int
main(void)
{
	int *v = NULL, *w, cap = 0, i, ok;
	size_t zcap = 0;
	char *b = NULL, *c;

	v = tp_grow(v, &cap, 1, sizeof(*v));
	tap_ok(v != NULL && cap == 8, "the first block holds 8");
	tap_ok(tp_grow(v, &cap, 8, sizeof(*v)) == v && cap == 8,
	    "what fits leaves the array where it is");
	v = tp_grow(v, &cap, 9, sizeof(*v));
	tap_ok(v != NULL && cap == 16, "one more doubles it");
	v = tp_grow(v, &cap, 100, sizeof(*v));
	tap_ok(v != NULL && cap == 128, "doubles until need fits: 128");
	for (i = 0, ok = 1; i < 100; i++)
		v[i] = i;
	w = tp_grow(v, &cap, 129, sizeof(*v));
	for (i = 0; w != NULL && i < 100; i++)
		ok &= w[i] == i;
	tap_ok(w != NULL && cap == 256 && ok, "elements kept when it moves");
	v = w;
	tap_ok(tp_grow(v, &cap, INT_MAX, sizeof(*v)) == NULL && cap == 256,
	    "a capacity past INT_MAX is refused, cap as it was");
	free(v);

	c = tp_grow_size(b, &zcap, 1000, 1);
	tap_ok(c != NULL && zcap == 1024, "size_t capacity: 8 doubled to 1024");
	b = c;
	tap_ok(tp_grow_size(b, &zcap, SIZE_MAX / 2 + 2, 1) == NULL &&
	    zcap == 1024, "a capacity past SIZE_MAX is refused");
	tap_ok(tp_grow_size(b, &zcap, 2048, SIZE_MAX / 1024) == NULL &&
	    zcap == 1024, "a byte size past SIZE_MAX is refused");
	free(b);
	return tap_done();
}
