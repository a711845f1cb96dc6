"""fakex.py: the exchange model the fake Binance, Bybit and Kraken share
(tests/live/fake_binance.py, fake_bybit.py, fake_kraken.py), for the tests of
tp-exec --live (issue 26; the contract is /work/tasks/live-api.md,
"The fakes").

One process is one venue: an HTTP server on 127.0.0.1 (port 0, the port
written to --port-file), a candles file, a fake market clock, and per
market (spot, futures) the balances, orders by client id, fills with
their fees and, for futures, one-way positions on isolated margin with a
liquidation price.  The venue's dialect (its paths, signatures, answer
shapes and error codes) lives in its own file and calls the model here;
numbers in the model are Decimals, written as strings as the exchanges
write them.

Two clocks:
  - the server clock, for signatures and the venue's /time: the wall
    clock plus the misbehaviour skew_ms, so that tp's measured offset and
    recvWindow work as against the real exchange;
  - the market clock, which only POST /_fake/clock {"now": ms} moves (it
    starts at the first candle's time).  A market order fills at once at
    the open of the candle that starts at or contains "now" (the candle
    after the one that just closed, as tp's paper exchange fills); moving
    the clock forward passes each candle that closes by the new time,
    oldest first, and against it triggers stops (a sell stop when low <=
    stop, a buy stop when high >= stop: filled at the stop, or at the
    open when the candle opened past it), fills limits the same way, and
    liquidates futures positions whose liquidation price it crosses.
    Order, fill and position times are market-clock times, so runs are
    repeatable.

Control endpoints (no signature):
  POST /_fake/clock {"now": ms}     move the market clock
  GET  /_fake/clock                 {"now": ms}
  POST /_fake/misbehave {...}       merge into the misbehaviours
                                    ({"reset": true} clears them first)
  GET  /_fake/state                 orders, balances, positions, request
                                    log (method, path, query, signed,
                                    status, code) as JSON
  POST /_fake/order {...}           an order placed behind tp's back:
                                    market "spot"|"futures", symbol, side
                                    BUY|SELL, type MARKET|LIMIT|STOP, qty,
                                    price, stop, reduce_only, cid

Misbehaviours:
  "drop_answer": N    the next N order placements are carried out, then
                      the connection is closed without an answer
  "partial": F        market orders fill only F of their quantity (down
                      to the lot step); the rest expires
  "min_notional": V   the symbols' minimum notional is V (in the rules
                      served and at placement)
  "skew_ms": MS       the server clock is off by MS
  "status": [S, N]    the next N requests get HTTP status S (429, 418,
                      403, 500, 503) in the venue's form, and do nothing
  "retry_after": S    the Retry-After of those answers (default 1)
  "retcode": [C, N]   Bybit: the next N requests get HTTP 200 with
                      retCode C (10006 rate limit, 10016 server error)
  "stall_ms": MS      every answer is held MS before it is written (after
                      the request was carried out); "stall_count": N
                      holds only the next N
  "stall_placement": MS  only the answers to order placements are held
                      MS (after the order was carried out)
  "reject_balance": true  every order is refused for insufficient balance
  "algo_only": true   Binance futures: STOP_MARKET on /fapi/v1/order is
                      refused with -4120, as the real exchange does since
                      2025-12-09 (see live-api.md, Corrections)
"""
import argparse
import atexit
import base64
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from decimal import ROUND_DOWN, Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote_plus, urlsplit

# The test key of live-api.md (HMAC), and the public half of the Ed25519
# key of Binance's fix-api.md Logon example (signing.md, "Ed25519").
KEY = "tpTESTKEY0000000000000000000000000000000000000000000000000000001"
SECRET = "tpTESTSECRET000000000000000000000000000000000000000000000000001"
ED25519_PUB = "19420abfd752a565c15625e9da6eaf0086fc40c14960183214442c14996a800d"

ZERO = Decimal(0)
OPEN = ("NEW", "PARTIALLY_FILLED")
QUOTES = ("USDT", "USDC", "FDUSD", "BUSD", "TUSD", "BTC", "ETH", "BNB",
          "EUR", "USD")
# Maintenance margin rate for the liquidation price: Binance's first
# notional bracket of BTCUSDT (0.4%); Bybit's first risk limit tier is
# 0.5%, the dialect says which.
MMR = Decimal("0.004")


