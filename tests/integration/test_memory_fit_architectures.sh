#!/usr/bin/env bash
# The memory fit's KV-cache figure against llama-server's own, for today's architectures: a dense
# model (llama), a hybrid-attention mixture of experts (qwen35moe: linear-attention layers keep a
# fixed recurrent state, every 4th layer a KV cache) and a sliding-window mixture of experts
# (gpt-oss: half the layers cache only the window). Each random-weight fixture is served by the
# real llama-server, started as pair starts a managed one (--ctx-size, --flash-attn auto, the
# default slots and batch sizes); the cache sizes it reports at load are compared with what
# `pair model fit MODEL --ctx N` says, in total and per kind of layer (within 2% plus 0.02 MiB,
# for llama-server's rounding: tests/support/compare_kv_cache.py). Each server also answers one
# chat request, so the fixtures are known to load and run, not only to allocate.
# What the server allocates, with its defaults (4 slots sharing one unified cache, batches of 512):
# an attention layer caches every token of the context; a sliding-window layer caches
# window x 4 slots + 512 tokens, rounded up to 256 and at most the context; a recurrent layer keeps
# one fixed state per slot, whatever the context.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"

# The models are made (or found in the cache) before harness_init moves HOME and XDG_CACHE_HOME.
pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
dense=$(pair_ensure_tiny_model tiny) || { echo "FAIL: cannot make the llama fixture" >&2; exit 1; }
hybrid=$(pair_ensure_tiny_model qwen35moe --arch qwen35moe) ||
  { echo "FAIL: cannot make the qwen35moe fixture" >&2; exit 1; }
swa=$(pair_ensure_tiny_model gpt-oss --arch gpt-oss) || { echo "FAIL: cannot make the gpt-oss fixture" >&2; exit 1; }
harness_init
# Memory injected so that every fixture fits on the CPU whatever this machine has free.
printf 'MemTotal: 33554432 kB\nMemAvailable: 25165824 kB\n' >"$T/meminfo"

# compare_kv LABEL MODEL CONTEXT [SLOTS]: one server, one chat answer, the two figures compared;
# SLOTS given goes to both as --parallel (llama-server then gives each slot a cache of its own). A
# difference is recorded in `mismatches` and the next case still runs, so one run shows every
# architecture the fit gets wrong.
mismatches=()
compare_kv() {
  local label=$1 model=$2 ctx=$3 slots=()
  [[ -z "${4:-}" ]] || slots=(--parallel "$4")
  # -lv 4: this build logs the cache sizes at its "trace" level, above the default.
  pair_start_llama_server "$model" --ctx-size "$ctx" --flash-attn auto -lv 4 "${slots[@]}" ||
    fail "$label: llama-server did not start"
  # The answer starts from an assistant prefix: gpt-oss's output parser rejects a message that
  # does not open with its channel markers, which random weights never write; continuing a
  # final message needs none.
  local answer
  answer=$(curl -sS --max-time 60 -H 'Content-Type: application/json' \
    --data-binary '{"messages":[{"role":"user","content":"Say hello."},{"role":"assistant","content":"Hello"}],"max_tokens":4,"temperature":0}' \
    "$PAIR_LLAMA_URL/v1/chat/completions") || fail "$label: the chat request failed (log: $PAIR_LLAMA_LOG)"
  "$HARNESS_PY" -c 'import json,sys; j=json.loads(sys.argv[1]); assert j["usage"]["completion_tokens"] > 0, j' \
    "$answer" || fail "$label: no answer from llama-server: ${answer:0:500}"
  cp "$PAIR_LLAMA_LOG" "$T/$label.log"
  pair_stop_llama_server

  PAIR_MEMINFO=$T/meminfo PAIR_NVIDIA_SMI='' run_pair model fit "$model" --ctx "$ctx" "${slots[@]}"
  assert_rc 0 "$label: pair model fit"
  printf '%s\n' "$OUT" >"$T/$label.fit"
  if ! "$HARNESS_PY" "$root/tests/support/compare_kv_cache.py" "$label" "$T/$label.log" "$T/$label.fit"; then
    printf -- '--- pair model fit ---\n%s\n' "$OUT" >&2
    mismatches+=("$label")
    return
  fi
  pass "$label: the fit's KV cache matches llama-server's"
}

compare_kv dense-4096 "$dense" 4096
compare_kv hybrid-4096 "$hybrid" 4096
compare_kv swa-4096 "$swa" 4096
# A context no longer than the window cache: the window layers then hold the whole context too.
compare_kv swa-1024 "$swa" 1024
# Slots of their own: one recurrent state instead of four; two window caches of window + batch.
compare_kv hybrid-4096-np1 "$hybrid" 4096 1
compare_kv swa-4096-np2 "$swa" 4096 2
OUT="" ERR=""
((${#mismatches[@]} == 0)) || fail "the fit's KV cache differs from llama-server's for: ${mismatches[*]}"
echo "test_memory_fit_architectures: passed"
