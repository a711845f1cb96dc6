#!/usr/bin/python3
"""gen_logit.py: the expected values of tests/unit/test_model_logit.c.

    tests/model/gen_logit.py [TP_IND]

With TP_IND (a built tp-ind), first remakes
tests/fixtures/model/logit_features.csv: 2,000 rows of BTC/USDT 1h
indicators (share/data/binance_BTCUSDT_1h.csv, its last rows), z-scored,
with labels from the close 4 candles later (binary: up or not; three-way:
down, flat, up by 0.4%) and FreqAI's recency weights
(weight_factor 0.9: exp(-i / (n * wf)) for the i-th newest row).

Then, always, fits sklearn's LogisticRegression (L2, intercept, C, sample
weights; multinomial for three classes) on the first TRAIN rows of each
case and writes tests/fixtures/model/logit_expected.txt: per case the
coefficients and intercepts, and the class probabilities of the rows
after TRAIN.  Run with Debian's python3-sklearn 1.2.1 and numpy 1.24.2
(/usr/bin/python3).

Two solvers of the same estimator fit each case.  solver="newton-cg",
tol=1e-12 gives the values the test holds tp to (coef, intercept, prob):
it stops on the gradient alone, and this script checks (numpy) that its
gradient is under 1e-6 at what it returns (the penalty makes the
Hessian's eigenvalues at least 1 along the coefficients: they are within
about 1e-6 of the optimum).  solver="lbfgs", tol=1e-12,
max_iter=10000 gives lbfgs_coef and lbfgs_intercept: scipy's L-BFGS-B
also stops when an iteration lowers the loss by less than 2.2e-9 of it
(factr 1e7, which LogisticRegression does not expose), so on these
collinear features it stops about 1e-4 from the optimum: the test
checks tp against it only to 3e-4.
"""
import io
import os
import subprocess
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures", "model")
FEATURES = os.path.join(FIX, "logit_features.csv")
EXPECTED = os.path.join(FIX, "logit_expected.txt")

ROWS = 2000
WARMUP = 300
HORIZON = 4
FLAT = 0.004
WF = 0.9
TRAIN = 1600
SPECS = ["rsi:14", "ema:50", "atr:14", "macd", "adx:14", "cci:20", "mfi:14",
         "roc:10", "willr:14", "obv"]

# name, label column, weighted, C
CASES = [("binary", "y2", True, 0.5), ("multi", "y3", True, 0.2),
         ("binary_plain", "y2", False, 1.0),
         ("steep", "ys", False, 10.0)]


HEADER = """\
# Expected values of tests/unit/test_model_logit.c, made by
# tests/model/gen_logit.py (its comment says how) with sklearn %s,
# numpy %s (Debian's python3-sklearn, /usr/bin/python3).
#
# logit_features.csv: 2,000 rows of BTC/USDT 1h candles (the last rows of
# share/data/binance_BTCUSDT_1h.csv after 300 of warm-up), 12 indicator
# features made with tp-ind (rsi, ema, atr, macd, adx, cci, mfi, roc,
# willr, obv) and python, z-scored; y2 the binary label (the close 4
# candles later is higher), y3 the three-way label (down, flat, up by
# 0.4%%), ys a label the features nearly decide (rsi + 0.1 natr over 0,
# one row in 400 flipped: large coefficients), w FreqAI's recency weight
# (weight_factor 0.9: exp(-i / (n * 0.9)) for the i-th newest row).
#
# Each case is LogisticRegression(C, tol=1e-12, sample weights or none;
# multinomial for three classes) fitted on the first 1,600 rows:
#   case NAME LABEL WEIGHTED C TRAIN NCLASS
#   coef: a line per class (one for two classes), solver="newton-cg"
#   intercept: newton-cg's
#   lbfgs_coef, lbfgs_intercept: the same of solver="lbfgs",
#     max_iter=10000 (held only to 3e-4: scipy stops it on the loss's
#     relative change before its gradient is small)
#   prob: newton-cg's class probabilities of each of the last 400 rows
"""


