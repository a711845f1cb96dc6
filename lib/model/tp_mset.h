/*
 * tp_mset.h: what a model learns from, made from a stream.
 *
 * Each row's label is its symbol's return over the next `horizon` rows
 * (candles) of that symbol, r = close[i + horizon] / close[i] - 1, or its
 * class: binary, 1 (up) when r > threshold, else 0; three-way, 0 (down)
 * when r < -threshold, 2 (up) when r > threshold, else 1 (flat).  A row
 * waits for its label in a ring of horizon rows a symbol; the last
 * horizon rows of each symbol never get one, so that no row is trained on
 * with a label from candles after the stream's end.
 *
 * The window is the last train_period of the stream: rows whose time is
 * within window_ms of the newest row's, or each symbol's last window_rows
 * rows.  Memory is the window's rows (twice, at most), whatever the
 * stream's length.
 *
 * tp_mset_window() gives the window's rows in time order, their features
 * z-scored with the mean and standard deviation of the rows trained on
 * (ddof 0, NaN left out, as sklearn's StandardScaler fitted on FreqAI's
 * training split), the recency weights of
 * FreqAI's weight_factor (the k-th newest of n rows weighs
 * exp(-k / (weight_factor * n))), and the last test_size of them held out
 * (FreqAI's train_test_split without shuffling).
 */
#ifndef TP_MSET_H
#define TP_MSET_H

#include <stdint.h>

#include "core/tp_err.h"
#include "rec/tp_names.h"

enum tp_mlabel { TP_MLABEL_RETURN, TP_MLABEL_BINARY, TP_MLABEL_THREE };

/* The label of return r (the value, or the class). */
double tp_mset_label(enum tp_mlabel kind, double threshold, double r);

struct tp_mset_pend;

struct tp_mset {
	int nf;
	enum tp_mlabel kind;
	long horizon;
	double threshold;
	int64_t window_ms;	/* or */
	long window_rows;
	struct tp_names syms;
	struct tp_mset_pend *pend;	/* by symbol */
	int npend;
	/* Labelled rows, in the order their labels came. */
	double *x, *y;
	int64_t *t;
	int *sym;
	long n, cap;
	int64_t newest;		/* the newest row's time */
	long rows;		/* rows added */
	/* Leave out rows with a missing feature (a kind that cannot take
	 * one, logistic); they still give the rows before them a label. */
	int drop_missing;
	long dropped;
};

int tp_mset_init(struct tp_mset *s, int nf, enum tp_mlabel kind,
    long horizon, double threshold, int64_t window_ms, long window_rows,
    struct tp_err *err);
/* A row of symbol sym[0..symn) at time t (Unix ms), with its close and
 * features x[0..nf). */
int tp_mset_add(struct tp_mset *s, const char *sym, size_t symn, int64_t t,
    double close, const double *x, struct tp_err *err);
void tp_mset_release(struct tp_mset *s);

/* The window, ready to train on. */
struct tp_mwin {
	long n, ntrain;		/* rows; the first ntrain to train */
	int nf;
	double *x;		/* n * nf, z-scored */
	double *y;
	double *w;		/* NULL without a weight factor */
	double *mean, *sd;	/* the z-score of each feature */
	int64_t from, to;	/* the first and last row's time */
};

/* The window of s (TP_EX_DATAERR when no row has a label yet). */
int tp_mset_window(const struct tp_mset *s, double test_size,
    double weight_factor, struct tp_mwin *w, struct tp_err *err);
void tp_mwin_release(struct tp_mwin *w);

/* How a model did on rows it did not learn from. */
struct tp_mscore {
	long n;
	double logloss, accuracy, auc;	/* classes (auc: two only, else NaN) */
	double rmse;			/* a regression */
};

/* Score the predictions p (n * nout) against y; nout 1 is a regression. */
void tp_mset_score(const double *y, const double *p, long n, int nout,
    struct tp_mscore *sc);

#endif
