/*
 * tp_mwalk.h: a model walking forward through history, FreqAI's
 * backtesting (tp-predict --walk-forward).
 *
 * The stream, in time order, is cut into blocks: block 0 is its first
 * train_period, with no model (its candles get the model's fields empty
 * and do_predict 0); then a block each backtest_period.  At the first
 * candle of block k (k >= 1) a model is fitted on the training window of
 * the rows before that candle: exactly the model `tp-predict train` makes
 * of the stream cut there, so a row whose label needs a candle of block k
 * or later is not trained on.  That model predicts every candle of block
 * k, with model_version k.  No prediction reads a candle after the block
 * began.
 *
 * Durations count from the first candle's time (block 1 begins at
 * first + train_period, block k at that + (k - 1) backtest_period);
 * candles count the stream's distinct times.  A block with no candle
 * (a gap in the data) has no model.
 *
 * Fits run on up to `threads` threads while the stream is read on; each
 * record is given back, in its order, once its block's model is fitted.
 * A fit reads only its window, so the records given back are the same,
 * byte for byte, whatever the thread count.  Memory is threads + 1
 * windows (each fit has its copy, and XGBoost its own) and about as many
 * blocks of records, whatever the history's length.
 */
#ifndef TP_MWALK_H
#define TP_MWALK_H

#include <stdint.h>

#include "model/tp_mpred.h"
#include "model/tp_mtrain.h"
#include "rec/tp_recq.h"

struct tp_mwalk_job;

/* Where the records go, in their order, with the model's fields. */
typedef int (*tp_mwalk_emit)(void *ctx, struct tp_rec *rec,
    struct tp_err *err);

struct tp_mwalk {
	const struct tp_mspec *spec;
	struct tp_names *names;
	int threads;
	tp_mwalk_emit emit;
	void *ctx;
	struct tp_mtrain train;	/* the rows so far and their window */
	struct tp_mpred pred;	/* predicting with block `used`'s model */
	struct tp_recq held;	/* records not yet given back, by block */
	struct tp_mwalk_job *jobs;	/* fits not yet used, oldest first */
	int njobs, jhead;
	long block;		/* the block the stream is in */
	long used;		/* the block pred has the model of */
	int64_t first, last;	/* the first and last candle's times */
	int64_t b1;		/* when block 1 began */
	long ntimes, since;	/* distinct times: all, since block 1 */
	int seen, begun;	/* a candle came; block 1 began */
	int type_id, type_at, time_id, time_at;
	struct tp_buf tmp;
};

/* Walk spec's model forward, fitting on up to threads threads at once,
 * giving each record to emit(ctx, rec, err) in turn. */
int tp_mwalk_init(struct tp_mwalk *w, const struct tp_mspec *spec,
    struct tp_names *names, int threads, tp_mwalk_emit emit, void *ctx,
    struct tp_err *err);
/* One record of the stream. */
int tp_mwalk_push(struct tp_mwalk *w, const struct tp_rec *rec,
    struct tp_err *err);
/* Give back every record pushed, waiting for their models (the input
 * ended). */
int tp_mwalk_flush(struct tp_mwalk *w, struct tp_err *err);
/* Give back the records whose models are fitted, without waiting (the
 * input paused: the fits go on); whether records are left waiting for a
 * fit into *waiting. */
int tp_mwalk_ready(struct tp_mwalk *w, int *waiting, struct tp_err *err);
/* The fields the model adds, in order, into ids (TP_MSPEC_MAXFIELDS). */
int tp_mwalk_out_ids(const struct tp_mwalk *w, int *ids);
/* Waits for the fits still running. */
void tp_mwalk_release(struct tp_mwalk *w);

#endif
