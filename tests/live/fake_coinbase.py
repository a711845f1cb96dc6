#!/usr/bin/python3
"""A fake Coinbase Advanced Trade (spot) on 127.0.0.1, for the tests of
tp-exec --live (issue 27).

    fake_coinbase.py --port-file F --candles FILE.ndjson
                     [--balance USDT=10000]... [--log F] [--rules JSON]

The model (candles, clocks, orders, fills, misbehaviours, the /_fake/
control endpoints) is tests/live/fakex.py; this file is Coinbase's
dialect.  Sources: the Advanced Trade API reference,
docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/
(public/get-server-time, products/get-product, orders/create-order,
orders/cancel-order, orders/list-orders, orders/list-fills,
accounts/list-accounts) and the official SDK
coinbase/coinbase-advanced-py@54fb8ed3 (jwt_generator.py, rest/orders.py,
rest/types/orders_types.py).

Every request but the clock's must carry "Authorization: Bearer <JWT>"
(jwt_generator.py build_jwt): header {"alg": "EdDSA", "kid": the key
name, "nonce", "typ": "JWT"}, claims {"sub": the key name, "iss": "cdp",
"nbf", "exp" (at most nbf + 120), "uri": "METHOD host/path"}, signed
with the Ed25519 test key (fakex.ED25519_PUB, checked through openssl as
fakex.ed25519_verify does); anything else is HTTP 401 "Unauthorized".

Spot only; fees 0.1% taker (live-api.md "The fakes"), in the quote
currency as Coinbase takes them (list-fills' commission).  A stop is a
stop_limit_stop_limit_gtc: triggered as fakex triggers stops, it fills
at the stop (or the open past it) when that is within its limit, else
it waits as a limit order at its limit.

Misbehaviours beyond fakex's: "no_total_fees": true leaves total_fees
out of orders (tp then asks list-fills); "order_status": [S, N] answers
the next N order placements with HTTP status S, not placing them; "status": [429, N] answers 429
{"error": "RESOURCE_EXHAUSTED", ...} (errors.json: "HTTP 429 when
exceeded", no limit headers documented).  Error messages are the fake's
own wording; the codes and field names are the docs'.
"""
import base64
import json
import os
import sys
from datetime import datetime, timezone

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakex  # noqa: E402
from fakex import ZERO, D, Answer, Market, Refused, plain  # noqa: E402
from urllib.parse import parse_qs  # noqa: E402

# The test CDP key: a name shaped as the portal's
# ("organizations/{org_id}/apiKeys/{key_id}"), and fakex's Ed25519 key
KEY_NAME = "organizations/tp-test-org/apiKeys/tp-test-key"
FEE = "0.001"
PREFIX = "/api/v3/brokerage"
STATUS = {"NEW": "OPEN", "PARTIALLY_FILLED": "OPEN", "FILLED": "FILLED",
          "CANCELED": "CANCELLED", "EXPIRED": "CANCELLED",
          "REJECTED": "FAILED"}


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def b64url_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def pid_of(sym, x):
    base, quote = x.candles.assets[sym]
    return "%s-%s" % (base, quote)


def uuid_of(n):
    """An order id shaped as Coinbase's (a UUID)."""
    return "11111111-2222-4333-8444-%012d" % n


class Spot(Market):
    """fakex's spot market with Coinbase's fee in the quote currency and
    stop-limit orders."""

    def fill(self, o, qty, price, t):
        super().fill(o, qty, price, t)
        if o["side"] != "BUY":
            return
        # fakex takes a buy's fee in the base coin: Coinbase takes it in
        # the quote currency, over the cost
        tr = o["fills"][-1]
        base, quote = self.x.candles.assets[o["symbol"]]
        fee = qty * price * self.fee
        self.coin(base)["free"] += tr["fee"]
        self.coin(quote)["free"] -= fee
        o["fee"] += fee - tr["fee"]
        tr["fee"], tr["fee_asset"] = fee, quote
        o["fee_asset"] = quote

    def pass_candle(self, symbol, k):
        """A triggered stop-limit whose price is past its limit rests as
        a limit order at its limit."""
        t, o_, h, l, c = k
        for o in list(self.open_orders(symbol)):
            if o["type"] != "STOP" or o["time"] >= t + self.x.candles.tf:
                continue
            s, lim = o["stop"], o.get("limit")
            if o["trigger_dir"] == 2:
                px = o_ if o_ <= s else (s if l <= s else None)
                beyond = px is not None and lim is not None and px < lim
            else:
                px = o_ if o_ >= s else (s if h >= s else None)
                beyond = px is not None and lim is not None and px > lim
            if beyond:
                o["type"], o["price"] = "LIMIT", lim
                o["triggered"], o["trigger_time"] = True, t
        return super().pass_candle(symbol, k)


