#!/usr/bin/env bash
# Diffs in the terminal UI's approvals: a new 200-line file shows its first lines and how many more
# ("ctrl+o to show"), and ctrl+o shows all of it; a write outside the workspace shows its absolute path
# as it is (not "b//tmp/x") and says it is outside the workspace.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
OUTSIDE=$T/outside.txt

python3 - "$T/script.json" "$OUTSIDE" <<'PY'
import json, sys
big = "".join(f"row {i}\n" for i in range(1, 201))
json.dump({"responses": [
    {"tool_calls": [{"name": "write_file", "arguments": {"path": "big.txt", "content": big}}]},
    {"text": "Wrote big.txt."},
    {"tool_calls": [{"name": "write_file", "arguments": {"path": sys.argv[2], "content": "x\n"}}]},
    {"text": "Not written."},
]}, open(sys.argv[1], "w"))
PY
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "write big"
tui_keys Enter
tui_wait "Make this change?"
screen=$(tui_capture)
assert_contains "$screen" "+row 17" "the first lines of the new file"
assert_not_contains "$screen" "+row 18" "not all 200 of them"
assert_contains "$screen" "… 183 more lines, ctrl+o to show"
tui_keys C-o
tui_wait "+row 200"
assert_contains "$(tui_capture)" "Make this change?" "the question is still open"
tui_keys y
tui_wait "Wrote big.txt."
tui_wait_prompt
assert_eq "$(wc -l <"$WS/big.txt")" 200
pass "a long new file is shortened before the question; ctrl+o shows the rest"

tui_type "write outside"
tui_keys Enter
tui_wait "Make this change?"
screen=$(tui_capture)
assert_contains "$screen" "+++ $OUTSIDE" "the absolute path as it is"
assert_not_contains "$screen" "b//" "no prefix doubled onto an absolute path"
assert_contains "$screen" "create $OUTSIDE (1 line)  outside the workspace" "the title says it"
assert_contains "$screen" "(outside the workspace)" "and the question"
tui_keys Escape
tui_wait "Not written."
[[ ! -e "$OUTSIDE" ]] || fail "the refused write happened"
pass "a write outside the workspace shows its real path and says it is outside"
