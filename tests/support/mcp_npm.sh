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
source "$(dirname "$0")/npm_cache.sh"
npm_cache_install mcp "the MCP tests" "${packages[@]}"
