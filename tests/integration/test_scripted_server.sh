#!/usr/bin/env bash
# Self-test of tests/support/scripted_server.py: runs scripts through curl and checks the bytes.
set -euo pipefail

root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/pair-scripted.XXXXXX")
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

start() { # start SCRIPT_FILE
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -f "$work/port" "$work/log.jsonl"
  "$py" "$root/tests/support/scripted_server.py" --script "$1" --log "$work/log.jsonl" \
    --port-file "$work/port" &
  server=$!
  for _ in $(seq 1 200); do [[ -s "$work/port" ]] && break; sleep 0.02; done
  [[ -s "$work/port" ]] || fail "scripted_server did not write its port file"
  url=http://127.0.0.1:$(cat "$work/port")
}

post() { # post OUT BODY [curl args...]: writes the body to OUT, prints the HTTP status
  local out=$1 body=$2
  shift 2
  curl -sS -o "$out" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary "$body" "$@" "$url/v1/chat/completions"
}

# check FILE PYTHON: runs PYTHON with `raw` (bytes of FILE) and `events` (parsed data payloads).
check() {
  "$py" - "$1" "$2" <<'EOF' || exit 1
import json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8").replace("\r\n", "\n")
events = []
for block in text.split("\n\n"):
    for line in block.split("\n"):
        if line.startswith("data: "):
            payload = line[6:]
            events.append(payload if payload == "[DONE]" else json.loads(payload))
chunks = [e for e in events if isinstance(e, dict) and e.get("choices")]
deltas = [c["choices"][0]["delta"] for c in chunks]
def content(kind="content"):
    return [d[kind] for d in deltas if d.get(kind) is not None]
exec(sys.argv[2])
EOF
}

stream='{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}'
stream_usage='{"stream":true,"stream_options":{"include_usage":true},"messages":[]}'

