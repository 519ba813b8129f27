#include "local/llama_install.h"

#include <cstdlib>

#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {
namespace fs = std::filesystem;

fs::path llama_prefix_root() {
  if (const char* p = std::getenv("PAIR_LLAMA_PREFIX"); p && *p) return p;
  return data_dir() / "llama.cpp";
}

std::optional<PrefixName> parse_prefix_name(std::string_view name) {
  auto parts = split(name, '-');
  if (parts.size() != 3 || parts[1].empty() || parts[2].empty()) return std::nullopt;
  PrefixName p;
  for (const auto& n : split(parts[0], '.')) {
    if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    p.version.push_back(std::atoi(n.c_str()));
  }
  p.commit = parts[1];
  p.backend = parts[2];
  return p;
}

std::optional<fs::path> best_llama_prefix(const fs::path& root, bool prefer_gpu) {
  std::error_code ec;
  struct Candidate {
    fs::path path;
    PrefixName name;
    fs::file_time_type finished;
  };
  std::optional<Candidate> best;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (!entry.is_directory(ec)) continue;
    auto name = parse_prefix_name(entry.path().filename().string());
    if (!name) continue;
    fs::path complete = entry.path() / ".complete";
    if (!fs::exists(complete, ec) || !fs::exists(entry.path() / "bin" / "llama-server", ec)) continue;
    Candidate c{entry.path(), *name, fs::last_write_time(complete, ec)};
    auto rank = [&](const Candidate& x) {
      bool gpu = x.name.backend != "cpu";
      return std::make_tuple(x.name.version, prefer_gpu ? gpu : !gpu, x.finished);
    };
    if (!best || rank(c) > rank(*best)) best = c;
  }
  if (!best) return std::nullopt;
  return best->path;
}

Result<LlamaInstall> find_llama_install(bool prefer_gpu) {
  LlamaInstall install;
  if (const char* bin = std::getenv("PAIR_LLAMA_SERVER"); bin && *bin) {
    install.server = bin;
    install.quantize = install.server.parent_path() / "llama-quantize";
    install.tokenize = install.server.parent_path() / "llama-tokenize";
    install.backend = "unknown";
    return install;
  }
  fs::path root = llama_prefix_root();
  std::error_code ec;
  // PAIR_LLAMA_PREFIX may also name one prefix itself (tests/support/llama_server.sh exports that).
  std::optional<fs::path> prefix;
  if (fs::exists(root / ".complete", ec) && fs::exists(root / "bin" / "llama-server", ec))
    prefix = root;
  else
    prefix = best_llama_prefix(root, prefer_gpu);
  if (!prefix) {
    // Last resort: a llama-server the user installed some other way.
    if (std::string on_path = find_executable("llama-server"); !on_path.empty()) {
      install.server = on_path;
      install.quantize = install.server.parent_path() / "llama-quantize";
      install.tokenize = install.server.parent_path() / "llama-tokenize";
      install.backend = "unknown";
      return install;
    }
    return fail(ErrorCode::kNotFound, "llama.cpp is not installed (no complete build under " + root.string() +
                                          "); build it with: pair setup llama.cpp");
  }
  install.prefix = *prefix;
  install.server = *prefix / "bin" / "llama-server";
  install.quantize = *prefix / "bin" / "llama-quantize";
  install.tokenize = *prefix / "bin" / "llama-tokenize";
  if (fs::exists(*prefix / "source", ec)) install.source = fs::weakly_canonical(*prefix / "source", ec);
  if (auto name = parse_prefix_name(prefix->filename().string())) {
    std::string version;
    for (size_t i = 0; i < name->version.size(); ++i) version += (i ? "." : "") + std::to_string(name->version[i]);
    install.version = version + "-" + name->commit;
    install.backend = name->backend;
  } else {
    install.version = prefix->filename().string();
    install.backend = "unknown";
  }
  return install;
}

bool cpu_has_amx(std::string_view cpuinfo) {
  for (const auto& line : split_lines(cpuinfo)) {
    if (!line.starts_with("flags")) continue;
    for (const auto& flag : split(line, ' '))
      if (flag == "amx_tile") return true;
    return false;  // every core lists the same flags
  }
  return false;
}

bool this_cpu_has_amx() {
  static const bool amx = [] {
    auto text = read_file_to_string("/proc/cpuinfo");
    return text && cpu_has_amx(*text);
  }();
  return amx;
}

}  // namespace pair
