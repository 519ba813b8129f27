#!/usr/bin/env bash
# Bad bytes and bad depth never crash pair: invalid UTF-8 in file names, the working directory,
# model output and tool output travels as U+FFFD (requests, session file, stream-json); JSON nested
# 100,000 deep in a settings or models file is an error naming the file (exit code 2), never a
# signal.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1"; }
# Every session file under the data directory is JSON lines, each valid UTF-8 JSON.
sessions_valid() {
  "$HARNESS_PY" - "$XDG_DATA_HOME/pair/sessions" "${1:-}" <<'PY' || fail "session files are not valid JSON lines"
import glob, json, sys
files = glob.glob(sys.argv[1] + "/*/*.jsonl")
assert files, "no session file"
for f in files:
    lines = open(f, "rb").read().decode("utf-8").splitlines()  # strict: raises on invalid UTF-8
    records = [json.loads(line) for line in lines if line.strip()]
    assert records[0]["type"] == "session", records[0]
    if sys.argv[2]:
        assert sys.argv[2] in records[0]["cwd"], records[0]["cwd"]
PY
}
assert_no_signal() { [[ "$RC" -lt 128 ]] || fail "pair died of signal $((RC - 128))"; }

# 1. A file name with byte 0xFF, listed and suggested ("did you mean").
printf 'hi\n' >"$WS/"$'bad\xffname.txt'
script '{"responses": [
  {"tool_calls": [{"name": "list_files", "arguments": {"path": "."}},
                  {"name": "read_file", "arguments": {"path": "bad_name.txt"}}]},
  {"text": "done"}]}'
run_pair -p "look around"
assert_no_signal
assert_rc 0
assert_eq "$OUT" "done"
check_log '
msgs = messages(requests[1])
tools = [m["content"] for m in msgs if m["role"] == "tool"]
assert len(tools) == 2, msgs
assert "bad\ufffdname.txt" in tools[0], tools[0]
assert "Did you mean" in tools[1] and "bad\ufffdname.txt" in tools[1], tools[1]
'
sessions_valid
pass "a file name with invalid UTF-8 is listed and suggested as U+FFFD"

# 2. A workspace whose own directory name holds byte 0xFF.
rm -rf "$XDG_DATA_HOME/pair/sessions"
WS=$T/$'ws\xffdir'
mkdir -p "$WS"
git -C "$WS" init -q -b main
script '{"responses": [{"text": "hello there"}]}'
run_pair -p "hi"
assert_no_signal
assert_rc 0
assert_eq "$OUT" "hello there"
check_log 'assert "ws\ufffddir" in requests[0]["raw"], requests[0]["raw"][:2000]'
sessions_valid $'ws\xef\xbf\xbddir'
pass "a working directory with invalid UTF-8 in its name"
WS=$T/ws

# 3. JSON nested 100,000 deep: an error that names the file, exit code 2.
deep_array=$("$HARNESS_PY" -c 'print("[" * 100000 + "]" * 100000)')
deep_object=$("$HARNESS_PY" -c 'print("{\"a\":" * 100000 + "1" + "}" * 100000)')
script '{"responses": [{"text": "unused"}]}'
printf '%s\n' "$deep_array" >"$WS/.pair/settings.json"
run_pair -p "hi"
assert_no_signal
assert_rc 2
assert_contains "$ERR" "$WS/.pair/settings.json"
assert_contains "$ERR" "nested deeper than 512 levels"
printf '%s\n' "$deep_object" >"$WS/.pair/settings.json"
run_pair -p "hi"
assert_no_signal
assert_rc 2
assert_contains "$ERR" "$WS/.pair/settings.json"
assert_contains "$ERR" "nested deeper than 512 levels"
rm "$WS/.pair/settings.json"
mkdir -p "$XDG_CONFIG_HOME/pair"
printf '%s\n' "$deep_object" >"$XDG_CONFIG_HOME/pair/settings.json"
run_pair -p "hi"
assert_no_signal
assert_rc 2
assert_contains "$ERR" "$XDG_CONFIG_HOME/pair/settings.json"
assert_contains "$ERR" "nested deeper than 512 levels"
rm "$XDG_CONFIG_HOME/pair/settings.json"
for deep in "$deep_array" "$deep_object"; do
  printf '%s\n' "$deep" >"$WS/.pair/models.json"
  run_pair -p "hi"
  assert_no_signal
  assert_rc 2
  assert_contains "$ERR" "$WS/.pair/models.json"
  assert_contains "$ERR" "nested deeper than 512 levels"
done
pass "settings and models.json nested 100,000 deep are errors naming the file"

# 4. Invalid UTF-8 from the model (text and tool-call arguments, raw bytes in the stream) and from
# a command's output.
"$HARNESS_PY" - "$T/s.json" <<'PY'
import base64, json, sys
def event(delta, finish=None):
    return {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
args = json.dumps({"command": "printf 'x\\xffy' # MARK2"})
events = [event({"role": "assistant", "content": None}),
          event({"content": "cafMARK1 ok"}),
          event({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                 "function": {"name": "bash", "arguments": args}}]}),
          event({}, "tool_calls")]
sse = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"
sse = sse.replace(b"MARK1", b"\xff").replace(b"MARK2", b"\xfe")
script = {"responses": [{"raw_sse_base64": base64.b64encode(sse).decode()}, {"text": "done"}]}
json.dump(script, open(sys.argv[1], "w"))
PY
cp "$T/s.json" "$T/bytes.json"
scripted_start "$T/bytes.json"
use_model "$URL/v1"
run_pair -p "run it" --permission-mode bypass
assert_no_signal
assert_rc 0
assert_eq "$OUT" "done"
check_log '
msgs = messages(requests[1])
assistant = [m for m in msgs if m["role"] == "assistant"][-1]
assert assistant["content"] == "caf\ufffd ok", assistant
assert "# \ufffd" in assistant["tool_calls"][0]["function"]["arguments"], assistant
tool = [m for m in msgs if m["role"] == "tool"][-1]
assert "x\ufffdy" in tool["content"], tool
'
sessions_valid
# The same as stream-json: every line valid UTF-8 JSON.
scripted_start "$T/bytes.json"
use_model "$URL/v1"
run_pair -p "run it" --permission-mode bypass --output-format stream-json
assert_no_signal
assert_rc 0
"$HARNESS_PY" - "$T/out" <<'PY' || fail "stream-json output is not valid JSON lines"
import json, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
events = [json.loads(line) for line in lines if line.strip()]
texts = "".join(e.get("text", "") for e in events if e.get("type") == "text")
assert "caf\ufffd ok" in texts, texts
results = [e for e in events if e.get("type") == "tool_result"]
assert results and "x\ufffdy" in json.dumps(results, ensure_ascii=False), results
assert events[-1]["type"] == "result", events[-1]
PY
pass "invalid UTF-8 from the model and from a command becomes U+FFFD"
