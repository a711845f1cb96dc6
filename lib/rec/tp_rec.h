/*
 * tp_rec.h: records and their fields.
 *
 * A record is a flat, ordered list of fields.  Each field has a name (an
 * interned id, see struct tp_names) and a value kept as the exact bytes it
 * was read as, with a note of how those bytes are encoded (enum tp_enc).
 * That is what lets a filter pass the fields it does not own through
 * verbatim: the writer copies the original text, re-encoding only when the
 * output format differs (a quoted CSV cell becomes a JSON string, say).
 * Fields a program adds are appended with tp_rec_add_*().
 *
 * Ownership: a record read by tp_read() points into the reader's buffer and
 * is valid until the next tp_read() on that reader.  Bytes given to
 * tp_rec_add_*() and tp_rec_set*() are copied into the record's own scratch
 * buffer, which is reused from one record to the next, so the steady state
 * allocates nothing.  tp_rec_copy() makes a record that owns all its bytes.
 *
 * The streams that read and write records are in tp_read.h and
 * tp_write.h.  All functions return < 0 on failure and fill a struct
 * tp_err; none prints.
 */
#ifndef TP_REC_H
#define TP_REC_H

#include <stddef.h>
#include <stdint.h>

#include "core/tp_buf.h"
#include "core/tp_err.h"
#include "rec/tp_names.h"

enum tp_enc {
	TP_ENC_NULL,		/* missing: JSON null, an empty CSV cell */
	TP_ENC_CSV,		/* a non-empty unquoted CSV cell, as read */
	TP_ENC_CSVQ,		/* a quoted CSV cell, as read, quotes included */
	TP_ENC_NUM,		/* a JSON number's text */
	TP_ENC_JSTR,		/* a JSON string, quotes and escapes included */
	TP_ENC_BOOL,		/* true or false */
	TP_ENC_TEXT		/* plain text made by a program: a string */
};

struct tp_field {
	int name;		/* id in struct tp_names */
	unsigned char enc;	/* enum tp_enc */
	unsigned char own;	/* bytes live in the record's scratch */
	unsigned char comma;	/* own, and the scratch byte after is ',' */
	const char *p;
	size_t n;
	size_t off;		/* offset of p in the scratch, when own */
};

/* Fields a record has room for at first: a candle with its market and a
 * few indicators, so that streams of wider records cost no more
 * allocations (tests/leaks.bats). */
#define TP_REC_FIELDS0 16

struct tp_rec {
	struct tp_field *f;
	int nf, cap;
	const char *file;	/* input name, for messages; not owned */
	long line;		/* input line where the record starts */
	/* Set by the reader: records of one nonzero shape came with the same
	 * field names in the same order (the rows of one CSV header); 0 when
	 * unknown.  A program that adds or removes fields does not change
	 * it: it describes the record as read. */
	unsigned shape;
	struct tp_buf scratch;
};

void tp_rec_init(struct tp_rec *r);
void tp_rec_release(struct tp_rec *r);
/* Empty the record, keeping its memory. */
void tp_rec_clear(struct tp_rec *r);

/* Make room for nfields more fields and bytes more scratch bytes, so that
 * the adds that follow do not grow anything. */
int tp_rec_reserve(struct tp_rec *r, int nfields, size_t bytes);

/* Index of the field named id, or -1.  hint, when >= 0, is tried first: the
 * index the field had in the previous record of the same stream. */
int tp_rec_find(const struct tp_rec *r, int id, int hint);

/* Append a field whose value is n bytes at p in encoding enc (copied). */
int tp_rec_add(struct tp_rec *r, int id, enum tp_enc enc, const char *p,
    size_t n);
/* Append a field whose n bytes at p are not copied: they must stay as
 * they are while the record is in use (until it is cleared or read
 * again).  For values kept elsewhere that many records repeat. */
int tp_rec_add_ref(struct tp_rec *r, int id, enum tp_enc enc, const char *p,
    size_t n);
/* Append number v as field id (NaN or an infinity: a missing field); the
 * _nums form appends fields ids[i] = v[i] for i < n with one reservation. */
