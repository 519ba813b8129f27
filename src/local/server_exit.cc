#include "local/server_exit.h"

#include <array>
#include <fstream>
#include <iterator>

#include "util/strings.h"

namespace pair {
namespace {

bool contains_any(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  for (auto n : needles)
    if (haystack.find(n) != std::string_view::npos) return true;
  return false;
}

std::string shortened(std::string_view line) {
  line = trim(line);
  if (line.size() <= 160) return std::string(line);
  return std::string(line.substr(0, 120)) + " … " + std::string(line.substr(line.size() - 30));
}

std::string log_text_of(const std::filesystem::path& log) {
  std::ifstream in(log, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(std::max<std::streamoff>(0, size - 64 * 1024));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

std::string server_exit_cause(std::string_view text) {
  std::string lower = to_lower(text);
  // llama-server logs "model loaded" once the weights are in; vLLM "Application startup complete".
  bool loaded = contains_any(lower, {"model loaded", "application startup complete", "server is listening"});
  std::string when = loaded ? "" : " while loading";
  auto lines = split_lines(text);
  // The last line that names a cause wins: earlier ones may be from a previous, recovered problem.
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    std::string l = to_lower(*it);
    if (contains_any(l, {"out of memory", "bad_alloc", "failed to allocate", "unable to allocate", "cudamalloc failed",
                         "outofmemoryerror"}))
      return "out of memory" + when;
    if (contains_any(l, {"address already in use", "couldn't bind", "failed to bind"}))
      return "its port was already taken";
    if (contains_any(l, {"error loading model", "failed to load model", "exiting due to model loading error"})) {
      // llama.cpp says which part failed on the "error loading model: …" line.
      for (auto jt = it; jt != lines.rend(); ++jt)
        if (auto at = jt->find("error loading model"); at != std::string::npos)
          return "could not load the model (" + shortened(jt->substr(at)) + ")";
      return "could not load the model";
    }
    if (contains_any(l, {"ggml_assert", "segmentation fault", "core dumped", "terminate called", "aborted"}))
      return "crashed" + when + " (" + shortened(*it) + ")";
  }
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (contains_any(to_lower(*it), {"error", "fatal"})) return "the last error in its log: " + shortened(*it);
  // SIGKILL (the out-of-memory killer, kill -9) leaves no line behind.
  return "no reason in its log (killed?)" + when;
}

std::string server_exit_notice(const ServerRecord& record) {
  std::string program = record.kind == "vllm" ? "vLLM" : "llama-server";
  std::string name = record.name.empty() ? std::to_string(record.port) : record.name;
  return program + " for " + name + " (pid " + std::to_string(record.pid) +
         ") exited: " + server_exit_cause(log_text_of(record.log)) + "; see `pair server logs " + name + "`";
}

}  // namespace pair
