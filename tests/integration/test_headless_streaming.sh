#!/usr/bin/env bash
# Streaming behaviour through the real binary: a long prefill that reports progress is never cut
# by the idle timeout while real silence is; generation can be cancelled; API keys come from the
# variable the model names; models.json is found in the user's config directory too.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1" "${2:-}"; }

# 2.4 s of prefill with progress every 0.4 s, under a 1 s idle timeout: the request lives.
script '{"responses": [{"prompt_progress": {"total": 6000, "cache": 0, "steps": 6}, "delay_ms": 400, "text": "done", "chunking": "single"}]}' \
  '"idle_timeout_s": 1'
run_pair -p "long prompt" --output-format stream-json --no-session
assert_rc 0 "progress events keep a long prefill alive"
"$HARNESS_PY" -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert sum(e["type"] == "progress" for e in ev) >= 6, [e["type"] for e in ev]
assert ev[-1]["result"] == "done"' "$T/out" || fail "progress events"
pass "a prefill reporting progress outlives the idle timeout"

# 2.5 s of real silence under the same timeout: a clear timeout error.
script '{"responses": [{"initial_delay_ms": 2500, "text": "too late"}]}' '"idle_timeout_s": 1'
run_pair -p "silence" --no-session
assert_rc 1
assert_contains "$ERR" "no data from $URL/v1/chat/completions for 1 s"
pass "real silence trips the idle timeout"

# Cancel during generation: SIGINT ends a slow stream at once, the partial answer is kept.
script '{"responses": [{"text": "one two three four five six seven eight nine ten", "delay_ms": 300}]}'
# stream-json shows each delta as it arrives: the interrupt comes once generation has begun.
(cd "$WS" && exec "$PAIR_BIN" -p "count" --output-format stream-json >"$T/out" 2>"$T/err" </dev/null) &
pid=$!
for _ in $(seq 1 200); do grep -q 'one' "$T/out" 2>/dev/null && break; sleep 0.05; done
grep -q 'one' "$T/out" || fail "generation did not begin within 10 s"
start=$(date +%s%N)
kill -INT $pid
set +e; wait $pid; RC=$?; set -e
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert_rc 130
(( elapsed_ms < 1000 )) || fail "cancel took ${elapsed_ms} ms"
session=$(ls -t "$XDG_DATA_HOME"/pair/sessions/*/*.jsonl | head -1)
grep -q '"role":"assistant","content":"one' "$session" || grep -q '"content":"one' "$session" || fail "partial answer kept"
pass "SIGINT cancels generation within ${elapsed_ms} ms; the partial answer is kept"

# API key from the environment variable the model names.
script '{"responses": [{"text": "ok"}]}' '"api_key_env": "PAIR_TEST_KEY"'
# A project entry that names a key variable is used in a trusted project only.
run_pair -p "hi" --no-session
assert_rc 2
assert_contains "$ERR" "none of this project's models can be used while it is not trusted"
trust_workspace
run_pair -p "hi" --no-session
assert_rc 2
assert_contains "$ERR" "set the environment variable PAIR_TEST_KEY"
PAIR_TEST_KEY=sk-test-123 run_pair -p "hi" --no-session
assert_rc 0
check_log 'assert len(requests) == 1'
grep -q '"Authorization": "Bearer sk-test-123"' "$LOG" || fail "the key is sent as a Bearer token"
grep -rq "sk-test-123" "$XDG_DATA_HOME" 2>/dev/null && fail "the key must not reach session files"
pass "API key from the named environment variable"

# models.json from the user's config directory when the workspace has none; url without /v1.
rm -rf "$WS/.pair"
mkdir -p "$XDG_CONFIG_HOME/pair"
script '{"responses": [{"text": "from the user config"}]}'
rm -rf "$WS/.pair"
printf '[{"name": "mine", "url": "%s", "modelId": "m"}]\n' "$URL" >"$XDG_CONFIG_HOME/pair/models.json"
run_pair -p "hi" --no-session --output-format stream-json
assert_rc 0
assert_contains "$OUT" '"model":"mine"'
check_log 'assert requests[0]["json"]["model"] == "m"'
pass "user-level models.json, url without /v1"
