#!/usr/bin/env bash
# Failure paths and local-model slips through the real binary: unreachable server, server errors,
# broken models.json, permissions in headless mode, --max-turns, malformed and text-embedded tool
# calls, retries, reasoning, prompts on stdin.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
echo "hello" >"$WS/notes.txt"

script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1" "${2:-}"; }

# Nothing listening: the URL and how to start a server.
port=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
use_model "http://127.0.0.1:$port"
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "cannot connect to http://127.0.0.1:$port/v1"
assert_contains "$ERR" "llama-server -m MODEL.gguf --jinja --port $port"
pass "connection refused names the URL and how to start a server"

# The server's own error message and status.
script '{"responses": [{"status": 400, "error": {"message": "tools param requires --jinja flag", "type": "invalid_request_error"}}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "HTTP 400: tools param requires --jinja flag [invalid_request_error]"
# An overflow that compaction cannot help (nothing to fold) is reported, not retried in vain.
script '{"responses": [{"status": 400, "error": {"message": "request (9000 tokens) exceeds the available context size (4096 tokens)", "type": "exceed_context_size_error"}}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "exceeds the available context size (4096 tokens)"
check_log 'assert len(requests) == 1, len(requests)'
script '{"responses": [{"status": 401, "error": "bad key"}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "HTTP 401: bad key"
assert_contains "$ERR" "API key"
pass "server errors are shown with status and message"

# 503 (model loading) is retried; the prefill is never thrown away once content flows.
script '{"responses": [{"status": 503, "error": "Loading model"}, {"text": "ready now"}]}'
run_pair -p "hi" --verbose
assert_rc 0
assert_eq "$OUT" "ready now"
assert_contains "$ERR" "retrying"
pass "503 retried"

# A stream cut mid-answer: the partial answer is kept, the error is clear, the session resumes.
script '{"responses": [{"text": "The first part of a long answer", "chunking": "words", "drop_after_bytes": 900}]}'
run_pair -p "explain"
assert_rc 1
assert_contains "$ERR" "closed"
script '{"responses": [{"text": "Resumed."}]}'
run_pair -c -p "go on"
assert_rc 0
check_log 'msgs = messages(requests[0]); assert msgs[-2]["role"] == "assistant" and msgs[-2]["content"].startswith("The first"), msgs[-2]'
pass "a cut stream keeps the partial answer and the session resumes"

# Broken models.json: file, line, what is wrong; exit code 2.
printf '[\n  {"name": "a", "url": "http://x"},\n  {"name": "b", "url": 8004}\n]\n' >"$WS/.pair/models.json"
run_pair -p "hi"
assert_rc 2
assert_contains "$ERR" "$WS/.pair/models.json:3: entry 2 (\"b\"): \"url\" must be a string"
printf '[\n  {"name": "a" "url": "http://x"}\n]\n' >"$WS/.pair/models.json"
run_pair -p "hi"
assert_rc 2
assert_contains "$ERR" "models.json:2:"
assert_contains "$ERR" "not valid JSON"
pass "broken models.json names file and line"

script '{"responses": []}'
run_pair -p "hi" --model nope
assert_rc 2
assert_contains "$ERR" 'no model named "nope"'
assert_contains "$ERR" "available: test"
run_pair -p "   "
assert_rc 2
run_pair --permission-mode yolo -p hi
assert_rc 2
assert_contains "$ERR" "--permission-mode: 'yolo' is not one of default, accept-edits, bypass"
run_pair --output-format 1 -p hi
assert_rc 2
assert_contains "$ERR" "--output-format: '1' is not one of text, json, stream-json"
pass "usage errors exit 2"

# Default permission mode headless: writes and bash are refused, told to the model, nothing changes.
script '{"responses": [
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "new.txt", "content": "x"}},
                  {"name": "bash", "arguments": {"command": "touch made-by-bash"}},
                  {"name": "read_file", "arguments": {"path": "notes.txt"}}]},
  {"text": "I could not write."}]}'
run_pair -p "write a file"
assert_rc 0
[[ ! -e "$WS/new.txt" && ! -e "$WS/made-by-bash" ]] || fail "default mode must not write or run commands headless"
check_log '
msgs = messages(requests[1])
results = [m for m in msgs if m["role"] == "tool"]
assert len(results) == 3
assert "did not allow" in results[0]["content"] and "accept-edits" in results[0]["content"], results[0]
assert "did not allow" in results[1]["content"] and "the rule \"bash(touch made-by-bash)\"" in results[1]["content"]
assert "accept-edits" not in results[1]["content"], "a mode that would not help is not offered"
assert "hello" in results[2]["content"], "reads inside the workspace run"
'
pass "default mode refuses writes and bash headless, reads run"

# accept-edits: writes inside the workspace run; outside it they are refused.
script '{"responses": [
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "new.txt", "content": "x\n"}},
                  {"name": "write_file", "arguments": {"path": "'"$T"'/outside.txt", "content": "x"}}]},
  {"text": "ok"}]}'
run_pair -p "write" --permission-mode accept-edits
assert_rc 0
[[ -f "$WS/new.txt" && ! -e "$T/outside.txt" ]] || fail "accept-edits writes inside the workspace only"
pass "accept-edits"

# --max-turns: exit 3, every call still answered.
script '{"responses": [{"tool_calls": [{"name": "read_file", "arguments": {"path": "notes.txt"}}]}, {"text": "never"}]}'
run_pair -p "loop" --max-turns 1
assert_rc 3
assert_contains "$ERR" "--max-turns"
pass "--max-turns"

# Local-model slips: malformed JSON, wrong argument names, numbers as strings, unknown tool,
# a call left in the text (Qwen3-Coder XML), finish_reason "stop" with a call.
script '{"responses": [
  {"tool_calls": [{"name": "read_file", "arguments": "{\"path\": \"notes.txt\", "}]},
  {"tool_calls": [{"name": "read_file", "arguments": {"file_path": "notes.txt"}}]},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "notes.txt", "offset": "1", "limit": "5"}}]},
  {"tool_calls": [{"name": "cat", "arguments": {"path": "notes.txt"}}]},
  {"text": "Let me check.\n<tool_call>\n<function=read_file>\n<parameter=path>\nnotes.txt\n</parameter>\n<parameter=limit>\n3\n</parameter>\n</function>\n</tool_call>"},
  {"tool_calls": [{"name": "list_files", "arguments": {}}], "finish_reason": "stop"},
  {"text": "done"}]}'
run_pair -p "read notes" --output-format stream-json
assert_rc 0
check_log '
assert len(requests) == 7, len(requests)
assert_all_extend(requests)
r = [messages(q)[-1] for q in requests[1:]]
assert "not valid JSON" in r[0]["content"] and "path: string" in r[0]["content"], r[0]
assert messages(requests[1])[-2]["tool_calls"][0]["function"]["arguments"] == "{}", "invalid JSON kept out of the conversation"
assert "missing required \"path\"" in r[1]["content"] and "unknown argument \"file_path\"" in r[1]["content"], r[1]
assert "hello" in r[2]["content"] and "\"offset\":1" in messages(requests[3])[-2]["tool_calls"][0]["function"]["arguments"]
assert "Unknown tool \"cat\"" in r[3]["content"] and "read_file" in r[3]["content"], r[3]
a = messages(requests[5])[-2]
assert a["content"] == "Let me check." and a["tool_calls"][0]["function"]["name"] == "read_file", a
assert "hello" in r[4]["content"]
assert r[5]["role"] == "tool" and "notes.txt" in r[5]["content"], r[5]
'
pass "malformed, misnamed, stringly-typed, unknown and text-embedded calls"

# Reasoning stays apart from the answer; the prompt can come on stdin.
script '{"responses": [{"reasoning": "secret thoughts", "text": "visible answer"}]}'
echo "question from stdin" >"$T/stdin"
PAIR_STDIN=$T/stdin run_pair
assert_rc 0
assert_eq "$OUT" "visible answer"
check_log 'assert messages(requests[0])[-1]["content"].endswith("question from stdin\n")'
pass "reasoning kept apart; prompt on stdin"

