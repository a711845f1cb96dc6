/*
 * test_qsim.c: unit tests for lib/quantum/tp_qsim.c and tp_qasm.c.
 *
 * Every qelib1.inc gate is checked unitary (M M^dagger = I to 1e-15) and
 * against its textbook matrix where it has one (Nielsen and Chuang, fig.
 * 4.2 and eq. 4.4-4.6: X Y Z H S T and the rotations); controls act only
 * when set; swap exchanges; an HZH = X identity.  tp_qasm_parse reads
 * only the bytes it is given: a program right before a page no one may
 * read, ending in a number, is read or refused without touching it.
 *
 * "test_qsim --bench [DIR]" times random 8-qubit circuits of 40 gates
 * (circuits a second on one core; DIR/c00.qasm to c63.qasm when given,
 * the circuits scripts/bench-qc.js times through quantum-circuit) and one Hadamard on a 24-qubit state against
 * memcpy of the same 256 MiB, as make bench reports them.
 */
#define _DEFAULT_SOURCE 1	/* MAP_ANONYMOUS */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* clock_gettime */
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "quantum/tp_qasm.h"
#include "quantum/tp_qcuda.h"
#include "quantum/tp_qsim.h"
#include "core/tp_rand.h"

static const char *const names[] = {
	"x", "y", "z", "h", "s", "sdg", "t", "tdg", "id", "rx", "ry", "rz",
	"u1", "u2", "u3", "U", "cx", "CX", "cz", "cy", "crz", "cu1", "cu3",
	"ccx"
};

static int
unitary(const struct tp_qsim_gate *g)
{
	const double complex *m = g->m;
	double complex p00 = m[0] * conj(m[0]) + m[1] * conj(m[1]);
	double complex p01 = m[0] * conj(m[2]) + m[1] * conj(m[3]);
	double complex p11 = m[2] * conj(m[2]) + m[3] * conj(m[3]);

	return cabs(p00 - 1) < 1e-15 && cabs(p01) < 1e-15 &&
	    cabs(p11 - 1) < 1e-15;
}

static int
equal(const struct tp_qsim_gate *g, double complex a, double complex b,
    double complex c, double complex d)
{
	return cabs(g->m[0] - a) < 1e-15 && cabs(g->m[1] - b) < 1e-15 &&
	    cabs(g->m[2] - c) < 1e-15 && cabs(g->m[3] - d) < 1e-15;
}

static void
test_gates(void)
{
	const double p[3] = { 0.3, -1.1, 2.5 }, r = sqrt(0.5);
	struct tp_qsim_gate g;
	int np, nq, sw;
	size_t k;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		tp_qsim_gate_lookup(names[k], p, &g, &np, &nq, &sw);
		tap_ok(unitary(&g), "%s is unitary", names[k]);
	}
	/* a gate is unitary whatever its angles: phi + lambda rounds to
	 * the ulp of the larger, 2^-34 near 341584 (fuzz_qasm found it;
	 * crashes/qasm/) and 1/8 near 1e15, so the phase e^i(phi+lambda)
	 * must not come from that sum */
	tp_qsim_gate_u3(&g, -2.9237, 2.3740, -341584);
	tap_ok(unitary(&g), "u3(-2.9237, 2.374, -341584) is unitary");
	tp_qsim_gate_u3(&g, 1, 0.1, 1e15);
	tap_ok(unitary(&g), "u3(1, 0.1, 1e15) is unitary");
	tap_ok(tp_qsim_gate_lookup("foo", p, &g, &np, &nq, &sw) == -1,
	    "foo is no gate");
	tp_qsim_gate_lookup("h", p, &g, &np, &nq, &sw);
	tap_ok(equal(&g, r, r, r, -r), "H = [[1, 1], [1, -1]] / sqrt 2");
	tp_qsim_gate_lookup("y", p, &g, &np, &nq, &sw);
	tap_ok(equal(&g, 0, -I, I, 0), "Y = [[0, -i], [i, 0]]");
	tp_qsim_gate_lookup("t", p, &g, &np, &nq, &sw);
	tap_ok(equal(&g, 1, 0, 0, cexp(I * atan(1))), "T = diag(1, e^(i pi/4))");
	tp_qsim_gate_lookup("rx", p, &g, &np, &nq, &sw);
	tap_ok(equal(&g, cos(0.15), -I * sin(0.15), -I * sin(0.15), cos(0.15)),
	    "Rx(0.3) = cos(0.15) I - i sin(0.15) X");
	tp_qsim_gate_lookup("ry", p, &g, &np, &nq, &sw);
	tap_ok(equal(&g, cos(0.15), -sin(0.15), sin(0.15), cos(0.15)),
	    "Ry(0.3) = cos(0.15) I - i sin(0.15) Y");
	/* qelib1.inc: u2(phi, lambda) = u3(pi/2, phi, lambda) */
	tp_qsim_gate_lookup("u2", p, &g, &np, &nq, &sw);
	tap_ok(equal(&g, r, -cexp(I * -1.1) * r, cexp(I * 0.3) * r,
	    cexp(I * (0.3 - 1.1)) * r), "u2(0.3, -1.1)");
	tap_ok(tp_qsim_gate_lookup("ccx", NULL, &g, &np, &nq, &sw) == 2 &&
	    nq == 3 && np == 0, "ccx: two controls, three qubits");
	tap_ok(tp_qsim_gate_lookup("cu3", NULL, &g, &np, &nq, &sw) == 1 &&
	    nq == 2 && np == 3, "cu3: one control, three parameters");
}

