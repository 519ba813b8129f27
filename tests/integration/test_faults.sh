#!/usr/bin/env bash
# Faults through the real binary: a server that sends a byte a second, a 50 MB single SSE line,
# the server killed mid-stream, disk full during a write (RLIMIT_FSIZE), a tool that prints 1 GB.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1" "${2:-}"; }

# One byte a second is slow, not dead: the idle timeout only counts real silence.
script '{"responses": [{"text": "ok", "chunking": {"bytes": 1}, "delay_ms": 1000, "raw_sse": "data:{\"choices\":[{\"delta\":{\"content\":\"slow\"},\"finish_reason\":\"stop\"}]}\n\n"}]}' \
  '"idle_timeout_s": 3'
start=$(date +%s)
run_pair -p "hi" --no-session
assert_rc 0
assert_eq "$OUT" "slow"
(( $(date +%s) - start >= 60 )) || fail "the stream should have taken over a minute"
pass "a server sending one byte a second is waited for"

# A 50 MB line is refused with a clear error, not swallowed into memory.
"$HARNESS_PY" - "$T/big.json" <<'PY'
import json, sys
line = "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": "x" * (50 << 20)}}]}) + "\n\n"
json.dump({"responses": [{"raw_sse": line}]}, open(sys.argv[1], "w"))
PY
scripted_start "$T/big.json"
use_model "$URL/v1"
/usr/bin/time -f "%M" -o "$T/rss" bash -c "cd '$WS' && '$PAIR_BIN' -p hi --no-session >'$T/out' 2>'$T/err'" && RC=0 || RC=$?
ERR=$(cat "$T/err")
assert_rc 1
assert_contains "$ERR" "server-sent event larger than"
(( $(tail -1 "$T/rss") < 120000 )) || fail "peak RSS $(tail -1 "$T/rss") KB for a 50 MB line"
pass "a 50 MB SSE line: clear error, peak RSS $(($(tail -1 "$T/rss") / 1024)) MiB"

# The server killed mid-stream: the partial answer is kept, the error is clear, the session resumes.
script '{"responses": [{"text": "one two three four five six seven eight nine ten eleven twelve", "delay_ms": 200}]}'
# stream-json shows each delta as it arrives: the server is stopped once "two" has reached pair.
(cd "$WS" && exec "$PAIR_BIN" -p "count" --output-format stream-json >"$T/out" 2>"$T/err" </dev/null) &
pid=$!
for _ in $(seq 1 200); do grep -q 'two' "$T/out" 2>/dev/null && break; sleep 0.05; done
grep -q 'two' "$T/out" || fail "no part of the answer reached pair within 10 s"
scripted_stop
set +e; wait $pid; RC=$?; set -e
OUT=$(cat "$T/out") ERR=$(cat "$T/err")
assert_rc 1
assert_contains "$OUT" "closed mid-response" "the result event's error"
script '{"responses": [{"text": "resumed"}]}'
run_pair -c -p "go on"
assert_rc 0
check_log 'm = messages(requests[0]); assert m[-2]["role"] == "assistant" and m[-2]["content"].startswith("one two"), m[-2]'
pass "server killed mid-stream: partial answer kept, clear error, session resumes"

# Disk full during a write: the original file is intact and the model is told.
"$HARNESS_PY" -c 'print("original\n" * 10, end="")' >"$WS/keep.txt"
"$HARNESS_PY" - "$T/full.json" <<'PY'
import json, sys
big = "y" * 400000
json.dump({"n_ctx": 1000000, "responses": [
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "keep.txt", "content": big}}]},
  {"text": "could not write"}]}, open(sys.argv[1], "w"))
PY
scripted_start "$T/full.json"
use_model "$URL/v1"
set +e
(cd "$WS" && ulimit -f 200 && exec "$PAIR_BIN" -p "write" --permission-mode accept-edits --no-session >"$T/out" 2>"$T/err" </dev/null)
RC=$?
set -e
OUT=$(cat "$T/out") ERR=$(cat "$T/err")
assert_rc 0
[[ "$(cat "$WS/keep.txt")" == "$("$HARNESS_PY" -c 'print("original\n" * 10, end="")')" ]] || fail "the original file changed"
grep -q '\.pair-' <<<"$(ls -a "$WS")" && fail "a temporary file was left behind"
check_log 'r = messages(requests[1])[-1]; assert r["role"] == "tool" and "File too large" in r["content"], r'
pass "disk full during a write: original intact, no temporary left, the model is told"

# A tool that prints 1 GB: capped, memory bounded.
script '{"responses": [{"tool_calls": [{"name": "bash", "arguments": {"command": "yes 0123456789abcdef | head -c 1000000000; echo; echo THE-END"}}]}, {"text": "done"}]}'
/usr/bin/time -f "%M" -o "$T/rss" bash -c "cd '$WS' && '$PAIR_BIN' -p big --permission-mode bypass --no-session >'$T/out' 2>'$T/err'" && RC=0 || RC=$?
assert_rc 0
check_log 'r = messages(requests[1])[-1]["content"]; assert "THE-END" in r and "bytes" in r and "omitted" in r and len(r) < 70000, len(r)'
(( $(tail -1 "$T/rss") < 60000 )) || fail "peak RSS $(tail -1 "$T/rss") KB for 1 GB of output"
pass "1 GB of tool output: head and tail kept, peak RSS $(($(tail -1 "$T/rss") / 1024)) MiB"
