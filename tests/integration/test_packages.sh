#!/usr/bin/env bash
# The packages users install, as they install them: scripts/package.sh writes the npm packages and
# the .deb; the portable binary links only the C library family; `npm install -g` of the two .tgz
# files (offline, from disk) gives a `pair` that answers --version and a headless turn with only the
# install's bin and the system directories on PATH; the .deb's files, unpacked into a scratch root,
# do the same; `pair setup llama.cpp` of each finds the build script it ships; lintian finds no error.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
build=${PAIR_BUILD_DIR:-$root/build}
for tool in npm node dpkg-deb lintian readelf objdump; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh --test installs what the tests need)"
done

# 1. Packaging, with the user's own HOME still in place: the compiler cache and the VS Code
#    extension's npm tooling are cached there. The portable build sits beside this build folder
#    (build-test-portable beside build-test), at the depth of build-portable, so that ccache,
#    which keys on relative paths, serves either from the other.
portable_build=$build-portable
# The test command's build is portable itself: packed as it is, not compiled a second time.
grep -qx 'PAIR_PORTABLE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null && portable_build=$build
dist=$build/dist
rm -rf "$dist"
started=$(date +%s)
PAIR_PACKAGE_BUILD_DIR=$portable_build PAIR_PACKAGE_DIST=$dist bash "$root/scripts/package.sh" \
  >"$build/package.log" 2>&1 || { tail -40 "$build/package.log" >&2; fail "scripts/package.sh failed (log: $build/package.log)"; }
echo "scripts/package.sh took $(($(date +%s) - started)) s"
harness_init
version=$(sed -n 's/^project(pair VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
arch=$(dpkg --print-architecture)
cpu=x64
[[ $arch == arm64 ]] && cpu=arm64
main_tgz=$dist/pair-programmer-$version.tgz
platform_tgz=$dist/pair-programmer-linux-$cpu-$version.tgz
deb=$dist/pair_${version}_$arch.deb
for f in "$main_tgz" "$platform_tgz" "$deb"; do [[ -f $f ]] || fail "scripts/package.sh wrote no $f"; done
pass "scripts/package.sh wrote $(cd "$dist" && echo *)"

# 2. The portable binary: no library outside the C library family (libcurl is loaded at run time),
#    and no glibc symbol newer than Debian 12's 2.36.
portable=$portable_build/src/app/pair
needed=$(readelf -d "$portable" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | paste -sd' ' -)
[[ -n $needed ]] || fail "readelf lists no NEEDED entry for $portable"
for lib in $needed; do
  case "$lib" in
    libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | libresolv.so.2 | ld-linux-*.so.*) ;;
    *) fail "the portable binary needs $lib (allowed: the C library family); readelf -d lists: $needed" ;;
  esac
done
ldd_out=$(ldd "$portable")
while read -r lib _; do
  case "$lib" in
    linux-vdso.so.1 | libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | libresolv.so.2 | /lib*/ld-linux-*) ;;
    *) fail "ldd lists $lib for the portable binary: $ldd_out" ;;
  esac