static void
test_state(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qsim s;
	struct tp_qsim_gate x, h, z;
	int np, nq, sw;

	tap_ok(tp_qsim_init(&s, 29, &err) < 0 && err.code == TP_EX_USAGE,
	    "29 qubits refused");
	tp_err_clear(&err);
	tp_qsim_init(&s, 3, &err);
	tp_qsim_gate_lookup("x", NULL, &x, &np, &nq, &sw);
	tp_qsim_gate_lookup("x", (double[3]){ 0 }, &x, &np, &nq, &sw);
	tp_qsim_gate_lookup("h", (double[3]){ 0 }, &h, &np, &nq, &sw);
	tp_qsim_gate_lookup("z", (double[3]){ 0 }, &z, &np, &nq, &sw);
	/* a control not set: nothing */
	tp_qsim_apply(&s, &x, 2, 1);
	tap_ok(tp_qsim_prob(&s, 0) == 1, "cx with its control 0 does nothing");
	tp_qsim_apply(&s, &x, 0, 0);
	tp_qsim_apply(&s, &x, 2, 1);
	tap_ok(tp_qsim_prob(&s, 5) == 1, "x q0 then cx q0,q2: |101>");
	tp_qsim_swap(&s, 0, 1);
	tap_ok(tp_qsim_prob(&s, 6) == 1, "swap q0,q1: |110>");
	tap_ok(fabs(tp_qsim_prob1(&s, 1) - 1) < 1e-15 &&
	    tp_qsim_prob1(&s, 0) == 0, "P(q1 = 1) = 1, P(q0 = 1) = 0");
	/* H Z H = X (Nielsen and Chuang, exercise 4.13) */
	tp_qsim_reset(&s);
	tp_qsim_apply(&s, &h, 1, 0);
	tp_qsim_apply(&s, &z, 1, 0);
	tp_qsim_apply(&s, &h, 1, 0);
	tap_ok(fabs(tp_qsim_prob(&s, 2) - 1) < 1e-15, "HZH |0> = X |0>");
	tp_qsim_release(&s);
}

/*
 * Programs that end where the text ends, copied to the end of a page whose
 * next page is PROT_NONE, and parsed with their exact length: a reader
 * that looks one byte past (strtod after a number did) dies of SIGSEGV.
 * Each expected message is the column where the program runs out or the
 * number stops, counted by hand.
 */
static void
test_guard_page(void)
{
	static const struct {
		const char *text;
		int line;	/* 0: parses */
		const char *msg;
	} cases[] = {
		{ "OPENQASM 2", 1, "column 11: expected ';'" },
		{ "OPENQASM 2.0;\nqreg q[1];\nrx(1.5", 3,
		    "column 7: rx takes 1 parameter" },
		{ "OPENQASM 2.0;\nqreg q[1];\nrx(1e5", 3,
		    "column 7: rx takes 1 parameter" },
		/* "1e" is the number 1 and a stray e */
		{ "OPENQASM 2.0;\nqreg q[1];\nrx(1e", 3,
		    "column 5: rx takes 1 parameter" },
		{ "OPENQASM 2.0;\nqreg q[1];\nU(.", 3,
		    "column 3: a bad number" },
		{ "OPENQASM 2.0;\nqreg q[1];\nh q[0]", 3,
		    "column 7: expected ';'" },
		{ "OPENQASM 2.0;\nqreg q[1];\nrx(pi/2) q[0];", 0, "" },
	};
	struct tp_err err = TP_ERR_INIT;
	struct tp_qcircuit c;
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t k, n;
	int rc;

	if (map == MAP_FAILED || mprotect(map + page, (size_t)page,
	    PROT_NONE) != 0) {
		tap_ok(0, "a guard page: %s", strerror(errno));
		return;
	}
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		n = strlen(cases[k].text);
		memcpy(map + page - n, cases[k].text, n);
		tp_err_clear(&err);
		rc = tp_qasm_parse(&c, "g", map + page - n, n, &err);
		tap_ok(cases[k].line == 0 ? rc == 0 && c.n == 1 : rc < 0 &&
		    err.line == cases[k].line && strcmp(err.msg,
		    cases[k].msg) == 0, "read to the guard page: case %zu "
		    "(%ld: %s)", k, err.line, err.msg);
		tp_qasm_release(&c);
	}
	/* no text at all: NULL and 0 */
	tp_err_clear(&err);
	tap_ok(tp_qasm_parse(&c, "g", NULL, 0, &err) < 0 && err.line == 1 &&
	    strcmp(err.msg, "column 1: a program starts with OPENQASM 2.0;")
	    == 0, "no text is no program (%s)", err.msg);
	munmap(map, 2 * (size_t)page);
}

