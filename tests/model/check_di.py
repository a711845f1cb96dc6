#!/usr/bin/python3
"""check_di.py OUT.csv VERSION_DIR THRESHOLD [NAME]: FreqAI's dissimilarity
index recomputed with numpy and sklearn from what tp saved and wrote,
independently of tp's code.

FreqAI's feature pipeline (freqtrade, freqai/freqai_interface.py,
define_data_pipeline) fits, on the training rows left after
data_kitchen.filter_features drops those with a NaN:

    ds.VarianceThreshold(threshold=0)            constant features removed
    SKLearnWrapper(MinMaxScaler(feature_range=(-1, 1)))
    ds.DissimilarityIndex(di_threshold=...)

and the DI (datasieve/transforms/dissimilarity_index.py, emergentmethods/
datasieve) is, on the rows so scaled:

    fit:        pairwise = pairwise_distances(X); diagonal set to NaN;
                avg_mean_dist = mean of the rest (each pair in both orders)
    transform:  di = pairwise_distances(X_train, X).min(axis=0)
                     / avg_mean_dist;  kept when di < DI_threshold

A prediction row with a NaN gets do_predict 0.  Distances here are plain
numpy (sqrt of summed squares), the Euclidean metric of sklearn's
pairwise_distances without its dot-product shortcut, which rounds to about
1e-8.  The scaling for the DI is numpy's, on the raw features as FreqAI
scales them; tp fits on the z-scored ones (the same to rounding: min-max
scaling forgets any affine map).

Checks, one line each:
  1. VERSION_DIR/train.f64 (header: magic, format 2, features, rows,
     avg_mean_dist; nf scale_, nf min_, then the rows; little-endian
     doubles) holds the scaling of sklearn's MinMaxScaler((-1, 1)) fitted
     on the training rows tp fitted on (OUT.csv's rows of one symbol from
     meta.json's "from", the first train_rows of them, z-scored by
     meta.json's mean and sd, NaN rows left out), scale_ 0 for a feature
     sklearn's VarianceThreshold(0) removes (1e-12);
  2. and those rows scaled by it (1e-12);
  3. avg_mean_dist, recomputed over the raw training rows MinMax-scaled
     with numpy, is the header's (1e-9);
  4. every row's di (NAME_di; "di" for NAME "pred") is the recomputed one
     (1e-9), empty where a feature is missing;
  5. do_predict is 0 where di >= THRESHOLD or is missing, or the row is
     in the training window (in sample), 1 elsewhere
     (the rows here have no other reason for 0).
"""
import csv
import json
import struct
import sys

import numpy as np
from sklearn.feature_selection import VarianceThreshold
from sklearn.preprocessing import MinMaxScaler

out, vdir, thr = sys.argv[1], sys.argv[2], float(sys.argv[3])
name = sys.argv[4] if len(sys.argv) > 4 else "pred"
pre = "" if name == "pred" else name + "_"
meta = json.load(open(vdir + "/meta.json"))

raw = open(vdir + "/train.f64", "rb").read()
magic, fmt, nf, rows, avg = struct.unpack("<8sIIQd", raw[:32])
assert magic == b"tp-f64\n\0" and fmt == 2 and nf == len(meta["features"])
assert len(raw) == 32 + (2 + rows) * nf * 8, (len(raw), rows, nf)
f64 = np.frombuffer(raw[32:], dtype="<f8")
scale, offset = f64[:nf], f64[nf:2 * nf]
saved = f64[2 * nf:].reshape(rows, nf)

with open(out, newline="") as f:
    table = list(csv.DictReader(f))


def num(s):
    return float(s) if s != "" else np.nan


times = np.array([int(r["time"]) for r in table])
x = np.array([[num(r[k]) for k in meta["features"]] for r in table])
z = (x - np.array(meta["mean"])) / np.array(meta["sd"])

first = int(np.searchsorted(times, meta["from"]))
assert times[first] == meta["from"]
window = slice(first, first + meta["train_rows"])
complete = np.isfinite(x[window]).all(axis=1)
train_x, train_z = x[window][complete], z[window][complete]
assert train_z.shape == saved.shape, (train_z.shape, saved.shape)

keep = VarianceThreshold(threshold=0).fit(train_z).get_support()
mm = MinMaxScaler(feature_range=(-1, 1)).fit(train_z[:, keep])
worst = max(float(np.max(np.abs(scale[keep] - mm.scale_) / mm.scale_)),
            float(np.max(np.abs(offset[keep] - mm.min_))))
assert worst <= 1e-12 and (scale[~keep] == 0).all(), (worst, scale)
print("train.f64: scale_ and min_ of %d features as sklearn's MinMaxScaler"
      "((-1, 1)) (within %g), %d constant at scale_ 0"
      % (nf, worst, int((~keep).sum())))

want = train_z.copy()
want[:, keep] = mm.transform(train_z[:, keep])
want[:, ~keep] = -1
worst = float(np.max(np.abs(want - saved)))
assert worst <= 1e-12, worst
print("train.f64: the %d training rows, so scaled (within %g)"
      % (rows, worst))

# FreqAI's order on the raw rows: constant features out, then min-max
lo, hi = train_x.min(axis=0), train_x.max(axis=0)
var = hi > lo
assert (var == keep).all(), (var, keep)


def minmax(a):
    a = a[:, var]
    return (a - lo[var]) / (hi[var] - lo[var]) * 2 - 1


t = minmax(train_x)
n = len(t)
d = np.sqrt(((t[:, None, :] - t[None, :, :]) ** 2).sum(axis=2))
np.fill_diagonal(d, np.nan)
mine = float(d[~np.isnan(d)].mean())
assert abs(mine - avg) <= 1e-9 * mine, (mine, avg)
print("avg_mean_dist %.12g over %d pairs: as the header's" % (mine, n * (n - 1)))

q = minmax(x)
di = np.full(len(q), np.nan)
for i in range(0, len(q), 1024):
    b = q[i:i + 1024]
    dist = np.sqrt(((b[:, None, :] - t[None, :, :]) ** 2).sum(axis=2))
    di[i:i + 1024] = dist.min(axis=1) / mine
di[~np.isfinite(x).all(axis=1)] = np.nan
tp_di = np.array([num(r[pre + "di"]) for r in table])
assert (np.isnan(di) == np.isnan(tp_di)).all()
ok = ~np.isnan(di)
worst = float(np.max(np.abs(di[ok] - tp_di[ok])))
assert worst <= 1e-9, worst
print("di of %d rows (%d without one): numpy's within %g"
      % (len(di), int((~ok).sum()), worst))

# rows up to the training window's last are in sample: never trusted
after = np.array([int(r["time"]) > meta["to"] for r in table])
want = np.where(ok & (di < thr) & after, 1, 0)
got = np.array([int(r[pre + "do_predict"]) for r in table])
assert (want == got).all(), np.nonzero(want != got)
print("do_predict 0 on %d rows: di >= %g or missing, or in sample"
      % (int((got == 0).sum()), thr))
