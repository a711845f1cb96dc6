#!/usr/bin/python3
"""A fake Kraken spot REST API on 127.0.0.1, for the tests of the Kraken
venue (lib/live/tp_lkraken.c) and tp-exec --live (issue 27).

    fake_kraken.py --port-file F --candles FILE.ndjson
                   [--balance USDT=10000]... [--log F] [--rules JSON]

The model (candles, clocks, orders, fills, misbehaviours, the /_fake/
control endpoints) is tests/live/fakex.py; this file is Kraken's
dialect.  Sources: Kraken's OpenAPI spec of the spot REST API,
krakenfx/api-specs@729f278e370ab9dc5195ee60df558a10fb987ed3
spot-rest/openapi_v3.yaml (paths /public/Time, /public/AssetPairs,
/private/AddOrder, CancelOrder, OpenOrders, ClosedOrders, QueryOrders,
Balance, BalanceEx, TradesHistory; their schemas and examples), the
spot REST authentication guide (docs.kraken.com/api/docs/guides/
spot-rest-auth: API-Key, API-Sign, the nonce), the error guide
(docs.kraken.com/api/docs/guides/spot-errors) as tp's shared fixtures
quote them (signing.md "Kraken", exchanges/kraken/errors.json).

Answers are HTTP 200 {"error": [...], "result": {...}} ("HTTP status
codes are generally not used to convey request state"); numbers in
results are strings, times seconds with decimals, as the examples.

The test key is live-api.md's; Kraken's secret is base64, so the
fake's secret is the base64 of live-api.md's HMAC test secret
(SECRET_B64), whose bytes key the HMAC-SHA512.

Kraken's defaults of a pair (--rules overrides them): the XBTUSD
example of spot-rest/examples/responses/public/assets/pairs.yaml:
pair_decimals 1 (tick 0.1), lot_decimals 8, ordermin 0.0001, costmin
0.5.  The fee is 0.26%, the first taker tier of that example's "fees",
taken in the quote asset (oflags fciq, which tp sends).

Kraken's misbehaviours (POST /_fake/misbehave), besides fakex's:
  "invalid_nonce": N  the next N signed requests are refused with
                      EAPI:Invalid nonce, as if another program had used
                      that nonce first (the fake's last nonce becomes it)
  "rate_limit": N     the next N signed requests get EAPI:Rate limit
                      exceeded (AddOrder, CancelOrder: EOrder:Rate limit
                      exceeded), and do nothing
  "kerror": [E, N]    the next N signed requests get the error string E
                      (EService:Unavailable, EService:Busy), and do
                      nothing
  "order_status": [S, N]  the next N AddOrder requests get HTTP status S
                      (a gateway's 5xx), and place nothing
"""
import base64
import hashlib
import hmac
import os
import re
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakex  # noqa: E402
from fakex import D, Answer, Market, Refused, plain  # noqa: E402
from urllib.parse import parse_qsl  # noqa: E402

SECRET_B64 = base64.b64encode(fakex.SECRET.encode()).decode()
FEE = "0.0026"
# Kraken's names of assets that are not tp's (AssetPairs, Balance):
# X for crypto, Z for fiat, XBT for BTC
ASSET = {"BTC": "XXBT", "ETH": "XETH", "USD": "ZUSD", "EUR": "ZEUR",
         "GBP": "ZGBP", "DOGE": "XXDG"}
SHORT = {"BTC": "XBT", "DOGE": "XDG"}
STATUS = {"NEW": "open", "PARTIALLY_FILLED": "open", "FILLED": "closed",
          "CANCELED": "canceled", "EXPIRED": "expired",
          "REJECTED": "canceled"}
TYPES = {"market": "MARKET", "limit": "LIMIT", "stop-loss": "STOP"}
# add.yaml cl_ord_id: a long UUID, a short UUID, or free text of 18
CLID = re.compile(r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                  r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|"
                  r"[\x21-\x7e]{1,18})$")


