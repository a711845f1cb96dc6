/*
 * tp_buf.h: a growable byte buffer.
 */
#ifndef TP_BUF_H
#define TP_BUF_H

#include <stddef.h>

/*
 * A string literal and its length, as the pair of arguments that field
 * names and bytes are passed as: tp_names_intern(names, TP_LIT("close")).
 * The compiler counts, so that the count cannot drift from the text.
 */
#define TP_LIT(s) ("" s ""), (sizeof(s) - 1)

struct tp_buf {
	char *p;
	size_t len, cap;
};

/* Make room for extra more bytes; -1 when out of memory. */
int tp_buf_reserve(struct tp_buf *b, size_t extra);
int tp_buf_add(struct tp_buf *b, const void *p, size_t n);
void tp_buf_release(struct tp_buf *b);

#endif
