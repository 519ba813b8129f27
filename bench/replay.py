#!/usr/bin/env python3
"""Replays recorded model requests, in order, against a real llama-server and reports its own
figures for each (timings.prompt_n: tokens processed, timings.cache_n: tokens reused from the
KV cache, prompt_ms, predicted_ms) plus the wall time.

  replay.py --url http://127.0.0.1:PORT --log REQUESTS.jsonl [--script S.json]
            [--mode as-recorded|timestamp] [--limit N] [--out RESULTS.jsonl]

Each request body is sent as recorded, except: non-streamed (so the answer carries `timings`),
greedy (temperature 0), `cache_prompt: true`, and `max_tokens` = the length in tokens (the
server's /tokenize) of the answer the scripted model gave to that request in the recording (its
text plus each tool call's name and arguments), with `ignore_eos` so that a random-weight model
writes exactly that many. The answer the server writes is thrown away: the next request carries
the recorded conversation, as the real agent would.

--mode timestamp is the naive client: a line "Current date and time: <now, to the millisecond>"
is appended to the system prompt of every request (as some agents do), which changes the prompt
from that line on for every request.

Wire formats: OpenAI chat completions (path .../chat/completions), Anthropic Messages
(.../messages) and OpenAI Responses (.../responses), each sent to the same path on llama-server.
The last two answer with `usage` but no `timings`: their token counts come from `usage` and their
times from /metrics (start llama-server with --metrics).
Prints one JSON summary line; --out gets one JSON line per request.
"""
import argparse
import datetime
import json
import sys
import time
import urllib.request

MODEL_PATHS = ("/chat/completions", "/messages", "/responses")
STRIP = ("stream_options", "return_progress", "id_slot")


def post(url, body, timeout=3600):
    data = json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = json.loads(resp.read())
    except urllib.error.HTTPError as e:
        raise SystemExit("replay: %s answered %d: %s" % (url, e.code, e.read()[:500].decode("utf-8", "replace")))
    return answer, time.perf_counter() - start


def metrics(url):
    """llama-server's cumulative prompt and generation seconds (--metrics), or None."""
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=30) as resp:
            text = resp.read().decode()
    except (urllib.error.URLError, OSError):
        return None
    values = {}
    for line in text.splitlines():
        if line.startswith("llamacpp:") and " " in line:
            key, value = line.split(" ", 1)
            values[key[len("llamacpp:"):]] = float(value)
    return values


def usage_timings(answer, kind, before, after):
    """timings from the usage of a Messages or Responses answer (they carry no `timings`), with
    the times from /metrics."""
    usage = answer.get("usage") or {}
    if kind == "messages":
        cache = usage.get("cache_read_input_tokens", 0)
        processed = usage.get("input_tokens", 0)
    else:
        cache = (usage.get("input_tokens_details") or {}).get("cached_tokens", 0)
        processed = usage.get("input_tokens", 0) - cache
    t = {"prompt_n": processed, "cache_n": cache, "predicted_n": usage.get("output_tokens")}
    if before and after:
        t["prompt_ms"] = 1000 * (after.get("prompt_seconds_total", 0) - before.get("prompt_seconds_total", 0))
        t["predicted_ms"] = 1000 * (after.get("tokens_predicted_seconds_total", 0)
                                    - before.get("tokens_predicted_seconds_total", 0))
    return t


def load(log):
    out = []
    for line in open(log, encoding="utf-8"):
        r = json.loads(line)
        path = r["path"].split("?")[0]
        if r["method"] == "POST" and path.endswith(MODEL_PATHS) and isinstance(r.get("json"), dict):
            out.append(r)
    return out


def answer_text(entry):
    text = entry.get("text", "") or ""
    for call in entry.get("tool_calls") or []:
        args = call.get("arguments", {})
        text += "\n" + call["name"] + " " + (args if isinstance(args, str) else json.dumps(args, ensure_ascii=False))
    return text or "Done."


