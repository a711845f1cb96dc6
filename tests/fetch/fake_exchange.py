#!/usr/bin/python3
"""A fake Binance spot API on 127.0.0.1 for tp-fetch's tests.

    fake_exchange.py CANDLES.csv PORTFILE [MISBEHAVIOUR...]

Serves GET /api/v3/klines from CANDLES.csv (a tp CSV: time,open,high,
low,close,volume) in Binance's documented wire format: rows of 12, prices
and volumes as strings, times as numbers, oldest first, at most `limit`
(default 500, at most 1000) from `startTime` on (binance-spot-api-docs
rest-api.md, "Kline/Candlestick data"; tests/fetch/README names the
fixtures the shapes were checked against).  An unknown symbol gets the
documented error body {"code": -1121, "msg": "Invalid symbol."} with 400.

Each MISBEHAVIOUR is used up by one klines request, in order:
  429:S   429 with Retry-After: S        418:S  418 (banned) likewise
  500     an internal error              trunc  a 200 body cut short
  empty   an empty page                  dup    the page starts 3 rows early
  stall:S wait S seconds, then answer    always500  500 from now on
The port it listens on is written to PORTFILE; every request is logged
to PORTFILE.log as one line.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

rows = []
with open(sys.argv[1]) as f:
    next(f)
    for line in f:
        t, o, h, l, c, v = line.rstrip("\n").split(",")[:6]
        rows.append((int(t), o, h, l, c, v))
plan = list(sys.argv[3:])
log = open(sys.argv[2] + ".log", "a", buffering=1)


def kline(r, tf):
    t, o, h, l, c, v = r
    return [t, o, h, l, c, v, t + tf - 1, "0", 1, "0", "0", "0"]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-MBX-USED-WEIGHT-1M", "2")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        u = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        log.write(self.path + "\n")
        if u.path != "/api/v3/klines":
            return self.send(404, '{"code":-1,"msg":"no such endpoint"}')
        if q.get("symbol") != "BTCUSDT":
            return self.send(400, '{"code":-1121,"msg":"Invalid symbol."}')
        act = plan.pop(0) if plan else ""
        if act == "always500":
            plan.insert(0, act)
        name, _, arg = act.partition(":")
        if name in ("429", "418"):
            return self.send(int(name), '{"code":-1003,"msg":"Too many requests."}',
                             [("Retry-After", arg or "1")])
        if name in ("500", "always500"):
            return self.send(500, '{"code":-1000,"msg":"An unknown error occurred."}')
        if name == "stall":
            time.sleep(float(arg))
        tf = 60000
        start = int(q.get("startTime", "0"))
        limit = min(int(q.get("limit", "500")), 1000)
        page = [kline(r, tf) for r in rows if r[0] >= start][:limit]
        if name == "dup":
            first = next((i for i, r in enumerate(rows) if r[0] >= start), len(rows))
            page = [kline(r, tf) for r in rows[max(first - 3, 0):]][:limit]
        if name == "empty":
            page = []
        body = json.dumps(page, separators=(",", ":"))
        if name == "trunc":
            body = body[: len(body) // 2]
        self.send(200, body)


srv = HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
