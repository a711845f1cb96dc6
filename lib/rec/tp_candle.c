/*
 * tp_candle.c: reading and checking candle records (see tp_candle.h).
 */
#include <string.h>

#include "rec/tp_candle.h"

static const char *const col_names[TP_C_N] = {
	"time", "open", "high", "low", "close", "volume", "symbol",
	"timeframe", "exchange", "filled"
};

int
tp_candle_cols_init(struct tp_candle_cols *c, struct tp_names *names,
    enum tp_time_unit unit, struct tp_err *err)
{
	int k;

	c->names = names;
	c->unit = unit;
	for (k = 0; k < TP_C_N; k++) {
		c->id[k] = tp_names_intern(names, col_names[k],
		    strlen(col_names[k]));
		if (c->id[k] < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		c->at[k] = k;
	}
	return 0;
}

int
tp_candle_col(struct tp_candle_cols *c, const struct tp_rec *rec,
    enum tp_candle_col k)
{
	int i = tp_rec_find(rec, c->id[k], c->at[k]);

	if (i >= 0)
		c->at[k] = i;
	return i;
}

int
tp_candle_get(struct tp_candle_cols *c, const struct tp_rec *rec,
    struct tp_candle *out, int *time_canon, struct tp_err *err)
{
	double *v[] = { NULL, &out->open, &out->high, &out->low, &out->close,
	    &out->volume };
	const struct tp_field *f;
	const char *why;
	int k, i, rc;

	for (k = TP_C_TIME; k <= TP_C_VOLUME; k++) {
		i = tp_candle_col(c, rec, (enum tp_candle_col)k);
		if (i < 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "no field \"%s\"", col_names[k]);
		f = &rec->f[i];
		if (k == TP_C_TIME) {
			const char *p = f->p;
			size_t n = f->n;

			if (f->enc == TP_ENC_CSVQ || f->enc == TP_ENC_JSTR) {
				p++;
				n -= 2;
			}
			if (f->enc == TP_ENC_NULL || f->enc == TP_ENC_BOOL ||
			    n == 0)
				return tp_errf(err, TP_EX_DATAERR, rec->file,
				    rec->line, "field \"time\" is missing");
			if (tp_time_parse(p, n, c->unit, &out->time,
			    &why) < 0)
				return tp_errf(err, TP_EX_DATAERR, rec->file,
				    rec->line, "field \"time\": %s: \"%.*s\"",
				    why, (int)(n > 40 ? 40 : n), p);
			*time_canon = c->unit == TP_UNIT_MS &&
			    (f->enc == TP_ENC_CSV || f->enc == TP_ENC_NUM) &&
			    (p[0] == '-' || n < 5 || p[4] != '-') &&
			    (p[0] != '0' || n == 1);
			continue;
		}
		rc = tp_field_num(rec, f, c->names, v[k], err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return tp_errf(err, TP_EX_DATAERR, rec->file,
			    rec->line, "field \"%s\" is missing",
			    col_names[k]);
	}
	return 0;
}

int
tp_candle_check(const struct tp_candle *k, const struct tp_rec *rec,
    struct tp_err *err)
{
	const char *why = NULL;

	if (!(k->open > 0 && k->high > 0 && k->low > 0 && k->close > 0))
		why = "prices must be positive";
	else if (k->high < k->low)
		why = "high is below low";
	else if (k->high < k->open || k->high < k->close)
		why = "high is below open or close";
	else if (k->low > k->open || k->low > k->close)
		why = "low is above open or close";
	else if (!(k->volume >= 0))
		why = "volume is negative";
	if (why == NULL)
		return 0;
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line, "bad candle: "
	    "%s", why);
}

int64_t
tp_candle_tf(struct tp_candle_cols *c, const struct tp_rec *rec,
    struct tp_buf *tmp)
{
	char buf[24];
	const char *p;
	size_t n;
	int64_t tf;
	int i = tp_candle_col(c, rec, TP_C_TIMEFRAME), isnull;