/* A random circuit of ngates gates on nq qubits (at least 3), as
 * tp_qasm_run takes it: a third cx, some swaps and Toffolis when asked. */
static void
random_circuit(struct tp_qcircuit *c, struct tp_rand *r, int nqubits,
    int ngates, int more)
{
	static const char *const g1[] = { "h", "x", "rx", "ry", "u3", "t" };
	double p[3];
	int np, nq, sw, k, n = nqubits;

	memset(c, 0, sizeof(*c));
	c->nqubits = n;
	c->ops = calloc((size_t)ngates, sizeof(*c->ops));
	c->n = c->cap = (size_t)ngates;
	for (k = 0; k < ngates; k++) {
		struct tp_qop *op = &c->ops[k];

		p[0] = tp_rand_uniform(r) * 6;
		p[1] = tp_rand_uniform(r) * 6;
		p[2] = tp_rand_uniform(r) * 6;
		op->kind = TP_QOP_GATE;
		op->q[0] = (int)tp_rand_below(r, (uint64_t)n);
		op->q[1] = (op->q[0] + 1 + (int)tp_rand_below(r,
		    (uint64_t)n - 1)) % n;
		op->q[2] = (op->q[1] + 1 + (int)tp_rand_below(r,
		    (uint64_t)n - 2)) % n;
		if (op->q[2] == op->q[0])
			op->q[2] = (op->q[2] + 1) % n == op->q[1] ?
			    (op->q[2] + 2) % n : (op->q[2] + 1) % n;
		if (more && k % 7 == 3) {
			op->kind = TP_QOP_SWAP;
			op->nq = 2;
		} else if (more && k % 7 == 5) {
			op->nq = 3;
			tp_qsim_gate_lookup("ccx", p, &op->g, &np, &nq, &sw);
		} else if (k % 3 == 2) {
			op->nq = 2;
			tp_qsim_gate_lookup("cx", p, &op->g, &np, &nq, &sw);
		} else {
			op->nq = 1;
			tp_qsim_gate_lookup(g1[tp_rand_below(r, 6)], p, &op->g,
			    &np, &nq, &sw);
		}
	}
}

/*
 * A swap on a state large enough to be shared among the cores (20
 * qubits), against the definition: amplitude i moves to i with bits a
 * and b exchanged.
 */
static void
test_big_swap(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qsim s;
	struct tp_qsim_gate g;
	struct tp_rand r;
	double complex *before;
	size_t i, j, bad = 0;
	int q;

	tp_qsim_init(&s, 20, &err);
	tp_rand_seed(&r, 3);
	for (q = 0; q < 20; q++) {	/* a state with no symmetry */
		tp_qsim_gate_u3(&g, tp_rand_uniform(&r) * 3,
		    tp_rand_uniform(&r) * 3, tp_rand_uniform(&r) * 3);
		tp_qsim_apply(&s, &g, q, 0);
	}
	before = malloc(s.dim * sizeof(*before));
	memcpy(before, s.amp, s.dim * sizeof(*before));
	tp_qsim_swap(&s, 17, 3);
	for (i = 0; i < s.dim; i++) {
		j = i;
		if ((i >> 3 & 1) != (i >> 17 & 1))
			j = i ^ ((size_t)1 << 3) ^ ((size_t)1 << 17);
		bad += s.amp[j] != before[i];
	}
	tap_ok(bad == 0, "swap on 20 qubits, shared among the cores: every "
	    "amplitude where it belongs (%zu misplaced)", bad);
	free(before);
	tp_qsim_release(&s);
}

/*
 * The CUDA gate kernels against their CPU twin (tp_qasm_run), on random
 * circuits of 3, 12 and 21 qubits with swaps and Toffolis: every
 * amplitude within 1e-12.  Skipped, saying why, without a GPU.
 */
