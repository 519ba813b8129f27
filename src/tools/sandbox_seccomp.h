#pragma once
/// The sandbox's socket filter, for commands that run without network: a
/// seccomp program (built with libseccomp, exported as the classic BPF that
/// bubblewrap loads with `--seccomp FD`) that refuses to make Unix-domain
/// sockets. A read-only view of the file system still lets a process connect
/// to every socket it can see (a session bus, /var/run/docker.sock, an
/// ssh-agent), since connecting needs only write permission on the socket
/// file, which a read-only mount does not take away; and seccomp cannot see
/// connect's path. So the filter refuses, with EAFNOSUPPORT ("Address family
/// not supported by protocol"):
///   - socket(AF_UNIX, ...): no new Unix-domain socket at all;
///   - socketpair(AF_UNIX, SOCK_DGRAM, ...): a datagram pair could still
///     sendto() any socket path (stream and seqpacket pairs stay allowed: they
///     are connected to each other and cannot be pointed elsewhere);
///   - io_uring (ENOSYS), whose IORING_OP_SOCKET makes sockets without the
///     socket call.
/// Abstract sockets belong to the network namespace, which --unshare-net
/// already replaces. On x86-64 the filter covers 32-bit (i386) programs too
/// (their socketcall(2) form is refused whole for socket and socketpair); on
/// arm64, 32-bit ARM and x86-64 programs (extra_filter_architectures).

#include <cstdint>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/unique_fd.h"

namespace pair {

/// The architectures the filter covers besides `native` (libseccomp's
/// SCMP_ARCH_* values, which are the kernel's AUDIT_ARCH_* ones): a system
/// call of an architecture it does not cover kills the process. For x86-64,
/// i386; for arm64, 32-bit ARM, and x86-64 and i386 for qemu-user on an x86-64
/// machine, where the programs an emulated pair starts are the host's. None
/// for the others.
std::vector<uint32_t> extra_filter_architectures(uint32_t native);

/// The compiled program (classic BPF bytes); compiled once per process on
/// first use, thread-safe. An error says why libseccomp could not build it.
const Result<std::string>& unix_socket_filter();

/// A new descriptor (close-on-exec) that reads the program from its start: one
/// per command, since bubblewrap reads it to the end.
Result<UniqueFd> unix_socket_filter_fd();

}  // namespace pair
