#!/usr/bin/env bash
# What the user approved is what runs: a file that changes while the terminal UI asks about an
# edit of it keeps the other change; the edit is not applied on top, and the tool result tells
# the model to read the file again.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
printf 'alpha\nbeta\n' >"$WS/a.txt"

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "beta", "new_string": "BETA"}}]},
  {"text": "I will read a.txt again."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "change beta"
tui_keys Enter
tui_wait "Make this change?"
# Someone edits the file while the question is open; "beta" is still there.
printf 'alpha\nbeta\nadded meanwhile\n' >"$WS/a.txt"
tui_keys y
tui_wait "I will read a.txt again."
tui_wait_prompt
assert_eq "$(cat "$WS/a.txt")" $'alpha\nbeta\nadded meanwhile'
check_log '
result = messages(requests[1])[-1]
assert result["role"] == "tool", result
assert "changed after this change was prepared" in result["content"], result
assert "Read a.txt again" in result["content"], result'
pass "a file changed during the approval wait keeps the other change; the model is told to read it again"
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop
