#!/usr/bin/env bash
# Streaming cost, headless (issue 8, item 4): the CPU time pair spends while the scripted server
# streams N small content deltas at 2,000 tokens/s (`stream_tokens` + `tokens_per_second`).
# CPU time is the pair process's own (user + system, from wait4's rusage, via bench_run_command),
# so the server's work is not counted. The cost of one turn with nothing streamed is measured
# the same way and taken off, leaving what streaming itself costs per 1,000 tokens; at
# 1,000 tokens/s that many ms per second is that share of one core (target: at most 1%, 10 ms).
#   bench/streaming_cpu.sh                20,000 tokens (10 s of streaming), 5 runs per format
#   BENCH_SMOKE=1 bench/streaming_cpu.sh  2,000 tokens, 1 run
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
tokens=20000 runs=5 rate=2000
if [[ "$BENCH_SMOKE" == 1 ]]; then tokens=2000 runs=1; fi
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init

# Called in this shell, not in $(...): the scripted server it starts must not hold a pipe open.
measure() { # STREAM_TOKENS FORMAT OUT_FILE: bench_run_command JSON into OUT_FILE
  local n=$1 format=$2 count=$((runs + 1))
  "$HARNESS_PY" -c 'import json,sys; n,r,c=map(int,sys.argv[1:4]); json.dump({"responses": [{"stream_tokens": n, "tokens_per_second": r, "usage": {"prompt_tokens": 900, "completion_tokens": n}}] * c}, open(sys.argv[4], "w"))' \
    "$n" $rate $count "$T/s.json"
  scripted_start "$T/s.json"
  use_model "$URL/v1"
  (cd "$WS" && "$BENCH_RUN_COMMAND" --json --runs $runs --warmup 1 -- "$PAIR_BIN" -p "Write a long story." --no-session \
    --output-format "$format") >"$3"
  scripted_stop
}

rows=()
for format in text stream-json; do
  measure 0 "$format" "$T/base.json"
  measure $tokens "$format" "$T/full.json"
  base=$(cat "$T/base.json") full=$(cat "$T/full.json")
  for j in "$base" "$full"; do
    [[ $(bench_json_field "$j" failures) == 0 ]] || { echo "streaming_cpu: some runs failed ($format)" >&2; exit 1; }
  done
  rows+=("$("$HARNESS_PY" - "$format" "$tokens" "$base" "$full" <<'PY'
import json, sys
fmt, n = sys.argv[1], int(sys.argv[2])
base, full = json.loads(sys.argv[3]), json.loads(sys.argv[4])
per_k = (full["median_cpu_ms"] - base["median_cpu_ms"]) / (n / 1000)
print("| headless, --output-format %s | %s | %.1f s | %.0f ms | %.0f ms | **%.2f ms** | **%.2f%%** | %.1f MiB |" % (
    fmt, format(n, ","), full["median_ms"] / 1000, full["median_cpu_ms"], base["median_cpu_ms"], per_k, per_k / 10,
    full["peak_rss_mib"]))
PY
)")
done

bench_header "Streaming cost at $rate tokens/s (issue 8, item 4: at most 1% of one core per 1,000 tokens/s, headless)" \
  "bench/streaming_cpu.sh"
echo "The scripted server streams one content delta per token at $rate tokens/s; pair's own CPU time"
echo "(user + system, wait4), medians of $runs runs; the same turn with nothing streamed is taken off."
echo
echo "| mode | tokens streamed | wall | pair CPU | CPU of the same turn, nothing streamed | CPU per 1,000 tokens | share of one core per 1,000 tokens/s | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
