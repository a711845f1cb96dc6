#!/usr/bin/python3
"""check_train.py STRATEGY FEATURES.csv VERSION_DIR: redo tp-predict train
with numpy and python xgboost, independently of tp, and compare.

From the strategy's "model" section and the rows tp-ind wrote (one symbol),
it builds what tp-predict(1) MODELS says a training window is: the label
close[i + horizon] / close[i] - 1 (binary: > threshold), the rows of the
last train_period with a label, oldest first; the z-score of each feature
over them (ddof 0, as sklearn's StandardScaler); FreqAI's recency weights
np.exp(-np.arange(n) / (weight_factor * n))[::-1]; the last test_size held
out.  It then checks meta.json's mean and sd (1e-9 relative), rows and
hash-free counts, trains xgboost with the same parameters on the same
float32 rows, and compares its predictions with the model tp saved, loaded
in python, on every row of the window (1e-6).  Prints one line a check.
"""
import json
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

from split import ntrain_of

strategy, features_csv, vdir = sys.argv[1:4]
spec = json.load(open(strategy))["model"]
meta = json.load(open(vdir + "/meta.json"))
df = pd.read_csv(features_csv)

H = spec["label"]["horizon"]
thr = spec["label"].get("threshold", 0.0)
period = spec["train"]["train_period"]
assert isinstance(period, str) and period.endswith("d"), "days only here"
window_ms = int(period[:-1]) * 86400000
feat = meta["features"]
ret = df["close"].shift(-H) / df["close"] - 1
df["y"] = (ret > thr).astype(float)
newest = df["time"].iloc[-1]
w = df[(df["time"] > newest - window_ms) & ret.notna()].sort_values(
    "time", kind="stable")
x = w[feat].to_numpy(dtype=float)
y = w["y"].to_numpy()
n = len(w)
assert meta["rows"] == n, (meta["rows"], n)
ntrain = ntrain_of(n, spec["train"].get("test_size", 0))
assert meta["train_rows"] == ntrain, (meta["train_rows"], ntrain)
print("rows %d, %d to train: as tp's meta.json" % (n, ntrain))

# the scaler is fitted on the training split only (FreqAI's pipeline)
mean = np.nanmean(x[:ntrain], axis=0)
sd = np.nanstd(x[:ntrain], axis=0)
assert np.allclose(meta["mean"], mean, rtol=1e-9, atol=0), (meta["mean"], mean)
assert np.allclose(meta["sd"], sd, rtol=1e-9, atol=0), (meta["sd"], sd)
print("z-score of %d features: numpy's to 1e-9" % len(feat))
assert w["time"].iloc[0] == meta["from"] and w["time"].iloc[-1] == meta["to"]

# tp's own mean and sd, so that the rows are the same doubles, then floats
z = ((x - np.array(meta["mean"])) / np.array(meta["sd"])).astype(np.float32)
wf = spec["train"].get("weight_factor", 0)
weights = np.exp(-np.arange(n) / (wf * n))[::-1] if wf > 0 else None
params = {k: v for k, v in spec.get("params", {}).items() if k != "n_estimators"}
params.setdefault("objective", "binary:logistic")
rounds = spec.get("params", {}).get("n_estimators", 100)
d = xgb.DMatrix(z[:ntrain], label=y[:ntrain],
                weight=None if weights is None else weights[:ntrain],
                missing=np.nan)
ours = xgb.train(params, d, num_boost_round=rounds)
theirs = xgb.Booster(model_file=vdir + "/model.json")
dz = xgb.DMatrix(z, missing=np.nan)
a, b = ours.predict(dz), theirs.predict(dz)
worst = float(np.max(np.abs(a - b)))
assert worst <= 1e-6, worst
print("python xgboost trained the same: predictions within %g" % worst)
acc = float(np.mean((b[ntrain:] > 0.5) == (y[ntrain:] > 0.5)))
assert abs(acc - meta["held_out"]["accuracy"]) < 1e-12, (acc, meta["held_out"])
print("held-out accuracy %.6f: as tp's" % acc)
