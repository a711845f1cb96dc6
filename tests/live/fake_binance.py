#!/usr/bin/python3
"""A fake Binance on 127.0.0.1: spot (/api/v3/...) and USD-M futures
(/fapi/...) on one server, for the tests of tp-exec --live (issue 26).

    fake_binance.py --port-file F --candles FILE.ndjson
                    [--balance USDT=10000]... [--log F] [--rules JSON]

The model (candles, clocks, orders, fills, positions, misbehaviours, the
/_fake/ control endpoints) is tests/live/fakex.py; this file is Binance's
dialect: paths, SIGNED requests, answer shapes and error codes as the
docs show them.  Sources:
  spot: binance/binance-spot-api-docs@a5e0bc3ddc0fd7e6bb696849323b74423fa3a54d
    rest-api.md ("General Information on Endpoints", "HTTP Return Codes",
    "SIGNED Endpoint security", "Timing security", "Check server time",
    "Exchange information", "New order (TRADE)", "Cancel order (TRADE)",
    "Query order (USER_DATA)", "Current open orders (USER_DATA)",
    "Account information (USER_DATA)", "Account trade list (USER_DATA)"),
    filters.md, errors.md;
  futures: developers.binance.com/docs/derivatives/usds-margined-futures
    trade/rest-api/New-Order, Query-Order, Cancel-Order,
    Current-All-Open-Orders, Account-Trade-List, Position-Information-V2,
    Change-Initial-Leverage, Change-Margin-Type, Change-Position-Mode;
    account/rest-api/Futures-Account-Balance-V2; market-data/rest-api/
    Exchange-Information; error-code.

Fees: spot 0.1% taken from the asset received; futures 0.05% taker, in
USDT.  Spot and futures are separate accounts, each starting with the
--balance amounts.  The key is fakex.KEY: HMAC-SHA256 with fakex.SECRET
(hex signature), or Ed25519 with the fix-api.md example key (base64
signature, percent-encoded).
"""
import os
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakex  # noqa: E402
from fakex import (D, Answer, Market, Refused, fixed, hmac_hex, params,  # noqa: E402
                   plain, strip_param)

SPOT_FEE = "0.001"
FUT_FEE = "0.0005"
STOP_TYPES = {"spot": "STOP_LOSS", "futures": "STOP_MARKET"}
# request weights (the Weight of each endpoint in the docs), for
# X-MBX-USED-WEIGHT-1M
WEIGHT = {"/api/v3/exchangeInfo": 20, "/api/v3/account": 20,
          "/api/v3/openOrders": 6, "/api/v3/myTrades": 5,
          "/fapi/v1/exchangeInfo": 1, "/fapi/v2/balance": 5,
          "/fapi/v2/positionRisk": 5, "/fapi/v1/userTrades": 5,
          "/fapi/v1/openOrders": 1}


def make_markets(x, bal, args):
    syms = list(x.candles.by)
    fut_bal = {a: dict(v) for a, v in bal.items()}
    return {"spot": Market(x, "spot", SPOT_FEE, bal,
                           fakex.default_rules(syms, "spot", args)),
            "futures": Market(x, "futures", FUT_FEE, fut_bal,
                              fakex.default_rules(syms, "futures", args),
                              leverage=20)}


def err(status, code, msg):
    """Binance's error envelope (rest-api.md "Error Codes")."""
    return Answer(status, {"code": code, "msg": msg})


