/*
 * qsim.cu: the state-vector simulator's CUDA kernels (tp_gpu.h, behind
 * lib/quantum/tp_qcuda.h).  The arithmetic is that of lib/quantum/tp_qsim.c and
 * lib/quantum/tp_qmodel.c, the kernels' CPU twins, written out the same way, so
 * results agree with them to rounding (the tests check 1e-12).
 *
 *   k_gate, k_swap  one gate over a whole state in global memory: one
 *                   thread an amplitude pair, in a grid-stride loop
 *   k_scores        the scoring circuit of a model, one block a feature
 *                   row, the row's state in shared memory: the batched
 *                   kernel that scores many signals at once
 */
#include <cuda_runtime.h>
#include <stdio.h>

#include "quantum/tp_gpu.h"

#define PI 3.14159265358979323846
#define THREADS 256
#define MAXBLOCKS 65535

struct gate {
	double2 a, b, c, d;
};

__device__ static double2
cmul(double2 x, double2 y)
{
	return make_double2(x.x * y.x - x.y * y.y, x.x * y.y + x.y * y.x);
}

__device__ static double2
cadd(double2 x, double2 y)
{
	return make_double2(x.x + y.x, x.y + y.y);
}

/* k with a 0 bit inserted at position t: the pair's lower index. */
__device__ static size_t
insert0(size_t k, int t)
{
	size_t low = k & (((size_t)1 << t) - 1);

	return ((k >> t) << (t + 1)) | low;
}

__device__ static void
pair(double2 *amp, size_t i0, size_t i1, const struct gate &g)
{
	double2 x = amp[i0], y = amp[i1];

	amp[i0] = cadd(cmul(g.a, x), cmul(g.b, y));
	amp[i1] = cadd(cmul(g.c, x), cmul(g.d, y));
}

__global__ static void
k_gate(double2 *amp, size_t half, int t, unsigned long long ctl,
    struct gate g)
{
	size_t k, i0;

	for (k = blockIdx.x * (size_t)blockDim.x + threadIdx.x; k < half;
	    k += (size_t)gridDim.x * blockDim.x) {
		i0 = insert0(k, t);
		if ((i0 & ctl) == ctl)
			pair(amp, i0, i0 | ((size_t)1 << t), g);
	}
}

/* Exchange qubits lo < hi: amplitudes ...1...0... and ...0...1... */
__global__ static void
k_swap(double2 *amp, size_t quarter, int lo, int hi)
{
	size_t k, i, a, b;
	double2 x;

	for (k = blockIdx.x * (size_t)blockDim.x + threadIdx.x; k < quarter;
	    k += (size_t)gridDim.x * blockDim.x) {
		i = insert0(insert0(k, lo), hi);
		a = i | ((size_t)1 << lo);
		b = i | ((size_t)1 << hi);
		x = amp[a], amp[a] = amp[b], amp[b] = x;
	}
}

static int
fail(cudaError_t e, const char *what, char *why, size_t n)
{
	snprintf(why, n, "%s: %s", what, cudaGetErrorString(e));
	return -1;
}

#define CHECK(call, what) do {						\
	cudaError_t e_ = (call);					\
	if (e_ != cudaSuccess) {					\
		rc = fail(e_, what, why, n);				\
		goto out;						\
	}								\
} while (0)

static unsigned
blocks_for(size_t items)
{
	size_t b = (items + THREADS - 1) / THREADS;

	return b < 1 ? 1 : b > MAXBLOCKS ? MAXBLOCKS : (unsigned)b;
}

extern "C" int
tp_gpu_available(char *why, size_t n)
{
	int count = 0;
	cudaError_t e = cudaGetDeviceCount(&count);

	if (e != cudaSuccess)
		return fail(e, "no usable GPU", why, n);
	if (count < 1) {
		snprintf(why, n, "no GPU found");
		return -1;
	}
	return 0;
}

