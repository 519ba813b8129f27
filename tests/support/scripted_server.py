#!/usr/bin/env python3
"""A deterministic OpenAI-compatible chat-completions server for tests and benchmarks.

  scripted_server.py --script S.json --log REQUESTS.jsonl [--port 0] [--port-file F]

Each POST /v1/chat/completions (or /chat/completions) answers with the next entry of the
script's "responses" list, streamed as Server-Sent Events when the request says "stream": true.
Every request (any method and path) is logged as one JSON line before it is answered. The
script format is described in tests/support/README.md. Python 3 standard library only.

bench/peer_endpoint.py (the other wire formats) builds on this module: Script, RequestLog,
Handler's request plumbing, Server and serve() are shared, so both log and script alike.
"""

import argparse
import base64
import json
import os
import re
import signal
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_N_CTX = 32768
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "server_error",
    501: "not_supported_error",
    503: "unavailable_error",
}
# Token-like pieces: a run of word characters or one other character, with the whitespace
# before it attached (as BPE tokenizers do with " word").
PIECE = re.compile(r"\s*[\w]+|\s*[^\s\w]|\s+", re.UNICODE)
FILLER_WORDS = ("the", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".")


def dumps(value):
    # Compact separators and raw UTF-8, as llama-server writes its chunks.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def split_text(text, chunking):
    if text == "":
        return []
    if chunking == "chars":
        return list(text)
    if chunking == "single":
        return [text]
    return PIECE.findall(text)


def byte_chunk_size(chunking):
    """N when the chunking asks to cut the byte stream every N bytes, else None."""
    if isinstance(chunking, int):
        return chunking
    if isinstance(chunking, dict) and "bytes" in chunking:
        return int(chunking["bytes"])
    if isinstance(chunking, str) and chunking.startswith("bytes:"):
        return int(chunking.split(":", 1)[1])
    return None


def arguments_text(arguments):
    if isinstance(arguments, str):
        return arguments
    return dumps(arguments if arguments is not None else {})


