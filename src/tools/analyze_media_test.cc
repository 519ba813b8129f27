#include "tools/analyze_media.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tools/test_support.h"
#include "util/base64.h"

namespace pair {
namespace {

using nlohmann::json;

/// A vision model that records what it was sent and answers with fixed text.
class FakeVision final : public ModelProvider {
 public:
  Result<void> stream(const ChatRequest& request, const ModelEventHandler& on_event, std::stop_token) override {
    messages.assign(request.messages.begin(), request.messages.end());
    tools = request.tools.size();
    options = request.options;
    if (error) return std::unexpected(*error);
    on_event(model_event::TextDelta{"A red "});
    on_event(model_event::ReasoningDelta{"(thinking)"});
    on_event(model_event::TextDelta{"square."});
    on_event(model_event::Finish{});
    return {};
  }
  std::string describe() const override { return "fake"; }

  std::vector<Message> messages;
  size_t tools = 99;
  GenerationOptions options;
  std::optional<Error> error;
};

std::string png(int width, int height) {
  std::string ihdr = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (int v : {width, height})
    for (int shift : {24, 16, 8, 0}) ihdr += static_cast<char>(v >> shift & 0xFF);
  return "\x89PNG\r\n\x1A\n" + ihdr + std::string("\x08\x02\x00\x00\x00", 5) + "rest of the file";
}

struct Fixture {
  Fixture() {
    auto v = std::make_unique<FakeVision>();
    vision = v.get();
    AnalyzeMediaOptions o;
    o.model_name = "smolvlm";
    o.generation.temperature = 0.1;
    o.max_bytes = 4096;
    o.max_dimension = 2000;
    tool = std::make_unique<AnalyzeMediaTool>(std::move(v), o);
  }
  ToolOutput call(const std::string& path, const std::string& query = "What is it?") {
    return testing::call(*tool, {{"media_path", path}, {"query", query}}, ws.ctx());
  }
  testing::TempWorkspace ws;
  FakeVision* vision;
  std::unique_ptr<AnalyzeMediaTool> tool;
};

TEST(AnalyzeMedia, SendsTheImageAsBase64WithItsRealType) {
  Fixture f;
  std::string bytes = png(640, 480);
  f.ws.write("shots/screen.jpg", bytes);  // the name says JPEG; the bytes say PNG
  ToolOutput out = f.call("shots/screen.jpg");
  ASSERT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "[shots/screen.jpg: PNG 640x480, 45 bytes; answered by smolvlm]\nA red square.");
  ASSERT_EQ(f.vision->messages.size(), 1u);
  const Message& m = f.vision->messages[0];
  EXPECT_EQ(m.role, Role::kUser);
  EXPECT_EQ(m.content, "What is it?");
  ASSERT_EQ(m.images.size(), 1u);
  EXPECT_EQ(m.images[0].mime_type, "image/png");
  EXPECT_EQ(m.images[0].data_base64, base64_encode(bytes));
  EXPECT_EQ(f.vision->tools, 0u);
  EXPECT_EQ(f.vision->options.temperature, 0.1);
  EXPECT_EQ(f.vision->options.max_tokens, 1024);  // a bound, so a model that never stops still ends
}

TEST(AnalyzeMedia, RefusesWhatItCannotSend) {
  Fixture f;
  EXPECT_NE(f.call("missing.png").text.find("File not found: missing.png"), std::string::npos);
  f.ws.write("notes.txt", "just text");
  EXPECT_NE(f.call("notes.txt").text.find("notes.txt is not a supported image (text)"), std::string::npos);
  f.ws.write("clip.mp4", std::string("\0\0\0\x18"
                                     "ftypmp42",
                                     12) +
                             "....");
  ToolOutput video = f.call("clip.mp4");
  EXPECT_TRUE(video.is_error);
  EXPECT_NE(video.text.find("clip.mp4 is a video"), std::string::npos) << video.text;
  EXPECT_NE(video.text.find("ffmpeg -i clip.mp4"), std::string::npos) << video.text;
  f.ws.write("big.png", png(10, 10) + std::string(5000, 'x'));
  ToolOutput big = f.call("big.png");
  EXPECT_TRUE(big.is_error);
  EXPECT_NE(
      big.text.find("big.png is 4.93 KiB, more than the 4.00 KiB limit for images. Make a smaller copy first, e.g. "
                    "`convert big.png -resize '1568x1568>'"),
      std::string::npos)
      << big.text;
  f.ws.write("wide.png", png(4000, 100));
  ToolOutput wide = f.call("wide.png");
  EXPECT_TRUE(wide.is_error);
  EXPECT_NE(wide.text.find("wide.png is 4000x100 pixels, more than the 2000 pixel limit"), std::string::npos)
      << wide.text;
  EXPECT_TRUE(f.vision->messages.empty()) << "nothing was sent";
}

TEST(AnalyzeMedia, TheVisionModelsFailureIsReported) {
  Fixture f;
  f.vision->error = Error(ErrorCode::kConnection, "cannot connect to http://localhost:8005/v1");
  f.ws.write("a.png", png(1, 1));
  ToolOutput out = f.call("a.png");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "The vision model smolvlm failed: cannot connect to http://localhost:8005/v1");
}

TEST(AnalyzeMedia, ReadsLikeAFile) {
  Fixture f;
  auto effect = f.tool->inspect(json{{"media_path", "/etc/shot.png"}, {"query", "q"}}, f.ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kRead);
  EXPECT_EQ(effect->paths.front(), "/etc/shot.png");  // outside the workspace: the policy asks
  EXPECT_EQ(effect->summary, "show /etc/shot.png to smolvlm");
}

}  // namespace
}  // namespace pair
