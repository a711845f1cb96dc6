/*
 * tp_expr.c: rule expressions (see tp_expr.h).
 *
 * A recursive-descent parser emits postfix code for a stack machine as it
 * goes, tracking the stack depth each op leaves so that tp_expr_eval() can
 * run on a fixed array.  The history functions are single ops that read
 * their fields' rings directly, so their arguments never touch the stack.
 * Operators whose operands are all constants are folded as they are
 * emitted: that is what makes "-30" one constant, usable where a number is.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "decide/tp_expr.h"
#include "core/tp_num.h"

enum op_code {
	OP_CONST,		/* push k */
	OP_VAL,			/* push vals[a] */
	OP_HIST,		/* push field a, b records back (b >= 1) */
	OP_NEG, OP_NOT, OP_ABS,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	OP_AND, OP_OR, OP_MIN, OP_MAX,
	OP_BETWEEN,
	OP_XABOVE, OP_XBELOW,	/* field a lag b against field c lag d,
				 * or against k when c < 0 */
	OP_RISING, OP_FALLING	/* field a lag b over c steps */
};

struct op {
	int code;
	int a, b, c, d;
	double k;
};

struct tp_expr {
	struct op *ops;
	int nops, opcap;
	int *field;		/* slot -> name id */
	int *depth;		/* slot -> deepest lag read, its ring size */
	size_t *off;		/* slot -> its ring's offset, in doubles */
	int nfield, fieldcap;
	int *ring;		/* the slots with depth > 0 */
	int nring;
	size_t nd;		/* doubles in all rings */
};

/*
 * The state: the rings' doubles, then one unsigned per slot, the index of
 * the newest value in that slot's ring.  Values start as NaN, so history
 * not yet seen reads as missing without a count of records.
 */
static double *
st_rings(void *st)
{
	return st;
}

static unsigned *
st_heads(const struct tp_expr *e, void *st)
{
	return (unsigned *)((double *)st + e->nd);
}

/* ---- value semantics, shared by folding and evaluation ----------------- */

/* A number other than 0; NaN is not true, and neither is it false. */
static inline int
truth(double x)
{
	return x < 0 || x > 0;
}

static inline double
div_(double a, double b)
{
	return b == 0 ? NAN : a / b;
}

/* NaN != x must be false too: "!=" is "<" or ">". */
static inline int
ne(double a, double b)
{
	return a < b || a > b;
}

/* fmin() would drop a NaN; a missing operand must make the result missing. */
static inline double
min_(double a, double b)
{
	return isnan(a) || isnan(b) ? NAN : a < b ? a : b;
}

static inline double
max_(double a, double b)
{
	return isnan(a) || isnan(b) ? NAN : a > b ? a : b;
}

static inline int
between(double x, double lo, double hi)
{
	return lo <= x && x <= hi;
}

/* x[lag] of slot s: the current value, or from its ring. */
static inline double
get(const struct tp_expr *e, const double *ring, const unsigned *head,
    const double *vals, int s, int lag)
{
	unsigned i;

	if (lag == 0)
		return vals[s];
	i = head[s] + (unsigned)lag - 1;
	if (i >= (unsigned)e->depth[s])
		i -= (unsigned)e->depth[s];
	return ring[e->off[s] + i];
}

/* The value of op code on operands x (1 to 3 of them), to fold constants. */
static double
apply(int code, const double *x)
{
	switch (code) {
	case OP_NEG:	return -x[0];
	case OP_NOT:	return x[0] == 0;
	case OP_ABS:	return fabs(x[0]);
	case OP_ADD:	return x[0] + x[1];
	case OP_SUB:	return x[0] - x[1];
	case OP_MUL:	return x[0] * x[1];
	case OP_DIV:	return div_(x[0], x[1]);
	case OP_LT:	return x[0] < x[1];
	case OP_LE:	return x[0] <= x[1];
	case OP_GT:	return x[0] > x[1];
	case OP_GE:	return x[0] >= x[1];
	case OP_EQ:	return x[0] == x[1];
	case OP_NE:	return ne(x[0], x[1]);
	case OP_AND:	return truth(x[0]) && truth(x[1]);
	case OP_OR:	return truth(x[0]) || truth(x[1]);
	case OP_MIN:	return min_(x[0], x[1]);
	case OP_MAX:	return max_(x[0], x[1]);
	case OP_BETWEEN: return between(x[0], x[1], x[2]);
	}
	return NAN;
}

