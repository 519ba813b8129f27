#include "acp/permission_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair::acp {
namespace {
using nlohmann::json;

TEST(AcpPermissionRequest, OffersTheFourKindsAndReadsTheAnswer) {
  json params = permission_params("s1", {{"toolCallId", "c1"}});
  EXPECT_EQ(params["sessionId"], "s1");
  EXPECT_EQ(params["toolCall"]["toolCallId"], "c1");
  ASSERT_EQ(params["options"].size(), 4u);
  struct Case {
    const char* option;
    PermissionChoice choice;
  } cases[] = {{"allow_once", PermissionChoice::kAllowOnce},
               {"allow_always", PermissionChoice::kAllowAlways},
               {"reject_once", PermissionChoice::kRejectOnce},
               {"reject_always", PermissionChoice::kRejectAlways}};
  for (const auto& c : cases) {
    bool offered = false;
    for (const auto& o : params["options"]) offered |= o["optionId"] == c.option && o["kind"] == c.option;
    EXPECT_TRUE(offered) << c.option;
    EXPECT_EQ(permission_choice({{"outcome", {{"outcome", "selected"}, {"optionId", c.option}}}}), c.choice);
  }
}

TEST(AcpPermissionRequest, CancelledAndAnythingUnknownIsNotAYes) {
  EXPECT_EQ(permission_choice({{"outcome", {{"outcome", "cancelled"}}}}), PermissionChoice::kCancelled);
  EXPECT_EQ(permission_choice({{"outcome", {{"outcome", "selected"}, {"optionId", "maybe"}}}}),
            PermissionChoice::kRejectOnce);
  EXPECT_EQ(permission_choice(json::array()), PermissionChoice::kRejectOnce);
  EXPECT_EQ(permission_choice({{"outcome", "allow_once"}}), PermissionChoice::kRejectOnce);
}

}  // namespace
}  // namespace pair::acp
