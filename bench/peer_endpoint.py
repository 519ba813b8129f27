#!/usr/bin/env python3
"""A recording model endpoint for the wire formats the scripted server does not speak:
Anthropic Messages (POST /v1/messages, for Claude Code), OpenAI Responses (POST /v1/responses,
for Codex CLI, whose custom providers only speak that API) and Google's Gemini API
(POST /v1beta/models/M:generateContent, :streamGenerateContent?alt=sse, :countTokens, for
Gemini CLI).

  peer_endpoint.py --script S.json --log REQUESTS.jsonl [--port-file F]

Every request is logged as one JSON line before it is answered, in the scripted server's format
({"seq", "time", "method", "path", "headers", "body", "json", "response_index"}; see
tests/support/README.md). The script is the scripted server's shape, with the keys this server
understands: {"responses": [ENTRY...], "standing": [{"body_contains": TEXT, "response": ENTRY}]}
where ENTRY is {"text": "...", "tool_calls": [{"name": N, "arguments": {...}}]}. Once the ordered
responses are used up, requests get {"text": "Done."}, so an agent always gets a plain answer and
finishes. Streamed (SSE) when the request says "stream": true, else one JSON object.
Python 3 standard library only; listens on 127.0.0.1.
"""

import argparse
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_ENTRY = {"text": "Done."}


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def estimate_tokens(text):
    return max(1, len(text) // 4)


class Script:
    def __init__(self, path):
        data = {}
        if path:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        if isinstance(data, list):
            data = {"responses": data}
        self.responses = data.get("responses", [])
        self.standing = data.get("standing", [])
        self.lock = threading.Lock()
        self.next = 0

    def take(self, raw):
        for n, rule in enumerate(self.standing):
            if rule.get("body_contains", "\0") in raw:
                return "standing:%d" % n, rule.get("response", {})
        with self.lock:
            if self.next >= len(self.responses):
                return "default", DEFAULT_ENTRY
            self.next += 1
            return self.next - 1, self.responses[self.next - 1]


def anthropic_events(entry, request, turn):
    """SSE events (name, payload) of a streamed Messages answer."""
    model = request.get("model", "model")
    prompt = estimate_tokens(json.dumps(request.get("messages", "")))
    events = [("message_start", {"type": "message_start", "message": {
        "id": "msg_%d" % turn, "type": "message", "role": "assistant", "model": model, "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": prompt, "output_tokens": 1, "cache_creation_input_tokens": 0,
                  "cache_read_input_tokens": 0}}})]
    index = 0
    if entry.get("text"):
        events.append(("content_block_start", {"type": "content_block_start", "index": index,
                                               "content_block": {"type": "text", "text": ""}}))
        events.append(("content_block_delta", {"type": "content_block_delta", "index": index,
                                               "delta": {"type": "text_delta", "text": entry["text"]}}))
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
        index += 1
    calls = entry.get("tool_calls") or []
    for n, call in enumerate(calls):
        events.append(("content_block_start", {"type": "content_block_start", "index": index, "content_block": {
            "type": "tool_use", "id": "toolu_%d_%d" % (turn, n), "name": call["name"], "input": {}}}))
        events.append(("content_block_delta", {"type": "content_block_delta", "index": index, "delta": {
            "type": "input_json_delta", "partial_json": dumps(call.get("arguments", {}))}}))
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
        index += 1
    events.append(("message_delta", {"type": "message_delta",
                                     "delta": {"stop_reason": "tool_use" if calls else "end_turn", "stop_sequence": None},
                                     "usage": {"output_tokens": estimate_tokens(entry.get("text", "x"))}}))
    events.append(("message_stop", {"type": "message_stop"}))
    return events


def anthropic_body(entry, request, turn):
    content = []
    if entry.get("text"):
        content.append({"type": "text", "text": entry["text"]})
    for n, call in enumerate(entry.get("tool_calls") or []):
        content.append({"type": "tool_use", "id": "toolu_%d_%d" % (turn, n), "name": call["name"],
                        "input": call.get("arguments", {})})
    return {"id": "msg_%d" % turn, "type": "message", "role": "assistant", "model": request.get("model", "model"),
            "content": content, "stop_reason": "tool_use" if entry.get("tool_calls") else "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": estimate_tokens(json.dumps(request)),
                                             "output_tokens": estimate_tokens(entry.get("text", "x"))}}


def responses_items(entry, turn):
    items = []
    if entry.get("text"):
        items.append({"type": "message", "id": "msg_%d" % turn, "role": "assistant", "status": "completed",
                      "content": [{"type": "output_text", "text": entry["text"], "annotations": []}]})
    for n, call in enumerate(entry.get("tool_calls") or []):
        items.append({"type": "function_call", "id": "fc_%d_%d" % (turn, n), "call_id": "call_%d_%d" % (turn, n),
                      "name": call["name"], "arguments": dumps(call.get("arguments", {})), "status": "completed"})
    return items


def responses_object(entry, request, turn, status):
    prompt = estimate_tokens(json.dumps(request.get("input", "")))
    out = responses_items(entry, turn) if status == "completed" else []
    return {"id": "resp_%d" % turn, "object": "response", "created_at": int(time.time()), "status": status,
            "model": request.get("model", "model"), "output": out,
            "usage": {"input_tokens": prompt, "input_tokens_details": {"cached_tokens": 0},
                      "output_tokens": 2, "output_tokens_details": {"reasoning_tokens": 0},
                      "total_tokens": prompt + 2}}


