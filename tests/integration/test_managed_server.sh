#!/usr/bin/env bash
# The llama-server pair manages for a models.json "gguf" entry, with a REAL llama-server and a tiny
# random-weight model: started on first use, reused by a second pair, shared by two pairs starting
# at once, restarted after a crash, stopped; a foreign program on the port is named; a llama-server
# started by hand for the same model is reused; a model that does not fit is refused (fake meminfo)
# unless --force.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
source "$root/tests/support/managed_server.sh"
managed_prepare
harness_init
managed_init
managed_models_json

# 1. The first pair starts the server.
run_pair -p "Say hello."
assert_rc 0 "first turn with a managed model"
assert_contains "$ERR" "started llama.cpp for \"tiny\" on port $PORT"
[[ -f "$RECORD" ]] || fail "no server record"
pid1=$(record_field pid)
alive "$pid1" || fail "the server is not running"
argv=$(record_field argv)
for flag in "--jinja" "--alias tiny" "--ctx-size 8192" "--flash-attn auto" "--slot-save-path $XDG_STATE_HOME/pair/slots" \
            "--host 127.0.0.1 --port $PORT"; do
  [[ " $argv " == *" $flag "* ]] || fail "llama-server started without $flag: $argv"
done
if grep -q -w amx_tile /proc/cpuinfo; then
  [[ " $argv " == *" --no-repack "* ]] || fail "AMX CPU: --no-repack is needed (llama.cpp crashes otherwise)"
fi
# Headless too: one line on stderr at exit, since the server keeps its memory after pair is gone.
assert_contains "$ERR" "[pair] llama-server for \"tiny\" is still running on port $PORT (pid $pid1, holding "
assert_contains "$ERR" "of memory); \`pair server stop tiny\` frees it"
pass "started on first use (pid $pid1): $argv"

# 2. A second pair reuses it.
run_pair -p "Again."
assert_rc 0
assert_not_contains "$ERR" "started llama.cpp"
[[ $(record_field pid) == "$pid1" ]] || fail "the second pair started another server"
pass "a second pair reuses it"

run_pair server status
assert_rc 0
assert_contains "$OUT" "state     ready"
assert_contains "$OUT" "pid $pid1"
run_pair server logs -n 5
assert_rc 0
assert_contains "$OUT" "port-$PORT.log"
pass "status and logs"

# 3. Two pairs starting at the same time share one new server.
run_pair server stop
assert_rc 0
assert_contains "$OUT" "stopped llama.cpp for \"tiny\" on port $PORT (pid $pid1)"
gone "$pid1" || fail "the server survived pair server stop"
[[ ! -f "$RECORD" ]] || fail "the record survived pair server stop"
# Stopping again: nothing to stop is what was asked for, not a usage error.
run_pair server stop
assert_rc 0 "server stop with nothing running"
assert_contains "$OUT" "nothing to stop: no server started by pair is running on port $PORT"
(cd "$WS" && "$PAIR_BIN" -p "One." --no-session >"$T/a.out" 2>"$T/a.err") & a=$!
(cd "$WS" && "$PAIR_BIN" -p "Two." --no-session >"$T/b.out" 2>"$T/b.err") & b=$!
wait $a || fail "first concurrent pair failed: $(cat "$T/a.err")"
wait $b || fail "second concurrent pair failed: $(cat "$T/b.err")"
starts=$(grep -c '^\[pair\] .* starting llama.cpp' "$XDG_STATE_HOME/pair/servers/port-$PORT.log")
[[ $starts == 1 ]] || fail "two pairs started $starts servers"
started_msgs=$(cat "$T/a.err" "$T/b.err" | grep -c 'started llama.cpp' || true)
[[ $started_msgs == 1 ]] || fail "expected exactly one pair to start the server, got $started_msgs"
pass "two pairs at once: one server"

# 4. A crash (kill -9): the next pair says so and starts it again.
pid2=$(record_field pid)
kill -9 "$pid2"
gone "$pid2" || fail "kill -9 did not end the server"
run_pair server status
assert_contains "$OUT" "NOT RUNNING"
run_pair -p "After the crash."
assert_rc 0 "turn after a crash"
assert_contains "$ERR" "llama-server for tiny (pid $pid2) exited: no reason in its log (killed?)"
assert_contains "$ERR" "restarting llama.cpp for tiny"
pid3=$(record_field pid)
[[ "$pid3" != "$pid2" ]] && alive "$pid3" || fail "not restarted"
pass "crash detected and server restarted (pid $pid2 -> $pid3)"
run_pair server stop --all
assert_rc 0

# 5. Some other program on the port: a clear error naming it.
"$HARNESS_PY" -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1 &
web=$!
MANAGED_EXTRA_PIDS="$web"
for _ in $(seq 1 100); do "$HARNESS_PY" -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.2)' "$PORT" 2>/dev/null && break; sleep 0.05; done
run_pair -p "Hello?"
assert_rc 2 "foreign program on the port"
assert_contains "$ERR" "port $PORT is in use by pid $web"
assert_contains "$ERR" "http.server"
assert_contains "$ERR" "give \"tiny\" another port in models.json"
kill $web; wait $web 2>/dev/null || true
pass "a foreign program on the port is named"

# 6. A llama-server started by hand for this very model is reused, not replaced.
nr=(); grep -q -w amx_tile /proc/cpuinfo && nr=(--no-repack)
"$PAIR_LLAMA_SERVER_BIN" -m "$MODEL" --host 127.0.0.1 --port "$PORT" --jinja -c 8192 -t 2 "${nr[@]}" \
  >"$T/hand.log" 2>&1 &
hand=$!
MANAGED_EXTRA_PIDS="$hand"
for _ in $(seq 1 600); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health" || true) == 200 ]] && break
  sleep 0.05
done
run_pair -p "Hi." -v
assert_rc 0
assert_contains "$ERR" "already serves this model"
[[ ! -f "$RECORD" ]] || fail "pair recorded a server it did not start"
kill $hand; wait $hand 2>/dev/null || true
pass "a llama-server started by hand for the same model is reused"

# 7. Not enough memory (injected readings): refused with numbers, unless --force.
printf 'MemTotal: 1048576 kB\nMemAvailable: 262144 kB\n' >"$T/meminfo"
PAIR_MEMINFO=$T/meminfo run_pair -p "Hello."
assert_rc 2 "refused when it does not fit"
assert_contains "$ERR" "does not fit in this machine's memory"
assert_contains "$ERR" "--force"
assert_contains "$ERR" "RAM 256 MiB free of 1.00 GiB"
[[ ! -f "$RECORD" ]] || fail "a server was started although it does not fit"
PAIR_MEMINFO=$T/meminfo run_pair -p "Hello." --force
assert_rc 0 "--force overrides the fit check"
assert_contains "$ERR" "although it does not fit (--force)"
pass "fit check refuses with numbers; --force overrides"
run_pair server stop
assert_rc 0
