#!/usr/bin/env bash
# `pair acp` driven by the official Agent Client Protocol SDK (acp_client.mjs, @agentclientprotocol/sdk
# from tests/support/acp_npm.sh's cache) with the scripted model: the handshake, a warm-up ahead of
# a new session's first turn, a streamed answer
# with reasoning and an embedded resource, an edit shown as a diff and asked about (rejected, then
# allowed), "always" for a command saved as the terminal UI saves it, "always reject" for a command,
# the window's fill as usage_update, a retry as a notice, an image attached, the model chosen as a session config option, an MCP server the editor
# passes in session/new used, session/set_mode, cancel while bash runs (its
# processes gone), malformed and unknown messages answered with JSON-RPC errors while the agent
# keeps going, session/load replaying the stored session in a second `pair acp`, and SIGTERM while
# bash runs in a fourth (exit 130, the command's processes gone); in the third, an editor that
# offers its files and a terminal: read_file reads its unsaved buffer, an approved edit is written
# through it, and with the sandbox off bash runs in its terminal.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
# Before harness_init, which points the cache at a temporary home.
NPM_DIR=${PAIR_ACP_NPM_DIR:-$(bash "$PAIR_SOURCE_DIR/tests/support/acp_npm.sh")}
[[ -f "$NPM_DIR/node_modules/@agentclientprotocol/sdk/package.json" ]] ||
  { echo "FAIL: the ACP SDK is not in $NPM_DIR (tests/support/acp_npm.sh)" >&2; exit 1; }
harness_init

echo one >"$WS/a.txt"
git -C "$WS" add -A && git -C "$WS" commit -qm init
cat >"$T/script.json" <<'JSON'
{"standing": [{"body_contains": "\"max_tokens\":1", "response": {"text": ""}}],
 "responses": [
  {"reasoning": "Thinking it over.", "text": "Hello from pair"},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "one", "new_string": "two"}}]},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "one", "new_string": "two"}}]},
  {"text": "Edited."},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "echo hi from bash"}}]},
  {"text": "Ran it."},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "touch never-made"}}]},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "touch never-made"}}]},
  {"text": "Refused twice."},
  {"tool_calls": [{"name": "mcp__probe__env", "arguments": {"name": "ACP_PROBE"}}]},
  {"text": "Probed."},
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "b.txt", "content": "made\n"}}]},
  {"text": "Wrote."},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "SLEEP_A"}}]},
  {"status": 503, "error": "Loading model"},
  {"text": "Still here."},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "a.txt"}}]},
  {"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "buffer", "new_string": "edited"}}]},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "echo from pair"}}]},
  {"text": "Used the buffer."},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "echo runs until cancelled"}}]},
  {"text": "I can", "finish_reason": "content_filter"},
  {"tool_calls": [{"name": "bash", "arguments": {"command": "SLEEP_B"}}]},
  {"text": "Continued in the terminal."}
]}
JSON
# Commands no other test runs, so that looking for their processes finds only these.
export ACP_SLEEP_A="sleep 313.$$" ACP_SLEEP_B="sleep 271.$$"
sed -i "s/SLEEP_A/$ACP_SLEEP_A/; s/SLEEP_B/$ACP_SLEEP_B/" "$T/script.json"
scripted_start "$T/script.json"
use_model "$URL/v1"
# A second entry on the same server, for choosing the model from the editor.
printf '[{"name": "test", "url": "%s", "modelId": "test-model", "purpose": "text"},
 {"name": "other", "url": "%s", "modelId": "other-model", "purpose": "text", "vision": true}]\n' "$URL/v1" "$URL/v1" \
  >"$WS/.pair/models.json"

node "$PAIR_SOURCE_DIR/tests/integration/acp_client.mjs" "$PAIR_BIN" "$WS" "$NPM_DIR" \
  "$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py" ||
  fail "the ACP client's checks failed (above)"

