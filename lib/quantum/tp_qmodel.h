/*
 * tp_qmodel.h: a parameterised circuit used as a scoring function
 * (tp-qvalidate(1)): classically simulated, with no claim of quantum
 * advantage.
 *
 * Each feature is normalised, x = (v - mean) / scale clipped to [-1, 1],
 * and encoded as an angle: qubit q gets RY(pi (x + 1) / 2) of feature
 * q mod nfeat, so -1 is |0>, +1 is |1> and the angle is monotone in v.
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

#include <stddef.h>

#include "core/tp_err.h"
#include "quantum/tp_qsim.h"

#define TP_QMODEL_MAX_FEATURES 16
#define TP_QMODEL_MAX_LAYERS 64
#define TP_QMODEL_VERSION 1

struct tp_qmodel {
	int nq, layers, nfeat;
	double mean[TP_QMODEL_MAX_FEATURES], scale[TP_QMODEL_MAX_FEATURES];
	double *theta;		/* layers x nq x 2: RY then RZ angles */
	char *feature[TP_QMODEL_MAX_FEATURES];	/* field names, owned */
	char *label;		/* the field trained on, owned (or NULL) */
};

/* A model of nq qubits, layers layers and nfeat features (names copied
 * from feature, label copied too), every angle 0; -1 with err. */
int tp_qmodel_init(struct tp_qmodel *m, int nq, int layers, int nfeat,
    const char *const *feature, const char *label, struct tp_err *err);
void tp_qmodel_release(struct tp_qmodel *m);

/* The number of parameters: layers * nq * 2. */
int tp_qmodel_nparams(const struct tp_qmodel *m);

/* Feature k of raw values v, normalised and clipped: NAN in, 0 out. */
double tp_qmodel_feature(const struct tp_qmodel *m, const double *v, int k);

/* The score of raw features v (m->nfeat of them) on s (m->nq qubits). */
double tp_qmodel_score(const struct tp_qmodel *m, const double *v,
    struct tp_qsim *s);

/* The scores of n feature rows (row i at v + i * nfeat) into out: the
 * CPU twin of the batched CUDA kernel (tp_qcuda.h).  -1 with err when no
 * simulator of m->nq qubits can be had. */
int tp_qmodel_scores(const struct tp_qmodel *m, const double *v, size_t n,
    double *out, struct tp_err *err);

/* The score's gradient in every parameter into grad (nparams), by the
 * parameter-shift rule: two circuits a parameter.  Returns the score. */
double tp_qmodel_grad(struct tp_qmodel *m, const double *v,
    struct tp_qsim *s, double *grad);

/* How a model was trained, as its file records it. */
struct tp_qmodel_stats {
	unsigned long long seed;
	int epochs, batch;
	double rate, holdout;	/* Adam's step; the share held out */
	long rows, positive;	/* rows used; training rows labelled 1 */
	long train_rows, holdout_rows, skipped;
	double train_acc, holdout_acc;	/* NAN: no such rows */
	double train_loss, holdout_loss;	/* mean cross-entropy */
};

/* Write m as a JSON model file (format "tp-qvalidate model", version
 * TP_QMODEL_VERSION) to path ("-": standard output), with st (or NULL)
 * under "training".  -1 with err. */
int tp_qmodel_save(const struct tp_qmodel *m,
    const struct tp_qmodel_stats *st, const char *path, struct tp_err *err);
/* The text tp_qmodel_save writes, newline ended, its length in *len;
 * the caller frees it.  NULL when out of memory. */
char *tp_qmodel_format(const struct tp_qmodel *m,
    const struct tp_qmodel_stats *st, size_t *len);

/* Read the model file at path into m (released by the caller even on
 * failure); -1 with err naming the file and what is wrong with it. */
int tp_qmodel_load(struct tp_qmodel *m, const char *path,
    struct tp_err *err);
/* The same for the model file text[0..len), named name in messages. */
int tp_qmodel_parse(struct tp_qmodel *m, const char *name, const char *text,
    size_t len, struct tp_err *err);

#endif
