#!/usr/bin/env bash
# The loop guard and calls left inside the reasoning, through the real binary and the scripted
# server: a model that repeats one call, one that alternates two, the settings that turn the guard
# off, and a model that writes its call inside its reasoning.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
echo "hello" >"$WS/notes.txt"

script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1"; }
read_notes='{"tool_calls": [{"name": "read_file", "arguments": {"path": "notes.txt"}}]}'
list_all='{"tool_calls": [{"name": "list_files", "arguments": {}}]}'

# One call, five times: the third and fourth are answered without running, the fifth ends the turn.
script "{\"responses\": [$read_notes, $read_notes, $read_notes, $read_notes, $read_notes, {\"text\": \"never\"}]}"
run_pair -p "read the notes" --output-format stream-json
assert_rc 4 "a stopped loop has its own exit code"
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json result of a stopped loop"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
result = events[-1]
assert result["type"] == "result", result
assert result["outcome"] == "loop_detected" and result["is_error"] is False, result
assert result["detail"] == ("read_file was called 5 times in a row with the same arguments and got the same "
                            "result each time"), result
assert result["model_requests"] == 5, result
results = [e for e in events if e["type"] == "tool_result"]
assert len(results) == 5, results
assert "hello" in results[1]["output"] and "Not run" in results[2]["output"], results
PY
check_log '
assert len(requests) == 5, len(requests)
assert_all_extend(requests)
third = messages(requests[3])[-1]
assert third["role"] == "tool" and third["content"].startswith("Not run: read_file was called 2 times"), third
assert "different step" in third["content"], third
'
pass "a call repeated five times with the same result ends the turn; stream-json names the reason"

# Two calls alternating with the same results: the same guard, in text mode.
alternating=""
for _ in 1 2 3 4 5; do alternating+="$read_notes, $list_all, "; done
script "{\"responses\": [$alternating {\"text\": \"never\"}]}"
run_pair -p "look around"
assert_rc 4
assert_contains "$ERR" "pair: stopped a loop: the same 2 calls (list_files, read_file) were made 5 times in a row"
assert_contains "$ERR" "continue with pair -c"
check_log 'assert len(requests) == 9, len(requests)'
pass "alternating calls are a loop too; text mode says which"

# The thresholds are settings; 0 turns the guard off.
mkdir -p "$XDG_CONFIG_HOME/pair"
echo '{"agent": {"loop_guard": {"warn_after": 0, "stop_after": 0}}}' >"$XDG_CONFIG_HOME/pair/settings.json"
script "{\"responses\": [$read_notes, $read_notes, $read_notes, $read_notes, $read_notes, $read_notes, {\"text\": \"read it six times\"}]}"
run_pair -p "read the notes"
assert_rc 0
assert_eq "$OUT" "read it six times"
check_log '
assert len(requests) == 7, len(requests)
assert all("hello" in messages(r)[-1]["content"] for r in requests[1:]), "every call ran"
'
echo '{"agent": {"loop_guard": {"warn_after": 2, "stop_after": 3}}}' >"$XDG_CONFIG_HOME/pair/settings.json"
script "{\"responses\": [$read_notes, $read_notes, $read_notes, {\"text\": \"never\"}]}"
run_pair -p "read the notes"
assert_rc 4
check_log 'assert len(requests) == 3 and messages(requests[2])[-1]["content"].startswith("Not run"), requests'
rm "$XDG_CONFIG_HOME/pair/settings.json"
pass "the thresholds come from settings.json"

# A call written inside the reasoning, with nothing else answered: one nudge, after the answer.
script '{"responses": [
  {"reasoning": "I will read it.\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"notes.txt\"}}\n</tool_call>"},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "notes.txt"}}]},
  {"text": "It says hello."}
]}'
run_pair -p "what do the notes say" --verbose
assert_rc 0
assert_eq "$OUT" "It says hello."
assert_contains "$ERR" "read_file was called inside the reasoning"
check_log '
assert len(requests) == 3, len(requests)
assert_all_extend(requests)
msgs = messages(requests[1])
assert msgs[-2]["role"] == "assistant" and "<tool_call>" in msgs[-2]["reasoning_content"], msgs[-2]
assert msgs[-1]["role"] == "user" and "a call to read_file" in msgs[-1]["content"], msgs[-1]
assert "hello" in messages(requests[2])[-1]["content"]
'
pass "a call left in the reasoning gets one nudge, appended after the answer"
