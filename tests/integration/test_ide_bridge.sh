#!/usr/bin/env bash
# The editor bridge through the real binary, against a scripted editor window
# (tests/support/scripted_ide.py) and the scripted model server: the selection reaches the model in
# the user message (never the system prompt); a proposed edit is reviewed in the editor (accepted,
# accepted as edited by the user, rejected); a wrong token, a stale lock and a window on another
# folder are passed over; --no-ide and the automatic mode; Ctrl+C while a review is open.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init
printf 'one\ntwo\nthree\n' >"$WS/a.txt"
git -C "$WS" add -A && git -C "$WS" commit -qm init

source "$PAIR_SOURCE_DIR/tests/support/ide_harness.sh"
LOCKS=$IDE_LOCKS
trap 'ide_stop_all; _harness_cleanup' EXIT
ide_log() { cat "$IDE_LOG"; }
model() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1"; }

CONTEXT='"context": {"activeFile": {"path": "WS/a.txt", "language": "plaintext", "cursor": {"line": 2, "character": 4},
  "selection": {"start": {"line": 2, "character": 1}, "end": {"line": 2, "character": 4}, "text": "two"},
  "visibleRanges": [{"startLine": 1, "endLine": 3}], "isDirty": false},
  "queued": [{"path": "WS/a.txt", "language": "plaintext", "startLine": 3, "endLine": 3, "text": "three"}]},
  "diagnostics": [{"path": "WS/a.txt", "diagnostics": [{"severity": "error", "message": "bad word", "source": "lint",
    "range": {"start": {"line": 1, "character": 1}, "end": {"line": 1, "character": 4}}}]}]'
EDIT='{"tool_calls": [{"name": "edit_file", "arguments": {"path": "a.txt", "old_string": "two", "new_string": "TWO"}}]}'

# 1. Accepted as the user edited it; the selection, the queued text and the errors went with the prompt.
ide_start "{$CONTEXT, \"openDiff\": [{\"decision\": \"accepted\", \"content\": \"one\\nTwo, said the user\\nthree\\n\", \"edited\": true}]}" "$WS"
model "{\"responses\": [$EDIT, {\"text\": \"done\"}]}"
run_pair -p "shout the selection" --ide
assert_rc 0
assert_eq "$(cat "$WS/a.txt")" $'one\nTwo, said the user\nthree'
check_log '
first = messages(requests[0])
assert "<editor>" not in first[0]["content"], "the editor context must never be in the system prompt"
user = first[1]["content"]
assert user.index("shout the selection") < user.index("<editor>"), user
assert "Open in Scripted IDE: a.txt, cursor at line 2, lines 1-3 visible." in user, user
assert "Selected (line 2):\n```\ntwo\n```" in user, user
assert "The user sent from Scripted IDE: a.txt line 3:\n```\nthree\n```" in user, user
assert "- line 1: bad word (lint)" in user, user
tool = [m for m in messages(requests[1]) if m["role"] == "tool"][0]["content"]
assert "The user edited your proposed change before accepting it" in tool, tool
'
grep -q '"method": "openDiff"' "$IDE_LOG" || fail "no openDiff reached the editor"
grep -q '"newContent": "one\\nTWO\\nthree\\n"' "$IDE_LOG" || fail "openDiff did not carry the proposed content: $(ide_log)"
grep -q '"diffId": "pair-' "$IDE_LOG" || fail "openDiff without a diff id"
ide_stop
pass "the selection, queued text and errors reach the model in the user message; an edited proposal is written as the user left it"

# 2. Accepted unchanged: the model's edit runs as it made it.
ide_start "{$CONTEXT, \"openDiff\": [{\"decision\": \"accepted\", \"content\": \"one\\nTWO\\nthree\\n\", \"edited\": false}]}" "$WS"
printf 'one\ntwo\nthree\n' >"$WS/a.txt"
model "{\"responses\": [$EDIT, {\"text\": \"done\"}]}"
run_pair -p "shout" --ide
assert_rc 0
assert_eq "$(cat "$WS/a.txt")" $'one\nTWO\nthree'
check_log 'tool = [m for m in messages(requests[1]) if m["role"] == "tool"][0]["content"]; assert tool.startswith("Edited a.txt"), tool'
ide_stop
pass "an accepted proposal runs the edit"

# 3. Rejected: the file stays, the model is told.
ide_start "{$CONTEXT, \"openDiff\": [{\"decision\": \"rejected\", \"reason\": \"the user rejected the change in the editor\"}]}" "$WS"
printf 'one\ntwo\nthree\n' >"$WS/a.txt"
model "{\"responses\": [$EDIT, {\"text\": \"ok, leaving it\"}]}"
run_pair -p "shout" --ide
assert_rc 0
assert_eq "$(cat "$WS/a.txt")" $'one\ntwo\nthree'
check_log '
tool = [m for m in messages(requests[1]) if m["role"] == "tool"][0]["content"]
assert "did not allow" in tool and "rejected the change in Scripted IDE" in tool, tool
'
ide_stop
pass "a rejected proposal leaves the file and tells the model"

