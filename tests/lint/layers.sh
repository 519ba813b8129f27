#!/usr/bin/env bash
# The layer rule (ARCHITECTURE.md): each folder may include only the folders listed for it.
# The core knows nothing of HTTP or terminals; front-ends see the core only through events.
set -euo pipefail
cd "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src"
declare -A allowed=(
  [util]="util"
  [protocol]="protocol util"
  [config]="config util"
  [http]="http util"
  [mcp]="mcp protocol http config util"
  [providers]="providers protocol http util"
  [core]="core protocol util"
  [tools]="tools core protocol mcp http config util"
  [headless]="headless protocol util"
  [tui]="tui config protocol util"
  [ide]="ide http protocol util config"
  [acp]="acp protocol util"
  [local]="local config http util"
  [app]="app tui headless ide acp local tools core providers mcp http config protocol util"
)
status=0
for dir in */; do
  dir=${dir%/}
  [[ -n "${allowed[$dir]:-}" ]] || { echo "src/$dir: no layer rule in tests/lint/layers.sh" >&2; status=1; continue; }
  while IFS=: read -r file _ include; do
    target=$(sed -E 's/#include "([a-z_]+)\/.*/\1/' <<<"$include")
    [[ " ${allowed[$dir]} " == *" $target "* ]] || { echo "src/$file includes $target/: not allowed for $dir" >&2; status=1; }
  done < <(grep -rn '^#include "[a-z_]*/' "$dir" | sed "s|^|$dir/|;s|^$dir/$dir/|$dir/|" || true)
done

# The code in app/ that runs a front-end (headless, the terminal UI's backend, the editor bridge)
# reaches sessions, providers and servers only through the engine (app/engine.h), which owns their
# lifecycle: no session-store, provider or HTTP calls of its own.
frontends=(app/headless_run.cc app/interactive_run.cc app/tui_backend.h app/tui_backend.cc app/editor_bridge.h
  app/editor_bridge.cc app/acp_agent.h app/acp_agent.cc app/acp_session.h app/acp_session.cc)
forbidden='#include "(providers|http)/|#include "core/session_(store|list)\.h"|#include "app/provider_factory\.h"'
forbidden+='|\b(latest_session|find_session|load_session|list_project_sessions|SessionWriter|make_provider|HttpClient)\b'
if hits=$(grep -nE "$forbidden" "${frontends[@]}"); then
  sed 's|^|src/|' <<<"$hits" >&2
  echo "front-ends call sessions, providers and servers through the engine (app/engine.h), not directly" >&2
  status=1
fi
[[ $status == 0 ]] && echo "layers ok"
exit $status
