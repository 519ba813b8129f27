#!/usr/bin/env bash
# The sandbox's edges, with the real binary and real bubblewrap. Inside it a command cannot change
# what runs code outside it later: `git config core.fsmonitor`, a hook, .git/info/attributes, a
# planted .git/commondir (removed after the command), .pair/settings.json (with .pair missing and
# existing) all fail and leave the files as they were, while `git add` + `git commit` work. A
# Unix-domain socket on the host (one in the workspace, one in a runtime-directory-like place) is
# not reachable without network (the listener sees no connection), and is with /sandbox/network.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
sandbox_runs || exit 77
harness_init

# A runtime directory outside /tmp (the sandbox's /tmp is private, so it would hide it anyway).
RUN_DIR=$(mktemp -d /var/tmp/pair-it-run.XXXXXX)
listener=""
_escape_cleanup() {
  [[ -n "$listener" ]] && { kill "$listener" 2>/dev/null || true; wait "$listener" 2>/dev/null || true; }
  rm -rf "$RUN_DIR"
}
trap '_escape_cleanup; _harness_cleanup' EXIT

echo hello >"$WS/file.txt"
git -C "$WS" add file.txt && git -C "$WS" commit -qm init
cp "$WS/.git/config" "$T/config.before"
commits_before=$(git -C "$WS" rev-list --count HEAD)

# Settings and the model in the USER's files: a project's own settings do not apply untrusted.
mkdir -p "$HOME/.config/pair"
user_settings() { printf '{"sandbox": {"enabled": true, "network": %s}}\n' "$1" >"$HOME/.config/pair/settings.json"; }
script() {
  printf '%s' "$1" >"$T/s.json"
  scripted_start "$T/s.json"
  printf '[{"name": "test", "url": "%s/v1", "modelId": "test-model", "purpose": "text"}]\n' "$URL" \
    >"$HOME/.config/pair/models.json"
}
tool_results() { check_log "$1"; }

# 1. Planting code that git runs outside the sandbox; .pair/ missing at first.
user_settings false
[[ ! -e "$WS/.pair" ]] || fail "the workspace should start without .pair"
script '{"responses": [
  {"tool_calls": [
    {"name": "bash", "arguments": {"command": "git config core.fsmonitor \"touch '"$T"'/fsmonitor-ran\""}},
    {"name": "bash", "arguments": {"command": "printf \"#!/bin/sh\\ntouch '"$T"'/hook-ran\\n\" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit"}},
    {"name": "bash", "arguments": {"command": "echo \"* filter=evil\" > .git/info/attributes"}},
    {"name": "bash", "arguments": {"command": "mkdir -p .pair && echo {} > .pair/settings.json"}},
    {"name": "bash", "arguments": {"command": "mkdir -p evil && cp -r .git/objects .git/refs .git/HEAD evil/ && printf \"[core]\\n\\tfsmonitor = \\\"touch '"$T"'/commondir-ran\\\"\\n\" > evil/config && echo ../evil > .git/commondir && echo planted"}},
    {"name": "bash", "arguments": {"command": "echo more >> file.txt && git add file.txt && git -c user.email=t@example.com -c user.name=t commit -qm from-the-sandbox && git log --oneline | head -1"}}]},
  {"text": "done"}]}'
run_pair -p "try to get out" --permission-mode bypass
assert_rc 0
cmp -s "$WS/.git/config" "$T/config.before" || fail ".git/config changed: $(cat "$WS/.git/config")"
[[ ! -e "$WS/.git/hooks/pre-commit" ]] || fail "a hook was planted"
[[ ! -e "$WS/.git/info/attributes" ]] || fail ".git/info/attributes was created"
[[ ! -e "$WS/.pair/settings.json" ]] || fail ".pair/settings.json was created with .pair missing"
[[ ! -e "$WS/.git/commondir" ]] || fail ".git/commondir was left in place: $(cat "$WS/.git/commondir")"
[[ $(git -C "$WS" rev-list --count HEAD) == $((commits_before + 1)) ]] || fail "the commit inside the sandbox did not land"
[[ $(git -C "$WS" log -1 --format=%s) == from-the-sandbox ]] || fail "the last commit is not the sandbox's"
git -C "$WS" status --short >/dev/null
git -C "$WS" -c user.email=t@example.com -c user.name=t commit -q --allow-empty -m host-commit
for ran in fsmonitor-ran hook-ran commondir-ran; do
  [[ ! -e "$T/$ran" ]] || fail "$ran: code planted in the sandbox ran outside it"
