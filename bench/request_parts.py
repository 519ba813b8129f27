#!/usr/bin/env python3
"""Splits the model requests in a recording endpoint's log into the parts that the prompt budget
counts, for any of the four wire formats (OpenAI chat completions, Anthropic Messages, OpenAI
Responses, Gemini generateContent).

  request_parts.py LOG OUTDIR [--since SEQ]

Writes, for the first request that carries tools (the agent's own first request; title or
memory requests without tools come before or after it):
  OUTDIR/system.txt   the system prompt: system/developer-role text (chat: system messages;
                      Messages: the `system` blocks plus any system-role message; Responses:
                      `instructions` plus developer-role input), joined by newlines
  OUTDIR/tools.json   the tools array exactly as sent (its bytes in the request body)
  OUTDIR/rest.txt     every other message text of that request (context blocks, reminders, the
                      user's prompt)
  OUTDIR/main.txt     the three, in that order (the order chat templates render them)
and for every model request N (1-based, in order) OUTDIR/request-N.txt with all three parts.
Prints one JSON object: {"requests": N, "main": index of the tools request (1-based),
"kinds": [...one label per request...], "tools": [names], "bytes": [body sizes]}.
"""
import json
import os
import sys

MODEL_PATHS = ("/chat/completions", "/messages", "/responses", ":generateContent", ":streamGenerateContent")


def raw_array(body, key):
    marker = '"%s":' % key
    start = body.index(marker) + len(marker)
    while body[start] in " \t\r\n":
        start += 1
    _, end = json.JSONDecoder().raw_decode(body, start)
    return body[start:end]


def text_of(content):
    """The text of a message's content (a string or a list of blocks)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict):
            if "text" in block and isinstance(block["text"], str):
                parts.append(block["text"])
            elif block.get("type") in ("tool_result", "function_call_output"):
                parts.append(text_of(block.get("content") or block.get("output")))
            elif block.get("type") in ("tool_use",):
                parts.append(json.dumps(block.get("input"), ensure_ascii=False))
    return "\n".join(parts)


def split(record):
    """(system, tools_raw, rest, tool_names) of one request."""
    body, req = record["body"], record["json"]
    system, rest = [], []
    tools = raw_array(body, "tools") if req.get("tools") else ""
    names = [t.get("name") or (t.get("function") or {}).get("name") or t.get("type") for t in req.get("tools") or []]
    path = record["path"].split("?")[0]
    if path.endswith("Content"):  # Gemini API
        names = [d.get("name") for t in req.get("tools") or [] for d in t.get("functionDeclarations") or []]
        s = req.get("systemInstruction") or {}
        system.append(text_of(s.get("parts")) if isinstance(s, dict) else str(s))
        for c in req.get("contents", []):
            for part in c.get("parts", []):
                if "text" in part:
                    rest.append(part["text"])
                elif "functionCall" in part:
                    rest.append(json.dumps(part["functionCall"], ensure_ascii=False))
                elif "functionResponse" in part:
                    rest.append(json.dumps(part["functionResponse"], ensure_ascii=False))
    elif path.endswith("/messages"):
        s = req.get("system")
        system.append(text_of(s) if s else "")
        for m in req.get("messages", []):
            (system if m.get("role") == "system" else rest).append(text_of(m.get("content")))
    elif path.endswith("/responses"):
        if req.get("instructions"):
            system.append(req["instructions"])
        items = req.get("input")
        items = [{"role": "user", "content": items}] if isinstance(items, str) else items or []
        for item in items:
            role = item.get("role")
            if item.get("type") in ("function_call",):
                rest.append(item.get("arguments", ""))
            elif item.get("type") == "function_call_output":
                rest.append(text_of(item.get("output")))
            else:
                (system if role in ("system", "developer") else rest).append(text_of(item.get("content")))
    else:
        for m in req.get("messages", []):
            text = text_of(m.get("content"))
            for call in m.get("tool_calls") or []:
                text += "\n" + (call.get("function") or {}).get("arguments", "")
            (system if m.get("role") in ("system", "developer") else rest).append(text)
    return "\n".join(x for x in system if x), tools, "\n".join(x for x in rest if x), names


def main(argv):
    log, out = argv[0], argv[1]
    since = int(argv[argv.index("--since") + 1]) if "--since" in argv else 0
    os.makedirs(out, exist_ok=True)
    records = []
    for line in open(log, encoding="utf-8"):
        r = json.loads(line)
        if r["method"] == "POST" and r["path"].split("?")[0].endswith(MODEL_PATHS) and r["seq"] > since \
                and isinstance(r.get("json"), dict):
            records.append(r)
    main_index, kinds, bytes_ = None, [], []
    for n, r in enumerate(records, 1):
        system, tools, rest, names = split(r)
        with open(os.path.join(out, "request-%d.txt" % n), "w", encoding="utf-8") as f:
            f.write(system + "\n" + tools + "\n" + rest)
        bytes_.append(len(r["body"].encode("utf-8")))
        if tools and main_index is None:
            main_index = n
            for name, text in (("system.txt", system), ("tools.json", tools), ("rest.txt", rest),
                               ("main.txt", system + "\n" + tools + "\n" + rest)):
                with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                    f.write(text)
            main_names = names
            kinds.append("agent")
        elif tools:
            kinds.append("agent" if names == main_names else "side agent (%d tools)" % len(names))
        else:
            kinds.append("no tools (title/summary)")
    print(json.dumps({"requests": len(records), "main": main_index, "kinds": kinds,
                      "tools": main_names if main_index else [], "bytes": bytes_}))
    return 0 if main_index else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