/* Operands an op pops (history ops read rings, not the stack). */
static int
arity(int code)
{
	switch (code) {
	case OP_CONST: case OP_VAL: case OP_HIST:
	case OP_XABOVE: case OP_XBELOW: case OP_RISING: case OP_FALLING:
		return 0;
	case OP_NEG: case OP_NOT: case OP_ABS:
		return 1;
	case OP_BETWEEN:
		return 3;
	}
	return 2;
}

/* ---- lexer --------------------------------------------------------------- */

enum tok {
	T_END, T_NUM, T_IDENT, T_LP, T_RP, T_LB, T_RB, T_COMMA,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_NOT,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_AND, T_OR
};

struct parser {
	const char *src;
	size_t pos;		/* next byte to lex */
	enum tok tok;		/* current token */
	size_t at, len;		/* its bytes in src */
	double num;		/* its value, for T_NUM */
	int isint;		/* T_NUM written as digits only */
	struct tp_expr *e;
	struct tp_names *names;
	struct tp_err *err;
	int sp;			/* stack depth after the code so far */
	int nest;		/* parser recursion, bounded like the stack */
};

static int
fail(struct parser *p, size_t at, const char *what)
{
	return tp_errf(p->err, TP_EX_CONFIG, NULL, 0, "col %zu: %s", at + 1,
	    what);
}

static int
oom(struct parser *p)
{
	return tp_errf(p->err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lex_number(struct parser *p)
{
	const char *s = p->src;
	size_t i = p->pos;
	int r;

	p->isint = 1;
	while (is_digit(s[i]))
		i++;
	if (s[i] == '.') {
		p->isint = 0;
		i++;
		while (is_digit(s[i]))
			i++;
	}
	if ((s[i] == 'e' || s[i] == 'E') && (is_digit(s[i + 1]) ||
	    ((s[i + 1] == '+' || s[i + 1] == '-') && is_digit(s[i + 2])))) {
		p->isint = 0;
		i += 2;
		while (is_digit(s[i]))
			i++;
	}
	/* "1e", "2x", "1.2.3": one bad word, not a number and a field */
	if (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '.') {
		while (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '.')
			i++;
		return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
		    "col %zu: bad number \"%.*s\"", p->pos + 1,
		    (int)(i - p->pos > 64 ? 64 : i - p->pos), s + p->pos);
	}
	r = tp_num_parse(s + p->pos, i - p->pos, &p->num);
	if (r == TP_NUM_RANGE)
		return fail(p, p->pos, "number out of range");
	if (r != TP_NUM_OK)
		return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
		    "col %zu: bad number \"%.*s\"", p->pos + 1,
		    (int)(i - p->pos > 64 ? 64 : i - p->pos), s + p->pos);
	p->tok = T_NUM;
	p->len = i - p->pos;
	p->pos = i;
	return 0;
}

