#!/usr/bin/env bash
# /compact in the terminal UI: the older turns are summarised by the model (focus passed along), the
# status line shows the window the server reported (/props), and the next turn continues from the
# compacted conversation. With nothing to compact yet, it says so. A turn that outgrows 80% of the
# window compacts automatically, and the transcript says what was compacted and what it saved.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

summary='{"body_contains": "write a summary of this conversation", "response": {"text": "SUMMARY-OF-EARLIER-TURNS"}}'
cat >"$T/script.json" <<JSON
{"n_ctx": 20000, "standing": [$summary], "responses": [
  {"text": "First answer."},
  {"text": "Second answer."},
  {"text": "Third answer."},
  {"text": "After compaction."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "/compact"
tui_keys Enter
tui_wait "nothing to compact yet"
for n in one two three; do
  tui_type "question $n with some words to make the turn longer than a line"
  tui_keys Enter
done
tui_wait "Third answer."
tui_wait "/20.0k"  # the status line shows the window /props gave (20000)
tui_type "/compact keep the word BANANA"
tui_keys Enter
tui_wait "compacted:"
tui_type "go on"
tui_keys Enter
tui_wait "After compaction."
tui_capture >"$T/screen.txt"
tui_stop

check_log '
summaries = [r for r in requests if "write a summary of this conversation" in r["raw"]]
assert len(summaries) == 1, len(summaries)
assert "BANANA" in summaries[0]["raw"], "the focus reaches the summary request"
chat = [r for r in requests if "write a summary" not in r["raw"]]
last = chat[-1]["json"]["messages"]
assert any("SUMMARY-OF-EARLIER-TURNS" in json.dumps(m) for m in last), "the next turn starts from the summary"
assert not any("question two" in json.dumps(m) for m in last[1:-1] if "SUMMARY" not in json.dumps(m)), "older turns were replaced"
'
echo "ok: /compact summarised the older turns and the next turn continued from the summary"

# Automatic compaction: two reads of a big file (~4k tokens each) in a window of 8000 tokens take the
# next request past 80%; the transcript says so, with the tokens before and after.
"$HARNESS_PY" -c 'import sys; open(sys.argv[1], "w").write("".join("line %05d of a long file with some words in it\n" % i for i in range(260)))' "$WS/big.txt"
cat >"$T/auto.json" <<JSON
{"n_ctx": 8000, "standing": [$summary], "responses": [
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "big.txt"}}]},
  {"tool_calls": [{"name": "read_file", "arguments": {"path": "big.txt", "offset": 2}}]},
  {"text": "big.txt looks fine."}
]}
JSON
scripted_start "$T/auto.json"
use_model "$URL/v1"
tui_start
tui_type "check big.txt"
tui_keys Enter
tui_wait "big.txt looks fine."
screen=$(tui_capture)
tui_stop
[[ "$screen" =~ compacted\ automatically:\ ([0-9,]+)\ →\ ([0-9,]+)\ tokens\ \([0-9]+\ older\ messages?\ summarised ]] ||
  fail "no line about the automatic compaction: $(grep -i compact <<<"$screen")"
before=${BASH_REMATCH[1]//,/} after=${BASH_REMATCH[2]//,/}
((after < before)) || fail "compaction should save tokens: $before → $after"
echo "ok: automatic compaction is shown with what it saved ($before → $after tokens)"
