#!/usr/bin/env bash
# JSON from outside (files, servers, editors, the model) is read and written only through
# src/util/json_parse.h: parse_json refuses nesting deep enough to overflow the stack, and
# dump_json carries invalid UTF-8 as U+FFFD where nlohmann's dump() throws. This fails on any
# direct nlohmann parse or dump outside that file (tests excepted).
set -euo pipefail
cd "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src"
hits=$(grep -rnE '(\.|->)dump\(|json::parse\(|json::accept\(' --include='*.cc' --include='*.h' . |
  grep -vE '^\./util/json_parse\.cc:|_test\.cc:' || true)
if [[ -n "$hits" ]]; then
  sed 's|^\./|src/|' <<<"$hits" >&2
  echo "use parse_json / dump_json (src/util/json_parse.h) instead of nlohmann's parse and dump" >&2
  exit 1
fi
echo "json calls ok"
