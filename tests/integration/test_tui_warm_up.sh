#!/usr/bin/env bash
# The terminal UI warms a local server up at start-up: before the user has typed anything it sends
# the system prompt, the tools and the workspace's context block (one token at most), and the first
# turn's request then begins with exactly those bytes (the prompt cache covers them). With
# /ui/warm_up false nothing is sent before the first message.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
echo "Build with make." >"$WS/AGENTS.md"
cat >"$T/script.json" <<'JSON'
{"responses": [{"text": "(warm-up)"}, {"text": "Hello there."}]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

TUI_WARM_UP=1 tui_start
for _ in $(seq 1 100); do [[ -s "$LOG" ]] && break; sleep 0.05; done
[[ -s "$LOG" ]] || fail "no warm-up request before the first message"
tui_type "say hello"
tui_keys Enter
tui_wait "Hello there."
tui_stop
check_log '
assert len(requests) == 2, len(requests)
warm, first = requests[0]["json"], requests[1]["json"]
assert warm["max_tokens"] == 1, warm.get("max_tokens")
assert [m["role"] for m in warm["messages"]] == ["system", "user"], warm["messages"]
context = warm["messages"][1]["content"]
assert context.startswith("<context>") and "Build with make." in context, context
assert first["messages"][0] == warm["messages"][0], "the system prompt changed"
assert first["messages"][1]["content"] == context + "say hello", first["messages"][1]["content"]
assert first["tools"] == warm["tools"], "the tools changed"
assert raw_array(requests[1]["raw"], "tools") == raw_array(requests[0]["raw"], "tools"), "tools not byte-identical"
'

# Off by the setting: the first request is the turn's own.
: >"$LOG"
mkdir -p "$XDG_CONFIG_HOME/pair"
echo '{"ui": {"warm_up": false}}' >"$XDG_CONFIG_HOME/pair/settings.json"
cat >"$T/script2.json" <<'JSON'
{"responses": [{"text": "Hi again."}]}
JSON
scripted_start "$T/script2.json"
use_model "$URL/v1"
tui_start
tui_type "hi"
tui_keys Enter
tui_wait "Hi again."
tui_stop
# A warm-up is queued on the engine thread before anything typed, so had one been sent it would be
# the first request; the only request is the turn's own.
check_log '
assert len(requests) == 1, [r["json"].get("max_tokens") for r in requests]
assert messages(requests[0])[-1]["content"].endswith("hi"), messages(requests[0])[-1]
'
echo "ok: the warm-up sent the first turn's prefix, byte for byte; the setting turns it off"