done
tool_results '
r = [m["content"] for m in messages(requests[1]) if m["role"] == "tool"]
for i in range(4):
    assert "[exit code 0]" not in r[i], (i, r[i])
    assert "read-only" in r[i] and "git commit still work" in r[i], (i, r[i])
assert "removed what this command created" in r[4] and ".git/commondir" in r[4], r[4]
assert "[exit code 0]" in r[5] and "from-the-sandbox" in r[5], r[5]
'
pass "config, hooks, info, .pair (missing) and commondir are protected; commits work"

# 2. .pair/ existing: its settings cannot be written or replaced.
mkdir -p "$WS/.pair" && echo '{"keep": true}' >"$WS/.pair/settings.json"
script '{"responses": [
  {"tool_calls": [
    {"name": "bash", "arguments": {"command": "echo {} > .pair/settings.json"}},
    {"name": "bash", "arguments": {"command": "rm -rf .pair"}},
    {"name": "bash", "arguments": {"command": "mv .pair .pair-old && mkdir .pair && echo {} > .pair/settings.json"}},
    {"name": "bash", "arguments": {"command": "mv .git .git-old"}}]},
  {"text": "done"}]}'
run_pair -p "again" --permission-mode bypass
assert_rc 0
[[ $(cat "$WS/.pair/settings.json") == '{"keep": true}' ]] || fail ".pair/settings.json changed"
[[ ! -e "$WS/.pair-old" && ! -e "$WS/.git-old" && -d "$WS/.git" ]] || fail ".pair or .git was moved away"
tool_results '
r = [m["content"] for m in messages(requests[1]) if m["role"] == "tool"]
for i in range(4):
    assert "[exit code 0]" not in r[i], (i, r[i])
'
pass "an existing .pair cannot be written, removed or replaced; .git cannot be moved away"

# 3. Unix-domain sockets on the host: unreachable without network, reachable with it.
cat >"$T/listen.py" <<'PY'
import os, socket, sys, threading
log = open(sys.argv[1], "a", buffering=1)
def serve(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(8)
    while True:
        c, _ = s.accept()
        log.write("connection " + path + "\n")
        c.sendall(b"hello from the host\n")
        c.close()
for p in sys.argv[2:]:
    threading.Thread(target=serve, args=(p,), daemon=True).start()
open(sys.argv[1] + ".ready", "w").close()
threading.Event().wait()
PY
mkdir -p "$RUN_DIR/bus"
: >"$T/connections"
"$HARNESS_PY" "$T/listen.py" "$T/connections" "$WS/app.sock" "$RUN_DIR/bus/socket" &
listener=$!
for _ in $(seq 1 100); do [[ -e "$T/connections.ready" ]] && break; sleep 0.05; done
[[ -e "$T/connections.ready" ]] || fail "the socket listener did not start"
# The client lives in the workspace: the sandbox's /tmp is its own.
cat >"$WS/client.py" <<'PY'
import socket, sys
for path in sys.argv[1:]:
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        print("reached", path, s.recv(100).decode().strip())
    except OSError as e:
        print("refused", path, e)
PY
client="$HARNESS_PY client.py $WS/app.sock $RUN_DIR/bus/socket; $HARNESS_PY -c \\\"import socket; socket.socket(socket.AF_UNIX)\\\""
script '{"responses": [
  {"tool_calls": [{"name": "bash", "arguments": {"command": "'"$client"'"}}]},
  {"text": "done"}]}'
run_pair -p "talk to the host" --permission-mode bypass
assert_rc 0
[[ ! -s "$T/connections" ]] || fail "a sandboxed command reached a host socket: $(cat "$T/connections")"
tool_results '
r = [m["content"] for m in messages(requests[1]) if m["role"] == "tool"][0]
assert "reached" not in r, r
assert r.count("refused") == 2 and "Address family not supported" in r, r
assert "refuses Unix-domain sockets" in r, r
'
pass "no Unix-domain socket reaches the host without network"

user_settings true
script '{"responses": [
  {"tool_calls": [{"name": "bash", "arguments": {"command": "'"$HARNESS_PY"' client.py '"$WS/app.sock $RUN_DIR/bus/socket"'"}}]},
  {"text": "done"}]}'
run_pair -p "talk to the host" --permission-mode bypass
assert_rc 0
[[ $(grep -c connection "$T/connections") == 2 ]] || fail "with network allowed both sockets should be reached: $(cat "$T/connections")"
tool_results '
r = [m["content"] for m in messages(requests[1]) if m["role"] == "tool"][0]
assert r.count("reached") == 2 and "hello from the host" in r, r
'
pass "with /sandbox/network true the same sockets are reached"
