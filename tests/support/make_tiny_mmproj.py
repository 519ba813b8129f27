#!/usr/bin/python3
"""Writes a random-weight multimodal projector (mmproj) GGUF for llama-server's --mmproj: a tiny
CLIP-style vision encoder with a LLaVA MLP projector ("mlp"). Real format, real loading, real image
preprocessing and encoding; the embeddings it makes are noise.

  make_tiny_mmproj.py -o mmproj.gguf [--text-embedding 128] [--image-size 32] [--patch-size 8]

--text-embedding must equal the text model's embedding length (the tiny preset of
make_tiny_gguf.py: 128). Needs numpy and llama.cpp's gguf-py (found as make_tiny_gguf.py finds it).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_tiny_gguf import llama_source  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--text-embedding", type=int, default=128)
    p.add_argument("--embedding", type=int, default=64, help="vision encoder width")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--image-size", type=int, default=32)
    p.add_argument("--patch-size", type=int, default=8)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--llama-source")
    args = p.parse_args()

    sys.path.insert(0, str(llama_source(args.llama_source) / "gguf-py"))
    import gguf  # noqa: E402
    import numpy as np  # noqa: E402

    rng = np.random.default_rng(args.seed)
    n, ff, proj = args.embedding, args.embedding * 2, args.text_embedding
    n_pos = (args.image_size // args.patch_size) ** 2

    w = gguf.GGUFWriter(args.output, "clip")
    w.add_bool("clip.has_vision_encoder", True)
    w.add_string("clip.projector_type", "mlp")
    w.add_bool("clip.use_gelu", True)
    w.add_uint32("clip.vision.image_size", args.image_size)
    w.add_uint32("clip.vision.patch_size", args.patch_size)
    w.add_uint32("clip.vision.embedding_length", n)
    w.add_uint32("clip.vision.feed_forward_length", ff)
    w.add_uint32("clip.vision.block_count", args.layers)
    w.add_uint32("clip.vision.projection_dim", proj)
    w.add_uint32("clip.vision.attention.head_count", args.heads)
    w.add_float32("clip.vision.attention.layer_norm_epsilon", 1e-5)
    w.add_array("clip.vision.image_mean", [0.5, 0.5, 0.5])
    w.add_array("clip.vision.image_std", [0.5, 0.5, 0.5])

    def tensor(name, *shape, scale=0.02, value=None):
        # numpy shape is ggml's ne reversed
        data = np.full(shape, value, dtype=np.float32) if value is not None else \
            (rng.standard_normal(shape) * scale).astype(np.float32)
        w.add_tensor(name, data)

    tensor("v.patch_embd.weight", n, 3, args.patch_size, args.patch_size)
    tensor("v.patch_embd.bias", n, value=0.0)
    tensor("v.position_embd.weight", n_pos, n)
    tensor("v.pre_ln.weight", n, value=1.0)
    tensor("v.pre_ln.bias", n, value=0.0)
    for i in range(args.layers):
        for part in ("attn_q", "attn_k", "attn_v", "attn_out"):
            tensor(f"v.blk.{i}.{part}.weight", n, n)
            tensor(f"v.blk.{i}.{part}.bias", n, value=0.0)
        for norm in ("ln1", "ln2"):
            tensor(f"v.blk.{i}.{norm}.weight", n, value=1.0)
            tensor(f"v.blk.{i}.{norm}.bias", n, value=0.0)
        tensor(f"v.blk.{i}.ffn_up.weight", ff, n)
        tensor(f"v.blk.{i}.ffn_up.bias", ff, value=0.0)
        tensor(f"v.blk.{i}.ffn_down.weight", n, ff)
        tensor(f"v.blk.{i}.ffn_down.bias", n, value=0.0)
    tensor("mm.0.weight", proj, n)
    tensor("mm.0.bias", proj, value=0.0)
    tensor("mm.2.weight", proj, proj)
    tensor("mm.2.bias", proj, value=0.0)

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
