/*
 * tp_gpu.h: the plain interface between libtp's C and gpu/'s CUDA C++,
 * with no C99 complex types (which C++ lacks): amplitudes are pairs of
 * doubles (re, im), as double complex lays them out.  Only tp_qcuda.c
 * calls these; see tp_qcuda.h.  Each returns 0, or -1 with a reason in
 * why[0..n).
 */
#ifndef TP_GPU_H
#define TP_GPU_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { TP_GPU_GATE, TP_GPU_SWAP };

struct tp_gpu_op {
	int kind;
	int t;			/* GATE: the target; SWAP: one qubit */
	int u;			/* SWAP: the other */
	unsigned long long ctl;	/* GATE: control mask */
	double m[8];		/* GATE: a b c d as (re, im) pairs */
};

struct tp_gpu_model {
	int nq, layers, nfeat;
	const double *mean, *scale, *theta;
};

int tp_gpu_available(char *why, size_t n);
/* Apply ops[0..nops) to the 2^nq amplitudes at amp (host memory). */
int tp_gpu_run(double *amp, int nq, const struct tp_gpu_op *ops,
    size_t nops, char *why, size_t n);
/* Score rows v[0..nrows) (nfeat each) into out. */
int tp_gpu_scores(const struct tp_gpu_model *m, const double *v,
    size_t nrows, double *out, char *why, size_t n);

#ifdef __cplusplus
}
#endif

#endif
