/*
 * fuzz_qmodel.c: tp-qvalidate's model files (tp_qmfile.c), which filter
 * loads with --model: untrusted input like any other.
 *
 * tp_qmodel_parse reads data[0..size).  It refuses as bad data (65) or
 * gives a model within tp_qmodel.h's limits: 1 to 28 qubits, 1 to 64
 * layers, 1 to 16 named features, finite means, angles and scales, no
 * scale negative.  Such a model must survive its own writer: written by
 * tp_qmodel_format and read back, every number is the same double (the
 * file keeps 17 digits) and every name the same.  A small one is scored:
 * a probability, in [0, 1].  Any failure aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quantum/tp_qmodel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Models scored: 2^qubits times the angles at most this. */
#define MAX_WORK (1 << 18)

static int
same_name(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static void
check_model(const struct tp_qmodel *m)
{
	int k;

	if (m->nq < 1 || m->nq > TP_QSIM_MAX_QUBITS || m->layers < 1 ||
	    m->layers > TP_QMODEL_MAX_LAYERS || m->nfeat < 1 ||
	    m->nfeat > TP_QMODEL_MAX_FEATURES)
		abort();
	for (k = 0; k < m->nfeat; k++)
		if (m->feature[k] == NULL || m->feature[k][0] == '\0' ||
		    !isfinite(m->mean[k]) || !isfinite(m->scale[k]) ||
		    m->scale[k] < 0)
			abort();
	for (k = 0; k < tp_qmodel_nparams(m); k++)
		if (!isfinite(m->theta[k]))
			abort();
}

/* m written and read back: the same model, bit for bit. */
static void
check_round_trip(const struct tp_qmodel *m)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel back;
	size_t len;
	char *text = tp_qmodel_format(m, NULL, &len);
	int k;

	if (text == NULL || tp_qmodel_parse(&back, "again", text, len,
	    &err) < 0)
		abort();
	if (back.nq != m->nq || back.layers != m->layers ||
	    back.nfeat != m->nfeat || !same_name(back.label, m->label))
		abort();
	for (k = 0; k < m->nfeat; k++)
		if (strcmp(back.feature[k], m->feature[k]) != 0 ||
		    memcmp(&back.mean[k], &m->mean[k], sizeof(double)) != 0 ||
		    memcmp(&back.scale[k], &m->scale[k], sizeof(double)) != 0)
			abort();
	if (memcmp(back.theta, m->theta, (size_t)tp_qmodel_nparams(m) *
	    sizeof(double)) != 0)
		abort();
	tp_qmodel_release(&back);
	free(text);
}

/* Scores of rows at the means, below them and past them (and NaN, which
 * the model reads as the mean): each in [0, 1]. */
static void
check_scores(const struct tp_qmodel *m)
{
	struct tp_err err = TP_ERR_INIT;
	double v[4 * TP_QMODEL_MAX_FEATURES], out[4];
	int k, i;

	for (k = 0; k < m->nfeat; k++) {
		v[k] = m->mean[k];
		v[m->nfeat + k] = m->mean[k] - 2 * m->scale[k] - 1;
		v[2 * m->nfeat + k] = m->mean[k] + 2 * m->scale[k] + 1;
		v[3 * m->nfeat + k] = NAN;
	}
	if (tp_qmodel_scores(m, v, 4, out, &err) < 0)
		abort();
	for (i = 0; i < 4; i++)
		if (!(out[i] >= -1e-12 && out[i] <= 1 + 1e-12))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel m;

	if (tp_qmodel_parse(&m, "fuzz", (const char *)data, size, &err) < 0) {
		tp_qmodel_release(&m);
		if (err.code != TP_EX_DATAERR)
			abort();
		return 0;
	}
	check_model(&m);
	check_round_trip(&m);
	if (m.nq <= 10 && (tp_qmodel_nparams(&m) << m.nq) <= MAX_WORK)
		check_scores(&m);
	tp_qmodel_release(&m);
	return 0;
}
