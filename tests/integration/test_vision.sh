#!/usr/bin/env bash
# analyze_media and images in prompts through the real pair binary, against the scripted server
# (which plays both the main model and the vision model): the exact vision request (base64 payload,
# mime type from the bytes), when the tool is offered, and `@image.png` in a headless prompt.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

# A real 3x2 PNG, named .jpg on purpose: the type comes from the bytes.
"$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/make_png.py" "$WS/shot.jpg" 3 2
SIZE=$(stat -c %s "$WS/shot.jpg")
B64=$(base64 -w0 "$WS/shot.jpg")

# 1. analyze_media sends the image to the "imagevid" entry.
cat >"$T/s1.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "analyze_media", "arguments": {"media_path": "shot.jpg", "query": "What color is it?"}}]},
  {"text": "A small red rectangle."},
  {"text": "The screenshot is red."}
]}
JSON
scripted_start "$T/s1.json"
mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "test", "url": "$URL/v1", "modelId": "test-model", "purpose": "text"},
 {"name": "vlm", "url": "$URL", "modelId": "SmolVLM2", "purpose": "imagevid", "max_tokens": 64, "temperature": 0}]
JSON
run_pair -p "what is in shot.jpg?" --no-session
assert_rc 0
assert_eq "$OUT" "The screenshot is red."
check_log '
assert len(requests) == 3, len(requests)
names = [t["function"]["name"] for t in requests[0]["json"]["tools"]]
assert names[-1] == "analyze_media", names
vision = requests[1]["json"]
assert vision["model"] == "SmolVLM2", vision["model"]
assert "tools" not in vision, vision.keys()
assert vision["max_tokens"] == 64 and vision["temperature"] == 0, vision
assert vision["stream"] is True
assert vision["messages"] == [{"role": "user", "content": [
    {"type": "text", "text": "What color is it?"},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64,'"$B64"'"}}]}], vision["messages"]
result = messages(requests[2])[-1]
assert result["role"] == "tool", result
assert result["content"] == "[shot.jpg: PNG 3x2, '"$SIZE"' bytes; answered by vlm]\nA small red rectangle.", result
assert_extends(requests[0], requests[2])
'
pass "analyze_media: exact vision request (model, base64 payload, image/png from the bytes, no tools)"

# 2. No vision model: no analyze_media; @shot.jpg is not attached and the prompt says why.
echo '{"responses": [{"text": "ok"}]}' >"$T/s2.json"
scripted_start "$T/s2.json"
use_model "$URL/v1"
run_pair -p "describe @shot.jpg." --no-session -v
assert_rc 0
assert_contains "$ERR" "@shot.jpg was not attached: the model test does not take images"
check_log '
body = requests[0]["json"]
assert "analyze_media" not in [t["function"]["name"] for t in body["tools"]]
user = messages(requests[0])[1]
assert isinstance(user["content"], str), user
assert user["content"].endswith("describe @shot.jpg.\n[@shot.jpg was not attached: the model test does not take images; no vision model is configured (models.json: \"vision\": true on a model that takes images, or an entry with \"purpose\": \"imagevid\")]"), user["content"][-300:]
'
pass "no vision model: analyze_media not offered; the prompt says why the image was not attached"

# 3. A main model that takes images ("vision": true): @shot.jpg is attached to the user message,
# and analyze_media (served by the same model) is offered. The session resumes byte for byte.
echo '{"responses": [{"text": "A red image."}, {"text": "Still red."}]}' >"$T/s3.json"
scripted_start "$T/s3.json"
use_model "$URL/v1" '"vision": true'
run_pair -p "what is in @shot.jpg?" -v
assert_rc 0
assert_contains "$ERR" "attached @shot.jpg (PNG 3x2, $SIZE bytes)"
run_pair -c -p "and now?"
assert_rc 0
check_log '
assert len(requests) == 2
body = requests[0]["json"]
assert [t["function"]["name"] for t in body["tools"]][-1] == "analyze_media"
user = messages(requests[0])[1]
parts = user["content"]
assert isinstance(parts, list) and len(parts) == 2, parts
assert parts[0]["type"] == "text" and parts[0]["text"].startswith("<context>") and parts[0]["text"].endswith("what is in @shot.jpg?"), parts[0]
assert parts[1] == {"type": "image_url", "image_url": {"url": "data:image/png;base64,'"$B64"'"}}, parts[1]
assert_extends(requests[0], requests[1], "the resumed session")
'
pass "@shot.jpg attached for a model that takes images; --continue extends the request byte for byte"
