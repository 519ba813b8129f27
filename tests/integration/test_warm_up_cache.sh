#!/usr/bin/env bash
# Warm-up with a REAL llama-server: `pair server start` sends the system prompt, the tools and this
# workspace's context block ahead (generating at most one token); the first real turn then finds all
# of it in the server's prompt cache (timings.cache_n covers the warm-up's prompt) and pays only for
# the user's words. The control run, without warm-up, reads everything (cache_n 0).
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
source "$root/tests/support/managed_server.sh"
managed_prepare
harness_init
managed_init
managed_models_json
echo "Build with make; test with make test." >"$WS/AGENTS.md"

first_timings() { # prints "prompt_n cache_n" of the first timings event in $T/out
  "$HARNESS_PY" -c '
import json, sys
t = [json.loads(l)["timings"] for l in open(sys.argv[1]) if l.startswith("{") and "\"timings\"" in l and "\"type\":\"timings\"" in l.replace(" ", "")]
assert t, "no timings event"
print(t[0]["prompt_n"], t[0]["cache_n"])' "$T/out"
}

# With warm-up.
run_pair server start
assert_rc 0 "pair server start"
warm=$(sed -n 's/^warmed up: \([0-9]*\) prompt tokens.*/\1/p' <<<"$OUT")
[[ -n "$warm" ]] || fail "no warm-up reported: $OUT"
(( warm > 300 )) || fail "the warm-up should cover the system prompt, tools and context ($warm tokens)"
run_pair -p "Say hello." --output-format stream-json
assert_rc 0
read -r p1 c1 < <(first_timings)
# The first turn's prompt = the warm-up's prompt minus its closing tokens + the user's message:
# everything the warm-up sent up to the end of the context block is reused.
(( c1 >= warm - 8 )) || fail "first turn after warm-up: cache_n=$c1 should cover the warm-up's $warm tokens"
(( p1 < 40 )) || fail "first turn after warm-up should only read the user's message (prompt_n=$p1)"
pass "warm-up: $warm tokens cached; first turn cache_n=$c1, prompt_n=$p1"

# Control: a fresh server without warm-up reads the whole prefix on the first turn.
run_pair server stop
assert_rc 0
run_pair server start --no-warm-up
assert_rc 0
assert_not_contains "$OUT" "warmed up"
run_pair -p "Say hello." --output-format stream-json
assert_rc 0
read -r p2 c2 < <(first_timings)
(( c2 == 0 )) || fail "without warm-up the first turn cannot find a cache (cache_n=$c2)"
(( p2 >= warm - 8 )) || fail "without warm-up the first turn reads the whole prefix (prompt_n=$p2)"
pass "no warm-up: first turn cache_n=$c2, prompt_n=$p2"
run_pair server stop
assert_rc 0
