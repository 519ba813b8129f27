# shellcheck shell=bash
# Terminal tests: the real pair binary in tmux, against the scripted server. Source it after
# pair_harness.sh and harness_init, then:
#
#   tui_start [PAIR_ARGS...]      # pair in a fresh tmux server (own socket), 120x40, in $WS; waits
#                                 # for the UI's footer (or for $TUI_READY_TEXT, e.g. a question before it)
#   tui_type "text"               # types literally
#   tui_keys Enter S-Enter C-c    # tmux key names
#   tui_paste "text"              # a bracketed paste
#   tui_wait "text" [SECONDS]     # waits until the screen (with scrollback) shows it; fails otherwise
#   tui_wait_gone "text" [SECONDS]
#   tui_wait_prompt               # waits for the idle prompt (nothing running)
#   tui_wait_input "❯ text"       # waits until the input area holds exactly this
#   tui_screen                    # prints the screen (visible part)
#   tui_resize COLS ROWS
#   tui_stop                      # ends pair and the tmux server
#
# Waits poll the screen; nothing sleeps a fixed time. The tmux server is killed on exit.

TUI_SOCKET=""
TUI_TARGET="pair"
_tui_sockets=()

_tui_cleanup() {
  local s
  for s in "${_tui_sockets[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  _harness_cleanup
}

tui_start() {
  command -v tmux >/dev/null || fail "tmux is not installed (scripts/deps.sh --test)"
  trap _tui_cleanup EXIT
  # A fresh tmux server each time: a server being killed may still hold the previous socket.
  TUI_SOCKET="pair-test-$$-$RANDOM-${#_tui_sockets[@]}"
  _tui_sockets+=("$TUI_SOCKET")
  # The start-up warm-up (a request before the first turn) is off unless a test asks for it, so the
  # scripted server's answers line up with the turns.
  if [[ "${TUI_WARM_UP:-0}" != 1 && ! -e "$XDG_CONFIG_HOME/pair/settings.json" ]]; then
    mkdir -p "$XDG_CONFIG_HOME/pair"
    echo '{"ui": {"warm_up": false}}' >"$XDG_CONFIG_HOME/pair/settings.json"
  fi
  printf 'set -s extended-keys on\nset -g history-limit 5000\nset -s escape-time 0\n' >"$T/tmux.conf"
  local args="" a
  for a in "$@"; do args+=" $(printf '%q' "$a")"; done
  # The shell stays after pair exits, so the final screen can still be read.
  tmux -L "$TUI_SOCKET" -f "$T/tmux.conf" new-session -d -x "${TUI_COLS:-120}" -y "${TUI_ROWS:-40}" \
    -s "$TUI_TARGET" -e HOME="$HOME" -e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -e XDG_DATA_HOME="$XDG_DATA_HOME" \
    -e XDG_STATE_HOME="$XDG_STATE_HOME" -e XDG_CACHE_HOME="$XDG_CACHE_HOME" -e TERM=tmux-256color \
    "cd $(printf '%q' "$WS") && $(printf '%q' "$PAIR_BIN")$args; echo \"[pair exited \$?]\"; sleep 600"
  : >"$T/out"  # check_log reads it
  tui_wait "${TUI_READY_TEXT:-enter send}" 10
}

tui_capture() { tmux -L "$TUI_SOCKET" capture-pane -p -J -S -2000 -t "$TUI_TARGET" 2>/dev/null; }
tui_screen() { tmux -L "$TUI_SOCKET" capture-pane -p -t "$TUI_TARGET" 2>/dev/null; }
tui_type() { tmux -L "$TUI_SOCKET" send-keys -t "$TUI_TARGET" -l -- "$1"; }
tui_keys() { tmux -L "$TUI_SOCKET" send-keys -t "$TUI_TARGET" "$@"; }
tui_paste() {
  printf '%s' "$1" | tmux -L "$TUI_SOCKET" load-buffer -b testpaste -
  tmux -L "$TUI_SOCKET" paste-buffer -p -d -b testpaste -t "$TUI_TARGET"
}
tui_resize() { tmux -L "$TUI_SOCKET" resize-window -t "$TUI_TARGET" -x "$1" -y "$2"; }

_tui_fail() {
  echo "--- screen ---" >&2
  tui_capture | tail -60 >&2
  fail "$1"
}

tui_wait() {
  local text=$1 limit=${2:-10} i
  for ((i = 0; i < limit * 20; i++)); do
    [[ "$(tui_capture)" == *"$text"* ]] && return 0
    sleep 0.05
  done
  _tui_fail "timed out after ${limit}s waiting for: $text"
}

tui_wait_gone() {
  local text=$1 limit=${2:-10} i
  for ((i = 0; i < limit * 20; i++)); do
    [[ "$(tui_screen)" != *"$text"* ]] && return 0
    sleep 0.05
  done
  _tui_fail "timed out after ${limit}s waiting for this to go: $text"
}

# The input area: the rows between the last two horizontal rules on the screen.
tui_input() {
  tui_screen | awk '/^─────/ { n++; if (in_box) { print buf; buf = ""; in_box = 0 } else { in_box = 1; buf = "" }; next }
    in_box { buf = buf (buf == "" ? "" : "\\n") $0 }' | tail -1 | sed 's/\\n/\n/g'
}

# Waits until the input area is exactly TEXT (rows joined with newlines, prompt included).
tui_wait_input() {
  local text=$1 limit=${2:-10} i
  for ((i = 0; i < limit * 20; i++)); do
    [[ "$(tui_input | sed 's/[[:space:]]*$//')" == "$text" ]] && return 0
    sleep 0.05
  done
  _tui_fail "timed out after ${limit}s waiting for the input to be: $text (it is: $(tui_input))"
}

# The idle prompt: the footer hint shown when no turn runs.
tui_wait_prompt() {
  local limit=${1:-10} i
  for ((i = 0; i < limit * 20; i++)); do
    local s
    s=$(tui_screen)
    [[ "$s" == *"enter send · shift+enter"* && "$s" != *"esc to interrupt"* ]] && return 0
    sleep 0.05
  done
  _tui_fail "timed out after ${limit}s waiting for the idle prompt"
}

# Count of chat requests the scripted server has seen.
tui_requests() { local n; n=$(grep -c '/chat/completions"' "$LOG" 2>/dev/null) || true; echo "${n:-0}"; }

tui_wait_requests() {
  local n=$1 limit=${2:-10} i
  for ((i = 0; i < limit * 20; i++)); do
    (($(tui_requests) >= n)) && return 0
    sleep 0.05
  done
  _tui_fail "timed out waiting for $n chat requests (got $(tui_requests))"
}

tui_stop() { tmux -L "$TUI_SOCKET" kill-server 2>/dev/null || true; }
