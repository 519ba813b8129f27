#!/usr/bin/env bash
# Speculative decoding on a managed llama-server (issue 20): edit-heavy turns (a whole-file rewrite
# of a 300-line file with one change, an edit_file whose old_string is 40 lines) and a prose answer
# as the control, replayed (bench/speculative_replay.py) against llama-server started with the flags
# pair gives a managed server, once without drafting and once per n-gram drafting type. Reports
# generation tokens/s, draft acceptance (the server's timings.draft_n / draft_n_accepted) and wall
# time per turn, medians of the runs, and each type's change against no drafting.
#
#   bench/speculative.sh                         a random-weight model (CPU-sized), 3 runs per turn
#   BENCH_SPEC_MODEL=m.gguf BENCH_SPEC_ARGS="-ngl 99" bench/speculative.sh   a real model
#   BENCH_SMOKE=1 bench/speculative.sh           1 run, 32 tokens, two types: checks the script
# Other settings: BENCH_SPEC_TYPES (default: none and every ngram type), BENCH_SPEC_RUNS,
# BENCH_SPEC_MAX_TOKENS (tokens generated per turn; default 32), BENCH_SPEC_TURNS (default
# rewrite,edit,prose; e.g. BENCH_SPEC_TURNS=prose BENCH_SPEC_RUNS=21 measures the control alone, closely).
#
# A random-weight model writes noise, not a copy of its context, so its acceptance says nothing
# about real models; what it does show is what drafting costs when little is accepted.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"
pair_ensure_llama || exit 1
started_at=$SECONDS

types=${BENCH_SPEC_TYPES:-none ngram-simple ngram-map-k ngram-map-k4v ngram-mod ngram-cache}
runs=${BENCH_SPEC_RUNS:-3}
max_tokens=${BENCH_SPEC_MAX_TOKENS:-32}
turns=${BENCH_SPEC_TURNS:-rewrite,edit,prose}
if [[ "$BENCH_SMOKE" == 1 ]]; then types="none ngram-mod" runs=1 max_tokens=16; fi
model=${BENCH_SPEC_MODEL:-}
if [[ -z "$model" ]]; then
  # Big enough that a token costs milliseconds on a CPU (as a real model's does), small enough to
  # run every type in a few minutes on 2 cores.
  model=$(pair_ensure_tiny_model bench-spec --embedding 512 --layers 8 --heads 8 --kv-heads 4 --ff 1536 \
    --quantize Q4_K_M) || exit 1
  model_note="random weights (embedding 512, 8 layers, Q4_K_M): acceptance figures need a real model"
else
  model_note="BENCH_SPEC_MODEL"
fi
read -r -a server_args <<<"${BENCH_SPEC_ARGS:-}"
py=$(_pair_python)
out=$(mktemp -d "${TMPDIR:-/tmp}/pair-bench-spec.XXXXXX")
trap 'rm -rf "$out"' EXIT

# One server per type, all up at once: the replay takes turns between them (see speculative_replay.py).
targets=()
for type in $types; do
  spec=()
  [[ "$type" != none ]] && spec=(--spec-type "$type")
  # The flags pair gives a managed llama-server (src/local/server_command.cc) that matter here.
  pair_start_llama_server "$model" --alias bench --ctx-size 8192 --flash-attn auto "${spec[@]}" \
    "${server_args[@]}" || exit 1
  targets+=(--server "$type=$PAIR_LLAMA_URL")
done
"$py" "$BENCH_DIR/speculative_replay.py" "${targets[@]}" --runs "$runs" --max-tokens "$max_tokens" \
  --turns "$turns" >"$out/runs.jsonl"

echo
echo "### Speculative decoding: n-gram drafting on edit-heavy turns (issue 20)"
echo
echo "$(date -u +%Y-%m-%d), $(bench_machine), llama.cpp $(basename "$(readlink -f "$PAIR_LLAMA_PREFIX")"), scripts at $(bench_scripts_commit)."
args_note=${BENCH_SPEC_ARGS:-none beyond what pair gives}
echo "Model: $(basename "$model") ($model_note). Server arguments: $args_note."
echo "Reproduce: \`bench/speculative.sh\`; $runs runs per turn after one that fills the prompt cache, $max_tokens tokens each (temperature 0, ignore_eos), taking turns between the servers; $((SECONDS - started_at)) s in all."
echo
"$py" - "$out/runs.jsonl" <<'PY'
import collections, json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = collections.defaultdict(list)
order = []
for r in rows:
    k = (r["type"], r["turn"])
    if k not in by: order.append(k)
    by[k].append(r)
med = lambda k, f: statistics.median(x[f] for x in by[k])
print("| drafting | turn | tokens/s | vs none | draft tokens | accepted | acceptance | wall |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for k in order:
    tps, wall = med(k, "predicted_per_second"), med(k, "wall_ms")
    base = ("none", k[1])
    vs = "" if k[0] == "none" or base not in by else "%+.1f%%" % (100 * (tps / med(base, "predicted_per_second") - 1))
    dn, da = med(k, "draft_n"), med(k, "draft_n_accepted")
    acc = "%.0f%%" % (100 * da / dn) if dn else "-"
    print("| %s | %s | %.1f | %s | %d | %d | %s | %.0f ms |" % (k[0], k[1], tps, vs, dn, da, acc, wall))
PY

