#include "acp/client_capabilities.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair::acp {
namespace {
using nlohmann::json;

TEST(AcpClientCapabilities, OnlyTrueTurnsACapabilityOn) {
  auto all = client_capabilities(json::parse(
      R"({"fs": {"readTextFile": true, "writeTextFile": true}, "terminal": true, "session": {"notices": {}}})"));
  EXPECT_TRUE(all.read_text_file);
  EXPECT_TRUE(all.write_text_file);
  EXPECT_TRUE(all.terminal);
  EXPECT_TRUE(all.notices);

  auto some = client_capabilities(json::parse(R"({"fs": {"readTextFile": true, "writeTextFile": "yes"}})"));
  EXPECT_TRUE(some.read_text_file);
  EXPECT_FALSE(some.write_text_file);
  EXPECT_FALSE(some.terminal);
  EXPECT_FALSE(some.notices);

  for (const char* text : {R"(null)", R"([])", R"({"fs": true, "terminal": 1})"}) {
    auto none = client_capabilities(json::parse(text));
    EXPECT_FALSE(none.read_text_file || none.write_text_file || none.terminal || none.notices) << text;
  }
}

}  // namespace
}  // namespace pair::acp
