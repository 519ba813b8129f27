#!/usr/bin/env bash
# What a quiet headless run (no -v) still says on stderr, and what its json result counts: tool calls
# the permission mode refused (nobody to ask), unknown models.json fields (one line per file), and an
# answer cut off because the context window was full.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1" "${2:-}"; }

refused='{"responses": [
  {"tool_calls": [{"name": "bash", "arguments": {"command": "touch made-by-bash"}},
                  {"name": "write_file", "arguments": {"path": "new.txt", "content": "x"}}]},
  {"text": "I could not do it."}]}'

# Text: the answer on stdout, then the refused calls on stderr with the rules that would allow them.
script "$refused"
run_pair -p "make things"
assert_rc 0
assert_eq "$OUT" "I could not do it."
assert_contains "$ERR" "2 tool calls were refused by the permission mode"
assert_contains "$ERR" "bash(touch made-by-bash)"
assert_contains "$ERR" "--permission-mode"
[[ ! -e "$WS/made-by-bash" ]] || fail "the refused command ran"
pass "text output lists the refused tool calls on stderr"

# json: the result counts them.
script "$refused"
run_pair -p "make things" --output-format json
assert_rc 0
check_log '
import json as j
result = j.loads(out)
assert result["refused_tool_calls"] == 2, result
assert "bash(touch made-by-bash)" in result["refused"], result
'
# Nothing refused: the count is there, and zero.
script '{"responses": [{"text": "fine"}]}'
run_pair -p "hi" --output-format json
check_log 'import json as j; assert j.loads(out)["refused_tool_calls"] == 0, out'
assert_not_contains "$ERR" "refused"
pass "the json result counts refused tool calls"

# Unknown fields in models.json: one line for the file on stderr, without -v.
script '{"responses": [{"text": "fine"}]}' '"temprature": 0.2, "max_token": 100'
run_pair -p "hi"
assert_rc 0
assert_contains "$ERR" "models.json: 2 unknown fields ignored"
assert_contains "$ERR" '"temprature" (line 1)'
assert_contains "$ERR" '"max_token" (line 1)'
[[ $(grep -c "unknown field" <<<"$ERR") == 1 ]] || fail "expected one line for the file, got: $ERR"
pass "unknown models.json fields are reported once per file without -v"

# An answer cut off because the window was full: said on stderr (text), as an event (stream-json) and
# in the result (json).
cut='{"n_ctx": 4096, "responses": [{"text": "The first half of an answer that", "finish_reason": "length",
  "usage": {"prompt_tokens": 3900, "completion_tokens": 196, "total_tokens": 4096},
  "timings": {"prompt_n": 3900, "cache_n": 0, "predicted_n": 196}}]}'
script "$cut"
run_pair -p "explain"
assert_rc 0
assert_contains "$OUT" "The first half of an answer that"
assert_contains "$ERR" "the answer was cut off: the context window is full (4,096 of 4,096 tokens)"
script "$cut"
run_pair -p "explain" --output-format stream-json
check_log '
import json as j
events = [j.loads(line) for line in out.splitlines()]
cut = [e for e in events if e["type"] == "cut_off"]
assert len(cut) == 1 and cut[0]["reason"] == "context_window" and cut[0]["window"] == 4096, cut
assert events[-1]["type"] == "result" and events[-1]["cut_off"] == "context_window", events[-1]
'
pass "an answer cut off by a full window says so"
