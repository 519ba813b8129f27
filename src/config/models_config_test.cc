#include "config/models_config.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(ModelsConfig, OriginalFormatWorksUnchanged) {
  auto f = parse_models_json(R"([
  {"name": "qwen3-coder", "url": "http://localhost:8004", "modelId": "qwen3-coder-30b", "purpose": "text"},
  {"name": "smolvlm", "url": "http://localhost:8005/v1", "modelId": "SmolVLM2", "purpose": "imagevid"},
  {"name": "claude", "url": "https://bedrock-runtime.us-east-1.amazonaws.com", "modelId": "us.anthropic.claude-sonnet-4-6", "purpose": "text"}
])",
                             "models.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  ASSERT_EQ(f->models.size(), 3u);
  EXPECT_EQ(f->models[0].base_url, "http://localhost:8004/v1");
  EXPECT_EQ(f->models[1].base_url, "http://localhost:8005/v1");
  EXPECT_EQ(f->models[1].purpose, ModelPurpose::kImageVideo);
  EXPECT_EQ(f->models[2].provider, ProviderKind::kBedrock);
  EXPECT_EQ(f->models[2].base_url, "https://bedrock-runtime.us-east-1.amazonaws.com");
  EXPECT_EQ(f->models[1].line, 3u);
  EXPECT_TRUE(f->warnings.empty());
  auto def = select_model(*f, "");
  ASSERT_TRUE(def.has_value());
  EXPECT_EQ(def->name, "qwen3-coder");
  ASSERT_TRUE(vision_model(*f).has_value());
  EXPECT_EQ(vision_model(*f)->name, "smolvlm");
}

TEST(ModelsConfig, SyntaxErrorNamesLineAndColumn) {
  auto f =
      parse_models_json("[\n  {\"name\": \"a\", \"url\": \"http://x\"},\n  {\"name\": \"b\" \"url\": \"http://y\"}\n]",
                        "/p/.pair/models.json");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, ErrorCode::kConfig);
  EXPECT_NE(f.error().message.find("/p/.pair/models.json:3:"), std::string::npos) << f.error().message;
}

TEST(ModelsConfig, ANumberBeyondRangeIsAnErrorNotACrash) {
  auto f = parse_models_json(R"([{"name": "a", "url": "http://x", "ctx": 1e999}])", "/p/models.json");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("/p/models.json: not valid JSON"), std::string::npos) << f.error().message;
}

TEST(ModelsConfig, WrongFieldTypeNamesTheLineOfTheField) {
  auto f = parse_models_json(R"([
  {"name": "a", "url": "http://x"},
  {"name": "b",
   "url": "http://y",
   "temperature": "hot"}
])",
                             "m.json");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("m.json:5: entry 2 (\"b\"): \"temperature\" must be a number"), std::string::npos)
      << f.error().message;
}

TEST(ModelsConfig, ReasoningBudgetAndEffort) {
  auto f = parse_models_json(R"([{"name": "a", "url": "http://x", "reasoning": {"budget": 2048, "effort": "high"}},
  {"name": "b", "url": "http://x", "reasoning": {"budget": -1}},
  {"name": "c", "url": "http://x"}])",
                             "m.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->models[0].reasoning_budget, 2048);
  EXPECT_EQ(f->models[0].reasoning_effort, "high");
  EXPECT_EQ(f->models[1].reasoning_budget, -1);
  EXPECT_EQ(f->models[1].reasoning_effort, "");
  EXPECT_FALSE(f->models[2].reasoning_budget.has_value());
  EXPECT_TRUE(f->warnings.empty()) << "reasoning is a known field";
  for (const auto& [text, says] : std::vector<std::pair<std::string, std::string>>{
           {R"("reasoning": 2048)", "\"reasoning\" must be an object"},
           {R"("reasoning": {"budget": -2})", "\"reasoning.budget\" must be a whole number of tokens"},
           {R"("reasoning": {"budget": "lots"})", "\"reasoning.budget\" must be a whole number of tokens"},
           {R"("reasoning": {"effort": "extreme"})", "\"reasoning.effort\" must be one of none, minimal, low"},
           {R"("reasoning": {"effrot": "low"})", "unknown field \"reasoning.effrot\""}}) {
    auto bad = parse_models_json("[{\"name\": \"a\", \"url\": \"http://x\",\n " + text + "}]", "m.json");
    ASSERT_FALSE(bad.has_value()) << text;
    EXPECT_NE(bad.error().message.find("m.json:2: entry 1 (\"a\"): " + says), std::string::npos) << bad.error().message;
  }
}

