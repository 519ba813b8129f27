#!/usr/bin/env bash
# /model in the terminal UI: models.json is read again each time the picker opens (an invalid edit
# keeps the list read before and names the file and line); switching to a model whose server does
# not answer warns at once with what to do, while a local model pair starts itself does not; the
# reachability column lines up whatever the widths of the names and URLs before it.
# And /stats after an interrupted answer counts what streamed.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

cat >"$T/script.json" <<JSON
{"responses": [
  {"text": "Counting:", "stream_tokens": 5000, "tokens_per_second": 100}
]}
JSON
scripted_start "$T/script.json"
free_port() { "$HARNESS_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
closed_port=$(free_port)
local_port=$(free_port)
cfg=$XDG_CONFIG_HOME/pair/models.json
mkdir -p "$(dirname "$cfg")"
write_models() {  # the user's models.json: the entries given, after the ones every step has
  cat >"$cfg" <<JSON
[{"name": "test", "url": "$URL/v1", "modelId": "test-model", "default": true},
 {"name": "模型", "url": "$URL/v1", "modelId": "wide-model"},
 {"name": "offline", "url": "http://127.0.0.1:$closed_port/some/longer/path/v1", "modelId": "x"}$1]
JSON
}
write_models ""

tui_start --permission-mode bypass

# /stats after Esc in the middle of an answer: the tokens that streamed and their speed.
tui_type "count"
tui_keys Enter
tui_wait "jumps over the lazy dog.the quick"
tui_wait "tok/s"
tui_keys Escape
tui_wait "Interrupted" 10
tui_wait_prompt 10
tui_type "/stats"
tui_keys Enter
tui_wait "counted from the stream: the server did not report them"
tui_wait "tok/s (measured from the stream)"
assert_not_contains "$(tui_capture)" "no server timings yet"
pass "/stats after an interrupted answer counts its streamed tokens and speed"

# An entry added while pair runs is listed the next time /model opens.
write_models ",
 {\"name\": \"added-later\", \"url\": \"$URL/v1\", \"modelId\": \"later-model\"},
 {\"name\": \"local\", \"gguf\": \"$T/not-pulled.gguf\", \"url\": \"http://127.0.0.1:$local_port/v1\"}"
tui_type "/model"
tui_keys Enter
tui_wait "Switch model"
tui_wait "added-later"
tui_wait "○ connection refused"
tui_wait "● reachable ("
tui_wait "· starts when chosen"
# The status column starts at the same terminal column on every row of the list.
"$HARNESS_PY" - "$(tui_screen)" <<'PY' || fail "the reachability column is not aligned:"$'\n'"$(tui_screen)"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
cols = []
for line in sys.argv[1].splitlines():
    for mark in ("● reachable", "○ ", "· starts when chosen", "· checking"):
        at = line.find(mark)
        if at > 0 and "://" in line:
            cols.append(width(line[:at]))
            break
assert len(cols) == 5, cols
assert len(set(cols)) == 1, cols
PY
tui_keys Escape
tui_wait_gone "Switch model"
pass "/model reads models.json again; the reachability column is aligned (wide names included)"

# An invalid edit: the list read before stays, and the message names the file and line.
printf '[{"name": "broken",\n  "url": }]\n' >"$cfg"
tui_type "/model"
tui_keys Enter
tui_wait "models.json was not read again"
tui_wait "$cfg:2"
tui_wait "Switch model"
assert_contains "$(tui_screen)" "added-later"
tui_keys Escape
tui_wait_gone "Switch model"
pass "an invalid models.json keeps the models read before and names the file and line"

# Switching to a model whose server is down warns now, not at the next prompt.
tui_type "/model offline"
tui_keys Enter
tui_wait "Model: offline"
tui_wait "offline is not reachable (connection refused): start its server at http://127.0.0.1:$closed_port/some/longer/path/v1" 5
# A local model pair starts itself on demand: no warning.
tui_type "/model local"
tui_keys Enter
tui_wait "Model: local"
tui_type "/model test"
tui_keys Enter
tui_wait "Model: test"
assert_not_contains "$(tui_capture)" "local is not reachable"
pass "switching to an unreachable model warns at once; a managed local one does not"