def D(x):
    return x if isinstance(x, Decimal) else Decimal(str(x))


def plain(x):
    """A Decimal in plain digits, to 8 places at most, no exponent, no
    trailing zeros."""
    s = format(D(x).quantize(Decimal("1e-8")).normalize(), "f")
    return "0" if s in ("-0", "") else s


def fixed(x, places=8):
    """A Decimal with PLACES decimals, as Binance spot writes them."""
    return format(D(x).quantize(Decimal(1).scaleb(-places)), "f")


def now_ms():
    return int(time.time() * 1000)


def norm_symbol(s):
    """"BTC/USDT", "BTC/USDT:USDT", "BTC-USDT" -> "BTCUSDT"."""
    return s.split(":")[0].replace("/", "").replace("-", "").upper()


def split_symbol(s):
    if "/" in s:
        b, q = s.split(":")[0].split("/", 1)
        return b.upper(), q.upper()
    s = norm_symbol(s)
    for q in QUOTES:
        if s.endswith(q) and len(s) > len(q):
            return s[:-len(q)], q
    return s[:-4], s[-4:]


class Candles:
    """The candles of each symbol, from tp's NDJSON records (time, open,
    high, low, close[, symbol]); a record of another type is skipped, one
    without a symbol is DEFAULT's."""

    def __init__(self, path, default, timeframe=None):
        self.by = {}
        self.assets = {}
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line, parse_float=Decimal)
                if r.get("type", "candle") != "candle" or "open" not in r:
                    continue
                sym = r.get("symbol") or default
                n = norm_symbol(sym)
                self.assets.setdefault(n, split_symbol(sym))
                self.by.setdefault(n, []).append(
                    (int(r["time"]), D(r["open"]), D(r["high"]),
                     D(r["low"]), D(r["close"])))
        if not self.by:
            b, q = split_symbol(default)
            self.assets[norm_symbol(default)] = (b, q)
            self.by[norm_symbol(default)] = []
        for n in self.by:
            self.by[n].sort()
        self.tf = timeframe or self.guess_tf()

    def guess_tf(self):
        steps = [b[0] - a[0] for c in self.by.values()
                 for a, b in zip(c, c[1:]) if b[0] > a[0]]
        return min(steps) if steps else 60000

    def first_time(self):
        ts = [c[0][0] for c in self.by.values() if c]
        return min(ts) if ts else 0

    def at(self, symbol, t):
        """The candle that starts at or contains t; before the first, the
        first; after the last, the last."""
        c = self.by.get(symbol) or []
        if not c:
            return None
        best = c[0]
        for k in c:
            if k[0] <= t:
                best = k
            else:
                break
        return best

    def closing(self, old, new):
        """The candles that close in (old, new], oldest first, with their
        symbols."""
        out = []
        for sym, c in self.by.items():
            for k in c:
                if old < k[0] + self.tf <= new:
                    out.append((k[0], sym, k))
        out.sort(key=lambda x: (x[0], x[1]))
        return out


class Refused(Exception):
    """An order the model refuses: WHY is one of symbol, balance, lot,
    price, notional, reduce, duplicate, type, param; the dialect turns it
    into its own code."""

    def __init__(self, why, msg=""):
        super().__init__(why)
        self.why, self.msg = why, msg


