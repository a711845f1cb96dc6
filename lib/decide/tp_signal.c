/*
 * tp_signal.c: built-in signals (tp_signal.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_grow.h"
#include "core/tp_num.h"
#include "decide/tp_signal.h"

#define LEVEL(d) { "level", d, 0 }
#define PER(n, d) { n, d, 1 }

/*
 * Each expands to the expression over the fields tp-ind names for the
 * specs beside it, so "tp-ind SPECS | tp-predict --rule 'A: @signal'"
 * works with the same parameters.  tp-predict(1) lists this table (SIGNALS);
 * keep the two in step.  Golden and death crosses use SMAs, as the classic
 * definition does; ema_cross_up and ema_cross_down are the EMA form.
 */
const struct tp_signal_def tp_signals[] = {
	{ "rsi_oversold", "rsi_$2 < $1", "rsi:$2",
	    "RSI below a level", 2, { LEVEL("30"), PER("period", "14") } },
	{ "rsi_overbought", "rsi_$2 > $1", "rsi:$2",
	    "RSI above a level", 2, { LEVEL("70"), PER("period", "14") } },
	{ "rsi_cross_up", "crosses_above(rsi_$2, $1)", "rsi:$2",
	    "RSI crosses above a level", 2,
	    { LEVEL("30"), PER("period", "14") } },
	{ "rsi_cross_down", "crosses_below(rsi_$2, $1)", "rsi:$2",
	    "RSI crosses below a level", 2,
	    { LEVEL("70"), PER("period", "14") } },
	{ "golden_cross", "crosses_above(sma_$1, sma_$2)", "sma:$1 sma:$2",
	    "fast SMA crosses above slow SMA", 2,
	    { PER("fast", "50"), PER("slow", "200") } },
	{ "death_cross", "crosses_below(sma_$1, sma_$2)", "sma:$1 sma:$2",
	    "fast SMA crosses below slow SMA", 2,
	    { PER("fast", "50"), PER("slow", "200") } },
	{ "ema_cross_up", "crosses_above(ema_$1, ema_$2)", "ema:$1 ema:$2",
	    "fast EMA crosses above slow EMA", 2,
	    { PER("fast", "12"), PER("slow", "26") } },
	{ "ema_cross_down", "crosses_below(ema_$1, ema_$2)", "ema:$1 ema:$2",
	    "fast EMA crosses below slow EMA", 2,
	    { PER("fast", "12"), PER("slow", "26") } },
	{ "macd_cross_up",
	    "crosses_above(macd_$1_$2_$3, macd_signal_$1_$2_$3)",
	    "macd:$1,$2,$3", "MACD crosses above its signal line", 3,
	    { PER("fast", "12"), PER("slow", "26"), PER("signal", "9") } },
	{ "macd_cross_down",
	    "crosses_below(macd_$1_$2_$3, macd_signal_$1_$2_$3)",
	    "macd:$1,$2,$3", "MACD crosses below its signal line", 3,
	    { PER("fast", "12"), PER("slow", "26"), PER("signal", "9") } },
	{ "bb_break_upper", "close > bb_upper_$1_$2", "bbands:$1,$2",
	    "close above the upper Bollinger band", 2,
	    { PER("period", "20"), PER("dev", "2") } },
	{ "bb_break_lower", "close < bb_lower_$1_$2", "bbands:$1,$2",
	    "close below the lower Bollinger band", 2,
	    { PER("period", "20"), PER("dev", "2") } },
	{ "volume_spike", "volume > $1 * vol_sma_$2", "vol_sma_$2=sma:$2@volume",
	    "volume above factor times its SMA", 2,
	    { { "factor", "2", 0 }, PER("period", "20") } },
	{ "price_above_ema", "close > ema_$1", "ema:$1",
	    "close above an EMA", 1, { PER("period", "200") } },
	{ "price_below_ema", "close < ema_$1", "ema:$1",
	    "close below an EMA", 1, { PER("period", "200") } },
	{ "price_above_sma", "close > sma_$1", "sma:$1",
	    "close above an SMA", 1, { PER("period", "200") } },
	{ "price_below_sma", "close < sma_$1", "sma:$1",
	    "close below an SMA", 1, { PER("period", "200") } },
	{ "adx_trending", "adx_$2 > $1", "adx:$2",
	    "ADX above a level: a trend", 2,
	    { LEVEL("25"), PER("period", "14") } },
	{ "stoch_oversold", "stoch_k_$2_$3 < $1", "stoch:$2,$3",
	    "slow %K below a level", 3,
	    { LEVEL("20"), PER("fastk", "5"), PER("slowk", "3") } },
	{ "stoch_overbought", "stoch_k_$2_$3 > $1", "stoch:$2,$3",
	    "slow %K above a level", 3,
	    { LEVEL("80"), PER("fastk", "5"), PER("slowk", "3") } },
	{ "cci_oversold", "cci_$2 < $1", "cci:$2",
	    "CCI below a level", 2, { LEVEL("-100"), PER("period", "14") } },
	{ "cci_overbought", "cci_$2 > $1", "cci:$2",
	    "CCI above a level", 2, { LEVEL("100"), PER("period", "14") } },
	{ "willr_oversold", "willr_$2 < $1", "willr:$2",
	    "Williams %R below a level", 2,
	    { LEVEL("-80"), PER("period", "14") } },
	{ "willr_overbought", "willr_$2 > $1", "willr:$2",
	    "Williams %R above a level", 2,
	    { LEVEL("-20"), PER("period", "14") } },
	{ "mfi_oversold", "mfi_$2 < $1", "mfi:$2",
	    "MFI below a level", 2, { LEVEL("20"), PER("period", "14") } },
	{ "mfi_overbought", "mfi_$2 > $1", "mfi:$2",
	    "MFI above a level", 2, { LEVEL("80"), PER("period", "14") } },
	{ "supertrend_up", "supertrend_dir_$1_$2 > 0", "supertrend:$1,$2",
	    "Supertrend direction is up", 2,
	    { PER("period", "10"), PER("multiplier", "3") } },
	{ "supertrend_down", "supertrend_dir_$1_$2 < 0", "supertrend:$1,$2",
	    "Supertrend direction is down", 2,
	    { PER("period", "10"), PER("multiplier", "3") } },
};

