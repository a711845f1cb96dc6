/*
 * tp_qcuda.c: tp_qcuda.h over gpu/qsim.cu (tp_gpu.h), or, in a build
 * without nvcc, entry points that say so.
 */
#include <stdlib.h>
#include <string.h>

#include "quantum/tp_gpu.h"
#include "quantum/tp_qcuda.h"

#ifdef TP_HAVE_CUDA

static int
gpu_err(struct tp_err *err, const char *why)
{
	return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "CUDA: %s", why);
}

int
tp_qcuda_available(struct tp_err *err)
{
	char why[200];

	if (tp_gpu_available(why, sizeof(why)) < 0) {
		gpu_err(err, why);
		return 0;
	}
	return 1;
}

/* c's operations as the kernels take them (measurements dropped). */
static struct tp_gpu_op *
gpu_ops(const struct tp_qcircuit *c, size_t *nops)
{
	struct tp_gpu_op *ops = calloc(c->n ? c->n : 1, sizeof(*ops)), *o;
	const struct tp_qop *op;
	size_t i;
	int k;

	if (ops == NULL)
		return NULL;
	o = ops;
	/* by index: c->ops is NULL when c has no ops (NULL + 0 is UB) */
	for (i = 0; i < c->n; i++) {
		op = &c->ops[i];
		if (op->kind == TP_QOP_MEASURE)
			continue;
		if (op->kind == TP_QOP_SWAP) {
			o->kind = TP_GPU_SWAP;
			o->t = op->q[0], o->u = op->q[1];
		} else {
			o->kind = TP_GPU_GATE;
			for (k = 0; k < op->nq - 1; k++)
				o->ctl |= 1ull << op->q[k];
			o->t = op->q[op->nq - 1];
			for (k = 0; k < 4; k++) {
				o->m[2 * k] = creal(op->g.m[k]);
				o->m[2 * k + 1] = cimag(op->g.m[k]);
			}
		}
		o++;
	}
	*nops = (size_t)(o - ops);
	return ops;
}

int
tp_qcuda_run(const struct tp_qcircuit *c, struct tp_qsim *s,
    struct tp_err *err)
{
	struct tp_gpu_op *ops;
	size_t nops = 0;
	char why[200];
	int rc;

	if (!tp_qcuda_available(err))
		return -1;
	ops = gpu_ops(c, &nops);
	if (ops == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	tp_qsim_reset(s);
	rc = tp_gpu_run((double *)s->amp, s->n, ops, nops, why, sizeof(why));
	free(ops);
	return rc < 0 ? gpu_err(err, why) : 0;
}

int
tp_qcuda_scores(const struct tp_qmodel *m, const double *v, size_t n,
    double *out, struct tp_err *err)
{
	struct tp_gpu_model g = { m->nq, m->layers, m->nfeat, m->mean,
	    m->scale, m->theta };
	char why[200];

	if (m->nq > TP_QCUDA_MAX_BATCH_QUBITS)
		return tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "CUDA: the "
		    "batched kernel takes at most %d qubits",
		    TP_QCUDA_MAX_BATCH_QUBITS);
	if (!tp_qcuda_available(err))
		return -1;
	if (tp_gpu_scores(&g, v, n, out, why, sizeof(why)) < 0)
		return gpu_err(err, why);
	return 0;
}

#else

int
tp_qcuda_available(struct tp_err *err)
{
	tp_errf(err, TP_EX_UNAVAILABLE, NULL, 0, "built without CUDA (make "
	    "found no nvcc, or no static CUDA runtime beside it)");
	return 0;
}

int
tp_qcuda_run(const struct tp_qcircuit *c, struct tp_qsim *s,
    struct tp_err *err)
{
	(void)c, (void)s;
	return tp_qcuda_available(err) - 1;
}

int
tp_qcuda_scores(const struct tp_qmodel *m, const double *v, size_t n,
    double *out, struct tp_err *err)
{
	(void)m, (void)v, (void)n, (void)out;
	return tp_qcuda_available(err) - 1;
}

#endif