# --- chunking, reasoning, usage and timings, CRLF, keep-alive comments ----------------------
cat >"$work/s1.json" <<'EOF'
{"n_ctx": 4096, "model": "scripted-test", "responses": [
  {"text": "Hello, wörld! 你好 there", "reasoning": "Think first.",
   "timings": {"prompt_n": 12, "cache_n": 3, "predicted_n": 7}},
  {"text": "héllo", "chunking": "chars"},
  {"text": "one two three", "chunking": "single",
   "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
   "timings": {"prompt_n": 5}},
  {"text": "crlf text", "crlf": true, "keepalive_comments": true},
  {"text": "日本語のテキスト", "chunking": {"bytes": 7}},
  {"text": "plain json", "reasoning": "hmm", "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}}
]}
EOF
start "$work/s1.json"

[[ $(post "$work/r1" "$stream") == 200 ]] || fail "entry 0 status"
check "$work/r1" '
assert "".join(content()) == "Hello, wörld! 你好 there", content()
assert len(content()) > 3, content()
assert "".join(content("reasoning_content")) == "Think first."
assert deltas[0] == {"role": "assistant", "content": None}
assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
assert chunks[-1]["timings"]["prompt_n"] == 12, chunks[-1]
assert all("usage" not in e for e in events if isinstance(e, dict))
assert chunks[0]["model"] == "m"
assert events[-1] == "[DONE]"
assert raw.endswith(b"data: [DONE]\n\n")
'
[[ $(post "$work/r2" "$stream") == 200 ]] || fail "entry 1 status"
check "$work/r2" 'assert content() == ["h", "é", "l", "l", "o"], content()'

[[ $(post "$work/r3" "$stream_usage") == 200 ]] || fail "entry 2 status"
check "$work/r3" '
assert content() == ["one two three"]
finish = [c for c in chunks if c["choices"][0]["finish_reason"]]
assert len(finish) == 1 and "timings" not in finish[0]
last = [e for e in events if isinstance(e, dict)][-1]
assert last["choices"] == [] and last["usage"]["total_tokens"] == 8 and last["timings"]["prompt_n"] == 5, last
assert last["model"] == "scripted-test"
'
[[ $(post "$work/r4" "$stream") == 200 ]] || fail "entry 3 status"
check "$work/r4" '
assert b"\r\n\r\n" in raw and raw.replace(b"\r\n", b"").count(b"\n") == 0, raw[:200]
assert raw.count(b": keep-alive\r\n\r\n") == len(events) - 1, raw
assert "".join(content()) == "crlf text"
'
# Byte chunking: read the HTTP chunk framing itself (curl --raw keeps it).
[[ $(post "$work/r5" "$stream" --raw) == 200 ]] || fail "entry 4 status"
"$py" - "$work/r5" <<'EOF' || fail "byte chunking"
import sys
raw = open(sys.argv[1], "rb").read()
sizes, body, pos = [], b"", 0
while True:
    end = raw.index(b"\r\n", pos)
    size = int(raw[pos:end], 16)
    if size == 0:
        break
    sizes.append(size)
    body += raw[end + 2:end + 2 + size]
    pos = end + 2 + size + 2
assert all(s == 7 for s in sizes[:-1]) and 0 < sizes[-1] <= 7, sizes
cut_utf8 = cut_line = 0
offset = 0
for s in sizes[:-1]:
    offset += s
    piece = body[:offset]
    try:
        piece.decode("utf-8")
    except UnicodeDecodeError:
        cut_utf8 += 1
    if not piece.endswith(b"\n"):
        cut_line += 1
assert cut_utf8 > 0 and cut_line > 0, (cut_utf8, cut_line)
assert body.endswith(b"data: [DONE]\n\n")
EOF
# Non-streamed answer.
[[ $(post "$work/r6" '{"messages":[]}') == 200 ]] || fail "entry 5 status"
"$py" - "$work/r6" <<'EOF' || fail "non-streamed answer"
import json, sys
body = json.load(open(sys.argv[1]))
assert body["object"] == "chat.completion"
message = body["choices"][0]["message"]
assert message == {"role": "assistant", "content": "plain json", "reasoning_content": "hmm"}, message
assert body["choices"][0]["finish_reason"] == "stop" and body["usage"]["total_tokens"] == 3
EOF
# Exhausted script.
[[ $(post "$work/r7" "$stream") == 500 ]] || fail "exhausted script should answer 500"
grep -q 'script exhausted' "$work/r7" || fail "exhausted message"
# Props and health.
grep -q '"n_ctx":4096' <<<"$(curl -sS "$url/props")" || fail "/props n_ctx"
[[ $(curl -sS -o /dev/null -w '%{http_code}' "$url/health") == 200 ]] || fail "/health"

# --- request log ------------------------------------------------------------------------------
odd_body='{ "stream" : true,   "messages":[{"role":"user","content":"tab\there ü"}] }'
cat >"$work/s2.json" <<'EOF'
{"responses": [
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "src/a b.txt"}},
                  {"id": "fixed", "name": "list", "arguments": "{\"depth\": 2"}]},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "x"}},
                  {"name": "grep", "arguments": {"pattern": "a\"b"}}],
   "tool_call_style": "ollama", "finish_reason": "stop"},
  {"status": 429, "error": "slow down", "headers": {"Retry-After": "3"}},
  {"status": 400, "error": {"message": "request (9000 tokens) exceeds the available context size (4096 tokens), try increasing it",
                            "type": "exceed_context_size_error", "n_prompt_tokens": 9000, "n_ctx": 4096}},
  {"text": "a long answer that will be cut off", "drop_after_bytes": 300},
  {"text": "partial", "stream_error": "boom"},
  {"stream_tokens": 20, "tokens_per_second": 200, "prompt_progress": {"total": 300, "steps": 2}},
  {"raw_sse": ["data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"r", "aw\"}}]}\n\n", "data: [DONE]\n\n"]}
]}
EOF
start "$work/s2.json"
[[ $(post "$work/t1" "$odd_body") == 200 ]] || fail "tool calls status"
check "$work/t1" '
calls = [d["tool_calls"][0] for d in deltas if "tool_calls" in d]
first0 = [c for c in calls if c["index"] == 0]
assert first0[0]["id"] == "call_0_0" and first0[0]["function"]["name"] == "read_file" and first0[0]["type"] == "function"
assert all("id" not in c and "name" not in c["function"] for c in first0[1:]) and len(first0) > 2
assert json.loads("".join(c["function"]["arguments"] for c in first0)) == {"path": "src/a b.txt"}
first1 = [c for c in calls if c["index"] == 1]
assert first1[0]["id"] == "fixed" and "".join(c["function"]["arguments"] for c in first1) == "{\"depth\": 2"
assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
'
[[ $(post "$work/t2" "$stream") == 200 ]] || fail "ollama status"
check "$work/t2" '
calls = [d["tool_calls"] for d in deltas if "tool_calls" in d]
assert len(calls) == 2 and all(len(c) == 1 for c in calls), calls
assert calls[0][0]["index"] == 0 and json.loads(calls[0][0]["function"]["arguments"]) == {"path": "x"}
assert calls[1][0]["id"] == "call_1_1" and json.loads(calls[1][0]["function"]["arguments"]) == {"pattern": "a\"b"}
assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
'
curl -sS -D "$work/h3" -o "$work/t3" -H 'Content-Type: application/json' --data-binary "$stream" \
  "$url/v1/chat/completions"
