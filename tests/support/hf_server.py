#!/usr/bin/env python3
"""A local HTTP server shaped like the Hugging Face Hub endpoints that `pair model pull` uses, with
faults to inject (dropped connections, corrupt bytes, a token requirement). Python 3 standard library.

    hf_server.py --root DIR [--config C.json] [--log L.jsonl] [--port 0] [--port-file F]

DIR/<org>/<repo>/<path> are the repositories' files. Endpoints (as huggingface.co):
    GET /api/models/<org>/<repo>/refs                       {"branches": [{"name": "main", "targetCommit": C}], ...}
    GET /api/models/<org>/<repo>/tree/<rev>?recursive=true  [{"type": "file", "path", "size", "oid",
                                                              "lfs": {"oid": sha256, "size", "pointerSize"}}]
                                                             paged with a Link header when page_size is set
    GET /<org>/<repo>/resolve/<rev>/<path>                   302 to /cdn/<org>/<repo>/<path> (like the Hub's CDN)
    GET /cdn/<org>/<repo>/<path>                             the bytes; Range: bytes=N- gives 206
The config file is read again on every request, so a test can change the faults between runs:
    {"drop_after": {"<path>": BYTES}, "drop_times": 1,     close the connection after BYTES of the body,
                                                           the first drop_times times the file is fetched
     "corrupt": ["<path>"],                                serve the file with one byte changed
     "require_token": "secret",                            401 without "Authorization: Bearer secret"
     "ignore_range": false, "page_size": 0, "no_redirect": false,
     "listed": {"<org>/<repo>": {"<path>": SIZE}}}         files the tree lists at SIZE bytes without holding
                                                           them (real model sizes, for the recommendation)
Every request is logged as a JSON line: method, path, range, authorization (present or not), status.
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOCK = threading.Lock()
FETCHES = {}  # path -> times fetched


def config():
    if ARGS.config and os.path.exists(ARGS.config):
        with open(ARGS.config) as f:
            return json.load(f)
    return {}


def commit_of(repo):
    return hashlib.sha1(repo.encode()).hexdigest()


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def log(self, status, extra=None):
        entry = {"method": self.command, "path": self.path, "range": self.headers.get("Range"),
                 "authorization": self.headers.get("Authorization") is not None, "status": status}
        if extra:
            entry.update(extra)
        if ARGS.log:
            with LOCK, open(ARGS.log, "a") as f:
                f.write(json.dumps(entry) + "\n")

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.log(status)

    def authorized(self, cfg):
        token = cfg.get("require_token")
        if not token:
            return True
        if self.headers.get("Authorization") == "Bearer " + token:
            return True
        self.send_json(401, {"error": "Access to model is restricted. You must have access to it and be authenticated."})
        return False

    def do_GET(self):
        cfg = config()
        url = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        if not self.authorized(cfg):
            return
        if len(parts) == 5 and parts[:2] == ["api", "models"] and parts[4] == "refs":
            repo = parts[2] + "/" + parts[3]
            if not os.path.isdir(os.path.join(ARGS.root, repo)):
                return self.send_json(404, {"error": "Repository not found"})
            return self.send_json(200, {"branches": [{"name": "main", "ref": "refs/heads/main",
                                                      "targetCommit": commit_of(repo)}], "converts": [], "tags": []})
        if len(parts) >= 6 and parts[:2] == ["api", "models"] and parts[4] == "tree":
            return self.tree(parts[2] + "/" + parts[3], url, cfg)
        if len(parts) >= 5 and parts[2] == "resolve":
            repo = parts[0] + "/" + parts[1]
            path = "/".join(parts[4:])
            if cfg.get("no_redirect"):
                return self.file(repo, path, cfg)
            target = "/cdn/" + repo + "/" + urllib.parse.quote(path)
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.log(302)
            return
        if len(parts) >= 4 and parts[0] == "cdn":
            return self.file(parts[1] + "/" + parts[2], "/".join(parts[3:]), cfg)
        self.send_json(404, {"error": "not found"})

    def tree(self, repo, url, cfg):
        base = os.path.join(ARGS.root, repo)
        listed = cfg.get("listed", {}).get(repo, {})
        if not os.path.isdir(base) and not listed:
            return self.send_json(404, {"error": "Repository not found"})
        entries = []
        for rel, size in sorted(listed.items()):
            entries.append({"type": "file", "oid": hashlib.sha1(rel.encode()).hexdigest(), "size": size, "path": rel,
                            "lfs": {"oid": hashlib.sha256(rel.encode()).hexdigest(), "size": size, "pointerSize": 135}})
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, base)
            for d in dirnames:
                entries.append({"type": "directory", "oid": "0" * 40, "size": 0,
                                "path": os.path.normpath(os.path.join(rel_dir, d))})
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.normpath(os.path.join(rel_dir, name))
                size = os.path.getsize(full)
                entry = {"type": "file", "oid": hashlib.sha1(rel.encode()).hexdigest(), "size": size, "path": rel}
                if name.endswith(".gguf"):
                    entry["lfs"] = {"oid": sha256_of(full), "size": size, "pointerSize": 135}
                    entry["size"] = size
                entries.append(entry)
        page_size = int(cfg.get("page_size", 0))
        query = urllib.parse.parse_qs(url.query)
        start = int(query.get("cursor", ["0"])[0])
        headers = {}
        if page_size:
            page = entries[start:start + page_size]
            if start + page_size < len(entries):
                nxt = "http://%s/api/models/%s/tree/%s?recursive=true&cursor=%d" % (
                    self.headers.get("Host"), repo, commit_of(repo), start + page_size)
                headers["Link"] = '<%s>; rel="next"' % nxt
            entries = page
        self.send_json(200, entries, headers)

    def file(self, repo, path, cfg):
        full = os.path.join(ARGS.root, repo, path)
        if not os.path.isfile(full):
            return self.send_json(404, {"error": "Entry not found"})
        with open(full, "rb") as f:
            data = f.read()
        if path in cfg.get("corrupt", []):
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        with LOCK:
            FETCHES[path] = FETCHES.get(path, 0) + 1
            fetch = FETCHES[path]
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes=") and not cfg.get("ignore_range"):
            start = int(rng[len("bytes="):].split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(data))
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.log(416)
                return
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        drop = cfg.get("drop_after", {}).get(path)
        if drop is not None and fetch <= int(cfg.get("drop_times", 1)):
            cut = max(0, int(drop) - start) if start < int(drop) else len(body) // 2
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.log(206 if start else 200, {"dropped_after": cut})
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        self.wfile.write(body)
        self.log(206 if start else 200)


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", required=True)
    p.add_argument("--config")
    p.add_argument("--log")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    ARGS = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    # Clients that give up mid-transfer (the disk-full test) are expected: no tracebacks.
    server.handle_error = lambda request, address: None
    if ARGS.port_file:
        with open(ARGS.port_file + ".tmp", "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
