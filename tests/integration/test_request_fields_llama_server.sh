#!/usr/bin/env bash
# The request fields today's models need, against a REAL llama-server with the chat templates of the
# catalog's models (Qwen3.5, Qwen3-Coder, gpt-oss) on a random-weight model. tests/support/
# prefill_proxy.py makes the model "answer" chosen text while llama-server's own parser reads it:
#  1. two calls in one answer both reach pair (pair sends parallel_tool_calls); the server drops the
#     second when the field says false, so the field is what lets them through;
#  2. gpt-oss: the reasoning of an answer with a call goes back with the next request
#     (reasoning_content) and the template renders it before the call; its format holds one call
#     per answer, so of two the server passes the first, with or without the field;
#  3. Qwen3.5's template refuses a system message that is not first; pair's requests after
#     compaction hold one system message, first, and the server takes them.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/llama_server.sh"
pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
# The models are made after harness_init moves HOME: keep them in the shared cache.
export PAIR_TEST_MODELS_DIR=${PAIR_TEST_MODELS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair/test-models}
source "$root/tests/support/pair_harness.sh"
harness_init
_proxy=""
stop_proxy() { if [[ -n "$_proxy" ]]; then kill "$_proxy" 2>/dev/null || true; wait "$_proxy" 2>/dev/null || true; _proxy=""; fi; }
trap 'stop_proxy; _harness_cleanup' EXIT

# start_proxy ANSWERS_JSON [--parallel MODE]: pair's models.json points at a proxy in front of the
# last llama-server started; $LOG is its request log.
start_proxy() {
  stop_proxy
  printf '%s\n' "$1" >"$T/answers.json"
  shift
  LOG=$T/requests-$RANDOM.jsonl
  rm -f "$T/proxy.port"
  "$HARNESS_PY" "$root/tests/support/prefill_proxy.py" --upstream "$PAIR_LLAMA_URL" --answers "$T/answers.json" \
    --log "$LOG" --port-file "$T/proxy.port" "$@" &
  _proxy=$!
  for _ in $(seq 1 300); do [[ -s "$T/proxy.port" ]] && break; sleep 0.02; done
  [[ -s "$T/proxy.port" ]] || fail "the proxy did not start"
  use_model "http://127.0.0.1:$(cat "$T/proxy.port")/v1" '"max_tokens": 16'
}

echo "first file" >"$WS/a.txt"
echo "second file" >"$WS/b.txt"
git -C "$WS" add a.txt b.txt

# The calls as each template's model writes them.
qwen_call() { printf '<tool_call>\\n<function=read_file>\\n<parameter=path>\\n%s\\n</parameter>\\n</function>\\n</tool_call>' "$1"; }
two_calls="[{\"content\": \"$(qwen_call a.txt)\\n$(qwen_call b.txt)\"}, {\"content\": \"done\"}]"

# calls_sent: how many calls the assistant message of pair's second request holds, and how many
# tool results follow it (what pair received from the server, and ran).
calls_sent() {
  PYTHONPATH="$root/tests/support" "$HARNESS_PY" - "$LOG" <<'PY'
import sys
from request_log import load_requests
reqs = load_requests(sys.argv[1])
assert len(reqs) == 2, "expected 2 requests (the calls, then their results), got %d" % len(reqs)
msgs = reqs[1]["json"]["messages"]
calls = [m for m in msgs if m["role"] == "assistant"][-1].get("tool_calls") or []
results = [m for m in msgs if m["role"] == "tool"]
print(len(calls), len(results), reqs[0]["json"].get("parallel_tool_calls"))
PY
}

# 1. Two calls in one answer, per template.
for spec in "qwen35:Qwen3.5-4B.jinja" "coder:Qwen3-Coder.jinja"; do
  name=${spec%%:*}
  model=$(pair_ensure_tiny_model "$name" --template "${spec#*:}") || fail "cannot make the $name test model"
  pair_start_llama_server "$model" -c 4096 || fail "llama-server ($name) did not start"
  detected=$(curl -s "$PAIR_LLAMA_URL/props" |
    "$HARNESS_PY" -c 'import json,sys; print(json.load(sys.stdin)["chat_template_caps"]["supports_parallel_tool_calls"])')

  start_proxy "$two_calls"
  run_pair -p "read a.txt and b.txt" --output-format stream-json --no-session
  assert_rc 0 "$name, as pair sends it"
  read -r calls results field < <(calls_sent)
  [[ "$field" == True ]] || fail "$name: pair should send parallel_tool_calls: true to llama-server (sent: $field)"
  [[ "$calls $results" == "2 2" ]] || fail "$name: both calls should come through and run: $calls calls, $results results"
  pass "$name: two calls in one answer reach pair and run (parallel_tool_calls: true; template detected: $detected)"

  start_proxy "$two_calls" --parallel false
  run_pair -p "read a.txt and b.txt" --output-format stream-json --no-session
  assert_rc 0 "$name, parallel_tool_calls false"
  read -r calls results field < <(calls_sent)
  ((calls < 2)) || fail "$name: with parallel_tool_calls false the server should not pass two calls ($calls came)"
  pass "$name: with parallel_tool_calls false the server passes $calls of the 2 calls: the field decides"

  start_proxy "$two_calls" --parallel drop
  run_pair -p "read a.txt and b.txt" --output-format stream-json --no-session
  assert_rc 0 "$name, without the field"
  read -r calls results field < <(calls_sent)
  if [[ "$detected" == True ]]; then expected=2; else expected=1; fi
  [[ "$calls" == "$expected" ]] ||
    fail "$name: without the field the server should follow the template ($detected): $calls calls"
  pass "$name: without the field the server follows the template's detected support ($detected): $calls call(s)"
  stop_proxy
  pair_stop_llama_server
