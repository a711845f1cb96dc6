/*
 * tp_names.c: interned field names (see tp_names.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "rec/tp_enc.h"
#include "rec/tp_names.h"

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

void
tp_names_init(struct tp_names *t)
{
	memset(t, 0, sizeof(*t));
}

void
tp_names_release(struct tp_names *t)
{
	int i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].s);
		free(t->v[i].csv);
		free(t->v[i].json);
	}
	free(t->v);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

int
tp_names_find(const struct tp_names *t, const char *s, size_t n)
{
	size_t i, mask;
	int id;

	if (t->nslots == 0)
		return -1;
	mask = t->nslots - 1;
	for (i = hash(s, n) & mask; t->slots[i] != 0; i = (i + 1) & mask) {
		id = t->slots[i] - 1;
		if (t->v[id].n == n && memcmp(t->v[id].s, s, n) == 0)
			return id;
	}
	return -1;
}

static int
rehash(struct tp_names *t, size_t nslots)
{
	int *slots;
	size_t i, mask = nslots - 1;
	int id;

	slots = calloc(nslots, sizeof(*slots));
	if (slots == NULL)
		return -1;
	for (id = 0; id < t->n; id++) {
		i = hash(t->v[id].s, t->v[id].n) & mask;
		while (slots[i] != 0)
			i = (i + 1) & mask;
		slots[i] = id + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	return 0;
}

/* Fill the printed forms of a new name. */
static int
encode_name(struct tp_name *nm)
{
	struct tp_buf b = { 0 };

	if (tp_enc_csv(&b, nm->s, nm->n) < 0 || tp_buf_add(&b, "", 1) < 0)
		goto fail;
	nm->csv = b.p;
	nm->csvn = b.len - 1;
	memset(&b, 0, sizeof(b));
	if (tp_enc_json_str(&b, nm->s, nm->n) < 0 ||
	    tp_buf_add(&b, ":", 2) < 0)
		goto fail;
	nm->json = b.p;
	nm->jsonn = b.len - 1;
	return 0;
fail:
	tp_buf_release(&b);
	return -1;
}

int
tp_names_intern(struct tp_names *t, const char *s, size_t n)
{
	struct tp_name *nm;
	int id;

	id = tp_names_find(t, s, n);
	if (id >= 0)
		return id;
	if (t->n >= TP_NAMES_MAX)
		return TP_NAMES_FULL;
	if ((size_t)(t->n + 1) * 2 > t->nslots &&
	    rehash(t, t->nslots != 0 ? t->nslots * 2 : 64) < 0)
		return -1;
	if ((nm = tp_grow(t->v, &t->cap, t->n + 1, sizeof(*nm))) == NULL)
		return -1;
	t->v = nm;
	nm = &t->v[t->n];
	memset(nm, 0, sizeof(*nm));
	nm->s = malloc(n + 1);
	if (nm->s == NULL)
		return -1;
	memcpy(nm->s, s, n);
	nm->s[n] = '\0';
	nm->n = n;
	if (encode_name(nm) < 0) {
		free(nm->s);
		free(nm->csv);
		return -1;
	}
	id = t->n++;
	/* The table was grown above, so there is a free slot. */
	{
		size_t mask = t->nslots - 1, i = hash(s, n) & mask;

		while (t->slots[i] != 0)
			i = (i + 1) & mask;
		t->slots[i] = id + 1;
	}
	return id;
}

int
tp_names_fail(int rc, const char *what, const char *file, long line,
    struct tp_err *err)
{
	if (rc == TP_NAMES_FULL)
		return tp_errf(err, TP_EX_DATAERR, file, line, "too many %s: "
		    "one run holds at most %d", what, TP_NAMES_MAX);
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

int
tp_names_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int d[64][64], v;
	char x[64], y[64];

	if (la > 63 || lb > 63)
		return 99;
	/* Compare lower-cased copies: "RSI_14" is "rsi_14". */
	for (i = 0; i < la; i++)
		x[i] = (char)(a[i] | 32);
	for (j = 0; j < lb; j++)
		y[j] = (char)(b[j] | 32);
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			v = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}
