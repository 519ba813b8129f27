#!/usr/bin/env python3
"""Runs `pair ... --output-format stream-json` and reports, as JSON, the seconds from launch to
the first streamed text (time to first token as the user sees it), to the end, and the first
request's server timings.
    first_token.py [--cwd DIR] -- PAIR_ARGS...
"""
import json
import subprocess
import sys
import time


def main(argv):
    cwd = None
    if argv[:1] == ["--cwd"]:
        cwd, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    first_text = None
    timings = None
    notices = []
    for line in proc.stdout:
        event = json.loads(line)
        if event["type"] in ("text", "reasoning", "tool_call") and first_text is None:
            first_text = time.perf_counter() - start
        elif event["type"] == "timings" and timings is None:
            timings = event["timings"]
        elif event["type"] == "notice":
            notices.append(event["text"])
    rc = proc.wait()
    total = time.perf_counter() - start
    print(json.dumps({"rc": rc, "first_token_s": first_text, "total_s": total, "timings": timings,
                      "notices": notices}))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
