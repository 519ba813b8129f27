#include "app/format_probe.h"

#include <array>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>

#include "core/text_tool_calls.h"
#include "util/notice_text.h"
#include "util/strings.h"

namespace pair {
namespace {

constexpr const char* kProbeTool = "get_time";

/// vLLM's --tool-call-parser for the families whose parser name is settled.
std::string vllm_parser(const std::string& family) {
  static constexpr auto kParsers = std::to_array<std::pair<std::string_view, std::string_view>>({
      {"Hermes 2 Pro / Qwen 2.5 JSON", "hermes"},
      {"Qwen3-Coder XML", "qwen3_coder"},
      {"Mistral", "mistral"},
      {"Llama 3.x", "llama3_json"},
      {"pythonic", "pythonic"},
      {"Granite", "granite"},
      {"DeepSeek V3.1 / R1", "deepseek_v3"},
      {"Kimi K2", "kimi_k2"},
      {"gpt-oss harmony", "openai"},
      {"GLM-4.5/4.6/4.7", "glm45"},
  });
  for (const auto& [name, parser] : kParsers)
    if (name == family) return std::string(parser);
  return "";
}

}  // namespace

ToolFormatProbe probe_tool_format(ModelProvider& provider, std::chrono::milliseconds timeout) {
  const std::vector<Message> messages = {
      Message::system("You are a test of tool calling. Answer only with a call of the tool you are given."),
      Message::user("What time is it in Paris? Call " + std::string(kProbeTool) + " to find out.")};
  const std::vector<ToolSpec> tools = {
      {kProbeTool, "The current time in a city.",
       R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})"}};
  ChatRequest request{messages, tools, {}};
  request.options.max_tokens = 1024;  // room for a reasoning model's thinking before its call

  std::stop_source stop;
  std::jthread timer([&stop, timeout](std::stop_token cancelled) {
    std::mutex m;
    std::unique_lock lock(m);
    std::condition_variable_any().wait_for(lock, cancelled, timeout, [] { return false; });
    if (!cancelled.stop_requested()) stop.request_stop();
  });
  bool structured = false;
  std::string text;
  auto result = provider.stream(
      request,
      [&](const ModelEvent& e) {
        if (std::holds_alternative<model_event::ToolCallDone>(e)) structured = true;
        if (auto* t = std::get_if<model_event::TextDelta>(&e)) text += t->text;
      },
      stop.get_token());
  bool timed_out = stop.stop_requested();
  timer.request_stop();

  ToolFormatProbe probe;
  if (structured) {
    probe.format = ToolFormat::kStructured;
  } else if (!result) {
    std::string waited = timeout.count() % 1000 == 0 ? std::to_string(timeout.count() / 1000) + " s"
                                                     : std::to_string(timeout.count()) + " ms";
    probe.detail = timed_out ? "no answer within " + waited : first_line(result.error().message);
  } else {
    const std::vector<std::string> offered = {kProbeTool};
    TextToolCalls found = extract_text_tool_calls(text, offered);
    if (!found.calls.empty()) {
      probe.format = ToolFormat::kRecoveredText;
      probe.family = found.format;
    } else {
      probe.format = ToolFormat::kNothing;
      probe.detail = shorten_middle(trim(text), 80);
    }
  }
  return probe;
}

std::string tool_format_fix(const ToolFormatProbe& probe, ServerKind server, bool managed) {
  std::string parser = vllm_parser(probe.family);
  if (parser.empty()) parser = "<the parser of this model's family>";
  if (managed)
    return server == ServerKind::kVllm
               ? "add \"server_args\": [\"--tool-call-parser\", \"" + parser + "\"] to its models.json entry"
               : "add \"server_args\": [\"--chat-template-file\", \"FILE\"] (a template that handles tools) to its "
                 "models.json entry; pair already starts llama-server with --jinja";
  return "start the server so that it parses tool calls: llama-server: --jinja (and --chat-template-file with the "
         "model's own template if it has none); vLLM: --enable-auto-tool-choice --tool-call-parser " +
         parser + "; Ollama: a model whose template handles tools (its Modelfile TEMPLATE uses .Tools)";
}

}  // namespace pair
