#!/usr/bin/python3
"""Stands between pair and a real llama-server so that a random-weight model "answers" what a test
chooses, while llama-server's own chat parser still reads the answer.

A random-weight model writes noise, so this proxy appends the answer the test wants as a final
assistant message (llama-server continues it: the prefilled text becomes the start of the answer,
and the server's parser reads it as if the model had written it) and biases the end-of-generation
token so the model adds nothing. Everything else pair sends is kept, so the server sees pair's own
request fields (tools, parallel_tool_calls, reasoning_content of earlier turns).

  prefill_proxy.py --upstream http://127.0.0.1:PORT --answers answers.json --log requests.jsonl \\
                   --port-file port [--parallel keep|drop|false]

answers.json: a list of assistant messages ({"content": ..., "reasoning_content": ...}), one per chat
request in order; the last one repeats. --parallel: pass pair's parallel_tool_calls on (keep), remove
it (drop: the server falls back to what it detects in the template), or force it false.
Each chat request is logged as the scripted server logs it (tests/support/request_log.py reads it),
with "prompt": llama-server's rendering of pair's request (/apply-template) before the prefill.
"""

import argparse
import json
import os
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", required=True)
    p.add_argument("--answers", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--parallel", choices=["keep", "drop", "false"], default="keep")
    p.add_argument("--end-text", default="<|im_end|>", help="the end-of-generation token, as text")
    return p.parse_args()


ARGS = parse_args()
ANSWERS = json.load(open(ARGS.answers, encoding="utf-8"))
LOCK = threading.Lock()
STATE = {"chat_requests": 0, "end_ids": None}


def upstream(path, body=None, method="GET"):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ARGS.upstream + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=120)


def end_ids():
    if STATE["end_ids"] is None:
        with upstream("/tokenize", {"content": ARGS.end_text, "parse_special": True}, "POST") as r:
            STATE["end_ids"] = json.load(r)["tokens"]
    return STATE["end_ids"]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def relay(self, resp):
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        while True:
            chunk = resp.read1(65536)
            if not chunk:
                break
            self.wfile.write(chunk)
            self.wfile.flush()

    def forward(self, method, body=None):
        try:
            with upstream(self.path, body, method) as resp:
                self.relay(resp)
        except urllib.error.HTTPError as e:
            self.relay(e)

    def do_GET(self):
        self.forward("GET")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        body = json.loads(raw) if raw else None
        if not self.path.endswith("/chat/completions"):
            self.forward("POST", body)
            return
        try:
            with upstream("/apply-template", body, "POST") as r:
                prompt = json.load(r)["prompt"]
        except urllib.error.HTTPError as e:
            prompt = "apply-template failed: " + e.read().decode("utf-8", "replace")
        with LOCK:
            index = STATE["chat_requests"]
            STATE["chat_requests"] += 1
            with open(ARGS.log, "a", encoding="utf-8") as f:
                f.write(json.dumps({"method": "POST", "path": self.path, "body": raw, "json": body,
                                    "prompt": prompt}) + "\n")
        sent = dict(body)
        if ARGS.parallel == "drop":
            sent.pop("parallel_tool_calls", None)
        elif ARGS.parallel == "false":
            sent["parallel_tool_calls"] = False
        answer = ANSWERS[min(index, len(ANSWERS) - 1)]
        sent["messages"] = list(body["messages"]) + [dict(answer, role="assistant")]
        sent["logit_bias"] = {str(t): 100 for t in end_ids()}
        self.forward("POST", sent)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(ARGS.port_file + ".tmp", ARGS.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
