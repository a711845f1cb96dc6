/*
 * tp_qmodel.c: the scoring circuit and its exact gradient (tp_qmodel.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "quantum/tp_qmodel.h"

#define PI 3.14159265358979323846

int
tp_qmodel_init(struct tp_qmodel *m, int nq, int layers, int nfeat,
    const char *const *feature, const char *label, struct tp_err *err)
{
	int k;

	memset(m, 0, sizeof(*m));
	if (nq < 1 || nq > TP_QSIM_MAX_QUBITS || layers < 1 ||
	    layers > TP_QMODEL_MAX_LAYERS || nfeat < 1 ||
	    nfeat > TP_QMODEL_MAX_FEATURES)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "a model of %d "
		    "qubits, %d layers and %d features cannot be made", nq,
		    layers, nfeat);
	m->nq = nq, m->layers = layers, m->nfeat = nfeat;
	m->theta = calloc((size_t)tp_qmodel_nparams(m), sizeof(double));
	if (m->theta == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (k = 0; k < nfeat; k++) {
		m->scale[k] = 1;
		m->feature[k] = strdup(feature[k]);
		if (m->feature[k] == NULL)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	}
	if (label != NULL && (m->label = strdup(label)) == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	return 0;
}

void
tp_qmodel_release(struct tp_qmodel *m)
{
	int k;

	for (k = 0; k < TP_QMODEL_MAX_FEATURES; k++)
		free(m->feature[k]);
	free(m->label);
	free(m->theta);
	memset(m, 0, sizeof(*m));
}

int
tp_qmodel_nparams(const struct tp_qmodel *m)
{
	return m->layers * m->nq * 2;
}

/*
 * RZ(z) RY(y), one gate: a layer's two rotations of a qubit multiplied
 * out, [[e^(-iz/2) c, -e^(-iz/2) s], [e^(iz/2) s, e^(iz/2) c]] with
 * c = cos(y/2), s = sin(y/2).  RZ here is exp(-i z Z / 2), the rotation,
 * not qelib1.inc's rz (u1), which differs from it by a global phase.
 */
static void
rzry(struct tp_qsim_gate *g, double y, double z)
{
	double c = cos(y / 2), sn = sin(y / 2);
	double complex lo = cexp(-I * z / 2), hi = cexp(I * z / 2);

	g->m[0] = lo * c, g->m[1] = -lo * sn;
	g->m[2] = hi * sn, g->m[3] = hi * c;
}

double
tp_qmodel_feature(const struct tp_qmodel *m, const double *v, int k)
{
	double x = m->scale[k] > 0 ? (v[k] - m->mean[k]) / m->scale[k] : 0;

	return x != x ? 0 : x < -1 ? -1 : x > 1 ? 1 : x;
}

double
tp_qmodel_score(const struct tp_qmodel *m, const double *v,
    struct tp_qsim *s)
{
	static const struct tp_qsim_gate x_gate = { { 0, 1, 1, 0 } };
	struct tp_qsim_gate g;
	const double *t = m->theta;
	int q, l;

	/* 8 + 2 x 24 gates on 8 qubits in 2 layers, run as 32: the
	 * encoding's RY and the first layer's add up (one axis), and each
	 * layer's RY and RZ of a qubit are one product (rzry) */
	tp_qsim_reset(s);
	for (l = 0; l < m->layers; l++) {
		for (q = 0; q < m->nq; q++, t += 2) {
			rzry(&g, t[0] + (l > 0 ? 0 : PI / 2 *
			    (tp_qmodel_feature(m, v, q % m->nfeat) + 1)), t[1]);
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
tp_qmodel_grad(struct tp_qmodel *m, const double *v, struct tp_qsim *s,
    double *grad)
{
	int k, n = tp_qmodel_nparams(m);
	double keep, up, down;

	for (k = 0; k < n; k++) {
		keep = m->theta[k];
		m->theta[k] = keep + PI / 2;
		up = tp_qmodel_score(m, v, s);
		m->theta[k] = keep - PI / 2;
		down = tp_qmodel_score(m, v, s);
		m->theta[k] = keep;
		grad[k] = (up - down) / 2;
	}
	return tp_qmodel_score(m, v, s);
}

int
tp_qmodel_scores(const struct tp_qmodel *m, const double *v, size_t n,
    double *out, struct tp_err *err)
{
	struct tp_qsim s;
	size_t i;

	if (tp_qsim_init(&s, m->nq, err) < 0)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = tp_qmodel_score(m, v + i * (size_t)m->nfeat, &s);
	tp_qsim_release(&s);
	return 0;
}
