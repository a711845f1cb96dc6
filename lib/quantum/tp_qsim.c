/*
 * tp_qsim.c: the state vector and its gates (tp_qsim.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quantum/tp_qsim.h"

#define TP_PI 3.14159265358979323846

int
tp_qsim_init(struct tp_qsim *s, int n, struct tp_err *err)
{
	memset(s, 0, sizeof(*s));
	if (n < 1 || n > TP_QSIM_MAX_QUBITS)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "%d qubits: from 1 to "
		    "%d can be simulated", n, TP_QSIM_MAX_QUBITS);
	s->n = n;
	s->dim = (size_t)1 << n;
	if ((s->amp = malloc(s->dim * sizeof(*s->amp))) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "%d qubits: out of "
		    "memory for %zu amplitudes", n, s->dim);
	tp_qsim_reset(s);
	return 0;
}

void
tp_qsim_release(struct tp_qsim *s)
{
	free(s->amp);
	memset(s, 0, sizeof(*s));
}

void
tp_qsim_reset(struct tp_qsim *s)
{
	memset(s->amp, 0, s->dim * sizeof(*s->amp));
	s->amp[0] = 1;
}

/* The pair of amplitudes at a[i] and a[j] (reals and imaginaries
 * interleaved) times the matrix m (the same). */
static inline void
pair(double *a, size_t i, size_t j, const double *m)
{
	double ar = a[2 * i], ai = a[2 * i + 1];
	double br = a[2 * j], bi = a[2 * j + 1];

	a[2 * i] = m[0] * ar - m[1] * ai + m[2] * br - m[3] * bi;
	a[2 * i + 1] = m[0] * ai + m[1] * ar + m[2] * bi + m[3] * br;
	a[2 * j] = m[4] * ar - m[5] * ai + m[6] * br - m[7] * bi;
	a[2 * j + 1] = m[4] * ai + m[5] * ar + m[6] * bi + m[7] * br;
}

/* Only the second of the pair: a diagonal gate with 1 on |0> (z, s, t,
 * u1 ...). */
static inline void
phase(double *a, size_t j, const double *m)
{
	double br = a[2 * j], bi = a[2 * j + 1];

	a[2 * j] = m[6] * br - m[7] * bi;
	a[2 * j + 1] = m[6] * bi + m[7] * br;
}

/* x, cx, ccx: the pair exchanged. */
static inline void
flip(double *a, size_t i, size_t j)
{
	double r = a[2 * i], im = a[2 * i + 1];

	a[2 * i] = a[2 * j];
	a[2 * i + 1] = a[2 * j + 1];
	a[2 * j] = r;
	a[2 * j + 1] = im;
}

/* A share of one gate's work: blocks b0..b1 of 2^(t+1) amplitudes, and
 * in each the pairs (i, i + 2^t) at offsets k0..k1 of the first half. */
struct job {
	double *a;
	const double *m;
	int kind;		/* 0 general, 1 phase, 2 exchange, 3 swap */
	size_t stride, b0, b1, k0, k1;
	uint64_t ctl;
	size_t back;		/* swap: i's partner is i + stride - back */
};

/* Each pair of j whose control bits are all set. */
#define EACH_PAIR(j, body) do {						\
	size_t b_, i, o_;						\
	for (b_ = (j)->b0; b_ < (j)->b1; b_++)				\
		for (o_ = 2 * (j)->stride * b_, i = o_ + (j)->k0;	\
		    i < o_ + (j)->k1; i++)				\
			if ((i & (j)->ctl) == (j)->ctl) {		\
				body;					\
			}						\
} while (0)

static void *
work(void *arg)
{
	struct job j = *(const struct job *)arg;
	double *a = j.a, m[8] = { 0 };
	size_t st = j.stride;

	/* the matrix copied here, so that stores to the amplitudes (doubles
	 * too) need not reload it */
	if (j.m != NULL)
		memcpy(m, j.m, sizeof(m));
	if (j.kind == 1)
		EACH_PAIR(&j, phase(a, i + st, m));
	else if (j.kind == 2)
		EACH_PAIR(&j, flip(a, i, i + st));
	else if (j.kind == 3)
		EACH_PAIR(&j, flip(a, i, i + st - j.back));
	else
		EACH_PAIR(&j, pair(a, i, i + st, m));
	return NULL;
}

/* States this large (4 MiB) are shared among the cores; smaller ones
 * take less time than starting a thread. */
#define SHARED (1u << 18)

static int nthreads = 1;

