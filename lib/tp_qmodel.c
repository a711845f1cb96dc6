/*
 * tp_qmodel.c: the scoring circuit and its exact gradient (tp_qmodel.h).
 */
#include <math.h>

#include "tp_qmodel.h"

#define PI 3.14159265358979323846

int
tp_qmodel_nparams(const struct tp_qmodel *m)
{
	return m->layers * m->nq * 2;
}

static void
ry(struct tp_qgate *g, double t)
{
	double c = cos(t / 2), s = sin(t / 2);

	g->m[0] = c, g->m[1] = -s, g->m[2] = s, g->m[3] = c;
}

/* exp(-i t Z / 2): the rotation, not qelib1.inc's rz (u1), which differs
 * from it by a global phase only. */
static void
rz(struct tp_qgate *g, double t)
{
	g->m[0] = cexp(-I * t / 2), g->m[1] = 0, g->m[2] = 0;
	g->m[3] = cexp(I * t / 2);
}

/* x normalised and clipped to [-1, 1]. */
static double
feature(const struct tp_qmodel *m, const double *x, int k)
{
	double v = m->scale[k] > 0 ? (x[k] - m->mean[k]) / m->scale[k] : 0;

	return v != v ? 0 : v < -1 ? -1 : v > 1 ? 1 : v;
}

double
tp_qmodel_score(const struct tp_qmodel *m, const double *x,
    struct tp_qsim *s)
{
	static const struct tp_qgate x_gate = { { 0, 1, 1, 0 } };
	struct tp_qgate g;
	const double *t = m->theta;
	int q, l;

	tp_qsim_reset(s);
	for (q = 0; q < m->nq; q++) {
		ry(&g, PI * feature(m, x, q % m->nfeat));
		tp_qsim_apply(s, &g, q, 0);
	}
	for (l = 0; l < m->layers; l++) {
		for (q = 0; q < m->nq; q++, t += 2) {
			ry(&g, t[0]);
			tp_qsim_apply(s, &g, q, 0);
			rz(&g, t[1]);
			tp_qsim_apply(s, &g, q, 0);
		}
		for (q = 0; m->nq > 1 && q < m->nq; q++) {
			if (m->nq == 2 && q == 1)
				break;	/* a ring of two is one CNOT */
			tp_qsim_apply(s, &x_gate, (q + 1) % m->nq,
			    (uint64_t)1 << q);
		}
	}
	return tp_qsim_prob1(s, 0);
}

double
tp_qmodel_grad(struct tp_qmodel *m, const double *x, struct tp_qsim *s,
    double *grad)
{
	int k, n = tp_qmodel_nparams(m);
	double keep, up, down;

	for (k = 0; k < n; k++) {
		keep = m->theta[k];
		m->theta[k] = keep + PI / 2;
		up = tp_qmodel_score(m, x, s);
		m->theta[k] = keep - PI / 2;
		down = tp_qmodel_score(m, x, s);
		m->theta[k] = keep;
		grad[k] = (up - down) / 2;
	}
	return tp_qmodel_score(m, x, s);
}
