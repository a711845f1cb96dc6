/*
 * test_num.c: unit tests for lib/core/tp_num.c.
 *
 * Fixed cases first.  The expected shortest texts are those of ECMAScript's
 * Number.prototype.toString (node -e 'console.log(String(x))'), whose
 * digits are also Python's repr(x); only the layouts differ: Python uses
 * an exponent from 1e16 up and below 1e-4 ("1e-05"), ECMAScript from 1e21
 * up and below 1e-6 ("1e-7"), and each prints negative zero its own way
 * ("-0.0", "0") where tp_num says "-0".
 *
 * Then randomised properties against the C library, which is the
 * reference for correct rounding (glibc's strtod and printf are exact),
 * with one "ok" line per property, not per sample.  The PRNG is
 * splitmix64 with fixed seeds, so a failure is reproducible.
 * TP_NUM_ITER sets the number of random doubles (default 10000000, or
 * 200000 in a sanitizer build); half as many price-like decimals and
 * random decimal texts are parsed.  They run in one worker process per
 * CPU.
 *
 * "test_num --bench" instead times parsing and formatting of 3 million
 * price-like numbers against strtod and snprintf("%.17g").
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* fork, pipe, clock_gettime */
#endif

#include <ctype.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "tap.h"
#include "core/tp_num.h"

#define NFAIL_SHOW 5		/* failures printed per property */

/*
 * Samples per property when TP_NUM_ITER is not set: fewer in a sanitizer
 * build, which "make check" runs with the same environment.
 */
#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_ITER 200000
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || \
    __has_feature(undefined_behavior_sanitizer)
#define DEFAULT_ITER 200000
#endif
#endif
#ifndef DEFAULT_ITER
#define DEFAULT_ITER 10000000
#endif

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
bits_of(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b;
}

static double
double_of(uint64_t b)
{
	double d;

	memcpy(&d, &b, sizeof(d));
	return d;
}

static int
same(double a, double b)
{
	return bits_of(a) == bits_of(b);
}

/* s for a TAP line: C escapes for what is not printable ASCII. */
static const char *
esc(const char *s, char *buf, size_t sz)
{
	size_t n = 0;

	for (; *s != '\0' && n + 5 < sz; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, sz - n, "\\x%02x", c);
	}
	buf[n] = '\0';
	return buf;
}

static int
parse(const char *s, double *d)
{
	return tp_num_parse(s, strlen(s), d);
}

/*
 * What tp_num_parse() must do with s, by strtod: TP_NUM_OK with *d, or
 * TP_NUM_RANGE when strtod overflows.  s must be in tp_num's grammar.
 */
static int
oracle_parse(const char *s, double *d)
{
	*d = strtod(s, NULL);
	return *d > DBL_MAX || *d < -DBL_MAX ? TP_NUM_RANGE : TP_NUM_OK;
}

/* Does tp_num_parse(s) agree with strtod, bit for bit? */
static int
parse_agrees(const char *s)
{
	double want, got = 0;
	int rc_want = oracle_parse(s, &want), rc;

	rc = tp_num_parse(s, strlen(s), &got);
	if (rc != rc_want)
		return 0;
	return rc != TP_NUM_OK || same(got, want);
}

/* Does tp_num_parse(t) take the texts strtod reads whole (and read them
 * alike), and refuse the others? */
static int
same_verdict(const char *t)
{
	char *end;
	double d;

	(void)strtod(t, &end);
	if (*t != '\0' && !isspace((unsigned char)*t) && *end == '\0')
		return parse_agrees(t);
	return tp_num_parse(t, strlen(t), &d) == TP_NUM_SYNTAX;
}

/*
 * A decimal text as significant digits (no leading or trailing zeros) and
 * the exponent of the last one: "0.0120e3" is "12", 0.
 */
static void
decimal_of(const char *s, char *dig, int *exp)
{
	int e = 0, seen = 0, n = 0;
	const char *p;

	for (p = s; *p != '\0' && *p != 'e' && *p != 'E'; p++) {
		if (*p == '.')
			seen = 1;
		else if (*p >= '0' && *p <= '9') {
			if (n > 0 || *p != '0')
				dig[n++] = *p;
			/* each fraction digit, significant or not */
			if (seen)
				e--;
		}
	}
	if (*p == 'e' || *p == 'E')
		e += atoi(p + 1);
	while (n > 0 && dig[n - 1] == '0') {
		n--;
		e++;
	}
	dig[n] = '\0';
	if (n == 0)
		e = 0;		/* zero: "0.00" is "0" */
	*exp = e;
}

static int
sig_digits(const char *s)
{
	char dig[64];
	int e;

	decimal_of(s, dig, &e);
	return (int)strlen(dig);
}

static int
same_decimal(const char *a, const char *b)
{
	char da[64], db[64];
	int ea, eb;

	decimal_of(a, da, &ea);
	decimal_of(b, db, &eb);
	return ea == eb && strcmp(da, db) == 0;
}

static long
iterations(void)
{
	const char *s = getenv("TP_NUM_ITER");
	long n;

	if (s == NULL || *s == '\0')
		return DEFAULT_ITER;
	n = strtol(s, NULL, 10);
	return n > 0 ? n : 1;
}

/* A random finite double from a random 64-bit pattern. */
static double
random_double(uint64_t *st)
{
	uint64_t b;

	do
		b = splitmix64(st);
	while ((b & UINT64_C(0x7ff0000000000000)) ==
	    UINT64_C(0x7ff0000000000000));
	return double_of(b);
}

