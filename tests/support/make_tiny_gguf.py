#!/usr/bin/python3
"""Writes a random-weight GGUF model for tests and benchmarks: a dense llama, a hybrid-attention
mixture of experts (qwen35moe) or a sliding-window mixture of experts (gpt-oss).

The tokenizer comes from a vocab-only GGUF (every tokenizer.* key is copied), so the model
tokenizes, templates and loads exactly like a real one; its weights are seeded noise, so it
serves at the speed of a real model of the same shape while writing nonsense text.

  make_tiny_gguf.py -o tiny.gguf                          # tiny shape, Qwen2 vocab, Qwen3-Coder template
  make_tiny_gguf.py -o m.gguf --preset 1.7b --quantize Q4_K_M
  make_tiny_gguf.py -o m.gguf --template Qwen3.5-4B.jinja --vocab ggml-vocab-qwen35.gguf
  make_tiny_gguf.py -o hybrid.gguf --arch qwen35moe       # Qwen3.5 vocab and template
  make_tiny_gguf.py -o swa.gguf --arch gpt-oss --sliding-window 256

Each architecture's tiny shape, keys and tensors are in tiny_gguf_shapes.py; --vocab and
--template default to the real model's (see there).

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
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tiny_gguf_shapes import ARCHITECTURES, LLAMA_PRESETS  # noqa: E402

# Options that override one value of the shape: option -> shape key. An option the chosen
# architecture has no use for is an error, not silently ignored.
SHAPE_OPTIONS = {
    "embedding": "embedding length (hidden size)",
    "layers": "block count",
    "heads": "attention heads",
    "kv_heads": "key/value heads (grouped-query attention)",
    "ff": "feed-forward length (llama)",
    "context": "training context length written to the model",
    "head_dim": "size of one attention head (qwen35moe, gpt-oss)",
    "experts": "routed experts per layer (qwen35moe, gpt-oss)",
    "experts_used": "experts active per token (qwen35moe, gpt-oss)",
    "expert_ff": "feed-forward length of one expert (qwen35moe, gpt-oss)",
    "shared_ff": "feed-forward length of the shared expert (qwen35moe)",
    "full_attention_interval": "every Nth layer is full attention, the rest linear (qwen35moe)",
    "sliding_window": "tokens a sliding-window layer sees (gpt-oss)",
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
    p.add_argument("--arch", choices=sorted(ARCHITECTURES), default="llama",
                   help="architecture (default: %(default)s)")
    p.add_argument("--preset", choices=sorted(LLAMA_PRESETS), default="tiny",
                   help="shape (llama only has others than tiny)")
    for key, text in SHAPE_OPTIONS.items():
        p.add_argument("--" + key.replace("_", "-"), type=int, help=text)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--vocab", help="vocab-only GGUF to take the tokenizer from (default: the "
                                   "architecture's, e.g. ggml-vocab-qwen2.gguf for llama)")
    p.add_argument("--template", help="chat template file replacing tokenizer.chat_template; 'keep' "
                                      "keeps the vocab's own (default: the architecture's, e.g. "
                                      "Qwen3-Coder.jinja for llama)")
    p.add_argument("--name", help="general.name (default: derived from the shape)")
    p.add_argument("--quantize", metavar="TYPE", help="quantize with llama-quantize (e.g. Q4_K_M, Q8_0)")
    p.add_argument("--llama-source", help="llama.cpp source tree (gguf-py/, models/)")
    p.add_argument("--llama-quantize", help="llama-quantize binary (default: from scripts/llama-cpp.sh)")
    p.add_argument("--print-key", action="store_true",
                   help="print a cache key for these options (generator, inputs, shape) and exit")
    args = p.parse_args(argv)
    arch = ARCHITECTURES[args.arch]
    if args.preset != "tiny" and args.arch != "llama":
        fail(f"--preset {args.preset} is a llama shape; {args.arch} has only tiny (override "
             "single values with the shape options)")
    shape = arch.shape(args.preset)
    for key in SHAPE_OPTIONS:
        value = getattr(args, key)
        if value is None:
            continue
        if key not in shape:
            fail(f"--{key.replace('_', '-')} does not apply to {args.arch} (its shape: "
                 f"{', '.join(sorted(shape))})")
        if value <= 0:
            fail(f"--{key.replace('_', '-')} must be positive, not {value}")
        shape[key] = value
    problem = arch.check(shape)
    if problem:
        fail(f"{args.arch}: {problem}")
    args.shape = shape
    args.vocab = args.vocab or arch.vocab
    args.template = args.template or arch.template
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
        "shapes": file_digest(Path(__file__).resolve().parent / "tiny_gguf_shapes.py"),
        "arch": args.arch,
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


def write_random(fout, rng, shape, std, dtype, np):
    count = 1
    for d in shape:
        count *= d
    left = count
    while left:
        n = min(left, CHUNK_VALUES)
        (rng.standard_normal(n, dtype=np.float32) * std).astype(dtype).tofile(fout)
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
    arch = ARCHITECTURES[args.arch]
    writer = gguf.GGUFWriter(str(out), arch.gguf_name)
    label = args.preset if args.arch == "llama" else args.arch
    writer.add_name(args.name or f"pair-random-{label}-e{shape['embedding']}-l{shape['layers']}")
    writer.add_context_length(shape["context"])
    writer.add_embedding_length(shape["embedding"])
    writer.add_block_count(shape["layers"])
    writer.add_head_count(shape["heads"])
    writer.add_head_count_kv(shape["kv_heads"])
    writer.add_layer_norm_rms_eps(1e-6)
    arch.write_keys(writer, shape)
    writer.add_vocab_size(n_vocab)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    copy_tokenizer(reader, writer, gguf, {"tokenizer.chat_template"} if template else set())
    if template:
        writer.add_key_value("tokenizer.chat_template", template.read_text(encoding="utf-8"),
                             gguf.GGUFValueType.STRING)

    plan = arch.tensors(shape, n_vocab)
    dtypes = {"ones": np.float32, "f32": np.float32, "f16": np.float16}
    for name, dims, kind in plan:
        dtype = dtypes[kind]
        nbytes = int(np.prod(dims)) * np.dtype(dtype).itemsize
        writer.add_tensor_info(name, dims, np.dtype(dtype), nbytes)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()

    fout = writer.fout[0]
    for index, (name, dims, kind) in enumerate(plan):
        writer.write_padding(fout, fout.tell())
        start = fout.tell()
        if kind == "ones":
            np.ones(dims, dtype=np.float32).tofile(fout)
        else:
            # One stream per tensor: the same seed gives the same bytes whatever the chunking.
            rng = np.random.Generator(np.random.PCG64([args.seed, index]))
            write_random(fout, rng, dims, 0.02, dtypes[kind], np)
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
