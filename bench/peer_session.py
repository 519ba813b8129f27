#!/usr/bin/env python3
"""The same short coding turn scripted for pair and each peer, in each agent's own tool names and
arguments (bench/peer_session.sh): read a file, search, run git, edit, check the edit with
Python, diff, answer. Seven model answers on a clone of llama.cpp's source tree.

  peer_session.py AGENT WORKSPACE   the script (JSON) for the recording endpoint
  peer_session.py prompt            the user prompt
Side requests an agent makes on its own (opencode's title, qwen-code's memory extraction) get a
standing plain answer and do not use up the script.
"""
import json
import sys

PROMPT = ("gguf-py's GGUFReader should reject a tensor whose data runs past the end of the file with a clear "
          "ValueError. Fix it in gguf-py/gguf/gguf_reader.py and check that the module still imports.")
FILE = "gguf-py/gguf/gguf_reader.py"
OLD = "            data_offs = int(start_offs + offset_tensor[0])\n            item_type: npt.DTypeLike\n"
NEW = ("            data_offs = int(start_offs + offset_tensor[0])\n"
       "            if data_offs + n_bytes > self.data.nbytes:\n"
       "                raise ValueError(f'Tensor {tensor_name!r} data runs past the end of the file')\n"
       "            item_type: npt.DTypeLike\n")
GIT = "git status --short && git log --oneline -3"
CHECK = "/usr/bin/python3 -c 'import sys; sys.path.insert(0, \"gguf-py\"); import gguf.gguf_reader; print(\"imports\")'"
DIFF = "git diff --stat"
SEARCH = "def _build_tensors"
FINAL = ("Done: `_build_tensors` now raises a ValueError when a tensor's data runs past the end of the file, "
         "and the module still imports.")
SIDE = [  # markers of requests agents make on their own, answered without using up the script
    "You are a title generator",
    "managed memory extraction subagent",
]


def calls(agent, ws):
    """The tool calls of the script, in the agent's own vocabulary."""
    path = ws + "/" + FILE
    if agent == "pair":
        return [("read_file", {"path": FILE, "offset": 300, "limit": 91}),
                ("search_files", {"pattern": SEARCH, "path": "gguf-py"}),
                ("bash", {"command": GIT}),
                ("edit_file", {"path": FILE, "old_string": OLD, "new_string": NEW}),
                ("bash", {"command": CHECK}),
                ("bash", {"command": DIFF})]
    if agent == "claude-code":
        return [("Read", {"file_path": path, "offset": 300, "limit": 91}),
                ("Bash", {"command": "rg -n '%s' gguf-py" % SEARCH, "description": "Find _build_tensors"}),
                ("Bash", {"command": GIT, "description": "Show git status"}),
                ("Edit", {"file_path": path, "old_string": OLD, "new_string": NEW}),
                ("Bash", {"command": CHECK, "description": "Check the module imports"}),
                ("Bash", {"command": DIFF, "description": "Show the diff"})]
    if agent == "codex":
        edit = ("/usr/bin/python3 - <<'EOF'\nimport pathlib\np = pathlib.Path(%r)\ns = p.read_text()\n"
                "p.write_text(s.replace(%r, %r, 1))\nEOF" % (FILE, OLD, NEW))
        return [("exec_command", {"cmd": "sed -n '300,390p' " + FILE}),
                ("exec_command", {"cmd": "rg -n '%s' gguf-py" % SEARCH}),
                ("exec_command", {"cmd": GIT}),
                ("exec_command", {"cmd": edit}),
                ("exec_command", {"cmd": CHECK}),
                ("exec_command", {"cmd": DIFF})]
    if agent == "qwen-code":
        return [("read_file", {"file_path": path, "offset": 300, "limit": 91}),
                ("grep_search", {"pattern": SEARCH, "path": ws + "/gguf-py"}),
                ("run_shell_command", {"command": GIT}),
                ("edit", {"file_path": path, "old_string": OLD, "new_string": NEW}),
                ("run_shell_command", {"command": CHECK}),
                ("run_shell_command", {"command": DIFF})]
    if agent == "opencode":
        return [("read", {"filePath": path, "offset": 300, "limit": 91}),
                ("grep", {"pattern": SEARCH, "path": ws + "/gguf-py"}),
                ("bash", {"command": GIT, "description": "Show git status"}),
                ("edit", {"filePath": path, "oldString": OLD, "newString": NEW}),
                ("bash", {"command": CHECK, "description": "Check the module imports"}),
                ("bash", {"command": DIFF, "description": "Show the diff"})]
    if agent == "gemini-cli":
        return [("read_file", {"file_path": FILE, "start_line": 300, "end_line": 390}),
                ("grep_search", {"pattern": SEARCH, "dir_path": "gguf-py"}),
                ("run_shell_command", {"command": GIT, "description": "Show git status"}),
                ("replace", {"file_path": FILE, "instruction": "Check the tensor data range against the file size.",
                             "old_string": OLD, "new_string": NEW}),
                ("run_shell_command", {"command": CHECK, "description": "Check the module imports"}),
                ("run_shell_command", {"command": DIFF, "description": "Show the diff"})]
    raise SystemExit("peer_session.py: unknown agent " + agent)


def main(argv):
    if argv[:1] == ["prompt"]:
        print(PROMPT)
        return 0
    agent, ws = argv[0], argv[1]
    responses = [{"tool_calls": [{"name": n, "arguments": a}]} for n, a in calls(agent, ws)]
    responses.append({"text": FINAL})
    standing = [{"body_contains": m, "response": {"text": "Fix GGUF reader bounds check"}} for m in SIDE]
    json.dump({"n_ctx": 131072, "responses": responses, "standing": standing}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