static const struct {
	double v;
	const char *want;
} fmt_cases[] = {
	{ 0.0, "0" },
	{ -0.0, "-0" },
	{ 0.1, "0.1" },
	{ 0.2, "0.2" },
	{ 0.3, "0.3" },
	{ 0.1 + 0.2, "0.30000000000000004" },
	{ 1e-8, "1e-8" },
	{ 5e-324, "5e-324" },
	{ 1e-323, "1e-323" },
	{ 0x1.8p-1073, "1.5e-323" },
	{ 1.7976931348623157e308, "1.7976931348623157e+308" },
	{ 8.988465674311579e307, "8.988465674311579e+307" },
	{ 0x1p-1022, "2.2250738585072014e-308" },
	{ 2.225073858507201e-308, "2.225073858507201e-308" },
	{ 0x1p-1023, "1.1125369292536007e-308" },
	{ 123456789.12345678, "123456789.12345678" },
	{ 9007199254740992.0, "9007199254740992" },
	{ 9007199254740994.0, "9007199254740994" },
	{ 9223372036854775808.0, "9223372036854776000" },
	{ 18446744073709551616.0, "18446744073709552000" },
	{ 72057594037927936.0, "72057594037927940" },
	{ 1e21, "1e+21" },
	{ 1e20, "100000000000000000000" },
	{ 999999999999999900000.0, "999999999999999900000" },
	{ 123456789012345680000.0, "123456789012345680000" },
	{ 1e22, "1e+22" },
	{ 1e23, "1e+23" },
	{ 9.999999999999999e22, "1e+23" },
	{ 1e100, "1e+100" },
	{ 1.23e302, "1.23e+302" },
	{ 1.2345678901234567e-300, "1.2345678901234568e-300" },
	{ 1e15, "1000000000000000" },
	{ 1e16, "10000000000000000" },
	{ 1e17, "100000000000000000" },
	{ 1e-7, "1e-7" },
	{ -1e-7, "-1e-7" },
	{ 1.5e-7, "1.5e-7" },
	{ 5e-7, "5e-7" },
	{ 1e-6, "0.000001" },
	{ 1e-5, "0.00001" },
	{ 0.000001234, "0.000001234" },
	{ -2.5e-5, "-0.000025" },
	{ 1.0, "1" },
	{ 100.0, "100" },
	{ 1.5, "1.5" },
	{ -1.5, "-1.5" },
	{ 2.0 / 3.0, "0.6666666666666666" },
	{ 1.0 / 3.0, "0.3333333333333333" },
	{ 4.35, "4.35" },
	{ 3.14159, "3.14159" },
	{ 105573.73, "105573.73" },
	{ 46216.93, "46216.93" },
	{ 0.0000533, "0.0000533" },
	{ 1747699200000.0, "1747699200000" },
	{ 1503.33095, "1503.33095" },
};

static void
test_format_fixed(void)
{
	char buf[TP_NUM_BUFSZ];
	size_t i, n;

	for (i = 0; i < sizeof(fmt_cases) / sizeof(fmt_cases[0]); i++) {
		n = tp_num_format(fmt_cases[i].v, buf);
		tap_ok(strcmp(buf, fmt_cases[i].want) == 0 &&
		    n == strlen(buf), "format %.17g is \"%s\" (got \"%s\")",
		    fmt_cases[i].v, fmt_cases[i].want, buf);
	}
	/* tp_num.h: never passed, but then "null" */
	tap_ok(tp_num_format(NAN, buf) == 4 && strcmp(buf, "null") == 0 &&
	    tp_num_format(-INFINITY, buf) == 4 &&
	    strcmp(buf, "null") == 0 && tp_num_format(INFINITY, buf) == 4 &&
	    strcmp(buf, "null") == 0, "format NaN and infinities as null");
}

static const char *const parse_bad[] = {
	"", "-", "+", ".", "-.", "+.", "e5", ".e5", "1e", "1e+", "1e-", "1E",
	"NaN", "nan", "-nan", "inf", "-inf", "Infinity", "INF", "0x1p3",
	"0x10", " 1", "1 ", "\t1", "1\n", "1,5", "--1", "+-1", "-+1", "1.2.3",
	"1e5.5", "1e5e5", "1..2", "1-", "1+1", "1e 5", "\xd9\xa1", "1\xff",
};

static const char *const parse_good[] = {
	"0", "-0", "+0", "+1", "1.", ".5", "-.5", "1E5", "1e+5", "1e-5",
	"007", "00.00", "0e999999999999999999999", "1.e3", "105573.73",
	"46216.93000000", "0.0000533", "1747699200000", "1503.33095000",
	"1e-400", "-1e-400", "5e-324", "2.4703282292062328e-324",
	"2.4703282292062327e-324", "2.4703282292062327208828439643411e-324",
	"4.9406564584124654e-324", "2.2250738585072011e-308",
	"2.2250738585072012e-308", "2.2250738585072014e-308",
	"1.7976931348623157e308", "1.7976931348623158e308",
	"9007199254740993", "9007199254740993.0000000000000000000001",
	"9007199254740992.9999999999999999999999", "9007199254740995",
	"7.2057594037927933e16", "123456789012345678901234567890",
	"0.1e-340", "1e308", "1e-308", "1e22", "1e23", "8.98846567431158e307",
	"0.000000000000000000000000000000000000000000001234567",
	"18446744073709551615", "18446744073709551616", "10000000000000000000",
	"9999999999999999999", "99999999999999999999",
	"1234567890123456789", "12345678901234567890",
	"3.141592653589793238462643383279502884197169399375105820974944",
	"1e00000000000000000000000000000000000000000000000000000000000001",
	"0.00000000000000000000000000000000000000000000000000000000000001e60",
};