[[ "$(cat "$WS/a.txt")" == two ]] || fail "an edit written through the editor reached the disk: $(cat "$WS/a.txt")"
pass "an edit written through the editor is the editor's to save"
[[ ! -e "$WS/never-made" ]] || fail "a command rejected for the session ran anyway"
pass "a command rejected for the session never ran"
grep -qF 'bash(echo hi from bash)' "$XDG_CONFIG_HOME/pair/projects.json" ||
  fail "the \"always\" answer was not saved in projects.json: $(cat "$XDG_CONFIG_HOME/pair/projects.json" 2>&1)"
pass "\"allow always\" saved the command's rule where the terminal UI saves it"

: >"$T/out"  # check_log reads pair's stdout; here the client read it
check_log '
warm_ups = [r for r in requests if r["json"].get("max_tokens") == 1]
turns = [r for r in requests if r["json"].get("max_tokens") != 1]
assert len(warm_ups) == 3 and requests[0] in warm_ups, "one warm-up ahead of each new session (none for the loaded one)"
assert len(turns) == 23, len(turns)
warm = messages(warm_ups[0])
assert [m["role"] for m in warm] == ["system", "user"] and warm[1]["content"].startswith("<context>"), warm
first = messages(turns[0])
assert first[0] == warm[0] and first[1]["content"].startswith(warm[1]["content"]), "the first turn extends the warm-up"
first = first[-1]["content"]
assert first.endswith("say hello\n\n<resource uri=\"" + ws + "/notes.md\">\nunsaved buffer text\n</resource>"), first[-200:]
assert [t["json"]["model"] for t in turns[13:]] == ["test-model", "other-model", "other-model"] + ["test-model"] * 7, "the model chosen in the editor"
with_image = messages(turns[15])[-1]["content"]
assert isinstance(with_image, list), with_image
assert any(p.get("type") == "image_url" and p["image_url"]["url"].startswith("data:image/png;base64,iVBORw0KGgo") for p in with_image), with_image
rejected = messages(turns[2])[-1]
assert rejected["role"] == "tool" and "did not allow" in rejected["content"], rejected
read = messages(turns[17])[-1]
assert read["role"] == "tool" and read["content"] == "1\tbuffer, unsaved\n", read
ran = messages(turns[19])[-1]
assert ran["role"] == "tool" and ran["content"] == "from the editor\x27s terminal\n[exit code 0]", ran
'
pass "a warm-up went ahead of the first turn, and the model got the embedded resource, the rejection, the editor's buffer and its terminal's output"

# Sessions are ordinary pair sessions: `pair -c` in a terminal continues the one the editor used last.
(cd "$WS" && "$PAIR_BIN" -c -p "carry on") >"$T/out" 2>"$T/err" ||
  fail "pair -c after the editor's sessions failed: $(cat "$T/err")"
grep -qx "Continued in the terminal." "$T/out" || fail "pair -c did not answer: $(cat "$T/out" "$T/err")"
check_log '
last = messages(requests[-1])
users = [m["content"] for m in last if m["role"] == "user"]
assert users[-1] == "carry on" and any("sleep again" in u for u in users), users
'
pass "pair -c continues the session the editor used last, with its conversation"

# A first run: nothing configured and nothing on the default port. session/new answers with the
# commands that set a model up (as headless pair does), rather than a connection error later.
if (exec 3<>/dev/tcp/127.0.0.1/8004) 2>/dev/null; then
  echo "note: something listens on localhost:8004, so the first-run answer is not checked here"
else
  rm -rf "$WS/.pair"
  printf '%s\n' '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1}}' \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session/new\",\"params\":{\"cwd\":\"$WS\",\"mcpServers\":[]}}" |
    (cd "$WS" && "$PAIR_BIN" acp) >"$T/out" 2>"$T/err" || fail "pair acp failed at a first run"
  OUT=$(cat "$T/out") ERR=$(cat "$T/err")
  "$HARNESS_PY" - "$T/out" <<'PY' || fail "session/new at a first run did not say how to set a model up"
import json, sys
answers = {m["id"]: m for m in map(json.loads, open(sys.argv[1]))}
error = answers[1]["error"]
assert error["code"] == -32603, error
assert "no model is configured" in error["message"] and "pair model add" in error["message"], error["message"]
PY
  pass "at a first run session/new answers with the commands that set a model up"
fi
