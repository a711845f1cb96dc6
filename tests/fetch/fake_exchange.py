#!/usr/bin/python3
"""Fake Binance, Kraken, Bybit and Coinbase APIs on 127.0.0.1 for tp-fetch.

    fake_exchange.py CANDLES PORTFILE [MISBEHAVIOUR...]

CANDLES is a tp CSV (time,open,high,low,close,volume) of one-minute
candles, or "live:TF" for candles of TF seconds made up on the spot for
every slot up to now, the one still open included (for --follow).  The
one server answers each exchange's public candle endpoint in that
exchange's documented wire format (tests/fetch/README names the docs and
fixtures each shape was checked against):

  Binance  GET /api/v3/klines            rows of 12, oldest first, prices
           as strings, startTime/endTime inclusive, limit <= 1000
  Kraken   GET /0/public/OHLC            only the latest 720 committed
           rows and the open one after them (721, as in the capture),
           since exclusive, rows of 8 with time in s, keyed by Kraken's
           pair name (XBTUSD -> XXBTZUSD) beside `last`
  Bybit    GET /v5/market/kline          category=spot required here,
           rows of 7 strings newest first, start/end inclusive
  Coinbase GET /api/v3/brokerage/market/products/ID/candles  start and
           end in s required, end exclusive here, fewer than 300 slots,
           objects of strings newest first

markets and best-price endpoints answer with the recorded bodies in
tests/fetch/*.json.  Unknown symbols get each exchange's documented error.

Each MISBEHAVIOUR is used up by one candle request, in order (a "trunc"
also by a markets or best-price request):
  429:S   429 with Retry-After: S        418:S  418 (banned) likewise
  500     an internal error              trunc  a 200 body cut short
  empty   an empty page                  dup    the page starts 3 rows early
  stall:S wait S seconds, then answer    always500  500 from now on
  busy    the exchange's own "slow down" in a 200 body (Kraken, Bybit)
  html    a captive portal's login page, HTML with status 200
  alwayshtml  that page from now on
  403     Bybit's IP limit               shuffle the page's rows in a
                                         random order
  weight:N  a normal answer saying Binance's X-MBX-USED-WEIGHT-1M is N
  pad:N   the answer followed by N MiB of blanks (still JSON)
  gzpad:N the same, sent gzip-compressed (Content-Encoding: gzip): a
          small answer that swells when read
  redirect  302 to http://portal.example/login?next=1
  evil    Binance's refusal, its message full of control characters
  (an empty word: answer normally; pad and gzpad are also used up by a
  markets or best-price request)
The port is written to PORTFILE; each request is logged to PORTFILE.log.
FAKE_SKEW=S in the environment sets the fake's clock S seconds behind
the real one (its live candles and its Date headers), as an exchange's
clock is behind a client's that runs ahead.
"""
import bisect
import gzip
import json
import os
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
SKEW = float(os.environ.get("FAKE_SKEW", "0"))


def clock():
    return time.time() - SKEW

LIVE = sys.argv[1].startswith("live:")
TF = int(sys.argv[1][5:]) * 1000 if LIVE else 60000
rows = []
if not LIVE:
    with open(sys.argv[1]) as f:
        next(f)
        for line in f:
            t, o, h, l, c, v = line.rstrip("\n").split(",")[:6]
            rows.append((int(t), o, h, l, c, v))
times = [r[0] for r in rows]
plan = list(sys.argv[3:])
log = open(sys.argv[2] + ".log", "a", buffering=1)
cache = {}
PORTAL = ("<!DOCTYPE html>\n<html><head><title>Guest Wi-Fi</title></head>\n"
          "<body><form action=\"/login\">Accept the terms to go on"
          "</form></body></html>\n")


