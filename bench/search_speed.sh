#!/usr/bin/env bash
# Search speed (issue 8, item 6): pair's search_files against plain ripgrep on a large tree (a
# clone of llama.cpp's source, 3,600 files; or BENCH_SEARCH_TREE=DIR, e.g. an unpacked
# linux-source tree). For each pattern:
#   rg               plain `rg -n PATTERN` in the tree (ripgrep's defaults: parallel, unsorted)
#   rg, pair's flags the exact command search_files runs (--sort path etc.; see src/tools/search_files.cc)
#   pair             a headless turn whose only tool call is search_files {pattern}, minus the same
#                    turn calling read_file on a one-line file (pair's start, two requests, the answer)
# Medians (bench_run_command).
#   bench/search_speed.sh                20 runs each
#   BENCH_SMOKE=1 bench/search_speed.sh  2 runs each
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
runs=20
[[ "$BENCH_SMOKE" == 1 ]] && runs=2
tree=${BENCH_SEARCH_TREE:-}
src=""
[[ -z "$tree" ]] && src=$(bash "$PAIR_SOURCE_DIR/scripts/llama-cpp.sh" --source-only | tail -n 1)
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
if [[ -z "$tree" ]]; then
  tree=$T/llama.cpp
  git -c advice.detachedHead=false clone -q "$src" "$tree"
fi
files=$(cd "$tree" && rg --files | wc -l)
bytes=$(cd "$tree" && rg --files -0 | xargs -0 cat | wc -c)
echo "one line" >"$tree/.bench-one-line.txt"
mkdir -p "$XDG_CONFIG_HOME/pair"

patterns=("gguf_init_from_file_impl" "n_tensors" "TODO|FIXME" "\\bstruct [a-z_]+_context\\b")
pair_flags=(--hidden --no-require-git --glob '!.git' --line-number --no-heading --with-filename --color never
  --max-columns 300 --max-columns-preview --sort path)

turn() { # TOOL_CALL_JSON OUT_FILE: median of pair turns that make this one tool call
  "$HARNESS_PY" -c 'import json,sys; call=json.loads(sys.argv[1]); n=int(sys.argv[2]); json.dump({"responses": [{"tool_calls": [call]}, {"text": "Done."}] * n}, open(sys.argv[3], "w"))' \
    "$1" $((runs + 1)) "$T/s.json"
  scripted_start "$T/s.json"
  printf '[{"name": "local", "url": "%s/v1", "modelId": "test-model", "purpose": "text"}]\n' "$URL" \
    >"$XDG_CONFIG_HOME/pair/models.json"
  (cd "$tree" && "$BENCH_RUN_COMMAND" --json --runs $runs --warmup 1 -- "$PAIR_BIN" -p "Search." --no-session) >"$2"
  scripted_stop
}

turn '{"name": "read_file", "arguments": {"path": ".bench-one-line.txt"}}' "$T/base.json"
base=$(bench_json_field "$(cat "$T/base.json")" median_ms)
rows=()
for p in "${patterns[@]}"; do
  matches=$(cd "$tree" && rg -n -e "$p" | wc -l)
  plain=$(cd "$tree" && "$BENCH_RUN_COMMAND" --json --runs $runs --warmup 1 -- rg -n -e "$p")
  flags=$(cd "$tree" && "$BENCH_RUN_COMMAND" --json --runs $runs --warmup 1 -- rg "${pair_flags[@]}" -e "$p")
  turn "$("$HARNESS_PY" -c 'import json,sys; print(json.dumps({"name": "search_files", "arguments": {"pattern": sys.argv[1]}}))' "$p")" "$T/turn.json"
  t=$(cat "$T/turn.json")
  [[ $(bench_json_field "$t" failures) == 0 ]] || { echo "search_speed: pair runs failed" >&2; exit 1; }
  shown=${p//|/\\|} # a | would end the table cell
  rows+=("$(printf '| `%s` | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |' "$shown" "$matches" \
    "$(bench_json_field "$plain" median_ms)" "$(bench_json_field "$flags" median_ms)" \
    "$(bench_json_field "$t" median_ms)" "$("$HARNESS_PY" -c "print($(bench_json_field "$t" median_ms) - $base)")")")
done

bench_header "Search speed: search_files vs ripgrep (issue 8, item 6)" "bench/search_speed.sh"
what="a clone of the llama.cpp source tree (node-llama-cpp 3.22.1)"
[[ -n "${BENCH_SEARCH_TREE:-}" ]] && what=$BENCH_SEARCH_TREE
echo "Tree: $what, $files files searched, $((bytes / 1048576)) MiB;"
echo "$(rg --version | head -1); medians of $runs runs, warm file cache. The pair turn without the search"
echo "(read_file of a one-line file) took $(printf '%.1f' "$base") ms; the last column is the difference."
echo
echo "| pattern | matches | rg | rg with pair's flags | pair turn with search_files | search_files (turn minus base) |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
