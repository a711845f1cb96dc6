#!/usr/bin/env python3
# hma-exact.py N TOL < tp-ind's CSV with hma_N: exit 1 when a value is
# more than TOL from Hull's definition ("Hull Moving Average",
# alanhull.com, 2005) computed here independently of tp: WMA(2 WMA(x,
# N//2) - WMA(x, N), isqrt(N)), each WMA summed exactly rounded
# (math.fsum) over its own window, with no running sums.
import csv, math, sys
n = int(sys.argv[1]); tol = float(sys.argv[2])
def wma(xs, p):
    d = p * (p + 1) / 2
    out = [None] * len(xs)
    for i in range(len(xs)):
        w = xs[i - p + 1:i + 1] if i >= p - 1 else None
        if w is None or any(v is None for v in w):
            continue
        out[i] = math.fsum((k + 1) * v for k, v in enumerate(w)) / d
    return out
rows = list(csv.reader(sys.stdin))
col = rows[0].index("hma_%d" % n)
x = [float(r[4]) for r in rows[1:]]
got = [float(r[col]) if r[col] else None for r in rows[1:]]
h, f = wma(x, n // 2), wma(x, n)
raw = [2 * a - b if a is not None and b is not None else None for a, b in zip(h, f)]
want = wma(raw, math.isqrt(n))
worst = 0
for i, (g, w) in enumerate(zip(got, want)):
    assert (g is None) == (w is None), (i, g, w)
    if w is not None:
        worst = max(worst, abs(g - w))
print("worst", worst)
sys.exit(worst > tol)
