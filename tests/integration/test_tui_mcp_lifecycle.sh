#!/usr/bin/env bash
# MCP servers' lifecycle in the terminal UI: they start in the background, so the prompt is ready
# while a slow server still starts (/mcp shows it "starting") and the first request waits for it and
# carries its tools; `/mcp reload` applies an edited configuration now, says that the tools (and so
# the prompt) changed, and says so again when nothing changed.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

server() { # NAME TOOLS [FLAGS...]: one stdio entry of the hostile server
  local name=$1 tools=$2 flags=""
  shift 2
  for f in "$@"; do flags+=", \"$f\""; done
  printf '"%s": {"command": "%s", "args": ["%s"%s], "tools": %s}' "$name" "$HARNESS_PY" \
    "$PAIR_SOURCE_DIR/tests/support/mcp_hostile_server.py" "$flags" "$tools"
}
mkdir -p "$XDG_CONFIG_HOME/pair"
echo "{\"mcpServers\": {$(server slow '["echo"]' --slow-start 4), $(server quick '["echo"]')}}" \
  >"$XDG_CONFIG_HOME/pair/mcp.json"
cat >"$T/script.json" <<'JSON'
{"responses": [{"text": "First."}, {"text": "Second."}, {"text": "Third."}]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "/mcp"
tui_keys Enter
tui_wait "MCP servers"
screen=$(tui_capture)
assert_contains "$screen" "slow · starting"
pass "the prompt is ready while a slow server starts; /mcp shows it starting"

tui_type "hi"
tui_keys Enter
tui_wait "First."
tui_wait_prompt
check_log '
tools = tools_raw(requests[0])
assert "mcp__slow__echo" in tools and "mcp__quick__echo" in tools, tools
'
pass "the first request waits for the starting server and carries its tools"

# The configuration changes: the slow server goes, the quick one offers one more tool.
echo "{\"mcpServers\": {$(server quick '["echo", "env"]')}}" >"$XDG_CONFIG_HOME/pair/mcp.json"
tui_type "/mcp reload"
tui_keys Enter
tui_wait "MCP servers reloaded: 1 server, 2 tools. The tools changed"
screen=$(tui_capture)
assert_contains "$screen" "quick · running"
[[ $(grep -c "slow · " <<<"$screen") == 1 ]] || fail "the reloaded list still shows the removed server"
tui_type "again"
tui_keys Enter
tui_wait "Second."
tui_wait_prompt
check_log '
tools = tools_raw(requests[1])
assert "mcp__quick__env" in tools and "mcp__slow__" not in tools, tools
'
pass "/mcp reload applies the edited configuration to the next request and says the tools changed"

tui_type "/mcp reload"
tui_keys Enter
tui_wait "The tools are the same"
tui_type "once more"
tui_keys Enter
tui_wait "Third."
check_log 'assert tools_raw(requests[2]) == tools_raw(requests[1]), "the same tools, byte for byte"'
pass "a reload that changes nothing keeps the prompt byte-identical and says so"
