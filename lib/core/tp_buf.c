/*
 * tp_buf.c: a growable byte buffer (see tp_buf.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_buf.h"

int
tp_buf_reserve(struct tp_buf *b, size_t extra)
{
	size_t cap;
	char *p;

	if (b->cap - b->len >= extra)
		return 0;
	/* Doubling must not wrap around. */
	if (extra > SIZE_MAX / 2 - b->len)
		return -1;
	cap = b->cap != 0 ? b->cap : 256;
	while (cap - b->len < extra)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
tp_buf_add(struct tp_buf *b, const void *p, size_t n)
{
	if (tp_buf_reserve(b, n) < 0)
		return -1;
	if (n != 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

void
tp_buf_release(struct tp_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
