#!/usr/bin/python3
"""gen_xgb.py: the expected values of tests/unit/test_model_xgb.c, from
python xgboost (Debian python3-xgboost 1.7.4, the same libxgboost tp links).

  gen_xgb.py features RAW.csv   write tests/fixtures/model/features.csv
                                from tp-ind's output RAW.csv (see README)
  gen_xgb.py                    train on features.csv, write xgb_*.csv

features.csv: the indicator columns of RAW.csv (warm-up rows dropped),
then the labels computed here: ret (close 4 candles on over close, less
1), up (ret > 0) and dir (0 when ret < -0.4%, 2 when ret > 0.4%, else
1), and w, a recency weight.  A few feature cells are made NaN (missing).

The models train on the first NTRAIN rows with PARAMS and predict the
rest; xgb_NAME.csv holds those predictions, one row a line, each output
as python's repr of the float (the float32 xgboost gives, exactly).
xgb_bin.json is the binary model as python saved it.
"""
import csv
import math
import os
import sys

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures", "model")
FEATURES = ["volume", "rsi_14", "ema_50", "atr_14", "macd_12_26_9",
            "macd_signal_12_26_9", "macd_hist_12_26_9", "adx_14", "mfi_14",
            "roc_10", "natr_14"]
HORIZON = 4
WARMUP = 100
NTRAIN = 1500
PARAMS = {"max_depth": "4", "eta": "0.1", "seed": "1", "nthread": "1",
          "tree_method": "hist"}
ROUNDS = 50

# name: (label column, objective, extra parameters, weighted)
MODELS = {
    "reg": ("ret", "reg:squarederror", {}, False),
    "regw": ("ret", "reg:squarederror", {}, True),
    "bin": ("up", "binary:logistic", {}, False),
    "cls": ("dir", "multi:softprob", {"num_class": "3"}, False),
}


def make_features(raw):
    with open(raw) as f:
        rows = list(csv.DictReader(f))
    close = [float(r["close"]) for r in rows]
    out = []
    for i in range(WARMUP, len(rows) - HORIZON):
        ret = close[i + HORIZON] / close[i] - 1
        cells = [rows[i][k] for k in FEATURES]
        if i % 137 == 5:
            cells[(i // 137) % len(FEATURES)] = "nan"
        up = 1 if ret > 0 else 0
        d = 0 if ret < -0.004 else 2 if ret > 0.004 else 1
        w = math.exp((i - len(rows)) / 500.0)
        out.append(cells + [repr(ret), str(up), str(d), repr(w)])
    with open(os.path.join(FIX, "features.csv"), "w") as f:
        f.write(",".join(FEATURES + ["ret", "up", "dir", "w"]) + "\n")
        for r in out:
            f.write(",".join(r) + "\n")


def load():
    with open(os.path.join(FIX, "features.csv")) as f:
        head = f.readline().strip().split(",")
        data = np.array([[float(c) for c in line.strip().split(",")]
                         for line in f])
    nf = len(FEATURES)
    assert head[:nf] == FEATURES
    cols = {k: data[:, nf + j] for j, k in enumerate(head[nf:])}
    return data[:, :nf], cols


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "features":
        make_features(sys.argv[2])
        return
    x, cols = load()
    for name, (label, objective, extra, weighted) in MODELS.items():
        params = dict(PARAMS, objective=objective, **extra)
        w = cols["w"][:NTRAIN] if weighted else None
        d = xgb.DMatrix(x[:NTRAIN], label=cols[label][:NTRAIN], weight=w,
                        missing=np.nan)
        bst = xgb.train(params, d, num_boost_round=ROUNDS)
        if name == "bin":
            # a model python saved, for tp to load
            bst.save_model(os.path.join(FIX, "xgb_bin.json"))
        p = bst.predict(xgb.DMatrix(x[NTRAIN:], missing=np.nan))
        p = p.reshape(len(p), -1)
        with open(os.path.join(FIX, "xgb_%s.csv" % name), "w") as f:
            for row in p:
                f.write(",".join(repr(float(v)) for v in row) + "\n")


if __name__ == "__main__":
    main()
