#!/usr/bin/env bash
# Builds the VS Code extension (extensions/vscode) into $PAIR_BUILD_DIR/ide/extension: compiles the
# TypeScript and packages pair-vscode.vsix (`npm run package`). Its npm tooling (typescript, @types, @vscode/vsce) is
# installed once per package-lock.json into a cache outside the checkout and linked in, so the
# source tree stays clean and parallel builds do not collide.
set -euo pipefail
src=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/extensions/vscode
build=${PAIR_BUILD_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/build}
stage=$build/ide/extension

command -v npm >/dev/null || { echo "extension_build: npm is missing (scripts/deps.sh installs it)" >&2; exit 1; }
key=$(sha256sum "$src/package-lock.json" | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/pair/vscode-extension-deps
deps=$cache/$key
if [[ ! -f $deps/.complete ]]; then
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  if [[ ! -f $deps/.complete ]]; then
    rm -rf "$deps" && mkdir -p "$deps"
    cp "$src/package.json" "$src/package-lock.json" "$deps/"
    echo "[extension] installing its npm tooling into $deps" >&2
    (cd "$deps" && npm ci --loglevel=error --no-fund --no-audit >"$deps/install.log" 2>&1) ||
      { tail -20 "$deps/install.log" >&2; echo "extension_build: npm ci failed (log: $deps/install.log)" >&2; exit 1; }
    touch "$deps/.complete"
  fi
  exec 9>&-
fi

rm -rf "$stage"
mkdir -p "$stage"
cp -r "$src/src" "$src/package.json" "$src/package-lock.json" "$src/tsconfig.json" "$src/.vscodeignore" \
  "$src/README.md" "$stage/"
ln -s "$deps/node_modules" "$stage/node_modules"
cd "$stage"
npm run --silent package >"$build/ide/package.log" 2>&1 || { cat "$build/ide/package.log" >&2; exit 1; }
listing=$(python3 -m zipfile -l pair-vscode.vsix)
[[ $listing == *extension/out/extension.js* ]] || { echo "the .vsix lacks out/extension.js" >&2; exit 1; }
echo "built $stage/pair-vscode.vsix"
