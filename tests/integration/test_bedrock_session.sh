#!/usr/bin/env bash
# The Bedrock provider through the real pair binary, against a local Bedrock stand-in built on AWS's
# own JavaScript libraries (every request's SigV4 signature verified by @smithy/signature-v4, every
# answer encoded by @smithy/eventstream-codec): a multi-turn tool session from the original
# models.json entry, --continue, secrets kept out of output and session files, and switching
# between an OpenAI-compatible server and Bedrock in the middle of a session (both ways).
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/bedrock_harness.sh"
harness_init
bedrock_init

cat >"$WS/add.py" <<'PY'
def add(a, b):
    return a - b
PY
cat >"$WS/test_add.py" <<'PY'
from add import add
assert add(2, 3) == 5, "add(2, 3) should be 5"
print("OK")
PY
git -C "$WS" add -A && git -C "$WS" commit -qm init

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"reasoning": "The test fails; read the code first.", "tool_calls": [{"name": "read_file", "arguments": {"path": "add.py"}}]},
  {"text": "It subtracts.", "tool_calls": [{"name": "edit_file", "arguments": {"path": "add.py", "old_string": "return a - b", "new_string": "return a + b"}}], "split_bytes": 7},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "python3 test_add.py"}}, {"name": "list_files", "arguments": {}}], "split_bytes": 1},
  {"text": "Fixed: `add` subtracted instead of adding; the test passes now.", "usage": {"inputTokens": 900, "outputTokens": 20, "cacheReadInputTokens": 700}}
]}
JSON
standin_start "$T/script.json"
use_bedrock_model '"max_tokens": 2048, "temperature": 0.3'
run_pair -p "fix the failing test" --permission-mode bypass --output-format stream-json --verbose
assert_rc 0 "turn completed"
assert_contains "$(cat "$WS/add.py")" "return a + b" "the edit was made"
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json events"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
types = [e["type"] for e in events]
result = events[-1]
assert result["type"] == "result" and result["outcome"] == "completed", result
assert result["result"].startswith("Fixed: `add` subtracted"), result
assert result["model_requests"] == 4, result
assert "reasoning" in types and "tool_call" in types and "usage" in types, types
assert result["usage"]["cached_tokens"] == 700 and result["usage"]["prompt_tokens"] == 300 + 900 + 700, result["usage"]
assert result["timings"]["total_ms"] == 4 * 42, result["timings"]
calls = [e["name"] for e in events if e["type"] == "tool_call"]
assert calls == ["read_file", "edit_file", "bash", "list_files"], calls
res = [e for e in events if e["type"] == "tool_result"]
assert any("OK" in r["output"] for r in res), res
PY
pass "tool session through Bedrock: read, edit, run, answer"

bedrock_log '
assert len(converse) == 4, len(converse)
assert all(r["signature_ok"] for r in log), [r.get("error") for r in log]
for r in converse:
    assert r["model_id"] == "us.anthropic.claude-sonnet-4-6", r["model_id"]
    assert r["path"] == "/model/us.anthropic.claude-sonnet-4-6/converse-stream", r["path"]
    h = r["headers"]
    assert "Credential=AKIATESTPAIRKEY00001/" in h["authorization"] and "/us-east-1/bedrock/aws4_request" in h["authorization"], h["authorization"]
    assert h["x-amz-security-token"] == "pairTestSessionToken//doNotLeak=="
    assert h["content-type"] == "application/json"
first = converse[0]["body"]
assert first["inferenceConfig"] == {"maxTokens": 2048, "temperature": 0.3}, first["inferenceConfig"]
assert len(first["system"]) == 1 and first["system"][0]["text"], first["system"]
names = [t["toolSpec"]["name"] for t in first["toolConfig"]["tools"]]
assert names == ["read_file", "write_file", "edit_file", "bash", "list_files", "search_files", "web_fetch"], names
assert all(t["toolSpec"]["inputSchema"]["json"]["type"] == "object" for t in first["toolConfig"]["tools"])
assert all(r["body"]["toolConfig"] == first["toolConfig"] and r["body"]["system"] == first["system"] for r in converse), "tools or system changed"
m0 = first["messages"]
assert len(m0) == 1 and m0[0]["role"] == "user" and m0[0]["content"][0]["text"].startswith("<context>"), m0
assert m0[0]["content"][0]["text"].endswith("fix the failing test")
# each request extends the previous conversation
for a, b in zip(converse, converse[1:]):
    assert b["body"]["messages"][:len(a["body"]["messages"])] == a["body"]["messages"], "history rewritten"
