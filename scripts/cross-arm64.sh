#!/usr/bin/env bash
# Builds pair for 64-bit ARM Linux (aarch64: Grace, Graviton, Ampere, Raspberry Pi 5) on an x86_64
# Debian/Ubuntu machine, checks that binary (an aarch64 program that needs only the C library
# family), runs its unit tests and a headless turn under qemu-user, and packs the arm64 packages
# (dist/pair-programmer-linux-arm64-<version>.tgz, dist/pair_<version>_arm64.deb: their binaries
# run under qemu, lintian checks the .deb) with scripts/package.sh. Installs what it needs first
# (scripts/deps.sh --arm64). The build is the portable one: only the C library family is linked
# dynamically. Each step prints how long it took.
#
#   PAIR_ARM64_BUILD_DIR   its build folder (build-arm64)
#   PAIR_ARM64_JOBS        how many unit-test shards run at once under qemu (the number of CPUs)
#   PAIR_ARM64_NO_PACKAGES set to 1 to stop after the tests
#
#   scripts/cross-arm64.sh --build-only   installs and builds, nothing more (the test command builds
#                                         first, then CTest runs this script as the arm64.cross test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log() { printf '[arm64] %s\n' "$*" >&2; }
die() { printf 'cross-arm64.sh: %s\n' "$*" >&2; exit 1; }
took() { log "$1 took $((SECONDS - step_start)) s"; step_start=$SECONDS; }

bash scripts/deps.sh --test
bash scripts/deps.sh --arm64
step_start=$SECONDS
build=${PAIR_ARM64_BUILD_DIR:-$root/build-arm64}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
log "cross-building pair and its unit tests in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAIR_PORTABLE=ON \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" "${launcher[@]}" >/dev/null
cmake --build "$build" --target pair pair_tests
took "the build"
[[ "${1:-}" == "--build-only" ]] && exit 0

# The binary: an aarch64 program whose only libraries are the C library family (libcurl is loaded
# at run time), with no glibc symbol newer than Debian 12's 2.36.
bin=$build/src/app/pair
file "$bin" | grep -q 'ARM aarch64' || die "$bin is not an aarch64 program: $(file -b "$bin")"
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | paste -sd' ' -)
for lib in $needed; do
  case "$lib" in
    libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | libresolv.so.2 | ld-linux-*.so.*) ;;
    *) die "$bin needs $lib (allowed: the C library family); readelf -d lists: $needed" ;;
  esac
done
newest=$(aarch64-linux-gnu-objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
[[ $(printf '%s\n' "$newest" 2.36 | sort -V | tail -1) == 2.36 ]] || die "$bin needs glibc $newest (over 2.36)"
log "$bin: aarch64, needs only $needed (glibc $newest at most)"

# qemu-user runs the arm64 programs with the loader and C library of libc6:arm64 (which the arm64
# -dev packages pull in), as cmake/aarch64-linux-gnu.cmake explains: "-L /" is no prefix, so the
# cross toolchain's loader in /usr/aarch64-linux-gnu (of another glibc build) is not mixed in.
[[ -e /lib/ld-linux-aarch64.so.1 ]] ||
  die "the arm64 C library is missing (/lib/ld-linux-aarch64.so.1); install it with: apt-get install libc6:arm64"
qemu=(qemu-aarch64-static -L /)
# A wrapper stands in for the binary where a path is needed (the integration harness's PAIR_BIN).
wrapper=$build/pair-under-qemu
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${qemu[*]}" "$bin" >"$wrapper"
chmod +x "$wrapper"

# The unit tests in shards that run side by side (one qemu each): emulation makes them several times
# slower than natively. The sandbox must run (PAIR_REQUIRE_SANDBOX=1): its filter covers the
# host's x86-64 programs that an emulated pair starts (tools/sandbox_seccomp.h). Left out, each for a limit of the emulation rather than of pair:
#   - bounds on wall-clock time (a huge code block streamed, huge diffs): emulated code is slower
#     than they allow;
#   - SubprocessTest.MissingProgramIsAnError: qemu-user runs posix_spawn's clone(CLONE_VFORK) as a
#     plain fork, so a program that is not there shows as exit status 127 instead of ENOENT.
emulation_limits='Markdown.AHugeCodeBlockStreamsInLinearTime:UnifiedDiffTest.Huge*:SubprocessTest.MissingProgramIsAnError'
jobs=${PAIR_ARM64_JOBS:-$(nproc)}
shards=$build/unit-shards
rm -rf "$shards" && mkdir -p "$shards"
log "unit tests under qemu, $jobs shards at a time"
pids=()
for ((i = 0; i < jobs; i++)); do
  PAIR_REQUIRE_SANDBOX=1 GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$i timeout 1200 "${qemu[@]}" "$build/tests/pair_tests" \
    --gtest_brief=1 --gtest_filter="-$emulation_limits" >"$shards/$i.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  [[ $rc == 0 ]] && continue
  failed=1
  [[ $rc == 124 ]] && log "unit-test shard $i did not finish in 20 minutes (a hang under qemu?)"
  log "unit-test shard $i failed ($shards/$i.log):"
  tail -40 "$shards/$i.log" >&2
done
[[ $failed == 0 ]] || die "unit tests failed under qemu"
log "unit tests: $(cat "$shards"/*.log | grep -o '\[  PASSED  \] [0-9]*' | awk '{n += $4} END {print n}') passed"
took "the unit tests under qemu"

log "a headless turn under qemu"
PAIR_REQUIRE_SANDBOX=1 PAIR_BIN=$wrapper PAIR_SOURCE_DIR=$root timeout 600 bash tests/integration/test_headless_tool_session.sh
took "the headless turn under qemu"

[[ ${PAIR_ARM64_NO_PACKAGES:-} == 1 ]] && exit 0
log "packages"
PAIR_PACKAGE_BUILD_DIR=$build PAIR_PACKAGE_ARCH=arm64 PAIR_PACKAGE_STRIP=aarch64-linux-gnu-strip \
  bash scripts/package.sh
version=$(sed -n 's/^project(pair VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
dist=${PAIR_PACKAGE_DIST:-$root/dist}
deb=$dist/pair_${version}_arm64.deb
[[ $(dpkg-deb -f "$deb" Architecture) == arm64 ]] || die "$deb is not an arm64 package"
# The packaged binaries (stripped) run and carry the version.
unpacked=$build/package-check
rm -rf "$unpacked" && mkdir -p "$unpacked/deb" "$unpacked/npm"
dpkg-deb -x "$deb" "$unpacked/deb"
tar -xzf "$dist/pair-programmer-linux-arm64-$version.tgz" -C "$unpacked/npm"
for packaged in "$unpacked/deb/usr/bin/pair" "$unpacked/npm/package/bin/pair"; do
  said=$("${qemu[@]}" "$packaged" --version) || die "$packaged does not run under qemu"
  [[ $said == "pair $version "* ]] || die "$packaged --version says \"$said\", not pair $version"
done
lintian --fail-on error --tag-display-limit 0 "$deb" >&2 || die "lintian found errors in $deb"
took "packaging and lintian"
