#!/usr/bin/python3
"""check_pred.py OUT.csv VERSION_DIR: every row's pred_down, pred_up of
tp-predict's output against python xgboost's prediction with the model tp
saved, on the row's features z-scored by meta.json (1e-6); do_predict 0
exactly on the rows up to the training window's last (in sample), 1 after.
Prints the rows compared."""
import json
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

out, vdir = sys.argv[1:3]
meta = json.load(open(vdir + "/meta.json"))
df = pd.read_csv(out, low_memory=False)
x = df[meta["features"]].to_numpy(dtype=float)
z = ((x - np.array(meta["mean"])) / np.array(meta["sd"])).astype(np.float32)
p = xgb.Booster(model_file=vdir + "/model.json").predict(
    xgb.DMatrix(z, missing=np.nan))
worst = max(float(np.max(np.abs(df["pred_up"].to_numpy() - p))),
            float(np.max(np.abs(df["pred_down"].to_numpy() - (1 - p)))))
assert worst <= 1e-6, worst
after = (df["time"] > meta["to"]).to_numpy()
assert (df["do_predict"].to_numpy()[after] == 1).all()
assert (df["do_predict"].to_numpy()[~after] == 0).all()
print("%d rows, predictions within %g" % (len(df), worst))
