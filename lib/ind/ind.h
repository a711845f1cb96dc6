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

#include "tp_ind.h"

/* TA-Lib's TA_IS_ZERO in the reference build (TA_EPSILON = 1e-14). */
#define TP_IS_ZERO(v) (-1e-14 < (v) && (v) < 1e-14)

/* The usual "timeperiod" parameter: default def, at least min. */
#define TP_PERIOD(def, min) { "timeperiod", TP_P_INT, def, min, 100000 }

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
