#!/usr/bin/env bash
# /think sets how much a reasoning model thinks for the session: request fields from models.json's
# `reasoning` first, then /think's choice, and the prompt the server caches stays byte for byte.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

cat >"$T/script.json" <<JSON
{"responses": [{"text": "First."}, {"text": "Second."}, {"text": "Third."}]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1" '"reasoning": {"budget": 4096, "effort": "medium"}'

tui_start
tui_type "one"
tui_keys Enter
tui_wait "First."
tui_wait_prompt
tui_type "/think off"
tui_keys Enter
tui_wait "Thinking: off, effort medium (for this session; the prompt stays the same)"
tui_type "/think lots"
tui_keys Enter
tui_wait "/think takes off, on, a number of tokens"
tui_type "two"
tui_keys Enter
tui_wait "Second."
tui_wait_prompt
tui_type "/think"
tui_keys Enter
tui_wait "Thinking: at most 4,096 tokens, effort medium"
tui_type "three"
tui_keys Enter
tui_wait "Third."
tui_wait_prompt
check_log '
turns = [r for r in requests if r["json"].get("max_tokens") != 1]
assert len(turns) == 3, len(turns)
assert [t["json"].get("reasoning_budget_tokens") for t in turns] == [4096, 0, 4096], [t["json"].get("reasoning_budget_tokens") for t in turns]
assert all(t["json"].get("reasoning_effort") == "medium" for t in turns)
first, second = messages(turns[0]), messages(turns[1])
assert second[:len(first)] == first, "the second request extends the first: the cached prompt is untouched"
'
pass "/think off and back: the budget is a request field, models.json gives the start, the prompt is unchanged"
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop
