#pragma once
/// How much memory this machine has free: RAM from /proc/meminfo, GPU memory
/// from `nvidia-smi`. The parsers are separate so tests feed them text, and
/// `probe_memory` takes its sources as options so tests can point it at fake
/// files and a fake nvidia-smi (`PAIR_MEMINFO`, `PAIR_NVIDIA_SMI` do the same
/// for the pair binary).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

struct GpuMemory {
  int index = 0;
  std::string name;      ///< "NVIDIA H100 80GB HBM3"
  uint64_t total = 0;    ///< bytes; 0 when the driver does not say (unified memory)
  uint64_t free = 0;     ///< bytes
  bool unified = false;  ///< shares system RAM (GH200/GB10-style): nvidia-smi reports no memory of its own
};

struct MemoryReadings {
  uint64_t ram_total = 0;      ///< bytes
  uint64_t ram_available = 0;  ///< MemAvailable: what can be had without swapping
  std::vector<GpuMemory> gpus;
  std::vector<std::string> notes;  ///< what could not be read, for doctor

  bool has_gpu() const { return !gpus.empty(); }
  /// Free memory on discrete GPUs together.
  uint64_t gpu_free() const {
    uint64_t sum = 0;
    for (const auto& g : gpus)
      if (!g.unified) sum += g.free;
    return sum;
  }
  /// True when a GPU shares RAM (then there is one pool: RAM).
  bool unified() const {
    for (const auto& g : gpus)
      if (g.unified) return true;
    return false;
  }
};

/// Parses /proc/meminfo text. Errors (kParse) when MemTotal is missing.
Result<MemoryReadings> parse_meminfo(std::string_view text);
/// Parses `nvidia-smi --query-gpu=index,name,memory.total,memory.free --format=csv,noheader,nounits`.
/// "[N/A]" or "Not Supported" memory marks a unified-memory GPU.
std::vector<GpuMemory> parse_nvidia_smi(std::string_view text);

struct MemoryProbeOptions {
  std::filesystem::path meminfo = "/proc/meminfo";
  std::string nvidia_smi = "nvidia-smi";  ///< looked up in PATH; empty: no GPU probe
};

/// The options the pair binary uses: the defaults, overridden by PAIR_MEMINFO
/// and PAIR_NVIDIA_SMI (tests).
MemoryProbeOptions default_memory_probe_options();

/// Reads both; what cannot be read is noted, not fatal (no nvidia-smi: no GPU).
MemoryReadings probe_memory(const MemoryProbeOptions& options = default_memory_probe_options());

}  // namespace pair
