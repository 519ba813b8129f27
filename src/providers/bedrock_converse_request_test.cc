#include "providers/bedrock_converse_request.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

std::vector<ToolSpec> tools() {
  return {
      {"read_file", "Read a file.", R"({"type":"object","properties":{"path":{"type":"string"}},"required":["path"]})"},
      {"bash", "Run a command.", R"({"type":"object","properties":{"command":{"type":"string"}}})"}};
}

Message assistant(std::string text, std::vector<ToolCall> calls = {}, std::string reasoning = "") {
  Message m;
  m.role = Role::kAssistant;
  m.content = std::move(text);
  m.tool_calls = std::move(calls);
  m.reasoning = std::move(reasoning);
  return m;
}

json body(const std::vector<Message>& messages, const std::vector<ToolSpec>& specs = tools(),
          GenerationOptions options = {}) {
  return json::parse(build_converse_request_body({messages, specs, options}));
}

TEST(ConverseRequest, SystemUserAndInferenceConfig) {
  json b = body({Message::system("You are pair."), Message::user("hi")}, tools(),
                {.temperature = 0.2, .top_p = 0.9, .max_tokens = 512});
  EXPECT_EQ(b["system"], json::parse(R"([{"text":"You are pair."}])"));
  EXPECT_EQ(b["messages"], json::parse(R"([{"role":"user","content":[{"text":"hi"}]}])"));
  EXPECT_EQ(b["inferenceConfig"], json::parse(R"({"maxTokens":512,"temperature":0.2,"topP":0.9})"));
  EXPECT_FALSE(body({Message::user("hi")}).contains("inferenceConfig"));
  EXPECT_FALSE(body({Message::user("hi")}).contains("system"));
}

TEST(ConverseRequest, ToolConfigIsIdenticalEveryTime) {
  json b = body({Message::user("hi")});
  json expected = json::parse(R"({"tools":[
    {"toolSpec":{"name":"read_file","description":"Read a file.","inputSchema":{"json":
      {"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}}},
    {"toolSpec":{"name":"bash","description":"Run a command.","inputSchema":{"json":
      {"type":"object","properties":{"command":{"type":"string"}}}}}}]})");
  EXPECT_EQ(b["toolConfig"], expected);
  std::vector<Message> longer = {Message::user("hi"), assistant("hello"), Message::user("again")};
  std::string a = build_converse_request_body({longer, tools(), {}});
  std::string c = build_converse_request_body({longer, tools(), {}});
  EXPECT_EQ(a, c);
  EXPECT_EQ(json::parse(a)["toolConfig"].dump(), b["toolConfig"].dump());
}

TEST(ConverseRequest, ToolUseAndResultsWithConsecutiveResultsInOneUserMessage) {
  ToolCall read{"call_1", "read_file", R"({"path":"a.txt"})"};
  ToolCall run{"call_2", "bash", R"({"command":"false"})"};
  std::vector<Message> conv = {Message::system("sys"),
                               Message::user("look"),
                               assistant("Reading.", {read, run}, "I should read it."),
                               Message::tool_result(read, "1\thello", false),
                               Message::tool_result(run, "exit code 1", true),
                               assistant("Done.")};
  json m = body(conv)["messages"];
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[1], json::parse(R"({"role":"assistant","content":[
    {"text":"Reading."},
    {"toolUse":{"toolUseId":"call_1","name":"read_file","input":{"path":"a.txt"}}},
    {"toolUse":{"toolUseId":"call_2","name":"bash","input":{"command":"false"}}}]})"))
      << "reasoning stays local; input is an object";
  EXPECT_EQ(m[2], json::parse(R"({"role":"user","content":[
    {"toolResult":{"toolUseId":"call_1","content":[{"text":"1\thello"}]}},
    {"toolResult":{"toolUseId":"call_2","content":[{"text":"exit code 1"}],"status":"error"}}]})"));
  EXPECT_EQ(m[3], json::parse(R"({"role":"assistant","content":[{"text":"Done."}]})"));
}

TEST(ConverseRequest, RolesAlternateAndBlankTextIsLeftOut) {
  ToolCall c{"call_1", "bash", R"({"command":"ls"})"};
  // A cancelled turn: the tool result is followed by the next user prompt; an assistant message that
  // only reasoned; whitespace-only text from a local model before its tool call.
  std::vector<Message> conv = {Message::user("first"),
                               assistant("\n\n", {c}),
                               Message::tool_result(c, "", true),
                               Message::user("second"),
                               assistant("", {}, "thinking only"),
                               Message::user("third")};
  json m = body(conv)["messages"];
  ASSERT_EQ(m.size(), 3u) << m.dump();
  EXPECT_EQ(m[1]["content"].size(), 1u);
  EXPECT_TRUE(m[1]["content"][0].contains("toolUse"));
  EXPECT_EQ(m[2], json::parse(R"j({"role":"user","content":[
    {"toolResult":{"toolUseId":"call_1","content":[{"text":"(no output)"}],"status":"error"}},
    {"text":"second"},{"text":"third"}]})j"));
}