/* 2^1024 - 2^970, halfway from DBL_MAX to 2^1024: a tie, to even, up */
#define HALF_OVER \
	"179769313486231580793728971405303415079934132710037826936173" \
	"778980444968292764750946649017977587207096330286416692887910946555" \
	"547851940402630657488671505820681908902000708383676273854845817711" \
	"531764475730270069855571366959622842914819860834936475292719074168" \
	"444365510704342711559699508093042880177904174497792"

static const char *const parse_range[] = {
	"1e400", "-1e400", "1.8e308", "1.7976931348623159e308",
	"1e99999999999999999999", HALF_OVER, "-" HALF_OVER, HALF_OVER "e0",
};

/* one less than that: DBL_MAX */
static const char just_below_half_over[] =
	"179769313486231580793728971405303415079934132710037826936173"
	"778980444968292764750946649017977587207096330286416692887910946555"
	"547851940402630657488671505820681908902000708383676273854845817711"
	"531764475730270069855571366959622842914819860834936475292719074168"
	"444365510704342711559699508093042880177904174497791";

static void
test_parse_fixed(void)
{
	char e[64];
	double d;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(parse_bad) / sizeof(parse_bad[0]); i++) {
		d = 42;
		rc = parse(parse_bad[i], &d);
		tap_ok(rc == TP_NUM_SYNTAX && d == 42,
		    "parse rejects \"%s\"", esc(parse_bad[i], e, sizeof(e)));
	}
	/* embedded NUL: the length, not the NUL, ends the text */
	tap_ok(tp_num_parse("1\0002", 3, &d) == TP_NUM_SYNTAX,
	    "parse rejects an embedded NUL");
	tap_ok(tp_num_parse("12345", 3, &d) == TP_NUM_OK && d == 123,
	    "parse stops at n");
	for (i = 0; i < sizeof(parse_good) / sizeof(parse_good[0]); i++)
		tap_ok(parse_agrees(parse_good[i]), "parse \"%s\" as strtod",
		    parse_good[i]);
	for (i = 0; i < sizeof(parse_range) / sizeof(parse_range[0]); i++) {
		rc = parse(parse_range[i], &d);
		tap_ok(rc == TP_NUM_RANGE, "parse \"%.30s\" is TP_NUM_RANGE",
		    parse_range[i]);
	}
	tap_ok(parse(just_below_half_over, &d) == TP_NUM_OK && d == DBL_MAX,
	    "parse 2^1024 - 2^970 - 1 is DBL_MAX");
	tap_ok(parse("-0", &d) == TP_NUM_OK && d == 0 && bits_of(d) >> 63,
	    "parse \"-0\" is negative zero");
	tap_ok(parse("1e-400", &d) == TP_NUM_OK && same(d, 0.0),
	    "parse \"1e-400\" is 0");
	tap_ok(parse("5e-324", &d) == TP_NUM_OK &&
	    same(d, double_of(1)), "parse \"5e-324\" is the least subnormal");
}

/*
 * The short shape (up to 16 bytes of digits and one '.', which the parser
 * reads in two words) at every length and every place of the '.', signed
 * and not, as strtod reads it; and each such text with one byte changed
 * to a neighbour of the digits ('/' and ':'), to '.', 'e' or a space,
 * which must be what strtod says too (a syntax error but for 'e' and '.'
 * where they make a number).
 */
static void
test_parse_short(void)
{
	static const char other[] = "/:.e ";
	char s[40], t[40];
	uint64_t st = 99;
	long bad = 0, n = 0;
	int len, dot, k, i, j, neg;

	for (len = 1; len <= 18; len++)
		for (dot = -1; dot < len; dot++)
			for (k = 0; k < 40; k++) {
				neg = k & 1;
				j = 0;
				if (neg)
					s[j++] = '-';
				for (i = 0; i < len; i++)
					s[j++] = i == dot ? '.' :
					    (char)('0' + splitmix64(&st) % 10);
				s[j] = '\0';
				if (len == 1 && dot == 0)
					continue;	/* "." or "-." */
				n++;
				bad += !parse_agrees(s);
				memcpy(t, s, sizeof(t));
				i = neg + (int)(splitmix64(&st) % (unsigned)len);
				t[i] = other[splitmix64(&st) % 5];
				bad += !same_verdict(t);
			}
	tap_ok(bad == 0, "parse %ld short texts and as many altered ones as "
	    "strtod (%ld bad)", n, bad);
}

