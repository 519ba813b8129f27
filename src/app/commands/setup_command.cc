// pair setup llama.cpp: builds (or finds) llama.cpp's server with the installed build script.
#include <cstdio>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "local/llama_setup.h"
#include "local/memory_probe.h"
#include "util/interrupt_watcher.h"

namespace pair {

Result<LlamaInstall> build_llama_cpp(std::FILE* progress, std::stop_token stop, LlamaBackend backend) {
  auto script = find_llama_script(this_executable());
  if (!script) return std::unexpected(script.error());
  std::fprintf(progress, "Building llama.cpp with %s (a few minutes the first time; nothing to do when built)\n",
               script->c_str());
  std::fflush(progress);
  return setup_llama_cpp(
      script->string(), probe_memory().has_gpu(),
      [progress](std::string_view chunk) {
        std::fwrite(chunk.data(), 1, chunk.size(), progress);
        std::fflush(progress);
      },
      stop, backend);
}

int run_setup_command(const CliOptions& o) {
  if (o.local.action != "llama.cpp") return kExitUsage;
  InterruptWatcher interrupts;
  LlamaBackend backend = o.local.cuda ? LlamaBackend::kCuda : o.local.cpu ? LlamaBackend::kCpu : LlamaBackend::kAuto;
  auto install = build_llama_cpp(stderr, interrupts.token(), backend);
  if (!install) return report_error(install.error());
  std::printf("llama.cpp is ready: llama-server %s (%s) at %s\n", install->version.c_str(), install->backend.c_str(),
              install->server.c_str());
  return kExitOk;
}

}  // namespace pair
