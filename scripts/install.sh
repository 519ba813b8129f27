#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: installs the packages pair needs, builds
# llama.cpp's server (cached, once per version), builds pair, puts it on PATH, then runs it
# with any arguments given.
#   PREFIX=/usr/local scripts/install.sh      where `pair` goes (default: /usr/local as root, else ~/.local)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/llama-cpp.sh >/dev/null

if [[ -z "${PREFIX:-}" ]]; then
  if [[ $(id -u) -eq 0 ]]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
fi
echo "[pair] building" >&2
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAIR_BUILD_TESTS=OFF \
  -DCMAKE_INSTALL_PREFIX="$PREFIX" >/dev/null
cmake --build build-release --target pair >/dev/null
cmake --install build-release >/dev/null
echo "[pair] installed $PREFIX/bin/pair" >&2
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "[pair] note: add $PREFIX/bin to your PATH" >&2 ;;
esac
exec "$PREFIX/bin/pair" "$@"
