#include "local/memory_probe.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pair {
namespace {

TEST(MemoryProbe, ParsesMeminfo) {
  auto m = parse_meminfo("MemTotal:       24684084 kB\nMemFree:        19387716 kB\nMemAvailable:   22179256 kB\n");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->ram_total, 24684084ull * 1024);
  EXPECT_EQ(m->ram_available, 22179256ull * 1024);
  // Old kernels: no MemAvailable.
  auto old = parse_meminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 200 kB\n");
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->ram_available, 310u * 1024);
  EXPECT_FALSE(parse_meminfo("garbage").has_value());
}

TEST(MemoryProbe, ParsesNvidiaSmi) {
  auto gpus = parse_nvidia_smi(
      "0, NVIDIA H100 80GB HBM3, 81559, 80000\n"
      "1, NVIDIA GB10, [N/A], [N/A]\n"
      "not a gpu line\n");
  ASSERT_EQ(gpus.size(), 2u);
  EXPECT_EQ(gpus[0].name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(gpus[0].total, 81559ull << 20);
  EXPECT_EQ(gpus[0].free, 80000ull << 20);
  EXPECT_FALSE(gpus[0].unified);
  EXPECT_TRUE(gpus[1].unified);
  MemoryReadings r;
  r.gpus = gpus;
  EXPECT_TRUE(r.unified());
  EXPECT_EQ(r.gpu_free(), 80000ull << 20);
}

TEST(MemoryProbe, ProbeReadsInjectedSources) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("pair-probe-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "meminfo") << "MemTotal: 8388608 kB\nMemAvailable: 4194304 kB\n";
  std::ofstream(dir / "nvidia-smi") << "#!/bin/sh\necho '0, Fake GPU, 24576, 20000'\n";
  fs::permissions(dir / "nvidia-smi", fs::perms::owner_all);
  MemoryProbeOptions o;
  o.meminfo = dir / "meminfo";
  o.nvidia_smi = (dir / "nvidia-smi").string();
  MemoryReadings r = probe_memory(o);
  EXPECT_EQ(r.ram_total, 8ull << 30);
  EXPECT_EQ(r.ram_available, 4ull << 30);
  ASSERT_EQ(r.gpus.size(), 1u);
  EXPECT_EQ(r.gpus[0].name, "Fake GPU");
  // A failing nvidia-smi is a note, not a GPU and not an error.
  std::ofstream(dir / "nvidia-smi") << "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n";
  r = probe_memory(o);
  EXPECT_TRUE(r.gpus.empty());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("NVIDIA-SMI has failed"), std::string::npos);
  o.nvidia_smi = "/nonexistent/nvidia-smi";
  EXPECT_TRUE(probe_memory(o).gpus.empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pair
