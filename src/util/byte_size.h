#pragma once
/// Sizes as people read them, one convention for everything pair prints
/// (files, downloads, tool output, limits, RAM and GPU memory): binary units
/// with their IEC names (KiB, MiB, GiB, TiB), as the system reports memory, so
/// a model file and the memory it needs read in the same unit. Pure.

#include <cstdint>
#include <string>

namespace pair {

/// Below 1 KiB the exact count ("1 byte", "999 bytes"); above, three
/// significant digits in the largest unit that keeps the value at least 1:
/// "1.46 KiB", "74.8 MiB", "4.36 GiB", "139 GiB".
std::string format_bytes(uint64_t n);
/// Memory (RAM, GPU memory): the same units and rounding as format_bytes.
inline std::string format_gib(uint64_t n) {
  return format_bytes(n);
}

}  // namespace pair
