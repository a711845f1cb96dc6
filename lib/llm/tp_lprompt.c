/*
 * tp_lprompt.c: templates and prompts (tp_lprompt.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/tp_grow.h"
#include "rec/tp_enc.h"
#include "llm/tp_lprompt.h"

static const char *const ph_names[TP_LPH_N] = {
	"", "symbol", "timeframe", "exchange", "time", "count", "candles",
	"fields", "position", "news"
};

static int
add_piece(struct tp_ltemplate *t, enum tp_lph what, size_t off, size_t len,
    struct tp_err *err)
{
	struct tp_lpiece *p;

	if (what == TP_LPH_TEXT && len == 0)
		return 0;
	p = tp_grow(t->p, &t->cap, t->np + 1, sizeof(*p));
	if (p == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	t->p = p;
	p[t->np++] = (struct tp_lpiece){ what, off, len };
	return 0;
}

/* The placeholder at s ("{{" already seen, s after it), or -1. */
static int
placeholder(const char *s, const char *end, size_t *len)
{
	const char *e = s;
	int k;

	while (e + 1 < end && !(e[0] == '}' && e[1] == '}') && *e != '\n')
		e++;
	if (e + 1 >= end || *e == '\n')
		return -1;
	for (k = 1; k < TP_LPH_N; k++)
		if ((size_t)(e - s) == strlen(ph_names[k]) &&
		    memcmp(s, ph_names[k], (size_t)(e - s)) == 0) {
			*len = (size_t)(e - s) + 4;
			return k;
		}
	return -1;
}

/* One line of a part, l[0..n) at off, into pieces (its newline too). */
static int
parse_line(struct tp_ltemplate *t, const char *name, int line, size_t off,
    size_t n, struct tp_err *err)
{
	const char *s = t->text + off, *end = s + n, *q;
	size_t start = off, len;
	int k;

	for (q = s; q + 1 < end; q++) {
		if (q[0] != '{' || q[1] != '{')
			continue;
		k = placeholder(q + 2, end, &len);
		if (k < 0)
			return tp_errf(err, TP_EX_CONFIG, name, line, "unknown "
			    "placeholder \"%.*s\" (symbol, timeframe, exchange, "
			    "time, count, candles, fields, position, news)",
			    (int)strcspn(q, "\n") > 40 ? 40 :
			    (int)strcspn(q, "\n"), q);
		if (add_piece(t, TP_LPH_TEXT, start, (size_t)(q - t->text) -
		    start, err) < 0 || add_piece(t, (enum tp_lph)k, 0, 0,
		    err) < 0)
			return -1;
		q += len - 1;
		start = (size_t)(q + 1 - t->text);
	}
	return add_piece(t, TP_LPH_TEXT, start, off + n - start, err);
}

