#include "app/version.h"

#include <gtest/gtest.h>

#include <string>

#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {
namespace {

TEST(Version, LineNamesVersionAndCommit) {
  EXPECT_EQ(version_line(), std::string("pair ") + PAIR_VERSION + " (commit " + kPairCommit + ")");
}

// The build records the commit of the checkout it was built from (cmake/write_commit.cmake).
TEST(Version, CommitIsTheCheckoutsHead) {
  ProcessOptions po;
  po.argv = {"git", "-C", PAIR_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"};
  auto r = run_process(po);
  ASSERT_TRUE(r.has_value());
  if (r->exit_code != 0) GTEST_SKIP() << "the source tree is not a git checkout: " << r->output;
  std::string head(trim(r->output));
  ASSERT_EQ(head.size(), 12u);
  std::string commit = kPairCommit;
  EXPECT_TRUE(commit == head || commit == head + "-dirty") << commit << " vs HEAD " << head;
}

}  // namespace
}  // namespace pair
