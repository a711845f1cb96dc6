/*
 * tp_num.c: exact conversion between decimal text and doubles (see tp_num.h).
 *
 * Parsing: the digits go into a uint64_t w and an exponent q, value w 10^q.
 * Most prices have few digits and a small exponent, and Clinger's fast path
 * then gets the answer from one exact multiplication or division of
 * doubles.  Otherwise the Eisel-Lemire method (D. Lemire, "Number parsing
 * at a gigabyte per second", 2021) multiplies the normalised w by a 128-bit
 * truncated power of five and reads the rounded significand off the top
 * bits, giving up when the truncation error could matter; then strtod
 * decides.
 *
 * Formatting: Dragonbox (J. Jeon, 2020).  With j chosen so that the
 * rounding interval of v, scaled by 10^j, is 100 to 999 units long, the
 * shortest decimal in it is either the one multiple of 1000 inside it or
 * the multiple of 100 nearest v 10^j.  Both come from one 64 x 128-bit
 * product, the interval's right end scaled; only rare cases, where the
 * product's fraction decides, need another.
 *
 * Both use the tables of tp_num_tables.h, made by scripts/gen-num-tables.c,
 * which also checks the logarithm formulas below.
 */
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_num.h"
#include "core/tp_num_tables.h"

__extension__ typedef unsigned __int128 u128;

/* Decimal exponents outside [DEC_MIN, DEC_MAX] are zero or overflow. */
#define DEC_MIN (-342)
#define DEC_MAX 308

/*
 * Significant digits kept when strtod has to decide.  A midpoint between
 * two doubles has at most 767 significant digits, so digits beyond the
 * 780th only matter as "something non-zero follows", which one '1' says.
 */
#define SLOW_DIGITS 780

/* Clinger's fast path needs doubles evaluated as doubles (not x87). */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define FAST_PATH 1
#else
#define FAST_PATH 0
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1
#else
#define SWAR 0
#endif

/*
 * floor(log2(10^e)), floor(log10(2^e)) and floor(log10(3/4 2^e)) for the
 * exponents used here; scripts/gen-num-tables.c checks each exactly.  A >>
 * of a negative number is an arithmetic shift with gcc and clang.
 */
static int
flog2pow10(int e)
{
	return (int)(((int64_t)e * 217706) >> 16);
}

static int
flog10pow2(int e)
{
	return (int)(((int64_t)e * 1262611) >> 22);
}

static int
flog10threequarterspow2(int e)
{
	return (int)(((int64_t)e * 1262611 - 522475) >> 22);
}

static int
isdig(char c)
{
	return (unsigned)((unsigned char)c - '0') < 10;
}

static uint64_t
to_bits(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b;
}

static double
from_bits(uint64_t b)
{
	double d;

	memcpy(&d, &b, sizeof(d));
	return d;
}

#if SWAR
/*
 * Digits 8 bytes at a time, in a uint64_t with the first byte lowest.
 * Price fields are short and of every length, and a loop per digit would
 * mispredict its exit once or twice per number; this finds where the
 * digits end with a bit trick instead.
 */

/*
 * Up to 8 bytes from p, zeros past end.  Near the end of a text of 8
 * bytes or more it reads the last 8 and shifts, never reading outside
 * [s, end).
 */
static uint64_t
load8(const char *s, const char *p, const char *end)
{
	uint64_t v = 0;

	if (end - p >= 8)
		memcpy(&v, p, 8);
	else if (end - s >= 8) {
		memcpy(&v, end - 8, 8);
		v >>= 8 * (8 - (end - p));	/* end - p in [1, 7] */
	} else
		memcpy(&v, p, (size_t)(end - p));
	return v;
}

/*
 * Non-zero in the bytes that are not ASCII digits: those whose high
 * nibble is not 3, or becomes 4 when 6 is added (':' to '?').  The + 6
 * carries out of a byte only from one that is not a digit itself, so
 * the lowest marked byte is right, which is all that is used.
 */
static uint64_t
nondigits(uint64_t v)
{
	const uint64_t hi = UINT64_C(0xf0f0f0f0f0f0f0f0);
	const uint64_t three = UINT64_C(0x3030303030303030);

	return ((v & hi) ^ three) |
	    (((v + UINT64_C(0x0606060606060606)) & hi) ^ three);
}

/*
 * The number in 8 bytes of digit values 0 to 9, the first lowest:
 * neighbours combine into 2-digit, 4-digit, then the 8-digit number, each
 * lane wide enough that nothing carries into the next.
 */
