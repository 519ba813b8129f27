#!/usr/bin/env bash
# The same short coding turn through pair and each peer, replayed on llama-server (issue 8,
# item 2, peers): bench/peer_session.py scripts one user turn (read, search, git, edit, a Python
# check, diff, answer) in each agent's own tool vocabulary on a clone of llama.cpp's source; the
# agent runs the real tools against a recording endpoint in its own wire format (chat
# completions, Anthropic Messages, Responses), and every request it sent, side requests included,
# is replayed in order on llama-server (bench/replay.py; -c 65536 --parallel 1, the same
# random-weight model as bench/session_replay.sh).
#   bench/peer_session.sh                installs the pinned peers when missing
#   BENCH_SMOKE=1 bench/peer_session.sh  no installs; every installed agent runs its turn, but only
#                                        pair's first request is replayed
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"
pair_ensure_llama || exit 1
ctx=65536
model=${BENCH_REPLAY_MODEL:-}
[[ -n "$model" ]] || model=$(pair_ensure_tiny_model bench-replay --context $ctx) || exit 1
src=$(bash "$PAIR_SOURCE_DIR/scripts/llama-cpp.sh" --source-only | tail -n 1)
source "$BENCH_DIR/peer_lib.sh" # before the harness moves HOME: the peers live under the real one
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
trap 'peers_endpoints_stop; _harness_cleanup' EXIT

agents=(pair)
skipped=()
for name in $(peers_selected); do
  if [[ "$BENCH_SMOKE" != 1 ]]; then peer_install "$name" || true; fi
  if peer_bin "$name" >/dev/null; then agents+=("$name"); else skipped+=("$name"); fi
done
limit=0
[[ "$BENCH_SMOKE" == 1 ]] && limit=1
prompt=$("$HARNESS_PY" "$BENCH_DIR/peer_session.py" prompt)

rows=()
for name in "${agents[@]}"; do
  dir=$T/session/$name
  mkdir -p "$dir"
  ws=$dir/llama.cpp
  git -c advice.detachedHead=false clone -q "$src" "$ws"
  "$HARNESS_PY" "$BENCH_DIR/peer_session.py" "$name" "$ws" >"$dir/script.json"
  # The script drives whichever endpoint the agent talks to; the other one stays idle.
  peers_endpoints_start "$dir" "$dir/script.json"
  if [[ $name == pair ]]; then
    version=$("$PAIR_BIN" --version | cut -d' ' -f2)
    home=$dir/home
    mkdir -p "$home/.config/pair"
    printf '[{"name": "local", "url": "%s/v1", "modelId": "%s", "purpose": "text"}]\n' "$PEER_CHAT_URL" "$PEER_MODEL" \
      >"$home/.config/pair/models.json"
    cmd=(env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
      XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache" "$PAIR_BIN" -p "$prompt" --permission-mode bypass)
    log=$PEER_CHAT_LOG
  else
    version=$(peer_version "$name")
    peer_setup "$name" "$dir/home"
    peer_session_args "$name" "$prompt"
    cmd=(env "${PEER_ENV[@]}" "$PEER_BIN" "${PEER_ARGS[@]}")
    log=$(peer_log "$name")
  fi
  set +e
  (cd "$ws" && timeout 300 "${cmd[@]}" </dev/null >"$dir/out" 2>"$dir/err")
  rc=$?
  set -e
  peers_endpoints_stop
  edited=no
  grep -q "runs past the end of the file" "$ws/gguf-py/gguf/gguf_reader.py" && edited=yes
  requests=$("$HARNESS_PY" "$BENCH_DIR/request_parts.py" "$log" "$dir/parts" || true)
  if [[ -z "$requests" ]]; then
    echo "peer_session: $name (exit $rc) sent no request with tools; its stderr:" >&2
    tail -n 20 "$dir/err" >&2
    rows+=("| $name $version | failed: exit $rc, no request recorded | | | | | | | | |")
    continue
  fi
  if [[ $name == gemini-cli ]]; then # llama-server serves chat completions, Messages and Responses only
    rows+=("| $name $version | $(bench_json_field "$requests" requests) recorded; not replayed: llama-server has no Gemini API endpoint | | | | | | | | exit $rc, edit made: $edited |")
    continue
  fi
  if [[ $limit != 0 && $name != pair ]]; then
    rows+=("| $name $version | $(bench_json_field "$requests" requests) recorded, not replayed (smoke) | | | | | | | | exit $rc, edit made: $edited |")
    continue
  fi
  # shellcheck disable=SC2086
  pair_start_llama_server "$model" -c $ctx --parallel 1 --metrics ${BENCH_REPLAY_ARGS:-} >/dev/null || exit 1
  set +e
  "$HARNESS_PY" "$BENCH_DIR/replay.py" --url "$PAIR_LLAMA_URL" --log "$log" --script "$dir/script.json" \
    --limit $limit --out "$dir/replay.jsonl" >"$dir/summary.json" 2>"$dir/replay.err"
  replay_rc=$?
  set -e
  pair_stop_llama_server
  if [[ $replay_rc != 0 ]]; then
    rows+=("| $name $version | replay failed: $(tr '\n|' '  ' <"$dir/replay.err" | cut -c1-200) | | | | | | | | |")
    continue
  fi
  rows+=("$("$HARNESS_PY" - "$name $version" "$requests" "$(cat "$dir/summary.json")" "$rc" "$edited" <<'PY'
import json, sys
name, parts, s, rc, edited = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
side = sum(1 for k in parts["kinds"] if k != "agent")
print("| %s | %d (%d side) | %s | %s | %s | %s | %.1f%% | %.1f%% | %.1f s | exit %s, edit made: %s |" % (
    name, parts["requests"], side, format(s["first_prompt"], ","), format(s["prompt_tokens"], ","),
    format(s["processed"], ","), format(s["reused"], ","), s["reuse_after_first_pct"], s["prior_reuse_pct"],
    (s["prompt_ms"] or 0) / 1000, rc, edited))
PY
)")
  [[ -n "${BENCH_KEEP:-}" ]] && mkdir -p "$BENCH_KEEP/$name" && cp -r "$dir"/{parts,replay.jsonl,summary.json,chat.jsonl,endpoint.jsonl,err,out} "$BENCH_KEEP/$name/" 2>/dev/null
done

bench_header "The same coding turn through each agent, replayed on llama-server (issue 8, item 2)" "bench/peer_session.sh"
echo "One user turn scripted in each agent's own tools (read, search, git, edit, Python check, diff, answer),"
echo "real tools on a clone of llama.cpp's source; every request the agent sent (side requests too) replayed"
echo "in order on llama-server -c $ctx --parallel 1, model \`$(basename "$model")\` (random weights)."
echo "Token counts are the server's (its chat template renders the tools, so they exceed the JSON counts above)."
[[ $limit != 0 ]] && echo "Smoke run: only pair's first request was replayed."
echo
echo "| agent | requests | first request | prompt tokens (all) | processed | reused | reuse after the first | previous prompt reused | server prompt time | run |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
for name in "${skipped[@]}"; do
  echo
  echo "$name: skipped, not installed (\`bench/peers.sh install $name\` installs it; smoke runs never install)."
done