def features(tp_ind):
    with open(os.path.join(ROOT, "share/data/binance_BTCUSDT_1h.csv")) as f:
        lines = f.read().splitlines()
    text = "\n".join([lines[0]] + lines[-(WARMUP + ROWS + HORIZON):]) + "\n"
    out = subprocess.run([tp_ind] + SPECS, input=text.encode(),
                         capture_output=True, check=True).stdout.decode()
    data = np.genfromtxt(io.StringIO(out), delimiter=",", names=True)
    c = data["close"]
    cols = {
        "rsi": data["rsi_14"],
        "ema_dist": c / data["ema_50"] - 1,
        "natr": data["atr_14"] / c,
        "macd_hist": data["macd_hist_12_26_9"] / c,
        "adx": data["adx_14"],
        "cci": data["cci_20"],
        "mfi": data["mfi_14"],
        "roc": data["roc_10"],
        "willr": data["willr_14"],
        "obv_chg": np.concatenate([[np.nan], np.diff(data["obv"])]) /
        data["volume"].mean(),
        "ret1": np.concatenate([[np.nan], c[1:] / c[:-1] - 1]),
        "range": (data["high"] - data["low"]) / c,
    }
    fut = np.concatenate([c[HORIZON:] / c[:-HORIZON] - 1,
                          np.full(HORIZON, np.nan)])
    keep = slice(WARMUP, WARMUP + ROWS)
    x = np.column_stack([cols[k][keep] for k in cols])
    assert not np.isnan(x).any()
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    r = fut[keep]
    assert not np.isnan(r).any()
    y2 = (r > 0).astype(int)
    y3 = np.where(r < -FLAT, 0, np.where(r > FLAT, 2, 1))
    # a label the features nearly decide (one in 400 flipped): large
    # coefficients, where a full Newton step from 0 goes too far
    ys = (x[:, 0] + 0.1 * x[:, 2] > 0).astype(int)
    ys[::400] ^= 1
    i = np.arange(ROWS)[::-1]		# 0 for the newest row
    w = np.exp(-i / (ROWS * WF))
    with open(FEATURES, "w") as f:
        f.write(",".join(list(cols) + ["y2", "y3", "ys", "w"]) + "\n")
        for k in range(ROWS):
            f.write(",".join([repr(float(v)) for v in x[k]] +
                             [str(y2[k]), str(y3[k]), str(ys[k]),
                              repr(float(w[k]))])
                    + "\n")


def max_gradient(lr, x, y, w, C):
    """The largest gradient component of C sum w_i logloss_i + |W|^2 / 2
    at lr's coefficients: 0 at the optimum."""
    xa = np.column_stack([x, np.ones(len(x))])
    b = np.column_stack([lr.coef_, lr.intercept_])
    if b.shape[0] == 1:		# binary: one vector for class 1
        b = np.vstack([np.zeros_like(b), b])
    z = xa @ b.T
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    g = C * ((p - np.eye(b.shape[0])[y]) * w[:, None]).T @ xa
    g[:, :-1] += b[:, :-1]
    return abs(g[1:] if len(lr.classes_) == 2 else g).max()


def line(out, key, values):
    out.write(key + " " + " ".join(repr(float(v)) for v in values) + "\n")


def fit(out, name, data, ycol, weighted, C):
    names = data.dtype.names
    fcols = [n for n in names if n not in ("y2", "y3", "ys", "w")]
    x = np.column_stack([data[n] for n in fcols])
    y = data[ycol].astype(int)
    w = data["w"][:TRAIN] if weighted else np.ones(TRAIN)
    sw = w if weighted else None
    lr = LogisticRegression(C=C, tol=1e-12, max_iter=10000,
                            solver="newton-cg")
    lr.fit(x[:TRAIN], y[:TRAIN], sample_weight=sw)
    g = max_gradient(lr, x[:TRAIN], y[:TRAIN], w, C)
    assert g < 1e-6, g
    lb = LogisticRegression(C=C, tol=1e-12, max_iter=10000, solver="lbfgs")
    lb.fit(x[:TRAIN], y[:TRAIN], sample_weight=sw)
    p = lr.predict_proba(x[TRAIN:])
    out.write("case %s %s %d %r %d %d\n" % (name, ycol, int(weighted), C,
                                            TRAIN, len(lr.classes_)))
    for k in range(lr.coef_.shape[0]):
        line(out, "coef", lr.coef_[k])
    line(out, "intercept", lr.intercept_)
    for k in range(lb.coef_.shape[0]):
        line(out, "lbfgs_coef", lb.coef_[k])
    line(out, "lbfgs_intercept", lb.intercept_)
    for k in range(p.shape[0]):
        line(out, "prob", p[k])
    sys.stderr.write("%s: newton-cg gradient %.2g; lbfgs %d iterations, "
                     "%.2g from it\n" % (name, g, lb.n_iter_[0],
                                          abs(lb.coef_ - lr.coef_).max()))


def main():
    # newton-cg warns that sklearn's own gradient norm (of the loss over
    # C) is not under 1e-12; max_gradient() checks what matters
    # (and on "steep" that its line search stops at a step too small)
    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.filterwarnings("ignore", "The line search algorithm did not")
    warnings.filterwarnings("ignore", "Line Search failed")
    if len(sys.argv) > 1:
        features(sys.argv[1])
    data = np.genfromtxt(FEATURES, delimiter=",", names=True)
    with open(EXPECTED, "w") as out:
        out.write(HEADER % (sklearn.__version__, np.__version__))
        for case in CASES:
            fit(out, case[0], data, *case[1:])


main()
