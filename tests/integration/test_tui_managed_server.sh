#!/usr/bin/env bash
# The terminal UI with a local model whose llama-server pair manages (REAL llama-server, tiny
# model): the server is killed between two messages and the second is still answered, after a
# notice naming what happened; leaving the UI saves the conversation's KV cache (slot file and
# session record), as headless runs do, so `pair -c` need not re-read the prompt; and says that the
# server still runs, with the memory it holds.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
source "$root/tests/support/managed_server.sh"
source "$root/tests/support/tui_harness.sh"
managed_prepare
harness_init
managed_init
managed_models_json

session_file() { find "$XDG_DATA_HOME/pair/sessions" -name '*.jsonl' 2>/dev/null | head -1 || true; }

# wait_answers N: the session file holds N assistant messages.
wait_answers() {
  local n=$1 i f
  for ((i = 0; i < 1200; i++)); do
    f=$(session_file)
    if [[ -n "$f" ]] && (($(grep -c '"role":"assistant"' "$f" || true) >= n)); then return 0; fi
    sleep 0.1
  done
  _tui_fail "no assistant message #$n in the session file"
}

tui_start
trap '_managed_cleanup; _tui_cleanup' EXIT
tui_type "Say hello."
tui_keys Enter
wait_answers 1
tui_wait_prompt 60
pid1=$(record_field pid)
alive "$pid1" || fail "the managed server is not running after the first turn"
pass "first message answered by the managed server (pid $pid1)"

kill -9 "$pid1"
gone "$pid1" || fail "kill -9 did not end the server"
tui_type "Again."
tui_keys Enter
tui_wait "llama-server for tiny (pid $pid1) exited: no reason in its log (killed?); see \`pair server logs tiny\`" 60
wait_answers 2
tui_wait_prompt 60
pid2=$(record_field pid)
[[ "$pid2" != "$pid1" ]] && alive "$pid2" || fail "the server was not started again"
assert_not_contains "$(tui_capture)" "Start one with"
pass "killed between two messages: restarted (pid $pid1 -> $pid2) and the second message answered"

tui_keys C-d
tui_wait "[pair exited 0]" 60
# The server outlives pair: leaving says so, with the memory it holds and how to free it.
assert_contains "$(tui_capture)" "pair: llama-server for \"tiny\" is still running on port $PORT (pid $pid2, holding "
assert_contains "$(tui_capture)" "of memory); \`pair server stop tiny\` frees it"
f=$(session_file)
grep -q '"type":"prompt_cache"' "$f" || fail "leaving the UI did not record a saved prompt cache in $f"
slot=$("$HARNESS_PY" -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("type") == "prompt_cache": name = r["file"]
print(name)' "$f")
[[ -s "$XDG_STATE_HOME/pair/slots/$slot" ]] || fail "no slot file $slot"
tui_stop
pass "leaving the UI saved the prompt cache ($slot)"
