#!/usr/bin/env bash
# The terminal UI with an editor window connected (a scripted one): a proposed edit is asked about
# in both places at once. Answered in the editor, the terminal's question goes away by itself;
# answered in the terminal, the editor's diff is closed.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
source "$PAIR_SOURCE_DIR/tests/support/ide_harness.sh"
printf 'one\ntwo\nthree\n' >"$WS/a.txt"
edit() { printf '{"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "%s", "new_string": "%s"}}]}' "$1" "$2"; }
cat >"$T/script.json" <<JSON
{"responses": [$(edit two TWO), {"text": "Edited in the editor."}, $(edit three THREE), {"text": "Edited here."}]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"
# The editor accepts the first diff after 1.5 s, and never answers the second.
ide_start '{"context": {"activeFile": null}, "openDiff": [{"decision": "accepted", "content": "one\nTWO\nthree\n", "edited": false, "delay_ms": 1500}, {"wait": true}]}' "$WS" --ide-name "Scripted IDE"

tui_start
trap 'ide_stop_all; _tui_cleanup' EXIT
tui_type "make two loud"
tui_keys Enter
tui_wait "waiting for review in Scripted IDE"
tui_wait "Edited in the editor."
[[ "$(tui_screen)" != *"waiting for review"* ]] || _tui_fail "the question should be gone once the editor answered"
assert_eq "$(cat "$WS/a.txt")" $'one\nTWO\nthree'

tui_type "make three loud"
tui_keys Enter
tui_wait "waiting for review in Scripted IDE"
tui_keys 1
tui_wait "Edited here."
assert_eq "$(cat "$WS/a.txt")" $'one\nTWO\nTHREE'
for _ in $(seq 1 100); do grep -q -e diff_abandoned -e '"method": "closeDiff"' "$IDE_LOG" && break; sleep 0.05; done
grep -q -e diff_abandoned -e '"method": "closeDiff"' "$IDE_LOG" || fail "the editor's diff stayed open: $(cat "$IDE_LOG")"
tui_stop
echo "ok: the terminal and the editor both asked; the first answer won in either place"
