#!/usr/bin/env python3
"""compare.py REF.csv.gz < tp-ind NDJSON: check tp-ind's appended fields
against TA-Lib's reference outputs, in order, row by row.

A warm-up value must be missing in both.  Numbers must agree to a relative
error of 1e-9; values that are tiny next to their column (a MACD histogram
crossing zero, say) are held to 1e-9 of the column's largest magnitude, as
a relative test means nothing there.  Prints the first few mismatches and
exits 1 when there is any."""
import gzip, json, sys

# Plain comma-separated numbers; a one-column row of warm-up is empty.
ref = [l.rstrip("\n").split(",") for l in gzip.open(sys.argv[1], "rt")]
names, ref = ref[0], ref[1:]
inputs = {"time", "open", "high", "low", "close", "volume"}
got = []
for line in sys.stdin:
    r = json.loads(line)
    got.append([v for k, v in r.items() if k not in inputs])
bad = []
if len(got) != len(ref):
    bad.append("rows: %d, TA-Lib has %d" % (len(got), len(ref)))
scale = [max([abs(float(r[k])) for r in ref if r[k] != ""] or [0])
         for k in range(len(names))]
for i, (g, r) in enumerate(zip(got, ref)):
    if len(g) != len(r):
        bad.append("row %d: %d outputs, TA-Lib has %d" % (i, len(g), len(r)))
        break
    for k, (a, b) in enumerate(zip(g, r)):
        if b == "" or a is None:
            if not (b == "" and a is None):
                bad.append("row %d %s: tp %r, TA-Lib %r" % (i, names[k], a, b))
            continue
        b = float(b)
        tol = 1e-9 * max(abs(a), abs(b), 1e-3 * scale[k])
        if abs(a - b) > tol:
            bad.append("row %d %s: tp %r, TA-Lib %r" % (i, names[k], a, b))
if bad:
    print("\n".join(bad[:5]) + ("\n... %d more" % (len(bad) - 5)
                                if len(bad) > 5 else ""))
    sys.exit(1)
