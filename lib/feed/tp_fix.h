/*
 * tp_fix.h: repairing candle streams, per symbol.
 *
 * Candles go in with tp_fix_push() and come out through the emit callback,
 * passing these stages in order:
 *
 *   sort       (--sort)       hold every candle, then replay them by time
 *   dedupe     (--dedupe)     keep one candle per time: the first or last
 *   resample   (--resample)   aggregate to a longer timeframe on UTC
 *                             boundaries
 *   fill       (--fill-gaps)  a flat candle at the previous close, volume
 *                             0, for each missing slot; every candle gets
 *                             a "filled" field
 *   cut        (--timerange)  only the candles of the range come out, so
 *                             that a resampled or filled candle at its
 *                             edge is the same as without it
 *
 * Without sort, memory is constant per symbol (one held candle a stage);
 * a time earlier than the last one is then an error.  With sort, every
 * candle is held until the end.
 */
#ifndef TP_FIX_H
#define TP_FIX_H

#include <stdint.h>

#include "rec/tp_candle.h"
#include "core/tp_time.h"

enum tp_dedupe { TP_DEDUPE_NONE, TP_DEDUPE_FIRST, TP_DEDUPE_LAST };

struct tp_fix_opts {
	int sort;
	enum tp_dedupe dedupe;
	int fill;
	int64_t resample;	/* target timeframe ms, or 0 */
	int64_t tf;		/* timeframe of the input, or 0 */
	const struct tp_time_range *range;	/* or NULL: all */
};

typedef int (*tp_emit_fn)(void *ctx, const struct tp_rec *rec,
    struct tp_err *err);

struct tp_fix;

int tp_fix_new(struct tp_fix **fx, const struct tp_fix_opts *o,
    struct tp_candle_cols *cols, struct tp_names *names, tp_emit_fn emit,
    void *ctx, struct tp_err *err);
/* Push a candle record and its parsed candle. */
int tp_fix_push(struct tp_fix *fx, const struct tp_rec *rec,
    const struct tp_candle *k, struct tp_err *err);
/* Flush everything held; call once at the end of input. */
int tp_fix_finish(struct tp_fix *fx, struct tp_err *err);
/* Candles dropped as duplicates and added as fills so far. */
long tp_fix_dropped(const struct tp_fix *fx);
long tp_fix_filled(const struct tp_fix *fx);
void tp_fix_free(struct tp_fix *fx);

#endif
