/*
 * tp_recq.h: a queue of records held back, first in first out.
 *
 * A stage that cannot write a record yet (it waits for later ones) keeps
 * a copy here.  Slots are reused: a popped record's memory serves the
 * next push, so a queue that stays about as long allocates nothing once
 * warm, whatever the stream's length.  Each record carries a tag, a
 * number of the caller's (the block it belongs to, say).
 */
#ifndef TP_RECQ_H
#define TP_RECQ_H

#include "rec/tp_rec.h"

struct tp_recq {
	struct tp_rec *v;
	long *tag;
	long cap, head, n;
};

void tp_recq_init(struct tp_recq *q);
/* A copy of rec at the back, tagged; -1 out of memory. */
int tp_recq_push(struct tp_recq *q, const struct tp_rec *rec, long tag);
/* The front record (NULL when empty) and its tag; it stays until
 * tp_recq_pop(). */
struct tp_rec *tp_recq_front(struct tp_recq *q, long *tag);
void tp_recq_pop(struct tp_recq *q);
void tp_recq_release(struct tp_recq *q);

#endif
