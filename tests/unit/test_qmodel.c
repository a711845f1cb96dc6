/*
 * test_qmodel.c: unit tests for the scoring circuit (lib/quantum/tp_qmodel.c), its
 * model files (lib/quantum/tp_qmfile.c), Adam (lib/quantum/tp_qtrain.c) and the batched
 * CUDA kernel (gpu/qsim.cu) against its CPU twin.
 *
 * "test_qmodel --bench" times the scoring of signals: a model of 8 qubits
 * and 2 layers (8 + 2 x 24 = 56 gates) on 3 features, in circuits a
 * second on one core, on two (the rows halved between two threads), and
 * with the batched CUDA kernel when there is a GPU.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* clock_gettime */
#endif

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "quantum/tp_qcuda.h"
#include "quantum/tp_qmodel.h"
#include "quantum/tp_qtrain.h"
#include "core/tp_rand.h"

#define PI 3.14159265358979323846

static const char *const feat[] = { "a", "b", "c" };

static void
random_model(struct tp_qmodel *m, int nq, int layers, uint64_t seed)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_rand r;
	int k;

	tp_qmodel_init(m, nq, layers, 3, feat, "y", &err);
	tp_rand_seed(&r, seed);
	for (k = 0; k < 3; k++)
		m->mean[k] = k + 1, m->scale[k] = 2;
	for (k = 0; k < tp_qmodel_nparams(m); k++)
		m->theta[k] = (tp_rand_uniform(&r) - 0.5) * 6;
}

/*
 * With every angle 0 a one-qubit model is its encoding alone:
 * RY(t)|0> = cos(t/2)|0> + sin(t/2)|1> (Nielsen and Chuang, eq. 4.5), so
 * the score is sin^2(pi (x + 1) / 4): 0 at x = -1, 1/2 at 0, 1 at +1.
 */
static void
test_encoding(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel m;
	struct tp_qsim s;
	double v[3] = { 1, 0, 0 };

	tp_qmodel_init(&m, 1, 1, 3, feat, NULL, &err);
	m.mean[0] = 1, m.scale[0] = 2;
	tp_qsim_init(&s, 1, &err);
	tap_ok(fabs(tp_qmodel_score(&m, v, &s) - 0.5) < 1e-15,
	    "the mean encodes as 1/2");
	v[0] = -1;
	tap_ok(fabs(tp_qmodel_score(&m, v, &s)) < 1e-15,
	    "mean - scale encodes as |0>");
	v[0] = 3;
	tap_ok(fabs(tp_qmodel_score(&m, v, &s) - 1) < 1e-15,
	    "mean + scale encodes as |1>");
	v[0] = 2;
	tap_ok(fabs(tp_qmodel_score(&m, v, &s) - pow(sin(PI * 1.5 / 4), 2)) <
	    1e-15, "half a scale up: sin^2(3 pi / 8)");
	v[0] = NAN;
	tap_ok(fabs(tp_qmodel_score(&m, v, &s) - 0.5) < 1e-15,
	    "a missing value encodes as the mean");
	tp_qsim_release(&s);
	tp_qmodel_release(&m);
}

/*
 * The parameter-shift gradient against central finite differences (step
 * 1e-5, error of order 1e-10), on 4 qubits, 3 layers, 3 features, random
 * angles; and the score a probability.
 */
static void
test_gradient(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel m;
	double grad[24], x[3] = { 2.5, -0.3, 3.9 }, h = 1e-5;
	double score, up, down, worst = 0;
	struct tp_qsim s;
	int k;

	random_model(&m, 4, 3, 9);
	tp_qsim_init(&s, 4, &err);
	score = tp_qmodel_grad(&m, x, &s, grad);
	tap_ok(score >= 0 && score <= 1, "the score %.6f is a probability",
	    score);
	for (k = 0; k < 24; k++) {
		m.theta[k] += h;
		up = tp_qmodel_score(&m, x, &s);
		m.theta[k] -= 2 * h;
		down = tp_qmodel_score(&m, x, &s);
		m.theta[k] += h;
		if (fabs((up - down) / (2 * h) - grad[k]) > worst)
			worst = fabs((up - down) / (2 * h) - grad[k]);
	}
	tap_ok(worst < 1e-8, "parameter-shift gradient = finite differences "
	    "(worst %.1e)", worst);
	/* outside mean +- scale the features are clipped: 5 and 700 alike */
	x[2] = 5;
	score = tp_qmodel_score(&m, x, &s);
	x[2] = 700;
	tap_ok(fabs(tp_qmodel_score(&m, x, &s) - score) < 1e-15,
	    "features clipped to [-1, 1]");
	tp_qsim_release(&s);
	tp_qmodel_release(&m);
}