/* Read the next token into p->tok, p->at, p->len. */
static int
next(struct parser *p)
{
	const char *s = p->src;
	int c, c2;

	while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' ||
	    s[p->pos] == '\r')
		p->pos++;
	p->at = p->pos;
	c = (unsigned char)s[p->pos];
	c2 = c != '\0' ? (unsigned char)s[p->pos + 1] : '\0';
	if (c == '\0') {
		p->tok = T_END;
		p->len = 0;
		return 0;
	}
	if (is_alpha(c)) {
		while (is_alpha(s[p->pos]) || is_digit(s[p->pos]))
			p->pos++;
		p->tok = T_IDENT;
		p->len = p->pos - p->at;
		return 0;
	}
	if (is_digit(c) || (c == '.' && is_digit(c2)))
		return lex_number(p);
	p->len = 1;
	switch (c) {
	case '(': p->tok = T_LP; break;
	case ')': p->tok = T_RP; break;
	case '[': p->tok = T_LB; break;
	case ']': p->tok = T_RB; break;
	case ',': p->tok = T_COMMA; break;
	case '+': p->tok = T_PLUS; break;
	case '-': p->tok = T_MINUS; break;
	case '*': p->tok = T_STAR; break;
	case '/': p->tok = T_SLASH; break;
	case '<':
		p->tok = c2 == '=' ? T_LE : T_LT;
		break;
	case '>':
		p->tok = c2 == '=' ? T_GE : T_GT;
		break;
	case '!':
		p->tok = c2 == '=' ? T_NE : T_NOT;
		break;
	case '=':
		if (c2 != '=')
			return fail(p, p->at, "unexpected '=' (did you mean "
			    "'=='?)");
		p->tok = T_EQ;
		break;
	case '&':
		if (c2 != '&')
			return fail(p, p->at, "unexpected '&' (did you mean "
			    "'&&'?)");
		p->tok = T_AND;
		break;
	case '|':
		if (c2 != '|')
			return fail(p, p->at, "unexpected '|' (did you mean "
			    "'||'?)");
		p->tok = T_OR;
		break;
	default:
		if (c > ' ' && c < 0x7f)
			return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
			    "col %zu: unexpected character '%c'", p->at + 1,
			    c);
		return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
		    "col %zu: unexpected byte 0x%02x", p->at + 1, c);
	}
	if (p->tok == T_LE || p->tok == T_GE || p->tok == T_NE ||
	    p->tok == T_EQ || p->tok == T_AND || p->tok == T_OR)
		p->len = 2;
	p->pos += p->len;
	return 0;
}

/* ---- code ---------------------------------------------------------------- */

static int
too_deep(struct parser *p)
{
	return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
	    "col %zu: expression too deeply nested (limit %d)", p->at + 1,
	    TP_EXPR_STACK_MAX);
}

/* Append op; fold it when its operands are the constants just emitted. */
static int
emit(struct parser *p, int code, int a, int b, int c, int d, double k)
{
	struct tp_expr *e = p->e;
	int n = arity(code), i;
	double x[3];
	struct op *v;

	if (n == 0) {
		if (++p->sp > TP_EXPR_STACK_MAX)
			return too_deep(p);
	} else {
		p->sp -= n - 1;
		for (i = 0; i < n && i < e->nops; i++)
			if (e->ops[e->nops - 1 - i].code != OP_CONST)
				break;
		if (i == n) {
			for (i = 0; i < n; i++)
				x[i] = e->ops[e->nops - n + i].k;
			e->nops -= n - 1;
			e->ops[e->nops - 1].k = apply(code, x);
			return 0;
		}
	}
	v = tp_grow(e->ops, &e->opcap, e->nops + 1, sizeof(*v));
	if (v == NULL)
		return oom(p);
	e->ops = v;
	e->ops[e->nops++] = (struct op){ code, a, b, c, d, k };
	return 0;
}

/* The slot of field s[0..n), added if new. */
static int
slot_of(struct parser *p, const char *s, size_t n)
{
	struct tp_expr *e = p->e;
	int id, i;

	id = tp_names_intern(p->names, s, n);
	if (id < 0)
		return tp_errf(p->err, TP_EX_SOFTWARE, NULL, 0,
		    "out of memory or too many field names");
	for (i = 0; i < e->nfield; i++)
		if (e->field[i] == id)
			return i;
	if (e->nfield == e->fieldcap) {
		/* two arrays of one capacity: the second call sets it */
		int cap = e->fieldcap;
		int *f = tp_grow(e->field, &cap, e->nfield + 1, sizeof(*f));
		int *d;

		if (f == NULL)
			return oom(p);
		e->field = f;
		d = tp_grow(e->depth, &e->fieldcap, e->nfield + 1, sizeof(*d));
		if (d == NULL)
			return oom(p);
		e->depth = d;
	}
	e->field[e->nfield] = id;
	e->depth[e->nfield] = 0;
	return e->nfield++;
}

