#!/usr/bin/env python3
"""The scripted coding session of bench/session_replay.sh: 30 model answers over three user
turns, on a copy of llama.cpp's source tree (the version scripts/llama-cpp.sh pins). The scripted
server plays the model; pair runs the real tools (reads, searches, listings, edits, a written
repro script, compiler and CMake runs, git), so the tool results have realistic sizes.

  session_script.py prompts        the three user prompts, one JSON string per line
  session_script.py script N_CTX   the scripted server's script (JSON) on stdout
"""
import json
import sys

PROMPTS = [
    "gguf-py's GGUFReader should reject a tensor whose data would run past the end of the file, with a "
    "clear ValueError, as the C++ reader does. Find where tensors are built, fix it, and prove it with a "
    "small repro script.",
    "Does the C++ side (ggml/src/gguf.cpp) already check this? Show me where, leave a comment there that "
    "points to the Python check, and make sure gguf.cpp still compiles and the project still configures.",
    "Add a regression test for the truncated-tensor case next to the existing reader validation tests, "
    "run those tests, remove the repro script and show me the final diff.",
]

REPRO = '''import struct
import sys

sys.path.insert(0, "gguf-py")
from gguf.gguf_reader import GGUFReader

# One F32 tensor of 1024 elements (4096 bytes), but only 64 bytes of data follow the header.
buf = b"GGUF" + struct.pack("<IQQ", 3, 1, 0)
name = b"weight"
buf += struct.pack("<Q", len(name)) + name
buf += struct.pack("<I", 1) + struct.pack("<Q", 1024)
buf += struct.pack("<I", 0) + struct.pack("<Q", 0)
buf += b"\\x00" * 64
open("truncated.gguf", "wb").write(buf)
try:
    GGUFReader("truncated.gguf")
except ValueError as e:
    if "past the end" in str(e):
        print("OK:", e)
        sys.exit(0)
    print("FAIL: unclear error:", e)
    sys.exit(1)
print("FAIL: the truncated file was accepted")
sys.exit(1)
'''

PYTEST_SHIM = '''cd gguf-py && /usr/bin/python3 - <<'EOF'
import contextlib, pathlib, re, sys, tempfile, types
# pytest is not installed here: a stand-in for pytest.raises is enough for these tests.
pt = types.ModuleType("pytest")
@contextlib.contextmanager
def raises(exc, match=None):
    try:
        yield
    except exc as e:
        if match and not re.search(match, str(e)):
            raise AssertionError(f"{e!r} does not match {match!r}")
    else:
        raise AssertionError(f"DID NOT RAISE {exc.__name__}")
pt.raises = raises
sys.modules["pytest"] = pt
sys.path.insert(0, ".")
import tests.test_gguf_reader_validation as t
for name in sorted(n for n in dir(t) if n.startswith("test_")):
    with tempfile.TemporaryDirectory() as d:
        getattr(t, name)(pathlib.Path(d))
    print("PASS", name)
EOF'''

OLD_TEST_END = '''    p = tmp_path / 'evil_overflow.gguf'
    _write_gguf(p, len(dims), dims)
    with pytest.raises(ValueError):
        GGUFReader(p)
'''
NEW_TEST = OLD_TEST_END + '''

def test_tensor_data_past_eof(tmp_path):
    # one F32 tensor of 1024 elements, but only 64 bytes of data follow the header
    p = tmp_path / 'evil_truncated.gguf'
    _write_gguf(p, 1, [1024])
    with pytest.raises(ValueError, match='past the end of the file'):
        GGUFReader(p)
'''

CONFIGURE = ("cmake -S . -B build-check -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF "
             "-DLLAMA_BUILD_SERVER=OFF -DLLAMA_OPENSSL=OFF 2>&1 | tail -n 40")


def call(name, **arguments):
    return {"name": name, "arguments": arguments}


def answer(text=None, *calls):
    entry = {}
    if text:
        entry["text"] = text
    if calls:
        entry["tool_calls"] = list(calls)
    return entry


