#!/usr/bin/env bash
# The first run: no models.json and nothing on localhost:8004.
#   headless (pair -p): one clear error with the exact commands, exit 2, no connection error;
#   interactive (a terminal, driven through tmux): the short choice, the recommended model's size
#   from a local Hub stand-in and why it was chosen; "1" downloads it (its size said first) and
#   writes the user's models.json;
#   an answer that cannot work is said so (an invalid choice, an empty model id, a server that does
#   not answer, a GGUF without llama.cpp: offered `pair setup llama.cpp`, here a stand-in script);
#   leaving says nothing was saved: q and Ctrl+D exit 0, Ctrl+C 130.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
harness_init
rm -rf "$WS/.pair"
skip_when_default_port_busy
# A machine with 3 GiB free: the smallest recommended model fits, the larger ones do not.
printf 'MemTotal: 4194304 kB\nMemAvailable: 3145728 kB\n' >"$T/meminfo"
export PAIR_MEMINFO=$T/meminfo PAIR_NVIDIA_SMI=

# HF_HUB_OFFLINE: the sizes are the catalog's (test_model_catalog reads them from a Hub stand-in).
HF_HUB_OFFLINE=1 run_pair -p "hello"
assert_rc 2 "headless first run"
assert_contains "$ERR" "no model is configured (no models.json) and nothing is listening on http://localhost:8004"
assert_contains "$ERR" "pair model pull Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M --add qwen2.5-coder-1.5b --default"
assert_contains "$ERR" "a coding model chosen for this machine (about 1.04 GiB; 3.00 GiB of RAM free)"
assert_contains "$ERR" "the ~2 GB tier; 1.5B parameters (dense: all active per token); on the CPU from RAM here"
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
screen | grep -qF "chosen for this machine's memory (3.00 GiB RAM free), 1.18 MiB (from the Hub)" ||
  fail "no size from the Hub: $(screen)"
screen | grep -qF "expect about" || fail "no expected speed: $(screen)"
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

# The guided setup refuses what cannot work, and leaving it says so. Each run starts from nothing.
start_setup() {  # start_setup NAME [ENV=VALUE...]: pair in a fresh tmux session, no models.json
  local name=$1
  shift
  rm -f "$cfg"
  tm new-session -d -s "$name" -x 160 -y 50 "cd '$WS' && env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
    XDG_DATA_HOME='$XDG_DATA_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' PAIR_MEMINFO='$PAIR_MEMINFO' PAIR_NVIDIA_SMI= \
    PAIR_LLAMA_SERVER= PAIR_LLAMA_PREFIX='$T/llama' HF_ENDPOINT=http://127.0.0.1:$(cat "$T/hub.port") $* \
    '$PAIR_BIN'; echo EXITED \$?; sleep 30"
}
on() { tm capture-pane -p -J -t "$1"; }
wait_on() {
  for _ in $(seq 1 200); do on "$1" | grep -qF -- "$2" && return 0; sleep 0.05; done
  fail "session $1 never showed \"$2\":"$'\n'"$(on "$1")"
}
hub_url=http://127.0.0.1:$(cat "$T/hub.port")/v1
use_existing() {  # use_existing SESSION PATH_OR_URL: option 2 with that answer
  wait_on "$1" "Choice [1]:"
  tm send-keys -t "$1" "2" Enter
  wait_on "$1" "server URL (http://...):"
  tm send-keys -t "$1" "$2" Enter
}

# An invalid choice and an empty model id are named; Ctrl+C leaves with 130 and saves nothing.
start_setup invalid
wait_on invalid "Choice [1]:"
tm send-keys -t invalid "7" Enter
wait_on invalid "\"7\" is not one of the choices: type 1, 2, 3 or q."
tm send-keys -t invalid "3" Enter
wait_on invalid "API base URL"
tm send-keys -t invalid "$hub_url" Enter
wait_on invalid "Model id (e.g. gpt-5):"
tm send-keys -t invalid "" Enter
wait_on invalid "A model id is needed"
tm send-keys -t invalid C-c
wait_on invalid "EXITED 130"
on invalid | grep -qF "Setup cancelled; nothing was saved. Run \`pair\` again" || fail "no message: $(on invalid)"
[[ ! -e "$cfg" ]] || fail "Ctrl+C saved a models.json"
pass "an invalid choice and an empty model id are named; Ctrl+C says nothing was saved, exit 130"

# A server that does not answer is named before it is kept; q leaves with 0.
start_setup unreachable
use_existing unreachable "http://127.0.0.1:9/v1"
wait_on unreachable "Nothing answers at http://127.0.0.1:9/v1"
wait_on unreachable "Keep it anyway? [y/N]"
tm send-keys -t unreachable "" Enter
tm send-keys -t unreachable "q" Enter
wait_on unreachable "EXITED 0"
on unreachable | grep -qF "Setup cancelled; nothing was saved." || fail "no message: $(on unreachable)"
[[ ! -e "$cfg" ]] || fail "an unreachable server was saved although not kept"
pass "an unreachable server gets a warning and is not kept by default; q exits 0"

# A GGUF without llama.cpp: declined, it says why and asks again; accepted, `pair setup llama.cpp`
# builds it (a stand-in script), then the entry is saved.
"$HARNESS_PY" -c '
import struct, sys
def s(x): b = x.encode(); return struct.pack("<Q", len(b)) + b
open(sys.argv[1], "wb").write(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + s("general.architecture") + struct.pack("<I", 8) + s("llama"))' \
  "$T/coder.gguf"
cat >"$T/fake-build.sh" <<'SH'
echo '[llama.cpp] building llama-server (cpu)' >&2
p="$PAIR_LLAMA_PREFIX/3.22.1-abc1234-cpu"
mkdir -p "$p/bin" && touch "$p/bin/llama-server" "$p/.complete"
echo "$p"
SH
start_setup gguf "PAIR_LLAMA_SCRIPT='$T/fake-build.sh'"
use_existing gguf "$T/coder.gguf"
wait_on gguf "no llama.cpp build was found"
wait_on gguf "Build it now? [Y/n]"
tm send-keys -t gguf "n" Enter
wait_on gguf "Without llama.cpp pair cannot run that file. Run \`pair setup llama.cpp\`"
[[ ! -e "$T/llama" ]] || fail "declining built llama.cpp anyway"
tm send-keys -t gguf "2" Enter
tm send-keys -t gguf "$T/coder.gguf" Enter
for _ in $(seq 1 200); do [[ $(on gguf | grep -c "Build it now") -ge 2 ]] && break; sleep 0.05; done
tm send-keys -t gguf "y" Enter
wait_on gguf "[llama.cpp] building llama-server (cpu)"
wait_on gguf "llama.cpp is ready: llama-server 3.22.1-abc1234 (cpu)"
wait_on gguf "Saved \"local\" as your default model"
grep -q "\"gguf\": \"$T/coder.gguf\"" "$cfg" || fail "models.json: $(cat "$cfg")"
tm kill-session -t gguf
pass "a GGUF without llama.cpp: declining says why, accepting builds it with pair setup llama.cpp"

# Ctrl+D (end of input) leaves like q.
start_setup eof
wait_on eof "Choice [1]:"
tm send-keys -t eof C-d
wait_on eof "EXITED 0"
on eof | grep -qF "Setup cancelled; nothing was saved." || fail "no message: $(on eof)"
pass "Ctrl+D says nothing was saved, exit 0"
