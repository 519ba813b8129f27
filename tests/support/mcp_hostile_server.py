#!/usr/bin/env python3
"""A misbehaving MCP server on stdio, for pair's client tests.

It answers initialize and tools/list like a real server; each tool misbehaves in one way:
  echo          answers {"text": arguments.message}, the control
  bad_json      writes a line that is not JSON instead of an answer
  huge          answers with a 50 MB text (one line of 50 MB)
  never         never answers
  die           writes "fatal: exploding on purpose" to stderr and exits with status 3
  env           answers with the value of the environment variable arguments.name
  cancelled     answers with the request ids of every notifications/cancelled it received
  grow          (with --grow) adds a tool "extra" and sends notifications/tools/list_changed
Flags: --ignore-term  ignore SIGTERM and stdin's end (close() must SIGKILL it)
       --grow         offer the tool grow
       --version V    answer initialize with protocol revision V
       --slow-start S answer initialize only after S seconds
"""
import json
import os
import signal
import sys
import time

args = sys.argv[1:]
version = args[args.index("--version") + 1] if "--version" in args else None
ignore_term = "--ignore-term" in args
slow_start = float(args[args.index("--slow-start") + 1]) if "--slow-start" in args else 0
if ignore_term:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

cancelled = []
out = sys.stdout.buffer


def send(message):
    out.write(json.dumps(message).encode() + b"\n")
    out.flush()


def answer(req, result):
    send({"jsonrpc": "2.0", "id": req["id"], "result": result})


def text(t):
    return {"content": [{"type": "text", "text": t}]}


TOOLS = ["echo", "bad_json", "huge", "never", "die", "env", "cancelled"]
if "--grow" in args:
    TOOLS.append("grow")


def call(req):
    params = req.get("params", {})
    name = params.get("name")
    arguments = params.get("arguments", {})
    if name == "echo":
        answer(req, text(arguments.get("message", "")))
    elif name == "bad_json":
        out.write(b"<html>this is not json {\n")
        out.flush()
    elif name == "huge":
        answer(req, text("x" * (50 * 1024 * 1024)))
    elif name == "never":
        pass
    elif name == "die":
        sys.stderr.write("starting to die\nfatal: exploding on purpose\n")
        sys.stderr.flush()
        os._exit(3)
    elif name == "env":
        answer(req, text(os.environ.get(arguments.get("name", ""), "(unset)")))
    elif name == "grow" and "grow" in TOOLS:
        if "extra" not in TOOLS:
            TOOLS.append("extra")
        send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
        answer(req, text("grown"))
    elif name == "cancelled":
        answer(req, text(json.dumps(cancelled)))
    else:
        send({"jsonrpc": "2.0", "id": req["id"], "error": {"code": -32602, "message": "no tool " + str(name)}})


sys.stderr.write("hostile server started\n")
sys.stderr.flush()
for line in sys.stdin.buffer:
    msg = json.loads(line)
    method = msg.get("method")
    if method == "initialize":
        time.sleep(slow_start)
        answer(msg, {"protocolVersion": version or msg["params"]["protocolVersion"],
                     "capabilities": {"tools": {}}, "serverInfo": {"name": "hostile", "version": "1"}})
    elif method == "tools/list":
        answer(msg, {"tools": [{"name": n, "inputSchema": {"type": "object"}} for n in TOOLS]})
    elif method == "tools/call":
        call(msg)
    elif method == "notifications/cancelled":
        cancelled.append(msg["params"]["requestId"])
while ignore_term:
    time.sleep(1)