class Market:
    """One market of the venue: spot or futures (one-way, isolated)."""

    def __init__(self, x, kind, fee, balances, rules, leverage=20,
                 mmr=MMR, liq="binance"):
        self.x, self.kind, self.fee = x, kind, D(fee)
        self.bal = balances          # asset -> {"free", "locked"}
        self.rules = rules           # symbol -> dict of Decimals
        self.orders = []             # every order, oldest first
        self.by_cid = {}             # (symbol, client id) -> newest order
        self.trades = []
        self.pos = {}                # symbol -> position dict
        self.leverage = {}
        self.default_leverage = leverage
        self.margin_type = {}        # symbol -> ISOLATED|CROSSED
        self.dual = False
        self.mmr = D(mmr)
        self.liq_style = liq

    # ---- balances

    def coin(self, a):
        return self.bal.setdefault(a, {"free": ZERO, "locked": ZERO})

    def margin_used(self):
        return sum((p["margin"] for p in self.x.positions_on(self.bal)),
                   ZERO)

    def available(self, asset):
        free = self.coin(asset)["free"]
        if asset == "USDT":
            free -= self.margin_used()
        return free

    # ---- prices

    def mark(self, symbol):
        k = self.x.candles.at(symbol, self.x.now)
        if k is None:
            return ZERO
        # the last candle that closed by now, else the open of this one
        prev = [c for c in self.x.candles.by[symbol]
                if c[0] + self.x.candles.tf <= self.x.now]
        return prev[-1][4] if prev else k[1]

    def market_price(self, symbol):
        k = self.x.candles.at(symbol, self.x.now)
        if k is None:
            raise Refused("symbol", "no candles")
        if self.x.now >= k[0] + self.x.candles.tf:
            return k[4]             # past the last candle: its close
        return k[1]

    # ---- orders

    def find(self, symbol, cid=None, oid=None):
        if oid is not None:
            for o in self.orders:
                if o["id"] == int(oid) and o["symbol"] == symbol:
                    return o
            return None
        return self.by_cid.get((symbol, cid))

    def open_orders(self, symbol=None):
        return [o for o in self.orders if o["status"] in OPEN and
                (symbol is None or o["symbol"] == symbol)]

    def min_notional(self, symbol):
        mn = self.x.misbehave.get("min_notional")
        return D(mn) if mn is not None else self.rules[symbol]["min_notional"]

    def check_rules(self, symbol, typ, qty, price, stop):
        r = self.rules[symbol]
        if qty <= 0 or qty % r["step"] != 0 or qty < r["min_qty"]:
            raise Refused("lot", "LOT_SIZE")
        cap = r["market_max_qty"] if typ == "MARKET" else r["max_qty"]
        if qty > cap:
            raise Refused("lot", "MARKET_LOT_SIZE" if typ == "MARKET"
                          else "LOT_SIZE")
        for p in (price, stop):
            if p is not None and (p <= 0 or p % r["tick"] != 0):
                raise Refused("price", "PRICE_FILTER")

    def place(self, symbol, side, typ, qty, price=None, stop=None,
              reduce_only=False, cid=None, trigger_dir=None, lock=True,
              by_quote=False):
        """A new order, filled at once when it is a market order; raises
        Refused.  TRIGGER_DIR: 1 rises to the stop, 2 falls to it (None:
        from the side).  BY_QUOTE: a spot market buy whose qty is in the
        quote asset (Bybit's default)."""
        x = self.x
        if symbol not in self.rules:
            raise Refused("symbol")
        if typ not in ("MARKET", "LIMIT", "STOP"):
            raise Refused("type")
        if cid is not None:
            old = self.by_cid.get((symbol, cid))
            if old is not None and old["status"] in OPEN:
                raise Refused("duplicate")
        if x.misbehave.get("reject_balance"):
            raise Refused("balance")
        if by_quote:
            qty = (qty / self.market_price(symbol)).quantize(
                self.rules[symbol]["step"], ROUND_DOWN)
        self.check_rules(symbol, typ, qty, price, stop)
        ref = {"MARKET": None, "LIMIT": price, "STOP": stop}[typ]
        if ref is None:
            ref = self.market_price(symbol)
        exempt = self.kind == "futures" and reduce_only
        if not exempt and qty * ref < self.min_notional(symbol):
            raise Refused("notional", plain(self.min_notional(symbol)))
        if self.kind == "futures" and reduce_only and typ == "MARKET":
            amt = self.position(symbol)["amt"]
            if amt == 0 or (amt > 0) == (side == "BUY"):
                raise Refused("reduce")
        base, quote = x.candles.assets[symbol]
        locked = None
        if self.kind == "spot" and lock and typ != "MARKET":
            locked = (quote, qty * ref) if side == "BUY" else (base, qty)
            c = self.coin(locked[0])
            if self.available(locked[0]) < locked[1]:
                raise Refused("balance")
            c["free"] -= locked[1]
            c["locked"] += locked[1]
        x.next_id += 1
        o = {"id": x.next_id, "cid": cid or "fake%d" % x.next_id,
             "market": self.kind, "symbol": symbol, "side": side,
             "type": typ, "qty": qty, "price": price, "stop": stop,
             "reduce_only": bool(reduce_only), "status": "NEW",
             "triggered": False, "executed": ZERO, "cum_quote": ZERO,
             "fee": ZERO, "fee_asset": "", "fills": [],
             "time": x.now, "update_time": x.now, "locked": locked,
             "trigger_dir": trigger_dir or (1 if side == "BUY" else 2),
             "reason": ""}
        if typ == "MARKET":
            self.fill_market(o, self.market_price(symbol), x.now)
            if o["status"] == "REJECTED":
                raise Refused("balance")
        self.orders.append(o)
        self.by_cid[(symbol, o["cid"])] = o
        return o

    def fill_market(self, o, price, t):
        """Fill a market order (or a triggered stop) at price, all of it
        unless "partial" says otherwise; the rest expires."""
        qty = o["qty"]
        if self.kind == "futures" and o["reduce_only"]:
            amt = self.position(o["symbol"])["amt"]
            room = abs(amt) if (amt > 0) != (o["side"] == "BUY") else ZERO
            qty = min(qty, room)
        part = self.x.misbehave.get("partial")
        if part is not None:
            qty = (qty * D(part)).quantize(
                self.rules[o["symbol"]]["step"], ROUND_DOWN)
        if qty > 0 and not self.can_fill(o, qty, price):
            o["status"], o["reason"] = "REJECTED", "balance"
            self.unlock(o)
            return
        if qty > 0:
            self.fill(o, qty, price, t)
        o["status"] = "FILLED" if o["executed"] == o["qty"] else "EXPIRED"
        o["update_time"] = t
        self.unlock(o)

    def can_fill(self, o, qty, price):
        base, quote = self.x.candles.assets[o["symbol"]]
        if self.kind == "spot":
            if o["side"] == "BUY":
                have = self.available(quote) + (o["locked"][1] if
                                                o["locked"] else ZERO)
                return have >= qty * price
            have = self.available(base) + (o["locked"][1] if
                                           o["locked"] else ZERO)
            return have >= qty
        p = self.position(o["symbol"])
        opening = qty
        if p["amt"] != 0 and (p["amt"] > 0) != (o["side"] == "BUY"):
            opening = max(ZERO, qty - abs(p["amt"]))
        lev = D(self.leverage.get(o["symbol"], self.default_leverage))
        need = opening * price / lev + qty * price * self.fee
        return self.available(quote) >= need

    def unlock(self, o):
        if o["locked"]:
            c = self.coin(o["locked"][0])
            c["locked"] -= o["locked"][1]
            c["free"] += o["locked"][1]
            o["locked"] = None

    def fill(self, o, qty, price, t):
        """One fill of O: the trade, its fee, the balances or position."""
        x = self.x
        base, quote = x.candles.assets[o["symbol"]]
        buy = o["side"] == "BUY"
        value = qty * price
        if self.kind == "spot":
            self.unlock(o)
            # the fee is taken from what the trade brings in
            if buy:
                fee, fee_asset = qty * self.fee, base
                self.coin(quote)["free"] -= value
                self.coin(base)["free"] += qty - fee
            else:
                fee, fee_asset = value * self.fee, quote
                self.coin(base)["free"] -= qty
                self.coin(quote)["free"] += value - fee
            pnl = ZERO
        else:
            fee, fee_asset = value * self.fee, quote
            pnl = self.move_position(o["symbol"], qty if buy else -qty,
                                     price, t)
            self.coin(quote)["free"] += pnl - fee
        x.next_trade += 1
        tr = {"id": x.next_trade, "order_id": o.get("actual_id", o["id"]),
              "cid": o["cid"],
              "symbol": o["symbol"], "side": o["side"], "price": price,
              "qty": qty, "quote_qty": value, "fee": fee,
              "fee_asset": fee_asset, "time": t, "maker": False,
              "realized": pnl, "market": self.kind,
              "order_type": o["type"], "order_qty": o["qty"],
              "order_price": o["price"] or ZERO}
        self.trades.append(tr)
        o["fills"].append(tr)
        o["executed"] += qty
        o["cum_quote"] += value
        o["fee"] += fee
        o["fee_asset"] = fee_asset
        o["update_time"] = t
        o["status"] = "FILLED" if o["executed"] == o["qty"] \
            else "PARTIALLY_FILLED"

    # ---- futures positions

    def position(self, symbol):
        return self.pos.setdefault(symbol, {
            "symbol": symbol, "amt": ZERO, "entry": ZERO, "margin": ZERO,
            "realized": ZERO, "time": 0, "update_time": 0})

    def move_position(self, symbol, q, price, t):
        """Add q (signed) at price; the realized PnL of what it closes."""
        p = self.position(symbol)
        lev = D(self.leverage.get(symbol, self.default_leverage))
        amt, pnl = p["amt"], ZERO
        if amt != 0 and (amt > 0) != (q > 0):
            closing = min(abs(q), abs(amt))
            sign = 1 if amt > 0 else -1
            pnl = closing * (price - p["entry"]) * sign
            p["margin"] -= p["margin"] * closing / abs(amt)
            p["amt"] = amt = amt + (closing if q > 0 else -closing)
            q = q + (-closing if q > 0 else closing)
            if amt == 0:
                p["entry"], p["margin"] = ZERO, ZERO
        if q != 0:
            n = abs(amt) + abs(q)
            p["entry"] = (abs(amt) * p["entry"] + abs(q) * price) / n
            p["margin"] += abs(q) * price / lev
            p["amt"] = amt + q
            if amt == 0:
                p["time"] = t
        p["realized"] += pnl
        p["update_time"] = t
        return pnl

    def liquidation(self, symbol):
        """Isolated, one-way: the price at which the position's margin
        less its loss meets the maintenance margin, fees left out.
        Binance ("Liquidation Price" formula with WB = the isolated
        margin, no other position):
          long  entry * (1 - 1/lev) / (1 - mmr)
          short entry * (1 + 1/lev) / (1 + mmr);
        Bybit ("Liquidation Price (USDT Contract)", isolated: entry -/+
        (initial margin - maintenance margin) / size):
          long  entry * (1 - 1/lev + mmr)
          short entry * (1 + 1/lev - mmr)."""
        p = self.position(symbol)
        if p["amt"] == 0:
            return ZERO
        lev = D(self.leverage.get(symbol, self.default_leverage))
        if self.liq_style == "bybit":
            if p["amt"] > 0:
                return max(ZERO, p["entry"] * (1 - 1 / lev + self.mmr))
            return p["entry"] * (1 + 1 / lev - self.mmr)
        if p["amt"] > 0:
            return max(ZERO, p["entry"] * (1 - 1 / lev) / (1 - self.mmr))
        return p["entry"] * (1 + 1 / lev) / (1 + self.mmr)

    def liquidate(self, symbol, k):
        p = self.position(symbol)
        if p["amt"] == 0:
            return None
        liq = self.liquidation(symbol)
        t, o_, h, l, c = k
        if p["amt"] > 0 and l <= liq:
            price = min(o_, liq)
        elif p["amt"] < 0 and h >= liq:
            price = max(o_, liq)
        else:
            return None
        side = "SELL" if p["amt"] > 0 else "BUY"
        self.x.next_id += 1
        # Binance: a liquidation order's client id starts "autoclose-"
        # (user data stream, ORDER_TRADE_UPDATE)
        o = {"id": self.x.next_id, "cid": "autoclose-%d" % self.x.next_id,
             "market": self.kind, "symbol": symbol, "side": side,
             "type": "LIQUIDATION", "qty": abs(p["amt"]), "price": price,
             "stop": None, "reduce_only": True, "status": "NEW",
             "triggered": True, "executed": ZERO, "cum_quote": ZERO,
             "fee": ZERO, "fee_asset": "", "fills": [], "time": t,
             "update_time": t, "locked": None, "trigger_dir": 0,
             "reason": "liquidation"}
        self.fill(o, abs(p["amt"]), price, t)
        self.orders.append(o)
        self.by_cid[(symbol, o["cid"])] = o
        return o

    # ---- the clock passes a candle

    def pass_candle(self, symbol, k):
        """Trigger the stops and fill the limits of symbol against k,
        oldest order first, then liquidate."""
        t, o_, h, l, c = k
        done = []
        for o in list(self.open_orders(symbol)):
            if o["time"] >= t + self.x.candles.tf:
                continue
            if o["type"] == "STOP":
                s = o["stop"]
                if o["trigger_dir"] == 2:
                    px = o_ if o_ <= s else (s if l <= s else None)
                else:
                    px = o_ if o_ >= s else (s if h >= s else None)
                if px is None:
                    continue
                o["triggered"] = True
                o["trigger_time"] = t
                if o.get("algo"):
                    # Binance's algo service places a new order in the
                    # matching engine: its id is the algo's actualOrderId
                    self.x.next_id += 1
                    o["actual_id"] = self.x.next_id
                self.fill_market(o, px, t)
                done.append(o)
            elif o["type"] == "LIMIT":
                p = o["price"]
                if o["side"] == "BUY":
                    px = o_ if o_ <= p else (p if l <= p else None)
                else:
                    px = o_ if o_ >= p else (p if h >= p else None)
                if px is None:
                    continue
                if not self.can_fill(o, o["qty"] - o["executed"], px):
                    continue
                self.fill(o, o["qty"] - o["executed"], px, t)
                self.unlock(o)
                done.append(o)
        if self.kind == "futures":
            liq = self.liquidate(symbol, k)
            if liq:
                done.append(liq)
        return done

    def cancel(self, symbol, cid=None, oid=None):
        o = self.find(symbol, cid, oid)
        if o is None or o["status"] not in OPEN:
            return None
        o["status"] = "CANCELED"
        o["update_time"] = self.x.now
        self.unlock(o)
        return o

    # ---- state for /_fake/state

    def state(self):
        def o_json(o):
            r = {k: (plain(v) if isinstance(v, Decimal) else v)
                 for k, v in o.items() if k not in ("fills", "locked")}
            r["fills"] = [tr["id"] for tr in o["fills"]]
            return r
        pos = []
        for s, p in sorted(self.pos.items()):
            if p["amt"] != 0:
                pos.append({"symbol": s, "amt": plain(p["amt"]),
                            "entry": plain(p["entry"]),
                            "margin": plain(p["margin"]),
                            "liquidation": plain(self.liquidation(s)),
                            "leverage": self.leverage.get(
                                s, self.default_leverage),
                            "mark": plain(self.mark(s))})
        return {"orders": [o_json(o) for o in self.orders],
                "trades": [{k: (plain(v) if isinstance(v, Decimal) else v)
                            for k, v in tr.items()} for tr in self.trades],
                "balances": {a: {"free": plain(b["free"]),
                                 "locked": plain(b["locked"])}
                             for a, b in sorted(self.bal.items())},
                "positions": pos,
                "leverage": self.leverage,
                "margin_type": self.margin_type, "dual": self.dual}