/* Long texts: 800 digits and more, in all the places digits can be. */
static void
test_parse_long(void)
{
	static char s[4096];
	double d;
	int i, ok;

	memset(s, '9', 800);
	s[800] = '\0';
	tap_ok(parse_agrees(s), "parse 800 nines");
	s[0] = '1';
	memset(s + 1, '0', 799);
	strcpy(s + 800, "e-799");
	tap_ok(parse(s, &d) == TP_NUM_OK && d == 1.0, "parse 1 and 799 zeros"
	    " e-799");
	strcpy(s, "0.");
	memset(s + 2, '0', 1000);
	strcpy(s + 1002, "1e1000");
	tap_ok(parse(s, &d) == TP_NUM_OK && d == 0.1,
	    "parse 0.(1000 zeros)1e1000");
	/* 9007199254740993 = 2^53 + 1 is a tie; a far 1 breaks it upward */
	strcpy(s, "9007199254740993.");
	memset(s + 17, '0', 2000);
	strcpy(s + 2017, "1");
	tap_ok(parse(s, &d) == TP_NUM_OK && d == 9007199254740994.0 &&
	    parse_agrees(s), "parse a tie broken 2000 digits on");
	s[2017] = '\0';
	tap_ok(parse(s, &d) == TP_NUM_OK && d == 9007199254740992.0,
	    "parse a tie followed by 2000 zeros");
	/* "3." and up to 3000 digits of a pattern */
	ok = 1;
	for (i = 0; i < 3000; i += 37) {
		int j;

		s[0] = '3';
		s[1] = '.';
		for (j = 0; j < i; j++)
			s[2 + j] = (char)('0' + (j * 7 + i) % 10);
		s[2 + i] = '\0';
		ok &= parse_agrees(s);
	}
	tap_ok(ok, "parse 3.(up to 3000 digits) as strtod");
#if LDBL_MANT_DIG >= 64
	/*
	 * Exact ties among the least subnormals, (2i + 1) 2^-1075, up to 760
	 * significant digits: to even, as strtod.
	 */
	ok = 1;
	for (i = 0; i < 20; i++) {
		snprintf(s, sizeof(s), "%.800Le", (2 * i + 1) * 0x1p-1075L);
		ok &= parse_agrees(s) && parse(s, &d) == TP_NUM_OK &&
		    d == (i + (i & 1)) * 0x1p-1074;
	}
	tap_ok(ok, "parse exact ties between the least subnormals");
#endif
}

static void
test_i64(void)
{
	static const struct {
		const char *s;
		int rc;
		int64_t v;
	} c[] = {
		{ "0", TP_NUM_OK, 0 },
		{ "-0", TP_NUM_OK, 0 },
		{ "007", TP_NUM_OK, 7 },
		{ "1747699200000", TP_NUM_OK, INT64_C(1747699200000) },
		{ "-42", TP_NUM_OK, -42 },
		{ "9223372036854775807", TP_NUM_OK, INT64_MAX },
		{ "-9223372036854775808", TP_NUM_OK, INT64_MIN },
		{ "9223372036854775808", TP_NUM_RANGE, 0 },
		{ "-9223372036854775809", TP_NUM_RANGE, 0 },
		{ "18446744073709551616", TP_NUM_RANGE, 0 },
		{ "99999999999999999999", TP_NUM_RANGE, 0 },
		{ "0000000000000000001", TP_NUM_OK, 1 },
		{ "-0000000000000000001", TP_NUM_OK, -1 },
		{ "00000000000000000001", TP_NUM_RANGE, 0 },
		{ "", TP_NUM_SYNTAX, 0 },
		{ "-", TP_NUM_SYNTAX, 0 },
		{ "+1", TP_NUM_SYNTAX, 0 },
		{ " 1", TP_NUM_SYNTAX, 0 },
		{ "1 ", TP_NUM_SYNTAX, 0 },
		{ "1.0", TP_NUM_SYNTAX, 0 },
		{ "1e3", TP_NUM_SYNTAX, 0 },
		{ "--1", TP_NUM_SYNTAX, 0 },
		{ "0x10", TP_NUM_SYNTAX, 0 },
	};
	char buf[32], want[32];
	int64_t v, back;
	size_t i;
	uint64_t st = 7;
	long k, n = iterations() / 10;
	int ok = 1, rc;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		v = 12345;
		rc = tp_num_parse_i64(c[i].s, strlen(c[i].s), &v);
		tap_ok(rc == c[i].rc && (rc != TP_NUM_OK || v == c[i].v),
		    "parse_i64 \"%s\"", c[i].s);
	}
	tap_ok(tp_num_format_i64(INT64_MIN, buf) == 20 &&
	    strcmp(buf, "-9223372036854775808") == 0, "format_i64 INT64_MIN");
	tap_ok(tp_num_format_i64(0, buf) == 1 && strcmp(buf, "0") == 0,
	    "format_i64 0");
	for (k = 0; k < n; k++) {
		uint64_t r = splitmix64(&st);

		/* all magnitudes: shift a random pattern right 0..63 */
		v = (int64_t)(r >> (splitmix64(&st) % 64));
		if (k & 1 && v != INT64_MIN)
			v = -v;
		snprintf(want, sizeof(want), "%" PRId64, v);
		if (tp_num_format_i64(v, buf) != strlen(want) ||
		    strcmp(buf, want) != 0 ||
		    tp_num_parse_i64(buf, strlen(buf), &back) != TP_NUM_OK ||
		    back != v) {
			if (ok)
				printf("# i64 %s\n", want);
			ok = 0;
		}
	}
	tap_ok(ok, "format_i64/parse_i64 round trip %ld random int64_t", n);
}

/*
 * The randomised properties run as slices of sample indexes, in parallel
 * worker processes (one per CPU) when fork works, since the C library's
 * exact printf and strtod, the oracle, are slow for large exponents.
 * Sample i draws from its own splitmix64 stream, seeded from the property
 * and i, so the samples do not depend on how the work is split.
 */
