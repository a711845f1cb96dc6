/*
 * HMA: Alan Hull's moving average, not in TA-Lib.  As Hull defines it
 * ("Hull Moving Average", alanhull.com, 2005):
 *   Integer(SquareRoot(Period)) WMA [2 x Integer(Period/2) WMA(Price)
 *                                    - Period WMA(Price)]
 * so with n = period: WMA(2 WMA(x, n/2) - WMA(x, n), sqrt(n)), both the
 * half and the root truncated to integers (TradingView's ta.hma and
 * pandas-ta do the same; Sierra Chart rounds the root instead).  The WMAs
 * are summed afresh over their windows at each bar, not kept as running
 * sums the way TA-Lib's WMA keeps them: a running sum carries its rounding
 * on, and over 130,000 one-minute BTC closes TA-Lib's drifts 4e-4 from
 * the definition.  That costs n + n/2 + sqrt(n) products a bar.  The first
 * value comes on bar n - 1 + floor(sqrt(n)) - 1, counting from 0: 10 for
 * the default 9.
 */
#include "ind.h"

/* After it, two rings: the last n prices (for both WMAs of the price: the
 * half's window is the newest n/2 of the full one), then the last r
 * values of 2 WMA(n/2) - WMA(n). */
struct hma {
	int n, r;
	long nx, ny;			/* values seen */
};

static int
isqrt(int n)
{
	int r = (int)sqrt((double)n);

	while (r * r > n)
		r--;
	while ((r + 1) * (r + 1) <= n)
		r++;
	return r;
}

static size_t
hma_size(const double *p)
{
	int n = (int)p[0];

	return sizeof(struct hma) + ((size_t)n + (size_t)isqrt(n)) *
	    sizeof(double);
}

static int
hma_init(void *st, const double *p, const char **why)
{
	struct hma *s = st;
	int n = (int)p[0];

	if (n < 2) {
		*why = "period out of range";
		return -1;
	}
	s->n = n;
	s->r = isqrt(n);
	s->nx = s->ny = 0;
	return 0;
}

/* The WMA of the newest p of the ring v of size m whose newest value is
 * at slot last: weights p for the newest down to 1, over p (p + 1) / 2. */
static double
wma(const double *v, int m, long last, int p)
{
	double sum = 0;
	int k;

	for (k = 0; k < p; k++)
		sum += (p - k) * v[(last - k + m) % m];
	return sum / ((double)p * (p + 1) / 2);
}

static void
hma_update(void *st, const double *in, double *out)
{
	struct hma *s = st;
	double *x = (double *)(s + 1), *y = x + s->n;
	long i = s->nx++ % s->n, j;

	x[i] = in[TP_IN_REAL];
	out[0] = NAN;
	if (s->nx < s->n)
		return;
	j = s->ny++ % s->r;
	y[j] = 2 * wma(x, s->n, i, s->n / 2) - wma(x, s->n, i, s->n);
	if (s->ny >= s->r)
		out[0] = wma(y, s->r, j, s->r);
}

const struct tp_ind_def tp_ind_hma = {
	.name = "hma", .talib = NULL, .group = "other",
	.help = "Hull moving average",
	.inputs = TP_IN_BIT(TP_IN_REAL), .nparams = 1, .nnamed = 1,
	.params = { TP_PERIOD(9, 2) },
	.nout = 1, .out = { { "hma", "" } },
	.size = hma_size, .init = hma_init, .update = hma_update,
};
