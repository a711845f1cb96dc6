/*
 * gen-num-tables.c: print lib/core/tp_num_tables.h, the power tables that
 * lib/core/tp_num.c uses to convert between decimal text and doubles.
 *
 * This is not run at build time; its output is committed.  make regen
 * runs it (scripts/regen), and make check fails when the committed file
 * is not its output:
 *
 *	cc -std=c11 -O2 -o /tmp/gen-num-tables scripts/gen-num-tables.c
 *	/tmp/gen-num-tables > lib/core/tp_num_tables.h
 *
 * It carries its own tiny bignum (little-endian 32-bit limbs, only what the
 * tables need: multiply and divide by a small number, compare, bit length)
 * so that it depends on nothing but a C compiler.
 *
 * Besides printing the tables it checks, exactly, the integer formulas that
 * tp_num.c uses for floor(log2(10^q)), floor(log10(2^q)) and
 * floor(log10(3/4 * 2^q)) over every exponent where they are used, and exits
 * non-zero (printing nothing useful) if any of them is wrong.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLIMB 96		/* 3072 bits: 10^325 * 2^2 and 2^1100 fit */

#define Q_MIN (-342)		/* smallest power of five in the table */
#define Q_MAX 326		/* largest: 10^326 for formatting 5e-324 */
#define DIV_BITS 1100		/* 2^1100 / 5^342 still has > 128 bits */

struct big {
	uint32_t d[NLIMB];
};

static void
big_set(struct big *a, uint32_t v)
{
	memset(a, 0, sizeof(*a));
	a->d[0] = v;
}