class KrakenMarket(Market):
    """Spot, with the fee in the quote asset whatever the side (fciq)."""

    def can_fill(self, o, qty, price):
        base, quote = self.x.candles.assets[o["symbol"]]
        if o["side"] == "BUY":
            have = self.available(quote) + (o["locked"][1] if
                                            o["locked"] else D(0))
            return have >= qty * price * (1 + self.fee)
        return super().can_fill(o, qty, price)

    def fill(self, o, qty, price, t):
        x = self.x
        base, quote = x.candles.assets[o["symbol"]]
        buy = o["side"] == "BUY"
        value = qty * price
        fee = value * self.fee
        self.unlock(o)
        if buy:
            self.coin(quote)["free"] -= value + fee
            self.coin(base)["free"] += qty
        else:
            self.coin(base)["free"] -= qty
            self.coin(quote)["free"] += value - fee
        x.next_trade += 1
        tr = {"id": x.next_trade, "order_id": o["id"], "cid": o["cid"],
              "symbol": o["symbol"], "side": o["side"], "price": price,
              "qty": qty, "quote_qty": value, "fee": fee,
              "fee_asset": quote, "time": t, "maker": False,
              "realized": D(0), "market": self.kind,
              "order_type": o["type"], "order_qty": o["qty"],
              "order_price": o["price"] or D(0)}
        self.trades.append(tr)
        o["fills"].append(tr)
        o["executed"] += qty
        o["cum_quote"] += value
        o["fee"] += fee
        o["fee_asset"] = quote
        o["update_time"] = t
        o["status"] = "FILLED" if o["executed"] == o["qty"] \
            else "PARTIALLY_FILLED"


def kraken_rules(symbols, args):
    """pairs.yaml's XBTUSD, or --rules."""
    import json
    over = json.loads(args.rules) if args.rules else {}
    out = {}
    for s in symbols:
        r = {"tick": D("0.1"), "step": D("0.00000001"),
             "min_qty": D("0.0001"), "max_qty": D("100000000"),
             "market_max_qty": D("100000000"), "min_notional": D("0.5")}
        for k, v in over.items():
            r[k] = D(v)
        out[s] = r
    return out


def make_markets(x, bal, args):
    return {"spot": KrakenMarket(x, "spot", FEE, bal,
                                 kraken_rules(list(x.candles.by), args))}


def kname(asset):
    return ASSET.get(asset, asset)


def places(step):
    return max(0, -D(step).normalize().as_tuple().exponent)


def txid(n):
    """An order id in Kraken's form, 6-5-6 ("OQCLML-BW3P3-BUCMWZ")."""
    return "O%05d-FAKEK-RAKEN%d" % (n, n % 10)


def trade_id(n):
    return "T%05d-FAKEK-RAKEN%d" % (n, n % 10)


class Fail(Exception):
    """A request refused with the error string E."""

    def __init__(self, e):
        super().__init__(e)
        self.e = e