extern "C" int
tp_gpu_run(double *amp, int nq, const struct tp_gpu_op *ops, size_t nops,
    char *why, size_t n)
{
	size_t dim = (size_t)1 << nq, k;
	double2 *d = NULL;
	struct gate g;
	int rc = 0, lo, hi;

	CHECK(cudaMalloc(&d, dim * sizeof(double2)), "cudaMalloc");
	CHECK(cudaMemcpy(d, amp, dim * sizeof(double2),
	    cudaMemcpyHostToDevice), "copying the state in");
	for (k = 0; k < nops; k++) {
		const struct tp_gpu_op *op = &ops[k];

		if (op->kind == TP_GPU_SWAP) {
			if (nq < 2 || op->t == op->u)
				continue;
			lo = op->t < op->u ? op->t : op->u;
			hi = op->t < op->u ? op->u : op->t;
			k_swap<<<blocks_for(dim / 4), THREADS>>>(d, dim / 4,
			    lo, hi);
		} else {
			g.a = make_double2(op->m[0], op->m[1]);
			g.b = make_double2(op->m[2], op->m[3]);
			g.c = make_double2(op->m[4], op->m[5]);
			g.d = make_double2(op->m[6], op->m[7]);
			k_gate<<<blocks_for(dim / 2), THREADS>>>(d, dim / 2,
			    op->t, op->ctl, g);
		}
		CHECK(cudaGetLastError(), "a gate kernel");
	}
	CHECK(cudaMemcpy(amp, d, dim * sizeof(double2),
	    cudaMemcpyDeviceToHost), "copying the state out");
out:
	cudaFree(d);
	return rc;
}

/* ---- the batched scoring kernel ----------------------------------------- */

struct dmodel {
	int nq, layers, nfeat;
	const double *mean, *scale, *theta;
};

/* One gate on the block's shared state s: each thread some pairs. */
__device__ static void
block_gate(double2 *s, int half, int t, const struct gate &g)
{
	int k;

	for (k = threadIdx.x; k < half; k += blockDim.x) {
		size_t i0 = insert0((size_t)k, t);

		pair(s, i0, i0 | ((size_t)1 << t), g);
	}
	__syncthreads();
}

__device__ static void
block_cnot(double2 *s, int half, int c, int t)
{
	double2 x;
	int k;

	for (k = threadIdx.x; k < half; k += blockDim.x) {
		size_t i0 = insert0((size_t)k, t), i1 = i0 | ((size_t)1 << t);

		if (i0 & ((size_t)1 << c))
			x = s[i0], s[i0] = s[i1], s[i1] = x;
	}
	__syncthreads();
}

/* RZ(z) RY(y) multiplied out, as lib/quantum/tp_qmodel.c's rzry */
__device__ static struct gate
rzry(double y, double z)
{
	double c = cos(y / 2), sn = sin(y / 2);
	double zc = cos(z / 2), zs = sin(z / 2);
	struct gate g = { make_double2(zc * c, -zs * c),
	    make_double2(-zc * sn, zs * sn), make_double2(zc * sn, zs * sn),
	    make_double2(zc * c, zs * c) };

	return g;
}

/* tp_qmodel_feature */
__device__ static double
feature(const struct dmodel &m, const double *v, int k)
{
	double x = m.scale[k] > 0 ? (v[k] - m.mean[k]) / m.scale[k] : 0;

	return x != x ? 0 : x < -1 ? -1 : x > 1 ? 1 : x;
}

/* tp_qmodel_score, one row a block; the state and the sum in shared
 * memory: 2^nq amplitudes, then blockDim.x partial sums. */
