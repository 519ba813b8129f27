#!/usr/bin/env bash
# Bash permission rules fail closed, through the real binary, headless, with the rules in the
# user's settings file: a prefix allow rule admits no line holding a construct it does not model
# (expansions, here-documents, `>&word`) nor a command whose options run a program or write a
# file; deny rules see through quoting, wrappers and paths, and hold in bypass mode, also for
# lines the rules cannot see into. Every command here would create a marker file if it ran.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
echo readme >"$WS/README"
mkdir -p "$WS/victim" && echo keep >"$WS/victim/file"
git -C "$WS" add -A && git -C "$WS" commit -qm init
echo changed >>"$WS/README"  # so that `git difftool` has something to run its tool on
mkdir -p "$HOME/.config/pair"
settings() { printf '%s\n' "$1" >"$HOME/.config/pair/settings.json"; }

# calls MODE COMMAND...: one model turn asking for every COMMAND as a bash call, run in MODE.
calls() {
  local mode=$1
  shift
  "$HARNESS_PY" - "$T/s.json" "$@" <<'PY'
import json, sys
calls = [{"name": "bash", "arguments": {"command": c}} for c in sys.argv[2:]]
json.dump({"responses": [{"tool_calls": calls}, {"text": "done"}]}, open(sys.argv[1], "w"))
PY
  scripted_start "$T/s.json"
  use_model "$URL/v1"
  run_pair -p "go" --permission-mode "$mode"
  assert_rc 0
}

# results_say TEXT...: the tool result of call i contains TEXT i (call order).
results_say() {
  local expected
  expected=$(printf '%s\n' "$@" | "$HARNESS_PY" -c 'import json, sys; print(json.dumps(sys.stdin.read().splitlines()))')
  check_log "
expected = $expected
r = [m for m in messages(requests[1]) if m['role'] == 'tool']
assert len(r) == len(expected), (len(r), r)
for i, (m, e) in enumerate(zip(r, expected)):
    assert e in m['content'], (i, e, m['content'])
"
}

no_markers() {
  local m
  for m in "$@"; do [[ ! -e "$WS/$m" ]] || fail "$m was created: a command ran that the rules should have stopped"; done
}

# Allow rules: `bash(git diff*)` must not admit any of these.
settings '{"permissions": {"allow": ["bash(git diff*)"]}}'
allow_cases=(
  "git diff \$'\\'';touch A1 #'"
  $'git diff <<EOF\ngit diff \'\nEOF\ntouch A2\n\''
  "git diff \${x:='\$(touch A3)'} \${x@P}"
  "git diff \${x:='a[\$(touch A4)]'} \$[x]"
  "git diff >&A5"
  "git difftool -y -x 'touch A6 #' -- README"
  "git diff --output=A7"
)
for mode in default accept-edits; do
  calls "$mode" "git diff --stat" "${allow_cases[@]}"
  no_markers A1 A2 A3 A4 A5 A6 A7
  results_say "[exit code 0]" "did not allow" "did not allow" "did not allow" "did not allow" "did not allow" \
    "did not allow" "did not allow"
done
pass "bash(git diff*) admits git diff, not the lines that hide a command or write a file behind it"

# Deny rules hold in every mode: quoting, wrappers and paths do not hide the command.
settings '{"permissions": {"allow": ["bash"], "deny": ["bash(touch*)", "bash(curl*)", "bash(rm -rf /*)"]}}'
touch_path=$(command -v touch)
deny_cases=(
  '"touch" D1'
  "'touch' D2"
  "t''ouch D3"
  "env touch D4"
  "command touch D5"
  "$touch_path D6"
  "'rm' -rf $WS/victim"
  "\"curl\" -s -o D8 file://$WS/README"
  "c''url -s -o D9 file://$WS/README"
  "env -i PATH=/usr/bin:/bin nice -n 1 timeout 30 curl -s -o D10 file://$WS/README"
  "sh -c 'touch D11'"
  "echo D12 | xargs touch"
)
for mode in default accept-edits bypass; do
  calls "$mode" "${deny_cases[@]}"
  no_markers D1 D2 D3 D4 D5 D6 D8 D9 D10 D11 D12
  [[ -f "$WS/victim/file" ]] || fail "'rm' -rf ran past bash(rm -rf /*) in $mode mode"
  results_say "denied by the rule bash(touch*)" "denied by the rule bash(touch*)" "denied by the rule bash(touch*)" \
    "denied by the rule bash(touch*)" "denied by the rule bash(touch*)" "denied by the rule bash(touch*)" \
    "denied by the rule bash(rm -rf /*)" "denied by the rule bash(curl*)" "denied by the rule bash(curl*)" \
    "denied by the rule bash(curl*)" "denied by the rule bash(touch*)" "denied by the rule bash(touch*)"
done
pass "deny rules see through quotes, wrappers, paths, shells and xargs, in every mode"

# Lines the rules cannot see into ask while a deny rule exists, even in bypass mode (headless
# refuses what asks). Bypass mode needs PermissionPolicy to honour RuleVerdict::holds_in_bypass.
unseen_cases=(
  "\$'\\x74ouch' U1"
  "x=ouch; t\$x U2"
  "printf 'touch U3' | bash"
  "echo U4 | xargs -I{} sh -c 'touch {}'"
)
for mode in default accept-edits bypass; do
  calls "$mode" "${unseen_cases[@]}" "touch made-in-$mode-is-denied" "git status --short"
  no_markers U1 U2 U3 U4 "made-in-$mode-is-denied"
  results_say "did not allow" "did not allow" "did not allow" "did not allow" "denied by the rule bash(touch*)" \
    "[exit code 0]"
done
pass "lines that rules cannot see into ask even in bypass mode while a deny rule exists"
