#!/usr/bin/env bash
# MCP tools in a session, through the real pair binary (headless, the scripted model) and the real
# reference server `mcp-server-everything` over stdio: its tools are offered as mcp__everything__*,
# a call returns the server's text, the server's isError is an error result, permissions ask (and
# headless refuses, naming the rule) unless bypass or an allow rule, the tools are byte-identical
# across runs, and a server that cannot start is one notice while the turn still works. Then
# `mcp-server-filesystem` over stdio, and server-everything over Streamable HTTP.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
# Before harness_init, which points the cache at a temporary home.
NPM_DIR=${PAIR_MCP_NPM_DIR:-$(bash "$PAIR_SOURCE_DIR/tests/support/mcp_npm.sh")}
EVERYTHING=$NPM_DIR/node_modules/.bin/mcp-server-everything
[[ -x "$EVERYTHING" ]] || { echo "FAIL: $EVERYTHING not found (tests/support/mcp_npm.sh)" >&2; exit 1; }
harness_init

mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {
  "everything": {"command": "$EVERYTHING", "tools": ["echo", "get-resource-reference"]},
  "broken": {"command": "$T/no-such-server", "startup_timeout_ms": 5000}
}}
JSON

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "mcp__everything__echo", "arguments": {"message": "hello from the model"}}]},
  {"tool_calls": [{"name": "mcp__everything__get-resource-reference", "arguments": {"resourceType": "Text", "resourceId": -1}}]},
  {"text": "Done."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"
run_pair -p "echo something" --permission-mode bypass --output-format stream-json --no-session
assert_rc 0 "the turn completes though one server did not start"
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json events of the MCP session"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
notices = [e["text"] for e in events if e["type"] in ("notice", "warning")]
broken = [n for n in notices if "MCP server 'broken'" in n]
assert len(broken) == 1, notices
assert "did not start" in broken[0], broken
assert not any("'everything'" in n for n in notices), notices
results = [e for e in events if e["type"] == "tool_result"]
assert len(results) == 2, results
assert results[0]["name"] == "mcp__everything__echo" and results[0]["output"] == "Echo: hello from the model", results[0]
assert "Invalid resourceId: -1" in results[1]["output"], results[1]
assert events[-1]["type"] == "result" and events[-1]["result"] == "Done.", events[-1]
PY
check_log '
assert len(requests) == 3, len(requests)
names = [t["function"]["name"] for t in requests[0]["json"]["tools"]]
assert names[-2:] == ["mcp__everything__echo", "mcp__everything__get-resource-reference"], names
assert not any("broken" in n for n in names), names
echo = requests[0]["json"]["tools"][-2]["function"]
assert "$schema" not in json.dumps(echo["parameters"]), echo
assert echo["parameters"]["required"] == ["message"], echo
assert all(r["json"]["tools"] == requests[0]["json"]["tools"] for r in requests), "tools changed within the session"
assert messages(requests[1])[-1]["content"] == "Echo: hello from the model", messages(requests[1])[-1]
err = messages(requests[2])[-1]["content"]
assert "Invalid resourceId: -1" in err, err
'
pass "mcp__everything__* offered and called over stdio; isError comes back as an error; a broken server is one notice"
# The error result is marked as one in the conversation the next request carries.
"$HARNESS_PY" -c '
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["type"] == "tool_result" and e["name"].endswith("get-resource-reference"):
        assert e.get("is_error") is True, e
' "$T/out" || fail "the isError result is reported as an error"
pass "isError is an error result"

# The tools part of the request is byte-identical across two runs.
cp "$LOG" "$T/first.jsonl"
scripted_start "$T/script.json"
use_model "$URL/v1"
run_pair -p "echo something" --permission-mode bypass --no-session
assert_rc 0
check_log '
first = load_requests("'"$T"'/first.jsonl")[0]
assert "mcp__everything__echo" in tools_raw(first)
assert tools_raw(first) == tools_raw(requests[0]), (tools_raw(first), tools_raw(requests[0]))
assert_all_extend(requests)
'
pass "the tools are byte-identical across two runs"

# Default mode: headless refuses the call, naming the rule to allow; an allow rule runs it.
cat >"$T/script2.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "mcp__everything__echo", "arguments": {"message": "again"}}]},
  {"text": "Finished."}
]}
JSON
scripted_start "$T/script2.json"
use_model "$URL/v1"
run_pair -p "echo again" --no-session
assert_contains "$ERR" "refused by the permission mode" "headless refusal"
assert_contains "$ERR" "mcp__everything__echo" "the refusal names the rule"
check_log '
out = messages(requests[1])[-1]["content"]
assert "Echo: again" not in out, out
'
pass "default mode refuses an MCP tool in headless, naming mcp__everything__echo"

