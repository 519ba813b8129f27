#include "util/byte_size.h"

#include <cinttypes>
#include <cstdio>

#include "util/strings.h"

namespace pair {

std::string format_bytes(uint64_t n) {
  if (n < 1'000ull) return plural(static_cast<size_t>(n), "byte", "bytes");
  char buf[32];
  if (n >= 1'000'000'000ull)
    std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(n) / 1e9);
  else if (n >= 1'000'000ull)
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(n) / 1e3);
  return buf;
}

std::string format_gib(uint64_t n) {
  char buf[32];
  double gib = static_cast<double>(n) / (1024.0 * 1024 * 1024);
  if (gib >= 10)
    std::snprintf(buf, sizeof buf, "%.0f GiB", gib);
  else if (gib >= 0.1)
    std::snprintf(buf, sizeof buf, "%.1f GiB", gib);
  else
    std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(n) / (1024.0 * 1024));
  return buf;
}

}  // namespace pair
