#!/usr/bin/python3
"""A fake OpenAI-compatible chat-completions server on 127.0.0.1 for the
tp-predict LLM tests.

    fake_llm.py PORTFILE SCRIPT

POST /v1/chat/completions (any prefix before /chat/completions) answers in
the wire format of OpenAI's Chat Completions API (platform.openai.com,
API reference, "The chat completion object"), which OpenRouter, Ollama and
llama.cpp's server also speak: {"id", "object": "chat.completion",
"model", "choices": [{"index": 0, "message": {"role": "assistant",
"content": ...}, "finish_reason": "stop"}], "usage": {"prompt_tokens",
"completion_tokens", "total_tokens"}}.

SCRIPT is a JSON file: {"MODEL": [STEP, ...], ...}, MODEL the request's
"model" ("*" for any other).  Each request of a model uses up its next
STEP; the last one is used again when they run out.  A STEP:
  {"content": "..."}       the assistant's text, as given
  {"answer": ["BUY", 0.7]} the content {"decision": "BUY", "confidence":
                           0.7, "reasoning": "..."} (a third item:
                           sentiment)
  {"auto": "momentum"}     BUY 0.7 when the table's last close is above
                           the close 5 rows before, else SELL 0.7
  {"status": 429, "retry_after": 0}   an HTTP status with an error body
                           ("echo_auth": true: its message quotes the
                           Authorization header, as a careless API does)
  {"delay": S}             wait S seconds first (with any of the above)
  {"raw": "..."}           this body as it is, status 200
  {"usage": [P, C]}        the token counts (default from the lengths)
With FAKE_LLM_KEY set, a request without "Authorization: Bearer KEY"
gets 401 and OpenAI's error shape.  Each request is logged as one JSON
line to PORTFILE.log: {"t" (its arrival, Unix seconds), "path", "headers",
"body"}.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTFILE, SCRIPT = sys.argv[1], sys.argv[2]
script = json.load(open(SCRIPT))
used = {}
lock = threading.Lock()
KEY = os.environ.get("FAKE_LLM_KEY")


def step_for(model):
    with lock:
        steps = script.get(model, script.get("*", [{"answer": ["HOLD", 0.5]}]))
        i = used.get(model, 0)
        used[model] = i + 1
        return steps[min(i, len(steps) - 1)]


def momentum(body):
    user = [m["content"] for m in body["messages"] if m["role"] == "user"][0]
    rows = [l.split(",") for l in user.split("\n")
            if len(l) > 16 and l[:2] == "20" and l.count(",") >= 5]
    closes = [float(r[4]) for r in rows]
    if len(closes) > 5 and closes[-1] > closes[-6]:
        return "BUY", 0.7
    return "SELL", 0.7


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # one write an answer, sent at once (headers and body apart wait for
    # the client's delayed ACK: 40 ms a request)
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def send(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(n)
        try:
            body = json.loads(raw)
        except ValueError:
            body = {"unparsed": raw.decode(errors="replace")}
        with lock:
            with open(PORTFILE + ".log", "a") as f:
                f.write(json.dumps({"t": time.time(), "path": self.path,
                                    "headers": dict(self.headers),
                                    "body": body}) + "\n")
        if not self.path.endswith("/chat/completions"):
            return self.send(404, '{"error":{"message":"no such path"}}')
        if KEY is not None and \
                self.headers.get("Authorization") != "Bearer " + KEY:
            return self.send(401, json.dumps({"error": {
                "message": "Incorrect API key provided.",
                "type": "invalid_request_error", "code": "invalid_api_key"}}))
        model = body.get("model", "")
        st = step_for(model)
        if "delay" in st:
            time.sleep(st["delay"])
        if "raw" in st:
            return self.send(200, st["raw"])
        if "status" in st and st["status"] != 200:
            h = [("Retry-After", str(st["retry_after"]))] \
                if "retry_after" in st else []
            msg = "scripted status %d" % st["status"]
            if st.get("echo_auth"):
                msg = "bad key: %s" % self.headers.get("Authorization")
            return self.send(st["status"], json.dumps({"error": {
                "message": msg, "code": st["status"]}}), h)
        if "content" in st:
            content = st["content"]
        else:
            if "auto" in st:
                dec, conf = momentum(body)
                extra = []
            else:
                dec, conf, *extra = st["answer"]
            ans = {"decision": dec, "confidence": conf,
                   "reasoning": "scripted %s for %s" % (dec, model)}
            if extra:
                ans["sentiment"] = extra[0]
            content = json.dumps(ans)
        prompt = sum(len(m.get("content", "")) for m in body.get("messages", []))
        p, c = st.get("usage", [prompt // 4, len(content) // 4])
        self.send(200, json.dumps({
            "id": "chatcmpl-fake", "object": "chat.completion",
            "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant",
                                                 "content": content},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": p, "completion_tokens": c,
                      "total_tokens": p + c}}))


srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
