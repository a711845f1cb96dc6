/*
 * MOM, ROC, ROCP, ROCR, ROCR100: the change of a series over period bars,
 * as TA-Lib computes them (ta_MOM.c, ta_ROC.c, ta_ROCP.c, ta_ROCR.c,
 * ta_ROCR100.c): x - prev, 100 (x / prev - 1), (x - prev) / prev,
 * x / prev and 100 x / prev, where prev is the value period bars back.
 * The ratios are 0 when prev is exactly 0 (TA-Lib's guard, not
 * TA_IS_ZERO).  Sibling: TRIX (trix.c) ends with ROC of period 1.
 */
#include "ind.h"

enum roc_kind { MOM, ROC, ROCP, ROCR, ROCR100 };

struct roc {
	enum roc_kind kind;
	int period;
	long n;			/* values seen */
	double ring[];		/* the last period values */
};

static size_t
roc_size(const double *p)
{
	return sizeof(struct roc) + (size_t)p[0] * sizeof(double);
}

static void
roc_update(void *st, const double *in, double *out)
{
	struct roc *s = st;
	double x = in[TP_IN_REAL], prev;
	int i = (int)(s->n % s->period);

	prev = s->ring[i];
	s->ring[i] = x;
	if (s->n++ < s->period) {
		out[0] = NAN;
		return;
	}
	switch (s->kind) {
	case MOM:
		out[0] = x - prev;
		break;
	case ROC:
		out[0] = prev != 0.0 ? ((x / prev) - 1.0) * 100.0 : 0.0;
		break;
	case ROCP:
		out[0] = prev != 0.0 ? (x - prev) / prev : 0.0;
		break;
	case ROCR:
		out[0] = prev != 0.0 ? x / prev : 0.0;
		break;
	case ROCR100:
		out[0] = prev != 0.0 ? (x / prev) * 100.0 : 0.0;
		break;
	}
}

/* The init function of one kind. */
#define ROC_INIT(lname, kind_)						\
static int								\
lname##_init(void *st, const double *p, const char **why)		\
{									\
	struct roc *s = st;						\
									\
	(void)why;							\
	s->kind = kind_;						\
	s->period = (int)p[0];						\
	return 0;							\
}

#define ROC_DEF(n, ta, h) {						\
	.name = #n, .talib = ta, .group = "momentum", .help = h,	\
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,	\
	.params = { TP_PERIOD(10, 1) },					\
	.nout = 1, .out = { { #n, "" } },				\
	.size = roc_size, .init = n##_init, .update = roc_update,	\
}

ROC_INIT(mom, MOM)
ROC_INIT(roc, ROC)
ROC_INIT(rocp, ROCP)
ROC_INIT(rocr, ROCR)
ROC_INIT(rocr100, ROCR100)

const struct tp_ind_def tp_ind_mom = ROC_DEF(mom, "MOM",
    "momentum: x - x[period bars ago]");
const struct tp_ind_def tp_ind_roc = ROC_DEF(roc, "ROC",
    "rate of change: 100 (x / prev - 1)");
const struct tp_ind_def tp_ind_rocp = ROC_DEF(rocp, "ROCP",
    "rate of change as a fraction: (x - prev) / prev");
const struct tp_ind_def tp_ind_rocr = ROC_DEF(rocr, "ROCR",
    "rate of change ratio: x / prev");
const struct tp_ind_def tp_ind_rocr100 = ROC_DEF(rocr100, "ROCR100",
    "rate of change ratio, 100 scale: 100 x / prev");
