#include "util/byte_size.h"

#include <cstdio>

#include "util/strings.h"

namespace pair {

std::string format_bytes(uint64_t n) {
  if (n < 1024) return plural(static_cast<size_t>(n), "byte", "bytes");
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(n) / 1024;
  size_t unit = 0;
  // 1023.9 MiB would print as "1024 MiB": move up once the rounded value reaches 1024.
  while (v >= 1023.5 && unit + 1 < std::size(kUnits)) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  const char* format = v < 9.995 ? "%.2f %s" : v < 99.95 ? "%.1f %s" : "%.0f %s";
  std::snprintf(buf, sizeof buf, format, v, kUnits[unit]);
  return buf;
}

}  // namespace pair