done <<<"$ldd_out"
grep -q 'libcurl.so.4' "$portable" || fail "the portable binary does not name libcurl.so.4 (it loads it at run time)"
newest=$(objdump -T "$portable" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
[[ $(printf '%s\n' "$newest" 2.36 | sort -V | tail -1) == 2.36 ]] || fail "the binary needs glibc $newest (over 2.36)"
pass "the portable binary needs only $needed (glibc $newest at most); libcurl.so.4 at run time"

# The same turn for each installed pair: ITS_PAIR runs with PATH holding only DIR and the system's.
script_turn() {
  printf '{"responses": [{"text": "packaged hello"}]}' >"$T/s.json"
  scripted_start "$T/s.json"
  use_model "$URL/v1"
}
run_installed() { # run_installed PAIR_PATH PATH_DIR ARGS...
  local pair=$1 dir=$2
  shift 2
  set +e
  (cd "$WS" && env PATH="$dir:/usr/local/bin:/usr/bin:/bin" "$pair" "$@" </dev/null >"$T/out" 2>"$T/err")
  RC=$?
  set -e
  OUT=$(cat "$T/out")
  ERR=$(cat "$T/err")
}
# A stand-in llama.cpp build that the real build script takes as complete, so that
# `pair setup llama.cpp` runs the packaged script to its end without building anything.
llama_version=$(sed -n 's/^NODE_LLAMA_CPP_VERSION=//p' "$root/scripts/llama-cpp.sh")
src=$T/llama-cache/llama.cpp-src-$llama_version
mkdir -p "$src"
git -C "$src" init -q && git -C "$src" -c user.email=t@t -c user.name=t commit -q --allow-empty -m source
touch "$src/.complete"
release=$(git -C "$src" rev-parse --short=7 HEAD)
llama_prefix=$T/llama/$llama_version-$release-cpu
mkdir -p "$llama_prefix/bin" && touch "$llama_prefix/bin/llama-server" "$llama_prefix/.complete"
check_setup() { # check_setup PAIR_PATH PATH_DIR EXPECTED_SCRIPT
  run_installed "$1" "$2" setup llama.cpp
  assert_rc 0 "pair setup llama.cpp with the packaged script"
  assert_contains "$ERR" "Building llama.cpp with $3"
  assert_contains "$OUT" "llama.cpp is ready: llama-server $llama_version-$release (cpu) at $llama_prefix/bin/llama-server"
}
export PAIR_CACHE_DIR=$T/llama-cache PAIR_LLAMA_PREFIX=$T/llama PAIR_LLAMA_BACKEND=cpu
unset PAIR_LLAMA_SCRIPT PAIR_LLAMA_SERVER

# 3. npm, offline, from the files.
npm_prefix=$T/npm
npm install -g --prefix "$npm_prefix" --offline --cache "$T/npm-cache" --no-audit --no-fund --loglevel=error \
  "$platform_tgz" "$main_tgz" >"$T/npm.log" 2>&1 || fail "npm install -g failed: $(cat "$T/npm.log")"
[[ -x $npm_prefix/bin/pair ]] || fail "npm install -g put no pair in $npm_prefix/bin"
run_installed pair "$npm_prefix/bin" --version
assert_rc 0 "the npm pair's --version"
assert_contains "$OUT" "pair $version (commit "
pass "npm install -g from the two files: pair --version says $OUT"
script_turn
run_installed pair "$npm_prefix/bin" -p "hello" --no-session
assert_rc 0 "a headless turn of the npm pair"
assert_eq "$OUT" "packaged hello"
pass "the npm pair runs a headless turn against the scripted server"
platform_dir=$npm_prefix/lib/node_modules/pair-programmer-linux-$cpu
[[ -d $platform_dir ]] || platform_dir=$npm_prefix/lib/node_modules/pair-programmer/node_modules/pair-programmer-linux-$cpu
check_setup pair "$npm_prefix/bin" "$platform_dir/share/pair/llama-cpp.sh"
[[ -f "$platform_dir/share/pair/models-catalog.json" ]] || fail "the npm package has no share/pair/models-catalog.json"
pass "the npm pair's setup llama.cpp runs the script its platform package ships"

# Without its platform package, the launcher says what is missing and how to get it.
rm -rf "$platform_dir"
run_installed pair "$npm_prefix/bin" --version
assert_rc 1 "the launcher without the platform package"
assert_contains "$ERR" "pair: the package pair-programmer-linux-$cpu, which holds pair's binary for this machine, is not installed"
assert_contains "$ERR" "npm install -g pair-programmer"
pass "without the platform package the launcher names it and how to install it"

# 4. The .deb: its fields, its files, its binary in a scratch root, and lintian.
fields=$(dpkg-deb -f "$deb")
assert_contains "$fields" "Version: $version"
assert_contains "$fields" "Depends: libc6 (>= $newest), libcurl4, ripgrep, bubblewrap"
assert_contains "$fields" "Recommends: poppler-utils, git"
listing=$(dpkg-deb -c "$deb")
for f in ./usr/bin/pair ./usr/share/pair/llama-cpp.sh ./usr/share/pair/README.md ./usr/share/pair/pair-vscode.vsix \
  ./usr/share/pair/models-catalog.json ./usr/share/doc/pair/copyright ./usr/share/doc/pair/changelog.gz; do
  assert_contains "$listing" " $f" "in the .deb"
done
debroot=$T/debroot
dpkg-deb -x "$deb" "$debroot"
run_installed "$debroot/usr/bin/pair" "$T/empty" --version
assert_rc 0 "the .deb's pair --version"
assert_contains "$OUT" "pair $version (commit "
script_turn
run_installed "$debroot/usr/bin/pair" "$T/empty" -p "hello" --no-session
assert_rc 0 "a headless turn of the .deb's pair"
assert_eq "$OUT" "packaged hello"
check_setup "$debroot/usr/bin/pair" "$T/empty" "$debroot/usr/share/pair/llama-cpp.sh"
pass "the .deb's pair, unpacked: --version, a headless turn, setup llama.cpp with /usr/share/pair/llama-cpp.sh"

set +e
lint=$(lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1)
RC=$?
set -e
[[ -n $lint ]] && printf 'lintian:\n%s\n' "$lint"
[[ $RC == 0 ]] || fail "lintian found errors in $deb: $(grep '^E:' <<<"$lint")"
pass "lintian finds no error in $(basename "$deb")"