#define NCOUNT 8		/* failure counters per property */
#define MAXWORK 32

typedef void slice_fn(long lo, long hi, long *cnt);

static uint64_t
seed_of(int prop, long i)
{
	return (uint64_t)prop << 48 ^ (uint64_t)i;
}

static void
run_sliced(slice_fn *fn, long n, long *cnt)
{
	long part[NCOUNT + 1], nw = sysconf(_SC_NPROCESSORS_ONLN), w, lo, hi;
	int fd[MAXWORK], j;
	pid_t pid[MAXWORK];

	if (nw < 1 || n < 100000)
		nw = 1;
	if (nw > MAXWORK)
		nw = MAXWORK;
	memset(cnt, 0, (NCOUNT + 1) * sizeof(*cnt));
	fflush(stdout);
	for (w = 0; w < nw; w++) {
		int pfd[2];

		lo = n * w / nw;
		hi = n * (w + 1) / nw;
		pid[w] = -1;
		if (nw > 1 && pipe(pfd) == 0) {
			pid[w] = fork();
			if (pid[w] == 0) {
				close(pfd[0]);
				memset(part, 0, sizeof(part));
				fn(lo, hi, part);
				fflush(stdout);
				_exit(write(pfd[1], part, sizeof(part)) !=
				    (ssize_t)sizeof(part));
			}
			close(pfd[1]);
			if (pid[w] < 0)
				close(pfd[0]);
			fd[w] = pfd[0];
		}
		if (pid[w] < 0) {
			/* no worker: do the slice here */
			memset(part, 0, sizeof(part));
			fn(lo, hi, part);
			for (j = 0; j < NCOUNT; j++)
				cnt[j] += part[j];
		}
	}
	for (w = 0; w < nw; w++) {
		int status;

		if (pid[w] < 0)
			continue;
		if (read(fd[w], part, sizeof(part)) == (ssize_t)sizeof(part))
			for (j = 0; j < NCOUNT; j++)
				cnt[j] += part[j];
		else
			cnt[NCOUNT]++;	/* a worker died */
		close(fd[w]);
		if (waitpid(pid[w], &status, 0) != pid[w] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			cnt[NCOUNT]++;
	}
}

/* Failure counters of check_double(). */
enum { D_LEN, D_A, D_B, D_C, D_D };

/*
 * The properties of one double v:
 *  (a) strtod reads tp_num_format(v) back as v, and so does tp_num_parse;
 *  (b) it has no more significant digits than the shortest "%.*e" that
 *      strtod reads back as v (the shortest "%.{1..17}g" that does);
 *  (c) tp_num_parse of "%.17g" is v;
 *  (d) with as many digits, it is the same decimal as "%.*e" (the nearest
 *      one) whenever that reads back as v.  This costs another printf
 *      unless there are 17 digits, so only every fourth v is checked then.
 */
static void
check_double(double v, long i, long *cnt)
{
	char buf[TP_NUM_BUFSZ + 16], ref[64], g17[64];
	double r;
	int p, j, irregular;

	if (tp_num_format(v, buf) >= TP_NUM_BUFSZ)
		cnt[D_LEN]++;

	if (!same(strtod(buf, NULL), v) || parse(buf, &r) != 0 ||
	    !same(r, v)) {
		if (cnt[D_A]++ < NFAIL_SHOW)
			printf("# (a) %a -> %s\n", v, buf);
	}

	/*
	 * Reading back "%.*e" only gets better as digits are added, except
	 * when v is a power of two (not the least normal): its interval is
	 * narrower below v, so a nearer decimal below can fail where a
	 * farther one above works.  There try every shorter precision, else
	 * just one digit fewer.
	 */
	p = sig_digits(buf);
	irregular = (bits_of(v) & ((UINT64_C(1) << 52) - 1)) == 0 &&
	    (bits_of(v) >> 52 & 0x7ff) > 1;
	for (j = irregular ? 1 : p - 1; j >= 1 && j < p; j++) {
		snprintf(ref, sizeof(ref), "%.*e", j - 1, v);
		if (same(strtod(ref, NULL), v)) {
			if (cnt[D_B]++ < NFAIL_SHOW)
				printf("# (b) %a -> %s, but %s\n", v, buf,
				    ref);
			break;
		}
	}

	snprintf(g17, sizeof(g17), "%.17g", v);
	if (parse(g17, &r) != TP_NUM_OK || !same(r, v)) {
		if (cnt[D_C]++ < NFAIL_SHOW)
			printf("# (c) %s -> %a\n", g17, r);
	}

	if (p == 17)
		strcpy(ref, g17);
	else if (i % 4 == 0)
		snprintf(ref, sizeof(ref), "%.*e", p - 1, v);
	else
		return;
	if (!same_decimal(ref, buf) && same(strtod(ref, NULL), v)) {
		if (cnt[D_D]++ < NFAIL_SHOW)
			printf("# (d) %a -> %s, but %s is nearer\n", v, buf,
			    ref);
	}
}

static void
slice_doubles(long lo, long hi, long *cnt)
{
	long i;

	for (i = lo; i < hi; i++) {
		uint64_t st = seed_of(1, i);

		check_double(random_double(&st), i, cnt);
	}
}

static void
test_doubles(void)
{
	long cnt[NCOUNT + 1], n = iterations();

	run_sliced(slice_doubles, n, cnt);
	tap_ok(cnt[D_LEN] == 0 && cnt[NCOUNT] == 0,
	    "format fits TP_NUM_BUFSZ (%ld random doubles)", n);
	tap_ok(cnt[D_A] == 0, "(a) strtod and tp_num_parse read format's "
	    "output back exactly (%ld bad)", cnt[D_A]);
	tap_ok(cnt[D_B] == 0, "(b) format's output is no longer than the "
	    "shortest %%.Ne that reads back (%ld bad)", cnt[D_B]);
	tap_ok(cnt[D_C] == 0, "(c) tp_num_parse reads %%.17g exactly "
	    "(%ld bad)", cnt[D_C]);
	tap_ok(cnt[D_D] == 0, "(d) format's output is the nearest of its "
	    "length (%ld bad)", cnt[D_D]);
}

/*
 * The doubles at the edges, all of them: powers of two (where the
 * rounding interval is lopsided) and of ten, their neighbours, the least
 * subnormals, the integers around 2^53.
 */
static void
test_special_doubles(void)
{
	long cnt[NCOUNT + 1], n = 0;
	char t[32];
	double v, u[6];
	int e, i, j;

	memset(cnt, 0, sizeof(cnt));
	for (e = -1074; e <= 1023; e++) {
		v = ldexp(1, e);
		u[0] = v;
		u[1] = nextafter(v, 0);
		u[2] = nextafter(v, DBL_MAX);
		snprintf(t, sizeof(t), "1e%d", e / 3);
		u[3] = strtod(t, NULL);
		u[4] = nextafter(u[3], 0);
		u[5] = nextafter(u[3], DBL_MAX);
		for (j = 0; j < 6; j++)
			if (u[j] > 0 && u[j] <= DBL_MAX) {
				check_double(u[j], 0, cnt);
				check_double(-u[j], 0, cnt);
				n += 2;
			}
	}
	for (i = 0; i < 2000; i++) {
		check_double(double_of((uint64_t)i + 1), 0, cnt);
		check_double(double_of(UINT64_C(0x7fefffffffffffff) -
		    (uint64_t)i), 0, cnt);
		check_double(double_of(UINT64_C(0x0010000000000000) +
		    (uint64_t)i - 1000), 0, cnt);
		check_double(9007199254740992.0 + 2 * (i - 1000), 0, cnt);
		n += 4;
	}
	tap_ok(cnt[D_LEN] + cnt[D_A] + cnt[D_B] + cnt[D_C] + cnt[D_D] == 0,
	    "(a)-(d) for %ld edge doubles: powers of 2 and 10 and their "
	    "neighbours, extremes", n);
}

/* check_double() of the normal double c 2^q (2^52 <= c < 2^53); 1 if it
 * was one. */
static int
check_exact(uint64_t c, int q, long *cnt)
{
	if (c < UINT64_C(1) << 52 || c >= UINT64_C(1) << 53)
		return 0;
	check_double(ldexp((double)c, q), 0, cnt);
	return 1;
}

/*
 * The doubles c 2^q whose scaled interval ends or value can be integers,
 * where the formatter must look at the exact fraction of its product
 * (Dragonbox's integer and parity checks): for every binary exponent q from
 * -60 to 120, significands c with 2c + 1, 2c - 1 or c a multiple of 5^m
 * (m from 0 to 22), and c with 0 to 52 trailing zero bits.  Each is
 * checked for (a)-(d).
 */
static void
test_exact_ends(void)
{
	long cnt[NCOUNT + 1], n = 0;
	uint64_t st = 20201, p5, t, c, lo, hi;
	int q, m, z, i;

	memset(cnt, 0, sizeof(cnt));
	for (q = -60; q <= 120; q++) {
		for (m = 0, p5 = 1; m <= 22; m++, p5 *= 5) {
			/* odd t with 5^m t in (2^53, 2^54): c = (5^m t -+ 1) / 2 */
			lo = (UINT64_C(1) << 53) / p5 + 1;
			hi = ((UINT64_C(1) << 54) - 1) / p5;
			for (i = 0; i < 8 && lo <= hi; i++) {
				t = (lo + splitmix64(&st) % (hi - lo + 1)) | 1;
				if (t > hi)
					t -= 2;
				if (t < lo)
					continue;
				c = (p5 * t - 1) / 2;
				n += check_exact(c, q, cnt);
				n += check_exact(c + 1, q, cnt);
				/* c itself a multiple of 5^m: 5^m (t - 1) / 2 */
				n += check_exact(p5 * (t - 1) / 2, q, cnt);
			}
		}
		for (z = 0; z <= 52; z++)
			for (i = 0; i < 4; i++) {
				c = (splitmix64(&st) | UINT64_C(1) << 63) >> 11;
				n += check_exact(c >> z << z, q, cnt);
			}
	}
	tap_ok(cnt[D_LEN] + cnt[D_A] + cnt[D_B] + cnt[D_C] + cnt[D_D] == 0,
	    "(a)-(d) for %ld doubles whose scaled interval ends or value are "
	    "near integers", n);
}

/*
 * Price-like decimals "%d.%0*d", integer parts of 0 to 7 digits and
 * fractions of 0 to 8: tp_num_parse must agree with strtod, and format
 * must give back the same decimal.  That one check covers (a), (b) and
 * (d) for them: decimals of at most 15 significant digits map to distinct
 * doubles (DBL_DIG), so no other, shorter one reads back as the same.
 */
static void
slice_prices(long lo, long hi, long *cnt)
{
	static const uint64_t p10[9] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000
	};
	char s[64], buf[TP_NUM_BUFSZ + 16];
	double v, r;
	long i;

	for (i = lo; i < hi; i++) {
		uint64_t st = seed_of(2, i), x = splitmix64(&st);
		long ip = (long)((x % 10000000) >> (x >> 40) % 24);
		int w = (int)((x >> 48) % 9);

		if (w == 0)
			snprintf(s, sizeof(s), "%ld", ip);
		else
			snprintf(s, sizeof(s), "%ld.%0*ld", ip, w,
			    (long)(splitmix64(&st) % p10[w]));
		v = strtod(s, NULL);
		if (parse(s, &r) != TP_NUM_OK || !same(r, v)) {
			if (cnt[0]++ < NFAIL_SHOW)
				printf("# parse %s\n", s);
		}
		tp_num_format(v, buf);
		if (!same_decimal(s, buf)) {
			if (cnt[1]++ < NFAIL_SHOW)
				printf("# format %s -> %s\n", s, buf);
		}
	}
}

