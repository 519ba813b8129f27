#!/usr/bin/env bash
# End to end in a real VS Code: code-server (from npm, cached outside the checkout) in headless
# Chromium, with the packaged extension installed. pair runs headless in the workspace against the
# scripted model server while Playwright works the editor: the selection and a queued selection
# reach the model; a proposed edit opens as a diff and Accept writes it; Reject leaves the file and
# the model is told; a proposal edited in the diff is written as the user left it; "pair: Open in
# terminal" starts pair in the workspace's terminal, where it connects by itself. A screenshot of
# the diff view is kept in $PAIR_BUILD_DIR/test-artifacts/vscode-diff.png.
#
# Exits 77 (CTest: skipped) only when a hard prerequisite cannot be had: chromium, node/npm, or the
# npm packages (registry unreachable). Everything it starts runs in its own process group, killed
# at the end.
set -euo pipefail
PAIR_SOURCE_DIR=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PAIR_BUILD_DIR=${PAIR_BUILD_DIR:-$PAIR_SOURCE_DIR/build}
skip() { echo "SKIP: $*" >&2; exit 77; }

chromium=$(command -v chromium || true)
[[ -n $chromium ]] || skip "chromium is not installed (scripts/deps.sh --test installs it)"
command -v node >/dev/null && command -v npm >/dev/null || skip "node and npm are not installed"
vsix=$PAIR_BUILD_DIR/ide/extension/pair-vscode.vsix
[[ -f $vsix ]] || { echo "FAIL: $vsix is missing (the ide.extension_build test makes it)" >&2; exit 1; }
# The cache location comes from the real environment, before the harness isolates HOME and XDG_*.
deps=$(bash "$PAIR_SOURCE_DIR/tests/ide/e2e_deps.sh") || skip "could not install code-server and playwright-core from npm (see above)"

source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
artifacts=$PAIR_BUILD_DIR/test-artifacts
mkdir -p "$artifacts" "$T/tmp" "$T/ext" "$T/user-data"
export TMPDIR=$T/tmp
cs_pgid="" driver_pgid=""
cleanup() {
  [[ -n $driver_pgid ]] && kill -KILL -- "-$driver_pgid" 2>/dev/null || true
  [[ -n $cs_pgid ]] && kill -TERM -- "-$cs_pgid" 2>/dev/null || true
  sleep 0.5
  [[ -n $cs_pgid ]] && kill -KILL -- "-$cs_pgid" 2>/dev/null || true
  _harness_cleanup
}
trap cleanup EXIT

printf 'one = 1\ntwo = 2\nthree = 3\n' >"$WS/hello.py"
git -C "$WS" add -A && git -C "$WS" commit -qm init

# Three runs of pair, two model requests each, then one started by "pair: Open in terminal".
cat >"$T/s.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "hello.py", "old_string": "two = 2", "new_string": "two = 'TWO'"}}]},
  {"text": "accepted"},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "hello.py", "old_string": "three = 3", "new_string": "three = 'THREE'"}}]},
  {"text": "rejected"},
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "hello.py", "content": "one = 1\ntwo = 'TWO'\nthree = 3\nfour = 4\n"}}]},
  {"text": "written"},
  {"text": "hello from the model"}
]}
JSON
scripted_start "$T/s.json"
use_model "$URL/v1"

# "pair: Open in terminal" runs this instead of a bare `pair` (not on PATH here).
mkdir -p "$T/user-data/User"
printf '{"pair.command": "%s -p \\"hello from the terminal\\" --verbose", "workbench.startupEditor": "none"}\n' \
  "$PAIR_BIN" >"$T/user-data/User/settings.json"
code_server=$deps/node_modules/.bin/code-server
"$code_server" --install-extension "$vsix" --extensions-dir "$T/ext" --user-data-dir "$T/user-data" \
  >"$T/install.log" 2>&1 || { cat "$T/install.log" >&2; fail "code-server could not install the extension"; }
grep -q "pair.pair-vscode" <("$code_server" --list-extensions --extensions-dir "$T/ext" --user-data-dir "$T/user-data" 2>&1) ||
  fail "the extension is not listed after installing it"

cs_port=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$cs_port" >"$T/code-server.yaml"
setsid "$code_server" --bind-addr "127.0.0.1:$cs_port" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$T/user-data" --extensions-dir "$T/ext" --config "$T/code-server.yaml" \
  "$WS" >"$T/code-server.log" 2>&1 &
cs_pgid=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$cs_port/healthz" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$cs_port/healthz" || { cat "$T/code-server.log" >&2; fail "code-server did not start"; }

# The driver (and the chromium it starts) in a process group of its own too.
NODE_PATH=$deps/node_modules CS_URL="http://127.0.0.1:$cs_port" WS="$WS" PAIR_BIN="$PAIR_BIN" T="$T" \
  LOCK_DIR="$XDG_CONFIG_HOME/pair/ide" MODEL_LOG="$LOG" CHROMIUM="$chromium" SCREENSHOT="$artifacts/vscode-diff.png" \
  setsid node "$PAIR_SOURCE_DIR/tests/ide/vscode_e2e.js" >"$T/driver.log" 2>&1 &
driver_pgid=$!
set +e
wait "$driver_pgid"
driver=$?
set -e
kill -KILL -- "-$driver_pgid" 2>/dev/null || true
driver_pgid=""
cat "$T/driver.log"
if [[ $driver != 0 ]]; then
  echo "--- code-server log ---" >&2
  tail -40 "$T/code-server.log" >&2
  for f in "$T"/pair-*.err; do echo "--- $f ---" >&2; cat "$f" >&2; done
  fail "the VS Code driver failed (screenshots of the failure in $artifacts)"
fi

# What the model was sent.
cp "$T/pair-accept.out" "$T/out"
check_log '
user = messages(requests[0])[1]["content"]
assert "<editor>" not in messages(requests[0])[0]["content"], "never in the system prompt"
assert "Open in code-server: hello.py (python), cursor at line 2" in user, user
assert "Selected (line 2):\n```python\ntwo = 2\n```" in user, user
assert "sent from" in user and "hello.py line 3:\n```python\nthree = 3\n```" in user, user
tool = lambda i: [m for m in messages(requests[i]) if m["role"] == "tool"][0]["content"]
assert tool(1).startswith("Edited hello.py"), tool(1)
assert "did not allow" in tool(3) and "rejected the change in" in tool(3), tool(3)
assert "The user edited your proposed change" in tool(5), tool(5)
terminal = messages(requests[6])[1]["content"]
assert terminal.index("hello from the terminal") < terminal.index("<editor>"), terminal
'
assert_eq "$(cat "$WS/hello.py")" "$(printf "one = 1\ntwo = 'TWO'\nthree = 3\nfour = 4\n# reviewed by a person")"
[[ -s $artifacts/vscode-diff.png ]] || fail "no screenshot of the diff view"
pass "VS Code: selection and queued text reached the model; Accept wrote, Reject refused, an edited proposal was written as edited; pair started from the terminal command connected by itself (screenshot: $artifacts/vscode-diff.png)"
