#!/usr/bin/env bash
# Session replay (issue 8, item 2): a scripted 30-request coding session on a copy of llama.cpp's
# source tree, driven through pair (the scripted server plays the model, pair runs the real tools:
# bench/session_script.py), every request recorded; then replayed in order against a real
# llama-server (random-weight model, -c 65536 --parallel 1) with the same output lengths
# (bench/replay.py). Reports the tokens the server processed and reused (timings.prompt_n,
# timings.cache_n) and its time, for pair's requests as recorded and for a naive client (the
# same conversation with a timestamp line in the system prompt that changes every request).
#   bench/session_replay.sh                 full replay, CPU, tiny model
#   BENCH_SMOKE=1 bench/session_replay.sh   records the whole session, replays its first 3 requests
# Environment: BENCH_REPLAY_MODEL=FILE.gguf to replay on a given model (e.g. a realistic shape on
# a GPU machine), BENCH_REPLAY_ARGS for extra llama-server arguments (e.g. "-ngl 99").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"
pair_ensure_llama || exit 1
ctx=65536
model=${BENCH_REPLAY_MODEL:-}
if [[ -z "$model" ]]; then
  model=$(pair_ensure_tiny_model bench-replay --context $ctx) || exit 1
fi
src=$(bash "$PAIR_SOURCE_DIR/scripts/llama-cpp.sh" --source-only | tail -n 1)
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init

# The workspace: a clone of the pinned llama.cpp tree (a real repository, 3,600 files).
WS=$T/llama.cpp
git -c advice.detachedHead=false clone -q "$src" "$WS"
git -C "$WS" config user.email bench@example.com
git -C "$WS" config user.name bench
"$HARNESS_PY" "$BENCH_DIR/session_script.py" script 131072 >"$T/session.json"
scripted_start "$T/session.json"
mkdir -p "$XDG_CONFIG_HOME/pair"
printf '[{"name": "local", "url": "%s/v1", "modelId": "test-model", "purpose": "text"}]\n' "$URL" \
  >"$XDG_CONFIG_HOME/pair/models.json"
turn=0
while IFS= read -r prompt_json; do
  prompt=$("$HARNESS_PY" -c 'import json,sys; print(json.loads(sys.argv[1]))' "$prompt_json")
  continue_flag=()
  ((turn > 0)) && continue_flag=(-c)
  run_pair "${continue_flag[@]}" -p "$prompt" --permission-mode bypass --max-turns 40
  assert_rc 0 "session turn $((turn + 1))"
  turn=$((turn + 1))
done < <("$HARNESS_PY" "$BENCH_DIR/session_script.py" prompts)
check_log 'assert len(requests) == 30, len(requests)'
# The session really ran its tools: the fix, the test and the comment are in the tree.
git -C "$WS" diff --stat >"$T/diffstat"
for f in gguf-py/gguf/gguf_reader.py gguf-py/tests/test_gguf_reader_validation.py ggml/src/gguf.cpp; do
  grep -q "$f" "$T/diffstat" || fail "the session did not change $f"
done
scripted_stop
cp "$LOG" "$T/session-requests.jsonl"

limit=0
[[ "$BENCH_SMOKE" == 1 ]] && limit=3
# Called in this shell, not in $(...): the server helpers keep their state (and an EXIT trap) here.
replay() { # MODE: summary JSON into $T/summary-MODE.json (a fresh server each time: nothing cached)
  # shellcheck disable=SC2086
  pair_start_llama_server "$model" -c $ctx --parallel 1 ${BENCH_REPLAY_ARGS:-} >/dev/null || exit 1
  "$HARNESS_PY" "$BENCH_DIR/replay.py" --url "$PAIR_LLAMA_URL" --log "$T/session-requests.jsonl" \
    --script "$T/session.json" --mode "$1" --limit $limit --out "$T/replay-$1.jsonl" >"$T/summary-$1.json"
  pair_stop_llama_server
}
replay as-recorded
replay timestamp
as_recorded=$(cat "$T/summary-as-recorded.json")
naive=$(cat "$T/summary-timestamp.json")
[[ -n "${BENCH_REPLAY_KEEP:-}" ]] && cp "$T"/replay-*.jsonl "$T/session-requests.jsonl" "$BENCH_REPLAY_KEEP/"

model_name=$(basename "$model")
bench_header "Session replay on llama-server: 30 requests of a coding session on llama.cpp's source (issue 8, item 2)" \
  "bench/session_replay.sh"
echo "Three user turns (reads, searches, listings, edits, a repro script, g++ and CMake runs, git), recorded"
echo "through pair and replayed in order; model \`$model_name\` (random weights), llama-server -c $ctx --parallel 1,"
echo "greedy, max_tokens = the scripted answer's length. Naive client: the same requests with"
echo "\"Current date and time: ...\" appended to the system prompt, different on every request."
echo
"$HARNESS_PY" - "$as_recorded" "$naive" <<'PY'
import json, sys
rows = [("pair (requests as sent)", json.loads(sys.argv[1])), ("naive client (timestamp in the system prompt)", json.loads(sys.argv[2]))]
print("| client | requests | prompt tokens (all requests) | processed (prompt_n) | reused (cache_n) | reuse | reuse after the first request | previous prompt reused | server prompt time | server total time | last prompt |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, s in rows:
    print("| %s | %d | %s | %s | %s | %.1f%% | %.1f%% | %.1f%% | %.1f s | %.1f s | %s |" % (
        name, s["requests"], format(s["prompt_tokens"], ","), format(s["processed"], ","), format(s["reused"], ","),
        s["reuse_pct"], s["reuse_after_first_pct"], s["prior_reuse_pct"], s["prompt_ms"] / 1000, s["server_ms"] / 1000,
        format(s["last_prompt"], ",")))
PY
