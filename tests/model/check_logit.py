#!/usr/bin/python3
"""check_logit.py STRATEGY FEATURES.csv OUT.csv VERSION_DIR: a logistic
model of tp-predict train against sklearn 1.2's LogisticRegression on the
same window, built here with pandas as tp-predict(1) MODELS says (labels
close[i + h] / close[i] - 1 > threshold, the last train_period, rows with a
missing feature left out, z-scored by tp's meta.json mean and sd, FreqAI's
weights, the last test_size held out); solver newton-cg with tol 1e-12,
whose optimum is tp's (lbfgs stops short of it).  Compares the held-out
accuracy with meta.json and every row's pred_up of tp-predict's output
(1e-6), and do_predict 0 exactly on rows with a missing feature or in
the training window (up to its last row: in sample)."""
import json
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from split import ntrain_of

# tol 1e-12 is below what newton-cg can certify in floats; its answer is
# still the optimum (tests/model/gen_logit.py checks its gradient)
warnings.filterwarnings("ignore", category=ConvergenceWarning)

strategy, features_csv, out_csv, vdir = sys.argv[1:5]
spec = json.load(open(strategy))["model"]
meta = json.load(open(vdir + "/meta.json"))
df = pd.read_csv(features_csv)
feat = meta["features"]
h = spec["label"]["horizon"]
thr = spec["label"].get("threshold", 0.0)
window_ms = int(spec["train"]["train_period"][:-1]) * 86400000
ret = df["close"].shift(-h) / df["close"] - 1
df["y"] = (ret > thr).astype(int)
newest = df["time"].iloc[-1]
w = df[(df["time"] > newest - window_ms) & ret.notna() &
       df[feat].notna().all(axis=1)].sort_values("time", kind="stable")
n = len(w)
assert meta["rows"] == n, (meta["rows"], n)
ntrain = ntrain_of(n, spec["train"]["test_size"])
mean, sd = np.array(meta["mean"]), np.array(meta["sd"])
x = w[feat].to_numpy(dtype=float)
# fitted on the training split only, as FreqAI's pipeline
assert np.allclose(mean, x[:ntrain].mean(axis=0), rtol=1e-9, atol=0)
assert np.allclose(sd, x[:ntrain].std(axis=0), rtol=1e-9, atol=0)
z = (x - mean) / sd
y = w["y"].to_numpy()
wf = spec["train"]["weight_factor"]
weights = np.exp(-np.arange(n) / (wf * n))[::-1]
lr = LogisticRegression(C=spec["params"]["C"], solver="newton-cg",
                        tol=1e-12, max_iter=10000)
lr.fit(z[:ntrain], y[:ntrain], sample_weight=weights[:ntrain])
acc = float(np.mean(lr.predict(z[ntrain:]) == y[ntrain:]))
assert abs(acc - meta["held_out"]["accuracy"]) < 1e-12, (acc, meta["held_out"])
print("window %d rows, %d to train; held-out accuracy %.6f: as tp's"
      % (n, ntrain, acc))
out = pd.read_csv(out_csv, low_memory=False)
xo = out[feat].to_numpy(dtype=float)
known = ~np.isnan(xo).any(axis=1)
p = lr.predict_proba((xo[known] - mean) / sd)[:, 1]
worst = float(np.max(np.abs(out["pred_up"].to_numpy()[known] - p)))
assert worst <= 1e-6, worst
trust = known & (out["time"] > meta["to"]).to_numpy()
assert (out["do_predict"].to_numpy()[trust] == 1).all()
assert (out["do_predict"].to_numpy()[~trust] == 0).all()
assert out["pred_up"][~known].isna().all()
print("%d rows: pred_up within %g of sklearn's; %d rows with a missing "
      "feature: do_predict 0" % (known.sum(), worst, (~known).sum()))
