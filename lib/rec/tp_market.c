/*
 * tp_market.c: symbols and the markets that file names tell
 * (tp_market.h).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rec/tp_market.h"
#include "core/tp_time.h"

/*
 * The quote assets a joined symbol may end with: the stablecoins, fiat
 * currencies and coins that Binance, Bybit, Kraken and Coinbase quote
 * spot markets in.  One that ends another comes after it: FDUSD and TUSD
 * before USD.
 */
static const char *const quotes[] = {
	"FDUSD", "USDT", "USDC", "BUSD", "TUSD", "DAI", "USD", "EUR", "GBP",
	"JPY", "TRY", "BTC", "ETH", "BNB", NULL
};

/* The exchanges tp-fetch downloads from, as they start tp's names. */
static const char *const exchanges[] = {
	"binance", "kraken", "bybit", "coinbase", NULL
};

int
tp_market_split(const char *in, char *base, char *quote, size_t n)
{
	char up[64];
	size_t k = 0, cut = 0, i;

	for (; *in; in++) {
		if (*in == '/' || *in == '-' || *in == '_') {
			if (cut != 0 || k == 0)
				return -1;
			cut = k;
			continue;
		}
		if (!isalnum((unsigned char)*in) || k + 1 >= sizeof(up))
			return -1;
		up[k++] = (char)toupper((unsigned char)*in);
	}
	up[k] = '\0';
	for (i = 0; cut == 0 && quotes[i] != NULL; i++) {
		size_t q = strlen(quotes[i]);

		if (k > q && strcmp(up + k - q, quotes[i]) == 0)
			cut = k - q;
	}
	if (cut == 0 || cut == k || cut >= n || k - cut >= n)
		return -1;
	memcpy(base, up, cut);
	base[cut] = '\0';
	memcpy(quote, up + cut, k - cut + 1);
	return 0;
}

/* Cut s at each c, in place, into at most max parts; the count, or max +
 * 1 when there are more. */
static int
cut(char *s, int c, char **part, int max)
{
	int n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		part[n++] = s;
		if ((s = strchr(s, c)) == NULL)
			return n;
		*s++ = '\0';
	}
}

/* Upper-case letters and digits, at least one; sep too when not 0. */
static int
is_upper(const char *s, int sep)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isupper((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && (sep == 0 || *s != sep))
			return 0;
	return 1;
}

static int
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

static int
set_tf(struct tp_fmarket *m, const char *s)
{
	int64_t ms;

	if (tp_time_tf_parse(s, &ms) < 0 || ms <= 0)
		return -1;
	tp_time_tf_format(ms, m->timeframe);
	return 0;
}

/* base and quote, or a joined symbol when quote is NULL (BTCUSDT, or
 * Coinbase's BTC-USD), as BASE/QUOTE. */
static int
set_symbol(struct tp_fmarket *m, const char *base, const char *quote)
{
	char b[32], q[32];
	int k;

	if (!is_upper(base, quote == NULL ? '-' : 0) ||
	    (quote != NULL && !is_upper(quote, 0)))
		return -1;
	if (quote == NULL) {
		if (tp_market_split(base, b, q, sizeof(b)) < 0)
			return -1;
		base = b;
		quote = q;
	}
	k = snprintf(m->symbol, sizeof(m->symbol), "%s/%s", base, quote);
	return k > 0 && (size_t)k < sizeof(m->symbol) ? 0 : -1;
}

/* BTCUSDT-1m-2025-01 or BTCUSDT-1m-2025-01-31 (data.binance.vision). */
static int
binance_dump(char *stem, struct tp_fmarket *m)
{
	char *p[6];
	int n = cut(stem, '-', p, 5);

	if ((n != 4 && n != 5) || !is_digits(p[2], 4) || !is_digits(p[3], 2) ||
	    (n == 5 && !is_digits(p[4], 2)) || set_symbol(m, p[0], NULL) < 0 ||
	    set_tf(m, p[1]) < 0)
		return 0;
	strcpy(m->exchange, "binance");
	return 1;
}

/* ETH_BTC-5m (freqtrade's pair with '_' for '/', then the timeframe). */
static int
freqtrade(char *stem, struct tp_fmarket *m)
{
	char *p[3], *q[3];

	if (cut(stem, '-', p, 2) != 2 || cut(p[0], '_', q, 2) != 2)
		return 0;
	return set_symbol(m, q[0], q[1]) == 0 && set_tf(m, p[1]) == 0;
}

/* binance_BTCUSDT_1h or ADA_BTC_5m (tp's bundled data, share/data). */
static int
tp_own(char *stem, struct tp_fmarket *m)
{
	char *p[4];
	int i;

	if (cut(stem, '_', p, 3) != 3 || set_tf(m, p[2]) < 0)
		return 0;
	for (i = 0; exchanges[i] != NULL; i++)
		if (strcmp(p[0], exchanges[i]) == 0) {
			if (set_symbol(m, p[1], NULL) < 0)
				return 0;
			strcpy(m->exchange, exchanges[i]);
			return 1;
		}
	return set_symbol(m, p[0], p[1]) == 0;
}

int
tp_market_from_name(const char *path, struct tp_fmarket *m)
{
	static int (*const forms[])(char *, struct tp_fmarket *) = {
		binance_dump, freqtrade, tp_own
	};
	const char *base = strrchr(path, '/');
	char stem[128];
	size_t n, i;

	base = base != NULL ? base + 1 : path;
	n = strcspn(base, ".");
	for (i = 0; n < sizeof(stem) && i < 3; i++) {
		memset(m, 0, sizeof(*m));
		memcpy(stem, base, n);
		stem[n] = '\0';
		if (forms[i](stem, m))
			return 1;
	}
	memset(m, 0, sizeof(*m));
	return 0;
}
