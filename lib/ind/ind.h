/*
 * ind.h: what every indicator file in lib/ind/ includes.
 *
 * An indicator file defines one or more `const struct tp_ind_def
 * tp_ind_<name>` at the start of a line; scripts/gen-ind-registry finds
 * them there and lists them in the registry, so no other file changes when
 * an indicator is added.
 */
#ifndef TP_IND_IND_H
#define TP_IND_IND_H

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "ind/tp_ind.h"

/* TA-Lib's TA_IS_ZERO in the reference build (TA_EPSILON = 1e-14). */
#define TP_IS_ZERO(v) (-1e-14 < (v) && (v) < 1e-14)

/* Parts of a state block start on 16-byte boundaries. */
#define TP_ALIGN16(n) (((n) + 15) & ~(size_t)15)

/*
 * For states holding MAs of any type: tp_ma_mem() is the aligned size of
 * an MA's memory, and tp_ma_place() sets ma up with its memory at *mem and
 * moves *mem past it (-1 with *why set if the type or period is bad).
 */
size_t tp_ma_mem(int type, int period);
int tp_ma_place(struct tp_ma *ma, int type, int period, char **mem,
    const char **why);

/* The usual "timeperiod" parameter: default def, at least min. */
#define TP_PERIOD(def, min) { "timeperiod", TP_P_INT, def, min, 100000 }

/* Wilder's true range of a bar given the previous close, compared in
 * TA-Lib's order (ta_TRANGE.c): ATR, NATR, TRANGE and the DM family. */
static inline double
tp_true_range(double h, double l, double prev_close)
{
	double r = h - l, t = fabs(h - prev_close);

	if (t > r)
		r = t;
	t = fabs(l - prev_close);
	return t > r ? t : r;
}

/*
 * The average gain and loss of a series as TA-Lib's RSI and CMO keep them
 * (lib/ind/rsi.c): simple means of the first period changes, then
 * Wilder's smoothing.  Zero it and set period; tp_gainloss_update() takes
 * one value and returns 1 once gain and loss hold averages.
 */
struct tp_gainloss {
	int period;
	long n;			/* values seen */
	double prev, gain, loss;
};

int tp_gainloss_update(struct tp_gainloss *s, double x);
/* size() and init() of an indicator whose state is one tp_gainloss with
 * period p[0]: RSI and CMO. */
size_t tp_gainloss_size(const double *p);
int tp_gainloss_init(void *st, const double *p, const char **why);

/*
 * Wilder's average true range as TA-Lib's ATR computes it (lib/ind/atr.c),
 * for indicators built on it (Keltner, Supertrend).  Zero it, then
 * tp_atr_init(); tp_atr_update() takes a bar's in[] and returns the ATR,
 * NaN while warming up.
 */
struct tp_atr {
	int period;
	long n;			/* bars seen */
	double prev_close, atr;
};

void tp_atr_init(struct tp_atr *s, int period);
double tp_atr_update(struct tp_atr *s, const double *in);

#endif
