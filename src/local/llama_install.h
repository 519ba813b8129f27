#pragma once
/// Where llama.cpp's programs are: scripts/llama-cpp.sh (which `pair setup
/// llama.cpp` runs, installed as <prefix>/share/pair/llama-cpp.sh) installs them into
/// versioned prefixes `<data dir>/llama.cpp/<version>-<commit>-<backend>/`
/// (bin/llama-server, bin/llama-quantize, bin/llama-tokenize, build.json,
/// source -> the llama.cpp tree, .complete when finished). pair picks the
/// newest complete prefix (a CUDA one over a CPU one of the same version when
/// a GPU is present) without any PATH setup. `PAIR_LLAMA_PREFIX` names the
/// root to search instead (as for the script); `PAIR_LLAMA_SERVER` names a
/// llama-server binary directly.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

struct LlamaInstall {
  std::filesystem::path prefix;  ///< empty when found some other way
  std::filesystem::path server;  ///< llama-server
  std::filesystem::path quantize;
  std::filesystem::path tokenize;
  std::filesystem::path source;  ///< the llama.cpp tree (convert_hf_to_gguf.py, gguf-py); may be empty
  std::string version;           ///< "3.22.1-de3ff81"
  std::string backend;           ///< "cpu", "cuda"
};

/// The root under which prefixes live.
std::filesystem::path llama_prefix_root();

/// Parses a prefix directory name "3.22.1-de3ff81-cuda" into version and
/// backend; nullopt when it is not one.
struct PrefixName {
  std::vector<int> version;  ///< {3, 22, 1}
  std::string commit;
  std::string backend;
};
std::optional<PrefixName> parse_prefix_name(std::string_view name);

/// The best complete prefix under `root`: the highest version, then CUDA over
/// CPU when `prefer_gpu`, then the most recently finished.
std::optional<std::filesystem::path> best_llama_prefix(const std::filesystem::path& root, bool prefer_gpu);

/// Finds llama.cpp. Errors (kNotFound) say how to build it.
Result<LlamaInstall> find_llama_install(bool prefer_gpu);

/// True when the CPU has Intel AMX (the `amx_tile` flag in /proc/cpuinfo text).
bool cpu_has_amx(std::string_view cpuinfo);
/// The same for this machine (reads /proc/cpuinfo once).
bool this_cpu_has_amx();

}  // namespace pair
