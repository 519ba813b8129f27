#!/usr/bin/env bash
# MCP in the terminal UI: a server tool's call asks first ("Call this MCP tool?") and runs on yes;
# /mcp lists the servers with their state, tools and token cost, and one that did not start; Esc
# cancels a call the server never answers, and the server hears notifications/cancelled.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {
  "hostile": {"command": "$HARNESS_PY", "args": ["$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py"],
              "tools": ["echo", "never", "cancelled"]},
  "gone": {"command": "$T/no-such-server"}
}}
JSON
cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "mcp__hostile__echo", "arguments": {"message": "from the server"}}]},
  {"text": "Echoed."},
  {"tool_calls": [{"name": "mcp__hostile__never", "arguments": {}}]},
  {"tool_calls": [{"name": "mcp__hostile__cancelled", "arguments": {}}]},
  {"text": "Checked."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "say it"
tui_keys Enter
tui_wait "Call this MCP tool?"
assert_contains "$(tui_capture)" "don't ask again for mcp__hostile__echo"
tui_keys Enter
tui_wait "Echoed."
tui_wait_prompt
check_log 'assert messages(requests[1])[-1]["content"] == "from the server", messages(requests[1])[-1]'
pass "an MCP tool asks first and runs on yes"

tui_type "/mcp"
tui_keys Enter
tui_wait "MCP servers"
tui_wait "fixed for the session"
screen=$(tui_capture)
assert_contains "$screen" "hostile · running"
assert_contains "$screen" "3 tools, about"
assert_contains "$screen" "mcp__hostile__echo"
assert_contains "$screen" "gone · did not start"
pass "/mcp lists servers, state, tools and their cost"

# Esc while the server sits on a call: the call ends at once and the server is told which request.
tui_type "wait for it"
tui_keys Enter
tui_wait "Call this MCP tool?"
tui_keys Enter
tui_wait_gone "Call this MCP tool?"
tui_keys Escape
tui_wait "Interrupted"
tui_wait_prompt
tui_type "check"
tui_keys Enter
tui_wait "Call this MCP tool?"
tui_keys Enter
tui_wait "Checked."
check_log '
heard = json.loads(messages(requests[-1])[-1]["content"])
assert isinstance(heard, list) and len(heard) == 1, heard
'
pass "Esc cancels an MCP call and the server hears notifications/cancelled"
