#!/usr/bin/env bash
# A message typed while a turn runs waits in a queue; interrupting the turn (Esc or Ctrl+C) puts the
# queued messages back into the input box, ahead of anything typed since, instead of dropping them.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

cat >"$T/script.json" <<JSON
{"responses": [
  {"text": "Counting:", "stream_tokens": 5000, "tokens_per_second": 40},
  {"text": "Counting again:", "stream_tokens": 5000, "tokens_per_second": 40},
  {"text": "Answered the queued ones."}
]}
JSON
scripted_start "$T/script.json"
use_model "$URL/v1"

tui_start
tui_type "count"
tui_keys Enter
tui_wait "jumps over the lazy dog.the quick"
tui_type "first queued"
tui_keys Enter
tui_type "second queued"
tui_keys Enter
tui_wait "queued: second queued"
tui_keys Escape
tui_wait "Interrupted" 10
tui_wait_prompt 10
tui_wait_input "❯ first queued
  second queued"
[[ $(tui_requests) == 1 ]] || fail "the queued messages were sent after the interrupt ($(tui_requests) requests)"
pass "Esc puts the queued messages back into the input box"

# Ctrl+C too, and a draft typed after queueing stays behind the queued message.
tui_keys C-c  # idle, with text: clears the input box
tui_wait_input "❯"
tui_type "count again"
tui_keys Enter
tui_wait "Counting again:"
tui_wait "jumps over the lazy dog.the quick"
tui_type "third queued"
tui_keys Enter
tui_type "a draft"
tui_wait "queued: third queued"
tui_keys C-c
tui_wait "Interrupted" 10
tui_wait_prompt 10
tui_wait_input "❯ third queued
  a draft"
[[ $(tui_requests) == 2 ]] || fail "the queued message was sent after Ctrl+C ($(tui_requests) requests)"
tui_keys Enter
tui_wait "Answered the queued ones."
check_log 'assert "third queued\na draft" in messages(requests[-1])[-1]["content"], messages(requests[-1])[-1]'
tui_stop
pass "Ctrl+C puts the queued message back ahead of the draft, and it can be sent"
