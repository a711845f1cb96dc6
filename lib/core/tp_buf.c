/*
 * tp_buf.c: a growable byte buffer (see tp_buf.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_buf.h"
#include "core/tp_grow.h"

int
tp_buf_reserve(struct tp_buf *b, size_t extra)
{
	size_t need = b->len + extra;
	char *p;

	if (b->cap - b->len >= extra)
		return 0;
	if (extra > SIZE_MAX - b->len)
		return -1;
	/* Bytes, not elements: a first block of 256 holds a record's line,
	 * so a stream of longer lines costs no more allocations
	 * (tests/leaks.bats). */
	if ((p = tp_grow_size(b->p, &b->cap, need < 256 ? 256 : need,
	    1)) == NULL)
		return -1;
	b->p = p;
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
