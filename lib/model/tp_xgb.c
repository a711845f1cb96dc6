/*
 * tp_xgb.c: the xgboost kind of model (tp_model.h).  Not built yet: every
 * operation refuses.
 */
#include "model/tp_model.h"

static int
todo(struct tp_err *err)
{
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "xgboost models are not "
	    "built yet");
}

static int
train(struct tp_model *m, const struct tp_dataset *d, struct tp_err *err)
{
	(void)m, (void)d;
	return todo(err);
}

static int
predict(const struct tp_model *m, const double *x, long n, double *out,
    struct tp_err *err)
{
	(void)m, (void)x, (void)n, (void)out;
	return todo(err);
}

static int
save(const struct tp_model *m, const char *path, struct tp_err *err)
{
	(void)m, (void)path;
	return todo(err);
}

static int
load(struct tp_model *m, const char *path, struct tp_err *err)
{
	(void)m, (void)path;
	return todo(err);
}

const struct tp_model_kind tp_model_xgboost = {
	"xgboost", "model.json", train, predict, save, load, NULL
};
