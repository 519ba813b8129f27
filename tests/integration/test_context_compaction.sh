#!/usr/bin/env bash
# Context management through the real binary against the scripted server: the window comes from
# the server (/props), a turn that outgrows 80% of it compacts (summary request, then a conversation
# that starts again from the pinned first message), --continue resumes the compacted state byte
# for byte, and an overflow error from the server compacts and retries once.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

"$HARNESS_PY" -c 'import sys; open(sys.argv[1], "w").write("".join("line %05d of a long file with some words in it\n" % i for i in range(260)))' "$WS/big.txt"
summary='{"body_contains": "write a summary of this conversation", "response": {"text": "SUMMARY: the user wants big.txt checked; read twice so far."}}'

# One turn that reads the big file twice (each read ~4k tokens) then a few lines, in a window of
# 8000 tokens: the second read takes the next request past 80%. (Usage figures are the scripted
# server's size-based estimates.)
cat >"$T/s1.json" <<JSON
{"n_ctx": 8000, "standing": [$summary], "responses": [
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "big.txt"}}]},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "big.txt", "offset": 2}}]},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "big.txt", "offset": 3, "limit": 3}}]},
  {"text": "big.txt looks fine."}
]}
JSON
scripted_start "$T/s1.json"
use_model "$URL/v1"
run_pair -p "check big.txt" --output-format stream-json
assert_rc 0
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json context events"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ctx = [e for e in ev if e["type"] == "context"]
assert ctx and all(c["window"] == 8000 and c["source"] == "llama-server /props" for c in ctx), ctx
comp = [e for e in ev if e["type"] == "compacted"]
assert len(comp) == 1 and comp[0]["automatic"] and comp[0]["tokens_after"] < comp[0]["tokens_before"], comp
assert ev[-1]["type"] == "result" and ev[-1]["result"] == "big.txt looks fine.", ev[-1]
PY
check_log '
chat = [r for r in requests if "write a summary" not in r["raw"]]
summaries = [r for r in requests if "write a summary" in r["raw"]]
assert len(chat) == 4 and len(summaries) >= 1, (len(chat), len(summaries))
assert_all_extend(chat[:2])
# Compaction came before the third request: the same system prompt, the first message pinned
# with the progress appended, the newest exchange (the second read) kept.
after = messages(chat[2])
assert after[0] == messages(chat[0])[0]
assert after[1]["content"].startswith(messages(chat[0])[1]["content"]), "the first request is kept"
assert "<progress>" in after[1]["content"] and "SUMMARY: the user wants big.txt" in after[1]["content"]
assert "\"offset\":2" in after[-2]["tool_calls"][0]["function"]["arguments"], after[-2]
assert after[-1]["role"] == "tool" and after[-1]["tool_call_id"] == after[-2]["tool_calls"][0]["id"]
assert len(after) == 4, len(after)
# After compaction the prefix is stable again.
assert_extends(chat[2], chat[3], "the request after compaction")
'
cp "$LOG" "$T/first.jsonl"
pass "a turn past 80% of the window compacts and continues"

# --continue resumes from the compacted state, extending it byte for byte.
cat >"$T/s2.json" <<JSON
{"n_ctx": 8000, "standing": [$summary], "responses": [{"text": "Still fine."}]}
JSON
scripted_start "$T/s2.json"
use_model "$URL/v1"
run_pair -c -p "and now?"
assert_rc 0
assert_eq "$OUT" "Still fine."
check_log '
import json
prev = [r for r in load_requests("'"$T"'/first.jsonl") if "write a summary" not in r["raw"]][-1]
assert len(requests) == 1
assert_extends(prev, requests[0], "the resumed request")
assert messages(requests[0])[-1]["content"] == "and now?"
'
grep -q '"type":"compaction"' "$(ls "$XDG_DATA_HOME"/pair/sessions/*/*.jsonl)" || fail "the session records the compaction"
pass "--continue resumes the compacted conversation byte for byte"

# The server says the request does not fit: compact, retry once, answer.
cat >"$T/s3.json" <<JSON
{"n_ctx": 80000, "standing": [$summary], "responses": [
  {"status": 400, "error": {"message": "request (9100 tokens) exceeds the available context size (6000 tokens), try increasing it", "type": "exceed_context_size_error", "n_prompt_tokens": 9100, "n_ctx": 6000}},
  {"text": "Answered after compacting."}
]}
JSON
scripted_start "$T/s3.json"
use_model "$URL/v1"
run_pair -c -p "one more thing" --verbose
assert_rc 0
assert_eq "$OUT" "Answered after compacting."
assert_contains "$ERR" "did not fit the model's window; compacting and retrying"
check_log '
chat = [r for r in requests if "write a summary" not in r["raw"]]
summaries = [r for r in requests if "write a summary" in r["raw"]]
assert len(chat) == 2 and summaries, (len(chat), len(summaries))
for s in summaries:
    assert "tools" not in s["json"], "after an overflow the summary is made in chunks, without the full prefix"
assert len(chat[1]["raw"]) < len(chat[0]["raw"])
'
pass "an overflow error compacts and retries once"

# Nothing can make a single huge message fit: refused before sending, with the numbers.
"$HARNESS_PY" -c 'print("x" * 60000)' >"$T/huge.txt"
cat >"$T/s4.json" <<JSON
{"n_ctx": 4096, "responses": [{"text": "never"}]}
JSON
scripted_start "$T/s4.json"
use_model "$URL/v1"
PAIR_STDIN=$T/huge.txt run_pair --no-session
assert_rc 1
assert_contains "$ERR" "but the model's window is 4,096 tokens (llama-server /props)"
check_log 'assert len(requests) == 0, "nothing is sent"'
pass "a request that cannot fit is refused before it is sent"

# Ollama: the window is sent with every request (options.num_ctx), so it never truncates silently.
cat >"$T/s5.json" <<JSON
{"ollama": true, "n_ctx": 40960, "responses": [{"text": "ok"}, {"text": "ok"}]}
JSON
scripted_start "$T/s5.json"
use_model "$URL/v1"
run_pair -p "hi" --no-session --output-format stream-json
assert_rc 0
assert_contains "$OUT" '"window":8192'
check_log 'assert requests[0]["json"]["options"] == {"num_ctx": 8192}, requests[0]["json"].get("options")'
use_model "$URL/v1" '"context_window": 16384'
run_pair -p "hi" --no-session
assert_rc 0
check_log 'assert requests[1]["json"]["options"] == {"num_ctx": 16384}, requests[1]["json"].get("options")'
pass "Ollama gets num_ctx with every request (default 8192, or context_window)"

# A server with several slots: the session is pinned to one (id_slot), the same on every request.
cat >"$T/s6.json" <<JSON
{"n_ctx": 8192, "props": {"total_slots": 4}, "responses": [
  {"tool_calls": [{"name": "list_files", "arguments": {}}]}, {"text": "ok"}]}
JSON
scripted_start "$T/s6.json"
use_model "$URL/v1"
run_pair -p "hi" --no-session
assert_rc 0
check_log '
slots = [r["json"].get("id_slot") for r in requests]
assert len(slots) == 2 and slots[0] is not None and slots[0] == slots[1] and 0 <= slots[0] < 4, slots
'
pass "pinned to one slot of four (id_slot)"