static uint64_t
combine8(uint64_t v)
{
	v = (v * 10 + (v >> 8)) & UINT64_C(0x00ff00ff00ff00ff);
	v = (v * 100 + (v >> 16)) & UINT64_C(0x0000ffff0000ffff);
	return (v * 10000 + (v >> 32)) & UINT64_C(0xffffffff);
}

/*
 * Accumulate the digits at p into *w (modulo 2^64); return the first
 * non-digit.  s is the start of the text.  Inlined: called out of line
 * from parse_general, its register saves cost as much as a word of
 * digits.
 */
static inline __attribute__((always_inline)) const char *
scan_digits(const char *s, const char *p, const char *end, uint64_t *w)
{
	uint64_t x = *w, v, m;
	int nd, sh;

	while (p < end) {
		v = load8(s, p, end);
		m = nondigits(v);
		nd = m == 0 ? 8 : __builtin_ctzll(m) >> 3;
		if (nd == 0)
			break;
		/*
		 * Move the nd digits to the top bytes, zeros below them, so
		 * that they read as an 8-digit number with leading zeros.
		 */
		sh = 8 * (8 - nd);
		x = x * tp_pow10_u64[nd] +
		    combine8((v << sh) - (UINT64_C(0x3030303030303030) << sh));
		p += nd;
		if (nd < 8)
			break;
	}
	*w = x;
	return p;
}
#else
static const char *
scan_digits(const char *s, const char *p, const char *end, uint64_t *w)
{
	uint64_t x = *w;

	(void)s;
	while (p < end && isdig(*p)) {
		x = x * 10 + (uint64_t)(*p - '0');
		p++;
	}
	*w = x;
	return p;
}
#endif

/*
 * Eisel-Lemire: the bits of the double nearest to w 10^q (w != 0,
 * q in [DEC_MIN, DEC_MAX]); a result >= 0x7ff0000000000000 is overflow.
 * Returns 0 when the truncated power of five leaves the answer open.
 *
 * With w shifted left so that its top bit is set and T the table entry,
 * floor(5^q 2^s) in [2^127, 2^128), the exact value is x = w 5^q 2^s, and
 * P = w T, a 192-bit number with its top bit at 190 or 191, has
 * P <= x < P + 2^64 (the truncation lost less than one unit of T, times w),
 * with equality when T is exact (q in [0, 55]).  So the rounding is decided
 * by P unless a rounding midpoint might lie in [P, P + 2^64).
 */
static int
eisel_lemire(uint64_t w, int q, uint64_t *bits)
{
	const uint64_t *t = tp_pow5[q - TP_POW5_MIN];
	u128 hp, m, mask, rest;
	uint64_t lp, mant;
	int lz, up, e2, be, d, rb, exact = q >= 0 && q <= 55;

	lz = __builtin_clzll(w);
	w <<= lz;
	hp = (u128)w * t[0];
	lp = (uint64_t)((u128)w * t[1]);
	hp += ((u128)w * t[1]) >> 64;	/* hp:lp = P, no carry out */
	up = (int)(hp >> 127);
	/*
	 * The unit of P is 2^(q - s - lz) = 2^(floor(log2 10^q) - 127 - lz);
	 * x lies in [2^e2, 2^(e2 + 1)), be is its biased exponent.
	 */
	e2 = flog2pow10(q) - 127 - lz + 190 + up;
	be = e2 + 1023;
	/*
	 * Drop d bits of hp, leaving 53 significand bits and the rounding
	 * bit (fewer below the normal range: subnormals have a fixed ulp).
	 */
	d = 73 + up + (be < 1 ? 1 - be : 0);
	if (d >= 128) {
		/* x < 2^(unit + 192) <= half the smallest subnormal */
		*bits = 0;
		return 1;
	}
	m = hp >> d;
	mask = ((u128)1 << d) - 1;
	rest = hp & mask;
	rb = (int)(m & 1);
	m >>= 1;
	if (!exact && !rb && rest == mask && lp != 0)
		return 0;	/* x might reach the midpoint above P */
	if (rb && rest == 0 && lp == 0) {
		if (!exact)
			return 0;	/* x = P is a tie only if T is exact */
		m += m & 1;	/* a tie: round to even */
	} else
		m += rb ? 1u : 0u;
	mant = (uint64_t)m;
	/*
	 * A normal significand carries its hidden bit, which adds one to the
	 * exponent field, hence be - 1; rounding up to 2^53 carries on into
	 * the exponent.  A subnormal that rounds up to 2^52 becomes the
	 * smallest normal the same way.
	 */
	*bits = be >= 1 ? ((uint64_t)(be - 1) << 52) + mant : mant;
	return 1;
}