/*
 * Adam (Kingma and Ba 2015, Algorithm 1).  Its first step, after the bias
 * corrections, is rate * g / (|g| + eps): each parameter moves by the
 * rate against its gradient's sign (their section 2.1).  On f = (t - 3)^2
 * it settles at 3.
 */
static void
test_adam(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qtrain_adam a;
	double theta[3] = { 1, 1, 1 }, g[3] = { 0.5, -20, 1e-3 }, t = 0;
	int k;

	tp_qtrain_adam_init(&a, 3, 0.1, &err);
	tp_qtrain_adam_step(&a, theta, g);
	tap_ok(fabs(theta[0] - (1 - 0.1 * 0.5 / (0.5 + 1e-8))) < 1e-15 &&
	    fabs(theta[1] - (1 + 0.1 * 20 / (20 + 1e-8))) < 1e-15 &&
	    fabs(theta[2] - (1 - 0.1 * 1e-3 / (1e-3 + 1e-8))) < 1e-15,
	    "the first step is the rate against "
	    "the sign (%.10f %.10f %.10f)", theta[0], theta[1], theta[2]);
	tp_qtrain_adam_release(&a);
	tp_qtrain_adam_init(&a, 1, 0.05, &err);
	for (k = 0; k < 3000; k++) {
		g[0] = 2 * (t - 3);
		tp_qtrain_adam_step(&a, &t, g);
	}
	tap_ok(fabs(t - 3) < 1e-3, "Adam finds the minimum of (t - 3)^2 "
	    "(%.6f)", t);
	tp_qtrain_adam_release(&a);
}

/* A model written and read back scores bit for bit the same. */
static void
test_file(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel m, back;
	struct tp_qsim s;
	char path[] = "/tmp/test_qmodel.XXXXXX";
	double x[3] = { 0.3, 2.2, -1 }, a, b;
	int fd = mkstemp(path), ok;
	FILE *fp;

	close(fd);
	random_model(&m, 5, 2, 3);
	tp_qsim_init(&s, 5, &err);
	ok = tp_qmodel_save(&m, NULL, path, &err) == 0 &&
	    tp_qmodel_load(&back, path, &err) == 0;
	tap_ok(ok, "saved and loaded %s", err.msg);
	a = tp_qmodel_score(&m, x, &s);
	b = ok ? tp_qmodel_score(&back, x, &s) : -1;
	tap_ok(a == b && strcmp(back.feature[1], "b") == 0 &&
	    strcmp(back.label, "y") == 0, "the same score (%.17g, %.17g), "
	    "names and label", a, b);
	tp_qmodel_release(&back);
	fp = fopen(path, "w");
	fputs("{\"format\": \"tp-qvalidate model\", \"version\": 2}\n", fp);
	fclose(fp);
	tp_err_clear(&err);
	tap_ok(tp_qmodel_load(&back, path, &err) < 0 &&
	    strstr(err.msg, "newer") != NULL && err.code == TP_EX_DATAERR,
	    "a newer version is refused: %s", err.msg);
	tp_qmodel_release(&back);
	fp = fopen(path, "w");
	fputs("{\"format\": \"tp-qvalidate model\", \"version\": 1, \"qubits\":"
	    " 2, \"layers\": 1, \"readout\": \"p1(q0)\", \"features\": [\"a\"],"
	    " \"mean\": [0], \"scale\": [1], \"theta\": [1, 2, 3]}\n", fp);
	fclose(fp);
	tp_err_clear(&err);
	tap_ok(tp_qmodel_load(&back, path, &err) < 0 &&
	    strstr(err.msg, "theta") != NULL, "a short theta is refused: %s",
	    err.msg);
	tp_qmodel_release(&back);
	tp_err_clear(&err);
	tap_ok(tp_qmodel_load(&back, "/nonexistent/m.json", &err) < 0 &&
	    err.code == TP_EX_NOINPUT, "a missing file: %s", err.msg);
	tp_qmodel_release(&back);
	unlink(path);
	tp_qsim_release(&s);
	tp_qmodel_release(&m);
}

