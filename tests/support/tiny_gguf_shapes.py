"""The architectures make_tiny_gguf.py writes: a tiny default shape for each, the metadata keys
and the tensors llama.cpp's loader requires for it.

Each architecture mirrors its loader in the pinned llama.cpp source (src/models/<arch>.cpp:
load_arch_hparams for the keys, load_arch_tensors for the tensors; src/llama-arch.cpp for the
names). The loader refuses a file with a missing tensor, a tensor of the wrong shape, or a
tensor it did not ask for, so these lists are exact.

A tensor plan lists (name, numpy shape, kind) in file order. numpy shapes are GGUF's dimensions
reversed: llama.cpp's {n_embd, n_vocab} is numpy (n_vocab, n_embd). Kinds:
  "ones"  float32 ones (norm weights: a random norm would blow activations up or down)
  "f32"   float32 noise (biases, attention sinks, routers, the recurrent layers' small vectors
          and the convolution kernel, which ggml's ssm_conv reads only as float32)
  "f16"   float16 noise (the matrices: what quantization would shrink)
"""

# The llama-architecture shapes: name -> (embedding, layers, heads, kv heads, feed-forward,
# context length).
LLAMA_PRESETS = {
    # Head size 64 keeps every backend's attention kernels usable; a turn takes milliseconds on CPU.
    "tiny": (128, 2, 2, 1, 256, 8192),
    # Shapes of Qwen3-1.7B and Qwen3-8B (untied output), for GPU benchmarks.
    "1.7b": (2048, 28, 16, 8, 6144, 32768),
    "8b": (4096, 36, 32, 8, 12288, 32768),
}

LLAMA_SHAPE_KEYS = ("embedding", "layers", "heads", "kv_heads", "ff", "context")


