/*
 * tp_qasm.h: OpenQASM 2.0 circuits (the language of Cross et al., "Open
 * Quantum Assembly Language", arXiv:1707.03429) read into a list of
 * operations for tp_qsim.
 *
 * What is read: the OPENQASM 2.0 header, include "qelib1.inc", qreg and
 * creg, the gates of qelib1.inc (and U, CX) with parameter expressions
 * (pi, + - * / ^, unary minus, sin cos tan exp ln sqrt), a whole register
 * as an argument (the gate applied to each of its qubits), measure and
 * barrier.  gate and opaque definitions, reset and if are refused with
 * their line and column, as is a gate on a qubit already measured.
 *
 * The text is untrusted: it is read within its length (it need not end
 * with a NUL), and what it may ask for is capped, each refused with its
 * line and column: TP_QSIM_MAX_QUBITS qubits, TP_QASM_MAX_CLBITS
 * classical bits, TP_QASM_MAX_OPS operations, expressions nested
 * TP_QASM_MAX_DEPTH deep, names of 63 characters.
 */
#ifndef TP_QASM_H
#define TP_QASM_H

#include <stddef.h>

#include "core/tp_err.h"
#include "quantum/tp_qsim.h"

/* Classical bits in all: an outcome of measurements is one uint64_t. */
#define TP_QASM_MAX_CLBITS 64
/* Parentheses, function calls, unary minus signs and ^ nested in one
 * parameter expression: the reader recurses once for each. */
#define TP_QASM_MAX_DEPTH 64
/* Operations in all (a gate on a whole register is one per qubit): about
 * 100 MB of them, far past any circuit tp-qvalidate scores. */
#define TP_QASM_MAX_OPS 1000000

enum tp_qop_kind { TP_QOP_GATE, TP_QOP_SWAP, TP_QOP_MEASURE };

struct tp_qop {
	enum tp_qop_kind kind;
	struct tp_qsim_gate g;	/* TP_QOP_GATE */
	int q[3];		/* qubits: controls first, target last */
	int nq;
	int clbit;		/* TP_QOP_MEASURE: into this classical bit */
};

struct tp_qcircuit {
	int nqubits, nclbits;
	struct tp_qop *ops;
	size_t n, cap;
	int measured;		/* some qubit is measured */
};

/* Read the program text[0..len) named file into c; -1 with err naming
 * the file, line and column. */
int tp_qasm_parse(struct tp_qcircuit *c, const char *file, const char *text,
    size_t len, struct tp_err *err);
/* The same for the file at path ("-": standard input). */
int tp_qasm_load(struct tp_qcircuit *c, const char *path, struct tp_err *err);
void tp_qasm_release(struct tp_qcircuit *c);

/* Run c's gates on s (of c->nqubits qubits, reset first), each run of
 * single-qubit gates on a qubit multiplied into one. */
void tp_qasm_run(const struct tp_qcircuit *c, struct tp_qsim *s);

#endif
