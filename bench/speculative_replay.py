#!/usr/bin/env python3
"""Edit-heavy turns for bench/speculative.sh, replayed against a llama-server.

Prints one JSON line per measured request: {"type", "turn", "run", "wall_ms", "predicted_n",
"predicted_per_second", "draft_n", "draft_n_accepted"} (the server's `timings`, draft counts 0
when drafting is off). Each turn is sent once unmeasured first, so the prompt is in the server's
cache and the runs compare generation, which is what drafting changes. With several servers
(--server TYPE=URL, one per drafting type) the runs take turns between them, so a machine whose
load changes during the benchmark slows every type alike.

Turns:
  rewrite  a 300-line Python file read into the conversation, answer: the whole file with one change
  edit     the same file, answer: an edit_file call whose old_string is a 40-line function
  prose    a question with nothing to copy (the control)
"""
import argparse
import json
import sys
import time
import urllib.request


def source_file():
    """300 lines of plain Python: 15 small functions of 20 lines each."""
    lines = []
    for i in range(15):
        lines += [
            f"def report_section_{i}(rows, limit={10 + i}, strict=False):",
            f'    """Totals of section {i}: rows whose weight is under the limit."""',
            "    # rows: records with key, weight and amount",
            "    total = 0",
            "    seen = set()",
            "    for row in rows:",
            "        if row.weight >= limit:",
            "            continue",
            "        if row.key in seen:",
            "            continue",
            "        seen.add(row.key)",
            f"        total += row.amount * {i + 1}",
            "    if not seen:",
            f"        log.warning('section {i}: nothing under %s', limit)",
            "        if strict:",
            f'            raise ValueError("section {i}: no rows under the limit")',
            "        return 0",
            "    log.debug('section %d: %d rows', " + str(i) + ", len(seen))",
            "    return total",
            "",
        ]
    assert len(lines) == 300
    return "\n".join(lines) + "\n"


EDIT_TOOL = {
    "type": "function",
    "function": {
        "name": "edit_file",
        "description": "Replace old_string with new_string in a file.",
        "parameters": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "old_string": {"type": "string"},
                           "new_string": {"type": "string"}},
            "required": ["path", "old_string", "new_string"],
        },
    },
}


def turns():
    text = source_file()
    numbered = "\n".join(f"{n + 1:6}\t{line}" for n, line in enumerate(text.splitlines()))
    read = [
        {"role": "system", "content": "You are a coding assistant. Answer with code only."},
        {"role": "user", "content": "Read report.py."},
        {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "type": "function", "function": {
            "name": "read_file", "arguments": json.dumps({"path": "report.py"})}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": numbered},
    ]
    return {
        "rewrite": {"messages": read + [{"role": "user", "content":
                    "Write out the whole of report.py again, unchanged except that report_section_7 uses "
                    "`limit=99`. Only the file, no commentary."}]},
        "edit": {"messages": read + [{"role": "user", "content":
                 "Replace the functions report_section_3 and report_section_4 (lines 61 to 100, 40 lines "
                 "with the blank ones) with one function report_sections_3_4 that does both. Use "
                 "edit_file; old_string must be those lines exactly."}], "tools": [EDIT_TOOL]},
        "prose": {"messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "In a few paragraphs, explain why a team might prefer small commits "
                                        "to large ones, and when it might not."}]},
    }


def request(url, model, body, max_tokens):
    payload = dict(body, model=model, max_tokens=max_tokens, temperature=0, stream=False,
                   cache_prompt=True, ignore_eos=True)
    req = urllib.request.Request(url + "/v1/chat/completions", data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    start = time.monotonic()
    with urllib.request.urlopen(req, timeout=600) as resp:
        reply = json.load(resp)
    return (time.monotonic() - start) * 1000, reply.get("timings", {})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", action="append", required=True, metavar="TYPE=URL")
    p.add_argument("--model", default="bench")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--max-tokens", type=int, default=192)
    p.add_argument("--turns", default="rewrite,edit,prose")
    a = p.parse_args()
    servers = [s.split("=", 1) for s in a.server]
    all_turns = turns()
    names = a.turns.split(",")
    for name in names:
        for _, url in servers:
            request(url, a.model, all_turns[name], a.max_tokens)  # puts the prompt in the cache
    for run in range(a.runs):
        for name in names:
            for kind, url in servers:
                wall, t = request(url, a.model, all_turns[name], a.max_tokens)
                print(json.dumps({"type": kind, "turn": name, "run": run, "wall_ms": round(wall, 1),
                                  "predicted_n": t.get("predicted_n", 0),
                                  "predicted_per_second": t.get("predicted_per_second", 0),
                                  "draft_n": t.get("draft_n", 0), "draft_n_accepted": t.get("draft_n_accepted", 0)}))
                sys.stdout.flush()

if __name__ == "__main__":
    main()
