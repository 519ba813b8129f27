#include "local/llama_architectures.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "util/unique_fd.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

/// For the families pair recommends or users ask about most: when llama.cpp
/// learned them, and where that is written down.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kFirstReleases{{
    {"qwen3", "a release from April 2025 or later (llama.cpp pull request 12828)"},
    {"qwen3moe", "a release from April 2025 or later (llama.cpp pull request 12828)"},
    {"gpt-oss", "b6097 or later (llama.cpp pull request 15091, August 2025)"},
    {"qwen3next", "b7186 or later (llama.cpp pull request 16095, November 2025)"},
    {"qwen35", "a release from February 2026 or later (llama.cpp pull request 19468)"},
    {"qwen35moe", "a release from February 2026 or later (llama.cpp pull request 19468)"},
}};

/// A file's bytes, mapped read-only: a CUDA build's server runs to hundreds of
/// megabytes, which a search should not copy.
class MappedFile {
 public:
  explicit MappedFile(const fs::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) {
      error_ = "cannot read " + path.string() + ": " + std::strerror(errno);
      return;
    }
    if (st.st_size == 0) return;
    void* data = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (data == MAP_FAILED) {
      error_ = "cannot read " + path.string() + ": " + std::strerror(errno);
      return;
    }
    data_ = data;
    size_ = static_cast<size_t>(st.st_size);
  }
  ~MappedFile() {
    if (data_) ::munmap(data_, size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
  /// Empty when the file was read.
  const std::string& error() const { return error_; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  std::string error_;
};

/// The files that may hold llama.cpp's table of architectures: the server,
/// and libllama when the build links it as a shared library.
std::vector<fs::path> llama_binaries(const fs::path& server) {
  std::vector<fs::path> out{server};
  std::error_code ec;
  for (const fs::path& dir : {server.parent_path(), server.parent_path().parent_path() / "lib"}) {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.starts_with("libllama") && name.find(".so") != std::string::npos) out.push_back(it->path());
    }
    ec.clear();
  }
  return out;
}

}  // namespace

bool binary_names_architecture(std::string_view binary, std::string_view architecture) {
  if (architecture.empty()) return false;
  std::string needle(architecture);
  needle.push_back('\0');
  return binary.find(needle) != std::string_view::npos;
}

ArchitectureCheck check_llama_architecture(const fs::path& server, std::string_view architecture) {
  ArchitectureCheck out;
  if (architecture.empty()) {
    out.detail = "the GGUF names no architecture (general.architecture)";
    return out;
  }
  bool found_table = false;
  for (const fs::path& file : llama_binaries(server)) {
    MappedFile mapped(file);
    if (!mapped.error().empty()) {
      out.detail = mapped.error();
      continue;
    }
    if (binary_names_architecture(mapped.bytes(), architecture)) {
      out.support = ArchitectureSupport::kKnown;
      return out;
    }
    // "llama" heads the table in every llama.cpp: without it this is no build (a wrapper script, a stand-in).
    found_table = found_table || binary_names_architecture(mapped.bytes(), "llama");
  }
  if (found_table)
    out.support = ArchitectureSupport::kUnknown;
  else if (out.detail.empty())
    out.detail = "found no table of architectures in " + server.string() + " (a wrapper script?)";
  return out;
}

std::string_view first_llama_release(std::string_view architecture) {
  for (const auto& [name, release] : kFirstReleases)
    if (name == architecture) return release;
  return {};
}

ArchitectureAdvice unknown_architecture_advice(std::string_view architecture, const LlamaInstall& llama) {
  ArchitectureAdvice a;
  std::string build = llama.version.empty() ? llama.server.string() : llama.version;
  std::string arch(architecture);
  a.problem = "this llama.cpp (" + build + ") does not know the architecture \"" + arch +
              "\": llama-server would stop at load with \"unknown model architecture\"";
  std::string_view release = first_llama_release(architecture);
  std::string needs =
      release.empty() ? std::string("a llama.cpp newer than this one") : "llama.cpp " + std::string(release);
  a.fix = "it needs " + needs +
          ": update pair and run pair setup llama.cpp (it builds the llama.cpp that pair pins), or set "
          "PAIR_LLAMA_SERVER to a llama-server that knows \"" +
          arch + "\"";
  return a;
}

}  // namespace pair
