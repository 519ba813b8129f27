#!/usr/bin/env bash
# npm_cache_install NAME PURPOSE PACKAGE@VERSION...: installs pinned npm packages into
#   ${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}/npm/NAME/node_modules/
# outside the checkout; idempotent (a stamp records what is installed) and safe to run
# concurrently (a lock). Prints the directory holding node_modules on stdout.
npm_cache_install() {
  local name=$1 purpose=$2
  shift 2
  local dir=${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}/npm/$name
  local stamp="$dir/.installed" want="$*"
  mkdir -p "$dir"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "$dir"
    return 0
  fi
  command -v npm >/dev/null || { echo "npm is needed for $purpose (apt-get install npm)" >&2; return 1; }
  exec 9>"$dir/.lock"
  flock 9
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "[$name-npm] installing $* into $dir" >&2
    [[ -f "$dir/package.json" ]] || echo "{\"name\": \"pair-$name-test-deps\", \"private\": true}" >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "$@" >&2)
    echo "$want" >"$stamp"
  fi
  exec 9>&-
  echo "$dir"
}
