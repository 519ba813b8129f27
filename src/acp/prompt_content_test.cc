#include "acp/prompt_content.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair::acp {
namespace {
using nlohmann::json;

TEST(AcpPromptContent, TextLinksAndEmbeddedResourcesMakeOneMessage) {
  auto content = prompt_content(json::parse(R"([
    {"type":"text","text":"Explain "},
    {"type":"resource_link","uri":"file:///w/my%20file.cc","name":"my file.cc"},
    {"type":"text","text":" please"},
    {"type":"resource","resource":{"uri":"file:///w/b.cc","text":"int b;","mimeType":"text/x-c++"}}
  ])"));
  ASSERT_TRUE(content.has_value()) << content.error().message;
  EXPECT_EQ(content->text, "Explain /w/my file.cc please\n\n<resource uri=\"/w/b.cc\">\nint b;\n</resource>");
  EXPECT_TRUE(content->images.empty());
}

TEST(AcpPromptContent, AnotherSchemeStaysAUri) {
  auto content = prompt_content(json::parse(R"([{"type":"resource_link","uri":"https://example.com/x","name":"x"}])"));
  ASSERT_TRUE(content.has_value());
  EXPECT_EQ(content->text, "https://example.com/x");
  EXPECT_EQ(file_uri_path("file://localhost/a%2Fb%zz"), "/a/b%zz");
  EXPECT_EQ(file_uri_path("file://otherhost/a"), "");
}

TEST(AcpPromptContent, WhatCannotBeTakenIsAnErrorNamingTheBlock) {
  for (const char* bad : {R"({"type":"text"})", R"([{"type":"image","data":"AA==","mimeType":"image/tiff"}])",
                          R"([{"type":"image","mimeType":"image/png"}])", R"([{"type":"audio","data":"AA=="}])",
                          R"([{"type":"text","text":"a"},{"type":"video"}])",
                          R"([{"type":"resource","resource":{"uri":"file:///x","blob":"AA=="}}])",
                          R"([{"type":"resource_link","name":"x"}])"}) {
    auto content = prompt_content(json::parse(bad));
    ASSERT_FALSE(content.has_value()) << bad;
    EXPECT_EQ(content.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(content.error().message.empty());
  }
  EXPECT_NE(
      prompt_content(json::parse(R"([{"type":"text","text":"a"},{"type":"video"}])")).error().message.find("block 1"),
      std::string::npos);
}

TEST(AcpPromptContent, ImagesAreKeptApartInOrder) {
  auto content = prompt_content(json::parse(R"([
    {"type":"image","data":"AAAA","mimeType":"image/png"},
    {"type":"text","text":"what is this?"},
    {"type":"image","data":"BBBB","mimeType":"image/jpeg"}
  ])"));
  ASSERT_TRUE(content.has_value()) << content.error().message;
  EXPECT_EQ(content->text, "what is this?");
  ASSERT_EQ(content->images.size(), 2u);
  EXPECT_EQ(content->images[0].mime_type, "image/png");
  EXPECT_EQ(content->images[0].data_base64, "AAAA");
  EXPECT_EQ(content->images[1].mime_type, "image/jpeg");
}

}  // namespace
}  // namespace pair::acp
