#include "providers/openai_request.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

std::vector<ToolSpec> tools() {
  return {{"read_file", "Read a file.",
           R"({"type":"object","properties":{"path":{"type":"string"}},"required":["path"]})"}};
}

std::string messages_text(const std::string& body) {
  // The text of the "messages" array as it stands in the body.
  size_t start = body.find("\"messages\":");
  size_t end = body.find("],\"model\"");
  return body.substr(start, end - start);
}

TEST(OpenAIRequest, Shape) {
  std::vector<Message> msgs{Message::system("sys"), Message::user("hi")};
  Message a;
  a.role = Role::kAssistant;
  a.reasoning = "thinking";
  a.tool_calls = {{"call_1", "read_file", "{\"path\":\"a\"}"}};
  msgs.push_back(a);
  msgs.push_back(Message::tool_result(a.tool_calls[0], "contents", false));
  auto ts = tools();
  OpenAIRequestOptions o;
  o.model_id = "qwen";
  o.llama_cpp_extensions = true;
  std::string body = build_chat_request_body({msgs, ts, {.temperature = 0.2, .max_tokens = 512}}, o);
  json j = json::parse(body);
  EXPECT_EQ(j["model"], "qwen");
  EXPECT_EQ(j["stream"], true);
  EXPECT_EQ(j["stream_options"]["include_usage"], true);
  EXPECT_EQ(j["return_progress"], true);
  EXPECT_EQ(j["max_tokens"], 512);
  EXPECT_DOUBLE_EQ(j["temperature"].get<double>(), 0.2);
  EXPECT_FALSE(j.contains("top_p"));
  ASSERT_EQ(j["messages"].size(), 4u);
  EXPECT_TRUE(j["messages"][2]["content"].is_null());
  EXPECT_EQ(j["messages"][2]["reasoning_content"], "thinking");
  EXPECT_EQ(j["messages"][2]["tool_calls"][0]["function"]["arguments"], "{\"path\":\"a\"}");
  EXPECT_EQ(j["messages"][3]["tool_call_id"], "call_1");
  EXPECT_EQ(j["tools"][0]["function"]["parameters"]["required"][0], "path");
}

TEST(OpenAIRequest, NoLlamaExtrasForOtherServers) {
  std::vector<Message> msgs{Message::user("hi")};
  std::string body = build_chat_request_body({msgs, {}, {}}, {.model_id = "gpt", .llama_cpp_extensions = false});
  json j = json::parse(body);
  EXPECT_FALSE(j.contains("return_progress"));
  EXPECT_FALSE(j.contains("cache_prompt"));
  EXPECT_FALSE(j.contains("tools"));
}

TEST(OpenAIRequest, ParallelToolCallsOnlyToLlamaServerAndOnlyWithTools) {
  std::vector<Message> msgs{Message::user("hi")};
  auto ts = tools();
  // llama-server otherwise decides from the chat template whether one answer may hold several calls.
  json llama = json::parse(build_chat_request_body({msgs, ts, {}}, {.model_id = "m", .llama_cpp_extensions = true}));
  EXPECT_EQ(llama["parallel_tool_calls"], true);
  // Without tools the field means nothing (OpenAI rejects it then).
  json no_tools = json::parse(build_chat_request_body({msgs, {}, {}}, {.model_id = "m", .llama_cpp_extensions = true}));
  EXPECT_FALSE(no_tools.contains("parallel_tool_calls"));
  // OpenAI's reasoning models reject the field; OpenAI and vLLM default to true.
  json other = json::parse(build_chat_request_body({msgs, ts, {}}, {.model_id = "m", .llama_cpp_extensions = false}));
  EXPECT_FALSE(other.contains("parallel_tool_calls"));
}

TEST(OpenAIRequest, ReasoningFieldsPerServerKindAndNeverInTheMessages) {
  std::vector<Message> msgs{Message::system("sys"), Message::user("hi")};
  GenerationOptions thinking{.reasoning = {.budget = 2048, .effort = "high"}};
  json llama =
      json::parse(build_chat_request_body({msgs, {}, thinking}, {.model_id = "m", .llama_cpp_extensions = true}));
  EXPECT_EQ(llama["reasoning_budget_tokens"], 2048);
  EXPECT_EQ(llama["reasoning_effort"], "high");
  // vLLM and OpenAI take the effort; a budget field they do not know is not sent.
  json other =
      json::parse(build_chat_request_body({msgs, {}, thinking}, {.model_id = "m", .llama_cpp_extensions = false}));
  EXPECT_FALSE(other.contains("reasoning_budget_tokens"));
  EXPECT_EQ(other["reasoning_effort"], "high");
  // Unset: nothing sent, the server decides. Off is a budget of 0, sent as such.
  json unset = json::parse(build_chat_request_body({msgs, {}, {}}, {.model_id = "m", .llama_cpp_extensions = true}));
  EXPECT_FALSE(unset.contains("reasoning_budget_tokens"));
  EXPECT_FALSE(unset.contains("reasoning_effort"));
  GenerationOptions off{.reasoning = {.budget = 0, .effort = ""}};
  std::string off_body = build_chat_request_body({msgs, {}, off}, {.model_id = "m", .llama_cpp_extensions = true});
  EXPECT_EQ(json::parse(off_body)["reasoning_budget_tokens"], 0);
  // The messages, which the server's prompt cache keys on, are the same bytes either way.
  std::string thinking_body =
      build_chat_request_body({msgs, {}, thinking}, {.model_id = "m", .llama_cpp_extensions = true});
  EXPECT_EQ(messages_text(off_body), messages_text(thinking_body));
}

