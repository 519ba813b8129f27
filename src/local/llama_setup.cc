#include "local/llama_setup.h"

#include <cstdlib>

#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {
namespace fs = std::filesystem;

std::vector<fs::path> llama_script_candidates(const fs::path& executable) {
  std::vector<fs::path> out;
  if (const char* s = std::getenv("PAIR_LLAMA_SCRIPT"); s && *s) out.emplace_back(s);
  if (executable.empty()) return out;
  fs::path dir = executable.parent_path();
  out.push_back((dir / ".." / "share" / "pair" / "llama-cpp.sh").lexically_normal());
  // A build folder is one to three levels below the source tree (build/, build/src/app/).
  fs::path up = dir;
  for (int i = 0; i < 4 && up.has_parent_path() && up != up.root_path(); ++i) {
    up = up.parent_path();
    out.push_back(up / "scripts" / "llama-cpp.sh");
  }
  return out;
}

Result<fs::path> find_llama_script(const fs::path& executable) {
  auto candidates = llama_script_candidates(executable);
  std::error_code ec;
  for (const auto& c : candidates)
    if (fs::is_regular_file(c, ec)) return c;
  std::vector<std::string> looked;
  for (const auto& c : candidates) looked.push_back(c.string());
  return fail(ErrorCode::kNotFound,
              "the llama.cpp build script (llama-cpp.sh) was not found; looked at " +
                  (looked.empty() ? std::string("nothing (the program's own path is unknown)") : join(looked, ", ")) +
                  ". Every install of pair puts it in <prefix>/share/pair beside <prefix>/bin/pair (npm install -g "
                  "pair-programmer, the .deb, scripts/install.sh): reinstall pair, or set PAIR_LLAMA_SCRIPT to the "
                  "script's path");
}

Result<LlamaInstall> setup_llama_cpp(const fs::path& script, bool prefer_gpu,
                                     const std::function<void(std::string_view)>& on_output, std::stop_token stop,
                                     LlamaBackend backend) {
  ProcessOptions po;
  po.argv = {"bash", script.string()};
  if (backend != LlamaBackend::kAuto) {
    po.extra_env = {backend == LlamaBackend::kCuda ? "PAIR_LLAMA_BACKEND=cuda" : "PAIR_LLAMA_BACKEND=cpu"};
    prefer_gpu = backend == LlamaBackend::kCuda;
  }
  po.merge_stderr = true;
  po.head_bytes = 1024;
  po.tail_bytes = 4 * 1024;
  po.on_output = on_output;
  auto r = run_process(po, stop);
  if (!r) return std::unexpected(r.error());
  if (r->cancelled) return fail(ErrorCode::kCancelled, "the llama.cpp build was cancelled");
  if (r->signal != 0 || r->exit_code != 0) {
    std::string status =
        r->signal != 0 ? "signal " + std::to_string(r->signal) : "exit " + std::to_string(r->exit_code);
    std::string last =
        trim(r->output).empty() ? std::string("no output") : std::string(split_lines(trim(r->output)).back());
    return fail(ErrorCode::kIo, "building llama.cpp with " + script.string() + " failed (" + status + "): " + last);
  }
  auto found = find_llama_install(prefer_gpu);
  if (!found)
    return fail(ErrorCode::kNotFound, script.string() + " finished, but no llama.cpp install is found under " +
                                          llama_prefix_root().string() + " (" + found.error().message + ")");
  return found;
}

fs::path this_executable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

}  // namespace pair