class Llama:
    """Dense transformer (src/models/llama.cpp): every layer attends over the whole context."""

    gguf_name = "llama"
    vocab = "ggml-vocab-qwen2.gguf"
    template = "Qwen3-Coder.jinja"

    def shape(self, preset):
        return dict(zip(LLAMA_SHAPE_KEYS, LLAMA_PRESETS[preset]))

    def check(self, shape):
        if shape["embedding"] % shape["heads"] or shape["heads"] % shape["kv_heads"]:
            return "embedding must be a multiple of heads, and heads a multiple of kv-heads"
        return None

    def write_keys(self, writer, shape):
        writer.add_feed_forward_length(shape["ff"])
        writer.add_rope_freq_base(1000000.0)
        # llama.cpp refuses a llama model whose rotary dimensions differ from the head size.
        writer.add_rope_dimension_count(shape["embedding"] // shape["heads"])

    def tensors(self, shape, n_vocab):
        e, ff = shape["embedding"], shape["ff"]
        kv = e // shape["heads"] * shape["kv_heads"]
        plan = [("token_embd.weight", (n_vocab, e), "f16")]
        for i in range(shape["layers"]):
            b = f"blk.{i}."
            plan += [
                (b + "attn_norm.weight", (e,), "ones"),
                (b + "attn_q.weight", (e, e), "f16"),
                (b + "attn_k.weight", (kv, e), "f16"),
                (b + "attn_v.weight", (kv, e), "f16"),
                (b + "attn_output.weight", (e, e), "f16"),
                (b + "ffn_norm.weight", (e,), "ones"),
                (b + "ffn_gate.weight", (ff, e), "f16"),
                (b + "ffn_up.weight", (ff, e), "f16"),
                (b + "ffn_down.weight", (e, ff), "f16"),
            ]
        plan += [("output_norm.weight", (e,), "ones"), ("output.weight", (n_vocab, e), "f16")]
        return plan


class _MixtureOfExperts:
    """What the mixture-of-experts architectures share: heads of a stated size (not embedding /
    heads), routed experts."""

    def check(self, shape):
        if shape["heads"] % shape["kv_heads"]:
            return "heads must be a multiple of kv-heads"
        if shape["experts_used"] > shape["experts"]:
            return "experts-used must not exceed experts"
        return None

    def write_shared_keys(self, writer, shape, rotary):
        writer.add_key_length(shape["head_dim"])
        writer.add_value_length(shape["head_dim"])
        writer.add_rope_dimension_count(rotary)
        writer.add_expert_count(shape["experts"])
        writer.add_expert_used_count(shape["experts_used"])
        writer.add_expert_feed_forward_length(shape["expert_ff"])


class Qwen35Moe(_MixtureOfExperts):
    """Hybrid attention with mixture-of-experts feed-forward (src/models/qwen35moe.cpp), the
    shape of Qwen3.5-35B-A3B / Qwen3.6-35B-A3B scaled down: every full_attention_interval-th
    layer is full attention (a KV cache over the context), the others are gated delta-net
    linear attention (a fixed recurrent state per sequence); every layer has routed experts and
    a gated shared expert."""

    gguf_name = "qwen35moe"
    vocab = "ggml-vocab-qwen35.gguf"
    template = "Qwen3.5-4B.jinja"

    def shape(self, preset):
        # The real model: hidden 2048, 40 layers, 16 heads of 256 (2 KV heads), 64 rotary
        # dimensions, linear attention with 16 key / 32 value heads of 128, 256 experts (8 used)
        # of 512, a shared expert of 512, full attention every 4th layer.
        return {
            "embedding": 128, "layers": 4, "heads": 2, "kv_heads": 1, "head_dim": 64,
            "experts": 4, "experts_used": 2, "expert_ff": 64, "shared_ff": 64,
            "full_attention_interval": 4,
            "ssm_conv_kernel": 4, "ssm_state": 32, "ssm_groups": 2, "ssm_value_heads": 4,
            "context": 8192,
        }

    def check(self, shape):
        if shape["head_dim"] % 8:
            return "head-dim must be a multiple of 8 (a quarter of it is rotated, in 4 sections)"
        return super().check(shape)

    def write_keys(self, writer, shape):
        # Qwen3.5 rotates a quarter of each head, split into interleaved multi-axis sections
        # (the real [11, 11, 10, 0] of 64, scaled); the loader requires the sections.
        rot = shape["head_dim"] // 4
        self.write_shared_keys(writer, shape, rot)
        half = rot // 2
        writer.add_rope_dimension_sections([half - 2 * (half // 3), half // 3, half // 3, 0])
        writer.add_rope_freq_base(10000000.0)
        writer.add_expert_shared_feed_forward_length(shape["shared_ff"])
        writer.add_ssm_conv_kernel(shape["ssm_conv_kernel"])
        writer.add_ssm_state_size(shape["ssm_state"])
        writer.add_ssm_group_count(shape["ssm_groups"])
        writer.add_ssm_time_step_rank(shape["ssm_value_heads"])
        # llama.cpp takes the value head size to be the state size: inner = value heads * state.
        writer.add_ssm_inner_size(shape["ssm_value_heads"] * shape["ssm_state"])
        writer.add_full_attention_interval(shape["full_attention_interval"])

    def is_recurrent(self, shape, i):
        """As the loader decides without a recurrent_layers array."""
        return (i + 1) % shape["full_attention_interval"] != 0

    def tensors(self, shape, n_vocab):
        e, head = shape["embedding"], shape["head_dim"]
        q, kv = head * shape["heads"], head * shape["kv_heads"]
        key_dim = shape["ssm_state"] * shape["ssm_groups"]
        value_heads = shape["ssm_value_heads"]
        value_dim = shape["ssm_state"] * value_heads
        conv_dim = 2 * key_dim + value_dim
        n_exp, exp_ff, sh_ff = shape["experts"], shape["expert_ff"], shape["shared_ff"]
        # No output.weight: the output projection is tied to the token embeddings, which the
        # loader allows, and it halves the file (the vocabulary is 152k rows).
        plan = [("token_embd.weight", (n_vocab, e), "f16"), ("output_norm.weight", (e,), "ones")]
        for i in range(shape["layers"]):
            b = f"blk.{i}."
            plan += [(b + "attn_norm.weight", (e,), "ones"), (b + "post_attention_norm.weight", (e,), "ones")]
            if self.is_recurrent(shape, i):
                plan += [
                    (b + "attn_qkv.weight", (conv_dim, e), "f16"),
                    (b + "attn_gate.weight", (value_dim, e), "f16"),
                    (b + "ssm_conv1d.weight", (conv_dim, shape["ssm_conv_kernel"]), "f32"),
                    (b + "ssm_dt.bias", (value_heads,), "f32"),
                    (b + "ssm_a", (value_heads,), "f32"),
                    (b + "ssm_beta.weight", (value_heads, e), "f16"),
                    (b + "ssm_alpha.weight", (value_heads, e), "f16"),
                    (b + "ssm_norm.weight", (shape["ssm_state"],), "ones"),
                    (b + "ssm_out.weight", (e, value_dim), "f16"),
                ]
            else:
                plan += [
                    # The query projection carries a gate of the same size beside the query.
                    (b + "attn_q.weight", (2 * q, e), "f16"),
                    (b + "attn_k.weight", (kv, e), "f16"),
                    (b + "attn_v.weight", (kv, e), "f16"),
                    (b + "attn_output.weight", (e, q), "f16"),
                    (b + "attn_q_norm.weight", (head,), "ones"),
                    (b + "attn_k_norm.weight", (head,), "ones"),
                ]
            plan += [
                (b + "ffn_gate_inp.weight", (n_exp, e), "f32"),
                (b + "ffn_down_exps.weight", (n_exp, e, exp_ff), "f16"),
                (b + "ffn_gate_exps.weight", (n_exp, exp_ff, e), "f16"),
                (b + "ffn_up_exps.weight", (n_exp, exp_ff, e), "f16"),
                (b + "ffn_gate_inp_shexp.weight", (e,), "f32"),
                (b + "ffn_gate_shexp.weight", (sh_ff, e), "f16"),
                (b + "ffn_up_shexp.weight", (sh_ff, e), "f16"),
                (b + "ffn_down_shexp.weight", (e, sh_ff), "f16"),
            ]
        return plan


class GptOss(_MixtureOfExperts):
    """Mixture of experts with alternating sliding-window attention (src/models/openai-moe.cpp),
    the shape of gpt-oss-20b scaled down: even layers attend over a window only (the loader's
    default pattern of 2), odd layers over the whole context; attention sinks and biases on
    the attention output, the router and the experts."""

    gguf_name = "gpt-oss"
    # gpt-oss's own tokenizer (o200k) has no vocab-only file in the llama.cpp tree; the Qwen2
    # one serves: the template's special markers are then plain text, which is all a test of
    # loading, memory and one chat answer needs.
    vocab = "ggml-vocab-qwen2.gguf"
    template = "openai-gpt-oss-120b.jinja"

    def shape(self, preset):
        # The real model: hidden 2880, 24 layers, 64 heads of 64 (8 KV heads), 32 experts
        # (4 used) of 2880, a window of 128 tokens.
        return {
            "embedding": 128, "layers": 4, "heads": 4, "kv_heads": 2, "head_dim": 64,
            "experts": 4, "experts_used": 2, "expert_ff": 128, "sliding_window": 128,
            "context": 8192,
        }

    def write_keys(self, writer, shape):
        # Every dimension of a head is rotated.
        self.write_shared_keys(writer, shape, shape["head_dim"])
        writer.add_rope_freq_base(150000.0)
        writer.add_sliding_window(shape["sliding_window"])

    def tensors(self, shape, n_vocab):
        e, head = shape["embedding"], shape["head_dim"]
        q, kv = head * shape["heads"], head * shape["kv_heads"]
        n_exp, ff = shape["experts"], shape["expert_ff"]
        plan = [
            ("token_embd.weight", (n_vocab, e), "f16"),
            ("output_norm.weight", (e,), "ones"),
            ("output.weight", (n_vocab, e), "f16"),
        ]
        for i in range(shape["layers"]):
            b = f"blk.{i}."
            plan += [
                (b + "attn_norm.weight", (e,), "ones"),
                (b + "post_attention_norm.weight", (e,), "ones"),
                (b + "attn_q.weight", (q, e), "f16"),
                (b + "attn_q.bias", (q,), "f32"),
                (b + "attn_k.weight", (kv, e), "f16"),
                (b + "attn_k.bias", (kv,), "f32"),
                (b + "attn_v.weight", (kv, e), "f16"),
                (b + "attn_v.bias", (kv,), "f32"),
                (b + "attn_output.weight", (e, q), "f16"),
                (b + "attn_output.bias", (e,), "f32"),
                (b + "attn_sinks.weight", (shape["heads"],), "f32"),
                (b + "ffn_gate_inp.weight", (n_exp, e), "f32"),
                (b + "ffn_gate_inp.bias", (n_exp,), "f32"),
                (b + "ffn_gate_exps.weight", (n_exp, ff, e), "f16"),
                (b + "ffn_gate_exps.bias", (n_exp, ff), "f32"),
                (b + "ffn_down_exps.weight", (n_exp, e, ff), "f16"),
                (b + "ffn_down_exps.bias", (n_exp, e), "f32"),
                (b + "ffn_up_exps.weight", (n_exp, ff, e), "f16"),
                (b + "ffn_up_exps.bias", (n_exp, ff), "f32"),
            ]
        return plan


ARCHITECTURES = {"llama": Llama(), "qwen35moe": Qwen35Moe(), "gpt-oss": GptOss()}
