#!/usr/bin/env bash
# A command that fails to write in a read-only workspace (here a read-only mount, in a mount namespace
# of the test's own) is not blamed on pair's sandbox: the note says the place cannot be written outside
# it either. A write the sandbox itself stops (a directory writable outside it) still says so.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
sandbox_runs || exit 77
if ! why=$(unshare -rm true 2>&1); then
  echo "SKIP: cannot make a read-only mount in a namespace of our own (unshare -rm: $why)"
  exit 77
fi
harness_init
# Writable outside the sandbox, read-only inside it (not under /tmp: the sandbox's /tmp is private).
OTHER=$(mktemp -d /var/tmp/pair-it-other.XXXXXX)
trap 'rm -rf "$OTHER"; _harness_cleanup' EXIT

mkdir -p "$HOME/.config/pair"
echo '{"sandbox": {"enabled": true}}' >"$HOME/.config/pair/settings.json"
cat >"$T/script.json" <<JSON
{"responses": [
  {"tool_calls": [
    {"name": "bash", "arguments": {"command": "echo x > out.txt"}},
    {"name": "bash", "arguments": {"command": "echo x > $OTHER/other.txt"}}]},
  {"text": "done"}]}
JSON
scripted_start "$T/script.json"
printf '[{"name": "test", "url": "%s/v1", "modelId": "test-model", "purpose": "text"}]\n' "$URL" \
  >"$HOME/.config/pair/models.json"

set +e
(cd "$T" && unshare -rm bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && cd "$1" &&
  exec "$2" -p "write" --permission-mode bypass' _ "$WS" "$PAIR_BIN" </dev/null >"$T/out" 2>"$T/err")
RC=$?
set -e
assert_rc 0 "$(cat "$T/err")"
[[ ! -e "$WS/out.txt" && ! -e "$OTHER/other.txt" ]] || fail "a write went through"
check_log '
r = [m["content"] for m in messages(requests[1]) if m["role"] == "tool"]
assert "Read-only file system" in r[0], r[0]
assert "outside pair" + chr(39) + "s sandbox either" in r[0] and "did not cause this" in r[0], r[0]
assert "only the workspace and a private /tmp are writable" not in r[0], r[0]
assert "only the workspace and a private /tmp are writable" in r[1], r[1]'
pass "a read-only workspace is not blamed on the sandbox; what the sandbox stops still says so"
