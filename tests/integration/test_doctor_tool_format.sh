#!/usr/bin/env bash
# pair doctor's tool-call format probe against the scripted server: one tiny request per text model,
# answered with a structured call, a call left in the text (Hermes format) and plain text.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

cat >"$T/script.json" <<'JSON'
{"responses": [
  {"tool_calls": [{"name": "get_time", "arguments": {"city": "Paris"}}]},
  {"text": "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>", "finish_reason": "stop", "chunking": {"bytes": 5}},
  {"text": "It is noon in Paris."}
]}
JSON
scripted_start "$T/script.json"
mkdir -p "$WS/.pair"
cat >"$WS/.pair/models.json" <<JSON
[{"name": "structured", "url": "$URL/v1", "modelId": "m", "purpose": "text"},
 {"name": "textual", "url": "$URL/v1", "modelId": "m", "purpose": "text"},
 {"name": "plain", "url": "$URL/v1", "modelId": "m", "purpose": "text"}]
JSON
run_pair doctor
assert_contains "$OUT" "ok    structured: tool calls arrive structured" "a structured call"
assert_contains "$OUT" "warn  textual: tool calls arrive as text in Hermes 2 Pro / Qwen 2.5 JSON format (pair recovers them)" \
  "a call in the text, with its family"
assert_contains "$OUT" "llama-server: --jinja" "the llama-server fix"
assert_contains "$OUT" "--enable-auto-tool-choice --tool-call-parser hermes" "the vLLM fix names the family's parser"
assert_contains "$OUT" 'warn  plain: asked to call a tool, the model answered without a call pair can use: "It is noon in Paris."' \
  "plain text is nothing usable"
check_log '
assert len(requests) == 3, len(requests)
for r in requests:
    tools = r["json"].get("tools") or []
    assert [t["function"]["name"] for t in tools] == ["get_time"], tools
'
pass "doctor reports each text model's tool-call format with the server-side fix"
