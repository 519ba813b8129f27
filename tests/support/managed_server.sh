# shellcheck shell=bash
# For tests of the llama-server that pair itself manages (src/local): source after pair_harness.sh
# and llama_server.sh, then
#   managed_prepare              # BEFORE harness_init (which moves HOME): llama.cpp and a tiny model ($MODEL)
#   harness_init
#   managed_init                 # a free port ($PORT), cleanup of every server pair started
#   managed_models_json [EXTRA]  # $WS/.pair/models.json with model "tiny" served on $PORT (trusted)
#   record_field FIELD           # a field of the server record for $PORT (pid, context, ...)

managed_prepare() {
  pair_ensure_llama || fail "llama.cpp is not available"
  MODEL=$(pair_ensure_tiny_model) || fail "cannot make the test model"
}

managed_init() {
  PORT=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  RECORD=$XDG_STATE_HOME/pair/servers/port-$PORT.json
  trap '_managed_cleanup; _harness_cleanup' EXIT
}

# Stops what pair started (servers outlive pair by design) and anything else the test started.
_managed_cleanup() {
  local f pid pids=() i
  for f in "$XDG_STATE_HOME"/pair/servers/*.json; do
    [[ -e "$f" ]] || continue
    pid=$("$HARNESS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$f" 2>/dev/null) || continue
    pids+=("$pid")
  done
  for pid in ${MANAGED_EXTRA_PIDS:-}; do pids+=("$pid"); done
  ((${#pids[@]})) || return 0
  kill "${pids[@]}" 2>/dev/null || true
  # Until they are gone (2 s at most), so the test's directory is not removed under a running server.
  for ((i = 0; i < 40; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.05
  done
}

managed_models_json() {
  mkdir -p "$WS/.pair"
  printf '[{"name": "tiny", "gguf": "%s", "url": "http://localhost:%s/v1", "ctx": 8192, "max_tokens": 4, "temperature": 0%s}]\n' \
    "$MODEL" "$PORT" "${1:+, $1}" >"$WS/.pair/models.json"
  trust_workspace  # a project file that starts a server applies in a trusted project only
}

record_field() {
  "$HARNESS_PY" -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(" ".join(v) if isinstance(v, list) else v)' \
    "$RECORD" "$1"
}

# gone PID: true once the process has exited (a zombie waiting for init to reap it counts as gone).
gone() {
  local state
  for _ in $(seq 1 100); do
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
    [[ -z "$state" || "$state" == Z || "$state" == X ]] && return 0
    sleep 0.05
  done
  return 1
}

# alive PID: running now (not a zombie).
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}
