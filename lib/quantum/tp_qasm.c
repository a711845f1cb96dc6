/*
 * tp_qasm.c: an OpenQASM 2.0 reader (tp_qasm.h).
 *
 * A hand-written recursive-descent reader over the text, which keeps the
 * line and the column of what it reads for its messages.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "core/tp_num.h"
#include "quantum/tp_qasm.h"

#define PI 3.14159265358979323846
#define MAXREG 64

struct reg {
	char name[64];
	int size, offset, quantum;
};

struct rd {
	const char *file, *p, *e, *bol;
	int line;
	int depth;		/* of the expression being read */
	struct reg regs[MAXREG];
	int nregs;
	unsigned char *measured;	/* per qubit */
	struct tp_qcircuit *c;
	struct tp_err *err;
};

/* An error at the reader's position. */
static int
fail(struct rd *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return tp_errf(r->err, TP_EX_DATAERR, r->file, r->line, "column %d: %s",
	    (int)(r->p - r->bol) + 1, msg);
}

/* Skip white space and // comments. */
static void
space(struct rd *r)
{
	for (;;) {
		while (r->p < r->e && isspace((unsigned char)*r->p)) {
			if (*r->p == '\n') {
				r->line++;
				r->bol = r->p + 1;
			}
			r->p++;
		}
		if (r->e - r->p >= 2 && r->p[0] == '/' && r->p[1] == '/') {
			while (r->p < r->e && *r->p != '\n')
				r->p++;
			continue;
		}
		return;
	}
}

static int
at(struct rd *r, char c)
{
	space(r);
	return r->p < r->e && *r->p == c;
}

static int
expect(struct rd *r, char c)
{
	if (!at(r, c))
		return fail(r, "expected '%c'", c);
	r->p++;
	return 0;
}

/* An identifier into buf (n bytes); -1 if none is there.  One too long
 * for buf is refused: cut short, two names would read as one. */
static int
ident(struct rd *r, char *buf, size_t n)
{
	const char *start;
	size_t k = 0;

	space(r);
	start = r->p;
	if (r->p >= r->e || !(isalpha((unsigned char)*r->p) || *r->p == '_'))
		return fail(r, "expected a name");
	while (r->p < r->e && (isalnum((unsigned char)*r->p) ||
	    *r->p == '_')) {
		if (k + 1 == n) {
			r->p = start;
			return fail(r, "a name longer than %zu characters",
			    n - 1);
		}
		buf[k++] = *r->p++;
	}
	buf[k] = '\0';
	return 0;
}

/* A non-negative integer. */
static int
integer(struct rd *r, int *v)
{
	long x = 0;

	space(r);
	if (r->p >= r->e || !isdigit((unsigned char)*r->p))
		return fail(r, "expected an integer");
	while (r->p < r->e && isdigit((unsigned char)*r->p)) {
		x = x * 10 + (*r->p++ - '0');
		if (x > 1000000)
			return fail(r, "integer too large");
	}
	*v = (int)x;
	return 0;
}

/* ---- parameter expressions ---- */

static int expr(struct rd *r, double *v);

/*
 * One level deeper into an expression, before reading past its '(', '-'
 * or '^': the reader recurses for each, so a text nesting them without
 * end would run it off its stack.  Refused at the mark.
 */
static int
deeper(struct rd *r)
{
	space(r);
	if (r->depth == TP_QASM_MAX_DEPTH)
		return fail(r, "an expression nested more than %d deep",
		    TP_QASM_MAX_DEPTH);
	r->depth++;
	return 0;
}

