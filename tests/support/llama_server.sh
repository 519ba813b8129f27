# shellcheck shell=bash
# Helpers for tests that need a real llama-server. Source this file (bash only):
#
#   source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"
#   pair_ensure_llama || exit 1                # builds or finds llama.cpp; sets PAIR_LLAMA_PREFIX ...
#   model=$(pair_ensure_tiny_model) || exit 1  # random-weight GGUF, cached
#   pair_start_llama_server "$model" -c 2048 || exit 1
#   curl "$PAIR_LLAMA_URL/health"
#
# After pair_start_llama_server: PAIR_LLAMA_URL (http://127.0.0.1:PORT), PAIR_LLAMA_PORT,
# PAIR_LLAMA_PID and PAIR_LLAMA_LOG are exported. Every server started here is stopped when the
# sourcing shell exits: the first pair_start_llama_server installs an EXIT trap that runs the
# cleanup and then the EXIT trap that existed before it. Set your own EXIT trap before starting
# a server (setting one afterwards replaces the cleanup). Call pair_ensure_llama and
# pair_start_llama_server in the test's own shell, not in $(...): the exported variables and the
# list of servers live in that shell. pair_ensure_tiny_model prints a path, for use in $(...).
#
# Environment:
#   PAIR_SOURCE_DIR             repository root (default: two levels above this file)
#   PAIR_TEST_MODELS_DIR        model cache (default: ${XDG_CACHE_HOME:-~/.cache}/pair/test-models)
#   PAIR_PYTHON                 interpreter with numpy (default: /usr/bin/python3 when present)
#   PAIR_LLAMA_THREADS          threads for llama-server (default: 2)
#   PAIR_LLAMA_START_TIMEOUT    seconds to wait for /health (default: 60)
#   PAIR_TEST_LOG_DIR           where server logs go (default: a temporary directory)
#   PAIR_LLAMA_REPACK=1         keep weight repacking on CPUs with AMX (see pair_start_llama_server)

