#!/usr/bin/env bash
# Regenerates the llama-server wire fixtures (tests/fixtures/llama-server/ by default) from a
# real llama-server running the tiny random-weight model. For every fixture NAME it writes
#   NAME.request.json   the request body, byte for byte as sent
#   NAME.headers        the response status line and headers, as received
#   NAME.body           the response body, byte for byte (SSE for streams)
# plus props*.json (GET /props, chat_template shortened) and models.json (GET /v1/models).
# Requests use greedy sampling and fixed seeds, so the noise is repeatable with the same build;
# ids and "created" differ on every run.
#   tests/support/capture_llama_server_fixtures.sh [OUT_DIR]
set -euo pipefail

export PAIR_SOURCE_DIR=${PAIR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
out=${1:-$PAIR_SOURCE_DIR/tests/fixtures/llama-server}
py=python3
[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
# shellcheck source=tests/support/llama_server.sh
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"

pair_ensure_llama
model=$(pair_ensure_tiny_model)
templates=$PAIR_LLAMA_SOURCE/models/templates
mkdir -p "$out"

# capture NAME [METHOD PATH]: sends $out/NAME.request.json (if any), records headers and body.
capture() {
  local name=$1 method=${2:-POST} path=${3:-/v1/chat/completions}
  local args=(-sS -X "$method" -D "$out/$name.headers" -o "$out/$name.body" --max-time 120)
  if [[ "$method" == POST ]]; then
    args+=(-H 'Content-Type: application/json' --data-binary "@$out/$name.request.json")
  fi
  curl "${args[@]}" "$PAIR_LLAMA_URL$path"
  # The Date header changes on every run; everything else is kept as received.
  sed -i '/^Date:/d' "$out/$name.headers"
  printf '  %-28s %s, %s bytes\n' "$name" "$(head -n 1 "$out/$name.headers" | tr -d '\r')" \
    "$(stat -c %s "$out/$name.body")"
}

# request NAME: writes stdin (compact JSON) to NAME.request.json.
request() {
  "$py" -c 'import json, sys; sys.stdout.write(json.dumps(json.load(sys.stdin), ensure_ascii=False, separators=(",", ":")))' \
    >"$out/$1.request.json"
}

# props NAME: GET /props with the (long) chat template replaced by a note of its length and the
# model path cut to its file name.
props() {
  curl -sS "$PAIR_LLAMA_URL/props" | "$py" -c '
import json, os, sys
props = json.load(sys.stdin)
props["model_path"] = os.path.basename(props.get("model_path", ""))
for key in ("chat_template", "chat_template_tool_use"):
    if isinstance(props.get(key), str):
        props[key] = "<%d characters omitted>" % len(props[key])
json.dump(props, sys.stdout, indent=1, ensure_ascii=False)
print()' >"$out/$1.json"
  echo "  $1.json"
}

tools_head='[{"type":"function","function":{"name":"head","description":"Print the first lines of the log","parameters":{"type":"object","properties":{"lines":{"type":"integer","enum":[5,10,20]},"follow":{"type":"boolean"}},"required":["lines","follow"]}}}]'
tools_two='[{"type":"function","function":{"name":"read_file","description":"Read a file","parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}},{"type":"function","function":{"name":"head","description":"Print the first lines of the log","parameters":{"type":"object","properties":{"lines":{"type":"integer","enum":[5,10,20]},"follow":{"type":"boolean"}},"required":["lines","follow"]}}}]'

echo "Qwen3-Coder template, -c 4096 --parallel 1:"
pair_start_llama_server "$model" -c 4096 --parallel 1 --alias tiny-random
request plain_stream_usage <<'EOF'
{"model":"tiny-random","messages":[{"role":"system","content":"You are a coding assistant."},{"role":"user","content":"Say hello."}],
 "stream":true,"stream_options":{"include_usage":true},"max_tokens":8,"temperature":0,"seed":42}
EOF
capture plain_stream_usage
request plain_stream <<'EOF'
{"model":"tiny-random","messages":[{"role":"user","content":"Say hello again."}],"stream":true,"max_tokens":4,"temperature":0,"seed":42}
EOF
capture plain_stream
request plain_nonstream <<'EOF'
{"model":"tiny-random","messages":[{"role":"user","content":"Say hello once more."}],"max_tokens":4,"temperature":0,"seed":42}
EOF
capture plain_nonstream
# A grammar makes the noise stop by itself: finish_reason "stop".
request plain_stop_stream <<'EOF'
{"model":"tiny-random","messages":[{"role":"user","content":"Answer in two words."}],"stream":true,"stream_options":{"include_usage":true},
 "max_tokens":16,"temperature":0,"seed":42,"grammar":"root ::= \"Hello\" \" world\" \".\""}
EOF
capture plain_stop_stream
# Random weights never open a tool call by themselves (the Qwen3-Coder grammar allows free text
# before the call even with tool_choice "required"), so the assistant turn is prefilled with the
# call's opening tag; the grammar then forces a schema-shaped call.
request tool_call_stream <<EOF
{"model":"tiny-random","messages":[{"role":"user","content":"Show me the first lines of the log."},{"role":"assistant","content":"<tool_call>\n"}],
 "stream":true,"stream_options":{"include_usage":true},"max_tokens":128,"temperature":0,"seed":1,
 "tool_choice":"required","parallel_tool_calls":false,"tools":$tools_head}
EOF
capture tool_call_stream
request tool_call_nonstream <<EOF
{"model":"tiny-random","messages":[{"role":"user","content":"Show me the first lines of the log."},{"role":"assistant","content":"<tool_call>\n"}],
 "max_tokens":128,"temperature":0,"seed":1,"tool_choice":"required","parallel_tool_calls":false,"tools":$tools_head}
EOF
capture tool_call_nonstream
# max_tokens runs out inside the call: arguments stop mid-JSON, finish_reason "length".
request tool_call_truncated_stream <<EOF
{"model":"tiny-random","messages":[{"role":"user","content":"Show me the first lines of the log."},{"role":"assistant","content":"<tool_call>\n"}],
 "stream":true,"max_tokens":16,"temperature":0,"seed":1,"tool_choice":"required","parallel_tool_calls":false,"tools":$tools_head}
EOF
capture tool_call_truncated_stream
# Two calls: the first is prefilled whole (it arrives in one delta), the second is generated.
request tool_calls_parallel_stream <<EOF
{"model":"tiny-random","messages":[{"role":"user","content":"Read the notes, then show the log."},{"role":"assistant","content":"<tool_call>\n<function=read_file>\n<parameter=path>\nnotes.md\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n"}],
 "stream":true,"max_tokens":64,"temperature":0,"seed":1,"tool_choice":"required","parallel_tool_calls":true,"tools":$tools_two}
EOF
capture tool_calls_parallel_stream
request invalid_request <<'EOF'
{"stream":true,"max_tokens":4}
EOF
capture invalid_request
printf '{"messages":[{"role":"user","content":"hi"}' >"$out/invalid_json.request.json"
capture invalid_json
capture not_found GET /v1/nope
capture models GET /v1/models
props props
pair_stop_llama_server

echo "-c 4096 --parallel 2, and defaults:"
pair_start_llama_server "$model" -c 4096 --parallel 2 --alias tiny-random
props props_parallel2
pair_stop_llama_server
pair_start_llama_server "$model" -c 4096 --alias tiny-random
props props_parallel_auto
pair_stop_llama_server

echo "-c 8192 -b 512 -ub 512 (prompt progress):"
pair_start_llama_server "$model" -c 8192 -b 512 -ub 512 --parallel 1 --alias tiny-random
"$py" - <<'EOF' | request prompt_progress_stream
import json
code = "def handler(request):\n    return compute(request.body, retries=3)\n" * 90
print(json.dumps({"model": "tiny-random",
                  "messages": [{"role": "system", "content": "You are a coding assistant."},
                               {"role": "user", "content": "Review this code:\n" + code}],
                  "stream": True, "stream_options": {"include_usage": True}, "return_progress": True,
                  "max_tokens": 3, "temperature": 0, "seed": 7}))
EOF
capture prompt_progress_stream
pair_stop_llama_server

echo "-c 256 (prompt larger than the context):"
pair_start_llama_server "$model" -c 256 --parallel 1 --alias tiny-random
"$py" - <<'EOF' | request context_exceeded_stream
import json
text = "Please summarise the following build log.\n" + "error: undefined reference to `foo'\n" * 40
print(json.dumps({"model": "tiny-random", "messages": [{"role": "user", "content": text}],
                  "stream": True, "max_tokens": 8, "temperature": 0}))
EOF
capture context_exceeded_stream
"$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); r["stream"]=False; print(json.dumps(r))' \
  "$out/context_exceeded_stream.request.json" | request context_exceeded_nonstream
capture context_exceeded_nonstream
# The prompt fits but leaves little room; generation runs into the end of the context and stops
# with "length" although max_tokens is larger.
"$py" - <<'EOF' | request context_full_stream
import json
print(json.dumps({"model": "tiny-random", "messages": [{"role": "user", "content": " word" * 236}],
                  "stream": True, "max_tokens": 1000, "temperature": 0}))
EOF
capture context_full_stream
pair_stop_llama_server

echo "Qwen3.5-4B template (opens <think> in the prompt), --reasoning-format deepseek:"
pair_start_llama_server "$model" -c 4096 --parallel 1 --alias tiny-random \
  --chat-template-file "$templates/Qwen3.5-4B.jinja" --reasoning-format deepseek
request reasoning_open_stream <<'EOF'
{"model":"tiny-random","messages":[{"role":"user","content":"Think, then answer: 2+2?"}],"stream":true,"stream_options":{"include_usage":true},
 "max_tokens":6,"temperature":0,"seed":3}
EOF
capture reasoning_open_stream
# A grammar makes the noise close the thought: reasoning_content deltas, then content deltas.
request reasoning_stream <<'EOF'
{"model":"tiny-random","messages":[{"role":"user","content":"Think, then answer: 2+2?"}],"stream":true,"stream_options":{"include_usage":true},
 "max_tokens":40,"temperature":0,"seed":3,"grammar":"root ::= [a-z ]{3,12} \"\\n</think>\\n\\n\" [a-z ]{3,12}"}
EOF
capture reasoning_stream
"$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); r["stream"]=False; del r["stream_options"]; print(json.dumps(r))' \
  "$out/reasoning_stream.request.json" | request reasoning_nonstream
capture reasoning_nonstream
props props_reasoning
pair_stop_llama_server
echo "fixtures written to $out"
