#!/usr/bin/env bash
# Fails when a C++ file is not formatted as .clang-format says (fix: clang-format-16 -i FILE).
set -euo pipefail
cd "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
git ls-files -co --exclude-standard -- 'src/*.cc' 'src/*.h' 'bench/*.cc' | xargs clang-format-16 --dry-run --Werror
echo "formatting ok"