static void
big_mul(struct big *a, uint32_t m)
{
	uint64_t carry = 0;
	int i;

	for (i = 0; i < NLIMB; i++) {
		uint64_t t = (uint64_t)a->d[i] * m + carry;

		a->d[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry != 0) {
		fprintf(stderr, "gen-num-tables: bignum overflow\n");
		exit(1);
	}
}

/* a = floor(a / m) */
static void
big_div(struct big *a, uint32_t m)
{
	uint64_t rem = 0;
	int i;

	for (i = NLIMB - 1; i >= 0; i--) {
		uint64_t t = (rem << 32) | a->d[i];

		a->d[i] = (uint32_t)(t / m);
		rem = t % m;
	}
}

static void
big_shl(struct big *a, int n)
{
	while (n-- > 0)
		big_mul(a, 2);
}

static void
big_pow(struct big *a, uint32_t base, int n)
{
	big_set(a, 1);
	while (n-- > 0)
		big_mul(a, base);
}

static int
big_bits(const struct big *a)
{
	int i, b;

	for (i = NLIMB - 1; i >= 0; i--)
		if (a->d[i] != 0) {
			for (b = 31; !(a->d[i] >> b & 1); b--)
				;
			return 32 * i + b + 1;
		}
	return 0;
}

static int
big_bit(const struct big *a, int i)
{
	return i >= 0 && i < 32 * NLIMB ? (int)(a->d[i / 32] >> (i % 32) & 1) : 0;
}

static int
big_cmp(const struct big *a, const struct big *b)
{
	int i;

	for (i = NLIMB - 1; i >= 0; i--)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

/* The 128 most significant bits of a (which has at least 128), truncated. */
static void
big_top128(const struct big *a, uint64_t *hi, uint64_t *lo)
{
	int n = big_bits(a), i;

	*hi = *lo = 0;
	for (i = 0; i < 64; i++) {
		*hi = *hi << 1 | (uint64_t)big_bit(a, n - 1 - i);
		*lo = *lo << 1 | (uint64_t)big_bit(a, n - 65 - i);
	}
}

/*
 * The formulas of tp_num.c, repeated here to be checked.  They rely on >> of
 * a negative number being an arithmetic shift, as it is with gcc and clang.
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

/*
 * Is num_mul * 2^p2 >= 10^p10?  Exact, by scaling both sides to integers.
 */
static int
ge_pow10(uint32_t num_mul, int p2, int p10)
{
	struct big l, r;

	big_set(&l, num_mul);
	big_set(&r, 1);
	if (p2 >= 0)
		big_shl(&l, p2);
	else
		big_shl(&r, -p2);
	if (p10 >= 0) {
		int i;

		for (i = 0; i < p10; i++)
			big_mul(&r, 10);
	} else {
		int i;

		for (i = 0; i < -p10; i++)
			big_mul(&l, 10);
	}
	return big_cmp(&l, &r) >= 0;
}

static void
check_formulas(void)
{
	struct big a;
	int e, k, bad = 0;

	/* floor(log2(10^e)) = e + floor(log2(5^e)), for every table entry. */
	for (e = Q_MIN; e <= Q_MAX; e++) {
		int fl;

		big_pow(&a, 5, e < 0 ? -e : e);
		/* 5^n is never a power of two, so ceil(log2) = bit length */
		fl = e >= 0 ? big_bits(&a) - 1 : -big_bits(&a);
		if (flog2pow10(e) != e + fl) {
			fprintf(stderr, "flog2pow10(%d) wrong\n", e);
			bad = 1;
		}
	}
	/*
	 * The binary exponents of doubles' ulps run from -1074 to 971; check
	 * a little beyond.  k = floor(log10(m * 2^e)) iff
	 * m * 2^e >= 10^k and not m * 2^e >= 10^(k+1); m is 4/4 or 3/4.
	 */
	for (e = -1080; e <= 980; e++) {
		k = flog10pow2(e);
		if (!ge_pow10(1, e, k) || ge_pow10(1, e, k + 1)) {
			fprintf(stderr, "flog10pow2(%d) wrong\n", e);
			bad = 1;
		}
		k = flog10threequarterspow2(e);
		if (!ge_pow10(3, e - 2, k) || ge_pow10(3, e - 2, k + 1)) {
			fprintf(stderr, "flog10threequarterspow2(%d) wrong\n",
			    e);
			bad = 1;
		}
	}
	/*
	 * tp_num_format() scales by 10^j, j = 2 - floor(log10(2^e)), or j =
	 * -floor(log10(3/4 2^e)) for a power of two, and shifts by beta = e +
	 * floor(log2(10^j)): it needs j in the table, 6 <= beta <= 9 (so
	 * that (2c + 1) << beta fits 64 bits and the interval is 100 to 999
	 * units) and, for powers of two, beta <= 10.
	 */
	for (e = -1074; e <= 971; e++) {
		int jr = 2 - flog10pow2(e), ji = -flog10threequarterspow2(e);
		int br = e + flog2pow10(jr), bi = e + flog2pow10(ji);

		if (jr < Q_MIN || jr > Q_MAX || ji < Q_MIN || ji > Q_MAX ||
		    br < 6 || br > 9 || bi < 0 || bi > 10) {
			fprintf(stderr, "scaling out of range at %d\n", e);
			bad = 1;
		}
	}
	if (bad)
		exit(1);
}

int
main(void)
{
	struct big a;
	uint64_t p10;
	int q, i;

	check_formulas();

	printf("/*\n"
	    " * tp_num_tables.h: power tables for lib/core/tp_num.c.\n"
	    " *\n"
	    " * GENERATED by scripts/gen-num-tables.c; do not edit.  "
	    "Regenerate with\n"
	    " *\tcc -std=c11 -O2 -o /tmp/gen-num-tables "
	    "scripts/gen-num-tables.c\n"
	    " *\t/tmp/gen-num-tables > lib/core/tp_num_tables.h\n"
	    " *\n"
	    " * tp_pow5[q - TP_POW5_MIN] = { hi, lo } is 5^q scaled by a power "
	    "of two\n"
	    " * into [2^127, 2^128) and truncated (rounded toward zero) to "
	    "128 bits:\n"
	    " * floor(5^q * 2^(127 - floor(log2(5^q)))).  The entries for q in "
	    "[0, 55]\n"
	    " * are exact.\n"
	    " */\n"
	    "#ifndef TP_NUM_TABLES_H\n"
	    "#define TP_NUM_TABLES_H\n\n"
	    "#include <stdint.h>\n\n"
	    "#define TP_POW5_MIN (%d)\n"
	    "#define TP_POW5_MAX %d\n\n"
	    "static const uint64_t tp_pow5[%d][2] = {\n",
	    Q_MIN, Q_MAX, Q_MAX - Q_MIN + 1);
	for (q = Q_MIN; q <= Q_MAX; q++) {
		uint64_t hi, lo;

		if (q >= 0) {
			big_pow(&a, 5, q);
			/* below 128 bits: shift up, exactly */
			if (big_bits(&a) < 128)
				big_shl(&a, 128 - big_bits(&a));
		} else {
			/*
			 * floor(2^DIV_BITS / 5^-q) by -q exact divisions by 5
			 * (floor(floor(x / a) / b) = floor(x / (a b))); its top
			 * 128 bits are then the truncated scaled 5^q.
			 */
			big_set(&a, 1);
			big_shl(&a, DIV_BITS);
			for (i = 0; i < -q; i++)
				big_div(&a, 5);
			if (big_bits(&a) < 129) {
				fprintf(stderr, "DIV_BITS too small\n");
				return 1;
			}
		}
		big_top128(&a, &hi, &lo);
		/* tp_num.c rounds an inexact T up by adding 1 to it */
		if (hi == UINT64_C(0xffffffffffffffff) &&
		    lo == UINT64_C(0xffffffffffffffff)) {
			fprintf(stderr, "entry %d too close to 2^128\n", q);
			return 1;
		}
		printf("\t{ 0x%016llx, 0x%016llx }, /* %d */\n",
		    (unsigned long long)hi,
		    (unsigned long long)lo, q);
	}
	printf("};\n\n"
	    "/* 10^i for i in [0, 19] */\n"
	    "static const uint64_t tp_pow10_u64[20] = {\n");
	for (i = 0, p10 = 1; i < 20; i++, p10 *= 10)
		printf("\tUINT64_C(%llu),\n", (unsigned long long)p10);
	printf("};\n\n"
	    "/* 10^i for i in [0, 22]: all exact in a double */\n"
	    "static const double tp_pow10_dbl[23] = {\n");
	for (i = 0; i < 23; i++)
		printf("\t1e%d,\n", i);
	printf("};\n\n#endif\n");
	return 0;
}