grep -q ' 429 ' <<<"$(head -n 1 "$work/h3")" || fail "429 status line"
grep -qi '^Retry-After: 3' "$work/h3" || fail "Retry-After header"
check "$work/t3" 'assert json.loads(raw) == {"error": {"code": 429, "message": "slow down", "type": "rate_limit_error"}}, raw'
[[ $(post "$work/t4" "$stream") == 400 ]] || fail "400 status"
check "$work/t4" '
e = json.loads(raw)["error"]
assert e["type"] == "exceed_context_size_error" and e["code"] == 400 and e["n_ctx"] == 4096, e
'
rc=0
curl -sS -o "$work/t5" --data-binary "$stream" "$url/v1/chat/completions" 2>/dev/null || rc=$?
[[ $rc == 18 ]] || fail "drop_after_bytes: curl exit $rc, expected 18 (partial transfer)"
[[ $(stat -c %s "$work/t5") == 300 ]] || fail "drop_after_bytes: got $(stat -c %s "$work/t5") bytes"
[[ $(post "$work/t6" "$stream") == 200 ]] || fail "stream_error status"
check "$work/t6" '
assert events[-1] == {"error": {"code": 500, "message": "boom", "type": "server_error"}}, events[-1]
assert "[DONE]" not in events
'
start_ms=$(date +%s%3N)
[[ $(post "$work/t7" "$stream_usage") == 200 ]] || fail "stream_tokens status"
elapsed=$(($(date +%s%3N) - start_ms))
((elapsed >= 90)) || fail "20 tokens at 200/s took only ${elapsed} ms"
check "$work/t7" '
progress = [c["prompt_progress"] for c in chunks if "prompt_progress" in c]
assert [p["processed"] for p in progress] == [0, 150, 300] and progress[0]["total"] == 300, progress
assert len(content()) == 20
last = [e for e in events if isinstance(e, dict)][-1]
assert last["usage"]["completion_tokens"] == 20, last
'
[[ $(post "$work/t8" "$stream") == 200 ]] || fail "raw_sse status"
check "$work/t8" 'assert content() == ["raw"] and events[-1] == "[DONE]"'

# The log has every request, bodies byte for byte, and which entry answered.
"$py" - "$work/log.jsonl" "$odd_body" <<'EOF' || fail "request log"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(lines) == 8, len(lines)
first = lines[0]
assert first["method"] == "POST" and first["path"] == "/v1/chat/completions"
assert first["body"] == sys.argv[2], first["body"]
assert first["json"]["messages"][0]["content"] == "tab\there ü"
assert first["headers"]["Content-Type"] == "application/json"
assert [l["response_index"] for l in lines] == list(range(8))
assert [l["seq"] for l in lines] == list(range(1, 9))
EOF

# --- same shape as the real llama-server fixtures ---------------------------------------------
fixtures=$root/tests/fixtures/llama-server
cat >"$work/s4.json" <<'EOF'
{"responses": [
  {"text": "Hello there.", "finish_reason": "length",
   "timings": {"prompt_n": 22}},
  {"tool_calls": [{"name": "head", "arguments": {"lines": 10, "follow": false}}], "timings": {"prompt_n": 22}},
  {"reasoning": "Let me see.", "text": "Four.", "timings": {"prompt_n": 1}},
  {"text": "Routes", "finish_reason": "length", "prompt_progress": {"total": 1283, "steps": 3}, "timings": {"prompt_n": 1}}
]}
EOF
start "$work/s4.json"
n=0
for fixture in plain_stream_usage tool_call_stream reasoning_stream prompt_progress_stream; do
  post "$work/f$n" "$(cat "$fixtures/$fixture.request.json")" >/dev/null
  "$py" - "$fixtures/$fixture.body" "$work/f$n" <<'EOF' || fail "scripted stream differs in shape from $fixture"
import json, sys
def shapes(path):
    out = []
    for block in open(path, "rb").read().decode("utf-8").split("\n\n"):
        if not block:
            continue
        assert block.startswith("data: "), block
        payload = block[6:]
        if payload == "[DONE]":
            out.append("DONE")
            continue
        chunk = json.loads(payload)
        shape = [sorted(chunk)]
        for choice in chunk["choices"]:
            delta = choice["delta"]
            calls = [(sorted(c), sorted(c.get("function", {}))) for c in delta.get("tool_calls", [])]
            shape.append((sorted(choice), sorted(delta), calls, choice["finish_reason"]))
        # usage and timings are copied from the script entry; their presence is what counts.
        shape = json.dumps(shape)
        if not out or out[-1] != shape:  # runs of similar deltas count once
            out.append(shape)
    return out
real, scripted = shapes(sys.argv[1]), shapes(sys.argv[2])
if real != scripted:
    print("real:    ", *real, sep="\n  ")
    print("scripted:", *scripted, sep="\n  ")
    sys.exit(1)
EOF
  n=$((n + 1))
done

# --- speed: a one-turn answer takes about a millisecond ---------------------------------------
"$py" -c 'import json; json.dump({"responses": [{"text": "Hello there, this is a short answer."}] * 50}, open("'"$work"'/s3.json", "w"))'
start "$work/s3.json"
"$py" - "$(cat "$work/port")" <<'EOF' || fail "scripted server too slow"
import http.client, json, sys, time
port = int(sys.argv[1])
body = json.dumps({"stream": True, "messages": [{"role": "system", "content": "x" * 16000}]})
times = []
for _ in range(50):
    t = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    data = c.getresponse().read()
    c.close()
    times.append(time.perf_counter() - t)
    assert data.endswith(b"data: [DONE]\n\n")
times.sort()
median_ms = times[len(times) // 2] * 1000
print(f"scripted_server: one streamed turn, median {median_ms:.2f} ms")
# Generous bound for loaded CI machines; it is well under 1 ms when idle.
assert median_ms < 20, median_ms
EOF

echo "test_scripted_server: all checks passed"
