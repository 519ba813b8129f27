#!/usr/bin/env bash
# The terminal UI says why the loop guard ended a turn, and that it asked a model to make a call
# it left inside its reasoning.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
echo "hello" >"$WS/notes.txt"

read_notes='{"tool_calls": [{"name": "read_file", "arguments": {"path": "notes.txt"}}]}'
cat >"$T/script.json" <<JSON
{"responses": [
  $read_notes, $read_notes, $read_notes, $read_notes, $read_notes,
  {"reasoning": "Read it.\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"notes.txt\"}}\n</tool_call>"},
  $read_notes,
  {"text": "The notes say hello."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "read the notes"
tui_keys Enter
tui_wait "Stopped a loop: read_file was called 5 times in a row with the same arguments and got the same result"
tui_wait "Tell pair what to do differently."
tui_wait "not run: read_file repeated 4 times with the same arguments and result; asked the model to take another step"
tui_wait_prompt
pass "the terminal UI says which call repeated when the loop guard ends the turn"

tui_type "what do they say"
tui_keys Enter
tui_wait "The notes say hello."
tui_wait "read_file was called inside the reasoning, where calls are not run; asked the model to call it outside"
tui_wait_prompt
check_log '
assert len(requests) == 8, len(requests)
nudge = messages(requests[6])[-1]
assert nudge["role"] == "user" and "a call to read_file" in nudge["content"], nudge
'
pass "a call left inside the reasoning gets one nudge, and the terminal UI notes it"
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop
