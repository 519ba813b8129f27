#!/usr/bin/python3
"""Writes a random-weight GGUF model (llama architecture) for tests and benchmarks.

The tokenizer comes from a vocab-only GGUF (every tokenizer.* key is copied), so the model
tokenizes, templates and loads exactly like a real one; its weights are seeded noise, so it
serves at the speed of a real model of the same shape while writing nonsense text.

  make_tiny_gguf.py -o tiny.gguf                          # tiny shape, Qwen2 vocab, Qwen3-Coder template
  make_tiny_gguf.py -o m.gguf --preset 1.7b --quantize Q4_K_M
  make_tiny_gguf.py -o m.gguf --template Qwen3.5-4B.jinja --vocab ggml-vocab-qwen35.gguf

--vocab and --template accept a path or a file name inside the llama.cpp source tree
(models/ and models/templates/). The source tree is found with --llama-source, $PAIR_LLAMA_SOURCE,
or `scripts/llama-cpp.sh --source-only`. Needs numpy (Debian: python3-numpy, /usr/bin/python3).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# name -> (embedding, layers, heads, kv heads, feed-forward, context length)
PRESETS = {
    # Head size 64 keeps every backend's attention kernels usable; a turn takes milliseconds on CPU.
    "tiny": (128, 2, 2, 1, 256, 8192),
    # Shapes of Qwen3-1.7B and Qwen3-8B (untied output), for GPU benchmarks.
    "1.7b": (2048, 28, 16, 8, 6144, 32768),
    "8b": (4096, 36, 32, 8, 12288, 32768),
}

# Rows of random values generated at a time, so an 8B model never needs more than a few
# hundred MB of memory while it is written.
CHUNK_VALUES = 1 << 24


def fail(message):
    print(f"make_tiny_gguf: {message}", file=sys.stderr)
    sys.exit(1)


def llama_source(explicit):
    if explicit:
        return Path(explicit)
    if os.environ.get("PAIR_LLAMA_SOURCE"):
        return Path(os.environ["PAIR_LLAMA_SOURCE"])
    script = REPO_ROOT / "scripts" / "llama-cpp.sh"
    try:
        out = subprocess.run(["bash", str(script), "--source-only"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        fail(f"cannot locate the llama.cpp source via {script}: {e}; pass --llama-source")
    return Path(out.strip().splitlines()[-1])


def resolve(name, source, subdir):
    """A path as given if it exists, else the file of that name under source/subdir."""
    path = Path(name)
    if path.exists():
        return path
    candidate = source / subdir / name
    if candidate.exists():
        return candidate
    fail(f"{name} not found (as a path nor under {source / subdir})")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", required=True, help="GGUF file to write")
    p.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
    p.add_argument("--embedding", type=int, help="embedding length (hidden size)")
    p.add_argument("--layers", type=int, help="block count")
    p.add_argument("--heads", type=int, help="attention heads")
    p.add_argument("--kv-heads", type=int, help="key/value heads (grouped-query attention)")
    p.add_argument("--ff", type=int, help="feed-forward length")
    p.add_argument("--context", type=int, help="training context length written to the model")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--vocab", default="ggml-vocab-qwen2.gguf",
                   help="vocab-only GGUF to take the tokenizer from (default: %(default)s)")
    p.add_argument("--template", default="Qwen3-Coder.jinja",
                   help="chat template file replacing tokenizer.chat_template; 'keep' keeps the "
                        "vocab's own (default: %(default)s)")
    p.add_argument("--name", help="general.name (default: derived from the shape)")
    p.add_argument("--quantize", metavar="TYPE", help="quantize with llama-quantize (e.g. Q4_K_M, Q8_0)")
    p.add_argument("--llama-source", help="llama.cpp source tree (gguf-py/, models/)")
    p.add_argument("--llama-quantize", help="llama-quantize binary (default: from scripts/llama-cpp.sh)")
    p.add_argument("--print-key", action="store_true",
                   help="print a cache key for these options (generator, inputs, shape) and exit")
    args = p.parse_args(argv)
    shape = dict(zip(("embedding", "layers", "heads", "kv_heads", "ff", "context"), PRESETS[args.preset]))
    for key in shape:
        if getattr(args, key) is not None:
            shape[key] = getattr(args, key)
    if shape["embedding"] % shape["heads"] or shape["heads"] % shape["kv_heads"]:
        fail("embedding must be a multiple of heads, and heads a multiple of kv-heads")
    args.shape = shape
    return args


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cache_key(args, vocab, template):
    parts = {
        "generator": file_digest(__file__),
        "vocab": file_digest(vocab),
        "template": file_digest(template) if template else "keep",
        "shape": args.shape,
        "seed": args.seed,
        "name": args.name,
        "quantize": args.quantize,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def copy_tokenizer(reader, writer, gguf, skip):
    for key, field in reader.fields.items():
        if not key.startswith("tokenizer.") or key in skip:
            continue
        kind = field.types[0]
        if kind == gguf.GGUFValueType.ARRAY:
            writer.add_key_value(key, field.contents(), kind, sub_type=field.types[-1])
        else:
            writer.add_key_value(key, field.contents(), kind)


def tensor_plan(shape, n_vocab):
    """(name, numpy shape, is_norm) for every tensor, in file order. GGUF stores dimensions
    reversed, so a numpy (rows, cols) matrix maps input cols to output rows."""
    e, ff = shape["embedding"], shape["ff"]
    head = e // shape["heads"]
    kv = head * shape["kv_heads"]
    plan = [("token_embd.weight", (n_vocab, e), False)]
    for i in range(shape["layers"]):
        b = f"blk.{i}."
        plan += [
            (b + "attn_norm.weight", (e,), True),
            (b + "attn_q.weight", (e, e), False),
            (b + "attn_k.weight", (kv, e), False),
            (b + "attn_v.weight", (kv, e), False),
            (b + "attn_output.weight", (e, e), False),
            (b + "ffn_norm.weight", (e,), True),
            (b + "ffn_gate.weight", (ff, e), False),
            (b + "ffn_up.weight", (ff, e), False),
            (b + "ffn_down.weight", (e, ff), False),
        ]
    plan += [("output_norm.weight", (e,), True), ("output.weight", (n_vocab, e), False)]
    return plan


def write_random(fout, rng, shape, std, np):
    count = 1
    for d in shape:
        count *= d
    left = count
    while left:
        n = min(left, CHUNK_VALUES)
        (rng.standard_normal(n, dtype=np.float32) * std).astype(np.float16).tofile(fout)
        left -= n


def write_model(args, source, vocab, template, out):
    sys.path.insert(0, str(source / "gguf-py"))
    try:
        import numpy as np
        import gguf
    except ImportError as e:
        fail(f"{e}: run with /usr/bin/python3 and install python3-numpy")

    reader = gguf.GGUFReader(str(vocab))
    n_vocab = len(reader.fields["tokenizer.ggml.tokens"].data)
    shape = args.shape
    writer = gguf.GGUFWriter(str(out), "llama")
    writer.add_name(args.name or f"pair-random-{args.preset}-e{shape['embedding']}-l{shape['layers']}")
    writer.add_context_length(shape["context"])
    writer.add_embedding_length(shape["embedding"])
    writer.add_block_count(shape["layers"])
    writer.add_feed_forward_length(shape["ff"])
    writer.add_head_count(shape["heads"])
    writer.add_head_count_kv(shape["kv_heads"])
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_rope_freq_base(1000000.0)
    writer.add_rope_dimension_count(shape["embedding"] // shape["heads"])
    writer.add_vocab_size(n_vocab)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    copy_tokenizer(reader, writer, gguf, {"tokenizer.chat_template"} if template else set())
    if template:
        writer.add_key_value("tokenizer.chat_template", template.read_text(encoding="utf-8"),
                             gguf.GGUFValueType.STRING)

    plan = tensor_plan(shape, n_vocab)
    for name, dims, is_norm in plan:
        dtype = np.float32 if is_norm else np.float16
        nbytes = int(np.prod(dims)) * np.dtype(dtype).itemsize
        writer.add_tensor_info(name, dims, np.dtype(dtype), nbytes)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()

    fout = writer.fout[0]
    for index, (name, dims, is_norm) in enumerate(plan):
        writer.write_padding(fout, fout.tell())
        start = fout.tell()
        if is_norm:
            np.ones(dims, dtype=np.float32).tofile(fout)
        else:
            # One stream per tensor: the same seed gives the same bytes whatever the chunking.
            rng = np.random.Generator(np.random.PCG64([args.seed, index]))
            write_random(fout, rng, dims, 0.02, np)
        writer.write_padding(fout, fout.tell() - start)
    writer.close()


def quantize(args, f16_path, out):
    binary = args.llama_quantize
    if not binary:
        script = REPO_ROOT / "scripts" / "llama-cpp.sh"
        try:
            prefix = subprocess.run(["bash", str(script)], check=True, stdout=subprocess.PIPE,
                                    text=True).stdout.strip().splitlines()[-1]
        except (OSError, subprocess.CalledProcessError) as e:
            fail(f"cannot build or locate llama-quantize via {script}: {e}; pass --llama-quantize")
        binary = str(Path(prefix) / "bin" / "llama-quantize")
    result = subprocess.run([binary, str(f16_path), str(out), args.quantize],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        fail(f"llama-quantize {args.quantize} failed:\n{result.stdout[-2000:]}")


def main(argv):
    args = parse_args(argv)
    source = llama_source(args.llama_source)
    vocab = resolve(args.vocab, source, "models")
    template = None if args.template == "keep" else resolve(args.template, source, "models/templates")
    if args.print_key:
        print(cache_key(args, vocab, template))
        return
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # Write beside the target and rename, so a reader never sees a half-written model.
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        if args.quantize:
            f16 = tmp.with_suffix(".f16.tmp")
            try:
                write_model(args, source, vocab, template, f16)
                quantize(args, f16, tmp)
            finally:
                f16.unlink(missing_ok=True)
        else:
            write_model(args, source, vocab, template, tmp)
        tmp.chmod(0o644)
        tmp.rename(out)
    finally:
        tmp.unlink(missing_ok=True)
    size = out.stat().st_size / 1e6
    print(f"make_tiny_gguf: wrote {out} ({size:.1f} MB) in {time.monotonic() - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
