#!/usr/bin/env bash
# Which MCP servers a session starts, and how long it waits: a project's .mcp.json only in a trusted
# project, a silent server no longer than its startup timeout, a server over the tool budget not
# offered (an allow-list suggested), an allow-list offered whatever it costs. The server is
# tests/support/mcp_hostile_server.py, through the real pair binary and the scripted model.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$T/script3.json" <<'JSON'
{"responses": [{"text": "Hello."}]}
JSON
# A project's .mcp.json starts programs: not before the user trusts the project (`pair trust`).
cat >"$WS/.mcp.json" <<JSON
{"mcpServers": {"proj": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"]}}}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
run_pair -p "hi" --output-format stream-json --no-session
assert_rc 0
assert_contains "$OUT" "not used until you trust this project" "the withheld server is named"
check_log 'assert "mcp__proj__" not in tools_raw(requests[0]), tools_raw(requests[0])'
[[ ! -e "$XDG_STATE_HOME/pair/mcp/proj.log" ]] || fail "an untrusted project's server was started"
pass "an untrusted project's .mcp.json server is not started"

scripted_start "$T/script3.json"
use_model "$URL/v1"
trust_workspace  # after use_model: trust records the project's files as they are
run_pair -p "hi" --no-session
assert_rc 0
check_log 'assert "mcp__proj__echo" in tools_raw(requests[0]), tools_raw(requests[0])'
pass "once trusted, its tools are offered"

# A server that never answers `initialize` holds the first request back no longer than its startup
# timeout, and is reported.
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<'JSON'
{"mcpServers": {"mute": {"command": "sleep", "args": ["60"], "startup_timeout_ms": 1500}}}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
started=$(date +%s%N)
run_pair -p "hi" --output-format stream-json --no-session
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
assert_rc 0
assert_contains "$OUT" "MCP server 'mute' did not start" "the silent server is reported"
(( elapsed_ms < 8000 )) || fail "a silent server held the session ${elapsed_ms} ms (its timeout is 1.5 s)"
pass "a server that never answers delays the first request by its startup timeout only (${elapsed_ms} ms)"

# A server whose tools cost more than the budget is not offered; pair says so and suggests an
# allow-list. With one, the listed tools are offered.
rm -f "$WS/.mcp.json"
echo '{"mcp": {"tool_budget_tokens": 50}}' >"$XDG_CONFIG_HOME/pair/settings.json"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"hostile": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"]}}}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
run_pair -p "hi" --output-format stream-json --no-session
assert_rc 0
assert_contains "$OUT" "-token budget (/mcp/tool_budget_tokens in settings.json), so none is offered" "the budget is told"
assert_contains "$OUT" '\"tools\": [' "an allow-list is suggested"
check_log 'assert "mcp__hostile__" not in tools_raw(requests[0]), tools_raw(requests[0])'
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"hostile": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"],
                            "tools": ["echo", "env"]}}}
JSON
scripted_start "$T/script3.json"
use_model "$URL/v1"
run_pair -p "hi" --no-session
assert_rc 0
check_log '
names = [t["function"]["name"] for t in requests[0]["json"]["tools"] if t["function"]["name"].startswith("mcp__")]
assert names == ["mcp__hostile__echo", "mcp__hostile__env"], names
'
pass "over the budget a server is not offered and an allow-list is suggested; an allow-list is offered whatever it costs"
