/*
 * tp_warmup.h: how many candles a strategy needs before its decisions are
 * those of the full history (freqtrade's startup_candle_count).
 *
 * An indicator with memory (an EMA, Wilder's smoothing in RSI, ATR, ADX)
 * never forgets where its series began: over the last N candles it
 * differs from the same indicator over all of them, by less the longer N
 * is (TA-Lib calls the extra candles its "unstable period").  A cron bot
 * that sees a window of recent candles decides as the backtest did only
 * when the window is long enough for every indicator to agree.
 */
#ifndef TP_WARMUP_H
#define TP_WARMUP_H

#include "core/tp_err.h"
#include "decide/tp_predict.h"
#include "decide/tp_strategy.h"

/* Outputs agree when within this part of their size (or of 1). */
#define TP_WARMUP_TOL 1e-9

/*
 * The warm-up of strategy s: for each indicator, the fewest candles
 * after which it computes the same outputs (within TP_WARMUP_TOL) as
 * when it has seen thousands before, measured on a fixed synthetic
 * random walk; the longest of them, plus the longest shift and the
 * deepest history the rules of pred read (crosses_above reads one candle
 * back).  An indicator of an "informative" timeframe that needs w of its
 * candles counts (w + 1) * (timeframe / s->timeframe_ms) base candles,
 * one more of its own since a window may begin within one; another
 * symbol's or a shift's spec counts as an indicator.  *forever is set
 * when an indicator never agrees (a cumulative one, as OBV): then no
 * window equals the full history.  TP_EX_SOFTWARE when out of memory.
 */
int tp_warmup(const struct tp_strategy *s, const struct tp_pred *pred,
    long *bars, int *forever, struct tp_err *err);

#endif
