#include "local/server_left_running.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(LeftRunningNotice, NamesTheServerItsMemoryAndTheCommand) {
  ServerStatus s;
  s.record.name = "tiny";
  s.record.port = 8134;
  s.record.pid = 4242;
  s.rss_bytes = 1288490189;  // 1.2 GiB
  EXPECT_EQ(left_running_notice(s),
            "llama-server for \"tiny\" is still running on port 8134 (pid 4242, holding 1.20 GiB of memory); "
            "`pair server stop tiny` frees it");
  s.record.kind = "vllm";
  s.rss_bytes = 0;
  EXPECT_EQ(left_running_notice(s),
            "vLLM for \"tiny\" is still running on port 8134 (pid 4242); `pair server stop tiny` frees it");
}

}  // namespace
}  // namespace pair