__global__ static void
k_scores(struct dmodel m, const double *v, size_t nrows, double *out)
{
	extern __shared__ double2 shared[];
	double2 *s = shared;
	double *sum = (double *)(shared + ((size_t)1 << m.nq));
	int dim = 1 << m.nq, half = dim / 2, q, l, i;
	const double *t;
	size_t row;

	for (row = blockIdx.x; row < nrows; row += gridDim.x) {
		const double *x = v + row * (size_t)m.nfeat;

		for (i = threadIdx.x; i < dim; i += blockDim.x)
			s[i] = make_double2(i == 0 ? 1 : 0, 0);
		__syncthreads();
		t = m.theta;
		for (l = 0; l < m.layers; l++) {
			for (q = 0; q < m.nq; q++, t += 2)
				block_gate(s, half, q, rzry(t[0] + (l > 0 ? 0 :
				    PI / 2 * (feature(m, x, q % m.nfeat) + 1)),
				    t[1]));
			for (q = 0; m.nq > 1 && q < m.nq; q++) {
				if (m.nq == 2 && q == 1)
					break;	/* a ring of two: one CNOT */
				block_cnot(s, half, q, (q + 1) % m.nq);
			}
		}
		/* P(q0 = 1): the odd states, summed in a tree */
		sum[threadIdx.x] = 0;
		for (i = threadIdx.x; i < half; i += blockDim.x)
			sum[threadIdx.x] += s[2 * i + 1].x * s[2 * i + 1].x +
			    s[2 * i + 1].y * s[2 * i + 1].y;
		__syncthreads();
		for (i = blockDim.x / 2; i > 0; i /= 2) {
			if ((int)threadIdx.x < i)
				sum[threadIdx.x] += sum[threadIdx.x + i];
			__syncthreads();
		}
		if (threadIdx.x == 0)
			out[row] = sum[0];
		__syncthreads();
	}
}

extern "C" int
tp_gpu_scores(const struct tp_gpu_model *hm, const double *v, size_t nrows,
    double *out, char *why, size_t n)
{
	size_t np = (size_t)hm->layers * hm->nq * 2, nv = nrows * hm->nfeat;
	double *dv = NULL, *dout = NULL, *dp = NULL;
	struct dmodel m = { hm->nq, hm->layers, hm->nfeat, NULL, NULL, NULL };
	unsigned threads = hm->nq > 8 ? 256 : 1u << (hm->nq < 6 ? 5 : hm->nq - 1);
	size_t shared = ((size_t)1 << hm->nq) * sizeof(double2) +
	    threads * sizeof(double);
	int rc = 0;

	if (nrows == 0)
		return 0;
	CHECK(cudaMalloc(&dp, (np + 2 * hm->nfeat) * sizeof(double)),
	    "cudaMalloc");
	CHECK(cudaMalloc(&dv, nv * sizeof(double)), "cudaMalloc");
	CHECK(cudaMalloc(&dout, nrows * sizeof(double)), "cudaMalloc");
	CHECK(cudaMemcpy(dp, hm->theta, np * sizeof(double),
	    cudaMemcpyHostToDevice), "copying the model in");
	CHECK(cudaMemcpy(dp + np, hm->mean, hm->nfeat * sizeof(double),
	    cudaMemcpyHostToDevice), "copying the model in");
	CHECK(cudaMemcpy(dp + np + hm->nfeat, hm->scale, hm->nfeat *
	    sizeof(double), cudaMemcpyHostToDevice), "copying the model in");
	CHECK(cudaMemcpy(dv, v, nv * sizeof(double), cudaMemcpyHostToDevice),
	    "copying the rows in");
	m.theta = dp, m.mean = dp + np, m.scale = dp + np + hm->nfeat;
	k_scores<<<nrows < MAXBLOCKS ? (unsigned)nrows : MAXBLOCKS, threads,
	    shared>>>(m, dv, nrows, dout);
	CHECK(cudaGetLastError(), "the scoring kernel");
	CHECK(cudaMemcpy(out, dout, nrows * sizeof(double),
	    cudaMemcpyDeviceToHost), "copying the scores out");
out:
	cudaFree(dv);
	cudaFree(dout);
	cudaFree(dp);
	return rc;
}