static void
test_prices(void)
{
	long cnt[NCOUNT + 1], n = iterations() / 2;

	run_sliced(slice_prices, n, cnt);
	tap_ok(cnt[0] == 0 && cnt[NCOUNT] == 0, "parse %ld price-like "
	    "decimals as strtod (%ld bad)", n, cnt[0]);
	tap_ok(cnt[1] == 0, "format them back as the same decimal (%ld bad)",
	    cnt[1]);
}

/*
 * Random decimal texts of 1 to 40 digits with a point anywhere and
 * exponents over the whole range and beyond, signs, leading zeros.
 */
static void
slice_texts(long lo, long hi, long *cnt)
{
	char s[128], *p;
	long i;

	for (i = lo; i < hi; i++) {
		uint64_t st = seed_of(3, i), r = splitmix64(&st);
		int nd = 1 + (int)(r % 40), dot = (int)((r >> 8) % 42);
		int lz = (r >> 16) % 4 == 0 ? (int)((r >> 20) % 5) : 0, j;
		int ex = (int)((r >> 24) % 720) - 370;

		/* short mantissas most of the time: they take the fast paths */
		if ((r >> 34) % 2)
			nd = 1 + nd % 19;
		p = s;
		if ((r >> 35) % 4 == 0)
			*p++ = (r >> 37) % 2 ? '-' : '+';
		for (j = 0; j < lz; j++)
			*p++ = '0';
		for (j = 0; j < nd; j++) {
			uint64_t x = splitmix64(&st);

			if (j == dot)
				*p++ = '.';
			/* runs of 0s and 9s are near ties and powers */
			*p++ = (char)('0' + (x % 4 == 0 ? 0 : x % 4 == 1 ?
			    9 : (x >> 8) % 10));
		}
		if ((r >> 40) % 8 != 0)
			p += sprintf(p, "%c%d", (r >> 44) % 2 ? 'e' : 'E', ex);
		*p = '\0';
		if (!parse_agrees(s)) {
			if (cnt[0]++ < NFAIL_SHOW)
				printf("# parse %s\n", s);
		}
	}
}

