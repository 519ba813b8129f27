#!/usr/bin/env bash
# analyze_media against a REAL llama-server with a multimodal projector: a random-weight text model
# plus a random-weight CLIP/LLaVA projector (tests/support/make_tiny_mmproj.py), served with
# --mmproj. The scripted server plays the main model and calls analyze_media; the vision request
# goes to llama-server, which must decode the PNG and encode it into image tokens (checked by the
# prompt size in its log). The answer is noise; the point is the real wire format.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/llama_server.sh"
# Before the harness isolates HOME: the llama.cpp build and the model cache live in the real one.
pair_ensure_llama || { echo "FAIL: llama.cpp is not available" >&2; exit 1; }
model=$(pair_ensure_tiny_model) || { echo "FAIL: cannot make the test model" >&2; exit 1; }

source "$root/tests/support/pair_harness.sh"
harness_init
"$(_pair_python)" "$PAIR_SOURCE_DIR/tests/support/make_tiny_mmproj.py" -o "$T/mmproj.gguf" \
  --llama-source "$PAIR_LLAMA_SOURCE" --text-embedding 128 --image-size 32 --patch-size 8 ||
  fail "could not make the projector"
pair_start_llama_server "$model" --mmproj "$T/mmproj.gguf" -c 2048 --parallel 1 || fail "llama-server did not start"

"$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/make_png.py" "$WS/shot.png" 40 30 0080ff

cat >"$T/s.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "analyze_media", "arguments": {"media_path": "shot.png", "query": "What is it?"}}]},
  {"text": "Described."}
]}
JSON
scripted_start "$T/s.json"
mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "test", "url": "$URL/v1", "modelId": "test-model", "purpose": "text"},
 {"name": "vlm", "url": "$PAIR_LLAMA_URL", "modelId": "tiny", "purpose": "imagevid", "max_tokens": 8, "temperature": 0}]
JSON
run_pair -p "look at shot.png" --no-session
assert_rc 0
assert_eq "$OUT" "Described."
check_log '
result = messages(requests[1])[-1]["content"]
head, _, answer = result.partition("\n")
assert head.startswith("[shot.png: PNG 40x30, ") and head.endswith("; answered by vlm]"), result
assert answer.strip(), "the vision model answered nothing: " + result
'
pass "analyze_media through a real llama-server with --mmproj"

# The vision request's prompt = the same text without the image + 16 image tokens ((32/8)^2 patches).
vision_tokens=$(sed -n 's/.*task 0 | prompt eval time = .*\/ *\([0-9]*\) tokens.*/\1/p' "$PAIR_LLAMA_LOG" | head -1)
text_tokens=$(curl -sS --max-time 120 -H 'Content-Type: application/json' "$PAIR_LLAMA_URL/v1/chat/completions" \
  --data-binary '{"messages":[{"role":"user","content":[{"type":"text","text":"What is it?"}]}],"max_tokens":1,"cache_prompt":false}' |
  "$HARNESS_PY" -c 'import json,sys; print(json.load(sys.stdin)["timings"]["prompt_n"])')
[[ -n "$vision_tokens" && "$vision_tokens" == $((text_tokens + 16)) ]] ||
  fail "vision prompt $vision_tokens tokens, text alone $text_tokens: the image was not encoded (log: $PAIR_LLAMA_LOG)"
pass "llama-server encoded the image: $vision_tokens prompt tokens = $text_tokens text + 16 image"
