/*
 * tp_source.c: the table of candle sources (see tp_source.h).
 */
#include <string.h>

#include "feed/tp_source.h"

static const struct tp_source_ops *const sources[] = {
	&tp_source_import,
	&tp_source_synth,
	&tp_source_binance,
	&tp_source_kraken,
	&tp_source_bybit,
	&tp_source_coinbase,
};

int
tp_source_is_exchange(const struct tp_source_ops *ops)
{
	return ops->feed != NULL;
}

const struct tp_source_ops *
tp_source_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
		if (strcmp(sources[i]->name, name) == 0)
			return sources[i];
	return NULL;
}

int
tp_source_label(const struct tp_source_args *a, struct tp_candle_cols *c,
    struct tp_rec *rec, struct tp_err *err)
{
	const char *v[] = { a->symbol, a->timeframe, a->exchange };
	int k;

	for (k = 0; k < 3; k++)
		if (v[k] != NULL && tp_rec_put(rec, c->id[TP_C_SYMBOL + k],
		    TP_ENC_TEXT, v[k], strlen(v[k])) < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
	return 0;
}
