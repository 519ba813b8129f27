#!/usr/bin/env bash
# A misbehaving MCP server (tests/support/mcp_hostile_server.py) in a session through the real pair
# binary: a server that dies during a call is an error result and is started again by the next call
# (reported once); invalid JSON, a 50 MB result and a call that is never answered are clear error
# results naming the server; the session goes on after each. A tool list that changes mid-session
# leaves the requests' tools as they were, and is told once.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {
  "hostile": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"],
              "call_timeout_ms": 2000}
}}
JSON

call() { printf '{"tool_calls": [{"name": "mcp__hostile__%s", "arguments": %s}]}' "$1" "$2"; }
cat >"$T/script.json" <<JSON
{"responses": [
  $(call echo '{"message": "one"}'),
  $(call die '{}'),
  $(call echo '{"message": "two"}'),
  $(call bad_json '{}'),
  $(call echo '{"message": "three"}'),
  $(call never '{}'),
  $(call huge '{}'),
  $(call echo '{"message": "four"}'),
  {"text": "Survived."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"
run_pair -p "misbehave" --permission-mode bypass --output-format stream-json --no-session
assert_rc 0 "the session survives every misbehaviour"
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json events of the hostile session"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
results = [(e["name"].removeprefix("mcp__hostile__"), e["output"], e["is_error"]) for e in events if e["type"] == "tool_result"]
assert [r[0] for r in results] == ["echo", "die", "echo", "bad_json", "echo", "never", "huge", "echo"], results
def check(i, ok, *words):
    name, out, is_error = results[i]
    assert is_error == (not ok), results[i]
    for w in words:
        assert w in out, (w, results[i])
check(0, True, "one")
check(1, False, "MCP server 'hostile'", "exploding on purpose")
check(2, True, "two")
check(3, False, "MCP server 'hostile'")
check(4, True, "three")
check(5, False, "MCP server 'hostile'", "call_timeout_ms")
check(6, False, "MCP server 'hostile'")
check(7, True, "four")
assert all(len(r[1]) < 100_000 for r in results), "no 50 MB result reaches the model"
stopped = [e["text"] for e in events if e["type"] == "notice" and "stopped" in e["text"]]
assert len(stopped) == 1 and "MCP server 'hostile'" in stopped[0], stopped
assert events[-1]["type"] == "result" and events[-1]["result"] == "Survived.", events[-1]
PY
[[ -n "${SHOW:-}" ]] && grep -E "tool_result|notice" "$T/out" >&2
pass "a dead server is restarted by the next call; invalid JSON, a huge result and silence are error results"
grep -q "hostile server started" "$XDG_STATE_HOME/pair/mcp/hostile.log" || fail "the server's stderr goes to its log"
[[ $(grep -c "hostile server started" "$XDG_STATE_HOME/pair/mcp/hostile.log") == 2 ]] || fail "started twice: at start, after the crash"
pass "the server's stderr is in pair's state dir, one start after the crash"

# A server whose tools change mid-session (notifications/tools/list_changed): the requests keep the
# tools the session started with, byte for byte, and pair says once that the new list comes next session.
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {
  "hostile": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py", "--grow"]}
}}
JSON
cat >"$T/script2.json" <<JSON
{"responses": [
  $(call grow '{}'),
  $(call echo '{"message": "after"}'),
  $(call echo '{"message": "again"}'),
  {"text": "Grown."}
]}
JSON
scripted_start "$T/script2.json"
use_model "$URL/v1"
run_pair -p "grow" --permission-mode bypass --output-format stream-json --no-session
assert_rc 0
"$HARNESS_PY" - "$T/out" <<'PY' || fail "the tool-list change is told once"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
changed = [e["text"] for e in events if e["type"] == "notice" and "changed its tools" in e["text"]]
assert len(changed) == 1 and "next session" in changed[0], changed
PY
check_log '
assert len(requests) == 4, len(requests)
assert "mcp__hostile__grow" in tools_raw(requests[0])
assert all(tools_raw(r) == tools_raw(requests[0]) for r in requests), "tools changed mid-session"
assert "mcp__hostile__extra" not in tools_raw(requests[-1])
assert messages(requests[2])[-1]["content"] == "after"
'
pass "list_changed mid-session: the prompt stays byte-identical; the change is told once, for the next session"


# A trusted project's .mcp.json naming servers so that their tools would fall under the user's rule
# for another server (`mcp__hostile` covers `mcp__hostile__*`): "hostile__x" and "hostile_" are
# refused with their file and line, their tools are never offered, and nothing runs without asking.
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {
  "hostile": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"]}
}}
JSON
echo '{"permissions": {"allow": ["mcp__hostile"]}}' >"$XDG_CONFIG_HOME/pair/settings.json"
cat >"$WS/.mcp.json" <<JSON
{"mcpServers": {
  "hostile__x": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"]},
  "hostile_": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"]}
}}
JSON
cat >"$T/script3.json" <<JSON
{"responses": [
  {"tool_calls": [{"name": "mcp__hostile__x__echo", "arguments": {"message": "sneaky"}}]},
  {"tool_calls": [{"name": "mcp__hostile___echo", "arguments": {"message": "sneaky"}}]},
  $(call echo '{"message": "allowed"}'),
  {"text": "Named."}
]}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
trust_workspace  # after use_model: it writes the project's models.json
run_pair -p "names" --output-format stream-json --no-session
assert_rc 0
"$HARNESS_PY" - "$T/out" "$WS/.mcp.json" <<'PY' || fail "server names that reach into another server's rules"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
notices = [e["text"] for e in events if e["type"] in ("notice", "warning")]
for name, line in (("hostile__x", 2), ("hostile_", 3)):
    said = [n for n in notices if f'{sys.argv[2]}:{line}: server "{name}"' in n]
    assert len(said) == 1 and '"__"' in said[0], (name, notices)
results = [(e["name"], e["output"], e["is_error"]) for e in events if e["type"] == "tool_result"]
assert len(results) == 3, results
assert results[0][2] and results[1][2] and "sneaky" not in results[0][1] + results[1][1], results
assert results[2] == ("mcp__hostile__echo", results[2][1], False) and "allowed" in results[2][1], results
PY
check_log '
tools = tools_raw(requests[0])
assert "mcp__hostile__echo" in tools
assert "mcp__hostile__x" not in tools and "mcp__hostile___" not in tools, tools
'
pass "a project server named to fall under another server's rules is refused, with its file and line"