/// Builds `msgs` twice (identical bytes), then again after an answer and a
/// new user message: the longer body's messages extend the first byte for byte.
void expect_growth_keeps_the_prefix(std::vector<Message> msgs) {
  auto ts = tools();
  OpenAIRequestOptions o{.model_id = "m", .llama_cpp_extensions = true};
  std::string first = messages_text(build_chat_request_body({msgs, ts, {}}, o));
  EXPECT_EQ(messages_text(build_chat_request_body({msgs, ts, {}}, o)), first);
  Message a;
  a.role = Role::kAssistant;
  a.content = "ok";
  msgs.push_back(a);
  msgs.push_back(Message::user("next"));
  std::string second = messages_text(build_chat_request_body({msgs, ts, {}}, o));
  ASSERT_GT(second.size(), first.size());
  EXPECT_EQ(second.substr(0, first.size() - 1), first.substr(0, first.size() - 1));  // minus the closing ']'
}

TEST(OpenAIRequest, GrowingConversationExtendsMessagesByteForByte) {
  expect_growth_keeps_the_prefix({Message::system("sys"), Message::user("hi \xC3\xA9")});
}

TEST(OpenAIRequest, InvalidUtf8InAToolResultDoesNotThrow) {
  std::vector<Message> msgs{Message::user(std::string("bad \xFF\xFE bytes"))};
  std::string body;
  EXPECT_NO_THROW(body = build_chat_request_body({msgs, {}, {}}, {}));
  EXPECT_TRUE(json::accept(body));
}

TEST(OpenAIRequest, ImagesBecomeContentParts) {
  Message u = Message::user("what is this");
  u.images.push_back({"image/png", "AAAA"});
  std::vector<Message> msgs{u};
  json j = json::parse(build_chat_request_body({msgs, {}, {}}, {}));
  EXPECT_EQ(j["messages"][0]["content"][1]["image_url"]["url"], "data:image/png;base64,AAAA");
}

/// A turn where the model called two tools at once; the first returned an image.
std::vector<Message> tool_image_turn() {
  Message a;
  a.role = Role::kAssistant;
  a.tool_calls = {{"c1", "mcp__e__shot", "{}"}, {"c2", "read_file", "{\"path\":\"a\"}"}};
  Message shot = Message::tool_result(a.tool_calls[0], "[image 1: image/png, about 3 bytes]", false);
  shot.images = {{"image/png", "AAAA"}, {"image/gif", "R0lG"}};
  return {Message::user("look"), a, shot, Message::tool_result(a.tool_calls[1], "text", false)};
}

TEST(OpenAIRequest, ToolResultImagesFollowTheRunOfToolMessagesAsOneUserMessage) {
  std::vector<Message> msgs = tool_image_turn();
  json j = json::parse(build_chat_request_body({msgs, tools(), {}}, {}));
  ASSERT_EQ(j["messages"].size(), 5u);
  EXPECT_EQ(j["messages"][2], json::parse(R"({"role":"tool","tool_call_id":"c1",
                                               "content":"[image 1: image/png, about 3 bytes]"})"));
  EXPECT_EQ(j["messages"][3]["role"], "tool");
  EXPECT_EQ(j["messages"][4], json::parse(R"({"role":"user","content":[
      {"type":"text","text":"Images from tool call c1 (mcp__e__shot), in the order its result marks them:"},
      {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
      {"type":"image_url","image_url":{"url":"data:image/gif;base64,R0lG"}}]})"));
}

TEST(OpenAIRequest, ToolResultsWithoutImagesAddNoMessage) {
  std::vector<Message> msgs = tool_image_turn();
  msgs[2].images.clear();
  json j = json::parse(build_chat_request_body({msgs, tools(), {}}, {}));
  ASSERT_EQ(j["messages"].size(), 4u);
  EXPECT_EQ(j["messages"][3]["role"], "tool");
}

TEST(OpenAIRequest, ToolResultImagesKeepThePrefixByteIdentical) {
  expect_growth_keeps_the_prefix(tool_image_turn());
}

}  // namespace
}  // namespace pair
