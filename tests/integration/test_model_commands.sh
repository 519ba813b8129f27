#!/usr/bin/env bash
# pair model info / fit / quantize / convert / add / list and pair doctor, on real files: the
# vocabulary-only GGUFs of the llama.cpp source, a generated random-weight model, and damaged copies.
# Memory and GPUs are injected (PAIR_MEMINFO, PAIR_NVIDIA_SMI) so the results do not depend on this machine.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
MODEL=$(pair_ensure_tiny_model) || { echo "FAIL: cannot make the test model" >&2; exit 1; }
harness_init
vocab=$PAIR_LLAMA_SOURCE/models

# info
run_pair model info "$MODEL"
assert_rc 0
for want in "architecture  llama" "parameters    39.2 M" "file type     F16" "context       8,192 tokens (trained)" \
            "layers        2; attention heads 2, KV heads 1, head size 64" "experts       none (dense)" \
            "vocabulary    151,936 tokens (gpt2)" "chat template yes"; do
  assert_contains "$OUT" "$want"
done
run_pair model info "$vocab/ggml-vocab-llama-bpe.gguf" --json
assert_rc 0
"$HARNESS_PY" -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["architecture"]=="llama" and j["vocab_size"]==128256 and j["parameters"]==0, j' "$OUT" \
  || fail "info --json on a vocab-only file"
pass "model info"

# damaged files: a clear error, exit 2, never a crash
head -c 100000 "$MODEL" >"$T/cut.gguf"
run_pair model info "$T/cut.gguf"
assert_rc 2 "truncated file"
assert_contains "$ERR" "truncated GGUF file"
"$HARNESS_PY" -c '
import sys
data = bytearray(open(sys.argv[1], "rb").read(1 << 20))
data[16:24] = (1 << 62).to_bytes(8, "little")   # the metadata count
open(sys.argv[2], "wb").write(data)' "$MODEL" "$T/hostile.gguf"
run_pair model info "$T/hostile.gguf"
assert_rc 2 "hostile counts"
assert_contains "$ERR" "not a valid GGUF file"
printf 'not a model' >"$T/text.gguf"
run_pair model info "$T/text.gguf"
assert_rc 2
assert_contains "$ERR" "not a GGUF file"
pass "truncated, hostile and foreign files give clear errors"

# fit, with injected memory
printf 'MemTotal: 33554432 kB\nMemAvailable: 25165824 kB\n' >"$T/meminfo-32g"
printf 'MemTotal: 1048576 kB\nMemAvailable: 262144 kB\n' >"$T/meminfo-1g"
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI= run_pair model fit "$MODEL" --ctx 8192
assert_rc 0
assert_contains "$OUT" "verdict    fits in RAM (CPU)"
assert_contains "$OUT" "RAM 24.0 GiB free of 32.0 GiB"
PAIR_MEMINFO=$T/meminfo-1g PAIR_NVIDIA_SMI= run_pair model fit "$MODEL"
assert_rc 1 "does not fit in 256 MiB"
assert_contains "$OUT" "does NOT fit"
printf '#!/bin/sh\necho "0, NVIDIA Test GPU, 24576, 24000"\n' >"$T/nvidia-smi"
chmod +x "$T/nvidia-smi"
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI=$T/nvidia-smi run_pair model fit "$MODEL"
assert_rc 0
assert_contains "$OUT" "GPU 0 NVIDIA Test GPU: 23.4 GiB free of 24.0 GiB"
pass "model fit with injected memory and GPU"

# fit --json: the cache by kind of layer, as llama-server reports it (this model: full attention
# on every layer, so its bytes are the per-token figure times the context); --parallel as -np.
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI= run_pair model fit "$MODEL" --ctx 8192 --parallel 2 --json
assert_rc 0
"$HARNESS_PY" - "$OUT" <<'PY' || fail "model fit --json: $OUT"
import json, sys
j = json.loads(sys.argv[1])
kv = j["kv_cache"]
assert j["context"] == 8192 and j["verdict"] == "cpu", j
assert kv["full_attention_bytes"] == j["kv_bytes_per_token"] * 8192 > 0, kv
assert kv["full_attention_cells"] == 8192 and kv["slots"] == 2, kv
assert kv["sliding_window_bytes"] == 0 and kv["recurrent_bytes"] == 0, kv
assert j["kv_cache_bytes"] == kv["full_attention_bytes"], j
PY
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI= run_pair model fit "$MODEL" --ctx 8192
assert_contains "$OUT" "KV cache   "
assert_contains "$OUT" "full attention "
assert_contains "$OUT" " cells)"
pass "model fit --json and the KV cache by kind of layer"

# One convention for numbers: the weights read the same in info and fit, in binary units; token
# counts have separators; a context beyond the trained window is named as such, and what fits is
# offered only up to that window (not a smaller quantization: the weights fit).
run_pair model info "$MODEL"
info_weights=$(sed -n 's/^weights *//p' <<<"$OUT")
[[ $info_weights =~ ^[0-9.]+\ (KiB|MiB|GiB)$ ]] || fail "model info weights in binary units: '$info_weights'"
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI= run_pair model fit "$MODEL" --ctx 8192
assert_eq "$(sed -n 's/^weights *//p' <<<"$OUT")" "$info_weights"
assert_contains "$OUT" "context    8,192 tokens (trained on 8,192)"
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI= run_pair model fit "$MODEL" --ctx 100000000
assert_rc 1 "100,000,000 tokens of KV cache do not fit"
assert_contains "$OUT" "context    100,000,000 tokens (trained on 8,192)"
assert_contains "$OUT" "suggestion a context within the trained window: 100,000,000 tokens were asked for, but the model was trained on 8,192; 8,192 tokens fit (--ctx 8192"
assert_not_contains "$OUT" "quantiz"  # neither of the weights nor of the KV cache: the window is the answer
assert_not_contains "$OUT" "a smaller context"
pass "model info and fit: one unit for sizes, token counts with separators, --ctx capped at the trained window"

