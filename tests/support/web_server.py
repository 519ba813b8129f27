#!/usr/bin/env python3
"""Local stand-ins for the web: a page server with tricky content, a Tavily-compatible search API and a
SearXNG instance, for the web tools' tests. Python 3 standard library only; listens on 127.0.0.1.

    web_server.py [--port 0] --port-file F [--log REQUESTS.jsonl]

Routes (see tests/support/README.md): /html/<name>, /text, /json, /pdf, /image.png, /binary, /gzip,
/huge?mb=N, /slow?delay=S, /drip?delay=S, /status/<code>, /redirect?to=URL[&status=302], /loop/a,
/chain/<n>, /tavily/search (POST), /searxng/search (GET).
"""
import argparse
import gzip
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from make_png import make_png

TRICKY = """<!DOCTYPE html>
<html><head><title>Tricky &amp; broken</title>
<style>p { color: red }</style><script>document.write("<p>from script</p>")</script></head>
<body>
<nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>
<header><h1>Site banner</h1></header>
<div id="content">
<h1>Release notes</h1>
<p>Entities: &lt;tag&gt; &amp; &quot;quotes&quot; &eacute;t&eacute; &#x1F600; &mdash; done&nbsp;here.</p>
<p>See <a href="/guide/install.html">the install guide</a> and <a href="https://example.org/x">elsewhere</a>.</p>
<pre><code class="language-python">def f(x):
    return x &lt; 2
</code></pre>
<table>
  <tr><th>Version</th><th>Notes</th></tr>
  <tr><td>1.0</td><td>First <b>release</b></td></tr>
  <tr><td>1.1</td><td><table><tr><td>inner a</td><td>inner b</td></tr><tr><td>inner c</td></tr></table></td></tr>
</table>
<ul><li>alpha<li>beta<ul><li>beta one</ul><li>gamma</ul>
<p>Unclosed <b>bold <i>and italic</b> text</i> continues
<div>Stray </span> close and <unknown-tag>custom element</unknown-tag> text
<p>Last paragraph
</div>
<aside>Related links sidebar</aside>
<footer>Footer text (c) 2026</footer>
</body></html>
"""

LATIN1 = "<html><head><title>Caf\u00e9</title></head><body><p>Cr\u00e8me br\u00fbl\u00e9e \u00e0 la carte \u00a3 5</p></body></html>"
SJIS = ('<html><head><meta charset="shift_jis"><title>\u65e5\u672c\u8a9e</title></head>'
        '<body><p>\u3053\u3093\u306b\u3061\u306f\u4e16\u754c</p></body></html>')
KOI8 = "<html><body><p>\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440</p></body></html>"
CP1252 = "<html><body><p>\u201cSmart quotes\u201d \u2014 and \u20ac5</p></body></html>"


