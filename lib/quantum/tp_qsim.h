/*
 * tp_qsim.h: a state-vector simulator of quantum circuits (tp-qvalidate(1)).
 *
 * A classical simulation: the 2^n complex amplitudes of n qubits held in
 * memory and multiplied through gate by gate.  Basis states are numbered
 * with qubit 0 as the lowest bit (the convention of OpenQASM's reference
 * simulators), so |q2 q1 q0> is amplitude q2*4 + q1*2 + q0.
 *
 * Every gate is either a 2x2 unitary on one qubit, optionally controlled
 * by one or two others, or a swap: the qelib1.inc gates reduce to these.
 */
#ifndef TP_QSIM_H
#define TP_QSIM_H

#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tp_err.h"

#define TP_QSIM_MAX_QUBITS 28

struct tp_qsim {
	int n;			/* qubits */
	size_t dim;		/* 2^n */
	double complex *amp;
};

/* The 2x2 matrix [[a, b], [c, d]]. */
struct tp_qsim_gate {
	double complex m[4];
};

#define TP_QSIM_MAX_THREADS 8

/* The threads a large state is shared among: the cores, at most
 * TP_QSIM_MAX_THREADS, counted once even when several threads ask at the
 * same time. */
int tp_qsim_threads(void);

/* fn on each of n items (n <= TP_QSIM_MAX_THREADS) lying size bytes
 * apart from items: the first on this thread, the others on threads of
 * their own, one whose thread cannot start here too.  Returns when all
 * are done. */
void tp_qsim_parallel(void *(*fn)(void *), void *items, size_t size, int n);

/* |0...0> on n qubits (1 to TP_QSIM_MAX_QUBITS); -1 with err. */
int tp_qsim_init(struct tp_qsim *s, int n, struct tp_err *err);
void tp_qsim_release(struct tp_qsim *s);
void tp_qsim_reset(struct tp_qsim *s);

/* Apply g to qubit t, when every qubit of the mask ctl is 1 (ctl 0: no
 * control). */
void tp_qsim_apply(struct tp_qsim *s, const struct tp_qsim_gate *g, int t,
    uint64_t ctl);
/* Exchange qubits a and b. */
void tp_qsim_swap(struct tp_qsim *s, int a, int b);

/* The probability of basis state i, and of qubit q being 1. */
double tp_qsim_prob(const struct tp_qsim *s, size_t i);
double tp_qsim_prob1(const struct tp_qsim *s, int q);

/* The gates of qelib1.inc by name, with their parameters: the matrix of
 * the single-qubit gate under the controls.  Returns the number of
 * controls (0, 1 or 2), or -1 for a name that is not a gate; *nparam is
 * how many parameters the gate takes, *swap set for "swap".  Call with
 * p NULL to learn the arity only. */
int tp_qsim_gate_lookup(const char *name, const double *p,
    struct tp_qsim_gate *g, int *nparam, int *nqubits, int *swap);

/* u3(theta, phi, lambda) of qelib1.inc. */
void tp_qsim_gate_u3(struct tp_qsim_gate *g, double theta, double phi,
    double lambda);

#endif