TEST(ConverseRequest, CallsFromOtherServersMapToValidIdsAndObjects) {
  // Ids and arguments as other servers produce them (Kimi-style ids, malformed JSON left for the
  // model to see its mistake, empty arguments).
  ToolCall odd{"functions.read_file:0", "read_file", R"({"path": "x"})"};
  ToolCall broken{"call_9", "bash", R"({"command": "ls)"};
  ToolCall empty{"", "bash", ""};
  std::vector<Message> conv = {Message::user("go"), assistant("", {odd, broken, empty}),
                               Message::tool_result(odd, "x", false), Message::tool_result(broken, "bad JSON", true),
                               Message::tool_result(empty, "ok", false)};
  json m = body(conv)["messages"];
  std::string id = m[1]["content"][0]["toolUse"]["toolUseId"];
  EXPECT_EQ(id, bedrock_tool_use_id("functions.read_file:0"));
  EXPECT_EQ(m[2]["content"][0]["toolResult"]["toolUseId"], id) << "the result names the same rewritten id";
  EXPECT_EQ(m[1]["content"][1]["toolUse"]["input"], json::parse(R"({"invalid_json_arguments":"{\"command\": \"ls"})"));
  EXPECT_EQ(m[1]["content"][2]["toolUse"]["input"], json::object());
  EXPECT_EQ(m[1]["content"][2]["toolUse"]["toolUseId"], "call");
}

TEST(ConverseRequest, IdRewriting) {
  EXPECT_EQ(bedrock_tool_use_id("tooluse_AbC-12_x"), "tooluse_AbC-12_x");
  std::string a = bedrock_tool_use_id("functions.read:0"), b = bedrock_tool_use_id("functions.read:1");
  EXPECT_NE(a, b);
  EXPECT_EQ(a, bedrock_tool_use_id("functions.read:0"));
  for (const std::string& id : {a, b, bedrock_tool_use_id(std::string(200, 'x')), bedrock_tool_use_id("ü")}) {
    EXPECT_LE(id.size(), 64u);
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"),
              std::string::npos)
        << id;
  }
  EXPECT_EQ(bedrock_tool_name("read_file"), "read_file");
  EXPECT_EQ(bedrock_tool_name(""), "tool");
}

TEST(ConverseRequest, Images) {
  Message u = Message::user("what is this?");
  u.images = {{"image/png", "iVBORw0KGgo="}, {"image/jpeg", "/9j/4AAQ"}, {"image/bmp", "Qk0="}};
  json m = body({u})["messages"][0]["content"];
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0], json::parse(R"({"text":"what is this?"})"));
  EXPECT_EQ(m[1], json::parse(R"({"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}})"));
  EXPECT_EQ(m[2]["image"]["format"], "jpeg");
  EXPECT_TRUE(m[3].contains("text")) << "an unsupported format is named, not sent";
}

TEST(ConverseRequest, WithoutToolsToolBlocksBecomeText) {
  ToolCall c{"call_1", "bash", R"({"command":"ls"})"};
  json b = body({Message::user("go"), assistant("", {c}), Message::tool_result(c, "a.txt", false)}, {});
  EXPECT_FALSE(b.contains("toolConfig"));
  std::string dumped = b["messages"].dump();
  EXPECT_EQ(dumped.find("toolUse"), std::string::npos);
  EXPECT_NE(dumped.find("a.txt"), std::string::npos);
}

/// A call whose result carries two images, one of a type Converse does not take.
std::vector<Message> tool_image_turn() {
  ToolCall shot{"call_1", "mcp__e__shot", "{}"};
  Message result = Message::tool_result(shot, "[image 1: image/png, about 3 bytes]", false);
  result.images = {{"image/png", "AAAA"}, {"image/bmp", "Qk0="}};
  return {Message::user("look"), assistant("", {shot}), result};
}

TEST(ConverseRequest, ToolResultImagesBecomeImageBlocksInTheResult) {
  std::vector<Message> conv = tool_image_turn();
  json m = body(conv)["messages"];
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[2], json::parse(R"({"role":"user","content":[{"toolResult":{"toolUseId":"call_1","content":[
    {"text":"[image 1: image/png, about 3 bytes]"},
    {"image":{"format":"png","source":{"bytes":"AAAA"}}},
    {"text":"[an image of type image/bmp was left out: not supported]"}]}}]})"));
  EXPECT_EQ(build_converse_request_body({conv, tools(), {}}), build_converse_request_body({conv, tools(), {}}));
}

TEST(ConverseRequest, WithoutToolsToolResultImagesFollowTheirText) {
  json m = body(tool_image_turn(), {})["messages"];
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[2], json::parse(R"({"role":"user","content":[
    {"text":"[result of tool mcp__e__shot]\n[image 1: image/png, about 3 bytes]"},
    {"image":{"format":"png","source":{"bytes":"AAAA"}}},
    {"text":"[an image of type image/bmp was left out: not supported]"}]})"));
}

TEST(ConverseRequest, InvalidUtf8IsReplacedNotFatal) {
  ToolCall c{"call_1", "read_file", R"({"path":"bin"})"};
  std::string b = build_converse_request_body(
      {std::vector<Message>{Message::user("go"), assistant("", {c}), Message::tool_result(c, "\xff\xfe bytes", false)},
       tools(),
       {}});
  EXPECT_NE(b.find("bytes"), std::string::npos);
}

}  // namespace
}  // namespace pair
