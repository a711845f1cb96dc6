#!/usr/bin/env python3
"""bench-model.py STRATEGY FEATURES.csv [VERSION_DIR]: the python xgboost
yardstick for the training part of make bench's models.

It does what `tp-predict train -s STRATEGY FEATURES.csv` does, the usual
pandas and numpy way, as tp-predict(1) MODELS says: read the CSV; label
each row with its symbol's return over the next horizon rows,
close[i + horizon] / close[i] - 1 (binary: > threshold); keep the rows of
the last train_period (days) that have a label, oldest first; z-score each
feature over them (ddof 0, NaN left out); FreqAI's recency weights; hold
out the last test_size; train xgboost on the rest with the strategy's
params and n_estimators rounds (nthread and tree_method among them); score
the held-out rows (log loss, accuracy, AUC) and save the model as JSON.  On stderr: the rows and the seconds in xgb.train alone.

With VERSION_DIR (a model tp-predict train wrote from the same files) it
also checks that the work was the same: tp's model and this one predict
every row of the window within 1e-6 (the bench runs this once, untimed).
"""
import json
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import xgboost as xgb

spec = json.load(open(sys.argv[1]))["model"]
df = pd.read_csv(sys.argv[2])
H = spec["label"]["horizon"]
thr = spec["label"].get("threshold", 0.0)
period = spec["train"]["train_period"]
assert isinstance(period, str) and period.endswith("d"), "days only here"
feat = spec["features"]

close = df["close"]
ret = close.groupby(df["symbol"]).shift(-H) / close - 1
y_all = (ret > thr).astype(float)
newest = df["time"].iloc[-1]
keep = (df["time"] > newest - int(period[:-1]) * 86400000) & ret.notna()
w = df[keep]
x = w[feat].to_numpy(dtype=float)
y = y_all[keep].to_numpy()
n = len(w)
ntrain = n - int(np.floor(spec["train"].get("test_size", 0) * n))

mean = np.nanmean(x, axis=0)
sd = np.nanstd(x, axis=0)
z = ((x - mean) / sd).astype(np.float32)
wf = spec["train"].get("weight_factor", 0)
weights = np.exp(-np.arange(n) / (wf * n))[::-1] if wf > 0 else None
params = {k: v for k, v in spec.get("params", {}).items()
          if k != "n_estimators"}
params.setdefault("objective", "binary:logistic")
rounds = spec.get("params", {}).get("n_estimators", 100)

t0 = time.perf_counter()
d = xgb.DMatrix(z[:ntrain], label=y[:ntrain],
                weight=None if weights is None else weights[:ntrain],
                missing=np.nan)
model = xgb.train(params, d, num_boost_round=rounds)
t1 = time.perf_counter()
p = model.predict(xgb.DMatrix(z[ntrain:], missing=np.nan)).astype(float)
yt = y[ntrain:]
acc = float(np.mean((p > 0.5) == (yt > 0.5)))
q = np.clip(np.where(yt > 0.5, p, 1 - p), 1e-15, 1 - 1e-15)
logloss = float(-np.mean(np.log(q)))
# AUC as the Mann-Whitney U of the midranks (ties half), sklearn's value
s = np.sort(p)
r = (np.searchsorted(s, p, "left") + np.searchsorted(s, p, "right") + 1) / 2
npos = float(np.sum(yt > 0.5))
auc = (np.sum(r[yt > 0.5]) - npos * (npos + 1) / 2) / (npos * (len(yt) - npos))
with tempfile.TemporaryDirectory() as tmp:	# tp writes its model too
    model.save_model(tmp + "/model.json")
print("python: %d rows, %d to train, held-out logloss %.6f accuracy %.6f "
      "auc %.6f, xgb.train %.3f s" % (n, ntrain, logloss, acc, auc, t1 - t0),
      file=sys.stderr)

if len(sys.argv) > 3:
    theirs = xgb.Booster(model_file=sys.argv[3] + "/model.json")
    dz = xgb.DMatrix(z, missing=np.nan)
    worst = float(np.max(np.abs(model.predict(dz) - theirs.predict(dz))))
    print("python: tp's model predicts the window within %g of python's"
          % worst, file=sys.stderr)
    sys.exit(0 if worst <= 1e-6 else 1)