static void
count_cores(void)
{
	long c = sysconf(_SC_NPROCESSORS_ONLN);

	nthreads = c < 1 ? 1 : c > TP_QSIM_MAX_THREADS ? TP_QSIM_MAX_THREADS :
	    (int)c;
}

int
tp_qsim_threads(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, count_cores);
	return nthreads;
}

/* The pairs of target t under control mask ctl, of the given kind, cut
 * into shares for the cores. */
static void
run_jobs(struct tp_qsim *s, int t, uint64_t ctl, const double *m, int kind,
    size_t back)
{
	struct job j[TP_QSIM_MAX_THREADS];
	size_t stride = (size_t)1 << t, nb = s->dim / (2 * stride);
	int n = s->dim >= SHARED ? tp_qsim_threads() : 1, w;

	for (w = 0; w < n; w++) {
		j[w] = (struct job){ (double *)s->amp, m, kind, stride, 0, nb, 0,
		    stride, ctl, back };
		if (nb >= (size_t)n) {
			j[w].b0 = nb * (size_t)w / (size_t)n;
			j[w].b1 = nb * (size_t)(w + 1) / (size_t)n;
		} else {
			j[w].k0 = stride * (size_t)w / (size_t)n;
			j[w].k1 = stride * (size_t)(w + 1) / (size_t)n;
		}
	}
	tp_qsim_parallel(work, j, sizeof(j[0]), n);
}

void
tp_qsim_parallel(void *(*fn)(void *), void *items, size_t size, int n)
{
	pthread_t tid[TP_QSIM_MAX_THREADS];
	int started[TP_QSIM_MAX_THREADS], w;
	char *at = items;

	/* the others in threads, the first here; one that cannot start is
	 * done here too */
	for (w = 1; w < n; w++)
		started[w] = pthread_create(&tid[w], NULL, fn,
		    at + (size_t)w * size) == 0;
	fn(at);
	for (w = 1; w < n; w++) {
		if (started[w])
			pthread_join(tid[w], NULL);
		else
			fn(at + (size_t)w * size);
	}
}

/*
 * The arithmetic is written out in reals (C's complex product checks for
 * infinities through a library call), and the gates most circuits are
 * made of take less of it: an exchange for x and cx, one product for the
 * phase gates.  A large state is cut into as many shares as there are
 * cores, by blocks, or within the blocks when there are fewer of them.
 */
void
tp_qsim_apply(struct tp_qsim *s, const struct tp_qsim_gate *g, int t,
    uint64_t ctl)
{
	double m[8];
	int k, kind = 0;

	for (k = 0; k < 4; k++) {
		m[2 * k] = creal(g->m[k]);
		m[2 * k + 1] = cimag(g->m[k]);
	}
	if (g->m[1] == 0 && g->m[2] == 0 && g->m[0] == 1)
		kind = 1;
	else if (g->m[0] == 0 && g->m[3] == 0 && g->m[1] == 1 && g->m[2] == 1)
		kind = 2;
	run_jobs(s, t, ctl, m, kind, 0);
}

/* The amplitudes of ...1...0... and ...0...1... exchanged: the pairs of
 * target hi whose qubit lo is 1, each with the state lo and hi swapped. */
void
tp_qsim_swap(struct tp_qsim *s, int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	if (a != b)
		run_jobs(s, hi, (uint64_t)1 << lo, NULL, 3, (size_t)1 << lo);
}

double
tp_qsim_prob(const struct tp_qsim *s, size_t i)
{
	double re = creal(s->amp[i]), im = cimag(s->amp[i]);

	return re * re + im * im;
}

double
tp_qsim_prob1(const struct tp_qsim *s, int q)
{
	size_t i;
	double p = 0;

	for (i = 0; i < s->dim; i++)
		if (i >> q & 1)
			p += tp_qsim_prob(s, i);
	return p;
}

/* The matrix of qelib1.inc's u3:
 * [[cos(t/2), -e^(il) sin(t/2)], [e^(ip) sin(t/2), e^(i(p+l)) cos(t/2)]]. */
void
tp_qsim_gate_u3(struct tp_qsim_gate *g, double theta, double phi, double lambda)
{
	double c = cos(theta / 2), s = sin(theta / 2);
	double complex ephi = cexp(I * phi), elambda = cexp(I * lambda);

	/* e^i(phi + lambda) as the product of the two phases, not of their
	 * sum: phi + lambda rounds to the ulp of the larger, which for
	 * u3(1, 2.374, -341584) is 6e-11 of phase, and the matrix is then
	 * that far from unitary; the product is unitary to rounding at any
	 * angle */
	g->m[0] = c;
	g->m[1] = -elambda * s;
	g->m[2] = ephi * s;
	g->m[3] = ephi * elambda * c;
}

