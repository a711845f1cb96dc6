#!/usr/bin/env python3
"""gen-other-refs.py [--rows N] [--out DIR] [--check-talib ORACLE_DIR]:
make the reference files of tp-ind's indicators that TA-Lib lacks
(tests/ind/other-cases.txt), for tests/tp-ind-other.bats.  Run by hand
once, not by the build or the tests, with a python3 that has numpy and
pandas (Debian: apt-get install python3-numpy python3-pandas, then
/usr/bin/python3 tests/ind/gen-other-refs.py); the tests need neither.

There is no TA-Lib to ask, so this is an independent oracle: each
indicator is written here again, from its published definition (cited
below and atop its C file), in numpy/pandas terms rather than as a
stream: rolling windows, group-by sessions, whole-series arithmetic.
Where a definition builds on a TA-Lib function (ATR, EMA, WMA), the
function is written from TA-Lib's documented method; this script's ATR,
EMA and WMA were checked against the TA-Lib oracle
(shared/oracles/talib/talib-ref.js: npm talib 1.1.6, TA-Lib C 0.6.0-dev)
on all 3,178 rows of tests/ind/input.csv (--check-talib DIR).

Each case writes tests/ind/ref-other/<INPUT>-<SPEC with :,= as _,_,.>
.csv.gz: a header of tp-ind's field names, then one line per input row,
empty where the value is undefined, numbers in shortest round-trip form;
tests/ind/compare.py reads it.  --rows N takes N rows instead of 300 (a
longer check, written elsewhere with --out)."""
import argparse, gzip, json, math, os, subprocess, sys

import numpy as np
import pandas as pd

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DAY_MS = 86400000

# ---- the inputs ---------------------------------------------------------


def load(which, rows):
    """INPUT 1d: the first rows candles of tests/ind/input.csv; 1h: rows
    candles from line 10600 of share/data/binance_BTCUSDT_1h.csv."""
    if which == "1d":
        df = pd.read_csv(os.path.join(TOP, "tests/ind/input.csv"))
        return df.iloc[:rows].reset_index(drop=True)
    df = pd.read_csv(os.path.join(TOP, "share/data/binance_BTCUSDT_1h.csv"))
    # File line 10600 is data row 10598 (line 1 is the header).
    return df.iloc[10598:10598 + rows].reset_index(drop=True)


# ---- TA-Lib building blocks, from TA-Lib's documented methods -------------


def true_range(h, l, c):
    """Wilder's true range; none on the first bar (TA-Lib's TRANGE)."""
    pc = c.shift(1)
    tr = pd.concat([h - l, (h - pc).abs(), (l - pc).abs()], axis=1).max(
        axis=1)
    tr.iloc[0] = np.nan
    return tr


def atr(h, l, c, n):
    """TA-Lib's ATR: the mean of the first n true ranges on bar n, then
    Wilder's smoothing (atr (n - 1) + tr) / n; n = 1 is the true range."""
    tr = true_range(h, l, c).to_numpy()
    if n == 1:
        return pd.Series(tr)
    out = np.full(len(tr), np.nan)
    if len(tr) <= n:
        return pd.Series(out)
    a = math.fsum(tr[1:n + 1]) / n
    out[n] = a
    for i in range(n + 1, len(tr)):
        a = (a * (n - 1) + tr[i]) / n
        out[i] = a
    return pd.Series(out)


def ema(x, n):
    """TA-Lib's EMA from the first defined value of x: the SMA of the first
    n values, then e += 2 / (n + 1) (x - e)."""
    x = np.asarray(x, dtype=float)
    out = np.full(len(x), np.nan)
    start = int(np.argmax(~np.isnan(x)))
    if np.isnan(x).all() or len(x) - start < n:
        return pd.Series(out)
    k = 2.0 / (n + 1)
    e = math.fsum(x[start:start + n]) / n
    out[start + n - 1] = e
    for i in range(start + n, len(x)):
        e = (x[i] - e) * k + e
        out[i] = e
    return pd.Series(out)


def wma(x, n):
    """TA-Lib's WMA from the first defined value of x: weights 1..n, the
    newest heaviest, divided by n (n + 1) / 2."""
    x = pd.Series(np.asarray(x, dtype=float))
    w = np.arange(1, n + 1, dtype=float)
    return x.rolling(n).apply(lambda v: math.fsum(v * w) / w.sum(), raw=True)


# ---- the indicators ----------------------------------------------------------