RESPONSES = [
    # Turn 1: find, reproduce, fix, verify.
    answer("I'll start with the layout of gguf-py.", call("list_files", path="gguf-py", depth=2)),
    answer(None, call("search_files", pattern="def _build_tensors|def _get\\b", path="gguf-py")),
    answer(None, call("read_file", path="gguf-py/gguf/gguf_reader.py", offset=130, limit=80)),
    answer(None, call("read_file", path="gguf-py/gguf/gguf_reader.py", offset=300, limit=91)),
    answer("The data slice is taken with `self._get(data_offs, item_type, item_count)` and nothing checks it "
           "against the file size. Let me see how the C++ reader words its check.",
           call("search_files", pattern="exceeds|out of bounds|file size", path="ggml/src/gguf.cpp")),
    answer(None, call("read_file", path="gguf-py/tests/test_gguf_reader_validation.py")),
    answer("I'll write a repro that builds a GGUF whose only tensor claims 4096 bytes but has 64.",
           call("write_file", path="check_reader.py", content=REPRO)),
    answer(None, call("bash", command="/usr/bin/python3 check_reader.py")),
    answer("It fails only by accident, in `reshape`. I'll add an explicit bounds check before the slice.",
           call("edit_file", path="gguf-py/gguf/gguf_reader.py",
                old_string="            data_offs = int(start_offs + offset_tensor[0])\n            item_type: npt.DTypeLike\n",
                new_string="            data_offs = int(start_offs + offset_tensor[0])\n"
                           "            if data_offs + n_bytes > self.data.nbytes:\n"
                           "                raise ValueError(f'Tensor {tensor_name!r} data ({n_bytes} bytes at offset {data_offs}) '\n"
                           "                                 f'runs past the end of the file ({self.data.nbytes} bytes)')\n"
                           "            item_type: npt.DTypeLike\n")),
    answer(None, call("bash", command="/usr/bin/python3 check_reader.py")),
    answer(None, call("bash", command="git status --short && git diff --stat")),
    answer("Fixed. `GGUFReader._build_tensors` now checks each tensor's data range against the file size and "
           "raises `ValueError: Tensor 'weight' data (4096 bytes at offset ...) runs past the end of the file` "
           "instead of failing later in `reshape` (or reading a short array). `check_reader.py` reproduces it: "
           "it failed before the change and passes now."),
    # Turn 2: the C++ side, a comment, compile and configure.
    answer(None, call("search_files", pattern="n_tensors", path="ggml/src/gguf.cpp")),
    answer(None, call("read_file", path="ggml/src/gguf.cpp", offset=480, limit=120)),
    answer(None, call("read_file", path="ggml/src/gguf.cpp", offset=760, limit=90)),
    answer(None, call("search_files", pattern="gguf_init_from_file_impl", glob="*.cpp")),
    answer("The C++ reader bounds the tensor count at line ~525 and checks the data section size when it reads "
           "it. I'll add the cross-reference there.",
           call("edit_file", path="ggml/src/gguf.cpp",
                old_string="    if (ok && gr.read(n_tensors)) {\n",
                new_string="    // gguf-py/gguf/gguf_reader.py mirrors these limits and also checks each tensor's data\n"
                           "    // range against the file size (GGUFReader._build_tensors).\n"
                           "    if (ok && gr.read(n_tensors)) {\n")),
    answer(None, call("bash", command="g++ -fsyntax-only -std=c++17 -Iggml/include ggml/src/gguf.cpp 2>&1 | head -n 30")),
    answer("It needs ggml/src on the include path too.",
           call("bash", command="g++ -fsyntax-only -std=c++17 -Iggml/include -Iggml/src ggml/src/gguf.cpp && echo compiles")),
    answer(None, call("bash", command=CONFIGURE)),
    answer("Yes: `gguf_init_from_file_impl` in ggml/src/gguf.cpp rejects a bad tensor count (lines ~523-529) and "
           "fails when the data section cannot be read in full. I added a comment there pointing to the Python "
           "check. gguf.cpp compiles (`g++ -fsyntax-only`) and CMake configures cleanly in build-check/."),
    # Turn 3: the regression test, the run, the cleanup, the diff.
    answer(None, call("search_files", pattern="_write_gguf|def test_", path="gguf-py/tests")),
    answer(None, call("edit_file", path="gguf-py/tests/test_gguf_reader_validation.py",
                      old_string=OLD_TEST_END, new_string=NEW_TEST)),
    answer(None, call("bash", command="cd gguf-py && /usr/bin/python3 -m pytest tests/test_gguf_reader_validation.py -q 2>&1 | tail -n 5")),
    answer("pytest is not installed; I'll run the three tests with a minimal stand-in for `pytest.raises`.",
           call("bash", command=PYTEST_SHIM)),
    answer(None, call("bash", command="rm -f check_reader.py truncated.gguf && rm -rf build-check && git status --short")),
    answer(None, call("search_files", pattern="GGUFReader\\(", path="gguf-py", glob="*.py")),
    answer(None, call("read_file", path="gguf-py/README.md", limit=60)),
    answer(None, call("bash", command="git diff")),
    answer("Done. The diff has three parts:\n\n1. `gguf-py/gguf/gguf_reader.py`: `_build_tensors` raises a clear "
           "`ValueError` when a tensor's data runs past the end of the file.\n2. `gguf-py/tests/test_gguf_reader_validation.py`: "
           "`test_tensor_data_past_eof` covers it; all three validation tests pass.\n3. `ggml/src/gguf.cpp`: a comment "
           "linking the C++ limits to the Python check.\n\nThe repro script and the CMake check folder are removed."),
]

# Where each user turn ends (the index after its final text answer).
TURN_ENDS = [12, 21, 30]


def main(argv):
    if argv[:1] == ["prompts"]:
        for p in PROMPTS:
            print(json.dumps(p))
        return 0
    if argv[:1] == ["script"]:
        n_ctx = int(argv[1]) if len(argv) > 1 else 131072
        assert len(RESPONSES) == TURN_ENDS[-1]
        json.dump({"n_ctx": n_ctx, "responses": RESPONSES}, sys.stdout, indent=1)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
