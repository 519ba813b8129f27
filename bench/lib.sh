# shellcheck shell=bash
# Shared by the benchmark scripts: where things are, machine facts, Markdown output.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PAIR_SOURCE_DIR=${PAIR_SOURCE_DIR:-$(cd "$BENCH_DIR/.." && pwd)}
BENCH_SMOKE=${BENCH_SMOKE:-0}

# bench_build: sets PAIR_BIN, BENCH_RUN_COMMAND and BENCH_PTY_SESSION, building a Release pair when not given.
bench_build() {
  if [[ -z "${PAIR_BIN:-}" || -z "${BENCH_RUN_COMMAND:-}" || -z "${BENCH_PTY_SESSION:-}" ]]; then
    cmake -S "$PAIR_SOURCE_DIR" -B "$PAIR_SOURCE_DIR/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPAIR_BUILD_TESTS=OFF >/dev/null
    cmake --build "$PAIR_SOURCE_DIR/build-bench" --target pair bench_run_command bench_pty_session >/dev/null
    PAIR_BIN=$PAIR_SOURCE_DIR/build-bench/src/app/pair
    BENCH_RUN_COMMAND=$PAIR_SOURCE_DIR/build-bench/bench/bench_run_command
    BENCH_PTY_SESSION=$PAIR_SOURCE_DIR/build-bench/bench/bench_pty_session
  fi
  export PAIR_BIN BENCH_RUN_COMMAND BENCH_PTY_SESSION
}

# One line describing this machine, for RESULTS.md.
bench_machine() {
  local cpu cores mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  cores=$(nproc)
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  echo "$cpu, $cores cores, $mem RAM, $(uname -sr)"
}

# The commit that holds these benchmark scripts, "-dirty" when they (or anything else in the
# checkout) differ from it: RESULTS.md stamps each table with it, so a figure can be traced to the
# script that produced it.
bench_scripts_commit() {
  git -C "$PAIR_SOURCE_DIR" describe --always --dirty 2>/dev/null || echo "unknown (not a git checkout)"
}

bench_header() { # bench_header TITLE COMMAND
  echo
  echo "### $1"
  echo
  echo "$(date -u +%Y-%m-%d), $(bench_machine), pair $("$PAIR_BIN" --version | cut -d' ' -f2), scripts at $(bench_scripts_commit)."
  echo "Reproduce: \`$2\`"
  echo
}

# bench_json_field JSON FIELD
bench_json_field() { "${HARNESS_PY:-python3}" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# bench_tokenizer_init: finds llama-tokenize and the Qwen2 vocab (building llama.cpp on first use).
# Call it before anything points HOME elsewhere (the harness does); bench_count_tokens FILE then
# prints the file's token count.
bench_tokenizer_init() {
  if [[ -z "${BENCH_LLAMA_PREFIX:-}" ]]; then
    local out
    out=$(bash "$PAIR_SOURCE_DIR/scripts/llama-cpp.sh")
    BENCH_LLAMA_PREFIX=${out##*$'\n'}
  fi
  export BENCH_LLAMA_PREFIX
}
bench_count_tokens() {
  if [[ ! -s "$1" ]]; then echo 0; return; fi
  "$BENCH_LLAMA_PREFIX/bin/llama-tokenize" -m "$BENCH_LLAMA_PREFIX/source/models/ggml-vocab-qwen2.gguf" \
    -f "$1" --ids --show-count --log-disable --no-escape | sed -n 's/^Total number of tokens: //p'
}

# bench_fmt N: 12345 -> 12,345
bench_fmt() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
