#!/usr/bin/env bash
# Context management against a REAL llama-server with a tiny random-weight model: the window comes
# from /props (per slot with --parallel 2), a session that grows past the window compacts and goes
# on, a wrong window in models.json is corrected by the server's overflow error (compact, retry),
# and a resumed session restores the saved KV cache so its first request is served from it.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/llama_server.sh"
pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
model=$(pair_ensure_tiny_model) || { echo "FAIL: cannot make the test model" >&2; exit 1; }
source "$root/tests/support/pair_harness.sh"
harness_init

events() { "$HARNESS_PY" -c 'import json,sys; [print(json.dumps(json.loads(l))) for l in open(sys.argv[1]) if json.loads(l)["type"] in sys.argv[2].split(",")]' "$T/out" "$1"; }
last_timings() { "$HARNESS_PY" -c '
import json, sys
t = [json.loads(l)["timings"] for l in open(sys.argv[1]) if json.loads(l)["type"] == "timings"]
print(t[0]["prompt_n"], t[0]["cache_n"]) if t else print("0 0")' "$T/out"; }
# A user message of about 450 tokens.
paragraph() { "$HARNESS_PY" -c 'import sys; print(sys.argv[1] + ": " + " ".join("word%d alpha beta gamma" % i for i in range(110)))' "$1"; }

# 1. The window per request is -c divided among the slots.
pair_start_llama_server "$model" -c 8192 --parallel 2 || fail "llama-server did not start"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 8'
run_pair -p "hi" --output-format stream-json --no-session
assert_rc 0
grep -q '"window": 4096' <<<"$(events context)" || fail "window from /props should be 4096 per slot: $(events context)"
grep -q '"source": "llama-server /props"' <<<"$(events context)" || fail "source of the window"
pass "window discovered from /props: 8192 over 2 slots = 4096"
pair_stop_llama_server

# 2. A session that grows past the window compacts and continues.
pair_start_llama_server "$model" -c 4096 --parallel 1 || fail "llama-server did not start"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 16'
compactions=0
for turn in 1 2 3 4 5 6; do
  if [[ $turn == 1 ]]; then run_pair -p "$(paragraph "turn $turn")" --output-format stream-json
  else run_pair -c -p "$(paragraph "turn $turn")" --output-format stream-json; fi
  assert_rc 0 "turn $turn"
  if grep -q compacted <<<"$(events compacted)"; then compactions=$((compactions + 1)); fi
done
(( compactions >= 1 )) || fail "six turns of ~450 tokens in a 4096 window should compact"
session=$(ls -t "$XDG_DATA_HOME"/pair/sessions/*/*.jsonl | head -1)
grep -q '"type":"compaction"' "$session" || fail "compaction recorded in the session"
pass "a session growing past 80% of a 4096 window compacted $compactions time(s) and every turn completed"

# 3. A wrong window in models.json: the server's overflow error corrects it (compact, retry once).
rm -rf "$XDG_DATA_HOME/pair/sessions"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 16, "context_window": 100000'
retried=0
for turn in 1 2 3 4 5 6 7; do
  if [[ $turn == 1 ]]; then run_pair -p "$(paragraph "turn $turn")" --output-format stream-json
  else run_pair -c -p "$(paragraph "turn $turn")" --output-format stream-json; fi
  assert_rc 0 "turn $turn with a wrong context_window"
  if grep -q "did not fit the model's window; compacting and retrying" <<<"$(events notice)"; then retried=$((retried + 1)); fi
done
(( retried >= 1 )) || fail "the overflow error should have triggered compaction and a retry"
pass "an exceed_context_size_error compacted and retried successfully ($retried time(s))"
pair_stop_llama_server

# 4. The saved KV cache is restored when a session resumes on a restarted server.
rm -rf "$XDG_DATA_HOME/pair/sessions"
mkdir -p "$T/slots"
pair_start_llama_server "$model" -c 8192 --parallel 1 --slot-save-path "$T/slots" || fail "llama-server did not start"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 8'
run_pair -p "$(paragraph first)" --output-format stream-json
assert_rc 0
read -r p1 c1 < <(last_timings)
ls "$T"/slots/*.bin >/dev/null 2>&1 || fail "the slot was not saved: $(events notice)"
grep -q '"type":"prompt_cache"' "$(ls "$XDG_DATA_HOME"/pair/sessions/*/*.jsonl)" || fail "prompt cache recorded"
pair_stop_llama_server

pair_start_llama_server "$model" -c 8192 --parallel 1 --slot-save-path "$T/slots" || fail "llama-server did not restart"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 8'
run_pair -c -p "and again" --output-format stream-json
assert_rc 0
grep -q "restored the prompt cache" <<<"$(events notice)" || fail "restore notice: $(events notice)"
read -r p2 c2 < <(last_timings)
(( c2 >= p1 + c1 - 1 )) || fail "the restored cache should cover the first prompt: cache_n=$c2, first prompt $((p1 + c1))"
pass "resumed on a restarted server: restored cache, cache_n=$c2 of the first prompt's $((p1 + c1)) (prompt_n=$p2)"
pair_stop_llama_server

# A slot file that has gone missing: a note, and the turn goes on without it.
rm -f "$T"/slots/*.bin
pair_stop_llama_server
pair_start_llama_server "$model" -c 8192 --parallel 1 --slot-save-path "$T/slots" || fail "llama-server did not restart"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 8'
run_pair -c -p "after the file was lost" --output-format stream-json
assert_rc 0 "a missing slot file must not fail the turn"
grep -q "prompt cache not restored" <<<"$(events notice)" || fail "a note about the missing cache: $(events notice)"
pass "a missing slot file falls back to re-reading, with a note"

# The same resume without restoring: the server must re-read everything.
pair_start_llama_server "$model" -c 8192 --parallel 1 --slot-save-path "$T/slots" || fail "llama-server did not restart"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 8'
mkdir -p "$WS/.pair" && echo '{"context": {"restore_prompt_cache": false}}' >"$WS/.pair/settings.json"
run_pair -c -p "once more" --output-format stream-json
assert_rc 0
read -r p3 c3 < <(last_timings)
(( c3 < 10 && p3 > p1 )) || fail "without restore the whole prompt is processed: prompt_n=$p3 cache_n=$c3"
pass "without restore: prompt_n=$p3 cache_n=$c3"