/* Slot s is read lag records back: its ring must hold that many. */
static int
need_lag(struct parser *p, size_t at, int s, long lag)
{
	if (lag > TP_EXPR_LAG_MAX)
		return fail(p, at, "history index out of range");
	if (lag > p->e->depth[s])
		p->e->depth[s] = (int)lag;
	return 0;
}

/* ---- parser -------------------------------------------------------------- */

static int parse_expr(struct parser *p);

enum arg_kind {
	ARG_EXPR,		/* any expression */
	ARG_FIELD,		/* a field, x or x[k] */
	ARG_FIELD_NUM,		/* a field or a constant */
	ARG_STEPS		/* an integer literal, 1 .. TP_EXPR_LAG_MAX */
};

static const struct fn {
	const char *name;
	int code;
	int nargs;
	unsigned char kind[3];
} fns[] = {
	{ "abs", OP_ABS, 1, { ARG_EXPR } },
	{ "between", OP_BETWEEN, 3, { ARG_EXPR, ARG_EXPR, ARG_EXPR } },
	{ "crosses_above", OP_XABOVE, 2, { ARG_FIELD, ARG_FIELD_NUM } },
	{ "crosses_below", OP_XBELOW, 2, { ARG_FIELD, ARG_FIELD_NUM } },
	{ "falling", OP_FALLING, 2, { ARG_FIELD, ARG_STEPS } },
	{ "max", OP_MAX, 2, { ARG_EXPR, ARG_EXPR } },
	{ "min", OP_MIN, 2, { ARG_EXPR, ARG_EXPR } },
	{ "rising", OP_RISING, 2, { ARG_FIELD, ARG_STEPS } },
};

#define FN_KNOWN "abs, between, crosses_above, crosses_below, falling, " \
	"max, min, rising"

static const char *const ordinal[] = { "first", "second", "third" };

static int
wrong_count(struct parser *p, const struct fn *f)
{
	return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
	    "col %zu: %s takes %d argument%s", p->at + 1, f->name, f->nargs,
	    f->nargs == 1 ? "" : "s");
}

/*
 * One argument of f that must be a field (or, for ARG_FIELD_NUM, may be a
 * constant): parsed as an expression, whose code must come out as a single
 * load, which is then taken back off the code.  *slot < 0 for a constant.
 */
static int
parse_field_arg(struct parser *p, const struct fn *f, int i, int *slot,
    int *lag, double *k)
{
	struct tp_expr *e = p->e;
	int start = e->nops;
	size_t at = p->at;
	const struct op *o;

	if (parse_expr(p) < 0)
		return -1;
	o = &e->ops[e->nops - 1];
	if (e->nops == start + 1 && (o->code == OP_VAL || o->code == OP_HIST)) {
		*slot = o->a;
		*lag = o->code == OP_VAL ? 0 : o->b;
	} else if (e->nops == start + 1 && o->code == OP_CONST &&
	    f->kind[i] == ARG_FIELD_NUM) {
		*slot = -1;
		*lag = 0;
		*k = o->k;
	} else {
		return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
		    "col %zu: %s needs a field%s as its %s argument", at + 1,
		    f->name, f->kind[i] == ARG_FIELD_NUM ? " or a number" : "",
		    ordinal[i]);
	}
	e->nops = start;
	p->sp--;
	return 0;
}

