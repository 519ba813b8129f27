#include "core/loop_guard.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

const ToolCall kRead{"c", "read_file", R"({"path":"a.txt"})"};
const ToolCall kGrep{"c", "search_files", R"({"pattern":"x"})"};
const ToolCall kList{"c", "list_files", R"({})"};

/// Runs `call` through the guard as the agent does: a call it lets run gets `output`.
LoopCheck call(LoopGuard& guard, const ToolCall& call, const std::string& output = "same") {
  LoopCheck c = guard.check(call);
  if (c.action == LoopAction::kRun) guard.ran(call, output, false);
  if (c.action == LoopAction::kWarn) guard.answered(c);
  return c;
}

TEST(LoopGuard, TheSameCallWarnsOnTheThirdAndStopsOnTheFifth) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kRun);
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kRun);
  LoopCheck third = call(guard, kRead);
  EXPECT_EQ(third.action, LoopAction::kWarn);
  EXPECT_EQ(third.repeat, 3);
  EXPECT_EQ(third.cycle, std::vector<std::string>{"read_file"});
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kWarn);
  LoopCheck fifth = call(guard, kRead);
  EXPECT_EQ(fifth.action, LoopAction::kStop);
  EXPECT_EQ(fifth.repeat, 5);
}

TEST(LoopGuard, AChangedResultStartsTheCountAgain) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  call(guard, kRead, "one");
  call(guard, kRead, "two");  // the file changed between the reads: not a loop
  EXPECT_EQ(call(guard, kRead, "two").action, LoopAction::kRun);
  EXPECT_EQ(call(guard, kRead, "two").action, LoopAction::kWarn);
}

TEST(LoopGuard, AnErrorFlagIsPartOfTheResult) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  guard.ran(kRead, "same", true);
  guard.ran(kRead, "same", false);
  EXPECT_EQ(guard.check(kRead).action, LoopAction::kRun);
}

TEST(LoopGuard, ArgumentsMustBeByteIdentical) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  ToolCall spaced = kRead;
  spaced.arguments = R"({"path": "a.txt"})";
  call(guard, kRead);
  call(guard, spaced);
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kRun);
}

TEST(LoopGuard, AnotherCallInBetweenBreaksTheRun) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  call(guard, kRead);
  call(guard, kRead);
  call(guard, kList, "listing");
  call(guard, kRead);
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kRun);
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kWarn);
}

TEST(LoopGuard, AlternatingCallsCountAsALoop) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(call(guard, kRead, "file").action, LoopAction::kRun);
    EXPECT_EQ(call(guard, kGrep, "match").action, LoopAction::kRun);
  }
  LoopCheck third = call(guard, kRead, "file");
  EXPECT_EQ(third.action, LoopAction::kWarn);
  EXPECT_EQ(third.repeat, 3);
  EXPECT_EQ(third.cycle, (std::vector<std::string>{"search_files", "read_file"}));
  EXPECT_EQ(call(guard, kGrep, "match").action, LoopAction::kWarn);
  EXPECT_EQ(call(guard, kRead, "file").action, LoopAction::kWarn);
  EXPECT_EQ(call(guard, kGrep, "match").action, LoopAction::kWarn);
  EXPECT_EQ(call(guard, kRead, "file").action, LoopAction::kStop);
}

TEST(LoopGuard, ACycleOfThreeCounts) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  for (int round = 0; round < 2; ++round)
    for (const auto& c : {kRead, kGrep, kList}) EXPECT_EQ(call(guard, c).action, LoopAction::kRun);
  LoopCheck third = call(guard, kRead);
  EXPECT_EQ(third.action, LoopAction::kWarn);
  EXPECT_EQ(third.cycle.size(), 3u);
}

TEST(LoopGuard, AlternatingWithChangingResultsIsWork) {
  LoopGuard guard({.warn_after = 3, .stop_after = 5});
  // Edit, build, edit, build: the build's output changes each time.
  ToolCall build{"c", "bash", R"({"command":"make"})"};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(call(guard, kRead, "ok").action, LoopAction::kRun) << i;
    EXPECT_EQ(call(guard, build, "error " + std::to_string(i)).action, LoopAction::kRun) << i;
  }
}

TEST(LoopGuard, ZeroTurnsAStepOff) {
  LoopGuard no_warning({.warn_after = 0, .stop_after = 5});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(call(no_warning, kRead).action, LoopAction::kRun) << i;
  EXPECT_EQ(call(no_warning, kRead).action, LoopAction::kStop);

  LoopGuard no_stop({.warn_after = 3, .stop_after = 0});
  for (int i = 0; i < 2; ++i) call(no_stop, kRead);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(call(no_stop, kRead).action, LoopAction::kWarn) << i;

  LoopGuard off({.warn_after = 0, .stop_after = 0});
  for (int i = 0; i < 20; ++i) EXPECT_EQ(call(off, kRead).action, LoopAction::kRun) << i;
}

TEST(LoopGuard, AFirstCallIsNeverALoop) {
  LoopGuard guard({.warn_after = 1, .stop_after = 1});
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kRun);
  EXPECT_EQ(call(guard, kList).action, LoopAction::kRun);
  EXPECT_EQ(call(guard, kList).action, LoopAction::kStop);
}

TEST(LoopGuard, StopWinsWhenTheThresholdsMeet) {
  LoopGuard guard({.warn_after = 2, .stop_after = 2});
  call(guard, kRead);
  EXPECT_EQ(call(guard, kRead).action, LoopAction::kStop);
}

TEST(LoopGuard, TextsNameTheCallsAndTheCount) {
  LoopCheck one{.action = LoopAction::kWarn, .repeat = 3, .cycle = {"read_file"}};
  std::string warning = loop_warning(kRead, one);
  EXPECT_NE(warning.find("read_file was called 2 times in a row"), std::string::npos) << warning;
  EXPECT_NE(warning.find("Take a different step"), std::string::npos) << warning;
  LoopCheck two{.action = LoopAction::kStop, .repeat = 5, .cycle = {"search_files", "read_file"}};
  EXPECT_EQ(loop_stop_text(two),
            "the same 2 calls (search_files, read_file) were made 5 times in a row with the same arguments and "
            "got the same result each time");
  EXPECT_NE(loop_stopped_result(two).find("pair stopped the turn"), std::string::npos);
}

}  // namespace
}  // namespace pair
