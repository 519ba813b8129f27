#!/usr/bin/env bash
# The terminal UI: time from launch to a ready prompt (no model server involved), and the CPU time
# the pair process spends while a scripted server streams a long Markdown answer at 2,000 tokens/s
# (CPU time from /proc/PID/stat over the stream, divided by its wall time). Both in a pseudo-terminal
# (bench_pty_session), 120x40.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
runs_launch=100 runs_stream=5 tokens=20000
if [[ "$BENCH_SMOKE" == 1 ]]; then runs_launch=3 runs_stream=1 tokens=1000; fi
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
# The start-up warm-up request would take the scripted answer meant for the measured turn.
mkdir -p "$XDG_CONFIG_HOME/pair" && echo '{"ui": {"warm_up": false}}' >"$XDG_CONFIG_HOME/pair/settings.json"

# Launch: models.json names a server that is not running; nothing is requested before the prompt.
use_model "http://127.0.0.1:9/v1"
launch=$(cd "$WS" && "$BENCH_PTY_SESSION" --runs $runs_launch --timeout 20 \
  expect:"enter send" mark:ready send:'\x04' -- "$PAIR_BIN" --no-session)

pieces=$("$HARNESS_PY" "$BENCH_DIR/make_markdown_answer.py" $tokens 2000 "$T/stream.json")
scripted_start "$T/stream.json"
use_model "$URL/v1"
stream=$(cd "$WS" && "$BENCH_PTY_SESSION" --runs $runs_stream --timeout 120 \
  expect:"enter send" mark:ready send:'go\r' mark:sent expect:"THE-END" mark:streamed send:'\x04' -- \
  "$PAIR_BIN" --no-session)
[[ $(bench_json_field "$launch" failures) == 0 && $(bench_json_field "$stream" failures) == 0 ]] ||
  { echo "bench/tui.sh: some runs failed: $launch $stream" >&2; exit 1; }

bench_header "Terminal UI (issue 4: ready prompt at most 30 ms; a 2,000 tokens/s Markdown stream at most 10% of a core)" "bench/tui.sh"
wall=$(bench_json_field "$stream" streamed_wall_ms)
cpu=$(bench_json_field "$stream" streamed_cpu_ms)
echo "| measure | runs | median |"
echo "|---|---:|---:|"
printf '| launch to a ready prompt (pty 120x40) | %s | %.1f ms |\n' "$runs_launch" "$(bench_json_field "$launch" ready_wall_ms)"
printf '| stream of %s Markdown tokens at 2,000 tokens/s: wall time | %s | %.0f ms |\n' "$pieces" "$runs_stream" "$wall"
printf '| the same: CPU time of the pair process | %s | %.0f ms |\n' "$runs_stream" "$cpu"
printf '| **CPU share while streaming** | %s | **%.1f%% of one core** |\n' "$runs_stream" \
  "$("$HARNESS_PY" -c "print(100 * $cpu / $wall)")"