/* w 10^q by Eisel-Lemire, with the out-of-table exponents settled. */
static int
convert(uint64_t w, int64_t q, uint64_t *bits)
{
	if (w == 0 || q < DEC_MIN) {
		/* w < 10^19 and 10^(19 + DEC_MIN - 1) < 2^-1075 */
		*bits = 0;
		return 1;
	}
	if (q > DEC_MAX) {
		*bits = UINT64_C(0x7ff0000000000000);
		return 1;
	}
	return eisel_lemire(w, (int)q, bits);
}

/*
 * The mantissa's digits (the integer part ip..ie, the fraction fp..fe) as
 * w 10^(*q), keeping the first 19 significant digits; *trunc says whether
 * a non-zero digit was dropped.  *q comes in as the written exponent.
 */
static void
digits_long(const char *ip, const char *ie, const char *fp, const char *fe,
    uint64_t *w, int64_t *q, int *trunc)
{
	uint64_t x = 0;
	int64_t e = *q;
	int taken = 0, tr = 0;

	for (; ip < ie; ip++) {
		if (taken == 0 && *ip == '0')
			continue;
		if (taken < 19) {
			x = x * 10 + (uint64_t)(*ip - '0');
			taken++;
		} else {
			e++;
			tr |= *ip != '0';
		}
	}
	for (; fp < fe; fp++) {
		if (taken == 0 && *fp == '0') {
			e--;
			continue;
		}
		if (taken < 19) {
			x = x * 10 + (uint64_t)(*fp - '0');
			taken++;
			e--;
		} else
			tr |= *fp != '0';
	}
	*w = x;
	*q = e;
	*trunc = tr;
}

/*
 * The rare inputs Eisel-Lemire cannot settle go to strtod, rewritten as
 * "DIGITSe-EXP" with leading zeros gone and at most SLOW_DIGITS digits
 * (then a '1' if anything non-zero was cut): short enough for a stack
 * buffer whatever the input's length, and free of the decimal point, which
 * is the one thing a locale changes for strtod.
 */
static int
slow_path(const char *ip, const char *ie, const char *fp, const char *fe,
    int64_t xexp, int neg, double *out)
{
	char buf[SLOW_DIGITS + 32], tmp[24], *p = buf;
	int64_t e = xexp;
	uint64_t ue;
	size_t nd = 0;
	int i = 0, tr = 0, saved = errno;
	double v;

	for (; ip < ie; ip++) {
		if (nd == 0 && *ip == '0')
			continue;
		if (nd < SLOW_DIGITS)
			p[nd++] = *ip;
		else {
			e++;
			tr |= *ip != '0';
		}
	}
	for (; fp < fe; fp++) {
		if (nd == 0 && *fp == '0') {
			e--;
			continue;
		}
		if (nd < SLOW_DIGITS) {
			p[nd++] = *fp;
			e--;
		} else
			tr |= *fp != '0';
	}
	if (tr) {
		p[nd++] = '1';
		e--;
	}
	p += nd;
	*p++ = 'e';
	if (e < 0)
		*p++ = '-';
	ue = e < 0 ? -(uint64_t)e : (uint64_t)e;
	do {
		tmp[i++] = (char)('0' + ue % 10);
		ue /= 10;
	} while (ue != 0);
	while (i > 0)
		*p++ = tmp[--i];
	*p = '\0';
	v = strtod(buf, NULL);
	errno = saved;
	if (v > DBL_MAX)
		return TP_NUM_RANGE;
	*out = neg ? -v : v;
	return TP_NUM_OK;
}

#if SWAR && FAST_PATH
/* The bytes of a word below byte i, i in [0, 7]. */
#define BELOW(i) ((UINT64_C(1) << 8 * (i)) - 1)

/*
 * The shape of nearly every price and quantity: at most 16 bytes of
 * digits with at most one '.', at most 15 digits, so that the integer
 * they make and one division by a power of ten are exact (Clinger).  The
 * bytes are handled as two words: the '.' is found, checked and taken
 * out with shifts, with no loop over the digits.  Returns 0, *out
 * untouched, for any other text, which the general parser then reads.
 */