/* The arguments of f and its op; p->tok is the '(' after its name. */
static int
parse_call(struct parser *p, const struct fn *f)
{
	int i, slot[2] = { -1, -1 }, lag[2] = { 0, 0 };
	long steps = 0;
	double k = 0;
	size_t at[3] = { 0, 0, 0 };

	if (next(p) < 0)
		return -1;
	for (i = 0; i < f->nargs; i++) {
		at[i] = p->at;
		if (p->tok == T_RP)
			return wrong_count(p, f);
		switch (f->kind[i]) {
		case ARG_EXPR:
			if (parse_expr(p) < 0)
				return -1;
			break;
		case ARG_FIELD:
		case ARG_FIELD_NUM:
			if (parse_field_arg(p, f, i, &slot[i], &lag[i], &k) < 0)
				return -1;
			break;
		case ARG_STEPS:
			if (p->tok != T_NUM || !p->isint || p->num < 1 ||
			    p->num > TP_EXPR_LAG_MAX)
				return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
				    "col %zu: %s needs a whole number of steps "
				    "from 1 to %d as its %s argument",
				    p->at + 1, f->name, TP_EXPR_LAG_MAX,
				    ordinal[i]);
			steps = (long)p->num;
			if (next(p) < 0)
				return -1;
			break;
		}
		if (i < f->nargs - 1 && p->tok != T_COMMA)
			return p->tok == T_RP ? wrong_count(p, f) :
			    fail(p, p->at, "expected ','");
		if (i == f->nargs - 1 && p->tok != T_RP)
			return p->tok == T_COMMA ? wrong_count(p, f) :
			    fail(p, p->at, "expected ')'");
		if (next(p) < 0)
			return -1;
	}
	switch (f->code) {
	case OP_XABOVE:
	case OP_XBELOW:
		if (need_lag(p, at[0], slot[0], lag[0] + 1L) < 0)
			return -1;
		if (slot[1] >= 0 && need_lag(p, at[1], slot[1],
		    lag[1] + 1L) < 0)
			return -1;
		return emit(p, f->code, slot[0], lag[0], slot[1], lag[1], k);
	case OP_RISING:
	case OP_FALLING:
		if (need_lag(p, at[1], slot[0], lag[0] + steps) < 0)
			return -1;
		return emit(p, f->code, slot[0], lag[0], (int)steps, 0, 0);
	}
	return emit(p, f->code, 0, 0, 0, 0, 0);
}

/* A field x or x[n], or a call; p->tok is the identifier. */
static int
parse_name(struct parser *p)
{
	const char *name = p->src + p->at;
	size_t n = p->len, at = p->at;
	size_t i;
	int s;

	if (next(p) < 0)
		return -1;
	if (p->tok == T_LP) {
		for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
			if (strlen(fns[i].name) == n &&
			    memcmp(fns[i].name, name, n) == 0)
				return parse_call(p, &fns[i]);
		return tp_errf(p->err, TP_EX_CONFIG, NULL, 0,
		    "col %zu: unknown function \"%.*s\" (known: " FN_KNOWN
		    ")", at + 1, (int)(n > 64 ? 64 : n), name);
	}
	s = slot_of(p, name, n);
	if (s < 0)
		return -1;
	if (p->tok != T_LB)
		return emit(p, OP_VAL, s, 0, 0, 0, 0);
	if (next(p) < 0)
		return -1;
	if (p->tok == T_MINUS)
		return fail(p, p->at, "history index out of range");
	if (p->tok != T_NUM)
		return fail(p, p->at, "expected a history index");
	if (!p->isint)
		return fail(p, p->at, "history index must be a whole number");
	if (p->num > TP_EXPR_LAG_MAX)
		return fail(p, p->at, "history index out of range");
	if (need_lag(p, p->at, s, (long)p->num) < 0)
		return -1;
	i = (size_t)p->num;
	if (next(p) < 0)
		return -1;
	if (p->tok != T_RB)
		return fail(p, p->at, "expected ']'");
	if (next(p) < 0)
		return -1;
	if (i == 0)
		return emit(p, OP_VAL, s, 0, 0, 0, 0);
	return emit(p, OP_HIST, s, (int)i, 0, 0, 0);
}

static int
parse_unary(struct parser *p)
{
	int r;

	if (++p->nest > TP_EXPR_STACK_MAX)
		return too_deep(p);
	switch (p->tok) {
	case T_NOT:
	case T_MINUS:
		r = p->tok == T_NOT ? OP_NOT : OP_NEG;
		if (next(p) < 0 || parse_unary(p) < 0 ||
		    emit(p, r, 0, 0, 0, 0, 0) < 0)
			return -1;
		break;
	case T_NUM:
		if (emit(p, OP_CONST, 0, 0, 0, 0, p->num) < 0 || next(p) < 0)
			return -1;
		break;
	case T_IDENT:
		if (parse_name(p) < 0)
			return -1;
		break;
	case T_LP:
		if (next(p) < 0 || parse_expr(p) < 0)
			return -1;
		if (p->tok != T_RP)
			return fail(p, p->at, "expected ')'");
		if (next(p) < 0)
			return -1;
		break;
	default:
		return fail(p, p->at, "expected an expression");
	}
	p->nest--;
	return 0;
}

