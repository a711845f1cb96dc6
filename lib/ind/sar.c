/*
 * SAR and SAREXT: Wilder's parabolic stop and reverse (New Concepts in
 * Technical Trading Systems, 1978) as TA-Lib computes them (ta_SAR.c,
 * ta_SAREXT.c).  The first value is on bar 1.  Unless SAREXT's
 * startvalue says otherwise, the first position is short when bar 1's
 * minus DM is positive (its low fell more than its high rose), else long,
 * and the first SAR is bar 0's low (long) or high (short).  Each bar the
 * SAR moves af of the way to the extreme point, never into the last two
 * bars' range; a bar through it reverses to the extreme point.  SAREXT
 * adds separate factors for long and short, an offset on reversal, and
 * is negative while short.  SAR is SAREXT with one factor and no offset,
 * always positive.
 */
#include "ind.h"

enum { X_START, X_OFFSET, X_INITL, X_ACCL, X_MAXL, X_INITS, X_ACCS, X_MAXS };

struct sar {
	double start, offset;
	double init_l, acc_l, max_l, init_s, acc_s, max_s;
	int sign;		/* -1: negative while short (SAREXT) */
	int is_long;
	long n;			/* bars seen */
	double af_l, af_s, ep, sar;
	double ph, pl;		/* the high and low of the bar before */
};

static size_t
sar_size(const double *p)
{
	(void)p;
	return sizeof(struct sar);
}

/* The factors, each capped by its maximum as TA-Lib caps them. */
static void
sar_setup(struct sar *s, const double *x)
{
	s->start = x[X_START];
	s->offset = x[X_OFFSET];
	s->init_l = x[X_INITL] > x[X_MAXL] ? x[X_MAXL] : x[X_INITL];
	s->acc_l = x[X_ACCL] > x[X_MAXL] ? x[X_MAXL] : x[X_ACCL];
	s->max_l = x[X_MAXL];
	s->init_s = x[X_INITS] > x[X_MAXS] ? x[X_MAXS] : x[X_INITS];
	s->acc_s = x[X_ACCS] > x[X_MAXS] ? x[X_MAXS] : x[X_ACCS];
	s->max_s = x[X_MAXS];
	s->af_l = s->init_l;
	s->af_s = s->init_s;
}

static int
sarext_init(void *st, const double *p, const char **why)
{
	struct sar *s = st;

	(void)why;
	sar_setup(s, p);
	s->sign = -1;
	return 0;
}

static int
sar_init(void *st, const double *p, const char **why)
{
	struct sar *s = st;
	double x[8] = { 0, 0, p[0], p[0], p[1], p[0], p[0], p[1] };

	(void)why;
	sar_setup(s, x);
	s->sign = 1;
	return 0;
}

/* Bar 1: the first position, SAR and extreme point. */
static void
sar_first(struct sar *s, double h, double l)
{
	double dp = h - s->ph, dm = s->pl - l;

	if (s->start > 0)
		s->is_long = 1;
	else if (s->start < 0)
		s->is_long = 0;
	else
		s->is_long = !(dm > 0 && dp < dm);
	if (s->start == 0)
		s->sar = s->is_long ? s->pl : s->ph;
	else
		s->sar = fabs(s->start);
	s->ep = s->is_long ? h : l;
	/* TA-Lib's first step takes bar 1 as the bar before, too. */
	s->ph = h;
	s->pl = l;
}

static void
sar_update(void *st, const double *in, double *out)
{
	struct sar *s = st;
	double h = in[TP_IN_HIGH], l = in[TP_IN_LOW], v;

	out[0] = NAN;
	if (s->n++ == 0) {
		s->ph = h;
		s->pl = l;
		return;
	}
	if (s->n == 2)
		sar_first(s, h, l);
	if (s->is_long) {
		if (l <= s->sar) {
			/* Reverse to short at the extreme point, not below
			 * the two bars' highs. */
			s->is_long = 0;
			v = s->ep < s->ph ? s->ph : s->ep;
			v = v < h ? h : v;
			if (s->offset != 0.0)
				v += v * s->offset;
			out[0] = s->sign * v;
			s->af_s = s->init_s;
			s->ep = l;
			s->sar = v + s->af_s * (s->ep - v);
			if (s->sar < s->ph)
				s->sar = s->ph;
			if (s->sar < h)
				s->sar = h;
		} else {
			out[0] = s->sar;
			if (h > s->ep) {
				s->ep = h;
				s->af_l += s->acc_l;
				if (s->af_l > s->max_l)
					s->af_l = s->max_l;
			}
			s->sar = s->sar + s->af_l * (s->ep - s->sar);
			if (s->sar > s->pl)
				s->sar = s->pl;
			if (s->sar > l)
				s->sar = l;
		}
	} else {
		if (h >= s->sar) {
			/* Reverse to long at the extreme point, not above
			 * the two bars' lows. */
			s->is_long = 1;
			v = s->ep > s->pl ? s->pl : s->ep;
			v = v > l ? l : v;
			if (s->offset != 0.0)
				v -= v * s->offset;
			out[0] = v;
			s->af_l = s->init_l;
			s->ep = h;
			s->sar = v + s->af_l * (s->ep - v);
			if (s->sar > s->pl)
				s->sar = s->pl;
			if (s->sar > l)
				s->sar = l;
		} else {
			out[0] = s->sign * s->sar;
			if (l < s->ep) {
				s->ep = l;
				s->af_s += s->acc_s;
				if (s->af_s > s->max_s)
					s->af_s = s->max_s;
			}
			s->sar = s->sar + s->af_s * (s->ep - s->sar);
			if (s->sar < s->ph)
				s->sar = s->ph;
			if (s->sar < h)
				s->sar = h;
		}
	}
	s->ph = h;
	s->pl = l;
}

#define REAL(name, def) { name, TP_P_REAL, def, 0, 3e37 }

const struct tp_ind_def tp_ind_sar = {
	.name = "sar", .talib = "SAR", .group = "overlap",
	.help = "parabolic stop and reverse (Wilder)",
	.inputs = TP_IN_HL, .nparams = 2,
	.params = { REAL("acceleration", 0.02), REAL("maximum", 0.2) },
	.nout = 1, .out = { { "sar", "" } },
	.size = sar_size, .init = sar_init, .update = sar_update,
};

const struct tp_ind_def tp_ind_sarext = {
	.name = "sarext", .talib = "SAREXT", .group = "overlap",
	.help = "parabolic SAR with separate long and short factors, negative "
	    "while short",
	.inputs = TP_IN_HL, .nparams = 8,
	.params = {
		{ "startvalue", TP_P_REAL, 0, -3e37, 3e37 },
		REAL("offsetonreverse", 0),
		REAL("accelerationinitlong", 0.02),
		REAL("accelerationlong", 0.02),
		REAL("accelerationmaxlong", 0.2),
		REAL("accelerationinitshort", 0.02),
		REAL("accelerationshort", 0.02),
		REAL("accelerationmaxshort", 0.2),
	},
	.nout = 1, .out = { { "sarext", "" } },
	.size = sar_size, .init = sarext_init, .update = sar_update,
};
