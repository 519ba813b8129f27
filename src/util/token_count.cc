#include "util/token_count.h"

#include <cstdio>

#include "util/strings.h"

namespace pair {

std::string format_tokens(int64_t n) {
  return grouped_number(n);
}

std::string format_tokens_short(int64_t n) {
  if (n < 1000) return std::to_string(n);
  if (n % 1024 == 0) return std::to_string(n / 1024) + "k";
  char buf[32];
  // Rounded down: a count shown as 12.3k is at least 12,300 and never reads as more than it is.
  if (n < 100000)
    std::snprintf(buf, sizeof buf, "%lld.%lldk", static_cast<long long>(n / 1000),
                  static_cast<long long>(n % 1000 / 100));
  else
    std::snprintf(buf, sizeof buf, "%lldk", static_cast<long long>(n / 1000));
  return buf;
}

}  // namespace pair