def vwap(df, period):
    """StockCharts ChartSchool, "Volume-Weighted Average Price (VWAP)":
    cumulative (typical price x volume) / cumulative volume, restarting
    each session (here each UTC day); period > 0: over the last period
    bars instead.  Zero volume throughout: undefined."""
    tp = (df.high + df.low + df.close) / 3
    pv = tp * df.volume
    if period == 0:
        day = df.time // DAY_MS
        num = pv.groupby(day).cumsum()
        den = df.volume.groupby(day).cumsum()
    else:
        num = pv.rolling(period).apply(math.fsum, raw=True)
        den = df.volume.rolling(period).apply(math.fsum, raw=True)
    return [(num / den).where(den != 0)]


def ha(df):
    """Dan Valcu, "Using the Heikin-Ashi Technique", TASC February 2004."""
    hac = (df.open + df.high + df.low + df.close) / 4
    hao = np.empty(len(df))
    hao[0] = (df.open[0] + df.close[0]) / 2
    for i in range(1, len(df)):
        hao[i] = (hao[i - 1] + hac[i - 1]) / 2
    hao = pd.Series(hao)
    hah = pd.concat([df.high, hao, hac], axis=1).max(axis=1)
    hal = pd.concat([df.low, hao, hac], axis=1).min(axis=1)
    return [hao, hah, hal, hac]


def supertrend(df, period, mult):
    """TradingView's Pine reference for ta.supertrend (pine_supertrend),
    translated line by line, with TA-Lib's ATR; its direction (-1 up, +1
    down) is negated to tp-ind's (+1 up, -1 down)."""
    a = atr(df.high, df.low, df.close, period).to_numpy()
    src = ((df.high + df.low) / 2).to_numpy()
    close = df.close.to_numpy()
    st = np.full(len(df), np.nan)
    dr = np.full(len(df), np.nan)
    upper = np.full(len(df), np.nan)
    lower = np.full(len(df), np.nan)
    nz = lambda v: 0.0 if np.isnan(v) else v
    for i in range(len(df)):
        if np.isnan(a[i]):
            continue
        up = src[i] + mult * a[i]
        lo = src[i] - mult * a[i]
        prev_lo = nz(lower[i - 1]) if i > 0 else 0.0
        prev_up = nz(upper[i - 1]) if i > 0 else 0.0
        prev_close = close[i - 1] if i > 0 else np.nan
        lo = lo if lo > prev_lo or prev_close < prev_lo else prev_lo
        up = up if up < prev_up or prev_close > prev_up else prev_up
        prev_st = st[i - 1] if i > 0 else np.nan
        if i == 0 or np.isnan(a[i - 1]):
            d = 1
        elif prev_st == prev_up:
            d = -1 if close[i] > up else 1
        else:
            d = 1 if close[i] < lo else -1
        st[i] = lo if d == -1 else up
        dr[i] = -d
        upper[i], lower[i] = up, lo
    return [pd.Series(st), pd.Series(dr)]


def keltner(df, period, mult, atrperiod):
    """StockCharts ChartSchool, "Keltner Channels" (Raschke's version):
    EMA(close, period) +/- mult x ATR(atrperiod)."""
    mid = ema(df.close, period)
    a = atr(df.high, df.low, df.close, atrperiod)
    ok = mid.notna() & a.notna()
    return [(mid + mult * a).where(ok), mid.where(ok),
            (mid - mult * a).where(ok)]


def donchian(df, period):
    """StockCharts ChartSchool, "Donchian Channels"."""
    hi = df.high.rolling(period).max()
    lo = df.low.rolling(period).min()
    return [hi, (hi + lo) / 2, lo]


def ichimoku(df, tenkan, kijun, senkou):
    """StockCharts ChartSchool, "Ichimoku Cloud", unshifted (see
    lib/ind/channel.c): the spans as computed on each bar, chikou = close."""
    def mid(n):
        return (df.high.rolling(n).max() + df.low.rolling(n).min()) / 2
    t, k = mid(tenkan), mid(kijun)
    return [t, k, (t + k) / 2, mid(senkou), df.close.astype(float)]


