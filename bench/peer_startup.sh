#!/usr/bin/env bash
# Start-up and memory of pair and its peers (issue 8, item 5): `--version`, and one headless turn
# ("Say hello.") against a local recording endpoint that answers at once, each with its median
# wall time and peak RSS (bench_run_command: posix_spawn + wait4; peak RSS is the largest of the
# process and the children it waited for, e.g. Codex's node launcher and its native binary).
# A terminal UI's launch-to-prompt cannot be timed headlessly: the one-turn run stands in for it
# (it includes everything a launch does, plus one request and its answer).
#   bench/peer_startup.sh                pair: 300 / 100 runs; peers: 20 / 10 runs (installs them when missing)
#   BENCH_SMOKE=1 bench/peer_startup.sh  1 run each, no installs (peers not installed are skipped)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
source "$BENCH_DIR/peer_lib.sh" # before the harness moves HOME: the peers live under the real one
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
trap 'peers_endpoints_stop; _harness_cleanup' EXIT
runs_version=300 runs_turn=100 peer_runs_version=20 peer_runs_turn=10 warmup=2
if [[ "$BENCH_SMOKE" == 1 ]]; then runs_version=1 runs_turn=1 peer_runs_version=1 peer_runs_turn=1 warmup=0; fi

agents=(pair)
skipped=()
for name in $(peers_selected); do
  if [[ "$BENCH_SMOKE" != 1 ]]; then peer_install "$name" || true; fi
  if peer_bin "$name" >/dev/null; then agents+=("$name"); else skipped+=("$name"); fi
done

peers_endpoints_start "$T/endpoints"
git -C "$WS" commit -q --allow-empty -m "Initial commit"
printf '# Demo\n' >"$WS/README.md"
rows=()
for name in "${agents[@]}"; do
  home=$T/home-$name
  if [[ $name == pair ]]; then
    version=$("$PAIR_BIN" --version | cut -d' ' -f2)
    mkdir -p "$home/.config/pair"
    printf '[{"name": "local", "url": "%s/v1", "modelId": "%s", "purpose": "text"}]\n' "$PEER_CHAT_URL" "$PEER_MODEL" \
      >"$home/.config/pair/models.json"
    env_vars=(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
      XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache")
    bin=$PAIR_BIN turn_args=(-p "Say hello." --no-session) nv=$runs_version nt=$runs_turn
  else
    version=$(peer_version "$name")
    peer_setup "$name" "$home"
    peer_prompt_args "$name" "Say hello."
    env_vars=("${PEER_ENV[@]}") bin=$PEER_BIN turn_args=("${PEER_ARGS[@]}") nv=$peer_runs_version nt=$peer_runs_turn
  fi
  # In a subshell with the agent's environment exported, so nothing sits between the timer and the agent.
  (
    export "${env_vars[@]}"
    cd "$WS"
    # The agents' own stderr (banners, warnings) is not wanted here.
    "$BENCH_RUN_COMMAND" --json --runs "$nv" --warmup $warmup -- "$bin" --version >"$T/version.json" 2>/dev/null
    "$BENCH_RUN_COMMAND" --json --runs "$nt" --warmup $((warmup > 0)) -- "$bin" "${turn_args[@]}" >"$T/turn.json" 2>/dev/null
  ) || true
  v=$(cat "$T/version.json") t=$(cat "$T/turn.json")
  for j in "$v" "$t"; do
    [[ $(bench_json_field "$j" failures) == 0 ]] || echo "peer_startup: some runs of $name failed: $j" >&2
  done
  rows+=("$(printf '| %s %s | %.1f ms | %.1f MiB | %.0f ms (p10 %.0f, p90 %.0f) | %.1f MiB | %.0f ms | %s / %s |' "$name" "$version" \
    "$(bench_json_field "$v" median_ms)" "$(bench_json_field "$v" peak_rss_mib)" "$(bench_json_field "$t" median_ms)" \
    "$(bench_json_field "$t" p10_ms)" "$(bench_json_field "$t" p90_ms)" "$(bench_json_field "$t" peak_rss_mib)" \
    "$(bench_json_field "$t" median_cpu_ms)" "$nv" "$nt")")
done

bench_header "Start-up and memory of pair and its peers (issue 8, item 5)" "bench/peer_startup.sh"
echo "Medians; one turn = a headless run of \"Say hello.\" in a small git repository against a local"
echo "recording endpoint that answers at once (\"Done.\"); throwaway HOME per agent, warm file cache."
echo
echo "| agent | --version | --version peak RSS | one headless turn | one turn peak RSS | one turn CPU (user+sys) | runs |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
for name in "${skipped[@]}"; do
  echo
  echo "$name: skipped, not installed (\`bench/peers.sh install $name\` installs it; smoke runs never install)."
done
