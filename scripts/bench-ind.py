#!/usr/bin/env python3
"""bench-ind.py IN.csv OUT.csv: the pandas yardstick for tp-ind's bench.

The same five indicators as `tp-ind rsi:14 ema:50 atr:14 bbands:20,2 macd`
with the same formulas, vectorised the usual pandas way (read_csv, the
indicators, to_csv): Wilder smoothing as ewm(alpha=1/n), EMAs as
ewm(span=n), Bollinger bands from a rolling mean and population standard
deviation.  The seeds differ slightly from TA-Lib's; the work is the same.
"""
import sys
import pandas as pd

df = pd.read_csv(sys.argv[1])
c, h, l = df["close"], df["high"], df["low"]
d = c.diff()
up = d.clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
down = (-d).clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
df["rsi_14"] = 100 * up / (up + down)
df["ema_50"] = c.ewm(span=50, adjust=False).mean()
tr = pd.concat([h - l, (h - c.shift()).abs(), (l - c.shift()).abs()],
               axis=1).max(axis=1)
df["atr_14"] = tr.ewm(alpha=1 / 14, adjust=False).mean()
mid = c.rolling(20).mean()
sd = c.rolling(20).std(ddof=0)
df["bb_upper_20_2"] = mid + 2 * sd
df["bb_middle_20_2"] = mid
df["bb_lower_20_2"] = mid - 2 * sd
macd = c.ewm(span=12, adjust=False).mean() - c.ewm(span=26, adjust=False).mean()
sig = macd.ewm(span=9, adjust=False).mean()
df["macd_12_26_9"] = macd
df["macd_signal_12_26_9"] = sig
df["macd_hist_12_26_9"] = macd - sig
df.to_csv(sys.argv[2], index=False)
