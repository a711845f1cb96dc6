/*
 * tp_grow.c: arrays that double (see tp_grow.h).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/tp_grow.h"

#define FIRST 8		/* elements of an array's first block */

void *
tp_grow_size(void *v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : FIRST;

	if (need <= *cap)
		return v;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return NULL;
		c *= 2;
	}
	if (size != 0 && c > SIZE_MAX / size)
		return NULL;
	if ((v = realloc(v, c * size)) != NULL)
		*cap = c;
	return v;
}

void *
tp_grow(void *v, int *cap, int need, size_t size)
{
	size_t c = (size_t)*cap;

	if (need <= *cap)
		return v;
	/* the capacity comes out below 2 * need: it stays an int */
	if (need > INT_MAX / 2)
		return NULL;
	v = tp_grow_size(v, &c, (size_t)need, size);
	if (v != NULL)
		*cap = (int)c;
	return v;
}