def responses_events(entry, request, turn):
    events = [("response.created", {"type": "response.created",
                                    "response": responses_object(entry, request, turn, "in_progress")})]
    for i, item in enumerate(responses_items(entry, turn)):
        empty = dict(item)
        if item["type"] == "message":
            empty["content"] = []
        else:
            empty["arguments"] = ""
        events.append(("response.output_item.added", {"type": "response.output_item.added", "output_index": i,
                                                      "item": empty}))
        if item["type"] == "message":
            events.append(("response.output_text.delta", {"type": "response.output_text.delta", "item_id": item["id"],
                                                          "output_index": i, "content_index": 0,
                                                          "delta": item["content"][0]["text"]}))
        else:
            events.append(("response.function_call_arguments.delta", {
                "type": "response.function_call_arguments.delta", "item_id": item["id"], "output_index": i,
                "delta": item["arguments"]}))
        events.append(("response.output_item.done", {"type": "response.output_item.done", "output_index": i,
                                                     "item": item}))
    events.append(("response.completed", {"type": "response.completed",
                                          "response": responses_object(entry, request, turn, "completed")}))
    return events


def gemini_response(entry, request):
    parts = []
    if entry.get("text"):
        parts.append({"text": entry["text"]})
    for call in entry.get("tool_calls") or []:
        parts.append({"functionCall": {"name": call["name"], "args": call.get("arguments", {})}})
    prompt = estimate_tokens(json.dumps(request.get("contents", "")))
    return {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
            "usageMetadata": {"promptTokenCount": prompt, "candidatesTokenCount": 2, "totalTokenCount": prompt + 2},
            "modelVersion": "test-model"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def record(self, raw, parsed, index):
        headers = {}
        for key, value in self.headers.items():
            headers[key] = headers[key] + ", " + value if key in headers else value
        self.server.log({"seq": self.server.next_seq(), "time": time.time(), "method": self.command,
                         "path": self.path, "headers": headers, "body": raw.decode("utf-8", "replace"),
                         "json": parsed, "response_index": index})

    def send_json(self, status, value):
        body = dumps(value).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_sse(self, events):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for name, payload in events:
            data = ("event: %s\ndata: %s\n\n" % (name, dumps(payload))).encode("utf-8")
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")

    def do_GET(self):
        self.record(b"", None, None)
        path = self.path.split("?", 1)[0]
        if path.rstrip("/").endswith("/models"):
            self.send_json(200, {"object": "list", "data": [{"id": "test-model", "object": "model", "created": 0,
                                                             "owned_by": "bench", "type": "model",
                                                             "display_name": "test-model"}]})
        elif path == "/health":
            self.send_json(200, {"status": "ok"})
        else:
            self.send_json(404, {"error": {"code": 404, "message": "not found", "type": "not_found_error"}})

    def do_HEAD(self):
        self.record(b"", None, None)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        raw = self.read_body()
        try:
            request = json.loads(raw) if raw else {}
        except ValueError:
            request = None
        path = self.path.split("?", 1)[0]
        if not isinstance(request, dict):
            self.record(raw, request, None)
            self.send_json(400, {"error": {"message": "body is not a JSON object"}})
            return
        if path.endswith("/messages/count_tokens"):
            self.record(raw, request, None)
            self.send_json(200, {"input_tokens": estimate_tokens(json.dumps(request))})
            return
        if path.endswith(":countTokens"):
            self.record(raw, request, None)
            self.send_json(200, {"totalTokens": estimate_tokens(json.dumps(request))})
            return
        gemini = path.endswith(":generateContent") or path.endswith(":streamGenerateContent")
        if not (path.endswith("/messages") or path.endswith("/responses") or gemini):
            self.record(raw, request, None)
            self.send_json(404, {"error": {"code": 404, "message": "not found", "type": "not_found_error"}})
            return
        index, entry = self.server.script.take(raw.decode("utf-8", "replace"))
        self.record(raw, request, index)
        turn = self.server.seq
        try:
            if gemini:
                body = gemini_response(entry, request)
                if path.endswith(":streamGenerateContent"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    data = ("data: %s\r\n\r\n" % dumps(body)).encode("utf-8")
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.send_json(200, body)
            elif path.endswith("/messages"):
                if request.get("stream"):
                    self.send_sse(anthropic_events(entry, request, turn))
                else:
                    self.send_json(200, anthropic_body(entry, request, turn))
            elif request.get("stream", False):
                self.send_sse(responses_events(entry, request, turn))
            else:
                self.send_json(200, responses_object(entry, request, turn, "completed"))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, script, log_path):
        self.script = script
        self.lock = threading.Lock()
        self.seq = 0
        self.file = open(log_path, "a", encoding="utf-8") if log_path else None
        super().__init__(address, Handler)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def next_seq(self):
        with self.lock:
            self.seq += 1
            return self.seq

    def log(self, record):
        if self.file:
            with self.lock:
                self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
                self.file.flush()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--script")
    p.add_argument("--log")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    args = p.parse_args(argv)
    server = Server(("127.0.0.1", args.port), Script(args.script), args.log)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.replace(args.port_file + ".tmp", args.port_file)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
