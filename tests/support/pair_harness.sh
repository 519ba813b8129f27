# shellcheck shell=bash
# Harness for integration tests that run the real pair binary. Source it (bash), then:
#
#   harness_init                       # temp dir $T, isolated HOME/XDG dirs, a git workspace $WS
#   scripted_start script.json         # scripted OpenAI-compatible server; sets $URL and $LOG
#   use_model "$URL/v1" '"max_tokens": 64'   # writes $WS/.pair/models.json (extra JSON fields optional)
#   trust_workspace                    # `pair trust` in $WS (project files that start servers, remote URLs)
#   run_pair -p "fix it"               # runs pair in $WS; sets $OUT (stdout), $ERR (stderr), $RC
#   assert_rc 0; assert_contains "$OUT" "fixed"
#   check_log 'assert len(requests) == 2'   # Python over the request log (tests/support/request_log.py)
#   sandbox_runs || exit 77            # bubblewrap runs here (PAIR_REQUIRE_SANDBOX=1: fails when it cannot)
#
# Everything started here is stopped on exit; nothing outside $T is written.

PAIR_SOURCE_DIR=${PAIR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PAIR_BIN=${PAIR_BIN:-$PAIR_SOURCE_DIR/build/src/app/pair}
HARNESS_PY=python3
[[ -x /usr/bin/python3 ]] && HARNESS_PY=/usr/bin/python3
_harness_server=""

fail() {
  echo "FAIL: $*" >&2
  [[ -n "${OUT:-}" ]] && printf -- '--- stdout ---\n%s\n' "$OUT" >&2
  [[ -n "${ERR:-}" ]] && printf -- '--- stderr ---\n%s\n' "$ERR" >&2
  exit 1
}
pass() { echo "ok: $*"; }

assert_rc() { [[ "$RC" == "$1" ]] || fail "exit code $RC, expected $1${2:+ ($2)}"; }
assert_contains() { [[ "$1" == *"$2"* ]] || fail "expected to find: $2${3:+ ($3)}"; }
assert_not_contains() { [[ "$1" != *"$2"* ]] || fail "did not expect: $2${3:+ ($3)}"; }
assert_eq() { [[ "$1" == "$2" ]] || fail "expected [$2], got [$1]${3:+ ($3)}"; }

_harness_cleanup() {
  scripted_stop
  [[ -n "${T:-}" && -d "$T" ]] && rm -rf "$T"
}

harness_init() {
  [[ -x "$PAIR_BIN" ]] || { echo "FAIL: pair binary not found at $PAIR_BIN (build first)" >&2; exit 1; }
  T=$(mktemp -d "${TMPDIR:-/tmp}/pair-it.XXXXXX")
  trap _harness_cleanup EXIT
  export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config XDG_DATA_HOME=$T/home/.local/share \
    XDG_STATE_HOME=$T/home/.local/state XDG_CACHE_HOME=$T/home/.cache
  mkdir -p "$HOME"
  WS=$T/ws
  mkdir -p "$WS"
  git -C "$WS" init -q -b main
  git -C "$WS" config user.email test@example.com
  git -C "$WS" config user.name test
}

# skip_when_default_port_busy: the first run looks for a server on localhost:8004 before it offers
# anything, so a test of it cannot run where one already listens: it is skipped (CTest's 77).
skip_when_default_port_busy() {
  if "$HARNESS_PY" -c 'import socket; socket.create_connection(("127.0.0.1", 8004), 0.3)' 2>/dev/null; then
    echo "SKIP: something listens on localhost:8004 on this machine; the first run cannot be tested here"
    exit 77
  fi
}

scripted_stop() {
  if [[ -n "$_harness_server" ]]; then
    kill "$_harness_server" 2>/dev/null || true
    wait "$_harness_server" 2>/dev/null || true
    _harness_server=""
  fi
}

# scripted_start SCRIPT_FILE: (re)starts the scripted server with a fresh log.
scripted_start() {
  scripted_stop
  LOG=$T/requests-$RANDOM.jsonl
  rm -f "$T/port"
  "$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/scripted_server.py" --script "$1" --log "$LOG" \
    --port-file "$T/port" &
  _harness_server=$!
  for _ in $(seq 1 300); do [[ -s "$T/port" ]] && break; sleep 0.02; done
  [[ -s "$T/port" ]] || fail "the scripted server did not start"
  URL=http://127.0.0.1:$(cat "$T/port")
}

# use_model URL [EXTRA_JSON_FIELDS]: the workspace's models.json with one model, "test".
use_model() {
  mkdir -p "$WS/.pair"
  printf '[{"name": "test", "url": "%s", "modelId": "test-model", "purpose": "text"%s}]\n' \
    "$1" "${2:+, $2}" >"$WS/.pair/models.json"
}

# trust_workspace: the user trusts the project's own pair files as they are now (`pair trust`), as a
# user does for a project of their own whose models.json starts servers or names remote hosts.
trust_workspace() {
  "$PAIR_BIN" -C "$WS" trust >/dev/null || fail "pair trust failed"
}

# sandbox_runs: whether bubblewrap can run on this machine (user namespaces allowed). Where it cannot,
# a sandbox test skips, unless PAIR_REQUIRE_SANDBOX=1 (scripts/test.sh, CI) says it must run: then the
# test fails here, so a machine that lost bubblewrap does not pass by skipping.
sandbox_runs() {
  local why
  why=$(bwrap --ro-bind / / --dev /dev --proc /proc true 2>&1) && return 0
  if [[ "${PAIR_REQUIRE_SANDBOX:-}" == 1 ]]; then
    echo "FAIL: bubblewrap cannot run here (${why:-bwrap not found}) and PAIR_REQUIRE_SANDBOX=1 requires the" \
      "sandbox tests to run: install bubblewrap and allow unprivileged user namespaces, or unset it" >&2
    exit 1
  fi
  echo "SKIP: bubblewrap cannot run here (${why:-bwrap not found})"
  return 1
}

# run_pair ARGS...: runs pair in $WS with stdin from /dev/null (or $PAIR_STDIN when set).
run_pair() {
  local stdin=${PAIR_STDIN:-/dev/null}
  set +e
  (cd "$WS" && "$PAIR_BIN" "$@" <"$stdin" >"$T/out" 2>"$T/err")
  RC=$?
  set -e
  OUT=$(cat "$T/out")
  ERR=$(cat "$T/err")
}

# check_log PYTHON: runs PYTHON with `requests` (chat requests from $LOG, see request_log.py),
# `out` (pair's stdout), `ws` (workspace path) and the helpers of request_log in scope.
check_log() {
  PYTHONPATH="$PAIR_SOURCE_DIR/tests/support" "$HARNESS_PY" - "$LOG" "$T/out" "$WS" "$1" <<'PY' || fail "log check failed: $1"
import sys
from request_log import *
requests = load_requests(sys.argv[1])
out = open(sys.argv[2], encoding="utf-8", errors="replace").read()
ws = sys.argv[3]
exec(sys.argv[4])
PY
}
