#!/usr/bin/env bash
# A conversation brought back (pair -c, /resume) reads as it did when it happened: a paste shown as
# its "[Pasted …]" label when typed is replayed as that label, not its 120 lines; the note pair put
# ahead of the next message after /undo (for the model) is a dim notice, not a message typed with ❯.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "hello.py", "content": "print('hi')\n"}}]},
  {"text": "Wrote hello.py."},
  {"text": "Noted the undo."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"
big=$(for i in $(seq 1 120); do echo "pasted line $i"; done)

tui_start
tui_type "look at this: "
tui_paste "$big"
tui_wait "[Pasted +"
tui_keys Enter
tui_wait "Make this change?"
tui_keys y
tui_wait "Wrote hello.py."
tui_wait_prompt
tui_type "/undo"
tui_keys Enter
tui_wait "Nothing more to undo."
tui_type "start over"
tui_keys Enter
tui_wait "Noted the undo."
tui_wait_prompt
check_log '
first = messages(requests[0])[1]["content"]
assert "pasted line 120" in first, "the paste is sent in full"
last = messages(requests[2])[-1]["content"]
assert last.startswith("[The user undid the file changes of the previous turn"), last'
label=$(tui_capture | grep -o '\[Pasted +[^]]*\]' | head -1)
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop

check_replay() {
  local screen
  screen=$(tui_capture)
  assert_contains "$screen" "❯ look at this: $label" "the paste is replayed as its label ($1)"
  assert_not_contains "$screen" "pasted line 60" "not as its lines ($1)"
  assert_contains "$screen" "↺ /undo: hello.py back as before the previous turn" "the undo is a notice ($1)"
  assert_not_contains "$screen" "[The user undid" "the note for the model is not shown as typed ($1)"
  assert_contains "$screen" "❯ start over" "what the user typed after it is ($1)"
}

tui_start -c
tui_wait "Noted the undo."
check_replay "pair -c"
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop
pass "pair -c replays the paste as its label and the undo as a notice"

tui_start
tui_type "/resume"
tui_keys Enter
tui_wait "Resume a session"
tui_keys Enter
tui_wait "Noted the undo."
check_replay "/resume"
pass "/resume does the same"