done

# 2. gpt-oss: the reasoning before a call goes back with the next request and is rendered before it.
model=$(pair_ensure_tiny_model gptoss --template openai-gpt-oss-120b.jinja) || fail "cannot make the gpt-oss test model"
pair_start_llama_server "$model" -c 4096 || fail "llama-server (gpt-oss) did not start"
thought="The user wants a.txt, so I read it."
call='<|end|><|start|>assistant to=functions.read_file<|channel|>commentary json<|message|>{\"path\": \"a.txt\"}'
start_proxy "[{\"content\": null, \"reasoning_content\": \"$thought$call\"}, {\"content\": \"done\"}]"
run_pair -p "read a.txt" --output-format stream-json --no-session
assert_rc 0 "gpt-oss"
PYTHONPATH="$root/tests/support" "$HARNESS_PY" - "$LOG" "$thought" <<'PY' || fail "gpt-oss reasoning round trip"
import json, sys
from request_log import load_requests
reqs = load_requests(sys.argv[1])
thought = sys.argv[2]
assert len(reqs) == 2, len(reqs)
assistant = [m for m in reqs[1]["json"]["messages"] if m["role"] == "assistant"][-1]
assert assistant.get("reasoning_content") == thought, assistant
assert [c["function"]["name"] for c in assistant["tool_calls"]] == ["read_file"], assistant
prompt = [json.loads(l) for l in open(sys.argv[1])][1]["prompt"]
rendered = "<|start|>assistant<|channel|>analysis<|message|>" + thought + "<|end|><|start|>assistant to=functions.read_file"
assert rendered in prompt, "the template should render the reasoning before the call:\n" + prompt[-1500:]
PY
pass "gpt-oss: reasoning_content goes back with the call and the template renders it before the call"

# gpt-oss's format holds one call per answer (each ends the message with <|call|>): llama-server
# passes the first of two whatever parallel_tool_calls says, so pair gets them one answer at a time.
second='<|call|><|start|>assistant to=functions.read_file<|channel|>commentary json<|message|>{\"path\": \"b.txt\"}'
start_proxy "[{\"content\": null, \"reasoning_content\": \"$thought$call$second\"}, {\"content\": \"done\"}]"
run_pair -p "read a.txt and b.txt" --output-format stream-json --no-session
assert_rc 0 "gpt-oss, two calls"
read -r calls results field < <(calls_sent)
[[ "$field $calls $results" == "True 1 1" ]] || fail "gpt-oss: one call per answer expected: $calls calls (field $field)"
pass "gpt-oss: of two calls in one answer the server passes the first (its format holds one per answer)"
stop_proxy
pair_stop_llama_server

# 3. Qwen3.5: a second system message is an error; pair's requests after compaction are taken.
model=$(pair_ensure_tiny_model qwen35 --template Qwen3.5-4B.jinja) || fail "cannot make the qwen35 test model"
pair_start_llama_server "$model" -c 4096 --parallel 1 || fail "llama-server (Qwen3.5) did not start"
refused=$(curl -s -w ' %{http_code}' "$PAIR_LLAMA_URL/v1/chat/completions" -H 'Content-Type: application/json' \
  -d '{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"},
       {"role": "system", "content": "a note"}, {"role": "user", "content": "v"}], "max_tokens": 1}')
[[ "$refused" == *"System message must be at the beginning"* && "$refused" != *" 200" ]] ||
  fail "the Qwen3.5 template should refuse a second system message: $refused"
start_proxy '[{"content": "ok"}]'
paragraph() { "$HARNESS_PY" -c 'import sys; print(sys.argv[1] + ": " + " ".join("word%d alpha beta gamma" % i for i in range(110)))' "$1"; }
compactions=0
for turn in 1 2 3 4 5 6; do
  if [[ $turn == 1 ]]; then run_pair -p "$(paragraph "turn $turn")" --output-format stream-json
  else run_pair -c -p "$(paragraph "turn $turn")" --output-format stream-json; fi
  assert_rc 0 "Qwen3.5 turn $turn"
  if grep -q '"type": *"compacted"' "$T/out"; then compactions=$((compactions + 1)); fi
done
((compactions >= 1)) || fail "six turns of ~450 tokens in a 4096 window should compact"
check_log '
for i, r in enumerate(requests):
    roles = [m["role"] for m in r["json"]["messages"]]
    assert roles[0] == "system" and roles.count("system") == 1, (i, roles)
import json
prompts = [json.loads(l)["prompt"] for l in open(sys.argv[1])]
assert not any(p.startswith("apply-template failed") for p in prompts), [p for p in prompts if p.startswith("apply")]
'
pass "Qwen3.5: a second system message is refused; pair's requests through $compactions compaction(s) hold one, first, and are taken"
