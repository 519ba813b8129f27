#!/usr/bin/env bash
# Approvals in the terminal UI: an edit shows its diff and asks; yes runs it, no goes back to the
# model as a refusal and the turn continues, "always" is saved as the user's own rule for this
# project (~/.config/pair/projects.json, never a file of the repository) and applies from then on
# (and to the next pair process); bash asks with the command.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
printf 'alpha\nbeta\ngamma\n' >"$WS/a.txt"

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"text": "Editing.", "tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "beta", "new_string": "BETA"}}]},
  {"text": "Edited a.txt."},
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "b.txt", "content": "new file\n"}}]},
  {"text": "The user refused; I will not write b.txt."},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "gamma", "new_string": "GAMMA"}}]},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "alpha", "new_string": "ALPHA"}}]},
  {"text": "Both edits done."},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "echo from-bash > c.txt"}}]},
  {"text": "Ran it."},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "ALPHA", "new_string": "alpha again"}}]},
  {"text": "Edited without asking."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "change beta"
tui_keys Enter
tui_wait "Make this change?"
screen=$(tui_capture)
assert_contains "$screen" "-beta" "the diff shows the removed line"
assert_contains "$screen" "+BETA" "and the added one"
assert_contains "$screen" "don't ask again for edit_file(a.txt)"
tui_keys y
tui_wait "Edited a.txt."
tui_wait_prompt
assert_eq "$(sed -n 2p "$WS/a.txt")" "BETA"
pass "yes: the diff is shown, the edit runs"

tui_type "write b"
tui_keys Enter
tui_wait "create b.txt"
tui_keys Escape
tui_wait "The user refused; I will not write b.txt."
tui_wait_prompt
[[ ! -e "$WS/b.txt" ]] || fail "b.txt was written after a refusal"
check_log '
result = messages(requests[3])[-1]
assert result["role"] == "tool" and "did not allow" in result["content"], result'
pass "no: the refusal goes back to the model and the turn continues"

tui_type "two edits"
tui_keys Enter
tui_wait "gamma"
tui_wait "Make this change?"
tui_keys a
tui_wait "Both edits done."
tui_wait_prompt
assert_contains "$(tui_capture)" "Always allowed from now on: edit_file(a.txt)"
assert_eq "$(cat "$WS/a.txt")" $'ALPHA\nBETA\nGAMMA'
check_log 'import json, os
store = json.load(open(os.environ["XDG_CONFIG_HOME"] + "/pair/projects.json"))
assert [p["allow"] for p in store["projects"] if p["workspace"] == ws] == [["edit_file(a.txt)"]], store
assert not os.path.exists(ws + "/.pair/settings.json")'
assert_contains "$(tui_capture)" "+GAMMA" "the first edit was asked (its diff shown)"
screen=$(tui_capture)
# The question's title ("● edit a.txt (+1 -1)") stays above each asked edit: two of them, not three.
assert_eq "$(grep -c '^● edit a.txt (' <<<"$screen")" 2 "the second edit of the same file was not asked"
# It ran unasked, so its diff follows its result (as an asked one's precedes the question).
assert_contains "$(grep -A6 'edit_file(a.txt)$' <<<"$screen" | grep -v Make)" "+ALPHA" "the unasked edit shows its diff"
pass "always: the second edit of the same file is not asked (its diff shown after it ran), the rule is saved"

# The rule in force names the file the answer was saved in, as the answer said (not "this session").
tui_type "/permissions"
tui_keys Enter
tui_wait "Rules, as they apply"
screen=$(tui_capture)
assert_contains "$screen" "allow  edit_file(a.txt)  ($XDG_CONFIG_HOME/pair/projects.json, for this project)"
assert_not_contains "$screen" "(this session)"
assert_not_contains "$screen" "add rules for this session"
pass "/permissions right after \"don't ask again\" lists the rule where it was saved"

tui_type "run it"
tui_keys Enter
tui_wait "Run this command?"
screen=$(tui_capture)
assert_eq "$(grep -c 'echo from-bash > c.txt' <<<"$screen")" 1 "the command is shown once: $screen"
assert_contains "$screen" "don't ask again for this exact command"
tui_keys Enter
tui_wait "Ran it."
tui_wait_prompt
assert_eq "$(cat "$WS/c.txt")" "from-bash"
pass "bash asks with the command, shown once"
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop

# A new process loads the saved rule: no question for a.txt.
tui_start
tui_type "edit again"
tui_keys Enter
tui_wait "Edited without asking."
assert_not_contains "$(tui_capture)" "Make this change?"
assert_eq "$(head -1 "$WS/a.txt")" "alpha again"
pass "saved rules apply in the next session"

# /permissions lists the rules in force, deny first, with the file each came from.
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop
mkdir -p "$WS/.pair"
echo '{"permissions": {"deny": ["bash(rm -rf /*)"]}}' >"$WS/.pair/settings.json"
tui_start
tui_type "/permissions"
tui_keys Enter
tui_wait "Rules, as they apply"
screen=$(tui_capture)
assert_contains "$screen" "mode default"
assert_contains "$screen" "deny   bash(rm -rf /*)  ($WS/.pair/settings.json)"
assert_contains "$screen" "allow  edit_file(a.txt)  ($XDG_CONFIG_HOME/pair/projects.json, for this project)"
[[ $(grep -n 'deny   bash' <<<"$screen" | cut -d: -f1) -lt $(grep -n 'allow  edit_file' <<<"$screen" | cut -d: -f1) ]] ||
  fail "deny rules are listed before allow rules"
assert_contains "$screen" "Sandbox "
pass "/permissions shows the mode, the rules with their files and the sandbox"