class Kraken:
    def __init__(self, x):
        self.x = x
        self.last_nonce = 0

    def answer(self, result=None, error=()):
        body = {"error": list(error)}
        if result is not None:
            body["result"] = result
        return Answer(200, body)

    def status_answer(self, status, req):
        """The "status" misbehaviour: what a gateway in front of Kraken
        writes (Cloudflare: "status codes other than 200 indicate an
        issue with the request reaching Kraken's servers")."""
        req.code = -1
        text = {429: "Too Many Requests", 500: "Internal Server Error",
                502: "Bad Gateway", 503: "Service Unavailable",
                504: "Gateway Timeout"}
        return Answer(status, text.get(status, "Error"), ctype="text/plain")

    # ---- the pairs

    def pair_of(self, symbol):
        """Kraken's altname of the model's symbol: BTCUSDT is XBTUSDT."""
        b, q = self.x.candles.assets[symbol]
        return SHORT.get(b, b) + SHORT.get(q, q)

    def symbol_of(self, pair):
        """The model's symbol of a pair's altname, key or wsname."""
        for s in self.x.markets["spot"].rules:
            b, q = self.x.candles.assets[s]
            names = (self.pair_of(s), kname(b) + kname(q),
                     "%s/%s" % (SHORT.get(b, b), SHORT.get(q, q)),
                     "%s/%s" % (b, q))
            if pair in names:
                return s
        return None

    # ---- signatures (spot-rest-auth)

    def check_signed(self, req, form):
        key = req.headers.get("API-Key")
        sign = req.headers.get("API-Sign")
        if not key or key != fakex.KEY:
            req.signed = False
            raise Fail("EAPI:Invalid key")
        nonce = form.get("nonce", "")
        # "HMAC-SHA512 of (URI path + SHA256(nonce + POST data)) and
        # base64 decoded secret API key"
        inner = hashlib.sha256(nonce.encode() + req.body).digest()
        want = base64.b64encode(hmac.new(
            base64.b64decode(SECRET_B64), req.path.encode() + inner,
            hashlib.sha512).digest()).decode()
        req.signed = sign is not None and hmac.compare_digest(sign, want)
        if not req.signed:
            raise Fail("EAPI:Invalid signature")
        # "always increasing unsigned 64-bit integer"
        if not nonce.isdigit() or int(nonce) <= self.last_nonce:
            raise Fail("EAPI:Invalid nonce")
        if self.x.misbehave.get("invalid_nonce", 0) > 0:
            self.x.misbehave["invalid_nonce"] -= 1
            self.last_nonce = int(nonce)
            raise Fail("EAPI:Invalid nonce")
        self.last_nonce = int(nonce)

    def misbehave(self, req):
        x = self.x
        trading = req.path in ("/0/private/AddOrder",
                               "/0/private/CancelOrder")
        if x.misbehave.get("rate_limit", 0) > 0:
            x.misbehave["rate_limit"] -= 1
            raise Fail("EOrder:Rate limit exceeded" if trading else
                       "EAPI:Rate limit exceeded")
        e = x.take("kerror")
        if e is not None:
            raise Fail(e)

    # ---- routing

    def route(self, req):
        public = {("GET", "/0/public/Time"): self.time,
                  ("GET", "/0/public/AssetPairs"): self.pairs}
        private = {"/0/private/AddOrder": self.add,
                   "/0/private/CancelOrder": self.cancel,
                   "/0/private/OpenOrders": self.open,
                   "/0/private/ClosedOrders": self.closed,
                   "/0/private/QueryOrders": self.query,
                   "/0/private/Balance": self.balance,
                   "/0/private/BalanceEx": self.balance_ex,
                   "/0/private/TradesHistory": self.trades}
        try:
            h = public.get((req.method, req.path))
            if h is not None:
                return self.answer(h(dict(parse_qsl(req.query))))
            h = private.get(req.path)
            if h is None or req.method != "POST":
                raise Fail("EGeneral:Unknown method")
            form = dict(parse_qsl(req.body.decode(errors="replace"),
                                  keep_blank_values=True))
            self.check_signed(req, form)
            if req.path == "/0/private/AddOrder":
                st = self.x.take("order_status")
                if st is not None:
                    return self.status_answer(int(st), req)
            self.misbehave(req)
            return self.answer(h(req, form))
        except Fail as e:
            req.code = e.e
            return self.answer(None, [e.e])
        except Refused as e:
            req.code = self.refused(e)
            return self.answer(None, [req.code])
        except (KeyError, ValueError, ArithmeticError, TypeError) as e:
            req.code = "EGeneral:Invalid arguments"
            return self.answer(None, [req.code + (
                ":%s" % e.args[0] if isinstance(e, KeyError) else "")])

    def refused(self, e):
        """An order the model refused, in the error guide's strings."""
        return {"symbol": "EQuery:Unknown asset pair",
                "balance": "EOrder:Insufficient funds",
                "lot": "EOrder:Order minimum not met",
                "notional": "EOrder:Cost minimum not met",
                "price": "EGeneral:Invalid arguments:price",
                "duplicate": "EOrder:Duplicate order",
                "type": "EGeneral:Invalid arguments:ordertype",
                }.get(e.why, "EGeneral:Invalid arguments")

    # ---- public

    def time(self, p):
        """time.yaml: unixtime (seconds), rfc1123."""
        t = self.x.server_time() // 1000
        return {"unixtime": t,
                "rfc1123": time.strftime("%a, %d %b %y %H:%M:%S +0000",
                                         time.gmtime(t))}

    def pairs(self, p):
        """pairs.yaml, of the pairs asked (comma-separated) or all."""
        m = self.x.markets["spot"]
        want = p["pair"].split(",") if p.get("pair") else None
        out = {}
        for s in ([self.symbol_of(w) for w in want] if want else m.rules):
            if s is None:
                raise Fail("EQuery:Unknown asset pair")
            b, q = self.x.candles.assets[s]
            r = m.rules[s]
            alt = self.pair_of(s)
            out[alt if kname(q) == q else kname(b) + kname(q)] = {
                "altname": alt, "wsname": "%s/%s" % (SHORT.get(b, b),
                                                     SHORT.get(q, q)),
                "aclass_base": "currency", "base": kname(b),
                "aclass_quote": "currency", "quote": kname(q),
                "lot": "unit", "cost_decimals": 5,
                "pair_decimals": places(r["tick"]),
                "lot_decimals": places(r["step"]), "lot_multiplier": 1,
                "leverage_buy": [], "leverage_sell": [],
                "fees": [[0, 0.26]], "fees_maker": [[0, 0.16]],
                "fee_volume_currency": "ZUSD", "margin_call": 80,
                "margin_stop": 40, "ordermin": plain(r["min_qty"]),
                "costmin": plain(m.min_notional(s)),
                "tick_size": plain(r["tick"]), "status": "online"}
        return out

    # ---- trading

    def add(self, req, p):
        """add.yaml -> {"descr": {"order"}, "txid": [id]}."""
        req.placement = True
        m = self.x.markets["spot"]
        sym = self.symbol_of(p["pair"])
        if sym is None:
            raise Fail("EQuery:Unknown asset pair")
        side = p["type"]
        typ = TYPES.get(p["ordertype"])
        if side not in ("buy", "sell") or typ is None:
            raise Fail("EGeneral:Invalid arguments:ordertype")
        cid = p.get("cl_ord_id")
        if cid is not None and not CLID.match(cid):
            raise Fail("EGeneral:Invalid arguments:cl_ord_id")
        if "fcib" in p.get("oflags", ""):
            raise Fail("EGeneral:Invalid arguments:oflags (the fake "
                       "takes fees in the quote asset only)")
        price = D(p["price"]) if typ == "LIMIT" else None
        stop = D(p["price"]) if typ == "STOP" else None
        # "must not have more decimals than lot_decimals"
        if D(p["volume"]) % m.rules[sym]["step"] != 0:
            raise Fail("EGeneral:Invalid arguments:volume")
        o = m.place(sym, side.upper(), typ, D(p["volume"]), price, stop,
                    False, cid)
        o["oflags"] = p.get("oflags", "")
        return {"descr": {"order": "%s %s %s @ %s" % (
            side, fakex.fixed(o["qty"]), p["pair"], p["ordertype"])},
            "txid": [txid(o["id"])]}

    def find(self, p):
        """The order of p's cl_ord_id or txid."""
        m = self.x.markets["spot"]
        for o in reversed(m.orders):
            if p.get("cl_ord_id") and o["cid"] == p["cl_ord_id"]:
                return o
            if p.get("txid") and txid(o["id"]) == p["txid"]:
                return o
        return None

    def cancel(self, req, p):
        """cancel.yaml -> {"count"}; not open: EOrder:Unknown order."""
        o = self.find(p)
        if o is None or o["status"] not in fakex.OPEN:
            raise Fail("EOrder:Unknown order")
        self.x.markets["spot"].cancel(o["symbol"], oid=o["id"])
        return {"count": 1}

    def order_json(self, o, trades):
        """An order of order.yaml."""
        m = self.x.markets["spot"]
        r = m.rules[o["symbol"]]
        ex = o["executed"]
        typ = {"MARKET": "market", "LIMIT": "limit",
               "STOP": "stop-loss"}[o["type"]]
        px = o["price"] or o["stop"] or D(0)
        tick = places(r["tick"])
        st = STATUS[o["status"]]
        j = {"refid": None, "userref": 0, "cl_ord_id": o["cid"],
             "status": st, "opentm": o["time"] / 1000, "starttm": 0,
             "expiretm": 0,
             "descr": {"pair": self.pair_of(o["symbol"]),
                       "type": o["side"].lower(), "ordertype": typ,
                       "price": fakex.fixed(px, tick), "price2": "0",
                       "leverage": "none",
                       "order": "%s %s %s @ %s" % (
                           o["side"].lower(), fakex.fixed(o["qty"]),
                           self.pair_of(o["symbol"]), typ),
                       "close": ""},
             "vol": fakex.fixed(o["qty"]), "vol_exec": fakex.fixed(ex),
             "cost": fakex.fixed(o["cum_quote"], 5),
             "fee": fakex.fixed(o["fee"], 5),
             "price": fakex.fixed(o["cum_quote"] / ex if ex else 0, tick),
             "stopprice": "0.00000", "limitprice": "0.00000",
             "misc": "", "oflags": o.get("oflags", "fciq")}
        if st != "open":
            j["closetm"] = o["update_time"] / 1000
            j["reason"] = None
        if trades and o["fills"]:
            j["trades"] = [trade_id(t["id"]) for t in o["fills"]]
        return j

    def listing(self, p, want_open):
        m = self.x.markets["spot"]
        trades = p.get("trades", "false") == "true"
        out = {}
        for o in reversed(m.orders):
            if (o["status"] in fakex.OPEN) != want_open:
                continue
            if p.get("cl_ord_id") and o["cid"] != p["cl_ord_id"]:
                continue
            out[txid(o["id"])] = self.order_json(o, trades)
        return out

    def open(self, req, p):
        """open.yaml: {"open": {txid: order}}."""
        return {"open": self.listing(p, True)}

    def closed(self, req, p):
        """closed.yaml: {"closed": {...}, "count"}, 50 at a time, the
        most recent first."""
        c = self.listing(p, False)
        return {"closed": dict(list(c.items())[:50]), "count": len(c)}

    def query(self, req, p):
        """QueryOrders: {txid: order} of the txids asked."""
        m = self.x.markets["spot"]
        want = [t.strip() for t in p["txid"].split(",")]
        out = {}
        for o in m.orders:
            if txid(o["id"]) in want:
                out[txid(o["id"])] = self.order_json(
                    o, p.get("trades") == "true")
        return out

    # ---- account

    def balance(self, req, p):
        """Balance: {asset: total} ("all cash balances")."""
        bal = self.x.markets["spot"].bal
        return {kname(a): fakex.fixed(b["free"] + b["locked"], 10)
                for a, b in sorted(bal.items())}

    def balance_ex(self, req, p):
        """BalanceEx: {asset: {"balance", "hold_trade"}}."""
        bal = self.x.markets["spot"].bal
        return {kname(a): {"balance": fakex.fixed(b["free"] + b["locked"],
                                                  10),
                           "hold_trade": fakex.fixed(b["locked"], 10)}
                for a, b in sorted(bal.items())}

    def trades(self, req, p):
        """history.yaml: {"trades": {id: trade}, "count"}."""
        m = self.x.markets["spot"]
        out = {}
        for t in reversed(m.trades):
            out[trade_id(t["id"])] = {
                "ordertxid": txid(t["order_id"]),
                "postxid": "TKH2SE-M7IF5-CFI7LT",
                "pair": self.pair_of(t["symbol"]),
                "time": t["time"] / 1000, "type": t["side"].lower(),
                "ordertype": {"MARKET": "market", "LIMIT": "limit",
                              "STOP": "stop-loss"}[t["order_type"]],
                "price": fakex.fixed(t["price"], 5),
                "cost": fakex.fixed(t["quote_qty"], 5),
                "fee": fakex.fixed(t["fee"], 5),
                "vol": fakex.fixed(t["qty"]), "margin": "0.00000",
                "misc": "", "trade_id": t["id"], "maker": False}
        return {"trades": dict(list(out.items())[:50]), "count": len(out)}


if __name__ == "__main__":
    fakex.main("fake_kraken.py", make_markets, Kraken)
