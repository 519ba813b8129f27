#pragma once
/// Whether the llama.cpp that pair runs can load a GGUF's architecture
/// (`general.architecture`). llama-server refuses an architecture it does not
/// know only once it has started loading ("unknown model architecture"), so
/// pair checks first: llama.cpp keeps each architecture's name as a string in
/// its table of architectures, and that string is in the llama-server binary
/// (or in libllama beside it, for a build with shared libraries). Its version
/// cannot answer this: builds that pair makes carry the version of the
/// package their source came from, not llama.cpp's release number.

#include <filesystem>
#include <string>
#include <string_view>

#include "local/llama_install.h"

namespace pair {

enum class ArchitectureSupport {
  kKnown,
  kUnknown,
  kUnchecked,  ///< no architecture in the file, or the build could not be read
};

struct ArchitectureCheck {
  ArchitectureSupport support = ArchitectureSupport::kUnchecked;
  std::string detail;  ///< why unchecked: what could not be read
};

/// Whether `binary` (the bytes of a llama-server or libllama) holds
/// `architecture` as a NUL-terminated string. Not also NUL-preceded: a linker
/// stores a string that ends another one as that one's tail. So a name that
/// ends some other string reads as known: the check errs toward letting the
/// server try. False for an empty name.
bool binary_names_architecture(std::string_view binary, std::string_view architecture);

/// Reads `server` (and any libllama*.so* in its directory or ../lib) and looks
/// for `architecture`. kUnchecked, with the reason, when the architecture is
/// empty or no file read holds llama.cpp's table (none readable, or a wrapper
/// script instead of the program).
ArchitectureCheck check_llama_architecture(const std::filesystem::path& server, std::string_view architecture);

/// The first llama.cpp release that loads `architecture`, with where that is
/// recorded, for today's model families ("b7186 (llama.cpp pull request
/// 16095)"); empty for one not in the table.
std::string_view first_llama_release(std::string_view architecture);

/// What to tell the user about an architecture `llama` does not know: the
/// problem (naming the build: its version, or its path when it has none) and
/// the fix (the release needed, when the table knows it, and how to get it).
struct ArchitectureAdvice {
  std::string problem;
  std::string fix;
};
ArchitectureAdvice unknown_architecture_advice(std::string_view architecture, const LlamaInstall& llama);

}  // namespace pair