PAIR_SOURCE_DIR=${PAIR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
_pair_llama_pids=()
_pair_llama_tmp=""

_pair_log() { printf '[llama_server.sh] %s\n' "$*" >&2; }

_pair_python() {
  if [[ -n "${PAIR_PYTHON:-}" ]]; then echo "$PAIR_PYTHON"
  elif [[ -x /usr/bin/python3 ]]; then echo /usr/bin/python3
  else command -v python3
  fi
}

# Finds (or builds, once) llama.cpp via scripts/llama-cpp.sh. Sets and exports PAIR_LLAMA_PREFIX,
# PAIR_LLAMA_SOURCE (the source tree: gguf-py, models) and PAIR_LLAMA_SERVER_BIN.
# Returns 1 with a message when llama.cpp cannot be had.
pair_ensure_llama() {
  if [[ -n "${PAIR_LLAMA_SERVER_BIN:-}" && -x "$PAIR_LLAMA_SERVER_BIN" && -d "${PAIR_LLAMA_SOURCE:-}" ]]; then
    return 0
  fi
  local out prefix
  out=$(bash "$PAIR_SOURCE_DIR/scripts/llama-cpp.sh") && prefix=${out##*$'\n'}
  if [[ -z "${prefix:-}" ]]; then
    _pair_log "cannot build or find llama.cpp (scripts/llama-cpp.sh failed; it needs npm, cmake and a compiler)"
    return 1
  fi
  if [[ ! -x "$prefix/bin/llama-server" ]]; then
    _pair_log "no llama-server in $prefix/bin"
    return 1
  fi
  export PAIR_LLAMA_PREFIX=$prefix
  export PAIR_LLAMA_SERVER_BIN=$prefix/bin/llama-server
  export PAIR_LLAMA_SOURCE
  PAIR_LLAMA_SOURCE=$(readlink -f "$prefix/source")
}

# Prints the path of a random-weight GGUF, generating it on first use. The cache key covers the
# generator script, the vocab and template files and every option, so changing any of them
# makes a new model. Extra arguments go to make_tiny_gguf.py (e.g. --template Qwen3.5-4B.jinja,
# --context 2048, --quantize Q8_0); the name only labels the file.
#   pair_ensure_tiny_model [name [make_tiny_gguf options...]]
# shellcheck disable=SC2120
pair_ensure_tiny_model() {
  local name=${1:-tiny}
  shift || true
  pair_ensure_llama || return 1
  local py gen dir key model
  py=$(_pair_python)
  gen=$PAIR_SOURCE_DIR/tests/support/make_tiny_gguf.py
  dir=${PAIR_TEST_MODELS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair/test-models}
  mkdir -p "$dir" || return 1
  if ! key=$("$py" "$gen" --llama-source "$PAIR_LLAMA_SOURCE" -o unused --print-key "$@"); then
    _pair_log "make_tiny_gguf.py rejected its options: $*"
    return 1
  fi
  model=$dir/$name-$key.gguf
  if [[ ! -s "$model" ]]; then
    _pair_log "generating test model $model"
    "$py" "$gen" --llama-source "$PAIR_LLAMA_SOURCE" \
      --llama-quantize "$PAIR_LLAMA_PREFIX/bin/llama-quantize" -o "$model" "$@" >&2 || return 1
  fi
  echo "$model"
}

# For a test script: llama.cpp found (PAIR_LLAMA_* set in this shell) and the default tiny model
# made, its path in `model`; the test fails at once, saying which, when either is missing.
pair_require_tiny_model() {
  pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
  model=$(pair_ensure_tiny_model) || { echo "FAIL: cannot make the test model" >&2; exit 1; }
}

# A TCP port on 127.0.0.1 that was free a moment ago.
_pair_free_port() {
  "$(_pair_python)" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_pair_cleanup_servers() {
  local pid
  for pid in "${_pair_llama_pids[@]}"; do
    kill "$pid" 2>/dev/null || continue
    # Give it a moment to exit cleanly, then insist.
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  _pair_llama_pids=()
  if [[ -n "$_pair_llama_tmp" ]]; then rm -rf "$_pair_llama_tmp"; _pair_llama_tmp=""; fi
}

_pair_install_trap() {
  [[ -n "${_pair_trap_installed:-}" ]] && return
  _pair_trap_installed=1
  # `trap -p EXIT` prints `trap -- 'COMMAND' EXIT`, quoted for eval; take COMMAND back out.
  local spec previous=":"
  spec=$(trap -p EXIT)
  if [[ -n "$spec" ]]; then
    local -a words
    eval "words=($spec)"
    previous=${words[2]}
  fi
  # shellcheck disable=SC2064
  trap "_pair_cleanup_servers; $previous" EXIT
  # Turn interruptions into a normal exit so the EXIT trap runs (unless the caller handles them).
  [[ -n "$(trap -p INT)" ]] || trap 'exit 130' INT
  [[ -n "$(trap -p TERM)" ]] || trap 'exit 143' TERM
}

# Starts llama-server on a free 127.0.0.1 port with --jinja and waits for /health. Extra
# arguments go to llama-server (e.g. -c 2048 --parallel 2 --reasoning-format deepseek).
# Exports PAIR_LLAMA_URL, PAIR_LLAMA_PORT, PAIR_LLAMA_PID, PAIR_LLAMA_LOG. On failure prints the
# log tail and returns 1. Several servers may run at once; the variables describe the last one.
# On CPUs with AMX, --no-repack is added unless the caller chose (--repack/--no-repack/-nr) or
# PAIR_LLAMA_REPACK=1: this llama.cpp build crashes (SIGSEGV in ggml_backend_amx_mul_mat) on the
# first decode of any quantized model there when weights are repacked for AMX.
#   pair_start_llama_server MODEL [llama-server args...]
pair_start_llama_server() {
  local model=$1
  shift
  [[ -f "$model" ]] || { _pair_log "no model file: $model"; return 1; }
  pair_ensure_llama || return 1
  _pair_install_trap
  local log_dir=${PAIR_TEST_LOG_DIR:-}
  if [[ -z "$log_dir" ]]; then
    [[ -n "$_pair_llama_tmp" ]] || _pair_llama_tmp=$(mktemp -d "${TMPDIR:-/tmp}/pair-llama.XXXXXX")
    log_dir=$_pair_llama_tmp
  fi
  mkdir -p "$log_dir"
  local timeout=${PAIR_LLAMA_START_TIMEOUT:-60} port log pid extra=()
  if [[ -z "${PAIR_LLAMA_REPACK:-}" && " $* " != *" --repack "* && " $* " != *" --no-repack "* &&
        " $* " != *" -nr "* ]] && grep -q -m 1 -w amx_tile /proc/cpuinfo 2>/dev/null; then
    extra+=(--no-repack)
  fi
  for _ in 1 2 3; do
    port=$(_pair_free_port) || return 1
    log=$log_dir/llama-server-$port.log
    "$PAIR_LLAMA_SERVER_BIN" -m "$model" --host 127.0.0.1 --port "$port" --jinja --no-webui \
      -t "${PAIR_LLAMA_THREADS:-2}" "${extra[@]}" "$@" >"$log" 2>&1 &
    pid=$!
    _pair_llama_pids+=("$pid")
    local deadline=$((SECONDS + timeout)) code=""
    while ((SECONDS < deadline)); do
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health" || true)
      [[ "$code" == 200 ]] && break
      sleep 0.05
    done
    if [[ "$code" == 200 ]]; then
      export PAIR_LLAMA_URL=http://127.0.0.1:$port PAIR_LLAMA_PORT=$port PAIR_LLAMA_PID=$pid PAIR_LLAMA_LOG=$log
      return 0
    fi
    if kill -0 "$pid" 2>/dev/null; then
      _pair_log "llama-server did not report healthy within ${timeout}s; log tail ($log):"
      tail -n 20 "$log" >&2
      return 1
    fi
    wait "$pid" 2>/dev/null || true
    # Lost a race for the port: try another one. Any other early exit is fatal.
    if grep -q -i -E 'bind|address already in use' "$log"; then continue; fi
    _pair_log "llama-server exited during startup; log tail ($log):"
    tail -n 20 "$log" >&2
    return 1
  done
  _pair_log "could not bind a port after 3 attempts"
  return 1
}

# Stops the server with the given pid (default: the last one started) and waits for it.
# shellcheck disable=SC2120
pair_stop_llama_server() {
  local pid=${1:-${PAIR_LLAMA_PID:-}}
  [[ -n "$pid" ]] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local kept=() p
  for p in "${_pair_llama_pids[@]}"; do [[ "$p" == "$pid" ]] || kept+=("$p"); done
  _pair_llama_pids=("${kept[@]}")
  if [[ "$pid" == "${PAIR_LLAMA_PID:-}" ]]; then unset PAIR_LLAMA_URL PAIR_LLAMA_PORT PAIR_LLAMA_PID; fi
  return 0
}
