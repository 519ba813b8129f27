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

}  // namespace
}  // namespace pair