TEST(ModelsConfig, MissingFieldsAndBadValues) {
  auto no_url = parse_models_json(R"([{"name": "a"}])", "m.json");
  ASSERT_FALSE(no_url.has_value());
  EXPECT_NE(no_url.error().message.find("\"url\" is required"), std::string::npos);
  auto bad_purpose = parse_models_json(R"([{"name": "a", "url": "http://x", "purpose": "vision"}])", "m.json");
  ASSERT_FALSE(bad_purpose.has_value());
  EXPECT_NE(bad_purpose.error().message.find("\"purpose\" must be \"text\" or \"imagevid\""), std::string::npos);
  auto dup = parse_models_json(R"([{"name": "a", "url": "http://x"}, {"name": "a", "url": "http://y"}])", "m.json");
  ASSERT_FALSE(dup.has_value());
  EXPECT_NE(dup.error().message.find("more than one entry"), std::string::npos);
  auto bad_url = parse_models_json(R"([{"name": "a", "url": "localhost:8004"}])", "m.json");
  ASSERT_FALSE(bad_url.has_value());
  EXPECT_NE(bad_url.error().message.find("not a URL"), std::string::npos);
  EXPECT_FALSE(parse_models_json("{}", "m.json").has_value());
  EXPECT_FALSE(parse_models_json("[]", "m.json").has_value());
}

TEST(ModelsConfig, ExtensionsAndUnknownFieldWarnings) {
  auto f = parse_models_json(R"({"models": [
  {"name": "o", "url": "https://api.openai.com/v1/", "modelId": "gpt-5", "api_key_env": "OPENAI_API_KEY",
   "context_window": 128000, "max_tokens": 4096, "temprature": 0.2, "headers": {"X-A": "b"}, "default": true},
  {"name": "l", "url": "http://127.0.0.1:8080"}
]})",
                             "m.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->models[0].base_url, "https://api.openai.com/v1");
  EXPECT_EQ(f->models[0].context_window, 128000);
  EXPECT_EQ(f->models[0].headers, std::vector<std::string>{"X-A: b"});
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_NE(f->warnings[0].find("m.json:3: entry \"o\": unknown field \"temprature\""), std::string::npos)
      << f->warnings[0];
  EXPECT_EQ(select_model(*f, "")->name, "o");  // "default": true wins over order
  auto missing = select_model(*f, "nope");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("available: o, l"), std::string::npos);
}

TEST(ModelsConfig, UnknownFieldsMakeOneNoticeForTheFile) {
  auto f = parse_models_json(R"([
  {"name": "a", "url": "http://localhost:8004", "temprature": 0.2},
  {"name": "b", "url": "http://localhost:8004", "max_token": 9, "colour": "red"}
])",
                             "m.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->warnings.size(), 3u) << "one per field, for pair doctor";
  ASSERT_EQ(f->notices.size(), 1u);
  EXPECT_EQ(f->notices[0].find("m.json: 3 unknown fields ignored: \"temprature\" (line 2), "), 0u) << f->notices[0];
  EXPECT_NE(f->notices[0].find("\"colour\" (line 3)"), std::string::npos) << f->notices[0];
}

TEST(ModelsConfig, VisionField) {
  auto f = parse_models_json(R"([
  {"name": "qwen-vl", "url": "http://localhost:8004", "vision": true},
  {"name": "coder", "url": "http://localhost:8004"},
  {"name": "smolvlm", "url": "http://localhost:8005", "purpose": "imagevid"}
])",
                             "m.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_TRUE(f->warnings.empty());
  EXPECT_TRUE(accepts_images(f->models[0]));
  EXPECT_FALSE(accepts_images(f->models[1]));
  EXPECT_TRUE(accepts_images(f->models[2]));
  auto bad = parse_models_json(R"([{"name": "x", "url": "http://h", "vision": "yes"}])", "m.json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("\"vision\" must be true or false"), std::string::npos) << bad.error().message;
}

TEST(ModelsConfig, DefaultIsALocalLlamaServer) {
  auto m = default_local_model();
  EXPECT_EQ(m.base_url, "http://localhost:8004/v1");
  EXPECT_EQ(m.provider, ProviderKind::kOpenAI);
}

}  // namespace
}  // namespace pair
