#pragma once
/// From models.json `speculative` to the server's drafting flags. Where the
/// field is absent the default is what bench/speculative.sh measured
/// (bench/RESULTS.md, README "Speculative decoding"), not a guess.

#include <filesystem>
#include <optional>
#include <string_view>

#include "config/models_config.h"
#include "local/server_command.h"

namespace pair {

/// The llama.cpp n-gram type that `"ngram"` names: in bench/speculative.sh
/// ngram-mod was the only type that drafted at all, and its drafts were
/// accepted where the answer repeated text (bench/RESULTS.md).
inline constexpr std::string_view kNgramSpecType = "ngram-mod";

/// Whether llama-server drafts when models.json says nothing. On: on a quiet
/// machine the prose control (nothing to copy, so nothing drafted) stayed
/// within 3% of no drafting, and a rewrite that copies its context ran 43-49%
/// faster (bench/RESULTS.md). The cost case is drafts the model rejects (-25
/// to -30% generation speed on a CPU at 0% acceptance); `"speculative": "off"`
/// is there for models that diverge from what they read.
inline constexpr bool kLlamaDraftsByDefault = true;

/// Sets `c`'s drafting fields for `s`; `draft_path` is the draft model's file
/// (pulled or resolved by the caller) when `s` names one.
void apply_speculative(const SpeculativeConfig& s, const std::filesystem::path& draft_path, LlamaServerCommand& c);

/// vLLM's drafting for `s`: the ngram method, or the draft model (a path or a
/// Hugging Face id, which vLLM fetches itself); unset when off or absent
/// (vLLM's default was not measured here, so it stays vLLM's own: none).
std::optional<VllmSpeculation> vllm_speculation(const SpeculativeConfig& s);

}  // namespace pair
