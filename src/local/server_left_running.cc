#include "local/server_left_running.h"

#include "util/byte_size.h"

namespace pair {

std::string left_running_notice(const ServerStatus& s) {
  const ServerRecord& r = s.record;
  std::string program = r.kind == "vllm" ? "vLLM" : "llama-server";
  std::string held = s.rss_bytes > 0 ? ", holding " + format_gib(s.rss_bytes) + " of memory" : "";
  return program + " for \"" + r.name + "\" is still running on port " + std::to_string(r.port) + " (pid " +
         std::to_string(r.pid) + held + "); `pair server stop " + r.name + "` frees it";
}

}  // namespace pair
