#include "acp/prompt_content.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair::acp {
namespace {
using nlohmann::json;

TEST(AcpPromptContent, TextLinksAndEmbeddedResourcesMakeOneMessage) {
  auto text = prompt_text(json::parse(R"([
    {"type":"text","text":"Explain "},
    {"type":"resource_link","uri":"file:///w/my%20file.cc","name":"my file.cc"},
    {"type":"text","text":" please"},
    {"type":"resource","resource":{"uri":"file:///w/b.cc","text":"int b;","mimeType":"text/x-c++"}}
  ])"));
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text, "Explain /w/my file.cc please\n\n<resource uri=\"/w/b.cc\">\nint b;\n</resource>");
}

TEST(AcpPromptContent, AnotherSchemeStaysAUri) {
  auto text = prompt_text(json::parse(R"([{"type":"resource_link","uri":"https://example.com/x","name":"x"}])"));
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "https://example.com/x");
  EXPECT_EQ(file_uri_path("file://localhost/a%2Fb%zz"), "/a/b%zz");
  EXPECT_EQ(file_uri_path("file://otherhost/a"), "");
}

TEST(AcpPromptContent, WhatCannotBeTakenIsAnErrorNamingTheBlock) {
  for (const char* bad : {R"({"type":"text"})", R"([{"type":"image","data":"AA==","mimeType":"image/png"}])",
                          R"([{"type":"text","text":"a"},{"type":"video"}])",
                          R"([{"type":"resource","resource":{"uri":"file:///x","blob":"AA=="}}])",
                          R"([{"type":"resource_link","name":"x"}])"}) {
    auto text = prompt_text(json::parse(bad));
    ASSERT_FALSE(text.has_value()) << bad;
    EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(text.error().message.empty());
  }
  EXPECT_NE(
      prompt_text(json::parse(R"([{"type":"text","text":"a"},{"type":"video"}])")).error().message.find("block 1"),
      std::string::npos);
}

}  // namespace
}  // namespace pair::acp
