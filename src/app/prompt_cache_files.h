#pragma once
/// The KV-cache files llama-server saves for sessions (--slot-save-path) can
/// be gigabytes each; keep their total under a cap, oldest first.

#include <cstdint>
#include <filesystem>

namespace pair {

/// Deletes the least recently written `*.bin` files in `dir` until the rest
/// fit `max_bytes`. The directory (0700) and the files kept (0600) are made
/// private too: they hold conversations' tokens, and a server started by an
/// older pair wrote them with its own umask. A missing directory is fine.
/// Returns the bytes freed.
uintmax_t prune_prompt_cache_files(const std::filesystem::path& dir, uintmax_t max_bytes);

}  // namespace pair