int tp_rec_add_num(struct tp_rec *r, int id, double v);
int tp_rec_add_nums(struct tp_rec *r, const int *ids, const double *v,
    int n);
int tp_rec_add_i64(struct tp_rec *r, int id, int64_t v);
int tp_rec_add_text(struct tp_rec *r, int id, const char *s);
int tp_rec_add_bool(struct tp_rec *r, int id, int v);
/* Replace the value of field i (copied). */
int tp_rec_set(struct tp_rec *r, int i, enum tp_enc enc, const char *p,
    size_t n);
int tp_rec_set_i64(struct tp_rec *r, int i, int64_t v);
/* Set field id: replace it when present, append it otherwise. */
int tp_rec_put(struct tp_rec *r, int id, enum tp_enc enc, const char *p,
    size_t n);
/* Remove field i, keeping the order of the others. */
void tp_rec_remove(struct tp_rec *r, int i);
/* Make dst a copy of src that owns all its bytes. */
int tp_rec_copy(struct tp_rec *dst, const struct tp_rec *src);

/*
 * Building a record field by field without checking each step: the
 * first failure (out of memory) sets rc to -1 and later calls go on
 * harmlessly, so a builder reads as the list of its fields.  A NULL or
 * empty text and a NaN number are written as null.
 */
struct tp_recb {
	struct tp_names *names;
	struct tp_rec *rec;
	int rc;
};

/* Empty rec and start o on it: "type" first, then what tp and jq expect
 * near the front of any record a program makes, "time" (null when < 0:
 * an account that has worked no candle yet) and "strategy". */
void tp_recb_begin(struct tp_recb *o, struct tp_names *names,
    struct tp_rec *rec, const char *type, int64_t time,
    const char *strategy);
void tp_recb_num(struct tp_recb *o, const char *name, double v);
void tp_recb_i64(struct tp_recb *o, const char *name, int64_t v);
void tp_recb_text(struct tp_recb *o, const char *name, const char *v);
/* A string even when empty ("": a stream without symbols). */
void tp_recb_string(struct tp_recb *o, const char *name, const char *v);
void tp_recb_bool(struct tp_recb *o, const char *name, int v);

/*
 * The value of field i as text, decoded from its encoding (CSV quotes and
 * JSON escapes removed) into tmp when need be.  *isnull is set for missing
 * values.  Returns -1 for a JSON string with a bad escape.
 */
int tp_field_text(const struct tp_field *f, struct tp_buf *tmp,
    const char **p, size_t *n, int *isnull);

/*
 * The value of field f as a double: a JSON number, or a CSV cell or JSON
 * string holding a number (exchanges send prices as strings).  Returns
 * 0, 1 when the value is missing, or -1 with a message for err naming the
 * field when it is not a finite number.
 */
int tp_field_num(const struct tp_rec *r, const struct tp_field *f,
    const struct tp_names *names, double *v, struct tp_err *err);

/*
 * Whether rec is a candle (tp(7)): it has no field type_id, or that field
 * is null or "candle"; a type that is not valid text is not.  *hint, when
 * hint is not NULL, is tried first and then set, as tp_rec_find's; tmp is
 * scratch for decoding.
 */
int tp_rec_is_candle(const struct tp_rec *rec, int type_id, int *hint,
    struct tp_buf *tmp);

/* Whether field i of rec is missing (i < 0), null or empty text (or text
 * that does not decode); tmp is scratch for decoding. */
int tp_rec_blank(const struct tp_rec *rec, int i, struct tp_buf *tmp);

/* ---- formats of a stream ------------------------------------------------ */

enum tp_fmt {
	TP_FMT_AUTO,		/* decide from the first byte */
	TP_FMT_CSV,
	TP_FMT_NDJSON,
	TP_FMT_JARRAY		/* one JSON array of arrays (reader only) */
};

/* Parse "csv" / "ndjson"; -1 if neither. */
int tp_rec_fmt_parse(const char *s, enum tp_fmt *fmt);

#endif
