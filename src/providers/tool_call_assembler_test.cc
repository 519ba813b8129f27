#include "providers/tool_call_assembler.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(ToolCallAssembler, OpenAiStyleArgumentsOverManyDeltas) {
  ToolCallAssembler a;
  EXPECT_TRUE(a.add({0, "call_a", "read_file", ""}));
  EXPECT_FALSE(a.add({0, "", "", "{\"pa"}));
  EXPECT_FALSE(a.add({0, "", "", "th\": \"x"}));
  EXPECT_FALSE(a.add({0, "", "", ".cc\"}"}));
  auto calls = a.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].id, "call_a");
  EXPECT_EQ(calls[0].name, "read_file");
  EXPECT_EQ(calls[0].arguments, "{\"path\": \"x.cc\"}");
}

TEST(ToolCallAssembler, ParallelCallsInterleavedAreOrderedByIndex) {
  ToolCallAssembler a;
  a.add({1, "c2", "bash", ""});
  a.add({0, "c1", "read_file", ""});
  a.add({1, "", "", "{\"command\":"});
  a.add({0, "", "", "{\"path\":\"a\"}"});
  a.add({1, "", "", "\"ls\"}"});
  auto calls = a.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].name, "read_file");
  EXPECT_EQ(calls[0].arguments, "{\"path\":\"a\"}");
  EXPECT_EQ(calls[1].name, "bash");
  EXPECT_EQ(calls[1].arguments, "{\"command\":\"ls\"}");
}

TEST(ToolCallAssembler, OllamaWholeCallsWithoutIndex) {
  ToolCallAssembler a;
  EXPECT_TRUE(a.add({std::nullopt, "", "read_file", "{\"path\":\"a\"}"}));
  EXPECT_TRUE(a.add({std::nullopt, "", "list_files", "{}"}));
  auto calls = a.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].name, "read_file");
  EXPECT_EQ(calls[1].name, "list_files");
  EXPECT_EQ(calls[1].arguments, "{}");
}

TEST(ToolCallAssembler, RepeatedIndexWithFreshIdIsANewCall) {
  ToolCallAssembler a;
  a.add({0, "id1", "read_file", "{\"path\":\"a\"}"});
  a.add({0, "id2", "read_file", "{\"path\":\"b\"}"});
  auto calls = a.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].arguments, "{\"path\":\"a\"}");
  EXPECT_EQ(calls[1].id, "id2");
  EXPECT_EQ(calls[1].arguments, "{\"path\":\"b\"}");
}

TEST(ToolCallAssembler, NameRepeatedInEveryDeltaIsNotDoubled) {
  ToolCallAssembler a;
  a.add({0, "x", "bash", "{\"com"});
  a.add({0, "x", "bash", "mand\":\"ls\"}"});
  auto calls = a.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].name, "bash");
  EXPECT_EQ(calls[0].arguments, "{\"command\":\"ls\"}");
}

}  // namespace
}  // namespace pair