/* Whether the line at s (n bytes, no newline) is exactly word. */
static int
line_is(const char *s, size_t n, const char *word)
{
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* The line of the first byte of t that is not UTF-8, or 0. */
static int
not_utf8(const char *t, size_t n)
{
	size_t k, len;
	int line = 1;

	for (k = 0; k < n; k += len) {
		len = tp_enc_utf8_len((const unsigned char *)t + k, n - k);
		if (len == 0)
			return line;
		line += t[k] == '\n';
	}
	return 0;
}

int
tp_ltemplate_parse(struct tp_ltemplate *t, const char *name,
    const char *text, size_t n, struct tp_err *err)
{
	size_t off = 0, len, eol;
	int line = 0, part = 0, rc = 0;	/* 0 none yet, 1 system, 2 user */

	memset(t, 0, sizeof(*t));
	if ((t->text = malloc(n + 1)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	memcpy(t->text, text, n);
	t->text[n] = '\0';
	if (memchr(t->text, '\0', n) != NULL)
		rc = tp_errf(err, TP_EX_CONFIG, name, 0, "not a text file "
		    "(it holds a NUL byte)");
	else if ((line = not_utf8(t->text, n)) > 0)
		rc = tp_errf(err, TP_EX_CONFIG, name, line, "not UTF-8 text "
		    "(a request is JSON, which is)");
	line = 0;
	for (; off < n && rc == 0; off += len) {
		const char *nl = memchr(t->text + off, '\n', n - off);

		line++;
		eol = nl != NULL ? (size_t)(nl - t->text) : n;
		len = eol - off + (eol < n);
		if (line_is(t->text + off, eol - off, "[system]") &&
		    part == 0) {
			part = 1;
		} else if (line_is(t->text + off, eol - off, "[user]") &&
		    part == 1) {
			part = 2;
			t->nsys = t->np;
		} else if (part == 0) {
			if (t->text[off] != '#' && eol > off &&
			    !line_is(t->text + off, eol - off, ""))
				rc = tp_errf(err, TP_EX_CONFIG, name, line,
				    "text before \"[system]\" (a template is "
				    "a [system] part, then a [user] part)");
		} else
			rc = parse_line(t, name, line, off, len, err);
	}
	if (rc == 0 && part < 2)
		rc = tp_errf(err, TP_EX_CONFIG, name, 0, "no \"%s\" line (a "
		    "template is a [system] part, then a [user] part)",
		    part == 0 ? "[system]" : "[user]");
	if (rc < 0)
		tp_ltemplate_release(t);
	return rc;
}

int
tp_ltemplate_load(struct tp_ltemplate *t, const char *path,
    struct tp_err *err)
{
	char buf[65536];
	size_t n;
	FILE *fp;

	if (path == NULL)
		return tp_ltemplate_parse(t, "built-in prompt",
		    tp_lprompt_default, strlen(tp_lprompt_default), err);
	memset(t, 0, sizeof(*t));
	if ((fp = fopen(path, "r")) == NULL)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	n = fread(buf, 1, sizeof(buf), fp);
	if (ferror(fp) || n == sizeof(buf)) {
		fclose(fp);
		return tp_errf(err, n == sizeof(buf) ? TP_EX_CONFIG :
		    TP_EX_IOERR, path, 0, n == sizeof(buf) ? "longer than "
		    "64 KiB: not a prompt template" : "cannot read");
	}
	fclose(fp);
	return tp_ltemplate_parse(t, path, buf, n, err);
}

void
tp_ltemplate_release(struct tp_ltemplate *t)
{
	free(t->text);
	free(t->p);
	memset(t, 0, sizeof(*t));
}

int
tp_ltemplate_uses(const struct tp_ltemplate *t, enum tp_lph what)
{
	int i;

	for (i = 0; i < t->np; i++)
		if (t->p[i].what == what)
			return 1;
	return 0;
}

static int
fill(const struct tp_ltemplate *t, int from, int to,
    const struct tp_lvals *v, struct tp_buf *b)
{
	const struct tp_lpiece *p;
	int i, rc = 0;

	b->len = 0;
	for (i = from; i < to; i++) {
		p = &t->p[i];
		rc |= p->what == TP_LPH_TEXT ? tp_buf_add(b, t->text + p->off,
		    p->len) : tp_buf_add(b, v->v[p->what], v->n[p->what]);
	}
	rc |= tp_buf_add(b, "", 1);	/* a C string too */
	b->len--;
	return rc < 0 ? -1 : 0;
}

int
tp_lprompt_fill(const struct tp_ltemplate *t, const struct tp_lvals *v,
    struct tp_buf *sys, struct tp_buf *user)
{
	return fill(t, 0, t->nsys, v, sys) < 0 ||
	    fill(t, t->nsys, t->np, v, user) < 0 ? -1 : 0;
}

void
tp_lprompt_hash(const struct tp_buf *sys, const struct tp_buf *user,
    char hex[TP_LPROMPT_HASHLEN])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)sys->p,
	    sys->len);
	crypto_generichash_update(&st, (const unsigned char *)"", 1);
	crypto_generichash_update(&st, (const unsigned char *)user->p,
	    user->len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, TP_LPROMPT_HASHLEN, h, sizeof(h));
}
