/*
 * MACD, MACDEXT, MACDFIX, APO, PPO: oscillators made of a fast and a slow
 * moving average, as TA-Lib computes them (ta_MACD.c, ta_MACDEXT.c,
 * ta_MACDFIX.c, ta_APO.c, ta_PPO.c; Gerald Appel's MACD).
 *
 * TA-Lib runs the MACDs' two averages from the bar where the slower one
 * gives its first value, minus each one's own lookback, so the fast EMA of
 * MACD is seeded late: with the mean of the fast period closes that end on
 * the slow EMA's first bar (e.g. closes 14..25 for 12/26), not of the
 * first closes.  The signal line is an MA of the MACD from that bar on.
 * APO and PPO instead run both averages from the first bar.  A fast period
 * above the slow one is swapped with it, MA type included (MACDEXT).
 *
 * MACD and MACDFIX use TA-Lib's INT_EMA with an explicit k: 2 / (n + 1),
 * or MACDFIX's fixed 0.15 and 0.075 for 12 and 26.  MACDEXT, APO and PPO
 * take any MA type through struct tp_ma, which has TA_MA()'s rule that a
 * period of 1 passes the values through.  TA-Lib's MACD and MACDFIX with a
 * signal period of 1 read before their buffers (TA_EMA_Lookback(1) is -1)
 * and print garbage; here that signal is the MACD itself.
 */
#include "ind.h"


/* TA-Lib's INT_EMA: the mean of the first period values, then
 * prev + k (x - prev). */
struct ema {
	int period;
	long n;
	double k, sum, prev;
};

struct macd {
	int ext;		/* MACDEXT: ma[] of any type, else em[] */
	long n;			/* values seen */
	long from[2];		/* first bar fed to the fast, slow MA */
	long first;		/* first bar with both: the first MACD */
	struct ema em[3];	/* fast, slow, signal */
	struct tp_ma ma[3];
};

/* The two averages of APO and PPO, both from the first bar. */
struct po {
	struct tp_ma fast, slow;
};


static double
ema_step(struct ema *e, double x)
{
	if (e->period == 1)
		return x;
	e->n++;
	if (e->n <= e->period) {
		e->sum += x;
		if (e->n < e->period)
			return NAN;
		e->prev = e->sum / e->period;
		return e->prev;
	}
	e->prev = (x - e->prev) * e->k + e->prev;
	return e->prev;
}

static void
ema_setup(struct ema *e, int period, double k)
{
	e->period = period;
	e->k = k;
}

/* ---- MACD ------------------------------------------------------------ */

/* Periods and MA types of MACDEXT's p[], fast first after the swap. */
static void
ext_params(const double *p, int per[3], int type[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		per[i] = (int)p[2 * i];
		type[i] = (int)p[2 * i + 1];
	}
	if (per[1] < per[0]) {
		i = per[0];
		per[0] = per[1];
		per[1] = i;
		i = type[0];
		type[0] = type[1];
		type[1] = i;
	}
}

static size_t
macd_size(const double *p)
{
	(void)p;
	return sizeof(struct macd);
}

static size_t
macdext_size(const double *p)
{
	int per[3], type[3], i;
	size_t n = TP_ALIGN16(sizeof(struct macd));

	ext_params(p, per, type);
	for (i = 0; i < 3; i++)
		n += tp_ma_mem(type[i], per[i]);
	return n;
}

/* Start each average so that both give their first value on one bar. */
static void
macd_align(struct macd *s, int lb_fast, int lb_slow)
{
	int lb = lb_fast > lb_slow ? lb_fast : lb_slow;

	s->first = lb;
	s->from[0] = lb - lb_fast;
	s->from[1] = lb - lb_slow;
}

static int
macd_init(void *st, const double *p, const char **why)
{
	struct macd *s = st;
	int fast = (int)p[0], slow = (int)p[1], sig = (int)p[2];

	(void)why;
	if (slow < fast) {
		slow = (int)p[0];
		fast = (int)p[1];
	}
	ema_setup(&s->em[0], fast, 2.0 / (fast + 1));
	ema_setup(&s->em[1], slow, 2.0 / (slow + 1));
	ema_setup(&s->em[2], sig, 2.0 / (sig + 1));
	macd_align(s, fast - 1, slow - 1);
	return 0;
}

static int
macdfix_init(void *st, const double *p, const char **why)
{
	struct macd *s = st;
	int sig = (int)p[0];

	(void)why;
	ema_setup(&s->em[0], 12, 0.15);
	ema_setup(&s->em[1], 26, 0.075);
	ema_setup(&s->em[2], sig, 2.0 / (sig + 1));
	macd_align(s, 11, 25);
	return 0;
}

static int
macdext_init(void *st, const double *p, const char **why)
{
	struct macd *s = st;
	char *mem = (char *)st + TP_ALIGN16(sizeof(struct macd));
	int per[3], type[3], i;

	ext_params(p, per, type);
	for (i = 0; i < 3; i++)
		if (tp_ma_place(&s->ma[i], type[i], per[i], &mem, why) < 0)
			return -1;
	s->ext = 1;
	macd_align(s, tp_ma_lookback((enum tp_ma_type)type[0], per[0]),
	    tp_ma_lookback((enum tp_ma_type)type[1], per[1]));
	return 0;
}

