/*
 * test_mset.c: training rows from a stream (model/tp_mset.h), on small
 * cases worked by hand:
 *
 * - labels: r = close[i + N] / close[i] - 1 over the symbol's own rows;
 *   FreqAI's "&-s_close" target is the same mean-free return;
 * - weights: FreqAI's set_weights_higher_recent,
 *   np.exp(-np.arange(n) / (wfactor * n))[::-1] (freqai/data_kitchen.py);
 * - z-score: sklearn's StandardScaler (ddof 0);
 * - scores: sklearn.metrics log_loss (clipped at 1e-15), accuracy_score,
 *   roc_auc_score, mean_squared_error ** 0.5, worked out below.
 */
#include <math.h>
#include <string.h>

#include "model/tp_mset.h"
#include "tap.h"

#define H INT64_C(3600000)

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void
test_labels(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mset s;
	struct tp_mwin w;
	double c[] = { 100, 101, 99, 102, 102 }, x;
	int i;

	tp_mset_init(&s, 1, TP_MLABEL_THREE, 1, 0.015, 0, 100, &err);
	for (i = 0; i < 5; i++) {
		x = i;
		tp_mset_add(&s, "A", 1, i * H, c[i], &x, &err);
	}
	/* returns 0.01, -0.0198, 0.0303, 0: flat, down, up, flat; the last
	 * row has no label */
	tap_ok(s.n == 4 && s.y[0] == 1 && s.y[1] == 0 && s.y[2] == 2 &&
	    s.y[3] == 1, "three-way labels by the threshold; the last waits");
	tap_ok(tp_mset_window(&s, 0, 0, &w, &err) == 0 && w.n == 4 &&
	    w.from == 0 && w.to == 3 * H, "the window: the labelled rows");
	/* features 0, 1, 2, 3: mean 1.5, sd sqrt(1.25) */
	tap_ok(near(w.mean[0], 1.5, 1e-15) && near(w.sd[0], sqrt(1.25), 1e-15)
	    && near(w.x[0], -1.5 / sqrt(1.25), 1e-15),
	    "z-scored by the window (ddof 0)");
	tp_mwin_release(&w);
	tp_mset_release(&s);

	tp_mset_init(&s, 1, TP_MLABEL_RETURN, 2, 0, 0, 100, &err);
	for (i = 0; i < 5; i++) {
		x = i;
		tp_mset_add(&s, "A", 1, i * H, c[i], &x, &err);
	}
	tap_ok(s.n == 3 && near(s.y[0], 99.0 / 100 - 1, 1e-15) &&
	    near(s.y[1], 102.0 / 101 - 1, 1e-15) &&
	    near(s.y[2], 102.0 / 99 - 1, 1e-15),
	    "returns over 2 candles; the last 2 rows wait");
	tp_mset_release(&s);
}

static void
test_symbols_and_window(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mset s;
	struct tp_mwin w;
	double x;
	int i;

	/* Two symbols interleaved, a 1-candle binary label; A rises, B
	 * falls: their labels must not mix. */
	tp_mset_init(&s, 1, TP_MLABEL_BINARY, 1, 0, 5 * H, 0, &err);
	for (i = 0; i < 10; i++) {
		x = i;
		tp_mset_add(&s, "A", 1, i * H, 100 + i, &x, &err);
		x = -i;
		tp_mset_add(&s, "B", 1, i * H, 100 - i, &x, &err);
	}
	tap_ok(tp_mset_window(&s, 0, 0, &w, &err) == 0, "a window");
	/* newest 9h, 5h window: rows of 5h..8h labelled, of both */
	tap_ok(w.n == 8 && w.from == 5 * H && w.to == 8 * H,
	    "5 hours of two symbols, the last hour unlabelled");
	for (i = 0; i < 8; i++)
		if (w.y[i] != (i % 2 == 0 ? 1 : 0))
			break;
	tap_ok(i == 8, "each symbol's label from its own rows");
	tp_mwin_release(&w);

	/* weights and the held-out part */
	tap_ok(tp_mset_window(&s, 0.25, 0.5, &w, &err) == 0 && w.ntrain == 6,
	    "test_size 0.25 of 8 rows: the last 2 held out");

	tap_ok(w.w != NULL && near(w.w[7], 1, 0) &&
	    near(w.w[0], exp(-7.0 / 4), 1e-15),
	    "weights exp(-k / (wf n)), the newest 1");
	tp_mwin_release(&w);
	/* sklearn's train_test_split holds out ceil(0.3 * 8) = ceil(2.4) = 3
	 * (sklearn/model_selection/_split.py, _validate_shuffle_split) */
	tap_ok(tp_mset_window(&s, 0.3, 0, &w, &err) == 0 && w.ntrain == 5,
	    "test_size 0.3 of 8 rows: ceil(2.4) = 3 held out, as sklearn");
	tp_mwin_release(&w);
	tp_mset_release(&s);

	/* a window in candles keeps each symbol's last rows */
	tp_mset_init(&s, 1, TP_MLABEL_BINARY, 1, 0, 0, 3, &err);
	for (i = 0; i < 10; i++) {
		x = i;
		tp_mset_add(&s, "A", 1, i * H, 100 + i, &x, &err);
	}
	tap_ok(tp_mset_window(&s, 0, 0, &w, &err) == 0 && w.n == 2 &&
	    w.from == 7 * H, "3 candles: 7h, 8h labelled, 9h waits");
	tp_mwin_release(&w);
	tp_mset_release(&s);

	tp_mset_init(&s, 1, TP_MLABEL_BINARY, 5, 0, 0, 100, &err);
	x = 0;
	tp_mset_add(&s, "A", 1, 0, 100, &x, &err);
	tap_ok(tp_mset_window(&s, 0, 0, &w, &err) < 0 &&
	    err.code == TP_EX_DATAERR, "no labelled row: bad data (65)");
	tp_mset_release(&s);

	/* one labelled row, test_size 0.4: ceil(0.4) = 1 held out, none to
	 * train on */
	tp_mset_init(&s, 1, TP_MLABEL_BINARY, 1, 0, 0, 100, &err);
	for (i = 0; i < 2; i++) {
		x = i;
		tp_mset_add(&s, "A", 1, i * H, 100 + i, &x, &err);
	}
	err = (struct tp_err)TP_ERR_INIT;
	tap_ok(tp_mset_window(&s, 0.4, 0, &w, &err) < 0 &&
	    err.code == TP_EX_DATAERR && strstr(err.msg, "leaves none") != NULL,
	    "test_size that leaves no row to train on: bad data (65)");
	tp_mset_release(&s);
}

