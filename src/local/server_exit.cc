#include "local/server_exit.h"

#include "local/server_manager.h"
#include "util/strings.h"

namespace pair {
namespace {

bool contains_any(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  for (auto n : needles)
    if (haystack.find(n) != std::string_view::npos) return true;
  return false;
}

/// A log line as a notice may quote it: the log holds what the server was sent (a repository's
/// text among it), so control bytes, escape sequences included, are shown as '?'.
std::string shortened(std::string_view line) {
  std::string s(trim(line));
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (s.size() <= 160) return s;
  return s.substr(0, 120) + " … " + s.substr(s.size() - 30);
}

}  // namespace

std::string server_exit_cause(std::string_view text) {
  std::string lower = to_lower(text);
  // Loaded: llama-server logs "model loaded" once the weights are in (vLLM "Application startup
  // complete"); the end of a long-running server's log no longer holds that line, but its slots
  // and requests show it was serving.
  bool loaded = contains_any(lower, {"model loaded", "application startup complete", "server is listening",
                                     "update_slots", "log_server_r", "all slots are idle"});
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
         ") exited: " + server_exit_cause(log_tail(record.log, 200)) + "; see `pair server logs " + name + "`";
}

}  // namespace pair
