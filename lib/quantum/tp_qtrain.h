/*
 * tp_qtrain.h: tp-qvalidate train: fit a scoring circuit (tp_qmodel.h) to
 * labelled records by gradient descent (tp-qvalidate(1)).
 *
 * Rows are read whole into memory (training is not a stream filter).  The
 * last share of them (--holdout, in input order, so never a look into
 * the future) is held out; the means and scales come from the rest.  The
 * loss is the mean binary cross-entropy of the score; gradients come from
 * the parameter-shift rule and steps from Adam (Kingma and Ba, "Adam: a
 * method for stochastic optimization", ICLR 2015, Algorithm 1), over
 * mini-batches in an order drawn from the seed.
 */
#ifndef TP_QTRAIN_H
#define TP_QTRAIN_H

#include <stdint.h>

#include "quantum/tp_qmodel.h"
#include "rec/tp_rec.h"

/* The label derived, when no record carries it, from the next close of
 * the same symbol: 1 when it is higher. */
#define TP_QTRAIN_NEXT_SIGN "next_return_sign"

struct tp_qtrain_opts {
	const char *feature[TP_QMODEL_MAX_FEATURES];
	int nfeat;
	const char *label;
	int qubits, layers, epochs, batch;
	double rate, holdout;
	uint64_t seed;
	int skip_bad;
	char **files;		/* inputs (none: standard input) */
	int nfiles;
	enum tp_fmt in_fmt;
	/* Called after each epoch with a line to show, and for each row
	 * --skip-bad dropped (err set); may be NULL. */
	void (*progress)(const char *line);
	void (*skipped)(const struct tp_err *err);
};

/* Train a model as o says into m (initialised here; the caller releases
 * it) and its record into st.  -1 with err. */
int tp_qtrain(const struct tp_qtrain_opts *o, struct tp_names *names,
    struct tp_qmodel *m, struct tp_qmodel_stats *st, struct tp_err *err);

/* Adam's state for n parameters. */
struct tp_qtrain_adam {
	int n;
	long t;			/* steps taken */
	double rate, beta1, beta2, eps;
	double *m1, *m2;	/* first and second moment estimates */
};

int tp_qtrain_adam_init(struct tp_qtrain_adam *a, int n, double rate,
    struct tp_err *err);
void tp_qtrain_adam_release(struct tp_qtrain_adam *a);
/* One step of theta against the gradient g. */
void tp_qtrain_adam_step(struct tp_qtrain_adam *a, double *theta,
    const double *g);

#endif