/*
 * The batched CUDA kernel against its CPU twin, tp_qmodel_scores: 2000
 * random rows (some missing values, some far outside the scales) through
 * models of 1, 2, 6, 8 and 11 qubits; every score within 1e-12.
 */
static void
test_cuda(void)
{
	static const int sizes[] = { 1, 2, 6, 8, 11 };
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel m;
	struct tp_rand r;
	double *v, cpu[2000], gpu[2000], worst;
	int k, i;

	if (!tp_qcuda_available(&err)) {
		char why[600];

		snprintf(why, sizeof(why), "the batched GPU kernel: %s",
		    err.msg);
		for (k = 0; k < 5; k++)
			tap_skip(why);
		return;
	}
	v = malloc(2000 * 3 * sizeof(double));
	tp_rand_seed(&r, 17);
	for (i = 0; i < 6000; i++)
		v[i] = i % 97 == 0 ? NAN : (tp_rand_uniform(&r) - 0.5) * 12;
	for (k = 0; k < 5; k++) {
		random_model(&m, sizes[k], 3, (uint64_t)k);
		tp_qmodel_scores(&m, v, 2000, cpu, &err);
		worst = tp_qcuda_scores(&m, v, 2000, gpu, &err) < 0 ? 1 : 0;
		for (i = 0; i < 2000; i++)
			if (fabs(cpu[i] - gpu[i]) > worst)
				worst = fabs(cpu[i] - gpu[i]);
		tap_ok(worst < 1e-12, "CUDA = CPU scores, %d qubits (worst "
		    "%.1e) %s", sizes[k], worst, err.msg);
		tp_qmodel_release(&m);
	}
	free(v);
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

struct half {
	const struct tp_qmodel *m;
	const double *v;
	size_t n;
	double *out;
};

static void *
score_half(void *arg)
{
	struct half *h = arg;
	struct tp_err err = TP_ERR_INIT;

	tp_qmodel_scores(h->m, h->v, h->n, h->out, &err);
	return NULL;
}

static int
bench(void)
{
	enum { N = 1 << 16 };
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel m;
	struct tp_rand r;
	struct half h[2];
	pthread_t tid;
	double *v = malloc(N * 3 * sizeof(double)), *out = malloc(N *
	    sizeof(double)), t, one, two;
	int i;

	if (v == NULL || out == NULL)
		return 1;
	tp_rand_seed(&r, 4);
	for (i = 0; i < N * 3; i++)
		v[i] = (tp_rand_uniform(&r) - 0.5) * 8;
	random_model(&m, 8, 2, 11);
	t = now();
	tp_qmodel_scores(&m, v, N, out, &err);
	one = N / (now() - t);
	h[0] = (struct half){ &m, v, N / 2, out };
	h[1] = (struct half){ &m, v + N / 2 * 3, N / 2, out + N / 2 };
	t = now();
	if (pthread_create(&tid, NULL, score_half, &h[1]) != 0)
		return 1;
	score_half(&h[0]);
	pthread_join(tid, NULL);
	two = N / (now() - t);
	printf("scoring, 8 qubits, 2 layers (56 gates): %.0f circuits/s on one "
	    "core, %.0f on two\n", one, two);
	if (!tp_qcuda_available(&err)) {
		printf("scoring on the GPU: not measured: %s\n", err.msg);
	} else {
		tp_qcuda_scores(&m, v, N, out, &err);	/* warm up */
		t = now();
		for (i = 0; i < 10; i++)
			tp_qcuda_scores(&m, v, N, out, &err);
		t = 10.0 * N / (now() - t);
		printf("scoring on the GPU, batches of %d: %.0f circuits/s, "
		    "%.1fx the two cores %s\n", N, t, t / two, err.msg);
	}
	tp_qmodel_release(&m);
	free(v);
	free(out);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--bench") == 0)
		return bench();
	test_encoding();
	test_gradient();
	test_adam();
	test_file();
	test_cuda();
	return tap_done();
}
