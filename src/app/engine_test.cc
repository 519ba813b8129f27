// Engine: warm-up sends exactly the prefix of the first real request.
#include "app/engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <list>

#include "config/project_trust.h"
#include "core/prompt.h"
#include "headless/headless_approvals.h"
#include "util/paths.h"
#include "util/scoped_env.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

struct Sent {
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
  GenerationOptions options;
};

class RecordingProvider : public ModelProvider {
 public:
  explicit RecordingProvider(std::vector<Sent>* log) : log_(log) {}
  Result<void> stream(const ChatRequest& rq, const ModelEventHandler& on_event, std::stop_token) override {
    log_->push_back({{rq.messages.begin(), rq.messages.end()}, {rq.tools.begin(), rq.tools.end()}, rq.options});
    on_event(model_event::TextDelta{"ok"});
    on_event(model_event::Timings{ServerTimings{.prompt_n = 12, .cache_n = 800, .predicted_n = 1, .prompt_ms = 5.0}});
    on_event(model_event::Finish{});
    return {};
  }
  std::string describe() const override { return "recording"; }

 private:
  std::vector<Sent>* log_;
};

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("pair-engine-" + std::to_string(::getpid()));
    ws_ = root_ / "ws";
    fs::remove_all(root_);
    fs::create_directories(ws_ / ".pair");
    std::ofstream(ws_ / ".pair" / "models.json") << R"([{"name": "m", "url": ")" << url_ << R"("}])";
    std::ofstream(ws_ / "AGENTS.md") << "Run the tests with make test.\n";
    // The user's own files (settings, models, trust records, sessions, server state) live in the
    // test's directory: the real ~/.config/pair/settings.json must not change what a test sees.
    if (user_dirs_.empty()) {
      fs::path home = root_ / "home";
      user_dirs_.emplace_back("HOME", home.string());
      user_dirs_.emplace_back("XDG_CONFIG_HOME", (home / ".config").string());
      user_dirs_.emplace_back("XDG_DATA_HOME", (home / ".local/share").string());
      user_dirs_.emplace_back("XDG_STATE_HOME", (home / ".local/state").string());
      user_dirs_.emplace_back("XDG_CACHE_HOME", (home / ".cache").string());
    }
  }
  void TearDown() override {
    user_dirs_.clear();
    fs::remove_all(root_);
  }

  std::unique_ptr<Engine> make() {
    EngineOptions o;
    o.workspace = ws_;
    o.provider_factory = [this](const ModelConfig&) -> Result<std::unique_ptr<ModelProvider>> {
      return std::unique_ptr<ModelProvider>(std::make_unique<RecordingProvider>(&sent_));
    };
    auto e = Engine::create(o, approvals_, [](const AgentEvent&) {});
    EXPECT_TRUE(e.has_value()) << e.error().message;
    return std::move(*e);
  }

  fs::path root_;  ///< the workspace and the user's home, side by side
  fs::path ws_;
  std::list<testing::ScopedEnv> user_dirs_;  ///< a list: ScopedEnv neither moves nor copies
  std::string url_ = "http://127.0.0.1:9/v1";
  std::vector<Sent> sent_;
  HeadlessApprovals approvals_;
};

TEST_F(EngineTest, TheUsersDirectoriesAreTheTests) {
  for (const fs::path& dir : {home_dir(), config_dir(), data_dir(), state_dir(), cache_dir()})
    EXPECT_TRUE(dir.string().starts_with((root_ / "home").string())) << dir;
}