class Exchange:
    """The venue: candles, clocks, markets, misbehaviours, request log."""

    def __init__(self, candles, markets_fn, balances):
        self.candles = candles
        self.now = candles.first_time()
        self.next_id = 1000
        self.next_trade = 5000
        self.misbehave = {}
        self.requests = []
        self.lock = threading.RLock()
        self.markets = markets_fn(self, balances)

    def positions_on(self, bal):
        """The open positions whose margin is held in the balances bal."""
        for m in self.markets.values():
            if m.kind == "futures" and m.bal is bal:
                for p in m.pos.values():
                    if p["amt"] != 0:
                        yield p

    def server_time(self):
        return now_ms() + int(self.misbehave.get("skew_ms", 0))

    def set_clock(self, new):
        old, self.now = self.now, int(new)
        done = []
        if self.now > old:
            for t, sym, k in self.candles.closing(old, self.now):
                for m in self.markets.values():
                    if sym in m.rules:
                        done += m.pass_candle(sym, k)
        return done

    def state(self):
        return {"now": self.now, "server_time": self.server_time(),
                "timeframe": self.candles.tf, "misbehave": self.misbehave,
                "markets": {n: m.state() for n, m in self.markets.items()},
                "requests": self.requests}

    def take(self, key):
        """Use up one of a counted misbehaviour [VALUE, N]: VALUE or
        None."""
        v = self.misbehave.get(key)
        if not v or v[1] <= 0:
            return None
        v[1] -= 1
        return v[0]


