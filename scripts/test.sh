#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against a scripted server, and the tests against a
# real llama-server (built from source once and cached outside the checkout). Installs what the
# tests need first. The summary is CTest's.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --test
bash scripts/llama-cpp.sh >/dev/null
# Both builds go through ccache, with paths taken relative to the checkout, so that a rerun (or a clone
# elsewhere) compiles only what changed.
export CCACHE_BASEDIR=$PWD
# The linux-arm64 build, cross-compiled here (its tests run under qemu-user as arm64.cross).
PAIR_ARM64_BUILD_DIR=build-test-arm64 bash scripts/cross-arm64.sh --build-only

# The binary under test is the one that ships (PAIR_PORTABLE: only the C library family linked
# dynamically), so the package test packs this build instead of compiling pair a second time.
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAIR_PORTABLE=ON \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build-test
# bubblewrap runs here: a sandbox test that finds it unable to run fails rather than skips.
export PAIR_REQUIRE_SANDBOX=1
ctest --test-dir build-test --output-on-failure -j2 "$@"
