#!/usr/bin/env bash
# vLLM management without vLLM: a fake `vllm` on PATH records its command line and serves like an
# OpenAI-compatible server (the scripted test server). pair starts it for a "server": "vllm" entry with
# the flags tool calling needs, waits for /health, talks to it, reuses it, and stops it. Without vllm
# installed the error says how to get it.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
harness_init
PORT=$("$HARNESS_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
trap 'for f in "$XDG_STATE_HOME"/pair/servers/*.json; do [[ -e $f ]] && kill "$("$HARNESS_PY" -c "import json,sys; print(json.load(open(sys.argv[1]))[\"pid\"])" "$f")" 2>/dev/null; done; _harness_cleanup' EXIT

mkdir -p "$T/bin"
"$HARNESS_PY" -c 'import json,sys; json.dump({"model": "coder", "responses": [{"text": "Hello from vLLM."}] * 5}, open(sys.argv[1], "w"))' "$T/script.json"
cat >"$T/bin/vllm" <<SH
#!/usr/bin/env bash
# A stand-in for vLLM: remember the command line, then serve on the port it was given.
printf '%s\n' "\$*" >>"$T/vllm-argv"
port=""
while [[ \$# -gt 0 ]]; do [[ \$1 == --port ]] && port=\$2; shift; done
exec "$HARNESS_PY" "$root/tests/support/scripted_server.py" --script "$T/script.json" --log "$T/vllm.jsonl" --port "\$port"
SH
chmod +x "$T/bin/vllm"
mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "coder", "hf": "Qwen/Qwen3-Coder-30B-A3B-Instruct", "server": "vllm", "modelId": "coder",
  "url": "http://localhost:$PORT/v1", "ctx": 65536, "server_args": ["--tensor-parallel-size", "2"]}]
JSON
trust_workspace

# Not installed: a clear error.
PATH=/usr/bin:/bin run_pair -p "Hi."
assert_rc 2
assert_contains "$ERR" "served by vLLM, which is not installed (pip install vllm"
pass "vllm missing: explained"

PATH=$T/bin:$PATH run_pair -p "Hi."
assert_rc 0 "a turn through the managed (fake) vLLM"
assert_contains "$OUT" "Hello from vLLM."
argv=$(head -1 "$T/vllm-argv")
for part in "serve Qwen/Qwen3-Coder-30B-A3B-Instruct" "--host 127.0.0.1" "--port $PORT" "--served-model-name coder" \
            "--max-model-len 65536" "--enable-auto-tool-choice" "--tool-call-parser qwen3_coder" \
            "--tensor-parallel-size 2"; do
  [[ " $argv " == *" $part "* ]] || fail "vllm started without \"$part\": $argv"
done
pass "vllm started with: $argv"

PATH=$T/bin:$PATH run_pair -p "Again."
assert_rc 0
[[ $(wc -l <"$T/vllm-argv") == 1 ]] || fail "vLLM was started twice"
run_pair server status
assert_contains "$OUT" "coder (vllm)"
assert_contains "$OUT" "state     ready"
run_pair server stop coder
assert_rc 0
assert_contains "$OUT" "stopped vllm for \"coder\""
pass "reused, shown by status, stopped"