const int tp_signal_count = (int)(sizeof(tp_signals) / sizeof(tp_signals[0]));

const struct tp_signal_def *
tp_signal_find(const char *name, size_t n)
{
	int i;

	for (i = 0; i < tp_signal_count; i++)
		if (strlen(tp_signals[i].name) == n &&
		    memcmp(tp_signals[i].name, name, n) == 0)
			return &tp_signals[i];
	return NULL;
}

size_t
tp_signal_fill(const char *tmpl, const char *const *vals, char *buf,
    size_t size)
{
	size_t n = 0, k;
	const char *s, *v;

	for (s = tmpl; *s != '\0'; s++) {
		if (s[0] == '$' && s[1] >= '1' && s[1] <= '0' + TP_SIGNAL_MAXP) {
			v = vals[s[1] - '1'];
			s++;
		} else
			v = NULL;
		for (k = 0; v == NULL ? k < 1 : v[k] != '\0'; k++) {
			if (n + 1 < size)
				buf[n] = v == NULL ? *s : v[k];
			n++;
		}
	}
	if (size > 0)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}


static int
is_ident(int c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (!first && c >= '0' && c <= '9');
}

static int
is_numch(int c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
	    c == 'e' || c == 'E';
}

/* The text being expanded into: out, and *map with its capacity. */
struct expansion {
	struct tp_buf *out;
	size_t **map;
	size_t mapcap;
};

/* Append n bytes of s to the expansion, each mapped to column at (same:
 * to at, at + 1, ... as copied). */
static int
emit(struct expansion *x, const char *s, size_t n, size_t at, int same,
    struct tp_err *err)
{
	size_t k;

	if (tp_buf_add(x->out, s, n) < 0)
		goto oom;
	if (x->out->len + 1 > x->mapcap) {
		size_t *m = tp_grow_size(*x->map, &x->mapcap, x->out->len + 1,
		    sizeof(*m));

		if (m == NULL)
			goto oom;
		*x->map = m;
	}
	for (k = 0; k < n; k++)
		(*x->map)[x->out->len - n + k] = same ? at + k : at;
	return 0;
oom:
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

/* One parameter of d, s[0..n) as written (n 0: its default), into buf. */
static int
signal_param(const struct tp_signal_def *d, int k, const char *s, size_t n,
    size_t at, char buf[TP_NUM_BUFSZ], struct tp_err *err)
{
	double v;

	if (n == 0) {
		snprintf(buf, TP_NUM_BUFSZ, "%s", d->p[k].def);
		return 0;
	}
	if (tp_num_parse(s, n, &v) != TP_NUM_OK)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "col %zu: @%s: %s "
		    "\"%.*s\" is not a number", at + 1, d->name, d->p[k].name,
		    (int)n, s);
	if (d->p[k].isint && !(v >= 1 && v <= 100000 && v == floor(v)))
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "col %zu: @%s: %s "
		    "must be an integer from 1 to 100000, not %.*s", at + 1,
		    d->name, d->p[k].name, (int)n, s);
	tp_num_format(v, buf);
	return 0;
}