# 4. A wrong token and a stale lock are passed over; the window of this workspace is used, not the
#    one of another folder; PAIR_IDE_PORT picks among windows of the same workspace.
mkdir -p "$T/elsewhere"
ide_start "{\"context\": {\"activeFile\": null}}" "$T/elsewhere"
other_log=$IDE_LOG
ide_start "{$CONTEXT}" "$WS" --lock-token wrong-token
wrong_log=$IDE_LOG
printf '{"pid": 999999, "workspaceFolders": ["%s"], "token": "x", "protocolVersion": 1, "ideName": "Old"}' "$WS" \
  >"$LOCKS/1.json"
chmod 600 "$LOCKS/1.json"
model '{"responses": [{"text": "hi"}]}'
run_pair -p "hello" --ide --verbose
assert_rc 0
assert_contains "$ERR" "refused pair's token"
assert_contains "$ERR" "1.json: stale (process 999999 is gone)"
assert_contains "$ERR" "a window for another workspace"
check_log 'assert "<editor>" not in messages(requests[0])[1]["content"]'
grep -q '"event": "rpc"' "$other_log" && fail "pair talked to the window of another folder"
grep -q '"unauthorized"' "$wrong_log" || fail "the wrong token never reached its window"
ide_start "{$CONTEXT}" "$WS"
good_port=$IDE_PORT good_log=$IDE_LOG
ide_start "{\"context\": {\"activeFile\": null}}" "$WS"
model '{"responses": [{"text": "hi"}]}'
PAIR_IDE_PORT=$good_port run_pair -p "hello" --ide
assert_rc 0
check_log 'assert "Selected (line 2)" in messages(requests[0])[1]["content"]'
grep -q getContext "$good_log" || fail "PAIR_IDE_PORT did not pick its window"
grep -q getContext "$IDE_LOG" && fail "pair asked the other window of the same workspace"
pass "wrong tokens, stale locks and other folders' windows are passed over; PAIR_IDE_PORT picks the window"

# 5. --no-ide, and the automatic mode: headless connects only inside an editor's terminal.
: >"$good_log"
model '{"responses": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}'
PAIR_IDE_PORT=$good_port run_pair -p "x" --no-ide
assert_rc 0
run_pair -p "y"
assert_rc 0
[[ ! -s "$good_log" ]] || fail "pair connected with --no-ide or outside an editor terminal: $(cat "$good_log")"
PAIR_IDE_PORT=$good_port run_pair -p "z" --verbose
assert_rc 0
grep -q getContext "$good_log" || fail "inside the editor's terminal pair should connect by itself"
mkdir -p "$WS/.pair" && echo '{"ide": {"enabled": false}}' >"$WS/.pair/settings.json"
: >"$good_log"
model '{"responses": [{"text": "a"}]}'
PAIR_IDE_PORT=$good_port run_pair -p "z"
[[ ! -s "$good_log" ]] || fail "the setting /ide/enabled false must keep pair away"
rm "$WS/.pair/settings.json"
ide_stop_all
pass "--no-ide, the automatic mode and the setting"

# 6. Ctrl+C while the change waits for review: pair stops at once and the editor sees it go. (While
#    it waits, its notification stream is open: the editor counts it as connected.)
ide_start "{$CONTEXT, \"openDiff\": [{\"wait\": true}]}" "$WS"
printf 'one\ntwo\nthree\n' >"$WS/a.txt"
model "{\"responses\": [$EDIT, {\"text\": \"done\"}]}"
(cd "$WS" && exec "$PAIR_BIN" -p "shout" --ide </dev/null >"$T/out" 2>"$T/err") &
pair_pid=$!
for _ in $(seq 1 1500); do grep -q openDiff "$IDE_LOG" && break; sleep 0.02; done
grep -q openDiff "$IDE_LOG" || fail "openDiff never came"
for _ in $(seq 1 500); do grep -q '"event": "events_open"' "$IDE_LOG" && break; sleep 0.02; done
grep -q '"event": "events_open"' "$IDE_LOG" || fail "pair did not open the notification stream"
kill -INT "$pair_pid"
set +e
wait "$pair_pid"
RC=$?
set -e
assert_rc 130
for _ in $(seq 1 500); do grep -q diff_abandoned "$IDE_LOG" && break; sleep 0.02; done
grep -q -e diff_abandoned -e '"method": "closeDiff"' "$IDE_LOG" || fail "the editor never learned pair stopped waiting"
assert_eq "$(cat "$WS/a.txt")" $'one\ntwo\nthree'
pass "Ctrl+C during a review ends the run and the review"
