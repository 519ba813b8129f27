#include "tools/sandbox_seccomp.h"

#include <gtest/gtest.h>
#include <linux/filter.h>
#include <seccomp.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

namespace pair {
namespace {

/// The values the classic BPF program compares the architecture field of
/// struct seccomp_data (offset 4) with: the constant of each `jeq` reached
/// with that field in the accumulator, followed along the program's jumps
/// (which only go forward).
std::vector<uint32_t> compared_architectures(const std::string& bpf) {
  constexpr uint32_t kArchOffset = 4;
  std::vector<sock_filter> program(bpf.size() / sizeof(sock_filter));
  std::memcpy(program.data(), bpf.data(), program.size() * sizeof(sock_filter));
  // Per instruction: not reached yet, or whether every path to it leaves the architecture loaded.
  enum class Holds { kUnreached, kOther, kArch };
  std::vector<Holds> holds(program.size() + 1, Holds::kUnreached);
  if (!program.empty()) holds[0] = Holds::kOther;
  std::vector<uint32_t> out;
  for (size_t i = 0; i < program.size(); ++i) {
    if (holds[i] == Holds::kUnreached) continue;
    const sock_filter& insn = program[i];
    Holds after = holds[i];
    if (BPF_CLASS(insn.code) == BPF_LD || BPF_CLASS(insn.code) == BPF_ALU)
      after = insn.code == (BPF_LD | BPF_W | BPF_ABS) && insn.k == kArchOffset ? Holds::kArch : Holds::kOther;
    auto reach = [&](size_t to) {
      if (to >= holds.size()) return;
      holds[to] = holds[to] == Holds::kUnreached || holds[to] == after ? after : Holds::kOther;
    };
    if (BPF_CLASS(insn.code) == BPF_RET) continue;
    if (BPF_CLASS(insn.code) != BPF_JMP) {
      reach(i + 1);
    } else if (BPF_OP(insn.code) == BPF_JA) {
      reach(i + 1 + insn.k);
    } else {
      if (after == Holds::kArch && insn.code == (BPF_JMP | BPF_JEQ | BPF_K)) out.push_back(insn.k);
      reach(i + 1 + insn.jt);
      reach(i + 1 + insn.jf);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TEST(SandboxSocketFilter, TheProgramChecksEveryArchitectureItCovers) {
  const Result<std::string>& program = unix_socket_filter();
  ASSERT_TRUE(program.has_value()) << program.error().message;
  std::vector<uint32_t> expected = extra_filter_architectures(seccomp_arch_native());
  expected.push_back(seccomp_arch_native());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(compared_architectures(*program), expected);
}

TEST(SandboxSocketFilter, ArchitecturesBesidesTheNativeOne) {
  EXPECT_EQ(extra_filter_architectures(SCMP_ARCH_X86_64), std::vector<uint32_t>{SCMP_ARCH_X86});
  // An arm64 pair: 32-bit ARM programs, and the host's programs where qemu-user runs pair on x86-64.
  std::vector<uint32_t> arm64 = extra_filter_architectures(SCMP_ARCH_AARCH64);
  for (uint32_t arch : std::vector<uint32_t>{SCMP_ARCH_ARM, SCMP_ARCH_X86_64})
    EXPECT_NE(std::find(arm64.begin(), arm64.end(), arch), arm64.end()) << arch;
  EXPECT_TRUE(extra_filter_architectures(SCMP_ARCH_PPC64LE).empty());
}

}  // namespace
}  // namespace pair
