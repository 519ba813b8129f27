#!/usr/bin/env bash
# pair doctor for a configured GGUF: the architecture, whether the llama.cpp pair uses knows it, and
# the memory fit; using such a model is refused before its server starts. A tiny GGUF with a made-up architecture name gets the problem and its fix (and the
# real llama-server does refuse it at load, so the decision is the server's own); the random-weight
# llama model passes.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/llama_server.sh"
pair_require_tiny_model
source "$root/tests/support/pair_harness.sh"
harness_init
py=$(_pair_python)

# A GGUF whose architecture no llama.cpp knows: the keys and one tensor a loader reads first.
unknown=$T/madeup.gguf
PYTHONPATH="$PAIR_LLAMA_SOURCE/gguf-py" "$py" - "$unknown" <<'PY'
import sys
import numpy as np
import gguf
w = gguf.GGUFWriter(sys.argv[1], "pairmadeup9")
w.add_name("made-up architecture")
w.add_context_length(2048)
w.add_embedding_length(64)
w.add_block_count(1)
w.add_feed_forward_length(128)
w.add_head_count(2)
w.add_head_count_kv(1)
w.add_tensor("token_embd.weight", np.zeros((32, 64), dtype=np.float32))
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
PY

# The real server refuses it at load: what the doctor predicts.
if pair_start_llama_server "$unknown" -c 512 2>"$T/start.err"; then fail "llama-server loaded a made-up architecture"; fi
grep -q "unknown model architecture: 'pairmadeup9'" "$T/start.err" ||
  fail "llama-server's refusal: $(tail -n 5 "$T/start.err")"

mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "madeup", "gguf": "$unknown", "url": "http://127.0.0.1:18431/v1", "purpose": "text"},
 {"name": "tiny", "gguf": "$model", "url": "http://127.0.0.1:18432/v1", "purpose": "text"}]
JSON
trust_workspace
run_pair doctor
assert_contains "$OUT" "FAIL  madeup: this llama.cpp (" "the unknown architecture is a problem"
assert_contains "$OUT" "does not know the architecture \"pairmadeup9\": llama-server would stop at load" \
  "the problem names the architecture"
assert_contains "$OUT" "fix: it needs a llama.cpp newer than this one: update pair and run pair setup llama.cpp" \
  "the fix says what to do"
assert_contains "$OUT" "ok    tiny: architecture llama, which this llama.cpp knows" "a known architecture"
assert_contains "$OUT" "tiny: llama " "the fit line names the architecture"
grep -q "ok    tiny: llama .* fits (" <<<"$OUT" || fail "the fit of the known model"
assert_rc 1
pass "doctor: an architecture this llama.cpp does not know is a problem with its fix; llama passes, with its fit"

# Using the model says the same before any server starts.
run_pair -m madeup -p hi
[[ "$RC" != 0 ]] || fail "a model of an unknown architecture should not run"
assert_contains "$ERR" "model \"madeup\": this llama.cpp (" "the refusal names the model"
assert_contains "$ERR" "does not know the architecture \"pairmadeup9\"" "and the architecture"
assert_contains "$ERR" "To run it, it needs a llama.cpp newer than this one" "and what to do"
if compgen -G "$XDG_STATE_HOME/pair/servers/*.log" >/dev/null; then
  fail "no server should have been started: $(ls "$XDG_STATE_HOME/pair/servers")"
fi
pass "using it is refused before llama-server starts, with the same fix"
