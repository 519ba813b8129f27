#!/usr/bin/env bash
# Resizing the terminal redraws only the live area (the answer being streamed, the status line, the
# input box) at the new width: nothing stale is left in the scrollback (no frozen spinner, no second
# input box or copy of the screen), prose wraps at word boundaries, and a table drawn after a
# narrowing resize fits the new width. Both one resize and a burst of them (a window being dragged).
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init

# One long paragraph, streamed slowly: it is still the open block (live) when the terminal narrows.
prose="Resizing is checked with this paragraph, which is long enough to need several rows on a narrow terminal: \
a 120 column terminal for sure shows it differently than an 80 column terminal does, and every word has to \
stay whole wherever the rows happen to break, including somewhat lengthy vocabulary like internationalization \
and responsibilities. The paragraph ends here with its marker ZZEND."
# The second answer is a paragraph, live during a burst of resizes (slow enough to outlast the burst
# on a loaded machine); the third a table, drawn after them.
dragged="While the window is dragged this paragraph keeps streaming, and it has to come out whole at the \
width the terminal ends with, wrapped between words like any other. It goes on for a while longer, so \
that it is still being written when the last size is reached: a few more sentences about columns, rows, \
terminals, scrollback and the input box make sure of that, with a word such as internationalization to \
test the edges. TTSTART"
table="| setting | what it changes | default |
|---|---|---|
| tool output | how many lines of a tool's output the transcript shows before it says how many more there were | 8 lines |
| reasoning | whether the model's thinking is hidden, collapsed to one line, or shown in full as it is written | collapsed |

Table done TTEND."
python3 - "$T/script.json" "$prose" "$dragged" "$table" <<'PY'
import json, sys
path, prose, dragged, table = sys.argv[1:]
# A first answer fills the screen (rows wider than 80 columns among them), so the terminal has
# scrollback and reflows full rows when it narrows.
filler = "\n".join(f"- filler item {i}: " + "words to be reflowed " * (5 if i % 3 else 1) for i in range(50))
json.dump({"responses": [
    {"text": filler + "\n\nFiller done."},
    {"text": prose, "tokens_per_second": 25},
    {"text": dragged, "tokens_per_second": 20},
    {"text": table},
]}, open(path, "w"))
PY
scripted_start "$T/script.json"
use_model "$URL/v1"

# Waits until the input box is drawn at COLS columns: its two rules, each exactly that wide.
wait_drawn_at() {
  local cols=$1 i
  for ((i = 0; i < 200; i++)); do
    tui_screen | python3 -c '
import sys
rules = [r.rstrip() for r in sys.stdin.read().split("\n") if r.strip() and set(r.rstrip()) == {"─"}]
sys.exit(0 if len(rules) == 2 and all(len(r) == int(sys.argv[1]) for r in rules) else 1)' "$cols" &&
      return 0
    sleep 0.05
  done
  _tui_fail "the input box was not redrawn at $cols columns"
}

TUI_COLS=120 TUI_ROWS=40 tui_start
tui_type "fill the screen"
tui_keys Enter
tui_wait "Filler done."
tui_wait_prompt
tui_type "write the paragraph"
tui_keys Enter
tui_wait "several rows"
tui_resize 80 30  # while the answer streams
wait_drawn_at 80
tui_wait "ZZEND" 30
tui_wait_prompt 10
# A burst of resizes (tmux tells the program the latest size at most every 250 ms), idle: wider,
# then narrower again; then while an answer streams.
burst() { local c; for c in 110 95 101 70 85 60 119 77 "$1"; do tui_resize "$c" "$2"; sleep 0.02; done; }
burst 120 40
wait_drawn_at 120
burst 80 30
wait_drawn_at 80
tui_type "keep writing"
tui_keys Enter
tui_wait "streaming, and"
burst 80 30
wait_drawn_at 80
[[ "$(tui_capture)" != *TTSTART* ]] || fail "the answer ended before the resizes settled, so they were not tested mid-stream"
tui_wait "TTSTART" 30
tui_wait_prompt 10
tui_type "show the table"
tui_keys Enter
tui_wait "TTEND" 10
tui_wait_prompt 10

# The whole scrollback, rows as drawn (-J would join rows the terminal split when it narrowed).
tmux -L "$TUI_SOCKET" capture-pane -p -S - -t "$TUI_TARGET" >"$T/rows.txt"
python3 - "$T/rows.txt" "$prose" "$dragged" <<'PY' || { tail -60 "$T/rows.txt" >&2; fail "the scrollback after resizing is wrong (above)"; }
import re, sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
prose, dragged = sys.argv[2:]
text = "\n".join(rows)
problems = []
def count(pred):
    return sum(1 for r in rows if pred(r))
if text.count("ZZEND") != 1: problems.append(f"the answer's end appears {text.count('ZZEND')} times")
if text.count("TTSTART") != 1: problems.append(f"the second answer's end appears {text.count('TTSTART')} times")
if text.count("TTEND") != 1: problems.append(f"the table answer's end appears {text.count('TTEND')} times")
spinner = re.compile("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]")
stale = [r for r in rows if spinner.search(r) or "Writing" in r or "esc to interrupt" in r]
if stale: problems.append(f"stale status rows: {stale}")
rules = count(lambda r: r.strip() != "" and set(r.rstrip()) == {"─"})
if rules != 2: problems.append(f"{rules} separator rows (one input box has 2)")
prompts = [r for r in rows if r.startswith("❯")]
if len(prompts) != 5: problems.append(f"rows starting with ❯ (4 messages + the input): {prompts}")
if text.count("pair ") < 1 or text.count("/help for commands") != 1:
    problems.append(f"the banner appears {text.count('/help for commands')} times")
# The paragraphs were re-wrapped at 80 columns when the terminal narrowed: every word is whole.
def check_paragraph(first, last, source):
    start = next((i for i, r in enumerate(rows) if first in r), None)
    end = next((i for i, r in enumerate(rows) if last in r), None)
    if start is None or end is None:
        problems.append(f"the paragraph with {last} is missing")
        return
    drawn = rows[start:end + 1]
    if any(len(r) > 80 for r in drawn): problems.append(f"paragraph rows wider than 80: {drawn}")
    tokens = " ".join(r.lstrip("● ").strip() for r in drawn).split()
    if tokens != source.split(): problems.append(f"the paragraph's words were split: {drawn}")
check_paragraph("Resizing is checked", "ZZEND", prose)
check_paragraph("While the window is dragged", "TTSTART", dragged)
# The table came after the resize: every row of it is whole and fits 80 columns.
table = [r.rstrip() for r in rows if r.lstrip(" ●").startswith(("┌", "│", "├", "└"))]
if len(table) < 5: problems.append(f"the table is missing: {table}")
for r in table:
    if len(r) > 80 or not r.endswith(("┐", "│", "┤", "┘")): problems.append(f"a broken table row: {r!r}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
pass "resizing mid-stream and idle leaves one answer, one input box, no stale rows; prose and table fit 80 columns"

# Prose typed into the input box wraps between words too.
typed="a prompt typed at 80 columns that needs two rows of the input box, so it checks that a 120 column terminal for sure"
tui_type "$typed"
tui_wait "for sure"
input=$(tui_input)
[[ "$(echo $input | sed 's/^❯ //')" == "$typed" ]] ||
  fail "the input box split a word: $(printf '\n%s' "$input")"
pass "the input box wraps typed prose between words"
tui_stop
