#!/usr/bin/env bash
# The terminal UI in tmux: typing and sending, multi-line input (Shift+Enter, Ctrl+J, a trailing
# backslash), wide characters, a collapsed paste sent in full, history across restarts, resize,
# Tab completion of commands and @file mentions (the file goes with the message), Ctrl+D exit.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
printf 'hello from notes\n' >"$WS/notes.txt"

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"text": "First answer with **bold** text.", "timings": {"prompt_n": 300, "cache_n": 0, "predicted_n": 8, "predicted_per_second": 80}},
  {"text": "Second answer."},
  {"text": "Third answer."},
  {"text": "Fourth answer."},
  {"text": "Fifth answer."},
  {"text": "Sixth answer."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1" '"context_window": 32768'

tui_start
tui_type "hello 日本 👍"
tui_wait "❯ hello 日本 👍"
tui_keys Enter
tui_wait "First answer with bold text."
tui_wait_prompt
check_log 'assert messages(requests[0])[-1]["content"].endswith("hello 日本 👍"), messages(requests[0])[-1]["content"][-40:]'
pass "typing and sending, with wide characters; the answer is rendered"

tui_type "line one"
tui_keys S-Enter
tui_type "line two"
tui_keys C-j
tui_type "line three\\"
tui_keys Enter
tui_type "line four"
tui_wait "line four"
screen=$(tui_screen)
assert_contains "$screen" "❯ line one" "first line at the prompt"
assert_contains "$screen" "  line two" "second line continues"
tui_keys Enter
tui_wait "Second answer."
check_log 'assert messages(requests[1])[-1]["content"] == "line one\nline two\nline three\nline four", repr(messages(requests[1])[-1]["content"])'
pass "multi-line input: shift+enter, ctrl+j and a trailing backslash"

big=""
for i in $(seq 1 40); do big+="pasted line $i"$'\n'; done
tui_type "look: "
tui_paste "$big"
tui_wait "[Pasted +40 lines,"
tui_type " end"
tui_keys Left Left Left Left BSpace
tui_wait_gone "[Pasted +40 lines,"
tui_paste "$big"
tui_wait "[Pasted +40 lines,"
tui_keys Enter
tui_wait "Third answer."
check_log '
text = messages(requests[2])[-1]["content"]
assert text.startswith("look: pasted line 1\n"), repr(text[:60])
assert "pasted line 40\n end" in text, repr(text[-60:])
assert text.count("pasted line") == 40, text.count("pasted line")'
assert_not_contains "$(tui_capture)" "pasted line 17" "the paste stays collapsed on screen"
pass "a large paste collapses to one unit (Backspace removes it whole) and is sent in full"

tui_type "draft"
tui_keys Up
tui_wait_input "❯ look: [Pasted +40 lines, 591 chars] end"
tui_keys Up
tui_wait_input "❯ line one
  line two
  line three
  line four"
tui_keys Down
tui_wait_input "❯ look: [Pasted +40 lines, 591 chars] end"
tui_keys Down
tui_wait_input "❯ draft"
tui_keys C-u
pass "history: Up/Down walk earlier messages, pastes included"

tui_type "/he"
tui_wait "/help  keys and commands"
tui_keys Tab
tui_wait_input "❯ /help"
tui_keys C-u
tui_type "read @no"
tui_keys Tab
tui_wait_input "❯ read @notes.txt"
tui_type "and answer"
tui_keys Enter
tui_wait "Fourth answer."
tui_wait "@notes.txt (1 line)"
check_log '
text = messages(requests[3])[-1]["content"]
assert text.startswith("read @notes.txt and answer\n\n<file path=\"notes.txt\">\nhello from notes\n</file>"), repr(text)'
pass "Tab completes @file mentions and /commands; the file content goes with the message"

tui_resize 70 30
tui_wait_prompt
[[ "$(tui_screen)" == *"Fourth answer."* ]] || _tui_fail "the latest output should be redrawn after a resize"
tui_type "after resize"
tui_keys Enter
tui_wait "Fifth answer."
widest=$(tui_screen | "$HARNESS_PY" -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
(( widest <= 70 )) || { tui_screen >&2; fail "a row is wider than the resized terminal ($widest)"; }
tui_resize 120 40
tui_wait_prompt
pass "resize: the screen is redrawn at the new width"

tui_keys C-d
tui_wait "[pair exited 0]"
assert_contains "$(tui_capture)" "saved. Continue it with: pair -c"
tui_stop

# History persists per project: a new pair process recalls the last message.
tui_start
tui_keys Up
tui_wait_input "❯ after resize"
tui_keys C-c
tui_keys C-c C-c
tui_wait "[pair exited 0]"
pass "history persists across restarts; Ctrl+C twice exits"

out=$(cd "$WS" && echo "from a pipe" | "$PAIR_BIN" 2>&1) || fail "piped stdin run failed: $out"
assert_eq "$out" "Sixth answer." "non-TTY stdin behaves like headless mode"
pass "stdin that is not a terminal: headless"
