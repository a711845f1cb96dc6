/*
 * test_expr.c: unit tests for lib/decide/tp_expr.c.
 *
 * Each case is an expression run over one of a few hand-made sequences of
 * records, with the value expected after each record, worked out by hand
 * in the comments beside it (M is a missing value, NaN).  Then parse
 * errors with their exact messages and columns, field slots, state sizes,
 * deep history, and separate states for separate symbols.
 *
 * "test_expr --bench" instead times tp_expr_eval() of
 * "rsi_14 < 30 && close > ema_200" (and a rule with history) and prints
 * evaluations per second.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* clock_gettime */
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "decide/tp_expr.h"

#define M NAN
#define NCOL 5
#define MAXROW 8

/* The columns every sequence has; interned first, so their ids are 0..4. */
static const char *const cols[NCOL] = { "a", "b", "c", "x", "y" };

struct seq {
	int n;
	double v[MAXROW][NCOL];
};

static const struct seq seqs[] = {
	/* 0: one record, for operators */
	{ 1, {
		/* a   b   c   x   y */
		{  2,  3,  0,  M, -4 },
	} },
	/* 1: six records, for history */
	{ 6, {
		/* a   b   c   x   y */
		{  1,  2,  5,  M,  0 },
		{  2,  2,  4,  1,  0 },
		{  2,  1,  3,  2,  0 },
		{  3,  3,  3,  M,  0 },
		{  4,  5,  2,  3,  0 },
		{  5,  4,  1,  4,  0 },
	} },
};

struct vcase {
	const char *src;
	int seq;
	double want[MAXROW];
};