static int
parse_short(const char *s, size_t n, double *out)
{
	const uint64_t ascii0 = UINT64_C(0x3030303030303030);
	uint64_t lo, hi = 0, m, w;
	int d, nd, frac, neg = n > 0 && *s == '-';

	s += neg;
	n -= (size_t)neg;
	if (n - 1 > 15)
		return 0;	/* empty, or longer than 16 bytes */
	lo = load8(s, s, s + n);
	if (n > 8) {
		memcpy(&hi, s + n - 8, 8);
		hi >>= 8 * (16 - n);
		if (n < 16)
			hi |= ascii0 << 8 * (n - 8);
	} else {
		hi = ascii0;
		if (n < 8)
			lo |= ascii0 << 8 * n;
	}
	/* bytes past the text now read '0': the first non-digit, if any,
	 * must be the one '.' */
	m = nondigits(lo);
	d = m ? __builtin_ctzll(m) >> 3 : (m = nondigits(hi)) ?
	    8 + (__builtin_ctzll(m) >> 3) : 16;
	frac = 0;
	nd = (int)n;
	if (d < 16) {
		if (d < 8) {
			if ((uint8_t)(lo >> 8 * d) != '.')
				return 0;
			lo ^= (uint64_t)('.' ^ '0') << 8 * d;
		} else {
			if ((uint8_t)(hi >> 8 * (d - 8)) != '.')
				return 0;
			hi ^= (uint64_t)('.' ^ '0') << 8 * (d - 8);
		}
		if (nondigits(lo) | nondigits(hi))
			return 0;
		frac = (int)n - 1 - d;
		nd = (int)n - 1;
	}
	if (nd == 0 || nd > 15)
		return 0;
	lo -= ascii0;
	hi -= ascii0;
	if (d < 8) {
		/* take the '.' out: the bytes after it move down one */
		lo = (lo & BELOW(d)) | ((lo >> 8) & ~BELOW(d)) | hi << 56;
		hi >>= 8;
	} else if (d < 16)
		hi = (hi & BELOW(d - 8)) | ((hi >> 8) & ~BELOW(d - 8));
	/* the digits right-aligned, the zeros below them leading */
	if (nd <= 8)
		w = combine8(lo << 8 * (8 - nd));
	else
		w = combine8(lo) * tp_pow10_u64[nd - 8] +
		    combine8(hi << 8 * (16 - nd));
	*out = (double)w / tp_pow10_dbl[frac];
	if (neg)
		*out = -*out;
	return 1;
}
#endif

/*
 * Any number JSON or a CSV cell may hold.  Kept out of line: inlined into
 * tp_num_parse, its register saves were paid by every short number too.
 */
