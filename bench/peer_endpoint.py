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
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support"))
import scripted_server  # noqa: E402  (the shared script, request log, plumbing and serving)
from scripted_server import dumps, estimate_tokens  # noqa: E402

DEFAULT_ENTRY = {"text": "Done."}


class Script(scripted_server.Script):
    """The scripted server's script; once its ordered responses are used up, "Done."."""

    def take(self, raw_body=""):
        index, entry = super().take(raw_body)
        return ("default", DEFAULT_ENTRY) if entry is None else (index, entry)


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


class Handler(scripted_server.Handler):
    """The scripted server's request plumbing (body reading, logging, JSON replies) with the routes
    of the other wire formats."""

    def send_chunks(self, chunks):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for data in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")

    def send_sse(self, events):
        self.send_chunks(("event: %s\ndata: %s\n\n" % (name, dumps(payload))).encode("utf-8")
                         for name, payload in events)

    def do_GET(self):
        self.log_request_record(b"", None, None)
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
        self.log_request_record(b"", None, None)
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
            self.log_request_record(raw, request, None)
            self.send_json(400, {"error": {"message": "body is not a JSON object"}})
            return
        if path.endswith("/messages/count_tokens"):
            self.log_request_record(raw, request, None)
            self.send_json(200, {"input_tokens": estimate_tokens(json.dumps(request))})
            return
        if path.endswith(":countTokens"):
            self.log_request_record(raw, request, None)
            self.send_json(200, {"totalTokens": estimate_tokens(json.dumps(request))})
            return
        gemini = path.endswith(":generateContent") or path.endswith(":streamGenerateContent")
        if not (path.endswith("/messages") or path.endswith("/responses") or gemini):
            self.log_request_record(raw, request, None)
            self.send_json(404, {"error": {"code": 404, "message": "not found", "type": "not_found_error"}})
            return
        index, entry = self.server.script.take(raw.decode("utf-8", "replace"))
        self.log_request_record(raw, request, index)
        turn = self.server.seq
        try:
            if gemini:
                body = gemini_response(entry, request)
                if path.endswith(":streamGenerateContent"):
                    self.send_chunks([("data: %s\r\n\r\n" % dumps(body)).encode("utf-8")])
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


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--script")
    p.add_argument("--log")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    args = p.parse_args(argv)
    server = scripted_server.Server(("127.0.0.1", args.port), Script(args.script),
                                    scripted_server.RequestLog(args.log), verbose=False, handler=Handler)
    return scripted_server.serve(server, args.port_file)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