static const struct vcase vcases[] = {
	/* ---- seq 0: a=2 b=3 c=0 x=M y=-4 ---- */
	/* arithmetic and precedence */
	{ "a + b * y", 0, { -10 } },		/* 2 + (3 * -4) */
	{ "(a + b) * y", 0, { -20 } },		/* 5 * -4 */
	{ "a - b - y", 0, { 3 } },		/* (2 - 3) - -4, left-assoc */
	{ "a - (b - y)", 0, { -5 } },		/* 2 - 7 */
	{ "b / a / a", 0, { 0.75 } },		/* (3 / 2) / 2, not 3 */
	{ "-a * b", 0, { -6 } },		/* (-2) * 3 */
	{ "- -a", 0, { 2 } },
	{ "-a - -b", 0, { 1 } },		/* -2 + 3 */
	{ "-a * -b", 0, { 6 } },
	{ "2 * 3 + 4", 0, { 10 } },		/* folded constants */
	{ "2 + 3 * 4", 0, { 14 } },
	{ "2 * (3 + 4)", 0, { 14 } },
	{ "10 - 4 - 3", 0, { 3 } },		/* (10 - 4) - 3 */
	{ "12 / 3 / 2", 0, { 2 } },		/* (12 / 3) / 2 */
	{ "-30", 0, { -30 } },
	{ "y", 0, { -4 } },
	{ "a[0] == a", 0, { 1 } },		/* x[0] is x */
	{ "  a\t+\nb ", 0, { 5 } },		/* white space anywhere */
	/* number literals, as tp_num_parse reads them */
	{ "0.5 * a", 0, { 1 } },
	{ "a * 1e-3", 0, { 0.002 } },		/* doubling is exact */
	{ ".5 + .5", 0, { 1 } },
	{ "1e2 + a", 0, { 102 } },
	{ "2.5E+1", 0, { 25 } },
	{ "7.", 0, { 7 } },
	/* division by zero is missing, not inf */
	{ "a / c", 0, { M } },			/* 2 / 0 */
	{ "-a / c", 0, { M } },
	{ "c / c", 0, { M } },			/* 0 / 0 */
	{ "0 * (a / c)", 0, { M } },		/* NaN propagates */
	{ "a / (c * -1)", 0, { M } },		/* -0 is zero too */
	{ "1 / 0", 0, { M } },			/* and when folded */
	{ "a / c > 0", 0, { 0 } },		/* compared: false */
	{ "a / c < 0", 0, { 0 } },
	/* missing values propagate through arithmetic */
	{ "x + 1", 0, { M } },
	{ "x * 0", 0, { M } },
	{ "-x", 0, { M } },
	/* comparisons give 1 or 0 */
	{ "a < b", 0, { 1 } },
	{ "a < 2", 0, { 0 } },			/* 2 < 2 */
	{ "a <= 2", 0, { 1 } },
	{ "a > b", 0, { 0 } },
	{ "a > 1", 0, { 1 } },
	{ "a >= 2", 0, { 1 } },
	{ "a >= b", 0, { 0 } },
	{ "a == 2", 0, { 1 } },
	{ "a == b", 0, { 0 } },
	{ "a != 2", 0, { 0 } },
	{ "a != b", 0, { 1 } },
	/* every comparison with a missing operand is false, != too */
	{ "x < 1", 0, { 0 } },
	{ "x <= 1", 0, { 0 } },
	{ "x > 1", 0, { 0 } },
	{ "x >= 1", 0, { 0 } },
	{ "x == x", 0, { 0 } },
	{ "x != 1", 0, { 0 } },
	{ "1 != x", 0, { 0 } },
	{ "x != x", 0, { 0 } },
	/* !: 1 only for a number equal to 0 */
	{ "!c", 0, { 1 } },
	{ "!a", 0, { 0 } },
	{ "!y", 0, { 0 } },			/* -4 is true */
	{ "!x", 0, { 0 } },			/* !missing is false */
	{ "!!a", 0, { 1 } },
	{ "!!x", 0, { 1 } },			/* !x is 0, and !0 is 1 */
	{ "!(x < 1)", 0, { 1 } },		/* the comparison is 0 */
	{ "!(a / c)", 0, { 0 } },		/* !missing */
	/* && and ||: true is a number other than 0 */
	{ "a && b", 0, { 1 } },
	{ "a && c", 0, { 0 } },
	{ "a && x", 0, { 0 } },			/* missing is not true */
	{ "x && x", 0, { 0 } },
	{ "y && a", 0, { 1 } },			/* -4 is true */
	{ "x || a", 0, { 1 } },
	{ "x || c", 0, { 0 } },			/* missing is not true */
	{ "c || c", 0, { 0 } },
	{ "c || y", 0, { 1 } },
	{ "!x || !x", 0, { 0 } },
	/* precedence across levels */
	{ "a < b == 1", 0, { 1 } },		/* (2 < 3) == 1 */
	{ "a + 1 < b + 1", 0, { 1 } },		/* 3 < 4 */
	{ "1 || 0 && 0", 0, { 1 } },		/* 1 || (0 && 0); not 0 */
	{ "0 && 0 || 1", 0, { 1 } },		/* (0 && 0) || 1 */
	{ "a < b && b < a || 1", 0, { 1 } },	/* (1 && 0) || 1 */
	{ "!c + 1", 0, { 2 } },			/* (!0) + 1, not !1 */
	{ "-a + b", 0, { 1 } },			/* (-2) + 3; not -(5) */
	{ "a * b < b * b", 0, { 1 } },		/* 6 < 9 */
	/* comparisons are one level, left-assoc: ((2 > 1) == 3) > 1 */
	{ "a > 1 == b > 1", 0, { 0 } },
	/* functions */
	{ "abs(y)", 0, { 4 } },
	{ "abs(-a)", 0, { 2 } },
	{ "abs(x)", 0, { M } },
	{ "min(a, b)", 0, { 2 } },
	{ "min(b, a)", 0, { 2 } },
	{ "max(a, y)", 0, { 2 } },
	{ "max(y, b)", 0, { 3 } },
	{ "min(a, x)", 0, { M } },		/* missing, unlike fmin */
	{ "max(x, a)", 0, { M } },
	{ "max(a, b) * 2 - min(a, b)", 0, { 4 } },	/* 6 - 2 */
	{ "between(a, 2, 3)", 0, { 1 } },	/* lo edge: 2 <= 2 <= 3 */
	{ "between(b, 2, 3)", 0, { 1 } },	/* hi edge: 2 <= 3 <= 3 */
	{ "between(y, 2, 3)", 0, { 0 } },	/* -4 */
	{ "between(a, 3, 2)", 0, { 0 } },	/* empty range */
	{ "between(x, 0, 1)", 0, { 0 } },	/* missing */
	{ "between(a, x, 3)", 0, { 0 } },	/* missing lo */
	{ "between(a + 1, b, b)", 0, { 1 } },	/* 3 <= 3 <= 3 */
	{ "between(1, 0, 2)", 0, { 1 } },	/* folded */
	{ "abs (y) + 1", 0, { 5 } },		/* space before '(' */
	{ "min(max(a, b), abs(y))", 0, { 3 } },	/* min(3, 4) */

	/*
	 * ---- seq 1 ----
	 *   row  0  1  2  3  4  5
	 *   a    1  2  2  3  4  5
	 *   b    2  2  1  3  5  4
	 *   c    5  4  3  3  2  1
	 *   x    M  1  2  M  3  4
	 */
	/* x[n]: n records earlier; not yet seen is missing */
	{ "a[1]", 1, { M, 1, 2, 2, 3, 4 } },
	{ "a[2]", 1, { M, M, 1, 2, 2, 3 } },
	{ "a - a[1]", 1, { M, 1, 0, 1, 1, 1 } },
	{ "x[1]", 1, { M, M, 1, 2, M, 3 } },	/* x shifted by one */
	{ "x - x[1]", 1, { M, M, 1, M, M, 1 } },
	{ "x[1] > 1", 1, { 0, 0, 0, 1, 0, 1 } },
	/* !(x[1] - 1): x[1] - 1 is M M 0 1 M 2 */
	{ "!(x[1] - 1)", 1, { 0, 0, 1, 0, 0, 0 } },
	{ "x == x[0]", 1, { 0, 1, 1, 0, 1, 1 } },
	{ "x[1] + a[2] * 10", 1, { M, M, 11, 22, M, 33 } },
	/*
	 * crosses_above(a, b): a[1] <= b[1] and a > b
	 *   1: 1 <= 2, 2 > 2 no    2: 2 <= 2 (equal), 2 > 1     3: 2 <= 1 no
	 *   4: 3 <= 3, 4 > 5 no    5: 4 <= 5, 5 > 4
	 */
	{ "crosses_above(a, b)", 1, { 0, 0, 1, 0, 0, 1 } },
	/*
	 * crosses_below(a, b): a[1] >= b[1] and a < b
	 *   1: 1 >= 2 no           2: 2 >= 2, 2 < 1 no
	 *   3: 2 >= 1, 3 < 3 no (ending equal is no cross)
	 *   4: 3 >= 3, 4 < 5       5: 4 >= 5 no
	 */
	{ "crosses_below(a, b)", 1, { 0, 0, 0, 0, 1, 0 } },
	/* a against 2: 1: 1 <= 2, 2 > 2 no; 2: 2 > 2 no; 3: 2 <= 2, 3 > 2 */
	{ "crosses_above(a, 2)", 1, { 0, 0, 0, 1, 0, 0 } },
	{ "crosses_above(a, 2.5)", 1, { 0, 0, 0, 1, 0, 0 } },
	/* c against 3: 2: 4 >= 3, 3 < 3 no; 3: 3 < 3 no; 4: 3 >= 3, 2 < 3 */
	{ "crosses_below(c, 3)", 1, { 0, 0, 0, 0, 1, 0 } },
	/* c falls through 3.5: it never crosses above it */
	{ "crosses_above(c, 3.5)", 1, { 0, 0, 0, 0, 0, 0 } },
	/* a constant may be negative: 1 ... 5 never crosses below -1 */
	{ "crosses_below(a, -1)", 1, { 0, 0, 0, 0, 0, 0 } },
	/* b against a is a against b mirrored: below where a is above */
	{ "crosses_below(b, a)", 1, { 0, 0, 1, 0, 0, 1 } },
	/* a[1] against b[1]: crosses_above(a, b) one record late */
	{ "crosses_above(a[1], b[1])", 1, { 0, 0, 0, 1, 0, 0 } },
	/* x: 2: 1 <= 1.5, 2 > 1.5; 4: x[1] M; 5: 3 > 1.5 already */
	{ "crosses_above(x, 1.5)", 1, { 0, 0, 1, 0, 0, 0 } },
	/* x against a: 2: 1 <= 2, 2 > 2 no; 3: x M; 4: x[1] M; 5: 3 <= 4 no */
	{ "crosses_above(x, a)", 1, { 0, 0, 0, 0, 0, 0 } },
	/* rising(a, n): a > a[1] > ... > a[n]; the tie 2, 2 is not rising */
	{ "rising(a, 1)", 1, { 0, 1, 0, 1, 1, 1 } },
	{ "rising(a, 2)", 1, { 0, 0, 0, 0, 1, 1 } },	/* 4: 4 > 3 > 2 */
	{ "rising(a, 3)", 1, { 0, 0, 0, 0, 0, 1 } },	/* 5: 5>4>3>2 */
	{ "rising(a, 5)", 1, { 0, 0, 0, 0, 0, 0 } },	/* 5: 2 > 2 no */
	{ "rising(a[1], 2)", 1, { 0, 0, 0, 0, 0, 1 } },	/* 5: 4>3>2 */
	{ "rising(b, 1)", 1, { 0, 0, 0, 1, 1, 0 } },
	/* falling(c, n): c < c[1] < ... ; c is 5 4 3 3 2 1 */
	{ "falling(c, 1)", 1, { 0, 1, 1, 0, 1, 1 } },
	{ "falling(c, 2)", 1, { 0, 0, 1, 0, 0, 1 } },	/* 3: 3 < 3 no */
	{ "falling(a, 1)", 1, { 0, 0, 0, 0, 0, 0 } },
	/* x: M 1 2 M 3 4; a missing step is not rising */
	{ "rising(x, 1)", 1, { 0, 0, 1, 0, 0, 1 } },
	{ "rising(x, 2)", 1, { 0, 0, 0, 0, 0, 0 } },
	{ "!rising(x, 1)", 1, { 1, 1, 0, 1, 1, 0 } },	/* a plain 0 */
	/* combined */
	{ "crosses_above(a, b) || crosses_below(a, b)", 1,
	    { 0, 0, 1, 0, 1, 1 } },
	{ "rising(a, 1) && a[1] >= 2", 1, { 0, 0, 0, 1, 1, 1 } },
	{ "rising(a, 1) * 10 + falling(c, 1)", 1, { 0, 11, 1, 10, 11, 11 } },
};

