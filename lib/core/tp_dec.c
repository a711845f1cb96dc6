/*
 * tp_dec.c: exact decimal sums (see tp_dec.h).
 */
#include <math.h>
#include <string.h>

#include "core/tp_dec.h"
#include "core/tp_num.h"
#include "core/tp_num_tables.h"

/* Read [-]digits[.digits] with at most 18 digits. */
static int
dec_parse(const char *p, size_t n, int64_t *m, int *scale)
{
	size_t i = 0;
	int digits = 0, neg = 0, frac = -1;

	*m = 0;
	if (i < n && p[i] == '-') {
		neg = 1;
		i++;
	}
	for (; i < n; i++) {
		if (p[i] == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (p[i] < '0' || p[i] > '9' || ++digits > 18)
			return -1;
		*m = *m * 10 + (p[i] - '0');
		if (frac >= 0)
			frac++;
	}
	if (digits == 0)
		return -1;
	*scale = frac > 0 ? frac : 0;
	if (neg)
		*m = -*m;
	return 0;
}

static int
scale_up(int64_t *m, int by)
{
	while (by-- > 0) {
		if (*m > INT64_MAX / 10 || *m < INT64_MIN / 10)
			return -1;
		*m *= 10;
	}
	return 0;
}

/*
 * m / 10^scale as the nearest double, as tp_num_parse() reads its text:
 * when m and 10^scale are exact doubles (m < 2^53, scale <= 22) one
 * division, which IEEE rounds correctly, gives it (Clinger's fast path).
 */
static int
dec_value(const char *p, size_t n, int64_t m, int scale, int ok, double *v)
{
	if (ok && m < (INT64_C(1) << 53) && m > -(INT64_C(1) << 53) &&
	    scale <= 22) {
		*v = (double)m / tp_pow10_dbl[scale];
		return 0;
	}
	return tp_num_parse(p, n, v) == TP_NUM_OK && isfinite(*v) ? 0 : -1;
}

int
tp_dec_add(struct tp_dec *d, const char *p, size_t n, double v, int first)
{
	int64_t m = 0;
	int scale = 0, ok;

	if (first) {
		d->d = 0;
		d->exact = 1;
		d->m = 0;
		d->scale = 0;
	}
	ok = dec_parse(p, n, &m, &scale) == 0;
	if (isnan(v) && dec_value(p, n, m, scale, ok, &v) < 0)
		return -1;
	d->d += v;
	if (!d->exact || !ok) {
		d->exact = 0;
		return 0;
	}
	if (scale > d->scale) {
		if (scale_up(&d->m, scale - d->scale) < 0) {
			d->exact = 0;
			return 0;
		}
		d->scale = scale;
	} else if (scale_up(&m, d->scale - scale) < 0) {
		d->exact = 0;
		return 0;
	}
	if (__builtin_add_overflow(d->m, m, &d->m))
		d->exact = 0;
	return 0;
}

size_t
tp_dec_format(const struct tp_dec *d, char *buf, size_t cap)
{
	char tmp[48], *p = tmp + sizeof(tmp);
	uint64_t v;
	int k;

	if (!d->exact)
		return tp_num_format(d->d, buf);
	v = d->m < 0 ? -(uint64_t)d->m : (uint64_t)d->m;
	for (k = 0; v != 0 || k <= d->scale; k++) {
		if (k == d->scale && k > 0)
			*--p = '.';
		*--p = (char)('0' + v % 10);
		v /= 10;
	}
	if (d->m < 0)
		*--p = '-';
	k = (int)(tmp + sizeof(tmp) - p);
	if ((size_t)k >= cap)
		k = (int)cap - 1;
	memcpy(buf, p, (size_t)k);
	buf[k] = '\0';
	return (size_t)k;
}
