/*
 * tp_model.h: trained models, one interface for every kind.
 *
 * A model maps a row of nf features to nout numbers: the predicted value
 * of a regression, or the probability of each class of a classifier
 * (class k of nclass, in order).  Each kind is one file of lib/model/
 * (tp_xgb.c: gradient-boosted trees through XGBoost's C API; tp_logit.c:
 * L2 logistic regression), reached through struct tp_model_kind, so that
 * another kind (a small neural net, CUDA) is one more file and one more
 * line in tp_model.c's table.
 *
 * Features are doubles, row-major, NaN for a missing value.  XGBoost
 * reads them as floats, as python xgboost does with float64 numpy
 * arrays (each rounded to the nearest float).
 *
 * Parameters are text key/value pairs: XGBoost's are passed to it
 * unchanged (XGBoosterSetParam), but for "n_estimators", the number of
 * boosting rounds (default 100); logistic regression takes "C" (inverse
 * L2 strength, as sklearn's; default 1), "max_iter" (100), "tol" (1e-8).
 *
 * Like the rest of lib/ nothing here prints; errors come back in err.
 */
#ifndef TP_MODEL_H
#define TP_MODEL_H

#include <stddef.h>

#include "core/tp_err.h"

enum tp_task {
	TP_TASK_REGRESSION,	/* one output: the value */
	TP_TASK_CLASSES		/* nclass outputs: each class's probability */
};

/* Rows to learn from: x[i * nf + j] is feature j of row i. */
struct tp_dataset {
	const double *x;
	const double *y;	/* the value, or the class 0 .. nclass-1 */
	const double *w;	/* each row's weight; NULL: all 1 */
	long n;
	int nf;
};

struct tp_model;

struct tp_model_kind {
	const char *name;	/* "xgboost", "logistic" */
	/* The file the model is saved in, within a model directory. */
	const char *file;	/* "model.json" */
	int (*train)(struct tp_model *m, const struct tp_dataset *d,
	    struct tp_err *err);
	/* out[i * nout + k] for rows x[0 .. n); n may be any size. */
	int (*predict)(const struct tp_model *m, const double *x, long n,
	    double *out, struct tp_err *err);
	int (*save)(const struct tp_model *m, const char *path,
	    struct tp_err *err);
	/* A model file this kind wrote (or python xgboost, for "xgboost");
	 * TP_EX_DATAERR naming path for a corrupt or truncated one. */
	int (*load)(struct tp_model *m, const char *path, struct tp_err *err);
	void (*release)(struct tp_model *m);
	/* Refuse parameters that cannot give m's outputs, at init (NULL:
	 * none to check then); TP_EX_CONFIG. */
	int (*check)(const struct tp_model *m, struct tp_err *err);
};

struct tp_model {
	const struct tp_model_kind *kind;
	enum tp_task task;
	int nclass;		/* classes; 1 for a regression */
	int nf;			/* features */
	int nout;		/* outputs a row: 1, or nclass */
	const char *const *keys;	/* parameters, not owned */
	const char *const *vals;
	int nparams;
	void *impl;		/* the kind's */
};

/* The kind named name, or NULL. */
const struct tp_model_kind *tp_model_kind(const char *name);

/*
 * Set m up as an untrained model of kind for task (nclass 2 or 3 for
 * classes, ignored for a regression) over nf features, with the
 * parameters keys[i] = vals[i] (kept by pointer: they must outlive m).
 * A parameter the kind refuses is TP_EX_CONFIG naming it.
 */
int tp_model_init(struct tp_model *m, const char *kind, enum tp_task task,
    int nclass, int nf, const char *const *keys, const char *const *vals,
    int nparams, struct tp_err *err);
int tp_model_train(struct tp_model *m, const struct tp_dataset *d,
    struct tp_err *err);
int tp_model_predict(const struct tp_model *m, const double *x, long n,
    double *out, struct tp_err *err);
int tp_model_save(const struct tp_model *m, const char *path,
    struct tp_err *err);
int tp_model_load(struct tp_model *m, const char *path, struct tp_err *err);
void tp_model_release(struct tp_model *m);

/* The value of parameter key of m, or NULL. */
const char *tp_model_param(const struct tp_model *m, const char *key);

#endif