	if (i < 0 || tp_field_text(&rec->f[i], tmp, &p, &n, &isnull) < 0 ||
	    n >= sizeof(buf))
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return tp_time_tf_parse(buf, &tf) == 0 ? tf : 0;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight ASCII digits, loaded little-endian (first digit lowest), as their
 * number, or -1 if one is not a digit: the usual SWAR reduction, pairs,
 * then fours, then eight (Lemire, "Quickly parsing eight digits", 2022). */
static int64_t
eight_digits(uint64_t x)
{
	uint64_t d = x - 0x3030303030303030u;

	if (((x + 0x4646464646464646u) | d) & 0x8080808080808080u)
		return -1;
	d = d * 10 + (d >> 8);
	return (int64_t)((((d & 0x000000FF000000FFu) *
	    (100 + (1000000ull << 32))) + (((d >> 16) & 0x000000FF000000FFu) *
	    (1 + (10000ull << 32)))) >> 32);
}

/* 9 to 16 digits in two words: the head padded with '0's, the last 8. */
static int
digits_9_16(const char *p, size_t n, int64_t *ms)
{
	uint64_t hi, lo;
	int64_t h, l;
	unsigned pad = (unsigned)(16 - n) * 8;

	memcpy(&hi, p, 8);
	memcpy(&lo, p + n - 8, 8);
	hi = pad == 0 ? hi : hi << pad | (0x3030303030303030u >> (64 - pad));
	h = eight_digits(hi);
	l = eight_digits(lo);
	if (h < 0 || l < 0)
		return -1;
	*ms = h * 100000000 + l;
	return 0;
}
#endif

/* Plain digits (up to 18) as a number, the common case of a tp stream's
 * time (13 digits of ms): cheaper than the general time parser, which is
 * kept for the rest. */
static int
plain_ms(const struct tp_field *f, int64_t *ms)
{
	int64_t v = 0;
	size_t k;

	if ((f->enc != TP_ENC_CSV && f->enc != TP_ENC_NUM) || f->n == 0 ||
	    f->n > 18)
		return -1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (f->n >= 9 && f->n <= 16)
		return digits_9_16(f->p, f->n, ms);
#endif
	for (k = 0; k < f->n; k++) {
		unsigned d = (unsigned)(unsigned char)f->p[k] - '0';

		if (d > 9)
			return -1;
		v = v * 10 + (int64_t)d;
	}
	*ms = v;
	return 0;
}

/* The message of a time t that does not come after last: out of line, so
 * that the check of every record stays small. */
static __attribute__((noinline)) int
out_of_order(const struct tp_rec *rec, int64_t t, int64_t last,
    const char *sym, size_t symn, struct tp_err *err)
{
	char a[TP_TIME_MSGSZ], b[TP_TIME_MSGSZ + 18] = " repeats";

	tp_time_msg(t, a);
	if (t < last) {
		memcpy(b, " goes back before ", 18);
		tp_time_msg(last, b + 18);
	}
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
	    "time %s%s%.*s%s: each symbol's records must come in time "
	    "order, once each (tp-fetch fix --sort --dedupe)", a,
	    symn > 0 ? " of " : "", (int)symn, sym, b);
}

int
tp_candle_time_order(const struct tp_rec *rec, int time_id, int *at,
    int64_t *last, const char *sym, size_t symn, struct tp_err *err)
{
	int64_t t = 0;
	int i = tp_rec_find(rec, time_id, *at);

	if (i < 0)
		return 0;
	*at = i;
	/* Digits out of range go the long way, for its message. */
	if ((plain_ms(&rec->f[i], &t) < 0 || !tp_time_ok(t)) &&
	    tp_candle_field_time(rec, &rec->f[i], TP_UNIT_MS, &t, err) < 0)
		return -1;
	if (t <= *last)
		return out_of_order(rec, t, *last, sym, symn, err);
	*last = t;
	return 0;
}

int
tp_candle_field_time(const struct tp_rec *rec, const struct tp_field *f,
    enum tp_time_unit unit, int64_t *ms, struct tp_err *err)
{
	const char *p = f->p, *why;
	size_t n = f->n;

	if (f->enc == TP_ENC_CSVQ || f->enc == TP_ENC_JSTR) {
		p++;
		n -= 2;
	}
	if (tp_time_parse(p, n, unit, ms, &why) < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"time\": %s", why);
	return 0;
}
