#!/usr/bin/env bash
# Builds pair for 64-bit ARM Linux (aarch64: Grace, Graviton, Ampere, Raspberry Pi 5) on an x86_64
# Debian/Ubuntu machine, runs the unit tests and a headless turn of that binary under qemu-user,
# and packs the arm64 packages (dist/pair-programmer-linux-arm64-<version>.tgz,
# dist/pair_<version>_arm64.deb) with scripts/package.sh. Installs what it needs first
# (scripts/deps.sh --arm64). The build is the portable one: only the C library family is linked
# dynamically.
#
#   PAIR_ARM64_BUILD_DIR   its build folder (build-arm64)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log() { printf '[arm64] %s\n' "$*" >&2; }

bash scripts/deps.sh --test
bash scripts/deps.sh --arm64
build=${PAIR_ARM64_BUILD_DIR:-$root/build-arm64}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
log "cross-building pair and its unit tests in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAIR_PORTABLE=ON \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" "${launcher[@]}" >/dev/null
cmake --build "$build" --target pair pair_tests

# qemu-user runs the arm64 programs; a wrapper stands in for the binary where a path is needed.
qemu=(qemu-aarch64-static -L /usr/aarch64-linux-gnu)
wrapper=$build/pair-under-qemu
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${qemu[*]}" "$build/src/app/pair" >"$wrapper"
chmod +x "$wrapper"
file "$build/src/app/pair" | grep -q 'ARM aarch64' || { log "$build/src/app/pair is not an aarch64 program"; exit 1; }

log "unit tests under qemu"
# The sandbox's own tests need bubblewrap to install a seccomp filter for the emulated
# architecture, which qemu-user cannot do; everything else runs.
"${qemu[@]}" "$build/tests/pair_tests" --gtest_brief=1 --gtest_filter='-Sandbox*:*Seccomp*'

log "a headless turn under qemu"
PAIR_BIN=$wrapper PAIR_SOURCE_DIR=$root bash tests/integration/test_headless_tool_session.sh

log "packages"
PAIR_PACKAGE_BUILD_DIR=$build PAIR_PACKAGE_ARCH=arm64 PAIR_PACKAGE_STRIP=aarch64-linux-gnu-strip \
  bash scripts/package.sh
