#!/usr/bin/env bash
# Reference MCP servers killed mid-session, through the real pair binary and the scripted model
# (which holds its answers back while the test kills or restarts a server): server-everything over
# stdio is started again by the next call of one of its tools; over Streamable HTTP, a call while
# the server is down is an error result naming it, and once the server is back the next call works
# in a new MCP session; a server restarted between two calls (it no longer knows pair's session) is
# called in a new session at once. The session goes on throughout.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
# Before harness_init, which points the cache at a temporary home.
NPM_DIR=${PAIR_MCP_NPM_DIR:-$(bash "$PAIR_SOURCE_DIR/tests/support/mcp_npm.sh")}
EVERYTHING_JS=$NPM_DIR/node_modules/@modelcontextprotocol/server-everything/dist/index.js
[[ -f "$EVERYTHING_JS" ]] || { echo "FAIL: $EVERYTHING_JS not found (tests/support/mcp_npm.sh)" >&2; exit 1; }
harness_init

requests_seen() { local n; n=$(grep -c '/chat/completions"' "$LOG" 2>/dev/null) || true; echo "${n:-0}"; }
wait_requests() { # N: until the scripted model has received N requests (it then holds its answer)
  for _ in $(seq 1 200); do (($(requests_seen) >= $1)) && return 0; sleep 0.05; done
  fail "the model never received request $1"
}
echo_call() { printf '{"tool_calls": [{"name": "mcp__%s__echo", "arguments": {"message": "%s"}}]%s}' "$1" "$2" "${3:-}"; }
results() { # the tool results of the stream-json output, one "is_error output" line each
  "$HARNESS_PY" -c 'import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["type"] == "tool_result": print(e["is_error"], e["output"].replace("\n", " "))' "$T/out"
}

start_session() { # SCRIPT: the scripted model and a headless pair on it, in the background (pair_pid)
  scripted_start "$1"
  use_model "$URL/v1"
  (cd "$WS" && exec "$PAIR_BIN" -p "echo" --permission-mode bypass --output-format stream-json --no-session \
    </dev/null >"$T/out" 2>"$T/err") &
  pair_pid=$!
}

# --- stdio: the server's process is killed while the model thinks; the next call starts it again.
cat >"$T/everything.sh" <<SH
#!/bin/sh
echo \$\$ >>"$T/everything.pids"
exec node "$EVERYTHING_JS" stdio
SH
chmod +x "$T/everything.sh"
mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"everything": {"command": "$T/everything.sh", "tools": ["echo"]}}}
JSON
cat >"$T/script.json" <<JSON
{"responses": [
  $(echo_call everything one),
  $(echo_call everything two ', "initial_delay_ms": 3000'),
  {"text": "Done."}
]}
JSON
start_session "$T/script.json"
wait_requests 2
kill "$(head -1 "$T/everything.pids")"
wait "$pair_pid" || fail "pair failed: $(cat "$T/err")"
got=$(results)
assert_eq "$got" "False Echo: one
False Echo: two"
[[ $(wc -l <"$T/everything.pids") == 2 ]] || fail "the server was not started again: $(cat "$T/everything.pids")"
[[ $(grep -c "MCP server 'everything' stopped" "$T/out") == 1 ]] || fail "the death is reported once: $(cat "$T/out")"
pass "stdio: server-everything killed mid-session is started again by the next call, reported once"

# --- Streamable HTTP: the server goes down, then comes back on the same port.
port=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
http_pid=""
start_http() {
  PORT=$port node "$EVERYTHING_JS" streamableHttp >>"$T/http-server.log" 2>&1 &
  http_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$http_pid" 2>/dev/null || fail "server-everything (HTTP) exited: $(cat "$T/http-server.log")"
    sleep 0.1
  done
  fail "server-everything (HTTP) is not listening on $port"
}
trap 'kill "$http_pid" 2>/dev/null || true; _harness_cleanup' EXIT
start_http
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"web": {"type": "http", "url": "http://127.0.0.1:$port/mcp", "tools": ["echo"]}}}
JSON
cat >"$T/script2.json" <<JSON
{"responses": [
  $(echo_call web one),
  $(echo_call web down ', "initial_delay_ms": 3000'),
  $(echo_call web back ', "initial_delay_ms": 6000'),
  $(echo_call web again),
  $(echo_call web fresh ', "initial_delay_ms": 6000'),
  {"text": "Done."}
]}
JSON
start_session "$T/script2.json"
wait_requests 2
kill "$http_pid"
wait "$http_pid" 2>/dev/null || true
wait_requests 3
start_http
wait_requests 5  # the model holds its answer: the server restarts between two calls
kill "$http_pid"
wait "$http_pid" 2>/dev/null || true
start_http
wait "$pair_pid" || fail "pair failed: $(cat "$T/err")"
mapfile -t got < <(results)
[[ ${#got[@]} == 5 ]] || fail "five results: $(printf '%s\n' "${got[@]}")"
assert_eq "${got[0]}" "False Echo: one"
[[ ${got[1]} == True*"MCP server 'web'"* ]] || fail "a call while the server is down is an error naming it: ${got[1]}"
assert_eq "${got[2]}" "False Echo: back"
assert_eq "${got[3]}" "False Echo: again"
pass "HTTP: a call while server-everything is down is an error result; once it is back the next call works"
assert_eq "${got[4]}" "False Echo: fresh"
pass "HTTP: a server restarted between two calls is called in a new session at once"