m1 = converse[1]["body"]["messages"]
assert [m["role"] for m in m1] == ["user", "assistant", "user"], m1
use = m1[1]["content"][0]["toolUse"]
assert m1[1]["content"] == [{"toolUse": use}], "reasoning stays local: " + json.dumps(m1[1])
assert use["name"] == "read_file" and use["input"] == {"path": "add.py"}, use
res = m1[2]["content"][0]["toolResult"]
assert res["toolUseId"] == use["toolUseId"] and "return a - b" in res["content"][0]["text"] and "status" not in res, res
m2 = converse[2]["body"]["messages"]
assert m2[3]["content"][0] == {"text": "It subtracts."}, m2[3]
m3 = converse[3]["body"]["messages"]
uses = [b["toolUse"] for b in m3[5]["content"]]
results = [b["toolResult"] for b in m3[6]["content"]]
assert len(uses) == 2 and [r["toolUseId"] for r in results] == [u["toolUseId"] for u in uses], (uses, results)
assert "OK" in results[0]["content"][0]["text"], results[0]
'
pass "signed requests; system, toolConfig identical each time; toolUse/toolResult pairing; parallel results in one user message"

# --continue with Bedrock: the conversation goes on in the same session.
cat >"$T/script2.json" <<'JSON'
{"responses": [{"text": "You are welcome."}]}
JSON
standin_start "$T/script2.json"
run_pair -c -p "thanks"
assert_rc 0
assert_eq "$OUT" "You are welcome."
bedrock_log '
m = converse[0]["body"]["messages"]
assert m[-1] == {"role": "user", "content": [{"text": "thanks"}]}, m[-1]
assert m[-2]["role"] == "assistant" and m[-2]["content"][0]["text"].startswith("Fixed:"), m[-2]
assert len(m) == 9, len(m)
'
pass "--continue resumes a Bedrock session"

# Secrets never reach the session file, stdout or stderr (verbose, stream-json).
secrets=("$TEST_SECRET" "$TEST_TOKEN")
for s in "${secrets[@]}"; do
  if grep -rqF -- "$s" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$T/out" "$T/err" 2>/dev/null; then
    fail "a secret was written to pair's output or files"
  fi
done
pass "no secret in session files or output"

# Switching provider mid-session: OpenAI-compatible server -> Bedrock -> back, with --continue -m.
cat >"$T/openai.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"id": "functions.read_file:0", "name": "read_file", "arguments": {"path": "add.py"}}]},
  {"text": "It adds now."},
  {"text": "Back on the local model."}
]}
JSON
scripted_start "$T/openai.json"
mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "local", "url": "$URL/v1", "modelId": "qwen3-coder", "purpose": "text"},
 {"name": "claude", "url": "https://bedrock-runtime.us-east-1.amazonaws.com", "modelId": "us.anthropic.claude-sonnet-4-6", "purpose": "text"}]
JSON
trust_workspace
run_pair -p "check add.py" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "It adds now."
cat >"$T/script3.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"id": "tooluse_Bq3xYz", "name": "search_files", "arguments": {"pattern": "def add"}}]},
  {"text": "Claude agrees."}
]}
JSON
standin_start "$T/script3.json"
run_pair -c -m claude -p "double-check with claude" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "Claude agrees."
bedrock_log '
assert all(r["signature_ok"] for r in log)
m = converse[0]["body"]["messages"]
roles = [x["role"] for x in m]
assert roles == ["user", "assistant", "user", "assistant", "user"], roles
use = m[1]["content"][0]["toolUse"]
assert use["name"] == "read_file" and use["input"] == {"path": "add.py"}, use
assert all(c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-" for c in use["toolUseId"]), use
assert m[2]["content"][0]["toolResult"]["toolUseId"] == use["toolUseId"]
assert m[3]["content"] == [{"text": "It adds now."}], m[3]
assert m[4]["content"] == [{"text": "double-check with claude"}], m[4]
'
pass "an OpenAI-compatible conversation continues on Bedrock (ids and arguments mapped)"

run_pair -c -m local -p "and back" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "Back on the local model."
check_log '
msgs = messages(requests[-1])
calls = [m for m in msgs if m["role"] == "assistant" and m.get("tool_calls")]
bedrock_call = calls[-1]["tool_calls"][0]
assert bedrock_call["id"] == "tooluse_Bq3xYz" and bedrock_call["function"]["name"] == "search_files", bedrock_call
assert json.loads(bedrock_call["function"]["arguments"]) == {"pattern": "def add"}, bedrock_call
result = next(m for m in msgs if m["role"] == "tool" and m["tool_call_id"] == "tooluse_Bq3xYz")
assert "def add" in result["content"], result
assert msgs[-2]["content"] == "Claude agrees." and msgs[-1]["content"] == "and back", msgs[-2:]
'
pass "a Bedrock conversation continues on the OpenAI-compatible server"
