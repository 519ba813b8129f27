#!/usr/bin/env bash
# MCP servers and start-up: time from launch to a ready prompt, and from typing a first message to
# its (scripted) answer, with no MCP server and with the two reference servers over stdio
# (server-everything and server-filesystem, node processes; tests/support/mcp_npm.sh). The servers
# start in the background, so the prompt should not wait for them; a message sent at once waits
# for them (the first request carries their tools). In a pseudo-terminal, 120x40.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
runs=20
[[ "$BENCH_SMOKE" == 1 ]] && runs=2
npm_dir=$(bash "$PAIR_SOURCE_DIR/tests/support/mcp_npm.sh")  # before the harness isolates HOME
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
mkdir -p "$XDG_CONFIG_HOME/pair" && echo '{"ui": {"warm_up": false}}' >"$XDG_CONFIG_HOME/pair/settings.json"
"$HARNESS_PY" -c 'import json,sys; n=int(sys.argv[1]); print(json.dumps({"responses": [{"text": "THE-END"}] * n}))' \
  $((runs * 2)) >"$T/script.json"

measure() { # NAME MCP-CONFIG-JSON: the pty session's JSON in $T/NAME.json
  echo "$2" >"$XDG_CONFIG_HOME/pair/mcp.json"
  scripted_start "$T/script.json"  # not in a $(...): the server would hold its output open
  use_model "$URL/v1"
  (cd "$WS" && "$BENCH_PTY_SESSION" --runs "$runs" --timeout 60 \
    expect:"enter send" mark:ready send:'hi\r' expect:"THE-END" mark:answered send:'\x04' -- "$PAIR_BIN" --no-session) \
    >"$T/$1.json"
}
measure none '{"mcpServers": {}}'
measure reference "$(printf '{"mcpServers": {"everything": {"command": "%s"}, "filesystem": {"command": "%s", "args": ["."]}}}' \
  "$npm_dir/node_modules/.bin/mcp-server-everything" "$npm_dir/node_modules/.bin/mcp-server-filesystem")"
none=$(cat "$T/none.json") reference=$(cat "$T/reference.json")
for r in "$none" "$reference"; do
  [[ $(bench_json_field "$r" failures) == 0 ]] || { echo "bench/mcp_startup.sh: some runs failed: $r" >&2; exit 1; }
done

bench_header "MCP servers at start-up (issue 16: servers start in parallel and never hold the prompt)" "bench/mcp_startup.sh"
echo "| MCP servers | runs | launch to a ready prompt | a message typed at once: sent to answered |"
echo "|---|---:|---:|---:|"
row() { printf '| %s | %s | %.1f ms | %.0f ms |\n' "$1" "$runs" "$(bench_json_field "$2" ready_wall_ms)" \
  "$(bench_json_field "$2" answered_wall_ms)"; }
row "none" "$none"
row "server-everything + server-filesystem (stdio)" "$reference"
