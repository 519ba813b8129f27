#!/usr/bin/env bash
# Start-up and one-turn cost: `pair --version`, and a one-turn headless run against a local
# scripted server that answers at once (wall time and peak RSS of the pair process).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
runs_version=300 runs_turn=100
if [[ "$BENCH_SMOKE" == 1 ]]; then runs_version=5 runs_turn=5; fi
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
"$HARNESS_PY" -c 'import json,sys; json.dump({"responses": [{"text": "Hello there.", "usage": {"prompt_tokens": 1000, "completion_tokens": 3}}] * int(sys.argv[1])}, open(sys.argv[2], "w"))' \
  $((runs_turn + 10)) "$T/s.json"
scripted_start "$T/s.json"
use_model "$URL/v1"
version=$("$BENCH_RUN_COMMAND" --json --runs $runs_version --warmup 5 -- "$PAIR_BIN" --version)
turn=$(cd "$WS" && "$BENCH_RUN_COMMAND" --json --runs $runs_turn --warmup 3 -- "$PAIR_BIN" -p "Say hello." --no-session)
bench_header "Start-up and one-turn cost (issue 2: --version at most 5 ms; one turn at most 50 ms and 20 MB)" "bench/startup.sh"
echo "| command | runs | median | p10 | p90 | peak RSS |"
echo "|---|---:|---:|---:|---:|---:|"
for row in "pair --version|$version" "pair -p (one turn, local server answering at once)|$turn"; do
  name=${row%%|*} j=${row#*|}
  printf '| %s | %s | %.2f ms | %.2f ms | %.2f ms | %.1f MiB |\n' "$name" "$(bench_json_field "$j" runs)" \
    "$(bench_json_field "$j" median_ms)" "$(bench_json_field "$j" p10_ms)" "$(bench_json_field "$j" p90_ms)" \
    "$(bench_json_field "$j" peak_rss_mib)"
  [[ $(bench_json_field "$j" failures) == 0 ]] || { echo "some runs of $name failed" >&2; exit 1; }
done
