#!/usr/bin/env python3
"""Writes the seed corpus of gguf_fuzzer (fuzz/corpus/gguf/) with gguf-py from the llama.cpp source:
small valid files of the shapes the reader meets (a dense model, a MoE model with per-layer arrays,
a vocabulary-only file with a chat template, a split part), plus a few cut short.
    /usr/bin/python3 fuzz/gguf_corpus.py [--llama-source DIR]   (default: scripts/llama-cpp.sh --source-only)
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fuzz" / "corpus" / "gguf"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--llama-source")
    a = p.parse_args()
    src = a.llama_source or subprocess.run(["bash", str(ROOT / "scripts" / "llama-cpp.sh"), "--source-only"],
                                           check=True, stdout=subprocess.PIPE, text=True).stdout.split()[-1]
    sys.path.insert(0, os.path.join(src, "gguf-py"))
    import numpy as np
    import gguf

    OUT.mkdir(parents=True, exist_ok=True)

    def write(name, arch, fill):
        w = gguf.GGUFWriter(str(OUT / name), arch)
        fill(w)
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
        w.close()

    def dense(w):
        w.add_name("seed dense")
        w.add_context_length(4096)
        w.add_embedding_length(64)
        w.add_block_count(2)
        w.add_head_count(4)
        w.add_head_count_kv(2)
        w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
        w.add_tensor("token_embd.weight", np.zeros((8, 64), dtype=np.float16))
        w.add_tensor("blk.0.attn_q.weight", np.zeros((64, 64), dtype=np.float16))
        w.add_tensor("output_norm.weight", np.ones((64,), dtype=np.float32))

    def moe(w):
        w.add_expert_count(8)
        w.add_expert_used_count(2)
        w.add_block_count(3)
        w.add_embedding_length(32)
        w.add_head_count(2)
        w.add_key_value("qwen3moe.attention.head_count_kv", [2, 0, 1], gguf.GGUFValueType.ARRAY,
                        sub_type=gguf.GGUFValueType.UINT32)
        w.add_key_length(16)
        w.add_value_length(16)
        w.add_tensor("blk.0.ffn_gate_exps.weight", np.zeros((8, 32, 32), dtype=np.float32))

    def vocab(w):
        w.add_tokenizer_model("gpt2")
        w.add_token_list(["a", "b", "<|im_start|>", "<|im_end|>"])
        w.add_token_merges(["a b"])
        w.add_chat_template("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}")

    def split(w):
        w.add_key_value("split.no", 1, gguf.GGUFValueType.UINT16)
        w.add_key_value("split.count", 2, gguf.GGUFValueType.UINT16)
        w.add_tensor("blk.1.attn_k.weight", np.zeros((4, 32), dtype=np.float32))

    write("dense.gguf", "llama", dense)
    write("moe.gguf", "qwen3moe", moe)
    write("vocab.gguf", "qwen2", vocab)
    write("split-00002-of-00002.gguf", "llama", split)
    for name, cut in (("dense.gguf", 40), ("dense.gguf", 300), ("vocab.gguf", 200)):
        data = (OUT / name).read_bytes()
        (OUT / ("cut%d-%s" % (cut, name))).write_bytes(data[:cut])
    print("wrote", len(list(OUT.iterdir())), "seeds to", OUT)


if __name__ == "__main__":
    main()
