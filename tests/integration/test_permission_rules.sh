#!/usr/bin/env bash
# Permission rules from settings through the real binary, headless: an allowed command runs, the
# same prefix with anything else attached is refused, deny rules hold even in bypass mode, ask
# rules refuse headless, a broken rule is reported and the rest still apply.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
echo "SECRET=1" >"$WS/.env"
echo "notes" >"$WS/notes.txt"
mkdir -p "$WS/sub" && echo x >"$WS/sub/file"
git -C "$WS" add -A && git -C "$WS" commit -qm init
mkdir -p "$WS/.pair"
cat >"$WS/.pair/settings.json" <<'JSON'
{"permissions": {
  "allow": ["bash(git status*)", "bash(ls*)", "bash(broken"],
  "ask": ["read_file(**/.env)"],
  "deny": ["bash(rm -rf *)"]
}}
JSON
# The project's allow rules apply in a trusted project only (test_trust_boundary.sh): the user trusts
# it as it is after each new models.json.
script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1"; trust_workspace; }

script '{"responses": [
  {"tool_calls": [{"name": "bash", "arguments": {"command": "git status --short && ls"}},
                  {"name": "bash", "arguments": {"command": "git status; touch pwned"}},
                  {"name": "bash", "arguments": {"command": "ls $(touch pwned2)"}},
                  {"name": "read_file", "arguments": {"path": ".env"}},
                  {"name": "read_file", "arguments": {"path": "notes.txt"}}]},
  {"text": "done"}]}'
run_pair -p "look around" --verbose
assert_rc 0
[[ ! -e "$WS/pwned" && ! -e "$WS/pwned2" ]] || fail "a command riding on an allowed prefix ran"
assert_contains "$ERR" 'permission rule "bash(broken" has no closing parenthesis'
check_log '
r = [m for m in messages(requests[1]) if m["role"] == "tool"]
assert "[exit code 0]" in r[0]["content"] and "notes.txt" in r[0]["content"], r[0]
assert "did not allow" in r[1]["content"], r[1]
assert "did not allow" in r[2]["content"], r[2]
assert "did not allow" in r[3]["content"] and "SECRET" not in r[3]["content"], r[3]
assert "notes" in r[4]["content"], r[4]
'
pass "allow rules admit whole command lines only; ask rules refuse headless; a broken rule is reported"

run_pair doctor
assert_contains "$OUT" "permissions"
assert_contains "$OUT" "deny   bash(rm -rf *)  ($WS/.pair/settings.json)"
assert_contains "$OUT" "ask    read_file(**/.env)  ($WS/.pair/settings.json)"
assert_contains "$OUT" "allow  bash(git status*)  ($WS/.pair/settings.json)"
assert_contains "$OUT" 'FAIL  '"$WS"'/.pair/settings.json: permission rule "bash(broken" has no closing parenthesis'
assert_contains "$OUT" "sandbox "
pass "pair doctor lists the rules with their files, the broken one as a problem, and the sandbox"

script '{"responses": [
  {"tool_calls": [{"name": "bash", "arguments": {"command": "cd sub && rm -rf ."}},
                  {"name": "bash", "arguments": {"command": "touch made-in-bypass"}}]},
  {"text": "done"}]}'
run_pair -p "clean up" --permission-mode bypass
assert_rc 0
[[ -f "$WS/sub/file" ]] || fail "a deny rule must hold in bypass mode"
[[ -f "$WS/made-in-bypass" ]] || fail "bypass runs what no rule denies"
check_log 'r = [m for m in messages(requests[1]) if m["role"] == "tool"]; assert "denied by the rule bash(rm -rf *)" in r[0]["content"], r[0]'
pass "deny rules hold in bypass mode"

# A symlink out of the workspace is not followed without asking; FIFOs are not read.
rm -f "$WS/.pair/settings.json"
mkdir -p "$T/outside" && echo "outside content" >"$T/outside/target.txt"
ln -s "$T/outside/target.txt" "$WS/link.txt"
mkfifo "$WS/pipe"
script '{"responses": [
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "link.txt", "content": "overwritten"}},
                  {"name": "read_file", "arguments": {"path": "link.txt"}},
                  {"name": "read_file", "arguments": {"path": "pipe"}}]},
  {"text": "done"}]}'
timeout 20 true
run_pair -p "follow the link" --permission-mode accept-edits
assert_rc 0
[[ "$(cat "$T/outside/target.txt")" == "outside content" ]] || fail "wrote through a symlink out of the workspace"
check_log '
r = [m for m in messages(requests[1]) if m["role"] == "tool"]
assert "did not allow" in r[0]["content"] and "did not allow" in r[1]["content"], r[:2]
assert "not a regular file" in r[2]["content"], r[2]
'
pass "symlinks out of the workspace ask (refused headless); FIFOs are not read"
