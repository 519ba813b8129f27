#!/usr/bin/env bash
# Starts the reference MCP server (@modelcontextprotocol/server-everything, from the cache that
# tests/support/mcp_npm.sh fills) in its Streamable HTTP mode on a free port, waits until it
# listens, runs the unit binary's tests against it (PAIR_MCP_EVERYTHING_URL), and stops it.
# Usage: mcp_http_everything.sh PAIR_TESTS_BIN [GTEST_FILTER]
set -euo pipefail
tests_bin=$1
filter=${2:-McpHttpEverything.*}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(bash "$here/mcp_npm.sh")
server="$dir/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
[[ -f "$server" ]] || { echo "server-everything is missing at $server" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
PORT=$port node "$server" streamableHttp >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "server-everything exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "server-everything is not listening on $port after 10 s:" >&2; cat "$log" >&2; exit 1; }

status=0
PAIR_MCP_EVERYTHING_URL="http://127.0.0.1:$port/mcp" "$tests_bin" --gtest_filter="$filter" || status=$?
if [[ $status != 0 ]]; then
  echo "--- server-everything's log ---" >&2
  cat "$log" >&2
fi
exit $status
