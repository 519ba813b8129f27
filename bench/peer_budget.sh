#!/usr/bin/env bash
# Prompt budget of pair and of the agents users would pick instead: each runs one headless turn
# ("Fix the typo in README.md." in a small git repository) against a local recording endpoint
# that answers every request with a plain "Done.", in a throwaway HOME. The first request that
# carries tools (the agent's own) is split into system prompt, tool schemas and the rest, each
# counted with llama-tokenize and the Qwen2 vocab (as bench/prompt_budget.sh does for pair).
# Also counted: how many model requests the one-line task took, the tokens of all of them (what a
# server without a prompt cache would prefill), and how much of the first request stays the same
# when the turn runs in another repository (the part a warm server reuses across sessions).
#   bench/peer_budget.sh            installs the pinned peers when missing (bench/peers.sh)
#   BENCH_SMOKE=1 bench/peer_budget.sh   no installs: peers not installed are skipped, with a line
#   BENCH_KEEP=DIR bench/peer_budget.sh  also keeps every recorded request in DIR/<agent>/
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
bench_tokenizer_init
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

make_workspace() { # DIR: a small project with a typo in its README (its commit names the folder)
  rm -rf "$1" && mkdir -p "$1/src"
  printf '# Greeter\n\nA tiny programm that greets the user.\n\nBuild with `make`.\n' >"$1/README.md"
  printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >"$1/src/main.c"
  printf 'greet: src/main.c\n\tcc -o greet src/main.c\n' >"$1/Makefile"
  git -C "$1" init -q -b main && git -C "$1" add -A &&
    git -C "$1" -c user.email=b@example.com -c user.name=bench commit -q -m "Initial commit of $1"
}

task="Fix the typo in README.md."
# run_agent NAME DIR HOME: one headless turn of NAME in DIR/ws with its own endpoints; sets
# version, rc and log (the request log).
run_agent() {
  local name=$1 dir=$2 home=$3 cmd
  peers_endpoints_start "$dir"
  make_workspace "$dir/ws"
  if [[ $name == pair ]]; then
    version=$("$PAIR_BIN" --version | cut -d' ' -f2)
    mkdir -p "$home/.config/pair"
    printf '[{"name": "local", "url": "%s/v1", "modelId": "%s", "purpose": "text"}]\n' "$PEER_CHAT_URL" "$PEER_MODEL" \
      >"$home/.config/pair/models.json"
    cmd=(env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
      XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache" "$PAIR_BIN" -p "$task" --permission-mode bypass)
    log=$PEER_CHAT_LOG
  else
    version=$(peer_version "$name")
    peer_setup "$name" "$home"
    peer_prompt_args "$name" "$task"
    cmd=(env "${PEER_ENV[@]}" "$PEER_BIN" "${PEER_ARGS[@]}")
    log=$(peer_log "$name")
  fi
  set +e
  (cd "$dir/ws" && timeout 180 "${cmd[@]}" </dev/null >"$dir/out" 2>"$dir/err")
  rc=$?
  set -e
  peers_endpoints_stop
  if [[ $rc != 0 || ! -s "$log" ]]; then
    echo "peer_budget: $name exited with $rc; its stderr:" >&2
    tail -n 20 "$dir/err" >&2
    return 1
  fi
}

rows=()
for name in "${agents[@]}"; do
  dir=$T/budget/$name
  if ! run_agent "$name" "$dir" "$dir/home"; then
    rows+=("| $name $version | failed (exit $rc, see the log above) | | | | | | |")
    continue
  fi
  parts=$("$HARNESS_PY" "$BENCH_DIR/request_parts.py" "$log" "$dir/parts") || {
    rows+=("| $name $version | no request with tools was recorded | | | | | | |"); continue; }
  system=$(bench_count_tokens "$dir/parts/system.txt")
  tools=$(bench_count_tokens "$dir/parts/tools.json")
  rest=$(bench_count_tokens "$dir/parts/rest.txt")
  n=$(bench_json_field "$parts" requests)
  all=0
  for i in $(seq 1 "$n"); do all=$((all + $(bench_count_tokens "$dir/parts/request-$i.txt"))); done
  ntools=$("$HARNESS_PY" -c 'import json,sys; print(len(json.loads(sys.argv[1])["tools"]))' "$parts")
  kinds=$("$HARNESS_PY" -c 'import json,sys; print(", ".join(json.loads(sys.argv[1])["kinds"]))' "$parts")
  # The same turn in another project (another folder, another commit; the same user, so the same
  # HOME): how much of the first request is byte-identical, i.e. what a warm server could reuse
  # for a new session elsewhere.
  shared="failed"
  if run_agent "$name" "$dir/other-project" "$dir/home" && "$HARNESS_PY" "$BENCH_DIR/request_parts.py" "$log" "$dir/other-project/parts" >/dev/null; then
    "$HARNESS_PY" - "$dir/parts/main.txt" "$dir/other-project/parts/main.txt" "$dir/shared.txt" <<'PY'
import os, sys
a, b = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
n = len(os.path.commonprefix([a, b]))
open(sys.argv[3], "w", encoding="utf-8").write(a[:n])
PY
    shared=$(bench_fmt "$(bench_count_tokens "$dir/shared.txt")")
  fi
  rows+=("| $name $version | $(bench_fmt "$system") | $(bench_fmt "$tools") ($ntools) | **$(bench_fmt $((system + tools)))** | $(bench_fmt $((system + tools + rest))) | $shared | $n: $kinds | $(bench_fmt "$all") |")
  echo "$name: system $system, tools $tools ($ntools), rest $rest, $n requests ($kinds), all $all" >&2
done

# BENCH_KEEP=DIR keeps the recorded requests and their parts for a closer look.
[[ -n "${BENCH_KEEP:-}" ]] && mkdir -p "$BENCH_KEEP" && cp -r "$T/budget/." "$BENCH_KEEP/"
bench_header "Prompt budget of pair and its peers (issue 8, item 1)" "bench/peer_budget.sh"
echo "One headless turn, \"$task\", in a 3-file git repository; every request answered \"Done.\" by a local"
echo "recording endpoint (chat completions for pair, qwen-code, opencode; Anthropic Messages for Claude Code;"
echo "Responses for Codex; the Gemini API for Gemini CLI). Tokens: llama-tokenize, Qwen2 vocab; tool schemas counted as the JSON sent."
echo "\"The same in another project\": the byte-identical start of the first request (system prompt, tools,"
echo "messages, in that order) when the same turn runs in another repository: what a warm llama-server can"
echo "reuse when a new session starts elsewhere."
echo
echo "| agent | system prompt | tool schemas (tools) | system + tools | whole first agent request | of it, the same in another project | model requests for the task | tokens over all requests |"
echo "|---|---:|---:|---:|---:|---:|---|---:|"
printf '%s\n' "${rows[@]}"
for name in "${skipped[@]}"; do
  echo
  echo "$name: skipped, not installed (\`bench/peers.sh install $name\` installs it; smoke runs never install)."
done