static __attribute__((noinline)) int
parse_general(const char *s, size_t n, double *out)
{
	const char *p = s, *end = s + n, *ip, *ie, *fp, *fe;
	uint64_t w = 0, bits, bits1;
	int64_t q = 0, xexp, x, cap;
	int neg = 0, eneg, trunc = 0;

	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	ip = p;
	p = ie = scan_digits(s, p, end, &w);
	fp = fe = p;
	if (p < end && *p == '.') {
		fp = ++p;
		p = fe = scan_digits(s, p, end, &w);
	}
	if (ie == ip && fe == fp)
		return TP_NUM_SYNTAX;	/* no digits: "", "-", ".", "e5" */
	if (p < end && (*p == 'e' || *p == 'E')) {
		eneg = 0;
		x = 0;
		if (++p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		if (p == end || !isdig(*p))
			return TP_NUM_SYNTAX;
		/*
		 * Stop counting where the value is sure to overflow or
		 * underflow whatever the digits: n digits move the point by
		 * less than n places.
		 */
		cap = (int64_t)(n < (size_t)1 << 40 ? n : (size_t)1 << 40) +
		    1000;
		do {
			if (x < cap)
				x = x * 10 + (*p - '0');
		} while (++p < end && isdig(*p));
		q = eneg ? -x : x;
	}
	if (p != end)
		return TP_NUM_SYNTAX;

	xexp = q;
	if ((ie - ip) + (fe - fp) <= 19)
		q -= fe - fp;	/* w is exact */
	else
		digits_long(ip, ie, fp, fe, &w, &q, &trunc);

	if (w == 0) {
		*out = neg ? -0.0 : 0.0;
		return TP_NUM_OK;
	}
#if FAST_PATH
	/*
	 * Clinger: w and 10^|q| are exact doubles, so one correctly rounded
	 * operation gives the correctly rounded result.  Up to 15 more powers
	 * of ten can move into w while it stays below 2^53.
	 */
	if (!trunc && w <= (UINT64_C(1) << 53) && q >= -22 && q <= 22 + 15) {
		double d;

		if (q > 22) {
			uint64_t f = tp_pow10_u64[q - 22];

			if (w <= (UINT64_C(1) << 53) / f) {
				d = (double)(w * f) * tp_pow10_dbl[22];
				*out = neg ? -d : d;
				return TP_NUM_OK;
			}
		} else {
			d = (double)w;
			if (q < 0)
				d /= tp_pow10_dbl[-q];
			else
				d *= tp_pow10_dbl[q];
			*out = neg ? -d : d;
			return TP_NUM_OK;
		}
	}
#endif
	if (!convert(w, q, &bits))
		return slow_path(ip, ie, fp, fe, xexp, neg, out);
	/*
	 * With digits cut, the value lies in [w, w + 1) 10^q; if both ends
	 * round alike, so does everything between.
	 */
	if (trunc && (!convert(w + 1, q, &bits1) || bits1 != bits))
		return slow_path(ip, ie, fp, fe, xexp, neg, out);
	if (bits >= UINT64_C(0x7ff0000000000000))
		return TP_NUM_RANGE;
	*out = from_bits(bits | (uint64_t)neg << 63);
	return TP_NUM_OK;
}

int
tp_num_parse(const char *s, size_t n, double *out)
{
#if SWAR && FAST_PATH
	if (parse_short(s, n, out))
		return TP_NUM_OK;
#endif
	return parse_general(s, n, out);
}

/*
 * More than 19 digits, even leading zeros, is TP_NUM_RANGE: digits, but
 * more than the header's grammar allows.
 */
int
tp_num_parse_i64(const char *s, size_t n, int64_t *out)
{
	const char *p = s, *end = s + n, *d;
	uint64_t x = 0, lim;
	int neg = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end)
		return TP_NUM_SYNTAX;
	for (d = p; p < end; p++) {
		if (!isdig(*p))
			return TP_NUM_SYNTAX;
		x = x * 10 + (uint64_t)(*p - '0');	/* exact to 19 */
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (p - d > 19 || x > lim)
		return TP_NUM_RANGE;
	/* negate in uint64_t: INT64_MIN without a signed overflow */
	*out = neg ? (int64_t)(0 - x) : (int64_t)x;
	return TP_NUM_OK;
}

/* "00" "01" ... "99": two digits per division by 100 */
static const char dig2[200] =
    "00010203040506070809" "10111213141516171819"
    "20212223242526272829" "30313233343536373839"
    "40414243444546474849" "50515253545556575859"
    "60616263646566676869" "70717273747576777879"
    "80818283848586878889" "90919293949596979899";

/* The number of decimal digits of d > 0: log10 from the bit length. */
static int
ndigits(uint64_t d)
{
	int n = ((64 - __builtin_clzll(d)) * 1233) >> 12;

	return n + (d >= tp_pow10_u64[n]);
}

/*
 * Two numbers below 10^4, a in the low and b in the high half of y, as
 * their 8 digits (values 0 to 9, not yet ASCII) in a uint64_t, the first
 * digit of a in the lowest byte, without a table: each 4-digit lane into
 * two 2-digit lanes, each into two digits, dividing by 100 and 10 with
 * multiply-and-shift, exact for these ranges (x * 10486 >> 20 for
 * x < 10^4, x * 103 >> 10 for x < 100), and no lane ever carries into
 * the next.  swar8() does the same for x < 10^8, split at 10^4.
 */
static inline uint64_t
swar44(uint64_t y)
{
	uint64_t q;

	/*
	 * Each step puts quotient q in the low lane and remainder y - q m
	 * in the high one: q | (y - q m) << s, which (the lanes apart) is
	 * y << s + q (1 - m 2^s), one multiplication on the chain, not two.
	 */
	q = (y * 10486 >> 20) & UINT64_C(0x0000007f0000007f);
	y = (y << 16) + q * (1 - (UINT64_C(100) << 16));
	q = (y * 103 >> 10) & UINT64_C(0x000f000f000f000f);
	return (y << 8) + q * (1 - (UINT64_C(10) << 8));
}

static inline uint64_t
swar8(uint32_t x)
{
	uint64_t hi = x / 10000;

	return swar44(((uint64_t)x << 32) + hi * (1 - (UINT64_C(10000) << 32)));
}

#define ASCII0 UINT64_C(0x3030303030303030)

/* Store w's 8 bytes at p, its lowest byte first, on any byte order. */
static inline void
store8(char *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	memcpy(p, &w, 8);
}

/*
 * Write the n digits of d (n = ndigits(d)) at p, in groups of 8 from the
 * right.  A leading group of m < 8 digits is the top m bytes of its 8,
 * stored as a whole word: the bytes after it are overwritten by the next
 * group or lie in the slack every caller leaves (TP_NUM_BUFSZ).
 */
static void
put_digits(char *p, uint64_t d, int n)
{
	uint64_t hi, mid, low;

	if (n <= 8) {
		store8(p, (swar8((uint32_t)d) | ASCII0) >> (8 * (8 - n)));
		return;
	}
	hi = d / 100000000;
	low = swar8((uint32_t)(d - hi * 100000000)) | ASCII0;
	if (n <= 16) {
		store8(p, (swar8((uint32_t)hi) | ASCII0) >> (8 * (16 - n)));
		store8(p + n - 8, low);
		return;
	}
	d = hi / 100000000;
	mid = swar8((uint32_t)(hi - d * 100000000)) | ASCII0;
	store8(p, (swar8((uint32_t)d) | ASCII0) >> (8 * (24 - n)));
	store8(p + n - 16, mid);
	store8(p + n - 8, low);
}

size_t
tp_num_format_i64(int64_t v, char *buf)
{
	char *p = buf;
	uint64_t u = (uint64_t)v;
	int n;

	if (v < 0) {
		*p++ = '-';
		u = 0 - u;	/* |INT64_MIN| fits in uint64_t */
	}
	n = u == 0 ? 1 : ndigits(u);
	put_digits(p, u, n);
	p[n] = '\0';
	return (size_t)(p + n - buf);
}

/*
 * The 128-bit 10^j, scaled into [2^127, 2^128) as in tp_pow5 (where 5^j
 * stands for it: the scalings differ by a power of two), rounded up: the
 * table truncates, and only its entries for j in [0, 55] are exact.
 */
static inline u128
pow10_up(int j)
{
	const uint64_t *t = tp_pow5[j - TP_POW5_MIN];

	return (((u128)t[0] << 64) | t[1]) + (j < 0 || j > 55);
}

/*
 * The top 128 of the 192 bits of x m: with m = pow10_up(j) and x = u 2^beta
 * (beta as in shortest()), u 2^q 10^j as an integer (the high word) and
 * its first 64 bits of fraction (the low word).
 */
static inline u128
scale(uint64_t x, u128 m)
{
	return (u128)x * (uint64_t)(m >> 64) +
	    (((u128)x * (uint64_t)m) >> 64);
}

/*
 * The shortest decimal for c 2^q when c = 2^52 (a power of two, not the
 * least exponent): the double below is half as far as the one above, so
 * the interval is lopsided and its ends come straight from 10^j, with no
 * product by c.  The thresholds on q are the paper's, where an end is
 * itself an integer.
 */
static void
shortest_pow2(int q, uint64_t *dig, int *e)
{
	int mk = flog10threequarterspow2(q), beta = q + flog2pow10(-mk);
	uint64_t m = (uint64_t)(pow10_up(-mk) >> 64), x, z, s, y;

	x = (m - (m >> 54)) >> (11 - beta);
	z = (m + (m >> 53)) >> (11 - beta);
	x += !(q >= 2 && q <= 3);	/* the left end, when outside */
	s = z / 10;
	*e = mk;
	if (x <= s * 10) {
		*dig = s * 10;
		return;
	}
	y = ((m >> (10 - beta)) + 1) / 2;	/* nearest, half up */
	if (q == -77 && (y & 1))
		y--;			/* the one tie: to even */
	else if (y < x)
		y++;
	*dig = y;
}

/*
 * The shortest decimal *dig 10^*e in the rounding interval of c 2^q, the
 * one nearest c 2^q when several are as short (to even on a tie): the
 * Dragonbox method (J. Jeon, "Dragonbox: a new floating-point
 * binary-to-decimal conversion algorithm", 2020, with the constants of
 * its reference implementation for binary64).
 *
 * Scaled by 10^j the interval is delta units long, 100 <= delta < 1000.
 * At most one multiple of 1000 fits in it, and when one does it is the
 * shortest; otherwise the answer is the multiple of 100 nearest the
 * value.  Both come from z, the interval's right end scaled (one 64 x
 * 128-bit product), with exact parity checks only when z's fraction
 * could decide.  For a normal double *dig has 16 or 17 digits.
 */
static void
shortest(uint64_t c, int q, uint64_t *dig, int *e)
{
	int mk, beta, even = !(c & 1);
	uint64_t s, y, hi;
	uint32_t r, delta, dist, t;
	u128 m, zp, xp, yp;

	if (c == UINT64_C(1) << 52 && q != -1074) {
		shortest_pow2(q, dig, e);
		return;
	}
	mk = flog10pow2(q) - 2;
	m = pow10_up(-mk);
	beta = q + flog2pow10(-mk);
	hi = (uint64_t)(m >> 64);
	delta = (uint32_t)(hi >> (63 - beta));
	/* z = (c + 1/2) 2^q 10^-mk: its integer part and whether exact */
	zp = scale((2 * c + 1) << beta, m);
	s = (uint64_t)(zp >> 64) / 1000;
	r = (uint32_t)((uint64_t)(zp >> 64) - 1000 * s);
	*e = mk + 2;

	if (r < delta) {
		/* s 1000 is inside, unless it is the right end, excluded */
		if (r != 0 || (uint64_t)zp != 0 || even) {
			*dig = s * 10;
			return;
		}
		s--;
		r = 1000;
	} else if (r == delta) {
		/* the left end: inside if its own fraction says so */
		xp = scale((2 * c - 1) << beta, m);
		if ((xp >> 64 & 1) || ((uint64_t)xp == 0 && even)) {
			*dig = s * 10;
			return;
		}
	}

	/*
	 * The multiple of 100 nearest c 2^q 10^-mk, rounded half up from
	 * the approximate distance, then set right by the exact parity when
	 * that distance is a multiple of 100 (a tie goes to even).
	 */
	dist = r - delta / 2 + 50;
	t = dist / 100;
	y = 10 * s + t;
	if (dist == t * 100) {
		yp = scale((2 * c) << beta, m);
		if (((yp >> 64 ^ dist ^ 50) & 1) ||
		    ((y & 1) && (uint64_t)yp == 0))
			y--;
	}
	*dig = y;
}

/*
 * d17, of exactly 17 digits, as digit values 0 to 9: the first in *lead,
 * the next 16 in *w0 and *w1 (the first lowest, as swar8()).  Returns how
 * many digits are significant, up to the last non-zero one.  No loop and
 * no branch: the digit count of an indicator's values changes from one
 * number to the next, and a branch on it would be mispredicted often.
 */
static int
digits17(uint64_t d17, uint64_t *lead, uint64_t *w0, uint64_t *w1)
{
	const uint64_t top = UINT64_C(0x8080808080808080);
	uint64_t q4, q8, q12, nz0, nz1;
	int k0, k1;

	/* every group of 4 digits straight from d17, none waiting on
	 * another's division */
	q4 = d17 / 10000;
	q8 = d17 / 100000000;
	q12 = d17 / UINT64_C(1000000000000);
	*lead = d17 / UINT64_C(10000000000000000);
	*w0 = swar44((q12 - *lead * 10000) | (q8 - q12 * 10000) << 32);
	*w1 = swar44((q4 - q8 * 10000) | (d17 - q4 * 10000) << 32);
	/* a byte's top bit, set when its digit is not 0: digit + 0x7f */
	nz0 = (*w0 + ~top) & top;
	nz1 = (*w1 + ~top) & top;
	/* the last non-zero byte j of a word is (highest bit) >> 3 */
	k0 = 1 + (nz0 != 0) + ((63 - __builtin_clzll(nz0 | 1)) >> 3);
	k1 = 10 + ((63 - __builtin_clzll(nz1 | 1)) >> 3);
	return nz1 ? k1 : k0;
}

/* The 17 ASCII digits lead, w0, w1 at p. */
static inline void
put17(char *p, uint64_t lead, uint64_t w0, uint64_t w1)
{
	p[0] = (char)lead;
	store8(p + 1, w0);
	store8(p + 9, w1);
}

/* w's bytes before byte i, a '.', the rest moved up one (the top byte,
 * pushed out, is the caller's to store). */
static inline uint64_t
point8(uint64_t w, int i)
{
	uint64_t low = (UINT64_C(1) << 8 * i) - 1;

	return (w & low) | (uint64_t)'.' << 8 * i | (w & ~low) << 8;
}

/*
 * The 17 ASCII digits with a point after the first n (1 <= n <= 16) at
 * p, 18 bytes: the point goes into the word that holds digit n, and the
 * byte that word pushes out is stored on its own.  Nothing stored is
 * read back.
 */
static void
put_point(char *p, uint64_t lead, uint64_t w0, uint64_t w1, int n)
{
	p[0] = (char)lead;
	if (n <= 8) {
		store8(p + 1, point8(w0, n - 1));
		p[9] = (char)(w0 >> 56);
		store8(p + 10, w1);
	} else {
		store8(p + 1, w0);
		store8(p + 9, point8(w1, n - 9));
		p[17] = (char)(w1 >> 56);
	}
}

size_t
tp_num_format(double v, char *buf)
{
	uint64_t bits = to_bits(v), c, d, lead, w0, w1;
	char *p = buf;
	int q, e, k, n, x, sig;

	if ((bits >> 52 & 0x7ff) == 0x7ff) {
		/* NaN or an infinity: not a number, as JSON would say */
		memcpy(buf, "null", 5);
		return 4;
	}
	/* no branch on the sign: an indicator's sign (MACD's, say) changes
	 * from one value to the next, and a branch would be mispredicted */
	*p = '-';
	p += bits >> 63;
	bits &= ~(UINT64_C(1) << 63);
	if (bits == 0) {
		*p++ = '0';
		*p = '\0';
		return (size_t)(p - buf);
	}
	c = bits & ((UINT64_C(1) << 52) - 1);
	q = (int)(bits >> 52);
	if (q != 0) {
		c |= UINT64_C(1) << 52;
		q -= 1075;
	} else
		q = -1074;
	/*
	 * An integer below 2^53 has an ulp of at most 1: any other decimal
	 * inside its rounding interval has more digits.  Print the integer.
	 * (-52 <= q < 0, and c's low -q bits, its fraction, are all 0.)
	 */
	if ((unsigned)(q + 52) < 52 && (c << (q + 64)) == 0) {
		d = c >> -q;
		e = 0;
		k = ndigits(d);
		d *= tp_pow10_u64[17 - k];
	} else {
		shortest(c, q, &d, &e);
		/*
		 * A normal double scales to at least c >= 2^52 and below
		 * 10 2^53, so d has 16 or 17 digits: no count needed, which
		 * would lengthen the chain every digit waits on.
		 */
		if (c >> 52) {
			k = 16 + (d >= UINT64_C(10000000000000000));
			d = k == 17 ? d : d * 10;
		} else {
			k = ndigits(d);
			d *= tp_pow10_u64[17 - k];
		}
	}

	/*
	 * ECMAScript's Number::toString for the value 0.DIGITS 10^n, d
	 * scaled to exactly 17 digits, sig of them up to the last non-zero.
	 */
	n = e + k;
	sig = digits17(d, &lead, &w0, &w1);
	lead += '0';
	w0 |= ASCII0;
	w1 |= ASCII0;
	if (0 < n && n <= 21) {
		if (sig <= n) {
			/* an integer: the digits, then zeros up to n */
			put17(p, lead, w0, w1);
			memcpy(p + 17, "0000", 4);
			p += n;
		} else {
			put_point(p, lead, w0, w1, n);
			p += sig + 1;
		}
	} else if (-6 < n && n <= 0) {
		/* "0.", -n zeros, the digits */
		memcpy(p, "0.000000", 8);
		p += 2 - n;
		put17(p, lead, w0, w1);
		p += sig;
	} else {
		/* one digit, '.', the rest, exponent; no point after one */
		p[0] = (char)lead;
		p[1] = '.';
		store8(p + 2, w0);
		store8(p + 10, w1);
		p += sig > 1 ? sig + 1 : 1;
		*p++ = 'e';
		x = n - 1;
		*p++ = x < 0 ? '-' : '+';
		if (x < 0)
			x = -x;
		if (x >= 100) {
			*p++ = (char)('0' + x / 100);
			x %= 100;
			memcpy(p, dig2 + 2 * x, 2);
			p += 2;
		} else if (x >= 10) {
			memcpy(p, dig2 + 2 * x, 2);
			p += 2;
		} else
			*p++ = (char)('0' + x);
	}
	*p = '\0';
	return (size_t)(p - buf);
}
