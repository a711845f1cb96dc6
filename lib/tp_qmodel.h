/*
 * tp_qmodel.h: a parameterised circuit used as a scoring function
 * (tp-qvalidate(1)): classically simulated, with no claim of quantum
 * advantage.
 *
 * Features, normalised by the model's means and scales and clipped to
 * [-1, 1], are encoded as angles: qubit q gets RY(pi x[q mod nfeat]).
 * Then L layers, each an RY and an RZ on every qubit followed by a ring
 * of CNOTs (q to q + 1, the last to the first).  The score is the
 * probability of reading 1 on qubit 0.  RY and RZ are exp(-i theta P / 2),
 * so the parameter-shift rule gives exact gradients:
 *   d score / d theta = (score(theta + pi/2) - score(theta - pi/2)) / 2
 * (Mitarai et al., Phys. Rev. A 98, 032309, 2018; Schuld et al., Phys.
 * Rev. A 99, 032331, 2019).
 */
#ifndef TP_QMODEL_H
#define TP_QMODEL_H

#include "tp_qsim.h"

#define TP_QMODEL_MAX_FEATURES 16

struct tp_qmodel {
	int nq, layers, nfeat;
	double mean[TP_QMODEL_MAX_FEATURES], scale[TP_QMODEL_MAX_FEATURES];
	double *theta;		/* layers x nq x 2: RY then RZ angles */
};

/* The number of parameters: layers * nq * 2. */
int tp_qmodel_nparams(const struct tp_qmodel *m);

/* The score of features x (m->nfeat of them) on s (m->nq qubits). */
double tp_qmodel_score(const struct tp_qmodel *m, const double *x,
    struct tp_qsim *s);

/* The score's gradient in every parameter into grad (nparams), by the
 * parameter-shift rule: two circuits a parameter.  Returns the score. */
double tp_qmodel_grad(struct tp_qmodel *m, const double *x,
    struct tp_qsim *s, double *grad);

#endif
