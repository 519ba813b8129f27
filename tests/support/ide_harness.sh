# shellcheck shell=bash
# Scripted editor windows (tests/support/scripted_ide.py) for integration tests; source after
# pair_harness.sh and harness_init. Windows are stopped by ide_stop_all (call it from the EXIT trap).
#   ide_start SCRIPT_JSON FOLDER [scripted_ide args]   a window; sets IDE_LOG, IDE_PORT, IDE_PID
#                                                      ("WS/" in the script becomes the workspace)
#   ide_stop                                           stops the latest window
IDE_LOCKS=$XDG_CONFIG_HOME/pair/ide
_ide_pids=()

ide_start() {
  local script=$T/ide-$RANDOM.json
  printf '%s' "$1" | sed "s|WS/|$WS/|g" >"$script"
  IDE_LOG=$T/ide-$RANDOM.jsonl
  local port_file=$T/ide-port-$RANDOM
  "$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/scripted_ide.py" --lock-dir "$IDE_LOCKS" --folder "$2" \
    --script "$script" --log "$IDE_LOG" --port-file "$port_file" "${@:3}" &
  IDE_PID=$!
  _ide_pids+=("$IDE_PID")
  for _ in $(seq 1 1500); do [[ -s "$port_file" ]] && break; sleep 0.02; done
  [[ -s "$port_file" ]] || fail "the scripted editor did not start"
  IDE_PORT=$(cat "$port_file")
  touch "$IDE_LOG"
}
ide_stop() { kill "$IDE_PID" 2>/dev/null || true; wait "$IDE_PID" 2>/dev/null || true; }
ide_stop_all() {
  local p
  for p in "${_ide_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
