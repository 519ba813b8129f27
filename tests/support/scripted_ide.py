#!/usr/bin/env python3
"""A scripted editor window for pair's editor protocol (docs/ide-protocol.md).

    scripted_ide.py --lock-dir DIR --folder PATH [--folder PATH ...] [--script S.json] [--log LOG.jsonl]
                    [--port-file F] [--lock-token T] [--lock-pid N] [--protocol-version N] [--ide-name NAME]

Listens on 127.0.0.1 (a free port), writes DIR/<port>.json as the VS Code extension does (0600), and
answers JSON-RPC requests on POST /rpc and a notification stream on GET /events, from a script:

    {"context": {"activeFile": {...} | null, "queued": [...]},   # getContext result (queued handed over once)
     "diagnostics": [{"path": ..., "diagnostics": [...]}],        # getDiagnostics files
     "openDiff": [ANSWER, ...],                                   # one per openDiff, in order
     "notifications": [{"method": ..., "params": ..., "delay_ms": N}]}  # sent on each /events stream

An ANSWER is a result object ({"decision": "accepted", "content": ..., "edited": true}), optionally with
"delay_ms", or {"wait": true}: no answer until closeDiff names the diff or the client goes away.
Without answers left, openDiff waits as with "wait".

`--lock-token` writes another token into the lock than the server accepts (a wrong token);
`--lock-pid` another pid (a stale lock, with a dead pid). The log has one JSON object per line:
{"event": "rpc", "method", "params", "authorized"}, {"event": "events_open"|"events_closed"},
{"event": "diff_abandoned", "diffId"} (the client went away), {"event": "unauthorized", "path"}.
Stop it with SIGTERM: the lock file is removed.
"""

import argparse
import json
import os
import secrets
import select
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
state = {"queued_taken": False, "answers": [], "diffs": {}}


def log(args, record):
    if not args.log:
        return
    with lock:
        with open(args.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
            f.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "scripted-ide"

    def log_message(self, *a):  # quiet
        pass

    def authorized(self):
        return self.headers.get("Authorization") == "Bearer " + self.server.token

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (cancelled)
            self.close_connection = True

    def do_GET(self):
        args = self.server.args
        if not self.authorized():
            log(args, {"event": "unauthorized", "path": self.path})
            return self.send_json(401, {"error": "wrong token"})
        if self.path != "/events":
            return self.send_json(404, {"error": "no such endpoint"})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        log(args, {"event": "events_open"})
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            for n in self.server.script.get("notifications", []):
                time.sleep(n.get("delay_ms", 0) / 1000)
                msg = {"jsonrpc": "2.0", "method": n["method"], "params": n.get("params", {})}
                self.wfile.write(b"data: " + json.dumps(msg).encode() + b"\n\n")
                self.wfile.flush()
            while not self.server.stopping:
                r, _, _ = select.select([self.connection], [], [], 0.2)
                if r and not self.connection.recv(1, 0x40):  # MSG_DONTWAIT: b"" means closed
                    break
                self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, BlockingIOError, OSError):
            pass
        log(args, {"event": "events_closed"})

    def do_POST(self):
        args = self.server.args
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if not self.authorized():
            log(args, {"event": "unauthorized", "path": self.path})
            return self.send_json(401, {"error": "wrong token"})
        try:
            req = json.loads(body)
        except ValueError:
            return self.send_json(200, {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "parse"}})
        method, params, rid = req.get("method"), req.get("params") or {}, req.get("id")
        log(args, {"event": "rpc", "method": method, "params": params, "authorized": True})
        script = self.server.script
        if method == "initialize":
            result = {"protocolVersion": args.protocol_version, "ide": {"name": args.ide_name, "version": "test"},
                      "workspaceFolders": args.folder}
        elif method == "getContext":
            ctx = dict(script.get("context", {"activeFile": None, "queued": []}))
            with lock:
                if state["queued_taken"]:
                    ctx["queued"] = []
                elif params.get("takeQueued"):
                    state["queued_taken"] = True
            ctx.setdefault("queued", [])
            result = ctx
        elif method == "getDiagnostics":
            files = [f for f in script.get("diagnostics", []) if f.get("path") == params.get("path")]
            result = {"files": files or [{"path": params.get("path"), "diagnostics": []}]}
        elif method == "openDiff":
            result = self.open_diff(params)
            if result is None:
                return
        elif method == "closeDiff":
            with lock:
                ev = state["diffs"].pop(params.get("diffId"), None)
            if ev:
                ev.set()
            result = {"closed": ev is not None}
        else:
            return self.send_json(200, {"jsonrpc": "2.0", "id": rid,
                                        "error": {"code": -32601, "message": "unknown method: %s" % method}})
        self.send_json(200, {"jsonrpc": "2.0", "id": rid, "result": result})

    def open_diff(self, params):
        with lock:
            answer = state["answers"].pop(0) if state["answers"] else {"wait": True}
            closed = threading.Event()
            state["diffs"][params.get("diffId")] = closed
        time.sleep(answer.get("delay_ms", 0) / 1000)
        if not answer.get("wait"):
            with lock:
                state["diffs"].pop(params.get("diffId"), None)
            return {k: v for k, v in answer.items() if k != "delay_ms"}
        while not closed.wait(0.05):
            r, _, _ = select.select([self.connection], [], [], 0)
            if r:
                try:
                    gone = not self.connection.recv(1, 0x40)
                except (BlockingIOError, OSError):
                    gone = False
                if gone:
                    with lock:
                        state["diffs"].pop(params.get("diffId"), None)
                    log(self.server.args, {"event": "diff_abandoned", "diffId": params.get("diffId")})
                    self.close_connection = True
                    return None
        return {"decision": "closed", "reason": "closed by pair"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lock-dir", required=True)
    p.add_argument("--folder", action="append", default=[])
    p.add_argument("--script")
    p.add_argument("--log")
    p.add_argument("--port-file")
    p.add_argument("--lock-token")
    p.add_argument("--lock-pid", type=int)
    p.add_argument("--protocol-version", type=int, default=1)
    p.add_argument("--ide-name", default="Scripted IDE")
    args = p.parse_args()

    script = {}
    if args.script:
        with open(args.script, encoding="utf-8") as f:
            script = json.load(f)
    state["answers"] = list(script.get("openDiff", []))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.args, server.script, server.stopping = args, script, False
    server.token = secrets.token_hex(32)
    port = server.server_address[1]

    os.makedirs(args.lock_dir, mode=0o700, exist_ok=True)
    lock_file = os.path.join(args.lock_dir, "%d.json" % port)
    info = {"pid": args.lock_pid or os.getpid(), "workspaceFolders": args.folder,
            "token": args.lock_token or server.token, "protocolVersion": args.protocol_version,
            "ideName": args.ide_name, "transport": "http"}
    fd = os.open(lock_file + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(info, f)
    os.rename(lock_file + ".tmp", lock_file)

    def stop(*_):
        server.stopping = True
        try:
            os.unlink(lock_file)
        except FileNotFoundError:
            pass
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever(poll_interval=0.05)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
