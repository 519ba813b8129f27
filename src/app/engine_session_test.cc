// Engine: a session's life (created with the first turn, closed with its KV cache saved, write
// failures told) is the engine's, whichever front-end drives it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "app/engine.h"
#include "headless/headless_approvals.h"
#include "util/scoped_env.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

struct FakeCache : PromptCacheStore {
  std::vector<std::string> saved, restored;
  std::optional<Error> save_error;
  void pin_slot(int) override {}
  int pinned_slot() const override { return -1; }
  Result<int64_t> save(const std::string& file, std::stop_token) override {
    if (save_error) return std::unexpected(*save_error);
    saved.push_back(file);
    return 42;
  }
  Result<int64_t> restore(const std::string& file, std::stop_token) override {
    restored.push_back(file);
    return 42;
  }
};

class CachingProvider : public ModelProvider {
 public:
  explicit CachingProvider(FakeCache* cache) : cache_(cache) {}
  Result<void> stream(const ChatRequest&, const ModelEventHandler& on_event, std::stop_token stop) override {
    if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "cancelled");
    on_event(model_event::TextDelta{"ok"});
    on_event(model_event::Finish{});
    return {};
  }
  std::string describe() const override { return "caching"; }
  PromptCacheStore* prompt_cache() override { return cache_; }

 private:
  FakeCache* cache_;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class EngineSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws_ = fs::temp_directory_path() / ("pair-engine-session-" + std::to_string(::getpid()));
    fs::remove_all(ws_);
    fs::create_directories(ws_ / ".pair");
    std::ofstream(ws_ / ".pair" / "models.json") << R"([{"name": "m", "url": "http://127.0.0.1:9/v1"}])";
    config_home_.emplace("XDG_CONFIG_HOME", (ws_ / "config").string());
    state_home_.emplace("XDG_STATE_HOME", (ws_ / "state").string());
  }
  void TearDown() override {
    state_home_.reset();
    config_home_.reset();
    fs::remove_all(ws_);
  }

  std::unique_ptr<Engine> make(SessionChoice choice = {}) {
    EngineOptions o;
    o.workspace = ws_;
    o.sessions_root = ws_ / "sessions";
    o.provider_factory = [this](const ModelConfig&) -> Result<std::unique_ptr<ModelProvider>> {
      return std::unique_ptr<ModelProvider>(std::make_unique<CachingProvider>(&cache_));
    };
    auto e = Engine::create(o, approvals_, [this](const AgentEvent& ev) {
      if (const auto* n = std::get_if<agent_event::Notice>(&ev)) notices_.push_back(n->text);
    });
    EXPECT_TRUE(e.has_value()) << e.error().message;
    auto opened = (*e)->open_session(choice);
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    return std::move(*e);
  }

  size_t session_files() const {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(ws_ / "sessions", ec)) n += e.path().extension() == ".jsonl";
    return n;
  }

  bool noticed(std::string_view text) const {
    for (const auto& n : notices_)
      if (n.find(text) != std::string::npos) return true;
    return false;
  }

  fs::path ws_;
  std::optional<testing::ScopedEnv> config_home_, state_home_;
  FakeCache cache_;
  HeadlessApprovals approvals_;
  std::vector<std::string> notices_;
};

TEST_F(EngineSessionTest, ANewSessionGetsItsFileWithTheFirstTurn) {
  auto engine = make();
  EXPECT_FALSE(engine->recording());
  EXPECT_EQ(session_files(), 0u);
  engine->submit("hello");
  EXPECT_TRUE(engine->recording());
  EXPECT_EQ(session_files(), 1u);
}

TEST_F(EngineSessionTest, ClosingSavesThePromptCacheAndContinuingRestoresIt) {
  {
    auto engine = make();
    engine->submit("hello");
    EXPECT_EQ(engine->close_session(), std::nullopt);
    ASSERT_EQ(cache_.saved.size(), 1u);
    EXPECT_NE(read_all(engine->session().path).find(cache_.saved[0]), std::string::npos)
        << "the session records the saved cache";
    engine->close_session();  // idempotent
    EXPECT_EQ(cache_.saved.size(), 1u);
  }
  auto engine = make({SessionOpening::kContinueLatest, ""});
  EXPECT_TRUE(engine->resumed());
  ASSERT_TRUE(engine->prepare().has_value());
  ASSERT_EQ(cache_.restored.size(), 1u);
  EXPECT_EQ(cache_.restored[0], cache_.saved[0]);
}

TEST_F(EngineSessionTest, NothingIsSavedWithoutATurnOrAfterACancelledOne) {
  auto engine = make();
  engine->close_session();
  EXPECT_TRUE(cache_.saved.empty());
  std::stop_source stop;
  stop.request_stop();
  engine->submit("hello", stop.get_token());
  engine->close_session();
  EXPECT_TRUE(cache_.saved.empty());
}

TEST_F(EngineSessionTest, AFailedSaveIsToldButAServerWithoutSlotFilesOnlyNoticed) {
  auto engine = make();
  engine->submit("hello");
  cache_.save_error = Error(ErrorCode::kHttp, "HTTP 501 from /slots", 501);
  EXPECT_EQ(engine->close_session(), std::nullopt);
  EXPECT_TRUE(noticed("the server keeps no slot files"));
  engine->submit("again");
  cache_.save_error = Error(ErrorCode::kTimeout, "no answer from /slots in 600 s");
  auto problem = engine->close_session();
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("no answer from /slots"), std::string::npos) << *problem;
}

TEST_F(EngineSessionTest, ClearAndResumeCloseTheOpenSessionFirst) {
  auto engine = make();
  engine->submit("first");
  std::string first_id = engine->session().id;
  engine->new_conversation();
  EXPECT_EQ(cache_.saved.size(), 1u);
  engine->submit("second");
  ASSERT_TRUE(engine->resume(first_id).has_value());
  EXPECT_EQ(cache_.saved.size(), 2u);
  EXPECT_EQ(engine->session().id, first_id);
  auto listed = engine->recent_sessions(10);
  ASSERT_EQ(listed.size(), 1u);  // the open one is left out
  EXPECT_EQ(listed[0].title, "second");
}

TEST_F(EngineSessionTest, AFailedSessionWriteIsToldAndRecordingStops) {
  auto engine = make();
  engine->submit("hello");
  ASSERT_TRUE(engine->recording());
  // Writes past the file's current size fail (EFBIG) from here on.
  auto size = fs::file_size(engine->session().path);
  struct rlimit before {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
  auto old_handler = signal(SIGXFSZ, SIG_IGN);
  struct rlimit limited = before;
  limited.rlim_cur = size;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  auto switched = engine->switch_model("m");
  setrlimit(RLIMIT_FSIZE, &before);
  signal(SIGXFSZ, old_handler);
  ASSERT_TRUE(switched.has_value());
  EXPECT_TRUE(noticed("session not saved from here on")) << ::testing::PrintToString(notices_);
  EXPECT_FALSE(engine->recording());
  size_t files = session_files();
  engine->submit("more");  // no new file behind the user's back: recording stopped
  EXPECT_EQ(session_files(), files);
}

}  // namespace
}  // namespace pair