struct ecase {
	const char *src;
	const char *msg;
};

static const struct ecase ecases[] = {
	{ "rsi_14 < (30", "col 13: expected ')'" },
	{ "", "col 1: expected an expression" },
	{ "   ", "col 4: expected an expression" },
	{ "rsi_14 <", "col 9: expected an expression" },
	{ "rsi_14 < * 3", "col 10: expected an expression" },
	{ "()", "col 2: expected an expression" },
	{ "rsi_14 < 30 )", "col 13: unexpected ')'" },
	{ "rsi_14 30", "col 8: expected an operator" },
	{ "a b", "col 3: expected an operator" },
	{ "foo(1)", "col 1: unknown function \"foo\" (known: abs, between, "
	    "crosses_above, crosses_below, falling, max, min, rising)" },
	{ "a + bar (b)", "col 5: unknown function \"bar\" (known: abs, "
	    "between, crosses_above, crosses_below, falling, max, min, "
	    "rising)" },
	{ "crosses_above(1, a)",
	    "col 15: crosses_above needs a field as its first argument" },
	{ "crosses_above(a + 1, b)",
	    "col 15: crosses_above needs a field as its first argument" },
	{ "crosses_below(a, b * c)", "col 18: crosses_below needs a field "
	    "or a number as its second argument" },
	{ "rising(2, 3)", "col 8: rising needs a field as its first argument" },
	{ "falling(abs(a), 3)",
	    "col 9: falling needs a field as its first argument" },
	{ "rising(a, 0)", "col 11: rising needs a whole number of steps from "
	    "1 to 1000 as its second argument" },
	{ "rising(a, 2.0)", "col 11: rising needs a whole number of steps "
	    "from 1 to 1000 as its second argument" },
	{ "rising(a, 1001)", "col 11: rising needs a whole number of steps "
	    "from 1 to 1000 as its second argument" },
	{ "falling(a, b)", "col 12: falling needs a whole number of steps "
	    "from 1 to 1000 as its second argument" },
	{ "rising(a, -1)", "col 11: rising needs a whole number of steps "
	    "from 1 to 1000 as its second argument" },
	{ "a[1001]", "col 3: history index out of range" },
	{ "a[-1]", "col 3: history index out of range" },
	{ "a[99999999999999999999]", "col 3: history index out of range" },
	{ "a[1.5]", "col 3: history index must be a whole number" },
	{ "a[b]", "col 3: expected a history index" },
	{ "a[]", "col 3: expected a history index" },
	{ "a[1", "col 4: expected ']'" },
	{ "a[1 + 1]", "col 5: expected ']'" },
	{ "rising(a[999], 2)", "col 16: history index out of range" },
	{ "crosses_above(a[1000], b)", "col 15: history index out of range" },
	{ "crosses_above(a, b[1000])", "col 18: history index out of range" },
	{ "abs()", "col 5: abs takes 1 argument" },
	{ "abs(a, b)", "col 6: abs takes 1 argument" },
	{ "min(a)", "col 6: min takes 2 arguments" },
	{ "between(a, 1, 2, 3)", "col 16: between takes 3 arguments" },
	{ "between(a, 1 2)", "col 14: expected ','" },
	{ "min(a, b", "col 9: expected ')'" },
	{ "min(a, b c)", "col 10: expected ')'" },
	{ "a = 1", "col 3: unexpected '=' (did you mean '=='?)" },
	{ "a & b", "col 3: unexpected '&' (did you mean '&&'?)" },
	{ "a | b", "col 3: unexpected '|' (did you mean '||'?)" },
	{ "a # b", "col 3: unexpected character '#'" },
	{ "a + \x01", "col 5: unexpected byte 0x01" },
	{ "a > \xc3\xa9", "col 5: unexpected byte 0xc3" },
	{ "a > 1e", "col 5: bad number \"1e\"" },
	{ "a > 2x", "col 5: bad number \"2x\"" },
	{ "1.2.3", "col 1: bad number \"1.2.3\"" },
	{ "a > 1e999", "col 5: number out of range" },
	{ "a > .", "col 5: unexpected character '.'" },
};

