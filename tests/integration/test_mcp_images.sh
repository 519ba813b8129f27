#!/usr/bin/env bash
# An MCP tool's image through the real pair binary (headless, the scripted model) and the real
# reference server `mcp-server-everything` over stdio (its get-tiny-image tool): a model marked
# "vision": true in models.json gets the image after the tool message, as a user message of
# image_url parts naming the call, byte-identical in every later request and after --continue; a
# model that takes no images (also one the session is resumed with), or an image past
# vision.max_image_bytes, gets the tool message's text with the image described and no image sent.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/mcp_harness.sh"
mcp_everything_find
harness_init

mkdir -p "$XDG_CONFIG_HOME/pair"
cat >"$XDG_CONFIG_HOME/pair/mcp.json" <<JSON
{"mcpServers": {"everything": {"command": "$EVERYTHING", "tools": ["get-tiny-image", "echo"]}}}
JSON
cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"id": "call_img", "name": "mcp__everything__get-tiny-image", "arguments": {}}]},
  {"tool_calls": [{"id": "call_echo", "name": "mcp__everything__echo", "arguments": {"message": "seen"}}]},
  {"text": "A tiny logo."}
]}
JSON

# The text the server sends around its image, with the marker where the image was.
TOOL_TEXT_CHECK='
def tool_message(request):
    tool = [m for m in messages(request) if m["role"] == "tool"][0]
    assert tool["tool_call_id"] == "call_img", tool
    return tool["content"]
text = tool_message(requests[1])
assert text.startswith("Here'"'"'s the image you requested:\n[image 1: image/png, about "), text
assert "bytes]\nThe image above is the MCP logo." in text, text
'

scripted_start "$T/script.json"
use_model "$URL/v1" '"vision": true'
run_pair -p "show me the logo" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "A tiny logo."
cp "$LOG" "$T/vision.jsonl"
check_log "$TOOL_TEXT_CHECK"'
assert "not shown" not in text, text
after = messages(requests[1])[-1]
assert after["role"] == "user", after
parts = after["content"]
assert parts[0] == {"type": "text", "text": "Images from tool call call_img (mcp__everything__get-tiny-image), in the order its result marks them:"}, parts[0]
assert len(parts) == 2, parts
url = parts[1]["image_url"]["url"]
assert parts[1]["type"] == "image_url" and url.startswith("data:image/png;base64,iVBORw0KGgo"), url[:80]
assert len(requests) == 3, len(requests)
assert_all_extend(requests)
assert messages(requests[2])[4] == after, "the image message is repeated as it was"
'
pass "a vision model gets the MCP tool's image after the tool message, byte-identical in later requests"

# The session keeps the image: --continue sends it again, extending the last request byte for byte.
echo '{"responses": [{"text": "Still the logo."}]}' >"$T/again.json"
scripted_start "$T/again.json"
use_model "$URL/v1" '"vision": true'
run_pair -c -p "and now?" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "Still the logo."
check_log '
assert_resumes("'"$T"'/vision.jsonl", requests)
assert "data:image/png;base64,iVBORw0KGgo" in messages_raw(requests[0])
'
pass "--continue replays the tool result's image"

# Resumed with a model that takes no images, the same session is sent with its image described.
echo '{"responses": [{"text": "Described."}]}' >"$T/text_only.json"
scripted_start "$T/text_only.json"
use_model "$URL/v1"
run_pair -c -p "and without vision?" --permission-mode bypass
assert_rc 0
assert_eq "$OUT" "Described."
check_log '
assert "image_url" not in requests[0]["raw"], "an image was sent to a model that takes none"
tool = [m for m in messages(requests[0]) if m["role"] == "tool"][0]
assert "[image 1 not shown: the model in use takes no images" in tool["content"], tool
'
pass "a session resumed with a model that takes no images sends its earlier image described"

# A model that takes no images: the text says so, and no image is sent.
scripted_start "$T/script.json"
use_model "$URL/v1"
run_pair -p "show me the logo" --permission-mode bypass --no-session
assert_rc 0
check_log "$TOOL_TEXT_CHECK"'
assert text.endswith("\n[image 1 not shown: the model in use takes no images (models.json \"vision\": true marks one that does)]"), text
assert all("image_url" not in r["raw"] for r in requests), "an image was sent"
assert messages(requests[1])[-1]["role"] == "tool", messages(requests[1])[-1]
'
pass "a model that takes no images gets the image described, and no image"

# An image past vision.max_image_bytes is described, not sent, even to a vision model.
echo '{"vision": {"max_image_bytes": 100}}' >"$XDG_CONFIG_HOME/pair/settings.json"
scripted_start "$T/script.json"
use_model "$URL/v1" '"vision": true'
run_pair -p "show me the logo" --permission-mode bypass --no-session
assert_rc 0
check_log "$TOOL_TEXT_CHECK"'
assert "more than the 100 bytes limit (vision.max_image_bytes)]" in text, text
assert all("image_url" not in r["raw"] for r in requests), "an image past the limit was sent"
'
pass "an image past vision.max_image_bytes is described, not sent"
