#!/usr/bin/python3
"""A fake Bybit v5 (unified account, category spot and linear) on
127.0.0.1, for the tests of tp-exec --live (issue 26).

    fake_bybit.py --port-file F --candles FILE.ndjson
                  [--balance USDT=10000]... [--log F] [--rules JSON]

The model (candles, clocks, orders, fills, positions, misbehaviours, the
/_fake/ control endpoints) is tests/live/fakex.py; this file is Bybit's
dialect.  Source: bybit-exchange/docs@072c197d0c11b4d9a88d1dd0c7b9d7ca8ea3a996
docs/v5/: guide.mdx ("Authentication", "Create A Request": the
signature, the timestamp rule, the envelope), error.mdx, rate-limit/
rate-limit.mdx, market/time.mdx, market/instrument.mdx,
order/create-order.mdx, order/open-order.mdx ("Get Open & Closed
Orders", /v5/order/realtime), order/order-list.mdx (/v5/order/history),
order/cancel-order.mdx, order/execution.mdx (/v5/execution/list),
account/wallet-balance.mdx, position/position.mdx, position/leverage.mdx.

The unified account: spot and linear share one wallet (--balance);
linear positions are one-way and isolated.  Fees: spot 0.1% from the
coin received, linear 0.05% taker in USDT.  Answers are HTTP 200 with
{"retCode", "retMsg", "result", "retExtInfo", "time"}; numbers and times
in results are strings, as the docs show them.
"""
import json
import os
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakex  # noqa: E402
from fakex import D, Answer, Market, Refused, hmac_hex, plain  # noqa: E402
from urllib.parse import parse_qsl  # noqa: E402

SPOT_FEE = "0.001"
LINEAR_FEE = "0.0005"
# Bybit's first risk limit tier of BTCUSDT: maintenance margin 0.5%
MMR = "0.005"
STATUS = {"PARTIALLY_FILLED": "PartiallyFilled", "FILLED": "Filled",
          "REJECTED": "Rejected"}


def make_markets(x, bal, args):
    syms = list(x.candles.by)
    return {"spot": Market(x, "spot", SPOT_FEE, bal,
                           fakex.default_rules(syms, "spot", args)),
            "linear": Market(x, "futures", LINEAR_FEE, bal,
                             fakex.default_rules(syms, "futures", args),
                             leverage=10, mmr=MMR, liq="bybit")}


class Fail(Exception):
    """A request refused with retCode CODE."""

    def __init__(self, code, msg, status=200):
        super().__init__(msg)
        self.code, self.msg, self.status = code, msg, status


