#!/usr/bin/env bash
# Prompt budget: tokens of pair's system prompt and tool schemas in its first request (the fixed
# prefix every session's first turn must prefill), counted with llama-tokenize and the Qwen2
# vocab. The request is captured by the scripted server, exactly as pair sends it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
# Count with the llama.cpp build of the real user environment, before the harness isolates HOME.
bench_tokenizer_init
count() { bench_count_tokens "$1"; }
# The MCP servers to price: the user's own mcp.json when there is one, else the reference servers
# (tests/support/mcp_npm.sh). Found before the harness isolates HOME.
user_mcp=${XDG_CONFIG_HOME:-$HOME/.config}/pair/mcp.json
mcp_config=$(mktemp)
if [[ -f "$user_mcp" ]]; then
  cp "$user_mcp" "$mcp_config"
elif npm_dir=$(bash "$PAIR_SOURCE_DIR/tests/support/mcp_npm.sh" 2>/dev/null); then
  printf '{"mcpServers": {"everything": {"command": "%s"}, "filesystem": {"command": "%s", "args": ["."]}}}\n' \
    "$npm_dir/node_modules/.bin/mcp-server-everything" "$npm_dir/node_modules/.bin/mcp-server-filesystem" >"$mcp_config"
else
  echo '{"mcpServers": {}}' >"$mcp_config"
fi
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
mv "$mcp_config" "$T/mcp-config.json"  # removed with the harness's directory
mcp_config=$T/mcp-config.json
echo '{"responses": [{"text": "ok"}]}' >"$T/s.json"
scripted_start "$T/s.json"
use_model "$URL/v1"
run_pair -p "Fix the failing test." --no-session
assert_rc 0
PYTHONPATH="$PAIR_SOURCE_DIR/tests/support" "$HARNESS_PY" - "$LOG" "$T" <<'PY'
import sys
from request_log import load_requests, tools_raw, messages
r = load_requests(sys.argv[1])[0]
open(sys.argv[2] + "/system.txt", "w").write(messages(r)[0]["content"])
open(sys.argv[2] + "/tools.json", "w").write(tools_raw(r))
open(sys.argv[2] + "/context.txt", "w").write(messages(r)[1]["content"])
PY
# Every optional tool on: a search backend (user settings) and a model that takes images.
mkdir -p "$XDG_CONFIG_HOME/pair"
echo '{"web": {"search": {"backend": "searxng", "endpoint": "http://127.0.0.1:9"}}}' >"$XDG_CONFIG_HOME/pair/settings.json"
scripted_start "$T/s.json"
use_model "$URL/v1" '"vision": true'
run_pair -p "Fix the failing test." --no-session
assert_rc 0
PYTHONPATH="$PAIR_SOURCE_DIR/tests/support" "$HARNESS_PY" - "$LOG" "$T" <<'PY'
import json, sys
from request_log import load_requests, tools_raw
r = load_requests(sys.argv[1])[0]
open(sys.argv[2] + "/tools-all.json", "w").write(tools_raw(r))
for t in r["json"]["tools"]:
    open(sys.argv[2] + "/tool-%s.json" % t["function"]["name"], "w").write(json.dumps(t, separators=(",", ":")))
PY
system=$(count "$T/system.txt")
tools=$(count "$T/tools.json")
context=$(count "$T/context.txt")
bench_header "Prompt budget (issue 2: at most 2,000 tokens)" "bench/prompt_budget.sh"
echo "| part | tokens (Qwen2 tokenizer) | bytes |"
echo "|---|---:|---:|"
echo "| system prompt | $system | $(wc -c <"$T/system.txt") |"
ntools=$("$HARNESS_PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/tools.json")
echo "| tools array ($ntools tools, as sent) | $tools | $(wc -c <"$T/tools.json") |"
echo "| **system prompt + tools** | **$((system + tools))** | |"
all=$(count "$T/tools-all.json")
echo "| tools array with every optional tool (web_search and analyze_media configured) | $all | $(wc -c <"$T/tools-all.json") |"
echo "| **system prompt + every tool** | **$((system + all))** | |"
for f in "$T"/tool-web_search.json "$T"/tool-web_fetch.json "$T"/tool-analyze_media.json; do
  name=${f##*/tool-}
  echo "| one schema: ${name%.json} (alone, not counting the array's separators) | $(count "$f") | $(wc -c <"$f") |"
done
echo "| first user message with its context block (varies by project; not part of the fixed prefix) | $context | $(wc -c <"$T/context.txt") |"

# Each MCP server's tools as a session would send them (its allow-list applied, the budget off so
# a server over it is priced too), one server at a time.
mcp_servers=$("$HARNESS_PY" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1])).get("mcpServers", {})))' \
  "$mcp_config")
echo '{"mcp": {"tool_budget_tokens": 0}}' >"$XDG_CONFIG_HOME/pair/settings.json"
for name in $mcp_servers; do
  "$HARNESS_PY" -c '
import json, sys
servers = json.load(open(sys.argv[1]))["mcpServers"]
json.dump({"mcpServers": {sys.argv[2]: servers[sys.argv[2]]}}, open(sys.argv[3], "w"))
' "$mcp_config" "$name" "$XDG_CONFIG_HOME/pair/mcp.json"
  scripted_start "$T/s.json"
  use_model "$URL/v1"
  run_pair -p "Fix the failing test." --no-session
  PYTHONPATH="$PAIR_SOURCE_DIR/tests/support" "$HARNESS_PY" - "$LOG" "$T/mcp-$name.json" "$name" <<'PY'
import json, sys
from request_log import load_requests
tools = [t for t in load_requests(sys.argv[1])[0]["json"]["tools"]
         if t["function"]["name"].startswith("mcp__" + sys.argv[3] + "__")]
open(sys.argv[2], "w").write(json.dumps(tools, separators=(",", ":")) if tools else "")
PY
  n=$("$HARNESS_PY" -c 'import json,sys; t=open(sys.argv[1]).read(); print(len(json.loads(t)) if t else 0)' \
    "$T/mcp-$name.json")
  if [[ $n == 0 ]]; then
    echo "| MCP server $name: did not start or offers no tools (\`pair -v\` says why) | | |"
  else
    echo "| MCP server $name: its $n tools (budget: /mcp/tool_budget_tokens, default 2,000) | $(count "$T/mcp-$name.json") | $(wc -c <"$T/mcp-$name.json") |"
  fi
done
