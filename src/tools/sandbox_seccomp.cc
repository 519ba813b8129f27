#include "tools/sandbox_seccomp.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace pair {
namespace {

std::string seccomp_error(const std::string& what, int rc) {
  return "cannot build the sandbox's socket filter (" + what + ": " + std::strerror(-rc) + ")";
}

/// Writes all of `data` to `fd`.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Result<std::string> compile() {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == nullptr) return fail(ErrorCode::kIo, "cannot build the sandbox's socket filter (seccomp_init failed)");
  struct Release {
    scmp_filter_ctx ctx;
    ~Release() { seccomp_release(ctx); }
  } release{ctx};

  // The filter kills a process whose system calls are of an architecture it does not cover: every
  // one a sandboxed program may use gets the same rules.
  for (uint32_t arch : extra_filter_architectures(seccomp_arch_native())) {
    if (int rc = seccomp_arch_add(ctx, arch); rc != 0 && rc != -EEXIST)
      return fail(ErrorCode::kIo, seccomp_error("architecture " + std::to_string(arch), rc));
  }
  // Arguments are ints: compare the low 32 bits only, whatever the caller left above them.
  const uint32_t refused = SCMP_ACT_ERRNO(EAFNOSUPPORT);
  if (int rc = seccomp_rule_add(ctx, refused, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, 0xFFFFFFFF, AF_UNIX));
      rc != 0)
    return fail(ErrorCode::kIo, seccomp_error("socket rule", rc));
  constexpr uint64_t kTypeMask = 0xF;  // SOCK_TYPE_MASK: the type without SOCK_CLOEXEC / SOCK_NONBLOCK
  if (int rc = seccomp_rule_add(ctx, refused, SCMP_SYS(socketpair), 2, SCMP_A0(SCMP_CMP_MASKED_EQ, 0xFFFFFFFF, AF_UNIX),
                                SCMP_A1(SCMP_CMP_MASKED_EQ, kTypeMask, SOCK_DGRAM));
      rc != 0)
    return fail(ErrorCode::kIo, seccomp_error("socketpair rule", rc));
  for (int call : {SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter), SCMP_SYS(io_uring_register)}) {
    if (int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), call, 0); rc != 0)
      return fail(ErrorCode::kIo, seccomp_error("io_uring rule", rc));
  }

  UniqueFd out(::memfd_create("pair-seccomp", MFD_CLOEXEC));
  if (!out.valid())
    return fail(ErrorCode::kIo,
                std::string("cannot build the sandbox's socket filter (memfd: ") + std::strerror(errno) + ")");
  if (int rc = seccomp_export_bpf(ctx, out.get()); rc != 0) return fail(ErrorCode::kIo, seccomp_error("export", rc));
  std::string bpf;
  char buf[4096];
  for (off_t at = 0;;) {
    ssize_t n = ::pread(out.get(), buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::kIo, std::string("cannot read the socket filter: ") + std::strerror(errno));
    if (n == 0) break;
    bpf.append(buf, static_cast<size_t>(n));
    at += n;
  }
  if (bpf.empty() || bpf.size() % 8 != 0)
    return fail(ErrorCode::kIo, "cannot build the sandbox's socket filter (libseccomp exported no program)");
  return bpf;
}

}  // namespace

std::vector<uint32_t> extra_filter_architectures(uint32_t native) {
  // 32-bit programs on a 64-bit kernel.
  if (native == SCMP_ARCH_X86_64) return {SCMP_ARCH_X86};
  // 32-bit ARM programs on an arm64 kernel; and the arm64 build run by qemu-user on an x86-64
  // machine, where bubblewrap and what runs inside it are the host's own programs.
  if (native == SCMP_ARCH_AARCH64) return {SCMP_ARCH_ARM, SCMP_ARCH_X86_64, SCMP_ARCH_X86};
  return {};
}

const Result<std::string>& unix_socket_filter() {
  static const Result<std::string> program = compile();
  return program;
}

Result<UniqueFd> unix_socket_filter_fd() {
  const Result<std::string>& program = unix_socket_filter();
  if (!program) return std::unexpected(program.error());
  UniqueFd fd(::memfd_create("pair-seccomp", MFD_CLOEXEC));
  if (!fd.valid()) return fail(ErrorCode::kIo, std::string("cannot pass the socket filter: ") + std::strerror(errno));
  if (!write_all(fd.get(), *program) || ::lseek(fd.get(), 0, SEEK_SET) != 0)
    return fail(ErrorCode::kIo, std::string("cannot pass the socket filter: ") + std::strerror(errno));
  return fd;
}

}  // namespace pair