def default_rules(symbols, kind, args):
    """Each symbol's trading rules: BTCUSDT's as the venues list them
    (tick 0.01, spot step 0.00001, futures step 0.001), minimum notional
    5, or what --rules says (JSON: tick, step, min_qty, max_qty,
    market_max_qty, min_notional)."""
    over = json.loads(args.rules, parse_float=Decimal) if args.rules else {}
    out = {}
    for s in symbols:
        step = D("0.00001") if kind == "spot" else D("0.001")
        r = {"tick": D("0.01"), "step": step, "min_qty": step,
             "max_qty": D("9000"), "market_max_qty": D("120"),
             "min_notional": D("5")}
        for k, v in over.items():
            r[k] = D(v)
        out[s] = r
    return out


def parse_balances(items):
    bal = {}
    for it in items or ["USDT=10000"]:
        a, v = it.split("=", 1)
        bal[a.upper()] = {"free": D(v), "locked": ZERO}
    return bal


# ---- signatures

_pub_pem = None


def ed25519_verify(payload, sig_b64):
    """Ed25519 through the openssl command (python's stdlib has none)."""
    global _pub_pem
    try:
        sig = base64.b64decode(sig_b64, validate=True)
    except ValueError:
        return False
    if len(sig) != 64:
        return False
    if _pub_pem is None:
        # SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): a fixed
        # 12-byte prefix, then the 32-byte key
        der = bytes.fromhex("302a300506032b6570032100" + ED25519_PUB)
        fd, _pub_pem = tempfile.mkstemp(suffix=".pem")
        atexit.register(os.unlink, _pub_pem)
        with os.fdopen(fd, "w") as f:
            f.write("-----BEGIN PUBLIC KEY-----\n%s\n"
                    "-----END PUBLIC KEY-----\n" %
                    base64.b64encode(der).decode())
    with tempfile.TemporaryDirectory() as d:
        m, s = os.path.join(d, "m"), os.path.join(d, "s")
        with open(m, "wb") as f:
            f.write(payload)
        with open(s, "wb") as f:
            f.write(sig)
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin",
                            "-inkey", _pub_pem, "-rawin", "-in", m,
                            "-sigfile", s], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    return r.returncode == 0


