#!/usr/bin/env bash
# Builds the portable pair binary (-DPAIR_PORTABLE=ON: only the C library family is linked
# dynamically; it runs on Linux with glibc 2.36 or newer) and packs it for users:
#   dist/pair-programmer-<version>.tgz             npm: the `pair` command, a launcher for the binary below
#   dist/pair-programmer-linux-<cpu>-<version>.tgz npm: the binary and the files it reads (share/pair)
#   dist/pair_<version>_<arch>.deb                 Debian/Ubuntu
# The version is the binary's own (`pair --version`, from CMakeLists.txt's project()).
#
# Environment (the defaults build for the machine it runs on):
#   PAIR_PACKAGE_BUILD_DIR    build folder of the portable binary (build-portable)
#   PAIR_PACKAGE_DIST         where the packages go (dist)
#   PAIR_PACKAGE_ARCH         Debian architecture, amd64 or arm64 (this machine's)
#   PAIR_PACKAGE_CMAKE_ARGS   extra configure arguments, e.g. a cross-compiling toolchain file
#   PAIR_PACKAGE_STRIP        the strip program for that architecture (strip; objdump is taken
#                             from beside it: aarch64-linux-gnu-strip, aarch64-linux-gnu-objdump)
#   PAIR_MAINTAINER           the .deb's Maintainer field
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

log() { printf '[package] %s\n' "$*" >&2; }
die() { printf 'package.sh: %s\n' "$*" >&2; exit 1; }

build=${PAIR_PACKAGE_BUILD_DIR:-$root/build-portable}
dist=${PAIR_PACKAGE_DIST:-$root/dist}
arch=${PAIR_PACKAGE_ARCH:-$(dpkg --print-architecture)}
case "$arch" in
  amd64) cpu=x64 ;;
  arm64) cpu=arm64 ;;
  *) die "no package for the architecture $arch: pair is packaged for amd64 and arm64 (set PAIR_PACKAGE_ARCH)" ;;
esac
strip_bin=${PAIR_PACKAGE_STRIP:-strip}
objdump_bin=${strip_bin%strip}objdump  # aarch64-linux-gnu-strip goes with aarch64-linux-gnu-objdump
maintainer=${PAIR_MAINTAINER:-pair developers <pair@example.org>}
for tool in cmake ninja npm dpkg-deb "$strip_bin" "$objdump_bin"; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh installs what building needs)"
done

# 1. The portable binary, in a build folder of its own (ccache, when there, serves what the
#    ordinary build compiled already).
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
log "building the portable binary in $build"
# A build folder configured portable already (the test command's) is used as it is.
if ! grep -qx 'PAIR_PORTABLE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  # shellcheck disable=SC2086  # PAIR_PACKAGE_CMAKE_ARGS is a list of arguments
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAIR_PORTABLE=ON -DPAIR_BUILD_TESTS=OFF \
    "${launcher[@]}" ${PAIR_PACKAGE_CMAKE_ARGS:-} >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log" >&2; die "configuring $build failed"; }
  rm -f "$build.configure.log"
fi
cmake --build "$build" --target pair >&2 || die "building pair in $build failed"
bin=$build/src/app/pair
version=$(sed -n 's/^project(pair VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n "$version" ]] || die "no version in CMakeLists.txt's project() line"

# 2. The VS Code extension, for the .deb (its npm tooling is cached after the first build).
log "building the VS Code extension"
# In a folder of its own: the test command's extension build may be using $build/ide meanwhile.
PAIR_BUILD_DIR=$build/package-vscode bash "$root/tests/ide/extension_build.sh" >&2 ||
  die "building the VS Code extension failed"
vsix=$build/package-vscode/ide/extension/pair-vscode.vsix

stage=$build/package
rm -rf "$stage"
mkdir -p "$stage" "$dist"
"$strip_bin" --remove-section=.comment --remove-section=.note -o "$stage/pair" "$bin"
chmod 0755 "$stage/pair"

# 3. npm: the platform package (the binary at bin/pair with share/pair beside it, where an
#    installed pair looks for its files) and the package users install.
platform_name=pair-programmer-linux-$cpu
platform=$stage/npm-platform
mkdir -p "$platform/bin" "$platform/share/pair"
install -m 0755 "$stage/pair" "$platform/bin/pair"
install -m 0755 scripts/llama-cpp.sh "$platform/share/pair/llama-cpp.sh"
install -m 0644 share/pair/models-catalog.json "$platform/share/pair/models-catalog.json"
bash scripts/package/files.sh npm-platform "$version" "$cpu" >"$platform/package.json"
# shellcheck disable=SC2016  # the backquotes are Markdown
printf '# %s\n\nThe pair binary for Linux %s (glibc 2.36 or newer). Install `pair-programmer`, which uses it.\n' \
  "$platform_name" "$cpu" >"$platform/README.md"

main=$stage/npm-main
mkdir -p "$main/bin"
install -m 0755 scripts/package/pair.js "$main/bin/pair.js"
install -m 0644 README.md "$main/README.md"
bash scripts/package/files.sh npm-main "$version" >"$main/package.json"

for dir in "$platform" "$main"; do
  (cd "$dir" && npm pack --silent --pack-destination "$dist" >/dev/null) || die "npm pack in $dir failed"
done

# 4. The .deb: /usr/bin/pair, /usr/share/pair (the llama.cpp build script, the model catalog, the README, the
#    extension), the copyright file and changelog Debian policy asks for.
deb=$stage/deb
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/pair" "$deb/usr/share/doc/pair"
install -m 0755 "$stage/pair" "$deb/usr/bin/pair"
install -m 0755 scripts/llama-cpp.sh "$deb/usr/share/pair/llama-cpp.sh"
install -m 0644 share/pair/models-catalog.json "$deb/usr/share/pair/models-catalog.json"
install -m 0644 README.md "$deb/usr/share/pair/README.md"
install -m 0644 "$vsix" "$deb/usr/share/pair/pair-vscode.vsix"
bash scripts/package/files.sh copyright >"$deb/usr/share/doc/pair/copyright"
bash scripts/package/files.sh changelog "$version" "$maintainer" | gzip -9n >"$deb/usr/share/doc/pair/changelog.gz"
chmod 0644 "$deb/usr/share/doc/pair/"*
size=$(du -sk --exclude=DEBIAN "$deb" | cut -f1)
# The newest glibc symbol version the binary uses is the oldest C library it runs on.
glibc=$("$objdump_bin" -T "$stage/pair" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
bash scripts/package/files.sh control "$version" "$arch" "$maintainer" "$size" "$glibc" >"$deb/DEBIAN/control"
(cd "$deb" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$deb/DEBIAN/control" "$deb/DEBIAN/md5sums"
find "$deb" -type d -exec chmod 0755 {} +
out=$dist/pair_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$deb" "$out" >/dev/null || die "dpkg-deb failed"

for f in "pair-programmer-$version.tgz" "$platform_name-$version.tgz" "pair_${version}_$arch.deb"; do
  [[ -f "$dist/$f" ]] || die "$dist/$f was not written"
  log "$(du -h "$dist/$f" | cut -f1)	$dist/$f"
done
