#include "core/tool_images.h"

#include <gtest/gtest.h>

#include "util/base64.h"

namespace pair {
namespace {

ImageContent image_of(size_t bytes) {
  return {"image/png", base64_encode(std::string(bytes, 'x'))};
}

Message tool_message(std::string text) {
  return Message::tool_result(ToolCall{"c1", "mcp__s__shot", "{}"}, std::move(text), false);
}

TEST(ToolImages, AModelThatTakesImagesGetsThemAll) {
  Message m = tool_message("[image 1: image/png, about 3 bytes]\n[image 2: image/png, about 6 bytes]");
  attach_tool_images(m, {image_of(3), image_of(6)}, {.model_accepts_images = true, .max_bytes = 100});
  ASSERT_EQ(m.images.size(), 2u);
  EXPECT_EQ(m.images[1].data_base64, base64_encode("xxxxxx"));
  EXPECT_EQ(m.content, "[image 1: image/png, about 3 bytes]\n[image 2: image/png, about 6 bytes]");
}

TEST(ToolImages, AModelThatTakesNoneGetsANoteForEachImage) {
  Message m = tool_message("[image 1: image/png, about 3 bytes]\n[image 2: image/png, about 3 bytes]");
  attach_tool_images(m, {image_of(3), image_of(3)}, {.model_accepts_images = false});
  EXPECT_TRUE(m.images.empty());
  std::string note = " not shown: the model in use takes no images (models.json \"vision\": true marks one that does)]";
  EXPECT_EQ(m.content, "[image 1: image/png, about 3 bytes]\n[image 2: image/png, about 3 bytes]\n[image 1" + note +
                           "\n[image 2" + note);
}

TEST(ToolImages, AnImagePastTheLimitIsDescribedAndTheRestSent) {
  Message m = tool_message("two images");
  attach_tool_images(m, {image_of(2000), image_of(10)}, {.model_accepts_images = true, .max_bytes = 1024});
  ASSERT_EQ(m.images.size(), 1u);
  EXPECT_EQ(m.images[0].data_base64, base64_encode(std::string(10, 'x')));
  EXPECT_EQ(m.content,
            "two images\n[image 1 not shown: it is 1.95 KiB, more than the 1.00 KiB limit (vision.max_image_bytes)]");
}

TEST(ToolImages, NoImagesLeavesTheMessageAlone) {
  Message m = tool_message("text");
  attach_tool_images(m, {}, {.model_accepts_images = false});
  EXPECT_EQ(m.content, "text");
  EXPECT_TRUE(m.images.empty());
}

TEST(ToolImages, AModelThatTakesNoneIsSentEarlierImagesDescribed) {
  Message user = Message::user("what is this?");
  user.images = {image_of(3)};
  Message result = tool_message("[image 1: image/png, about 6 bytes]");
  result.images = {image_of(6)};
  std::vector<Message> conv{Message::system("sys"), user, result};
  auto sent = without_images(conv, {.model_accepts_images = false});
  ASSERT_TRUE(sent.has_value());
  ASSERT_EQ(sent->size(), 3u);
  EXPECT_TRUE((*sent)[1].images.empty());
  EXPECT_TRUE((*sent)[2].images.empty());
  EXPECT_EQ((*sent)[2].content,
            "[image 1: image/png, about 6 bytes]\n[image 1 not shown: the model in use takes no images (models.json "
            "\"vision\": true marks one that does)]");
  EXPECT_EQ((*sent)[1].content.substr(0, 14), "what is this?\n");
  EXPECT_EQ(conv[2].images.size(), 1u) << "the conversation keeps its images";
  // Built again, the same bytes: the prompt prefix stays stable.
  EXPECT_EQ(without_images(conv, {.model_accepts_images = false})->at(2).content, (*sent)[2].content);
}

TEST(ToolImages, NothingToLeaveOutSendsTheConversationAsIs) {
  Message result = tool_message("[image 1: image/png, about 6 bytes]");
  result.images = {image_of(6)};
  std::vector<Message> with_image{result};
  EXPECT_FALSE(without_images(with_image, {.model_accepts_images = true}).has_value());
  std::vector<Message> text{tool_message("text")};
  EXPECT_FALSE(without_images(text, {.model_accepts_images = false}).has_value());
}

}  // namespace
}  // namespace pair