/* ---- helpers ---- */

static int
same(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return a == b;
}

static void
intern_cols(struct tp_names *names)
{
	int i;

	for (i = 0; i < NCOL; i++)
		tp_names_intern(names, cols[i], strlen(cols[i]));
}

/*
 * Run e over sequence s, storing each record's value in got[].  The
 * column of slot i is its name id, the columns having been interned first.
 */
static int
run_seq(const struct tp_expr *e, const struct seq *s, double *got)
{
	double vals[NCOL];
	void *st = malloc(tp_expr_state_size(e));
	int r, i;

	if (st == NULL)
		return -1;
	tp_expr_state_init(e, st);
	for (r = 0; r < s->n; r++) {
		for (i = 0; i < tp_expr_nfields(e); i++)
			vals[i] = s->v[r][tp_expr_field(e, i)];
		got[r] = tp_expr_eval(e, st, vals);
	}
	free(st);
	return 0;
}

/* s for a TAP line, which must stay one line: C escapes for the rest. */
static const char *
esc(const char *s)
{
	static char buf[2][600];
	static int which;
	char *b = buf[which ^= 1];
	size_t n = 0;

	for (; *s != '\0' && n + 5 < sizeof(buf[0]); s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f)
			b[n++] = (char)c;
		else
			n += (size_t)snprintf(b + n, sizeof(buf[0]) - n,
			    "\\x%02x", c);
	}
	b[n] = '\0';
	return b;
}

