/*
 * HMA: Alan Hull's moving average, not in TA-Lib.  As Hull defines it
 * ("Hull Moving Average", alanhull.com, 2005):
 *   Integer(SquareRoot(Period)) WMA [2 x Integer(Period/2) WMA(Price)
 *                                    - Period WMA(Price)]
 * so with n = period: WMA(2 WMA(x, n/2) - WMA(x, n), sqrt(n)), both the
 * half and the root truncated to integers (TradingView's ta.hma and
 * pandas-ta do the same; Sierra Chart rounds the root instead).  The WMAs
 * are TA-Lib's (struct tp_ma), so the first value comes on bar
 * n - 1 + floor(sqrt(n)) - 1, counting from 0: 10 for the default 9.
 */
#include "ind.h"

struct hma {
	struct tp_ma half, full, root;
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

	return sizeof(struct hma) + tp_ma_size(TP_MA_WMA, n / 2) +
	    tp_ma_size(TP_MA_WMA, n) + tp_ma_size(TP_MA_WMA, isqrt(n));
}

static int
hma_init(void *st, const double *p, const char **why)
{
	struct hma *s = st;
	int n = (int)p[0];
	char *mem = (char *)(s + 1);

	if (tp_ma_init(&s->half, TP_MA_WMA, n / 2, mem) < 0)
		goto bad;
	mem += tp_ma_size(TP_MA_WMA, n / 2);
	if (tp_ma_init(&s->full, TP_MA_WMA, n, mem) < 0)
		goto bad;
	mem += tp_ma_size(TP_MA_WMA, n);
	if (tp_ma_init(&s->root, TP_MA_WMA, isqrt(n), mem) < 0)
		goto bad;
	return 0;
bad:
	*why = "period out of range";
	return -1;
}

static void
hma_update(void *st, const double *in, double *out)
{
	struct hma *s = st;
	double x = in[TP_IN_REAL];
	double half = tp_ma_update(&s->half, x);
	double full = tp_ma_update(&s->full, x);

	out[0] = NAN;
	if (isnan(full))
		return;
	out[0] = tp_ma_update(&s->root, 2 * half - full);
}

const struct tp_ind_def tp_ind_hma = {
	"hma", NULL, "other", "Hull moving average",
	TP_IN_BIT(TP_IN_REAL), 1, { TP_PERIOD(9, 2) }, 1,
	1, { { "hma", "" } }, hma_size, hma_init, hma_update
};
