#include "local/memory_probe.h"

#include <cstdlib>

#include "util/atomic_file.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {

namespace {

/// "123456 kB" -> bytes.
std::optional<uint64_t> kib_value(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view rest = trim(line.substr(colon + 1));
  uint64_t v = 0;
  size_t i = 0;
  for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
    if (v > (UINT64_MAX - 9) / 10) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(rest[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = trim(rest.substr(i));
  if (unit == "kB" || unit == "KB" || unit == "kiB")
    return v > UINT64_MAX / 1024 ? std::nullopt : std::optional(v * 1024);
  return v;
}

std::optional<uint64_t> mib_field(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > UINT64_MAX / 20) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v * 1024 * 1024;
}

}  // namespace

Result<MemoryReadings> parse_meminfo(std::string_view text) {
  MemoryReadings r;
  std::optional<uint64_t> total, available, free_mem, buffers, cached;
  for (const auto& line : split_lines(text)) {
    std::string_view l = line;
    if (l.starts_with("MemTotal:"))
      total = kib_value(l);
    else if (l.starts_with("MemAvailable:"))
      available = kib_value(l);
    else if (l.starts_with("MemFree:"))
      free_mem = kib_value(l);
    else if (l.starts_with("Buffers:"))
      buffers = kib_value(l);
    else if (l.starts_with("Cached:"))
      cached = kib_value(l);
  }
  if (!total) return fail(ErrorCode::kParse, "/proc/meminfo has no MemTotal line");
  r.ram_total = *total;
  // Kernels before 3.14 have no MemAvailable: approximate it as the kernel would.
  r.ram_available = available ? *available : free_mem.value_or(0) + buffers.value_or(0) + cached.value_or(0);
  r.ram_available = std::min(r.ram_available, r.ram_total);
  return r;
}

std::vector<GpuMemory> parse_nvidia_smi(std::string_view text) {
  std::vector<GpuMemory> gpus;
  for (const auto& line : split_lines(text)) {
    auto fields = split(line, ',');
    if (fields.size() < 4) continue;
    GpuMemory g;
    std::string index(trim(fields[0]));
    if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos) continue;
    g.index = std::atoi(index.c_str());
    g.name = std::string(trim(fields[1]));
    auto total = mib_field(fields[2]);
    auto free = mib_field(fields[3]);
    if (total && free) {
      g.total = *total;
      g.free = std::min(*free, *total);
    } else {
      g.unified = true;  // "[N/A]", "Not Supported": memory is the system's
    }
    gpus.push_back(std::move(g));
  }
  return gpus;
}

MemoryProbeOptions default_memory_probe_options() {
  MemoryProbeOptions o;
  if (const char* p = std::getenv("PAIR_MEMINFO"); p && *p) o.meminfo = p;
  if (const char* p = std::getenv("PAIR_NVIDIA_SMI")) o.nvidia_smi = p;
  return o;
}

MemoryReadings probe_memory(const MemoryProbeOptions& options) {
  MemoryReadings r;
  if (auto text = read_file_to_string(options.meminfo); !text) {
    r.notes.push_back("cannot read " + options.meminfo.string() + ": " + text.error().message);
  } else if (auto parsed = parse_meminfo(*text); !parsed) {
    r.notes.push_back(parsed.error().message);
  } else {
    r = std::move(*parsed);
  }
  if (options.nvidia_smi.empty()) return r;
  std::string smi =
      options.nvidia_smi.find('/') != std::string::npos ? options.nvidia_smi : find_executable(options.nvidia_smi);
  if (smi.empty()) return r;  // no NVIDIA driver: no GPU, nothing to note
  ProcessOptions po;
  po.argv = {smi, "--query-gpu=index,name,memory.total,memory.free", "--format=csv,noheader,nounits"};
  po.merge_stderr = false;
  po.timeout = std::chrono::seconds(10);
  auto run = run_process(po);
  if (!run || run->exit_code != 0) {
    r.notes.push_back("nvidia-smi is installed but failed" +
                      (run ? ": " + std::string(trim(run->error_output.empty() ? run->output : run->error_output))
                           : ": " + run.error().message));
    return r;
  }
  r.gpus = parse_nvidia_smi(run->output);
  return r;
}

}  // namespace pair
