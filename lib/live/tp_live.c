/*
 * tp_live.c: what every venue shares (tp_live.h): the account's
 * connection and key, the server's clock, and the trading rules'
 * arithmetic.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "live/tp_live.h"
#include "core/tp_time.h"
#include "rec/tp_market.h"

const struct tp_venue *
tp_live_venue(const char *name)
{
	if (strcmp(name, "binance") == 0)
		return &tp_binance_venue;
	if (strcmp(name, "bybit") == 0)
		return &tp_bybit_venue;
	if (strcmp(name, "kraken") == 0)
		return &tp_kraken_venue;
	if (strcmp(name, "coinbase") == 0)
		return &tp_coinbase_venue;
	return NULL;
}

/*
 * Production and test networks, from the venues' documentation:
 * Binance spot api.binance.com and testnet.binance.vision (rest-api.md,
 * "General API Information"; the Spot Test Network's page), USD-M
 * futures fapi.binance.com and testnet.binancefuture.com; Bybit
 * api.bybit.com and api-testnet.bybit.com (v5 guide, "Integration
 * Guidance"); Kraken api.kraken.com, which has no spot test network
 * (its OpenAPI spec's one server; the "demo" environment is futures'),
 * so testnet is production there too: tp-exec keys add refuses it.
 */
const char *
tp_live_base_url(const struct tp_venue *v, enum tp_lmarket m, int testnet)
{
	const char *env;

	if (v == &tp_kraken_venue) {
		env = getenv("TP_KRAKEN_URL");
		return env != NULL && *env ? env : "https://api.kraken.com";
	}
	/* Coinbase Advanced Trade: api.coinbase.com (its API reference's
	 * "servers"); no test network that trades: tp-exec keys add
	 * refuses --testnet */
	if (v == &tp_coinbase_venue) {
		env = getenv("TP_COINBASE_URL");
		return env != NULL && *env ? env : "https://api.coinbase.com";
	}
	if (v == &tp_bybit_venue) {
		env = getenv("TP_BYBIT_URL");
		if (env != NULL && *env)
			return env;
		return testnet ? "https://api-testnet.bybit.com" :
		    "https://api.bybit.com";
	}
	if (m == TP_LM_FUTURES) {
		env = getenv("TP_BINANCE_FUTURES_URL");
		if (env != NULL && *env)
			return env;
		return testnet ? "https://testnet.binancefuture.com" :
		    "https://fapi.binance.com";
	}
	env = getenv("TP_BINANCE_URL");
	if (env != NULL && *env)
		return env;
	return testnet ? "https://testnet.binance.vision" :
	    "https://api.binance.com";
}

int
tp_live_init(struct tp_live *l, const struct tp_venue *v, enum tp_lmarket m,
    const char *base_url, enum tp_lkeytype kt, const char *key,
    const unsigned char *secret, size_t secret_len, struct tp_err *err)
{
	size_t n = strlen(base_url), klen = strlen(key);

	memset(l, 0, sizeof(*l));
	l->v = v;
	l->market = m;
	l->keytype = kt;
	l->recv_window = 5000;
	while (n > 0 && base_url[n - 1] == '/')
		n--;
	if (n >= sizeof(l->base_url))
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "the base URL is "
		    "longer than %zu bytes", sizeof(l->base_url) - 1);
	memcpy(l->base_url, base_url, n);
	l->base_url[n] = '\0';
	/* guarded pages, locked and kept out of core dumps */
	l->key = sodium_malloc(klen + 1);
	l->secret = sodium_malloc(secret_len + 1);
	if (l->key == NULL || l->secret == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "cannot lock "
		    "memory for the key");
	memcpy(l->key, key, klen + 1);
	memcpy(l->secret, secret, secret_len);
	l->secret[secret_len] = '\0';
	l->secret_len = secret_len;
	if (tp_http_init(&l->http, v->name, 10, err) < 0)
		return -1;
	l->http.timeout_ms = 10000;
	return 0;
}