static void
test_parse_random(void)
{
	long cnt[NCOUNT + 1], n = iterations() / 2;

	run_sliced(slice_texts, n, cnt);
	tap_ok(cnt[0] == 0 && cnt[NCOUNT] == 0, "parse %ld random decimal "
	    "texts as strtod (%ld bad)", n, cnt[0]);
}

/*
 * Texts at and next to the midpoints between doubles, the hardest inputs:
 * the exact midpoint (up to 767 significant digits), the same cut short
 * (below it), and with a 1 appended far away (above it).  The midpoint is
 * exact in an x86 long double, with its 64-bit significand.
 */
#if LDBL_MANT_DIG >= 64
static void
slice_midpoints(long lo, long hi, long *cnt)
{
	char s[1024], t[1100], *e, *z;
	long double m;
	double v;
	long i;
	int cut;

	for (i = lo; i < hi; i++) {
		uint64_t st = seed_of(4, i);

		v = fabs(random_double(&st));
		if (v == DBL_MAX)
			continue;
		m = ((long double)v + (long double)nextafter(v, DBL_MAX)) / 2;
		snprintf(s, sizeof(s), "%.800Le", m);
		/* drop the trailing zeros of the exact expansion */
		e = z = strchr(s, 'e');
		while (z[-1] == '0')
			z--;
		memmove(z, e, strlen(e) + 1);
		e = z;
		if (!parse_agrees(s)) {
			if (cnt[0]++ < NFAIL_SHOW)
				printf("# midpoint %s\n", s);
		}
		/* keep from 1 to all of the mantissa's digits */
		cut = 1 + (int)(splitmix64(&st) % (uint64_t)(e - s));
		snprintf(t, sizeof(t), "%.*s%s", cut, s, e);
		if (!parse_agrees(t)) {
			if (cnt[0]++ < NFAIL_SHOW)
				printf("# below midpoint %s\n", t);
		}
		snprintf(t, sizeof(t), "%.*s0000000001%s", (int)(e - s), s, e);
		if (!parse_agrees(t)) {
			if (cnt[0]++ < NFAIL_SHOW)
				printf("# above midpoint %s\n", t);
		}
	}
}
#endif

