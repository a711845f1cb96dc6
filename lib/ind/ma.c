/*
 * SMA, EMA, WMA, DEMA, TEMA, TRIMA, KAMA, T3 and MA: TA-Lib's moving
 * averages (ta_SMA.c, ta_EMA.c, ta_WMA.c, ta_DEMA.c, ta_TEMA.c,
 * ta_TRIMA.c, ta_KAMA.c, ta_T3.c) and its generic MA(period, matype)
 * (ta_MA.c), all through struct tp_ma (lib/ind/tp_ma.c), which also serves
 * the indicators that take an MA type.  MAMA is in hilbert.c.
 */
#include "ind.h"
#include "ma.h"

size_t
tp_ma_mem(int type, int period)
{
	return TP_ALIGN16(tp_ma_size((enum tp_ma_type)type, period));
}

int
tp_ma_place(struct tp_ma *ma, int type, int period, char **mem,
    const char **why)
{
	if (tp_ma_init(ma, (enum tp_ma_type)type, period, *mem) < 0) {
		*why = "bad MA type or period";
		return -1;
	}
	*mem += tp_ma_mem(type, period);
	return 0;
}

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

#define MA_DEF(n, ta, h) {						\
	.name = #n, .talib = ta, .group = "overlap", .help = h,		\
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,	\
	.params = { TP_PERIOD(30, 2) },					\
	.nout = 1, .out = { { #n, "" } },				\
	.size = n##_size, .init = n##_init, .update = ma_update,	\
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

MA_FUNCS(dema, TP_MA_DEMA)
MA_FUNCS(tema, TP_MA_TEMA)
MA_FUNCS(trima, TP_MA_TRIMA)
MA_FUNCS(kama, TP_MA_KAMA)

const struct tp_ind_def tp_ind_dema = MA_DEF(dema, "DEMA",
    "double exponential moving average (Mulloy): 2 EMA - EMA of EMA");
const struct tp_ind_def tp_ind_tema = MA_DEF(tema, "TEMA",
    "triple exponential moving average (Mulloy)");
const struct tp_ind_def tp_ind_trima = MA_DEF(trima, "TRIMA",
    "triangular moving average");
const struct tp_ind_def tp_ind_kama = MA_DEF(kama, "KAMA",
    "Kaufman adaptive moving average");

/* T3: Tillson's GD applied three times, with a volume factor. */
static size_t
t3_size(const double *p)
{
	return ma_size(TP_MA_T3, p);
}

static int
t3_init(void *st, const double *p, const char **why)
{
	if (ma_init(TP_MA_T3, st, p, why) < 0)
		return -1;
	tp_ma_t3_vfactor(st, p[1]);
	return 0;
}

const struct tp_ind_def tp_ind_t3 = {
	.name = "t3", .talib = "T3", .group = "overlap",
	.help = "Tillson's T3 moving average",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 2, .nnamed = 1,
	.params = { TP_PERIOD(5, 2), { "vfactor", TP_P_REAL, 0.7, 0, 1 } },
	.nout = 1, .out = { { "t3", "" } },
	.size = t3_size, .init = t3_init, .update = ma_update,
};

/* MA: any of the nine types; a period of 1 passes the input through. */
static size_t
anyma_size(const double *p)
{
	return ma_size((enum tp_ma_type)p[1], p);
}

static int
anyma_init(void *st, const double *p, const char **why)
{
	return ma_init((enum tp_ma_type)p[1], st, p, why);
}

const struct tp_ind_def tp_ind_ma = {
	.name = "ma", .talib = "MA", .group = "overlap",
	.help = "moving average of any TA-Lib type",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 2, .nnamed = 1,
	.params = {
		TP_PERIOD(30, 1),
		{ "matype", TP_P_MATYPE, 0, 0, TP_MA_N - 1 },
	},
	.nout = 1, .out = { { "ma", "" } },
	.size = anyma_size, .init = anyma_init, .update = ma_update,
};
