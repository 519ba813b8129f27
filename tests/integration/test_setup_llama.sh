#!/usr/bin/env bash
# pair setup llama.cpp: the installed pair builds (or finds) llama.cpp itself with the build script
# that the install rules put at <prefix>/share/pair/llama-cpp.sh. Stand-in scripts
# (PAIR_LLAMA_SCRIPT) check the progress passed through, a failed build and the report of what was
# built; a pair without the script says where it looked and what to do; `cmake --install` into a
# temporary prefix puts the script where the installed pair finds it, and that pair runs the real
# script (a no-op against the llama.cpp build the tests already use).
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
real_cache=${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}
pair_ensure_llama || fail "llama.cpp is not available"
real_prefix=$PAIR_LLAMA_PREFIX
harness_init
unset PAIR_LLAMA_SERVER PAIR_LLAMA_SCRIPT
export PAIR_LLAMA_PREFIX=$T/llama

# 1. A build: its progress is passed on, then what was built is reported.
cat >"$T/fake-build.sh" <<'SH'
echo '[llama.cpp] building llama-server llama-quantize llama-tokenize (cpu, 2 jobs)' >&2
p="$PAIR_LLAMA_PREFIX/3.22.1-abc1234-cpu"
mkdir -p "$p/bin" && touch "$p/bin/llama-server" "$p/.complete"
echo "$p"
SH
PAIR_LLAMA_SCRIPT=$T/fake-build.sh run_pair setup llama.cpp
assert_rc 0 "setup with a working build script"
assert_contains "$ERR" "[llama.cpp] building llama-server llama-quantize llama-tokenize (cpu, 2 jobs)"
assert_contains "$OUT" "llama.cpp is ready: llama-server 3.22.1-abc1234 (cpu) at $T/llama/3.22.1-abc1234-cpu/bin/llama-server"
pass "setup llama.cpp runs the build script, passes its progress on and reports the build"

# 2. A failed build says so, with the script's last words.
printf '%s\n' "echo '[llama.cpp] npm is needed to fetch the llama.cpp source (apt-get install npm)' >&2" 'exit 1' \
  >"$T/fail-build.sh"
PAIR_LLAMA_SCRIPT=$T/fail-build.sh run_pair setup llama.cpp
assert_rc 1 "a failed build"
assert_contains "$ERR" "failed (exit 1): [llama.cpp] npm is needed to fetch the llama.cpp source"
pass "a failed build is an error naming the cause"

# 3. A pair with no script beside it: where it looked and what to do.
mkdir -p "$T/lone/bin" && cp "$PAIR_BIN" "$T/lone/bin/pair"
set +e
(cd "$WS" && "$T/lone/bin/pair" setup llama.cpp >"$T/out" 2>"$T/err")
RC=$?
set -e
ERR=$(cat "$T/err")
assert_rc 2 "no build script"
assert_contains "$ERR" "the llama.cpp build script (llama-cpp.sh) was not found; looked at $T/lone/share/pair/llama-cpp.sh"
assert_contains "$ERR" "set PAIR_LLAMA_SCRIPT to the script's path"
pass "without the script: where it looked and what to do"

# 4. The install rules put the script where the installed pair looks, and that pair runs it.
build=$(dirname "$PAIR_BIN")
while [[ "$build" != / && ! -f "$build/CMakeCache.txt" ]]; do build=$(dirname "$build"); done
[[ -f "$build/CMakeCache.txt" ]] || fail "no build folder above $PAIR_BIN"
cmake --install "$build" --prefix "$T/prefix" >"$T/install.log" 2>&1 || fail "cmake --install: $(cat "$T/install.log")"
[[ -x "$T/prefix/share/pair/llama-cpp.sh" ]] || fail "the install put no executable share/pair/llama-cpp.sh"
cmp -s "$root/scripts/llama-cpp.sh" "$T/prefix/share/pair/llama-cpp.sh" || fail "the installed script differs"
backend=cpu
grep -q '"cuda"' "$real_prefix/build.json" && backend=cuda
set +e
(cd "$WS" && PAIR_LLAMA_PREFIX=$(dirname "$real_prefix") PAIR_CACHE_DIR=$real_cache PAIR_LLAMA_BACKEND=$backend \
  "$T/prefix/bin/pair" setup llama.cpp >"$T/out" 2>"$T/err")
RC=$?
set -e
OUT=$(cat "$T/out")
ERR=$(cat "$T/err")
assert_rc 0 "the installed pair with the installed script: $ERR"
assert_contains "$ERR" "Building llama.cpp with $T/prefix/share/pair/llama-cpp.sh"
assert_contains "$OUT" "llama.cpp is ready: llama-server "
assert_contains "$OUT" "at $real_prefix/bin/llama-server"
pass "cmake --install puts the script at share/pair/llama-cpp.sh, where the installed pair runs it"
