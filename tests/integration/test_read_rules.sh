#!/usr/bin/env bash
# read_file's ask and deny rules (in the user's settings) hold for every way file contents or names
# reach the model: search_files and list_files leave covered files out (a search or listing of a
# covered path is refused as a whole, a symlink judged by its target), `@path` images in a headless
# prompt and `@path` files in the terminal UI are not attached. Checked in the requests the model got.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/tui_harness.sh"
harness_init
echo "SECRET_ENV=hunter2" >"$WS/.env"
mkdir -p "$WS/secrets" "$WS/src"
echo "SECRET_KEY=swordfish" >"$WS/secrets/key.txt"
echo "SECRET handling is documented in docs" >"$WS/src/app.txt"
echo "notes" >"$WS/notes.txt"
ln -s ../secrets/key.txt "$WS/src/link.txt"
"$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/make_png.py" "$WS/secrets/shot.png" 5 4 00ff00
"$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/make_png.py" "$WS/open.png" 3 2
SECRET_PNG=$(base64 -w0 "$WS/secrets/shot.png")
# Tracked, so that ripgrep (which follows .gitignore) would find them and git status names none.
git -C "$WS" add -A && git -C "$WS" commit -qm init
mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/settings.json" <<'JSON'
{"ui": {"warm_up": false},
 "permissions": {"ask": ["read_file(**/.env)"], "deny": ["read_file(secrets/**)"]}}
JSON
script() { printf '%s' "$1" >"$T/s.json"; scripted_start "$T/s.json"; use_model "$URL/v1" '"vision": true'; }
# What must never reach the model: the covered files' contents (and, unless the prompt names them, names).
no_secrets() {
  printf '%s' '
for r in requests:
    for word in ("hunter2", "swordfish", "'"$SECRET_PNG"'"'"${1:-}"'):
        assert word not in r["raw"], (word, r["raw"][-3000:])
'
}

script '{"responses": [
  {"tool_calls": [{"name": "search_files", "arguments": {"pattern": ".", "path": ".env"}},
                  {"name": "search_files", "arguments": {"pattern": "SECRET"}},
                  {"name": "search_files", "arguments": {"pattern": ".", "path": "secrets"}},
                  {"name": "list_files", "arguments": {}},
                  {"name": "list_files", "arguments": {"path": "secrets"}},
                  {"name": "search_files", "arguments": {"pattern": ".", "path": "src/link.txt"}}]},
  {"text": "done"}]}'
run_pair -p "find the secrets" --no-session
assert_rc 0
check_log "$(no_secrets ', "key.txt", "shot.png"')"'
r = [m["content"] for m in messages(requests[1]) if m["role"] == "tool"]
assert "the rule read_file(**/.env) asks" in r[0], r[0]
assert r[1].startswith("src/app.txt:1:SECRET handling"), r[1]
assert "[3 files left out by permission rules]" in r[1], r[1]
assert "denied by the rule read_file(secrets/**)" in r[2], r[2]
assert "src/app.txt" in r[3] and "notes.txt" in r[3] and ".env" not in r[3] and "secrets" not in r[3], r[3]
assert "[3 files left out by permission rules]" in r[3], r[3]
assert "denied by the rule read_file(secrets/**)" in r[4], r[4]
assert "denied by the rule read_file(secrets/**)" in r[5], r[5]
'
pass "search_files and list_files leave out what read_file rules cover, and refuse covered paths"

script '{"responses": [{"text": "ok"}]}'
run_pair -p "compare @secrets/shot.png with @open.png and @secrets/key.txt" --no-session
assert_rc 0
check_log "$(no_secrets)"'
user = messages(requests[0])[1]
text = " ".join(p.get("text", "") for p in user["content"]) if isinstance(user["content"], list) else user["content"]
assert "[@secrets/shot.png was not attached: denied by the rule read_file(secrets/**)]" in text, text
assert "[@secrets/key.txt was not attached: denied by the rule read_file(secrets/**)]" in text, text
images = [p for p in user["content"] if p.get("type") == "image_url"] if isinstance(user["content"], list) else []
assert len(images) == 1, images
'
pass "@path in a headless prompt attaches no file that read_file rules cover, and says why"

script '{"responses": [{"text": "First answer."}]}'
tui_start --no-session
tui_type "read @secrets/key.txt and @notes.txt"
tui_keys Enter
tui_wait "First answer."
tui_wait "@secrets/key.txt (not attached: denied by the rule read_file(secrets/**))"
tui_wait "@notes.txt (1 line)"
check_log "$(no_secrets)"'
text = messages(requests[0])[-1]["content"]
text = " ".join(p.get("text", "") for p in text) if isinstance(text, list) else text
assert "<file path=\"notes.txt\">\nnotes\n</file>" in text, text
'
tui_stop
pass "@path in the terminal UI attaches no file that read_file rules cover, and says why"
