/*
 * WILLR, AROON, AROONOSC: indicators of the highest high and lowest low of
 * a sliding window, as TA-Lib computes them (ta_WILLR.c, ta_AROON.c,
 * ta_AROONOSC.c).
 *
 * WILLR, Larry Williams' %R: -100 * (highest - close) / (highest - lowest)
 * over the last n bars, from bar n - 1; 0 when highest equals lowest.
 * AROON, Tushar Chande's (Technical Analysis of Stocks & Commodities,
 * 1995): over the last n + 1 bars, from bar n, up = 100 / n * (n - bars
 * since the highest high) and down the same for the lowest low; of equal
 * extremes TA-Lib takes the latest.  AROONOSC = up - down, which TA-Lib
 * computes as 100 / n * (index of the high - index of the low).
 *
 * TA-Lib keeps each extreme's index and rescans the window when it
 * leaves; a monotonic deque gives the same extreme (and the same latest
 * index on ties) in O(1) amortized work a bar without the rescans.
 */
#include "ind.h"

/*
 * A monotonic deque over a window of w bars, in memory after the state:
 * values strictly decreasing from the front (for a minimum, -value), so
 * the front is the window's extreme and, of equal ones, the latest.
 */
struct mono {
	int w, head, len;
	long *at;		/* bar index of each entry */
	double *v;		/* its value, negated for a minimum */
};

static size_t
mono_size(int w)
{
	return (size_t)w * (sizeof(long) + sizeof(double));
}

static void
mono_init(struct mono *m, int w, void *mem)
{
	m->w = w;
	m->at = mem;
	m->v = (double *)(m->at + w);
}

/* Bar k's value x (negated for a minimum) into the window ending at k. */
static void
mono_push(struct mono *m, long k, double x)
{
	int tail;

	while (m->len > 0 && m->at[m->head] <= k - m->w) {
		m->head = (m->head + 1) % m->w;
		m->len--;
	}
	while (m->len > 0 && m->v[(m->head + m->len - 1) % m->w] <= x)
		m->len--;
	tail = (m->head + m->len) % m->w;
	m->at[tail] = k;
	m->v[tail] = x;
	m->len++;
}

struct hilo {
	int period;
	long n;			/* bars seen */
	struct mono hi, lo;
	/* then the two deques' arrays */
};

static size_t
hilo_size(int w)
{
	return sizeof(struct hilo) + 2 * mono_size(w);
}

static void
hilo_init(struct hilo *s, int period, int w)
{
	char *mem = (char *)(s + 1);

	s->period = period;
	mono_init(&s->hi, w, mem);
	mono_init(&s->lo, w, mem + mono_size(w));
}

/* One bar in; its index. */
static long
hilo_push(struct hilo *s, const double *in)
{
	long k = s->n++;

	mono_push(&s->hi, k, in[TP_IN_HIGH]);
	mono_push(&s->lo, k, -in[TP_IN_LOW]);
	return k;
}

/* WILLR's window is n bars, AROON's n + 1. */
static size_t
willr_size(const double *p)
{
	return hilo_size((int)p[0]);
}

static size_t
aroon_size(const double *p)
{
	return hilo_size((int)p[0] + 1);
}

static int
willr_init(void *st, const double *p, const char **why)
{
	(void)why;
	hilo_init(st, (int)p[0], (int)p[0]);
	return 0;
}

static int
aroon_init(void *st, const double *p, const char **why)
{
	(void)why;
	hilo_init(st, (int)p[0], (int)p[0] + 1);
	return 0;
}

static void
willr_update(void *st, const double *in, double *out)
{
	struct hilo *s = st;
	long k = hilo_push(s, in);
	double hi, lo, diff;

	out[0] = NAN;
	if (k < s->period - 1)
		return;
	hi = s->hi.v[s->hi.head];
	lo = -s->lo.v[s->lo.head];
	diff = (hi - lo) / (-100.0);
	out[0] = diff != 0.0 ? (hi - in[TP_IN_CLOSE]) / diff : 0.0;
}

static void
aroon_update(void *st, const double *in, double *out)
{
	struct hilo *s = st;
	long k = hilo_push(s, in);
	double f = 100.0 / s->period;

	out[0] = out[1] = NAN;
	if (k < s->period)
		return;
	out[0] = f * (double)(s->period - (k - s->lo.at[s->lo.head]));
	out[1] = f * (double)(s->period - (k - s->hi.at[s->hi.head]));
}

static void
aroonosc_update(void *st, const double *in, double *out)
{
	struct hilo *s = st;
	long k = hilo_push(s, in);

	out[0] = NAN;
	if (k < s->period)
		return;
	out[0] = 100.0 / s->period *
	    (double)(s->hi.at[s->hi.head] - s->lo.at[s->lo.head]);
}

const struct tp_ind_def tp_ind_willr = {
	.name = "willr", .talib = "WILLR", .group = "momentum",
	.help = "Williams' %R",
	.inputs = TP_IN_HLC, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "willr", "" } },
	.size = willr_size, .init = willr_init, .update = willr_update,
};

const struct tp_ind_def tp_ind_aroon = {
	.name = "aroon", .talib = "AROON", .group = "momentum",
	.help = "Aroon down and up (Chande)",
	.inputs = TP_IN_HL, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 2, .out = { { "aroon_down", "down" }, { "aroon_up", "up" } },
	.size = aroon_size, .init = aroon_init, .update = aroon_update,
};

const struct tp_ind_def tp_ind_aroonosc = {
	.name = "aroonosc", .talib = "AROONOSC", .group = "momentum",
	.help = "Aroon oscillator, up - down",
	.inputs = TP_IN_HL, .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(14, 2) },
	.nout = 1, .out = { { "aroonosc", "" } },
	.size = aroon_size, .init = aroon_init, .update = aroonosc_update,
};