def estimate_tokens(text):
    return max(1, len(text) // 4) if text else 0


class Script:
    """The responses and the cursor into them; shared by all handler threads."""

    def __init__(self, path):
        data = {}
        if path:  # None: an empty script (only standing answers and a caller's default apply)
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        if isinstance(data, list):
            data = {"responses": data}
        self.responses = data.get("responses", [])
        # Standing answers: a request whose body contains `body_contains` gets `response`
        # every time, without using up an entry of the ordered list.
        self.standing = data.get("standing", [])
        self.model = data.get("model", "scripted-model")
        self.n_ctx = int(data.get("n_ctx", DEFAULT_N_CTX))
        self.props = data.get("props", {})
        # "ollama": answer like Ollama (GET /api/version, POST /api/show; no /props).
        self.ollama = bool(data.get("ollama", False))
        self.lock = threading.Lock()
        self.next = 0
        self.request_count = 0

    def take(self, raw_body=""):
        """(index, entry) of the response for this request: a standing answer (index
        "standing:N") or the next in order; (None, None) when the script is exhausted."""
        for n, rule in enumerate(self.standing):
            if rule.get("body_contains", "\0") in raw_body:
                return "standing:%d" % n, rule.get("response", {})
        with self.lock:
            if self.next >= len(self.responses):
                return None, None
            index = self.next
            self.next += 1
            return index, self.responses[index]


class RequestLog:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8") if path else None

    def write(self, record):
        if not self.file:
            return
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self.lock:
            self.file.write(line)
            self.file.flush()


class Dropped(Exception):
    """The script asked to close the connection mid-response."""


def deep_merge(base, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = value
    return base


class Completion:
    """Builds the bytes of one answer from a script entry and the request."""

    def __init__(self, entry, request, script, turn):
        self.entry = entry
        self.request = request if isinstance(request, dict) else {}
        self.turn = turn
        self.model = self.request.get("model") or script.model
        self.id = f"chatcmpl-scripted-{turn}"
        self.created = int(time.time())
        self.chunking = entry.get("chunking", "words")

    # --- shared pieces ---------------------------------------------------------------------

    def tool_calls(self):
        calls = []
        for i, call in enumerate(self.entry.get("tool_calls") or []):
            calls.append({
                "id": call.get("id") or f"call_{self.turn}_{i}",
                "name": call["name"],
                "arguments": arguments_text(call.get("arguments")),
            })
        return calls

    def finish_reason(self):
        if "finish_reason" in self.entry:
            return self.entry["finish_reason"]
        return "tool_calls" if self.entry.get("tool_calls") else "stop"

    def usage(self):
        if "usage" in self.entry:
            return self.entry["usage"]
        prompt = estimate_tokens(json.dumps(self.request.get("messages", "")))
        produced = self.entry.get("text", "") + self.entry.get("reasoning", "")
        produced += "".join(c["arguments"] for c in self.tool_calls())
        completion = self.entry.get("stream_tokens") or estimate_tokens(produced)
        return {"completion_tokens": completion, "prompt_tokens": prompt,
                "total_tokens": prompt + completion}

    def include_usage(self):
        options = self.request.get("stream_options")
        return isinstance(options, dict) and bool(options.get("include_usage"))

    # --- non-streamed ----------------------------------------------------------------------

    def json_body(self):
        message = {"role": "assistant", "content": self.entry.get("text", "")}
        if "reasoning" in self.entry:
            message["reasoning_content"] = self.entry["reasoning"]
        calls = self.tool_calls()
        if calls:
            message["tool_calls"] = [
                {"type": "function", "function": {"name": c["name"], "arguments": c["arguments"]},
                 "id": c["id"]} for c in calls]
        if self.entry.get("stream_tokens"):
            message["content"] = "".join(self.filler(self.entry["stream_tokens"]))
        body = {
            "choices": [{"finish_reason": self.finish_reason(), "index": 0, "message": message}],
            "created": self.created, "model": self.model, "system_fingerprint": "scripted",
            "object": "chat.completion", "usage": self.usage(), "id": self.id,
        }
        if "timings" in self.entry:
            body["timings"] = self.entry["timings"]
        return dumps(body).encode("utf-8")

    # --- streamed --------------------------------------------------------------------------

    def chunk(self, delta, finish_reason=None, **extra):
        body = {"choices": [{"finish_reason": finish_reason, "index": 0, "delta": delta}],
                "created": self.created, "id": self.id, "model": self.model,
                "system_fingerprint": "scripted", "object": "chat.completion.chunk"}
        body.update(extra)
        return body

    def filler(self, count):
        return [FILLER_WORDS[i % len(FILLER_WORDS)] for i in range(count)]

    def progress_steps(self):
        spec = self.entry.get("prompt_progress")
        if not spec:
            return []
        if isinstance(spec, list):
            return spec
        spec = spec if isinstance(spec, dict) else {}
        total = int(spec.get("total", 1000))
        cache = int(spec.get("cache", 0))
        steps = max(1, int(spec.get("steps", 3)))
        ms_per_token = float(spec.get("ms_per_token", 0.05))
        out = []
        for i in range(steps + 1):
            processed = cache + (total - cache) * i // steps
            out.append({"total": total, "cache": cache, "processed": processed,
                        "time_ms": int((processed - cache) * ms_per_token)})
        return out

    def events(self):
        """The SSE events as (payload, pace) pairs; payload is a dict, a string sent after
        'data: ', or None for a keep-alive comment; pace marks token deltas for rate pacing."""
        events = []
        role = {"role": "assistant", "content": None}
        for step in self.progress_steps():
            events.append((self.chunk(dict(role), prompt_progress=step), False))
        events.append((self.chunk(dict(role)), False))
        for piece in split_text(self.entry.get("reasoning", ""), self.chunking):
            events.append((self.chunk({"reasoning_content": piece}), True))
        for piece in split_text(self.entry.get("text", ""), self.chunking):
            events.append((self.chunk({"content": piece}), True))
        for piece in self.filler(int(self.entry.get("stream_tokens", 0))):
            events.append((self.chunk({"content": piece}), True))
        style = self.entry.get("tool_call_style", "openai")
        for index, call in enumerate(self.tool_calls()):
            if style == "ollama":
                events.append((self.chunk({"tool_calls": [{
                    "index": index, "id": call["id"], "type": "function",
                    "function": {"name": call["name"], "arguments": call["arguments"]}}]}), True))
                continue
            pieces = split_text(call["arguments"], self.chunking) or [""]
            events.append((self.chunk({"tool_calls": [{
                "index": index, "id": call["id"], "type": "function",
                "function": {"name": call["name"], "arguments": pieces[0]}}]}), True))
            for piece in pieces[1:]:
                events.append((self.chunk({"tool_calls": [{
                    "index": index, "function": {"arguments": piece}}]}), True))
        if "stream_error" in self.entry:
            error = self.entry["stream_error"]
            if not isinstance(error, dict):
                error = {"code": 500, "message": str(error), "type": "server_error"}
            events.append(({"error": error}, False))
            return events
        timings = {"timings": self.entry["timings"]} if "timings" in self.entry else {}
        if self.include_usage():
            events.append((self.chunk({}, self.finish_reason()), False))
            usage_chunk = self.chunk({}, usage=self.usage(), **timings)
            usage_chunk["choices"] = []
            events.append((usage_chunk, False))
        else:
            events.append((self.chunk({}, self.finish_reason(), **timings), False))
        events.append(("[DONE]", False))
        if self.entry.get("keepalive_comments"):
            spaced = []
            for event in events:
                if spaced:
                    spaced.append((None, False))
                spaced.append(event)
            events = spaced
        return events

    def writes(self):
        """(bytes, not_before) pairs: what to send and the earliest time offset in seconds
        (None: right after the previous write, plus delay_ms)."""
        newline = b"\r\n" if self.entry.get("crlf") else b"\n"
        rate = float(self.entry.get("tokens_per_second") or 0)
        out = []
        paced = 0
        if "raw_sse_base64" in self.entry:
            raw = self.entry["raw_sse_base64"]
            parts = raw if isinstance(raw, list) else [raw]
            out = [(base64.b64decode(p), None) for p in parts]
        elif "raw_sse" in self.entry:
            raw = self.entry["raw_sse"]
            parts = raw if isinstance(raw, list) else [raw]
            out = [(p.encode("utf-8"), None) for p in parts]
        else:
            for payload, pace in self.events():
                if payload is None:
                    data = b": keep-alive" + newline + newline
                else:
                    text = payload if isinstance(payload, str) else dumps(payload)
                    data = b"data: " + text.encode("utf-8") + newline + newline
                when = None
                if pace and rate > 0:
                    when = paced / rate
                    paced += 1
                out.append((data, when))
        size = byte_chunk_size(self.chunking)
        if size and size > 0:
            stream = b"".join(data for data, _ in out)
            out = [(stream[i:i + size], None) for i in range(0, len(stream), size)]
        return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def version_string(self):
        return "scripted-server"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):
        if self.server.verbose:
            sys.stderr.write("scripted_server: " + (format % args) + "\n")

    # --- request plumbing ------------------------------------------------------------------

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

    def log_request_record(self, raw, parsed, entry_index):
        headers = {}
        for key, value in self.headers.items():
            headers[key] = headers[key] + ", " + value if key in headers else value
        record = {"seq": self.server.script_next_seq(), "time": time.time(),
                  "method": self.command, "path": self.path, "headers": headers}
        try:
            record["body"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            record["body"] = raw.decode("utf-8", errors="replace")
            record["body_base64"] = base64.b64encode(raw).decode("ascii")
        record["json"] = parsed
        record["response_index"] = entry_index
        self.server.request_log.write(record)

    def send_bytes(self, status, content_type, body, extra_headers=None, drop_after=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra_headers or {}).items():
            self.send_header(key, str(value))
        self.end_headers()
        if drop_after is not None and drop_after < len(body):
            self.wfile.write(body[:drop_after])
            raise Dropped()
        self.wfile.write(body)

    def send_json(self, status, value, extra_headers=None):
        self.send_bytes(status, "application/json; charset=utf-8", dumps(value).encode("utf-8"),
                        extra_headers)

    def send_error_json(self, status, message, error_type=None, extra=None, headers=None):
        error = {"code": status, "message": message,
                 "type": error_type or ERROR_TYPES.get(status, "server_error")}
        error.update(extra or {})
        self.send_json(status, {"error": error}, headers)

    def drop(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # --- routes ----------------------------------------------------------------------------

    def do_GET(self):
        raw = b""
        self.log_request_record(raw, None, None)
        path = self.path.split("?", 1)[0]
        script = self.server.script
        if path == "/health":
            self.send_json(200, {"status": "ok"})
        elif path in ("/v1/models", "/models"):
            self.send_json(200, {"object": "list", "data": [{
                "id": script.model, "object": "model", "created": int(time.time()),
                "owned_by": "scripted", "meta": {"n_ctx": script.n_ctx, "n_ctx_train": script.n_ctx}}]})
        elif script.ollama and path == "/api/version":
            self.send_json(200, {"version": "0.12.0"})
        elif path == "/props" and not script.ollama:
            props = {"default_generation_settings": {"n_ctx": script.n_ctx, "params": {}},
                     "total_slots": 1, "model_alias": script.model, "model_path": script.model,
                     "chat_template": "", "build_info": "scripted"}
            self.send_json(200, deep_merge(props, json.loads(json.dumps(script.props))))
        else:
            self.send_error_json(404, "File Not Found", "not_found_error")

    def do_POST(self):
        raw = self.read_body()
        path = self.path.split("?", 1)[0]
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        if self.server.script.ollama and path == "/api/show":
            self.log_request_record(raw, parsed, None)
            self.send_json(200, {"model_info": {"general.architecture": "qwen3",
                                                "qwen3.context_length": self.server.script.n_ctx}})
            return
        if path not in ("/v1/chat/completions", "/chat/completions"):
            self.log_request_record(raw, parsed, None)
            self.send_error_json(404, "File Not Found", "not_found_error")
            return
        index, entry = self.server.script.take(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        self.log_request_record(raw, parsed, index)
        if entry is None:
            count = len(self.server.script.responses)
            self.send_error_json(500, f"scripted_server: script exhausted: it has {count} "
                                      f"responses and all were used", "server_error")
            return
        try:
            self.answer(entry, parsed, index)
        except Dropped:
            self.drop()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_HEAD(self):
        self.log_request_record(b"", None, None)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def answer(self, entry, request, index):
        if entry.get("initial_delay_ms"):
            time.sleep(entry["initial_delay_ms"] / 1000)
        headers = entry.get("headers", {})
        if entry.get("status", 200) != 200 or "error" in entry:
            status = int(entry.get("status", 500))
            error = entry.get("error", "scripted error")
            if isinstance(error, dict):
                extra = {k: v for k, v in error.items() if k not in ("message", "type", "code")}
                self.send_error_json(status, error.get("message", ""), error.get("type"),
                                     dict(extra, code=error.get("code", status)), headers)
            else:
                self.send_error_json(status, str(error), None, None, headers)
            return
        completion = Completion(entry, request, self.server.script, index)
        drop_after = entry.get("drop_after_bytes")
        stream = isinstance(request, dict) and bool(request.get("stream"))
        if not stream:
            self.send_bytes(200, "application/json; charset=utf-8", completion.json_body(),
                            headers, drop_after)
            return
        self.stream(completion.writes(), entry, headers, drop_after)

    def stream(self, writes, entry, headers, drop_after):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        for key, value in headers.items():
            self.send_header(key, str(value))
        self.end_headers()
        delay = float(entry.get("delay_ms", 0)) / 1000
        start = time.monotonic()
        sent = 0
        for i, (data, not_before) in enumerate(writes):
            if not data:
                continue
            if not_before is not None:
                wait = start + not_before - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            elif delay and i:
                time.sleep(delay)
            if drop_after is not None and sent + len(data) > drop_after:
                part = data[:max(0, drop_after - sent)]
                if part:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                raise Dropped()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            sent += len(data)
        self.wfile.write(b"0\r\n\r\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, script, request_log, verbose, handler=None):
        self.script = script
        self.request_log = request_log
        self.verbose = verbose
        self.seq_lock = threading.Lock()
        self.seq = 0
        super().__init__(address, handler or Handler)

    def server_bind(self):
        # HTTPServer.server_bind would resolve the host name (a DNS lookup); not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def script_next_seq(self):
        with self.seq_lock:
            self.seq += 1
            return self.seq


def main(argv):
    p = argparse.ArgumentParser(description="Deterministic OpenAI-compatible test server.")
    p.add_argument("--script", required=True, help="JSON script (see tests/support/README.md)")
    p.add_argument("--log", help="append one JSON line per request here")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    p.add_argument("--port-file", help="write the bound port here once listening")
    p.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = p.parse_args(argv)

    try:
        script = Script(args.script)
    except (OSError, ValueError) as e:
        print(f"scripted_server: cannot read script {args.script}: {e}", file=sys.stderr)
        return 2
    server = Server(("127.0.0.1", args.port), script, RequestLog(args.log), args.verbose)
    return serve(server, args.port_file)


def serve(server, port_file=None):
    """Writes the bound port to `port_file` (atomically: a reader sees all of it or nothing), then
    serves until SIGTERM or SIGINT. Returns the exit status."""
    port = server.server_address[1]
    if port_file:
        tmp = port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, port_file)
    if server.verbose:
        print(f"{os.path.basename(sys.argv[0])}: listening on http://127.0.0.1:{port}", file=sys.stderr)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