def make_pdf(text):
    """A minimal one-page PDF whose text layer says `text`."""
    stream = ("BT /F1 24 Tf 72 720 Td (%s) Tj ET" % text).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="text/html; charset=utf-8", headers=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self, body):
        if not self.server.log:
            return
        entry = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                 "body": body.decode("utf-8", "replace")}
        with self.server.lock, open(self.server.log, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.record(body)
        url = urlparse(self.path)
        if url.path == "/tavily/search":
            return self.tavily(body)
        self.send(404, '{"detail": "Not Found"}', "application/json")

    def tavily(self, body):
        if self.headers.get("Authorization") != "Bearer test-key":
            return self.send(401, json.dumps({"detail": {"error": "Unauthorized: missing or invalid API key."}}),
                             "application/json")
        req = json.loads(body)
        n = int(req.get("max_results", 5))
        results = [{"title": "Result %d for %s" % (i, req["query"]), "url": "https://example.com/%d" % i,
                    "content": "Snippet %d about %s.\nSecond line." % (i, req["query"]), "score": 0.9 - i / 100,
                    "raw_content": None} for i in range(1, n + 1)]
        self.send(200, json.dumps({"query": req["query"], "follow_up_questions": None, "answer": None, "images": [],
                                   "results": results, "response_time": 0.42}), "application/json")

    def searxng(self, q):
        if q.get("format", [""])[0] != "json":
            return self.send(403, "<html><body><h1>403 Forbidden</h1></body></html>")
        query = q.get("q", [""])[0]
        results = [{"url": "https://searx.example/%d" % i, "title": "SearX %d: %s" % (i, query),
                    "content": "Content %d for %s" % (i, query), "engine": "duckduckgo",
                    "parsed_url": ["https", "searx.example", "/%d" % i, "", "", ""], "template": "default.html",
                    "engines": ["duckduckgo", "brave"], "positions": [i], "score": 1.0 / i, "category": "general"}
                   for i in range(1, 13)]
        results.append(dict(results[0]))  # engines often return the same URL twice
        self.send(200, json.dumps({"query": query, "number_of_results": 0, "results": results, "answers": [],
                                   "corrections": [], "infoboxes": [], "suggestions": ["more " + query],
                                   "unresponsive_engines": []}), "application/json")

    def do_GET(self):
        self.record(b"")
        url = urlparse(self.path)
        q = parse_qs(url.query)
        p = url.path
        if p == "/searxng/search":
            return self.searxng(q)
        if p == "/searxng-html-only/search":  # an instance without the JSON format enabled
            return self.send(403, "<html><body><h1>403 Forbidden</h1></body></html>")
        if p == "/html/tricky":
            return self.send(200, TRICKY)
        if p == "/html/latin1":
            return self.send(200, LATIN1.encode("iso-8859-1"), "text/html; charset=ISO-8859-1")
        if p == "/html/sjis":
            return self.send(200, SJIS.encode("shift_jis"), "text/html")
        if p == "/html/koi8":
            return self.send(200, KOI8.encode("koi8-r"), "text/html; charset=koi8-r")
        if p == "/html/cp1252":
            return self.send(200, CP1252.encode("cp1252"), "text/html")
        if p == "/html/deep":
            return self.send(200, "<div>" * 200000 + "deep" + "</div>" * 200000)
        if p == "/text":
            return self.send(200, "plain text\n  keeps   spacing\n", "text/plain")
        if p == "/json":
            return self.send(200, '{"name": "pair", "tags": ["a", "b"]}', "application/json")
        if p == "/pdf":
            return self.send(200, make_pdf("Hello from a PDF"), "application/pdf")
        if p == "/image.png":
            return self.send(200, make_png(3, 2), "image/png")
        if p == "/binary":
            # A real ZIP local header: version 20 (0x14 0x00) then flags, so it always holds a NUL.
            return self.send(200, b"PK\x03\x04\x14\x00\x00\x00" + os.urandom(200), "application/zip")
        if p == "/gzip":
            body = gzip.compress(b"<html><body><p>compressed page</p></body></html>")
            return self.send(200, body, "text/html", {"Content-Encoding": "gzip"})
        if p == "/huge":
            mb = float(q.get("mb", ["8"])[0])
            para = b"<p>" + b"lorem ipsum dolor sit amet " * 36 + b"</p>\n"
            count = int(mb * 1024 * 1024 / len(para))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(count * len(para)))
            self.end_headers()
            try:
                for _ in range(count):
                    self.wfile.write(para)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p == "/slow":
            time.sleep(float(q.get("delay", ["5"])[0]))
            return self.send(200, "<p>finally</p>")
        if p == "/drip":
            delay = float(q.get("delay", ["1"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(delay)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p.startswith("/status/"):
            code = int(p.split("/")[2])
            return self.send(code, "<html><body><h1>Not here</h1><p>The page %s is gone.</p></body></html>" % p)
        if p == "/redirect":
            status = int(q.get("status", ["302"])[0])
            return self.send(status, "", None, {"Location": q["to"][0]})
        if p == "/loop/a":
            return self.send(302, "", None, {"Location": "/loop/b"})
        if p == "/loop/b":
            return self.send(301, "", None, {"Location": "a"})
        if p.startswith("/chain/"):
            n = int(p.split("/")[2])
            if n == 0:
                return self.send(200, "<p>end of the chain</p>")
            return self.send(302, "", None, {"Location": "/chain/%d" % (n - 1)})
        self.send(404, "<html><body>no route %s</body></html>" % p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.log = args.log
    server.lock = threading.Lock()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    main()