/* The signal name closest to name, or NULL when none is near. */
static const char *
nearest_signal(const char *name)
{
	const char *best = NULL;
	int k, dist, bestd = 4;

	for (k = 0; k < tp_signal_count; k++) {
		dist = tp_names_distance(name, tp_signals[k].name);
		if (dist < bestd) {
			bestd = dist;
			best = tp_signals[k].name;
		}
	}
	return best;
}

/* The error for s[0..n), after the '@' at column at, naming no signal. */
static int
unknown_signal(const char *s, size_t n, size_t at, struct tp_err *err)
{
	char name[64];
	const char *best;

	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, s, n);
	name[n] = '\0';
	if (n == 0)
		return tp_errf(err, TP_EX_CONFIG, NULL, 0, "col %zu: expected "
		    "a signal name after '@'", at + 1);
	best = nearest_signal(name);
	return tp_errf(err, TP_EX_CONFIG, NULL, 0, "col %zu: unknown signal "
	    "\"@%s\"%s%s%s", at + 1, name, best ? "; did you mean \"@" : "",
	    best ? best : "", best ? "\"?" : "");
}

/* The parameters of d written at src[*i] (":p1,p2,..." or nothing) into
 * vals, the defaults for those left out; *i past them. */
static int
signal_params(const struct tp_signal_def *d, const char *src, size_t *i,
    char vals[TP_SIGNAL_MAXP][TP_NUM_BUFSZ], struct tp_err *err)
{
	size_t j;
	int k = 0;

	if (src[*i] == ':') {
		do {
			++*i;
			for (j = *i; is_numch((unsigned char)src[j]); j++)
				;
			if (k == d->np)
				return tp_errf(err, TP_EX_CONFIG, NULL, 0,
				    "col %zu: @%s takes at most %d "
				    "parameter%s", *i + 1, d->name, d->np,
				    d->np == 1 ? "" : "s");
			if (signal_param(d, k, src + *i, j - *i, *i, vals[k],
			    err) < 0)
				return -1;
			k++;
			*i = j;
		} while (src[*i] == ',');
	}
	for (; k < d->np; k++)
		signal_param(d, k, TP_LIT(""), *i, vals[k], err);
	return 0;
}

/* Expand the "@name[:params]" at src[*i] into x, in parentheses, every
 * byte mapped to the '@'; *i past it. */
static int
expand_signal(struct expansion *x, const char *src, size_t *i,
    struct tp_err *err)
{
	char vals[TP_SIGNAL_MAXP][TP_NUM_BUFSZ];
	const char *pv[TP_SIGNAL_MAXP];
	const struct tp_signal_def *d;
	size_t at = (*i)++, j, n;
	int k;

	for (j = *i; is_ident((unsigned char)src[j], j == *i); j++)
		;
	if ((d = tp_signal_find(src + *i, j - *i)) == NULL)
		return unknown_signal(src + *i, j - *i, at, err);
	*i = j;
	if (signal_params(d, src, i, vals, err) < 0)
		return -1;
	for (k = 0; k < TP_SIGNAL_MAXP; k++)
		pv[k] = vals[k];
	n = tp_signal_fill(d->expr, pv, NULL, 0);
	{
		char text[n + 3];

		text[0] = '(';
		tp_signal_fill(d->expr, pv, text + 1, n + 1);
		text[n + 1] = ')';
		return emit(x, text, n + 2, at, 0, err);
	}
}

int
tp_signal_expand(const char *src, struct tp_buf *out, size_t **map,
    struct tp_err *err)
{
	struct expansion x = { out, map, 0 };
	size_t i = 0;

	out->len = 0;
	*map = NULL;
	while (src[i] != '\0') {
		if (src[i] == '@') {
			if (expand_signal(&x, src, &i, err) < 0)
				return -1;
		} else if (emit(&x, src + i, 1, i, 1, err) < 0)
			return -1;
		else
			i++;
	}
	if (emit(&x, "", 1, i, 1, err) < 0)
		return -1;
	out->len--;	/* the NUL is there, and map[len] is the end */
	return 0;
}
