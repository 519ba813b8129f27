#!/usr/bin/python3
"""Compares `pair model fit`'s KV cache with what llama-server allocated at load.

  compare_kv_cache.py LABEL SERVER_LOG FIT_OUTPUT_FILE

The server's log must be written at verbosity 4 (-lv 4), where this llama.cpp build prints
one line per cache: "llama_kv_cache: size = 4.00 MiB (...)" for each attention cache (a
sliding-window model has two, announced by "llama_kv_cache_iswa: creating non-SWA KV cache"
and "creating     SWA KV cache") and "llama_memory_recurrent: size = 0.22 MiB (...)" for the
recurrent layers' state. pair's "KV cache" row gives the total first, then each kind:
"KV cache   5.00 MiB: full attention 4.00 MiB (...), sliding window 1.00 MiB (...)".

The total and each kind must agree within 2% plus 0.02 MiB. llama-server rounds its cell counts
up (to 256 cells, and a window cache to window x slots + batch), which the fit models but may
round differently; the log prints each cache to 0.01 MiB and pair prints three significant
digits. An architecture the fit gets wrong is off by far more: counting every layer of a hybrid
model as attention over-counts about threefold, ignoring its recurrent state under-counts by
about a fifth, and caching the whole context in gpt-oss's window layers over-counts by half.
Prints both figures; exits 1 saying what differs.
"""

import re
import sys

MIB = 1024 * 1024
UNITS = {"bytes": 1, "byte": 1, "KiB": 1024, "MiB": MIB, "GiB": 1024 * MIB}
SIZE = r"([0-9.]+) (bytes?|KiB|MiB|GiB)"
KINDS = ("full attention", "sliding window", "recurrent state")


def server_caches(log):
    """Bytes per kind of cache, from llama-server's load log."""
    caches = {}
    kind = "full attention"
    for line in log.splitlines():
        if "creating non-SWA KV cache" in line:
            kind = "full attention"
        elif "creating" in line and "SWA KV cache" in line:
            kind = "sliding window"
        m = re.search(r"\b(llama_kv_cache|llama_memory_recurrent): size = +([0-9.]+) MiB", line)
        if m:
            k = "recurrent state" if m.group(1) == "llama_memory_recurrent" else kind
            caches[k] = caches.get(k, 0) + float(m.group(2)) * MIB
    return caches


def fit_caches(row):
    """(total bytes, bytes per kind) from pair model fit's "KV cache" row."""
    total = re.match(r"KV cache +" + SIZE, row)
    if not total:
        return None, {}
    parts = {k: float(n) * UNITS[u] for k, n, u in re.findall(r"(%s) %s" % ("|".join(KINDS), SIZE), row)}
    return float(total.group(1)) * UNITS[total.group(2)], parts


def within(ours, theirs):
    return abs(ours - theirs) <= 0.02 * theirs + 0.02 * MIB


def main(label, log_path, fit_path):
    server = server_caches(open(log_path, encoding="utf-8", errors="replace").read())
    if not server:
        sys.exit(f"{label}: no cache size lines in {log_path} (was it started with -lv 4?)")
    fit = open(fit_path, encoding="utf-8").read()
    rows = [line.strip() for line in fit.splitlines() if line.startswith("KV cache")]
    if not rows:
        sys.exit(f"{label}: no 'KV cache' row in pair model fit's output:\n{fit}")
    total, parts = fit_caches(rows[0])
    if total is None:
        sys.exit(f"{label}: no size at the start of the row '{rows[0]}'")
    server_total = sum(server.values())
    shown = ", ".join(f"{k} {v / MIB:.2f} MiB" for k, v in server.items())
    print(f"{label}: llama-server {server_total / MIB:.2f} MiB ({shown}); pair model fit: '{rows[0]}'")
    problems = []
    if not within(total, server_total):
        problems.append(f"total {total / MIB:.2f} MiB, llama-server's {server_total / MIB:.2f} MiB")
    for kind in KINDS:
        ours, theirs = parts.get(kind, 0), server.get(kind, 0)
        if not within(ours, theirs):
            problems.append(f"{kind} {ours / MIB:.2f} MiB, llama-server's {theirs / MIB:.2f} MiB")
    if problems:
        sys.exit(f"{label}: pair model fit's KV cache differs from llama-server's: " + "; ".join(problems))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
