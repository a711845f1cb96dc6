/*
 * tp_recq.c: a queue of records held back (tp_recq.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rec/tp_recq.h"

void
tp_recq_init(struct tp_recq *q)
{
	memset(q, 0, sizeof(*q));
}

/* Twice the room, the records moved in order to the front (their memory
 * moves with them: a slot is its buffers). */
static int
grow(struct tp_recq *q)
{
	long cap = q->cap * 2 + 64, i;
	struct tp_rec *v = malloc((size_t)cap * sizeof(*v));
	long *tag = malloc((size_t)cap * sizeof(*tag));

	if (v == NULL || tag == NULL) {
		free(v);
		free(tag);
		return -1;
	}
	for (i = 0; i < q->cap; i++) {
		v[i] = q->v[(q->head + i) % q->cap];
		tag[i] = q->tag[(q->head + i) % q->cap];
	}
	for (; i < cap; i++)
		tp_rec_init(&v[i]);
	free(q->v);
	free(q->tag);
	q->v = v;
	q->tag = tag;
	q->head = 0;
	q->cap = cap;
	return 0;
}

int
tp_recq_push(struct tp_recq *q, const struct tp_rec *rec, long tag)
{
	long k;

	if (q->n == q->cap && grow(q) < 0)
		return -1;
	k = (q->head + q->n) % q->cap;
	if (tp_rec_copy(&q->v[k], rec) < 0)
		return -1;
	q->tag[k] = tag;
	q->n++;
	return 0;
}

struct tp_rec *
tp_recq_front(struct tp_recq *q, long *tag)
{
	if (q->n == 0)
		return NULL;
	*tag = q->tag[q->head];
	return &q->v[q->head];
}

void
tp_recq_pop(struct tp_recq *q)
{
	if (q->n == 0)
		return;
	q->head = (q->head + 1) % q->cap;
	q->n--;
}

void
tp_recq_release(struct tp_recq *q)
{
	long i;

	for (i = 0; i < q->cap; i++)
		tp_rec_release(&q->v[i]);
	free(q->v);
	free(q->tag);
	memset(q, 0, sizeof(*q));
}
