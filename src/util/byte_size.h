#pragma once
/// Sizes as people read them. Data (files, downloads, tool output, limits) is
/// shown in decimal units, as model downloads are everywhere; memory (RAM,
/// GPU memory) in binary units, as the system reports it. Pure.

#include <cstdint>
#include <string>

namespace pair {

/// "1 byte", "999 bytes", "1.5 kB", "812.0 MB", "4.68 GB".
std::string format_bytes(uint64_t n);
/// "4.4 GiB", "12 GiB", "96 MiB" (below 0.1 GiB).
std::string format_gib(uint64_t n);

}  // namespace pair
