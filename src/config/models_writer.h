#pragma once
/// Adds an entry to a models.json (creating the file), for `pair model add`,
/// `pair model pull --add` and the first-run choice. The file keeps its other
/// entries; it is rewritten atomically (formatting is normalized).

#include <filesystem>
#include <optional>
#include <string>

#include "util/error.h"

namespace pair {

struct NewModelEntry {
  std::string name;
  std::string url;  ///< empty: http://localhost:8004/v1 for local models
  std::string model_id;
  std::string gguf;
  std::string hf;
  std::string server;  ///< "vllm"; empty: llama.cpp
  std::string api_key_env;
  std::optional<int> ctx;
  bool make_default = false;
};

/// Adds `entry` (replacing an entry of the same name when `replace`). Errors:
/// kConfig when the file is not a models.json, or the name is taken.
Result<void> add_model_entry(const std::filesystem::path& file, const NewModelEntry& entry, bool replace = false);

}  // namespace pair
