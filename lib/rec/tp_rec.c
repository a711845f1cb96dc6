/*
 * tp_rec.c: records (see tp_rec.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rec/tp_enc.h"
#include "core/tp_grow.h"
#include "core/tp_num.h"
#include "rec/tp_rec.h"

/* ---- records ------------------------------------------------------------- */

void
tp_rec_init(struct tp_rec *r)
{
	memset(r, 0, sizeof(*r));
}

void
tp_rec_release(struct tp_rec *r)
{
	free(r->f);
	tp_buf_release(&r->scratch);
	memset(r, 0, sizeof(*r));
}

void
tp_rec_clear(struct tp_rec *r)
{
	r->nf = 0;
	r->scratch.len = 0;
	r->shape = 0;
}

int
tp_rec_find(const struct tp_rec *r, int id, int hint)
{
	int i;

	if (hint >= 0 && hint < r->nf && r->f[hint].name == id)
		return hint;
	for (i = 0; i < r->nf; i++)
		if (r->f[i].name == id)
			return i;
	return -1;
}

/* Room for n more scratch bytes; fields already pointing into the scratch
 * are moved along when it grows (they keep their offset in f->off). */
static inline int
scratch_reserve(struct tp_rec *r, size_t n)
{
	const char *old = r->scratch.p;
	int i;

	if (r->scratch.cap - r->scratch.len >= n)
		return 0;

	if (tp_buf_reserve(&r->scratch, n) < 0)
		return -1;
	if (r->scratch.p != old)
		for (i = 0; i < r->nf; i++)
			if (r->f[i].own)
				r->f[i].p = r->scratch.p + r->f[i].off;
	return 0;
}

static int
grow_fields_to(struct tp_rec *r, int need)
{
	struct tp_field *f = tp_grow(r->f, &r->cap, need < TP_REC_FIELDS0 ?
	    TP_REC_FIELDS0 : need, sizeof(*f));

	if (f == NULL)
		return -1;
	r->f = f;
	return 0;
}

static inline int
grow_fields(struct tp_rec *r)
{
	if (r->nf < r->cap)
		return 0;
	return grow_fields_to(r, r->nf + 1);
}

static int
reserve_grow(struct tp_rec *r, int nfields, size_t bytes)
{
	if (r->cap - r->nf < nfields && grow_fields_to(r, r->nf + nfields) < 0)
		return -1;
	return scratch_reserve(r, bytes);
}

/* Room for nfields more fields and bytes more scratch; the check alone,
 * inline, when there is (tp-ind's hot path). */
static inline int
reserve(struct tp_rec *r, int nfields, size_t bytes)
{
	if (r->cap - r->nf >= nfields && r->scratch.cap - r->scratch.len >=
	    bytes)
		return 0;
	return reserve_grow(r, nfields, bytes);
}

int
tp_rec_reserve(struct tp_rec *r, int nfields, size_t bytes)
{
	return reserve(r, nfields, bytes);
}

int
tp_rec_set(struct tp_rec *r, int i, enum tp_enc enc, const char *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)r->scratch.p;
	int inside = r->scratch.len != 0 && a >= base &&
	    a < base + r->scratch.len;
	size_t at = inside ? (size_t)(a - base) : 0;

	/* At least a byte: an empty value then points into the scratch too,
	 * never at NULL + 0 (undefined; clang's UBSan stopped on it). */
	if (scratch_reserve(r, n != 0 ? n : 1) < 0)
		return -1;
	/* p may have pointed into the scratch buffer that just moved. */
	if (inside)
		p = r->scratch.p + at;
	if (n != 0)
		memcpy(r->scratch.p + r->scratch.len, p, n);
	r->f[i].enc = (unsigned char)enc;
	r->f[i].own = 1;
	r->f[i].comma = 0;
	r->f[i].off = r->scratch.len;
	r->f[i].p = r->scratch.p + r->scratch.len;
	r->f[i].n = n;
	r->scratch.len += n;
	return 0;
}