/* Binary operators by precedence level, loosest first. */
static int
binop(int level, enum tok t)
{
	switch (level) {
	case 0:
		return t == T_OR ? OP_OR : -1;
	case 1:
		return t == T_AND ? OP_AND : -1;
	case 2:
		switch (t) {
		case T_LT: return OP_LT;
		case T_LE: return OP_LE;
		case T_GT: return OP_GT;
		case T_GE: return OP_GE;
		case T_EQ: return OP_EQ;
		case T_NE: return OP_NE;
		default: return -1;
		}
	case 3:
		return t == T_PLUS ? OP_ADD : t == T_MINUS ? OP_SUB : -1;
	case 4:
		return t == T_STAR ? OP_MUL : t == T_SLASH ? OP_DIV : -1;
	}
	return -1;
}

#define NLEVELS 5

static int
parse_level(struct parser *p, int level)
{
	int op;

	if (level == NLEVELS)
		return parse_unary(p);
	if (parse_level(p, level + 1) < 0)
		return -1;
	while ((op = binop(level, p->tok)) >= 0)
		if (next(p) < 0 || parse_level(p, level + 1) < 0 ||
		    emit(p, op, 0, 0, 0, 0, 0) < 0)
			return -1;
	return 0;
}

static int
parse_expr(struct parser *p)
{
	return parse_level(p, 0);
}

/* ---- the interface ------------------------------------------------------- */

int
tp_expr_compile(struct tp_expr **out, const char *src,
    struct tp_names *names, struct tp_err *err)
{
	struct parser p;
	struct tp_expr *e;
	int i;

	*out = NULL;
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	memset(&p, 0, sizeof(p));
	p.src = src;
	p.e = e;
	p.names = names;
	p.err = err;
	if (next(&p) < 0 || parse_expr(&p) < 0)
		goto fail;
	if (p.tok != T_END) {
		fail(&p, p.at, p.tok == T_RP ? "unexpected ')'" :
		    "expected an operator");
		goto fail;
	}
	/* lay the rings out end to end */
	e->off = calloc((size_t)e->nfield + 1, sizeof(*e->off));
	e->ring = calloc((size_t)e->nfield + 1, sizeof(*e->ring));
	if (e->off == NULL || e->ring == NULL) {
		oom(&p);
		goto fail;
	}
	for (i = 0; i < e->nfield; i++) {
		e->off[i] = e->nd;
		if (e->depth[i] > 0) {
			e->ring[e->nring++] = i;
			e->nd += (size_t)e->depth[i];
		}
	}
	*out = e;
	return 0;
fail:
	tp_expr_free(e);
	return -1;
}

int
tp_expr_nfields(const struct tp_expr *e)
{
	return e->nfield;
}

int
tp_expr_field(const struct tp_expr *e, int i)
{
	return e->field[i];
}

int
tp_expr_depth(const struct tp_expr *e)
{
	int s, d = 0;

	for (s = 0; s < e->nfield; s++)
		if (e->depth[s] > d)
			d = e->depth[s];
	return d;
}

size_t
tp_expr_state_size(const struct tp_expr *e)
{
	size_t n = e->nd * sizeof(double) + (size_t)e->nfield *
	    sizeof(unsigned);

	/* never 0, so that malloc() of it is never NULL for success */
	return n != 0 ? n : sizeof(double);
}

void
tp_expr_state_init(const struct tp_expr *e, void *st)
{
	double *ring = st_rings(st);
	unsigned *head = st_heads(e, st);
	size_t i;

	for (i = 0; i < e->nd; i++)
		ring[i] = NAN;
	for (i = 0; i < (size_t)e->nfield; i++)
		head[i] = 0;
}

