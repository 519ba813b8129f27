#!/usr/bin/env bash
# The real-server chain works: llama.cpp builds or is found, a random-weight model is made (or
# taken from the cache), llama-server starts with it, and a streamed chat turn ends with a
# chunk that carries `timings`.
set -euo pipefail

export PAIR_SOURCE_DIR=${PAIR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/support/llama_server.sh
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"

fail() { echo "FAIL: $*" >&2; exit 1; }
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3

# Our own EXIT trap first: the library chains its cleanup onto whatever trap exists.
out=$(mktemp "${TMPDIR:-/tmp}/pair-smoke.XXXXXX")
trap 'rm -f "$out"' EXIT

pair_ensure_llama || fail "llama.cpp is not available"
model=$(pair_ensure_tiny_model) || fail "could not make the test model"
pair_start_llama_server "$model" -c 2048 --parallel 1 || fail "llama-server did not start"

status=$(curl -sS -o "$out" -w '%{http_code}' --max-time 60 -H 'Content-Type: application/json' \
  --data-binary '{"messages":[{"role":"user","content":"Say hello."}],"stream":true,"max_tokens":8,"temperature":0}' \
  "$PAIR_LLAMA_URL/v1/chat/completions") || fail "request failed"
[[ "$status" == 200 ]] || fail "HTTP $status: $(head -c 500 "$out")"

"$py" - "$out" <<'EOF' || fail "unexpected stream (log: $PAIR_LLAMA_LOG)"
import json, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8")
events = [block[len("data: "):] for block in raw.split("\n\n") if block.startswith("data: ")]
assert events and events[-1] == "[DONE]", events[-3:]
chunks = [json.loads(e) for e in events[:-1]]
content = [c["choices"][0]["delta"].get("content") for c in chunks if c["choices"]]
assert any(content), "no content deltas"
final = chunks[-1]
assert final["choices"][0]["finish_reason"] == "length", final
timings = final.get("timings")
assert timings and timings["prompt_n"] > 0 and timings["predicted_n"] == 8, final
print(f"llama-server smoke: {timings['prompt_n']} prompt tokens, {timings['predicted_n']} generated "
      f"at {timings['predicted_per_second']:.0f} tokens/s")
EOF

n_ctx=$(curl -sS "$PAIR_LLAMA_URL/props" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["default_generation_settings"]["n_ctx"])')
[[ "$n_ctx" == 2048 ]] || fail "/props n_ctx is $n_ctx, expected 2048"
pair_stop_llama_server
echo "test_llama_server_smoke: passed"
