#include "app/format_probe.h"

#include <gtest/gtest.h>

#include <thread>

namespace pair {
namespace {

/// Answers every request with `events`, or waits for the stop when `hang`.
class AnsweringProvider : public ModelProvider {
 public:
  std::vector<ModelEvent> events;
  bool hang = false;
  std::vector<std::string> tools_seen;
  Result<void> stream(const ChatRequest& request, const ModelEventHandler& on_event, std::stop_token stop) override {
    for (const auto& t : request.tools) tools_seen.push_back(t.name);
    if (hang) {
      while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return fail(ErrorCode::kCancelled, "cancelled");
    }
    for (const auto& e : events) on_event(e);
    return {};
  }
  std::string describe() const override { return "answering"; }
};

ToolCall get_time_call() {
  ToolCall c;
  c.id = "c1";
  c.name = "get_time";
  c.arguments = R"({"city":"Paris"})";
  return c;
}

/// The probe of a server that answers with `event` and then finishes.
ToolFormatProbe probe_answered_with(ModelEvent event) {
  AnsweringProvider provider;
  provider.events = {std::move(event), model_event::Finish{}};
  return probe_tool_format(provider, std::chrono::seconds(5));
}

TEST(FormatProbe, AStructuredCall) {
  AnsweringProvider provider;
  provider.events = {model_event::ToolCallDone{get_time_call()}, model_event::Finish{}};
  auto probe = probe_tool_format(provider, std::chrono::seconds(5));
  EXPECT_EQ(probe.format, ToolFormat::kStructured);
  EXPECT_EQ(provider.tools_seen, std::vector<std::string>{"get_time"});
}

TEST(FormatProbe, ACallInTheTextNamesItsFamilyAndTheFixNamesTheParser) {
  auto probe = probe_answered_with(model_event::TextDelta{"[TOOL_CALLS]get_time[ARGS]{\"city\": \"Paris\"}"});
  EXPECT_EQ(probe.format, ToolFormat::kRecoveredText);
  EXPECT_EQ(probe.family, "Mistral");
  std::string fix = tool_format_fix(probe, ServerKind::kLlamaCpp, false);
  EXPECT_NE(fix.find("--jinja"), std::string::npos) << fix;
  EXPECT_NE(fix.find("--enable-auto-tool-choice --tool-call-parser mistral"), std::string::npos) << fix;
  EXPECT_NE(fix.find("Ollama"), std::string::npos) << fix;
  EXPECT_EQ(tool_format_fix(probe, ServerKind::kVllm, /*managed=*/true),
            "add \"server_args\": [\"--tool-call-parser\", \"mistral\"] to its models.json entry");
  EXPECT_NE(tool_format_fix(probe, ServerKind::kLlamaCpp, /*managed=*/true).find("--chat-template-file"),
            std::string::npos);
}

TEST(FormatProbe, PlainTextIsNothingUsable) {
  auto probe = probe_answered_with(model_event::TextDelta{"It is noon in Paris."});
  EXPECT_EQ(probe.format, ToolFormat::kNothing);
  EXPECT_EQ(probe.detail, "It is noon in Paris.");
}

TEST(FormatProbe, AServerThatDoesNotAnswerInTimeFails) {
  AnsweringProvider provider;
  provider.hang = true;
  auto probe = probe_tool_format(provider, std::chrono::milliseconds(50));
  EXPECT_EQ(probe.format, ToolFormat::kFailed);
  EXPECT_NE(probe.detail.find("no answer within"), std::string::npos) << probe.detail;
}

}  // namespace
}  // namespace pair