/* The length of an exponent at p ([eE][+-]?digits) before e, or 0. */
static size_t
exponent(const char *p, const char *e)
{
	const char *q = p + 1;

	if (p >= e || (*p != 'e' && *p != 'E'))
		return 0;
	if (q < e && (*q == '+' || *q == '-'))
		q++;
	if (q >= e || !isdigit((unsigned char)*q))
		return 0;
	while (q < e && isdigit((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

/*
 * A real as OpenQASM writes one, digits with a fraction and an exponent,
 * found within the text and converted by tp_num_parse: strtod would look
 * for more digits past r->e (the text need not end with a NUL) and would
 * read hex and "inf" as well.
 */
static int
number(struct rd *r, double *v)
{
	const char *q = r->p;

	while (q < r->e && isdigit((unsigned char)*q))
		q++;
	if (q < r->e && *q == '.')
		for (q++; q < r->e && isdigit((unsigned char)*q);)
			q++;
	q += exponent(q, r->e);
	switch (tp_num_parse(r->p, (size_t)(q - r->p), v)) {
	case TP_NUM_OK:
		r->p = q;
		return 0;
	case TP_NUM_RANGE:
		return fail(r, "a number too large for a double");
	default:
		return fail(r, "a bad number");
	}
}

static int
primary(struct rd *r, double *v)
{
	static const struct {
		const char *name;
		double (*f)(double);
	} fns[] = { { "sin", sin }, { "cos", cos }, { "tan", tan },
	    { "exp", exp }, { "ln", log }, { "sqrt", sqrt } };
	char name[64];
	size_t k;

	space(r);
	if (r->p < r->e && (isdigit((unsigned char)*r->p) || *r->p == '.'))
		return number(r, v);
	if (at(r, '(')) {
		if (deeper(r) < 0)
			return -1;
		r->p++;
		if (expr(r, v) < 0 || expect(r, ')') < 0)
			return -1;
		r->depth--;
		return 0;
	}
	if (ident(r, name, sizeof(name)) < 0)
		return -1;
	if (strcmp(name, "pi") == 0) {
		*v = PI;
		return 0;
	}
	for (k = 0; k < sizeof(fns) / sizeof(fns[0]); k++)
		if (strcmp(name, fns[k].name) == 0) {
			if (deeper(r) < 0 || expect(r, '(') < 0 ||
			    expr(r, v) < 0 || expect(r, ')') < 0)
				return -1;
			r->depth--;
			*v = fns[k].f(*v);
			return 0;
		}
	return fail(r, "\"%s\" is not a number, pi or a function", name);
}

static int
unary(struct rd *r, double *v)
{
	if (at(r, '-')) {
		if (deeper(r) < 0)
			return -1;
		r->p++;
		if (unary(r, v) < 0)
			return -1;
		r->depth--;
		*v = -*v;
		return 0;
	}
	if (at(r, '+'))
		r->p++;
	return primary(r, v);
}

static int
power(struct rd *r, double *v)
{
	double e;

	if (unary(r, v) < 0)
		return -1;
	if (at(r, '^')) {
		if (deeper(r) < 0)
			return -1;
		r->p++;
		if (power(r, &e) < 0)
			return -1;
		r->depth--;
		*v = pow(*v, e);
	}
	return 0;
}

static int
term(struct rd *r, double *v)
{
	double w;
	char op;

	if (power(r, v) < 0)
		return -1;
	while (at(r, '*') || at(r, '/')) {
		op = *r->p++;
		if (power(r, &w) < 0)
			return -1;
		*v = op == '*' ? *v * w : *v / w;
	}
	return 0;
}

static int
expr(struct rd *r, double *v)
{
	double w;
	char op;

	if (term(r, v) < 0)
		return -1;
	while (at(r, '+') || at(r, '-')) {
		op = *r->p++;
		if (term(r, &w) < 0)
			return -1;
		*v = op == '+' ? *v + w : *v - w;
	}
	if (!isfinite(*v))
		return fail(r, "the parameter is not a finite number");
	return 0;
}

/* ---- registers and arguments ---- */

static struct reg *
find_reg(struct rd *r, const char *name)
{
	int i;

	for (i = 0; i < r->nregs; i++)
		if (strcmp(r->regs[i].name, name) == 0)
			return &r->regs[i];
	return NULL;
}

/* An argument: a register, or one of its bits (*idx, else -1). */
static int
arg(struct rd *r, int quantum, struct reg **g, int *idx)
{
	const char *start;
	char name[64];

	space(r);
	start = r->p;
	if (ident(r, name, sizeof(name)) < 0)
		return -1;
	if ((*g = find_reg(r, name)) == NULL || (*g)->quantum != quantum) {
		r->p = start;
		return fail(r, "\"%s\" is not a %s register", name,
		    quantum ? "qreg" : "creg");
	}
	*idx = -1;
	if (at(r, '[')) {
		r->p++;
		if (integer(r, idx) < 0 || expect(r, ']') < 0)
			return -1;
		if (*idx >= (*g)->size)
			return fail(r, "%s[%d] is past the register's %d", name,
			    *idx, (*g)->size);
	}
	return 0;
}

static int
declare(struct rd *r, int quantum)
{
	struct reg *g;
	int *count = quantum ? &r->c->nqubits : &r->c->nclbits;

	if (r->nregs == MAXREG)
		return fail(r, "more than %d registers", MAXREG);
	g = &r->regs[r->nregs];
	if (ident(r, g->name, sizeof(g->name)) < 0)
		return -1;
	if (find_reg(r, g->name) != NULL)
		return fail(r, "\"%s\" is declared twice", g->name);
	if (expect(r, '[') < 0 || integer(r, &g->size) < 0 ||
	    expect(r, ']') < 0 || expect(r, ';') < 0)
		return -1;
	if (g->size < 1)
		return fail(r, "a register of no bits");
	if (quantum && *count + g->size > TP_QSIM_MAX_QUBITS)
		return fail(r, "more than %d qubits", TP_QSIM_MAX_QUBITS);
	/* an outcome is a uint64_t: a bit past 63 has nowhere to go */
	if (!quantum && *count + g->size > TP_QASM_MAX_CLBITS)
		return fail(r, "more than %d classical bits",
		    TP_QASM_MAX_CLBITS);
	g->quantum = quantum;
	g->offset = *count;
	*count += g->size;
	r->nregs++;
	return 0;
}

static int
add(struct rd *r, const struct tp_qop *op)
{
	struct tp_qcircuit *c = r->c;
	struct tp_qop *p;

	if (c->n == TP_QASM_MAX_OPS)
		return fail(r, "more than %d operations", TP_QASM_MAX_OPS);
	p = tp_grow_size(c->ops, &c->cap, c->n + 1, sizeof(*p));
	if (p == NULL)
		return tp_errf(r->err, TP_EX_SOFTWARE, NULL, 0,
		    "out of memory");
	c->ops = p;
	c->ops[c->n++] = *op;
	return 0;
}

/*
 * The arguments of a gate, each a qubit or a whole register; whole
 * registers (of one size) apply the gate once per bit.  Adds the ops.
 */
static int
gate_args(struct rd *r, struct tp_qop *op, int nq, const char *name)
{
	struct reg *g[3];
	int idx[3], k, i, size = -1, q;

	for (k = 0; k < nq; k++) {
		if (k > 0 && expect(r, ',') < 0)
			return -1;
		if (arg(r, 1, &g[k], &idx[k]) < 0)
			return -1;
		if (idx[k] < 0) {
			if (size >= 0 && g[k]->size != size)
				return fail(r, "registers of %d and %d qubits "
				    "in one %s", size, g[k]->size, name);
			size = g[k]->size;
		}
	}
	if (expect(r, ';') < 0)
		return -1;
	for (i = 0; i < (size < 0 ? 1 : size); i++) {
		for (k = 0; k < nq; k++) {
			q = g[k]->offset + (idx[k] < 0 ? i : idx[k]);
			if (r->measured[q])
				return fail(r, "a gate on %s[%d] after it was "
				    "measured: measuring before the end is not "
				    "supported", g[k]->name, q - g[k]->offset);
			op->q[k] = q;
		}
		for (k = 1; k < nq; k++)
			if (op->q[k] == op->q[0] ||
			    (k == 2 && op->q[2] == op->q[1]))
				return fail(r, "%s on one qubit twice", name);
		op->nq = nq;
		if (add(r, op) < 0)
			return -1;
	}
	return 0;
}

static int
gate(struct rd *r, const char *name, const char *start)
{
	struct tp_qop op;
	double p[3] = { 0, 0, 0 };
	int np, nq, swap, k;

	memset(&op, 0, sizeof(op));
	if (tp_qsim_gate_lookup(name, NULL, &op.g, &np, &nq, &swap) < 0) {
		r->p = start;
		return fail(r, "\"%s\" is not a gate of qelib1.inc (gate "
		    "definitions are not supported)", name);
	}
	if (np > 0 || at(r, '(')) {
		if (expect(r, '(') < 0)
			return -1;
		for (k = 0; k < np; k++)
			if ((k > 0 && expect(r, ',') < 0) ||
			    expr(r, &p[k]) < 0)
				return -1;
		if (!at(r, ')'))
			return fail(r, "%s takes %d parameter%s", name, np,
			    np == 1 ? "" : "s");
		r->p++;
	}
	tp_qsim_gate_lookup(name, p, &op.g, &np, &nq, &swap);
	op.kind = swap ? TP_QOP_SWAP : TP_QOP_GATE;
	return gate_args(r, &op, nq, name);
}

static int
measure(struct rd *r)
{
	struct reg *qg, *cg;
	struct tp_qop op;
	int qi, ci, i, n;

	memset(&op, 0, sizeof(op));
	op.kind = TP_QOP_MEASURE;
	if (arg(r, 1, &qg, &qi) < 0)
		return -1;
	space(r);
	if (r->e - r->p < 2 || r->p[0] != '-' || r->p[1] != '>')
		return fail(r, "expected '->'");
	r->p += 2;
	if (arg(r, 0, &cg, &ci) < 0 || expect(r, ';') < 0)
		return -1;
	if ((qi < 0) != (ci < 0) || (qi < 0 && qg->size != cg->size))
		return fail(r, "measure a qubit into a bit, or a register into "
		    "one of the same size");
	n = qi < 0 ? qg->size : 1;
	for (i = 0; i < n; i++) {
		op.q[0] = qg->offset + (qi < 0 ? i : qi);
		op.nq = 1;
		op.clbit = cg->offset + (ci < 0 ? i : ci);
		r->measured[op.q[0]] = 1;
		r->c->measured = 1;
		if (add(r, &op) < 0)
			return -1;
	}
	return 0;
}

static int
statement(struct rd *r)
{
	char word[64], file[64];
	const char *start;
	struct reg *g;
	int idx;
	size_t k;

	space(r);
	start = r->p;
	if (ident(r, word, sizeof(word)) < 0)
		return -1;
	if (strcmp(word, "qreg") == 0 || strcmp(word, "creg") == 0) {
		if (r->c->n > 0)
			return fail(r, "a register after the first gate");
		if (declare(r, word[0] == 'q') < 0)
			return -1;
		if (word[0] == 'q') {
			free(r->measured);
			r->measured = calloc((size_t)r->c->nqubits, 1);
			if (r->measured == NULL)
				return tp_errf(r->err, TP_EX_SOFTWARE, NULL, 0,
				    "out of memory");
		}
		return 0;
	}
	if (strcmp(word, "include") == 0) {
		space(r);
		if (r->p >= r->e || *r->p != '"')
			return fail(r, "expected a file name in quotes");
		for (k = 0, r->p++; r->p < r->e && *r->p != '"'; r->p++)
			if (k + 1 < sizeof(file))
				file[k++] = *r->p;
		file[k] = '\0';
		if (r->p >= r->e)
			return fail(r, "the file name is not closed");
		r->p++;
		if (strcmp(file, "qelib1.inc") != 0)
			return fail(r, "only qelib1.inc can be included");
		return expect(r, ';');
	}
	if (strcmp(word, "measure") == 0)
		return measure(r);
	if (strcmp(word, "barrier") == 0) {
		do {
			if (arg(r, 1, &g, &idx) < 0)
				return -1;
		} while (at(r, ',') && r->p++);
		return expect(r, ';');
	}
	if (!strcmp(word, "gate") || !strcmp(word, "opaque") ||
	    !strcmp(word, "reset") || !strcmp(word, "if") ||
	    !strcmp(word, "OPENQASM")) {
		r->p = start;
		return fail(r, "\"%s\" is not supported here", word);
	}
	if (r->measured == NULL) {
		r->p = start;
		return fail(r, "a gate before any qreg");
	}
	return gate(r, word, start);
}

int
tp_qasm_parse(struct tp_qcircuit *c, const char *file, const char *text,
    size_t len, struct tp_err *err)
{
	struct rd r;
	char word[16];
	double version;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	memset(&r, 0, sizeof(r));
	if (text == NULL)	/* no text: NULL + 0 below is undefined */
		text = "";
	r.file = file;
	r.p = r.bol = text;
	r.e = text + len;
	r.line = 1;
	r.c = c;
	r.err = err;
	space(&r);
	if (ident(&r, word, sizeof(word)) < 0 || strcmp(word, "OPENQASM") != 0) {
		tp_err_clear(err);
		r.p = r.bol;
		rc = fail(&r, "a program starts with OPENQASM 2.0;");
	}
	else if (expr(&r, &version) < 0 || version != 2.0)
		rc = err->code ? -1 : fail(&r, "only OpenQASM 2.0 is read");
	else if (expect(&r, ';') < 0)
		rc = -1;
	while (rc == 0) {
		space(&r);
		if (r.p >= r.e)
			break;
		rc = statement(&r);
	}
	if (rc == 0 && c->nqubits == 0)
		rc = tp_errf(err, TP_EX_DATAERR, file, r.line, "no qreg: "
		    "nothing to simulate");
	free(r.measured);
	if (rc < 0)
		tp_qasm_release(c);
	return rc;
}

int
tp_qasm_load(struct tp_qcircuit *c, const char *path, struct tp_err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *text = NULL, *p;
	size_t len = 0, cap = 0, k;
	int rc;

	memset(c, 0, sizeof(*c));
	if (f == NULL)
		return tp_errf(err, TP_EX_NOINPUT, path, 0, "cannot open: %s",
		    strerror(errno));
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > ((size_t)1 << 30) ||
			    (p = realloc(text, cap)) == NULL) {
				rc = tp_errf(err, TP_EX_DATAERR, path, 0, "too "
				    "big to read");
				goto out;
			}
			text = p;
		}
		k = fread(text + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
	}
	if (ferror(f))
		rc = tp_errf(err, TP_EX_IOERR, path, 0, "read error");
	else
		rc = tp_qasm_parse(c, strcmp(path, "-") == 0 ? "stdin" : path,
		    text, len, err);
out:
	free(text);
	if (f != stdin)
		fclose(f);
	return rc;
}

void
tp_qasm_release(struct tp_qcircuit *c)
{
	free(c->ops);
	memset(c, 0, sizeof(*c));
}

/* b a: gate a, then gate b. */
static void
product(const struct tp_qsim_gate *b, const struct tp_qsim_gate *a,
    struct tp_qsim_gate *out)
{
	struct tp_qsim_gate r;

	r.m[0] = b->m[0] * a->m[0] + b->m[1] * a->m[2];
	r.m[1] = b->m[0] * a->m[1] + b->m[1] * a->m[3];
	r.m[2] = b->m[2] * a->m[0] + b->m[3] * a->m[2];
	r.m[3] = b->m[2] * a->m[1] + b->m[3] * a->m[3];
	*out = r;
}

/*
 * Single-qubit gates wait on their qubit and multiply into one another
 * until a gate of several qubits touches it (or the circuit ends): one
 * pass over the state for a run of them, as simulators fuse gates.  The
 * product rounds differently from the gates one by one only in the last
 * bits.
 */
void
tp_qasm_run(const struct tp_qcircuit *c, struct tp_qsim *s)
{
	struct tp_qsim_gate wait[TP_QSIM_MAX_QUBITS];
	int waiting[TP_QSIM_MAX_QUBITS] = { 0 };
	const struct tp_qop *op;
	uint64_t ctl;
	size_t i;
	int k, q;

	tp_qsim_reset(s);
	/* by index: c->ops is NULL in a circuit of no ops, and NULL + 0 is
	 * undefined */
	for (i = 0; i < c->n; i++) {
		op = &c->ops[i];
		if (op->kind == TP_QOP_MEASURE)
			continue;
		q = op->q[op->nq - 1];
		if (op->kind == TP_QOP_GATE && op->nq == 1) {
			if (waiting[q])
				product(&op->g, &wait[q], &wait[q]);
			else
				wait[q] = op->g;
			waiting[q] = 1;
			continue;
		}
		for (k = 0; k < op->nq; k++)
			if (waiting[op->q[k]]) {
				tp_qsim_apply(s, &wait[op->q[k]], op->q[k], 0);
				waiting[op->q[k]] = 0;
			}
		if (op->kind == TP_QOP_SWAP) {
			tp_qsim_swap(s, op->q[0], op->q[1]);
			continue;
		}
		for (ctl = 0, k = 0; k < op->nq - 1; k++)
			ctl |= (uint64_t)1 << op->q[k];
		tp_qsim_apply(s, &op->g, q, ctl);
	}
	for (q = 0; q < c->nqubits; q++)
		if (waiting[q])
			tp_qsim_apply(s, &wait[q], q, 0);
}