static void
show(char *buf, size_t sz, const double *v, int n)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%g",
		    i != 0 ? " " : "", v[i]);
}

/* ---- tests ---- */

static void
test_value(const char *src, const struct seq *s, const double *want)
{
	struct tp_names names;
	struct tp_err err = TP_ERR_INIT;
	struct tp_expr *e;
	double got[MAXROW] = { 0 };
	char gb[200], wb[200];
	int r, ok = 1;

	tp_names_init(&names);
	intern_cols(&names);
	if (tp_expr_compile(&e, src, &names, &err) < 0) {
		tap_ok(0, "%s: compiles (%s)", esc(src), err.msg);
		tp_names_release(&names);
		return;
	}
	if (run_seq(e, s, got) < 0)
		ok = 0;
	for (r = 0; ok && r < s->n; r++)
		if (!same(got[r], want[r]))
			ok = 0;
	show(gb, sizeof(gb), got, s->n);
	show(wb, sizeof(wb), want, s->n);
	if (ok)
		tap_ok(1, "%s = %s", esc(src), wb);
	else
		tap_ok(0, "%s = %s, got %s", esc(src), wb, gb);
	tp_expr_free(e);
	tp_names_release(&names);
}

static void
test_error(const struct ecase *c)
{
	struct tp_names names;
	struct tp_err err = TP_ERR_INIT;
	struct tp_expr *e = (struct tp_expr *)&names;	/* becomes NULL */
	int r;

	tp_names_init(&names);
	r = tp_expr_compile(&e, c->src, &names, &err);
	tap_ok(r < 0 && e == NULL && err.code == TP_EX_CONFIG &&
	    strcmp(err.msg, c->msg) == 0, "error for \"%s\": %s (got %d: %s)",
	    esc(c->src), c->msg, err.code, err.msg);
	if (r == 0)
		tp_expr_free(e);
	tp_names_release(&names);
}

