#!/usr/bin/python3
"""check_walk.py STRATEGY FEATURES.csv OUT.csv: redo tp-predict
--walk-forward with pandas, numpy and python xgboost, independently of tp,
and compare.

From the strategy's "model" section (features named, no globs; a binary
label; train_period and backtest_period in days) and the rows tp-ind wrote
(one symbol), it builds what tp-predict(1) MODELS says: block 0 is the
first train_period, with no model; block k >= 1 begins at
first + train_period + (k - 1) * backtest_period.  For each block it cuts
the stream before the block's first candle and builds the training window
of that cut alone, as check_train.py does for tp-predict train: the label
close[i + horizon] / close[i] - 1 > threshold where i + horizon is inside
the cut, the rows of the last train_period, oldest first, the last
test_size held out, the z-score of the rows trained on (numpy nanmean and
nanstd, ddof 0), FreqAI's weights; trains python xgboost with the
strategy's parameters and predicts the block's rows.  tp's pred_up must
equal those predictions to 1e-6, its model_version the block, and block 0
must have no prediction and do_predict 0.  Prints one line a check.
"""
import json
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

from split import ntrain_of

strategy, features_csv, out_csv = sys.argv[1:4]
spec = json.load(open(strategy))["model"]
df = pd.read_csv(features_csv)
out = pd.read_csv(out_csv)
assert len(df) == len(out), (len(df), len(out))
assert (df["time"].to_numpy() == out["time"].to_numpy()).all()

DAY = 86400000
feat = spec["features"]
H = spec["label"]["horizon"]
thr = spec["label"].get("threshold", 0.0)
train_ms = int(spec["train"]["train_period"][:-1]) * DAY
bt_ms = int(spec["train"]["backtest_period"][:-1]) * DAY
test_size = spec["train"].get("test_size", 0)
wf = spec["train"].get("weight_factor", 0)
params = {k: v for k, v in spec.get("params", {}).items() if k != "n_estimators"}
params.setdefault("objective", "binary:logistic")
rounds = spec.get("params", {}).get("n_estimators", 100)

t = df["time"].to_numpy()
b1 = t[0] + train_ms
block = np.where(t < b1, 0, 1 + (t - b1) // bt_ms)

zero = block == 0
assert out.loc[zero, "pred_up"].isna().all()
assert (out.loc[zero, "do_predict"] == 0).all()
assert out.loc[zero, "model_version"].isna().all()
print("block 0: %d candles, no prediction, do_predict 0" % zero.sum())

worst, nrows, blocks = 0.0, 0, 0
for k in sorted(set(block[~zero])):
    rows = block == k
    first = t[rows].min()
    cut = df[df["time"] < first]
    ret = cut["close"].shift(-H) / cut["close"] - 1
    newest = cut["time"].iloc[-1]
    w = cut[(cut["time"] > newest - train_ms) & ret.notna()]
    y = (ret[w.index] > thr).astype(float).to_numpy()
    x = w[feat].to_numpy(dtype=float)
    n = len(w)
    ntrain = ntrain_of(n, test_size)
    mean = np.nanmean(x[:ntrain], axis=0)
    sd = np.nanstd(x[:ntrain], axis=0)
    sd[sd == 0] = 1
    z = ((x - mean) / sd).astype(np.float32)
    weights = np.exp(-np.arange(n) / (wf * n))[::-1] if wf > 0 else None
    d = xgb.DMatrix(z[:ntrain], label=y[:ntrain],
                    weight=None if weights is None else weights[:ntrain],
                    missing=np.nan)
    model = xgb.train(params, d, num_boost_round=rounds)
    xb = ((df.loc[rows, feat].to_numpy(dtype=float) - mean) / sd)
    p = model.predict(xgb.DMatrix(xb.astype(np.float32), missing=np.nan))
    mine = out.loc[rows, "pred_up"].to_numpy()
    worst = max(worst, float(np.max(np.abs(p - mine))))
    assert (out.loc[rows, "model_version"] == k).all(), k
    nrows += rows.sum()
    blocks += 1
assert worst <= 1e-6, worst
print("%d blocks, %d candles: python xgboost's predictions within %g" %
      (blocks, nrows, worst))
