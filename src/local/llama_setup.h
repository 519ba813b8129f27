#pragma once
/// `pair setup llama.cpp`: builds (or finds) llama.cpp's server with the
/// project's build script, scripts/llama-cpp.sh, which every install puts
/// at `<prefix>/share/pair/llama-cpp.sh` beside `<prefix>/bin/pair` (the
/// install rules, the npm platform package, the .deb's /usr). The
/// script does the work (a pinned, checksum-verified source; a versioned
/// prefix that find_llama_install picks up); this runs it with its progress
/// passed on and then reports what find_llama_install finds.
///
/// Thread affinity: any thread; blocking (a first build takes minutes).

#include <filesystem>
#include <functional>
#include <stop_token>
#include <string_view>
#include <vector>

#include "local/llama_install.h"
#include "util/error.h"

namespace pair {

/// Where the build script may be for the pair program at `executable`, in the
/// order they are tried: `PAIR_LLAMA_SCRIPT` when set, then
/// `<exe dir>/../share/pair/llama-cpp.sh` (an installed pair), then
/// `scripts/llama-cpp.sh` in the folders above the program (a pair run from
/// its build folder inside the source tree).
std::vector<std::filesystem::path> llama_script_candidates(const std::filesystem::path& executable);

/// The first candidate that exists. Errors (kNotFound) list where it looked
/// and say how to get the script.
Result<std::filesystem::path> find_llama_script(const std::filesystem::path& executable);

/// Which llama.cpp backend to build: kAuto is CUDA when nvcc and a GPU are
/// both there, else the CPU; the others insist (`--cuda`, `--cpu`).
enum class LlamaBackend { kAuto, kCpu, kCuda };

/// Runs `script` (with bash) and then finds the install it made. Each piece
/// of the script's output (its progress, on stderr and stdout) goes to
/// `on_output` as it arrives. `backend` reaches the script as
/// PAIR_LLAMA_BACKEND (auto, cpu, cuda), and a chosen one is the install
/// looked for. Errors: kCancelled when `stop` is requested, kIo when the
/// script fails (its last output in the message), kNotFound when it
/// succeeded but no install is found.
Result<LlamaInstall> setup_llama_cpp(const std::filesystem::path& script, bool prefer_gpu,
                                     const std::function<void(std::string_view)>& on_output, std::stop_token stop = {},
                                     LlamaBackend backend = LlamaBackend::kAuto);

/// The running program's path (/proc/self/exe); empty when unknown.
std::filesystem::path this_executable();

}  // namespace pair
