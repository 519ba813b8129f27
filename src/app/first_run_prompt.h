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
  /// Whether a llama.cpp build is there to serve a GGUF file; unset: yes.
  std::function<bool()> llama_available;
  /// Builds llama.cpp as `pair setup llama.cpp` does (progress on the terminal).
  std::function<Result<void>()> build_llama;
  /// Tries a server URL quickly: why it does not answer, or nullopt when it does.
  std::function<std::optional<std::string>(const std::string& url)> url_problem;
  /// Whether the last read ended because of Ctrl+C rather than end of input.
  std::function<bool()> interrupted;
};

/// How the question ended.
enum class FirstRunEnd {
  kSaved,        ///< an entry was written
  kQuit,         ///< q, or Ctrl+D (end of input): nothing saved, not an error (exit 0)
  kInterrupted,  ///< Ctrl+C: nothing saved (exit 130, as for an interrupted turn)
};

struct FirstRunResult {
  FirstRunEnd end = FirstRunEnd::kQuit;
  std::optional<NewModelEntry> entry;  ///< when kSaved
};

/// Asks until there is a usable answer or the user leaves. An answer that
/// cannot work gets a specific message and the question again: an invalid
/// choice, an empty model id, a GGUF file without llama.cpp (offers to build
/// it), a server that does not answer (asks whether to keep it). Leaving
/// says that nothing was saved. Writes the entry to `models_json` and
/// returns it. Errors only when the file cannot be written.
Result<FirstRunResult> run_first_run_prompt(std::FILE* in, std::FILE* out, const FirstRunFacts& facts,
                                            const FirstRunHooks& hooks, const std::filesystem::path& models_json);

}  // namespace pair

namespace pair {

/// For an interactive start (stdin a terminal): first, when the project's own
/// pair files want more than preferences and the project is not trusted, asks
/// whether to trust it (app/project_trust_gate.h) and says what stays
/// ignored; then, when nothing is configured, asks on the terminal and writes
/// the user's models.json, downloading the recommended model when chosen.
/// kSaved also when nothing needed asking; kQuit or kInterrupted when the
/// user left the question.
Result<FirstRunEnd> configure_interactively(const std::filesystem::path& workspace, const std::string& model_name);

}  // namespace pair
