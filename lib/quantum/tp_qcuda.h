/*
 * tp_qcuda.h: the simulator's CUDA kernels (gpu/qsim.cu), each behind a C
 * entry point and each with a CPU twin that the tests compare it with:
 *
 *   tp_qcuda_run     the gates of a circuit on a state held on the GPU,
 *                    one kernel launch a gate (twin: tp_qasm_run)
 *   tp_qcuda_scores  a scoring circuit on many feature rows at once, one
 *                    thread block a row, its state in shared memory
 *                    (twin: tp_qmodel_scores)
 *
 * Built when the Makefile finds nvcc (TP_HAVE_CUDA); without it, or
 * without a usable GPU at run time, every entry point fails with err
 * saying why and the caller falls back to the twin.
 */
#ifndef TP_QCUDA_H
#define TP_QCUDA_H

#include <stddef.h>

#include "core/tp_err.h"
#include "quantum/tp_qasm.h"
#include "quantum/tp_qmodel.h"

/* The most qubits tp_qcuda_scores takes: the state of a row fills at most
 * 32 KiB of a block's shared memory. */
#define TP_QCUDA_MAX_BATCH_QUBITS 11

/* 1 when a GPU can be used; 0 with err (TP_EX_UNAVAILABLE) saying why. */
int tp_qcuda_available(struct tp_err *err);

/* Run c's gates on s as tp_qasm_run does, on the GPU; -1 with err. */
int tp_qcuda_run(const struct tp_qcircuit *c, struct tp_qsim *s,
    struct tp_err *err);

/* tp_qmodel_scores on the GPU; -1 with err. */
int tp_qcuda_scores(const struct tp_qmodel *m, const double *v, size_t n,
    double *out, struct tp_err *err);

#endif
