// AcpSession: an engine's turn as the editor sees it, with a scripted model and an editor that
// answers permission requests on a thread of its own (as the connection's reader would).
#include "app/acp_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <mutex>
#include <thread>

#include "app/acp_test_editor.h"
#include "util/scoped_env.h"

namespace pair {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

/// One answer of the model: text, or tool calls; `block` waits for the turn's cancellation.
struct Reply {
  std::string text;
  std::vector<ToolCall> calls;
  bool block = false;
};

class ScriptedProvider : public ModelProvider {
 public:
  explicit ScriptedProvider(std::deque<Reply>* replies) : replies_(replies) {}
  Result<void> stream(const ChatRequest&, const ModelEventHandler& on_event, std::stop_token stop) override {
    if (replies_->empty()) return fail(ErrorCode::kInternal, "the script ran out");
    Reply r = replies_->front();
    replies_->pop_front();
    if (r.block) {
      std::mutex mu;
      std::condition_variable_any cv;
      std::unique_lock lock(mu);
      cv.wait(lock, stop, [] { return false; });
      return fail(ErrorCode::kCancelled, "cancelled");
    }
    if (!r.text.empty()) on_event(model_event::TextDelta{r.text});
    for (const auto& c : r.calls) on_event(model_event::ToolCallDone{c});
    on_event(model_event::Finish{r.calls.empty() ? FinishReason::kStop : FinishReason::kToolCalls, ""});
    return {};
  }
  std::string describe() const override { return "scripted"; }

 private:
  std::deque<Reply>* replies_;
};

/// The editor: answers each permission request with the next answer, and serves its buffers.
class Editor {
 public:
  acp::Connection& connection() { return editor_.connection(); }
  void answer_with(std::string option) {
    std::lock_guard lock(mu_);
    answers_.push_back(std::move(option));
  }
  /// The editor's buffer of `path`: what fs/read_text_file answers, and what fs/write_text_file sets.
  void set_buffer(const fs::path& path, std::string text) {
    std::lock_guard lock(mu_);
    buffers_[path.string()] = std::move(text);
  }
  std::string buffer(const fs::path& path) {
    std::lock_guard lock(mu_);
    return buffers_[path.string()];
  }
  json response(int id) { return editor_.response(id); }
  std::vector<json> seen(std::string_view method) { return editor_.seen(method); }

 private:
  json answer(const std::string& method, const json& params) {
    std::lock_guard lock(mu_);
    std::string path = params.value("path", "");
    if (method == "fs/write_text_file") {
      buffers_[path] = params.value("content", "");
      return json::object();
    }
    if (method == "fs/read_text_file") {
      auto it = buffers_.find(path);
      if (it == buffers_.end()) return {{"error", {{"code", -32002}, {"message", "not open"}}}};
      return {{"content", it->second}};
    }
    if (method != "session/request_permission") return {{"error", {{"code", -32601}, {"message", method}}}};
    std::string option = answers_.empty() ? "reject_once" : answers_.front();
    if (!answers_.empty()) answers_.pop_front();
    return {{"outcome", {{"outcome", "selected"}, {"optionId", option}}}};
  }

  std::mutex mu_;
  std::deque<std::string> answers_;
  std::map<std::string, std::string> buffers_;
  // Last: its thread starts answering once the state above exists.
  testing::AcpTestEditor editor_{
      [this](const std::string& method, const json& params) { return answer(method, params); }};
};

class AcpSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("pair-acp-session-" + std::to_string(::getpid()));
    ws_ = root_ / "ws";
    fs::remove_all(root_);
    fs::create_directories(ws_ / ".pair");
    std::ofstream(ws_ / ".pair" / "models.json") << R"([{"name": "m", "url": "http://127.0.0.1:9/v1"}])";
    std::ofstream(ws_ / "a.txt") << "one\n";
    fs::path home = root_ / "home";
    for (auto [name, dir] : {std::pair{"HOME", home},
                             {"XDG_CONFIG_HOME", home / ".config"},
                             {"XDG_DATA_HOME", home / ".local/share"},
                             {"XDG_STATE_HOME", home / ".local/state"},
                             {"XDG_CACHE_HOME", home / ".cache"}})
      env_.emplace_back(name, dir.string());
  }
  void TearDown() override {
    env_.clear();
    fs::remove_all(root_);
  }
  std::unique_ptr<AcpSession> open(Editor& editor, acp::ClientCapabilities offers = {}) {
    EngineOptions o;
    o.workspace = ws_;
    o.provider_factory = [this](const ModelConfig&) -> Result<std::unique_ptr<ModelProvider>> {
      return std::unique_ptr<ModelProvider>(std::make_unique<ScriptedProvider>(&replies_));
    };
    auto s = AcpSession::open(editor.connection(), std::move(o), offers);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return std::move(*s);
  }
  /// One turn whose edit of a.txt ("one" → "two") the editor allows.
  void run_allowed_edit(Editor& editor, AcpSession& session) {
    replies_ = {{"", {edit("c1")}}, {"done", {}}};
    editor.answer_with("allow_once");
    ASSERT_TRUE(session.prompt(1, "fix it").has_value());
    EXPECT_EQ(editor.response(1)["result"]["stopReason"], "end_turn");
  }
  std::string disk_text() const {
    std::ifstream in(ws_ / "a.txt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static ToolCall edit(std::string id) {
    return {std::move(id), "edit_file", R"({"path":"a.txt","old_string":"one","new_string":"two"})"};
  }

  fs::path root_, ws_;
  std::list<testing::ScopedEnv> env_;
  std::deque<Reply> replies_;
};

