/*
 * fuzz_model.c: the files of a model version (lib/model/), which
 * tp-predict and tp-backtest load from a model directory anyone may have
 * written to: meta.json (tp_mmeta.c), the logistic kind's model file
 * (tp_logit.c) and the training rows of the dissimilarity index,
 * train.f64 (tp_mdi.c).  XGBoost's own file is XGBoost's parser; tp only
 * checks its first byte before handing it over (tp_xgb.c).
 *
 * The input goes to a file, loaded each way.  Each load refuses with a
 * data or configuration error (65, 78) naming the file, or gives what it
 * promises: meta with 1 or more named features, finite means and
 * deviations, a label the classes agree with, a window whose first row is
 * not after its last; a logistic model that predicts probabilities that
 * sum to 1 on a row of zeros (of 3 features, as the corpus's); training
 * rows (of 3 features) with a mean distance above 0, scales finite and
 * not below 0, and a DI of a row of zeros that is a number not below 0.
 * Any failure aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/tp_mdi.h"
#include "model/tp_mmeta.h"
#include "model/tp_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_meta(const char *path)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mmeta m;
	int k;

	if (tp_mmeta_load(&m, path, &err) < 0) {
		if ((err.code != TP_EX_DATAERR && err.code != TP_EX_CONFIG) ||
		    err.file == NULL || strcmp(err.file, path) != 0)
			abort();
		return;
	}
	if (m.nf < 1 || m.from > m.to || m.ntrain > m.rows ||
	    (m.task == TP_TASK_CLASSES) != (m.label != TP_MLABEL_RETURN))
		abort();
	for (k = 0; k < m.nf; k++)
		if (m.features[k] == NULL || m.features[k][0] == '\0' ||
		    !isfinite(m.mean[k]) || !isfinite(m.sd[k]))
			abort();
	tp_mmeta_release(&m);
}

static void
check_logit(const char *path, int nclass)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_model m;
	double x[3] = { 0, 0, 0 }, p[3], sum = 0;
	int k;

	if (tp_model_init(&m, "logistic", TP_TASK_CLASSES, nclass, 3, NULL,
	    NULL, 0, &err) < 0)
		abort();
	if (tp_model_load(&m, path, &err) < 0) {
		if (err.code != TP_EX_DATAERR && err.code != TP_EX_CONFIG &&
		    err.code != TP_EX_NOINPUT)
			abort();
		tp_model_release(&m);
		return;
	}
	if (tp_model_predict(&m, x, 1, p, &err) < 0)
		abort();
	for (k = 0; k < m.nout; k++) {
		if (!(p[k] >= 0 && p[k] <= 1))
			abort();
		sum += p[k];
	}
	if (fabs(sum - 1) > 1e-9)
		abort();
	tp_model_release(&m);
}

static void
check_di(const char *path)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mdi d;
	double x[3] = { 0, 0, 0 }, v;
	int k;

	if (tp_mdi_load(&d, path, 3, &err) < 0) {
		if ((err.code != TP_EX_DATAERR && err.code != TP_EX_CONFIG) ||
		    err.file == NULL || strcmp(err.file, path) != 0)
			abort();
		tp_mdi_release(&d);
		return;
	}
	if (d.n < 2 || d.nf != 3 || !(d.avg > 0) || !isfinite(d.avg))
		abort();
	for (k = 0; k < 3; k++)
		if (!(d.scale[k] >= 0) || !isfinite(d.scale[k]) ||
		    !isfinite(d.min[k]))
			abort();
	v = tp_mdi_value(&d, x);
	if (isnan(v) || v < 0)
		abort();
	tp_mdi_release(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tp-fuzz-model-%d.json",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp",
	    (int)getpid());
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	if (size > 0 && fwrite(data, 1, size, f) != size) {
		fclose(f);
		unlink(path);
		return 0;
	}
	fclose(f);
	check_meta(path);
	check_logit(path, 2);
	check_logit(path, 3);
	check_di(path);
	unlink(path);
	return 0;
}
