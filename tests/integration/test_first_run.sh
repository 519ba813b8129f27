#!/usr/bin/env bash
# The first run: no models.json and nothing on localhost:8004.
#   headless (pair -p): one clear error with the exact commands, exit 2, no connection error;
#   interactive (a terminal, driven through tmux): the short choice; "1" downloads the recommended
#   coding model (its size said first, from a local Hub stand-in) and writes the user's models.json.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
harness_init
rm -rf "$WS/.pair"
if "$HARNESS_PY" -c 'import socket; socket.create_connection(("127.0.0.1", 8004), 0.3)' 2>/dev/null; then
  echo "SKIP: something listens on localhost:8004 on this machine; the first run cannot be tested here"
  exit 77
fi
# A machine with 3 GiB free: the smallest recommended model fits, the larger ones do not.
printf 'MemTotal: 4194304 kB\nMemAvailable: 3145728 kB\n' >"$T/meminfo"
export PAIR_MEMINFO=$T/meminfo PAIR_NVIDIA_SMI=

run_pair -p "hello"
assert_rc 2 "headless first run"
assert_contains "$ERR" "no model is configured (no models.json) and nothing is listening on http://localhost:8004"
assert_contains "$ERR" "pair model pull Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M --add qwen2.5-coder-1.5b --default"
assert_contains "$ERR" "pair model add local --gguf /path/to/model.gguf --default"
assert_contains "$ERR" "pair model add gpt --url https://api.openai.com/v1"
assert_not_contains "$ERR" "cannot connect"
pass "headless first run: the commands, not a connection error"

command -v tmux >/dev/null || { echo "SKIP: no tmux for the interactive first run"; exit 77; }
repo=$T/hub/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF
mkdir -p "$repo"
head -c 1234567 /dev/urandom >"$repo/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
"$HARNESS_PY" "$root/tests/support/hf_server.py" --root "$T/hub" --port-file "$T/hub.port" &
hub=$!
trap 'kill $hub 2>/dev/null || true; tmux -L "pair-$$" kill-server 2>/dev/null || true; _harness_cleanup' EXIT
for _ in $(seq 1 300); do [[ -s "$T/hub.port" ]] && break; sleep 0.02; done
tm() { tmux -L "pair-$$" "$@"; }
screen() { tm capture-pane -p -t first; }
wait_for() {
  for _ in $(seq 1 200); do screen | grep -q -- "$1" && return 0; sleep 0.05; done
  fail "the screen never showed \"$1\":"$'\n'"$(screen)"
}
tm new-session -d -s first -x 140 -y 40 "cd '$WS' && env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
  XDG_DATA_HOME='$XDG_DATA_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' PAIR_MEMINFO='$PAIR_MEMINFO' PAIR_NVIDIA_SMI= \
  HF_ENDPOINT=http://127.0.0.1:$(cat "$T/hub.port") '$PAIR_BIN'; echo EXITED \$?; sleep 30"
wait_for "Choice \[1\]:"
screen | grep -q "1) Download Qwen2.5-Coder-1.5B-Instruct Q4_K_M" || fail "no recommendation: $(screen)"
tm send-keys -t first "1" Enter
wait_for "1.18 MiB. Continue?"
tm send-keys -t first "y" Enter
wait_for "Saved \"qwen2.5-coder-1.5b\" as your default model"
wait_for "enter send"  # then the terminal UI starts on the new model
cfg=$XDG_CONFIG_HOME/pair/models.json
grep -q '"hf": "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M"' "$cfg" || fail "models.json: $(cat "$cfg")"
cmp -s "$repo/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" \
  "$XDG_DATA_HOME/pair/models/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf" ||
  fail "the model was not downloaded"
pass "interactive first run: size shown, model downloaded, models.json written"