TEST_F(EngineTest, WarmUpSendsTheFirstRequestsPrefixGatheredOnce) {
  auto engine = make();
  auto warm = engine->warm_up();
  ASSERT_TRUE(warm.has_value()) << warm.error().message;
  EXPECT_TRUE(warm->sent);
  EXPECT_EQ(warm->prompt_tokens, 812);
  ASSERT_EQ(sent_.size(), 1u);
  const Sent w = sent_[0];  // a copy: sent_ grows
  EXPECT_EQ(w.options.max_tokens, 1);
  ASSERT_EQ(w.messages.size(), 2u);
  EXPECT_EQ(w.messages[0].role, Role::kSystem);
  EXPECT_EQ(w.messages[1].role, Role::kUser);
  EXPECT_TRUE(w.messages[1].content.starts_with("<context>\n")) << w.messages[1].content;
  EXPECT_NE(w.messages[1].content.find("Run the tests with make test."), std::string::npos);

  // The workspace changes between the warm-up and the first turn (a new file: git status, AGENTS.md);
  // the first turn still sends the bytes the warm-up sent, so the server's cache covers them.
  std::ofstream(ws_ / "AGENTS.md") << "Changed after the warm-up.\n";
  engine->submit("fix the bug");
  ASSERT_EQ(sent_.size(), 2u);
  const Sent& first = sent_[1];
  ASSERT_EQ(first.messages.size(), 2u);
  EXPECT_EQ(first.messages[0].content, w.messages[0].content);
  EXPECT_EQ(first.messages[1].content, w.messages[1].content + "fix the bug");
  ASSERT_EQ(first.tools.size(), w.tools.size());
  for (size_t i = 0; i < w.tools.size(); ++i) EXPECT_EQ(first.tools[i].name, w.tools[i].name);
  EXPECT_NE(first.options.max_tokens, 1);

  // After the first turn a warm-up has nothing to do.
  auto later = engine->warm_up();
  ASSERT_TRUE(later.has_value());
  EXPECT_FALSE(later->sent);
  EXPECT_EQ(sent_.size(), 2u);
}

TEST_F(EngineTest, WithoutWarmUpTheFirstMessageIsTheSame) {
  auto engine = make();
  engine->submit("fix the bug");
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_TRUE(sent_[0].messages[1].content.starts_with("<context>\n"));
  EXPECT_TRUE(sent_[0].messages[1].content.ends_with("</context>\n\nfix the bug"));
}

TEST_F(EngineTest, ReadsSettingsOnceAndReportsValuesOfTheWrongType) {
  fs::create_directories(config_dir());
  std::ofstream(config_dir() / "settings.json")
      << R"({"context": {"compact_at": "high"}, "sandbox": {"enabled": false}, "ui": {"warm_up": 0}})";
  std::vector<std::string> warnings;
  EngineOptions o;
  o.workspace = ws_;
  o.provider_factory = [this](const ModelConfig&) -> Result<std::unique_ptr<ModelProvider>> {
    return std::unique_ptr<ModelProvider>(std::make_unique<RecordingProvider>(&sent_));
  };
  auto engine = Engine::create(o, approvals_, [&](const AgentEvent& e) {
    if (const auto* w = std::get_if<agent_event::Warning>(&e)) warnings.push_back(w->text);
  });
  ASSERT_TRUE(engine.has_value()) << engine.error().message;
  const SettingsView& view = (*engine)->settings_view();
  EXPECT_FALSE(view.sandbox.enabled);
  EXPECT_DOUBLE_EQ(view.context.compact_at, 0.8);
  EXPECT_TRUE(view.ui.warm_up);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("/ui/warm_up"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("/context/compact_at"), std::string::npos) << warnings[1];
}

TEST_F(EngineTest, NoWarmUpForRemoteModels) {
  url_ = "https://api.openai.com/v1";
  SetUp();
  ASSERT_TRUE(trust_project(ws_).has_value());  // a remote entry of a project is used only when trusted
  auto engine = make();
  auto warm = engine->warm_up();
  ASSERT_TRUE(warm.has_value());
  EXPECT_FALSE(warm->sent);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(EngineTest, ReloadModelsReadsEditsAndKeepsTheListWhenTheFileIsInvalid) {
  auto engine = make();
  ASSERT_EQ(engine->models().models.size(), 1u);
  std::ofstream(ws_ / ".pair" / "models.json") << R"([{"name": "m", "url": ")" << url_ << R"("},
 {"name": "added", "url": "http://127.0.0.1:10/v1"}])";
  ASSERT_TRUE(engine->reload_models().has_value());
  ASSERT_EQ(engine->models().models.size(), 2u);
  EXPECT_EQ(engine->models().models[1].name, "added");
  EXPECT_TRUE(engine->switch_model("added").has_value());

  std::ofstream(ws_ / ".pair" / "models.json") << "[{\"name\": \"broken\",\n \"url\": }]";
  auto r = engine->reload_models();
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find((ws_ / ".pair" / "models.json").string() + ":2"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(engine->models().models.size(), 2u);  // as read before
  EXPECT_EQ(engine->model().name, "added");
}

}  // namespace
}  // namespace pair
