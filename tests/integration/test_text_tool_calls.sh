#!/usr/bin/env bash
# Tool calls a server left in the answer's text (finish_reason "stop", no structured calls), one answer
# per model family's format, streamed in pieces that cut the markers: pair recovers each call, runs it,
# sends the result back, names the format in its notice, and keeps the text around the call.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

# family | answer text with {P} for the file's path | the text expected to remain
"$HARNESS_PY" - "$T/s.json" "$T/cases.json" "$WS" <<'PY'
import json, sys
script_path, cases_path, ws = sys.argv[1:4]
families = [
    ("Hermes 2 Pro / Qwen 2.5 JSON", 'Reading it.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "{P}"}}\n</tool_call>', "Reading it."),
    ("Qwen3-Coder XML", "<tool_call>\n<function=read_file>\n<parameter=path>\n{P}\n</parameter>\n</function>\n</tool_call>", ""),
    ("Seed-OSS", "<seed:tool_call>\n<function=read_file>\n<parameter=path>{P}</parameter>\n</function>\n</seed:tool_call>", ""),
    ("GLM-4.5/4.6/4.7", "<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>{P}</arg_value>\n</tool_call>", ""),
    ("MiniMax-M2", '<minimax:tool_call>\n<invoke name="read_file">\n<parameter name="path">{P}</parameter>\n</invoke>\n</minimax:tool_call>', ""),
    ("Mistral", '[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "{P}"}, "id": "123456789"}]', ""),
    ("Mistral", 'Let me look.[TOOL_CALLS]read_file[ARGS]{"path": "{P}"}', "Let me look."),
    ("DeepSeek V3.1 / R1", '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>read_file<｜tool▁sep｜>{"path": "{P}"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>', ""),
    ("DeepSeek V3.1 / R1", '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>read_file\n```json\n{"path": "{P}"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>', ""),
    ("Kimi K2", '<|tool_calls_section_begin|><|tool_call_begin|>functions.read_file:0<|tool_call_argument_begin|>{"path": "{P}"}<|tool_call_end|><|tool_calls_section_end|>', ""),
    ("gpt-oss harmony", '<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path": "{P}"}<|call|>', ""),
    ("Command R7B", '<|START_ACTION|>[\n    {"tool_call_id": "0", "tool_name": "read_file", "parameters": {"path": "{P}"}}\n]<|END_ACTION|>', ""),
    ("Nemotron", '<TOOLCALL>[{"name": "read_file", "arguments": {"path": "{P}"}}]</TOOLCALL>', ""),
    ("Granite", '<|tool_call|>[{"name": "read_file", "arguments": {"path": "{P}"}}]', ""),
    ("LFM2 pythonic", '<|tool_call_start|>[read_file(path="{P}")]<|tool_call_end|>', ""),
    ("Llama 3.x", '{"name": "read_file", "parameters": {"path": "{P}"}}', ""),
    ("Llama 3.x", '<|python_tag|>{"name": "read_file", "parameters": {"path": "{P}"}}', ""),
    ("FireFunction", ' functools[{"name": "read_file", "arguments": {"path": "{P}"}}]', ""),
    ("Functionary v3.2", '>>>all\nChecking.\n>>>read_file\n{"path": "{P}"}', "Checking."),
    ("pythonic", 'First the file:\n[read_file(path="{P}")]', "First the file:"),
]
chunkings = ["chars", {"bytes": 7}, "words", {"bytes": 3}]
responses, cases = [], []
for i, (family, text, remaining) in enumerate(families):
    path = "f%d.txt" % i
    with open("%s/%s" % (ws, path), "w") as f:
        f.write("marker-%d\n" % i)
    responses.append({"text": text.replace("{P}", path), "finish_reason": "stop",
                      "chunking": chunkings[i % len(chunkings)]})
    cases.append({"family": family, "path": path, "remaining": remaining})
responses.append({"text": "All read."})
json.dump({"responses": responses}, open(script_path, "w"))
json.dump(cases, open(cases_path, "w"))
PY
scripted_start "$T/s.json"
use_model "$URL/v1"

run_pair -p "read the files" -v
assert_rc 0
assert_eq "$OUT" "All read."
while read -r family; do
  assert_contains "$ERR" "recovered 1 tool call(s) in $family format"
done < <("$HARNESS_PY" -c 'import json,sys; [print(c["family"]) for c in json.load(open(sys.argv[1]))]' "$T/cases.json")
pass "every family's notice names its format"

check_log "
import json
cases = json.load(open('$T/cases.json'))
assert len(requests) == len(cases) + 1, len(requests)
for i, case in enumerate(cases):
    messages = requests[i + 1]['json']['messages']
    answer, result = messages[-2], messages[-1]
    assert answer['role'] == 'assistant', (case, answer)
    calls = answer.get('tool_calls') or []
    assert len(calls) == 1 and calls[0]['function']['name'] == 'read_file', (case, answer)
    assert json.loads(calls[0]['function']['arguments']) == {'path': case['path']}, (case, calls)
    assert (answer.get('content') or '') == case['remaining'], (case, answer.get('content'))
    assert result['role'] == 'tool' and result['tool_call_id'] == calls[0]['id'], (case, result)
    assert 'marker-%d' % i in result['content'], (case, result)
"
pass "each recovered call ran and its result went back with the text around it kept"

# A call of a tool that was not offered, and a call shown in a code block, stay the answer's text.
script='{"responses": [{"text": "Use it like this:\n```\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"f0.txt\"}}\n</tool_call>\n```"},
  {"text": "[launch(target=\"moon\")]"}]}'
printf '%s' "$script" >"$T/s2.json"
scripted_start "$T/s2.json"
use_model "$URL/v1"
run_pair -p "how do I call a tool?" -v
assert_rc 0
assert_contains "$OUT" '<tool_call>'
assert_not_contains "$ERR" "recovered"
run_pair -p "launch" -v
assert_rc 0
assert_eq "$OUT" '[launch(target="moon")]'
assert_not_contains "$ERR" "recovered"
check_log 'assert len(requests) == 2, len(requests)'
pass "a call shown in a code block or naming a tool not offered stays text"

# Broken calls inside a family's markers (cut off, a tool not offered, arguments not an object) are not
# run: each is answered with what was wrong, and the model answers again instead of the turn ending.
cat >"$T/s3.json" <<'JSON'
{"responses": [
  {"text": "Reading.\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"f0", "finish_reason": "stop", "chunking": {"bytes": 3}},
  {"text": "<tool_call>{\"name\": \"read_files\", \"arguments\": {\"path\": \"f0.txt\"}}</tool_call>", "finish_reason": "stop", "chunking": "chars"},
  {"text": "[TOOL_CALLS]read_file[ARGS][\"f0.txt\"]", "finish_reason": "stop", "chunking": {"bytes": 7}},
  {"text": "Gave up."}
]}
JSON
scripted_start "$T/s3.json"
use_model "$URL/v1"
run_pair -p "read f0" -v
assert_rc 0
assert_eq "$OUT" "Gave up."
check_log "
assert len(requests) == 4, len(requests)
errors = [m for m in requests[3]['json']['messages'] if m['role'] == 'tool']
assert len(errors) == 3, errors
assert 'Invalid arguments for read_file: not valid JSON' in errors[0]['content'], errors[0]
assert 'Unknown tool \"read_files\"' in errors[1]['content'] and 'read_file' in errors[1]['content'], errors[1]
assert 'Invalid arguments for read_file: expected a JSON object, got array' in errors[2]['content'], errors[2]
"
pass "broken calls inside markers get a precise error and the model is asked again"
