#!/usr/bin/env bash
# An MCP tool's image as a REAL llama-server with a multimodal projector receives it: the scripted
# model calls server-everything's get-tiny-image in a recorded session; the session is resumed with
# llama-server (random weights, a random CLIP/LLaVA projector, --mmproj) as the model, marked
# "vision": true. llama-server must take the conversation as pair sends it (the tool message, then a
# user message of image_url parts) and encode the image: the request's prompt is 16 image tokens
# ((32/8)^2 patches) longer than the same request without its image parts. The answer is noise.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/llama_server.sh"
# Before the harness isolates HOME: the llama.cpp build, the model and npm caches live in the real one.
pair_require_tiny_model
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/mcp_harness.sh"
mcp_everything_find
harness_init
"$(_pair_python)" "$PAIR_SOURCE_DIR/tests/support/make_tiny_mmproj.py" -o "$T/mmproj.gguf" \
  --llama-source "$PAIR_LLAMA_SOURCE" --text-embedding 128 --image-size 32 --patch-size 8 ||
  fail "could not make the projector"
pair_start_llama_server "$model" --mmproj "$T/mmproj.gguf" -c 4096 --parallel 1 || fail "llama-server did not start"

mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"everything": {"command": "$EVERYTHING", "tools": ["get-tiny-image"]}}}
JSON
cat >"$T/s.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"id": "call_img", "name": "mcp__everything__get-tiny-image", "arguments": {}}]},
  {"text": "A logo."}
]}
JSON
scripted_start "$T/s.json"
use_model "$URL/v1" '"vision": true'
run_pair -p "show me the logo" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "A logo."
check_log 'assert "data:image/png;base64," in messages_raw(requests[1])'

# The request pair sends when the session is resumed with a vision model (captured by the scripted
# server), then the same session resumed with llama-server itself as that model.
echo '{"responses": [{"text": "Again."}]}' >"$T/again.json"
scripted_start "$T/again.json"
use_model "$URL/v1" '"vision": true'
run_pair -c -p "and now?" --permission-mode bypass --no-session
assert_rc 0
check_log 'assert "data:image/png;base64," in messages_raw(requests[0])'
PYTHONPATH="$PAIR_SOURCE_DIR/tests/support" "$HARNESS_PY" -c \
  'import sys; from request_log import load_requests; print(load_requests(sys.argv[1])[0]["raw"])' "$LOG" >"$T/body.json"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "vlm", "url": "$PAIR_LLAMA_URL", "modelId": "tiny", "purpose": "text", "vision": true,
  "max_tokens": 4, "temperature": 0}]
JSON
run_pair -c -p "and now?" --permission-mode bypass --no-session
assert_rc 0 "llama-server took the conversation with the image after the tool message (log: $PAIR_LLAMA_LOG)"
pass "a session with an MCP tool's image, resumed with llama-server --mmproj as the model"

# That body, sent to llama-server as it is and without its image parts: the image is encoded into
# 16 tokens ((32/8)^2 patches).
prompt_n() {
  "$HARNESS_PY" -c '
import json, sys
body = json.load(open(sys.argv[1]))
if sys.argv[2] == "without":
    for m in body["messages"]:
        if isinstance(m["content"], list):
            m["content"] = [p for p in m["content"] if p["type"] != "image_url"]
body.update(stream=False, max_tokens=1, cache_prompt=False)
body.pop("stream_options", None)
print(json.dumps(body))' "$T/body.json" "$1" |
    curl -sS --max-time 120 -H 'Content-Type: application/json' "$PAIR_LLAMA_URL/v1/chat/completions" --data-binary @- |
    "$HARNESS_PY" -c 'import json,sys; print(json.load(sys.stdin)["timings"]["prompt_n"])'
}
with_image=$(prompt_n with) || fail "llama-server refused the request with the image (log: $PAIR_LLAMA_LOG)"
without=$(prompt_n without) || fail "llama-server refused the request without the image"
[[ "$with_image" == $((without + 16)) ]] ||
  fail "prompt $with_image tokens with the image, $without without: the image was not encoded (log: $PAIR_LLAMA_LOG)"
pass "llama-server encoded the tool's image: $with_image prompt tokens = $without + 16"
