#!/usr/bin/env bash
# Runs every benchmark and prints Markdown tables (paste them into bench/RESULTS.md).
#   bench/run.sh           full runs, medians over many repetitions; installs the peers it compares
#                          with (bench/peers.sh: pinned versions, a bench-local folder, once)
#   bench/run.sh --smoke   a few repetitions each: proves the benchmarks work (part of the test
#                          command); installs nothing: peers that are not installed are skipped
#   bench/run.sh [--smoke] NAME...   only these (e.g. peer_budget session_replay)
#   BENCH_PEERS="codex opencode" bench/run.sh ...   compare with these peers only
set -euo pipefail
cd "$(dirname "$0")"
if [[ "${1:-}" == --smoke ]]; then
  export BENCH_SMOKE=1
  shift
fi
all=(prompt_budget peer_budget startup peer_startup streaming_cpu search_speed resume_restore session_replay peer_session
  tui warm_up mcp_startup)
selected=("$@")
((${#selected[@]})) || selected=("${all[@]}")
for b in "${selected[@]}"; do
  [[ -f "$b.sh" ]] || { echo "run.sh: no benchmark $b.sh" >&2; exit 2; }
  bash "$b.sh"
done
