#!/usr/bin/env bash
# A full multi-turn tool session through the real pair binary against the scripted server:
# list, search, read, edit, run the tests, answer. Then --continue, and stream-json output.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

cat >"$WS/add.py" <<'PY'
def add(a, b):
    return a - b
PY
cat >"$WS/test_add.py" <<'PY'
from add import add
assert add(2, 3) == 5, "add(2, 3) should be 5"
print("OK")
PY
echo "Run tests with: python3 test_add.py" >"$WS/AGENTS.md"
git -C "$WS" add -A && git -C "$WS" commit -qm init

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"reasoning": "Let me look around.", "tool_calls": [{"name": "list_files", "arguments": {}}]},
  {"tool_calls": [{"name": "search_files", "arguments": {"pattern": "def add"}}], "chunking": "chars"},
  {"text": "Reading it.", "tool_calls": [{"name": "read_file", "arguments": {"path": "add.py"}}], "chunking": {"bytes": 7}},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "add.py", "old_string": "return a - b", "new_string": "return a + b"}}], "crlf": true, "keepalive_comments": true},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "python3 test_add.py"}}], "tool_call_style": "ollama"},
  {"text": "Fixed: `add` subtracted instead of adding; the test passes now.",
   "usage": {"prompt_tokens": 900, "completion_tokens": 20},
   "timings": {"prompt_n": 40, "cache_n": 860, "predicted_n": 20, "prompt_ms": 10, "predicted_ms": 50}}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"
run_pair -p "fix the failing test" --permission-mode bypass
assert_rc 0 "turn completed"
assert_eq "$OUT" "Fixed: \`add\` subtracted instead of adding; the test passes now." "final answer on stdout"
assert_contains "$(cat "$WS/add.py")" "return a + b" "the edit was made"
pass "tool session edits the file and answers"

check_log '
assert len(requests) == 6, len(requests)
assert_all_extend(requests)
first = messages(requests[0])
assert first[0]["role"] == "system"
assert first[1]["role"] == "user"
assert first[1]["content"].startswith("<context>\n"), first[1]["content"][:80]
assert "Working directory: " + ws in first[1]["content"]
assert "Run tests with: python3 test_add.py" in first[1]["content"], "AGENTS.md included"
assert first[1]["content"].endswith("fix the failing test")
assert all(messages(r)[0] == first[0] for r in requests), "system prompt changed"
names = [t["function"]["name"] for t in requests[0]["json"]["tools"]]
assert names == ["read_file", "write_file", "edit_file", "bash", "list_files", "search_files", "web_fetch"], names
body = requests[0]["json"]
assert body["stream"] is True and body["stream_options"]["include_usage"] is True
assert body["return_progress"] is True, "llama.cpp extras for a local server"
# every call answered exactly once, with its id, in order
for i in range(1, 6):
    msgs = messages(requests[i])
    call = msgs[-2]["tool_calls"][0]
    result = msgs[-1]
    assert result["role"] == "tool" and result["tool_call_id"] == call["id"], (call, result)
    assert msgs[-2]["content"] is None or isinstance(msgs[-2]["content"], str)
assert messages(requests[1])[-2]["reasoning_content"] == "Let me look around."
assert "add.py" in messages(requests[1])[-1]["content"] and "test_add.py" in messages(requests[1])[-1]["content"]
assert "add.py:1:def add(a, b):" in messages(requests[2])[-1]["content"], messages(requests[2])[-1]["content"]
assert messages(requests[3])[-2]["content"] == "Reading it."
assert "return a - b" in messages(requests[3])[-1]["content"]
assert "OK" in messages(requests[5])[-1]["content"], messages(requests[5])[-1]["content"]
'
pass "requests extend byte for byte; every call answered once; context and AGENTS.md in the first message"

sessions=$(find "$XDG_DATA_HOME/pair/sessions" -name '*.jsonl')
[[ $(echo "$sessions" | wc -l) == 1 ]] || fail "expected one session file, got: $sessions"
[[ $(stat -c %a "$sessions") == 600 ]] || fail "session file should be private"
grep -q '"format":1' <<<"$(head -1 "$sessions")" || fail "session header with a format version"
pass "session recorded"

# --continue: the resumed conversation extends the last request byte for byte.
cp "$LOG" "$T/first.jsonl"
cat >"$T/script2.json" <<'JSON'
{"responses": [{"text": "You are welcome."}]}
JSON
scripted_start "$T/script2.json"
use_model "$URL/v1"
run_pair -c -p "thanks"
assert_rc 0
assert_eq "$OUT" "You are welcome."
check_log '
earlier = load_requests("'"$T"'/first.jsonl")[-1]
assert len(requests) == 1
assert_extends(earlier, requests[0], "the resumed request")
msgs = messages(requests[0])
assert msgs[-2]["role"] == "assistant" and msgs[-2]["content"].startswith("Fixed:")
assert msgs[-1] == {"role": "user", "content": "thanks"}, msgs[-1]
'
[[ $(find "$XDG_DATA_HOME/pair/sessions" -name '*.jsonl' | wc -l) == 1 ]] || fail "--continue appends to the same session"
pass "--continue resumes byte for byte into the same session file"

# --resume ID and stream-json output
id=$(basename "$sessions" .jsonl)
cat >"$T/script3.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "add.py"}}]},
  {"text": "Still fine.", "timings": {"prompt_n": 5, "cache_n": 1000, "predicted_n": 3}}
]}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
run_pair --resume "$id" -p "check again" --output-format stream-json
assert_rc 0
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json events"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
types = [e["type"] for e in events]
assert types[0] == "init" and events[0]["resumed"] is True, events[0]
for t in ("request", "tool_call", "tool_result", "text", "timings", "usage", "result"):
    assert t in types, (t, types)
assert types[-1] == "result"
result = events[-1]
assert result["outcome"] == "completed" and result["result"] == "Still fine." and result["model_requests"] == 2, result
assert result["timings"]["cache_n"] == 1000, result
call = next(e for e in events if e["type"] == "tool_call")
res = next(e for e in events if e["type"] == "tool_result")
assert call["id"] == res["id"] and call["name"] == "read_file" and "return a + b" in res["output"]
PY
pass "--resume ID with stream-json events"

# json output
cat >"$T/script4.json" <<'JSON'
{"responses": [{"text": "Done."}]}
JSON
scripted_start "$T/script4.json"
use_model "$URL/v1"
run_pair -p "hi" --output-format json --no-session
assert_rc 0
"$HARNESS_PY" -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["type"]=="result" and r["result"]=="Done." and r["is_error"] is False, r' "$OUT" \
  || fail "json output"
pass "json output"