static void
set(struct tp_qsim_gate *g, double complex a, double complex b,
    double complex c, double complex d)
{
	g->m[0] = a, g->m[1] = b, g->m[2] = c, g->m[3] = d;
}

/*
 * qelib1.inc's gates.  rz is u1 there (a phase on |1>), as are t, s and
 * their inverses; crz is the controlled rotation diag(e^(-il/2), e^(il/2));
 * cu1 and cu3 are u1 and u3 under a control (the decompositions in
 * qelib1.inc multiply out to exactly these: for cu3, Qiskit's, whose
 * u1((lambda+phi)/2) on the control the paper's appendix lacks).
 */
int
tp_qsim_gate_lookup(const char *name, const double *p, struct tp_qsim_gate *g,
    int *nparam, int *nqubits, int *swap)
{
	static const struct {
		const char *name;
		int np, nq, ctl;
	} gates[] = {
		{ "x", 0, 1, 0 }, { "y", 0, 1, 0 }, { "z", 0, 1, 0 },
		{ "h", 0, 1, 0 }, { "s", 0, 1, 0 }, { "sdg", 0, 1, 0 },
		{ "t", 0, 1, 0 }, { "tdg", 0, 1, 0 }, { "id", 0, 1, 0 },
		{ "rx", 1, 1, 0 }, { "ry", 1, 1, 0 }, { "rz", 1, 1, 0 },
		{ "u1", 1, 1, 0 }, { "u2", 2, 1, 0 }, { "u3", 3, 1, 0 },
		{ "U", 3, 1, 0 }, { "cx", 0, 2, 1 }, { "CX", 0, 2, 1 },
		{ "cz", 0, 2, 1 }, { "cy", 0, 2, 1 }, { "crz", 1, 2, 1 },
		{ "cu1", 1, 2, 1 }, { "cu3", 3, 2, 1 }, { "swap", 0, 2, 0 },
		{ "ccx", 0, 3, 2 },
	};
	const double r = sqrt(0.5);
	size_t k;

	for (k = 0; k < sizeof(gates) / sizeof(gates[0]); k++)
		if (strcmp(gates[k].name, name) == 0)
			break;
	if (k == sizeof(gates) / sizeof(gates[0]))
		return -1;
	*nparam = gates[k].np;
	*nqubits = gates[k].nq;
	*swap = strcmp(name, "swap") == 0;
	if (p == NULL)
		return gates[k].ctl;
	if (!strcmp(name, "x") || !strcmp(name, "cx") || !strcmp(name, "CX") ||
	    !strcmp(name, "ccx") || *swap)
		set(g, 0, 1, 1, 0);
	else if (!strcmp(name, "y") || !strcmp(name, "cy"))
		set(g, 0, -I, I, 0);
	else if (!strcmp(name, "z") || !strcmp(name, "cz"))
		set(g, 1, 0, 0, -1);
	else if (!strcmp(name, "h"))
		set(g, r, r, r, -r);
	else if (!strcmp(name, "s"))
		set(g, 1, 0, 0, I);
	else if (!strcmp(name, "sdg"))
		set(g, 1, 0, 0, -I);
	else if (!strcmp(name, "t"))
		set(g, 1, 0, 0, cexp(I * TP_PI / 4));
	else if (!strcmp(name, "tdg"))
		set(g, 1, 0, 0, cexp(-I * TP_PI / 4));
	else if (!strcmp(name, "id"))
		set(g, 1, 0, 0, 1);
	else if (!strcmp(name, "rx"))
		set(g, cos(p[0] / 2), -I * sin(p[0] / 2), -I * sin(p[0] / 2),
		    cos(p[0] / 2));
	else if (!strcmp(name, "ry"))
		set(g, cos(p[0] / 2), -sin(p[0] / 2), sin(p[0] / 2),
		    cos(p[0] / 2));
	else if (!strcmp(name, "rz") || !strcmp(name, "u1") ||
	    !strcmp(name, "cu1"))
		set(g, 1, 0, 0, cexp(I * p[0]));
	else if (!strcmp(name, "crz"))
		set(g, cexp(-I * p[0] / 2), 0, 0, cexp(I * p[0] / 2));
	else if (!strcmp(name, "u2"))
		tp_qsim_gate_u3(g, TP_PI / 2, p[0], p[1]);
	else	/* u3, U, cu3 */
		tp_qsim_gate_u3(g, p[0], p[1], p[2]);
	return gates[k].ctl;
}