static double
macd_step(struct macd *s, int i, double x)
{
	return s->ext ? tp_ma_update(&s->ma[i], x) : ema_step(&s->em[i], x);
}

static void
macd_update(void *st, const double *in, double *out)
{
	struct macd *s = st;
	double x = in[TP_IN_REAL], fast = NAN, slow = NAN, m, sig;
	long n = s->n++;

	out[0] = out[1] = out[2] = NAN;
	if (n >= s->from[0])
		fast = macd_step(s, 0, x);
	if (n >= s->from[1])
		slow = macd_step(s, 1, x);
	if (n < s->first)
		return;
	m = fast - slow;
	sig = macd_step(s, 2, m);
	if (isnan(sig))
		return;
	out[0] = m;
	out[1] = sig;
	out[2] = m - sig;
}

/* ---- APO, PPO -------------------------------------------------------- */

static size_t
po_size(const double *p)
{
	int type = (int)p[2];

	return TP_ALIGN16(sizeof(struct po)) + tp_ma_mem(type, (int)p[0]) +
	    tp_ma_mem(type, (int)p[1]);
}

static int
po_init(void *st, const double *p, const char **why)
{
	struct po *s = st;
	char *mem = (char *)st + TP_ALIGN16(sizeof(struct po));
	int fast = (int)p[0], slow = (int)p[1], type = (int)p[2];

	if (slow < fast) {
		slow = (int)p[0];
		fast = (int)p[1];
	}
	if (tp_ma_place(&s->fast, type, fast, &mem, why) < 0 ||
	    tp_ma_place(&s->slow, type, slow, &mem, why) < 0)
		return -1;
	return 0;
}

static void
apo_update(void *st, const double *in, double *out)
{
	struct po *s = st;
	double fast = tp_ma_update(&s->fast, in[TP_IN_REAL]);

	out[0] = fast - tp_ma_update(&s->slow, in[TP_IN_REAL]);
}

static void
ppo_update(void *st, const double *in, double *out)
{
	struct po *s = st;
	double fast = tp_ma_update(&s->fast, in[TP_IN_REAL]);
	double slow = tp_ma_update(&s->slow, in[TP_IN_REAL]);

	if (isnan(slow))
		out[0] = NAN;
	else
		out[0] = TP_IS_ZERO(slow) ? 0 : ((fast - slow) / slow) * 100.0;
}

/* ---- definitions ----------------------------------------------------- */

#define FASTP { "fastperiod", TP_P_INT, 12, 2, 100000 }
#define SLOWP { "slowperiod", TP_P_INT, 26, 2, 100000 }
#define SIGP { "signalperiod", TP_P_INT, 9, 1, 100000 }
#define MATYPE(name) { name, TP_P_MATYPE, TP_MA_SMA, 0, TP_MA_N - 1 }
#define MACD_OUT(x) { { x, "" }, { x "_signal", "signal" }, \
	{ x "_hist", "hist" } }

const struct tp_ind_def tp_ind_macd = {
	.name = "macd", .talib = "MACD", .group = "momentum",
	.help = "moving average convergence/divergence (EMAs, late fast seed)",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 3, .nnamed = 3,
	.params = { FASTP, SLOWP, SIGP },
	.nout = 3, .out = MACD_OUT("macd"),
	.size = macd_size, .init = macd_init, .update = macd_update,
};

const struct tp_ind_def tp_ind_macdext = {
	.name = "macdext", .talib = "MACDEXT", .group = "momentum",
	.help = "MACD with an MA type for each average (default SMA)",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 6, .nnamed = 5,
	.params = {
		FASTP,
		MATYPE("fastmatype"),
		SLOWP,
		MATYPE("slowmatype"),
		SIGP,
		MATYPE("signalmatype"),
	},
	.nout = 3, .out = MACD_OUT("macdext"),
	.size = macdext_size, .init = macdext_init, .update = macd_update,
};

const struct tp_ind_def tp_ind_macdfix = {
	.name = "macdfix", .talib = "MACDFIX", .group = "momentum",
	.help = "MACD 12/26 with fixed k 0.15 and 0.075",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { SIGP },
	.nout = 3, .out = MACD_OUT("macdfix"),
	.size = macd_size, .init = macdfix_init, .update = macd_update,
};

const struct tp_ind_def tp_ind_apo = {
	.name = "apo", .talib = "APO", .group = "momentum",
	.help = "absolute price oscillator: fast - slow MA",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 3, .nnamed = 2,
	.params = { FASTP, SLOWP, MATYPE("matype") },
	.nout = 1, .out = { { "apo", "" } },
	.size = po_size, .init = po_init, .update = apo_update,
};

const struct tp_ind_def tp_ind_ppo = {
	.name = "ppo", .talib = "PPO", .group = "momentum",
	.help = "percentage price oscillator: 100 (fast - slow) / slow MA",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 3, .nnamed = 2,
	.params = { FASTP, SLOWP, MATYPE("matype") },
	.nout = 1, .out = { { "ppo", "" } },
	.size = po_size, .init = po_init, .update = ppo_update,
};
