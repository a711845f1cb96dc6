/*
 * fuzz_qasm.c: the OpenQASM 2.0 reader and the simulator behind
 * tp-qvalidate run.
 *
 * tp_qasm_parse reads data[0..size) as it is, with no NUL after it
 * (libFuzzer's buffer and replay.c's are exactly that long, so ASan sees a
 * read one byte past).  A circuit it accepts must keep the limits of
 * tp_qasm.h: 1 to 28 qubits, at most 64 classical bits, each operation's
 * qubits distinct and in range, each measurement's bit in range, each
 * gate's matrix unitary (its parameters are finite).  A small one is then
 * simulated: gates are unitary, so the probabilities must still sum to 1;
 * and tp-qvalidate run's probabilities and 64 shots of a fixed seed are
 * written to /dev/null, where the shots' bit strings are made.  Any
 * failure aborts.
 */
#include <complex.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "quantum/tp_qasm.h"
#include "quantum/tp_qrun.h"
#include "quantum/tp_qsim.h"
#include "rec/tp_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Circuits simulated: 2^qubits times the operations at most this. */
#define MAX_WORK (1 << 20)

static void
check_gate(const struct tp_qsim_gate *g)
{
	const double complex *m = g->m;
	double complex p00 = m[0] * conj(m[0]) + m[1] * conj(m[1]);
	double complex p01 = m[0] * conj(m[2]) + m[1] * conj(m[3]);
	double complex p11 = m[2] * conj(m[2]) + m[3] * conj(m[3]);

	/* M M^dagger = I, to rounding */
	if (!(cabs(p00 - 1) < 1e-12 && cabs(p01) < 1e-12 &&
	    cabs(p11 - 1) < 1e-12))
		abort();
}

static void
check_circuit(const struct tp_qcircuit *c)
{
	const struct tp_qop *op;
	size_t i;
	int k, j;

	if (c->nqubits < 1 || c->nqubits > TP_QSIM_MAX_QUBITS ||
	    c->nclbits < 0 || c->nclbits > TP_QASM_MAX_CLBITS)
		abort();
	for (i = 0; i < c->n; i++) {
		op = &c->ops[i];
		if (op->nq < 1 || op->nq > 3)
			abort();
		for (k = 0; k < op->nq; k++) {
			if (op->q[k] < 0 || op->q[k] >= c->nqubits)
				abort();
			for (j = 0; j < k; j++)
				if (op->q[j] == op->q[k])
					abort();
		}
		if (op->kind == TP_QOP_MEASURE &&
		    (op->clbit < 0 || op->clbit >= c->nclbits))
			abort();
		if (op->kind == TP_QOP_GATE)
			check_gate(&op->g);
	}
}

/* Run c as tp-qvalidate run does, writing to /dev/null. */
static void
run(const struct tp_qcircuit *c, enum tp_qrun_out out)
{
	static int null_fd = -1;
	struct tp_qrun_opts o = { "-", out, 64, 7, 1, 0, NULL };
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_writer w;

	if (null_fd < 0 && (null_fd = open("/dev/null", O_WRONLY)) < 0)
		abort();
	tp_names_init(&names);
	if (tp_writer_init(&w, null_fd, TP_FMT_NDJSON, &names, &err) < 0 ||
	    tp_qrun_circuit(&o, c, &w, &names, &err) < 0 ||
	    tp_writer_flush(&w, &err) < 0)
		abort();
	tp_writer_release(&w);
	tp_names_release(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qcircuit c;
	struct tp_qsim s;
	double sum = 0;
	size_t i;

	if (tp_qasm_parse(&c, "fuzz", (const char *)data, size, &err) < 0) {
		if (err.code != TP_EX_DATAERR)
			abort();
		return 0;
	}
	check_circuit(&c);
	if (c.nqubits <= 10 && ((c.n + 1) << c.nqubits) <= MAX_WORK) {
		if (tp_qsim_init(&s, c.nqubits, &err) < 0)
			abort();
		tp_qasm_run(&c, &s);
		for (i = 0; i < s.dim; i++)
			sum += tp_qsim_prob(&s, i);
		if (!(fabs(sum - 1) < 1e-9))
			abort();
		tp_qsim_release(&s);
		run(&c, TP_QRUN_PROB);
		run(&c, TP_QRUN_SHOTS);
	}
	tp_qasm_release(&c);
	return 0;
}