class Binance:
    def __init__(self, x):
        self.x = x
        self.weight, self.minute = 0, 0

    # ---- errors of the whole server

    def status_answer(self, status, req):
        """The "status" misbehaviour (rest-api.md "HTTP Return Codes",
        "LIMITS"; errors.md -1003, -1001, -1008)."""
        ra = [("Retry-After", str(int(self.x.misbehave.get("retry_after",
                                                            1))))]
        if status == 429:
            a = err(429, -1003, "Too much request weight used; current "
                    "limit is 6000 request weight per 1 MINUTE. Please use "
                    "WebSocket Streams for live updates to avoid polling "
                    "the API.")
            a.headers += ra
        elif status == 418:
            until = self.x.server_time() + 120000
            a = err(418, -1003, "Way too much request weight used; IP "
                    "banned until %d. Please use WebSocket Streams for live "
                    "updates to avoid bans." % until)
            a.headers += ra
        elif status == 403:
            # a WAF block: not Binance's JSON
            a = Answer(403, "<html><body><h1>403 Forbidden</h1></body>"
                       "</html>", ctype="text/html")
        elif status == 503:
            a = err(503, -1008, "Server is currently overloaded with other "
                    "requests. Please try again in a few minutes.")
        else:
            a = err(status, -1001, "Internal error; unable to process your "
                    "request. Please try again.")
        req.code = -1 if status != 200 else 0
        return a

    def used_weight(self, path):
        m = self.x.server_time() // 60000
        if m != self.minute:
            self.minute, self.weight = m, 0
        self.weight += WEIGHT.get(path, 1)
        return [("X-MBX-USED-WEIGHT-1M", str(self.weight))]

    # ---- SIGNED requests (rest-api.md "SIGNED Endpoint security",
    # "Timing security")

    def check_signed(self, req, p):
        """None when the request is signed right and on time, else the
        error Answer."""
        key = req.headers.get("X-MBX-APIKEY")
        if not key:
            req.signed = False
            return err(401, -2014, "API-key format invalid.")
        if key != fakex.KEY:
            req.signed = False
            return err(401, -2015, "Invalid API-key, IP, or permissions "
                       "for action.")
        # "The signature payload of your request is the query string
        # concatenated without separator to the HTTP body."
        q, sig = strip_param(req.query, "signature")
        b, sig2 = strip_param(req.body.decode(errors="replace"),
                              "signature")
        sig = sig if sig is not None else sig2
        payload = (q + b).encode()
        if sig is None:
            req.signed = False
            return err(400, -1102, "Mandatory parameter 'signature' was "
                       "not sent, was empty/null, or malformed.")
        if len(sig) == 64 and all(c in "0123456789abcdefABCDEF"
                                  for c in sig):
            # "Signatures generated using HMAC are not case-sensitive"
            ok = sig.lower() == hmac_hex(payload)
        else:
            ok = fakex.ed25519_verify(payload, sig)
        req.signed = ok
        if not ok:
            return err(400, -1022, "Signature for this request is not "
                       "valid.")
        if "timestamp" not in p:
            return err(400, -1102, "Mandatory parameter 'timestamp' was "
                       "not sent, was empty/null, or malformed.")
        try:
            ts = int(p["timestamp"])
            rw = float(p.get("recvWindow", 5000))
        except ValueError:
            return err(400, -1100, "Illegal characters found in parameter "
                       "'timestamp'; legal range is '^[0-9]{1,20}$'.")
        if rw > 60000:
            return err(400, -1131, "recvWindow must be less than 60000")
        if ts > 10 ** 14:           # microseconds
            ts //= 1000
        server = self.x.server_time()
        if ts >= server + 1000:
            return err(400, -1021, "Timestamp for this request was 1000ms "
                       "ahead of the server's time.")
        if server - ts > rw:
            return err(400, -1021, "Timestamp for this request is outside "
                       "of the recvWindow.")
        return None

    # ---- routing

    def route(self, req):
        x = self.x
        p = params(req)
        path, m = req.path, req.method
        fut = path.startswith("/fapi/")
        market = x.markets["futures" if fut else "spot"]
        public = {("GET", "/api/v3/time"): self.time,
                  ("GET", "/fapi/v1/time"): self.time,
                  ("GET", "/api/v3/ping"): self.ping,
                  ("GET", "/fapi/v1/ping"): self.ping,
                  ("GET", "/api/v3/exchangeInfo"): self.exchange_info,
                  ("GET", "/fapi/v1/exchangeInfo"): self.exchange_info}
        signed = {("POST", "/api/v3/order"): self.new_order,
                  ("GET", "/api/v3/order"): self.query_order,
                  ("DELETE", "/api/v3/order"): self.cancel_order,
                  ("GET", "/api/v3/openOrders"): self.open_orders,
                  ("GET", "/api/v3/account"): self.account,
                  ("GET", "/api/v3/myTrades"): self.my_trades,
                  ("POST", "/fapi/v1/order"): self.new_order,
                  ("GET", "/fapi/v1/order"): self.query_order,
                  ("DELETE", "/fapi/v1/order"): self.cancel_order,
                  ("GET", "/fapi/v1/openOrders"): self.open_orders,
                  ("GET", "/fapi/v1/userTrades"): self.my_trades,
                  ("GET", "/fapi/v2/balance"): self.fut_balance,
                  ("GET", "/fapi/v2/positionRisk"): self.position_risk,
                  ("POST", "/fapi/v1/leverage"): self.leverage,
                  ("POST", "/fapi/v1/marginType"): self.margin_type,
                  ("POST", "/fapi/v1/positionSide/dual"): self.dual}
        h = public.get((m, path))
        if h is None:
            h = signed.get((m, path))
            if h is None:
                return Answer(404, "", ctype="text/html")
            bad = self.check_signed(req, p)
            if bad is not None:
                req.code = bad_code(bad)
                return bad
        try:
            a = h(req, p, market)
        except Refused as e:
            a = self.refused(e, market)
        except KeyError as e:
            a = err(400, -1102, "Mandatory parameter '%s' was not sent, "
                    "was empty/null, or malformed." % e.args[0])
        except (ValueError, ArithmeticError):
            a = err(400, -1100, "Illegal characters found in a parameter.")
        if a.status != 200:
            req.code = bad_code(a)
        a.headers += self.used_weight(path)
        return a

    def refused(self, e, market):
        """An order the model refused, in Binance's codes (errors.md
        "Messages for -1010 ERROR_MSG_RECEIVED, -2010 NEW_ORDER_REJECTED",
        "Filter failures"; futures error-code: -2019, -2022, -4164,
        -4116)."""
        fut = market.kind == "futures"
        if e.why == "symbol":
            return err(400, -1121, "Invalid symbol.")
        if e.why == "balance":
            if fut:
                return err(400, -2019, "Margin is insufficient.")
            return err(400, -2010, "Account has insufficient balance for "
                       "requested action.")
        if e.why == "duplicate":
            if fut:
                return err(400, -4116, "ClientOrderId is duplicated.")
            return err(400, -2010, "Duplicate order sent.")
        if e.why == "notional":
            if fut:
                return err(400, -4164, "Order's notional must be no "
                           "smaller than %s (unless you choose reduce "
                           "only)." % e.msg)
            return err(400, -1013, "Filter failure: NOTIONAL")
        if e.why in ("lot", "price"):
            return err(400, -1013, "Filter failure: %s" % e.msg)
        if e.why == "reduce":
            return err(400, -2022, "ReduceOnly Order is rejected.")
        if e.why == "type":
            return err(400, -1116, "Invalid orderType.")
        return err(400, -1102, e.msg or "A mandatory parameter was not "
                   "sent, was empty/null, or malformed.")

    # ---- public

    def time(self, req, p, market):
        return Answer(200, {"serverTime": self.x.server_time()})

    def ping(self, req, p, market):
        return Answer(200, {})

    def exchange_info(self, req, p, market):
        syms = sorted(market.rules)
        if "symbol" in p:
            if p["symbol"] not in market.rules:
                return err(400, -1121, "Invalid symbol.")
            syms = [p["symbol"]]
        out = [self.symbol_info(s, market) for s in syms]
        return Answer(200, {"timezone": "UTC",
                            "serverTime": self.x.server_time(),
                            "rateLimits": [{"rateLimitType":
                                            "REQUEST_WEIGHT",
                                            "interval": "MINUTE",
                                            "intervalNum": 1,
                                            "limit": 6000}],
                            "exchangeFilters": [], "symbols": out})

    def symbol_info(self, s, market):
        r = market.rules[s]
        base, quote = self.x.candles.assets[s]
        mn = market.min_notional(s)
        f = [{"filterType": "PRICE_FILTER", "minPrice": fixed(r["tick"]),
              "maxPrice": "1000000.00000000", "tickSize": fixed(r["tick"])},
             {"filterType": "LOT_SIZE", "minQty": fixed(r["min_qty"]),
              "maxQty": fixed(r["max_qty"]), "stepSize": fixed(r["step"])},
             {"filterType": "MARKET_LOT_SIZE", "minQty": fixed(0),
              "maxQty": fixed(r["market_max_qty"]),
              "stepSize": fixed(0)}]
        if market.kind == "spot":
            # filters.md "NOTIONAL"
            f.append({"filterType": "NOTIONAL", "minNotional": fixed(mn),
                      "applyMinToMarket": True,
                      "maxNotional": "9000000.00000000",
                      "applyMaxToMarket": False, "avgPriceMins": 5})
            return {"symbol": s, "status": "TRADING", "baseAsset": base,
                    "baseAssetPrecision": 8, "quoteAsset": quote,
                    "quotePrecision": 8, "quoteAssetPrecision": 8,
                    "baseCommissionPrecision": 8,
                    "quoteCommissionPrecision": 8,
                    "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET",
                                   "STOP_LOSS", "STOP_LOSS_LIMIT",
                                   "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"],
                    "icebergAllowed": True, "ocoAllowed": True,
                    "otoAllowed": True,
                    "quoteOrderQtyMarketAllowed": True,
                    "allowTrailingStop": True,
                    "cancelReplaceAllowed": True,
                    "isSpotTradingAllowed": True,
                    "isMarginTradingAllowed": False, "filters": f,
                    "permissions": [], "permissionSets": [["SPOT"]],
                    "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
                    "allowedSelfTradePreventionModes": [
                        "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"]}
        # futures Exchange-Information: MIN_NOTIONAL {notional}
        f.append({"filterType": "MIN_NOTIONAL", "notional": plain(mn)})
        return {"symbol": s, "pair": s, "contractType": "PERPETUAL",
                "deliveryDate": 4133404800000, "onboardDate": 1569398400000,
                "status": "TRADING", "maintMarginPercent": "2.5000",
                "requiredMarginPercent": "5.0000", "baseAsset": base,
                "quoteAsset": quote, "marginAsset": quote,
                "pricePrecision": 2, "quantityPrecision": 3,
                "baseAssetPrecision": 8, "quotePrecision": 8,
                "underlyingType": "COIN", "settlePlan": 0,
                "triggerProtect": "0.0500", "filters": f,
                "orderTypes": ["LIMIT", "MARKET", "STOP", "STOP_MARKET",
                               "TAKE_PROFIT", "TAKE_PROFIT_MARKET",
                               "TRAILING_STOP_MARKET"],
                "timeInForce": ["GTC", "IOC", "FOK", "GTX"]}

    # ---- orders

    def new_order(self, req, p, market):
        """POST /api/v3/order ("New order (TRADE)"), /fapi/v1/order
        (New-Order)."""
        req.placement = True
        fut = market.kind == "futures"
        sym, side, typ = p["symbol"], p["side"], p["type"]
        if side not in ("BUY", "SELL"):
            return err(400, -1117, "Invalid side.")
        kinds = {"MARKET": "MARKET", "LIMIT": "LIMIT",
                 STOP_TYPES[market.kind]: "STOP"}
        if fut and typ == "STOP_MARKET" and \
                self.x.misbehave.get("algo_only"):
            return err(400, -4120, "Order type not supported for this "
                       "endpoint. Please use the Algo Order API endpoints "
                       "instead.")
        if typ not in kinds:
            return err(400, -1116, "Invalid orderType.")
        t = kinds[typ]
        price = stop = None
        if t == "LIMIT":
            price = D(p["price"])
            if "timeInForce" not in p:
                raise KeyError("timeInForce")
        if t == "STOP":
            stop = D(p["stopPrice"])
        reduce = p.get("reduceOnly", "false").lower() == "true"
        if reduce and not fut:
            return err(400, -1104, "Not all sent parameters were read; "
                       "read 9 parameter(s) but was sent 10.")
        o = market.place(sym, side, t, D(p["quantity"]), price, stop,
                         reduce, p.get("newClientOrderId"))
        resp = p.get("newOrderRespType")
        if resp is None:
            # "MARKET and LIMIT order types default to FULL, all other
            # orders default to ACK" (spot); futures default ACK
            resp = "FULL" if t != "STOP" and not fut else "ACK"
        return Answer(200, self.order_json(o, market, "new", resp))

    def find(self, p, market):
        if "orderId" not in p and "origClientOrderId" not in p:
            raise Refused("param", "Param 'origClientOrderId' or 'orderId' "
                          "must be sent, but both were empty/null!")
        if p["symbol"] not in market.rules:
            raise Refused("symbol")
        o = market.find(p["symbol"], p.get("origClientOrderId"),
                        p.get("orderId"))
        if o is not None and "origClientOrderId" in p and \
                o["cid"] != p["origClientOrderId"]:
            o = None
        return o

    def query_order(self, req, p, market):
        o = self.find(p, market)
        if o is None:
            return err(400, -2013, "Order does not exist.")
        return Answer(200, self.order_json(o, market, "query"))

    def cancel_order(self, req, p, market):
        o = self.find(p, market)
        if o is None or o["status"] not in fakex.OPEN:
            return err(400, -2011, "Unknown order sent.")
        market.cancel(o["symbol"], oid=o["id"])
        a = self.order_json(o, market, "cancel")
        return Answer(200, a)

    def open_orders(self, req, p, market):
        sym = p.get("symbol")
        if sym is not None and sym not in market.rules:
            return err(400, -1121, "Invalid symbol.")
        return Answer(200, [self.order_json(o, market, "query")
                            for o in market.open_orders(sym)])

    def order_json(self, o, market, what, resp="RESULT"):
        """An order as Binance writes it: spot "Response - ACK/RESULT/
        FULL", "Query order", "Cancel order"; futures New-Order and
        Query-Order."""
        x = self.x
        typ = {"MARKET": "MARKET", "LIMIT": "LIMIT",
               "STOP": STOP_TYPES[market.kind],
               "LIQUIDATION": "LIQUIDATION"}[o["type"]]
        status = o["status"]
        if market.kind == "futures":
            avg = o["cum_quote"] / o["executed"] if o["executed"] else 0
            r = {"orderId": o["id"], "symbol": o["symbol"],
                 "status": status, "clientOrderId": o["cid"],
                 "price": plain(o["price"] or 0),
                 "avgPrice": fixed(avg, 5),
                 "origQty": plain(o["qty"]),
                 "executedQty": plain(o["executed"]),
                 "cumQty": plain(o["executed"]),
                 "cumQuote": plain(o["cum_quote"]),
                 "timeInForce": "GTC", "type": typ,
                 "reduceOnly": o["reduce_only"], "closePosition": False,
                 "side": o["side"], "positionSide": "BOTH",
                 "stopPrice": plain(o["stop"] or 0),
                 "workingType": "CONTRACT_PRICE", "priceProtect": False,
                 "origType": typ, "priceMatch": "NONE",
                 "selfTradePreventionMode": "EXPIRE_MAKER",
                 "goodTillDate": 0, "updateTime": o["update_time"]}
            if what == "query":
                r["time"] = o["time"]
            return r
        r = {"symbol": o["symbol"], "orderId": o["id"], "orderListId": -1,
             "clientOrderId": o["cid"]}
        if what == "new":
            r["transactTime"] = o["time"]
            if resp == "ACK":
                return r
        if what == "cancel":
            r = {"symbol": o["symbol"], "origClientOrderId": o["cid"],
                 "orderId": o["id"], "orderListId": -1,
                 "clientOrderId": "cancel%d" % o["id"],
                 "transactTime": x.now}
        r.update({"price": fixed(o["price"] or 0),
                  "origQty": fixed(o["qty"]),
                  "executedQty": fixed(o["executed"]),
                  "origQuoteOrderQty": fixed(0),
                  "cummulativeQuoteQty": fixed(o["cum_quote"]),
                  "status": status, "timeInForce": "GTC", "type": typ,
                  "side": o["side"]})
        if o["type"] == "STOP":
            r["stopPrice"] = fixed(o["stop"])
        if what == "query":
            r.update({"stopPrice": fixed(o["stop"] or 0),
                      "icebergQty": fixed(0), "time": o["time"],
                      "updateTime": o["update_time"],
                      "isWorking": o["type"] != "STOP" or o["triggered"],
                      "workingTime": o["time"] if o["type"] != "STOP" or
                      o["triggered"] else -1,
                      "origQuoteOrderQty": fixed(0)})
        else:
            r["workingTime"] = o["time"]
        r["selfTradePreventionMode"] = "NONE"
        if what == "new" and resp == "FULL":
            r["fills"] = [{"price": fixed(f["price"]),
                           "qty": fixed(f["qty"]),
                           "commission": fixed(f["fee"]),
                           "commissionAsset": f["fee_asset"],
                           "tradeId": f["id"]} for f in o["fills"]]
        return r

    def my_trades(self, req, p, market):
        """GET /api/v3/myTrades ("Account trade list"),
        /fapi/v1/userTrades (Account-Trade-List)."""
        sym = p["symbol"]
        if sym not in market.rules:
            return err(400, -1121, "Invalid symbol.")
        oid = int(p["orderId"]) if "orderId" in p else None
        out = []
        for t in market.trades:
            if t["symbol"] != sym or (oid is not None and
                                      t["order_id"] != oid):
                continue
            if market.kind == "spot":
                out.append({"symbol": sym, "id": t["id"],
                            "orderId": t["order_id"], "orderListId": -1,
                            "price": fixed(t["price"]),
                            "qty": fixed(t["qty"]),
                            "quoteQty": fixed(t["quote_qty"]),
                            "commission": fixed(t["fee"]),
                            "commissionAsset": t["fee_asset"],
                            "time": t["time"],
                            "isBuyer": t["side"] == "BUY",
                            "isMaker": False, "isBestMatch": True})
            else:
                out.append({"buyer": t["side"] == "BUY",
                            "commission": plain(t["fee"]),
                            "commissionAsset": t["fee_asset"],
                            "id": t["id"], "maker": False,
                            "orderId": t["order_id"],
                            "price": plain(t["price"]),
                            "qty": plain(t["qty"]),
                            "quoteQty": plain(t["quote_qty"]),
                            "realizedPnl": plain(t["realized"]),
                            "side": t["side"], "positionSide": "BOTH",
                            "symbol": sym, "time": t["time"]})
        return Answer(200, out[-int(p.get("limit", 500)):])

    # ---- accounts

    def account(self, req, p, market):
        """GET /api/v3/account ("Account information")."""
        bals = [{"asset": a, "free": fixed(b["free"]),
                 "locked": fixed(b["locked"])}
                for a, b in sorted(market.bal.items())]
        if p.get("omitZeroBalances") == "true":
            bals = [b for b in bals if D(b["free"]) or D(b["locked"])]
        return Answer(200, {
            "makerCommission": 10, "takerCommission": 10,
            "buyerCommission": 0, "sellerCommission": 0,
            "commissionRates": {"maker": "0.00100000",
                                "taker": "0.00100000",
                                "buyer": "0.00000000",
                                "seller": "0.00000000"},
            "canTrade": True, "canWithdraw": True, "canDeposit": True,
            "brokered": False, "requireSelfTradePrevention": False,
            "preventSor": False, "updateTime": self.x.now,
            "accountType": "SPOT", "balances": bals,
            "permissions": ["SPOT"], "uid": 354937868})

    def fut_balance(self, req, p, market):
        """GET /fapi/v2/balance (Futures-Account-Balance-V2)."""
        out = []
        for a, b in sorted(market.bal.items()):
            wallet = b["free"]
            avail = market.available(a)
            out.append({"accountAlias": "SgsR", "asset": a,
                        "balance": plain(wallet),
                        "crossWalletBalance": plain(avail),
                        "crossUnPnl": "0.00000000",
                        "availableBalance": plain(avail),
                        "maxWithdrawAmount": plain(avail),
                        "marginAvailable": True,
                        "updateTime": self.x.now})
        return Answer(200, out)

    def position_risk(self, req, p, market):
        """GET /fapi/v2/positionRisk (Position-Information-V2, one-way
        mode): a symbol asked for is listed even when flat."""
        sym = p.get("symbol")
        if sym is not None and sym not in market.rules:
            return err(400, -1121, "Invalid symbol.")
        syms = [sym] if sym else sorted(market.rules)
        out = []
        for s in syms:
            pos = market.position(s)
            mark = market.mark(s)
            lev = market.leverage.get(s, market.default_leverage)
            out.append({"entryPrice": plain(pos["entry"]),
                        "breakEvenPrice": plain(pos["entry"]),
                        "marginType": market.margin_type.get(
                            s, "CROSSED").lower().replace("crossed",
                                                          "cross"),
                        "isAutoAddMargin": "false",
                        "isolatedMargin": plain(pos["margin"]),
                        "leverage": str(lev),
                        "liquidationPrice": plain(market.liquidation(s)),
                        "markPrice": plain(mark),
                        "maxNotionalValue": "20000000",
                        "positionAmt": plain(pos["amt"]),
                        "notional": plain(pos["amt"] * mark),
                        "isolatedWallet": plain(pos["margin"]),
                        "symbol": s,
                        "unRealizedProfit": plain(pos["amt"] *
                                                  (mark - pos["entry"])),
                        "positionSide": "BOTH",
                        "updateTime": pos["update_time"]})
        return Answer(200, out)

    def leverage(self, req, p, market):
        """POST /fapi/v1/leverage (Change-Initial-Leverage)."""
        sym = p["symbol"]
        if sym not in market.rules:
            return err(400, -1121, "Invalid symbol.")
        try:
            lev = int(p["leverage"])
        except ValueError:
            lev = 0
        if not 1 <= lev <= 125:
            return err(400, -4028, "Leverage %s is not valid" %
                       p["leverage"])
        market.leverage[sym] = lev
        return Answer(200, {"leverage": lev, "maxNotionalValue": "20000000",
                            "symbol": sym})

    def margin_type(self, req, p, market):
        """POST /fapi/v1/marginType (Change-Margin-Type)."""
        sym, mt = p["symbol"], p["marginType"]
        if sym not in market.rules:
            return err(400, -1121, "Invalid symbol.")
        if mt not in ("ISOLATED", "CROSSED"):
            return err(400, -4044, "The margin type cannot be recognized.")
        if market.margin_type.get(sym, "CROSSED") == mt:
            return err(400, -4046, "No need to change margin type.")
        if market.position(sym)["amt"] != 0:
            return err(400, -4048, "Margin type cannot be changed if there "
                       "exists position.")
        market.margin_type[sym] = mt
        return Answer(200, {"code": 200, "msg": "success"})

    def dual(self, req, p, market):
        """POST /fapi/v1/positionSide/dual (Change-Position-Mode)."""
        want = p["dualSidePosition"].lower() == "true"
        if want == market.dual:
            return err(400, -4059, "No need to change position side.")
        market.dual = want
        return Answer(200, {"code": 200, "msg": "success"})


def bad_code(a):
    import json
    try:
        return json.loads(a.body).get("code", -1)
    except (ValueError, AttributeError):
        return -1


if __name__ == "__main__":
    fakex.main("fake_binance.py", make_markets, Binance)