/* Compile src, expecting success; NULL after a failed check. */
static struct tp_expr *
compile_ok(const char *src, struct tp_names *names)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_expr *e;

	if (tp_expr_compile(&e, src, names, &err) < 0) {
		tap_ok(0, "%.60s compiles (%s)", src, err.msg);
		return NULL;
	}
	return e;
}

static void
test_fields(void)
{
	struct tp_names names;
	struct tp_expr *e;

	tp_names_init(&names);
	tp_names_intern(&names, "close", 5);
	e = compile_ok("rsi_14 < 30 && close > ema_200 && close[1] > rsi_14",
	    &names);
	if (e != NULL) {
		tap_ok(tp_expr_nfields(e) == 3 &&
		    tp_expr_field(e, 0) == tp_names_find(&names, "rsi_14", 6) &&
		    tp_expr_field(e, 1) == 0 &&
		    tp_expr_field(e, 2) == tp_names_find(&names, "ema_200", 7),
		    "slots: rsi_14, close (id 0, interned before), ema_200; "
		    "repeats share a slot");
		tp_expr_free(e);
	}
	/* a function's name is a field's when no '(' follows */
	e = compile_ok("abs + min[2]", &names);
	if (e != NULL) {
		tap_ok(tp_expr_nfields(e) == 2 &&
		    tp_expr_field(e, 0) == tp_names_find(&names, "abs", 3) &&
		    tp_expr_field(e, 1) == tp_names_find(&names, "min", 3),
		    "abs and min without '(' are fields");
		tp_expr_free(e);
	}
	e = compile_ok("42", &names);
	if (e != NULL) {
		void *st = malloc(tp_expr_state_size(e));

		tap_ok(tp_expr_nfields(e) == 0 && st != NULL,
		    "a constant reads no field; its state can be allocated");
		if (st != NULL) {
			tp_expr_state_init(e, st);
			tap_ok(tp_expr_eval(e, st, NULL) == 42,
			    "a constant evaluates with vals NULL");
		}
		free(st);
		tp_expr_free(e);
	}
	tp_expr_free(NULL);
	tp_names_release(&names);
}

/*
 * The state is one ring per field read with history, as deep as its
 * deepest lag (a[3]: 3; crosses on b[1] reads b[2]: 2; rising(c, 4): 4),
 * plus one ring index per slot.
 */
static void
test_state_size(void)
{
	struct tp_names names;
	struct tp_expr *e;

	tp_names_init(&names);
	e = compile_ok("a[3] + a[1] + d > 0 && crosses_above(b[1], 1) && "
	    "rising(c, 4)", &names);
	if (e != NULL) {
		tap_ok(tp_expr_state_size(e) == (3 + 2 + 4) * sizeof(double) +
		    4 * sizeof(unsigned), "state size: rings of 3, 2 and 4 "
		    "values and 4 ring indices (got %zu)",
		    tp_expr_state_size(e));
		tp_expr_free(e);
	}
	tp_names_release(&names);
}