void
tp_live_release(struct tp_live *l)
{
	sodium_free(l->key);		/* wipes it */
	sodium_free(l->secret);
	l->key = NULL;
	l->secret = NULL;
	/* the key's header line, when a venue made one */
	curl_slist_free_all(l->headers);
	l->headers = NULL;
	tp_http_release(&l->http);
	tp_buf_release(&l->q);
}

int
tp_live_symbol(const char *symbol, char out[TP_LSYM])
{
	char base[TP_LSYM], quote[TP_LSYM];
	size_t b, q;

	if (tp_market_split(symbol, base, quote, sizeof(base)) < 0)
		return -1;
	b = strlen(base);
	q = strlen(quote);
	if (b + q >= TP_LSYM)
		return -1;
	memcpy(out, base, b);
	memcpy(out + b, quote, q + 1);
	return 0;
}

int64_t
tp_live_now(const struct tp_live *l)
{
	return tp_time_now_ms() + l->offset_ms;
}

/*
 * Steps and ticks are decimal (0.001) and their doubles are not: q/step
 * of 0.003/0.001 is 2.9999999999999996.  A quotient within a millionth
 * of a step below a whole number counts as that number.
 */
static double
steps(double v, double step)
{
	double k = v / step, r = floor(k);

	return k - r > 1 - 1e-6 ? r + 1 : r;
}

/* The places of step written in decimals: 0.001 3, 1 0, 0.5 1. */
static int
places(double step)
{
	int d = 0;

	while (d < 16 && fabs(step * pow(10, d) - nearbyint(step *
	    pow(10, d))) > 1e-9 * step * pow(10, d))
		d++;
	return d;
}

double
tp_lrules_qty(const struct tp_lrules *r, double q)
{
	int d;

	if (!(r->step > 0))
		return q;
	d = places(r->step);
	/* the product, rounded to the step's places: 3 x 0.001 is 0.003,
	 * not 0.0030000000000000001 */
	return nearbyint(steps(q, r->step) * r->step * pow(10, d)) /
	    pow(10, d);
}

double
tp_lrules_price(const struct tp_lrules *r, double p)
{
	int d;

	if (!(r->tick > 0))
		return p;
	d = places(r->tick);
	return nearbyint(nearbyint(p / r->tick) * r->tick * pow(10, d)) /
	    pow(10, d);
}

int
tp_lrules_check(const struct tp_lrules *r, double qty, double price,
    char *why, size_t n)
{
	char a[64], b[64];

	if (!r->trading) {
		snprintf(why, n, "%s is not trading now", r->symbol);
		return 1;
	}
	if (!(qty > 0) || qty < r->min_qty * (1 - 1e-12)) {
		snprintf(why, n, "quantity %s is below the minimum %s "
		    "(lot size)", tp_lrules_fmt(qty, r->step, a),
		    tp_lrules_fmt(r->min_qty, r->step, b));
		return 1;
	}
	if (r->max_qty > 0 && qty > r->max_qty * (1 + 1e-12)) {
		snprintf(why, n, "quantity %s is above the maximum %s "
		    "(lot size)", tp_lrules_fmt(qty, r->step, a),
		    tp_lrules_fmt(r->max_qty, r->step, b));
		return 1;
	}
	if (r->min_notional > 0 && qty * price < r->min_notional *
	    (1 - 1e-12)) {
		snprintf(why, n, "notional %.10g (quantity %s at %.10g) is "
		    "below the minimum %.10g (min notional)", qty * price,
		    tp_lrules_fmt(qty, r->step, a), price, r->min_notional);
		return 1;
	}
	return 0;
}

char *
tp_lrules_fmt(double v, double step, char *buf)
{
	int d = step > 0 ? places(step) : 8;

	snprintf(buf, 64, "%.*f", d, v);
	return buf;
}
