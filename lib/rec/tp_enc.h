/*
 * tp_enc.h: encoding and decoding of CSV cells and JSON strings.
 *
 * The tp_enc_* functions append an encoded value to a buffer, the tp_dec_*
 * functions append a decoded one.  All return -1 when out of memory, and
 * the decoders also for malformed input.
 */
#ifndef TP_ENC_H
#define TP_ENC_H

#include <stddef.h>

#include "core/tp_buf.h"

/* s[0..n) as a CSV cell: as is, or quoted when it holds , " CR or LF. */
int tp_enc_csv(struct tp_buf *b, const char *s, size_t n);
/* s[0..n) as a JSON string with quotes; control bytes escaped. */
int tp_enc_json_str(struct tp_buf *b, const char *s, size_t n);
/* A quoted CSV cell "..." (quotes included) to its text. */
int tp_enc_dec_csv(struct tp_buf *b, const char *raw, size_t n);
/* A JSON string "..." (quotes included) to its UTF-8 text. */
int tp_enc_dec_json_str(struct tp_buf *b, const char *raw, size_t n);
/*
 * The \u escape at s (its backslash) of a JSON string whose text ends at
 * e, as UTF-8 into out[0..4): a high surrogate followed by a low one is
 * one character (RFC 8259 section 7: "\ud834\udd1e" is U+1D11E), a lone
 * half is U+FFFD.  Returns the bytes of s it took (6 or 12) and sets *w
 * to the bytes written; 0 when four hex digits do not follow the \u.
 */
size_t tp_enc_dec_json_u(const char *s, const char *e, char *out, size_t *w);

/* The length of the JSON number that starts s[0..n), 0 if none. */
size_t tp_enc_json_number_len(const char *s, size_t n);
/* Whether s[0..n) is a number in JSON's grammar. */
int tp_enc_is_json_number(const char *s, size_t n);
/* What a CSV cell's text s[0..n) is in JSON (tp(7), "Values across
 * formats"): empty is null, a number in JSON's grammar a number, true
 * and false booleans, anything else a string. */
enum tp_enc_cell { TP_CELL_NULL, TP_CELL_NUMBER, TP_CELL_BOOL, TP_CELL_STRING };
enum tp_enc_cell tp_enc_cell_type(const char *s, size_t n);
/* Whether s[0..n) must be quoted in CSV. */
int tp_enc_csv_needs_quotes(const char *s, size_t n);
/* The length of the UTF-8 character at p[0..n) (n > 0), or 0 when none
 * starts there (RFC 3629's table: no overlong forms, no surrogates). */
size_t tp_enc_utf8_len(const unsigned char *p, size_t n);

#endif
