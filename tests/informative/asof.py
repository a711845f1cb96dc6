#!/usr/bin/python3
"""asof.py: the independent oracle of tp-ind's informative fields
(tests/informative.bats).  No tp code: pandas joins rows that tp wrote
before (the resample route, one symbol's indicators) and compares the
result, as text, with the fields that tp-ind --tf/--from/--shift wrote.

  asof.py tf TF BASE HIGHER GOT [--base-tf TF]
    BASE: the base candles (the raw file or tp-ind's output of it);
    HIGHER: the TF candles with indicators
      (tp-fetch fix --resample TF BASE | tp-ind SPEC...);
    GOT: tp-ind --tf TF SPEC... BASE.
    Each of HIGHER's indicator columns C is joined onto BASE with
    pandas.merge_asof on the close times (time + TF onto time + base
    tf, direction="backward", per symbol): freqtrade's
    merge_informative_pair(ffill=True) rule, a higher candle seen from
    the first base candle that closes at or after it.  Compared with
    GOT's C_TF.
  asof.py from SYMBOL FIELDS OTHER GOT [--base-tf TF]
    OTHER: SYMBOL's rows with FIELDS (comma-separated); GOT: tp-ind
    --from SYMBOL FIELDS... over a stream of several symbols.  FIELDS
    of the latest OTHER row closed by each GOT row's close (the same
    time included), compared with GOT's sym_FIELD.
  asof.py shift N FIELDS SRC GOT
    SRC: the rows with FIELDS; GOT: tp-ind ... --shift N FIELDS.
    SRC.groupby(symbol)[F].shift(k) compared with GOT's F_shift_k.

Every number stays the text tp wrote (dtype=str), so the comparison is
exact; a missing value is the empty string.  Prints what it compared;
exits 1 naming the first difference, 2 for bad arguments.
"""
import argparse
import re
import sys

import pandas as pd

CANDLE = ["time", "open", "high", "low", "close", "volume",
          "symbol", "timeframe", "exchange"]
UNITS = {"s": 1000, "m": 60000, "h": 3600000, "d": 86400000,
         "w": 604800000}


def tf_ms(s):
    m = re.fullmatch(r"([1-9][0-9]*)([smhdw])", s)
    if not m:
        usage("bad timeframe %r" % s)
    return int(m.group(1)) * UNITS[m.group(2)]


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def close_times(df, base_tf):
    """Each row's candle close in ms: time + its timeframe."""
    t = df["time"].astype("int64")
    if base_tf:
        return t + tf_ms(base_tf)
    if "timeframe" not in df.columns:
        usage("no timeframe column: give --base-tf")
    return t + df["timeframe"].map(tf_ms).astype("int64")


def join(rows, other, cols, by):
    """other's cols as of each row's close (backward, exact included),
    in rows' order; the empty string before other's first close."""
    left = pd.DataFrame({"key": rows["key"], "pos": range(len(rows))})
    right = other[["key"] + cols]
    if by:
        left["sym"] = rows["symbol"].values
        right = right.assign(sym=other["symbol"].values)
    left = left.sort_values("key", kind="stable")
    right = right.sort_values("key", kind="stable")
    m = pd.merge_asof(left, right, on="key", by="sym" if by else None,
        direction="backward")
    m = m.sort_values("pos").reset_index(drop=True)
    return m[cols].fillna("")


def same_rows(want, got, what):
    if len(want) != len(got):
        fail("%s: %d rows, GOT %d" % (what, len(want), len(got)))
    for c in ("time", "symbol"):
        if c in want.columns and c in got.columns:
            d = (want[c].values != got[c].values).nonzero()[0]
            if len(d):
                i = d[0]
                fail("row %d: %s %s, GOT %s" %
                    (i + 1, c, want[c].iat[i], got[c].iat[i]))


def compare(want, got, pairs):
    """pairs: (column of want, column of got); every row, as text."""
    for w, g in pairs:
        if g not in got.columns:
            fail("GOT has no column %s (it has %s)" %
                (g, ",".join(got.columns)))
        d = (want[w].values != got[g].values).nonzero()[0]
        if len(d):
            i = d[0]
            fail("row %d (time %s%s): %s: want %r, GOT %r" %
                (i + 1, got["time"].iat[i],
                " " + got["symbol"].iat[i]
                if "symbol" in got.columns else "",
                g, want[w].iat[i], got[g].iat[i]))
    print("compared %d rows, %d columns" % (len(got), len(pairs)))


def fail(msg):
    print("asof.py: " + msg, file=sys.stderr)
    sys.exit(1)


def usage(msg):
    print("asof.py: " + msg, file=sys.stderr)
    sys.exit(2)


def cmd_tf(a):
    base, higher, got = read(a.base), read(a.higher), read(a.got)
    same_rows(base, got, "BASE")
    cols = [c for c in higher.columns if c not in CANDLE]
    if not cols:
        fail("HIGHER has no indicator column")
    base["key"] = close_times(base, a.base_tf)
    higher["key"] = higher["time"].astype("int64") + tf_ms(a.tf)
    by = "symbol" in base.columns and "symbol" in higher.columns
    want = join(base, higher, cols, by)
    compare(want, got, [(c, c + "_" + a.tf) for c in cols])


def sym_prefix(s):
    return re.sub(r"[^a-z0-9]", "_", s.lower())


def cmd_from(a):
    other, got = read(a.other), read(a.got)
    if "symbol" in other.columns:
        other = other[other["symbol"] == a.symbol]
    fields = a.fields.split(",")
    got = got.assign(key=close_times(got, a.base_tf))
    other = other.assign(key=close_times(other, a.base_tf))
    want = join(got, other, fields, False)
    p = sym_prefix(a.symbol)
    compare(want, got, [(f, p + "_" + f) for f in fields])


def cmd_shift(a):
    src, got = read(a.src), read(a.got)
    same_rows(src, got, "SRC")
    fields = a.fields.split(",")
    g = src.groupby("symbol", sort=False) if "symbol" in src.columns \
        else src.groupby(lambda i: 0)
    want = pd.DataFrame(index=src.index)
    pairs = []
    for f in fields:
        for k in range(1, a.n + 1):
            w = "%s_shift_%d" % (f, k)
            want[w] = g[f].shift(k).fillna("")
            pairs.append((w, w))
    compare(want, got, pairs)


def main():
    ap = argparse.ArgumentParser(prog="asof.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("tf")
    p.add_argument("tf")
    p.add_argument("base")
    p.add_argument("higher")
    p.add_argument("got")
    p.add_argument("--base-tf")
    p.set_defaults(fn=cmd_tf)
    p = sub.add_parser("from")
    p.add_argument("symbol")
    p.add_argument("fields")
    p.add_argument("other")
    p.add_argument("got")
    p.add_argument("--base-tf")
    p.set_defaults(fn=cmd_from)
    p = sub.add_parser("shift")
    p.add_argument("n", type=int)
    p.add_argument("fields")
    p.add_argument("src")
    p.add_argument("got")
    p.set_defaults(fn=cmd_shift)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
