#!/usr/bin/env bash
# pair mcp add / list / get / remove on real files: the user's mcp.json (private, other keys kept), a
# project's .mcp.json that is not used until `pair trust`, broken files and entries reported with
# file:line, never a crash, and no server started by any of these commands.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
harness_init
user_file=$XDG_CONFIG_HOME/pair/mcp.json
# A command that records being started: none of these commands may run it.
marker=$T/started
printf '#!/bin/sh\ntouch %s\n' "$marker" >"$T/server.sh"
chmod +x "$T/server.sh"

run_pair mcp list
assert_rc 0
assert_contains "$OUT" "No MCP servers configured"
pass "an empty configuration"

run_pair mcp add -e 'API_KEY=${API_KEY:-none}' everything -- "$T/server.sh" -y --stdio
assert_rc 0
assert_contains "$OUT" "Added MCP server \"everything\" to $user_file"
[[ $(stat -c %a "$user_file") == 600 ]] || fail "the user's mcp.json is not 0600"
run_pair mcp add --transport http -H 'Authorization: Bearer ${DOCS_TOKEN:-x}' docs https://example.com/mcp
assert_rc 0
run_pair mcp add everything -- other
assert_rc 2 "a name already taken"
assert_contains "$ERR" "pair mcp remove everything"
run_pair mcp add 'two words' -- x
assert_rc 2 "a name tool names cannot carry"
assert_contains "$ERR" "letters, digits, '_' and '-'"
"$HARNESS_PY" - "$user_file" <<'PY' || fail "mcp.json is not in Claude Code's format"
import json, sys
servers = json.load(open(sys.argv[1]))["mcpServers"]
e = servers["everything"]
assert e["type"] == "stdio" and e["args"] == ["-y", "--stdio"] and e["env"] == {"API_KEY": "${API_KEY:-none}"}, e
assert servers["docs"] == {"type": "http", "url": "https://example.com/mcp",
                           "headers": {"Authorization": "Bearer ${DOCS_TOKEN:-x}"}}, servers["docs"]
PY
pass "add writes Claude Code's format, private"

# A key pair does not know is kept by the next write.
"$HARNESS_PY" - "$user_file" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["theirs"] = {"kept": True}
json.dump(doc, open(sys.argv[1], "w"))
PY

# The project's .mcp.json, written by someone else: listed, but not used until the project is trusted.
cat >"$WS/.mcp.json" <<EOF
{"mcpServers": {
  "everything": {"command": "$T/server.sh", "args": ["project"]},
  "repo-tools": {"url": "http://localhost:9/mcp"}
}}
EOF
run_pair mcp list
assert_rc 0
assert_contains "$OUT" "docs        user     http       used                         https://example.com/mcp"
assert_contains "$OUT" "everything  user     stdio      used                         $T/server.sh -y --stdio"
assert_contains "$OUT" "everything  project  stdio      not used until \`pair trust\`  $T/server.sh project"
assert_contains "$OUT" "repo-tools  project  http       not used until \`pair trust\`  http://localhost:9/mcp"
assert_contains "$OUT" "2 servers of .mcp.json (everything, repo-tools) are not used until you trust this project: \`pair trust\`"
pass "an untrusted project's servers are shown as not used"

trust_workspace
run_pair mcp list
assert_rc 0
assert_contains "$OUT" "everything  user     stdio      replaced by the project's  $T/server.sh -y --stdio"
assert_contains "$OUT" "everything  project  stdio      used                       $T/server.sh project"
assert_not_contains "$OUT" "pair trust"
pass "a trusted project's server replaces the user's of the same name"

run_pair mcp get docs
assert_rc 0
assert_contains "$OUT" "scope:     user ($user_file:"
assert_contains "$OUT" "url:       https://example.com/mcp"
assert_contains "$OUT" 'header:    Authorization: Bearer ${DOCS_TOKEN:-x}'
run_pair mcp get nothing-here
assert_rc 2
assert_contains "$ERR" "no MCP server named \"nothing-here\""
pass "get"

run_pair mcp remove everything
assert_rc 2 "in both files"
assert_contains "$ERR" "--scope user or --scope project"
run_pair mcp remove everything --scope project
assert_rc 0
assert_contains "$OUT" "Removed MCP server \"everything\" from $WS/.mcp.json"
run_pair mcp list
assert_contains "$OUT" "everything  user     stdio      used"
assert_not_contains "$OUT" "pair trust" "pair's own write keeps the project trusted"
run_pair mcp remove everything
assert_rc 0
run_pair mcp remove everything
assert_rc 2
"$HARNESS_PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["theirs"]=={"kept":True} and list(d["mcpServers"])==["docs"], d' \
  "$user_file" || fail "remove lost other keys or servers"
pass "remove, with --scope when both files have the name"

# Broken: an entry with an unset variable, an old SSE entry, then a file that is not JSON.
cat >"$WS/.mcp.json" <<'EOF'
{"mcpServers": {
  "needs-token": {"url": "https://example.com/mcp",
                  "headers": {"Authorization": "Bearer ${PAIR_TEST_UNSET_TOKEN}"}},
  "old": {"type": "sse", "url": "https://example.com/sse"}
}}
EOF
trust_workspace
unset PAIR_TEST_UNSET_TOKEN
run_pair mcp list
assert_rc 0
assert_contains "$ERR" "$WS/.mcp.json:3: server \"needs-token\": \"headers.Authorization\": \${PAIR_TEST_UNSET_TOKEN} is not set"
assert_contains "$ERR" "$WS/.mcp.json:4: server \"old\": \"type\": \"sse\""
assert_contains "$OUT" "old          project  ?          broken  https://example.com/sse"
printf '{"mcpServers": {\n  "x": {"command": "y",}\n}}\n' >"$WS/.mcp.json"
run_pair mcp list
assert_rc 0
assert_contains "$ERR" "$WS/.mcp.json:2:"
assert_contains "$ERR" "its servers are not used until it is fixed"
assert_contains "$OUT" "docs"
run_pair mcp add --scope project z -- x
assert_rc 2 "a broken file is not overwritten"
assert_contains "$ERR" "fix it first"
pass "broken files and entries are reported with file and line"

[[ ! -e "$marker" ]] || fail "a pair mcp command started a server"
pass "no server was started"
