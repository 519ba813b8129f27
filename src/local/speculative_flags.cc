#include "local/speculative_flags.h"

namespace pair {

void apply_speculative(const SpeculativeConfig& s, const std::filesystem::path& draft_path, LlamaServerCommand& c) {
  switch (s.mode) {
    case SpeculativeMode::kOff: return;
    case SpeculativeMode::kDefault:
      if (kLlamaDraftsByDefault) c.spec_type = kNgramSpecType;
      return;
    case SpeculativeMode::kNgram: c.spec_type = kNgramSpecType; return;
    case SpeculativeMode::kDraft:
      // A plain draft model drafts only when draft-simple is named; llama.cpp infers only MTP heads.
      c.spec_type = "draft-simple";
      c.draft_model = draft_path;
      c.draft_n_max = s.n_max;
      c.draft_p_min = s.p_min;
      return;
  }
}

std::optional<VllmSpeculation> vllm_speculation(const SpeculativeConfig& s) {
  VllmSpeculation v;
  switch (s.mode) {
    case SpeculativeMode::kOff:
    case SpeculativeMode::kDefault: return std::nullopt;
    case SpeculativeMode::kNgram: break;
    case SpeculativeMode::kDraft: v.draft_model = s.draft_hf.empty() ? s.draft_gguf : s.draft_hf; break;
  }
  if (s.n_max) v.num_tokens = *s.n_max;
  return v;
}

}  // namespace pair
