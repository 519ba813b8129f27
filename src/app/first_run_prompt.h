#pragma once
/// The first-run question, in a plain terminal: download a recommended coding
/// GGUF (its size said first), use a GGUF file or server URL already there,
/// or a cloud model; the answer becomes an entry of the user's models.json.
/// Kept apart (plain stdio, hooks for the network) so that the terminal UI
/// can reuse it or replace it with its own screen.

#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "app/first_run.h"
#include "config/models_writer.h"
#include "util/error.h"

namespace pair {

struct FirstRunHooks {
  /// The exact download size of an `hf` model, from the Hub.
  std::function<Result<uint64_t>(const std::string& hf)> download_size;
  /// Downloads it (with progress on the terminal).
  std::function<Result<void>(const std::string& hf)> download;
  /// Checks that a file is a readable GGUF (a one-line summary, or an error).
  std::function<Result<std::string>(const std::string& path)> check_gguf;
};

/// Asks until there is an answer or the user quits (nullopt; also on end of
/// input). Writes the entry to `models_json` and returns it.
Result<std::optional<NewModelEntry>> run_first_run_prompt(std::FILE* in, std::FILE* out, const FirstRunFacts& facts,
                                                          const FirstRunHooks& hooks,
                                                          const std::filesystem::path& models_json);

}  // namespace pair

namespace pair {

/// For an interactive start (stdin a terminal): first, when the project's own
/// pair files want more than preferences and the project is not trusted, asks
/// whether to trust it (app/project_trust_gate.h) and says what stays
/// ignored; then, when nothing is configured, asks on the terminal and writes
/// the user's models.json, downloading the recommended model when chosen.
/// Returns false when the user quit.
Result<bool> configure_interactively(const std::filesystem::path& workspace, const std::string& model_name);

}  // namespace pair
