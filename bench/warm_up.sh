#!/usr/bin/env bash
# Warm-up: time to first token of a session's FIRST turn, with and without warm-up, against the
# llama-server pair manages. Each run starts a fresh server (an empty prompt cache):
#   cold  `pair server start --no-warm-up`, then `pair -p`: the turn prefills system prompt, tools,
#         context block and the user's words;
#   warm  `pair server start` (it sends the system prompt, tools and this workspace's context block,
#         as an interactive pair does while the user types), then `pair -p`: only the user's words.
# Time to first token = from pair's `request` event to its first streamed token (stream-json, read as
# it arrives); prompt_n/cache_n/prompt_ms are the server's own timings of that request.
#   bench/warm_up.sh          CPU, a small random-weight model (the shape of Qwen2.5-0.5B: 24 layers, embedding
#                             896, 14 heads / 2 KV heads, Qwen2 vocabulary; Q4_K_M, about 400 MB)
#   bench/warm_up.sh --gpu    NVIDIA GPU, CUDA build of llama.cpp, a model of realistic size (Qwen3-8B
#                             shape, Q4_K_M, about 5 GB; written on first use, several minutes)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
gpu=0
[[ "${1:-}" == --gpu ]] && gpu=1
bench_build
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"
if ((gpu)); then
  nvidia-smi -L >/dev/null 2>&1 || { echo "bench/warm_up.sh --gpu: no NVIDIA GPU here" >&2; exit 1; }
  export PAIR_LLAMA_BACKEND=cuda
fi
pair_ensure_llama || exit 1
if ((gpu)); then
  [[ $(cat "$PAIR_LLAMA_PREFIX/build.json") == *'"cuda"'* ]] || { echo "not a CUDA build: $PAIR_LLAMA_PREFIX" >&2; exit 1; }
  model=$(pair_ensure_tiny_model bench-warmup-8b --preset 8b --quantize Q4_K_M) || exit 1
  runs=7 ctx=32768 what="Qwen3-8B shape (36 layers, embedding 4096, 32 heads / 8 KV heads), Q4_K_M, on the GPU"
elif [[ "$BENCH_SMOKE" == 1 ]]; then
  model=$(pair_ensure_tiny_model) || exit 1
  runs=1 ctx=4096 what="tiny smoke model"
else
  model=$(pair_ensure_tiny_model bench-warmup-0.5b --embedding 896 --layers 24 --heads 14 --kv-heads 2 --ff 4864 \
    --context 32768 --quantize Q4_K_M) || exit 1
  runs=5 ctx=8192 what="Qwen2.5-0.5B shape (24 layers, embedding 896, 14 heads / 2 KV heads), Q4_K_M, CPU"
fi
size=$(($(stat -c %s "$model") / 1000000))

source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
port=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
trap '(cd "$WS" && "$PAIR_BIN" server stop --all >/dev/null 2>&1); _harness_cleanup' EXIT
mkdir -p "$WS/.pair"
printf '[{"name": "bench", "gguf": "%s", "url": "http://localhost:%s/v1", "ctx": %s, "max_tokens": 8, "temperature": 0}]\n' \
  "$model" "$port" "$ctx" >"$WS/.pair/models.json"
trust_workspace  # a project entry that starts a server applies in a trusted project only
echo "Build with make; run the tests with make test." >"$WS/AGENTS.md"

# One turn, `pair ARGS... --output-format stream-json`: prints "ttft_ms wall_ms prompt_n cache_n prompt_ms".
turn() {
  (cd "$WS" && "$HARNESS_PY" - "$PAIR_BIN" "$@" <<'PY'
import json, subprocess, sys, time
start = time.monotonic()
p = subprocess.Popen(sys.argv[1:] + ["--output-format", "stream-json"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
sent = first = None
timings = None
for line in p.stdout:
    e = json.loads(line)
    now = time.monotonic()
    if e["type"] == "request" and sent is None:
        sent = now
    elif e["type"] in ("text", "reasoning", "tool_call") and first is None:
        first = now
    elif e["type"] == "timings" and timings is None:
        timings = e["timings"]
        first = first or now
p.wait()
wall = time.monotonic() - start
assert p.returncode == 0 and sent and first and timings, (p.returncode, sent, first, timings)
print("%.1f %.1f %d %d %.1f" % ((first - sent) * 1000, wall * 1000, timings["prompt_n"], timings["cache_n"],
                                timings["prompt_ms"]))
PY
  )
}

# "second": the next turn of the warm run's session (pair -c), for the target "a first turn after
# warm-up at most 1.5x a second turn".
declare -A results=([cold]="" [warm]="" [second]="")
for mode in cold warm; do
  for ((i = 0; i < runs; i++)); do
    (cd "$WS" && "$PAIR_BIN" server stop --all >/dev/null 2>&1 || true)
    flag=(--no-warm-up)
    [[ $mode == warm ]] && flag=()
    (cd "$WS" && "$PAIR_BIN" server start "${flag[@]}" >"$T/start.out" 2>"$T/start.err") ||
      { cat "$T/start.err" >&2; exit 1; }
    if [[ $mode == cold ]]; then
      results[cold]+="$(turn -p "Say hello." --no-session)"$'\n'
    else
      results[warm]+="$(turn -p "Say hello.")"$'\n'
      results[second]+="$(turn -c -p "Say hello again.")"$'\n'
    fi
  done
done
(cd "$WS" && "$PAIR_BIN" server stop --all >/dev/null 2>&1 || true)

bench_header "Warm-up: time to first token of the first turn (issue 3; issue 8, item 3)" "bench/warm_up.sh$( ((gpu)) && echo ' --gpu')"
echo "Model: random weights, $what ($size MB file); context $ctx; a fresh llama-server for every run; median of $runs runs."
echo
echo "| turn | time to first token | prompt_n (read) | cache_n (from the cache) | server prompt_ms | pair wall time |"
echo "|---|---:|---:|---:|---:|---:|"
for mode in cold warm second; do
  printf '%s' "${results[$mode]}" | "$HARNESS_PY" -c '
import statistics, sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = [statistics.median(c) for c in zip(*rows)]
label = {"cold": "first turn, without warm-up", "warm": "first turn, after warm-up",
         "second": "second turn of that session (pair -c)"}[sys.argv[1]]
print("| %s | %.0f ms | %d | %d | %.0f ms | %.0f ms |" % (label, med[0], med[2], med[3], med[4], med[1]))' "$mode"
done
"$HARNESS_PY" -c '
import statistics, sys
med = lambda text: statistics.median(float(l.split()[0]) for l in text.splitlines() if l.strip())
print()
print("First turn after warm-up / second turn, time to first token: **%.2fx** (issue 8 target: at most 1.5x)."
      % (med(sys.argv[1]) / med(sys.argv[2])))' "${results[warm]}" "${results[second]}"
