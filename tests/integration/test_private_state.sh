#!/usr/bin/env bash
# What pair keeps for a user is private to that user: after a headless run with a session, a
# `pair model pull --add` (a Hub-shaped local server) and a run with a managed REAL llama-server
# (its log, record, lock and the KV-cache slot file a session saves), every file under pair's
# state, data and config directories is 0600 (nothing for group or others) in 0700 directories,
# including directories and a log that an older pair left 0755 / 0644.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
source "$root/tests/support/managed_server.sh"
managed_prepare
harness_init
managed_init

STATE=$XDG_STATE_HOME/pair DATA=$XDG_DATA_HOME/pair CONFIG=$XDG_CONFIG_HOME/pair
# What an older pair left readable by everyone.
mkdir -p "$STATE/servers" "$STATE/slots" "$DATA" "$CONFIG"
chmod 0755 "$STATE" "$STATE/servers" "$STATE/slots" "$DATA" "$CONFIG"
printf 'an older server log\n' >"$STATE/servers/port-$PORT.log"
chmod 0644 "$STATE/servers/port-$PORT.log"

# check_private WHAT DIR...: no directory other than 0700, no file with a bit for group or others.
check_private() {
  local what=$1 bad
  shift
  bad=$(find "$@" \( -type d ! -perm 0700 -printf 'directory %m %p\n' \) -o \
    \( ! -type d -perm /077 -printf 'file %m %p\n' \))
  [[ -z "$bad" ]] || fail "$what: not private:
$bad"
}

# 1. A headless run with a session (scripted model).
printf '{"responses": [{"text": "hello"}]}' >"$T/s.json"
scripted_start "$T/s.json"
use_model "$URL/v1"
run_pair -p "Say hello."
assert_rc 0
ls "$DATA"/sessions/*/*.jsonl >/dev/null 2>&1 || fail "no session was written"
check_private "after a headless run with a session" "$DATA"
pass "sessions are private"

# 2. pair model pull --add: the model, its manifest and the user's models.json.
mkdir -p "$T/hub/acme/Tiny-GGUF"
"$HARNESS_PY" -c 'import os,sys; open(sys.argv[1], "wb").write(b"GGUF" + os.urandom(50000))' \
  "$T/hub/acme/Tiny-GGUF/Tiny-Q8_0.gguf"
echo '{}' >"$T/hub.json"
"$HARNESS_PY" "$root/tests/support/hf_server.py" --root "$T/hub" --config "$T/hub.json" --log "$T/hub.jsonl" \
  --port-file "$T/hub.port" &
MANAGED_EXTRA_PIDS=$!
for _ in $(seq 1 300); do [[ -s "$T/hub.port" ]] && break; sleep 0.02; done
HF_ENDPOINT=http://127.0.0.1:$(cat "$T/hub.port") run_pair model pull acme/Tiny-GGUF:Q8_0 --add pulled
assert_rc 0 "pair model pull"
[[ -f "$DATA/models/acme/Tiny-GGUF/Tiny-Q8_0.gguf" && -f "$CONFIG/models.json" ]] ||
  fail "the pull did not land where expected: $(find "$DATA" "$CONFIG")"
check_private "after pair model pull --add" "$DATA" "$CONFIG"
pass "pulled models, their manifest and the user's models.json are private"

# 3. A managed llama-server: its log (the older one moved aside), record, lock and a saved KV cache.
managed_models_json
run_pair -p "Say hello."
assert_rc 0 "a turn with a managed server"
assert_contains "$ERR" "started llama.cpp for \"tiny\" on port $PORT"
ls "$STATE"/slots/*.bin >/dev/null 2>&1 || fail "no KV-cache slot file was saved: $ERR"
[[ -f "$STATE/servers/port-$PORT.json" && -f "$STATE/servers/port-$PORT.lock" ]] || fail "no server record or lock"
[[ $(cat "$STATE/servers/port-$PORT.log.1") == "an older server log" ]] || fail "the older log was not moved aside"
check_private "after a managed llama-server run" "$STATE" "$DATA" "$CONFIG"
pass "server logs, records, locks and slot files are private: $(cd "$STATE" && ls servers slots | tr '\n' ' ')"
run_pair server stop
assert_rc 0