# quantize
run_pair model quantize "$MODEL" "$T/tiny-q8.gguf" Q8_0
assert_rc 0 "quantize to Q8_0"
run_pair model info "$T/tiny-q8.gguf"
assert_contains "$OUT" "file type     Q8_0"
assert_contains "$OUT" "q8_0"
run_pair model quantize "$MODEL" "$T/x.gguf" Q9_X
assert_rc 2
assert_contains "$ERR" "unknown quantization \"Q9_X\"; one of: Q8_0"
run_pair model quantize "$MODEL" "$T/x.gguf"
assert_rc 2
assert_contains "$ERR" "TYPE is required"
run_pair model quantize --help
assert_contains "$OUT" "Usage: pair model quantize [OPTIONS] IN.gguf OUT.gguf TYPE"
pass "quantize"

# convert: a folder that is not a model; missing Python modules are named
mkdir -p "$T/hf-model" && echo '{"architectures": ["LlamaForCausalLM"]}' >"$T/hf-model/config.json"
run_pair model convert "$T/nothing" "$T/c.gguf"
assert_rc 2
assert_contains "$ERR" "not a Hugging Face model folder"
if ! /usr/bin/python3 -c 'import torch, transformers' 2>/dev/null; then
  PAIR_PYTHON=/usr/bin/python3 run_pair model convert "$T/hf-model" "$T/c.gguf"
  assert_rc 2
  assert_contains "$ERR" "converting needs the Python modules"
  assert_contains "$ERR" "torch"
  pass "convert names the missing Python modules"
fi

# add and list
run_pair model add tiny --gguf "$MODEL" --ctx 4096 --default --project
assert_rc 0
assert_contains "$OUT" "added \"tiny\""
run_pair model add tiny --gguf "$MODEL" --project
assert_rc 2
assert_contains "$ERR" "already has a model named \"tiny\"; add --replace to replace it, or pick another name"
run_pair model add broken --gguf "$T/cut.gguf" --project
assert_rc 2
run_pair model add cloud --url https://api.openai.com/v1 --model-id gpt-5 --api-key-env PAIR_TEST_NO_SUCH_KEY --project
assert_rc 0
assert_contains "$OUT" "This project is not trusted, so pair will not use it until you run \`pair trust\` here"
run_pair model list
assert_rc 0
assert_contains "$OUT" "Not used until you trust this project (pair trust):"
assert_contains "$OUT" "tiny                 $WS/.pair/models.json:2: would start llama-server for $MODEL"
# Trusted, the project's entries are used (and adding more keeps the trust: the user's own change).
trust_workspace
run_pair model add extra --url http://127.0.0.1:9/v1 --project
assert_rc 0
# The user's own file, which the project's file hides here.
run_pair model add mine --url http://127.0.0.1:9/v1
assert_rc 0
run_pair model list
assert_rc 0
assert_not_contains "$OUT" "Not used until you trust"
assert_contains "$OUT" "Configured in $WS/.pair/models.json (used here instead of $XDG_CONFIG_HOME/pair/models.json; pair model add --project changes it):"
assert_contains "$OUT" "tiny                 gguf $MODEL  [default]  (this project's models.json)"
assert_contains "$OUT" "cloud                url https://api.openai.com/v1"
assert_not_contains "$OUT" "mine "
run_pair -C "$T" model list
assert_rc 0
assert_contains "$OUT" "mine                 url http://127.0.0.1:9/v1  (your models.json)"
mv "$XDG_CONFIG_HOME/pair/models.json" "$T/user-models.json"
run_pair -C "$T" model list
assert_rc 0
assert_contains "$OUT" "Configured: no models.json, so the built-in default"
assert_contains "$OUT" "local                url http://localhost:8004/v1  (built-in default)"
mv "$T/user-models.json" "$XDG_CONFIG_HOME/pair/models.json"
pass "model add and list: where each entry comes from"

# doctor: finds llama.cpp, the memory, ripgrep; reports each model; the missing API key is a problem with its fix
PAIR_MEMINFO=$T/meminfo-32g PAIR_NVIDIA_SMI=$T/nvidia-smi run_pair doctor
assert_rc 1 "doctor with a problem"
assert_contains "$OUT" "ok    llama-server"
assert_contains "$OUT" "ok    RAM: 24.0 GiB free of 32.0 GiB"
assert_contains "$OUT" "GPU 0: NVIDIA Test GPU"
if [[ $(cat "$PAIR_LLAMA_PREFIX/build.json") == *'"cpu"'* ]]; then
  assert_contains "$OUT" "a GPU is present but llama.cpp is a CPU build"
fi
assert_contains "$OUT" "tiny: not running; pair starts it on port 8004"
assert_contains "$OUT" "tiny: llama 39.2 M F16"
assert_contains "$OUT" "FAIL  cloud: the API key variable PAIR_TEST_NO_SUCH_KEY is not set"
assert_contains "$OUT" "fix: export PAIR_TEST_NO_SUCH_KEY=..."
# The project's file shadows the user's: the fix writes the project's (--project), and says why.
assert_contains "$OUT" "ok    models from $WS/.pair/models.json (this project's file: used here instead of $XDG_CONFIG_HOME/pair/models.json)"
assert_contains "$OUT" "FAIL  extra: "
assert_contains "$OUT" "pair model add extra --gguf FILE --replace --project (this project's $WS/.pair/models.json is the file used here"
pass "doctor"