double
tp_expr_eval(const struct tp_expr *e, void *st, const double *vals)
{
	double stack[TP_EXPR_STACK_MAX], *sp = stack;
	double *ring = st_rings(st), x, y;
	unsigned *head = st_heads(e, st), h;
	const struct op *o = e->ops, *end = o + e->nops;
	int i, s, n;

	for (; o < end; o++) {
		switch (o->code) {
		case OP_CONST:
			*sp++ = o->k;
			break;
		case OP_VAL:
			*sp++ = vals[o->a];
			break;
		case OP_HIST:
			*sp++ = get(e, ring, head, vals, o->a, o->b);
			break;
		case OP_NEG:
			sp[-1] = -sp[-1];
			break;
		case OP_NOT:
			sp[-1] = sp[-1] == 0;
			break;
		case OP_ABS:
			sp[-1] = fabs(sp[-1]);
			break;
		case OP_ADD:
			sp--;
			sp[-1] += sp[0];
			break;
		case OP_SUB:
			sp--;
			sp[-1] -= sp[0];
			break;
		case OP_MUL:
			sp--;
			sp[-1] *= sp[0];
			break;
		case OP_DIV:
			sp--;
			sp[-1] = div_(sp[-1], sp[0]);
			break;
		case OP_LT:
			sp--;
			sp[-1] = sp[-1] < sp[0];
			break;
		case OP_LE:
			sp--;
			sp[-1] = sp[-1] <= sp[0];
			break;
		case OP_GT:
			sp--;
			sp[-1] = sp[-1] > sp[0];
			break;
		case OP_GE:
			sp--;
			sp[-1] = sp[-1] >= sp[0];
			break;
		case OP_EQ:
			sp--;
			sp[-1] = sp[-1] == sp[0];
			break;
		case OP_NE:
			sp--;
			sp[-1] = ne(sp[-1], sp[0]);
			break;
		case OP_AND:
			sp--;
			sp[-1] = truth(sp[-1]) & truth(sp[0]);
			break;
		case OP_OR:
			sp--;
			sp[-1] = truth(sp[-1]) | truth(sp[0]);
			break;
		case OP_MIN:
			sp--;
			sp[-1] = min_(sp[-1], sp[0]);
			break;
		case OP_MAX:
			sp--;
			sp[-1] = max_(sp[-1], sp[0]);
			break;
		case OP_BETWEEN:
			sp -= 2;
			sp[-1] = between(sp[-1], sp[0], sp[1]);
			break;
		case OP_XABOVE:
		case OP_XBELOW:
			/* a[1] <= b[1] && a > b, or mirrored */
			x = get(e, ring, head, vals, o->a, o->b + 1);
			y = o->c < 0 ? o->k :
			    get(e, ring, head, vals, o->c, o->d + 1);
			if (o->code == OP_XBELOW) {
				x = -x;
				y = -y;
			}
			n = x <= y;
			x = get(e, ring, head, vals, o->a, o->b);
			y = o->c < 0 ? o->k :
			    get(e, ring, head, vals, o->c, o->d);
			if (o->code == OP_XBELOW) {
				x = -x;
				y = -y;
			}
			*sp++ = n && x > y;
			break;
		case OP_RISING:
		case OP_FALLING:
			/* x[b] > x[b+1] > ... > x[b+c]; a NaN fails a step */
			y = get(e, ring, head, vals, o->a, o->b);
			for (i = 1; i <= o->c; i++) {
				x = get(e, ring, head, vals, o->a, o->b + i);
				if (o->code == OP_RISING ? !(y > x) : !(y < x))
					break;
				y = x;
			}
			*sp++ = i > o->c;
			break;
		}
	}
	/* the values join their rings, newest first, after being read */
	for (i = 0; i < e->nring; i++) {
		s = e->ring[i];
		h = head[s];
		h = (h == 0 ? (unsigned)e->depth[s] : h) - 1;
		ring[e->off[s] + h] = vals[s];
		head[s] = h;
	}
	return stack[0];
}

void
tp_expr_free(struct tp_expr *e)
{
	if (e == NULL)
		return;
	free(e->ops);
	free(e->field);
	free(e->depth);
	free(e->off);
	free(e->ring);
	free(e);
}