def hmac_hex(payload):
    return hmac.new(SECRET.encode(), payload, hashlib.sha256).hexdigest()


# ---- HTTP

class Request:
    def __init__(self, method, target, headers, body):
        u = urlsplit(target)
        self.method, self.path, self.query = method, u.path, u.query
        self.headers, self.body = headers, body
        self.signed = None          # True/False once a dialect checked
        self.placement = False      # an order placement (drop_answer)
        self.code = 0               # the venue's error code, if any


class Answer:
    def __init__(self, status, body, headers=(), ctype="application/json"):
        self.status = status
        self.body = body if isinstance(body, (bytes, str)) \
            else json.dumps(body, separators=(",", ":"))
        self.headers = list(headers)
        self.ctype = ctype


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # one write an answer (as tests/llm/fake_llm.py: headers and body
    # apart would wait for the client's delayed ACK)
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length", 0) or 0)
        body = self.rfile.read(n) if n else b""
        fake = self.server.fake
        req = Request(self.command, self.path, self.headers, body)
        ans = fake.serve(req)
        if ans is None:             # drop_answer: no answer at all
            self.close_connection = True
            return
        data = ans.body.encode() if isinstance(ans.body, str) else ans.body
        try:
            self.send_response(ans.status)
            self.send_header("Content-Type", ans.ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in ans.headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            # the client gave up waiting (stall_ms): as a real server,
            # nothing to tell anyone
            self.close_connection = True

    do_GET = do_POST = do_DELETE = do_PUT = handle_any


class Fake:
    """The server: control endpoints, misbehaviours, the request log;
    everything else to the dialect's route(req) -> Answer."""

    def __init__(self, x, dialect, log):
        self.x, self.dialect, self.log = x, dialect, log

    def serve(self, req):
        if req.path.startswith("/_fake/"):
            with self.x.lock:
                return self.control(req)
        x = self.x
        with x.lock:
            entry = {"t": now_ms(), "method": req.method, "path": req.path,
                     "query": req.query,
                     "body": req.body.decode(errors="replace")}
            x.requests.append(entry)
            st = x.take("status")
            if st is not None:
                ans = self.dialect.status_answer(int(st), req)
            else:
                ans = self.dialect.route(req)
            entry.update(signed=req.signed, status=ans.status,
                         code=req.code)
            drop = False
            if req.placement and ans.status == 200 and not req.code and \
                    x.misbehave.get("drop_answer", 0) > 0:
                x.misbehave["drop_answer"] -= 1
                drop = entry["dropped"] = True
            stall = int(x.misbehave.get("stall_ms", 0) or 0)
            if stall and "stall_count" in x.misbehave:
                if x.misbehave["stall_count"] > 0:
                    x.misbehave["stall_count"] -= 1
                else:
                    stall = 0
            if req.placement and x.misbehave.get("stall_placement"):
                stall = int(x.misbehave["stall_placement"])
        if self.log:
            with open(self.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
        if stall:
            time.sleep(stall / 1000)
        return None if drop else ans

    def control(self, req):
        x = self.x
        body = {}
        if req.body:
            try:
                body = json.loads(req.body, parse_float=Decimal)
            except ValueError:
                return Answer(400, {"error": "bad JSON"})
        if req.path == "/_fake/clock":
            done = []
            if req.method == "POST":
                done = x.set_clock(int(body["now"]))
            return Answer(200, {"now": x.now,
                                "done": [o["cid"] for o in done]})
        if req.path == "/_fake/misbehave":
            if req.method == "POST":
                if body.pop("reset", False):
                    x.misbehave.clear()
                for k, v in body.items():
                    x.misbehave[k] = (float(v) if isinstance(v, Decimal)
                                      else v)
            return Answer(200, x.misbehave)
        if req.path == "/_fake/state":
            return Answer(200, json.dumps(x.state(), default=str))
        if req.path == "/_fake/order" and req.method == "POST":
            m = x.markets[body.get("market", "spot")]
            g = body.get
            try:
                o = m.place(norm_symbol(g("symbol")), g("side", "BUY"),
                            g("type", "MARKET"), D(g("qty")),
                            D(g("price")) if g("price") else None,
                            D(g("stop")) if g("stop") else None,
                            bool(g("reduce_only")), g("cid"))
            except Refused as e:
                return Answer(400, {"error": e.why, "msg": e.msg})
            return Answer(200, {"id": o["id"], "cid": o["cid"],
                                "status": o["status"]})
        return Answer(404, {"error": "no such control"})


def main(name, make_markets, make_dialect, default_leverage=20):
    ap = argparse.ArgumentParser(prog=name)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--candles", required=True,
                    help="tp candle records, NDJSON")
    ap.add_argument("--balance", action="append",
                    help="ASSET=AMOUNT (default USDT=10000), repeatable")
    ap.add_argument("--symbol", default="BTC/USDT",
                    help="the symbol of candles that name none")
    ap.add_argument("--timeframe-ms", type=int,
                    help="candle length (default: the smallest step)")
    ap.add_argument("--rules", help="JSON: tick, step, min_qty, max_qty, "
                    "market_max_qty, min_notional")
    ap.add_argument("--log", help="a JSON line per request")
    args = ap.parse_args()
    candles = Candles(args.candles, args.symbol, args.timeframe_ms)
    x = Exchange(candles, lambda x, bal: make_markets(x, bal, args),
                 parse_balances(args.balance))
    fake = Fake(x, make_dialect(x), args.log)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.fake = fake
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    # kill (stop_fake) ends it through atexit: the key file goes
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


def strip_param(s, name):
    """S (a query string or form body as sent) without its NAME=...
    parameter, and that parameter's decoded value (None when absent)."""
    keep, val = [], None
    for part in s.split("&") if s else []:
        if part.split("=", 1)[0] == name:
            val = unquote_plus(part.split("=", 1)[1]) if "=" in part else ""
        else:
            keep.append(part)
    return "&".join(keep), val


def params(req):
    """Binance: the query string's and the form body's parameters; the
    query string's win ("General Information on Endpoints")."""
    p = {}
    ct = req.headers.get("Content-Type", "")
    if req.body and "json" not in ct:
        p.update(parse_qsl(req.body.decode(errors="replace"),
                           keep_blank_values=True))
    p.update(parse_qsl(req.query, keep_blank_values=True))
    return p


if __name__ == "__main__":
    sys.exit("fakex.py is a module: run fake_binance.py or fake_bybit.py")
