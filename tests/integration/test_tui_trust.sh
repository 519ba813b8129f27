#!/usr/bin/env bash
# The trust question of an interactive start, in a real terminal: an untrusted project whose pair
# files want more than preferences is asked about once, listing exactly what they would change; yes
# records the trust (the project's rules then apply), no is remembered until the files change, and
# what stays ignored is said before the terminal UI starts.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "bash", "arguments": {"command": "touch ran-by-rule"}}]},
  {"text": "Ran it."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"
echo '{"permissions": {"allow": ["bash(touch ran-by-rule)"]}, "sandbox": {"network": true}}' >"$WS/.pair/settings.json"

# 1. No: remembered; the rest of the start goes on with the preferences only.
TUI_READY_TEXT="Trust this project and apply them? [y/N]" tui_start
screen=$(tui_capture)
assert_contains "$screen" "This project's pair files would change what pair may do here:"
assert_contains "$screen" "  - .pair/settings.json: allow bash(touch ran-by-rule) without asking"
assert_contains "$screen" "  - .pair/settings.json: let sandboxed commands use the network"
tui_type "n"
tui_keys Enter
tui_wait "enter send"
assert_contains "$(tui_capture)" "Not trusted: only the preferences apply."
assert_contains "$(tui_capture)" "this project is not trusted, so only the preferences in its pair files apply"
tui_stop
tui_start  # not asked again: straight to the terminal UI
assert_not_contains "$(tui_capture)" "Trust this project"
tui_stop
pass "no: not trusted, remembered, and what stays ignored is said"

# 2. Changed files ask again; yes trusts them and the project's rule applies.
echo '{"permissions": {"allow": ["bash(touch ran-by-rule)"]}}' >"$WS/.pair/settings.json"
TUI_READY_TEXT="Trust this project and apply them? [y/N]" tui_start
assert_not_contains "$(tui_capture)" "use the network"
tui_type "y"
tui_keys Enter
tui_wait "enter send"
assert_contains "$(tui_capture)" "Trusted. pair asks again if these files change"
tui_type "run it"
tui_keys Enter
tui_wait "Ran it."
[[ -e "$WS/ran-by-rule" ]] || fail "the trusted project's allow rule must apply without a question"
assert_not_contains "$(tui_capture)" "Run this command?"
tui_stop
"$PAIR_BIN" -C "$WS" trust --list | grep -qF "$WS" || fail "the trust was not recorded"
pass "yes: trusted, and the project's rule applies"
