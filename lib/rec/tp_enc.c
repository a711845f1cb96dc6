/*
 * tp_enc.c: CSV (RFC 4180) and JSON (RFC 8259) string encodings.
 */
#include <stdint.h>
#include <string.h>

#include "rec/tp_enc.h"

int
tp_enc_csv_needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

int
tp_enc_csv(struct tp_buf *b, const char *s, size_t n)
{
	size_t i;

	if (!tp_enc_csv_needs_quotes(s, n))
		return tp_buf_add(b, s, n);
	/* Worst case every byte is a quote that doubles. */
	if (tp_buf_reserve(b, 2 * n + 2) < 0)
		return -1;
	b->p[b->len++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			b->p[b->len++] = '"';
		b->p[b->len++] = s[i];
	}
	b->p[b->len++] = '"';
	return 0;
}

int
tp_enc_json_str(struct tp_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	unsigned char c;

	/* Worst case every byte is a control byte written as \u00XX. */
	if (tp_buf_reserve(b, 6 * n + 2) < 0)
		return -1;
	b->p[b->len++] = '"';
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			b->p[b->len++] = (char)c;
			continue;
		}
		b->p[b->len++] = '\\';
		switch (c) {
		case '"':
		case '\\':
			b->p[b->len++] = (char)c;
			break;
		case '\n':
			b->p[b->len++] = 'n';
			break;
		case '\r':
			b->p[b->len++] = 'r';
			break;
		case '\t':
			b->p[b->len++] = 't';
			break;
		default:
			memcpy(b->p + b->len, "u00", 3);
			b->len += 3;
			b->p[b->len++] = hex[c >> 4];
			b->p[b->len++] = hex[c & 15];
			break;
		}
	}
	b->p[b->len++] = '"';
	return 0;
}

int
tp_enc_dec_csv(struct tp_buf *b, const char *raw, size_t n)
{
	size_t i;

	if (n < 2 || raw[0] != '"' || raw[n - 1] != '"')
		return -1;
	if (tp_buf_reserve(b, n) < 0)
		return -1;
	for (i = 1; i < n - 1; i++) {
		b->p[b->len++] = raw[i];
		if (raw[i] == '"')
			i++;	/* "" stands for one quote */
	}
	return 0;
}

static int
hex4(const char *p, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* UTF-8 of code point cp into out; returns the length. */
static size_t
utf8(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t
tp_enc_dec_json_u(const char *s, const char *e, char *out, size_t *w)
{
	unsigned cp, lo;
	size_t took = 6;

	if (e - s < 6 || hex4(s + 2, &cp) < 0)
		return 0;
	if (cp >= 0xd800 && cp < 0xdc00 && e - s >= 12 && s[6] == '\\' &&
	    s[7] == 'u' && hex4(s + 8, &lo) == 0 && lo >= 0xdc00 &&
	    lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		took = 12;
	} else if (cp >= 0xd800 && cp < 0xe000) {
		cp = 0xfffd;	/* lone surrogate */
	}
	*w = utf8(cp, out);
	return took;
}

int
tp_enc_dec_json_str(struct tp_buf *b, const char *raw, size_t n)
{
	size_t i, k, w;

	if (n < 2 || raw[0] != '"' || raw[n - 1] != '"')
		return -1;
	/* Decoding never makes the text longer than its escaped form. */
	if (tp_buf_reserve(b, n) < 0)
		return -1;
	for (i = 1; i < n - 1; i++) {
		if (raw[i] != '\\') {
			b->p[b->len++] = raw[i];
			continue;
		}
		if (++i >= n - 1)
			return -1;
		switch (raw[i]) {
		case '"': case '\\': case '/':
			b->p[b->len++] = raw[i];
			break;
		case 'b': b->p[b->len++] = '\b'; break;
		case 'f': b->p[b->len++] = '\f'; break;
		case 'n': b->p[b->len++] = '\n'; break;
		case 'r': b->p[b->len++] = '\r'; break;
		case 't': b->p[b->len++] = '\t'; break;
		case 'u':
			/* from the backslash, to the closing quote */
			k = tp_enc_dec_json_u(raw + i - 1, raw + n - 1,
			    b->p + b->len, &w);
			if (k == 0)
				return -1;
			b->len += w;
			i += k - 2;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/*
 * The first non-digit of s[i..n), or n.  Where the byte order allows,
 * 8 bytes a step (the long decimals of indicator fields have 17 digits):
 * a byte is marked unless its high nibble is 3 and stays 3 with 6 added
 * (':' to '?'); a carry out of a byte comes only from a marked one, so
 * the lowest mark is the first non-digit (as tp_num.c's nondigits()).
 */
static size_t
skip_digits(const char *s, size_t i, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t hi = UINT64_C(0xf0f0f0f0f0f0f0f0);
	const uint64_t three = UINT64_C(0x3030303030303030);
	uint64_t v, m;

	for (; n - i >= 8; i += 8) {
		memcpy(&v, s + i, 8);
		m = ((v & hi) ^ three) |
		    (((v + UINT64_C(0x0606060606060606)) & hi) ^ three);
		if (m != 0)
			return i + (size_t)(__builtin_ctzll(m) >> 3);
	}
#endif
	while (i < n && (unsigned char)(s[i] - '0') < 10)
		i++;
	return i;
}

size_t
tp_enc_json_number_len(const char *s, size_t n)
{
	size_t i = 0, j;

	if (n > 0 && s[0] == '-')
		i++;
	if (i >= n || (unsigned char)(s[i] - '0') >= 10)
		return 0;
	/* No leading zeros: "0" alone, or a digit 1-9 and more digits. */
	i = s[i] == '0' ? i + 1 : skip_digits(s, i + 1, n);
	if (i < n && s[i] == '.') {
		j = skip_digits(s, i + 1, n);
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		j = skip_digits(s, i, n);
		if (j == i)
			return 0;
		i = j;
	}
	return i;
}

int
tp_enc_is_json_number(const char *s, size_t n)
{
	return n > 0 && tp_enc_json_number_len(s, n) == n;
}

enum tp_enc_cell
tp_enc_cell_type(const char *s, size_t n)
{
	if (n == 0)
		return TP_CELL_NULL;
	if (tp_enc_is_json_number(s, n))
		return TP_CELL_NUMBER;
	if ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0))
		return TP_CELL_BOOL;
	return TP_CELL_STRING;
}

size_t
tp_enc_utf8_len(const unsigned char *p, size_t n)
{
	size_t k, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return k;
}