static void
test_parse_midpoints(void)
{
#if LDBL_MANT_DIG >= 64
	long cnt[NCOUNT + 1], n = iterations() / 200 + 1;

	run_sliced(slice_midpoints, n, cnt);
	tap_ok(cnt[0] == 0 && cnt[NCOUNT] == 0, "parse %ld exact midpoints "
	    "and their neighbours as strtod (%ld bad)", n, cnt[0]);
#else
	tap_ok(1, "# skip: midpoints need a 64-bit long double significand");
#endif
}

/* ---- benchmark ---- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define BENCH_N 3000000
#define BENCH_RUNS 3		/* report the best of this many */

/*
 * The texts lie end to end, each NUL-terminated for strtod, as fields of
 * a file would; len[i] is the length of the i-th.
 */
static double
bench_parse(const char *txt, const unsigned char *len, double *val,
    int use_strtod)
{
	const char *p;
	double t, best = 1e9;
	int run;
	long i;

	for (run = 0; run < BENCH_RUNS; run++) {
		t = now();
		p = txt;
		if (use_strtod)
			for (i = 0; i < BENCH_N; p += len[i++] + 1)
				val[i] = strtod(p, NULL);
		else
			for (i = 0; i < BENCH_N; p += len[i++] + 1)
				if (tp_num_parse(p, len[i], &val[i]) != 0) {
					printf("bench: cannot parse %s\n", p);
					exit(1);
				}
		t = now() - t;
		if (t < best)
			best = t;
	}
	return best * 1e9 / BENCH_N;
}

static double
bench_format(const double *val, int use_printf)
{
	char buf[64];
	double t, best = 1e9;
	size_t tot = 0;
	int run;
	long i;

	for (run = 0; run < BENCH_RUNS; run++) {
		t = now();
		if (use_printf)
			for (i = 0; i < BENCH_N; i++)
				tot += (size_t)snprintf(buf, sizeof(buf),
				    "%.17g", val[i]);
		else
			for (i = 0; i < BENCH_N; i++)
				tot += tp_num_format(val[i], buf);
		t = now() - t;
		if (t < best)
			best = t;
	}
	if (tot == 0)
		printf("#\n");	/* keeps the results live */
	return best * 1e9 / BENCH_N;
}

static int
bench(void)
{
	char *txt = malloc((size_t)BENCH_N * (TP_NUM_BUFSZ + 1)), *p;
	unsigned char *len = malloc(BENCH_N);
	double *val = malloc(BENCH_N * sizeof(*val));
	uint64_t st = 5, r;
	long i;
	int n = 0;

	if (txt == NULL || len == NULL || val == NULL)
		return 1;
	/* the shapes of exchange data: prices, quantities, times */
	for (i = 0, p = txt; i < BENCH_N; i++, p += n + 1) {
		r = splitmix64(&st);
		switch (i % 5) {
		case 0:
			n = sprintf(p, "%d.%02d", (int)(r % 200000),
			    (int)((r >> 32) % 100));
			break;
		case 1:
			n = sprintf(p, "%d.%08d", (int)(r % 100000),
			    (int)((r >> 32) % 100) * 1000000);
			break;
		case 2:
			n = sprintf(p, "0.%07d", (int)(r % 1000));
			break;
		case 3:
			n = sprintf(p, "%lld", 1747699200000LL +
			    (long long)(r % 1000) * 60000);
			break;
		default:
			n = sprintf(p, "%d.%08d", (int)(r % 5000),
			    (int)((r >> 32) % 1000000) * 100);
			break;
		}
		len[i] = (unsigned char)n;
	}
	printf("%d numbers like 105573.73, 46216.93000000, 0.0000533, "
	    "1747699200000,\n1503.33095000; best of %d runs:\n", BENCH_N,
	    BENCH_RUNS);
	printf("parse   tp_num_parse      %6.1f ns/number\n",
	    bench_parse(txt, len, val, 0));
	printf("parse   strtod            %6.1f ns/number\n",
	    bench_parse(txt, len, val, 1));
	printf("format  tp_num_format     %6.1f ns/number\n",
	    bench_format(val, 0));
	printf("format  snprintf(\"%%.17g\") %6.1f ns/number\n",
	    bench_format(val, 1));

	/* random bit patterns: any exponent, mostly 16 or 17 digits */
	for (i = 0, p = txt; i < BENCH_N; i++, p += n + 1) {
		val[i] = random_double(&st);
		n = (int)tp_num_format(val[i], p);
		len[i] = (unsigned char)n;
	}
	printf("random doubles (64-bit patterns), their shortest texts:\n");
	printf("parse   tp_num_parse      %6.1f ns/number\n",
	    bench_parse(txt, len, val, 0));
	printf("parse   strtod            %6.1f ns/number\n",
	    bench_parse(txt, len, val, 1));
	printf("format  tp_num_format     %6.1f ns/number\n",
	    bench_format(val, 0));
	printf("format  snprintf(\"%%.17g\") %6.1f ns/number\n",
	    bench_format(val, 1));
	free(txt);
	free(len);
	free(val);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--bench") == 0)
		return bench();
	test_format_fixed();
	test_parse_fixed();
	test_parse_long();
	test_parse_short();
	test_i64();
	test_special_doubles();
	test_exact_ends();
	test_prices();
	test_parse_random();
	test_parse_midpoints();
	test_doubles();
	return tap_done();
}