# Cancel: SIGINT during a long bash command kills its process group and exits 130. The sleeps
# carry a number of their own, so that pgrep sees this test's processes only.
cancel_sleep="37.$RANDOM"
script '{"responses": [{"tool_calls": [{"name": "bash", "arguments": {"command": "sleep '"$cancel_sleep"' & sleep '"$cancel_sleep"'; echo never"}}]}]}'
(cd "$WS" && exec "$PAIR_BIN" -p "wait" --permission-mode bypass >"$T/out" 2>"$T/err" </dev/null) &
pid=$!
for _ in $(seq 1 100); do pgrep -f "sleep $cancel_sleep" >/dev/null && break; sleep 0.05; done
pgrep -f "sleep $cancel_sleep" >/dev/null || fail "bash did not start"
kill -INT $pid
set +e; wait $pid; RC=$?; set -e
assert_rc 130
# The group was sent SIGKILL before pair exited; give the kernel up to 2 s to reap it.
for _ in $(seq 1 40); do pgrep -f "[s]leep $cancel_sleep" >/dev/null || break; sleep 0.05; done
pgrep -f "[s]leep $cancel_sleep" >/dev/null && fail "the bash process group survived the cancel"
session=$(ls -t "$XDG_DATA_HOME"/pair/sessions/*/*.jsonl | head -1)
grep -q '"role":"tool"' "$session" || fail "the cancelled call has a result in the session"
pass "SIGINT cancels the tool, kills its process group, exits 130, session saved"

# kill -9 mid-turn, then --continue: the interrupted call gets a result, the session goes on.
kill_sleep="38.$RANDOM"
script '{"responses": [{"tool_calls": [{"name": "bash", "arguments": {"command": "sleep '"$kill_sleep"'"}}]}]}'
(cd "$WS" && exec "$PAIR_BIN" -p "wait" --permission-mode bypass >"$T/out" 2>"$T/err" </dev/null) &
pid=$!
# The sleep itself (its command line starts with it), not bubblewrap's command line that names it:
# once it runs, the sandbox is set up to die with pair.
for _ in $(seq 1 200); do pgrep -f "^sleep $kill_sleep" >/dev/null && break; sleep 0.05; done
pgrep -f "^sleep $kill_sleep" >/dev/null || fail "the command did not start"
kill -9 $pid; wait $pid 2>/dev/null || true
# The command ran in the sandbox, which dies with pair.
for _ in $(seq 1 40); do pgrep -f "[s]leep $kill_sleep" >/dev/null || break; sleep 0.05; done
if pgrep -f "[s]leep $kill_sleep" >/dev/null; then pkill -f "[s]leep $kill_sleep"; fail "the command outlived pair's kill -9"; fi
script '{"responses": [{"text": "recovered"}]}'
run_pair -c -p "go on"
assert_rc 0
assert_eq "$OUT" "recovered"
check_log '
msgs = messages(requests[0])
assert msgs[-3]["tool_calls"][0]["function"]["name"] == "bash"
assert msgs[-2]["role"] == "tool" and "Interrupted" in msgs[-2]["content"], msgs[-2]
assert msgs[-1]["content"] == "go on"
'
pass "kill -9 mid-turn, then --continue"

# A project's models.json cannot send a key off this machine unless the user's own file sends it there.
printf '[{"name": "far", "url": "http://models.pair-test.invalid/v1", "modelId": "m", "api_key_env": "PAIR_TEST_KEY"}]\n' \
  >"$WS/.pair/models.json"
PAIR_TEST_KEY=secret-value run_pair -p "hi" --no-session
assert_rc 2
assert_contains "$ERR" "model \"far\" would send the conversation to http://models.pair-test.invalid/v1"
assert_contains "$ERR" "send \$PAIR_TEST_KEY to models.pair-test.invalid"
assert_contains "$ERR" "pair trust"
# Trusted or not, the key goes only where the user's own file sends it.
trust_workspace
PAIR_TEST_KEY=secret-value run_pair -p "hi" --no-session
assert_rc 2
assert_contains "$ERR" "$WS/.pair/models.json: model \"far\" would send \$PAIR_TEST_KEY to models.pair-test.invalid"
assert_contains "$ERR" "add the entry there if you trust it"
mkdir -p "$XDG_CONFIG_HOME/pair"
cp "$WS/.pair/models.json" "$XDG_CONFIG_HOME/pair/models.json"
PAIR_TEST_KEY=secret-value run_pair -p "hi" --no-session
assert_not_contains "$ERR" "would send"
assert_contains "$ERR" "models.pair-test.invalid"
rm -f "$XDG_CONFIG_HOME/pair/models.json"
"$PAIR_BIN" -C "$WS" trust --revoke >/dev/null
pass "a project's models.json sends a key only where the user's own models.json does"
