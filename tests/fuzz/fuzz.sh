#!/usr/bin/env bash
# The libFuzzer targets in fuzz/, as part of the test command:
#   fuzz.sh build          configures and builds them all with clang (ASan + UBSan) in $PAIR_FUZZ_BUILD_DIR
#   fuzz.sh run NAME SECS  runs fuzz/NAME_fuzzer.cc's target for SECS seconds from a scratch copy of
#                          its seeds (fuzz/corpus/NAME); a finding fails, and its input is kept in
#                          $PAIR_FUZZ_BUILD_DIR/findings/
# The test run uses a fixed seed (PAIR_FUZZ_SEED, default 1) so that a test run explores the same
# inputs every time and a failure reproduces; exploring runs pass PAIR_FUZZ_SEED=0 (random).
set -euo pipefail
src=${PAIR_SOURCE_DIR:?}
build=${PAIR_FUZZ_BUILD_DIR:?}
case ${1:-} in
  build)
    command -v clang++-16 >/dev/null || { echo "clang++-16 is missing: scripts/deps.sh --test" >&2; exit 1; }
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
      -DPAIR_BUILD_FUZZERS=ON -DPAIR_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" --target fuzzers
    ;;
  run)
    name=$2 secs=$3
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp -r "$src/fuzz/corpus/$name" "$work/corpus"
    mkdir -p "$build/findings"
    if ! "$build/fuzz/${name}_fuzzer" -max_total_time="$secs" -seed="${PAIR_FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/findings/$name-" "$work/corpus" >"$work/log" 2>&1; then
      tail -60 "$work/log"
      echo "FAIL: ${name}_fuzzer found a problem; the input is in $build/findings/" >&2
      exit 1
    fi
    grep -E '^stat::number_of_executed_units|^Done' "$work/log" || true
    ;;
  *) echo "usage: fuzz.sh build | run NAME SECONDS" >&2; exit 2 ;;
esac
