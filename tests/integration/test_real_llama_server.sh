#!/usr/bin/env bash
# pair against a REAL llama-server (built from source, cached) serving a tiny random-weight model
# with the Qwen3-Coder chat template: a headless turn completes over the real wire protocol and
# records the server's timings; a continued session is served from the server's prompt cache.
# (The model's text is noise; the point is the protocol and the cache.)
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/llama_server.sh"
pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
model=$(pair_ensure_tiny_model) || { echo "FAIL: cannot make the test model" >&2; exit 1; }

source "$root/tests/support/pair_harness.sh"
harness_init
pair_start_llama_server "$model" -c 8192 --parallel 1 || fail "llama-server did not start"
use_model "$PAIR_LLAMA_URL" '"max_tokens": 8, "temperature": 0'

timings_of() { # prints "prompt_n cache_n predicted_n" of the run's (last) timings event
  "$HARNESS_PY" -c '
import json, sys
t = [json.loads(l) for l in open(sys.argv[1])]
t = [e["timings"] for e in t if e["type"] == "timings"]
assert t, "no timings event"
print(t[-1]["prompt_n"], t[-1]["cache_n"], t[-1]["predicted_n"])' "$T/out"
}

run_pair -p "Say hello." --output-format stream-json
assert_rc 0 "a headless turn against llama-server"
"$HARNESS_PY" -c '
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
result = events[-1]
assert result["type"] == "result" and result["outcome"] == "completed", result
u = [e for e in events if e["type"] == "usage"]
assert u and u[-1]["usage"]["prompt_tokens"] > 300, u' "$T/out" || fail "stream-json from a real server"
read -r p1 c1 n1 < <(timings_of)
(( p1 + c1 > 300 )) || fail "the first prompt should hold the system prompt and tools (got $p1 + $c1 tokens)"
(( n1 >= 1 && n1 <= 8 )) || fail "max_tokens 8 respected (predicted_n=$n1)"
pass "headless turn against llama-server: prompt_n=$p1 cache_n=$c1 predicted_n=$n1"

run_pair -c -p "Once more." --output-format stream-json
assert_rc 0
read -r p2 c2 n2 < <(timings_of)
# Everything the first request sent is a prefix of the second: the server reuses it.
(( c2 >= p1 + c1 - 1 )) || fail "resumed turn should reuse the cached prefix: cache_n=$c2, first prompt=$((p1 + c1))"
pass "continued session reuses the server's cache: prompt_n=$p2 cache_n=$c2 (first prompt $((p1 + c1)) tokens)"

# A new session in another project shares the fixed prefix (system prompt + tools).
mkdir -p "$T/other" && git -C "$T/other" init -q
cp -r "$WS/.pair" "$T/other/"
WS=$T/other run_pair -p "Hi from another project." --output-format stream-json
assert_rc 0
read -r p3 c3 n3 < <(timings_of)
(( c3 > 300 )) || fail "a new session should reuse the fixed system+tools prefix (cache_n=$c3)"
pass "new session in another project reuses the fixed prefix: cache_n=$c3 prompt_n=$p3"
