/*
 * ma.h: what lib/ind/tp_ma.c offers indicator files beyond struct tp_ma.
 *
 * T3 with a volume factor other than MA's 0.7, MAMA with limits other
 * than MA's 0.5 and 0.05 and with its FAMA line, and the Hilbert transform
 * of John Ehlers that MAMA shares with the HT_ functions.  They live in
 * lib/ind/tp_ma.c because MAMA is an MA type, which the library needs
 * whichever indicator files are built.
 */
#ifndef TP_IND_MA_H
#define TP_IND_MA_H

#include "ind/tp_ind.h"

/* Make ma, set up by tp_ma_init() as TP_MA_T3, use volume factor v. */
void tp_ma_t3_vfactor(struct tp_ma *ma, double v);

/*
 * One of the four Hilbert transforms of a bar (detrender, Q1, jI, jQ):
 * separate delay lines for odd and even bars, as TA-Lib keeps them.
 */
struct tp_ma_ht_xf {
	double odd[3], even[3];	/* a * input, three bars of each parity */
	double prev_odd, prev_even;	/* b * the input before, per parity */
	double in_odd, in_even;	/* the last input, per parity */
	double v;		/* the transform of this bar */
};

/*
 * The Hilbert transform core of Ehlers' "Rocket Science for Traders" as
 * TA-Lib runs it (ta_MAMA.c, ta_HT_*.c): a 4-bar WMA smooths the price,
 * then from bar `start` on the detrender, the in-phase and quadrature
 * components and the smoothed dominant cycle period are updated each
 * bar.  TA-Lib starts the transform on bar 12 in MAMA, HT_DCPERIOD and
 * HT_PHASOR, and on bar 37 in HT_TRENDLINE, HT_SINE, HT_DCPHASE and
 * HT_TRENDMODE.
 */
struct tp_ma_ht {
	long n;			/* values seen */
	int start;		/* bar (0-based) of the first transform */
	int hidx;		/* delay line slot, moved on even bars */
	double last[3];		/* the last three inputs, by bar % 3 */
	double wsum, wsub, trail;	/* the running sums of the WMA */
	double smooth;		/* the smoothed price of this bar */
	struct tp_ma_ht_xf det, q1, ji, jq;
	/* The detrender of the last two bars of each parity. */
	double i1_odd2, i1_odd3, i1_even2, i1_even3;
	double i1;		/* I1 of this bar: the detrender 3 bars ago */
	double q2, i2, re, im;
	double period;		/* the dominant cycle period, after this bar */
};

/* Degrees in a radian, computed as TA-Lib does. */
double tp_ma_ht_rad2deg(void);
void tp_ma_ht_init(struct tp_ma_ht *h, int start);
/* One value in; 1 when the transform ran on this bar (h->i1, h->q1.v,
 * h->period are then this bar's), 0 before bar start. */
int tp_ma_ht_update(struct tp_ma_ht *h, double x);

/* MAMA and FAMA: Ehlers' MESA adaptive moving average (ta_MAMA.c). */
struct tp_ma_mama {
	struct tp_ma_ht ht;
	double fast, slow;	/* the limits of alpha */
	double phase;		/* the phase of the bar before, degrees */
	double mama, fama;
};

void tp_ma_mama_init(struct tp_ma_mama *m, double fastlimit, double slowlimit);
/* One value in; 1 when m->mama and m->fama are out of the lookback (32
 * bars, TA_MAMA_Lookback), else 0. */
int tp_ma_mama_update(struct tp_ma_mama *m, double x);

#endif
