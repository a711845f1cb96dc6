/*
 * SMA, EMA, WMA: TA-Lib's simple, exponential and weighted moving
 * averages of one series (ta_SMA.c, ta_EMA.c, ta_WMA.c), through struct
 * tp_ma, which also serves the indicators that take an MA type.
 */
#include "ind.h"

static size_t
ma_size(enum tp_ma_type type, const double *p)
{
	return sizeof(struct tp_ma) + tp_ma_size(type, (int)p[0]);
}

static int
ma_init(enum tp_ma_type type, void *st, const double *p, const char **why)
{
	struct tp_ma *ma = st;

	if (tp_ma_init(ma, type, (int)p[0], ma + 1) < 0) {
		*why = "period out of range";
		return -1;
	}
	return 0;
}

static void
ma_update(void *st, const double *in, double *out)
{
	out[0] = tp_ma_update(st, in[TP_IN_REAL]);
}

/* The size and init functions of one MA type. */
#define MA_FUNCS(lname, type)						\
static size_t lname##_size(const double *p)				\
{									\
	return ma_size(type, p);					\
}									\
static int lname##_init(void *st, const double *p, const char **why)	\
{									\
	return ma_init(type, st, p, why);				\
}

#define MA_DEF(lname, uname, help) {					\
	#lname, uname, "overlap", help, TP_IN_BIT(TP_IN_REAL),		\
	1, { TP_PERIOD(30, 1) }, 1, 1, { { #lname, "" } },		\
	lname##_size, lname##_init, ma_update				\
}

MA_FUNCS(sma, TP_MA_SMA)
MA_FUNCS(ema, TP_MA_EMA)
MA_FUNCS(wma, TP_MA_WMA)

const struct tp_ind_def tp_ind_sma = MA_DEF(sma, "SMA",
    "simple moving average");
const struct tp_ind_def tp_ind_ema = MA_DEF(ema, "EMA",
    "exponential moving average, seeded with the SMA");
const struct tp_ind_def tp_ind_wma = MA_DEF(wma, "WMA",
    "linearly weighted moving average");
