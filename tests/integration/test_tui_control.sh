#!/usr/bin/env bash
# Control in the terminal UI: Ctrl+C during a long bash command (its process group is killed) and
# Esc during a slow answer; /model switches mid-conversation (picker with reachability); /undo
# reverts the last turn's file changes and tells the model; /resume and pair -c bring a session back.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
printf 'original\n' >"$WS/a.txt"
marker="31.$RANDOM"

cat >"$T/script.json" <<JSON
{"responses": [
  {"text": "Running it.", "tool_calls": [{"name": "bash", "arguments": {"command": "sleep $marker; echo finished"}}]},
  {"text": "Counting:", "stream_tokens": 5000, "tokens_per_second": 40},
  {"text": "On the other model now."},
  {"tool_calls": [{"name": "write_file", "arguments": {"path": "new.txt", "content": "created\\n"}},
                  {"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "original", "new_string": "changed"}},
                  {"name": "bash", "arguments": {"command": "echo side-effect > side.txt"}}]},
  {"text": "Made three changes."},
  {"text": "Noted the undo."},
  {"text": "Back in the resumed session."},
  {"text": "Slow:", "stream_tokens": 5000, "tokens_per_second": 40}
]}
JSON
scripted_start "$T/script.json"
closed_port=$("$HARNESS_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "test", "url": "$URL/v1", "modelId": "test-model"},
 {"name": "other", "url": "$URL/v1", "modelId": "other-model"},
 {"name": "offline", "url": "http://127.0.0.1:$closed_port/v1", "modelId": "x"}]
JSON

tui_start --permission-mode bypass
tui_type "run the slow command"
tui_keys Enter
tui_wait "Running bash"
pgrep -f "sleep $marker" >/dev/null || fail "the command should be running"
start=$(date +%s%N)
tui_keys C-c
tui_wait "Interrupted" 10
tui_wait_prompt 10
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
for _ in $(seq 1 40); do pgrep -f "sleep $marker" >/dev/null || break; sleep 0.05; done
! pgrep -f "sleep $marker" >/dev/null || fail "the bash command's process is still running after Ctrl+C"
assert_contains "$(tui_capture)" "[cancelled; the command and its children were killed]"
pass "Ctrl+C during a long bash command kills it and returns to the prompt (${elapsed_ms} ms)"

tui_type "count"
tui_keys Enter
tui_wait "jumps over the lazy dog.the quick"
tui_keys Escape
tui_wait "Interrupted" 10
tui_wait_prompt 10
pass "Esc interrupts a streaming answer"

tui_type "/model"
tui_keys Enter
tui_wait "Switch model"
tui_wait "reachable ("
tui_wait "○ connection refused"
tui_keys Down Enter
tui_wait "Model: other"
tui_type "hello other"
tui_keys Enter
tui_wait "On the other model now."
tui_wait_prompt
check_log '
assert requests[2]["json"]["model"] == "other-model", requests[2]["json"]["model"]
assert_extends(requests[1], requests[2])  # the conversation goes on, byte for byte'
pass "/model: picker with reachability; the conversation continues on the other model"

tui_type "change things"
tui_keys Enter
tui_wait "Made three changes."
tui_wait_prompt
assert_eq "$(cat "$WS/a.txt")" "changed"
tui_type "/diff"
tui_keys Enter
tui_wait "+changed"
tui_type "/undo"
tui_keys Enter
tui_wait "Nothing more to undo."
assert_eq "$(cat "$WS/a.txt")" "original"
[[ ! -e "$WS/new.txt" ]] || fail "/undo should remove the file the turn created"
[[ -e "$WS/side.txt" ]] || fail "bash's side effect stays"
screen=$(tui_capture)
assert_contains "$screen" "restored a.txt"
assert_contains "$screen" "removed new.txt"
assert_contains "$screen" "Not undone: whatever these commands changed: echo side-effect > side.txt"
tui_type "ok"
tui_keys Enter
tui_wait "Noted the undo."
check_log '
text = messages(requests[5])[-1]["content"]
assert text.startswith("[The user undid the file changes of the previous turn"), text
assert text.endswith("ok"), text'
pass "/diff shows the session's changes; /undo reverts the last turn's files and tells the model"

tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop

tui_start
tui_type "/resume"
tui_keys Enter
tui_wait "Resume a session"
tui_wait "run the slow command"
tui_keys Enter
tui_wait "Resumed session"
tui_wait "Noted the undo."
tui_type "and now?"
tui_keys Enter
tui_wait "Back in the resumed session."
check_log 'assert_extends(requests[5], requests[6])'
tui_keys C-d
tui_wait "[pair exited 0]"
tui_stop
pass "/resume picks an earlier session and continues it byte for byte"

tui_start -c
tui_wait "Back in the resumed session."
tui_keys C-d
tui_wait "[pair exited 0]"
pass "pair -c shows the conversation so far"

# Signals from outside: SIGINT interrupts like Ctrl+C, SIGTERM ends pair and restores the terminal.
tui_start
tui_type "slow again"
tui_keys Enter
tui_wait "Slow:the quick"
pid=$(pgrep -P "$(tmux -L "$TUI_SOCKET" display -p -t "$TUI_TARGET" '#{pane_pid}')")
kill -INT "$pid"
tui_wait "Interrupted"
tui_wait_prompt
kill -TERM "$pid"
tui_wait "[pair exited 143]"
tui_type "typed-after-exit"  # the pane's shell now sleeps: the terminal echoes only if pair restored it
tui_wait "typed-after-exit"
pass "SIGINT interrupts the turn; SIGTERM exits (143) and leaves the terminal in its normal mode"