def make_markets(x, bal, args):
    syms = list(x.candles.by)
    return {"spot": Spot(x, "spot", FEE, bal,
                         fakex.default_rules(syms, "spot", args))}


class Fail(Exception):
    """A request refused with HTTP STATUS and the error body of
    grpc.gateway.runtime.Error (errors.json)."""

    def __init__(self, status, error, msg):
        super().__init__(msg)
        self.status, self.error, self.msg = status, error, msg


class Coinbase:
    def __init__(self, x):
        self.x = x

    def status_answer(self, status, req):
        req.code = status
        if status == 429:
            return Answer(429, {"error": "RESOURCE_EXHAUSTED", "code": 8,
                                "message": "Too many requests",
                                "details": []})
        text = {403: "Forbidden", 418: "I'm a teapot",
                500: "Internal Server Error", 502: "Bad Gateway",
                503: "Service Unavailable"}
        return Answer(status, text.get(status, "Error"), ctype="text/plain")

    # ---- the JWT

    def check_jwt(self, req):
        """jwt_generator.py build_jwt, verified: an unsigned or wrongly
        signed request is 401."""
        req.signed = False
        h = req.headers.get("Authorization", "")
        if not h.startswith("Bearer "):
            raise Fail(401, "", "Unauthorized")
        tok = h[7:].strip()
        parts = tok.split(".")
        if len(parts) != 3:
            raise Fail(401, "", "Unauthorized")
        try:
            head = json.loads(b64url_dec(parts[0]))
            claims = json.loads(b64url_dec(parts[1]))
            sig = b64url_dec(parts[2])
        except (ValueError, TypeError):
            raise Fail(401, "", "Unauthorized")
        if not fakex.ed25519_verify((parts[0] + "." + parts[1]).encode(),
                                    base64.b64encode(sig).decode()):
            raise Fail(401, "", "Unauthorized")
        req.signed = True
        now = self.x.server_time() // 1000
        uri = "%s %s%s" % (req.method, req.headers.get("Host", ""),
                           req.path)
        ok = (head.get("alg") == "EdDSA" and head.get("kid") == KEY_NAME
              and head.get("typ") == "JWT" and head.get("nonce") and
              claims.get("sub") == KEY_NAME and claims.get("iss") == "cdp"
              and claims.get("uri") == uri and
              isinstance(claims.get("nbf"), int) and
              isinstance(claims.get("exp"), int) and
              claims["exp"] - claims["nbf"] <= 120 and
              claims["nbf"] <= now + 5 and now < claims["exp"])
        if not ok:
            raise Fail(401, "", "Unauthorized")

    # ---- routing

    def route(self, req):
        x = self.x
        path = req.path
        routes = {("GET", PREFIX + "/time"): self.time,
                  ("POST", PREFIX + "/orders"): self.create,
                  ("POST", PREFIX + "/orders/batch_cancel"): self.cancel,
                  ("GET", PREFIX + "/orders/historical/batch"): self.orders,
                  ("GET", PREFIX + "/orders/historical/fills"): self.fills,
                  ("GET", PREFIX + "/accounts"): self.accounts}
        h = routes.get((req.method, path))
        if h is None and req.method == "GET" and \
                path.startswith(PREFIX + "/products/"):
            h = self.product
        if h is None:
            req.code = 404
            return Answer(404, {"error": "NOT_FOUND", "code": 5,
                                "message": "Not Found", "details": []})
        if h == self.create:
            st = x.take("order_status")
            if st is not None:
                req.placement = True
                return self.status_answer(int(st), req)
        try:
            # get-server-time is public: a token, when sent, is checked
            if h != self.time or "Authorization" in req.headers:
                self.check_jwt(req)
            if req.method == "GET":
                p = parse_qs(req.query, keep_blank_values=True)
            else:
                try:
                    p = json.loads(req.body or b"{}")
                except ValueError:
                    raise Fail(400, "INVALID_ARGUMENT", "invalid JSON")
                if not isinstance(p, dict):
                    raise Fail(400, "INVALID_ARGUMENT", "not an object")
            with x.lock:
                out = h(req, p)
            # an order not placed: no drop_answer for it (fakex)
            if isinstance(out, dict) and out.get("success") is False:
                req.code = 1
            return Answer(200, out)
        except Fail as e:
            req.code = e.status
            if e.status == 401:
                return Answer(401, "Unauthorized\n", ctype="text/plain")
            return Answer(e.status, {"error": e.error, "code": 3,
                                     "message": e.msg, "details": []})
        except (KeyError, ValueError, ArithmeticError, TypeError) as e:
            req.code = 400
            return Answer(400, {"error": "INVALID_ARGUMENT", "code": 3,
                                "message": "invalid request: %s" % e,
                                "details": []})

    def market(self):
        return self.x.markets["spot"]

    def sym_of(self, pid):
        """The model's symbol of a product id; Fail 404 when none."""
        s = fakex.norm_symbol(pid)
        if "-" not in pid or s not in self.market().rules or \
                pid_of(s, self.x) != pid:
            raise Fail(404, "NOT_FOUND", "ProductID is invalid")
        return s

    # ---- public and products

    def time(self, req, p):
        """get-server-time: iso, epochSeconds, epochMillis."""
        t = self.x.server_time()
        return {"iso": iso(t), "epochSeconds": str(t // 1000),
                "epochMillis": str(t)}

    def product(self, req, p):
        """get-product: the fields of a spot product."""
        pid = req.path[len(PREFIX + "/products/"):]
        m = self.market()
        s = self.sym_of(pid)
        r = m.rules[s]
        base, quote = self.x.candles.assets[s]
        return {"product_id": pid, "price": plain(m.mark(s)),
                "price_percentage_change_24h": "0",
                "volume_24h": "0", "volume_percentage_change_24h": "0",
                "base_increment": plain(r["step"]),
                "quote_increment": plain(r["tick"]),
                "quote_min_size": plain(m.min_notional(s)),
                "quote_max_size": "150000000",
                "base_min_size": plain(r["min_qty"]),
                "base_max_size": plain(r["max_qty"]),
                "base_name": base, "quote_name": quote, "watched": False,
                "is_disabled": False, "new": False, "status": "online",
                "cancel_only": False, "limit_only": False,
                "post_only": False, "trading_disabled": False,
                "auction_mode": False, "product_type": "SPOT",
                "quote_currency_id": quote, "base_currency_id": base,
                "fcm_trading_session_details": None,
                "mid_market_price": "", "alias": "", "alias_to": [],
                "base_display_symbol": base,
                "quote_display_symbol": quote, "view_only": False,
                "price_increment": plain(r["tick"]),
                "display_name": "%s-%s" % (base, quote),
                "product_venue": "CBE"}

    # ---- orders

    def create(self, req, p):
        """create-order: {success, success_response{order_id,
        product_id, side, client_order_id}, order_configuration}; a
        refusal is success false with error_response."""
        req.placement = True
        m = self.market()
        cid = p["client_order_id"]
        side = p["side"]
        if side not in ("BUY", "SELL"):
            raise Fail(400, "INVALID_ARGUMENT", "invalid side")
        conf = p["order_configuration"]
        try:
            s = self.sym_of(p["product_id"])
        except Fail:
            return self.failed(p, "INVALID_PRODUCT_ID", "Invalid product",
                               "PREVIEW_INVALID_PRODUCT_ID")
        if not isinstance(conf, dict) or len(conf) != 1:
            raise Fail(400, "INVALID_ARGUMENT", "one order_configuration")
        kind, c = next(iter(conf.items()))
        for k in ("base_size", "limit_price", "stop_price"):
            if k in c and not isinstance(c[k], str):
                raise Fail(400, "INVALID_ARGUMENT", "%s is a string" % k)
        # client_order_id: a second order by one id is not placed
        if m.find(s, cid) is not None:
            return self.failed(p, "UNKNOWN_FAILURE_REASON",
                               "duplicate client_order_id", "")
        try:
            if kind == "market_market_ioc" and "base_size" in c:
                o = m.place(s, side, "MARKET", D(c["base_size"]), cid=cid)
            elif kind == "limit_limit_gtc":
                o = m.place(s, side, "LIMIT", D(c["base_size"]),
                            D(c["limit_price"]), cid=cid)
            elif kind == "stop_limit_stop_limit_gtc":
                d = c["stop_direction"]
                if d not in ("STOP_DIRECTION_STOP_UP",
                             "STOP_DIRECTION_STOP_DOWN"):
                    raise Fail(400, "INVALID_ARGUMENT", "stop_direction")
                stop, lim = D(c["stop_price"]), D(c["limit_price"])
                if lim % m.rules[s]["tick"] != 0:
                    raise Refused("price")
                o = m.place(s, side, "STOP", D(c["base_size"]), None, stop,
                            cid=cid, trigger_dir=1 if d.endswith("UP")
                            else 2)
                o["limit"] = lim
                o["cb_kind"] = kind
            else:
                return self.failed(p, "UNSUPPORTED_ORDER_CONFIGURATION",
                                   "Unsupported order configuration", "")
        except Refused as e:
            return self.refused(p, e)
        o["conf"] = {kind: c}
        return {"success": True,
                "success_response": {"order_id": uuid_of(o["id"]),
                                     "product_id": p["product_id"],
                                     "side": side,
                                     "client_order_id": cid},
                "order_configuration": conf}

    def failed(self, p, error, msg, preview):
        """create-order's answer to an order not placed (HTTP 200)."""
        return {"success": False, "failure_reason": "UNKNOWN_FAILURE_REASON",
                "order_id": "",
                "error_response": {
                    "error": error, "message": msg, "error_details": "",
                    "preview_failure_reason":
                        preview or "UNKNOWN_PREVIEW_FAILURE_REASON",
                    "new_order_failure_reason": error},
                "order_configuration": p.get("order_configuration")}

    def refused(self, p, e):
        """fakex's refusals in create-order's failure reasons."""
        table = {
            "balance": ("INSUFFICIENT_FUND", "Insufficient balance in "
                        "source account", "PREVIEW_INSUFFICIENT_FUND"),
            "lot": ("INVALID_SIZE_PRECISION", "Invalid order size",
                    "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL"),
            "price": ("INVALID_PRICE_PRECISION", "Invalid price precision",
                      "PREVIEW_INVALID_PRICE_PRECISION"),
            "notional": ("UNKNOWN_FAILURE_REASON", "Order value is below "
                         "the minimum of " + e.msg,
                         "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL"),
            "symbol": ("INVALID_PRODUCT_ID", "Invalid product",
                       "PREVIEW_INVALID_PRODUCT_ID"),
        }
        err, msg, pre = table.get(e.why, ("UNKNOWN_FAILURE_REASON",
                                          e.msg or e.why, ""))
        return self.failed(p, err, msg, pre)

    def order_json(self, o):
        """list-orders' order object."""
        x = self.x
        m = self.market()
        kind = next(iter(o.get("conf", {"market_market_ioc": {}})))
        conf = o.get("conf") or {"market_market_ioc": {
            "base_size": plain(o["qty"])}}
        typ = {"MARKET": "MARKET", "LIMIT": "LIMIT", "STOP": "STOP_LIMIT"}
        if kind.startswith("stop_limit"):
            otype = "STOP_LIMIT"
            trig = "STOP_TRIGGERED" if o["triggered"] else "STOP_PENDING"
        else:
            otype = typ.get(o["type"], "MARKET")
            trig = "INVALID_ORDER_TYPE"
        ex = o["executed"]
        avg = o["cum_quote"] / ex if ex else ZERO
        fills = o["fills"]
        hold = ZERO
        if o["locked"]:
            hold = o["locked"][1]
        out = {"order_id": uuid_of(o["id"]),
               "product_id": pid_of(o["symbol"], x),
               "user_id": "2222-000000-000000",
               "order_configuration": conf, "side": o["side"],
               "client_order_id": o["cid"],
               "status": STATUS.get(o["status"], "OPEN"),
               "time_in_force": "IMMEDIATE_OR_CANCEL"
               if kind.startswith("market") else "GOOD_UNTIL_CANCELLED",
               "created_time": iso(o["time"]),
               "completion_percentage": plain(ex * 100 / o["qty"]),
               "filled_size": plain(ex),
               "average_filled_price": plain(avg), "fee": "",
               "number_of_fills": str(len(fills)),
               "filled_value": plain(o["cum_quote"]),
               "pending_cancel": False, "size_in_quote": False,
               "total_fees": plain(o["fee"]),
               "size_inclusive_of_fees": False,
               "total_value_after_fees": plain(
                   o["cum_quote"] + o["fee"] if o["side"] == "BUY"
                   else o["cum_quote"] - o["fee"]),
               "trigger_status": trig, "order_type": otype,
               "reject_reason": "", "settled": o["status"] not in
               fakex.OPEN, "product_type": "SPOT",
               "reject_message": "", "cancel_message": "",
               "order_placement_source": "RETAIL_ADVANCED",
               "outstanding_hold_amount": plain(hold),
               "is_liquidation": False,
               "last_fill_time": iso(fills[-1]["time"]) if fills else None,
               "edit_history": [], "leverage": "", "margin_type": "",
               "retail_portfolio_id": ""}
        if x.misbehave.get("no_total_fees"):
            del out["total_fees"]
        del m
        return out

    def page(self, items, p, default=100):
        """A page of items from the cursor (an offset, as a string)."""
        lim = int(p.get("limit", [str(default)])[0] or default)
        start = int(p.get("cursor", ["0"])[0] or 0)
        chunk = items[start:start + lim]
        more = start + lim < len(items)
        return chunk, more, str(start + lim) if more else ""

    def orders(self, req, p):
        """list-orders: product_ids, order_status (OPEN), limit,
        cursor; newest first; {orders, sequence, has_next, cursor}."""
        m = self.market()
        pids = p.get("product_ids", [])
        st = p.get("order_status", [])
        out = []
        for o in reversed(m.orders):
            if pids and pid_of(o["symbol"], self.x) not in pids:
                continue
            if st and STATUS.get(o["status"], "OPEN") not in st:
                continue
            if p.get("order_ids") and uuid_of(o["id"]) not in \
                    p["order_ids"]:
                continue
            out.append(o)
        chunk, more, cur = self.page(out, p)
        return {"orders": [self.order_json(o) for o in chunk],
                "sequence": "0", "has_next": more, "cursor": cur}

    def fills(self, req, p):
        """list-fills: order_ids, product_ids, limit, cursor;
        {fills, cursor}."""
        m = self.market()
        ids = p.get("order_ids", [])
        out = []
        for o in reversed(m.orders):
            if ids and uuid_of(o["id"]) not in ids:
                continue
            for tr in reversed(o["fills"]):
                out.append((o, tr))
        chunk, more, cur = self.page(out, p)
        return {"fills": [{
            "entry_id": "e%d" % tr["id"], "trade_id": str(tr["id"]),
            "order_id": uuid_of(o["id"]), "trade_time": iso(tr["time"]),
            "trade_type": "FILL", "price": plain(tr["price"]),
            "size": plain(tr["qty"]), "commission": plain(tr["fee"]),
            "product_id": pid_of(o["symbol"], self.x),
            "sequence_timestamp": iso(tr["time"]),
            "liquidity_indicator": "TAKER", "size_in_quote": False,
            "user_id": "2222-000000-000000", "side": o["side"],
            "retail_portfolio_id": ""} for o, tr in chunk],
            "cursor": cur}

    def cancel(self, req, p):
        """cancel-order: {order_ids} -> {results: [{success,
        failure_reason, order_id}]}."""
        m = self.market()
        out = []
        for oid in p["order_ids"]:
            o = next((o for o in m.orders if uuid_of(o["id"]) == oid),
                     None)
            if o is None or o["status"] not in fakex.OPEN:
                out.append({"success": False,
                            "failure_reason": "UNKNOWN_CANCEL_ORDER",
                            "order_id": oid})
                continue
            m.cancel(o["symbol"], oid=o["id"])
            out.append({"success": True,
                        "failure_reason": "UNKNOWN_CANCEL_FAILURE_REASON",
                        "order_id": oid})
        return {"results": out}

    def accounts(self, req, p):
        """list-accounts: limit (max 250), cursor; {accounts, has_next,
        cursor, size}."""
        m = self.market()
        accts = []
        for a, b in sorted(m.bal.items()):
            accts.append({
                "uuid": "8bfc20d7-f7c6-4422-bf07-8243ca4169fe",
                "name": "%s Wallet" % a, "currency": a,
                "available_balance": {"value": plain(b["free"]),
                                      "currency": a},
                "default": False, "active": True,
                "created_at": "2021-05-31T09:59:59.000Z",
                "updated_at": "2021-05-31T09:59:59.000Z",
                "deleted_at": None, "type": "ACCOUNT_TYPE_CRYPTO",
                "ready": True,
                "hold": {"value": plain(b["locked"]), "currency": a},
                "retail_portfolio_id": ""})
        chunk, more, cur = self.page(accts, p, 49)
        return {"accounts": chunk, "has_next": more, "cursor": cur,
                "size": len(chunk)}


if __name__ == "__main__":
    sys.exit(fakex.main("fake_coinbase.py", make_markets, Coinbase))
