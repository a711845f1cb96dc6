#!/usr/bin/env python3
"""gen-pattern-input.py N SEED TICK > candles.csv: synthetic daily candles
with the shapes of TA-Lib's candlestick patterns planted among random ones,
so that tp-ind's pattern tests see every pattern fire (the real data in
tests/ind/input.csv never shows 23 of them).  The committed
tests/ind/input-patterns.csv came from `gen-pattern-input.py 6000 7 0.01`
with Debian's python3 3.11 (random.Random is stable across versions);
make regen remakes it so, and make check fails when the two differ.
The expected values for it come from TA-Lib (scripts/gen-ind-refs), never
from this script."""
import random, sys
n, seed, tick = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
r = random.Random(seed)
T = {
 "mathold": [(0,3.1,-0.1,3),(3.6,3.7,3.2,3.3),(3.2,3.3,2.8,2.9),(3.0,3.1,2.6,2.7),(2.9,4.0,2.8,3.9)],
 "conceal": [(10,10,8,8),(8,8,6,6),(5.5,6.5,5,5.2),(6.8,7,4.5,4.8)],
 "3stars": [(10,10.1,3,7),(8.5,8.6,4,6.5),(6,6,5.5,5.5)],
 "ug2crows": [(0,3.1,-0.1,3),(3.8,3.9,3.4,3.5),(4.0,4.1,3.1,3.2)],
 "2crows": [(0,3.1,-0.1,3),(3.8,4,3.3,3.4),(3.6,3.7,1.9,2.0)],
 "3black": [(0,2.1,-0.1,2),(1.9,2.0,1.0,1.0),(1.5,1.6,0.2,0.2),(0.5,0.5,-0.8,-0.8)],
 "breakaway": [(10,10.1,6.9,7),(6.5,6.6,5.4,5.5),(5.2,6.4,4.9,5.0),(4.8,6.0,4.4,4.5),(4.6,6.9,4.5,6.8)],
 "kicking": [(10,10,7,7),(10.5,13.5,10.5,13.5)],
 "ladder": [(10,10.2,8.8,9),(9.5,9.6,8.2,8.3),(8.9,9.0,7.6,7.7),(7.6,8.5,7.0,7.1),(7.7,9.0,7.6,8.9)],
 "risefall": [(0,3.1,-0.1,3),(2.8,2.9,2.4,2.5),(2.6,2.7,2.2,2.3),(2.4,2.5,2.0,2.1),(2.2,5.3,2.1,5.2)],
 "linestrike": [(0,1.1,-0.1,1),(0.5,1.6,0.4,1.5),(1.0,2.1,0.9,2.0),(2.2,2.3,-0.6,-0.5)],
 "abandoned": [(0,3.1,-0.1,3),(3.5,3.7,3.3,3.52),(3.0,3.1,1.4,1.5)],
 "tristar": [(0,0.6,-0.5,0.02),(1.0,1.5,0.8,1.01),(0.5,0.9,0.1,0.51)],
 "stalled": [(0,2.05,-0.1,2),(1.9,3.9,1.8,3.85),(3.8,4.3,3.7,4.0)],
 "hikkakemod": [(0,3,-3,1),(0.5,2,-2,-1.8),(0,1,-1,0.5),(-0.5,0.5,-1.5,-1),(0,2.5,-1,2.2)],
 "identical": [(5,5.2,3.0,3.0),(3.0,3.1,1.0,1.0),(1.0,1.2,-1.0,-1.0)],
 "sandwich": [(2,2.2,0.9,1),(1.5,3,1.2,2.8),(3,3.2,0.95,1)],
 "homing": [(3,3.1,-0.1,0),(2,2.3,0.8,1)],
 "counter": [(3,3.1,-0.1,0),(-2,0.1,-2.1,0)],
}
keys = sorted(T)
print("time,open,high,low,close,volume")
t = 1500000000000
p, vol, i = 1000.0, 10.0, 0
q = lambda x: round(x / tick) * tick
def emit(o, h, l, c):
    global i
    h = max(h, o, c); l = min(l, o, c)
    print("%d,%s,%s,%s,%s,1" % (t + i * 86400000, q(o), q(h), q(l), q(c)))
    i += 1
while i < n:
    if r.random() < 0.05: vol = r.choice([5.0, 10.0, 20.0])
    if r.random() < 0.12:
        tpl = T[r.choice(keys)]
        s = vol * r.uniform(0.6, 1.6)
        m = r.choice([1, 1, -1])
        base = p + r.gauss(0, vol * 0.3) - (tpl[0][0] * s * m)
        for (o, h, l, c) in tpl:
            if m < 0: o, h, l, c = -o, -l, -h, -c
            j = lambda x: base + x * s + (r.choice([-2, -1, 0, 0, 0, 0, 1, 2]) * tick if r.random() < 0.3 else 0)
            oo, hh, ll, cc = j(o), j(h), j(l), j(c)
            emit(oo, hh, ll, cc)
            p = q(cc)
        continue
    o = p + r.choice([0, 0, r.gauss(0, vol)])
    c = o + r.gauss(0, vol)
    h = max(o, c) + r.choice([0, r.expovariate(1 / vol)]); l = min(o, c) - r.choice([0, r.expovariate(1 / vol)])
    emit(o, h, l, c)
    p = q(c)
    if p < 200 or p > 5000: p = 1000.0