static void
test_cuda(void)
{
	struct tp_err err = TP_ERR_INIT;
	static const int sizes[] = { 3, 12, 21 };
	struct tp_qcircuit c;
	struct tp_qsim cpu, gpu;
	struct tp_rand r;
	double worst;
	size_t i;
	int k;

	if (!tp_qcuda_available(&err)) {
		char why[600];

		snprintf(why, sizeof(why), "GPU gate kernels: %s", err.msg);
		for (k = 0; k < 3; k++)
			tap_skip(why);
		return;
	}
	tp_rand_seed(&r, 5);
	for (k = 0; k < 3; k++) {
		random_circuit(&c, &r, sizes[k], 120, 1);
		tp_qsim_init(&cpu, sizes[k], &err);
		tp_qsim_init(&gpu, sizes[k], &err);
		tp_qasm_run(&c, &cpu);
		worst = tp_qcuda_run(&c, &gpu, &err) < 0 ? 1 : 0;
		for (i = 0; i < cpu.dim; i++)
			if (cabs(cpu.amp[i] - gpu.amp[i]) > worst)
				worst = cabs(cpu.amp[i] - gpu.amp[i]);
		tap_ok(worst < 1e-12, "CUDA = CPU on %d qubits, 120 gates "
		    "(worst %.1e) %s", sizes[k], worst, err.msg);
		tp_qsim_release(&cpu);
		tp_qsim_release(&gpu);
		tp_qasm_release(&c);
	}
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The circuits DIR/c00.qasm ... c63.qasm into c; 0 when all are there. */
static int
load_dir(const char *dir, struct tp_qcircuit *c)
{
	struct tp_err err = TP_ERR_INIT;
	char path[4096];
	int k;

	for (k = 0; k < 64; k++) {
		snprintf(path, sizeof(path), "%s/c%02d.qasm", dir, k);
		if (tp_qasm_load(&c[k], path, &err) < 0) {
			fprintf(stderr, "test_qsim: %s: %s\n", path, err.msg);
			while (k-- > 0)
				tp_qasm_release(&c[k]);
			return -1;
		}
	}
	return 0;
}

static int
bench(const char *dir)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qcircuit c[64];
	struct tp_qsim s;
	struct tp_qsim_gate h;
	struct tp_rand r;
	double t0, t, best = 1e9, bestcpy = 1e9, sum = 0;
	long n = 200000, i;
	int k, np, nq, sw;
	void *copy;

	tp_rand_seed(&r, 1);
	if (dir == NULL || load_dir(dir, c) < 0)
		for (dir = NULL, k = 0; k < 64; k++)
			random_circuit(&c[k], &r, 8, 40, 0);
	if (tp_qsim_init(&s, 8, &err) < 0)
		return 1;
	t0 = now();
	for (i = 0; i < n; i++) {
		tp_qasm_run(&c[i % 64], &s);
		sum += tp_qsim_prob(&s, 0);
	}
	t = now() - t0;
	printf("8 qubits, 40 gates (a third cx)%s: %.0f circuits/s on one "
	    "core (%.2f us each; check %.3f)\n", dir ? ", 64 in QASM" : "",
	    (double)n / t, t / (double)n * 1e6, sum / (double)n);
	tp_qsim_release(&s);
	for (k = 0; k < 64; k++)
		tp_qasm_release(&c[k]);
	if (tp_qsim_init(&s, 24, &err) < 0 ||
	    (copy = malloc(s.dim * sizeof(*s.amp))) == NULL)
		return 1;
	memcpy(copy, s.amp, s.dim * sizeof(*s.amp));
	tp_qsim_gate_lookup("h", (double[3]){ 0 }, &h, &np, &nq, &sw);
	for (k = 0; k < 5; k++) {
		t0 = now();
		tp_qsim_apply(&s, &h, k * 5 % 24, 0);
		t = now() - t0;
		best = t < best ? t : best;
		t0 = now();
		memcpy(copy, s.amp, s.dim * sizeof(*s.amp));
		t = now() - t0;
		bestcpy = t < bestcpy ? t : bestcpy;
	}
	printf("24 qubits (256 MiB): one H %.1f ms, memcpy %.1f ms: %.2fx\n",
	    best * 1e3, bestcpy * 1e3, best / bestcpy);
	free(copy);
	tp_qsim_release(&s);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--bench") == 0)
		return bench(argc > 2 ? argv[2] : NULL);
	test_gates();
	test_state();
	test_guard_page();
	test_big_swap();
	test_cuda();
	return tap_done();
}
