#!/usr/bin/env bash
# Installs the reference Model Context Protocol servers the MCP tests talk to, from the npm
# registry, into a cache outside the checkout (never committed):
#   ${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}/npm/mcp/node_modules/
# - @modelcontextprotocol/server-everything: every protocol feature (tools, images, errors,
#   list_changed); stdio, and Streamable HTTP with its `streamableHttp` argument
# - @modelcontextprotocol/server-filesystem: a server users really run
# Pinned versions; idempotent (a stamp records what is installed) and safe to run concurrently.
# Prints the directory holding node_modules on stdout.
set -euo pipefail

packages=(
  @modelcontextprotocol/server-everything@2026.8.31
  @modelcontextprotocol/server-filesystem@2026.8.31
)
dir=${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}/npm/mcp
stamp="$dir/.installed"
want="${packages[*]}"
mkdir -p "$dir"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$dir"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is needed for the MCP tests (apt-get install npm)" >&2; exit 1; }
exec 9>"$dir/.lock"
flock 9
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "[mcp-npm] installing ${packages[*]} into $dir" >&2
  [[ -f "$dir/package.json" ]] || echo '{"name": "pair-mcp-test-deps", "private": true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "${packages[@]}" >&2)
  echo "$want" >"$stamp"
fi
echo "$dir"
