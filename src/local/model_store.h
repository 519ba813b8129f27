#pragma once
/// The models directory (`$PAIR_MODELS_DIR`, default `<data dir>/models`) and
/// `pair model pull`: GGUF files from Hugging Face, one folder per repository
/// (`<dir>/<org>/<repo>/<path in the repo>`), with a manifest
/// (`.pair-manifest.json`) of what was pulled and verified, so that a
/// models.json entry `"hf": "org/repo:QUANT"` finds its files offline.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "local/hf_repo.h"
#include "util/error.h"

namespace pair {

class HttpClient;

std::filesystem::path models_dir();

struct PulledModel {
  std::string repo;
  std::string quant;  ///< as pulled ("Q4_K_M"), or the file name
  std::string commit;
  std::vector<std::filesystem::path> files;  ///< in part order
  uint64_t bytes = 0;
};

/// The files pulled earlier for `ref` (all present at their sizes), if any.
std::optional<PulledModel> find_pulled(const HfModelRef& ref, const std::filesystem::path& dir = models_dir());

/// What the Hub offers for `ref`: the commit and the files of the quant.
struct HfSelection {
  std::string commit;
  std::vector<HfFile> files;
  uint64_t bytes() const;
};
Result<HfSelection> query_hf(HttpClient& http, const HfModelRef& ref, std::stop_token stop = {});

struct PullProgress {
  std::string file;
  int part = 1, parts = 1;
  uint64_t done = 0, total = 0;  ///< all parts together
  double bytes_per_second = 0;
  std::string note;
};

struct PullOptions {
  std::filesystem::path dir = models_dir();
  std::function<void(const PullProgress&)> on_progress;
  int max_attempts = 6;
};

/// Downloads (or resumes, or finds already complete) the files of `ref`.
Result<PulledModel> pull_model(const HfModelRef& ref, const PullOptions& options, std::stop_token stop = {});

struct LocalModel {
  std::filesystem::path path;  ///< the file, or the first part
  int parts = 1;
  uint64_t bytes = 0;
  std::string repo;  ///< "org/repo" when pulled into the models directory
};
/// Every GGUF model under `dir` (split models once; .part downloads left out).
std::vector<LocalModel> list_local_models(const std::filesystem::path& dir = models_dir());

}  // namespace pair
