/*
 * tp_grow.h: room for one more element in an array that doubles.
 *
 * Every growing array of lib/ is a pointer, a count and a capacity; the
 * capacity doubles (from 8) until what is needed fits, so that n appends
 * cost O(n) copies in all.  The pointer comes back as realloc gives it:
 *
 *	if ((v = tp_grow(s->v, &s->cap, s->n + 1, sizeof(*v))) == NULL)
 *		return -1;
 *	s->v = v;
 */
#ifndef TP_GROW_H
#define TP_GROW_H

#include <stddef.h>

/*
 * v (*cap elements of size bytes allocated) with room for need elements:
 * v itself when they fit, else v moved to a larger block and *cap set.
 * NULL when the size overflows or memory runs out; v is then untouched
 * and still the caller's to free, and *cap is as it was.
 */
void *tp_grow(void *v, int *cap, int need, size_t size);
/* The same for a capacity counted in size_t. */
void *tp_grow_size(void *v, size_t *cap, size_t need, size_t size);

#endif