def hma(df, n):
    """Alan Hull: Integer(SquareRoot(Period)) WMA [2 x Integer(Period/2)
    WMA(Price) - Period WMA(Price)]."""
    raw = 2 * wma(df.close, n // 2) - wma(df.close, n)
    first = int(raw.first_valid_index())
    out = pd.Series(np.nan, index=raw.index)
    out.iloc[first:] = wma(raw.iloc[first:].reset_index(drop=True),
                           math.isqrt(n)).to_numpy()
    return [out]


def zlema(df, n):
    """Ehlers and Way's zero-lag EMA: EMA(2 x - x[lag], n), lag =
    (n - 1) // 2; TA-Lib's EMA from the first adjusted value."""
    lag = (n - 1) // 2
    return [ema(2 * df.close - df.close.shift(lag), n)]


# name: (function, defaults, names shown without parameters, prefixes)
DEFS = {
    "vwap": (vwap, [0], 0, ["vwap"]),
    "ha": (ha, [], 0, ["ha_open", "ha_high", "ha_low", "ha_close"]),
    "supertrend": (supertrend, [10, 3], 2,
                   ["supertrend", "supertrend_dir"]),
    "keltner": (keltner, [20, 2, 10], 2,
                ["kc_upper", "kc_middle", "kc_lower"]),
    "donchian": (donchian, [20], 1, ["dc_upper", "dc_middle", "dc_lower"]),
    "ichimoku": (ichimoku, [9, 26, 52], 0,
                 ["tenkan", "kijun", "senkou_a", "senkou_b", "chikou"]),
    "hma": (hma, [9], 1, ["hma"]),
    "zlema": (zlema, [20], 1, ["zlema"]),
}


def num(v):
    """A parameter as tp-ind writes it in a field name."""
    return str(int(v)) if v == int(v) else repr(v)


def run(spec, df):
    name, _, plist = spec.partition(":")
    fn, params, nnamed, prefixes = DEFS[name]
    given = [float(p) for p in plist.split(",")] if plist else []
    params = given + params[len(given):]
    shown = "".join("_" + num(p) for p in params[:max(nnamed, len(given))])
    ints = [int(p) if p == int(p) else p for p in params]
    cols = fn(df, *ints)
    return [p + shown for p in prefixes], cols


def write(path, names, cols):
    lines = [",".join(names)]
    for i in range(len(cols[0])):
        lines.append(",".join("" if pd.isna(c.iloc[i]) else
                              json.dumps(float(c.iloc[i])) for c in cols))
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode())


def check_talib(oracle):
    """This script's ATR, EMA and WMA against TA-Lib's, on every row of
    tests/ind/input.csv."""
    df = load("1d", 10 ** 9)
    src = os.path.join(TOP, "tests/ind/input.csv")
    tests = [("ATR", 14, lambda n: atr(df.high, df.low, df.close, n)),
             ("ATR", 1, lambda n: atr(df.high, df.low, df.close, n)),
             ("ATR", 10, lambda n: atr(df.high, df.low, df.close, n)),
             ("EMA", 20, lambda n: ema(df.close, n)),
             ("EMA", 2, lambda n: ema(df.close, n)),
             ("WMA", 9, lambda n: wma(df.close, n)),
             ("WMA", 4, lambda n: wma(df.close, n))]
    bad = 0
    for func, n, mine in tests:
        differs = 0
        with open(src) as f:
            out = subprocess.run(["node", os.path.join(oracle,
                                  "talib-ref.js"), func,
                                  "optInTimePeriod=%d" % n], stdin=f,
                                 capture_output=True, text=True,
                                 check=True).stdout
        ref = [json.loads(l)["outReal"] for l in out.splitlines()]
        got = mine(n)
        for i, r in enumerate(ref):
            g = got.iloc[i]
            if (r is None) != bool(pd.isna(g)) or (
                    r is not None and abs(g - r) > 1e-12 * abs(r)):
                print("%s %d row %d: %r, TA-Lib %r" % (func, n, i, g, r))
                differs = 1
                break
        print("%s %d: %s" % (func, n, "differs" if differs else "equal"))
        bad += differs
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--out", default=os.path.join(TOP, "tests/ind/ref-other"))
    ap.add_argument("--check-talib", metavar="ORACLE_DIR")
    a = ap.parse_args()
    if a.check_talib:
        sys.exit(check_talib(a.check_talib))
    os.makedirs(a.out, exist_ok=True)
    inputs = {}
    for line in open(os.path.join(TOP, "tests/ind/other-cases.txt")):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        which, spec = line.split("\t")
        if which not in inputs:
            inputs[which] = load(which, a.rows)
        names, cols = run(spec, inputs[which])
        base = which + "-" + spec.replace(":", "_").replace(
            ",", "_").replace("=", ".")
        write(os.path.join(a.out, base + ".csv.gz"), names, cols)
        print("%s %s: %s" % (which, spec, ",".join(names)))


if __name__ == "__main__":
    main()
