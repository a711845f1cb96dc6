#!/usr/bin/python3
"""check_di.py OUT.csv VERSION_DIR THRESHOLD [NAME]: FreqAI's dissimilarity
index recomputed with numpy from what tp saved and wrote, independently of
tp's code.

The formula is datasieve's DissimilarityIndex (datasieve/transforms/
dissimilarity_index.py, emergentmethods/datasieve, which FreqAI runs):

    fit:        pairwise = pairwise_distances(X); diagonal set to NaN;
                avg_mean_dist = mean of the rest (each pair in both orders)
    transform:  di = pairwise_distances(X_train, X).min(axis=0)
                     / avg_mean_dist;  kept when di < DI_threshold

with FreqAI's data_kitchen.filter_features dropping training rows with a
NaN first, and giving a prediction row with one do_predict 0.  Distances
here are plain numpy (sqrt of summed squares), the Euclidean metric of
sklearn's pairwise_distances without its dot-product shortcut, which
rounds to about 1e-8.

Checks, one line each:
  1. VERSION_DIR/train.f64 (header: magic, format, features, rows,
     avg_mean_dist; then little-endian doubles) holds the training rows:
     OUT.csv's rows of one symbol from meta.json's "from", the first
     train_rows of them, z-scored by meta.json's mean and sd, NaN rows left
     out (1e-12);
  2. avg_mean_dist, recomputed over those rows, is the header's (1e-9);
  3. every row's di (NAME_di; "di" for NAME "pred") is the recomputed one
     (1e-9), empty where a feature is missing;
  4. do_predict is 0 where di >= THRESHOLD or is missing, or the row is
     in the training window (in sample), 1 elsewhere
     (the rows here have no other reason for 0).
"""
import csv
import json
import struct
import sys

import numpy as np

out, vdir, thr = sys.argv[1], sys.argv[2], float(sys.argv[3])
name = sys.argv[4] if len(sys.argv) > 4 else "pred"
pre = "" if name == "pred" else name + "_"
meta = json.load(open(vdir + "/meta.json"))

raw = open(vdir + "/train.f64", "rb").read()
magic, fmt, nf, rows, avg = struct.unpack("<8sIIQd", raw[:32])
assert magic == b"tp-f64\n\0" and fmt == 1 and nf == len(meta["features"])
assert len(raw) == 32 + rows * nf * 8, (len(raw), rows, nf)
saved = np.frombuffer(raw[32:], dtype="<f8").reshape(rows, nf)

with open(out, newline="") as f:
    table = list(csv.DictReader(f))


def num(s):
    return float(s) if s != "" else np.nan


times = np.array([int(r["time"]) for r in table])
x = np.array([[num(r[k]) for k in meta["features"]] for r in table])
z = (x - np.array(meta["mean"])) / np.array(meta["sd"])

first = int(np.searchsorted(times, meta["from"]))
assert times[first] == meta["from"]
train = z[first:first + meta["train_rows"]]
train = train[np.isfinite(train).all(axis=1)]
assert train.shape == saved.shape, (train.shape, saved.shape)
worst = float(np.max(np.abs(train - saved)))
assert worst <= 1e-12, worst
print("train.f64: the %d training rows of %d features (within %g)"
      % (rows, nf, worst))

n = len(saved)
d = np.sqrt(((saved[:, None, :] - saved[None, :, :]) ** 2).sum(axis=2))
np.fill_diagonal(d, np.nan)
mine = float(d[~np.isnan(d)].mean())
assert abs(mine - avg) <= 1e-9 * mine, (mine, avg)
print("avg_mean_dist %.12g over %d pairs: as the header's" % (mine, n * (n - 1)))

di = np.full(len(z), np.nan)
for i in range(0, len(z), 1024):
    b = z[i:i + 1024]
    dist = np.sqrt(((b[:, None, :] - saved[None, :, :]) ** 2).sum(axis=2))
    di[i:i + 1024] = dist.min(axis=1) / mine
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