/* A row with a missing feature is left out (logistic regression cannot
 * take one) but still gives the row before it its label. */
static void
test_missing(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mset s;
	double c[] = { 100, 101, 99, 102 }, x[] = { NAN, 1, 2, 3 };
	int i;

	tp_mset_init(&s, 1, TP_MLABEL_RETURN, 1, 0, 0, 100, &err);
	s.drop_missing = 1;
	for (i = 0; i < 4; i++)
		tp_mset_add(&s, "A", 1, i * H, c[i], &x[i], &err);
	tap_ok(s.n == 2 && s.dropped == 1 && s.x[0] == 1 &&
	    near(s.y[0], 99.0 / 101 - 1, 1e-15) && s.x[1] == 2 &&
	    near(s.y[1], 102.0 / 99 - 1, 1e-15),
	    "the row without its feature is left out, the others labelled");
	tp_mset_release(&s);
}

static void
test_memory(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mset s;
	double x = 1;
	long i;

	tp_mset_init(&s, 1, TP_MLABEL_BINARY, 1, 0, 100 * H, 0, &err);
	for (i = 0; i < 100000; i++)
		tp_mset_add(&s, "A", 1, i * H, 100 + (double)(i % 7), &x, &err);
	tap_ok(s.cap < 5000, "a 100-hour window keeps few of 100000 rows "
	    "(capacity %ld)", s.cap);
	tp_mset_release(&s);
}

static void
test_scores(void)
{
	struct tp_mscore sc;
	double y[] = { 1, 0, 1, 0 };
	double p[] = { 0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.9, 0.1 };
	double yr[] = { 1, 2 }, pr[] = { 1.5, 2 };

	/* p(true class): 0.8, 0.6, 0.7, 0.9 -> logloss = -mean(log ...) */
	tp_mset_score(y, p, 4, 2, &sc);
	tap_ok(near(sc.logloss, -(log(0.8) + log(0.6) + log(0.7) +
	    log(0.9)) / 4, 1e-15), "log loss");
	tap_ok(sc.accuracy == 1, "accuracy: every argmax right");
	/* positives score 0.8, 0.7; negatives 0.4, 0.1: all pairs right */
	tap_ok(sc.auc == 1, "AUC 1");
	/* ties count half: positives 0.5, 0.9 against negatives 0.5, 0.1:
	 * 0.5 + 1 + 1 + 1 of 4 pairs */
	{
		double pt[] = { 0.5, 0.5, 0.5, 0.5, 0.1, 0.9, 0.9, 0.1 };

		tp_mset_score(y, pt, 4, 2, &sc);
		tap_ok(sc.auc == 0.875, "AUC with a tie: 3.5 of 4 pairs");
	}
	tp_mset_score(yr, pr, 2, 1, &sc);
	tap_ok(near(sc.rmse, sqrt(0.125), 1e-15), "RMSE");
}

int
main(void)
{
	test_labels();
	test_symbols_and_window();
	test_missing();
	test_memory();
	test_scores();
	return tap_done();
}