/* Rings wrap: a[3] over 10 records, and the deepest history allowed. */
static void
test_deep_history(void)
{
	struct tp_names names;
	struct tp_expr *e3, *e1000, *er;
	void *s3, *s1000, *sr;
	double v, g3, g1000, gr;
	int i, ok3 = 1, ok1000 = 1, okr = 1;

	tp_names_init(&names);
	e3 = compile_ok("a[3]", &names);
	e1000 = compile_ok("a[1000] - a[999]", &names);
	er = compile_ok("rising(a, 1000)", &names);
	if (e3 == NULL || e1000 == NULL || er == NULL)
		return;
	s3 = malloc(tp_expr_state_size(e3));
	s1000 = malloc(tp_expr_state_size(e1000));
	sr = malloc(tp_expr_state_size(er));
	if (s3 == NULL || s1000 == NULL || sr == NULL)
		return;
	tp_expr_state_init(e3, s3);
	tp_expr_state_init(e1000, s1000);
	tp_expr_state_init(er, sr);
	for (i = 0; i < 2500; i++) {
		/* a is i * i up to 1499, then 0: a[3] is (i - 3)^2 and
		 * a[1000] - a[999] is (i - 1000)^2 - (i - 999)^2, which is
		 * 1999 - 2i */
		v = i < 1500 ? (double)i * i : 0;
		g3 = tp_expr_eval(e3, s3, &v);
		g1000 = tp_expr_eval(e1000, s1000, &v);
		gr = tp_expr_eval(er, sr, &v);
		if (i < 1500 && !same(g3, i < 3 ? NAN : (double)(i - 3) *
		    (i - 3)))
			ok3 = 0;
		if (i < 1500 && !same(g1000, i < 1000 ? NAN :
		    1999.0 - 2.0 * i))
			ok1000 = 0;
		/* rising(a, 1000) needs 1001 increasing values: from
		 * i = 1000 until i = 1500 breaks it, then for 1000 records
		 * the 0 .. 0 run has ties */
		if (!same(gr, i >= 1000 && i < 1500 ? 1 : 0))
			okr = 0;
	}
	tap_ok(ok3, "a[3] through ring wrap-around");
	tap_ok(ok1000, "a[1000]: missing for 1000 records, then exact");
	tap_ok(okr, "rising(a, 1000) over 2500 records");
	free(s3);
	free(s1000);
	free(sr);
	tp_expr_free(e3);
	tp_expr_free(e1000);
	tp_expr_free(er);
	tp_names_release(&names);
}

/* Two symbols, two states: histories do not mix. */
static void
test_two_states(void)
{
	struct tp_names names;
	struct tp_expr *e;
	void *s1, *s2;
	double v, g[6];
	int i;

	tp_names_init(&names);
	e = compile_ok("a - a[1]", &names);
	if (e == NULL)
		return;
	s1 = malloc(tp_expr_state_size(e));
	s2 = malloc(tp_expr_state_size(e));
	if (s1 == NULL || s2 == NULL)
		return;
	tp_expr_state_init(e, s1);
	tp_expr_state_init(e, s2);
	/* symbol 1: 10 11 13, symbol 2: 100 90 70, interleaved */
	for (i = 0; i < 6; i++) {
		v = i % 2 == 0 ? (double[]){ 10, 11, 13 }[i / 2] :
		    (double[]){ 100, 90, 70 }[i / 2];
		g[i] = tp_expr_eval(e, i % 2 == 0 ? s1 : s2, &v);
	}
	tap_ok(isnan(g[0]) && isnan(g[1]) && g[2] == 1 && g[3] == -10 &&
	    g[4] == 2 && g[5] == -20, "interleaved symbols keep their own "
	    "history: M M 1 -10 2 -20");
	free(s1);
	free(s2);
	tp_expr_free(e);
	tp_names_release(&names);
}

/* Nesting is bounded at compile time, so evaluation's stack is fixed. */
static void
test_depth(void)
{
	struct tp_names names;
	struct tp_err err = TP_ERR_INIT;
	struct tp_expr *e;
	char src[2048];
	double v = 1;
	void *st;
	int i, n, r;

	tp_names_init(&names);
	/* 62 open parentheses: a+(a+(...(a+a)...)), 63 a's */
	for (n = 0, i = 0; i < 62; i++)
		n += snprintf(src + n, sizeof(src) - (size_t)n, "a+(");
	n += snprintf(src + n, sizeof(src) - (size_t)n, "a");
	for (i = 0; i < 62; i++)
		src[n++] = ')';
	src[n] = '\0';
	e = compile_ok(src, &names);
	if (e != NULL) {
		st = malloc(tp_expr_state_size(e));
		if (st != NULL) {
			tp_expr_state_init(e, st);
			tap_ok(tp_expr_eval(e, st, &v) == 63,
			    "62 nested parentheses: 63 a's add to 63");
		}
		free(st);
		tp_expr_free(e);
	}
	/* 64 parentheses around a: 'a' is the 65th level */
	memset(src, '(', 64);
	src[64] = 'a';
	memset(src + 65, ')', 64);
	src[129] = '\0';
	r = tp_expr_compile(&e, src, &names, &err);
	tap_ok(r < 0 && strcmp(err.msg, "col 65: expression too deeply "
	    "nested (limit 64)") == 0, "64 parentheses: %s", err.msg);
	tp_err_clear(&err);
	/* 40 nested between()s hold 2 values each on the stack */
	for (n = 0, i = 0; i < 40; i++)
		n += snprintf(src + n, sizeof(src) - (size_t)n,
		    "between(a, a, ");
	n += snprintf(src + n, sizeof(src) - (size_t)n, "a");
	for (i = 0; i < 40; i++)
		src[n++] = ')';
	src[n] = '\0';
	r = tp_expr_compile(&e, src, &names, &err);
	tap_ok(r < 0 && strstr(err.msg, ": expression too deeply nested") !=
	    NULL, "40 nested between(): %s", err.msg);
	tp_err_clear(&err);
	/* a long flat chain needs no depth */
	for (n = 0, i = 0; i < 500; i++)
		n += snprintf(src + n, sizeof(src) - (size_t)n, "a+");
	src[n - 1] = '\0';
	e = compile_ok(src, &names);
	if (e != NULL) {
		st = malloc(tp_expr_state_size(e));
		if (st != NULL) {
			tp_expr_state_init(e, st);
			tap_ok(tp_expr_eval(e, st, &v) == 500,
			    "500 a's added left to right");
		}
		free(st);
		tp_expr_free(e);
	}
	tp_names_release(&names);
}

