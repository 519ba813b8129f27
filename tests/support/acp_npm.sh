#!/usr/bin/env bash
# Installs the official Agent Client Protocol TypeScript SDK (@agentclientprotocol/sdk), the
# client the ACP tests drive `pair acp` with, from the npm registry into a cache outside the
# checkout (never committed):
#   ${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}/npm/acp/node_modules/
# Pinned versions; idempotent (a stamp records what is installed) and safe to run concurrently.
# Prints the directory holding node_modules on stdout.
set -euo pipefail

packages=(
  @agentclientprotocol/sdk@2.4.0
  zod@4.6.7
)
source "$(dirname "$0")/npm_cache.sh"
npm_cache_install acp "the ACP tests" "${packages[@]}"