TEST_F(AcpSessionTest, APermissionRequestNamesTheCallAndShowsItsDiff) {
  Editor editor;
  auto session = open(editor);
  run_allowed_edit(editor, *session);
  auto asked = editor.seen("session/request_permission");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0]["sessionId"], session->id());
  EXPECT_EQ(asked[0]["toolCall"]["toolCallId"], "c1");
  EXPECT_EQ(asked[0]["toolCall"]["content"][0]["oldText"], "one\n");
  EXPECT_EQ(asked[0]["toolCall"]["content"][0]["newText"], "two\n");
  json finished;
  for (const auto& u : editor.seen("session/update"))
    if (u["update"]["sessionUpdate"] == "tool_call_update" && u["update"]["status"] == "completed") finished = u;
  EXPECT_EQ(finished["update"]["content"][0]["type"], "diff") << finished;
  EXPECT_EQ(finished["update"]["content"][0]["path"], (ws_ / "a.txt").string());
}

TEST_F(AcpSessionTest, AnEditorThatOffersFilesIsAskedForTheBufferAndWritesTheEdit) {
  Editor editor;
  auto session = open(editor, {.read_text_file = true, .write_text_file = true});
  editor.set_buffer(ws_ / "a.txt", "one, unsaved\n");
  run_allowed_edit(editor, *session);
  EXPECT_EQ(editor.buffer(ws_ / "a.txt"), "two, unsaved\n");
  auto writes = editor.seen("fs/write_text_file");
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0]["sessionId"], session->id());
  EXPECT_EQ(writes[0]["path"], (ws_ / "a.txt").string());
  EXPECT_FALSE(editor.seen("fs/read_text_file").empty());
  auto asked = editor.seen("session/request_permission");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0]["toolCall"]["content"][0]["oldText"], "one, unsaved\n");  // the diff is against the buffer
  EXPECT_EQ(disk_text(), "one\n");                                             // saving is the editor's
}

TEST_F(AcpSessionTest, AnEditorThatOffersNoFilesIsNotAskedForThem) {
  Editor editor;
  auto session = open(editor);
  run_allowed_edit(editor, *session);
  EXPECT_TRUE(editor.seen("fs/read_text_file").empty());
  EXPECT_TRUE(editor.seen("fs/write_text_file").empty());
  EXPECT_EQ(disk_text(), "two\n");
}

TEST_F(AcpSessionTest, RejectAlwaysRefusesTheSameCallWithoutAskingAgain) {
  Editor editor;
  auto session = open(editor);
  replies_ = {{"", {edit("c1")}}, {"", {edit("c2")}}, {"gave up", {}}};
  editor.answer_with("reject_always");
  ASSERT_TRUE(session->prompt(1, "fix it").has_value());
  EXPECT_EQ(editor.response(1)["result"]["stopReason"], "end_turn");
  EXPECT_EQ(editor.seen("session/request_permission").size(), 1u);
  int failed = 0;
  for (const auto& u : editor.seen("session/update")) failed += u["update"].value("status", "") == "failed";
  EXPECT_EQ(failed, 2);
  std::ifstream in(ws_ / "a.txt");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "one\n");
}

TEST_F(AcpSessionTest, AStoppedLoopEndsTheTurnWithANoticeSayingWhy) {
  Editor editor;
  auto session = open(editor);
  session->send_notices(true);
  ToolCall read{"", "read_file", R"({"path":"a.txt"})"};
  for (int i = 0; i < 5; ++i) replies_.push_back({"", {read}});
  replies_.push_back({"never", {}});
  ASSERT_TRUE(session->prompt(1, "read it").has_value());
  // Not "refusal": the editor would leave the prompt out of the next one, but the conversation keeps it.
  EXPECT_EQ(editor.response(1)["result"]["stopReason"], "end_turn");
  std::string notices;
  for (const auto& u : editor.seen("session/update"))
    if (u["update"].value("sessionUpdate", "") == "notice") notices += u["update"].value("title", "") + "\n";
  EXPECT_NE(notices.find("stopped a loop: read_file was called 5 times in a row"), std::string::npos) << notices;
}

TEST_F(AcpSessionTest, ASecondPromptWhileOneRunsIsRefusedAndCancelEndsTheTurn) {
  Editor editor;
  auto session = open(editor);
  replies_ = {{"", {}, /*block=*/true}, {"again", {}}};
  ASSERT_TRUE(session->prompt(1, "wait").has_value());
  auto second = session->prompt(2, "and this");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kInvalidArgument);
  session->cancel();
  EXPECT_EQ(editor.response(1)["result"]["stopReason"], "cancelled");
  ASSERT_TRUE(session->prompt(3, "and now").has_value());
  EXPECT_EQ(editor.response(3)["result"]["stopReason"], "end_turn");
}

}  // namespace
}  // namespace pair