def stamp_system(body, kind, stamp):
    line = "\nCurrent date and time: " + stamp
    if kind == "messages":
        system = body.get("system")
        if isinstance(system, list) and system:
            system[-1] = dict(system[-1], text=system[-1].get("text", "") + line)
        else:
            body["system"] = (system or "") + line
    elif kind == "responses":
        if body.get("instructions"):
            body["instructions"] += line
        else:
            for item in body.get("input") or []:
                if item.get("role") in ("developer", "system"):
                    content = item["content"]
                    if isinstance(content, str):
                        item["content"] = content + line
                    else:
                        content[-1] = dict(content[-1], text=content[-1].get("text", "") + line)
                    break
    else:
        for m in body.get("messages", []):
            if m.get("role") == "system":
                if isinstance(m["content"], str):
                    m["content"] += line
                else:
                    m["content"][-1] = dict(m["content"][-1], text=m["content"][-1].get("text", "") + line)
                break


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--script")
    p.add_argument("--mode", default="as-recorded", choices=["as-recorded", "timestamp"])
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--out")
    args = p.parse_args(argv)

    responses, standing = [], []
    if args.script:
        script = json.load(open(args.script, encoding="utf-8"))
        responses = script.get("responses", []) if isinstance(script, dict) else script
        standing = script.get("standing", []) if isinstance(script, dict) else []
    records = load(args.log)
    if args.limit:
        records = records[:args.limit]
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    rows = []
    for n, r in enumerate(records, 1):
        path = r["path"].split("?")[0]
        kind = "messages" if path.endswith("/messages") else "responses" if path.endswith("/responses") else "chat"
        index = r.get("response_index")
        if isinstance(index, int) and index < len(responses):
            entry = responses[index]
        elif isinstance(index, str) and index.startswith("standing:"):
            entry = standing[int(index.split(":")[1])]["response"]
        else:
            entry = {"text": "Done."}
        tokens, _ = post(args.url + "/tokenize", {"content": answer_text(entry)})
        n_predict = max(1, len(tokens["tokens"]))
        body = json.loads(r["body"])
        for key in STRIP:
            body.pop(key, None)
        body.update({"stream": False, "temperature": 0, "cache_prompt": True, "ignore_eos": True})
        body["max_output_tokens" if kind == "responses" else "max_tokens"] = n_predict
        if kind == "responses":
            body.pop("max_tokens", None)
        if args.mode == "timestamp":
            stamp_system(body, kind, datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"))
        target = args.url + ("/v1/messages" if kind == "messages" else "/v1/responses" if kind == "responses"
                             else "/v1/chat/completions")
        before = metrics(args.url) if kind != "chat" else None
        answer, wall = post(target, body)
        t = answer.get("timings") or usage_timings(answer, kind, before, metrics(args.url) if before else None)
        row = {"n": n, "kind": kind, "max_tokens": n_predict, "prompt_n": t.get("prompt_n"),
               "cache_n": t.get("cache_n"), "prompt_ms": t.get("prompt_ms"), "predicted_n": t.get("predicted_n"),
               "predicted_ms": t.get("predicted_ms"), "wall_s": wall}
        if row["prompt_n"] is None:
            raise SystemExit("replay: the answer to request %d has no timings: %s" % (n, json.dumps(answer)[:300]))
        rows.append(row)
        if out:
            out.write(json.dumps(row) + "\n")
            out.flush()

    def total(key, rs):
        return sum(x[key] or 0 for x in rs)

    later = rows[1:]
    summary = {
        "mode": args.mode, "requests": len(rows),
        "prompt_tokens": total("prompt_n", rows) + total("cache_n", rows),
        "processed": total("prompt_n", rows), "reused": total("cache_n", rows),
        "first_prompt": rows[0]["prompt_n"] + rows[0]["cache_n"] if rows else 0,
        "reuse_pct": 100.0 * total("cache_n", rows) / max(1, total("prompt_n", rows) + total("cache_n", rows)),
        "reuse_after_first_pct": 100.0 * total("cache_n", later) / max(1, total("prompt_n", later) + total("cache_n", later)),
        "prompt_ms": total("prompt_ms", rows), "predicted_ms": total("predicted_ms", rows),
        "server_ms": total("prompt_ms", rows) + total("predicted_ms", rows), "wall_s": total("wall_s", rows),
        "predicted_n": total("predicted_n", rows),
        "last_prompt": rows[-1]["prompt_n"] + rows[-1]["cache_n"] if rows else 0,
        # Of the prompt each request shares with the one before (at most that whole earlier prompt),
        # how much the server served from its cache: 100% means nothing already seen was re-read.
        "prior_reuse_pct": 100.0 * total("cache_n", later) / max(1, sum(
            (a["prompt_n"] or 0) + (a["cache_n"] or 0) for a in rows[:-1])),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