class Bybit:
    def __init__(self, x):
        self.x = x

    def envelope(self, result, code=0, msg="OK", status=200, headers=()):
        """guide.mdx: {"retCode", "retMsg", "result", "retExtInfo",
        "time"}."""
        return Answer(status, {"retCode": code, "retMsg": msg,
                               "result": result, "retExtInfo": {},
                               "time": self.x.server_time()}, headers)

    def limit_headers(self, left=9):
        """rate-limit.mdx: X-Bapi-Limit, -Status, -Reset-Timestamp (now
        when not exceeded)."""
        reset = self.x.server_time()
        if left == 0:
            reset += 1000 * int(self.x.misbehave.get("retry_after", 1))
        return [("X-Bapi-Limit", "10"), ("X-Bapi-Limit-Status", str(left)),
                ("X-Bapi-Limit-Reset-Timestamp", str(reset))]

    def status_answer(self, status, req):
        """The "status" misbehaviour: 403 is the IP ban ("access too
        frequent", rate-limit.mdx), 429 the "System level frequency
        protection" of error.mdx; 5xx as a gateway writes them."""
        req.code = -1
        if status == 403:
            return Answer(403, "access too frequent", ctype="text/plain")
        if status == 429:
            return self.envelope({}, 10006, "Too many visits!", 429,
                                 self.limit_headers(0))
        text = {418: "I'm a teapot", 500: "Internal Server Error",
                502: "Bad Gateway", 503: "Service Unavailable"}
        return Answer(status, text.get(status, "Error"), ctype="text/plain")

    # ---- signatures (guide.mdx "Authentication")

    def check_signed(self, req):
        h = req.headers
        key, ts = h.get("X-BAPI-API-KEY"), h.get("X-BAPI-TIMESTAMP")
        sign = h.get("X-BAPI-SIGN")
        rw = h.get("X-BAPI-RECV-WINDOW", "5000")
        if not key or not ts or not sign:
            req.signed = False
            raise Fail(10003, "API key is invalid.", 401)
        if key != fakex.KEY:
            req.signed = False
            raise Fail(10003, "API key is invalid.")
        # "GET: timestamp + API key + recv_window + queryString; POST:
        # timestamp + API key + recv_window + jsonBodyString"
        rest = req.query if req.method == "GET" else \
            req.body.decode(errors="replace")
        origin = ts + key + rw + rest
        req.signed = sign.lower() == hmac_hex(origin.encode())
        if not req.signed:
            raise Fail(10004, "error sign! origin_string[%s]" % origin)
        server = self.x.server_time()
        try:
            t, w = int(ts), int(rw)
        except ValueError:
            raise Fail(10001, "Request parameter error")
        # "server_time - recv_window <= timestamp < server_time + 1000"
        if not server - w <= t < server + 1000:
            raise Fail(10002, "invalid request, please check your server "
                       "timestamp or recv_window param. req_timestamp[%d],"
                       "server_timestamp[%d],recv_window[%d]" %
                       (t, server, w))

    # ---- routing

    def route(self, req):
        x = self.x
        public = {("GET", "/v5/market/time"): self.time,
                  ("GET", "/v5/market/instruments-info"): self.instruments}
        private = {("POST", "/v5/order/create"): self.create,
                   ("POST", "/v5/order/cancel"): self.cancel,
                   ("GET", "/v5/order/realtime"): self.realtime,
                   ("GET", "/v5/order/history"): self.history,
                   ("GET", "/v5/execution/list"): self.executions,
                   ("GET", "/v5/account/wallet-balance"): self.wallet,
                   ("GET", "/v5/position/list"): self.positions,
                   ("POST", "/v5/position/set-leverage"): self.set_leverage}
        key = (req.method, req.path)
        h = public.get(key) or private.get(key)
        if h is None:
            # error.mdx 10017 "Route not found."; HTTP 404 "Cannot find
            # path"
            req.code = 10017
            return self.envelope({}, 10017, "Route not found.", 404)
        heads = []
        try:
            if key in private:
                heads = self.limit_headers()
                self.check_signed(req)
                rc = x.take("retcode")
                if rc is not None:
                    msgs = {10006: "Too many visits!",
                            10016: "Server error.", 10000: "Server Timeout"}
                    heads = self.limit_headers(0 if rc == 10006 else 9)
                    raise Fail(int(rc), msgs.get(int(rc), "error"))
            if req.method == "GET":
                p = dict(parse_qsl(req.query, keep_blank_values=True))
            else:
                try:
                    p = json.loads(req.body or b"{}")
                except ValueError:
                    raise Fail(10001, "Request parameter error")
                if not isinstance(p, dict):
                    raise Fail(10001, "Request parameter error")
            return self.envelope(h(req, p), headers=heads)
        except Fail as e:
            req.code = e.code
            return self.envelope({}, e.code, e.msg, e.status, heads)
        except Refused as e:
            code, msg = self.refused(e, req)
            req.code = code
            return self.envelope({}, code, msg, headers=heads)
        except KeyError as e:
            req.code = 10001
            return self.envelope({}, 10001, "Missing some parameters that "
                                 "must filled in, %s" % e.args[0],
                                 headers=heads)
        except (ValueError, ArithmeticError, TypeError):
            req.code = 10001
            return self.envelope({}, 10001, "Request parameter error",
                                 headers=heads)

    def refused(self, e, req):
        """An order the model refused, in error.mdx's codes."""
        spot = getattr(req, "category", "") == "spot"
        table = {
            "symbol": (10001, "params error: symbol invalid"),
            "balance": (170131, "Balance insufficient") if spot else
                       (110007, "Available balance is insufficient"),
            "duplicate": (170141, "Duplicate clientOrderId") if spot else
                         (110072, "OrderLinkedID is duplicate"),
            "notional": (170140, "Order value exceeded lower limit") if spot
                        else (110094, "Order notional value below the "
                              "lower limit"),
            "lot": (170136, "Order quantity lower than the minimum.")
                   if spot else (10001, "Qty invalid"),
            "price": (170134, "Order price has too many decimals.")
                     if spot else (10001, "Price invalid"),
            "reduce": (110017, "orderQty will be truncated to zero"),
            "type": (10001, "Request parameter error"),
        }
        return table.get(e.why, (10001, e.msg or "Request parameter error"))

    def market(self, req, p):
        cat = p["category"]
        req.category = cat
        if cat not in ("spot", "linear"):
            raise Fail(10001, "Illegal category")
        return self.x.markets[cat]

    # ---- public

    def time(self, req, p):
        """market/time.mdx: timeSecond, timeNano (strings)."""
        t = self.x.server_time()
        return {"timeSecond": str(t // 1000),
                "timeNano": str(t * 1000000)}

    def instruments(self, req, p):
        """market/instrument.mdx; a symbol it does not list: an empty
        list."""
        m = self.market(req, p)
        syms = sorted(m.rules)
        if "symbol" in p:
            syms = [s for s in syms if s == p["symbol"]]
        out = []
        for s in syms:
            r = m.rules[s]
            base, quote = self.x.candles.assets[s]
            mn = plain(m.min_notional(s))
            if m.kind == "spot":
                out.append({"symbol": s, "baseCoin": base,
                            "quoteCoin": quote, "innovation": "0",
                            "status": "Trading", "marginTrading": "none",
                            "stTag": "0",
                            "lotSizeFilter": {
                                "basePrecision": plain(r["step"]),
                                "quotePrecision": "0.00000001",
                                "minOrderQty": plain(r["min_qty"]),
                                "maxOrderQty": plain(r["max_qty"]),
                                "minOrderAmt": mn,
                                "maxOrderAmt": "8000000",
                                "maxLimitOrderQty": plain(r["max_qty"]),
                                "maxMarketOrderQty":
                                    plain(r["market_max_qty"])},
                            "priceFilter": {"tickSize": plain(r["tick"])},
                            "riskParameters": {
                                "priceLimitRatioX": "0.005",
                                "priceLimitRatioY": "0.01"},
                            "symbolType": ""})
            else:
                out.append({"symbol": s, "contractType": "LinearPerpetual",
                            "status": "Trading", "baseCoin": base,
                            "quoteCoin": quote, "launchTime": "1585526400000",
                            "deliveryTime": "0", "deliveryFeeRate": "",
                            "priceScale": "2",
                            "leverageFilter": {"minLeverage": "1",
                                               "maxLeverage": "100.00",
                                               "leverageStep": "0.01"},
                            "priceFilter": {"minPrice": plain(r["tick"]),
                                            "maxPrice": "1999999.80",
                                            "tickSize": plain(r["tick"])},
                            "lotSizeFilter": {
                                "maxOrderQty": plain(r["max_qty"]),
                                "minOrderQty": plain(r["min_qty"]),
                                "qtyStep": plain(r["step"]),
                                "postOnlyMaxOrderQty": plain(r["max_qty"]),
                                "maxMktOrderQty": plain(r["market_max_qty"]),
                                "minNotionalValue": mn},
                            "unifiedMarginTrade": True,
                            "fundingInterval": 480, "settleCoin": quote,
                            "copyTrading": "both",
                            "upperFundingRate": "0.00375",
                            "lowerFundingRate": "-0.00375",
                            "isPreListing": False, "preListingInfo": None,
                            "riskParameters": {
                                "priceLimitRatioX": "0.01",
                                "priceLimitRatioY": "0.02"},
                            "symbolType": ""})
        return {"category": p["category"], "list": out,
                "nextPageCursor": ""}

    # ---- orders

    def create(self, req, p):
        """order/create-order.mdx -> {orderId, orderLinkId}."""
        req.placement = True
        m = self.market(req, p)
        sym, side, ot = p["symbol"], p["side"], p["orderType"]
        # numbers go as strings (create-order.mdx: qty, price,
        # triggerPrice "string")
        for k in ("qty", "price", "triggerPrice"):
            if k in p and not isinstance(p[k], str):
                raise Fail(10001, "Request parameter error")
        if side not in ("Buy", "Sell") or ot not in ("Market", "Limit"):
            raise Fail(10001, "Request parameter error")
        cid = p.get("orderLinkId")
        if cid and len(cid) > 36:
            raise Fail(10001, "orderLinkId is too long")
        # "always unique": a second order with the same orderLinkId is
        # refused, whatever became of the first
        if cid and m.find(sym, cid) is not None:
            raise Refused("duplicate")
        trig = p.get("triggerPrice")
        spot = m.kind == "spot"
        if spot and p.get("orderFilter") not in ("StopOrder", "tpslOrder"):
            trig = None
        if trig and ot == "Limit":
            raise Fail(10001, "Request parameter error")
        price = D(p["price"]) if ot == "Limit" else None
        stop = D(trig) if trig else None
        direction = None
        if stop is not None:
            if spot:
                # triggerDirection is "Valid for linear & inverse": spot
                # takes it from the trigger against the market
                direction = 1 if stop > m.market_price(sym) else 2
            else:
                direction = int(p["triggerDirection"])
                if direction not in (1, 2):
                    raise Fail(10001, "Request parameter error")
        typ = "STOP" if stop is not None else ot.upper()
        reduce = (not spot) and str(p.get("reduceOnly", "false")).lower() \
            == "true"
        # spot market buys count qty in the quote coin unless marketUnit
        # says baseCoin (create-order.mdx, qty and marketUnit)
        by_quote = spot and typ == "MARKET" and side == "Buy" and \
            p.get("marketUnit", "quoteCoin") != "baseCoin"
        o = m.place(sym, side.upper(), typ, D(p["qty"]), price, stop,
                    reduce, cid, direction,
                    lock=not (spot and typ == "STOP"), by_quote=by_quote)
        return {"orderId": str(o["id"]), "orderLinkId": cid or ""}

    def cancel(self, req, p):
        """order/cancel-order.mdx."""
        m = self.market(req, p)
        sym = p["symbol"]
        o = m.find(sym, p.get("orderLinkId"), p.get("orderId")) \
            if sym in m.rules else None
        # spot's orderFilter: "If not passed, Order by default"; a
        # conditional order is found as a StopOrder only
        if o is not None and m.kind == "spot" and \
                (p.get("orderFilter", "Order") == "StopOrder") != \
                (o["type"] == "STOP"):
            o = None
        if o is None or o["status"] not in fakex.OPEN:
            if m.kind == "spot":
                raise Fail(170213, "Order does not exist.")
            raise Fail(110001, "Order does not exist")
        m.cancel(sym, oid=o["id"])
        return {"orderId": str(o["id"]), "orderLinkId": o["cid"]}

    def select(self, m, p):
        """The orders a realtime/history query names, newest first."""
        if m.kind == "futures" and not (p.get("symbol") or
                                        p.get("settleCoin") or
                                        p.get("baseCoin")):
            raise Fail(10001, "Missing some parameters that must filled "
                       "in, symbol or settleCoin or baseCoin")
        out = []
        for o in reversed(m.orders):
            base, quote = self.x.candles.assets[o["symbol"]]
            if p.get("symbol") and o["symbol"] != p["symbol"]:
                continue
            if p.get("settleCoin") and quote != p["settleCoin"]:
                continue
            if p.get("baseCoin") and base != p["baseCoin"]:
                continue
            if p.get("orderId") and str(o["id"]) != p["orderId"]:
                continue
            if p.get("orderLinkId") and o["cid"] != p["orderLinkId"]:
                continue
            f = p.get("orderFilter")
            if f == "StopOrder" and o["type"] != "STOP" or \
                    f == "Order" and o["type"] == "STOP":
                continue
            out.append(o)
        return out

    def realtime(self, req, p):
        """order/open-order.mdx: open orders; "openOnly param will be
        ignored when query by orderId or orderLinkId"; openOnly=1 the
        recent closed ones."""
        m = self.market(req, p)
        by_id = p.get("orderId") or p.get("orderLinkId")
        closed = p.get("openOnly", "0") == "1"
        out = [o for o in self.select(m, p) if by_id or
               ((o["status"] in fakex.OPEN) != closed)]
        lim = min(int(p.get("limit", 20)), 50)
        return {"list": [self.order_json(o, m) for o in out[:lim]],
                "nextPageCursor": "", "category": p["category"]}

    def history(self, req, p):
        """order/order-list.mdx: orders of every status."""
        m = self.market(req, p)
        lim = min(int(p.get("limit", 20)), 50)
        return {"list": [self.order_json(o, m)
                         for o in self.select(m, dict(p, settleCoin=p.get(
                             "settleCoin") or "USDT"))[:lim]],
                "nextPageCursor": "", "category": p["category"]}

    def status(self, o):
        s = o["status"]
        if s == "NEW":
            return "Untriggered" if o["type"] == "STOP" and \
                not o["triggered"] else "New"
        if s in ("CANCELED", "EXPIRED"):
            if o["executed"] > 0:
                return "PartiallyFilledCanceled"
            if o["type"] == "STOP" and not o["triggered"]:
                return "Deactivated"
            return "Cancelled"
        return STATUS[s]

    def order_json(self, o, m):
        """An item of /v5/order/realtime's list (open-order.mdx)."""
        spot = m.kind == "spot"
        avg = o["cum_quote"] / o["executed"] if o["executed"] else 0
        leaves = o["qty"] - o["executed"] if o["status"] in fakex.OPEN \
            else 0
        stop = o["type"] == "STOP"
        return {"orderId": str(o["id"]), "orderLinkId": o["cid"],
                "blockTradeId": "", "symbol": o["symbol"],
                "price": plain(o["price"] or 0), "qty": plain(o["qty"]),
                "side": o["side"].capitalize(),
                "isLeverage": "0" if spot else "", "positionIdx": 0,
                "orderStatus": self.status(o), "cancelType": "UNKNOWN",
                "rejectReason": "EC_NoError", "avgPrice": plain(avg),
                "leavesQty": plain(leaves),
                "leavesValue": plain(leaves * (o["price"] or o["stop"] or 0)),
                "cumExecQty": plain(o["executed"]),
                "cumExecValue": plain(o["cum_quote"]),
                "cumExecFee": plain(o["fee"]),
                "timeInForce": "GTC" if o["type"] == "LIMIT" else "IOC",
                "orderType": "Limit" if o["type"] == "LIMIT" else "Market",
                "stopOrderType": "Stop" if stop else "UNKNOWN",
                "orderIv": "", "triggerPrice": plain(o["stop"] or 0),
                "takeProfit": "0", "stopLoss": "0", "tpTriggerBy": "",
                "slTriggerBy": "",
                "triggerDirection": (o["trigger_dir"] if stop and not spot
                                     else 0),
                "triggerBy": "LastPrice" if stop else "UNKNOWN",
                "lastPriceOnCreated": "", "reduceOnly": o["reduce_only"],
                "closeOnTrigger": False, "smpType": "None", "smpGroup": 0,
                "smpOrderId": "", "tpslMode": "", "tpLimitPrice": "",
                "slLimitPrice": "", "placeType": "",
                "createdTime": str(o["time"]),
                "updatedTime": str(o["update_time"]),
                "cumFeeDetail": ({o["fee_asset"]: plain(o["fee"])}
                                 if o["fee_asset"] else {})}

    def executions(self, req, p):
        """order/execution.mdx, newest first."""
        m = self.market(req, p)
        out = []
        for t in reversed(m.trades):
            if p.get("symbol") and t["symbol"] != p["symbol"]:
                continue
            if p.get("orderId") and str(t["order_id"]) != p["orderId"]:
                continue
            if p.get("orderLinkId") and t["cid"] != p["orderLinkId"]:
                continue
            o = m.find(t["symbol"], oid=t["order_id"])
            out.append({"symbol": t["symbol"],
                        "orderType": "Limit" if t["order_type"] == "LIMIT"
                        else "Market",
                        "underlyingPrice": "", "orderLinkId": t["cid"],
                        "side": t["side"].capitalize(), "indexPrice": "",
                        "orderId": str(t["order_id"]),
                        "stopOrderType": "Stop" if t["order_type"] ==
                        "STOP" else "UNKNOWN",
                        "leavesQty": plain(o["qty"] - o["executed"]
                                           if o else 0),
                        "execTime": str(t["time"]),
                        # "Spot trading fee currency"; linear: ""
                        "feeCurrency": t["fee_asset"] if m.kind == "spot"
                        else "",
                        "isMaker": False, "execFee": plain(t["fee"]),
                        "feeRate": plain(m.fee), "execId": str(t["id"]),
                        "tradeIv": "", "blockTradeId": "",
                        "markPrice": plain(t["price"]),
                        "execPrice": plain(t["price"]), "markIv": "",
                        "orderQty": plain(t["order_qty"]),
                        "orderPrice": plain(t["order_price"]),
                        "execValue": plain(t["quote_qty"]),
                        "execType": "Trade", "execQty": plain(t["qty"]),
                        "closedSize": plain(t["qty"]) if t["realized"]
                        else "", "extraFees": "", "seq": t["id"]})
        lim = min(int(p.get("limit", 50)), 100)
        return {"nextPageCursor": "", "category": p["category"],
                "list": out[:lim]}

    # ---- account

    def wallet(self, req, p):
        """account/wallet-balance.mdx (UNIFIED)."""
        if p["accountType"] != "UNIFIED":
            raise Fail(10001, "accountType only support UNIFIED.")
        lin = self.x.markets["linear"]
        upl = im = ZERO = D(0)
        for s, pos in lin.pos.items():
            if pos["amt"] != 0:
                upl += pos["amt"] * (lin.mark(s) - pos["entry"])
                im += pos["margin"]
        want = p["coin"].split(",") if p.get("coin") else None
        coins = []
        total = ZERO
        for a, b in sorted(lin.bal.items()):
            wallet = b["free"] + b["locked"]
            if want is not None and a not in want:
                continue
            if want is None and wallet == 0:
                continue
            u = upl if a == "USDT" else ZERO
            usd = wallet + u if a == "USDT" else \
                wallet * self.usd_price(a)
            total += usd
            coins.append({"availableToBorrow": "", "bonus": "0",
                          "accruedInterest": "0",
                          "availableToWithdraw": "",
                          "totalOrderIM": "0",
                          "equity": plain(wallet + u),
                          "totalPositionMM": "0",
                          "usdValue": plain(usd),
                          "spotHedgingQty": "0",
                          "unrealisedPnl": plain(u),
                          "collateralSwitch": True,
                          "borrowAmount": "0",
                          "totalPositionIM": plain(im if a == "USDT"
                                                   else 0),
                          "walletBalance": plain(wallet),
                          "cumRealisedPnl": "0",
                          "locked": plain(b["locked"]),
                          "marginCollateral": True, "coin": a,
                          "spotBorrow": "0"})
        usdt = lin.available("USDT")
        return {"list": [{"totalEquity": plain(total),
                          "accountIMRate": "0", "accountIMRateByMp": "0",
                          "totalMarginBalance": plain(total),
                          "totalInitialMargin": plain(im),
                          "totalInitialMarginByMp": plain(im),
                          "accountType": "UNIFIED",
                          "totalAvailableBalance": plain(usdt),
                          "accountMMRate": "0", "accountMMRateByMp": "0",
                          "totalPerpUPL": plain(upl),
                          "totalWalletBalance": plain(total - upl),
                          "accountLTV": "0",
                          "totalMaintenanceMargin": "0",
                          "totalMaintenanceMarginByMp": "0",
                          "coin": coins}]}

    def usd_price(self, asset):
        for s, (b, q) in self.x.candles.assets.items():
            if b == asset and q in ("USDT", "USDC"):
                return self.x.markets["spot"].mark(s)
        return D(0)

    def positions(self, req, p):
        """position/position.mdx: "If symbol passed, it returns data
        regardless of having position or not"; with settleCoin, sizes
        above zero."""
        m = self.market(req, p)
        if m.kind != "futures":
            raise Fail(10001, "Illegal category")
        if p.get("symbol"):
            syms = [p["symbol"]] if p["symbol"] in m.rules else []
        elif p.get("settleCoin"):
            syms = [s for s in sorted(m.pos) if m.pos[s]["amt"] != 0 and
                    self.x.candles.assets[s][1] == p["settleCoin"]]
        else:
            raise Fail(10001, "Missing some parameters that must filled "
                       "in, symbol or settleCoin")
        out = []
        for s in syms:
            pos = m.position(s)
            amt, mark = pos["amt"], m.mark(s)
            lev = m.leverage.get(s, m.default_leverage)
            size = abs(amt)
            out.append({"positionIdx": 0, "riskId": 1,
                        "riskLimitValue": "2000000", "symbol": s,
                        "side": "" if amt == 0 else
                        ("Buy" if amt > 0 else "Sell"),
                        "size": plain(size), "avgPrice": plain(pos["entry"]),
                        "positionValue": plain(size * pos["entry"]),
                        "tradeMode": 0, "positionStatus": "Normal",
                        "autoAddMargin": 0, "adlRankIndicator": 2 if amt
                        else 0, "leverage": str(lev),
                        "breakEvenPrice": plain(pos["entry"]),
                        "positionBalance": plain(pos["margin"]),
                        "markPrice": plain(mark),
                        "liqPrice": plain(m.liquidation(s)) if amt else "",
                        "bustPrice": "", "positionMM": "0",
                        "positionMMByMp": "0",
                        "positionIM": plain(pos["margin"]),
                        "positionIMByMp": plain(pos["margin"]),
                        "tpslMode": "Full", "takeProfit": "0",
                        "stopLoss": "0", "trailingStop": "0",
                        "unrealisedPnl": plain(amt * (mark - pos["entry"])),
                        "curRealisedPnl": plain(pos["realized"]),
                        "cumRealisedPnl": plain(pos["realized"]),
                        "seq": pos["update_time"], "isReduceOnly": False,
                        "mmrSysUpdateTime": "",
                        "leverageSysUpdatedTime": "",
                        "sessionAvgPrice": "",
                        "createdTime": str(pos["time"]),
                        "updatedTime": str(pos["update_time"])})
        lim = min(int(p.get("limit", 20)), 200)
        return {"list": out[:lim], "nextPageCursor": "",
                "category": p["category"]}

    def set_leverage(self, req, p):
        """position/leverage.mdx; error.mdx 110043 "Set leverage has not
        been modified." when it is already so."""
        m = self.market(req, p)
        if m.kind != "futures":
            raise Fail(10001, "Illegal category")
        sym = p["symbol"]
        if sym not in m.rules:
            raise Fail(10001, "params error: symbol invalid")
        if not isinstance(p["buyLeverage"], str) or \
                not isinstance(p["sellLeverage"], str):
            raise Fail(10001, "Request parameter error")
        buy, sell = D(p["buyLeverage"]), D(p["sellLeverage"])
        if buy != sell:
            raise Fail(10001, "buy leverage must be equal to sell leverage "
                       "in one-way mode")
        if not 1 <= buy <= 100:
            raise Fail(10001, "leverage invalid")
        if D(m.leverage.get(sym, m.default_leverage)) == buy:
            raise Fail(110043, "Set leverage has not been modified.")
        m.leverage[sym] = int(buy) if buy == int(buy) else buy
        return {}


if __name__ == "__main__":
    fakex.main("fake_bybit.py", make_markets, Bybit)
