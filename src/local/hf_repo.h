#pragma once
/// Hugging Face repositories of GGUF models: what `org/repo[:QUANT]` means,
/// the shapes of the Hub's API answers, and which files make up a quant.
///
/// The Hub (https://huggingface.co, or $HF_ENDPOINT):
///   GET /api/models/{repo}/refs                          {"branches": [{"name", "targetCommit"}], ...}
///   GET /api/models/{repo}/tree/{commit}?recursive=true  [{"type": "file", "path", "size", "oid",
///                                                          "lfs": {"oid": sha256, "size", "pointerSize"}}]
///                                                         (more pages: a Link header, rel="next")
///   GET /{repo}/resolve/{commit}/{path}                   the file (redirects to a CDN; Range works)
/// A bearer token ($HF_TOKEN) opens gated and private repositories.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

struct HfModelRef {
  std::string repo;   ///< "org/name"
  std::string quant;  ///< "Q4_K_M", or a file name ending in .gguf; empty: the default choice
};

/// Parses "org/repo", "org/repo:Q4_K_M", "hf.co/org/repo:Q8_0" or
/// "https://huggingface.co/org/repo". Errors (kInvalidArgument) show the form.
Result<HfModelRef> parse_hf_ref(std::string_view text);

struct HfFile {
  std::string path;  ///< in the repository: "Q4_K_M/model-Q4_K_M-00001-of-00002.gguf"
  uint64_t size = 0;
  std::string sha256;  ///< the LFS oid; empty for small non-LFS files
};

/// The commit of the main branch (or the first branch) from /refs.
Result<std::string> parse_hf_refs(std::string_view json);
/// The files of a /tree answer.
Result<std::vector<HfFile>> parse_hf_tree(std::string_view json);
/// The URL of the next page in a Link header, if any.
std::optional<std::string> next_page_link(std::string_view link_header);

/// The files of one quant, in part order. With an empty quant: Q4_K_M if the
/// repository has it, else Q4_K_S, Q4_0, Q5_K_M, Q8_0, else the only model.
/// Multimodal projectors (mmproj) are left out. Errors list what there is.
Result<std::vector<HfFile>> select_quant_files(const std::vector<HfFile>& files, const HfModelRef& ref);

/// The quant named in a file name ("...-Q4_K_M.gguf" -> "Q4_K_M"), or empty.
std::string quant_of_filename(std::string_view path);

/// $HF_ENDPOINT (or MODEL_ENDPOINT) without a trailing '/', default https://huggingface.co.
std::string hf_endpoint();
/// The Authorization header for $HF_TOKEN (or HUGGING_FACE_HUB_TOKEN); empty without one.
std::string hf_auth_header();
/// Percent-encodes a repository path for a URL (keeps '/').
std::string url_path_escape(std::string_view path);

}  // namespace pair
