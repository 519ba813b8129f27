#!/usr/bin/env bash
# Runs the checks listed in .clang-tidy over every source file of the build (compile_commands.json
# in $PAIR_BUILD_DIR). clang-tidy 16 with GCC 12's libstdc++: C++23 mode is spelled c++2b there,
# and libstdc++ guards <expected> behind the C++20 concepts feature level that clang 16 has but
# does not yet advertise.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${PAIR_BUILD_DIR:-$root/build}
cd "$root"
[[ -f "$build/compile_commands.json" ]] || { echo "no $build/compile_commands.json" >&2; exit 1; }
git ls-files -co --exclude-standard -- 'src/*.cc' 'bench/*.cc' |
  xargs -P "$(nproc)" -n 4 clang-tidy-16 -p "$build" --quiet --extra-arg=-std=c++2b \
    --extra-arg=-U__cpp_concepts --extra-arg=-D__cpp_concepts=202002L
echo "clang-tidy ok"
