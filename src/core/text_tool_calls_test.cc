#include "core/text_tool_calls.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

namespace pair {
namespace {

using nlohmann::json;

const std::vector<std::string> kOffered = {"read_file", "edit_file", "bash", "list_files", "write_file"};

TEST(TextToolCalls, HermesJsonStyleWithTextAround) {
  auto r = extract_text_tool_calls(
      "I'll read it.\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"a.cc\"}}\n</tool_call>\nThen "
      "more.",
      kOffered);
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "read_file");
  EXPECT_EQ(json::parse(r.calls[0].arguments), json({{"path", "a.cc"}}));
  EXPECT_EQ(r.remaining_text, "I'll read it.\n\nThen more.");
}

TEST(TextToolCalls, Qwen3CoderXmlStyleSeveralCalls) {
  auto r = extract_text_tool_calls(
      "<tool_call>\n<function=edit_file>\n<parameter=path>\nsrc/a.cc\n</parameter>\n<parameter=old_string>\nint x = "
      "1;\n"
      "  return x;\n</parameter>\n<parameter=new_string>\nint x = 2;\n</parameter>\n</function>\n</tool_call>\n"
      "<tool_call>\n<function=bash>\n<parameter=command>\nmake test\n</parameter>\n<parameter=timeout>\n30\n"
      "</parameter>\n</function>\n</tool_call>",
      kOffered);
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_EQ(r.calls[0].name, "edit_file");
  json a = json::parse(r.calls[0].arguments);
  EXPECT_EQ(a["path"], "src/a.cc");
  EXPECT_EQ(a["old_string"], "int x = 1;\n  return x;");
  EXPECT_EQ(r.calls[1].name, "bash");
  EXPECT_EQ(json::parse(r.calls[1].arguments)["timeout"], "30");  // typed later by the schema check
  EXPECT_EQ(r.remaining_text, "");
}

TEST(TextToolCalls, XmlWithoutToolCallWrapperOrClosingTag) {
  auto r =
      extract_text_tool_calls("ok\n<function=list_files>\n<parameter=path>\nsrc\n</parameter>\n</function>", kOffered);
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "list_files");
  EXPECT_EQ(r.remaining_text, "ok");
  auto unclosed = extract_text_tool_calls("<tool_call>\n{\"name\":\"list_files\",\"arguments\":{}}", kOffered);
  ASSERT_EQ(unclosed.calls.size(), 1u);
}

TEST(TextToolCalls, ProseMentioningTheTagIsLeftAlone) {
  std::string text = "Models emit <tool_call> blocks when they want a tool; this one is just prose.";
  auto r = extract_text_tool_calls(text, kOffered);
  EXPECT_TRUE(r.calls.empty());
  EXPECT_EQ(r.remaining_text, text);
}

TEST(TextToolCalls, ArgumentsAsStringAndParametersKey) {
  auto r = extract_text_tool_calls("<tool_call>{\"name\":\"bash\",\"parameters\":{\"command\":\"ls\"}}</tool_call>",
                                   kOffered);
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(json::parse(r.calls[0].arguments)["command"], "ls");
}

TEST(TextToolCalls, InvalidUtf8InAParameterStillGivesJsonArguments) {
  auto r = extract_text_tool_calls(
      "<tool_call>\n<function=write_file>\n<parameter=content>\nbad \x88 "
      "byte\n</parameter>\n</function>\n</tool_call>",
      kOffered);
  ASSERT_EQ(r.calls.size(), 1u);
  auto args = json::parse(r.calls[0].arguments);
  EXPECT_EQ(args["content"], "bad \xEF\xBF\xBD byte");
}

TEST(TextToolCalls, AModelRepeatingABrokenCallIsReadInLinearTime) {
  // Each cut-off call would otherwise be read to the end of the text again from every later one.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"name\": \"bash\", \"parameters\": {\"command\": \"ls\n";
  for (int i = 0; i < 5000; ++i) text += ">>>bash\n{<|tool_call_begin|>functions.bash:0[a(b='";
  auto started = std::chrono::steady_clock::now();
  auto r = extract_text_tool_calls(text, kOffered);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(r.calls.empty());
  EXPECT_EQ(r.remaining_text, text);
  EXPECT_LT(took, std::chrono::seconds(2)) << "a quadratic scan is back";
}

}  // namespace
}  // namespace pair