mkdir -p "$XDG_CONFIG_HOME/pair"
echo '{"permissions": {"allow": ["mcp__everything__echo"]}}' >"$XDG_CONFIG_HOME/pair/settings.json"
scripted_start "$T/script2.json"
use_model "$URL/v1"
run_pair -p "echo again" --no-session
assert_rc 0
assert_eq "$OUT" "Finished."
check_log 'assert messages(requests[1])[-1]["content"] == "Echo: again", messages(requests[1])[-1]'
pass "an allow rule mcp__everything__echo runs it in default mode"

echo '{"permissions": {"allow": ["mcp__everything"]}}' >"$XDG_CONFIG_HOME/pair/settings.json"
scripted_start "$T/script2.json"
use_model "$URL/v1"
run_pair -p "echo again" --no-session
assert_rc 0
check_log 'assert messages(requests[1])[-1]["content"] == "Echo: again", messages(requests[1])[-1]'
pass "an allow rule mcp__everything covers every tool of the server"

[[ -f "$XDG_STATE_HOME/pair/mcp/everything.log" ]] \
  || fail "the server's stderr log is under pair's state dir"
pass "stdio servers' stderr goes to pair's state dir"

# server-filesystem, a server users really run, limited to the workspace and to two of its tools.
echo "notes for the server" >"$WS/notes.txt"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"fs": {"command": "$NPM_DIR/node_modules/.bin/mcp-server-filesystem", "args": ["$WS"],
                       "tools": ["read_text_file", "list_directory"]}}}
JSON
cat >"$T/script_fs.json" <<JSON
{"responses": [
  {"tool_calls": [{"name": "mcp__fs__read_text_file", "arguments": {"path": "$WS/notes.txt"}}]},
  {"tool_calls": [{"name": "mcp__fs__read_text_file", "arguments": {"path": "/etc/hostname"}}]},
  {"text": "Read."}
]}
JSON
scripted_start "$T/script_fs.json"
use_model "$URL/v1"
run_pair -p "read the notes" --permission-mode bypass --no-session
assert_rc 0
assert_eq "$OUT" "Read."
check_log '
names = [t["function"]["name"] for t in requests[0]["json"]["tools"] if t["function"]["name"].startswith("mcp__")]
assert names == ["mcp__fs__list_directory", "mcp__fs__read_text_file"], names
assert messages(requests[1])[-1]["content"].strip() == "notes for the server", messages(requests[1])[-1]
outside = messages(requests[2])[-1]["content"]
assert "denied" in outside.lower() or "outside" in outside.lower(), outside
'
pass "server-filesystem: the allow-listed tools sorted by name, a read, and its refusal outside the workspace"

# Over Streamable HTTP: server-everything's HTTP mode on a free port, the same tool through it.
port=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT=$port node "$NPM_DIR/node_modules/@modelcontextprotocol/server-everything/dist/index.js" streamableHttp \
  >"$T/http-server.log" 2>&1 &
http_pid=$!
trap 'kill "$http_pid" 2>/dev/null || true; _harness_cleanup' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$http_pid" 2>/dev/null || fail "server-everything (HTTP) exited: $(cat "$T/http-server.log")"
  sleep 0.1
done
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"web": {"type": "http", "url": "http://127.0.0.1:$port/mcp", "tools": ["echo"]}}}
JSON
rm -f "$XDG_CONFIG_HOME/pair/settings.json"
cat >"$T/script3.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "mcp__web__echo", "arguments": {"message": "over http"}}]},
  {"text": "Done."}
]}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
run_pair -p "echo over http" --permission-mode bypass --no-session
assert_rc 0
assert_eq "$OUT" "Done."
check_log '
names = [t["function"]["name"] for t in requests[0]["json"]["tools"]]
assert names[-1] == "mcp__web__echo", names
assert messages(requests[1])[-1]["content"] == "Echo: over http", messages(requests[1])[-1]
'
pass "an MCP server over Streamable HTTP: listed and called"
