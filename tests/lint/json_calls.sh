#!/usr/bin/env bash
# JSON from outside (files, servers, editors, the model) is read and written only through
# src/util/json_parse.h, and nothing read from outside may throw:
#  1. parse_json refuses nesting deep enough to overflow the stack, and dump_json carries
#     invalid UTF-8 as U+FFFD where nlohmann's dump() throws: no direct nlohmann parse or dump.
#  2. nlohmann's readers .value(), .get<T>(), .at(), get_ref and get_to throw on a wrong type
#     or a missing key: in files that use nlohmann's json, values are read with the json_*_or
#     and json_as_* accessors instead. A call on data pair itself builds and fully controls
#     (never on what was parsed from outside) may stay when its line ends with
#     `// json-ok: REASON`, the reason saying why it cannot throw.
# util/json_parse.cc (the accessors themselves) and tests are exempt.
set -euo pipefail
cd "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src"
status=0
exempt='^\./util/json_parse\.cc:|_test\.cc:'

hits=$(grep -rnE '(\.|->)dump\(|json::parse\(|json::accept\(' --include='*.cc' --include='*.h' . |
  grep -vE "$exempt" || true)
if [[ -n "$hits" ]]; then
  sed 's|^\./|src/|' <<<"$hits" >&2
  echo "use parse_json / dump_json (src/util/json_parse.h) instead of nlohmann's parse and dump" >&2
  status=1
fi

json_files=$(grep -rlE '#include <nlohmann/json(_fwd)?\.hpp>' --include='*.cc' --include='*.h' . |
  grep -vE '^\./util/json_parse\.cc$|_test\.cc$' || true)
if [[ -n "$json_files" ]]; then
  # shellcheck disable=SC2086
  hits=$(grep -nHE '(\.|->)(value|at)\(|(\.|->)get<|\bget_ref\b|\bget_to\(' $json_files |
    grep -vE '// json-ok: [^ ]' || true)
  if [[ -n "$hits" ]]; then
    sed 's|^\./|src/|' <<<"$hits" >&2
    echo "these nlohmann calls throw on a wrong type or a missing key: read outside JSON with the" >&2
    echo "json_*_or / json_as_* accessors (src/util/json_parse.h); on data pair builds itself, end" >&2
    echo "the line with '// json-ok: REASON'" >&2
    status=1
  fi
fi

[[ $status -eq 0 ]] && echo "json calls ok"
exit $status