/* ---- benchmark ---- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

#define BENCH_N 1000000		/* records, cycled through */
#define BENCH_REPS 20
#define BENCH_RUNS 3		/* report the best */

/*
 * Evaluations per second of src over BENCH_N records of three random
 * walks named f0, f1, f2, one symbol, values laid out by slot.
 */
static int
bench_one(const char *src, const char *f0, const char *f1, const char *f2)
{
	struct tp_names names;
	struct tp_err err = TP_ERR_INIT;
	struct tp_expr *e;
	const char *fn[3] = { f0, f1, f2 };
	double *val, w[3] = { 50, 100, 100 }, t, best = 1e9;
	uint64_t seed = 7;
	long i, hits = 0;
	int k, s, run, rep, col[3];
	void *st;

	tp_names_init(&names);
	for (k = 0; k < 3; k++)
		tp_names_intern(&names, fn[k], strlen(fn[k]));
	if (tp_expr_compile(&e, src, &names, &err) < 0) {
		printf("bench: %s: %s\n", src, err.msg);
		return 1;
	}
	for (s = 0; s < tp_expr_nfields(e); s++)
		col[s] = tp_expr_field(e, s);
	val = malloc((size_t)BENCH_N * 3 * sizeof(*val));
	st = malloc(tp_expr_state_size(e));
	if (val == NULL || st == NULL)
		return 1;
	for (i = 0; i < BENCH_N; i++) {
		for (k = 0; k < 3; k++) {
			w[k] += (double)(splitmix64(&seed) >> 11) * 0x1p-53 -
			    0.5;
			if (k == 0)	/* an oscillator: 0 .. 100 */
				w[k] = w[k] < 0 ? -w[k] : w[k] > 100 ?
				    200 - w[k] : w[k];
		}
		for (s = 0; s < tp_expr_nfields(e); s++)
			val[i * 3 + s] = w[col[s]];
	}
	tp_expr_state_init(e, st);
	for (run = 0; run < BENCH_RUNS; run++) {
		t = now();
		for (rep = 0; rep < BENCH_REPS; rep++)
			for (i = 0; i < BENCH_N; i++)
				hits += tp_expr_eval(e, st, val + i * 3) != 0;
		t = now() - t;
		if (t < best)
			best = t;
	}
	printf("%-50s %6.1f M evals/s  %5.2f ns/eval  (%ld true)\n", src,
	    (double)BENCH_N * BENCH_REPS / best * 1e-6,
	    best * 1e9 / ((double)BENCH_N * BENCH_REPS), hits);
	free(val);
	free(st);
	tp_expr_free(e);
	tp_names_release(&names);
	return 0;
}

static int
bench(void)
{
	return bench_one("rsi_14 < 30 && close > ema_200", "rsi_14", "close",
	    "ema_200") ||
	    bench_one("crosses_above(close, ema_200) && rsi_14[1] < 30",
	    "rsi_14", "close", "ema_200") ||
	    bench_one("rising(close, 5) && between(rsi_14, 40, 60)",
	    "rsi_14", "close", "ema_200");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc > 1 && strcmp(argv[1], "--bench") == 0)
		return bench();
	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++)
		test_value(vcases[i].src, &seqs[vcases[i].seq],
		    vcases[i].want);
	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++)
		test_error(&ecases[i]);
	test_fields();
	test_state_size();
	test_deep_history();
	test_two_states();
	test_depth();
	return tap_done();
}