def live_row(t):
    p = 100 + (t // TF) % 50
    return (t, str(p), str(p + 2), str(p - 1), str(p + 1), "1.5")


def between(lo, hi):
    """The rows opening from lo to hi, both inclusive, oldest first."""
    if LIVE:
        now = int(clock() * 1000)
        hi = min(hi, now // TF * TF)
        lo = max(lo, hi - 5000 * TF)
        return [live_row(t) for t in range((lo + TF - 1) // TF * TF, hi + 1, TF)]
    return rows[bisect.bisect_left(times, lo):bisect.bisect_right(times, hi)]


def latest(n):
    if LIVE:
        return between(0, 1 << 62)[-n:]
    return rows[-n:]


def fixture(name):
    """A recorded body; a "trunc" next in the plan cuts it short, a "pad"
    or "gzpad" pads it."""
    with open(os.path.join(HERE, name)) as f:
        body = f.read()
    if plan and plan[0] == "trunc":
        plan.pop(0)
        body = body[: len(body) // 2]
    if plan and plan[0].partition(":")[0] in ("pad", "gzpad"):
        pending_pad.append(plan.pop(0))
    return body


pending_pad = []


def padded(body, act):
    """body and N MiB of blanks after it, gzipped for gzpad:N."""
    name, _, arg = act.partition(":")
    data = (body.encode() if isinstance(body, str) else body) + \
        b" " * (int(arg) << 20)
    if name == "gzpad":
        return gzip.compress(data, 6), [("Content-Encoding", "gzip")]
    return data, []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def date_time_string(self, timestamp=None):
        return super().date_time_string(clock() if timestamp is None else timestamp)

    def send(self, status, body, headers=(), ctype="application/json"):
        data = body.encode() if isinstance(body, str) else body
        if pending_pad:
            data, more = padded(data, pending_pad.pop(0))
            headers = list(headers) + more
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        u = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        log.write(self.path + "\n")
        p = u.path
        if p == "/api/v3/exchangeInfo":
            return self.send(200, fixture("binance-exchangeinfo.json"))
        if p == "/api/v3/ticker/bookTicker":
            if q.get("symbol") != "BTCUSDT":
                return self.send(400, '{"code":-1121,"msg":"Invalid symbol."}')
            return self.send(200, fixture("binance-bookticker.json"))
        if p == "/0/public/AssetPairs":
            return self.send(200, fixture("kraken-assetpairs.json"))
        if p == "/0/public/Ticker":
            if q.get("pair") not in ("XBTUSDT", "XBTUSD"):
                return self.send(200, '{"error":["EQuery:Unknown asset pair"]}')
            return self.send(200, fixture("kraken-ticker.json"))
        if p == "/v5/market/instruments-info":
            return self.send(200, fixture("bybit-instruments.json"))
        if p == "/v5/market/tickers":
            if q.get("symbol") != "BTCUSDT":
                return self.send(200, '{"retCode":10001,"retMsg":"Not supported symbols","result":{},"retExtInfo":{},"time":1}')
            return self.send(200, fixture("bybit-tickers.json"))
        if p == "/api/v3/brokerage/market/products":
            return self.send(200, fixture("coinbase-products.json"))
        if p == "/api/v3/brokerage/market/product_book":
            if q.get("product_id") not in ("BTC-USDT", "BTC-USD"):
                return self.send(404, '{"error":"NOT_FOUND","code":5,"message":"product not found","details":[]}')
            return self.send(200, fixture("coinbase-book.json"))
        ex = {"/api/v3/klines": "binance", "/0/public/OHLC": "kraken",
              "/v5/market/kline": "bybit"}.get(p)
        if ex is None and p.startswith("/api/v3/brokerage/market/products/") \
                and p.endswith("/candles"):
            ex = "coinbase"
        if ex is None:
            return self.send(404, '{"code":-1,"msg":"no such endpoint"}')
        bad = self.wrong_symbol(ex, q, p)
        if bad is not None:
            return self.send(*bad)
        act = plan.pop(0) if plan else ""
        if act in ("always500", "alwayshtml"):
            plan.insert(0, act)
        name, _, arg = act.partition(":")
        if name in ("429", "418"):
            return self.send(int(name), '{"code":-1003,"msg":"Too many requests."}',
                             [("Retry-After", arg or "1")])
        if name in ("500", "always500"):
            return self.send(500, '{"code":-1000,"msg":"An unknown error occurred."}')
        if name in ("html", "alwayshtml"):
            return self.send(200, PORTAL, [], "text/html; charset=utf-8")
        if name == "403":
            return self.send(403, "access too frequent")
        if name == "redirect":
            return self.send(302, "", [("Location", "http://portal.example/login?next=1")],
                             "text/html")
        if name == "evil" and ex == "binance":
            # json.dumps writes these as \u001b, \n and \u009b
            return self.send(400, json.dumps({"code": -1121,
                             "msg": "Invalid\x1b[2J symbol.\n\x9b31m"}))
        if name in ("pad", "gzpad"):
            pending_pad.append(act)
        if name == "busy" and ex == "kraken":
            return self.send(200, '{"error":["EAPI:Rate limit exceeded"]}')
        if name == "busy" and ex == "bybit":
            return self.send(200, '{"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":1}',
                             [("X-Bapi-Limit-Status", "0"),
                              ("X-Bapi-Limit-Reset-Timestamp", str(int(time.time() * 1000) + 1000))])
        if name == "stall":
            time.sleep(float(arg))
        key = (self.path, name)
        body = cache.get(key) if not LIVE else None
        if body is None:
            body = getattr(self, ex)(q, name)
            if isinstance(body, tuple):
                return self.send(*body)
            if name not in ("shuffle",):
                cache[key] = body
        if name == "trunc":
            body = body[: len(body) // 2]
        weight = arg if name == "weight" else "2"
        headers = [("X-MBX-USED-WEIGHT-1M", weight)] if ex == "binance" else []
        self.send(200, body, headers)

    def wrong_symbol(self, ex, q, p):
        if ex == "binance" and q.get("symbol") != "BTCUSDT":
            return 400, '{"code":-1121,"msg":"Invalid symbol."}'
        if ex == "kraken" and q.get("pair") not in ("XBTUSDT", "XBTUSD"):
            return 200, '{"error":["EQuery:Unknown asset pair"]}'
        if ex == "bybit" and (q.get("symbol") != "BTCUSDT" or q.get("category") != "spot"):
            return 200, '{"retCode":10001,"retMsg":"Not supported symbols","result":{},"retExtInfo":{},"time":1}'
        if ex == "coinbase" and p.split("/")[-2] not in ("BTC-USDT", "BTC-USD"):
            return 404, '{"error":"NOT_FOUND","code":5,"message":"ProductID %s could not be found","details":[]}' % p.split("/")[-2]
        return None

    @staticmethod
    def misshape(page, name, step):
        """dup, empty, shuffle on a page of rows oldest first."""
        if name == "empty":
            return []
        if name == "dup" and page:
            first = page[0][0]
            page = between(first - 3 * step, first - step) + page
        if name == "shuffle":
            page = page[:]
            random.shuffle(page)
        return page

    def binance(self, q, name):
        start = int(q.get("startTime", "0"))
        end = int(q.get("endTime", str(1 << 62)))
        limit = min(int(q.get("limit", "500")), 1000)
        page = self.misshape(between(start, end)[:limit], name, TF)
        return json.dumps([[t, o, h, l, c, v, t + TF - 1, "0", 1, "0", "0", "0"]
                           for t, o, h, l, c, v in page], separators=(",", ":"))

    def kraken(self, q, name):
        if int(q.get("interval", "1")) * 60000 != TF:
            page = []
        else:
            # the capture: 721 rows, `last` the 720th
            page = latest(721)
        since = int(q.get("since", "0")) * 1000
        last = page[-2][0] // 1000 if len(page) > 1 else 0
        page = self.misshape([r for r in page if r[0] > since], name, TF)
        key = "XXBTZUSD" if q.get("pair") == "XBTUSD" else q.get("pair")
        out = [[t // 1000, o, h, l, c, o, v, 3] for t, o, h, l, c, v in page]
        return json.dumps({"error": [], "result": {key: out, "last": last}},
                          separators=(",", ":"))

    def bybit(self, q, name):
        start = int(q.get("start", "0"))
        end = int(q.get("end", str(1 << 62)))
        limit = min(int(q.get("limit", "200")), 1000)
        iv = q.get("interval")
        page = between(start, end) if iv.isdigit() and int(iv) * 60000 == TF else []
        page = self.misshape(page[-limit:], name, TF)
        if name != "shuffle":
            page = page[::-1]
        return json.dumps({"retCode": 0, "retMsg": "OK", "result": {
            "symbol": q["symbol"], "category": "spot",
            "list": [[str(t), o, h, l, c, v, "0"] for t, o, h, l, c, v in page]},
            "retExtInfo": {}, "time": int(time.time() * 1000)}, separators=(",", ":"))

    def coinbase(self, q, name):
        grans = {"ONE_MINUTE": 60, "FIVE_MINUTE": 300, "FIFTEEN_MINUTE": 900,
                 "THIRTY_MINUTE": 1800, "ONE_HOUR": 3600, "TWO_HOUR": 7200,
                 "FOUR_HOUR": 14400, "SIX_HOUR": 21600, "ONE_DAY": 86400}
        g = grans.get(q.get("granularity"))
        if g is None or "start" not in q or "end" not in q:
            return 400, json.dumps({"error": "INVALID_ARGUMENT", "code": 3,
                                    "message": "granularity argument is invalid", "details": []})
        start, end = int(q["start"]), int(q["end"])
        if (end - start) // g >= 300:
            return 400, json.dumps({"error": "INVALID_ARGUMENT", "code": 3, "message":
                                    "start and end argument is invalid - number of candles requested should be less than 300",
                                    "details": []})
        page = between(start * 1000, end * 1000 - 1) if g * 1000 == TF else []
        page = self.misshape(page, name, TF)
        if name != "shuffle":
            page = page[::-1]
        return json.dumps({"candles": [
            {"start": str(t // 1000), "low": l, "high": h, "open": o, "close": c, "volume": v}
            for t, o, h, l, c, v in page]}, separators=(",", ":"))


class Server(ThreadingHTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