int
tp_rec_add(struct tp_rec *r, int id, enum tp_enc enc, const char *p, size_t n)
{
	if (grow_fields(r) < 0)
		return -1;
	r->f[r->nf].name = id;
	r->f[r->nf].own = 0;
	r->nf++;
	if (tp_rec_set(r, r->nf - 1, enc, p, n) < 0) {
		r->nf--;
		return -1;
	}
	return 0;
}

int
tp_rec_add_ref(struct tp_rec *r, int id, enum tp_enc enc, const char *p,
    size_t n)
{
	struct tp_field *f;

	if (grow_fields(r) < 0)
		return -1;
	f = &r->f[r->nf++];
	memset(f, 0, sizeof(*f));
	f->name = id;
	f->enc = (unsigned char)enc;
	f->p = p;
	f->n = n;
	return 0;
}

int
tp_rec_put(struct tp_rec *r, int id, enum tp_enc enc, const char *p, size_t n)
{
	int i = tp_rec_find(r, id, -1);

	if (i >= 0)
		return tp_rec_set(r, i, enc, p, n);
	return tp_rec_add(r, id, enc, p, n);
}

int
tp_rec_add_nums(struct tp_rec *r, const int *ids, const double *v, int n)
{
	struct tp_field *f;
	char *at;
	int i;

	/*
	 * The hot path of tp-ind: one reservation for all n, then each
	 * number formatted straight into the scratch with a comma after, so
	 * that a CSV writer copies a run of such numbers at once.  NaN and
	 * the infinities are never printed: the field is missing.
	 */
	if (reserve(r, n, (size_t)n * (TP_NUM_BUFSZ + 1)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t bits;

		memcpy(&bits, &v[i], sizeof(bits));
		f = &r->f[r->nf++];
		f->name = ids[i];
		f->own = 1;
		f->comma = 1;
		f->off = r->scratch.len;
		f->p = at = r->scratch.p + f->off;
		/* all exponent bits set: NaN or an infinity */
		if ((bits >> 52 & 0x7ff) == 0x7ff) {
			f->enc = TP_ENC_NULL;
			f->n = 0;
		} else {
			f->enc = TP_ENC_NUM;
			f->n = tp_num_format(v[i], at);
		}
		at[f->n] = ',';
		r->scratch.len += f->n + 1;
	}
	return 0;
}

int
tp_rec_add_num(struct tp_rec *r, int id, double v)
{
	return tp_rec_add_nums(r, &id, &v, 1);
}

int
tp_rec_add_i64(struct tp_rec *r, int id, int64_t v)
{
	char buf[TP_NUM_BUFSZ];
	size_t n = tp_num_format_i64(v, buf);

	return tp_rec_add(r, id, TP_ENC_NUM, buf, n);
}

int
tp_rec_set_i64(struct tp_rec *r, int i, int64_t v)
{
	char buf[TP_NUM_BUFSZ];
	size_t n = tp_num_format_i64(v, buf);

	return tp_rec_set(r, i, TP_ENC_NUM, buf, n);
}

int
tp_rec_add_text(struct tp_rec *r, int id, const char *s)
{
	return tp_rec_add(r, id, TP_ENC_TEXT, s, strlen(s));
}

int
tp_rec_add_bool(struct tp_rec *r, int id, int v)
{
	return tp_rec_add(r, id, TP_ENC_BOOL, v ? "true" : "false",
	    v ? 4 : 5);
}

int
tp_rec_is_candle(const struct tp_rec *rec, int type_id, int *hint,
    struct tp_buf *tmp)
{
	const char *s;
	size_t n;
	int i = tp_rec_find(rec, type_id, hint != NULL ? *hint : -1), isnull;

	if (i < 0)
		return 1;
	if (hint != NULL)
		*hint = i;
	if (tp_field_text(&rec->f[i], tmp, &s, &n, &isnull) < 0)
		return 0;
	return isnull || (n == 6 && memcmp(s, "candle", 6) == 0);
}

int
tp_rec_blank(const struct tp_rec *rec, int i, struct tp_buf *tmp)
{
	const char *p;
	size_t n;
	int isnull;

	return i < 0 || tp_field_text(&rec->f[i], tmp, &p, &n, &isnull) < 0 ||
	    isnull || n == 0;
}

void
tp_rec_remove(struct tp_rec *r, int i)
{
	memmove(&r->f[i], &r->f[i + 1], (size_t)(r->nf - i - 1) *
	    sizeof(r->f[0]));
	r->nf--;
}

/*
 * The end of the run of r's fields from i on that lie in memory one after
 * another, one byte (a comma) or none between (the cells of one CSV line):
 * one copy takes them all.  A wider gap might be memory of no field's (a
 * sanitizer's red zone between two blocks).  The addresses are compared
 * as integers: the fields may lie in different buffers.
 */
static int
run_end(const struct tp_rec *r, int i)
{
	uintptr_t end = (uintptr_t)r->f[i].p + r->f[i].n, p;

	for (i++; i < r->nf; i++) {
		p = (uintptr_t)r->f[i].p;
		if (p < end || p - end > 1)
			break;
		end = p + r->f[i].n;
	}
	return i;
}

/* The bytes of the run of r's fields [i, j): from the first to the end of
 * the last. */
static size_t
run_bytes(const struct tp_rec *r, int i, int j)
{
	return (size_t)((uintptr_t)r->f[j - 1].p + r->f[j - 1].n -
	    (uintptr_t)r->f[i].p);
}

/* Append to dst the fields [i, j) of src, a run, and their bytes with
 * the commas between them (room reserved). */
static void
copy_run(struct tp_rec *dst, const struct tp_rec *src, int i, int j)
{
	const struct tp_field *s = src->f;
	uintptr_t base = (uintptr_t)s[i].p;
	size_t n = run_bytes(src, i, j), at = dst->scratch.len;
	struct tp_field *f = dst->f + dst->nf;
	char *to = dst->scratch.p;
	int k;

	if (n > 0)
		memcpy(to + at, s[i].p, n);
	for (k = i; k < j; k++, f++) {
		*f = s[k];
		f->own = 1;
		f->off = at + (size_t)((uintptr_t)s[k].p - base);
		f->p = to + f->off;
		/* a CSV writer copies cells a comma apart at once */
		f->comma = k + 1 < j && (uintptr_t)s[k + 1].p ==
		    (uintptr_t)s[k].p + s[k].n + 1 && f->p[f->n] == ',';
	}
	dst->nf += j - i;
	dst->scratch.len += n;
}

int
tp_rec_copy(struct tp_rec *dst, const struct tp_rec *src)
{
	size_t bytes = 1;	/* an empty value too points into the scratch */
	int i, j;

	tp_rec_clear(dst);
	/* the values and at most a comma after each */
	for (i = 0; i < src->nf; i++)
		bytes += src->f[i].n + 1;
	if (reserve(dst, src->nf, bytes) < 0)
		return -1;
	for (i = 0; i < src->nf; i = j) {
		j = run_end(src, i);
		copy_run(dst, src, i, j);
	}
	dst->file = src->file;
	dst->line = src->line;
	return 0;
}

int
tp_field_text(const struct tp_field *f, struct tp_buf *tmp, const char **p,
    size_t *n, int *isnull)
{
	*isnull = 0;
	switch (f->enc) {
	case TP_ENC_NULL:
		*isnull = 1;
		*p = "";
		*n = 0;
		return 0;
	case TP_ENC_CSVQ:
		tmp->len = 0;
		if (tp_enc_dec_csv(tmp, f->p, f->n) < 0)
			return -1;
		*p = tmp->p;
		*n = tmp->len;
		*isnull = tmp->len == 0;
		return 0;
	case TP_ENC_JSTR:
		if (memchr(f->p, '\\', f->n) == NULL) {
			*p = f->p + 1;
			*n = f->n - 2;
			return 0;
		}
		tmp->len = 0;
		if (tp_enc_dec_json_str(tmp, f->p, f->n) < 0)
			return -1;
		*p = tmp->p;
		*n = tmp->len;
		return 0;
	default:
		*p = f->p;
		*n = f->n;
		return 0;
	}
}

int
tp_field_num(const struct tp_rec *r, const struct tp_field *f,
    const struct tp_names *names, double *v, struct tp_err *err)
{
	const char *p = f->p;
	size_t n = f->n;
	int rc;

	switch (f->enc) {
	case TP_ENC_NULL:
		return 1;
	case TP_ENC_CSVQ:
	case TP_ENC_JSTR:
		/* Numbers never need escapes; "\u0031" is not a price. */
		p++;
		n -= 2;
		if (n == 0)
			return 1;
		break;
	case TP_ENC_BOOL:
		return tp_errf(err, TP_EX_DATAERR, r->file, r->line,
		    "field \"%s\" is not a number", names->v[f->name].s);
	default:
		break;
	}
	rc = tp_num_parse(p, n, v);
	if (rc == TP_NUM_OK)
		return 0;
	if (rc == TP_NUM_RANGE)
		return tp_errf(err, TP_EX_DATAERR, r->file, r->line,
		    "field \"%s\" is out of range: %.*s", names->v[f->name].s,
		    (int)(n > 40 ? 40 : n), p);
	return tp_errf(err, TP_EX_DATAERR, r->file, r->line,
	    "field \"%s\" is not a number: \"%.*s\"", names->v[f->name].s,
	    (int)(n > 40 ? 40 : n), p);
}

/* ---- building records ---------------------------------------------------- */

static int
recb_field(struct tp_recb *o, const char *name)
{
	int id = tp_names_intern(o->names, name, strlen(name));

	if (id < 0)
		o->rc = -1;
	return id;
}

void
tp_recb_begin(struct tp_recb *o, struct tp_names *names, struct tp_rec *rec,
    const char *type, int64_t time, const char *strategy)
{
	o->names = names;
	o->rec = rec;
	o->rc = 0;
	tp_rec_clear(rec);
	tp_recb_text(o, "type", type);
	if (time >= 0)
		tp_recb_i64(o, "time", time);
	else
		tp_recb_text(o, "time", NULL);
	tp_recb_text(o, "strategy", strategy);
}

void
tp_recb_num(struct tp_recb *o, const char *name, double v)
{
	int id = recb_field(o, name);

	if (id >= 0 && tp_rec_add_num(o->rec, id, v) < 0)
		o->rc = -1;
}

void
tp_recb_i64(struct tp_recb *o, const char *name, int64_t v)
{
	int id = recb_field(o, name);

	if (id >= 0 && tp_rec_add_i64(o->rec, id, v) < 0)
		o->rc = -1;
}

void
tp_recb_text(struct tp_recb *o, const char *name, const char *v)
{
	int id = recb_field(o, name);

	if (id >= 0 && (v == NULL || *v == '\0' ? tp_rec_add(o->rec, id,
	    TP_ENC_NULL, TP_LIT("")) : tp_rec_add_text(o->rec, id, v)) < 0)
		o->rc = -1;
}

void
tp_recb_string(struct tp_recb *o, const char *name, const char *v)
{
	int id = recb_field(o, name);

	if (id >= 0 && tp_rec_add_text(o->rec, id, v) < 0)
		o->rc = -1;
}

void
tp_recb_bool(struct tp_recb *o, const char *name, int v)
{
	int id = recb_field(o, name);

	if (id >= 0 && tp_rec_add_bool(o->rec, id, v) < 0)
		o->rc = -1;
}

int
tp_rec_fmt_parse(const char *s, enum tp_fmt *fmt)
{
	if (strcmp(s, "csv") == 0)
		*fmt = TP_FMT_CSV;
	else if (strcmp(s, "ndjson") == 0 || strcmp(s, "json") == 0)
		*fmt = TP_FMT_NDJSON;
	else
		return -1;
	return 0;
}
