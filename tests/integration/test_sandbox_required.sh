#!/usr/bin/env bash
# Where bubblewrap cannot run, the sandbox tests (test_sandbox_escape.sh and the SandboxTest unit
# tests) skip; with PAIR_REQUIRE_SANDBOX=1, which scripts/test.sh sets because CI can run bubblewrap,
# they fail instead. Here bubblewrap cannot run: a bwrap that fails comes first on PATH.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
[[ -x "${PAIR_TESTS_BIN:-}" ]] || fail "the unit test binary is not at '${PAIR_TESTS_BIN:-}' (build pair_tests; CMake sets PAIR_TESTS_BIN)"
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "bwrap: no permissions to create a new namespace" >&2\nexit 1\n' >"$T/bin/bwrap"
chmod +x "$T/bin/bwrap"

# without_bwrap [VAR=VALUE...] COMMAND...: runs COMMAND with the failing bwrap; sets $OUT and $RC.
without_bwrap() {
  set +e
  OUT=$(PATH=$T/bin:$PATH env -u PAIR_REQUIRE_SANDBOX "$@" 2>&1)
  RC=$?
  set -e
}
escape=$PAIR_SOURCE_DIR/tests/integration/test_sandbox_escape.sh
unit=("$PAIR_TESTS_BIN" --gtest_filter='SandboxTest.*')

without_bwrap bash "$escape"
assert_rc 77 "the escape test without bubblewrap skips"
assert_contains "$OUT" "SKIP: bubblewrap cannot run here (bwrap: no permissions"
without_bwrap PAIR_REQUIRE_SANDBOX=1 bash "$escape"
assert_rc 1 "the escape test without bubblewrap, required"
assert_contains "$OUT" "PAIR_REQUIRE_SANDBOX=1 requires the sandbox tests to run"
pass "test_sandbox_escape.sh: skips without bubblewrap, fails when PAIR_REQUIRE_SANDBOX=1"

without_bwrap "${unit[@]}"
assert_rc 0 "the SandboxTest unit tests without bubblewrap skip"
assert_contains "$OUT" "[  SKIPPED ]"
without_bwrap PAIR_REQUIRE_SANDBOX=1 "${unit[@]}"
assert_rc 1 "the SandboxTest unit tests without bubblewrap, required"
assert_contains "$OUT" "and PAIR_REQUIRE_SANDBOX=1"
pass "SandboxTest: skips without bubblewrap, fails when PAIR_REQUIRE_SANDBOX=1"
